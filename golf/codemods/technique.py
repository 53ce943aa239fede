"""The technique contract and its runner: what a technique is, what applying one returns, and running one.

A technique is a pure function from a program (and its parameters) to an outcome value: `Applied`
with the new source, `Refused` with the reason it cannot keep the program exact (or has nothing to
do), or `Failed` when the codemod itself broke. Inside a codemod, `Refuse` may be raised to stop
early; `run_technique` turns it (and any crash) into a value.

How this relates to `libcst.codemod`: a `Technique` plays the part of a `Codemod` (a named
transformation of one module), `Refuse` the part of `SkipFile`, and `Applied` / `Refused` / `Failed`
the parts of `TransformSuccess` / `TransformSkip` / `TransformFailure`, which `run_technique` returns
as `transform_module` does. golf keeps its own types because it works on one program in memory, not
on files: a `Codemod` is a class built around a `CodemodContext` (filename, full module name, shared
scratch) and a command line, while a technique is a value in a registry with typed string parameters
(`Param`, from `golf apply` and the search) and a `candidates` function that lists the parameter sets
worth trying, which LibCST has no place for. Its outcomes carry what the search logs (the technique,
its parameters, the new source) and `Refused` covers "nothing to change" as well as "cannot keep it
exact"; `run_technique` also refuses output that is not valid Python or that makes Python warn,
which LibCST's runner does not check. The metadata side is LibCST's own: a technique reads scopes,
parents and positions through one shared `MetadataWrapper` (see `golf.codemods.program`).
"""

from __future__ import annotations

import ast
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import libcst as cst

from golf.codemods.program import Program
from golf.codemods.syntax import makes_python_warn

#: A technique's parameters, as strings (they come from the command line and the search).
Params = Mapping[str, str]


@dataclass(frozen=True)
class Param:
    """One parameter a technique takes."""

    #: Name on the command line (`golf apply inline-function softmax` or `name=softmax`).
    name: str
    #: What it means.
    help: str
    #: Used when the parameter is not given; None means the parameter is required.
    default: str | None = None


@dataclass(frozen=True)
class Technique:
    """A golfing technique: a named, parameterised source-to-source transformation."""

    #: Registry name (`rename-short`).
    name: str
    #: One line for `golf apply --help` and the search log.
    summary: str
    #: `transform(module, params) -> new module`; raises Refuse when it cannot apply exactly.
    transform: Callable[[cst.Module, Params], cst.Module]
    #: The parameters, positional ones first.
    params: tuple[Param, ...] = ()
    #: `candidates(module) -> parameter sets worth trying` for the shrink search.
    candidates: Callable[[cst.Module], list[dict[str, str]]] = field(default=lambda module: [{}])
    #: True when the technique cannot prove exactness statically: the shrink search keeps its
    #: results only when the equivalence check says identical, and `golf apply` says so.
    trial: bool = False


@dataclass(frozen=True)
class Applied:
    """The technique changed the source."""

    technique: str
    params: dict[str, str]
    #: The transformed source (reparsed: it is valid Python).
    source: str
    ok = True


@dataclass(frozen=True)
class Refused:
    """The technique declined: it could not keep the program exact, or had nothing to change."""

    technique: str
    params: dict[str, str]
    reason: str
    ok = False


@dataclass(frozen=True)
class Failed:
    """The codemod itself broke (a bug): the traceback, so one bad technique does not stop a search."""

    technique: str
    params: dict[str, str]
    reason: str
    traceback: str = ""
    ok = False


Outcome = Applied | Refused | Failed


class Refuse(Exception):
    """Raised inside a codemod to decline with a reason; never escapes `run_technique`."""


def run_technique(technique: Technique, source: str | Program, params: Params | None = None) -> Outcome:
    """Apply `technique` to `source` (text, or a `Program` parsed once and shared by many techniques);
    every outcome, including a crash, comes back as a value."""
    given = dict(params or {})
    unknown = sorted(set(given) - {p.name for p in technique.params})
    if unknown:
        return Refused(technique.name, given, f"unknown parameter(s) {', '.join(unknown)}")
    full = {p.name: p.default for p in technique.params if p.default is not None} | given
    missing = [p.name for p in technique.params if p.name not in full]
    if missing:
        return Refused(technique.name, given, f"missing parameter(s) {', '.join(missing)}")
    if isinstance(source, Program):
        program = source
    else:
        try:
            program = Program.parse(source)
        except cst.ParserSyntaxError as exc:
            return Refused(technique.name, given, f"input is not valid Python: {exc.message}")
    try:
        with program.current():
            new_source = technique.transform(program.module, full).code
    except Refuse as exc:
        return Refused(technique.name, given, str(exc))
    except Exception as exc:  # noqa: BLE001 - a codemod bug becomes one Failed row, like LibCST's runner
        return Failed(technique.name, given, f"{type(exc).__name__}: {exc}", traceback.format_exc())
    if new_source == program.source:
        return Refused(technique.name, given, "nothing to change")
    try:
        ast.parse(new_source)
    except SyntaxError as exc:
        return Failed(technique.name, given, f"output is not valid Python: {exc.msg} (line {exc.lineno})")
    if makes_python_warn(new_source) and not makes_python_warn(program.source):
        return Failed(technique.name, given, "output makes Python warn (an invalid decimal literal such as `1if`)")
    return Applied(technique.name, given, new_source)


def class_member(param: str) -> tuple[str, str]:
    """`("Class", "name")` from a `member=Class.name` parameter; refuses any other shape."""
    class_name, _, name = param.partition(".")
    if not class_name or not name:
        raise Refuse(f"member must be Class.name, not {param!r}")
    return class_name, name


def offered_when_it_applies(
    transform: Callable[[cst.Module, Params], cst.Module],
) -> Callable[[cst.Module], list[dict[str, str]]]:
    """Candidates for a parameterless technique: `[{}]` when `transform` does not refuse, else `[]`."""

    def candidates(module: cst.Module) -> list[dict[str, str]]:
        try:
            transform(module, {})
        except Refuse:
            return []
        return [{}]

    return candidates
