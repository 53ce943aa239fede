"""inline-constants and drop-defaults: before/after snippets (exact output) and refusals (a part of the reason).

The refusal tables hold the cases that would change what a program computes if a guard were
removed: a walrus in a module-level comprehension or a star import rebinding the constant, a
call that passes the parameter. Both techniques are also checked on original.py and a golfed
form by the registry tests in test_codemods.py.
"""

from __future__ import annotations

import libcst as cst
import pytest
from codemod_asserts import assert_changes, assert_refuses

from golf.codemods.drop_defaults import TECHNIQUE as DROP_DEFAULTS
from golf.codemods.inline_constants import TECHNIQUE as INLINE_CONSTANTS


# ---------------------------------------------------------------------------
# inline-constants
# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# drop-defaults
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            "def f(a, b=2):\n    return a + b\nprint(f(1), f(a=3))\n",
            "def f(a):\n    return a + 2\nprint(f(1), f(a=3))\n",
            id="def",
        ),
        pytest.param(
            "s=lambda a,b,e=.08:[[g(0,e)for _ in b]for _ in a];print(s(1,2))\n",
            "s=lambda a,b:[[g(0,.08)for _ in b]for _ in a];print(s(1,2))\n",
            id="lambda-comprehension",
        ),
        pytest.param("f = lambda e=1: e\nprint(f())\n", "f = lambda: 1\nprint(f())\n", id="no-parameter-left"),
        pytest.param(
            "def f(a, b=1, c=2):\n    return a + b + c\nprint(f(0))\n",
            "def f(a):\n    return a + 1 + 2\nprint(f(0))\n",
            id="several",
        ),
        pytest.param(
            "def f(a, b=1, c=2):\n    return a + b + c\nprint(f(0, 5))\n",
            "def f(a, b=1):\n    return a + b + 2\nprint(f(0, 5))\n",
            id="only-unpassed",
        ),
        pytest.param(
            "def f(a, e=1):\n    return [e for e in a] + [e]\n",
            "def f(a):\n    return [e for e in a] + [1]\n",
            id="comprehension-shadows",
        ),
        pytest.param(
            "def f(n, d=1):\n    return n if n < 1 else f(n - d)\n",
            "def f(n):\n    return n if n < 1 else f(n - 1)\n",
            id="recursive",
        ),
        pytest.param(
            "def f(a, b='x'):\n    def g(b):\n        return b\n    return g(a) + b\n",
            "def f(a):\n    def g(b):\n        return b\n    return g(a) + 'x'\n",
            id="nested-own-parameter",
        ),
        pytest.param("def f(a, /, b=1):\n    return b\nf(1)\n", "def f(a, /):\n    return 1\nf(1)\n", id="after-slash"),
        pytest.param(
            "class C:\n    e = 1\ns = lambda a, e=.5: a * e\nprint(s(1))\n",
            "class C:\n    e = 1\ns = lambda a: a * .5\nprint(s(1))\n",
            id="unrelated-class-binds-name",
        ),
    ],
)
def test_drop_defaults_changes(before: str, after: str) -> None:
    assert_changes(DROP_DEFAULTS, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param("def f(a, b=2):\n    return b\nprint(f(1, 3))\n", "a call passes b", id="passed"),
        pytest.param("def f(a, b=2):\n    return b\nprint(f(1, b=3))\n", "by keyword", id="keyword"),
        pytest.param("def f(a, b=2):\n    return b\nprint(f(*x))\n", "*args or **kwargs", id="star-call"),
        pytest.param("def f(a, b=2):\n    return b\ng = f\n", "other than by calling", id="escapes"),
        pytest.param("@d\ndef f(a, b=2):\n    return b\n", "decorated", id="decorated"),
        pytest.param("def f(a, b=2):\n    return lambda: b\n", "nested function", id="closure"),
        pytest.param("def f(a, b=2):\n    b += 1\n    return b\n", "rebound", id="rebound"),
        pytest.param("class C:\n    def m(self, b=2):\n        return b\n", "method", id="method"),
        pytest.param("def f(a, b=[]):\n    return b\n", "no literal default", id="list-default"),
        pytest.param("def f(a, b=-1):\n    return b\n", "no literal default", id="negative"),
        pytest.param("def f(a, b=2, *c):\n    return b\n", "*args", id="star-parameter"),
        pytest.param("def f(a, b=2):\n    return b\nf = 3\n", "more than once", id="rebinds-function"),
        pytest.param(
            "def f(a, b=2):\n    return b\nclass C:\n    x = f(1, 3)\n    f = 0\n",
            "class body",
            id="class-reads-global",
        ),
        pytest.param(
            "def f(a, b=2):\n    class C:\n        x = b\n        b = 0\n", "class body", id="class-reads-parameter"
        ),
        pytest.param("def f(a, b=1.25):\n    return b + b + b\n", "would not save bytes", id="no-saving"),
        pytest.param("def f(a, b=1.5):\n    return a is b\n", "`is`", id="identity"),
        pytest.param("def f(a, b=2):\n    return b\nglobals()['f'](1, 3)\n", "globals", id="globals"),
        pytest.param("def f(a, b=2):\n    return b\nprint(f.__defaults__)\n", "__defaults__", id="defaults"),
    ],
)
def test_drop_defaults_refuses(before: str, reason: str) -> None:
    assert_refuses(DROP_DEFAULTS, before, reason)


def test_drop_defaults_candidates() -> None:
    assert DROP_DEFAULTS.candidates(cst.parse_module("def f(a, b=2):\n    return b\nf(1)\n")) == [{}]
    assert DROP_DEFAULTS.candidates(cst.parse_module("def f(a, b=2):\n    return b\nf(1, 2)\n")) == []
