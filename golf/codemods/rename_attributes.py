"""rename-attributes: give the attributes and methods of the program's own classes the shortest free names.

Own names are the ones a class body binds (`def X`, `X = ...`, `X = lambda ...`) and the ones
a method assigns on its first parameter (`self.X = ...`); dunder and private `__x` names keep
theirs. Each own name X gets one new name everywhere at once: every `.X`, every `def X` and
class-level `X = ...` with its plain-name reads in the class body, and `"X"` in a literal
`__slots__`. The most used get the shortest (the name's initial when free). Instances hold
the same values under other keys, so every operation and its operands are unchanged: exact.

Accesses are renamed by name, not by type, so a `.X` reaching an object from outside the
program would break. Hence: dotted names rooted at an import (`math.log`) are never touched;
an own name is not renamed FROM when it is an attribute of a builtin type (`dir()` of list,
str, dict, float, int, set, tuple, files, ...), of a class or submodule of an imported
standard module, or of an imported thing whose name is used other than as `name.attr`
(attributes a foreign object only sets at run time escape `dir()`: the one case not seen);
a new name (renamed TO) is none of those, nor any attribute or slot name of the module, nor
a name read or bound directly in a class body (a class-level binding would capture it).
Names bound in a class body by `for`, `import` or a nested class, and names that appear as a
word in a string (outside docstrings; `str.format` can read attributes), are left alone.
It refuses when names can be seen or needed as strings: `getattr`, `setattr`, `hasattr`,
`delattr`, `vars`, `dir`, `eval`, `exec`, `compile`, `__dict__`, `__getattr__` and kin,
`__set_name__`, `__match_args__`, `match`, `__annotations__`, `__doc__`, `__slots__` read or
not literal, `.__name__`/`.__qualname__` (a method's name changes); classes with decorators,
keywords or a base that is not the program's; imports of non-standard modules.
"""

from __future__ import annotations

import importlib
import io
import re
import sys
import types
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import libcst as cst
import libcst.matchers as m
from libcst.metadata import (
    Access,
    ClassScope,
    ComprehensionScope,
    FunctionScope,
    ImportAssignment,
    ParentNodeProvider,
    Scope,
    ScopeProvider,
)

from golf.codemods.names import RenameNodes, short_names
from golf.codemods.program import metadata
from golf.codemods.technique import Param, Params, Refuse, Technique

_BUILTIN_TYPES = (
    object, type, list, str, dict, float, int, bool, set, frozenset, tuple, bytes, bytearray, complex,
    range, slice, memoryview, property, BaseException, io.TextIOWrapper, io.BufferedReader,
    io.BufferedWriter, io.StringIO, io.BytesIO, types.FunctionType, types.GeneratorType,
    type({}.keys()), type({}.values()), type({}.items()),
)  # fmt: skip
#: Attributes of objects every program can meet without importing anything.
_BUILTIN_ATTRS = frozenset(name for t in _BUILTIN_TYPES for name in dir(t))
#: Names through which a program reaches attributes by strings, or sees/depends on their names.
_STRING_ACCESS = frozenset({"getattr", "setattr", "hasattr", "delattr", "vars", "dir", "eval", "exec", "compile"})
_REFUSED_ATTRS = frozenset(
    {"__dict__", "__getattr__", "__getattribute__", "__setattr__", "__delattr__", "__set_name__"}
    | {"__match_args__", "__name__", "__qualname__", "__doc__", "__slots__", "__annotations__"}
)
_WORD = re.compile(r"\b[A-Za-z_]\w*\b")
_ESCAPE = re.compile(r"\\N\{[^}]*\}|\\.")


def _dunder_or_private(name: str) -> bool:
    return name.startswith("__")


