"""Time golf's equivalence engine: instrumentation overhead, parallel runs, cached reruns, comparing long records.

    .venv/bin/python bench/bench_engine.py                  # everything: ~10 min on an idle 2-core machine
    .venv/bin/python bench/bench_engine.py --only overhead,compare --repeat 1
    .venv/bin/python bench/bench_engine.py --full-memory    # adds a real 1000-step check (5-10 more minutes)

Run it from the project root with the dev venv. Everything is measured in this one run and printed as
ratios next to their targets; nothing is asserted (timings belong here, never in tests). Wall-clock
figures suffer when other work shares the machine, so CPU seconds (user + system, of every process
involved) are printed beside them and the load average is printed at the start and the end.

- overhead: `golf check original --steps 50 --no-cache` end to end (interpreter start, LibCST analysis,
  the instrumented run, comparison, cache writes) against the bare script with `num_steps = 50` run in a
  temporary folder holding the built-in data as input.txt. Target: at most 1.10x. Then where the
  difference goes: golf's start-up, the LibCST analysis, and the harness (the instrumented run's own time
  against the bare run).
- parallel: every variant of variants/ at 50 steps with check_many(jobs=1) and jobs=2, uncached.
  Target: at least 1.8x on 2 cores.
- cache: the same `golf check` again on the warm cache, end to end from a fresh interpreter. Target: < 1 s.
- compare: two synthetic 1000-step records of the original's 4192 parameters in which every float differs
  (a diverged run's worst case), compared in a child process: seconds and peak RSS. Target: < 500 MB, a
  few seconds. --full-memory adds a real check of a diverged variant at 1000 steps.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ROOT / "variants"
SECTIONS = ("overhead", "parallel", "cache", "compare")
#: Every temporary folder goes under this one, removed at the end.
WORK = Path(tempfile.gettempdir())


@dataclass(frozen=True)
class Timing:
    """Wall-clock and CPU seconds of one measured piece of work."""

    wall: float
    cpu: float


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(work: Callable[[], object]) -> tuple[Timing, object]:
    """Run `work`, timing wall clock and the CPU of this process and every child it waited for."""
    wall, cpu = time.perf_counter(), _self_cpu() + _children_cpu()
    result = work()
    return Timing(time.perf_counter() - wall, _self_cpu() + _children_cpu() - cpu), result


def run(argv: Sequence[str | Path], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(map(str, argv))} failed ({done.returncode}):\n{done.stderr}")
    return done


def golf(*args: str | Path) -> list[str | Path]:
    return [sys.executable, "-m", "golf", *args]


def machine() -> list[str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"cores: {os.cpu_count()} (usable: {usable})",
        f"CPU: {model}",
        f"Python: {platform.python_version()} ({platform.python_implementation()}) on {platform.system()}",
        f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
    ]


def ratio_line(name: str, value: float, target: str) -> str:
    return f"{name}: {value:.2f}x (target {target})"


# --- overhead ------------------------------------------------------------------------------------------------


def bare_folder(steps: int) -> Path:
    """A temporary folder with original.py shortened to `steps` and the built-in data as input.txt."""
    from golf.engine.data import builtin_text

    folder = Path(tempfile.mkdtemp(prefix="bare-", dir=WORK))
    source, count = re.subn(
        r"^num_steps = \d+$", f"num_steps = {steps}", (VARIANTS / "original.py").read_text(), flags=re.MULTILINE
    )
    if count != 1:
        raise SystemExit("original.py has no `num_steps = N` line to shorten")
    (folder / "original.py").write_text(source)
    (folder / "input.txt").write_text(builtin_text())
    return folder


def overhead(steps: int, repeat: int) -> list[str]:
    from golf.engine.instrument import Overrides
    from golf.engine.runner import analyse

    folder = bare_folder(steps)
    bare: list[Timing] = []
    checked: list[Timing] = []
    harness_seconds: list[float] = []
    argv = golf("check", "original", "--steps", str(steps), "--no-cache", "--json", "-q", "--variants", VARIANTS)
    for _ in range(repeat):  # alternate, so a slow patch of the machine hits both alike
        timing, _ = timed(lambda: run([sys.executable, "original.py"], cwd=folder))
        bare.append(timing)
        timing, done = timed(lambda: run(argv))
        checked.append(timing)
        harness_seconds.append(json.loads(done.stdout)["variants"][0]["seconds"])
    startup, _ = timed(lambda: run(golf("check", "--help")))
    source = (VARIANTS / "original.py").read_text()
    start = time.process_time()
    analyse.cache_clear()
    analyse(source, steps, Overrides())
    analysis = time.process_time() - start
    b_wall, b_cpu = min(t.wall for t in bare), min(t.cpu for t in bare)
    c_wall, c_cpu = min(t.wall for t in checked), min(t.cpu for t in checked)
    return [
        f"bare original.py, {steps} steps: {b_wall:.2f} s wall, {b_cpu:.2f} s CPU (best of {repeat})",
        f"golf check original --steps {steps} --no-cache: {c_wall:.2f} s wall, {c_cpu:.2f} s CPU (best of {repeat})",
        ratio_line("overhead, wall", c_wall / b_wall, "<= 1.10x"),
        ratio_line("overhead, CPU", c_cpu / b_cpu, "<= 1.10x"),
        f"  golf start-up (`golf check --help`): {startup.wall:.2f} s wall, {startup.cpu:.2f} s CPU",
        f"  LibCST analysis of original.py: {analysis:.2f} s CPU",
        f"  instrumented run alone (Verdict.seconds): {min(harness_seconds):.2f} s wall = "
        f"{min(harness_seconds) / b_wall:.3f}x the bare run",
    ]


# --- parallel runs and the cache -------------------------------------------------------------------------------


def parallel_and_cache(steps: int, sections: set[str]) -> list[str]:
    from golf.engine.check import check_many
    from golf.engine.variants import discover

    variants = discover(VARIANTS)
    lines = [f"variants: {len(variants)} ({', '.join(v.name for v in variants)}), {steps} steps"]
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=WORK))
    walls = {}
    for jobs in (1, 2) if "parallel" in sections else (2,):
        target = cache if jobs == 2 else None  # the jobs=2 run fills the cache the rerun uses
        timing, verdicts = timed(
            lambda jobs=jobs, target=target: check_many(
                variants,
                steps=steps,
                jobs=jobs,
                use_cache=target is not None,
                cache_dir=target,
                variants_dir=VARIANTS,
            )
        )
        walls[jobs] = timing.wall
        if jobs == 1:
            sequential = verdicts  # one verdict per run: the reference is the variant `original`
        lines.append(
            f"jobs={jobs}: {timing.wall:.1f} s wall, {timing.cpu:.1f} s CPU "
            f"(busy cores: {timing.cpu / timing.wall:.2f}); verdicts: "
            + ", ".join(f"{v.variant}={v.verdict}" for v in verdicts)
        )
    if "parallel" in sections:
        lines.append(ratio_line("parallel speed-up, jobs=2 over jobs=1", walls[1] / walls[2], ">= 1.8x on 2 cores"))
        bound = schedule_bound([v.seconds for v in sequential], 2)
        lines.append(
            f"  the best jobs=2 can do with these run lengths (first come, first served): {bound:.2f}x; "
            "busy cores below the jobs count mean other work shared the machine"
        )
    if "cache" in sections:
        argv = golf("check", "--steps", str(steps), "--cache-dir", cache, "-q", "--variants", VARIANTS)
        reruns = [timed(lambda: run(argv))[0] for _ in range(5)]
        startup = [timed(lambda: run(golf("check", "--help")))[0] for _ in range(3)]
        in_process = [
            timed(lambda: check_many(variants, steps=steps, cache_dir=cache, variants_dir=VARIANTS))[0]
            for _ in range(3)
        ]
        lines += [
            f"cached rerun, `golf check` end to end: {statistics.median(t.wall for t in reruns):.2f} s wall median, "
            f"{min(t.wall for t in reruns):.2f} s best of {len(reruns)} (target < 1 s)",
            f"  start-up alone (`golf check --help`): {statistics.median(t.wall for t in startup):.2f} s wall median",
            f"  check_many in process on the warm cache: {statistics.median(t.wall for t in in_process):.3f} s",
        ]
    return lines


def schedule_bound(seconds: list[float], workers: int) -> float:
    """Total run time over the time `workers` threads need taking the runs in order: the speed-up ceiling."""
    free = [0.0] * workers
    for length in seconds:
        free[free.index(min(free))] += length
    return sum(seconds) / max(free)


# --- comparing long records --------------------------------------------------------------------------------------

_COMPARE_CHILD = """
import resource, sys, time
from pathlib import Path
from golf.engine.equivalence import Tolerance, records_verdict
from golf.engine.record import Record
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
wall, cpu = time.perf_counter(), time.process_time()
v = records_verdict("v", 1000, Record.open(Path(sys.argv[1])), Record.open(Path(sys.argv[2])), "", "", Tolerance())
print(time.perf_counter() - wall, time.process_time() - cpu, before / 1024,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, v.verdict, v.max_ulp_diff)
"""


def synthetic_record(path: Path, n_params: int, steps: int, seed: int, jitter: float) -> None:
    """A record in the harness's layout; with `jitter`, every float is moved by up to that relative amount."""
    from golf.engine.record import write_record

    base, noise = random.Random(1), random.Random(seed)
    path.mkdir(parents=True)
    write_record(path, [base.gauss(0, 0.08) for _ in range(n_params)], [])
    with open(path / "values.bin", "ab") as f:
        for _ in range(steps):
            block = [base.gauss(0, 1) for _ in range(n_params + 1)]
            if jitter:
                block = [x * (1 + jitter * noise.random()) for x in block]
            f.write(array("d", block).tobytes())


