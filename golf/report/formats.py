"""The file formats of the reports, in one registry that `golf report` (which writes each) and `golf compare`
(`--format md|json|html`) share. The terminal tables are drawn on a console instead: golf.report.terminal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from golf.report import html, json_format, markdown
from golf.report.model import Comparison, Report


@dataclass(frozen=True)
class Format:
    """One output format: its name on the command line, the file `golf report` writes, and its renderers."""

    #: The name `golf compare --format` takes.
    name: str
    #: The file of `golf report`'s output folder it goes to.
    report_file: str
    render_report: Callable[[Report], str]
    render_comparison: Callable[[Comparison], str]


#: Every file format by name, in the order `golf report` writes them.
FORMATS = {
    f.name: f
    for f in (
        Format("md", "golf.md", markdown.render_report, markdown.render_comparison),
        Format("json", "golf.json", json_format.render_report, json_format.render_comparison),
        Format("html", "index.html", html.render_report, html.render_comparison),
    )
}
