"""Every variant against the original: golfed ones must be identical, known-bad ones must be caught.

The variants are discovered at collection time, so a file dropped into `variants/` is tested
without editing this file. The default run is SHORT_STEPS steps; `pytest -m slow` runs the
full 1000 steps.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SHORT_STEPS, VARIANTS

from golf.engine.check import check_many
from golf.engine.domain import OTHER_SEED, SHORT_SAMPLES
from golf.engine.runner import RunOptions
from golf.engine.variants import Variant, discover
from golf.engine.verdict import Verdict

ALL_VARIANTS = discover(VARIANTS)
FULL_STEPS = 1000
FULL_RUN_TIMEOUT_SECONDS = 3 * 3600


def _ids(variants: list[Variant]) -> list[str]:
    return [v.name for v in variants]


@pytest.fixture(scope="module")
def short_verdicts(run_cache: Path) -> dict[str, Verdict]:
    """All variants checked once, in parallel, at the short step count."""
    verdicts = check_many(ALL_VARIANTS, steps=SHORT_STEPS, cache_dir=run_cache, variants_dir=VARIANTS)
    return {v.variant: v for v in verdicts}


def _assert_expected(verdict: Verdict) -> None:
    if verdict.known_bad:
        assert verdict.caught, f"{verdict.variant} should be caught but is {verdict.verdict}: {verdict.notes}"
        first = verdict.first_divergence or verdict.first_bit_difference
        assert first is not None, "a caught variant must name where it first differs"
        assert first.step >= 0
    else:
        detail = verdict.failure or verdict.first_divergence or verdict.first_bit_difference
        assert verdict.verdict == "identical", (
            f"{verdict.variant} is {verdict.verdict}: {detail}\n{verdict.stderr_tail}"
        )
        assert verdict.max_ulp_diff == 0
        assert len(verdict.losses) == verdict.steps
        assert verdict.samples_compared == SHORT_SAMPLES and len(verdict.samples) == SHORT_SAMPLES
        assert verdict.output == "same"
        # Identical in every cell of the domain: the names, the edge cases, another seed.
        assert [(c.name, c.verdict) for c in verdict.cells] == [
            ("names", "identical"),
            ("edge cases", "identical"),
            (f"names, seed {OTHER_SEED}", "identical"),
        ]


@pytest.mark.parametrize("variant", ALL_VARIANTS, ids=_ids(ALL_VARIANTS))
def test_variant_against_original(variant: Variant, short_verdicts: dict[str, Verdict]) -> None:
    _assert_expected(short_verdicts[variant.name])


@pytest.mark.slow
@pytest.mark.parametrize("variant", ALL_VARIANTS, ids=_ids(ALL_VARIANTS))
def test_variant_against_original_full_length(variant: Variant, run_cache: Path) -> None:
    # A 1000-step run takes about 5 minutes on an idle 2-core machine, far longer under load.
    options = RunOptions(timeout=FULL_RUN_TIMEOUT_SECONDS)
    [verdict] = check_many([variant], steps=FULL_STEPS, cache_dir=run_cache, variants_dir=VARIANTS, options=options)
    _assert_expected(verdict)
    if not variant.known_bad:
        assert len(verdict.losses) == FULL_STEPS


def test_published_golf_bugs_crash_in_the_first_forward_pass(short_verdicts: dict[str, Verdict]) -> None:
    # A wrong __pow__ makes softmax's `total ** -1` equal -1, every probability negative, and the log raise.
    verdict = short_verdicts["broken/published_golf_bugs"]
    assert verdict.verdict == "failed"
    assert verdict.failure == "crashed during step 1: ValueError: math domain error"
    assert verdict.first_divergence is not None and verdict.first_divergence.step == 1
    assert "published_golf_bugs.py" in verdict.stderr_tail and "_harness" not in verdict.stderr_tail


def test_wrong_multiply_gradient_is_caught_on_grad_not_loss(short_verdicts: dict[str, Verdict]) -> None:
    verdict = short_verdicts["broken/mul_grads_one_one"]
    assert verdict.verdict == "diverged"
    first = verdict.first_divergence
    assert first is not None
    assert (first.step, first.quantity) == (1, "grad")
    assert first.parameter is not None and first.parameter.startswith("wte[")
    assert verdict.loss_diff_by_step[0] == 0.0, "the forward pass is untouched, so step 1's loss is bit-equal"
    assert verdict.loss_diff_by_step[1] > 0.0


def test_original_is_identical_to_itself(short_verdicts: dict[str, Verdict]) -> None:
    verdict = short_verdicts["original"]
    assert verdict.verdict == "identical"
    assert verdict.losses[0] == pytest.approx(3.267, abs=1e-3)  # built-in data set, step 1
