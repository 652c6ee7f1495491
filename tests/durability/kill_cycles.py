#!/usr/bin/env python3
"""Kill -9 cycles: nothing acknowledged is lost, nothing half-written is visible.

Runs `styrkort serve` on SQLite or PostgreSQL. In every cycle several clients send
writes through the real API with a write token: batches of outcomes (all or none),
activity reports (new ones and changes of a comment) and frame changes (a new frame
change line on a draft plan's detail table, and a change of one cost frame line's
column). Each client remembers every write the server acknowledged (a 2xx received)
and the one it had in flight. At a random moment the server is killed with SIGKILL,
started again, and the database is checked directly (SQL, not the API):

- every acknowledged write is there with its value; a write in flight at the kill is
  either wholly there or wholly absent (a batch of outcomes: all or none);
- every row the clients made has its audit entry, every acknowledged change has one
  carrying its value, and no audit entry names a row that is not there;
- SQLite: PRAGMA integrity_check says ok.

Python 3 standard library only (plus the psql client for PostgreSQL). Exit status 0
when every cycle passed. See docs/reliability.md.
"""
import argparse
import http.client
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

ORG = "region-norrbotten"
SOURCE_PLAN = "rs-plan-2025-2027"  # approved: follow-up goes here, frames into a new draft version
ADMIN_PASSWORD = "durability-test-password-1"


def log(*parts):
    print(time.strftime("%H:%M:%S"), *parts, flush=True)


class Failure(Exception):
    pass


# --- the database, read directly ----------------------------------------------------

class SqliteDb:
    def __init__(self, path):
        self.path = path
        self.args = ["--db", path]

    def query(self, sql, params=()):
        con = sqlite3.connect(self.path, timeout=30)
        try:
            return con.execute(sql, params).fetchall()
        finally:
            con.close()

    def integrity(self):
        rows = self.query("PRAGMA integrity_check")
        return [r[0] for r in rows]

    def settle(self):
        pass  # the killed process held the only connections; nothing of it runs on


class PostgresDb:
    def __init__(self, url):
        self.url = url
        self.args = ["--postgres", url]

    def query(self, sql, params=()):
        # psql's own variables carry the values (:'p0'), quoted by psql: no splicing.
        args = ["psql", self.url, "-X", "-q", "-A", "-t", "-F", "\x1f", "-R", "\x1e", "-v", "ON_ERROR_STOP=1"]
        # The check looks at every organisation's rows behind the server's back: the
        # system scope of row-level security (docs/scale-out.md "Tenants"); a superuser
        # is not bound by it anyway.
        text = "SET styrkort.system = 'on';\n" + sql
        for i, p in enumerate(params):
            args += ["-v", f"p{i}={p}"]
            text = text.replace("?", f":'p{i}'", 1)
        out = subprocess.run(args, input=text, capture_output=True, text=True)
        if out.returncode != 0:
            raise Failure("psql: " + out.stderr.strip())
        rows = [r for r in out.stdout.split("\x1e") if r.strip("\n") != ""]
        return [tuple(None if f == "" else f for f in r.strip("\n").split("\x1f")) for r in rows]

    def integrity(self):
        return ["ok"]

    def settle(self, timeout=60):
        """Waits until no session of the killed server is left on the database. A
        PostgreSQL backend goes on with the statement it has, COMMIT included, after its
        client died: it notices only when it next reads from the socket. A write in
        flight at the kill may therefore become visible after the kill; checking before
        it has settled would forget it as 'not committed' and then meet its rows as sent
        by nobody (found by a 1,000-cycle run: docs/reliability.md)."""
        deadline = time.time() + timeout
        while True:
            left = self.query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                              "AND pid <> pg_backend_pid() AND backend_type = 'client backend'")
            if int(left[0][0]) == 0:
                return
            if time.time() > deadline:
                raise Failure(f"{left[0][0]} sessions of the killed server still open after {timeout} s")
            time.sleep(0.05)


