#!/usr/bin/env bash
# The README's second command: install, build and run every test — C++ unit and
# integration tests on SQLite and on a real PostgreSQL server started here, the CLI
# tests, the OpenAPI validation, the web client's tests in a real browser and single
# sign-on against a real OpenID Connect provider (tests/oidc).
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
export STYRKORT_REQUIRE_POSTGRES=1
scripts/with-postgres.sh ctest --test-dir build --output-on-failure -j2 --timeout 600
