"""The replica cluster that scripts/replica-cluster.sh started, as the tests see it.

Python 3 standard library and the psql client only. Everything comes from the
environment the script sets (STYRKORT_REPLICA_*)."""
import http.client
import json
import os
import subprocess
import time
import urllib.parse

ORG = "region-norrbotten"


def log(*parts):
    print(time.strftime("%H:%M:%S"), *parts, flush=True)


class Failure(Exception):
    pass


class Cluster:
    def __init__(self):
        env = os.environ
        if "STYRKORT_REPLICA_DIR" not in env:
            raise SystemExit("run under scripts/replica-cluster.sh -- (STYRKORT_REPLICA_* not set)")
        self.dir = env["STYRKORT_REPLICA_DIR"]
        self.pgbin = env["STYRKORT_REPLICA_PGBIN"]
        self.run_as = env.get("STYRKORT_REPLICA_RUN_AS", "").split()
        self.primary_data = env["STYRKORT_REPLICA_PRIMARY_DATA"]
        self.standby_data = env["STYRKORT_REPLICA_STANDBY_DATA"]
        self.primary_port = int(env["STYRKORT_REPLICA_PRIMARY_PORT"])
        self.standby_port = int(env["STYRKORT_REPLICA_STANDBY_PORT"])
        self.apps = [urllib.parse.urlparse(u).port for u in env["STYRKORT_REPLICA_APP_URLS"].split()]
        self.app_pids = [int(p) for p in env["STYRKORT_REPLICA_APP_PIDS"].split()]
        self.binary = env["STYRKORT_REPLICA_BINARY"]
        self.admin_password = env["STYRKORT_REPLICA_ADMIN_PASSWORD"]
        self.write_url = env["STYRKORT_POSTGRES_URL"]

    # --- PostgreSQL, directly ---
    def sql(self, port, text, db="styrkort"):
        out = subprocess.run(["psql", "-X", "-q", "-At", "-h", "127.0.0.1", "-p", str(port), "-U", "styrkort",
                              "-d", db, "-v", "ON_ERROR_STOP=1", "-F", "\x1f", "-c", text],
                             capture_output=True, text=True, timeout=60)
        if out.returncode != 0:
            raise Failure(f"psql on port {port}: {out.stderr.strip()}")
        return [line.split("\x1f") for line in out.stdout.splitlines() if line != ""]

    def pg_ctl(self, data, *args):
        out = subprocess.run(self.run_as + [f"{self.pgbin}/pg_ctl", "-D", data, *args],
                             capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise Failure(f"pg_ctl {' '.join(args)}: {out.stderr.strip()}")

    def app_alive(self, i):
        try:
            os.kill(self.app_pids[i], 0)
            return True
        except OSError:
            return False

    def write_token(self):
        out = subprocess.run([self.binary, "user", "token", "admin", "--scope", "write", "--days", "1",
                              "--postgres", self.write_url], capture_output=True, text=True, check=True)
        return next(w for w in out.stdout.split() + out.stderr.split() if w.startswith("sk_"))


def request(port, method, path, body=None, headers=None, timeout=30):
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        h = {"Content-Type": "application/json"}
        h.update(headers or {})
        con.request(method, path, body=None if body is None else json.dumps(body), headers=h)
        res = con.getresponse()
        return res.status, res.read(), res
    finally:
        con.close()


def api(path):
    return f"/api/v1/organisations/{ORG}/{path}"


def get_json(port, path, headers=None):
    status, body, _ = request(port, "GET", path, headers=headers)
    if status != 200:
        raise Failure(f"GET {path} on :{port}: {status} {body[:300]!r}")
    return json.loads(body)


def items(doc):
    return doc["items"] if isinstance(doc, dict) and "items" in doc else doc
