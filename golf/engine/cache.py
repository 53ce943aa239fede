"""A cache of runs and verdicts on disk, keyed by everything that decides them.

A run's key hashes the variant's source, the data, the step count, the detection
overrides, and golf's own version and engine sources, so a changed input is never served
a stale record; a verdict's key adds the comparison's sources and the tolerance.

Entries are written under a temporary name and renamed into place, so two golf processes
can share a cache and an interrupted write leaves no half entry. Each entry carries a
checksum of its contents (for a run: its `run.json` fields and its record files), so an
entry that is corrupt, truncated or of an older format is ignored and rebuilt, never
trusted. A staging folder left by a golf process that was killed outright is removed by
the next one: its owner holds a lock on it while it lives.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from golf import __version__
from golf.engine.cache_usage import mark_used, prune, remove_entry, size_limit
from golf.engine.record import Record
from golf.engine.runner import TRANSIENT_STATUSES, RunResult
from golf.engine.verdict import Verdict, verdict_from_dict

#: Bump when run.json, the record layout or the verdict files change; older entries are then ignored.
#: 2: checksums in run.json and verdict files; RunResult.where.
#: 3: runs record their random draws and meta.json; run keys hold the whole RunSpec; verdict cells.
CACHE_FORMAT = 3
#: The lock file inside a staging folder, held by the process filling it.
_OWNER = ".owner"
#: A staging folder or temporary file older than this with no live owner is debris.
_DEBRIS_SECONDS = 60.0
_RECORD_FILES = ("values.bin", "names.json", "draws.bin", "meta.json")


class CacheError(OSError):
    """The cache folder cannot be created or written; the message names it and what to do."""


def default_cache_dir() -> Path:
    """$GOLF_CACHE_DIR, else $XDG_CACHE_HOME/golf, else ~/.cache/golf."""
    if env := os.environ.get("GOLF_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "golf"


def _fingerprint(*names: str) -> str:
    # During development the version string does not change; the sources do.
    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for name in names:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


@functools.cache
def _engine_fingerprint() -> str:
    return _fingerprint(
        "_harness.py", "payload.py", "instrument.py", "aliases.py", "backward.py", "loops.py", "runner.py"
    )


@functools.cache
def comparison_fingerprint() -> str:
    """A hash of the sources that turn two runs into a verdict: part of every verdict key."""
    return _fingerprint("equivalence.py", "record.py", "verdict.py", "check.py")


def verdict_key(*parts: str) -> str:
    """The cache key of a comparison: the two run keys and everything else the verdict depends on."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def run_key(source: bytes, data: bytes, spec_key: str, overrides_key: str) -> str:
    """The cache key of one run: the source, the data, what the run was asked to do (RunSpec.key()), the overrides."""
    digest = hashlib.sha256()
    for part in (_engine_fingerprint().encode(), source, data, spec_key.encode(), overrides_key.encode()):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


