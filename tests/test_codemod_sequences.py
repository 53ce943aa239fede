"""sum-flatten, generator-argument (both trials) and unpack-builtins: tables of before/after snippets
(exact output) and of refusals (a part of the reason), and the candidates each offers."""

from __future__ import annotations

import pytest
from codemod_asserts import assert_changes_offered, assert_refuses_unoffered

from golf.codemods.generator_argument import TECHNIQUE as GENERATOR_ARGUMENT
from golf.codemods.sum_flatten import TECHNIQUE as SUM_FLATTEN
from golf.codemods.technique import Applied, run_technique
from golf.codemods.unpack_builtins import TECHNIQUE as UNPACK_BUILTINS


# ---------------------------------------------------------------------------
# sum-flatten
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("y = [x for a in L for x in a]\n", "y = sum(L,[])\n", id="one-level"),
        pytest.param("G=[p for a in[H,P,R]for b in a for p in b]\n", "G=sum(sum([H,P,R],[]),[])\n", id="two-levels"),
        pytest.param("y = [p for a in d.values() for p in a]\n", "y = sum(d.values(),[])\n", id="call"),
        pytest.param("y = [x for a in (L) for x in a]\n", "y = sum(L,[])\n", id="parens-dropped"),
        pytest.param("y = [x for a in (1, 2) for x in a]\n", "y = sum((1, 2),[])\n", id="tuple-keeps-parens"),
        pytest.param("y = len([x for a in L for x in a])\n", "y = len(sum(L,[]))\n", id="nested-in-call"),
        pytest.param("y = [x for a in [x for b in M for x in b] for x in a]\n", "y = sum(sum(M,[]),[])\n", id="nested"),
        # Squeezed whitespace: a keyword right before the brackets gets a space, not `returnsum`.
        pytest.param("def f(L):return[x for a in L for x in a]\n", "def f(L):return sum(L,[])\n", id="after-return"),
        pytest.param("for g in[x for a in L for x in a]:f(g)\n", "for g in sum(L,[]):f(g)\n", id="after-for-in"),
        pytest.param("y=0 if c else[x for a in L for x in a]\n", "y=0 if c else sum(L,[])\n", id="after-else"),
        pytest.param("y=1 in[x for a in L for x in a]\n", "y=1 in sum(L,[])\n", id="after-in"),
        pytest.param("y=[x for a in L for x in a]if c else 0\n", "y=sum(L,[])if c else 0\n", id="before-if"),
    ],
)
def test_sum_flatten_changes(before: str, after: str) -> None:
    assert_changes_offered(SUM_FLATTEN, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param("sum = 1\ny = [x for a in L for x in a]\n", "sum is bound", id="sum-rebound"),
        pytest.param("def f(sum): return [x for a in L for x in a]\n", "sum is bound", id="sum-parameter"),
        pytest.param("from foo import *\ny = [x for a in L for x in a]\n", "could bind any name", id="star-import"),
        pytest.param("y = [x for a in L for x in a if x]\n", "only flattens", id="if"),
        pytest.param("y = [x for a in L for x in b]\n", "only flattens", id="other-iterable"),
        pytest.param("y = [a for a in L for x in a]\n", "only flattens", id="element-not-last"),
        pytest.param("y = [x+1 for a in L for x in a]\n", "only flattens", id="element-computed"),
        pytest.param("y = [a for a in L for a in a]\n", "only flattens", id="target-reused"),
        pytest.param("y = [y for a, b in L for y in a]\n", "only flattens", id="tuple-target"),
        pytest.param("y = [x for a in L]\n", "only flattens", id="one-clause"),
        pytest.param("y = {x for a in L for x in a}\n", "only flattens", id="set-comprehension"),
        pytest.param("async def f():\n    return [x async for a in L for x in a]\n", "only flattens", id="async-for"),
    ],
)
def test_sum_flatten_refuses(before: str, reason: str) -> None:
    assert_refuses_unoffered(SUM_FLATTEN, before, reason)


def test_sum_flatten_is_a_trial_and_exact_for_lists() -> None:
    assert SUM_FLATTEN.trial
    source = "L=[[[1,2],[3]],[[4]],[]]\ny=[p for a in L for b in a for p in b]\n"
    outcome = run_technique(SUM_FLATTEN, source)
    assert isinstance(outcome, Applied)
    before: dict[str, object] = {}
    after: dict[str, object] = {}
    exec(source, before)  # noqa: S102 - a fixed snippet
    exec(outcome.source, after)  # noqa: S102 - the snippet rewritten
    assert before["y"] == after["y"] == [1, 2, 3, 4]


