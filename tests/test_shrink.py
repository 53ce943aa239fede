"""`golf shrink` and `golf apply`: the search against fake checkers, its log, cache and resume; the commands.

The search logic runs against fake checkers (plain functions returning Verdicts), so it is
fast and every branch can be forced. One small real run goes through the command line.
"""

from __future__ import annotations

import json
import textwrap
import warnings
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, VARIANTS

from golf import codemods
from golf.cli import main
from golf.engine.verdict import Verdict
from golf.measure.count import count_source
from golf.measure.model import SourceSyntaxError
from golf.search import ShrinkEvent, ShrinkResult, VerdictCache, loop, make_checker, measure, shrink
from golf.search.expand import Expansion, Node

SNIPPET = textwrap.dedent(
    '''
    """A small program to shrink."""

    import math


    def scaled_logarithm(value_in, factor_in):
        # the logarithm, scaled
        return math.log(value_in) * factor_in


    total_steps = 3
    running_total = 0.0
    for step_number in range(total_steps):
        running_total = running_total + scaled_logarithm(step_number + 1, 2.0)
    print(f"total: {running_total:.6f}")
    '''
).lstrip()

TINY_DATA = "ab\nba\naab\nb\nbba\na\n"


def identical(source: str, steps: int) -> Verdict:
    return Verdict("candidate", "identical", steps)


class CountingChecker:
    """A fake checker: identical unless `bad(source)`, counting its calls."""

    def __init__(self, bad=lambda source: False, bad_at=None) -> None:
        self.bad, self.bad_at, self.calls = bad, bad_at, 0

    def __call__(self, source: str, steps: int) -> Verdict:
        self.calls += 1
        if self.bad(source) and (self.bad_at is None or steps == self.bad_at):
            return Verdict("candidate", "diverged", steps)
        return Verdict("candidate", "identical", steps)


def test_greedy_search_shrinks_and_confirms() -> None:
    events: list[ShrinkEvent] = []
    result = shrink(SNIPPET, "bytes", identical, confirm_steps=10, on_event=events.append)
    assert result.end < result.start == len(SNIPPET.encode())
    assert result.end == measure(result.source, "bytes")
    assert result.confirmed == "identical"
    assert "#" not in result.source and "scaled_logarithm" not in result.source
    names = [name for name, _ in result.chain]
    assert "strip-comments-docstrings" in names and "rename-short" in names
    outcomes = {e.outcome for e in events}
    assert {"accepted", "refused", "confirmed"} <= outcomes
    assert all(e.reason for e in events if e.outcome in ("refused", "no-saving", "accepted"))
    exec(compile(result.source, "<shrunk>", "exec"), {"__name__": "__main__", "print": lambda *a, **k: None})


@pytest.mark.parametrize("metric", ["lines", "bytes", "tokens"])
def test_every_metric_never_grows(metric: str) -> None:
    result = shrink(SNIPPET, metric, identical, confirm_steps=None)
    assert result.end <= result.start
    assert result.end == measure(result.source, metric)


def test_candidates_that_are_not_identical_are_rejected_with_the_verdict() -> None:
    checker = CountingChecker(bad=lambda source: "lambda" in source)
    events: list[ShrinkEvent] = []
    result = shrink(SNIPPET, "bytes", checker, confirm_steps=None, on_event=events.append)
    assert "lambda" not in result.source
    rejected = [e for e in events if e.outcome == "not-identical"]
    assert rejected and rejected[0].verdict == "diverged" and rejected[0].technique == "lambda-defs"


def test_a_step_found_not_identical_is_skipped_in_later_rounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loop, "FIRST_RUN", 1)  # one check per move: each verdict logged is one call
    monkeypatch.setattr(loop, "MAX_RUN", 1)
    checker = CountingChecker(bad=lambda source: "# the logarithm" not in source)
    events: list[ShrinkEvent] = []
    shrink(SNIPPET, "bytes", checker, confirm_steps=None, on_event=events.append)
    stripping = [e for e in events if e.technique == "strip-comments-docstrings"]
    assert [e.outcome for e in stripping][:2] == ["not-identical", "skipped"]
    assert stripping[1].round > stripping[0].round
    assert f"not identical in round {stripping[0].round}" in stripping[1].reason
    assert checker.calls == len([e for e in events if e.verdict is not None])


