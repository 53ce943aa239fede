"""golf.measure (count, files): every counter on hand-made sources, regions, errors, files, and agreement with radon."""

from __future__ import annotations

import functools
import importlib.util
import pickle
import sys
from dataclasses import FrozenInstanceError, fields
from pathlib import Path
from types import ModuleType

import hypothesis.strategies as st
import libcst
import pytest
from hypothesis import given, settings
from radon.raw import analyze

from golf.measure.count import count_source
from golf.measure.files import FileCount, count_file, count_paths, iter_python_files
from golf.measure.model import Counts, RegionCounts, SourceCounts, SourceSyntaxError

ROOT = Path(__file__).resolve().parents[1]
LIBCST = Path(libcst.__file__).parent


@functools.cache
def _bench() -> ModuleType:
    """bench/bench_count.py, whose `explain` accounts for the documented differences from radon."""
    spec = importlib.util.spec_from_file_location("bench_count", ROOT / "bench" / "bench_count.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_count"] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


def _selected(counts: Counts, expected: dict[str, int]) -> dict[str, int]:
    return {name: getattr(counts, name) for name in expected}


# (source, the counts it must have); counts not named are not checked here.
LINE_CASES = [
    pytest.param("", {f.name: 0 for f in fields(Counts)}, id="empty"),
    pytest.param("\n\n  \n", {"lines": 3, "blank": 3, "code": 0, "logical": 0}, id="blank-only"),
    pytest.param("x = 1", {"lines": 1, "code": 1, "bytes": 5, "longest_line": 5}, id="no-final-newline"),
    pytest.param("# one\n  # two\n", {"lines": 2, "comments": 2, "code": 0, "tokens": 0}, id="comment-lines"),
    pytest.param("x = 1  # set x\n", {"comments": 0, "code": 1, "tokens": 3, "chars": 8}, id="trailing-comment"),
    pytest.param('"""Module doc."""\n', {"docstrings": 1, "code": 0, "logical": 1, "tokens": 1}, id="module-docstring"),
    pytest.param(
        '#!/usr/bin/env python\n# header\n\n"""Module.\n\nMore.\n"""\nimport os\n',
        {"lines": 8, "comments": 2, "blank": 2, "docstrings": 3, "code": 1, "logical": 2},
        id="module-docstring-after-comments",
    ),
    pytest.param(
        'class A:\n    """Doc.\n\n    More.\n    """\n    x = 1\n',
        {"docstrings": 3, "blank": 1, "code": 2, "logical": 3},
        id="class-docstring-multi-line",
    ),
    pytest.param(
        'def f():\n    "Doc."\n    return 1\n', {"docstrings": 1, "code": 2, "logical": 3}, id="function-docstring"
    ),
    pytest.param('async def f():\n    r"""Doc."""\n', {"docstrings": 1, "code": 1}, id="async-raw-docstring"),
    pytest.param('def f(): "Doc."\n', {"docstrings": 0, "code": 1, "logical": 2}, id="docstring-on-def-line"),
    pytest.param(
        'def f(a={1: 2}) -> dict[str, int]: """Doc\n    ends here."""\n',
        {"docstrings": 1, "code": 1},
        id="docstring-after-header-colon-continues",
    ),
    pytest.param(
        'def f():\n    """Doc."""  # why\n', {"docstrings": 1, "comments": 0, "code": 1}, id="docstring-comment"
    ),
    pytest.param('def f():\n    "Doc" "string"\n', {"docstrings": 1, "code": 1}, id="docstring-concatenated"),
    pytest.param(
        'def f():\n    (\n        "Doc"\n        # why\n        "string"\n    )\n',
        {"docstrings": 4, "comments": 1, "code": 1},
        id="docstring-parenthesised",
    ),
    pytest.param('def f():\n    f"Doc {x}"\n', {"docstrings": 0, "code": 2}, id="fstring-not-docstring"),
    pytest.param('def f():\n    b"Doc"\n', {"docstrings": 0, "code": 2}, id="bytes-not-docstring"),
    pytest.param('x = 1\n"""Not a\ndocstring."""\n', {"docstrings": 0, "code": 3}, id="string-after-statement"),
    pytest.param('if x:\n    """Not a docstring."""\n', {"docstrings": 0, "code": 2}, id="string-in-if-block"),
    pytest.param('def f():\n    x = 1\n    "Not a docstring."\n', {"docstrings": 0, "code": 3}, id="second-string"),
    pytest.param(
        'x = """first\n\n   \nlast"""\n', {"lines": 4, "blank": 2, "code": 2, "logical": 1}, id="multi-line-string"
    ),
    pytest.param("x = 1 + \\\n    2\n", {"lines": 2, "code": 2, "logical": 1}, id="backslash-continuation"),
    pytest.param(
        "x = [\n    1,  # one\n    # two\n\n    2,\n]\n",
        {"lines": 6, "code": 4, "comments": 1, "blank": 1, "logical": 1, "tokens": 8},
        id="bracketed-continuation",
    ),
    pytest.param("a = 1; b = 2\n", {"code": 1, "logical": 2}, id="semicolons"),
    pytest.param("if a: b = 1; c = 2\n", {"code": 1, "logical": 3}, id="one-line-if-suite"),
    pytest.param(
        "if a:\n    pass\nelif b:\n    pass\nelif c: pass\nelse:\n    pass\n", {"code": 7, "logical": 8}, id="if-chain"
    ),
    pytest.param(
        "try:\n    a\nexcept E:\n    b\nexcept F: c\nelse:\n    d\nfinally:\n    e\n",
        {"code": 9, "logical": 10},
        id="try-clauses",
    ),
    pytest.param("for i in x:\n    a\nelse:\n    b\nwhile y: c\n", {"logical": 6}, id="loops-with-else"),
    pytest.param("with a as b, c:\n    d\n", {"logical": 2}, id="with"),
    pytest.param("match x:\n    case 1:\n        a\n    case [y, *_]: b\n", {"code": 4, "logical": 5}, id="match-case"),
    pytest.param(
        "@dec\n@dec2(1)\ndef f():\n    def g():\n        pass\n    return g\n",
        {"code": 6, "logical": 4},
        id="decorators-not-statements",
    ),
    pytest.param("x = 1\r\ny = 2\r\n", {"lines": 2, "code": 2, "bytes": 14, "longest_line": 5}, id="crlf"),
    pytest.param("x = 1\ry = 2\r", {"lines": 2, "code": 2, "bytes": 12}, id="lone-cr"),
    pytest.param("x = 1\n\x0c\ny = 2\n", {"lines": 3, "blank": 1, "code": 2}, id="form-feed-line"),
    pytest.param("\ufeffx = 1\n", {"lines": 1, "bytes": 6, "chars": 3}, id="byte-order-mark-dropped"),
    pytest.param("s = 'é'  # ü\n", {"bytes": 15, "chars": 7, "longest_line": 12, "tokens": 3}, id="non-ascii-bytes"),
    pytest.param("print(f'{x!r:>{w}}')\n", {"tokens": 4}, id="fstring-one-token"),
    pytest.param("x\t=  1\n", {"chars": 3, "longest_line": 6}, id="whitespace-not-chars"),
]


