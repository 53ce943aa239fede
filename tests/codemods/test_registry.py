"""The registry across all techniques: descriptions, lookup errors, failures as values, and every technique checked.

The last tests apply each technique to original.py and its golfed form (or, for those that only apply
later in a search, to a shrink result) and check what it makes with the real checker at a few steps on a
tiny data set. One test per technique, so the checks spread over the test processes; each process parses
the programs once for all of them.
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
#: suite's time. The all-at-once set (`{}`), when offered, is always among them: it makes every change
#: the single ones make.
PER_TECHNIQUE = 2


def _sampled(sets: list[dict[str, str]]) -> list[dict[str, str]]:
    """At most PER_TECHNIQUE of a technique's parameter sets: the first ones, and `{}` when offered."""
    chosen = sets[: PER_TECHNIQUE - 1] + [p for p in sets[PER_TECHNIQUE - 1 :] if not p][:1]
    return chosen + [p for p in sets[PER_TECHNIQUE - 1 :] if p][: PER_TECHNIQUE - len(chosen)]


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


@pytest.fixture(scope="session")
def programs(original: str, shrunk: str) -> dict[str, codemods.Program]:
    """The programs every technique is tried on, each parsed once (per test process) for all of them.

    original.py and its golfed form come first; a shrink result, and the same with its constants
    folded (loop-values needs `u=4`, not `u=g//4`), serve the techniques that apply to neither: some
    (engine fusions, rewrites of what inlining leaves behind) only find their shape this late in a search.
    """
    folded = codemods.apply("fold-constants", shrunk)
    assert isinstance(folded, Applied), folded
    sources = {"original": original, "golfed": chain(original, GOLF_CHAIN), "shrunk": shrunk, "folded": folded.source}
    parsed = {label: codemods.analyse(source) for label, source in sources.items()}
    assert all(parsed.values())
    return parsed  # type: ignore[return-value]


def _results(name: str, programs: dict[str, codemods.Program]) -> list[tuple[str, str]]:
    """(label, source) of `name`'s sampled moves that apply: on original.py and its golfed form, else later forms."""
    technique = codemods.TECHNIQUES[name]
    results: list[tuple[str, str]] = []
    for label, program in programs.items():
        if label in ("shrunk", "folded") and (results or name in GOLF_CHAIN):
            break  # it applied earlier (the golfing chain applied each of its steps)
        with program.current():
            sets = _sampled(technique.candidates(program.module))
        if name == "helper-extract" and label == "original":
            sets.append({"line": _adam_loop_line(program.source)})
        for params in sets:
            outcome = codemods.apply(name, program, params)
            assert not isinstance(outcome, Failed), outcome
            if isinstance(outcome, Applied):
                ast.parse(outcome.source)
                results.append((f"{label}_{len(results)}_{name}", outcome.source))
    return results


@pytest.mark.parametrize("name", list(codemods.TECHNIQUES))
def test_technique_applies_to_the_gpt_and_its_results_check_identical(
    name: str, programs: dict[str, codemods.Program], check_sources: CheckSources
) -> None:
    """Each technique applies to original.py, its golfed form or a shrink result, and what it makes is identical.

    A trial technique proves nothing itself: its steps may also be caught by the check (never `close`
    or `output-only`, which would hide a change); tests/codemods/test_drop_member.py shows both outcomes.
    """
    results = _results(name, programs)
    assert results or name in GOLF_CHAIN, f"{name} applies to none of the programs"
    verdicts = check_sources(dict(results)) if results else {}
    allowed = {"identical", "failed", "diverged"} if codemods.TECHNIQUES[name].trial else {"identical"}
    wrong = [(label, v.verdict, v.failure or v.first_bit_difference) for label, v in verdicts.items()]
    assert not [w for w in wrong if w[1] not in allowed]


def test_the_golfing_chain_is_identical(programs: dict[str, codemods.Program], check_sources: CheckSources) -> None:
    verdict = check_sources({"chain": programs["golfed"].source})["chain"]
    assert verdict.verdict == "identical", verdict.failure or verdict.first_bit_difference
