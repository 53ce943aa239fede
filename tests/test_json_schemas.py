"""Every JSON output validates against its committed schema (golf/schemas/), and broken documents do not."""

from __future__ import annotations

import contextlib
import copy
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, VARIANTS

from golf.cli import main
from golf.schemas import KINDS, schema, validator

jsonschema = pytest.importorskip("jsonschema")  # the `test` extra

TINY = FIXTURES / "bad"


def _golf_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    main(list(argv))
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def check_output(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """`golf check --json` on an identical, a diverged (NaN loss) and a failed variant, at 5 steps."""
    cache = tmp_path_factory.mktemp("schema-cache")
    variants = [str(TINY / f"{name}.py") for name in ("tiny_golfed", "nan_loss", "raises_mid_training")]
    argv = ["check", *variants, "--reference", str(TINY / "tiny_reference.py"), "--steps", "5", "--json"]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):  # capsys is per test; this output serves the module
        assert main([*argv, "--cache-dir", str(cache)]) == 1
    return json.loads(out.getvalue())


def _report(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    return json.loads((ROOT / "reports" / "golf.json").read_text())


def _comparison(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    return _golf_json(
        capsys, "compare", "original", "shortest", "--variants", str(VARIANTS), "--no-check", "-f", "json"
    )


def _count(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    return _golf_json(capsys, "count", "--json", str(VARIANTS / "shortest.py"), str(TINY / "syntax_error.py"))


@pytest.mark.parametrize("kind", [*KINDS, "common"])
def test_schema_is_a_valid_draft_2020_12_schema(kind: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema(kind))


@pytest.mark.parametrize(
    ("kind", "produce"),
    [
        pytest.param("report", _report, id="committed-report"),
        pytest.param("comparison", _comparison, id="comparison"),
        pytest.param("count", _count, id="count"),
    ],
)
def test_output_matches_its_schema(
    capsys: pytest.CaptureFixture[str], kind: str, produce: Callable[[pytest.CaptureFixture[str]], dict[str, Any]]
) -> None:
    document = produce(capsys)
    assert document["kind"] == kind
    validator(kind).validate(document)


def test_check_output_matches_its_schema(check_output: dict[str, Any]) -> None:
    assert [v["verdict"] for v in check_output["variants"]] == ["identical", "diverged", "failed"]
    validator("check").validate(check_output)


# Mutations a reader must be protected from: each must make the document invalid.
BREAKAGES = [
    pytest.param(lambda d: d.pop("format_version"), id="no-format-version"),
    pytest.param(lambda d: d.update(format_version=3), id="unknown-format-version"),
    pytest.param(lambda d: d.update(kind="report"), id="wrong-kind"),
    pytest.param(lambda d: d.update(generated="yesterday"), id="bad-timestamp"),
    pytest.param(lambda d: d["variants"][0].update(verdict="maybe"), id="unknown-verdict"),
    pytest.param(lambda d: d["variants"][1]["first_divergence"].update(quantity="weights"), id="unknown-quantity"),
    pytest.param(lambda d: d["variants"][0].update(max_ulp_diff=-1), id="negative-ulp"),
    pytest.param(lambda d: d["variants"][0].pop("losses"), id="missing-losses"),
    pytest.param(lambda d: d["variants"][0].update(cached="yes"), id="cached-not-bool"),
    pytest.param(lambda d: d["variants"][0].update(output="similar"), id="unknown-output"),
    pytest.param(lambda d: d["variants"][0].pop("cells"), id="missing-cells"),
    pytest.param(lambda d: d["variants"][0]["cells"][0].update(verdict="maybe"), id="unknown-cell-verdict"),
]


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_broken_check_output_is_rejected(check_output: dict[str, Any], breakage: Callable[[dict], object]) -> None:
    document = copy.deepcopy(check_output)
    breakage(document)
    assert not validator("check").is_valid(document)


@pytest.mark.parametrize(
    "breakage",
    [
        pytest.param(lambda d: d["files"][0]["total"].update(lines="12"), id="count-as-text"),
        pytest.param(lambda d: d["files"][0]["total"].pop("tokens"), id="missing-counter"),
        pytest.param(lambda d: d["files"][0]["regions"][0].update(kind="method"), id="unknown-region-kind"),
    ],
)
def test_broken_count_output_is_rejected(
    capsys: pytest.CaptureFixture[str], breakage: Callable[[dict], object]
) -> None:
    document = _count(capsys)
    validator("count").validate(document)
    breakage(document)
    assert not validator("count").is_valid(document)


def test_schemas_ship_as_package_data() -> None:
    folder = Path(__file__).resolve().parents[1] / "golf" / "schemas"
    assert sorted(p.name for p in folder.glob("*.schema.json")) == sorted(
        f"{k}.schema.json" for k in (*KINDS, "common")
    )
