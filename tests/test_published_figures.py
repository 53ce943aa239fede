"""variants/original.py against the published run of the atomic GPT (../shared/spec/original-gpt.md).

The published figures are for the makemore names list, which is not part of the project: it
lies in the `shared/` folder beside the checkout (CI has it at ../shared beside the clone).
Without it these tests are skipped, saying where they looked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import VARIANTS

from golf.engine.data import load_data
from golf.engine.record import Record
from golf.engine.runner import RunOptions, RunResult, RunSpec, run_variant

#: The published run's data set: the folder `shared/` beside the repository.
NAMES_TXT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "names.txt"
FULL_RUN_TIMEOUT_SECONDS = 3 * 3600

pytestmark = pytest.mark.skipif(
    not NAMES_TXT.is_file(),
    reason=f"the published run's data set is not at {NAMES_TXT.resolve()} (shared/ beside the checkout)",
)


def _run(tmp_path: Path, steps: int | None) -> RunResult:
    options = RunOptions(timeout=FULL_RUN_TIMEOUT_SECONDS)
    run = run_variant(
        VARIANTS / "original.py", load_data(NAMES_TXT), tmp_path / "record", spec=RunSpec(steps), options=options
    )
    assert run.status == "ok", (run.status, run.notes, run.stderr_tail)
    return run


def _printed(run: RunResult) -> list[str]:
    return run.stdout.replace("\r", "\n").splitlines()


def _printed_loss(run: RunResult, step: int) -> str:
    pattern = re.compile(rf"step\s+{step} /\s*\d+ \| loss (\S+)")
    losses = [m.group(1) for line in _printed(run) if (m := pattern.fullmatch(line.strip()))]
    assert len(losses) == 1, f"no single printed line for step {step} in {run.stdout[-500:]!r}"
    return losses[0]


def test_first_step_matches_the_published_run(tmp_path: Path) -> None:
    run = _run(tmp_path, steps=1)
    assert _printed(run)[:3] == ["num docs: 32033", "vocab size: 27", "num params: 4192"]
    assert _printed_loss(run, 1) == "3.3660"
    record = Record.open(run.record_dir)
    assert record.n_params == 4192
    assert f"{record.losses()[0]:.4f}" == "3.3660", "the recorded loss is the printed one"


@pytest.mark.slow
def test_full_run_matches_the_published_run(tmp_path: Path) -> None:
    run = _run(tmp_path, steps=None)
    assert _printed_loss(run, 1) == "3.3660"
    assert _printed_loss(run, 1000) == "2.6497"
    samples = [line.partition(":")[2].strip() for line in _printed(run) if line.startswith("sample")]
    assert samples[:5] == ["kamon", "ann", "karai", "jaire", "vialan"]
    assert len(samples) == 20
