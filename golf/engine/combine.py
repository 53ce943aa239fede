"""One verdict from the cells of a domain: the worst cell is the headline, and its first difference names it."""

from __future__ import annotations

from dataclasses import replace

from golf.engine.domain import Cell
from golf.engine.verdict import VERDICTS, CellVerdict, Difference, Verdict


def _in_cell(diff: Difference | None, cell: str | None) -> Difference | None:
    return replace(diff, cell=cell) if diff is not None and cell is not None else diff


def _cell_verdict(cell: Cell, verdict: Verdict | None, note: str | None, main: bool) -> CellVerdict:
    if verdict is None:
        return CellVerdict(cell.name, cell.seed, cell.steps, cell.samples, "skipped", note=note)
    label = None if main else cell.name
    return CellVerdict(
        name=cell.name,
        seed=cell.seed,
        steps=cell.steps,
        samples=cell.samples,
        verdict=verdict.verdict,
        first_bit_difference=_in_cell(verdict.first_bit_difference, label),
        first_divergence=_in_cell(verdict.first_divergence, label),
        output=verdict.output,
        note=verdict.failure,
    )


def combine_cells(results: list[tuple[Cell, Verdict | None, str | None]]) -> Verdict:
    """The headline verdict over `results` (the main cell first; a None verdict is a skipped cell with a note).

    The main cell keeps its figures (losses, per-step differences, samples, output) for the reports;
    the verdict and the first differences come from the worst cell, the first of equals.
    """
    main_cell, main, main_note = results[0]
    cells = tuple(_cell_verdict(c, v, n, i == 0) for i, (c, v, n) in enumerate(results))
    if main is None:
        raise ValueError(f"the main cell ({main_cell.name}) has no verdict: {main_note}")
    ranked = [(VERDICTS.index(v.verdict), i) for i, (_, v, _) in enumerate(results) if v is not None]
    _, worst_index = max(ranked, key=lambda pair: (pair[0], -pair[1]))
    notes = list(main.notes)
    notes += [
        f"{c.name}: {c.note}" for c in cells if c.verdict == "skipped" and c.note and "already decides" not in c.note
    ]
    if worst_index == 0:
        return replace(main, cells=cells, notes=tuple(notes))
    worst_cell = cells[worst_index]
    worst = results[worst_index][1]
    assert worst is not None
    notes.append(f"the worst cell is {worst_cell.name}: {worst.verdict}")
    return replace(
        main,
        verdict=worst.verdict,
        first_bit_difference=worst_cell.first_bit_difference,
        first_divergence=worst_cell.first_divergence,
        failure=f"[{worst_cell.name}] {worst.failure}" if worst.failure else main.failure,
        stderr_tail=worst.stderr_tail or main.stderr_tail,
        max_abs_diff=max(main.max_abs_diff, worst.max_abs_diff),
        max_rel_diff=max(main.max_rel_diff, worst.max_rel_diff),
        max_ulp_diff=max(main.max_ulp_diff, worst.max_ulp_diff),
        cells=cells,
        notes=tuple(notes),
    )
