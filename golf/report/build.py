"""Building the reports' data: a Report of every variant against the reference (`golf report`), and a Comparison
of two variants (`golf compare`), each measured, compared and, when a check function is given, checked."""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Sequence

from golf import __version__
from golf.engine.variants import Variant
from golf.report.changes import changes
from golf.report.checking import CheckFunction, ExplainFunction, check_outcomes, with_explanations
from golf.report.measuring import measure
from golf.report.model import Comparison, Measured, Report, VariantReport


def timestamp(now: datetime.datetime | None = None) -> str:
    """`now` (default: the current time) as ISO 8601 in UTC, to the second."""
    now = now or datetime.datetime.now(datetime.UTC)
    return now.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def build_report(
    variants: Sequence[Variant],
    reference: Variant,
    *,
    check: CheckFunction | None = None,
    steps: int | None = None,
    now: datetime.datetime | None = None,
    explain: ExplainFunction | None = None,
) -> Report:
    """Measure every variant, compare it with `reference`, and check it when `check` is given.

    `steps` is recorded as the step count of the checks. The reference gets the first row
    (added when `variants` does not hold it); a variant that cannot be read, parsed or run
    becomes a row with its error.
    """
    ref_path = reference.path.resolve()
    others = [v for v in variants if v.path.resolve() != ref_path]
    ordered = [reference, *[v for v in others if not v.known_bad], *[v for v in others if v.known_bad]]
    measured = [(v, measure(v)) for v in ordered]
    ref_measured = measured[0][1]
    outcomes = with_explanations(check_outcomes(measured, reference, check), ordered, reference, explain)
    rows = tuple(
        VariantReport(m, i == 0, changes(ref_measured, m), outcome)
        for i, ((_, m), outcome) in enumerate(zip(measured, outcomes, strict=True))
    )
    notes = []
    if check is not None:
        notes.append(
            "Run time is each variant's wall-clock time over the reference's at the same step count. A cached "
            "result keeps the time of the run that produced it, and variants run in parallel, so take the ratio "
            "as a rough guide; `--no-cache --jobs 1` times every run alone."
        )
    return Report(
        timestamp(now), f"golf {__version__}", steps if check is not None else None, reference.name, rows, tuple(notes)
    )


def unified_diff(a: Measured, b: Measured) -> str:
    """A unified diff from A's source to B's, labelled with their paths; "" when equal or either is unreadable."""
    if a.source is None or b.source is None or a.source == b.source:
        return ""
    lines = difflib.unified_diff(
        a.source.splitlines(keepends=True), b.source.splitlines(keepends=True), fromfile=a.path, tofile=b.path
    )
    # A last line without a newline would run into the next one.
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def compare_variants(
    a: Variant,
    b: Variant,
    *,
    check: CheckFunction | None = None,
    steps: int | None = None,
    now: datetime.datetime | None = None,
    explain: ExplainFunction | None = None,
) -> Comparison:
    """B against A: measured, diffed, and, when `check` is given, checked with A as the reference."""
    measured_a, measured_b = measure(a), measure(b)
    # A is checked too (against itself, one shared run) so that B's run time has something to be compared with.
    outcome = check_outcomes([(b, measured_b), (a, measured_a)], a, check)[0]
    outcome = with_explanations([outcome], [b], a, explain)[0]
    return Comparison(
        generated=timestamp(now),
        generator=f"golf {__version__}",
        steps=steps if check is not None else None,
        a=measured_a,
        b=measured_b,
        changes=changes(measured_a, measured_b),
        diff=unified_diff(measured_a, measured_b),
        check=outcome,
    )
