"""drop-parens: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from .helpers import assert_changes, assert_refuses

CHANGES = [
    pytest.param(
        {},
        """
        x = (1 / n) * y
        z = [1, 2,]
        t = (1,)
        w = (a + b) * c
        """,
        """
        x = 1 / n * y
        z = [1, 2]
        t = 1,
        w = (a + b) * c
        """,
        id="drop-parens",
    ),
    pytest.param(
        {},
        "x = (1)if y else(2)\n",
        "x =  1 if y else 2 \n",  # squeeze-whitespace removes the spaces it leaves
        id="drop-parens-never-writes-1if",
    ),
]


@pytest.mark.parametrize(("params", "before", "after"), CHANGES)
def test_changes(params: dict[str, str], before: str, after: str) -> None:
    assert_changes("drop-parens", before, after, params)


REFUSALS = [
    pytest.param({}, "w = (a + b) * c\nt = f((1,))\n", "no parenthesis", id="drop-parens-needed"),
]


@pytest.mark.parametrize(("params", "before", "reason"), REFUSALS)
def test_refuses_with_reason(params: dict[str, str], before: str, reason: str) -> None:
    assert_refuses("drop-parens", before, reason, params)
