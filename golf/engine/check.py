"""Checking variants against a reference: run both (in parallel, cached), compare, return verdicts.

This is the API the CLI, the reports and the tests share:
`check(variant, reference=None, steps=...) -> Verdict` for one variant and
`check_many(variants, reference, ...) -> list[Verdict]` for several.
"""

from __future__ import annotations

import math
import os
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from golf.engine.cache import RunCache, comparison_fingerprint, default_cache_dir, run_key, verdict_key
from golf.engine.data import load_data
from golf.engine.equivalence import Tolerance, first_output_difference, output_verdict, records_verdict
from golf.engine.instrument import AnalysisFailure, Overrides
from golf.engine.record import Record, RecordFormatError
from golf.engine.runner import PARSE_LOCK, TRANSIENT_STATUSES, RunOptions, RunResult, analyse, run_variant, steps_done
from golf.engine.variants import REFERENCE_NAME, Variant, default_variants_dir, resolve
from golf.engine.verdict import Difference, Verdict

#: Default training steps for checks: long enough that a last-bit difference shows in the
#: losses, short enough to check every variant in a minute. `--steps 1000` is the full run.
DEFAULT_STEPS = 50

#: progress(variant name, steps done, steps expected or None, finished)
Progress = Callable[[str, int, "int | None", bool], None]


#: How a reference that did not run cleanly is described, by run status.
_REFERENCE_FAILURES = {
    "ok": "could not be instrumented",
    "syntax error": "has a syntax error",
    "out of memory": "ran out of memory",
    "not recorded": "could not be recorded",
    "output too large": "printed too much",
}


class ReferenceFailure(RuntimeError):
    """The reference itself did not run cleanly, so nothing can be compared against it."""


class _Cancelled(Exception):
    """Raised in a run's poll to stop it when check_many is interrupted or another run failed."""


@dataclass(frozen=True)
class _Job:
    variant: Variant
    steps: int | None
    key: str
    source: bytes
    options: RunOptions


def _as_variant(value: str | Path | Variant, variants_dir: Path | None) -> Variant:
    if isinstance(value, Variant):
        return value
    return resolve(str(value), variants_dir)


def _job(variant: Variant, steps: int | None, data: bytes, options: RunOptions) -> _Job:
    try:
        source = variant.path.read_bytes()
    except OSError as exc:
        source = f"\0unreadable: {exc}".encode()  # a key of its own; run_variant reports the error
    return _Job(variant, steps, run_key(source, data, steps, options.overrides.key()), source, options)


def _keeps_steps(job: _Job, cache: RunCache) -> bool:
    """False when the variant can only run at its own length: it runs but cannot be instrumented."""
    cached = cache.load(job.key)
    if cached is not None:
        return cached.instrumented or cached.status == "syntax error"
    try:
        text = job.source.decode("utf-8")
        with PARSE_LOCK:
            compile(text, str(job.variant.path), "exec", dont_inherit=True)
    except (UnicodeDecodeError, SyntaxError, ValueError):
        return True  # reported without running, so the step count does not matter
    return not isinstance(analyse(text, job.steps, job.options.overrides), AnalysisFailure)


def _reference_options(reference: Variant, steps: int | None, options: RunOptions) -> RunOptions:
    """The detection overrides describe the variants: the reference gets them only when it needs them."""
    if options.overrides == Overrides():
        return options
    try:
        source = reference.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return options
    if isinstance(analyse(source, steps, Overrides()), AnalysisFailure):
        return options
    return replace(options, overrides=Overrides())


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
            partial = records_verdict(variant.name, steps, reference, mine, "", "", Tolerance())
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
    elif run.status == "syntax error" and last:
        failure += f": {last.removeprefix('SyntaxError: ')}"
    notes = list(run.notes)
    first = None
    if partial is not None and partial.first_divergence is not None and partial.first_divergence.step <= recorded:
        first = partial.first_divergence
        notes.append(f"before failing it had already diverged at step {first.step} ({first.quantity})")
    elif run.instrumented and reference is not None and recorded >= reference.step_count:
        # Training ran to the end; what is missing is printed after it (the samples).
        printed = first_output_difference(ref_run.stdout, run.stdout)
        first = replace(printed, step=recorded) if printed is not None else None
    elif run.instrumented:
        first = Difference(recorded + 1, "loss", None, _loss_at(reference, recorded), None)
    return Verdict(
        variant=variant.name,
        verdict="failed",
        steps=steps,
        known_bad=variant.known_bad,
        first_bit_difference=partial.first_bit_difference if partial else None,
        first_divergence=first,
        losses=partial.losses if partial else (),
        failure=failure,
        stderr_tail=run.stderr_tail,
        notes=tuple(notes),
        seconds=run.seconds,
    )


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


