"""helper-extract: move a `for` loop's body into a helper function the loop calls.

`for i, p in enumerate(params): <body>` becomes `def loop_body(i, p): <body>` followed by
`for i, p in enumerate(params): loop_body(i, p)`. The body runs the same statements on the
same values in the same order, so the result is exact, provided the names the body
assigns are its own: every name it binds must be bound before it is read in each
iteration and never read outside the body (the helper makes them local). It refuses a
loop whose body uses `break`, `continue`, `return`, `yield`, `await`, `global`,
`nonlocal` or `del`, rebinds the loop variables, assigns a name that is also read or bound
outside the body or read before it is assigned (a value carried between iterations), or
sits in a class body. It is a refactoring step for other techniques rather than a saving
in itself, so `golf shrink` does not try it.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ClassScope, ParentNodeProvider, PositionProvider, ScopeProvider

from golf.codemods.names import all_names, fresh_name, variable_names
from golf.codemods.program import metadata
from golf.codemods.technique import Param, Params, Refuse, Technique

_NAME_READS = m.Name()


def _within(node: cst.CSTNode, container: cst.CSTNode, parents) -> bool:
    current = node
    while current is not None:
        if current is container:
            return True
        current = parents.get(current)
    return False


def _events(body: cst.BaseSuite) -> list[tuple[str, str]]:
    """(kind, name) in execution order for the top level of the body; kind is 'read', 'bind' or 'maybe'."""
    events: list[tuple[str, str]] = []
    lines = body.body if isinstance(body, cst.IndentedBlock) else [body]
    for line in lines:
        smalls = line.body if isinstance(line, cst.SimpleStatementLine | cst.SimpleStatementSuite) else None
        if smalls is None:  # a compound statement: its bindings may not happen
            events += [("read", n.value) for n in variable_names(line)]
            events += [("maybe", n) for n in _bound(line)]
            continue
        for small in smalls:
            if isinstance(small, cst.Assign):
                events += [("read", n.value) for n in variable_names(small.value)]
                for target in small.targets:
                    events += _target_events(target.target)
            elif isinstance(small, cst.AugAssign | cst.AnnAssign):
                events += [("read", n.value) for n in variable_names(small)]
                events += _target_events(small.target)
            else:
                events += [("read", n.value) for n in variable_names(small)]
    return events


def _target_events(target: cst.BaseExpression) -> list[tuple[str, str]]:
    if isinstance(target, cst.Name):
        return [("bind", target.value)]
    if isinstance(target, cst.Tuple | cst.List):
        return [e for element in target.elements for e in _target_events(element.value)]
    return [("read", n.value) for n in variable_names(target)]  # `a[i] = ...`, `p.data = ...` read a and p


def _bound(node: cst.CSTNode) -> set[str]:
    """Names bound anywhere in `node` (targets that are names; `a[i] = ...` binds nothing)."""
    names: set[str] = set()
    for found in m.findall(
        node, m.AssignTarget() | m.AugAssign() | m.AnnAssign() | m.For() | m.AsName() | m.NamedExpr()
    ):
        target = getattr(found, "target", None) or getattr(found, "name", None)
        if target is not None:
            names |= {event[1] for event in _target_events(target) if event[0] == "bind"}
    return names


def _loop_at(module: cst.Module, positions, line: int) -> cst.For:
    for loop in m.findall(module, m.For()):
        if positions[loop].start.line == line:
            return loop
    raise Refuse(f"no `for` loop starts on line {line}")


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Move the body of the `for` loop on line `line` into a helper function."""
    try:
        line = int(params["line"])
    except ValueError:
        raise Refuse(f"line must be a line number, not {params['line']!r}") from None
    wrapper = metadata(module)
    positions = wrapper.resolve(PositionProvider)
    scopes = wrapper.resolve(ScopeProvider)
    parents = wrapper.resolve(ParentNodeProvider)
    tree = wrapper.module
    loop = _loop_at(tree, positions, line)
    if isinstance(scopes[loop], ClassScope):
        raise Refuse("the loop is in a class body")
    if loop.asynchronous is not None:
        raise Refuse("the loop is async")
    target_names = [n.value for n in variable_names(loop.target)]
    if not isinstance(loop.target, cst.Name | cst.Tuple) or any(
        not isinstance(e.value, cst.Name) for e in getattr(loop.target, "elements", [])
    ):
        raise Refuse("the loop variable is not a name or a tuple of names")
    body = loop.body
    for kind, matcher in (
        ("return, yield or await", m.Return() | m.Yield() | m.Await()),
        ("global, nonlocal or del", m.Global() | m.Nonlocal() | m.Del()),
    ):
        outside_defs = [n for n in m.findall(body, matcher) if not _in_nested_function(n, body, parents)]
        if outside_defs:
            raise Refuse(f"the body uses {kind}")
    loose = [n for n in m.findall(body, m.Break() | m.Continue()) if not _in_inner_loop(n, body, parents)]
    if loose:
        raise Refuse("the body uses break or continue on this loop")
    bound = _bound(body)
    if bound & set(target_names):
        raise Refuse("the body rebinds the loop variable")
    scope = scopes[loop]
    for name in sorted(bound):
        for assignment in scope.assignments[name]:
            if not _within(assignment.node, body, parents):
                raise Refuse(f"{name} is also bound outside the loop body")
            for access in assignment.references:
                if not _within(access.node, body, parents):
                    raise Refuse(f"{name} is assigned in the body and read outside it")
    first: dict[str, str] = {}
    for kind, name in _events(body):
        first.setdefault(name, kind)
    carried = sorted(n for n in bound if first.get(n) != "bind")
    if carried:
        raise Refuse(f"{carried[0]} is read before it is assigned in an iteration (or only maybe assigned)")

    helper = fresh_name(params.get("name") or "loop_body", all_names(tree))
    args = ", ".join(target_names)
    header = cst.parse_statement(f"def {helper}({args}):\n    pass\n")
    assert isinstance(header, cst.FunctionDef)
    block = body if isinstance(body, cst.IndentedBlock) else cst.IndentedBlock([cst.SimpleStatementLine(body.body)])
    helper_def = header.with_changes(body=block, leading_lines=loop.leading_lines)
    call = cst.parse_statement(f"{helper}({args})\n")
    new_loop = loop.with_changes(body=cst.IndentedBlock([call]), leading_lines=())
    return tree.visit(_Replace(loop, [helper_def, new_loop]))