@pytest.mark.parametrize(("source", "expected"), LINE_CASES)
def test_counts(source: str, expected: dict[str, int]) -> None:
    total = count_source(source).total
    assert _selected(total, expected) == expected
    assert total.blank + total.comments + total.docstrings + total.code == total.lines


REGION_CASES = [
    pytest.param("", [], id="empty"),
    pytest.param("import os\nx = 1\n", [("module code", "module", 2)], id="module-code-only"),
    pytest.param(
        "import os\n\n\ndef f():\n    pass\n\n\nx = 1\n",
        [("module code", "module", 6), ("f", "function", 2)],
        id="blank-lines-between-are-module-code",
    ),
    pytest.param(
        "def f():\n    pass\nimport os\n",
        [("f", "function", 2), ("module code", "module", 1)],
        id="source-order",
    ),
    pytest.param(
        "x = 1\n# about f\n# more\n@dec\ndef f():\n    pass\n",
        [("module code", "module", 1), ("f", "function", 5)],
        id="attached-comments-and-decorators",
    ),
    pytest.param("# header\ndef f():\n    pass\n", [("f", "function", 3)], id="header-touching-def-is-attached"),
    pytest.param(
        "# detached\n\ndef f():\n    pass\n",
        [("module code", "module", 2), ("f", "function", 2)],
        id="comment-with-blank-line-is-module-code",
    ),
    pytest.param(
        "class A:\n    def m(self):\n        pass\n\n    def n(self):\n        def inner():\n            pass\n"
        "    # after the body\n\nx = 1\n",
        [("A", "class", 7), ("module code", "module", 3)],
        id="methods-roll-up-trailing-indented-comment-is-module-code",
    ),
    pytest.param(
        "if x:\n    def f():\n        pass\nelse:\n    f = None\n",
        [("module code", "module", 5)],
        id="def-inside-if-is-module-code",
    ),
    pytest.param(
        "@overload\ndef f(x: int) -> int: ...\n@overload\ndef f(x: str) -> str: ...\ndef f(x):\n    return x\n",
        [("f", "function", 6)],
        id="same-name-one-region",
    ),
    pytest.param(
        "class f:\n    pass\ndef f():\n    pass\n",
        [("f", "class", 2), ("f", "function", 2)],
        id="same-name-other-kind",
    ),
    pytest.param(
        "async def a():\n    await b\nclass B(A, metaclass=M): x = 1\n",
        [("a", "function", 2), ("B", "class", 1)],
        id="async-and-one-line-class",
    ),
    pytest.param(
        "def f():\n    pass\n# trailing\n",
        [("f", "function", 2), ("module code", "module", 1)],
        id="file-footer-is-module-code",
    ),
]


