"""`explain(variant)`: check it, trace the first step that differs in both programs, and name the operation.

The check (cached) says which step and quantity differ first; only that window is traced,
in both programs at once, and the analyses run in the order a run goes: the optimizer's
update before the step, the forward pass, then the backward pass.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from golf.engine.check import DEFAULT_STEPS, check_many
from golf.engine.data import load_data
from golf.engine.instrument import AnalysisFailure, Overrides
from golf.engine.runner import RunOptions, analyse
from golf.engine.variants import REFERENCE_NAME, Variant, default_variants_dir, resolve
from golf.engine.verdict import Difference, Verdict, describe
from golf.explain.backward import backward_difference
from golf.explain.forward import forward_difference
from golf.explain.graph import Graph
from golf.explain.model import Explanation, Finding
from golf.explain.optimizer import init_difference, update_difference
from golf.explain.trace import Trace, TraceError, run_traces


class ExplainError(RuntimeError):
    """The difference cannot be explained (the variant cannot be traced, or it never ran); the message says why."""


class NothingToExplain(ExplainError):
    """The variant is bit-identical to the reference over the steps checked."""


def explain(
    variant: str | Path | Variant,
    reference: str | Path | Variant | None = None,
    *,
    steps: int | None = DEFAULT_STEPS,
    data: str | Path | None = None,
    options: RunOptions | None = None,
    use_cache: bool = True,
    cache_dir: Path | None = None,
    variants_dir: Path | None = None,
    verdict: Verdict | None = None,
) -> Explanation:
    """Why `variant` differs from `reference` (default: original): the first operation that differs, in both.

    Pass the `verdict` of an earlier check (same steps and data) to skip checking again.
    Raises NothingToExplain for an identical variant, ExplainError when it cannot be traced,
    and what golf.engine.check.check_many raises for unknown variants or unusable data.
    """
    options = options or RunOptions()
    variants_dir = variants_dir or default_variants_dir()
    var = variant if isinstance(variant, Variant) else resolve(str(variant), variants_dir)
    ref_name = reference if reference is not None else REFERENCE_NAME
    ref = ref_name if isinstance(ref_name, Variant) else resolve(str(ref_name), variants_dir)
    if verdict is None:
        # One data set, the one traced: the names, or --data.
        verdict = check_many(
            [var],
            ref,
            steps=steps,
            data=data,
            domain="names",
            options=options,
            use_cache=use_cache,
            cache_dir=cache_dir,
        )[0]
    first = verdict.first_bit_difference or verdict.first_divergence
    if verdict.verdict == "identical" or (first is None and verdict.verdict != "failed"):
        raise NothingToExplain(f"{var.name} is identical to {ref.name} over {verdict.steps} steps: nothing to explain")
    if verdict.verdict == "output-only" or (first is None and verdict.verdict == "failed"):
        why = verdict.failure or "; ".join(verdict.notes) or verdict.verdict
        raise ExplainError(f"{var.name}: cannot explain: {why}")
    assert first is not None
    window, step = _window(first, verdict)
    started = time.perf_counter()
    data_bytes = load_data(data)
    ref_trace, var_trace = _traces(ref, var, data_bytes, window, step, steps, options)
    finding = _analyse(ref_trace, var_trace, window, step, first)
    return Explanation(
        variant=var.name,
        reference=ref.name,
        step=finding.step if finding.step is not None else step,
        phase=finding.phase,
        variant_site=finding.variant_site,
        reference_site=finding.reference_site,
        variant_value=finding.variant_value,
        reference_value=finding.reference_value,
        reason=finding.reason,
        first_difference=describe(first),
        details=finding.details + ((f"the variant fails: {var_trace.error}",) if var_trace.error else ()),
        seconds=time.perf_counter() - started,
    )


def _window(first: Difference, verdict: Verdict) -> tuple[str, int]:
    """Which window to trace for the check's first difference: (`init`, 0), (`step`, s) or (`samples`, N)."""
    if first.quantity == "init":
        return "init", 0
    if first.quantity in ("loss", "grad"):
        return "step", max(1, first.step)
    return "samples", len(verdict.losses) or verdict.steps


def _traces(
    ref: Variant, var: Variant, data: bytes, window: str, step: int, steps: int | None, options: RunOptions
) -> tuple[Trace, Trace]:
    """Both programs traced at once; the reference keeps golf's own detection when it needs no overrides."""
    ref_options = options
    if options.overrides != Overrides():
        try:
            if not isinstance(analyse(ref.path.read_text(encoding="utf-8"), Overrides()), AnalysisFailure):
                ref_options = replace(options, overrides=Overrides())
        except (OSError, UnicodeDecodeError):
            pass
    try:
        ref_trace, var_trace = run_traces(
            [(ref.path, ref_options), (var.path, options)], data, window=window, step=step, steps=steps
        )
    except TraceError as exc:
        raise ExplainError(str(exc)) from None
    return ref_trace, var_trace


def _analyse(ref: Trace, var: Trace, window: str, step: int, first: Difference) -> Finding:
    if ref.error:
        raise ExplainError(f"the reference fails while traced: {ref.error}")
    if window == "init":
        found = init_difference(ref, var)
    else:
        ref_graph, var_graph = Graph(ref), Graph(var)
        phase = "samples" if window == "samples" else "forward"
        found = update_difference(ref, var) if window == "step" and step > 1 else None
        found = found or forward_difference(ref_graph, var_graph, phase)
        if found is None and window == "step":
            found = backward_difference(ref_graph, var_graph)
    return found or _unlocated(ref, var, window, first)


def _unlocated(ref: Trace, var: Trace, window: str, first: Difference) -> Finding:
    """No node differs: say what the check saw, and where the variant failed if it did."""
    phase = "samples" if window == "samples" else ("init" if window == "init" else "forward")
    if var.error:
        reason = f"every value the variant computed matches the reference's, then it fails: {var.error}"
    elif window == "samples":
        reason = "every value computed while sampling matches the reference's: the printed output differs"
    else:
        reason = "no traced value or gradient differs; the difference is outside the autograd graph"
    return Finding(phase, var.error_site, (), first.variant, first.reference, reason)
