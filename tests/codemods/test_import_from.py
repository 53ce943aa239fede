"""import-from: before/after snippets (exact output) and refusals (a part of the reason).

test_rename_attributes.py checks it on original.py with the real checker, after and before rename-attributes.
"""

from __future__ import annotations

import libcst as cst
import pytest

from golf.codemods import import_from

from .helpers import assert_changes, assert_refuses

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
    assert_changes(import_from.TECHNIQUE, before, after, params)


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
    assert_refuses(import_from.TECHNIQUE, source, reason, params)


def test_candidates() -> None:
    module = cst.parse_module("import math, os\nclass V:\n    pass\n")
    assert import_from.TECHNIQUE.candidates(module) == [{}, {"module": "math"}, {"module": "os"}]
