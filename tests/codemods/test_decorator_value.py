"""decorator-value: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from .helpers import assert_changes, assert_refuses

CHANGES = [
    pytest.param(
        {},
        """
        class V:
            def __add__(self, other):
                other = other if isinstance(other, V) else V(other)
                return V(self.data + other.data)
            def __radd__(self, other):
                return self + other
            def __sub__(self, other):
                return self + (-other)
        """,
        """
        def _operand(method):
            return lambda self, other: method(self, other if isinstance(other, V) else V(other))
        class V:
            __add__ = _operand(lambda self, other: V(self.data + other.data))
            __radd__ = __add__
            def __sub__(self, other):
                return self + (-other)
        """,
        id="decorator-value-keeps-compositions",
    ),
    pytest.param(
        {},
        "class V:\n def __init__(a,d):a.d=d\n def __add__(a,b):return V(a.d+b.d)\n __radd__=lambda a,b:a+b\n",
        "class V:\n def __init__(a,d):a.d=d\n def __add__(a,b):return V(a.d+b.d)\n __radd__ = __add__\n",
        id="decorator-value-squeezed-swap",
    ),
]


@pytest.mark.parametrize(("params", "before", "after"), CHANGES)
def test_changes(params: dict[str, str], before: str, after: str) -> None:
    assert_changes("decorator-value", before, after, params)


REFUSALS = [
    pytest.param(
        {},
        "class V:\n    def __add__(self, other):\n        return V(self.data + other)\n",
        "no class",
        id="decorator-value-no-shape",
    ),
    pytest.param(
        {},
        "class V:\n    def __add__(self, o):\n        return V(1)\n"
        "    def __radd__(self, o):\n        return self + o\n"
        "class W(V):\n    pass\n",
        "subclass",
        id="decorator-value-subclassed",
    ),
]


@pytest.mark.parametrize(("params", "before", "reason"), REFUSALS)
def test_refuses_with_reason(params: dict[str, str], before: str, reason: str) -> None:
    assert_refuses("decorator-value", before, reason, params)