def _in_nested_function(node: cst.CSTNode, body: cst.CSTNode, parents) -> bool:
    current = parents.get(node)
    while current is not None and current is not body:
        if isinstance(current, cst.FunctionDef | cst.Lambda | cst.ClassDef):
            return True
        current = parents.get(current)
    return False


def _in_inner_loop(node: cst.CSTNode, body: cst.CSTNode, parents) -> bool:
    current = parents.get(node)
    while current is not None and current is not body:
        if isinstance(current, cst.For | cst.While | cst.FunctionDef):
            return True
        current = parents.get(current)
    return False


class _Replace(cst.CSTTransformer):
    def __init__(self, old: cst.CSTNode, new: list[cst.BaseStatement]) -> None:
        self.old, self.new = old, new

    def leave_For(self, original_node: cst.For, updated_node: cst.For):
        return cst.FlattenSentinel(self.new) if original_node is self.old else updated_node


TECHNIQUE = Technique(
    name="helper-extract",
    summary="move the body of the `for` loop on a given line into a helper function",
    transform=transform,
    params=(
        Param("line", "line number of the `for` loop"),
        Param("name", "name of the helper (default: loop_body)", ""),
    ),
    # Never shorter by itself (it adds a def and a call): a step for other techniques, not a search move.
    candidates=lambda module: [],
)
