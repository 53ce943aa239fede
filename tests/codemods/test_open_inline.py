"""open-inline: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import libcst as cst
import pytest

from golf.codemods.open_inline import TECHNIQUE as OPEN_INLINE

from .helpers import assert_changes, assert_refuses


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
