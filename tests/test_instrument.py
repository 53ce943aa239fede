"""Finding the training loop, the backward pass and the step bound in sources nobody wrote for golf."""

from __future__ import annotations

import textwrap

import pytest
from conftest import FIXTURES, VARIANTS

from golf.engine.instrument import HOOK_NAME, AnalysisFailure, Instrumented, Overrides, instrument

METHOD_STYLE = """
class Value:
    def __init__(self, data):
        self.data = data
        self.grad = 0
    def backward(self):
        self.grad = 1
num_steps = 1000
params = []
for step in range(num_steps):
    loss = Value(1.0)
    loss.backward()
    lr = 0.1 * (1 - step / num_steps)
"""

FREE_FUNCTION_STYLE = """
class V:
    def __init__(s, d): s.d = d; s.g = 0
def O(r):
    r.g = 1
for i in range(1000):
    l = V(i); O(l); x = 1 - i / 1000
y = 1000
"""


def _ok(source: str, **kwargs) -> Instrumented:
    result = instrument(textwrap.dedent(source), **kwargs)
    assert isinstance(result, Instrumented), result
    return result


def test_method_backward_is_found_and_hooked_on_the_same_line() -> None:
    result = _ok(METHOD_STYLE)
    assert (result.grad_attr, result.data_attr) == ("grad", "data")
    line = next(line for line in result.source.splitlines() if "loss.backward" in line)
    assert line.strip() == f"loss.backward(); {HOOK_NAME}(loss, lambda: None)"
    assert len(result.source.splitlines()) == len(textwrap.dedent(METHOD_STYLE).splitlines()), "line numbers kept"


def test_free_function_backward_with_other_names() -> None:
    result = _ok(FREE_FUNCTION_STYLE)
    assert (result.grad_attr, result.data_attr) == ("g", "d")
    assert f"O(l); {HOOK_NAME}(l, lambda: None); x = 1 - i / 1000" in result.source


def test_steps_rewrite_the_assigned_name_everywhere_it_is_used() -> None:
    result = _ok(METHOD_STYLE, steps=7)
    assert "num_steps = 7" in result.source
    assert "range(num_steps)" in result.source and "step / num_steps" in result.source
    assert any("num_steps = 7" in note for note in result.notes)


def test_steps_rewrite_a_literal_bound_inside_the_loop_only() -> None:
    result = _ok(FREE_FUNCTION_STYLE, steps=5)
    assert "range(5)" in result.source and "1 - i / 5" in result.source
    assert "y = 1000" in result.source, "the same literal outside the training loop is left alone"


def test_tuple_assignment_of_the_bound() -> None:
    source = METHOD_STYLE.replace("num_steps = 1000", "lr, num_steps = 0.1, 1000")
    assert "lr, num_steps = 0.1, 9" in _ok(source, steps=9).source


def test_params_override_is_passed_to_the_hook() -> None:
    assert f"{HOOK_NAME}(loss, lambda: params)" in _ok(METHOD_STYLE, overrides=Overrides(params="params")).source


@pytest.mark.parametrize(
    ("source", "overrides", "message"),
    [
        pytest.param("x = 1\n", Overrides(), "backward pass not found", id="no-backward"),
        pytest.param(
            METHOD_STYLE.replace("loss.backward()", "pass"),
            Overrides(),
            "inside a `for ... in range(...)` training loop",
            id="backward-never-called",
        ),
        pytest.param(
            METHOD_STYLE + "for k in range(3):\n    loss.backward()\n",
            Overrides(),
            "2 candidate backward calls (line 12, line 15); choose the training loop with --loop-line",
            id="two-training-loops",
        ),
        pytest.param(
            METHOD_STYLE,
            Overrides(backward="step_back"),
            "no method or function named 'step_back'",
            id="unknown-override",
        ),
        pytest.param("def f(:\n", Overrides(), "does not parse (line 1", id="syntax-error"),
    ],
)
def test_analysis_failures_say_what_is_missing(source: str, overrides: Overrides, message: str) -> None:
    result = instrument(textwrap.dedent(source), overrides=overrides)
    assert isinstance(result, AnalysisFailure)
    assert message in result.reason


def test_loop_line_chooses_between_two_loops() -> None:
    source = textwrap.dedent(METHOD_STYLE) + "for k in range(3):\n    loss.backward()\n"
    result = _ok(source, overrides=Overrides(loop_line=14), steps=2)
    assert result.source.rstrip().endswith(f"loss.backward(); {HOOK_NAME}(loss, lambda: None)")
    assert "range(2)" in result.source


def test_non_range_bound_cannot_be_shortened() -> None:
    source = METHOD_STYLE.replace("range(num_steps)", "range(len(params) + 3)")
    result = instrument(textwrap.dedent(source), steps=3)
    assert isinstance(result, AnalysisFailure)
    assert "neither a name nor an integer literal" in result.reason


def test_exec_of_a_payload_cannot_be_analysed() -> None:
    result = instrument("import zlib, base64\nexec(zlib.decompress(base64.b64decode(b'eJwrzs9NBQAD0gGo')))\n")
    assert isinstance(result, AnalysisFailure)


@pytest.mark.parametrize("path", [VARIANTS / "original.py", FIXTURES / "golfed_free_backward.py"], ids=lambda p: p.stem)
def test_real_scripts_instrument_and_compile(path) -> None:
    result = _ok(path.read_text(), steps=4)
    compile(result.source, str(path), "exec")
    assert result.source.count(HOOK_NAME) == 1
