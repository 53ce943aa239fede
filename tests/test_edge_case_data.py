"""The built-in edge-case data set: what it holds, that it is deterministic, and that it catches golfs."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest
from conftest import VARIANTS

from golf.engine.check import check_many
from golf.engine.data import CONTEXT_LENGTH, EDGE_CASE_SEEDS, edge_case_documents, edge_case_text

TEXT = edge_case_text()
LINES = TEXT.split("\n")[:-1]
#: The documents the way variants/original.py reads them: every line stripped, empty ones dropped.
DOCS = [line.strip() for line in TEXT.splitlines(keepends=True) if line.strip()]
ORIGINAL = (VARIANTS / "original.py").read_text()


def test_is_deterministic_and_leaves_the_global_random_state_alone() -> None:
    random.seed(99)
    before = random.getstate()
    first = edge_case_text()
    assert random.getstate() == before
    assert edge_case_text() == first
    assert edge_case_documents() == tuple(DOCS)


def test_text_ends_with_a_newline_and_has_one_document_a_line() -> None:
    assert TEXT.endswith("\n")
    assert "\r" not in TEXT
    assert all(line.strip() == doc for line, doc in zip([x for x in LINES if x.strip()], DOCS, strict=True))


def test_size_is_a_few_hundred_documents_mostly_ordinary_names() -> None:
    assert 150 <= len(DOCS) <= 400
    ordinary = [d for d in DOCS if set(d) <= set(string.ascii_lowercase)]
    assert len(ordinary) >= 0.75 * len(DOCS)


@pytest.mark.parametrize(
    ("what", "holds"),
    [
        pytest.param("longer than the context", lambda: sum(len(d) > CONTEXT_LENGTH for d in DOCS) >= 5, id="long"),
        pytest.param("20 to 40 characters", lambda: sum(20 <= len(d) <= 40 for d in DOCS) >= 5, id="long-20-40"),
        pytest.param("one character", lambda: sum(len(d) == 1 for d in DOCS) >= 3, id="one-char"),
        pytest.param("inner space", lambda: "anna maria" in DOCS, id="inner-space"),
        pytest.param("inner double space", lambda: any("  " in d for d in DOCS), id="inner-double-space"),
        pytest.param("inner tab", lambda: any("\t" in d for d in DOCS), id="inner-tab"),
        pytest.param("leading whitespace", lambda: any(x[:1].isspace() and x.strip() for x in LINES), id="lead"),
        pytest.param("trailing whitespace", lambda: any(x[-1:].isspace() and x.strip() for x in LINES), id="trail"),
        pytest.param("blank lines", lambda: "" in LINES, id="blank"),
        pytest.param("whitespace-only lines", lambda: any(x and not x.strip() for x in LINES), id="whitespace-only"),
        pytest.param("uppercase", lambda: any(c.isupper() for d in DOCS for c in d), id="uppercase"),
        pytest.param("non-ASCII letters", lambda: {"é", "ß", "ø", "ü"} <= set("".join(DOCS)), id="non-ascii"),
        pytest.param("digits", lambda: any(c.isdigit() for d in DOCS for c in d), id="digits"),
        pytest.param("punctuation", lambda: {"'", "-", ".", "!"} <= set("".join(DOCS)), id="punctuation"),
    ],
)
def test_holds(what: str, holds) -> None:
    assert holds(), f"the edge-case data set has no document with {what}"


def test_vocabulary_is_not_the_names_27() -> None:
    vocab_size = len(set("".join(DOCS))) + 1
    assert vocab_size > 27
    assert vocab_size == 61  # pinned: a change to the data set shows here and in the parameter count


def test_splitting_on_whitespace_gives_other_documents() -> None:
    assert TEXT.split() != DOCS


@pytest.mark.parametrize("seed", EDGE_CASE_SEEDS)
def test_first_training_document_is_longer_than_the_context(seed: int) -> None:
    # The program does random.seed(S) then random.shuffle(docs) and trains on docs[0] first.
    docs = list(DOCS)
    random.Random(seed).shuffle(docs)
    assert len(docs[0]) >= CONTEXT_LENGTH, docs[0]


def _golf(tmp_path: Path, name: str, old: str, new: str) -> Path:
    assert ORIGINAL.count(old) == 1, f"{name}: {old!r} must occur once in original.py"
    path = tmp_path / f"{name}.py"
    path.write_text(ORIGINAL.replace(old, new))
    return path


def test_one_step_catches_golfs_that_the_names_let_through(tmp_path: Path, run_cache: Path) -> None:
    data = tmp_path / "edge.txt"
    data.write_text(TEXT, encoding="utf-8")
    no_cut = _golf(tmp_path, "no_cut", "n = min(block_size, len(tokens) - 1)", "n = len(tokens) - 1")
    split = _golf(
        tmp_path,
        "split",
        "docs = [line.strip() for line in f if line.strip()]",
        "docs = f.read().split()",
    )
    verdicts = check_many(
        [VARIANTS / "original.py", no_cut, split], steps=1, data=data, domain="names", cache_dir=run_cache
    )
    original, no_cut_verdict, split_verdict = verdicts
    assert original.verdict == "identical", (original.failure, original.stderr_tail)
    assert len(original.losses) == 1 and len(original.samples) == original.samples_compared == 3
    assert no_cut_verdict.verdict == "failed"
    assert no_cut_verdict.failure is not None and "during step 1" in no_cut_verdict.failure
    assert split_verdict.verdict == "diverged"
    assert split_verdict.first_divergence is not None and split_verdict.first_divergence.quantity == "init"
