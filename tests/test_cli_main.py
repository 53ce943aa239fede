"""The command line as a whole: a closed pipe, `python -m golf`, usage errors, and the options each command shows."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from golf.cli import EXIT_BROKEN_PIPE, main

ORIGINAL = ROOT / "variants" / "original.py"


@pytest.fixture(scope="module")
def many_functions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file whose count fills far more than a pipe's buffer (64 KiB): a region per function."""
    path = tmp_path_factory.mktemp("pipe") / "many.py"
    path.write_text("".join(f"def f{i}():\n    return {i}\n" for i in range(1500)))
    return path


@pytest.mark.parametrize("json_option", [pytest.param(["--json"], id="json"), pytest.param([], id="table")])
def test_closed_pipe_exits_quietly(many_functions: Path, json_option: list[str]) -> None:
    """`golf count ... | head -n 1`: no BrokenPipeError traceback, and the exit status of a closed pipe."""
    command = [sys.executable, "-m", "golf", "count", *json_option, str(many_functions)]
    shell = f'{" ".join(command)} | head -n 1; echo "golf exit ${{PIPESTATUS[0]}}"'
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=300)
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert len(lines) == 2 and lines[1] == f"golf exit {EXIT_BROKEN_PIPE}", lines


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_broken_pipe_becomes_exit_141(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["count", "--json", str(tmp_path / "a.py")]) == EXIT_BROKEN_PIPE == 141


def test_python_dash_m_golf() -> None:
    done = subprocess.run([sys.executable, "-m", "golf", "--version"], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, "golf 0.1.0\n")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        pytest.param(["inline-function"], "inline-function needs the parameter(s) name", id="missing-parameter"),
        pytest.param(["inline-function", "colour=red"], "no parameter(s) colour (it takes: name)", id="unknown-key"),
        pytest.param(["drop-slots", "extra"], "drop-slots takes no more positional parameters", id="extra-positional"),
        pytest.param(["no-such-technique"], "unknown technique 'no-such-technique'", id="unknown-technique"),
    ],
)
def test_apply_usage_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    out = tmp_path / "out.py"
    assert main(["apply", *arguments, str(ORIGINAL), "-o", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_apply_refusal_still_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A technique that declines is not a usage error."""
    source = tmp_path / "plain.py"
    source.write_text("print(1)\n")
    assert main(["apply", "inline-function", "nowhere", str(source), "-o", str(tmp_path / "out.py")]) == 1
    assert "inline-function refused" in capsys.readouterr().err


# Which of the shared run options each command lists in --help (and so accepts).
OPTIONS_SHOWN = [
    pytest.param("report", {"--reference": True, "--variants": True, "--jobs": True}, id="report"),
    pytest.param("check", {"--reference": True, "--variants": True, "--jobs": True}, id="check"),
    pytest.param("compare", {"--reference": False, "--variants": True, "--jobs": True}, id="compare"),
    pytest.param("apply", {"--reference": True, "--variants": False, "--jobs": False}, id="apply"),
    pytest.param("shrink", {"--reference": True, "--variants": False, "--jobs": True}, id="shrink"),
]


@pytest.mark.parametrize(("command", "shown"), OPTIONS_SHOWN)
def test_each_command_shows_only_the_options_it_uses(
    capsys: pytest.CaptureFixture[str], command: str, shown: dict[str, bool]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    assert {option: f"{option} " in text or f"{option}," in text for option in shown} == shown
    assert "--steps" in text and "--cache-dir" in text