def _import_facts(module: cst.Module) -> set[str]:
    """Attributes of what the imported standard modules hold; refuses a non-standard import."""
    foreign: set[str] = set()
    for node in m.findall(module, m.Import() | m.ImportFrom()):
        if isinstance(node, cst.ImportFrom):
            if node.relative or node.module is None:
                raise Refuse("the program has a relative import: its objects' attributes are unknown")
            names = [cst.Module([]).code_for_node(node.module)]
        else:
            names = [cst.Module([]).code_for_node(alias.name) for alias in node.names]
        for name in names:
            if name.split(".")[0] not in sys.stdlib_module_names:
                raise Refuse(f"the program imports {name}, not a standard module: its objects' attributes are unknown")
            for owner in _members(importlib.import_module(name)):
                foreign.update(dir(owner))
    return foreign


def _members(mod: types.ModuleType) -> list[object]:
    """The classes of a module and of its submodules, and those submodules."""
    found: list[object] = []
    for value in vars(mod).values():
        if isinstance(value, type):
            found.append(value)
        elif isinstance(value, types.ModuleType):
            found.append(value)
            found.extend(v for v in vars(value).values() if isinstance(v, type))
    return found


class _Facts(cst.CSTVisitor):
    """One walk over the module: attribute names, string words, and what makes renaming unsafe."""

    def __init__(self, own_classes: set[str]) -> None:
        self.own_classes = own_classes
        self.attr_names: set[str] = set()
        self.words: set[str] = set()
        self.slots: list[cst.SimpleString] = []
        self.problems: list[str] = []
        self._slot_values: set[cst.CSTNode] = set()
        self._raw: list[bool] = []

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in _STRING_ACCESS:
            self.problems.append(f"the program uses {node.value}")
        elif node.value in ("__dict__", "__doc__"):
            self.problems.append(f"the program reads {node.value}")

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.attr_names.add(node.attr.value)
        if node.attr.value in _REFUSED_ATTRS:
            self.problems.append(f"the program reads .{node.attr.value}")

    def visit_Match(self, node: cst.Match) -> None:
        self.problems.append("the program has a match statement (class patterns name attributes)")

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        name = node.name.value
        if node.decorators:
            self.problems.append(f"class {name} has decorators")
        if node.keywords:
            self.problems.append(f"class {name} has keywords")
        for base in node.bases:
            if not (isinstance(base.value, cst.Name) and base.value.value in self.own_classes | {"object"}):
                self.problems.append(f"class {name} has a base from outside the program")
        lines = node.body.body if isinstance(node.body, cst.IndentedBlock) else [node.body]
        for line in lines:
            if not isinstance(line, cst.SimpleStatementLine | cst.SimpleStatementSuite):
                continue
            for small in line.body:
                if m.matches(small, m.Assign(targets=[m.AssignTarget(m.Name("__slots__"))])):
                    self._slots(small.value)

    def _slots(self, value: cst.BaseExpression) -> None:
        items = [e.value for e in value.elements] if isinstance(value, cst.Tuple | cst.List) else [value]
        for item in items:
            if not isinstance(item, cst.SimpleString) or item.prefix:
                self.problems.append("__slots__ is not a literal list of strings")
                return
            self.slots.append(item)
            self._slot_values.add(item)

    def visit_Expr(self, node: cst.Expr) -> bool:
        # A string statement (a docstring) is never seen by the program (it refuses `__doc__`).
        return not isinstance(node.value, cst.SimpleString | cst.ConcatenatedString)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if node not in self._slot_values:
            value = node.evaluated_value
            self.words.update(_WORD.findall(value if isinstance(value, str) else value.decode("latin-1")))

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self._raw.append("r" in node.prefix.lower())

    def leave_FormattedString(self, original_node: cst.FormattedString) -> None:
        self._raw.pop()

    def visit_FormattedStringText(self, node: cst.FormattedStringText) -> None:
        # `\n` is a newline, not the word `n`; raw f-strings keep their backslashes.
        text = node.value if self._raw[-1] else _ESCAPE.sub(" ", node.value)
        self.words.update(_WORD.findall(text))


def _chain_root(node: cst.BaseExpression) -> cst.Name | None:
    """The name a pure dotted chain `a.b.c` starts from."""
    while isinstance(node, cst.Attribute):
        node = node.value
    return node if isinstance(node, cst.Name) else None


