"""The comparison of two records, on hand-made records: special floats, tolerance, lengths."""

from __future__ import annotations

import math
from array import array
from pathlib import Path

import pytest

from golf.engine.equivalence import Tolerance, draws_difference, records_verdict, ulp_distance
from golf.engine.record import Record, write_record

NAMES = ["w[0][0]", "w[0][1]"]
#: The token ids a run sampled (recorded from random.choices).
DRAWS = array("q", [3, 1, 14, 0])


def _verdict(tmp_path: Path, ref_steps, var_steps, ref_init=(0.5, 0.25), var_init=(0.5, 0.25), var_draws=DRAWS):
    ref = write_record(tmp_path / "ref", list(ref_init), ref_steps, NAMES)
    var = write_record(tmp_path / "var", list(var_init), var_steps, None)
    draws = draws_difference(DRAWS, var_draws, len(var_steps))
    return records_verdict("v", len(ref_steps), ref, var, Tolerance(), draws)


BASE = [(1.0, [0.1, 0.0]), (0.9, [0.2, -0.3])]


@pytest.mark.parametrize(
    ("var_steps", "verdict", "first_bit", "first_divergence"),
    [
        pytest.param(BASE, "identical", None, None, id="same"),
        pytest.param([(1.0, [0.1, -0.0]), BASE[1]], "close", (1, "grad", "w[0][1]"), None, id="negative-zero"),
        pytest.param(
            [(1.0, [0.1, 0.0]), (0.9, [0.2, -0.3 * (1 + 1e-15)])], "close", (2, "grad", "w[0][1]"), None, id="last-bits"
        ),
        pytest.param(
            [(1.0, [0.1, 0.0]), (0.95, [0.2, -0.3])],
            "diverged",
            (2, "loss", None),
            (2, "loss", None),
            id="loss-beyond-tolerance",
        ),
        pytest.param(
            [(1.0, [0.1, math.nan]), BASE[1]],
            "diverged",
            (1, "grad", "w[0][1]"),
            (1, "grad", "w[0][1]"),
            id="nan-vs-number",
        ),
        pytest.param(
            [(1.0, [math.inf, 0.0]), BASE[1]],
            "diverged",
            (1, "grad", "w[0][0]"),
            (1, "grad", "w[0][0]"),
            id="infinity-vs-number",
        ),
        pytest.param([BASE[0]], "diverged", (2, "loss", None), (2, "loss", None), id="variant-shorter"),
        pytest.param([*BASE, (0.8, [0.0, 0.0])], "diverged", (3, "loss", None), (3, "loss", None), id="variant-longer"),
    ],
)
def test_record_comparison(tmp_path, var_steps, verdict, first_bit, first_divergence) -> None:
    result = _verdict(tmp_path, BASE, var_steps)
    assert result.verdict == verdict
    got_bit = result.first_bit_difference
    assert (None if got_bit is None else (got_bit.step, got_bit.quantity, got_bit.parameter)) == first_bit
    got = result.first_divergence
    assert (None if got is None else (got.step, got.quantity, got.parameter)) == first_divergence


def test_same_nan_and_same_infinity_are_identical(tmp_path: Path) -> None:
    steps = [(math.inf, [math.nan, -math.inf])]
    assert _verdict(tmp_path, steps, steps).verdict == "identical"


@pytest.mark.parametrize(
    ("reference", "variant"),
    [
        pytest.param(math.nan, 0.5, id="nan-reference"),
        pytest.param(math.inf, 0.5, id="infinite-reference"),
        pytest.param(-math.inf, math.inf, id="opposite-infinities"),
        pytest.param(0.0, 0.5, id="zero-reference"),
    ],
)
def test_a_difference_from_a_reference_without_scale_is_infinitely_relative(
    tmp_path: Path, reference: float, variant: float
) -> None:
    result = _verdict(tmp_path, [(1.0, [0.1, reference])], [(1.0, [0.1, variant])])
    assert result.max_rel_diff == math.inf


def test_changed_initial_parameter_is_an_init_divergence(tmp_path: Path) -> None:
    result = _verdict(tmp_path, BASE, BASE, var_init=(0.5, 0.26))
    assert result.verdict == "diverged"
    assert result.first_divergence is not None
    assert (result.first_divergence.step, result.first_divergence.quantity) == (0, "init")
    assert result.first_divergence.parameter == "w[0][1]", "named from the reference's dict of matrices"
    assert (result.first_divergence.reference, result.first_divergence.variant) == (0.25, 0.26)


def test_parameter_count_mismatch(tmp_path: Path) -> None:
    ref = write_record(tmp_path / "ref", [0.5, 0.25], BASE, NAMES)
    var = write_record(tmp_path / "var", [0.5], [(1.0, [0.1])])
    result = records_verdict("v", 2, ref, var, Tolerance())
    assert result.verdict == "diverged"
    assert result.first_divergence is not None and result.first_divergence.quantity == "init"
    assert any("parameter count differs: reference 2, variant 1" in n for n in result.notes)


def test_different_draws_with_equal_numbers_diverge_on_samples(tmp_path: Path) -> None:
    result = _verdict(tmp_path, BASE, BASE, var_draws=array("q", [3, 1, 15, 0]))
    assert result.verdict == "diverged"
    assert result.first_divergence is not None
    assert (result.first_divergence.step, result.first_divergence.quantity) == (2, "samples")
    assert result.first_divergence.parameter == "draw 3"
    assert (result.first_divergence.reference, result.first_divergence.variant) == (14, 15)


def test_a_missing_draw_is_a_difference(tmp_path: Path) -> None:
    result = _verdict(tmp_path, BASE, BASE, var_draws=DRAWS[:3])
    assert result.first_divergence is not None and result.first_divergence.parameter == "draw 4"
    assert (result.first_divergence.reference, result.first_divergence.variant) == (0, None)


def test_growth_is_recorded_per_step(tmp_path: Path) -> None:
    var = [(1.0, [0.1, 0.0]), (0.9, [0.25, -0.3])]
    result = _verdict(tmp_path, BASE, var)
    assert result.grad_diff_by_step == (0.0, pytest.approx(0.05))
    assert result.loss_diff_by_step == (0.0, 0.0)


@pytest.mark.parametrize(
    ("a", "b", "ulps"),
    [
        pytest.param(1.0, 1.0, 0, id="equal"),
        pytest.param(0.0, -0.0, 0, id="signed-zeros"),
        pytest.param(1.0, math.nextafter(1.0, 2.0), 1, id="next-up"),
        pytest.param(-5e-324, 5e-324, 2, id="across-zero"),
        pytest.param(math.nan, math.nan, 0, id="nan-nan"),
        pytest.param(math.nan, 1.0, 2**64, id="nan-number"),
    ],
)
def test_ulp_distance(a: float, b: float, ulps: int) -> None:
    assert ulp_distance(a, b) == ulps


def test_truncated_record_counts_whole_steps_only(tmp_path: Path) -> None:
    record = write_record(tmp_path / "r", [0.5, 0.25], BASE)
    with open(record.path / "values.bin", "ab") as f:
        f.write(b"\0" * 12)  # a partly written third block
    assert Record.open(record.path).step_count == 2
    assert [values[0] for _, values in Record.open(record.path).steps()] == [1.0, 0.9]
