"""The HTML format of a Report (`reports/index.html`) and of a Comparison: one self-contained page each.

Inline CSS and SVG only: no scripts, no fonts, no links to anything outside the file. Every
text that comes from a variant (names, paths, errors, diffs) is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from golf.measure.model import MODULE_CODE
from golf.report import text
from golf.report.charts import PALETTE, PALETTE_LIGHT, Bar, Segment, Series, bar_chart, line_chart
from golf.report.html_page import badge_html, change_class, esc, legend_html, page_html, saving_cell, table_html
from golf.report.labels import TABLE_COUNTERS, TABLE_METRICS, counter_label, metric_label
from golf.report.model import Change, Comparison, Measured, Report, VariantReport

#: Width of the charts that span the page.
_WIDE = 1100
#: Colour of the reference's line and of the `module code` region.
_GREY = "#9aa0a6"


def _region_colors(rows: Sequence[VariantReport]) -> dict[str, str]:
    names: dict[str, None] = {}
    for row in rows:
        names.update((r.name, None) for r in row.changes.regions if r.after is not None)
    named = [n for n in names if n != MODULE_CODE]
    choices = PALETTE[:-1] + PALETTE_LIGHT  # the last of PALETTE is grey, kept for module code
    colors = {name: choices[i % len(choices)] for i, name in enumerate(named)}
    if MODULE_CODE in names:
        colors[MODULE_CODE] = _GREY
    return colors


def _bar_note(row: VariantReport, change: Change) -> str:
    """`120 (-51.8%)`: the value, and its change against the reference."""
    percent = text.percent_change(change)
    if row.is_reference or not percent:
        return text.number(change.after)
    return f"{text.number(change.after)} ({percent})"


def _size_charts(report: Report) -> str:
    rows = [row for row in report.variants if row.measured.counts is not None]
    colors = _region_colors(rows)
    line_bars, byte_bars = [], []
    for row in rows:
        lines, size = row.changes.counter("lines"), row.changes.counter("bytes")
        segments = tuple(Segment(r.name, r.after.lines, colors[r.name]) for r in row.changes.regions if r.after)
        line_bars.append(Bar(text.display_name(row), segments, _bar_note(row, lines)))
        byte_bars.append(
            Bar(text.display_name(row), (Segment("bytes", size.after or 0, PALETTE[0]),), _bar_note(row, size))
        )
    return (
        '<div class="charts"><figure><figcaption>Lines per variant, by region</figcaption>'
        + bar_chart(line_bars, title="Lines per variant, stacked by region", unit="lines", width=_WIDE)
        + legend_html((name, color) for name, color in colors.items())
        + "</figure><figure><figcaption>Bytes per variant</figcaption>"
        + bar_chart(byte_bars, title="Bytes per variant", unit="bytes", width=_WIDE)
        + "</figure></div>"
    )


def _size_table(rows: Sequence[VariantReport]) -> str:
    header = ["variant"] + [h for name in TABLE_COUNTERS for h in (counter_label(name), "saved")]
    body = []
    for row in rows:
        cells = [esc(text.display_name(row))]
        for name in TABLE_COUNTERS:
            change = row.changes.counter(name)
            cells += [esc(text.number(change.after)), "<td></td>" if row.is_reference else saving_cell(change)]
        body.append(cells)
    return table_html(header, body)


def _regions_table(report: Report) -> str:
    names: dict[str, None] = {}
    for row in report.variants:
        names.update((r.name, None) for r in row.changes.regions)
    body = []
    for row in report.variants:
        by_name = {r.name: r for r in row.changes.regions}
        cells = [esc(text.display_name(row))]
        for name in names:
            region = by_name.get(name)
            if region is None:
                cells.append("")
                continue
            css = {"removed": "bad", "added": "good"}.get(region.status, "")
            if region.status == "changed" and region.before and region.after:
                css = (
                    "good"
                    if region.after.lines < region.before.lines
                    else "bad"
                    if (region.after.lines > region.before.lines)
                    else ""
                )
            cells.append(
                f'<td class="{css}" title="{esc(text.region_story(region))}">{esc(text.region_cell(region))}</td>'
            )
        body.append(cells)
    return table_html(["variant", *names], body)


def _metric_cells(measured: Measured) -> list[str]:
    m = measured.metrics
    cells = []
    for name in TABLE_METRICS:
        value = getattr(m, name) if m is not None else None
        worst = f" ({m.cc_worst_name})" if name == "cc_worst" and m is not None and m.cc_worst_name else ""
        cells.append(esc(text.number(value) + worst))
    return cells


def _verdict_rows(rows: Sequence[VariantReport]) -> list[list[str]]:
    out = []
    for row in rows:
        expected = text.expectation(row)
        css = "expect-bad" if expected in ("MISMATCH", "NOT CAUGHT") else ""
        out.append(
            [
                esc(text.display_name(row)),
                badge_html(row.check.summary),
                f'<td class="text {css}">{esc(expected)}</td>',
                esc(text.verdict_detail(row.check)),
                esc(text.domain_and_output(row.check)),
                esc(text.run_time(row.check)),
            ]
        )
    return out


def _series(report: Report) -> tuple[list[Series], list[Series], list[Series]]:
    """(losses, loss differences, gradient differences) of the checked variants; the reference drawn wide, grey."""
    losses, loss_diffs, grad_diffs = [], [], []
    colored = 0
    for row in report.variants:
        v = row.check.verdict
        if v is None:
            continue
        color = _GREY if row.is_reference else PALETTE[colored % len(PALETTE)]
        colored += 0 if row.is_reference else 1
        if v.losses:
            losses.append(Series(row.name, color, v.losses, 4.0 if row.is_reference else 1.6))
        if not row.is_reference and v.loss_diff_by_step:
            loss_diffs.append(Series(row.name, color, v.loss_diff_by_step))
        if not row.is_reference and v.grad_diff_by_step:
            grad_diffs.append(Series(row.name, color, v.grad_diff_by_step))
    losses.sort(key=lambda s: s.width, reverse=True)  # the wide reference underneath
    return losses, loss_diffs, grad_diffs


def _loss_range(report: Report) -> tuple[float, float] | None:
    """The y range of the loss chart: the reference's losses with some room, so one exploding variant
    does not flatten every other line."""
    reference = report.variants[0].check.verdict if report.variants else None
    finite = [x for x in (reference.losses if reference else ()) if x == x and abs(x) != float("inf")]
    if not finite:
        return None
    lo, hi = min(finite), max(finite)
    pad = (hi - lo) * 0.25 or 0.5
    return lo - pad, hi + pad


def _curves(report: Report) -> str:
    losses, loss_diffs, grad_diffs = _series(report)
    if not losses and not loss_diffs:
        return (
            '<p class="hint">No variant recorded any step (they failed before their first step, or were not '
            "instrumented), so there are no curves to draw.</p>"
        )
    legend = legend_html(((s.name, s.color) for s in losses), line=True)
    parts = [
        "<figure><figcaption>Training loss per step</figcaption>",
        line_chart(
            losses,
            chart_id="loss",
            title="Training loss per step",
            x_label="step",
            y_label="loss",
            y_range=_loss_range(report),
            width=_WIDE,
        ),
        legend,
        '<p class="note">Variants identical to the reference lie exactly on its wide grey line. The axis spans '
        "the reference's losses; a line that leaves the chart went beyond them.</p></figure>",
    ]
    diff_legend = legend_html(((s.name, s.color) for s in grad_diffs or loss_diffs), line=True)
    note = (
        '<p class="note">Log scale, so a divergence shows as a rising line. A difference of exactly 0 '
        "(bit-identical) has no place on a log scale: it is drawn on the dashed line marked 0. "
        "An infinite difference is drawn at the top; a NaN leaves a gap.</p>"
    )
    parts.append('<div class="charts">')
    for title, series, chart_id in (
        ("Largest gradient difference per step", grad_diffs, "grad-diff"),
        ("Loss difference per step", loss_diffs, "loss-diff"),
    ):
        if series:
            parts += [
                f"<figure><figcaption>{esc(title)}</figcaption>",
                line_chart(
                    series,
                    chart_id=chart_id,
                    title=f"{title}, from the reference, log scale",
                    x_label="step",
                    y_label="|variant − reference|",
                    log=True,
                    width=(_WIDE - 24) // 2,
                    height=280,
                ),
                "</figure>",
            ]
    parts += ["</div>", diff_legend, note]
    return "".join(parts)


def _errors(report: Report) -> str:
    errors = [(row.name, row.measured.path, row.measured.error) for row in report.variants if row.measured.error]
    errors += [
        (row.name, row.measured.path, f"{row.check.status}: {row.check.error}")
        for row in report.variants
        if row.check.error and not row.measured.error
    ]
    if not errors:
        return ""
    items = "".join(
        f"<li><code>{esc(n)}</code> <span class=muted>({esc(p)})</span>: {esc(e)}</li>" for n, p, e in errors
    )
    return f'<section id="errors"><h2>Errors</h2><ul class="errors">{items}</ul></section>'


def render_report(report: Report) -> str:
    """The report as a self-contained HTML page."""
    checked = f", checked at {report.steps} steps" if report.checked and report.steps else ""
    body = [
        f'<header><h1>golf report</h1><p class="meta">Generated {esc(report.generated)} by {esc(report.generator)}; '
        f"reference <code>{esc(report.reference)}</code>{esc(checked)}.</p></header>",
        '<section id="size"><h2>Size</h2>',
        _size_charts(report),
        f'<h3>Savings against {esc(report.reference)}</h3><p class="hint">Absolute, and as a percentage of the '
        "reference.</p>",
        _size_table(report.golfed),
    ]
    if report.known_bad:
        body += [
            '<h3>Known-bad variants</h3><p class="hint">In a sub-folder of the variants folder: the check '
            "must catch them.</p>",
            _size_table(report.known_bad),
        ]
    body += [
        "</section>",
        '<section id="regions"><h2>Regions</h2><p class="hint">Lines per top-level class and function and the rest '
        "of the module, matched by name; change against the reference in brackets. <em>removed</em>: no region of "
        "that name in the variant (inlined or renamed); <em>new</em>: only the variant has it.</p>",
        _regions_table(report),
        "</section>",
        '<section id="equivalence"><h2>Equivalence</h2>',
    ]
    if report.checked:
        body += [
            f'<p class="hint">Each variant run for {esc(report.steps or "its own number of")} training steps '
            "with the reference's seed and data; every loss and gradient compared bit for bit. Run time is the "
            "variant's over the reference's.</p>",
            table_html(
                ["variant", "verdict", "expected", "first divergence", "domain, output", "run time"],
                _verdict_rows(report.variants),
                text_columns=(1, 2, 3, 4),
            ),
            *[
                f"<h3>golf explain: {esc(text.display_name(row))}</h3>"
                f"<pre>{esc(chr(10).join(row.check.explanation))}</pre>"
                for row in report.variants
                if row.check.explanation
            ],
            _curves(report),
        ]
    else:
        body.append('<p class="hint">Not checked (<code>--no-check</code>).</p>')
    body += [
        "</section>",
        '<section id="metrics"><h2>Radon metrics</h2><p class="hint">Maintainability index (0 to 100, higher is '
        "easier), cyclomatic complexity (mean, and the most complex block), Halstead volume and difficulty, "
        "radon's source and logical lines.</p>",
        table_html(
            ["variant", *(metric_label(n) for n in TABLE_METRICS)],
            [[esc(text.display_name(row)), *_metric_cells(row.measured)] for row in report.variants],
        ),
        "</section>",
        _errors(report),
    ]
    if report.notes:
        body.append(
            '<section id="notes"><h2>Notes</h2><ul>'
            + "".join(f"<li>{esc(n)}</li>" for n in report.notes)
            + "</ul></section>"
        )
    body.append(f"<footer>{esc(report.generator)}</footer>")
    return page_html("golf report", body)


def _diff_html(diff: str) -> str:
    lines = []
    for line in diff.splitlines():
        css = text.diff_line_kind(line)  # the CSS classes are named for the kinds
        lines.append(f'<span class="{css}">{esc(line)}</span>' if css else esc(line))
    return '<pre class="diff">' + "\n".join(lines) + "</pre>"


def render_comparison(comparison: Comparison) -> str:
    """The comparison as a self-contained HTML page."""
    a, b, check = comparison.a, comparison.b, comparison.check

    # Counters are better smaller; radon's metrics are not all (a higher maintainability index is better).
    counters = [
        [
            esc(counter_label(c.name)),
            esc(text.number(c.before)),
            esc(text.number(c.after)),
            f'<td class="{change_class(c)}">{esc(text.delta(c))}</td>',
        ]
        for c in comparison.changes.counters
    ]
    metrics = [
        [esc(metric_label(c.name)), esc(text.number(c.before)), esc(text.number(c.after)), esc(text.delta(c))]
        for c in comparison.changes.metrics
    ]

    regions = [
        [
            esc(r.name),
            esc(r.kind),
            esc(text.number(r.before.lines if r.before else None)),
            esc(text.number(r.after.lines if r.after else None)),
            esc(r.status),
        ]
        for r in comparison.changes.regions
    ]
    if check.verdict is not None:
        verdict = (
            f"<p>{badge_html(check.summary)} <code>{esc(b.name)}</code> run with <code>{esc(a.name)}</code> as the "
            f"reference for {esc(check.verdict.steps or 'its own number of')} steps.</p>"
            f"<p>First divergence: {esc(text.verdict_detail(check) or 'none')}. "
            f"Run time of B over A: {esc(text.run_time(check))}.</p>"
            + (f"<h3>golf explain</h3><pre>{esc(chr(10).join(check.explanation))}</pre>" if check.explanation else "")
        )
    else:
        verdict = f'<p class="hint">{esc(check.status)}{": " + esc(check.error) if check.error else ""}.</p>'
    errors = "".join(f"<li><code>{esc(m.name)}</code>: {esc(m.error)}</li>" for m in (a, b) if m.error)
    body = [
        f'<header><h1>golf compare</h1><p class="meta">A: <code>{esc(a.name)}</code> ({esc(a.path)}), '
        f"B: <code>{esc(b.name)}</code> ({esc(b.path)}). Generated {esc(comparison.generated)} by "
        f"{esc(comparison.generator)}.</p></header>",
        f'<section id="errors"><h2>Errors</h2><ul class="errors">{errors}</ul></section>' if errors else "",
        '<section id="equivalence"><h2>Equivalence</h2>' + verdict + "</section>",
        '<section id="counters"><h2>Counters</h2>'
        + table_html(["counter", "A", "B", "B − A"], counters)
        + "</section>",
        '<section id="metrics"><h2>Radon metrics</h2>'
        + table_html(["metric", "A", "B", "B − A"], metrics)
        + "</section>",
        '<section id="regions"><h2>Regions</h2>'
        + table_html(["region", "kind", "A lines", "B lines", "status"], regions, text_columns=(1, 4))
        + "</section>",
        '<section id="diff"><h2>Diff</h2>'
        + (_diff_html(comparison.diff) if comparison.diff else '<p class="hint">The sources are equal.</p>')
        + "</section>",
        f"<footer>{esc(comparison.generator)}</footer>",
    ]
    return page_html(f"golf compare {a.name} {b.name}", body)
