"""dict-to-names: a module-level dict with constant string keys becomes one variable per key.

`D = {"a": f(), "b": g()}` becomes `a = f()` then `b = g()`: a dict display evaluates its
values left to right before binding D, so the same calls (and random draws) happen in the
same order. Later module-level `D["c"] = h()` statements become `c = h()`, every `D["a"]`
becomes `a`, and `D.values()` iterated by a `for`, a comprehension, a `*` or the builtin `sum` becomes the list
`[a, b, c]`, which yields the same objects in the dict's insertion order. No arithmetic
changes, so the result is exact. The new names come from the keys (`"layer0.wq"` ->
`layer0_wq`), or with `names=short` are the shortest free ones (so that on already golfed
code the step saves bytes by itself, before rename-short); either way they clash with no
name anywhere in the program.

It refuses, naming the line, when D is bound again at module level (or named in `global`,
`nonlocal` or `del`; a function's own local called D is a different variable and is left
alone), its dict display has a `**` entry, a repeated key or a key that is not a constant
string (an f-string with a name in it: unroll-loops may fold it first), a key is
set anywhere but in a module-level `D["key"] = value` statement, read before it is set or
never set, `D.values()` comes before the last key is set or is used other than iterated,
or D is used any other way (`D.items()`, `len(D)`, passed as an argument, ...). It also
refuses when the program calls `eval`, `exec`, `globals`, `locals` or `vars`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import libcst as cst
import libcst.matchers as m
from libcst.metadata import (
    ClassScope,
    ExpressionContext,
    ExpressionContextProvider,
    GlobalScope,
    MetadataWrapper,
    ParentNodeProvider,
    PositionProvider,
    Scope,
    ScopeProvider,
)

from golf.codemods.names import (
    NAMES_AS_STRINGS,
    all_names,
    fresh_name,
    local_binding_scope,
    short_names,
    surely_builtins,
)
from golf.codemods.program import metadata
from golf.codemods.technique import Param, Params, Refuse, Technique

_DYNAMIC = NAMES_AS_STRINGS
#: Where in the program a statement runs: (index in the module body, index in its `;`-joined line).
_Where = tuple[int, int]


def _key(node: cst.BaseExpression) -> str | None:
    """The text of a constant string key, None for anything else (f-strings, bytes, names)."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _identifier(key: str) -> str:
    base = re.sub(r"[^0-9A-Za-z_]", "_", key)
    return base if base and not base[0].isdigit() else "_" + base


def _is_dict_assign(small: cst.BaseSmallStatement, name: str | None = None) -> bool:
    return m.matches(small, m.Assign(targets=[m.AssignTarget(m.Name(name) if name else m.Name())], value=m.Dict()))


