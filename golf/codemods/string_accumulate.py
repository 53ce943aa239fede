"""string-accumulate (a trial technique): a list built only to be joined becomes a string.

    V = []                 V = ''
    for c in cs:           for c in cs:
        V.append(S)    ->      V += S
    print(''.join(V))      print(V)

`V` is a plain name of a function or the module, bound only to new empty lists: `V = []`, or
one pair of a tuple assignment `N, O, V = [], [], []` (which becomes `N, O, V = [], [], ''`).
Every other use of `V` is `V.append(S)` as a statement, or `V += S,` (what augmented-append
makes of it), which become `V += S`, or the argument of `''.join(V)` (the empty string literal,
in any quotes), which becomes `V`, also inside an f-string field. It saves seven bytes per
append (one per `V+=S,`) and ten per join.

Why the result is the same when every `S` is a str: from each binding of `V` on, the list holds
the strings appended since, in order, and `''.join` of it is their concatenation; the string
`V` is that concatenation at every point, so every join reads the same value. A new `''` at
each binding stands for the new list, and since `V` is used for nothing else, no alias of the
list can see the difference. Whether each `S` is a str is a fact of the running program
(joining a list of non-strings raises, `+=` on them may not), so this is a trial
(`trial=True`): the shrink search keeps the result only when the equivalence check finds the
program identical.

It refuses (leaves alone) a variable with any other use: another binding (`V = x`, `for V`,
`del V`), another read (`len(V)`, `V` passed on), a use from a nested function, lambda,
comprehension or class body (which would see the variable of the enclosing scope), a
`global` or `nonlocal` declaration of it, a join in a self-documenting f-string field
(`{''.join(V)=}` prints its own source), and programs using `eval`, `exec`, `globals`,
`locals` or `vars`. With the parameter `name` only that variable is rewritten; by default
every one that qualifies is.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.metadata import FunctionScope, GlobalScope, ParentNodeProvider, Scope, ScopeProvider

from golf.codemods.in_place import add_in_place
from golf.codemods.names import NAMES_AS_STRINGS, all_names, declared_names, local_binding_scope, variable_names
from golf.codemods.program import metadata
from golf.codemods.technique import Param, Params, Refuse, Technique
from golf.codemods.tree import ancestors

_JOIN = m.Call(
    func=m.Attribute(value=m.SimpleString(), attr=m.Name("join")), args=[m.Arg(m.Name(), keyword=None, star="")]
)
_APPEND = m.Expr(m.Call(func=m.Attribute(value=m.Name(), attr=m.Name("append")), args=[m.Arg(keyword=None, star="")]))
_ADD_ONE = m.AugAssign(target=m.Name(), operator=m.AddAssign(), value=m.Tuple(elements=[m.Element()]))
_EMPTY_LIST = m.List(elements=[])


class _Program:
    """The module with its scopes and parents, and the uses of each joined variable."""

    def __init__(self, module: cst.Module) -> None:
        if all_names(module) & NAMES_AS_STRINGS:
            raise Refuse("the program uses eval, exec, globals, locals or vars, which can reach any variable")
        wrapper = metadata(module)
        self.module = wrapper.module
        self.scopes = wrapper.resolve(ScopeProvider)
        self.parents = wrapper.resolve(ParentNodeProvider)
        self.declared = declared_names(self.module)
        self.names = variable_names(self.module)

    def owner(self, name: cst.Name) -> Scope | None:
        """The scope whose variable `name` is (the module's for a global), or None when unknown."""
        scope = self.scopes.get(name)
        if scope is None:
            return None
        return local_binding_scope(scope, name.value) or scope.globals

    def variables(self) -> list[tuple[str, Scope]]:
        """(name, scope) of each variable some `''.join(V)` reads, in source order."""
        found: list[tuple[str, Scope]] = []
        for call in m.findall(self.module, _JOIN):
            separator = call.func.value  # type: ignore[attr-defined]
            name = call.args[0].value  # type: ignore[attr-defined]
            owner = self.owner(name)
            if separator.evaluated_value == "" and owner is not None and (name.value, owner) not in found:
                found.append((name.value, owner))
        return found

    def rewrite(self, name: str, owner: Scope) -> dict[cst.CSTNode, str] | str:
        """The role of each use of the variable (`bind`, `append`, `add`, `join`, by the node to rewrite),
        or why it cannot become a string."""
        if not isinstance(owner, FunctionScope | GlobalScope):
            return f"{name} belongs to a class body or comprehension"
        if name in self.declared:
            return f"{name} is declared global or nonlocal"
        roles: dict[cst.CSTNode, str] = {}
        for node in self.names:
            if node.value != name:
                continue
            scope = self.scopes.get(node)
            if scope is None:
                return f"{name} is used where its scope is not known"
            if self.owner(node) is not owner:
                continue  # another variable of the same name
            if scope is not owner:
                return f"{name} is used from a nested scope"
            role = self._role(node)
            if role is None:
                return f"{name} has a use other than [] bindings, appends and ''.join"
            roles[role[0]] = role[1]
        if "bind" not in roles.values():
            return f"{name} is never bound to []"
        return roles

    def _role(self, node: cst.Name) -> tuple[cst.CSTNode, str] | None:
        """(the node to rewrite, what it is) for a use of the variable `node` may be; None for any other use."""
        parent = self.parents[node]
        above = self.parents.get(parent)
        if m.matches(parent, m.Arg()) and above is not None and m.matches(above, _JOIN):
            separator = above.func.value  # type: ignore[attr-defined]
            if separator.evaluated_value != "":
                return None
            if any(isinstance(a, cst.FormattedStringExpression) and a.equal for a in ancestors(self.parents, above)):
                return None  # `{''.join(V)=}` prints its own source
            return above, "join"
        if m.matches(parent, m.Attribute(attr=m.Name("append"))) and above is not None and parent.value is node:
            statement = self.parents.get(above)
            return (statement, "append") if statement is not None and m.matches(statement, _APPEND) else None
        if m.matches(parent, _ADD_ONE) and parent.target is node:
            return parent, "add"
        if isinstance(parent, cst.AssignTarget) and m.matches(above, m.Assign(targets=[m.AssignTarget()])):
            return (above.value, "bind") if m.matches(above.value, _EMPTY_LIST) else None  # type: ignore[union-attr]
        return self._tuple_binding(node, parent)

    def _tuple_binding(self, node: cst.Name, parent: cst.CSTNode) -> tuple[cst.CSTNode, str] | None:
        """(the `[]` paired with `node`, "bind") in `a, V = x, []`; None for any other place."""
        element = parent if isinstance(parent, cst.Element) and type(parent) is cst.Element else None
        target = self.parents.get(element) if element is not None else None
        line = self.parents.get(target) if target is not None else None
        assign = self.parents.get(line) if isinstance(line, cst.AssignTarget) else None
        if not isinstance(assign, cst.Assign) or len(assign.targets) != 1 or not isinstance(assign.value, cst.Tuple):
            return None
        targets, values = target.elements, assign.value.elements  # type: ignore[union-attr]
        if len(targets) != len(values) or any(type(e) is not cst.Element for e in [*targets, *values]):
            return None
        value = values[list(targets).index(element)].value
        return (value, "bind") if m.matches(value, _EMPTY_LIST) else None


class _ToString(cst.CSTTransformer):
    """Rewrite each use by its role: `[]` -> `''`, append / `+=S,` -> `+=S`, `''.join(V)` -> `V`."""

    def __init__(self, roles: dict[cst.CSTNode, str]) -> None:
        self.roles = roles
        self.unwritable = False

    def leave_List(self, original_node: cst.List, updated_node: cst.List) -> cst.BaseExpression:
        if self.roles.get(original_node) != "bind":
            return updated_node
        return cst.SimpleString("''", lpar=updated_node.lpar, rpar=updated_node.rpar)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if self.roles.get(original_node) != "join":
            return updated_node
        return updated_node.args[0].value.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)

    def leave_Expr(self, original_node: cst.Expr, updated_node: cst.Expr) -> cst.BaseSmallStatement:
        if self.roles.get(original_node) != "append":
            return updated_node
        call: cst.Call = updated_node.value  # type: ignore[assignment]
        return self._add(updated_node, call.func.value, call.args[0].value)  # type: ignore[attr-defined]

    def leave_AugAssign(self, original_node: cst.AugAssign, updated_node: cst.AugAssign) -> cst.BaseSmallStatement:
        if self.roles.get(original_node) != "add":
            return updated_node
        return self._add(updated_node, updated_node.target, updated_node.value.elements[0].value)  # type: ignore[attr-defined]

    def _add(
        self, statement: cst.Expr | cst.AugAssign, target: cst.BaseExpression, value: cst.BaseExpression
    ) -> cst.BaseSmallStatement:
        new = add_in_place(target, value, one=False)
        if new is None:
            self.unwritable = True
            return statement
        return new.with_changes(semicolon=statement.semicolon)


