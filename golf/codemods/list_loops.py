"""The analysis behind lists-to-attributes: lists built once per object by a loop, read by index, and
the plan that turns them into attributes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
import libcst.matchers as m
from libcst.metadata import (
    Access,
    Assignment,
    ClassScope,
    ComprehensionScope,
    FunctionScope,
    GlobalScope,
    ParentNodeProvider,
    PositionProvider,
    Scope,
    ScopeProvider,
)

from golf.codemods.names import NAMES_AS_STRINGS, all_names, bindings, star_imported
from golf.codemods.program import metadata
from golf.codemods.technique import Refuse
from golf.codemods.tree import ancestors

#: Names that list or reach attributes and variables by name, behind the rewrite's back.
_BLOCKERS = NAMES_AS_STRINGS | {"__dict__", "dir"}


_LITERAL = (
    m.Integer()
    | m.Float()
    | m.Imaginary()
    | m.SimpleString()
    | m.Name("None")
    | m.Name("True")
    | m.Name("False")
    | m.UnaryOperation(operator=m.Minus(), expression=m.Integer() | m.Float())
)


_LOOPS = (cst.For, cst.While)


@dataclass
class ListSite:
    """One state list: its name, the `NAME = [C] * len(G)` creating it, and its attribute."""

    name: str
    creation: cst.Assign
    line: cst.SimpleStatementLine
    value: cst.BaseExpression
    attribute: str = ""


@dataclass
class ListPlan:
    """One `for i, p in enumerate(G)` loop and the lists it indexes."""

    loop: cst.For
    element: str
    source: str
    lists: list[ListSite]
    #: Each `LIST[i]` in the loop body, with the list's name.
    subscripts: dict[cst.Subscript, str]
    #: The first creation, where the initialising loop goes.
    first: cst.Assign
    reuse_element: bool
    variable: str = field(default="")


class ListProgram:
    """The module with the metadata the checks need."""

    def __init__(self, module: cst.Module) -> None:
        wrapper = metadata(module)
        self.tree = wrapper.module
        self.scopes = wrapper.resolve(ScopeProvider)
        self.positions = wrapper.resolve(PositionProvider)
        self.parents = wrapper.resolve(ParentNodeProvider)

    def start(self, node: cst.CSTNode) -> tuple[int, int]:
        position = self.positions[node].start
        return position.line, position.column

    def end(self, node: cst.CSTNode) -> tuple[int, int]:
        position = self.positions[node].end
        return position.line, position.column

    def within(self, inner: cst.CSTNode, outer: cst.CSTNode) -> bool:
        return self.start(outer) <= self.start(inner) and self.end(inner) <= self.end(outer)

    def ancestors(self, node: cst.CSTNode) -> list[cst.CSTNode]:
        return ancestors(self.parents, node)

    def runs_before(self, access: Access, scope: Scope, target: cst.CSTNode) -> bool:
        """True when `access` (a read) always runs before `target` in each run of `scope`: it is
        in that scope itself (or in a comprehension there, which runs where it is written),
        earlier in the source and in no loop around `target`."""
        reader = access.scope
        while isinstance(reader, ComprehensionScope):
            reader = reader.parent
        if reader is not scope or self.start(access.node) >= self.start(target):
            return False
        for outer in self.ancestors(target):
            if isinstance(outer, cst.FunctionDef | cst.ClassDef | cst.Lambda):
                break  # loops outside the scope run it afresh each time
            if isinstance(outer, _LOOPS) and self.within(access.node, outer):
                return False
        return True


def _reads(scope: Scope, name: str) -> list[Access]:
    """Every access that may read a binding of `name` in `scope`.

    LibCST links a read in the same scope only to the assignments above it in the source, but
    in a loop a read may run after an assignment below it; so every read of `name` in `scope`
    itself counts, besides those of nested scopes that reach its bindings.
    """
    found: dict[int, Access] = {id(access): access for access in scope.accesses[name]}
    for assignment in scope.assignments[name]:
        for access in assignment.references:
            found[id(access)] = access
    return list(found.values())


def _loop_shape(node: cst.CSTNode) -> tuple[cst.Name, str, str] | None:
    """(index Name node, element, G) of `for i, p in enumerate(G)`."""
    shape = m.For(
        target=m.Tuple([m.Element(m.Name()), m.Element(m.Name())]),
        iter=m.Call(func=m.Name("enumerate"), args=[m.Arg(m.Name(), keyword=None, star="")]),
        asynchronous=None,
    )
    if not m.matches(node, shape):
        return None
    index, element = (e.value for e in node.target.elements)  # type: ignore[attr-defined]
    source = node.iter.args[0].value.value  # type: ignore[attr-defined]
    return (index, element.value, source) if index.value != element.value else None


def _creation(program: ListProgram, assignment: Assignment, source: str) -> tuple[cst.Assign, cst.SimpleStatementLine]:
    """The statement `NAME = [C] * len(source)` behind `assignment`, and its line."""
    name = assignment.name
    target = program.parents.get(assignment.node)
    statement = program.parents.get(target) if isinstance(target, cst.AssignTarget) else None
    length = m.Call(func=m.Name("len"), args=[m.Arg(m.Name(source), keyword=None, star="")])
    repeat = m.List([m.Element(_LITERAL)])
    value = m.BinaryOperation(repeat, m.Multiply(), length) | m.BinaryOperation(length, m.Multiply(), repeat)
    if not m.matches(statement, m.Assign(targets=[m.AssignTarget(m.Name(name))], value=value)):
        raise Refuse(f"{name} is not made by `{name} = [LITERAL] * len({source})`")
    line = program.parents[statement]  # type: ignore[index]
    if not isinstance(line, cst.SimpleStatementLine):
        raise Refuse(f"{name} is made on the line of a compound statement's header")
    return statement, line  # type: ignore[return-value]


def _repeated_value(statement: cst.Assign) -> cst.BaseExpression:
    """C of `[C] * len(G)` or `len(G) * [C]`."""
    operation = statement.value
    assert isinstance(operation, cst.BinaryOperation)
    repeat = operation.left if isinstance(operation.left, cst.List) else operation.right
    return repeat.elements[0].value  # type: ignore[attr-defined]


def _plan(program: ListProgram, loop: cst.For) -> ListPlan:
    """What to change for one enumerate loop; raises Refuse when it does not qualify."""
    index, element, source = _loop_shape(loop)  # type: ignore[misc]
    scope = program.scopes[loop]
    if not isinstance(scope, GlobalScope | FunctionScope):
        raise Refuse(f"the loop over enumerate({source}) is in a class body")
    own = [a for a in scope.assignments[index.value] if a.node is index]
    index_reads = {id(access.node) for a in own for access in a.references}
    subscripts: dict[cst.Subscript, str] = {}
    for node in m.findall(loop.body, m.Subscript(value=m.Name(), slice=[m.SubscriptElement(m.Index(m.Name()))])):
        assert isinstance(node, cst.Subscript)
        if id(node.slice[0].slice.value) in index_reads:  # type: ignore[attr-defined]
            subscripts[node] = node.value.value  # type: ignore[attr-defined]
    if not subscripts:
        raise Refuse(f"the loop over enumerate({source}) indexes no list with {index.value}")
    if any(m.findall(d, m.Subscript()) for d in m.findall(loop.body, m.Del())):
        raise Refuse(f"the loop over enumerate({source}) deletes an item")
    slices = {id(s.slice[0].slice.value) for s in subscripts}  # type: ignore[attr-defined]
    for access in _reads(scope, index.value):
        if id(access.node) not in slices and not program.runs_before(access, scope, loop):
            raise Refuse(f"{index.value} is read other than as a list index in the loop")
    lists = []
    for name in dict.fromkeys(subscripts.values()):
        assignments = list(scope.assignments[name])
        if len(assignments) != 1 or not isinstance(assignments[0], Assignment):
            raise Refuse(f"{name} is not bound exactly once where the loop runs")
        bases = {id(s.value) for s, n in subscripts.items() if n == name}
        if {id(access.node) for access in _reads(scope, name)} != bases:
            raise Refuse(f"{name} is used other than as {name}[{index.value}] in the loop")
        statement, line = _creation(program, assignments[0], source)
        block = program.parents[line]
        if all(block is not a for a in program.ancestors(loop)) or program.start(line) >= program.start(loop):
            raise Refuse(f"{name} is not made before the loop in a block around it")
        lists.append(ListSite(name, statement, line, _repeated_value(statement)))
    if len({id(program.parents[item.line]) for item in lists}) != 1:
        raise Refuse(f"the lists of the loop over enumerate({source}) are made in different blocks")
    first = min((item.creation for item in lists), key=program.start)
    for assignment in scope.assignments[source]:
        if program.start(first) <= program.start(assignment.node) <= program.end(loop):
            raise Refuse(f"{source} is bound between the lists' creation and the loop")
    # The initialising loop binds the element variable early: fine if only the old loop reads it.
    reuse = all(
        program.within(access.node, loop.body) or program.runs_before(access, scope, first)
        for access in _reads(scope, element)
    )
    return ListPlan(loop, element, source, lists, subscripts, first, reuse)


def list_plans(program: ListProgram) -> list[ListPlan]:
    """A plan for every enumerate loop that qualifies; raises Refuse when none does."""
    names = all_names(program.tree)
    if names & _BLOCKERS:
        raise Refuse(f"the program uses {', '.join(sorted(names & _BLOCKERS))}, which can reach names or attributes")
    bound = {name for name, _ in bindings(program.tree)} | star_imported(program.tree)
    if {"enumerate", "len"} & bound:
        raise Refuse("enumerate or len is rebound, so it may not be the builtin")
    plans, reasons = [], []
    for loop in m.findall(program.tree, m.For()):
        if _loop_shape(loop) is None:
            continue
        try:
            plans.append(_plan(program, loop))  # type: ignore[arg-type]
        except Refuse as exc:
            reasons.append(str(exc))
    if not plans:
        raise Refuse(reasons[0] if reasons else "no `for i, x in enumerate(NAME)` loop")
    return plans


def _class_scopes(program: ListProgram) -> dict[cst.CSTNode, ClassScope]:
    return {s.node: s for s in set(program.scopes.values()) if isinstance(s, ClassScope)}


def program_classes(program: ListProgram) -> list[cst.ClassDef]:
    """Classes defined once, at module level, without `__slots__`: where members can go."""
    every = [c.name.value for c in m.findall(program.tree, m.ClassDef())]  # type: ignore[attr-defined]
    scopes = _class_scopes(program)
    return [
        c
        for c in program.tree.body
        if isinstance(c, cst.ClassDef)
        and every.count(c.name.value) == 1
        and "__slots__" not in {a.name for a in scopes[c].assignments}
    ]


def used_attributes(program: ListProgram) -> set[str]:
    """Names an attribute could already have: attribute names, class members, strings."""
    used = {a.attr.value for a in m.findall(program.tree, m.Attribute())}  # type: ignore[attr-defined]
    for scope in _class_scopes(program).values():
        used |= {a.name for a in scope.assignments}
    for string in m.findall(program.tree, m.SimpleString()):
        value = string.evaluated_value  # type: ignore[attr-defined]
        if isinstance(value, str):
            used.add(value)
    return used
