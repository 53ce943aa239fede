"""Facts about where a node sits in a LibCST tree: its ancestors, and which nodes open a comprehension scope."""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst


def ancestors(parents: Mapping[cst.CSTNode, cst.CSTNode], node: cst.CSTNode) -> list[cst.CSTNode]:
    """`node`'s parent, its parent, ... up to the module, from LibCST's ParentNodeProvider map."""
    found = []
    while node in parents:
        node = parents[node]
        found.append(node)
    return found


#: The comprehension nodes: each runs its element and inner clauses zero times or several, in a scope of its own.
COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
