#!/usr/bin/python3
"""Reminders end to end (docs/reporting-round.md "Påminnelser"), on one backend.

Two `styrkort serve` processes share one database (a SQLite file, or a schema on the
PostgreSQL server scripts/with-postgres.sh started) and send through a real SMTP server
started here (aiosmtpd, Debian's python3-aiosmtpd) that refuses the first message once.
The test moves the clock the servers read (STYRKORT_CLOCK_FILE) and counts what arrives:

  29 days before the deadline  nothing
  14 days before               exactly those with missing parts (one retried after a 451)
  3 days before                not the one who submitted in between
  the day after                the one still missing
  a return                     its author, even one who unsubscribed from reminders

Every message arrives once (two servers, one outbox), unsubscribing by the mail's link
works, the in-app notifications list what reminders said or would have said, bad input
is refused with the field named and changes nothing, and a third server sends over
STARTTLS with AUTH to a server with its own certificate, never logging the password.
"""
import argparse
import base64
import email
import email.policy
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

PASSWORD = "Påminnelse-prov-2026!"
SMTP_PASSWORD = "hemligt-smtp-lösen-4711"


def log(*parts):
    print(time.strftime("%H:%M:%S"), *parts, flush=True)


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)
    log("ok:", what)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Mailbox:
    """The SMTP server's handler: keeps every accepted message; refuses the first
    `refuse` messages with a temporary error (451), as a busy server does."""

    def __init__(self, refuse=0):
        self.refuse = refuse
        self.refused = 0
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refused < self.refuse:
                self.refused += 1
                return "451 4.3.0 Try again later"
            msg = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
            self.messages.append({"to": list(envelope.rcpt_tos), "msg": msg, "subject": str(msg["subject"]),
                                  "body": msg.get_content(), "id": str(msg["message-id"])})
        return "250 2.0.0 OK"

    def snapshot(self):
        with self.lock:
            return list(self.messages)