@pytest.mark.parametrize(("source", "expected"), REGION_CASES)
def test_regions(source: str, expected: list[tuple[str, str, int]]) -> None:
    counted = count_source(source)
    assert [(r.name, r.kind, r.counts.lines) for r in counted.regions] == expected
    assert sum((r.counts for r in counted.regions), Counts()) == counted.total


def test_region_counts_split_each_count() -> None:
    source = 'import os  # why\n\n# about f\ndef f(a):\n    """Doc."""\n    return a; b\n\nx = f(1)\n'
    counted = count_source(source)
    assert counted.regions == (
        RegionCounts("module code", "module", Counts(4, 2, 0, 0, 2, 2, 28, 18, 8, 16)),
        RegionCounts("f", "function", Counts(4, 0, 1, 1, 2, 4, 51, 34, 11, 15)),
    )


#: Whole top-level chunks of Python, each ending with a newline, for generated sources.
CHUNKS = (
    "import os\n",
    "\n",
    "# comment\n",
    "    # indented comment\n",
    "x = 1  # trailing\n",
    '"""A docstring or a string."""\n',
    'def f(a):\n    """Doc.\n\n    More.\n    """\n    return a\n',
    "@dec\ndef g():\n    pass\n",
    "class C(B):\n    def m(self):\n        pass\n\n    # indented\n",
    "if x:\n    def h(): pass\nelse:\n    y = [\n        1,  # c\n        # d\n    ]\n",
    'y = """\n\nmulti\n"""\n',
    "async def a():\n    await b\n",
    "def f(): pass\n",
    "\x0c\n",
    "a = 1; b = 2\n",
    "for i in x:\n    pass\nelse:\n    pass\n",
    "try:\n    pass\nexcept E:\n    pass\nfinally:\n    pass\n",
    "z = 1 + \\\n    2\n",
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(CHUNKS), max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_regions_partition_every_line(chunks: list[str], newline: str) -> None:
    source = "".join(chunks).replace("\n", newline)
    counted = count_source(source)
    total = counted.total
    assert sum((r.counts for r in counted.regions), Counts()) == total
    assert total.lines == source.count("\n")
    assert total.blank + total.comments + total.docstrings + total.code == total.lines
    assert all(region.counts.lines > 0 for region in counted.regions)
    assert len({(r.kind, r.name) for r in counted.regions}) == len(counted.regions)
    if newline == "\r\n":
        unix = count_source(source.replace("\r\n", "\n")).total
        assert total == Counts(**{**unix.__dict__, "bytes": unix.bytes + total.lines})


SYNTAX_ERRORS = [
    pytest.param("def f(:\n    pass\n", 1, 7, "invalid syntax", id="bad-parameters"),
    pytest.param("x = 1\nx = (1,\n", 2, 5, "'(' was never closed", id="unclosed-bracket"),
    pytest.param("if x:\n    y = 1\n   z = 2\n", 3, 9, "unindent does not match", id="bad-dedent"),
    pytest.param("class A:\npass\n", 2, 1, "expected an indented block", id="missing-indent"),
    pytest.param("print 'hello'\n", 1, 1, "Missing parentheses", id="python-2-print"),
    pytest.param("x = 'abc\n", 1, 5, "unterminated string literal", id="unterminated-string"),
]


@pytest.mark.parametrize(("source", "line", "column", "message"), SYNTAX_ERRORS)
def test_syntax_error_position(source: str, line: int, column: int, message: str) -> None:
    with pytest.raises(SourceSyntaxError) as caught:
        count_source(source)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert message in caught.value.message
    assert str(caught.value).startswith(f"line {line}, column {column}: ")
    assert isinstance(caught.value, ValueError)
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.line, copy.column, copy.message) == (line, column, caught.value.message)


