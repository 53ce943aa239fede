"""Comparing two variants as data: every counter, metric and region with its change, the diff, and B checked with A
as the reference."""

from __future__ import annotations

import datetime
import difflib

from golf import __version__
from golf.engine.variants import Variant
from golf.report.model import CheckFunction, Comparison, Measured, changes, check_outcomes, measure, timestamp


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
) -> Comparison:
    """B against A: measured, diffed, and, when `check` is given, checked with A as the reference."""
    measured_a, measured_b = measure(a), measure(b)
    # A is checked too (against itself, one shared run) so that B's run time has something to be compared with.
    outcome = check_outcomes([(b, measured_b), (a, measured_a)], a, check)[0]
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
