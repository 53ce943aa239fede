"""From two runs to a verdict: what the variant computes, and, apart from it, what it prints.

The computation is the initial parameters, every loss, every gradient and the random draws
(the sampled token ids); `first_bit_difference` and `first_divergence` always name a computed
value. The printed text is compared on its own (`Verdict.output`), so a golf that prints its
own format but computes the same values is not called `diverged`.
"""

from __future__ import annotations

import math
import signal
from collections.abc import Sequence
from dataclasses import replace

from golf.engine.equivalence import (
    Tolerance,
    draws_difference,
    first_output_difference,
    output_verdict,
    read_draws,
    records_verdict,
    sample_lines,
)
from golf.engine.record import Record, RecordFormatError
from golf.engine.runner import RunResult
from golf.engine.variants import Variant
from golf.engine.verdict import Difference, Verdict


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _loss_at(reference: Record | None, index: int) -> float | None:
    if reference is None or index >= reference.step_count:
        return None
    for i, (_, values) in enumerate(reference.steps()):
        if i == index:
            return values[0]
    return None


def _non_finite(losses: Sequence[float]) -> list[str]:
    """A note on the first loss that is NaN or infinite: such a run is usually broken long before it ends."""
    for step, loss in enumerate(losses, start=1):
        if not math.isfinite(loss):
            return [f"the variant's loss is {loss} from step {step}"]
    return []


def _failure_verdict(
    variant: Variant, steps: int, run: RunResult, reference: Record | None, ref_run: RunResult
) -> Verdict:
    """A verdict for a run that did not finish cleanly; what it recorded before failing is still compared."""
    partial = None
    recorded = 0
    if run.record_dir is not None and reference is not None and (run.record_dir / "values.bin").exists():
        try:
            mine = Record.open(run.record_dir)
            recorded = mine.step_count
            partial = records_verdict(variant.name, steps, reference, mine, Tolerance())
        except (RecordFormatError, OSError):
            partial = None
    failure = f"{run.status} {run.where}" if run.where else run.status
    last = (run.stderr_tail.strip().splitlines() or [""])[-1].strip()
    if run.status == "crashed":
        if (run.returncode or 0) < 0:
            last = f"killed by {_signal_name(-run.returncode)}"  # stderr ends with frames (faulthandler), if anything
        elif not last:
            last = f"exit code {run.returncode}"
        failure += f": {last}"
    elif run.status in ("syntax error", "not instrumented") and last:
        failure += f": {last.removeprefix('SyntaxError: ')}"
    notes = list(run.notes)
    first = None
    if partial is not None and partial.first_divergence is not None and partial.first_divergence.step <= recorded:
        first = partial.first_divergence
        notes.append(f"before failing it had already diverged at step {first.step} ({first.quantity})")
    elif run.instrumented and reference is not None and recorded >= reference.step_count:
        # Training ran to the end; what is missing comes after it (the samples).
        first = draws_difference(read_draws(ref_run.record_dir), read_draws(run.record_dir), recorded)
        if first is None:
            printed = first_output_difference(ref_run.stdout, run.stdout)
            first = replace(printed, step=recorded) if printed is not None else None
    elif run.instrumented:
        first = Difference(recorded + 1, "loss", None, _loss_at(reference, recorded), None)
    return Verdict(
        variant=variant.name,
        verdict="failed",
        steps=steps,
        known_bad=variant.known_bad,
        # Bits can only differ in what was recorded: a step the crash left out is the failure, not a bit difference.
        first_bit_difference=_within_recorded(partial, recorded),
        first_divergence=first,
        losses=partial.losses if partial else (),
        failure=failure,
        stderr_tail=run.stderr_tail,
        notes=tuple(notes),
        seconds=run.seconds,
    )


def _within_recorded(partial: Verdict | None, recorded: int) -> Difference | None:
    first = partial.first_bit_difference if partial is not None else None
    return first if first is not None and first.step <= recorded else None


def _stopped_early(verdict: Verdict) -> Verdict:
    """A --fail-fast run ends at its first differing value: the verdict says so instead of 'missing steps'."""
    first = verdict.first_bit_difference
    kind = "diverged" if verdict.first_divergence is not None and first is not None else "close"
    notes = [n for n in verdict.notes if "recorded only" not in n and "but not bit-identical" not in n]
    notes.append("--fail-fast: the variant stopped at its first differing value; nothing after it was compared")
    divergence = verdict.first_divergence
    if divergence is not None and first is not None and divergence.step > first.step:
        kind, divergence = "close", None  # only the missing steps "diverged"
    return replace(
        verdict, verdict=kind, first_divergence=divergence if kind == "diverged" else None, notes=tuple(notes)
    )


def verdict_of(
    variant: Variant, steps: int | None, run: RunResult, ref_run: RunResult, tolerance: Tolerance
) -> Verdict:
    """The verdict on one run of `variant` against the reference's run with the same settings."""
    shown_steps = steps if steps is not None else 0
    reference = Record.open(ref_run.record_dir) if ref_run.instrumented and ref_run.record_dir is not None else None
    if run.status != "ok":
        return _failure_verdict(variant, shown_steps, run, reference, ref_run)
    recorded = run.record_dir is not None and (run.record_dir / "values.bin").exists()
    if run.instrumented and not recorded:
        missing = replace(run, status="not recorded", notes=(*run.notes, "the record is missing"))
        return _failure_verdict(variant, shown_steps, missing, reference, ref_run)
    if not run.instrumented or reference is None:
        draws = draws_difference(read_draws(ref_run.record_dir), read_draws(run.record_dir), 0)
        verdict = output_verdict(variant.name, shown_steps, draws, known_bad=variant.known_bad)
    else:
        try:
            mine = Record.open(run.record_dir)
        except (RecordFormatError, OSError) as exc:
            failed = _failure_verdict(variant, shown_steps, replace(run, status="not recorded"), reference, ref_run)
            return replace(failed, notes=(*run.notes, str(exc)))
        draws = None
        if not run.stopped_early:
            draws = draws_difference(read_draws(ref_run.record_dir), read_draws(run.record_dir), mine.step_count)
        verdict = records_verdict(
            variant.name, shown_steps, reference, mine, tolerance, draws, known_bad=variant.known_bad
        )
        if run.stopped_early:
            verdict = _stopped_early(verdict)
    printed = first_output_difference(ref_run.stdout, run.stdout)
    output = "not compared" if run.stopped_early else "same" if printed is None else "differs"
    if verdict.verdict == "output-only" and printed is not None:
        # With no training recorded, the printed text is all there is of the computation.
        verdict = replace(verdict, verdict="diverged", first_bit_difference=printed, first_divergence=printed)
    samples = run.samples_run if run.samples_run is not None and ref_run.samples_run is not None else None
    return replace(
        verdict,
        notes=(*run.notes, *verdict.notes, *_non_finite(verdict.losses)),
        seconds=run.seconds,
        samples=tuple(sample_lines(run.stdout)),
        samples_compared=samples,
        output=output,
        output_difference=printed if output == "differs" else None,
    )