@dataclass
class _Own:
    """The own names, the nodes that spell each, and the names a new name must avoid."""

    #: Own name -> every node spelling it (defs, class-level targets and reads, `.X`, slot strings).
    nodes: dict[str, list[cst.CSTNode]] = field(default_factory=lambda: defaultdict(list))
    #: Own names bound in a class body in a way that cannot be renamed (`for`, `import`, nested class).
    pinned: set[str] = field(default_factory=set)
    #: Plain names read or bound directly in a class body: a class-level binding would capture them.
    class_names: set[str] = field(default_factory=set)
    #: (method scope, first parameter name) of every method.
    selves: set[tuple[Scope, str]] = field(default_factory=set)


def _class_bindings(own: _Own, scopes: set[Scope], scope_of: Mapping, parent_of: Mapping) -> None:
    """Methods and class-level names, with their plain-name reads in the class body."""
    for scope in scopes:
        if isinstance(scope, ComprehensionScope) and isinstance(scope.parent, ClassScope):
            own.class_names.update(a.node.value for a in scope.accesses if isinstance(a.node, cst.Name))
        if not isinstance(scope, ClassScope):
            continue
        own.class_names.update(a.name for a in scope.assignments)
        own.class_names.update(a.node.value for a in scope.accesses if isinstance(a.node, cst.Name))
        for assignment in scope.assignments:
            name, node = assignment.name, assignment.node
            if isinstance(node, cst.FunctionDef):
                first = node.params.posonly_params or node.params.params
                if first and isinstance(scope_of.get(node.body), FunctionScope):
                    own.selves.add((scope_of[node.body], first[0].name.value))
            if _dunder_or_private(name):
                continue
            if isinstance(node, cst.FunctionDef):
                own.nodes[name].append(node.name)
            elif isinstance(node, cst.Name) and _is_assign_target(node, parent_of):
                own.nodes[name].append(node)
            else:
                own.pinned.add(name)
            for access in assignment.references:
                if isinstance(access.node, cst.Name):
                    own.nodes[name].append(access.node)
                else:
                    own.pinned.add(name)


