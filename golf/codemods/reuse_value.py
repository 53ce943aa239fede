"""reuse-value (a trial technique): an expression computed again right after a variable stored it
reads the variable.

`E=len(D);F=len(D)+1` becomes `E=len(D);F=E+1`. The assignment `N=EXPR` has one plain name as
its target, and later simple statements of the same block that contain EXPR again (the same
syntax tree) read `N` instead, up to the first statement that could change what EXPR or `N` mean.

EXPR may only read: names, attributes, subscripts and slices, number and string literals,
arithmetic, comparisons and boolean operators, and calls of the builtins in `_PURE_CALLS` (`len`,
`abs`, `min`, ...), which return an immutable value or one of their arguments' elements. So
reading `N` gives the very object EXPR would compute again, provided nothing it reads has changed.
The scan stops before a compound statement, before a statement that binds `N` or a name EXPR reads
(except that such an assignment's own right-hand side is still rewritten, since it runs before the
binding, unless a `:=` in it binds one of those names first), and before a statement that calls a
method of, or stores into, a name EXPR reads (`D.append(x)`, `D[0]=x`). Occurrences inside a
lambda, comprehension or nested function are left alone (they run at another time, or see other
names).

Why it cannot be proven: a function called in between may change a global EXPR reads, an
attribute read may run code, and the builtins may be rebound unseen; only the run shows, so the
shrink search keeps the result only when the equivalence check finds it identical.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from golf.codemods._statements import block_statements
from golf.codemods.layout import FittingTransformer, squeezed_length
from golf.codemods.names import bindings, target_names, variable_names
from golf.codemods.syntax import expression_tree
from golf.codemods.technique import Params, Refuse, Technique, offered_when_it_applies

#: Builtins whose result is a new immutable value or one of their arguments' elements.
_PURE_CALLS = frozenset({"len", "abs", "min", "max", "int", "float", "round", "pow", "str", "bool", "ord", "chr"})
_PURE_CALLEE = m.Name(m.MatchIfTrue(_PURE_CALLS.__contains__))
#: Node types EXPR may consist of: reads, literals, operators and calls (of _PURE_CALLS only), and their syntax.
_ALLOWED = (
    cst.Name,
    cst.Attribute,
    cst.Subscript,
    cst.SubscriptElement,
    cst.Index,
    cst.Slice,
    cst.Integer,
    cst.Float,
    cst.SimpleString,
    cst.BinaryOperation,
    cst.UnaryOperation,
    cst.BooleanOperation,
    cst.Comparison,
    cst.ComparisonTarget,
    cst.Call,
    cst.Arg,
    cst.BaseBinaryOp,
    cst.BaseUnaryOp,
    cst.BaseBooleanOp,
    cst.BaseCompOp,
    cst.LeftParen,
    cst.RightParen,
    cst.LeftSquareBracket,
    cst.RightSquareBracket,
    cst.Comma,
    cst.Colon,
    cst.Dot,
    cst.BaseParenthesizableWhitespace,
)
#: Where an occurrence runs at another time or in another scope.
_NESTED = (cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.FunctionDef, cst.ClassDef)


def _pure(expression: cst.BaseExpression) -> bool:
    """True when `expression` has only _ALLOWED nodes, calls only _PURE_CALLS names, and no keyword or star argument."""

    class _Check(cst.CSTVisitor):
        ok = True

        def on_visit(self, node: cst.CSTNode) -> bool:
            if not isinstance(node, _ALLOWED):
                self.ok = False
            elif isinstance(node, cst.Call) and not m.matches(node.func, _PURE_CALLEE):
                self.ok = False
            elif isinstance(node, cst.Arg) and (node.star or node.keyword is not None):
                self.ok = False
            return self.ok  # once False, it stays False: later nodes only ever clear it

    check = _Check()
    expression.visit(check)
    return check.ok


class _Occurrences(cst.CSTVisitor):
    """Every expression in a statement with EXPR's tree, outside nested scopes."""

    def __init__(self, tree: str, kind: type) -> None:
        self.tree = tree
        self.kind = kind
        self.found: list[cst.BaseExpression] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, _NESTED):
            return False
        if isinstance(node, self.kind) and expression_tree(node) == self.tree:
            self.found.append(node)  # type: ignore[arg-type]
            return False
        return True


