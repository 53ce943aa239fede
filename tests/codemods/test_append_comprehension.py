"""append-comprehension: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from golf.codemods import Applied
from golf.codemods.append_comprehension import TECHNIQUE as APPEND_COMPREHENSION
from golf.codemods.technique import run_technique

from .helpers import assert_changes_offered, assert_refuses_unoffered


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("L = []\nfor x in a:\n    L.append(f(x))\n", "L = [f(x) for x in a]\n", id="plain"),
        pytest.param("k = 1; L = []\nfor x in a: L.append(x)\n", "k = 1; L = [x for x in a]\n", id="joined-lines"),
        pytest.param(
            """
            def f(t, n):
                L = []
                for i in range(n):
                    a = g(i)
                    b = h(a)
                    L.append(-b.c)
                return L
            """,
            """
            def f(t, n):
                L = [-h(g(i)).c for i in range(n)]
                return L
            """,
            id="chain-in-function",
        ),
        pytest.param(
            "L = []\nfor x in a:\n    y = x + 1\n    L.append(y * 2)\n",
            "L = [(x + 1) * 2 for x in a]\n",
            id="precedence",
        ),
        pytest.param("n, L = 3, []\nfor x in a:\n    L.append(x)\n", "n = 3;L = [x for x in a]\n", id="tuple-pair"),
        pytest.param(
            "if c:\n    n, L, (b) = 3, [], []\n    for x in a:\n        L.append(x)\n",
            "if c:\n    n, (b) = 3, [];L = [x for x in a]\n",
            id="tuple-of-three",
        ),
        pytest.param("L, M = [], []\nfor x in a:\n    L.append(x)\n", "M = [];L = [x for x in a]\n", id="two-lists"),
        pytest.param("L = []\nfor x in a, b:\n    L.append(x)\n", "L = [x for x in (a, b)]\n", id="tuple-iterable"),
        pytest.param(
            "L = []\nfor x in a if c else b:\n    L.append(x)\n",
            "L = [x for x in (a if c else b)]\n",
            id="conditional-iter",
        ),
        pytest.param(
            "L = []\nfor x in a:\n    L.append(t for t in b)\n", "L = [(t for t in b) for x in a]\n", id="genexp"
        ),
        pytest.param(
            "L = []\nfor i, (p, q) in a:\n    L.append(p * i)\n", "L = [p * i for i, (p, q) in a]\n", id="tuple-target"
        ),
        pytest.param(
            "L = []\nfor x in a:\n    L.append(x)\nx = 0\nprint(x)\n",
            "L = [x for x in a]\nx = 0\nprint(x)\n",
            id="variable-assigned-again",
        ),
        pytest.param(
            "for s in r:\n    L = []\n    for x in a:\n        L.append(x)\n    for x in b:\n        print(x)\n",
            "for s in r:\n    L = [x for x in a]\n    for x in b:\n        print(x)\n",
            id="next-loop-binds-it",
        ),
        # M[C+1] moves after the call of S: M is frozen (only fresh lists, only loads and len) and C an int.
        pytest.param(
            """
            for B in range(d):
                M = [E] + [g(a) for a in B] + [E]
                n = len(M) - 1; T = []
                for C in range(n): z, Z = M[C], M[C + 1]; T.append(-S(z, C)[Z].a())
            """,
            """
            for B in range(d):
                M = [E] + [g(a) for a in B] + [E]
                n = len(M) - 1; T = [-S(M[C], C)[M[C + 1]].a() for C in range(n)]
            """,
            id="frozen-index-passes-call",
        ),
    ],
)
def test_append_comprehension_changes(before: str, after: str) -> None:
    assert_changes_offered(APPEND_COMPREHENSION, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param("L = []\nprint(1)\nfor x in a:\n    L.append(x)\n", "no `L = []` followed", id="not-adjacent"),
        pytest.param("L = []\nfor x in a:\n    L.append(x)\nprint(x)\n", "x is read after the loop", id="leaks"),
        pytest.param("L = []\nfor x in a:\n    L.append(x)\nx += 1\n", "x is read after", id="augmented-after"),
        pytest.param("L = []\nfor x in a:\n    L.append(x)\ndel x\n", "x is read after", id="deleted-after"),
        pytest.param(
            "L = []\nfor x in a:\n    y = g(x)\n    L.append(y)\nprint(y)\n", "y is read after", id="assigned-leaks"
        ),
        pytest.param(
            "for s in r:\n    print(x)\n    L = []\n    for x in a:\n        L.append(x)\n",
            "x is read after the loop",
            id="read-in-next-round",
        ),
        pytest.param(
            "def f():\n    return x\nL = []\nfor x in a:\n    L.append(x)\n",
            "read by a nested function",
            id="global-read",
        ),
        pytest.param("L, a[L] = [], 1\nfor x in a:\n    L.append(x)\n", "followed by", id="tuple-uses-list"),
        pytest.param("L = M = []\nfor x in a:\n    L.append(x)\n", "followed by", id="aliased"),
        pytest.param("L = []\nfor x in a:\n    L.append(len(L))\n", "L is read in the loop", id="reads-list"),
        pytest.param("L = []\nfor x in a:\n    y = g(x)\n    L.append(y + y)\n", "not read exactly once", id="twice"),
        pytest.param("L = []\nfor x in a:\n    y = g(x)\n    L.append(x)\n", "not read exactly once", id="unread"),
        pytest.param(
            "L = []\nfor x in a:\n    b = y\n    y = g(x)\n    L.append(b)\n",
            "not read exactly once",
            id="previous-round",
        ),
        pytest.param(
            "L = []\nfor x in a:\n    y = g(x)\n    L.append(1 if c else y)\n",
            "zero or several times",
            id="conditional",
        ),
        # The exactness guard: a value that calls code, or reads state a call could change, stays put.
        pytest.param(
            "L = []\nfor x in a:\n    y = g(x)\n    L.append(h(x) + y)\n", "moving the value of y", id="call-past-call"
        ),
        pytest.param(
            "def f(M, n):\n    L = []\n    for i in range(n):\n        a = M[i]\n        L.append(g(i) + a)\n",
            "moving the value of a",
            id="index-of-parameter",
        ),
        pytest.param(
            "M = [1, 2]\nM.append(3)\nL = []\nfor i in range(2):\n    a = M[i]\n    L.append(g(i) + a)\n",
            "moving the value of a",
            id="index-of-mutated-list",
        ),
        pytest.param(
            "M = [1, 2]\nL = []\nfor i in a:\n    b = M[i]\n    L.append(g(i) + b)\n",
            "moving the value of b",
            id="index-not-known-int",
        ),
        pytest.param("L = []\nfor x in a:\n    L.append(lambda: x)\n", "lambda or generator", id="late-binding"),
        pytest.param(
            "L = []\nfor x in a:\n    if x:\n        L.append(x)\n", "followed by a loop that ends with", id="if"
        ),
        pytest.param(
            "L = []\nfor x in a:\n    print(x)\n    L.append(x)\n", "other than single assignments", id="side-statement"
        ),
        pytest.param("L = []\nfor x in a:\n    L.append(x)\nelse:\n    pass\n", "else clause", id="else"),
        pytest.param("L = []\nfor x in a:\n    b, *c = x\n    L.append(c)\n", "not to names", id="unpacking"),
        pytest.param("L = []\nfor x in a:\n    y = (z := x)\n    L.append(y)\n", ":=", id="walrus"),
        pytest.param(
            "L = []\nfor step in range(num_steps):\n    L.append(step)\n", "training loop", id="training-loop"
        ),
        pytest.param("class A:\n    L = []\n    for x in a:\n        L.append(x)\n", "class body", id="class-body"),
        pytest.param("with o:\n    L = []\n    for x in a:\n        L.append(x)\n", "with block", id="with"),
        pytest.param("try:\n    L = []\n    for x in a:\n        L.append(x)\nexcept E:\n    pass\n", "try", id="try"),
        pytest.param("L = []\nfor x in a:\n    L.append(eval(x))\n", "eval", id="eval"),
    ],
)
def test_append_comprehension_refuses(before: str, reason: str) -> None:
    assert_refuses_unoffered(APPEND_COMPREHENSION, before, reason)


def test_original_training_loop(original: str) -> None:
    outcome = run_technique(APPEND_COMPREHENSION, original)
    assert isinstance(outcome, Applied), outcome
    element = "-softmax(gpt(tokens[pos_id], pos_id, keys, values))[tokens[pos_id + 1]].log()"
    expected = f"losses = [{element} for pos_id in range(n)]"
    assert expected in outcome.source
    assert "losses.append" not in outcome.source
