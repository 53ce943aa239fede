"""Faults: bad variants, bad data, bad arguments, a failing reference, a damaged or shared cache.

Every bad variant (tests/fixtures/bad/) is checked in one `check_many` call against a tiny
reference beside it, so the table below also proves that one bad variant is one row and the
others still report. Each case names the verdict, the failure line and the note telling the
user what to do.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, VARIANTS

from golf.atomic import write_atomic
from golf.engine.cache import CACHE_FORMAT, RunCache
from golf.engine.check import ReferenceFailure, check, check_many
from golf.engine.data import DataError, load_data
from golf.engine.instrument import Overrides
from golf.engine.runner import RunOptions
from golf.engine.variants import VariantError
from golf.engine.verdict import Verdict

BAD = FIXTURES / "bad"
REFERENCE = BAD / "tiny_reference.py"
STEPS = 5
#: Short limits: the endless loop is killed after TIMEOUT seconds, the allocation at MEMORY_MB.
TIMEOUT, MEMORY_MB = 4.0, 200
OPTIONS = RunOptions(timeout=TIMEOUT, memory_mb=MEMORY_MB)

# (fixture, verdict, failure, fragment of a note); failure None: the variant did not fail.
FAULTS = [
    pytest.param("tiny_golfed", "identical", None, None, id="golfed-copy"),
    pytest.param(
        "syntax_error",
        "failed",
        "syntax error at line 5: expected ':'",
        "syntax_error.py:5: expected ':'; fix the syntax",
        id="syntax-error",
    ),
    pytest.param(
        "raises_at_import",
        "failed",
        "crashed before training (line 3): ModuleNotFoundError: No module named 'no_such_module_for_golf'",
        "it must be a standalone script",
        id="raises-at-import",
    ),
    pytest.param(
        "raises_mid_training", "failed", "crashed during step 3: ValueError: bad step", None, id="raises-mid-training"
    ),
    pytest.param(
        "raises_after_training",
        "failed",
        'crashed after training (line 25): TypeError: can only concatenate str (not "int") to str',
        None,
        id="raises-after-training",
    ),
    pytest.param(
        "runs_forever",
        "failed",
        "timed out during step 2",
        f"runs_forever.py: killed after {TIMEOUT:g} s (--timeout); if it is only slow, raise --timeout",
        id="runs-forever",
    ),
    pytest.param(
        "allocates_forever",
        "failed",
        "out of memory during step 1",
        f"exceeded the memory limit of {MEMORY_MB} MiB (--memory); if it really needs more, raise --memory",
        id="allocates-forever",
    ),
    pytest.param("nan_loss", "diverged", None, "the variant's loss is nan from step 3", id="nan-loss"),
    pytest.param("inf_loss", "diverged", None, "the variant's loss is inf from step 3", id="infinite-loss"),
    pytest.param(
        "backward_never_called",
        "failed",
        "not recorded",
        "ran to the end without ever calling the detected backward pass (line 23); if another call is the "
        "real one, name it with --backward NAME",
        id="backward-never-called",
    ),
    pytest.param("no_backward", "output-only", None, "not instrumented: backward pass not found", id="no-backward"),
    pytest.param(
        "two_loops",
        "output-only",
        None,
        "not instrumented: 2 candidate backward calls (line 21, line 23); choose the training loop with --loop-line N",
        id="two-training-loops",
    ),
    pytest.param("reordered_random", "diverged", None, None, id="random-draws-reordered"),
    pytest.param("writes_files", "identical", None, None, id="writes-into-its-folder"),
    pytest.param(
        "missing_input",
        "failed",
        "crashed before training (line 4): FileNotFoundError: [Errno 2] No such file or directory: 'names.txt'",
        "runs alone in a temporary folder holding only input.txt",
        id="reads-missing-file",
    ),
    pytest.param(
        "imports_golf",
        "failed",
        "crashed before training (line 3): ModuleNotFoundError: No module named 'golf' (golf hides itself "
        "from the variants it runs: a variant must be a standalone script)",
        "imports_golf.py: imports golf",
        id="imports-golf",
    ),
    pytest.param(
        "changes_sys_path",
        "failed",
        "crashed before training (line 4): ModuleNotFoundError: No module named 'golf' (golf hides itself "
        "from the variants it runs: a variant must be a standalone script)",
        "changes_sys_path.py: imports golf",
        id="sys-path-to-golf",
    ),
]
NAMES = [p.values[0] for p in FAULTS]


class Faults:
    """The verdicts of every fault fixture, and what the run left behind."""

    def __init__(self, verdicts: list[Verdict], seconds: float, cwd: Path, tmp: Path, cache: Path):
        self.verdicts, self.seconds, self.cwd, self.tmp, self.cache = verdicts, seconds, cwd, tmp, cache
        self.by_name = {v.variant: v for v in verdicts}


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Faults]:
    """One check_many over every fault fixture, run from an empty folder with its own temp dir and cache."""
    cwd, tmp, cache = (tmp_path_factory.mktemp(n) for n in ("cwd", "tmp", "cache"))
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)
        mp.setattr(tempfile, "tempdir", str(tmp))
        mp.setenv("GOLF_FIXTURE_ROOT", str(ROOT))  # where changes_sys_path.py looks for the workbench
        start = time.perf_counter()
        verdicts = check_many(
            [BAD / f"{n}.py" for n in NAMES], REFERENCE, steps=STEPS, domain="names", options=OPTIONS, cache_dir=cache
        )
        yield Faults(verdicts, time.perf_counter() - start, cwd, tmp, cache)


@pytest.mark.parametrize(("name", "verdict", "failure", "note"), FAULTS)
def test_fault_is_one_row_with_its_message(
    faults: Faults, name: str, verdict: str, failure: str | None, note: str | None
) -> None:
    v = faults.by_name[name]
    assert v.verdict == verdict, (v.failure, v.notes, v.stderr_tail)
    assert v.failure == failure
    if note is not None:
        assert any(note in n for n in v.notes), v.notes
    if "_harness" in v.stderr_tail or "golf-run-" in v.stderr_tail:
        pytest.fail(f"stderr names golf's harness or temporary copy instead of the variant:\n{v.stderr_tail}")


def test_every_variant_gets_a_row_in_order(faults: Faults) -> None:
    assert [v.variant for v in faults.verdicts] == NAMES


def test_a_fault_leaves_no_files_behind(faults: Faults) -> None:
    assert list(faults.cwd.iterdir()) == [], "a variant wrote into golf's working directory"
    assert list(faults.tmp.iterdir()) == [], "a run left its temporary folder"
    leftovers = [p.name for sub in ("runs", "verdicts") for p in (faults.cache / sub).iterdir() if p.name[0] == "."]
    assert leftovers == [], "staging folders or temporary files left in the cache"


def test_limits_stop_runs_promptly(faults: Faults) -> None:
    assert faults.by_name["runs_forever"].seconds < TIMEOUT + 2
    assert faults.seconds < 2 * TIMEOUT + 15, "the endless variant held up the others"


def test_run_that_failed_keeps_what_it_recorded(faults: Faults) -> None:
    mid = faults.by_name["raises_mid_training"]
    assert len(mid.losses) == 3 and mid.losses == faults.by_name["tiny_golfed"].losses[:3]
    assert mid.first_divergence is not None and mid.first_divergence.step == 4  # the first step never recorded


def test_reordered_random_draws_are_caught_before_training(faults: Faults) -> None:
    first = faults.by_name["reordered_random"].first_divergence
    assert first is not None and (first.step, first.quantity, first.parameter) == (0, "init", "params[0]")


@pytest.mark.parametrize(("name", "value"), [("nan_loss", "nan"), ("inf_loss", "inf")])
def test_non_finite_loss_is_the_first_divergence(faults: Faults, name: str, value: str) -> None:
    first = faults.by_name[name].first_divergence
    assert first is not None and (first.step, first.quantity, repr(first.variant)) == (3, "loss", value)


def test_choosing_one_of_two_loops_makes_it_checkable(tmp_path: Path) -> None:
    options = RunOptions(overrides=Overrides(loop_line=22))  # the `for` of the real training loop
    assert check(
        BAD / "two_loops.py", REFERENCE, steps=STEPS, domain="names", options=options, cache_dir=tmp_path
    ).verdict == ("identical")


def test_cached_verdict_keeps_the_real_run_time(faults: Faults) -> None:
    again = check_many(
        [BAD / "tiny_golfed.py"], REFERENCE, steps=STEPS, domain="names", options=OPTIONS, cache_dir=faults.cache
    )
    assert again[0].seconds == faults.by_name["tiny_golfed"].seconds > 0


def test_run_that_cannot_start_is_a_row_and_is_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_popen = subprocess.Popen

    def popen(command: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
        if "tiny_golfed" in command[-1]:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return real_popen(command, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", popen)
    [verdict] = check_many([BAD / "tiny_golfed.py"], REFERENCE, steps=STEPS, domain="names", cache_dir=tmp_path)
    assert (verdict.verdict, verdict.failure) == ("failed", "not started")
    assert any("tiny_golfed.py: could not start Python: [Errno 11]" in n for n in verdict.notes)
    monkeypatch.setattr(subprocess, "Popen", real_popen)
    assert (
        check(BAD / "tiny_golfed.py", REFERENCE, steps=STEPS, domain="names", cache_dir=tmp_path).verdict == "identical"
    )


# --- the reference, arguments and data ----------------------------------------------------------------------


def test_a_reference_that_is_not_an_autograd_program_is_no_error(tmp_path: Path) -> None:
    """Plain scripts on both sides: compared on their draws and printed output, at their own length."""
    [verdict] = check_many(
        [BAD / "tiny_golfed.py"], BAD / "no_backward.py", steps=STEPS, domain="names", cache_dir=tmp_path
    )
    assert verdict.verdict in ("output-only", "diverged")
    assert any("the reference is not an autograd program" in note for note in verdict.notes)


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        pytest.param(
            "reference_crashes.py",
            "reference_crashes.py: the reference crashed before training (line 4) "
            "(ZeroDivisionError: division by zero); fix it or choose another with --reference",
            id="crashes",
        ),
        pytest.param(
            "syntax_error.py", "syntax_error.py: the reference has a syntax error at line 5", id="syntax-error"
        ),
    ],
)
def test_failing_reference_is_an_error_naming_it(tmp_path: Path, reference: str, message: str) -> None:
    with pytest.raises(ReferenceFailure, match="^.*" + message.replace("(", r"\(").replace(")", r"\)")):
        check_many([BAD / "tiny_golfed.py"], BAD / reference, steps=STEPS, domain="names", cache_dir=tmp_path)


@pytest.mark.parametrize("steps", [0, -1])
def test_steps_below_one_are_refused(steps: int) -> None:
    with pytest.raises(ValueError, match="steps must be 1 or more"):
        check_many([BAD / "tiny_golfed.py"], REFERENCE, steps=steps, domain="names")


def test_unknown_variant_name_lists_the_choices() -> None:
    with pytest.raises(
        VariantError, match=r"^nosuch: no such variant; choose one of .*original.* or give a path to a \.py file$"
    ):
        check_many(["nosuch"], variants_dir=VARIANTS)


def _write(content: bytes) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        path = tmp_path / "data.txt"
        path.write_bytes(content)
        return path

    return make


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(_write(b""), "has no non-blank lines; a data file needs at least one document", id="empty"),
        pytest.param(_write(b"\n  \n\t\n"), "has no non-blank lines", id="blank-lines"),
        pytest.param(_write(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "looks binary (contains NUL bytes)", id="binary"),
        pytest.param(_write("caf\xe9\n".encode("latin-1")), "not UTF-8 text (bad byte at offset 3)", id="latin-1"),
        pytest.param(lambda tmp: tmp / "missing.txt", "data file not found; pass an existing text file", id="missing"),
        pytest.param(lambda tmp: tmp, "is a directory; --data takes a text file", id="directory"),
    ],
)
def test_unusable_data_names_the_file(tmp_path: Path, make: Callable[[Path], Path], message: str) -> None:
    path = make(tmp_path)
    with pytest.raises(DataError) as info:
        load_data(path)
    assert str(info.value).startswith(f"{path}: ") and message in str(info.value)


@pytest.mark.parametrize("script", [BAD / "tiny_golfed.py", VARIANTS / "original.py"], ids=["tiny", "original"])
def test_one_character_of_data_is_a_valid_data_set(tmp_path: Path, script: Path) -> None:
    data = tmp_path / "one.txt"
    data.write_text("x")
    reference = REFERENCE if script.parent == BAD else script
    verdict = check(script, reference, steps=2, data=data, domain="names", cache_dir=tmp_path / "cache")
    assert verdict.verdict == "identical", (verdict.failure, verdict.stderr_tail)


# --- the cache: damaged entries are rebuilt, never trusted; two processes share it -------------------------------


def _run_entry(cache: Path, stem: str) -> Path:
    """The cached run of the variant whose file stem is `stem` (found through its copy's notes)."""
    for entry in (cache / "runs").iterdir():
        meta = json.loads((entry / "run.json").read_text())
        if any(f"`{'L' if stem == 'tiny_golfed' else 'loss'}`" in n for n in meta["fields"]["notes"]):
            return entry
    raise AssertionError(f"no cached run of {stem}")


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-12])


