"""Which counters and metrics the report's tables show, and the heading of each."""

from __future__ import annotations

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


def counter_label(name: str) -> str:
    """The heading of a counter."""
    return COUNTER_LABELS.get(name, name.replace("_", " "))


def metric_label(name: str) -> str:
    """The heading of a radon metric."""
    return METRIC_LABELS.get(name, name.replace("_", " "))
