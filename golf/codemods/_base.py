"""What every technique codemod shares: its description, its outcomes, and small helpers.

A technique is a pure function from source text (and its parameters) to an outcome value:
`Applied` with the new source, `Refused` with the reason it cannot keep the program exact
(or has nothing to do), or `Failed` when the codemod itself broke. Inside a codemod,
`Refuse` may be raised to stop early; `run_technique` turns it (and any crash) into a value.
"""

from __future__ import annotations

import ast
import builtins
import keyword
import traceback
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import libcst as cst
import libcst.matchers as m

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


def run_technique(technique: Technique, source: str, params: Params | None = None) -> Outcome:
    """Apply `technique` to `source`; every outcome, including a crash, comes back as a value."""
    given = dict(params or {})
    unknown = sorted(set(given) - {p.name for p in technique.params})
    if unknown:
        return Refused(technique.name, given, f"unknown parameter(s) {', '.join(unknown)}")
    full = {p.name: p.default for p in technique.params if p.default is not None} | given
    missing = [p.name for p in technique.params if p.name not in full]
    if missing:
        return Refused(technique.name, given, f"missing parameter(s) {', '.join(missing)}")
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        return Refused(technique.name, given, f"input is not valid Python: {exc.message}")
    try:
        new_source = technique.transform(module, full).code
    except Refuse as exc:
        return Refused(technique.name, given, str(exc))
    except Exception as exc:  # noqa: BLE001 - a codemod bug becomes one Failed row, like LibCST's runner
        return Failed(technique.name, given, f"{type(exc).__name__}: {exc}", traceback.format_exc())
    if new_source == source:
        return Refused(technique.name, given, "nothing to change")
    try:
        ast.parse(new_source)
    except SyntaxError as exc:
        return Failed(technique.name, given, f"output is not valid Python: {exc.msg} (line {exc.lineno})")
    if makes_python_warn(new_source) and not makes_python_warn(source):
        return Failed(technique.name, given, "output makes Python warn (an invalid decimal literal such as `1if`)")
    return Applied(technique.name, given, new_source)


def makes_python_warn(source: str) -> bool:
    """True when compiling `source` makes Python warn (or it does not parse at all)."""
    try:
        strict_parse(source)
    except SyntaxError:
        return True
    return False


# ---------------------------------------------------------------------------
# Helpers shared by the codemods
# ---------------------------------------------------------------------------
#: Names a codemod must never bind: keywords, soft keywords and builtins.
RESERVED: frozenset[str] = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))


def all_names(module: cst.CSTNode) -> set[str]:
    """Every identifier in `module`: names, attribute names, parameters, keywords of calls."""
    names: set[str] = set()

    class _Collect(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            names.add(node.value)

    module.visit(_Collect())
    return names


def fresh_name(base: str, taken: Iterable[str]) -> str:
    """`base`, or `base_2`, `base_3`, ... : the first that is neither taken nor reserved."""
    taken = set(taken)
    if base not in taken and base not in RESERVED:
        return base
    n = 2
    while f"{base}_{n}" in taken:
        n += 1
    return f"{base}_{n}"


def short_names() -> Iterable[str]:
    """Identifiers from shortest up: `a`..`z`, `A`..`Z`, then two characters, never reserved."""
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for first in letters:
        if first not in RESERVED:
            yield first
    for first in letters:
        for second in letters + "0123456789_":
            if first + second not in RESERVED:
                yield first + second


def strict_parse(source: str) -> ast.Module:
    """`ast.parse`, but source that Python only warns about (`1if x`, `0.for`: "invalid decimal
    literal", a DeprecationWarning in 3.11 and a SyntaxWarning printed on stderr from 3.12) is a
    SyntaxError too: no codemod should write it, and trying it must not print anything."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return ast.parse(source)
        except (DeprecationWarning, SyntaxWarning) as exc:
            raise SyntaxError(str(exc)) from None


def same_ast(a: str, b: str) -> bool:
    """True when two sources parse to the same abstract syntax tree (so they run identically)."""
    try:
        return ast.dump(strict_parse(a)) == ast.dump(strict_parse(b))
    except SyntaxError:
        return False


def step_bounds(module: cst.Module) -> set[str]:
    """Names used as `range(NAME)` by a top-level `for`: the training loop's step count is one of them.

    The checker's `--steps` rewriter looks for that name, so codemods keep it a module-level
    name with its own assignment.
    """
    bounds = set()
    for statement in module.body:
        if isinstance(statement, cst.For) and isinstance(statement.iter, cst.Call):
            call = statement.iter
            if isinstance(call.func, cst.Name) and call.func.value == "range" and len(call.args) == 1:
                if isinstance(call.args[0].value, cst.Name):
                    bounds.add(call.args[0].value.value)
    return bounds


def one_arg_range(node: cst.BaseExpression) -> cst.BaseExpression | None:
    """`N` when `node` is `range(N)`."""
    if not m.matches(node, m.Call(func=m.Name("range"), args=[m.Arg(keyword=None, star="")])):
        return None
    return node.args[0].value  # type: ignore[attr-defined]


#: A comma with no space around it, for codemods that build element lists.
TIGHT_COMMA = cst.Comma(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))


def squeezed_length(node: cst.CSTNode) -> int:
    """Length of `node`'s code without whitespace: about what squeeze-whitespace leaves of it, to
    decide whether a rewrite saves bytes before it runs."""
    return len("".join(cst.Module([]).code_for_node(node).split()))


def ancestors(parents: Mapping[cst.CSTNode, cst.CSTNode], node: cst.CSTNode) -> list[cst.CSTNode]:
    """`node`'s parent, its parent, ... up to the module, from LibCST's ParentNodeProvider map."""
    found = []
    while node in parents:
        node = parents[node]
        found.append(node)
    return found


def class_member(param: str) -> tuple[str, str]:
    """`("Class", "name")` from a `member=Class.name` parameter; refuses any other shape."""
    class_name, _, name = param.partition(".")
    if not class_name or not name:
        raise Refuse(f"member must be Class.name, not {param!r}")
    return class_name, name
