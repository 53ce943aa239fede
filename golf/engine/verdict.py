"""The outcome of checking one variant against the reference: plain, picklable values."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

#: The verdicts, from best to worst.
VERDICTS: tuple[str, ...] = ("identical", "close", "output-only", "diverged", "failed")

#: What a difference was found in. `init`: a parameter's value before training; `loss`:
#: a step's loss; `grad`: a parameter's gradient after a step's backward pass;
#: `samples`: the sampled names; `output`: other printed output.
Quantity = Literal["init", "loss", "grad", "samples", "output"]


@dataclass(frozen=True)
class Difference:
    """Where two runs first differ."""

    #: Training step, counted from 1; 0 for the initial parameters and for printed output.
    step: int
    #: What differs (see `Quantity`).
    quantity: str
    #: The parameter, by matrix and position when the script has a dict of matrices
    #: (`layer0.attn_wq[3][7]`), else by its index in the parameter list (`params[12]`).
    parameter: str | None
    #: The reference's value and the variant's (floats, or text for printed output).
    reference: float | str | None
    variant: float | str | None


@dataclass(frozen=True)
class Verdict:
    """The verdict on one variant: how it compares with the reference, or why it could not be compared."""

    #: Variant name as in tables (`shortest`, `broken/one_one_grads`).
    variant: str
    #: One of VERDICTS.
    verdict: str
    #: Training steps the runs were limited to.
    steps: int
    #: True when the variant sits in the known-bad folder: it is expected to be caught.
    known_bad: bool = False
    #: The first value that is not bit-equal (also set for `close`).
    first_bit_difference: Difference | None = None
    #: The first value that differs beyond the tolerance (`diverged` only).
    first_divergence: Difference | None = None
    #: Largest absolute, relative and units-in-the-last-place differences over every
    #: compared float (losses, gradients, initial parameters). 0 when identical.
    max_abs_diff: float = 0.0
    max_rel_diff: float = 0.0
    max_ulp_diff: int = 0
    #: Per step: the largest absolute gradient difference and the absolute loss difference,
    #: to show how a divergence grows.
    grad_diff_by_step: tuple[float, ...] = ()
    loss_diff_by_step: tuple[float, ...] = ()
    #: The variant's loss at each step (for loss-curve charts); empty for output-only runs.
    losses: tuple[float, ...] = ()
    #: The variant's sampled names.
    samples: tuple[str, ...] = ()
    #: For `failed`: what happened (`crashed`, `timed out`, `out of memory`, `bad output`, ...)
    #: and the last lines of stderr.
    failure: str | None = None
    stderr_tail: str = ""
    #: Anything the user should know: why only output was compared, which names were
    #: rewritten for --steps, tolerances used, ...
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: Wall-clock seconds of the variant's run; a cached verdict keeps the time of the run that produced it.
    seconds: float = 0.0

    @property
    def equivalent(self) -> bool:
        """True when the variant is proven to compute the same thing (`output-only` is not proof)."""
        return self.verdict in ("identical", "close")

    @property
    def caught(self) -> bool:
        """True when the checker found the variant not bit-identical (a known-bad one must be).

        `close` counts: a known-bad example of an inexact technique is caught when the
        checker names its first differing bit, even while the difference is within tolerance.
        `output-only` does not: nothing was proven either way.
        """
        return self.verdict in ("close", "diverged", "failed")

    @property
    def as_expected(self) -> bool:
        """True when a normal variant is equivalent, or a known-bad one is caught."""
        return self.caught if self.known_bad else self.equivalent

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (floats that JSON cannot hold become strings)."""
        return _json_safe(asdict(self))


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return repr(value)
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


def describe(diff: Difference | None) -> str:
    """One line for a difference: `step 3 grad layer0.attn_wq[3][7]: 0.1 vs 0.2`."""
    if diff is None:
        return ""
    where = f"step {diff.step} {diff.quantity}" if diff.step else diff.quantity
    if diff.parameter:
        where += f" {diff.parameter}"
    return f"{where}: {_value(diff.reference)} vs {_value(diff.variant)}"


def _value(value: float | str | None) -> str:
    if value is None:
        return "none"
    return repr(value)


def verdict_from_dict(data: dict[str, Any]) -> Verdict:
    """Rebuild a Verdict from `Verdict.to_dict()` output (the cache stores verdicts as JSON)."""
    fields = dict(data)
    for key in ("first_bit_difference", "first_divergence"):
        if fields.get(key) is not None:
            fields[key] = Difference(**{k: _float_back(v) for k, v in fields[key].items()})
    for key in ("max_abs_diff", "max_rel_diff"):
        fields[key] = _float_back(fields[key])
    for key in ("grad_diff_by_step", "loss_diff_by_step", "losses"):
        fields[key] = tuple(_float_back(v) for v in fields[key])
    for key in ("samples", "notes"):
        fields[key] = tuple(fields[key])
    return Verdict(**fields)


def _float_back(value: Any) -> Any:
    if value in ("nan", "inf", "-inf"):
        return float(value)
    return value
