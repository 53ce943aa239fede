"""unroll-loops and dict-to-names: before/after snippets, refusals, and exactness with the real checker.

Snippets are dedented; "changes" tables give the exact output, "refuses" tables a part of
the reason. The last test runs original.py, and a golfed form of it (one-letter names,
`;`-joined lines), through unroll-loops then dict-to-names and checks every result at a
few steps on a tiny data set.
"""

from __future__ import annotations

import ast
from pathlib import Path

import libcst as cst
import pytest
from codemod_asserts import code
from conftest import VARIANTS

from golf import codemods
from golf.codemods import dict_to_names, unroll_loops
from golf.codemods.technique import Applied, Refused, Technique, run_technique
from golf.engine.check import check_many

ORIGINAL = (VARIANTS / "original.py").read_text(encoding="utf-8")
TINY_DATA = "ab\nba\naab\nb\nbba\na\n"


def _apply(technique: Technique, source: str, params: dict[str, str] | None = None) -> str:
    outcome = run_technique(technique, source, params)
    assert isinstance(outcome, Applied), outcome
    ast.parse(outcome.source)
    return outcome.source


# ---------------------------------------------------------------------------
# unroll-loops
# ---------------------------------------------------------------------------
UNROLL_CHANGES = [
    pytest.param("for i in range(1):\n    print(i)\n", "print(0)\n", id="literal-bound"),
    pytest.param(
        """
        # the size
        n = 1
        x = 2
        for i in range(n):
            print(i, x)
        """,
        """
        # the size
        x = 2
        print(0, x)
        """,
        id="name-bound-and-its-assignment-go",
    ),
    pytest.param("a, n, b = 16, 1, 3\nfor i in range(n):\n    p(i)\n", "a, b = 16, 3\np(0)\n", id="tuple-bound"),
    pytest.param("a, n = 16, 1\nfor i in range(n):\n    p(i)\n", "a = 16\np(0)\n", id="tuple-bound-left-one"),
    pytest.param("for i in range(1):a(i);b(i)\n", "a(0);b(0)\n", id="golfed-suite"),
    pytest.param(
        "from math import *\nc=1\nfor i in range(c):p(i,e)\n", "from math import *\np(0,e)\n", id="star-import"
    ),
    pytest.param(
        """
        def f(x):
         for e in range(1):
          x=g(x,e)
          for h in range(4):x=k(x,h,e)
         return x
        """,
        """
        def f(x):
         x=g(x,0)
         for h in range(4):x=k(x,h,0)
         return x
        """,
        id="in-a-function-one-space-indent",
    ),
    pytest.param(
        "for i in range(1):\n    print(f\"a{i}b{{c}}\", f'{i:3d}', rf\"\\{i}\", f'{i!r}')\n",
        "print(\"a0b{c}\", f'{0:3d}', r\"\\0\", f'{0!r}')\n",
        id="f-strings-fold",
    ),
    pytest.param(
        "for i in range(1):\n    a = i\nprint(i)\n", "i = 0\na = 0\nprint(i)\n", id="read-after-keeps-binding"
    ),
    pytest.param(
        """
        for s in range(9):
            print(i)
            for i in range(1):
                p(i)
        """,
        """
        for s in range(9):
            print(i)
            i = 0
            p(0)
        """,
        id="read-before-in-an-outer-loop",
    ),
    pytest.param(
        """
        for s in range(9):
            for i in range(1):
                p(i)
            for i, q in enumerate(x):
                m[i] = q
        """,
        """
        for s in range(9):
            p(0)
            for i, q in enumerate(x):
                m[i] = q
        """,
        id="later-loop-rebinds-first",
    ),
    pytest.param("for i in range(1):\n    i = 5\n    print(i)\n", "i = 0\ni = 5\nprint(i)\n", id="body-rebinds"),
    pytest.param(
        "def f(g):\n    for a in range(1):\n        print([a[1] for a in g[a]])\n",
        "def f(g):\n    print([a[1] for a in g[0]])\n",
        # the comprehension's `a` is its own; only the first iterable reads the loop's
        id="comprehension-binds-the-same-name",
    ),
    pytest.param("for i in range(1):\n    f = lambda: i\n", "i = 0\nf = lambda: i\n", id="lazy-read-lambda"),
    pytest.param(
        "for i in range(1):\n    g = (i for _ in x)\n", "i = 0\ng = (i for _ in x)\n", id="lazy-read-generator"
    ),
    pytest.param("for i in range(1):\n    print(f'{i=}')\n", "i = 0\nprint(f'{i=}')\n", id="self-documenting-field"),
    pytest.param(
        "def f():\n    global i\n    for i in range(1):\n        p(i)\n",
        "def f():\n    global i\n    i = 0\n    p(i)\n",
        id="global-name",
    ),
    pytest.param("for i in range(1):\n    print(i.real)\n", "print((0).real)\n", id="attribute-of-zero"),
    pytest.param(
        "for i in range(1):\n    for j in range(1):\n        print(i, j)\n", "print(0, 0)\n", id="nested-loops"
    ),
    pytest.param(
        "for i in range(1):  # once\n    p(i)  # here\n",
        "# once\np(0)  # here\n",
        id="comments-kept",
    ),
    pytest.param(
        "n = 1\nx = [[] for _ in range(n)]\ny = [i * 2 for i in range(1)]\nz = [[j for i in r] for j in range(1)]\n",
        "x = [[]]\ny = [0 * 2]\nz = [[0 for i in r]]\n",
        id="list-comprehensions",
    ),
]


