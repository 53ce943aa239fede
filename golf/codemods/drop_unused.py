"""drop-unused: remove code that nothing uses.

It removes, over and over until nothing changes:
- imports of standard-library modules whose bound names are never read;
- `NAME = EXPR` (also one target of `a = b = EXPR`, or one pair of `a, b = x, y`) when NAME
  is never read in its scope or any scope nested in it, and EXPR cannot do anything:
  constants, names, lambdas, tuples and lists of those, arithmetic on constants (no calls,
  subscripts, attributes or f-strings, which can run the program's own code);
- functions and classes whose name is never read, when defining them runs nothing of the
  program's (no decorators, bases, or defaults that are not such plain expressions);
- members of a class without bases (methods, class attributes) whose name is not a dunder
  and appears nowhere as an attribute (`x.name`) nor in a string, when the program uses no
  introspection (`getattr`, `vars`, `__dict__`, `dir`, ...).
Reads are found with LibCST's scopes and resolved lexically, as Python does. Evaluating what
it removes has no effect on the program's state, so every value, float operation, random
draw and printed line stays as it was. It never removes dunder names, names in `global` or
`nonlocal` statements, or the training loop's step bound (the checker rewrites it). It
refuses a program that calls `eval`, `exec`, `globals`, `locals` or `vars`, where names can
be read as strings.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ClassScope, GlobalScope, Scope, ScopeProvider

from golf.codemods._statements import edit_statements
from golf.codemods.names import LOUD_IMPORTS, NAMES_AS_STRINGS
from golf.codemods.program import metadata
from golf.codemods.step_bounds import step_bounds
from golf.codemods.technique import Params, Refuse, Technique
from golf.engine.aliases import dotted_name

_DYNAMIC = NAMES_AS_STRINGS
#: Ways to reach an attribute by a computed name: class members are left alone when present.
_INTROSPECTION = frozenset(
    {"getattr", "setattr", "hasattr", "delattr", "dir", "__dict__", "attrgetter", "methodcaller"}
)
#: Methods Python or the standard library call by name without an `x.name` in the program.
_PROTOCOL = frozenset({"keys", "write", "flush", "read", "readline", "fileno", "close", "send", "throw"})
#: Constant literals: evaluating one runs nothing.
_CONSTANTS = (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.Ellipsis)


# ---------------------------------------------------------------------------
# What may be removed
# ---------------------------------------------------------------------------
def _literal(node: cst.BaseExpression) -> bool:
    """A value computed from constants only (no names but True, False and None)."""
    if isinstance(node, _CONSTANTS):
        return True
    if isinstance(node, cst.ConcatenatedString):
        return _literal(node.left) and _literal(node.right)
    if isinstance(node, cst.Name):
        return node.value in ("True", "False", "None")
    if isinstance(node, cst.UnaryOperation):
        return _literal(node.expression)
    if isinstance(node, cst.BinaryOperation):
        return _literal(node.left) and _literal(node.right)
    if isinstance(node, cst.Comparison):
        return _literal(node.left) and all(_literal(c.comparator) for c in node.comparisons)
    if isinstance(node, cst.Tuple):
        return all(isinstance(e, cst.Element) and _literal(e.value) for e in node.elements)
    return False


def _pure(node: cst.BaseExpression | None) -> bool:
    """Evaluating `node` runs none of the program's code and changes nothing."""
    if node is None or _literal(node) or isinstance(node, cst.Name):
        return True
    if isinstance(node, cst.Tuple | cst.List):
        return all(isinstance(e, cst.Element) and _pure(e.value) for e in node.elements)
    if isinstance(node, cst.Set):  # hashing a constant runs no program code
        return all(isinstance(e, cst.Element) and _literal(e.value) for e in node.elements)
    if isinstance(node, cst.Dict):
        return all(isinstance(e, cst.DictElement) and _literal(e.key) and _pure(e.value) for e in node.elements)
    if isinstance(node, cst.Lambda):
        return _pure_params(node.params)
    return False


def _pure_params(params: cst.Parameters) -> bool:
    every = [*params.posonly_params, *params.params, *params.kwonly_params]
    every += [p for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param)]
    return all(_pure(p.default) and (p.annotation is None or _pure(p.annotation.annotation)) for p in every)


def _quiet_def(node: cst.FunctionDef) -> bool:
    """Executing the `def` only binds the name."""
    returns = node.returns.annotation if node.returns is not None else None
    return not node.decorators and _pure_params(node.params) and _pure(returns)


