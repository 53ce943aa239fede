"""Runs an instrumented variant and traces one window of it node by node; executed as a script in a subprocess.

Like golf.engine._harness it imports nothing from golf and nothing that touches `random`, so
the variant draws the same numbers as in `golf check`. Every class the script defines gets a
wrapped `__init__` (installed when the class is created, through `builtins.__build_class__`),
which does nothing until the window opens. Windows (`kind` in the config):

- `init`: from the start to the first backward pass: the parameters and where each was made;
- `step` (with `step` s): the forward and backward pass of step s, plus the optimizer's
  update after step s-1 (every parameter's value before and after it, and the first write of
  each parameter's value: the line, and the floats the writing frame could see);
- `samples` (with `step` N, the last training step): every node made after training.

The trace is a marshal file (plain tuples, lists, dicts and numbers): per node its value,
creation stack, children, local gradients, gradient after the backward pass and parameter
index; per stack its frames in the script (line, function, operator name or None), innermost first.

Usage: python _trace_harness.py CONFIG_JSON   (keys: script, out, kind, step, grad_attr, data_attr)
"""

import builtins
import gc
import json
import marshal
import os
import runpy
import sys
import traceback

#: The run harness's collector thresholds (golf.engine._harness.GC_THRESHOLDS says why); both
#: harnesses are standalone scripts, so the number is repeated, and a test keeps the two equal.
GC_THRESHOLDS = (100_000, 100, 100)
#: Bump when the trace layout changes (golf.explain.trace checks it).
TRACE_FORMAT = 1
_NUMBER = (int, float)