@pytest.mark.parametrize(("before", "after"), UNROLL_CHANGES)
def test_unroll_loops_changes(before: str, after: str) -> None:
    assert _apply(unroll_loops.TECHNIQUE, code(before)) == code(after)


UNROLL_REFUSES = [
    pytest.param("for i in range(1):\n    p(i)\n    break\n", "break or continue", id="break"),
    pytest.param("for i in range(1):\n    if i:\n        continue\n", "break or continue", id="continue"),
    pytest.param("for i in range(1):\n    p(i)\nelse:\n    q()\n", "else clause", id="else"),
    pytest.param("for a, b in range(1):\n    p(a)\n", "not a plain name", id="tuple-target"),
    pytest.param("n = 1\nn += 1\nfor i in range(n):\n    p(i)\n", "runs exactly once", id="bound-rebound"),
    pytest.param(
        "n = 1\ndef f():\n    n = 2\n    for i in range(n):\n        p(i)\n", "runs exactly once", id="bound-shadowed"
    ),
    pytest.param("def f():\n    for i in range(n):\n        p(i)\nn = 1\n", "runs exactly once", id="bound-set-later"),
    pytest.param("n = 2\nfor i in range(n):\n    p(i)\n", "runs exactly once", id="bound-two"),
    pytest.param("e = 1\nfrom math import *\nfor i in range(e):\n    p(i)\n", "runs exactly once", id="star-import"),
    pytest.param(
        "n = 1\nfor i in range(n):\n    p(i)\n    break\nfor j in range(n):\n    p(j)\n",
        "n bounds a top-level loop that has break or continue",
        id="step-bound-kept",
    ),
    pytest.param("from golf import *\nfor i in range(1):\n    p(i)\n", "could bind any name", id="unknown-star"),
    pytest.param("range = list\nfor i in range(1):\n    p(i)\n", "rebinds range", id="range-rebound"),
    pytest.param("for i in range(1):\n    exec('p(i)')\n", "calls exec", id="exec"),
    pytest.param("x = [i for i in range(1) if i]\n", "an `if`", id="comprehension-if"),
    pytest.param("x = [i for i in range(1) for j in y]\n", "several `for`s", id="comprehension-two-fors"),
    pytest.param("class A:\n    x = [k for _ in range(1)]\n", "class body", id="comprehension-in-class"),
]


@pytest.mark.parametrize(("source", "reason"), UNROLL_REFUSES)
def test_unroll_loops_refuses(source: str, reason: str) -> None:
    outcome = run_technique(unroll_loops.TECHNIQUE, code(source))
    assert isinstance(outcome, Refused), outcome
    assert reason in outcome.reason


