"""Pins on the checker's smaller parts, each added for a mutant that survived bench/mutation.sh.

The comparison's element-by-element path (steps holding NaN or infinities), the record's
length and header checks, printed-output comparison, the verdict's JSON form and one-line
description, and the harness's detection helpers.
"""

from __future__ import annotations

import math
import re
import struct
import sys
from array import array
from pathlib import Path

import pytest

from golf.engine import _harness
from golf.engine._harness import Recorder, RecordError
from golf.engine.equivalence import (
    Tolerance,
    compare_records,
    draws_difference,
    first_output_difference,
    output_verdict,
    records_verdict,
    sample_lines,
)
from golf.engine.record import Record, RecordFormatError, write_record
from golf.engine.verdict import Difference, Verdict, describe, verdict_from_dict

NAMES = ["w[0][0]", "w[0][1]", "w[1][0]"]
STEPS = [(3.0, [0.5, -0.25, 2.0]), (2.75, [0.125, 1.5, -4.0]), (2.5, [1.0, 2.0, 3.0])]
STDOUT = "num docs: 3\nstep    3 /    3 | loss 2.5000\n--- inference ---\nsample  1: ann\nsample  2: bo: b\n"


def _pair(tmp_path: Path, var_steps, ref_steps=STEPS, var_init=(0.1, 0.2, 0.3)):
    ref = write_record(tmp_path / "ref", [0.1, 0.2, 0.3], ref_steps, NAMES)
    var = write_record(tmp_path / "var", list(var_init), var_steps, None)
    return ref, var


def _verdict(tmp_path: Path, var_steps, ref_steps=STEPS, var_out=STDOUT, **kwargs) -> Verdict:
    ref, var = _pair(tmp_path, var_steps, ref_steps)
    return records_verdict("v", len(ref_steps), ref, var, Tolerance(), **kwargs)


def _nan(payload: int) -> float:
    """A quiet NaN with its own bit pattern (NaNs with different payloads are equal only as NaN)."""
    return struct.unpack("<d", struct.pack("<q", 0x7FF8000000000000 | payload))[0]


@pytest.mark.parametrize(
    ("a", "b", "within"),
    [
        pytest.param(1.0, 1.0, True, id="equal"),
        pytest.param(math.inf, math.inf, True, id="same-infinity"),
        pytest.param(math.nan, math.nan, True, id="nan-nan"),
        pytest.param(math.nan, 1.0, False, id="nan-number"),
        pytest.param(1.0, math.nan, False, id="number-nan"),
        pytest.param(math.inf, -math.inf, False, id="opposite-infinities"),
        pytest.param(math.inf, 1e308, False, id="infinity-number"),
        pytest.param(1e308, math.inf, False, id="number-infinity"),
        pytest.param(2.0, 3.25, True, id="exactly-on-the-bound"),
        pytest.param(2.0, 0.75, True, id="exactly-on-the-bound-below"),
        pytest.param(2.0, math.nextafter(3.25, 4.0), False, id="just-beyond-the-bound"),
        pytest.param(-2.0, -3.0, True, id="negative-reference-uses-its-magnitude"),
        pytest.param(0.5, 1.5, False, id="bound-scales-with-the-reference"),
    ],
)
def test_tolerance_within(a: float, b: float, within: bool) -> None:
    # atol 0.25 and rtol 0.5 are exact in binary, so the bound for a = 2.0 is exactly 1.25.
    assert Tolerance(rtol=0.5, atol=0.25).within(a, b) is within


def test_identical_records_have_no_difference_at_all(tmp_path: Path) -> None:
    result = _verdict(tmp_path, STEPS)
    assert result.verdict == "identical"
    assert (result.max_abs_diff, result.max_rel_diff, result.max_ulp_diff) == (0.0, 0.0, 0)
    assert result.losses == (3.0, 2.75, 2.5)
    assert result.steps == 3 and result.known_bad is False
    assert result.loss_diff_by_step == result.grad_diff_by_step == (0.0, 0.0, 0.0)
    assert _verdict(tmp_path / "bad", STEPS, known_bad=True).known_bad is True


def test_nan_payloads_differ_in_bits_only(tmp_path: Path) -> None:
    # Two NaNs with different payloads: not bit-equal (so not identical), but equal as values (so close).
    steps = [STEPS[0], (2.75, [0.125, _nan(1), -4.0]), STEPS[2]]
    var = [STEPS[0], (2.75, [0.125, _nan(2), -4.0]), STEPS[2]]
    result = _verdict(tmp_path, var, ref_steps=steps)
    assert result.verdict == "close"
    assert (result.first_bit_difference.step, result.first_bit_difference.parameter) == (2, "w[0][1]")
    assert (result.max_abs_diff, result.max_rel_diff, result.max_ulp_diff) == (0.0, 0.0, 0)
    assert result.grad_diff_by_step == (0.0, 0.0, 0.0)


