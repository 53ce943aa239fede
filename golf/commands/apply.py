"""`golf apply`: run one technique codemod on a file, write the result, show the savings (and the verdict)."""

from __future__ import annotations

import argparse
from pathlib import Path

from golf import codemods
from golf.atomic import write_atomic
from golf.commands._console import stderr_console, stdout_console
from golf.commands._options import add_run_options, run_options, steps_of, tolerance
from golf.engine.check import ReferenceFailure
from golf.engine.data import DataError
from golf.engine.variants import VariantError
from golf.measure.count import count_source
from golf.report.savings_table import savings_table
from golf.search import SEARCH_STEPS

#: Exit codes.
EXIT_OK, EXIT_NOT_APPLIED, EXIT_USAGE = 0, 1, 2


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "apply",
        help="apply one golfing technique to a file",
        description="Apply one technique codemod to FILE and write the result to OUT (atomically), then show "
        "how many lines, bytes and tokens it saved; with --check, also the equivalence verdict against FILE "
        "(or --reference). A technique that cannot keep the program exact refuses, says why, and writes "
        "nothing (exit 1); a missing or unknown parameter is a usage error (exit 2). A trial technique proves "
        "nothing by itself: its result is only as good as its --check verdict. `golf techniques` lists every "
        "technique with its kind, parameters and summary.",
    )
    parser.add_argument("technique", metavar="TECHNIQUE", help="technique name (see `golf techniques`)")
    parser.add_argument(
        "args",
        nargs="*",
        metavar="ARG",
        help="the technique's parameters, positional in order (inline-function softmax) or KEY=VALUE",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the Python file to transform")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUT", help="where to write the result")
    parser.add_argument("--check", action="store_true", help="check the result against FILE and show the verdict")
    add_run_options(
        parser,
        default_steps=SEARCH_STEPS,
        reference="script the --check verdict compares against (default: FILE)",
        variants_folder=False,
        jobs=False,
    )
    parser.set_defaults(run=run)


def parse_params(technique: codemods.Technique, args: list[str]) -> dict[str, str]:
    """The technique's parameters from `ARG`s: positional ones in declared order, or KEY=VALUE."""
    params: dict[str, str] = {}
    positional = iter(technique.params)
    for arg in args:
        if "=" in arg:
            key, value = arg.split("=", 1)
            params[key] = value
            continue
        param = next(positional, None)
        if param is None:
            raise ValueError(f"{technique.name} takes no more positional parameters (got {arg!r})")
        params[param.name] = arg
    known = {p.name for p in technique.params}
    if unknown := sorted(set(params) - known):
        accepted = ", ".join(sorted(known)) or "none"
        raise ValueError(f"{technique.name} has no parameter(s) {', '.join(unknown)} (it takes: {accepted})")
    if missing := [p.name for p in technique.params if p.default is None and p.name not in params]:
        raise ValueError(
            f"{technique.name} needs the parameter(s) {', '.join(missing)}; see `golf techniques` for what they mean"
        )
    return params


def run(args: argparse.Namespace) -> int:
    err, out = stderr_console(), stdout_console()
    try:
        technique = codemods.get(args.technique)
        params = parse_params(technique, args.args)
        source = args.file.read_text(encoding="utf-8")
    except (codemods.UnknownTechnique, ValueError) as exc:
        err.print(f"golf apply: {exc}", markup=False)
        return EXIT_USAGE
    except OSError as exc:
        err.print(f"golf apply: {args.file}: cannot read ({exc.strerror})", markup=False)
        return EXIT_USAGE
    outcome = codemods.apply(technique.name, source, params)
    if not isinstance(outcome, codemods.Applied):
        kind = "refused" if isinstance(outcome, codemods.Refused) else "failed"
        err.print(f"golf apply: {technique.name} {kind}: {outcome.reason}; {args.output} not written", markup=False)
        if isinstance(outcome, codemods.Failed) and outcome.traceback:
            err.print(outcome.traceback, markup=False)
        return EXIT_NOT_APPLIED
    write_atomic(args.output, outcome.source)
    out.print(
        savings_table(
            count_source(source).total,
            count_source(outcome.source).total,
            f"{technique.name}: {args.file} -> {args.output}",
        )
    )
    if not args.check:
        if technique.trial:
            err.print(
                f"golf apply: note: {technique.name} is a trial technique; nothing proves {args.output} computes "
                "the same thing: run again with --check (golf shrink keeps such a move only when it is identical)",
                markup=False,
            )
        return EXIT_OK
    from golf.engine.check import check

    try:
        verdict = check(
            args.output,
            args.reference or args.file,
            steps=steps_of(args),
            samples=args.samples,
            domain=args.domain,
            fail_fast=args.fail_fast,
            full_length=args.allow_full_length or args.steps is None,
            data=args.data,
            options=run_options(args),
            tolerance=tolerance(args),
            use_cache=not args.no_cache,
            cache_dir=args.cache_dir,
        )
    except (ReferenceFailure, DataError, VariantError) as exc:
        err.print(f"golf apply: {exc}", markup=False)
        return EXIT_USAGE
    detail = f" ({verdict.failure})" if verdict.failure else ""
    out.print(f"verdict at {steps_of(args)} steps: {verdict.verdict}{detail}", markup=False)
    return EXIT_OK if verdict.verdict == "identical" else EXIT_NOT_APPLIED
