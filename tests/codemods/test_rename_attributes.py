"""rename-attributes: before/after snippets (exact output), refusals (a part of the reason), and the real checker.

The last test applies rename-attributes and import-from, in both orders, to original.py and to a golfed
form of it, and checks every result.
"""

from __future__ import annotations

import libcst as cst
import pytest

from golf.codemods import import_from, rename_attributes

from .conftest import CheckSources
from .helpers import applied, assert_changes, assert_refuses

#: A golfed original.py (one-letter names, joined statements, lambdas in the class body).
GOLFED = r"""import math,os,random;random.seed(42)
if not os.path.exists("input.txt"):raise SystemExit("error: input.txt not found in the working directory (one document per line)")
with open("input.txt")as f:A=[a.strip()for a in f if a.strip()]
random.shuffle(A);print(f"num docs: {len(A)}");D=sorted(set("".join(A)));E=len(D);F=len(D)+1;print(f"vocab size: {F}")
class r:
 def __init__(a,b,e=(),f=()):a.data=b;a.grad=0;a._children=e;a._local_grads=f
 def __add__(b,a):a=a if isinstance(a,r)else r(a);return r(b.data+a.data,(b,a),(1,1))
 def __mul__(b,a):a=a if isinstance(a,r)else r(a);return r(b.data*a.data,(b,a),(a.data,b.data))
 __pow__=lambda a,b:r(a.data**b,(a,),(b*a.data**(b-1),));log=lambda a:r(math.log(a.data),(a,),(1/a.data,));exp=lambda a:r(math.exp(a.data),(a,),(math.exp(a.data),));relu=lambda a:r(max(0,a.data),(a,),(float(a.data>0),));__neg__=lambda a:a*-1;__radd__=lambda a,b:a+b;__sub__=lambda a,b:a+-b;__rsub__=lambda a,b:b+-a;__rmul__=lambda a,b:a*b;__truediv__=lambda a,b:a*b**-1;__rtruediv__=lambda a,b:b*a**-1
 def backward(a):
  b=[];e=set()
  def f(v):
   if v not in e:
    e.add(v)
    for a in v._children:f(a)
    b.append(v)
  f(a);a.grad=1
  for v in reversed(b):
   for g,h in zip(v._children,v._local_grads):g.grad+=h*v.grad
c=1;g=16;H=16;R=4;u=g//R;s=lambda a,b,e=0.08:[[r(random.gauss(0,e))for _ in range(b)]for _ in range(a)];o={"wte":s(F,g),"wpe":s(H,g),"lm_head":s(F,g)}
for i in range(c):o[f"layer{i}.attn_wq"]=s(g,g);o[f"layer{i}.attn_wk"]=s(g,g);o[f"layer{i}.attn_wv"]=s(g,g);o[f"layer{i}.attn_wo"]=s(g,g);o[f"layer{i}.mlp_fc1"]=s(4*g,g);o[f"layer{i}.mlp_fc2"]=s(g,4*g)
G=[p for a in o.values()for b in a for p in b];print(f"num params: {len(G)}");y=lambda x,w:[sum(a*b for a,b in zip(e,x))for e in w]
def I(a):f=max(a.data for a in a);b=[(a-f).exp()for a in a];g=sum(b);return[e/g for e in b]
def J(x):b=sum(a*a for a in x)/len(x);e=(b+1e-5)**-0.5;return[a*e for a in x]
def S(s,w,i,l):
 z=o["wte"][s];A=o["wpe"][w];x=[t+p for t,p in zip(z,A)];x=J(x)
 for e in range(c):
  g=x;x=J(x);q=y(x,o[f"layer{e}.attn_wq"]);k=y(x,o[f"layer{e}.attn_wk"]);v=y(x,o[f"layer{e}.attn_wv"]);i[e].append(k);l[e].append(v);m=[]
  for h in range(R):f=h*u;B=q[f:f+u];n=[a[f:f+u]for a in i[e]];r=[a[f:f+u]for a in l[e]];C=[sum(B[j]*n[t][j]for j in range(u))/u**0.5 for t in range(len(n))];D=I(C);E=[sum(D[t]*r[t][j]for t in range(len(r)))for j in range(u)];m.extend(E)
  x=y(m,o[f"layer{e}.attn_wo"]);x=[a+b for a,b in zip(x,g)];g=x;x=J(x);x=y(x,o[f"layer{e}.mlp_fc1"]);x=[a.relu()for a in x];x=y(x,o[f"layer{e}.mlp_fc2"]);x=[a+b for a,b in zip(x,g)]
 return y(x,o["lm_head"])
W,K,L,X=0.01,0.85,0.99,1e-8;m=[0.0]*len(G);v=[0.0]*len(G);d=1000
for B in range(d):
 Y=A[B%len(A)];M=[E]+[D.index(a)for a in Y]+[E];n=min(H,len(M)-1);N,O=[[]for _ in range(c)],[[]for _ in range(c)];T=[]
 for C in range(n):z,Z=M[C],M[C+1];P=S(z,C,N,O);Q=I(P);T.append(-Q[Z].log())
 U=1/n*sum(T);U.backward();aa=W*(1-B/d)
 for i,p in enumerate(G):m[i]=K*m[i]+(1-K)*p.grad;v[i]=L*v[i]+(1-L)*p.grad**2;ab=m[i]/(1-K**(B+1));ac=v[i]/(1-L**(B+1));p.data-=aa*ab/(ac**0.5+X);p.grad=0
 print(f"step {B + 1:4d} / {d:4d} | loss {U.data:.4f}",end="\r")
ad=0.5;print("\n--- inference (new, hallucinated names) ---")
for ae in range(20):
 N,O=[[]for _ in range(c)],[[]for _ in range(c)];z=E;V=[]
 for C in range(H):
  P=S(z,C,N,O);Q=I([l/ad for l in P]);z=random.choices(range(F),weights=[p.data for p in Q])[0]
  if z==E:break
  V.append(D[z])
 print(f"sample {ae + 1:2d}: {''.join(V)}")
"""  # noqa: E501


