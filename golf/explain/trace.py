"""Running one program under the trace harness, and the trace it leaves, as plain values.

A trace covers one window of a run (the initialisation, one training step, or the sampling
after training); see golf/explain/_trace_harness.py for what is recorded and how.
"""

from __future__ import annotations

import gc
import hashlib
import json
import marshal
import math
import os
import resource
import signal
import struct
import subprocess
import sys
import tempfile
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from golf.engine.data import write_input
from golf.engine.domain import default_samples
from golf.engine.instrument import AnalysisFailure
from golf.engine.runner import RunOptions, analyse
from golf.explain import _trace_harness

#: What a trace covers: `init`, `step` or `samples`.
WINDOWS = ("init", "step", "samples")

#: Traces this process made, by everything that decides them, newest last. `golf report --explain`
#: (and the test suite) explains many variants against one reference, whose trace of a window is
#: the same every time; a window's trace holds one node per operation, so only a few are kept.
_MADE: OrderedDict[tuple[object, ...], Trace] = OrderedDict()
_KEEP = 4


class TraceError(RuntimeError):
    """A program could not be traced; the message names the file and what went wrong."""


@dataclass(frozen=True)
class Frame:
    """One line of a program on the way to an operation: file, line number and the line's code."""

    path: str
    line: int
    code: str
    #: The function the line is in (`<module>` at top level).
    function: str = ""
    #: The node class's method this frame runs (`__mul__`), or None outside the class.
    operator: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """{path, line, code}: the JSON form of a frame."""
        return {"path": self.path, "line": self.line, "code": self.code}


@dataclass(frozen=True)
class Node:
    """One autograd node of the traced window."""

    #: Position in the trace: creation order for the window's nodes, then nodes made before it.
    index: int
    #: The node's value (a float, an int such as ReLU's 0, or the repr of anything else).
    value: Any
    #: Where it was made (innermost frame first); empty for nodes made before the window.
    site: tuple[Frame, ...]
    #: Indices of its children, and the local gradient d(node)/d(child) for each (empty when not found).
    children: tuple[int, ...]
    local_grads: tuple[Any, ...]
    #: Its gradient after the backward pass (None when the window has none, or 0 never touched).
    grad: Any
    #: Its position in the parameter list, or -1.
    param: int
    #: True for nodes made inside the window (False: parameters and constants made earlier).
    in_window: bool

    @property
    def operator(self) -> str:
        """The class method that made the node (`__mul__`), or `Name(...)` for a direct constructor call."""
        for frame in self.site:
            if frame.operator is not None:
                return frame.operator
        return "constructor" if self.site else "leaf"

    @property
    def entry(self) -> str:
        """The outermost class method on the way (`__truediv__` for `a / b` built as `a * b**-1`)."""
        ops = [f.operator for f in self.site if f.operator is not None]
        return ops[-1] if ops else self.operator


@dataclass(frozen=True)
class Trace:
    """Everything recorded in one program's window."""

    path: Path
    window: str
    step: int
    nodes: tuple[Node, ...]
    #: The loss node's index (None: the window ended before a backward pass).
    loss: int | None
    #: Node index of each parameter (-1 when not among the nodes), and the parameters' names.
    params: tuple[int, ...] | None
    param_names: tuple[str, ...] | None
    #: Parameter values after the backward pass before the window and after the window's.
    params_before: tuple[Any, ...] | None
    params_after: tuple[Any, ...] | None
    #: Per parameter index: where its value was first written after the previous step, and the floats seen there.
    writes: dict[int, tuple[tuple[Frame, ...], dict[str, float]]]
    #: The program's own failure inside the window (`ValueError: math domain error (line 57)`), if any,
    #: and the line of the program it was raised from.
    error: str | None
    error_site: tuple[Frame, ...] = ()

    def param_name(self, index: int) -> str:
        """`wte[3][7]`, or `params[12]` when the program has no dict of matrices."""
        if self.param_names is not None and 0 <= index < len(self.param_names):
            return self.param_names[index]
        return f"params[{index}]"


def value_key(value: Any) -> Any:
    """What two nodes' values must share to count as the same value: a float's bits (0.0 and -0.0 alike)."""
    if isinstance(value, bool | int | float):
        try:
            number = float(value)
        except OverflowError:
            return ("int", value)
        if number == 0.0:
            number = 0.0
        if math.isnan(number):
            return "nan"
        return struct.pack("<d", number)
    return ("other", value)


def run_trace(
    path: Path,
    data: bytes,
    *,
    window: str,
    step: int,
    steps: int | None,
    options: RunOptions | None = None,
) -> Trace:
    """Trace `window` (`init`, `step` number `step`, or `samples` after `step` steps) of the program at `path`.

    The program is instrumented for `steps` training steps (as `golf check --steps` would), so
    the learning-rate schedule is the one the check ran. Raises TraceError when it cannot run.
    """
    return run_traces([(path, options or RunOptions())], data, window=window, step=step, steps=steps)[0]


