"""Comparing two runs bit by bit, and naming the first difference.

Why bits and not a tolerance alone: Adam divides each gradient by the root of its running
square, so a gradient that is numerically zero (around 1e-17) still moves its parameter by
a whole learning rate, with a sign decided by rounding. A last-bit difference in one step's
gradients becomes a visible loss difference a step or two later, so the first differing bit
is reported even when everything stays within the tolerance.

Tolerance for `close`: every compared float pair (reference a, variant b) satisfies
`|a - b| <= atol + rtol * |a|` (defaults below). NaN equals NaN only bit for bit; -0.0 and
0.0 differ in their bits but not in value (so at worst `close`); an infinity matches only
the same infinity.
"""

from __future__ import annotations

import math
import struct
from array import array
from dataclasses import dataclass
from itertools import compress, count, repeat, zip_longest
from operator import add, gt, lt, mul, ne, sub, truediv, xor
from pathlib import Path

from golf.engine.record import Record
from golf.engine.verdict import Difference, Verdict

#: Default tolerance of the `close` verdict.
DEFAULT_RTOL = 1e-7
DEFAULT_ATOL = 1e-10
_INT64_MIN = -(2**63)


@dataclass(frozen=True)
class Tolerance:
    """How far apart two floats may be and still count as `close`."""

    #: Relative tolerance, against the reference's value.
    rtol: float = DEFAULT_RTOL
    #: Absolute tolerance (for values near zero, such as vanishing gradients).
    atol: float = DEFAULT_ATOL

    def within(self, a: float, b: float) -> bool:
        """True when the variant's `b` is within tolerance of the reference's `a`."""
        if a == b:
            return True
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        if math.isinf(a) or math.isinf(b):
            return False  # an infinity matches only the same infinity (inf <= atol + rtol * inf otherwise)
        return abs(a - b) <= self.atol + self.rtol * abs(a)


def ulp_distance(a: float, b: float) -> int:
    """How many representable doubles lie between `a` and `b` (0 for -0.0 vs 0.0; huge for NaN)."""
    if math.isnan(a) or math.isnan(b):
        return 0 if (math.isnan(a) and math.isnan(b)) else 2**64
    return abs(_ordered(a) - _ordered(b))


def _ordered(x: float) -> int:
    # Map a double's bits onto integers in the same order as the values.
    (bits,) = struct.unpack("<q", struct.pack("<d", x))
    return bits if bits >= 0 else _INT64_MIN - bits


def _abs_diff(a: float, b: float) -> float:
    if a == b or (math.isnan(a) and math.isnan(b)):
        return 0.0
    return abs(a - b) if not (math.isnan(a) or math.isnan(b)) else math.inf


def _rel_diff(a: float, b: float) -> float:
    d = _abs_diff(a, b)
    if d == 0.0:
        return 0.0
    scale = abs(a)
    # A reference of 0, NaN or infinity has no scale to divide by (inf/inf and x/NaN are NaN, which
    # max() would then pass over): any difference from it is infinitely large.
    return d / scale if scale and math.isfinite(scale) else math.inf


