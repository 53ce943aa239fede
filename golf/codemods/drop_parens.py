"""drop-parens: remove parentheses and trailing commas that the syntax tree does not need.

`(1 / n) * sum(x)` and `1 / n * sum(x)` are the same tree, and so are `[a, b,]` and `[a, b]`:
each removal is tried on its own and kept only when the program still parses to exactly
the same abstract syntax tree, so the arithmetic, its order and every value stay exact.
Like squeeze-whitespace it works on tokens (which parenthesis pairs and commas exist is a
token fact), checking each top-level statement on its own, which keeps it fast.
"""

from __future__ import annotations

import ast
import io
import tokenize
import warnings

import libcst as cst

from golf.codemods.syntax import makes_python_warn, strict_parse
from golf.codemods.technique import Params, Refuse, Technique

_OPEN, _CLOSE = "([{", ")]}"


def _offsets(text: str) -> list[int]:
    starts, total = [0], 0
    for line in text.splitlines(keepends=True):
        total += len(line)
        starts.append(total)
    return starts


def _edits(text: str) -> list[tuple[int, int, int, int]]:
    """Removable spans as (start1, end1, start2, end2): a parenthesis pair, or a trailing comma (second span empty)."""
    starts = _offsets(text)
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type == tokenize.OP]
    stack: list[tokenize.TokenInfo] = []
    edits: list[tuple[int, int, int, int]] = []
    previous: tokenize.TokenInfo | None = None
    for token in tokens:
        at = starts[token.start[0] - 1] + token.start[1]
        if token.string in _OPEN:
            stack.append(token)
        elif token.string in _CLOSE and stack:
            opened = stack.pop()
            if token.string == ")":
                start = starts[opened.start[0] - 1] + opened.start[1]
                edits.append((start, start + 1, at, at + 1))
            if previous is not None and previous.string == ",":
                comma = starts[previous.start[0] - 1] + previous.start[1]
                edits.append((comma, comma + 1, at, at))
        previous = token
    return edits


def _without(text: str, edit: tuple[int, int, int, int], filler: str) -> str:
    a, b, c, d = edit
    return text[:a] + filler + text[b:c] + (filler if d > c else "") + text[d:]


def _tree(text: str, strict: bool) -> str:
    """The dumped syntax tree; `strict` also refuses text Python warns about (`1if`), quietly."""
    if strict:
        return ast.dump(strict_parse(text))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.dump(ast.parse(text))


def _drop_in(text: str) -> tuple[str, int]:
    # A removal must not make Python warn (`(1)if` -> `1if`), unless the statement already did.
    strict = not makes_python_warn(text)
    reference = _tree(text, strict)
    removed, tried = 0, 0
    while True:
        edits = _edits(text)[tried:]
        for edit in edits:
            success = False
            for filler in ("", " "):
                attempt = _without(text, edit, filler)
                try:
                    success = _tree(attempt, strict) == reference
                except SyntaxError:
                    success = False
                if success:
                    break
            if success:
                text, removed = attempt, removed + 1
                break
            tried += 1
        else:
            return text, removed


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Drop every parenthesis pair and trailing comma whose removal leaves the syntax tree unchanged."""
    source = module.code
    lines = source.splitlines(keepends=True)
    tree = ast.parse(source)
    pieces: list[str] = []
    removed, line = 0, 0
    # Top-level statements parse on their own: try each group of lines separately.
    for statement in tree.body:
        first, last = statement.lineno - 1, statement.end_lineno or statement.lineno
        if first < line:  # shares a line with the previous statement (`a = 1; b = 2`)
            continue
        pieces.append("".join(lines[line:first]))
        ends = [s.end_lineno or s.lineno for s in tree.body if s.lineno - 1 < last and s.lineno - 1 >= first]
        last = max([last, *ends])
        text, count = _drop_in("".join(lines[first:last]))
        pieces.append(text)
        removed += count
        line = last
    pieces.append("".join(lines[line:]))
    if not removed:
        raise Refuse("no parenthesis or trailing comma can go without changing the syntax tree")
    return cst.parse_module("".join(pieces))


TECHNIQUE = Technique(
    name="drop-parens",
    summary="drop parentheses and trailing commas the syntax tree does not need",
    transform=transform,
)
