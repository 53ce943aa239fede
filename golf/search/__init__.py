"""`golf shrink`: search for the shortest exact variant by applying technique codemods.

Words: a *move* is one technique with its parameters applied to a program, the *chain* is the
moves from the input to a result, and *steps* are always training steps (of the checks).

The search is greedy (a beam of one, the default) or a small beam. Each round applies every
technique with each of its parameter sets to the sources in the beam and measures the results
(lines, bytes or tokens, as `golf.count` counts them). A beam search then checks the most
promising ones with the equivalence checker at a few training steps, best first, until `beam`
of them are `identical`; those become the next beam. The greedy search sweeps instead: once
the best move is accepted, it goes on down the list, re-applying each remaining move to the
program as it now is and checking it when it still saves, so one costly expansion serves many
moves. A move found not identical is not tried again in later rounds, until a round keeps
nothing: then every such move rejected in an earlier round gets another try on the program as it
now is (later moves may have removed what it broke, as dropping `__sub__` breaks the program until
the softmax no longer subtracts Values), and the search ends when such a round of retries keeps
nothing too (each stall after progress earns one more). The winner is then confirmed at the
full training-step count; if it is not identical there, the search walks back along its chain of
moves to the last one that is. A technique's result is joined and squeezed (join-statements,
squeeze-whitespace) when that makes it smaller, so a technique that lays out its output on new
lines with ordinary spacing is judged by the saving it really brings.

The modules: `loop` (the search and its rounds), `expand` (a program's candidate moves, on one
parse shared by every technique), `log` (events and the result), `verdicts` (the verdict memory)
and `checker` (the equivalence check of one candidate). The checker is a parameter (`Checker`),
so the search runs against a fake in tests. Verdicts are kept in a `VerdictCache` file, one JSON
line each, written as they come: an interrupted search, started again, replays its finished checks
from the cache at once. Every move, taken or not, is reported to `on_event` as a `ShrinkEvent`.
"""

from golf.search.checker import Checker, make_checker
from golf.search.expand import METRICS, measure
from golf.search.log import OUTCOMES, ShrinkEvent, ShrinkResult
from golf.search.loop import CONFIRM_STEPS, SEARCH_STEPS, shrink
from golf.search.verdicts import VerdictCache, source_key

__all__ = [
    "CONFIRM_STEPS",
    "METRICS",
    "OUTCOMES",
    "SEARCH_STEPS",
    "Checker",
    "ShrinkEvent",
    "ShrinkResult",
    "VerdictCache",
    "make_checker",
    "measure",
    "shrink",
    "source_key",
]
