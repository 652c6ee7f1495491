#!/usr/bin/env bash
# The outcome import on PostgreSQL against psql's \copy of the same rows, in one run on
# one machine (not part of the test command; bench/run.sh measures SQLite).
#
#   bench/import-postgres.sh                 # UNITS=40: 180,000 outcomes
#   UNITS=222 bench/import-postgres.sh       # about 1 million (on a quiet machine only)
#
# Starts a throwaway PostgreSQL with scripts/with-postgres.sh (fsync off, as the tests
# run it), generates a synthetic region with `styrkort synth`, loads its plan, then:
#   ours:   styrkort import outcomes FILE --postgres URL   (full validation, one transaction)
#   anchor: psql \copy of the same file into an equivalent table (same columns, the same
#           unique index), one run each
# and prints both, and the ratio of throughputs (ours / anchor, higher is better).
# BASELINE_BIN=/path/to/an/older/styrkort also times that binary's import of the same
# file into a database of its own (before/after in one run).
# SYNTH_DIR=DIR uses DIR/plan.json and DIR/outcomes.csv (bench/run.sh's) instead of
# generating them; RESULTS_TSV=FILE appends the figures to FILE ("name value" lines).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [[ -z ${STYRKORT_TEST_POSTGRES_URL:-} ]]; then
  exec "$root/scripts/with-postgres.sh" "$0" "$@"
fi
UNITS=${UNITS:-40}
MEASURES=${MEASURES:-50}
YEARS=${YEARS:-10}
work=${BENCH_DIR:-$root/var/bench-postgres}
bin=$root/build/styrkort
url=$STYRKORT_TEST_POSTGRES_URL
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
[[ -x $bin ]] || { cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build "$root/build" -j2 --target styrkort; }

rm -rf "$work" && mkdir -p "$work"
seconds() { python3 -c 'import subprocess, sys, time
t = time.monotonic(); subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); print(f"{time.monotonic() - t:.3f}")' "$@"; }
# Wall time (s), peak RSS (KiB) and CPU time (s) of a command (its own, not the server's).
measure() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
wall = time.monotonic() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{wall:.3f} {u.ru_maxrss} {u.ru_utime + u.ru_stime:.3f}")
PY
}
# CPU seconds PostgreSQL has spent so far: the postmaster, its live children and the
# children it has reaped (each connection's backend). On a loaded machine the wall
# time of a step mostly measures waiting; this is the database's own work.
pg_cpu() {
  python3 - "$url" <<'PY'
import os, sys, urllib.parse
q = urllib.parse.parse_qs(urllib.parse.urlparse(sys.argv[1]).query)
tck = os.sysconf("SC_CLK_TCK")
import glob
pm = None
for f in glob.glob("/tmp/styrkort-pg.*/data/postmaster.pid"):
    lines = open(f).read().split("\n")
    if len(lines) > 4 and lines[3] == q["port"][0] and lines[4] == q["host"][0]:
        pm = int(lines[0])
def fields(pid):
    s = open(f"/proc/{pid}/stat").read()
    return s[s.rindex(")") + 2:].split()
total = 0
f = fields(pm)
total += sum(int(x) for x in f[11:15])  # utime stime cutime cstime
for d in os.listdir("/proc"):
    if d.isdigit():
        try:
            f = fields(d)
        except OSError:
            continue
        if int(f[1]) == pm:
            total += int(f[11]) + int(f[12])
print(f"{total / tck:.2f}")
PY
}
result() { [[ -z ${RESULTS_TSV:-} ]] || printf '%s\t%s\n' "$1" "$2" >> "$RESULTS_TSV"; }
ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.3f}' if b else 'n/a')" "$1" "$2"; }

echo "== machine"
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg); PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}')"
echo "== synthetic organisation: UNITS=$UNITS MEASURES=$MEASURES YEARS=$YEARS"
if [[ -n ${SYNTH_DIR:-} ]]; then
  ln -s "$SYNTH_DIR/plan.json" "$SYNTH_DIR/outcomes.csv" "$work/"
else
  "$bin" synth --units "$UNITS" --measures "$MEASURES" --years "$YEARS" --out "$work" >/dev/null
fi
rows=$(($(wc -l < "$work/outcomes.csv") - 1))
"$bin" import "$work/plan.json" --postgres "$url" >/dev/null

psql_run() { "$pgbin/psql" -q -v ON_ERROR_STOP=1 "$url" "$@"; }
echo "== CSV import of $rows outcomes"
cpu0=$(pg_cpu)
read -r ours ours_kib ours_cpu < <(measure "$bin" import outcomes "$work/outcomes.csv" --postgres "$url" --org synth)
sleep 0.5; cpu1=$(pg_cpu); ours_server=$(python3 -c "print(f'{$cpu1 - $cpu0:.2f}')")
psql_run -c "CREATE TABLE bench_outcome_raw (plan TEXT, measure TEXT, unit TEXT, year BIGINT, point TEXT, sex TEXT, value TEXT);
  CREATE UNIQUE INDEX bench_outcome_raw_identity ON bench_outcome_raw (plan, measure, unit, year, point, sex);"
