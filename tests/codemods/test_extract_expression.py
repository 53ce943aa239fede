"""extract-expression: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from golf.codemods.extract_expression import TECHNIQUE

from .helpers import assert_changes_offered, assert_refuses_unoffered

NOTHING = "no expression repeated in function bodies would be shorter as a helper"


COERCE = "(a:=a if r==type(a)else r(a))"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            f"class r:\n __add__=lambda b,a:r(b.d+{COERCE}.d);__mul__=lambda b,a:r(b.d*{COERCE}.d)\nx=1\n",
            "class r:\n __add__=lambda b,a:r(b.d+(a:=c(a)).d);__mul__=lambda b,a:r(b.d*(a:=c(a)).d)\n"
            "c=lambda a:a if r==type(a)else r(a)\nx=1\n",
            id="operand-coercion-after-the-class",
        ),
        pytest.param(
            "def f(a):return-a.x*a.y+a.z*a.w*2\ndef g(a):return-a.x*a.y+a.z*a.w*2\ndef h(a):return-a.x*a.y+a.z*a.w*2\n",
            "def f(a):return b(a)\nb=lambda a:-a.x*a.y+a.z*a.w*2\ndef g(a):return b(a)\ndef h(a):return b(a)\n",
            id="spaced-from-keyword",
        ),
        pytest.param(
            "def f(*q):\n    return len(q)+len(q)*2+len(q)*3,len(q)+len(q)*2+len(q)*3\n",
            "def f(*q):\n    return a(q),a(q)\na=lambda q:len(q)+len(q)*2+len(q)*3\n",
            id="star-parameter-is-a-parameter",
        ),
        pytest.param(
            "def f(p):\n    return g(p.size*2+p.count)+h(p.size*2+p.count)\ndef k(p):\n    return p.size*2+p.count\n",
            "def f(p):\n    return g(a(p))+h(a(p))\na=lambda p:p.size*2+p.count\ndef k(p):\n    return a(p)\n",
            id="three-places-two-functions",
        ),
    ],
)
def test_changes(before: str, after: str) -> None:
    assert_changes_offered(TECHNIQUE, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param("print(aaaa+bbbb*cccc, aaaa+bbbb*cccc)\n", NOTHING, id="not-in-a-function"),
        pytest.param(
            "def f(x):\n    y=2\n    return (y if r==type(y)else r(y))+(y if r==type(y)else r(y))\n",
            NOTHING,
            id="reads-a-local-that-is-not-a-parameter",
        ),
        pytest.param(
            "def f(p):\n    return g(p.size*2+p.count)\ndef k(q):\n    return q.size*2+q.count\n",
            NOTHING,
            id="other-parameter-names",
        ),
        pytest.param(
            "def f(p):\n    return g([p.x*2+i for i in p])+h([p.x*2+i for i in p])\n",
            NOTHING,
            id="comprehension-not-extracted",
        ),
        pytest.param("def f(p):\n    return g(p+1)+h(p+1)\n", NOTHING, id="too-short-to-pay"),
        pytest.param(
            "def f(x=abs(aa*bb+cc*dd)):\n    pass\ndef g(y=abs(aa*bb+cc*dd)):\n    pass\n",
            NOTHING,
            id="defaults-run-with-the-def",
        ),
        pytest.param(
            "class C:\n    def m(s):\n        return s.__v.x+s.__v.y*2,s.__v.x+s.__v.y*2\n", NOTHING, id="private-name"
        ),
        pytest.param(
            "class C:\n    def m(s):\n        return super().m(1,2,3),super().m(1,2,3)\n", NOTHING, id="super"
        ),
        pytest.param("def f(p):\n    return eval('p')+g(p.x*2+1)+h(p.x*2+1)\n", "eval", id="names-as-strings"),
    ],
)
def test_refuses(before: str, reason: str) -> None:
    assert_refuses_unoffered(TECHNIQUE, before, reason)