# ---------------------------------------------------------------------------
# dict-to-names
# ---------------------------------------------------------------------------
DICT_CHANGES = [
    pytest.param(
        """
        D = {"a": 1}
        def f(D):
            for x, D in D:
                print(D)
        print(D["a"], f(D["a"]))
        """,
        {},
        """
        a = 1
        def f(D):
            for x, D in D:
                print(D)
        print(a, f(a))
        """,
        id="a-function's-own-D-is-left-alone",
    ),
    pytest.param(
        'D = {"a": f(), "b": g()}\nprint(D["a"], D["b"])\n', {}, "a = f()\nb = g()\nprint(a, b)\n", id="display-order"
    ),
    pytest.param(
        """
        D = {"a": 1}
        D["layer0.wq"] = 2
        def f():
            return D["layer0.wq"]
        for v in D.values():
            print(v, [*D.values()])
        """,
        {},
        """
        a = 1
        layer0_wq = 2
        def f():
            return layer0_wq
        for v in [a, layer0_wq]:
            print(v, [*[a, layer0_wq]])
        """,
        id="stores-loads-values",
    ),
    pytest.param(
        'x=1;D={"a":f(),"b":g()};y=2\nprint(D["a"]);z=[v for v in D.values()]\n',
        {},
        "x=1;a=f();b=g();y=2\nprint(a);z=[v for v in [a,b]]\n",
        id="golfed-joined-line",
    ),
    pytest.param('x=1;D={"a":f()}\nprint(D["a"])\n', {}, "x=1;a=f()\nprint(a)\n", id="golfed-last-in-line"),
    pytest.param(
        'a = 5\nD = {"a": 1}\nprint(D["a"], a, x.D, f(D=2))\n',
        {},
        "a = 5\na_2 = 1\nprint(a_2, a, x.D, f(D=2))\n",
        id="no-clash",
    ),
    pytest.param('D = {}\nD["1x"] = 1\nprint(D["1x"])\n', {}, "_1x = 1\nprint(_1x)\n", id="empty-display"),
    pytest.param(
        'D = {"wte": 1, "lm_head": 2}\nprint(D["wte"] + D["lm_head"], a)\n',
        {"names": "short"},
        "b = 1\nc = 2\nprint(b + c, a)\n",
        id="short-names",
    ),
    pytest.param(
        'D = {"x": f()}\nt = [p for a in D.values() for D in a for p in D]\n',
        {},
        "x = f()\nt = [p for a in [x] for D in a for p in D]\n",
        # the later `b`s are the comprehension's own (LibCST links the last one to the module's `b`)
        id="comprehension-rebinds-the-name",
    ),
    pytest.param(
        'D = {"a": 1}\nclass C:\n    x = D["a"]\n    D = 2\n',
        {},
        "a = 1\nclass C:\n    x = a\n    D = 2\n",
        # the class body reads the module's D until it binds its own
        id="class-body-reads-before-binding",
    ),
    pytest.param(
        'D = {"a": [1]}\nD["b"] = [2]\nx = sum(D.values(), [])\n',
        {},
        "a = [1]\nb = [2]\nx = sum([a, b], [])\n",
        id="values-summed",
    ),
]


@pytest.mark.parametrize(("before", "params", "after"), DICT_CHANGES)
def test_dict_to_names_changes(before: str, params: dict[str, str], after: str) -> None:
    assert _apply(dict_to_names.TECHNIQUE, code(before), {"name": "D", **params}) == code(after)


DICT_REFUSES = [
    pytest.param('D = {"a": 1}\nprint(D.items())\n', "line 2: D used other than", id="items"),
    pytest.param('D = {"a": 1}\nprint(len(D))\n', "line 2: D used other than", id="len"),
    pytest.param('D = {"a": 1}\nprint(D)\n', "line 2: D used other than", id="passed"),
    pytest.param('D = {"a": 1}\nprint(D.values())\n', "line 2: D.values() used other than", id="values-printed"),
    pytest.param('D = {"a": 1}\nprint(D["b"])\n', "line 2: key 'b' of D is never set", id="unknown-key"),
    pytest.param(
        'D = {"a": 1}\nfor i in range(2):\n    D[f"l{i}"] = 1\n', "line 3: D indexed by something", id="f-string-key"
    ),
    pytest.param('D = {"a": 1}\nD = {}\n', "line 2: D is bound", id="rebound"),
    pytest.param('D = {"a": 1}\ndef f():\n    global D\n    D = 2\n', "line 3: D is declared global", id="global"),
    pytest.param('D = {"a": 1}\ndel D["a"]\n', "line 2: D['a'] is set, deleted", id="del-key"),
    pytest.param('D = {"a": 1}\nD["a"] += 1\n', "line 2: D['a'] is set, deleted or updated", id="augmented"),
    pytest.param('D = {"a": 1}\ndef f():\n    D["b"] = 2\n', "line 3: D['b'] is set", id="store-in-function"),
    pytest.param('D = {"a": 1}\nprint(D["b"])\nD["b"] = 2\n', "line 2: D['b'] read before", id="read-early"),
    pytest.param(
        'D = {"a": 1}\nfor v in D.values():\n    pass\nD["b"] = 2\n', "line 2: D.values() before", id="values-early"
    ),
    pytest.param('D = {"a": 1, **E}\n', "line 1: not a constant string key", id="spread"),
    pytest.param('D = {b"a": 1}\n', "not a constant string key", id="bytes-key"),
    pytest.param('D = {"a": 1, "a": 2}\n', "key 'a' repeats", id="repeated-key"),
    pytest.param('D = {"a": 1}\nprint(eval("D"))\n', "calls eval", id="eval"),
    pytest.param('D = {"a": [1]}\nsum = max\nx = sum(D.values(), [])\n', "D.values() used", id="sum-rebound"),
    pytest.param('D = {"a": [1]}\nx = sum([], D.values())\n', "D.values() used", id="values-as-sum-start"),
    pytest.param(
        'D = {"a": [1]}\nx = sum(D.values(), [])\nprint.__self__.sum = max\n',
        "used other than as what a loop, `*` or `sum` iterates",  # sum may not be the builtin
        id="sum-maybe-rebound-unseen",
    ),
    pytest.param("D = 1\n", "not set to a dict display", id="not-a-dict"),
]


