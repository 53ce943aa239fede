"""`golf explain VARIANT`: the first operation that differs from the reference, with its line in both programs."""

from __future__ import annotations

import argparse
import json
import sys

from golf.commands._console import stderr_console
from golf.commands._options import add_run_options, run_options
from golf.engine.cache import CacheError
from golf.engine.check import ReferenceFailure
from golf.engine.data import DataError
from golf.engine.variants import VariantError
from golf.explain import ExplainError, NothingToExplain, explain, render_lines

#: Exit codes: nothing to explain (identical), a difference explained, usage error or cannot explain.
EXIT_IDENTICAL, EXIT_EXPLAINED, EXIT_USAGE = 0, 1, 2


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "explain",
        help="name the first operation where a variant departs from the reference, with its line in both",
        description="Check VARIANT against the reference, then trace the first step that differs in both programs "
        "node by node (only that step; the steps before it run untraced), align the two graphs by value and name "
        "the first operation that differs: its phase (init, forward, backward, update, samples), the line in the "
        "variant and in the reference (from the operation outward to the caller), both values in full precision "
        "and their distance in ulps, and why. Exit 0 when the variant is identical (nothing to explain), 1 when a "
        "difference was explained, 2 on a usage error or when the difference cannot be traced.",
    )
    parser.add_argument(
        "variant", metavar="VARIANT", help="variant name (`shortest`, `broken/direct_division`) or script path"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    # The variant is traced on one data set (the names, or --data) with the check's default samples.
    add_run_options(parser, domain=False, shortcuts=False)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    err = stderr_console()
    try:
        explanation = explain(
            args.variant,
            args.reference,
            steps=args.steps,
            data=args.data,
            options=run_options(args),
            use_cache=not args.no_cache,
            cache_dir=args.cache_dir,
            variants_dir=args.variants_dir,
        )
    except NothingToExplain as exc:
        if args.json:
            json.dump({"variant": args.variant, "phase": None, "reason": str(exc)}, sys.stdout, indent=2)
            sys.stdout.write("\n")
        else:
            print(exc)
        return EXIT_IDENTICAL
    except (ExplainError, VariantError, DataError, ReferenceFailure, CacheError) as exc:
        err.print(f"golf explain: {exc}", markup=False, highlight=False, soft_wrap=True)
        return EXIT_USAGE
    if args.json:
        json.dump(explanation.to_dict(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print("\n".join(render_lines(explanation)))
    return EXIT_EXPLAINED