class _NoWorkbench:
    """Refuses `golf` to the variant, as golf check does."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "golf" or name.startswith("golf."):
            raise ModuleNotFoundError(f"No module named {name!r} (a variant must be a standalone script)", name=name)
        return None


class _Finished(BaseException):
    """Raised by the hook once the window is recorded: the rest of the run is not needed."""


class Tracer:
    """Wraps the script's classes and records the nodes made while the window is open."""

    def __init__(self, config):
        self.script = config["script"]
        self.out = config["out"]
        self.kind = config["kind"]
        self.step = config["step"]
        self.grad_attr = config["grad_attr"]
        self.data_attr = config["data_attr"]
        self.active = self.kind == "init" or (self.kind == "step" and self.step == 1)
        self.hooks = 0
        self.nodes = []
        self.node_stacks = []
        self.stacks = {}
        self.codes = {}
        self.params = None
        self.loss = None
        self.params_before = None
        self.params_after = None
        self.writes = {}
        self.watched = None  # (class, previous __setattr__ in its own dict or None)
        self.param_index = {}
        self.param_names = None
        self.error_line = None

    # -- classes -------------------------------------------------------------------------------
    def build_class(self, original):
        def build(func, name, *bases, **kwargs):
            cls = original(func, name, *bases, **kwargs)
            init = cls.__dict__.get("__init__")
            if getattr(func, "__code__", None) is not None and func.__code__.co_filename == self.script and init:
                cls.__init__ = self._wrap_init(init)
            return cls

        return build

    def _wrap_init(self, init):
        tracer = self

        def __init__(self, *args, **kwargs):
            init(self, *args, **kwargs)
            if tracer.active:
                tracer.created(self, sys._getframe(1))

        return __init__

    def created(self, node, frame):
        if self.watched is not None:
            self._unwatch()
        self.nodes.append(node)
        self.node_stacks.append(self._stack(frame))

    def _stack(self, frame):
        # Keyed by the code objects' ids (hashing a code object hashes its constants: most of the
        # trace's time); `codes` keeps each code object alive, so an id is never reused.
        frames = []
        while frame is not None:
            code = frame.f_code
            if code.co_filename == self.script:
                frames.append((id(code), frame.f_lineno))
                self.codes[id(code)] = code
            frame = frame.f_back
        return self.stacks.setdefault(tuple(frames), len(self.stacks))

    # -- the hook the instrumented copy calls after each backward pass -----------------------
    def __call__(self, loss, params_thunk, frame):
        self.hooks += 1
        if self.params is None:
            self.params = self._find_params(params_thunk, frame, type(loss))
            self.param_index = {id(p): i for i, p in enumerate(self.params)}
            self.param_names = _param_names(frame.f_globals, self.params, type(loss))
            if self.data_attr is None:
                self.data_attr = _guess_data_attr(loss, self.grad_attr)
        if self.kind == "init" or (self.kind == "step" and self.hooks == self.step):
            self.loss = loss
            self.params_after = self._param_values()
            raise _Finished
        if self.kind == "step" and self.hooks == self.step - 1:
            self.params_before = self._param_values()
            self.active = True
            self._watch(type(loss))
        if self.kind == "samples" and self.hooks == self.step:
            self.active = True

    def _param_values(self):
        return [_plain(getattr(p, self.data_attr, None)) for p in self.params]

    def _find_params(self, params_thunk, frame, node_type):
        given = params_thunk() if params_thunk is not None else None
        if given is not None:
            return list(given)
        best = []
        for namespace in (frame.f_locals, frame.f_globals):
            for value in namespace.values():
                if isinstance(value, list) and len(value) > len(best) and all(isinstance(x, node_type) for x in value):
                    best = value
        return list(best)

    # -- the optimizer's update: who writes a parameter's value, and what it could see ----------
    def _watch(self, cls):
        own = cls.__dict__.get("__setattr__")
        previous = cls.__setattr__
        tracer = self

        def __setattr__(obj, name, value):
            previous(obj, name, value)
            if name == tracer.data_attr:
                index = tracer.param_index.get(id(obj))
                if index is not None and index not in tracer.writes:
                    frame = sys._getframe(1)
                    tracer.writes[index] = (tracer._stack(frame), tracer._visible_floats(frame, index, obj))

        cls.__setattr__ = __setattr__
        self.watched = (cls, own)

    def _unwatch(self):
        cls, own = self.watched
        self.watched = None
        if own is None:
            del cls.__setattr__
        else:
            cls.__setattr__ = own

    def _visible_floats(self, frame, index, param):
        """Floats the writing frame can see: its names, lists indexed by the parameter, the parameter's attributes."""
        seen = {}
        n = len(self.params)
        spaces = [frame.f_locals] + ([frame.f_globals] if frame.f_globals is not frame.f_locals else [])
        for space in spaces:
            for name, value in list(space.items()):
                if name in seen:
                    continue
                if type(value) is float:
                    seen[name] = value
                elif type(value) is list and len(value) == n and type(value[index]) is float:
                    seen[f"{name}[i]"] = value[index]
        for attr in _attrs(param):
            value = getattr(param, attr, None)
            if attr not in (self.data_attr, self.grad_attr) and type(value) is float:
                seen[f"p.{attr}"] = value
        return seen

    # -- writing the trace ---------------------------------------------------------------------
    def write(self, error):
        node_type = type(self.loss) if self.loss is not None else _most_common_type(self.nodes)
        data_attr = self.data_attr or (_guess_data_attr(self.nodes[0], self.grad_attr) if self.nodes else None)
        kept = [(n, s) for n, s in zip(self.nodes, self.node_stacks, strict=True) if type(n) is node_type]
        objects = [n for n, _ in kept]
        index = {id(n): i for i, n in enumerate(objects)}
        records = [self._node(node, stack, node_type, data_attr, index, objects) for node, stack in kept]
        i = len(records)
        while i < len(objects):  # nodes made before the window, met as children (parameters, constants)
            records.append(self._node(objects[i], -1, node_type, data_attr, None, objects))
            i += 1
        ops = _operator_names(node_type)
        stacks = [None] * len(self.stacks)
        for frames, number in self.stacks.items():
            stacks[number] = [(line, self.codes[c].co_name, ops.get(self.codes[c])) for c, line in frames]
        trace = {
            "format": TRACE_FORMAT,
            "kind": self.kind,
            "step": self.step,
            "hooks": self.hooks,
            "nodes": records,
            "stacks": stacks,
            "loss": index.get(id(self.loss)) if self.loss is not None else None,
            "params": [index.get(id(p), -1) for p in self.params] if self.params is not None else None,
            "param_names": self.param_names,
            "params_before": self.params_before,
            "params_after": self.params_after,
            "writes": self.writes,
            "error": error,
            "error_line": self.error_line,
        }
        with open(self.out + ".tmp", "wb") as f:
            marshal.dump(trace, f)
        os.replace(self.out + ".tmp", self.out)

    def _node(self, node, stack, node_type, data_attr, index, objects):
        """(value, stack, children, local gradients, gradient, parameter index) of one node."""
        children, local = [], []
        if index is not None:
            for attr in _attrs(node):
                if attr not in (data_attr, self.grad_attr):
                    _collect(getattr(node, attr, None), node_type, children, local, 0)
        numbers = []
        for child in children:
            number = index.get(id(child)) if index is not None else None
            if number is None:
                number = len(objects)
                index[id(child)] = number
                objects.append(child)
            numbers.append(number)
        return (
            _plain(getattr(node, data_attr, None)),
            stack,
            numbers,
            [_plain(x) for x in local] if len(local) == len(children) else [],
            _plain(getattr(node, self.grad_attr, None)),
            self.param_index.get(id(node), -1),
        )


