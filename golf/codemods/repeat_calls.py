"""repeat-calls (a trial technique): consecutive assignments of the same call become one unpacking of a
list that makes the call that many times.

`Q=s(g,g);R=s(g,g);W=s(g,g);X=s(g,g)` becomes `Q,R,W,X=[s(g,g)for _ in[0]*4]`: six bytes here, and
`(k-1)*len(call) + k - 16` in general, so only runs long enough to pay are rewritten. The
statements are simple assignments with one target each (a name: a run of `D["k"]=f()` stores is
left for dict-to-names, whose step it would block), next to each other in one block, whose
right-hand sides are the same call (the same syntax tree).

Why it cannot be proven exact: the calls still run in the same order, each with the same
arguments, but the targets are now all bound after the last call instead of each after its own.
That is invisible unless a call reads or changes what a target names (a function reading the
global `Q` that the first assignment set) or a later call raises after an earlier binding (the
earlier target stays unbound now). It refuses where the call's own text reads a name a target
binds or reads, or holds `yield`, `await` or `super` (which a comprehension, a scope of its own,
cannot run as the statement did), a class body (a comprehension there cannot see the class's
names), a call with `*`/`**` arguments, and programs that reach names by strings; the rest is for
the equivalence check.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from golf.codemods._statements import block_statements, edit_statements
from golf.codemods.layout import TIGHT_COMMA, squeezed_length
from golf.codemods.names import NAMES_AS_STRINGS, all_names, variable_names
from golf.codemods.syntax import expression_tree
from golf.codemods.technique import Params, Refuse, Technique, offered_when_it_applies

#: Names only: a run of `D["k"] = f()` stores is what dict-to-names turns into names (and much
#: shorter ones); packed into one tuple target first, it would block that bigger step.
_ONE_TARGET = m.Assign(targets=[m.AssignTarget(target=m.Name())], value=m.Call())


#: What a call may not contain once it runs in a comprehension's own scope: `yield` and `await` are not
#: allowed there, and a zero-argument `super()` finds no class cell.
_NOT_IN_A_COMPREHENSION = m.Yield() | m.Await() | m.Name("super") | m.Name("__class__")


def _names(node: cst.CSTNode) -> set[str]:
    return {n.value for n in variable_names(node)}


def _runs(statements: list[cst.CSTNode]) -> list[list[cst.Assign]]:
    """Maximal runs of neighbouring one-target assignments of the same plain call."""
    runs: list[list[cst.Assign]] = []
    for statement in statements:
        fits = m.matches(statement, _ONE_TARGET) and not any(a.star for a in statement.value.args)  # type: ignore[attr-defined]
        if fits and runs and runs[-1] and expression_tree(runs[-1][0].value) == expression_tree(statement.value):  # type: ignore[attr-defined]
            runs[-1].append(statement)  # type: ignore[arg-type]
        else:
            runs.append([statement] if fits else [])  # type: ignore[list-item]
    return [run for run in runs if len(run) >= 2]


def _rewrite(run: list[cst.Assign]) -> cst.Assign | None:
    """The one unpacking assignment for `run`, or None when it would not be shorter or could mislead."""
    call = run[0].value
    targets = [a.targets[0].target for a in run]
    touched = set().union(*(_names(t) for t in targets))
    loop = next((n for n in ("_", *"abcdefghijklmnopqrstuvwxyz") if n not in _names(call) | touched), None)
    if loop is None or _names(call) & touched or m.findall(call, _NOT_IN_A_COMPREHENSION):
        return None
    if (len(run) - 1) * squeezed_length(call) + len(run) - 16 <= 0:
        return None
    repeated = cst.parse_expression(f"[0]*{len(run)}")
    comprehension = cst.ListComp(
        call,
        cst.CompFor(
            target=cst.Name(loop),
            iter=repeated,
            whitespace_before=cst.SimpleWhitespace(""),
            whitespace_before_in=cst.SimpleWhitespace(" "),
            whitespace_after_in=cst.SimpleWhitespace(""),
        ),
    )
    elements = [
        cst.Element(t, comma=TIGHT_COMMA if i < len(targets) - 1 else cst.MaybeSentinel.DEFAULT)
        for i, t in enumerate(targets)
    ]
    return run[0].with_changes(
        targets=[run[0].targets[0].with_changes(target=cst.Tuple(elements, lpar=[], rpar=[]))], value=comprehension
    )


class _Blocks(cst.CSTVisitor):
    """Every qualifying run in the module and in every statement block but a class body."""

    def __init__(self) -> None:
        self.edits: dict[cst.CSTNode, cst.CSTNode | None] = {}
        self.class_bodies: set[cst.CSTNode] = set()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.class_bodies.add(node.body)

    def visit_Module(self, node: cst.Module) -> None:
        self._block(node)

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._block(node)

    def visit_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> None:
        self._block(node)

    def _block(self, body: cst.Module | cst.BaseSuite) -> None:
        if body in self.class_bodies:
            return
        for run in _runs(block_statements(body)):  # type: ignore[arg-type]
            new = _rewrite(run)
            if new is not None:
                self.edits[run[0]] = new
                self.edits |= dict.fromkeys(run[1:])


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Turn every run of assignments of the same call into one unpacking of a repeated call."""
    used = all_names(module) & NAMES_AS_STRINGS
    if used:
        raise Refuse(f"the program uses {', '.join(sorted(used))}, which can reach variables by name")
    blocks = _Blocks()
    module.visit(blocks)
    if not blocks.edits:
        raise Refuse("no run of assignments of the same call is long enough to pay")
    return edit_statements(module, blocks.edits)


TECHNIQUE = Technique(
    name="repeat-calls",
    summary="`Q=s(g,g);R=s(g,g);W=s(g,g)` becomes `Q,R,W=[s(g,g)for _ in[0]*3]` when that is shorter (trial)",
    transform=transform,
    candidates=offered_when_it_applies(transform),
    trial=True,
)
