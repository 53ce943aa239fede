"""The pre-commit hook definition (.pre-commit-hooks.yaml) runs `golf check` on the staged variants."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT

from golf.cli import main

[HOOK] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
TINY = FIXTURES / "bad"


@pytest.mark.parametrize(
    ("path", "checked"),
    [
        pytest.param("variants/shortest.py", True, id="variant"),
        pytest.param("variants/broken/mul_grads_one_one.py", True, id="known-bad"),
        pytest.param("variants/README.md", False, id="not-python"),
        pytest.param("golf/cli.py", False, id="outside-variants"),
    ],
)
def test_hook_selects_variant_scripts(path: str, checked: bool) -> None:
    assert HOOK["id"] == "golf-check" and HOOK["language"] == "python"
    assert bool(re.search(HOOK["files"], path)) == checked


@pytest.mark.parametrize(
    ("staged", "code"),
    [
        pytest.param(["variants/golfed.py"], 0, id="equivalent"),
        pytest.param(["variants/golfed.py", "variants/reordered.py"], 1, id="one-diverges"),
        pytest.param(["variants/broken/reordered.py"], 0, id="known-bad-caught"),
    ],
)
def test_hook_command_on_staged_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, staged: list[str], code: int
) -> None:
    """What pre-commit runs: the hook's entry, the user's args (`--steps 2`), then the staged file names."""
    for name, source in {
        "original.py": "tiny_reference.py",
        "golfed.py": "tiny_golfed.py",
        "reordered.py": "reordered_random.py",
        "broken/reordered.py": "reordered_random.py",
    }.items():
        (tmp_path / "variants" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(TINY / source, tmp_path / "variants" / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GOLF_CACHE_DIR", str(tmp_path / "cache"))
    program, *entry = shlex.split(HOOK["entry"])
    assert program == "golf"
    assert main([*entry, "--steps", "2", *staged]) == code
