"""lists-to-attributes: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import libcst as cst
import pytest

from golf.codemods.lists_to_attributes import TECHNIQUE as LISTS_TO_ATTRIBUTES

from .helpers import assert_changes, assert_refuses, code

ADAM = """
m = [0.0] * len(G)
v = [0.0] * len(G)
for s in range(3):
    for i, p in enumerate(G):
        m[i] = b * m[i] + p.g
        v[i] += p.g**2
        p.d -= m[i] / v[i]
"""


ADAM_LOOP = """
for p in G:p.m=p.v=0.0
for s in range(3):
    for p in G:
        p.m = b * p.m + p.g
        p.v += p.g**2
        p.d -= p.m / p.v
"""


ADAM_CLASS = """
class V:
    def __init__(s, d):
        s.d = d
    g = 0;m=v=0.0
for s in range(3):
    for p in G:
        p.m = b * p.m + p.g
        p.v += p.g**2
        p.d -= p.m / p.v
"""


CLASS_V = """
class V:
    def __init__(s, d):
        s.d = d
    g = 0
"""


@pytest.mark.parametrize(
    ("before", "params", "after"),
    [
        pytest.param(ADAM, {}, ADAM_LOOP, id="adam-loop"),
        pytest.param(CLASS_V + ADAM, {"class": "V"}, ADAM_CLASS, id="adam-class"),
        pytest.param(
            "a=1;m=[0.]*len(G);b=2;v=[None]*len(G);c=3\nfor i,p in enumerate(G):m[i]=v[i]=p\n",
            {},
            "a=1\nfor p in G:p.m=0.;p.v=None\nb=2;c=3\nfor p in G:p.m=p.v=p\n",
            id="split-line-different-values",
        ),
        pytest.param(
            "m=len(G)*[-1]\nfor i,p in enumerate(G):m[i]+=1;print(m[i])\n",
            {},
            "for p in G:p.m=-1\nfor p in G:p.m+=1;print(p.m)\n",
            id="len-first",
        ),
        pytest.param(
            "m=[0]*len(G)\nfor i,p in enumerate(G):m[i]+=p.m\n",
            {},
            "for p in G:p.a=0\nfor p in G:p.a+=p.m\n",
            id="attribute-name-taken",
        ),
        pytest.param(
            "p=9\nm=[0]*len(G)\nprint(p)\nfor i,p in enumerate(G):m[i]+=1\n",
            {},
            "p=9\nfor a in G:a.m=0\nprint(p)\nfor p in G:p.m+=1\n",
            id="element-read-in-between",
        ),
        pytest.param(
            "for i in range(2):print(i)\nm=[0]*len(G)\nfor i,p in enumerate(G):m[i]+=1\n",
            {},
            "for i in range(2):print(i)\nfor p in G:p.m=0\nfor p in G:p.m+=1\n",
            id="index-read-before",
        ),
        pytest.param(
            "for i in 'ab':print({i+w for w in 'cd'})\nm=[0]*len(G)\nfor i,p in enumerate(G):m[i]+=1\n",
            {},
            "for i in 'ab':print({i+w for w in 'cd'})\nfor p in G:p.m=0\nfor p in G:p.m+=1\n",
            id="index-read-before-in-comprehension",
        ),
        pytest.param(
            "def f(G):\n p=0;m=[0]*len(G)\n for i,p in enumerate(G):m[i]+=1\n return 1\n",
            {},
            "def f(G):\n p=0\n for p in G:p.m=0\n for p in G:p.m+=1\n return 1\n",
            id="in-a-function",
        ),
    ],
)
def test_changes(before: str, params: dict[str, str], after: str) -> None:
    assert_changes(LISTS_TO_ATTRIBUTES, before, after, params)


LOOP = "for i,p in enumerate(G):m[i]+=1\n"


@pytest.mark.parametrize(
    ("before", "params", "reason"),
    [
        # The exactness guards: the index or the list must not be seen anywhere else.
        pytest.param("m=[0]*len(G)\n" + LOOP + "print(i)\n", {}, "i is read other than", id="index-read-after"),
        pytest.param(
            "m=[0]*len(G)\n" + LOOP + "print([i for _ in G])\n",
            {},
            "i is read other than",
            id="index-read-after-in-comp",
        ),
        pytest.param("m=[0]*len(G)\nfor i,p in enumerate(G):m[i]+=i\n", {}, "i is read other than", id="index-in-body"),
        pytest.param(
            "m=[0]*len(G)\nfor s in G:\n print(i)\n " + LOOP, {}, "i is read other than", id="index-read-in-outer-loop"
        ),
        pytest.param(
            "def f():return i\nm=[0]*len(G)\n" + LOOP, {}, "i is read other than", id="index-read-by-function"
        ),
        pytest.param("m=[0]*len(G)\n" + LOOP + "print(m)\n", {}, "m is used other than as m[i]", id="list-read"),
        pytest.param(
            "for s in G:\n if s:print(m)\n m=[0]*len(G)\n " + LOOP, {}, "m is used other than", id="list-read-earlier"
        ),
        pytest.param("m=[0]*len(G)\n" + LOOP + "m=1\n", {}, "not bound exactly once", id="list-bound-twice"),
        pytest.param("m=[x]*len(G)\n" + LOOP, {}, "not made by", id="not-a-literal"),
        pytest.param("m=[0]*len(H)\n" + LOOP, {}, "not made by", id="other-length"),
        pytest.param("m=[0]*len(G)\nG=H\n" + LOOP, {}, "G is bound between", id="source-rebound"),
        pytest.param("if c:m=[0]*len(G)\n" + LOOP, {}, "compound statement's header", id="header-line"),
        pytest.param("for s in G:\n m=[0]*len(G)\n" + LOOP, {}, "in a block around it", id="other-block"),
        pytest.param(
            "m=[0]*len(G)\nfor s in H:\n v=[0]*len(G)\n for i,p in enumerate(G):m[i]+=v[i]\n",
            {},
            "made in different blocks",
            id="lists-in-different-blocks",
        ),
        pytest.param("m=[0]*len(G)\nfor i,p in enumerate(G):del m[i]\n", {}, "deletes an item", id="del"),
        pytest.param("m=[0]*len(G)\nfor i,p in enumerate(G):print(p)\n", {}, "indexes no list", id="no-list"),
        pytest.param("m=[0]*len(G)\nfor i,p in enumerate(G,1):m[i]+=1\n", {}, "no `for i, x", id="start"),
        pytest.param("class C:\n m=[0]*len(G)\n " + LOOP, {}, "in a class body", id="class-body"),
        pytest.param("enumerate=list\nm=[0]*len(G)\n" + LOOP, {}, "rebound", id="enumerate-rebound"),
        pytest.param("from builtins import *\nm=[0]*len(G)\n" + LOOP, {}, "rebound", id="star-imported"),
        pytest.param("m=[0]*len(G)\n" + LOOP + "eval('i')\n", {}, "uses eval", id="eval"),
        pytest.param(
            "class V:\n __slots__=('d',)\nm=[0]*len(G)\n" + LOOP, {"class": "V"}, "no class V", id="class-with-slots"
        ),
        pytest.param("m=[0]*len(G)\n" + LOOP, {"class": "V"}, "no class V", id="no-such-class"),
    ],
)
def test_refuses(before: str, params: dict[str, str], reason: str) -> None:
    assert_refuses(LISTS_TO_ATTRIBUTES, before, reason, params)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(CLASS_V + ADAM, [{}, {"class": "V"}], id="loop-and-class"),
        pytest.param("class V:\n __slots__=()\n" + ADAM, [{}], id="slots-class-not-offered"),
        pytest.param("m=[0]*len(G)\n" + LOOP + "print(i)\n", [], id="refused"),
        pytest.param("x=1\n", [], id="no-enumerate"),
    ],
)
def test_candidates(source: str, expected: list[dict[str, str]]) -> None:
    assert LISTS_TO_ATTRIBUTES.candidates(cst.parse_module(code(source))) == expected
