"""The technique codemods, by name: each turns a program into a shorter one that computes the same thing.

`apply(name, source, params)` runs one and returns an outcome value (`Applied`, `Refused`,
`Failed`); `candidates(source)` lists every (technique, parameters) pair worth trying on a
source, for `golf shrink`. Each technique lives in its own module, whose docstring says
what it does and what it keeps so the result stays exact.
"""

from __future__ import annotations

import libcst as cst

from golf.codemods import (
    alias_operators,
    append_comprehension,
    augmented_append,
    child_pairs,
    class_defaults,
    copy_propagation,
    decorator_value,
    dict_to_names,
    drop_defaults,
    drop_guards,
    drop_member,
    drop_parens,
    drop_slots,
    drop_unused,
    extract_expression,
    fold_constants,
    fuse_nodes,
    generator_argument,
    helper_extract,
    import_from,
    inline_constants,
    inline_function,
    inline_method,
    inline_value,
    inline_variable,
    isinstance_type,
    iterate_elements,
    join_statements,
    lambda_defs,
    lists_to_attributes,
    loop_values,
    map_comprehension,
    merge_assignments,
    merge_imports,
    open_inline,
    operator_map,
    positional_keywords,
    print_args,
    print_end,
    range_repeat,
    recursive_lambda,
    rename_attributes,
    rename_short,
    repeat_calls,
    reuse_value,
    short_literals,
    singleton_lists,
    splice_lists,
    squeeze_whitespace,
    string_accumulate,
    strip_comments,
    sum_flatten,
    tilde_increment,
    unpack_builtins,
    unroll_loops,
    visited_dict,
    walrus_lambda,
)
from golf.codemods.technique import Applied, Failed, Outcome, Param, Params, Refused, Technique, run_technique

#: Every technique, by registry name, in the order `golf apply --help` lists them.
TECHNIQUES: dict[str, Technique] = {
    module.TECHNIQUE.name: module.TECHNIQUE
    for module in (
        strip_comments,
        rename_short,
        rename_attributes,
        lambda_defs,
        walrus_lambda,
        join_statements,
        merge_assignments,
        merge_imports,
        import_from,
        decorator_value,
        drop_slots,
        drop_guards,
        drop_unused,
        unroll_loops,
        dict_to_names,
        inline_function,
        inline_variable,
        helper_extract,
        print_args,
        short_literals,
        range_repeat,
        alias_operators,
        inline_constants,
        drop_defaults,
        iterate_elements,
        map_comprehension,
        operator_map,
        splice_lists,
        append_comprehension,
        singleton_lists,
        lists_to_attributes,
        class_defaults,
        visited_dict,
        open_inline,
        tilde_increment,
        inline_method,
        inline_value,
        copy_propagation,
        reuse_value,
        extract_expression,
        fold_constants,
        loop_values,
        unpack_builtins,
        sum_flatten,
        repeat_calls,
        generator_argument,
        augmented_append,
        string_accumulate,
        print_end,
        positional_keywords,
        isinstance_type,
        recursive_lambda,
        child_pairs,
        fuse_nodes,
        drop_member,
        drop_parens,
        squeeze_whitespace,
    )
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


def apply(name: str, source: str, params: Params | None = None) -> Outcome:
    """Apply the technique `name` to `source`: Applied (valid Python), Refused (with the reason) or Failed."""
    return run_technique(get(name), source, params)


def candidates(source: str) -> list[tuple[str, dict[str, str]]]:
    """Every (technique, parameters) pair worth trying on `source`, registry order."""
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError:
        return []
    return [(name, params) for name, technique in TECHNIQUES.items() for params in technique.candidates(module)]


__all__ = [
    "TECHNIQUES",
    "Applied",
    "Failed",
    "Outcome",
    "Param",
    "Refused",
    "Technique",
    "UnknownTechnique",
    "apply",
    "candidates",
    "get",
]
