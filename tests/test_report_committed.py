"""The committed reports (reports/golf.md, reports/golf.json) must match what the code produces from variants/.

Only what depends on the sources is compared (counts, metrics, regions): verdicts and timings need
runs, so they are left out. A variant added, removed or edited, or a change to the counters, makes
these tests fail until the reports are regenerated with REGENERATE.
"""

from __future__ import annotations

import difflib
import json
from typing import Any

import pytest
from conftest import ROOT, VARIANTS

from golf.engine.variants import REFERENCE_NAME, discover, resolve
from golf.report.build import build_report
from golf.report.json_format import FORMAT_VERSION, RUN_KEYS, report_to_dict
from golf.report.markdown import STATIC_SECTIONS, render_report, sections
from golf.report.model import Report

REPORTS = ROOT / "reports"
#: The command that rewrites the committed reports (from the project root).
REGENERATE = ".venv/bin/golf report   (from the project root; it runs every variant, 50 steps, cached)"


@pytest.fixture(scope="module")
def fresh() -> Report:
    """The report of today's variants, without the runs, with paths as `golf report` shows them from the root."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        return build_report(discover(VARIANTS), resolve(REFERENCE_NAME, VARIANTS))


def _committed(name: str) -> str:
    path = REPORTS / name
    if not path.exists():
        pytest.fail(f"reports/{name} is missing; generate it with\n    {REGENERATE}", pytrace=False)
    return path.read_text(encoding="utf-8")


def _static(variant: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in variant.items() if k not in RUN_KEYS}


def _mismatch(what: str, expected: str, produced: str) -> None:
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            produced.splitlines(keepends=True),
            f"committed {what}",
            f"{what} from today's variants",
        )
    )
    pytest.fail(
        f"{what} no longer matches the variants and the code; regenerate the reports with\n"
        f"    {REGENERATE}\nand commit reports/.\n\n{diff}",
        pytrace=False,
    )


def test_committed_json_matches_the_sources(fresh: Report) -> None:
    committed = json.loads(_committed("golf.json"))
    if committed.get("format_version") != FORMAT_VERSION:
        pytest.fail(
            f"reports/golf.json has format_version {committed.get('format_version')}, the code writes "
            f"{FORMAT_VERSION}; regenerate with\n    {REGENERATE}",
            pytrace=False,
        )
    produced = {v["name"]: _static(v) for v in report_to_dict(fresh)["variants"]}
    expected = {v["name"]: _static(v) for v in committed["variants"]}
    if list(produced) != list(expected):
        added, gone = sorted(set(produced) - set(expected)), sorted(set(expected) - set(produced))
        pytest.fail(
            f"reports/golf.json lists other variants than variants/ holds (new: {', '.join(added) or 'none'}; "
            f"gone: {', '.join(gone) or 'none'}; or another order); regenerate the reports with\n"
            f"    {REGENERATE}\nand commit reports/.",
            pytrace=False,
        )
    for name, entry in produced.items():
        if entry != expected[name]:
            _mismatch(
                f"the counts, metrics and regions of {name} in reports/golf.json",
                json.dumps(expected[name], indent=1) + "\n",
                json.dumps(entry, indent=1) + "\n",
            )


@pytest.mark.parametrize("section", STATIC_SECTIONS)
def test_committed_markdown_matches_the_sources(fresh: Report, section: str) -> None:
    committed = sections(_committed("golf.md"))
    produced = sections(render_report(fresh))
    if committed.get(section) != produced[section]:
        _mismatch(f"the {section} section of reports/golf.md", committed.get(section, ""), produced[section])


def test_committed_html_exists() -> None:
    html = _committed("index.html")
    assert "<svg" in html


def test_committed_report_was_checked() -> None:
    # The committed report is the full one, with verdicts: not one made with --no-check.
    committed = json.loads(_committed("golf.json"))
    assert {v["check"]["status"] for v in committed["variants"]} <= {"checked", "not run"}, (
        f"reports/golf.json was made without the equivalence runs; regenerate with\n    {REGENERATE}"
    )
