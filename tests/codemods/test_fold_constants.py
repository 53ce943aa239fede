"""fold-constants: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from golf.codemods.fold_constants import TECHNIQUE as FOLD_CONSTANTS

from .helpers import assert_changes, assert_changes_offered, assert_refuses, run_both


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("x=4*16;y=16//4;z=1-.85\n", "x=64;y=4;z=1-.85\n", id="literals"),
        pytest.param("g=16;u=g//4;v=u**.5\n", "g=16;u=4;v=2.\n", id="constant-then-folded-constant"),
        pytest.param("x=2**-1;y=10/4;z=7/2\n", "x=.5;y=2.5;z=7/2\n", id="float-results-when-shorter"),
        pytest.param("x=(2*3).real;t=-(-30);s=~-100\n", "x=(6).real;t=30;s=99\n", id="parens-kept-unary"),
        pytest.param(
            'g=16\nprint(f"{g:4d}|{g}|{2*g}|{g:.2f}")\n', 'g=16\nprint(f"  16|16|32|16.00")\n', id="f-string-fields"
        ),
        pytest.param('w=4\nprint(f"{x:{w}d}")\n', 'w=4\nprint(f"{x:4d}")\n', id="f-string-nested-spec"),
        pytest.param(
            "g=16;K,L=.85,.5\nx=(g*4)*2\ny=x*4*g;z=1-L\n",
            "g=16;K,L=.85,.5\nx=128\ny=8192;z=.5\n",
            id="tuple-constant-and-chains",
        ),
        pytest.param(
            "g=16\nclass A:\n h=g*4\n g=1\nv=g*4\n", "g=16\nclass A:\n h=g*4\n g=1\nv=64\n", id="class-read-left-alone"
        ),
    ],
)
def test_fold_constants_changes(before: str, after: str) -> None:
    assert_changes_offered(FOLD_CONSTANTS, before, after)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # Left alone: negative, complex, raising, huge, infinite, -0.0 and bitwise-on-float results.
        pytest.param(
            "x=1-2;y=(-8)**.5;z=1/0;w=9**9**9;v=1e308*10;u=0.*-1;r=1<<10000;q=~.5;p=2*3\n",
            "x=1-2;y=(-8)**.5;z=1/0;w=9**9**9;v=1e308*10;u=0.*-1;r=1<<10000;q=~.5;p=6\n",
            id="unfoldable-values",
        ),
        pytest.param("g=16\nx=g*4 is y;z=g*4\n", "g=16\nx=g*4 is y;z=64\n", id="identity-operand"),
        pytest.param(
            "g=16\nx=g*(4)if y else 0\nz=g*4\n", "g=16\nx=g*(4)if y else 0\nz=64\n", id="literal-before-keyword-alone"
        ),
        pytest.param(
            "a,b,c,d,e=0,12,127,8232,55296\nprint(f'{a:c}{b:c}{c:c}{d:c}{e:c}',2*3)\n",
            "a,b,c,d,e=0,12,127,8232,55296\nprint(f'{a:c}{b:c}{c:c}{d:c}{e:c}',6)\n",
            id="unprintable-character-spec",
        ),
    ],
)
def test_fold_constants_leaves_alone(before: str, after: str) -> None:
    assert_changes(FOLD_CONSTANTS, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        # The exactness guard: the checker rewrites the step count, so `{d:4d}` is not known to print 1000.
        pytest.param('d=1000\nfor i in range(d):print(f"{d:4d}",d*10)\n', "no operation", id="step-count"),
        pytest.param("g=16\ng=17\nv=g*4\n", "no operation", id="bound-twice"),
        pytest.param("def f():return g*4\ng=16\n", "no operation", id="read-before-bound"),
        pytest.param("def f(g):return g*4\ng=16\n", "no operation", id="parameter"),
        pytest.param('g=4\nprint(f"{2*g=}",f"{g!r}",f"{g:n}",f"{g:\'>4}")\n', "no operation", id="f-string-fields"),
        pytest.param("x:4*4=1\n", "no operation", id="annotation"),
        pytest.param('g=16\nprint(eval("g*4"))\nx=g*4\n', "no operation", id="names-as-strings"),
        pytest.param("g=16\nx=g*(4)if y else 0\n", "running into the next token", id="literal-before-keyword"),
        pytest.param("x=55296\nprint(f'{x:c}')\n", "no operation", id="surrogate-character-spec"),
    ],
)
def test_fold_constants_refuses(before: str, reason: str) -> None:
    assert_refuses(FOLD_CONSTANTS, before, reason)


@pytest.mark.parametrize("source", ["x=(7*3)/4-2**-2", "x=7.5//2%3*1e3", "x=(1<<5|3)^6&7>>1"])
def test_fold_constants_value_is_python_s(source: str) -> None:
    before, after = run_both(FOLD_CONSTANTS, source + "\n")
    assert type(before["x"]) is type(after["x"]) and repr(before["x"]) == repr(after["x"])
