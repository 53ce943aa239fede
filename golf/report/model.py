"""The one data model behind every report: variants measured, compared with a reference, and checked.

`build_report` builds a Report once; golf.report.build builds a Comparison of two variants.
The output modules (report_json, report_markdown, report_html, report_terminal) only format
these values. Nothing here prints or writes files.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from golf import __version__
from golf.engine.check import ReferenceFailure
from golf.engine.variants import Variant
from golf.engine.verdict import Verdict
from golf.measure.count import Counts, SourceCounts, SourceSyntaxError, count_source
from golf.measure.metrics import RadonMetrics, radon_metrics

#: Version of the JSON format (golf.report.json_format); bump it, with a note below, when a field changes meaning
#: or goes away (adding a field is not a bump).
#:   1: first version.
FORMAT_VERSION = 1

#: Every counter (golf.measure.count.Counts) and every numeric radon metric (golf.measure.metrics.RadonMetrics),
#: in field order.
COUNTERS = tuple(f.name for f in fields(Counts))
METRICS = tuple(f.name for f in fields(RadonMetrics) if f.name != "cc_worst_name")
#: The counters and metrics the report's tables show, in column order (the JSON holds them all).
TABLE_COUNTERS = ("lines", "code", "logical", "bytes", "tokens")
TABLE_METRICS = ("mi", "cc_average", "cc_worst", "halstead_volume", "halstead_difficulty", "sloc", "lloc")

#: Column headings for counters, then for metrics (both have `comments` and `blank`, counted differently).
COUNTER_LABELS = {
    "lines": "lines",
    "blank": "blank",
    "comments": "comment lines",
    "docstrings": "docstring lines",
    "code": "code lines",
    "logical": "logical lines",
    "bytes": "bytes",
    "chars": "chars",
    "tokens": "tokens",
    "longest_line": "longest line",
}
METRIC_LABELS = {
    "loc": "radon loc",
    "lloc": "radon lloc",
    "sloc": "radon sloc",
    "comments": "radon comments",
    "multi": "radon multi",
    "blank": "radon blank",
    "single_comments": "radon single comments",
    "cc_blocks": "CC blocks",
    "cc_average": "CC average",
    "cc_worst": "worst CC",
    "mi": "maintainability",
    "halstead_volume": "Halstead volume",
    "halstead_difficulty": "Halstead difficulty",
}

#: check(variants, reference) -> one verdict per variant, in order: golf.engine.check.check_many with the
#: run options bound, or a fake in tests.
CheckFunction = Callable[[Sequence[Variant], Variant], list[Verdict]]


def counter_label(name: str) -> str:
    """The heading of a counter."""
    return COUNTER_LABELS.get(name, name.replace("_", " "))


def metric_label(name: str) -> str:
    """The heading of a radon metric."""
    return METRIC_LABELS.get(name, name.replace("_", " "))


@dataclass(frozen=True)
class Measured:
    """One variant's source and its counts and metrics, or why it could not be measured."""

    #: Variant name (`shortest`, `broken/one_one_grads`).
    name: str
    #: The script's path as found (relative to the working directory when it is below it).
    path: str
    #: True for a known-bad variant (in a sub-folder of the variants folder).
    known_bad: bool = False
    #: The source text; None when it could not be read.
    source: str | None = None
    #: Line, token and region counts; None on error.
    counts: SourceCounts | None = None
    #: Radon's metrics; None on error.
    metrics: RadonMetrics | None = None
    #: Why it could not be read, parsed or measured.
    error: str | None = None


@dataclass(frozen=True)
class Change:
    """One counter or metric of two sources: `before` (the reference, or A) and `after` (the variant, or B)."""

    name: str
    before: float | None
    after: float | None

    @property
    def saved(self) -> float | None:
        """before - after: positive when the variant has less of it."""
        if self.before is None or self.after is None:
            return None
        return self.before - self.after

    @property
    def saved_percent(self) -> float | None:
        """The saving as a percentage of `before`; None when `before` is 0 or unknown."""
        saved = self.saved
        return None if saved is None or not self.before else 100.0 * saved / self.before


@dataclass(frozen=True)
class RegionChange:
    """A region (top-level class, function or the module code) matched by name between two sources."""

    #: The region's name; `name (kind)` when one source has two regions of that name.
    name: str
    #: "class", "function" or "module" (the variant's kind when both have it).
    kind: str
    #: Its counts in the reference (A) and in the variant (B); None where it is absent.
    before: Counts | None
    after: Counts | None

    @property
    def status(self) -> str:
        """`added` (only in the variant), `removed` (only in the reference), `changed` or `unchanged`."""
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "unchanged" if self.before == self.after else "changed"


