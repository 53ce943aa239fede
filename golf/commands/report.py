"""`golf report`: every variant against the reference, printed as tables and written as Markdown, JSON and HTML."""

from __future__ import annotations

import argparse
from pathlib import Path

from golf.atomic import write_all_atomic
from golf.commands._console import stderr_console, stdout_console
from golf.commands._options import add_explain_option, add_run_options, checker, explainer, steps_of
from golf.commands._progress import run_progress
from golf.engine.data import DataError
from golf.engine.variants import REFERENCE_NAME, VariantError, discover, resolve
from golf.report.build import build_report
from golf.report.formats import FORMATS
from golf.report.model import Report
from golf.report.terminal import print_report

#: Exit codes.
EXIT_OK, EXIT_MISMATCH, EXIT_USAGE = 0, 1, 2
#: Where the report goes by default.
DEFAULT_OUTPUT = Path("reports")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="size savings, radon metrics and equivalence of every variant, as tables, Markdown, JSON and HTML",
        description="Measure every variant in the variants folder (sub-folders hold known-bad ones, listed "
        "separately) against the reference: lines, code lines, logical lines, bytes and tokens with the saving in "
        "each, radon's metrics, lines per region (top-level class or function), and, unless --no-check, the "
        "equivalence verdict with the first divergence and the run time relative to the reference. Prints tables "
        "and writes golf.md, golf.json and index.html to --output. A variant that cannot be read, parsed or run "
        "becomes a row with its error. Exit 0 when every golfed variant is measured and proven equivalent (or not "
        "checked) and every known-bad one is caught, 1 otherwise, 2 on a usage error.",
    )
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="DIR",
        help=f"folder for golf.md, golf.json and index.html (default: {DEFAULT_OUTPUT}/)",
    )
    parser.add_argument(
        "--no-check", action="store_true", help="measure only; skip the equivalence runs (verdict column: not checked)"
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress display and no list of files written")
    add_run_options(parser)
    add_explain_option(parser)
    parser.set_defaults(run=run)


def render_all(report: Report, output: Path) -> dict[Path, str]:
    """Every file of the report, rendered in memory (so a failure writes nothing)."""
    return {output / f.report_file: f.render_report(report) for f in FORMATS.values()}


def run(args: argparse.Namespace) -> int:
    err = stderr_console()
    try:
        variants = discover(args.variants_dir)
        reference = resolve(args.reference or REFERENCE_NAME, args.variants_dir)
        with run_progress(args.quiet) as progress:
            check = None if args.no_check else checker(args, progress)
            report = build_report(variants, reference, check=check, steps=steps_of(args), explain=explainer(args))
    except (VariantError, DataError) as exc:
        err.print(f"golf report: {exc}", markup=False)
        return EXIT_USAGE
    files = render_all(report, args.output)
    try:
        write_all_atomic(files)
    except OSError as exc:
        err.print(f"golf report: cannot write the report to {args.output}: {exc}", markup=False)
        return EXIT_USAGE
    print_report(report, stdout_console())
    if not args.quiet:
        err.print("wrote " + ", ".join(str(path) for path in files), markup=False)
    for row in report.variants:
        if row.check.status == "error":
            err.print(f"golf report: the check failed: {row.check.error}", markup=False)
            break
    return EXIT_OK if all(row.as_expected for row in report.variants) else EXIT_MISMATCH
