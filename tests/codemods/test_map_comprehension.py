"""map-comprehension: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from golf.codemods import Applied
from golf.codemods.map_comprehension import TECHNIQUE as MAP_COMPREHENSION
from golf.codemods.technique import run_technique

from .helpers import assert_changes_offered, assert_refuses_unoffered


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("y = [f(x) for x in xs]\n", "y = [*map(f,xs)]\n", id="list"),
        pytest.param("y = {f(x) for x in xs}\n", "y = {*map(f,xs)}\n", id="set"),
        pytest.param("y = sum(f(x) for x in xs)\n", "y = sum(map(f,xs))\n", id="generator-sole-argument"),
        pytest.param("y = g((f(x) for x in xs), 1)\n", "y = g(map(f,xs), 1)\n", id="generator-in-parentheses"),
        pytest.param("y = [f(a, b) for a, b in zip(p, q)]\n", "y = [*map(f,p,q)]\n", id="zip"),
        pytest.param("y = [f(a, b) for (a, b) in zip(p, q)]\n", "y = [*map(f,p,q)]\n", id="zip-parenthesized"),
        pytest.param(
            "M=[E]+[D.index(a)for a in A[B%len(A)]]+[E]\n", "M=[E]+[*map(D.index,A[B%len(A)])]+[E]\n", id="target"
        ),
        pytest.param("y = [a, *[f(x) for x in xs]]\n", "y = [a, *map(f,xs)]\n", id="starred-in-display"),
        pytest.param("g(*[f(x) for x in xs])\n", "g(*map(f,xs))\n", id="starred-argument"),
        pytest.param("y = [a.b.c(x) for x in x]\n", "y = [*map(a.b.c,x)]\n", id="attribute-chain"),
        pytest.param("class C:\n    y = [f(x) for x in xs]\n", "class C:\n    y = [*map(f,xs)]\n", id="class-free"),
        pytest.param(
            "class C:\n    f = 1\n    def m(self): return [self.f(x) for x in xs]\n",
            "class C:\n    f = 1\n    def m(self): return [*map(self.f,xs)]\n",
            id="method-self",
        ),
    ],
)
def test_map_comprehension_changes(before: str, after: str) -> None:
    assert_changes_offered(MAP_COMPREHENSION, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param("y = [x.f(x) for x in xs]\n", "depends on the loop variable", id="callable-reads-variable"),
        pytest.param("class C:\n    f = g\n    y = [f(x) for x in xs]\n", "enclosing class", id="class-binds-f"),
        pytest.param("map = dict\ny = [f(x) for x in xs]\n", "map is bound", id="map-rebound"),
        pytest.param("def zip(*a): pass\ny = [f(a, b) for a, b in zip(p, q)]\n", "zip is bound", id="zip-rebound"),
        pytest.param("y = [f(x) for x in xs]\neval('1')\n", "uses eval", id="names-as-strings"),
        pytest.param("from numpy import *\ny = [f(x) for x in xs]\n", "could bind any name", id="unknown-star"),
        pytest.param("y = [f(x) for x in xs if x]\n", "no comprehension", id="condition"),
        pytest.param("y = [f(x) for y in ys for x in y]\n", "no comprehension", id="two-clauses"),
        pytest.param("async def g():\n    return [f(x) async for x in xs]\n", "no comprehension", id="async"),
        pytest.param("y = [f(x, 1) for x in xs]\n", "no comprehension", id="extra-argument"),
        pytest.param("y = [f(k=x) for x in xs]\n", "no comprehension", id="keyword"),
        pytest.param("y = [f(*x) for x in xs]\n", "no comprehension", id="starred"),
        pytest.param("y = [f(b, a) for a, b in zip(p, q)]\n", "no comprehension", id="swapped"),
        pytest.param("y = [f(a, a) for a, a in zip(p, q)]\n", "no comprehension", id="repeated-variable"),
        pytest.param("y = [f(a, b) for a, b in zip(p, q, strict=True)]\n", "no comprehension", id="zip-keyword"),
        pytest.param("y = [f(a, b) for a, b in pairs]\n", "no comprehension", id="tuple-not-zip"),
        pytest.param("y = [f(x)(x) for x in xs]\n", "no comprehension", id="callable-not-a-name"),
        pytest.param("y = {f(x): x for x in xs}\n", "no comprehension", id="dict"),
        pytest.param("y = (f(x) for x in xs)\n", "no comprehension", id="generator-not-an-argument"),
    ],
)
def test_map_comprehension_refuses(before: str, reason: str) -> None:
    assert_refuses_unoffered(MAP_COMPREHENSION, before, reason)


def test_map_comprehension_unpacked_set_stays_a_set() -> None:
    # `[*{f(x) for x in xs}]` drops repeats: only the set itself becomes `{*map(...)}`, never `*map`.
    outcome = run_technique(MAP_COMPREHENSION, "y = [*{f(x) for x in xs}]\n")
    assert isinstance(outcome, Applied), outcome
    assert outcome.source == "y = [*{*map(f,xs)}]\n"
