"""inline-variable [NAME LINE]: replace a variable assigned once and read once by its expression.

`z=o["wte"][s];A=o["wpe"][w];x=[t+p for t,p in zip(z,A)]` becomes
`x=[t+p for t,p in zip(o["wte"][s],o["wpe"][w])]`, and a chain `x=J(x);x=y(x,W)` becomes
`x=y(J(x),W)`. The expression is still evaluated once, by the same operations on the same
operands: it only moves to where its value was used, in parentheses unless the syntax tree is
the same without them, so the arithmetic and its rounding stay exact. The move is exact when
nothing on the way can tell, which it checks:

- `NAME = EXPR` has one plain name target, and NAME is read once, later in the same statement
  list, in a simple statement or a `for`/`if` header, where Python evaluates it exactly once
  (not in a lambda, a comprehension other than its first iterable, a loop body, after
  `and`/`or`, in a branch of `a if c else b`);
- that value reaches no other read: the statement list assigns NAME again after the read with
  no `break`/`continue` that could skip it, or each other read comes before the assignment
  (outside any loop) or after another assignment of NAME that always runs in between; no
  nested function or class reads NAME;
- the statements in between are simple ones that bind no name EXPR reads. When EXPR reads
  state (attributes, indexes, operators) they make no call, store no attribute or index and
  use no in-place operator; when EXPR calls anything they only assign names or constants
  to names. Inside the reading statement, what Python evaluates before the read obeys the
  same rules, except that looking up a method (`T.append`) is allowed when the program never
  assigns that attribute. Arithmetic on numbers held in variables is no effect, and a list
  comprehension that only iterates lists is no call but a state read (`_inline_effects`);
- when EXPR does more than read names, no other function reads a name bound in between (a
  function EXPR calls could see the new binding);
- a name EXPR binds with `:=` is bound later, at the read: nothing in between or in the
  reading statement mentions it, no other function reads it, and the read is not in a
  comprehension's first iterable (where Python forbids `:=`).

Operators and attribute or index loads are assumed not to change state (true of numbers,
lists and the program's autograd class). It refuses programs that use `try`, `global`,
`nonlocal`, `globals`, `locals`, `vars`, `eval`, `exec`, `dir`, `setattr` or `delattr`,
assignments in a class body or a `with` block, dunder names and the training loop's step
count, and keeps the receiver of a statement `x.m()` or the argument of `f(x)` a name (golf's
checker records the loss by that expression). A program that crashes between the assignment
and the read may report another exception; its output up to the crash is the same.
Without parameters it inlines every variable it can, until none is left. `inline(..., relaxed=True)`
is the trial inline-value: it lets the value move past calls and, when call-free, into a loop body or
a comprehension's element.
"""

from __future__ import annotations

import ast
import builtins
import functools
import itertools
from dataclasses import dataclass

import libcst as cst
import libcst.matchers as m
from libcst.metadata import (
    ComprehensionScope,
    FunctionScope,
    GlobalScope,
    ParentNodeProvider,
    PositionProvider,
    Scope,
    ScopeProvider,
)

from golf.codemods._evaluation import Event, clash
from golf.codemods._inline_effects import CONSUMERS, Effects
from golf.codemods._statements import block_statements
from golf.codemods.names import NAMES_AS_STRINGS, bindings, local_binding_scope, target_names
from golf.codemods.program import metadata
from golf.codemods.step_bounds import step_bounds
from golf.codemods.technique import Param, Params, Refuse, Technique
from golf.codemods.tree import COMPREHENSIONS, ancestors

#: Names that reach variables by name, behind the scope analysis' back.
_BLOCKERS = NAMES_AS_STRINGS | {"dir", "setattr", "delattr", "__dict__"}
_BUILTINS = frozenset(dir(builtins))
_MAX_ROUNDS = 100
_Lines = cst.SimpleStatementLine | cst.SimpleStatementSuite
#: Expressions that make a new object each time they run, which a loop would then make again.
_NEW_OBJECTS = m.List() | m.Set() | m.Dict() | m.Tuple() | m.Lambda()


