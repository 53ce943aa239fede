"""How report values read, so the terminal, Markdown and HTML reports say the same thing in the same words."""

from __future__ import annotations

from golf.engine.verdict import describe
from golf.report.model import Change, CheckOutcome, RegionChange, VariantReport

#: Shown where there is no value.
NONE = "—"


def number(value: float | None) -> str:
    """An int as is; a float to two decimals (one above 1000); None as NONE."""
    if value is None:
        return NONE
    if isinstance(value, int):
        return str(value)
    return f"{value:.1f}" if abs(value) >= 1000 else f"{value:.2f}"


def _signed(value: float) -> str:
    text = number(value)
    return text if value < 0 else f"+{text}"


def saving(change: Change) -> str:
    """`129 (51.8%)`: how much less the variant has; negative when it has more."""
    if change.saved is None:
        return NONE
    percent = change.saved_percent
    return number(change.saved) + (f" ({percent:.1f}%)" if percent is not None else "")


def percent_change(change: Change) -> str:
    """`-51.8%`: (after - before) as a percentage of before, signed; "" when unknown."""
    percent = change.saved_percent
    if percent is None:
        return ""
    return "0.0%" if change.saved == 0 else f"{-percent:+.1f}%"


def delta(change: Change) -> str:
    """`-129 (-51.8%)`: after - before, signed; `0` when equal."""
    if change.saved is None:
        return NONE
    if change.saved == 0:
        return "0"
    percent = percent_change(change)
    return _signed(-change.saved) + (f" ({percent})" if percent else "")


def region_cell(region: RegionChange) -> str:
    """A region's lines in the variant, with the change: `17 (-23)`, `removed`, `new: 12`."""
    if region.after is None:
        return "removed"
    if region.before is None:
        return f"new: {region.after.lines}"
    change = region.after.lines - region.before.lines
    return f"{region.after.lines} ({change:+d})" if change else str(region.after.lines)


def region_story(region: RegionChange) -> str:
    """`Value: 74 -> 17 lines`, `softmax: removed (5 lines)`, `adam: added (9 lines)`."""
    if region.after is None:
        return f"{region.name}: removed ({region.before.lines if region.before else 0} lines)"
    if region.before is None:
        return f"{region.name}: added ({region.after.lines} lines)"
    return f"{region.name}: {region.before.lines} -> {region.after.lines} lines"


def ratio(value: float | None) -> str:
    """A run-time ratio: `1.03x`, NONE when unknown."""
    return NONE if value is None else f"{value:.2f}x"


def run_time(check: CheckOutcome) -> str:
    """The run-time cell: the ratio, `cached` when the run kept no timing, NONE when there is no run."""
    if check.time_ratio is not None:
        return ratio(check.time_ratio)
    if check.verdict is not None and check.verdict.seconds <= 0 and check.verdict.verdict != "failed":
        return "cached"
    return NONE


def verdict_detail(check: CheckOutcome) -> str:
    """Why the verdict is what it is: the first divergence, the failure, or the error."""
    if check.verdict is None:
        return check.error or ""
    v = check.verdict
    first = v.first_divergence or v.first_bit_difference
    if v.failure:
        return v.failure + (f"; {describe(first)}" if first and first.variant is not None else "")
    return describe(first)


def domain_and_output(check: CheckOutcome) -> str:
    """The cells that are not identical (`edge cases: failed`) or how many are, and the printed text's status."""
    v = check.verdict
    if v is None:
        return NONE
    ran = [c for c in v.cells if c.verdict != "skipped"]
    bad = [f"{c.name}: {c.verdict}" for c in ran if c.verdict != "identical"]
    cells = "; ".join(bad) if bad else f"{len(ran)}/{len(v.cells)} cells identical" if v.cells else ""
    output = "printed text differs" if v.output == "differs" else ""
    return ", ".join(part for part in (cells, output) if part) or NONE


def expectation(row: VariantReport) -> str:
    """`ok`, `caught` (known-bad, found wrong), `MISMATCH`, `NOT CAUGHT`, or NONE when unchecked."""
    if row.check.verdict is None and row.check.status == "not checked":
        return NONE
    if row.as_expected:
        return "caught" if row.measured.known_bad else "ok"
    return "NOT CAUGHT" if row.measured.known_bad else "MISMATCH"


def display_name(row: VariantReport) -> str:
    """The variant's name, marked when it is the reference."""
    return f"{row.name} (reference)" if row.is_reference else row.name


def diff_line_kind(line: str) -> str:
    """What a line of a unified diff is: "hunk" (`@@`), "add", "del", or "" for context and file headers."""
    if line.startswith("@@"):
        return "hunk"
    if line.startswith("+") and not line.startswith("+++"):
        return "add"
    if line.startswith("-") and not line.startswith("---"):
        return "del"
    return ""
