"""What the technique tests share: snippets written indented in a table, the table checks, and runs of both forms.

Snippets are dedented (as in LibCST's CodemodTest). "Changes" tables give the exact output; "refuses"
tables give a part of the reason.
"""

from __future__ import annotations

import ast
import contextlib
import io
import textwrap
from collections.abc import Iterable

import libcst as cst

from golf import codemods
from golf.codemods.technique import Applied, Outcome, Refused, Technique, run_technique
from golf.engine.verdict import Verdict


def code(snippet: str) -> str:
    """A snippet as written in a test table (indented, after a newline) as source text."""
    return textwrap.dedent(snippet).lstrip("\n")


def _outcome(technique: Technique | str, source: str, params: dict[str, str] | None) -> Outcome:
    if isinstance(technique, str):
        return codemods.apply(technique, source, params)
    return run_technique(technique, source, params)


def assert_changes(technique: Technique | str, before: str, after: str, params: dict[str, str] | None = None) -> None:
    """`technique` turns `before` into exactly `after` (both dedented), and the result parses."""
    outcome = _outcome(technique, code(before), params)
    assert isinstance(outcome, Applied), outcome
    assert outcome.source == code(after)
    ast.parse(outcome.source)


def assert_refuses(technique: Technique | str, before: str, reason: str, params: dict[str, str] | None = None) -> None:
    """`technique` declines `before`, and its reason contains `reason`."""
    outcome = _outcome(technique, code(before), params)
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


def applied(technique: Technique | str, source: str, params: dict[str, str] | None = None) -> str:
    """The source `technique` makes of `source` (taken as it is, not dedented); it must apply and parse."""
    outcome = _outcome(technique, source, params)
    assert isinstance(outcome, Applied), outcome
    ast.parse(outcome.source)
    return outcome.source


def refusal(technique: Technique | str, source: str, params: dict[str, str] | None = None) -> str:
    """The reason `technique` gives for declining `source` (taken as it is); it must decline."""
    outcome = _outcome(technique, source, params)
    assert isinstance(outcome, Refused), outcome
    return outcome.reason


def run_both(
    technique: Technique, source: str, namespace: dict[str, object] | None = None
) -> tuple[dict[str, object], dict[str, object]]:
    """Apply `technique` to `source`, run both programs from copies of `namespace`, and return both namespaces."""
    after = applied(technique, source)
    results = []
    for program in (source, after):
        scope = dict(namespace or {})
        exec(program, scope)  # noqa: S102 - a fixed snippet and its rewrite
        results.append(scope)
    return results[0], results[1]


def printed_both(technique: Technique, source: str, namespace: dict[str, object] | None = None) -> tuple[str, str]:
    """Apply `technique` to `source`, run both programs, and return what each printed."""
    after = applied(technique, source)
    printed = []
    for program in (source, after):
        with contextlib.redirect_stdout(io.StringIO()) as out:
            exec(compile(program, "<snippet>", "exec"), dict(namespace or {}))  # noqa: S102 - as above
        printed.append(out.getvalue())
    return printed[0], printed[1]


def chain(source: str, techniques: Iterable[str]) -> str:
    """`source` after each of `techniques` in turn; every one must apply."""
    for name in techniques:
        source = applied(name, source)
    return source


def not_identical(verdicts: dict[str, Verdict]) -> list[tuple[str, str, str | None]]:
    """The checked sources whose verdict is not `identical`: name, verdict, and why."""
    return [(name, v.verdict, v.failure) for name, v in verdicts.items() if v.verdict != "identical"]
