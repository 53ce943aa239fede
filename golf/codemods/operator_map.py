"""operator-map (a trial technique): a comprehension of one binary operator over zipped pairs becomes `map`
of the operator method of the program's class.

`sum(a*b for a,b in zip(w,x))` becomes `sum(map(r.__mul__,w,x))` and `[a+b for a,b in zip(X,Y)]`
becomes `[*map(r.__add__,X,Y)]`, where `r` is the one class of the program whose body defines
`__mul__` (or `__add__`, ...). The element must be `a OP b` with `a` and `b` the loop variables in
target order; the rest (one `for` clause over `zip`, no `if`, shorter only) is map-comprehension's
rewrite, whose reasoning about when `map` matches the comprehension applies unchanged.

Why it cannot be proven: `a*b` calls `type(a).__mul__(a, b)` and, when that returns
`NotImplemented` or does not exist, `type(b).__rmul__(b, a)`; `r.__mul__(a, b)` always calls the
class's function. The two agree exactly when every `a` the loop meets is an instance of `r` (not
of a subclass overriding the operator) and the method answers for every `b`. Which values flow
through the loop is a fact of the run, so the shrink search keeps the result only when the
equivalence check finds it identical (a float on the left raises AttributeError, or reaches a
different method, and is caught).

It refuses an operator no class defines, or one that two classes define (which one `a` belongs to
is not in the source), a class whose name is bound anywhere else (a local of that name would be
called instead) or that is defined inside a function,
and whatever map-comprehension refuses (`map` or `zip` rebound, names reached by strings).
"""

from __future__ import annotations

import libcst as cst

from golf.codemods._statements import block_statements, member_names
from golf.codemods.map_calls import to_map
from golf.codemods.names import bindings
from golf.codemods.technique import Params, Refuse, Technique, offered_when_it_applies

#: Binary operators and the method `a OP b` calls first.
_METHODS: dict[type, str] = {
    cst.Add: "__add__",
    cst.Subtract: "__sub__",
    cst.Multiply: "__mul__",
    cst.Divide: "__truediv__",
    cst.FloorDivide: "__floordiv__",
    cst.Modulo: "__mod__",
    cst.Power: "__pow__",
    cst.MatrixMultiply: "__matmul__",
}


def _operators(module: cst.Module) -> dict[type, cst.BaseExpression]:
    """Each operator exactly one top-level class defines, with `Class.__method__` to call instead. The
    class's name must be bound nowhere else, not even as a local (a comprehension in a function with a
    parameter of that name would call the parameter's method)."""
    bound = [name for name, _ in bindings(module)]
    owners: dict[str, list[str]] = {}
    for statement in module.body:
        if isinstance(statement, cst.ClassDef) and bound.count(statement.name.value) == 1:
            members = {name for small in block_statements(statement.body) for name in member_names(small)}
            for name in members & set(_METHODS.values()):
                owners.setdefault(name, []).append(statement.name.value)
    return {
        operator: cst.Attribute(cst.Name(owners[method][0]), cst.Name(method))
        for operator, method in _METHODS.items()
        if len(owners.get(method, [])) == 1
    }


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Turn every comprehension of `a OP b` over `zip` pairs into `map` of the class's operator method."""
    operators = _operators(module)
    if not operators:
        raise Refuse("no operator method is defined by exactly one class of the program")
    return to_map(module, operators, "no comprehension only applies a class's operator to its zipped loop variables")


TECHNIQUE = Technique(
    name="operator-map",
    summary="turn `sum(a*b for a,b in zip(X,Y))` into `sum(map(C.__mul__,X,Y))` for the class C defining it (trial)",
    transform=transform,
    candidates=offered_when_it_applies(transform),
    trial=True,
)
