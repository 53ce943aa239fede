"""What a short check costs: CPU per side, the sampling limit, the domain, and the harness's overhead.

    .venv/bin/python bench/bench_speed.py            # about 1.5 minutes on an idle 2-core machine
    .venv/bin/python bench/bench_speed.py --variant shortest --steps 3

Everything is measured in this one run and printed as ratios beside the issue's targets; nothing is
asserted. CPU seconds (user + system of the child processes) are the figure to read: wall time suffers
when other work shares the machine.

- per side: one instrumented run of the variant at --steps with every sample (what a short check cost
  before --samples) and with the default few samples. Target: at most 3 s of CPU per side.
- overhead: the instrumented run against a bare run of the same script, with its training and sampling
  loops cut to the same counts by `itertools.islice` (same work, no recording) and the harness's
  garbage-collector thresholds (`GC_THRESHOLDS`), so the ratio is the recording's cost alone.
  Target: at most 1.05x.
- collector: the same bare run with Python's own thresholds against the instrumented run: what the
  harness's thresholds save (the instrumented run is the faster one when this is below 1).
- domain: `check_many` of the variant, uncached, over the default domain (names, edge cases, another
  seed; a few samples) against the names alone at --domain-steps with every sample (the default check
  before the domain). Target: at most 1.5x.
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from golf.engine._harness import GC_THRESHOLDS  # noqa: E402
from golf.engine.check import check_many  # noqa: E402
from golf.engine.data import load_data, write_input  # noqa: E402
from golf.engine.domain import SHORT_SAMPLES  # noqa: E402
from golf.engine.runner import RunSpec, run_variant  # noqa: E402


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_of(work: Callable[[], object]) -> tuple[float, float]:
    """(CPU seconds of the child processes `work` waited for, wall seconds)."""
    cpu, wall = children_cpu(), time.perf_counter()
    work()
    return children_cpu() - cpu, time.perf_counter() - wall


def instrumented(script: Path, steps: int, samples: int | None) -> tuple[float, float]:
    def work() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            result = run_variant(script, load_data(None), Path(tmp) / "record", spec=RunSpec(steps, samples))
            assert result.status == "ok", result.notes

    return cpu_of(work)


#: The training loop and the sampling loop of the bundled variants, cut by islice in the bare copy.
_LOOPS = re.compile(r"^(\s*for \w+ in )(range\((?:num_steps|I|20)\))(:)", re.MULTILINE)


def bare(script: Path, steps: int, samples: int, *, harness_gc: bool = True) -> tuple[float, float]:
    source = script.read_text()
    counts = iter([steps, samples])
    cut, found = _LOOPS.subn(lambda m: f"{m[1]}__import__('itertools').islice({m[2]}, {next(counts)}){m[3]}", source)
    if found != 2:
        raise SystemExit(f"{script}: expected a training and a sampling loop over range(...), found {found}")
    if harness_gc:
        if "from __future__" in cut:
            raise SystemExit(f"{script}: a `from __future__` import must stay first; bench a variant without one")
        cut = f"__import__('gc').set_threshold{GC_THRESHOLDS}\n{cut}"

    def work() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            write_input(tmp, load_data(None))
            (Path(tmp) / script.name).write_text(cut)
            subprocess.run([sys.executable, script.name], cwd=tmp, check=True, capture_output=True)

    return cpu_of(work)


def domain(script: Path, steps: int, full: bool) -> tuple[float, float]:
    if full:
        return cpu_of(lambda: check_many([script], steps=steps, use_cache=False, jobs=1))
    return cpu_of(lambda: check_many([script], steps=steps, samples=20, domain="names", use_cache=False, jobs=1))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--variant", default="shortest", help="a bundled variant (default: shortest)")
    parser.add_argument("--steps", type=int, default=3, help="steps of the short check (default 3)")
    parser.add_argument("--domain-steps", type=int, default=50, help="steps of the default check (default 50)")
    parser.add_argument("--repeat", type=int, default=5, help="bare/instrumented pairs for the overhead (default 5)")
    args = parser.parse_args(argv)
    script = ROOT / "variants" / f"{args.variant}.py"
    lines = [f"# bench_speed: {args.variant}, {args.steps} steps; load average {open('/proc/loadavg').read()[:14]}"]

    every, _ = instrumented(script, args.steps, None)
    few, _ = instrumented(script, args.steps, SHORT_SAMPLES)
    lines.append(f"per side, all 20 samples: {every:.2f} s CPU")
    lines.append(
        f"per side, {SHORT_SAMPLES} samples (default): {few:.2f} s CPU (target <= 3 s; {every / few:.2f}x less)"
    )

    # Pairs run back to back, the median ratio kept: a short run's CPU time varies by a few percent.
    pairs = [
        (bare(script, args.steps, SHORT_SAMPLES)[0], instrumented(script, args.steps, SHORT_SAMPLES)[0])
        for _ in range(args.repeat)
    ]
    ratios = sorted(g / b for b, g in pairs)
    lines.append(
        f"overhead: instrumented vs bare CPU, median of {args.repeat} pairs: {ratios[len(ratios) // 2]:.3f}x "
        f"(all: {', '.join(f'{r:.3f}' for r in ratios)}; target <= 1.05x)"
    )
    python_gc = sorted(bare(script, args.steps, SHORT_SAMPLES, harness_gc=False)[0] for _ in range(3))[1]
    instrumented_cpu = sorted(g for _, g in pairs)[len(pairs) // 2]
    lines.append(
        f"collector: bare with Python's thresholds {python_gc:.2f} s CPU (median of 3), instrumented "
        f"{instrumented_cpu:.2f} s: {instrumented_cpu / python_gc:.3f}x"
    )

    before, _ = domain(script, args.domain_steps, full=False)
    after, _ = domain(script, args.domain_steps, full=True)
    lines.append(
        f"default check at {args.domain_steps} steps, both sides: names alone with 20 samples {before:.1f} s CPU, "
        f"full domain {after:.1f} s CPU: {after / before:.2f}x (target <= 1.5x)"
    )
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
