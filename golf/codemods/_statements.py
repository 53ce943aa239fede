"""Removing or replacing statements in a module, even inside `;`-joined lines.

`edit_statements` takes the statements and small statements to change, by node, and keeps the
rest of the layout: a block left empty gets `pass`, and a removed statement's leading comment
and blank lines go to the statement after it, so a section comment still introduces what
follows. drop-unused, drop-member and drop-guards edit through it. The readers below
(a function's or a class body's statements, the members a class-body statement binds) are
shared by the codemods that rewrite class bodies.
"""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst


class _Editor(cst.CSTTransformer):
    """Apply the edits bottom-up: small statements within their line, then statements within their block."""

    def __init__(self, edits: Mapping[cst.CSTNode, cst.CSTNode | None]) -> None:
        self.edits = edits
        self.emptied: set[cst.CSTNode] = set()  # lines whose every small statement went

    def _small(self, original: cst.CSTNode, updated: cst.CSTNode) -> list[cst.BaseSmallStatement]:
        kept = []
        for before, after in zip(original.body, updated.body, strict=True):  # type: ignore[attr-defined]
            if before in self.edits:
                after = self.edits[before]
                if after is None:
                    continue
            kept.append(after)
        if kept:
            kept[-1] = kept[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
        return kept

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        kept = self._small(original_node, updated_node)
        if not kept:
            self.emptied.add(original_node)
            return updated_node
        return updated_node.with_changes(body=kept)

    def leave_SimpleStatementSuite(
        self, original_node: cst.SimpleStatementSuite, updated_node: cst.SimpleStatementSuite
    ) -> cst.SimpleStatementSuite:
        return updated_node.with_changes(body=self._small(original_node, updated_node) or [cst.Pass()])

    def _block(self, original: cst.CSTNode, updated: cst.CSTNode) -> list[cst.BaseStatement]:
        kept: list[cst.BaseStatement] = []
        carried: list[cst.EmptyLine] = []
        for before, after in zip(original.body, updated.body, strict=True):  # type: ignore[attr-defined]
            if before in self.emptied or (before in self.edits and self.edits[before] is None):
                # A section comment above a removed statement now introduces the next one.
                carried += after.leading_lines
                continue
            if before in self.edits:
                after = self.edits[before]
            if carried:
                after = after.with_changes(leading_lines=[*carried, *after.leading_lines])
                carried = []
            kept.append(after)
        return kept

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        return updated_node.with_changes(
            body=self._block(original_node, updated_node) or [cst.SimpleStatementLine([cst.Pass()])]
        )

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        return updated_node.with_changes(body=self._block(original_node, updated_node))


def edit_statements(module: cst.Module, edits: Mapping[cst.CSTNode, cst.CSTNode | None]) -> cst.Module:
    """`module` with each statement or small statement in `edits` (nodes of `module`) replaced, or removed for None.

    A block left empty gets `pass`; a removed statement's leading comment lines go to the next statement.
    """
    return module.visit(_Editor(edits))


def function_statements(node: cst.FunctionDef) -> list[cst.BaseSmallStatement] | None:
    """The function's statements when all are simple (one per line or joined with `;`)."""
    if isinstance(node.body, cst.SimpleStatementSuite):
        return list(node.body.body)
    statements: list[cst.BaseSmallStatement] = []
    for line in node.body.body:
        if not isinstance(line, cst.SimpleStatementLine):
            return None
        statements.extend(line.body)
    return statements


def two_params(params: cst.Parameters) -> tuple[str, str] | None:
    plain = params.params
    if (
        params.posonly_params
        or params.kwonly_params
        or params.star_kwarg
        or not isinstance(params.star_arg, cst.MaybeSentinel)
    ):
        return None
    if len(plain) != 2 or any(p.default is not None for p in plain):
        return None
    return plain[0].name.value, plain[1].name.value


def member_names(statement: cst.CSTNode) -> list[str]:
    """Member names `statement` binds directly in the class body."""
    if isinstance(statement, cst.FunctionDef | cst.ClassDef):
        return [statement.name.value]
    if isinstance(statement, cst.Assign):
        return [t.target.value for t in statement.targets if isinstance(t.target, cst.Name)]
    if isinstance(statement, cst.AnnAssign) and isinstance(statement.target, cst.Name) and statement.value:
        return [statement.target.value]
    return []


def block_statements(body: cst.BaseSuite | cst.Module) -> list[cst.BaseSmallStatement | cst.BaseCompoundStatement]:
    """A module's or a block's statements in order, each `;`-joined part on its own."""
    lines = body.body if isinstance(body, cst.IndentedBlock | cst.Module) else [body]
    found: list[cst.BaseSmallStatement | cst.BaseCompoundStatement] = []
    for line in lines:
        if isinstance(line, cst.SimpleStatementLine | cst.SimpleStatementSuite):
            found += line.body
        else:
            found.append(line)  # type: ignore[arg-type]
    return found