def test_a_rejected_step_gets_one_more_try_when_the_search_stalls(monkeypatch: pytest.MonkeyPatch) -> None:
    # Stripping the comments "breaks" the program only while `2.0` is not yet written `2.`. Moves are
    # checked one by one here: a run of moves checked together would take both at once.
    monkeypatch.setattr(loop, "FIRST_RUN", 1)
    monkeypatch.setattr(loop, "MAX_RUN", 1)
    checker = CountingChecker(bad=lambda source: "# the" not in source and "2.0" in source)
    events: list[ShrinkEvent] = []
    result = shrink(SNIPPET, "bytes", checker, confirm_steps=None, on_event=events.append)
    assert "#" not in result.source and "2.0" not in result.source
    stripping = [e.outcome for e in events if e.technique == "strip-comments-docstrings"]
    assert stripping[:3] == ["not-identical", "skipped", "accepted"]


def test_a_step_still_rejected_on_its_retry_ends_the_search() -> None:
    checker = CountingChecker(bad=lambda source: "# the logarithm" not in source)
    events: list[ShrinkEvent] = []
    result = shrink(SNIPPET, "bytes", checker, confirm_steps=None, on_event=events.append)
    assert "# the logarithm" in result.source
    last_round = max(e.round for e in events)
    assert not [e for e in events if e.round == last_round and e.outcome == "accepted"]


