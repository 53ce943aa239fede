"""`golf report`: the data model (savings, regions, check outcomes), atomic writes, and the command itself.

Verdicts come from an injected fake check, except in the one end-to-end test, which runs two
real variants for a few steps (sharing the session's run cache with the equivalence tests).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from conftest import SHORT_STEPS, VARIANTS

from golf import atomic
from golf.cli import main
from golf.engine.check import ReferenceFailure
from golf.engine.variants import Variant, discover
from golf.engine.verdict import Difference, Verdict
from golf.measure.model import Counts, RegionCounts, SourceCounts
from golf.report.build import build_report
from golf.report.changes import region_changes
from golf.report.checking import time_ratio
from golf.report.formats import FORMATS
from golf.report.measuring import measure, measure_source
from golf.report.model import Change, RegionChange
from golf.report.text import run_time, saving

ORIGINAL = (VARIANTS / "original.py").read_text()
#: A variant that is shorter than the original (its region counts are what the region tests look at).
_VALUE_DOCSTRING = (
    '    """A scalar node of the computation graph, with the gradient of the root with respect to it."""\n\n'
)
GOLFED = ORIGINAL.replace(_VALUE_DOCSTRING, "")
assert GOLFED != ORIGINAL, "the golfed stand-in must differ from the original; update _VALUE_DOCSTRING"


# --- savings ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "saved", "percent", "shown"),
    [
        pytest.param(200, 50, 150, 75.0, "150 (75.0%)", id="shorter"),
        pytest.param(200, 200, 0, 0.0, "0 (0.0%)", id="same"),
        pytest.param(200, 210, -10, -5.0, "-10 (-5.0%)", id="longer"),
        pytest.param(0, 5, -5, None, "-5", id="from-nothing"),
        pytest.param(None, 5, None, None, "—", id="reference-unmeasured"),
        pytest.param(40.5, 40.0, 0.5, pytest.approx(1.2345679), "0.50 (1.2%)", id="float-metric"),
    ],
)
def test_change(
    before: float | None, after: float | None, saved: float | None, percent: float | None, shown: str
) -> None:
    change = Change("lines", before, after)
    assert change.saved == saved
    assert change.saved_percent == percent
    assert saving(change) == shown


# --- regions ----------------------------------------------------------------------------------------------------


def _source(*regions: tuple[str, str, int]) -> SourceCounts:
    parts = tuple(RegionCounts(name, kind, Counts(lines=lines)) for name, kind, lines in regions)
    return SourceCounts(Counts(lines=sum(r.counts.lines for r in parts)), parts)


REFERENCE_REGIONS = _source(
    ("module code", "module", 120), ("Value", "class", 40), ("softmax", "function", 5), ("gpt", "function", 39)
)


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        pytest.param(
            REFERENCE_REGIONS,
            [("module code", "unchanged"), ("Value", "unchanged"), ("softmax", "unchanged"), ("gpt", "unchanged")],
            id="same",
        ),
        pytest.param(
            _source(("module code", "module", 60), ("Value", "class", 17), ("gpt", "function", 30)),
            [("module code", "changed"), ("Value", "changed"), ("softmax", "removed"), ("gpt", "changed")],
            id="softmax-inlined-into-gpt",
        ),
        pytest.param(
            _source(
                ("module code", "module", 100),
                ("adam", "function", 6),
                ("Value", "class", 40),
                ("softmax", "function", 5),
                ("gpt", "function", 39),
            ),
            [
                ("module code", "changed"),
                ("Value", "unchanged"),
                ("softmax", "unchanged"),
                ("gpt", "unchanged"),
                ("adam", "added"),
            ],
            id="helper-added",
        ),
        pytest.param(
            _source(
                ("module code", "module", 120),
                ("Value", "class", 40),
                ("Value", "function", 3),
                ("softmax", "function", 5),
                ("gpt", "function", 39),
            ),
            [
                ("module code", "unchanged"),
                ("Value", "removed"),
                ("softmax", "unchanged"),
                ("gpt", "unchanged"),
                ("Value (class)", "added"),
                ("Value (function)", "added"),
            ],
            id="two-regions-of-one-name",
        ),
        pytest.param(
            None,
            [("module code", "removed"), ("Value", "removed"), ("softmax", "removed"), ("gpt", "removed")],
            id="variant-unmeasured",
        ),
    ],
)
def test_region_changes(after: SourceCounts | None, expected: list[tuple[str, str]]) -> None:
    found = region_changes(REFERENCE_REGIONS, after)
    assert [(r.name, r.status) for r in found] == expected


def test_region_change_keeps_both_sides() -> None:
    [_, value, *_] = region_changes(REFERENCE_REGIONS, _source(("module code", "module", 1), ("Value", "class", 17)))
    assert value == RegionChange("Value", "class", Counts(lines=40), Counts(lines=17))


# --- measuring --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "error"),
    [
        pytest.param("x = (1,\n", "does not parse: line ", id="syntax-error"),
        pytest.param("x = 1\0\n", "contains NUL bytes", id="nul-byte"),
    ],
)
def test_measure_source_errors(source: str, error: str) -> None:
    measured = measure_source("bad", "bad.py", source)
    assert measured.error is not None and measured.error.startswith(error)
    assert measured.counts is None and measured.metrics is None


def test_measure_counts_and_metrics() -> None:
    measured = measure_source("original", "variants/original.py", ORIGINAL)
    assert measured.error is None
    assert measured.counts is not None and measured.counts.total.lines == ORIGINAL.count("\n")
    assert measured.metrics is not None and measured.metrics.loc == measured.counts.total.lines


@pytest.mark.parametrize(
    ("make", "error"),
    [
        pytest.param(lambda p: p.mkdir(), "cannot be read", id="directory"),
        pytest.param(lambda p: None, "cannot be read", id="missing"),
        pytest.param(lambda p: p.write_bytes(b"x = '\xff'\n"), "not UTF-8", id="latin-1"),
    ],
)
def test_measure_unreadable(tmp_path: Path, make, error: str) -> None:
    path = tmp_path / "v.py"
    make(path)
    measured = measure(Variant("v", path, False))
    assert measured.error is not None and measured.error.startswith(error)


# --- check outcomes ---------------------------------------------------------------------------------------------


def _verdict(
    name: str, kind: str = "identical", seconds: float = 2.0, steps: int = 5, known_bad: bool = False, **fields: object
) -> Verdict:
    return Verdict(name, kind, steps, known_bad=known_bad, seconds=seconds, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("verdict", "reference", "expected", "shown"),
    [
        pytest.param(_verdict("v", seconds=3.0), _verdict("original", seconds=2.0), 1.5, "1.50x", id="slower"),
        pytest.param(_verdict("v", seconds=0.0), _verdict("original"), None, "cached", id="no-timing"),
        pytest.param(_verdict("v", "failed", 0.2), _verdict("original"), None, "—", id="crashed"),
        pytest.param(_verdict("v", "output-only", steps=0), _verdict("original"), None, "—", id="other-steps"),
        pytest.param(_verdict("v"), _verdict("original", seconds=0.0), None, "—", id="reference-untimed"),
    ],
)
def test_time_ratio(verdict: Verdict, reference: Verdict, expected: float | None, shown: str) -> None:
    from golf.report.model import CheckOutcome

    assert time_ratio(verdict, reference) == expected
    assert run_time(CheckOutcome("checked", verdict, time_ratio=expected)) == shown


def _variants_dir(tmp_path: Path, **files: str | bytes) -> Path:
    """A variants folder: `original.py`, plus `name=source` files (`broken__x` goes to `broken/x.py`)."""
    root = tmp_path / "variants"
    (root / "broken").mkdir(parents=True)
    (root / "original.py").write_text(ORIGINAL)
    for name, content in files.items():
        path = root / (name.replace("__", "/") + ".py")
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root


class FakeCheck:
    """A check function that answers from a table and remembers what it was asked to run."""

    def __init__(self, verdicts: dict[str, Verdict] | None = None, error: Exception | None = None):
        self.verdicts = verdicts or {}
        self.error = error
        self.calls: list[list[str]] = []

    def __call__(self, variants, reference):  # noqa: ANN001, ANN204 - the CheckFunction signature
        self.calls.append([v.name for v in variants])
        if self.error is not None:
            raise self.error
        return [self.verdicts.get(v.name) or _verdict(v.name, known_bad=v.known_bad) for v in variants]


def test_build_report_rows_in_order_with_errors_as_rows(tmp_path: Path) -> None:
    root = _variants_dir(
        tmp_path,
        golfed=GOLFED,
        unparsable="def f(:\n",
        latin=b"x = '\xff'\n",
        broken__wrong=ORIGINAL.replace("(1, 1)", "(1, 2)"),
    )
    check = FakeCheck(
        {
            "broken/wrong": _verdict(
                "broken/wrong",
                "diverged",
                known_bad=True,
                first_divergence=Difference(1, "grad", "wte[0][0]", 0.5, 0.25),
            )
        }
    )
    variants = discover(root)
    report = build_report(variants, variants[0], check=check, steps=5)
    assert [(r.name, r.is_reference, r.measured.known_bad) for r in report.variants] == [
        ("original", True, False),
        ("golfed", False, False),
        ("latin", False, False),
        ("unparsable", False, False),
        ("broken/wrong", False, True),
    ]
    rows = {r.name: r for r in report.variants}
    # Sources that cannot be read or compiled are not run: running them would waste a run of the reference.
    assert check.calls == [["original", "golfed", "broken/wrong"]]
    assert rows["unparsable"].measured.error.startswith("does not parse")
    assert rows["unparsable"].check.status == "not run"
    assert rows["unparsable"].check.error.startswith("does not compile")
    assert rows["latin"].check.status == "not run"
    assert rows["golfed"].changes.counter("lines").saved == 2
    assert rows["golfed"].check.time_ratio == 1.0
    assert rows["broken/wrong"].check.verdict.verdict == "diverged"
    assert [r.as_expected for r in report.variants] == [True, True, False, False, True]


def test_build_report_reference_failure_becomes_an_error_on_every_row(tmp_path: Path) -> None:
    root = _variants_dir(tmp_path, golfed=GOLFED)
    variants = discover(root)
    check = FakeCheck(error=ReferenceFailure("original.py: the reference crashed"))
    report = build_report(variants, variants[0], check=check, steps=5)
    assert [(r.check.status, r.check.error) for r in report.variants] == [
        ("error", "original.py: the reference crashed")
    ] * 2
    assert report.variants[1].changes.counter("lines").saved == 2, "the static columns are still there"


def test_build_report_adds_a_reference_from_elsewhere(tmp_path: Path) -> None:
    root = _variants_dir(tmp_path, golfed=GOLFED)
    outside = tmp_path / "elsewhere.py"
    outside.write_text(GOLFED)
    check = FakeCheck()
    report = build_report(discover(root), Variant("elsewhere", outside, False), check=check, steps=5)
    assert [r.name for r in report.variants] == ["elsewhere", "original", "golfed"]
    assert check.calls == [["elsewhere", "original", "golfed"]]
    assert report.variants[1].changes.counter("lines").saved == -2


def test_build_report_without_check(tmp_path: Path) -> None:
    variants = discover(_variants_dir(tmp_path, golfed=GOLFED))
    report = build_report(variants, variants[0])
    assert report.steps is None and not report.checked
    assert {r.check.status for r in report.variants} == {"not checked"}


# --- atomic writes ----------------------------------------------------------------------------------------------


def test_write_atomic_replaces_whole(tmp_path: Path) -> None:
    target = tmp_path / "golf.md"
    target.write_text("old")
    atomic.write_atomic(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert [p.name for p in tmp_path.iterdir()] == ["golf.md"]


def test_write_atomic_keeps_the_old_file_on_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "golf.md"
    target.write_text("old")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space"):
        atomic.write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["golf.md"], "the temporary file must be removed"


# --- the command ------------------------------------------------------------------------------------------------


def test_report_command_no_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _variants_dir(tmp_path, golfed=GOLFED, unparsable="def f(:\n", broken__wrong=ORIGINAL)
    out = tmp_path / "out"
    code = main(["report", "--no-check", "--variants", str(root), "--output", str(out)])
    printed = capsys.readouterr()
    assert code == 1, "a golfed variant that does not parse is not as expected"
    assert sorted(p.name for p in out.iterdir()) == ["golf.json", "golf.md", "index.html"]
    assert "\x1b[" not in printed.out, "plain output when stdout is not a terminal"
    for name in ("original (reference)", "golfed", "unparsable", "broken/wrong", "does not parse"):
        assert name in printed.out
    assert "Equivalence not checked" in printed.out
    assert "wrote" in printed.err
    data = json.loads((out / "golf.json").read_text())
    assert [v["check"]["status"] for v in data["variants"]] == ["not checked"] * 4
    assert "not checked" in (out / "golf.md").read_text().lower()


def test_report_command_quiet_and_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _variants_dir(tmp_path, golfed=GOLFED)
    assert main(["report", "--no-check", "--quiet", "--variants", str(root), "-o", str(tmp_path / "o")]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--variants", "does-not-exist"], "variants folder not found", id="no-variants-folder"),
        pytest.param(["--reference", "nope"], "no such variant", id="unknown-reference"),
    ],
)
def test_report_command_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    if "--variants" not in args:
        args = [*args, "--variants", str(_variants_dir(tmp_path))]
    assert main(["report", "--no-check", "-o", str(tmp_path / "o"), *args]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_interrupted_render_leaves_the_previous_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _variants_dir(tmp_path, golfed=GOLFED)
    out = tmp_path / "out"
    assert main(["report", "--no-check", "-q", "--variants", str(root), "-o", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def interrupted(report: object) -> str:
        raise KeyboardInterrupt

    (root / "golfed.py").write_text(GOLFED.replace("\n\n\n", "\n\n"))
    monkeypatch.setitem(FORMATS, "html", dataclasses.replace(FORMATS["html"], render_report=interrupted))
    assert main(["report", "--no-check", "-q", "--variants", str(root), "-o", str(out)]) == 130
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before, "nothing is written before all is rendered"


def test_report_command_end_to_end(tmp_path: Path, run_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two real variants, really run: the original and a known-bad one that diverges in step 1's gradients."""
    root = tmp_path / "variants"
    (root / "broken").mkdir(parents=True)
    shutil.copy(VARIANTS / "original.py", root / "original.py")
    shutil.copy(VARIANTS / "broken" / "mul_grads_one_one.py", root / "broken" / "mul_grads_one_one.py")
    out = tmp_path / "out"
    code = main(
        [
            "report",
            "--steps",
            str(SHORT_STEPS),
            "--cache-dir",
            str(run_cache),
            "--variants",
            str(root),
            "-o",
            str(out),
            "--quiet",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0, printed
    data = json.loads((out / "golf.json").read_text())
    assert data["steps"] == SHORT_STEPS
    checks = {v["name"]: v["check"] for v in data["variants"]}
    assert checks["original"]["verdict"]["verdict"] == "identical"
    assert checks["broken/mul_grads_one_one"]["verdict"]["verdict"] == "diverged"
    assert checks["broken/mul_grads_one_one"]["verdict"]["first_divergence"]["quantity"] == "grad"
    assert len(checks["broken/mul_grads_one_one"]["verdict"]["grad_diff_by_step"]) == SHORT_STEPS
    assert "step 1 grad wte[" in printed and "caught" in printed
    html = (out / "index.html").read_text()
    assert html.count('class="series"') >= 3, "loss curves and difference curves are drawn"
