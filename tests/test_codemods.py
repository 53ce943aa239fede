"""The technique codemods: before/after snippets, refusals with their reasons, and exactness on original.py.

Snippets are dedented (as in LibCST's CodemodTest). "Changes" tables give the exact output;
"refuses" tables give a part of the reason. The last tests apply every technique to
original.py (or, for those that only apply later in a search, to a golfed or shrunk form) and check
the results with the real checker at a few steps on a tiny data set (the checks run in parallel and
are cached for the session).
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest
from codemod_asserts import assert_changes, assert_refuses, code
from conftest import FIXTURES, VARIANTS

from golf import codemods
from golf.codemods import Applied, Failed, Refused
from golf.engine.check import check_many

ORIGINAL = (VARIANTS / "original.py").read_text(encoding="utf-8")
#: Steps and data for the real checks: short runs on a tiny alphabet keep sampling short too.
CHECK_STEPS = 2
TINY_DATA = "ab\nba\naab\nb\nbba\na\n"


CHANGES = [
    pytest.param(
        "strip-comments-docstrings",
        {},
        '''
        """Module doc."""
        import os  # why

        # a comment
        def f(x):
            """Doc."""
            return x  # tail


        class C:
            """Only a docstring."""
        ''',
        """
        import os
        def f(x):
            return x
        class C:
            pass
        """,
        id="strip-comments-docstrings",
    ),
    pytest.param(
        "rename-short",
        {},
        """
        total_count = 3
        def double_it(value, factor=2):
            result = value * factor
            return result
        print(f"total: {double_it(total_count, factor=3)}")
        """,
        """
        a = 3
        def b(a, factor=2):
            b = a * factor
            return b
        print(f"total: {b(a, factor=3)}")
        """,
        id="rename-short-keeps-keyword-params-and-fstring-text",
    ),
    pytest.param(
        "rename-short",
        {},
        """
        class Node:
            def method(self, other_value):
                return self.data + other_value
        """,
        """
        class c:
            def method(a, b):
                return a.data + b
        """,
        id="rename-short-keeps-methods-and-attributes",
    ),
    pytest.param(
        "rename-short",
        {},
        """
        steps_total = 10
        def f(local_name):
            return local_name
        for step_index in range(steps_total):
            print(f(step_index))
        """,
        """
        a = 10
        def f(b):
            return b
        for b in range(a):
            print(f(b))
        """,
        id="rename-short-step-bound-unique",
    ),
    pytest.param(
        "rename-short",
        {"scope": "locals"},
        """
        count = 1
        def f(value):
            return value + count
        """,
        """
        count = 1
        def f(a):
            return a + count
        """,
        id="rename-short-locals-only",
    ),
    pytest.param(
        "rename-short",
        {},
        """
        rows = [[1, 2], [3]]
        flat = [p for row in rows for p in row]
        """,
        """
        a = [[1, 2], [3]]
        b = [p for a in a for p in a]
        """,
        id="rename-short-comprehension-reads-inner-target",
    ),
    pytest.param(
        "lambda-defs",
        {},
        """
        def add(a, b=1):
            return a + b
        def pair(a):
            return a, a
        """,
        """
        add = lambda a, b=1: a + b
        pair = lambda a: (a, a)
        """,
        id="lambda-defs",
    ),
    pytest.param(
        "join-statements",
        {},
        """
        a = 1
        b = 2
        for x in range(a):
            print(x)
        if a:
            b = 3
        else:
            b = 4
            c = 5
        """,
        """
        a = 1;b = 2
        for x in range(a):print(x)
        if a:b = 3
        else:b = 4;c = 5
        """,
        id="join-statements",
    ),
    pytest.param(
        "join-statements",
        {"mode": "headers"},
        """
        for x in range(3):
            y = x
            print(y)
        while False:
            pass
        """,
        """
        for x in range(3):
            y = x
            print(y)
        while False:pass
        """,
        id="join-statements-headers-only",
    ),
    pytest.param(
        "merge-assignments",
        {},
        """
        a = 1
        b = 2
        c = a + 1
        d = 4
        """,
        """
        a,b = 1,2
        c,d = a + 1,4
        """,
        id="merge-assignments-splits-at-dependency",
    ),
    pytest.param(
        "merge-assignments",
        {},
        """
        x_residual = y
        z = x_residual
        p, q = 1, 2
        r = 3
        """,
        """
        x_residual = y
        z,p,q,r = x_residual,1,2,3
        """,
        id="merge-assignments-extends-tuples",
    ),
    pytest.param(
        "drop-slots",
        {},
        """
        class V:
            __slots__ = ("data", "grad")
            def __init__(self, data):
                self.data = data
        class W:
            __slots__ = ()
        """,
        """
        class V:
            def __init__(self, data):
                self.data = data
        class W:
            pass
        """,
        id="drop-slots",
    ),
    pytest.param(
        "merge-imports",
        {},
        """
        import math
        import os
        x = 1
        import a;import b;y = 2
        """,
        """
        import math,os
        x = 1
        import a,b;y = 2
        """,
        id="merge-imports",
    ),
    pytest.param(
        "drop-parens",
        {},
        """
        x = (1 / n) * y
        z = [1, 2,]
        t = (1,)
        w = (a + b) * c
        """,
        """
        x = 1 / n * y
        z = [1, 2]
        t = 1,
        w = (a + b) * c
        """,
        id="drop-parens",
    ),
    pytest.param(
        "squeeze-whitespace",
        {},
        """
        def f(a, b = 1):
            return a + b if a else - b
        x = [1,
             2]
        y = a * (-b)
        """,
        """
        def f(a,b=1):
         return a+b if a else-b
        x=[1,2]
        y=a*(-b)
        """,
        id="squeeze-whitespace",
    ),
    pytest.param(
        "drop-parens",
        {},
        "x = (1)if y else(2)\n",
        "x =  1 if y else 2 \n",  # squeeze-whitespace removes the spaces it leaves
        id="drop-parens-never-writes-1if",
    ),
    pytest.param(
        "squeeze-whitespace",
        {},
        """
        x = [0. for a in b]
        y = 1 if x else 2.5 or z
        """,
        """
        x=[0. for a in b]
        y=1 if x else 2.5 or z
        """,
        id="squeeze-keeps-a-number-apart-from-a-keyword",
    ),
    pytest.param(
        "squeeze-whitespace",
        {},
        """
        print(f"step {step + 1:4d} {x = } { {1: 2}[1] } {''.join( s )}")
        """,
        """
        print(f"step {step+1:4d} {x = } { {1:2}[1]} {''.join(s)}")
        """,
        # `{x = }` prints its spaces; `{{` would be an escaped brace
        id="squeeze-inside-f-string-fields",
    ),
    pytest.param(
        "squeeze-whitespace",
        {},
        "x = f'''{a +\nb}'''\n",
        "x=f'''{a +\nb}'''\n",
        # a field broken over lines parses only inside its f-string: it stays as it is
        id="squeeze-leaves-a-multi-line-field",
    ),
    pytest.param(
        "rename-short",
        {},
        """
        one = 1
        two = 2
        three = 3
        four = 4
        five = 5
        from math import *
        print(one, two, three, four, five, pi)
        """,
        """
        a = 1
        b = 2
        c = 3
        d = 4
        f = 5
        from math import *
        print(a, b, c, d, f, pi)
        """,
        id="rename-short-avoids-star-imported-names-for-globals",
    ),
    pytest.param(
        "decorator-value",
        {},
        """
        class V:
            def __add__(self, other):
                other = other if isinstance(other, V) else V(other)
                return V(self.data + other.data)
            def __radd__(self, other):
                return self + other
            def __sub__(self, other):
                return self + (-other)
        """,
        """
        def _operand(method):
            return lambda self, other: method(self, other if isinstance(other, V) else V(other))
        class V:
            __add__ = _operand(lambda self, other: V(self.data + other.data))
            __radd__ = __add__
            def __sub__(self, other):
                return self + (-other)
        """,
        id="decorator-value-keeps-compositions",
    ),
    pytest.param(
        "decorator-value",
        {},
        "class V:\n def __init__(a,d):a.d=d\n def __add__(a,b):return V(a.d+b.d)\n __radd__=lambda a,b:a+b\n",
        "class V:\n def __init__(a,d):a.d=d\n def __add__(a,b):return V(a.d+b.d)\n __radd__ = __add__\n",
        id="decorator-value-squeezed-swap",
    ),
    pytest.param(
        "inline-function",
        {"name": "sq"},
        """
        def sq(x):
            return x * x
        y = sq(3) + sq(a)
        """,
        """
        y = (3 * 3) + (a * a)
        """,
        id="inline-function-expression",
    ),
    pytest.param(
        "inline-function",
        {"name": "sq"},
        """
        def sq(x):
            return x * x
        y = sq(g())
        """,
        """
        x = g()
        y = x * x
        """,
        id="inline-function-binds-effectful-argument-once",
    ),
    pytest.param(
        "inline-function",
        {"name": "norm"},
        """
        def norm(v):
            s = sum(v)
            return [x / s for x in v]
        s = 1
        w = norm(make())
        """,
        """
        s = 1
        v = make()
        s_2 = sum(v)
        w = [x / s_2 for x in v]
        """,
        id="inline-function-statements-fresh-locals",
    ),
    pytest.param(
        "inline-function",
        {"name": "lin"},
        """
        def lin(x, w):
            return [sum(a * b for a, b in zip(r, x)) for r in w]
        y = lin(x, table["q"])
        """,
        """
        y = [sum(a * b for a, b in zip(r, x)) for r in table["q"]]
        """,
        id="inline-function-single-use-argument-in-place",
    ),
    pytest.param(
        "helper-extract",
        {"line": "3"},
        """
        m = [0.0] * 3
        params = [1.0, 2.0, 3.0]
        for i, p in enumerate(params):
            g = p * 2
            m[i] = m[i] + g
        """,
        """
        m = [0.0] * 3
        params = [1.0, 2.0, 3.0]
        def loop_body(i, p):
            g = p * 2
            m[i] = m[i] + g
        for i, p in enumerate(params):
            loop_body(i, p)
        """,
        id="helper-extract",
    ),
]

REFUSALS = [
    pytest.param("strip-comments-docstrings", {}, "x = 1\n", "nothing to change", id="strip-nothing"),
    pytest.param(
        "strip-comments-docstrings",
        {},
        'def f():\n    """Doc."""\n    return f.__doc__\n',
        "nothing to change",
        id="strip-keeps-docstrings-when-doc-is-read",
    ),
    pytest.param("rename-short", {}, 'value_one = 1\nprint(eval("value_one"))\n', "eval", id="rename-eval"),
    pytest.param("rename-short", {}, "a = 1\nb = a\n", "already as short", id="rename-nothing"),
    pytest.param(
        "lambda-defs",
        {},
        """
        @cache
        def f(a):
            return a
        def g(a):
            x = a
            return x
        def h():
            yield 1
        """,
        "f: has decorators; g: body is more than one statement; h: body is not a single return",
        id="lambda-defs-decorator-multi-statement-generator",
    ),
    pytest.param("lambda-defs", {}, "def f(a):\n    return f.__name__\n", "__name__", id="lambda-defs-name-read"),
    pytest.param("lambda-defs", {"name": "nope"}, "x = 1\n", "no function named 'nope'", id="lambda-defs-no-such"),
    pytest.param("join-statements", {}, "x = 1;y = 2\nfor a in b:f(a)\n", "nothing", id="join-nothing"),
    pytest.param(
        "merge-assignments",
        {},
        "x = 1\ny = f()\ndef f():\n    return x\n",
        "no run",
        id="merge-call-could-read-earlier-target",
    ),
    pytest.param(
        "merge-assignments",
        {},
        "n_steps = 5\nk = 2\nfor i in range(n_steps):\n    pass\n",
        "no run",
        id="merge-keeps-step-bound-alone",
    ),
    pytest.param("drop-slots", {}, "class V:\n    x = 1\n", "no class sets __slots__", id="drop-slots-none"),
    pytest.param(
        "drop-slots",
        {},
        "class V:\n    __slots__ = ('a',)\ntry:\n    V().b = 1\nexcept AttributeError:\n    print('slots')\n",
        "try statement",
        id="drop-slots-observable",
    ),
    pytest.param(
        "drop-slots",
        {},
        "class V:\n    __slots__ = ('a',)\nprint(hasattr(V(), 'a'))\n",
        "hasattr",
        id="drop-slots-introspection",
    ),
    pytest.param(
        "drop-slots",
        {},
        "class V:\n    __slots__ = ('a',)\nclass W(V):\n    __slots__ = ()\n",
        "base or a subclass",
        id="drop-slots-subclass",
    ),
    pytest.param("merge-imports", {}, "import a\nx = 1\nfrom b import c\n", "no consecutive", id="merge-imports-apart"),
    pytest.param("drop-parens", {}, "w = (a + b) * c\nt = f((1,))\n", "no parenthesis", id="drop-parens-needed"),
    pytest.param("squeeze-whitespace", {}, "x = 1  # c\n", "has comments", id="squeeze-comments"),
    pytest.param("squeeze-whitespace", {}, "x=1\n", "nothing to change", id="squeeze-nothing"),
    pytest.param(
        "decorator-value",
        {},
        "class V:\n    def __add__(self, other):\n        return V(self.data + other)\n",
        "no class",
        id="decorator-value-no-shape",
    ),
    pytest.param(
        "decorator-value",
        {},
        "class V:\n    def __add__(self, o):\n        return V(1)\n"
        "    def __radd__(self, o):\n        return self + o\n"
        "class W(V):\n    pass\n",
        "subclass",
        id="decorator-value-subclassed",
    ),
    pytest.param(
        "inline-function",
        {"name": "fact"},
        "def fact(n):\n    return 1 if n < 2 else n * fact(n - 1)\ny = fact(3)\n",
        "recursive",
        id="inline-recursive",
    ),
    pytest.param(
        "inline-function",
        {"name": "f"},
        "def f(x):\n    if x:\n        return 1\n    return 2\ny = f(3)\n",
        "more than one return",
        id="inline-multiple-returns",
    ),
    pytest.param(
        "inline-function",
        {"name": "f"},
        "def f(x):\n    return x + total\ndef g(total):\n    return f(total)\n",
        "local at a call site",
        id="inline-free-name-shadowed",
    ),
    pytest.param(
        "inline-function",
        {"name": "f"},
        "def f(x):\n    return x\nprint(f)\n",
        "used other than by being called",
        id="inline-used-as-value",
    ),
    pytest.param(
        "inline-function",
        {"name": "sq"},
        "def sq(x):\n    return x * x\nprint([sq(g()) for _ in range(3)])\n",
        "evaluated a different number of times",
        id="inline-effectful-argument-twice",
    ),
    pytest.param(
        "inline-function",
        {"name": "f"},
        "def f(a, b):\n    return b + a\nprint(f(g(), h()))\n",
        "out of order",
        id="inline-arguments-out-of-order",
    ),
    pytest.param(
        "inline-function",
        {"name": "f"},
        "def f(a):\n    return [a for t in r]\nprint(f(t))\n",
        "captured",
        id="inline-argument-captured",
    ),
    pytest.param("inline-function", {"name": "nope"}, "x = 1\n", "no single top-level function", id="inline-missing"),
    pytest.param(
        "inline-function",
        {"name": "f"},
        "def f(a, b):\n    return 0 < a < b\n\n\nprint(f(-1, g()))\n",
        "argument b has effects",
        id="inline-chained-comparison-may-skip-an-argument",
    ),
    pytest.param(
        "inline-function",
        {"name": "f"},
        "def f(x):\n    g()\n    return x\ndef g():\n    global a\n    a = 2\na = 1\nprint(f(a))\n",
        "global/nonlocal",
        id="inline-global-could-rebind-argument",
    ),
    pytest.param(
        "helper-extract",
        {"line": "2"},
        "total = 0\nfor x in range(3):\n    total = total + x\nprint(total)\n",
        "also bound outside",
        id="helper-carried-value",
    ),
    pytest.param(
        "helper-extract",
        {"line": "1"},
        "for x in range(3):\n    if x:\n        break\n",
        "break or continue",
        id="helper-break",
    ),
    pytest.param(
        "helper-extract",
        {"line": "1"},
        "for x in range(3):\n    y = x\nprint(y)\n",
        "read outside",
        id="helper-value-read-after-loop",
    ),
    pytest.param("helper-extract", {"line": "9"}, "x = 1\n", "no `for` loop starts on line 9", id="helper-no-loop"),
]


@pytest.mark.parametrize(("technique", "params", "before", "after"), CHANGES)
def test_changes(technique: str, params: dict[str, str], before: str, after: str) -> None:
    assert_changes(technique, before, after, params)


def test_rename_short_reuses_a_local_name_only_where_the_local_does_not_see_the_global() -> None:
    # Every one-letter name but `a` and `b` is a global already, so `total` gets one of those two or a
    # two-letter name. `a` would be wrong: f's comprehension reads total, and f binds its own `a`.
    # `b` is right: g binds `b` but never reads total.
    others = [n for n in "cdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    before = "".join(f"{n} = {i}\n" for i, n in enumerate(others)) + code(
        """
        total = 0
        def f(a):
            return [x + total for x in a]
        def g(b):
            return b
        """
    )
    outcome = codemods.apply("rename-short", before)
    assert isinstance(outcome, Applied), outcome
    assert outcome.source.endswith("b = 0\ndef f(a):\n    return [x + b for x in a]\ndef g(b):\n    return b\n")


@pytest.mark.parametrize(("technique", "params", "before", "reason"), REFUSALS)
def test_refuses_with_reason(technique: str, params: dict[str, str], before: str, reason: str) -> None:
    assert_refuses(technique, before, reason, params)


def test_every_technique_is_registered_with_a_description() -> None:
    for name, technique in codemods.TECHNIQUES.items():
        assert technique.name == name
        assert technique.summary
        module = __import__(technique.transform.__module__, fromlist=["__doc__"])
        assert module.__doc__ and len(module.__doc__) > 200, f"{name} needs its paragraph"


def test_unknown_technique_and_parameters() -> None:
    with pytest.raises(codemods.UnknownTechnique, match="choose one of"):
        codemods.get("golf-it")
    outcome = codemods.apply("lambda-defs", "x = 1\n", {"colour": "red"})
    assert isinstance(outcome, Refused) and "unknown parameter" in outcome.reason
    outcome = codemods.apply("inline-function", "x = 1\n", {})
    assert isinstance(outcome, Refused) and "missing parameter" in outcome.reason


def test_invalid_input_is_refused_not_raised() -> None:
    outcome = codemods.apply("rename-short", "def (:\n")
    assert isinstance(outcome, Refused) and "not valid Python" in outcome.reason


def test_a_crashing_codemod_becomes_a_failed_value() -> None:
    from golf.codemods import lambda_defs

    def boom(module: object, params: object) -> object:
        raise RuntimeError("bug")

    technique = dataclasses.replace(lambda_defs.TECHNIQUE, transform=boom)
    outcome = codemods.technique.run_technique(technique, "def f():\n    return 1\n")
    assert isinstance(outcome, Failed) and "RuntimeError: bug" in outcome.reason and outcome.traceback


# ---------------------------------------------------------------------------
# On original.py: every technique and parameter set applies, parses, and stays identical
# ---------------------------------------------------------------------------
#: Parameter sets checked per technique and program: inline-variable alone offers 18 on original.py
#: (one per variable), and applying and checking every set of 57 techniques would take most of the
#: suite's ten minutes (with four per technique the whole suite took 10 minutes on a busy machine).
#: The all-at-once set (`{}`), when offered, is always among them: it makes every change the single
#: ones make.
PER_TECHNIQUE = 2


def _sampled(candidates: list[tuple[str, dict[str, str]]]) -> list[tuple[str, dict[str, str]]]:
    by_technique: dict[str, list[dict[str, str]]] = {}
    for name, params in candidates:
        by_technique.setdefault(name, []).append(params)
    kept = []
    for name, sets in by_technique.items():
        chosen = sets[: PER_TECHNIQUE - 1] + [p for p in sets[PER_TECHNIQUE - 1 :] if not p][:1]
        chosen += [p for p in sets[PER_TECHNIQUE - 1 :] if p][: PER_TECHNIQUE - len(chosen)]
        kept += [(name, params) for params in chosen]
    return kept


def _on_original() -> list[tuple[str, dict[str, str], str]]:
    results = []
    for name, params in [*_sampled(codemods.candidates(ORIGINAL)), ("helper-extract", {"line": _adam_loop_line()})]:
        outcome = codemods.apply(name, ORIGINAL, params)
        assert not isinstance(outcome, Failed), outcome
        if isinstance(outcome, Applied):
            results.append((name, params, outcome.source))
    return results


def _adam_loop_line() -> str:
    lines = ORIGINAL.splitlines()
    return str(next(i for i, line in enumerate(lines, 1) if "in enumerate(params)" in line))


#: A chain like the one `golf shrink --metric bytes` finds; its result is golfed input for every technique.
GOLF_CHAIN = [
    "strip-comments-docstrings",
    "drop-guards",
    "unroll-loops",
    "drop-slots",
    "merge-imports",
    "decorator-value",
    "lambda-defs",
    "rename-short",
    "merge-assignments",
    "join-statements",
    "drop-parens",
    "squeeze-whitespace",
]


def _golfed() -> str:
    source = ORIGINAL
    for name in GOLF_CHAIN:
        outcome = codemods.apply(name, source)
        assert isinstance(outcome, Applied), outcome
        source = outcome.source
    return source


@pytest.fixture(scope="module")
def original_results() -> list[tuple[str, dict[str, str], str]]:
    golfed = _golfed()
    again = [
        (name, params, codemods.apply(name, golfed, params)) for name, params in _sampled(codemods.candidates(golfed))
    ]
    assert not [outcome for _, _, outcome in again if isinstance(outcome, Failed)]
    applied = [(name, params, o.source) for name, params, o in again if isinstance(o, Applied)]
    results = [*_on_original(), ("chain", {}, golfed), *applied]
    return results + _on_shrunk({name for name, _, _ in results} | set(GOLF_CHAIN))


#: A `golf shrink --metric bytes` result: some techniques (engine fusions, rewrites of what inlining
#: leaves behind) only find their shape this late in a search.
SHRUNK = (FIXTURES / "shrunk_bytes.py").read_text(encoding="utf-8")


def _on_shrunk(applied: set[str]) -> list[tuple[str, dict[str, str], str]]:
    """Results of the techniques that applied to neither original.py nor its golfed form, on SHRUNK
    and then on SHRUNK with its constants folded (loop-values needs `u=4`, not `u=g//4`)."""
    results: list[tuple[str, dict[str, str], str]] = []
    folded = codemods.apply("fold-constants", SHRUNK)
    assert isinstance(folded, Applied), folded
    for source in (SHRUNK, folded.source):
        done = applied | {name for name, _, _ in results}
        pending = [(name, params) for name, params in codemods.candidates(source) if name not in done]
        outcomes = [(name, params, codemods.apply(name, source, params)) for name, params in _sampled(pending)]
        assert not [outcome for _, _, outcome in outcomes if isinstance(outcome, Failed)]
        results += [(name, params, o.source) for name, params, o in outcomes if isinstance(o, Applied)]
    return results


def test_every_technique_applies_to_original_its_golfed_form_or_a_shrunk_form(
    original_results: list[tuple[str, dict[str, str], str]],
) -> None:
    applied = {name for name, _, _ in original_results} | set(GOLF_CHAIN)  # the chain applied each of its steps
    assert applied >= set(codemods.TECHNIQUES)
    for _, _, source in original_results:
        ast.parse(source)


def test_every_result_on_original_and_golfed_original_is_identical(
    original_results: list[tuple[str, dict[str, str], str]], tmp_path: Path, run_cache: Path
) -> None:
    data = tmp_path / "tiny.txt"
    data.write_text(TINY_DATA)
    paths = []
    for index, (name, _, source) in enumerate(original_results):
        path = tmp_path / f"{index:02d}_{name.replace('-', '_')}.py"
        path.write_text(source)
        paths.append(path)
    verdicts = check_many(paths, VARIANTS / "original.py", steps=CHECK_STEPS, data=data, cache_dir=run_cache)
    trial = [codemods.TECHNIQUES[name].trial if name != "chain" else False for name, _, _ in original_results]
    wrong = [
        (p.name, v.verdict, v.failure or v.first_bit_difference)
        for p, v, is_trial in zip(paths, verdicts, trial, strict=True)
        if v.verdict != "identical" and not is_trial
    ]
    assert not wrong
    # A trial technique proves nothing itself: some of its steps must come out identical and the
    # others be caught by the check (never `close` or `output-only`, which would hide a change).
    trial_verdicts = [v.verdict for v, is_trial in zip(verdicts, trial, strict=True) if is_trial]
    assert "identical" in trial_verdicts and {"failed", "diverged"} & set(trial_verdicts)
    assert set(trial_verdicts) <= {"identical", "failed", "diverged"}
