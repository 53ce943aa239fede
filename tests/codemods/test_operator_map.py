"""operator-map: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from golf.codemods.operator_map import TECHNIQUE

from .helpers import assert_changes_offered, assert_refuses_unoffered

VALUE = """
class V:
    def __init__(self, d):
        self.d = d
    def __add__(self, o):
        return V(self.d + o.d)
    __mul__ = lambda a, b: V(a.d * b.d)
"""


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            VALUE + "s = sum(a * b for a, b in zip(w, x))\n",
            VALUE + "s = sum(map(V.__mul__,w,x))\n",
            id="generator-argument",
        ),
        pytest.param(
            VALUE + "y = [a + b for a, b in zip(X, f(Y))]\n",
            VALUE + "y = [*map(V.__add__,X,f(Y))]\n",
            id="list-comprehension",
        ),
        pytest.param(
            VALUE + "y = [a*b for a, b in zip(X, Y)] + [b + a for a, b in zip(X, Y)]\n",
            VALUE + "y = [*map(V.__mul__,X,Y)] + [b + a for a, b in zip(X, Y)]\n",
            id="operands-in-target-order-only",
        ),
    ],
)
def test_changes(before: str, after: str) -> None:
    assert_changes_offered(TECHNIQUE, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param("y = [a * b for a, b in zip(X, Y)]\n", "no operator method is defined", id="no-class"),
        pytest.param(
            VALUE + "class W:\n    __mul__ = lambda a, b: a\ny = [a * b for a, b in zip(X, Y)]\n",
            "no comprehension only applies",  # two classes define __mul__: which one runs is not in the source
            id="two-classes",
        ),
        pytest.param(
            VALUE + "V = int\ny = [a * b for a, b in zip(X, Y)]\n",
            "no operator method is defined",
            id="class-rebound",
        ),
        pytest.param(VALUE + "y = [a - b for a, b in zip(X, Y)]\n", "no comprehension", id="operator-not-defined"),
        pytest.param(VALUE + "y = [a * b for a, b in zip(X, Y) if a]\n", "no comprehension", id="filter"),
        pytest.param(VALUE + "y = [a * 2 for a in X]\n", "no comprehension", id="not-both-loop-variables"),
        pytest.param(VALUE + "map = 1\ny = [a * b for a, b in zip(X, Y)]\n", "map is bound", id="map-rebound"),
        pytest.param(VALUE + "y = eval('1')\n", "eval", id="names-by-string"),
        pytest.param(
            VALUE + "def f(V, w, x):\n    return [a * b for a, b in zip(w, x)]\n",
            "no operator method is defined",
            id="class-name-bound-as-a-local",
        ),
    ],
)
def test_refuses(before: str, reason: str) -> None:
    assert_refuses_unoffered(TECHNIQUE, before, reason)
