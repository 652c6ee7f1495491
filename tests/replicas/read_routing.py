#!/usr/bin/env python3
"""Reads go where docs/scale-out.md says (run under scripts/replica-cluster.sh):

    scripts/replica-cluster.sh --servers 2 -- python3 tests/replicas/read_routing.py

1. Stale-tolerant reads open connections on the standby (application_name
   styrkort-read in the standby's pg_stat_activity, none on the primary).
2. With the standby's replay paused (and synchronous_standby_names cleared for the
   moment, else the write would wait for it), a signed-in session changes a unit's name
   through app server 1. The same session reads the new name through every app server
   (read-your-writes, also where it did not write); anonymous readers and another user
   who has not written still read the old name: they are served by the standby. Once
   replay resumes, everyone reads the new name.
3. With the standby stopped, stale-tolerant reads are answered by the primary (200,
   never a 503) and writes go on.
Exit status 0 when all of this holds.
"""
import http.cookies
import subprocess
import sys
import time

from cluster import Cluster, Failure, api, get_json, items, log, request


def wait_for(what, test, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if test():
            return
        time.sleep(0.1)
    raise Failure(f"timed out waiting for {what}")


def sign_in(port, username, password):
    status, body, res = request(port, "POST", "/api/v1/auth/login", {"username": username, "password": password})
    if status != 200:
        raise Failure(f"sign-in: {status} {body[:200]!r}")
    jar = http.cookies.SimpleCookie()
    for value in res.headers.get_all("Set-Cookie"):
        jar.load(value)
    cookie = "; ".join(f"{k}={m.value}" for k, m in jar.items())
    return {"Cookie": cookie, "X-CSRF-Token": jar["styrkort_csrf"].value}


def unit_name(port, uid, headers=None):
    return get_json(port, api(f"units/{uid}"), headers)["name"]


def set_sync(cluster, names):
    cluster.sql(cluster.primary_port, f"ALTER SYSTEM SET synchronous_standby_names = '{names}'")
    cluster.sql(cluster.primary_port, "SELECT pg_reload_conf()")
    wait_for(f"synchronous_standby_names = '{names}'",
             lambda: cluster.sql(cluster.primary_port,
                                 "SELECT '[' || current_setting('synchronous_standby_names') || ']'")[0][0] == f"[{names}]")


def main():
    cluster = Cluster()
    apps = cluster.apps
    try:
        # A second user who reads and never writes: a reader over the organisation.
        subprocess.run([cluster.binary, "user", "add", "lasare", "--org", "region-norrbotten", "--postgres",
                        cluster.write_url], capture_output=True, check=True)
        subprocess.run([cluster.binary, "user", "role", "lasare", "grant", "reader", "--org", "region-norrbotten",
                        "--postgres", cluster.write_url], capture_output=True, check=True)
        out = subprocess.run([cluster.binary, "user", "token", "lasare", "--scope", "read", "--days", "1", "--postgres",
                              cluster.write_url], capture_output=True, text=True, check=True)
        reader = {"Authorization": "Bearer " + next(w for w in out.stdout.split() + out.stderr.split()
                                                    if w.startswith("sk_"))}

        # 1. Stale-tolerant reads use the standby's pool.
        unit = items(get_json(apps[0], api("units?limit=5")))[0]
        uid, old = unit["id"], unit["name"]
        for port in apps:
            get_json(port, api("plans?limit=5"))
        on_standby = int(cluster.sql(cluster.standby_port, "SELECT count(*) FROM pg_stat_activity "
                                                           "WHERE application_name = 'styrkort-read'")[0][0])
        on_primary = int(cluster.sql(cluster.primary_port, "SELECT count(*) FROM pg_stat_activity "
                                                           "WHERE application_name = 'styrkort-read'")[0][0])
        if on_standby < 1 or on_primary != 0:
            raise Failure(f"read connections: {on_standby} on the standby, {on_primary} on the primary")
        log(f"1: {on_standby} read connections on the standby, none on the primary")

        # 2. Read-your-writes against a standby held back.
        session = sign_in(apps[0], "admin", cluster.admin_password)
        set_sync(cluster, "")
        cluster.sql(cluster.standby_port, "SELECT pg_wal_replay_pause()")
        wait_for("replay paused", lambda: cluster.sql(cluster.standby_port,
                                                      "SELECT pg_get_wal_replay_pause_state()")[0][0] == "paused")
        current = get_json(apps[0], api(f"units/{uid}"), session)
        new = old + " (replik)"
        status, body, _ = request(apps[0], "PATCH", api(f"units/{uid}"), {"name": new},
                                  dict(session, **{"If-Match": f'"{current["row_version"]}"'}))
        if status != 200:
            raise Failure(f"PATCH unit: {status} {body[:300]!r}")
        for i, port in enumerate(apps):
            if unit_name(port, uid, session) != new:
                raise Failure(f"app server {i + 1}: the session that wrote does not read its write")
            if unit_name(port, uid) != old:
                raise Failure(f"app server {i + 1}: an anonymous read saw the write: not served by the paused standby")
            if unit_name(port, uid, reader) != old:
                raise Failure(f"app server {i + 1}: a user who has not written read the primary")
            status, body, _ = request(port, "GET", api("scorecard?unit=regiondirektoren&year=2025&point=ar"),
                                      headers=reader)
            if status != 200:
                raise Failure(f"app server {i + 1}: scorecard from the standby: {status} {body[:200]!r}")
        log(f"2: the writer reads '{new}' on {len(apps)} app servers; anonymous and another user read '{old}' "
            "(the paused standby)")
        cluster.sql(cluster.standby_port, "SELECT pg_wal_replay_resume()")
        wait_for("the standby to replay the change", lambda: all(unit_name(p, uid) == new for p in apps))
        set_sync(cluster, "styrkort_standby")
        wait_for("the standby to be synchronous again", lambda: cluster.sql(
            cluster.primary_port, "SELECT sync_state FROM pg_stat_replication")[0:1] == [["sync"]])
        log("2: after replay resumed everyone reads the change")

        # 3. The standby goes away: reads fall back to the primary, writes go on.
        set_sync(cluster, "")
        cluster.pg_ctl(cluster.standby_data, "-m", "fast", "-w", "stop")
        expected = new
        for i, port in enumerate(apps):
            for _ in range(3):
                if unit_name(port, uid) != expected or unit_name(port, uid, reader) != expected:
                    raise Failure(f"app server {i + 1}: wrong name with the standby stopped")
            current = get_json(port, api(f"units/{uid}"), session)
            expected = f"{new} {i}"
            status, body, _ = request(port, "PATCH", api(f"units/{uid}"), {"name": expected},
                                      dict(session, **{"If-Match": f'"{current["row_version"]}"'}))
            if status != 200:
                raise Failure(f"app server {i + 1}: PATCH with the standby stopped: {status} {body[:200]!r}")
            if unit_name(port, uid) != expected:
                raise Failure(f"app server {i + 1}: an anonymous read after the write, standby stopped: old name")
        log("3: with the standby stopped, reads come from the primary and writes go on")
        log("PASS: stale-tolerant reads on the standby, read-your-writes across app servers, fallback to the primary")
        return 0
    except (Failure, subprocess.CalledProcessError) as e:
        log(f"FAIL: {e} (logs in {cluster.dir})")
        return 1


if __name__ == "__main__":
    sys.exit(main())
