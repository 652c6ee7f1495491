#!/usr/bin/env bash
# Completeness of the whole synthetic region (docs/reporting-round.md) beside a raw scan
# of the same rows, in one run on one machine (not part of the test command).
#
#   bench/completeness.sh               # 1,000 reporting units (1,111 with divisions and areas), 2 years
#   UNITS=2000 YEARS=3 bench/completeness.sh
#
# Generates a region with `styrkort synth` (every unit reports every measure, K/M/total,
# DÅ 04/DÅ 08/ÅR), imports it into SQLite, opens a reporting period (the last ÅR), gives
# a few units activity reports, assessments and reports, then:
#   ours:   GET …/reporting-periods/{id}/completeness?unit=rs on a running server
#           (loads the organisation's rows in a fixed handful of queries and computes every
#           unit; no cache), best of 5, with and without the lists of missing items;
#   anchor: sqlite3 counting the same rows the loader reads: the outcomes with a unit
#           (who reports which measure) and the outcomes of the period, best of 5.
# Prints both and the ratio (time, ours / anchor; lower is better).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
UNITS=${UNITS:-1000}
MEASURES=${MEASURES:-50}
YEARS=${YEARS:-2}
work=${BENCH_DIR:-$root/var/bench-completeness}
bin=$root/build/styrkort
command -v sqlite3 >/dev/null || { echo "needs sqlite3 (apt-get install sqlite3)"; exit 1; }
[[ -x $bin ]] || { cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build "$root/build" -j2 --target styrkort; }

rm -rf "$work" && mkdir -p "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.2f}' if b else 'n/a')" "$1" "$2"; }

echo "== machine"
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg); sqlite3 $(sqlite3 --version | cut -d' ' -f1)"

echo "== synthetic region: UNITS=$UNITS MEASURES=$MEASURES YEARS=$YEARS"
"$bin" synth --units "$UNITS" --measures "$MEASURES" --years "$YEARS" --out "$work"
db=$work/styrkort.db
"$bin" import "$work/plan.json" --db "$db" >/dev/null
"$bin" import outcomes "$work/outcomes.csv" --db "$db" --org synth >/dev/null
year=$((2016 + YEARS - 1))
period=$("$bin" create reporting-periods --org synth --db "$db" --json "{\"year\":$year,\"point\":\"ar\",\"status\":\"open\",\"deadline\":\"$((year + 1))-01-31\"}" \
  | python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")
# Some follow-up beyond outcomes: the first ten areas report their activity.
for a in $(seq 0 9); do
  id=$("$bin" list activities --org synth --db "$db" --key "$(printf 'akt-%04d' "$a")" | python3 -c "import json,sys; print(json.load(sys.stdin)['items'][0]['id'])")
  "$bin" create activity-reports --org synth --db "$db" --json "{\"activity_id\":$id,\"year\":$year,\"point\":\"ar\",\"status\":\"in_progress\"}" >/dev/null
done
rows=$(sqlite3 "$db" "SELECT count(*) FROM outcome")
units=$(sqlite3 "$db" "SELECT count(*) FROM org_unit")

"$bin" user add bench --org synth --db "$db" >/dev/null 2>&1
"$bin" user role bench grant reader --org synth --db "$db" >/dev/null
token=$("$bin" user token bench --scope read --days 1 --db "$db" 2>/dev/null)
port=$((20000 + RANDOM % 20000))
"$bin" serve --db "$db" --port "$port" --quiet 2>"$work/serve.log" &
pids+=($!)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port/api/v1/organisations/synth/reporting-periods/$period/completeness?unit=rs"

best() {  # best of 5 request times
  local b=999 t
  for _ in 1 2 3 4 5; do
    t=$(curl -fs -H "Authorization: Bearer $token" -o "$work/answer.json" -w '%{time_total}' "$1")
    b=$(python3 -c "print(min($b, $t))")
  done
  echo "$b"
}
echo "== completeness of rs ($units units, $rows outcomes; period $year ÅR)"
ours=$(best "$url")
bytes=$(wc -c < "$work/answer.json")
python3 - "$work/answer.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t = d["totals"]
print(f"units listed {t['units']}, owing {t['units_owing']}, complete {t['units_complete']}, nothing to report {t['units_nothing_to_report']}; overall {t['overall']}")
PY
ours_counts=$(best "$url&missing=false")

scan() {
  local b=999 t
  for _ in 1 2 3 4 5; do
    t=$(printf ".timer on\nSELECT count(*) FROM outcome WHERE unit_id IS NOT NULL;\nSELECT count(*) FROM outcome WHERE year = %s AND point = 'ar';\n" "$year" \
          | sqlite3 "$db" | awk '/Run Time/{s += $4} END {print s}')
    b=$(python3 -c "print(min($b, $t))")
  done
  echo "$b"
}
anchor=$(scan)
echo "styrkort completeness, with missing items (best of 5):  ${ours} s ($bytes bytes)"
echo "styrkort completeness, counts only (best of 5):         ${ours_counts} s"
echo "anchor sqlite3 count(*) of the same rows (best of 5):   ${anchor} s"
echo "ratio (time, styrkort / scan): $(ratio "$ours" "$anchor") with items, $(ratio "$ours_counts" "$anchor") counts only"
