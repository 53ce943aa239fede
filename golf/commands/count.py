"""`golf count`: lines, statements and tokens of Python files, in total and per top-level class and function."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import asdict, fields
from pathlib import Path

from rich import box
from rich.markup import escape
from rich.table import Table

from golf.commands._console import stdout_console
from golf.commands._json import envelope, write_json
from golf.measure.files import FileCount, count_paths
from golf.measure.model import Counts

#: Exit codes.
EXIT_OK, EXIT_PROBLEM = 0, 1

_COLUMNS = tuple(field.name for field in fields(Counts))

_EPILOG = """\
what the counts mean (every line is exactly one of blank, comments, docstrings, code):
  lines         physical lines
  blank         whitespace-only lines, inside strings too
  comments      comment-only lines, inside brackets too
  docstrings    lines of module, class and function docstrings
  code          every other line (comparable to radon's SLOC)
  logical       statements: `a = 1; b = 2` is two; each clause header (if, else, def, ...) is one
  bytes         UTF-8 bytes
  chars         characters other than whitespace
  tokens        Python tokens: names, keywords, numbers, strings, operators
  longest       characters in the longest line

regions: each top-level class and function, with its decorators and the comment block right above it;
"module code" holds every other line. The regions of a file add up to its total.

exit status: 0 when every file was counted; 1 when a path is missing, a directory holds no Python files,
or a file is empty (when named directly), not UTF-8 or not valid Python. Such files are reported and
the others are still counted.
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "count",
        help="count lines, statements and tokens of Python files",
        description="Count the lines (blank, comment, docstring, code), statements, tokens, characters and\n"
        "bytes of Python files, for each file and for each top-level class and function in it.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a Python file, or a directory to search for *.py files (skipping hidden directories, "
        "__pycache__ and .venv)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print a JSON object instead of tables: format_version, kind, generated, generator, and files, "
        "one object per file with the keys path, error (null or a message), total (null or the counts) and "
        "regions (name, kind, counts); see golf/schemas/count.schema.json",
    )
    parser.add_argument(
        "--regions",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="show a table per file with a row per class, function and module code (the default); with "
        "--no-regions, one table with a row per file and, for several files, their sum",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Count every path in `args.paths` and print the counts; return the exit code."""
    named_files = {Path(path) for path in args.paths if Path(path).is_file()}
    results = [_empty_is_a_problem(result, named_files) for result in count_paths(args.paths)]
    if args.json:
        write_json(envelope("count", files=[_to_json(result) for result in results]), sys.stdout)
    else:
        _print_tables(results, args.regions)
    return EXIT_PROBLEM if any(result.error for result in results) else EXIT_OK


def _empty_is_a_problem(result: FileCount, named_files: set[Path]) -> FileCount:
    """An empty file named on the command line is reported; one found in a directory (`__init__.py`) is not."""
    if result.counts is None or result.counts.total.bytes or result.path not in named_files:
        return result
    return FileCount(result.path, error=f"{result.path}: empty file, nothing to count; name a file with Python code")


def _to_json(result: FileCount) -> dict[str, object]:
    counts = result.counts
    return {
        "path": str(result.path),
        "error": result.error,
        "total": asdict(counts.total) if counts else None,
        "regions": [asdict(region) for region in counts.regions] if counts else [],
    }


def _print_tables(results: Sequence[FileCount], regions: bool) -> None:
    console = stdout_console()
    counted = [(escape(str(result.path)), result.counts) for result in results if result.counts is not None]
    if regions:
        for path, counts in counted:
            table = _table(path, "region", "kind")
            for region in counts.regions:
                table.add_row(region.name, region.kind, *_cells(region.counts))
            table.add_row("total", "", *_cells(counts.total), style="bold")
            console.print(table)
            console.print()
    elif counted:
        table = _table(None, "file")
        for path, counts in counted:
            table.add_row(path, *_cells(counts.total))
        if len(counted) > 1:
            grand_total = sum((counts.total for _, counts in counted), Counts())
            table.add_row(f"total ({len(counted)} files)", *_cells(grand_total), style="bold")
        console.print(table)
    for result in results:
        if result.error:
            print(f"golf count: {result.error}", file=sys.stderr)


def _table(title: str | None, *label_columns: str) -> Table:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False)
    for label in label_columns:
        table.add_column(label)
    for column in _COLUMNS:
        table.add_column(column.removesuffix("_line"), justify="right")
    return table


def _cells(counts: Counts) -> list[str]:
    return [str(getattr(counts, column)) for column in _COLUMNS]
