"""positional-keywords: before/after snippets (exact output) and refusals (a part of the reason)."""

from __future__ import annotations

import libcst as cst
import pytest

from golf.codemods.positional_keywords import TECHNIQUE as POSITIONAL_KEYWORDS

from .helpers import assert_changes, assert_refuses


@pytest.mark.parametrize(
    ("before", "after", "params"),
    [
        pytest.param("z=choices(range(F),weights=W)[0]\n", "z=choices(range(F),W)[0]\n", {}, id="choices"),
        pytest.param("y = a.get(k, default=1)\n", "y = a.get(k, 1)\n", {}, id="method"),
        pytest.param(
            "def f(a, b, c, *, d): pass\nf(1, b=2, c=3, d=4)\n",
            "def f(a, b, c, *, d): pass\nf(1, 2, 3, d=4)\n",
            {},
            id="signature-in-order",
        ),
        pytest.param(
            "def f(a, b, c): pass\nf(1, b=2, d=3)\n",
            "def f(a, b, c): pass\nf(1, 2, d=3)\n",
            {},
            id="signature-stops",
        ),
        pytest.param("g = lambda a, b=1: a\ng(x, b=2)\n", "g = lambda a, b=1: a\ng(x, 2)\n", {}, id="lambda"),
        pytest.param("def f(a, b): pass\nf(a=1, b=2)\n", "def f(a, b): pass\nf(1, 2)\n", {}, id="no-positional"),
        pytest.param("def f(a, /, b): pass\nf(1, b=2)\n", "def f(a, /, b): pass\nf(1, 2)\n", {}, id="after-posonly"),
        pytest.param("f(g(a, k=1), j=2)\n", "f(g(a, 1), 2)\n", {}, id="nested"),
        pytest.param("f(a, k=1)\ng(b, j=2)\n", "f(a, k=1)\ng(b, 2)\n", {"line": "2", "column": "0"}, id="one-site"),
        # Known standard callees: a keyword converts when it names their next positional parameter.
        pytest.param("y = random.choices(p, weights=w, k=3)\n", "y = random.choices(p, w, k=3)\n", {}, id="choices"),
        pytest.param("f = open(p, mode='w', encoding=e)\n", "f = open(p, 'w', encoding=e)\n", {}, id="open-mode"),
        pytest.param("y = re.sub(a, b, s, count=1)\n", "y = re.sub(a, b, s, 1)\n", {}, id="re-sub-count"),
        pytest.param("y = s.split(' ', maxsplit=1)\n", "y = s.split(' ', 1)\n", {}, id="split"),
    ],
)
def test_positional_keywords_changes(before: str, after: str, params: dict[str, str]) -> None:
    assert_changes(POSITIONAL_KEYWORDS, before, after, params)


@pytest.mark.parametrize(
    ("before", "reason", "params"),
    [
        # The signature shows `c` is not the second parameter: the exactness guard for known callees.
        pytest.param("def f(a, b, c): pass\nf(1, c=3)\n", "no call", {}, id="not-next-parameter"),
        pytest.param("def f(a, *, b): pass\nf(1, b=2)\n", "no call", {}, id="keyword-only"),
        pytest.param("f = lambda a, b: a\nf = g\nf(1, b=2, c=3)\n", "no call", {}, id="rebound-two-keywords"),
        pytest.param('print(x, end="")\n', "no call", {}, id="print"),
        pytest.param("y = sorted(x, key=f), max(x, key=f), min(x, key=f)\n", "no call", {}, id="key"),
        pytest.param("y = zip(a, b, strict=True), dict(a, b=1)\n", "no call", {}, id="zip-dict"),
        pytest.param("a.sort(x, key=f)\n", "no call", {}, id="sort"),
        # Keyword-only parameters of known standard callees, or keywords that are items: converting fails.
        pytest.param("y = json.dumps(x, indent=1)\n", "no call", {}, id="dumps"),
        pytest.param("y = Counter('ab', c=1), defaultdict(list, a=1)\n", "no call", {}, id="items"),
        pytest.param("y = math.isclose(a, b, rel_tol=t)\n", "no call", {}, id="isclose"),
        pytest.param("y = random.choices(p, k=3), choices(p, cum_weights=c)\n", "no call", {}, id="choices-k"),
        pytest.param("y = product(a, repeat=2)\n", "no call", {}, id="product"),
        pytest.param("f = open(p, encoding=e)\n", "no call", {}, id="open-not-mode"),
        pytest.param("y = re.sub(a, b, s, flags=f)\n", "no call", {}, id="re-sub-flags"),
        # A `def` shadowing a builtin: a call before the `def` runs calls the builtin (key is keyword-only).
        pytest.param("print(max(x, key=abs))\ndef max(a, key): return 0\n", "no call", {}, id="def-shadows-builtin"),
        # Signatures are not trusted where the program could replace a function or its code unseen.
        pytest.param("def f(a, b): pass\nf.__code__ = g.__code__\nf(1, b=2, c=3)\n", "no call", {}, id="code"),
        pytest.param("def f(a, b): pass\nexec(s)\nf(1, b=2, c=3)\n", "no call", {}, id="exec"),
        pytest.param("f(*a, k=1)\nf(a, **k)\nf(a, *b, k=1)\n", "no call", {}, id="star-arguments"),
        pytest.param("f(a, k=1, j=2)\n", "no call", {}, id="two-keywords-unknown-callee"),
        pytest.param("f(k=1)\n", "no call", {}, id="no-positional-unknown-callee"),
        pytest.param("f(a)\n", "no call", {}, id="nothing"),
        pytest.param("f(a, k=1)\n", "line 2 column 0", {"line": "2", "column": "0"}, id="no-call-there"),
    ],
)
def test_positional_keywords_refuses(before: str, reason: str, params: dict[str, str]) -> None:
    assert_refuses(POSITIONAL_KEYWORDS, before, reason, params)


def test_positional_keywords_candidates() -> None:
    assert POSITIONAL_KEYWORDS.trial
    two = cst.parse_module("f(a, k=1)\nx = g(b, j=2)\n")
    assert POSITIONAL_KEYWORDS.candidates(two) == [{}, {"line": "1", "column": "0"}, {"line": "2", "column": "4"}]
    assert POSITIONAL_KEYWORDS.candidates(cst.parse_module("f(a, k=1)\n")) == [{}]
    assert POSITIONAL_KEYWORDS.candidates(cst.parse_module("f(a, k=1, j=2)\n")) == []
