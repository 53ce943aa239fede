"""visited-dict: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import libcst as cst
import pytest

from golf.codemods.visited_dict import TECHNIQUE as VISITED_DICT

from .helpers import assert_changes, assert_refuses, code

WALK = """
def backward(root):
    topo = []
    visited = set()

    def build(v):
        if v not in visited:
            visited.add(v)
            for child in v.children:
                build(child)
            topo.append(v)

    build(root)
    for v in reversed(topo):
        v.grad = 1
"""


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            WALK,
            """
            def backward(root):
                topo = {}

                def build(v):
                    if v not in topo:
                        for child in v.children:
                            build(child)
                        topo[v] = 0

                build(root)
                for v in reversed(topo):
                    v.grad = 1
            """,
            id="original-form",
        ),
        pytest.param(
            """
            class e:
             def b(a):
              b=[];e=set()
              def f(v):
               if v not in e:
                e.add(v)
                for a in v.c:f(a)
                b.append(v)
              f(a);a.g=1
              for v in reversed(b):v.g+=1
            """,
            """
            class e:
             def b(a):
              b={}
              def f(v):
               if v not in b:
                for a in v.c:f(a)
                b[v]=0
              f(a);a.g=1
              for v in reversed(b):v.g+=1
            """,
            id="golfed-joined-line",
        ),
        pytest.param(
            """
            s = set(); l = []
            def f(v):
                if v not in s:s.add(v);g(v);l.append(v)
            f(1)
            print([x for x in l])
            for x in l: print(x)
            """,
            """
            l = {}
            def f(v):
                if v not in l:g(v);l[v] = 0
            f(1)
            print([x for x in l])
            for x in l: print(x)
            """,
            id="module-scope-set-first",
        ),
    ],
)
def test_visited_dict_changes(before: str, after: str) -> None:
    assert_changes(VISITED_DICT, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        # Exactness guard: a set reset per root while the list accumulates lets the list hold a
        # node twice; a dict could not.
        pytest.param(
            WALK.replace("    visited = set()\n", "").replace(
                "    build(root)\n", "    for r in root:\n        visited = set()\n        build(r)\n"
            ),
            "different statement lists",
            id="set-reset-in-loop",
        ),
        pytest.param(
            WALK.replace("    visited = set()\n", "").replace(
                "    build(root)\n", "    visited = set()\n    build(root)\n"
            ),
            "not bound next to each other",
            id="not-adjacent",
        ),
        pytest.param(WALK + "    print(len(visited))\n", "visited is used outside", id="set-read-elsewhere"),
        pytest.param(WALK + "    print(topo[0])\n", "topo is used other than", id="list-indexed"),
        pytest.param(WALK + "    print(len(topo))\n", "topo is used other than", id="list-measured"),
        pytest.param(WALK + "    topo.pop()\n", "topo is used other than", id="list-mutated"),
        pytest.param(WALK + "    visited = set()\n", "visited is bound 2 times", id="set-bound-twice"),
        pytest.param(WALK.replace("visited = set()", "visited = {0}"), "not bound by a plain", id="not-empty-set"),
        pytest.param(WALK.replace("topo = []", "topo = [root]"), "not bound by a plain", id="not-empty-list"),
        pytest.param(
            WALK.replace("            topo.append(v)", "            v = v.parent\n            topo.append(v)"),
            "binds v itself",
            id="param-rebound",
        ),
        pytest.param(
            WALK.replace("        if v not", "        nonlocal topo\n        if v not"),
            "no function is a depth-first walk",
            id="body-not-one-if",
        ),
        pytest.param(
            WALK.replace("    build(root)\n", "    def other():\n        nonlocal topo\n    build(root)\n"),
            "global or nonlocal",
            id="nonlocal",
        ),
        pytest.param(
            WALK.replace("topo.append(v)\n", "topo.append(v)\n        else:\n            pass\n"),
            "no function is a depth-first walk",
            id="else-branch",
        ),
        pytest.param(
            WALK.replace("visited.add(v)\n", "print(v)\n            visited.add(v)\n"),
            "no function is a depth-first walk",
            id="add-not-first",
        ),
        pytest.param(WALK + "set = frozenset\n", "rebinds set", id="set-rebound"),
        pytest.param(WALK + "reversed = list\n", "rebinds reversed", id="reversed-rebound"),
        pytest.param(WALK + "eval('topo')\n", "eval", id="names-as-strings"),
        pytest.param(
            "class C:\n    t = []\n    s = set()\n    def f(v):\n        if v not in s:\n"
            "            s.add(v)\n            t.append(v)\n",
            "not defined in a function or the module",
            id="class-body",
        ),
        pytest.param("x = []\nx.append(1)\n", "no function is a depth-first walk", id="no-walk"),
    ],
)
def test_visited_dict_refuses(before: str, reason: str) -> None:
    assert_refuses(VISITED_DICT, before, reason)


def test_visited_dict_candidates() -> None:
    assert VISITED_DICT.trial
    assert VISITED_DICT.candidates(cst.parse_module(code(WALK))) == [{}]
    assert VISITED_DICT.candidates(cst.parse_module("x = 1\n")) == []
