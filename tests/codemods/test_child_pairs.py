"""child-pairs: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from golf.codemods.child_pairs import TECHNIQUE as CHILD_PAIRS

from .helpers import assert_changes_offered, assert_refuses_unoffered

#: The target's shape: one-line `__init__`, lambda operators, a walk and the backward loop.
_LAMBDAS = """
    class r:
     def __init__(a,b,e=(),f=()):a.d=b;a.c=e;a.l=f
     __add__=lambda b,a:r(b.d+a.d,(b,a),(1,1));__pow__=lambda a,b:r(a.d**b,(a,),(b*a.d**(b-1),))
     def b(a):
      def f(v):
       for a in v.c:f(a)
      f(a)
      for g,h in zip(a.c,a.l):g.g+=h*a.g
    x=r(2,(r(1),),(3,))+isinstance(k,r)
    """


#: original.py's shape: slots, methods, a commented store.
_METHODS = """
    class Value:
        __slots__ = ("data", "_children", "_local_grads")

        def __init__(self, data, children=(), local_grads=()):
            self.data = data
            self._children = children
            self._local_grads = local_grads  # one per child

        def __mul__(self, other):
            return Value(self.data * other.data, (self, other), (other.data, self.data))

        def backward(self):
            for child, local_grad in zip(self._children, self._local_grads):
                child.grad += local_grad
    """


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            _LAMBDAS,
            """
            class r:
             def __init__(a,b,*e):a.d=b;a.c=e
             __add__=lambda b,a:r(b.d+a.d,(b,1),(a,1));__pow__=lambda a,b:r(a.d**b,(a,b*a.d**(b-1)))
             def b(a):
              def f(v):
               for a,_ in v.c:f(a)
              f(a)
              for g,h in a.c:g.g+=h*a.g
            x=r(2,(r(1),3))+isinstance(k,r)
            """,
            id="lambdas",
        ),
        pytest.param(
            _METHODS,
            """
            class Value:
                __slots__ = ("data", "_children")

                def __init__(self, data, *children):
                    self.data = data
                    self._children = children

                def __mul__(self, other):
                    return Value(self.data * other.data, (self, other.data), (other, self.data))

                def backward(self):
                    for child, local_grad in self._children:
                        child.grad += local_grad
            """,
            id="methods-and-slots",
        ),
        pytest.param(
            """
            class V:
             def __init__(s,d,c,l):s.d=d;s.c=c;s.l=l
            def f(v,_):
             for c,l in zip(v.c,v.l):c.g+=l
             return[f(a,_)for a in v.c],V(1,(),()),V(2,(V(3,(),()),),(4,))
            """,
            """
            class V:
             def __init__(s,d,*c):s.d=d;s.c=c
            def f(v,_):
             for c,l in v.c:c.g+=l
             return[f(a,_)for a,b in v.c],V(1),V(2,(V(3),4))
            """,
            id="no-defaults-comprehension-underscore-taken-empty-and-nested",
        ),
        pytest.param(
            """
            class o:
             def __init__(a,b,d=(),e=()):a.data=b;a._c=d;a._l=e
            def S(j):
             o=g[j];return o(j,(j,),(1,)),[f for f,g in zip(j._c,j._l)]
            """,
            """
            class o:
             def __init__(a,b,*d):a.data=b;a._c=d
            def S(j):
             o=g[j];return o(j,(j,),(1,)),[f for f,g in j._c]
            """,
            id="class-name-shadowed-locally",
        ),
        pytest.param(
            """
            class V:
             def __init__(s,d,c=(),l=()):s.d=d;s.c=c;s.l=l
            def f(s):
             for(k)in s.c:f(k)
             return[c for c,l in zip(s.c,s.l)if l]
            """,
            """
            class V:
             def __init__(s,d,*c):s.d=d;s.c=c
            def f(s):
             for(k),_ in s.c:f(k)
             return[c for c,l in s.c if l]
            """,
            id="squeezed-keywords-get-a-space",
        ),
        pytest.param(
            """
            class V:
             def __init__(s,c=(),l=()):s.c=c;s.l=l
            def f(s):
             for c,l in zip(s.c,s.l):c.g+=l
            x=V((),()),V((V(),),(1,))
            """,
            """
            class V:
             def __init__(s,*c):s.c=c
            def f(s):
             for c,l in s.c:c.g+=l
            x=V(),V((V(),1))
            """,
            id="no-data-parameter-empty-construction",
        ),
        pytest.param(
            """
            class V:
             def __init__(s,d,c,l):s.d=d;s.c=c;s.l=l
            def f(s):
             for c,l in zip(s.c,s.l):c.g+=l
            x=V==type(y),type(y)==V,V(0,(),())
            """,
            """
            class V:
             def __init__(s,d,*c):s.d=d;s.c=c
            def f(s):
             for c,l in s.c:c.g+=l
            x=V==type(y),type(y)==V,V(0)
            """,
            id="compared-with-type-no-defaults",
        ),
    ],
)
def test_child_pairs_changes(before: str, after: str) -> None:
    assert CHILD_PAIRS.trial
    assert_changes_offered(CHILD_PAIRS, before, after)


def _lambdas(old: str, new: str) -> str:
    assert _LAMBDAS.count(old) == 1
    return _LAMBDAS.replace(old, new)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        # Guards of exactness: the pairs must be built from two displays of equal length.
        pytest.param(_lambdas("(b,a),(1,1)", "k,(1,1)"), "not as a tuple display", id="children-variable"),
        pytest.param(_lambdas("(b,a),(1,1)", "(b,a),(1,)"), "unequal lengths", id="unequal"),
        pytest.param(_lambdas("(b,a),(1,1)", "(b,*a),(1,1)"), "starred", id="starred"),
        pytest.param(_lambdas("(b,a),(1,1)", "((k:=b),a),(k.d,1)"), "walrus", id="walrus"),
        pytest.param(_lambdas("(r(1),),(3,)", "(r(1),)"), "without gradients", id="children-only"),
        pytest.param(_lambdas("(r(1),),(3,)", "(r(1),),l=(3,)"), "keyword", id="keyword"),
        pytest.param(_lambdas("\n      f(a)", "\n      f(a);print(len(a.c))"), "read other than", id="other-read"),
        pytest.param(_lambdas("a.c=e;", "a.c=e;a.n=len(e);"), "other than storing", id="init-uses-it"),
        pytest.param(_lambdas("zip(a.c,a.l)", "list(zip(a.c,a.l))"), "not the iterable of a for", id="zip-not-for"),
        pytest.param(_lambdas("zip(a.c,a.l)", "zip(a.c,g.l)"), "different objects", id="zip-two-objects"),
        pytest.param(
            _lambdas("\n      f(a)", "\n      f(a)\n      for h in zip(a.l,a.c):f(h)"),
            "read other than",
            id="zip-swapped",
        ),
        pytest.param(_lambdas("for a in v.c", "for a,b in v.c"), "unpacks", id="loop-unpacks"),
        pytest.param(_lambdas("e=(),f=()", "e=(),f=[]"), "defaults", id="defaults"),
        pytest.param(_lambdas("e=(),f=()", "e=(),f=(),*k"), "*args", id="varargs"),
        pytest.param(_LAMBDAS + "class q(r):pass\n", "subclassed", id="subclassed"),
        pytest.param(_LAMBDAS + "k=r\n", "used other than called", id="aliased"),
        pytest.param(_LAMBDAS + "k=r==y\n", "used other than called", id="compared-with-other"),
        pytest.param(_lambdas("e=(),f=()", "e,f") + "k=r(1)\n", "too few arguments", id="no-defaults-too-few"),
        pytest.param(_LAMBDAS + "r=1\n", "bound more than once", id="rebound"),
        pytest.param(_LAMBDAS + "zip=map\n", "rebinds zip", id="zip-rebound"),
        pytest.param(_lambdas("for g,h in zip(a.c,a.l)", "for g in a.c"), "no loop over zip", id="no-zip"),
        pytest.param(_lambdas("a.c=e;a.l=f", "a.c=f;a.l=e"), "last two parameters", id="params-swapped"),
    ],
)
def test_child_pairs_refuses(before: str, reason: str) -> None:
    assert_refuses_unoffered(CHILD_PAIRS, before, reason)
