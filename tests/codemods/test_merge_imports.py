"""merge-imports: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from .helpers import assert_changes, assert_refuses

CHANGES = [
    pytest.param(
        {},
        """
        import math
        import os
        x = 1
        import a;import b;y = 2
        """,
        """
        import math,os
        x = 1
        import a,b;y = 2
        """,
        id="merge-imports",
    ),
]


@pytest.mark.parametrize(("params", "before", "after"), CHANGES)
def test_changes(params: dict[str, str], before: str, after: str) -> None:
    assert_changes("merge-imports", before, after, params)


REFUSALS = [
    pytest.param({}, "import a\nx = 1\nfrom b import c\n", "no consecutive", id="merge-imports-apart"),
]


@pytest.mark.parametrize(("params", "before", "reason"), REFUSALS)
def test_refuses_with_reason(params: dict[str, str], before: str, reason: str) -> None:
    assert_refuses("merge-imports", before, reason, params)