def run_traces(
    programs: Sequence[tuple[Path, RunOptions]], data: bytes, *, window: str, step: int, steps: int | None
) -> list[Trace]:
    """run_trace for several programs at once (each with its own options), in the given order.

    Every run is killed, and every temporary folder removed, when one fails or golf is interrupted.
    """
    if window not in WINDOWS:
        raise ValueError(f"window must be one of {WINDOWS}, not {window!r}")
    keys = [_memo_key(path, options, data, window, step, steps) for path, options in programs]
    traces: dict[int, Trace] = {i: _MADE[k] for i, k in enumerate(keys) if k is not None and k in _MADE}
    with ExitStack() as folders:
        runs: dict[int, _Run] = {}
        try:
            for i, (path, options) in enumerate(programs):
                if i not in traces:
                    workdir = Path(folders.enter_context(tempfile.TemporaryDirectory(prefix="golf-explain-")))
                    runs[i] = _start(path, data, workdir, window, step, steps, options)
            for i, run in runs.items():
                traces[i] = _finish(run)
        finally:
            for run in runs.values():
                if run.process.poll() is None:
                    _kill(run.process)
    for key, trace in zip(keys, (traces[i] for i in range(len(programs))), strict=True):
        if key is not None and not trace.error:
            _MADE[key] = trace
            _MADE.move_to_end(key)
    while len(_MADE) > _KEEP:
        _MADE.popitem(last=False)
    return [traces[i] for i in range(len(programs))]


def _memo_key(
    path: Path, options: RunOptions, data: bytes, window: str, step: int, steps: int | None
) -> tuple[object, ...] | None:
    """What decides a trace: the file and its bytes, the options, the data and the window (None: unreadable)."""
    try:
        source = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    data_hash = hashlib.sha256(data).hexdigest()
    return (str(path), source, options.overrides, options.timeout, options.memory_mb, data_hash, window, step, steps)


@dataclass
class _Run:
    path: Path
    source: str
    workdir: Path
    process: subprocess.Popen[bytes]
    deadline: float
    timeout: float


def _start(
    path: Path, data: bytes, workdir: Path, window: str, step: int, steps: int | None, options: RunOptions
) -> _Run:
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TraceError(f"{path}: cannot read: {exc}") from None
    analysed = analyse(source, options.overrides)  # the check's analysis of the same source, when it made one
    if isinstance(analysed, AnalysisFailure):
        raise TraceError(f"{path}: cannot trace: {analysed.reason}")
    write_input(workdir, data)
    script = workdir / path.name
    script.write_text(analysed.source, encoding="utf-8")
    config = {
        "script": str(script),
        "out": str(workdir / "trace.marshal"),
        "kind": window,
        "step": step,
        "grad_attr": analysed.grad_attr,
        "data_attr": analysed.data_attr,
        # The first `steps` steps and the samples `golf check` compared, as the check ran them.
        "steps": steps,
        "samples": default_samples(steps, None),
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")  # as golf check runs it
    limit = options.memory_mb * 1024 * 1024

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    with open(workdir / "stderr.txt", "wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-I", _trace_harness.__file__, json.dumps(config)],
            cwd=workdir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
            preexec_fn=limit_memory,
            start_new_session=True,  # so a timeout kills the whole process group
        )
    return _Run(path, source, workdir, process, time.monotonic() + options.timeout, options.timeout)


def _finish(run: _Run) -> Trace:
    try:
        run.process.wait(timeout=max(0.0, run.deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        _kill(run.process)
        raise TraceError(f"{run.path}: the traced run took more than {run.timeout:g} s (--timeout)") from None
    out = run.workdir / "trace.marshal"
    if run.process.returncode != 0 or not out.exists():
        stderr = (run.workdir / "stderr.txt").read_text(encoding="utf-8", errors="replace")
        tail = stderr.strip().splitlines()[-1:] or [f"exit code {run.process.returncode}"]
        raise TraceError(f"{run.path}: the traced run failed: {tail[0]}")
    # One read, then `loads`: `marshal.load` on a file reads object by object (5x slower here).
    # The collector waits meanwhile: the trace is some 10^5 fresh tuples and nodes, none of them garbage.
    with _collector_paused():
        raw = marshal.loads(out.read_bytes())
        return _trace(run.path, run.source, raw)


@contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _kill(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def _trace(path: Path, source: str, raw: dict[str, Any]) -> Trace:
    if raw.get("format") != _trace_harness.TRACE_FORMAT:
        raise TraceError(f"{path}: the trace has an unknown format")
    lines = source.splitlines()
    stacks = [_site(str(path), lines, stack) for stack in raw["stacks"]]
    nodes = tuple(
        Node(
            index=i,
            value=value,
            site=stacks[stack] if stack >= 0 else (),
            children=tuple(children),
            local_grads=tuple(local),
            grad=grad,
            param=param,
            in_window=stack >= 0,
        )
        for i, (value, stack, children, local, grad, param) in enumerate(raw["nodes"])
    )
    writes = {int(i): (stacks[stack], dict(seen)) for i, (stack, seen) in raw["writes"].items()}
    return Trace(
        path=path,
        window=raw["kind"],
        step=raw["step"],
        nodes=nodes,
        loss=raw["loss"],
        params=tuple(raw["params"]) if raw["params"] is not None else None,
        param_names=tuple(raw["param_names"]) if raw["param_names"] else None,
        params_before=tuple(raw["params_before"]) if raw["params_before"] is not None else None,
        params_after=tuple(raw["params_after"]) if raw["params_after"] is not None else None,
        writes=writes,
        error=raw["error"],
        error_site=(_frame(str(path), lines, raw["error_line"], "", None),) if raw.get("error_line") else (),
    )


def _site(path: str, lines: list[str], stack: list[tuple[int, str, str | None]]) -> tuple[Frame, ...]:
    """The frames of one stack; a comprehension's frame on its function's line is shown once."""
    frames: list[Frame] = []
    for line, function, operator in stack:
        if frames and frames[-1].line == line and frames[-1].operator == operator:
            continue
        frames.append(_frame(path, lines, line, function, operator))
    return tuple(frames)


def _frame(path: str, lines: list[str], line: int, function: str, operator: str | None) -> Frame:
    code = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    return Frame(path, line, code, function, operator)