def _verdict(variant: Variant, steps: int | None, run: RunResult, ref_run: RunResult, tolerance: Tolerance) -> Verdict:
    shown_steps = steps if steps is not None else 0
    reference = Record.open(ref_run.record_dir) if ref_run.record_dir is not None else None
    if run.status != "ok":
        return _failure_verdict(variant, shown_steps, run, reference, ref_run)
    if run.instrumented and run.record_dir is None:
        return _failure_verdict(
            variant,
            shown_steps,
            replace(run, status="not recorded", notes=(*run.notes, "the record is missing")),
            reference,
            ref_run,
        )
    if not run.instrumented or reference is None:
        verdict = output_verdict(variant.name, shown_steps, ref_run.stdout, run.stdout, known_bad=variant.known_bad)
    else:
        try:
            mine = Record.open(run.record_dir)
        except (RecordFormatError, OSError) as exc:
            return replace(
                _failure_verdict(variant, shown_steps, replace(run, status="not recorded"), reference, ref_run),
                notes=(*run.notes, str(exc)),
            )
        verdict = records_verdict(
            variant.name,
            shown_steps,
            reference,
            mine,
            ref_run.stdout,
            run.stdout,
            tolerance,
            known_bad=variant.known_bad,
        )
    return replace(verdict, notes=(*run.notes, *verdict.notes, *_non_finite(verdict.losses)), seconds=run.seconds)


def _non_finite(losses: Sequence[float]) -> list[str]:
    """A note on the first loss that is NaN or infinite: such a run is usually broken long before it ends."""
    for step, loss in enumerate(losses, start=1):
        if not math.isfinite(loss):
            return [f"the variant's loss is {loss} from step {step}"]
    return []


