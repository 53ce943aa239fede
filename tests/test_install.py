"""A real install: golf's wheel, built and installed offline into a fresh virtual environment, works outside a checkout.

The wheel is built from a copy of the sources (`pip wheel --no-build-isolation --no-index`, with the
setuptools of the test extras), installed with `--no-index --no-deps` into a new environment that reuses
this one's site-packages for golf's dependencies (a `.pth` line), and `golf report` runs in an empty folder
on the variants bundled in the wheel. Nothing reaches the network.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import ROOT

#: What a source distribution of golf holds, and so what the wheel is built from.
SOURCES = ("pyproject.toml", "README.md", "golf", "variants")


def _run(*argv: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(map(str, argv))} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `bin` folder of a fresh virtual environment with golf's wheel installed in it."""
    work = tmp_path_factory.mktemp("install")
    source = work / "src"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    _run(*pip, "wheel", "--no-build-isolation", "--no-index", "--no-deps", "-w", work / "dist", source, cwd=work)
    [wheel] = (work / "dist").glob("golf-*.whl")
    _run(sys.executable, "-m", "venv", "--without-pip", work / "venv", cwd=work)
    python = work / "venv" / "bin" / "python"
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=work).stdout.strip()
    # golf's dependencies come from this environment; golf itself only from the wheel.
    Path(purelib, "golf-test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    _run(*pip, "--python", python, "install", "--no-index", "--no-deps", wheel, cwd=work)
    return python.parent


def _report(bin_folder: Path, tmp_path: Path, *options: str) -> dict:
    """`golf report OPTIONS` run in an empty folder by the installed golf: its JSON report."""
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {**os.environ, "GOLF_CACHE_DIR": str(tmp_path / "cache")}
    command = [bin_folder / "golf", "report", "-q", *options]
    done = subprocess.run(command, cwd=empty, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((empty / "reports" / "golf.json").read_text())
    names = [v["name"] for v in report["variants"]]
    assert names[:2] == ["original", "combined"] and "shortest" in names and "broken/mul_grads_one_one" in names
    # Every script came from the installed package, none from this checkout.
    paths = [Path(v["path"]) for v in report["variants"]]
    assert all(p.is_absolute() and ROOT not in p.parents and "site-packages" in p.parts for p in paths), paths
    return report


def test_report_in_an_empty_folder_measures_the_bundled_variants(installed: Path, tmp_path: Path) -> None:
    report = _report(installed, tmp_path, "--no-check")
    assert {v["check"]["status"] for v in report["variants"]} == {"not checked"}
    assert all(v["counts"]["lines"] > 0 for v in report["variants"])


@pytest.mark.slow  # about a minute and a half on two busy cores: eleven runs of the bundled GPT
def test_report_in_an_empty_folder_checks_the_bundled_variants(installed: Path, tmp_path: Path) -> None:
    report = _report(installed, tmp_path, "--steps", "1")
    assert {v["check"]["status"] for v in report["variants"]} == {"checked"}


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param("import golf; print(golf.__file__)", "site-packages/golf/__init__.py", id="package"),
        pytest.param(
            "from golf.schemas import schema; print(schema('check')['$id'])", "urn:golf:schema:check", id="schemas"
        ),
        pytest.param(
            "from importlib.metadata import entry_points; "
            "print([e.value for e in entry_points(group='pytest11') if e.name == 'golf'][0])",
            "golf.pytest_plugin",
            id="pytest-plugin",
        ),
        pytest.param(
            "import runpy, sys; sys.argv = ['golf', '--version']; runpy.run_module('golf')", "golf 0.1.0", id="python-m"
        ),
    ],
)
def test_installed_package(installed: Path, tmp_path: Path, code: str, expected: str) -> None:
    done = subprocess.run([installed / "python", "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert expected in done.stdout, done.stdout + done.stderr