class _Tally:
    """Running figures over every compared float; one step is looked at at a time."""

    def __init__(self, tolerance: Tolerance, reference: Record | None):
        self.tolerance = tolerance
        self.reference = reference
        self.first_bit: Difference | None = None
        self.first_divergence: Difference | None = None
        self.max_abs = 0.0
        self.max_rel = 0.0
        self.max_ulp = 0

    def _name(self, index: int) -> str:
        return self.reference.name(index) if self.reference is not None else f"params[{index}]"

    def _difference(self, step: int, quantity: str, index: int, a: float, b: float) -> Difference:
        return Difference(step, quantity, None if quantity == "loss" else self._name(index), a, b)

    def values(self, step: int, quantity: str, ref: array, var: array, offset: int = 0) -> float:
        """Compare two equally long float arrays; returns the largest absolute difference.

        A diverged 1000-step record differs in nearly every float, so the work is done by
        map() over the differing floats only, in C; NaN and infinities go element by element.
        """
        if len(ref) != len(var):
            raise ValueError(f"{len(ref)} values against {len(var)}")
        ref_bits, var_bits = _bits(ref), _bits(var)
        where = list(compress(count(), map(ne, ref_bits, var_bits)))
        if not where:
            return 0.0
        if len(where) == len(ref):  # typical of a diverged run: skip the gathering
            a, b, ra, rb = ref, var, ref_bits, var_bits
        else:
            a, b = [ref[i] for i in where], [var[i] for i in where]
            ra, rb = [ref_bits[i] for i in where], [var_bits[i] for i in where]
        if self.first_bit is None:
            self.first_bit = self._difference(step, quantity, where[0] + offset, a[0], b[0])
        abs_diffs = list(map(abs, map(sub, a, b)))
        scales = list(map(abs, a))
        # A sum is NaN or infinite when any term is (or, harmlessly, when it overflows): then go one by one.
        if not (math.isfinite(sum(abs_diffs)) and math.isfinite(sum(scales))):
            return self._one_by_one(step, quantity, where, list(a), list(b), offset)
        largest = max(abs_diffs)
        rel = map(_rel, abs_diffs, scales) if 0.0 in scales else map(truediv, abs_diffs, scales)
        # Units in the last place from the bit patterns: |x - y| when both have the same sign; across
        # zero, the doubles between each and zero.
        across = list(compress(count(), map(lt, map(xor, ra, rb), repeat(0))))
        if across:
            ulps = list(map(abs, map(sub, ra, rb)))
            for k in across:
                ulps[k] = ra[k] + rb[k] - _INT64_MIN
            max_ulp = max(ulps)
        else:
            max_ulp = max(map(abs, map(sub, ra, rb)))
        self.max_abs = max(self.max_abs, largest)
        self.max_rel = max(self.max_rel, max(rel))
        self.max_ulp = max(self.max_ulp, max_ulp)
        if self.first_divergence is None:
            bounds = map(add, repeat(self.tolerance.atol), map(mul, repeat(self.tolerance.rtol), scales))
            k = next(compress(count(), map(gt, abs_diffs, bounds)), None)
            if k is not None:
                self.first_divergence = self._difference(step, quantity, where[k] + offset, a[k], b[k])
        return largest

    def _one_by_one(
        self, step: int, quantity: str, where: list[int], a: list[float], b: list[float], offset: int
    ) -> float:
        """The same figures, float by float, for steps holding NaN or infinities."""
        largest = 0.0
        for i, x, y in zip(where, a, b, strict=True):
            d = _abs_diff(x, y)
            largest = max(largest, d)
            self.max_abs = max(self.max_abs, d)
            self.max_rel = max(self.max_rel, _rel_diff(x, y))
            self.max_ulp = max(self.max_ulp, ulp_distance(x, y))
            if self.first_divergence is None and not self.tolerance.within(x, y):
                self.first_divergence = self._difference(step, quantity, i + offset, x, y)
        return largest


def _bits(values: array) -> array:
    """The doubles' bit patterns as signed 64-bit integers (equal bits: the same double, NaN included)."""
    bits = array("q")
    bits.frombytes(values.tobytes())
    return bits


def _rel(abs_diff: float, scale: float) -> float:
    if scale:
        return abs_diff / scale
    return math.inf if abs_diff else 0.0


def compare_records(
    reference: Record,
    variant: Record,
    tolerance: Tolerance,
) -> tuple[_Tally, list[float], list[float], list[float], str | None]:
    """Compare two records step by step.

    Returns the tally, the variant's losses, the per-step largest loss and gradient
    differences, and a message when the records cannot be lined up (length mismatch).
    """
    tally = _Tally(tolerance, reference)
    losses: list[float] = []
    loss_diffs: list[float] = []
    grad_diffs: list[float] = []
    if reference.n_params != variant.n_params:
        message = f"parameter count differs: reference {reference.n_params}, variant {variant.n_params}"
        tally.first_bit = tally.first_divergence = Difference(0, "init", None, reference.n_params, variant.n_params)
        tally.max_abs = tally.max_rel = math.inf
        return tally, [v[0] for _, v in variant.steps()], [], [], message
    ref_init, var_init = reference.initial(), variant.initial()
    if ref_init.tobytes() != var_init.tobytes():
        tally.values(0, "init", ref_init, var_init)
    message = None
    for step, (ref_block, var_block) in enumerate(zip_longest(reference.steps(), variant.steps()), start=1):
        if ref_block is None or var_block is None:
            shorter = "variant" if var_block is None else "reference"
            message = (
                f"the {shorter} recorded only {step - 1} steps "
                f"(reference {reference.step_count}, variant {variant.step_count})"
            )
            if tally.first_divergence is None:
                tally.first_divergence = Difference(
                    step,
                    "loss",
                    None,
                    None if ref_block is None else ref_block[1][0],
                    None if var_block is None else var_block[1][0],
                )
            if tally.first_bit is None:
                tally.first_bit = tally.first_divergence
            break
        (ref_raw, ref_values), (var_raw, var_values) = ref_block, var_block
        losses.append(var_values[0])
        if ref_raw == var_raw:
            loss_diffs.append(0.0)
            grad_diffs.append(0.0)
            continue
        loss_diffs.append(tally.values(step, "loss", ref_values[:1], var_values[:1]))
        grad_diffs.append(tally.values(step, "grad", ref_values[1:], var_values[1:]))
    return tally, losses, loss_diffs, grad_diffs, message


