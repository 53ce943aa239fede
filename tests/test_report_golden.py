"""Golden files: each output format of a small hand-made report and comparison, compared with tests/golden/.

The model is built by hand (no counting, no runs), so these tests change only when a format
changes. Timestamps, golf's version and temporary paths are scrubbed before comparing. To
accept an intended change, regenerate the files with REGENERATE (below) and review the diff.
"""

from __future__ import annotations

import difflib
import io
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from golf.engine.verdict import Difference, Verdict
from golf.measure.metrics import RadonMetrics
from golf.measure.model import Counts, RegionCounts, SourceCounts
from golf.report import html as report_html
from golf.report import json_format as report_json
from golf.report import markdown as report_markdown
from golf.report import terminal as report_terminal
from golf.report.changes import changes
from golf.report.json_format import FORMAT_VERSION
from golf.report.model import CheckOutcome, Comparison, Measured, Report, VariantReport

GOLDEN = Path(__file__).resolve().parent / "golden"
#: The command that rewrites the golden files from what the code produces now.
REGENERATE = "GOLF_REGENERATE_GOLDEN=1 .venv/bin/pytest tests/test_report_golden.py"

_SCRUBS = [
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"), "<TIMESTAMP>"),
    (re.compile(r"golf \d+\.\d+\.\d+(?:[-+.]?[0-9A-Za-z]+)*"), "golf <VERSION>"),
    (re.compile(r"(/tmp|/private/var|/var/folders)/\S*?(?=[\s\"'<)`]|$)"), "<TMP>"),
]


def scrub(text: str) -> str:
    """`text` without what changes from run to run: timestamps, golf's version, temporary paths."""
    for pattern, replacement in _SCRUBS:
        text = pattern.sub(replacement, text)
    return text


def assert_golden(name: str, produced: str) -> None:
    """Compare `produced` (scrubbed) with tests/golden/<name>; show a diff and the regenerate command on mismatch."""
    path = GOLDEN / name
    produced = scrub(produced)
    if os.environ.get("GOLF_REGENERATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(produced, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8") if path.exists() else ""
    if produced != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                produced.splitlines(keepends=True),
                f"tests/golden/{name} (expected)",
                f"{name} (produced now)",
            )
        )
        pytest.fail(
            f"tests/golden/{name} does not match the output; if the change is intended, regenerate with\n"
            f"    {REGENERATE}\nand review the diff of tests/golden/.\n\n{diff}",
            pytrace=False,
        )


def _counts(lines: int, code: int, logical: int, size: int, tokens: int) -> Counts:
    return Counts(
        lines=lines,
        blank=lines - code - 2,
        comments=1,
        docstrings=1,
        code=code,
        logical=logical,
        bytes=size,
        chars=size * 3 // 4,
        tokens=tokens,
        longest_line=79,
    )


def _source(*regions: tuple[str, str, Counts]) -> SourceCounts:
    parts = tuple(RegionCounts(name, kind, counts) for name, kind, counts in regions)
    total = Counts()
    for part in parts:
        total = total + part.counts
    return SourceCounts(total, parts)


def _metrics(mi: float, volume: float, worst: str | None = "gpt") -> RadonMetrics:
    return RadonMetrics(
        loc=40,
        lloc=30,
        sloc=30,
        comments=2,
        multi=2,
        blank=6,
        single_comments=1,
        cc_blocks=4,
        cc_average=2.25,
        cc_worst_name=worst,
        cc_worst=5,
        mi=mi,
        halstead_volume=volume,
        halstead_difficulty=7.5,
    )


ORIGINAL = Measured(
    "original",
    "variants/original.py",
    False,
    "x = 1\n",
    _source(
        ("module code", "module", _counts(12, 8, 8, 300, 80)),
        ("Value", "class", _counts(20, 16, 14, 600, 150)),
        ("softmax", "function", _counts(8, 4, 4, 200, 60)),
    ),
    _metrics(44.85, 1851.78),
)
SHORT = Measured(
    "short",
    "variants/short.py",
    False,
    "x=1\n",
    _source(
        ("module code", "module", _counts(6, 4, 5, 150, 70)),
        ("Value", "class", _counts(10, 8, 9, 300, 120)),
        ("adam", "function", _counts(4, 2, 2, 90, 30)),
    ),
    _metrics(52.1, 1500.0),
)
#: Text that must be escaped in every format: a pipe, markup, HTML.
NASTY = Measured(
    "odd|<b>name</b>",
    "/tmp/pytest-of-x/variants/odd.py",
    False,
    None,
    error="does not parse: line 3, column 5: <script>alert('x')</script> | *not bold*",
)
BROKEN = Measured(
    "broken/one_one",
    "variants/broken/one_one.py",
    True,
    "x = 2\n",
    _source(
        ("module code", "module", _counts(12, 8, 8, 300, 80)),
        ("Value", "class", _counts(20, 16, 14, 610, 150)),
        ("softmax", "function", _counts(8, 4, 4, 200, 60)),
    ),
    _metrics(44.9, 1851.78),
)

