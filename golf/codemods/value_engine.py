"""The autograd value class that fuse-nodes rewrites (its data attribute, constructor and operators),
and the shifted and negated expressions it builds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import libcst as cst
import libcst.matchers as m

from golf.codemods._statements import block_statements, function_statements
from golf.codemods.names import variable_names
from golf.codemods.technique import Refuse
from golf.codemods.tree import COMPREHENSIONS, ancestors

NUMBER_LITERALS = (cst.Integer, cst.Float, cst.Imaginary)


#: Operands that need no parentheses before `*` or after a unary minus (they bind tighter).
TIGHT_EXPRESSIONS = (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.Await, *NUMBER_LITERALS)


#: Parts of a call in which a walrus may run zero times or several.
CONDITIONAL_NODES = (cst.Lambda, cst.IfExp, cst.BooleanOperation, *COMPREHENSIONS)


#: Names through which a program could reach `__neg__` without a unary minus.
NEG_REFERENCES = frozenset({"__neg__", "neg", "getattr"})


class Engine:
    """The autograd class: its name, the attribute its `__init__` stores the data in, and its form
    (`pairs`: nodes built as `C(DATA, (child, GRAD), ...)`; else `C(DATA, (child, ...), (GRAD, ...))`)."""

    def __init__(self, cls: cst.ClassDef, data: str, pairs: bool) -> None:
        self.cls = cls
        self.name = cls.name.value
        self.data = data
        self.pairs = pairs

    def builds(self, node: cst.CSTNode) -> bool:
        """True for a node construction: positional tuple displays, two of equal length, or 2-tuple pairs."""
        if not m.matches(node, m.Call(func=m.Name(self.name))):
            return False
        args = node.args  # type: ignore[attr-defined]
        if any(a.keyword is not None or a.star for a in args):
            return False
        tuples = [a.value for a in args[1:]]
        if not all(isinstance(t, cst.Tuple) and all(isinstance(e, cst.Element) for e in t.elements) for t in tuples):
            return False
        if self.pairs:
            return len(tuples) > 0 and all(len(t.elements) == 2 for t in tuples)  # type: ignore[attr-defined]
        return len(tuples) == 2 and 0 < len(tuples[0].elements) == len(tuples[1].elements)  # type: ignore[attr-defined]

    def kids(self, call: cst.Call) -> list[cst.BaseElement]:
        """The children's elements of a node construction."""
        if self.pairs:
            return [a.value.elements[0] for a in call.args[1:]]  # type: ignore[attr-defined]
        return list(call.args[1].value.elements)  # type: ignore[attr-defined]

    def grads(self, call: cst.Call) -> list[cst.BaseElement]:
        """The local gradients' elements of a node construction."""
        if self.pairs:
            return [a.value.elements[1] for a in call.args[1:]]  # type: ignore[attr-defined]
        return list(call.args[2].value.elements)  # type: ignore[attr-defined]

    def rebuilt(
        self,
        call: cst.Call,
        kid: Callable[[cst.BaseExpression], cst.BaseExpression],
        grad: Callable[[cst.BaseExpression], cst.BaseExpression],
    ) -> cst.Call:
        """`call` with `kid` applied to each child and `grad` to each local gradient (DATA as it is)."""

        def mapped(arg: cst.Arg, *fs: Callable[[cst.BaseExpression], cst.BaseExpression]) -> cst.Arg:
            elements = [e.with_changes(value=f(e.value)) for e, f in zip(arg.value.elements, fs, strict=True)]  # type: ignore[attr-defined]
            return arg.with_changes(value=arg.value.with_changes(elements=elements))

        if self.pairs:
            return call.with_changes(args=[call.args[0], *(mapped(a, kid, grad) for a in call.args[1:])])
        kids, grads = call.args[1].value.elements, call.args[2].value.elements  # type: ignore[attr-defined]
        return call.with_changes(
            args=[call.args[0], mapped(call.args[1], *[kid] * len(kids)), mapped(call.args[2], *[grad] * len(grads))]
        )


def _stored_data(init: cst.FunctionDef) -> tuple[str, bool] | None:
    """The attribute `__init__(self, data, children, grads)` or `__init__(self, data, *pairs)` stores `data`
    in, and whether it is the pairs form, when it stores each of those parameters once."""
    params = init.params.params
    statements = function_statements(init)
    if statements is None:
        return None
    pairs = len(params) == 2 and isinstance(init.params.star_arg, cst.Param)
    if not pairs and len(params) < 4:
        return None
    self_name = params[0].name.value
    stored: dict[str, list[str]] = {}
    for statement in statements:
        if isinstance(statement, cst.Assign) and isinstance(statement.value, cst.Name):
            for target in statement.targets:
                if m.matches(target.target, m.Attribute(value=m.Name(self_name))):
                    stored.setdefault(statement.value.value, []).append(target.target.attr.value)  # type: ignore[attr-defined]
    wanted = [p.name.value for p in (params[1], init.params.star_arg) if isinstance(p, cst.Param)] if pairs else []
    wanted = wanted or [p.name.value for p in params[1:4]]
    if any(len(stored.get(name, [])) != 1 for name in wanted):
        return None
    return stored[wanted[0]][0], pairs


