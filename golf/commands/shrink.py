"""`golf shrink`: search for the shortest identical variant of a file, with a progress display and a log."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from golf import codemods
from golf.atomic import write_atomic
from golf.commands._console import stderr_console, stdout_console
from golf.commands._options import (
    add_run_options,
    positive_float,
    positive_int,
    run_options,
    steps_of,
    tolerance,
)
from golf.engine.cache import comparison_fingerprint, default_cache_dir
from golf.engine.check import ReferenceFailure
from golf.engine.data import DataError, load_data
from golf.engine.variants import VariantError
from golf.measure.count import count_source
from golf.report.savings_table import savings_table
from golf.search import CONFIRM_STEPS, METRICS, SEARCH_STEPS, ShrinkEvent, VerdictCache, make_checker, shrink

#: Exit codes.
EXIT_OK, EXIT_NO_SAVING, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
#: Time limit of one confirmation run: 1000 steps of a golfed GPT took 10 minutes on a 2-core machine.
CONFIRM_TIMEOUT_SECONDS = 3600.0


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "shrink",
        help="search for the shortest variant that stays identical",
        description="Apply the technique codemods greedily (or with a small --beam), check each promising "
        "candidate against FILE at --steps training steps, keep only identical ones, and confirm the winner "
        f"at --confirm-steps (default {CONFIRM_STEPS}). Verdicts are cached as they come, so an interrupted "
        "search (Ctrl-C) resumes where it stopped when run again. Every step, taken or not, goes to the log "
        "(JSON lines) with its reason; a step found not identical is not tried again in later rounds. --jobs "
        "candidates are checked at once, and as many worker processes share each round's expansion (default: "
        "the number of cores); the result does not depend on it. "
        "Exit 0 when a shorter identical variant was written (when its confirmation timed out, it is "
        "written unconfirmed and a warning says so), 1 when nothing could be saved, 2 on a usage error, 130 "
        "when interrupted.",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the Python file to shrink (also the reference)")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUT", help="where to write the result")
    parser.add_argument("--metric", choices=METRICS, default="bytes", help="what to minimise (default: bytes)")
    parser.add_argument(
        "--beam", type=positive_int, default=1, metavar="N", help="candidates kept per round (1: greedy)"
    )
    parser.add_argument(
        "--confirm-steps",
        type=positive_int,
        default=CONFIRM_STEPS,
        metavar="N",
        help=f"training steps of the final confirmation (default: {CONFIRM_STEPS})",
    )
    parser.add_argument("--no-confirm", action="store_true", help="skip the final confirmation")
    parser.add_argument(
        "--confirm-timeout",
        type=positive_float,
        default=CONFIRM_TIMEOUT_SECONDS,
        metavar="SECONDS",
        help=f"kill a confirmation run after this long (default: {CONFIRM_TIMEOUT_SECONDS:g}; a golfed GPT can "
        "take twice as long as the original for 1000 steps); --timeout limits the search's runs",
    )
    parser.add_argument(
        "--techniques",
        metavar="A,B",
        help=f"only these techniques (default: all: {', '.join(codemods.TECHNIQUES)})",
    )
    parser.add_argument("--log", type=Path, metavar="PATH", help="the search log (default: OUT.log.jsonl)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress display")
    add_run_options(
        parser,
        default_steps=SEARCH_STEPS,
        reference="script every candidate is compared against (default: FILE itself)",
        variants_folder=False,
        # Every candidate stops at its first difference, and none runs at its own length (see make_checker).
        shortcuts=False,
        jobs_help="candidates checked at once, and processes sharing each round's expansion (default: the "
        "number of cores)",
    )
    parser.set_defaults(run=run)


@contextmanager
def _progress(quiet: bool, metric: str, start: int) -> Iterator[Callable[[ShrinkEvent], None]]:
    """An event callback that shows the search on stderr (nothing when quiet or not a terminal)."""
    console = Console(file=sys.stderr)
    if quiet or not console.is_terminal:
        yield lambda event: None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(f"round 1 | {metric} {start}")
        state = {"best": start, "checks": 0}

        def show(event: ShrinkEvent) -> None:
            if event.verdict is not None:
                state["checks"] += 1
            if event.outcome == "accepted" and event.after is not None:
                state["best"] = event.after
                console.print(
                    f"  round {event.round}: {event.technique} {metric} {event.before} -> {event.after}",
                    markup=False,
                    highlight=False,
                )
            progress.update(
                task,
                description=f"round {event.round or 'confirm'} | {metric} {state['best']} | "
                f"{state['checks']} checks | last: {event.technique} {event.outcome}",
            )

        yield show


def _cache_context(args: argparse.Namespace, reference: str) -> str:
    digest = hashlib.sha256(reference.encode())
    digest.update(load_data(args.data))
    # The verdicts remembered hold for these settings and this checker only (a changed domain or engine
    # must not reuse what an older search found).
    settings = (run_options(args), tolerance(args), args.samples, args.domain, comparison_fingerprint())
    digest.update(repr(settings).encode())
    return digest.hexdigest()


def run(args: argparse.Namespace) -> int:
    err, out = stderr_console(), stdout_console()
    try:
        source = args.file.read_text(encoding="utf-8")
        reference_path = Path(args.reference) if args.reference else args.file
        context = _cache_context(args, reference_path.read_text(encoding="utf-8"))
    except OSError as exc:
        err.print(f"golf shrink: cannot read {exc.filename} ({exc.strerror})", markup=False)
        return EXIT_USAGE
    except DataError as exc:
        err.print(f"golf shrink: {exc}", markup=False)
        return EXIT_USAGE
    techniques = [t.strip() for t in args.techniques.split(",")] if args.techniques else None
    unknown = [t for t in techniques or [] if t not in codemods.TECHNIQUES]
    if unknown:
        err.print(f"golf shrink: unknown technique(s) {', '.join(unknown)}", markup=False)
        return EXIT_USAGE
    cache_root = args.cache_dir or default_cache_dir()
    cache = VerdictCache(cache_root / "shrink" / "verdicts.jsonl", context)
    log_path = args.log or args.output.with_name(args.output.name + ".log.jsonl")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="golf-shrink-") as work, log_path.open("w", encoding="utf-8") as log:
        checker, confirm_checker = (
            make_checker(
                reference_path,
                work_dir=work,
                data=args.data,
                samples=args.samples,
                domain=args.domain,
                options=options,
                tolerance=tolerance(args),
                use_cache=not args.no_cache,
                cache_dir=args.cache_dir,
            )
            for options in (run_options(args), replace(run_options(args), timeout=args.confirm_timeout))
        )
        start = count_source(source).total
        with _progress(args.quiet, args.metric, getattr(start, args.metric)) as show:

            def on_event(event: ShrinkEvent) -> None:
                log.write(json.dumps(event.to_dict()) + "\n")
                log.flush()
                show(event)

            try:
                result = shrink(
                    source,
                    args.metric,
                    checker,
                    steps=steps_of(args),
                    confirm_steps=None if args.no_confirm else args.confirm_steps,
                    beam=args.beam,
                    cache=cache,
                    on_event=on_event,
                    techniques=techniques,
                    jobs=args.jobs or os.cpu_count() or 1,
                    confirm_checker=confirm_checker,
                )
            except KeyboardInterrupt:
                err.print(
                    f"golf shrink: interrupted; {len(cache.entries)} verdicts are cached in {cache.path}: run the "
                    f"same command again to resume. Log so far: {log_path}",
                    markup=False,
                )
                return EXIT_INTERRUPTED
            except (ReferenceFailure, DataError, VariantError) as exc:
                err.print(f"golf shrink: {exc}", markup=False)
                return EXIT_USAGE
        log.write(
            json.dumps(
                {
                    "result": {
                        "metric": result.metric,
                        "start": result.start,
                        "end": result.end,
                        "confirmed": result.confirmed,
                        "chain": result.chain,
                    }
                }
            )
            + "\n"
        )
    write_atomic(args.output, result.source)
    out.print(
        savings_table(
            start,
            count_source(result.source).total,
            f"golf shrink --metric {args.metric}: {args.file} -> {args.output}",
        )
    )
    chain = " -> ".join(name for name, _ in result.chain) or "(none)"
    out.print(f"chain: {chain}", markup=False, highlight=False, soft_wrap=True)
    unconfirmed = next((e.reason for e in reversed(result.log) if e.outcome == "not-confirmed"), None)
    confirmation = "skipped" if args.no_confirm else (result.confirmed or unconfirmed or "nothing to confirm")
    if not args.no_confirm and result.confirmed is None and result.end < result.start:
        err.print(f"golf shrink: warning: {args.output} is not confirmed: {unconfirmed}", markup=False)
    out.print(f"confirmation at {args.confirm_steps} steps: {confirmation}; log: {log_path}", markup=False)
    return EXIT_OK if result.end < result.start else EXIT_NO_SAVING
