"""join-statements: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from .helpers import assert_changes, assert_refuses

CHANGES = [
    pytest.param(
        {},
        """
        a = 1
        b = 2
        for x in range(a):
            print(x)
        if a:
            b = 3
        else:
            b = 4
            c = 5
        """,
        """
        a = 1;b = 2
        for x in range(a):print(x)
        if a:b = 3
        else:b = 4;c = 5
        """,
        id="join-statements",
    ),
    pytest.param(
        {"mode": "headers"},
        """
        for x in range(3):
            y = x
            print(y)
        while False:
            pass
        """,
        """
        for x in range(3):
            y = x
            print(y)
        while False:pass
        """,
        id="join-statements-headers-only",
    ),
]


@pytest.mark.parametrize(("params", "before", "after"), CHANGES)
def test_changes(params: dict[str, str], before: str, after: str) -> None:
    assert_changes("join-statements", before, after, params)


REFUSALS = [
    pytest.param({}, "x = 1;y = 2\nfor a in b:f(a)\n", "nothing", id="join-nothing"),
]


@pytest.mark.parametrize(("params", "before", "reason"), REFUSALS)
def test_refuses_with_reason(params: dict[str, str], before: str, reason: str) -> None:
    assert_refuses("join-statements", before, reason, params)
