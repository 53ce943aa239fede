"""Numbers in a program: the shortest literal of a value, and the reads of module-level number constants.

Shared by short-literals, fold-constants and loop-values.
"""

from __future__ import annotations

import ast
import math
from decimal import Decimal

import libcst as cst

from golf.codemods.constants import ConstantsAnalysis


def shortest_float(value: float) -> str | None:
    """The shortest literal that reads back as exactly `value` (a finite float), or None."""
    if not math.isfinite(value) or value < 0:
        return None
    # repr gives the fewest significant digits that round-trip; only where the point goes is left.
    _, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    text = "".join(map(str, digits))
    if text == "0":
        return "0."
    candidates = [f"{text}e{exponent}"]  # an integer mantissa is never longer than `1.5e10`
    if exponent >= 0:
        candidates.append(f"{text}{'0' * exponent}.")
    elif len(text) > -exponent:
        candidates.append(f"{text[:exponent]}.{text[exponent:]}")
    else:
        candidates.append(f".{'0' * (-exponent - len(text))}{text}")
    best = min(candidates, key=lambda c: (len(c), "e" in c))  # on a tie, the positional form reads better
    # Both spellings hold repr's digits, so this holds; checked because exactness rests on it.
    return best if float(best) == value else None


def shortest_int(value: int) -> str:
    """The shortest int literal for `value` (decimal, or hexadecimal when that is shorter)."""
    return min((str(value), hex(value)), key=len)


Number = int | float


#: Bits beyond which an int result (or a power's or shift's work) is not worth computing: such a
#: literal is never shorter than the expression.
MAX_BITS = 1024


def as_number(value: object) -> Number | None:
    """`value` when it is an int (of at most MAX_BITS bits) or a float, else None."""
    if type(value) is int:
        return value if value.bit_length() <= MAX_BITS else None
    return value if type(value) is float else None


class NumberConstants(ConstantsAnalysis):
    """inline-constants' analysis, asked for every number constant rather than those worth inlining."""

    def numbers(self) -> dict[cst.Name, Number]:
        """Each read of a number constant, with the constant's value."""
        self.found: dict[cst.Name, Number] = {}
        self.constants()  # calls `_constant` (below) for each top-level binding of a name to a literal
        return self.found

    def _constant(self, assign: cst.Assign, target: cst.Name, value: cst.BaseExpression, element: int | None) -> str:
        """Record the reads of `target` when it is a number constant.

        Unlike inline-constants, a class body binding the name is no reason to refuse: the reads
        there resolve to the class (`owner`) and are left alone, and nothing is removed here.
        """
        name = target.value
        if self.blocker or not isinstance(value, cst.Integer | cst.Float):
            return "not a number constant"
        if name in self.pinned or name in self.declared or len(self.bound_in(name, self.top)) != 1:
            return "not a constant"
        reads = self.reads_of(name, self.top)
        here = self._position(assign)
        if any(self._position(read) <= here for read in reads):
            return "read before bound"
        self.found |= dict.fromkeys(reads, ast.literal_eval(value.value))
        return "recorded"


def number_reads(module: cst.Module) -> tuple[cst.Module, dict[cst.Name, Number]]:
    """A copy of `module`, and each read in it of a module-level number constant (bound once, to an int
    or float literal, before any read; not the step count), with the constant's value."""
    analysis = NumberConstants(module)
    return analysis.module, analysis.numbers()
