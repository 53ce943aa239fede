"""Which lines, and how many statements, each region of a source owns.

Regions: each top-level class (its methods roll up into it), each top-level function (nested functions
roll up) and "module code" for everything else. A class or function owns the lines from its first
decorator (or its `def`/`class` line) to the last line of its body, plus the block of unindented
comment-only lines directly above it (no blank line between; a file's header comment too, when nothing
separates it from the first definition). Every other line is module code: other top-level statements
(a `def` inside a top-level `if` included), blank lines and detached comments between or after
statements (an indented comment after a body's last line too), the rest of the file's header.
Top-level definitions sharing a kind and a name (say `@overload`s) make one region.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from golf.measure.lines import COMMENT
from golf.measure.model import MODULE_CODE, SourceSyntaxError

#: Region key: (kind, name) -> (line spans as (first, last), 1-based and inclusive; logical statements).
Owners = dict[tuple[str, str], tuple[list[tuple[int, int]], int]]


def region_owners(module: cst.Module, top_lines: list[list[int]], kinds: bytearray, lines: Sequence[str]) -> Owners:
    """Which lines, and how many statements, each region owns."""
    owners: Owners = {}
    module_logical = 0
    previous_end = 0
    taken: list[tuple[int, int]] = []
    index = 0
    for statement in module.body:
        clauses = _top_level_clauses(statement)
        if index + clauses > len(top_lines):
            raise SourceSyntaxError("tokenize and LibCST disagree on the top-level statements", 1, 1)
        first, last = top_lines[index][0], top_lines[index + clauses - 1][1]
        index += clauses
        logical = _logical(statement)
        if isinstance(statement, cst.FunctionDef | cst.ClassDef):
            while first - 1 > previous_end and kinds[first - 1] == COMMENT and lines[first - 2].startswith("#"):
                first -= 1
            kind = "class" if isinstance(statement, cst.ClassDef) else "function"
            spans, known = owners.get((kind, statement.name.value), ([], 0))
            owners[kind, statement.name.value] = ([*spans, (first, last)], known + logical)
            taken.append((first, last))
        else:
            module_logical += logical
        previous_end = last
    if index != len(top_lines):
        raise SourceSyntaxError("tokenize and LibCST disagree on the top-level statements", 1, 1)
    rest, next_line = [], 1
    for first, last in taken:
        if first > next_line:
            rest.append((next_line, first - 1))
        next_line = last + 1
    if next_line <= len(lines):
        rest.append((next_line, len(lines)))
    if rest:
        owners["module", MODULE_CODE] = (rest, module_logical)
    return owners


def _top_level_clauses(statement: cst.CSTNode) -> int:
    """How many logical lines at the statement's own indentation it has (decorators, `else:` ...)."""
    if isinstance(statement, cst.FunctionDef | cst.ClassDef):
        return len(statement.decorators) + 1
    if isinstance(statement, cst.If):
        orelse = statement.orelse
        return 1 + (_top_level_clauses(orelse) if isinstance(orelse, cst.If) else orelse is not None)
    if isinstance(statement, cst.For | cst.While):
        return 1 + (statement.orelse is not None)
    if isinstance(statement, cst.Try | cst.TryStar):
        return 1 + len(statement.handlers) + (statement.orelse is not None) + (statement.finalbody is not None)
    return 1


def _logical(statement: cst.CSTNode) -> int:
    """Simple statements and clause headers in a statement, nested blocks included."""
    if isinstance(statement, cst.SimpleStatementLine):
        return len(statement.body)
    if isinstance(statement, cst.Match):
        return 1 + sum(1 + _block(case.body) for case in statement.cases)
    count = 1 + _block(statement.body)  # type: ignore[attr-defined]
    if isinstance(statement, cst.Try | cst.TryStar):
        count += sum(1 + _block(handler.body) for handler in statement.handlers)
        if statement.finalbody is not None:
            count += 1 + _block(statement.finalbody.body)
    orelse = getattr(statement, "orelse", None)
    if isinstance(orelse, cst.If):
        count += _logical(orelse)
    elif orelse is not None:
        count += 1 + _block(orelse.body)
    return count


def _block(block: cst.BaseSuite) -> int:
    if isinstance(block, cst.SimpleStatementSuite):
        return len(block.body)
    return sum(_logical(statement) for statement in block.body)  # type: ignore[attr-defined]