def compare(full_memory: bool) -> list[str]:
    folder = Path(tempfile.mkdtemp(prefix="records-", dir=WORK))
    synthetic_record(folder / "ref", 4192, 1000, 0, 0.0)
    synthetic_record(folder / "var", 4192, 1000, 1, 1e-6)
    size = (folder / "ref" / "values.bin").stat().st_size / 2**20
    done = run([sys.executable, "-c", _COMPARE_CHILD, folder / "ref", folder / "var"])
    wall, cpu, rss_before, rss, verdict, ulp = done.stdout.split()
    lines = [
        f"two 1000-step records of 4192 parameters ({size:.0f} MiB each), every float different: "
        f"{float(wall):.2f} s wall, {float(cpu):.2f} s CPU, verdict {verdict}, max ulp {ulp}",
        f"  peak RSS of the comparing process: {float(rss):.0f} MiB ({float(rss_before):.0f} MiB after imports; "
        "target < 500 MB)",
    ]
    if full_memory:
        lines += full_memory_check()
    return lines


_CHECK_CHILD = """
import resource, sys, time
from pathlib import Path
from golf.engine.check import check_many
from golf.engine.runner import RunOptions
wall = time.perf_counter()
options = RunOptions(timeout=4 * 3600)  # a shared machine can take well over the default 600 s for 1000 steps
[v] = check_many([sys.argv[1]], steps=1000, use_cache=False, variants_dir=Path(sys.argv[2]), options=options)
print(time.perf_counter() - wall, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, v.verdict, v.first_divergence.step)
print(v.failure or "")
"""


