"""Pins on the checker itself, on hand-made records: one ULP is never `identical`, and differences are named exactly.

Each test is aimed at a fault that once slipped through the checker's tests (issue 16): a 1-ULP
difference treated as equal, the first differing position named instead of the first one beyond
the tolerance, the last differing position reported as the first, a wrong ULP count across zero,
"caught" accepting `identical` or `output-only`, the recorder dropping the last parameter, and
parameter names with row and column swapped. The layout has matrices of unequal sides, so a swapped
or shifted name is a name that does not exist or names another parameter.
"""

from __future__ import annotations

import math
import sys
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from golf.commands.check import print_table
from golf.engine._harness import Recorder
from golf.engine.equivalence import Tolerance, records_verdict
from golf.engine.record import Record, write_record
from golf.engine.verdict import VERDICTS, Difference, Verdict

#: A small state dict, row by row: wte 3x2, wpe 2x2, mlp_fc2 2x4 (18 parameters).
NAMES = [
    *(f"wte[{r}][{c}]" for r in range(3) for c in range(2)),
    *(f"wpe[{r}][{c}]" for r in range(2) for c in range(2)),
    *(f"mlp_fc2[{r}][{c}]" for r in range(2) for c in range(4)),
]
N = len(NAMES)
INITIAL = [0.01 * (i + 1) * (-1) ** i for i in range(N)]
#: Three steps: a loss and N gradients each, all distinct and of both signs.
STEPS = [(3.0 - 0.25 * s, [(s + 1) * 0.137 * (i - 7.5) for i in range(N)]) for s in range(3)]
STDOUT = "num docs: 3\nstep    3 /    3 | loss 2.5000\rsample  1: ann\n"
BIG = 1e-3  # far beyond the default tolerance for values of this size


def test_layout_names_are_row_major_with_unequal_sides() -> None:
    # Pinned independently of the comprehension above, so the tests below name what they think they name.
    assert NAMES[5] == "wte[2][1]"
    assert NAMES[12] == "mlp_fc2[0][2]"
    assert NAMES[-1] == "mlp_fc2[1][3]"
    assert N == 18


def _changed(changes: list[tuple[int, str, int, float]]) -> tuple[list[float], list[tuple[float, list[float]]]]:
    """The record with `changes` applied: (step or 0 for init, "loss"/"grad"/"init", index, new value or ULP count).

    A value given as an int is a count of ULPs to step away from the reference (sign: direction).
    """
    initial = list(INITIAL)
    steps = [(loss, list(grads)) for loss, grads in STEPS]

    def moved(old: float, change: float) -> float:
        if isinstance(change, int):
            for _ in range(abs(change)):
                old = math.nextafter(old, math.copysign(math.inf, change))
            return old
        return old + change

    for step, quantity, index, change in changes:
        if quantity == "init":
            initial[index] = moved(initial[index], change)
        elif quantity == "loss":
            loss, grads = steps[step - 1]
            steps[step - 1] = (moved(loss, change), grads)
        else:
            steps[step - 1][1][index] = moved(steps[step - 1][1][index], change)
    return initial, steps


def _verdict(tmp_path: Path, changes: list[tuple[int, str, int, float]]) -> Verdict:
    reference = write_record(tmp_path / "ref", INITIAL, STEPS, NAMES)
    initial, steps = _changed(changes)
    variant = write_record(tmp_path / "var", initial, steps, None)
    return records_verdict("v", 3, reference, variant, Tolerance())


def _where(diff: Difference | None) -> tuple[int, str, str | None] | None:
    return None if diff is None else (diff.step, diff.quantity, diff.parameter)


def _value(step: int, quantity: str, index: int) -> float:
    if quantity == "init":
        return INITIAL[index]
    return STEPS[step - 1][0] if quantity == "loss" else STEPS[step - 1][1][index]


