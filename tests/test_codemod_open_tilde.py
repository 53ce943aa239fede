"""open-inline and tilde-increment (both trials): tables of before/after snippets (exact output) and of
refusals (a part of the reason), and the candidates each offers."""

from __future__ import annotations

import libcst as cst
import pytest
from codemod_asserts import assert_changes, assert_refuses

from golf.codemods.open_inline import TECHNIQUE as OPEN_INLINE
from golf.codemods.technique import Applied, run_technique
from golf.codemods.tilde_increment import TECHNIQUE as TILDE_INCREMENT


# ---------------------------------------------------------------------------
# open-inline
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            'with open("input.txt")as f:k=[a.strip()for a in f if a.strip()]\n',
            'k=[a.strip()for a in open("input.txt") if a.strip()]\n',  # squeeze-whitespace drops the space
            id="comprehension-iterable",
        ),
        pytest.param(
            'with open("x") as f:\n    docs = [line.strip() for line in f if line.strip()]\nprint(docs)\n',
            'docs = [line.strip() for line in open("x") if line.strip()]\nprint(docs)\n',
            id="indented",
        ),
        pytest.param("with open(p) as f: d = f.read()\n", "d = open(p).read()\n", id="method"),
        pytest.param('with open(p, "w") as f: print(x, file=f)\n', 'print(x, file=open(p, "w"))\n', id="print"),
        pytest.param(
            """
            def g(p):
                # load
                with open(p) as f:  # header
                    return json.load(f)  # tail
            """,
            """
            def g(p):
                # load
                # header
                return json.load(open(p))  # tail
            """,
            id="return-keeps-comments",
        ),
        pytest.param(
            "for p in ps:\n    with open(p) as f: n += len(f.read())\n",
            "for p in ps:\n    n += len(open(p).read())\n",
            id="aug-assign-in-loop",
        ),
        pytest.param(
            "def f():\n    pass\nwith open(p) as f: d = f.read()\n",
            "def f():\n    pass\nd = open(p).read()\n",
            id="name-also-a-function-before",
        ),
    ],
)
def test_open_inline_changes(before: str, after: str) -> None:
    assert_changes(OPEN_INLINE, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param("with open(p) as f: d = f.read() + f.read()\n", "reads f 2 times", id="read-twice"),
        pytest.param("with open(p) as f: d = f.read()\nprint(f.closed)\n", "read outside", id="read-after"),
        pytest.param("for i in r:\n    print(f)\n    with open(p) as f: d = f.read()\n", "read outside", id="loop"),
        pytest.param('with open(p, "w") as f: c and f.write(x)\n', "zero or several times", id="conditional"),
        pytest.param("with open(p) as f: d = [a for b in x for a in f]\n", "zero or several", id="inner-for"),
        pytest.param("with open(p) as f: d = (lambda: f.read())()\n", "lambda or generator", id="lambda"),
        pytest.param("with open(p) as f: d = sum(1 for a in f)\n", "lambda or generator", id="generator"),
        pytest.param("with open(p) as f: d = g() + f.read()\n", "a call evaluated first", id="call-before"),
        pytest.param("with open(p) as f:\n    a = f.read()\n    b = 1\n", "not one simple", id="two-statements"),
        pytest.param("with open(p) as f: a = f.read(); b = 1\n", "not one assignment", id="two-small"),
        pytest.param("with open(p) as f: del f\n", "not one assignment", id="del"),
        pytest.param("with open(p) as f, open(q) as g: a = f.read()\n", "several with-items", id="two-items"),
        pytest.param("async def g():\n    async with open(p) as f: a = f.read()\n", "async", id="async"),
        pytest.param("with open(p): a = 1\n", "plain name", id="no-target"),
        pytest.param("with opener(p) as f: a = f.read()\n", "not a call of open", id="not-open"),
        pytest.param("class A:\n    with open(p) as f: a = f.read()\n", "class body", id="class-body"),
        pytest.param("open = io.open\nwith open(p) as f: a = f.read()\n", "open is bound", id="open-rebound"),
        pytest.param("from os import *\nwith open(p) as f: a = f.read()\n", "open is bound", id="star-import"),
        pytest.param("with open(p) as f: a = eval('f.read()')\n", "eval", id="names-as-strings"),
        pytest.param("with open(q := p) as f: a = f.read()\n", "walrus", id="walrus-argument"),
        pytest.param("with open(p) as f: a = (f := 1)\n", "binds f again", id="rebinds"),
        pytest.param("x = 1\n", "no with statement", id="nothing"),
        pytest.param('with open("a") as f: x = f"{f.read()}"\n', "quotes could clash", id="in-an-f-string"),
    ],
)
def test_open_inline_refuses(before: str, reason: str) -> None:
    assert_refuses(OPEN_INLINE, before, reason)


def test_open_inline_candidates() -> None:
    assert OPEN_INLINE.trial
    assert OPEN_INLINE.candidates(cst.parse_module("with open(p) as f: a = f.read()\n")) == [{}]
    assert OPEN_INLINE.candidates(cst.parse_module("with open(p) as f: a = f.read() + f.read()\n")) == []
    assert OPEN_INLINE.candidates(cst.parse_module("x = 1\n")) == []


# ---------------------------------------------------------------------------
# tilde-increment
# ---------------------------------------------------------------------------
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
    outcome = run_technique(TILDE_INCREMENT, "y = (2*(o+1), 3*(o-1), 2**(o+1) if o > -2 else 0)\n")
    assert isinstance(outcome, Applied)
    before: dict[str, object] = {"o": value}
    after: dict[str, object] = {"o": value}
    exec("y = (2*(o+1), 3*(o-1), 2**(o+1) if o > -2 else 0)\n", before)  # noqa: S102 - a fixed snippet
    exec(outcome.source, after)  # noqa: S102 - the snippet rewritten
    assert before["y"] == after["y"]
