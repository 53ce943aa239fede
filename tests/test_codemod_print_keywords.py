"""print-end (exact) and positional-keywords (trial): tables of before/after snippets (exact output)
and of refusals (a part of the reason), and the candidates each offers."""

from __future__ import annotations

import contextlib
import io

import libcst as cst
import pytest
from codemod_asserts import assert_changes, assert_changes_offered, assert_refuses, assert_refuses_unoffered

from golf.codemods.positional_keywords import TECHNIQUE as POSITIONAL_KEYWORDS
from golf.codemods.print_end import TECHNIQUE as PRINT_END
from golf.codemods.technique import Applied, run_technique


# ---------------------------------------------------------------------------
# print-end
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param('print(f"a {x:4d}",end="\\r")\n', 'print(end=f"a {x:4d}\\r")\n', id="f-string"),
        pytest.param('print("a", end="\\n\\n")\n', 'print(end="a\\n\\n")\n', id="plain"),
        pytest.param("print('a', end=\"'\")\n", "print(end='a\\'')\n", id="quote-escaped"),
        pytest.param("print(f'{x}', end='\"')\n", "print(end=f'{x}\"')\n", id="other-quote-kept"),
        pytest.param('print(f"{x}", end="{}")\n', 'print(end=f"{x}{{}}")\n', id="braces-doubled"),
        pytest.param('print("a", end="\\\\")\n', 'print(end="a\\\\")\n', id="backslash"),
        pytest.param('print("é", end="\\x00\\x7f")\n', 'print(end="é\\x00\\x7f")\n', id="unprintable"),
        pytest.param('print(("a"), end="b")\n', 'print(end=("ab"))\n', id="parentheses"),
        pytest.param('print("""a""", end=\'"\')\n', 'print(end="""a\\"""")\n', id="triple-quoted"),
        pytest.param('print("a", end="")\n', 'print(end="a")\n', id="empty-end"),
        pytest.param('print(r"a\\b", end="c")\n', 'print(end=r"a\\bc")\n', id="raw"),
        pytest.param('print(u"a", end="b")\nprint(x, end="b")\n', 'print(end=u"ab")\nprint(x, end="b")\n', id="u"),
    ],
)
def test_print_end_changes(before: str, after: str) -> None:
    assert_changes_offered(PRINT_END, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        # `"\12"` is one character: the exactness guard (the new literal must mean S then T).
        pytest.param('print("\\1", end="2")\n', "no print call", id="escape-would-merge"),
        pytest.param('print(r"a", end="\\r")\n', "no print call", id="raw-cannot-escape"),
        pytest.param('print(b"a", end="b")\n', "no print call", id="bytes"),
        pytest.param('print("a", end=b"")\n', "no print call", id="bytes-end"),
        pytest.param('print("a", "b", end="c")\n', "no print call", id="two-arguments"),
        pytest.param('print("a", end="b", flush=True)\n', "no print call", id="other-keyword"),
        pytest.param('print("a", end=e)\n', "no print call", id="end-not-literal"),
        pytest.param('print(x, end="b")\n', "no print call", id="not-a-string"),
        pytest.param('print("a" "b", end="c")\n', "no print call", id="concatenated"),
        pytest.param('print(*a, end="c")\n', "no print call", id="starred"),
        pytest.param('print("a")\n', "no print call", id="no-end"),
        pytest.param('print = log\nprint("a", end="b")\n', "print is bound", id="rebound"),
        pytest.param('def f(print):\n    print("a", end="b")\n', "print is bound", id="parameter"),
        pytest.param('import sys\nsys.stdout = w\nprint("a", end="b")\n', "stdout", id="stdout"),
        pytest.param('exec(s)\nprint("a", end="b")\n', "exec", id="exec"),
        # Rebinding print unseen, through the builtins module (see `surely_builtins`).
        pytest.param('__import__("builtins").print = p\nprint("a", end="b")\n', "__import__", id="dunder-import"),
        pytest.param('print.__self__.print = p\nprint("a", end="b")\n', "__self__", id="dunder-self"),
        pytest.param('importlib.import_module("builtins")\nprint("a", end="b")\n', "importlib", id="importlib"),
        pytest.param('sys.modules["builtins"].print = p\nprint("a", end="b")\n', "modules", id="sys-modules"),
        pytest.param('print("a", end="b")\nos._exit(0)\n', "_exit", id="exit-unflushed"),
        # A non-ASCII T may fail to encode after S is written; in one write nothing would be written.
        pytest.param('print("a", end="é")\n', "no print call", id="end-not-ascii"),
        pytest.param('print("a", end="\\u2603")\n', "no print call", id="end-escape-not-ascii"),
    ],
)
def test_print_end_refuses(before: str, reason: str) -> None:
    assert_refuses_unoffered(PRINT_END, before, reason)


