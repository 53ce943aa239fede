"""The nodes of one parsed module by type, read off its parent map instead of walking the tree again.

Analysing a variant asks the same tree many questions (every call, every class, the calls inside
each function, ...). Each `libcst.matchers.findall` walks the whole tree; the parent map that the
analysis resolves anyway already holds every node, so one pass over it answers them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

import libcst as cst
from libcst.metadata import CodeRange

Node = TypeVar("Node", bound=cst.CSTNode)


class NodeIndex:
    """Every node of `module` by type, in source order, and which of them lie under a given node."""

    def __init__(
        self,
        module: cst.Module,
        parents: Mapping[cst.CSTNode, cst.CSTNode],
        positions: Mapping[cst.CSTNode, CodeRange],
    ) -> None:
        self.module, self.parents, self.positions = module, parents, positions
        self._by_type: dict[type, list[cst.CSTNode]] = {}
        self._ancestors: dict[int, frozenset[int]] = {}

    def all(self, kind: type[Node]) -> list[Node]:
        """Every node of type `kind`, in the order a walk of the tree meets them."""
        found = self._by_type.get(kind)
        if found is None:

            def order(node: cst.CSTNode) -> tuple[int, int, int, int]:
                # Source order; of two nodes starting at one place, the enclosing one (ending later) first.
                where = self.positions[node]
                return where.start.line, where.start.column, -where.end.line, -where.end.column

            found = self._by_type[kind] = sorted((n for n in self.parents if isinstance(n, kind)), key=order)
        return found  # type: ignore[return-value]

    def under(self, kind: type[Node], ancestor: cst.CSTNode) -> list[Node]:
        """The nodes of type `kind` that are `ancestor` or lie below it, in source order."""
        return [node for node in self.all(kind) if id(ancestor) in self._chain(node)]

    def _chain(self, node: cst.CSTNode) -> frozenset[int]:
        """The ids of `node` and of every node above it."""
        chain = self._ancestors.get(id(node))
        if chain is None:
            ids, current = [], node
            while current is not None:
                ids.append(id(current))
                current = self.parents.get(current)
            chain = self._ancestors[id(node)] = frozenset(ids)
        return chain
