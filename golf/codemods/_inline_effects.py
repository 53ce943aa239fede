"""What inline-variable may move an expression past, beyond `_evaluation`'s events: number arithmetic
and comprehensions that only iterate.

`Effects.events` lists a statement's events as `statement_events` does, with two refinements that
`Effects.kind` applies to an expression too:

- An operator whose operands are numbers held in names no call can rebind is dropped: it has no
  effect, and nothing evaluated before or after it can change what it gives. A *number* is an
  int, float or complex literal, `True`/`False`, `len(...)`, `abs`, `min` or `max` of two or more
  numbers (builtins the program does not rebind), an operator applied to numbers, or a variable
  each of whose bindings in its scope assigns a number (`x = N`, `x += N`, the variable of a
  `for` over `range(...)`), and that no walrus anywhere targets. Numbers are immutable, and
  inline-variable refuses programs with `global`, `nonlocal`, `globals`, `eval` and the like, so
  a call cannot rebind a variable of the scope it is called from; a walrus in the moved
  expression is checked by inline-variable itself.
- A list comprehension is no call but a state read (not a set or dict one, whose hashing may run
  the program's `__hash__`, nor a generator expression, which runs later): building the list
  runs nothing but its own parts, whose events are listed on their own (a call in them is
  still a call), and iterating its iterables only reads them when they are lists, tuples,
  strings, dicts or ranges, or iterators made on the spot from those (`zip(a,b)`). This holds
  when the program cannot hand a comprehension an iterator that runs code or that something
  else advances: it has no `yield`, defines no `__iter__`, `__next__` or `__getitem__`, and
  every generator expression and call of `zip`, `map`, `filter`, `enumerate`, `reversed`, `iter`
  or `open` is consumed where it is made (a `for` or comprehension iterable, a `*` unpacking,
  an argument of a builtin that consumes it, like `sum`, or wraps it, like `zip`, consumed in
  turn) or names a `with` target, which no such comprehension may iterate. Imported functions
  are assumed not to return iterators (true of `math` and `random`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property

import libcst as cst
from libcst.metadata import Scope

from golf.codemods._evaluation import Event, statement_events
from golf.codemods.names import names_bound_in, variable_names, variable_names_unordered
from golf.codemods.technique import Refuse
from golf.engine.nodes import visit_flat

_LITERALS = (cst.Integer, cst.Float, cst.Imaginary)
_ITERATING = (cst.ListComp,)
_MAKERS = frozenset({"zip", "map", "filter", "enumerate", "reversed", "iter", "open"})
CONSUMERS = frozenset({"sum", "min", "max", "any", "all", "sorted", "list", "tuple", "set", "frozenset", "dict"})
_PROTOCOL = frozenset({"__iter__", "__next__", "__getitem__"})
_NUMERIC = frozenset({"len", "abs", "min", "max", "range"})


def _call_named(node: cst.CSTNode, names: frozenset[str]) -> bool:
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in names


class _Facts(cst.CSTVisitor):
    """One pass over the module for the names, walrus targets, `yield`s and iterator makers in it (run by
    `visit_flat`: it judges each node alone, and must stay so)."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.walrus: set[str] = set()
        self.yields = False
        self.makers: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.Name):
            self.names.add(node.value)
        elif isinstance(node, cst.NamedExpr) and isinstance(node.target, cst.Name):
            self.walrus.add(node.target.value)
        elif isinstance(node, cst.GeneratorExp) or _call_named(node, _MAKERS):
            self.makers.append(node)
        self.yields = self.yields or isinstance(node, cst.Yield)
        return True


