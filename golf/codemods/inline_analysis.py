"""The analysis behind inline-variable and inline-value: for each variable assigned once, whether its
one read can take its expression exactly (see inline_variable's docstring for the rules).
"""

from __future__ import annotations

import functools
import itertools

import libcst as cst
from libcst.metadata import (
    ComprehensionScope,
    FunctionScope,
    GlobalScope,
    MetadataWrapper,
    Scope,
    ScopeProvider,
)

from golf.codemods._evaluation import Event, clash
from golf.codemods._inline_effects import CONSUMERS, Effects
from golf.codemods._statements import block_statements
from golf.codemods.inline_sites import (
    INLINE_BLOCKERS,
    NEW_OBJECTS,
    Site,
    Survey,
    assigns_name,
    blocking_events,
    bound_names,
    comprehension_targets,
    computes_outside_indexes,
    fitted_read,
    may_be_loss,
    mentioned_names,
    repeated,
    root_name,
)
from golf.codemods.names import local_binding_scope, names_bound_in, target_names
from golf.codemods.step_bounds import step_bounds
from golf.codemods.technique import Refuse
from golf.codemods.tree import COMPREHENSIONS, ancestors, nodes_below
from golf.engine.nodes import parents_and_positions, visit_flat


class InlineAnalysis:
    """One module's scopes and statement lists, to judge each assignment."""

    def __init__(self, code: str) -> None:
        """Analyse `code`, parsed here: the tree is this analysis's own, its nodes the keys of every map."""
        self.module = module = cst.parse_module(code)
        # No copy of the tree (nothing else holds it), and the parents and positions from one
        # code-generation pass instead of two providers: a search analyses every intermediate program.
        self.scopes = MetadataWrapper(module, unsafe_skip_copy=True).resolve(ScopeProvider)
        self.parents, self.positions = parents_and_positions(module)
        survey = Survey()
        visit_flat(survey, (module, *self.parents))  # the parent map's nodes, not another walk of the tree
        uses = sorted(survey.names & INLINE_BLOCKERS)
        if uses:
            survey.blockers.append(f"{', '.join(uses)}, which can reach variables by name")
        self.blocker = f"the program uses {survey.blockers[0]}" if survey.blockers else None
        self.assigns, self.stored_attrs = survey.assigns, survey.stored_attrs
        self.pinned = step_bounds(module, (module, *self.parents))
        #: Each statement's statement list (as small and compound statements) and position in it.
        self.where: dict[int, tuple[list[cst.CSTNode], int]] = {}
        for block in [self.module, *survey.blocks]:
            items = block_statements(block)
            for index, item in enumerate(items):
                self.where[id(item)] = (items, index)
        #: Reads of each variable, by the scope that binds it (`x += 1` reads x too).
        self.reads: dict[tuple[int, str], list[cst.Name]] = {}
        accesses = {a.node for scope in set(self.scopes.values()) for a in scope.accesses}
        # In source order: `accesses` is a set of nodes, which hash by identity (memory addresses).
        names = sorted([n for n in accesses if isinstance(n, cst.Name)] + survey.augmented, key=self._at)
        for node in names:
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
                kills = [k for k in range(index) if items[k] is not assign and assigns_name(items[k], name)]
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
        kill = next((k for k in range(start + 1, len(items)) if assigns_name(items[k], name)), len(items))
        reaching, others = [], []
        if self._read_elsewhere(scope, {name}):
            return f"{name} is read by a nested function or class"
        for read in self.reads.get((id(scope), name), []):
            index = self._index_in(read, items)
            (reaching if index is not None and start < index <= kill else others).append((read, index))
        if len(reaching) != 1:
            return f"{name} is read {len(reaching)} times after the assignment"
        read, index = reaching[0]
        if index == kill and any(n is read for t in items[kill].targets for n in nodes_below(t, cst.Name)):
            return f"{name} is read in the targets of its next assignment"
        # Another read cannot see the value when the next assignment always runs before it, or it
        # runs before the assignment (outside loops), or a nearer assignment of the name shields it.
        escape = any(nodes_below(items[k], (cst.Break, cst.Continue)) for k in range(start + 1, kill))
        if kill == len(items) or escape:
            value = {id(n) for n in nodes_below(assign.value, cst.Name)}
            for other, _ in others:
                before = not in_loop and (id(other) in value or self._at(other) < self._at(assign))
                if not before and not self._shielded(other, assign):
                    return f"the value of {name} may reach another read (line {self._at(other)[0]})"
        return read, index

    def _walrus(self, expr: cst.BaseExpression, read: cst.Name, after: list[cst.CSTNode], scope: Scope) -> str | None:
        """Why the names `expr` binds with `:=` cannot be bound where `read` is instead, if they cannot:
        the statements `after` it up to the reading one must not mention them, nor other functions
        read them, and a comprehension's first iterable cannot hold a walrus."""
        bound = {n.target.value for n in nodes_below(expr, cst.NamedExpr) if isinstance(n.target, cst.Name)}
        if not bound:
            return None
        seen = set().union(*(mentioned_names(s) & bound for s in after))
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
        if self.effects.kind(expr) != "plain" or nodes_below(expr, NEW_OBJECTS):
            return "the value calls code, reads state or builds an object, which the loop would do again"
        try:
            rebound = sorted(mentioned_names(expr) & names_bound_in(loop))
        except Refuse as why:
            return str(why)
        return f"the loop rebinds {rebound[0]}, which the value reads" if rebound else None

    def _free(self, expr: cst.BaseExpression) -> set[str]:
        """Variable names `expr` reads that are not the variables of a comprehension in it."""
        free = set()
        for name in nodes_below(expr, cst.Name):
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
            inner = (i for i, node in enumerate(path) if isinstance(node, COMPREHENSIONS) and repeated(path, i))
            if not any(name.value in comprehension_targets(path[i]) for i in inner):
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
        around = [i for i, node in enumerate(path) if isinstance(node, COMPREHENSIONS) and repeated(path, i)]
        if not around or any(isinstance(node, cst.Lambda) for node in path):
            return "read where it is evaluated zero or several times, or cannot be replaced"
        kinds = {event for event, _ in self.effects.events(cst.Expr(expr))}  # an expression statement is handled
        if kinds - {"name", "load", "op"} or nodes_below(expr, NEW_OBJECTS):
            return "read in a comprehension, which runs it again, and its value calls code, stores or builds an object"
        if computes_outside_indexes(expr) and not self.effects.number(expr):
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
        bound = set().union(*(comprehension_targets(path[i]) for i in around)) | bound_names(item)
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
        defined = {n.name.value for n in nodes_below(self.module, (cst.FunctionDef, cst.ClassDef))}
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
            if isinstance(func, cst.Attribute) and root_name(func.value) in reads:
                return f"the value reads {root_name(func.value)}, which a method call it would move past may change"
            if isinstance(func, cst.Name) and func.value in self._defined:
                continue
            passed = sorted({root_name(arg.value) for arg in call.args} & reads)
            if passed:
                return f"the value reads {passed[0]}, which a call it would move past is given and may change"
        return None

    def site(self, assign: cst.Assign, relaxed: bool = False) -> Site | str:
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
        if nodes_below(expr, (cst.Yield, cst.Await)):
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
        if relaxed and events is not None and position is None and not nodes_below(item, cst.NamedExpr):
            before = self._into_comprehension(expr, item, read, events)
            if isinstance(before, str):
                return f"{name} is {before}"
        elif position is None or events[position][0] != "name" or nodes_below(item, cst.NamedExpr):
            return f"{name} is read where it is evaluated zero or several times, or cannot be replaced"
        if may_be_loss(item, read):
            return f"{name} may be the loss of a backward call, which golf's checker records by its expression"
        kind, mentioned = self.effects.kind(expr), mentioned_names(expr) | {name}
        why = self._walrus(expr, read, items[start + 1 : end + 1], scope)
        if why:
            return why
        for between in items[start + 1 : end]:
            if not isinstance(between, cst.Assign | cst.AugAssign | cst.Expr | cst.Pass):
                return "a statement other than an assignment or expression stands between assignment and read"
            if bound_names(between) & mentioned:
                return f"a statement in between rebinds {sorted(bound_names(between) & mentioned)[0]}"
            # Code the expression runs (calls, operators of its objects) could read what is bound in between.
            elsewhere = self._read_elsewhere(scope, bound_names(between)) if kind != "plain" and not relaxed else None
            if elsewhere:
                return f"a statement in between binds {elsewhere}, which a function the expression may call reads"
            passed = self.effects.events(between) or []
            why = clash(blocking_events(passed, relaxed), kind, self.stored_attrs)
            why = why or (self._changing_call(passed, mentioned_names(expr)) if relaxed else None)
            if why:
                return why
        why = clash(blocking_events(before, relaxed), kind, self.stored_attrs)
        why = why or (self._changing_call(before, mentioned_names(expr)) if relaxed else None)
        if why:
            return why
        replacement = fitted_read(item, read, expr)
        if replacement is None:
            return "the expression cannot be written where the variable is read"
        return Site(name, self._at(assign)[0], assign, read, replacement, id(items), start, end)

    def sites(self, name: str | None, line: int | None, relaxed: bool = False) -> tuple[list[Site], list[str]]:
        """The inlinable assignments (of `name`, on `line`), and the reasons the others are not."""
        found, reasons = [], []
        for assign in self.assigns:
            target = assign.targets[0].target
            if not isinstance(target, cst.Name) or target.value != (name or target.value):
                continue
            if line is not None and self._at(assign)[0] != line:
                continue
            outcome = self.site(assign, relaxed)
            (found if isinstance(outcome, Site) else reasons).append(outcome)
        return found, reasons
