#!/usr/bin/env bash
# The C++ unit and integration tests under ASan+UBSan (+LeakSanitizer) on SQLite and a
# real PostgreSQL, then every fuzz target for 60 s (tests/fuzz), two at a time, from one
# clang build tree: build-sanitize/ (CMakePresets.json "sanitize"). scripts/test.sh (CI)
# runs it after the normal tests. `--no-fuzz` skips the fuzzing; `--fuzz-only` runs only it.
#
# It fails when a test fails, when a fuzzer finds a crash, leak or timeout, and when a
# sanitizer wrote a report anywhere — also from a process a test started and whose exit
# status the test did not look at (the `styrkort` server of the CLI and API tests): the
# preset sends every ASan/UBSan/LSan report to build-sanitize/sanitizer-reports/, and
# that folder must be empty at the end. Each phase's wall time is printed at the end
# (docs/reliability.md has the figures).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${JOBS:-2}
mode=${1:-}
phase_start=$SECONDS
times=()
phase_done() { times+=("$1 $((SECONDS - phase_start)) s"); phase_start=$SECONDS; }

cmake --preset sanitize >/dev/null
cmake --build --preset sanitize -j"$jobs"
phase_done build

reports=build-sanitize/sanitizer-reports
rm -rf "$reports"
mkdir -p "$reports"
status=0
if [[ $mode != --fuzz-only ]]; then
  STYRKORT_REQUIRE_POSTGRES=1 scripts/with-postgres.sh ctest --preset sanitize -j"$jobs" || status=1
  phase_done tests
fi
if [[ $mode != --no-fuzz ]]; then
  ctest --preset fuzz -j"$jobs" || status=1
  phase_done fuzzing
fi
found=$(find "$reports" -type f | sort)
if [[ -n $found ]]; then
  echo "sanitize.sh: sanitizer reports were written (a finding, whatever the tests said):"
  for f in $found; do
    echo "=== $f"
    cat "$f"
  done
  status=1
fi
echo "sanitize.sh wall time: ${times[*]}"
exit $status
