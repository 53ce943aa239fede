"""golf.measure.metrics: radon's metrics of a source text, as one frozen value."""

from __future__ import annotations

import math
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
from radon.metrics import mi_visit
from radon.raw import analyze

from golf.measure.metrics import RadonMetrics, radon_metrics
from golf.measure.model import SourceSyntaxError

ROOT = Path(__file__).resolve().parents[1]

NESTED = (
    "class A:\n    def m(self, x):\n        for i in x:\n            if i: return i\n    def n(self): pass\n"
    "\ndef g(): pass\n"
)

# (source, the metrics it must have); fields not named are not checked here.
CASES = [
    pytest.param(
        "",
        {
            "loc": 0,
            "sloc": 0,
            "cc_blocks": 0,
            "cc_average": 0.0,
            "cc_worst_name": None,
            "cc_worst": 0,
            "mi": 100.0,
            "halstead_volume": 0.0,
            "halstead_difficulty": 0.0,
        },
        id="empty",
    ),
    pytest.param(
        # Halstead: one operator used once, two operands used once each: volume 3 * log2(3), difficulty 1/2 * 2/2.
        "x = a + b\n",
        {"loc": 1, "lloc": 1, "cc_blocks": 0, "halstead_volume": 3 * math.log2(3), "halstead_difficulty": 0.5},
        id="expression",
    ),
    pytest.param(
        "def f(x):\n    if x:\n        return 1\n    return 2\n",
        {"loc": 4, "sloc": 4, "cc_blocks": 1, "cc_average": 2.0, "cc_worst_name": "f", "cc_worst": 2},
        id="one-branch",
    ),
    pytest.param(
        # Blocks: g (1), A (radon: 4 / 2 methods + 1 = 3), A.m (1 + for + if = 3), A.n (1); the tie goes to
        # the block that comes first in the source.
        NESTED,
        {"cc_blocks": 4, "cc_average": 2.0, "cc_worst_name": "A", "cc_worst": 3, "blank": 1},
        id="class-methods-tie",
    ),
    pytest.param(
        "def f(a):\n    return a and b or c\ndef g(a):\n    if a: pass\n    elif b: pass\n    else: pass\n",
        {"cc_blocks": 2, "cc_average": 3.0, "cc_worst_name": "f", "cc_worst": 3},
        id="boolean-operators",
    ),
    pytest.param(
        '"""Doc."""\n# comment\nx = 1  # trailing\n',
        {"loc": 3, "comments": 2, "single_comments": 2, "sloc": 1, "multi": 0},
        id="raw-comments",
    ),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_radon_metrics(source: str, expected: dict[str, object]) -> None:
    metrics = radon_metrics(source)
    assert {name: getattr(metrics, name) for name in expected} == pytest.approx(expected)


def test_method_named_with_its_class() -> None:
    # radon rates a class int(6 / 4 methods) + 1 = 2, below its method m.
    source = (
        "class A:\n    def n(self): pass\n    def m(self, x):\n        if x: return 1\n        if x > 1: return 2\n"
        "        return 3\n    def o(self): pass\n    def p(self): pass\n"
    )
    metrics = radon_metrics(source)
    assert (metrics.cc_worst_name, metrics.cc_worst) == ("A.m", 3)


@pytest.mark.parametrize(
    "path", [ROOT / "variants" / "original.py", ROOT / "golf" / "measure" / "count.py"], ids=lambda p: p.name
)
def test_same_numbers_as_radon(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    metrics, raw = radon_metrics(source), analyze(source)
    assert (metrics.loc, metrics.lloc, metrics.sloc, metrics.comments, metrics.multi, metrics.blank) == raw[:6]
    assert metrics.single_comments == raw.single_comments
    assert metrics.mi == mi_visit(source, multi=True)
    assert 0 < metrics.cc_average <= metrics.cc_worst


@pytest.mark.parametrize(
    ("source", "line", "column"),
    [pytest.param("def f(:\n", 1, 7, id="bad-parameters"), pytest.param("x = 1\nx = (1,\n", 2, 5, id="unclosed")],
)
def test_syntax_error(source: str, line: int, column: int) -> None:
    with pytest.raises(SourceSyntaxError) as caught:
        radon_metrics(source)
    assert (caught.value.line, caught.value.column) == (line, column)


def test_frozen() -> None:
    metrics = radon_metrics("x = 1\n")
    assert isinstance(metrics, RadonMetrics)
    with pytest.raises(FrozenInstanceError):
        metrics.loc = 2  # type: ignore[misc]