def _changes(statement: cst.CSTNode, reads: set[str]) -> bool:
    """True when `statement` calls a method of, or stores into or deletes a part of, a name EXPR reads."""
    for node in m.findall(statement, m.Call(func=m.Attribute()) | m.AssignTarget() | m.AugAssign() | m.Del()):
        target = node.func.value if isinstance(node, cst.Call) else node.target  # type: ignore[attr-defined]
        if isinstance(target, cst.Name) and not isinstance(node, cst.Call):
            continue  # binding a name, not changing an object: the caller stops at bindings
        while isinstance(target, cst.Attribute | cst.Subscript):
            target = target.value
        if isinstance(target, cst.Name) and target.value in reads:
            return True
    return False


def _reuses(statements: list[cst.CSTNode]) -> dict[cst.CSTNode, str]:
    """Each later occurrence of a stored expression, with the name to read instead."""
    replace: dict[cst.CSTNode, str] = {}
    for i, statement in enumerate(statements):
        if not m.matches(statement, m.Assign(targets=[m.AssignTarget(target=m.Name())])):
            continue
        name = statement.targets[0].target.value  # type: ignore[attr-defined]
        value = statement.value  # type: ignore[attr-defined]
        if isinstance(value, cst.Name) or not _pure(value) or squeezed_length(value) <= len(name):
            continue
        reads = {n.value for n in variable_names(value)}
        if name in reads:
            continue
        tree = expression_tree(value)
        for later in statements[i + 1 :]:
            if not isinstance(later, cst.BaseSmallStatement) or _changes(later, reads):
                break
            bound = {n for n, _ in bindings(later)}
            part = later.value if isinstance(later, cst.Assign | cst.AugAssign) else later  # type: ignore[attr-defined]
            walrus = {n for node in m.findall(part, m.NamedExpr()) for n in target_names(node.target)}  # type: ignore[attr-defined]
            watched = reads | {name}
            if bound & watched and (not isinstance(later, cst.Assign | cst.AugAssign) or walrus & watched):
                break
            occurrences = _Occurrences(tree, type(value))
            part.visit(occurrences)
            replace |= {node: name for node in occurrences.found if node not in replace}
            if bound & watched:
                break
    return replace


class _Blocks(cst.CSTVisitor):
    def __init__(self) -> None:
        self.replace: dict[cst.CSTNode, str] = {}

    def visit_Module(self, node: cst.Module) -> None:
        self.replace |= _reuses(block_statements(node))  # type: ignore[arg-type]

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self.replace |= _reuses(block_statements(node))  # type: ignore[arg-type]


class _Replace(FittingTransformer):
    """Each occurrence becomes the bare name, spaced from a keyword it follows (`if-a` -> `if E`)."""

    def __init__(self, replace: dict[cst.CSTNode, str]) -> None:
        super().__init__()
        self.replace = replace

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode:
        name = self.replace.get(original_node)
        if name is None:
            return super().on_leave(original_node, updated_node)  # type: ignore[return-value]
        return self.fitted(cst.Name(name))


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Make every later occurrence of a stored expression read the variable holding it."""
    blocks = _Blocks()
    module.visit(blocks)
    if not blocks.replace:
        raise Refuse("no expression is computed again after a variable stored it")
    return module.visit(_Replace(blocks.replace))


TECHNIQUE = Technique(
    name="reuse-value",
    summary="`E=len(D);F=len(D)+1` becomes `E=len(D);F=E+1`: read the variable that stored an expression (trial)",
    transform=transform,
    candidates=offered_when_it_applies(transform),
    trial=True,
)
