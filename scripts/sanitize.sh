#!/usr/bin/env bash
# The C++ unit and integration tests under ASan+UBSan on SQLite and a real PostgreSQL,
# then every fuzz target for 60 s (tests/fuzz), from one clang build tree:
# build-sanitize/ (CMakePresets.json "sanitize"). `--no-fuzz` skips the fuzzing;
# `--fuzz-only` runs only it. See docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${JOBS:-2}
cmake --preset sanitize >/dev/null
cmake --build --preset sanitize -j"$jobs"
if [[ ${1:-} != --fuzz-only ]]; then
  STYRKORT_REQUIRE_POSTGRES=1 scripts/with-postgres.sh ctest --preset sanitize -j"$jobs"
fi
if [[ ${1:-} != --no-fuzz ]]; then
  ctest --preset fuzz -j"$jobs"
fi
