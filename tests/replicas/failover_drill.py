#!/usr/bin/env python3
"""The failover drill (docs/scale-out.md "Replicas and failover").

Run under scripts/replica-cluster.sh, which starts a primary, a synchronous hot standby
(remote_apply) and app servers configured with both:

    scripts/replica-cluster.sh --servers 2 -- python3 tests/replicas/failover_drill.py --seconds 30

Clients write continuously through every app server with a write token: batches of
outcomes (all or none) and activity reports, each with a unique marker, and remember
every write an app server acknowledged (a 2xx received), in the style of
tests/durability/kill_cycles.py. Mid-run the old primary is stopped and the standby
promoted (fencing first, then promotion: two primaries never accept writes at once).
Afterwards, on the new primary, directly in SQL:

- every acknowledged write is there with its values (0 lost), every batch is all there
  or not at all, and every row made has its audit entry;
- the app servers (the same processes: no restart) accepted writes again, each of them;
- no answer other than 2xx or a 503 with the Swedish message, none slower than the
  request timeout (no hang).

It reports how long writes were unavailable: the longest time without any acknowledged
write around the failover, overall and per app server.

With --rebuild (docs/scale-out.md "Rebuilding the standby") the way back too: at a
quarter of the run the failover above; then scripts/replica-rebuild.sh makes the old
primary the new one's synchronous standby (pg_rewind) while writes go on, and the app
servers' stale-tolerant reads must reach it (anonymous readers run throughout); at three
quarters the failover back to it, and a second rebuild. The check then runs on the
server that is primary at the end: 0 lost on both failovers.
Exit status 0 when all of this holds.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time

from cluster import Cluster, Failure, api, get_json, items, log, request


class Ledger:
    def __init__(self):
        self.batches = []   # (marker, outcomes, acked)
        self.reports = []   # (marker, id or None, acked)
        self.acks = []      # (time, app index)
        self.statuses = {}  # status -> count ("error" for no answer)
        self.slowest = 0.0


class Client(threading.Thread):
    def __init__(self, n, cluster, fx, stop, seed):
        super().__init__(daemon=True)
        self.n, self.cluster, self.fx, self.stop = n, cluster, fx, stop
        self.rng = random.Random(seed)
        self.ledger = Ledger()
        self.k = 0

    def run(self):
        apps = self.cluster.apps
        while not self.stop.is_set():
            self.k += 1
            app = (self.n + self.k) % len(apps)
            if self.rng.random() < 0.6:
                self._batch(app)
            else:
                self._report(app)

    def _send(self, app, path, body):
        started = time.time()
        try:
            status, res, _ = request(self.cluster.apps[app], "POST", path, body,
                                     {"Authorization": "Bearer " + self.fx["token"]}, timeout=self.fx["timeout"])
        except OSError:
            status, res = None, b""
        took = time.time() - started
        self.ledger.slowest = max(self.ledger.slowest, took)
        key = status if status is not None else "error"
        self.ledger.statuses[key] = self.ledger.statuses.get(key, 0) + 1
        if status == 503 and "databasen är inte tillgänglig" not in res.decode("utf-8", "replace"):
            self.ledger.statuses["503 without the Swedish message"] = 1
        if status is None or status >= 300:
            time.sleep(0.05)  # the database is away: do not spin
        return status, res

    def _batch(self, app):
        fx = self.fx
        marker = f"f{self.n}-{self.k}"
        # Keys never repeat: the unit is the client's own, the year moves with k.
        year = 1900 + (self.k // len(fx["measures"])) % 300
        outcomes = [{"measure_id": fx["measures"][self.k % len(fx["measures"])], "unit_id": fx["units"][self.n % len(fx["units"])],
                     "year": year, "point": point, "value": self.rng.randrange(-10**6, 10**6) / 4,
                     "note": f"{marker}-{i}"} for i, point in enumerate(["da04", "da08", "ar"])]
        status, _ = self._send(app, api("outcomes/batch"), {"outcomes": outcomes})
        acked = status is not None and 200 <= status < 300
        self.ledger.batches.append((marker, outcomes, acked))
        if acked:
            self.ledger.acks.append((time.time(), app))

    def _report(self, app):
        fx = self.fx
        marker = f"f{self.n}-{self.k}"
        acts = fx["activities"]
        body = {"activity_id": acts[self.k % len(acts)], "year": 1900 + (self.k // len(acts)) % 300,
                "point": ["da04", "da08", "ar", "t1", "t2", "t3"][self.n % 6], "status": self.rng.choice(["not_started", "in_progress", "done", "delayed"]),
                "comment": marker}
        status, res = self._send(app, api("activity-reports"), body)
        acked = status is not None and 200 <= status < 300
        self.ledger.reports.append((marker, json.loads(res)["id"] if acked else None, acked))
        if acked:
            self.ledger.acks.append((time.time(), app))


def check(cluster, clients, port):
    """Every acknowledged write on the server at `port`; batches all or none; audited."""
    problems = []
    outcomes = {r[0]: (int(r[1]), float(r[2])) for r in
                cluster.sql(port, "SELECT note, id, value FROM outcome WHERE note LIKE 'f%'")}
    reports = {r[0]: int(r[1]) for r in
               cluster.sql(port, "SELECT comment, id FROM activity_report WHERE comment LIKE 'f%'")}
    audited = {}
    for entity, eid in cluster.sql(port, "SELECT entity, entity_id FROM audit_log "
                                         "WHERE entity IN ('outcome', 'activity_report') AND action = 'create'"):
        audited.setdefault(entity, set()).add(int(eid))
    acked = lost = in_doubt_present = 0
    for c in clients:
        for marker, sent, ok in c.ledger.batches:
            hits = [outcomes.get(f"{marker}-{i}") for i in range(len(sent))]
            there = [h for h in hits if h]
            if there and len(there) != len(sent):
                problems.append(f"batch {marker}: {len(there)} of {len(sent)} outcomes present")
            if ok:
                acked += 1
                if not there:
                    lost += 1
                    problems.append(f"batch {marker}: acknowledged, missing")
            elif there:
                in_doubt_present += 1
            for o, h in zip(sent, hits):
                if h and h[1] != o["value"]:
                    problems.append(f"outcome {marker}: value {h[1]} != {o['value']}")
                if h and h[0] not in audited.get("outcome", ()):
                    problems.append(f"outcome {marker}: no audit entry")
        for marker, rid, ok in c.ledger.reports:
            hit = reports.get(marker)
            if ok:
                acked += 1
                if hit is None:
                    lost += 1
                    problems.append(f"activity report {marker}: acknowledged, missing")
                elif hit != rid:
                    problems.append(f"activity report {marker}: id {hit}, acknowledged as {rid}")
            elif hit is not None:
                in_doubt_present += 1
            if hit is not None and hit not in audited.get("activity_report", ()):
                problems.append(f"activity report {marker}: no audit entry")
    sent = {f"{m}-{i}" for c in clients for m, o, _ in c.ledger.batches for i in range(len(o))}
    strays = [n for n in outcomes if n not in sent]
    if strays:
        problems.append(f"outcomes nobody sent: {strays[:5]}")
    return acked, lost, in_doubt_present, problems


class Reader(threading.Thread):
    """Anonymous stale-tolerant reads through every app server: they use the standby
    pools, so that the drill can see reads reach a rebuilt standby."""
    def __init__(self, cluster, stop):
        super().__init__(daemon=True)
        self.cluster, self.stop = cluster, stop
        self.statuses = {}

    def run(self):
        k = 0
        while not self.stop.is_set():
            k += 1
            try:
                status, _, _ = request(self.cluster.apps[k % len(self.cluster.apps)], "GET", api("plans?limit=5"),
                                       timeout=30)
            except OSError:
                status = "error"
            self.statuses[status] = self.statuses.get(status, 0) + 1
            time.sleep(0.05)


def fail_over(cluster, old, new, mode):
    """Fence the old primary, then promote the standby: two primaries never accept
    writes at once. Returns the times (stop asked, stopped, promoted)."""
    t_stop = time.time()
    cluster.pg_ctl(cluster.data[old], "-m", mode, "-w", "stop")
    t_stopped = time.time()
    cluster.pg_ctl(cluster.data[new], "-w", "promote")
    t_promoted = time.time()
    log(f"{old} (:{cluster.port[old]}) stopped in {t_stopped - t_stop:.2f} s, {new} (:{cluster.port[new]}) "
        f"promoted in {t_promoted - t_stopped:.2f} s")
    return t_stop, t_stopped, t_promoted


def rebuild(cluster, old, new, reader_seconds):
    """scripts/replica-rebuild.sh, timed; then the old primary must be the new one's
    synchronous standby and take the app servers' stale-tolerant reads again."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "replica-rebuild.sh")
    t0 = time.time()
    out = subprocess.run([script], capture_output=True, text=True, timeout=300)
    took = time.time() - t0
    if out.returncode != 0:
        raise Failure(f"replica-rebuild.sh: {out.stderr.strip() or out.stdout.strip()}")
    log(out.stdout.strip().splitlines()[-1])
    state = cluster.sql(cluster.port[new], "SELECT application_name, state, sync_state FROM pg_stat_replication")
    if state != [["styrkort_standby", "streaming", "sync"]]:
        raise Failure(f"after the rebuild the primary's replication: {state}")
    if cluster.sql(cluster.port[old], "SELECT pg_is_in_recovery()") != [["t"]]:
        raise Failure(f"{old} is not a standby after the rebuild")
    deadline = time.time() + reader_seconds
    while True:
        reads = int(cluster.sql(cluster.port[old], "SELECT count(*) FROM pg_stat_activity "
                                                   "WHERE application_name = 'styrkort-read'")[0][0])
        if reads:
            break
        if time.time() > deadline:
            raise Failure(f"no app server read from the rebuilt standby {old} within {reader_seconds:.0f} s")
        time.sleep(0.2)
    log(f"{old} rebuilt as the synchronous standby of {new} in {took:.2f} s; {reads} read connections on it "
        f"after {time.time() - t0 - took:.1f} s more")
    return took


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=30, help="writing time; the failover comes at a third "
                    "(with --rebuild: the failovers at a quarter and at three quarters)")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--stop-mode", choices=["fast", "immediate"], default="immediate",
                    help="how the old primary is stopped (immediate: as if it crashed)")
    ap.add_argument("--timeout", type=float, default=30, help="an answer slower than this counts as a hang")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--rebuild", action="store_true",
                    help="after the failover rebuild the old primary as the new one's synchronous standby "
                         "(scripts/replica-rebuild.sh), fail over back to it while writes run, and rebuild again")
    ap.add_argument("--sabotage", action="store_true",
                    help="delete an acknowledged outcome on the new primary before the check (the test of the "
                         "test: it must then fail)")
    a = ap.parse_args()
    seed = a.seed if a.seed is not None else random.randrange(10**9)
    rng = random.Random(seed)
    cluster = Cluster()
    cluster.data = {"primary": cluster.primary_data, "standby": cluster.standby_data}
    cluster.port = {"primary": cluster.primary_port, "standby": cluster.standby_port}
    when = "at a quarter and three quarters, with a rebuild between" if a.rebuild else "at a third"
    log(f"drill: {len(cluster.apps)} app servers, {a.clients} clients, {a.seconds:.0f} s, "
        f"old primary stopped ({a.stop_mode}) {when}, seed {seed}")
    try:
        token = cluster.write_token()
        hdr = {"Authorization": "Bearer " + token}
        port = cluster.apps[0]
        fx = {"token": token, "timeout": a.timeout,
              "measures": [m["id"] for m in items(get_json(port, api("measures?limit=1000"), hdr))],
              "units": [u["id"] for u in items(get_json(port, api("units?limit=1000"), hdr))],
              "activities": [x["id"] for x in items(get_json(port, api("activities?limit=5000"), hdr))]}
        stop = threading.Event()
        clients = [Client(i, cluster, fx, stop, rng.randrange(10**9)) for i in range(a.clients)]
        reader = Reader(cluster, stop)
        started = time.time()
        for c in clients:
            c.start()
        if a.rebuild:
            reader.start()
        failovers = []  # (t_stop, t_stopped, t_promoted)
        rebuilds = []   # seconds
        if not a.rebuild:
            time.sleep(a.seconds / 3)
            failovers.append(fail_over(cluster, "primary", "standby", a.stop_mode))
            final = "standby"
            time.sleep(max(a.seconds - (time.time() - started), a.seconds / 3))
        else:
            time.sleep(a.seconds / 4)
            failovers.append(fail_over(cluster, "primary", "standby", a.stop_mode))
            time.sleep(a.seconds / 8)
            rebuilds.append(rebuild(cluster, "primary", "standby", 30))
            time.sleep(max(started + a.seconds * 3 / 4 - time.time(), a.seconds / 8))
            failovers.append(fail_over(cluster, "standby", "primary", a.stop_mode))
            final = "primary"
            time.sleep(max(a.seconds - (time.time() - started), a.seconds / 8))
            rebuilds.append(rebuild(cluster, "standby", "primary", 30))
        stop.set()
        t_end = time.time()
        for c in clients:
            c.join(timeout=a.timeout + 10)
            if c.is_alive():
                raise Failure(f"client {c.n} did not finish: an answer hung")

        all_acks = sorted(x for c in clients for x in c.ledger.acks)
        edges = [started] + [f[0] for f in failovers] + [t_end]
        phases = [[(t, app) for t, app in all_acks if lo <= t < hi] for lo, hi in zip(edges, edges[1:])]
        if any(not p for p in phases):
            raise Failure(f"writes acknowledged between the failovers: {[len(p) for p in phases]}: proves little")

        def longest_gap(times, t_stop, t_promoted):
            """The longest time without an acknowledgement around one failover."""
            pairs = [(x, y) for x, y in zip(times, times[1:]) if y >= t_stop and x <= t_promoted + 5]
            return max((y - x for x, y in pairs), default=0.0)
        gaps, per_app = [], []
        for k, (t_stop, t_stopped, t_promoted) in enumerate(failovers):
            gaps.append(longest_gap([t for t, _ in all_acks], t_stop, t_promoted))
            mine = {}
            for app in range(len(cluster.apps)):
                times = [t for t, x in all_acks if x == app]
                if not [t for t in times if t > t_stopped]:
                    raise Failure(f"app server {app + 1} acknowledged no write after failover {k + 1}")
                mine[app] = longest_gap(times, t_stop, t_promoted)
            per_app.append(mine)
        for app in range(len(cluster.apps)):
            if not cluster.app_alive(app):
                raise Failure(f"app server {app + 1} is no longer running")

        final_port = cluster.port[final]
        if a.sabotage:
            marker = next(m for c in clients for m, _, ok in reversed(c.ledger.batches) if ok)
            log(f"sabotage: deleting the acknowledged outcome {marker}-1 on the new primary")
            cluster.sql(final_port, f"DELETE FROM outcome WHERE note = '{marker}-1'")
        acked, lost, doubt, problems = check(cluster, clients, final_port)
        statuses = {}
        for c in clients:
            for k, v in c.ledger.statuses.items():
                statuses[k] = statuses.get(k, 0) + v
        bad = {k: v for k, v in statuses.items() if not (isinstance(k, int) and (200 <= k < 300 or k == 503))}
        if bad:
            problems.append(f"answers other than 2xx and 503 with the Swedish message: {bad}")
        slowest = max(c.ledger.slowest for c in clients)
        if problems:
            raise Failure("; ".join(problems[:20]))
        log(f"answers: {dict(sorted(statuses.items(), key=str))}; slowest {slowest:.2f} s")
        if a.rebuild:
            log(f"anonymous reads meanwhile: {dict(sorted(reader.statuses.items(), key=str))}")
        for k, (t_stop, t_stopped, t_promoted) in enumerate(failovers):
            log(f"failover {k + 1}: writes unavailable for {gaps[k]:.2f} s (the longest time without any "
                f"acknowledgement around the failover); per app server: "
                + ", ".join(f"{i + 1}: {t:.2f} s" for i, t in per_app[k].items())
                + f"; the stop took {t_stopped - t_stop:.2f} s, the promotion {t_promoted - t_stopped:.2f} s")
        rate = lambda xs, t0, t1: len(xs) / max(t1 - t0, 1e-9)
        if not a.rebuild:
            log(f"acknowledged writes per second: {rate(phases[0], started, edges[1]):.0f} before the failover "
                f"(synchronous standby, remote_apply), {rate(phases[1], edges[1], t_end):.0f} after (the promoted "
                f"server alone)")
            log(f"PASS: {acked} acknowledged writes ({len(phases[0])} before the failover, {len(phases[1])} after), "
                f"0 lost, {doubt} unacknowledged found committed (allowed); {len(cluster.apps)} app servers wrote "
                f"again without a restart; seed {seed}")
        else:
            log(f"acknowledged writes per second: {rate(phases[0], started, edges[1]):.0f} before failover 1, "
                f"{rate(phases[1], edges[1], edges[2]):.0f} between (alone, then with the rebuilt standby), "
                f"{rate(phases[2], edges[2], t_end):.0f} after failover 2")
            log(f"PASS: {acked} acknowledged writes ({' / '.join(str(len(p)) for p in phases)} before, between and "
                f"after the failovers), 0 lost on either failover, {doubt} unacknowledged found committed (allowed); "
                f"rebuilds {' and '.join(f'{r:.2f} s' for r in rebuilds)}; {len(cluster.apps)} app servers wrote and "
                f"read again without a restart; seed {seed}")
        return 0
    except Failure as e:
        log(f"FAIL: {e} (seed {seed}; logs in {cluster.dir}, keep them with --keep)")
        return 1


if __name__ == "__main__":
    sys.exit(main())
