"""Line, statement and token counts of Python source, for the whole file and per top-level region.

LibCST parses the source (the syntax check, and which top-level statements are classes and functions);
one pass of the `tokenize` module classifies the lines and counts the tokens. LibCST's position metadata
would give the same line numbers, but costs more than the parse itself.
"""

from __future__ import annotations

import ast
import re
import tokenize
from collections.abc import Sequence

import libcst as cst

from golf.measure.lines import BLANK, CODE, COMMENT, DOCSTRING, classify, scan, split_lines
from golf.measure.model import Counts, RegionCounts, SourceCounts, SourceSyntaxError
from golf.measure.regions import region_owners

_ERROR_AT = re.compile(r"error at (\d+):(\d+)")


def count_source(source: str) -> SourceCounts:
    """Count `source`, in total and per region; raise SourceSyntaxError when LibCST cannot parse it."""
    source = source.removeprefix("\ufeff")
    module = _parse(source)
    lines = split_lines(source)
    try:
        marks, tokens_per_line, top_lines = scan(source, len(lines))
    except tokenize.TokenError as exc:
        raise SourceSyntaxError(exc.args[0], *exc.args[1]) from None
    except SyntaxError as exc:  # IndentationError and TabError
        raise SourceSyntaxError(exc.msg, exc.lineno or 1, exc.offset or 1) from None
    kinds = classify(lines, marks)
    owners = region_owners(module, top_lines, kinds, lines)
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


def _counts(
    lines: Sequence[str], kinds: bytearray, tokens_per_line: list[int], spans: list[tuple[int, int]], logical: int
) -> Counts:
    """The counts of the lines in `spans` (1-based, inclusive), which hold `logical` statements."""
    texts = [line for first, last in spans for line in lines[first - 1 : last]]
    owned = b"".join(kinds[first : last + 1] for first, last in spans)
    text = "".join(texts)
    return Counts(
        lines=len(texts),
        blank=owned.count(BLANK),
        comments=owned.count(COMMENT),
        docstrings=owned.count(DOCSTRING),
        code=owned.count(CODE),
        logical=logical,
        bytes=len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass")),
        chars=len("".join(text.split())),
        tokens=sum(sum(tokens_per_line[first : last + 1]) for first, last in spans),
        longest_line=max((len(line.rstrip("\r\n")) for line in texts), default=0),
    )
