"""The run cache's size: shown by `golf cache info`, bounded by pruning the least recently used entries,
emptied by `golf cache clear`."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import FIXTURES

from golf.cli import main
from golf.engine.cache_usage import DEFAULT_SIZE_LIMIT, clear, parse_size, prune, size_limit, usage

HOUR = 3600.0


def _entry(root: Path, name: str, size: int, age_hours: float) -> Path:
    """A run folder (`runs/NAME`) or verdict file (`verdicts/NAME.json`) of `size` bytes, last used `age_hours` ago."""
    if name.endswith(".json"):
        path = root / "verdicts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"v" * size)
    else:
        path = root / "runs" / name
        (path / "record").mkdir(parents=True)
        (path / "record" / "values.bin").write_bytes(b"r" * size)
    used = time.time() - age_hours * HOUR
    os.utime(path, (used, used))
    return path


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    root = tmp_path / "cache"
    _entry(root, "old", 4000, 30)
    _entry(root, "older.json", 1000, 40)
    _entry(root, "middle", 4000, 20)
    _entry(root, "recent", 4000, 0)  # just used: kept whatever the bound
    (root / "shrink").mkdir()
    (root / "shrink" / "verdicts.jsonl").write_bytes(b"s" * 500)
    return root


def _left(root: Path) -> list[str]:
    return sorted(p.name for sub in ("runs", "verdicts") for p in (root / sub).iterdir())


@pytest.mark.parametrize(
    ("limit", "left"),
    [
        pytest.param(None, ["middle", "old", "older.json", "recent"], id="no-bound"),
        pytest.param(100_000, ["middle", "old", "older.json", "recent"], id="within-bound"),
        pytest.param(12_600, ["middle", "old", "recent"], id="oldest-first"),  # 13,500 bytes with shrink's log
        pytest.param(9_000, ["middle", "recent"], id="until-within"),
        pytest.param(0, ["recent"], id="recent-entries-stay"),
    ],
)
def test_prune_removes_least_recently_used(cache: Path, limit: int | None, left: list[str]) -> None:
    prune(cache, limit)
    assert _left(cache) == left
    assert (cache / "shrink" / "verdicts.jsonl").exists()


def test_usage_counts_entries_and_bytes(cache: Path) -> None:
    held = usage(cache)
    assert (held.runs, held.run_bytes, held.verdicts, held.verdict_bytes) == (3, 12_000, 1, 1000)
    assert held.other_bytes >= 500 and held.total_bytes == 13_000 + held.other_bytes


def test_clear_removes_only_golfs_entries(cache: Path) -> None:
    (cache / "notes.txt").write_text("mine")
    assert clear(cache) == 13_500
    assert _left(cache) == [] and not (cache / "shrink" / "verdicts.jsonl").exists()
    assert (cache / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize(
    ("text", "size"),
    [
        pytest.param("123", 123, id="bytes"),
        pytest.param("500M", 500 * 1024**2, id="mebibytes"),
        pytest.param("2G", 2 * 1024**3, id="gibibytes"),
        pytest.param("1.5k", 1536, id="fraction-lowercase"),
        pytest.param("2GiB", 2 * 1024**3, id="iec-suffix"),
    ],
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize(
    ("value", "limit"),
    [
        pytest.param(None, DEFAULT_SIZE_LIMIT, id="default"),
        pytest.param("100M", 100 * 1024**2, id="set"),
        pytest.param("0", None, id="unbounded"),
        pytest.param("lots", DEFAULT_SIZE_LIMIT, id="unreadable-falls-back"),
    ],
)
def test_size_limit_from_the_environment(monkeypatch: pytest.MonkeyPatch, value: str | None, limit: int | None) -> None:
    if value is None:
        monkeypatch.delenv("GOLF_CACHE_MAX_SIZE", raising=False)
    else:
        monkeypatch.setenv("GOLF_CACHE_MAX_SIZE", value)
    assert size_limit() == limit


def test_cache_info_and_clear_commands(
    cache: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOLF_CACHE_MAX_SIZE", "huge")
    assert main(["cache", "info", "--cache-dir", str(cache)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"folder:   {cache}"
    assert out[1:3] == ["runs:     3 (11.7 KiB)", "verdicts: 1 (1000 B)"]
    assert out[5].startswith("bound:    2.0 GiB ($GOLF_CACHE_MAX_SIZE ignored: 'huge' is not a size")
    assert main(["cache", "clear", "--cache-dir", str(cache)]) == 0
    assert capsys.readouterr().out == f"cleared {cache}: 13.2 KiB freed\n"
    assert usage(cache).runs == 0


def test_a_check_marks_its_entries_used_and_keeps_the_cache_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stale entry far over the bound goes when a check stores something; what the check used stays."""
    monkeypatch.setenv("GOLF_CACHE_MAX_SIZE", "1")
    _entry(tmp_path, "stale", 1000, 48)
    tiny = FIXTURES / "bad"
    argv = ["check", str(tiny / "tiny_golfed.py"), "--reference", str(tiny / "tiny_reference.py")]
    assert main([*argv, "--steps", "1", "--domain", "names", "-q", "--cache-dir", str(tmp_path)]) == 0
    held = usage(tmp_path)
    assert not (tmp_path / "runs" / "stale").exists()
    assert (held.runs, held.verdicts) == (2, 1)  # the reference's run, the variant's, their verdict