def _quiet_class(node: cst.ClassDef) -> bool:
    """Executing the `class` statement only binds the name."""
    if node.decorators or node.keywords or any(not m.matches(b.value, m.Name("object")) for b in node.bases):
        return False
    lines = node.body.body if isinstance(node.body, cst.IndentedBlock) else [node.body]
    for line in lines:
        if isinstance(line, cst.FunctionDef):
            ok = _quiet_def(line)
        elif isinstance(line, cst.ClassDef):
            ok = _quiet_class(line)
        elif isinstance(line, cst.SimpleStatementLine | cst.SimpleStatementSuite):
            ok = all(_quiet_small(s) for s in line.body)
        else:
            ok = False
        if not ok:
            return False
    return True


def _quiet_small(statement: cst.BaseSmallStatement) -> bool:
    if isinstance(statement, cst.Pass):
        return True
    if isinstance(statement, cst.Expr):
        return _literal(statement.value)
    if isinstance(statement, cst.Assign):
        return all(isinstance(t.target, cst.Name) for t in statement.targets) and _pure(statement.value)
    return False


def _stdlib(module_name: str) -> bool:
    top = module_name.split(".")[0]
    return top in sys.stdlib_module_names and top not in LOUD_IMPORTS


def _dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


# ---------------------------------------------------------------------------
# Which names are read
# ---------------------------------------------------------------------------
class _Facts(cst.CSTVisitor):
    """Attribute names, string constants, `global`/`nonlocal` names and dynamic calls, by a plain walk."""

    def __init__(self) -> None:
        self.attributes: set[str] = set()
        self.strings: set[str] = set()
        self.frozen: set[str] = set()
        self.names: set[str] = set()
        self.augmented: list[cst.Name] = []

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.attributes.add(node.attr.value)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self.strings.add(node.raw_value)

    def visit_Global(self, node: cst.Global) -> None:
        self.frozen.update(item.name.value for item in node.names)

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        self.frozen.update(item.name.value for item in node.names)

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.target, cst.Name):  # `x += 1` reads x
            self.augmented.append(node.target)


def _reads(scopes: set[Scope], scope_of: Mapping[cst.CSTNode, Scope | None], facts: _Facts) -> set[tuple[Scope, str]]:
    """(scope, name) of every binding some access may read."""
    bound: dict[Scope, set[str]] = {s: set() for s in scopes}
    for scope in scopes:
        for assignment in scope.assignments:
            bound.setdefault(assignment.scope, set()).add(assignment.name.split(".")[0])
    reads: set[tuple[Scope, str]] = set()

    def resolve(scope: Scope, name: str) -> None:
        # Python's rule: the nearest enclosing binding, class bodies seen only from themselves.
        # A class binding met on the way also counts, in case a comprehension's first iterable reads it.
        current = scope
        while True:
            if name in bound.get(current, ()):
                reads.add((current, name))
                if current is scope or not isinstance(current, ClassScope):
                    return
            if isinstance(current, GlobalScope) or current.parent is current:
                return
            current = current.parent

    for scope in scopes:
        for access in scope.accesses:
            for referent in access.referents:
                reads.add((referent.scope, referent.name.split(".")[0]))
            name = dotted_name(access.node).split(".")[0] if isinstance(access.node, cst.Name | cst.Attribute) else ""
            if name:
                resolve(scope, name)
    for target in facts.augmented:
        scope = scope_of.get(target)
        if scope is not None:
            resolve(scope, target.value)
    return reads


# ---------------------------------------------------------------------------
# One pass
# ---------------------------------------------------------------------------
def _without_dead_targets(assign: cst.Assign, dead: set[cst.CSTNode]) -> cst.Assign | None:
    """`assign` without its dead targets: None to remove it, `assign` itself when nothing can go."""
    if len(assign.targets) > 1:
        kept = [t for t in assign.targets if t.target not in dead]
        if not kept and _pure(assign.value):
            return None
        kept = kept or assign.targets[-1:]  # the value must still be computed: one target stays
        return assign.with_changes(targets=kept) if len(kept) < len(assign.targets) else assign
    target, value = assign.targets[0].target, assign.value
    if target in dead:
        return None if _pure(value) else assign
    if not (isinstance(target, cst.Tuple | cst.List) and isinstance(value, cst.Tuple | cst.List)):
        return assign
    names, values = target.elements, value.elements
    if len(names) != len(values) or any(not isinstance(e, cst.Element) for e in (*names, *values)):
        return assign
    pairs = [(n, v) for n, v in zip(names, values, strict=True) if not (n.value in dead and _pure(v.value))]
    if len(pairs) == len(names):
        return assign
    if not pairs:
        return None
    if len(pairs) == 1:  # `a, b = 1, 2` without b is `a = 1`
        return assign.with_changes(
            targets=[assign.targets[0].with_changes(target=pairs[0][0].value)], value=pairs[0][1].value
        )
    last = cst.MaybeSentinel.DEFAULT
    kept_names = [n for n, _ in pairs[:-1]] + [pairs[-1][0].with_changes(comma=last)]
    kept_values = [v for _, v in pairs[:-1]] + [pairs[-1][1].with_changes(comma=last)]
    return assign.with_changes(
        targets=[assign.targets[0].with_changes(target=target.with_changes(elements=kept_names))],
        value=value.with_changes(elements=kept_values),
    )


