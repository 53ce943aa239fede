"""inline-constants: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import libcst as cst
import pytest

from golf.codemods.inline_constants import TECHNIQUE as INLINE_CONSTANTS

from .helpers import assert_changes, assert_refuses


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("X = 4\nprint(X + X)\n", "print(4 + 4)\n", id="plain"),
        pytest.param('S = "ab"\nprint(S, (S))\n', 'print("ab", ("ab"))\n', id="string-keeps-parens"),
        pytest.param("a = f(); X = 4; b = X\n", "a = f(); b = 4\n", id="joined-line"),
        pytest.param("W, K = .01, .85\nprint(W, K)\n", "print(.01, .85)\n", id="whole-tuple"),
        pytest.param("W, K = .01, f()\nprint(W, K)\n", "K = f()\nprint(.01, K)\n", id="tuple-to-plain"),
        pytest.param(
            "W, K, L = .01, f(), .85\nprint(W, K, L, L, L)\n",
            "K, L = f(), .85\nprint(.01, K, L, L, L)\n",
            id="tuple-keeps-unprofitable",
        ),
        pytest.param(
            "X = 4\ndef f(X):\n    return X\nprint(f(1), X)\n",
            "def f(X):\n    return X\nprint(f(1), 4)\n",
            id="parameter-shadows",
        ),
        pytest.param(
            "X = 4\nprint([X for X in range(2)], X)\n",
            "print([X for X in range(2)], 4)\n",
            id="comprehension-shadows",
        ),
        pytest.param(
            "X = 4\ndef f():\n    return [X for _ in range(X)]\n",
            "def f():\n    return [4 for _ in range(4)]\n",
            id="read-in-function",
        ),
        pytest.param("X = 4\nprint(f'{X}')\n", "print(f'{4}')\n", id="number-in-f-string"),
        pytest.param("n_head = 4\nh = 16 // n_head\n", "h = 16 // 4\n", id="long-name"),
        pytest.param("X = 4\nf = lambda a=X: a\n", "f = lambda a=4: a\n", id="default-value"),
    ],
)
def test_inline_constants_changes(before: str, after: str) -> None:
    assert_changes(INLINE_CONSTANTS, before, after)


def test_inline_constants_one_name() -> None:
    assert_changes(INLINE_CONSTANTS, "X = 4\nY = 5\nprint(X, Y)\n", "X = 4\nprint(X, 5)\n", {"name": "Y"})


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param("X = 4\nprint(X.real)\n", "X.attr", id="attribute"),
        pytest.param("X = 4\nprint(X(1), X[0])\n", "called or indexed", id="call"),
        pytest.param("X = 4\nX += 1\n", "more than once", id="augmented"),
        pytest.param("X = 4\nfor X in []:\n    pass\n", "more than once", id="for-target"),
        pytest.param("X, X = 1, 2\nprint(X)\n", "more than once", id="tuple-twice"),
        pytest.param("X = 4\ndel X\n", "more than once", id="del"),
        pytest.param("X = 4\nprint([(X := 5) for _ in 'a'], X)\n", "more than once", id="walrus-in-comprehension"),
        pytest.param("e = 4\nfrom math import *\nprint(e)\n", "more than once", id="star-import"),
        pytest.param("X = 4\ndef f():\n    global X\n    X = 5\n", "global or nonlocal", id="global"),
        pytest.param("X = 4\nclass C:\n    X = 5\n", "class body", id="class-body"),
        pytest.param("def f():\n    return X\nf()\nX = 4\n", "before its assignment", id="read-before"),
        pytest.param("X = 1.5\nprint(X is X)\n", "`is`", id="identity"),
        pytest.param("X = 4\nprint(f'{1:{X}}')\n", "format spec", id="format-spec"),
        pytest.param("X = 4\nprint(f'{X=}')\n", "prints its text", id="self-documenting"),
        pytest.param("X = 'a'\nprint(f'{X}')\n", "quotes", id="string-in-f-string"),
        pytest.param("X = 4\nx: X = 1\n", "annotation", id="annotation"),
        pytest.param("g = 1.5\nprint(g, g, g)\n", "would not save bytes", id="no-saving"),
        pytest.param("n = 10\nfor i in range(n):\n    pass\n", "step count", id="step-count"),
        pytest.param("X = 4\nprint(globals()['X'])\n", "globals", id="globals"),
        pytest.param('R = "ab"\ndef f():\n    R\nprint(f.__doc__)\n', "docstring", id="would-become-a-docstring"),
    ],
)
def test_inline_constants_refuses(before: str, reason: str) -> None:
    # Named, so the reason is the one for that name rather than "nothing to inline".
    name = "X" if "X" in before else before[0]
    assert_refuses(INLINE_CONSTANTS, before, reason, {"name": name})


@pytest.mark.parametrize(
    "before",
    [
        pytest.param("X = -4\nprint(X)\n", id="negative"),
        pytest.param("X = f'a'\nprint(X)\n", id="f-string"),
        pytest.param("if c:\n    X = 4\nprint(X)\n", id="not-top-level"),
        pytest.param("X = Y = 4\nprint(X, Y)\n", id="two-targets"),
    ],
)
def test_inline_constants_ignores_non_constants(before: str) -> None:
    assert_refuses(INLINE_CONSTANTS, before, "no module-level constant")
    assert INLINE_CONSTANTS.candidates(cst.parse_module(before)) == []


def test_inline_constants_candidates() -> None:
    module = cst.parse_module("X = 4\nY = 5\nZ = f()\nprint(X, Y, Z)\n")
    assert INLINE_CONSTANTS.candidates(module) == [{}, {"name": "X"}, {"name": "Y"}]