@dataclass(frozen=True)
class Changes:
    """Everything that differs between two measured sources."""

    #: Every counter of golf.measure.count.Counts, in field order.
    counters: tuple[Change, ...]
    #: Every numeric radon metric, in field order.
    metrics: tuple[Change, ...]
    #: Regions in the reference's order, then the ones only the variant has.
    regions: tuple[RegionChange, ...]

    def counter(self, name: str) -> Change:
        """The change of one counter, by field name."""
        return next(c for c in self.counters if c.name == name)


@dataclass(frozen=True)
class CheckOutcome:
    """What the equivalence check said about a variant, or why there is no verdict."""

    #: `checked` (see verdict), `not checked` (--no-check), `not run` (the source cannot run:
    #: see error) or `error` (the check itself failed, e.g. the reference crashed: see error).
    status: str
    verdict: Verdict | None = None
    error: str | None = None
    #: The variant's run time over the reference's at the same step count; None when either run
    #: failed, has no timing, or ran at another step count.
    time_ratio: float | None = None

    @property
    def summary(self) -> str:
        """The verdict's name, else the status."""
        return self.verdict.verdict if self.verdict is not None else self.status


@dataclass(frozen=True)
class VariantReport:
    """One row of the report: a variant against the reference."""

    measured: Measured
    #: True for the reference's own row.
    is_reference: bool
    changes: Changes
    check: CheckOutcome

    @property
    def name(self) -> str:
        return self.measured.name

    @property
    def as_expected(self) -> bool:
        """A golfed variant measured and proven equivalent (or not checked); a known-bad one caught."""
        if self.measured.known_bad:
            return self.check.verdict.caught if self.check.verdict is not None else self.check.status != "error"
        if self.measured.error is not None or self.check.status in ("not run", "error"):
            return False
        return self.check.verdict is None or self.check.verdict.equivalent


@dataclass(frozen=True)
class Report:
    """What `golf report` found: every variant against the reference."""

    #: When it was built, ISO 8601 in UTC to the second.
    generated: str
    #: `golf <version>`.
    generator: str
    #: Training steps of the equivalence runs; None when nothing was checked.
    steps: int | None
    #: The reference's name.
    reference: str
    #: The reference's row first, then the golfed variants, then the known-bad ones.
    variants: tuple[VariantReport, ...]
    #: What a reader should know about the figures (timings, errors of the check, ...).
    notes: tuple[str, ...] = ()

    @property
    def golfed(self) -> tuple[VariantReport, ...]:
        """The reference and the golfed variants."""
        return tuple(v for v in self.variants if not v.measured.known_bad)

    @property
    def known_bad(self) -> tuple[VariantReport, ...]:
        return tuple(v for v in self.variants if v.measured.known_bad)

    @property
    def checked(self) -> bool:
        return any(v.check.status != "not checked" for v in self.variants)


@dataclass(frozen=True)
class Comparison:
    """What `golf compare A B` found: B against A."""

    generated: str
    generator: str
    #: Training steps of the equivalence run; None when not checked.
    steps: int | None
    a: Measured
    b: Measured
    changes: Changes
    #: Unified diff from A's source to B's ("" when equal or unreadable).
    diff: str
    #: B checked with A as the reference.
    check: CheckOutcome


