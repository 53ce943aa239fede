"""Counting Python files and directories: every problem (missing, unreadable, not UTF-8, not Python) becomes a
FileCount with a message naming the file, never an exception."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from golf.measure.count import count_source
from golf.measure.model import SourceCounts, SourceSyntaxError


@dataclass(frozen=True)
class FileCount:
    """The outcome of counting one file: its counts, or an error message naming the file."""

    #: The file (or the path given, for a missing path or a directory without Python files).
    path: Path
    #: The counts; None when there is an error.
    counts: SourceCounts | None = None
    #: One line saying what went wrong and what to do, starting with the path; None when counted.
    error: str | None = None


def count_file(path: str | Path) -> FileCount:
    """Count the Python file at `path`; any problem becomes a FileCount with an error, never an exception."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return FileCount(path, error=f"{path}: no such file or directory; check the path")
    except IsADirectoryError:
        return FileCount(path, error=f"{path}: is a directory; count it with golf count, which walks directories")
    except OSError as exc:
        return FileCount(path, error=f"{path}: cannot read ({exc.strerror}); check its permissions")
    if b"\0" in raw:
        return FileCount(path, error=f"{path}: contains NUL bytes, so it is not Python source; leave it out")
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return FileCount(path, error=f"{path}: not UTF-8 (bad byte at offset {exc.start}); re-encode it as UTF-8")
    try:
        return FileCount(path, counts=count_source(source))
    except SourceSyntaxError as exc:
        return FileCount(path, error=f"{path}:{exc.line}:{exc.column}: syntax error: {exc.message}")


#: Directories never searched for Python files, besides hidden ones (names starting with a dot).
SKIPPED_DIRECTORIES = frozenset({"__pycache__", ".venv"})


def iter_python_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Each path that is not a directory as given, then the `*.py` files under each directory, sorted.

    Hidden directories, `__pycache__` and `.venv` are skipped; so are hidden files.
    """
    for path in map(Path, paths):
        if not path.is_dir():
            yield path
            continue
        for root, directories, files in os.walk(path):
            directories[:] = sorted(d for d in directories if not d.startswith(".") and d not in SKIPPED_DIRECTORIES)
            for name in sorted(files):
                if name.endswith(".py") and not name.startswith("."):
                    yield Path(root, name)


def count_paths(paths: Iterable[str | Path]) -> Iterator[FileCount]:
    """A FileCount for each file named or found under a directory; a missing path or a directory without
    Python files is a FileCount with an error."""
    for path in map(Path, paths):
        if not path.exists():
            yield FileCount(path, error=f"{path}: no such file or directory; check the path")
            continue
        found = False
        for file in iter_python_files([path]):
            found = True
            yield count_file(file)
        if not found:
            yield FileCount(
                path,
                error=f"{path}: no Python files here (looked for *.py, skipping hidden directories, __pycache__ "
                "and .venv); name a .py file or a directory that holds some",
            )
