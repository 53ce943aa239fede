"""squeeze-whitespace: remove every optional space and indent by one space.

This one works on tokens rather than on LibCST's tree, because which spaces are optional
is a property of the token stream (a space is needed only where two tokens would
otherwise run together, as in `return x` or `1 if`), not of any node. Lines continued
inside brackets are joined. It must keep the program's meaning exactly, and it checks
that: the output must parse to the same abstract syntax tree as the input, or the
technique refuses. The expressions inside f-string fields (`{step + 1:4d}`), one string token
to the tokenizer, are squeezed the same way through LibCST. Comments make it refuse (run
strip-comments-docstrings first), since a comment inside brackets would swallow the joined line.
"""

from __future__ import annotations

import io
import token as token_module
import tokenize

import libcst as cst

from golf.codemods.layout import word_char
from golf.codemods.syntax import same_ast
from golf.codemods.technique import Params, Refuse, Technique

_SKIP = {tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}
#: Every operator and delimiter, to tell when two adjacent ones would fuse.
_OPERATORS = tuple(token_module.EXACT_TOKEN_TYPES)


def _needs_space(previous: tokenize.TokenInfo, current: tokenize.TokenInfo) -> bool:
    left, right = previous.string, current.string
    if word_char(left[-1]) and word_char(right[0]):
        return True
    if previous.type == tokenize.NUMBER and (right[0] == "." or word_char(right[0])):
        # `1 .real`; and `0. for`: `0.for` still parses, but as an "invalid decimal literal" that Python
        # warns about (3.11 DeprecationWarning, 3.12 SyntaxWarning on stderr) and plans to reject.
        return True
    # Two operators that would fuse into another one: `* *a`, `/ /`, `< <`, `- =` ...
    return previous.type == tokenize.OP and current.type == tokenize.OP and _fuses(left, right)


def _fuses(left: str, right: str) -> bool:
    joined = left + right[0]
    return any(op.startswith(joined) for op in _OPERATORS)


#: Python 3.12+ splits an f-string into tokens (-1: never matches on 3.11).
_FSTRING_START = getattr(tokenize, "FSTRING_START", -1)
_FSTRING_END = getattr(tokenize, "FSTRING_END", -1)


def _whole_fstrings(source: str, tokens: list[tokenize.TokenInfo]) -> list[tokenize.TokenInfo]:
    """On 3.12+, each f-string's run of tokens becomes one STRING token holding its exact source text,
    so the text inside it is never touched (3.11 already gives one token)."""
    lines = source.splitlines(keepends=True)
    merged: list[tokenize.TokenInfo] = []
    depth, start = 0, None
    for token in tokens:
        if token.type == _FSTRING_START:
            depth += 1
            if depth == 1:
                start = token
            continue
        if depth:
            if token.type == _FSTRING_END:
                depth -= 1
                if depth == 0 and start is not None:
                    (row1, col1), (row2, col2) = start.start, token.end
                    text = "".join(lines[row1 - 1 : row2])[col1 : len("".join(lines[row1 - 1 : row2 - 1])) + col2]
                    merged.append(tokenize.TokenInfo(tokenize.STRING, text, start.start, token.end, token.line))
            continue
        merged.append(token)
    return merged


def squeeze(source: str) -> str:
    """`source` with the fewest spaces that still tokenize the same way, indented one space a level."""
    tokens = _whole_fstrings(source, list(tokenize.generate_tokens(io.StringIO(source).readline)))
    if any(t.type == tokenize.COMMENT for t in tokens):
        raise Refuse("has comments; run strip-comments-docstrings first")
    lines: list[str] = []
    line: list[str] = []
    depth = 0
    previous: tokenize.TokenInfo | None = None
    for token in tokens:
        if token.type in _SKIP:
            continue
        if token.type == tokenize.INDENT:
            depth += 1
            continue
        if token.type == tokenize.DEDENT:
            depth -= 1
            continue
        if token.type == tokenize.NEWLINE:
            if line:
                lines.append(" " * depth + "".join(line))
            line, previous = [], None
            continue
        if previous is not None and _needs_space(previous, token):
            line.append(" ")
        line.append(token.string)
        previous = token
    if line:
        lines.append(" " * depth + "".join(line))
    return "".join(text + "\n" for text in lines)


class _SqueezeFormatFields(cst.CSTTransformer):
    """The `{...}` fields of f-strings, which the token pass sees as part of one string token."""

    def leave_FormattedStringExpression(
        self, original_node: cst.FormattedStringExpression, updated_node: cst.FormattedStringExpression
    ) -> cst.FormattedStringExpression:
        if updated_node.equal is not None:
            return updated_node  # `{x = }` prints its own spaces
        try:
            text = squeeze(cst.Module([]).code_for_node(updated_node.expression) + "\n").strip()
            expression = cst.parse_expression(text)
        except (tokenize.TokenError, SyntaxError, cst.ParserSyntaxError):
            return updated_node  # a field broken over lines of a triple-quoted f-string: left as it is
        # `{ {1: 2} }` keeps its spaces: `{{` would be an escaped brace.
        before = " " if text.startswith("{") else ""
        after = " " if text.endswith("}") else ""
        return updated_node.with_changes(
            expression=expression,
            whitespace_before_expression=cst.SimpleWhitespace(before),
            whitespace_after_expression=cst.SimpleWhitespace(after),
        )


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Squeeze the whitespace out of `module`, refusing if the syntax tree would change."""
    source = module.code
    squeezed = squeeze(module.visit(_SqueezeFormatFields()).code)
    if not same_ast(source, squeezed):
        raise Refuse("squeezing would change the syntax tree")
    return cst.parse_module(squeezed)


TECHNIQUE = Technique(
    name="squeeze-whitespace",
    summary="remove optional spaces, join bracketed continuation lines, indent one space per level",
    transform=transform,
)
