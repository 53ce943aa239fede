"""sum-flatten (a trial technique): a list comprehension that only flattens becomes nested `sum`s.

`[x for a in L for x in a]` becomes `sum(L,[])`, and
`G=[p for a in[H,P,R,W,X,Y,Z,o,T]for b in a for p in b]` becomes `G=sum(sum([H,P,R,W,X,Y,Z,o,T],[]),[])`:
n `for` clauses, each after the first iterating the previous one's target, with no `if`, whose
element is the last target, become n-1 nested sums.

Why it is a trial: `sum(L,[])` is `[]+a1+a2+...`, which is the concatenation of the items of `L`
when every item is a list, in the same order, in a new list; each level of nesting flattens one
level, as one more `for` clause does. `L` itself is still evaluated once, first, in the same
scope. But when an item is a tuple, a generator or any other iterable that is not a list, `+`
raises or runs the item's own `__radd__` where the comprehension just iterated it, and a lazy
item would be iterated at another moment. What the items are depends on values the source does
not show, so the equivalence check decides. (The sums copy the growing list at each step, which
costs time only for long lists.) Comments inside the comprehension's brackets are lost.

It refuses when `sum` is (or may be) bound by the program, and leaves alone comprehensions whose
targets are not plain names or repeat a name, that have an `if` or `async for`, whose later
clauses iterate anything but the previous target, or whose element is not the last target.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from golf.codemods.layout import TIGHT_COMMA, FittingTransformer
from golf.codemods.names import surely_builtins
from golf.codemods.technique import Params, Refuse, Technique, offered_when_it_applies


def _flattened(node: cst.CSTNode) -> tuple[cst.BaseExpression, int] | None:
    """`(L, n)` when `node` is `[x for a in L for ... for x in y]` with n `for` clauses (n >= 2)."""
    if not isinstance(node, cst.ListComp):
        return None
    clauses: list[cst.CompFor] = []
    clause: cst.CompFor | None = node.for_in
    while clause is not None:
        if clause.ifs or clause.asynchronous is not None or not isinstance(clause.target, cst.Name):
            return None
        clauses.append(clause)
        clause = clause.inner_for_in
    targets = [c.target.value for c in clauses]  # type: ignore[attr-defined]
    if len(clauses) < 2 or len(set(targets)) != len(targets):
        return None
    if not all(m.matches(later.iter, m.Name(targets[i])) for i, later in enumerate(clauses[1:])):
        return None
    if not m.matches(node.elt, m.Name(targets[-1])):
        return None
    return clauses[0].iter, len(clauses)


def _sum(iterable: cst.BaseExpression) -> cst.Call:
    """`sum(iterable,[])`."""
    return cst.Call(cst.Name("sum"), [cst.Arg(iterable, comma=TIGHT_COMMA), cst.Arg(cst.List([]))])


class _Flatten(FittingTransformer):
    """Each flattening comprehension becomes nested sums, spaced from a keyword it follows (`return sum(L,[])`)."""

    def leave_ListComp(self, original_node: cst.ListComp, updated_node: cst.ListComp) -> cst.BaseExpression:
        shape = _flattened(updated_node)
        if shape is None:
            return updated_node
        iterable, clauses = shape
        if iterable.lpar and isinstance(iterable, cst.Name | cst.List | cst.Call | cst.Attribute):
            iterable = iterable.with_changes(lpar=[], rpar=[])  # `for a in(L)`: an argument needs none
        flat: cst.BaseExpression = iterable
        for _ in range(clauses - 1):
            flat = _sum(flat)
        return self.fitted(flat.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar))


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Rewrite every flattening list comprehension as nested sums."""
    if not any(_flattened(node) for node in m.findall(module, m.ListComp())):
        raise Refuse("no list comprehension only flattens")
    if "sum" not in surely_builtins(module, ["sum"]):
        raise Refuse("sum is bound by the program, so it may not be the builtin")
    return module.visit(_Flatten())


TECHNIQUE = Technique(
    name="sum-flatten",
    summary="[x for a in L for x in a] becomes sum(L,[]) (trial: kept only when the check finds it identical)",
    transform=transform,
    candidates=offered_when_it_applies(transform),
    trial=True,
)
