"""golf's pytest plugin, run by pytest's own `pytester` on a tiny reference and its variants (2 steps)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from golf.engine.verdict import Difference, Verdict
from golf.pytest_plugin import failure_message

pytest_plugins = ["pytester"]

TINY = FIXTURES / "bad"
#: The project a user would have: a reference, a golfed copy, and one that draws its parameters in another order.
PROJECT_VARIANTS = {
    "reference.py": TINY / "tiny_reference.py",
    "golfed.py": TINY / "tiny_golfed.py",
    "reordered.py": TINY / "reordered_random.py",
    "broken/reordered_too.py": TINY / "reordered_random.py",
}


@pytest.fixture
def project(pytester: pytest.Pytester, tmp_path_factory: pytest.TempPathFactory) -> pytest.Pytester:
    """A pytester folder with golfed variants in `golfed/` and an ini file pointing golf at them."""
    for name, source in PROJECT_VARIANTS.items():
        target = pytester.path / "golfed" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    cache = tmp_path_factory.mktemp("plugin-cache")
    pytester.makeini(
        f"""
        [pytest]
        golf_variants = golfed
        golf_reference = golfed/reference.py
        golf_steps = 2
        golf_cache_dir = {cache}
        """
    )
    return pytester


def test_golf_variant_collects_one_test_per_variant_with_readable_ids(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        from golf.pytest_plugin import assert_equivalent

        def test_equivalent(golf_variant, golf_check):
            assert_equivalent(golf_check(golf_variant))
        """
    )
    result = project.runpytest("-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*test_equivalent[[]golfed[]] PASSED*",
            "*test_equivalent[[]reordered[]] FAILED*",
            # The failure names the first difference: step, quantity, parameter and both values.
            "*golf: reordered is diverged at 2 steps (wanted identical or close)*",
            "*first difference: init params[[]0[]]: * vs * (reference vs variant)*",
        ]
    )
    assert "reference]" not in result.stdout.str()  # the reference is not checked against itself
    assert "reordered_too" not in result.stdout.str()  # known-bad ones only on request


def test_marker_includes_known_bad_variants_and_verdicts_are_values(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import pytest
        from golf.pytest_plugin import assert_caught

        @pytest.mark.golf_variants("golfed", known_bad=True)
        def test_bad_ones_are_caught(golf_variant, golf_check):
            verdict = golf_check(golf_variant)
            if golf_variant.known_bad:
                assert_caught(verdict)
                assert (verdict.verdict, verdict.first_divergence.quantity) == ("diverged", "init")
            else:
                assert verdict.steps == 2
        """
    )
    result = project.runpytest("-v")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["*test_bad_ones_are_caught[[]broken/reordered_too[]] PASSED*"])


def test_command_line_options_override_the_ini_file(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        def test_steps(golf_check):
            verdict = golf_check("golfed/golfed.py")
            assert (verdict.verdict, verdict.steps) == ("identical", 1)
        """
    )
    project.runpytest("--golf-steps", "1").assert_outcomes(passed=1)


def test_bad_steps_is_a_usage_error(project: pytest.Pytester) -> None:
    project.makepyfile("def test_x(golf_check):\n    pass\n")
    result = project.runpytest("--golf-steps", "zero")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*golf_steps / --golf-steps: 'zero' is not a whole number of 1 or more*"])


def test_plugin_leaves_other_tests_alone(pytester: pytest.Pytester) -> None:
    """A project without golf settings or fixtures collects and runs as without the plugin."""
    pytester.makepyfile("def test_plain():\n    assert True\n")
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*test_plain PASSED*"])


@pytest.mark.parametrize(
    ("verdict", "exact", "expected"),
    [
        pytest.param(Verdict("v", "identical", 3), False, None, id="identical"),
        pytest.param(Verdict("v", "close", 3), False, None, id="close-allowed"),
        pytest.param(
            Verdict("v", "close", 3, first_bit_difference=Difference(2, "loss", None, 0.5, 0.5000000000000001)),
            True,
            "golf: v is close at 3 steps (wanted identical)\n"
            "first difference: step 2 loss: 0.5 vs 0.5000000000000001 (reference vs variant)\n"
            "max abs 0, max rel 0",
            id="close-when-exact",
        ),
        pytest.param(
            Verdict("v", "diverged", 3, first_divergence=Difference(3, "grad", "layer0.wq[1][2]", 0.25, -0.25)),
            False,
            "golf: v is diverged at 3 steps (wanted identical or close)\n"
            "first difference: step 3 grad layer0.wq[1][2]: 0.25 vs -0.25 (reference vs variant)",
            id="diverged",
        ),
        pytest.param(
            Verdict("v", "failed", 3, failure="crashed during step 2: ValueError: bad", stderr_tail="ValueError: bad"),
            False,
            "golf: v is failed at 3 steps (wanted identical or close)\n"
            "failure: crashed during step 2: ValueError: bad\n"
            "last lines of stderr:\n  ValueError: bad",
            id="failed",
        ),
    ],
)
def test_failure_message(verdict: Verdict, exact: bool, expected: str | None) -> None:
    assert failure_message(verdict, exact=exact) == expected


def test_plugin_is_registered_by_the_entry_point(pytestconfig: pytest.Config) -> None:
    """The installed entry point loads the plugin in every session, this project's own included."""
    assert pytestconfig.pluginmanager.has_plugin("golf")
    assert Path(pytestconfig.pluginmanager.get_plugin("golf").__file__).name == "pytest_plugin.py"