def test_element_by_element_figures(tmp_path: Path) -> None:
    # A NaN-payload pair sends step 2 down the element-by-element path; the other differences are plain.
    steps = [STEPS[0], (2.75, [0.125, _nan(1), -4.0]), STEPS[2]]
    var = [STEPS[0], (2.75, [0.0, _nan(2), -5.0]), STEPS[2]]
    result = _verdict(tmp_path, var, ref_steps=steps)
    assert result.verdict == "diverged"
    assert result.first_divergence == Difference(2, "grad", "w[0][0]", 0.125, 0.0)
    assert result.max_abs_diff == 1.0  # |-4 - -5|; 0.125 - 0.0 is smaller
    assert result.max_rel_diff == 1.0  # 0.125 / 0.125
    assert result.grad_diff_by_step == (0.0, 1.0, 0.0)


def test_element_by_element_keeps_the_first_divergence(tmp_path: Path) -> None:
    steps = [STEPS[0], (2.75, [0.125, _nan(1), -4.0]), STEPS[2]]
    var = [STEPS[0], (2.75, [0.125, _nan(2), -5.0]), (2.5, [1.5, math.nan, 3.0])]
    result = _verdict(tmp_path, var, ref_steps=steps)
    assert result.first_divergence == Difference(2, "grad", "w[1][0]", -4.0, -5.0)
    assert result.grad_diff_by_step == (0.0, 1.0, math.inf)
    assert result.max_rel_diff == math.inf


@pytest.mark.parametrize(
    ("ref", "var", "max_abs", "max_rel"),
    [
        pytest.param(0.0, 0.5, 0.5, math.inf, id="from-zero"),
        pytest.param(-2.0, -3.0, 1.0, 0.5, id="negative"),
        pytest.param(1e308, -1e308, math.inf, math.inf, id="overflowing-difference"),
        pytest.param(1.0, math.nan, math.inf, math.inf, id="number-against-nan"),
        pytest.param(1.0, math.inf, math.inf, math.inf, id="number-against-infinity"),
    ],
)
def test_largest_differences(tmp_path: Path, ref: float, var: float, max_abs: float, max_rel: float) -> None:
    steps = [(3.0, [0.5, ref, 2.0])]
    result = _verdict(tmp_path, [(3.0, [0.5, var, 2.0])], ref_steps=steps, var_out=STDOUT)
    assert (result.max_abs_diff, result.max_rel_diff) == (max_abs, max_rel)
    assert result.first_divergence.parameter == "w[0][1]"
    assert result.first_divergence.reference == ref


def test_zero_reference_among_other_differences(tmp_path: Path) -> None:
    result = _verdict(tmp_path / "a", [(3.0, [0.75, -0.25, 2.0])], ref_steps=[(3.0, [0.5, -0.25, 2.0])])
    assert result.max_rel_diff == 0.5
    # 0.0 against -0.0 differs in its bits only: it adds nothing to the relative difference.
    steps = [(3.0, [2.0, 0.0, 2.0])]
    result = _verdict(tmp_path / "b", [(3.0, [3.0, -0.0, 2.0])], ref_steps=steps)
    assert result.max_rel_diff == 0.5
    steps = [(3.0, [2.0, 0.0, _nan(1)])]  # the same, element by element
    result = _verdict(tmp_path / "c", [(3.0, [2.5, -0.0, _nan(2)])], ref_steps=steps)
    assert result.max_rel_diff == 0.25


def test_parameter_count_mismatch_in_full(tmp_path: Path) -> None:
    ref = write_record(tmp_path / "ref", [0.1, 0.2, 0.3], STEPS, NAMES)
    var = write_record(tmp_path / "var", [0.1, 0.2], [(3.5, [0.0, 0.0]), (3.25, [0.0, 0.0])])
    tally, losses, loss_diffs, grad_diffs, message = compare_records(ref, var, Tolerance())
    assert tally.first_bit == tally.first_divergence == Difference(0, "init", None, 3, 2)
    assert (tally.max_abs, tally.max_rel) == (math.inf, math.inf)
    assert losses == [3.5, 3.25]
    assert (loss_diffs, grad_diffs) == ([], [])
    assert message == "parameter count differs: reference 3, variant 2"


