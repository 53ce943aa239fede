"""Candidate expansion: every move worth checking from a program, the techniques sharing one parse of it.

`codemods.analyse` parses the program once, and every technique's candidates and every move made
from them read that one tree and one resolution of its LibCST metadata (`golf.codemods.program`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from golf import codemods
from golf.measure.count import count_source
from golf.measure.model import SourceSyntaxError
from golf.search.log import ShrinkEvent
from golf.search.verdicts import source_key

#: What `golf shrink` can minimise: fields of `golf.count.Counts`.
METRICS: tuple[str, ...] = ("lines", "bytes", "tokens")

#: Applied after every other technique, each when it makes the result smaller (see `Expansion._followed`).
FOLLOWERS = ("join-statements", "squeeze-whitespace")

#: One move: a technique's registry name and its parameters.
Move = tuple[str, dict[str, str]]


def measure(source: str, metric: str) -> int:
    """The size of `source` in `metric` (lines, bytes or tokens, as golf.count counts them)."""
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)}, not {metric!r}")
    return getattr(count_source(source).total, metric)


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


class Expansion:
    """Makes candidate nodes from a node, one per move that applies and saves; logs every other move."""

    def __init__(self, metric: str, on_event: Callable[[ShrinkEvent], None], techniques: Sequence[str] | None) -> None:
        self.metric = metric
        self.techniques = set(techniques) if techniques is not None else None
        self.log: list[ShrinkEvent] = []
        #: Moves found not identical, with the round: not tried again in later rounds, since a move
        #: that broke the program once almost always breaks it again (trial techniques such as
        #: drop-member would otherwise be checked again, member by member, every round).
        self.rejected: dict[str, int] = {}
        self.on_event = on_event

    def emit(self, event: ShrinkEvent) -> None:
        """Log `event` and report it."""
        self.log.append(event)
        self.on_event(event)

    def expand(self, node: Node, round_no: int, seen: set[str]) -> list[Node]:
        """Every move worth checking from `node`: each technique and parameter set that applies and saves.

        The program is parsed once and its metadata resolved once, for every technique's candidates and moves.
        """
        program = codemods.analyse(node.source)
        if program is None:
            return []
        moves = codemods.candidates(program, self.techniques)
        found = [self.step(node, name, params, round_no, seen, program) for name, params in moves]
        return [n for n in found if n is not None]

    def step(
        self,
        node: Node,
        name: str,
        params: dict[str, str],
        round_no: int,
        seen: set[str],
        program: codemods.Program | None = None,
    ) -> Node | None:
        """`node` after one move (and the followers that help), or None, with the reason logged.

        `program` is `node.source` already analysed, shared by the moves of one expansion.
        """
        if self.techniques is not None and name not in self.techniques:
            return None
        rejected_in = self.rejected.get(move_key(name, params))
        if rejected_in is not None:
            why = f"not identical in round {rejected_in}; not tried again"
            self.emit(ShrinkEvent(round_no, name, params, "skipped", why, node.size))
            return None
        outcome = codemods.apply(name, node.source if program is None else program, params)
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
        return Node(new_source, size, len(new_source.encode("utf-8")), chain, len(follow))

    def _followed(self, name: str, source: str, size: int) -> tuple[str, int, tuple]:
        """`source` after the follow-up techniques that make it smaller, its size, and the moves made.

        A technique's own layout (a new line per lambda, spaces after commas) should not hide the
        saving it brings once the program is joined and squeezed again.
        """
        moves: tuple = ()
        for follower in FOLLOWERS:
            if follower == name or (self.techniques is not None and follower not in self.techniques):
                continue
            outcome = codemods.apply(follower, source)
            if not isinstance(outcome, codemods.Applied):
                continue
            new_size = measure(outcome.source, self.metric)
            if new_size < size or (new_size == size and len(outcome.source) < len(source)):
                source, size, moves = outcome.source, new_size, (*moves, (follower, {}))
        return source, size, moves
