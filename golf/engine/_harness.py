"""Runs a variant and records what it computes; executed as a script in a subprocess.

It imports nothing from golf (until an exec'd payload needs instrumenting), so the variant sees
the same interpreter state as a plain `python variant.py` (but for the collector's thresholds,
below); `random` is imported first only to watch it. The record is a directory:

- `values.bin`: 8-byte magic, int64 parameter count N, N float64 initial parameter
  values, then one block per backward pass: float64 loss followed by N float64 gradients.
  Each block is flushed as soon as it is written, so a crash keeps every finished step.
- `names.json`: the parameters' names (`layer0.attn_wq[3][7]`), or null.
- `draws.bin`: int64 per value drawn by `random.choices`/`choice`/`sample` (the index chosen in
  the population: the sampled token ids) and `randint`/`randrange` (the number), in call order.
- `meta.json`: how many `random.seed` calls there were, whether an exec'd payload was
  instrumented, and whether the run stopped at its first difference (`fail_fast`).
- `error.txt`: written when the hook itself cannot record (names the problem).

The instrumented copy (golf.engine.instrument) calls the hooks installed in builtins here:
`__golf_backward__`/`__golf_method__` around the backward call, `__golf_for__`/`__golf_while__`
around the training loop (kind 0, limited to `steps` iterations) and the sampling loop (kind 1,
`samples`). With `seed`, every `random.seed(x)` with the program's first x seeds that number
instead. The workbench itself cannot be imported (a variant must be a standalone script), and
SIGUSR1 prints where the script is (the runner sends it before killing a timed-out run).

The one change to the interpreter a variant can see: the cyclic garbage collector runs at
GC_THRESHOLDS instead of Python's (700, 10, 10). A training step builds a graph of some 10^5
nodes that becomes cyclic garbage at its end (the backward pass's closures hold it), and with
Python's thresholds the collector walks that graph again and again while it is still alive: it
took over half of a run's CPU (2x to 2.8x per step; bench/RESULTS.md). The collector changes
only when unreachable objects are freed, which no float, random draw or print of the programs golf
checks depends on; a program could see it through `gc.get_threshold()`, the timing of `__del__` and
weakref callbacks, or a higher peak of memory under `--memory`.

Usage: python _harness.py CONFIG_JSON
  keys: script, record_dir, grad_attr, data_attr, steps, samples, seed, payload, fail_fast
"""

import builtins
import faulthandler
import gc
import json
import os
import random
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
#: gc.set_threshold for the variant's run: young collections every 10^5 allocations free a step's
#: graph while it is young; older generations still run, so memory stays flat over 1000 steps.
GC_THRESHOLDS = (100_000, 100, 100)


class _NoWorkbench:
    """A meta path finder, first in line, that refuses `golf` whatever the variant does to sys.path."""

    #: True while the harness itself imports golf's instrumenter for an exec'd payload.
    open_for_harness = False

    @staticmethod
    def find_spec(name, path=None, target=None):
        if (name == "golf" or name.startswith("golf.")) and not _NoWorkbench.open_for_harness:
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


class _Stop(BaseException):
    """Ends the variant at its first difference (--fail-fast); a BaseException so `except Exception` passes it on."""


class Recorder:
    """Records each backward pass: the loss and every parameter's gradient (the first time, their values)."""

    def __init__(self, record_dir, grad_attr, data_attr, fail_fast=None):
        self.dir = record_dir
        self.grad_attr = grad_attr
        self.data_attr = data_attr
        self.file = None
        self.params = None
        self.count = 0
        #: The reference's values.bin: stop at the first block whose bits differ from it.
        self.reference = open(fail_fast, "rb") if fail_fast else None

    def record(self, loss, params_thunk, frame):
        try:
            self._record(loss, params_thunk, frame)
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
            params = params_thunk() if params_thunk is not None else None
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
            header = MAGIC + len(params).to_bytes(8, "little", signed=True)
            initial = self._floats(params, self.data_attr, "initial value").tobytes()
            self._write(header, initial)
        block = array("d", [self._float(getattr(loss, self.data_attr), "loss")])
        block.extend(self._floats(self.params, grad, "gradient"))
        self._write(block.tobytes())
        self.count += 1

    def _write(self, *chunks):
        for chunk in chunks:
            self.file.write(chunk)
        self.file.flush()
        if self.reference is not None:
            for chunk in chunks:
                if self.reference.read(len(chunk)) != chunk:
                    raise _Stop
        return None

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