def _plans(module: cst.Module) -> tuple[_Program, list[tuple[str, dict[cst.CSTNode, str] | str]]]:
    program = _Program(module)
    return program, [(name, program.rewrite(name, owner)) for name, owner in program.variables()]


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Turn every list that is only appended to and joined (only `params["name"]`, if given) into a string."""
    program, plans = _plans(module)
    wanted = params.get("name", "")
    plans = [(name, plan) for name, plan in plans if not wanted or name == wanted]
    roles = {node: role for _, plan in plans if not isinstance(plan, str) for node, role in plan.items()}
    if not roles:
        reasons = [plan for _, plan in plans if isinstance(plan, str)]
        what = f" of {wanted}" if wanted else ""
        raise Refuse(reasons[0] if reasons else f"no `''.join(V)`{what} of a list V")
    rewriter = _ToString(roles)
    new = program.module.visit(rewriter)
    if rewriter.unwritable:
        raise Refuse("an appended value cannot be written after +=")
    return new


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    try:
        names = list(dict.fromkeys(name for name, plan in _plans(module)[1] if not isinstance(plan, str)))
    except Refuse:
        return []
    # All at once first; one variable at a time for when one of them holds non-strings.
    return [{}, *({"name": n} for n in names)] if len(names) > 1 else [{}] if names else []


TECHNIQUE = Technique(
    name="string-accumulate",
    summary="a list only appended to and `''.join`ed becomes a string built with += (trial: items must be str)",
    transform=transform,
    params=(Param("name", "only this variable; every one that qualifies when empty", ""),),
    candidates=_candidates,
    trial=True,
)
