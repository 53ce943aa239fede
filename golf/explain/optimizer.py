"""Differences that come from the initialisation or the optimizer's update rather than the graph.

For an update the trace holds, per parameter, the line that first wrote its value after the
step and the floats that line could see (names, `m[i]`, `p.m`). A float both programs name
alike but hold differently, the same for every parameter, is a changed constant: its
assignment is found in the source and named first.
"""

from __future__ import annotations

import ast
from typing import Any

from golf.explain.model import Finding
from golf.explain.trace import Frame, Trace, value_key


def init_difference(reference: Trace, variant: Trace) -> Finding | None:
    """The first parameter whose initial value differs, with the lines that made it in both programs."""
    index = _first_differing(reference.params_after, variant.params_after)
    if index is None:
        return None
    mine, theirs = variant.params_after[index], reference.params_after[index]
    name = reference.param_name(index)
    reason = f"{name} starts at {mine!r} in the variant and at {theirs!r} in the reference"
    elsewhere = [i for i, v in enumerate(reference.params_after) if value_key(v) == value_key(mine)]
    if elsewhere:
        reason += f"; the variant's value is the reference's {reference.param_name(elsewhere[0])}: the same random "
        reason += "draws in another order"
    return Finding("init", _param_site(variant, index), _param_site(reference, index), mine, theirs, reason)


def update_difference(reference: Trace, variant: Trace) -> Finding | None:
    """The first parameter whose value after the previous step's update differs, and what the update read."""
    index = _first_differing(reference.params_after, variant.params_after)
    if index is None:
        return None
    step = reference.step - 1
    mine, theirs = variant.params_after[index], reference.params_after[index]
    name = reference.param_name(index)
    before = reference.params_before[index] if reference.params_before else None
    var_write, var_seen = variant.writes.get(index, ((), {}))
    ref_write, ref_seen = reference.writes.get(index, ((), {}))
    constants = _changed_constants(reference, variant, index)
    reason = f"the update after step {step} moves {name} from {before!r} to {mine!r} in the variant and to "
    reason += f"{theirs!r} in the reference, from the same gradient"
    details = []
    var_site, ref_site = var_write, ref_write
    if constants:
        names = ", ".join(f"{k} = {var_seen[k]!r} (reference {ref_seen[k]!r})" for k in constants)
        reason += f"; it reads {names}"
        first = constants[0]
        var_site = _assignment(variant, first) + var_write
        ref_site = _assignment(reference, first) + ref_write
    else:
        differing = [k for k in var_seen if k in ref_seen and value_key(var_seen[k]) != value_key(ref_seen[k])]
        if differing:
            details.append("values the update reads that differ: " + ", ".join(differing))
    return Finding("update", var_site, ref_site, mine, theirs, reason, tuple(details), step=step)


def _first_differing(reference: tuple[Any, ...] | None, variant: tuple[Any, ...] | None) -> int | None:
    if reference is None or variant is None:
        return None
    for i, (a, b) in enumerate(zip(reference, variant, strict=False)):
        if value_key(a) != value_key(b):
            return i
    return None


def _param_site(trace: Trace, index: int) -> tuple[Frame, ...]:
    if trace.params is None or not 0 <= index < len(trace.params) or trace.params[index] < 0:
        return ()
    return trace.nodes[trace.params[index]].site


def _changed_constants(reference: Trace, variant: Trace, index: int) -> list[str]:
    """Names both updates read, holding different floats, and the same float for every parameter written."""
    mine, theirs = variant.writes.get(index, ((), {}))[1], reference.writes.get(index, ((), {}))[1]
    others = [seen for i, (_, seen) in variant.writes.items() if i != index][:3]
    found = []
    for name, value in mine.items():
        if name not in theirs or value_key(value) == value_key(theirs[name]) or name.endswith("[i]"):
            continue
        if all(value_key(o.get(name)) == value_key(value) for o in others):
            found.append(name)
    return found


def _assignment(trace: Trace, name: str) -> tuple[Frame, ...]:
    """The line assigning `name` in the program (the first one), as a frame; empty when not found."""
    try:
        source = trace.path.read_text(encoding="utf-8")
        tree = ast.parse(source)
    except (OSError, SyntaxError, UnicodeDecodeError):
        return ()
    lines = source.splitlines()
    found = []
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(target)):
                found.append(node.lineno)
    if not found:
        return ()
    line = min(found)
    return (Frame(str(trace.path), line, lines[line - 1].strip(), "<module>"),)
