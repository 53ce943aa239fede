"""`golf compare A B`: two variants side by side, B checked with A as the reference."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from golf.atomic import write_atomic
from golf.commands._console import stderr_console, stdout_console
from golf.commands._options import add_explain_option, add_run_options, checker, explainer, steps_of
from golf.commands._progress import run_progress
from golf.engine.data import DataError
from golf.engine.variants import VariantError, resolve
from golf.report.build import compare_variants
from golf.report.formats import FORMATS
from golf.report.model import Comparison
from golf.report.terminal import print_comparison

#: Exit codes.
EXIT_OK, EXIT_MISMATCH, EXIT_USAGE = 0, 1, 2


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="two variants side by side: counts, metrics, regions, diff, and B checked against A",
        description="Compare variant B with variant A (names such as `shortest` or paths of .py files): every "
        "counter and radon metric with the change, the lines of each region (added and removed ones marked), a "
        "unified diff, and, unless --no-check, the equivalence verdict of B run with A as the reference. "
        "Exit 0 when B is proven equivalent to A (or not checked) and both could be measured, 1 otherwise, "
        "2 on a usage error.",
    )
    parser.add_argument("a", metavar="A", help="the variant compared against (the reference of the check)")
    parser.add_argument("b", metavar="B", help="the variant compared")
    parser.add_argument(
        "--format",
        "-f",
        choices=("terminal", *FORMATS),
        default="terminal",
        help="terminal tables (default), or Markdown, JSON or HTML on stdout (or in --output)",
    )
    parser.add_argument("--output", "-o", type=Path, metavar="FILE", help="write the md, json or html output here")
    parser.add_argument("--no-check", action="store_true", help="measure and diff only; skip the equivalence run")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress display")
    add_run_options(parser, reference=None)
    add_explain_option(parser)
    parser.set_defaults(run=run)


def _exit_code(comparison: Comparison) -> int:
    if comparison.a.error or comparison.b.error or comparison.check.status in ("error", "not run"):
        return EXIT_MISMATCH
    verdict = comparison.check.verdict
    return EXIT_OK if verdict is None or verdict.equivalent else EXIT_MISMATCH


def run(args: argparse.Namespace) -> int:
    err = stderr_console()
    if args.output and args.format == "terminal":
        err.print("golf compare: --output needs --format md, json or html", markup=False)
        return EXIT_USAGE
    try:
        a, b = resolve(args.a, args.variants_dir), resolve(args.b, args.variants_dir)
        with run_progress(args.quiet) as progress:
            check = None if args.no_check else checker(args, progress)
            comparison = compare_variants(a, b, check=check, steps=steps_of(args), explain=explainer(args))
    except (VariantError, DataError) as exc:
        err.print(f"golf compare: {exc}", markup=False)
        return EXIT_USAGE
    if args.format == "terminal":
        print_comparison(comparison, stdout_console())
    else:
        rendered = FORMATS[args.format].render_comparison(comparison)
        if args.output:
            try:
                write_atomic(args.output, rendered)
            except OSError as exc:
                err.print(f"golf compare: cannot write {args.output}: {exc}", markup=False)
                return EXIT_USAGE
        else:
            sys.stdout.write(rendered)
    if comparison.check.status == "error":
        err.print(f"golf compare: the check failed: {comparison.check.error}", markup=False)
    return _exit_code(comparison)
