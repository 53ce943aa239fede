"""Running one variant in its own subprocess and temporary directory; the outcome is a value, never an exception.

The variant file is never edited: an instrumented copy (or, when its source cannot be
analysed, a plain copy) is written into a fresh temporary directory beside `input.txt`,
and runs there through golf.engine._harness with a time limit and a memory limit, stdout and
stderr captured to files. A source that does not compile is reported without running.
"""

from __future__ import annotations

import ctypes
import functools
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from golf.engine import _harness
from golf.engine.data import write_input
from golf.engine.failures import (
    MAX_STDOUT_BYTES,
    MEMORY_SIGNS,
    explain_failure,
    tail,
    where_stopped,
    with_original_lines,
    without_harness_frames,
)
from golf.engine.instrument import AnalysisFailure, Instrumented, Overrides, instrument

#: Defaults for the limits; the CLI's --timeout and --memory change them.
DEFAULT_TIMEOUT_SECONDS = 600.0
DEFAULT_MEMORY_MB = 4096
#: Below this address-space limit the interpreter cannot even load its shared libraries.
MIN_MEMORY_MB = 32
#: How long a timed-out run gets to print where it was (faulthandler, on SIGUSR1) before it is killed.
_DUMP_GRACE_SECONDS = 1.0

#: What happened to the process.
STATUSES = (
    "ok",
    "crashed",
    "syntax error",
    "timed out",
    "out of memory",
    "output too large",
    "not recorded",
    "not started",
    "not instrumented",
)
#: Outcomes that depend on the limits or the machine rather than on the inputs: never cached.
TRANSIENT_STATUSES = ("timed out", "out of memory", "not started")

#: Calls that may run a payload golf can instrument at run time (a compressed golf execs its source).
_PAYLOAD_CALLS = re.compile(r"\b(exec|eval|compile)\b")
#: The folder holding the `golf` package, for the harness to import the instrumenter from for a payload.
_GOLF_ROOT = str(Path(__file__).resolve().parents[2])

#: CPython 3.11's compiler is not safe to call from several threads at once (it can fail with
#: "AST constructor recursion depth mismatch"), and check_many runs variants from a thread pool.
PARSE_LOCK = threading.Lock()


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
class RunSpec:
    """What a run does beyond running the script: how far, with which seed, whether it may stop early."""

    #: The first N iterations of the training loop (None: all of them).
    steps: int | None = None
    #: The first K iterations of the sampling loop (None: all of them).
    samples: int | None = None
    #: Seeds this number wherever the program seeds its own first seed (None: the program's own).
    seed: int | None = None
    #: Whether a source that cannot be instrumented (so cannot be shortened) may run at its own length.
    full_length: bool = True
    #: The run key of the reference record to stop at the first difference from (--fail-fast), or None.
    fail_fast: str | None = None

    def key(self) -> str:
        """A stable text form, part of the cache key."""
        return repr((self.steps, self.samples, self.seed, self.full_length, self.fail_fast))


@dataclass(frozen=True)
class RunResult:
    """What one run of a variant produced. The record itself is a directory (see golf.engine._harness)."""

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
    #: The record directory (values.bin and names.json when instrumented; draws.bin, meta.json), when it ran.
    record_dir: Path | None
    #: Steps requested (None: the script's own count).
    steps: int | None
    #: Why the source could not be instrumented, what was detected and rewritten, and so on.
    notes: tuple[str, ...] = ()
    #: For a run that did not finish cleanly, where it stopped, in the variant's terms:
    #: `during step 3`, `before training (line 2)`, `after training (line 24)`, `at line 7`; None when unknown.
    where: str | None = None
    #: Calls of random.seed the program made (None: not known).
    seed_calls: int | None = None
    #: Iterations of the sampling loop that ran (None: no sampling loop was found or it never started).
    samples_run: int | None = None
    #: True when the run stopped at its first difference from the reference (--fail-fast).
    stopped_early: bool = False


@functools.lru_cache(maxsize=64)
def analyse(source: str, overrides: Overrides) -> Instrumented | AnalysisFailure:
    """The analysis of a source (golf.engine.instrument.instrument), made once and shared by every run of it."""
    with PARSE_LOCK:
        return instrument(source, overrides=overrides)


def may_run_payload(source: str) -> bool:
    """True when the source calls exec, eval or compile: a payload there may be instrumented at run time."""
    return bool(_PAYLOAD_CALLS.search(source))


