"""reuse-value: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import pytest

from golf.codemods.reuse_value import TECHNIQUE

from .helpers import assert_changes_offered, assert_refuses_unoffered


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("E=len(D);F=len(D)+1;print(len(D))\n", "E=len(D);F=E+1;print(E)\n", id="same-line"),
        pytest.param("E = len(D)\nF = len( D ) + 1\n", "E = len(D)\nF = E + 1\n", id="same-tree-other-spacing"),
        pytest.param(
            "E=len(D);D=len(D)+1;F=len(D)\n",
            "E=len(D);D=E+1;F=len(D)\n",  # the right-hand side runs before D is rebound; after it, no more
            id="stops-after-rebinding-what-it-reads",
        ),
        pytest.param(
            "def g(D):\n    E=len(D);return [len(D) for _ in D], len(D)\n",
            "def g(D):\n    E=len(D);return [len(D) for _ in D], E\n",  # not inside the comprehension
            id="function-body-not-nested-scopes",
        ),
        pytest.param("E=a.b[1:]+1;x=a.b[1:]+1\n", "E=a.b[1:]+1;x=E\n", id="attribute-slice-arithmetic"),
        pytest.param("E=-a\nF=1 if-a else(-a)\n", "E=-a\nF=1 if E else E\n", id="spaced-from-keyword-no-parens"),
    ],
)
def test_changes(before: str, after: str) -> None:
    assert_changes_offered(TECHNIQUE, before, after)


NOTHING = "no expression is computed again"


@pytest.mark.parametrize(
    "before",
    [
        pytest.param("E=len(D);D.append(1);F=len(D)\n", id="method-call-may-change-it"),
        pytest.param("E=len(D);D[0]=1;F=len(D)\n", id="store-into-it"),
        pytest.param("E=len(D)\nD=[]\nF=len(D)\n", id="name-rebound"),
        pytest.param("E=len(D)\nif x:\n    F=len(D)\n", id="compound-statement-stops"),
        pytest.param("m=[0.0]*len(p)\nv=[0.0]*len(p)\n", id="new-list-would-be-shared"),
        pytest.param("a=f(x);b=f(x)\n", id="call-of-unknown-function"),
        pytest.param("a=sorted(x);b=sorted(x)\n", id="call-returning-a-new-list"),
        pytest.param("a=len(x,*y);b=len(x,*y)\n", id="starred-argument"),
        pytest.param("E=D;F=D\n", id="a-name-is-no-shorter"),
        pytest.param("E=len(E);F=len(E)\n", id="reads-its-own-name"),
        pytest.param("E=a+b\nF=(a:=5)+(a+b)\n", id="walrus-rebinds-what-it-reads-first"),
    ],
)
def test_refuses(before: str) -> None:
    assert_refuses_unoffered(TECHNIQUE, before, NOTHING)