@pytest.mark.parametrize(
    ("var_steps", "first", "message", "losses"),
    [
        pytest.param(
            STEPS[:2],
            Difference(3, "loss", None, 2.5, None),
            "the variant recorded only 2 steps (reference 3, variant 2)",
            [3.0, 2.75],
            id="variant-shorter",
        ),
        pytest.param(
            [*STEPS, (2.25, [0.0, 0.0, 0.0])],
            Difference(4, "loss", None, None, 2.25),
            "the reference recorded only 3 steps (reference 3, variant 4)",
            [3.0, 2.75, 2.5],
            id="variant-longer",
        ),
    ],
)
def test_records_of_different_lengths(tmp_path: Path, var_steps, first: Difference, message: str, losses) -> None:
    ref, var = _pair(tmp_path, var_steps)
    tally, got_losses, *_, got_message = compare_records(ref, var, Tolerance())
    assert tally.first_bit == tally.first_divergence == first
    assert got_message == message
    assert got_losses == losses
    result = records_verdict("v", 3, ref, var, Tolerance())
    assert result.notes == (message,)
    assert result.first_divergence == first


def test_a_one_ulp_difference_then_a_shorter_variant(tmp_path: Path) -> None:
    var = [STEPS[0], (2.75, [0.125, math.nextafter(1.5, 2.0), -4.0])]
    tally, *_ = compare_records(*_pair(tmp_path, var), Tolerance())
    assert tally.first_bit == Difference(2, "grad", "w[0][1]", 1.5, math.nextafter(1.5, 2.0))
    assert tally.first_divergence == Difference(3, "loss", None, 2.5, None)


@pytest.mark.parametrize(
    ("reference", "variant", "expected"),
    [
        pytest.param("a\nb\n", "a\nb\n", None, id="same"),
        pytest.param("a\rb\n", "a\nc\n", Difference(0, "output", "line 2", "b", "c"), id="carriage-return-ends-a-line"),
        pytest.param("a\nb\n", "a\rc\n", Difference(0, "output", "line 2", "b", "c"), id="variant-carriage-return"),
        pytest.param("x\n", "y\n", Difference(0, "output", "line 1", "x", "y"), id="first-line"),
        pytest.param(
            "a\nsample 1: x\n", "a\nsample 1: y\n", Difference(0, "samples", "line 2", "sample 1: x", "sample 1: y")
        ),
        pytest.param("a\n", "a\nsample 2: z\n", Difference(0, "samples", "line 2", None, "sample 2: z"), id="extra"),
        pytest.param("a\nsample 2: z\n", "a\n", Difference(0, "samples", "line 2", "sample 2: z", None), id="missing"),
        pytest.param("a\nnote\n", "a\n", Difference(0, "output", "line 2", "note", None), id="missing-output"),
        pytest.param("a\n", "a\n\n", Difference(0, "output", "line 2", None, ""), id="extra-blank-line"),
    ],
)
def test_first_output_difference(reference: str, variant: str, expected: Difference | None) -> None:
    assert first_output_difference(reference, variant) == expected


def test_a_draw_difference_is_placed_after_the_last_step(tmp_path: Path) -> None:
    ref, var = _pair(tmp_path, STEPS)
    draws = draws_difference(array("q", [4, 1, 9]), array("q", [4, 2, 9]), len(STEPS))
    result = records_verdict("v", len(STEPS), ref, var, Tolerance(), draws)
    assert result.first_divergence == Difference(3, "samples", "draw 2", 1, 2)


@pytest.mark.parametrize(
    ("stdout", "samples"),
    [
        pytest.param("sample  1: ann\rsample  2: bo\n", ["ann", "bo"], id="carriage-returns"),
        pytest.param("sample 1: a: b\n", ["a: b"], id="colon-in-sample"),
        pytest.param("samples: x\nresample 1: y\nsample 3\n", [], id="not-sample-lines"),
        pytest.param("  sample 4:  spaced  \n", ["spaced"], id="surrounding-space"),
    ],
)
def test_sample_lines(stdout: str, samples: list[str]) -> None:
    assert sample_lines(stdout) == samples


def test_output_verdict() -> None:
    same = output_verdict("v", 5, None)
    assert (same.verdict, same.steps, same.known_bad, same.first_divergence) == ("output-only", 5, False, None)
    assert any("only the random draws and the printed output were compared" in n for n in same.notes)
    assert not same.caught and not same.equivalent
    draw = Difference(0, "samples", "draw 4", 3, 11)
    other = output_verdict("v", 5, draw, known_bad=True)
    assert (other.verdict, other.known_bad) == ("diverged", True)
    assert other.first_divergence == other.first_bit_difference == draw
    assert other.variant == "v"


