"""Consoles for command output: coloured on a terminal, plain and unwrapped when piped."""

from __future__ import annotations

import sys

from rich.console import Console

#: Width used when output is not a terminal, so tables are never folded into an unreadable column.
PIPE_WIDTH = 200


class _StdoutConsole(Console):
    """A console whose closed pipe (`golf count | head`) is handled by golf.cli.main like any other output's."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError  # rich would exit 1 on its own; golf exits quietly with 141 for every output


def stdout_console() -> Console:
    """A console on stdout; when stdout is not a terminal, no colour and a wide fixed width."""
    console = _StdoutConsole()
    if not console.is_terminal:
        return _StdoutConsole(file=sys.stdout, width=PIPE_WIDTH, no_color=True, highlight=False)
    return console


def stderr_console() -> Console:
    """A console on stderr, for messages."""
    return Console(file=sys.stderr, highlight=False)
