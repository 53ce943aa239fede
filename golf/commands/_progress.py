"""A progress display for variant runs on stderr: live bars on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from golf.engine.check import Progress as ProgressCallback

#: Plain progress repeats a running variant's step at most this often (a log need not scroll fast).
PLAIN_INTERVAL_SECONDS = 15.0


@contextmanager
def run_progress(quiet: bool = False) -> Iterator[ProgressCallback | None]:
    """Yield a progress callback for golf.engine.check.check_many (None when quiet).

    On a terminal it draws a bar per running variant; otherwise (a log, CI) it prints plain lines: when a
    run starts, its step every PLAIN_INTERVAL_SECONDS, and when it ends.
    """
    console = Console(file=sys.stderr)
    if quiet:
        yield None
        return
    if not console.is_terminal:
        yield plain_progress(sys.stderr)
        return
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("steps"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        tasks: dict[tuple[str, int | None], int] = {}
        lock = threading.Lock()

        def update(name: str, done: int, total: int | None, finished: bool) -> None:
            with lock:
                key = (name, total)
                if key not in tasks:
                    tasks[key] = progress.add_task(name, total=total)
                progress.update(tasks[key], completed=total if finished and total else done)
                if finished:
                    progress.update(tasks[key], visible=False)

        yield update


def plain_progress(stream: TextIO, interval: float = PLAIN_INTERVAL_SECONDS) -> ProgressCallback:
    """A progress callback writing one line per event to `stream`; a run served by the cache prints nothing."""
    started: dict[tuple[str, int | None], float] = {}
    last_line: dict[tuple[str, int | None], float] = {}
    lock = threading.Lock()

    def write(line: str) -> None:
        stream.write(f"golf: {line}\n")
        stream.flush()

    def update(name: str, done: int, total: int | None, finished: bool) -> None:
        key, now = (name, total), time.monotonic()
        steps = f"{total} step{'s' * (total != 1)}" if total else "its own step count"
        of_total = f"/{total}" if total else ""
        with lock:
            if key not in started:
                if finished:
                    return  # served by the cache (or failed before its first step): nothing ran
                started[key] = last_line[key] = now
                write(f"running {name} ({steps})")
            elif finished:
                write(f"finished {name}: {done}{of_total} steps in {now - started[key]:.1f} s")
            elif now - last_line[key] >= interval:
                last_line[key] = now
                write(f"{name}: step {done}{of_total}, {now - started[key]:.0f} s")

    return update
