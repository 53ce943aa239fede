"""The package layout: command modules stay independent, and every module of golf stays small."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GOLF = Path(__file__).resolve().parents[1] / "golf"
COMMANDS = sorted(p for p in (GOLF / "commands").glob("*.py") if not p.name.startswith("_"))
#: Most lines a module of golf may have.
MAX_LINES = 400


def imported_modules(source: str) -> set[str]:
    """Every module `source` imports, as dotted names (`from golf.commands import report` gives
    golf.commands.report too, since the name may be a module)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("from golf.commands import report\n", "golf.commands.report", id="from-package"),
        pytest.param("from golf.commands.report import checker\n", "golf.commands.report", id="from-module"),
        pytest.param("import golf.commands.report\n", "golf.commands.report", id="import"),
        pytest.param("def f():\n    from golf.commands.apply import x\n", "golf.commands.apply", id="nested"),
    ],
)
def test_imported_modules_sees_every_form(source: str, expected: str) -> None:
    assert expected in imported_modules(source)


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: p.stem)
def test_command_modules_do_not_import_each_other(path: Path) -> None:
    others = {f"golf.commands.{p.stem}" for p in COMMANDS if p != path}
    found = imported_modules(path.read_text(encoding="utf-8")) & others
    assert not found, f"{path.name} imports {found}; shared CLI helpers belong in golf/commands/_*.py"


@pytest.mark.parametrize(
    "path",
    sorted(GOLF.rglob("*.py")),
    ids=lambda p: str(p.relative_to(GOLF)),
)
def test_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path} has {lines} lines; split it by job"
