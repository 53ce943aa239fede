"""dict-to-names: before/after snippets (exact output), refusals (a part of the reason), and the real checker.

original.py needs unroll-loops first (its dict's keys are f-strings in a loop): the last test runs
original.py and its golfed form through unroll-loops, then dict-to-names, and checks both results.
"""

from __future__ import annotations

import libcst as cst
import pytest

from golf.codemods import dict_to_names, unroll_loops
from golf.codemods.technique import Refused, run_technique

from .conftest import CheckSources
from .helpers import applied, assert_changes, assert_refuses

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
    assert_changes(dict_to_names.TECHNIQUE, before, after, {"name": "D", **params})


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
    assert_refuses(dict_to_names.TECHNIQUE, source, reason, {"name": "D"})


def test_dict_to_names_candidates_and_original_needs_unrolling(original: str) -> None:
    module = cst.parse_module('x = 1\nD = {"a": 1}\nE = {}\ndef f():\n    F = {}\n')
    assert dict_to_names.TECHNIQUE.candidates(module) == [
        {"name": "D"},
        {"name": "D", "names": "short"},
        {"name": "E"},
        {"name": "E", "names": "short"},
    ]
    outcome = run_technique(dict_to_names.TECHNIQUE, original, {"name": "state_dict"})
    assert isinstance(outcome, Refused) and "unroll-loops may fold an f-string" in outcome.reason


def _dict_name(source: str) -> str:
    (name,) = {c["name"] for c in dict_to_names.TECHNIQUE.candidates(cst.parse_module(source))}
    return name


def test_unroll_then_dict_to_names_check_identical(
    original: str, golfed_original: str, check_sources: CheckSources
) -> None:
    unrolled = applied(unroll_loops.TECHNIQUE, original)
    golfed_unrolled = applied(unroll_loops.TECHNIQUE, golfed_original)
    variants = {
        "named": applied(dict_to_names.TECHNIQUE, unrolled, {"name": "state_dict"}),
        "golfed_named": applied(
            dict_to_names.TECHNIQUE, golfed_unrolled, {"name": _dict_name(golfed_unrolled), "names": "short"}
        ),
    }
    assert "state_dict" not in variants["named"] and "layer0_attn_wq = matrix(n_embd, n_embd)" in variants["named"]
    assert len(variants["golfed_named"]) < len(golfed_unrolled)
    # Identical, not output-only: the parameters' gradients are still found and compared without the dict.
    assert {name: v.verdict for name, v in check_sources(variants).items()} == dict.fromkeys(variants, "identical")
