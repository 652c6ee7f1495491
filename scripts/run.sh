#!/usr/bin/env bash
# The README's first command: install, build, and start Styrkort on its embedded
# default (SQLite in var/styrkort.db, filled with Region Norrbotten's plans on first
# start) at http://localhost:8080. Extra arguments go to `styrkort serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
if [[ -f web/package.json ]]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
fi
exec build/styrkort serve "$@"
