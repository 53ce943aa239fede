"""isinstance-type (a trial technique): `isinstance(X,C)` becomes `C==type(X)` for a class C of the program.

`other if isinstance(other,Value)else Value(other)` becomes `other if Value==type(other)else
Value(other)`: 10 characters instead of 15, and the closing parenthesis still needs no space
before a following keyword. C must be a class the program defines at module level and binds
nowhere else at module level (no other assignment, import or `global` of the name), and the
name C in the call must read the module's binding, not a local of a function around it.

`C==type(X)` is true exactly when X's type is C itself (a class's `==` is identity, from
`type`); `isinstance(X,C)` is also true when X's type derives from C, when X's `__class__`
claims C, and whatever a metaclass's `__instancecheck__` says. So it refuses when any class of
the program names C among its bases, when the program mentions `__class__` anywhere (a class
defining it, or code assigning `x.__class__`), when C's class statement has keywords (a
metaclass) or bases other than none or `object` (a base can bring a metaclass: an `ABC`'s
`register` makes isinstance true for unrelated types; `object` only when the program does not
bind that name), and when the program binds `isinstance` or `type` (star imports included). The
rest cannot be read from the source: a class made elsewhere (`type(name, (C,), {})`) and the
order of evaluation (C is now read before X, which matters only if evaluating X raises or
rebinds C). So this is a trial (`trial=True`): the shrink search keeps
the result only when the equivalence check finds the program identical.

The call must have exactly two positional arguments, the second a plain name, and not lie in
a self-documenting f-string field (`{isinstance(x,C)=}` prints its source). A comparison
binds looser than a call, so where the call is an operand of an arithmetic, bitwise, unary
(other than `not`) or comparison operator, or is itself called, indexed or has an attribute
read, the comparison gets parentheses (12 characters, still shorter).
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.metadata import GlobalScope, ParentNodeProvider, ScopeProvider

from golf.codemods.names import all_names, bindings, local_binding_scope
from golf.codemods.program import metadata
from golf.codemods.technique import Params, Refuse, Technique
from golf.codemods.tree import ancestors

#: The call, `isinstance(X, C)` with C a name.
_CALL = m.Call(
    func=m.Name("isinstance"),
    args=[m.Arg(keyword=None, star=""), m.Arg(m.Name(), keyword=None, star="")],
)
#: Parents that take a comparison operand only in parentheses.
_TIGHT = (
    cst.BinaryOperation,
    cst.Comparison,
    cst.ComparisonTarget,
    cst.Attribute,
    cst.Subscript,
    cst.Await,
    cst.StarredElement,
    cst.StarredDictElement,
)


def _plain_bases(cls: cst.ClassDef, bound: set[str]) -> bool:
    """True when the class has no bases, or only the builtin `object`: no base can bring a metaclass."""
    if not cls.bases:
        return True
    return "object" not in bound and m.matches(cls, m.ClassDef(bases=[m.Arg(m.Name("object"), keyword=None, star="")]))


def _classes(module: cst.Module, scope: GlobalScope, bound: set[str]) -> dict[str, cst.ClassDef]:
    """The module-level classes bound at module level by their class statement only, without keywords,
    bases other than `object` (`bound` holds the names the program binds) or subclasses."""
    declared = {item.name.value for node in m.findall(module, m.Global()) for item in node.names}  # type: ignore[attr-defined]
    found = {}
    for cls in module.body:
        if not isinstance(cls, cst.ClassDef) or cls.keywords or cls.name.value in declared:
            continue  # has a metaclass, or a function may rebind the name
        if not _plain_bases(cls, bound):
            continue  # a base class (`ABC`) may bring a metaclass with its own `__instancecheck__`
        if [a.node for a in scope.assignments[cls.name.value]] == [cls]:
            found[cls.name.value] = cls
    for cls in m.findall(module, m.ClassDef()):
        for base in cls.bases:  # type: ignore[attr-defined]
            for node in m.findall(base, m.Name()):
                found.pop(node.value, None)  # type: ignore[attr-defined]
    return found


def _needs_parentheses(call: cst.Call, parent: cst.CSTNode | None) -> bool:
    """True when `call`, as a comparison, would bind wrongly in `parent` without its own parentheses."""
    if call.lpar:
        return False
    if isinstance(parent, cst.UnaryOperation):
        return not isinstance(parent.operator, cst.Not)
    if isinstance(parent, cst.Call):
        return parent.func is call
    return isinstance(parent, _TIGHT)


def _calls(module: cst.Module) -> tuple[cst.Module, list[cst.Call], dict[cst.CSTNode, cst.CSTNode]]:
    """The module (wrapped) and the calls `isinstance(X, C)` of a qualifying class C; raises Refuse when none."""
    if "__class__" in all_names(module):
        raise Refuse("the program mentions __class__, which isinstance honours and type does not")
    bound = {name for name, _ in bindings(module)}
    rebound = sorted(bound & {"isinstance", "type"})
    if rebound:
        raise Refuse(f"the program binds {', '.join(rebound)}")
    wrapper = metadata(module)
    tree = wrapper.module
    parents = wrapper.resolve(ParentNodeProvider)
    scopes = wrapper.resolve(ScopeProvider)
    classes = _classes(tree, scopes[tree], bound)  # type: ignore[arg-type]
    calls = [c for c in m.findall(tree, _CALL) if isinstance(c, cst.Call)]
    if not calls:
        raise Refuse("no call isinstance(X, C) with C a name")
    chosen = []
    for call in calls:
        name = call.args[1].value.value  # type: ignore[attr-defined]
        scope = scopes.get(call)
        # The name must read the module's binding, not a local one of some function around the call.
        if name not in classes or scope is None or local_binding_scope(scope, name) is not None:
            continue
        if not any(isinstance(a, cst.FormattedStringExpression) and a.equal for a in ancestors(parents, call)):
            chosen.append(call)  # (a self-documenting f-string field `{...=}` prints its own source)
    if not chosen:
        raise Refuse(
            "no isinstance(X, C) with C a module-level class defined once, without subclasses or bases but object"
        )
    return tree, chosen, parents  # type: ignore[return-value]


class _Rewrite(cst.CSTTransformer):
    def __init__(self, calls: list[cst.Call], parents: dict[cst.CSTNode, cst.CSTNode]) -> None:
        self.calls = set(calls)
        self.parents = parents

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if original_node not in self.calls:
            return updated_node
        subject = updated_node.args[0].value
        cls = updated_node.args[1].value
        comparison = cst.Comparison(
            cls,
            [
                cst.ComparisonTarget(
                    cst.Equal(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")),
                    cst.Call(cst.Name("type"), [cst.Arg(subject)]),
                )
            ],
            lpar=updated_node.lpar,
            rpar=updated_node.rpar,
        )
        if _needs_parentheses(original_node, self.parents.get(original_node)):
            comparison = comparison.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        return comparison


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Rewrite every qualifying `isinstance(X, C)` as `C==type(X)`."""
    tree, calls, parents = _calls(module)
    return tree.visit(_Rewrite(calls, parents))


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    try:
        _calls(module)
    except Refuse:
        return []
    return [{}]


TECHNIQUE = Technique(
    name="isinstance-type",
    summary="isinstance(X,C) becomes C==type(X) for a class C defined once, without bases or subclasses (trial)",
    transform=transform,
    candidates=_candidates,
    trial=True,
)
