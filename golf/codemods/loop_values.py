"""loop-values: `for h in range(N): b = h*K; ...` becomes `for b in 0,K,2K,...: ...` for small
literals N and K.

In the attention loop, `for h in range(4):b=h*4;s=q[b:b+4];...` becomes `for b in
0,4,8,12:s=q[b:b+4];...`. N is an integer literal, K an int literal or the name of a module-level
int constant (bound once, to an int literal, before any read, as fold-constants finds them), the
body's first statement is `b = h*K` (or `b = K*h`), and the loop variable `h` is read nowhere
else: not in the rest of the body, and not anywhere else in its function (or module), since its
last value outlives the loop.

Why it is exact: `range(N)` gives 0, 1, ..., N-1, so `b` is bound to 0, K, ..., (N-1)*K before the
rest of the body, in the same order, each an int computed by the same int multiplication; the
tuple display holds exactly those ints. The rest of the body runs with the same `b`, and after the
loop `b` holds the last value either way (with N = 0 neither form runs the body). `h` is gone,
which nothing could notice since nothing reads it. `range` must be the builtin (bound nowhere in
the program, which does not reach the builtins module either), the program must not reach names by
strings (`eval`, `locals`, ...), the loop has no `else` and is not directly in a class body, and N
is at least 2 (one iteration is for unroll-loops). It is rewritten only where shorter.
"""

from __future__ import annotations

import ast

import libcst as cst
import libcst.matchers as m

from golf.codemods._statements import block_statements
from golf.codemods.layout import TIGHT_COMMA
from golf.codemods.names import NAMES_AS_STRINGS, all_names, bindings, surely_builtins, variable_names
from golf.codemods.number_values import Number, number_reads
from golf.codemods.step_bounds import one_arg_range
from golf.codemods.technique import Params, Refuse, Technique, offered_when_it_applies

_PRODUCT = m.Assign(
    targets=[m.AssignTarget(target=m.Name())],
    value=m.BinaryOperation(operator=m.Multiply(), left=m.Name() | m.Integer(), right=m.Name() | m.Integer()),
)


def _factor(product: cst.BinaryOperation, name: str, numbers: dict[cst.Name, Number]) -> int | None:
    """K of `name*K` or `K*name` (an int literal, or a name of an int constant), else None."""
    for loop, factor in ((product.left, product.right), (product.right, product.left)):
        if not m.matches(loop, m.Name(name)) or factor.lpar:
            continue
        if isinstance(factor, cst.Integer):
            return int(ast.literal_eval(factor.value))
        value = numbers.get(factor) if isinstance(factor, cst.Name) else None
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    return None


class _Values(cst.CSTTransformer):
    def __init__(self, module: cst.Module, numbers: dict[cst.Name, Number]) -> None:
        self.numbers = numbers
        self.regions: list[cst.CSTNode] = [module]  # the function (or module) each `for` statement binds in
        self.changed = 0

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.regions.append(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef) -> cst.FunctionDef:
        self.regions.pop()
        return updated_node

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.regions.append(node)

    def leave_ClassDef(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        self.regions.pop()
        return updated_node

    def leave_For(self, original_node: cst.For, updated_node: cst.For) -> cst.For:
        region = self.regions[-1]
        count = one_arg_range(original_node.iter)
        if isinstance(region, cst.ClassDef) or original_node.orelse or original_node.asynchronous:
            return updated_node
        if not isinstance(count, cst.Integer) or not isinstance(original_node.target, cst.Name):
            return updated_node
        statements = block_statements(original_node.body)
        if not statements or not m.matches(statements[0], _PRODUCT):
            return updated_node
        first: cst.Assign = statements[0]  # type: ignore[assignment]
        loop = original_node.target.value
        factor = _factor(first.value, loop, self.numbers)  # type: ignore[arg-type]
        times = int(ast.literal_eval(count.value))
        if factor is None or times < 2 or first.targets[0].target.value == loop:  # type: ignore[attr-defined]
            return updated_node
        reads = [n for n in variable_names(region) if n.value == loop]
        if len(reads) != 2 or [n for n, _ in bindings(region)].count(loop) != 1:
            return updated_node  # only `for h` and the one `h*K`
        values = cst.Tuple(
            [cst.Element(cst.Integer(str(i * factor)), comma=TIGHT_COMMA) for i in range(times - 1)]
            + [cst.Element(cst.Integer(str((times - 1) * factor)))],
            lpar=[],
            rpar=[],
        )
        new = updated_node.with_changes(target=first.targets[0].target, iter=values, body=_without_first(updated_node))
        if len(cst.Module([]).code_for_node(new)) >= len(cst.Module([]).code_for_node(updated_node)):
            return updated_node
        self.changed += 1
        return new


def _without_first(loop: cst.For) -> cst.BaseSuite:
    """The loop's body without its first small statement (`pass` if nothing is left)."""
    body = loop.body
    lines = body.body if isinstance(body, cst.IndentedBlock) else [body]
    first = lines[0]
    rest = list(first.body[1:])  # type: ignore[union-attr]
    lines = [first.with_changes(body=rest), *lines[1:]] if rest else lines[1:]
    if isinstance(body, cst.IndentedBlock):
        return body.with_changes(body=lines or [cst.SimpleStatementLine([cst.Pass()])])
    return lines[0] if lines else cst.SimpleStatementSuite([cst.Pass()])  # type: ignore[return-value]


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Rewrite every qualifying `for h in range(N): b = h*K` loop over the values of b."""
    names = all_names(module)
    if names & NAMES_AS_STRINGS:
        raise Refuse(f"the program uses {', '.join(sorted(names & NAMES_AS_STRINGS))}, which can read a loop variable")
    if not surely_builtins(module, {"range"}):
        raise Refuse("range is bound by the program, so it may not be the builtin")
    tree, numbers = number_reads(module)
    values = _Values(tree, numbers)
    new = tree.visit(values)
    if not values.changed:
        raise Refuse("no loop `for h in range(N)` starts with `b = h*K` and reads h nowhere else")
    return new


TECHNIQUE = Technique(
    name="loop-values",
    summary="`for h in range(4): b = h*4; ...` becomes `for b in 0,4,8,12: ...` when h is read nowhere else",
    transform=transform,
    candidates=offered_when_it_applies(transform),
)
