"""alias-operators: a forwarding operator member becomes an alias of the operator method it calls.

In a class body, `def __radd__(self, other): return self + other` or
`__radd__ = lambda a, b: a + b` becomes `__radd__ = __add__`; likewise `__rmul__` from
`a * b`, and any reflected (`__rX__`) or in-place (`__iX__`) member whose whole body is its
own operator applied to its two parameters in order. Every member that qualifies is aliased
in one application; the method the alias names is kept, and the class body keeps its order.

Why it is exact. Python calls `__rX__` and `__iX__` implicitly, as `type(x).__rX__(x, y)`,
so the member's first parameter is an instance of the class. `x OP y` then calls
`type(x).__X__(x, y)` and reaches anything else only if that returns NotImplemented or
if `type(y)` is a proper subclass of `type(x)` with its own reflected method. The alias
calls `type(x).__X__(x, y)` directly: the same object, looked up and bound the same way (a
slot finds `__rX__` exactly as it finds `__X__`). So it requires:

- `__X__` is bound once in the class body, by a statement of the body itself that runs
  *before* the member (the alias takes the object bound at that point), and nowhere else in
  the class; no attribute named after an operator method is read or set anywhere
  (`C.__add__ = f` later, `x.__radd__(3)` with a non-instance first argument, or an explicit
  `y.__add__(x)` that could return NotImplemented);
- the program never names `NotImplemented`, `getattr`, `setattr`, `delattr`, `__dict__`,
  `eval`, `exec`, `globals`, `locals` or `vars`, calls no three-argument `type`, and no
  string mentions the member's name (they could reach the member by name);
- the class is not decorated and has no base but `object` and no metaclass (an inherited
  `__getattribute__` or a metaclass could differ), and no other class in the file has a base
  or keyword that could be this class (anything but an unrebound builtin name such as
  `Exception`);
- the member is a plain `def` (not decorated or async, no annotations) or a lambda assigned
  to its name alone, with exactly two positional parameters and no defaults, bound only there
  and not read in the class body.

`**` is left out: three-argument `pow` calls `__pow__` (and, from Python 3.14, `__rpow__`)
with a third argument, which the two-parameter member rejects but `__pow__` may accept.
The member's `__name__` and `__qualname__` become those of `__X__`; the checker compares
computations and output, not function names.
"""

from __future__ import annotations

import builtins

import libcst as cst
import libcst.matchers as m

from golf.codemods._statements import block_statements, edit_statements, function_statements, member_names, two_params
from golf.codemods.names import NAMES_AS_STRINGS, all_names, bindings, variable_names
from golf.codemods.technique import Params, Refuse, Technique

#: Operator node type -> the stem of its method names (`add` for `__add__`, `__radd__`, `__iadd__`).
_STEMS: dict[type, str] = {
    cst.Add: "add",
    cst.Subtract: "sub",
    cst.Multiply: "mul",
    cst.Divide: "truediv",
    cst.FloorDivide: "floordiv",
    cst.Modulo: "mod",
    cst.MatrixMultiply: "matmul",
    cst.LeftShift: "lshift",
    cst.RightShift: "rshift",
    cst.BitAnd: "and",
    cst.BitOr: "or",
    cst.BitXor: "xor",
}
#: Forwarding member -> (the method it aliases, the operator its body must apply).
_FORWARDS: dict[str, tuple[str, type]] = {
    f"__{prefix}{stem}__": (f"__{stem}__", operator) for operator, stem in _STEMS.items() for prefix in ("r", "i")
}
#: Every operator method name (pow included): no attribute by these names may be read or set.
_DUNDERS = frozenset(f"__{p}{stem}__" for stem in [*_STEMS.values(), "pow"] for p in ("", "r", "i"))
#: Names that reach members by strings, or that make NotImplemented flow between operators.
_BY_NAME = NAMES_AS_STRINGS | {"getattr", "setattr", "delattr", "__dict__", "NotImplemented"}


def _why_not(module: cst.Module) -> str | None:
    """Why no member of `module` can be aliased, or None."""
    used = all_names(module) & _BY_NAME
    if used:
        return f"the program uses {', '.join(sorted(used))}"
    for attribute in m.findall(module, m.Attribute()):
        if attribute.attr.value in _DUNDERS:  # type: ignore[attr-defined]
            return f"the program reads or sets the attribute {attribute.attr.value}"  # type: ignore[attr-defined]
    if m.findall(module, m.Call(func=m.Name("type"), args=[m.Arg(), m.Arg(), m.Arg()])):
        return "the program makes classes with type(), which could subclass any class"
    return None


def _plain_name(node: cst.BaseExpression, rebound: set[str]) -> bool:
    """True for a builtin name (`object`, `Exception`) the program never rebinds."""
    return isinstance(node, cst.Name) and node.value in dir(builtins) and node.value not in rebound