@pytest.mark.parametrize(
    "source",
    [
        'print(f"a {x:4d}|", end="\\r\\n")',
        "print(f'{x}{{', end='}\"\\'\\t\\x7f')",
        'print("""a\'""", end="\\"\\"\\"\\\\")',
        'print("\\x41\\N{BULLET}\\u2603\\U0001f600", end="\\x00\\x7f")',
    ],
)
def test_print_end_writes_the_same(source: str) -> None:
    outcome = run_technique(PRINT_END, source + "\n")
    assert isinstance(outcome, Applied)
    written = []
    for program in (source, outcome.source):
        with contextlib.redirect_stdout(io.StringIO()) as out:
            exec(program, {"x": 7})  # noqa: S102 - a fixed snippet and its rewrite
        written.append(out.getvalue())
    assert written[0] == written[1]


def test_print_end_fails_to_encode_the_same() -> None:
    # S that an ASCII stream cannot encode fails in the first write either way, writing nothing.
    source = 'print("a\u00e9", end="\\n")\n'
    outcome = run_technique(PRINT_END, source)
    assert isinstance(outcome, Applied)
    results = []
    for program in (source, outcome.source):
        raw = io.BytesIO()
        stream = io.TextIOWrapper(raw, encoding="ascii", write_through=True)
        with contextlib.redirect_stdout(stream), pytest.raises(UnicodeEncodeError) as error:
            exec(program, {})  # noqa: S102 - a fixed snippet and its rewrite
        results.append((raw.getvalue(), str(error.value)))
    assert results[0] == results[1]
    assert results[0][0] == b""


# ---------------------------------------------------------------------------
# positional-keywords
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("before", "after", "params"),
    [
        pytest.param("z=choices(range(F),weights=W)[0]\n", "z=choices(range(F),W)[0]\n", {}, id="choices"),
        pytest.param("y = a.get(k, default=1)\n", "y = a.get(k, 1)\n", {}, id="method"),
        pytest.param(
            "def f(a, b, c, *, d): pass\nf(1, b=2, c=3, d=4)\n",
            "def f(a, b, c, *, d): pass\nf(1, 2, 3, d=4)\n",
            {},
            id="signature-in-order",
        ),
        pytest.param(
            "def f(a, b, c): pass\nf(1, b=2, d=3)\n",
            "def f(a, b, c): pass\nf(1, 2, d=3)\n",
            {},
            id="signature-stops",
        ),
        pytest.param("g = lambda a, b=1: a\ng(x, b=2)\n", "g = lambda a, b=1: a\ng(x, 2)\n", {}, id="lambda"),
        pytest.param("def f(a, b): pass\nf(a=1, b=2)\n", "def f(a, b): pass\nf(1, 2)\n", {}, id="no-positional"),
        pytest.param("def f(a, /, b): pass\nf(1, b=2)\n", "def f(a, /, b): pass\nf(1, 2)\n", {}, id="after-posonly"),
        pytest.param("f(g(a, k=1), j=2)\n", "f(g(a, 1), 2)\n", {}, id="nested"),
        pytest.param("f(a, k=1)\ng(b, j=2)\n", "f(a, k=1)\ng(b, 2)\n", {"line": "2", "column": "0"}, id="one-site"),
        # Known standard callees: a keyword converts when it names their next positional parameter.
        pytest.param("y = random.choices(p, weights=w, k=3)\n", "y = random.choices(p, w, k=3)\n", {}, id="choices"),
        pytest.param("f = open(p, mode='w', encoding=e)\n", "f = open(p, 'w', encoding=e)\n", {}, id="open-mode"),
        pytest.param("y = re.sub(a, b, s, count=1)\n", "y = re.sub(a, b, s, 1)\n", {}, id="re-sub-count"),
        pytest.param("y = s.split(' ', maxsplit=1)\n", "y = s.split(' ', 1)\n", {}, id="split"),
    ],
)
def test_positional_keywords_changes(before: str, after: str, params: dict[str, str]) -> None:
    assert_changes(POSITIONAL_KEYWORDS, before, after, params)


