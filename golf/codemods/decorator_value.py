"""decorator-value: build the autograd class's operator dunders from one factory.

In the autograd class, `__add__` and `__mul__` both start by wrapping a plain number in the
class (`other = other if isinstance(other, Value) else Value(other)`). This codemod writes
that wrapping once, in a module-level factory, and builds both dunders from it:
`__add__ = _operand(lambda self, other: Value(self.data + other.data, ...))`. Reflected
dunders that only swap the operands back (`__radd__` returning `self + other`, `__rmul__`
returning `self * other`) become aliases, `__radd__ = __add__`, since `self + other` calls
exactly that method. Every other composition keeps its own body, so `a - b` stays
`a + (-b)` and `a / b` stays `a * b**-1`: the float operations, their order and the graph
are unchanged. It refuses when the class has a subclass in the file (an alias would skip
the subclass's override) or when no dunder has one of these shapes.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from golf.codemods._statements import function_statements, two_params
from golf.codemods.names import all_names, fresh_name
from golf.codemods.technique import Params, Refuse, Technique

#: Reflected dunder -> the dunder it calls, and the operator its body must use.
_REFLECTED = {"__radd__": ("__add__", cst.Add), "__rmul__": ("__mul__", cst.Multiply)}
_COERCED = ("__add__", "__mul__")


def _coerced_return(node: cst.FunctionDef, cls: str) -> cst.BaseExpression | None:
    """`expr` when `node` is `def op(self, other): other = other if isinstance(other, C) else C(other); return expr`."""
    names = two_params(node.params)
    statements = function_statements(node)
    if node.decorators or names is None or statements is None or len(statements) != 2:
        return None
    _, other = names
    wrap = m.Assign(
        targets=[m.AssignTarget(m.Name(other))],
        value=m.IfExp(
            test=m.Call(func=m.Name("isinstance"), args=[m.Arg(m.Name(other)), m.Arg(m.Name(cls))]),
            body=m.Name(other),
            orelse=m.Call(func=m.Name(cls), args=[m.Arg(m.Name(other))]),
        ),
    )
    first, second = statements
    if not m.matches(first, wrap) or not isinstance(second, cst.Return) or second.value is None:
        return None
    return second.value


def _swaps_back(node: cst.CSTNode, operator: type) -> bool:
    """True for `def r(self, other): return self OP other` or `r = lambda self, other: self OP other`."""
    if isinstance(node, cst.FunctionDef):
        names, statements = two_params(node.params), function_statements(node)
        if node.decorators or names is None or statements is None or len(statements) != 1:
            return False
        ret = statements[0]
        if not isinstance(ret, cst.Return) or ret.value is None:
            return False
        value = ret.value
    elif isinstance(node, cst.Lambda):
        names, value = two_params(node.params), node.body
        if names is None:
            return False
    else:
        return False
    # Compare the operator by type: a matcher built from `operator()` would also compare its spacing
    # (`self + other` matched, a squeezed `a+b` did not).
    return (
        m.matches(value, m.BinaryOperation(left=m.Name(names[0]), right=m.Name(names[1])))
        and isinstance(value.operator, operator)  # type: ignore[attr-defined]
    )


def _members(body: list[cst.BaseStatement]) -> dict[str, tuple[int, cst.CSTNode]]:
    """Class-body members by name: (position, the def or the assigned lambda)."""
    found: dict[str, tuple[int, cst.CSTNode]] = {}
    for index, statement in enumerate(body):
        if isinstance(statement, cst.FunctionDef):
            found[statement.name.value] = (index, statement)
        elif isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
            small = statement.body[0]
            if (
                isinstance(small, cst.Assign)
                and len(small.targets) == 1
                and isinstance(small.targets[0].target, cst.Name)
            ):
                found[small.targets[0].target.value] = (index, small.value)
    return found


def _line(target: str, value: cst.BaseExpression, like: cst.BaseStatement) -> cst.SimpleStatementLine:
    assign = cst.Assign(targets=[cst.AssignTarget(cst.Name(target))], value=value)
    return cst.SimpleStatementLine([assign], leading_lines=getattr(like, "leading_lines", ()))


def _rewrite_class(cls: cst.ClassDef, factory: str) -> tuple[cst.ClassDef, bool]:
    """The class with coerced and reflected dunders rebuilt; and whether the factory is used."""
    if not isinstance(cls.body, cst.IndentedBlock):
        return cls, False
    body = list(cls.body.body)
    members = _members(body)
    uses_factory = False
    for name in _COERCED:
        if name in members and isinstance(members[name][1], cst.FunctionDef):
            index, node = members[name]
            expr = _coerced_return(node, cls.name.value)
            if expr is not None:
                lam = cst.Lambda(params=node.params, body=expr)
                body[index] = _line(name, cst.Call(cst.Name(factory), [cst.Arg(lam)]), node)
                uses_factory = True
    for name, (called, operator) in _REFLECTED.items():
        if name in members and called in members and members[called][0] < members[name][0]:
            index, node = members[name]
            if _swaps_back(node, operator):
                body[index] = _line(name, cst.Name(called), node)
    return cls.with_changes(body=cls.body.with_changes(body=body)), uses_factory


def _factory(name: str, cls: str) -> cst.FunctionDef:
    method, self, other = (fresh_name(n, {cls}) for n in ("method", "self", "other"))
    code = (
        f"def {name}({method}):\n"
        f"    return lambda {self}, {other}: "
        f"{method}({self}, {other} if isinstance({other}, {cls}) else {cls}({other}))\n"
    )
    return cst.ensure_type(cst.parse_statement(code), cst.FunctionDef)


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Rebuild the autograd class's `__add__`/`__mul__` from one operand-wrapping factory, alias reflected ones."""
    factory = fresh_name("_operand", all_names(module))
    body = list(module.body)
    subclassed = {
        b.value.value for c in m.findall(module, m.ClassDef()) for b in c.bases if isinstance(b.value, cst.Name)
    }
    for index, statement in enumerate(body):
        if not isinstance(statement, cst.ClassDef):
            continue
        if statement.name.value in subclassed:
            raise Refuse(f"class {statement.name.value} has a subclass here: an alias would skip its override")
        new_class, uses_factory = _rewrite_class(statement, factory)
        if new_class is statement or new_class.deep_equals(statement):
            continue
        body[index] = new_class
        if uses_factory:
            body.insert(index, _factory(factory, statement.name.value))
        return module.with_changes(body=body)
    raise Refuse("no class with operand-wrapping __add__/__mul__ or operand-swapping __radd__/__rmul__")


TECHNIQUE = Technique(
    name="decorator-value",
    summary="build the autograd class's __add__/__mul__ from one operand-wrapping factory; alias __radd__/__rmul__",
    transform=transform,
)
