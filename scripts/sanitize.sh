#!/usr/bin/env bash
# The C++ unit and integration tests under ASan+UBSan on SQLite and a real PostgreSQL,
# then every fuzz target for 60 s (tests/fuzz), two at a time, from one clang build
# tree: build-sanitize/ (CMakePresets.json "sanitize"). scripts/test.sh (CI) runs it
# after the normal tests. `--no-fuzz` skips the fuzzing; `--fuzz-only` runs only it.
# Each phase's wall time is printed at the end (docs/reliability.md has the figures).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${JOBS:-2}
phase_start=$SECONDS
times=()
phase_done() { times+=("$1 $((SECONDS - phase_start)) s"); phase_start=$SECONDS; }

cmake --preset sanitize >/dev/null
cmake --build --preset sanitize -j"$jobs"
phase_done build
if [[ ${1:-} != --fuzz-only ]]; then
  STYRKORT_REQUIRE_POSTGRES=1 scripts/with-postgres.sh ctest --preset sanitize -j"$jobs"
  phase_done tests
fi
if [[ ${1:-} != --no-fuzz ]]; then
  ctest --preset fuzz -j"$jobs"
  phase_done fuzzing
fi
echo "sanitize.sh wall time: ${times[*]}"
