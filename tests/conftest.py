"""Shared fixtures: one on-disk run cache per test session, and the project's paths."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ROOT / "variants"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: Steps for the equivalence tests: enough for a last-bit difference in step 1's gradients to
#: reach the losses (Adam amplifies it within a step or two), short enough to check every variant fast.
SHORT_STEPS = 3


@pytest.fixture(scope="session")
def run_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run cache shared by the whole session, so a variant run at the same steps runs once."""
    return tmp_path_factory.mktemp("golf-cache")