def _attrs(node):
    return [*_slots(type(node)), *getattr(node, "__dict__", {})]


def _slots(cls, found={}):  # noqa: B006 (the memo: by id, since a class need not be hashable; kept alive)
    """The names `__slots__` declare along the class's MRO (found once per class, not once per node)."""
    if id(cls) not in found:
        names = [n for k in cls.__mro__ for n in _as_names(k.__dict__.get("__slots__", ()))]
        found[id(cls)] = (cls, tuple(names))
    return found[id(cls)][1]


def _as_names(slots):
    return [slots] if isinstance(slots, str) else slots


def _collect(value, node_type, children, local, depth):
    """Children (nodes) and local gradients (numbers) found in an attribute, up to pairs in a tuple."""
    if isinstance(value, node_type):
        children.append(value)
    elif isinstance(value, _NUMBER):
        if depth:
            local.append(value)
    elif isinstance(value, tuple | list) and depth < 2:
        for item in value:
            _collect(item, node_type, children, local, depth + 1)


def _plain(value):
    """A number marshal keeps exactly, or the value's repr."""
    if value is None or type(value) in (int, float, bool):
        return value
    try:
        return float(value)
    except (TypeError, ValueError, OverflowError):
        return repr(value)


def _guess_data_attr(node, grad_attr):
    found = [a for a in _attrs(node) if a != grad_attr and isinstance(getattr(node, a, None), _NUMBER)]
    return found[0] if found else grad_attr


def _most_common_type(nodes):
    counts = {}
    for node in nodes:
        counts[type(node)] = counts.get(type(node), 0) + 1
    return max(counts, key=counts.get) if counts else object


def _operator_names(node_type):
    """The node class's methods by code object: `__mul__` for the function stored as `__mul__`."""
    names = {}
    for klass in reversed(node_type.__mro__):
        for name, value in klass.__dict__.items():
            function = getattr(value, "__func__", value)
            code = getattr(function, "__code__", None)
            if code is not None and name != "__init__":
                names.setdefault(code, name)
    return names


def _param_names(namespace, params, node_type):
    """`wte[3][7]` for each parameter, from a global dict of matrices holding them, else None."""
    wanted = {id(p): i for i, p in enumerate(params)}
    for value in list(namespace.values()):
        if not isinstance(value, dict) or not value:
            continue
        names = [None] * len(params)
        for key, matrix in value.items():
            for r, row in enumerate(matrix if isinstance(matrix, list) else []):
                for c, cell in enumerate(row if isinstance(row, list) else [row]):
                    if isinstance(cell, node_type) and id(cell) in wanted:
                        names[wanted[id(cell)]] = f"{key}[{r}][{c}]" if isinstance(row, list) else f"{key}[{r}]"
        if all(names):
            return names
    return None


def _first(iterable, limit):
    """The first `limit` items (all of them for None), taking no item past the limit."""
    if limit is None:
        return iterable
    return (item for _, item in zip(range(limit), iterable, strict=False))


def _install_hooks(tracer, limits):
    """The hooks golf.engine.instrument's copy calls (as golf.engine._harness installs them), tracing instead."""
    started = [0, 0]

    def backward(function, loss, params=None):
        result = function(loss)
        tracer(loss, params, sys._getframe(1))
        return result

    def method(node, name, params=None):
        result = getattr(node, name)()
        tracer(node, params, sys._getframe(1))
        return result

    def while_(kind):
        if limits[kind] is not None and started[kind] >= limits[kind]:
            return False
        started[kind] += 1
        return True

    builtins.__golf_backward__ = backward
    builtins.__golf_method__ = method
    builtins.__golf_for__ = lambda kind, iterable: _first(iterable, limits[kind])
    builtins.__golf_while__ = while_


def main():
    config = json.loads(sys.argv[1])
    tracer = Tracer(config)
    _install_hooks(tracer, (config.get("steps"), config.get("samples")))
    builtins.__build_class__ = tracer.build_class(builtins.__build_class__)
    sys.meta_path.insert(0, _NoWorkbench)
    script = config["script"]
    sys.argv = [script]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    error = None
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        runpy.run_path(script, run_name="__main__")
    except _Finished:
        pass
    except SystemExit as exc:
        if exc.code not in (None, 0):
            error = f"SystemExit: {exc.code}"
    except BaseException as exc:  # the variant's own failure is part of the answer
        error = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        line = next((f.lineno for f in reversed(traceback.extract_tb(exc.__traceback__)) if f.filename == script), None)
        error = f"{error} (line {line})" if line else error
        tracer.error_line = line
    tracer.active = False
    tracer.write(error)
    sys.stdout.flush()
    os._exit(0)  # the variant's objects need no tearing down


if __name__ == "__main__":
    main()
