"""A cache of runs on disk, keyed by everything that decides a run's outcome.

The key hashes the variant's source, the data, the step count, the detection overrides,
and golf's own version and engine sources, so a changed input is never served a stale
record. An entry is a directory (`run.json` and the record) built under a temporary name
and renamed into place, so two golf processes can share a cache, an interrupted write
leaves nothing behind, and an entry that fails to load (corrupt, old format) is ignored
and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path

from golf import __version__
from golf.record import Record
from golf.runner import RunResult
from golf.verdict import Verdict, verdict_from_dict

#: Bump when run.json or the record layout changes; older entries are then ignored.
CACHE_FORMAT = 1
#: Runs whose outcome depends on the limits rather than on the inputs are not kept.
_UNCACHED_STATUSES = ("timed out", "out of memory")


def default_cache_dir() -> Path:
    """$GOLF_CACHE_DIR, else $XDG_CACHE_HOME/golf, else ~/.cache/golf."""
    if env := os.environ.get("GOLF_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "golf"


def _engine_fingerprint() -> str:
    # During development the version string does not change; the engine's own sources do.
    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for name in ("_harness.py", "instrument.py", "runner.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def verdict_key(*parts: str) -> str:
    """The cache key of a comparison: the two run keys and everything else the verdict depends on."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def run_key(source: bytes, data: bytes, steps: int | None, overrides_key: str) -> str:
    """The cache key of one run."""
    digest = hashlib.sha256()
    for part in (_engine_fingerprint().encode(), source, data, repr(steps).encode(), overrides_key.encode()):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


class RunCache:
    """Runs stored under `root/runs/<key>/`; `root=None` keeps them only for this process (a temp dir)."""

    def __init__(self, root: Path | None):
        self._temp = None if root is not None else tempfile.TemporaryDirectory(prefix="golf-cache-")
        self.root = Path(root if root is not None else self._temp.name)
        self.persistent = root is not None

    def entry(self, key: str) -> Path:
        return self.root / "runs" / key

    def load(self, key: str) -> RunResult | None:
        """The cached run, or None when absent or unreadable (a bad entry is removed)."""
        directory = self.entry(key)
        meta = directory / "run.json"
        if not meta.exists():
            return None
        try:
            fields = json.loads(meta.read_text())
            if fields.pop("cache_format") != CACHE_FORMAT:
                raise ValueError("old format")
            record = directory / "record"
            fields["record_dir"] = record if fields.pop("has_record") else None
            fields["notes"] = tuple(fields["notes"])
            result = RunResult(**fields)
            if result.record_dir is not None and (record / "values.bin").exists():
                Record.open(record)  # header must be sound
        except (OSError, ValueError, KeyError, TypeError):
            shutil.rmtree(directory, ignore_errors=True)
            return None
        return result

    def run(self, key: str, produce: Callable[[Path], RunResult]) -> RunResult:
        """The cached run for `key`, or `produce(record_dir)`'s result, stored when it is deterministic."""
        cached = self.load(key)
        if cached is not None:
            return cached
        (self.root / "runs").mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=self.root / "runs"))
        try:
            result = produce(staging / "record")
            if result.status in _UNCACHED_STATUSES:
                shutil.rmtree(staging, ignore_errors=True)
                return replace(result, record_dir=None)
            fields = asdict(result)
            fields.update(cache_format=CACHE_FORMAT, has_record=result.record_dir is not None)
            del fields["record_dir"]
            (staging / "run.json").write_text(json.dumps(fields))
            target = self.entry(key)
            try:
                os.rename(staging, target)
            except OSError:
                # Another golf process stored the same run first; theirs is as good as ours.
                shutil.rmtree(staging, ignore_errors=True)
                return self.load(key) or replace(result, record_dir=None)
            return replace(result, record_dir=target / "record" if result.record_dir is not None else None)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    def load_verdict(self, key: str) -> Verdict | None:
        """A stored verdict, or None when absent or unreadable (then it is computed again)."""
        path = self.root / "verdicts" / f"{key}.json"
        try:
            fields = json.loads(path.read_text())
            if fields.pop("cache_format") != CACHE_FORMAT:
                return None
            return verdict_from_dict(fields)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def store_verdict(self, key: str, verdict: Verdict) -> None:
        """Store a verdict atomically (a temp file renamed into place)."""
        directory = self.root / "verdicts"
        directory.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".verdict-", dir=directory)
        try:
            with os.fdopen(fd, "w") as f:
                json.dump({**verdict.to_dict(), "cache_format": CACHE_FORMAT}, f)
            os.replace(temp, directory / f"{key}.json")
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def close(self) -> None:
        if self._temp is not None:
            self._temp.cleanup()