@pytest.mark.parametrize(
    ("step", "quantity", "index", "ulps", "name"),
    [
        pytest.param(1, "grad", 0, 1, "wte[0][0]", id="grad-first-parameter-step1"),
        pytest.param(2, "grad", 5, 1, "wte[2][1]", id="grad-row-not-column-step2"),
        pytest.param(2, "grad", 5, -1, "wte[2][1]", id="grad-one-ulp-down"),
        pytest.param(3, "grad", N - 1, 1, "mlp_fc2[1][3]", id="grad-last-of-last-matrix-last-step"),
        pytest.param(1, "grad", 12, 1, "mlp_fc2[0][2]", id="grad-first-row-of-last-matrix"),
        pytest.param(1, "loss", 0, 1, None, id="loss-step1"),
        pytest.param(3, "loss", 0, -1, None, id="loss-last-step"),
        pytest.param(0, "init", N - 1, 1, "mlp_fc2[1][3]", id="init-last-parameter"),
        pytest.param(0, "init", 7, 1, "wpe[0][1]", id="init-row-not-column"),
    ],
)
def test_one_ulp_is_close_not_identical_and_named(
    tmp_path: Path, step: int, quantity: str, index: int, ulps: int, name: str | None
) -> None:
    result = _verdict(tmp_path, [(step, quantity, index, ulps)])
    assert result.verdict == "close"
    assert result.caught and result.equivalent
    old = _value(step, quantity, index)
    new = math.nextafter(old, math.copysign(math.inf, ulps))
    assert result.first_bit_difference == Difference(step, quantity, name, old, new)
    assert result.first_divergence is None
    assert result.max_ulp_diff == 1
    assert result.max_abs_diff == abs(new - old) > 0
    assert result.max_rel_diff == abs(new - old) / abs(old)
    if quantity != "init":
        expected = [0.0, 0.0, 0.0]
        expected[step - 1] = abs(new - old)
        by_step = result.loss_diff_by_step if quantity == "loss" else result.grad_diff_by_step
        other = result.grad_diff_by_step if quantity == "loss" else result.loss_diff_by_step
        assert list(by_step) == expected
        assert list(other) == [0.0, 0.0, 0.0]


@pytest.mark.parametrize(
    ("changes", "verdict", "first_bit", "first_divergence"),
    [
        pytest.param(
            [(1, "grad", 3, 1), (2, "grad", 12, BIG)],
            "diverged",
            (1, "grad", "wte[1][1]"),
            (2, "grad", "mlp_fc2[0][2]"),
            id="ulp-step1-then-beyond-tolerance-step2",
        ),
        pytest.param(
            [(2, "grad", 3, 1), (2, "grad", 12, BIG)],
            "diverged",
            (2, "grad", "wte[1][1]"),
            (2, "grad", "mlp_fc2[0][2]"),
            id="ulp-then-beyond-tolerance-same-step",
        ),
        pytest.param(
            [(1, "grad", 17, BIG), (1, "grad", 0, 1)],
            "diverged",
            (1, "grad", "wte[0][0]"),
            (1, "grad", "mlp_fc2[1][3]"),
            id="beyond-tolerance-last-ulp-first",
        ),
        pytest.param(
            [(2, "grad", 5, BIG), (2, "grad", 9, BIG), (2, "grad", 17, BIG)],
            "diverged",
            (2, "grad", "wte[2][1]"),
            (2, "grad", "wte[2][1]"),
            id="three-beyond-tolerance-first-named",
        ),
        pytest.param(
            [(1, "grad", 5, 1), (1, "grad", 17, 2)],
            "close",
            (1, "grad", "wte[2][1]"),
            None,
            id="two-ulp-differences-first-named",
        ),
        pytest.param(
            [(3, "grad", 1, BIG), (2, "grad", 16, BIG)],
            "diverged",
            (2, "grad", "mlp_fc2[1][2]"),
            (2, "grad", "mlp_fc2[1][2]"),
            id="earlier-step-wins-over-earlier-index",
        ),
        pytest.param(
            [(3, "grad", 0, BIG), (3, "loss", 0, BIG)],
            "diverged",
            (3, "loss", None),
            (3, "loss", None),
            id="loss-before-gradients-of-its-step",
        ),
        pytest.param(
            [(1, "grad", 4, 1), (3, "loss", 0, 1.0)],
            "diverged",
            (1, "grad", "wte[2][0]"),
            (3, "loss", None),
            id="ulp-gradient-then-loss-beyond-tolerance",
        ),
        pytest.param(
            [(0, "init", 2, 1), (0, "init", 11, BIG)],
            "diverged",
            (0, "init", "wte[1][0]"),
            (0, "init", "mlp_fc2[0][1]"),
            id="init-ulp-then-beyond-tolerance",
        ),
        pytest.param(
            [(0, "init", 11, 1), (1, "grad", 0, BIG)],
            "diverged",
            (0, "init", "mlp_fc2[0][1]"),
            (1, "grad", "wte[0][0]"),
            id="init-before-step1",
        ),
    ],
)
def test_first_bit_and_first_divergence_are_each_the_earliest(
    tmp_path: Path, changes, verdict: str, first_bit, first_divergence
) -> None:
    result = _verdict(tmp_path, changes)
    assert result.verdict == verdict
    assert _where(result.first_bit_difference) == first_bit
    assert _where(result.first_divergence) == first_divergence
    # Both values are the ones at that place: the reference's and the changed variant's.
    initial, steps = _changed(changes)
    for diff in (result.first_bit_difference, result.first_divergence):
        if diff is None:
            continue
        index = NAMES.index(diff.parameter) if diff.parameter else 0
        assert diff.reference == _value(diff.step, diff.quantity, index)
        if diff.quantity == "init":
            assert diff.variant == initial[index]
        else:
            assert diff.variant == (
                steps[diff.step - 1][0] if diff.quantity == "loss" else steps[diff.step - 1][1][index]
            )


