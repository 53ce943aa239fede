#!/usr/bin/env bash
# Mutation testing of the checker (issue 16), not run in CI.
#
# mutmut mutates the comparison, recording and verdict modules (golf/engine/equivalence.py, record.py,
# _harness.py, verdict.py; see [tool.mutmut] in pyproject.toml) and runs the checker's fast tests
# (tests/test_checker_pins.py, tests/test_records.py: hand-made records, no variant runs) against each
# mutant. Every surviving mutant must be killed by a new test or explained as equivalent in
# bench/RESULTS.md ("Mutation testing of the checker").
#
# Usage: bench/mutation.sh [--fresh] [MUTANT_NAME...]
#   --fresh        forget earlier results (mutmut otherwise re-tests only mutants whose code changed)
#   MUTANT_NAME    test only these (names as `mutmut results` prints them; globs allowed)
# Needs the test extras (pip install -e '.[test]'). About 15 minutes on 2 shared cores;
# MUTATION_JOBS sets the number of parallel workers (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
mutmut=${MUTMUT:-.venv/bin/mutmut}
if [[ "${1:-}" == "--fresh" ]]; then
    rm -rf mutants
    shift
fi
# mutmut redraws its progress line with carriage returns: keep the last state only.
"$mutmut" run --max-children "${MUTATION_JOBS:-2}" "$@" | tr '\r' '\n' | grep -v '^\s*$' | tail -n 1
"$mutmut" export-cicd-stats >/dev/null
python3 - <<'PY'
import json
stats = json.load(open("mutants/mutmut-cicd-stats.json"))
tested = stats["killed"] + stats["survived"] + stats["timeout"] + stats["suspicious"]
print(json.dumps(stats))
print(f"score: {stats['killed']} killed of {tested} mutants reached by the tests "
      f"({100 * stats['killed'] / max(tested, 1):.1f}%); {stats['no_tests']} not reached by any fast test")
PY
echo "survivors (mutmut show NAME for the diff):"
"$mutmut" results
