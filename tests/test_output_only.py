"""Scripts whose source cannot be analysed are still run, and compared on their printed output alone."""

from __future__ import annotations

import base64
import textwrap
import zlib
from pathlib import Path

import pytest

from golf.engine.check import check

# A tiny training script golf can instrument: it serves as the reference here.
TINY = textwrap.dedent(
    """\
    import random
    random.seed(1)
    class V:
        def __init__(s, d, c=()):
            s.d = d; s.g = 0; s.c = c
        def __mul__(s, o):
            return V(s.d * o.d, (s, o))
        def backward(s):
            s.g = 1
            for c in s.c:
                c.g += s.g
    P = [V(random.random()) for _ in range(3)]
    for step in range(4):
        loss = P[0] * P[1]
        loss.backward()
        for p in P:
            p.d -= 0.1 * p.g; p.g = 0
        print(f"step {step + 1} | loss {loss.d:.4f}", end="\\r")
    print()
    print(f"sample  1: {random.choice('abc')}")
    """
)


def _packed(source: str) -> str:
    payload = base64.b64encode(zlib.compress(source.encode())).decode()
    return f"import base64,zlib\nexec(zlib.decompress(base64.b64decode('{payload}')))\n"


@pytest.fixture
def tiny_reference(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.py"
    path.write_text(TINY)
    return path


def test_exec_payload_with_the_same_output_is_output_only(tmp_path: Path, tiny_reference: Path) -> None:
    packed = tmp_path / "packed.py"
    packed.write_text(_packed(TINY))
    verdict = check(packed, reference=tiny_reference, steps=2, cache_dir=tmp_path / "cache")
    assert verdict.verdict == "output-only"
    assert not verdict.equivalent, "printed output alone is no proof"
    assert any(note.startswith("not instrumented: backward pass not found") for note in verdict.notes)
    assert any("ran at the script's own step count" in note for note in verdict.notes)
    assert verdict.samples == (verdict.samples[0],) and len(verdict.samples[0]) == 1


def test_exec_payload_with_different_output_diverges_on_the_first_differing_line(
    tmp_path: Path, tiny_reference: Path
) -> None:
    packed = tmp_path / "packed.py"
    packed.write_text(_packed(TINY.replace("0.1 * p.g", "0.2 * p.g")))
    verdict = check(packed, reference=tiny_reference, steps=2, cache_dir=tmp_path / "cache")
    assert verdict.verdict == "diverged"
    first = verdict.first_divergence
    assert first is not None
    assert (first.quantity, first.parameter) == ("output", "line 2")
    assert first.reference == "step 2 | loss 0.0257" and first.variant == "step 2 | loss -0.0425"
