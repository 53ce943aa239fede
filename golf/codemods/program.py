"""One program under analysis: parsed once, its LibCST metadata resolved once and shared by every technique.

A search round tries every technique on the same program. A technique that reads scopes, parents
or positions used to wrap the module in a `MetadataWrapper` of its own, which deep-copies the tree
and resolves the providers again: two dozen times per program. A `Program` parses the source once
and holds one wrapper over that very tree (no copy: the parser makes no shared nodes, and nothing
changes a LibCST tree in place), whose providers LibCST resolves the first time a technique asks and
keeps for the next. The runner (`run_technique`, `golf.codemods.candidates`) passes a technique the
program's tree and makes the program current while the technique runs; `metadata(module)` hands out
the shared wrapper for that tree, and a fresh one for any other (a technique's own intermediate
tree, or a transform called directly).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import libcst as cst
from libcst.metadata import MetadataWrapper

#: The program whose technique is running, in this thread.
_CURRENT: ContextVar[Program | None] = ContextVar("golf_codemods_program", default=None)


class Program:
    """A source, its LibCST tree (parsed once) and one `MetadataWrapper` over that tree (made on first use)."""

    def __init__(self, source: str, module: cst.Module) -> None:
        self.source = source
        self.module = module
        self._metadata: MetadataWrapper | None = None

    @classmethod
    def parse(cls, source: str) -> Program:
        """The program of `source`; raises `libcst.ParserSyntaxError` when it is not valid Python."""
        return cls(source, cst.parse_module(source))

    @property
    def metadata(self) -> MetadataWrapper:
        """The wrapper over `module` itself (no copy): each provider is resolved once, on first use."""
        if self._metadata is None:
            self._metadata = MetadataWrapper(self.module, unsafe_skip_copy=True)
        return self._metadata

    @contextmanager
    def current(self) -> Iterator[Program]:
        """Make this the program that `metadata(self.module)` answers for, while a technique runs on it."""
        token = _CURRENT.set(self)
        try:
            yield self
        finally:
            _CURRENT.reset(token)


def metadata(module: cst.Module) -> MetadataWrapper:
    """A `MetadataWrapper` for `module`: the current program's shared one when `module` is its tree, else a new one.

    Read nodes through the wrapper's `.module`: a new wrapper works on a copy of `module`.
    """
    program = _CURRENT.get()
    if program is not None and program.module is module:
        return program.metadata
    return MetadataWrapper(module)