def test_tolerance_edge_is_close_just_beyond_is_diverged(tmp_path: Path) -> None:
    # |a - b| <= atol + rtol * |a| is `close`; the next double beyond that bound is not.
    tolerance = Tolerance()
    a = STEPS[0][1][0]
    bound = tolerance.atol + tolerance.rtol * abs(a)
    inside = a + bound * 0.5
    assert _verdict(tmp_path / "in", [(1, "grad", 0, inside - a)]).verdict == "close"
    outside = _verdict(tmp_path / "out", [(1, "grad", 0, bound * 2)])
    assert outside.verdict == "diverged"
    assert _where(outside.first_divergence) == (1, "grad", "wte[0][0]")


# ULPs across zero, on the path the report's `max ulp` column reads (Verdict.max_ulp_diff).
ONE_UP_FROM_ZERO = 5e-324
ULPS_OF_ONE = 0x3FF0000000000000  # 1.0's bit pattern: the doubles between 0.0 and 1.0, plus one


@pytest.mark.parametrize(
    ("reference", "variant", "ulps"),
    [
        pytest.param(ONE_UP_FROM_ZERO, -ONE_UP_FROM_ZERO, 2, id="smallest-subnormals"),
        pytest.param(-ONE_UP_FROM_ZERO, ONE_UP_FROM_ZERO, 2, id="smallest-subnormals-reversed"),
        pytest.param(0.0, -ONE_UP_FROM_ZERO, 1, id="zero-to-negative"),
        pytest.param(-0.0, ONE_UP_FROM_ZERO, 1, id="negative-zero-to-positive"),
        pytest.param(1.0, -1.0, 2 * ULPS_OF_ONE, id="one-to-minus-one"),
        pytest.param(-1.0, 2 * ONE_UP_FROM_ZERO, ULPS_OF_ONE + 2, id="minus-one-to-two-subnormals"),
        pytest.param(1.0, math.nextafter(1.0, 2.0), 1, id="same-sign"),
        pytest.param(-1.0, math.nextafter(-1.0, -2.0), 1, id="same-sign-negative"),
    ],
)
@pytest.mark.parametrize("with_nan", [False, True], ids=["vectorised", "with-nan-one-by-one"])
def test_ulp_count_across_zero_as_reported(
    tmp_path: Path, reference: float, variant: float, ulps: int, with_nan: bool
) -> None:
    ref_steps = [(1.0, [0.5, reference, 0.25])]
    var_steps = [(1.0, [0.5, variant, 0.25])]
    if with_nan:  # a NaN elsewhere in the step sends the comparison down its element-by-element path
        ref_steps[0][1][2] = var_steps[0][1][2] = math.nan
        ref_steps[0][1][0], var_steps[0][1][0] = 0.5, math.nan
    ref = write_record(tmp_path / "ref", [0.0, 0.0, 0.0], ref_steps, ["w[0][0]", "w[0][1]", "w[0][2]"])
    var = write_record(tmp_path / "var", [0.0, 0.0, 0.0], var_steps, None)
    result = records_verdict("v", 1, ref, var, Tolerance())
    expected = 2**64 if with_nan else ulps  # a NaN against a number counts as 2**64 ULPs
    assert result.max_ulp_diff == expected
    assert result.to_dict()["max_ulp_diff"] == expected
    assert _where(result.first_bit_difference) == (1, "grad", "w[0][0]" if with_nan else "w[0][1]")
    if not with_nan:
        console = Console(file=StringIO(), width=200)
        print_table([result], console)
        shown = f"{ulps:.3g}" if ulps >= 1e6 else str(ulps)
        assert f" {shown} " in console.file.getvalue()


