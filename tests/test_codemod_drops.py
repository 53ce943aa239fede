"""drop-unused, drop-guards and drop-member: before/after snippets, refusals, and exactness with the real checker.

Snippets are dedented; "changes" tables give the exact output, "refuses" tables a part of
the reason. The last tests run original.py, and a golfed form of it (one-letter names,
`;`-joined lines), through the techniques and check the results at a few steps on a tiny
data set; drop-member, a trial technique, must also be caught by the checker when it
removes a member the program needs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import libcst as cst
import pytest
from codemod_asserts import code
from conftest import VARIANTS

from golf import codemods
from golf.codemods import drop_guards, drop_member, drop_unused
from golf.codemods.technique import Applied, Refused, Technique, run_technique
from golf.engine.check import check_many

ORIGINAL = (VARIANTS / "original.py").read_text(encoding="utf-8")
CHECK_STEPS = 2
TINY_DATA = "ab\nba\naab\nb\nbba\na\n"


def _apply(technique: Technique, source: str, params: dict[str, str] | None = None) -> str:
    outcome = run_technique(technique, source, params)
    assert isinstance(outcome, Applied), outcome
    ast.parse(outcome.source)
    return outcome.source


def _refusal(technique: Technique, source: str, params: dict[str, str] | None = None) -> str:
    outcome = run_technique(technique, source, params)
    assert isinstance(outcome, Refused), outcome
    return outcome.reason


# ---------------------------------------------------------------------------
# drop-unused
# ---------------------------------------------------------------------------
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
    assert _apply(drop_unused.TECHNIQUE, code(before)) == code(after)


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
    assert "nothing unused" in _refusal(drop_unused.TECHNIQUE, source)


def test_drop_unused_refuses_dynamic_names() -> None:
    assert "eval" in _refusal(drop_unused.TECHNIQUE, "x = 3\nprint(eval('x'))\n")


def test_drop_unused_nothing_on_original() -> None:
    assert "nothing unused" in _refusal(drop_unused.TECHNIQUE, ORIGINAL)


# ---------------------------------------------------------------------------
# drop-guards
# ---------------------------------------------------------------------------
GUARD_CHANGES = [
    pytest.param(
        """
        import os
        # Data
        if not os.path.exists("input.txt"):
            raise SystemExit("error: input.txt not found")
        with open("input.txt") as f:
            docs = f.read()
        """,
        """
        import os
        # Data
        with open("input.txt") as f:
            docs = f.read()
        """,
        id="original-style",
    ),
    pytest.param(
        'import os\nif not os.path.exists("input.txt"):raise SystemExit("no")\nX=[*open("input.txt")]\n',
        'import os\nX=[*open("input.txt")]\n',
        id="golfed",
    ),
    pytest.param(
        """
        import os, sys
        if not os.path.isfile("a") or not os.path.exists("b"):
            print("missing", file=sys.stderr)
            sys.exit(1)
        for line in open("a"): pass
        with open("b", "r") as f: pass
        """,
        """
        import os, sys
        for line in open("a"): pass
        with open("b", "r") as f: pass
        """,
        id="or-of-two-opened-files",
    ),
    pytest.param(
        "import os\nif n < 3 and not os.path.isfile('a'):\n    exit()\nopen('a')\n",
        "import os\nopen('a')\n",
        id="and-with-one-missing-file",
    ),
    pytest.param(
        "from os.path import exists\nif not exists('a'):quit()\nopen('a')\n",
        "from os.path import exists\nopen('a')\n",
        id="from-import",
    ),
    pytest.param("if False:\n    raise ValueError\nprint(1)\n", "print(1)\n", id="never-fires"),
]


@pytest.mark.parametrize(("before", "after"), GUARD_CHANGES)
def test_drop_guards_changes(before: str, after: str) -> None:
    assert _apply(drop_guards.TECHNIQUE, code(before)) == code(after)


GUARD_REFUSES = [
    pytest.param("import os\nif not os.path.exists('a'):raise SystemExit\nprint(1)\n", "still stops", id="not-opened"),
    pytest.param(
        "import os\nif not os.path.isfile('a') or n < 3:\n    exit(1)\nopen('a')\n", "still stops", id="or-with-other"
    ),
    pytest.param("import os\nif not os.path.exists('a'):exit()\nX=c and open('a')\n", "still stops", id="maybe-opened"),
    pytest.param("import os\nif not os.path.exists('a'):exit()\nopen('a','w')\n", "still stops", id="opened-to-write"),
    pytest.param(
        "import os\nif not os.path.exists('a'):exit()\nopen('a','w').close()\nopen('a')\n",
        "named elsewhere",
        id="created-before-read",
    ),
    pytest.param("import os\nif not os.path.exists(f()):exit()\nopen('a')\n", "condition", id="call-in-condition"),
    pytest.param("import os\nif not os.path.exists('a'):exit()\nelse:pass\nopen('a')\n", "else", id="else"),
    pytest.param("if x:\n    print(1)\n", "no guard", id="not-a-guard"),
    pytest.param("def f():\n    if x: raise E\n", "no guard", id="not-module-level"),
]


@pytest.mark.parametrize(("source", "reason"), GUARD_REFUSES)
def test_drop_guards_refuses(source: str, reason: str) -> None:
    assert reason in _refusal(drop_guards.TECHNIQUE, source)


# ---------------------------------------------------------------------------
# drop-member
# ---------------------------------------------------------------------------
MEMBER_CHANGES = [
    pytest.param(
        """
        class V:
            def __add__(s, o): return s
            def __rsub__(s, o): return o
        """,
        """
        class V:
            def __add__(s, o): return s
        """,
        "V.__rsub__",
        id="def",
    ),
    pytest.param(
        "class r:\n __pow__=lambda a,b:a;__rsub__=lambda a,b:b+-a;__rmul__=lambda a,b:a*b\n",
        "class r:\n __pow__=lambda a,b:a;__rmul__=lambda a,b:a*b\n",
        "r.__rsub__",
        id="joined-lambda",
    ),
    pytest.param(
        "class r:\n __pow__=lambda a,b:a;__rtruediv__=lambda a,b:b*a**-1\n",
        "class r:\n __pow__=lambda a,b:a\n",
        "r.__rtruediv__",
        id="joined-last",
    ),
    pytest.param("class V:\n g=m=v=0;__add__=J\n", "class V:\n g=v=0;__add__=J\n", "V.m", id="one-target-of-a-chain"),
    pytest.param(
        """
        class Value:
            __add__ = _operation(operator.add, lambda x, y: (1, 1))
            __rsub__ = lambda self, other: other + (-self)
        """,
        """
        class Value:
            __add__ = _operation(operator.add, lambda x, y: (1, 1))
        """,
        "Value.__rsub__",
        id="factory-style",
    ),
    pytest.param("class V:\n    def f(s): pass\n", "class V:\n    pass\n", "V.f", id="last-member"),
]


@pytest.mark.parametrize(("before", "after", "member"), MEMBER_CHANGES)
def test_drop_member_changes(before: str, after: str, member: str) -> None:
    assert _apply(drop_member.TECHNIQUE, code(before), {"member": member}) == code(after)


MEMBER_REFUSES = [
    pytest.param(
        "class V:\n    __add__ = f\n    __radd__ = __add__\n", "V.__add__", "reads __add__", id="read-in-body"
    ),
    pytest.param("class V:\n    a, b = 1, 2\n", "V.a", "tuple", id="tuple"),
    pytest.param("class V:\n    a = 1\n", "V.b", "no member b", id="unknown-member"),
    pytest.param("class V:\n    a = 1\n", "W.a", "no class named W", id="unknown-class"),
    pytest.param("class V:\n    a = 1\nclass V:\n    a = 2\n", "V.a", "more than one", id="ambiguous"),
    pytest.param("class V:\n    a = 1\n", "V", "Class.name", id="not-dotted"),
]


@pytest.mark.parametrize(("source", "member", "reason"), MEMBER_REFUSES)
def test_drop_member_refuses(source: str, member: str, reason: str) -> None:
    assert reason in _refusal(drop_member.TECHNIQUE, source, {"member": member})


def test_drop_member_candidates_are_every_member_but_init() -> None:
    candidates = drop_member.TECHNIQUE.candidates(cst.parse_module(ORIGINAL))
    members = [c["member"] for c in candidates]
    assert "Value.__init__" not in members
    assert {"Value.__radd__", "Value.__rsub__", "Value.__rtruediv__", "Value.backward"} <= set(members)
    assert len(members) == len(set(members)) == 15


def test_only_drop_member_is_a_trial() -> None:
    assert drop_member.TECHNIQUE.trial
    assert not drop_unused.TECHNIQUE.trial and not drop_guards.TECHNIQUE.trial


# ---------------------------------------------------------------------------
# Exactness with the real checker
# ---------------------------------------------------------------------------
def _golfed(source: str) -> str:
    """original.py in golfed form, built with the registered techniques."""
    for name in ("strip-comments-docstrings", "rename-short", "lambda-defs", "join-statements", "squeeze-whitespace"):
        if name in codemods.TECHNIQUES:
            outcome = codemods.apply(name, source)
            source = outcome.source if isinstance(outcome, Applied) else source
    return source


def test_results_check_identical_and_the_checker_guards_drop_member(tmp_path: Path, run_cache: Path) -> None:
    data = tmp_path / "tiny.txt"
    data.write_text(TINY_DATA, encoding="utf-8")
    golfed = _golfed(ORIGINAL)
    assert "\n def backward" in golfed and ";" in golfed  # really golfed: one-space indents, joined lines
    candidates = drop_member.TECHNIQUE.candidates(cst.parse_module(golfed))
    rsub = next(c["member"] for c in candidates if c["member"].endswith(".__rsub__"))
    variants = {
        "unguarded.py": _apply(drop_unused.TECHNIQUE, _apply(drop_guards.TECHNIQUE, ORIGINAL)),
        "golfed_unguarded.py": _apply(drop_unused.TECHNIQUE, _apply(drop_guards.TECHNIQUE, golfed)),
        "no_rtruediv.py": _apply(drop_member.TECHNIQUE, ORIGINAL, {"member": "Value.__rtruediv__"}),
        "golfed_no_rsub.py": _apply(drop_member.TECHNIQUE, golfed, {"member": rsub}),
        "no_radd.py": _apply(drop_member.TECHNIQUE, ORIGINAL, {"member": "Value.__radd__"}),
    }
    for name in ("unguarded.py", "golfed_unguarded.py"):
        assert "import os" not in variants[name] and "os," not in variants[name]
        assert "SystemExit" not in variants[name]
    paths = []
    for name, source in variants.items():
        paths.append(tmp_path / name)
        paths[-1].write_text(source, encoding="utf-8")
    verdicts = check_many(paths, VARIANTS / "original.py", steps=CHECK_STEPS, data=data, cache_dir=run_cache)
    got = {p.name: v.verdict for p, v in zip(paths, verdicts, strict=True)}
    # `sum()` starts from 0, so 0 + Value calls __radd__: without it the program fails.
    assert got == dict.fromkeys(variants, "identical") | {"no_radd.py": "failed"}
