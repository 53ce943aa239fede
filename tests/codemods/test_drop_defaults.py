"""drop-defaults: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import libcst as cst
import pytest

from golf.codemods.drop_defaults import TECHNIQUE as DROP_DEFAULTS

from .helpers import assert_changes, assert_refuses


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