def _find_prctl() -> Callable[..., int] | None:
    # Looked up here, not in the forked child: loading libraries after fork can deadlock.
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None  # not Linux


_PRCTL = _find_prctl()
_PR_SET_PDEATHSIG = 1


def _limit_child(memory_mb: int) -> Callable[[], None]:
    def apply() -> None:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        if _PRCTL is not None:
            # Die with golf: a golf process killed outright must not leave a variant running forever.
            _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL)

    return apply


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


def _syntax_error(source: str, source_path: Path, steps: int | None) -> RunResult | None:
    """A result for a source that does not compile (nothing is run), else None."""
    try:
        with PARSE_LOCK:
            compile(source, str(source_path), "exec", dont_inherit=True)
    except SyntaxError as exc:
        line = exc.lineno or 0
        message = f'File "{source_path}", line {line}\n  {(exc.text or "").strip()}\nSyntaxError: {exc.msg}'
        note = f"{source_path}:{line}: {exc.msg}; fix the syntax (golf runs each variant as a plain Python script)"
        return RunResult("syntax error", False, "", message, None, 0.0, None, steps, (note,), f"at line {line}")
    except ValueError as exc:  # e.g. NUL bytes
        note = f"{source_path}: {exc}; a variant must be Python source text"
        return RunResult("syntax error", False, "", f"ValueError: {exc}", None, 0.0, None, steps, (note,))
    return None


