"""inline-function: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from .helpers import assert_changes, assert_refuses

CHANGES = [
    pytest.param(
        {"name": "sq"},
        """
        def sq(x):
            return x * x
        y = sq(3) + sq(a)
        """,
        """
        y = (3 * 3) + (a * a)
        """,
        id="inline-function-expression",
    ),
    pytest.param(
        {"name": "sq"},
        """
        def sq(x):
            return x * x
        y = sq(g())
        """,
        """
        x = g()
        y = x * x
        """,
        id="inline-function-binds-effectful-argument-once",
    ),
    pytest.param(
        {"name": "norm"},
        """
        def norm(v):
            s = sum(v)
            return [x / s for x in v]
        s = 1
        w = norm(make())
        """,
        """
        s = 1
        v = make()
        s_2 = sum(v)
        w = [x / s_2 for x in v]
        """,
        id="inline-function-statements-fresh-locals",
    ),
    pytest.param(
        {"name": "lin"},
        """
        def lin(x, w):
            return [sum(a * b for a, b in zip(r, x)) for r in w]
        y = lin(x, table["q"])
        """,
        """
        y = [sum(a * b for a, b in zip(r, x)) for r in table["q"]]
        """,
        id="inline-function-single-use-argument-in-place",
    ),
]


@pytest.mark.parametrize(("params", "before", "after"), CHANGES)
def test_changes(params: dict[str, str], before: str, after: str) -> None:
    assert_changes("inline-function", before, after, params)


REFUSALS = [
    pytest.param(
        {"name": "fact"},
        "def fact(n):\n    return 1 if n < 2 else n * fact(n - 1)\ny = fact(3)\n",
        "recursive",
        id="inline-recursive",
    ),
    pytest.param(
        {"name": "f"},
        "def f(x):\n    if x:\n        return 1\n    return 2\ny = f(3)\n",
        "more than one return",
        id="inline-multiple-returns",
    ),
    pytest.param(
        {"name": "f"},
        "def f(x):\n    return x + total\ndef g(total):\n    return f(total)\n",
        "local at a call site",
        id="inline-free-name-shadowed",
    ),
    pytest.param(
        {"name": "f"},
        "def f(x):\n    return x\nprint(f)\n",
        "used other than by being called",
        id="inline-used-as-value",
    ),
    pytest.param(
        {"name": "sq"},
        "def sq(x):\n    return x * x\nprint([sq(g()) for _ in range(3)])\n",
        "evaluated a different number of times",
        id="inline-effectful-argument-twice",
    ),
    pytest.param(
        {"name": "f"},
        "def f(a, b):\n    return b + a\nprint(f(g(), h()))\n",
        "out of order",
        id="inline-arguments-out-of-order",
    ),
    pytest.param(
        {"name": "f"},
        "def f(a):\n    return [a for t in r]\nprint(f(t))\n",
        "captured",
        id="inline-argument-captured",
    ),
    pytest.param({"name": "nope"}, "x = 1\n", "no single top-level function", id="inline-missing"),
    pytest.param(
        {"name": "f"},
        "def f(a, b):\n    return 0 < a < b\n\n\nprint(f(-1, g()))\n",
        "argument b has effects",
        id="inline-chained-comparison-may-skip-an-argument",
    ),
    pytest.param(
        {"name": "f"},
        "def f(x):\n    g()\n    return x\ndef g():\n    global a\n    a = 2\na = 1\nprint(f(a))\n",
        "global/nonlocal",
        id="inline-global-could-rebind-argument",
    ),
]


@pytest.mark.parametrize(("params", "before", "reason"), REFUSALS)
def test_refuses_with_reason(params: dict[str, str], before: str, reason: str) -> None:
    assert_refuses("inline-function", before, reason, params)
