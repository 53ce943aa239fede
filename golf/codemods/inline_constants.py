"""inline-constants [NAME]: a module-level name bound once to a literal gets the literal in its place.

`R=4;u=g//R` becomes `u=g//4`, and `W,K,L,X=.01,.85,.99,1e-8` loses `W` and `X` (each read
once) to become `K,L=.85,.99`: every read of the name that resolves to that module-level
binding (LibCST's scopes, so a function's own local of the same name is left alone) is
replaced by the literal, and the binding goes (for a tuple assignment whose right side is a
tuple display of the same length, only its element on both sides; one element left becomes
a plain assignment). It does so only when that saves bytes: the binding's `NAME=LIT` and a
separator go, and each read costs `len(LIT) - len(NAME)`.

Why it is exact: the literal (an int, a float or a string, not an f-string; `-1` is an
operation, not a literal) evaluates to an equal immutable object each time, and the name
could only ever hold that value: it is bound once, by a statement directly in the module
body (so not in a loop or a branch), and nothing else binds, deletes or declares it at
module level (no augmented assignment, `for`, import, star import exporting it, `def`,
walrus, `del`, `global` or `nonlocal` anywhere); every read comes after the binding in the
module's statement order (a function defined earlier could otherwise run before it and
raise NameError). Floats built twice may be distinct objects, which only `is` can tell, so
a read that is an operand of `is` or `is not` is refused.

It refuses a read whose substitution would need parentheses or parse differently: `NAME.attr`
(`4.real`), `NAME(...)`, `NAME[...]`, a read in an f-string's format spec or a `{NAME=}`
expression, a string read inside an f-string (its quotes could clash), a string read that
is a statement of its own (it could become a docstring), and a read in an annotation. It
refuses names a class body binds (a class body reads its own names first), the training
loop's step count (the checker rewrites its assignment), and programs that use `globals`,
`locals`, `vars`, `eval`, `exec`, `dir`, `__dict__`, `__main__`, `__import__`, `import_module`,
or a frame or function's namespace (`_getframe`, `currentframe`, `f_locals`, `f_globals`,
`__globals__`), which can reach a variable by its name. Reaching the module through
`sys.modules[__name__]` is not detected: a program that reads its own globals that way is out of scope.

The helpers here (`NameReads`, `substitution_problem`, `Substitute`) also serve
drop-defaults, which puts a parameter's literal default in its reads.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
import libcst.matchers as m
from libcst.metadata import (
    ClassScope,
    ComprehensionScope,
    GlobalScope,
    MetadataWrapper,
    ParentNodeProvider,
    Scope,
    ScopeProvider,
)

from golf.codemods._statements import edit_statements
from golf.codemods.names import NAMES_AS_STRINGS, all_names, bindings, target_name_nodes, variable_names
from golf.codemods.step_bounds import step_bounds
from golf.codemods.technique import Param, Params, Refuse, Technique

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
        wrapper = MetadataWrapper(module)
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
class _Constant:
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

    def constants(self) -> tuple[list[_Constant], dict[str, str]]:
        """The constants that can be inlined with a saving, and why each other one cannot."""
        found, reasons = [], {}
        for line in self.module.body:
            smalls = line.body if isinstance(line, cst.SimpleStatementLine) else []
            for assign in [s for s in smalls if isinstance(s, cst.Assign)]:
                for target, value, element in _bindings_of(assign):
                    value = literal(value)
                    if isinstance(target, cst.Name) and value is not None:
                        outcome = self._constant(assign, target, value, element)
                        if isinstance(outcome, _Constant):
                            found.append(outcome)
                        else:
                            reasons.setdefault(target.value, outcome)
        return found, reasons

    def _constant(
        self, assign: cst.Assign, target: cst.Name, value: cst.BaseExpression, element: int | None
    ) -> _Constant | str:
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
        return _Constant(name, assign, element, value, tuple(reads))


def _smaller(assign: cst.Assign, drop: set[int | None]) -> cst.Assign | None:
    """`assign` without the elements in `drop` (None: the whole assignment), or None when nothing is left."""
    if None in drop:
        return None
    target, value = assign.targets[0].target, assign.value
    kept = [k for k in range(len(value.elements)) if k not in drop]  # type: ignore[attr-defined]
    if not kept:
        return None
    targets = [target.elements[k] for k in kept]  # type: ignore[attr-defined]
    values = [value.elements[k] for k in kept]  # type: ignore[attr-defined]
    if len(kept) == 1:
        return assign.with_changes(
            targets=[assign.targets[0].with_changes(target=targets[0].value.with_changes(lpar=[], rpar=[]))],
            value=values[0].value.with_changes(lpar=[], rpar=[]),
        )
    last = {"comma": cst.MaybeSentinel.DEFAULT}
    targets[-1], values[-1] = targets[-1].with_changes(**last), values[-1].with_changes(**last)
    return assign.with_changes(
        targets=[assign.targets[0].with_changes(target=target.with_changes(elements=targets))],
        value=value.with_changes(elements=values),
    )


class _Inline(Substitute):
    """Put each constant's literal in its reads and shrink or mark its assignment."""

    def __init__(self, constants: list[_Constant]) -> None:
        super().__init__({read: c.value for c in constants for read in c.reads})
        self.drop: dict[cst.Assign, set[int | None]] = {}
        for constant in constants:
            self.drop.setdefault(constant.assign, set()).add(constant.element)
        self.removed: list[cst.Assign] = []

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
        if original_node not in self.drop:
            return updated_node
        smaller = _smaller(updated_node, self.drop[original_node])
        if smaller is None:
            self.removed.append(updated_node)  # kept as is here, removed with its layout below
            return updated_node
        return smaller


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Inline the constant `name`, or (without it) every constant whose inlining saves bytes."""
    name = params.get("name", "")
    analysis = ConstantsAnalysis(module)
    found, reasons = analysis.constants()
    chosen = [c for c in found if c.name == name] if name else found
    if not chosen:
        if name:
            raise Refuse(reasons.get(name, f"{name} is not a module-level name bound to a literal"))
        raise Refuse("no module-level constant can be inlined exactly with a saving")
    inline = _Inline(chosen)
    new = analysis.module.visit(inline)
    return edit_statements(new, dict.fromkeys(inline.removed))


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    """Every constant at once, then each one alone."""
    try:
        found, _ = ConstantsAnalysis(module).constants()
    except Refuse:
        return []
    each = [{"name": c.name} for c in found]
    return [{}, *each] if len(each) > 1 else [{}] if each else []


TECHNIQUE = Technique(
    name="inline-constants",
    summary="replace a module-level name bound once to a literal by the literal, when that saves bytes",
    transform=transform,
    params=(Param("name", "the constant to inline (default: every one that saves bytes)", default=""),),
    candidates=_candidates,
)