@pytest.mark.parametrize("bad", ["lambda", "total"], ids=["lambda-defs-rejected", "none-rejected"])
def test_runs_of_moves_find_what_one_by_one_finds_with_fewer_checks(bad: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # A move that breaks identity (here: any program with a lambda) stays broken under the moves after it,
    # so checking the last program of a run, and halving the run when it fails, takes the same moves.
    def search(run_length: int) -> tuple[ShrinkResult, CountingChecker, list[ShrinkEvent]]:
        monkeypatch.setattr(loop, "FIRST_RUN", run_length)
        monkeypatch.setattr(loop, "MAX_RUN", max(run_length, 2 * run_length))
        checker, events = CountingChecker(bad=lambda source: bad in source and bad != "total"), []
        return shrink(SNIPPET, "bytes", checker, confirm_steps=None, on_event=events.append), checker, events

    one_by_one, one_checker, _ = search(1)
    runs, run_checker, events = search(4)
    assert runs.source == one_by_one.source and runs.chain == one_by_one.chain
    accepted = [e for e in events if e.outcome == "accepted"]
    # A move accepted inside a run has no verdict of its own: every verdict logged is one check.
    assert all(e.verdict == ("identical" if "checked with the" not in e.reason else None) for e in accepted)
    assert run_checker.calls == len([e for e in events if e.verdict is not None])
    if bad == "lambda":
        assert run_checker.calls <= one_checker.calls
        assert [e.technique for e in events if e.outcome == "not-identical"][:1] == ["lambda-defs"]
    else:
        assert run_checker.calls < one_checker.calls
        assert any("checked with the" in e.reason for e in accepted)


@pytest.mark.parametrize("beam", [1, 2])
def test_checking_in_parallel_finds_the_same_result_and_log(beam: int) -> None:
    def run(jobs: int) -> tuple[str, list[tuple[int, str, str]]]:
        events: list[ShrinkEvent] = []
        checker = CountingChecker(bad=lambda source: "lambda" in source)
        result = shrink(SNIPPET, "bytes", checker, confirm_steps=None, on_event=events.append, beam=beam, jobs=jobs)
        return result.source, [e.to_dict() for e in events]

    serial, parallel = run(1), run(3)
    assert parallel == serial


def test_jobs_must_be_positive() -> None:
    with pytest.raises(ValueError, match="jobs"):
        shrink(SNIPPET, "bytes", identical, jobs=0)


def test_a_winner_that_fails_confirmation_walks_back() -> None:
    checker = CountingChecker(bad=lambda source: "lambda" in source, bad_at=50)
    events: list[ShrinkEvent] = []
    result = shrink(SNIPPET, "bytes", checker, confirm_steps=50, on_event=events.append)
    assert "lambda" not in result.source
    assert result.confirmed == "identical"
    assert [e.outcome for e in events if e.round == 0][:1] == ["not-confirmed"]


def test_beam_search_keeps_several_candidates() -> None:
    greedy = shrink(SNIPPET, "bytes", identical, confirm_steps=None)
    beam = shrink(SNIPPET, "bytes", identical, confirm_steps=None, beam=2)
    assert beam.end <= greedy.end


def test_techniques_can_be_restricted() -> None:
    result = shrink(SNIPPET, "bytes", identical, confirm_steps=None, techniques=["strip-comments-docstrings"])
    assert [name for name, _ in result.chain] == ["strip-comments-docstrings"]


def test_resume_from_cache_after_interruption(tmp_path: Path) -> None:
    cache_file = tmp_path / "verdicts.jsonl"
    calls = {"n": 0}

    def interrupted_on_third(source: str, steps: int) -> Verdict:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return identical(source, steps)

    with pytest.raises(KeyboardInterrupt):
        shrink(SNIPPET, "bytes", interrupted_on_third, confirm_steps=5, cache=VerdictCache(cache_file, "ctx"))
    assert len(cache_file.read_text().splitlines()) == 2

    second = CountingChecker()
    events: list[ShrinkEvent] = []
    result = shrink(
        SNIPPET, "bytes", second, confirm_steps=5, cache=VerdictCache(cache_file, "ctx"), on_event=events.append
    )
    assert [e.cached for e in events if e.verdict][:2] == [True, True]
    fresh = shrink(SNIPPET, "bytes", CountingChecker(), confirm_steps=5)
    assert result.source == fresh.source

    # A third run is served entirely from the cache: the checker is never called.
    def never(source: str, steps: int) -> Verdict:
        raise AssertionError("should come from the cache")

    again = shrink(SNIPPET, "bytes", never, confirm_steps=5, cache=VerdictCache(cache_file, "ctx"))
    assert again.source == result.source


def test_cache_ignores_a_line_cut_short(tmp_path: Path) -> None:
    cache_file = tmp_path / "verdicts.jsonl"
    cache = VerdictCache(cache_file, "ctx")
    cache.put("x = 1\n", 3, "identical", "identical")
    with cache_file.open("a") as f:
        f.write('{"key": "abc", "verd')
    reloaded = VerdictCache(cache_file, "ctx")
    assert reloaded.get("x = 1\n", 3) == {
        "key": cache._key("x = 1\n", 3),
        "verdict": "identical",
        "detail": "identical",
    }
    assert VerdictCache(cache_file, "other context").get("x = 1\n", 3) is None


def test_unknown_metric() -> None:
    with pytest.raises(ValueError, match="metric must be one of"):
        measure("x = 1\n", "characters")


#: Every bundled variant and fixture golf, and sources with a BOM, no final newline and CRLF lines.
MEASURED = [
    *sorted(VARIANTS.rglob("*.py")),
    *sorted(FIXTURES.rglob("*.py")),
    "\ufeffx = 1\n",
    "x = 1",
    "x = 1\r\ny = 'é'\r\n",
    "type X = int\n",  # newer than Python 3.11's parser; LibCST's count decides
]


def test_measure_is_what_count_source_counts() -> None:
    # measure takes lines and bytes from the text itself; count_source sums them over the regions.
    for item in MEASURED:
        source = item.read_text(encoding="utf-8") if isinstance(item, Path) else item
        try:
            total = count_source(source).total
        except SourceSyntaxError:
            with pytest.raises(SourceSyntaxError):
                measure(source, "bytes")
            continue
        for metric in ("lines", "bytes"):  # tokens: measure asks count_source itself (checked below)
            assert measure(source, metric) == getattr(total, metric), (item, metric)
    variant = MEASURED[0].read_text(encoding="utf-8")
    assert measure(variant, "tokens") == count_source(variant).total.tokens


def test_measure_is_silent_on_golfed_literals() -> None:
    # `1if x else 2` makes Python's compiler warn; a search measures every move of such a program.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert measure("x = 1if 1else 2\n", "bytes") == 16
    assert not caught


@pytest.mark.parametrize("metric", ["lines", "bytes", "tokens"])
def test_measure_refuses_what_is_not_python(metric: str) -> None:
    with pytest.raises(SourceSyntaxError):
        measure("def f(:\n", metric)


# ---------------------------------------------------------------------------
# golf apply
# ---------------------------------------------------------------------------
def test_apply_writes_the_result_and_prints_savings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "prog.py"
    source.write_text(SNIPPET)
    out = tmp_path / "out.py"
    assert main(["apply", "strip-comments-docstrings", str(source), "-o", str(out)]) == 0
    expected = codemods.apply("strip-comments-docstrings", SNIPPET)
    assert out.read_text() == expected.source
    printed = capsys.readouterr().out
    for name in ("lines", "bytes", "tokens"):
        assert name in printed
    assert str(len(SNIPPET.encode()) - len(expected.source.encode())) in printed
    assert not list(tmp_path.glob(".*.tmp"))


def test_apply_says_a_trial_technique_proves_nothing_without_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "prog.py"
    source.write_text("class A:\n    def f(self):\n        return 1\n\n    def g(self):\n        return 2\n")
    out = tmp_path / "out.py"
    assert main(["apply", "drop-member", "A.g", str(source), "-o", str(out)]) == 0
    assert "def g" not in out.read_text()
    err = capsys.readouterr().err
    assert "trial technique" in err and "--check" in err
    assert main(["apply", "strip-comments-docstrings", str(source), "-o", str(out)]) in (0, 1)
    assert "trial technique" not in capsys.readouterr().err


def test_apply_positional_and_keyword_parameters(tmp_path: Path) -> None:
    source = tmp_path / "prog.py"
    source.write_text(SNIPPET)
    out = tmp_path / "out.py"
    square = tmp_path / "square.py"
    square.write_text("def sq(x):\n    return x * x\nprint(sq(3))\n")
    assert main(["apply", "inline-function", "sq", str(square), "-o", str(out)]) == 0
    assert out.read_text() == "print((3 * 3))\n"
    assert main(["apply", "rename-short", "keep=running_total", str(source), "-o", str(out)]) == 0
    assert "running_total" in out.read_text() and "total_steps" not in out.read_text()


def test_apply_refusal_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "prog.py"
    source.write_text("def f(n):\n    return f(n - 1)\n")
    out = tmp_path / "out.py"
    assert main(["apply", "inline-function", "f", str(source), "-o", str(out)]) == 1
    assert not out.exists()
    assert "refused: f is recursive" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["apply", "golf-it", "X.py", "-o", "o.py"], "unknown technique", id="unknown-technique"),
        pytest.param(["apply", "lambda-defs", "a", "b", "X.py", "-o", "o.py"], "no more positional", id="extra-arg"),
        pytest.param(["apply", "lambda-defs", "missing.py", "-o", "o.py"], "cannot read", id="missing-file"),
    ],
)
def test_apply_usage_errors(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "X.py").write_text("x = 1\n")
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_apply_check_on_original(tmp_path: Path, run_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "tiny.txt"
    data.write_text(TINY_DATA)
    out = tmp_path / "out.py"
    argv = [
        "apply",
        "lambda-defs",
        str(VARIANTS / "original.py"),
        "-o",
        str(out),
        "--check",
        "--steps",
        "2",
        "--data",
        str(data),
        "--cache-dir",
        str(run_cache),
    ]
    assert main(argv) == 0
    assert "verdict at 2 steps: identical" in capsys.readouterr().out


# ---------------------------------------------------------------------------
# golf shrink
# ---------------------------------------------------------------------------
def test_shrink_command_with_a_fake_checker(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import golf.commands.shrink as command

    monkeypatch.setattr(command, "make_checker", lambda reference, **kwargs: identical)
    source = tmp_path / "prog.py"
    source.write_text(SNIPPET)
    out = tmp_path / "out.py"
    argv = [
        "shrink",
        str(source),
        "-o",
        str(out),
        "--metric",
        "lines",
        "--cache-dir",
        str(tmp_path / "cache"),
        "--confirm-steps",
        "7",
        "-q",
    ]
    assert main(argv) == 0
    assert measure(out.read_text(), "lines") < measure(SNIPPET, "lines")
    printed = capsys.readouterr().out
    assert "confirmation at 7 steps: identical" in printed
    log = [json.loads(line) for line in (tmp_path / "out.py.log.jsonl").read_text().splitlines()]
    assert {"accepted", "refused"} <= {entry.get("outcome") for entry in log}
    assert log[-1]["result"]["metric"] == "lines"


def test_shrink_command_interrupted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import golf.commands.shrink as command

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(command, "shrink", interrupted)
    source = tmp_path / "prog.py"
    source.write_text(SNIPPET)
    out = tmp_path / "out.py"
    assert main(["shrink", str(source), "-o", str(out), "--cache-dir", str(tmp_path / "c"), "-q"]) == 130
    assert "run the same command again to resume" in capsys.readouterr().err
    assert not out.exists()


def test_shrink_command_unknown_technique(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "prog.py"
    source.write_text(SNIPPET)
    assert main(["shrink", str(source), "-o", str(tmp_path / "o.py"), "--techniques", "nope", "-q"]) == 2
    assert "unknown technique" in capsys.readouterr().err


def test_shrink_command_real_run(tmp_path: Path, run_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "tiny.txt"
    data.write_text(TINY_DATA)
    out = tmp_path / "out.py"
    argv = [
        "shrink",
        str(VARIANTS / "original.py"),
        "-o",
        str(out),
        "--techniques",
        "strip-comments-docstrings",
        "--steps",
        "2",
        "--confirm-steps",
        "3",
        "--data",
        str(data),
        "--domain",
        "names",  # the tiny data alone: the search's checks, not the domain, are what this run shows
        "--cache-dir",
        str(run_cache),
        "-q",
    ]
    assert main(argv) == 0
    assert "#" not in out.read_text()
    assert "confirmation at 3 steps: identical" in capsys.readouterr().out


def test_checker_fails_a_candidate_whose_steps_cannot_be_shortened_without_running_it(
    tmp_path: Path, run_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the backward call golf finds no training step to count; running such a candidate
    # would mean running it and the reference for all their 1000 steps.
    import golf.engine.check

    def no_run(*args: object, **kwargs: object) -> Verdict:
        raise AssertionError("the candidate was run")

    monkeypatch.setattr(golf.engine.check, "check", no_run)
    original = (VARIANTS / "original.py").read_text(encoding="utf-8")
    broken = original.replace("loss.backward()", "loss.data")
    assert broken != original
    checker = make_checker(VARIANTS / "original.py", work_dir=tmp_path / "work", cache_dir=run_cache)
    verdict = checker(broken, 3)
    assert verdict.verdict == "failed"
    assert verdict.failure is not None and "cannot be shortened" in verdict.failure
    with pytest.raises(AssertionError, match="was run"):
        checker(original, 3)  # an analysable candidate is run


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        pytest.param([], {"samples": None, "domain": "full", "fail_fast": True, "full_length": False}, id="defaults"),
        pytest.param(
            ["--samples", "1", "--domain", "names"],
            {"samples": 1, "domain": "names", "fail_fast": True, "full_length": False},
            id="samples-and-domain",
        ),
    ],
)
def test_shrink_checks_candidates_with_the_given_samples_and_domain(
    argv: list[str], expected: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What `golf shrink` shows in its --help it passes on to every check; it has no --fail-fast (always on).
    import golf.engine.check

    seen: list[dict[str, object]] = []

    def fake_check(path: Path, reference: object, **kwargs: object) -> Verdict:
        seen.append({k: kwargs[k] for k in expected})
        return Verdict("candidate", "diverged", 3)

    monkeypatch.setattr(golf.engine.check, "check", fake_check)
    out = tmp_path / "out.py"
    args = ["shrink", str(VARIANTS / "original.py"), "-o", str(out), "--techniques", "strip-comments-docstrings"]
    assert main([*args, "--cache-dir", str(tmp_path / "cache"), "-q", *argv]) == 1
    assert seen and all(call == expected for call in seen)
    with pytest.raises(SystemExit):
        main([*args, "--fail-fast"])


def test_apply_checks_with_the_given_samples_domain_and_fail_fast(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import golf.engine.check

    seen: list[dict[str, object]] = []

    def fake_check(path: Path, reference: object, **kwargs: object) -> Verdict:
        seen.append(kwargs)
        return Verdict("candidate", "identical", 2)

    monkeypatch.setattr(golf.engine.check, "check", fake_check)
    args = ["apply", "lambda-defs", str(VARIANTS / "original.py"), "-o", str(tmp_path / "out.py"), "--check"]
    assert main([*args, "--steps", "2", "--samples", "1", "--domain", "names", "--fail-fast"]) == 0
    (call,) = seen
    assert (call["samples"], call["domain"], call["fail_fast"], call["full_length"]) == (1, "names", True, False)


@pytest.mark.parametrize("failure", ["timed out during step 40", "[edge cases] timed out during step 8"])
def test_a_confirmation_that_times_out_is_not_walked_back(failure: str) -> None:
    # A timeout says nothing about the program: walking back would time out once per move of the chain.
    def slow_at_50(source: str, steps: int) -> Verdict:
        if steps == 50:
            return Verdict("candidate", "failed", steps, failure=failure)
        return Verdict("candidate", "identical", steps)

    events: list[ShrinkEvent] = []
    result = shrink(SNIPPET, "bytes", slow_at_50, confirm_steps=50, on_event=events.append)
    assert result.end < result.start and result.confirmed is None
    (last,) = [e for e in events if e.round == 0]
    assert last.outcome == "not-confirmed" and "--confirm-timeout" in last.reason


def test_a_timeout_after_a_difference_keeps_the_program_not_known_to_differ() -> None:
    # The winner differs at 50 steps; the program before its last move times out there: that one comes back.
    winner = shrink(SNIPPET, "bytes", identical, confirm_steps=None)

    def checker(source: str, steps: int) -> Verdict:
        if steps == 50 and source == winner.source:
            return Verdict("candidate", "diverged", steps)
        if steps == 50:
            return Verdict("candidate", "failed", steps, failure="timed out during step 40")
        return Verdict("candidate", "identical", steps)

    events: list[ShrinkEvent] = []
    result = shrink(SNIPPET, "bytes", checker, confirm_steps=50, on_event=events.append)
    assert result.source != winner.source and result.end > winner.end and result.confirmed is None
    assert [e.outcome for e in events if e.round == 0] == ["not-confirmed", "not-confirmed"]


def test_shrink_confirms_with_its_own_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import golf.engine.check

    limits: dict[int, float] = {}

    def fake_check(path: Path, reference: object, **kwargs: Any) -> Verdict:
        limits[kwargs["steps"]] = kwargs["options"].timeout
        return Verdict("candidate", "identical", kwargs["steps"])

    monkeypatch.setattr(golf.engine.check, "check", fake_check)
    args = ["shrink", str(VARIANTS / "original.py"), "-o", str(tmp_path / "out.py"), "-q"]
    args += ["--techniques", "strip-comments-docstrings", "--cache-dir", str(tmp_path / "cache")]
    assert main([*args, "--timeout", "30", "--confirm-timeout", "7200"]) == 0
    assert limits == {3: 30, 1000: 7200}


def test_expansion_goes_on_in_process_when_a_worker_dies() -> None:
    class BrokenWorkers:
        def map(self, *args: object) -> None:
            raise BrokenProcessPool("a worker was killed")

    def expanded(workers: object) -> tuple[list[str], list[dict], object]:
        events: list[ShrinkEvent] = []
        expansion = Expansion("bytes", events.append, None, workers, 2)  # type: ignore[arg-type]
        root = Node(SNIPPET, measure(SNIPPET, "bytes"), len(SNIPPET.encode()), ())
        nodes = expansion.expand(root, 1, set())
        return [n.source for n in nodes], [e.to_dict() for e in events], expansion.workers

    sources, events, workers = expanded(BrokenWorkers())
    assert (sources, events) == expanded(None)[:2] and sources
    assert workers is None  # not asked again
