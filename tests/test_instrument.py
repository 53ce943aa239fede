"""Finding the backward pass, the training loop and the sampling loop in sources nobody wrote for golf."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import FIXTURES, VARIANTS

from golf.engine.instrument import (
    FOR_HOOK_NAME,
    HOOK_NAME,
    METHOD_HOOK_NAME,
    WHILE_HOOK_NAME,
    AnalysisFailure,
    Instrumented,
    Overrides,
    instrument,
)

METHOD_STYLE = """
import random
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
for s in range(20):
    print(random.choices(range(3), [1, 1, 1]))
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

# Each golfed style: (source, gradient attribute, the rewritten backward call, the rewritten training loop).
STYLES = [
    pytest.param(
        "import random as r\nQ=range\nclass V:\n g=0\n def __init__(s,d):s.d=d\ndef O(s):s.g=1\n"
        "for s in Q(1000):L=V(s);O(L)\nfor i in Q(20):print(r.choice('ab'))\n",
        "g",
        f"{HOOK_NAME}(O, L)",
        f"for s in {FOR_HOOK_NAME}(0, Q(1000))",
        id="aliased-range-free-function",
    ),
    pytest.param(
        "Q,T=range,sum\nclass V:\n def __init__(s,d):s.d=d;s.g=0\nO=lambda s:setattr(s,'g',1)\nfor s in Q(9):O(V(s))\n",
        "g",
        f"{HOOK_NAME}(O, V(s))",
        f"for s in {FOR_HOOK_NAME}(0, Q(9))",
        id="lambda-setattr",
    ),
    pytest.param(
        "class V:\n def __init__(s,d):s.d=d\n B=lambda s:s.__dict__.update(g=1)\nfor _ in[0]*1000:V(1).B()\n",
        "g",
        f"{METHOD_HOOK_NAME}(V(1), 'B')",
        f"for _ in {FOR_HOOK_NAME}(0, [0]*1000)",
        id="class-attribute-lambda-dict-update",
    ),
    pytest.param(
        "class V:\n def __init__(s,d):s.d=d\n def b(s):vars(s)['q']=1\ns=0\nwhile s<1000:s+=1;V(s).b()\n",
        "q",
        f"{METHOD_HOOK_NAME}(V(s), 'b')",
        f"while {WHILE_HOOK_NAME}(0) and (s<1000)",
        id="while-loop-vars-subscript",
    ),
    pytest.param(
        "from builtins import range as R\nclass V:\n def __init__(s,d):s.d=d\ndef O(s):s.g=1\n"
        "def step(i):L=V(i);O(L)\nfor i in R(1000):step(i)\n",
        "g",
        f"{HOOK_NAME}(O, L)",
        f"for i in {FOR_HOOK_NAME}(0, R(1000))",
        id="backward-in-a-helper-called-from-the-loop",
    ),
    pytest.param(
        "class V:\n def __init__(s,d):s.d=d\ndef O(s):s.g=1\nclass W(V):\n bw=O\n[W(i).bw() for i in range(5)]\n",
        "g",
        f"{METHOD_HOOK_NAME}(W(i), 'bw')",
        f"for i in {FOR_HOOK_NAME}(0, range(5))",
        id="class-attribute-bound-to-a-function-in-a-comprehension",
    ),
]


def _ok(source: str, **kwargs) -> Instrumented:
    result = instrument(textwrap.dedent(source), **kwargs)
    assert isinstance(result, Instrumented), result
    return result


@pytest.mark.parametrize(("source", "grad_attr", "call", "loop"), STYLES)
def test_golfed_styles_are_found_and_wrapped(source: str, grad_attr: str, call: str, loop: str) -> None:
    result = _ok(source)
    assert result.grad_attr == grad_attr
    assert call in result.source
    assert loop in result.source
    assert len(result.source.splitlines()) == len(source.splitlines()), "line numbers kept"
    compile(result.source, "<golf>", "exec")


def test_method_backward_is_wrapped_on_its_own_line() -> None:
    result = _ok(METHOD_STYLE)
    assert (result.grad_attr, result.data_attr) == ("grad", "data")
    lines = result.source.splitlines()
    assert lines[12].strip() == f"{METHOD_HOOK_NAME}(loss, 'backward')"
    assert (result.training.first, result.training.last, result.backward_line) == (11, 14, 13)
    assert len(lines) == len(textwrap.dedent(METHOD_STYLE).splitlines()), "line numbers kept"


def test_the_count_and_the_schedule_are_left_alone() -> None:
    """--steps is the harness's business: the copy keeps `num_steps = 1000` and `step / num_steps`."""
    result = _ok(METHOD_STYLE)
    assert "num_steps = 1000" in result.source and "step / num_steps" in result.source
    assert f"for step in {FOR_HOOK_NAME}(0, range(num_steps)):" in result.source


def test_the_sampling_loop_is_the_first_loop_after_training_that_draws() -> None:
    result = _ok(METHOD_STYLE)
    assert f"for s in {FOR_HOOK_NAME}(1, range(20)):" in result.source
    assert (result.sampling.first, result.sampling.last) == (15, 16)


def test_no_sampling_loop_is_said() -> None:
    result = _ok(FREE_FUNCTION_STYLE)
    assert result.sampling is None
    assert "sampling: no loop found" in result.notes


