"""strip-comments-docstrings: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from .helpers import assert_changes, assert_refuses

CHANGES = [
    pytest.param(
        {},
        '''
        """Module doc."""
        import os  # why

        # a comment
        def f(x):
            """Doc."""
            return x  # tail


        class C:
            """Only a docstring."""
        ''',
        """
        import os
        def f(x):
            return x
        class C:
            pass
        """,
        id="strip-comments-docstrings",
    ),
]


@pytest.mark.parametrize(("params", "before", "after"), CHANGES)
def test_changes(params: dict[str, str], before: str, after: str) -> None:
    assert_changes("strip-comments-docstrings", before, after, params)


REFUSALS = [
    pytest.param({}, "x = 1\n", "nothing to change", id="strip-nothing"),
    pytest.param(
        {},
        'def f():\n    """Doc."""\n    return f.__doc__\n',
        "nothing to change",
        id="strip-keeps-docstrings-when-doc-is-read",
    ),
]


@pytest.mark.parametrize(("params", "before", "reason"), REFUSALS)
def test_refuses_with_reason(params: dict[str, str], before: str, reason: str) -> None:
    assert_refuses("strip-comments-docstrings", before, reason, params)
