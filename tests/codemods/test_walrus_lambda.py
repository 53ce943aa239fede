"""walrus-lambda: before/after snippets (exact output), refusals (a part of the reason), and the real checker.

The last test also chains short-literals, print-args and range-repeat before it on a golfed original.py.
"""

from __future__ import annotations

import re

import pytest

from golf.codemods.walrus_lambda import TECHNIQUE as WALRUS_LAMBDA

from .conftest import CheckSources
from .helpers import applied, assert_changes, assert_refuses, chain, not_identical


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            "class r:\n def __add__(b,a):a=a if isinstance(a,r)else r(a);return r(b.data+a.data,(b,a),(1,1))\n",
            "class r:\n __add__ = lambda b,a: r(b.data+(a:=a if isinstance(a,r)else r(a)).data,(b,a),(1,1))\n",
            id="golfed-method",
        ),
        pytest.param(
            """
            def f(a):
                # why
                x = g(a)  # note
                return x + x
            """,
            """
            # why
            # note
            f = lambda a: (x:=g(a)) + x
            """,
            id="indented-keeps-comments",
        ),
        pytest.param("def f(a):x=g(a);return h(x)\n", "f = lambda a: h(x:=g(a))\n", id="bare-argument"),
        pytest.param("def f(a):x=g(a);return a.b+x\n", "f = lambda a: a.b+(x:=g(a))\n", id="after-plain-reads"),
        pytest.param("def f(a):x=g(a);return a if x else 0\n", "f = lambda a: a if (x:=g(a)) else 0\n", id="test"),
        pytest.param("def f(a):x=1,2;return x\n", "f = lambda a: (x:=(1,2))\n", id="tuple-value"),
        pytest.param("def f(a):x=g(a);y=k(x);return y*x\n", "f = lambda a: (y:=k(x:=g(a)))*x\n", id="two-assignments"),
        pytest.param("def f(a):x=g(a);x=k(x);return x\n", "f = lambda a: (x:=k(x:=g(a)))\n", id="reassigned"),
    ],
)
def test_walrus_lambda_changes(before: str, after: str) -> None:
    assert_changes(WALRUS_LAMBDA, before, after)


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        pytest.param("def f(a):x=g(a);return h(a)+x\n", "a call runs before the first read of x", id="call-first"),
        pytest.param("def f(a):x=g(a);return a[0]+x\n", "indexing runs before", id="index-first"),
        pytest.param("def f(a):x=g(a);return a and x\n", "truth test", id="conditional-read"),
        pytest.param("def f(a):x=g(a);y=k(a);return y*x\n", "a call runs before the first read of x", id="order"),
        pytest.param("def f(a):x=g(a);return [x for b in a]\n", "inside a lambda or comprehension", id="comp"),
        pytest.param("def f(a):x=g(a);return [b for b in x]\n", "inside a lambda or comprehension", id="iterable"),
        pytest.param("def f(a):x=g(a);return lambda:x\n", "inside a lambda or comprehension", id="lambda"),
        pytest.param("def f(a):x=g(a);return 1\n", "never read", id="unread"),
        pytest.param(
            "def f(a):x=g(a);return a.b+x\ndef h(c):c.b=1\n", "reading .b, which a function sets", id="attr-set"
        ),
        pytest.param(
            "def f(a):x=g(a);return z+x\ndef k():\n global z\n z=1\n", "reading z, which the value could", id="global"
        ),
        pytest.param("def f(a):x=(y:=g(a));return x\n", "has a walrus", id="walrus-in-value"),
        pytest.param("@d\ndef f(a):x=g(a);return x\n", "has decorators", id="decorated"),
        pytest.param("def f(a):x=g(a);return x.__name__\n", "__name__", id="name-read"),
        pytest.param("def f(a):\n    global x\n    x = 1\n    return x\n", "no function has", id="global-target"),
        pytest.param("def f(a):return a\n", "no function has", id="no-assignment"),
    ],
)
def test_walrus_lambda_refuses(before: str, reason: str) -> None:
    assert_refuses(WALRUS_LAMBDA, before, reason)


#: Registered techniques that golf original.py the way the shrink search does, keeping
#: `def __add__(b,a):a=...;return ...` for walrus-lambda (decorator-value would take it).
_GOLF = ["strip-comments-docstrings", "drop-slots", "merge-imports", "rename-short", "join-statements"]
#: The small techniques, one after the other as the search would chain them, walrus-lambda last.
_SMALL = ["short-literals", "print-args", "range-repeat", "walrus-lambda"]


def test_on_original_and_golfed_original_is_identical(original: str, check_sources: CheckSources) -> None:
    squeezed = chain(original, [*_GOLF, "squeeze-whitespace", *_SMALL, "squeeze-whitespace"])
    assert re.search(r"__add__=lambda (\w),(\w):\w\(\1\.data\+\(\2:=", squeezed)  # walrus-lambda's work
    verdicts = check_sources({"original_walrus-lambda": applied(WALRUS_LAMBDA, original), "golfed_all_four": squeezed})
    assert not not_identical(verdicts)
