"""generator-argument: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from golf.codemods.generator_argument import TECHNIQUE as GENERATOR_ARGUMENT

from .helpers import assert_changes_offered, assert_refuses_unoffered


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


@pytest.mark.parametrize(
    "rebinder", [pytest.param("eval('1')\n", id="eval"), pytest.param("import builtins\n", id="builtins")]
)
def test_generator_argument_joins_despite_rebinders(rebinder: str) -> None:
    before = rebinder + "y = ''.join([c for c in s]), sum([c for c in s])\n"
    after = rebinder + "y = ''.join(c for c in s), sum([c for c in s])\n"
    assert_changes_offered(GENERATOR_ARGUMENT, before, after)
