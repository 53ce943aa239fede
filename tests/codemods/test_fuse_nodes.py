"""fuse-nodes: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import libcst as cst
import pytest

from golf.codemods.fuse_nodes import TECHNIQUE as FUSE_NODES
from golf.codemods.technique import Applied, run_technique

from .helpers import assert_changes, assert_changes_offered, assert_refuses, assert_refuses_unoffered, code

#: The autograd class of a shrunk program: data `d`, children `c`, local gradients `l`.
ENGINE = """
class r:
 def __init__(a,b,e=(),f=()):a.d=b;a.c=e;a.l=f
"""


#: The class as child-pairs leaves it: nodes built as `r(DATA, (child, grad), ...)`.
PAIRS = """
class r:
 def __init__(a,b,*e):a.d=b;a.c=e
"""


#: The same with the operators that make `-x` and `a-e` nodes.
OPERATORS = ENGINE + " __mul__=lambda a,b:r(a.d*b,(a,),(b,));__neg__=lambda a:a*-1;__sub__=lambda a,b:a+-b\n"


@pytest.mark.parametrize(
    ("before", "after", "params"),
    [
        pytest.param(
            ENGINE + "def I(a):e=max(a.d for a in a);return[r(exp((c:=a-e).d),(c,),(exp(c.d),))for a in a]\n",
            ENGINE + "def I(a):e=max(a.d for a in a);return[r(exp(c:=a.d-e),(a,),(exp(c),))for a in a]\n",
            {},
            id="shift-softmax",
        ),
        pytest.param(
            ENGINE + "def f(x):return r((c:=x+1.5).d*2,(c,),(2,))\n",
            ENGINE + "def f(x):return r((c:=x.d+1.5)*2,(x,),(2,))\n",
            {"kind": "shift"},
            id="shift-plus-keeps-parentheses",
        ),
        pytest.param(
            ENGINE + "def f(x):return r((c:=x-1).d,(c,),(c.d/c.d,))\n",
            ENGINE + "def f(x):return r(c:=x.d-1,(x,),(c/c,))\n",
            {},
            id="shift-whole-argument",
        ),
        pytest.param(
            ENGINE + "y=-r(log(x.d),(x,),(1/x.d,))\n",
            ENGINE + "y=r(-log(x.d),(x,),(-1/x.d,))\n",
            {},
            id="fold-into-left-factor",
        ),
        pytest.param(
            ENGINE + "y=-r(a.d*b.d,(a,b),(b.d,a.d))+(-r(-x.d,(x,),(2+x.d,)))\n",
            ENGINE + "y=r(-a.d*b.d,(a,b),(-b.d,-a.d))+(r(x.d,(x,),(-(2+x.d),)))\n",
            {"kind": "negate"},
            id="fold-binary-and-double-minus",
        ),
        pytest.param(
            OPERATORS
            + "def I(a,e):return[r(exp((c:=a-e).d),(c,),(exp(c.d),))for a in a]\nU=-r(log(p.d),(p,),(1/p.d,))\n",
            ENGINE + " __mul__=lambda a,b:r(a.d*b,(a,),(b,));__sub__=lambda a,b:a+b*-1\n"
            "def I(a,e):return[r(exp(c:=a.d-e),(a,),(exp(c),))for a in a]\nU=r(-log(p.d),(p,),(-1/p.d,))\n",
            {},
            id="all-drops-neg",
        ),
        pytest.param(
            """
            class V:
                def __init__(s, data, kids=(), grads=()):
                    s.data = data; s.kids = kids; s.grads = grads
                def __neg__(self):
                    return self * -1
            x = -a**2, b/-a, -(a+b), -a*b, f(-a), [-a], -a+b, c-(-a), -a.b, (-a).b, -a<b, -1,-~a
            """,
            """
            class V:
                def __init__(s, data, kids=(), grads=()):
                    s.data = data; s.kids = kids; s.grads = grads
            x = a**2*-1, b/(a*-1), (a+b)*-1, a*-1*b, f(a*-1), [a*-1], a*-1+b, c-(a*-1), a.b*-1, (a*-1).b, a*-1<b, -1,-~a
            """,
            {},
            id="neg-multiplies-in-every-context",
        ),
        pytest.param(
            ENGINE + " __neg__=lambda a:0-a\ny=-r(x.d,(x,),(1,))+-z\n",
            ENGINE + " __neg__=lambda a:0-a\ny=r(-x.d,(x,),(-1,))+-z\n",
            {},
            id="fold-keeps-neg-written-otherwise",
        ),
        pytest.param(
            ENGINE + "def f(r):return -r(x.d,(x,),(1,))\ny=-r(x.d,(x,),(1,))\n",
            ENGINE + "def f(r):return -r(x.d,(x,),(1,))\ny=r(-x.d,(x,),(-1,))\n",
            {},
            id="local-name-is-not-the-class",
        ),
        # The pairs form (after child-pairs): `r(DATA,(child,grad),...)`.
        pytest.param(
            PAIRS + "def I(a):e=max(a.d for a in a);return[r(exp((c:=a-e).d),(c,exp(c.d)))for a in a]\n",
            PAIRS + "def I(a):e=max(a.d for a in a);return[r(exp(c:=a.d-e),(a,exp(c)))for a in a]\n",
            {"kind": "shift"},
            id="pairs-shift-softmax",
        ),
        pytest.param(
            PAIRS + "def f(x):return r((c:=x-1).d,(c,c.d/c.d))\n",
            PAIRS + "def f(x):return r(c:=x.d-1,(x,c/c))\n",
            {},
            id="pairs-shift-whole-argument",
        ),
        pytest.param(
            PAIRS + "U=-r(log((c:=I(x)[0]).d),(c,1/c.d))\n",
            PAIRS + "U=r(-log((c:=I(x)[0]).d),(c,-1/c.d))\n",
            {"kind": "negate"},
            id="pairs-fold-loss",
        ),
        pytest.param(
            PAIRS + "y=-r(a.d*b.d,(a,b.d),(b,a.d))+(-r(-x.d,(x,2+x.d)))\n",
            PAIRS + "y=r(-a.d*b.d,(a,-b.d),(b,-a.d))+(r(x.d,(x,-(2+x.d))))\n",
            {},
            id="pairs-fold-binary-and-double-minus",
        ),
        pytest.param(
            PAIRS
            + " __mul__=lambda a,b:r(a.d*b,(a,b));__neg__=lambda a:a*-1;__sub__=lambda a,b:a+-b\n"
            + "def I(a,e):return[r(exp((c:=a-e).d),(c,exp(c.d)))for a in a]\nU=-r(log(p.d),(p,1/p.d))\n",
            PAIRS + " __mul__=lambda a,b:r(a.d*b,(a,b));__sub__=lambda a,b:a+b*-1\n"
            "def I(a,e):return[r(exp(c:=a.d-e),(a,exp(c)))for a in a]\nU=r(-log(p.d),(p,-1/p.d))\n",
            {},
            id="pairs-all-drops-neg",
        ),
        # Squeezed whitespace: the folded node or `x*-1` right after a keyword gets a space.
        pytest.param(
            ENGINE + "def f(x):return-r(x.d,(x,),(1,))\n",
            ENGINE + "def f(x):return r(-x.d,(x,),(-1,))\n",
            {"kind": "negate"},
            id="fold-after-return",
        ),
        pytest.param(
            OPERATORS + "def f(x):return-x\ny=0 if 0 else-x\n",
            ENGINE + " __mul__=lambda a,b:r(a.d*b,(a,),(b,));__sub__=lambda a,b:a+b*-1\n"
            "def f(x):return x*-1\ny=0 if 0 else x*-1\n",
            {},
            id="times-minus-one-after-keywords",
        ),
        pytest.param(
            PAIRS + "U=sum(r(log(p.d),(p,1/p.d))*-1 for p in q)\ny=r(x.d,(x,1))*-1.\n",
            PAIRS + "U=sum(r(-log(p.d),(p,-1/p.d)) for p in q)\ny=r(x.d,(x,1))*-1.\n",
            {"kind": "negate"},
            id="times-minus-one-folds-as-the-minus-did",  # not `*-1.`: a float -1 is another constant
        ),
    ],
)
def test_fuse_nodes_changes(before: str, after: str, params: dict[str, str]) -> None:
    assert_changes(FUSE_NODES, before, after, params)


SOFTMAX = "def I(a,e):return[r(exp((c:=a-e).d),(c,),(exp(c.d),))for a in a]\n"


@pytest.mark.parametrize(
    ("before", "reason", "params"),
    [
        # The exactness guard: `c` stays a node where it is read outside the node it builds.
        pytest.param(ENGINE + SOFTMAX.replace("for a in a]", "for a in a]+[c]"), "no node of r", {}, id="c-read-later"),
        pytest.param(ENGINE + "def f(a,c):return r((c:=a-1).d,(c,),(1,))\n", "no node of r", {}, id="c-a-parameter"),
        pytest.param(ENGINE + "c=0\ny=r((c:=a-1).d,(c,),(1,))\n", "no node of r", {}, id="c-global-used"),
        pytest.param(ENGINE + SOFTMAX.replace("exp(c.d),", "exp(c*2).d,"), "no node of r", {}, id="c-read-as-node"),
        pytest.param(ENGINE + SOFTMAX.replace("(c:=a-e)", "(c:=c-e)"), "no node of r", {}, id="shift-of-c"),
        pytest.param(ENGINE + SOFTMAX.replace("(c:=a-e)", "(c:=a-e-1)"), "no node of r", {}, id="not-a-name"),
        pytest.param(ENGINE + SOFTMAX.replace("(c:=a-e)", "(c:=a*e)"), "no node of r", {}, id="not-a-shift"),
        pytest.param(ENGINE + SOFTMAX.replace("(c:=a-e)", "(c:=a-(a:=e))"), "no node of r", {}, id="a-rebound"),
        pytest.param(ENGINE + SOFTMAX.replace("exp((c:=a-e).d)", "exp(c.d)"), "no node of r", {}, id="no-walrus"),
        pytest.param(
            ENGINE + SOFTMAX.replace("exp((c:=a-e).d),(c,),(exp(c.d),)", "exp(c.d),(c,),(exp((c:=a-e).d),)"),
            "no node of r",
            {},
            id="walrus-after-child",
        ),
        pytest.param(
            ENGINE + SOFTMAX.replace("exp((c:=a-e).d)", "exp((c:=a-e).d if t else 0)"),
            "no node of r",
            {},
            id="conditional-walrus",
        ),
        pytest.param(
            ENGINE + "def f(x):return r((c:=x-1).d,(c,),(1,),)+r(1,(c,),(1,))\n", "no node of r", {}, id="two-nodes"
        ),
        pytest.param(ENGINE + "y=-r(x.d,(x,),(1,))\n", "no node of r", {"kind": "shift"}, id="shift-only"),
        pytest.param(ENGINE + SOFTMAX, "no node of r", {"kind": "negate"}, id="negate-only"),
        pytest.param(ENGINE + "y=-r(x.d,(x,(1,)),(1,))[0]\n", "no node of r", {}, id="unequal-tuples-pass"),
        pytest.param(OPERATORS + "from operator import neg\ny=neg(x)\n", "cannot go", {}, id="neg-reached-by-name"),
        pytest.param(OPERATORS.replace("a*-1", "a*-1.0") + "y=-x\n", "cannot go", {}, id="neg-not-times-minus-one"),
        pytest.param(ENGINE + SOFTMAX + "eval('c')\n", "eval", {}, id="names-as-strings"),
        pytest.param("x = -y\n", "no autograd class", {}, id="no-class"),
        pytest.param(ENGINE + "r=f(r)\ny=-r(x.d,(x,),(1,))\n", "bound again", {}, id="class-name-rebound"),
        pytest.param(ENGINE + "y=[-r(x.d,(x,),(1,))for r in q]\n", "no node of r", {}, id="comprehension-shadows"),
        pytest.param(ENGINE + ENGINE.replace("class r", "class q"), "more than one", {}, id="two-classes"),
        pytest.param(ENGINE + SOFTMAX, "kind must be", {"kind": "both"}, id="unknown-kind"),
        # The pairs form: a shift fuses only into a one-pair node; a call that is not all pairs is no node.
        pytest.param(
            PAIRS + "def f(x,y):return r((c:=x-1).d,(c,1),(y,1))\n", "no node of r", {}, id="pairs-two-children"
        ),
        pytest.param(PAIRS + "y=-r(x.d,(x,1,2))+-r(x.d,(x,1),z)\n", "no node of r", {}, id="pairs-not-pairs"),
        pytest.param(PAIRS + "y=-r(x.d)+-r(x.d,*p)\n", "no node of r", {}, id="pairs-leaf-and-starred"),
        pytest.param(
            PAIRS + SOFTMAX.replace("(c,),(exp(c.d),)", "(c,exp(c.d))").replace("for a in a]", "for a in a]+[c]"),
            "no node of r",
            {"kind": "shift"},
            id="pairs-c-read-later",
        ),
        pytest.param(
            PAIRS.replace("*e):a.d=b;a.c=e", "e,*f):a.d=b;a.c=e;a.l=f") + "y=-r(x.d,(x,1))\n",
            "no autograd class",
            {},
            id="pairs-init-not-data-and-pairs",
        ),
    ],
)
def test_fuse_nodes_refuses(before: str, reason: str, params: dict[str, str]) -> None:
    assert_refuses(FUSE_NODES, before, reason, params)


def test_fuse_nodes_candidates() -> None:
    assert FUSE_NODES.trial
    both = OPERATORS + SOFTMAX + "U=-r(log(p.d),(p,),(1/p.d,))\n"
    assert FUSE_NODES.candidates(cst.parse_module(code(both))) == [{}, {"kind": "shift"}, {"kind": "negate"}]
    assert_changes_offered(
        FUSE_NODES,
        ENGINE + SOFTMAX,
        ENGINE + SOFTMAX.replace("exp((c:=a-e).d),(c,),(exp(c.d),)", "exp(c:=a.d-e),(a,),(exp(c),)"),
    )
    assert_refuses_unoffered(FUSE_NODES, ENGINE + SOFTMAX.replace("(c:=a-e)", "(c:=c-e)"), "no node of r")
    pairs = PAIRS + SOFTMAX.replace("(c,),(exp(c.d),)", "(c,exp(c.d))") + "U=-r(log(p.d),(p,1/p.d))\n"
    assert FUSE_NODES.candidates(cst.parse_module(code(pairs))) == [{}, {"kind": "shift"}, {"kind": "negate"}]


def test_fuse_nodes_on_the_shrunk_fixture(shrunk: str) -> None:
    source = shrunk
    outcome = run_technique(FUSE_NODES, source)
    assert isinstance(outcome, Applied)
    assert "exp(c:=a.d-e),(a,),(exp(c),)" in outcome.source and "__neg__" not in outcome.source
    assert len(outcome.source.encode()) <= len(source.encode()) - 20
