"""lists-to-attributes (a trial technique): state lists indexed by an `enumerate` index become
attributes of the elements.

    m = [0.0] * len(params)
    v = [0.0] * len(params)
    ...
    for i, p in enumerate(params):
        m[i] = beta1 * m[i] + (1 - beta1) * p.grad
        v[i] = beta2 * v[i] + (1 - beta2) * p.grad**2

becomes `for p in params: p.m = p.v = 0.0` where the first list was created, and
`for p in params:` with `p.m` for every `m[i]` (read, stored or updated in place). Lists made
with different values get one assignment each (`p.m = 0.0; p.v = 1`). With `class=NAME` the
creations go and the class gets members `m = v = 0.0` instead, which every instance reads
until the loop gives it its own (what shortest.py does with `g=m=v=0`). The attribute is
named after the list when no attribute, class member or string of the program has that name,
else it is the shortest name the program does not use at all. The initialising loop reuses
the enumerate loop's element variable when nothing outside that loop reads it after the
creation, else a name the program does not use.

Why it cannot be proven exact, so it is a trial (`trial=True`): element `k` of the list and
attribute of element `k` of `params` hold the same values only if every element is a distinct
object (a repeated one would share one attribute where the lists had two slots) that accepts
a new attribute (no `__slots__`, not an int or a float), that no code reads or sets those
attributes otherwise (`__dict__`, `getattr`, a `__setattr__`), and that `params` keeps its
elements and length from the creation on. The class form also needs every element to be an
instance of that class. None of this is in the source; the shrink search keeps the result
only when the equivalence check finds the program identical. The value is a literal (a number,
a string, None, True or False), immutable, so sharing it between elements changes nothing.

What it checks (refuses otherwise), per `for INDEX, ELEMENT in enumerate(NAME)` loop: one plain
argument; INDEX is read in the loop body only as `LIST[INDEX]` (not in `del`), and outside it
only where that runs before the loop (earlier, in no loop around it, in no nested function);
each such LIST is bound once, by `LIST = [LITERAL] * len(NAME)` on a line of its own or joined
with `;` in a block around the loop, before it, all of a loop's lists in the same block, and
is read nowhere else; NAME is not bound between the first creation and the end of the loop.
The program must not rebind `enumerate` or `len`, nor use `__dict__`, `dir`, `eval`, `exec`,
`globals`, `locals` or `vars`. The class form takes a class defined at module level, once,
without `__slots__`. Loops that do not qualify are left alone; a comment above a removed
creation line goes with it.
"""

from __future__ import annotations

from collections.abc import Sequence
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

from golf.codemods.names import NAMES_AS_STRINGS, all_names, bindings, short_names, star_imported
from golf.codemods.program import metadata
from golf.codemods.technique import Param, Params, Refuse, Technique
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
#: Golf spacing for what this adds (`for p in G:p.m=p.v=0.`, `;m=v=0.`).
_TIGHT = cst.SimpleWhitespace("")
_SEMICOLON = cst.Semicolon(whitespace_before=_TIGHT, whitespace_after=_TIGHT)


@dataclass
class _List:
    """One state list: its name, the `NAME = [C] * len(G)` creating it, and its attribute."""

    name: str
    creation: cst.Assign
    line: cst.SimpleStatementLine
    value: cst.BaseExpression
    attribute: str = ""


@dataclass
class _Plan:
    """One `for i, p in enumerate(G)` loop and the lists it indexes."""

    loop: cst.For
    element: str
    source: str
    lists: list[_List]
    #: Each `LIST[i]` in the loop body, with the list's name.
    subscripts: dict[cst.Subscript, str]
    #: The first creation, where the initialising loop goes.
    first: cst.Assign
    reuse_element: bool
    variable: str = field(default="")


class _Program:
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


def _creation(program: _Program, assignment: Assignment, source: str) -> tuple[cst.Assign, cst.SimpleStatementLine]:
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


def _plan(program: _Program, loop: cst.For) -> _Plan:
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
        lists.append(_List(name, statement, line, _repeated_value(statement)))
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
    return _Plan(loop, element, source, lists, subscripts, first, reuse)


def _plans(program: _Program) -> list[_Plan]:
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


def _class_scopes(program: _Program) -> dict[cst.CSTNode, ClassScope]:
    return {s.node: s for s in set(program.scopes.values()) if isinstance(s, ClassScope)}


def _classes(program: _Program) -> list[cst.ClassDef]:
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


def _used_attributes(program: _Program) -> set[str]:
    """Names an attribute could already have: attribute names, class members, strings."""
    used = {a.attr.value for a in m.findall(program.tree, m.Attribute())}  # type: ignore[attr-defined]
    for scope in _class_scopes(program).values():
        used |= {a.name for a in scope.assignments}
    for string in m.findall(program.tree, m.SimpleString()):
        value = string.evaluated_value  # type: ignore[attr-defined]
        if isinstance(value, str):
            used.add(value)
    return used


def _name(program: _Program, plans: list[_Plan], for_variables: bool) -> None:
    """Choose each list's attribute and, for the loop form, each initialising loop's variable."""
    names = all_names(program.tree) | star_imported(program.tree)
    used = _used_attributes(program)
    unused = (n for n in short_names() if n not in names and n not in used)
    for plan in plans:
        for item in plan.lists:
            if item.name in used or item.name.startswith("__"):
                item.attribute = next(unused)
            else:
                item.attribute = item.name
            used.add(item.attribute)
        if for_variables:
            plan.variable = plan.element if plan.reuse_element else next(unused)


