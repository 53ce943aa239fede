"""merge-assignments: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from .helpers import assert_changes, assert_refuses

CHANGES = [
    pytest.param(
        {},
        """
        a = 1
        b = 2
        c = a + 1
        d = 4
        """,
        """
        a,b = 1,2
        c,d = a + 1,4
        """,
        id="merge-assignments-splits-at-dependency",
    ),
    pytest.param(
        {},
        """
        x_residual = y
        z = x_residual
        p, q = 1, 2
        r = 3
        """,
        """
        x_residual = y
        z,p,q,r = x_residual,1,2,3
        """,
        id="merge-assignments-extends-tuples",
    ),
]


@pytest.mark.parametrize(("params", "before", "after"), CHANGES)
def test_changes(params: dict[str, str], before: str, after: str) -> None:
    assert_changes("merge-assignments", before, after, params)


REFUSALS = [
    pytest.param(
        {},
        "x = 1\ny = f()\ndef f():\n    return x\n",
        "no run",
        id="merge-call-could-read-earlier-target",
    ),
    pytest.param(
        {},
        "n_steps = 5\nk = 2\nfor i in range(n_steps):\n    pass\n",
        "no run",
        id="merge-keeps-step-bound-alone",
    ),
]


@pytest.mark.parametrize(("params", "before", "reason"), REFUSALS)
def test_refuses_with_reason(params: dict[str, str], before: str, reason: str) -> None:
    assert_refuses("merge-assignments", before, reason, params)
