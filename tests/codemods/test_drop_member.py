"""drop-member: before/after snippets (exact output), refusals (a part of the reason), and the real checker.

drop-member is a trial technique: the checker must find original.py and its golfed form identical
without a member they do not need, and catch the removal of one they do.
"""

from __future__ import annotations

import libcst as cst
import pytest

from golf.codemods import drop_guards, drop_member, drop_unused

from .conftest import CheckSources
from .helpers import applied, assert_changes, assert_refuses

MEMBER_CHANGES = [
    pytest.param(
        """
        class V:
            def __add__(s, o): return s
            def __rsub__(s, o): return o
        """,
        """
        class V:
            def __add__(s, o): return s
        """,
        "V.__rsub__",
        id="def",
    ),
    pytest.param(
        "class r:\n __pow__=lambda a,b:a;__rsub__=lambda a,b:b+-a;__rmul__=lambda a,b:a*b\n",
        "class r:\n __pow__=lambda a,b:a;__rmul__=lambda a,b:a*b\n",
        "r.__rsub__",
        id="joined-lambda",
    ),
    pytest.param(
        "class r:\n __pow__=lambda a,b:a;__rtruediv__=lambda a,b:b*a**-1\n",
        "class r:\n __pow__=lambda a,b:a\n",
        "r.__rtruediv__",
        id="joined-last",
    ),
    pytest.param("class V:\n g=m=v=0;__add__=J\n", "class V:\n g=v=0;__add__=J\n", "V.m", id="one-target-of-a-chain"),
    pytest.param(
        """
        class Value:
            __add__ = _operation(operator.add, lambda x, y: (1, 1))
            __rsub__ = lambda self, other: other + (-self)
        """,
        """
        class Value:
            __add__ = _operation(operator.add, lambda x, y: (1, 1))
        """,
        "Value.__rsub__",
        id="factory-style",
    ),
    pytest.param("class V:\n    def f(s): pass\n", "class V:\n    pass\n", "V.f", id="last-member"),
]


@pytest.mark.parametrize(("before", "after", "member"), MEMBER_CHANGES)
def test_drop_member_changes(before: str, after: str, member: str) -> None:
    assert_changes(drop_member.TECHNIQUE, before, after, {"member": member})


MEMBER_REFUSES = [
    pytest.param(
        "class V:\n    __add__ = f\n    __radd__ = __add__\n", "V.__add__", "reads __add__", id="read-in-body"
    ),
    pytest.param("class V:\n    a, b = 1, 2\n", "V.a", "tuple", id="tuple"),
    pytest.param("class V:\n    a = 1\n", "V.b", "no member b", id="unknown-member"),
    pytest.param("class V:\n    a = 1\n", "W.a", "no class named W", id="unknown-class"),
    pytest.param("class V:\n    a = 1\nclass V:\n    a = 2\n", "V.a", "more than one", id="ambiguous"),
    pytest.param("class V:\n    a = 1\n", "V", "Class.name", id="not-dotted"),
]


@pytest.mark.parametrize(("source", "member", "reason"), MEMBER_REFUSES)
def test_drop_member_refuses(source: str, member: str, reason: str) -> None:
    assert_refuses(drop_member.TECHNIQUE, source, reason, {"member": member})


def test_drop_member_candidates_are_every_member_but_init(original: str) -> None:
    candidates = drop_member.TECHNIQUE.candidates(cst.parse_module(original))
    members = [c["member"] for c in candidates]
    assert "Value.__init__" not in members
    assert {"Value.__radd__", "Value.__rsub__", "Value.__rtruediv__", "Value.backward"} <= set(members)
    assert len(members) == len(set(members)) == 15


def test_only_drop_member_is_a_trial() -> None:
    assert drop_member.TECHNIQUE.trial
    assert not drop_unused.TECHNIQUE.trial and not drop_guards.TECHNIQUE.trial


def test_results_check_identical_and_the_checker_guards_drop_member(
    original: str, golfed_original: str, check_sources: CheckSources
) -> None:
    candidates = drop_member.TECHNIQUE.candidates(cst.parse_module(golfed_original))
    rsub = next(c["member"] for c in candidates if c["member"].endswith(".__rsub__"))
    variants = {
        "no_rtruediv": applied(drop_member.TECHNIQUE, original, {"member": "Value.__rtruediv__"}),
        "golfed_no_rsub": applied(drop_member.TECHNIQUE, golfed_original, {"member": rsub}),
        "no_radd": applied(drop_member.TECHNIQUE, original, {"member": "Value.__radd__"}),
    }
    got = {name: v.verdict for name, v in check_sources(variants).items()}
    # `sum()` starts from 0, so 0 + Value calls __radd__: without it the program fails.
    assert got == dict.fromkeys(variants, "identical") | {"no_radd": "failed"}
