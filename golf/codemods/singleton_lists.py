"""singleton-lists (a trial technique): unwrap one-element lists that are only ever read as `V[0]`.

After unroll-loops the one-layer key/value caches are one-element lists of lists:
`N,O=[[]],[[]]` is passed as `S(z,C,N,O)` to `def S(s,w,i,l):`, which only reads `i[0]` and
`l[0]`. This becomes `N,O=[],[]` with `i` and `l` in place of `i[0]` and `l[0]`.

A *singleton variable* is a variable (a name in one function or module scope, found by LibCST's
scope analysis) whose every binding is a one-element list display `V = [X]` (X not starred; or
element-wise, `V, W = [X], [Y]`, a tuple target of names and a tuple display of the same length,
the assignment having that one target), and whose every read is either a load `V[0]` (not a
store or `del` of the item) or a positional argument of a direct call `F(..., V, ...)` of a
module-level function `F` (a `def` without decorators, or a lambda assigned once) whose
parameter there is a singleton parameter. A *singleton parameter* is a positional parameter
without a default that the function's every call (there is at least one) passes a singleton
variable or parameter to, which nothing else binds, and which is read the same ways as a
singleton variable. `V[0] += Y` in V's own scope counts as such a read (it becomes `V += Y`); for
a parameter, only when every call passes a variable whose item is a list display or
comprehension, since `P += Y` rebinds just the parameter and reaches the caller only by
extending that list in place. `F`'s name must be bound once and only used as the callee of calls with
neither keywords nor stars. The largest consistent set is found by a fixpoint: start from
every candidate, drop those that break a rule or rely on a dropped one, repeat. Then `[X]`
becomes `X` at the bindings and `V[0]` becomes `V` at the reads; calls are left as they are.

Why it is not proven exact, and so a trial (`trial=True`): the rules keep each outer list
from escaping (it is only indexed at 0 or handed to a parameter that obeys the same rules),
so its item is always the X it was built with (or what `V[0] += Y` made of it). But identity
and aliasing are judged from the source only: code that reaches a list or a function some other way (a frame, a
function's `__code__` or `__defaults__`, another module importing this one's globals) sees
the outer list disappear, and an alias of the outer list the scope analysis does not see
would no longer share it. The shrink search keeps the result only when the equivalence
check finds the program identical.

It refuses a program that reaches names as strings (`eval`, `exec`, `globals`, `locals`,
`vars`), and leaves alone names declared `global` or `nonlocal` and names in class bodies
(which are attributes too). A variable with any other binding or read (`x = V`, `V[0] = y`,
`V[0] += y` from a nested scope, `V[1]`, `len(V)`, a call with keywords) stays as it is; when
nothing qualifies it refuses, naming the first reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import libcst as cst
import libcst.matchers as m
from libcst.metadata import (
    Access,
    BaseAssignment,
    ClassScope,
    ExpressionContext,
    ExpressionContextProvider,
    GlobalScope,
    ParentNodeProvider,
    Scope,
    ScopeProvider,
)

from golf.codemods.names import NAMES_AS_STRINGS, variable_names
from golf.codemods.program import metadata
from golf.codemods.technique import Params, Refuse, Technique

_FIRST_ITEM = m.Subscript(slice=[m.SubscriptElement(slice=m.Index(value=m.Integer("0")))])


@dataclass(eq=False)
class _Function:
    """A module-level function called only directly by name."""

    name: str
    #: Its positional parameters, in order (`def f(a, /, b)` has a and b).
    params: list[cst.Param]
    calls: list[cst.Call] = field(default_factory=list)


@dataclass(eq=False)
class _Holder:
    """A variable or parameter that may hold a one-element list."""

    name: str
    scope: Scope
    assignments: set[BaseAssignment]
    #: The `[X]` displays bound to a variable (empty for a parameter).
    displays: list[cst.List]
    #: For a parameter: its function and position.
    function: _Function | None = None
    index: int = -1
    #: `V[0]` loads, and arguments passed on as (function, position).
    items: list[cst.Subscript] = field(default_factory=list)
    #: A parameter updated as `P[0] += X`: `P += X` changes the caller's item only if it is a list.
    augmented: bool = False
    reads: list[Access] = field(default_factory=list)
    passes: list[tuple[_Function, int]] = field(default_factory=list)


def _accesses(scope: Scope, name: str, assignments: set[BaseAssignment]) -> list[Access] | None:
    """Every read of the variable `name` of `scope`, bound by `assignments`; None when one of them
    may read another variable too.

    LibCST links a read to the bindings of its own scope that come before it in the source only,
    and else to an outer scope's: a read in a loop that runs after a later binding is missed, or
    pinned on an outer variable. So the scope's own reads of `name` all count, whatever they are
    linked to, and a read from an inner scope that binds `name` itself is doubtful.
    """
    found = {a for assignment in assignments for a in assignment.references} | set(scope.accesses[name])
    for access in found:
        if access.scope is not scope and (
            any(True for _ in access.scope.assignments[name]) or not set(access.referents) <= assignments
        ):
            return None
    return list(found)  # in any order: what the reads decide does not depend on it


def _holds_lists(holder: _Holder) -> bool:
    """True for a variable whose every `[X]` has a list display or list comprehension as X."""
    items = [d.elements[0].value for d in holder.displays]
    return holder.function is None and all(isinstance(item, cst.List | cst.ListComp) for item in items)


class _Analysis:
    """The scope facts of one module and the singleton holders found in it."""

    def __init__(self, module: cst.Module) -> None:
        wrapper = metadata(module)
        self.tree = wrapper.module
        self.scopes = wrapper.resolve(ScopeProvider)
        self.parents = wrapper.resolve(ParentNodeProvider)
        self.contexts = wrapper.resolve(ExpressionContextProvider)
        reached = sorted({n.value for n in variable_names(self.tree)} & NAMES_AS_STRINGS)
        if reached:
            raise Refuse(f"the program reaches names as strings ({', '.join(reached)})")
        self.declared = {
            item.name.value for node in m.findall(self.tree, m.Global() | m.Nonlocal()) for item in node.names
        }
        # Scopes in source order, so candidates and reasons come out the same every run.
        self.ordered: list[Scope] = [s for s in dict.fromkeys(self.scopes.values()) if s is not None]
        self.functions = self._functions()
        self.reasons: dict[_Holder, str] = {}
        self.holders = self._holders()
        self.alive = self._fixpoint()

    # -- functions ------------------------------------------------------------------------------
    def _functions(self) -> dict[cst.CSTNode, _Function]:
        """Module-level functions by their def or lambda node, when their name is only called."""
        found: dict[cst.CSTNode, _Function] = {}
        module_scope = next((s for s in self.ordered if isinstance(s, GlobalScope)), None)
        if module_scope is None:
            return found
        for name in dict.fromkeys(a.name for a in module_scope.assignments):
            assignments = set(module_scope.assignments[name])
            if len(assignments) != 1 or name in self.declared:
                continue
            node = self._function_node(next(iter(assignments)).node)
            accesses = _accesses(module_scope, name, assignments)
            if node is None or accesses is None:
                continue
            calls = [self._direct_call(access) for access in accesses]
            if not calls or None in calls:
                continue
            params = [*node.params.posonly_params, *node.params.params]
            found[node] = _Function(name, params, calls)  # type: ignore[arg-type]
        return found

    def _function_node(self, node: cst.CSTNode) -> cst.FunctionDef | cst.Lambda | None:
        """The def, or the lambda of `F = lambda ...`, that binds a module-level name."""
        if isinstance(node, cst.FunctionDef):
            return node if not node.decorators and node.asynchronous is None else None
        target = self.parents.get(node)
        assign = self.parents.get(target) if isinstance(target, cst.AssignTarget) else None
        if isinstance(assign, cst.Assign) and len(assign.targets) == 1 and isinstance(assign.value, cst.Lambda):
            return assign.value
        return None

    def _direct_call(self, access: Access) -> cst.Call | None:
        """The call `F(...)` whose callee `access` is, when it has neither keywords nor stars."""
        call = self.parents.get(access.node)
        if not isinstance(call, cst.Call) or call.func is not access.node:
            return None
        if any(arg.keyword is not None or arg.star for arg in call.args):
            return None
        return call

    # -- holders --------------------------------------------------------------------------------
    def _holders(self) -> list[_Holder]:
        params = {p: (f, i) for f in self.functions.values() for i, p in enumerate(f.params)}
        holders: list[_Holder] = []
        for scope in self.ordered:
            if isinstance(scope, ClassScope):
                continue
            for name in dict.fromkeys(a.name for a in scope.assignments):
                if name in self.declared:
                    continue
                assignments = set(scope.assignments[name])
                nodes = [a.node for a in assignments]
                if len(nodes) == 1 and nodes[0] in params:
                    function, index = params[nodes[0]]
                    if nodes[0].default is None:  # type: ignore[attr-defined]
                        holders.append(_Holder(name, scope, assignments, [], function, index))
                    continue
                displays = [self._display(node) for node in nodes]
                if displays and None not in displays:
                    holders.append(_Holder(name, scope, assignments, displays))  # type: ignore[arg-type]
        for holder in holders:
            self._reads(holder)
        return holders

    def _display(self, node: cst.CSTNode) -> cst.List | None:
        """The `[X]` that `node` (a bound name) is assigned, element-wise for a tuple target."""
        parent = self.parents.get(node)
        value: cst.BaseExpression | None = None
        if isinstance(parent, cst.AssignTarget):
            assign = self.parents.get(parent)
            if isinstance(assign, cst.Assign) and len(assign.targets) == 1:
                value = assign.value
        elif isinstance(parent, cst.Element) and not isinstance(parent, cst.StarredElement):
            target = self.parents.get(parent)
            holder = self.parents.get(target)
            assign = self.parents.get(holder) if isinstance(holder, cst.AssignTarget) else None
            if isinstance(assign, cst.Assign) and len(assign.targets) == 1 and isinstance(target, cst.Tuple | cst.List):
                values = assign.value
                if isinstance(values, cst.Tuple) and len(values.elements) == len(target.elements):
                    elements = (*target.elements, *values.elements)
                    if not any(isinstance(e, cst.StarredElement) for e in elements):
                        value = values.elements[target.elements.index(parent)].value
        if isinstance(value, cst.List) and len(value.elements) == 1:
            if not isinstance(value.elements[0], cst.StarredElement):
                return value
        return None

    def _reads(self, holder: _Holder) -> None:
        """Sort the reads of `holder` into `V[0]` loads and arguments passed on; note any other."""
        accesses = _accesses(holder.scope, holder.name, holder.assignments)
        if accesses is None:
            self.reasons[holder] = f"{holder.name} may also be bound otherwise where it is read"
            return
        holder.reads = accesses
        for access in accesses:
            node = access.node
            parent = self.parents.get(node)
            if m.matches(parent, _FIRST_ITEM) and parent.value is node:  # type: ignore[union-attr]
                if self.contexts.get(parent) == ExpressionContext.LOAD or self._augmented_here(holder, access, parent):
                    holder.items.append(parent)  # type: ignore[arg-type]
                    continue
                self.reasons[holder] = f"{holder.name}[0] is assigned or deleted"
                continue
            passed = self._passed(node)
            if passed is not None:
                holder.passes.append(passed)
                continue
            self.reasons.setdefault(holder, f"{holder.name} is read other than as {holder.name}[0]")

    def _augmented_here(self, holder: _Holder, access: Access, item: cst.CSTNode) -> bool:
        """True for `V[0] += X` in V's own scope: `V += X` then updates the same item in place (as a
        list's `+=` does) and rebinds V, a variable of that scope already, to what `+=` returned."""
        statement = self.parents.get(item)
        here = isinstance(statement, cst.AugAssign) and statement.target is item and access.scope is holder.scope
        holder.augmented |= here and holder.function is not None
        return here

    def _passed(self, node: cst.CSTNode) -> tuple[_Function, int] | None:
        """(function, position) when `node` is a positional argument of a direct call."""
        arg = self.parents.get(node)
        call = self.parents.get(arg) if isinstance(arg, cst.Arg) else None
        if not isinstance(call, cst.Call) or not isinstance(call.func, cst.Name):
            return None
        index = call.args.index(arg)  # type: ignore[arg-type]
        for function in self.functions.values():
            if call in function.calls and index < len(function.params):
                return function, index
        return None

    # -- fixpoint -------------------------------------------------------------------------------
    def _fixpoint(self) -> list[_Holder]:
        alive = [h for h in self.holders if h not in self.reasons]
        params = {(h.function.name, h.index): h for h in alive if h.function is not None}
        argument_of: dict[cst.CSTNode, _Holder] = {}
        for holder in alive:
            for access in holder.reads:
                argument_of[access.node] = holder
        while True:
            live = set(alive)
            for holder in alive:
                reason = self._violation(holder, live, params, argument_of)
                if reason:
                    self.reasons[holder] = reason
            kept = [h for h in alive if h not in self.reasons]
            if len(kept) == len(alive):
                return kept
            alive = kept

    def _violation(
        self,
        holder: _Holder,
        live: set[_Holder],
        params: Mapping[tuple[str, int], _Holder],
        argument_of: Mapping[cst.CSTNode, _Holder],
    ) -> str | None:
        """Why `holder` cannot stay in the set `live`, or None."""
        for function, index in holder.passes:
            if params.get((function.name, index)) not in live:
                return f"{holder.name} is passed to {function.name}, whose parameter is not read as P[0] only"
        if holder.function is not None:
            for call in holder.function.calls:
                if holder.index >= len(call.args):
                    return f"a call of {holder.function.name} leaves out {holder.name}"
                argument = argument_of.get(call.args[holder.index].value)
                if argument not in live:
                    return f"a call of {holder.function.name} passes {holder.name} something else"
                if holder.augmented and not _holds_lists(argument):  # type: ignore[arg-type]
                    return f"{holder.name}[0] += ... would rebind only the parameter unless its item is a list"
        return None

    # -- rewrite --------------------------------------------------------------------------------
    def rewrite(self) -> cst.Module:
        if not any(h.displays for h in self.alive):
            first = next((h for h in self.holders if h.displays), None)
            if first is None:
                raise Refuse("no variable is bound only to one-element list displays")
            raise Refuse(f"no one-element list qualifies: {self.reasons[first]}")
        displays = {d for h in self.alive for d in h.displays}
        items = {s for h in self.alive for s in h.items}
        return self.tree.visit(_Unwrap(displays, items))


