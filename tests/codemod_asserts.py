"""What the codemod tests share: snippets written indented in a table, and the two table checks."""

from __future__ import annotations

import ast
import textwrap

import libcst as cst

from golf import codemods
from golf.codemods.technique import Applied, Outcome, Refused, Technique, run_technique


def code(snippet: str) -> str:
    """A snippet as written in a test table (indented, after a newline) as source text."""
    return textwrap.dedent(snippet).lstrip("\n")


def _run(technique: Technique | str, before: str, params: dict[str, str] | None) -> Outcome:
    if isinstance(technique, str):
        return codemods.apply(technique, code(before), params)
    return run_technique(technique, code(before), params)


def assert_changes(technique: Technique | str, before: str, after: str, params: dict[str, str] | None = None) -> None:
    """`technique` turns `before` into exactly `after` (both dedented), and the result parses."""
    outcome = _run(technique, before, params)
    assert isinstance(outcome, Applied), outcome
    assert outcome.source == code(after)
    ast.parse(outcome.source)


def assert_refuses(technique: Technique | str, before: str, reason: str, params: dict[str, str] | None = None) -> None:
    """`technique` declines `before`, and its reason contains `reason`."""
    outcome = _run(technique, before, params)
    assert isinstance(outcome, Refused), outcome
    assert reason in outcome.reason


def assert_changes_offered(technique: Technique, before: str, after: str) -> None:
    """As assert_changes, and `candidates` offers the (parameterless) change to the search."""
    assert_changes(technique, before, after)
    assert technique.candidates(cst.parse_module(code(before))) == [{}]


def assert_refuses_unoffered(technique: Technique, before: str, reason: str) -> None:
    """As assert_refuses, and `candidates` does not offer the technique."""
    assert_refuses(technique, before, reason)
    assert technique.candidates(cst.parse_module(code(before))) == []
