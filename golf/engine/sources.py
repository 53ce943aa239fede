"""The sources a check runs: each read and analysed once, and what detection could not find in them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from golf.engine.instrument import AnalysisFailure, Instrumented, Overrides
from golf.engine.runner import PARSE_LOCK, RunOptions, analyse, may_run_payload
from golf.engine.variants import Variant, default_variants_dir, resolve


def as_variant(value: str | Path | Variant, variants_dir: Path | None) -> Variant:
    """A Variant for a name, a path, or a Variant."""
    if isinstance(value, Variant):
        return value
    return resolve(str(value), variants_dir)


def read_source(variant: Variant) -> bytes:
    try:
        return variant.path.read_bytes()
    except OSError as exc:
        return f"\0unreadable: {exc}".encode()  # a key of its own; run_variant reports the error


@dataclass(frozen=True)
class Analysis:
    """A source as read, and what detection made of it."""

    source: bytes
    result: Instrumented | AnalysisFailure | None

    @property
    def shortenable(self) -> bool:
        """True when a run of it can be limited to --steps: it can be instrumented, now or at run time.

        A source that does not compile or cannot be read also counts: it is reported without running.
        """
        if not isinstance(self.result, AnalysisFailure):
            return True
        return may_run_payload(self.source.decode("utf-8", "replace"))


def analysis_of(variant: Variant, overrides: Overrides) -> Analysis:
    source = read_source(variant)
    try:
        text = source.decode("utf-8")
        with PARSE_LOCK:
            compile(text, str(variant.path), "exec", dont_inherit=True)
    except (UnicodeDecodeError, SyntaxError, ValueError):
        return Analysis(source, None)
    return Analysis(source, analyse(text, overrides))


def analysis_problems(
    variants: Sequence[str | Path | Variant], variants_dir: Path | None, overrides: Overrides
) -> list[str]:
    """What detection could not find in each variant, said before anything runs (nothing for a clean source)."""
    problems = []
    for value in variants:
        try:
            variant = as_variant(value, variants_dir or default_variants_dir())
            text = variant.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError, ValueError):
            continue  # reported by the check itself, with the rest of its verdict
        result = analyse(text, overrides)
        if isinstance(result, AnalysisFailure) and not result.reason.startswith("does not parse"):
            then = (
                "it calls exec/eval/compile, so a payload will be instrumented at run time if it can be"
                if may_run_payload(text)
                else "only its printed output and random draws can be compared, at its own length"
            )
            problems.append(f"{variant.path}: not instrumented: {result.reason}; {then}")
    return problems


def reference_options(reference: Variant, options: RunOptions) -> RunOptions:
    """The detection overrides describe the variants: the reference gets them only when it needs them."""
    if options.overrides == Overrides():
        return options
    try:
        source = reference.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return options
    if isinstance(analyse(source, Overrides()), AnalysisFailure):
        return options
    return replace(options, overrides=Overrides())