def _target_names(assign: cst.Assign) -> list[cst.Name]:
    """The names `assign` binds directly (`a = b = ...`, `a, b = ...`), not those in subscripts or attributes."""
    found = []
    for target in assign.targets:
        inner = target.target.elements if isinstance(target.target, cst.Tuple | cst.List) else [target.target]
        found += [e.value if isinstance(e, cst.Element) else e for e in inner]
    return [n for n in found if isinstance(n, cst.Name)]


def _one_pass(module: cst.Module) -> tuple[cst.Module, int]:
    """Remove what is unused now; the number of edits (0: nothing was)."""
    wrapper = metadata(module)
    tree = wrapper.module  # a copy: every node looked up below must come from it
    facts = _Facts()
    tree.visit(facts)
    if facts.names & _DYNAMIC:
        raise Refuse(f"the program uses {', '.join(sorted(facts.names & _DYNAMIC))}: names may be read as strings")
    scope_of = wrapper.resolve(ScopeProvider)
    scopes = {s for s in scope_of.values() if s is not None}
    reads = _reads(scopes, scope_of, facts)
    pinned = step_bounds(tree)
    members_fixed = bool(facts.names & _INTROSPECTION or facts.attributes & _INTROSPECTION)

    def unused(node: cst.CSTNode, name: str) -> bool:
        scope = scope_of.get(node)
        if scope is None or _dunder(name) or name in facts.frozen or (scope, name) in reads:
            return False
        if isinstance(scope, GlobalScope):
            return name not in pinned
        if isinstance(scope, ClassScope):  # a member: read as an attribute, by name, or by Python itself
            return not (members_fixed or name in facts.attributes or name in facts.strings or name in _PROTOCOL)
        return True

    def member_of_plain_class(node: cst.CSTNode) -> bool:
        scope = scope_of.get(node)
        if not isinstance(scope, ClassScope):
            return True
        owner = scope.node
        return (
            not owner.decorators
            and not owner.keywords
            and all(m.matches(b.value, m.Name("object")) for b in owner.bases)
        )

    edits: dict[cst.CSTNode, cst.CSTNode | None] = {}
    for node in m.findall(tree, m.Import() | m.ImportFrom()):
        if isinstance(scope_of.get(node), ClassScope) or isinstance(node.names, cst.ImportStar):
            continue
        if isinstance(node, cst.ImportFrom) and (node.relative or not _stdlib(dotted_name(node.module))):
            continue
        kept = []
        for alias in node.names:
            bound = dotted_name(alias.asname.name) if alias.asname else dotted_name(alias.name).split(".")[0]
            if not (unused(node, bound) and (isinstance(node, cst.ImportFrom) or _stdlib(dotted_name(alias.name)))):
                kept.append(alias)
        if len(kept) < len(node.names):
            if kept:
                kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            edits[node] = node.with_changes(names=kept) if kept else None
    for node in m.findall(tree, m.FunctionDef() | m.ClassDef()):
        quiet = _quiet_def(node) if isinstance(node, cst.FunctionDef) else _quiet_class(node)
        if quiet and member_of_plain_class(node) and unused(node, node.name.value):
            edits[node] = None
    for node in m.findall(tree, m.Assign()):
        if not member_of_plain_class(node):
            continue
        dead = {n for n in _target_names(node) if unused(n, n.value)}
        if dead:
            new = _without_dead_targets(node, dead)  # type: ignore[arg-type]
            if new is not node:
                edits[node] = new
    if not edits:
        return module, 0
    return edit_statements(tree, edits), len(edits)


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Remove unused imports, assignments, functions, classes and members, until nothing more is unused."""
    total = 0
    for _ in range(100):  # each pass can make more unused; a program has fewer than 100 layers of that
        module, count = _one_pass(module)
        total += count
        if not count:
            break
    if not total:
        raise Refuse("nothing unused")
    return module


TECHNIQUE = Technique(
    name="drop-unused",
    summary="remove imports, assignments, functions, classes and members that nothing uses",
    transform=transform,
)
