"""Putting a call's arguments in place of a function's parameters, and the order in which Python
evaluates the parts of an expression (what inline-function checks so the call's effects keep their
order).
"""

from __future__ import annotations

import libcst as cst

from golf.codemods.names import variable_names

#: Expressions that can be evaluated any number of times, anywhere, with the same result and no effect.
_LITERALS = (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString)


def duplicable(node: cst.BaseExpression) -> bool:
    """True for an argument that may be written more than once: a name, a literal, a signed number."""
    if isinstance(node, (cst.Name, *_LITERALS)):
        return True
    return isinstance(node, cst.UnaryOperation) and isinstance(node.expression, cst.Integer | cst.Float)


def parenthesized_argument(node: cst.BaseExpression) -> cst.BaseExpression:
    """`node`, in parentheses unless it is an atom that needs none wherever a parameter stood."""
    if duplicable(node) and not isinstance(node, cst.UnaryOperation):
        return node
    if isinstance(node, cst.Call | cst.Attribute | cst.Subscript | cst.List | cst.Dict | cst.Set | cst.ListComp):
        return node
    return node.with_changes(lpar=[cst.LeftParen(), *node.lpar], rpar=[*node.rpar, cst.RightParen()])


class SubstituteParams(cst.CSTTransformer):
    """Replace variable names by expressions (attribute and keyword names are left alone)."""

    def __init__(self, mapping: dict[str, cst.BaseExpression]) -> None:
        self.mapping = mapping

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        return True

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.Attribute:
        return updated_node.with_changes(attr=original_node.attr)

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg) -> cst.Arg:
        return updated_node.with_changes(keyword=original_node.keyword)

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self.mapping.get(original_node.value, updated_node)


# ---------------------------------------------------------------------------
# Evaluation order of an expression, for the single-use argument rule
# ---------------------------------------------------------------------------
EFFECT = object()  # something that may run code (a call, an operator, an index, an attribute)


def evaluation_order(node: cst.CSTNode, out: list, deferred: list) -> None:
    """Append to `out` the names read and the effects, in evaluation order; names evaluated
    zero or many times (in loops, lambdas, conditions) go to `deferred` instead."""
    if isinstance(node, cst.Name):
        out.append(node)
    elif isinstance(node, cst.ListComp | cst.SetComp | cst.GeneratorExp | cst.DictComp):
        evaluation_order(node.for_in.iter, out, deferred)
        for part in _children_except(node, node.for_in.iter):
            deferred.extend(variable_names(part))
    elif isinstance(node, cst.Lambda):
        deferred.extend(variable_names(node.body))
    elif isinstance(node, cst.IfExp):
        evaluation_order(node.test, out, deferred)
        deferred.extend(variable_names(node.body) + variable_names(node.orelse))
    elif isinstance(node, cst.BooleanOperation):
        evaluation_order(node.left, out, deferred)
        deferred.extend(variable_names(node.right))
    elif isinstance(node, cst.Comparison):
        # `a < b < c` stops after `a < b` when it is false: comparators after the first may not run.
        evaluation_order(node.left, out, deferred)
        first, *rest = node.comparisons
        evaluation_order(first.comparator, out, deferred)
        out.append(EFFECT)
        for link in rest:
            deferred.extend(variable_names(link.comparator))
    elif isinstance(node, cst.Attribute):
        evaluation_order(node.value, out, deferred)
        out.append(EFFECT)
    elif isinstance(node, cst.Arg):
        evaluation_order(node.value, out, deferred)
    else:
        for child in node.children:
            evaluation_order(child, out, deferred)
        if isinstance(node, cst.Call | cst.BinaryOperation | cst.UnaryOperation | cst.Subscript | cst.Comparison):
            out.append(EFFECT)


def _children_except(node: cst.CSTNode, skip: cst.CSTNode) -> list[cst.CSTNode]:
    """Every descendant subtree of `node` other than `skip` (the outermost iterable)."""
    parts: list[cst.CSTNode] = []

    def walk(current: cst.CSTNode) -> None:
        for child in current.children:
            if child is skip:
                continue
            if contains(child, skip):
                walk(child)
            else:
                parts.append(child)

    walk(node)
    return parts


def contains(node: cst.CSTNode, target: cst.CSTNode) -> bool:
    """True when `target` is `node` or lies under it."""
    return node is target or any(contains(c, target) for c in node.children)
