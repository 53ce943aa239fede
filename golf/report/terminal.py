"""The terminal format of a Report and of a Comparison: rich tables, savings in green and losses in red.

The caller chooses the console (golf.commands._console.stdout_console gives plain text when stdout is
not a terminal). Every text from a variant goes in as a rich Text, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from golf.report import text
from golf.report.labels import TABLE_COUNTERS, TABLE_METRICS, counter_label, metric_label
from golf.report.model import Change, Comparison, Report, VariantReport
from golf.report.styles import VERDICT_STYLES

#: Colours of the lines of a unified diff, by `text.diff_line_kind`.
_DIFF_STYLES = {"hunk": "cyan", "add": "green", "del": "red", "": ""}


def _style(change: Change) -> str:
    saved = change.saved or 0
    return "green" if saved > 0 else "red" if saved < 0 else "dim"


def _counter_cell(row: VariantReport, name: str) -> Text:
    change = row.changes.counter(name)
    cell = Text(text.number(change.after))
    if not row.is_reference and change.saved is not None:
        cell.append("\n" + text.saving(change), style=_style(change))
    return cell


def _size_table(title: str, rows: Sequence[VariantReport]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("variant")
    for name in TABLE_COUNTERS:
        table.add_column(f"{counter_label(name)}\nsaved", justify="right")
    for row in rows:
        table.add_row(Text(text.display_name(row)), *(_counter_cell(row, name) for name in TABLE_COUNTERS))
    return table


def _metrics_table(report: Report) -> Table:
    table = Table(title="Radon metrics", title_justify="left")
    table.add_column("variant")
    for name in TABLE_METRICS:
        table.add_column(metric_label(name), justify="right")
    for row in report.variants:
        m = row.measured.metrics
        cells = []
        for name in TABLE_METRICS:
            worst = f" ({m.cc_worst_name})" if name == "cc_worst" and m is not None and m.cc_worst_name else ""
            cells.append(Text(text.number(getattr(m, name) if m is not None else None) + worst))
        table.add_row(Text(text.display_name(row)), *cells)
    return table


def _regions_table(report: Report) -> Table:
    names: dict[str, None] = {}
    for row in report.variants:
        names.update((r.name, None) for r in row.changes.regions)
    table = Table(
        title="Lines per region",
        title_justify="left",
        caption="change against the reference in brackets; removed: inlined or renamed; new: only here",
        caption_justify="left",
    )
    table.add_column("variant")
    for name in names:
        table.add_column(name, justify="right")
    for row in report.variants:
        by_name = {r.name: r for r in row.changes.regions}
        cells = []
        for name in names:
            region = by_name.get(name)
            if region is None:
                cells.append(Text(""))
                continue
            grew = region.after is not None and (region.before is None or region.after.lines > region.before.lines)
            shrank = region.after is None or (region.before is not None and region.after.lines < region.before.lines)
            cells.append(Text(text.region_cell(region), style="red" if grew else "green" if shrank else ""))
        table.add_row(Text(text.display_name(row)), *cells)
    return table


def _verdict_table(report: Report) -> Table:
    table = Table(
        title=f"Equivalence at {report.steps or 'full'} steps (run time: variant over reference)", title_justify="left"
    )
    for column in ("variant", "verdict", "expected", "first divergence", "domain, output", "run time"):
        table.add_column(column, overflow="fold", justify="right" if column == "run time" else "left")
    for row in report.variants:
        expected = text.expectation(row)
        table.add_row(
            Text(text.display_name(row)),
            Text(row.check.summary, style=VERDICT_STYLES.get(row.check.summary, "dim")),
            Text(expected, style="bold red" if expected in ("MISMATCH", "NOT CAUGHT") else ""),
            Text(text.verdict_detail(row.check)),
            Text(text.domain_and_output(row.check)),
            Text(text.run_time(row.check)),
        )
    return table


def print_report(report: Report, console: Console) -> None:
    """Print the report's tables."""
    console.print(Text(f"golf report: {len(report.variants)} variants against {report.reference}", style="bold"))
    tables = [_size_table(f"Savings against {report.reference}", report.golfed)]
    if report.known_bad:
        tables.append(_size_table("Known-bad variants (the check must catch them)", report.known_bad))
    tables += [_regions_table(report), _metrics_table(report)]
    if report.checked:
        tables.append(_verdict_table(report))
    for table in tables:
        console.print()
        console.print(table)
    if not report.checked:
        console.print(Text("Equivalence not checked (--no-check).", style="dim"))
    for row in report.variants:
        if row.measured.error:
            console.print(Text(f"{row.name} ({row.measured.path}): {row.measured.error}", style="red"))


def print_comparison(comparison: Comparison, console: Console) -> None:
    """Print the comparison: counters, metrics and regions side by side, the diff, and last the verdict.

    The verdict comes last so that it is on screen when the (often long) diff has scrolled by.
    """
    a, b = comparison.a, comparison.b
    console.print(Text(f"golf compare: A = {a.name} ({a.path}), B = {b.name} ({b.path})", style="bold"))
    for m in (a, b):
        if m.error:
            console.print(Text(f"{m.name}: {m.error}", style="red"))
    table = Table(title="Counters and radon metrics", title_justify="left")
    for column in ("", "A", "B", "B - A"):
        table.add_column(column, justify="left" if not column else "right")
    for change in comparison.changes.counters:
        table.add_row(
            Text(counter_label(change.name)),
            Text(text.number(change.before)),
            Text(text.number(change.after)),
            Text(text.delta(change), style=_style(change)),
        )
    table.add_section()
    for change in comparison.changes.metrics:
        table.add_row(
            Text(metric_label(change.name)),
            Text(text.number(change.before)),
            Text(text.number(change.after)),
            Text(text.delta(change)),
        )
    console.print(table)
    regions = Table(title="Regions", title_justify="left")
    for column in ("region", "kind", "A lines", "B lines", "status"):
        regions.add_column(column, justify="right" if "lines" in column else "left")
    for r in comparison.changes.regions:
        regions.add_row(
            Text(r.name),
            Text(r.kind),
            Text(text.number(r.before.lines if r.before else None)),
            Text(text.number(r.after.lines if r.after else None)),
            Text(r.status, style={"added": "green", "removed": "red"}.get(r.status, "")),
        )
    console.print(regions)
    if comparison.diff:
        diff = Text()
        for part in comparison.diff.splitlines(keepends=True):
            diff.append(part, style=_DIFF_STYLES[text.diff_line_kind(part)])
        console.print(diff, end="")
    else:
        console.print(Text("The sources are equal.", style="dim"))
    check = comparison.check
    if check.verdict is None:
        console.print(Text(f"Equivalence: {check.status}" + (f": {check.error}" if check.error else ""), style="dim"))
    else:
        line = Text("Equivalence (B run with A as the reference, ")
        line.append(f"{check.verdict.steps or 'full'} steps): ")
        line.append(check.summary, style=VERDICT_STYLES.get(check.summary, "") + " bold")
        detail = text.verdict_detail(check)
        line.append(f"; {detail}" if detail else "")
        line.append(f"; run time B/A {text.run_time(check)}" + (" (cached run)" if check.verdict.cached else ""))
        console.print(line)
        for explained in check.explanation:
            console.print(Text(f"  {explained}"))
