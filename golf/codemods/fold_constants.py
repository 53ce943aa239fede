"""fold-constants: write arithmetic on number constants, and f-string fields of them, as their result.

`4*16` becomes `64`, `g=16;u=g//4` becomes `g=16;u=4`, then `u**.5` becomes `2.`, and with
`w=7`, `f"{w:3d} of {w}"` becomes `f"  7 of 7"`. An operand is a number literal, or a read of
a *constant*: a module-level name bound once to an int or float literal before any read of
it, by inline-constants' analysis (one binding directly in the module body, none anywhere
else, no `global`/`nonlocal`, no program that reaches names by string). A binary or unary
operation whose operands are all known (literals, constants or operations folded the same
way) becomes the literal of its value when that is shorter; an f-string field `{EXPR}` or
`{EXPR:SPEC}` with a known value and a plain spec becomes the text `format(value, SPEC)`
(braces doubled) when that is shorter. It repeats until nothing folds, so a constant made by
a fold is folded in turn.

Why it is exact: the constant can only hold its literal's value at any read (bound once,
before every read), so each operand is a known int or float. Python's arithmetic on them is
deterministic: the program would compute the same operation on the same values when it
runs (on the same interpreter as golf; CPython's own compiler folds `4*16` this way), so the
value is computed here, with the operators Python would call. The literal written for it has
the same type and value: ints in decimal (or hexadecimal when shorter), floats by
short-literals' `shortest_float`, which reads back bit for bit. An f-string field calls
`format(value, spec)` at run time, so the text is what it would print. Results that are
negative (the literal would be an operation), `-0.0`, infinite, NaN, complex, bool or huge,
and operations that raise, are left alone; so are operations whose operands are too large
to compute quickly (`9**9**9`), `@`, comparisons and `and`/`or`. The kept node's parentheses
stay around the literal, so it parses the same wherever it stands.

It refuses the training loop's step count (the checker rewrites its assignment, so its
value is not known here: `{d:4d}` prints the shortened count), a name a class body reads
as its own, an operand of `is`/`is not` (a computed number is a new object; a literal is
shared), anything in an annotation (it may be kept as text) or in a `{EXPR=}` field (which
prints the expression's text), a field with a conversion (`!r`), a nested or locale-dependent
(`n`) spec, and text with quotes, backslashes, unprintable characters (`{x:c}` can make a
control character, a line separator or a lone surrogate) or, inside a nested field, braces. A
fold whose literal would run into the next token (`g*(4)if` into `64if`, which Python warns
about) is left out; each fold is judged on its own, so the others are still made.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Callable

import libcst as cst

from golf.codemods.layout import squeezed_length
from golf.codemods.number_values import (
    MAX_BITS,
    Number,
    as_number,
    number_reads,
    shortest_float,
    shortest_int,
)
from golf.codemods.syntax import makes_python_warn
from golf.codemods.technique import Params, Refuse, Technique

_BINARY: dict[type[cst.BaseBinaryOp], Callable[[Number, Number], Number]] = {
    cst.Add: operator.add,
    cst.Subtract: operator.sub,
    cst.Multiply: operator.mul,
    cst.Divide: operator.truediv,
    cst.FloorDivide: operator.floordiv,
    cst.Modulo: operator.mod,
    cst.Power: operator.pow,
    cst.LeftShift: operator.lshift,
    cst.RightShift: operator.rshift,
    cst.BitAnd: operator.and_,
    cst.BitOr: operator.or_,
    cst.BitXor: operator.xor,
}
_UNARY: dict[type[cst.BaseUnaryOp], Callable[[Number], Number]] = {
    cst.Minus: operator.neg,
    cst.Plus: operator.pos,
    cst.BitInvert: operator.invert,  # type: ignore[dict-item]
}


def _binary(op: cst.BaseBinaryOp, a: Number, b: Number) -> Number | None:
    """`a op b` as Python computes it, or None when it raises, is not an int or float, or is huge."""
    if isinstance(op, cst.Power) and isinstance(a, int) and isinstance(b, int) and b * a.bit_length() > MAX_BITS:
        return None
    if isinstance(op, cst.LeftShift) and isinstance(b, int) and b > MAX_BITS:
        return None
    try:
        value = _BINARY[type(op)](a, b)
    except (ArithmeticError, ValueError, TypeError):
        return None
    return as_number(value)


def _literal_text(value: Number) -> str | None:
    """The shortest literal of `value`'s type that reads back as `value`, or None (negative, -0.0, inf, nan)."""
    if isinstance(value, int):
        return shortest_int(value) if value >= 0 else None
    return shortest_float(value) if math.copysign(1.0, value) > 0 else None


