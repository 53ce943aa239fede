"""`golf techniques`: one row per registered technique with its kind, parameters and summary."""

from __future__ import annotations

import pytest

from golf.cli import main
from golf.codemods import TECHNIQUES
from golf.commands.techniques import technique_rows


@pytest.mark.parametrize(
    ("name", "kind", "parameters"),
    [
        pytest.param("inline-function", "exact", "NAME", id="required-parameter"),
        pytest.param("helper-extract", "exact", "LINE [name]", id="required-then-optional"),
        pytest.param("rename-short", "exact", "[keep] [scope=all]", id="optional-with-default"),
        pytest.param("strip-comments-docstrings", "exact", "", id="no-parameters"),
        pytest.param("drop-member", "trial", "MEMBER", id="trial"),
    ],
)
def test_row(name: str, kind: str, parameters: str) -> None:
    rows = {row[0]: row for row in technique_rows()}
    assert rows[name][1:3] == (kind, parameters)
    assert rows[name][3] == TECHNIQUES[name].summary


def test_every_technique_listed_in_registry_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["techniques"]) == 0
    out = capsys.readouterr().out
    positions = [out.index(f" {name} ") for name in TECHNIQUES]
    assert positions == sorted(positions) and len(positions) == len(TECHNIQUES)
    assert "[scope=all]" in out  # parameters are text, not rich markup


@pytest.mark.parametrize("kind", ["exact", "trial"])
def test_kind_filter(capsys: pytest.CaptureFixture[str], kind: str) -> None:
    assert main(["techniques", "--kind", kind]) == 0
    out = capsys.readouterr().out
    for name, technique in TECHNIQUES.items():
        assert (f" {name} " in out) == (technique.trial == (kind == "trial"))
