"""short-literals: before/after snippets (exact output), refusals (a part of the reason), and the real checker."""

from __future__ import annotations

import pytest

from golf.codemods.short_literals import TECHNIQUE as SHORT_LITERALS

from .conftest import CheckSources
from .helpers import applied, assert_changes, assert_refuses, not_identical


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("x = 0.5\n", "x = .5\n", id="leading-zero"),
        pytest.param("x = 0.0\n", "x = 0.\n", id="zero-stays-float"),
        pytest.param("x = 1.0\n", "x = 1.\n", id="one-stays-float"),
        pytest.param("x = 0.08\n", "x = .08\n", id="small"),
        pytest.param("x = 1e-08\n", "x = 1e-8\n", id="exponent-zeros"),
        pytest.param("x = 100.0\n", "x = 1e2\n", id="exponent-shorter"),
        pytest.param("x = 10.0\n", "x = 10.\n", id="tie-keeps-positional"),
        pytest.param("x = 0.1000000000000000055511151231257827\n", "x = .1\n", id="same-float-fewer-digits"),
        pytest.param("x = 0x10 + 1_000\n", "x = 16 + 1000\n", id="ints-stay-ints"),
        pytest.param("x = 18446744073709551616\n", "x = 0x10000000000000000\n", id="hex-when-shorter"),
        pytest.param("y = 0.5.hex() + 1.0.real\n", "y = .5.hex() + 1..real\n", id="attribute-on-literal"),
        pytest.param("z = x**-0.5 if 0.5 else 1.0\n", "z = x**-.5 if .5 else 1.\n", id="operators"),
        pytest.param('s = "0.5"; f = f"{0.5}"\n', 's = "0.5"; f = f"{.5}"\n', id="strings-alone"),
    ],
)
def test_short_literals_changes(before: str, after: str) -> None:
    assert_changes(SHORT_LITERALS, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param("x = .5 + 1 .real + 1e2 + 1j\n", "already in its shortest form", id="already-short"),
        pytest.param("x = 1e400\n", "already in its shortest form", id="infinity-left-alone"),
        pytest.param(
            "x = a if 1000000000000000000000else b\n",
            "runs into the next token",
            id="hex-eats-else",
            marks=pytest.mark.filterwarnings("ignore::SyntaxWarning"),  # `0else` is legal but warned about
        ),
    ],
)
def test_short_literals_refuses(before: str, reason: str) -> None:
    assert_refuses(SHORT_LITERALS, before, reason)


def test_on_original_is_identical(original: str, check_sources: CheckSources) -> None:
    assert not not_identical(check_sources({"original_short-literals": applied(SHORT_LITERALS, original)}))
