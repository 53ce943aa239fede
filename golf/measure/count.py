"""Line, statement and token counts of Python source, for the whole file and per top-level region.

LibCST parses the source (the syntax check, and which top-level statements are classes and functions);
one pass of the `tokenize` module classifies the lines and counts the tokens. LibCST's position metadata
would give the same line numbers, but costs more than the parse itself.
"""

from __future__ import annotations

import ast
import io
import os
import re
import tokenize
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

import libcst as cst

# What each count means. Every physical line is exactly one of blank, comment, docstring or code, so
# `lines == blank + comments + docstrings + code`, and the regions of a file add up to its total.
#
#   lines         physical lines, split where Python splits them (\n, \r\n, \r); a last line without a
#                 newline counts; a leading byte-order mark is not part of the text.
#   blank         lines holding only whitespace, wherever they are (inside a string or docstring too).
#   comments      non-blank lines whose only tokens are comments (also inside brackets).
#   docstrings    non-blank lines spanned by a docstring and holding no other code (a trailing comment is
#                 allowed). A docstring is the first statement of the module, a class or a function when
#                 it is made only of string literals (implicitly concatenated or parenthesised ones too, as
#                 Python takes them; never an f-string or bytes).
#   code          every other non-blank line: any token other than comments and docstrings, lines inside
#                 other multi-line strings, a backslash-only continuation line.
#   logical       statements from the parse tree: each simple statement (`a = 1; b = 2` is two) and each
#                 clause header (`if`, `elif`, `else`, `for`, `while`, `try`, `except`, `finally`, `with`,
#                 `def`, `class`, `match`, `case`) counts one; decorators are part of their `def`/`class`.
#   bytes         UTF-8 bytes, line endings included.
#   chars         characters that are not whitespace (`str.isspace`), comments and docstrings included.
#   tokens        tokens from the `tokenize` module except NEWLINE, NL, INDENT, DEDENT, ENDMARKER and COMMENT:
#                 names, keywords, numbers, strings and operators. An f-string is one token, as on 3.11
#                 (on 3.12+ the FSTRING_START ... FSTRING_END run is counted once).
#   longest_line  characters in the longest line, its line ending excluded.
#
# Where radon's raw metrics (`radon.raw.analyze`) deliberately differ:
#   - radon counts any statement that is one string literal as `single_comments` when it fits on one line
#     and as `multi` otherwise, docstring or not. golf counts docstrings as `docstrings` and other strings
#     as code, so golf's `comments + docstrings` is comparable with radon's `single_comments + multi`.
#   - a comment-only line inside brackets is SLOC for radon (it reads the bracketed statement as one
#     group of lines) and a comment here.
#   - a docstring followed by a comment on its line, or made of several literals, is SLOC for radon.
#   - radon splits lines with `str.splitlines`, which also breaks at \v, \f, \x1c-\x1e, \x85, \u2028 and
#     \u2029, so its `loc` (and blank count) is higher in source holding those characters.
#   - radon's `comments` counts every comment, trailing ones too; golf's `comments` is radon's
#     comment-only lines. A line with code and a trailing comment is code for both, and so is every
#     physical line of a statement continued with a backslash or inside brackets.
#   - radon's `lloc` counts each decorator and counts a line twice when a ':' precedes its last token
#     (`d = {1: 2}`, `f = lambda: 0`); `logical` counts statements from the parse tree.
#
# Regions: each top-level class (its methods roll up into it), each top-level function (nested functions
# roll up) and "module code" for everything else. A class or function owns the lines from its first
# decorator (or its `def`/`class` line) to the last line of its body, plus the block of unindented
# comment-only lines directly above it (no blank line between; a file's header comment too, when nothing
# separates it from the first definition). Every other line is module code: other top-level statements
# (a `def` inside a top-level `if` included), blank lines and detached comments between or after
# statements (an indented comment after a body's last line too), the rest of the file's header.
# Top-level definitions sharing a kind and a name (say `@overload`s) make one region.


