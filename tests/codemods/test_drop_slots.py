"""drop-slots: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from .helpers import assert_changes, assert_refuses

CHANGES = [
    pytest.param(
        {},
        """
        class V:
            __slots__ = ("data", "grad")
            def __init__(self, data):
                self.data = data
        class W:
            __slots__ = ()
        """,
        """
        class V:
            def __init__(self, data):
                self.data = data
        class W:
            pass
        """,
        id="drop-slots",
    ),
]


@pytest.mark.parametrize(("params", "before", "after"), CHANGES)
def test_changes(params: dict[str, str], before: str, after: str) -> None:
    assert_changes("drop-slots", before, after, params)


REFUSALS = [
    pytest.param({}, "class V:\n    x = 1\n", "no class sets __slots__", id="drop-slots-none"),
    pytest.param(
        {},
        "class V:\n    __slots__ = ('a',)\ntry:\n    V().b = 1\nexcept AttributeError:\n    print('slots')\n",
        "try statement",
        id="drop-slots-observable",
    ),
    pytest.param(
        {},
        "class V:\n    __slots__ = ('a',)\nprint(hasattr(V(), 'a'))\n",
        "hasattr",
        id="drop-slots-introspection",
    ),
    pytest.param(
        {},
        "class V:\n    __slots__ = ('a',)\nclass W(V):\n    __slots__ = ()\n",
        "base or a subclass",
        id="drop-slots-subclass",
    ),
]


@pytest.mark.parametrize(("params", "before", "reason"), REFUSALS)
def test_refuses_with_reason(params: dict[str, str], before: str, reason: str) -> None:
    assert_refuses("drop-slots", before, reason, params)
