"""The technique codemods, by name: each turns a program into a shorter one that computes the same thing.

`apply(name, source, params)` runs one and returns an outcome value (`Applied`, `Refused`,
`Failed`); `candidates(source)` lists every (technique, parameters) pair worth trying on a
source, for `golf shrink`; both take a `Program` (`analyse(source)`) in place of the text, so the
techniques of one search round share one parse and one resolution of LibCST metadata. Each
technique lives in its own module, whose docstring says what it does and what it keeps so the
result stays exact; analyses that several techniques use live in shared modules (`names`,
`layout`, `step_bounds`, ...) with public names.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Collection

import libcst as cst

from golf.codemods.program import Program
from golf.codemods.technique import Applied, Failed, Outcome, Param, Params, Refused, Technique, run_technique

#: The technique modules, in the order `golf apply --help` lists them and the search tries them (its
#: ties go to the earlier technique). Each module exposes its `TECHNIQUE`; this is the one place one is registered.
_REGISTRY_ORDER: tuple[str, ...] = (
    "strip_comments",
    "rename_short",
    "rename_attributes",
    "lambda_defs",
    "walrus_lambda",
    "join_statements",
    "merge_assignments",
    "merge_imports",
    "import_from",
    "decorator_value",
    "drop_slots",
    "drop_guards",
    "drop_unused",
    "unroll_loops",
    "dict_to_names",
    "inline_function",
    "inline_variable",
    "helper_extract",
    "print_args",
    "short_literals",
    "range_repeat",
    "alias_operators",
    "inline_constants",
    "drop_defaults",
    "iterate_elements",
    "map_comprehension",
    "operator_map",
    "splice_lists",
    "append_comprehension",
    "singleton_lists",
    "lists_to_attributes",
    "class_defaults",
    "visited_dict",
    "open_inline",
    "tilde_increment",
    "inline_method",
    "inline_value",
    "copy_propagation",
    "reuse_value",
    "extract_expression",
    "fold_constants",
    "loop_values",
    "unpack_builtins",
    "sum_flatten",
    "repeat_calls",
    "generator_argument",
    "augmented_append",
    "string_accumulate",
    "print_end",
    "positional_keywords",
    "isinstance_type",
    "recursive_lambda",
    "child_pairs",
    "fuse_nodes",
    "drop_member",
    "drop_parens",
    "squeeze_whitespace",
)


def _technique_modules() -> list[str]:
    """The modules of this package that define a `TECHNIQUE`, in registry order; each must be listed there."""
    found = set()
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_") and hasattr(importlib.import_module(f"{__name__}.{info.name}"), "TECHNIQUE"):
            found.add(info.name)
    unlisted = sorted(found - set(_REGISTRY_ORDER))
    if unlisted:
        raise ImportError(f"technique module(s) {', '.join(unlisted)} missing from golf.codemods._REGISTRY_ORDER")
    return [name for name in _REGISTRY_ORDER if name in found]


#: Every technique, by registry name, in registry order.
TECHNIQUES: dict[str, Technique] = {
    technique.name: technique
    for technique in (importlib.import_module(f"{__name__}.{name}").TECHNIQUE for name in _technique_modules())
}


class UnknownTechnique(KeyError):
    """A technique name that is not in the registry; the message lists the known ones."""

    def __str__(self) -> str:
        return f"unknown technique {self.args[0]!r}; choose one of {', '.join(TECHNIQUES)}"


def get(name: str) -> Technique:
    """The technique registered as `name`; raises UnknownTechnique."""
    try:
        return TECHNIQUES[name]
    except KeyError:
        raise UnknownTechnique(name) from None


def apply(name: str, source: str | Program, params: Params | None = None) -> Outcome:
    """Apply the technique `name` to `source` (text or a shared `Program`): Applied (valid Python), Refused
    (with the reason) or Failed."""
    return run_technique(get(name), source, params)


def analyse(source: str) -> Program | None:
    """`source` parsed once, for every technique of a search round to share; None when it is not valid Python."""
    try:
        return Program.parse(source)
    except cst.ParserSyntaxError:
        return None


def candidates(source: str | Program, names: Collection[str] | None = None) -> list[tuple[str, dict[str, str]]]:
    """Every (technique, parameters) pair worth trying on `source`, registry order; only `names` when given."""
    program = analyse(source) if isinstance(source, str) else source
    if program is None:
        return []
    chosen = [(name, t) for name, t in TECHNIQUES.items() if names is None or name in names]
    with program.current():
        return [(name, params) for name, technique in chosen for params in technique.candidates(program.module)]


__all__ = [
    "TECHNIQUES",
    "Applied",
    "Failed",
    "Outcome",
    "Param",
    "Program",
    "Refused",
    "Technique",
    "UnknownTechnique",
    "analyse",
    "apply",
    "candidates",
    "get",
]
