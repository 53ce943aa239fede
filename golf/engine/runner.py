"""Running one variant in its own subprocess and temporary directory; the outcome is a value, never an exception.

The variant file is never edited: an instrumented copy (or, when its source cannot be
analysed, a plain copy) is written into a fresh temporary directory beside `input.txt`,
and runs there through golf.engine._harness with a time limit and a memory limit, stdout and
stderr captured to files. A source that does not compile is reported without running.
"""

from __future__ import annotations

import ast
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
from dataclasses import dataclass, field
from pathlib import Path

from golf.engine import _harness
from golf.engine.data import write_input
from golf.engine.instrument import HOOK_NAME, AnalysisFailure, Instrumented, Overrides, instrument

#: Defaults for the limits; the CLI's --timeout and --memory change them.
DEFAULT_TIMEOUT_SECONDS = 600.0
DEFAULT_MEMORY_MB = 4096
#: Below this address-space limit the interpreter cannot even load its shared libraries.
MIN_MEMORY_MB = 32
#: Lines of stderr kept for a failure's message.
STDERR_TAIL_LINES = 15
#: Printed output beyond this is cut, and the result says so (a variant printing forever must not fill the disk).
MAX_STDOUT_BYTES = 20 * 1024 * 1024
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
)
#: Outcomes that depend on the limits or the machine rather than on the inputs: never cached.
TRANSIENT_STATUSES = ("timed out", "out of memory", "not started")

_MEMORY_SIGNS = ("MemoryError", "Cannot allocate memory", "std::bad_alloc", "failed to map segment")
#: CPython 3.11's compiler is not safe to call from several threads at once (it can fail with
#: "AST constructor recursion depth mismatch"), and check_many runs variants from a thread pool.
PARSE_LOCK = threading.Lock()
_FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+)', re.MULTILINE)


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
    #: The record directory (values.bin, names.json), when instrumented.
    record_dir: Path | None
    #: Steps requested (None: the script's own count).
    steps: int | None
    #: Why the source could not be instrumented, what was detected and rewritten, and so on.
    notes: tuple[str, ...] = ()
    #: For a run that did not finish cleanly, where it stopped, in the variant's terms:
    #: `during step 3`, `before training (line 2)`, `after training (line 24)`, `at line 7`; None when unknown.
    where: str | None = None


@dataclass(frozen=True)
class _Training:
    """Lines of the instrumented training loop, to tell where a failed run stopped."""

    first: int
    last: int
    backward: int


@functools.lru_cache(maxsize=32)
def analyse(source: str, steps: int | None, overrides: Overrides) -> Instrumented | AnalysisFailure:
    """golf.engine.instrument.instrument, remembered: check_many asks before running, and the run asks again."""
    return instrument(source, steps=steps, overrides=overrides)


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


def _training_lines(instrumented_source: str, loop_line: int | None) -> _Training | None:
    """The training loop's first and last lines and the backward call's line, found through the hook call."""
    try:
        with PARSE_LOCK:
            tree = ast.parse(instrumented_source)
    except SyntaxError:
        return None
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    hook = next(
        (
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == HOOK_NAME
        ),
        None,
    )
    if hook is None:
        return None
    node: ast.AST | None = hook
    while node is not None:
        if isinstance(node, ast.For) and (node.lineno == loop_line if loop_line is not None else _over_range(node)):
            return _Training(node.lineno, node.end_lineno or node.lineno, hook.lineno)
        node = parents.get(node)
    return None


def _over_range(loop: ast.For) -> bool:
    it = loop.iter
    return isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range" and len(it.args) == 1


def _script_lines(stderr: str, script: str) -> list[int]:
    """Lines of `script` in the last traceback (or faulthandler dump) of `stderr`, outermost call first."""
    last = max(stderr.rfind("Traceback (most recent call last)"), stderr.rfind("(most recent call first)"))
    if last < 0:
        return []
    block = stderr[last:]
    lines = [int(m["line"]) for m in _FRAME.finditer(block) if m["file"] == script]
    return lines[::-1] if block.startswith("(most recent call first)") else lines