RENAME_CHANGES = [
    pytest.param(
        {},
        """
        class Node:
            def __init__(self, value):
                self.value = value
            def double(self):
                return self.value * 2
        n = Node(3)
        print(n.double(), n.value)
        """,
        """
        class Node:
            def __init__(self, value):
                self.v = value
            def d(self):
                return self.v * 2
        n = Node(3)
        print(n.d(), n.v)
        """,
        id="instance-attribute-and-method",
    ),
    pytest.param(
        {},
        """
        import math
        class V:
            def __init__(self, x):
                self.x = x
            def log(self):
                return V(math.log(self.x))
        print(V(2.0).log().x)
        """,
        """
        import math
        class V:
            def __init__(self, x):
                self.x = x
            def l(self):
                return V(math.log(self.x))
        print(V(2.0).l().x)
        """,
        id="math-log-stays",
    ),
    pytest.param(
        {},
        """
        class V:
            scale = lambda self, k: self.size * k
            twice = scale
            def __init__(self, size):
                self.size = size
        """,
        """
        class V:
            s = lambda self, k: self.a * k
            t = s
            def __init__(self, size):
                self.a = size
        """,
        id="class-level-lambda-and-its-reads",
    ),
    pytest.param(
        {},
        """
        class V:
            __slots__ = ("data", "grad")
            def __init__(self, data):
                self.data = data
                self.grad = 0
        print(V(1).data)
        """,
        """
        class V:
            __slots__ = ("d", "g")
            def __init__(self, data):
                self.d = data
                self.g = 0
        print(V(1).d)
        """,
        id="slots-strings",
    ),
    pytest.param(
        {},
        """
        class A:
            def total(self):
                return self.amount
        class B(A):
            def __init__(self):
                self.amount = 1
            def total(self):
                return super().total() + 1
        print(B().total())
        """,
        """
        class A:
            def t(self):
                return self.a
        class B(A):
            def __init__(self):
                self.a = 1
            def t(self):
                return super().t() + 1
        print(B().t())
        """,
        id="inheritance-renames-together",
    ),
    pytest.param(
        {},
        """
        class Stack:
            def __init__(self):
                self.stack = []
            def append(self, x):
                self.stack.append(x)
        """,
        """
        class Stack:
            def __init__(self):
                self.s = []
            def append(self, x):
                self.s.append(x)
        """,
        id="builtin-method-names-stay",
    ),
    pytest.param(
        {},
        """
        class V:
            def __init__(self, size):
                self.size = size
                self.weight = 2
        def f(v):
            return v.size + v.weight
        a = b = c = 1
        """,
        """
        class V:
            def __init__(self, size):
                self.s = size
                self.w = 2
        def f(v):
            return v.s + v.w
        a = b = c = 1
        """,
        id="plain-names-do-not-block-attribute-names",
    ),
    pytest.param(
        {"attribute": "weight"},
        """
        class V:
            def __init__(self, size):
                self.size = size
                self.weight = 2
        """,
        """
        class V:
            def __init__(self, size):
                self.size = size
                self.w = 2
        """,
        id="one-attribute",
    ),
    pytest.param(
        {},
        """
        class V:
            def __init__(self, data, d):
                self.data = data
                self.d = d
        """,
        """
        class V:
            def __init__(self, data, d):
                self.a = data
                self.d = d
        """,
        id="taken-initial",
    ),
]


