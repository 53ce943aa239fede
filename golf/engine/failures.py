"""Reading a failed run: where it stopped, in the variant's terms, and what to do about it."""

from __future__ import annotations

import re
import signal
from pathlib import Path

from golf.engine import _harness
from golf.engine.instrument import Instrumented

#: Lines of stderr kept for a failure's message.
STDERR_TAIL_LINES = 15
#: Printed output beyond this is cut, and the result says so (a variant printing forever must not fill the disk).
MAX_STDOUT_BYTES = 20 * 1024 * 1024
#: What a process that ran out of memory prints.
MEMORY_SIGNS = ("MemoryError", "Cannot allocate memory", "std::bad_alloc", "failed to map segment")
_FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+)', re.MULTILINE)


def with_original_lines(stderr: str, path: str, original: str) -> str:
    """Show the variant's own source lines in its traceback frames, not the instrumented copy's.

    The copy keeps every line number but rewrites the backward call and the loops
    (`__golf_backward__(O, L)`); a frame of `path` gets line N of `original` back, and the
    carets under the copy's line, which would point at the wrong columns, are dropped.
    """
    source_lines = original.splitlines()
    out: list[str] = []
    pending: int | None = None  # the line number of a frame of `path` whose code line comes next
    drop_carets = False
    for line in stderr.splitlines(keepends=True):
        code = line.strip()
        if pending is not None and line.startswith("    ") and not code.startswith("File "):
            if 0 < pending <= len(source_lines):
                line = f"    {source_lines[pending - 1].strip()}\n"
            pending, drop_carets = None, True
            out.append(line)
            continue
        if drop_carets and line.startswith("    ") and code and set(code) <= {"^", "~"}:
            continue
        pending, drop_carets = None, False
        match = _FRAME.match(line)
        if match is not None and match["file"] == path:
            pending = int(match["line"])
        out.append(line)
    return "".join(out)


def tail(text: str, lines: int = STDERR_TAIL_LINES) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def without_harness_frames(stderr: str) -> str:
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


def _script_lines(stderr: str, script: str) -> list[int]:
    """Lines of `script` in the last traceback (or faulthandler dump) of `stderr`, outermost call first."""
    last = max(stderr.rfind("Traceback (most recent call last)"), stderr.rfind("(most recent call first)"))
    if last < 0:
        return []
    block = stderr[last:]
    lines = [int(m["line"]) for m in _FRAME.finditer(block) if m["file"] == script]
    return lines[::-1] if block.startswith("(most recent call first)") else lines


def where_stopped(stderr: str, script: str, training: Instrumented | None, recorded: int) -> str | None:
    """Where a failed run stopped: the step, or the line before or after training."""
    lines = _script_lines(stderr, script)
    if training is None:
        return f"at line {lines[0]}" if lines else None
    loop = training.training
    in_loop = [line for line in lines if loop.first <= line <= loop.last]
    if in_loop:
        # Past the backward call, the step whose gradients were just recorded is still running.
        return f"during step {recorded if in_loop[0] > training.backward_line and recorded else recorded + 1}"
    if lines:
        return f"{'before' if lines[0] < loop.first else 'after'} training (line {lines[0]})"
    return "before the first recorded step" if recorded == 0 else f"after step {recorded}"


def explain_failure(
    status: str, stderr: str, returncode: int, source_path: Path, timeout: float, memory_mb: int
) -> list[str]:
    """Notes saying what went wrong and what to do about it, naming the variant's file."""
    if status == "timed out":
        return [f"{source_path}: killed after {timeout:g} s (--timeout); if it is only slow, raise --timeout"]
    if status == "out of memory":
        return [
            f"{source_path}: exceeded the memory limit of {memory_mb} MiB (--memory); "
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
