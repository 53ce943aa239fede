"""class-defaults: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import libcst as cst
import pytest

from golf.codemods.class_defaults import TECHNIQUE as CLASS_DEFAULTS

from .helpers import assert_changes, assert_refuses

INIT = """
class V:
    def __init__(self, d):
        self.d = d
        self.g = 0
"""


@pytest.mark.parametrize(
    ("before", "params", "after"),
    [
        pytest.param(
            INIT,
            {"class": "V"},
            """
            class V:
                g=0
                def __init__(self, d):
                    self.d = d
            """,
            id="init-new-first-line",
        ),
        pytest.param(
            "class V:\n def __init__(a,b):a.d=b;a.g=0\nP=[V(1)]\nfor p in P:p.m=p.v=0.;p.n=1.\n",
            {"class": "V", "numbers": "value"},
            "class V:\n g=m=v=0;n=1.\n def __init__(a,b):a.d=b\nP=[V(1)]\n",
            id="equal-numbers-share-the-shortest-literal",
        ),
        pytest.param(
            "class V:\n def __init__(a,b):a.d=b;a.g=0\nP=[V(1)]\nfor p in P:p.m=p.v=0.;p.n=1.\n",
            {"class": "V"},
            "class V:\n g=0;m=v=0.;n=1.\n def __init__(a,b):a.d=b\nP=[V(1)]\n",
            id="by-text-by-default",
        ),
        pytest.param(
            """
            class e:
             def __init__(a,b):a.d=b;a.g=0;a.c=[]
             __add__=lambda a,b:a
            """,
            {"class": "e"},
            """
            class e:
             def __init__(a,b):a.d=b;a.c=[]
             __add__=lambda a,b:a;g=0
            """,
            id="golfed-init-joins-first-simple-line",
        ),
        pytest.param(
            """
            class V:
                \"\"\"Doc.\"\"\"
                def __init__(self): self.t = (1, -2.5, "a", b"b", None); self.f = False
            """,
            {"class": "V"},
            """
            class V:
                \"\"\"Doc.\"\"\";t=(1, -2.5, "a", b"b", None);f=False
                def __init__(self): pass
            """,
            id="immutable-literals-after-docstring",
        ),
        pytest.param(
            """
            class V:
                def __init__(self):
                    self.g = 0
                    self.h = self.g + 1
            """,
            {"class": "V"},
            """
            class V:
                g=0
                def __init__(self):
                    self.h = self.g + 1
            """,
            id="read-after-is-fine",
        ),
        pytest.param(
            """
            class V:
             x=1
            u=[V(),V()]
            for p in u:p.m=p.v=0.
            for s in range(3):
             for p in u:p.m+=p.v
            print(u[0].m)
            """,
            {"class": "V"},
            """
            class V:
             x=1;m=v=0.
            u=[V(),V()]
            for s in range(3):
             for p in u:p.m+=p.v
            print(u[0].m)
            """,
            id="loop-rebound-later",
        ),
        pytest.param(
            """
            class V:
                def __init__(s, d):
                    s.d = d
                    s.g = 0
                x = 1
            u = [V(1)]
            for p in u:
                p.m = 0
                p.v = 1
            """,
            {"class": "V"},
            """
            class V:
                def __init__(s, d):
                    s.d = d
                x = 1;g=m=0;v=1
            u = [V(1)]
            """,
            id="both-sources-share-literals",
        ),
    ],
)
def test_class_defaults_changes(before: str, params: dict[str, str], after: str) -> None:
    assert_changes(CLASS_DEFAULTS, before, after, params)


@pytest.mark.parametrize(
    ("before", "params", "reason"),
    [
        pytest.param(
            "class V:\n    __slots__ = ('g',)\n    def __init__(self): self.g = 0\n",
            {"class": "V"},
            "defines __slots__",
            id="slots",
        ),
        pytest.param(
            "class V:\n    def __setattr__(s, k, v): pass\n    def __init__(s): s.g = 0\n",
            {"class": "V"},
            "defines __setattr__",
            id="setattr-hook",
        ),
        pytest.param(INIT, {"class": "W"}, "no single module-level class named W", id="unknown-class"),
        pytest.param(
            "def f():\n    class V:\n        def __init__(s): s.g = 0\n",
            {"class": "V"},
            "no single module-level class",
            id="nested-class",
        ),
        pytest.param(
            "class V(metaclass=M):\n    def __init__(s): s.g = 0\n", {"class": "V"}, "has keywords", id="metaclass"
        ),
        pytest.param(INIT + "print(vars(V(1)))\n", {"class": "V"}, "uses vars", id="vars"),
        pytest.param(INIT + "print(V(1).__dict__)\n", {"class": "V"}, "uses __dict__", id="dict"),
        pytest.param(INIT + "del V(1).g\n", {"class": "V"}, "deletes .g", id="deleted-attribute"),
        pytest.param(
            "class V:\n    def __init__(s): s.g = []\n",
            {"class": "V"},
            "no literal initialisation",
            id="mutable-value",
        ),
        pytest.param(
            "class V:\n    def __init__(s, c):\n        s.g = 0\n        if c: s.g += 1\n",
            {"class": "V"},
            "stores .g more than once",
            id="stored-twice",
        ),
        pytest.param(
            "class V:\n    def __init__(s):\n        print(s.g)\n        s.g = 0\n",
            {"class": "V"},
            "mentions .g before setting it",
            id="read-before",
        ),
        pytest.param(
            "class V:\n    def __init__(s, o):\n        s = o\n        s.g = 0\n",
            {"class": "V"},
            "rebinds s",
            id="self-rebound",
        ),
        pytest.param(
            "class V:\n    def __init__(s): s.g = 0\n    def g(s): pass\n",
            {"class": "V"},
            "binds or reads g",
            id="member-named-like-attribute",
        ),
        pytest.param(
            "g = 5\nclass V:\n    def __init__(s): s.g = 0\n    h = g\n",
            {"class": "V"},
            "binds or reads g",
            id="class-body-reads-global",
        ),
        pytest.param(
            "class V:\n    @staticmethod\n    def __init__(s): s.g = 0\n",
            {"class": "V"},
            "decorated",
            id="decorated-init",
        ),
        pytest.param(
            "class V: pass\nfor p in u:p.m=0\nprint(p)\n",
            {"class": "V"},
            "read after the loop",
            id="loop-variable-leaks",
        ),
        pytest.param(
            "class V: pass\nfor p in u:p.m=0\nfor p in p.c:p.n=1\n",
            {"class": "V"},
            "read after the loop",
            id="leak-read-in-next-loops-iterable",
        ),
        pytest.param(
            "class V: pass\ndef f(): return p\nfor p in u:p.m=0\n",
            {"class": "V"},
            "a function or class reads the loop variable",
            id="function-reads-loop-variable",
        ),
        pytest.param(
            "class V: pass\nu[0].m=5\nfor p in u:p.m=0\n",
            {"class": "V"},
            ".m stored before the loop",
            id="stored-before-loop",
        ),
        pytest.param(
            "class V: pass\nfor p in u:p.m=p.m=0\n",
            {"class": "V"},
            "sets an attribute twice",
            id="loop-sets-twice",
        ),
        pytest.param(
            "u=[]\nfor p in u:p.m=0\nclass V:\n    def __init__(s): s.m = 0\n",
            {"class": "V"},
            ".m is set by __init__ and loop over u",
            id="two-sources",
        ),
        pytest.param(
            "class V: pass\nfor p in u:p.m=0\nelse:p.m=1\n",
            {"class": "V"},
            "no literal initialisation",
            id="loop-with-else",
        ),
        pytest.param(
            "class V: pass\nfor p in f():p.m=0\n",
            {"class": "V"},
            "no literal initialisation",
            id="loop-over-call",
        ),
    ],
)
def test_class_defaults_refuses(before: str, params: dict[str, str], reason: str) -> None:
    assert_refuses(CLASS_DEFAULTS, before, reason, params)


def test_class_defaults_candidates() -> None:
    module = cst.parse_module(
        "class A: pass\nclass B:\n    __slots__ = ()\nclass C: pass\nclass C: pass\ndef f():\n    class D: pass\n"
    )
    assert CLASS_DEFAULTS.candidates(module) == [{"class": "A"}, {"class": "A", "numbers": "value"}]
