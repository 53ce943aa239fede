"""splice-lists: lists joined by `+` become one list display, with starred parts.

`[E] + [F(x) for x in X] + [E]` becomes `[E, *[F(x) for x in X], E]`, `[a] + [b, c]` becomes
`[a, b, c]`, and the elements of a display are spliced in as they are, so `[*it]` gives `*it`:
`[E] + [*map(f, X)] + [E]` becomes `[E, *map(f, X), E]`.

Why it is exact: a list display and a list comprehension always make a new built-in list, and
`list + list` makes a new list of the left one's elements followed by the right one's, without
running any code of the program; a display with starred parts makes that same list directly,
extending it from each part in turn (a comprehension's list or an iterable, iterated the same
way and as often as the display `[*it]` did). The parts are evaluated left to right in both forms,
and nothing of the program runs between them in the original either, so every effect happens in
the same order. Since `+` groups to the left, only the run of list operands at the start of a
chain (`[a] + [b] + x`, giving `[a, b] + x`) can be joined: in `x + [a] + [b]` the value of `x`
could be anything with its own `__add__`, so the `+` operations after it stay as they are. A
parenthesized chain on the right, `[a] + ([b] + [c])`, is joined first and then counts as a list.

It refuses any other operand: a name or a call could be a tuple (where `+` raises) or a value of
a class with its own `__add__`. Within the leading run, it joins the operands into the groups that
make the chain shortest (a comprehension costs a `*` and its own brackets, so `[a] + [c]` with a
comprehension `c` stays), and changes a chain only when that saves bytes.
"""

from __future__ import annotations

import libcst as cst

from golf.codemods.layout import TIGHT_COMMA, squeezed_length
from golf.codemods.technique import Params, Refuse, Technique


def _is_add(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add)


def _chain(node: cst.BinaryOperation) -> tuple[list[cst.BaseExpression], list[cst.BaseBinaryOp]]:
    """The operands of a left-grouped `+` chain (`a + b + c` is `(a + b) + c`) and the `+` signs."""
    operands: list[cst.BaseExpression] = []
    signs: list[cst.BaseBinaryOp] = []
    current: cst.BaseExpression = node
    while _is_add(current):
        assert isinstance(current, cst.BinaryOperation)
        operands.append(current.right)
        signs.append(current.operator)
        current = current.left
    operands.append(current)
    return operands[::-1], signs[::-1]


def _elements(operand: cst.BaseExpression) -> list[cst.BaseElement]:
    """What `operand` adds to a display: a display's own elements, or `*comprehension`."""
    if isinstance(operand, cst.List):
        return list(operand.elements)
    return [cst.StarredElement(operand.with_changes(lpar=[], rpar=[]))]  # a ListComp


def _display(operands: list[cst.BaseExpression]) -> cst.List:
    """One display making the list that `operands` joined by `+` make."""
    elements = [e for operand in operands for e in _elements(operand)]
    last = len(elements) - 1
    return cst.List(
        [e.with_changes(comma=TIGHT_COMMA if i < last else cst.MaybeSentinel.DEFAULT) for i, e in enumerate(elements)]
    )


def _best_groups(run: list[cst.BaseExpression]) -> list[tuple[int, int]] | None:
    """Split the list operands `run` into consecutive groups, each made one display, for the
    shortest code (the `+` between groups included; a group of one keeps its operand as it is);
    None when no split is shorter than the operands as they are."""
    costs = [squeezed_length(operand) for operand in run]
    best: list[tuple[int, list[tuple[int, int]]]] = [(0, [])]  # best[j]: cost and groups of run[:j]
    for end in range(1, len(run) + 1):
        options = []
        for start in range(end):
            group = costs[start] if end - start == 1 else squeezed_length(_display(run[start:end]))
            cost, groups = best[start]
            options.append((cost + group + (1 if start else 0), [*groups, (start, end)]))
        best.append(min(options, key=lambda option: option[0]))
    cost, groups = best[-1]
    return groups if cost < sum(costs) + len(run) - 1 else None


class _Splice(cst.CSTTransformer):
    def __init__(self) -> None:
        self.lefts: set[int] = set()  # `+` chains that are the left part of a longer chain
        self.changed = 0

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if _is_add(node) and _is_add(node.left):
            self.lefts.add(id(node.left))

    def leave_BinaryOperation(
        self, original_node: cst.BinaryOperation, updated_node: cst.BinaryOperation
    ) -> cst.BaseExpression:
        if id(original_node) in self.lefts or not _is_add(updated_node):
            return updated_node  # the whole chain is handled at its top
        operands, signs = _chain(updated_node)
        run = 0
        while run < len(operands) and isinstance(operands[run], cst.List | cst.ListComp):
            run += 1
        if run < 2:
            return updated_node
        groups = _best_groups(operands[:run])
        if groups is None:
            return updated_node  # joining saves nothing
        self.changed += 1
        parts = [operands[s] if e - s == 1 else _display(operands[s:e]) for s, e in groups]
        parts += operands[run:]
        kept_signs = [signs[s - 1] for s, _ in groups[1:]] + signs[run - 1 :]
        result: cst.BaseExpression = parts[0]
        for sign, part in zip(kept_signs, parts[1:], strict=True):
            result = cst.BinaryOperation(result, sign, part)
        if isinstance(result, cst.List):
            return result  # a display needs no parentheses of its own
        return result.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Join every leading run of list displays and comprehensions in a `+` chain where that is shorter."""
    splice = _Splice()
    new = module.visit(splice)
    if not splice.changed:
        raise Refuse("no `+` of list displays or list comprehensions is shorter as one display")
    return new


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    splice = _Splice()
    module.visit(splice)
    return [{}] if splice.changed else []


TECHNIQUE = Technique(
    name="splice-lists",
    summary="join `[a]+[b]+[f(x)for x in X]` into one display `[a,b,*[f(x)for x in X]]` when shorter",
    transform=transform,
    candidates=_candidates,
)
