#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server: its own data directory and Unix
# socket in a temp folder, run as a non-root user, stopped and removed afterwards.
# The command sees STYRKORT_TEST_POSTGRES_URL: the application's role, styrkort_app,
# NOSUPERUSER NOBYPASSRLS and owner of the database, so that every PostgreSQL test runs
# under row-level security as a production server would (docs/scale-out.md "Tenants");
# and STYRKORT_TEST_POSTGRES_ADMIN_URL: the superuser, for tests that must look past it.
set -euo pipefail
source "$(dirname "$0")/lib/postgres.sh"
pg_find
pgbin=$PG_BIN
dir=$(mktemp -d /tmp/styrkort-pg.XXXXXX)
pg_own "$dir"
cleanup() {
  pg_stop "$dir/data"
  rm -rf "$dir"
}
trap cleanup EXIT
pg_socket_server "$dir" -c fsync=off -c max_connections=200
port=$PG_PORT
# CREATEDB for the tests that make a database of their own (durability, benchmarks'
# baselines); a production role needs none (docs/scale-out.md).
"$pgbin/psql" -h "$dir" -p "$port" -U styrkort -d postgres -X -q -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE styrkort_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE CREATEDB"
"$pgbin/createdb" -h "$dir" -p "$port" -U styrkort -O styrkort_app styrkort_test
export STYRKORT_TEST_POSTGRES_URL="postgresql:///styrkort_test?host=$dir&port=$port&user=styrkort_app"
export STYRKORT_TEST_POSTGRES_ADMIN_URL="postgresql:///styrkort_test?host=$dir&port=$port&user=styrkort"
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') running for the tests in $dir"
set +e
"$@"
status=$?
set -e
exit $status
