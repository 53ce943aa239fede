"""lambda-defs: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from .helpers import assert_changes, assert_refuses

CHANGES = [
    pytest.param(
        {},
        """
        def add(a, b=1):
            return a + b
        def pair(a):
            return a, a
        """,
        """
        add = lambda a, b=1: a + b
        pair = lambda a: (a, a)
        """,
        id="lambda-defs",
    ),
]


@pytest.mark.parametrize(("params", "before", "after"), CHANGES)
def test_changes(params: dict[str, str], before: str, after: str) -> None:
    assert_changes("lambda-defs", before, after, params)


REFUSALS = [
    pytest.param(
        {},
        """
        @cache
        def f(a):
            return a
        def g(a):
            x = a
            return x
        def h():
            yield 1
        """,
        "f: has decorators; g: body is more than one statement; h: body is not a single return",
        id="lambda-defs-decorator-multi-statement-generator",
    ),
    pytest.param({}, "def f(a):\n    return f.__name__\n", "__name__", id="lambda-defs-name-read"),
    pytest.param({"name": "nope"}, "x = 1\n", "no function named 'nope'", id="lambda-defs-no-such"),
]


@pytest.mark.parametrize(("params", "before", "reason"), REFUSALS)
def test_refuses_with_reason(params: dict[str, str], before: str, reason: str) -> None:
    assert_refuses("lambda-defs", before, reason, params)