class Server:
    def __init__(self, binary, db_args, env, name):
        self.name = name
        self.log = tempfile.NamedTemporaryFile(prefix=f"styrkort-{name}.", suffix=".log", delete=False)
        self.proc = subprocess.Popen([binary, "serve", "--empty", "--port", "0", "--quiet"] + db_args, env=env,
                                     stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.time() + 60
        while time.time() < deadline:
            text = open(self.log.name, encoding="utf-8", errors="replace").read()
            m = re.search(r"listening on http://[\d.]+:(\d+)/", text)
            if m:
                self.port = int(m.group(1))
                return
            if self.proc.poll() is not None:
                raise Failure(f"{name} exited: {text}")
            time.sleep(0.1)
        raise Failure(f"{name} did not start")

    def output(self):
        return open(self.log.name, encoding="utf-8", errors="replace").read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def call(port, method, path, body=None, token=None, lang="sv"):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    req.add_header("Accept-Language", lang)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            text = r.read().decode()
            return r.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as e:
        text = e.read().decode()
        return e.code, (json.loads(text) if text else None)


class Cli:
    def __init__(self, binary, db_args, env):
        self.binary, self.db_args, self.env = binary, db_args, env

    def run(self, *args, stdin=None, ok=True):
        out = subprocess.run([self.binary, *args, *self.db_args], input=stdin, capture_output=True, text=True,
                             env=self.env)
        if ok and out.returncode != 0:
            raise Failure(f"styrkort {' '.join(args)}: exit {out.returncode}: {out.stderr}")
        return out

    def create(self, collection, body, org=None):
        args = ["create", collection, "--json", json.dumps(body)]
        if org:
            args += ["--org", org]
        return json.loads(self.run(*args).stdout)

    def user(self, name, role, unit=None, mail=None):
        self.run("user", "add", name, "--name", name.capitalize() + " Testsson", "--org", "rem", "--password-stdin",
                 stdin=PASSWORD + "\n")
        grant = ["user", "role", name, "grant", role, "--org", "rem"]
        if unit:
            grant += ["--unit", unit]
        self.run(*grant)
        if mail:
            self.run("user", "email", name, mail)
        return self.run("user", "token", name, "--scope", "write").stdout.strip()


def wait_for(what, predicate, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise Failure("waited in vain: " + what)


def by_recipient(messages):
    out = {}
    for m in messages:
        for to in m["to"]:
            out[to] = out.get(to, 0) + 1
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--backend", choices=["sqlite", "postgres"], required=True)
    a = ap.parse_args()

    work = tempfile.mkdtemp(prefix="styrkort-reminders.")
    cleanup = []
    try:
        if a.backend == "sqlite":
            db_args = ["--db", os.path.join(work, "styrkort.db")]
        else:
            url = os.environ.get("STYRKORT_TEST_POSTGRES_URL")
            if not url:
                raise Failure("STYRKORT_TEST_POSTGRES_URL is not set: run under scripts/with-postgres.sh")
            schema = f"reminders_{os.getpid()}"
            subprocess.run(["psql", url, "-X", "-q", "-c", f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"],
                           check=True, capture_output=True)
            cleanup.append(lambda: subprocess.run(["psql", url, "-X", "-q", "-c", f"DROP SCHEMA {schema} CASCADE"],
                                                  capture_output=True))
            db_args = ["--postgres", url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"]

        box = Mailbox(refuse=1)
        smtp_port = free_port()
        smtp = Controller(box, hostname="127.0.0.1", port=smtp_port)
        smtp.start()
        cleanup.append(smtp.stop)

        clock = os.path.join(work, "clock")

        def set_clock(day):
            with open(clock + ".tmp", "w") as f:
                f.write(day + "\n")
            os.replace(clock + ".tmp", clock)
            log("clock:", day)

        set_clock("2026-04-01")
        env = dict(os.environ, STYRKORT_ADMIN_PASSWORD=PASSWORD, STYRKORT_SMTP_HOST="127.0.0.1",
                   STYRKORT_SMTP_PORT=str(smtp_port), STYRKORT_SMTP_TLS="none",
                   STYRKORT_SMTP_FROM="styrkort@test.example", STYRKORT_BASE_URL="http://styrkort.test",
                   STYRKORT_REMINDER_INTERVAL="1", STYRKORT_SMTP_RETRY_SECONDS="1", STYRKORT_CLOCK_FILE=clock,
                   LANG="C.UTF-8")
        cli = Cli(a.binary, db_args, env)

        # --- the organisation, its units and people -------------------------------------
        first = Server(a.binary, db_args, env, "a")
        cleanup.append(first.stop)
        cli.create("organisations", {"key": "rem", "name": "Påminnelseregionen", "kind": "region"})
        rs = cli.create("units", {"key": "rs", "name": "Regionstyrelsen", "kind": "board"}, "rem")["id"]
        units = {}
        for key, name in [("u1", "Enhet Ett"), ("u2", "Enhet Två"), ("u3", "Enhet Tre"), ("u4", "Enhet Fyra")]:
            units[key] = cli.create("units", {"key": key, "name": name, "kind": "unit", "parent_id": rs}, "rem")["id"]
        # A plan in force in 2026 with an activity for each unit: what the units owe.
        plan = cli.create("plans", {"key": "plan-2026", "title": "Plan 2025–2027", "owner_unit_id": rs, "first_year": 2025,
                                    "last_year": 2027, "status": "draft"}, "rem")["id"]
        activities = {}
        for key, unit in units.items():
            activities[key] = cli.create("activities", {"plan_id": plan, "key": "akt-" + key, "name": "Aktivitet " + key,
                                                        "level": "unit", "owner_unit_id": unit}, "rem")["id"]
        tokens = {
            "anna": cli.user("anna", "reporter", "u1", "anna@test.example"),
            "bo": cli.user("bo", "reporter", "u2", "bo@test.example"),
            "cia": cli.user("cia", "reporter", "u3", "cia@test.example"),
            "eva": cli.user("eva", "reporter", "u4"),  # no address: notified in the app only
            "pia": cli.user("pia", "planner", "rs"),   # approves the units' reports
            "ctrl": cli.user("ctrl", "controller"),     # sets the rules
            "boss": cli.user("boss", "administrator"),  # reads the log
        }
        cli.run("user", "reminders", "cia", "off")
        period = cli.create("reporting-periods", {"year": 2026, "point": "da04", "status": "open",
                                                  "deadline": "2026-04-30"}, "rem")["id"]
        second = Server(a.binary, db_args, env, "b")
        cleanup.append(second.stop)
        A, B = first.port, second.port
        org = "/api/v1/organisations/rem"

        # bo reads English; his settings by the API.
        st, me = call(B, "POST", "/api/v1/auth/me/settings", {"language": "en"}, tokens["bo"])
        check(st == 200 and me["language"] == "en" and me["email"] == "bo@test.example", "bo sets English (200)")

        # --- bad input: refused with the field named, nothing changed ---------------------
        for body, field in [({"period_id": period, "kind": "before_deadline", "days": -1}, "days"),
                            ({"period_id": 987654, "kind": "before_deadline", "days": 14}, "period_id"),
                            ({"period_id": period, "kind": "after_deadline"}, "days"),
                            ({"period_id": period, "kind": "sometimes", "days": 1}, "kind")]:
            st, err = call(A, "POST", org + "/reminder-rules", body, tokens["ctrl"])
            check(st in (400, 422) and err["error"]["path"] == field, f"rule {body} refused naming {field} ({st})")
        st, page = call(A, "GET", org + "/reminder-rules", None, tokens["ctrl"])
        check(page["items"] == [], "no rule stored after the refusals")
        st, err = call(A, "POST", "/api/v1/auth/me/settings", {"email": "anna@", "language": "en"}, tokens["anna"])
        check(st == 422 and err["error"]["path"] == "email" and "e-postadress" in err["error"]["message"],
              "an invalid address of one's own refused naming email, in Swedish")
        st, me = call(A, "GET", "/api/v1/auth/me/settings", None, tokens["anna"])
        check(me["email"] == "anna@test.example" and me["language"] == "sv", "…and nothing changed (not even language)")
        st, users = call(A, "GET", org + "/reminders/log", None, tokens["anna"])
        check(st == 403, "the mail log is for administrators (403 for a reporter)")
        anna_id = me["user_id"]
        st, err = call(A, "POST", f"{org}/users/{anna_id}/email", {"email": "anna at test"}, tokens["boss"])
        check(st == 422 and err["error"]["path"] == "email", "an administrator's invalid address refused naming email")
        out = cli.run("user", "email", "anna", "not-an-address", ok=False)
        check(out.returncode == 2 and "email" in out.stderr, "the CLI refuses an invalid address (exit 2)")
        st, me = call(A, "GET", "/api/v1/auth/me/settings", None, tokens["anna"])
        check(me["email"] == "anna@test.example", "anna's address unchanged")
        st, _ = call(A, "POST", f"{org}/users/{anna_id}/email", {"email": "anna@test.example"}, tokens["pia"])
        check(st == 403, "a planner may not set another user's address")

        # --- the rules: 14 and 3 days before, the day after, on return -------------------
        for kind, days in [("before_deadline", 14), ("before_deadline", 3), ("after_deadline", 1), ("on_return", None)]:
            body = {"period_id": period, "kind": kind}
            if days is not None:
                body["days"] = days
            st, rule = call(A, "POST", org + "/reminder-rules", body, tokens["ctrl"])
            check(st == 201, f"rule {kind} {days} created")
        st, _ = call(A, "POST", org + "/reminder-rules", {"period_id": period, "kind": "on_return"}, tokens["anna"])
        check(st == 403, "a reporter may not set rules")

        def quiet(seconds, count, what):
            time.sleep(seconds)
            n = len(box.snapshot())
            check(n == count, f"{what}: {n} messages received, {count} expected")

        # 29 days before: nothing, however many rounds both servers run.
        quiet(4, 0, "29 days before the deadline")

        # 14 days before: anna and bo (missing their reports); cia unsubscribed, eva without
        # an address. The SMTP server refuses the first message once: it is sent again.
        set_clock("2026-04-16")
        wait_for("two messages at 14 days", lambda: len(box.snapshot()) >= 2)
        quiet(4, 2, "14 days before the deadline")
        got = by_recipient(box.snapshot())
        check(got == {"anna@test.example": 1, "bo@test.example": 1}, f"to exactly those with missing parts: {got}")
        check(box.refused == 1, "the SMTP server refused once (451) …")
        st, logbook = call(B, "GET", org + "/reminders/log", None, tokens["boss"])
        sent = [m for m in logbook["items"] if m["state"] == "sent"]
        check(any(m["attempts"] == 2 for m in sent) and all(m["message_id"] and m["sent_at"] for m in sent),
              "… and the log shows the retry (attempts 2), message ids and times")
        skipped = sorted((m["result"], m["recipient"]) for m in logbook["items"] if m["state"] == "skipped")
        check(skipped == [("no e-mail address", None), ("unsubscribed", "cia@test.example")],
              f"cia (unsubscribed) and eva (no address) not mailed: {skipped}")
        msgs = {m["to"][0]: m for m in box.snapshot()}
        anna_mail, bo_mail = msgs["anna@test.example"], msgs["bo@test.example"]
        check(anna_mail["subject"] == "Påminnelse: uppföljning för Enhet Ett 2026 DÅ 04 senast 2026-04-30",
              "Swedish by default: " + anna_mail["subject"])
        check(bo_mail["subject"].startswith("Reminder: follow-up of Enhet Två"), "English for bo: " + bo_mail["subject"])
        check(f"http://styrkort.test/plans/{plan}/reports?unit={units['u1']}&year=2026&point=da04" in anna_mail["body"]
              and "status för aktiviteter" in anna_mail["body"] and "/unsubscribe?token=" in anna_mail["body"],
              "a link to the missing part and an unsubscribe link")
        check(anna_mail["msg"]["list-unsubscribe"] is not None, "List-Unsubscribe header")

        # bo reports his activity and submits his report between the reminders.
        st, _ = call(A, "POST", org + "/activity-reports", {"activity_id": activities["u2"], "year": 2026, "point": "da04",
                                                           "status": "in_progress"}, tokens["bo"])
        check(st == 201, "bo reports his activity's status")
        st, rep = call(A, "POST", org + "/followup-reports", {"unit_id": units["u2"], "year": 2026, "point": "da04"},
                       tokens["bo"])
        check(st == 201, "bo starts his report")
        bo_report = rep["id"]
        st, _ = call(B, "POST", f"{org}/followup-reports/{bo_report}/submit", {}, tokens["bo"])
        check(st == 200, "bo submits it")

        set_clock("2026-04-27")
        wait_for("the 3-day reminder", lambda: len(box.snapshot()) >= 3)
        quiet(4, 3, "3 days before the deadline")
        check(by_recipient(box.snapshot()) == {"anna@test.example": 2, "bo@test.example": 1},
              "bo, who submitted in between, gets none at 3 days")

        set_clock("2026-05-01")
        wait_for("the day-after reminder", lambda: len(box.snapshot()) >= 4)
        quiet(4, 4, "the day after the deadline")
        last = box.snapshot()[-1]
        check(last["to"] == ["anna@test.example"] and last["subject"].startswith("Försenad:"), "the day after: anna, overdue")

        # Returns: to the author, also when unsubscribed from reminders (cia).
        st, _ = call(A, "POST", f"{org}/followup-reports/{bo_report}/return", {"comment": "Komplettera utfallen"},
                     tokens["pia"])
        check(st == 200, "pia returns bo's report")
        st, rep = call(A, "POST", org + "/followup-reports", {"unit_id": units["u3"], "year": 2026, "point": "da04"},
                       tokens["cia"])
        call(A, "POST", f"{org}/followup-reports/{rep['id']}/submit", {}, tokens["cia"])
        st, _ = call(B, "POST", f"{org}/followup-reports/{rep['id']}/return", {"comment": "Saknar analys"}, tokens["pia"])
        check(st == 200, "pia returns cia's report")
        # bo's returned report is missing again after the deadline: with the return notice
        # comes the overdue reminder of the day-after rule; cia's is skipped (unsubscribed).
        wait_for("the two return notices", lambda: len(box.snapshot()) >= 7)
        quiet(4, 7, "after two returns")
        got = by_recipient(box.snapshot())
        check(got == {"anna@test.example": 3, "bo@test.example": 3, "cia@test.example": 1}, f"returns mail their authors: {got}")
        bo_subjects = sorted(m["subject"].split(":")[0] for m in box.snapshot() if m["to"] == ["bo@test.example"])
        check(bo_subjects == ["Overdue", "Reminder", "Your follow-up report for Enhet Två was returned (2026 interim report April (DÅ 04))"],
              f"bo: the reminder, the return and, returned after the deadline, overdue: {bo_subjects}")
        cia_mail = [m for m in box.snapshot() if m["to"] == ["cia@test.example"]][0]
        check("Saknar analys" in cia_mail["body"] and "unsubscribe" not in cia_mail["body"],
              "the return carries the comment and no unsubscribe link")
        ids = [m["id"] for m in box.snapshot()]
        check(len(set(ids)) == len(ids) == 7, "every message once: 7 distinct Message-IDs from two servers")

        # In-app notifications: what reminders said, or would have said.
        st, notes = call(A, "GET", org + "/me/notifications", None, tokens["eva"])
        check(st == 200 and len(notes["items"]) == 3 and all(n["state"] == "skipped" for n in notes["items"]),
              "eva (no address) sees her three reminders in the app")
        st, notes = call(A, "GET", org + "/me/notifications", None, tokens["anna"])
        check(len(notes["items"]) == 3 and notes["items"][0]["kind"] == "after_deadline", "anna's, newest first")

        # Unsubscribing by the link in the mail.
        token = re.search(r"/unsubscribe\?token=([A-Za-z0-9_-]+)", anna_mail["body"]).group(1)
        st, _ = call(A, "POST", "/api/v1/reminders/unsubscribe", {"token": "fel" + token})
        check(st == 404, "a wrong unsubscribe token: 404")
        st, res = call(B, "POST", "/api/v1/reminders/unsubscribe", {"token": token})
        check(st == 200 and res["username"] == "anna", f"anna unsubscribes by her link (answer {st}: {res})")
        st, me = call(A, "GET", "/api/v1/auth/me/settings", None, tokens["anna"])
        check(me["reminders"] is False, "her setting says so")

        first.stop()
        second.stop()
        sent_lines = [s.output().count('"reminder":"sent"') for s in (first, second)]
        check(sum(sent_lines) == 7, f"the two servers logged 7 sends between them: {sent_lines}")

        # --- STARTTLS with AUTH: a server of its own certificate -------------------------
        cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"],
                       check=True, capture_output=True)
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(cert, key)
        logins = []

        def authenticate(server, session, envelope, mechanism, auth_data):
            logins.append(auth_data.login)
            ok = auth_data.login == b"styrkort" and auth_data.password == SMTP_PASSWORD.encode()
            return AuthResult(success=ok)

        tls_box = Mailbox()
        tls_port = free_port()
        tls_smtp = Controller(tls_box, hostname="localhost", port=tls_port, tls_context=ctx, require_starttls=True,
                              authenticator=authenticate, auth_require_tls=True)
        tls_smtp.start()
        cleanup.append(tls_smtp.stop)
        tls_env = dict(env, STYRKORT_SMTP_HOST="localhost", STYRKORT_SMTP_PORT=str(tls_port), STYRKORT_SMTP_TLS="starttls",
                       STYRKORT_SMTP_USER="styrkort", STYRKORT_SMTP_PASSWORD=SMTP_PASSWORD, STYRKORT_SMTP_CA_FILE=cert)
        third = Server(a.binary, db_args, tls_env, "c")
        cleanup.append(third.stop)
        st, rep = call(third.port, "POST", org + "/followup-reports",
                       {"unit_id": units["u1"], "year": 2026, "point": "da04"}, tokens["anna"])
        call(third.port, "POST", f"{org}/followup-reports/{rep['id']}/submit", {}, tokens["anna"])
        st, _ = call(third.port, "POST", f"{org}/followup-reports/{rep['id']}/return", {"comment": "Mer text"}, tokens["pia"])
        check(st == 200, "pia returns anna's report (anna unsubscribed: returns still come)")
        wait_for("the return over STARTTLS", lambda: len(tls_box.snapshot()) >= 1)
        check(tls_box.snapshot()[0]["to"] == ["anna@test.example"] and logins == [b"styrkort"],
              "sent over STARTTLS after AUTH as styrkort")
        third.stop()
        out = third.output()
        check("listening" in out and SMTP_PASSWORD not in out and "reminder mail via localhost" in out,
              "the server names its SMTP settings and never the password")
        log("PASS")
        return 0
    except Failure as e:
        log("FAIL:", e)
        return 1
    finally:
        for c in reversed(cleanup):
            try:
                c()
            except Exception as e:  # cleaning up must not hide the result
                log("cleanup:", e)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
