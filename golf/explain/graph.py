"""A traced window as a graph: value keys, parents, backward order, and nodes written as expressions."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from golf.explain.trace import Frame, Node, Trace, value_key

#: How operators read in an expression, by the name of the method that made the node.
_INFIX = {
    "__add__": "+",
    "__radd__": "+",
    "__sub__": "-",
    "__rsub__": "-",
    "__mul__": "*",
    "__rmul__": "*",
    "__truediv__": "/",
    "__rtruediv__": "/",
}


@dataclass
class Graph:
    """Lookups over one trace's nodes, computed once."""

    trace: Trace

    @cached_property
    def keys(self) -> list[Any]:
        """Each node's value key (see golf.explain.trace.value_key)."""
        return [value_key(n.value) for n in self.trace.nodes]

    @cached_property
    def by_key(self) -> dict[Any, list[int]]:
        """Node indices by value key, in creation order."""
        found: dict[Any, list[int]] = defaultdict(list)
        for i, key in enumerate(self.keys):
            found[key].append(i)
        return found

    @cached_property
    def parents(self) -> list[list[int]]:
        """For each node, the nodes that have it as a child (once per use, in creation order)."""
        found: list[list[int]] = [[] for _ in self.trace.nodes]
        for node in self.trace.nodes:
            for child in node.children:
                found[child].append(node.index)
        return found

    @cached_property
    def shapes(self) -> list[tuple[Any, tuple[Any, ...]]]:
        """Each node's value key with its children's: what a node computes, from what."""
        keys = self.keys
        return [(keys[n.index], tuple(keys[c] for c in n.children)) for n in self.trace.nodes]

    @cached_property
    def shape_counts(self) -> dict[tuple[Any, tuple[Any, ...]], int]:
        """How many nodes compute each shape."""
        counts: dict[tuple[Any, tuple[Any, ...]], int] = defaultdict(int)
        for shape in self.shapes:
            counts[shape] += 1
        return counts

    def backward_order(self) -> list[int]:
        """Nodes reachable from the loss, in the order a depth-first backward pass visits them (loss first)."""
        if self.trace.loss is None:
            return []
        nodes = self.trace.nodes
        order: list[int] = []
        seen = {self.trace.loss}
        stack = [(self.trace.loss, iter(nodes[self.trace.loss].children))]
        while stack:
            index, children = stack[-1]
            for child in children:
                if child not in seen:
                    seen.add(child)
                    stack.append((child, iter(nodes[child].children)))
                    break
            else:
                stack.pop()
                order.append(index)
        return order[::-1]

    def local_grad(self, parent: int, child: int) -> Any:
        """The local gradient the parent passes to this child (its first use), or None when not recorded."""
        node = self.trace.nodes[parent]
        for position, c in enumerate(node.children):
            if c == child and position < len(node.local_grads):
                return node.local_grads[position]
        return None


def caller(node: Node) -> Frame | None:
    """The first frame outside the node class's methods: the program line that asked for the operation."""
    return next((f for f in node.site if f.operator is None), None)


def expression(graph: Graph, index: int, names: dict[Any, str], depth: int = 2) -> str:
    """The node as a short expression over named inputs (`a * b ** -1`), `...` past `depth` levels."""
    key = graph.keys[index]
    if key in names:
        return names[key]
    node = graph.trace.nodes[index]
    if not node.children:
        return _number(node.value)
    if depth <= 0:
        return "(...)"
    args = [expression(graph, c, names, depth - 1) for c in node.children]
    op = node.operator
    if op in _INFIX and len(args) == 2:
        return f"{_group(args[0])} {_INFIX[op]} {_group(args[1])}"
    if op == "__pow__" and len(args) == 1:
        exponent = _exponent(graph, node)
        return f"{_group(args[0])} ** {exponent}" if exponent is not None else f"pow({args[0]})"
    name = op.strip("_") if op not in ("constructor", "leaf") else "node"
    return f"{name}({', '.join(args)})"


def _group(text: str) -> str:
    return f"({text})" if " " in text and not text.startswith("(") else text


def _number(value: Any) -> str:
    if isinstance(value, float):
        return repr(value) if len(repr(value)) <= 8 else f"{value:.6g}"
    return repr(value)


def _exponent(graph: Graph, node: Node) -> str | None:
    """The exponent of a power node, from its value, its input and its local gradient k * x**(k-1)."""
    base = graph.trace.nodes[node.children[0]].value
    if not node.local_grads or not all(isinstance(v, int | float) for v in (base, node.value, node.local_grads[0])):
        return None
    if not node.value or not base:
        return None
    k = node.local_grads[0] * base / node.value
    for exact in (-1, -0.5, 0.5, 2, 3, -2):
        if math.isclose(k, exact, rel_tol=1e-9) and math.isclose(base**exact, node.value, rel_tol=1e-9):
            return repr(exact)
    return None


def is_reciprocal(graph: Graph, index: int) -> bool:
    """True for a power node with exponent -1."""
    node = graph.trace.nodes[index]
    return node.operator == "__pow__" and len(node.children) == 1 and _exponent(graph, node) == "-1"