def test_results_are_frozen() -> None:
    counted = count_source("x = 1\n")
    with pytest.raises(FrozenInstanceError):
        counted.total.lines = 2  # type: ignore[misc]
    assert isinstance(counted, SourceCounts)
    assert Counts(lines=1, longest_line=9) + Counts(lines=2, longest_line=4) == Counts(lines=3, longest_line=9)


FILE_CASES = [
    pytest.param(b"x = 1\n", None, id="ok"),
    pytest.param(b"", None, id="empty-is-zeros"),
    pytest.param(b"\xef\xbb\xbfx = 1\n", None, id="utf-8-bom"),
    pytest.param(b"x = '\xe9'\n", "not UTF-8 (bad byte at offset 5); re-encode it as UTF-8", id="latin-1"),
    pytest.param(b"x = 1\0\n", "contains NUL bytes", id="nul-bytes"),
    pytest.param(b"x = 1\ndef f(:\n", ":2:7: syntax error: invalid syntax", id="syntax-error"),
]


@pytest.mark.parametrize(("content", "error"), FILE_CASES)
def test_count_file(tmp_path: Path, content: bytes, error: str | None) -> None:
    path = tmp_path / "mod.py"
    path.write_bytes(content)
    result = count_file(path)
    assert result.path == path
    if error is None:
        assert result.error is None and result.counts is not None
        assert result.counts.total.lines == content.count(b"\n")
    else:
        assert result.counts is None
        assert result.error is not None and result.error.startswith(str(path)) and error in result.error


def test_count_file_missing_and_directory(tmp_path: Path) -> None:
    assert count_file(tmp_path / "nope.py") == FileCount(
        tmp_path / "nope.py", error=f"{tmp_path / 'nope.py'}: no such file or directory; check the path"
    )
    assert "is a directory" in (count_file(tmp_path).error or "")


def test_iter_python_files_skips_hidden_and_caches(tmp_path: Path) -> None:
    names = "b.py a.py notes.txt .hidden.py pkg/c.py .git/d.py __pycache__/e.py .venv/lib/f.py pkg/sub/g.py"
    for name in names.split():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n")
    found = [path.relative_to(tmp_path).as_posix() for path in iter_python_files([tmp_path])]
    assert found == ["a.py", "b.py", "pkg/c.py", "pkg/sub/g.py"]
    assert list(iter_python_files([tmp_path / "notes.txt"])) == [tmp_path / "notes.txt"]