class _Unwrap(cst.CSTTransformer):
    """`[X]` -> `X` for the given displays, `V[0]` -> `V` for the given subscripts."""

    def __init__(self, displays: set[cst.List], items: set[cst.Subscript]) -> None:
        self.displays = displays
        self.items = items

    def leave_List(self, original_node: cst.List, updated_node: cst.List) -> cst.BaseExpression:
        if original_node not in self.displays:
            return updated_node
        item = updated_node.elements[0].value
        if isinstance(item, cst.NamedExpr) and not item.lpar:  # `V = y := 1` would not parse
            item = item.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        return item.with_changes(lpar=[*updated_node.lpar, *item.lpar], rpar=[*item.rpar, *updated_node.rpar])

    def leave_Subscript(self, original_node: cst.Subscript, updated_node: cst.Subscript) -> cst.BaseExpression:
        if original_node not in self.items:
            return updated_node
        return updated_node.value.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Unwrap every one-element list that qualifies (see the module docstring)."""
    return _Analysis(module).rewrite()


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    try:
        analysis = _Analysis(module)
    except Refuse:
        return []
    return [{}] if any(h.displays for h in analysis.alive) else []


TECHNIQUE = Technique(
    name="singleton-lists",
    summary="unwrap one-element lists only read as V[0] (trial: kept only when the check finds it identical)",
    transform=transform,
    candidates=_candidates,
    trial=True,
)
