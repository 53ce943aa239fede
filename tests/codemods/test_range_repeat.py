"""range-repeat: before/after snippets (exact output), refusals (a part of the reason), and the real checker."""

from __future__ import annotations

import pytest

from golf.codemods.range_repeat import TECHNIQUE as RANGE_REPEAT

from .conftest import CheckSources
from .helpers import applied, assert_changes, assert_refuses, not_identical


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            "m = [[g() for _ in range(nin)] for _ in range(nout)]\n",
            "m = [[g() for _ in[0]*nin] for _ in[0]*nout]\n",
            id="nested-comprehensions",
        ),
        pytest.param(
            """
            def f(n):
                for _ in range(n):
                    g()
            """,
            """
            def f(n):
                for _ in[0]*n:
                    g()
            """,
            id="for-statement",
        ),
        pytest.param("x = [0 for _ in range(a + b)]\n", "x = [0 for _ in[0]*(a + b)]\n", id="parenthesised"),
        pytest.param("x = [0 for _ in range(-a)]\n", "x = [0 for _ in[0]*-a]\n", id="sign-binds-tighter"),
        pytest.param("x = [0 for _ in range(not a)]\n", "x = [0 for _ in[0]*(not a)]\n", id="not-binds-looser"),
        pytest.param("for i in range(3):\n    g()\n", "for i in[0]*3:\n    g()\n", id="top-level-literal"),
    ],
)
def test_range_repeat_changes(before: str, after: str) -> None:
    assert_changes(RANGE_REPEAT, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param("x = [i for i in range(3)]\n", "has an unread variable", id="read-in-element"),
        pytest.param("x = [[i for a in b] for i in range(3)]\n", "has an unread variable", id="read-inside"),
        pytest.param(
            "def f(n):\n    for i in range(n):\n        g()\n    return i\n",
            "has an unread variable",
            id="read-after-loop",
        ),
        pytest.param(
            "def f():\n    for i in range(3):\n        g()\n    i += 1\n", "has an unread variable", id="augmented"
        ),
        pytest.param("x = [0 for _ in range(1, 3)]\n", "has an unread variable", id="two-arguments"),
        pytest.param("for step in range(num_steps):\n    g()\n", "has an unread variable", id="training-loop"),
        pytest.param("class A:\n    for _ in range(3):\n        g()\n", "has an unread variable", id="class-body"),
        pytest.param("range = list\nx = [0 for _ in range(3)]\n", "range is bound", id="range-rebound"),
        pytest.param("import numpy\nx = [0 for _ in range(n)]\n", "imports numpy", id="third-party-ints"),
        pytest.param(
            "class I:\n    def __index__(self):\n        return 2\n\nx = [0 for _ in range(n)]\n",
            "__index__",
            id="user-index",
        ),
        pytest.param("x = [locals() for _ in range(3)]\n", "uses locals", id="introspection"),
    ],
)
def test_range_repeat_refuses(before: str, reason: str) -> None:
    assert_refuses(RANGE_REPEAT, before, reason)


def test_on_original_is_identical(original: str, check_sources: CheckSources) -> None:
    assert not not_identical(check_sources({"original_range-repeat": applied(RANGE_REPEAT, original)}))
