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


def test_an_exec_payload_is_instrumented_at_run_time(tmp_path: Path, tiny_reference: Path) -> None:
    packed = tmp_path / "packed.py"
    packed.write_text(_packed(TINY))
    verdict = check(packed, reference=tiny_reference, steps=2, domain="names", cache_dir=tmp_path / "cache")
    assert verdict.verdict == "identical"
    assert len(verdict.losses) == 2, "--steps reached inside the payload"
    assert any(note.startswith("instrumented the payload run through exec") for note in verdict.notes)
    assert not any(note.startswith("not instrumented") for note in verdict.notes)


def test_a_payload_computing_otherwise_diverges_on_the_computed_value(tmp_path: Path, tiny_reference: Path) -> None:
    packed = tmp_path / "packed.py"
    packed.write_text(_packed(TINY.replace("0.1 * p.g", "0.2 * p.g")))
    verdict = check(packed, reference=tiny_reference, steps=2, domain="names", cache_dir=tmp_path / "cache")
    assert verdict.verdict == "diverged"
    first = verdict.first_divergence
    assert first is not None
    assert (first.step, first.quantity, first.parameter) == (2, "loss", None)
    assert verdict.output == "differs", "the printed loss differs too, reported apart"


# The root gradient seeded with `2 - 1`: no backward pass golf can recognise.
HIDDEN = TINY.replace("s.g = 1", "s.g = 2 - 1")


def test_an_unanalysable_script_is_not_run_at_full_length_when_steps_were_asked(
    tmp_path: Path, tiny_reference: Path
) -> None:
    hidden = tmp_path / "hidden.py"
    hidden.write_text(HIDDEN)
    verdict = check(
        hidden, reference=tiny_reference, steps=2, domain="names", full_length=False, cache_dir=tmp_path / "cache"
    )
    assert verdict.verdict == "failed"
    assert verdict.failure is not None and verdict.failure.startswith("not instrumented")
    assert "--allow-full-length" in verdict.failure
    assert verdict.seconds == 0.0, "nothing ran"


def test_an_unanalysable_script_allowed_full_length_is_output_only(tmp_path: Path, tiny_reference: Path) -> None:
    hidden = tmp_path / "hidden.py"
    hidden.write_text(HIDDEN)
    verdict = check(hidden, reference=tiny_reference, steps=2, domain="names", cache_dir=tmp_path / "cache")
    assert verdict.verdict == "output-only"
    assert not verdict.equivalent, "printed output alone is no proof"
    assert any("ran at the script's own step count" in note for note in verdict.notes)
    assert verdict.samples == (verdict.samples[0],) and len(verdict.samples[0]) == 1


PLAIN = textwrap.dedent(
    """    import random
    random.seed(3)
    total = sum(random.random() for _ in range(100))
    print(f"total {total:.6f}")
    for i in range(3):
        print("pick", random.choice(["x", "y", "z"]))
    """
)


@pytest.mark.parametrize(
    ("variant", "verdict", "quantity"),
    [
        pytest.param(PLAIN.replace("range(100)", "[0]*100"), "output-only", None, id="same"),
        pytest.param(PLAIN.replace('["x", "y", "z"]', '"xyz"'), "output-only", None, id="same-draws-other-form"),
        pytest.param(PLAIN.replace("seed(3)", "seed(4)"), "diverged", "samples", id="other-draws"),
        pytest.param(PLAIN.replace(":.6f", ":.5f"), "diverged", "output", id="other-text"),
    ],
)
def test_plain_scripts_on_both_sides_compare_draws_and_output(
    tmp_path: Path, variant: str, verdict: str, quantity: str | None
) -> None:
    reference, other = tmp_path / "a.py", tmp_path / "b.py"
    reference.write_text(PLAIN)
    other.write_text(variant)
    result = check(other, reference=reference, cache_dir=tmp_path / "cache")
    assert result.verdict == verdict
    assert (result.first_divergence.quantity if result.first_divergence else None) == quantity
    assert any("the reference is not an autograd program" in note for note in result.notes)
