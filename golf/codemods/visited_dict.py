"""visited-dict (a trial technique): a depth-first walk's visited set and order list become one dict.

    topo = []                            topo = {}
    visited = set()
    def build_topo(v):                   def build_topo(v):
        if v not in visited:                 if v not in topo:
            visited.add(v)
            for child in v._children:            for child in v._children:
                build_topo(child)                    build_topo(child)
            topo.append(v)                       topo[v] = 0

A dict keeps its keys in insertion order, so it serves as an ordered set: `for v in reversed(topo)`
and `for v in topo` walk its keys as they walked the list. Membership in a set and in a dict
both go by `__hash__` and `__eq__`, and a key's first insertion fixes its place.

Why it cannot be proven from the source: the original marks a node visited *before* visiting
its children, the rewrite only *after* them, when it is added. On a graph where the node can
reach itself again (a cycle through it, or a descendant equal to it) the original stops and
the rewrite recurses until Python's recursion limit; on an acyclic graph a node cannot be
reached from its own descendants, so both visit the same nodes in the same order and the
dict's keys come in the list's order. If a statement between the mark and the append raises,
the original has marked a node it never appended, and a later walk differs. Whether the graph
is acyclic and the walk completes is a property of the data the program builds, so this is a
trial (`trial=True`): the shrink search keeps the result only when the equivalence check finds
the program identical.

It still refuses what is plainly different, so the check only decides the data question:
the set and the list must be `S = set()` and `L = []`, each bound exactly once in one function
(or the module) and next to each other (so each run of that code resets both together); the
walk is a function defined there whose body is exactly one `if X not in S:` (no `else`) that
starts with `S.add(X)` and ends with `L.append(X)`, X a parameter it never rebinds; S is read
nowhere else, and L only iterated (`for .. in L`, a comprehension over it, `reversed(L)`), not
indexed, measured, mutated or passed to anything else. It refuses a `global`/`nonlocal`
naming S or L, a program that rebinds `set` or `reversed`, and one that reaches variables by
name (`eval`, `globals`, ...).
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
import libcst.matchers as m
from libcst.metadata import FunctionScope, GlobalScope, ParentNodeProvider, ScopeProvider

from golf.codemods._statements import block_statements, edit_statements
from golf.codemods.names import NAMES_AS_STRINGS, all_names, bindings
from golf.codemods.program import metadata
from golf.codemods.technique import Params, Refuse, Technique


@dataclass(frozen=True)
class _Walk:
    """A depth-first walk `def f(X): if X not in S: S.add(X); ...; L.append(X)`."""

    function: cst.FunctionDef
    param: str
    seen: str  # S, the visited set
    order: str  # L, the order list
    test: cst.Comparison
    add: cst.Expr
    append: cst.Expr


def _method_call(statement: cst.CSTNode, receiver: str, method: str, arg: str) -> bool:
    """True when `statement` is the expression statement `receiver.method(arg)`."""
    call = m.Call(func=m.Attribute(m.Name(receiver), m.Name(method)), args=[m.Arg(m.Name(arg), keyword=None, star="")])
    return m.matches(statement, m.Expr(call))


def _shape(function: cst.FunctionDef) -> _Walk | None:
    """The walk's parts when `function` has the shape of one; None otherwise."""
    body = function.body
    if not isinstance(body, cst.IndentedBlock) or len(body.body) != 1:
        return None
    branch = body.body[0]
    if not isinstance(branch, cst.If) or branch.orelse is not None:
        return None
    test = branch.test
    if not m.matches(test, m.Comparison(m.Name(), [m.ComparisonTarget(m.NotIn(), m.Name())])):
        return None
    assert isinstance(test, cst.Comparison)
    param = test.left.value  # type: ignore[attr-defined]
    seen = test.comparisons[0].comparator.value  # type: ignore[attr-defined]
    parameters = function.params
    names = [p.name.value for p in (*parameters.posonly_params, *parameters.params, *parameters.kwonly_params)]
    if param not in names or seen == param:
        return None
    statements = block_statements(branch.body)
    if len(statements) < 2 or not _method_call(statements[0], seen, "add", param):
        return None
    last = statements[-1]
    order = last.value.func.value.value if m.matches(last, m.Expr(m.Call(m.Attribute(m.Name())))) else None  # type: ignore[attr-defined]
    if order in (None, seen, param) or not _method_call(last, order, "append", param):
        return None
    return _Walk(function, param, seen, order, test, statements[0], last)  # type: ignore[arg-type]


