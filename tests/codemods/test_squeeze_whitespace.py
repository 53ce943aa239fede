"""squeeze-whitespace: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from .helpers import assert_changes, assert_refuses

CHANGES = [
    pytest.param(
        {},
        """
        def f(a, b = 1):
            return a + b if a else - b
        x = [1,
             2]
        y = a * (-b)
        """,
        """
        def f(a,b=1):
         return a+b if a else-b
        x=[1,2]
        y=a*(-b)
        """,
        id="squeeze-whitespace",
    ),
    pytest.param(
        {},
        """
        x = [0. for a in b]
        y = 1 if x else 2.5 or z
        """,
        """
        x=[0. for a in b]
        y=1 if x else 2.5 or z
        """,
        id="squeeze-keeps-a-number-apart-from-a-keyword",
    ),
    pytest.param(
        {},
        """
        print(f"step {step + 1:4d} {x = } { {1: 2}[1] } {''.join( s )}")
        """,
        """
        print(f"step {step+1:4d} {x = } { {1:2}[1]} {''.join(s)}")
        """,
        # `{x = }` prints its spaces; `{{` would be an escaped brace
        id="squeeze-inside-f-string-fields",
    ),
    pytest.param(
        {},
        "x = f'''{a +\nb}'''\n",
        "x=f'''{a +\nb}'''\n",
        # a field broken over lines parses only inside its f-string: it stays as it is
        id="squeeze-leaves-a-multi-line-field",
    ),
]


@pytest.mark.parametrize(("params", "before", "after"), CHANGES)
def test_changes(params: dict[str, str], before: str, after: str) -> None:
    assert_changes("squeeze-whitespace", before, after, params)


REFUSALS = [
    pytest.param({}, "x = 1  # c\n", "has comments", id="squeeze-comments"),
    pytest.param({}, "x=1\n", "nothing to change", id="squeeze-nothing"),
]


@pytest.mark.parametrize(("params", "before", "reason"), REFUSALS)
def test_refuses_with_reason(params: dict[str, str], before: str, reason: str) -> None:
    assert_refuses("squeeze-whitespace", before, reason, params)
