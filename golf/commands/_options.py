"""Options shared by every command that runs variants, and their conversion to library values."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from golf.engine.check import DEFAULT_STEPS, Progress, check_many
from golf.engine.domain import DOMAINS, SHORT_SAMPLES
from golf.engine.equivalence import DEFAULT_ATOL, DEFAULT_RTOL, Tolerance
from golf.engine.instrument import Overrides
from golf.engine.runner import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, MIN_MEMORY_MB, RunOptions

if TYPE_CHECKING:  # the report package pulls in radon, which `golf check` never needs
    from golf.engine.variants import Variant
    from golf.engine.verdict import Verdict
    from golf.report.checking import CheckFunction, ExplainFunction


def positive_int(text: str) -> int:
    """argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not positive; give 1 or more")
    return value


def memory_mb(text: str) -> int:
    """argparse type: a memory limit in MiB, large enough for Python to start."""
    value = positive_int(text)
    if value < MIN_MEMORY_MB:
        raise argparse.ArgumentTypeError(f"{value} MiB is too little for Python to start; give {MIN_MEMORY_MB} or more")
    return value


def positive_float(text: str) -> float:
    """argparse type: a number above 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text} must be above 0")
    return value


def non_negative_float(text: str) -> float:
    """argparse type: a number of at least 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"{text} must be 0 or more")
    return value


def add_run_options(
    parser: argparse.ArgumentParser,
    *,
    default_steps: int | None = DEFAULT_STEPS,
    reference: str | None = "variant name or script every variant is compared against (default: original)",
    variants_folder: bool = True,
    jobs: bool = True,
    domain: bool = True,
    shortcuts: bool = True,
    jobs_help: str = "variants run at once (default: the number of cores)",
) -> None:
    """Add the options for running and comparing variants; a command shows only those it uses.

    `reference` is the help of --reference (None: the command has no such option, as `compare`, whose A is
    the reference), `variants_folder` adds --variants, `jobs` adds --jobs (with `jobs_help`), `domain` adds
    --samples and --domain, and `shortcuts` adds --fail-fast and --allow-full-length.
    """
    group = parser.add_argument_group("running variants")
    group.add_argument(
        "--steps",
        type=positive_int,
        default=None,
        metavar="N",
        help=f"run the first N steps of each program's own training (default: {default_steps}); the loop's count "
        "and every schedule using it stay as written",
    )
    # Commands without an option still read it from the namespace, as "not given".
    parser.set_defaults(default_steps=default_steps, samples=None, domain="full")
    parser.set_defaults(fail_fast=False, allow_full_length=False)
    if domain:
        group.add_argument(
            "--samples",
            type=positive_int,
            metavar="K",
            help=f"run the first K samples of each program's sampling loop (default: {SHORT_SAMPLES} with --steps "
            "shorter than the script's own count, else all)",
        )
        group.add_argument(
            "--domain",
            choices=DOMAINS,
            default="full",
            help="full (default): the built-in names, the built-in edge cases and another seed (plus --data); "
            "names: only the names (or only --data when given)",
        )
    if shortcuts:
        group.add_argument(
            "--fail-fast",
            action="store_true",
            help="stop each variant at its first value that differs from the reference's recorded run: faster, "
            "but the verdict then only tells identical from not (while the reference is not in the cache yet, "
            "fewer variants than runs at once run beside it, whole, instead)",
        )
        group.add_argument(
            "--allow-full-length",
            action="store_true",
            help="let a script golf cannot instrument run at its own length (minutes) to compare its printed "
            "output, although --steps was given",
        )
    group.add_argument(
        "--data",
        type=Path,
        metavar="FILE",
        help="text file to use as input.txt, one document a line (default: the built-in names)",
    )
    if reference is not None:
        group.add_argument("--reference", metavar="FILE", help=reference)
    if variants_folder:
        group.add_argument(
            "--variants",
            type=Path,
            metavar="DIR",
            dest="variants_dir",
            help="folder of variants (default: ./variants, else the variants bundled with golf)",
        )
    if jobs:
        group.add_argument("--jobs", "-j", type=positive_int, metavar="N", help=jobs_help)
    # Commands without an option still read it from the namespace, as "not given".
    parser.set_defaults(reference=None, variants_dir=None, jobs=None)
    group.add_argument(
        "--timeout",
        type=positive_float,
        default=DEFAULT_TIMEOUT_SECONDS,
        metavar="SECONDS",
        help=f"kill a run after this long (default: {DEFAULT_TIMEOUT_SECONDS:g})",
    )
    group.add_argument(
        "--memory",
        type=memory_mb,
        default=DEFAULT_MEMORY_MB,
        metavar="MIB",
        help=f"address-space limit per run in MiB (default: {DEFAULT_MEMORY_MB})",
    )
    group.add_argument("--no-cache", action="store_true", help="run everything again, ignoring the cache")
    group.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="where runs are cached (default: $GOLF_CACHE_DIR, else ~/.cache/golf); see `golf cache info`",
    )
    tol = parser.add_argument_group("tolerance of the `close` verdict: |a - b| <= atol + rtol * |a|")
    tol.add_argument("--rtol", type=non_negative_float, default=DEFAULT_RTOL, help=f"default {DEFAULT_RTOL:g}")
    tol.add_argument("--atol", type=non_negative_float, default=DEFAULT_ATOL, help=f"default {DEFAULT_ATOL:g}")
    det = parser.add_argument_group("detection overrides, for scripts golf cannot analyse on its own")
    det.add_argument("--backward", metavar="NAME", help="method or function name of the backward pass")
    det.add_argument("--grad-attr", metavar="ATTR", help="attribute holding a node's gradient")
    det.add_argument("--data-attr", metavar="ATTR", help="attribute holding a node's value")
    det.add_argument("--params", metavar="NAME", help="name of the flat parameter list the optimizer loops over")
    det.add_argument(
        "--loop-line",
        type=positive_int,
        metavar="LINE",
        help="line of the training loop's `for`, when there are several candidates",
    )


