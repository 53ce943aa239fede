"""The one data model behind every report: variants measured, compared with a reference, and checked.

golf.report.build fills a Report (`golf report`) or a Comparison (`golf compare`) once; the output
modules (json_format, markdown, html, terminal) only format these values. Nothing here reads,
prints or writes files.
"""

from __future__ import annotations

from dataclasses import dataclass

from golf.engine.verdict import Verdict
from golf.measure.metrics import RadonMetrics
from golf.measure.model import Counts, SourceCounts


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

    #: Every counter of golf.measure.model.Counts, in field order.
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
    #: `golf explain`'s answer for a variant that is not identical, as text lines (asked for with --explain).
    explanation: tuple[str, ...] = ()

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
