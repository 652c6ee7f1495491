#!/usr/bin/env bash
# The load test of several app servers behind nginx (docs/scale-out.md, "Several app
# servers behind nginx"): ONE command from nothing on a fresh Debian 12 machine, not
# part of the test command.
#
#   bench/load.sh                         # 1,000 managers, 3 app servers
#   MANAGERS=200 SERVERS=4 bench/load.sh  # smaller or wider
#
# It installs nginx, wrk and PostgreSQL from Debian when missing, builds styrkort and
# the load generator (bench/loadgen, target styrkort_load) when missing, and starts on
# loopback, on free ports, everything under one mktemp dir:
#   - a PostgreSQL server of its own (fsync on, as in production);
#   - the Norrbotten plans and MANAGERS unit managers (`styrkort synth managers`: a
#     unit, a unit activity, last year's outcomes, the role reporter on the unit);
#   - SERVERS × `styrkort serve --port 0` on that database;
#   - nginx as the load balancer in front of them (least_conn, keep-alive upstream).
# Then styrkort-load simulates the managers through nginx:
#   1. sign-in: every manager at once, a real password sign-in (Argon2id) with CSRF;
#   2. reporting a tertial: REQUESTS requests each, WRITE_SHARE of them writes, think
#      time THINK_MS (mean) between them, at most DURATION seconds;
#   3. saturated: the same signed-in managers without think time for SATURATE seconds.
# Anchor, same run, same concurrency: nginx serving a static file of the mean response
# size under wrk, and the load generator itself against that file (what it can drive).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
MANAGERS=${MANAGERS:-1000}
SERVERS=${SERVERS:-3}
WORKERS=${WORKERS:-4}        # worker threads per app server
REQUESTS=${REQUESTS:-40}     # per manager while reporting
THINK_MS=${THINK_MS:-5000}    # mean; a manager reads a page, then clicks
DURATION=${DURATION:-300}
SATURATE=${SATURATE:-30}
WRITE_SHARE=${WRITE_SHARE:-0.10}
password='Tertialrapport-Norrbotten-2026'

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v psql >/dev/null || need+=(postgresql-client)
if ((${#need[@]})); then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
bin=$root/build/styrkort
loadgen=$root/build/bench/styrkort-load
if [[ ! -x $bin || ! -x $loadgen ]]; then
  [[ -f $root/build/CMakeCache.txt ]] || cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$root/build" -j2 --target styrkort styrkort_load
fi

export CLUSTER_BIN=$bin
source "$root/bench/lib/cluster.sh"
cluster_init
trap cluster_stop EXIT
work=$CLUSTER_DIR

echo "== machine (shared: other work may run beside this; the ratios to the anchor are the figures)"
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(free -g | awk '/Mem:/{print $2}') GiB RAM; $(uname -sr); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$($CLUSTER_NGINX_BIN -v 2>&1); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); $(pg_find && "$PG_BIN/postgres" --version)"
echo "commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%dT%H:%MZ)"

echo "== PostgreSQL, the Norrbotten plans and $MANAGERS managers"
cluster_postgres
url=$CLUSTER_PG_URL
"$bin" migrate --postgres "$url" >/dev/null
for f in "$root"/data/*.json; do "$bin" import "$f" --postgres "$url" >/dev/null; done
t0=$(date +%s.%N)
echo "$password" | "$bin" synth managers --org region-norrbotten --plan rs-plan-2020-2022 --count "$MANAGERS" \
  --password-stdin --postgres "$url"
echo "seeded in $(python3 -c "print(round($(date +%s.%N) - $t0, 1))") s"
echo "$password" > "$work/password"

echo "== $SERVERS app servers ($WORKERS workers each) behind nginx"
cluster_app_servers "$SERVERS" "$url" --quiet --workers "$WORKERS"
cluster_nginx
echo "app servers on ${CLUSTER_APP_PORTS[*]}, nginx on $CLUSTER_NGINX_PORT"

echo "== anchor of the sign-in: Argon2id verifications with the server's parameters, one thread per core, 10 s"
"$loadgen" --argon2 10 --json "$work/argon2.json"

echo "== the managers: sign-in, reporting (think ${THINK_MS} ms, $REQUESTS requests, ≤ ${DURATION} s), saturated (${SATURATE} s)"
"$loadgen" --port "$CLUSTER_NGINX_PORT" --users "$MANAGERS" --password-file "$work/password" --requests "$REQUESTS" \
  --think-ms "$THINK_MS" --duration "$DURATION" --write-share "$WRITE_SHARE" --saturate "$SATURATE" \
  --json "$work/load.json" 2> "$work/load.err" | tee "$work/load.txt"
if [[ -s $work/load.err ]]; then echo "-- the generator's notes (first 20):"; head -20 "$work/load.err"; fi

echo "== anchor: nginx serving a static file of the mean response size, $MANAGERS connections, ${SATURATE} s"
size=$(python3 -c "import json; d=json.load(open('$work/load.json'))['saturated']; print(max(1, d['bytes'] // max(1, d['requests'])))")
mkdir -p "$work/www/static"
# A JSON list of the same length: nginx sends bytes, their content does not matter.
python3 -c "import sys; n = int(sys.argv[1]); body = '{\"items\":[' + '{\"id\":1,\"name\":\"x\"},' * (n // 20 + 1); print(body[:n - 2] + ']}', end='')" \
  "$size" > "$work/www/static/anchor.json"
echo "anchor file: $(wc -c < "$work/www/static/anchor.json") bytes (the mean body of the saturated phase: $size)"
wrk -t2 -c"$MANAGERS" -d"${SATURATE}s" --latency "http://127.0.0.1:$CLUSTER_NGINX_PORT/static/anchor.json" > "$work/wrk.txt"
"$loadgen" --port "$CLUSTER_NGINX_PORT" --static /static/anchor.json --connections "$MANAGERS" --duration "$SATURATE" --threads 2 \
  --json "$work/static.json" | tee "$work/static.txt"

# Kept after the run (the temp dir is removed): var/load/.
out=${LOAD_OUT:-$root/var/load}
mkdir -p "$out"
cp "$work"/{load.json,load.txt,load.err,static.json,argon2.json,wrk.txt} "$out"/ 2>/dev/null || true
echo "-- wrk:"; cat "$work/wrk.txt"

python3 - "$work" <<'PY'
import json, re, sys
work = sys.argv[1]
load = json.load(open(f"{work}/load.json"))
static = json.load(open(f"{work}/static.json"))["static"]
argon2 = json.load(open(f"{work}/argon2.json"))["argon2"]
wrk = open(f"{work}/wrk.txt").read()
def ms(text):  # wrk's 812.00us, 1.20ms, 2.31s, 1.05m
    v, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(v) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
wrk_rps = float(re.search(r"Requests/sec:\s+([\d.]+)", wrk).group(1))
wrk_p50 = ms(re.search(r"50%\s+(\S+)", wrk).group(1))
wrk_p99 = ms(re.search(r"99%\s+(\S+)", wrk).group(1))
wrk_errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", wrk)) + \
    sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", wrk))
s, r, sat = load["sign_in"], load["reporting"], load["saturated"]
print("== summary")
print(f"sign-in      {s['requests']} managers: {s['per_second']:.1f} /s, p50 {s['p50_ms']:.0f} ms, p99 {s['p99_ms']:.0f} ms, errors {s['errors']}")
print(f"anchor       Argon2id verifications: {argon2['per_second']:.1f} /s; ratio sign-in / Argon2id: {s['per_second'] / argon2['per_second']:.3f}")
print(f"reporting    {r['requests']} requests ({load['reads']['requests']} reads, {load['writes']['requests']} writes) in {r['seconds']:.0f} s: "
      f"{r['per_second']:.0f} req/s, p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, errors {r['errors']}, 409 {r['conflicts']}")
print(f"  reads p50 {load['reads']['p50_ms']:.1f} ms p99 {load['reads']['p99_ms']:.1f} ms; writes p50 {load['writes']['p50_ms']:.1f} ms p99 {load['writes']['p99_ms']:.1f} ms")
print(f"saturated    {sat['per_second']:.0f} req/s, p50 {sat['p50_ms']:.1f} ms, p99 {sat['p99_ms']:.1f} ms, errors {sat['errors']}, 409 {sat['conflicts']}")
print(f"anchor wrk   nginx static: {wrk_rps:.0f} req/s, p50 {wrk_p50:.1f} ms, p99 {wrk_p99:.1f} ms, errors {wrk_errors}")
print(f"generator    the same file, 2 threads like wrk: {static['per_second']:.0f} req/s ({static['per_second'] / wrk_rps:.2f} of wrk); its CPU in the managers' run (one thread): "
      f"{load['generator_cpu_s']:.1f} s in {load['wall_s']:.0f} s")
print(f"ratio        saturated / nginx static (req/s): {sat['per_second'] / wrk_rps:.3f} (wrk), {sat['per_second'] / static['per_second']:.3f} (the generator's own run)")
PY
