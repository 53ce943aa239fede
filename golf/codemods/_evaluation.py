"""What evaluating an expression or a statement does, in Python's order, and what may move past it.

`statement_events` lists, in evaluation order, the names an assignment, expression statement,
`return` or `for`/`if` header reads and the effects it has: attribute and index loads, method
lookups, operators, calls (anything that may run the program's code) and stores. Parts that
may run zero times or several (a lambda, a comprehension after its first iterable, the right
of `and`/`or`, a branch of `a if c else b`, a chained comparison after its first link) add
their effects but not their names. `effect_kind` says whether evaluating an expression calls
code, only reads state, or neither, and `clash` whether given events could see or change what
an expression of that kind does if it were evaluated after them instead of before: the
questions inline-variable asks before moving an expression to where its variable is read.
"""

from __future__ import annotations

import libcst as cst

from golf.codemods.tree import COMPREHENSIONS

_WHAT = {
    "call": "a call",
    "store": "a store",
    "load": "an attribute or index load",
    "op": "an operator",
    "method": "a lookup of a method the program assigns",
}
#: What evaluation does (`name`, `aug`, `load`, `method`, `op`, `call`, `store`) and the node that does it.
Event = tuple[str, cst.CSTNode]


def _walk(node: cst.CSTNode, out: list[Event]) -> None:
    """Append what evaluating `node` does, in Python's order: `name` reads, `load`s of attributes
    and indexes, `method` lookups, `op`erators, `call`s (anything that may run code) and `store`s.
    Parts evaluated zero or many times contribute their effects but not their names."""

    def later(part: cst.CSTNode | None) -> None:
        if part is not None:
            events: list[Event] = []
            _walk(part, events)
            out.extend(e for e in events if e[0] != "name")

    if isinstance(node, cst.Name):
        out.append(("name", node))
    elif isinstance(node, COMPREHENSIONS):
        _walk(node.for_in.iter, out)  # the first iterable is evaluated once, in the enclosing scope
        parts = [node.key, node.value] if isinstance(node, cst.DictComp) else [node.elt]
        for part in [*parts, *node.for_in.ifs, node.for_in.inner_for_in]:
            later(part)
        out.append(("call", node))
    elif isinstance(node, cst.Lambda):
        later(node.params)
        later(node.body)
    elif isinstance(node, cst.IfExp):
        _walk(node.test, out)
        later(node.body)
        later(node.orelse)
    elif isinstance(node, cst.BooleanOperation):
        _walk(node.left, out)
        later(node.right)
        out.append(("op", node))
    elif isinstance(node, cst.Comparison):
        _walk(node.left, out)
        for index, target in enumerate(node.comparisons):
            if index:  # a chain stops at its first false link
                later(target.comparator)
            else:
                _walk(target.comparator, out)
            out.append(("op", target))
    elif isinstance(node, cst.Call):
        if isinstance(node.func, cst.Attribute):
            _walk(node.func.value, out)
            out.append(("method", node.func))
        else:
            _walk(node.func, out)
        for arg in node.args:
            _walk(arg.value, out)
            if arg.star:
                out.append(("call", arg))
        out.append(("call", node))
    elif isinstance(node, cst.Attribute):
        _walk(node.value, out)
        out.append(("load", node))
    elif isinstance(node, cst.Subscript):
        _walk(node.value, out)
        for element in node.slice:
            _walk(element.slice, out)
        out.append(("load", node))
    elif isinstance(node, cst.BinaryOperation | cst.UnaryOperation):
        for child in node.children:
            _walk(child, out)
        out.append(("op", node))
    elif isinstance(node, cst.NamedExpr):
        _walk(node.value, out)
        out.append(("store", node))
    else:
        for child in node.children:
            _walk(child, out)
        if isinstance(node, cst.FormattedStringExpression | cst.StarredElement | cst.StarredDictElement):
            out.append(("call", node))  # formatting and unpacking run the object's methods
        elif isinstance(node, cst.Yield | cst.Await):
            out.append(("call", node))


def _target(target: cst.BaseExpression, out: list[Event]) -> None:
    """Events of assigning to `target`, after the value: a plain name is a binding, no event."""
    if isinstance(target, cst.Tuple | cst.List):
        for element in target.elements:
            _target(element.value, out)
    elif isinstance(target, cst.StarredElement):
        _target(target.value, out)
    elif isinstance(target, cst.Attribute | cst.Subscript):
        _walk(target, out)
        out[-1] = ("store", target)


def statement_events(item: cst.CSTNode) -> list[Event] | None:
    """Events of a statement (of a `for`/`if` header only); None for statements not handled."""
    out: list[Event] = []
    if isinstance(item, cst.Assign):
        _walk(item.value, out)
        for target in item.targets:
            _target(target.target, out)
    elif isinstance(item, cst.AugAssign):
        if isinstance(item.target, cst.Name):
            out.append(("aug", item.target))  # read, but not a place an expression can go
        else:
            _walk(item.target, out)
        _walk(item.value, out)
        out += [("op", item), ("store", item)]
    elif isinstance(item, cst.Expr | cst.Return):
        if item.value is not None:
            _walk(item.value, out)
    elif isinstance(item, cst.For):
        _walk(item.iter, out)
    elif isinstance(item, cst.If):
        _walk(item.test, out)
    elif not isinstance(item, cst.Pass):
        return None
    return out


def effect_kind(expr: cst.BaseExpression) -> str:
    """'calls' when evaluating `expr` may run code, 'reads state' when it loads attributes or indexes,
    looks up methods or applies operators, else 'plain' (it only reads names and constants)."""
    events: list[Event] = []
    _walk(expr, events)
    kinds = {k for k, _ in events}
    return "calls" if "call" in kinds else "reads state" if kinds - {"name"} else "plain"


def clash(events: list[Event], kind: str, stored_attrs: set[str]) -> str | None:
    """Why `events` cannot run before an expression of `kind` instead of after it (None: they can).

    Looking up a method is harmless when the program never assigns an attribute of that name
    (`stored_attrs`): the lookup then finds what it found before.
    """
    for event, node in events:
        method = event == "method" and node.attr.value not in stored_attrs
        if kind == "calls" and event not in ("name", "aug") and not method:
            return f"it calls code, and {_WHAT[event]} evaluated first could see or change the effects"
        if kind == "reads state" and event in ("call", "store"):
            return f"it reads state, and {_WHAT[event]} evaluated first could change it"
    return None
