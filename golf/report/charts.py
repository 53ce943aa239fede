"""Small hand-written SVG charts for the HTML report: horizontal stacked bars, and line charts (linear or log).

Each function returns one `<svg>` element as text, every label escaped; no scripts, no external resources.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

#: Colours for series and regions (Tableau 10, readable on white and distinguishable for most colour vision).
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")
#: More colours, for charts with many parts (the lighter partners of PALETTE, Tableau 20), grey left out.
PALETTE_LIGHT = ("#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6", "#8cd17d", "#f1ce63", "#d4a6c8", "#fabfd2", "#d7b5a6")
_INK, _GRID, _MUTED = "#222", "#e3e3e3", "#666"
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(frozen=True)
class Segment:
    """One part of a bar."""

    name: str
    value: float
    color: str


@dataclass(frozen=True)
class Bar:
    """One bar: a label on the left, segments stacked left to right, a note on the right."""

    label: str
    segments: tuple[Segment, ...]
    note: str = ""


@dataclass(frozen=True)
class Series:
    """One line; None or NaN values leave a gap."""

    name: str
    color: str
    values: tuple[float | None, ...]
    #: Stroke width; the reference is drawn wider and underneath, so equal lines hide it.
    width: float = 1.6


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi], about `count` of them (1, 2, 2.5 or 5 times a power of ten apart)."""
    if not hi > lo:
        hi = lo + 1
    raw = (hi - lo) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first, last = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
    return [round(i * step, 12) for i in range(first, last + 1)]


def _tick_label(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"


def bar_chart(bars: Sequence[Bar], *, title: str, unit: str, width: int = 760) -> str:
    """Horizontal bars, one per row, segments stacked; a value axis along the bottom."""
    label_width, note_width, row, top = 190, 130, 24, 8
    plot = width - label_width - note_width
    total = max((sum(s.value for s in b.segments) for b in bars), default=0) or 1
    ticks = nice_ticks(0, total)
    scale = plot / ticks[-1]
    height = top + row * len(bars) + 30
    out = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="12"><title>{escape(title)}</title>'
    ]
    for t in ticks:
        x = label_width + t * scale
        out.append(f'<line x1="{_fmt(x)}" y1="{top}" x2="{_fmt(x)}" y2="{height - 24}" stroke="{_GRID}"/>')
        out.append(
            f'<text x="{_fmt(x)}" y="{height - 10}" text-anchor="middle" fill="{_MUTED}">'
            f"{escape(_tick_label(t))}</text>"
        )
    for i, bar in enumerate(bars):
        y = top + i * row
        out.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" fill="{_INK}">{escape(bar.label)}</text>'
        )
        x = label_width
        for seg in bar.segments:
            w = seg.value * scale
            out.append(
                f'<rect x="{_fmt(x)}" y="{y + 4}" width="{_fmt(max(w, 0))}" height="16" fill="{seg.color}">'
                f"<title>{escape(f'{bar.label}: {seg.name}, {_tick_label(seg.value)} {unit}')}</title></rect>"
            )
            x += w
        out.append(f'<text x="{_fmt(x + 6)}" y="{y + 16}" fill="{_INK}">{escape(bar.note)}</text>')
    out.append(f'<text x="{width - 4}" y="{height - 10}" text-anchor="end" fill="{_MUTED}">{escape(unit)}</text>')
    out.append("</svg>")
    return "".join(out)


def _finite(values: Sequence[float | None]) -> list[float]:
    return [v for v in values if v is not None and math.isfinite(v)]


def _log_axis(series: Sequence[Series]) -> tuple[int, int]:
    """Decades (low, high) covering the positive values, at least two apart."""
    positive = [v for s in series for v in _finite(s.values) if v > 0]
    if not positive:
        return -17, -15
    low, high = math.floor(math.log10(min(positive))), math.ceil(math.log10(max(positive)))
    return low, max(high, low + 2)


