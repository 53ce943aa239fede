"""`golf compare A B`: the comparison as data, its formats on the command line, and one real check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHORT_STEPS, VARIANTS
from test_report import GOLFED, ORIGINAL, FakeCheck, _verdict

from golf.cli import main
from golf.engine.variants import Variant
from golf.report.build import compare_variants, unified_diff
from golf.report.measuring import measure_source


def _variant(tmp_path: Path, name: str, source: str | bytes) -> Variant:
    path = tmp_path / f"{name}.py"
    if isinstance(source, bytes):
        path.write_bytes(source)
    else:
        path.write_text(source)
    return Variant(name, path, False)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param("x = 1\n", "x = 1\n", "", id="equal"),
        pytest.param(
            "x = 1\ny = 2\n",
            "x = 1\ny = 3\n",
            "--- a.py\n+++ b.py\n@@ -1,2 +1,2 @@\n x = 1\n-y = 2\n+y = 3\n",
            id="changed-line",
        ),
        pytest.param(
            "x = 1\n",
            "x = 2",
            "--- a.py\n+++ b.py\n@@ -1 +1 @@\n-x = 1\n+x = 2\n\\ No newline at end of file\n",
            id="no-final-newline",
        ),
    ],
)
def test_unified_diff(a: str, b: str, expected: str) -> None:
    assert unified_diff(measure_source("a", "a.py", a), measure_source("b", "b.py", b)) == expected


def test_compare_checks_b_with_a_as_the_reference(tmp_path: Path) -> None:
    a, b = _variant(tmp_path, "original", ORIGINAL), _variant(tmp_path, "golfed", GOLFED)
    check = FakeCheck({"golfed": _verdict("golfed", seconds=3.0), "original": _verdict("original", seconds=2.0)})
    comparison = compare_variants(a, b, check=check, steps=5)
    assert check.calls == [["golfed", "original"]], "A runs beside B, once, as B's reference"
    assert comparison.check.verdict.verdict == "identical"
    assert comparison.check.time_ratio == 1.5
    assert comparison.changes.counter("lines").saved == 2
    assert comparison.diff.startswith(f"--- {a.path}\n+++ {b.path}\n")
    assert [r.status for r in comparison.changes.regions if r.name == "Value"] == ["changed"]


def test_compare_without_check_and_with_a_broken_side(tmp_path: Path) -> None:
    a, b = _variant(tmp_path, "original", ORIGINAL), _variant(tmp_path, "bad", "def f(:\n")
    comparison = compare_variants(a, b)
    assert comparison.check.status == "not checked" and comparison.steps is None
    assert comparison.b.error is not None and comparison.b.error.startswith("does not parse")
    assert comparison.changes.counter("lines").after is None
    assert comparison.changes.regions == (), "the regions of a file that does not parse are unknown"
    assert "+def f(:" in comparison.diff


@pytest.mark.parametrize("fmt", ["md", "json", "html", "terminal"])
def test_compare_command_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    a, b = _variant(tmp_path, "original", ORIGINAL), _variant(tmp_path, "golfed", GOLFED)
    assert main(["compare", str(a.path), str(b.path), "--no-check", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out
    if fmt == "json":
        data = json.loads(out)
        assert (data["kind"], data["a"]["name"], data["b"]["name"]) == ("comparison", "original", "golfed")
        assert data["savings"]["lines"]["saved"] == 2
    else:
        assert "golfed" in out and "-2" in out


def test_compare_command_writes_output_atomically(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = _variant(tmp_path, "original", ORIGINAL), _variant(tmp_path, "golfed", GOLFED)
    target = tmp_path / "out" / "compare.html"
    target.parent.mkdir()
    assert main(["compare", str(a.path), str(b.path), "--no-check", "-f", "html", "-o", str(target)]) == 0
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert capsys.readouterr().out == ""
    assert sorted(p.name for p in target.parent.iterdir()) == ["compare.html"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["original", "nope"], "no such variant", id="unknown-variant"),
        pytest.param(["original", "missing.py"], "file not found", id="missing-file"),
        pytest.param(["original", "original", "-o", "x.md"], "--output needs --format", id="output-terminal"),
    ],
)
def test_compare_command_usage_errors(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    assert main(["compare", *args, "--no-check", "--variants", str(VARIANTS)]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("option", ["--reference", "--help"])
def test_compare_does_not_offer_reference(capsys: pytest.CaptureFixture[str], option: str) -> None:
    """A is the reference of the check: --reference is neither listed nor accepted."""
    with pytest.raises(SystemExit) as exited:
        main(["compare", "original", "shortest", option, "original"])
    captured = capsys.readouterr()
    if option == "--help":
        assert exited.value.code == 0 and "--variants" in captured.out and "--reference" not in captured.out
    else:
        assert exited.value.code == 2 and "unrecognized arguments: --reference original" in captured.err


def test_compare_command_end_to_end(run_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A real check of a known-bad variant with the original as the reference: diverged, exit 1."""
    code = main(
        [
            "compare",
            "original",
            "broken/mul_grads_one_one",
            "--variants",
            str(VARIANTS),
            "--steps",
            str(SHORT_STEPS),
            "--cache-dir",
            str(run_cache),
            "--format",
            "json",
            "--quiet",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    verdict = data["check"]["verdict"]
    assert (verdict["verdict"], verdict["first_divergence"]["step"], verdict["first_divergence"]["quantity"]) == (
        "diverged",
        1,
        "grad",
    )
    assert data["diff"].count("\n-") >= 1


def test_compare_terminal_shows_the_verdict_after_the_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The verdict is the last thing printed, so a long diff does not scroll it away; a rerun says it was cached."""
    tiny = Path(__file__).parent / "fixtures" / "bad"
    argv = ["compare", str(tiny / "tiny_reference.py"), str(tiny / "tiny_golfed.py"), "--steps", "2", "-q"]
    argv += ["--cache-dir", str(tmp_path / "cache")]  # its own: the first run must not be cached
    assert main(argv) == 0
    first = capsys.readouterr().out.rstrip().splitlines()
    assert main(argv) == 0
    again = capsys.readouterr().out.rstrip().splitlines()
    assert first[-1].startswith("Equivalence (B run with A as the reference, 2 steps): identical")
    assert any(line.startswith("+++ ") for line in first)
    assert not first[-1].endswith("(cached run)") and again[-1].endswith("(cached run)")