class Effects:
    """Events of a module's statements and expressions, refined as the module docstring says."""

    def __init__(
        self,
        module: cst.Module,
        parents: Mapping[cst.CSTNode, cst.CSTNode],
        owner: Callable[[cst.Name], Scope],
    ) -> None:
        self.module, self.parents, self.owner = module, parents, owner
        self.facts = _Facts()
        visit_flat(self.facts, (module, *parents))  # the parent map's nodes, not another walk of the tree
        self.known: dict[tuple[int, str], bool] = {}

    @cached_property
    def builtins(self) -> frozenset[str]:
        """The builtins this module relies on that it does not rebind."""
        try:
            bound = names_bound_in(self.module)
        except Refuse:  # a star import that could bind any name: no builtin is known to be one
            return frozenset()
        return (_NUMERIC | CONSUMERS | _MAKERS) - bound

    def _call_of(self, node: cst.CSTNode, names: frozenset[str]) -> bool:
        """`node` calls one of the builtins `names` (which the program does not rebind)."""
        return _call_named(node, names & self.builtins)

    def _consumed(self, node: cst.CSTNode) -> bool:
        """The value of `node` is iterated to its end right where it is made."""
        parent = self.parents.get(node)
        if isinstance(parent, cst.For | cst.CompFor):
            return parent.iter is node
        if isinstance(parent, cst.Arg) and not parent.keyword:
            return parent.star == "*" or not parent.star and self._call_of(self.parents[parent], CONSUMERS | _MAKERS)
        return isinstance(parent, cst.StarredElement)

    @cached_property
    def iterators(self) -> set[tuple[int, str]] | None:
        """The variables (scope id, name) of `with` targets, which may hold iterators, or None when
        an iterator could reach a comprehension other than where it is made (or iterating could
        run the program's code)."""
        if self.facts.yields or self.facts.names & _PROTOCOL:
            return None
        held: set[tuple[int, str]] = set()
        for node in self.facts.makers:
            parent = self.parents.get(node)
            if isinstance(parent, cst.WithItem) and parent.asname and isinstance(parent.asname.name, cst.Name):
                held.add(self._variable(parent.asname.name))
            elif not self._consumed(node):
                return None
        for name in variable_names_unordered(self.module) if held else []:
            if name.value not in {n for _, n in held} or isinstance(self.parents.get(name), cst.AsName):
                continue
            if self._consumed(name):
                continue
            if self._variable(name) in held:
                return None
        return held

    def _variable(self, name: cst.Name) -> tuple[int, str]:
        return id(self.owner(name)), name.value

    def number(self, expr: cst.CSTNode, assumed: frozenset[tuple[int, str]] = frozenset()) -> bool:
        """`expr` always evaluates to a number (or raises). `assumed` are the variables taken to
        hold numbers while their bindings are checked: each binding gives a number if they do."""
        if isinstance(expr, _LITERALS):
            return True
        if isinstance(expr, cst.Name):
            return expr.value in ("True", "False") or self._numeric(expr, assumed)
        if isinstance(expr, cst.UnaryOperation):
            return self.number(expr.expression, assumed)
        if isinstance(expr, cst.BinaryOperation):
            return self.number(expr.left, assumed) and self.number(expr.right, assumed)
        if not self._call_of(expr, _NUMERIC - {"range"}) or any(a.keyword or a.star for a in expr.args):
            return False
        if expr.func.value == "len":
            return len(expr.args) == 1
        wanted = len(expr.args) == 1 if expr.func.value == "abs" else len(expr.args) > 1
        return wanted and all(self.number(a.value, assumed) for a in expr.args)

    def _numeric(self, name: cst.Name, assumed: frozenset[tuple[int, str]]) -> bool:
        """Every binding of the variable `name` reads assigns it a number."""
        key = self._variable(name)
        if key in assumed or key in self.known:
            return key in assumed or self.known[key]
        found = self._bindings_numeric(name, assumed | {key})
        if not assumed:  # found without assumptions: it holds for good
            self.known[key] = found
        return found

    def _bindings_numeric(self, name: cst.Name, assumed: frozenset[tuple[int, str]]) -> bool:
        scope = self.owner(name)
        if name.value in self.facts.walrus or not scope.assignments[name.value]:
            return False
        for assignment in scope.assignments[name.value]:
            node, parent = assignment.node, self.parents.get(assignment.node)
            if isinstance(parent, cst.For | cst.CompFor) and parent.target is node:
                if not self._call_of(parent.iter, frozenset({"range"})):
                    return False
            elif isinstance(parent, cst.AssignTarget | cst.AugAssign) and parent.target is node:
                value = (self.parents[parent] if isinstance(parent, cst.AssignTarget) else parent).value
                if not self.number(value, assumed):
                    return False
            else:
                return False
        return True

    def _only_iterates(self, node: cst.CSTNode) -> bool:
        """`node` is a comprehension whose own evaluation only reads its iterables."""
        if not isinstance(node, _ITERATING) or self.iterators is None:
            return False
        loop = node.for_in
        while loop is not None:
            if {self._variable(n) for n in variable_names(loop.iter)} & self.iterators:
                return False
            loop = loop.inner_for_in
        return True

    def events(self, item: cst.CSTNode) -> list[Event] | None:
        """`statement_events(item)`, without number arithmetic, comprehensions as state reads."""
        found = statement_events(item)
        if found is None:
            return None
        refined = []
        for event, node in found:
            if event == "op" and isinstance(node, cst.BinaryOperation | cst.UnaryOperation) and self.number(node):
                continue
            refined.append(("load" if event == "call" and self._only_iterates(node) else event, node))
        return refined

    def kind(self, expr: cst.BaseExpression) -> str:
        """As `effect_kind`, on the refined events: 'calls', 'reads state' or 'plain'."""
        kinds = {event for event, _ in self.events(cst.Expr(expr)) or []}
        return "calls" if "call" in kinds else "reads state" if kinds - {"name"} else "plain"
