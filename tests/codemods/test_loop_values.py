"""loop-values: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from golf.codemods.loop_values import TECHNIQUE

from .helpers import assert_changes_offered, assert_refuses_unoffered, code, printed_both

NOTHING = "no loop `for h in range(N)` starts with `b = h*K`"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("for h in range(4):b=h*4;print(b)\n", "for b in 0,4,8,12:print(b)\n", id="one-line"),
        pytest.param(
            """
            def f():
                for h in range(3):
                    b = 2*h
                    print(b)
                return b
            """,
            """
            def f():
                for b in 0,2,4:
                    print(b)
                return b
            """,
            id="block-factor-first-last-value-kept",
        ),
    ],
)
def test_changes(before: str, after: str) -> None:
    assert_changes_offered(TECHNIQUE, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param("for h in range(4):b=h*4;print(h)\n", NOTHING, id="h-read-in-body"),
        pytest.param("for h in range(4):b=h*4;f()\nprint(h)\n", NOTHING, id="h-read-after-loop"),
        pytest.param("def g():\n    for h in range(4):b=h*4;f()\n    del h\n", NOTHING, id="h-deleted"),
        pytest.param("for h in range(40):b=h*4;f(b)\n", NOTHING, id="longer"),
        pytest.param("for h in range(1):b=h*4;f(b)\n", NOTHING, id="one-iteration"),
        pytest.param("for h in range(n):b=h*4;f(b)\n", NOTHING, id="count-not-literal"),
        pytest.param("for h in range(4):b=h*k;f(b)\n", NOTHING, id="factor-not-literal"),
        pytest.param("for h in range(4):b=h*4;f(b)\nelse:g()\n", NOTHING, id="else"),
        pytest.param("for h in range(4):f();b=h*4\n", NOTHING, id="not-first"),
        pytest.param("range=list\nfor h in range(4):b=h*4;f(b)\n", "range is bound", id="range-rebound"),
        pytest.param(
            "import builtins\nbuiltins.range=f\nfor h in range(4):b=h*4;f(b)\n", "builtins", id="builtins-range-rebound"
        ),
        pytest.param("for h in range(4):b=h*4;f(locals())\n", "locals", id="introspection"),
    ],
)
def test_refuses(before: str, reason: str) -> None:
    assert_refuses_unoffered(TECHNIQUE, before, reason)


def test_both_forms_print_the_same() -> None:
    before = code(
        """
        def f():
            out = []
            for h in range(5):
                b = h * 3
                out.append(b * b)
            return out, b
        print(f())
        """
    )
    printed = printed_both(TECHNIQUE, before)
    assert printed[0] == printed[1] == "([0, 9, 36, 81, 144], 12)\n"
