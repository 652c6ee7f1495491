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
#           as the application role styrkort_app (NOSUPERUSER NOBYPASSRLS), so under
#           row-level security, the way a production server imports;
#   anchor: psql \copy of the same rows, ids resolved, into outcome itself (the same
#           table: the same three indexes, the same two foreign keys) as the superuser,
#           whom row-level security does not apply to: PostgreSQL refuses COPY FROM into
#           a table with row-level security to a role subject to it, so the application
#           role cannot run this anchor at all. outcome is emptied before it (TRUNCATE),
#           so it starts from the same empty table as ours;
#   the issue's first anchor: psql \copy of the CSV file into a table of the same columns
#           as text with one unique index (no foreign keys, no resolved ids), one run each
# and prints both, and the ratios of throughputs (ours / anchor, higher is better).
# Then the cost of row-level security (RLS_COST=0 skips it): the same import again into
# the emptied outcome with the same role given BYPASSRLS, and a server (`styrkort serve
# --postgres`, the application role) computing the region's scorecard (the evaluation,
# cache missed) and serving it under wrk, with and without BYPASSRLS (the server restarted
# between, so no plan made under one is used under the other).
# BASELINE_BIN=/path/to/an/older/styrkort also times that binary's import of the same
# file into a database of its own (before/after in one run).
# SYNTH_DIR=DIR uses DIR/plan.json and DIR/outcomes.csv (bench/run.sh's) instead of
# generating them; RESULTS_TSV=FILE appends the figures to FILE ("name value" lines);
# BENCH_TRACE=1 traces every command (set -x).
set -euo pipefail; [[ -n ${BENCH_TRACE:-} ]] && set -x
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
admin_url=$STYRKORT_TEST_POSTGRES_ADMIN_URL
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
# the imported rows (ids in place of keys) into outcome, as the superuser. They are read
# as the superuser too (row-level security shows the application role nothing without
# an organisation set).
cols="org_id, position, measure_id, unit_id, year, point, sex, age_group, municipality, value, status, source, note"
psql_admin() { "$pgbin/psql" -q -v ON_ERROR_STOP=1 "$admin_url" "$@"; }
psql_admin -c "\\copy (SELECT $cols FROM outcome ORDER BY id) TO '$work/resolved.tsv'"
psql_admin -c "TRUNCATE outcome"
cpu0=$(pg_cpu)
outcome_anchor=$(seconds "$pgbin/psql" -q -v ON_ERROR_STOP=1 "$admin_url" -c "\\copy outcome ($cols) FROM '$work/resolved.tsv'")
sleep 0.5; cpu1=$(pg_cpu); outcome_anchor_server=$(python3 -c "print(f'{$cpu1 - $cpu0:.2f}')")
if [[ ${RLS_COST:-1} == 1 ]]; then
  # The same import, the same role, the same emptied table, with BYPASSRLS (new connection).
  psql_admin -c "TRUNCATE outcome"
  psql_admin -c "ALTER ROLE styrkort_app BYPASSRLS"
  cpu0=$(pg_cpu)
  read -r norls norls_kib norls_cpu < <(measure "$bin" import outcomes "$work/outcomes.csv" --postgres "$url" --org synth)
  sleep 0.5; cpu1=$(pg_cpu); norls_server=$(python3 -c "print(f'{$cpu1 - $cpu0:.2f}')")
  psql_admin -c "ALTER ROLE styrkort_app NOBYPASSRLS"
fi
# The copies of outcome (LIKE … INCLUDING ALL: the same indexes, no policy) without and
# with its two foreign keys, the anchors before the one above: LIKE_ANCHORS=1.
like_anchors=${LIKE_ANCHORS:-0}
if [[ $like_anchors == 1 ]]; then
  for fk in 0 1; do
    psql_run -c "SET client_min_messages = warning; DROP TABLE IF EXISTS bench_outcome_like; CREATE TABLE bench_outcome_like (LIKE outcome INCLUDING ALL)"
    ((fk == 0)) || psql_run -c "ALTER TABLE bench_outcome_like ADD FOREIGN KEY (org_id, measure_id) REFERENCES measure (org_id, id),
      ADD FOREIGN KEY (org_id, unit_id) REFERENCES org_unit (org_id, id)"
    cpu0=$(pg_cpu)
    like[fk]=$(seconds "$pgbin/psql" -q -v ON_ERROR_STOP=1 "$url" -c "\\copy bench_outcome_like ($cols) FROM '$work/resolved.tsv'")
    sleep 0.5; cpu1=$(pg_cpu); like_server[fk]=$(python3 -c "print(f'{$cpu1 - $cpu0:.2f}')")
  done
  psql_run -c "DROP TABLE bench_outcome_like"
