"""What `golf explain` answers: the first operation that differs, where it is in both programs, and why."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from golf.engine.equivalence import ulp_distance
from golf.explain.trace import Frame

#: The phases a difference can be found in, in the order a run goes through them.
PHASES = ("init", "forward", "backward", "update", "samples")
#: Bump when the JSON layout changes. 1: the first layout.
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Finding:
    """One analysis's answer, before it is tied to a variant and a step."""

    #: One of PHASES.
    phase: str
    #: Frames from the operation outward to the caller, in each program.
    variant_site: tuple[Frame, ...]
    reference_site: tuple[Frame, ...]
    #: The two values that differ (a node's value, gradient or local gradient, or a parameter's value).
    variant_value: Any
    reference_value: Any
    #: One sentence saying what differs.
    reason: str
    #: Supporting lines: shared inputs, the constants that differ, and the like.
    details: tuple[str, ...] = ()
    #: The step the finding belongs to when it is not the traced one (an update: the step before).
    step: int | None = None


@dataclass(frozen=True)
class Explanation:
    """Why a variant's run differs from the reference's, at the first step that differs."""

    #: Variant and reference names, as golf check shows them.
    variant: str
    reference: str
    #: Training step of the difference (0: initialisation; for `samples`, the last training step).
    step: int
    #: One of PHASES.
    phase: str
    #: Frames `{path, line, code}` from the operation outward to the caller, in each program.
    variant_site: tuple[Frame, ...]
    reference_site: tuple[Frame, ...]
    #: The values that differ, in each program.
    variant_value: Any
    reference_value: Any
    #: One sentence saying what differs.
    reason: str
    #: What the check found first (`step 1 grad wte[0][0]`), for orientation.
    first_difference: str = ""
    details: tuple[str, ...] = field(default_factory=tuple)
    #: Wall-clock seconds spent tracing both programs.
    seconds: float = 0.0

    @property
    def ulps(self) -> int | None:
        """Distance between the two values in units in the last place, when both are numbers."""
        a, b = self.reference_value, self.variant_value
        if isinstance(a, int | float) and isinstance(b, int | float):
            try:
                return ulp_distance(float(a), float(b))
            except OverflowError:
                return None
        return None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: step, phase, variant_site, reference_site, values, reason (and context)."""
        return {
            "format": FORMAT_VERSION,
            "variant": self.variant,
            "reference": self.reference,
            "step": self.step,
            "phase": self.phase,
            "variant_site": [f.to_dict() for f in self.variant_site],
            "reference_site": [f.to_dict() for f in self.reference_site],
            "values": {
                "reference": _json_number(self.reference_value),
                "variant": _json_number(self.variant_value),
                "reference_hex": _hex(self.reference_value),
                "variant_hex": _hex(self.variant_value),
                "ulps": self.ulps,
            },
            "reason": self.reason,
            "first_difference": self.first_difference,
            "details": list(self.details),
            "seconds": round(self.seconds, 2),
        }


def _json_number(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    return value


def _hex(value: Any) -> str | None:
    if isinstance(value, bool | int | float):
        try:
            return float(value).hex()
        except OverflowError:
            return None
    return None


def render_lines(explanation: Explanation) -> list[str]:
    """The explanation as plain text lines: what a terminal, a report or a log shows."""
    e = explanation
    where = f"at step {e.step}" if e.step else "before training"
    lines = [f"{e.variant} vs {e.reference}: {e.phase} {where}", f"  {e.reason}"]
    for label, site, value in (
        ("variant", e.variant_site, e.variant_value),
        ("reference", e.reference_site, e.reference_value),
    ):
        lines.append(f"  {label}: {_value_text(value)}")
        lines += [f"    {f.path}:{f.line}: {f.code}" for f in site]
        if not site:
            lines.append("    (no line found)")
    if e.ulps is not None:
        lines.append(f"  difference: {e.ulps} ulp")
    lines += [f"  {d}" for d in e.details]
    if e.first_difference:
        lines.append(f"  (golf check's first difference: {e.first_difference})")
    return lines


def _value_text(value: Any) -> str:
    if isinstance(value, float):
        return f"{value!r} ({value.hex()})"
    return "none" if value is None else repr(value)
