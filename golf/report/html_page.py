"""The building blocks of golf's HTML pages: the inline style sheet, the page, tables, legends and badges.

Every helper escapes the text it is given (`esc`), except cells handed to `table_html`, which are HTML already.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from golf.report import text
from golf.report.model import Change

CSS = """
:root { color-scheme: light; --ink: #222; --muted: #666; --line: #ddd; --good: #1a7f37; --bad: #c62828; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  background: #f6f7f9; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 0 0 12px; }
h3 { font-size: 15px; margin: 18px 0 8px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 18px 20px; margin: 18px 0; }
.meta, .hint { color: var(--muted); margin: 0 0 10px; }
.charts { display: flex; flex-wrap: wrap; gap: 8px 24px; }
figure { margin: 16px 0 10px; max-width: 100%; overflow-x: auto; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { display: block; max-width: 100%; height: auto; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; padding: 0; margin: 6px 0 0;
  color: var(--muted); font-size: 13px; }
.legend li { display: flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 14px; height: 10px; border-radius: 2px; }
.swatch.line { height: 3px; }
.note { color: var(--muted); font-size: 13px; margin: 4px 0 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th { background: #fafbfc; font-weight: 600; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
td.text { white-space: normal; }
tr:hover td { background: #f7fafd; }
.good { color: var(--good); }
.bad { color: var(--bad); }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600;
  color: #fff; background: #888; }
.v-identical { background: #1a7f37; } .v-close { background: #b58100; } .v-output-only { background: #0e7490; }
.v-diverged, .v-failed { background: #c62828; }
.expect-bad { color: var(--bad); font-weight: 700; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; }
pre.diff { background: #fafbfc; border: 1px solid var(--line); padding: 10px; overflow-x: auto; line-height: 1.35; }
pre.diff .add { color: var(--good); } pre.diff .del { color: var(--bad); } pre.diff .hunk { color: #0e7490; }
ul.errors li { margin: 2px 0; }
footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 24px; }
"""


def esc(value: object) -> str:
    """`value` as text safe inside HTML elements and attribute values."""
    return escape(str(value), quote=True)


def page_html(title: str, body: Iterable[str]) -> str:
    """A whole page: `body` (already HTML) under `title`, with the style sheet inline."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def table_html(header: Sequence[str], rows: Iterable[Sequence[str]], text_columns: Sequence[int] = ()) -> str:
    """A table of already-escaped cells (`<td>` markup given whole when a cell starts with `<td`)."""
    head = "".join(f"<th{' class=text' if i in text_columns else ''}>{esc(h)}</th>" for i, h in enumerate(header))
    body = []
    for row in rows:
        cells = [
            c if c.startswith("<td") else f"<td{' class=text' if i in text_columns else ''}>{c}</td>"
            for i, c in enumerate(row)
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


def change_class(change: Change) -> str:
    """Green when the variant has less, red when it has more."""
    return "good" if (change.saved or 0) > 0 else "bad" if (change.saved or 0) < 0 else "muted"


def saving_cell(change: Change) -> str:
    """A `<td>` with the saving, coloured by whether the variant has less or more."""
    return f'<td class="{change_class(change)}">{esc(text.saving(change))}</td>'


def legend_html(items: Iterable[tuple[str, str]], line: bool = False) -> str:
    """A chart legend: one swatch (a bar, or a line when `line`) per (name, colour)."""
    swatch = "swatch line" if line else "swatch"
    return (
        '<ul class="legend">'
        + "".join(
            f'<li><span class="{swatch}" style="background:{color}"></span>{esc(name)}</li>' for name, color in items
        )
        + "</ul>"
    )


def badge_html(summary: str) -> str:
    """A verdict (or status) as a coloured badge."""
    return f'<span class="badge v-{esc(summary.replace(" ", "-"))}">{esc(summary)}</span>'
