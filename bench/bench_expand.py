"""Time one search round's candidate expansion: every technique parsing on its own vs one shared `Program`.

    .venv/bin/python bench/bench_expand.py                 # variants/original.py, best of 2 runs each
    .venv/bin/python bench/bench_expand.py --repeat 1 variants/shortest.py

A round of `golf shrink` lists every technique's candidate parameter sets on the program and applies
each. "separate" does it as golf did before the shared analysis: each technique's candidates run on
one parse but build their own LibCST `MetadataWrapper` (a copy of the tree, scopes and parents
resolved again), and each move parses the source again and resolves its own metadata. "shared" is
what the search does now: `codemods.analyse` parses once, and every technique's candidates and moves
read that tree and one `MetadataWrapper` resolved once (`golf.codemods.program`). Both must give the
same outcomes, move for move; the script says so, then prints CPU seconds of each and the ratio.
Timings belong here, never in tests; CPU time is printed since other work may share the machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import libcst as cst  # noqa: E402

from golf import codemods  # noqa: E402

#: (technique, parameters, outcome kind, new source or reason) for each move of a round.
Outcomes = list[tuple[str, dict[str, str], str, str]]


def _described(outcome: codemods.Outcome) -> tuple[str, dict[str, str], str, str]:
    text = outcome.source if isinstance(outcome, codemods.Applied) else outcome.reason
    return outcome.technique, outcome.params, type(outcome).__name__, text


def expand_separately(source: str) -> Outcomes:
    """The round as before: no program is current, so every technique resolves metadata on its own."""
    module = cst.parse_module(source)
    moves = [
        (name, params) for name, technique in codemods.TECHNIQUES.items() for params in technique.candidates(module)
    ]
    return [_described(codemods.apply(name, source, params)) for name, params in moves]


def expand_shared(source: str) -> Outcomes:
    """The round as the search runs it: one `Program`, shared by every technique's candidates and moves."""
    program = codemods.analyse(source)
    assert program is not None, "the source does not parse"
    return [_described(codemods.apply(name, program, params)) for name, params in codemods.candidates(program)]


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def timed(expand: object, source: str, repeat: int) -> tuple[float, float, Outcomes]:
    """Best CPU and wall seconds of `repeat` runs of `expand(source)`, and its outcomes."""
    best_cpu = best_wall = float("inf")
    outcomes: Outcomes = []
    for _ in range(repeat):
        cpu, wall = _cpu_seconds(), time.perf_counter()
        outcomes = expand(source)  # type: ignore[operator]
        best_cpu, best_wall = min(best_cpu, _cpu_seconds() - cpu), min(best_wall, time.perf_counter() - wall)
    return best_cpu, best_wall, outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("program", nargs="?", type=Path, default=ROOT / "variants" / "original.py")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each way; the best is kept (default 2)")
    args = parser.parse_args(argv)
    source = args.program.read_text(encoding="utf-8")
    print(f"one expansion round of {args.program.name}: {len(codemods.candidates(source))} moves")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    separate_cpu, separate_wall, separate = timed(expand_separately, source, args.repeat)
    shared_cpu, shared_wall, shared = timed(expand_shared, source, args.repeat)
    same = separate == shared
    print(f"same outcomes, move for move: {'yes' if same else 'NO'}")
    print("| expansion | CPU s | wall s |")
    print("| --- | ---: | ---: |")
    print(f"| separate (metadata per technique) | {separate_cpu:.2f} | {separate_wall:.2f} |")
    print(f"| shared (one Program) | {shared_cpu:.2f} | {shared_wall:.2f} |")
    print(f"| ratio separate / shared | {separate_cpu / shared_cpu:.2f}x | {separate_wall / shared_wall:.2f}x |")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
