"""Facts about where a node sits in a LibCST tree: its ancestors, the nodes below it, and which nodes
open a comprehension scope."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator, Mapping
from typing import TypeVar

import libcst as cst

Node = TypeVar("Node", bound=cst.CSTNode)


def ancestors(parents: Mapping[cst.CSTNode, cst.CSTNode], node: cst.CSTNode) -> list[cst.CSTNode]:
    """`node`'s parent, its parent, ... up to the module, from LibCST's ParentNodeProvider map."""
    found = []
    while node in parents:
        node = parents[node]
        found.append(node)
    return found


#: The comprehension nodes: each runs its element and inner clauses zero times or several, in a scope of its own.
COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


def nodes_below(node: cst.CSTNode, kind: type[Node] | tuple[type[Node], ...]) -> list[Node]:
    """`node` and the nodes below it of type `kind` (a type or a tuple of types): the nodes
    `libcst.matchers.findall(node, m.TypeName())` finds, though not always in its order.

    A walk of the nodes' dataclass fields: the analyses behind inlining ask this hundreds of times
    per program, and LibCST's visitor with a matcher at every node costs several times as much.
    """
    return [n for n in _walk(node) if isinstance(n, kind)]


def _walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        for name in _fields(type(current)):
            value = getattr(current, name)
            if isinstance(value, cst.CSTNode):
                stack.append(value)
            elif isinstance(value, tuple | list):
                stack.extend(item for item in value if isinstance(item, cst.CSTNode))


@functools.cache
def _fields(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls))
