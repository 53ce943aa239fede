"""How big the run cache is, and keeping it within a bound: least recently used entries go first.

An entry is a run folder (`runs/<key>/`) or a verdict file (`verdicts/<key>.json`). Using an entry
touches its modification time, so the oldest time is the least recently used. Names that start
with a dot are a live process's staging folders or debris (golf.engine.cache removes debris): they
are counted but never pruned or cleared here.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

#: The bound when $GOLF_CACHE_MAX_SIZE is not set: a 1000-step record of the bundled GPT is about 34 MB.
DEFAULT_SIZE_LIMIT = 2 * 1024**3
#: An entry used this recently is never pruned: another golf process may be reading it right now.
RECENT_SECONDS = 600.0
#: The environment variable that sets the bound (`500M`, `2G`, a number of bytes; `0`: no bound).
SIZE_LIMIT_VARIABLE = "GOLF_CACHE_MAX_SIZE"
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}
_ENTRY_FOLDERS = ("runs", "verdicts")


@dataclass(frozen=True)
class CacheUsage:
    """What a cache folder holds."""

    #: Stored runs and their bytes (record files included).
    runs: int
    run_bytes: int
    #: Stored verdicts and their bytes.
    verdicts: int
    verdict_bytes: int
    #: Everything else under the folder: `golf shrink`'s verdict log, staging folders of live runs.
    other_bytes: int

    @property
    def total_bytes(self) -> int:
        return self.run_bytes + self.verdict_bytes + self.other_bytes


def parse_size(text: str) -> int:
    """`500M`, `2G`, `1.5G`, `123` (bytes) as a number of bytes; raises ValueError with what to write instead."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*", text, re.IGNORECASE)
    if match is None:
        raise ValueError(f"{text!r} is not a size; write a number of bytes or one with K, M, G or T (500M, 2G)")
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


def size_limit() -> int | None:
    """The bound on the cache's size in bytes: $GOLF_CACHE_MAX_SIZE (0: none), else DEFAULT_SIZE_LIMIT.

    An unreadable value falls back to the default here (pruning must not fail a check); `golf cache info`
    names it.
    """
    text = os.environ.get(SIZE_LIMIT_VARIABLE)
    if not text:
        return DEFAULT_SIZE_LIMIT
    try:
        limit = parse_size(text)
    except ValueError:
        return DEFAULT_SIZE_LIMIT
    return limit or None


def mark_used(path: Path) -> None:
    """Record that an entry was just used (its modification time), so pruning keeps it longest."""
    try:
        os.utime(path)
    except OSError:
        pass  # read-only cache or a race with another process's pruning: only the order suffers


def _size(path: Path) -> int:
    try:
        if not path.is_dir() or path.is_symlink():
            return path.lstat().st_size
        return sum(_size(child) for child in path.iterdir())
    except OSError:
        return 0


def _entries(root: Path) -> list[Path]:
    """Every prunable entry: run folders and verdict files, not staging folders or debris."""
    found: list[Path] = []
    for folder in _ENTRY_FOLDERS:
        try:
            found += [p for p in (root / folder).iterdir() if not p.name.startswith(".")]
        except OSError:
            continue
    return found


def usage(root: Path) -> CacheUsage:
    """Counts and sizes of what `root` holds (all zero when it does not exist)."""
    runs = [p for p in _entries(root) if p.parent.name == "runs"]
    verdicts = [p for p in _entries(root) if p.parent.name == "verdicts"]
    run_bytes = sum(_size(p) for p in runs)
    verdict_bytes = sum(_size(p) for p in verdicts)
    total = _size(root) if root.is_dir() else 0
    return CacheUsage(len(runs), run_bytes, len(verdicts), verdict_bytes, max(0, total - run_bytes - verdict_bytes))


def remove_entry(path: Path) -> None:
    """Remove an entry; a run folder is first renamed aside so no reader ever sees half of it."""
    if not path.is_dir():
        path.unlink(missing_ok=True)
        return
    trash = path.with_name(f".trash-{path.name[:12]}-{os.getpid()}-{time.monotonic_ns()}")
    try:
        os.rename(path, trash)
    except OSError:
        return
    shutil.rmtree(trash, ignore_errors=True)


def prune(root: Path, limit: int | None, *, recent_seconds: float = RECENT_SECONDS) -> int:
    """Remove least recently used entries until `root` holds at most `limit` bytes; the bytes freed.

    Entries used within `recent_seconds` are kept even when the bound is then exceeded.
    """
    if limit is None:
        return 0
    sized = []
    for path in _entries(root):
        try:
            sized.append((path.stat().st_mtime, _size(path), path))
        except OSError:
            continue
    total = _size(root)
    if total <= limit:
        return 0
    now, freed = time.time(), 0
    for used, size, path in sorted(sized, key=lambda entry: entry[0]):
        if total - freed <= limit:
            break
        if now - used < recent_seconds:
            break  # sorted by use: every later entry is more recent still
        remove_entry(path)
        freed += size
    return freed


def clear(root: Path) -> int:
    """Remove every stored run and verdict and `golf shrink`'s verdict log; the bytes freed.

    Only golf's own entries are removed, never the folder itself or anything else in it.
    """
    freed = 0
    for path in [*_entries(root), root / "shrink" / "verdicts.jsonl"]:
        if path.exists():
            size = _size(path)
            remove_entry(path)
            freed += size
    return freed
