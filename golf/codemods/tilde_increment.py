"""tilde-increment (a trial technique): `(E+1)` becomes `-~E` and `(E-1)` becomes `~-E` where
the parentheses are needed, so they can go.

`x**(o+1)` becomes `x**-~o` and `a*(n-1)` becomes `a*~-n`: two bytes each, more when the
sum had spaces. A unary operator binds tighter than every binary one except `**` on its left,
so the sum must be an operand that needs its parentheses and that a unary operation can be
without them: the exponent of `**`, either operand of `*`, `/`, `//`, `%`, `@`, the right
operand of `+` or `-`, the operand of unary `-`, `+` or `~`. Where the parentheses are not
needed (`a<(o+1)`, `(o+1)+a`) drop-parens removes them exactly; `(o+1)**2` and `(o+1).x`
are left alone (`-~o**2` is `-~(o**2)`). `E` must be a name, an attribute, a subscript or a
call (`-~a.b` is `-(~(a.b))`), never itself an operation, and the `1` an integer literal;
`1+E` counts as `E+1`.

Why it is a trial: `-~E == E+1` and `~-E == E-1` hold for every int (and bool: `-~True` is
2), since `~n == -n-1`; but `~` is not defined for floats (TypeError), and a class may define
`__invert__`, `__neg__` and `__add__` to mean anything. Whether `E` is an int is a fact of the
running program, not of its source, so the equivalence check decides, and the search offers
one operand at a time (`operand=o`), since one operand may hold ints and another floats.

It refuses sums inside a self-documenting f-string field (`{x*(o+1)=}` prints its own
source), and has nothing to do when no sum qualifies.
"""

from __future__ import annotations

import ast

import libcst as cst

from golf.codemods.technique import Param, Params, Refuse, Technique

#: What `E` may be: an atom or a primary, which a unary operator takes whole.
_OPERANDS = (cst.Name, cst.Attribute, cst.Subscript, cst.Call)
#: Binary operators either of whose operands binds looser than a unary operation.
_TIGHT = (cst.Multiply, cst.Divide, cst.FloorDivide, cst.Modulo, cst.MatrixMultiply)
#: Binary operators whose right operand only may be a unary operation that needs no parentheses.
_RIGHT_ONLY = (cst.Add, cst.Subtract, cst.Power)


def _is_one(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Integer) and not node.lpar and ast.literal_eval(node.value) == 1


def _split(node: cst.BaseExpression) -> tuple[cst.BaseExpression, bool] | None:
    """(E, True) for a parenthesized `E+1` or `1+E`, (E, False) for `E-1`; else None."""
    if not isinstance(node, cst.BinaryOperation) or not node.lpar:
        return None
    if isinstance(node.operator, cst.Add):
        if _is_one(node.right) and isinstance(node.left, _OPERANDS):
            return node.left, True
        if _is_one(node.left) and isinstance(node.right, _OPERANDS):
            return node.right, True
    if isinstance(node.operator, cst.Subtract) and _is_one(node.right) and isinstance(node.left, _OPERANDS):
        return node.left, False
    return None


def _unary(operator: cst.BaseUnaryOp, operand: cst.BaseExpression) -> cst.UnaryOperation:
    return cst.UnaryOperation(operator.with_changes(whitespace_after=cst.SimpleWhitespace("")), operand)


class _Tilde(cst.CSTTransformer):
    def __init__(self, operand: str) -> None:
        self.operand = operand  # only sums of this operand's source; "" for every one
        self.self_documenting = 0  # depth of `{...=}` f-string fields around
        self.found: dict[str, int] = {}  # operand source -> sums that qualify
        self.skipped = 0

    def visit_FormattedStringExpression(self, node: cst.FormattedStringExpression) -> None:
        self.self_documenting += node.equal is not None

    def leave_FormattedStringExpression(
        self, original_node: cst.FormattedStringExpression, updated_node: cst.FormattedStringExpression
    ) -> cst.FormattedStringExpression:
        self.self_documenting -= original_node.equal is not None
        return updated_node

    def _rewrite(self, node: cst.BaseExpression) -> cst.BaseExpression:
        split = _split(node)
        if split is None:
            return node
        if self.self_documenting:
            self.skipped += 1
            return node
        operand, plus = split
        source = cst.Module([]).code_for_node(operand)
        self.found[source] = self.found.get(source, 0) + 1
        if self.operand and source != self.operand:
            return node
        if plus:
            return _unary(cst.Minus(), _unary(cst.BitInvert(), operand))
        return _unary(cst.BitInvert(), _unary(cst.Minus(), operand))

    def leave_BinaryOperation(
        self, original_node: cst.BinaryOperation, updated_node: cst.BinaryOperation
    ) -> cst.BaseExpression:
        if isinstance(updated_node.operator, _TIGHT):
            updated_node = updated_node.with_changes(left=self._rewrite(updated_node.left))
        if isinstance(updated_node.operator, _TIGHT + _RIGHT_ONLY):
            updated_node = updated_node.with_changes(right=self._rewrite(updated_node.right))
        return updated_node

    def leave_UnaryOperation(
        self, original_node: cst.UnaryOperation, updated_node: cst.UnaryOperation
    ) -> cst.BaseExpression:
        if isinstance(updated_node.operator, cst.Not):
            return updated_node  # `not` binds looser than `+`: its operand needs no parentheses
        return updated_node.with_changes(expression=self._rewrite(updated_node.expression))


def _scan(module: cst.Module, operand: str) -> tuple[cst.Module, _Tilde]:
    tilde = _Tilde(operand)
    return module.visit(tilde), tilde


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Rewrite every qualifying `(E+1)` and `(E-1)` (of `params["operand"]` only, when given)."""
    operand = params.get("operand", "")
    new, tilde = _scan(module, operand)
    if operand and operand not in tilde.found or not tilde.found:
        if tilde.skipped:
            raise Refuse("the only sums are in self-documenting f-string fields ({...=}), which print their source")
        what = f"of {operand} " if operand else ""
        raise Refuse(f"no parenthesized sum {what}(E+1 or E-1) is an operand that needs its parentheses")
    return new


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    _, tilde = _scan(module, "")
    return [{"operand": source} for source in tilde.found]


TECHNIQUE = Technique(
    name="tilde-increment",
    summary="write an operand `(E+1)` as `-~E` and `(E-1)` as `~-E` (trial: exact for ints only)",
    transform=transform,
    params=(Param("operand", "only sums of this operand, as written (default: every one)", ""),),
    candidates=_candidates,
    trial=True,
)
