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

import libcst as cst

from golf.codemods.list_loops import (
    ListPlan,
    ListProgram,
    ListSite,
    list_plans,
    program_classes,
    used_attributes,
)
from golf.codemods.names import all_names, short_names, star_imported
from golf.codemods.technique import Param, Params, Refuse, Technique

#: Golf spacing for what this adds (`for p in G:p.m=p.v=0.`, `;m=v=0.`).
_TIGHT = cst.SimpleWhitespace("")
_SEMICOLON = cst.Semicolon(whitespace_before=_TIGHT, whitespace_after=_TIGHT)


def _name(program: ListProgram, plans: list[ListPlan], for_variables: bool) -> None:
    """Choose each list's attribute and, for the loop form, each initialising loop's variable."""
    names = all_names(program.tree) | star_imported(program.tree)
    used = used_attributes(program)
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


def _grouped(lists: list[ListSite]) -> list[tuple[cst.BaseExpression, list[ListSite]]]:
    """The lists by their value's source, in order: lists with the same value share one assignment."""
    groups: dict[str, tuple[cst.BaseExpression, list[ListSite]]] = {}
    for item in lists:
        groups.setdefault(cst.Module([]).code_for_node(item.value), (item.value, []))[1].append(item)
    return list(groups.values())


def _assignments(lists: list[ListSite], target: cst.CSTNode | None) -> list[cst.Assign]:
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
    def __init__(self, plans: list[ListPlan], cls: cst.ClassDef | None) -> None:
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
    program = ListProgram(module)
    plans = list_plans(program)
    cls = None
    if params["class"]:
        cls = next((c for c in program_classes(program) if c.name.value == params["class"]), None)
        if cls is None:
            raise Refuse(f"no class {params['class']} defined once at module level without __slots__")
    _name(program, plans, for_variables=cls is None)
    return program.tree.visit(_Rewrite(plans, cls))


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    if "enumerate" not in all_names(module):
        return []
    program = ListProgram(module)
    try:
        list_plans(program)
    except Refuse:
        return []
    return [{}] + [{"class": c.name.value} for c in program_classes(program)]


TECHNIQUE = Technique(
    name="lists-to-attributes",
    summary="state lists indexed by an enumerate index become attributes of its elements (trial)",
    transform=transform,
    params=(Param("class", "put the attributes in this class's body instead of setting them in a loop", ""),),
    candidates=_candidates,
    trial=True,
)
