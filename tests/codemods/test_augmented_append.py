"""augmented-append: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import libcst as cst
import pytest

from golf.codemods.augmented_append import TECHNIQUE as AUGMENTED_APPEND
from golf.codemods.in_place import adds
from golf.codemods.names import declared_names

from .helpers import (
    assert_changes,
    assert_changes_offered,
    assert_refuses,
    assert_refuses_unoffered,
    run_both,
)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("def S(j,f):k=j;f.append(k);f.append(j)\n", "def S(j,f):k=j;f+=k,;f+=j,\n", id="parameter"),
        pytest.param("i=[]\ni.extend([1, 2])\n", "i=[]\ni+=[1, 2]\n", id="extend-module-level"),
        pytest.param("def f():\n    i=[]\n    i.extend(g())\n", "def f():\n    i=[]\n    i+=g()\n", id="extend-local"),
        pytest.param("def f(): a.b.append(x)\n", "def f(): a.b+=x,\n", id="attribute-of-a-global"),
        pytest.param("def f(k): keys[li].append(k)\n", "def f(k): keys[li]+=k,\n", id="index-of-a-global"),
        pytest.param("x.append((1, 2))\n", "x+=(1, 2),\n", id="tuple"),
        pytest.param("x.append(a if b else c)\n", "x+=a if b else c,\n", id="conditional"),
        pytest.param("x.append(lambda: 1)\n", "x+=lambda: 1,\n", id="lambda"),
        pytest.param("x.append(y := 1)\n", "x+=(y := 1),\n", id="walrus-parenthesized"),
        pytest.param("x.append(a for a in b)\n", "x+=(a for a in b),\n", id="generator-append"),
        pytest.param("x.extend(a for a in b)\n", "x+=(a for a in b)\n", id="generator-extend"),
        pytest.param("x.extend(y := b)\n", "x+=(y := b)\n", id="walrus-extend"),
        pytest.param("def g(x): x.append((yield))\n", "def g(x): x+=(yield),\n", id="yield"),
        pytest.param("x.append(a +\n  b)\n", "x+=(a +\n  b),\n", id="multi-line-argument"),
        pytest.param("class A:\n    x = []\n    x.append(1)\n", "class A:\n    x = []\n    x+=1,\n", id="class-body"),
        pytest.param("for a in b:\n    x.append(a)  # keep\n", "for a in b:\n    x+=a,  # keep\n", id="comment"),
    ],
)
def test_augmented_append_changes(before: str, after: str) -> None:
    assert_changes_offered(AUGMENTED_APPEND, before, after)


def test_augmented_append_receivers() -> None:
    assert_changes(AUGMENTED_APPEND, "def S(j,f,g):k=j;f.append(k);g.append(j)\n", "def S(j,f,g):k=j;f+=k,;g+=j,\n")
    assert_changes(AUGMENTED_APPEND, "a.append(1);b.c.append(2)\n", "a.append(1);b.c+=2,\n", {"receiver": "b.c"})


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        # `x+=` would make x local to f: UnboundLocalError. The exactness guard.
        pytest.param("x=[]\ndef f():\n    x.append(1)\n", "would make it local", id="global-read-in-function"),
        pytest.param("def f(x):\n    def g():\n        x.append(1)\n", "would make it local", id="closure"),
        pytest.param("class A:\n    x.append(1)\n", "would make it local", id="class-body-unbound"),
        pytest.param("def f():\n    global x\n    x=[]\n    x.append(1)\n", "declared global", id="global"),
        pytest.param("def f(x):\n    def g():\n        nonlocal x\n        x.append(1)\n", "nonlocal", id="nonlocal"),
        pytest.param("def f(x): x.append(x := [])\n", "binds x with :=", id="walrus-binds-receiver"),
        pytest.param("a[1:].append(1)\n", "no `X.append(E)`", id="slice"),
        pytest.param("a[1, 2].append(1)\n", "no `X.append(E)`", id="tuple-index"),
        pytest.param("f().append(1)\n", "no `X.append(E)`", id="call-receiver"),
        pytest.param("x.append(*a)\nx.extend(a, b)\nx.append(object=1)\n", "no `X.append(E)`", id="arguments"),
        pytest.param("y = x.append(1)\nx.insert(0, 1)\n", "no `X.append(E)`", id="not-a-statement"),
        # Python warns about the argument (an invalid escape): no codemod writes such code.
        pytest.param('x.append("\\d")\n', "cannot be written after +=", id="warning"),
    ],
)
def test_augmented_append_refuses(before: str, reason: str) -> None:
    assert_refuses_unoffered(AUGMENTED_APPEND, before, reason)


def test_augmented_append_other_receiver() -> None:
    assert_refuses(AUGMENTED_APPEND, "a.append(1)\n", "statement of b", {"receiver": "b"})


def test_adds_checks_the_statement_against_its_parts() -> None:
    x, e = cst.Name("x"), cst.parse_expression("a if b else c")
    assert adds("x+=(a if b else c),", x, e, one=True)
    assert adds("x+=a if b else c,", x, e, one=True)
    assert not adds("x+=(a if b else c)", x, e, one=True)  # not a one-item tuple
    assert adds("x+=(a if b else c)", x, e, one=False)
    assert not adds("x+=yield a,", x, cst.parse_expression("(yield a)"), one=True)  # `yield (a,)`
    assert not adds("x+=(a if b else c),", cst.Name("y"), e, one=True)
    assert not adds('x+=("\\d"),', x, cst.parse_expression('"\\d"'), one=True)  # Python warns


def test_declared_names() -> None:
    module = cst.parse_module("def f():\n    global a, b\n    def g():\n        nonlocal c\nd = 1\n")
    assert declared_names(module) == {"a", "b", "c"}


def test_augmented_append_candidates() -> None:
    assert AUGMENTED_APPEND.trial
    module = cst.parse_module("a.append(1);b.c.append(2);a.extend(b)\n")
    assert AUGMENTED_APPEND.candidates(module) == [{}, {"receiver": "a"}, {"receiver": "b.c"}]


def test_augmented_append_runs_the_same() -> None:
    before = "x=[];x.append(a for a in 'ab');x.append(y:=3);x.extend(y for y in 'cd');x.append((1,2))\n"
    before += "x.append(lambda:5)\n"
    results = []
    for scope in run_both(AUGMENTED_APPEND, before):
        x = scope["x"]
        results.append([list(x[0]), *x[1:4], x[4], x[5]()])  # type: ignore[index]
    assert results[0] == results[1]
