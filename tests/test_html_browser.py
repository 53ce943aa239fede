"""The HTML report in a real headless browser: it loads without console errors, the charts are in the DOM, and a
screenshot is saved to tests/artifacts/ for a human to look at.

Uses Debian's `chromium` (or Chrome, or $GOLF_BROWSER); skipped, saying why, when no browser is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT
from test_report_golden import small_comparison, small_report

from golf.report.html import render_comparison, render_report

ARTIFACTS = ROOT / "tests" / "artifacts"
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
#: What chromium logs for the page's console (`INFO:CONSOLE:1] "Uncaught Error: ..."`, older versions
#: `CONSOLE(1)`): the report has no scripts, so any console message at all is a fault.
_CONSOLE_ERROR = re.compile(r":CONSOLE\b|CONSOLE\(\d+\)|Uncaught|Failed to load resource")


def _browser() -> str | None:
    if found := os.environ.get("GOLF_BROWSER"):
        return found
    return next((path for name in _CANDIDATES if (path := shutil.which(name))), None)


BROWSER = _browser()
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason=f"no headless browser found (looked for {', '.join(_CANDIDATES)} and $GOLF_BROWSER); "
    "install Debian's chromium: apt-get install -y chromium",
)


def _run(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(BROWSER),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *extra,
        page.as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def _console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if _CONSOLE_ERROR.search(line)]


def _dom(page: Path, tmp_path: Path) -> str:
    result = _run(page, tmp_path / "profile-dom", "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert not _console_errors(result.stderr), _console_errors(result.stderr)
    return result.stdout


def test_report_page_loads_with_its_charts(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text(render_report(small_report()), encoding="utf-8")
    dom = _dom(page, tmp_path)
    assert dom.count("<svg") == 5, "line and byte bars, loss curves, gradient and loss differences"
    assert dom.count('class="series"') >= 5
    assert "odd|&lt;b&gt;name&lt;/b&gt;" in dom, "escaped text stays text"
    assert "<b>name</b>" not in dom, "no markup from a variant's name reached the page"

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    result = _run(
        page, tmp_path / "profile-shot", "--hide-scrollbars", "--window-size=1280,2900", f"--screenshot={shot}"
    )
    assert result.returncode == 0 and shot.exists() and shot.stat().st_size > 10_000, result.stderr[-2000:]


def test_comparison_page_loads(tmp_path: Path) -> None:
    page = tmp_path / "compare.html"
    page.write_text(render_comparison(small_comparison()), encoding="utf-8")
    dom = _dom(page, tmp_path)
    assert '<pre class="diff">' in dom and "identical" in dom


def test_console_errors_are_detected(tmp_path: Path) -> None:
    # The check above must be able to fail: a page with an uncaught exception is caught.
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><title>x</title><script>throw new Error('boom')</script>", encoding="utf-8")
    result = _run(page, tmp_path / "profile", "--dump-dom")
    assert _console_errors(result.stderr), result.stderr[-2000:]
