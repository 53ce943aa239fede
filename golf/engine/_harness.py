"""Runs an instrumented variant and records every backward pass; executed as a script in a subprocess.

It imports nothing from golf and nothing that touches `random`, so the variant sees the
same interpreter state as a plain `python variant.py`. The record is a directory:

- `values.bin`: 8-byte magic, int64 parameter count N, N float64 initial parameter
  values, then one block per backward pass: float64 loss followed by N float64 gradients.
  Each block is flushed as soon as it is written, so a crash keeps every finished step.
- `names.json`: the parameters' names (`layer0.attn_wq[3][7]`), or null.
- `error.txt`: written when the hook itself cannot record (names the problem).

With `record_dir` null the script runs unrecorded (a source golf could not instrument).
Either way the workbench itself cannot be imported (a variant must be a standalone script),
and SIGUSR1 prints where the script is (the runner sends it before killing a timed-out run).

Usage: python _harness.py CONFIG_JSON   (keys: script, record_dir, grad_attr, data_attr)
"""

import builtins
import faulthandler
import json
import os
import runpy
import signal
import sys
from array import array

#: First bytes of `values.bin`; bump the digit when the layout changes.
MAGIC = b"GOLFREC1"
#: Bytes of the header (magic + int64 parameter count) before the initial values.
HEADER_SIZE = 16
#: The error a variant gets when it imports golf (the runner looks for this text).
NO_WORKBENCH = "golf hides itself from the variants it runs: a variant must be a standalone script"


class _NoWorkbench:
    """A meta path finder, first in line, that refuses `golf` whatever the variant does to sys.path."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "golf" or name.startswith("golf."):
            raise ModuleNotFoundError(f"No module named {name!r} ({NO_WORKBENCH})", name=name)
        return None


class RecordError(Exception):
    """The hook cannot record this variant; the message says why and which option helps."""


def _node_attrs(node):
    names = []
    for klass in type(node).__mro__:
        slots = klass.__dict__.get("__slots__", ())
        names.extend([slots] if isinstance(slots, str) else slots)
    names.extend(getattr(node, "__dict__", {}))
    return names


def _find_data_attr(node, grad_attr):
    """The node attribute holding a float value, other than the gradient."""
    candidates = [a for a in _node_attrs(node) if a != grad_attr and isinstance(getattr(node, a, None), float)]
    if len(candidates) != 1:
        raise RecordError(
            f"cannot tell which attribute holds a node's value (candidates: {candidates or 'none'}); "
            "name it with --data-attr ATTR"
        )
    return candidates[0]


def _find_params(namespaces, node_type):
    """The longest list of autograd nodes in the loop's namespaces (locals first, then globals)."""
    best, best_names = None, []
    for namespace in namespaces:
        for name, value in namespace.items():
            if isinstance(value, list) and value and all(isinstance(x, node_type) for x in value):
                if best is None or len(value) > len(best):
                    best, best_names = value, [name]
                elif len(value) == len(best) and value is not best and name not in best_names:
                    best_names.append(name)
    if best is None:
        raise RecordError("no list of autograd nodes found for the parameters; name it with --params NAME")
    if len(best_names) > 1:
        raise RecordError(f"several lists could be the parameters ({', '.join(best_names)}); choose with --params NAME")
    return best


def _param_names(namespaces, params, node_type):
    """Names like `layer0.attn_wq[3][7]` from a dict of matrices holding the parameters, else None."""
    wanted = {id(p): i for i, p in enumerate(params)}
    for namespace in namespaces:
        for value in namespace.values():
            if not isinstance(value, dict) or not value:
                continue
            names = [None] * len(params)
            for key, matrix in value.items():
                if not isinstance(matrix, list):
                    break
                for r, row in enumerate(matrix):
                    cells = row if isinstance(row, list) else [row]
                    for c, cell in enumerate(cells):
                        if isinstance(cell, node_type) and id(cell) in wanted:
                            label = f"{key}[{r}][{c}]" if isinstance(row, list) else f"{key}[{r}]"
                            names[wanted[id(cell)]] = label
            if all(n is not None for n in names):
                return names
    return None


class Recorder:
    """The hook the instrumented copy calls after each backward pass."""

    def __init__(self, record_dir, grad_attr, data_attr):
        self.dir = record_dir
        self.grad_attr = grad_attr
        self.data_attr = data_attr
        self.file = None
        self.params = None
        self.count = 0

    def __call__(self, loss, params_thunk):
        try:
            self._record(loss, params_thunk, sys._getframe(1))
        except RecordError as exc:
            with open(os.path.join(self.dir, "error.txt"), "w") as f:
                f.write(str(exc))
            raise SystemExit(f"golf: cannot record this variant: {exc}") from None

    def _record(self, loss, params_thunk, frame):
        grad = self.grad_attr
        if self.file is None:
            node_type = type(loss)
            namespaces = (
                [frame.f_locals, frame.f_globals] if frame.f_locals is not frame.f_globals else [frame.f_globals]
            )
            params = params_thunk()
            if params is None:
                params = _find_params(namespaces, node_type)
            params = list(params)
            if self.data_attr is None:
                self.data_attr = _find_data_attr(loss, grad)
            names = _param_names(namespaces, params, node_type)
            with open(os.path.join(self.dir, "names.json"), "w") as f:
                json.dump(names, f)
            self.params = params
            self.file = open(os.path.join(self.dir, "values.bin"), "wb")
            self.file.write(MAGIC + len(params).to_bytes(8, "little", signed=True))
            self.file.write(self._floats(params, self.data_attr, "initial value").tobytes())
        block = array("d", [self._float(getattr(loss, self.data_attr), "loss")])
        block.extend(self._floats(self.params, grad, "gradient"))
        self.file.write(block.tobytes())
        self.file.flush()
        self.count += 1

    @staticmethod
    def _float(value, what):
        try:
            return float(value)
        except (TypeError, ValueError):
            raise RecordError(f"the {what} is a {type(value).__name__}, not a number") from None

    def _floats(self, nodes, attr, what):
        try:
            return array("d", [getattr(p, attr) for p in nodes])
        except AttributeError:
            raise RecordError(f"a parameter has no attribute .{attr}; name it with --grad-attr/--data-attr") from None
        except TypeError:
            for i, p in enumerate(nodes):
                self._float(getattr(p, attr), f"{what} of params[{i}]")
            raise


def main():
    config = json.loads(sys.argv[1])
    script = config["script"]
    recorder = None
    if config["record_dir"] is not None:
        recorder = Recorder(config["record_dir"], config["grad_attr"], config["data_attr"])
        builtins.__golf_record__ = recorder
    faulthandler.enable()
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    sys.meta_path.insert(0, _NoWorkbench)
    # Look like `python script.py` to the variant.
    sys.argv = [script]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    try:
        runpy.run_path(script, run_name="__main__")
    finally:
        if recorder is not None and recorder.file is not None:
            recorder.file.close()


if __name__ == "__main__":
    main()
