"""print-args: before/after snippets (exact output), refusals (a part of the reason), and the real checker."""

from __future__ import annotations

import pytest

from golf.codemods.print_args import TECHNIQUE as PRINT_ARGS

from .conftest import CheckSources
from .helpers import applied, assert_changes, assert_refuses, not_identical


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param('print(f"num docs: {len(docs)}")\n', 'print("num docs:",len(docs))\n', id="one-value"),
        pytest.param('print(f"{x}")\n', "print(x)\n", id="value-only"),
        pytest.param('print(f" {x}", end="")\n', 'print("",x, end="")\n', id="keeps-end"),
        pytest.param('print(f"a {x} b {y.z} c")\n', 'print("a",x,"b",y.z,"c")\n', id="several-values"),
        pytest.param('print(f"{x} {y}")\n', "print(x,y)\n", id="values-side-by-side"),
        pytest.param('print(f"a  {x}  b")\n', 'print("a ",x," b")\n', id="extra-spaces-stay-text"),
        pytest.param('print(f"a {x!s}")\n', 'print("a",x)\n', id="str-conversion"),
        pytest.param('print(f"a {b, c}")\n', 'print("a",(b, c))\n', id="tuple-stays-one-argument"),
        pytest.param('print(f"{{a}} {x}")\n', 'print("{a}",x)\n', id="braces"),
        pytest.param("print(f'it\"s {x}')\n", "print('it\"s',x)\n", id="keeps-quotes"),
        pytest.param('print(1, f"a {x}", 2)\n', 'print(1, "a",x, 2)\n', id="among-arguments"),
    ],
)
def test_print_args_changes(before: str, after: str) -> None:
    assert_changes(PRINT_ARGS, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param('print = log\nprint(f"a {x}")\n', "print is bound", id="print-rebound"),
        pytest.param(
            'class A:\n    def __format__(self, spec):\n        return "A"\n\nprint(f"a {A()}")\n',
            "__format__",
            id="own-format",
        ),
        pytest.param('print(f"a {x}", sep="")\n', "no print call", id="sep"),
        pytest.param('print(f"a {x}", **kw)\n', "no print call", id="kwargs-may-hold-sep"),
        pytest.param('print(f"a {x:4d}")\n', "no print call", id="format-spec"),
        pytest.param('print(f"a {x!r}")\n', "no print call", id="repr-conversion"),
        pytest.param('print(f"{x=}")\n', "no print call", id="debug-form"),
        pytest.param('print(f"a{x}")\n', "no print call", id="no-space-before"),
        pytest.param('print(f"a {x}b")\n', "no print call", id="no-space-after"),
        pytest.param('print(f"a {x} {f()}")\n', "no print call", id="later-value-is-a-call"),
        pytest.param('log(f"a {x}")\n', "no print call", id="not-print"),
        pytest.param('print(f"a {x}", g())\n', "no print call", id="later-argument-is-a-call"),
    ],
)
def test_print_args_refuses(before: str, reason: str) -> None:
    assert_refuses(PRINT_ARGS, before, reason)


def test_on_original_is_identical(original: str, check_sources: CheckSources) -> None:
    assert not not_identical(check_sources({"original_print-args": applied(PRINT_ARGS, original)}))
