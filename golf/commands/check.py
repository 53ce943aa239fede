"""`golf check`: verdicts for variants against the reference."""

from __future__ import annotations

import argparse
import sys

from rich import box
from rich.console import Console
from rich.table import Table

from golf.commands._console import stderr_console, stdout_console
from golf.commands._json import envelope, write_json
from golf.commands._options import add_run_options, check_many_options
from golf.commands._progress import run_progress
from golf.engine.cache import CacheError
from golf.engine.check import ReferenceFailure, check_many
from golf.engine.data import DataError
from golf.engine.variants import REFERENCE_NAME, VariantError, discover
from golf.engine.verdict import Verdict, describe

#: Exit codes.
EXIT_OK, EXIT_MISMATCH, EXIT_USAGE = 0, 1, 2

_STYLE = {"identical": "green", "close": "yellow", "output-only": "cyan", "diverged": "red", "failed": "red"}
#: Notes that only say what golf detected and rewrote (shown with --json, not under the table).
_DETECTION_NOTES = ("backward: ", "training loop at line", "steps: rewrote")


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


def _row_expected(v: Verdict) -> str:
    if v.as_expected:
        return "caught" if v.known_bad else "ok"
    return "NOT CAUGHT" if v.known_bad else "MISMATCH"


def growth(v: Verdict, points: int = 6) -> str:
    """How the largest gradient difference grows over the steps, at a few evenly spread steps."""
    diffs = v.grad_diff_by_step
    if not diffs or not any(diffs):
        return ""
    first = next(i for i, d in enumerate(diffs) if d)
    picks = sorted({first + (len(diffs) - 1 - first) * k // (points - 1) for k in range(points)})
    return ", ".join(f"step {i + 1}: {diffs[i]:.2g}" for i in picks)


def _seconds(v: Verdict) -> str:
    if not v.seconds:
        return "-"  # never ran (a syntax error)
    return f"{v.seconds:.1f}" + (" (cached)" if v.cached else "")


def print_table(verdicts: list[Verdict], console: Console) -> None:
    """The verdict table, then one paragraph per variant that is not identical."""
    steps = verdicts[0].steps if verdicts else 0
    table = Table(
        title=f"golf check ({steps or 'full'} steps)", box=box.SIMPLE_HEAD if console.is_terminal else box.ASCII
    )
    for column in ("variant", "verdict", "expected", "first difference", "max ulp", "seconds"):
        table.add_column(column, no_wrap=column != "first difference")
    for v in verdicts:
        first = v.first_divergence or v.first_bit_difference
        where = f"step {first.step} {first.quantity}" if first else ""
        if first and first.parameter:
            where += f" {first.parameter}"
        table.add_row(
            v.variant + (" (known-bad)" if v.known_bad else ""),
            f"[{_STYLE[v.verdict]}]{v.verdict}[/]",
            _row_expected(v),
            v.failure or where,
            f"{v.max_ulp_diff:.3g}" if v.max_ulp_diff >= 1e6 else str(v.max_ulp_diff),
            _seconds(v),
        )
    console.print(table)
    if any(v.cached for v in verdicts):
        console.print(
            "(cached): the run came from the cache; its seconds are those of the run that produced it "
            "(--no-cache runs it again)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    for v in verdicts:
        lines = []
        first = v.first_divergence or v.first_bit_difference
        if first is not None and first.variant is not None:
            lines.append(f"first difference: {describe(first)}")
        if v.verdict in ("close", "diverged"):
            lines.append(f"max abs {v.max_abs_diff:.3g}, max rel {v.max_rel_diff:.3g}, max ulp {v.max_ulp_diff}")
        if grows := growth(v):
            lines.append(f"largest gradient difference by step: {grows}")
        lines += [n for n in v.notes if not n.startswith(_DETECTION_NOTES)]
        if v.verdict == "failed" and v.stderr_tail:
            lines.append("last lines of stderr:\n  " + v.stderr_tail.replace("\n", "\n  "))
        if lines:
            console.print(f"[bold]{v.variant}[/]", highlight=False)
            for line in lines:
                console.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)


def run(args: argparse.Namespace) -> int:
    err = stderr_console()
    try:
        targets = args.variants or discover(args.variants_dir)
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
            envelope("check", steps=args.steps, reference=args.reference or REFERENCE_NAME, variants=variants),
            sys.stdout,
        )
    else:
        print_table(verdicts, stdout_console())
    return EXIT_OK if all(v.as_expected for v in verdicts) else EXIT_MISMATCH