def start_postgres():
    """A PostgreSQL server of our own with its durable defaults (fsync on), started by
    the scripts' shared start-up (scripts/lib/postgres.sh)."""
    lib = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "lib", "postgres.sh")
    d = tempfile.mkdtemp(prefix="styrkort-durability-pg.")  # not in workdir: the postgres user must reach it
    url = subprocess.run([lib, "start", d], check=True, capture_output=True, text=True).stdout.strip()

    def stop():
        subprocess.run([lib, "stop", d], capture_output=True)
        shutil.rmtree(d, ignore_errors=True)
    return url, stop


def fresh_postgres_database(base_url):
    """A new database on the server that base_url names; returns its URL."""
    name = f"styrkort_durability_{os.getpid()}_{random.randrange(10**6)}"
    subprocess.run(["psql", base_url, "-X", "-q", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    path, _, query = base_url.partition("?")
    return path.rsplit("/", 1)[0] + "/" + name + ("?" + query if query else ""), name


# --- the server ---------------------------------------------------------------------

class Server:
    def __init__(self, binary, db_args, env, logfile):
        self.binary, self.db_args, self.env, self.logfile = binary, db_args, env, logfile
        self.proc = None
        self.port = None

    def start(self, timeout=120):
        err = open(self.logfile, "ab")
        self.proc = subprocess.Popen([self.binary, "serve", "--port", "0", "--quiet", *self.db_args],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=self.env)
        deadline = time.time() + timeout
        while time.time() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                raise Failure("server exited while starting (see " + self.logfile + ")")
            err.write(line)
            text = line.decode("utf-8", "replace")
            if "listening on http://" in text:
                self.port = int(text.split("listening on http://", 1)[1].split(":")[1].split()[0].rstrip("/"))
                # Keep draining stderr so that the server never blocks on a full pipe.
                threading.Thread(target=self._drain, args=(err,), daemon=True).start()
                return
        raise Failure("server did not start in time")

    def _drain(self, err):
        for line in self.proc.stderr:
            err.write(line)
        err.close()

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=60)


def request(port, method, path, body=None, token=None, timeout=30):
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        con.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
        res = con.getresponse()
        return res.status, res.read()
    finally:
        con.close()


def api(port, path):
    return f"/api/v1/organisations/{ORG}/{path}"


def get_json(port, path, token):
    status, body = request(port, "GET", path, token=token)
    if status != 200:
        raise Failure(f"GET {path}: {status} {body[:300]!r}")
    return json.loads(body)


def items(doc):
    return doc["items"] if isinstance(doc, dict) and "items" in doc else doc


# --- the fixture: ids the clients write against ---------------------------------------

def prepare(binary, db, env, workdir):
    """First start (loads the shipped plans), a write token, a draft plan for frames."""
    server = Server(binary, db.args, env, os.path.join(workdir, "server.log"))
    server.start(timeout=600)
    try:
        out = subprocess.run([binary, "user", "token", "admin", "--scope", "write", "--days", "30", *db.args],
                             capture_output=True, text=True, env=env, check=True)
        token = next(w for w in out.stdout.split() + out.stderr.split() if w.startswith("sk_"))
        port = server.port
        plans = items(get_json(port, api(port, "plans?limit=1000"), token))
        source = next(p for p in plans if p["key"] == SOURCE_PLAN)
        status, body = request(port, "POST", api(port, f"plans/{source['id']}/versions"), {}, token)
        if status not in (200, 201):
            raise Failure(f"new plan version: {status} {body[:300]!r}")
        draft = json.loads(body)
        draft_id = draft.get("id") or draft.get("plan", {}).get("id")
        measures = items(get_json(port, api(port, "measures?limit=1000"), token))
        activities = items(get_json(port, api(port, "activities?limit=5000"), token))
        units = items(get_json(port, api(port, "units?limit=1000"), token))
        tables = items(get_json(port, api(port, f"economy-tables?plan_id={draft_id}&limit=1000"), token))
        frame_lines = items(get_json(port, api(port, f"cost-frame-lines?plan_id={draft_id}&limit=1000"), token))
    finally:
        server.stop()
    detail = sorted((t for t in tables if t.get("kind") == "frame_change"), key=lambda t: t.get("category") != "increase")
    if not detail or not frame_lines or not measures or not activities:
        raise Failure("the shipped plan lacks measures, activities or economy tables")
    return {
        "token": token,
        "measures": [m["id"] for m in measures],
        "activities": [a["id"] for a in activities],
        "units": [u["id"] for u in units],
        "detail_table": detail[0]["id"],
        "draft_plan": draft_id,
        "frame_lines": frame_lines,
    }


# --- the clients ----------------------------------------------------------------------

class Ledger:
    """What one client sent: acknowledged writes and the one in flight at the kill."""

    def __init__(self):
        self.batches = []          # [marker, [outcome dicts], acked, seen in the database]
        self.reports = {}          # marker -> (id or None, acked)
        self.report_comments = {}  # report id -> (last acked comment, comment in flight or None)
        self.frame_changes = []    # (marker, amount, frame_line_id, acked)
        self.frame_values = {}     # frame line id -> (last acked value, value in flight or None)
        self.touched = set()       # activity reports whose comment was sent since the last check
        self.acked = 0


class Client(threading.Thread):
    def __init__(self, n, fixture, counter, ledger, seed):
        super().__init__(daemon=True)
        self.n, self.fx, self.counter, self.ledger = n, fixture, counter, ledger
        self.rng = random.Random(seed)
        self.port = None
        self.stop_flag = threading.Event()
        self.cycle = 0

    def run_cycle(self, port, cycle):
        self.port, self.cycle = port, cycle
        self.stop_flag.clear()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self):
        con = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            while not self.stop_flag.is_set():
                kind = self.rng.choice(["batch", "report", "comment", "frame_change", "frame_value"])
                if not getattr(self, "_" + kind)(con):
                    return  # the server is gone: the write in flight stays unknown
        finally:
            con.close()

    def _send(self, con, method, path, body):
        try:
            con.request(method, path, body=json.dumps(body),
                        headers={"Content-Type": "application/json", "Authorization": "Bearer " + self.fx["token"]})
            res = con.getresponse()
            return res.status, res.read()
        except (OSError, http.client.HTTPException):
            return None, None

    def _next(self):
        with self.counter["lock"]:
            self.counter["n"] += 1
            return self.counter["n"]

    def _batch(self, con):
        k = self._next()
        fx = self.fx
        measures, units = fx["measures"], fx["units"]
        outcomes = []
        marker = f"d{self.n}-{k}"
        for i, point in enumerate(["da04", "da08", "ar"]):
            outcomes.append({"measure_id": measures[k % len(measures)],
                             "unit_id": units[(k // len(measures) // 300) % len(units)],
                             "year": 1900 + (k // len(measures)) % 300, "point": point,
                             "value": self.rng.randrange(-10**6, 10**6) / 4, "note": f"{marker}-{i}"})
        entry = [marker, outcomes, False, False]
        self.ledger.batches.append(entry)
        status, body = self._send(con, "POST", api(self.port, "outcomes/batch"), {"outcomes": outcomes})
        if status is None:
            return False
        if 200 <= status < 300:
            entry[2] = True
            self.ledger.acked += 1
        else:
            self.ledger.batches.pop()
            self._refused("outcomes/batch", status, body)
        return True

    def _report(self, con):
        k = self._next()
        acts = self.fx["activities"]
        marker = f"d{self.n}-{k}"
        points = ["da04", "da08", "ar", "t1", "t2", "t3"]
        body = {"activity_id": acts[k % len(acts)], "year": 1900 + (k // len(acts)) % 300,
                "point": points[(k // len(acts) // 300) % len(points)],
                "status": self.rng.choice(["not_started", "in_progress", "done", "delayed"]), "comment": marker}
        self.ledger.reports[marker] = (None, False)
        status, res = self._send(con, "POST", api(self.port, "activity-reports"), body)
        if status is None:
            return False
        if 200 <= status < 300:
            rid = json.loads(res)["id"]
            self.ledger.reports[marker] = (rid, True)
            self.ledger.report_comments[rid] = (marker, None)
            self.ledger.acked += 1
        else:
            del self.ledger.reports[marker]
            self._refused("activity-reports", status, res)
        return True

    def _comment(self, con):
        if not self.ledger.report_comments:
            return True
        rid = self.rng.choice(sorted(self.ledger.report_comments))
        last, _ = self.ledger.report_comments[rid]
        comment = f"c{self.n}-{self._next()}"
        self.ledger.report_comments[rid] = (last, comment)
        self.ledger.touched.add(rid)
        status, res = self._send(con, "PATCH", api(self.port, f"activity-reports/{rid}"), {"comment": comment})
        if status is None:
            return False
        if 200 <= status < 300:
            self.ledger.report_comments[rid] = (comment, None)
            self.ledger.acked += 1
        else:
            self.ledger.report_comments[rid] = (last, None)
            self._refused("activity-reports PATCH", status, res)
        return True

    def _frame_change(self, con):
        k = self._next()
        line = self.rng.choice(self.fx["frame_lines"])
        marker = f"d{self.n}-{k}"
        amount = self.rng.randrange(1, 10**7)
        entry = [marker, amount, line["id"], False]
        self.ledger.frame_changes.append(entry)
        status, res = self._send(con, "POST", api(self.port, "frame-change-lines"),
                                 {"plan_id": self.fx["draft_plan"], "table_id": self.fx["detail_table"], "key": marker, "description": marker,
                                  "column_label": "Utökning", "frame_line_id": line["id"], "amount": amount})
        if status is None:
            return False
        if 200 <= status < 300:
            entry[3] = True
            self.ledger.acked += 1
        else:
            self.ledger.frame_changes.pop()
            self._refused("frame-change-lines", status, res)
        return True

    def _frame_value(self, con):
        # Each client changes only its own frame lines: the last acknowledged value must stay.
        lines = self.fx["frame_lines"]
        mine = [l for i, l in enumerate(lines) if i % self.fx["clients"] == self.n] or lines[:1]
        line = self.rng.choice(mine)
        value = self.rng.randrange(-10**9, 10**9)
        last = self.ledger.frame_values.get(line["id"], (None, None))[0]
        self.ledger.frame_values[line["id"]] = (last, value)
        status, res = self._send(con, "PATCH", api(self.port, f"cost-frame-lines/{line['id']}"), {"increase": value})
        if status is None:
            return False
        if 200 <= status < 300:
            self.ledger.frame_values[line["id"]] = (value, None)
            self.ledger.acked += 1
        else:
            self.ledger.frame_values[line["id"]] = (last, None)
            self._refused("cost-frame-lines PATCH", status, res)
        return True

    def _refused(self, what, status, body):
        # A refusal is not a lost write, but the test is pointless if writes are refused.
        self.counter["refused"] += 1
        if self.counter["refused"] <= 5:
            log(f"client {self.n}: {what} refused: {status} {body[:300]!r}")


# --- the check ------------------------------------------------------------------------

class Checker:
    """Checks the database after each kill. Every cycle looks at what is new since the
    last check (rows and audit entries with higher ids: ids only grow, nothing is
    deleted) and at the records changed since; every `full_every` cycles and at the end
    every write ever acknowledged is looked up again."""

    def __init__(self, db):
        self.db = db
        self.mark = {"outcome": 0, "activity_report": 0, "frame_change_line": 0, "audit_log": 0}
        self.audited = {}       # entity -> set of ids with an audit entry
        self.audit_values = {}  # (entity, id) -> set of values of the watched field in 'after'
        # marker -> (id, value); activity reports by id (their comment changes)
        self.present = {"outcome": {}, "activity_report": {}, "frame_change_line": {}}
        self.report_by_marker = {}

    def _new_rows(self, table, columns, where):
        rows = self.db.query(f"SELECT id, {columns} FROM {table} WHERE id > ? AND {where} ORDER BY id",
                             (self.mark[table],))
        if rows:
            self.mark[table] = max(self.mark[table], max(int(r[0]) for r in rows))
        return rows

    def _read_audit(self):
        rows = self.db.query("SELECT id, entity, entity_id, after FROM audit_log WHERE id > ? ORDER BY id",
                             (self.mark["audit_log"],))
        watched = {"cost_frame_line": "increase", "activity_report": "comment"}
        for aid, entity, eid, after in rows:
            self.mark["audit_log"] = max(self.mark["audit_log"], int(aid))
            if eid is None:
                continue
            eid = int(eid)
            self.audited.setdefault(entity, set()).add(eid)
            if entity in watched and after:
                value = json.loads(after).get(watched[entity])
                self.audit_values.setdefault((entity, eid), set()).add(value)

    def check(self, ledgers, cycle, full):
        db, problems = self.db, []
        integrity = db.integrity()
        if integrity != ["ok"]:
            problems.append(f"integrity_check: {integrity[:5]}")
        self._read_audit()

        # Outcomes: a batch is all there or not at all; acknowledged ones are there, with their values.
        for i, note, v in self._new_rows("outcome", "note, value", "note LIKE 'd%'"):
            self.present["outcome"][note] = (int(i), float(v))
        sent = set()
        for led in ledgers:
            keep = []
            for entry in led.batches:
                marker, outcomes, acked, seen = entry
                notes = [f"{marker}-{i}" for i in range(len(outcomes))]
                sent.update(notes)
                hits = [self.present["outcome"].get(n) for n in notes]
                there = [h for h in hits if h]
                if there and len(there) != len(notes):
                    problems.append(f"batch {marker}: {len(there)} of {len(notes)} outcomes present")
                if not there:
                    if acked or seen:
                        problems.append(f"batch {marker}: acknowledged, missing")
                    continue  # in flight at the kill and not committed: forgotten
                for o, h in zip(outcomes, hits):
                    if h and h[1] != o["value"]:
                        problems.append(f"outcome {marker}: value {h[1]} != {o['value']}")
                    if h and h[0] not in self.audited.get("outcome", ()):
                        problems.append(f"audit: no entry for outcome {h[0]}")
                entry[3] = True
                keep.append(entry)
            led.batches = keep
        strays = [n for n in self.present["outcome"] if n not in sent]
        if strays:
            problems.append(f"outcomes nobody sent: {strays[:5]}")

        # Activity reports: made ones are there; a changed comment is the last acknowledged one (or the one in flight).
        for i, c in self._new_rows("activity_report", "comment", "(comment LIKE 'd%' OR comment LIKE 'c%')"):
            self.present["activity_report"][int(i)] = (int(i), c)
            self.report_by_marker[c] = int(i)
        for led in ledgers:
            for marker, (rid, acked) in list(led.reports.items()):
                # A report's comment may have been changed since: known ones are found by id.
                found = rid if rid is not None else self.report_by_marker.get(marker)
                hit = self.present["activity_report"].get(found) if found is not None else None
                if hit is None:
                    if acked:
                        problems.append(f"activity report {marker}: acknowledged, missing")
                    del led.reports[marker]
                    continue
                if rid is None:
                    led.reports[marker] = (hit[0], True)
                    led.report_comments[hit[0]] = (marker, None)
                if hit[0] not in self.audited.get("activity_report", ()):
                    problems.append(f"audit: no entry for activity report {hit[0]}")
        changed = {rid for led in ledgers for rid in (led.touched if not full else led.report_comments)}
        if changed:
            ids = sorted(changed)
            current = {}
            for chunk in range(0, len(ids), 500):
                part = ids[chunk:chunk + 500]
                current.update({int(i): c for i, c in db.query(
                    "SELECT id, comment FROM activity_report WHERE id IN (" + ",".join(str(x) for x in part) + ")")})
            for led in ledgers:
                for rid in [r for r in changed if r in led.report_comments]:
                    last, flying = led.report_comments[rid]
                    got = current.get(rid)
                    if got is None:
                        problems.append(f"activity report {rid}: gone")
                    elif got != last and got != flying:
                        problems.append(f"activity report {rid}: comment {got!r}, acknowledged {last!r}")
                    elif got not in self.audit_values.get(("activity_report", rid), ()):
                        problems.append(f"audit: no entry for activity report {rid} with comment {got!r}")
                    led.report_comments[rid] = (got, None)
        for led in ledgers:
            led.touched = set()

        # Frame change lines: there with amount and frame line; each frame line's value as acknowledged.
        for i, d, a, f in self._new_rows("frame_change_line", "description, amount, frame_line_id",
                                         "description LIKE 'd%'"):
            self.present["frame_change_line"][d] = (int(i), int(a), int(f) if f is not None else None)
        for led in ledgers:
            keep = []
            for entry in led.frame_changes:
                marker, amount, line, acked = entry
                hit = self.present["frame_change_line"].get(marker)
                if not hit:
                    if acked:
                        problems.append(f"frame change {marker}: acknowledged, missing")
                    continue
                if hit[1:] != (amount, line):
                    problems.append(f"frame change {marker}: {hit[1:]} != {(amount, line)}")
                if hit[0] not in self.audited.get("frame_change_line", ()):
                    problems.append(f"audit: no entry for frame change line {hit[0]}")
                entry[3] = True
                keep.append(entry)
            led.frame_changes = keep
        values = {int(i): (int(v) if v is not None else None)
                  for i, v in db.query("SELECT id, increase FROM cost_frame_line")}
        for led in ledgers:
            for line, (last, flying) in list(led.frame_values.items()):
                got = values.get(line)
                if last is None and got != flying:
                    del led.frame_values[line]  # never acknowledged, not committed
                    continue
                if got != last and got != flying:
                    problems.append(f"cost frame line {line}: increase {got}, acknowledged {last}")
                elif got not in self.audit_values.get(("cost_frame_line", line), ()):
                    problems.append(f"audit: no entry for cost frame line {line} with increase {got}")
                led.frame_values[line] = (got, None)

        if full:
            problems += self._full()
        if problems:
            raise Failure(f"cycle {cycle}: " + "; ".join(problems[:20]))
        return tuple(len(self.present[t]) for t in ("outcome", "activity_report", "frame_change_line"))

    def _full(self):
        """Every row ever seen is still there with its value; no row is without its audit entry."""
        problems = []
        for table, columns, where in (("outcome", "note, value", "note LIKE 'd%'"),
                                      ("activity_report", "comment", "(comment LIKE 'd%' OR comment LIKE 'c%')"),
                                      ("frame_change_line", "description, amount", "description LIKE 'd%'")):
            rows = self.db.query(f"SELECT id, {columns} FROM {table} WHERE {where}")
            ids = {int(r[0]) for r in rows}
            for marker, hit in self.present[table].items():
                if hit[0] not in ids:
                    problems.append(f"{table} {marker} (id {hit[0]}): was there, now missing")
            if len(ids) != len(self.present[table]):
                problems.append(f"{table}: {len(ids)} rows, {len(self.present[table])} known")
            missing = ids - self.audited.get(table, set())
            if missing:
                problems.append(f"audit: no entry for {table} {sorted(missing)[:5]}")
        values = dict(self.db.query("SELECT id, value FROM outcome WHERE note LIKE 'd%'"))
        for note, (i, v) in self.present["outcome"].items():
            got = values.get(i, values.get(str(i)))
            if got is not None and float(got) != v:
                problems.append(f"outcome {note}: value {got} != {v}")
        return problems


def sabotage(db, ledgers):
    marker = next(b[0] for led in ledgers for b in reversed(led.batches) if b[2])
    log(f"sabotage: deleting the acknowledged outcome {marker}-1 directly in the database")
    if isinstance(db, SqliteDb):
        con = sqlite3.connect(db.path)
        con.execute("DELETE FROM outcome WHERE note = ?", (f"{marker}-1",))
        con.commit()
        con.close()
    else:
        db.query("DELETE FROM outcome WHERE note = ? RETURNING id", (f"{marker}-1",))


# --- main -----------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default="build/styrkort")
    ap.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--cycles", type=int, default=10)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--max-run", type=float, default=1.5, help="longest time before the kill, seconds")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--postgres-url", default=os.environ.get("STYRKORT_TEST_POSTGRES_URL"),
                    help="a server to make a new database on (default: start one of our own)")
    ap.add_argument("--full-every", type=int, default=100, help="look up every write ever acknowledged every N cycles")
    ap.add_argument("--sabotage-at", type=int, default=0,
                    help="delete an acknowledged outcome behind the server's back before the check of this cycle "
                         "(the test of the test: it must then fail)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    a = ap.parse_args()
    seed = a.seed if a.seed is not None else random.randrange(10**9)
    rng = random.Random(seed)
    binary = os.path.abspath(a.binary)
    workdir = tempfile.mkdtemp(prefix="styrkort-durability.")
    log(f"backend {a.backend}, {a.cycles} cycles, {a.clients} clients, seed {seed}, work folder {workdir}")
    env = dict(os.environ, STYRKORT_ADMIN_PASSWORD=ADMIN_PASSWORD)
    stop_pg = None
    ok = False
    try:
        if a.backend == "sqlite":
            db = SqliteDb(os.path.join(workdir, "styrkort.db"))
        else:
            base = a.postgres_url
            if not base:
                base, stop_pg = start_postgres()
            url, _ = fresh_postgres_database(base)
            db = PostgresDb(url)
        fx = prepare(binary, db, env, workdir)
        fx["clients"] = a.clients
        counter = {"lock": threading.Lock(), "n": 0, "refused": 0}
        ledgers = [Ledger() for _ in range(a.clients)]
        clients = [Client(i, fx, counter, ledgers[i], rng.randrange(10**9)) for i in range(a.clients)]
        server = Server(binary, db.args, env, os.path.join(workdir, "server.log"))
        checker = Checker(db)
        started = time.time()
        server.start()
        for cycle in range(1, a.cycles + 1):
            for c in clients:
                c.run_cycle(server.port, cycle)
            time.sleep(rng.uniform(0.02, a.max_run))
            server.kill()
            for c in clients:
                c.stop_flag.set()
            for c in clients:
                c.thread.join(timeout=60)
            db.settle()
            # Started again before the check: the server's own recovery (WAL replay) runs
            # first, and the next cycle's clients write to this same process.
            server.start()
            if cycle == a.sabotage_at:
                sabotage(db, ledgers)
            totals = checker.check(ledgers, cycle, full=cycle % a.full_every == 0 or cycle == a.cycles)
            if cycle % 50 == 0 or cycle == a.cycles:
                acked = sum(l.acked for l in ledgers)
                log(f"cycle {cycle}: ok; {acked} writes acknowledged so far, present now: "
                    f"{totals[0]} outcomes, {totals[1]} activity reports, {totals[2]} frame change lines; "
                    f"{counter['refused']} refused; {time.time() - started:.0f} s")
        server.stop()
        acked = sum(l.acked for l in ledgers)
        if acked < a.cycles:
            raise Failure(f"only {acked} writes acknowledged in {a.cycles} cycles: the test proves little")
        if counter["refused"] > acked // 10:
            raise Failure(f"{counter['refused']} writes refused against {acked} acknowledged")
        log(f"PASS: {a.backend}, {a.cycles} kill -9 cycles, {acked} acknowledged writes, 0 lost, seed {seed}")
        ok = True
    except Failure as e:
        log(f"FAIL: {e} (seed {seed}, work folder {workdir})")
    finally:
        if stop_pg:
            stop_pg()
        if (ok or a.sabotage_at) and not a.keep:  # a sabotaged run is meant to fail
            shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