def _instance_attributes(own: _Own, tree: cst.Module, scope_of: Mapping) -> None:
    """`self.X = ...` where `self` is a method's first parameter (and nothing else in that method)."""
    for target in m.findall(tree, m.AssignTarget() | m.AugAssign() | m.AnnAssign()):
        for attr in m.findall(target.target, m.Attribute(value=m.Name())):
            scope, owner = scope_of.get(attr.value), attr.value.value
            if (scope, owner) in own.selves and len(scope.assignments[owner]) == 1:
                if not _dunder_or_private(attr.attr.value):
                    own.nodes.setdefault(attr.attr.value, [])


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Rename the own classes' attributes and methods to the shortest free names."""
    wrapper = metadata(module)
    tree = wrapper.module
    own_classes = {c.name.value for c in m.findall(tree, m.ClassDef())}
    if not own_classes:
        raise Refuse("the program has no class")
    facts = _Facts(own_classes)
    tree.visit(facts)
    if facts.problems:
        raise Refuse(f"{facts.problems[0]}: attribute names may be seen or needed as strings")
    foreign = _BUILTIN_ATTRS | _import_facts(tree)
    scope_of = wrapper.resolve(ScopeProvider)
    parent_of = wrapper.resolve(ParentNodeProvider)
    scopes = {s for s in scope_of.values() if s is not None}

    # Dotted names rooted at an import are never renamed; an import's name used as a value exposes its attributes.
    import_roots: set[cst.Name] = set()
    for scope in scopes:
        for access in scope.accesses:
            root = _chain_root(access.node)
            if root is not None and any(isinstance(r, ImportAssignment) for r in access.referents):
                import_roots.add(root)
                if not isinstance(parent_of[root], cst.Attribute) or parent_of[root].value is not root:
                    foreign |= _escaped_attrs(access)

    own = _Own()
    _class_bindings(own, scopes, scope_of, parent_of)
    _instance_attributes(own, tree, scope_of)
    for attr in m.findall(tree, m.Attribute()):
        if attr.attr.value in own.nodes and _chain_root(attr.value) not in import_roots:
            own.nodes[attr.attr.value].append(attr.attr)
    for string in facts.slots:
        if string.evaluated_value in own.nodes:
            own.nodes[string.evaluated_value].append(string)

    if not own.nodes:
        raise Refuse("the program's classes have no attributes or methods but dunder ones")
    wanted = params.get("attribute") or None
    if wanted is not None and wanted not in own.nodes:
        raise Refuse(f"{wanted!r} is not an attribute or method of the program's classes")
    blocked = foreign | facts.words | own.pinned
    chosen = [n for n in own.nodes if n not in blocked and (wanted is None or n == wanted)]
    if not chosen:
        whys = [_why_blocked(n, facts, own.pinned) for n in sorted(own.nodes) if wanted is None or n == wanted]
        raise Refuse(f"no attribute can be renamed: {'; '.join(whys)}")
    slot_names = {s.evaluated_value for s in facts.slots}
    taken = facts.attr_names | set(own.nodes) | own.class_names | slot_names | foreign | facts.words
    new_names: dict[cst.CSTNode, str] = {}
    for name in sorted(chosen, key=lambda n: (-len(own.nodes[n]), n)):  # the most used first
        new = next(n for n in _preferred(name) if n not in taken)
        if len(new) < len(name):
            taken.add(new)
            new_names.update((node, new) for node in own.nodes[name])
    if not new_names:
        raise Refuse("every renamable attribute is already as short as it can be")
    return tree.visit(_Rename(new_names))


def _escaped_attrs(access: Access) -> set[str]:
    """Attributes of an imported object whose name is used as a value (passed, assigned, called)."""
    attrs: set[str] = set()
    for referent in access.referents:
        node = referent.node if isinstance(referent, ImportAssignment) else None
        if isinstance(node, cst.Import):
            for alias in node.names:
                attrs.update(dir(importlib.import_module(cst.Module([]).code_for_node(alias.name))))
        elif isinstance(node, cst.ImportFrom) and node.module is not None:
            mod = importlib.import_module(cst.Module([]).code_for_node(node.module))
            attrs.update(dir(mod))
            for value in vars(mod).values():
                attrs.update(dir(value))
    return attrs


def _is_assign_target(node: cst.Name, parent_of: Mapping[cst.CSTNode, cst.CSTNode]) -> bool:
    parent = parent_of[node]
    if isinstance(parent, cst.AssignTarget):
        return True
    return isinstance(parent, cst.AnnAssign | cst.AugAssign) and parent.target is node


def _why_blocked(name: str, facts: _Facts, pinned: set[str]) -> str:
    if name in pinned:
        return f"{name} is bound in a class body other than by def or assignment"
    if name in facts.words:
        return f"{name} appears in a string"
    return f"{name} is also an attribute of objects from outside the program"


def _preferred(name: str) -> list[str]:
    """The name's initial first (same length, easier to read), then the shortest names."""
    initial = name.lstrip("_")[:1]
    return [initial, *short_names()] if initial.isalpha() else list(short_names())


class _Rename(RenameNodes):
    def leave_SimpleString(self, original_node: cst.SimpleString, updated_node: cst.SimpleString) -> cst.SimpleString:
        new = self.new_names.get(original_node)
        quote = updated_node.quote
        return updated_node.with_changes(value=f"{quote}{new}{quote}") if new else updated_node


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    return [{}] if m.findall(module, m.ClassDef()) else []


TECHNIQUE = Technique(
    name="rename-attributes",
    summary="rename the program's own classes' attributes and methods to the shortest free names",
    transform=transform,
    params=(Param("attribute", "the one attribute to rename (default: all)", default=""),),
    candidates=_candidates,
)