@pytest.mark.parametrize(("params", "before", "after"), RENAME_CHANGES)
def test_rename_attributes_changes(params: dict[str, str], before: str, after: str) -> None:
    assert_changes(rename_attributes.TECHNIQUE, before, after, params)


RENAME_REFUSALS = [
    pytest.param("x = 1\n", {}, "no class", id="no-class"),
    pytest.param(
        "class V:\n    def __init__(self, size):\n        self.size = size\nprint(getattr(V(1), 'size'))\n",
        {},
        "getattr",
        id="getattr",
    ),
    pytest.param("class V:\n    def size(self):\n        pass\nprint(vars(V))\n", {}, "vars", id="vars"),
    pytest.param("class V(list):\n    def size(self):\n        pass\n", {}, "base from outside", id="list-base"),
    pytest.param(
        "import numpy\nclass V:\n    def size(self):\n        pass\n", {}, "not a standard module", id="numpy"
    ),
    pytest.param("class V:\n    def size(self):\n        pass\nprint(V.size.__name__)\n", {}, "__name__", id="name"),
    pytest.param("class V:\n    def size(self):\n        pass\nprint(V.__dict__)\n", {}, "__dict__", id="dict"),
    pytest.param("class V:\n    __slots__ = names\n", {}, "not a literal", id="computed-slots"),
    pytest.param(
        "class V:\n    def items(self):\n        pass\n", {}, "items is also an attribute", id="dict-method-name"
    ),
    pytest.param(
        "class V:\n    def size(self):\n        pass\nprint('{0.size}'.format(V()))\n",
        {},
        "size appears in a string",
        id="string",
    ),
    pytest.param(
        "class V:\n    for step in range(3):\n        pass\n    def f(self):\n        self.step = 1\n",
        {"attribute": "step"},
        "step is bound in a class body",
        id="for",
    ),
    pytest.param("class V:\n    def __init__(self):\n        pass\n", {}, "but dunder ones", id="dunders"),
    pytest.param("class V:\n    def d(self):\n        self.g = 1\n", {}, "already as short", id="short"),
    pytest.param("class V:\n    def size(self):\n        pass\n", {"attribute": "g"}, "not an attribute", id="param"),
]


@pytest.mark.parametrize(("source", "params", "reason"), RENAME_REFUSALS)
def test_rename_attributes_refuses(source: str, params: dict[str, str], reason: str) -> None:
    assert_refuses(rename_attributes.TECHNIQUE, source, reason, params)


def test_candidates() -> None:
    module = cst.parse_module("import math, os\nclass V:\n    pass\n")
    assert rename_attributes.TECHNIQUE.candidates(module) == [{}]
    assert rename_attributes.TECHNIQUE.candidates(cst.parse_module("x = 1\n")) == []


def test_both_on_original_and_golfed_are_identical(original: str, check_sources: CheckSources) -> None:
    results = {}
    for label, source in (("original", original), ("golfed", GOLFED)):
        renamed = applied(rename_attributes.TECHNIQUE, source)
        assert ".data" not in renamed and ".backward" not in renamed and "math.log" in renamed
        results[f"{label}_attrs"] = renamed
        results[f"{label}_attrs_from"] = applied(import_from.TECHNIQUE, renamed)
        results[f"{label}_from_attrs"] = applied(rename_attributes.TECHNIQUE, applied(import_from.TECHNIQUE, source))
        assert len(results[f"{label}_attrs_from"]) < len(renamed) < len(source)
    for name, verdict in check_sources(results).items():
        assert verdict.verdict == "identical", (name, verdict.failure or verdict.first_bit_difference)
