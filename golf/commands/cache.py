"""`golf cache info` and `golf cache clear`: what the run cache holds, and emptying it."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from golf.commands._console import stderr_console, stdout_console
from golf.engine.cache import default_cache_dir
from golf.engine.cache_usage import (
    DEFAULT_SIZE_LIMIT,
    SIZE_LIMIT_VARIABLE,
    clear,
    parse_size,
    size_limit,
    usage,
)

#: Exit codes.
EXIT_OK, EXIT_USAGE = 0, 2


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "cache",
        help="show the size of the run cache, or clear it",
        description="Runs and verdicts are cached on disk ($GOLF_CACHE_DIR, else $XDG_CACHE_HOME/golf, else "
        "~/.cache/golf) so an unchanged check is immediate. After a command stores something, the least "
        f"recently used entries are removed while the cache is above its bound: ${SIZE_LIMIT_VARIABLE} "
        f"(500M, 2G, ...; 0 for no bound), default {_human(DEFAULT_SIZE_LIMIT)}.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, help_text in (
        ("info", "where the cache is, what it holds, its size and its bound"),
        ("clear", "remove every cached run and verdict (the folder itself stays)"),
    ):
        action = actions.add_parser(name, help=help_text, description=help_text[0].upper() + help_text[1:] + ".")
        action.add_argument(
            "--cache-dir",
            type=Path,
            metavar="DIR",
            help="the cache folder (default: $GOLF_CACHE_DIR, else ~/.cache/golf)",
        )
        action.set_defaults(run=run)


def _human(size: int) -> str:
    """1536 -> `1.5 KiB`."""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def _bound() -> str:
    text = os.environ.get(SIZE_LIMIT_VARIABLE)
    if text:
        try:
            parse_size(text)
        except ValueError as exc:
            return f"{_human(DEFAULT_SIZE_LIMIT)} (${SIZE_LIMIT_VARIABLE} ignored: {exc})"
    limit = size_limit()
    source = f"${SIZE_LIMIT_VARIABLE}" if text else "default"
    return f"none (${SIZE_LIMIT_VARIABLE}=0)" if limit is None else f"{_human(limit)} ({source})"


def run(args: argparse.Namespace) -> int:
    root = args.cache_dir or default_cache_dir()
    out, err = stdout_console(), stderr_console()
    if root.exists() and not root.is_dir():
        err.print(f"golf cache: {root} is not a folder; pass --cache-dir DIR or set GOLF_CACHE_DIR", markup=False)
        return EXIT_USAGE
    if args.action == "clear":
        freed = clear(root) if root.is_dir() else 0
        out.print(f"cleared {root}: {_human(freed)} freed", markup=False, highlight=False)
        return EXIT_OK
    held = usage(root)
    lines = [
        ("folder", str(root) + ("" if root.is_dir() else " (does not exist yet)")),
        ("runs", f"{held.runs} ({_human(held.run_bytes)})"),
        ("verdicts", f"{held.verdicts} ({_human(held.verdict_bytes)})"),
        ("other", _human(held.other_bytes)),
        ("total", _human(held.total_bytes)),
        ("bound", _bound()),
    ]
    for label, value in lines:
        out.print(f"{label + ':':<10}{value}", markup=False, highlight=False, soft_wrap=True)
    return EXIT_OK
