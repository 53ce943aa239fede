"""`golf count`: tables, JSON, and one clear line for each kind of bad input."""

from __future__ import annotations

import argparse
import importlib.util
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

import libcst
import pytest

from golf.commands import count as count_command
from golf.measure.count import count_source

LIBCST = Path(libcst.__file__).parent
GOOD = 'import os\n\n\ndef f(a):\n    """Doc."""\n    return a  # same\n\n\nclass Box:\n    size = 1\n'


def _count_only_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="golf")
    count_command.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.run(args)


if importlib.util.find_spec("golf.commands.report") is not None:
    from golf.cli import main
else:  # golf.commands.report is still being written: the same parser, with only this command registered
    main = _count_only_main


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_table_per_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path / "good.py", GOOD)
    assert main(["count", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert str(path) in out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
    total = count_source(GOOD).total
    assert rows["f"] == ["function", "3", "0", "0", "1", "2", "3", "46", "30", "9", "20"]
    assert rows["Box"][:2] == ["class", "2"]
    assert rows["module"][:3] == ["code", "module", "5"]
    assert rows["total"] == [str(value) for value in asdict(total).values()]


def test_no_regions_one_row_per_file_and_sum(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = _write(tmp_path / "a.py", GOOD), _write(tmp_path / "b.py", "x = 1\n")
    assert main(["count", "--no-regions", str(first), str(second)]) == 0
    out = capsys.readouterr().out
    assert "module code" not in out
    sum_row = next(line for line in out.splitlines() if "total (2 files)" in line)
    assert sum_row.split()[3] == str(count_source(GOOD).total.lines + 1)


def test_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path / "good.py", GOOD)
    assert main(["count", "--json", str(path)]) == 0
    output = json.loads(capsys.readouterr().out)
    assert (output["format_version"], output["kind"], output["generator"]) == (2, "count", "golf 0.1.0")
    [record] = output["files"]
    counted = count_source(GOOD)
    assert list(record) == ["path", "error", "total", "regions"]
    assert record["path"] == str(path) and record["error"] is None
    assert record["total"] == asdict(counted.total)
    assert record["regions"] == [asdict(region) for region in counted.regions]
    assert [(r["name"], r["kind"]) for r in record["regions"]] == [
        ("module code", "module"),
        ("f", "function"),
        ("Box", "class"),
    ]


def test_json_reports_bad_files_as_objects(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad, good = _write(tmp_path / "bad.py", "x = 1\ndef f(:\n"), _write(tmp_path / "good.py", GOOD)
    assert main(["count", "--json", str(bad), str(good)]) == 1
    records = json.loads(capsys.readouterr().out)["files"]
    assert records[0] == {
        "path": str(bad),
        "error": f"{bad}:2:7: syntax error: invalid syntax",
        "total": None,
        "regions": [],
    }
    assert records[1]["error"] is None and records[1]["total"]["lines"] == 10


def _syntax_error(tmp: Path) -> list[str]:
    return [str(_write(tmp / "bad.py", "x = 1\ndef f(:\n    pass\n")), str(_write(tmp / "good.py", GOOD))]


def _not_utf8(tmp: Path) -> list[str]:
    return [str(_write(tmp / "latin.py", b"# caf\xe9\nx = 1\n")), str(_write(tmp / "good.py", GOOD))]


def _empty_file(tmp: Path) -> list[str]:
    return [str(_write(tmp / "empty.py", b""))]


def _nul_bytes(tmp: Path) -> list[str]:
    return [str(_write(tmp / "binary.py", b"x = 1\0\n"))]


def _no_python_files(tmp: Path) -> list[str]:
    _write(tmp / "docs" / "notes.txt", "hello\n")
    _write(tmp / "docs" / "__pycache__" / "cached.py", "x = 1\n")
    return [str(tmp / "docs")]


def _missing(tmp: Path) -> list[str]:
    return [str(tmp / "nowhere.py"), str(_write(tmp / "good.py", GOOD))]


# (makes the arguments, the message expected on stderr with {tmp} for the directory).
BAD_INPUT = [
    pytest.param(_syntax_error, "golf count: {tmp}/bad.py:2:7: syntax error: invalid syntax", id="syntax-error"),
    pytest.param(
        _not_utf8, "golf count: {tmp}/latin.py: not UTF-8 (bad byte at offset 5); re-encode it as UTF-8", id="not-utf8"
    ),
    pytest.param(_empty_file, "golf count: {tmp}/empty.py: empty file, nothing to count", id="empty-file"),
    pytest.param(_nul_bytes, "golf count: {tmp}/binary.py: contains NUL bytes", id="nul-bytes"),
    pytest.param(_no_python_files, "golf count: {tmp}/docs: no Python files here", id="no-python-files"),
    pytest.param(_missing, "golf count: {tmp}/nowhere.py: no such file or directory; check the path", id="missing"),
]


@pytest.mark.parametrize(("make_args", "message"), BAD_INPUT)
def test_bad_input_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make_args: Callable[[Path], list[str]], message: str
) -> None:
    args = make_args(tmp_path)
    assert main(["count", *args]) == 1
    out, err = capsys.readouterr()
    [line] = err.splitlines()
    assert line.startswith(message.format(tmp=tmp_path))
    assert "Traceback" not in out + err
    if any(arg.endswith("good.py") for arg in args):  # the other files are still counted
        assert f"{tmp_path}/good.py" in out and "total" in out


def test_empty_file_in_a_directory_is_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "pkg" / "__init__.py", b"")
    _write(tmp_path / "pkg" / "mod.py", GOOD)
    assert main(["count", "--json", str(tmp_path / "pkg")]) == 0
    records = json.loads(capsys.readouterr().out)["files"]
    assert [(Path(r["path"]).name, r["error"], r["total"]["lines"]) for r in records] == [
        ("__init__.py", None, 0),
        ("mod.py", None, 10),
    ]


def test_help_explains_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["count", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for text in ("PATH", "--json", "--regions", "--no-regions", "docstrings", "logical", "module code", "exit status"):
        assert text in out


def test_libcst_helpers_without_errors(capsys: pytest.CaptureFixture[str]) -> None:
    """An installed package, tests and fixtures included, counts without an error."""
    directory = LIBCST / "helpers"
    assert main(["count", "--json", str(directory)]) == 0
    records = json.loads(capsys.readouterr().out)["files"]
    expected = sorted(p for p in directory.rglob("*.py") if "__pycache__" not in p.parts)
    assert sorted(Path(r["path"]) for r in records) == expected
    assert all(
        r["error"] is None and r["total"]["lines"] == sum(g["counts"]["lines"] for g in r["regions"]) for r in records
    )


def test_paths_are_not_rich_markup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path / "x[bold]" / "a.py", "x = 1\n")
    assert main(["count", str(path)]) == 0
    assert main(["count", "--no-regions", str(path)]) == 0
    assert capsys.readouterr().out.count(str(path)) == 2
