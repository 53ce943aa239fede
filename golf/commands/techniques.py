"""`golf techniques`: the technique codemods as a table (name, exact or trial, parameters, summary)."""

from __future__ import annotations

import argparse

from rich import box
from rich.table import Table
from rich.text import Text

from golf.commands._console import stdout_console

#: Exit codes.
EXIT_OK = 0


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "techniques",
        help="list the technique codemods `golf apply` and `golf shrink` use",
        description="List every technique codemod: its name (for `golf apply NAME`), whether it is exact (it "
        "refuses whenever it cannot keep every floating-point operation, random draw and printed line) or a "
        "trial (only the equivalence check can tell: `golf apply --check`), its parameters (positional, in "
        "order; [name] or [name=default] for optional ones; each given in order or as name=VALUE), and what it does.",
    )
    parser.add_argument("--kind", choices=("exact", "trial"), help="list only exact or only trial techniques")
    parser.set_defaults(run=run)


def technique_rows(kind: str | None = None) -> list[tuple[str, str, str, str]]:
    """(name, "exact" or "trial", parameters, summary) for each registered technique, in registry order."""
    from golf.codemods import TECHNIQUES

    rows = []
    for technique in TECHNIQUES.values():
        technique_kind = "trial" if technique.trial else "exact"
        if kind is not None and technique_kind != kind:
            continue
        params = " ".join(_parameter(p.name, p.default) for p in technique.params)
        rows.append((technique.name, technique_kind, params, technique.summary))
    return rows


def _parameter(name: str, default: str | None) -> str:
    """`NAME` for a required parameter, `[name]` or `[name=default]` for an optional one."""
    if default is None:
        return name.upper()
    return f"[{name}={default}]" if default else f"[{name}]"


def run(args: argparse.Namespace) -> int:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for column in ("technique", "kind", "parameters", "what it does"):
        table.add_column(column, no_wrap=column != "what it does", overflow="fold")
    for row in technique_rows(args.kind):
        table.add_row(*(Text(cell) for cell in row))  # not markup: `[name=default]` is text
    stdout_console().print(table)
    return EXIT_OK
