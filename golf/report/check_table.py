"""The terminal format of `golf check`: a verdict table, then one paragraph per variant that is not identical."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table

from golf.engine.verdict import Verdict, describe
from golf.report.styles import VERDICT_STYLES

#: Notes that only say what golf detected and rewrote (shown with --json, not under the table).
_DETECTION_NOTES = ("backward: ", "training: ", "sampling: ")


def _row_expected(v: Verdict) -> str:
    if v.as_expected:
        return "caught" if v.known_bad else "ok"
    return "NOT CAUGHT" if v.known_bad else "MISMATCH"


def growth(v: Verdict, points: int = 6) -> str:
    """How the largest gradient difference grows over the steps, at a few evenly spread steps."""
    diffs = v.grad_diff_by_step
    if not diffs or not any(diffs):
        return ""
    first = next(i for i, d in enumerate(diffs) if d)
    picks = sorted({first + (len(diffs) - 1 - first) * k // (points - 1) for k in range(points)})
    return ", ".join(f"step {i + 1}: {diffs[i]:.2g}" for i in picks)


def _seconds(v: Verdict) -> str:
    if not v.seconds:
        return "-"  # never ran (a syntax error)
    return f"{v.seconds:.1f}" + (" (cached)" if v.cached else "")


def cells_summary(v: Verdict) -> str:
    """`3/3 identical`, or the cells that are not identical: `edge cases: failed`."""
    if not v.cells:
        return "-"
    run = [c for c in v.cells if c.verdict != "skipped"]
    bad = [c for c in run if c.verdict != "identical"]
    if not bad:
        return f"{len(run)}/{len(v.cells)} identical"
    return "; ".join(f"{c.name}: {c.verdict}" for c in bad)


def print_table(verdicts: list[Verdict], console: Console) -> None:
    """The verdict table, then one paragraph per variant that is not identical."""
    steps = verdicts[0].steps if verdicts else 0
    table = Table(
        title=f"golf check ({steps or 'full'} steps)", box=box.SIMPLE_HEAD if console.is_terminal else box.ASCII
    )
    for column in ("variant", "verdict", "expected", "first difference", "cells", "output", "max ulp", "seconds"):
        table.add_column(column, no_wrap=column != "first difference")
    for v in verdicts:
        first = v.first_divergence or v.first_bit_difference
        where = f"step {first.step} {first.quantity}" if first else ""
        if first and first.parameter:
            where += f" {first.parameter}"
        table.add_row(
            v.variant + (" (known-bad)" if v.known_bad else ""),
            f"[{VERDICT_STYLES[v.verdict]}]{v.verdict}[/]",
            _row_expected(v),
            v.failure or where,
            cells_summary(v),
            v.output,
            f"{v.max_ulp_diff:.3g}" if v.max_ulp_diff >= 1e6 else str(v.max_ulp_diff),
            _seconds(v),
        )
    console.print(table)
    if any(v.cached for v in verdicts):
        console.print(
            "(cached): the run came from the cache; its seconds are those of the run that produced it "
            "(--no-cache runs it again)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    for v in verdicts:
        lines = []
        first = v.first_divergence or v.first_bit_difference
        if first is not None and first.variant is not None:
            lines.append(f"first difference: {describe(first)}")
        if v.output == "differs" and v.output_difference is not None:
            lines.append(f"printed text differs (the computation is judged apart): {describe(v.output_difference)}")
        if v.samples_compared is not None:
            lines.append(f"samples compared: the first {v.samples_compared} (--samples)")
        if v.verdict in ("close", "diverged"):
            lines.append(f"max abs {v.max_abs_diff:.3g}, max rel {v.max_rel_diff:.3g}, max ulp {v.max_ulp_diff}")
        if grows := growth(v):
            lines.append(f"largest gradient difference by step: {grows}")
        lines += [n for n in v.notes if not n.startswith(_DETECTION_NOTES)]
        if v.verdict == "failed" and v.stderr_tail:
            lines.append("last lines of stderr:\n  " + v.stderr_tail.replace("\n", "\n  "))
        if lines:
            console.print(f"[bold]{v.variant}[/]", highlight=False)
            for line in lines:
                console.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)
