"""`golf explain`: each known-bad variant and mutant is explained at the line that was changed, in both programs.

Every case goes through the command line with --json, so the JSON layout is checked with the
answers. Line numbers are pinned by hand from the files (the mutants keep the original's
line count, except the reordered draws, which lose two lines before the change).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import VARIANTS

from golf.cli import main
from golf.engine.runner import RunOptions
from golf.explain import Explanation, render_lines, trace
from golf.explain.trace import Frame

ORIGINAL = (VARIANTS / "original.py").read_text()
SHORTEST = (VARIANTS / "shortest.py").read_text()
#: Steps of every check here: the eps and beta1 mutants first differ at step 2.
STEPS = "2"

#: name -> (old text, new text) of a mutant of the original.
MUTANTS = {
    "adam_epsilon": ("eps_adam = 0.01, 0.85, 0.99, 1e-8", "eps_adam = 0.01, 0.85, 0.99, 1e-7"),
    "adam_beta1": ("beta1, beta2, eps_adam = 0.01, 0.85,", "beta1, beta2, eps_adam = 0.01, 0.9,"),
    "exp_gradient": ("(math.exp(self.data),)", "(self.data,)"),
    "softmax_without_max": (
        "exps = [(val - max_val).exp() for val in logits]",
        "exps = [val.exp() for val in logits]",
    ),
    "reordered_draws": (
        'state_dict = {\n    "wte": matrix(vocab_size, n_embd),\n    "wpe": matrix(block_size, n_embd),\n'
        '    "lm_head": matrix(vocab_size, n_embd),\n}',
        "_wte = matrix(vocab_size, n_embd)\n_lm_head = matrix(vocab_size, n_embd)\n"
        'state_dict = {"wte": _wte, "wpe": matrix(block_size, n_embd), "lm_head": _lm_head}',
    ),
}

#: name -> (old text, new text) of a mutant of shortest.py: a golfed structure against the original's.
SHORTEST_MUTANTS = {
    # e**x for exp(x), in softmax's fused exp node: one ulp off for some inputs.
    "power_for_exp": ("V(y:=exp(a.d-m),(a,y))", "V(y:=2.718281828459045**(a.d-m),(a,y))"),
    # Backward in another order than the depth-first post-order: the same terms summed in another order.
    "backward_by_id": ("for v in reversed(T):", "for v in sorted(T,key=id,reverse=True):"),
}

# (variant: a name in variants/, `mutant:NAME` or `shortest:NAME`; phase; step; the line in the variant and in
# the original; words the reason must hold)
CASES = [
    pytest.param(
        "broken/direct_division",
        "forward",
        1,
        89,
        84,
        ("direct division", "multiplication by the reciprocal"),
        id="direct-division",
    ),
    pytest.param(
        "broken/shared_reciprocal",
        "backward",
        1,
        152,
        149,
        ("shared", "order of the gradient sums", "** -1"),
        id="shared-reciprocal",
    ),
    pytest.param("broken/mul_grads_one_one", "backward", 1, 52, 52, ("local gradient", "__mul__"), id="mul-grads"),
    pytest.param("broken/published_golf_bugs", "forward", 1, 67, 55, ("pow",), id="published-bugs"),
    pytest.param("mutant:adam_epsilon", "update", 1, 202, 202, ("eps_adam = 1e-07", "1e-08"), id="adam-epsilon"),
    pytest.param("mutant:adam_beta1", "update", 1, 202, 202, ("beta1 = 0.9", "0.85"), id="adam-beta1"),
    pytest.param("mutant:exp_gradient", "backward", 1, 61, 61, ("local gradient", "exp"), id="exp-gradient"),
    pytest.param("mutant:softmax_without_max", "forward", 1, 147, 147, ("exp(a)",), id="softmax-without-max"),
    pytest.param(
        "shortest:power_for_exp",
        "forward",
        1,
        17,
        147,
        ("exp(a + ", "fusing two of the reference's"),
        id="shortest-power-for-exp",
    ),
    pytest.param(
        "shortest:backward_by_id",
        "backward",
        1,
        None,
        None,
        ("contributions", "summed in another order"),
        id="shortest-backward-order",
    ),
    pytest.param(
        "mutant:reordered_draws",
        "init",
        0,
        124,
        124,
        ("wpe[0][0]", "lm_head[11][0]", "random draws in another order"),
        id="reordered-draws",
    ),
]


def _variant(tmp_path: Path, spec: str) -> str:
    kind, _, name = spec.partition(":")
    if not name:
        return spec
    source, table = (ORIGINAL, MUTANTS) if kind == "mutant" else (SHORTEST, SHORTEST_MUTANTS)
    old, new = table[name]
    assert source.count(old) == 1, f"mutant {name}: {old!r} must occur exactly once in its source"
    path = tmp_path / f"{name}.py"
    path.write_text(source.replace(old, new))
    return str(path)


def _explain_json(capsys: pytest.CaptureFixture[str], run_cache: Path, *args: str) -> tuple[int, dict]:
    code = main(["explain", *args, "--steps", STEPS, "--cache-dir", str(run_cache), "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


@pytest.mark.parametrize(("spec", "phase", "step", "variant_line", "reference_line", "words"), CASES)
def test_explain_names_the_changed_line_in_both_programs(
    tmp_path: Path,
    run_cache: Path,
    capsys: pytest.CaptureFixture[str],
    spec: str,
    phase: str,
    step: int,
    variant_line: int | None,
    reference_line: int | None,
    words: tuple[str, ...],
) -> None:
    variant = _variant(tmp_path, spec)
    code, answer = _explain_json(capsys, run_cache, variant)
    assert code == 1, answer
    assert (answer["phase"], answer["step"]) == (phase, step), answer["reason"]
    if variant_line is not None:  # None: the cause is the order of a sum, not a line that makes a node
        assert variant_line in [f["line"] for f in answer["variant_site"]], answer
    if reference_line is not None:
        assert reference_line in [f["line"] for f in answer["reference_site"]], answer
    assert all(f["path"].endswith("original.py") for f in answer["reference_site"])
    assert all(set(f) == {"path", "line", "code"} for f in answer["variant_site"] + answer["reference_site"])
    for word in words:
        assert word in answer["reason"], answer["reason"]
    values = answer["values"]
    assert values["reference"] != values["variant"]
    assert float.fromhex(values["variant_hex"]) == values["variant"]


def test_a_one_ulp_division_difference_is_measured_in_ulps(run_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, answer = _explain_json(capsys, run_cache, "broken/direct_division")
    assert answer["values"]["ulps"] == 1
    assert answer["reference_site"][0]["code"].startswith("return Value(self.data * other.data")


def test_an_identical_variant_has_nothing_to_explain(run_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["explain", "helper_adam", "--steps", "1", "--cache-dir", str(run_cache)])
    assert code == 0
    assert "nothing to explain" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["no_such_variant"], "no such variant", id="unknown-variant"),
        pytest.param(["shortest", "--data", "missing.txt"], "data file not found", id="missing-data"),
    ],
)
def test_usage_errors_exit_2_with_a_message(
    capsys: pytest.CaptureFixture[str], run_cache: Path, args: list[str], message: str
) -> None:
    code = main(["explain", *args, "--cache-dir", str(run_cache)])
    assert code == 2
    assert message in capsys.readouterr().err


def test_text_output_shows_both_lines_and_the_values() -> None:
    frame = Frame("a.py", 3, "y = x / t")
    explanation = Explanation(
        "v", "original", 1, "forward", (frame,), (Frame("o.py", 7, "y = x * t**-1"),), 0.5, 1.0, "r"
    )
    text = "\n".join(render_lines(explanation))
    assert "a.py:3: y = x / t" in text and "o.py:7: y = x * t**-1" in text
    assert "0.5 (0x1.0000000000000p-1)" in text
    assert "difference: 4503599627370496 ulp" in text


def test_a_reference_window_is_traced_once_per_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `golf report --explain` explains many variants against one reference: its window is traced once,
    # and traced again only when something that decides it changes (here its bytes or the window).
    started: list[str] = []

    def start(path: Path, *args: object) -> SimpleNamespace:
        started.append(path.name)
        return SimpleNamespace(path=path, process=SimpleNamespace(poll=lambda: 0))

    monkeypatch.setattr(trace, "_MADE", trace.OrderedDict())
    monkeypatch.setattr(trace, "_start", start)
    monkeypatch.setattr(trace, "_finish", lambda run: SimpleNamespace(error=None, name=run.path.name))
    ref, a, b = (tmp_path / f"{name}.py" for name in ("ref", "a", "b"))
    for path in (ref, a, b):
        path.write_text(f"# {path.name}\n")

    def traced(*paths: Path, step: int = 1) -> list[str]:
        found = trace.run_traces([(p, RunOptions()) for p in paths], b"ab\n", window="step", step=step, steps=2)
        return [t.name for t in found]

    assert traced(ref, a) == ["ref.py", "a.py"] and traced(ref, b) == ["ref.py", "b.py"]
    assert started == ["ref.py", "a.py", "b.py"]
    traced(ref, a, step=2)
    ref.write_text("# changed\n")
    traced(ref, b)
    assert started == ["ref.py", "a.py", "b.py", "ref.py", "a.py", "ref.py"]