def line_chart(
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    x_label: str,
    y_label: str,
    log: bool = False,
    y_range: tuple[float, float] | None = None,
    width: int = 760,
    height: int = 300,
) -> str:
    """Lines over steps 1..N. With `log`, values of 0 (or below the axis) are drawn on a dashed bottom line
    labelled 0, infinite ones at the top; on a linear axis, lines beyond `y_range` are cut at the plot's edge."""
    left, right, top, bottom = 70, 14, 12, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    steps = max((len(s.values) for s in series), default=1)
    ticks: list[tuple[float, str]]
    if log:
        low, high = _log_axis(series)
        every = max(1, math.ceil((high - low) / 8))
        floor = low - every
        lo, hi = floor, high
        decades = range(low, high + 1, every)
        ticks = [(floor, "0")] + [(float(e), "10" + str(e).translate(_SUPERSCRIPT)) for e in decades]
    else:
        found = [v for s in series for v in _finite(s.values)]
        lo, hi = y_range or ((min(found), max(found)) if found else (0.0, 1.0))
        values = nice_ticks(lo, hi)
        lo, hi = values[0], values[-1]
        ticks = [(v, _tick_label(v)) for v in values]

    def to_y(value: float) -> float:
        if log:
            value = high if math.isinf(value) and value > 0 else (math.log10(value) if value > 0 else floor)
            value = max(value, floor)
        y = top + plot_h - (value - lo) / ((hi - lo) or 1) * plot_h
        return min(max(y, -10 * height), 11 * height)  # keeps wild values to sane coordinates; the clip hides them

    def to_x(step: int) -> float:
        return left + (step / (steps - 1) * plot_w if steps > 1 else plot_w / 2)

    out = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="12"><title>{escape(title)}</title>',
        f'<clipPath id="{escape(chart_id)}-clip"><rect x="{left}" y="{top - 2}" width="{plot_w}" '
        f'height="{plot_h + 4}"/></clipPath>',
    ]
    for value, text in ticks:
        y = to_y(10**value if log else value) if not (log and value == floor) else top + plot_h
        dash = ' stroke-dasharray="4 3"' if log and value == floor else ""
        out.append(f'<line x1="{left}" y1="{_fmt(y)}" x2="{left + plot_w}" y2="{_fmt(y)}" stroke="{_GRID}"{dash}/>')
        out.append(f'<text x="{left - 6}" y="{_fmt(y + 4)}" text-anchor="end" fill="{_MUTED}">{escape(text)}</text>')
    for step in nice_ticks(1, steps, 6) if steps > 1 else [1]:
        if 1 <= step <= steps and float(step).is_integer():
            x = to_x(int(step) - 1)
            out.append(
                f'<line x1="{_fmt(x)}" y1="{top + plot_h}" x2="{_fmt(x)}" y2="{top + plot_h + 4}" '
                f'stroke="{_MUTED}"/><text x="{_fmt(x)}" y="{top + plot_h + 17}" text-anchor="middle" '
                f'fill="{_MUTED}">{int(step)}</text>'
            )
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{_MUTED}"/>')
    out.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" text-anchor="middle" fill="{_MUTED}">'
        f"{escape(x_label)}</text>"
    )
    out.append(
        f'<text transform="translate(14 {top + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle" '
        f'fill="{_MUTED}">{escape(y_label)}</text>'
    )
    out.append(f'<g clip-path="url(#{escape(chart_id)}-clip)" fill="none" stroke-linejoin="round">')
    for s in series:
        for run in _runs(s.values, log):
            points = " ".join(f"{_fmt(to_x(i))},{_fmt(to_y(v))}" for i, v in run)
            if len(run) == 1:
                i, v = run[0]
                out.append(
                    f'<circle class="series" cx="{_fmt(to_x(i))}" cy="{_fmt(to_y(v))}" r="3" '
                    f'fill="{s.color}"><title>{escape(s.name)}</title></circle>'
                )
            else:
                out.append(
                    f'<polyline class="series" points="{points}" stroke="{s.color}" '
                    f'stroke-width="{s.width}"><title>{escape(s.name)}</title></polyline>'
                )
    out.append("</g></svg>")
    return "".join(out)


def _runs(values: Sequence[float | None], log: bool) -> list[list[tuple[int, float]]]:
    """Stretches of drawable values with their step index; gaps at None and NaN (and -inf/+inf on a linear axis)."""
    runs: list[list[tuple[int, float]]] = [[]]
    for i, v in enumerate(values):
        drawable = v is not None and not math.isnan(v) and (log or math.isfinite(v))
        if drawable:
            runs[-1].append((i, v))  # type: ignore[arg-type]
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]
