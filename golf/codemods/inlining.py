"""Inlining variables, shared by inline-variable and inline-value: the sites the analysis allows,
applied round after round until none is left.
"""

from __future__ import annotations

import functools

import libcst as cst

from golf.codemods.inline_analysis import InlineAnalysis
from golf.codemods.inline_sites import (
    ReplaceReads,
    Site,
    StatementLines,
)
from golf.codemods.technique import Params, Refuse
from golf.codemods.tree import nodes_below

_MAX_ROUNDS = 100


class _Inline(ReplaceReads):
    """Put each site's expression where its variable was read and drop its assignment."""

    def __init__(self, sites: list[Site]) -> None:
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

    def _drop(
        self, original_node: StatementLines, updated_node: StatementLines
    ) -> StatementLines | cst.RemovalSentinel:
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


def _disjoint(sites: list[Site]) -> list[Site]:
    """Sites of different names whose spans do not overlap: each one's checks still hold after the others.
    A site whose read is in a nested block (inline-value's move into a loop) may span another block's
    site: it is left out when its read is in the other's value or the other's read in its value,
    which moving one value would carry along unreplaced."""
    chosen, reach, names, reads, moved = [], {}, set(), set(), set()
    # In source order (line, then place in the block), so the choice does not depend on memory addresses.
    for site in sorted(sites, key=lambda s: (s.line, s.start)):
        inside = {id(n) for n in nodes_below(site.assign.value, cst.Name)}
        if site.start > reach.get(site.block, -1) and site.name not in names:
            if id(site.read) in moved or inside & reads:
                continue
            chosen.append(site)
            reach[site.block], names = site.end, names | {site.name}
            reads, moved = reads | {id(site.read)}, moved | inside
    return chosen


@functools.lru_cache(maxsize=4)
def _analysis_of(code: str) -> InlineAnalysis:
    """The analysis of a source, shared: the search applies every candidate to the same source, and
    the analysis (LibCST's scopes, parents and positions) costs far more than the edit. Its tree is
    immutable and the transforms only read it."""
    return InlineAnalysis(code)


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


def inlinable(module: cst.Module, *, relaxed: bool = False) -> list[dict[str, str]]:
    """The parameters (`name`, `line`) of each assignment `inline` can inline, in source order."""
    found, _ = _analysis_of(module.code).sites(None, None, relaxed)
    return list({(s.name, s.line): {"name": s.name, "line": str(s.line)} for s in found}.values())