def _format(value: Number, spec: str, nested: bool) -> str | None:
    """`format(value, spec)` as f-string text (braces doubled), or None when it cannot be spliced."""
    if "n" in spec or any(len(digits) > 3 for digits in re.findall(r"\d+", spec)):
        return None  # `n` follows the locale; a huge width or precision is not worth building
    try:
        text = format(value, spec)
    except (ValueError, TypeError):
        return None
    if not text.isprintable() or any(c in text for c in "'\"\\") or (nested and any(c in text for c in "{}")):
        return None  # `{x:c}` can make a control character, a line separator or a lone surrogate
    return text.replace("{", "{{").replace("}", "}}")


class _Fold(cst.CSTTransformer):
    """Fold bottom-up: `values` holds the value of every (updated) node known to be a number."""

    def __init__(self, constants: dict[cst.Name, Number], skip: Callable[[int], bool] = lambda _: False) -> None:
        self.constants = constants
        #: Which folds to leave out, by their original node's place in the visit order (`order`).
        self.skip = skip
        self.order: dict[cst.CSTNode, int] = {}
        #: The places of the folds made.
        self.folded: list[int] = []
        self.values: dict[cst.CSTNode, Number] = {}
        self.identity_operands: set[cst.CSTNode] = set()
        self.fields: list[cst.FormattedStringExpression] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.order[node] = len(self.order)
        return super().on_visit(node)

    def _keep(self, original: cst.CSTNode) -> bool:
        """True (and the fold counted) unless the fold of `original` is one to leave out."""
        if self.skip(self.order[original]):
            return False
        self.folded.append(self.order[original])
        return True

    def visit_Annotation(self, node: cst.Annotation) -> bool:
        return False  # may be kept as source text (`from __future__ import annotations`)

    def visit_Comparison(self, node: cst.Comparison) -> None:
        if any(isinstance(t.operator, cst.Is | cst.IsNot) for t in node.comparisons):
            self.identity_operands |= {node.left, *(t.comparator for t in node.comparisons)}

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        if original_node in self.constants:
            self.values[updated_node] = self.constants[original_node]
        return updated_node

    def leave_Integer(self, original_node: cst.Integer, updated_node: cst.Integer) -> cst.Integer:
        self.values[updated_node] = ast.literal_eval(updated_node.value)
        return updated_node

    def leave_Float(self, original_node: cst.Float, updated_node: cst.Float) -> cst.Float:
        self.values[updated_node] = ast.literal_eval(updated_node.value)
        return updated_node

    def leave_UnaryOperation(
        self, original_node: cst.UnaryOperation, updated_node: cst.UnaryOperation
    ) -> cst.BaseExpression:
        operand = self.values.get(updated_node.expression)
        if operand is None or type(updated_node.operator) not in _UNARY:
            return updated_node
        try:
            value = as_number(_UNARY[type(updated_node.operator)](operand))
        except TypeError:  # `~` of a float
            return updated_node
        return self._fold(original_node, updated_node, value)

    def leave_BinaryOperation(
        self, original_node: cst.BinaryOperation, updated_node: cst.BinaryOperation
    ) -> cst.BaseExpression:
        left, right = self.values.get(updated_node.left), self.values.get(updated_node.right)
        if left is None or right is None or type(updated_node.operator) not in _BINARY:
            return updated_node
        return self._fold(original_node, updated_node, _binary(updated_node.operator, left, right))

    def _fold(self, original: cst.CSTNode, updated: cst.BaseExpression, value: Number | None) -> cst.BaseExpression:
        """The literal of `value` in `updated`'s place when it is shorter; remembers the value either way."""
        if value is None:
            return updated
        text = _literal_text(value)
        if text is None or original in self.identity_operands:
            self.values[updated] = value
            return updated
        if len(text) >= squeezed_length(updated.with_changes(lpar=[], rpar=[])) or not self._keep(original):
            self.values[updated] = value
            return updated
        kind = cst.Integer if isinstance(value, int) else cst.Float
        new = kind(text, lpar=updated.lpar, rpar=updated.rpar)
        self.values[new] = value
        return new

    def visit_FormattedStringExpression(self, node: cst.FormattedStringExpression) -> bool:
        self.fields.append(node)
        return node.equal is None or isinstance(node.equal, cst.MaybeSentinel)  # `{x=}` prints its text

    def leave_FormattedStringExpression(
        self, original_node: cst.FormattedStringExpression, updated_node: cst.FormattedStringExpression
    ) -> cst.BaseFormattedStringContent:
        self.fields.pop()
        value = self.values.get(updated_node.expression)
        spec = updated_node.format_spec or []
        plain = original_node.equal is None or isinstance(original_node.equal, cst.MaybeSentinel)
        if value is None or updated_node.conversion is not None or not plain:
            return updated_node
        if not all(isinstance(part, cst.FormattedStringText) for part in spec):
            return updated_node
        text = _format(value, "".join(part.value for part in spec), bool(self.fields))  # type: ignore[union-attr]
        if text is None or len(text) >= squeezed_length(updated_node) or not self._keep(original_node):
            return updated_node
        return cst.FormattedStringText(text)


