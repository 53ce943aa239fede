"""Name facts the codemods share: reserved and fresh names, which `Name` nodes are variables, which
names a piece of code binds (star imports included), and renaming chosen `Name` nodes.

In `p.data` the `data` is an attribute name and in `f(key=1)` the `key` is a keyword name;
neither reads nor binds a variable, so analyses of what an expression reads skip them.
"""

from __future__ import annotations

import builtins
import functools
import importlib
import keyword
import sys
from collections.abc import Iterable

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ClassScope, GlobalScope, Scope

from golf.codemods.technique import Refuse
from golf.codemods.tree import nodes_below

#: Names a codemod must never bind: keywords, soft keywords and builtins.
RESERVED: frozenset[str] = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))


#: How many nodes' answers `all_names`, `bindings` and `variable_names` keep. A search round asks them of the same
#: program from a dozen techniques, and each answer is a walk of the whole tree. LibCST nodes are
#: immutable and hash and compare by identity, so a kept node is the same tree (and, being held,
#: its identity cannot be reused by another).
KEPT_TREES = 32


def all_names(module: cst.CSTNode) -> set[str]:
    """Every identifier in `module`: names, attribute names, parameters, keywords of calls."""
    return set(_all_names(module))


@functools.lru_cache(maxsize=KEPT_TREES)
def _all_names(module: cst.CSTNode) -> frozenset[str]:
    return frozenset(name.value for name in nodes_below(module, cst.Name))


def fresh_name(base: str, taken: Iterable[str]) -> str:
    """`base`, or `base_2`, `base_3`, ... : the first that is neither taken nor reserved."""
    taken = set(taken)
    if base not in taken and base not in RESERVED:
        return base
    n = 2
    while f"{base}_{n}" in taken:
        n += 1
    return f"{base}_{n}"


def short_names() -> Iterable[str]:
    """Identifiers from shortest up: `a`..`z`, `A`..`Z`, then two characters, never reserved."""
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for first in letters:
        if first not in RESERVED:
            yield first
    for first in letters:
        for second in letters + "0123456789_":
            if first + second not in RESERVED:
                yield first + second


class _VariableNames(cst.CSTVisitor):
    def __init__(self) -> None:
        self.names: list[cst.Name] = []

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)  # the object is an expression; the attribute name is not a variable
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)  # the keyword of `f(key=value)` is not a variable
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.names.append(node)


def variable_names(node: cst.CSTNode) -> list[cst.Name]:
    """The `Name` nodes in `node` that are variables (read or bound), in source order."""
    return list(_variable_names(node))


@functools.lru_cache(maxsize=KEPT_TREES)
def _variable_names(node: cst.CSTNode) -> tuple[cst.Name, ...]:
    visitor = _VariableNames()
    node.visit(visitor)
    return tuple(visitor.names)


def variable_names_unordered(node: cst.CSTNode) -> list[cst.Name]:
    """The nodes `variable_names(node)` lists, in no particular order: found by a faster walk."""
    below = nodes_below(node, (cst.Attribute, cst.Arg, cst.Name))
    skip = {id(n.attr) for n in below if isinstance(n, cst.Attribute)}
    skip |= {id(n.keyword) for n in below if isinstance(n, cst.Arg) and n.keyword is not None}
    return [n for n in below if isinstance(n, cst.Name) and id(n) not in skip]


#: Builtins that reach variables by their names as strings: a program calling one may read or bind
#: any name, so the codemods that rename, remove or inline names refuse it.
NAMES_AS_STRINGS: frozenset[str] = frozenset({"eval", "exec", "globals", "locals", "vars"})

#: Standard modules whose import does something visible (prints, opens a browser), so no codemod
#: imports them to learn their names, and none drops an import of them.
LOUD_IMPORTS: frozenset[str] = frozenset({"this", "antigravity", "__hello__", "__phello__", "__future__"})


def star_exports(dotted: str) -> frozenset[str] | None:
    """The names `from DOTTED import *` binds, or None when that cannot be known here.

    Known only for standard-library modules, which are imported to read their `__all__` (else
    their public `dir()`) as this Python defines them; any other module could bind any name.
    """
    if not dotted or dotted.split(".")[0] not in sys.stdlib_module_names or dotted in LOUD_IMPORTS:
        return None
    module = importlib.import_module(dotted)
    names = getattr(module, "__all__", None)
    return frozenset(names if names is not None else (n for n in dir(module) if not n.startswith("_")))


def star_imported(module: cst.Module) -> frozenset[str]:
    """Every name the program's `from M import *` statements bind; raises Refuse when one is unknowable."""
    names: set[str] = set()
    for node in m.findall(module, m.ImportFrom(names=m.ImportStar())):
        dotted = cst.Module([]).code_for_node(node.module) if node.module is not None and not node.relative else ""
        exports = star_exports(dotted)
        if exports is None:
            raise Refuse(f"the program star-imports {dotted or 'a relative module'}: its names are unknown")
        names |= exports
    return frozenset(names)


def bindings(node: cst.CSTNode) -> list[tuple[str, cst.CSTNode]]:
    """Every (name, node) that binds, deletes or declares a name anywhere in `node`."""
    return list(_bindings(node))