fi
rm -f "$work/resolved.tsv"
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
outcome_rps=$(python3 -c "print(round($rows/$outcome_anchor))")
echo "anchor psql \\copy of the resolved rows into outcome (same indexes and foreign keys; superuser): $outcome_anchor s, $outcome_rps rows/s"
echo "ratio (throughput) to it:            $(ratio "$ours_rps" "$outcome_rps")   (goal ≥ 0.5)"
echo "PostgreSQL's CPU: ours ${ours_server} s, \\copy into outcome ${outcome_anchor_server} s: ratio $(ratio "$outcome_anchor_server" "$ours_server")"
result pg_outcome_anchor_s "$outcome_anchor"; result pg_outcome_ratio "$(ratio "$ours_rps" "$outcome_rps")"
result pg_outcome_anchor_server_cpu_s "$outcome_anchor_server"
result pg_outcome_cpu_ratio "$(ratio "$outcome_anchor_server" "$ours_server")"
if [[ ${RLS_COST:-1} == 1 ]]; then
  echo "the same import with BYPASSRLS:     $norls s, peak RSS $((norls_kib / 1024)) MiB, client CPU $norls_cpu s, PostgreSQL's CPU $norls_server s"
  echo "row-level security's cost on the import: throughput under RLS ÷ without $(ratio "$norls" "$ours") (wall), $(ratio "$norls_server" "$ours_server") (PostgreSQL's CPU)"
  result pg_norls_s "$norls"; result pg_norls_server_cpu_s "$norls_server"
  result pg_rls_import_ratio "$(ratio "$norls" "$ours")"; result pg_rls_import_cpu_ratio "$(ratio "$norls_server" "$ours_server")"
fi
if [[ $like_anchors == 1 ]]; then
  echo "psql \\copy of the resolved rows into a copy of outcome, same indexes, no foreign keys: ${like[0]} s, ratio $(ratio "${like[0]}" "$ours")"
  echo "… and with outcome's two foreign keys (what PostgreSQL needs for the same guarantees): ${like[1]} s, ratio $(ratio "${like[1]}" "$ours")"
  echo "PostgreSQL's CPU for them: ${like_server[0]} s and ${like_server[1]} s (ours ${ours_server} s): ratios $(ratio "${like_server[0]}" "$ours_server") and $(ratio "${like_server[1]}" "$ours_server")"
  result pg_like_nofk_s "${like[0]}"; result pg_like_fk_s "${like[1]}"
  result pg_like_nofk_server_cpu_s "${like_server[0]}"; result pg_like_fk_server_cpu_s "${like_server[1]}"
  result pg_like_fk_ratio "$(ratio "${like[1]}" "$ours")"
fi

