"""Candidate expansion: every move worth checking from a program, the techniques sharing one parse of it.

`codemods.analyse` parses the program once, and every technique's candidates and every move made
from them read that one tree and one resolution of its LibCST metadata (`golf.codemods.program`).
With worker processes, each takes a share of the techniques (its own parse of the program) and
the moves come back in registry order, so the search sees the same list either way.
"""

from __future__ import annotations

import ast
import json
import warnings
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import repeat
from typing import NamedTuple

from golf import codemods
from golf.measure.count import count_source
from golf.measure.lines import split_lines
from golf.measure.model import SourceSyntaxError
from golf.search.log import ShrinkEvent
from golf.search.verdicts import source_key

#: What `golf shrink` can minimise: fields of `golf.count.Counts`.
METRICS: tuple[str, ...] = ("lines", "bytes", "tokens")

#: Applied after every other technique, each when it makes the result smaller (see `_followed`).
FOLLOWERS = ("join-statements", "squeeze-whitespace")

#: One move: a technique's registry name and its parameters.
Move = tuple[str, dict[str, str]]


def measure(source: str, metric: str) -> int:
    """The size of `source` in `metric` (lines, bytes or tokens, as golf.count counts them).

    Raises SourceSyntaxError when `source` is not valid Python. Lines and bytes need no count of the
    regions: every line belongs to exactly one region, so the totals are the file's own (a test holds
    this against count_source on every variant and fixture), and a search measures every move.
    """
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)}, not {metric!r}")
    if metric == "tokens":
        return count_source(source).total.tokens
    text = source.removeprefix("\ufeff")
    try:
        with warnings.catch_warnings():  # `1if x` warns on every move of a golfed program
            warnings.simplefilter("ignore")
            compile(text, "<source>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError):
        # Newer syntax than this Python's (`type X = int`) may still be LibCST's: count_source decides.
        return getattr(count_source(source).total, metric)
    return len(split_lines(text)) if metric == "lines" else len(text.encode("utf-8", "surrogatepass"))


@dataclass(frozen=True)
class Node:
    """A program the search reached, with its size and the chain of moves that made it."""

    source: str
    size: int
    bytes: int
    chain: tuple[Move, ...]
    #: How many of the chain's last moves are follow-ups of the technique before them.
    followers: int = 0

    @property
    def technique(self) -> Move:
        """The move this node was named for (the technique, before its follow-ups)."""
        return self.chain[-1 - self.followers]

    @property
    def parent_chain(self) -> tuple[Move, ...]:
        """The chain of the node this one was made from."""
        return self.chain[: len(self.chain) - 1 - self.followers]


def move_key(name: str, params: dict[str, str]) -> str:
    """A stable identity of a move, for the memory of rejected moves."""
    return json.dumps([name, params], sort_keys=True)


class Made(NamedTuple):
    """What one move made: `kind` "made" with the new source, its size and the follow-up moves made after
    it, or "refused" / "failed" with the reason in `text`."""

    kind: str
    text: str
    size: int = 0
    follow: tuple[Move, ...] = ()


def make_move(
    source: str, program: codemods.Program | None, metric: str, techniques: Collection[str] | None, move: Move
) -> Made:
    """`source` (or its analysed `program`) after `move` and the followers that make it smaller."""
    name, params = move
    outcome = codemods.apply(name, source if program is None else program, params)
    if not isinstance(outcome, codemods.Applied):
        return Made("refused" if isinstance(outcome, codemods.Refused) else "failed", outcome.reason)
    try:
        size = measure(outcome.source, metric)
        return Made("made", *_followed(name, outcome.source, size, metric, techniques))
    except SourceSyntaxError as exc:
        return Made("failed", f"output does not count: {exc}")


def expand_share(
    source: str, metric: str, techniques: Collection[str] | None, names: list[str], rejected: Collection[str]
) -> list[tuple[str, dict[str, str], Made | None]]:
    """The moves of techniques `names` on `source`, each made (None: rejected before, not made again).

    Runs in a worker process for a share of the techniques, or in the search's own for all of them.
    """
    program = codemods.analyse(source)
    if program is None:
        return []
    return [
        (
            name,
            params,
            None
            if move_key(name, params) in rejected
            else make_move(source, program, metric, techniques, (name, params)),
        )
        for name, params in codemods.candidates(program, names)
    ]


def _followed(
    name: str, source: str, size: int, metric: str, techniques: Collection[str] | None
) -> tuple[str, int, tuple[Move, ...]]:
    """`source` after the follow-up techniques that make it smaller, its size, and the moves made.

    A technique's own layout (a new line per lambda, spaces after commas) should not hide the
    saving it brings once the program is joined and squeezed again.
    """
    moves: tuple[Move, ...] = ()
    for follower in FOLLOWERS:
        if follower == name or (techniques is not None and follower not in techniques):
            continue
        outcome = codemods.apply(follower, source)
        if not isinstance(outcome, codemods.Applied):
            continue
        new_size = measure(outcome.source, metric)
        if new_size < size or (new_size == size and len(outcome.source) < len(source)):
            source, size, moves = outcome.source, new_size, (*moves, (follower, {}))
    return source, size, moves


class Expansion:
    """Makes candidate nodes from a node, one per move that applies and saves; logs every other move."""

    def __init__(
        self,
        metric: str,
        on_event: Callable[[ShrinkEvent], None],
        techniques: Sequence[str] | None,
        workers: Executor | None = None,
        shares: int = 1,
    ) -> None:
        self.metric = metric
        self.techniques = set(techniques) if techniques is not None else None
        self.log: list[ShrinkEvent] = []
        #: Moves found not identical, with the round: not tried again in later rounds, since a move
        #: that broke the program once almost always breaks it again (trial techniques such as
        #: drop-member would otherwise be checked again, member by member, every round).
        self.rejected: dict[str, int] = {}
        self.on_event = on_event
        #: Worker processes that expand a program `shares` ways at once (None: in this process).
        self.workers, self.shares = workers, shares

    def emit(self, event: ShrinkEvent) -> None:
        """Log `event` and report it."""
        self.log.append(event)
        self.on_event(event)

    def expand(self, node: Node, round_no: int, seen: set[str]) -> list[Node]:
        """Every move worth checking from `node`: each technique and parameter set that applies and saves."""
        names = [n for n in codemods.TECHNIQUES if self.techniques is None or n in self.techniques]
        args = (node.source, self.metric, self.techniques)
        ways = min(self.shares, len(names))
        made = None
        if self.workers is not None and ways > 1:
            shares = [names[i::ways] for i in range(ways)]
            try:
                parts = list(
                    self.workers.map(expand_share, *(repeat(a) for a in args), shares, repeat(set(self.rejected)))
                )
            except BrokenProcessPool:  # a worker died (killed, out of memory): expand here from now on
                self.workers = None
            else:
                order = {name: i for i, name in enumerate(names)}
                made = sorted((move for part in parts for move in part), key=lambda move: order[move[0]])
        if made is None:
            made = expand_share(*args, names, set(self.rejected))
        found = [self._node(node, name, params, result, round_no, seen) for name, params, result in made]
        return [n for n in found if n is not None]

    def step(self, node: Node, name: str, params: dict[str, str], round_no: int, seen: set[str]) -> Node | None:
        """`node` after one move (and the followers that help), or None, with the reason logged."""
        if self.techniques is not None and name not in self.techniques:
            return None
        made = (
            None
            if move_key(name, params) in self.rejected
            else make_move(node.source, None, self.metric, self.techniques, (name, params))
        )
        return self._node(node, name, params, made, round_no, seen)

    def _node(
        self, node: Node, name: str, params: dict[str, str], made: Made | None, round_no: int, seen: set[str]
    ) -> Node | None:
        """The node `made` from `node`, or None with the reason logged (`made` None: rejected before)."""
        if made is None:
            why = f"not identical in round {self.rejected[move_key(name, params)]}; not tried again"
            self.emit(ShrinkEvent(round_no, name, params, "skipped", why, node.size))
            return None
        if made.kind != "made":
            self.emit(ShrinkEvent(round_no, name, params, made.kind, made.text, node.size))
            return None
        new_source, size, follow = made.text, made.size, made.follow
        chain = (*node.chain, (name, params), *follow)
        if size >= node.size or source_key(new_source) in seen:
            why = f"{self.metric} {node.size} -> {size}" if size >= node.size else "already tried"
            self.emit(ShrinkEvent(round_no, name, params, "no-saving", why, node.size, size))
            return None
        return Node(new_source, size, len(new_source.encode("utf-8")), chain, len(follow))