@dataclass(frozen=True)
class Counts:
    """Counts of one file or region; see the comment block above for what each one means."""

    #: Physical lines.
    lines: int = 0
    #: Whitespace-only lines.
    blank: int = 0
    #: Comment-only lines.
    comments: int = 0
    #: Lines belonging to docstrings (module, class, function).
    docstrings: int = 0
    #: Lines with code (comparable to radon's SLOC).
    code: int = 0
    #: Statements and clause headers.
    logical: int = 0
    #: UTF-8 bytes.
    bytes: int = 0
    #: Non-whitespace characters.
    chars: int = 0
    #: Python tokens, without NEWLINE, NL, INDENT, DEDENT, ENDMARKER and COMMENT.
    tokens: int = 0
    #: Characters in the longest line, without its line ending.
    longest_line: int = 0

    def __add__(self, other: Counts) -> Counts:
        """The counts of both together: each count adds up, except `longest_line`, the larger one."""
        if not isinstance(other, Counts):
            return NotImplemented
        summed = {f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        summed["longest_line"] = max(self.longest_line, other.longest_line)
        return Counts(**summed)


@dataclass(frozen=True)
class RegionCounts:
    """The counts of one region of a file."""

    #: Class name, function name, or "module code".
    name: str
    #: "class", "function" or "module".
    kind: str
    #: The counts of the lines the region owns.
    counts: Counts


@dataclass(frozen=True)
class SourceCounts:
    """The counts of a whole source text, and of each of its regions."""

    #: Counts of the whole text; the sum of the regions' counts.
    total: Counts
    #: Regions in source order of their first line.
    regions: tuple[RegionCounts, ...]


class SourceSyntaxError(ValueError):
    """Source that LibCST cannot parse; `line` and `column` are 1-based."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message, line, column)
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


#: Name of the region holding everything outside top-level classes and functions.
MODULE_CODE = "module code"

# Line kinds, one byte per line.
_BLANK, _COMMENT, _DOCSTRING, _CODE = 0, 1, 2, 3
# Bits set on a line by the tokens that touch it.
_HAS_COMMENT, _HAS_DOCSTRING, _HAS_CODE = 1, 2, 4
_NOT_COUNTED = frozenset(
    {tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER, tokenize.COMMENT}
)
# Python 3.12+ tokenizes f-strings (3.14+ t-strings too) into parts; -1 never matches on older versions.
_STRING_STARTS = frozenset(getattr(tokenize, name, -1) for name in ("FSTRING_START", "TSTRING_START"))
_STRING_ENDS = frozenset(getattr(tokenize, name, -1) for name in ("FSTRING_END", "TSTRING_END"))
# Line breaks `str.splitlines` knows and Python's tokenizer does not.
_OTHER_BREAKS = re.compile("[\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_PYTHON_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_ERROR_AT = re.compile(r"error at (\d+):(\d+)")


def count_source(source: str) -> SourceCounts:
    """Count `source`, in total and per region; raise SourceSyntaxError when LibCST cannot parse it."""
    source = source.removeprefix("\ufeff")
    module = _parse(source)
    lines = _split_lines(source)
    try:
        marks, tokens_per_line, top_lines = _scan(source, len(lines))
    except tokenize.TokenError as exc:
        raise SourceSyntaxError(exc.args[0], *exc.args[1]) from None
    except SyntaxError as exc:  # IndentationError and TabError
        raise SourceSyntaxError(exc.msg, exc.lineno or 1, exc.offset or 1) from None
    kinds = _classify(lines, marks)
    owners = _owners(module, top_lines, kinds, lines)
    regions = [
        RegionCounts(name, kind, _counts(lines, kinds, tokens_per_line, spans, logical))
        for (kind, name), (spans, logical) in sorted(owners.items(), key=lambda item: item[1][0][0])
    ]
    return SourceCounts(total=sum((r.counts for r in regions), Counts()), regions=tuple(regions))


def _parse(source: str) -> cst.Module:
    try:
        return cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        error = exc
    # LibCST's native parser often reports column 0 or the next line; Python's parser, when it agrees
    # that the source is invalid, points at the offending token and says what is wrong more plainly.
    try:
        compile(source, "<source>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:
        raise SourceSyntaxError(exc.msg, exc.lineno or 1, exc.offset or 1) from None
    except ValueError:  # NUL bytes, on some versions
        pass
    message = error.message.partition("\n")[0]
    at = _ERROR_AT.search(message)
    line, column = (int(at[1]), int(at[2]) + 1) if at else (error.raw_line, error.raw_column + 1)
    raise SourceSyntaxError(message, line, column) from None


def _split_lines(source: str) -> list[str]:
    """Physical lines with their endings, split at \\n, \\r\\n and \\r only."""
    if _OTHER_BREAKS.search(source):
        return _PYTHON_LINE.findall(source)
    return source.splitlines(keepends=True)


def _scan(source: str, line_count: int) -> tuple[bytearray, list[int], list[list[int]]]:
    """One tokenize pass: the marks of each line, the tokens starting on each line, and the top-level
    logical lines as [first line, last line before the next top-level logical line] (1-based)."""
    marks = bytearray(line_count + 2)
    tokens_per_line = [0] * (line_count + 2)
    top_lines: list[list[int]] = []
    logical_line: list[tuple[int, str, int, int]] = []
    depth = string_depth = string_start = last_newline = 0
    expect_docstring = True
    readline = io.StringIO(source, newline=None).readline
    for kind, text, (start, _), (end, _), _ in tokenize.generate_tokens(readline):
        if string_depth or kind in _STRING_STARTS:
            # Fold a 3.12+ f-string into one STRING token, like 3.11's.
            if kind in _STRING_STARTS:
                string_depth += 1
                string_start = string_start if string_depth > 1 else start
                continue
            if kind not in _STRING_ENDS or (string_depth := string_depth - 1):
                continue
            kind, text, start = tokenize.STRING, "f''", string_start
        if kind in _NOT_COUNTED:
            if kind == tokenize.COMMENT:
                marks[start] |= _HAS_COMMENT
            elif kind == tokenize.NEWLINE:
                if logical_line:
                    expect_docstring = _mark_logical_line(logical_line, expect_docstring, marks)
                    logical_line = []
                last_newline = start
            elif kind == tokenize.INDENT:
                depth += 1
            elif kind == tokenize.DEDENT:
                depth -= 1
            continue
        if not logical_line and depth == 0:
            if top_lines:
                top_lines[-1][1] = last_newline
            top_lines.append([start, 0])
        tokens_per_line[start] += 1
        logical_line.append((kind, text, start, end))
    if top_lines:
        top_lines[-1][1] = last_newline
    return marks, tokens_per_line, top_lines


def _mark_logical_line(tokens: list[tuple[int, str, int, int]], expect_docstring: bool, marks: bytearray) -> bool:
    """Mark the lines a logical line touches as code or docstring; return whether the next one may be a docstring."""
    doc_start, doc_end = -1, -1
    if expect_docstring:
        doc_start, doc_end = 0, _docstring_end(tokens, 0)
    next_may_be_docstring = False
    first = tokens[0][1]
    if first in ("def", "class") or (first == "async" and len(tokens) > 1 and tokens[1][1] == "def"):
        colon = _header_colon(tokens)
        if colon == len(tokens) - 1:
            next_may_be_docstring = True
        else:
            doc_start, doc_end = colon + 1, _docstring_end(tokens, colon + 1)
    for index, (_, _, start, end) in enumerate(tokens):
        bit = _HAS_DOCSTRING if doc_start <= index < doc_end else _HAS_CODE
        for line in range(start, end + 1):
            marks[line] |= bit
    return next_may_be_docstring


def _header_colon(tokens: list[tuple[int, str, int, int]]) -> int:
    """Index of the ':' ending a `def`/`class` header (not one in brackets or belonging to a lambda)."""
    depth = lambdas = 0
    for index, (kind, text, _, _) in enumerate(tokens):
        if kind == tokenize.OP:
            if text in ("(", "[", "{"):
                depth += 1
            elif text in (")", "]", "}"):
                depth -= 1
            elif text == ":" and depth == 0:
                if not lambdas:
                    return index
                lambdas -= 1
        elif text == "lambda" and depth == 0:
            lambdas += 1
    return len(tokens) - 1


def _docstring_end(tokens: list[tuple[int, str, int, int]], start: int) -> int:
    """End (exclusive) of the docstring statement starting at `start`, or -1 when it is not one."""
    end = start
    for kind, text, _, _ in tokens[start:]:
        if kind == tokenize.OP and text == ";":
            break
        if kind == tokenize.STRING:
            prefix = text[: text.index(text[-1])].lower()
            if "b" in prefix or "f" in prefix:
                return -1
        elif kind != tokenize.OP or text not in ("(", ")"):
            return -1
        end += 1
    strings = any(kind == tokenize.STRING for kind, _, _, _ in tokens[start:end])
    return end if strings else -1


def _classify(lines: Sequence[str], marks: bytearray) -> bytearray:
    """The kind of each line (index 1 is the first line)."""
    kinds = bytearray(len(lines) + 1)
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue  # _BLANK
        mark = marks[number]
        if mark & _HAS_CODE or not mark:
            kinds[number] = _CODE
        elif mark & _HAS_DOCSTRING:
            kinds[number] = _DOCSTRING
        else:
            kinds[number] = _COMMENT
    return kinds


#: Region key: (kind, name) -> (line spans as (first, last), 1-based and inclusive; logical statements).
_Owners = dict[tuple[str, str], tuple[list[tuple[int, int]], int]]


def _owners(module: cst.Module, top_lines: list[list[int]], kinds: bytearray, lines: Sequence[str]) -> _Owners:
    """Which lines, and how many statements, each region owns."""
    owners: _Owners = {}
    module_logical = 0
    previous_end = 0
    taken: list[tuple[int, int]] = []
    index = 0
    for statement in module.body:
        clauses = _top_level_clauses(statement)
        if index + clauses > len(top_lines):
            raise SourceSyntaxError("tokenize and LibCST disagree on the top-level statements", 1, 1)
        first, last = top_lines[index][0], top_lines[index + clauses - 1][1]
        index += clauses
        logical = _logical(statement)
        if isinstance(statement, cst.FunctionDef | cst.ClassDef):
            while first - 1 > previous_end and kinds[first - 1] == _COMMENT and lines[first - 2].startswith("#"):
                first -= 1
            kind = "class" if isinstance(statement, cst.ClassDef) else "function"
            spans, known = owners.get((kind, statement.name.value), ([], 0))
            owners[kind, statement.name.value] = ([*spans, (first, last)], known + logical)
            taken.append((first, last))
        else:
            module_logical += logical
        previous_end = last
    if index != len(top_lines):
        raise SourceSyntaxError("tokenize and LibCST disagree on the top-level statements", 1, 1)
    rest, next_line = [], 1
    for first, last in taken:
        if first > next_line:
            rest.append((next_line, first - 1))
        next_line = last + 1
    if next_line <= len(lines):
        rest.append((next_line, len(lines)))
    if rest:
        owners["module", MODULE_CODE] = (rest, module_logical)
    return owners


def _top_level_clauses(statement: cst.CSTNode) -> int:
    """How many logical lines at the statement's own indentation it has (decorators, `else:` ...)."""
    if isinstance(statement, cst.FunctionDef | cst.ClassDef):
        return len(statement.decorators) + 1
    if isinstance(statement, cst.If):
        orelse = statement.orelse
        return 1 + (_top_level_clauses(orelse) if isinstance(orelse, cst.If) else orelse is not None)
    if isinstance(statement, cst.For | cst.While):
        return 1 + (statement.orelse is not None)
    if isinstance(statement, cst.Try | cst.TryStar):
        return 1 + len(statement.handlers) + (statement.orelse is not None) + (statement.finalbody is not None)
    return 1


def _logical(statement: cst.CSTNode) -> int:
    """Simple statements and clause headers in a statement, nested blocks included."""
    if isinstance(statement, cst.SimpleStatementLine):
        return len(statement.body)
    if isinstance(statement, cst.Match):
        return 1 + sum(1 + _block(case.body) for case in statement.cases)
    count = 1 + _block(statement.body)  # type: ignore[attr-defined]
    if isinstance(statement, cst.Try | cst.TryStar):
        count += sum(1 + _block(handler.body) for handler in statement.handlers)
        if statement.finalbody is not None:
            count += 1 + _block(statement.finalbody.body)
    orelse = getattr(statement, "orelse", None)
    if isinstance(orelse, cst.If):
        count += _logical(orelse)
    elif orelse is not None:
        count += 1 + _block(orelse.body)
    return count


def _block(block: cst.BaseSuite) -> int:
    if isinstance(block, cst.SimpleStatementSuite):
        return len(block.body)
    return sum(_logical(statement) for statement in block.body)  # type: ignore[attr-defined]


def _counts(
    lines: Sequence[str], kinds: bytearray, tokens_per_line: list[int], spans: list[tuple[int, int]], logical: int
) -> Counts:
    """The counts of the lines in `spans` (1-based, inclusive), which hold `logical` statements."""
    texts = [line for first, last in spans for line in lines[first - 1 : last]]
    owned = b"".join(kinds[first : last + 1] for first, last in spans)
    text = "".join(texts)
    return Counts(
        lines=len(texts),
        blank=owned.count(_BLANK),
        comments=owned.count(_COMMENT),
        docstrings=owned.count(_DOCSTRING),
        code=owned.count(_CODE),
        logical=logical,
        bytes=len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass")),
        chars=len("".join(text.split())),
        tokens=sum(sum(tokens_per_line[first : last + 1]) for first, last in spans),
        longest_line=max((len(line.rstrip("\r\n")) for line in texts), default=0),
    )


@dataclass(frozen=True)
class FileCount:
    """The outcome of counting one file: its counts, or an error message naming the file."""

    #: The file (or the path given, for a missing path or a directory without Python files).
    path: Path
    #: The counts; None when there is an error.
    counts: SourceCounts | None = None
    #: One line saying what went wrong and what to do, starting with the path; None when counted.
    error: str | None = None


def count_file(path: str | Path) -> FileCount:
    """Count the Python file at `path`; any problem becomes a FileCount with an error, never an exception."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return FileCount(path, error=f"{path}: no such file or directory; check the path")
    except IsADirectoryError:
        return FileCount(path, error=f"{path}: is a directory; count it with golf count, which walks directories")
    except OSError as exc:
        return FileCount(path, error=f"{path}: cannot read ({exc.strerror}); check its permissions")
    if b"\0" in raw:
        return FileCount(path, error=f"{path}: contains NUL bytes, so it is not Python source; leave it out")
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return FileCount(path, error=f"{path}: not UTF-8 (bad byte at offset {exc.start}); re-encode it as UTF-8")
    try:
        return FileCount(path, counts=count_source(source))
    except SourceSyntaxError as exc:
        return FileCount(path, error=f"{path}:{exc.line}:{exc.column}: syntax error: {exc.message}")


#: Directories never searched for Python files, besides hidden ones (names starting with a dot).
SKIPPED_DIRECTORIES = frozenset({"__pycache__", ".venv"})


def iter_python_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Each path that is not a directory as given, then the `*.py` files under each directory, sorted.

    Hidden directories, `__pycache__` and `.venv` are skipped; so are hidden files.
    """
    for path in map(Path, paths):
        if not path.is_dir():
            yield path
            continue
        for root, directories, files in os.walk(path):
            directories[:] = sorted(d for d in directories if not d.startswith(".") and d not in SKIPPED_DIRECTORIES)
            for name in sorted(files):
                if name.endswith(".py") and not name.startswith("."):
                    yield Path(root, name)


def count_paths(paths: Iterable[str | Path]) -> Iterator[FileCount]:
    """A FileCount for each file named or found under a directory; a missing path or a directory without
    Python files is a FileCount with an error."""
    for path in map(Path, paths):
        if not path.exists():
            yield FileCount(path, error=f"{path}: no such file or directory; check the path")
            continue
        found = False
        for file in iter_python_files([path]):
            found = True
            yield count_file(file)
        if not found:
            yield FileCount(
                path,
                error=f"{path}: no Python files here (looked for *.py, skipping hidden directories, __pycache__ "
                "and .venv); name a .py file or a directory that holds some",
            )
