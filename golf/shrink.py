"""`golf shrink`: search for the shortest exact variant by applying technique codemods.

The search is greedy (a beam of one, the default) or a small beam. Each round applies every
technique with each of its parameter sets to the sources in the beam and measures the results
(lines, bytes or tokens, as `golf.count` counts them). A beam search then checks the most
promising ones with the equivalence checker at a few training steps, best first, until `beam`
of them are `identical`; those become the next beam. The greedy search sweeps instead: once
the best step is accepted, it goes on down the list, re-applying each remaining step to the
program as it now is and checking it when it still saves, so one costly expansion serves many
steps. A step found not identical is not tried again in later rounds, until a round keeps
nothing: then every such step rejected in an earlier round gets another try on the program as it
now is (later steps may have removed what it broke, as dropping `__sub__` breaks the program until
the softmax no longer subtracts Values), and the search ends when such a round of retries keeps
nothing too (each stall after progress earns one more). The winner is then confirmed at the
full step count; if it is not identical there, the search walks back along its chain of steps
to the last one that is. A technique's result is joined and squeezed (join-statements,
squeeze-whitespace) when that makes it smaller, so a technique that lays out its output on new
lines with ordinary spacing is judged by the saving it really brings.

The checker is a parameter (`Checker`), so the search runs against a fake in tests.
Verdicts are kept in a `VerdictCache` file, one JSON line each, written as they come: an
interrupted search, started again, replays its finished checks from the cache at once.
Every step, taken or not, is reported to `on_event` as a `ShrinkEvent`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path

from golf import codemods
from golf.engine.verdict import Verdict
from golf.measure.count import count_source
from golf.measure.model import SourceSyntaxError

#: What `golf shrink` can minimise: fields of `golf.count.Counts`.
METRICS: tuple[str, ...] = ("lines", "bytes", "tokens")
#: Training steps of the quick checks during the search, and of the final confirmation.
SEARCH_STEPS = 3
CONFIRM_STEPS = 1000

#: checker(source, steps) -> the verdict of `source` against the reference at `steps` training steps.
Checker = Callable[[str, int], Verdict]

#: Applied after every other technique, each when it makes the result smaller (see `_Search._followed`).
_FOLLOWERS = ("join-statements", "squeeze-whitespace")

#: What happened to one candidate step.
OUTCOMES = (
    "accepted",
    "refused",
    "failed",
    "no-saving",
    "not-identical",
    "skipped",
    "confirmed",
    "not-confirmed",
)


@dataclass(frozen=True)
class ShrinkEvent:
    """One step of the search, taken or not; the search log is a list of these."""

    #: Search round, from 1; 0 for the final confirmation.
    round: int
    #: Technique and parameters tried.
    technique: str
    params: dict[str, str]
    #: One of OUTCOMES.
    outcome: str
    #: Why (the codemod's refusal, the verdict, the sizes).
    reason: str = ""
    #: The metric before and after the step (None when the technique did not apply).
    before: int | None = None
    after: int | None = None
    #: The checker's verdict, when the candidate was checked.
    verdict: str | None = None
    #: True when the verdict came from the cache.
    cached: bool = False

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class ShrinkResult:
    """The outcome of a search."""

    #: The shortest source that was confirmed identical (the input itself when nothing was).
    source: str
    metric: str
    #: The metric of the input and of the result.
    start: int
    end: int
    #: The steps that lead from the input to the result, in order.
    steps: tuple[tuple[str, dict[str, str]], ...]
    #: The confirmation verdict of the result, None when it is the input or confirmation was skipped.
    confirmed: str | None
    #: Every event, in order.
    log: tuple[ShrinkEvent, ...] = field(default_factory=tuple)


def measure(source: str, metric: str) -> int:
    """The size of `source` in `metric` (lines, bytes or tokens, as golf.count counts them)."""
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)}, not {metric!r}")
    return getattr(count_source(source).total, metric)


def source_key(source: str) -> str:
    """A short stable identity of a source text."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


class VerdictCache:
    """Verdicts by (source, steps, context), in a JSON-lines file appended as they come; None keeps them in memory.

    `context` identifies everything else a verdict depends on (the reference, the data, the
    checker's options), so one file can serve several searches.
    """

    def __init__(self, path: str | Path | None, context: str = "") -> None:
        self.path = Path(path) if path is not None else None
        self.context = context
        self.entries: dict[str, dict] = {}
        if self.path is not None and self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                    self.entries[entry["key"]] = entry
                except (json.JSONDecodeError, KeyError, TypeError):
                    continue  # a line cut short by an interruption

    def _key(self, source: str, steps: int) -> str:
        return hashlib.sha256(f"{self.context}\0{steps}\0{source}".encode()).hexdigest()

    def get(self, source: str, steps: int) -> dict | None:
        """The cached entry (`verdict`, `detail`) or None."""
        return self.entries.get(self._key(source, steps))

    def put(self, source: str, steps: int, verdict: str, detail: str) -> None:
        """Remember a verdict, and append it to the file at once."""
        entry = {"key": self._key(source, steps), "verdict": verdict, "detail": detail}
        self.entries[entry["key"]] = entry
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")


