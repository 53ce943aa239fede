"""When every forward value matches: the first node, in backward order, whose gradient differs, and why.

Nodes are paired by shape (their value and their children's values): the k-th variant node
of a shape stands for the k-th reference node of that shape. A shape made fewer times in
the variant is a shared node (one node where the reference makes one per use), more times
a duplicated one; such nodes have no partner, and their effect shows in their children.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from golf.explain.graph import Graph, expression
from golf.explain.model import Finding
from golf.explain.trace import value_key


def pair_nodes(reference: Graph, variant: Graph) -> dict[int, int]:
    """Variant node index -> reference node index, for shapes made as often in both programs."""
    ref_by_shape: dict[Any, list[int]] = defaultdict(list)
    for i, shape in enumerate(reference.shapes):
        ref_by_shape[shape].append(i)
    pairs: dict[int, int] = {}
    seen: Counter[Any] = Counter()
    for i, shape in enumerate(variant.shapes):
        ref = ref_by_shape.get(shape)
        if ref is not None and len(ref) == variant.shape_counts[shape]:
            pairs[i] = ref[seen[shape]]
            seen[shape] += 1
    return pairs


def backward_difference(reference: Graph, variant: Graph) -> Finding | None:
    """The first variant node in backward order whose gradient differs from its partner's, explained."""
    pairs = pair_nodes(reference, variant)
    for index in variant.backward_order():
        partner = pairs.get(index)
        node = variant.trace.nodes[index]
        if partner is None or (node.in_window and not node.children and node.param < 0):
            continue  # no partner, or a constant made on the spot: its gradient is never used
        mine, theirs = variant.trace.nodes[index].grad, reference.trace.nodes[partner].grad
        if value_key(mine) != value_key(theirs):
            return _explain(reference, variant, pairs, index, partner)
    return None


def _explain(reference: Graph, variant: Graph, pairs: dict[int, int], index: int, partner: int) -> Finding:
    var_node, ref_node = variant.trace.nodes[index], reference.trace.nodes[partner]
    what = expression(variant, index, {}, depth=1)
    values = (var_node.grad, ref_node.grad)
    ref_parents = set(reference.parents[partner])
    # A parent both programs have, passing a different local gradient.
    for parent in variant.parents[index]:
        ref_parent = pairs.get(parent)
        if ref_parent is None or ref_parent not in ref_parents:
            continue
        mine, theirs = variant.local_grad(parent, index), reference.local_grad(ref_parent, partner)
        if value_key(mine) != value_key(theirs):
            op = variant.trace.nodes[parent].operator
            return Finding(
                "backward",
                variant.trace.nodes[parent].site,
                reference.trace.nodes[ref_parent].site,
                mine,
                theirs,
                f"a different local gradient: the {op} node passes {mine!r} to its input {what} "
                f"where the reference's passes {theirs!r}",
                (f"gradient of {what}: variant {values[0]!r}, reference {values[1]!r}",),
            )
    mine_terms = _contributions(variant, index)
    their_terms = _contributions(reference, partner)
    if Counter(mine_terms) == Counter(their_terms):
        return Finding(
            "backward",
            var_node.site,
            ref_node.site,
            *values,
            f"the same {len(mine_terms)} contributions to the gradient of {what}, summed in another order",
            ("the order is that of the backward pass's walk over the node's users, or of the order they were made",),
        )
    for parent in variant.parents[index]:
        if parent in pairs:
            continue
        shape = variant.shapes[parent]
        copies = [p for p in reference.parents[partner] if reference.shapes[p] == shape]
        if len(copies) > variant.shape_counts[shape]:
            return _shared(reference, variant, parent, copies, index, values)
        if copies and len(copies) < variant.shape_counts[shape]:
            return Finding(
                "backward",
                variant.trace.nodes[parent].site,
                reference.trace.nodes[copies[0]].site,
                *values,
                f"the variant makes {variant.shape_counts[shape]} copies of a node the reference makes "
                f"{len(copies)} of, so the gradient of {what} sums other terms",
            )
    extra = [p for p in variant.parents[index] if p not in pairs]
    missing = [p for p in reference.parents[partner] if p not in set(pairs.values())]
    site_var = variant.trace.nodes[extra[0]].site if extra else var_node.site
    site_ref = reference.trace.nodes[missing[0]].site if missing else ref_node.site
    return Finding(
        "backward",
        site_var,
        site_ref,
        *values,
        f"the gradient of {what} sums {len(mine_terms)} contributions in the variant and {len(their_terms)} in the "
        f"reference: {len(extra)} come from nodes the reference does not make, {len(missing)} from nodes missing",
    )


def _shared(
    reference: Graph, variant: Graph, parent: int, copies: list[int], child: int, values: tuple[Any, Any]
) -> Finding:
    """One variant node standing for several reference nodes: its uses' gradients are summed before the
    local gradient multiplies them, where the reference multiplies each and sums the products."""
    shared = variant.trace.nodes[parent]
    names = {variant.keys[child]: "x"}
    what = expression(variant, parent, names)
    uses = len(variant.parents[parent])
    return Finding(
        "backward",
        shared.site,
        reference.trace.nodes[copies[0]].site,
        *values,
        f"a shared node changes the order of the gradient sums: the variant makes one {what} node used "
        f"{uses} times where the reference makes {len(copies)}, one per use, so x's gradient is k * (g1 + g2 + ...) "
        "instead of k*g1 + k*g2 + ...",
        (f"gradient of x: variant {values[0]!r}, reference {values[1]!r}",),
    )


def _contributions(graph: Graph, index: int) -> list[Any]:
    """The terms the backward pass adds into the node's gradient: local gradient times the parent's gradient."""
    terms = []
    for parent in graph.parents[index]:
        local = graph.local_grad(parent, index)
        grad = graph.trace.nodes[parent].grad
        try:
            terms.append(value_key(local * grad))
        except TypeError:
            terms.append(None)
    return terms
