"""The search's verdict memory: verdicts by source and training steps, in a JSON-lines file kept across runs.

It is kept apart from `golf.engine.cache` (which caches a check's runs by the scripts, the data and
the options) because it remembers the search's own answers, keyed by the candidate text and the
search's context, so that a search started again replays its finished checks without a run.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from golf.engine.verdict import Verdict


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


def verdict_detail(verdict: Verdict) -> str:
    """The verdict in one line, with the failure or the first difference."""
    if verdict.failure:
        return f"{verdict.verdict}: {verdict.failure}"
    diff = verdict.first_divergence or verdict.first_bit_difference
    if diff is not None:
        where = f"step {diff.step} {diff.quantity}" + (f" {diff.parameter}" if diff.parameter else "")
        return f"{verdict.verdict} at {where}"
    return verdict.verdict
