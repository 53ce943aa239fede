"""recursive-lambda: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from golf.codemods.recursive_lambda import TECHNIQUE as RECURSIVE_LAMBDA

from .helpers import assert_changes, assert_changes_offered, assert_refuses_unoffered, run_both

_WALK = """
def g(a):
    b = {}
    def f(v):
        if v not in b:
            for a in v.c: f(a)
            b[v] = 0
    f(a)
    return list(reversed(b))
"""


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            _WALK,
            """
            def g(a):
                b = {}
                f=lambda v:v in b or b.update({v:[*map(f,v.c)]})
                f(a)
                return list(reversed(b))
            """,
            id="nested",
        ),
        pytest.param(
            " def b(a):\n  b={}\n  def f(v):\n   if v not in b:\n    for a in v.c:f(a)\n    b[v]=0\n  f(a)\n",
            " def b(a):\n  b={}\n  f=lambda v:v in b or b.update({v:[*map(f,v.c)]})\n  f(a)\n",
            id="target-method",
        ),
        pytest.param(
            "b={}\ndef f(v):\n if v not in b:\n  for a,_ in v.c:f(a)\n  b[v]=None\nf(r)\nfor v in b:print(len(b))\n",
            "b={}\nf=lambda v:v in b or b.update({v:[f(a)for a,_ in v.c]})\nf(r)\nfor v in b:print(len(b))\n",
            id="module-pairs",
        ),
        pytest.param(
            "b={}\ndef f(v):\n if v not in b:\n  for a in v.c:f(a.x)\n  b[v]=''\nf(r);k=[*b.keys()]\n",
            "b={}\nf=lambda v:v in b or b.update({v:[f(a.x)for a in v.c]})\nf(r);k=[*b.keys()]\n",
            id="argument-not-the-target",
        ),
        # An iterable that is not an atom keeps one expression: one argument of map, the whole `in` clause.
        pytest.param(
            "b={}\ndef f(v):\n if v not in b:\n  for a in *v.c,:f(a)\n  b[v]=0\nf(r)\n",
            "b={}\nf=lambda v:v in b or b.update({v:[*map(f,(*v.c,))]})\nf(r)\n",
            id="bare-tuple",
        ),
        pytest.param(
            "b={}\ndef f(v):\n if v not in b:\n  for a in v.c if v else v.c:f(a[0])\n  b[v]=0\nf(r)\n",
            "b={}\nf=lambda v:v in b or b.update({v:[f(a[0])for a in (v.c if v else v.c)]})\nf(r)\n",
            id="conditional",
        ),
        pytest.param(
            "b={}\ndef f(v):\n if v not in b:\n  for a in (x,y):f(a)\n  b[v]=0\nf(r)\n",
            "b={}\nf=lambda v:v in b or b.update({v:[*map(f,(x,y))]})\nf(r)\n",
            id="parenthesized-tuple",
        ),
    ],
)
def test_recursive_lambda_changes(before: str, after: str) -> None:
    assert_changes_offered(RECURSIVE_LAMBDA, before, after)


_MODULE_WALK = "b={}\ndef f(v):\n if v not in b:\n  for a in v.c:f(a)\n  b[v]=0\n"


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        # The dict now holds lists: reading its values is the exactness guard.
        pytest.param(_MODULE_WALK + "f(r);print(b[r])\n", "other than by its keys", id="values-read"),
        pytest.param(_MODULE_WALK + "f(r);print(b.items())\n", "other than by its keys", id="items"),
        pytest.param(_MODULE_WALK + "f(r);print(b)\n", "other than by its keys", id="passed-on"),
        pytest.param(_MODULE_WALK + "y=f(r)\n", "expression statement", id="result-read"),
        pytest.param(_MODULE_WALK + "g=f\n", "expression statement", id="passed-function"),
        pytest.param(_MODULE_WALK + "f(r)\ndef f(v):pass\n", "bound 2 times", id="rebound-function"),
        pytest.param("b=dict()\n" + _MODULE_WALK[5:] + "f(r)\n", "b = {}", id="not-a-display"),
        pytest.param("b={}\n" + _MODULE_WALK + "f(r)\n", "b = {}", id="dict-bound-twice"),
        pytest.param(_MODULE_WALK.replace("for a", "for v") + "f(r)\n", "binds v", id="target-is-param"),
        pytest.param(_MODULE_WALK.replace("v.c", "a.c") + "f(r)\n", "its own target", id="iterates-target"),
        pytest.param(_MODULE_WALK.replace("=0", "=g()") + "f(r)\n", "no function is", id="value-not-literal"),
        pytest.param(_MODULE_WALK.replace("f(a)", "f(a,1)") + "f(r)\n", "no function is", id="two-arguments"),
        pytest.param(_MODULE_WALK.replace("(v)", "(v,w=1)") + "f(r)\n", "no function is", id="two-params"),
        pytest.param("class A:\n " + _MODULE_WALK.replace("\n", "\n ")[:-1] + "f(r)\n", "class body", id="method"),
        pytest.param(_MODULE_WALK + "f(r);eval('b')\n", "eval", id="eval"),
        pytest.param(_MODULE_WALK + "f(r);map=0\n", "binds map", id="map-rebound"),
        pytest.param(_MODULE_WALK + "def h():\n global b\n", "global or nonlocal", id="global"),
        pytest.param(_MODULE_WALK + "f(r);print((b:=1))\n", "b = {}", id="walrus-rebinds"),
    ],
)
def test_recursive_lambda_refuses(before: str, reason: str) -> None:
    assert_refuses_unoffered(RECURSIVE_LAMBDA, before, reason)


@pytest.mark.parametrize(
    "before",
    [
        pytest.param("def f(v):\n if v not in b:\n  b[v]=0\n  for a in v.c:f(a)\n", id="store-first"),
        pytest.param("def f(v):\n if v not in b:\n  for a in v.c:f(a)\n  b[v]=0\n else:pass\n", id="else"),
        pytest.param("@d\ndef f(v):\n if v not in b:\n  for a in v.c:f(a)\n  b[v]=0\n", id="decorated"),
        pytest.param("def f(v):\n if v not in b:\n  for a in v.c:g(a)\n  b[v]=0\n", id="calls-another"),
    ],
)
def test_recursive_lambda_not_a_walk(before: str) -> None:
    assert_refuses_unoffered(RECURSIVE_LAMBDA, before, "no function is a depth-first walk")


def test_recursive_lambda_keeps_the_walk_order() -> None:
    # A diamond with a shared child and a cycle back to the root: insertion order of the keys must match.
    source = (
        "class N:\n def __init__(s,n):s.n=n;s.c=[]\n"
        "r,x,y,z=N(0),N(1),N(2),N(3);r.c=[x,y];x.c=[z];y.c=[z,x];z.c=[]\n"
        "b={}\ndef f(v):\n if v not in b:\n  for a in v.c:f(a)\n  b[v]=0\nf(r);f(y)\nk=[v.n for v in b]\n"
    )
    before, after = run_both(RECURSIVE_LAMBDA, source)
    assert before["k"] == after["k"] == [3, 1, 2, 0]


def test_is_a_trial_and_turns_a_module_level_walk_into_a_lambda() -> None:
    assert RECURSIVE_LAMBDA.trial
    assert_changes(
        RECURSIVE_LAMBDA, _MODULE_WALK + "f(r)\n", "b={}\nf=lambda v:v in b or b.update({v:[*map(f,v.c)]})\nf(r)\n"
    )


@pytest.mark.parametrize("iterable", ["*v.c,", "*v.c[:1], *v.c[1:]", "v.c if v.n else ()"])
def test_recursive_lambda_bare_iterables_run_the_same(iterable: str) -> None:
    source = (
        "class N:\n def __init__(s,n):s.n=n;s.c=[]\n"
        "r,x,y,z=N(0),N(1),N(2),N(3);r.c=[x,y];x.c=[z];y.c=[z,x]\n"
        f"b={{}}\ndef f(v):\n if v not in b:\n  for a in {iterable}:f(a)\n  b[v]=0\nf(r)\nk=[v.n for v in b]\n"
    )
    before, after = run_both(RECURSIVE_LAMBDA, source)
    assert before["k"] == after["k"]
