"""The first value the variant computes that the reference never does, and the reference node it replaces.

Nodes are matched by value alone, in creation order, so no structure is assumed: a golf
may fuse nodes, reorder sums or inline functions and still produce every value the
reference produces. The first value it does not produce is where the computation changed.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from golf.explain.graph import Graph, caller, expression, is_reciprocal
from golf.explain.model import Finding

#: Shared children count twice as much as shared grandchildren (a fused or split node); a value within a
#: millionth of the variant's is the strongest sign (a changed rounding moves a value by a few ulps).
_DIRECT, _INDIRECT, _SAME_OPERATOR, _SAME_LINE, _NEW_VALUE, _NEAR = 4, 2, 2, 1, 1, 5
#: Relative distance under which two values count as near.
_NEAR_RELATIVE = 1e-6


def forward_difference(reference: Graph, variant: Graph, phase: str = "forward") -> Finding | None:
    """The first variant node (made in the window) whose value the reference never produced, or None."""
    known = reference.by_key
    first = next(
        # A constant made on the spot is not a computation: the first node that uses it is.
        (n.index for n in variant.trace.nodes if n.in_window and n.children and variant.keys[n.index] not in known),
        None,
    )
    if first is None:
        return None
    replaced = _replaced(reference, variant, first)
    node = variant.trace.nodes[first]
    names = _input_names(variant, first)
    var_expr = expression(variant, first, names)
    if replaced is None:
        return Finding(
            phase,
            node.site,
            (),
            node.value,
            None,
            f"the variant computes {var_expr} = {node.value!r}, a value the reference never computes, "
            "and no reference node shares its inputs",
        )
    ref_node = reference.trace.nodes[replaced]
    ref_expr = expression(reference, replaced, names)
    reason = f"the variant computes {var_expr} where the reference computes {ref_expr}"
    if hint := _hint(reference, variant, replaced, first):
        reason += f": {hint}"
    shared = [f"{name} = {_value_of(variant, key)!r}" for key, name in names.items()]
    details = (f"shared inputs: {', '.join(shared)}",) if shared else ()
    return Finding(phase, node.site, ref_node.site, node.value, ref_node.value, reason, details)


def _value_of(graph: Graph, key: Any) -> Any:
    return graph.trace.nodes[graph.by_key[key][0]].value


def _input_names(graph: Graph, index: int) -> dict[Any, str]:
    """Letters for the node's inputs, by value key; constants made on the spot are written as numbers."""
    names: dict[Any, str] = {}
    for child in graph.trace.nodes[index].children:
        node = graph.trace.nodes[child]
        if node.children or node.param >= 0 or not node.in_window:
            names.setdefault(graph.keys[child], "abcdefgh"[len(names) % 8])
    return names


def _replaced(reference: Graph, variant: Graph, index: int) -> int | None:
    """The reference node the variant's node most likely stands for: it shares the most inputs, and the
    operation and the line; ties go to the node at the same relative place in the window."""
    node = variant.trace.nodes[index]
    child_keys = [variant.keys[c] for c in node.children]
    candidates: dict[int, int] = {}
    for key in set(child_keys):
        for ref_child in reference.by_key.get(key, ())[:200]:  # a common constant: its first uses are enough
            for parent in reference.parents[ref_child]:
                candidates[parent] = candidates.get(parent, 0) + _DIRECT
                for grand in reference.parents[parent]:
                    candidates.setdefault(grand, 0)
                    candidates[grand] += _INDIRECT
    if not candidates:
        return _first_unproduced(reference, variant)
    line = caller(node)
    window = max(1, sum(n.in_window for n in variant.trace.nodes))
    ref_window = max(1, sum(n.in_window for n in reference.trace.nodes))
    place = index / window

    def score(candidate: int) -> tuple[float, float]:
        ref_node = reference.trace.nodes[candidate]
        points = float(candidates[candidate])
        if ref_node.entry == node.entry or ref_node.operator == node.operator:
            points += _SAME_OPERATOR
        ref_line = caller(ref_node)
        if line is not None and ref_line is not None and ref_line.code == line.code:
            points += _SAME_LINE
        if reference.keys[candidate] not in variant.by_key:
            points += _NEW_VALUE
        if _near(ref_node.value, node.value):
            points += _NEAR
        return points, -abs(candidate / ref_window - place)

    return max((c for c in candidates if reference.trace.nodes[c].in_window), key=score, default=None)


def _same_valued(reference: Graph, variant: Graph, ref_index: int) -> list[int]:
    """Variant nodes holding the values of the reference node's children (its grandchildren, seen from above)."""
    keys = {reference.keys[c] for c in reference.trace.nodes[ref_index].children}
    return [i for key in keys for i in variant.by_key.get(key, ())[:50]]


def _near(a: Any, b: Any) -> bool:
    if not (isinstance(a, int | float) and isinstance(b, int | float)):
        return False
    try:
        return abs(a - b) <= _NEAR_RELATIVE * max(abs(a), abs(b))
    except OverflowError:
        return False


def _first_unproduced(reference: Graph, variant: Graph) -> int | None:
    """The first reference node whose value the variant never produced."""
    known = variant.by_key
    nodes = reference.trace.nodes
    return next((n.index for n in nodes if n.in_window and n.children and reference.keys[n.index] not in known), None)


def _hint(reference: Graph, variant: Graph, ref_index: int, var_index: int) -> str:
    """A name for a known kind of change, or an empty string."""
    var_node, ref_node = variant.trace.nodes[var_index], reference.trace.nodes[ref_index]
    ref_reciprocal = any(is_reciprocal(reference, c) for c in ref_node.children)
    var_reciprocal = any(is_reciprocal(variant, c) for c in var_node.children)
    if var_node.operator in ("__truediv__", "__rtruediv__") and ref_node.operator == "__mul__" and ref_reciprocal:
        return "a direct division instead of a multiplication by the reciprocal (they round differently)"
    if ref_node.operator in ("__truediv__", "__rtruediv__") and var_node.operator == "__mul__" and var_reciprocal:
        return "a multiplication by the reciprocal instead of a direct division (they round differently)"
    if var_node.operator == "constructor":
        fused = any(c in var_node.children for r in ref_node.children for c in _same_valued(reference, variant, r))
        made = "one node built directly" + (", fusing two of the reference's," if fused else "")
        return f"{made} where the reference's comes from {ref_node.operator}"
    same_inputs = Counter(variant.keys[c] for c in var_node.children) == Counter(
        reference.keys[c] for c in ref_node.children
    )
    if var_node.operator == ref_node.operator:
        return "the same operation on the same inputs gives another value" if same_inputs else ""
    return f"a different operation ({var_node.operator} instead of {ref_node.operator})"
