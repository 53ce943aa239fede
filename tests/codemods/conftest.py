"""Fixtures the technique tests share: original.py, a golfed form of it, and the real checker on a tiny data set."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES, VARIANTS

from golf.engine.check import check_many
from golf.engine.verdict import Verdict

from .helpers import chain

#: Steps and data for the real checks: short runs on a tiny alphabet keep sampling short too.
CHECK_STEPS = 2
TINY_DATA = "ab\nba\naab\nb\nbba\na\n"

#: Techniques that golf original.py the way a search does: one-letter names, lambdas, `;`-joined lines,
#: one-space indents.
GOLFING = ("strip-comments-docstrings", "rename-short", "lambda-defs", "join-statements", "squeeze-whitespace")

#: What `check_sources` returns: a verdict per name, for sources given by name.
CheckSources = Callable[[dict[str, str]], dict[str, Verdict]]


@pytest.fixture(scope="session")
def original() -> str:
    """The source of variants/original.py."""
    return (VARIANTS / "original.py").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shrunk() -> str:
    """A `golf shrink --metric bytes` result: some techniques only find their shape this late in a search."""
    return (FIXTURES / "shrunk_bytes.py").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def golfed_original(original: str) -> str:
    """original.py in golfed form, built with the registered techniques."""
    golfed = chain(original, GOLFING)
    assert "\n def backward" in golfed and ";" in golfed  # really golfed: one-space indents, joined lines
    return golfed


@pytest.fixture
def check_sources(tmp_path: Path, run_cache: Path) -> CheckSources:
    """Check sources (by name) against original.py with the real checker, in parallel, on the tiny data set."""
    data = tmp_path / "tiny.txt"
    data.write_text(TINY_DATA, encoding="utf-8")

    def check_all(sources: dict[str, str]) -> dict[str, Verdict]:
        paths = []
        for name, source in sources.items():
            paths.append(tmp_path / f"{name.replace('-', '_')}.py")
            paths[-1].write_text(source, encoding="utf-8")
        # The tiny data set alone: these tests pin each technique's exactness, not the domain's cells.
        verdicts = check_many(
            paths, VARIANTS / "original.py", steps=CHECK_STEPS, data=data, domain="names", cache_dir=run_cache
        )
        return dict(zip(sources, verdicts, strict=True))

    return check_all