def _where(stderr: str, script: str, training: _Training | None, recorded: int) -> str | None:
    """Where a failed run stopped: the step, or the line before or after training."""
    lines = _script_lines(stderr, script)
    if training is None:
        return f"at line {lines[0]}" if lines else None
    in_loop = [line for line in lines if training.first <= line <= training.last]
    if in_loop:
        # Past the backward call, the step whose gradients were just recorded is still running.
        return f"during step {recorded if in_loop[0] > training.backward and recorded else recorded + 1}"
    if lines:
        return f"{'before' if lines[0] < training.first else 'after'} training (line {lines[0]})"
    return "before the first recorded step" if recorded == 0 else f"after step {recorded}"


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
    steps: int | None,
    options: RunOptions | None = None,
    poll: Callable[[], None] | None = None,
) -> RunResult:
    """Run the variant at `source_path` on `data`, recording into `record_dir` (created, must not exist).

    `poll` is called about four times a second while the variant runs; an exception it raises
    (to cancel) kills the run and propagates, leaving no process and no temporary directory behind.
    """
    options = options or RunOptions()
    notes: list[str] = []
    try:
        source = source_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        message = f"{source_path}: cannot read: {exc}"
        return RunResult("crashed", False, "", message, None, 0.0, None, steps, (message,))
    if (bad := _syntax_error(source, source_path, steps)) is not None:
        return bad

    analysed = analyse(source, steps, options.overrides)
    with tempfile.TemporaryDirectory(prefix="golf-run-") as tmp:
        workdir = Path(tmp)
        write_input(workdir, data)
        script = workdir / source_path.name
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env["PYTHONHASHSEED"] = "0"  # set iteration order must not depend on the run
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        config: dict[str, str | None] = {"script": str(script), "record_dir": None}
        training: _Training | None = None
        if isinstance(analysed, AnalysisFailure):
            notes.append(f"not instrumented: {analysed.reason}")
            script.write_text(source, encoding="utf-8")
            record: Path | None = None
            if steps is not None:
                notes.append("ran at the script's own step count: --steps needs an analysable source")
        else:
            notes.extend(analysed.notes)
            script.write_text(analysed.source, encoding="utf-8")
            record_dir.mkdir(parents=True)
            record = record_dir
            training = _training_lines(analysed.source, options.overrides.loop_line)
            config.update(record_dir=str(record_dir), grad_attr=analysed.grad_attr, data_attr=analysed.data_attr)
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
            where = _where(stderr, str(script), training, steps_done(record) if record is not None else 0)
        # Tracebacks should name the user's file, not the temporary copy.
        stderr = _without_harness_frames(stderr.replace(str(script), str(source_path)))
        if status == "ok" and proc.returncode != 0:
            status = "out of memory" if any(s in stderr for s in _MEMORY_SIGNS) else "crashed"
        notes.extend(_explain(status, stderr, proc.returncode, source_path, options))
        if record is not None:
            error_file = record / "error.txt"
            if error_file.exists():
                status = "not recorded"
                notes.append("cannot record: " + error_file.read_text())
            elif status == "ok" and not (record / "values.bin").exists():
                status = "not recorded"
                line = f" (line {training.backward})" if training else ""
                notes.append(
                    f"{source_path}: ran to the end without ever calling the detected backward pass{line}; "
                    "if another call is the real one, name it with --backward NAME"
                )
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
        where=where,
    )


def _explain(status: str, stderr: str, returncode: int, source_path: Path, options: RunOptions) -> list[str]:
    """Notes saying what went wrong and what to do about it, naming the variant's file."""
    if status == "timed out":
        return [f"{source_path}: killed after {options.timeout:g} s (--timeout); if it is only slow, raise --timeout"]
    if status == "out of memory":
        return [
            f"{source_path}: exceeded the memory limit of {options.memory_mb} MiB (--memory); "
            "if it really needs more, raise --memory"
        ]
    if status == "output too large":
        return [f"{source_path}: printed more than {MAX_STDOUT_BYTES // (1024 * 1024)} MiB; killed"]
    if status != "crashed":
        return []
    if _harness.NO_WORKBENCH in stderr:
        return [f"{source_path}: imports golf; {_harness.NO_WORKBENCH}"]
    if "ModuleNotFoundError" in stderr or "FileNotFoundError" in stderr:
        return [
            f"{source_path}: the variant runs alone in a temporary folder holding only input.txt (the --data file); "
            "it must be a standalone script that reads input.txt"
        ]
    if returncode == -signal.SIGKILL:
        return [f"{source_path}: killed by SIGKILL from outside golf (the system's out-of-memory killer does this)"]
    return []