class _Plan:
    """Every use of the dict, checked: the display, the stores, the loads and the values() calls."""

    def __init__(self, wrapper: MetadataWrapper, name: str) -> None:
        self.name = name
        self.module = wrapper.module
        self.parents = wrapper.resolve(ParentNodeProvider)
        self.contexts = wrapper.resolve(ExpressionContextProvider)
        self.lines = wrapper.resolve(PositionProvider)
        self.display: cst.Assign | None = None
        self.where_display: _Where = (-1, -1)
        #: Key -> where it is first set; the dict's (and the list display's) order.
        self.keys: dict[str, _Where] = {}
        self.last_store: _Where = (-1, -1)
        self.stores: dict[cst.Subscript, str] = {}
        self.loads: dict[cst.Subscript, str] = {}
        self.values: set[cst.Call] = set()

    def line(self, node: cst.CSTNode) -> int:
        return self.lines[node].start.line

    def where(self, node: cst.CSTNode) -> _Where:
        """(index in the module body, index in its `;`-joined line) of the statement holding `node`."""
        child, parent = node, self.parents.get(node)
        while parent is not None and not isinstance(parent, cst.Module):
            child, parent = parent, self.parents.get(parent)
        if isinstance(child, cst.SimpleStatementLine):
            small = next(i for i, s in enumerate(child.body) if s is node or self._within(node, s))
            return (self.module.body.index(child), small)
        return (self.module.body.index(child), 0)

    def _within(self, node: cst.CSTNode, container: cst.CSTNode) -> bool:
        while node in self.parents:
            node = self.parents[node]
            if node is container:
                return True
        return False

    def top_level_assign(self, node: cst.CSTNode) -> cst.Assign | None:
        """The Assign statement whose only target is `node`, when it stands directly in the module body."""
        target = self.parents.get(node)
        assign = self.parents.get(target) if isinstance(target, cst.AssignTarget) else None
        if not isinstance(assign, cst.Assign) or len(assign.targets) != 1:
            return None
        line = self.parents.get(assign)
        return assign if isinstance(self.parents.get(line), cst.Module) else None

    def find_display(self) -> None:
        found = [
            small
            for statement in self.module.body
            if isinstance(statement, cst.SimpleStatementLine)
            for small in statement.body
            if _is_dict_assign(small, self.name)
        ]
        if not found:
            raise Refuse(f"{self.name} is not set to a dict display at module level")
        self.display = found[0]
        declared = [g for g in m.findall(self.module, m.Global() | m.Nonlocal()) if self.name in _declared(g)]
        if declared:
            raise Refuse(f"line {self.line(declared[0])}: {self.name} is declared global or nonlocal")
        self.where_display = self.where(self.display)
        for element in self.display.value.elements:  # type: ignore[attr-defined]
            key = _key(element.key) if isinstance(element, cst.DictElement) else None
            if key is None:
                raise Refuse(f"line {self.line(element)}: not a constant string key in {self.name}'s display")
            if key in self.keys:
                raise Refuse(f"line {self.line(element)}: key {key!r} repeats in {self.name}'s display")
            self.keys[key] = self.where_display

    def classify(self, use: cst.Name) -> None:
        """Record one use of the name (a store, a load or a values() call); refuse anything else."""
        parent = self.parents.get(use)
        line = self.line(use)
        if isinstance(parent, cst.Subscript) and parent.value is use:
            key = _subscript_key(parent)
            if key is None:
                hint = " (unroll-loops may fold an f-string)" if m.findall(parent.slice[0], m.FormattedString()) else ""
                raise Refuse(f"line {line}: {self.name} indexed by something other than a constant string{hint}")
            context = self.contexts.get(parent)
            if context is ExpressionContext.STORE and self.top_level_assign(parent) is not None:
                where = self.where(parent)
                self.keys.setdefault(key, where)
                self.last_store = max(self.last_store, where)
                self.stores[parent] = key
            elif context is ExpressionContext.LOAD:
                self.loads[parent] = key
            else:
                raise Refuse(f"line {line}: {self.name}[{key!r}] is set, deleted or updated in place there")
            return
        if m.matches(parent, m.Attribute(attr=m.Name("values"))) and parent.value is use:  # type: ignore[union-attr]
            call = self.parents.get(parent)
            holder = self.parents.get(call)
            starred = isinstance(holder, cst.StarredElement) or m.matches(holder, m.Arg(star="*"))
            iterated = (
                (isinstance(holder, (cst.For, cst.CompFor)) and holder.iter is call)
                or (starred and holder.value is call)  # type: ignore[union-attr]
                or self._summed(holder, call)
            )  # `*D.values()` and `sum(D.values(), [])` iterate too
            if isinstance(call, cst.Call) and call.func is parent and not call.args and iterated:
                self.values.add(call)
                return
            raise Refuse(f"line {line}: {self.name}.values() used other than as what a loop, `*` or `sum` iterates")
        raise Refuse(f"line {line}: {self.name} used other than as {self.name}['key'] or {self.name}.values()")

    def _summed(self, holder: cst.CSTNode | None, call: cst.CSTNode | None) -> bool:
        """True when `call` is the first argument of the builtin `sum`, which only iterates it."""
        if not m.matches(holder, m.Arg(keyword=None, star="")) or holder.value is not call:  # type: ignore[union-attr]
            return False
        summing = self.parents.get(holder)
        first = m.matches(summing, m.Call(func=m.Name("sum"))) and summing.args[0] is holder  # type: ignore[union-attr]
        try:
            return first and bool(surely_builtins(self.module, {"sum"}))
        except Refuse:  # the program could rebind `sum` unseen: not surely the builtin
            return False

    def check_order(self) -> None:
        """Every read comes after its key is set, every values() after the last key is set."""
        for store in self.stores:
            if self.where(store) <= self.where_display:
                raise Refuse(f"line {self.line(store)}: {self.name}[...] set before {self.name} is")
        for load, key in self.loads.items():
            if key not in self.keys:
                raise Refuse(f"line {self.line(load)}: key {key!r} of {self.name} is never set")
            if self.where(load) <= self.keys[key]:
                raise Refuse(f"line {self.line(load)}: {self.name}[{key!r}] read before the key is set")
        for call in self.values:
            if self.where(call) <= max(self.last_store, self.where_display):
                raise Refuse(f"line {self.line(call)}: {self.name}.values() before the last key is set")


