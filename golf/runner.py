"""Running one variant in its own subprocess and temporary directory; the outcome is a value, never an exception.

The variant file is never edited: an instrumented copy (or, when its source cannot be
analysed, a plain copy) is written into a fresh temporary directory beside `input.txt`,
and runs there with a time limit and a memory limit, stdout and stderr captured to files.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from golf import _harness
from golf.data import write_input
from golf.instrument import AnalysisFailure, Overrides, instrument

#: Defaults for the limits; the CLI's --timeout and --memory change them.
DEFAULT_TIMEOUT_SECONDS = 600.0
DEFAULT_MEMORY_MB = 4096
#: Lines of stderr kept for a failure's message.
STDERR_TAIL_LINES = 15
#: Printed output beyond this is cut, and the result says so (a variant printing forever must not fill the disk).
MAX_STDOUT_BYTES = 20 * 1024 * 1024

#: What happened to the process.
STATUSES = ("ok", "crashed", "timed out", "out of memory", "output too large", "not recorded")


@dataclass(frozen=True)
class RunOptions:
    """How to run variants: limits and the detection overrides."""

    #: Seconds a run may take before it is killed.
    timeout: float = DEFAULT_TIMEOUT_SECONDS
    #: Address-space limit for the variant's process, in MiB.
    memory_mb: int = DEFAULT_MEMORY_MB
    #: Names given by the user where detection fails.
    overrides: Overrides = field(default_factory=Overrides)


@dataclass(frozen=True)
class RunResult:
    """What one run of a variant produced. The record itself is a directory (see golf._harness)."""

    #: One of STATUSES.
    status: str
    #: True when the source was instrumented; False means only printed output can be compared.
    instrumented: bool
    #: Captured output (stdout decoded as UTF-8 with replacement).
    stdout: str
    #: The last lines of stderr.
    stderr_tail: str
    #: Process exit code (negative: killed by that signal); None when it never ran.
    returncode: int | None
    #: Wall-clock seconds of the process.
    seconds: float
    #: The record directory (values.bin, names.json), when instrumented.
    record_dir: Path | None
    #: Steps requested (None: the script's own count).
    steps: int | None
    #: Why the source could not be instrumented, what was detected and rewritten, and so on.
    notes: tuple[str, ...] = ()


def _limit_memory(memory_mb: int) -> Callable[[], None]:
    def apply() -> None:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def _tail(text: str, lines: int = STDERR_TAIL_LINES) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _without_harness_frames(stderr: str) -> str:
    """Drop the traceback frames of golf's harness and runpy, which say nothing about the variant."""
    kept: list[str] = []
    skipping = False
    for line in stderr.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("File ") and ("_harness.py" in stripped or "<frozen runpy>" in stripped):
            skipping = True
            continue
        if skipping and line.startswith("    ") and not stripped.startswith("File "):
            continue  # the source line (and carets) of a skipped frame
        skipping = False
        kept.append(line)
    return "".join(kept)


