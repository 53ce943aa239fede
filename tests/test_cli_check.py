"""`golf check` end to end: exit codes (0 all as expected, 1 a mismatch, 2 usage error or failing reference),
the one-line messages on stderr, and the limits given on the command line."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from conftest import FIXTURES

from golf.cli import main

BAD = FIXTURES / "bad"
REFERENCE = BAD / "tiny_reference.py"


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli-cache")


def _check(cache: Path, *args: str | Path) -> list[str]:
    """`golf check` arguments against the tiny reference, quiet, at 5 steps, with the module's cache."""
    variants = [
        str(BAD / f"{a}.py") if isinstance(a, str) and not a.startswith("-") and "/" not in a else str(a) for a in args
    ]
    return ["check", *variants, "--reference", str(REFERENCE), "--steps", "5", "-q", "--cache-dir", str(cache)]


def test_all_as_expected_exits_0(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_check(cache, "tiny_golfed", "writes_files")) == 0
    out = capsys.readouterr().out
    assert "tiny_golfed" in out and "writes_files" in out and "identical" in out


def test_a_mismatch_exits_1_and_reports_every_variant(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_check(cache, "tiny_golfed", "syntax_error", "raises_mid_training", "reordered_random")) == 1
    out = capsys.readouterr().out
    for row in ("tiny_golfed", "syntax_error", "raises_mid_training", "reordered_random"):
        assert row in out
    assert "syntax error at line 5: expected ':'" in out
    assert "crashed during step 3: ValueError: bad step" in out
    assert f"{BAD / 'syntax_error.py'}:5: expected ':'; fix the syntax" in out.replace("\n  ", " ")


def test_json_has_one_object_per_variant(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*_check(cache, "tiny_golfed", "nan_loss", "inf_loss"), "--json"]) == 1
    output = json.loads(capsys.readouterr().out)
    assert (output["format_version"], output["kind"], output["steps"]) == (2, "check", 5)
    assert output["reference"] == str(REFERENCE)
    rows = output["variants"]
    assert [(r["variant"], r["verdict"]) for r in rows] == [
        ("tiny_golfed", "identical"),
        ("nan_loss", "diverged"),
        ("inf_loss", "diverged"),
    ]
    # JSON has no NaN or infinity: they are written as text.
    assert [r["first_divergence"]["variant"] for r in rows[1:]] == ["nan", "inf"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--steps", "0"], "argument --steps: 0 is not positive; give 1 or more", id="steps-zero"),
        pytest.param(["--steps", "-3"], "argument --steps: -3 is not positive; give 1 or more", id="steps-negative"),
        pytest.param(["--steps", "ten"], "argument --steps: 'ten' is not a whole number", id="steps-not-a-number"),
        pytest.param(["--timeout", "0"], "argument --timeout: 0 must be above 0", id="timeout-zero"),
        pytest.param(["--timeout", "soon"], "argument --timeout: 'soon' is not a number", id="timeout-not-a-number"),
        pytest.param(["--memory", "8"], "argument --memory: 8 MiB is too little for Python to start", id="memory-tiny"),
        pytest.param(["--jobs", "0"], "argument --jobs/-j: 0 is not positive", id="jobs-zero"),
    ],
)
def test_bad_option_value_exits_2(
    cache: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as info:
        main([*_check(cache, "tiny_golfed"), *args])
    assert info.value.code == 2
    assert message in capsys.readouterr().err


def _data(tmp_path: Path, content: bytes | None) -> Path:
    path = tmp_path / "data.txt"
    if content is not None:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["nosuch"], "golf check: nosuch: no such variant; choose one of", id="unknown-variant"),
        pytest.param(["gone.py"], "golf check: gone.py: file not found", id="missing-script"),
        pytest.param(["--data", b""], "data.txt: has no non-blank lines", id="empty-data"),
        pytest.param(["--data", b"\0\1\2"], "data.txt: looks binary", id="binary-data"),
        pytest.param(["--data", None], "data.txt: data file not found", id="missing-data"),
        pytest.param(
            ["--reference", str(BAD / "reference_crashes.py")],
            "reference_crashes.py: the reference crashed before training (line 4) (ZeroDivisionError: "
            "division by zero); fix it or choose another with --reference",
            id="failing-reference",
        ),
    ],
)
def test_usage_error_exits_2_with_one_line(
    tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str], args: list, message: str
) -> None:
    argv = _check(cache, "tiny_golfed")
    if args[0] == "--data":
        argv += ["--data", str(_data(tmp_path, args[1]))]
    elif args[0] == "--reference":
        argv[argv.index("--reference") + 1] = args[1]
    else:
        argv[1] = args[0]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("golf check: ") and message in err


def test_unusable_cache_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    assert main(_check(not_a_folder, "tiny_golfed")) == 2
    assert capsys.readouterr().err.startswith(f"golf check: {not_a_folder}: cannot use this cache folder")


def test_timeout_option_stops_an_endless_variant(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    start = time.perf_counter()
    assert main([*_check(cache, "runs_forever"), "--timeout", "2"]) == 1
    assert time.perf_counter() - start < 12
    out = capsys.readouterr().out.replace("\n  ", " ")
    assert "timed out during step 2" in out and "killed after 2 s (--timeout)" in out


def test_memory_option_stops_an_endless_allocation(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*_check(cache, "allocates_forever"), "--memory", "200"]) == 1
    out = capsys.readouterr().out.replace("\n  ", " ")
    assert "out of memory during step 1" in out and "exceeded the memory limit of 200 MiB (--memory)" in out


def test_rerun_from_the_cache_shows_the_run_time(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cache = tmp_path  # its own: the first run must really run
    assert main([*_check(cache, "tiny_golfed"), "--json"]) == 0
    first = json.loads(capsys.readouterr().out)["variants"][0]
    assert main([*_check(cache, "tiny_golfed"), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)["variants"][0]
    assert again["seconds"] == first["seconds"] > 0
    assert (first["cached"], again["cached"]) == (False, True)
    assert main(_check(cache, "tiny_golfed")) == 0
    assert f"{first['seconds']:.1f} (cached)" in capsys.readouterr().out


def test_a_relative_cache_folder_is_the_one_beside_the_caller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Runs write their records from a scratch working directory: a relative folder must still mean this one.
    monkeypatch.chdir(tmp_path)
    assert main(_check(Path("relative-cache"), "tiny_golfed")) == 0
    assert "identical" in capsys.readouterr().out
    assert any((tmp_path / "relative-cache" / "runs").iterdir())
