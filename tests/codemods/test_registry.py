"""The registry across all techniques: descriptions, lookup errors, failures as values, and every technique checked.

The last tests apply every technique to original.py (or, for those that only apply later in a search, to a
golfed or shrunk form) and check the results with the real checker at a few steps on a tiny data set (the
checks run in parallel and are cached for the session).
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from golf import codemods
from golf.codemods import Applied, Failed, Refused

from .conftest import CheckSources
from .helpers import chain


def test_every_technique_is_registered_with_a_description() -> None:
    for name, technique in codemods.TECHNIQUES.items():
        assert technique.name == name
        assert technique.summary
        module = __import__(technique.transform.__module__, fromlist=["__doc__"])
        assert module.__doc__ and len(module.__doc__) > 200, f"{name} needs its paragraph"


def test_every_technique_has_its_own_test_module() -> None:
    # A reader who knows a technique's name knows where its tests are.
    here = Path(__file__).parent
    missing = [name for name in codemods.TECHNIQUES if not (here / f"test_{name.replace('-', '_')}.py").is_file()]
    assert not missing, f"add tests/codemods/test_<technique>.py for {missing}"


def test_unknown_technique_and_parameters() -> None:
    with pytest.raises(codemods.UnknownTechnique, match="choose one of"):
        codemods.get("golf-it")
    outcome = codemods.apply("lambda-defs", "x = 1\n", {"colour": "red"})
    assert isinstance(outcome, Refused) and "unknown parameter" in outcome.reason
    outcome = codemods.apply("inline-function", "x = 1\n", {})
    assert isinstance(outcome, Refused) and "missing parameter" in outcome.reason


def test_invalid_input_is_refused_not_raised() -> None:
    outcome = codemods.apply("rename-short", "def (:\n")
    assert isinstance(outcome, Refused) and "not valid Python" in outcome.reason


def test_a_crashing_codemod_becomes_a_failed_value() -> None:
    from golf.codemods import lambda_defs

    def boom(module: object, params: object) -> object:
        raise RuntimeError("bug")

    technique = dataclasses.replace(lambda_defs.TECHNIQUE, transform=boom)
    outcome = codemods.technique.run_technique(technique, "def f():\n    return 1\n")
    assert isinstance(outcome, Failed) and "RuntimeError: bug" in outcome.reason and outcome.traceback


#: Parameter sets checked per technique and program: inline-variable alone offers 18 on original.py
#: (one per variable), and applying and checking every set of 57 techniques would take most of the
#: suite's ten minutes (with four per technique the whole suite took 10 minutes on a busy machine).
#: The all-at-once set (`{}`), when offered, is always among them: it makes every change the single
#: ones make.
PER_TECHNIQUE = 2


def _sampled(candidates: list[tuple[str, dict[str, str]]]) -> list[tuple[str, dict[str, str]]]:
    by_technique: dict[str, list[dict[str, str]]] = {}
    for name, params in candidates:
        by_technique.setdefault(name, []).append(params)
    kept = []
    for name, sets in by_technique.items():
        chosen = sets[: PER_TECHNIQUE - 1] + [p for p in sets[PER_TECHNIQUE - 1 :] if not p][:1]
        chosen += [p for p in sets[PER_TECHNIQUE - 1 :] if p][: PER_TECHNIQUE - len(chosen)]
        kept += [(name, params) for params in chosen]
    return kept


def _on_original(original: str) -> list[tuple[str, dict[str, str], str]]:
    results = []
    adam_loop = ("helper-extract", {"line": _adam_loop_line(original)})
    for name, params in [*_sampled(codemods.candidates(original)), adam_loop]:
        outcome = codemods.apply(name, original, params)
        assert not isinstance(outcome, Failed), outcome
        if isinstance(outcome, Applied):
            results.append((name, params, outcome.source))
    return results


def _adam_loop_line(original: str) -> str:
    lines = original.splitlines()
    return str(next(i for i, line in enumerate(lines, 1) if "in enumerate(params)" in line))


#: A chain like the one `golf shrink --metric bytes` finds; its result is golfed input for every technique.
GOLF_CHAIN = [
    "strip-comments-docstrings",
    "drop-guards",
    "unroll-loops",
    "drop-slots",
    "merge-imports",
    "decorator-value",
    "lambda-defs",
    "rename-short",
    "merge-assignments",
    "join-statements",
    "drop-parens",
    "squeeze-whitespace",
]


@pytest.fixture(scope="module")
def original_results(original: str, shrunk: str) -> list[tuple[str, dict[str, str], str]]:
    golfed = chain(original, GOLF_CHAIN)
    again = [
        (name, params, codemods.apply(name, golfed, params)) for name, params in _sampled(codemods.candidates(golfed))
    ]
    assert not [outcome for _, _, outcome in again if isinstance(outcome, Failed)]
    applied = [(name, params, o.source) for name, params, o in again if isinstance(o, Applied)]
    results = [*_on_original(original), ("chain", {}, golfed), *applied]
    return results + _on_shrunk(shrunk, {name for name, _, _ in results} | set(GOLF_CHAIN))


def _on_shrunk(shrunk: str, applied: set[str]) -> list[tuple[str, dict[str, str], str]]:
    """Results of the techniques that applied to neither original.py nor its golfed form, on a shrink result
    and then on it with its constants folded (loop-values needs `u=4`, not `u=g//4`).

    Some techniques (engine fusions, rewrites of what inlining leaves behind) only find their shape this
    late in a search.
    """
    results: list[tuple[str, dict[str, str], str]] = []
    folded = codemods.apply("fold-constants", shrunk)
    assert isinstance(folded, Applied), folded
    for source in (shrunk, folded.source):
        done = applied | {name for name, _, _ in results}
        pending = [(name, params) for name, params in codemods.candidates(source) if name not in done]
        outcomes = [(name, params, codemods.apply(name, source, params)) for name, params in _sampled(pending)]
        assert not [outcome for _, _, outcome in outcomes if isinstance(outcome, Failed)]
        results += [(name, params, o.source) for name, params, o in outcomes if isinstance(o, Applied)]
    return results


def test_every_technique_applies_to_original_its_golfed_form_or_a_shrunk_form(
    original_results: list[tuple[str, dict[str, str], str]],
) -> None:
    applied = {name for name, _, _ in original_results} | set(GOLF_CHAIN)  # the chain applied each of its steps
    assert applied >= set(codemods.TECHNIQUES)
    for _, _, source in original_results:
        ast.parse(source)


def test_every_result_on_original_and_golfed_original_is_identical(
    original_results: list[tuple[str, dict[str, str], str]], check_sources: CheckSources
) -> None:
    checked = check_sources({f"{index:02d}_{name}": source for index, (name, _, source) in enumerate(original_results)})
    verdicts = list(checked.values())
    trial = [codemods.TECHNIQUES[name].trial if name != "chain" else False for name, _, _ in original_results]
    wrong = [
        (label, v.verdict, v.failure or v.first_bit_difference)
        for (label, v), is_trial in zip(checked.items(), trial, strict=True)
        if v.verdict != "identical" and not is_trial
    ]
    assert not wrong
    # A trial technique proves nothing itself: some of its steps must come out identical and the
    # others be caught by the check (never `close` or `output-only`, which would hide a change).
    trial_verdicts = [v.verdict for v, is_trial in zip(verdicts, trial, strict=True) if is_trial]
    assert "identical" in trial_verdicts and {"failed", "diverged"} & set(trial_verdicts)
    assert set(trial_verdicts) <= {"identical", "failed", "diverged"}
