"""Module-level constants: names bound once to a literal, where they are read, and what blocks putting
the literal there. Shared by inline-constants, drop-defaults, copy-propagation and fold-constants.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
import libcst.matchers as m
from libcst.metadata import (
    ClassScope,
    ComprehensionScope,
    GlobalScope,
    ParentNodeProvider,
    Scope,
    ScopeProvider,
)

from golf.codemods.names import NAMES_AS_STRINGS, all_names, bindings, target_name_nodes, variable_names
from golf.codemods.program import metadata
from golf.codemods.step_bounds import step_bounds

#: Literal kinds that evaluate to an equal immutable object each time (SimpleString is never an f-string).
LITERALS = (cst.Integer, cst.Float, cst.SimpleString)


#: Names that reach variables by name, behind the scope analysis' back: the builtins doing so, the
#: main module (`import __main__`, `__import__('__main__')`, `import_module`) and frame or function
#: introspection (`sys._getframe().f_locals`, `inspect.currentframe()`, `f.__globals__`).
_BLOCKERS = NAMES_AS_STRINGS | {
    "dir",
    "__dict__",
    "__main__",
    "__import__",
    "import_module",
    "_getframe",
    "currentframe",
    "f_locals",
    "f_globals",
    "__globals__",
}


def literal(node: cst.BaseExpression | None) -> cst.BaseExpression | None:
    """`node` without its parentheses when it is an int, float or string literal, else None."""
    if isinstance(node, LITERALS):
        return node.with_changes(lpar=[], rpar=[])
    return None


def _named(node: cst.CSTNode) -> list[cst.Name]:
    """The `Name` nodes through which `node` binds, deletes or declares (none for imports)."""
    if isinstance(node, cst.AssignTarget | cst.AugAssign | cst.AnnAssign | cst.For | cst.CompFor | cst.NamedExpr):
        return target_name_nodes(node.target)
    if isinstance(node, cst.Del):
        return target_name_nodes(node.target)
    if isinstance(node, cst.FunctionDef | cst.ClassDef | cst.Param | cst.MatchAs | cst.MatchStar):
        return [node.name] if isinstance(node.name, cst.Name) else []
    if isinstance(node, cst.WithItem):
        return target_name_nodes(node.asname.name) if node.asname is not None else []
    if isinstance(node, cst.ExceptHandler):
        return target_name_nodes(node.name.name) if node.name is not None else []
    if isinstance(node, cst.MatchMapping):
        return [node.rest] if node.rest is not None else []
    if isinstance(node, cst.Global | cst.Nonlocal):
        return [item.name for item in node.names]
    return []


class NameReads:
    """A module's bindings (with the scope each binds in) and variable reads (with the scope each
    resolves to), by Python's rules rather than LibCST's referents, which miss a walrus in a
    comprehension and a read that comes before the assignment in the text."""

    def __init__(self, module: cst.Module) -> None:
        wrapper = metadata(module)
        self.module = wrapper.module
        data = wrapper.resolve_many((ScopeProvider, ParentNodeProvider))
        self.scopes, self.parents = data[ScopeProvider], data[ParentNodeProvider]
        #: Names some `global` or `nonlocal` statement declares: any function may rebind them.
        self.declared: set[str] = set()
        #: Per name, each (scope it binds in, binding node).
        self.bound: dict[str, list[tuple[Scope, cst.CSTNode]]] = {}
        not_reads = set()
        for name, node in bindings(self.module):
            not_reads |= {id(n) for n in _named(node)}
            if isinstance(node, cst.Global | cst.Nonlocal):
                self.declared.add(name)
            else:
                self.bound.setdefault(name, []).append((self._binding_scope(node), node))
        for node in m.findall(self.module, m.Import() | m.ImportFrom() | m.MatchKeywordElement()):
            names = [node.key] if isinstance(node, cst.MatchKeywordElement) else m.findall(node, m.Name())
            not_reads |= {id(n) for n in names}
        #: Per name, the variable `Name` nodes that read it, in source order.
        self.reads: dict[str, list[cst.Name]] = {}
        for node in variable_names(self.module):
            if id(node) not in not_reads:
                self.reads.setdefault(node.value, []).append(node)

    def _binding_scope(self, node: cst.CSTNode) -> Scope:
        if isinstance(node, cst.CompFor):
            return self.scopes[node.target]  # the CompFor node itself belongs to the enclosing scope
        scope = self.scopes[node]
        if isinstance(node, cst.NamedExpr):
            while isinstance(scope, ComprehensionScope):  # a walrus binds in the enclosing function
                scope = scope.parent
        return scope

    def owner(self, read: cst.Name) -> Scope:
        """The scope whose variable `read` reads (the global scope when no enclosing scope binds it)."""
        binders = {id(scope) for scope, _ in self.bound.get(read.value, [])}
        first = scope = self.scopes[read]
        while not isinstance(scope, GlobalScope):
            if id(scope) in binders and (scope is first or not isinstance(scope, ClassScope)):
                return scope
            scope = scope.parent
        return scope

    def reads_of(self, name: str, scope: Scope) -> list[cst.Name]:
        """The reads of `name` that resolve to `scope`."""
        return [read for read in self.reads.get(name, []) if self.owner(read) is scope]

    def bound_in(self, name: str, scope: Scope) -> list[cst.CSTNode]:
        """The nodes that bind `name` in `scope`."""
        return [node for where, node in self.bound.get(name, []) if where is scope]

    def class_bound(self, name: str, outer: Scope) -> bool:
        """True when a class body inside `outer` binds `name`: a read in that body before the binding
        reads the enclosing scope's variable and one after it the class's, which no static owner captures."""
        for scope, _ in self.bound.get(name, []):
            if isinstance(scope, ClassScope):
                while scope is not outer and not isinstance(scope, GlobalScope):
                    scope = scope.parent
                if scope is outer:
                    return True
        return False

    def substitution_problem(self, read: cst.Name, value: cst.BaseExpression) -> str | None:
        """Why the literal `value` cannot stand where `read` is, or None."""
        name, parent = read.value, self.parents[read]
        if isinstance(parent, cst.Attribute) and parent.value is read:
            return f"{name} is read as {name}.attr, which a literal would need parentheses for"
        if (isinstance(parent, cst.Call) and parent.func is read) or (
            isinstance(parent, cst.Subscript) and parent.value is read
        ):
            return f"{name} is called or indexed, which a literal would need parentheses for"
        if isinstance(parent, cst.Expr) and isinstance(value, cst.SimpleString):
            return f"{name} is a statement of its own, where a string literal could become a docstring"
        comparison = self.parents[parent] if isinstance(parent, cst.ComparisonTarget) else parent
        if isinstance(comparison, cst.Comparison) and any(
            isinstance(t.operator, cst.Is | cst.IsNot) for t in comparison.comparisons
        ):
            return f"{name} is an operand of `is`, which could tell two equal floats apart"
        child, node = read, parent
        while not isinstance(node, cst.Module):
            if isinstance(node, cst.Annotation):
                return f"{name} is read in an annotation"
            if isinstance(node, cst.FormattedStringExpression):
                if child is not node.expression:
                    return f"{name} is read in an f-string format spec"
                if node.equal is not None and not isinstance(node.equal, cst.MaybeSentinel):
                    return f"{name} is read in `{{{name}=}}`, which prints its text"
                if isinstance(value, cst.SimpleString):
                    return f"{name} is read inside an f-string, where a string's quotes could clash"
            child, node = node, self.parents[node]
        return None


def blocker(module: cst.Module, extra: frozenset[str] | set[str] = frozenset()) -> str | None:
    """Why no name of `module` can be analysed statically, or None."""
    used = sorted(all_names(module) & (_BLOCKERS | extra))
    return f"the program uses {', '.join(used)}, which can reach variables by name" if used else None


class Substitute(cst.CSTTransformer):
    """Replace given `Name` nodes (by identity) with literals, keeping their parentheses."""

    def __init__(self, replace: dict[cst.Name, cst.BaseExpression]) -> None:
        self.replace = replace

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        value = self.replace.get(original_node)
        return updated_node if value is None else value.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)


@dataclass(frozen=True)
class Constant:
    """A module-level name bound once to a literal, and its reads."""

    name: str
    assign: cst.Assign
    #: Position of the name in a tuple target, or None for `NAME = LITERAL`.
    element: int | None
    value: cst.BaseExpression
    reads: tuple[cst.Name, ...]


def _bindings_of(assign: cst.Assign) -> list[tuple[cst.BaseExpression, cst.BaseExpression | None, int | None]]:
    """(target, value, element) for each name `assign` binds to a value of its own."""
    if len(assign.targets) != 1:
        return []
    target, value = assign.targets[0].target, assign.value
    if isinstance(target, cst.Name):
        return [(target, value, None)]
    if not isinstance(target, cst.Tuple | cst.List) or not isinstance(value, cst.Tuple):
        return []
    pairs = list(zip(target.elements, value.elements, strict=False))
    if len(target.elements) != len(value.elements) or any(
        isinstance(e, cst.StarredElement) for pair in pairs for e in pair
    ):
        return []
    return [(t.value, v.value, k) for k, (t, v) in enumerate(pairs)]


class ConstantsAnalysis(NameReads):
    """The module's top-level bindings of names to literals, and which can be inlined.

    `constants()` walks every such binding and asks `_constant` about it; fold-constants
    overrides that hook to collect every number constant's reads instead.
    """

    def __init__(self, module: cst.Module) -> None:
        super().__init__(module)
        self.blocker = blocker(self.module)
        self.pinned = step_bounds(self.module)
        self.top = self.scopes[self.module]
        #: (statement index, small statement index) of every top-level small statement.
        self.order: dict[int, tuple[int, int]] = {}
        for i, statement in enumerate(self.module.body):
            self.order[id(statement)] = (i, 0)
            if isinstance(statement, cst.SimpleStatementLine):
                self.order |= {id(small): (i, j) for j, small in enumerate(statement.body)}

    def _position(self, node: cst.CSTNode) -> tuple[int, int]:
        """Where the top-level small statement (or compound statement) holding `node` runs."""
        while id(node) not in self.order:
            node = self.parents[node]
        return self.order[id(node)]

    def constants(self) -> tuple[list[Constant], dict[str, str]]:
        """The constants that can be inlined with a saving, and why each other one cannot."""
        found, reasons = [], {}
        for line in self.module.body:
            smalls = line.body if isinstance(line, cst.SimpleStatementLine) else []
            for assign in [s for s in smalls if isinstance(s, cst.Assign)]:
                for target, value, element in _bindings_of(assign):
                    value = literal(value)
                    if isinstance(target, cst.Name) and value is not None:
                        outcome = self._constant(assign, target, value, element)
                        if isinstance(outcome, Constant):
                            found.append(outcome)
                        else:
                            reasons.setdefault(target.value, outcome)
        return found, reasons

    def _constant(
        self, assign: cst.Assign, target: cst.Name, value: cst.BaseExpression, element: int | None
    ) -> Constant | str:
        name = target.value
        if self.blocker:
            return self.blocker
        if name in self.pinned:
            return f"{name} is the training loop's step count, which the checker rewrites"
        if name in self.declared:
            return f"{name} is declared global or nonlocal, so a function may rebind it"
        if len(self.bound_in(name, self.top)) != 1:
            return f"{name} is bound more than once at module level"
        if self.class_bound(name, self.top):
            return f"{name} is bound in a class body"
        reads = self.reads_of(name, self.top)
        here = self._position(assign)
        for read in reads:
            if self._position(read) <= here:
                return f"{name} is read before its assignment has run"
            problem = self.substitution_problem(read, value)
            if problem:
                return problem
        text = len(cst.Module([]).code_for_node(value))
        if len(name) + text + 2 <= len(reads) * (text - len(name)):
            return f"inlining {name} would not save bytes (read {len(reads)} times)"
        return Constant(name, assign, element, value, tuple(reads))