@pytest.mark.parametrize(
    ("diff", "line"),
    [
        pytest.param(None, "", id="none"),
        pytest.param(Difference(3, "grad", "w[0][1]", 0.1, 0.2), "step 3 grad w[0][1]: 0.1 vs 0.2", id="grad"),
        pytest.param(Difference(2, "loss", None, 1.5, None), "step 2 loss: 1.5 vs none", id="loss-missing"),
        pytest.param(Difference(0, "init", "w[1][0]", None, 0.5), "init w[1][0]: none vs 0.5", id="init"),
        pytest.param(Difference(0, "output", "line 2", "a", "b"), "output line 2: 'a' vs 'b'", id="output"),
    ],
)
def test_describe(diff: Difference | None, line: str) -> None:
    assert describe(diff) == line


def test_verdict_json_round_trip_keeps_special_floats() -> None:
    verdict = Verdict(
        "broken/x",
        "diverged",
        3,
        known_bad=True,
        first_bit_difference=Difference(1, "grad", "w[0][1]", math.nan, 0.5),
        first_divergence=Difference(2, "loss", None, math.inf, -math.inf),
        max_abs_diff=math.inf,
        max_rel_diff=0.25,
        max_ulp_diff=7,
        grad_diff_by_step=(0.0, math.inf),
        loss_diff_by_step=(0.0, 1.5),
        losses=(3.0, math.nan),
        samples=("ann",),
        notes=("n",),
        seconds=1.5,
    )
    data = verdict.to_dict()
    assert data["first_divergence"] == {
        "step": 2,
        "quantity": "loss",
        "parameter": None,
        "reference": "inf",
        "variant": "-inf",
        "cell": None,
    }
    assert data["first_bit_difference"]["reference"] == "nan"
    assert (data["max_abs_diff"], data["max_rel_diff"], data["losses"]) == ("inf", 0.25, [3.0, "nan"])
    assert data["grad_diff_by_step"] == [0.0, "inf"]
    back = verdict_from_dict(data)
    assert math.isnan(back.first_bit_difference.reference) and math.isnan(back.losses[1])
    assert back == Verdict(**{**back.__dict__})
    assert back.first_divergence == verdict.first_divergence
    assert back.grad_diff_by_step == verdict.grad_diff_by_step
    expected = {**verdict.__dict__, "first_bit_difference": None, "losses": None}
    assert {**back.__dict__, "first_bit_difference": None, "losses": None} == expected
    assert verdict_from_dict(Verdict("x", "identical", 1).to_dict()) == Verdict("x", "identical", 1)


def test_record_header_checks(tmp_path: Path) -> None:
    record = write_record(tmp_path / "r", [0.5], [(1.0, [0.25])])
    values = record.path / "values.bin"
    raw = values.read_bytes()
    values.write_bytes(b"GOLFREC0" + raw[8:])
    with pytest.raises(RecordFormatError, match=r"values\.bin: not a golf record \(bad header\)"):
        Record.open(record.path)
    values.write_bytes(raw[:12])
    with pytest.raises(RecordFormatError, match="bad header"):
        Record.open(record.path)


def test_record_without_names_and_rewritten(tmp_path: Path) -> None:
    record = write_record(tmp_path / "r", [0.5, 0.25], [(1.0, [0.25, 0.5])], ["a[0]", "a[1]"])
    record = write_record(tmp_path / "r", [0.5, 0.25], [(1.0, [0.25, 0.5]), (0.5, [0.0, 0.0])])  # same folder again
    assert record.step_count == 2 and record.losses() == [1.0, 0.5]
    (record.path / "names.json").unlink()
    opened = Record.open(record.path)
    assert opened.names is None and opened.name(1) == "params[1]"
    with pytest.raises(ValueError, match="a step has 1 gradients for 2 parameters"):
        write_record(tmp_path / "bad", [0.5, 0.25], [(1.0, [0.25])])


class _Plain:
    """A node without slots: its attributes live in __dict__."""

    def __init__(self, data: float) -> None:
        self.data = data
        self.grad = 0.0


class _OneSlot:
    __slots__ = "value"

    def __init__(self) -> None:
        self.value = 2.0


@pytest.mark.parametrize(
    ("node", "grad_attr", "expected"),
    [
        pytest.param(_Plain(1.0), "grad", "data", id="dict-attributes"),
        pytest.param(_OneSlot(), "grad", "value", id="slots-as-a-string"),
    ],
)
def test_find_data_attr(node: object, grad_attr: str, expected: str) -> None:
    assert _harness._find_data_attr(node, grad_attr) == expected


