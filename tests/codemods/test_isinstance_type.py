"""isinstance-type: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from golf.codemods.isinstance_type import TECHNIQUE as ISINSTANCE_TYPE

from .helpers import assert_changes_offered, assert_refuses_unoffered, run_both


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            """
            class V:
                def __add__(s, o):
                    o = o if isinstance(o, V) else V(o)
            """,
            """
            class V:
                def __add__(s, o):
                    o = o if V==type(o) else V(o)
            """,
            id="method",
        ),
        pytest.param(
            "class r:0\nf=lambda b,a:(a:=a if isinstance(a,r)else r(a))\n",
            "class r:0\nf=lambda b,a:(a:=a if r==type(a)else r(a))\n",
            id="lambda-before-else",
        ),
        pytest.param(
            "Q=lambda a:not isinstance(a,o) and isinstance(a.b,o)\nclass o:0\n",
            "Q=lambda a:not o==type(a) and o==type(a.b)\nclass o:0\n",
            id="class-after-use-and-not",
        ),
        pytest.param(
            "class C:0\ny = isinstance(x, C) + 1, -isinstance(x, C), isinstance(x, C) == t, (isinstance(x, C))\n",
            "class C:0\ny = (C==type(x)) + 1, -(C==type(x)), (C==type(x)) == t, (C==type(x))\n",
            id="parentheses-where-needed",
        ),
        pytest.param(
            "class C:0\ndef f(C):\n    return isinstance(x, C)\ng = lambda x: isinstance(x, C)\n",
            "class C:0\ndef f(C):\n    return isinstance(x, C)\ng = lambda x: C==type(x)\n",
            id="local-shadow-left-alone",
        ),
        pytest.param("class C:0\ny = {**isinstance(x, C)}\n", "class C:0\ny = {**(C==type(x))}\n", id="double-star"),
        pytest.param("class C(object):0\ny = isinstance(x, C)\n", "class C(object):0\ny = C==type(x)\n", id="object"),
    ],
)
def test_isinstance_type_changes(before: str, after: str) -> None:
    assert_changes_offered(ISINSTANCE_TYPE, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        # A subclass instance passes isinstance and fails type(..)==C: the exactness guard.
        pytest.param("class C:0\nclass D(C):0\ny = isinstance(D(), C)\n", "without subclasses", id="subclass"),
        pytest.param("class C:\n    __class__ = int\ny = isinstance(x, C)\n", "__class__", id="class-attribute-lies"),
        pytest.param("class C:0\nx.__class__ = C\ny = isinstance(x, C)\n", "__class__", id="assigns-class"),
        pytest.param("class C(metaclass=M):0\ny = isinstance(x, C)\n", "without subclasses", id="metaclass"),
        pytest.param("class C:0\nC = 1\ny = isinstance(x, C)\n", "without subclasses", id="rebound"),
        pytest.param("class C:0\ndef f():\n    global C\ny = isinstance(x, C)\n", "without subclasses", id="global"),
        pytest.param("class C:0\ntype = len\ny = isinstance(x, C)\n", "binds type", id="type-rebound"),
        pytest.param("class C:0\ndef isinstance(a, b): pass\ny = isinstance(x, C)\n", "binds isinstance", id="own"),
        pytest.param("y = isinstance(x, int)\n", "module-level class", id="builtin-class"),
        pytest.param('class C:0\nprint(f"{isinstance(x, C)=}")\n', "module-level class", id="self-documenting"),
        pytest.param("def f():\n    class C:0\n    return isinstance(x, C)\n", "module-level", id="local-class"),
        pytest.param("class C:0\ny = isinstance(x, (C, int)), isinstance(x, cls=C)\n", "no call", id="other-shapes"),
        # A base's metaclass decides isinstance: an ABC's `register` makes it true for an unrelated type.
        pytest.param(
            "from abc import ABC\nclass C(ABC):pass\nC.register(int)\nprint(isinstance(1,C))\n",
            "bases but object",
            id="abc-base",
        ),
        pytest.param("class C(B):0\ny = isinstance(x, C)\n", "bases but object", id="unknown-base"),
        pytest.param("object = B\nclass C(object):0\ny = isinstance(x, C)\n", "bases but object", id="object-rebound"),
    ],
)
def test_isinstance_type_refuses(before: str, reason: str) -> None:
    assert_refuses_unoffered(ISINSTANCE_TYPE, before, reason)


def test_is_a_trial() -> None:
    assert ISINSTANCE_TYPE.trial


@pytest.mark.parametrize("value", ["C()", "D()", "1", "None"])
def test_isinstance_type_agrees_without_subclasses(value: str) -> None:
    source = f"class C:0\nclass D:0\ny = isinstance({value}, C), not isinstance({value}, C)\n"
    before, after = run_both(ISINSTANCE_TYPE, source)
    assert before["y"] == after["y"]