def run_options(args: argparse.Namespace) -> RunOptions:
    """The RunOptions the parsed arguments describe."""
    overrides = Overrides(
        backward=args.backward,
        grad_attr=args.grad_attr,
        data_attr=args.data_attr,
        params=args.params,
        loop_line=args.loop_line,
    )
    return RunOptions(timeout=args.timeout, memory_mb=args.memory, overrides=overrides)


def tolerance(args: argparse.Namespace) -> Tolerance:
    """The Tolerance the parsed arguments describe."""
    return Tolerance(rtol=args.rtol, atol=args.atol)


def add_explain_option(parser: argparse.ArgumentParser) -> None:
    """--explain: golf explain's answer for every variant that is not identical (a traced run each: on demand)."""
    parser.add_argument(
        "--explain",
        action="store_true",
        help="for each variant that is not identical, trace its first differing step and name the first "
        "operation that differs, with its line in both programs (as golf explain; 10 to 20 s a variant)",
    )


def explainer(args: argparse.Namespace) -> ExplainFunction | None:
    """golf explain with the run options of `args`, as text lines, when --explain was given."""
    if not getattr(args, "explain", False):
        return None

    def explain_lines(variant: Variant, reference: Variant, verdict: Verdict) -> tuple[str, ...]:
        from golf.explain import ExplainError, NothingToExplain, explain, render_lines

        first = verdict.first_bit_difference or verdict.first_divergence
        if first is not None and first.cell is not None:
            return (
                f"the first difference is in the {first.cell} cell; golf explain traces one data set "
                "(the names, or --data FILE)",
            )
        try:
            found = explain(
                variant,
                reference,
                steps=verdict.steps or None,
                data=args.data,
                options=run_options(args),
                use_cache=not args.no_cache,
                cache_dir=args.cache_dir,
                verdict=verdict,
            )
        except (ExplainError, NothingToExplain) as exc:
            return (f"cannot explain: {exc}",)
        return tuple(render_lines(found))

    return explain_lines


def steps_of(args: argparse.Namespace) -> int | None:
    """The training steps the parsed arguments ask for: --steps, else the command's default."""
    return args.steps if args.steps is not None else args.default_steps


def check_many_options(args: argparse.Namespace) -> dict[str, object]:
    """The keyword arguments of golf.engine.check.check_many that the shared options describe."""
    return {
        "steps": steps_of(args),
        "samples": args.samples,
        "domain": args.domain,
        "fail_fast": args.fail_fast,
        # An explicit --steps must never turn into a run of minutes without the user's say-so.
        "full_length": args.allow_full_length or args.steps is None,
        "data": args.data,
        "options": run_options(args),
        "tolerance": tolerance(args),
        "jobs": args.jobs,
        "use_cache": not args.no_cache,
        "cache_dir": args.cache_dir,
        "variants_dir": args.variants_dir,
    }


def checker(args: argparse.Namespace, progress: Progress | None) -> CheckFunction:
    """golf.engine.check.check_many with the run options of `args` and the progress callback bound."""

    def check(variants: Sequence[Variant], reference: Variant) -> list[Verdict]:
        return check_many(
            variants,
            reference,
            **check_many_options(args),
            progress=progress,
        )

    return check
