"""helper-extract: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from .helpers import assert_changes, assert_refuses

CHANGES = [
    pytest.param(
        {"line": "3"},
        """
        m = [0.0] * 3
        params = [1.0, 2.0, 3.0]
        for i, p in enumerate(params):
            g = p * 2
            m[i] = m[i] + g
        """,
        """
        m = [0.0] * 3
        params = [1.0, 2.0, 3.0]
        def loop_body(i, p):
            g = p * 2
            m[i] = m[i] + g
        for i, p in enumerate(params):
            loop_body(i, p)
        """,
        id="helper-extract",
    ),
]


@pytest.mark.parametrize(("params", "before", "after"), CHANGES)
def test_changes(params: dict[str, str], before: str, after: str) -> None:
    assert_changes("helper-extract", before, after, params)


REFUSALS = [
    pytest.param(
        {"line": "2"},
        "total = 0\nfor x in range(3):\n    total = total + x\nprint(total)\n",
        "also bound outside",
        id="helper-carried-value",
    ),
    pytest.param(
        {"line": "1"},
        "for x in range(3):\n    if x:\n        break\n",
        "break or continue",
        id="helper-break",
    ),
    pytest.param(
        {"line": "1"},
        "for x in range(3):\n    y = x\nprint(y)\n",
        "read outside",
        id="helper-value-read-after-loop",
    ),
    pytest.param({"line": "9"}, "x = 1\n", "no `for` loop starts on line 9", id="helper-no-loop"),
]


@pytest.mark.parametrize(("params", "before", "reason"), REFUSALS)
def test_refuses_with_reason(params: dict[str, str], before: str, reason: str) -> None:
    assert_refuses("helper-extract", before, reason, params)
