#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server: its own data directory and Unix
# socket in a temp folder, run as a non-root user, stopped and removed afterwards.
# The command sees STYRKORT_TEST_POSTGRES_URL: the application's role, styrkort_app,
# NOSUPERUSER NOBYPASSRLS and owner of the database, so that every PostgreSQL test runs
# under row-level security as a production server would (docs/scale-out.md "Tenants");
# and STYRKORT_TEST_POSTGRES_ADMIN_URL: the superuser, for tests that must look past it.
set -euo pipefail
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
dir=$(mktemp -d /tmp/styrkort-pg.XXXXXX)
chmod 755 "$dir"
run_as=()
if [[ $(id -u) -eq 0 ]]; then
  # PostgreSQL refuses to run as root; Debian's package made the postgres user.
  chown postgres "$dir"
  run_as=(runuser -u postgres --)
fi
port=$((20000 + RANDOM % 20000))
cleanup() {
  "${run_as[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${run_as[@]}" "$pgbin/initdb" -D "$dir/data" -U styrkort -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${run_as[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-k $dir -p $port -c listen_addresses='' -c fsync=off -c max_connections=200" start >/dev/null
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
