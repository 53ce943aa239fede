"""Rewriting a comprehension that only calls one callable on its loop variables as a `map` call.

Shared by map-comprehension and operator-map.
"""

from __future__ import annotations

import libcst as cst

from golf.codemods.layout import TIGHT_COMMA, squeezed_length
from golf.codemods.names import NAMES_AS_STRINGS, all_names, bindings
from golf.codemods.technique import Refuse


def _root(func: cst.BaseExpression) -> str | None:
    """The first name of a name or an attribute chain of names (`D` of `D.index`), else None."""
    while isinstance(func, cst.Attribute):
        func = func.value
    return func.value if isinstance(func, cst.Name) else None


def _class_level_names(cls: cst.ClassDef) -> set[str]:
    """Names the body of `cls` may bind itself (the names of nested defs, not what they bind inside)."""
    names: set[str] = set()
    statements = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else [cls.body]
    for statement in statements:
        if isinstance(statement, cst.FunctionDef | cst.ClassDef):
            names.add(statement.name.value)
        else:
            names |= {name for name, _ in bindings(statement)}
    return names


def _unwrapped(value: cst.BaseExpression) -> cst.BaseExpression:
    """The `map(...)` of a `[*map(...)]` this technique made, else `value` itself."""
    if isinstance(value, cst.List) and len(value.elements) == 1 and not value.lpar:
        element = value.elements[0]
        if isinstance(element, cst.StarredElement) and isinstance(element.value, cst.Call):
            return element.value
    return value