@functools.lru_cache(maxsize=KEPT_TREES)
def _bindings(node: cst.CSTNode) -> tuple[tuple[str, cst.CSTNode], ...]:
    found: list[tuple[str, cst.CSTNode]] = []

    class _Collect(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            found.extend((name, node) for name in _bound_by(node))
            return True

    node.visit(_Collect())
    return tuple(found)


@functools.lru_cache(maxsize=KEPT_TREES)
def names_bound_in(node: cst.CSTNode) -> frozenset[str]:
    """The names `bindings(node)` lists, as a set: found by a faster walk, in no particular order."""
    return frozenset(name for below in nodes_below(node, cst.CSTNode) for name in _bound_by(below))


def _bound_by(node: cst.CSTNode) -> list[str]:
    """The names `node` itself binds, deletes or declares."""
    if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor, cst.NamedExpr, cst.Del)):
        return target_names(node.target)
    if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Param, cst.MatchAs, cst.MatchStar)):
        return [node.name.value] if node.name is not None else []
    if isinstance(node, (cst.WithItem, cst.ExceptHandler)):
        alias = node.asname if isinstance(node, cst.WithItem) else node.name
        return target_names(alias.name) if alias is not None else []  # type: ignore[arg-type]
    if isinstance(node, (cst.Global, cst.Nonlocal)):
        return [item.name.value for item in node.names]
    if isinstance(node, cst.MatchMapping):
        return [node.rest.value] if node.rest is not None else []
    if isinstance(node, cst.ImportAlias):
        bound = node.asname.name if node.asname is not None else node.name
        while isinstance(bound, cst.Attribute):  # `import a.b` binds `a`
            bound = bound.value
        return [bound.value] if isinstance(bound, cst.Name) else []
    if isinstance(node, cst.ImportFrom) and isinstance(node.names, cst.ImportStar):
        return _star_names(node)
    return []


def _star_names(node: cst.ImportFrom) -> list[str]:
    """What `from M import *` binds, for a standard-library M; refuses any other M."""
    dotted = cst.Module([]).code_for_node(node.module) if node.module is not None and not node.relative else ""
    exports = star_exports(dotted)
    if exports is None:
        raise Refuse(f"`from {dotted or '.'} import *` could bind any name")
    return sorted(exports)


def declared_names(module: cst.Module) -> set[str]:
    """The names some `global` or `nonlocal` statement of `module` declares."""
    return {item.name.value for node in m.findall(module, m.Global() | m.Nonlocal()) for item in node.names}  # type: ignore[attr-defined]


def target_names(target: cst.BaseExpression) -> list[str]:
    """The names an assignment target binds (not the attributes or items it sets)."""
    return [name.value for name in target_name_nodes(target)]


def target_name_nodes(target: cst.CSTNode | None) -> list[cst.Name]:
    """The `Name` nodes through which an assignment target binds (not those inside a subscript or
    attribute it sets)."""
    if isinstance(target, cst.Name):
        return [target]
    if isinstance(target, cst.Tuple | cst.List):
        return [name for element in target.elements for name in target_name_nodes(element.value)]
    if isinstance(target, cst.StarredElement):
        return target_name_nodes(target.value)
    return []


class RenameNodes(cst.CSTTransformer):
    """Give particular `Name` nodes (found by identity in the original tree) new identifiers."""

    def __init__(self, new_names: dict[cst.CSTNode, str]) -> None:
        self.new_names = new_names

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        new = self.new_names.get(original_node)
        return updated_node.with_changes(value=new) if new else updated_node


def local_binding_scope(scope: Scope, name: str) -> Scope | None:
    """The scope whose binding a read of `name` in `scope` sees, when it is not the module's: the
    innermost function, lambda or comprehension scope around it that binds `name` (a class body
    counts only for reads directly in it, as Python resolves names). None for a module-level
    name or a builtin. Lexical, because LibCST links some reads in comprehensions to a module
    binding the comprehension shadows (`b` in `[p for a in b.values() for b in a for p in b]`).
    A class body that reads a name before binding it reads the outer one, but is reported here
    as the class's: callers use this to refuse, where that errs on the safe side.
    """
    current = scope
    while not isinstance(current, GlobalScope):
        if (current is scope or not isinstance(current, ClassScope)) and current.assignments[name]:
            return current
        current = current.parent
    return None


#: Names through which code can rebind a builtin without a binding statement the codemods see:
#: the builtins module is also a builtin function's `__self__` (`print.__self__.list = ...`), and
#: is reachable from a function's `__globals__` and a frame's `f_builtins`.
_REBINDERS = NAMES_AS_STRINGS | {
    "builtins",
    "__builtins__",
    "__import__",
    "importlib",
    "modules",
    "__self__",
    "__globals__",
    "f_builtins",
}


def surely_builtins(module: cst.Module, names: Iterable[str]) -> frozenset[str]:
    """Those of `names` that name their builtin everywhere in `module`: bound nowhere in it.

    Raises Refuse when the program could rebind any builtin unseen (or star-imports a module whose
    names are unknown)."""
    used = all_names(module) & _REBINDERS
    if used:
        raise Refuse(f"the program uses {', '.join(sorted(used))}, which could rebind a builtin")
    bound = {name for name, _ in bindings(module)}
    return frozenset(names) - bound
