"""golf's pytest plugin: equivalence checks of golfed variants as ordinary tests.

Installed with golf (the `pytest11` entry point), it adds:

- the `golf_check` fixture: `golf_check(variant, reference=None) -> Verdict`, with the reference, steps,
  data and cache folder of the options below;
- `assert_equivalent(verdict)`: fails with the first difference (step, quantity, parameter, both values);
- the `golf_variant` fixture argument: a test that takes it runs once per variant of the `golf_variants`
  folder (the reference and known-bad sub-folders left out), with the variant's name as the test id;
  `@pytest.mark.golf_variants(folder, known_bad=True)` chooses another folder or includes known-bad ones;
- options: `--golf-reference`, `--golf-steps`, `--golf-data`, `--golf-cache-dir` on the command line, and
  `golf_reference`, `golf_steps`, `golf_data`, `golf_variants`, `golf_cache_dir` in the ini file (paths
  there are relative to the rootdir).

Only a test that asks for these fixtures sees golf: the plugin changes no other test's collection.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # importing golf's engine is left to the tests that use it
    from golf.engine.variants import Variant
    from golf.engine.verdict import Verdict

#: Fixed steps of a check when neither --golf-steps nor golf_steps is given: short enough for a test.
DEFAULT_TEST_STEPS = 3

#: (command-line option, ini name, help).
_OPTIONS = (
    ("--golf-reference", "golf_reference", "variant name or script the variants are checked against"),
    ("--golf-steps", "golf_steps", f"training steps per check (default: {DEFAULT_TEST_STEPS})"),
    ("--golf-data", "golf_data", "text file used as input.txt, one document a line (default: golf's names)"),
    ("--golf-cache-dir", "golf_cache_dir", "where runs are cached (default: $GOLF_CACHE_DIR, else ~/.cache/golf)"),
)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("golf", "golf equivalence checks (golf_check, golf_variant)")
    for option, ini, help_text in _OPTIONS:
        group.addoption(option, dest=ini, metavar="VALUE", help=help_text)
        parser.addini(ini, help_text)
    parser.addini("golf_variants", "folder of variants a `golf_variant` test runs over (default: ./variants)")


def pytest_configure(config: pytest.Config) -> None:
    _steps(config)  # a bad value stops the session at once, with one line, not in every test that checks
    config.addinivalue_line(
        "markers",
        "golf_variants(folder=None, known_bad=False): the folder of variants a `golf_variant` test runs over, "
        "and whether its known-bad sub-folders are included",
    )


def _setting(config: pytest.Config, name: str) -> tuple[str | None, Path]:
    """The value of a golf setting, and the folder a relative path in it is relative to."""
    given = config.getoption(name, default=None)
    if given:
        return given, config.invocation_params.dir
    return (config.getini(name) or None), config.rootpath


def _path_setting(config: pytest.Config, name: str) -> Path | None:
    value, base = _setting(config, name)
    return base / value if value else None


def _reference(config: pytest.Config) -> str | None:
    value, base = _setting(config, "golf_reference")
    if value and value.endswith(".py"):
        return str(base / value)
    return value  # a variant's name, or None: golf's default reference


def _steps(config: pytest.Config) -> int:
    value, _ = _setting(config, "golf_steps")
    if value is None:
        return DEFAULT_TEST_STEPS
    try:
        steps = int(value)
    except ValueError:
        steps = 0
    if steps < 1:
        raise pytest.UsageError(f"golf_steps / --golf-steps: {value!r} is not a whole number of 1 or more")
    return steps


def _variants_folder(config: pytest.Config) -> Path | None:
    return _path_setting(config, "golf_variants")


@pytest.fixture(scope="session")
def golf_check(pytestconfig: pytest.Config) -> Callable[..., Verdict]:
    """`golf_check(variant, reference=None, **options) -> Verdict`: check a variant (a name or a path).

    The reference, steps, data and cache folder come from the golf options; keyword arguments of
    golf.engine.check.check_many (steps, data, tolerance, options, use_cache, ...) override them.
    """
    from golf.engine.check import check_many

    defaults = {
        "steps": _steps(pytestconfig),
        "data": _path_setting(pytestconfig, "golf_data"),
        "cache_dir": _path_setting(pytestconfig, "golf_cache_dir"),
        "variants_dir": _variants_folder(pytestconfig),
    }
    default_reference = _reference(pytestconfig)

    def check(variant: str | Path | Variant, reference: str | Path | Variant | None = None, **options) -> Verdict:
        chosen = reference if reference is not None else default_reference
        return check_many([variant], chosen, **(defaults | options))[0]

    return check


def failure_message(verdict: Verdict, *, exact: bool = False) -> str | None:
    """Why `verdict` does not show an equivalent variant (None when it does): the first difference and notes."""
    from golf.engine.verdict import describe

    accepted = ("identical",) if exact else ("identical", "close")
    if verdict.verdict in accepted:
        return None
    lines = [f"golf: {verdict.variant} is {verdict.verdict} at {verdict.steps or 'its own'} steps (wanted "]
    lines[0] += " or ".join(accepted) + ")"
    first = verdict.first_divergence or verdict.first_bit_difference
    if first is not None:
        lines.append(f"first difference: {describe(first)} (reference vs variant)")
    if verdict.failure:
        lines.append(f"failure: {verdict.failure}")
    if verdict.verdict == "close":
        lines.append(f"max abs {verdict.max_abs_diff:.3g}, max rel {verdict.max_rel_diff:.3g}")
    lines += [f"note: {note}" for note in verdict.notes]
    if verdict.stderr_tail.strip():
        lines.append("last lines of stderr:\n  " + verdict.stderr_tail.strip().replace("\n", "\n  "))
    return "\n".join(lines)


def assert_equivalent(verdict: Verdict, *, exact: bool = False) -> None:
    """Fail unless `verdict` is identical (or close, unless `exact`), naming the first difference."""
    __tracebackhide__ = True
    message = failure_message(verdict, exact=exact)
    if message is not None:
        pytest.fail(message, pytrace=False)


def assert_caught(verdict: Verdict) -> None:
    """Fail unless the check found `verdict`'s variant not bit-identical (for known-bad variants)."""
    __tracebackhide__ = True
    if not verdict.caught:
        pytest.fail(f"golf: {verdict.variant} is {verdict.verdict}: the check did not catch it", pytrace=False)


def _folder_variants(folder: Path | None, known_bad: bool, reference: str | None) -> list[Variant]:
    from golf.engine.variants import REFERENCE_NAME, VariantError, discover

    try:
        found = discover(folder)
    except VariantError as exc:
        raise pytest.UsageError(f"golf_variant: {exc} (set golf_variants in the ini file)") from None
    skip = Path(reference).stem if reference and reference.endswith(".py") else (reference or REFERENCE_NAME)
    return [v for v in found if v.name != skip and (known_bad or not v.known_bad)]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "golf_variant" not in metafunc.fixturenames:
        return
    config = metafunc.config
    folder, known_bad = _variants_folder(config), False
    marker = metafunc.definition.get_closest_marker("golf_variants")
    if marker is not None:
        given = marker.kwargs.get("folder", marker.args[0] if marker.args else None)
        if given is not None:
            folder = metafunc.definition.path.parent / given
        known_bad = bool(marker.kwargs.get("known_bad", False))
    variants = _folder_variants(folder, known_bad, _reference(config))
    metafunc.parametrize("golf_variant", variants, ids=[v.name for v in variants])
