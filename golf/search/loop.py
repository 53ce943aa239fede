"""The search loop: rounds of expansion, checks best first, the greedy sweep, and the final confirmation."""

from __future__ import annotations

import multiprocessing
import re
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager

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
        confirm_checker: Checker | None = None,
        workers: ProcessPoolExecutor | None = None,
    ) -> None:
        super().__init__(metric, on_event, techniques, workers, jobs)
        self.checker, self.cache = checker, cache
        #: The checker of the final confirmation (longer runs may need longer time limits).
        self.confirm_checker = confirm_checker or checker
        #: Where `jobs` candidates are checked at once; None checks them one by one.
        self.pool, self.jobs = pool, jobs

    def verdict(self, source: str, steps: int, confirming: bool = False) -> tuple[str, str, bool]:
        """(verdict, detail, from the cache) of `source` at `steps` training steps, remembered.

        A confirmation that timed out is not remembered: it says nothing about the program, only about
        the limit, which the next run may raise. (A search candidate that timed out is: it hangs.)
        """
        cached = self.cache.get(source, steps)
        if cached is not None:
            return cached["verdict"], cached.get("detail", ""), True
        result = (self.confirm_checker if confirming else self.checker)(source, steps)
        detail = verdict_detail(result)
        if not (confirming and _timed_out(result.verdict, detail)):
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

    def judge(
        self, node: Node, parent_size: int, verdict: tuple[str, str, bool], round_no: int, note: str = ""
    ) -> bool:
        """Log the verdict of `node`'s move (accepted or not identical); True when accepted.

        With a `note`, the move was accepted as part of a run whose later program was checked: its event
        carries no verdict of its own (the checker never saw this program).
        """
        (name, params), (result, detail, cached) = node.technique, verdict
        if result == "identical":
            why = f"{self.metric} {parent_size} -> {node.size}" + _follow_note(node) + note
            own = (None, False) if note else (result, cached)
            self.emit(ShrinkEvent(round_no, name, params, "accepted", why, parent_size, node.size, *own))
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
    confirm_checker: Checker | None = None,
) -> ShrinkResult:
    """Search for the smallest variant of `source` in `metric` that `checker` finds identical.

    `jobs` candidates are checked at once (the checker must then be thread-safe; `make_checker`'s is), and
    `jobs` worker processes share each round's expansion. The outcome does not depend on `jobs`: candidates
    are still taken best first, in the same order. The workers are forked from this process (POSIX only,
    as golf is).
    `confirm_checker` (default: `checker`) checks the winner at `confirm_steps`.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    with ExitStack() as stack:
        pool = workers = None
        if jobs > 1:
            workers = stack.enter_context(_expansion_workers(jobs))  # first: forked before any thread here
            pool = stack.enter_context(ThreadPoolExecutor(max_workers=jobs))
        events = on_event or (lambda event: None)
        search = _Search(
            metric, checker, cache or VerdictCache(None), events, techniques, pool, jobs, confirm_checker, workers
        )
        return _shrink(source, search, steps, confirm_steps, beam, max_rounds)


@contextmanager
def _expansion_workers(jobs: int) -> Iterator[ProcessPoolExecutor]:
    """Processes that expand a program `jobs` ways at once: expansion is LibCST work in Python, one core each.

    They are forked at the first expansion, before the search starts a thread of its own, so they share the
    imported codemods (and any the caller changed) and never import the caller's `__main__` again, as
    spawned workers would (a script without a main guard would run again in each). A worker that dies
    breaks the pool, and the search expands in its own process from then on. On leaving (the end, an
    error, Ctrl-C: the search's to handle, not theirs) the workers are stopped, not waited for.
    """
    ignore_interrupt = (signal.SIGINT, signal.SIG_IGN)
    executor = ProcessPoolExecutor(
        jobs, multiprocessing.get_context("fork"), initializer=signal.signal, initargs=ignore_interrupt
    )
    try:
        yield executor
    finally:
        # No public way to stop the workers before Python 3.14's terminate_workers(): its process table.
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            process.terminate()
        executor.shutdown(wait=True, cancel_futures=True)


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


#: Moves re-applied and checked as one program in the greedy sweep, at first and at most. Nearly every
#: move a codemod makes is identical, so one check of several moves in a row stands for all of them;
#: when it is not identical, halving the run of moves finds the first that is not (see `_first_failing`).
FIRST_RUN, MAX_RUN = 4, 16


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
    list: each remaining move is re-applied to the program as it now is and kept when it still
    saves and the program stays identical. Moves are re-applied a run at a time and the run's last
    program is checked; the accepted moves, in order, come back; the last is the round's result.
    """
    current, kept = start, []
    pending = _unique(expansions)
    # Until the first move is accepted, every candidate was made from `start`: check them in batches.
    for node, verdict in search.checked(pending, steps, seen):
        pending = pending[pending.index(node) + 1 :]
        if search.judge(node, current.size, verdict, round_no):
            current = node
            kept.append(node)
            break
    else:
        return kept
    moves = [node.technique for node in pending]
    run_length = FIRST_RUN
    while moves:
        run, places = [], []  # the run's nodes, and the place in `moves` of the move that made each
        tried = 0  # moves taken from `moves` for this run, applied or not
        for name, params in moves:
            tried += 1
            node = search.step(run[-1] if run else current, name, params, round_no, seen)
            if node is not None:
                run.append(node)
                places.append(tried - 1)
                if len(run) == run_length:
                    break
        if not run:
            break
        seen.update(source_key(node.source) for node in run)
        accepted, failing = _first_failing(search, current, run, steps, round_no)
        kept += accepted
        current = accepted[-1] if accepted else current
        if failing is None:
            moves, run_length = moves[tried:], min(MAX_RUN, 2 * run_length)
        else:
            # The moves after the failing one were made on a program that is not kept: they are applied
            # again (to programs never checked, so their sources are not "already tried").
            seen.difference_update(source_key(node.source) for node in run[failing + 1 :])
            moves, run_length = moves[places[failing] + 1 :], FIRST_RUN
    return kept


def _first_failing(
    search: _Search, current: Node, run: list[Node], steps: int, round_no: int
) -> tuple[list[Node], int | None]:
    """The nodes of `run` accepted, and the index of the first that is not identical (None: all are).

    `run` is a chain of moves from `current`, each made on the one before. The last program is
    checked first; when it is not identical, halving finds the first move after which it is not
    (a move that breaks identity is not mended by the codemods after it), checking log2(len) programs.
    """
    last = len(run) - 1
    verdicts = {last: search.verdict(run[last].source, steps)}
    good, bad = (last, None) if verdicts[last][0] == "identical" else (-1, last)
    while bad is not None and bad - good > 1:
        middle = (good + bad) // 2
        verdicts[middle] = search.verdict(run[middle].source, steps)
        if verdicts[middle][0] == "identical":
            good = middle
        else:
            bad = middle
    for index in range(good + 1):
        parent = current if index == 0 else run[index - 1]
        verdict = verdicts.get(index) or verdicts[good]
        together = "" if index in verdicts else f"; checked with the {good - index} move(s) after it"
        search.judge(run[index], parent.size, verdict, round_no, together)
    if bad is not None:
        search.judge(run[bad], (current if bad == 0 else run[bad - 1]).size, verdicts[bad], round_no)
    return run[: good + 1], bad


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
    """Confirm `best` at `steps` training steps; if not identical, walk back its chain to the last move that is.

    A confirmation run that times out says nothing about the program: the walk stops there, `best` comes
    back unconfirmed, and the log says why (each step back would time out the same way).
    """
    root, node = nodes[0], best
    while node is not root:
        name, params = node.technique
        verdict, detail, cached = search.verdict(node.source, steps, confirming=True)
        if verdict == "identical":
            search.emit(
                ShrinkEvent(
                    0, name, params, "confirmed", f"identical at {steps} steps", None, node.size, verdict, cached
                )
            )
            return node, verdict
        if _timed_out(verdict, detail):
            # `node` (not `best`, which may already have been found to differ) comes back, unconfirmed.
            why = f"{detail} at {steps} steps: not confirmed; allow longer runs (--confirm-timeout) to confirm it"
            search.emit(ShrinkEvent(0, name, params, "not-confirmed", why, None, node.size, verdict, cached))
            return node, None
        search.emit(
            ShrinkEvent(
                0, name, params, "not-confirmed", f"{detail} at {steps} steps", None, node.size, verdict, cached
            )
        )
        node = next(n for n in nodes if n.chain == node.parent_chain)
    return root, None


def _timed_out(verdict: str, detail: str) -> bool:
    """True for a check that failed because a run hit its time limit (in the main cell or in another)."""
    return verdict == "failed" and re.match(r"failed: (\[[^\]]*\] )?timed out", detail) is not None