def full_memory_check() -> list[str]:
    done = run([sys.executable, "-c", _CHECK_CHILD, "broken/mul_grads_one_one", VARIANTS])
    figures, failure = done.stdout.split("\n")[:2]
    wall, rss, runs_rss, verdict, step = figures.split()
    return [
        f"real check of broken/mul_grads_one_one at 1000 steps: {float(wall):.0f} s wall, verdict {verdict} "
        f"from step {step}{f' ({failure})' if failure else ''}; peak RSS: golf {float(rss):.0f} MiB, "
        f"largest variant run {float(runs_rss):.0f} MiB",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections of {SECTIONS}")
    parser.add_argument("--steps", type=int, default=50, help="training steps per run (default 50)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each side of the overhead ratio (default 2)")
    parser.add_argument("--full-memory", action="store_true", help="also check a diverged variant at 1000 steps")
    args = parser.parse_args(argv)
    sections = set(args.only.split(","))
    if unknown := sections - set(SECTIONS):
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    global WORK
    out: list[str] = ["## machine", *machine()]
    with tempfile.TemporaryDirectory(prefix="golf-bench-") as work:
        WORK = Path(work)
        if "overhead" in sections:
            out += ["", "## instrumentation overhead", *overhead(args.steps, args.repeat)]
        if sections & {"parallel", "cache"}:
            out += ["", "## parallel runs and the cache", *parallel_and_cache(args.steps, sections)]
        if "compare" in sections:
            out += ["", "## comparing 1000-step records", *compare(args.full_memory)]
    out += ["", f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"]
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