def steps_done(record_dir: Path) -> int:
    """Backward passes recorded so far (read from the record's size, for progress while it runs)."""
    try:
        size = (record_dir / "values.bin").stat().st_size
        with open(record_dir / "values.bin", "rb") as f:
            header = f.read(_harness.HEADER_SIZE)
    except OSError:
        return 0
    if len(header) < _harness.HEADER_SIZE:
        return 0
    n = int.from_bytes(header[8:16], "little", signed=True)
    return max(0, (size - _harness.HEADER_SIZE - 8 * n) // (8 * (n + 1)))


def run_variant(
    source_path: Path,
    data: bytes,
    record_dir: Path,
    *,
    steps: int | None,
    options: RunOptions | None = None,
    poll: Callable[[], None] | None = None,
) -> RunResult:
    """Run the variant at `source_path` on `data`, recording into `record_dir` (created, must not exist)."""
    options = options or RunOptions()
    notes: list[str] = []
    try:
        source = source_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return RunResult("crashed", False, "", f"{source_path}: cannot read: {exc}", None, 0.0, None, steps)

    analysed = instrument(source, steps=steps, overrides=options.overrides)
    with tempfile.TemporaryDirectory(prefix="golf-run-") as tmp:
        workdir = Path(tmp)
        write_input(workdir, data)
        script = workdir / source_path.name
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env["PYTHONHASHSEED"] = "0"  # set iteration order must not depend on the run
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        if isinstance(analysed, AnalysisFailure):
            notes.append(f"not instrumented: {analysed.reason}")
            script.write_text(source, encoding="utf-8")
            command = [sys.executable, "-I", str(script)]
            record: Path | None = None
        else:
            notes.extend(analysed.notes)
            script.write_text(analysed.source, encoding="utf-8")
            record_dir.mkdir(parents=True)
            record = record_dir
            config = {
                "script": str(script),
                "record_dir": str(record_dir),
                "grad_attr": analysed.grad_attr,
                "data_attr": analysed.data_attr,
            }
            command = [sys.executable, "-I", _harness.__file__, json.dumps(config)]
        out_path, err_path = workdir.parent / f"{workdir.name}.out", workdir.parent / f"{workdir.name}.err"
        start = time.perf_counter()
        status = "ok"
        try:
            with open(out_path, "wb") as out, open(err_path, "wb") as err:
                proc = subprocess.Popen(
                    command,
                    cwd=workdir,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=err,
                    env=env,
                    preexec_fn=_limit_memory(options.memory_mb),
                    start_new_session=True,  # so a timeout kills the whole process group
                )
                deadline = start + options.timeout
                while True:
                    try:
                        proc.wait(timeout=0.25)
                        break
                    except subprocess.TimeoutExpired:
                        if poll is not None:
                            poll()
                        if time.perf_counter() > deadline:
                            status = "timed out"
                        elif out_path.stat().st_size > MAX_STDOUT_BYTES:
                            status = "output too large"
                        else:
                            continue
                        os.killpg(proc.pid, signal.SIGKILL)
                        proc.wait()
                        break
            seconds = time.perf_counter() - start
            raw_out = out_path.read_bytes()[:MAX_STDOUT_BYTES]
            stderr = err_path.read_bytes()[-64 * 1024 :].decode("utf-8", "replace")
        finally:
            for p in (out_path, err_path):
                p.unlink(missing_ok=True)
        stdout = raw_out.decode("utf-8", "replace")
        # Tracebacks should name the user's file, not the temporary copy.
        stderr = _without_harness_frames(stderr.replace(str(script), str(source_path)))
        if status == "ok" and proc.returncode != 0:
            memory_signs = ("MemoryError", "Cannot allocate memory", "std::bad_alloc")
            status = "out of memory" if any(s in stderr for s in memory_signs) else "crashed"
        if status == "timed out":
            notes.append(f"killed after {options.timeout:g} s (--timeout)")
        elif status == "out of memory":
            notes.append(f"exceeded the memory limit of {options.memory_mb} MiB (--memory)")
        elif status == "output too large":
            notes.append(f"printed more than {MAX_STDOUT_BYTES // (1024 * 1024)} MiB; killed")
        if record is not None:
            error_file = record / "error.txt"
            if error_file.exists():
                status = "not recorded"
                notes.append("cannot record: " + error_file.read_text())
            elif status == "ok" and not (record / "values.bin").exists():
                status = "not recorded"
                notes.append("ran to the end without ever calling the detected backward pass")
        shutil.rmtree(workdir, ignore_errors=True)
    return RunResult(
        status=status,
        instrumented=record is not None,
        stdout=stdout,
        stderr_tail=_tail(stderr),
        returncode=proc.returncode,
        seconds=seconds,
        record_dir=record,
        steps=steps,
        notes=tuple(notes),
    )
