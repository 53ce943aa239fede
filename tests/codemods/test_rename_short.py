"""rename-short: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from golf import codemods
from golf.codemods import Applied

from .helpers import assert_changes, assert_refuses, code

CHANGES = [
    pytest.param(
        {},
        """
        total_count = 3
        def double_it(value, factor=2):
            result = value * factor
            return result
        print(f"total: {double_it(total_count, factor=3)}")
        """,
        """
        a = 3
        def b(a, factor=2):
            b = a * factor
            return b
        print(f"total: {b(a, factor=3)}")
        """,
        id="rename-short-keeps-keyword-params-and-fstring-text",
    ),
    pytest.param(
        {},
        """
        class Node:
            def method(self, other_value):
                return self.data + other_value
        """,
        """
        class c:
            def method(a, b):
                return a.data + b
        """,
        id="rename-short-keeps-methods-and-attributes",
    ),
    pytest.param(
        {},
        """
        steps_total = 10
        def f(local_name):
            return local_name
        for step_index in range(steps_total):
            print(f(step_index))
        """,
        """
        a = 10
        def f(b):
            return b
        for b in range(a):
            print(f(b))
        """,
        id="rename-short-step-bound-unique",
    ),
    pytest.param(
        {"scope": "locals"},
        """
        count = 1
        def f(value):
            return value + count
        """,
        """
        count = 1
        def f(a):
            return a + count
        """,
        id="rename-short-locals-only",
    ),
    pytest.param(
        {},
        """
        rows = [[1, 2], [3]]
        flat = [p for row in rows for p in row]
        """,
        """
        a = [[1, 2], [3]]
        b = [p for a in a for p in a]
        """,
        id="rename-short-comprehension-reads-inner-target",
    ),
    pytest.param(
        {},
        """
        one = 1
        two = 2
        three = 3
        four = 4
        five = 5
        from math import *
        print(one, two, three, four, five, pi)
        """,
        """
        a = 1
        b = 2
        c = 3
        d = 4
        f = 5
        from math import *
        print(a, b, c, d, f, pi)
        """,
        id="rename-short-avoids-star-imported-names-for-globals",
    ),
]


@pytest.mark.parametrize(("params", "before", "after"), CHANGES)
def test_changes(params: dict[str, str], before: str, after: str) -> None:
    assert_changes("rename-short", before, after, params)


REFUSALS = [
    pytest.param({}, 'value_one = 1\nprint(eval("value_one"))\n', "eval", id="rename-eval"),
    pytest.param({}, "a = 1\nb = a\n", "already as short", id="rename-nothing"),
]


@pytest.mark.parametrize(("params", "before", "reason"), REFUSALS)
def test_refuses_with_reason(params: dict[str, str], before: str, reason: str) -> None:
    assert_refuses("rename-short", before, reason, params)


def test_rename_short_reuses_a_local_name_only_where_the_local_does_not_see_the_global() -> None:
    # Every one-letter name but `a` and `b` is a global already, so `total` gets one of those two or a
    # two-letter name. `a` would be wrong: f's comprehension reads total, and f binds its own `a`.
    # `b` is right: g binds `b` but never reads total.
    others = [n for n in "cdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    before = "".join(f"{n} = {i}\n" for i, n in enumerate(others)) + code(
        """
        total = 0
        def f(a):
            return [x + total for x in a]
        def g(b):
            return b
        """
    )
    outcome = codemods.apply("rename-short", before)
    assert isinstance(outcome, Applied), outcome
    assert outcome.source.endswith("b = 0\ndef f(a):\n    return [x + b for x in a]\ndef g(b):\n    return b\n")