def test_find_data_attr_without_candidates() -> None:
    node = _Plain(1.0)
    node.data = 1  # an int is not a candidate
    with pytest.raises(RecordError, match=r"\(candidates: none\); name it with --data-attr ATTR"):
        _harness._find_data_attr(node, "grad")


def test_find_params() -> None:
    a, b, c = [_Plain(1.0) for _ in range(3)], [_Plain(2.0) for _ in range(3)], [_Plain(3.0) for _ in range(2)]
    assert _harness._find_params([{"short": c, "params": a, "alias": a}, {"params": a}], _Plain) is a
    assert _harness._find_params([{"x": 3, "short": c, "mixed": [*a, 1]}], _Plain) is c
    with pytest.raises(RecordError, match=r"several lists could be the parameters \(a, b\); choose with --params NAME"):
        _harness._find_params([{"a": a, "b": b, "c": c}], _Plain)
    with pytest.raises(
        RecordError, match="^no list of autograd nodes found for the parameters; name it with --params NAME$"
    ):
        _harness._find_params([{"empty": [], "ints": [1, 2]}], _Plain)


def test_param_names_of_vectors_and_matrices() -> None:
    w = [[_Plain(1.0), _Plain(2.0)], [_Plain(3.0), _Plain(4.0)]]
    bias = [_Plain(5.0), _Plain(6.0)]
    params = [*w[0], *w[1], *bias]
    names = _harness._param_names([{"other": {"x": [[object()]]}, "sd": {"w": w, "bias": bias}}], params, _Plain)
    assert names == ["w[0][0]", "w[0][1]", "w[1][0]", "w[1][1]", "bias[0]", "bias[1]"]
    assert _harness._param_names([{"sd": {"w": w}}], params, _Plain) is None, "a dict that misses some is no names"
    stranger = [[_Plain(9.0), *w[0]]]
    assert _harness._param_names([{"sd": {"s": stranger, "w": w, "bias": bias}}], params, _Plain) == names


@pytest.mark.parametrize(
    ("loss", "params", "grad_attr", "message"),
    [
        pytest.param(_Plain("x"), [_Plain(1.0)], "grad", "the loss is a str, not a number", id="loss"),
        pytest.param(
            _Plain(3.0), [_Plain(1.0), _Plain([])], "grad", "the initial value of params[1] is a list", id="init"
        ),
        pytest.param(
            _Plain(3.0), [_Plain(1.0)], "g", "a parameter has no attribute .g; name it with --grad-attr", id="attr"
        ),
    ],
)
def test_recorder_says_which_value_is_not_a_number(tmp_path: Path, loss, params, grad_attr: str, message: str) -> None:
    recorder = Recorder(str(tmp_path), grad_attr, "data")
    with pytest.raises(SystemExit, match="^" + re.escape(f"golf: cannot record this variant: {message}")):
        recorder.record(loss, lambda: params, sys._getframe())
    assert (tmp_path / "error.txt").read_text().startswith(message)
    if recorder.file is not None:
        recorder.file.close()


def test_recorder_names_a_gradient_that_is_not_a_number(tmp_path: Path) -> None:
    params = [_Plain(1.0), _Plain(2.0)]
    params[1].grad = None
    recorder = Recorder(str(tmp_path), "grad", "data")
    with pytest.raises(SystemExit, match="the gradient of params\\[1\\] is a NoneType, not a number"):
        recorder.record(_Plain(3.0), lambda: params, sys._getframe())
    recorder.file.close()


def test_recorder_counts_its_steps(tmp_path: Path) -> None:
    params = [_Plain(1.0), _Plain(2.0)]
    recorder = Recorder(str(tmp_path), "grad", "data")
    assert (recorder.count, recorder.data_attr) == (0, "data")
    for _ in range(3):
        recorder.record(_Plain(3.0), lambda: params, sys._getframe())
    recorder.file.close()
    assert recorder.count == 3
    assert Record.open(tmp_path).step_count == 3


@pytest.mark.parametrize("name", ["golf", "golf.engine", "golf.engine.check"])
def test_the_workbench_hides_itself_from_variants(name: str) -> None:
    with pytest.raises(ModuleNotFoundError, match=f"No module named '{name}' \\({_harness.NO_WORKBENCH}\\)") as caught:
        _harness._NoWorkbench.find_spec(name)
    assert caught.value.name == name


@pytest.mark.parametrize("name", ["golfer", "math", "go"])
def test_other_modules_are_not_hidden(name: str) -> None:
    assert _harness._NoWorkbench.find_spec(name) is None