# ---------------------------------------------------------------------------
# generator-argument
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("U=1/n*sum([-f(C)for C in range(n)])\n", "U=1/n*sum(-f(C)for C in range(n))\n", id="sum"),
        pytest.param("y = max([a.d for a in b])\n", "y = max(a.d for a in b)\n", id="max"),
        pytest.param("y = any([a for a in b if a])\n", "y = any(a for a in b if a)\n", id="any-with-if"),
        pytest.param("y = ''.join([c*2 for c in s])\n", "y = ''.join(c*2 for c in s)\n", id="join"),
        pytest.param("y = sorted([c for c in s],)\n", "y = sorted(c for c in s)\n", id="trailing-comma-dropped"),
        pytest.param("y = sum(([c for c in s]))\n", "y = sum((c for c in s))\n", id="parenthesized"),
        pytest.param(
            "set = 1\ny = ''.join([c for c in s]) + set\n",
            "set = 1\ny = ''.join(c for c in s) + set\n",
            id="join-needs-no-guard",
        ),
    ],
)
def test_generator_argument_changes(before: str, after: str) -> None:
    assert_changes_offered(GENERATOR_ARGUMENT, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param("def sum(x): return 0\ny = sum([a for a in b])\n", "sum is bound", id="sum-rebound"),
        pytest.param("for max in r: y = max([a for a in b])\n", "max is bound", id="max-loop-target"),
        pytest.param("y = sum([a for a in b])\neval('1')\n", "could rebind a builtin", id="eval"),
        pytest.param("import builtins\ny = sum([a for a in b])\n", "could rebind a builtin", id="builtins"),
        pytest.param("y = sum([a for a in b], [])\n", "no call", id="two-arguments"),
        pytest.param("y = max([a for a in b], key=f)\n", "no call", id="keyword"),
        pytest.param("y = f([a for a in b])\n", "no call", id="other-function"),
        pytest.param("y = s.join([a for a in b])\n", "no call", id="join-unknown-receiver"),
        pytest.param("y = sum(a for a in b)\n", "no call", id="already-a-generator"),
        pytest.param("async def f():\n    return sum([await a for a in b])\n", "no call", id="await-in-element"),
    ],
)
def test_generator_argument_refuses(before: str, reason: str) -> None:
    assert_refuses_unoffered(GENERATOR_ARGUMENT, before, reason)


def test_generator_argument_is_a_trial() -> None:
    assert GENERATOR_ARGUMENT.trial