def test_count_paths_reports_missing_and_empty_directories(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "one.py").write_text("x = 1\n")
    results = list(count_paths([tmp_path / "missing", tmp_path / "empty", tmp_path / "one.py"]))
    assert [r.error is None for r in results] == [False, False, True]
    assert "no such file or directory" in (results[0].error or "")
    assert "no Python files here" in (results[1].error or "")


# Code without the constructs golf deliberately counts differently: the shared counts are radon's.
ORDINARY = [
    pytest.param("import os\n\nx = 1  # note\n# comment\n\n\ny = x\n", id="statements-comments-blanks"),
    pytest.param("def f(a,\n      b):\n    return (a +\n            b)\n", id="bracketed-continuation"),
    pytest.param("x = 1 + \\\n    2\n", id="backslash-continuation"),
    pytest.param('s = """\nline\n\n"""\n', id="multi-line-string-value"),
    pytest.param("@dec\nclass A:\n    # comment\n    x = 1\n\n    def m(self): return 1\n", id="class"),
    pytest.param("if a: b = 1; c = 2\nelse:\n    pass\n", id="compound"),
]


@pytest.mark.parametrize("source", ORDINARY)
def test_agrees_with_radon_on_ordinary_code(source: str) -> None:
    total, raw = count_source(source).total, analyze(source)
    assert (total.lines, total.code, total.blank, total.comments) == (raw.loc, raw.sloc, raw.blank, raw.single_comments)


# (source, golf's code/blank/comments/docstrings, radon's sloc/blank/single_comments/multi): each documented difference.
DELIBERATE = [
    pytest.param('def f():\n    """Doc."""\n', (1, 0, 0, 1), (1, 0, 1, 0), id="one-line-docstring"),
    pytest.param('"""Doc\n\nmore."""\n', (0, 1, 0, 2), (0, 1, 0, 2), id="multi-line-docstring-same-sum"),
    pytest.param("x = [\n    # why\n    1,\n]\n", (3, 0, 1, 0), (4, 0, 0, 0), id="comment-inside-brackets"),
    pytest.param('x = 1\n"""Attribute doc."""\n', (2, 0, 0, 0), (1, 0, 1, 0), id="string-statement-not-docstring"),
    pytest.param('"""Doc."""  # why\n', (0, 0, 0, 1), (1, 0, 0, 0), id="docstring-with-comment"),
    pytest.param("x = 1\n\x0cy = 2\n", (2, 0, 0, 0), (2, 1, 0, 0), id="form-feed-splits-radon-lines"),
]


@pytest.mark.parametrize(("source", "golf", "radon"), DELIBERATE)
def test_documented_differences_from_radon(
    source: str, golf: tuple[int, int, int, int], radon: tuple[int, int, int, int]
) -> None:
    total, raw = count_source(source).total, analyze(source)
    assert (total.code, total.blank, total.comments, total.docstrings) == golf
    assert (raw.sloc, raw.blank, raw.single_comments, raw.multi) == radon


REAL_FILES = [
    pytest.param(ROOT / "variants" / "original.py", id="variants/original.py"),
    *(
        pytest.param(LIBCST / name, id=f"libcst/{name}")
        for name in (
            "_parser/entrypoints.py",
            "_nodes/whitespace.py",
            "helpers/_template.py",
            "matchers/_visitors.py",
            "metadata/scope_provider.py",
            "tool.py",
        )
    ),
]


@pytest.mark.parametrize("path", REAL_FILES)
def test_agrees_with_radon_on_real_files(path: Path) -> None:
    """Blank lines agree; code, comments and docstrings agree once the documented differences are counted
    (by the bench's `explain`, which finds docstrings with `ast`, independently of golf)."""
    bench = _bench()
    source = path.read_text(encoding="utf-8")
    total, raw, why = count_source(source).total, analyze(source), bench.explain(source)
    assert (total.lines, total.blank) == (raw.loc, raw.blank)
    assert bench.radon_expected(total, why) == bench.RadonShared(raw.sloc, raw.blank, raw.single_comments, raw.multi)
    assert total.docstrings == why.one_line_docstrings + why.multi_line_docstrings + why.other_docstrings
