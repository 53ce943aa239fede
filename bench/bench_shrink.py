"""Benchmark: how short `golf shrink` gets original.py, next to hand golf and python-minifier.

How to run it (from the project root):

    .venv/bin/pip install python-minifier      # only for the python-minifier row; not a golf dependency
    .venv/bin/python bench/bench_shrink.py     # search at 3 steps, verdicts (the confirmation) at 1000 steps
    .venv/bin/python bench/bench_shrink.py --quick   # verdicts at 50 steps

It prints one Markdown table: lines, bytes, tokens and the equivalence verdict against
variants/original.py for original.py itself, `golf shrink` under each metric (lines, bytes,
tokens), variants/shortest.py (the hand-golfed variant), and python-minifier's output with
its default options. Rows whose input is missing (no shortest.py, python-minifier not
installed) say so instead. The shrunk files are written to --out (default
.golf-cache/bench_shrink/, git-ignored) so they can be read and checked again with `golf check`.
Each note gives the time of the row's verdict; a shrink row's note also gives its search's time (the
search runs without its own confirmation: the row's verdict at --verdict-steps is that confirmation).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from golf.engine.check import check  # noqa: E402
from golf.engine.runner import RunOptions  # noqa: E402
from golf.measure.count import count_source  # noqa: E402
from golf.search import METRICS, VerdictCache, make_checker, shrink  # noqa: E402

ORIGINAL = ROOT / "variants" / "original.py"
SHORTEST = ROOT / "variants" / "shortest.py"


def _row(name: str, source: str | None, path: Path | None, args: argparse.Namespace, note: str = "") -> str:
    if source is None or path is None:
        return f"| {name} | | | | | {note} |"
    counts = count_source(source).total
    started = time.monotonic()
    verdict = check(
        path, ORIGINAL, steps=args.verdict_steps, data=args.data, options=args.options, cache_dir=args.cache_dir
    )
    detail = f" ({verdict.failure})" if verdict.failure else ""
    note = "; ".join(filter(None, [note, f"verdict {time.monotonic() - started:.0f} s"]))
    return f"| {name} | {counts.lines} | {counts.bytes} | {counts.tokens} | {verdict.verdict}{detail} | {note} |"


def _minified() -> tuple[str | None, str]:
    try:
        import python_minifier  # type: ignore[import-not-found]
    except ImportError:
        return None, "skipped: python-minifier is not installed (.venv/bin/pip install python-minifier)"
    from importlib.metadata import version as installed_version

    version = installed_version("python-minifier")
    return python_minifier.minify(ORIGINAL.read_text(encoding="utf-8")), f"python-minifier {version}, default options"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=3, help="training steps of each check during the search")
    parser.add_argument("--verdict-steps", type=int, default=1000, help="steps of the verdicts and confirmations")
    parser.add_argument("--quick", action="store_true", help="verdicts and confirmations at 50 steps")
    parser.add_argument("--data", type=Path, help="input.txt to use (default: golf's built-in names)")
    parser.add_argument("--metrics", default=",".join(METRICS), help="metrics to shrink for (default: all)")
    parser.add_argument(
        "--out", type=Path, default=ROOT / ".golf-cache" / "bench_shrink", help="where to write the outputs"
    )
    parser.add_argument("--cache-dir", type=Path, help="golf's run cache (default: golf's own)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds a run may take (default: 3600)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="candidates checked at once")
    args = parser.parse_args()
    if args.quick:
        args.verdict_steps = 50
    args.options = RunOptions(timeout=args.timeout)
    args.out.mkdir(parents=True, exist_ok=True)
    original = ORIGINAL.read_text(encoding="utf-8")
    rows = [_row("original.py", original, ORIGINAL, args)]
    shortest_bytes = count_source(SHORTEST.read_text()).total.bytes if SHORTEST.exists() else None

    for metric in args.metrics.split(","):
        started = time.monotonic()
        checker = make_checker(
            ORIGINAL, work_dir=args.out / "work", data=args.data, options=args.options, cache_dir=args.cache_dir
        )
        cache = VerdictCache(args.out / "verdicts.jsonl", f"bench:{args.data}")
        # The search alone, then its result checked at --verdict-steps (what `golf shrink` confirms by default):
        # timed apart, since a 1000-step run of the result alone takes minutes whatever the search does.
        result = shrink(original, metric, checker, steps=args.steps, confirm_steps=None, cache=cache, jobs=args.jobs)
        searched = time.monotonic() - started
        path = args.out / f"shrink_{metric}.py"
        path.write_text(result.source, encoding="utf-8")
        note = f"{len(result.chain)} moves; search {searched:.0f} s"
        if shortest_bytes:
            note += f"; {100 * (len(result.source.encode()) / shortest_bytes - 1):+.1f}% bytes vs shortest.py"
        rows.append(_row(f"golf shrink --metric {metric}", result.source, path, args, note))

    if SHORTEST.exists():
        rows.append(_row("variants/shortest.py (hand golf)", SHORTEST.read_text(encoding="utf-8"), SHORTEST, args))
    else:
        rows.append(_row("variants/shortest.py (hand golf)", None, None, args, "skipped: variants/shortest.py missing"))

    minified, note = _minified()
    path = args.out / "python_minifier.py"
    if minified is not None:
        path.write_text(minified, encoding="utf-8")
        if shortest_bytes:
            note += f"; {100 * (len(minified.encode()) / shortest_bytes - 1):+.1f}% bytes vs shortest.py"
    rows.append(_row("python-minifier", minified, path if minified is not None else None, args, note))

    print(f"Verdicts against variants/original.py at {args.verdict_steps} steps; search checks at {args.steps} steps.")
    print()
    print("| variant | lines | bytes | tokens | verdict | notes |")
    print("|---|---:|---:|---:|---|---|")
    for row in rows:
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
