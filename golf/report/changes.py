"""What differs between two measured sources: every counter, every metric, and the regions matched by name."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import fields

from golf.measure.metrics import RadonMetrics
from golf.measure.model import Counts, SourceCounts
from golf.report.model import Change, Changes, Measured, RegionChange

#: Every counter (golf.measure.model.Counts) and every numeric radon metric (golf.measure.metrics.RadonMetrics),
#: in field order.
COUNTERS = tuple(f.name for f in fields(Counts))
METRICS = tuple(f.name for f in fields(RadonMetrics) if f.name != "cc_worst_name")


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
