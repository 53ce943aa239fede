"""Plain progress lines for variant runs when stderr is not a terminal (a log, CI)."""

from __future__ import annotations

import io

import pytest

from golf.commands._progress import plain_progress

# (events as check_many reports them, the lines written); `interval=0` repeats a step at every event.
CASES = [
    pytest.param(
        [("original", 0, 50, False), ("original", 20, 50, False), ("original", 50, 50, True)],
        ["running original (50 steps)", "original: step 20/50, 0 s", "finished original: 50/50 steps in 0.0 s"],
        id="one-run",
    ),
    pytest.param([("shortest", 50, 50, True)], [], id="cached-run-is-silent"),
    pytest.param(
        [("packed", 0, None, False), ("packed", 1000, None, True)],
        ["running packed (its own step count)", "finished packed: 1000 steps in 0.0 s"],
        id="own-step-count",
    ),
    pytest.param(
        [("a", 0, 3, False), ("a", 0, 1, False), ("a", 1, 1, True), ("a", 3, 3, True)],
        [
            "running a (3 steps)",
            "running a (1 step)",
            "finished a: 1/1 steps in 0.0 s",
            "finished a: 3/3 steps in 0.0 s",
        ],
        id="two-step-counts",
    ),
]


@pytest.mark.parametrize(("events", "lines"), CASES)
def test_plain_progress(events: list[tuple[str, int, int | None, bool]], lines: list[str]) -> None:
    stream = io.StringIO()
    update = plain_progress(stream, interval=0)
    for event in events:
        update(*event)
    assert stream.getvalue().splitlines() == [f"golf: {line}" for line in lines]


def test_interval_limits_repeated_step_lines() -> None:
    stream = io.StringIO()
    update = plain_progress(stream, interval=3600)
    for step in range(5):
        update("original", step, 5, False)
    assert stream.getvalue().splitlines() == ["golf: running original (5 steps)"]
