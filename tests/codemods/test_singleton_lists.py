"""singleton-lists: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import libcst as cst
import pytest

from golf.codemods.singleton_lists import TECHNIQUE

from .helpers import assert_changes, assert_refuses


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("v = [1]\nprint(v[0])\n", "v = 1\nprint(v)\n", id="plain"),
        pytest.param("v = [[]]\nv[0].append(1)\nprint(v[0][0])\n", "v = []\nv.append(1)\nprint(v[0])\n", id="items"),
        pytest.param("a, b = [[]], [[]]\nprint(a[0], b[0])\n", "a, b = [], []\nprint(a, b)\n", id="tuple"),
        pytest.param("v = [[]]\nv[0] += 1,\nprint(v[0])\n", "v = []\nv += 1,\nprint(v)\n", id="item-augmented-here"),
        pytest.param(
            "def f(k):\n    k[0] += 1,\nv = [[]]\nf(v)\n",
            "def f(k):\n    k += 1,\nv = []\nf(v)\n",
            id="parameter-augmented",
        ),
        pytest.param("n, a, t = 1, [[]], []\nprint(a[0])\n", "n, a, t = 1, [], []\nprint(a)\n", id="tuple-mixed"),
        pytest.param(
            """
            def S(x, k, l):
                k[0].append(x)
                l[0].append(x)
                return [a for a in k[0]]
            for _ in range(2):
                N, O = [[]], [[]]
                S(1, N, O)
            """,
            """
            def S(x, k, l):
                k.append(x)
                l.append(x)
                return [a for a in k]
            for _ in range(2):
                N, O = [], []
                S(1, N, O)
            """,
            id="through-a-def",
        ),
        pytest.param(
            "g = lambda k: k[0] + 1\nv = [2]\nprint(g(v))\n", "g = lambda k: k + 1\nv = 2\nprint(g(v))\n", id="lambda"
        ),
        pytest.param(
            """
            def f(k):
                return g(k)
            def g(k):
                return k[0]
            w = [5]
            print(f(w))
            """,
            """
            def f(k):
                return g(k)
            def g(k):
                return k
            w = 5
            print(f(w))
            """,
            id="forwarded",
        ),
        pytest.param(
            "a, b = [[]], [[]]\nc = b\nprint(a[0], c[0])\n", "a, b = [], [[]]\nc = b\nprint(a, c[0])\n", id="only-one"
        ),
        pytest.param("v = [y := 1]\nprint(v[0], y)\n", "v = (y := 1)\nprint(v, y)\n", id="walrus-parenthesised"),
        pytest.param("v = ([1])\nprint((v[0]))\n", "v = (1)\nprint((v))\n", id="parentheses-kept"),
        pytest.param(
            "def f():\n    v = [1]\n    return v[0]\nv = 2\nprint(v, f())\n",
            "def f():\n    v = 1\n    return v\nv = 2\nprint(v, f())\n",
            id="scopes-apart",
        ),
        pytest.param(
            "v = [[]]\ndef f():\n    for i in range(2):\n        if i:\n            print(v[0])\n        v = [2]\n",
            "v = [[]]\ndef f():\n    for i in range(2):\n        if i:\n            print(v)\n        v = 2\n",
            id="local-read-before-binding",
        ),
    ],
)
def test_singleton_lists_changes(before: str, after: str) -> None:
    assert_changes(TECHNIQUE, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        # The guard: the outer list escapes into `w`, so `v` and `w[0]` must keep sharing it.
        pytest.param("v = [[]]\nw = v\nw[0].append(1)\nprint(v[0])\n", "v is read other than as v[0]", id="alias"),
        # A read before the binding in the source, but after it in time: LibCST does not link it.
        pytest.param(
            "def f():\n    for i in range(2):\n        if i:\n            print(v)\n        v = [1]\n",
            "v is read other than as v[0]",
            id="loop-carried-read",
        ),
        pytest.param(
            "v = [[]]\nclass C:\n    w = v[0]\n    v = 1\n", "may also be bound otherwise", id="shadowed-read"
        ),
        pytest.param("v = [0]\nv[0] = 1\nprint(v[0])\n", "v[0] is assigned or deleted", id="item-stored"),
        pytest.param(
            "v = [[]]\ndef f():\n    v[0] += 1,\n", "v[0] is assigned or deleted", id="item-augmented-from-nested-scope"
        ),
        pytest.param(
            "def f(k):\n    k[0] += 1\nv = [0]\nf(v)\nprint(v[0])\n",
            "not read as P[0] only",  # `k += 1` would rebind only the parameter: the caller's 0 stays 0
            id="parameter-augmented-item-not-a-list",
        ),
        pytest.param("v = [0]\ndel v[0]\n", "v[0] is assigned or deleted", id="item-deleted"),
        pytest.param("v = [0]\nprint(v[-1])\n", "read other than as v[0]", id="other-index"),
        pytest.param("v = [0]\nprint(len(v))\n", "read other than as v[0]", id="whole-list"),
        pytest.param("v = [0]\nv = 1\nprint(v)\n", "no variable is bound only", id="other-binding"),
        pytest.param("v = [1, 2]\nprint(v[0])\n", "no variable is bound only", id="two-elements"),
        pytest.param("v = [*a]\nprint(v[0])\n", "no variable is bound only", id="starred"),
        pytest.param("a = b = [[]]\nprint(a[0], b[0])\n", "no variable is bound only", id="two-targets"),
        pytest.param("a, *b = [[]], [[]]\nprint(a[0])\n", "no variable is bound only", id="starred-target"),
        pytest.param("for v in [[1]]:\n    print(v[0])\n", "no variable is bound only", id="loop-binding"),
        pytest.param(
            "def f(k):\n    return k[0]\nv = [1]\nprint(f(v), f([2]))\n",
            "v is passed to f, whose parameter is not read as P[0] only",
            id="other-call-passes-a-display",
        ),
        pytest.param(
            "def f(k):\n    return k\nv = [1]\nprint(f(v))\n", "whose parameter is not read as P[0]", id="param-whole"
        ),
        pytest.param("def f(k):\n    return k[0]\nv = [1]\nprint(f(k=v))\n", "read other than", id="keyword"),
        pytest.param("def f(k):\n    return k[0]\nh = f\nv = [1]\nprint(f(v))\n", "read other than", id="f-aliased"),
        pytest.param("def f(k=[0]):\n    return k[0]\nv = [1]\nprint(f(v))\n", "whose parameter", id="param-default"),
        pytest.param(
            "@staticmethod\ndef f(k):\n    return k[0]\nv = [1]\nprint(f(v))\n", "read other than", id="decorated"
        ),
        pytest.param("v = [1]\nprint(eval('v[0]'))\n", "names as strings (eval)", id="eval"),
        pytest.param(
            "v = [1]\ndef f():\n    global v\n    v = 2\nprint(v[0])\n", "no variable is bound only", id="global"
        ),
        pytest.param("class C:\n    v = [1]\n    w = v[0]\n", "no variable is bound only", id="class-body"),
        pytest.param("x = 1\n", "no variable is bound only", id="nothing"),
    ],
)
def test_singleton_lists_refuses(before: str, reason: str) -> None:
    assert_refuses(TECHNIQUE, before, reason)


def test_singleton_lists_is_a_trial_with_candidates() -> None:
    assert TECHNIQUE.trial
    assert TECHNIQUE.candidates(cst.parse_module("v = [1]\nprint(v[0])\n")) == [{}]
    assert TECHNIQUE.candidates(cst.parse_module("v = [1]\nprint(v)\n")) == []
