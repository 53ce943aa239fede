"""Shared fixtures: one on-disk run cache per test session, and the project's paths."""

from __future__ import annotations

import os
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
    """A run cache shared by the whole session, so a variant run with the same settings runs once.

    Under pytest-xdist every worker has a base folder of its own beside the others: the cache sits
    in their common parent, and the cache's per-key lock lets one worker run what another waits for.
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = base.parent / "golf-cache"
        shared.mkdir(exist_ok=True)
        return shared
    return tmp_path_factory.mktemp("golf-cache")