def _grouped(lists: list[_List]) -> list[tuple[cst.BaseExpression, list[_List]]]:
    """The lists by their value's source, in order: lists with the same value share one assignment."""
    groups: dict[str, tuple[cst.BaseExpression, list[_List]]] = {}
    for item in lists:
        groups.setdefault(cst.Module([]).code_for_node(item.value), (item.value, []))[1].append(item)
    return list(groups.values())


def _assignments(lists: list[_List], target: cst.CSTNode | None) -> list[cst.Assign]:
    """`t.m = t.v = C` per group (`m = v = C` when `target` is None)."""
    assignments = [
        cst.Assign(
            targets=[
                cst.AssignTarget(
                    cst.Attribute(target, cst.Name(i.attribute)) if target else cst.Name(i.attribute),
                    whitespace_before_equal=_TIGHT,
                    whitespace_after_equal=_TIGHT,
                )
                for i in group
            ],
            value=value,
            semicolon=_SEMICOLON,
        )
        for value, group in _grouped(lists)
    ]
    assignments[-1] = assignments[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
    return assignments


def _joined(statements: Sequence[cst.BaseSmallStatement], more: list[cst.Assign]) -> list[cst.BaseSmallStatement]:
    """`statements;more` on one line."""
    return [*statements[:-1], statements[-1].with_changes(semicolon=_SEMICOLON), *more]


class _Rewrite(cst.CSTTransformer):
    def __init__(self, plans: list[_Plan], cls: cst.ClassDef | None) -> None:
        self.plans = {plan.loop: plan for plan in plans}
        self.attributes = {}
        for plan in plans:
            attribute = {item.name: item.attribute for item in plan.lists}
            for subscript, name in plan.subscripts.items():
                self.attributes[subscript] = (plan.element, attribute[name])
        self.dropped = {item.creation for plan in plans for item in plan.lists}
        self.first = {plan.first: plan for plan in plans} if cls is None else {}
        self.cls = cls
        self.members = [item for plan in plans for item in plan.lists]

    def leave_Subscript(self, original_node: cst.Subscript, updated_node: cst.Subscript) -> cst.BaseExpression:
        if original_node not in self.attributes:
            return updated_node
        element, attribute = self.attributes[original_node]
        return cst.Attribute(cst.Name(element), cst.Name(attribute), lpar=updated_node.lpar, rpar=updated_node.rpar)

    def leave_For(self, original_node: cst.For, updated_node: cst.For) -> cst.For:
        plan = self.plans.get(original_node)
        if plan is None:
            return updated_node
        return updated_node.with_changes(target=cst.Name(plan.element), iter=cst.Name(plan.source))

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement] | cst.RemovalSentinel:
        if not any(statement in self.dropped for statement in original_node.body):
            return updated_node
        pieces: list[cst.BaseStatement] = []
        run: list[cst.BaseSmallStatement] = []

        def flush() -> None:
            if run:
                run[-1] = run[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
                pieces.append(cst.SimpleStatementLine(list(run)))
                run.clear()

        for before, after in zip(original_node.body, updated_node.body, strict=True):
            if before in self.first:
                flush()
                plan = self.first[before]
                body = cst.SimpleStatementSuite(
                    _assignments(plan.lists, cst.Name(plan.variable)), leading_whitespace=_TIGHT
                )
                pieces.append(cst.For(cst.Name(plan.variable), cst.Name(plan.source), body))
            elif before not in self.dropped:
                run.append(after)
        flush()
        if not pieces:
            return cst.RemovalSentinel.REMOVE
        pieces[0] = pieces[0].with_changes(leading_lines=updated_node.leading_lines)
        last = pieces[-1]
        if isinstance(last, cst.For):
            pieces[-1] = last.with_changes(
                body=last.body.with_changes(trailing_whitespace=updated_node.trailing_whitespace)
            )
        else:
            pieces[-1] = last.with_changes(trailing_whitespace=updated_node.trailing_whitespace)
        return cst.FlattenSentinel(pieces)

    def leave_ClassDef(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        if original_node is not self.cls:
            return updated_node
        members = _assignments(self.members, None)
        body = updated_node.body
        if isinstance(body, cst.SimpleStatementSuite):
            return updated_node.with_changes(body=body.with_changes(body=_joined(body.body, members)))
        lines = list(body.body)
        simple = [k for k, line in enumerate(lines) if isinstance(line, cst.SimpleStatementLine)]
        if simple:  # joined to a line of members: `;` costs less than a new indented line
            line = lines[simple[-1]]
            lines[simple[-1]] = line.with_changes(body=_joined(line.body, members))  # type: ignore[attr-defined]
        else:
            lines.append(cst.SimpleStatementLine(members))
        return updated_node.with_changes(body=body.with_changes(body=lines))


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Turn the state lists of every qualifying enumerate loop into attributes of its elements."""
    program = _Program(module)
    plans = _plans(program)
    cls = None
    if params["class"]:
        cls = next((c for c in _classes(program) if c.name.value == params["class"]), None)
        if cls is None:
            raise Refuse(f"no class {params['class']} defined once at module level without __slots__")
    _name(program, plans, for_variables=cls is None)
    return program.tree.visit(_Rewrite(plans, cls))


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    if "enumerate" not in all_names(module):
        return []
    program = _Program(module)
    try:
        _plans(program)
    except Refuse:
        return []
    return [{}] + [{"class": c.name.value} for c in _classes(program)]


TECHNIQUE = Technique(
    name="lists-to-attributes",
    summary="state lists indexed by an enumerate index become attributes of its elements (trial)",
    transform=transform,
    params=(Param("class", "put the attributes in this class's body instead of setting them in a loop", ""),),
    candidates=_candidates,
    trial=True,
)
