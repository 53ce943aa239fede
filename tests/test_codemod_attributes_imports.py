"""rename-attributes and import-from: before/after snippets, refusals, and exactness on original.py.

Snippets are dedented; "changes" tables give the exact output, "refuses" tables a part of the
reason. The last test applies both techniques, in both orders, to original.py and to a golfed
form of it, and checks every result with the real checker.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from codemod_asserts import code
from conftest import VARIANTS

from golf.codemods import import_from, rename_attributes
from golf.codemods.technique import Applied, Refused, Technique, run_technique
from golf.engine.check import check

TINY_DATA = "ab\nba\naab\nb\nbba\na\n"

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


def _apply(technique: Technique, source: str, params: dict[str, str] | None = None) -> str:
    outcome = run_technique(technique, source, params)
    assert isinstance(outcome, Applied), outcome
    return outcome.source


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
    assert _apply(rename_attributes.TECHNIQUE, code(before), params) == code(after)


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
    outcome = run_technique(rename_attributes.TECHNIQUE, source, params)
    assert isinstance(outcome, Refused), outcome
    assert reason in outcome.reason


IMPORT_CHANGES = [
    pytest.param(
        {},
        """
        import math
        print(math.sqrt(2), math.pi)
        """,
        """
        from math import*
        print(sqrt(2), pi)
        """,
        id="star",
    ),
    pytest.param(
        {},
        """
        import math
        print(math.exp(1), math.exp(2), math.exp(3), pow(2, 3))
        """,
        """
        from math import exp
        print(exp(1), exp(2), exp(3), pow(2, 3))
        """,
        id="explicit-when-star-shadows-a-builtin",
    ),
    pytest.param(
        {},
        """
        import math,os,random
        random.seed(1);print(math.pi,math.e,math.tau,os.sep,random.random())
        """,
        """
        from math import*;import os;from random import*
        seed(1);print(pi,e,tau,os.sep,random())
        """,
        id="import-line-keeps-its-order",
    ),
    pytest.param(
        {"module": "random"},
        """
        import math,random
        print(math.pi,math.pi,math.pi,random.random(),random.random(),random.random())
        """,
        """
        import math;from random import*
        print(math.pi,math.pi,math.pi,random(),random(),random())
        """,
        id="one-module",
    ),
    pytest.param(
        {},
        """
        import math as m
        print(m.pi*m.pi*m.pi)
        """,
        """
        from math import*
        print(pi*pi*pi)
        """,
        id="alias",
    ),
    pytest.param(
        {},
        """
        import os
        print(os.path.exists("a"), os.path.exists("b"), os.path.join("a"), os.path.isdir("c"))
        """,
        """
        from os import*
        print(path.exists("a"), path.exists("b"), path.join("a"), path.isdir("c"))
        """,
        id="submodule",
    ),
    pytest.param(
        {},
        """
        import math
        class V:
            def exp(self):
                return math.exp(self.d) + math.exp(1) + math.pi
        def f(e):
            return e
        """,
        """
        from math import*
        class V:
            def exp(self):
                return exp(self.d) + exp(1) + pi
        def f(e):
            return e
        """,
        id="methods-and-locals-do-not-clash",
    ),
]


@pytest.mark.parametrize(("params", "before", "after"), IMPORT_CHANGES)
def test_import_from_changes(params: dict[str, str], before: str, after: str) -> None:
    assert _apply(import_from.TECHNIQUE, code(before), params) == code(after)


IMPORT_REFUSALS = [
    pytest.param("x = 1\n", {}, "no top-level `import module`", id="nothing"),
    pytest.param("import math\nprint(math.pi)\n", {"module": "os"}, "no top-level `import os`", id="param"),
    pytest.param("import math\nf = math\nprint(math.pi)\n", {}, "used other than as math.X", id="passed"),
    pytest.param("import math\nmath.pi = 3\n", {}, "used other than as math.X", id="stored"),
    pytest.param("import math\nprint(eval('math.pi'))\n", {}, "eval", id="eval"),
    pytest.param("import numpy\nprint(numpy.a)\n", {}, "not a standard module", id="numpy"),
    pytest.param("import math\npi = 3\nprint(math.pi, math.pi, math.pi)\n", {}, "pi would clash", id="global"),
    pytest.param(
        "import math\ndef f():\n    global pi\n    pi = 3\nprint(math.pi, math.pi, math.pi)\n",
        {},
        "pi would clash",
        id="global-statement",
    ),
    pytest.param(
        "import math\ndef f(log):\n    return math.log(log) + math.log(2) + math.pi\n",
        {},
        "log would clash",
        id="parameter",
    ),
    pytest.param(
        "import math\nclass C:\n    e = 1\n    y = math.e + math.e + math.e + math.pi\n",
        {},
        "e would clash",
        id="class-body",
    ),
    pytest.param("import math\nprint(math.nosuch, math.pi, math.pi)\n", {}, "no attribute nosuch", id="missing"),
    pytest.param("import os\nprint(os.sep)\n", {}, "would not get shorter", id="longer"),
    pytest.param("from numpy import *\nimport math\nprint(math.pi)\n", {}, "star-imports numpy", id="star"),
]


@pytest.mark.parametrize(("source", "params", "reason"), IMPORT_REFUSALS)
def test_import_from_refuses(source: str, params: dict[str, str], reason: str) -> None:
    outcome = run_technique(import_from.TECHNIQUE, source, params)
    assert isinstance(outcome, Refused), outcome
    assert reason in outcome.reason


def test_candidates() -> None:
    import libcst as cst

    module = cst.parse_module("import math, os\nclass V:\n    pass\n")
    assert import_from.TECHNIQUE.candidates(module) == [{}, {"module": "math"}, {"module": "os"}]
    assert rename_attributes.TECHNIQUE.candidates(module) == [{}]
    assert rename_attributes.TECHNIQUE.candidates(cst.parse_module("x = 1\n")) == []


def test_both_on_original_and_golfed_are_identical(tmp_path: Path, run_cache: Path) -> None:
    data = tmp_path / "tiny.txt"
    data.write_text(TINY_DATA)
    original = (VARIANTS / "original.py").read_text(encoding="utf-8")
    results = {}
    for label, source in (("original", original), ("golfed", GOLFED)):
        renamed = _apply(rename_attributes.TECHNIQUE, source)
        assert ".data" not in renamed and ".backward" not in renamed and "math.log" in renamed
        results[f"{label}_attrs"] = renamed
        results[f"{label}_attrs_from"] = _apply(import_from.TECHNIQUE, renamed)
        results[f"{label}_from_attrs"] = _apply(rename_attributes.TECHNIQUE, _apply(import_from.TECHNIQUE, source))
        assert len(results[f"{label}_attrs_from"]) < len(renamed) < len(source)
    for name, source in results.items():
        path = tmp_path / f"{name}.py"
        path.write_text(source)
        verdict = check(path, VARIANTS / "original.py", steps=2, data=data, cache_dir=run_cache)
        assert verdict.verdict == "identical", (name, verdict.failure or verdict.first_bit_difference)
