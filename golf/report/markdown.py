"""The Markdown format of a Report (`reports/golf.md`) and of a Comparison (`golf compare --format md`).

Each section starts with a `## ` heading; Size, Radon metrics and Regions depend only on the
sources, Equivalence on the runs (the golden test of the committed report relies on this split).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from golf.report import text
from golf.report.labels import TABLE_COUNTERS, TABLE_METRICS, counter_label, metric_label
from golf.report.model import Comparison, Measured, Report, VariantReport

#: Headings of the sections that depend only on the sources, not on runs.
STATIC_SECTIONS = ("Size", "Radon metrics", "Regions")

_SPECIAL = re.compile(r"([\\|*`<>&])")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def cell(value: object) -> str:
    """Text made safe for a table cell: no line breaks, no markup, no HTML."""
    flat = " ".join(str(value).split())
    return _SPECIAL.sub(lambda m: _ENTITIES.get(m[1], "\\" + m[1]), flat)


def _table(header: Sequence[str], rows: Sequence[Sequence[object]], align: str = "") -> list[str]:
    """A pipe table; `align` has one letter per column (`l` or `r`), left for the ones not given."""
    marks = ["---:" if align[i : i + 1] == "r" else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def _size_rows(rows: Sequence[VariantReport]) -> list[list[str]]:
    out = []
    for row in rows:
        cells = [text.display_name(row)]
        for name in TABLE_COUNTERS:
            change = row.changes.counter(name)
            cells += [text.number(change.after), "" if row.is_reference else text.saving(change)]
        out.append(cells)
    return out


def _size(report: Report) -> list[str]:
    header = ["variant"] + [h for name in TABLE_COUNTERS for h in (counter_label(name), "saved")]
    align = "l" + "r" * (2 * len(TABLE_COUNTERS))
    lines = [
        "## Size",
        "",
        f"Savings against `{cell(report.reference)}`: absolute (percentage of the reference).",
        "",
        *_table(header, _size_rows(report.golfed), align),
    ]
    if report.known_bad:
        lines += [
            "",
            "Known-bad variants (in a sub-folder of the variants folder; the check must catch them):",
            "",
            *_table(header, _size_rows(report.known_bad), align),
        ]
    errors = [row for row in report.variants if row.measured.error]
    if errors:
        lines += ["", "Could not be measured:", ""]
        lines += [f"- `{cell(row.name)}` ({cell(row.measured.path)}): {cell(row.measured.error)}" for row in errors]
    return lines


def _metric_cells(measured: Measured) -> list[str]:
    metrics = measured.metrics
    cells = []
    for name in TABLE_METRICS:
        value = getattr(metrics, name) if metrics is not None else None
        if name == "cc_worst" and metrics is not None and metrics.cc_worst_name:
            cells.append(f"{value} ({metrics.cc_worst_name})")
        else:
            cells.append(text.number(value))
    return cells


def _metrics(report: Report) -> list[str]:
    header = ["variant", *(metric_label(name) for name in TABLE_METRICS)]
    rows = [[text.display_name(row), *_metric_cells(row.measured)] for row in report.variants]
    return [
        "## Radon metrics",
        "",
        "Maintainability index (0 to 100, higher is easier), cyclomatic complexity "
        "(mean over blocks, and the most complex block), Halstead volume and difficulty of the module, radon's "
        "source and logical lines.",
        "",
        *_table(header, rows, "l" + "r" * len(TABLE_METRICS)),
    ]


def _regions(report: Report) -> list[str]:
    names: dict[str, None] = {}
    for row in report.variants:
        names.update((r.name, None) for r in row.changes.regions)
    header = ["variant", *names]
    rows = []
    for row in report.variants:
        by_name = {r.name: r for r in row.changes.regions}
        rows.append([text.display_name(row), *(text.region_cell(by_name[n]) if n in by_name else "" for n in names)])
    return [
        "## Regions",
        "",
        "Lines per top-level class and function, and the rest of the module (`module code`), "
        "matched by name; the change against the reference in brackets. `removed`: the variant has no region "
        "of that name (inlined or renamed); `new`: only the variant has it.",
        "",
        *_table(header, rows, "l" + "r" * len(names)),
    ]


def _equivalence(report: Report) -> list[str]:
    lines = ["## Equivalence", ""]
    if not report.checked:
        return [*lines, "Not checked (`--no-check`)."]
    lines += [
        f"Every variant run for {report.steps or 'its own number of'} training steps with the same seed and "
        f"data as `{cell(report.reference)}`, each loss and gradient compared bit for bit; known-bad "
        "variants must be caught. Run time: the variant's over the reference's.",
        "",
    ]
    header = ["variant", "verdict", "expected", "first divergence", "domain, output", "run time"]
    rows = [
        [
            text.display_name(row),
            row.check.summary,
            text.expectation(row),
            text.verdict_detail(row.check),
            text.domain_and_output(row.check),
            text.run_time(row.check),
        ]
        for row in report.variants
    ]
    explained = [
        f"- `{cell(text.display_name(row))}`, golf explain: {cell(' / '.join(row.check.explanation))}"
        for row in report.variants
        if row.check.explanation
    ]
    return lines + _table(header, rows, "llllll") + (["", *explained] if explained else [])


def render_report(report: Report) -> str:
    """The report as Markdown."""
    head = [
        "# golf report",
        "",
        f"Generated {report.generated} by {report.generator}; reference `{cell(report.reference)}`"
        + (f", checked at {report.steps} steps." if report.checked and report.steps else "."),
    ]
    sections = [head, _size(report), _metrics(report), _regions(report), _equivalence(report)]
    if report.notes:
        sections.append(["## Notes", "", *(f"- {cell(note)}" for note in report.notes)])
    return "\n\n".join("\n".join(s) for s in sections) + "\n"


def sections(markdown: str) -> dict[str, str]:
    """The text of each `## ` section of a rendered report, by heading (the part before the first: `""`)."""
    first, *rest = re.split(r"^## ", markdown, flags=re.MULTILINE)
    found = {"": first}
    for part in rest:
        title, _, body = part.partition("\n")
        found[title] = body
    return found


def _fence(body: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    return "`" * max(3, longest + 1)


def render_comparison(comparison: Comparison) -> str:
    """The comparison as Markdown."""
    a, b = comparison.a, comparison.b
    head = [
        "# golf compare",
        "",
        f"`{cell(a.name)}` ({cell(a.path)}) against `{cell(b.name)}` ({cell(b.path)}). "
        f"Generated {comparison.generated} by {comparison.generator}.",
    ]
    errors = [f"- `{cell(m.name)}`: {cell(m.error)}" for m in (a, b) if m.error]
    if errors:
        head += ["", *errors]
    counters = [
        [counter_label(c.name), text.number(c.before), text.number(c.after), text.delta(c)]
        for c in comparison.changes.counters
    ]
    metrics = [
        [metric_label(c.name), text.number(c.before), text.number(c.after), text.delta(c)]
        for c in comparison.changes.metrics
    ]
    regions = [
        [
            r.name,
            r.kind,
            text.number(r.before.lines if r.before else None),
            text.number(r.after.lines if r.after else None),
            text.number(r.after.lines - r.before.lines) if r.before and r.after else "",
            r.status,
        ]
        for r in comparison.changes.regions
    ]
    check = comparison.check
    if check.verdict is None:
        verdict = [
            "Not checked (`--no-check`)." if check.status == "not checked" else f"{check.status}: {cell(check.error)}"
        ]
    else:
        verdict = [
            f"`{cell(b.name)}` run with `{cell(a.name)}` as the reference for {check.verdict.steps or 'its own'}"
            " training steps:",
            "",
            f"- verdict: **{cell(check.summary)}**",
            f"- first divergence: {cell(text.verdict_detail(check) or 'none')}",
            f"- run time of B over A: {cell(text.run_time(check))}",
            *([f"- golf explain: {cell(' / '.join(check.explanation))}"] if check.explanation else []),
        ]
    fence = _fence(comparison.diff)
    diff = [fence + "diff", comparison.diff.rstrip("\n"), fence] if comparison.diff else ["The sources are equal."]
    sections = [
        head,
        ["## Counters", "", *_table(["counter", "A", "B", "B - A"], counters, "lrrr")],
        ["## Radon metrics", "", *_table(["metric", "A", "B", "B - A"], metrics, "lrrr")],
        ["## Regions", "", *_table(["region", "kind", "A lines", "B lines", "B - A", "status"], regions, "llrrrl")],
        ["## Equivalence", "", *verdict],
        ["## Diff", "", *diff],
    ]
    return "\n\n".join("\n".join(s) for s in sections) + "\n"
