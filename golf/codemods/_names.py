"""Which `Name` nodes of a syntax tree are variables: shared by the codemods that track reads.

In `p.data` the `data` is an attribute name and in `f(key=1)` the `key` is a keyword name;
neither reads nor binds a variable, so analyses of what an expression reads skip them.
"""

from __future__ import annotations

import libcst as cst


class _VariableNames(cst.CSTVisitor):
    def __init__(self) -> None:
        self.names: list[cst.Name] = []

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)  # the object is an expression; the attribute name is not a variable
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)  # the keyword of `f(key=value)` is not a variable
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.names.append(node)


def variable_names(node: cst.CSTNode) -> list[cst.Name]:
    """The `Name` nodes in `node` that are variables (read or bound), in source order."""
    visitor = _VariableNames()
    node.visit(visitor)
    return visitor.names
