"""Checking variants against a reference over a domain: run both (in parallel, cached), compare, return verdicts.

This is the API the CLI, the reports and the tests share:
`check(variant, reference=None, steps=...) -> Verdict` for one variant and
`check_many(variants, reference, ...) -> list[Verdict]` for several.

Each source is analysed once (golf.engine.runner.analyse) and the analysis travels with its jobs
to the runs: it decides whether the runs can be shortened, and the instrumented copy it made is
what every cell runs; `--steps` itself is a setting of the run (RunSpec), not a rewrite.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from golf.engine.cache import RunCache, comparison_fingerprint, default_cache_dir, run_key, verdict_key
from golf.engine.combine import combine_cells
from golf.engine.domain import Cell, cells
from golf.engine.equivalence import Tolerance
from golf.engine.instrument import AnalysisFailure, Instrumented
from golf.engine.judge import verdict_of
from golf.engine.record import Record, RecordFormatError
from golf.engine.runner import (
    TRANSIENT_STATUSES,
    RunOptions,
    RunResult,
    RunSpec,
    run_variant,
    steps_done,
)
from golf.engine.sources import Analysis, analysis_of, as_variant, reference_options
from golf.engine.variants import REFERENCE_NAME, Variant, default_variants_dir
from golf.engine.verdict import Verdict

#: Default training steps for checks: long enough that a last-bit difference shows in the
#: losses, short enough to check every variant in a minute. `--steps 1000` is the full run.
DEFAULT_STEPS = 50

#: progress(variant name, steps done, steps expected or None, finished)
Progress = Callable[[str, int, "int | None", bool], None]


#: How a reference that did not run cleanly is described, by run status.
_REFERENCE_FAILURES = {
    "ok": "could not be recorded",
    "syntax error": "has a syntax error",
    "out of memory": "ran out of memory",
    "not recorded": "could not be recorded",
    "output too large": "printed too much",
}


#: The reference's run at its own length when every variant needing it failed before the end: not run.
_NOT_NEEDED = RunResult("ok", False, "", "", 0, 0.0, None, None, ("not run: every variant compared with it failed",))


class ReferenceFailure(RuntimeError):
    """The reference itself did not run cleanly, so nothing can be compared against it."""


class _Cancelled(Exception):
    """Raised in a run's poll to stop it when check_many is interrupted or another run failed."""


@dataclass(frozen=True)
class _Job:
    variant: Variant
    cell: Cell
    spec: RunSpec
    key: str
    source: bytes
    options: RunOptions
    #: The source's analysis, made once per source (None: it cannot be read or compiled; the run says why).
    analysis: Instrumented | AnalysisFailure | None

    @property
    def label(self) -> str:
        """The variant's name, with the cell when it is not the main one (for progress)."""
        return (
            self.variant.name
            if self.cell.seed is None and self.cell.name == "names"
            else (f"{self.variant.name} [{self.cell.name}]")
        )


def _job(variant: Variant, cell: Cell, spec: RunSpec, options: RunOptions, analysis: Analysis) -> _Job:
    key = run_key(analysis.source, cell.data, spec.key(), options.overrides.key())
    return _Job(variant, cell, spec, key, analysis.source, options, analysis.result)


def _reference_failure(ref_variant: Variant, ref_run: RunResult, expected_record: bool) -> ReferenceFailure | None:
    if ref_run.status == "ok" and (ref_run.instrumented or not expected_record):
        return None
    why = _REFERENCE_FAILURES.get(ref_run.status, ref_run.status)
    where = f" {ref_run.where}" if ref_run.where else ""
    detail = (ref_run.stderr_tail.strip().splitlines() or [""])[-1] or "; ".join(ref_run.notes)
    return ReferenceFailure(
        f"{ref_variant.path}: the reference {why}{where} ({detail.strip()}); fix it or choose another with --reference"
    )