def test_largest_ulp_count_wins_when_some_differences_cross_zero(tmp_path: Path) -> None:
    # Same-sign differences of 3 and 1 ULPs, and one of 2 across zero, in one step.
    three_up = math.nextafter(math.nextafter(math.nextafter(0.5, 1), 1), 1)
    ref = write_record(tmp_path / "ref", [0.0] * 4, [(1.0, [0.5, ONE_UP_FROM_ZERO, 0.25, 0.125])], NAMES[:4])
    var_values = [three_up, -ONE_UP_FROM_ZERO, 0.25, math.nextafter(0.125, 1)]
    var = write_record(tmp_path / "var", [0.0] * 4, [(1.0, var_values)], None)
    assert records_verdict("v", 1, ref, var, Tolerance()).max_ulp_diff == 3
    var = write_record(tmp_path / "var2", [0.0] * 4, [(1.0, [0.5, -ONE_UP_FROM_ZERO, 0.25, 0.125])], None)
    assert records_verdict("v", 1, ref, var, Tolerance()).max_ulp_diff == 2


@pytest.mark.parametrize(
    ("verdict", "caught", "equivalent"),
    [
        pytest.param("identical", False, True, id="identical"),
        pytest.param("close", True, True, id="close"),
        pytest.param("output-only", False, False, id="output-only"),
        pytest.param("diverged", True, False, id="diverged"),
        pytest.param("failed", True, False, id="failed"),
    ],
)
def test_caught_rule(verdict: str, caught: bool, equivalent: bool) -> None:
    assert verdict in VERDICTS
    known_bad = Verdict("broken/x", verdict, 1, known_bad=True)
    normal = Verdict("x", verdict, 1)
    assert known_bad.caught is caught
    assert known_bad.as_expected is caught, "a known-bad variant is as expected exactly when it is caught"
    assert normal.equivalent is equivalent
    assert normal.as_expected is equivalent


class _Node:
    """A stand-in for a script's autograd node: a value and a gradient."""

    __slots__ = ("data", "grad")

    def __init__(self, data: float, grad: float = 0.0):
        self.data = data
        self.grad = grad


def _record_like_a_script(record_dir: Path, steps: int) -> list[_Node]:
    """Record the way an instrumented script does, with this frame (holding a dict of matrices) as the caller's.

    The frame is passed to the recorder's `_record` directly, as its `__call__` does with the caller's
    frame, so the test also holds where a tool wraps `__call__` in frames of its own (mutmut).
    """
    shapes = {"wte": (3, 2), "wpe": (2, 2), "mlp_fc2": (2, 4)}
    counter = iter(range(1, 1000))
    state_dict = {
        key: [[_Node(0.01 * next(counter)) for _ in range(c)] for _ in range(r)] for key, (r, c) in shapes.items()
    }
    params = [p for mat in state_dict.values() for row in mat for p in row]
    recorder = Recorder(str(record_dir), "grad", "data")
    try:
        for step in range(1, steps + 1):
            for i, p in enumerate(params):
                p.grad = step * 0.5 + i * 0.03125
            recorder._record(_Node(3.0 - step * 0.25), lambda: None, sys._getframe())  # params: this frame's list
    finally:
        recorder.file.close()
    return params


def test_recorder_writes_every_parameter_with_its_row_and_column(tmp_path: Path) -> None:
    params = _record_like_a_script(tmp_path, steps=2)
    record = Record.open(tmp_path)
    assert record.n_params == N
    assert record.names == tuple(NAMES)
    assert record.step_count == 2
    assert list(record.initial()) == [p.data for p in params]
    assert record.initial()[-1] == 0.18, "the last parameter of the last matrix is recorded"
    steps = [list(values) for _, values in record.steps()]
    assert [s[0] for s in steps] == [2.75, 2.5]
    assert steps[1][1:] == [1.0 + i * 0.03125 for i in range(N)]
    assert steps[0][-1] == 0.5 + 17 * 0.03125
    assert (record.name(5), record.name(N - 1)) == ("wte[2][1]", "mlp_fc2[1][3]")
    assert record.name(N) == f"params[{N}]", "past the names: the position in the parameter list"


class _TwoFloats:
    __slots__ = ("data", "other", "grad")

    def __init__(self) -> None:
        self.data, self.other, self.grad = 1.0, 2.0, 0.0


def test_recorder_says_what_it_cannot_record(tmp_path: Path) -> None:
    # Two float attributes besides the gradient: the value's attribute must be named.
    recorder = Recorder(str(tmp_path), "grad", None)
    with pytest.raises(SystemExit, match="cannot tell which attribute holds a node's value.*--data-attr ATTR"):
        recorder.record(_TwoFloats(), lambda: [_TwoFloats()], sys._getframe())
    assert "candidates: ['data', 'other']" in (tmp_path / "error.txt").read_text()
