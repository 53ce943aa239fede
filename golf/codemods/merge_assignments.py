"""merge-assignments: consecutive `a = x` / `b = y` become `a, b = x, y`.

A tuple assignment evaluates every right-hand side first, then binds the targets left to
right, so merging is exact only when no right-hand side can see an earlier target of the
group. It groups plain-name targets (and `a, b = x, y` pairs with as many values as
names) and starts a new group when a right-hand side mentions a name assigned earlier in
the group, when a target repeats, for the training loop's step count (`num_steps = 1000`
keeps its own statement, where a `--steps` rewriter looks for it), or when a right-hand
side that may run code (a call, an operator, an index) follows a target that a function
or lambda could read (a global, or a local seen by a nested function). Starred and
walrus expressions are never merged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst
import libcst.matchers as m

from golf.codemods.names import variable_names
from golf.codemods.step_bounds import step_bounds
from golf.codemods.technique import Params, Refuse, Technique

_COMMA = cst.Comma(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))


@dataclass(frozen=True)
class _Pair:
    """One assignment seen as names and values, and the line it came from."""

    names: tuple[str, ...]
    values: tuple[cst.BaseExpression, ...]
    statement: cst.Assign


def _read_names(node: cst.CSTNode) -> set[str]:
    """Names read in `node` (attribute names and keyword names are not reads)."""
    return {name.value for name in variable_names(node)}


def _as_pair(statement: cst.BaseSmallStatement) -> _Pair | None:
    if not isinstance(statement, cst.Assign) or len(statement.targets) != 1:
        return None
    target, value = statement.targets[0].target, statement.value
    if m.findall(value, m.NamedExpr() | m.StarredElement() | m.Yield() | m.Await()):
        return None
    if isinstance(target, cst.Name):
        if isinstance(value, cst.Tuple) and not value.lpar:
            value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        return _Pair((target.value,), (value,), statement)
    if isinstance(target, cst.Tuple) and isinstance(value, cst.Tuple):
        names = [e.value for e in target.elements]
        if all(
            isinstance(n, cst.Name) and isinstance(e, cst.Element) for n, e in zip(names, target.elements, strict=True)
        ):
            if len(value.elements) == len(names) and all(isinstance(e, cst.Element) for e in value.elements):
                return _Pair(tuple(n.value for n in names), tuple(e.value for e in value.elements), statement)
    return None


def _may_run_code(value: cst.BaseExpression) -> bool:
    return bool(
        m.findall(
            value,
            m.Call()
            | m.Subscript()
            | m.Attribute()
            | m.BinaryOperation()
            | m.UnaryOperation()
            | m.Comparison()
            | m.ListComp()
            | m.GeneratorExp()
            | m.SetComp()
            | m.DictComp(),
        )
    )


def _merge(pairs: Sequence[_Pair]) -> cst.Assign:
    names = [n for p in pairs for n in p.names]
    values = [v for p in pairs for v in p.values]
    target = cst.Tuple(
        [cst.Element(cst.Name(n), comma=_COMMA) for n in names[:-1]] + [cst.Element(cst.Name(names[-1]))],
        lpar=[],
        rpar=[],
    )
    value = cst.Tuple([cst.Element(v, comma=_COMMA) for v in values[:-1]] + [cst.Element(values[-1])], lpar=[], rpar=[])
    return pairs[0].statement.with_changes(targets=[cst.AssignTarget(target)], value=value)


def _with_semicolons(body: list[cst.BaseSmallStatement]) -> list[cst.BaseSmallStatement]:
    semicolon = cst.Semicolon(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
    return [s.with_changes(semicolon=semicolon) for s in body[:-1]] + [
        body[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
    ]


class _Merge(cst.CSTTransformer):
    def __init__(self, shared: set[str], pinned: set[str]) -> None:
        #: Names that some function or lambda body reads: visible to code a right-hand side may run.
        self.shared = shared
        #: Names that must keep their own `NAME = value` line (the training loop's step count).
        self.pinned = pinned
        self.merged = 0

    def _groups(self, pairs: list[_Pair | cst.BaseSmallStatement]) -> list[list]:
        groups: list[list] = []
        for item in pairs:
            current = groups[-1] if groups else None
            if isinstance(item, _Pair) and current and isinstance(current[0], _Pair) and self._fits(current, item):
                current.append(item)
            else:
                groups.append([item])
        return groups

    def _fits(self, group: list[_Pair], pair: _Pair) -> bool:
        earlier = {n for p in group for n in p.names}
        if earlier & set(pair.names) or len(set(pair.names)) != len(pair.names):
            return False
        reads = set().union(*(_read_names(v) for v in pair.values))
        if earlier & reads:
            return False
        return not (earlier & self.shared and any(_may_run_code(v) for v in pair.values))

    def _merge_body(self, body: Sequence[cst.BaseStatement]) -> list[cst.BaseStatement]:
        result: list[cst.BaseStatement] = []
        run: list[cst.SimpleStatementLine] = []

        def flush() -> None:
            if run:
                result.extend(self._merge_run(run))
                run.clear()

        for statement in body:
            if isinstance(statement, cst.SimpleStatementLine):
                run.append(statement)
            else:
                flush()
                result.append(statement)
        flush()
        return result

    def _merge_run(self, lines: list[cst.SimpleStatementLine]) -> list[cst.SimpleStatementLine]:
        """Merge within a run of simple lines; a merged group stays on the line of its first member."""
        items: list[tuple[int, _Pair | cst.BaseSmallStatement]] = []
        for index, line in enumerate(lines):
            for small in line.body:
                pair = _as_pair(small)
                items.append((index, small if pair is None or set(pair.names) & self.pinned else pair))
        groups = self._groups([item for _, item in items])
        line_of = {id(item): index for index, item in items}
        new_bodies: list[list[cst.BaseSmallStatement]] = [[] for _ in lines]
        for group in groups:
            first_line = line_of[id(group[0])]
            if len(group) > 1:
                self.merged += len(group) - 1
                new_bodies[first_line].append(_merge(group))
            else:
                item = group[0]
                new_bodies[first_line].append(item.statement if isinstance(item, _Pair) else item)
        return [
            line.with_changes(body=_with_semicolons(body)) for line, body in zip(lines, new_bodies, strict=True) if body
        ]

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        return updated_node.with_changes(body=self._merge_body(updated_node.body))

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        return updated_node.with_changes(body=self._merge_body(updated_node.body))


def _names_read_in_functions(module: cst.Module) -> set[str]:
    shared: set[str] = set()
    for function in m.findall(module, m.FunctionDef() | m.Lambda()):
        shared |= _read_names(function.body)
    return shared


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Merge runs of independent simple assignments into tuple assignments."""
    merger = _Merge(_names_read_in_functions(module), step_bounds(module))
    new = module.visit(merger)
    if not merger.merged:
        raise Refuse("no run of independent assignments to merge")
    return new


TECHNIQUE = Technique(
    name="merge-assignments",
    summary="merge consecutive independent assignments `a = x` / `b = y` into `a, b = x, y`",
    transform=transform,
)