def _bound(item: cst.CSTNode) -> set[str]:
    """Names a simple statement binds."""
    names = {n.target.value for n in m.findall(item, m.NamedExpr(target=m.Name()))}
    targets = [t.target for t in item.targets] if isinstance(item, cst.Assign) else []
    if isinstance(item, cst.AugAssign | cst.AnnAssign):
        targets.append(item.target)
    return names.union(*(target_names(t) for t in targets))


def _assigns(item: cst.CSTNode, name: str) -> bool:
    """True when `item` is an assignment statement that binds `name`."""
    return isinstance(item, cst.Assign) and any(name in target_names(t.target) for t in item.targets)


def _may_be_loss(item: cst.CSTNode, read: cst.Name) -> bool:
    """`read` is the receiver of a statement `x.m()` or the argument of `f(x)`: where golf's checker
    finds the loss of a backward call and evaluates it again."""
    if not isinstance(item, cst.Expr) or not isinstance(item.value, cst.Call):
        return False
    call = item.value
    if isinstance(call.func, cst.Attribute):
        return call.func.value is read and not call.args
    one_arg = len(call.args) == 1 and call.args[0].value is read
    return one_arg and isinstance(call.func, cst.Name) and call.func.value not in _BUILTINS


def _blocking(events: list[Event], relaxed: bool) -> list[Event]:
    """The events that keep an expression from moving past them: all of them, or for inline-value
    (`relaxed`) only stores, since it lets the equivalence check judge calls."""
    return [e for e in events if e[0] == "store"] if relaxed else events


def _root(node: cst.BaseExpression) -> str | None:
    """The variable an object is reached from (`l` for `l`, `l.a[0]`), or None."""
    while isinstance(node, cst.Attribute | cst.Subscript):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


def _repeated(path: list[cst.CSTNode], index: int) -> bool:
    """`path[0]` is in a part of the comprehension `path[index]` (`path` is a node and its ancestors)
    that runs once per element (its element, a condition, a later `for`), not in its first iterable."""
    comprehension, below = path[index], path[index - 1]
    return below is not comprehension.for_in or index < 2 or path[index - 2] is not below.iter


def _computes_outside_indexes(expr: cst.BaseExpression) -> bool:
    """True when `expr` applies an operator other than in a subscript's index or slice (`q[b:b+4]` only
    computes an index; `(m+1)**-.5` may run an operator method that builds an object)."""

    class _Find(cst.CSTVisitor):
        found = False

        def visit_SubscriptElement(self, node: cst.SubscriptElement) -> bool:
            return False  # an index or a slice bound

        def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
            self.found = True

        def visit_UnaryOperation(self, node: cst.UnaryOperation) -> None:
            self.found = True

        def visit_Comparison(self, node: cst.Comparison) -> None:
            self.found = True

    find = _Find()
    expr.visit(find)
    return find.found


def _comprehension_targets(comprehension: cst.CSTNode) -> set[str]:
    """The names the `for`s of a comprehension bind."""
    names, loop = set(), comprehension.for_in
    while loop is not None:
        names |= set(target_names(loop.target))
        loop = loop.inner_for_in
    return names


def _mentioned(node: cst.CSTNode) -> set[str]:
    """Variable names in `node` (not attribute names or keyword argument names)."""
    skip = {id(a.attr) for a in m.findall(node, m.Attribute())}
    skip |= {id(a.keyword) for a in m.findall(node, m.Arg()) if a.keyword is not None}
    return {n.value for n in m.findall(node, m.Name()) if id(n) not in skip}


class _Replace(cst.CSTTransformer):
    """Replace given Name nodes (by identity) with expressions."""

    def __init__(self, replace: dict[cst.Name, cst.BaseExpression]) -> None:
        self.replace = replace

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self.replace.get(original_node, updated_node)


