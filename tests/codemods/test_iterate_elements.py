"""iterate-elements: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import libcst as cst
import pytest

from golf.codemods import Applied, Refused
from golf.codemods.iterate_elements import TECHNIQUE as ITERATE_ELEMENTS
from golf.codemods.technique import run_technique

from .helpers import assert_changes, assert_refuses

#: A line of the shrink output: the inner `j` loop's sequence `n[t]` becomes the outer loop's `t`.
ATTENTION = "D=I([sum(B[j]*n[t][j]for j in range(u))/u**.5 for t in range(len(n))])\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("x = [a[i] for i in range(len(a))]\n", "x = [i for i in a]\n", id="one-sequence"),
        pytest.param("x = [a[i] * 2 for i in range(n)]\n", "x = [i * 2 for i in a]\n", id="range-of-a-count"),
        pytest.param("x = [p.w[i] for i in range(n)]\n", "x = [i for i in p.w]\n", id="attribute-sequence"),
        pytest.param(
            "x = [a[i] + b[i] for i in range(len(a))]\n", "x = [i + c for i,c in zip(a,b)]\n", id="zip-fresh-name"
        ),
        pytest.param(
            "x = [a[i] * a[i] + b[i] for i in range(n)]\n",
            "x = [i * i + c for i,c in zip(a,b)]\n",
            id="same-code-same-name",
        ),
        pytest.param(
            "x = [a[i] for i in range(n) if b[i] > 0]\n", "x = [i for i,c in zip(a,b) if c > 0]\n", id="condition"
        ),
        pytest.param("d = {k[i]: v[i] for i in range(len(k))}\n", "d = {i: a for i,a in zip(k,v)}\n", id="dict"),
        pytest.param(ATTENTION, "D=I([sum(j*a for j,a in zip(B,t))/u**.5 for t in n])\n", id="nested-generator"),
        pytest.param(
            "m.extend([sum(D[t]*r[t][j]for t in range(len(r)))for j in range(u)])\n",
            "m.extend([sum(t*a[j]for t,a in zip(D,r))for j in range(u)])\n",
            id="outer-loop-indexes-an-inner-variable",
        ),
        pytest.param(
            "y = [x[i][j] for i in range(len(x)) for j in range(len(x[i]))]\n",
            "y = [j for i in x for j in i]\n",
            id="two-clauses",
        ),
        pytest.param("x = [a[i]for i in range(n)]\n", "x = [i for i in a]\n", id="space-before-for"),
        pytest.param("x = [1 for i in range(n)if a[i]]\n", "x = [1 for i in a if i]\n", id="space-before-if"),
        pytest.param(
            "x = [a[i]if b[i]else 0 for i in range(n)]\n",
            "x = [i if c else 0 for i,c in zip(a,b)]\n",
            id="space-in-conditional",
        ),
        pytest.param("x = [a[i]in b for i in range(n)]\n", "x = [i in b for i in a]\n", id="space-before-in"),
        pytest.param("x = [a[i]or 1 for i in range(n)]\n", "x = [i or 1 for i in a]\n", id="space-before-or"),
        pytest.param("x = [a[i] for i in(range(n))]\n", "x = [i for i in a]\n", id="parenthesised-range"),
        pytest.param("x = [(a[i])for i in range(n)]\n", "x = [(i)for i in a]\n", id="parentheses-kept"),
    ],
)
def test_changes(before: str, after: str) -> None:
    assert_changes(ITERATE_ELEMENTS, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param("x = [a[i + 1] for i in range(n)]\n", "used other than as the index", id="shifted-index"),
        pytest.param("x = [a[i] * i for i in range(n)]\n", "used other than as the index", id="bare-variable"),
        pytest.param("x = [a[i:] for i in range(n)]\n", "used other than as the index", id="slice"),
        pytest.param("x = [a[i, 0] for i in range(n)]\n", "used other than as the index", id="two-indexes"),
        pytest.param("x = [a[i][i] for i in range(n)]\n", "depends on the loop", id="sequence-reads-variable"),
        pytest.param(  # the guard that keeps the outer `j` loop of the shrink output as it is
            "m.extend([sum(t*a[j]for t,a in zip(D,r))for j in range(u)])\n",
            "the sequence a depends on the loop",
            id="sequence-bound-inside",
        ),
        pytest.param("x = [f()[i] for i in range(n)]\n", "has a call", id="sequence-calls"),
        pytest.param("x = [0 for i in range(n) for a[i] in b]\n", "is stored to", id="store"),
        pytest.param("x = [[a[i] for i in b] for i in range(n)]\n", "rebound inside", id="rebound"),
        pytest.param("x = [0 for i in range(n)]\n", "never used", id="unused"),
        pytest.param("x = [a[i] for i in range(1, n)]\n", "one-argument range", id="start"),
        pytest.param("x = [a[i] for i in range(n, m, 2)]\n", "one-argument range", id="step"),
        pytest.param("x = [(y := a[i]) for i in range(n)]\n", "walrus", id="walrus"),
        pytest.param('x = [f"{a[i]=}" for i in range(n)]\n', "f-string", id="debug-f-string"),
        pytest.param("class A:\n    x = [a[i] for i in range(n)]\n", "class body", id="class-body"),
        pytest.param("range = f\nx = [a[i] for i in range(n)]\n", "binds range", id="range-rebound"),
        pytest.param("def zip(): pass\nx = [a[i] for i in range(n)]\n", "binds zip", id="zip-rebound"),
        pytest.param("x = [a[i] for i in range(n)]\ny = locals()\n", "uses locals", id="introspection"),
        pytest.param("for i in range(n):\n    print(a[i])\n", "no comprehension", id="for-statement-kept"),
    ],
)
def test_refuses(before: str, reason: str) -> None:
    assert_refuses(ITERATE_ELEMENTS, before, reason)


def test_one_application_finishes_the_job() -> None:
    module = cst.parse_module(ATTENTION)
    assert ITERATE_ELEMENTS.trial
    assert ITERATE_ELEMENTS.candidates(module) == [{}]
    outcome = run_technique(ITERATE_ELEMENTS, ATTENTION)
    assert isinstance(outcome, Applied)
    assert ITERATE_ELEMENTS.candidates(cst.parse_module(outcome.source)) == []
    assert isinstance(run_technique(ITERATE_ELEMENTS, outcome.source), Refused)
