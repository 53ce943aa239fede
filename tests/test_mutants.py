"""Small mutants of the original, each with the verdict and step it really earns.

Each mutant is the original with one text replacement; the table says what the checker
must report. A replacement that no longer matches the original fails loudly, so the table
cannot go stale silently.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, SHORT_STEPS, VARIANTS

from golf.engine.check import check
from golf.engine.verdict import Verdict

ORIGINAL = (VARIANTS / "original.py").read_text()


def _mutant(tmp_path: Path, name: str, old: str, new: str) -> Path:
    assert ORIGINAL.count(old) == 1, f"mutant {name}: {old!r} must occur exactly once in original.py"
    path = tmp_path / f"{name}.py"
    path.write_text(ORIGINAL.replace(old, new))
    return path


# (id, old text, new text, verdict, step, quantity)
MUTANTS = [
    # Adam's epsilon only acts in the update after step 1's backward pass: step 2's loss moves first.
    pytest.param(
        "eps",
        "eps_adam = 0.01, 0.85, 0.99, 1e-8",
        "eps_adam = 0.01, 0.85, 0.99, 1e-7",
        "diverged",
        2,
        "loss",
        id="adam-epsilon",
    ),
    # Step 1's bias correction cancels beta1 (m_hat = (1-b1) g / (1-b1)) up to rounding: step 2's gradients
    # differ only in their last bits, and the losses pass the tolerance at step 3.
    pytest.param(
        "beta1",
        "beta1, beta2, eps_adam = 0.01, 0.85,",
        "beta1, beta2, eps_adam = 0.01, 0.9,",
        "diverged",
        3,
        "loss",
        id="adam-beta1",
    ),
    # A wrong local gradient leaves the forward pass (step 1's loss) untouched.
    pytest.param("exp_grad", "(math.exp(self.data),)", "(self.data,)", "diverged", 1, "grad", id="exp-gradient"),
    pytest.param(
        "swapped_mul",
        "(other.data, self.data))",
        "(self.data, other.data))",
        "diverged",
        1,
        "grad",
        id="mul-gradients-swapped",
    ),
    # Without the max subtraction softmax is equal in exact arithmetic but not in floating point: step 1's
    # gradients differ in their last bits. The losses stay bit-equal for many steps, because Adam's first
    # updates depend on the gradients' signs and ratios, so at the short step count this is `close`.
    pytest.param(
        "no_max",
        "exps = [(val - max_val).exp() for val in logits]",
        "exps = [val.exp() for val in logits]",
        "close",
        1,
        "grad",
        id="softmax-without-max",
    ),
    # Two random draws reordered: lm_head drawn before wpe, same parameter order.
    pytest.param(
        "reordered_draws",
        """state_dict = {
    "wte": matrix(vocab_size, n_embd),
    "wpe": matrix(block_size, n_embd),
    "lm_head": matrix(vocab_size, n_embd),
}""",
        """_wte = matrix(vocab_size, n_embd)
_lm_head = matrix(vocab_size, n_embd)
state_dict = {"wte": _wte, "wpe": matrix(block_size, n_embd), "lm_head": _lm_head}""",
        "diverged",
        0,
        "init",
        id="random-draws-reordered",
    ),
]


def _case(case_id: str) -> tuple:
    """A mutant's row by its id, so reordering or inserting rows cannot point a test at another mutant."""
    [case] = [p for p in MUTANTS if p.id == case_id]
    return case.values


@pytest.mark.parametrize(("name", "old", "new", "verdict", "step", "quantity"), MUTANTS)
def test_mutant_verdict(
    tmp_path: Path, run_cache: Path, name: str, old: str, new: str, verdict: str, step: int, quantity: str
) -> None:
    result = check(_mutant(tmp_path, name, old, new), steps=SHORT_STEPS, cache_dir=run_cache)
    assert result.verdict == verdict, (result.failure, result.first_bit_difference, result.notes)
    # A `diverged` verdict names its first divergence; a `close` one, its first differing bit.
    first = result.first_divergence if verdict == "diverged" else result.first_bit_difference
    assert first is not None
    assert (first.step, first.quantity) == (step, quantity)


def test_beta1_mutant_differs_in_bits_before_it_diverges(tmp_path: Path, run_cache: Path) -> None:
    _, old, new, *_ = _case("adam-beta1")
    result = check(_mutant(tmp_path, "beta1", old, new), steps=SHORT_STEPS, cache_dir=run_cache)
    assert result.first_bit_difference is not None
    assert (result.first_bit_difference.step, result.first_bit_difference.quantity) == (2, "grad")


def test_reordered_draws_name_the_first_parameter(tmp_path: Path, run_cache: Path) -> None:
    _, old, new, *_ = _case("random-draws-reordered")
    result = check(_mutant(tmp_path, "reordered_draws", old, new), steps=SHORT_STEPS, cache_dir=run_cache)
    assert result.first_divergence is not None
    assert result.first_divergence.parameter == "wpe[0][0]"  # wte is drawn first in both


def test_softmax_without_max_is_close_by_a_few_ulps(tmp_path: Path, run_cache: Path) -> None:
    _, old, new, *_ = _case("softmax-without-max")
    result: Verdict = check(_mutant(tmp_path, "no_max", old, new), steps=SHORT_STEPS, cache_dir=run_cache)
    assert result.first_divergence is None
    # Gradients near zero count many ULPs for a tiny absolute difference: the absolute bound below is the real one.
    assert 0 < result.max_ulp_diff < 100_000
    assert 0 < result.max_abs_diff < 1e-15
    assert set(result.loss_diff_by_step) == {0.0}, "the losses stay bit-equal over the short run"


def test_golfed_copy_with_free_backward_is_detected_and_identical(run_cache: Path) -> None:
    result = check(FIXTURES / "golfed_free_backward.py", steps=SHORT_STEPS, cache_dir=run_cache)
    assert result.verdict == "identical", (result.failure, result.first_divergence, result.stderr_tail)
    assert any("function B()" in note and ".g" in note for note in result.notes)