def timestamp(now: datetime.datetime | None = None) -> str:
    """`now` (default: the current time) as ISO 8601 in UTC, to the second."""
    now = now or datetime.datetime.now(datetime.UTC)
    return now.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def shown_path(path: Path) -> str:
    """`path` relative to the working directory when it is below it, else as given."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def measure(variant: Variant) -> Measured:
    """Read and measure a variant; a file that cannot be read or decoded becomes a Measured with an error."""
    path = shown_path(variant.path)
    try:
        raw = variant.path.read_bytes()
    except OSError as exc:
        return Measured(variant.name, path, variant.known_bad, error=f"cannot be read: {exc.strerror or exc}")
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Measured(variant.name, path, variant.known_bad, error=f"not UTF-8 (bad byte at offset {exc.start})")
    return measure_source(variant.name, path, source, known_bad=variant.known_bad)


def measure_source(name: str, path: str, source: str, *, known_bad: bool = False) -> Measured:
    """Count and measure `source`; source that does not parse becomes a Measured with an error."""
    if "\0" in source:
        return Measured(name, path, known_bad, source, error="contains NUL bytes, so it is not Python source")
    try:
        counts = count_source(source)
    except SourceSyntaxError as exc:
        return Measured(name, path, known_bad, source, error=f"does not parse: {exc}")
    try:
        metrics = radon_metrics(source)
    except SourceSyntaxError as exc:
        return Measured(name, path, known_bad, source, counts, error=f"radon cannot measure it: {exc}")
    return Measured(name, path, known_bad, source, counts, metrics)


def _field_changes(names: Sequence[str], before: object | None, after: object | None) -> tuple[Change, ...]:
    """The change of each named field from `before` to `after` (None for a side that is missing)."""
    return tuple(
        Change(
            name,
            getattr(before, name) if before is not None else None,
            getattr(after, name) if after is not None else None,
        )
        for name in names
    )


def _regions_by_name(counts: SourceCounts | None) -> dict[str, tuple[str, Counts]]:
    if counts is None:
        return {}
    seen = Counter(r.name for r in counts.regions)
    return {(r.name if seen[r.name] == 1 else f"{r.name} ({r.kind})"): (r.kind, r.counts) for r in counts.regions}


def region_changes(before: SourceCounts | None, after: SourceCounts | None) -> tuple[RegionChange, ...]:
    """Regions matched by name: the reference's in its order, then the ones only `after` has."""
    old, new = _regions_by_name(before), _regions_by_name(after)
    names = [*old, *(name for name in new if name not in old)]
    return tuple(
        RegionChange(
            name,
            (new.get(name) or old[name])[0],
            old[name][1] if name in old else None,
            new[name][1] if name in new else None,
        )
        for name in names
    )


def changes(before: Measured, after: Measured) -> Changes:
    """Every counter, metric and region of `after` against `before`."""
    return Changes(
        counters=_field_changes(COUNTERS, before.counts and before.counts.total, after.counts and after.counts.total),
        metrics=_field_changes(METRICS, before.metrics, after.metrics),
        # An unmeasured side has unknown regions, not removed ones.
        regions=region_changes(before.counts, after.counts) if before.counts and after.counts else (),
    )


def _not_runnable(measured: Measured) -> str | None:
    """Why the script cannot run at all (so running it would only waste the reference's run), or None."""
    if measured.source is None:
        return measured.error
    try:
        compile(measured.source, measured.path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        where = f"line {exc.lineno}: " if isinstance(exc, SyntaxError) and exc.lineno else ""
        return f"does not compile: {where}{exc.msg if isinstance(exc, SyntaxError) else exc}"
    return None


def time_ratio(verdict: Verdict, reference: Verdict | None) -> float | None:
    """The variant's run time over the reference's, when both ran cleanly, at the same steps, with a timing."""
    if reference is None or "failed" in (verdict.verdict, reference.verdict) or verdict.steps != reference.steps:
        return None
    if verdict.seconds <= 0 or reference.seconds <= 0:
        return None
    return verdict.seconds / reference.seconds


def check_outcomes(
    variants: Sequence[tuple[Variant, Measured]], reference: Variant, check: CheckFunction | None
) -> list[CheckOutcome]:
    """One outcome per variant. The reference is checked with them (against itself) for its run time."""
    if check is None:
        return [CheckOutcome("not checked") for _ in variants]
    blocked = [_not_runnable(m) for _, m in variants]
    to_run = [v for (v, _), why in zip(variants, blocked, strict=True) if why is None]
    runs_reference = any(v.path.resolve() == reference.path.resolve() for v in to_run)
    try:
        verdicts = check([*to_run, *([] if runs_reference else [reference])], reference)
    except (ReferenceFailure, OSError) as exc:
        return [CheckOutcome("not run", error=why) if why else CheckOutcome("error", error=str(exc)) for why in blocked]
    by_path = {v.path.resolve(): verdict for v, verdict in zip(to_run, verdicts, strict=False)}
    ref_verdict = verdicts[-1] if not runs_reference else by_path[reference.path.resolve()]
    outcomes = []
    for (variant, _), why in zip(variants, blocked, strict=True):
        if why is not None:
            outcomes.append(CheckOutcome("not run", error=why))
            continue
        verdict = by_path[variant.path.resolve()]
        outcomes.append(CheckOutcome("checked", verdict, time_ratio=time_ratio(verdict, ref_verdict)))
    return outcomes


def build_report(
    variants: Sequence[Variant],
    reference: Variant,
    *,
    check: CheckFunction | None = None,
    steps: int | None = None,
    now: datetime.datetime | None = None,
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
    outcomes = check_outcomes(measured, reference, check)
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