# ---------------------------------------------------------------------------
# unpack-builtins
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param('D=sorted(set("".join(A)))\n', 'D=sorted({*"".join(A)})\n', id="set"),
        pytest.param("y = list(range(n))\n", "y = [*range(n)]\n", id="list"),
        pytest.param("y = tuple(map(f, a))\n", "y = (*map(f, a),)\n", id="tuple"),
        pytest.param("y = list(set('ab'))\n", "y = [*{*'ab'}]\n", id="nested"),
        pytest.param("y = list(sorted(a) or 'b')\n", "y = [*(sorted(a) or 'b')]\n", id="list-parens"),
        pytest.param("y = tuple(zip(a) if c else 'z')\n", "y = (*(zip(a) if c else 'z'),)\n", id="tuple-parens"),
        pytest.param("y = list((z := range(3)))\n", "y = [*(z := range(3))]\n", id="walrus"),
        pytest.param("y = list(range(n),)\n", "y = [*range(n)]\n", id="trailing-comma"),
        pytest.param("y = list(range(3)  # c\n)\n", "y = [*range(3)]\n", id="comment-dropped"),
        pytest.param("y = (list(range(n))).pop()\n", "y = ([*range(n)]).pop()\n", id="keeps-own-parens"),
        pytest.param(
            "y = tuple([1, 2]), set({a: 1}), list(f'{a}')\n", "y = (*[1, 2],), {*{a: 1}}, [*f'{a}']\n", id="displays"
        ),
        pytest.param("y = set([a for a in b])\n", "y = {*[a for a in b]}\n", id="comprehension"),
        pytest.param("y = list('a b'.split())\n", "y = [*'a b'.split()]\n", id="str-method"),
        pytest.param("from math import *\ny = set('ab')\n", "from math import *\ny = {*'ab'}\n", id="stdlib-star"),
        # Only a set display can be mistaken for an escaped brace in an f-string field.
        pytest.param(
            "y = set('ab')\nprint(f\"{set('ab')}{list('ab')}\")\n",
            "y = {*'ab'}\nprint(f\"{set('ab')}{[*'ab']}\")\n",
            id="f-string",
        ),
        pytest.param(
            "y = set(sorted(a) or 'b'), list('x')\n", "y = set(sorted(a) or 'b'), [*'x']\n", id="set-parens-not-shorter"
        ),
        pytest.param("y = tuple('t'), set('t') is t\n", "y = tuple('t'), {*'t'} is t\n", id="identity-keeps-tuple"),
        pytest.param("list = 1\ny = set('x'), list\n", "list = 1\ny = {*'x'}, list\n", id="other-name-bound"),
        # `sorted` may not be the builtin: its result may not be iterable.
        pytest.param(
            "sorted = g\ny = set('x'), list(sorted(x))\n", "sorted = g\ny = {*'x'}, list(sorted(x))\n", id="bound"
        ),
    ],
)
def test_unpack_builtins_changes(before: str, after: str) -> None:
    assert_changes_offered(UNPACK_BUILTINS, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        # The exactness guard: these names may not be the builtins.
        pytest.param("set = frozenset\ny = set(x)\n", "set is bound", id="set-rebound"),
        pytest.param("def f(list): return list(x)\n", "list is bound", id="parameter"),
        pytest.param("class A:\n    tuple = 1\ny = tuple(x)\n", "tuple is bound", id="class-attribute"),
        pytest.param("from foo import *\ny = set(x)\n", "could bind any name", id="star-import"),
        pytest.param("from foo import set\ny = set(x)\n", "set is bound", id="import"),
        pytest.param("def f():\n    global list\ny = list(x)\n", "list is bound", id="global"),
        pytest.param("y = set(x)\nglobals()['set'] = 1\n", "could rebind a builtin", id="globals"),
        # The builtins module is reachable from a builtin function, any function or a frame.
        pytest.param("print.__self__.list = f\ny = list('ab')\n", "__self__", id="builtin-self"),
        pytest.param("f.__globals__['__builtins__'].list = f\ny = list('ab')\n", "__globals__", id="globals-attr"),
        pytest.param("g.f_builtins['list'] = f\ny = list('ab')\n", "f_builtins", id="frame-builtins"),
        pytest.param("y = tuple(t) is t\n", "is or id", id="tuple-identity"),
        pytest.param("y = tuple(t)\nz = id(y)\n", "is or id", id="tuple-id"),
        pytest.param("y = set()\n", "no call", id="no-argument"),
        pytest.param("y = set(*x)\n", "no call", id="starred"),
        pytest.param("y = list(x, y)\n", "no call", id="two-arguments"),
        pytest.param("y = set(a for a in b)\n", "no call", id="generator"),
        pytest.param("y = set(sorted(a) or 'b')\n", "would get shorter", id="set-parens"),
        pytest.param("print(f\"{set('ab')}\")\n", "would get shorter", id="in-f-string"),
        # `list(5)` and `[*5]` fail with different messages: only a surely iterable argument changes.
        pytest.param("try: list(5)\nexcept TypeError as e: print(e)\n", "surely iterable", id="not-iterable"),
        pytest.param("y = list(x), set(a.b), tuple(f(x)), list(s.split())\n", "surely iterable", id="unknown"),
        pytest.param("y = list(b'a b'.split()), list(a or 'b')\n", "surely iterable", id="unknown-parts"),
    ],
)
def test_unpack_builtins_refuses(before: str, reason: str) -> None:
    assert_refuses_unoffered(UNPACK_BUILTINS, before, reason)


def test_unpack_builtins_is_exact() -> None:
    assert not UNPACK_BUILTINS.trial
    source = "x='abcab'\ny=(sorted(set(x)),list(range(4)),tuple(map(str,x)),list(sorted(a) or 'q'),tuple(range(3)))\n"
    outcome = run_technique(UNPACK_BUILTINS, source)
    assert isinstance(outcome, Applied)
    assert "set(x)" in outcome.source  # `x` is not surely iterable here
    assert outcome.source.count("*") == 4
    before: dict[str, object] = {"a": "", "b": "q"}
    after: dict[str, object] = {"a": "", "b": "q"}
    exec(source, before)  # noqa: S102 - a fixed snippet
    exec(outcome.source, after)  # noqa: S102 - the snippet rewritten
    assert before["y"] == after["y"]


# ---------------------------------------------------------------------------
# generator-argument: a name the program could rebind unseen still leaves the joins
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "rebinder", [pytest.param("eval('1')\n", id="eval"), pytest.param("import builtins\n", id="builtins")]
)
def test_generator_argument_joins_despite_rebinders(rebinder: str) -> None:
    before = rebinder + "y = ''.join([c for c in s]), sum([c for c in s])\n"
    after = rebinder + "y = ''.join(c for c in s), sum([c for c in s])\n"
    assert_changes_offered(GENERATOR_ARGUMENT, before, after)
