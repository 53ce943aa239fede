"""The per-program analysis that a search expansion shares, and the technique registry built from the modules."""

from __future__ import annotations

import pkgutil
import textwrap

import pytest
from libcst.metadata import ParentNodeProvider, ScopeProvider

from golf import codemods
from golf.codemods.program import Program, metadata

SOURCE = textwrap.dedent(
    """\
    import math


    def scaled_logarithm(value_in, factor_in):
        return math.log(value_in) * factor_in


    total = 0
    for step in range(3):
        total = total + scaled_logarithm(2.0, step)
    print(total)
    """
)


def test_a_program_resolves_its_metadata_once_over_its_own_tree() -> None:
    program = Program.parse(SOURCE)
    with program.current():
        wrapper = metadata(program.module)
        assert wrapper is program.metadata and wrapper.module is program.module
        scopes = wrapper.resolve(ScopeProvider)
        assert metadata(program.module).resolve(ScopeProvider) is scopes
        parents = wrapper.resolve(ParentNodeProvider)
        assert parents[program.module.body[0]] is program.module


def test_metadata_of_another_tree_is_a_wrapper_of_its_own() -> None:
    program, other = Program.parse(SOURCE), Program.parse(SOURCE)
    with program.current():
        assert metadata(other.module) is not program.metadata
    assert metadata(program.module) is not program.metadata  # no program is current here


@pytest.mark.parametrize(
    "technique",
    [
        pytest.param("inline-variable", id="inline-variable"),
        pytest.param("rename-short", id="rename-short"),
        pytest.param("drop-unused", id="drop-unused"),
        pytest.param("strip-comments-docstrings", id="strip-comments"),
    ],
)
def test_a_shared_program_gives_the_outcomes_of_the_source_text(technique: str) -> None:
    program = codemods.analyse(SOURCE)
    assert program is not None
    moves = [params for name, params in codemods.candidates(SOURCE) if name == technique]
    assert moves == [params for name, params in codemods.candidates(program) if name == technique]
    for params in moves or [{}]:
        assert codemods.apply(technique, program, params) == codemods.apply(technique, SOURCE, params)


def test_a_source_that_does_not_parse_has_no_program() -> None:
    assert codemods.analyse("def (:\n") is None
    assert codemods.candidates("def (:\n") == []


def test_every_technique_module_is_registered_once_in_order() -> None:
    modules = [
        info.name
        for info in pkgutil.iter_modules(codemods.__path__)
        if hasattr(__import__(f"golf.codemods.{info.name}", fromlist=["_"]), "TECHNIQUE")
    ]
    assert sorted(modules) == sorted(codemods._REGISTRY_ORDER)
    assert len(codemods.TECHNIQUES) == len(modules) == 57
    assert list(codemods.TECHNIQUES)[:3] == ["strip-comments-docstrings", "rename-short", "rename-attributes"]
    assert list(codemods.TECHNIQUES)[-2:] == ["drop-parens", "squeeze-whitespace"]