def _parsed(item: cst.CSTNode, read: cst.Name, expr: cst.BaseExpression) -> str | None:
    try:
        return ast.dump(ast.parse(cst.Module([]).code_for_node(item.visit(_Replace({read: expr})))))
    except SyntaxError:
        return None


def _fit(item: cst.CSTNode, read: cst.Name, expr: cst.BaseExpression) -> cst.BaseExpression | None:
    """`expr`, parenthesised unless the syntax tree is the same without; None if it cannot go there."""
    wrapped = expr if expr.lpar else expr.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    reference = _parsed(item, read, wrapped)
    if reference is None:
        return None
    return expr if wrapped is not expr and _parsed(item, read, expr) == reference else wrapped


@dataclass(frozen=True)
class _Site:
    """An assignment that can be inlined: where it is, its one read and what replaces the read."""

    name: str
    line: int
    assign: cst.Assign
    read: cst.Name
    replacement: cst.BaseExpression
    #: The statement list (by id) and the positions of the assignment and of the reading statement in it.
    block: int
    start: int
    end: int


class _Survey(cst.CSTVisitor):
    """One pass over the module for what the analysis needs from all of it."""

    def __init__(self) -> None:
        self.blocks: list[cst.CSTNode] = []
        self.assigns: list[cst.Assign] = []
        self.augmented: list[cst.Name] = []
        self.names: set[str] = set()
        self.stored_attrs: set[str] = set()
        self.blockers: list[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.IndentedBlock | cst.SimpleStatementSuite):
            self.blocks.append(node)
        elif isinstance(node, cst.Name):
            self.names.add(node.value)
        elif isinstance(node, cst.Try | cst.TryStar):
            self.blockers.append("a try statement, which could see a variable between assignment and read")
        elif isinstance(node, cst.Global | cst.Nonlocal):
            self.blockers.append("global/nonlocal declarations, which let functions rebind variables")
        if isinstance(node, cst.Assign):
            self.assigns.append(node)
        if isinstance(node, cst.AugAssign) and isinstance(node.target, cst.Name):
            self.augmented.append(node.target)
        for target in [t.target for t in getattr(node, "targets", ()) if isinstance(t, cst.AssignTarget)] + (
            [node.target] if isinstance(node, cst.AugAssign | cst.AnnAssign | cst.Del | cst.For) else []
        ):
            self.stored_attrs |= {a.attr.value for a in m.findall(target, m.Attribute())}
        return True


