"""tilde-increment: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import libcst as cst
import pytest

from golf.codemods.tilde_increment import TECHNIQUE as TILDE_INCREMENT

from .helpers import assert_changes, assert_refuses, run_both


@pytest.mark.parametrize(
    ("before", "after", "params"),
    [
        pytest.param("y = x ** (o + 1)\n", "y = x ** -~o\n", {}, id="exponent"),
        pytest.param("y = x**(o+1)*(1+a.b)\n", "y = x**-~o*-~a.b\n", {}, id="exponent-and-factor"),
        pytest.param("y = (n-1)*a - (b[0]+1) + c/(f(x)-1)\n", "y = ~-n*a - -~b[0] + c/~-f(x)\n", {}, id="tight"),
        pytest.param("y = a//(o+1) % (o-1) @ (o+1)\n", "y = a//-~o % ~-o @ -~o\n", {}, id="floor-mod-matmul"),
        pytest.param("y = -(o+1), ~(o-1), +(o+1)\n", "y = --~o, ~~-o, +-~o\n", {}, id="unary"),
        pytest.param("y=a-(o+1)\n", "y=a--~o\n", {}, id="after-minus"),
        pytest.param('print(f"{x*(o+1)}")\n', 'print(f"{x*-~o}")\n', {}, id="f-string-field"),
        pytest.param("y = x*(o+1) + z*(b-1)\n", "y = x*(o+1) + z*~-b\n", {"operand": "b"}, id="one-operand"),
        pytest.param("y = x*(a.b+1) + x*(a+1)\n", "y = x*-~a.b + x*(a+1)\n", {"operand": "a.b"}, id="attribute"),
    ],
)
def test_tilde_increment_changes(before: str, after: str, params: dict[str, str]) -> None:
    assert_changes(TILDE_INCREMENT, before, after, params)


@pytest.mark.parametrize(
    ("before", "reason", "params"),
    [
        # `-~o**2` is `-~(o**2)`, and `-~o.real` is `-~(o.real)`: the exactness guard.
        pytest.param("y = (o+1)**2 + (o+1).real + (o+1)[0]\n", "needs its parentheses", {}, id="binds-looser"),
        pytest.param("y = (o+1) + a, a < (o+1), not (o+1)\n", "needs its parentheses", {}, id="parens-not-needed"),
        pytest.param("y = f(o+1) + a*(o*2+1)\n", "needs its parentheses", {}, id="not-an-atom-or-operand"),
        pytest.param("y = a*(1.5+1) + a*('s'+1)\n", "needs its parentheses", {}, id="literal-operand"),
        pytest.param("y = x*(o+2) + x*(1-o) + x*(o+1.0)\n", "needs its parentheses", {}, id="not-plus-minus-one"),
        pytest.param('print(f"{x*(o+1)=}")\n', "self-documenting", {}, id="self-documenting-f-string"),
        pytest.param("y = x*(o+1)\n", "of b", {"operand": "b"}, id="other-operand"),
    ],
)
def test_tilde_increment_refuses(before: str, reason: str, params: dict[str, str]) -> None:
    assert_refuses(TILDE_INCREMENT, before, reason, params)


def test_tilde_increment_candidates_one_per_operand() -> None:
    assert TILDE_INCREMENT.trial
    module = cst.parse_module("y = x**(o+1) + b*(o-1) + c*(b-1)\nz = (o+1)**2\n")
    assert TILDE_INCREMENT.candidates(module) == [{"operand": "o"}, {"operand": "b"}]
    assert TILDE_INCREMENT.candidates(cst.parse_module("y = (o+1)**2\n")) == []


@pytest.mark.parametrize("value", [-3, -1, 0, 1, 7, True, False])
def test_tilde_increment_is_exact_for_ints(value: int) -> None:
    before, after = run_both(TILDE_INCREMENT, "y = (2*(o+1), 3*(o-1), 2**(o+1) if o > -2 else 0)\n", {"o": value})
    assert before["y"] == after["y"]