def _class_refusal(cls: cst.ClassDef, classes: list[cst.ClassDef], rebound: set[str]) -> str | None:
    """Why the members of `cls` cannot be aliased: its shape, or a class that may subclass it."""
    name = cls.name.value
    if cls.decorators:
        return f"class {name} is decorated"
    if cls.keywords or any(not m.matches(b.value, m.Name("object")) or b.star for b in cls.bases):
        return f"class {name} has a base or metaclass besides object"
    if any(b.value.value in rebound for b in cls.bases):  # type: ignore[attr-defined]
        return f"class {name} has object as a base, but object is rebound"
    for other in classes:
        if other is not cls and not all(_plain_name(a.value, rebound) for a in [*other.bases, *other.keywords]):
            return f"class {other.name.value} has a base that may be {name}: it could override the member"
    return None


def _forwarding(statement: cst.CSTNode) -> tuple[str, str] | None:
    """(member, aliased method) when `statement` is a member whose body forwards to its operator."""
    names = member_names(statement)
    if len(names) != 1 or names[0] not in _FORWARDS:
        return None
    member = names[0]
    target, operator = _FORWARDS[member]
    if isinstance(statement, cst.FunctionDef):
        statements = function_statements(statement)
        if statement.decorators or statement.asynchronous or statement.returns or not statements or statements[1:]:
            return None  # a decorator or an annotation runs when the def does; async returns a coroutine
        if any(p.annotation for p in statement.params.params) or not m.matches(statements[0], m.Return()):
            return None
        params, body = statement.params, statements[0].value  # type: ignore[attr-defined]
    elif isinstance(statement, cst.Assign) and isinstance(statement.value, cst.Lambda):
        params, body = statement.value.params, statement.value.body
    else:
        return None
    names = two_params(params)
    if names is None or not isinstance(body, cst.BinaryOperation) or not isinstance(body.operator, operator):
        return None
    applies = m.matches(body.left, m.Name(names[0])) and m.matches(body.right, m.Name(names[1]))
    return (member, target) if applies else None


def _alias(statement: cst.CSTNode, member: str, target: str) -> cst.CSTNode:
    """The statement that binds `member` to `target`, in the place of `statement`."""
    if isinstance(statement, cst.Assign):
        return statement.with_changes(value=cst.Name(target))
    line = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(member))], cst.Name(target))])
    return line.with_changes(leading_lines=statement.leading_lines)  # type: ignore[attr-defined]


def _edits(module: cst.Module) -> tuple[dict[cst.CSTNode, cst.CSTNode | None], list[str]]:
    """The replacements for every member that can be aliased, and why the other forwarding members cannot."""
    edits: dict[cst.CSTNode, cst.CSTNode | None] = {}
    reasons: list[str] = []
    classes = [c for c in m.findall(module, m.ClassDef()) if isinstance(c, cst.ClassDef)]
    rebound = {name for name, _ in bindings(module)}
    strings = [
        s.value  # type: ignore[attr-defined]
        for s in m.findall(module, m.SimpleString() | m.FormattedStringText())
    ]
    for cls in classes:
        statements = block_statements(cls.body)
        found = [(i, s, f) for i, s in enumerate(statements) if (f := _forwarding(s)) is not None]
        if not found:
            continue
        refusal = _class_refusal(cls, classes, rebound)
        if refusal is not None:
            reasons.append(refusal)
            continue
        bound = [name for name, _ in bindings(cls.body)]
        for index, statement, (member, target) in found:
            before = [i for i, s in enumerate(statements[:index]) if target in member_names(s)]
            where = f"{cls.name.value}.{member}"
            if bound.count(target) != 1 or len(before) != 1:
                reasons.append(f"{where}: {target} is not bound exactly once, before it, in the class body")
            elif bound.count(member) != 1 or [n.value for n in variable_names(cls.body)].count(member) != 1:
                reasons.append(f"{where} is bound again or read in the class body")
            elif any(member in s for s in strings):
                reasons.append(f"{where}: a string names it, so it may be reached by name")
            else:
                edits[statement] = _alias(statement, member, target)
    return edits, reasons


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Alias every reflected or in-place operator member that only applies its own operator."""
    reason = _why_not(module)
    if reason is not None:
        raise Refuse(reason)
    edits, reasons = _edits(module)
    if not edits:
        raise Refuse("; ".join(reasons) or "no class member only applies its operator to its parameters")
    return edit_statements(module, edits)


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    try:
        return [{}] if _why_not(module) is None and _edits(module)[0] else []
    except Refuse:  # a star import of a module whose names are unknown
        return []


TECHNIQUE = Technique(
    name="alias-operators",
    summary="turn `__radd__ = lambda a, b: a + b` (or its def) into `__radd__ = __add__`",
    transform=transform,
    candidates=_candidates,
)
