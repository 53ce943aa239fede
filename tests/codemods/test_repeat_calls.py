"""repeat-calls: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from golf.codemods.repeat_calls import TECHNIQUE

from .helpers import assert_changes_offered, assert_refuses_unoffered

NOTHING = "no run of assignments of the same call is long enough to pay"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("Q=s(g,g);R=s(g,g);W=s(g,g);X=s(g,g)\n", "Q,R,W,X=[s(g,g)for _ in[0]*4]\n", id="names"),
        pytest.param(
            "def f():\n    Q = s(g, g)\n    R = s(g,g)\n    W = s(g, g)\n    X = s(g, g)\n    return Q\n",
            "def f():\n    Q,R,W,X = [s(g, g)for _ in[0]*4]\n    return Q\n",
            id="function-block-same-tree-other-spacing",
        ),
        pytest.param("Q=s(_,g);R=s(_,g);W=s(_,g);X=s(_,g)\n", "Q,R,W,X=[s(_,g)for a in[0]*4]\n", id="loop-name-free"),
        pytest.param(
            "Q=s(g,g);R=s(g,g);W=s(g,g);X=s(g,g);Y=t(g);Z=t(g)\n",
            "Q,R,W,X=[s(g,g)for _ in[0]*4];Y=t(g);Z=t(g)\n",
            id="only-runs-that-pay",
        ),
    ],
)
def test_changes(before: str, after: str) -> None:
    assert_changes_offered(TECHNIQUE, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param("Q=s(g,g);R=s(g,g)\n", NOTHING, id="too-short-to-pay"),
        pytest.param("Q=s(Q,g);R=s(Q,g);W=s(Q,g);X=s(Q,g)\n", NOTHING, id="call-reads-a-target"),
        pytest.param('D["a"]=mm(n,n);D["b"]=mm(n,n);D["c"]=mm(n,n)\n', NOTHING, id="subscript-targets-left-alone"),
        pytest.param("class C:\n    Q=s(g,g);R=s(g,g);W=s(g,g);X=s(g,g)\n", NOTHING, id="class-body"),
        pytest.param("Q=s(*g);R=s(*g);W=s(*g);X=s(*g)\n", NOTHING, id="starred-argument"),
        pytest.param("Q=s(g,g);R=s(g,h);W=s(g,g);X=s(g,g)\n", NOTHING, id="not-the-same-call"),
        pytest.param("def f():\n    Q=s((yield));R=s((yield));W=s((yield));X=s((yield))\n", NOTHING, id="yield"),
        pytest.param(
            "class C:\n    def m(self):\n        Q=super().m();R=super().m();W=super().m()\n", NOTHING, id="super"
        ),
        pytest.param("Q=s(g,g);R=s(g,g);W=s(g,g);X=s(g,g);eval('Q')\n", "eval", id="names-as-strings"),
    ],
)
def test_refuses(before: str, reason: str) -> None:
    assert_refuses_unoffered(TECHNIQUE, before, reason)