def sample_lines(stdout: str) -> list[str]:
    """The sampled names: the text after `sample N:` on each such line."""
    samples = []
    for line in stdout.replace("\r", "\n").splitlines():
        head, sep, tail = line.partition(":")
        if sep and head.split()[:1] == ["sample"]:
            samples.append(tail.strip())
    return samples


def first_output_difference(reference: str, variant: str) -> Difference | None:
    """The first printed line that differs (carriage returns count as line ends), or None."""
    ref_lines = reference.replace("\r", "\n").splitlines()
    var_lines = variant.replace("\r", "\n").splitlines()
    for number, (a, b) in enumerate(zip_longest(ref_lines, var_lines), start=1):
        if a != b:
            quantity = "samples" if (a or b or "").startswith("sample") else "output"
            return Difference(0, quantity, f"line {number}", a, b)
    return None


def draws_difference(reference: array, variant: array, step: int) -> Difference | None:
    """The first random draw that differs (the sampled token ids), as a `samples` difference at `step`."""
    for index, (a, b) in enumerate(zip_longest(reference, variant), start=1):
        if a != b:
            return Difference(step, "samples", f"draw {index}", a, b)
    return None


def read_draws(record_dir: Path | None) -> array:
    """The draws a run recorded (empty when it recorded none)."""
    draws = array("q")
    if record_dir is not None and (path := record_dir / "draws.bin").exists():
        raw = path.read_bytes()
        draws.frombytes(raw[: len(raw) - len(raw) % 8])
    return draws


def records_verdict(
    name: str,
    steps: int,
    reference: Record,
    variant: Record,
    tolerance: Tolerance,
    draws: Difference | None = None,
    *,
    known_bad: bool = False,
) -> Verdict:
    """The computation verdict for two runs that both recorded their training: records, then `draws`."""
    tally, losses, loss_diffs, grad_diffs, message = compare_records(reference, variant, tolerance)
    notes = [message] if message else []
    if tally.first_divergence is None and tally.first_bit is None and draws is None:
        kind = "identical"
    elif tally.first_divergence is None and draws is None:
        kind = "close"
        notes.append(f"within rtol={tolerance.rtol:g}, atol={tolerance.atol:g} but not bit-identical")
    else:
        kind = "diverged"
    first_divergence = tally.first_divergence or draws
    return Verdict(
        variant=name,
        verdict=kind,
        steps=steps,
        known_bad=known_bad,
        first_bit_difference=tally.first_bit or first_divergence,
        first_divergence=first_divergence if kind == "diverged" else None,
        max_abs_diff=tally.max_abs,
        max_rel_diff=tally.max_rel,
        max_ulp_diff=tally.max_ulp,
        grad_diff_by_step=tuple(grad_diffs),
        loss_diff_by_step=tuple(loss_diffs),
        losses=tuple(losses),
        notes=tuple(notes),
    )


def output_verdict(name: str, steps: int, draws: Difference | None, *, known_bad: bool = False) -> Verdict:
    """The verdict when no training was recorded: only the random draws and the printed output can be compared."""
    return Verdict(
        variant=name,
        verdict="output-only" if draws is None else "diverged",
        steps=steps,
        known_bad=known_bad,
        first_bit_difference=draws,
        first_divergence=draws,
        notes=(
            "no training was recorded (the source could not be instrumented): only the random draws and the "
            "printed output were compared, which proves nothing about the computation",
        ),
    )