def check_many(
    variants: Sequence[str | Path | Variant],
    reference: str | Path | Variant | None = None,
    *,
    steps: int | None = DEFAULT_STEPS,
    samples: int | None = None,
    data: str | Path | None = None,
    domain: str = "full",
    options: RunOptions | None = None,
    tolerance: Tolerance | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    cache_dir: Path | None = None,
    variants_dir: Path | None = None,
    progress: Progress | None = None,
    fail_fast: bool = False,
    full_length: bool = True,
) -> list[Verdict]:
    """Verdicts for `variants` against `reference` (default `variants/original.py`), in the given order.

    `steps` runs the first N steps of the programs' own training (None: all of them), `samples`
    the first K samples (None: a few for a shortened check, all for a full one). `domain="full"`
    checks the built-in names, the built-in edge cases and another seed (plus `data` when
    given); `"names"` checks `data` (default: the names) alone. `fail_fast` stops each variant at
    its first differing value (the verdict then only tells identical from not). `full_length`
    lets a source that cannot be instrumented run at its own length (else it is not run).
    Runs happen in parallel (`jobs`, default: the number of cores) and are cached on disk.

    Raises ValueError for a step or sample count below 1 or an unknown domain, DataError for
    unusable data, VariantError for an unknown variant, ReferenceFailure when the reference
    does not run cleanly, and CacheError (an OSError) when the cache folder cannot be used. A
    variant that fails in any way is a `failed` verdict, never an exception.
    """
    for what, value in (("steps", steps), ("samples", samples)):
        if value is not None and value < 1:
            raise ValueError(f"{what} must be 1 or more (None: the scripts' own count), not {value}")
    options = options or RunOptions()
    tolerance = tolerance or Tolerance()
    domain_cells = cells(steps, samples, data, domain)
    variants_dir = variants_dir or default_variants_dir()
    chosen = [as_variant(v, variants_dir) for v in variants]
    ref_variant = as_variant(reference if reference is not None else REFERENCE_NAME, variants_dir)
    ref_options = reference_options(ref_variant, options)
    ref_analysis = analysis_of(ref_variant, ref_options.overrides)
    analyses = {v.name: analysis_of(v, options.overrides) for v in chosen}
    # A reference that is not an autograd program (a plain script) cannot be shortened: everything
    # then runs at its own length and only draws and printed output are compared.
    plain = not ref_analysis.shortenable
    can_shorten = {v.name: not plain and analyses[v.name].shortenable for v in chosen}

    def spec_for(cell: Cell, shortened: bool, fail_fast_key: str | None = None) -> RunSpec:
        if shortened or not (full_length or plain):
            # Not shortenable and not allowed at full length: the runner refuses it, saying why.
            return RunSpec(cell.steps, cell.samples, cell.seed, full_length, fail_fast_key)
        return RunSpec(None, None, cell.seed, True, fail_fast_key)

    cache = RunCache(cache_dir or default_cache_dir()) if use_cache else RunCache(None)
    workers = max(1, jobs or os.cpu_count() or 1)
    try:
        ref_jobs: dict[tuple[str, bool], _Job] = {}
        for cell in domain_cells:
            for shortened in {can_shorten[v.name] for v in chosen}:
                ref_jobs[(cell.name, shortened)] = _job(
                    ref_variant, cell, spec_for(cell, shortened), ref_options, ref_analysis
                )
        results: dict[str, RunResult] = {}

        def run_cells(cells_here: list[Cell], variants_here: list[Variant]) -> dict[tuple[str, str], _Job]:
            """Run `variants_here` and their references in every one of `cells_here`, all at once."""
            refs = {
                (cell.name, s): ref_jobs[(cell.name, s)]
                for cell in cells_here
                for s in {can_shorten[v.name] for v in variants_here}
            }
            # A variant stops at its first difference from its reference's record, so that record must
            # exist first. When it is not in the cache yet and fewer variants need it than there are
            # workers, they run beside the reference instead, whole: the cores would otherwise wait for
            # the reference (a 1000-step confirmation of one candidate takes half the time this way).
            needs = Counter((cell.name, can_shorten[v.name]) for cell in cells_here for v in variants_here)
            stopping_refs = {
                k for k, j in refs.items() if fail_fast and (needs[k] >= workers or cache.load(j.key) is not None)
            }
            mine = {
                (cell.name, v.name): _job(
                    v,
                    cell,
                    spec_for(
                        cell,
                        can_shorten[v.name],
                        refs[(cell.name, can_shorten[v.name])].key
                        if (cell.name, can_shorten[v.name]) in stopping_refs
                        else None,
                    ),
                    options,
                    analyses[v.name],
                )
                for cell in cells_here
                for v in variants_here
            }
            # A variant that cannot be shortened runs at its own length, and so would its reference: run
            # the variant first, and the reference only when the variant ran to the end (minutes, else).
            long_refs = {k: j for k, j in refs.items() if not k[1] and not plain}
            refs_now = [j for k, j in refs.items() if k not in long_refs]
            stopping = [j for j in mine.values() if j.spec.fail_fast]
            whole = [j for j in mine.values() if not j.spec.fail_fast]
            results.update(_run_all([*refs_now, *whole], cache, workers, progress))
            if stopping:
                records = {j.key: results[j.key].record_dir for j in refs_now}
                results.update(_run_all(stopping, cache, workers, progress, records))
            for (cell_name, shortened), ref_job in long_refs.items():
                if any(
                    results[j.key].status == "ok"
                    for (name, v_name), j in mine.items()
                    if name == cell_name and can_shorten[v_name] == shortened
                ):
                    results.update(_run_all([ref_job], cache, workers, progress))
                else:
                    results[ref_job.key] = _NOT_NEEDED
            return mine

        def judged(v: Variant, cell: Cell, job: _Job) -> tuple[Cell, Verdict | None, str | None]:
            ref_job = ref_jobs[(cell.name, can_shorten[v.name])]
            ref_run = results[ref_job.key]
            if cell.seed is not None and ref_run.seed_calls == 0:
                return cell, None, "skipped: the reference never calls random.seed"
            why = _reference_failure(ref_variant, ref_run, not plain) if ref_run is not _NOT_NEEDED else None
            if why is not None:
                return cell, None, f"skipped: {why}"
            return cell, _cell_verdict(job, ref_job, results, tolerance, cache), None

        # The main cell first; the extra cells only for the variants it finds equivalent (for the others,
        # the verdict is already settled, and the extra runs would only cost time).
        main_cell, *extra_cells = domain_cells
        main_jobs = {v: j for (_, v), j in run_cells([main_cell], chosen).items()}
        for shortened in {can_shorten[v.name] for v in chosen}:
            ref_run = results[ref_jobs[(main_cell.name, shortened)].key]
            failure = _reference_failure(ref_variant, ref_run, not plain) if ref_run is not _NOT_NEEDED else None
            if failure is not None:
                raise failure
        cell_verdicts = {v.name: [judged(v, main_cell, main_jobs[v.name])] for v in chosen}
        main_verdicts = {v.name: cell_verdicts[v.name][0][1] for v in chosen}
        passing = [v for v in chosen if can_shorten[v.name] and (mv := main_verdicts[v.name]) and mv.equivalent]
        # Every extra cell of every passing variant at once: they are independent short runs.
        extra_jobs = run_cells(extra_cells, passing) if passing and extra_cells else {}
        for cell in extra_cells:
            for v in chosen:
                if (cell.name, v.name) in extra_jobs:
                    cell_verdicts[v.name].append(judged(v, cell, extra_jobs[(cell.name, v.name)]))
                elif not can_shorten[v.name]:
                    cell_verdicts[v.name].append((cell, None, "not run: the variant cannot be shortened"))
                else:
                    cell_verdicts[v.name].append((cell, None, "not run: the main cell already decides the verdict"))
        verdicts = []
        for v in chosen:
            verdict = combine_cells(cell_verdicts[v.name])
            if not can_shorten[v.name] and steps is not None:
                why = "the reference is not an autograd program" if plain else "shortening needs an analysable source"
                note = f"ran at the script's own step count, not --steps {steps}: {why}"
                verdict = replace(verdict, notes=(*verdict.notes, note))
            verdicts.append(replace(verdict, cached=main_jobs[v.name].key in cache.hits))
        return verdicts
    finally:
        cache.close()


