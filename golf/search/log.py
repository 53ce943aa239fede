"""The search log: one event per move tried, and the search's result."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

#: What happened to one candidate move.
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
    """One move of the search, taken or not; the search log is a list of these."""

    #: Search round, from 1; 0 for the final confirmation.
    round: int
    #: Technique and parameters tried.
    technique: str
    params: dict[str, str]
    #: One of OUTCOMES.
    outcome: str
    #: Why (the codemod's refusal, the verdict, the sizes).
    reason: str = ""
    #: The metric before and after the move (None when the technique did not apply).
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
    #: The moves (technique, parameters) that lead from the input to the result, in order.
    chain: tuple[tuple[str, dict[str, str]], ...]
    #: The confirmation verdict of the result, None when it is the input or confirmation was skipped.
    confirmed: str | None
    #: Every event, in order.
    log: tuple[ShrinkEvent, ...] = field(default_factory=tuple)
