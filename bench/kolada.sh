#!/usr/bin/env bash
# The Kolada import (docs/kolada.md) of a large data set beside the anchors, in one run
# on one machine (not part of the test command):
#   SQLite:     styrkort import kolada (parse, check, diff with what is stored, insert, one
#               transaction)   vs   sqlite3 .import of the same values as CSV into the same table
#   PostgreSQL: the same import --postgres   vs   psql \copy of the same CSV into the same table
#
#   bench/kolada.sh              # 50 KPIs × 300 municipalities × 25 years × T/K/M = 1,125,000 values
#   KPIS=10 bench/kolada.sh      # smaller
#
# Starts a throwaway PostgreSQL with scripts/with-postgres.sh (fsync off, as the tests run it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [[ -z ${STYRKORT_TEST_POSTGRES_URL:-} ]]; then
  exec "$root/scripts/with-postgres.sh" "$0" "$@"
fi
KPIS=${KPIS:-50}
MUNIS=${MUNIS:-300}
YEARS=${YEARS:-25}
work=${BENCH_DIR:-$root/var/bench-kolada}
bin=$root/build/styrkort
url=$STYRKORT_TEST_POSTGRES_URL
source "$root/scripts/lib/postgres.sh" && pg_find && pgbin=$PG_BIN
command -v sqlite3 >/dev/null || apt-get install -y sqlite3 >/dev/null
[[ -x $bin ]] || cmake --build "$root/build" -j2 --target styrkort

rm -rf "$work" && mkdir -p "$work/pages"
seconds() { python3 -c 'import subprocess, sys, time
t = time.monotonic(); subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); print(f"{time.monotonic() - t:.3f}")' "$@"; }
ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.3f}' if b else 'n/a')" "$1" "$2"; }

echo "== machine"
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg); SQLite $(sqlite3 --version | cut -d' ' -f1); PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}')"
read -r values first < <(python3 "$root/bench/kolada_pages.py" "$work/pages" "$KPIS" "$MUNIS" "$YEARS" 10)
mv "$work/pages/values.csv" "$work/values.csv"
echo "== $values values in 10 pages ($(du -sh "$work/pages" | cut -f1) of JSON)"

# An organisation (id 1) in a migrated database of each kind.
org_sql="INSERT INTO organisation (key, name, kind) VALUES ('bench', 'Bench', 'region')"
kpi_sql() { python3 -c "import sys
print('INSERT INTO kolada_kpi (org_id, id, title) VALUES ' + ','.join(f\"(1, 'N{10000 + i:05d}', 'x')\" for i in range(int(sys.argv[1]))) + ';')" "$KPIS"; }

"$bin" migrate --db "$work/ours.db" >/dev/null && sqlite3 "$work/ours.db" "$org_sql"
ours=$(seconds "$bin" import kolada "$work/pages/kpi.json" "$work/pages/$first" --db "$work/ours.db" --org bench)
"$bin" migrate --db "$work/anchor.db" >/dev/null && sqlite3 "$work/anchor.db" "$org_sql; $(kpi_sql)"
anchor=$(seconds sqlite3 "$work/anchor.db" ".mode csv" ".import $work/values.csv kolada_value")
stored=$(sqlite3 "$work/ours.db" "SELECT COUNT(*) FROM kolada_value")
[[ $stored == "$values" ]] || { echo "stored $stored of $values"; exit 1; }
again=$(seconds "$bin" import kolada "$work/pages/kpi.json" "$work/pages/$first" --db "$work/ours.db" --org bench)
echo "SQLite:     styrkort import kolada $ours s ($(python3 -c "print(round($values/$ours))") values/s); sqlite3 .import $anchor s ($(python3 -c "print(round($values/$anchor))") values/s); ratio (time ours / anchor) $(ratio "$ours" "$anchor")"
echo "            the same files again (nothing changes): $again s"

psql_run() { "$pgbin/psql" -q -v ON_ERROR_STOP=1 "$url" "$@"; }
"$bin" migrate --postgres "$url" >/dev/null && psql_run -c "$org_sql"
pg_ours=$(seconds "$bin" import kolada "$work/pages/kpi.json" "$work/pages/$first" --postgres "$url" --org bench)
psql_run -c "CREATE TABLE bench_kolada_value (LIKE kolada_value INCLUDING ALL)"
pg_anchor=$(seconds "$pgbin/psql" -q -v ON_ERROR_STOP=1 "$url" -c "\\copy bench_kolada_value FROM '$work/values.csv' WITH (FORMAT csv)")
# The same again into a table that also has kolada_value's foreign key to the KPI
# catalogue (checked for every row, as in ours).
psql_run -c "CREATE TABLE bench_kolada_value_fk (LIKE kolada_value INCLUDING ALL, FOREIGN KEY (org_id, kpi_id) REFERENCES kolada_kpi (org_id, id))"
pg_anchor_fk=$(seconds "$pgbin/psql" -q -v ON_ERROR_STOP=1 "$url" -c "\\copy bench_kolada_value_fk FROM '$work/values.csv' WITH (FORMAT csv)")
psql_run -c "DROP TABLE bench_kolada_value; DROP TABLE bench_kolada_value_fk"
echo "PostgreSQL: styrkort import kolada $pg_ours s ($(python3 -c "print(round($values/$pg_ours))") values/s); psql \\copy $pg_anchor s ($(python3 -c "print(round($values/$pg_anchor))") values/s); ratio (time ours / anchor) $(ratio "$pg_ours" "$pg_anchor")"
echo "            psql \\copy into a table with the same foreign key: $pg_anchor_fk s; ratio $(ratio "$pg_ours" "$pg_anchor_fk")"