def _flip_last_byte(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 0x01
    path.write_bytes(bytes(raw))


def _edit_json(change: Callable[[dict], None]) -> Callable[[Path], None]:
    def edit(path: Path) -> None:
        data = json.loads(path.read_text())
        change(data)
        path.write_text(json.dumps(data))

    return edit


# (what is damaged, how) — `run/...` is a file of the golfed variant's run entry, `verdict` its verdict file.
DAMAGE = [
    pytest.param("run/run.json", lambda p: p.write_text("{not json"), id="run-json-garbage"),
    pytest.param("run/run.json", _edit_json(lambda d: d.update(cache_format=CACHE_FORMAT - 1)), id="run-old-format"),
    pytest.param("run/run.json", _edit_json(lambda d: d["fields"].update(status="crashed")), id="run-json-edited"),
    pytest.param("run/run.json", lambda p: p.unlink(), id="run-json-missing"),
    pytest.param("run/record/values.bin", _truncate, id="record-truncated"),
    pytest.param("run/record/values.bin", _flip_last_byte, id="record-bit-flip"),
    pytest.param("run/record/values.bin", lambda p: p.write_bytes(b"GOLFREC0" + p.read_bytes()[8:]), id="record-magic"),
    pytest.param("verdict", lambda p: p.write_text(""), id="verdict-empty"),
    pytest.param("verdict", _edit_json(lambda d: d.update(cache_format=1)), id="verdict-old-format"),
    pytest.param("verdict", _edit_json(lambda d: d["verdict"].update(verdict="diverged")), id="verdict-edited"),
]


@pytest.mark.parametrize(("target", "damage"), DAMAGE)
def test_damaged_cache_entry_is_rebuilt(tmp_path: Path, target: str, damage: Callable[[Path], None]) -> None:
    variants = [BAD / "tiny_golfed.py"]
    [before] = check_many(variants, REFERENCE, steps=STEPS, domain="names", cache_dir=tmp_path)
    entry = _run_entry(tmp_path, "tiny_golfed")
    [verdict_file] = (tmp_path / "verdicts").iterdir()
    if target == "verdict":
        damage(verdict_file)
    else:
        damage(entry / target.removeprefix("run/"))
        verdict_file.unlink()  # make the damaged run matter: the verdict must be computed from it again
    [after] = check_many(variants, REFERENCE, steps=STEPS, domain="names", cache_dir=tmp_path)
    if target == "verdict":  # the runs were sound, so they come from the cache: only `cached` differs
        assert (after.cached, before.cached) == (True, False) and replace(after, cached=False) == before
    else:
        assert after.verdict == before.verdict == "identical"
    assert after.losses == before.losses
    # The entry is sound again, and the cache holds nothing else.
    assert RunCache(tmp_path).load(entry.name) is not None
    assert json.loads(next((tmp_path / "verdicts").iterdir()).read_text())["cache_format"] == CACHE_FORMAT
    assert [p.name for sub in ("runs", "verdicts") for p in (tmp_path / sub).iterdir() if p.name[0] == "."] == []


def test_cache_removes_staging_left_by_a_killed_process_but_not_a_live_one(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    dead, live, temp = runs / ".0123456789ab-dead", runs / ".0123456789ab-live", tmp_path / "verdicts" / ".verdict-x"
    for folder in (dead, live):
        (folder / "record").mkdir(parents=True)
        (folder / ".owner").touch()
    temp.parent.mkdir()
    temp.write_text("{")
    old = time.time() - 3600
    for path in (dead, live, temp):
        os.utime(path, (old, old))
    fd = os.open(live / ".owner", os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # a golf process still filling it
        RunCache(tmp_path)
        assert not dead.exists() and not temp.exists()
        assert live.exists()
    finally:
        os.close(fd)


_CHECK_IN_CHILD = """
import json, sys
from golf.engine.check import check_many
names, reference, cache = sys.argv[1].split(","), sys.argv[2], sys.argv[3]
verdicts = check_many(names, reference, steps=int(sys.argv[4]), domain="names", cache_dir=cache, jobs=2)
print(json.dumps([[v.variant, v.verdict, v.failure, list(v.losses)] for v in verdicts]))
"""


def test_two_processes_share_one_cache(tmp_path: Path) -> None:
    names = [str(BAD / f"{n}.py") for n in ("tiny_golfed", "reordered_random", "raises_mid_training", "syntax_error")]
    argv = [sys.executable, "-c", _CHECK_IN_CHILD, ",".join(names), str(REFERENCE), str(tmp_path), str(STEPS)]
    procs = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outputs]
    first, second = (json.loads(out) for out, _ in outputs)
    assert first == second
    assert [row[1] for row in first] == ["identical", "diverged", "failed", "failed"]
    # Intact: every entry loads, nothing half-written is left, and a third run takes everything from the cache.
    cache = RunCache(tmp_path)
    entries = list((tmp_path / "runs").iterdir())
    assert all(e.name[0] != "." and cache.load(e.name) is not None for e in entries)
    assert all(p.name[0] != "." for p in (tmp_path / "verdicts").iterdir())
    third = check_many(names, REFERENCE, steps=STEPS, domain="names", cache_dir=tmp_path)
    assert [[v.variant, v.verdict, v.failure, list(v.losses)] for v in third] == first
    assert len(list((tmp_path / "runs").iterdir())) == len(entries)


def test_interrupted_check_stops_every_run_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()

    def interrupt(name: str, done: int, total: int | None, finished: bool) -> None:
        if name == "runs_forever" and done >= 1:
            raise KeyboardInterrupt  # as Ctrl-C would, while runs are going on

    start = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        check_many(
            [BAD / "runs_forever.py", BAD / "tiny_golfed.py"],
            REFERENCE,
            steps=STEPS,
            domain="names",
            options=RunOptions(timeout=60),
            cache_dir=tmp_path / "cache",
            progress=interrupt,
        )
    assert time.perf_counter() - start < 20, "the endless run was waited for instead of stopped"
    assert list((tmp_path / "tmp").iterdir()) == []
    assert [p.name for p in (tmp_path / "cache" / "runs").iterdir() if p.name[0] == "."] == []


# --- reports written atomically (golf/atomic.py) ------------------------------------------------------------------


def test_failed_write_keeps_the_previous_report_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = tmp_path / "golf.md"
    report.write_text("old report\n")

    def fail(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(report, "new report " * 10_000)
    assert report.read_text() == "old report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["golf.md"]


_KILLED_WRITER = """
import os, sys, time
from golf.atomic import write_atomic
def stall(fd):
    print("written", flush=True)
    time.sleep(60)
os.fsync = stall
write_atomic(sys.argv[1], "new report " * 100_000)
"""


def test_report_killed_mid_write_keeps_the_previous_one(tmp_path: Path) -> None:
    report = tmp_path / "golf.md"
    report.write_text("old report\n")
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, str(report)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "written\n"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert report.read_text() == "old report\n"
    # A SIGKILL leaves the hidden temporary file (nothing can remove it); never a half report under the real name.
    assert all(
        p.name == "golf.md" or (p.name.startswith(".golf.md.") and p.suffix == ".tmp") for p in tmp_path.iterdir()
    )


_WRITER = """
import sys
from golf.atomic import write_atomic
for _ in range(30):
    write_atomic(sys.argv[1], sys.argv[2] * 50_000)
"""


def test_two_processes_writing_one_report_never_leave_a_mixed_file(tmp_path: Path) -> None:
    report = tmp_path / "golf.json"
    report.write_text("a" * 50_000)
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(report), c]) for c in "ab"]
    while any(p.poll() is None for p in procs):
        assert report.read_text() in ("a" * 50_000, "b" * 50_000)  # whole, whichever process wrote it
        time.sleep(0.001)
    assert [p.wait() for p in procs] == [0, 0]
    assert [p.name for p in tmp_path.iterdir()] == ["golf.json"]
