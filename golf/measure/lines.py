"""One tokenize pass over a source: the kind of each physical line (blank, comment, docstring, code), the tokens
starting on each line, and where the top-level logical lines are; see golf.measure.model for what each kind means."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Sequence

# Line kinds, one byte per line.
BLANK, COMMENT, DOCSTRING, CODE = 0, 1, 2, 3
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


def split_lines(source: str) -> list[str]:
    """Physical lines with their endings, split at \\n, \\r\\n and \\r only."""
    if _OTHER_BREAKS.search(source):
        return _PYTHON_LINE.findall(source)
    return source.splitlines(keepends=True)


def scan(source: str, line_count: int) -> tuple[bytearray, list[int], list[list[int]]]:
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


def classify(lines: Sequence[str], marks: bytearray) -> bytearray:
    """The kind of each line (index 1 is the first line)."""
    kinds = bytearray(len(lines) + 1)
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue  # BLANK
        mark = marks[number]
        if mark & _HAS_CODE or not mark:
            kinds[number] = CODE
        elif mark & _HAS_DOCSTRING:
            kinds[number] = DOCSTRING
        else:
            kinds[number] = COMMENT
    return kinds
