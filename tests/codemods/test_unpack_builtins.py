"""unpack-builtins: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from golf.codemods.unpack_builtins import TECHNIQUE as UNPACK_BUILTINS

from .helpers import applied, assert_changes_offered, assert_refuses_unoffered, run_both


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param('D=sorted(set("".join(A)))\n', 'D=sorted({*"".join(A)})\n', id="set"),
        pytest.param("y = list(range(n))\n", "y = [*range(n)]\n", id="list"),
        pytest.param("y = tuple(map(f, a))\n", "y = (*map(f, a),)\n", id="tuple"),
        pytest.param("y = list(set('ab'))\n", "y = [*{*'ab'}]\n", id="nested"),
        pytest.param("y = list(sorted(a) or 'b')\n", "y = [*(sorted(a) or 'b')]\n", id="list-parens"),
        pytest.param("y = tuple(zip(a) if c else 'z')\n", "y = (*(zip(a) if c else 'z'),)\n", id="tuple-parens"),
        pytest.param("y = list((z := range(3)))\n", "y = [*(z := range(3))]\n", id="walrus"),
        pytest.param("y = list(range(n),)\n", "y = [*range(n)]\n", id="trailing-comma"),
        pytest.param("y = list(range(3)  # c\n)\n", "y = [*range(3)]\n", id="comment-dropped"),
        pytest.param("y = (list(range(n))).pop()\n", "y = ([*range(n)]).pop()\n", id="keeps-own-parens"),
        pytest.param(
            "y = tuple([1, 2]), set({a: 1}), list(f'{a}')\n", "y = (*[1, 2],), {*{a: 1}}, [*f'{a}']\n", id="displays"
        ),
        pytest.param("y = set([a for a in b])\n", "y = {*[a for a in b]}\n", id="comprehension"),
        pytest.param("y = list('a b'.split())\n", "y = [*'a b'.split()]\n", id="str-method"),
        pytest.param("from math import *\ny = set('ab')\n", "from math import *\ny = {*'ab'}\n", id="stdlib-star"),
        # Only a set display can be mistaken for an escaped brace in an f-string field.
        pytest.param(
            "y = set('ab')\nprint(f\"{set('ab')}{list('ab')}\")\n",
            "y = {*'ab'}\nprint(f\"{set('ab')}{[*'ab']}\")\n",
            id="f-string",
        ),
        pytest.param(
            "y = set(sorted(a) or 'b'), list('x')\n", "y = set(sorted(a) or 'b'), [*'x']\n", id="set-parens-not-shorter"
        ),
        pytest.param("y = tuple('t'), set('t') is t\n", "y = tuple('t'), {*'t'} is t\n", id="identity-keeps-tuple"),
        pytest.param("list = 1\ny = set('x'), list\n", "list = 1\ny = {*'x'}, list\n", id="other-name-bound"),
        # `sorted` may not be the builtin: its result may not be iterable.
        pytest.param(
            "sorted = g\ny = set('x'), list(sorted(x))\n", "sorted = g\ny = {*'x'}, list(sorted(x))\n", id="bound"
        ),
    ],
)
def test_unpack_builtins_changes(before: str, after: str) -> None:
    assert_changes_offered(UNPACK_BUILTINS, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        # The exactness guard: these names may not be the builtins.
        pytest.param("set = frozenset\ny = set(x)\n", "set is bound", id="set-rebound"),
        pytest.param("def f(list): return list(x)\n", "list is bound", id="parameter"),
        pytest.param("class A:\n    tuple = 1\ny = tuple(x)\n", "tuple is bound", id="class-attribute"),
        pytest.param("from foo import *\ny = set(x)\n", "could bind any name", id="star-import"),
        pytest.param("from foo import set\ny = set(x)\n", "set is bound", id="import"),
        pytest.param("def f():\n    global list\ny = list(x)\n", "list is bound", id="global"),
        pytest.param("y = set(x)\nglobals()['set'] = 1\n", "could rebind a builtin", id="globals"),
        # The builtins module is reachable from a builtin function, any function or a frame.
        pytest.param("print.__self__.list = f\ny = list('ab')\n", "__self__", id="builtin-self"),
        pytest.param("f.__globals__['__builtins__'].list = f\ny = list('ab')\n", "__globals__", id="globals-attr"),
        pytest.param("g.f_builtins['list'] = f\ny = list('ab')\n", "f_builtins", id="frame-builtins"),
        pytest.param("y = tuple(t) is t\n", "is or id", id="tuple-identity"),
        pytest.param("y = tuple(t)\nz = id(y)\n", "is or id", id="tuple-id"),
        pytest.param("y = set()\n", "no call", id="no-argument"),
        pytest.param("y = set(*x)\n", "no call", id="starred"),
        pytest.param("y = list(x, y)\n", "no call", id="two-arguments"),
        pytest.param("y = set(a for a in b)\n", "no call", id="generator"),
        pytest.param("y = set(sorted(a) or 'b')\n", "would get shorter", id="set-parens"),
        pytest.param("print(f\"{set('ab')}\")\n", "would get shorter", id="in-f-string"),
        # `list(5)` and `[*5]` fail with different messages: only a surely iterable argument changes.
        pytest.param("try: list(5)\nexcept TypeError as e: print(e)\n", "surely iterable", id="not-iterable"),
        pytest.param("y = list(x), set(a.b), tuple(f(x)), list(s.split())\n", "surely iterable", id="unknown"),
        pytest.param("y = list(b'a b'.split()), list(a or 'b')\n", "surely iterable", id="unknown-parts"),
    ],
)
def test_unpack_builtins_refuses(before: str, reason: str) -> None:
    assert_refuses_unoffered(UNPACK_BUILTINS, before, reason)


def test_unpack_builtins_is_exact() -> None:
    assert not UNPACK_BUILTINS.trial
    source = "x='abcab'\ny=(sorted(set(x)),list(range(4)),tuple(map(str,x)),list(sorted(a) or 'q'),tuple(range(3)))\n"
    unpacked = applied(UNPACK_BUILTINS, source)
    assert "set(x)" in unpacked  # `x` is not surely iterable here
    assert unpacked.count("*") == 4
    before, after = run_both(UNPACK_BUILTINS, source, {"a": "", "b": "q"})
    assert before["y"] == after["y"]