def _cell_verdict(
    job: _Job, ref_job: _Job, results: dict[str, RunResult], tolerance: Tolerance, cache: RunCache
) -> Verdict:
    key = verdict_key(
        job.key, ref_job.key, comparison_fingerprint(), repr(tolerance), job.variant.name, repr(job.variant.known_bad)
    )
    verdict = cache.load_verdict(key)
    if verdict is None:
        verdict = verdict_of(job.variant, job.spec.steps, results[job.key], results[ref_job.key], tolerance)
        if results[job.key].status not in TRANSIENT_STATUSES:
            cache.store_verdict(key, verdict)
    return verdict


def _run_all(
    jobs_to_run: list[_Job],
    cache: RunCache,
    workers: int,
    progress: Progress | None,
    reference_records: dict[str, Path | None] | None = None,
) -> dict[str, RunResult]:
    unique: dict[str, _Job] = {}
    for job in jobs_to_run:
        unique.setdefault(job.key, job)
    cancel = threading.Event()

    def one(job: _Job) -> RunResult:
        staging: list[Path] = []
        reference_record = (reference_records or {}).get(job.spec.fail_fast or "")

        def produce(record_dir: Path) -> RunResult:
            staging.append(record_dir)
            return run_variant(
                job.variant.path,
                job.cell.data,
                record_dir,
                spec=job.spec,
                options=job.options,
                poll=poll,
                reference_record=reference_record,
                analysis=job.analysis,
            )

        def poll() -> None:
            if cancel.is_set():
                raise _Cancelled
            if progress is not None and staging:
                progress(job.label, steps_done(staging[0]), job.spec.steps, False)

        if cancel.is_set():
            raise _Cancelled
        result = cache.run(job.key, produce)
        if progress is not None:
            progress(job.label, _step_count(result), job.spec.steps, True)
        return result

    pool = ThreadPoolExecutor(max_workers=workers)
    ordered = list(unique.values())
    try:
        futures = [pool.submit(one, job) for job in ordered]
        results = {job.key: future.result() for job, future in zip(ordered, futures, strict=True)}
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
    **kwargs: object,
) -> Verdict:
    """The verdict on one variant (a name such as `shortest`, or the path of any script); keywords as check_many."""
    return check_many([variant], reference, **kwargs)[0]  # type: ignore[arg-type]