def _fold_once(module: cst.Module, skip: Callable[[int], bool] = lambda _: False) -> tuple[cst.Module, list[int]]:
    """`module` with its operations and fields folded (but those `skip` names), and the places of the folds."""
    tree, numbers = number_reads(module)
    fold = _Fold(numbers, skip)
    return tree.visit(fold), fold.folded


def _fold_round(module: cst.Module) -> cst.Module | None:
    """`module` folded once, without the folds whose literal would run into the next token (as `1if`, which
    Python warns about and may read otherwise); None when nothing folds."""
    new, folded = _fold_once(module)
    if not folded or not makes_python_warn(new.code) or makes_python_warn(module.code):
        return new if folded else None
    # Each fold on its own: the text after a folded node is a keyword or punctuation, which no other fold changes.
    bad = {place for place in folded if makes_python_warn(_fold_once(module, lambda p, q=place: p != q)[0].code)}
    if bad == set(folded):
        return None
    new, _ = _fold_once(module, bad.__contains__)
    return None if makes_python_warn(new.code) else new


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Fold every foldable operation and f-string field, until nothing more folds."""
    new = _fold_round(module)
    if new is None:
        raise Refuse(
            "no operation on number constants or f-string field of one folds to something shorter "
            "without its literal running into the next token (as `1if`)"
        )
    for _ in range(20):  # each round can only turn a constant's operation into a literal; few rounds do
        newer = _fold_round(new)
        if newer is None:
            break
        new = newer
    return new


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    try:
        return [{}] if _fold_round(module) is not None else []
    except Refuse:
        return []


TECHNIQUE = Technique(
    name="fold-constants",
    summary="write arithmetic on number constants (`4*16`, `g//4`) and f-string fields of them as the result",
    transform=transform,
    candidates=_candidates,
)