class _Analysis:
    """The module's scopes and parents, to judge each walk."""

    def __init__(self, module: cst.Module) -> None:
        wrapper = metadata(module)
        self.module = wrapper.module
        self.scopes = wrapper.resolve(ScopeProvider)
        self.parents = wrapper.resolve(ParentNodeProvider)
        declared = m.findall(self.module, m.Global() | m.Nonlocal())
        self.declared = {item.name.value for node in declared for item in node.names}  # type: ignore[attr-defined]

    def _binding(self, walk: _Walk, name: str, value: m.BaseMatcherNode) -> tuple[cst.Assign, set[cst.CSTNode]]:
        """The one `name = value` statement in the walk's defining scope, and the Name nodes reading it."""
        scope = self.scopes[walk.function]
        assignments = list(scope.assignments[name])
        if len(assignments) != 1:
            raise Refuse(f"{name} is bound {len(assignments)} times where {walk.function.name.value} is defined")
        target = assignments[0].node
        statement = self.parents.get(self.parents.get(target))  # Name -> AssignTarget -> Assign
        if not m.matches(statement, m.Assign([m.AssignTarget(m.Name(name))], value)):
            raise Refuse(f"{name} is not bound by a plain `{name} = {'[]' if name == walk.order else 'set()'}`")
        return statement, {access.node for access in assignments[0].references}  # type: ignore[return-value]

    def _statement_list(self, statement: cst.CSTNode) -> cst.CSTNode:
        """The module, indented block or `;` suite that holds the small statement `statement`."""
        line = self.parents[statement]
        return line if isinstance(line, cst.SimpleStatementSuite) else self.parents[line]

    def _only_iterated(self, read: cst.CSTNode) -> bool:
        """True when the order list's read `read` is only iterated over: `for .. in L`, `reversed(L)`."""
        parent = self.parents.get(read)
        if isinstance(parent, cst.For | cst.CompFor) and parent.iter is read:
            return True
        call = self.parents.get(parent) if isinstance(parent, cst.Arg) else None
        return m.matches(call, m.Call(m.Name("reversed"), [m.Arg(keyword=None, star="")]))

    def edits(self, walk: _Walk) -> dict[cst.CSTNode, cst.CSTNode | None]:
        """The statement edits that turn this walk's set and list into one dict; raises Refuse when unsafe."""
        seen, order, name = walk.seen, walk.order, walk.function.name.value
        if not isinstance(self.scopes[walk.function], FunctionScope | GlobalScope):
            raise Refuse(f"{name} is not defined in a function or the module")
        if {seen, order} & self.declared:
            raise Refuse(f"a global or nonlocal statement names {seen} or {order}")
        rebound = {bound for bound, _ in bindings(walk.function.body)} & {walk.param, seen, order}
        if rebound:
            raise Refuse(f"{name} binds {', '.join(sorted(rebound))} itself")
        seen_statement, seen_reads = self._binding(walk, seen, m.Call(m.Name("set"), []))
        order_statement, order_reads = self._binding(walk, order, m.List([]))
        if seen_reads != {walk.test.comparisons[0].comparator, walk.add.value.func.value}:  # type: ignore[attr-defined]
            raise Refuse(f"{seen} is used outside {name}'s test and add")
        append_read = walk.append.value.func.value  # type: ignore[attr-defined]
        if append_read not in order_reads or not all(self._only_iterated(read) for read in order_reads - {append_read}):
            raise Refuse(f"{order} is used other than by {name}'s append and iteration")
        block = self._statement_list(seen_statement)
        items = block_statements(block) if block is self._statement_list(order_statement) else []
        if seen_statement not in items or order_statement not in items:
            raise Refuse(f"{seen} and {order} are bound in different statement lists")
        if abs(items.index(seen_statement) - items.index(order_statement)) != 1:
            raise Refuse(f"{seen} and {order} are not bound next to each other")
        key = cst.Subscript(cst.Name(order), [cst.SubscriptElement(cst.Index(cst.Name(walk.param)))])
        store = cst.Assign(
            [order_statement.targets[0].with_changes(target=key)],  # spaced like `L = []`
            cst.Integer("0"),  # the shortest value; only the keys are ever read
            semicolon=walk.append.semicolon,
        )
        return {
            seen_statement: None,
            walk.add: None,
            order_statement: order_statement.with_changes(value=cst.Dict([])),
            walk.append: store,
        }


class _Retest(cst.CSTTransformer):
    """`X not in S` becomes `X not in L` in the given comparisons (by identity)."""

    def __init__(self, orders: dict[cst.Comparison, str]) -> None:
        self.orders = orders

    def leave_Comparison(self, original_node: cst.Comparison, updated_node: cst.Comparison) -> cst.Comparison:
        order = self.orders.get(original_node)
        if order is None:
            return updated_node
        target = updated_node.comparisons[0]
        return updated_node.with_changes(comparisons=[target.with_changes(comparator=cst.Name(order))])


def _walks(module: cst.Module) -> list[_Walk]:
    return [w for f in m.findall(module, m.FunctionDef()) if (w := _shape(f)) is not None]  # type: ignore[arg-type]


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Turn every qualifying walk's visited set and order list into one dict."""
    used = sorted(all_names(module) & NAMES_AS_STRINGS)
    if used:
        raise Refuse(f"the program uses {', '.join(used)}, which can reach variables by name")
    rebound = sorted({name for name, _ in bindings(module)} & {"set", "reversed"})
    if rebound:
        raise Refuse(f"the program rebinds {', '.join(rebound)}")
    analysis = _Analysis(module)
    walks = _walks(analysis.module)
    if not walks:
        raise Refuse("no function is a depth-first walk `if X not in S: S.add(X) ... L.append(X)`")
    edits: dict[cst.CSTNode, cst.CSTNode | None] = {}
    orders: dict[int, str] = {}  # the walk's test, by its index among the module's comparisons
    comparisons = m.findall(analysis.module, m.Comparison())
    refusals = []
    for walk in walks:
        try:
            edits |= analysis.edits(walk)
        except Refuse as exc:
            refusals.append(f"{walk.function.name.value}: {exc}")
            continue
        orders[next(i for i, c in enumerate(comparisons) if c is walk.test)] = walk.order
    if not orders:
        raise Refuse(f"no walk qualifies ({'; '.join(refusals)})")
    edited = edit_statements(analysis.module, edits)
    # The edits remove and replace statements holding no comparison, so the tests keep their indexes.
    tests = m.findall(edited, m.Comparison())
    return edited.visit(_Retest({tests[i]: order for i, order in orders.items()}))  # type: ignore[misc]


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    return [{}] if _walks(module) else []


TECHNIQUE = Technique(
    name="visited-dict",
    summary="a depth-first walk's visited set and order list become one insertion-ordered dict (trial)",
    transform=transform,
    candidates=_candidates,
    trial=True,
)
