"""What inline-variable and inline-value ask of one statement and one read: the names it binds, whether
it may lose a value, where a read sits, and the syntax a moved expression needs.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass

import libcst as cst

from golf.codemods._evaluation import Event
from golf.codemods.names import NAMES_AS_STRINGS, target_names, variable_names_unordered
from golf.codemods.tree import nodes_below

#: Names that reach variables by name, behind the scope analysis' back.
INLINE_BLOCKERS = NAMES_AS_STRINGS | {"dir", "setattr", "delattr", "__dict__"}


_BUILTINS = frozenset(dir(builtins))


StatementLines = cst.SimpleStatementLine | cst.SimpleStatementSuite


#: Expressions that make a new object each time they run, which a loop would then make again.
NEW_OBJECTS = (cst.List, cst.Set, cst.Dict, cst.Tuple, cst.Lambda)


def bound_names(item: cst.CSTNode) -> set[str]:
    """Names a simple statement binds."""
    names = {n.target.value for n in nodes_below(item, cst.NamedExpr) if isinstance(n.target, cst.Name)}
    targets = [t.target for t in item.targets] if isinstance(item, cst.Assign) else []
    if isinstance(item, cst.AugAssign | cst.AnnAssign):
        targets.append(item.target)
    return names.union(*(target_names(t) for t in targets))


def assigns_name(item: cst.CSTNode, name: str) -> bool:
    """True when `item` is an assignment statement that binds `name`."""
    return isinstance(item, cst.Assign) and any(name in target_names(t.target) for t in item.targets)


def may_be_loss(item: cst.CSTNode, read: cst.Name) -> bool:
    """`read` is the receiver of a statement `x.m()` or the argument of `f(x)`: where golf's checker
    finds the loss of a backward call and evaluates it again."""
    if not isinstance(item, cst.Expr) or not isinstance(item.value, cst.Call):
        return False
    call = item.value
    if isinstance(call.func, cst.Attribute):
        return call.func.value is read and not call.args
    one_arg = len(call.args) == 1 and call.args[0].value is read
    return one_arg and isinstance(call.func, cst.Name) and call.func.value not in _BUILTINS


def blocking_events(events: list[Event], relaxed: bool) -> list[Event]:
    """The events that keep an expression from moving past them: all of them, or for inline-value
    (`relaxed`) only stores, since it lets the equivalence check judge calls."""
    return [e for e in events if e[0] == "store"] if relaxed else events


def root_name(node: cst.BaseExpression) -> str | None:
    """The variable an object is reached from (`l` for `l`, `l.a[0]`), or None."""
    while isinstance(node, cst.Attribute | cst.Subscript):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


def repeated(path: list[cst.CSTNode], index: int) -> bool:
    """`path[0]` is in a part of the comprehension `path[index]` (`path` is a node and its ancestors)
    that runs once per element (its element, a condition, a later `for`), not in its first iterable."""
    comprehension, below = path[index], path[index - 1]
    return below is not comprehension.for_in or index < 2 or path[index - 2] is not below.iter


def computes_outside_indexes(expr: cst.BaseExpression) -> bool:
    """True when `expr` applies an operator other than in a subscript's index or slice (`q[b:b+4]` only
    computes an index; `(m+1)**-.5` may run an operator method that builds an object)."""

    class _Find(cst.CSTVisitor):
        found = False

        def visit_SubscriptElement(self, node: cst.SubscriptElement) -> bool:
            return False  # an index or a slice bound

        def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
            self.found = True

        def visit_UnaryOperation(self, node: cst.UnaryOperation) -> None:
            self.found = True

        def visit_Comparison(self, node: cst.Comparison) -> None:
            self.found = True

    find = _Find()
    expr.visit(find)
    return find.found


def comprehension_targets(comprehension: cst.CSTNode) -> set[str]:
    """The names the `for`s of a comprehension bind."""
    names, loop = set(), comprehension.for_in
    while loop is not None:
        names |= set(target_names(loop.target))
        loop = loop.inner_for_in
    return names


def mentioned_names(node: cst.CSTNode) -> set[str]:
    """Variable names in `node` (not attribute names or keyword argument names)."""
    return {n.value for n in variable_names_unordered(node)}


class ReplaceReads(cst.CSTTransformer):
    """Replace given Name nodes (by identity) with expressions."""

    def __init__(self, replace: dict[cst.Name, cst.BaseExpression]) -> None:
        self.replace = replace

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self.replace.get(original_node, updated_node)


def _parsed(item: cst.CSTNode, read: cst.Name, expr: cst.BaseExpression) -> str | None:
    try:
        return ast.dump(ast.parse(cst.Module([]).code_for_node(item.visit(ReplaceReads({read: expr})))))
    except SyntaxError:
        return None


def fitted_read(item: cst.CSTNode, read: cst.Name, expr: cst.BaseExpression) -> cst.BaseExpression | None:
    """`expr`, parenthesised unless the syntax tree is the same without; None if it cannot go there."""
    wrapped = expr if expr.lpar else expr.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    reference = _parsed(item, read, wrapped)
    if reference is None:
        return None
    return expr if wrapped is not expr and _parsed(item, read, expr) == reference else wrapped


@dataclass(frozen=True)
class Site:
    """An assignment that can be inlined: where it is, its one read and what replaces the read."""

    name: str
    line: int
    assign: cst.Assign
    read: cst.Name
    replacement: cst.BaseExpression
    #: The statement list (by id) and the positions of the assignment and of the reading statement in it.
    block: int
    start: int
    end: int


class Survey(cst.CSTVisitor):
    """One pass over the module for what the analysis needs from all of it (run by `visit_flat`: it
    judges each node alone, and must stay so)."""

    def __init__(self) -> None:
        self.blocks: list[cst.CSTNode] = []
        self.assigns: list[cst.Assign] = []
        self.augmented: list[cst.Name] = []
        self.names: set[str] = set()
        self.stored_attrs: set[str] = set()
        self.blockers: list[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.IndentedBlock | cst.SimpleStatementSuite):
            self.blocks.append(node)
        elif isinstance(node, cst.Name):
            self.names.add(node.value)
        elif isinstance(node, cst.Try | cst.TryStar):
            self.blockers.append("a try statement, which could see a variable between assignment and read")
        elif isinstance(node, cst.Global | cst.Nonlocal):
            self.blockers.append("global/nonlocal declarations, which let functions rebind variables")
        if isinstance(node, cst.Assign):
            self.assigns.append(node)
        if isinstance(node, cst.AugAssign) and isinstance(node.target, cst.Name):
            self.augmented.append(node.target)
        for target in [t.target for t in getattr(node, "targets", ()) if isinstance(t, cst.AssignTarget)] + (
            [node.target] if isinstance(node, cst.AugAssign | cst.AnnAssign | cst.Del | cst.For) else []
        ):
            self.stored_attrs |= {a.attr.value for a in nodes_below(target, cst.Attribute)}
        return True
