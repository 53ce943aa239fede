"""sum-flatten: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from golf.codemods.sum_flatten import TECHNIQUE as SUM_FLATTEN

from .helpers import assert_changes_offered, assert_refuses_unoffered, run_both


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("y = [x for a in L for x in a]\n", "y = sum(L,[])\n", id="one-level"),
        pytest.param("G=[p for a in[H,P,R]for b in a for p in b]\n", "G=sum(sum([H,P,R],[]),[])\n", id="two-levels"),
        pytest.param("y = [p for a in d.values() for p in a]\n", "y = sum(d.values(),[])\n", id="call"),
        pytest.param("y = [x for a in (L) for x in a]\n", "y = sum(L,[])\n", id="parens-dropped"),
        pytest.param("y = [x for a in (1, 2) for x in a]\n", "y = sum((1, 2),[])\n", id="tuple-keeps-parens"),
        pytest.param("y = len([x for a in L for x in a])\n", "y = len(sum(L,[]))\n", id="nested-in-call"),
        pytest.param("y = [x for a in [x for b in M for x in b] for x in a]\n", "y = sum(sum(M,[]),[])\n", id="nested"),
        # Squeezed whitespace: a keyword right before the brackets gets a space, not `returnsum`.
        pytest.param("def f(L):return[x for a in L for x in a]\n", "def f(L):return sum(L,[])\n", id="after-return"),
        pytest.param("for g in[x for a in L for x in a]:f(g)\n", "for g in sum(L,[]):f(g)\n", id="after-for-in"),
        pytest.param("y=0 if c else[x for a in L for x in a]\n", "y=0 if c else sum(L,[])\n", id="after-else"),
        pytest.param("y=1 in[x for a in L for x in a]\n", "y=1 in sum(L,[])\n", id="after-in"),
        pytest.param("y=[x for a in L for x in a]if c else 0\n", "y=sum(L,[])if c else 0\n", id="before-if"),
    ],
)
def test_sum_flatten_changes(before: str, after: str) -> None:
    assert_changes_offered(SUM_FLATTEN, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param("sum = 1\ny = [x for a in L for x in a]\n", "sum is bound", id="sum-rebound"),
        pytest.param("def f(sum): return [x for a in L for x in a]\n", "sum is bound", id="sum-parameter"),
        pytest.param("from foo import *\ny = [x for a in L for x in a]\n", "could bind any name", id="star-import"),
        pytest.param("y = [x for a in L for x in a if x]\n", "only flattens", id="if"),
        pytest.param("y = [x for a in L for x in b]\n", "only flattens", id="other-iterable"),
        pytest.param("y = [a for a in L for x in a]\n", "only flattens", id="element-not-last"),
        pytest.param("y = [x+1 for a in L for x in a]\n", "only flattens", id="element-computed"),
        pytest.param("y = [a for a in L for a in a]\n", "only flattens", id="target-reused"),
        pytest.param("y = [y for a, b in L for y in a]\n", "only flattens", id="tuple-target"),
        pytest.param("y = [x for a in L]\n", "only flattens", id="one-clause"),
        pytest.param("y = {x for a in L for x in a}\n", "only flattens", id="set-comprehension"),
        pytest.param("async def f():\n    return [x async for a in L for x in a]\n", "only flattens", id="async-for"),
    ],
)
def test_sum_flatten_refuses(before: str, reason: str) -> None:
    assert_refuses_unoffered(SUM_FLATTEN, before, reason)


def test_sum_flatten_is_a_trial_and_exact_for_lists() -> None:
    assert SUM_FLATTEN.trial
    source = "L=[[[1,2],[3]],[[4]],[]]\ny=[p for a in L for b in a for p in b]\n"
    before, after = run_both(SUM_FLATTEN, source)
    assert before["y"] == after["y"] == [1, 2, 3, 4]