def _json_checksum(fields: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()


def _files_checksum(directory: Path) -> str:
    """A hash of the record's files (absent ones count as absent)."""
    digest = hashlib.sha256()
    for name in _RECORD_FILES:
        path = directory / name
        if not path.exists():
            digest.update(b"-")
            continue
        file_digest = hashlib.sha256()
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                file_digest.update(chunk)
        digest.update(b"+" + file_digest.digest())
    return digest.hexdigest()


class RunCache:
    """Runs under `root/runs/<key>/`, verdicts under `root/verdicts/<key>.json`; `root=None`: a temp dir."""

    def __init__(self, root: Path | None):
        self._temp = None if root is not None else tempfile.TemporaryDirectory(prefix="golf-cache-")
        # Absolute: runs write their records from a scratch working directory, where a relative
        # `--cache-dir` or $GOLF_CACHE_DIR would name another folder.
        self.root = Path(root if root is not None else self._temp.name).absolute()
        self.persistent = root is not None
        #: Runs already loaded and verified by this process.
        self._loaded: dict[str, RunResult] = {}
        #: Staging folders of runs not stored, with their lock, removed by close().
        self._scratch: list[tuple[Path, int]] = []
        #: Keys that run() served from the cache instead of producing them.
        self.hits: set[str] = set()
        #: True once this process stored an entry: close() then keeps the cache within its size bound.
        self._grew = False
        try:
            for sub in ("runs", "verdicts", "locks"):
                (self.root / sub).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheError(
                f"{self.root}: cannot use this cache folder ({exc.strerror or exc}); "
                "pass --cache-dir DIR, set GOLF_CACHE_DIR, or use --no-cache"
            ) from None
        self._remove_debris()

    def entry(self, key: str) -> Path:
        return self.root / "runs" / key

    def load(self, key: str) -> RunResult | None:
        """The cached run, or None when absent, unreadable or failing its checksum (it is then rebuilt)."""
        if key in self._loaded:
            return self._loaded[key]
        directory = self.entry(key)
        try:
            stored = json.loads((directory / "run.json").read_text())
            if stored.pop("cache_format") != CACHE_FORMAT:
                return None
            checksum = stored.pop("checksum")
            fields = stored["fields"]
            record = directory / "record"
            if checksum != _json_checksum({"fields": fields, "record": _files_checksum(record)}):
                return None
            fields["record_dir"] = record if fields.pop("has_record") else None
            fields["notes"] = tuple(fields["notes"])
            result = RunResult(**fields)
            if result.record_dir is not None and (record / "values.bin").exists():
                Record.open(record)  # the header must be sound too
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        self._loaded[key] = result
        return result

    def run(self, key: str, produce: Callable[[Path], RunResult]) -> RunResult:
        """The cached run for `key`, or `produce(record_dir)`'s result, stored when it is deterministic.

        A run that is not stored (timed out, out of memory) keeps its partial record in a
        scratch folder until close(), so what it recorded can still be compared.
        """
        cached = self.load(key)
        if cached is not None:
            self.hits.add(key)
            mark_used(self.entry(key))
            return cached
        if not self.persistent:
            return self._produce(key, produce)
        # One producer per key across threads and processes (test workers, parallel searches): the
        # others wait for its entry instead of running the same thing again.
        lock = os.open(self.root / "locks" / key, os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            return self.load(key) or self._produce(key, produce)
        finally:
            os.close(lock)

    def _produce(self, key: str, produce: Callable[[Path], RunResult]) -> RunResult:
        staging = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=self.root / "runs"))
        owner = -1
        try:
            owner = os.open(staging / _OWNER, os.O_WRONLY | os.O_CREAT, 0o644)
            fcntl.flock(owner, fcntl.LOCK_EX)
            result = produce(staging / "record")
            if result.status in TRANSIENT_STATUSES:  # they depend on the limits or the machine
                self._scratch.append((staging, owner))
                owner = -1
                return result
            fields = asdict(result)
            has_record = result.record_dir is not None
            fields.update(has_record=has_record, record_dir=None)
            del fields["record_dir"]
            fields = json.loads(json.dumps(fields))  # as it reads back (tuples become lists)
            checksum = _json_checksum({"fields": fields, "record": _files_checksum(staging / "record")})
            meta = {"cache_format": CACHE_FORMAT, "checksum": checksum, "fields": fields}
            (staging / "run.json").write_text(json.dumps(meta))
            if not self._publish(staging, key):
                shutil.rmtree(staging, ignore_errors=True)
                # Another golf process stored the same run first; theirs is as good as ours.
                return self.load(key) or replace(result, record_dir=None, instrumented=False)
            (self.entry(key) / _OWNER).unlink(missing_ok=True)
            self._grew = True
            stored = replace(result, record_dir=self.entry(key) / "record" if has_record else None)
            self._loaded[key] = stored
            return stored
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        finally:
            if owner >= 0:
                os.close(owner)

    def _publish(self, staging: Path, key: str) -> bool:
        """Rename `staging` into place; False when a sound entry is already there (another process's)."""
        target = self.entry(key)
        for _ in range(3):
            try:
                os.rename(staging, target)
                return True
            except OSError:
                if self.load(key) is not None:
                    return False
                remove_entry(target)  # a corrupt or old entry: move it aside, then try again
        return False

    def _remove_debris(self) -> None:
        """Staging folders and temporary files left by golf processes that were killed outright."""
        now = time.time()
        for path in [*(self.root / "runs").glob(".*"), *(self.root / "verdicts").glob(".*")]:
            try:
                if now - path.lstat().st_mtime < _DEBRIS_SECONDS:
                    continue  # may have just been created, before its owner could lock it
                if path.is_dir():
                    if not path.name.startswith(".trash-") and _owner_alive(path):
                        continue
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
            except OSError:
                continue

    def load_verdict(self, key: str) -> Verdict | None:
        """A stored verdict, or None when absent, unreadable or failing its checksum (it is then computed again)."""
        path = self.root / "verdicts" / f"{key}.json"
        try:
            stored = json.loads(path.read_text())
            if stored.get("cache_format") != CACHE_FORMAT or stored.get("checksum") != _json_checksum(
                stored["verdict"]
            ):
                return None
            verdict = verdict_from_dict(stored["verdict"])
            mark_used(path)
            return verdict
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def store_verdict(self, key: str, verdict: Verdict) -> None:
        """Store a verdict atomically (a temp file renamed into place)."""
        directory = self.root / "verdicts"
        fields = json.loads(json.dumps(verdict.to_dict()))
        fd, temp = tempfile.mkstemp(prefix=".verdict-", dir=directory)
        try:
            with os.fdopen(fd, "w") as f:
                json.dump({"cache_format": CACHE_FORMAT, "checksum": _json_checksum(fields), "verdict": fields}, f)
            os.replace(temp, directory / f"{key}.json")
            self._grew = True
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def close(self) -> None:
        """Remove the scratch folders of unstored runs (and the whole cache when it was temporary)."""
        for folder, owner in self._scratch:
            shutil.rmtree(folder, ignore_errors=True)
            os.close(owner)
        self._scratch.clear()
        if self._temp is not None:
            self._temp.cleanup()
        elif self._grew:
            self._grew = False
            prune(self.root, size_limit())


def _owner_alive(staging: Path) -> bool:
    """True while the process filling `staging` holds its lock."""
    try:
        fd = os.open(staging / _OWNER, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False