REFERENCE_VERDICT = Verdict(
    "original",
    "identical",
    3,
    losses=(3.3, 3.1, 2.9),
    loss_diff_by_step=(0.0, 0.0, 0.0),
    grad_diff_by_step=(0.0, 0.0, 0.0),
    samples=("anna",),
    seconds=4.0,
)
SHORT_VERDICT = Verdict(
    "short",
    "identical",
    3,
    losses=(3.3, 3.1, 2.9),
    loss_diff_by_step=(0.0, 0.0, 0.0),
    grad_diff_by_step=(0.0, 0.0, 0.0),
    samples=("anna",),
    seconds=2.0,
)
BROKEN_VERDICT = Verdict(
    "broken/one_one",
    "diverged",
    3,
    known_bad=True,
    first_bit_difference=Difference(1, "grad", "wte[0][0]", -0.13631832170051272, -0.25),
    first_divergence=Difference(1, "grad", "wte[0][0]", -0.13631832170051272, -0.25),
    max_abs_diff=0.5,
    max_rel_diff=1.2,
    max_ulp_diff=123456789,
    grad_diff_by_step=(0.11, 0.3, 0.5),
    loss_diff_by_step=(0.0, 1e-9, 0.02),
    losses=(3.3, 3.1000000001, 2.92),
    samples=("bob",),
    seconds=0.0,
)


def small_report() -> Report:
    """The fixed report the golden files show: a reference, a golfed variant, one that does not parse, a known-bad."""
    rows = (
        VariantReport(
            ORIGINAL, True, changes(ORIGINAL, ORIGINAL), CheckOutcome("checked", REFERENCE_VERDICT, time_ratio=1.0)
        ),
        VariantReport(SHORT, False, changes(ORIGINAL, SHORT), CheckOutcome("checked", SHORT_VERDICT, time_ratio=0.5)),
        VariantReport(
            NASTY,
            False,
            changes(ORIGINAL, NASTY),
            CheckOutcome("not run", error="does not compile: line 3: invalid syntax"),
        ),
        VariantReport(BROKEN, False, changes(ORIGINAL, BROKEN), CheckOutcome("checked", BROKEN_VERDICT)),
    )
    return Report("2024-01-02T03:04:05Z", "golf 0.1.0", 3, "original", rows, ("Run times are rough.",))


def small_comparison() -> Comparison:
    return Comparison(
        "2024-01-02T03:04:05Z",
        "golf 0.1.0",
        3,
        ORIGINAL,
        SHORT,
        changes(ORIGINAL, SHORT),
        "--- variants/original.py\n+++ variants/short.py\n@@ -1 +1 @@\n-x = 1\n+x=1\n",
        CheckOutcome("checked", SHORT_VERDICT, time_ratio=0.5),
    )


def _terminal(print_function: Callable[[object, Console], None], value: object) -> str:
    out = io.StringIO()
    print_function(value, Console(file=out, width=160, no_color=True, highlight=False, force_terminal=False))
    return out.getvalue()


CASES = [
    pytest.param("report.md", lambda: report_markdown.render_report(small_report()), id="report-md"),
    pytest.param("report.json", lambda: report_json.render_report(small_report()), id="report-json"),
    pytest.param("report.html", lambda: report_html.render_report(small_report()), id="report-html"),
    pytest.param("report.txt", lambda: _terminal(report_terminal.print_report, small_report()), id="report-terminal"),
    pytest.param("compare.md", lambda: report_markdown.render_comparison(small_comparison()), id="compare-md"),
    pytest.param("compare.json", lambda: report_json.render_comparison(small_comparison()), id="compare-json"),
    pytest.param("compare.html", lambda: report_html.render_comparison(small_comparison()), id="compare-html"),
    pytest.param(
        "compare.txt", lambda: _terminal(report_terminal.print_comparison, small_comparison()), id="compare-terminal"
    ),
]


@pytest.mark.parametrize(("name", "render"), CASES)
def test_golden(name: str, render: Callable[[], str]) -> None:
    assert_golden(name, render())


# Snippets checked beside the whole files, so the intent survives a regeneration.


def test_markdown_snippets() -> None:
    md = report_markdown.render_report(small_report())
    assert "| short | 20 | 20 (50.0%) | 14 | 14 (50.0%) |" in md
    assert "| odd\\|&lt;b&gt;name&lt;/b&gt; |" in md, "a pipe and HTML in a name are escaped"
    assert "<script>" not in md
    divergence = "step 1 grad wte[0][0]: -0.13631832170051272 vs -0.25"
    assert f"| broken/one_one | diverged | caught | {divergence} | — | cached |" in md
    assert "| short | identical | ok |  | — | 0.50x |" in md
    assert "| short | 6 (-6) | 10 (-10) | removed | new: 4 |" in md


def test_json_snippets() -> None:
    data = json.loads(report_json.render_report(small_report()))
    assert data["format_version"] == FORMAT_VERSION
    short = data["variants"][1]
    assert short["savings"]["lines"] == {"saved": 20, "saved_percent": 50.0}
    assert [(r["name"], r["status"]) for r in short["regions"]] == [
        ("module code", "changed"),
        ("Value", "changed"),
        ("softmax", "removed"),
        ("adam", "added"),
    ]
    assert short["check"]["time_ratio"] == 0.5
    assert data["variants"][2]["error"].startswith("does not parse")
    assert data["variants"][2]["counts"] is None


def test_html_escapes_and_is_self_contained() -> None:
    html = report_html.render_report(small_report())
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "odd|&lt;b&gt;name&lt;/b&gt;" in html
    assert not re.search(r"""(src|href)\s*=|@import|url\((?!#)""", html), "no external resources"
    assert html.count("<svg") == 5, "lines, bytes, losses, gradient and loss differences"
    assert "dashed line marked 0" in html, "the legend says where zero differences are drawn"
