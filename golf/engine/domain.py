"""The domain a check establishes identity over: cells of one data set and one seed each.

One data set hides real differences: the built-in names are at most 11 characters, so a golf
that drops the 16-position context cut is identical on them, and they hold no whitespace,
uppercase, digits or punctuation, so whitespace splitting or a fixed alphabet goes unseen. By
default a check therefore runs the built-in names (the main cell, at the asked step count), the
built-in edge cases, and the names with another seed; the extra cells are short.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from golf.engine.data import edge_case_text, load_data

#: Domains a check can cover: `full` (the cells below) or `names` (the one data set, as before).
DOMAINS = ("full", "names")
#: The seed of the extra seed cell (any number other than the programs' usual 42).
OTHER_SEED = 7
#: Training steps and samples of the extra cells: enough to reach the edge cases, cheap to run.
EXTRA_STEPS = 8
EXTRA_SAMPLES = 2
#: Samples of a shortened check when not given: the full run keeps all of them.
SHORT_SAMPLES = 3


@dataclass(frozen=True)
class Cell:
    """One data set with one seed, and how far to run on it."""

    #: `names`, `edge cases`, `names, seed 7`, or the user's data file's name.
    name: str
    data: bytes
    #: The seed replacing the program's own (None: its own).
    seed: int | None
    steps: int | None
    samples: int | None


def default_samples(steps: int | None, samples: int | None) -> int | None:
    """Samples to run: as asked; else a few for a shortened check, all of them for a full one."""
    if samples is not None:
        return samples
    return SHORT_SAMPLES if steps is not None else None


def cells(steps: int | None, samples: int | None, data: str | Path | None = None, domain: str = "full") -> list[Cell]:
    """The cells of a check, the main one first. `domain="names"` checks `data` (default: the names) alone."""
    if domain not in DOMAINS:
        raise ValueError(f"unknown domain {domain!r}; choose one of {', '.join(DOMAINS)}")
    samples = default_samples(steps, samples)
    if domain == "names":
        name = "names" if data is None else Path(data).name
        return [Cell(name, load_data(data), None, steps, samples)]
    extra_steps = min(steps, EXTRA_STEPS) if steps is not None else EXTRA_STEPS
    extra_samples = min(samples, EXTRA_SAMPLES) if samples is not None else EXTRA_SAMPLES
    names = load_data(None)
    found = [
        Cell("names", names, None, steps, samples),
        Cell("edge cases", edge_case_text().encode("utf-8"), None, extra_steps, extra_samples),
        Cell(f"names, seed {OTHER_SEED}", names, OTHER_SEED, extra_steps, extra_samples),
    ]
    if data is not None:
        found.append(Cell(Path(data).name, load_data(data), None, steps, samples))
    return found
