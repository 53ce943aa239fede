"""splice-lists: before/after snippets (exact output), refusals (a part of the reason), and original.py's token line.

The last test joins the token line after map-comprehension has rewritten its comprehension.
"""

from __future__ import annotations

import pytest

from golf.codemods.splice_lists import TECHNIQUE as SPLICE_LISTS

from .helpers import assert_changes_offered, assert_refuses_unoffered, chain


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("y = [a] + [b, c]\n", "y = [a,b,c]\n", id="displays"),
        pytest.param("y = [e] + [f(x) for x in xs] + [e]\n", "y = [e,*[f(x) for x in xs],e]\n", id="comprehension"),
        pytest.param("y = [e] + [*map(f, xs)] + [e]\n", "y = [e,*map(f, xs),e]\n", id="starred-display"),
        pytest.param("y = [a] + [b] + z + [c] + [d]\n", "y = [a,b] + z + [c] + [d]\n", id="leading-run-only"),
        pytest.param("y = [a] + ([b] + [c])\n", "y = [a,b,c]\n", id="parenthesized-right"),
        pytest.param("y = ([a] + [b]).count(a)\n", "y = [a,b].count(a)\n", id="parentheses-dropped"),
        pytest.param("y = [x for x in z] + [a] + [b]\n", "y = [x for x in z] + [a,b]\n", id="best-groups"),
        pytest.param("y = [a] + [] + [b]\n", "y = [a,b]\n", id="empty"),
        pytest.param(
            "M=[E]+[*map(D.index,A[B%len(A)])]+[E]\n", "M=[E,*map(D.index,A[B%len(A)]),E]\n", id="target-after-map"
        ),
    ],
)
def test_splice_lists_changes(before: str, after: str) -> None:
    assert_changes_offered(SPLICE_LISTS, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param("y = z + [a] + [b]\n", "no `+`", id="name-first"),  # z could be a type with its own __add__
        pytest.param("y = [a] + z\n", "no `+`", id="name-operand"),
        pytest.param("y = (a,) + (b,)\n", "no `+`", id="tuples"),
        pytest.param("y = [a] + [x for x in z]\n", "no `+`", id="comprehension-longer"),
        pytest.param("y = [x for x in z] + [x for x in w]\n", "no `+`", id="two-comprehensions"),
        pytest.param("y = [a] * 2 + [b]\n", "no `+`", id="repeated"),
        pytest.param("y = [a] - [b]\n", "no `+`", id="other-operator"),
    ],
)
def test_splice_lists_refuses(before: str, reason: str) -> None:
    assert_refuses_unoffered(SPLICE_LISTS, before, reason)


def test_after_map_comprehension_on_original(original: str) -> None:
    line = "    tokens = [BOS] + [uchars.index(ch) for ch in doc] + [BOS]\n"
    assert line in original
    assert "    tokens = [BOS,*map(uchars.index,doc),BOS]\n" in chain(original, ["map-comprehension", "splice-lists"])
