# Several Styrkort app servers behind nginx on loopback, sharing one PostgreSQL
# database (docs/scale-out.md). Sourced by bench/load.sh and tests/scaleout/; every
# port is a free one and every file lies under $CLUSTER_DIR (a mktemp dir), so that
# several runs on one machine never collide. Stopped by cluster_stop (set as a trap).
#
#   cluster_init [DIR]                  # DIR or a new mktemp dir: $CLUSTER_DIR
#   cluster_postgres                    # a PostgreSQL server of its own (scripts/lib/postgres.sh): $CLUSTER_PG_URL
#   cluster_app_servers N URL [ARGS…]   # N × `styrkort serve --port 0`: $CLUSTER_APP_PORTS
#   cluster_nginx                       # nginx in front of them: $CLUSTER_NGINX_PORT, static root $CLUSTER_DIR/www
#   cluster_stop

CLUSTER_PIDS=()
CLUSTER_APP_PORTS=()
CLUSTER_APP_PIDS=()
CLUSTER_PG_DATA=""
# PostgreSQL's start-up, shared with scripts/with-postgres.sh and the replica scripts.
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib/postgres.sh"

cluster_free_port() { pg_free_ports 1; }

cluster_init() {
  CLUSTER_DIR=${1:-$(mktemp -d /tmp/styrkort-cluster.XXXXXX)}
  mkdir -p "$CLUSTER_DIR/www"
  chmod 755 "$CLUSTER_DIR"
  CLUSTER_BIN=${CLUSTER_BIN:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build/styrkort}
  CLUSTER_NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)
  # 1,000 managers are 1,000 connections to nginx and as many from it upstream.
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
}

cluster_postgres() {
  pg_find
  CLUSTER_PG_DATA=$CLUSTER_DIR/pg
  mkdir -p "$CLUSTER_PG_DATA"
  pg_own "$CLUSTER_PG_DATA"
  # Durable as in production (fsync on); enough connections for every app server's pool.
  pg_socket_server "$CLUSTER_PG_DATA" -c max_connections=200 -c shared_buffers=256MB
  "$PG_BIN/createdb" -h "$CLUSTER_PG_DATA" -p "$PG_PORT" -U styrkort styrkort
  CLUSTER_PG_URL="postgresql:///styrkort?host=$CLUSTER_PG_DATA&port=$PG_PORT&user=styrkort"
}

# N app servers on free ports (each prints its port: src/cli/serve.cpp), sharing URL.
cluster_app_servers() {
  local n=$1 url=$2 i port pid log
  shift 2
  for ((i = 1; i <= n; i++)); do
    log=$CLUSTER_DIR/app$i.log
    STYRKORT_TRUSTED_PROXIES=127.0.0.1 "$CLUSTER_BIN" serve --postgres "$url" --port 0 "$@" 2>"$log" >"$CLUSTER_DIR/app$i.out" &
    pid=$!
    CLUSTER_PIDS+=("$pid")
    CLUSTER_APP_PIDS+=("$pid")
  done
  for ((i = 1; i <= n; i++)); do
    log=$CLUSTER_DIR/app$i.log
    port=""
    for _ in $(seq 600); do
      port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$log" 2>/dev/null | grep -o '[0-9]*$' || true)
      [[ -n $port ]] && break
      kill -0 "${CLUSTER_APP_PIDS[$((i - 1))]}" 2>/dev/null || break
      sleep 0.1
    done
    if [[ -z $port ]]; then echo "app server $i did not start:" >&2; cat "$log" >&2; return 1; fi
    CLUSTER_APP_PORTS+=("$port")
  done
}

# nginx as the load balancer: least_conn over the app servers with keep-alive upstream
# connections, and $CLUSTER_DIR/www served as /static/ (the anchor).
cluster_nginx() {
  local conf=$CLUSTER_DIR/nginx/nginx.conf servers="" p
  mkdir -p "$CLUSTER_DIR/nginx/tmp"
  CLUSTER_NGINX_PORT=$(cluster_free_port)
  # max_fails=0: a server slowed by sign-ins (Argon2id) is never taken out of the pool.
  for p in "${CLUSTER_APP_PORTS[@]}"; do servers+="    server 127.0.0.1:$p max_fails=0;"$'\n'; done
  cat > "$conf" <<CONF
worker_processes auto;
worker_rlimit_nofile 65536;
pid $CLUSTER_DIR/nginx/nginx.pid;
error_log $CLUSTER_DIR/nginx/error.log warn;
daemon off;
events { worker_connections 16384; }
http {
  access_log off;
  client_body_temp_path $CLUSTER_DIR/nginx/tmp; proxy_temp_path $CLUSTER_DIR/nginx/tmp; fastcgi_temp_path $CLUSTER_DIR/nginx/tmp;
  uwsgi_temp_path $CLUSTER_DIR/nginx/tmp; scgi_temp_path $CLUSTER_DIR/nginx/tmp;
  types { application/json json; text/html html; text/csv csv; }
  keepalive_timeout 300s;
  keepalive_requests 1000000;
  client_max_body_size 64m;
  upstream styrkort {
    least_conn;
$servers    keepalive 256;
    keepalive_requests 1000000;
    keepalive_timeout 30s;   # shorter than the app servers' 60 s idle timeout: nginx closes first
  }
  server {
    listen 127.0.0.1:$CLUSTER_NGINX_PORT backlog=4096;
    location /static/ { root $CLUSTER_DIR/www; }
    location / {
      proxy_pass http://styrkort;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_read_timeout 600s;
      proxy_request_buffering off;
    }
  }
}
CONF
  "$CLUSTER_NGINX_BIN" -c "$conf" -p "$CLUSTER_DIR/nginx" &
  CLUSTER_PIDS+=($!)
  for _ in $(seq 100); do
    curl -fs -o /dev/null "http://127.0.0.1:$CLUSTER_NGINX_PORT/healthz" && return 0
    sleep 0.1
  done
  echo "nginx did not answer:" >&2
  cat "$CLUSTER_DIR/nginx/error.log" >&2
  return 1
}

cluster_stop() {
  local p
  for p in "${CLUSTER_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${CLUSTER_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  [[ -z $CLUSTER_PG_DATA ]] || pg_stop "$CLUSTER_PG_DATA/data"
  [[ -n ${CLUSTER_KEEP:-} ]] || rm -rf "$CLUSTER_DIR"
}
