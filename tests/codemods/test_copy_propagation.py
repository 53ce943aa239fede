"""copy-propagation: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from golf.codemods.copy_propagation import TECHNIQUE as COPY_PROPAGATION

from .helpers import assert_changes_offered, assert_refuses_unoffered


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
