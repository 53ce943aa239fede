"""The `golf` command line: parse arguments, call the library, print, return an exit code.

Each sub-command lives in its own module under `golf.commands`, exposing
`add_parser(subparsers)`; the parser it adds sets `run(args) -> int` as its handler.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from golf import __version__

#: Sub-command names and their modules, in the order `golf --help` lists them.
_COMMANDS = {
    "report": "golf.commands.report",
    "compare": "golf.commands.compare",
    "count": "golf.commands.count",
    "check": "golf.commands.check",
    "explain": "golf.commands.explain",
    "apply": "golf.commands.apply",
    "shrink": "golf.commands.shrink",
    "techniques": "golf.commands.techniques",
    "cache": "golf.commands.cache",
}

#: Exit code for a usage error (argparse uses the same).
EXIT_USAGE = 2
#: Exit code when stdout's reader closed the pipe: 128 + SIGPIPE, what a shell reports for a tool killed by it.
EXIT_BROKEN_PIPE = 141


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered, or only the one named `only`.

    Registering one command imports only its module: start-up is most of a cached `golf check`.
    """
    parser = argparse.ArgumentParser(
        prog="golf",
        description="A code-golf refactoring workbench: count how much shorter each variant of a program is, "
        "and prove that it still computes the same thing as the original.",
    )
    parser.add_argument("--version", action="version", version=f"golf {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in _COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(module_name).add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `golf` with `argv` (default: the process arguments) and return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    first_word = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(first_word if first_word in _COMMANDS and argv[0] == first_word else None)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        code = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, while it can still be handled
        return code
    except KeyboardInterrupt:
        print("golf: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _closed_pipe()


def _closed_pipe() -> int:
    """The reader of stdout went away (`golf check --json | head`): stop quietly, as Unix tools do.

    stdout is pointed at /dev/null so that the interpreter's own flush at exit does not fail again.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (a test's capture): nothing to redirect
        pass
    finally:
        os.close(devnull)
    return EXIT_BROKEN_PIPE
