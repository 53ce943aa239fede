"""`golf check`: verdicts for variants against the reference."""

from __future__ import annotations

import argparse
import sys

from golf.commands._console import stderr_console, stdout_console
from golf.commands._json import envelope, write_json
from golf.commands._options import add_run_options, check_many_options, run_options, steps_of
from golf.commands._progress import run_progress
from golf.engine.cache import CacheError
from golf.engine.check import ReferenceFailure, check_many
from golf.engine.data import DataError
from golf.engine.sources import analysis_problems
from golf.engine.variants import REFERENCE_NAME, VariantError, discover
from golf.report.check_table import print_table

#: Exit codes.
EXIT_OK, EXIT_MISMATCH, EXIT_USAGE = 0, 1, 2


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="prove variants compute what the reference computes",
        description="Run each variant and the reference for a fixed seed, record every loss and every "
        "parameter gradient after each backward pass, and compare them bit for bit. Verdicts: identical, "
        "close (within --rtol/--atol), output-only (source not analysable, printed output matched), "
        "diverged (first step and quantity named), failed (crashed, timed out, out of memory). "
        "Exit 0 when every variant is identical or close and every known-bad one (in a sub-folder of the "
        "variants folder) is caught, 1 otherwise, 2 on a usage error or a failing reference.",
    )
    parser.add_argument(
        "variants",
        nargs="*",
        metavar="VARIANT",
        help="variant names or script paths (default: every variant in the variants folder)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print a JSON object (format_version, kind, generated, generator, steps, reference, and variants: "
        "one verdict per variant; see golf/schemas/check.schema.json) instead of a table",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress display")
    add_run_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    err = stderr_console()
    try:
        targets = args.variants or discover(args.variants_dir)
        if not args.quiet:
            for problem in analysis_problems(targets, args.variants_dir, run_options(args).overrides):
                err.print(f"golf check: {problem}", markup=False, highlight=False, soft_wrap=True)
        with run_progress(args.quiet or args.json) as progress:
            verdicts = check_many(
                targets,
                args.reference,
                **check_many_options(args),
                progress=progress,
            )
    except (VariantError, DataError, ReferenceFailure, CacheError) as exc:
        err.print(f"golf check: {exc}", markup=False, highlight=False, soft_wrap=True)  # one line, for grep
        return EXIT_USAGE
    if args.json:
        variants = [v.to_dict() for v in verdicts]
        write_json(
            envelope("check", steps=steps_of(args), reference=args.reference or REFERENCE_NAME, variants=variants),
            sys.stdout,
        )
    else:
        print_table(verdicts, stdout_console())
    return EXIT_OK if all(v.as_expected for v in verdicts) else EXIT_MISMATCH
