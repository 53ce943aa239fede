"""Instrumenting a payload run through exec, eval or compile, at run time, inside the harness's process.

A compressed golf ships its source as data and runs `exec(zlib.decompress(...))`: nothing in the
file can be analysed. The harness (golf.engine._harness) imports this module only for such a
script; the wrappers hand the first program-sized source text the script itself passes to exec,
eval or compile to golf.engine.instrument, and run the instrumented copy instead, so the payload
gets the same full verdict as any other golf.
"""

from __future__ import annotations

import builtins
import sys


class Payloads:
    """Instruments source text run through exec, eval or compile when the script itself could not be."""

    def __init__(self, root, overrides, recorder, must_shorten, script):
        self.root, self.overrides, self.recorder = root, overrides, recorder
        #: Only what the variant's own code (or a payload it runs) execs is a payload; libraries exec too.
        self.callers = {script, "<string>"}
        #: With --steps and no --allow-full-length, a payload that cannot be shortened is not run.
        self.must_shorten = must_shorten
        self.notes = []
        #: Set while a payload is instrumented and once one was: nothing after it is instrumented again.
        self.done = False
        self.instrumented = False

    def install(self, guard: type) -> None:
        """Wrap exec, eval and compile; `guard` is the harness's finder hiding golf, opened while instrumenting."""
        self.guard = guard
        for name in ("exec", "eval", "compile"):
            original = getattr(builtins, name)
            setattr(builtins, name, self._wrap(original))

    def _wrap(self, original):
        runs_code = original is not builtins.compile

        def wrapped(source, *args, **kwargs):
            caller = sys._getframe(1)
            if (
                not self.done
                and isinstance(source, str | bytes | bytearray)
                and caller.f_code.co_filename in self.callers
            ):
                self.done = True  # also while instrumenting: the instrumenter's own imports exec strings
                source = self._instrument(source)
            if runs_code and not args and "globals" not in kwargs:
                # exec(s) and eval(s) run in their caller's namespaces; from here that is this frame's caller.
                args = (caller.f_globals, caller.f_locals)
            return original(source, *args, **kwargs)

        wrapped.__name__ = original.__name__
        return wrapped

    def _instrument(self, source):
        text = source.decode("utf-8", "replace") if isinstance(source, bytes | bytearray) else source
        if "\n" not in text.strip() and len(text) < 200:
            self.done = False
            return source  # a small expression (eval('1+1')), not a program
        self.guard.open_for_harness = True
        sys.path.insert(0, self.root)
        try:
            from golf.engine.instrument import AnalysisFailure, Overrides, instrument
        finally:
            sys.path.remove(self.root)
            forget_golf()
            self.guard.open_for_harness = False
        result = instrument(text, overrides=Overrides(**self.overrides))
        if isinstance(result, AnalysisFailure):
            self.done = False
            why = f"an exec'd payload ({len(text)} characters) could not be instrumented: {result.reason}"
            if self.must_shorten:
                raise SystemExit(f"golf: {why}; it was not run at its own length: pass --allow-full-length to do that")
            self.notes.append(why)
            return source
        self.instrumented = True
        self.recorder.grad_attr = result.grad_attr
        self.recorder.data_attr = result.data_attr
        self.notes.append(f"instrumented the payload run through exec/eval/compile ({len(text)} characters)")
        self.notes.extend(result.notes)
        return result.source


def forget_golf() -> None:
    """Drop golf's modules from sys.modules: the variant's own `import golf` must still be refused."""
    for name in [n for n in sys.modules if n == "golf" or n.startswith("golf.")]:
        del sys.modules[name]