def find_engine(module: cst.Module) -> Engine:
    """The program's autograd value class, found by its `__init__` storing the data; refuses when there is not one."""
    found = []
    for cls in m.findall(module, m.ClassDef()):
        for statement in block_statements(cls.body):  # type: ignore[attr-defined]
            if isinstance(statement, cst.FunctionDef) and statement.name.value == "__init__":
                stored = _stored_data(statement)
                if stored is not None:
                    found.append(Engine(cls, *stored))  # type: ignore[arg-type]
    if len(found) != 1:
        raise Refuse(
            f"{'no' if not found else 'more than one'} autograd class"
            " (an __init__ storing data, children, grads or data, *pairs)"
        )
    return found[0]


def _tight(expr: cst.BaseExpression) -> bool:
    signed = m.UnaryOperation(operator=m.Minus() | m.Plus() | m.BitInvert())  # not `not`, which binds looser
    return (
        bool(expr.lpar)
        or isinstance(expr, TIGHT_EXPRESSIONS)
        or m.matches(expr, signed | m.BinaryOperation(operator=m.Power()))
    )


def parenthesized(expr: cst.BaseExpression) -> cst.BaseExpression:
    """`expr`, in parentheses unless it binds as tightly as an operand needs."""
    return expr if _tight(expr) else expr.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def negated(expr: cst.BaseExpression) -> cst.BaseExpression:
    """`-expr`, written short: `--x` is `x`, and the minus goes into the left factor of `*` and `/`."""
    if m.matches(expr, m.UnaryOperation(operator=m.Minus())) and not expr.lpar:
        return expr.expression  # type: ignore[attr-defined]
    if m.matches(expr, m.BinaryOperation(operator=m.Multiply() | m.Divide())) and not expr.lpar:
        return expr.with_changes(left=negated(expr.left))  # type: ignore[attr-defined]
    return cst.UnaryOperation(cst.Minus(), parenthesized(expr))


# ---------------------------------------------------------------------------
# Shift fusion
# ---------------------------------------------------------------------------
def shifted(
    call: cst.Call, engine: Engine, parents: Mapping[cst.CSTNode, cst.CSTNode], module: cst.Module
) -> tuple[str, str] | None:
    """(c, a) when `call` is a one-child node on the walrus `(c:=a-e)` that can be built on `a`."""
    kids = engine.kids(call)
    if len(kids) != 1 or not isinstance(kids[0].value, cst.Name):
        return None
    child = kids[0].value  # type: ignore[attr-defined]
    c = child.value
    walruses = [w for w in m.findall(call, m.NamedExpr(target=m.Name(c))) if isinstance(w, cst.NamedExpr)]
    if len(walruses) != 1:
        return None
    walrus = walruses[0]
    shift = walrus.value
    if not m.matches(shift, m.BinaryOperation(operator=m.Add() | m.Subtract(), left=m.Name())) or shift.lpar:
        return None
    a = shift.left.value  # type: ignore[attr-defined]
    if a == c or any(n.value == c for n in variable_names(shift)) or m.findall(call, m.NamedExpr(target=m.Name(a))):
        return None
    holder = parents.get(walrus)
    if not m.matches(holder, m.Attribute(value=m.NamedExpr(), attr=m.Name(engine.data))):
        return None
    above = ancestors(parents, walrus)
    if call not in above or any(isinstance(n, CONDITIONAL_NODES) for n in above[: above.index(call)]):
        return None
    if not m.findall(call.args[0], m.NamedExpr(target=m.Name(c))):
        return None  # the walrus must run in DATA, before the children tuple reads `c`
    uses = [n for n in variable_names(call) if n.value == c]
    if uses[0] is not walrus.target:
        return None
    for use in uses[1:]:
        is_read = m.matches(parents.get(use), m.Attribute(attr=m.Name(engine.data))) and parents[use].value is use
        if use is not child and not is_read:
            return None
    scope = next((n for n in above if isinstance(n, cst.FunctionDef | cst.Lambda | cst.ClassDef)), module)
    if isinstance(scope, cst.ClassDef):
        return None  # a walrus there binds a class attribute
    mine = {id(n) for n in uses}
    if any(n.value == c and id(n) not in mine for n in variable_names(scope)):
        return None  # `c` is read, bound or declared elsewhere in its scope: it must stay a node there
    return c, a
