"""The loops that matter to a check: the training loop around the backward call, and the sampling loop after it.

Golfs hide both: the training loop may be `for s in Q(1000)`, `for _ in[0]*N`, `while s<N` or a
comprehension, and the backward call may sit in a helper called from the loop. The sampling loop
is the first loop after training whose body draws from the random module (`choices`, ...),
directly or through a function it calls.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import libcst as cst

from golf.engine.aliases import Aliases
from golf.engine.nodes import NodeIndex

#: The random functions that draw what a sampling loop samples (shuffle and gauss belong to set-up).
SAMPLE_DRAWS = frozenset({"choices", "choice", "sample", "randint", "randrange", "random"})

Loop = cst.For | cst.While | cst.CompFor
_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)
#: How many helper calls deep a backward call may sit below its loop (`step()` calling `O(L)`).
_MAX_INDIRECTION = 3


def _innermost_for(comp: cst.BaseComp | cst.DictComp) -> list[cst.CompFor]:
    chain, node = [], comp.for_in
    while node is not None:
        chain.append(node)
        node = node.inner_for_in
    return chain


def _callable_name(node: cst.CSTNode, parents: Mapping[cst.CSTNode, cst.CSTNode]) -> str | None:
    """The name a def or an assigned lambda is called by."""
    if isinstance(node, cst.FunctionDef):
        return node.name.value
    parent = parents.get(node)
    if isinstance(node, cst.Lambda) and isinstance(parent, cst.Assign):
        names = [t.target.value for t in parent.targets if isinstance(t.target, cst.Name)]
        return names[0] if names else None
    return None


def enclosing_loops(node: cst.CSTNode, index: NodeIndex, depth: int = 0) -> list[Loop]:
    """Loops whose body runs `node`, innermost first, following a helper function to the loop that calls it."""
    parents = index.parents
    loops: list[Loop] = []
    child, parent = node, parents.get(node)
    while parent is not None:
        if isinstance(parent, cst.For | cst.While) and child is parent.body:
            loops.append(parent)
        elif isinstance(parent, _COMPREHENSIONS) and any(
            child is getattr(parent, part, None) for part in ("elt", "key", "value")
        ):
            loops.extend(reversed(_innermost_for(parent)))
        elif isinstance(parent, cst.FunctionDef | cst.Lambda) and child is parent.body:
            name = _callable_name(parent, parents)
            if name is not None and depth < _MAX_INDIRECTION:
                for call in _calls_of(name, index):
                    if not index.inside(call, parent):
                        outer = enclosing_loops(call, index, depth + 1)
                        if outer:
                            return loops + outer
            return loops
        child, parent = parent, parents.get(parent)
    return loops


def _calls_of(name: str, index: NodeIndex) -> list[cst.Call]:
    return [c for c in index.all(cst.Call) if isinstance(c.func, cst.Name) and c.func.value == name]


def _draws(node: cst.CSTNode, aliases: Aliases, drawing_helpers: set[str], index: NodeIndex) -> bool:
    for call in index.under(cst.Call, node):
        if aliases.draw_of(call.func) in SAMPLE_DRAWS:
            return True
        if isinstance(call.func, cst.Name) and call.func.value in drawing_helpers:
            return True
    return False


def _drawing_helpers(index: NodeIndex, aliases: Aliases) -> set[str]:
    """Names of functions (defs and assigned lambdas) that draw, directly or through each other."""
    definitions = [*index.all(cst.FunctionDef), *index.all(cst.Lambda)]
    named = [(name, d) for d in definitions if (name := _callable_name(d, index.parents)) is not None]
    # What each one calls, read once: whether it draws itself, and the names it calls.
    direct: set[str] = set()
    callees: dict[str, set[str]] = {}
    for name, definition in named:
        for call in index.under(cst.Call, definition):
            if aliases.draw_of(call.func) in SAMPLE_DRAWS:
                direct.add(name)
            elif isinstance(call.func, cst.Name):
                callees.setdefault(name, set()).add(call.func.value)
    found = set(direct)
    for _ in range(_MAX_INDIRECTION - 1):
        more = {name for name, _ in named if name not in found and callees.get(name, set()) & found}
        if not more:
            break
        found |= more
    return found


def _statement_of(node: cst.CSTNode, parents: Mapping[cst.CSTNode, cst.CSTNode]) -> cst.CSTNode:
    while not isinstance(node, cst.BaseStatement) and parents.get(node) is not None:
        node = parents[node]
    return node


def _later_statements(statement: cst.CSTNode, parents: Mapping[cst.CSTNode, cst.CSTNode]) -> Iterator[cst.CSTNode]:
    """The statements after `statement` in its block, then after its enclosing statement, outward."""
    node = statement
    while True:
        block = parents.get(node)
        if block is None:
            return
        body = getattr(block, "body", None)
        if isinstance(body, list | tuple):
            index = next((i for i, item in enumerate(body) if item is node), None)
            if index is not None:
                yield from body[index + 1 :]
        node = _statement_of(block, parents) if not isinstance(block, cst.Module) else block
        if isinstance(node, cst.Module):
            return


#: The nodes `_loops_in` yields loops for: statements, and comprehensions (their outermost `for`).
_LOOP_NODES = (cst.For, cst.While, *_COMPREHENSIONS)


def _loops_in(node: cst.CSTNode, index: NodeIndex) -> Iterator[Loop]:
    """For and while statements and comprehension loops under `node`, outermost first, in source order."""
    for found in index.under(_LOOP_NODES, node):  # type: ignore[arg-type]
        yield found if isinstance(found, cst.For | cst.While) else found.for_in


def sampling_loop(training: Loop, index: NodeIndex, aliases: Aliases) -> Loop | None:
    """The first loop after the training loop whose body draws from the random module, or None."""
    parents = index.parents
    helpers = _drawing_helpers(index, aliases)
    for statement in _later_statements(_statement_of(training, parents), parents):
        for loop in _loops_in(statement, index):
            # A while loop often draws in its test (`while (t:=choices(...))<B:`).
            body = (
                loop.body if isinstance(loop, cst.For) else loop if isinstance(loop, cst.While) else parents.get(loop)
            )
            if body is not None and _draws(body, aliases, helpers, index):
                return loop
    return None
