"""strip-comments-docstrings: drop comments, blank lines and docstrings.

Comments and blank lines never run, so removing them cannot change a result. A docstring
is the first statement of a module, class or function when it is a bare string; it only
sets `__doc__`, so it is removed unless the program reads a `__doc__` (then docstrings are
kept and the rest still goes). A body left empty gets `pass`. A `#!` line and an encoding
comment go too: the workbench runs variants with `python FILE` and the sources are UTF-8.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from golf.codemods.names import all_names
from golf.codemods.technique import Params, Technique


def _is_docstring(small: cst.BaseSmallStatement) -> bool:
    return isinstance(small, cst.Expr) and isinstance(small.value, cst.SimpleString | cst.ConcatenatedString)


class _Strip(cst.CSTTransformer):
    def __init__(self, keep_docstrings: bool) -> None:
        self.keep_docstrings = keep_docstrings

    def leave_Comment(self, original_node: cst.Comment, updated_node: cst.Comment) -> cst.RemovalSentinel:
        return cst.RemoveFromParent()

    def leave_EmptyLine(self, original_node: cst.EmptyLine, updated_node: cst.EmptyLine) -> cst.RemovalSentinel:
        return cst.RemoveFromParent()

    def leave_TrailingWhitespace(
        self, original_node: cst.TrailingWhitespace, updated_node: cst.TrailingWhitespace
    ) -> cst.TrailingWhitespace:
        return updated_node.with_changes(whitespace=cst.SimpleWhitespace(""))

    def _without_docstring(self, body: Sequence[cst.BaseStatement]) -> list[cst.BaseStatement]:
        statements = list(body)
        if self.keep_docstrings or not statements or not isinstance(statements[0], cst.SimpleStatementLine):
            return statements
        first = statements[0]
        if not _is_docstring(first.body[0]):
            return statements
        rest = list(first.body[1:])  # a docstring joined with `;` to what follows
        if not rest:
            return statements[1:]
        rest[-1] = rest[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
        return [first.with_changes(body=rest), *statements[1:]]

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        return updated_node.with_changes(body=self._without_docstring(updated_node.body), header=[], footer=[])

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        body = self._without_docstring(updated_node.body) or [cst.SimpleStatementLine([cst.Pass()])]
        return updated_node.with_changes(body=body)


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Drop comments, blank lines and (unless `__doc__` is read) docstrings."""
    return module.visit(_Strip(keep_docstrings="__doc__" in all_names(module)))


TECHNIQUE = Technique(
    name="strip-comments-docstrings",
    summary="drop comments, blank lines and docstrings (kept when the program reads __doc__)",
    transform=transform,
)
