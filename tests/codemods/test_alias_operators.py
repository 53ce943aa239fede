"""alias-operators: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import libcst as cst
import pytest

from golf.codemods.alias_operators import TECHNIQUE as ALIAS_OPERATORS

from .helpers import assert_changes, assert_refuses


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            """
            class V:
                def __add__(self, other):
                    return V()

                # reflected
                def __radd__(self, other):
                    return self + other
            """,
            """
            class V:
                def __add__(self, other):
                    return V()

                # reflected
                __radd__ = __add__
            """,
            id="def-keeps-comment",
        ),
        pytest.param(
            "class r:\n __add__=lambda a,b:r();__mul__=f;__radd__=lambda a,b:a+b;__rmul__=lambda x,y:x*y;g=1\n",
            "class r:\n __add__=lambda a,b:r();__mul__=f;__radd__=__add__;__rmul__=__mul__;g=1\n",
            id="golfed-lambdas-all-at-once",
        ),
        pytest.param(
            "class V(object):\n    __matmul__ = f\n    __imatmul__ = lambda a, b: (a) @ (b)\n",
            "class V(object):\n    __matmul__ = f\n    __imatmul__ = __matmul__\n",
            id="in-place-matmul-object-base",
        ),
        pytest.param(
            "class V: __sub__ = f; __rsub__ = lambda a, b: a - b\nclass E(Exception): pass\n",
            "class V: __sub__ = f; __rsub__ = __sub__\nclass E(Exception): pass\n",
            id="other-class-with-builtin-base",
        ),
        pytest.param(
            "class V:\n    __add__ = f\n    __radd__ = lambda a, b: a + b\n    __rsub__ = lambda a, b: b - a\n",
            "class V:\n    __add__ = f\n    __radd__ = __add__\n    __rsub__ = lambda a, b: b - a\n",
            id="swapped-operands-stay",
        ),
    ],
)
def test_alias_operators_changes(before: str, after: str) -> None:
    assert_changes(ALIAS_OPERATORS, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        # The alias takes the object bound at that point: an __add__ bound after (or again) differs.
        pytest.param("class V:\n    __radd__ = lambda a, b: a + b\n    __add__ = f\n", "before it", id="target-after"),
        pytest.param(
            "class V:\n    __add__ = f\n    __radd__ = lambda a, b: a + b\n    __add__ = g\n",
            "not bound exactly once",
            id="target-rebound",
        ),
        pytest.param(
            "class V:\n    if c:\n        __add__ = f\n    __radd__ = lambda a, b: a + b\n",
            "not bound exactly once",
            id="target-conditional",
        ),
        pytest.param(
            "class V:\n    __add__ = f\n    __radd__ = lambda a, b: a + b\nclass W(V):\n    __radd__ = g\n",
            "may be V",
            id="subclass",
        ),
        pytest.param("class V(B):\n    __add__ = f\n    __radd__ = lambda a, b: a + b\n", "besides object", id="base"),
        pytest.param(
            "class V(metaclass=M):\n    __add__ = f\n    __radd__ = lambda a, b: a + b\n",
            "besides object",
            id="metaclass",
        ),
        pytest.param("@d\nclass V:\n    __add__ = f\n    __radd__ = lambda a, b: a + b\n", "decorated", id="deco"),
        pytest.param(
            "class V:\n    __add__ = lambda a, b: NotImplemented\n    __radd__ = lambda a, b: a + b\n",
            "NotImplemented",
            id="not-implemented",
        ),
        pytest.param(
            "class V:\n    __add__ = f\n    __radd__ = lambda a, b: a + b\nV.__radd__(1, V())\n",
            "attribute __radd__",
            id="explicit-call",
        ),
        pytest.param(
            "class V:\n    __add__ = f\n    __radd__ = lambda a, b: a + b\nV.__add__ = g\n",
            "attribute __add__",
            id="target-set-later",
        ),
        pytest.param(
            "class V:\n    __add__ = f\n    __radd__ = lambda a, b: a + b\ngetattr(V, n)\n", "getattr", id="getattr"
        ),
        pytest.param(
            "class V:\n    __add__ = f\n    __radd__ = lambda a, b: a + b\nk = '__radd__'\n",
            "a string names it",
            id="string",
        ),
        pytest.param(
            "class V:\n    __add__ = f\n    __radd__ = lambda a, b: a + b\n    __iadd__ = __radd__\n",
            "read in the class body",
            id="member-read",
        ),
        pytest.param(
            "class V:\n    __add__ = f\n    @d\n    def __radd__(a, b):\n        return a + b\n",
            "no class member only applies",
            id="decorated-member",
        ),
        pytest.param(
            "class V:\n    __add__ = f\n    def __radd__(a, b: T):\n        return a + b\n",
            "no class member only applies",
            id="annotated-member",
        ),
        pytest.param(
            "class V:\n    __add__ = f\n    __radd__ = lambda a, b=1: a + b\n    __rmul__ = lambda a, b: a + b\n",
            "no class member only applies",
            id="default-or-other-operator",
        ),
        pytest.param(
            "class V:\n    __pow__ = f\n    __rpow__ = lambda a, b: a ** b\n", "no class member only applies", id="pow"
        ),
        pytest.param("class V:\n    __add__ = f\n    __radd__ = __add__\n", "no class member only applies", id="done"),
    ],
)
def test_alias_operators_refuses(before: str, reason: str) -> None:
    assert_refuses(ALIAS_OPERATORS, before, reason)


def test_alias_operators_candidates() -> None:
    applies = cst.parse_module("class V:\n    __add__ = f\n    __radd__ = lambda a, b: a + b\n")
    refused = cst.parse_module("class V:\n    __radd__ = lambda a, b: a + b\n    __add__ = f\n")
    assert ALIAS_OPERATORS.candidates(applies) == [{}]
    assert ALIAS_OPERATORS.candidates(refused) == []
