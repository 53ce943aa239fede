"""print-end: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import contextlib
import io

import pytest

from golf.codemods.print_end import TECHNIQUE as PRINT_END
from golf.codemods.technique import Applied, run_technique

from .helpers import assert_changes_offered, assert_refuses_unoffered, printed_both


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
    written = printed_both(PRINT_END, source + "\n", {"x": 7})
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
