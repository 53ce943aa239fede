"""What golf counts in Python source, as values: the counts of a file or region, and the error for source that
does not parse. golf.measure.count fills them."""

from __future__ import annotations

from dataclasses import dataclass, fields

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
# Regions: see golf.measure.regions for which lines and statements each region owns.


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
