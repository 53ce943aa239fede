"""copy-propagation and fold-constants (both exact): tables of before/after snippets (exact output) and of
refusals (a part of the reason), with the candidates each offers."""

from __future__ import annotations

import pytest
from codemod_asserts import assert_changes, assert_changes_offered, assert_refuses, assert_refuses_unoffered

from golf.codemods.copy_propagation import TECHNIQUE as COPY_PROPAGATION
from golf.codemods.fold_constants import TECHNIQUE as FOLD_CONSTANTS
from golf.codemods.technique import Applied, run_technique


# ---------------------------------------------------------------------------
# copy-propagation
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            """
            def S(j, n):
             x=J([t+p for t,p in zip(H[j],P[n])]);e=x;x=J(x);q=y(x,W)
             return [a+b for a,b in zip(q,e)]
            """,
            """
            def S(j, n):
             e=J([t+p for t,p in zip(H[j],P[n])]);x=J(e);q=y(x,W)
             return [a+b for a,b in zip(q,e)]
            """,
            id="target-shape",
        ),
        pytest.param("def f():\n x=g();e=x;print(x)\n", "def f():\n e=g();print(e)\n", id="never-rebound"),
        pytest.param("x = g()\ne = x\nx = h(x)\nprint(x)\n", "e = g()\nx = h(e)\nprint(x)\n", id="two-lines-module"),
        pytest.param(
            "x=g();e=x;y=(a for a in x);w=[x+a for a in x]\n",
            "e=g();y=(a for a in e);w=[e+a for a in e]\n",
            id="comprehensions-run-in-place",
        ),
        pytest.param(
            "def f(x):\n while x:\n  x=g(x)\n  e=x\n  x=h(x)\n return x,e\n",
            "def f(x):\n while x:\n  e=g(x)\n  x=h(e)\n return x,e\n",
            id="loop-rebinds-every-way",
        ),
        pytest.param("x=1;e=x;x=x+e;print(x)\n", "e=1;x=e+e;print(x)\n", id="reads-of-e-kept"),
        pytest.param("x=[1];e=x;e=x+[2]\nprint(e)\n", "e=[1];e=e+[2]\nprint(e)\n", id="last-read-rebinds-e"),
        pytest.param("x=[1];e=x;e+=x\nprint(e)\n", "e=[1];e+=e\nprint(e)\n", id="last-read-augments-e"),
    ],
)
def test_copy_propagation_changes(before: str, after: str) -> None:
    assert_changes_offered(COPY_PROPAGATION, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        # The exactness guards: x would still be read where it held the copied value.
        pytest.param("if c:\n x=g();e=x;h(x)\nprint(x)\n", "read after the region", id="read-after-block"),
        pytest.param(
            "def f(r):\n for i in r:\n  print(x)\n  x=g();e=x;h(x)\n", "earlier in a loop", id="loop-comes-back"
        ),
        pytest.param(
            "for i in r:\n x=g();e=x\n if c:break\n x=h(x)\nprint(x)\n", "read after the region", id="break-skips"
        ),
        pytest.param("try:\n x=g();e=x;x=h(x)\nexcept E:\n print(x)\n", "read after the region", id="try-skips"),
        pytest.param("x=g();e=x;f=lambda:x\n", "nested function", id="lambda-reads-x"),
        pytest.param("x=g();e=x;y=(x for a in z)\n", "nested function", id="generator-reads-x"),
        pytest.param("def f():\n x=g();e=x;return lambda:e\n", "e is read in a nested", id="lambda-reads-e"),
        pytest.param("x=g();e=x;y=[x for e in z]\n", "binds e", id="comprehension-binds-e"),
        pytest.param("x=g();e=x;e=1;h(x)\n", "e is bound again", id="e-rebound"),
        pytest.param("x=g();e=x;e=x+[1];h(x)\n", "e is bound again", id="e-rebound-then-x-read"),
        pytest.param("x=g();e=x;e=a[x]=x\n", "e is bound again", id="e-bound-before-target-read"),
        pytest.param("x=g();e=x;e=x+[(e:=2)]\n", "e is bound again", id="e-bound-in-last-value"),
        pytest.param("x=g();e=x;x+=1\n", "other than by a plain assignment", id="augmented"),
        pytest.param("x=g();e=x;del x\n", "other than by a plain assignment", id="del"),
        pytest.param("x=(e:=1);e=x\n", "binds x or e itself", id="walrus-in-value"),
        pytest.param("class A:\n x=g();e=x\n", "class body", id="class-body"),
        pytest.param("def f():\n global x\n x=1;e=x\n", "global or nonlocal", id="global"),
        pytest.param("d=1000;e=d\nfor i in range(e):pass\n", "step count", id="step-count"),
        pytest.param('x=g();e=x;h(eval("x"))\n', "eval", id="names-as-strings"),
        pytest.param(
            "import sys\nx=1\ne=x\nprint(sys._getframe().f_locals['x'])\n", "_getframe, f_locals", id="frame-locals"
        ),
        pytest.param("x=1\ne=x\nprint(__import__('__main__').x)\n", "__import__", id="import-main-module"),
        pytest.param("import inspect\nx=1;e=x\nprint(inspect.currentframe())\n", "currentframe", id="current-frame"),
        pytest.param("x=1;e=x\nprint(h.__globals__)\n", "__globals__", id="function-globals"),
        pytest.param("x=g();e=y\n", "no assignment", id="nothing"),
    ],
)
def test_copy_propagation_refuses(before: str, reason: str) -> None:
    assert_refuses_unoffered(COPY_PROPAGATION, before, reason)


# ---------------------------------------------------------------------------
# fold-constants
# ---------------------------------------------------------------------------
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
    outcome = run_technique(FOLD_CONSTANTS, source + "\n")
    assert isinstance(outcome, Applied)
    before: dict[str, object] = {}
    after: dict[str, object] = {}
    exec(source, before)  # noqa: S102 - a fixed snippet
    exec(outcome.source, after)  # noqa: S102 - the snippet folded
    assert type(before["x"]) is type(after["x"]) and repr(before["x"]) == repr(after["x"])