class Loops:
    """The step and sample limits: the first N iterations of a wrapped loop run, the rest never start."""

    def __init__(self, steps, samples):
        self.limits = (steps, samples)
        self.started = [0, 0]

    def for_(self, kind, iterable):
        limit = self.limits[kind]
        if limit is None:
            return iterable
        return self._first(kind, iter(iterable), limit)

    def _first(self, kind, iterator, limit):
        # Count before taking the next item: an iterable that draws or prints does not run one item too far.
        while self.started[kind] < limit:
            try:
                item = next(iterator)
            except StopIteration:
                return
            self.started[kind] += 1
            yield item

    def while_(self, kind):
        limit = self.limits[kind]
        if limit is not None and self.started[kind] >= limit:
            return False
        self.started[kind] += 1
        return True


class Draws:
    """Wraps random's drawing functions to record what they drew, and `seed` to seed the cell's number."""

    _INDEXED = ("choices", "choice", "sample")
    _NUMBERS = ("randint", "randrange")

    def __init__(self, seed):
        self.values = array("q")
        self.seed = seed
        self.seed_calls = 0
        self.first_seed = None

    def install(self):
        for name in self._INDEXED + self._NUMBERS:
            setattr(random, name, self._wrap(name, getattr(random, name)))
        original_seed = random.seed

        def seed(a=None, *args, **kwargs):
            self.seed_calls += 1
            if self.seed_calls == 1:
                self.first_seed = a
            if self.seed is not None and a == self.first_seed:
                a = self.seed
            return original_seed(a, *args, **kwargs)

        random.seed = seed

    def _wrap(self, name, function):
        values = self.values

        def drawn(*args, **kwargs):
            result = function(*args, **kwargs)
            if name in self._NUMBERS:
                values.append(result if isinstance(result, int) else -1)
            else:
                population = args[0] if args else kwargs.get("population", kwargs.get("seq"))
                for item in [result] if name == "choice" else result:
                    values.append(_index(population, item))
            return result

        drawn.__name__ = drawn.__qualname__ = name
        drawn.__wrapped__ = function
        return drawn


def _index(population, item):
    try:
        return population.index(item)
    except (AttributeError, ValueError, TypeError):
        return -1


def _install_hooks(recorder, loops):
    def backward(function, loss, params=None):
        result = function(loss)
        recorder.record(loss, params, sys._getframe(1))
        return result

    def method(node, name, params=None):
        result = getattr(node, name)()
        recorder.record(node, params, sys._getframe(1))
        return result

    builtins.__golf_backward__ = backward
    builtins.__golf_method__ = method
    builtins.__golf_for__ = loops.for_
    builtins.__golf_while__ = loops.while_


def main():
    config = json.loads(sys.argv[1])
    script, record_dir = config["script"], config["record_dir"]
    recorder = Recorder(record_dir, config.get("grad_attr"), config.get("data_attr"), config.get("fail_fast"))
    loops = Loops(config.get("steps"), config.get("samples"))
    draws = Draws(config.get("seed"))
    draws.install()
    _install_hooks(recorder, loops)
    payloads = None
    if config.get("payload"):
        # Only a script that may exec a payload pays for importing golf's instrumenter (when it execs one).
        sys.path.insert(0, config["payload"]["root"])
        from golf.engine.payload import Payloads, forget_golf

        sys.path.remove(config["payload"]["root"])
        forget_golf()
        must_shorten = not config["payload"]["full_length"] and (config.get("steps") or config.get("samples"))
        payloads = Payloads(config["payload"]["root"], config["payload"]["overrides"], recorder, must_shorten, script)
        payloads.install(_NoWorkbench)
    faulthandler.enable()
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    sys.meta_path.insert(0, _NoWorkbench)
    # Look like `python script.py` to the variant.
    sys.argv = [script]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    stopped = False
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        runpy.run_path(script, run_name="__main__")
    except _Stop:
        stopped = True
    finally:
        if recorder.file is not None:
            recorder.file.close()
        sys.stdout.flush()
        with open(os.path.join(record_dir, "draws.bin"), "wb") as f:
            f.write(draws.values.tobytes())
        meta = {
            "seed_calls": draws.seed_calls,
            "payload": payloads.notes if payloads is not None else [],
            "payload_instrumented": bool(payloads and payloads.instrumented),
            "fail_fast": stopped,
            "steps_started": loops.started[0],
            "samples_started": loops.started[1],
        }
        with open(os.path.join(record_dir, "meta.json"), "w") as f:
            json.dump(meta, f)


if __name__ == "__main__":
    main()
