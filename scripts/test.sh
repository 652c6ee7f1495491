#!/usr/bin/env bash
# The README's second command: install, build and run every test — C++ unit and
# integration tests on SQLite and on a real PostgreSQL server started here, the CLI
# tests, the OpenAPI validation, the web client's tests in a real browser and single
# sign-on against a real OpenID Connect provider (tests/oidc); then the C++ tests again
# under AddressSanitizer + UndefinedBehaviorSanitizer + LeakSanitizer and each fuzz
# target for 60 s (scripts/sanitize.sh; a sanitizer report fails the run;
# docs/reliability.md, "In CI"). STYRKORT_SANITIZE=0 leaves that stage out, for a quick
# local run only: CI never sets it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
scripts/build.sh
if [[ -f tests/openapi/package.json ]]; then
  (cd tests/openapi && npm ci --no-audit --no-fund --loglevel=error)
fi
if [[ -f tests/oidc/package.json ]]; then
  (cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error)
fi
if [[ -f web/package.json ]]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
fi
log=$(mktemp /tmp/styrkort-test.XXXXXX)
trap 'rm -f "$log"' EXIT
export STYRKORT_REQUIRE_POSTGRES=1
scripts/with-postgres.sh ctest --test-dir build --output-on-failure -j2 --timeout 600 2>&1 | tee "$log"
if [[ ${STYRKORT_SANITIZE:-1} == 1 ]]; then
  scripts/sanitize.sh 2>&1 | tee -a "$log"
fi
# One closing line for every ctest run above (a failure has stopped the script already).
awk '/tests passed, [0-9]+ tests failed out of/ {failed += $4; total += $NF}
     END {print "tests: " total - failed " passed, " failed " failed"}' "$log"
