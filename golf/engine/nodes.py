"""One pass over a parsed module for what its analysis asks: every node's parent, position and type.

Analysing a variant asks the same tree many questions (every call, every class, the calls inside
each function, the line of a loop). LibCST answers the positions with one code-generation pass
(PositionProvider) and the parents with another walk (ParentNodeProvider), and each
`libcst.matchers.findall` walks the tree again. Here the code-generation pass that computes the
positions also records each node's parent (the node being generated around it), and the parent map,
in the order code generation meets the nodes, serves every "all nodes of this type" question:
about a third of the time of the two providers. tests/test_instrument.py checks that both maps
equal LibCST's own on every variant and fixture golf, so a LibCST release that changes code
generation shows there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

import libcst as cst
from libcst.metadata import CodeRange, PositionProvider
from libcst.metadata.position_provider import PositionProvidingCodegenState

Node = TypeVar("Node", bound=cst.CSTNode)


@dataclass(frozen=False)
class _ParentRecordingState(PositionProvidingCodegenState):
    """PositionProvider's code-generation state, also noting the node each node is generated inside."""

    parents: dict[cst.CSTNode, cst.CSTNode] = field(default_factory=dict)
    path: list[cst.CSTNode] = field(default_factory=list)

    def before_codegen(self, node: cst.CSTNode) -> None:
        super().before_codegen(node)
        if self.path:
            self.parents[node] = self.path[-1]
        self.path.append(node)

    def after_codegen(self, node: cst.CSTNode) -> None:
        self.path.pop()
        super().after_codegen(node)


def parents_and_positions(
    module: cst.Module,
) -> tuple[dict[cst.CSTNode, cst.CSTNode], Mapping[cst.CSTNode, CodeRange]]:
    """Each node's parent (every node but the module, in source order) and its PositionProvider position."""
    provider = PositionProvider()
    state = _ParentRecordingState(
        default_indent=module.default_indent, default_newline=module.default_newline, provider=provider
    )
    module._codegen(state)
    return state.parents, provider._computed


def visit_flat(visitor: cst.CSTVisitor, nodes: Iterable[cst.CSTNode]) -> None:
    """Show `visitor` each of `nodes`, a tree's nodes in visiting order (as `parents_and_positions` lists
    them, after the module), without walking the tree again.

    The order is LibCST's visit order for every node but whitespace (tests/test_instrument.py checks the
    kinds golf reads this way). Only for visitors that judge each node alone: one whose `visit_` method
    returns False to skip a subtree, or that has `leave_` methods, would see other nodes than in a visit.
    """
    for node in nodes:
        visitor.on_visit(node)


class NodeIndex:
    """Every node of `module` by type, in source order, and which of them lie under a given node."""

    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self.parents, self.positions = parents_and_positions(module)
        self._by_type: dict[type | tuple[type, ...], list[cst.CSTNode]] = {}
        self._ancestors: dict[int, frozenset[int]] = {}

    def all(self, kind: type[Node]) -> list[Node]:
        """Every node of type `kind` (or of a tuple of types), in the order a walk of the tree meets them."""
        found = self._by_type.get(kind)
        if found is None:
            if not self._by_type:  # one pass sorts every node by its own class, for the kinds asked next
                for node in self.parents:
                    self._by_type.setdefault(type(node), []).append(node)
            # LibCST's node classes are final: a class with no subclasses is its own nodes' list.
            if isinstance(kind, type) and not kind.__subclasses__():
                found = self._by_type.setdefault(kind, [])
            else:
                found = self._by_type[kind] = [n for n in self.parents if isinstance(n, kind)]
        return found  # type: ignore[return-value]

    def under(self, kind: type[Node], ancestor: cst.CSTNode) -> list[Node]:
        """The nodes of type `kind` that are `ancestor` or lie below it, in source order."""
        return [node for node in self.all(kind) if self.inside(node, ancestor)]

    def inside(self, node: cst.CSTNode, ancestor: cst.CSTNode) -> bool:
        """True when `node` is `ancestor` or lies below it."""
        return id(ancestor) in self._chain(node)

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
