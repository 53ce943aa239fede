"""inline-method: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import libcst as cst
import pytest

from golf.codemods.inline_method import TECHNIQUE

from .helpers import assert_changes, assert_refuses, code

CHANGES = [
    pytest.param(
        """
        class V:
         d=1;e=lambda a:V(exp(a.d),(a,))
        def f(a,b):return[(a-b).e()]
        """,
        "V.e",
        """
        class V:
         d=1
        def f(a,b):return[V(exp((c:=a-b).d),(c,))]
        """,
        id="walrus-in-function",
    ),
    pytest.param(
        """
        class V:
         e=lambda s:V(s.d,s)
        def f(b):return c+(b+1).e()
        """,
        "V.e",
        """
        class V:
         pass
        def f(b):return c+V((a:=b+1).d,a)
        """,
        id="walrus-name-unused-in-the-function",
    ),
    pytest.param(
        """
        class V:
         e=lambda s:V(s.d,s)
        def f(a):return a
        print(V(1).e())
        """,
        "V.e",
        """
        class V:
         pass
        def f(a):return a
        print(V((a:=V(1)).d,a))
        """,
        id="module-walrus-may-reuse-a-function-local",
    ),
    pytest.param(
        '''
        class Value:
            def relu(self):
                """Rectify."""
                return Value(max(0, self.data), (self,))

            def other(self, x):
                return x

        x = [v.relu() for v in xs]
        ''',
        "Value.relu",
        """
        class Value:

            def other(self, x):
                return x

        x = [Value(max(0, v.data), (v,)) for v in xs]
        """,
        id="def-with-docstring-plain-name-receiver",
    ),
    pytest.param(
        """
        import math
        class V:
         def log(self):return V(math.log(self.d),(self,),(1/self.d,))
        L=-P[t].log()
        """,
        "V.log",
        """
        import math
        class V:
         pass
        L=-V(math.log((a:=P[t]).d),(a,),(1/a.d,))
        """,
        id="module-attribute-before-self",
    ),
    pytest.param(
        "class V:\n e=lambda a:a.d*2\ny=f(x).e()+1\n",
        "V.e",
        "class V:\n pass\ny=f(x).d*2+1\n",
        id="self-once-no-parens-needed",
    ),
    pytest.param(
        "class V:\n e=lambda a:a.d*2\ny=-f(x).e()\n",
        "V.e",
        "class V:\n pass\ny=-(f(x).d*2)\n",
        id="self-once-parens-needed",
    ),
    pytest.param(
        "class V:\n e=lambda a:V(a)\ndef g(a,b):return(a-b).e()\n",
        "V.e",
        "class V:\n pass\ndef g(a,b):return V(a-b)\n",
        id="keyword-before-the-call-gets-a-space",
    ),
    pytest.param(
        "class V:\n e=lambda a:a.d+1\ny=x.e()if c else 0\n",
        "V.e",
        "class V:\n pass\ny=(x.d+1)if c else 0\n",
        id="number-before-a-keyword-keeps-parens",
    ),
    pytest.param(
        "class V:\n def e(a):return a.d,1\ny=[(x.e())]\n",
        "V.e",
        "class V:\n pass\ny=[(x.d,1)]\n",
        id="call-parentheses-go-around-a-tuple",
    ),
]


@pytest.mark.parametrize(("before", "member", "after"), CHANGES)
def test_inline_method_changes(before: str, member: str, after: str) -> None:
    assert_changes(TECHNIQUE, before, after, {"member": member})


REFUSALS = [
    pytest.param(
        # The guard that matters in target_bytes.py: `r` inside S is its local, not the class.
        """
        class r:
         r=lambda a:r(max(0,a.d),(a,))
        def S(x):
         r=[1]
         return[a.r()for a in x]
        """,
        "r.r",
        "the method reads r, which is bound around the call site",
        id="class-name-shadowed-at-call",
    ),
    pytest.param(
        # Evaluating the receiver after the method's `g` would read g before `(g:=h)` rebinds it.
        "class V:\n e=lambda s:g(s,s)\nx=(g:=h).e()\n",
        "V.e",
        "could rebind a name",
        id="receiver-rebinds-an-earlier-name",
    ),
    pytest.param(
        "class V:\n e=lambda a:V(f(1),a.d)\nx=(p+q).e()\n",
        "V.e",
        "computes something before it first uses self",
        id="call-before-self",
    ),
    pytest.param(
        "class V:\n e=lambda a:a.d if c else 0\nx=(p+q).e()\n",
        "V.e",
        "not evaluated unconditionally",
        id="self-only-in-a-branch",
    ),
    pytest.param(
        "class V:\n e=lambda a:V(a.d,a)\nx=[q for q in (p+q).e()]\n",
        "V.e",
        "comprehension's iterable",
        id="walrus-in-comprehension-iterable",
    ),
    pytest.param(
        "class V:\n e=lambda a:V(a.d,a)\nclass W:\n y=V().e()\n",
        "V.e",
        "class body",
        id="call-in-class-body",
    ),
    pytest.param("class V:\n e=lambda a:a.d\nx=p.e();y=q.e()\n", "V.e", "used 2 times", id="called-twice"),
    pytest.param("class V:\n e=lambda a:a.d\nx=p.e(1)\n", "V.e", "other than in a call", id="call-with-argument"),
    pytest.param("class V:\n e=lambda a:a.d\nx=p.e\n", "V.e", "other than in a call", id="not-called"),
    pytest.param("class V:\n e=lambda a:a.d\nx=p.e();y=getattr(p,'d')\n", "V.e", "by strings", id="getattr-in-program"),
    pytest.param("class V:\n @staticmethod\n def e(a):return a.d\nx=p.e()\n", "V.e", "not a plain", id="decorated"),
    pytest.param("class V:\n e=lambda a,b=1:a.d\nx=p.e()\n", "V.e", "not a plain", id="two-parameters"),
    pytest.param("class V:\n def e(a):\n  x=1\n  return a.d\nx=p.e()\n", "V.e", "not a plain", id="two-statements"),
    pytest.param("class V:\n __neg__=lambda a:a.d\nx=p.__neg__()\n", "V.__neg__", "dunder", id="dunder"),
    pytest.param("class V:\n e=lambda a:1\nx=p.e()\n", "V.e", "does not use a", id="self-unused"),
    pytest.param(
        "class V:\n e=lambda a:[a.d for _ in x]\nx=p.e()\n", "V.e", "lambda or comprehension", id="self-captured"
    ),
    pytest.param(
        "class V:\n e=lambda a:a.g.e()\nx=p.e()\n", "V.e", "may call itself", id="recursive-through-attribute"
    ),
    pytest.param("class V:\n e=lambda a:super().d\nx=p.e()\n", "V.e", "super", id="super"),
    pytest.param(
        "class V:\n e=lambda a:a.d\n f=e\nx=p.e()\n", "V.e", "reads e while the class is built", id="class-reads"
    ),
    pytest.param(
        "class V:\n e=lambda a:a.d\nclass W:\n def e(a):return 1\nx=p.e()\n", "V.e", "another class", id="two-classes"
    ),
    pytest.param("def f():\n class V:\n  e=lambda a:a.d\nx=p.e()\n", "V.e", "top-level class", id="nested-class"),
    pytest.param("class V:\n d=1\nx=p.e()\n", "V.e", "has no member e", id="no-member"),
    pytest.param("x=1\n", "V", "Class.name", id="bad-parameter"),
]


@pytest.mark.parametrize(("before", "member", "reason"), REFUSALS)
def test_inline_method_refuses(before: str, member: str, reason: str) -> None:
    assert_refuses(TECHNIQUE, before, reason, {"member": member})


def test_candidates_are_the_one_expression_methods_used_once() -> None:
    source = code(
        """
        import math
        class V:
         def __init__(s,d):s.d=d
         log=lambda a:V(math.log(a.d));exp=lambda a:V(math.exp(a.d))
         def two(a,b):return a
         def relu(a):return V(max(0,a.d))
        x=V(1).log();y=V(2).exp()+V(3).exp();z=V(4).relu();w=V(5).two(1)
        """
    )
    assert TECHNIQUE.candidates(cst.parse_module(source)) == [{"member": "V.log"}, {"member": "V.relu"}]
    assert TECHNIQUE.candidates(cst.parse_module(source + "eval('1')\n")) == []
    assert TECHNIQUE.trial