def _detail(verdict: Verdict) -> str:
    if verdict.failure:
        return f"{verdict.verdict}: {verdict.failure}"
    diff = verdict.first_divergence or verdict.first_bit_difference
    if diff is not None:
        where = f"step {diff.step} {diff.quantity}" + (f" {diff.parameter}" if diff.parameter else "")
        return f"{verdict.verdict} at {where}"
    return verdict.verdict


@dataclass(frozen=True)
class _Node:
    source: str
    size: int
    bytes: int
    chain: tuple[tuple[str, dict[str, str]], ...]
    #: How many of the chain's last steps are follow-ups of the technique before them.
    followers: int = 0

    @property
    def technique(self) -> tuple[str, dict[str, str]]:
        """The technique this node's step was named for."""
        return self.chain[-1 - self.followers]

    @property
    def parent_chain(self) -> tuple[tuple[str, dict[str, str]], ...]:
        return self.chain[: len(self.chain) - 1 - self.followers]


class _Search:
    def __init__(
        self,
        metric: str,
        checker: Checker,
        cache: VerdictCache,
        on_event: Callable[[ShrinkEvent], None],
        techniques: Sequence[str] | None,
        pool: ThreadPoolExecutor | None = None,
        jobs: int = 1,
    ) -> None:
        self.metric, self.checker, self.cache = metric, checker, cache
        #: Where `jobs` candidates are checked at once; None checks them one by one.
        self.pool, self.jobs = pool, jobs
        self.techniques = set(techniques) if techniques is not None else None
        self.log: list[ShrinkEvent] = []
        #: (technique, parameters) found not identical, with the round: not tried again in later rounds,
        #: since a step that broke the program once almost always breaks it again (trial techniques such
        #: as drop-member would otherwise be checked again, member by member, every round).
        self.rejected: dict[str, int] = {}
        self.on_event = on_event

    def emit(self, event: ShrinkEvent) -> None:
        self.log.append(event)
        self.on_event(event)

    def verdict(self, source: str, steps: int) -> tuple[str, str, bool]:
        cached = self.cache.get(source, steps)
        if cached is not None:
            return cached["verdict"], cached.get("detail", ""), True
        result = self.checker(source, steps)
        detail = _detail(result)
        self.cache.put(source, steps, result.verdict, detail)
        return result.verdict, detail, False

    def checked(self, nodes: list[_Node], steps: int, seen: set[str]) -> Iterator[tuple[_Node, tuple[str, str, bool]]]:
        """Each of `nodes` not seen before, in order, with its verdict at `steps`.

        With a pool, the next `jobs` candidates are checked at once (each check runs in its own
        process); the caller still sees them in order, and stops asking when it has what it needs.
        """
        pool = self.pool
        batch_size = self.jobs if pool is not None else 1
        todo = [node for node in nodes if source_key(node.source) not in seen]
        for start in range(0, len(todo), batch_size):
            batch = todo[start : start + batch_size]
            seen.update(source_key(node.source) for node in batch)
            sources = [node.source for node in batch]
            if pool is None or len(batch) < 2:
                verdicts = [self.verdict(source, steps) for source in sources]
            else:
                verdicts = list(pool.map(lambda source: self.verdict(source, steps), sources))
            yield from zip(batch, verdicts, strict=True)

    def expand(self, node: _Node, round_no: int, seen: set[str]) -> list[_Node]:
        """Every step worth checking from `node`: each technique and parameter set that applies and saves."""
        found = [self.step(node, name, params, round_no, seen) for name, params in codemods.candidates(node.source)]
        return [n for n in found if n is not None]

    def step(self, node: _Node, name: str, params: dict[str, str], round_no: int, seen: set[str]) -> _Node | None:
        """`node` after one technique (and the followers that help), or None, with the reason logged."""
        if self.techniques is not None and name not in self.techniques:
            return None
        rejected_in = self.rejected.get(_step_key(name, params))
        if rejected_in is not None:
            why = f"not identical in round {rejected_in}; not tried again"
            self.emit(ShrinkEvent(round_no, name, params, "skipped", why, node.size))
            return None
        outcome = codemods.apply(name, node.source, params)
        if not isinstance(outcome, codemods.Applied):
            kind = "refused" if isinstance(outcome, codemods.Refused) else "failed"
            self.emit(ShrinkEvent(round_no, name, params, kind, outcome.reason, node.size))
            return None
        try:
            size = measure(outcome.source, self.metric)
            new_source, size, follow = self._followed(name, outcome.source, size)
        except SourceSyntaxError as exc:
            self.emit(ShrinkEvent(round_no, name, params, "failed", f"output does not count: {exc}", node.size))
            return None
        chain = (*node.chain, (name, params), *follow)
        if size >= node.size or source_key(new_source) in seen:
            why = f"{self.metric} {node.size} -> {size}" if size >= node.size else "already tried"
            self.emit(ShrinkEvent(round_no, name, params, "no-saving", why, node.size, size))
            return None
        return _Node(new_source, size, len(new_source.encode("utf-8")), chain, len(follow))

    def judge(self, node: _Node, parent_size: int, verdict: tuple[str, str, bool], round_no: int) -> bool:
        """Log the verdict of `node`'s step (accepted or not identical); True when accepted."""
        (name, params), (result, detail, cached) = node.technique, verdict
        if result == "identical":
            why = f"{self.metric} {parent_size} -> {node.size}" + _follow_note(node)
            self.emit(ShrinkEvent(round_no, name, params, "accepted", why, parent_size, node.size, result, cached))
            return True
        self.rejected.setdefault(_step_key(name, params), round_no)
        self.emit(ShrinkEvent(round_no, name, params, "not-identical", detail, parent_size, node.size, result, cached))
        return False

    def _followed(self, name: str, source: str, size: int) -> tuple[str, int, tuple]:
        """`source` after the follow-up techniques that make it smaller, its size, and the steps taken.

        A technique's own layout (a new line per lambda, spaces after commas) should not hide the
        saving it brings once the program is joined and squeezed again.
        """
        steps: tuple = ()
        for follower in _FOLLOWERS:
            if follower == name or (self.techniques is not None and follower not in self.techniques):
                continue
            outcome = codemods.apply(follower, source)
            if not isinstance(outcome, codemods.Applied):
                continue
            new_size = measure(outcome.source, self.metric)
            if new_size < size or (new_size == size and len(outcome.source) < len(source)):
                source, size, steps = outcome.source, new_size, (*steps, (follower, {}))
        return source, size, steps


