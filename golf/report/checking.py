"""Running the equivalence check for a report's variants (through a check function) and turning verdicts into
CheckOutcomes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from golf.engine.check import ReferenceFailure
from golf.engine.variants import Variant
from golf.engine.verdict import Verdict
from golf.report.model import CheckOutcome, Measured

#: check(variants, reference) -> one verdict per variant, in order: golf.engine.check.check_many with the
#: run options bound, or a fake in tests.
CheckFunction = Callable[[Sequence[Variant], Variant], list[Verdict]]
#: explain(variant, reference, its verdict) -> golf explain's answer as text lines.
ExplainFunction = Callable[[Variant, Variant, Verdict], tuple[str, ...]]


def with_explanations(
    outcomes: list[CheckOutcome], variants: Sequence[Variant], reference: Variant, explain: ExplainFunction | None
) -> list[CheckOutcome]:
    """The outcomes, each variant that is checked but not identical explained (only when `explain` is given)."""
    if explain is None:
        return outcomes
    return [
        replace(o, explanation=explain(v, reference, o.verdict))
        if o.verdict is not None and o.verdict.verdict != "identical" and v.path.resolve() != reference.path.resolve()
        else o
        for o, v in zip(outcomes, variants, strict=True)
    ]


def _not_runnable(measured: Measured) -> str | None:
    """Why the script cannot run at all (so running it would only waste the reference's run), or None."""
    if measured.source is None:
        return measured.error
    try:
        compile(measured.source, measured.path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        where = f"line {exc.lineno}: " if isinstance(exc, SyntaxError) and exc.lineno else ""
        return f"does not compile: {where}{exc.msg if isinstance(exc, SyntaxError) else exc}"
    return None


def time_ratio(verdict: Verdict, reference: Verdict | None) -> float | None:
    """The variant's run time over the reference's, when both ran cleanly, at the same steps, with a timing."""
    if reference is None or "failed" in (verdict.verdict, reference.verdict) or verdict.steps != reference.steps:
        return None
    if verdict.seconds <= 0 or reference.seconds <= 0:
        return None
    return verdict.seconds / reference.seconds


def check_outcomes(
    variants: Sequence[tuple[Variant, Measured]], reference: Variant, check: CheckFunction | None
) -> list[CheckOutcome]:
    """One outcome per variant. The reference is checked with them (against itself) for its run time."""
    if check is None:
        return [CheckOutcome("not checked") for _ in variants]
    blocked = [_not_runnable(m) for _, m in variants]
    to_run = [v for (v, _), why in zip(variants, blocked, strict=True) if why is None]
    runs_reference = any(v.path.resolve() == reference.path.resolve() for v in to_run)
    try:
        verdicts = check([*to_run, *([] if runs_reference else [reference])], reference)
    except (ReferenceFailure, OSError) as exc:
        return [CheckOutcome("not run", error=why) if why else CheckOutcome("error", error=str(exc)) for why in blocked]
    by_path = {v.path.resolve(): verdict for v, verdict in zip(to_run, verdicts, strict=False)}
    ref_verdict = verdicts[-1] if not runs_reference else by_path[reference.path.resolve()]
    outcomes = []
    for (variant, _), why in zip(variants, blocked, strict=True):
        if why is not None:
            outcomes.append(CheckOutcome("not run", error=why))
            continue
        verdict = by_path[variant.path.resolve()]
        outcomes.append(CheckOutcome("checked", verdict, time_ratio=time_ratio(verdict, ref_verdict)))
    return outcomes
