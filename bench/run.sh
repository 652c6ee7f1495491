#!/usr/bin/env bash
# Styrkort's benchmarks: ONE command, not part of the test command.
#
#   bench/run.sh                  # full scale: 1000 units × 50 measures × 10 years × 3 points × K/M/total
#   bench/run.sh --units 222      # smaller: about 1 million outcomes (or UNITS=222 bench/run.sh)
#   POSTGRES=0 bench/run.sh       # without the PostgreSQL import (4.)
#   SCORECARD_ONLY=1 bench/run.sh # only 2. (the data imported, unmeasured; no 1., 3., 4.)
#   bench/scale.sh                # this at 100, 1,000 and 3,000 units, a table and a plot
#
# Every figure is printed beside an anchor measured in the same run on the same
# machine, and the ratio (Styrkort / anchor, higher is better for throughput):
#   1. CSV outcome import (full validation, one transaction) vs sqlite3 .import of the
#      same file into an equivalent table (same columns, same unique index);
#      and the import's peak memory (RSS);
#   2. the region's scorecard under wrk (64 connections) vs nginx serving the identical
#      response bytes as a static file: req/s and p99 latency (after the first request
#      the server answers from its scorecard cache, as it does until data changes);
#   3. evaluating the whole region (the scorecard computed, not served from the
#      cache: one request, best of 5) vs a raw SELECT sum(value) over the same
#      outcomes in sqlite3 (the scorecard's own WHERE, so the same index and rows);
#   4. the CSV import on PostgreSQL vs psql \copy (bench/import-postgres.sh, same file).
# The figures are also written to $BENCH_DIR/results.tsv (one "name value" a line) for
# bench/scale.sh.
# Installs wrk, nginx and sqlite3 from Debian when missing (the benchmarks only).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
while (($#)); do
  case $1 in
    --units) UNITS=$2; shift 2 ;;
    *) echo "usage: bench/run.sh [--units N]" >&2; exit 2 ;;
  esac
done
UNITS=${UNITS:-1000}
POSTGRES=${POSTGRES:-1}
MEASURES=${MEASURES:-50}
YEARS=${YEARS:-10}
DURATION=${DURATION:-10}
work=${BENCH_DIR:-$root/var/bench}
bin=$root/build/styrkort

