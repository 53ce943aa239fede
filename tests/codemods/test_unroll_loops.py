"""unroll-loops: before/after snippets (exact output), refusals (a part of the reason), and the real checker."""

from __future__ import annotations

import pytest

from golf.codemods import unroll_loops

from .conftest import CheckSources
from .helpers import applied, assert_changes, assert_refuses

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
    assert_changes(unroll_loops.TECHNIQUE, before, after)


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
    assert_refuses(unroll_loops.TECHNIQUE, source, reason)


def test_original_and_golfed_original_unrolled_check_identical(
    original: str, golfed_original: str, check_sources: CheckSources
) -> None:
    unrolled = applied(unroll_loops.TECHNIQUE, original)
    assert "n_layer" not in unrolled and 'f"layer' not in unrolled and "keys, values = [[]], [[]]" in unrolled
    golfed_unrolled = applied(unroll_loops.TECHNIQUE, golfed_original)
    assert len(golfed_unrolled) < len(golfed_original) and "range(1)" not in golfed_unrolled
    variants = {"unrolled": unrolled, "golfed_unrolled": golfed_unrolled}
    assert {name: v.verdict for name, v in check_sources(variants).items()} == dict.fromkeys(variants, "identical")
