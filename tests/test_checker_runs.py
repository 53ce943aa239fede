"""Pins on the checker through real runs of variants/original.py and its copies (two steps at most).

Steps 1 and 2 do not depend on the learning-rate schedule (the update after step 1 uses the
full rate whatever the step count), so the values below hold whether `--steps N` shortens
the loop bound or stops the program's own run after N iterations.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import VARIANTS

from golf.cli import main
from golf.engine.check import check_many
from golf.engine.data import load_data
from golf.engine.equivalence import Tolerance, draws_difference, read_draws, records_verdict
from golf.engine.record import Record
from golf.engine.runner import RunSpec, run_variant
from golf.engine.variants import discover
from golf.engine.verdict import Difference, Verdict

ORIGINAL_PATH = VARIANTS / "original.py"
ORIGINAL = ORIGINAL_PATH.read_text()
STEPS = 2
#: The reference's step-1 loss on the built-in names (5,163 documents, vocab 27).
BUILTIN_STEP1_LOSS = 3.2669512654119237
#: The original's parameters: wte, wpe, lm_head, then layer0's attn_wq/wk/wv/wo, mlp_fc1, mlp_fc2.
NUM_PARAMS = 4192

#: The last line of Value.backward, after which a nudge changes one recorded value by one ULP.
_BACKWARD_LAST_LINE = "                child.grad += local_grad * v.grad\n"


def _nudged(directory: Path, name: str, step_index: int, statement: str) -> Path:
    """A copy of the original that runs `statement` at the end of backward() in training step `step_index` (0-based)."""
    assert ORIGINAL.count(_BACKWARD_LAST_LINE) == 1
    nudge = f"        if step == {step_index}:\n            {statement}\n"
    path = directory / f"{name}.py"
    path.write_text(ORIGINAL.replace(_BACKWARD_LAST_LINE, _BACKWARD_LAST_LINE + nudge))
    return path


# (name, 0-based training step, statement, where the checker must put the first differing bit)
NUDGES = {
    "grad_wq_2_9_step2": (
        1,
        "params[1161].grad = math.nextafter(params[1161].grad, math.inf)",
        (2, "grad", "layer0.attn_wq[2][9]"),
    ),
    "grad_last_step1": (
        0,
        "params[-1].grad = math.nextafter(params[-1].grad, -math.inf)",
        (1, "grad", "layer0.mlp_fc2[15][63]"),
    ),
    "loss_step1": (0, "self.data = math.nextafter(self.data, math.inf)", (1, "loss", None)),
}


@pytest.fixture(scope="module")
def nudged_verdicts(tmp_path_factory: pytest.TempPathFactory, run_cache: Path) -> dict[str, Verdict]:
    """Every nudged copy checked once, in parallel, on the built-in names alone: the pins below are that
    run's values (the domain's other cells are pinned by tests/test_equivalence.py and the domain tests)."""
    directory = tmp_path_factory.mktemp("nudged")
    paths = [_nudged(directory, name, step, statement) for name, (step, statement, _) in NUDGES.items()]
    return {v.variant: v for v in check_many(paths, steps=STEPS, domain="names", cache_dir=run_cache)}


@pytest.mark.parametrize("name", list(NUDGES))
def test_one_ulp_in_a_real_run_is_not_identical_and_is_named(name: str, nudged_verdicts: dict[str, Verdict]) -> None:
    verdict = nudged_verdicts[name]
    *_, where = NUDGES[name]
    assert verdict.verdict != "identical"
    first = verdict.first_bit_difference
    assert first is not None
    assert (first.step, first.quantity, first.parameter) == where
    assert isinstance(first.reference, float) and isinstance(first.variant, float)
    assert first.reference != 0.0, "nudge a parameter whose gradient is not zero at that step"
    direction = -math.inf if "-math.inf" in NUDGES[name][1] else math.inf
    assert first.variant == math.nextafter(first.reference, direction)
    # Within two steps nothing reads a loss's value or step 2's gradients, and Adam's first update
    # is lr * g / (|g| + eps) whatever the last bit of g: every difference stays that one ULP.
    assert verdict.verdict == "close", (verdict.first_divergence, verdict.notes)
    assert verdict.max_ulp_diff == 1
    assert verdict.first_divergence is None


def test_one_ulp_in_a_loss_is_the_recorded_loss(nudged_verdicts: dict[str, Verdict]) -> None:
    verdict = nudged_verdicts["loss_step1"]
    assert verdict.losses[0] == math.nextafter(BUILTIN_STEP1_LOSS, math.inf)
    assert verdict.loss_diff_by_step == (math.ulp(BUILTIN_STEP1_LOSS), 0.0)


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """The original run twice, independently (no cache), one step each."""
    runs = []
    for i in range(2):
        record_dir = tmp_path_factory.mktemp(f"run{i}") / "record"
        runs.append(run_variant(ORIGINAL_PATH, load_data(None), record_dir, spec=RunSpec(1)))
    return tuple(runs)


def test_two_independent_runs_of_the_original_are_identical(two_runs: tuple) -> None:
    first, second = two_runs
    assert (first.status, second.status) == ("ok", "ok")
    assert first.record_dir != second.record_dir
    assert (first.record_dir / "values.bin").read_bytes() == (second.record_dir / "values.bin").read_bytes()
    assert first.stdout == second.stdout
    verdict = records_verdict(
        "original",
        1,
        Record.open(first.record_dir),
        Record.open(second.record_dir),
        Tolerance(),
        draws_difference(read_draws(first.record_dir), read_draws(second.record_dir), 1),
    )
    assert verdict.verdict == "identical"
    assert verdict.losses == (BUILTIN_STEP1_LOSS,)
    assert len(read_draws(first.record_dir)) > 20, "every sample's token ids, drawn one by one"
    assert first.stdout == second.stdout


@pytest.mark.parametrize(
    ("index", "name"),
    [
        pytest.param(0, "wte[0][0]", id="first"),
        pytest.param(53, "wte[3][5]", id="wte-row-3-column-5"),
        pytest.param(432, "wpe[0][0]", id="second-matrix"),
        pytest.param(2175, "layer0.mlp_fc1[1][15]", id="mlp_fc1-row-1-column-15"),
        pytest.param(3232, "layer0.mlp_fc2[1][0]", id="mlp_fc2-second-row"),
        pytest.param(NUM_PARAMS - 1, "layer0.mlp_fc2[15][63]", id="last-of-last-matrix"),
    ],
)
def test_real_record_names_every_parameter(two_runs: tuple, index: int, name: str) -> None:
    record = Record.open(two_runs[0].record_dir)
    assert record.names is not None
    assert record.name(index) == name


def test_real_record_has_every_parameter(two_runs: tuple) -> None:
    run = two_runs[0]
    record = Record.open(run.record_dir)
    assert record.n_params == NUM_PARAMS
    assert record.names is not None and len(record.names) == NUM_PARAMS
    assert len(set(record.names)) == NUM_PARAMS
    assert len(record.initial()) == NUM_PARAMS
    [(_, values)] = list(record.steps())
    assert len(values) == 1 + NUM_PARAMS
    assert values[0] == BUILTIN_STEP1_LOSS
    assert values[-1] != 0.0, "the last parameter's gradient is recorded (mlp_fc2 feeds every position)"
    printed = run.stdout.replace("\r", "\n").splitlines()
    assert printed[:3] == ["num docs: 5163", "vocab size: 27", f"num params: {NUM_PARAMS}"]


# Every known-bad variant at two steps: verdict, failure, first differing bit, first divergence,
# largest ULP difference. Measured with `golf check variants/broken/X.py --json --steps 2`.
KNOWN_BAD = {
    "broken/direct_division": (
        "close",
        None,
        Difference(1, "grad", "wte[0][0]", -0.13631832170051272, -0.13631832170051267),
        None,
        4096,
    ),
    "broken/mul_grads_one_one": (
        "diverged",
        None,
        Difference(1, "grad", "wte[0][0]", -0.13631832170051272, -458962241146090.25),
        Difference(1, "grad", "wte[0][0]", -0.13631832170051272, -458962241146090.25),
        9431955865428094867,
    ),
    "broken/published_golf_bugs": (
        "failed",
        "crashed during step 1: ValueError: math domain error",
        None,
        Difference(1, "loss", None, BUILTIN_STEP1_LOSS, None),
        0,
    ),
    "broken/shared_reciprocal": (
        "close",
        None,
        Difference(1, "grad", "wte[12][2]", 0.053065713203072205, 0.05306571320307221),
        None,
        512,
    ),
}
KNOWN_BAD_VARIANTS = [v for v in discover(VARIANTS) if v.known_bad]


def test_every_known_bad_variant_has_a_row() -> None:
    assert sorted(v.name for v in KNOWN_BAD_VARIANTS) == sorted(KNOWN_BAD)


@pytest.fixture(scope="module")
def known_bad_verdicts(run_cache: Path) -> dict[str, Verdict]:
    verdicts = check_many(KNOWN_BAD_VARIANTS, steps=STEPS, cache_dir=run_cache, variants_dir=VARIANTS)
    return {v.variant: v for v in verdicts}


@pytest.mark.parametrize("name", sorted(KNOWN_BAD))
def test_known_bad_variant_exactly(name: str, known_bad_verdicts: dict[str, Verdict]) -> None:
    verdict_kind, failure, first_bit, first_divergence, max_ulp = KNOWN_BAD[name]
    verdict = known_bad_verdicts[name]
    assert verdict.known_bad and verdict.caught
    assert (verdict.verdict, verdict.failure) == (verdict_kind, failure)
    assert verdict.first_bit_difference == first_bit
    assert verdict.first_divergence == first_divergence
    assert verdict.max_ulp_diff == max_ulp


def test_wrong_multiply_leaves_the_first_loss_alone(known_bad_verdicts: dict[str, Verdict]) -> None:
    verdict = known_bad_verdicts["broken/mul_grads_one_one"]
    assert verdict.loss_diff_by_step == (0.0, 0.05250153699493243)
    assert verdict.losses[0] == BUILTIN_STEP1_LOSS


def _variants_folder(root: Path, broken: dict[str, str]) -> Path:
    (root / "broken").mkdir(parents=True)
    (root / "original.py").write_text(ORIGINAL)
    for name, source in broken.items():
        (root / "broken" / f"{name}.py").write_text(source)
    return root


def _cli_check(folder: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, dict]]:
    code = main(["check", "--variants", str(folder), "--steps", str(STEPS), "--cache-dir", str(cache), "--json", "-q"])
    return code, {v["variant"]: v for v in json.loads(capsys.readouterr().out)["variants"]}


def test_a_known_bad_variant_that_comes_out_identical_fails_the_check(
    tmp_path: Path, run_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nudged = _nudged(tmp_path, "loss_step1", 0, NUDGES["loss_step1"][1]).read_text()
    folder = _variants_folder(tmp_path / "variants", {"unchanged": ORIGINAL, "one_ulp_loss": nudged})
    code, verdicts = _cli_check(folder, run_cache, capsys)
    assert verdicts["broken/unchanged"]["verdict"] == "identical"
    assert verdicts["broken/unchanged"]["known_bad"] is True
    assert verdicts["broken/one_ulp_loss"]["verdict"] == "close"
    assert code == 1, "an identical known-bad variant is not caught"
    (folder / "broken" / "unchanged.py").unlink()
    code, verdicts = _cli_check(folder, run_cache, capsys)
    assert code == 0, "a 1-ULP known-bad variant is caught"


def test_fail_fast_stops_at_the_first_difference_from_a_recorded_reference(tmp_path: Path) -> None:
    # broken/mul_grads_one_one first differs in step 1's gradients. Against a reference not yet recorded it
    # runs beside the reference, whole; once the reference is recorded it stops there, after one step.
    bad, cache = VARIANTS / "broken" / "mul_grads_one_one.py", tmp_path / "cache"
    options = {"steps": STEPS, "domain": "names", "cache_dir": cache, "variants_dir": VARIANTS, "fail_fast": True}
    (beside,) = check_many([bad], **options)
    assert not any("--fail-fast" in note for note in beside.notes)
    assert len(beside.losses) == STEPS and beside.verdict == "diverged"
    (stopped,) = check_many([bad], **options)
    assert any("stopped at its first differing value" in note for note in stopped.notes)
    assert stopped.verdict in ("diverged", "close") and stopped.output == "not compared"
    assert stopped.first_bit_difference is not None and stopped.first_bit_difference.step == 1
    assert len(stopped.losses) <= 1
    # With as many variants as workers, the reference runs first and they stop even on a cold cache.
    (alone,) = check_many([bad], **{**options, "cache_dir": tmp_path / "cold", "jobs": 1})
    assert any("stopped at its first differing value" in note for note in alone.notes)


def test_the_variant_runs_with_the_harness_collector_thresholds(tmp_path: Path) -> None:
    # The one interpreter setting golf changes for a variant (golf.engine._harness says why); the trace
    # harness of `golf explain` must run the program the same way.
    from golf.explain import _trace_harness

    script = tmp_path / "plain.py"
    script.write_text("import gc\nprint(gc.get_threshold())\nopen('gc.txt', 'w').write(str(gc.get_threshold()))\n")
    run = run_variant(script, b"ab\n", tmp_path / "record")
    assert run.status == "ok", run.notes
    assert run.stdout.strip() == "(100000, 100, 100)"
    config = {"script": str(script), "out": str(tmp_path / "trace"), "kind": "init", "step": 0}
    config |= dict.fromkeys(["grad_attr", "data_attr", "steps", "samples"])
    subprocess.run([sys.executable, "-I", _trace_harness.__file__, json.dumps(config)], cwd=tmp_path, check=True)
    assert (tmp_path / "gc.txt").read_text() == "(100000, 100, 100)"