need=()
for p in wrk nginx sqlite3; do command -v "$p" >/dev/null || [[ -x /usr/sbin/$p ]] || need+=("$p"); done
if ((${#need[@]})); then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $bin ]] || { cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build "$root/build" -j2 --target styrkort; }

rm -rf "$work" && mkdir -p "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# Wall time (s), peak RSS (KiB) and CPU time (user + system, s) of a command,
# measured by its parent. On a shared machine the CPU time is the steadier figure.
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
ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.3f}' if b else 'n/a')" "$1" "$2"; }
results=$work/results.tsv
result() { printf '%s\t%s\n' "$1" "$2" >> "$results"; }

echo "== machine"
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(free -g | awk '/Mem:/{print $2}') GiB RAM; $(uname -sr)"
echo "sqlite3 $(sqlite3 --version | cut -d' ' -f1); $($nginx_bin -v 2>&1); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "commit ${COMMIT:-$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "?")}; $(date -u '+%Y-%m-%d %H:%M UTC'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
result units "$UNITS"
result load_start "$(cut -d' ' -f1 /proc/loadavg)"

echo "== synthetic organisation: UNITS=$UNITS MEASURES=$MEASURES YEARS=$YEARS"
"$bin" synth --units "$UNITS" --measures "$MEASURES" --years "$YEARS" --out "$work"
rows=$(($(wc -l < "$work/outcomes.csv") - 1))
result rows "$rows"
"$bin" import "$work/plan.json" --db "$work/styrkort.db" >/dev/null

SCORECARD_ONLY=${SCORECARD_ONLY:-0}
if [[ $SCORECARD_ONLY == 1 ]]; then
  POSTGRES=0
  echo "== the outcomes imported (SCORECARD_ONLY=1: not measured)"
  "$bin" import outcomes "$work/outcomes.csv" --db "$work/styrkort.db" --org synth >/dev/null
else
echo "== 1. CSV import of $rows outcomes"
read -r ours_s ours_kib ours_cpu < <(measure "$bin" import outcomes "$work/outcomes.csv" --db "$work/styrkort.db" --org synth)
sqlite3 "$work/anchor.db" "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
  CREATE TABLE outcome_raw (plan TEXT, measure TEXT, unit TEXT, year INTEGER, point TEXT, sex TEXT, value TEXT);
  CREATE UNIQUE INDEX outcome_raw_identity ON outcome_raw (plan, measure, unit, year, point, sex);" >/dev/null
read -r anchor_s _ anchor_cpu < <(measure sqlite3 "$work/anchor.db" -cmd ".mode csv" -cmd ".separator ;" ".import --skip 1 $work/outcomes.csv outcome_raw")
ours_rps=$(python3 -c "print(round($rows/$ours_s))")
anchor_rps=$(python3 -c "print(round($rows/$anchor_s))")
echo "styrkort import outcomes: $ours_s s, $ours_rps rows/s, peak RSS $((ours_kib / 1024)) MiB, CPU $ours_cpu s"
echo "anchor sqlite3 .import:   $anchor_s s, $anchor_rps rows/s, CPU $anchor_cpu s"
echo "ratio (throughput):       $(ratio "$ours_rps" "$anchor_rps")   (goal ≥ 0.5; peak memory goal ≤ 64 MiB)"
echo "ratio (CPU time, anchor / styrkort): $(ratio "$anchor_cpu" "$ours_cpu")"
result import_s "$ours_s"; result import_rss_mib "$((ours_kib / 1024))"; result import_cpu_s "$ours_cpu"
result import_anchor_s "$anchor_s"; result import_anchor_cpu_s "$anchor_cpu"
result import_ratio "$(ratio "$ours_rps" "$anchor_rps")"
fi

# The scorecard is for members of the organisation: a reader with an API token asks.
"$bin" user add bench --org synth --db "$work/styrkort.db" >/dev/null 2>&1
"$bin" user role bench grant reader --org synth --db "$work/styrkort.db" >/dev/null
token=$("$bin" user token bench --scope read --days 1 --db "$work/styrkort.db" 2>/dev/null)
auth="Authorization: Bearer $token"

last_year=$((2016 + YEARS - 1))
port=$((20000 + RANDOM % 20000))
"$bin" serve --db "$work/styrkort.db" --port "$port" --quiet --workers "$(nproc)" 2>"$work/serve.log" &
pids+=($!)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port/api/v1/organisations/synth/scorecard?unit=rs&year=$last_year&point=ar"

echo "== 3. evaluating the whole region ($UNITS units, scorecard of rs, $last_year ÅR vs $((last_year - 1)) ÅR)"
curl -fs -H "$auth" "$url" -o "$work/scorecard.json"
if [[ $SCORECARD_ONLY != 1 ]]; then
best_eval=999
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # the server's CPU time (user + system), in clock ticks
ticks_before=$(ticks "${pids[0]}")
for i in 1 2 3 4 5 6 7 8 9 10; do
  # A threshold of its own makes each request miss the scorecard cache: computed, not served.
  t=$(curl -fs -H "$auth" -o /dev/null -w '%{time_total}' "$url&gap_relative=0.1000$i")
  ((i > 5)) || best_eval=$(python3 -c "print(min($best_eval, $t))")
done
# CPU per computed scorecard (mean of 10): on a loaded machine steadier than the wall time.
eval_cpu=$(python3 -c "print(f'{($(ticks "${pids[0]}") - $ticks_before) / $(getconf CLK_TCK) / 10:.4f}')")
# The anchor reads the same values as the scorecard: its WHERE, so the same index and
# table rows (the region's outcomes of the two periods without age or municipality).
same_values="SELECT count(*), sum(value) FROM outcome WHERE org_id = (SELECT id FROM organisation WHERE key = 'synth')
  AND point = 'ar' AND year IN ($last_year, $((last_year - 1))) AND age_group IS NULL AND municipality IS NULL;"
best_scan=999
best_scan_cpu=999
for _ in 1 2 3 4 5; do
  read -r t c < <(printf ".timer on\n%s\n" "$same_values" | sqlite3 "$work/styrkort.db" | awk '/Run Time/{print $4, $6 + $8}')
  best_scan=$(python3 -c "print(min($best_scan, $t))")
  best_scan_cpu=$(python3 -c "print(min($best_scan_cpu, $c))")
done
read -r scanned _ < <(sqlite3 -separator ' ' "$work/styrkort.db" "$same_values")
# The earlier anchor, kept for comparison with older runs: every outcome of the table
# is read (it filters on point and year without the organisation, so no index).
best_full=999
for _ in 1 2 3; do
  t=$(printf ".timer on\nSELECT sum(value) FROM outcome WHERE point = 'ar' AND year IN (%s, %s);\n" \
        "$last_year" "$((last_year - 1))" | sqlite3 "$work/styrkort.db" | awk '/Run Time/{print $4}')
  best_full=$(python3 -c "print(min($best_full, $t))")
done
echo "styrkort scorecard computed (best of 5):            ${best_eval} s"
echo "anchor SELECT sum(value) of the same $scanned outcomes: ${best_scan} s"
echo "ratio (time, styrkort / scan):                      $(ratio "$best_eval" "$best_scan")   (goal ≤ 1.5)"
echo "(full-table scan, the earlier anchor: ${best_full} s, ratio $(ratio "$best_eval" "$best_full"))"
echo "CPU: styrkort ${eval_cpu} s per computed scorecard (mean of 10), scan ${best_scan_cpu} s (best of 5): ratio $(ratio "$eval_cpu" "$best_scan_cpu")"
result eval_s "$best_eval"; result eval_anchor_s "$best_scan"; result eval_ratio "$(ratio "$best_eval" "$best_scan")"
result eval_rows "$scanned"; result eval_fullscan_s "$best_full"
result eval_cpu_s "$eval_cpu"; result eval_anchor_cpu_s "$best_scan_cpu"; result eval_cpu_ratio "$(ratio "$eval_cpu" "$best_scan_cpu")"
fi

echo "== 2. scorecard under wrk -c64 -d${DURATION}s ($(wc -c < "$work/scorecard.json") bytes)"
mkdir -p "$work/nginx/www" "$work/nginx/tmp"
cp "$work/scorecard.json" "$work/nginx/www/scorecard.json"
nport=$((port + 1))
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp; proxy_temp_path $work/nginx/tmp; fastcgi_temp_path $work/nginx/tmp;
  uwsgi_temp_path $work/nginx/tmp; scgi_temp_path $work/nginx/tmp;
  types { application/json json; }
  server { listen 127.0.0.1:$nport; root $work/nginx/www; }
}
CONF
"$nginx_bin" -c "$work/nginx/nginx.conf" -p "$work/nginx" &
pids+=($!)
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$nport/scorecard.json" >/dev/null && break; sleep 0.1; done
cmp -s <(curl -fs "http://127.0.0.1:$nport/scorecard.json") "$work/scorecard.json" || { echo "nginx does not serve the same bytes"; exit 1; }
wrk_run() { wrk -t2 -c64 -d"${DURATION}s" --latency "$@"; }
# CPU time (user + system, clock ticks) of a process and its threads, or of nginx's
# master and workers: on a loaded machine the CPU per request is the steadier figure.
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
nginx_pids() { echo "$nginx_pid" $(pgrep -P "$nginx_pid" || true); }
serve_pid=${pids[0]}; nginx_pid=${pids[1]}
s0=$(ticks "$serve_pid")
wrk_run -H "$auth" "$url" > "$work/wrk-styrkort.txt"
s1=$(ticks "$serve_pid"); n0=$(ticks $(nginx_pids))
wrk_run "http://127.0.0.1:$nport/scorecard.json" > "$work/wrk-nginx.txt"
n1=$(ticks $(nginx_pids))
if grep -q "Non-2xx" "$work/wrk-styrkort.txt"; then echo "styrkort answered errors under load:"; cat "$work/wrk-styrkort.txt"; exit 1; fi
rps() { awk '/Requests\/sec/{print $2}' "$1"; }
p99() { awk '$1=="99%"{print $2}' "$1"; }
echo "styrkort: $(rps "$work/wrk-styrkort.txt") req/s, p99 $(p99 "$work/wrk-styrkort.txt")"
echo "nginx:    $(rps "$work/wrk-nginx.txt") req/s, p99 $(p99 "$work/wrk-nginx.txt")"
echo "ratio (req/s): $(ratio "$(rps "$work/wrk-styrkort.txt")" "$(rps "$work/wrk-nginx.txt")")   (goal ≥ 0.5)"
hz=$(getconf CLK_TCK)
reqs() { awk '/requests in/{print $1}' "$1"; }
us_per_request() { python3 -c "import sys; t,n,hz=map(float,sys.argv[1:]); print(f'{t/hz/n*1e6:.1f}' if n else 'n/a')" "$1" "$2" "$hz"; }
serve_us=$(us_per_request $((s1 - s0)) "$(reqs "$work/wrk-styrkort.txt")")
nginx_us=$(us_per_request $((n1 - n0)) "$(reqs "$work/wrk-nginx.txt")")
echo "CPU per request: styrkort ${serve_us} µs, nginx ${nginx_us} µs: ratio (nginx ÷ styrkort) $(ratio "$nginx_us" "$serve_us")"
result wrk_cpu_us "$serve_us"; result wrk_anchor_cpu_us "$nginx_us"; result wrk_cpu_ratio "$(ratio "$nginx_us" "$serve_us")"
result wrk_rps "$(rps "$work/wrk-styrkort.txt")"; result wrk_p99 "$(p99 "$work/wrk-styrkort.txt")"
result wrk_anchor_rps "$(rps "$work/wrk-nginx.txt")"; result wrk_anchor_p99 "$(p99 "$work/wrk-nginx.txt")"
result wrk_ratio "$(ratio "$(rps "$work/wrk-styrkort.txt")" "$(rps "$work/wrk-nginx.txt")")"
result scorecard_bytes "$(wc -c < "$work/scorecard.json")"
cleanup; pids=()

if [[ $POSTGRES == 1 ]]; then
  echo "== 4. CSV import on PostgreSQL (bench/import-postgres.sh, the same files)"
  SYNTH_DIR=$work RESULTS_TSV=$results BENCH_DIR=$work/postgres "$root/bench/import-postgres.sh" | sed -n '/== CSV import/,$p'
fi
result load_end "$(cut -d' ' -f1 /proc/loadavg)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