class _Analysis:
    """One module's scopes and statement lists, to judge each assignment."""

    def __init__(self, module: cst.Module) -> None:
        wrapper = metadata(module)
        self.module = wrapper.module
        providers = (ScopeProvider, ParentNodeProvider, PositionProvider)
        data = wrapper.resolve_many(providers)
        self.scopes, self.parents, self.positions = (data[p] for p in providers)
        survey = _Survey()
        self.module.visit(survey)
        uses = sorted(survey.names & _BLOCKERS)
        if uses:
            survey.blockers.append(f"{', '.join(uses)}, which can reach variables by name")
        self.blocker = f"the program uses {survey.blockers[0]}" if survey.blockers else None
        self.assigns, self.stored_attrs = survey.assigns, survey.stored_attrs
        self.pinned = step_bounds(self.module)
        #: Each statement's statement list (as small and compound statements) and position in it.
        self.where: dict[int, tuple[list[cst.CSTNode], int]] = {}
        for block in [self.module, *survey.blocks]:
            items = block_statements(block)
            for index, item in enumerate(items):
                self.where[id(item)] = (items, index)
        #: Reads of each variable, by the scope that binds it (`x += 1` reads x too).
        self.reads: dict[tuple[int, str], list[cst.Name]] = {}
        accesses = {a.node for scope in set(self.scopes.values()) for a in scope.accesses}
        for node in [n for n in accesses if isinstance(n, cst.Name)] + survey.augmented:
            self.reads.setdefault((id(self._owner(node)), node.value), []).append(node)
        self.effects = Effects(self.module, self.parents, self._owner)

    def _owner(self, name: cst.Name) -> Scope:
        """The scope whose variable `name` is, by Python's rules (not LibCST's referents, which
        leave out a read that comes before the assignment in the text, as in a loop)."""
        scope = self.scopes[name]
        return local_binding_scope(scope, name.value) or scope.globals

    def _at(self, node: cst.CSTNode) -> tuple[int, int]:
        start = self.positions[node].start
        return start.line, start.column

    def _index_in(self, node: cst.CSTNode | None, items: list[cst.CSTNode]) -> int | None:
        """Position in `items` of the statement holding `node`, if any."""
        while node is not None and not (id(node) in self.where and self.where[id(node)][0] is items):
            node = self.parents.get(node)
        return None if node is None else self.where[id(node)][1]

    def _shielded(self, read: cst.Name, assign: cst.Assign) -> bool:
        """True when an assignment of the same name in a statement list around `read` always runs
        after `assign` and before `read` (so `read` never sees `assign`'s value)."""
        name, node = read.value, read
        while not isinstance(node, cst.Module | cst.FunctionDef):
            if id(node) in self.where:
                items, index = self.where[id(node)]
                kills = [k for k in range(index) if items[k] is not assign and _assigns(items[k], name)]
                if kills and self._index_in(assign, items) not in range(kills[-1] + 1, index + 1):
                    return True
            node = self.parents[node]
        return False

    def _home(self, name: cst.Name) -> Scope:
        """The function or module scope whose code evaluates `name` (a comprehension's is its container's)."""
        home = self.scopes[name]
        while isinstance(home, ComprehensionScope):
            home = home.parent
        return home

    def _read_elsewhere(self, scope: Scope, names: set[str]) -> str | None:
        """One of `names`, variables of `scope`, that a nested or other function or class reads."""
        return next(
            (n for n in sorted(names) for r in self.reads.get((id(scope), n), []) if self._home(r) is not scope), None
        )

    def _reads(self, assign: cst.Assign, scope: Scope, in_loop: bool) -> tuple[cst.Name, int] | str:
        """The one read that sees `assign`'s value and its statement's position, or why there is not one."""
        name = assign.targets[0].target.value
        items, start = self.where[id(assign)]
        kill = next((k for k in range(start + 1, len(items)) if _assigns(items[k], name)), len(items))
        reaching, others = [], []
        if self._read_elsewhere(scope, {name}):
            return f"{name} is read by a nested function or class"
        for read in self.reads.get((id(scope), name), []):
            index = self._index_in(read, items)
            (reaching if index is not None and start < index <= kill else others).append((read, index))
        if len(reaching) != 1:
            return f"{name} is read {len(reaching)} times after the assignment"
        read, index = reaching[0]
        if index == kill and any(n is read for t in items[kill].targets for n in m.findall(t, m.Name())):
            return f"{name} is read in the targets of its next assignment"
        # Another read cannot see the value when the next assignment always runs before it, or it
        # runs before the assignment (outside loops), or a nearer assignment of the name shields it.
        escape = any(m.findall(items[k], m.Break() | m.Continue()) for k in range(start + 1, kill))
        if kill == len(items) or escape:
            value = {id(n) for n in m.findall(assign.value, m.Name())}
            for other, _ in others:
                before = not in_loop and (id(other) in value or self._at(other) < self._at(assign))
                if not before and not self._shielded(other, assign):
                    return f"the value of {name} may reach another read (line {self._at(other)[0]})"
        return read, index

    def _walrus(self, expr: cst.BaseExpression, read: cst.Name, after: list[cst.CSTNode], scope: Scope) -> str | None:
        """Why the names `expr` binds with `:=` cannot be bound where `read` is instead, if they cannot:
        the statements `after` it up to the reading one must not mention them, nor other functions
        read them, and a comprehension's first iterable cannot hold a walrus."""
        bound = {n.target.value for n in m.findall(expr, m.NamedExpr(target=m.Name()))}
        if not bound:
            return None
        seen = set().union(*(_mentioned(s) & bound for s in after))
        if seen or self._read_elsewhere(scope, bound):
            return f"the value binds {sorted(seen or bound)[0]}, which is used before the read or by another function"
        node, parent = read, self.parents[read]
        while not isinstance(parent, cst.BaseSmallStatement | cst.BaseCompoundStatement):
            if isinstance(parent, cst.CompFor) and parent.iter is node:
                return "the value binds a name with :=, which a comprehension's iterable cannot"
            node, parent = parent, self.parents[parent]
        return None

    def _into_loop(self, expr: cst.BaseExpression, loop: cst.CSTNode) -> str | None:
        """Why `expr` cannot be evaluated in the body of `loop` instead of once before it (None: it
        can). It must give the same value each time it is evaluated there: no call (nor an operator
        or load that could run one), no new object, and no name the loop binds, deletes or declares."""
        if self.effects.kind(expr) != "plain" or m.findall(expr, _NEW_OBJECTS):
            return "the value calls code, reads state or builds an object, which the loop would do again"
        try:
            rebound = sorted(_mentioned(expr) & {name for name, _ in bindings(loop)})
        except Refuse as why:
            return str(why)
        return f"the loop rebinds {rebound[0]}, which the value reads" if rebound else None

    def _free(self, expr: cst.BaseExpression) -> set[str]:
        """Variable names `expr` reads that are not the variables of a comprehension in it."""
        free = set()
        for name in m.findall(expr, m.Name()):
            parent = self.parents[name]
            if (
                isinstance(parent, cst.Attribute)
                and parent.attr is name
                or isinstance(parent, cst.Arg)
                and parent.keyword is name
            ):
                continue  # an attribute name or a keyword argument's name
            path = [name, *ancestors(self.parents, name)]
            path = path[: path.index(expr) + 1]
            inner = (i for i, node in enumerate(path) if isinstance(node, COMPREHENSIONS) and _repeated(path, i))
            if not any(name.value in _comprehension_targets(path[i]) for i in inner):
                free.add(name.value)
        return free

    def _into_comprehension(
        self, expr: cst.BaseExpression, item: cst.CSTNode, read: cst.Name, events: list[Event]
    ) -> list[Event] | str:
        """The events of `item` that could come before a read evaluated once per element of a
        comprehension in it, or why `expr` cannot move there. The value must give the same value each
        time with no effect: no call, store or object built but a list comprehension over such reads,
        none of its names bound by the comprehensions around the read (nor by `item`), and its object
        only iterated, indexed or an operand there (unless a number). The comprehension must run once,
        where it is, and no lambda lie between."""
        path = [read, *ancestors(self.parents, read)]
        path = path[: path.index(item) + 1]
        around = [i for i, node in enumerate(path) if isinstance(node, COMPREHENSIONS) and _repeated(path, i)]
        if not around or any(isinstance(node, cst.Lambda) for node in path):
            return "read where it is evaluated zero or several times, or cannot be replaced"
        kinds = {event for event, _ in self.effects.events(cst.Expr(expr))}  # an expression statement is handled
        if kinds - {"name", "load", "op"} or m.findall(expr, _NEW_OBJECTS):
            return "read in a comprehension, which runs it again, and its value calls code, stores or builds an object"
        if _computes_outside_indexes(expr) and not self.effects.number(expr):
            # `(ms+1e-5)**-.5` on an autograd Value builds a new node per element: other gradients' order
            return "read in a comprehension, which runs it again, and its value applies operators (may build objects)"
        for i in around:
            lazy = isinstance(path[i], cst.GeneratorExp) and not (
                isinstance(path[i + 1], cst.Arg)
                and not path[i + 1].keyword
                and not path[i + 1].star
                and self.effects._call_of(path[i + 2], CONSUMERS)
            )
            if lazy:
                return "read in a generator expression, which may run later"
        once = around[-1]
        for below, node in itertools.pairwise(path[once:]):
            several = (isinstance(node, cst.BooleanOperation) and below is node.right) or (
                isinstance(node, cst.IfExp) and below is not node.test
            )
            if several or isinstance(node, cst.Comparison) and any(below is t for t in node.comparisons[1:]):
                return "read in a comprehension that is evaluated zero or several times"
        free = self._free(expr)
        bound = set().union(*(_comprehension_targets(path[i]) for i in around)) | _bound(item)
        if free & bound:
            return f"read in a comprehension, and {sorted(free & bound)[0]}, which the value reads, is bound there"
        parent = self.parents[read]
        used = (
            self.effects._consumed(read)
            or isinstance(parent, cst.BinaryOperation | cst.UnaryOperation | cst.Comparison | cst.ComparisonTarget)
            or isinstance(parent, cst.Subscript | cst.Attribute)
            and parent.value is read
            and not isinstance(self.parents[parent], cst.Call | cst.AssignTarget | cst.AugAssign | cst.Del)
        )
        if not used and not self.effects.number(expr):
            return "read in a comprehension, which would make its value anew, and used other than iterated or read"
        targets = {id(t.target) for t in getattr(item, "targets", ())} | {id(item)}
        return [(event, node) for event, node in events if not (event == "store" and id(node) in targets)]

    @functools.cached_property
    def _defined(self) -> frozenset[str]:
        """Names the program binds to its own functions and classes (`def`, `class`, `NAME=lambda ...`)."""
        defined = {n.name.value for n in m.findall(self.module, m.FunctionDef() | m.ClassDef())}
        for assign in self.assigns:
            if isinstance(assign.value, cst.Lambda):
                defined |= {name for t in assign.targets for name in target_names(t.target)}
        return frozenset(defined)

    def _changing_call(self, events: list[Event], reads: set[str]) -> str | None:
        """Why one of the calls among `events` plainly could change what an expression reading the
        variables `reads` gives, if it could: a method call on one of them (`l.pop(0)` for `l[0]`),
        or one passed to a method or to a function the program does not define (`shuffle(l)`).
        A call of the program's own function is left to inline-value's equivalence check."""
        for kind, call in events:
            if kind != "call" or not isinstance(call, cst.Call):
                continue
            func = call.func
            if isinstance(func, cst.Attribute) and _root(func.value) in reads:
                return f"the value reads {_root(func.value)}, which a method call it would move past may change"
            if isinstance(func, cst.Name) and func.value in self._defined:
                continue
            passed = sorted({_root(arg.value) for arg in call.args} & reads)
            if passed:
                return f"the value reads {passed[0]}, which a call it would move past is given and may change"
        return None

    def site(self, assign: cst.Assign, relaxed: bool = False) -> _Site | str:
        """The inlining of `assign`, or why it would not be exact (`relaxed`: or not for inline-value's reasons)."""
        target, expr = assign.targets[0].target, assign.value
        name, scope = target.value, self.scopes[target]
        if self.blocker:
            return self.blocker
        if len(assign.targets) != 1 or name.startswith("__") and name.endswith("__"):
            return "not a single target, or a dunder name"
        if not isinstance(scope, FunctionScope | GlobalScope):
            return f"{name} is assigned in a class body"
        if isinstance(scope, GlobalScope) and name in self.pinned:
            return f"{name} is the training loop's step count"
        if m.findall(expr, m.Yield() | m.Await()):
            return "the value yields or awaits"
        in_loop, node = False, self.parents[assign]
        while not isinstance(node, cst.Module | cst.FunctionDef):
            if isinstance(node, cst.With):
                return f"{name} is assigned in a with block, which could swallow an exception"
            in_loop = in_loop or isinstance(node, cst.For | cst.While)
            node = self.parents[node]
        found = self._reads(assign, scope, in_loop)
        if isinstance(found, str):
            return found
        (read, end), (items, start) = found, self.where[id(assign)]
        item = items[end]
        if relaxed and isinstance(item, cst.For | cst.While) and item.body in ancestors(self.parents, read):
            why = self._into_loop(expr, item)
            if why:
                return why
            # Inside the loop, the statement that reads the variable must evaluate the read once per run.
            item = next(n for n in [read, *ancestors(self.parents, read)] if id(n) in self.where)
        events = self.effects.events(item)
        position = next((i for i, (_, n) in enumerate(events or []) if n is read), None)
        before = events[:position] if position is not None else None
        if relaxed and events is not None and position is None and not m.findall(item, m.NamedExpr()):
            before = self._into_comprehension(expr, item, read, events)
            if isinstance(before, str):
                return f"{name} is {before}"
        elif position is None or events[position][0] != "name" or m.findall(item, m.NamedExpr()):
            return f"{name} is read where it is evaluated zero or several times, or cannot be replaced"
        if _may_be_loss(item, read):
            return f"{name} may be the loss of a backward call, which golf's checker records by its expression"
        kind, mentioned = self.effects.kind(expr), _mentioned(expr) | {name}
        why = self._walrus(expr, read, items[start + 1 : end + 1], scope)
        if why:
            return why
        for between in items[start + 1 : end]:
            if not isinstance(between, cst.Assign | cst.AugAssign | cst.Expr | cst.Pass):
                return "a statement other than an assignment or expression stands between assignment and read"
            if _bound(between) & mentioned:
                return f"a statement in between rebinds {sorted(_bound(between) & mentioned)[0]}"
            # Code the expression runs (calls, operators of its objects) could read what is bound in between.
            elsewhere = self._read_elsewhere(scope, _bound(between)) if kind != "plain" and not relaxed else None
            if elsewhere:
                return f"a statement in between binds {elsewhere}, which a function the expression may call reads"
            passed = self.effects.events(between) or []
            why = clash(_blocking(passed, relaxed), kind, self.stored_attrs)
            why = why or (self._changing_call(passed, _mentioned(expr)) if relaxed else None)
            if why:
                return why
        why = clash(_blocking(before, relaxed), kind, self.stored_attrs)
        why = why or (self._changing_call(before, _mentioned(expr)) if relaxed else None)
        if why:
            return why
        replacement = _fit(item, read, expr)
        if replacement is None:
            return "the expression cannot be written where the variable is read"
        return _Site(name, self._at(assign)[0], assign, read, replacement, id(items), start, end)

    def sites(self, name: str | None, line: int | None, relaxed: bool = False) -> tuple[list[_Site], list[str]]:
        """The inlinable assignments (of `name`, on `line`), and the reasons the others are not."""
        found, reasons = [], []
        for assign in self.assigns:
            target = assign.targets[0].target
            if not isinstance(target, cst.Name) or target.value != (name or target.value):
                continue
            if line is not None and self._at(assign)[0] != line:
                continue
            outcome = self.site(assign, relaxed)
            (found if isinstance(outcome, _Site) else reasons).append(outcome)
        return found, reasons