def shrink(
    source: str,
    metric: str,
    checker: Checker,
    *,
    steps: int = SEARCH_STEPS,
    confirm_steps: int | None = CONFIRM_STEPS,
    beam: int = 1,
    cache: VerdictCache | None = None,
    on_event: Callable[[ShrinkEvent], None] | None = None,
    techniques: Sequence[str] | None = None,
    max_rounds: int = 100,
    jobs: int = 1,
) -> ShrinkResult:
    """Search for the smallest variant of `source` in `metric` that `checker` finds identical.

    `jobs` candidates are checked at once (the checker must then be thread-safe; `make_checker`'s is).
    The outcome does not depend on `jobs`: candidates are still taken best first, in the same order.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    with ThreadPoolExecutor(max_workers=jobs) if jobs > 1 else nullcontext() as pool:
        events = on_event or (lambda event: None)
        search = _Search(metric, checker, cache or VerdictCache(None), events, techniques, pool, jobs)
        return _shrink(source, search, steps, confirm_steps, beam, max_rounds)


def _shrink(
    source: str,
    search: _Search,
    steps: int,
    confirm_steps: int | None,
    beam: int,
    max_rounds: int,
) -> ShrinkResult:
    metric = search.metric
    start = measure(source, metric)
    root = _Node(source, start, len(source.encode("utf-8")), ())
    frontier, best = [root], root
    seen = {source_key(source)}
    accepted_nodes: list[_Node] = []
    retrying = False
    for round_no in range(1, max_rounds + 1):
        expansions = [n for node in frontier for n in search.expand(node, round_no, seen)]
        expansions.sort(key=lambda n: (n.size, n.bytes))
        if beam == 1:
            kept = _sweep(search, frontier[0], expansions, steps, seen, round_no)
        else:
            kept = []
            for node, verdict in search.checked(_unique(expansions), steps, seen):
                if search.judge(node, _parent_size(frontier, node), verdict, round_no):
                    kept.append(node)
                if len(kept) >= beam:
                    break
        # A retry helps only for steps rejected before this round: this round's were checked on this program.
        if not kept and (retrying or not any(r < round_no for r in search.rejected.values())):
            break
        retrying = not kept
        if retrying:
            search.rejected.clear()  # one more try for every step rejected so far, on the program as it now is
            continue
        frontier = kept[-1:] if beam == 1 else kept
        accepted_nodes.extend(kept)
        if (frontier[0].size, frontier[0].bytes) < (best.size, best.bytes):
            best = frontier[0]

    confirmed = None
    if confirm_steps is not None and best is not root:
        best, confirmed = _confirm(search, best, [root, *accepted_nodes], confirm_steps)
    return ShrinkResult(best.source, metric, start, best.size, best.chain, confirmed, tuple(search.log))


def _sweep(
    search: _Search,
    start: _Node,
    expansions: list[_Node],
    steps: int,
    seen: set[str],
    round_no: int,
) -> list[_Node]:
    """One greedy round: take the steps best first, each applied again to the latest accepted program.

    Expanding a program (every technique with every parameter set) costs far more than applying
    one step again, so instead of expanding after each accepted step, the round goes on down the
    list: each remaining step is re-applied to the program as it now is and checked when it still
    saves. The accepted steps, in order, come back; the last is the round's result.
    """
    current, kept = start, []
    pending = _unique(expansions)
    while pending:
        if not kept:
            # Until the first step is accepted, every candidate was made from `start`: check them in batches.
            for node, verdict in search.checked(pending, steps, seen):
                pending = pending[pending.index(node) + 1 :]
                if search.judge(node, current.size, verdict, round_no):
                    current = node
                    kept.append(node)
                    break
            else:
                return kept
            continue
        name, params = pending.pop(0).technique
        node = search.step(current, name, params, round_no, seen)
        if node is None:
            continue
        seen.add(source_key(node.source))
        verdict = search.verdict(node.source, steps)
        if search.judge(node, current.size, verdict, round_no):
            current = node
            kept.append(node)
    return kept


def _unique(nodes: list[_Node]) -> list[_Node]:
    """`nodes` without repeated sources (two steps can produce the same program), first kept."""
    keys: set[str] = set()
    unique = []
    for node in nodes:
        key = source_key(node.source)
        if key not in keys:
            keys.add(key)
            unique.append(node)
    return unique


def _step_key(name: str, params: dict[str, str]) -> str:
    return json.dumps([name, params], sort_keys=True)


def _follow_note(node: _Node) -> str:
    follow = [name for name, _ in node.chain[len(node.chain) - node.followers :]]
    return f" (then {', '.join(follow)})" if follow else ""


def _parent_size(frontier: list[_Node], node: _Node) -> int:
    return next((parent.size for parent in frontier if parent.chain == node.parent_chain), node.size)


def _confirm(search: _Search, best: _Node, nodes: list[_Node], steps: int) -> tuple[_Node, str | None]:
    """Confirm `best` at `steps`; if it is not identical, walk back its chain to the last step that is."""
    root, node = nodes[0], best
    while node is not root:
        name, params = node.technique
        verdict, detail, cached = search.verdict(node.source, steps)
        if verdict == "identical":
            search.emit(
                ShrinkEvent(
                    0, name, params, "confirmed", f"identical at {steps} steps", None, node.size, verdict, cached
                )
            )
            return node, verdict
        search.emit(
            ShrinkEvent(
                0, name, params, "not-confirmed", f"{detail} at {steps} steps", None, node.size, verdict, cached
            )
        )
        node = next(n for n in nodes if n.chain == node.parent_chain)
    return root, None


def make_checker(
    reference: str | Path,
    *,
    work_dir: str | Path,
    data: str | Path | None = None,
    options: object | None = None,
    tolerance: object | None = None,
    use_cache: bool = True,
    cache_dir: Path | None = None,
) -> Checker:
    """A Checker that runs `golf.engine.check.check` on each candidate, written to `work_dir`, against `reference`."""
    from golf.engine.check import check
    from golf.engine.instrument import AnalysisFailure, Overrides
    from golf.engine.runner import analyse

    folder = Path(work_dir)
    folder.mkdir(parents=True, exist_ok=True)
    overrides = getattr(options, "overrides", None) or Overrides()
    reference_path = Path(reference)
    shortened_reference = reference_path.is_file() and not isinstance(
        analyse(reference_path.read_text(encoding="utf-8"), overrides), AnalysisFailure
    )

    def checker(source: str, steps: int) -> Verdict:
        if shortened_reference:
            # A candidate whose training loop or backward pass golf can no longer find would be run
            # (with the reference) at the scripts' own step count: minutes, to learn that the search
            # broke what the check needs. Such a candidate is not worth it.
            analysed = analyse(source, overrides)
            if isinstance(analysed, AnalysisFailure):
                return Verdict(
                    "candidate", "failed", steps, failure=f"not run: its steps cannot be shortened ({analysed.reason})"
                )
        path = folder / f"candidate_{source_key(source)[:12]}.py"
        path.write_text(source, encoding="utf-8")
        try:
            return check(
                path,
                reference,
                steps=steps,
                data=data,
                options=options,  # type: ignore[arg-type]
                tolerance=tolerance,  # type: ignore[arg-type]
                use_cache=use_cache,
                cache_dir=cache_dir,
                # The search only needs identical or not: a losing candidate stops at its first difference.
                fail_fast=True,
                full_length=False,
            )
        finally:
            path.unlink(missing_ok=True)

    return checker