@pytest.mark.parametrize(
    ("before", "reason", "params"),
    [
        # The signature shows `c` is not the second parameter: the exactness guard for known callees.
        pytest.param("def f(a, b, c): pass\nf(1, c=3)\n", "no call", {}, id="not-next-parameter"),
        pytest.param("def f(a, *, b): pass\nf(1, b=2)\n", "no call", {}, id="keyword-only"),
        pytest.param("f = lambda a, b: a\nf = g\nf(1, b=2, c=3)\n", "no call", {}, id="rebound-two-keywords"),
        pytest.param('print(x, end="")\n', "no call", {}, id="print"),
        pytest.param("y = sorted(x, key=f), max(x, key=f), min(x, key=f)\n", "no call", {}, id="key"),
        pytest.param("y = zip(a, b, strict=True), dict(a, b=1)\n", "no call", {}, id="zip-dict"),
        pytest.param("a.sort(x, key=f)\n", "no call", {}, id="sort"),
        # Keyword-only parameters of known standard callees, or keywords that are items: converting fails.
        pytest.param("y = json.dumps(x, indent=1)\n", "no call", {}, id="dumps"),
        pytest.param("y = Counter('ab', c=1), defaultdict(list, a=1)\n", "no call", {}, id="items"),
        pytest.param("y = math.isclose(a, b, rel_tol=t)\n", "no call", {}, id="isclose"),
        pytest.param("y = random.choices(p, k=3), choices(p, cum_weights=c)\n", "no call", {}, id="choices-k"),
        pytest.param("y = product(a, repeat=2)\n", "no call", {}, id="product"),
        pytest.param("f = open(p, encoding=e)\n", "no call", {}, id="open-not-mode"),
        pytest.param("y = re.sub(a, b, s, flags=f)\n", "no call", {}, id="re-sub-flags"),
        # A `def` shadowing a builtin: a call before the `def` runs calls the builtin (key is keyword-only).
        pytest.param("print(max(x, key=abs))\ndef max(a, key): return 0\n", "no call", {}, id="def-shadows-builtin"),
        # Signatures are not trusted where the program could replace a function or its code unseen.
        pytest.param("def f(a, b): pass\nf.__code__ = g.__code__\nf(1, b=2, c=3)\n", "no call", {}, id="code"),
        pytest.param("def f(a, b): pass\nexec(s)\nf(1, b=2, c=3)\n", "no call", {}, id="exec"),
        pytest.param("f(*a, k=1)\nf(a, **k)\nf(a, *b, k=1)\n", "no call", {}, id="star-arguments"),
        pytest.param("f(a, k=1, j=2)\n", "no call", {}, id="two-keywords-unknown-callee"),
        pytest.param("f(k=1)\n", "no call", {}, id="no-positional-unknown-callee"),
        pytest.param("f(a)\n", "no call", {}, id="nothing"),
        pytest.param("f(a, k=1)\n", "line 2 column 0", {"line": "2", "column": "0"}, id="no-call-there"),
    ],
)
def test_positional_keywords_refuses(before: str, reason: str, params: dict[str, str]) -> None:
    assert_refuses(POSITIONAL_KEYWORDS, before, reason, params)


def test_positional_keywords_candidates() -> None:
    assert POSITIONAL_KEYWORDS.trial
    two = cst.parse_module("f(a, k=1)\nx = g(b, j=2)\n")
    assert POSITIONAL_KEYWORDS.candidates(two) == [{}, {"line": "1", "column": "0"}, {"line": "2", "column": "4"}]
    assert POSITIONAL_KEYWORDS.candidates(cst.parse_module("f(a, k=1)\n")) == [{}]
    assert POSITIONAL_KEYWORDS.candidates(cst.parse_module("f(a, k=1, j=2)\n")) == []
