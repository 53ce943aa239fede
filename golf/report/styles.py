"""Terminal colours shared by the rich tables of `golf report`, `golf compare` and `golf check`.

A module of its own so that `golf check` draws its table without importing the report model (and radon).
"""

from __future__ import annotations

#: Colour of each verdict.
VERDICT_STYLES = {"identical": "green", "close": "yellow", "output-only": "cyan", "diverged": "red", "failed": "red"}
