"""The JSON format of a Report (`reports/golf.json`) and of a Comparison.

The format is documented field by field in README.md, under "The report's JSON format".
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from golf.json_version import FORMAT_VERSION
from golf.measure.model import Counts
from golf.report.model import Change, Changes, CheckOutcome, Comparison, Measured, Report

#: Keys of a variant's entry that depend on runs rather than on the sources.
RUN_KEYS = ("check",)


def _counts(counts: Counts | None) -> dict[str, int] | None:
    return asdict(counts) if counts is not None else None


def _change(change: Change) -> dict[str, Any]:
    return {"saved": change.saved, "saved_percent": change.saved_percent}


def _measured(measured: Measured) -> dict[str, Any]:
    return {
        "name": measured.name,
        "path": measured.path,
        "known_bad": measured.known_bad,
        "error": measured.error,
        "counts": _counts(measured.counts.total) if measured.counts else None,
        "metrics": asdict(measured.metrics) if measured.metrics else None,
    }


def _changes(changes: Changes) -> dict[str, Any]:
    return {
        "savings": {c.name: _change(c) for c in changes.counters},
        "metric_changes": {c.name: _change(c) for c in changes.metrics},
        "regions": [
            {"name": r.name, "kind": r.kind, "status": r.status, "before": _counts(r.before), "after": _counts(r.after)}
            for r in changes.regions
        ],
    }


def _check(check: CheckOutcome) -> dict[str, Any]:
    return {
        "status": check.status,
        "verdict": check.verdict.to_dict() if check.verdict is not None else None,
        "error": check.error,
        "time_ratio": check.time_ratio,
        "explanation": list(check.explanation),
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data."""
    return {
        "format_version": FORMAT_VERSION,
        "kind": "report",
        "generated": report.generated,
        "generator": report.generator,
        "steps": report.steps,
        "reference": report.reference,
        "notes": list(report.notes),
        "variants": [
            {
                **_measured(row.measured),
                "is_reference": row.is_reference,
                **_changes(row.changes),
                "check": _check(row.check),
            }
            for row in report.variants
        ],
    }


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """The comparison as JSON-ready data."""
    return {
        "format_version": FORMAT_VERSION,
        "kind": "comparison",
        "generated": comparison.generated,
        "generator": comparison.generator,
        "steps": comparison.steps,
        "a": _measured(comparison.a),
        "b": _measured(comparison.b),
        **_changes(comparison.changes),
        "diff": comparison.diff,
        "check": _check(comparison.check),
    }


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render_report(report: Report) -> str:
    """The report as JSON text."""
    return _dumps(report_to_dict(report))


def render_comparison(comparison: Comparison) -> str:
    """The comparison as JSON text."""
    return _dumps(comparison_to_dict(comparison))
