"""rename-short: give the program's own variables, functions and classes the shortest free names.

Renaming is scope-aware (LibCST's ScopeProvider): a binding and every access resolving to
it change together, and a new name is chosen only if no access anywhere in the binding's
scope or the scopes nested in it would then resolve to something else. The most used
names get the shortest replacements. To keep the program exact, and the checker able to
find what it needs, it leaves alone: attribute names (`.data`, `.grad`, methods), names
bound in a class body (they are attributes too), imported modules, dunder names, keyword
arguments and the parameters they match, builtins, the text of strings and f-strings
(only the names inside `{...}` change), names in `global`/`nonlocal` statements and in
`{name=}` f-string fields. The bound of a top-level `for ... in range(NAME)` (the
training loop's step count) gets a name that no other scope binds, so a `--steps`
rewriter still finds exactly one binding. It refuses a program that uses `eval`, `exec`,
`globals`, `locals` or `vars`, where names can be reached as strings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import ClassScope, GlobalScope, Scope, ScopeProvider

from golf.codemods.names import NAMES_AS_STRINGS, RESERVED, RenameNodes, short_names, star_imported
from golf.codemods.program import metadata
from golf.codemods.step_bounds import step_bounds
from golf.codemods.technique import Param, Params, Refuse, Technique

#: Calls that reach variables by their names as strings: renaming is not safe around them.
_DYNAMIC = NAMES_AS_STRINGS
_BINDING_NODES = (cst.Name, cst.FunctionDef, cst.ClassDef, cst.Param)


@dataclass(eq=False)
class _Symbol:
    """One variable: a name bound in one scope, with the nodes that bind and read it."""

    name: str
    scope: Scope
    bindings: list[cst.CSTNode] = field(default_factory=list)
    reads: list[cst.CSTNode] = field(default_factory=list)
    new_name: str | None = None

    @property
    def final(self) -> str:
        return self.new_name or self.name

    @property
    def uses(self) -> int:
        return len(self.bindings) + len(self.reads)


class _Facts(cst.CSTVisitor):
    """Names that must keep their spelling, found by a plain walk."""

    def __init__(self) -> None:
        self.keywords: set[str] = set()
        self.pinned: set[str] = set()
        self.frozen: set[str] = set()
        self.dynamic: set[str] = set()

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self.keywords.add(node.keyword.value)

    def visit_Global(self, node: cst.Global) -> None:
        self.frozen.update(item.name.value for item in node.names)

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        self.frozen.update(item.name.value for item in node.names)

    def visit_FormattedStringExpression(self, node: cst.FormattedStringExpression) -> None:
        if node.equal is not None:
            node.expression.visit(_NameCollector(self.frozen))

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Name) and node.func.value in _DYNAMIC:
            self.dynamic.add(node.func.value)


class _NameCollector(cst.CSTVisitor):
    def __init__(self, into: set[str]) -> None:
        self.into = into

    def visit_Name(self, node: cst.Name) -> None:
        self.into.add(node.value)


class _Rename(RenameNodes):
    def _rename_named(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode:
        new = self.new_names.get(original_node)
        return updated_node.with_changes(name=cst.Name(new)) if new else updated_node

    leave_FunctionDef = _rename_named  # type: ignore[assignment]
    leave_ClassDef = _rename_named  # type: ignore[assignment]
    leave_Param = _rename_named  # type: ignore[assignment]


def _collect(scopes: list[Scope]) -> tuple[dict[tuple[int, str], _Symbol], dict[Scope, set[str]], dict]:
    """Symbols by (scope, name); per scope, the names read there that resolve to nothing (builtins)
    and the symbols bound or read there."""
    symbols: dict[tuple[int, str], _Symbol] = {}
    unresolved: dict[Scope, set[str]] = defaultdict(set)
    seen_in: dict[Scope, set[_Symbol]] = defaultdict(set)
    for scope in scopes:
        for assignment in scope.assignments:
            key = (id(assignment.scope), assignment.name)
            symbol = symbols.setdefault(key, _Symbol(assignment.name, assignment.scope))
            symbol.bindings.append(assignment.node)
            seen_in[assignment.scope].add(symbol)
            for access in assignment.references:
                if access.node not in symbol.reads:
                    symbol.reads.append(access.node)
                seen_in[access.scope].add(symbol)
    for scope in scopes:
        for access in scope.accesses:
            if access.referents or not isinstance(access.node, cst.Name):
                continue
            # LibCST leaves some reads unresolved (`row` in `[p for row in m for p in row]`):
            # resolve them lexically, as Python does, so the binding and the read change together.
            symbol = _lookup(symbols, scope, access.node.value)
            if symbol is None:
                unresolved[scope].add(access.node.value)
            else:
                if access.node not in symbol.reads:
                    symbol.reads.append(access.node)
                seen_in[scope].add(symbol)
    return symbols, unresolved, seen_in


def _lookup(symbols: dict[tuple[int, str], _Symbol], scope: Scope, name: str) -> _Symbol | None:
    current = scope
    while True:
        if current is scope or not isinstance(current, ClassScope):
            found = symbols.get((id(current), name))
            if found is not None:
                return found
        if isinstance(current, GlobalScope):
            return None
        current = current.parent


def _pick(taken: set[str], used: set[str]) -> str:
    """For a module-level name: the shortest name not taken; of those, one no other variable anywhere
    uses when there is one. Giving a global a name some function binds for itself is exact, but the
    shadowing it creates (a class `e`, a function's local `e`) makes later codemods, which refuse
    shadowed names, give up (inline-method cannot put `e(...)` where `e` is the local)."""
    free = (n for n in short_names() if n not in taken)
    first = next(free)
    if first not in used:
        return first
    return next((n for n in free if len(n) == len(first) and n not in used), first)


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Rename the program's own names to the shortest free ones, scope by scope."""
    facts = _Facts()
    module.visit(facts)
    if facts.dynamic:
        raise Refuse(f"the program calls {', '.join(sorted(facts.dynamic))}: names may be reached as strings")
    keep = {name.strip() for name in params.get("keep", "").split(",") if name.strip()}
    only_locals = params.get("scope", "all") == "locals"
    if params.get("scope", "all") not in ("all", "locals"):
        raise Refuse(f"scope must be 'all' or 'locals', not {params['scope']!r}")

    # `from math import *` rebinds every name math exports: a global renamed to `e` before that line
    # would be replaced by math.e. (Reads of star-imported names are unresolved, so taken anyway.)
    starred = star_imported(module)
    wrapper = metadata(module)
    # First-seen order (the provider visits the tree in source order), not a set's memory-address
    # order: names used equally often must get the same short names on every run.
    scopes = [s for s in dict.fromkeys(wrapper.resolve(ScopeProvider).values()) if s is not None]
    symbols, unresolved, seen_in = _collect(scopes)
    children: dict[Scope, list[Scope]] = defaultdict(list)
    for scope in scopes:
        if not isinstance(scope, GlobalScope):
            children[scope.parent].append(scope)
    pinned = step_bounds(module)
    global_scope = next(s for s in scopes if isinstance(s, GlobalScope))

    def subtree(scope: Scope) -> list[Scope]:
        found, stack = [], [scope]
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(children[current])
        return found

    def renamable(symbol: _Symbol) -> bool:
        name = symbol.name
        if isinstance(symbol.scope, ClassScope) or len(name) == 1:
            return False
        if (name.startswith("__") and name.endswith("__")) or name in keep or name in facts.frozen:
            return False
        if only_locals and symbol.scope is global_scope:
            return False
        if not all(isinstance(node, _BINDING_NODES) for node in symbol.bindings):
            return False
        if not all(isinstance(node, cst.Name) for node in symbol.reads):
            return False
        return not (name in facts.keywords and any(isinstance(n, cst.Param) for n in symbol.bindings))

    def nested_in(scope: Scope, outer: Scope) -> bool:
        while not isinstance(scope, GlobalScope):
            scope = scope.parent
            if scope is outer:
                return True
        return False

    def clashes(other: _Symbol, symbol: _Symbol, used_in: set[int]) -> bool:
        """Whether `symbol` may not take `other`'s name. A name bound in a scope nested in the symbol's
        shadows it only there: it clashes when the symbol is used (`used_in`) somewhere in that scope.
        A name bound in the symbol's scope or further out clashes anywhere, since the new binding
        would capture its reads."""
        if other.scope is symbol.scope or not nested_in(other.scope, symbol.scope):
            return True
        return any(id(scope) in used_in for scope in subtree(other.scope))

    candidates = sorted((s for s in symbols.values() if renamable(s)), key=lambda s: -s.uses)
    all_symbols = list(symbols.values())
    pinned_symbols = [s for s in candidates if s.scope is global_scope and s.name in pinned]
    changed = False
    for symbol in pinned_symbols + [s for s in candidates if s not in pinned_symbols]:
        unique = symbol in pinned_symbols
        region = scopes if unique else subtree(symbol.scope)
        used_in = {id(scope) for scope in region if symbol in seen_in[scope]}
        taken = set(RESERVED)
        for scope in region:
            taken |= unresolved[scope]
            taken |= {
                other.final for other in seen_in[scope] if other is not symbol and clashes(other, symbol, used_in)
            }
        if unique:
            taken |= {other.final for other in all_symbols if other is not symbol}
        if symbol.scope is global_scope:
            taken |= starred
        taken |= {s.final for s in pinned_symbols if s is not symbol}
        if symbol.scope is global_scope:
            new = _pick(taken, {other.final for other in all_symbols if other is not symbol})
        else:
            new = next(n for n in short_names() if n not in taken)
        if len(new) < len(symbol.name):
            symbol.new_name = new
            changed = True
    if not changed:
        raise Refuse("every renamable name is already as short as it can be")
    new_names = {node: s.new_name for s in candidates if s.new_name for node in s.bindings + s.reads}
    return wrapper.module.visit(_Rename(new_names))


TECHNIQUE = Technique(
    name="rename-short",
    summary="scope-aware renaming of the program's own names to the shortest free ones",
    transform=transform,
    params=(
        Param("keep", "comma-separated names to leave alone", default=""),
        Param("scope", "'all' (module-level names too) or 'locals' (function and comprehension names only)", "all"),
    ),
    candidates=lambda module: [{}, {"scope": "locals"}],
)