def _subscript_key(node: cst.Subscript) -> str | None:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    index = node.slice[0].slice
    return _key(index.value) if index.star is None else None


class _Rewrite(cst.CSTTransformer):
    def __init__(self, plan: _Plan, names: dict[str, str]) -> None:
        self.plan, self.names = plan, names
        target = plan.display.targets[0]  # type: ignore[union-attr]
        self.equal = (target.whitespace_before_equal, target.whitespace_after_equal)
        elements = plan.display.value.elements  # type: ignore[union-attr]
        after = elements[0].comma.whitespace_after if elements and isinstance(elements[0].comma, cst.Comma) else None
        # Lay the list display out as the dict display was: `[a,b]` in golfed code, else `[a, b]`.
        space = after if isinstance(after, cst.SimpleWhitespace) else cst.SimpleWhitespace(" ")
        self.comma = cst.Comma(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=space)

    def leave_Subscript(self, original_node: cst.Subscript, updated_node: cst.Subscript) -> cst.BaseExpression:
        key = self.plan.stores.get(original_node) or self.plan.loads.get(original_node)
        if key is None:
            return updated_node
        return cst.Name(self.names[key], lpar=updated_node.lpar, rpar=updated_node.rpar)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if original_node not in self.plan.values:
            return updated_node
        names = list(self.names.values())
        elements = [cst.Element(cst.Name(n), comma=self.comma) for n in names[:-1]]
        elements += [cst.Element(cst.Name(n)) for n in names[-1:]]
        return cst.List(elements, lpar=updated_node.lpar, rpar=updated_node.rpar)

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement] | cst.RemovalSentinel:
        display = self.plan.display
        if not any(s is display for s in original_node.body):
            return updated_node
        index = next(i for i, s in enumerate(original_node.body) if s is display)
        small = updated_node.body[index]
        assigns = [
            cst.Assign([cst.AssignTarget(cst.Name(self.names[_key(e.key)]), *self.equal)], e.value)  # type: ignore[arg-type]
            for e in small.value.elements  # type: ignore[attr-defined]
        ]
        if len(updated_node.body) > 1:  # a `;`-joined line stays one line, with its own `;` spacing
            sep = next((s.semicolon for s in updated_node.body if isinstance(s.semicolon, cst.Semicolon)), None)
            body = [*updated_node.body[:index], *assigns, *updated_node.body[index + 1 :]]
            last = updated_node.body[-1].semicolon
            body = [s.with_changes(semicolon=sep or cst.MaybeSentinel.DEFAULT) for s in body[:-1]] + [
                body[-1].with_changes(semicolon=last)
            ]
            return updated_node.with_changes(body=body)
        if not assigns:
            return cst.RemoveFromParent()
        lines = [cst.SimpleStatementLine([a]) for a in assigns]
        lines[0] = lines[0].with_changes(leading_lines=updated_node.leading_lines)
        lines[-1] = lines[-1].with_changes(trailing_whitespace=updated_node.trailing_whitespace)
        return cst.FlattenSentinel(lines)


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Replace the dict named by `name` with one module-level variable per key."""
    name = params["name"]
    called = {c.func.value for c in m.findall(module, m.Call(func=m.Name()))}  # type: ignore[attr-defined]
    if called & _DYNAMIC:
        raise Refuse(f"the program calls {', '.join(sorted(called & _DYNAMIC))}: names may be reached as strings")
    wrapper = metadata(module)
    plan = _Plan(wrapper, name)
    plan.find_display()
    skip = _not_uses(wrapper.module)
    scopes = wrapper.resolve(ScopeProvider)
    target = plan.display.targets[0].target  # type: ignore[union-attr]
    for use in m.findall(wrapper.module, m.Name(name)):
        if use is target or use in skip:
            continue
        meaning = _meaning(scopes, use)  # type: ignore[arg-type]
        if meaning == "global":
            plan.classify(use)  # type: ignore[arg-type]
        elif meaning == "global binding":
            raise Refuse(f"line {plan.line(use)}: {name} is bound or deleted again")
    plan.check_order()
    style = params.get("names", "keys")
    if style not in ("keys", "short"):
        raise Refuse(f"names must be 'keys' or 'short', not {style!r}")
    taken = all_names(wrapper.module)
    names: dict[str, str] = {}
    for key in plan.keys:
        if style == "short":
            names[key] = next(n for n in short_names() if n not in taken)
        else:
            names[key] = fresh_name(_identifier(key), taken)
        taken.add(names[key])
    return wrapper.module.visit(_Rewrite(plan, names))


def _declared(statement: cst.Global | cst.Nonlocal) -> set[str]:
    return {item.name.value for item in statement.names}


def _meaning(scopes: Mapping[cst.CSTNode, Scope | None], name: cst.Name) -> str:
    """What a `Name` is: a read of the module-level variable ("global"), a module-level binding
    ("global binding"), or a local of a function, class or comprehension ("local"), which the
    dict's variable does not concern (`for f, g in ...` inside a function binds its own `g`)."""
    scope = scopes.get(name)
    if scope is None:
        return "global binding"  # no scope known: be safe
    if isinstance(scope, ClassScope):
        # A class body reads the module's variable until it binds its own, in statement order,
        # which LibCST's referents follow (`x = D["a"]` before `D = 2` in the body is the dict).
        for access in scope.accesses[name]:
            if access.node is name:
                resolved = [r.scope for r in access.referents]
                return "global" if not resolved or any(isinstance(r, GlobalScope) for r in resolved) else "local"
        return "local"
    if not isinstance(scope, GlobalScope):
        # Resolved lexically, as Python does: LibCST links some comprehension reads to the module's
        # binding (`b` in `[p for a in b.values() for b in a for p in b]`).
        return "local" if local_binding_scope(scope, name.value) is not None else "global"
    is_read = any(access.node is name for access in scope.accesses[name])
    return "global" if is_read else "global binding"


def _not_uses(module: cst.Module) -> set[cst.CSTNode]:
    """Names that are not variables: attribute names and keyword argument names."""
    attrs = {node.attr for node in m.findall(module, m.Attribute())}  # type: ignore[attr-defined]
    keywords = {node.keyword for node in m.findall(module, m.Arg()) if node.keyword is not None}  # type: ignore[attr-defined]
    return attrs | keywords


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    names = [
        small.targets[0].target.value  # type: ignore[attr-defined]
        for statement in module.body
        if isinstance(statement, cst.SimpleStatementLine)
        for small in statement.body
        if _is_dict_assign(small)
    ]
    return [{"name": n} | style for n in dict.fromkeys(names) for style in ({}, {"names": "short"})]


TECHNIQUE = Technique(
    name="dict-to-names",
    summary="replace a module-level dict with constant string keys by one variable per key",
    transform=transform,
    params=(
        Param("name", "the dict's variable"),
        Param("names", "'keys' (names made from the keys) or 'short' (the shortest names free everywhere)", "keys"),
    ),
    candidates=_candidates,
)