class ToMap(cst.CSTTransformer):
    """Rewrites comprehensions as `map`; with `operators` (operator-map), only those whose element is
    `a OP b` for an operator in it, mapping `OPERATOR_CLASS -> callable` (`cst.Multiply -> r.__mul__`)."""

    def __init__(self, module: cst.Module, operators: dict[type, cst.BaseExpression] | None = None) -> None:
        self.operators = operators
        bound = {name for name, _ in bindings(module)}  # star imports included (refused when unknowable)
        self.map_ok = "map" not in bound
        self.zip_ok = "zip" not in bound
        self.classes: list[set[str]] = []  # the class-level names of each enclosing class
        self.changed = 0
        self.refusals: list[str] = []

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.append(_class_level_names(node))

    def leave_ClassDef(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        self.classes.pop()
        return updated_node

    def _map_call(self, comp: cst.ListComp | cst.SetComp | cst.GeneratorExp) -> cst.Call | None:
        """`map(F, XS)` (or `map(F, X, Y)`) for a comprehension of the right shape, else None."""
        for_in = comp.for_in
        element = self._as_call(comp.elt)
        if for_in.inner_for_in is not None or for_in.ifs or for_in.asynchronous is not None:
            return None
        if element is None or _root(element.func) is None:
            return None
        if isinstance(for_in.target, cst.Name):
            variables = [for_in.target]
            iterables = [for_in.iter]
        elif isinstance(for_in.target, cst.Tuple | cst.List) and self._is_zip(for_in.iter):
            variables = [e.value for e in for_in.target.elements]
            iterables = [arg.value for arg in for_in.iter.args]  # type: ignore[attr-defined]
            starred = any(isinstance(e, cst.StarredElement) for e in for_in.target.elements)
            if starred or len(variables) != len(iterables):
                return None
        else:
            return None
        if not all(isinstance(v, cst.Name) for v in variables):
            return None
        names = [v.value for v in variables]  # type: ignore[attr-defined]
        args = element.args
        if len(set(names)) != len(names) or len(args) != len(names):
            return None
        if any(a.keyword is not None or a.star or not isinstance(a.value, cst.Name) for a in args):
            return None
        if [a.value.value for a in args] != names:  # type: ignore[attr-defined]
            return None
        root = _root(element.func)
        if root in names:
            self.refusals.append(f"the callable {root} depends on the loop variable")
            return None
        if any(root in names for names in self.classes):
            self.refusals.append(f"{root} is bound in the body of an enclosing class")
            return None
        if not self.map_ok:
            self.refusals.append("map is bound in the program, so it may not be the builtin")
            return None
        parts = [element.func, *iterables]
        new_args = [
            cst.Arg(part, comma=TIGHT_COMMA if i < len(parts) - 1 else cst.MaybeSentinel.DEFAULT)
            for i, part in enumerate(parts)
        ]
        return cst.Call(cst.Name("map"), new_args)

    def _as_call(self, element: cst.BaseExpression) -> cst.Call | None:
        """The element as the call the map would make, or None when it is none this rewrite takes."""
        if self.operators is None:
            return element if isinstance(element, cst.Call) else None
        if not isinstance(element, cst.BinaryOperation) or element.lpar:
            return None
        func = self.operators.get(type(element.operator))
        if func is None:
            return None
        return cst.Call(func, [cst.Arg(element.left), cst.Arg(element.right)])

    def _is_zip(self, node: cst.BaseExpression) -> bool:
        """True for `zip(X, Y, ...)` with only positional, unstarred arguments and the builtin `zip`."""
        if not isinstance(node, cst.Call) or not isinstance(node.func, cst.Name) or node.func.value != "zip":
            return False
        if any(a.keyword is not None or a.star for a in node.args):
            return False
        if not self.zip_ok:
            self.refusals.append("zip is bound in the program, so it may not be the builtin")
            return False
        return bool(node.args)

    def _shorter(self, old: cst.CSTNode, new: cst.CSTNode) -> bool:
        if squeezed_length(new) < squeezed_length(old):
            self.changed += 1
            return True
        return False

    def leave_ListComp(self, original_node: cst.ListComp, updated_node: cst.ListComp) -> cst.BaseExpression:
        call = self._map_call(updated_node)
        if call is None:
            return updated_node
        new = cst.List([cst.StarredElement(call)], lpar=updated_node.lpar, rpar=updated_node.rpar)
        return new if self._shorter(updated_node, new) else updated_node

    def leave_SetComp(self, original_node: cst.SetComp, updated_node: cst.SetComp) -> cst.BaseExpression:
        call = self._map_call(updated_node)
        if call is None:
            return updated_node
        new = cst.Set([cst.StarredElement(call)], lpar=updated_node.lpar, rpar=updated_node.rpar)
        return new if self._shorter(updated_node, new) else updated_node

    def leave_StarredElement(
        self, original_node: cst.StarredElement, updated_node: cst.StarredElement
    ) -> cst.StarredElement:
        # `*[F(x) for x in XS]` in a display needs no list of its own: `*map(F, XS)`.
        if isinstance(original_node.value, cst.ListComp):  # not a set: it would drop repeats
            return updated_node.with_changes(value=_unwrapped(updated_node.value))
        return updated_node

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg) -> cst.Arg:
        # A generator expression as an argument: the call's only one, or one in its own parentheses.
        value = updated_node.value
        if updated_node.star == "*" and isinstance(original_node.value, cst.ListComp):
            return updated_node.with_changes(value=_unwrapped(value))  # `f(*[F(x) for x in XS])`: `f(*map(F, XS))`
        if not isinstance(value, cst.GeneratorExp) or updated_node.star == "**":
            return updated_node
        call = self._map_call(value)
        if call is None:
            return updated_node
        return updated_node.with_changes(value=call) if self._shorter(value, call) else updated_node


def to_map(module: cst.Module, operators: dict[type, cst.BaseExpression] | None, nothing: str) -> cst.Module:
    """`module` with its comprehensions rewritten by `ToMap(module, operators)`; refuses with `nothing`
    (and the reasons met) when none is."""
    used = all_names(module) & NAMES_AS_STRINGS
    if used:
        raise Refuse(f"the program uses {', '.join(sorted(used))}, which can rebind map by its name")
    rewrite = ToMap(module, operators)
    new = module.visit(rewrite)
    if not rewrite.changed:
        why = f" ({'; '.join(dict.fromkeys(rewrite.refusals))})" if rewrite.refusals else ""
        raise Refuse(f"{nothing}{why}")
    return new