@pytest.mark.parametrize(("source", "reason"), DICT_REFUSES)
def test_dict_to_names_refuses(source: str, reason: str) -> None:
    outcome = run_technique(dict_to_names.TECHNIQUE, code(source), {"name": "D"})
    assert isinstance(outcome, Refused), outcome
    assert reason in outcome.reason


def test_dict_to_names_candidates_and_original_needs_unrolling() -> None:
    module = cst.parse_module('x = 1\nD = {"a": 1}\nE = {}\ndef f():\n    F = {}\n')
    assert dict_to_names.TECHNIQUE.candidates(module) == [
        {"name": "D"},
        {"name": "D", "names": "short"},
        {"name": "E"},
        {"name": "E", "names": "short"},
    ]
    outcome = run_technique(dict_to_names.TECHNIQUE, ORIGINAL, {"name": "state_dict"})
    assert isinstance(outcome, Refused) and "unroll-loops may fold an f-string" in outcome.reason


# ---------------------------------------------------------------------------
# Exactness with the real checker
# ---------------------------------------------------------------------------
def _golfed(source: str) -> str:
    """original.py in golfed form, built with the registered techniques."""
    for name in ("strip-comments-docstrings", "rename-short", "lambda-defs", "join-statements", "squeeze-whitespace"):
        if name in codemods.TECHNIQUES:
            outcome = codemods.apply(name, source)
            source = outcome.source if isinstance(outcome, Applied) else source
    return source


def _dict_name(source: str) -> str:
    (name,) = {c["name"] for c in dict_to_names.TECHNIQUE.candidates(cst.parse_module(source))}
    return name


def test_unroll_then_dict_to_names_check_identical(tmp_path: Path, run_cache: Path) -> None:
    data = tmp_path / "tiny.txt"
    data.write_text(TINY_DATA, encoding="utf-8")
    golfed = _golfed(ORIGINAL)
    assert "\n def backward" in golfed and ";" in golfed  # really golfed: one-space indents, joined lines
    unrolled = _apply(unroll_loops.TECHNIQUE, ORIGINAL)
    assert "n_layer" not in unrolled and 'f"layer' not in unrolled and "keys, values = [[]], [[]]" in unrolled
    golfed_unrolled = _apply(unroll_loops.TECHNIQUE, golfed)
    assert len(golfed_unrolled) < len(golfed) and "range(1)" not in golfed_unrolled
    variants = {
        "unrolled.py": unrolled,
        "named.py": _apply(dict_to_names.TECHNIQUE, unrolled, {"name": "state_dict"}),
        "golfed_unrolled.py": golfed_unrolled,
        "golfed_named.py": _apply(
            dict_to_names.TECHNIQUE, golfed_unrolled, {"name": _dict_name(golfed_unrolled), "names": "short"}
        ),
    }
    assert (
        "state_dict" not in variants["named.py"] and "layer0_attn_wq = matrix(n_embd, n_embd)" in variants["named.py"]
    )
    assert len(variants["golfed_named.py"]) < len(golfed_unrolled)
    paths = []
    for name, source in variants.items():
        paths.append(tmp_path / name)
        paths[-1].write_text(source, encoding="utf-8")
    verdicts = check_many(paths, VARIANTS / "original.py", steps=2, data=data, cache_dir=run_cache)
    # Identical, not output-only: the parameters' gradients are still found and compared without the dict.
    assert {p.name: v.verdict for p, v in zip(paths, verdicts, strict=True)} == dict.fromkeys(variants, "identical")