class _Inline(_Replace):
    """Put each site's expression where its variable was read and drop its assignment."""

    def __init__(self, sites: list[_Site]) -> None:
        super().__init__({s.read: s.replacement for s in sites})
        self.remove = {s.assign for s in sites}
        #: Comment and blank lines of a dropped line, for the next statement.
        self.carry: list[cst.EmptyLine] = []
        self.carried: dict[cst.CSTNode, list[cst.EmptyLine]] = {}

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.carry and isinstance(node, cst.SimpleStatementLine | cst.BaseCompoundStatement):
            self.carried[node], self.carry = self.carry, []
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> object:
        result = super().on_leave(original_node, updated_node)
        if original_node in self.carried and isinstance(result, cst.CSTNode):
            result = result.with_changes(leading_lines=[*self.carried.pop(original_node), *result.leading_lines])
        return result

    def _drop(self, original_node: _Lines, updated_node: _Lines) -> _Lines | cst.RemovalSentinel:
        body = [new for old, new in zip(original_node.body, updated_node.body, strict=True) if old not in self.remove]
        if len(body) == len(updated_node.body):
            return updated_node
        if not body:
            self.carry = [*self.carry, *updated_node.leading_lines]
            return cst.RemoveFromParent()
        body[-1] = body[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(body=body)

    leave_SimpleStatementLine = _drop
    leave_SimpleStatementSuite = _drop


def _disjoint(sites: list[_Site]) -> list[_Site]:
    """Sites of different names whose spans do not overlap: each one's checks still hold after the others.
    A site whose read is in a nested block (inline-value's move into a loop) may span another block's
    site: it is left out when its read is in the other's value or the other's read in its value,
    which moving one value would carry along unreplaced."""
    chosen, reach, names, reads, moved = [], {}, set(), set(), set()
    # In source order (line, then place in the block), so the choice does not depend on memory addresses.
    for site in sorted(sites, key=lambda s: (s.line, s.start)):
        inside = {id(n) for n in m.findall(site.assign.value, m.Name())}
        if site.start > reach.get(site.block, -1) and site.name not in names:
            if id(site.read) in moved or inside & reads:
                continue
            chosen.append(site)
            reach[site.block], names = site.end, names | {site.name}
            reads, moved = reads | {id(site.read)}, moved | inside
    return chosen


@functools.lru_cache(maxsize=4)
def _analysis_of(code: str) -> _Analysis:
    """The analysis of a source, shared: the search applies every candidate to the same source, and
    the analysis (LibCST's scopes, parents and positions) costs far more than the edit. Its tree is
    immutable and the transforms only read it."""
    return _Analysis(cst.parse_module(code))


def inline(module: cst.Module, params: Params, *, relaxed: bool = False) -> cst.Module:
    """Inline the variable `name` assigned on `line`; without them, every variable that can be, until none
    is left. `relaxed` lets values move past calls and call-free arithmetic into loops (inline-value)."""
    name, line = params.get("name", ""), params.get("line", "")
    if line:
        if not name or not line.isdigit():
            raise Refuse("give the variable's name with the line number of its assignment")
        analysis = _analysis_of(module.code)
        found, reasons = analysis.sites(name, int(line), relaxed)
        if not found:
            raise Refuse(reasons[0] if reasons else f"no assignment to {name} on line {line}")
        return analysis.module.visit(_Inline(found[:1]))
    inlined, reasons = 0, []
    for _ in range(_MAX_ROUNDS):
        analysis = _analysis_of(module.code)
        found, reasons = analysis.sites(name or None, None, relaxed)
        if not found:
            break
        chosen = _disjoint(found)
        module = analysis.module.visit(_Inline(chosen))
        inlined += len(chosen)
    if not inlined:
        raise Refuse(reasons[0] if name and reasons else "no variable can be inlined" + ("" if relaxed else " exactly"))
    return module


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Inline the variable `name` assigned on `line`; without them, every variable that can be, until none is left."""
    return inline(module, params)


def inlinable(module: cst.Module, *, relaxed: bool = False) -> list[dict[str, str]]:
    """The parameters (`name`, `line`) of each assignment `inline` can inline, in source order."""
    found, _ = _analysis_of(module.code).sites(None, None, relaxed)
    return list({(s.name, s.line): {"name": s.name, "line": str(s.line)} for s in found}.values())


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    """One parameter set per inlinable assignment, then all of them at once."""
    each = inlinable(module)
    return each + [{}] if len(each) > 1 else each


TECHNIQUE = Technique(
    name="inline-variable",
    summary="replace a variable assigned once and read once by its expression (refuses when not exact)",
    transform=transform,
    params=(
        Param("name", "the variable to inline (default: every one that can be)", default=""),
        Param("line", "the line of its assignment (default: every assignment of name)", default=""),
    ),
    candidates=_candidates,
)
