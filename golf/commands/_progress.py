"""A progress display for variant runs: one line per running variant with its step, on stderr."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from golf.engine.check import Progress as ProgressCallback


@contextmanager
def run_progress(quiet: bool = False) -> Iterator[ProgressCallback | None]:
    """Yield a progress callback for golf.engine.check.check_many, or None when quiet or stderr is not a terminal."""
    console = Console(file=sys.stderr)
    if quiet or not console.is_terminal:
        yield None
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
