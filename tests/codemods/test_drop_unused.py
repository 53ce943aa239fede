"""drop-unused: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from golf.codemods import drop_unused

from .helpers import assert_changes, refusal

UNUSED_CHANGES = [
    pytest.param(
        "import math,os,random;random.seed(42)\nprint(math.pi)\n",
        "import math,random;random.seed(42)\nprint(math.pi)\n",
        id="import-left-after-a-guard-went",
    ),
    pytest.param(
        "from math import exp, log, pi as P\nprint(exp(1))\n",
        "from math import exp\nprint(exp(1))\n",
        id="from-import-names",
    ),
    pytest.param(
        "c=1;g=16;H=16\nfor i in range(c):print(g)\n",
        "c=1;g=16\nfor i in range(c):print(g)\n",
        id="joined-assignment",
    ),
    pytest.param(
        """
        # Parameters
        n_layer = 1
        n_embd = 16
        print(n_embd)
        """,
        """
        # Parameters
        n_embd = 16
        print(n_embd)
        """,
        id="layer-count-after-unrolling-keeps-the-section-comment",
    ),
    pytest.param(
        """
        def f(x):
            unused = 2 * 3
            return x
        print(f(1))
        """,
        """
        def f(x):
            return x
        print(f(1))
        """,
        id="function-local",
    ),
    pytest.param("a, b = 1, 2\nprint(a)\n", "a = 1\nprint(a)\n", id="tuple-pair"),
    pytest.param("a, b, c = 1, g(), 3\nprint(c)\n", "b, c = g(), 3\nprint(c)\n", id="tuple-keeps-a-call"),
    pytest.param("a = b = 1\nprint(b)\n", "b = 1\nprint(b)\n", id="chained-target"),
    pytest.param("a = b = f()\n", "b = f()\n", id="chained-target-keeps-the-call"),
    pytest.param(
        """
        def helper(a, b=0.08):
            return a
        h = helper
        print(1)
        """,
        "print(1)\n",
        id="function-then-what-only-it-used",
    ),
    pytest.param(
        """
        class V:
         g=m=v=0;__add__=J;q=lambda s:1
         def r(s):return 1
         def t(s):return 2
        print(V().t(), V().g)
        """,
        """
        class V:
         g=0;__add__=J
         def t(s):return 2
        print(V().t(), V().g)
        """,
        id="members-never-read-as-attributes",
    ),
    pytest.param(
        """
        import os
        if x:
            y = 1
        print(x)
        """,
        """
        if x:
            pass
        print(x)
        """,
        id="emptied-block-gets-pass",
    ),
]


@pytest.mark.parametrize(("before", "after"), UNUSED_CHANGES)
def test_drop_unused_changes(before: str, after: str) -> None:
    assert_changes(drop_unused.TECHNIQUE, before, after)


UNUSED_KEEPS = [
    pytest.param("import os.path\nimport os\nprint(os.path.sep)\n", id="dotted-import-reads-os"),
    pytest.param("x = 1\nclass K:\n    x = 2\n    def f(s): return x\nprint(K().f())\n", id="method-reads-global"),
    pytest.param("def f():\n    x = 1\n    def g(): return x\n    return g\nprint(f())\n", id="closure"),
    pytest.param("x = 0\nx += 1\n", id="augmented"),
    pytest.param("a = f()\n", id="call-may-do-something"),
    pytest.param("a = v[0]\n", id="subscript-may-run-code"),
    pytest.param("a = f'{v}'\n", id="fstring-may-run-format"),
    pytest.param("import numpy\n", id="third-party-import"),
    pytest.param("class V(B):\n    def r(s): return 1\nprint(V)\n", id="member-of-class-with-base"),
    pytest.param("class V:\n    def r(s): return 1\nprint(getattr(V(), n))\n", id="introspection"),
    pytest.param("class V:\n    def write(s, t): pass\nprint(1, file=V())\n", id="protocol-method"),
    pytest.param("class V:\n    k = 1\n    j = k\nprint(V.j)\n", id="read-in-class-body"),
    pytest.param("@dec\ndef f(): pass\n", id="decorated"),
    pytest.param("def f():\n    global x\n    x = 1\nf()\nx = 2\n", id="global-statement"),
    pytest.param("num_steps = 1000\nfor step in range(num_steps):\n    pass\n", id="step-bound"),
    pytest.param("__all__ = ['f']\n__version__ = '1'\n", id="dunders"),
    pytest.param("y = 5\nprint(f'{y}')\n", id="read-in-fstring"),
]


@pytest.mark.parametrize("source", UNUSED_KEEPS)
def test_drop_unused_keeps(source: str) -> None:
    assert "nothing unused" in refusal(drop_unused.TECHNIQUE, source)


def test_drop_unused_refuses_dynamic_names() -> None:
    assert "eval" in refusal(drop_unused.TECHNIQUE, "x = 3\nprint(eval('x'))\n")


def test_drop_unused_nothing_on_original(original: str) -> None:
    assert "nothing unused" in refusal(drop_unused.TECHNIQUE, original)
