"""join-statements: put consecutive simple statements on one line with `;`, and single-line
bodies on their header line (`for x in y: f(x)`).

Only line breaks change, so the statements run in the same order and the program stays
exact. What Python's grammar allows is kept: a compound statement (`for`, `if`, `def`, ...)
never follows a `;` and a body moves up to its header only when every statement in it
is simple. A line that carries a comment is left where it is, so no comment is lost.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from golf.codemods.technique import Param, Params, Refuse, Technique

# Golf spacing: `a=1;b=2` and `for x in y:f(x)` need no space after `;` or `:`.
_SEMICOLON = cst.Semicolon(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
_MODES = ("all", "lines", "headers")


def _has_comment(line: cst.SimpleStatementLine) -> bool:
    return line.trailing_whitespace.comment is not None or any(e.comment is not None for e in line.leading_lines)


def _join(first: cst.SimpleStatementLine, second: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
    head = [*first.body[:-1], first.body[-1].with_changes(semicolon=_SEMICOLON)]
    tail = [*second.body[:-1], second.body[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)]
    return first.with_changes(body=head + tail, trailing_whitespace=second.trailing_whitespace)


def _join_lines(body: Sequence[cst.BaseStatement]) -> list[cst.BaseStatement]:
    joined: list[cst.BaseStatement] = []
    for statement in body:
        previous = joined[-1] if joined else None
        if (
            isinstance(statement, cst.SimpleStatementLine)
            and isinstance(previous, cst.SimpleStatementLine)
            and not _has_comment(statement)
            and previous.trailing_whitespace.comment is None
        ):
            joined[-1] = _join(previous, statement)
        else:
            joined.append(statement)
    return joined


class _Join(cst.CSTTransformer):
    def __init__(self, lines: bool, headers: bool) -> None:
        self.lines = lines
        self.headers = headers

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        return updated_node.with_changes(body=_join_lines(updated_node.body)) if self.lines else updated_node

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        return updated_node.with_changes(body=_join_lines(updated_node.body)) if self.lines else updated_node

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode:
        updated = super().on_leave(original_node, updated_node)
        if self.headers and isinstance(updated, cst.CSTNode) and hasattr(updated, "body"):
            block = updated.body
            if isinstance(block, cst.IndentedBlock):
                suite = _as_suite(block)
                if suite is not None:
                    return updated.with_changes(body=suite)
        return updated  # type: ignore[return-value]


def _as_suite(block: cst.IndentedBlock) -> cst.SimpleStatementSuite | None:
    """The block as a one-line body, or None when it has more than one line or a comment."""
    if block.header.comment is not None or block.footer:
        return None
    statements = block.body
    if len(statements) != 1 or not isinstance(statements[0], cst.SimpleStatementLine):
        return None
    line = statements[0]
    if _has_comment(line):
        return None
    return cst.SimpleStatementSuite(
        body=line.body, leading_whitespace=cst.SimpleWhitespace(""), trailing_whitespace=line.trailing_whitespace
    )


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Join simple statements with `;` and lift one-line bodies onto their headers."""
    mode = params.get("mode", "all")
    if mode not in _MODES:
        raise Refuse(f"mode must be one of {', '.join(_MODES)}, not {mode!r}")
    return module.visit(_Join(lines=mode in ("all", "lines"), headers=mode in ("all", "headers")))


TECHNIQUE = Technique(
    name="join-statements",
    summary="join simple statements with ';' and put one-line bodies on their header line",
    transform=transform,
    params=(Param("mode", "'all', 'lines' (only ';' joins) or 'headers' (only bodies onto headers)", "all"),),
    candidates=lambda module: [{}, {"mode": "lines"}, {"mode": "headers"}],
)
