"""The search loop: rounds of expansion, checks best first, the greedy sweep, and the final confirmation."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext

from golf.search.checker import Checker
from golf.search.expand import Expansion, Node, measure, move_key
from golf.search.log import ShrinkEvent, ShrinkResult
from golf.search.verdicts import VerdictCache, source_key, verdict_detail

#: Training steps of the quick checks during the search, and of the final confirmation.
SEARCH_STEPS = 3
CONFIRM_STEPS = 1000


class _Search(Expansion):
    """The expansion, with the checker, its verdict memory and the pool that checks candidates at once."""

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
        super().__init__(metric, on_event, techniques)
        self.checker, self.cache = checker, cache
        #: Where `jobs` candidates are checked at once; None checks them one by one.
        self.pool, self.jobs = pool, jobs

    def verdict(self, source: str, steps: int) -> tuple[str, str, bool]:
        """(verdict, detail, from the cache) of `source` at `steps` training steps, remembered."""
        cached = self.cache.get(source, steps)
        if cached is not None:
            return cached["verdict"], cached.get("detail", ""), True
        result = self.checker(source, steps)
        detail = verdict_detail(result)
        self.cache.put(source, steps, result.verdict, detail)
        return result.verdict, detail, False

    def checked(self, nodes: list[Node], steps: int, seen: set[str]) -> Iterator[tuple[Node, tuple[str, str, bool]]]:
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

    def judge(self, node: Node, parent_size: int, verdict: tuple[str, str, bool], round_no: int) -> bool:
        """Log the verdict of `node`'s move (accepted or not identical); True when accepted."""
        (name, params), (result, detail, cached) = node.technique, verdict
        if result == "identical":
            why = f"{self.metric} {parent_size} -> {node.size}" + _follow_note(node)
            self.emit(ShrinkEvent(round_no, name, params, "accepted", why, parent_size, node.size, result, cached))
            return True
        self.rejected.setdefault(move_key(name, params), round_no)
        self.emit(ShrinkEvent(round_no, name, params, "not-identical", detail, parent_size, node.size, result, cached))
        return False


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
    root = Node(source, start, len(source.encode("utf-8")), ())
    frontier, best = [root], root
    seen = {source_key(source)}
    accepted_nodes: list[Node] = []
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
        # A retry helps only for moves rejected before this round: this round's were checked on this program.
        if not kept and (retrying or not any(r < round_no for r in search.rejected.values())):
            break
        retrying = not kept
        if retrying:
            search.rejected.clear()  # one more try for every move rejected so far, on the program as it now is
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
    start: Node,
    expansions: list[Node],
    steps: int,
    seen: set[str],
    round_no: int,
) -> list[Node]:
    """One greedy round: take the moves best first, each applied again to the latest accepted program.

    Expanding a program (every technique with every parameter set) costs far more than applying
    one move again, so instead of expanding after each accepted move, the round goes on down the
    list: each remaining move is re-applied to the program as it now is and checked when it still
    saves. The accepted moves, in order, come back; the last is the round's result.
    """
    current, kept = start, []
    pending = _unique(expansions)
    while pending:
        if not kept:
            # Until the first move is accepted, every candidate was made from `start`: check them in batches.
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


def _unique(nodes: list[Node]) -> list[Node]:
    """`nodes` without repeated sources (two moves can produce the same program), first kept."""
    keys: set[str] = set()
    unique = []
    for node in nodes:
        key = source_key(node.source)
        if key not in keys:
            keys.add(key)
            unique.append(node)
    return unique


def _follow_note(node: Node) -> str:
    follow = [name for name, _ in node.chain[len(node.chain) - node.followers :]]
    return f" (then {', '.join(follow)})" if follow else ""


def _parent_size(frontier: list[Node], node: Node) -> int:
    return next((parent.size for parent in frontier if parent.chain == node.parent_chain), node.size)


def _confirm(search: _Search, best: Node, nodes: list[Node], steps: int) -> tuple[Node, str | None]:
    """Confirm `best` at `steps` training steps; if not identical, walk back its chain to the last move that is."""
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
