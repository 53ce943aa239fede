"""The `golf` command line: parse arguments, call the library, print, return an exit code.

Each sub-command lives in its own module under `golf.commands`, exposing
`add_parser(subparsers)`; the parser it adds sets `run(args) -> int` as its handler.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from golf import __version__

#: Sub-command modules, in the order `golf --help` lists them.
_COMMAND_MODULES = (
    "golf.commands.report",
    "golf.commands.compare",
    "golf.commands.count",
    "golf.commands.check",
    "golf.commands.apply",
    "golf.commands.shrink",
)

#: Exit code for a usage error (argparse uses the same).
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="golf",
        description="A code-golf refactoring workbench: count how much shorter each variant of a program is, "
        "and prove that it still computes the same thing as the original.",
    )
    parser.add_argument("--version", action="version", version=f"golf {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in _COMMAND_MODULES:
        importlib.import_module(module_name).add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `golf` with `argv` (default: the process arguments) and return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("golf: interrupted", file=sys.stderr)
        return 130