cpu0=$(pg_cpu)
anchor=$(seconds "$pgbin/psql" -q -v ON_ERROR_STOP=1 "$url" \
  -c "\\copy bench_outcome_raw FROM '$work/outcomes.csv' WITH (FORMAT csv, DELIMITER ';', HEADER true)")
sleep 0.5; cpu1=$(pg_cpu); anchor_server=$(python3 -c "print(f'{$cpu1 - $cpu0:.2f}')")
psql_run -c "DROP TABLE bench_outcome_raw"
# What the database itself needs for the same rows under the same guarantees: \copy of
# the imported rows (with their ids resolved) into a copy of outcome with the same
# indexes, without and with the same two foreign keys. Not done above 5 million rows
# unless LIKE_ANCHORS=1 (on a shared machine they take as long as the import itself).
like_anchors=${LIKE_ANCHORS:-$((rows <= 5000000 ? 1 : 0))}
if [[ $like_anchors == 1 ]]; then
  cols="org_id, position, measure_id, unit_id, year, point, sex, age_group, municipality, value, status, source, note"
  psql_run -c "\\copy (SELECT $cols FROM outcome ORDER BY id) TO '$work/resolved.tsv'"
  for fk in 0 1; do
    psql_run -c "SET client_min_messages = warning; DROP TABLE IF EXISTS bench_outcome_like; CREATE TABLE bench_outcome_like (LIKE outcome INCLUDING ALL)"
    ((fk == 0)) || psql_run -c "ALTER TABLE bench_outcome_like ADD FOREIGN KEY (org_id, measure_id) REFERENCES measure (org_id, id),
      ADD FOREIGN KEY (org_id, unit_id) REFERENCES org_unit (org_id, id)"
    cpu0=$(pg_cpu)
    like[fk]=$(seconds "$pgbin/psql" -q -v ON_ERROR_STOP=1 "$url" -c "\\copy bench_outcome_like ($cols) FROM '$work/resolved.tsv'")
    sleep 0.5; cpu1=$(pg_cpu); like_server[fk]=$(python3 -c "print(f'{$cpu1 - $cpu0:.2f}')")
  done
  psql_run -c "DROP TABLE bench_outcome_like"
  rm -f "$work/resolved.tsv"
fi
if [[ -n ${BASELINE_BIN:-} ]]; then
  psql_run -c "CREATE DATABASE bench_baseline"
  base_url=${url/styrkort_test/bench_baseline}
  "$BASELINE_BIN" import "$work/plan.json" --postgres "$base_url" >/dev/null
  baseline=$(seconds "$BASELINE_BIN" import outcomes "$work/outcomes.csv" --postgres "$base_url" --org synth)
  echo "baseline $BASELINE_BIN: $baseline s, $(python3 -c "print(round($rows/$baseline))") rows/s, ratio $(ratio "$anchor" "$baseline")"
fi
ours_rps=$(python3 -c "print(round($rows/$ours))")
anchor_rps=$(python3 -c "print(round($rows/$anchor))")
echo "styrkort import outcomes --postgres: $ours s, $ours_rps rows/s, peak RSS $((ours_kib / 1024)) MiB, client CPU $ours_cpu s"
echo "anchor psql \\copy:                   $anchor s, $anchor_rps rows/s"
echo "ratio (throughput):                  $(ratio "$ours_rps" "$anchor_rps")   (goal ≥ 0.5; peak memory goal ≤ 64 MiB)"
result pg_import_s "$ours"; result pg_import_rss_mib "$((ours_kib / 1024))"; result pg_import_cpu_s "$ours_cpu"
echo "PostgreSQL's CPU: ours ${ours_server} s, \\copy ${anchor_server} s: ratio $(ratio "$anchor_server" "$ours_server")"
result pg_import_anchor_s "$anchor"; result pg_import_ratio "$(ratio "$ours_rps" "$anchor_rps")"
result pg_import_server_cpu_s "$ours_server"; result pg_import_anchor_server_cpu_s "$anchor_server"
if [[ $like_anchors == 1 ]]; then
  echo "psql \\copy of the resolved rows into a copy of outcome, same indexes, no foreign keys: ${like[0]} s, ratio $(ratio "${like[0]}" "$ours")"
  echo "… and with outcome's two foreign keys (what PostgreSQL needs for the same guarantees): ${like[1]} s, ratio $(ratio "${like[1]}" "$ours")"
  echo "PostgreSQL's CPU for them: ${like_server[0]} s and ${like_server[1]} s (ours ${ours_server} s): ratios $(ratio "${like_server[0]}" "$ours_server") and $(ratio "${like_server[1]}" "$ours_server")"
  result pg_like_nofk_s "${like[0]}"; result pg_like_fk_s "${like[1]}"
  result pg_like_nofk_server_cpu_s "${like_server[0]}"; result pg_like_fk_server_cpu_s "${like_server[1]}"
  result pg_like_fk_ratio "$(ratio "${like[1]}" "$ours")"
fi