def check_many(
    variants: Sequence[str | Path | Variant],
    reference: str | Path | Variant | None = None,
    *,
    steps: int | None = DEFAULT_STEPS,
    data: str | Path | None = None,
    options: RunOptions | None = None,
    tolerance: Tolerance | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    cache_dir: Path | None = None,
    variants_dir: Path | None = None,
    progress: Progress | None = None,
) -> list[Verdict]:
    """Verdicts for `variants` against `reference` (default `variants/original.py`), in the given order.

    Runs happen in parallel (`jobs`, default: the number of cores) and are cached on disk
    (`cache_dir`, default golf.engine.cache.default_cache_dir()). `steps=None` runs the scripts'
    own step count. Raises ValueError for a step count below 1, DataError for unusable data,
    VariantError for an unknown variant, ReferenceFailure when the reference does not run
    cleanly, and CacheError (an OSError) when the cache folder cannot be used. A variant
    that fails in any way is a `failed` verdict, never an exception.
    """
    if steps is not None and steps < 1:
        raise ValueError(f"steps must be 1 or more (None: the scripts' own count), not {steps}")
    options = options or RunOptions()
    tolerance = tolerance or Tolerance()
    data_bytes = load_data(data)
    variants_dir = variants_dir or default_variants_dir()
    chosen = [_as_variant(v, variants_dir) for v in variants]
    ref_variant = _as_variant(reference if reference is not None else REFERENCE_NAME, variants_dir)

    var_jobs = [_job(v, steps, data_bytes, options) for v in chosen]
    cache = RunCache(cache_dir or default_cache_dir()) if use_cache else RunCache(None)
    try:
        # A variant that cannot be instrumented runs at its own length; its reference must too.
        var_jobs = [j if _keeps_steps(j, cache) else _job(j.variant, None, data_bytes, options) for j in var_jobs]
        needed_ref_steps = sorted({j.steps for j in var_jobs}, key=lambda s: (s is None, s))
        ref_jobs = {
            s: _job(ref_variant, s, data_bytes, _reference_options(ref_variant, s, options)) for s in needed_ref_steps
        }
        unique: dict[str, _Job] = {}
        for job in [*ref_jobs.values(), *var_jobs]:
            unique.setdefault(job.key, job)
        results = _run_all(list(unique.values()), data_bytes, cache, jobs, progress)
        verdicts = []
        for ref_job in ref_jobs.values():
            ref_run = results[ref_job.key]
            if ref_run.status != "ok" or not ref_run.instrumented:
                why = _REFERENCE_FAILURES.get(ref_run.status, ref_run.status)
                where = f" {ref_run.where}" if ref_run.where else ""
                detail = (ref_run.stderr_tail.strip().splitlines() or [""])[-1] or "; ".join(ref_run.notes)
                raise ReferenceFailure(
                    f"{ref_variant.path}: the reference {why}{where} ({detail.strip()}); "
                    "fix it or choose another with --reference"
                )
        for job in var_jobs:
            ref_key = ref_jobs[job.steps].key
            key = verdict_key(
                job.key,
                ref_key,
                comparison_fingerprint(),
                repr(tolerance),
                job.variant.name,
                repr(job.variant.known_bad),
            )
            verdict = cache.load_verdict(key)
            if verdict is None:
                verdict = _verdict(job.variant, job.steps, results[job.key], results[ref_key], tolerance)
                if results[job.key].status not in TRANSIENT_STATUSES:
                    cache.store_verdict(key, verdict)
            if job.steps is None and steps is not None:
                note = f"ran at the script's own step count, not --steps {steps}: shortening needs an analysable source"
                verdict = replace(verdict, notes=(*verdict.notes, note))
            verdicts.append(replace(verdict, cached=job.key in cache.hits))
        return verdicts
    finally:
        cache.close()


def _run_all(
    jobs_to_run: list[_Job],
    data: bytes,
    cache: RunCache,
    jobs: int | None,
    progress: Progress | None,
) -> dict[str, RunResult]:
    workers = max(1, jobs or os.cpu_count() or 1)
    cancel = threading.Event()

    def one(job: _Job) -> RunResult:
        staging: list[Path] = []

        def produce(record_dir: Path) -> RunResult:
            staging.append(record_dir)
            return run_variant(job.variant.path, data, record_dir, steps=job.steps, options=job.options, poll=poll)

        def poll() -> None:
            if cancel.is_set():
                raise _Cancelled
            if progress is not None and staging:
                progress(job.variant.name, steps_done(staging[0]), job.steps, False)

        if cancel.is_set():
            raise _Cancelled
        result = cache.run(job.key, produce)
        if progress is not None:
            progress(job.variant.name, _step_count(result), job.steps, True)
        return result

    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        futures = [pool.submit(one, job) for job in jobs_to_run]
        results = {job.key: future.result() for job, future in zip(jobs_to_run, futures, strict=True)}
    except BaseException:
        # Ctrl-C, or an error outside any variant (an unwritable cache): stop every run now, leaving
        # no process and no temporary folder behind, instead of waiting for them to finish.
        cancel.set()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()
    return results


def _step_count(result: RunResult) -> int:
    if result.record_dir is None or result.status != "ok":
        return 0
    try:
        return Record.open(result.record_dir).step_count
    except (RecordFormatError, OSError):
        return 0


def check(
    variant: str | Path | Variant,
    reference: str | Path | Variant | None = None,
    *,
    steps: int | None = DEFAULT_STEPS,
    data: str | Path | None = None,
    options: RunOptions | None = None,
    tolerance: Tolerance | None = None,
    use_cache: bool = True,
    cache_dir: Path | None = None,
) -> Verdict:
    """The verdict on one variant (a name such as `shortest`, or the path of any script)."""
    return check_many(
        [variant],
        reference,
        steps=steps,
        data=data,
        options=options,
        tolerance=tolerance,
        use_cache=use_cache,
        cache_dir=cache_dir,
    )[0]
