"""string-accumulate: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import libcst as cst
import pytest

from golf.codemods.string_accumulate import TECHNIQUE as STRING_ACCUMULATE

from .helpers import (
    assert_changes,
    assert_changes_offered,
    assert_refuses,
    assert_refuses_unoffered,
    code,
    run_both,
)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            """
            V = []
            for c in cs:
                V.append(c)
            print(''.join(V))
            """,
            """
            V = ''
            for c in cs:
                V+=c
            print(V)
            """,
            id="append-and-join",
        ),
        pytest.param('V=[]\nV+=a,\nV+=(b,)\nx="".join(V)\n', "V=''\nV+=a\nV+=b\nx=V\n", id="after-augmented-append"),
        pytest.param("N,O,V=[],[],[]\nV.append(a)\nx=''.join(V)\n", "N,O,V=[],[],''\nV+=a\nx=V\n", id="tuple-binding"),
        pytest.param(
            """
            for j in range(20):
                N,O=[],[];z=E;V=[]
                for C in range(16):
                    V.append(D[z])
                print(f"sample {j+1:2d}: {''.join(V)}")
            """,
            """
            for j in range(20):
                N,O=[],[];z=E;V=''
                for C in range(16):
                    V+=D[z]
                print(f"sample {j+1:2d}: {V}")
            """,
            id="sampler-f-string",
        ),
        pytest.param(
            "def f(cs):\n    V=[]\n    for c in cs: V.append(c)\n    return ''.join(V)\n",
            "def f(cs):\n    V=''\n    for c in cs: V+=c\n    return V\n",
            id="in-a-function",
        ),
        pytest.param(
            "def g(V):\n    return len(V)\nV=[]\nV.append('a')\nprint(''.join(V))\n",
            "def g(V):\n    return len(V)\nV=''\nV+='a'\nprint(V)\n",
            id="other-variable-same-name",
        ),
        pytest.param("V=[]\nV.append(a or\n b)\nx=''.join(V)\n", "V=''\nV+=(a or\n b)\nx=V\n", id="multi-line"),
        pytest.param("V=[]\nx=''.join(V).upper()\n", "V=''\nx=V.upper()\n", id="no-append"),
    ],
)
def test_string_accumulate_changes(before: str, after: str) -> None:
    assert_changes_offered(STRING_ACCUMULATE, before, after)


def test_string_accumulate_one_variable() -> None:
    before = "V=[];W=[]\nV.append(a);W.append(b)\nx=''.join(V)+''.join(W)\n"
    assert_changes(STRING_ACCUMULATE, before, "V=[];W=''\nV.append(a);W+=b\nx=''.join(V)+W\n", {"name": "W"})
    assert STRING_ACCUMULATE.candidates(cst.parse_module(before)) == [{}, {"name": "V"}, {"name": "W"}]


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        # `len` of the string is not the list's length: the exactness guard.
        pytest.param("V=[]\nV.append(a)\nprint(len(V), ''.join(V))\n", "other than", id="other-read"),
        pytest.param("V=[]\nV=[1]\nprint(''.join(V))\n", "other than", id="other-binding"),
        pytest.param("V=[]\nfor V in x: pass\nprint(''.join(V))\n", "other than", id="for-binding"),
        pytest.param("V=[]\ndel V\nprint(''.join(V))\n", "other than", id="del"),
        pytest.param("a=V=[]\nprint(''.join(V))\n", "other than", id="two-targets"),
        pytest.param("V=[]\nV+=a,b\nprint(''.join(V))\n", "other than", id="add-two"),
        pytest.param("V=[]\nV.append(V)\nprint(''.join(V))\n", "other than", id="appends-itself"),
        pytest.param("V,W=[],V\nprint(''.join(V))\n", "other than", id="tuple-read"),
        pytest.param("V,W=x\nprint(''.join(V))\n", "other than", id="unpacked"),
        pytest.param("V=[]\nprint(f\"{''.join(V)=}\")\n", "other than", id="self-documenting"),
        pytest.param("V=[]\nx=[c for c in V]\nprint(''.join(V))\n", "other than", id="comprehension-iterable"),
        pytest.param("V=[]\ndef f():\n    V.append(1)\nprint(''.join(V))\n", "nested scope", id="nested-function"),
        pytest.param("V=[]\nf=lambda: ''.join(V)\n", "nested scope", id="lambda"),
        pytest.param("V=[]\ndef f():\n    global V\n    V=[]\nprint(''.join(V))\n", "declared global", id="global"),
        pytest.param("class A:\n    V=[]\n    s=''.join(V)\n", "class body", id="class-body"),
        pytest.param("def f(V):\n    return ''.join(V)\n", "other than", id="parameter"),
        pytest.param("V=[]\nV.append(a)\nprint(eval('V'), ''.join(V))\n", "eval", id="eval"),
        pytest.param("V=[]\nprint(' '.join(V), b''.join(V))\n", "no `''.join(V)`", id="separator"),
    ],
)
def test_string_accumulate_refuses(before: str, reason: str) -> None:
    assert_refuses_unoffered(STRING_ACCUMULATE, before, reason)


def test_string_accumulate_unwritable() -> None:
    assert_refuses(STRING_ACCUMULATE, "V=[]\nV.append('\\d')\nprint(''.join(V))\n", "cannot be written after +=")


def test_string_accumulate_other_name() -> None:
    assert_refuses(STRING_ACCUMULATE, "V=[]\nprint(''.join(V))\n", "of W", {"name": "W"})


def test_string_accumulate_runs_the_same() -> None:
    before = code(
        """
        out = []
        for j in range(3):
            V = []
            for c in "abc"[j:]:
                V.append(c * 2)
            V += "x",
            out.append(f"{j}: {''.join(V)!r:>9}")
        """
    )
    results = [scope["out"] for scope in run_both(STRING_ACCUMULATE, before)]
    assert results[0] == results[1]