# Row-level security's cost on reading: a server as the application role computes the
# region's scorecard (the evaluation; a threshold of its own per request misses the
# scorecard cache) and serves it under wrk, once under row-level security and once with
# BYPASSRLS, the server started anew for each (its pooled connections and their plans).
if [[ ${RLS_COST:-1} == 1 ]]; then
  echo "== row-level security's cost on the scorecard and the evaluation (the same database, role and rows)"
  "$bin" user add bench --org synth --postgres "$url" >/dev/null 2>&1
  "$bin" user role bench grant reader --org synth --postgres "$url" >/dev/null
  token=$("$bin" user token bench --scope read --days 1 --postgres "$url" 2>/dev/null)
  last_year=$((2016 + YEARS - 1))
  # The imports leave autovacuum work behind; done now, it does not fall into a measurement.
  psql_admin -c "VACUUM (ANALYZE)"
  serve_pid=""
  trap '[[ -z $serve_pid ]] || kill "$serve_pid" 2>/dev/null || true' EXIT
  ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
  serve_and_measure() {  # $1: label; prints "eval_best_s eval_cpu_s eval_pg_cpu_s rps p99"
    local log=$work/serve-$1.log pid port="" code t best=999 c0 p0 i
    "$bin" serve --postgres "$url" --port 0 --quiet --workers "$(nproc)" 2>"$log" &
    pid=$!
    serve_pid=$pid
    for _ in $(seq 600); do
      port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$log" 2>/dev/null | grep -o '[0-9]*$' || true)
      [[ -n $port ]] && break
      sleep 0.1
    done
    local u="http://127.0.0.1:$port/api/v1/organisations/synth/scorecard?unit=rs&year=$last_year&point=ar"
    curl -fs -H "Authorization: Bearer $token" "$u" -o "$work/scorecard-$1.json"
    c0=$(ticks "$pid"); p0=$(pg_cpu)
    for i in 1 2 3 4 5 6 7 8 9 10; do
      read -r code t < <(curl -s -H "Authorization: Bearer $token" -o "$work/eval-$1.json" -w '%{http_code} %{time_total}\n' "$u&gap_relative=0.1$(printf %03d "$i")")
      [[ $code == 200 ]] || { echo "the computed scorecard ($1) answered HTTP $code: $(head -c 300 "$work/eval-$1.json")" >&2; return 1; }
      best=$(python3 -c "print(min($best, $t))")
    done
    local cpu pgc
    cpu=$(python3 -c "print(f'{($(ticks "$pid") - $c0) / $(getconf CLK_TCK) / 10:.4f}')")
    pgc=$(python3 -c "print(f'{($(pg_cpu) - $p0) / 10:.4f}')")
    wrk -t2 -c64 -d"${WRK_SECONDS:-5}s" --latency -H "Authorization: Bearer $token" "$u" > "$work/wrk-$1.txt"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    serve_pid=""
    if grep -q "Non-2xx" "$work/wrk-$1.txt"; then echo "the scorecard under wrk ($1) answered errors:" >&2; cat "$work/wrk-$1.txt" >&2; return 1; fi
    echo "$best $cpu $pgc $(awk '/Requests\/sec/{print $2}' "$work/wrk-$1.txt") $(awk '$1=="99%"{print $2}' "$work/wrk-$1.txt")"
  }
  serve_and_measure rls > "$work/measured-rls"
  read -r e_rls c_rls p_rls w_rls q_rls < "$work/measured-rls"
  psql_admin -c "ALTER ROLE styrkort_app BYPASSRLS"
  serve_and_measure norls > "$work/measured-norls"
  read -r e_off c_off p_off w_off q_off < "$work/measured-norls"
  psql_admin -c "ALTER ROLE styrkort_app NOBYPASSRLS"
  # Under row-level security once more (A, B, A: the load drifts), the mean of the two.
  serve_and_measure rls2 > "$work/measured-rls2"
  read -r e2 c2 p2 w2 q2 < "$work/measured-rls2"
  echo "(under RLS, first / second: evaluation $e_rls / $e2 s, CPU $c_rls+$p_rls / $c2+$p2 s, wrk $w_rls / $w2 req/s, p99 $q_rls / $q2)"
  read -r e_rls c_rls p_rls w_rls < <(python3 -c "print(min($e_rls, $e2), f'{($c_rls + $c2) / 2:.4f}', f'{($p_rls + $p2) / 2:.4f}', f'{($w_rls + $w2) / 2:.2f}')")
  cmp -s "$work/scorecard-rls.json" "$work/scorecard-norls.json" || echo "(the scorecards differ with and without row-level security!)"
  echo "evaluation (computed scorecard, best of 10): under RLS $e_rls s, BYPASSRLS $e_off s: time ratio $(ratio "$e_rls" "$e_off")"
  echo "  CPU per computed scorecard (mean of 10): server $c_rls / $c_off s, PostgreSQL $p_rls / $p_off s: ratio (server + PostgreSQL) $(python3 -c "print(f'{($c_rls + $p_rls) / ($c_off + $p_off):.3f}')")"
  echo "scorecard under wrk -c64 (cached): under RLS $w_rls req/s (p99 $q_rls), BYPASSRLS $w_off req/s (p99 $q_off): throughput ratio $(ratio "$w_rls" "$w_off")"
  result pg_eval_rls_s "$e_rls"; result pg_eval_norls_s "$e_off"; result pg_rls_eval_ratio "$(ratio "$e_rls" "$e_off")"
  result pg_eval_rls_cpu_s "$(python3 -c "print(f'{$c_rls + $p_rls:.4f}')")"; result pg_eval_norls_cpu_s "$(python3 -c "print(f'{$c_off + $p_off:.4f}')")"
  result pg_rls_eval_cpu_ratio "$(python3 -c "print(f'{($c_rls + $p_rls) / ($c_off + $p_off):.3f}')")"
  result pg_wrk_rls_rps "$w_rls"; result pg_wrk_norls_rps "$w_off"; result pg_rls_wrk_ratio "$(ratio "$w_rls" "$w_off")"
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
