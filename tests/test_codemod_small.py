"""The small technique codemods: short-literals, print-args, range-repeat and walrus-lambda.

One table of before/after snippets (exact output) and one of refusals (a part of the
reason) per technique, then the real checker on original.py and on a golfed original.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from codemod_asserts import assert_changes, assert_refuses
from conftest import VARIANTS

from golf import codemods
from golf.codemods import Applied
from golf.codemods.print_args import TECHNIQUE as PRINT_ARGS
from golf.codemods.range_repeat import TECHNIQUE as RANGE_REPEAT
from golf.codemods.short_literals import TECHNIQUE as SHORT_LITERALS
from golf.codemods.technique import run_technique
from golf.codemods.walrus_lambda import TECHNIQUE as WALRUS_LAMBDA
from golf.engine.check import check_many

SMALL = (SHORT_LITERALS, PRINT_ARGS, RANGE_REPEAT, WALRUS_LAMBDA)
TINY_DATA = "ab\nba\naab\nb\nbba\na\n"


# ---------------------------------------------------------------------------
# short-literals
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("x = 0.5\n", "x = .5\n", id="leading-zero"),
        pytest.param("x = 0.0\n", "x = 0.\n", id="zero-stays-float"),
        pytest.param("x = 1.0\n", "x = 1.\n", id="one-stays-float"),
        pytest.param("x = 0.08\n", "x = .08\n", id="small"),
        pytest.param("x = 1e-08\n", "x = 1e-8\n", id="exponent-zeros"),
        pytest.param("x = 100.0\n", "x = 1e2\n", id="exponent-shorter"),
        pytest.param("x = 10.0\n", "x = 10.\n", id="tie-keeps-positional"),
        pytest.param("x = 0.1000000000000000055511151231257827\n", "x = .1\n", id="same-float-fewer-digits"),
        pytest.param("x = 0x10 + 1_000\n", "x = 16 + 1000\n", id="ints-stay-ints"),
        pytest.param("x = 18446744073709551616\n", "x = 0x10000000000000000\n", id="hex-when-shorter"),
        pytest.param("y = 0.5.hex() + 1.0.real\n", "y = .5.hex() + 1..real\n", id="attribute-on-literal"),
        pytest.param("z = x**-0.5 if 0.5 else 1.0\n", "z = x**-.5 if .5 else 1.\n", id="operators"),
        pytest.param('s = "0.5"; f = f"{0.5}"\n', 's = "0.5"; f = f"{.5}"\n', id="strings-alone"),
    ],
)
def test_short_literals_changes(before: str, after: str) -> None:
    assert_changes(SHORT_LITERALS, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param("x = .5 + 1 .real + 1e2 + 1j\n", "already in its shortest form", id="already-short"),
        pytest.param("x = 1e400\n", "already in its shortest form", id="infinity-left-alone"),
        pytest.param(
            "x = a if 1000000000000000000000else b\n",
            "runs into the next token",
            id="hex-eats-else",
            marks=pytest.mark.filterwarnings("ignore::SyntaxWarning"),  # `0else` is legal but warned about
        ),
    ],
)
def test_short_literals_refuses(before: str, reason: str) -> None:
    assert_refuses(SHORT_LITERALS, before, reason)


# ---------------------------------------------------------------------------
# print-args
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param('print(f"num docs: {len(docs)}")\n', 'print("num docs:",len(docs))\n', id="one-value"),
        pytest.param('print(f"{x}")\n', "print(x)\n", id="value-only"),
        pytest.param('print(f" {x}", end="")\n', 'print("",x, end="")\n', id="keeps-end"),
        pytest.param('print(f"a {x} b {y.z} c")\n', 'print("a",x,"b",y.z,"c")\n', id="several-values"),
        pytest.param('print(f"{x} {y}")\n', "print(x,y)\n", id="values-side-by-side"),
        pytest.param('print(f"a  {x}  b")\n', 'print("a ",x," b")\n', id="extra-spaces-stay-text"),
        pytest.param('print(f"a {x!s}")\n', 'print("a",x)\n', id="str-conversion"),
        pytest.param('print(f"a {b, c}")\n', 'print("a",(b, c))\n', id="tuple-stays-one-argument"),
        pytest.param('print(f"{{a}} {x}")\n', 'print("{a}",x)\n', id="braces"),
        pytest.param("print(f'it\"s {x}')\n", "print('it\"s',x)\n", id="keeps-quotes"),
        pytest.param('print(1, f"a {x}", 2)\n', 'print(1, "a",x, 2)\n', id="among-arguments"),
    ],
)
def test_print_args_changes(before: str, after: str) -> None:
    assert_changes(PRINT_ARGS, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param('print = log\nprint(f"a {x}")\n', "print is bound", id="print-rebound"),
        pytest.param(
            'class A:\n    def __format__(self, spec):\n        return "A"\n\nprint(f"a {A()}")\n',
            "__format__",
            id="own-format",
        ),
        pytest.param('print(f"a {x}", sep="")\n', "no print call", id="sep"),
        pytest.param('print(f"a {x}", **kw)\n', "no print call", id="kwargs-may-hold-sep"),
        pytest.param('print(f"a {x:4d}")\n', "no print call", id="format-spec"),
        pytest.param('print(f"a {x!r}")\n', "no print call", id="repr-conversion"),
        pytest.param('print(f"{x=}")\n', "no print call", id="debug-form"),
        pytest.param('print(f"a{x}")\n', "no print call", id="no-space-before"),
        pytest.param('print(f"a {x}b")\n', "no print call", id="no-space-after"),
        pytest.param('print(f"a {x} {f()}")\n', "no print call", id="later-value-is-a-call"),
        pytest.param('log(f"a {x}")\n', "no print call", id="not-print"),
        pytest.param('print(f"a {x}", g())\n', "no print call", id="later-argument-is-a-call"),
    ],
)
def test_print_args_refuses(before: str, reason: str) -> None:
    assert_refuses(PRINT_ARGS, before, reason)


# ---------------------------------------------------------------------------
# range-repeat
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            "m = [[g() for _ in range(nin)] for _ in range(nout)]\n",
            "m = [[g() for _ in[0]*nin] for _ in[0]*nout]\n",
            id="nested-comprehensions",
        ),
        pytest.param(
            """
            def f(n):
                for _ in range(n):
                    g()
            """,
            """
            def f(n):
                for _ in[0]*n:
                    g()
            """,
            id="for-statement",
        ),
        pytest.param("x = [0 for _ in range(a + b)]\n", "x = [0 for _ in[0]*(a + b)]\n", id="parenthesised"),
        pytest.param("x = [0 for _ in range(-a)]\n", "x = [0 for _ in[0]*-a]\n", id="sign-binds-tighter"),
        pytest.param("x = [0 for _ in range(not a)]\n", "x = [0 for _ in[0]*(not a)]\n", id="not-binds-looser"),
        pytest.param("for i in range(3):\n    g()\n", "for i in[0]*3:\n    g()\n", id="top-level-literal"),
    ],
)
def test_range_repeat_changes(before: str, after: str) -> None:
    assert_changes(RANGE_REPEAT, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param("x = [i for i in range(3)]\n", "has an unread variable", id="read-in-element"),
        pytest.param("x = [[i for a in b] for i in range(3)]\n", "has an unread variable", id="read-inside"),
        pytest.param(
            "def f(n):\n    for i in range(n):\n        g()\n    return i\n",
            "has an unread variable",
            id="read-after-loop",
        ),
        pytest.param(
            "def f():\n    for i in range(3):\n        g()\n    i += 1\n", "has an unread variable", id="augmented"
        ),
        pytest.param("x = [0 for _ in range(1, 3)]\n", "has an unread variable", id="two-arguments"),
        pytest.param("for step in range(num_steps):\n    g()\n", "has an unread variable", id="training-loop"),
        pytest.param("class A:\n    for _ in range(3):\n        g()\n", "has an unread variable", id="class-body"),
        pytest.param("range = list\nx = [0 for _ in range(3)]\n", "range is bound", id="range-rebound"),
        pytest.param("import numpy\nx = [0 for _ in range(n)]\n", "imports numpy", id="third-party-ints"),
        pytest.param(
            "class I:\n    def __index__(self):\n        return 2\n\nx = [0 for _ in range(n)]\n",
            "__index__",
            id="user-index",
        ),
        pytest.param("x = [locals() for _ in range(3)]\n", "uses locals", id="introspection"),
    ],
)
def test_range_repeat_refuses(before: str, reason: str) -> None:
    assert_refuses(RANGE_REPEAT, before, reason)


# ---------------------------------------------------------------------------
# walrus-lambda
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            "class r:\n def __add__(b,a):a=a if isinstance(a,r)else r(a);return r(b.data+a.data,(b,a),(1,1))\n",
            "class r:\n __add__ = lambda b,a: r(b.data+(a:=a if isinstance(a,r)else r(a)).data,(b,a),(1,1))\n",
            id="golfed-method",
        ),
        pytest.param(
            """
            def f(a):
                # why
                x = g(a)  # note
                return x + x
            """,
            """
            # why
            # note
            f = lambda a: (x:=g(a)) + x
            """,
            id="indented-keeps-comments",
        ),
        pytest.param("def f(a):x=g(a);return h(x)\n", "f = lambda a: h(x:=g(a))\n", id="bare-argument"),
        pytest.param("def f(a):x=g(a);return a.b+x\n", "f = lambda a: a.b+(x:=g(a))\n", id="after-plain-reads"),
        pytest.param("def f(a):x=g(a);return a if x else 0\n", "f = lambda a: a if (x:=g(a)) else 0\n", id="test"),
        pytest.param("def f(a):x=1,2;return x\n", "f = lambda a: (x:=(1,2))\n", id="tuple-value"),
        pytest.param("def f(a):x=g(a);y=k(x);return y*x\n", "f = lambda a: (y:=k(x:=g(a)))*x\n", id="two-assignments"),
        pytest.param("def f(a):x=g(a);x=k(x);return x\n", "f = lambda a: (x:=k(x:=g(a)))\n", id="reassigned"),
    ],
)
def test_walrus_lambda_changes(before: str, after: str) -> None:
    assert_changes(WALRUS_LAMBDA, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param("def f(a):x=g(a);return h(a)+x\n", "a call runs before the first read of x", id="call-first"),
        pytest.param("def f(a):x=g(a);return a[0]+x\n", "indexing runs before", id="index-first"),
        pytest.param("def f(a):x=g(a);return a and x\n", "truth test", id="conditional-read"),
        pytest.param("def f(a):x=g(a);y=k(a);return y*x\n", "a call runs before the first read of x", id="order"),
        pytest.param("def f(a):x=g(a);return [x for b in a]\n", "inside a lambda or comprehension", id="comp"),
        pytest.param("def f(a):x=g(a);return [b for b in x]\n", "inside a lambda or comprehension", id="iterable"),
        pytest.param("def f(a):x=g(a);return lambda:x\n", "inside a lambda or comprehension", id="lambda"),
        pytest.param("def f(a):x=g(a);return 1\n", "never read", id="unread"),
        pytest.param(
            "def f(a):x=g(a);return a.b+x\ndef h(c):c.b=1\n", "reading .b, which a function sets", id="attr-set"
        ),
        pytest.param(
            "def f(a):x=g(a);return z+x\ndef k():\n global z\n z=1\n", "reading z, which the value could", id="global"
        ),
        pytest.param("def f(a):x=(y:=g(a));return x\n", "has a walrus", id="walrus-in-value"),
        pytest.param("@d\ndef f(a):x=g(a);return x\n", "has decorators", id="decorated"),
        pytest.param("def f(a):x=g(a);return x.__name__\n", "__name__", id="name-read"),
        pytest.param("def f(a):\n    global x\n    x = 1\n    return x\n", "no function has", id="global-target"),
        pytest.param("def f(a):return a\n", "no function has", id="no-assignment"),
    ],
)
def test_walrus_lambda_refuses(before: str, reason: str) -> None:
    assert_refuses(WALRUS_LAMBDA, before, reason)


# ---------------------------------------------------------------------------
# Exactness with the real checker
# ---------------------------------------------------------------------------
#: Registered techniques that golf original.py the way the shrink search does, keeping
#: `def __add__(b,a):a=...;return ...` for walrus-lambda (decorator-value would take it).
_GOLF = ["strip-comments-docstrings", "drop-slots", "merge-imports", "rename-short", "join-statements"]


def _golfed(source: str) -> str:
    for name in [*_GOLF, "squeeze-whitespace"]:
        outcome = codemods.apply(name, source)
        assert isinstance(outcome, Applied), outcome
        source = outcome.source
    return source


def test_on_original_and_golfed_original_is_identical(tmp_path: Path, run_cache: Path) -> None:
    original = (VARIANTS / "original.py").read_text(encoding="utf-8")
    sources = {}
    for technique in SMALL:
        outcome = run_technique(technique, original)
        assert isinstance(outcome, Applied), outcome
        sources[f"original_{technique.name}"] = outcome.source
    golfed = _golfed(original)
    for technique in SMALL:  # one after the other, as the search would chain them
        outcome = run_technique(technique, golfed)
        assert isinstance(outcome, Applied), outcome
        golfed = outcome.source
    squeezed = codemods.apply("squeeze-whitespace", golfed)
    assert isinstance(squeezed, Applied), squeezed
    assert re.search(r"__add__=lambda (\w),(\w):\w\(\1\.data\+\(\2:=", squeezed.source)  # walrus-lambda's work
    sources["golfed_all_four"] = squeezed.source
    data = tmp_path / "tiny.txt"
    data.write_text(TINY_DATA)
    paths = []
    for name, source in sources.items():
        path = tmp_path / f"{name.replace('-', '_')}.py"
        path.write_text(source)
        paths.append(path)
    verdicts = check_many(paths, VARIANTS / "original.py", steps=2, data=data, cache_dir=run_cache)
    wrong = [(p.name, v.verdict, v.failure) for p, v in zip(paths, verdicts, strict=True) if v.verdict != "identical"]
    assert not wrong