def test_free_function_backward_with_other_names() -> None:
    result = _ok(FREE_FUNCTION_STYLE)
    assert (result.grad_attr, result.data_attr) == ("g", "d")
    assert "O(l)" not in result.source and f"{HOOK_NAME}(O, l); x = 1 - i / 1000" in result.source


def test_params_override_is_passed_to_the_hook() -> None:
    source = _ok(METHOD_STYLE, overrides=Overrides(params="params")).source
    assert f"{METHOD_HOOK_NAME}(loss, 'backward', lambda: params)" in source


def test_overrides_win_over_detection() -> None:
    """A backward pass named by the user needs no `= 1` seed; the gradient attribute comes with it."""
    source = "class V:\n def __init__(s,d):s.d=d\n def go(s):pass\nfor i in range(3):V(i).go()\n"
    result = _ok(source, overrides=Overrides(backward="go", grad_attr="gr", data_attr="d"))
    assert (result.grad_attr, result.data_attr) == ("gr", "d")
    assert f"{METHOD_HOOK_NAME}(V(i), 'go')" in result.source


@pytest.mark.parametrize(
    ("source", "overrides", "message"),
    [
        pytest.param("x = 1\n", Overrides(), "backward pass not found", id="no-backward"),
        pytest.param(
            METHOD_STYLE.replace("loss.backward()", "pass"),
            Overrides(),
            "no training loop: backward pass backward found, but no call of it",
            id="backward-never-called",
        ),
        pytest.param(
            METHOD_STYLE + "for k in range(3):\n    loss.backward()\n",
            Overrides(),
            "2 candidate backward calls (line 13, line 18); choose the training loop with --loop-line",
            id="two-training-loops",
        ),
        pytest.param(
            METHOD_STYLE,
            Overrides(backward="step_back"),
            "no method, function or lambda named 'step_back'",
            id="unknown-override",
        ),
        pytest.param(
            "class V:\n def b(s):s.g=1\nV().b()\n",
            Overrides(),
            "found, but 1 call(s) outside any loop",
            id="no-loop",
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
    result = _ok(source, overrides=Overrides(loop_line=17))
    assert result.source.rstrip().endswith(f"    {METHOD_HOOK_NAME}(loss, 'backward')")
    assert f"for k in {FOR_HOOK_NAME}(0, range(3)):" in result.source


def test_exec_of_a_payload_cannot_be_analysed_statically() -> None:
    """The payload is instrumented at run time (tests/test_third_party_golfs.py runs one)."""
    result = instrument("import zlib, base64\nexec(zlib.decompress(base64.b64decode(b'eJwrzs9NBQAD0gGo')))\n")
    assert isinstance(result, AnalysisFailure)


@pytest.mark.parametrize("path", [VARIANTS / "original.py", FIXTURES / "golfed_free_backward.py"], ids=lambda p: p.stem)
def test_real_scripts_instrument_and_compile(path) -> None:
    result = _ok(path.read_text())
    compile(result.source, str(path), "exec")
    assert result.source.count(HOOK_NAME) + result.source.count(METHOD_HOOK_NAME) == 1
    assert result.source.count(FOR_HOOK_NAME) == 2, "the training loop and the sampling loop"


_SOURCES = sorted([*VARIANTS.rglob("*.py"), *(FIXTURES / "golfs").rglob("*.py"), FIXTURES / "shrunk_bytes.py"])


@pytest.mark.parametrize("path", _SOURCES, ids=[str(p.relative_to(p.parents[1])) for p in _SOURCES])
def test_one_pass_gives_libcsts_own_parents_and_positions(path: Path) -> None:
    # golf.engine.nodes reads parents off PositionProvider's code generation; LibCST's providers are the truth.
    import libcst as cst
    import libcst.matchers as m
    from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

    from golf.engine.nodes import NodeIndex

    module = cst.parse_module(path.read_text(encoding="utf-8"))
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    index = NodeIndex(module)
    assert index.parents == dict(wrapper.resolve(ParentNodeProvider))
    assert dict(index.positions) == dict(wrapper.resolve(PositionProvider))
    # Order matters too (the first gradient attribute seeded wins; loops are searched in source order;
    # alias detection and the inline survey read the nodes in this order instead of visiting): the
    # nodes of every kind they ask for, in the order LibCST's own visit meets them. (Whitespace nodes
    # may come in another order: code generation writes an import's spaces before its name.)
    kinds = (
        *(cst.Call, cst.ClassDef, cst.FunctionDef, cst.Lambda, cst.Assign, cst.For, cst.While, cst.ListComp),
        *(cst.Import, cst.ImportFrom, cst.NamedExpr, cst.Name, cst.Attribute, cst.AugAssign, cst.AnnAssign),
        *(cst.IndentedBlock, cst.SimpleStatementSuite, cst.Try, cst.TryStar, cst.Global, cst.Nonlocal, cst.Del),
        *(cst.GeneratorExp, cst.Yield),
    )
    visited = m.findall(module, m.MatchIfTrue(lambda node: isinstance(node, kinds)))
    assert [id(n) for n in index.all(kinds)] == [id(n) for n in visited]  # type: ignore[arg-type]
    for kind in kinds:  # and each kind's own list, which the index keeps apart
        assert [id(n) for n in index.all(kind)] == [id(n) for n in visited if isinstance(n, kind)]
    # Alias detection reads this order instead of visiting: the same answer either way.
    from golf.engine.aliases import find_aliases

    assert find_aliases(module, [module, *index.parents]) == find_aliases(module)
