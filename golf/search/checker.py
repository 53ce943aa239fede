"""The search's checker: the equivalence check of one candidate source against the reference."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from golf.engine.verdict import Verdict
from golf.search.verdicts import source_key

#: checker(source, steps) -> the verdict of `source` against the reference at `steps` training steps.
Checker = Callable[[str, int], Verdict]


def make_checker(
    reference: str | Path,
    *,
    work_dir: str | Path,
    data: str | Path | None = None,
    samples: int | None = None,
    domain: str = "full",
    options: object | None = None,
    tolerance: object | None = None,
    use_cache: bool = True,
    cache_dir: Path | None = None,
) -> Checker:
    """A Checker that runs `golf.engine.check.check` on each candidate, written to `work_dir`, against `reference`.

    `samples` and `domain` are check_many's; every candidate stops at its first difference (`fail_fast`) and
    none runs at its own length.
    """
    from golf.engine.check import check
    from golf.engine.instrument import AnalysisFailure, Overrides
    from golf.engine.runner import analyse

    folder = Path(work_dir)
    folder.mkdir(parents=True, exist_ok=True)
    overrides = getattr(options, "overrides", None) or Overrides()
    reference_path = Path(reference)
    shortened_reference = reference_path.is_file() and not isinstance(
        analyse(reference_path.read_text(encoding="utf-8"), overrides), AnalysisFailure
    )

    def checker(source: str, steps: int) -> Verdict:
        if shortened_reference:
            # A candidate whose training loop or backward pass golf can no longer find would be run
            # (with the reference) at the scripts' own step count: minutes, to learn that the search
            # broke what the check needs. Such a candidate is not worth it.
            analysed = analyse(source, overrides)
            if isinstance(analysed, AnalysisFailure):
                return Verdict(
                    "candidate", "failed", steps, failure=f"not run: its steps cannot be shortened ({analysed.reason})"
                )
        path = folder / f"candidate_{source_key(source)[:12]}.py"
        path.write_text(source, encoding="utf-8")
        try:
            return check(
                path,
                reference,
                steps=steps,
                samples=samples,
                domain=domain,
                data=data,
                options=options,  # type: ignore[arg-type]
                tolerance=tolerance,  # type: ignore[arg-type]
                use_cache=use_cache,
                cache_dir=cache_dir,
                # The search only needs identical or not: a losing candidate stops at its first difference.
                fail_fast=True,
                full_length=False,
            )
        finally:
            path.unlink(missing_ok=True)

    return checker
