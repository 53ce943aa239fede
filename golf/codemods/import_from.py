"""import-from: `import math` used only as `math.X` becomes `from math import X, Y` (or `*`), and `math.X` becomes `X`.

`from math import X` binds the very object `math.X` names, so each use computes the same
thing. That holds when the module's name is only ever read as `module.X` (never stored
through, deleted, passed or assigned), so nothing can change the module's attributes
between the import and a use. Only top-level plain `import m` / `import m as n` of
standard modules are rewritten (the codemod imports them to learn their names); each
module of an `import a, b` line is handled on its own and the line keeps its order.

A brought-in name must not change what any other name means: it is skipped when the
program binds it at module level (or by `global`), reads it as a builtin or as an unbound
global, reads it directly in a class body, or when a scope between a rewritten use and the
module binds it (a parameter or local called `log` around `math.log`). For `from m import *`
every exported name (`__all__`, else the public `dir()`, as this Python defines them) must
pass the first checks; otherwise the explicit list is used, and a module whose list clashes
or which would not get shorter is left as it is. It refuses a program that uses `eval`,
`exec`, `globals`, `locals`, `vars` or `dir` (names reached as strings), or that already
star-imports a non-standard module (its names are unknown).
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass, field
from types import ModuleType

import libcst as cst
import libcst.matchers as m
from libcst.metadata import (
    BuiltinAssignment,
    ClassScope,
    ExpressionContext,
    ExpressionContextProvider,
    GlobalScope,
    MetadataWrapper,
    ParentNodeProvider,
    Scope,
    ScopeProvider,
)

from golf.codemods.names import NAMES_AS_STRINGS, local_binding_scope, star_imported
from golf.codemods.program import metadata
from golf.codemods.technique import Param, Params, Refuse, Technique

_DYNAMIC = NAMES_AS_STRINGS | {"dir"}
_TIGHT_COMMA = cst.Comma(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
_TIGHT_SEMICOLON = cst.Semicolon(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))


@dataclass(eq=False)
class _Module:
    """One `import m [as n]` alias at module level, with its uses `n.X`."""

    alias: cst.ImportAlias
    name: str  # the module, `math`
    bound: str  # the name it binds, `math` or `n`
    sites: list[cst.Attribute] = field(default_factory=list)
    attrs: set[str] = field(default_factory=set)
    alone: bool = True  # the only module of its `import` statement
    star: bool = False
    why_not: str = ""


def _exports(mod: ModuleType) -> set[str]:
    """The names `from mod import *` binds."""
    names = getattr(mod, "__all__", None)
    return set(names) if names is not None else {n for n in dir(mod) if not n.startswith("_")}


def _import_text(entry: _Module, names: list[str] | None) -> str:
    return f"from {entry.name} import" + ("*" if names is None else " " + ",".join(names))


class _Program:
    """What the clash checks need to know about every name of the program."""

    def __init__(self, wrapper: MetadataWrapper) -> None:
        self.scope_of = wrapper.resolve(ScopeProvider)
        self.scopes = {s for s in self.scope_of.values() if s is not None}
        self.global_scope = next(s for s in self.scopes if isinstance(s, GlobalScope))
        self.free_reads: set[str] = set()  # read as a builtin, an unbound global, or in a class body
        for scope in self.scopes:
            for access in scope.accesses:
                if not isinstance(access.node, cst.Name):
                    continue
                if isinstance(scope, ClassScope) or not access.referents:
                    self.free_reads.add(access.node.value)
                elif any(isinstance(r, BuiltinAssignment) for r in access.referents):
                    self.free_reads.add(access.node.value)
        self.global_names = {a.name for a in self.global_scope.assignments}
        self.global_names |= {n.name.value for g in m.findall(wrapper.module, m.Global()) for n in g.names}

    def clashes(self, name: str, taken: set[str], replaced: str) -> bool:
        """True when binding `name` at module level could change what some other name means.

        `replaced` is the module name the new import replaces: it is bound no more.
        """
        return name in taken or (name in self.global_names and name != replaced) or name in self.free_reads

    def shadowed_at(self, name: str, site: cst.CSTNode) -> bool:
        """True when a scope between `site` and the module binds `name`."""
        start: Scope | None = self.scope_of.get(site)
        return start is not None and local_binding_scope(start, name) is not None


def _modules(wrapper: MetadataWrapper, program: _Program) -> list[_Module]:
    """Every top-level `import m [as n]` of a standard module, with its uses (or why it cannot change)."""
    parent_of = wrapper.resolve(ParentNodeProvider)
    context = wrapper.resolve(ExpressionContextProvider)
    found: list[_Module] = []
    for line in wrapper.module.body:
        if not isinstance(line, cst.SimpleStatementLine):
            continue
        for small in line.body:
            if not isinstance(small, cst.Import):
                continue
            for alias in small.names:
                if not isinstance(alias.name, cst.Name):
                    continue  # `import os.path`
                name = alias.name.value
                bound = alias.asname.name.value if alias.asname is not None else name
                entry = _Module(alias, name, bound, alone=len(small.names) == 1)
                found.append(entry)
                if name not in sys.stdlib_module_names:
                    entry.why_not = "not a standard module"
                    continue
                bindings = program.global_scope.assignments[bound]
                if len(bindings) != 1:
                    entry.why_not = f"{bound} is bound more than once"
                    continue
                for access in next(iter(bindings)).references:
                    parent = parent_of.get(access.node)
                    if not (
                        isinstance(access.node, cst.Name)
                        and isinstance(parent, cst.Attribute)
                        and parent.value is access.node
                        and context.get(parent) == ExpressionContext.LOAD
                    ):
                        entry.why_not = f"{bound} is used other than as {bound}.X"
                        break
                    entry.sites.append(parent)
                    entry.attrs.add(parent.attr.value)
                if not entry.why_not and not entry.sites:
                    entry.why_not = f"{bound} is not used"
    return found


def _plan(entry: _Module, program: _Program, taken: set[str]) -> list[str] | None:
    """Decide `*` or the explicit names for `entry` (sets entry.star / entry.why_not); returns the names brought."""
    mod = importlib.import_module(entry.name)
    missing = sorted(a for a in entry.attrs if not hasattr(mod, a))
    if missing:
        entry.why_not = f"{entry.name} has no attribute {missing[0]}"
        return None
    shadowed = sorted({s.attr.value for s in entry.sites if program.shadowed_at(s.attr.value, s)})
    clashing = sorted(a for a in entry.attrs if program.clashes(a, taken, entry.bound))
    if shadowed or clashing:
        entry.why_not = f"{(shadowed + clashing)[0]} would clash with a name of the program"
        return None
    explicit = sorted(entry.attrs)
    exports = _exports(mod)
    star_ok = entry.attrs <= exports and not any(program.clashes(n, taken, entry.bound) for n in exports)
    entry.star = star_ok and len(_import_text(entry, None)) <= len(_import_text(entry, explicit))
    # Bytes: the alias (`math`, `math as m`) goes, the `from` statement comes; each use loses `m.`.
    old = len(entry.name) + (len(entry.bound) + 4 if entry.bound != entry.name else 0)
    old += len("import ") if entry.alone else 0
    new = len(_import_text(entry, None if entry.star else explicit))
    saved = sum(len(entry.bound) + 1 for _ in entry.sites)
    if new - old >= saved:
        entry.why_not = "it would not get shorter"
        return None
    return sorted(exports) if entry.star else explicit


def _from_import(entry: _Module) -> cst.ImportFrom:
    if entry.star:
        return cst.ImportFrom(
            module=cst.Name(entry.name), names=cst.ImportStar(), whitespace_after_import=cst.SimpleWhitespace("")
        )
    names = [cst.ImportAlias(cst.Name(a), comma=_TIGHT_COMMA) for a in sorted(entry.attrs)]
    names[-1] = names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return cst.ImportFrom(module=cst.Name(entry.name), names=names)


class _Rewrite(cst.CSTTransformer):
    def __init__(self, chosen: list[_Module]) -> None:
        self.by_alias = {e.alias: e for e in chosen}
        self.sites = {site for e in chosen for site in e.sites}

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        if original_node in self.sites:
            return cst.Name(updated_node.attr.value, lpar=updated_node.lpar, rpar=updated_node.rpar)
        return updated_node

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        body: list[cst.BaseSmallStatement] = []
        for original, updated in zip(original_node.body, updated_node.body, strict=True):
            if not isinstance(original, cst.Import) or not any(a in self.by_alias for a in original.names):
                body.append(updated)
                continue
            # Split the line in order: runs of kept modules stay one `import`, each changed one becomes a `from`.
            parts: list[cst.BaseSmallStatement] = []
            kept: list[cst.ImportAlias] = []
            for alias in original.names:
                if alias in self.by_alias:
                    if kept:
                        parts.append(_plain_import(original, kept))
                        kept = []
                    parts.append(_from_import(self.by_alias[alias]))
                else:
                    kept.append(alias)
            if kept:
                parts.append(_plain_import(original, kept))
            parts = [p.with_changes(semicolon=_TIGHT_SEMICOLON) for p in parts[:-1]] + [
                parts[-1].with_changes(semicolon=updated.semicolon)
            ]
            body.extend(parts)
        return updated_node.with_changes(body=body)


def _plain_import(original: cst.Import, aliases: list[cst.ImportAlias]) -> cst.Import:
    aliases = [a.with_changes(comma=_TIGHT_COMMA) for a in aliases[:-1]] + [
        aliases[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    ]
    return original.with_changes(names=aliases, semicolon=cst.MaybeSentinel.DEFAULT)


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Turn `import m` used only as `m.X` into `from m import X` (or `*`), module by module."""
    names = {n.value for n in m.findall(module, m.Name())}
    if names & _DYNAMIC:
        raise Refuse(f"the program uses {', '.join(sorted(names & _DYNAMIC))}: names may be reached as strings")
    wanted = params.get("module") or None
    wrapper = metadata(module)
    program = _Program(wrapper)
    taken: set[str] = set()  # names bound by existing star imports and by the modules changed so far
    taken |= star_imported(wrapper.module)
    entries = [e for e in _modules(wrapper, program) if wanted is None or e.bound == wanted or e.name == wanted]
    if not entries:
        raise Refuse(f"no top-level `import {wanted or 'module'}`")
    taken |= {e.bound for e in entries}
    chosen: list[_Module] = []
    for entry in entries:
        if entry.why_not:
            continue
        brought = _plan(entry, program, taken - {entry.bound})
        if brought is not None:
            taken |= set(brought)
            chosen.append(entry)
    if not chosen:
        reasons = "; ".join(f"{e.name}: {e.why_not}" for e in entries)
        raise Refuse(f"no module can be imported from ({reasons})")
    return wrapper.module.visit(_Rewrite(chosen))


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    plain = [
        alias
        for line in module.body
        if isinstance(line, cst.SimpleStatementLine)
        for small in line.body
        if isinstance(small, cst.Import)
        for alias in small.names
        if isinstance(alias.name, cst.Name)
    ]
    if not plain:
        return []
    return [{}] + [{"module": a.name.value} for a in plain]


TECHNIQUE = Technique(
    name="import-from",
    summary="`import math` used only as `math.X` becomes `from math import X` (or `*`), `math.X` becomes `X`",
    transform=transform,
    params=(Param("module", "the one module to change (default: every one that gets shorter)", default=""),),
    candidates=_candidates,
)
