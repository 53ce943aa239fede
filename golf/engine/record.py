"""Reading a run's record (the layout is written by golf.engine._harness), one step at a time."""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from golf.engine._harness import HEADER_SIZE, MAGIC


class RecordFormatError(ValueError):
    """A record file that is truncated in its header or not a golf record."""


@dataclass(frozen=True)
class Record:
    """An on-disk record: initial parameter values, then per step the loss and every gradient."""

    #: The record directory.
    path: Path
    #: Number of parameters.
    n_params: int
    #: Parameter names (`layer0.attn_wq[3][7]`), or None when the script has no dict of matrices.
    names: tuple[str, ...] | None

    @classmethod
    def open(cls, path: Path) -> Record:
        """Read the header of the record in directory `path`."""
        values = path / "values.bin"
        with open(values, "rb") as f:
            header = f.read(HEADER_SIZE)
        if len(header) != HEADER_SIZE or header[:8] != MAGIC:
            raise RecordFormatError(f"{values}: not a golf record (bad header)")
        n = int.from_bytes(header[8:], "little", signed=True)
        names_file = path / "names.json"
        names = json.loads(names_file.read_text()) if names_file.exists() else None
        return cls(path, n, tuple(names) if names else None)

    @property
    def step_count(self) -> int:
        """Complete steps in the file (a partly written last block is ignored)."""
        size = (self.path / "values.bin").stat().st_size
        return max(0, (size - HEADER_SIZE - 8 * self.n_params) // (8 * (self.n_params + 1)))

    def initial(self) -> array:
        """The parameters' values before the first step."""
        with open(self.path / "values.bin", "rb") as f:
            f.seek(HEADER_SIZE)
            return _floats(f.read(8 * self.n_params))

    def steps(self) -> Iterator[tuple[bytes, array]]:
        """Per step: the raw block (loss then gradients, for a fast bitwise comparison) and the same as floats.

        Only one step is held in memory at a time.
        """
        block = 8 * (self.n_params + 1)
        with open(self.path / "values.bin", "rb") as f:
            f.seek(HEADER_SIZE + 8 * self.n_params)
            while len(raw := f.read(block)) == block:
                yield raw, _floats(raw)

    def losses(self) -> list[float]:
        """Every step's loss."""
        return [values[0] for _, values in self.steps()]

    def name(self, index: int) -> str:
        """The parameter's name, or its position in the parameter list."""
        if self.names is not None and index < len(self.names):
            return self.names[index]
        return f"params[{index}]"


def _floats(raw: bytes) -> array:
    values = array("d")
    values.frombytes(raw)
    return values


def write_record(
    path: Path, initial: list[float], steps: list[tuple[float, list[float]]], names: list[str] | None = None
) -> Record:
    """Write a record by hand (the harness's layout), e.g. for tests of the comparison."""
    path.mkdir(parents=True, exist_ok=True)
    with open(path / "values.bin", "wb") as f:
        f.write(MAGIC + len(initial).to_bytes(8, "little", signed=True))
        f.write(array("d", initial).tobytes())
        for loss, grads in steps:
            if len(grads) != len(initial):
                raise ValueError(f"a step has {len(grads)} gradients for {len(initial)} parameters")
            f.write(array("d", [loss, *grads]).tobytes())
    (path / "names.json").write_text(json.dumps(names))
    return Record.open(path)
