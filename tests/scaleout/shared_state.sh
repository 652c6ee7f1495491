#!/usr/bin/env bash
# Three app servers behind nginx on one PostgreSQL database (docs/scale-out.md,
# "Several app servers behind nginx"): what one server does, the others see.
#
#   1. the three start at once on an empty database: the plans and the first
#      administrator are made once (no duplicate-key crash);
#   2. a session made on one server works on the others (reads and a change with its
#      CSRF token), and a sign-out on one ends it on all;
#   3. an outcome import job started through one server is polled to its end through
#      the other two, and its rows are read through a third;
#   4. the scorecard (cached per server, keyed by the organisation's data version in
#      the database) never answers stale after a write through another server, also
#      for an API token (the I/O thread's fast path), and a token revoked through
#      another process is refused by every server at once;
#   5. a small load run through nginx (30 managers signing in and reporting) ends with
#      0 errors, the requests reached every server, and the audit chain is intact.
#
# PostgreSQL: a fresh database on the server of scripts/with-postgres.sh
# (STYRKORT_TEST_POSTGRES_URL), or a server of its own. Usage: shared_state.sh BIN LOADGEN
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export CLUSTER_BIN=$1
loadgen=$2
source "$root/bench/lib/cluster.sh"
export STYRKORT_DATA_DIR=${STYRKORT_DATA_DIR:-$root/data}
export STYRKORT_ADMIN_PASSWORD='Norrsken-över-Kalix-2026'
password='Tertial-rapport-Piteå-2026'
org=region-norrbotten
fail() { echo "FAIL: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

cluster_init
dropdb_url=""
cleanup() {
  cluster_stop
  if [[ -n $dropdb_url ]]; then psql "$STYRKORT_TEST_POSTGRES_URL" -X -q -c "DROP DATABASE IF EXISTS $dbname" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
if [[ -n ${STYRKORT_TEST_POSTGRES_URL:-} ]]; then
  dbname=scaleout_$$_$RANDOM
  psql "$STYRKORT_TEST_POSTGRES_URL" -X -q -c "CREATE DATABASE $dbname" >/dev/null
  dropdb_url=1
  url=$(python3 -c "import re,sys; print(re.sub(r'^(postgres(?:ql)?://[^/]*/)[^?]*', lambda m: m.group(1) + sys.argv[2], sys.argv[1]))" "$STYRKORT_TEST_POSTGRES_URL" "$dbname")
else
  cluster_postgres
  url=$CLUSTER_PG_URL
fi
# The checks read past the server: as the application's role, row-level security shows
# nothing without the system scope (docs/scale-out.md, "Tenants").
sql() { psql "$url" -X -A -t -q -c "SET styrkort.system = 'on'; $1"; }

echo "== 1. three app servers start at once on an empty database"
cluster_app_servers 3 "$url"
[[ $(sql "SELECT count(*) FROM organisation") == 1 ]] || fail "the organisation was made $(sql 'SELECT count(*) FROM organisation') times"
[[ $(sql "SELECT count(*) FROM plan") == 2 ]] || fail "expected the 2 default plans, found $(sql 'SELECT count(*) FROM plan')"
[[ $(sql "SELECT count(*) FROM app_user WHERE username = 'admin'") == 1 ]] || fail "not exactly one administrator"
a=${CLUSTER_APP_PORTS[0]} b=${CLUSTER_APP_PORTS[1]} c=${CLUSTER_APP_PORTS[2]}
echo "app servers on $a $b $c"
echo "$password" | "$CLUSTER_BIN" synth managers --org "$org" --plan rs-plan-2020-2022 --count 30 --password-stdin --postgres "$url"
cluster_nginx
echo "nginx on $CLUSTER_NGINX_PORT"
base=/api/v1/organisations/$org

# A browser-like client of one server: cookies in a jar, Origin and X-CSRF-Token on changes.
jar() { echo "$CLUSTER_DIR/$1.cookies"; }
csrf_of() { [[ -f $(jar "$1") ]] && awk '$6 == "styrkort_csrf" {print $7}' "$(jar "$1")" || true; }
call() {  # call WHO PORT METHOD PATH [BODY] [IF-MATCH] → body on stdout, status in $CLUSTER_DIR/status
  local who=$1 port=$2 method=$3 path=$4 body=${5:-} version=${6:-} args=()
  if [[ $method != GET ]]; then args+=(-H "Origin: http://127.0.0.1:$port" -H "X-CSRF-Token: $(csrf_of "$who")"); fi
  [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  [[ -n $version ]] && args+=(-H "If-Match: \"$version\"")
  curl -s -o "$CLUSTER_DIR/body" -w '%{http_code}' -b "$(jar "$who")" -c "$(jar "$who")" -X "$method" "${args[@]}" \
    "http://127.0.0.1:$port$path" > "$CLUSTER_DIR/status"
  cat "$CLUSTER_DIR/body"
}
expect() { [[ $(cat "$CLUSTER_DIR/status") == "$1" ]] || fail "$2: answered $(cat "$CLUSTER_DIR/status") $(head -c 400 "$CLUSTER_DIR/body")"; }
login() { call "$1" "$2" POST /api/v1/auth/login "{\"username\":\"$1\",\"password\":\"$password\"}" >/dev/null; expect 200 "sign-in of $1 on $2"; }

echo "== 2. a session made on one server works on the others"
login chef-0001 "$a"
for p in "$b" "$c"; do
  who=$(call chef-0001 "$p" GET /api/v1/auth/me | json 'd["user"]["username"]'); expect 200 "GET /auth/me on $p"
  [[ $who == chef-0001 ]] || fail "the session of server $a is $who on $p"
done
todo=$(call chef-0001 "$c" GET "$base/me/todo"); expect 200 "the to-do list on $c"
activity=$(echo "$todo" | json 'd["reporter"]["units"][0]["parts"]["activities"]["missing"][0]["id"]')
created=$(call chef-0001 "$b" POST "$base/activity-reports" "{\"activity_id\":$activity,\"year\":2022,\"point\":\"da08\",\"status\":\"in_progress\",\"comment\":\"Gjort på server b\"}")
expect 201 "a change with the session of server a, through server b"
report=$(echo "$created" | json 'd["id"]'); version=$(echo "$created" | json 'd["row_version"]')
call chef-0001 "$c" PUT "$base/activity-reports/$report" "{\"activity_id\":$activity,\"year\":2022,\"point\":\"da08\",\"status\":\"done\",\"comment\":\"Klart\"}" "$version" >/dev/null
expect 200 "PUT with If-Match through server c"
call chef-0001 "$a" PUT "$base/activity-reports/$report" "{\"activity_id\":$activity,\"year\":2022,\"point\":\"da08\",\"status\":\"delayed\",\"comment\":\"Gammal version\"}" "$version" >/dev/null
expect 409 "PUT with the old row_version through server a (must be refused as stale)"
call chef-0001 "$b" POST /api/v1/auth/logout '{}' >/dev/null; expect 204 "sign-out through server b"
for p in "$a" "$c"; do
  call chef-0001 "$p" GET /api/v1/auth/me >/dev/null; expect 401 "the ended session on $p"
done

echo "== 3. an import job started through one server is followed through the others"
login chef-0003 "$a"
todo=$(call chef-0003 "$a" GET "$base/me/todo")
measure_key=$(echo "$todo" | json 'd["reporter"]["units"][0]["parts"]["measures"]["missing"][0]["key"]')
printf 'plan;mått;enhet;år;tillfälle;kön;värde\n' > "$CLUSTER_DIR/utfall.csv"
for y in 2020 2021; do for pt in da04 da08; do for s in K M total; do
  printf 'rs-plan-2020-2022;%s;chef-0003;%s;%s;%s;%s\n' "$measure_key" "$y" "$pt" "$s" "$((RANDOM % 90 + 10)),5" >> "$CLUSTER_DIR/utfall.csv"
done; done; done
curl -s -D "$CLUSTER_DIR/headers" -o "$CLUSTER_DIR/body" -w '%{http_code}' -b "$(jar chef-0003)" \
  -H "Origin: http://127.0.0.1:$a" -H "X-CSRF-Token: $(csrf_of chef-0003)" -H 'Content-Type: text/csv' \
  --data-binary @"$CLUSTER_DIR/utfall.csv" "http://127.0.0.1:$a$base/outcomes/import-jobs" > "$CLUSTER_DIR/status"
expect 202 "starting the import job on server a"
location=$(awk 'tolower($1) == "location:" {print $2}' "$CLUSTER_DIR/headers" | tr -d '\r')
[[ -n $location ]] || fail "no Location for the job"
state=""
i=0
until=$((SECONDS + 180))  # generous: the machine may be busy
while ((SECONDS < until)); do
  i=$((i + 1))
  p=$([[ $((i % 2)) == 0 ]] && echo "$b" || echo "$c")
  state=$(call chef-0003 "$p" GET "$location" | json 'd["state"]'); expect 200 "polling the job on $p"
  [[ $state == queued || $state == running ]] || break
  sleep 0.05
done
[[ $state == succeeded || $state == done || $state == finished ]] || fail "the job ended $state: $(cat "$CLUSTER_DIR/body")"
imported=$(json 'd["imported"]' < "$CLUSTER_DIR/body")
[[ $imported == 12 ]] || fail "the job imported $imported rows, not 12"
[[ $(sql "SELECT count(*) FROM outcome o JOIN org_unit u ON u.id = o.unit_id WHERE u.key = 'chef-0003' AND o.year IN (2020, 2021) AND o.point IN ('da04', 'da08')") == 12 ]] \
  || fail "the 12 imported outcomes are not in the database"
echo "job $state on server a, followed through $b and $c: $imported rows"

echo "== 4. the scorecard is never stale after a write through another server"
login chef-0002 "$a"
todo=$(call chef-0002 "$a" GET "$base/me/todo")
measure=$(echo "$todo" | json 'd["reporter"]["units"][0]["parts"]["measures"]["missing"][0]["id"]')
sexes=$(echo "$todo" | json '" ".join(d["reporter"]["units"][0]["parts"]["measures"]["missing"][0]["missing_sexes"])')
unit=$(echo "$todo" | json 'd["reporter"]["units"][0]["id"]')
card="$base/scorecard?unit=chef-0002&year=2022&point=da08"
value_on() {  # the scorecard's value of the measure on server $1 (the first sex asked for)
  call chef-0002 "$1" GET "$card" | python3 -c "
import json,sys
d=json.load(sys.stdin)
for g in d['goals']:
    for m in g['measures']:
        if m['id']==$measure: print(m['values_by_sex']['${sexes%% *}'])"
}
for round in 1 2 3; do
  for p in "$a" "$c"; do value_on "$p" >/dev/null; expect 200 "the scorecard on $p"; done  # now cached on a and c
  value="$((round * 11)).5"
  # Women, men or total as the form saves them; from round 2 on with the ids stored (a replace).
  outcomes=$(python3 -c "
import json, os
ids = json.load(open('$CLUSTER_DIR/ids.json')) if os.path.exists('$CLUSTER_DIR/ids.json') else {}
rows = [dict({'measure_id': $measure, 'unit_id': $unit, 'year': 2022, 'point': 'da08', 'sex': s, 'value': $value},
             **({'id': ids[s]} if s in ids else {})) for s in '$sexes'.split()]
print(json.dumps({'outcomes': rows}))")
  call chef-0002 "$b" POST "$base/outcomes/batch" "$outcomes" | python3 -c "
import json, sys
print(json.dumps({o.get('sex') or 'total': o['id'] for o in json.load(sys.stdin)['items']}))" > "$CLUSTER_DIR/ids.json"
  expect 200 "outcomes through server b"
  for p in "$a" "$c"; do
    seen=$(value_on "$p")
    [[ $seen == "$value" ]] || fail "round $round: server $p's scorecard says $seen after $value was saved through $b"
  done
done
echo "three rounds: every scorecard on a and c showed the value just saved through b"

echo "== 4b. a token's cached scorecard (the I/O thread's fast path) across servers"
# A reader's API token: its scorecard is answered from each server's cache after the
# first time; a write through b must make a and c answer anew, and a token revoked
# through another process must be refused by every server at once, cache or not.
"$CLUSTER_BIN" user add lasare --org "$org" --postgres "$url" >/dev/null 2>&1
"$CLUSTER_BIN" user role lasare grant reader --org "$org" --postgres "$url" >/dev/null
token=$("$CLUSTER_BIN" user token lasare --scope read --days 1 --postgres "$url" 2>/dev/null)
token_get() {  # token_get PORT → body on stdout, status in $CLUSTER_DIR/status
  curl -s -o "$CLUSTER_DIR/body" -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$1$card" > "$CLUSTER_DIR/status"
  cat "$CLUSTER_DIR/body"
}
token_value() {
  token_get "$1" | python3 -c "
import json,sys
d=json.load(sys.stdin)
for g in d['goals']:
    for m in g['measures']:
        if m['id']==$measure: print(m['values_by_sex']['${sexes%% *}'])"
}
for p in "$a" "$c"; do for _ in 1 2 3; do token_value "$p" >/dev/null; expect 200 "the token's scorecard on $p"; done; done
value="99.5"
outcomes=$(python3 -c "
import json
ids = json.load(open('$CLUSTER_DIR/ids.json'))
print(json.dumps({'outcomes': [{'id': ids[s], 'measure_id': $measure, 'unit_id': $unit, 'year': 2022, 'point': 'da08', 'sex': s, 'value': $value} for s in '$sexes'.split()]}))")
call chef-0002 "$b" POST "$base/outcomes/batch" "$outcomes" >/dev/null; expect 200 "outcomes through server b"
for p in "$a" "$c"; do
  seen=$(token_value "$p"); expect 200 "the token's scorecard on $p after the write"
  [[ $seen == "$value" ]] || fail "server $p's cached scorecard for a token says $seen after $value was saved through $b"
done
token_id=$("$CLUSTER_BIN" user token lasare --list --postgres "$url" | awk 'NR == 1 {print $1}')
"$CLUSTER_BIN" user token lasare --revoke "$token_id" --postgres "$url" >/dev/null
for p in "$a" "$b" "$c"; do
  token_get "$p" >/dev/null; expect 401 "the revoked token on $p (its scorecard was cached on a and c)"
done
echo "a and c answered the token anew after the write through b, and all three refused it once revoked"

echo "== 5. a small load run through nginx: 30 managers, 0 errors"
echo "$password" > "$CLUSTER_DIR/password"
served() { grep -c '"path":"/api/v1/' "$CLUSTER_DIR/app$1.out" || true; }
before=("$(served 1)" "$(served 2)" "$(served 3)")
"$loadgen" --port "$CLUSTER_NGINX_PORT" --org "$org" --users 30 --password-file "$CLUSTER_DIR/password" \
  --requests 25 --think-ms 20 --duration 30 --json "$CLUSTER_DIR/load.json"
errors=$(json 'd["sign_in"]["errors"] + d["reporting"]["errors"]' < "$CLUSTER_DIR/load.json")
signed=$(json 'd["sign_in"]["statuses"].get("200", 0)' < "$CLUSTER_DIR/load.json")
writes=$(json 'd["writes"]["requests"]' < "$CLUSTER_DIR/load.json")
[[ $errors == 0 ]] || fail "the load run had $errors errors"
[[ $signed == 30 ]] || fail "$signed of 30 managers signed in"
[[ $writes -gt 0 ]] || fail "the load run wrote nothing"
for i in 1 2 3; do
  n=$(($(served "$i") - ${before[$((i - 1))]}))
  [[ $n -gt 0 ]] || fail "app server $i answered none of the load run's requests"
  echo "app server $i answered $n of the load run's requests"
done
"$CLUSTER_BIN" audit verify --postgres "$url" || fail "the audit chain is broken after writes through three servers"
echo "PASS"
