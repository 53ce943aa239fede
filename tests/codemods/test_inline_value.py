"""inline-value: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import libcst as cst
import pytest

from golf.codemods.inline_value import TECHNIQUE

from .helpers import assert_changes, assert_refuses


@pytest.mark.parametrize(
    ("before", "params", "after"),
    [
        pytest.param(
            "y=lambda x,w:[x,w]\ndef S(x,f,g):\n q=y(x,W);k=y(x,X);v=y(x,Y);f.append(k);g.append(v);return q\n",
            {},
            "y=lambda x,w:[x,w]\ndef S(x,f,g):\n f.append(y(x,X));g.append(y(x,Y));return y(x,W)\n",
            id="past-calls-and-method-calls",
        ),
        pytest.param(
            "def S(x,f,g):\n q=y(x,W);k=y(x,X);v=y(x,Y);f.append(k);g.append(v);return q\n",
            {},
            "def S(x,f,g):\n q=y(x,W);f.append(y(x,X));g.append(y(x,Y));return q\n",
            id="not-past-an-outside-function-given-what-it-reads",
        ),
        pytest.param("a=f();b=g();c=a+b\n", {"name": "a", "line": "1"}, "b=g();c=f()+b\n", id="past-a-call-between"),
        pytest.param("a=f();b=g()+a\n", {"name": "a"}, "b=g()+f()\n", id="past-a-call-in-the-statement"),
        pytest.param("a=f();p.d-=a\n", {"name": "a"}, "p.d-=f()\n", id="past-an-attribute-load"),
        pytest.param(
            "Q=I(S(z));z=choices(range(F),weights=[p.d for p in Q])[0]\n",
            {"name": "Q"},
            "z=choices(range(F),weights=[p.d for p in I(S(z))])[0]\n",
            id="into-the-first-iterable-after-calls",
        ),
        pytest.param(
            "d=9;B=2;a=.01*(1-B/d)\nfor p in G:p.m=p.g;p.d-=a*p.m;p.g=0\n",
            {"name": "a"},
            "d=9;B=2\nfor p in G:p.m=p.g;p.d-=.01*(1-B/d)*p.m;p.g=0\n",
            id="arithmetic-into-a-loop-body",
        ),
        pytest.param(
            "n=3;a=n+1\nwhile c():\n if t:x*=a\n",
            {"name": "a"},
            "n=3\nwhile c():\n if t:x*=n+1\n",
            id="into-a-while-loop-and-an-if-in-it",
        ),
        pytest.param(
            "def g(a):pass\ndef f(l,t):\n x=l[0];g(l);t.append(1);print(x)\n",
            {"name": "x"},
            "def g(a):pass\ndef f(l,t):\n g(l);t.append(1);print(l[0])\n",
            id="past-own-function-and-unrelated-method",
        ),
        # A value that only reads, without calls, may move into a comprehension's element or inner clauses.
        pytest.param(
            "def f(q,l,b):\n s=q[b:b+4];return[sum(map(M,s,t))for t in l]\n",
            {"name": "s"},
            "def f(q,l,b):\n return[sum(map(M,q[b:b+4],t))for t in l]\n",
            id="slice-into-a-comprehension-element",
        ),
        pytest.param(
            "def f(g,w,b):\n m=[a[b]for a in g];return[sum(t*a[j]for t,a in zip(w,m))for j in R]\n",
            {"name": "m"},
            "def f(g,w,b):\n return[sum(t*a[j]for t,a in zip(w,[a[b]for a in g]))for j in R]\n",
            id="list-comprehension-into-a-comprehension-element",
        ),
        pytest.param(
            "def f(l,x):\n v=x.d;return[t for t in l if t<v]\n",
            {"name": "v"},
            "def f(l,x):\n return[t for t in l if t<x.d]\n",
            id="into-a-comprehension-condition",
        ),
        pytest.param(
            "a=2*3\nfor i in r:b=[a for _ in r]\n",
            {"name": "a"},
            "for i in r:b=[2*3 for _ in r]\n",
            id="number-into-a-comprehension-in-a-loop",
        ),
        pytest.param(  # not in one round with p, whose value (holding the read of t) moves unreplaced
            "t=.5\nfor i in r:\n p=[l/t for l in g(i)];print(p)\n",
            {},
            "for i in r:\n print([l/.5 for l in g(i)])\n",
            id="into-a-value-inlined-in-the-loop",
        ),
    ],
)
def test_inline_value_changes(before: str, params: dict[str, str], after: str) -> None:
    assert_changes(TECHNIQUE, before, after, params)


@pytest.mark.parametrize(
    ("before", "name", "reason"),
    [
        # The loop guard: a value that calls code, reads state or makes an object would do so on every iteration.
        pytest.param("a=f()\nfor i in r:\n print(a)\n", "a", "calls code", id="call-into-a-loop"),
        pytest.param("a=x.y*2\nfor i in r:\n x.y=a\n", "a", "reads state", id="load-into-a-loop"),
        pytest.param("a=[1]\nfor i in r:L.append(a)\n", "a", "builds an object", id="list-into-a-loop"),
        pytest.param("a=lambda:1\nfor i in r:L.append(a)\n", "a", "builds an object", id="lambda-into-a-loop"),
        pytest.param("n=1;a=n*2\nfor i in r:\n n+=1;print(a)\n", "a", "loop rebinds n", id="loop-rebinds-a-name"),
        pytest.param("i=1;a=i*2\nfor i in range(3):print(a)\n", "a", "loop rebinds i", id="loop-target"),
        pytest.param(
            "def f():\n b=3;print(b);a=b*2\n for i in r:\n  print(a)\n  del b\n", "a", "loop rebinds b", id="loop-dels"
        ),
        # A call passed that plainly changes what the value reads.
        pytest.param("def f(l):\n x=l[0];l.pop(0);print(x)\n", "x", "a method call", id="method-call-between"),
        pytest.param("def f(l):\n x=l[0];print(l.pop(),x)\n", "x", "a method call", id="method-call-before-read"),
        pytest.param("def f(l):\n x=l[0];shuffle(l);print(x)\n", "x", "is given", id="given-to-outside-function"),
        pytest.param("def f(l,t):\n x=l.a[0];t.add(l);print(x)\n", "x", "is given", id="given-to-a-method"),
        pytest.param("a=2*3\nfor i in r:pass\nelse:print(a)\n", "a", "zero or several", id="loop-else"),
        pytest.param("a=2*3\nwhile a:pass\n", "a", "zero or several", id="while-header"),
        pytest.param("a=2*3\nif c:print(a)\n", "a", "zero or several", id="if-body"),
        pytest.param("a=2*3\nfor i in r:g=lambda:a\n", "a", "nested function", id="lambda-in-a-loop"),
        # inline-variable's other guards stay.
        pytest.param("a=f();print(a,a)\n", "a", "read 2 times", id="read-twice"),
        # Into a comprehension: only a value without calls, stores or built objects, whose names stay its own.
        pytest.param("a=f();r=[a for _ in x]\n", "a", "calls code", id="comprehension-element"),
        pytest.param(
            "def n(x):\n    s=(m+1e-5)**-.5\n    return [v*s for v in x]\n",
            "s",
            "applies operators",  # on a Value each element would get its own node: other gradient sums
            id="operator-value-into-a-comprehension",
        ),
        pytest.param("def f(l,x):\n v=g(x);return[v*t for t in l]\n", "v", "calls code", id="call-into-comprehension"),
        pytest.param("v=[x];y=[v*t for t in l]\n", "v", "builds an object", id="display-into-comprehension"),
        pytest.param(
            "def f(l,t):\n v=t[0];return[v*t for t in l]\n", "v", "t, which the value reads, is bound", id="shadowed"
        ),
        pytest.param("v=y[0];y=[v*t for t in l]\n", "v", "y, which the value reads, is bound", id="statement-binds"),
        pytest.param("v=x[0];return(v*t for t in l)\n", "v", "generator expression", id="lazy-generator"),
        pytest.param("v=x[0];x[0]=1;y=[v*t for t in l]\n", "v", "a store", id="store-before-comprehension"),
        pytest.param("v=x[0];x=l;y=[v*t for t in l]\n", "v", "rebinds x", id="rebind-before-comprehension"),
        pytest.param("v=x[0];y=[v*x.pop()for t in l]\n", "v", "a method call", id="method-call-in-comprehension"),
        pytest.param("v=x[0];y=[g(v)for t in l]\n", "v", "other than iterated", id="passed-from-comprehension"),
        pytest.param("v=x[0];y=[lambda:v for t in l]\n", "v", "nested function", id="lambda-in-comprehension"),
        pytest.param("v=x[0];y=c and[v*t for t in l]\n", "v", "zero or several", id="comprehension-after-and"),
        pytest.param("a=f();b=c and a\n", "a", "zero or several times", id="after-and"),
        pytest.param("a=f(x);x=2;b=a\n", "a", "rebinds x", id="rebinds-a-name-it-reads"),
        pytest.param("a=m[0];m[0]=5;b=a\n", "a", "a store", id="store-in-between"),
        pytest.param("a=f();x.y=1;b=a\n", "a", "a store", id="store-in-between-a-call"),
        pytest.param("for i in r:\n a=f(i)\n if c:g()\n b=a\n", "a", "other than an assignment", id="if-in-between"),
        pytest.param("for i in r:\n l=f(i)\n l.backward()\n", "l", "loss", id="loss-receiver"),
        pytest.param("try:\n a=f();b=a\nexcept E:\n pass\n", "a", "try statement", id="try"),
        pytest.param("print(1)\n", "", "no variable can be inlined", id="nothing"),
    ],
)
def test_inline_value_refuses(before: str, name: str, reason: str) -> None:
    assert_refuses(TECHNIQUE, before, reason, {"name": name} if name else {})


def test_inline_value_candidates_leave_exact_ones_to_inline_variable() -> None:
    assert TECHNIQUE.trial
    module = cst.parse_module("a=f();b=g();c=a+b\nd=1;e=d+1;print(e,e)\n")
    assert TECHNIQUE.candidates(module) == [{"name": "a", "line": "1"}]
    module = cst.parse_module("a=f();b=g();c=a+b;print(c)\nn=h();o=g();print(n,o)\n")
    assert TECHNIQUE.candidates(module) == [{"name": "a", "line": "1"}, {"name": "n", "line": "2"}, {}]
    assert TECHNIQUE.candidates(cst.parse_module("d=1;e=d+1;print(e)\n")) == []