def _stop(proc: subprocess.Popen[bytes], err_path: Path, dump: bool) -> None:
    """Kill the run's whole process group; with `dump`, first let the harness print where it was."""
    if dump and proc.poll() is None:
        size = err_path.stat().st_size
        try:
            os.kill(proc.pid, signal.SIGUSR1)
        except ProcessLookupError:
            return
        deadline = time.perf_counter() + _DUMP_GRACE_SECONDS
        while time.perf_counter() < deadline and err_path.stat().st_size == size and proc.poll() is None:
            time.sleep(0.02)
        time.sleep(0.05)  # let the dump finish
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def run_variant(
    source_path: Path,
    data: bytes,
    record_dir: Path,
    *,
    spec: RunSpec | None = None,
    options: RunOptions | None = None,
    poll: Callable[[], None] | None = None,
    reference_record: Path | None = None,
    analysis: Instrumented | AnalysisFailure | None = None,
) -> RunResult:
    """Run the variant at `source_path` on `data`, recording into `record_dir` (created, must not exist).

    `spec` says how far it runs and with which seed; with `spec.fail_fast`, `reference_record` is
    the reference's record to stop at the first difference from. `poll` is called about four
    times a second while the variant runs; an exception it raises (to cancel) kills the run and
    propagates, leaving no process and no temporary directory behind. `analysis` is the source's
    analysis when the caller already has it (check_many makes it once per source).
    """
    spec = spec or RunSpec()
    steps = spec.steps
    options = options or RunOptions()
    notes: list[str] = []
    try:
        source = source_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        message = f"{source_path}: cannot read: {exc}"
        return RunResult("crashed", False, "", message, None, 0.0, None, steps, (message,))
    if (bad := _syntax_error(source, source_path, steps)) is not None:
        return bad

    analysed = analysis if analysis is not None else analyse(source, options.overrides)
    payload = isinstance(analysed, AnalysisFailure) and may_run_payload(source)
    shortened = spec.steps is not None or spec.samples is not None
    if isinstance(analysed, AnalysisFailure) and not payload and shortened and not spec.full_length:
        message = (
            f"{source_path}: not instrumented: {analysed.reason}. It was not run: it cannot be shortened to "
            "--steps, and a run at its own length can take minutes; pass --allow-full-length to compare its "
            "printed output at its own length"
        )
        return RunResult("not instrumented", False, "", message, None, 0.0, None, steps, (message,))
    with tempfile.TemporaryDirectory(prefix="golf-run-") as tmp:
        workdir = Path(tmp)
        write_input(workdir, data)
        script = workdir / source_path.name
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env["PYTHONHASHSEED"] = "0"  # set iteration order must not depend on the run
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        record_dir.mkdir(parents=True)
        record = record_dir
        config: dict[str, object] = {
            "script": str(script),
            "record_dir": str(record_dir),
            "steps": spec.steps,
            "samples": spec.samples,
            "seed": spec.seed,
            "fail_fast": str(reference_record / "values.bin") if spec.fail_fast and reference_record else None,
        }
        training: Instrumented | None = None
        if isinstance(analysed, AnalysisFailure):
            notes.append(f"not instrumented: {analysed.reason}")
            script.write_text(source, encoding="utf-8")
            if payload:
                overrides = asdict(options.overrides)
                config["payload"] = {"root": _GOLF_ROOT, "overrides": overrides, "full_length": spec.full_length}
            elif steps is not None:
                notes.append("ran at the script's own step count: --steps needs an analysable source")
        else:
            notes.extend(analysed.notes)
            script.write_text(analysed.source, encoding="utf-8")
            training = analysed
            config.update(grad_attr=analysed.grad_attr, data_attr=analysed.data_attr)
        command = [sys.executable, "-I", _harness.__file__, json.dumps(config)]
        out_path, err_path = workdir.parent / f"{workdir.name}.out", workdir.parent / f"{workdir.name}.err"
        start = time.perf_counter()
        status = "ok"
        try:
            with open(out_path, "wb") as out, open(err_path, "wb") as err:
                try:
                    proc = subprocess.Popen(
                        command,
                        cwd=workdir,
                        stdin=subprocess.DEVNULL,
                        stdout=out,
                        stderr=err,
                        env=env,
                        preexec_fn=_limit_child(options.memory_mb),
                        start_new_session=True,  # so a timeout kills the whole process group
                    )
                except OSError as exc:  # no process left on the machine, and the like
                    message = f"{source_path}: could not start Python: {exc}"
                    return RunResult("not started", False, "", message, None, 0.0, None, steps, (*notes, message))
                try:
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
                            _stop(proc, err_path, dump=status == "timed out")
                            break
                except BaseException:
                    _stop(proc, err_path, dump=False)
                    raise
            seconds = time.perf_counter() - start
            raw_out = out_path.read_bytes()[:MAX_STDOUT_BYTES]
            stderr = err_path.read_bytes()[-64 * 1024 :].decode("utf-8", "replace")
        finally:
            for p in (out_path, err_path):
                p.unlink(missing_ok=True)
        stdout = raw_out.decode("utf-8", "replace")
        where = None
        if status != "ok" or proc.returncode != 0:
            where = where_stopped(stderr, str(script), training, steps_done(record))
        # Tracebacks should name the user's file, not the temporary copy.
        stderr = without_harness_frames(stderr.replace(str(script), str(source_path)))
        stderr = with_original_lines(stderr, str(source_path), source)
        if status == "ok" and proc.returncode != 0:
            status = "out of memory" if any(s in stderr for s in MEMORY_SIGNS) else "crashed"
        notes.extend(explain_failure(status, stderr, proc.returncode, source_path, options.timeout, options.memory_mb))
        meta = _read_meta(record)
        instrumented = training is not None or bool(meta.get("payload_instrumented"))
        if instrumented and training is None:  # the script itself is only a loader of the payload
            notes = [n for n in notes if not n.startswith("not instrumented: ")]
        notes.extend(meta.get("payload", []))
        error_file = record / "error.txt"
        if error_file.exists():
            status = "not recorded"
            notes.append("cannot record: " + error_file.read_text())
        elif status == "ok" and instrumented and not (record / "values.bin").exists():
            status = "not recorded"
            line = f" (line {training.backward_line})" if training else ""
            notes.append(
                f"{source_path}: ran to the end without ever calling the detected backward pass{line}; "
                "if another call is the real one, name it with --backward NAME"
            )
        if payload and not instrumented and steps is not None:
            notes.append("ran at the script's own step count: --steps needs an analysable source")
        shutil.rmtree(workdir, ignore_errors=True)
    return RunResult(
        status=status,
        instrumented=instrumented,
        stdout=stdout,
        stderr_tail=tail(stderr),
        returncode=proc.returncode,
        seconds=seconds,
        record_dir=record,
        steps=steps,
        notes=tuple(notes),
        where=where,
        seed_calls=meta.get("seed_calls"),
        samples_run=meta.get("samples_started") or None,
        stopped_early=bool(meta.get("fail_fast")),
    )


def _read_meta(record: Path) -> dict:
    """What the harness wrote about the run (meta.json), or {} when it did not get that far."""
    try:
        return json.loads((record / "meta.json").read_text())
    except (OSError, ValueError):
        return {}
