"""
Telephony (issue #9) without SIP software: the two hook routes the SIP
server calls (the routing decision and the call events) with their shared
secret and their validation, the draft contacts and call-back tasks that
calls leave, the screen-pop stream (Server-Sent Events), and the telephony
configuration and phone extensions.

One private demo install whose telephony clock is injected
(HAVEN_TELEPHONY_CLOCK_FILE): every call here happens in March 2031 or
later, past the demo rota (it ends 7 days from today), so the only on-call
shifts are the ones a test adds, and the contacts calls leave fall on days
nobody else writes to.  Every test that changes the configuration, the
extensions, the rota or the calendar puts it back.
"""
import base64
import json
import os
import queue
import random
import re
import secrets
import socket
import stat
import threading
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

from conftest import ACCESS_RE, DEMO_PASSWORD, assert_error, clean_env
from security_util import Client

WARSAW = ZoneInfo("Europe/Warsaw")
ISO_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")

ROUTE = "/api/v1/telephony/route"
EVENTS = "/api/v1/telephony/events"
STREAM = "/api/v1/telephony/stream"
CONFIG = "/api/v1/telephony/config"
EXTENSIONS = "/api/v1/telephony/extensions"

# The demo's telephony (the contract of issue #9).
OFFICE_LINE = "+48220000100"
MOBILE_LINE = "+48600000100"
ONCALL = "+48600000100"
FALLBACK = "+48600000200"
DEMO_CONFIG = {
    "lines": [{"number": OFFICE_LINE, "channel": "office_line"},
              {"number": MOBILE_LINE, "channel": "oncall_mobile"}],
    "oncall_number": ONCALL, "fallback": FALLBACK}
DEMO_EXTENSIONS = {"demo.consultant": "101", "demo.coordinator": "102"}

# Demo persons (src/app/demo_cases.c) and their numbers.
OLENA = "+48555010003"          # a safe-contact protocol with a code word
ION = "+48555010015"            # a sealed case

# The hook routes' error code for a missing or wrong secret.
UNAUTHORIZED = "unauthenticated"

# Days of 2031 (Warsaw), default office hours 9:00-17:00 on weekdays.
WED = date(2031, 3, 12)         # a Wednesday, the calls' usual day
THU = date(2031, 3, 13)         # the closure day of the routing test
HOLIDAY = date(2031, 11, 11)    # Independence Day, a Tuesday

CONTACT_KEYS = {
    "id", "started_at", "duration_seconds", "channel", "direction",
    "country", "language", "interpreter", "inquirer", "topics", "urgency",
    "urgency_reason", "outcome", "summary", "caller_number", "consultant",
    "out_of_hours", "handover_note", "followup", "version", "created_at",
    "updated_at", "person", "case", "organisation", "draft", "line"}
CALL_KEYS = {"call_id", "state", "contact_id", "task_id"}
POP_CASE_FULL = {"id", "reference", "status", "sealed", "urgent", "forms",
                 "key_consultant"}
POP_CASE_RESTRICTED = {"id", "reference", "sealed", "restricted"}

DROP = object()         # a field left out of a body
NEW_PASSWORD = "a long and private passphrase for the telephony suite 9"

_numbers = iter(random.sample(range(10 ** 7), 400))


def at(day, hh, mm=0):
    """A moment on day at hh:mm in Warsaw."""
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=WARSAW)


def iso(dt):
    return dt.astimezone(WARSAW).isoformat(timespec="seconds")


def parse(s):
    assert isinstance(s, str) and ISO_RE.fullmatch(s), s
    return datetime.fromisoformat(s)


def near(when, dt, slack=10):
    """when (an API time) is dt give or take slack seconds."""
    return abs((parse(when) - dt).total_seconds()) <= slack


def new_call_id(tag="call"):
    """A SIP Call-ID as Kamailio forwards them."""
    return "%s-%s@10.0.0.1" % (tag, secrets.token_hex(8))


def ref(c):
    return {"id": c.user["id"], "username": c.user["username"]}


def send(c, method, path, body=None):
    """A request of a logged-in client with its CSRF token."""
    return c.s.request(method, c.url(path), json=body,
                       headers=c._headers(None), timeout=30)


# ---------------------------------------------------------------------------
# The private server, its clock, its secret and its hooks.

class Clock:
    """The telephony clock file: the real clock plus an offset."""

    def __init__(self, path):
        self.path = path
        self.n = 0

    def write(self, text):
        tmp = self.path + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        # A new file each time, with its own modification time even when
        # two writes fall in one second.
        self.n += 1
        t = (int(time.time()) + self.n) * 10 ** 9
        os.utime(tmp, ns=(t, t))
        os.replace(tmp, self.path)

    def set(self, dt, newline=False):
        """From now on the telephony clock reads dt (and runs on)."""
        off = int(dt.timestamp()) - int(time.time())
        self.write("%d%s" % (off, "\n" if newline else ""))

    def reset(self):
        self.write("")


class Tel:
    def __init__(self, srv, secret, clock):
        self.srv = srv
        self.secret = secret
        self.clock = clock
        self.numbers = set()            # every caller number sent
        self.streams = []
        self._clients = {}

    def user(self, name):
        """A logged-in Client of a demo account (one login each)."""
        if name not in self._clients:
            c = Client(self.srv)
            r = c.login(name, DEMO_PASSWORD)
            assert r.status_code == 200, r.text
            assert c.stage == "done", c.stage
            self._clients[name] = c
        return self._clients[name]

    def newcomer(self):
        """A consultant made for this file (by demo.admin; demo mode asks
        for no second factor), logged in with the password changed."""
        if "newcomer" not in self._clients:
            admin = self.user("demo.admin")
            name = "tel.newcomer.%s" % secrets.token_hex(3)
            r = admin.post("/api/v1/users",
                           json={"username": name, "role": "consultant"})
            assert r.status_code == 201, r.text
            pw = r.json()["password"]
            c = Client(self.srv)
            r = c.login(name, pw)
            assert r.status_code == 200, r.text
            if c.stage == "password_change":
                r = c.post("/api/v1/auth/password",
                           json={"current_password": pw,
                                 "new_password": NEW_PASSWORD})
                assert r.status_code == 200, r.text
                c.stage = r.json()["stage"]
            assert c.stage == "done", c.stage
            self._clients["newcomer"] = c
        return self._clients["newcomer"]

    def number(self):
        """A Polish mobile number nobody called from (demo: +48 555 ...)."""
        n = "+4858%07d" % next(_numbers)
        self.numbers.add(n)
        return n

    def hook(self, path, body=None, data=None, auth=True, headers=None):
        """POST to a hook route as the SIP server does."""
        h = {}
        if auth is True:
            h["Authorization"] = "Bearer " + self.secret
        elif auth:
            h["Authorization"] = auth
        if data is None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        return requests.post(self.srv.url(path), data=data, headers=h,
                             timeout=30)

    def route(self, line=OFFICE_LINE, caller=None, call_id=None, **extra):
        body = {"call_id": call_id or new_call_id("route"), "line": line,
                "caller": caller or self.number()}
        body.update(extra)
        r = self.hook(ROUTE, body)
        assert r.status_code == 200, r.text
        return r.json()

    def event(self, call_id, event, caller, line=OFFICE_LINE,
              target="group", status=200, **extra):
        body = {"call_id": call_id, "event": event, "line": line,
                "caller": caller, "target": target}
        body.update(extra)
        r = self.hook(EVENTS, body)
        if status != 200:
            return r
        assert r.status_code == 200, (event, r.text)
        assert set(r.json()) == {"call"}, r.json()
        call = r.json()["call"]
        assert set(call) == CALL_KEYS, call
        assert call["call_id"] == call_id
        return call

    def call_rows(self, call_id):
        return self.srv.install.query(
            "SELECT state FROM call_log WHERE call_id = '%s'"
            % call_id.replace("'", "''"))

    def audit(self, **params):
        """Audit entries through the auditor's API, newest first."""
        aud = self.user("demo.auditor")
        params.setdefault("limit", 200)
        r = aud.get("/api/v1/audit", params=params)
        assert r.status_code == 200, r.text
        return r.json()["entries"]


@pytest.fixture(scope="module")
def tel(install_factory):
    inst = install_factory("tel")
    inst.init("--demo")
    path = os.path.join(inst.data_dir, "telephony.secret")
    mode = stat.S_IMODE(os.stat(path).st_mode)
    assert mode == 0o600, oct(mode)
    with open(path) as f:
        text = f.read()
    secret = text.strip()
    assert re.fullmatch(r"[0-9a-f]{64}\n?", text), text
    clock = Clock(os.path.join(inst.dir, "telephony-clock"))
    clock.set(at(WED, 10))
    srv = inst.serve(env=clean_env(HAVEN_TELEPHONY_CLOCK_FILE=clock.path))
    t = Tel(srv, secret, clock)
    yield t
    for s in list(t.streams):
        s.close()
    # A call screen still listening does not hold the server up, and its
    # stream ends when the server stops.
    last = Stream(t, t.user("demo.consultant"))
    assert last.hello() == {"user": "demo.consultant"}
    srv.assert_clean_exit()
    while last.next(timeout=10) is not None:
        pass
    last.close()
    log = srv.log
    assert secret not in log
    for n in t.numbers:
        assert n not in log and n[3:] not in log, "%s is in the log" % n


@pytest.fixture
def office_hours(tel):
    tel.clock.set(at(WED, 10))


# ---------------------------------------------------------------------------
# Rota, calendar, configuration and extensions, put back after each use.

def add_shift(tel, who, start, end):
    coord = tel.user("demo.coordinator")
    r = coord.post("/api/v1/oncall", json={"user_id": who.user["id"],
                                           "starts_at": iso(start),
                                           "ends_at": iso(end)})
    assert r.status_code == 201, r.text
    return r.json()["shift"]["id"]


def drop_shift(tel, sid):
    r = tel.user("demo.coordinator").delete("/api/v1/oncall/%d" % sid)
    assert r.status_code == 200, r.text


class shift:
    """with shift(tel, who, start, end): an on-call shift for the block."""

    def __init__(self, tel, who, start, end):
        self.tel, self.args = tel, (who, start, end)

    def __enter__(self):
        self.id = add_shift(self.tel, *self.args)
        return self.id

    def __exit__(self, *exc):
        drop_shift(self.tel, self.id)


def night_shift(tel, who, day=WED):
    """17:00 on day to 9:00 the next day."""
    return shift(tel, who, at(day, 17), at(day + timedelta(days=1), 9))


def get_config(c):
    r = c.get(CONFIG)
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"config"}, r.json()
    cfg = r.json()["config"]
    assert set(cfg) == {"lines", "oncall_number", "fallback", "version"}, cfg
    assert isinstance(cfg["version"], int)
    return cfg


def put_config(c, **over):
    """PUT the current configuration with over applied; the response."""
    cfg = get_config(c)
    body = {k: cfg[k] for k in ("lines", "oncall_number", "fallback",
                                "version")}
    body.update(over)
    return send(c, "PUT", CONFIG, body)


class config:
    """with config(tel, fallback=...): the configuration changed for the
    block and put back as it was."""

    def __init__(self, tel, **over):
        self.tel, self.over = tel, over

    def __enter__(self):
        coord = self.tel.user("demo.coordinator")
        self.before = get_config(coord)
        r = put_config(coord, **self.over)
        assert r.status_code == 200, r.text
        return r.json()["config"]

    def __exit__(self, *exc):
        coord = self.tel.user("demo.coordinator")
        r = put_config(coord, **{k: self.before[k] for k in
                                 ("lines", "oncall_number", "fallback")})
        assert r.status_code == 200, r.text


def extensions(c):
    r = c.get(EXTENSIONS)
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"extensions"}, r.json()
    out = {}
    for e in r.json()["extensions"]:
        # The server adds the user's role (for the call screens' list).
        assert set(e) - {"role"} == {"user", "extension"}, e
        assert set(e["user"]) == {"id", "username"}, e
        assert e.get("role", "consultant") in ("consultant",
                                               "coordinator"), e
        out[e["user"]["username"]] = e["extension"]
    return out


def put_extension(c, uid, ext):
    return send(c, "PUT", "%s/%d" % (EXTENSIONS, uid), {"extension": ext})


def restore_extensions(tel):
    coord = tel.user("demo.coordinator")
    now = extensions(coord)
    for name, ext in DEMO_EXTENSIONS.items():
        if now.get(name) != ext:
            r = put_extension(coord, tel.user(name).user["id"], ext)
            assert r.status_code == 200, r.text
    assert extensions(coord) == DEMO_EXTENSIONS


# ---------------------------------------------------------------------------
# Contacts, tasks and statistics as the staff read them.

def get_contact(c, cid):
    r = c.get("/api/v1/contacts/%d" % cid)
    assert r.status_code == 200, r.text
    ct = r.json()["contact"]
    assert set(ct) == CONTACT_KEYS, sorted(ct)
    return ct


def check_draft(ct, who, number, line=OFFICE_LINE, channel="office_line",
                out_of_hours=False, outcome="advice"):
    """A draft contact as a call leaves it."""
    assert ct["draft"] is True, ct
    assert ct["line"] == line, ct
    assert ct["channel"] == channel, ct
    assert ct["direction"] == "incoming", ct
    assert ct["caller_number"] == number, ct
    assert ct["consultant"] == ref(who), ct
    assert ct["out_of_hours"] is out_of_hours, ct
    assert ct["inquirer"] == "anonymous", ct
    assert ct["topics"] == [], ct
    assert ct["urgency"] == "routine", ct
    assert ct["outcome"] == outcome, ct


def drafts(c, **params):
    r = c.get("/api/v1/contacts", params={"draft": "true", "limit": 100,
                                          **params})
    assert r.status_code == 200, r.text
    rows = r.json()["contacts"]
    for row in rows:
        assert row["draft"] is True, row
    return [row["id"] for row in rows]


def my_tasks(c):
    r = c.get("/api/v1/tasks", params={"mine": "true"})
    assert r.status_code == 200, r.text
    return {t["id"]: t for t in r.json()["tasks"]}


def contacts_total(c, day):
    r = c.get("/api/v1/statistics", params={"from": day.isoformat(),
                                            "to": day.isoformat()})
    assert r.status_code == 200, r.text
    t = {t["id"]: t for t in r.json()["tables"]}["contacts_channel"]
    return t["total"]


def person_of(c, number):
    """The demo person whose number this is: (id, pseudonym, protocol)."""
    r = c.post("/api/v1/contacts/lookup", json={"number": number})
    assert r.status_code == 200, r.text
    p = r.json()["person"]
    assert p is not None, r.json()
    r = c.get("/api/v1/persons/%d/safe-contact" % p["id"])
    assert r.status_code == 200, r.text
    return p["id"], p["pseudonym"], r.json()["safe_contact"]


# ---------------------------------------------------------------------------
# The screen-pop stream: a raw socket, so that closing it from the test
# (shutdown) ends the reader at once.

class Stream:
    def __init__(self, tel, client=None, headers=None):
        self.tel = tel
        self.events = queue.Queue()
        self.comments = 0
        self.thread = None
        srv = tel.srv
        self.sock = socket.create_connection(("127.0.0.1", srv.port),
                                             timeout=60)
        lines = ["GET %s HTTP/1.1" % STREAM, "Host: 127.0.0.1:%d" % srv.port,
                 "Accept: text/event-stream"]
        if client is not None:
            lines.append("Cookie: " + "; ".join(
                "%s=%s" % (k.name, k.value) for k in client.s.cookies))
        for k, v in (headers or {}).items():
            lines.append("%s: %s" % (k, v))
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.f = self.sock.makefile("rb")
        status = self.f.readline().decode("latin-1")
        self.status = int(status.split()[1])
        self.headers = {}
        while True:
            line = self.f.readline().decode("latin-1").rstrip("\r\n")
            if not line:
                break
            k, _, v = line.partition(":")
            self.headers[k.strip().lower()] = v.strip()
        self.chunked = "chunked" in self.headers.get("transfer-encoding", "")
        if self.status != 200:
            n = int(self.headers.get("content-length", "0"))
            self.body = self.f.read(n)
            self.close()
            return
        tel.streams.append(self)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def json(self):
        return json.loads(self.body)

    def _bytes(self):
        while True:
            if self.chunked:
                size = self.f.readline()
                if not size:
                    return
                n = int(size.split(b";")[0], 16)
                if n == 0:
                    return
                data = self.f.read(n)
                self.f.read(2)
            else:
                data = self.f.read1(65536)
            if not data:
                return
            yield data

    def _read(self):
        pending, event, data = b"", None, []
        try:
            for chunk in self._bytes():
                pending += chunk
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    line = line.rstrip(b"\r").decode()
                    if line == "":
                        if data:
                            self.events.put((event or "message",
                                             "\n".join(data)))
                        event, data = None, []
                    elif line.startswith(":"):
                        self.comments += 1
                    else:
                        k, _, v = line.partition(":")
                        v = v[1:] if v.startswith(" ") else v
                        if k == "event":
                            event = v
                        elif k == "data":
                            data.append(v)
        except (OSError, ValueError):
            pass
        self.events.put(None)           # the end of the stream

    def next(self, timeout=10):
        """The next (event, data) pair; None when the stream ended."""
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError("no event within %d s" % timeout)

    def hello(self):
        ev = self.next()
        assert ev is not None and ev[0] == "hello", ev
        return json.loads(ev[1])

    def call(self, call_id, state, timeout=10):
        """The next call event of call_id in state (others skipped)."""
        deadline = time.monotonic() + timeout
        while True:
            ev = self.next(max(0.1, deadline - time.monotonic()))
            assert ev is not None, "the stream ended"
            if ev[0] != "call":
                continue
            data = json.loads(ev[1])
            if data["call_id"] == call_id and data["state"] == state:
                return data

    def drain(self, wait=1.0):
        """Every event that arrives within wait seconds."""
        out = []
        deadline = time.monotonic() + wait
        while True:
            try:
                ev = self.events.get(timeout=max(0.0, deadline -
                                                 time.monotonic()))
            except queue.Empty:
                return out
            if ev is None:
                return out
            out.append(ev)

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        if self.thread is not None:
            self.thread.join(10)
        if self in self.tel.streams:
            self.tel.streams.remove(self)


# ---------------------------------------------------------------------------
# Trust: the shared secret.

def test_secret_file(tel):
    # Checked by the fixture: 0600, 64 hex characters on one line.  The
    # route works with it.
    assert len(tel.secret) == 64
    assert tel.route()["action"] in ("group", "forward", "uri", "reject")


def refusals(tel):
    return [e for e in tel.audit(action="telephony.auth")
            if e["result"] == "denied"]


def test_hooks_refuse_a_missing_or_wrong_secret(tel):
    con = tel.user("demo.consultant")
    number = tel.number()
    before = len(refusals(tel))
    log_before = len(tel.srv.log)
    wrong = secrets.token_hex(32)
    assert wrong != tel.secret
    basic = base64.b64encode(("kamailio:" + tel.secret).encode()).decode()
    auths = [None, "Bearer " + wrong, "Bearer " + tel.secret[:-1],
             "Bearer " + tel.secret + "0", "Bearer " + tel.secret[:32],
             "Bearer", "Bearer ", "Basic " + basic, "Token " + tel.secret,
             tel.secret]
    sent = 0
    for path, body in (
            (ROUTE, {"call_id": new_call_id("auth"), "line": OFFICE_LINE,
                     "caller": number}),
            (EVENTS, {"call_id": new_call_id("auth"), "event": "ringing",
                      "line": OFFICE_LINE, "caller": number,
                      "target": "group"})):
        for a in auths:
            headers = {} if a is None else {"Authorization": a}
            r = tel.hook(path, body, auth=False, headers=headers)
            assert_error(r, 401, UNAUTHORIZED)
            sent += 1
        # A staff session (cookie and CSRF token) is no way in either.
        r = con.post(path, json=body)
        assert_error(r, 401, UNAUTHORIZED)
        sent += 1
        assert tel.call_rows(body["call_id"]) == []
    # Refused, logged without personal data, audited as denied.
    new = tel.srv.log[log_before:].splitlines()
    notes = [line for line in new if not ACCESS_RE.search(line)]
    assert any(w in line.lower() for line in notes
               for w in ("telephony", "hook", "secret")), new
    log = tel.srv.log
    for v in (number, number[1:], number[3:], tel.secret, wrong, basic):
        assert v not in log, "%r is in the log" % v
    denied = refusals(tel)
    assert len(denied) - before == sent, (len(denied), before, sent)
    for e in denied[:sent]:
        assert e["user_id"] is None, e
        assert number[3:] not in json.dumps(e), e
        assert tel.secret not in json.dumps(e), e


def test_secret_opens_nothing_else(tel):
    h = {"Authorization": "Bearer " + tel.secret}
    for path in ("/api/v1/contacts", CONFIG, EXTENSIONS, "/api/v1/oncall",
                 "/api/v1/auth/me"):
        r = requests.get(tel.srv.url(path), headers=h, timeout=30)
        assert r.status_code == 401, (path, r.status_code, r.text)
    r = requests.get(tel.srv.url(STREAM), headers=h, timeout=30)
    assert r.status_code == 401, r.text


def test_hooks_take_no_get(tel):
    for path in (ROUTE, EVENTS):
        r = requests.get(tel.srv.url(path), timeout=30,
                         headers={"Authorization": "Bearer " + tel.secret})
        assert r.status_code in (404, 405), (path, r.status_code)


def test_no_secret_file_is_503(tel):
    inst = tel.srv.install
    path = os.path.join(inst.data_dir, "telephony.secret")
    aside = path + ".aside"
    os.rename(path, aside)
    try:
        srv = inst.serve(env=clean_env())
    finally:
        os.rename(aside, path)
    try:
        body = {"call_id": new_call_id("nosecret"), "line": OFFICE_LINE,
                "caller": tel.number()}
        for auth in ({"Authorization": "Bearer " + tel.secret}, {}):
            for p, b in ((ROUTE, body),
                         (EVENTS, dict(body, event="ringing",
                                       target="group"))):
                r = requests.post(srv.url(p), json=b, headers=auth,
                                  timeout=30)
                assert_error(r, 503, "unavailable")
        # The rest of Haven works.
        assert requests.get(srv.url("/healthz"), timeout=30) \
            .status_code == 200
    finally:
        srv.assert_clean_exit()
    assert tel.call_rows(body["call_id"]) == []


# ---------------------------------------------------------------------------
# Validation.

def event_body(**over):
    b = {"call_id": new_call_id("bad"), "event": "ringing",
         "line": OFFICE_LINE, "caller": "+48585550000", "target": "group"}
    for k, v in over.items():
        if v is DROP:
            b.pop(k, None)
        else:
            b[k] = v
    return b


BAD_EVENTS = [
    ("colour", {"colour": "red"}),
    ("contact_id", {"contact_id": 1}),
    ("call_id", {"call_id": DROP}),
    ("call_id", {"call_id": ""}),
    ("call_id", {"call_id": "c" * 129}),
    ("call_id", {"call_id": "abc\x01def@host"}),
    ("call_id", {"call_id": "abc\ndef@host"}),
    ("call_id", {"call_id": "abc\x7fdef@host"}),
    ("call_id", {"call_id": "abc def@host"}),       # no blank in a Call-ID
    ("call_id", {"call_id": "zażółć@host"}),
    ("call_id", {"call_id": 12345}),
    ("call_id", {"call_id": None}),
    ("event", {"event": DROP}),
    ("event", {"event": "hangup"}),
    ("event", {"event": "RINGING"}),
    ("event", {"event": None}),
    ("line", {"line": "not a number"}),
    ("line", {"line": "12345"}),
    ("line", {"line": 48220000100}),
    ("line", {"line": "+48 22 000 01 00\n"}),
    ("caller", {"caller": "12ab"}),
    ("caller", {"caller": "+"}),
    ("caller", {"caller": "1" * 40}),
    ("caller", {"caller": "+48 600 000 100; DROP"}),
    ("caller", {"caller": ""}),
    ("caller", {"caller": 48600000100}),
    ("target", {"target": "voicemail"}),
    ("target", {"target": ""}),
    ("extension", {"event": "answered", "extension": "10a"}),
    ("extension", {"event": "answered", "extension": "1" * 17}),
    ("extension", {"event": "answered", "extension": "1"}),
    ("extension", {"event": "answered", "extension": ""}),
    ("extension", {"event": "answered", "extension": 101}),
    ("extension", {"event": "answered", "extension": "+101"}),
    ("reason", {"event": "missed", "reason": "hung_up"}),
    ("reason", {"event": "missed", "reason": 3}),
    # A reason belongs to a missed call only.
    ("reason", {"reason": "busy"}),
    ("reason", {"event": "answered", "extension": "101",
                "reason": "busy"}),
]


@pytest.mark.parametrize("field,over", BAD_EVENTS,
                         ids=["%s-%d" % (b[0], i)
                              for i, b in enumerate(BAD_EVENTS)])
def test_event_invalid(tel, office_hours, field, over):
    body = event_body(**over)
    r = tel.hook(EVENTS, body)
    assert_error(r, 422, "invalid", field)
    if isinstance(body.get("call_id"), str) and body["call_id"]:
        assert tel.call_rows(body["call_id"]) == []


BAD_ROUTES = [
    ("colour", {"colour": "red"}),
    ("event", {"event": "ringing"}),
    ("call_id", {"call_id": DROP}),
    ("call_id", {"call_id": "c" * 129}),
    ("call_id", {"call_id": "tab\tinside"}),
    ("call_id", {"call_id": "café@host"}),
    ("line", {"line": DROP}),
    ("line", {"line": "0800 HAVEN"}),
    ("caller", {"caller": DROP}),
    ("caller", {"caller": "12ab"}),
    ("caller", {"caller": "+"}),
    ("caller", {"caller": "9" * 40}),
    ("caller", {"caller": "+48 600 000 100; DROP"}),
    ("caller", {"caller": None}),
]


@pytest.mark.parametrize("field,over", BAD_ROUTES,
                         ids=["%s-%d" % (b[0], i)
                              for i, b in enumerate(BAD_ROUTES)])
def test_route_invalid(tel, field, over):
    body = {"call_id": new_call_id("bad"), "line": OFFICE_LINE,
            "caller": "+48585550000"}
    for k, v in over.items():
        if v is DROP:
            body.pop(k)
        else:
            body[k] = v
    assert_error(tel.hook(ROUTE, body), 422, "invalid", field)


def test_printable_call_id_and_caller_forms_accepted(tel, office_hours):
    # 128 characters of a SIP Call-ID (RFC 3261: word "@" word), every
    # punctuation mark a word may hold included.
    cid = ("-.!%*_+`'~()<>:\\\"/[]?{}" * 8)[:119] + "@10.0.0.1"
    assert len(cid) == 128
    res = tel.route(call_id=cid, caller="anonymous")
    assert res["action"] == "group", res
    call = tel.event(cid, "ringing", "anonymous")
    assert call["call_id"] == cid and call["state"] == "ringing"
    # Numbers as a SIP server may write them: normalised like the hotline.
    n = tel.number()
    for typed in (n, "00" + n[1:], n[3:]):
        res = tel.route(caller=typed)
        assert res["action"] == "group", (typed, res)


@pytest.mark.parametrize("data", [b"[]", b"\"x\"", b"5", b"null",
                                  b"[{\"call_id\":\"a\"}]"])
def test_hook_body_not_an_object_is_400(tel, data):
    for path in (ROUTE, EVENTS):
        r = tel.hook(path, data=data,
                     headers={"Content-Type": "application/json"})
        assert_error(r, 400, "bad_json")


@pytest.mark.parametrize("data", [b"{", b"", b"not json",
                                  b"{\"call_id\":\"a\",\"call_id\":\"b\"}"])
def test_hook_body_malformed_is_400(tel, data):
    for path in (ROUTE, EVENTS):
        r = tel.hook(path, data=data,
                     headers={"Content-Type": "application/json"})
        assert_error(r, 400, "bad_json")


@pytest.mark.parametrize("ctype", [None, "text/plain",
                                   "application/x-www-form-urlencoded",
                                   "application/jsonx"])
def test_hook_wrong_content_type_is_415(tel, ctype):
    data = json.dumps(event_body()).encode()
    for path in (ROUTE, EVENTS):
        h = {} if ctype is None else {"Content-Type": ctype}
        r = tel.hook(path, data=data, headers=h)
        assert_error(r, 415, "unsupported_media_type")


def padded(body, size):
    """body as JSON of exactly size bytes (blanks before the brace)."""
    data = json.dumps(body).encode()
    assert len(data) <= size
    return data[:-1] + b" " * (size - len(data)) + b"}"


def test_hook_body_limits(tel, office_hours):
    json_h = {"Content-Type": "application/json"}
    n = tel.number()
    route = {"call_id": new_call_id("size"), "line": OFFICE_LINE,
             "caller": n}
    r = tel.hook(ROUTE, data=padded(route, 1024), headers=json_h)
    assert r.status_code == 200, r.text
    r = tel.hook(ROUTE, data=padded(route, 1025), headers=json_h)
    assert_error(r, 413, "too_large")
    r = tel.hook(ROUTE, data=padded(route, 100000), headers=json_h)
    assert_error(r, 413, "too_large")
    ev = event_body(caller=n)
    r = tel.hook(EVENTS, data=padded(ev, 2048), headers=json_h)
    assert r.status_code == 200, r.text
    ev = event_body(caller=n)
    r = tel.hook(EVENTS, data=padded(ev, 2049), headers=json_h)
    assert_error(r, 413, "too_large")
    assert tel.call_rows(ev["call_id"]) == []


def test_refused_event_writes_nothing(tel):
    con = tel.user("demo.consultant")
    n = tel.number()
    t = at(WED, 11)
    tel.clock.set(t)
    cid = new_call_id("refused")
    for over in ({"caller": "12ab"}, {"colour": "red"},
                 {"target": "elsewhere"}):
        body = event_body(**{"call_id": cid, "caller": n, **over})
        assert tel.hook(EVENTS, body).status_code == 422
    assert tel.call_rows(cid) == []
    # Ten minutes on, an answer for it is a call of its own, started then.
    tel.clock.set(t + timedelta(minutes=10))
    call = tel.event(cid, "answered", n, extension="101")
    assert call["state"] == "answered" and call["task_id"] is None
    ct = get_contact(con, call["contact_id"])
    assert near(ct["started_at"], t + timedelta(minutes=10)), ct
    assert len(tel.call_rows(cid)) == 1
    # A refused event of a known call leaves it as it was.
    r = tel.hook(EVENTS, event_body(call_id=cid, caller=n, event="ended",
                                    reason="busy"))
    assert_error(r, 422, "invalid", "reason")
    assert [tuple(x) for x in tel.call_rows(cid)] == [("answered",)]
    call = tel.event(cid, "ended", n)
    assert call["state"] == "ended"


# ---------------------------------------------------------------------------
# Routing.

def group(exts=("101", "102")):
    return {"action": "group", "extensions": list(exts),
            "reason": "office_hours", "out_of_hours": False}


def check_reject(res, reason, ooh=None):
    """A reject, with out_of_hours (if the server adds it) right."""
    assert res.get("action") == "reject" and res.get("reason") == reason, res
    assert set(res) <= {"action", "reason", "out_of_hours"}, res
    if "out_of_hours" in res and ooh is not None:
        assert res["out_of_hours"] is ooh, res


def test_route_office_hours(tel):
    tel.clock.set(at(WED, 10))
    n = tel.number()
    cid = new_call_id("route")
    assert tel.route(call_id=cid, caller=n) == group()
    assert tel.route(caller="anonymous") == group()
    assert tel.route(caller=OLENA) == group()
    # The on-call mobile's line is the centre's too.
    assert tel.route(line=MOBILE_LINE) == group()
    # Edges of the day (default hours 9:00-17:00).
    tel.clock.set(at(WED, 9, 0) + timedelta(seconds=5))
    assert tel.route() == group()
    tel.clock.set(at(WED, 16, 59))
    assert tel.route() == group()
    # A routing decision writes nothing.
    assert tel.call_rows(cid) == []


def test_route_clock_file_with_newline(tel):
    tel.clock.set(at(WED, 10), newline=True)
    assert tel.route() == group()
    tel.clock.set(at(WED, 22), newline=True)
    assert tel.route()["out_of_hours"] is True


def test_route_on_call(tel):
    con = tel.user("demo.consultant")
    tel.clock.set(at(WED, 22))
    with night_shift(tel, con):
        for line in (OFFICE_LINE, MOBILE_LINE):
            res = tel.route(line=line)
            assert res == {"action": "forward", "number": ONCALL,
                           "reason": "on_call", "out_of_hours": True,
                           "on_call": "demo.consultant"}, res
        tel.clock.set(at(WED, 17, 0) + timedelta(seconds=5))
        assert tel.route()["reason"] == "on_call"
    # The shift gone: a gap.
    tel.clock.set(at(WED, 22))
    res = tel.route()
    assert res == {"action": "forward", "number": FALLBACK,
                   "reason": "rota_gap", "out_of_hours": True}, res


def test_route_on_call_coordinator(tel):
    coord = tel.user("demo.coordinator")
    tel.clock.set(at(WED, 23, 30))
    with shift(tel, coord, at(WED, 23), at(WED, 23, 59)):
        res = tel.route()
        assert res["on_call"] == "demo.coordinator", res
        assert res["number"] == ONCALL and res["reason"] == "on_call", res


def test_route_fallbacks(tel):
    tel.clock.set(at(WED, 22))
    with config(tel, fallback="sip:voicemail@example.org"):
        res = tel.route()
        assert res.get("action") == "uri", res
        assert res.get("uri") == "sip:voicemail@example.org", res
        assert res.get("reason") == "rota_gap", res
        assert set(res) <= {"action", "uri", "reason", "out_of_hours"}, res
        assert res.get("out_of_hours", True) is True, res
    with config(tel, fallback=None):
        check_reject(tel.route(), "rota_gap", True)
    res = tel.route()
    assert res["number"] == FALLBACK and res["reason"] == "rota_gap", res


def test_route_unknown_line(tel):
    for when in (at(WED, 10), at(WED, 22)):
        tel.clock.set(when)
        for line in ("+48221112233", "+12025550100"):
            res = tel.route(line=line)
            check_reject(res, "unknown_line")


def test_route_closure_and_holiday(tel):
    coord = tel.user("demo.coordinator")
    tel.clock.set(at(THU, 10))
    assert tel.route() == group()
    key = THU.strftime("%Y%m%d")
    r = coord.post("/api/v1/calendar/closures",
                   json={"day": THU.isoformat(), "note": "Team training"})
    assert r.status_code == 201, r.text
    try:
        res = tel.route()
        assert res == {"action": "forward", "number": FALLBACK,
                       "reason": "rota_gap", "out_of_hours": True}, res
        with shift(tel, tel.user("demo.consultant"), at(THU, 8),
                   at(THU, 18)):
            res = tel.route()
            assert res["reason"] == "on_call" and res["out_of_hours"], res
    finally:
        r = coord.delete("/api/v1/calendar/closures/" + key)
        assert r.status_code == 200, r.text
    assert tel.route() == group()
    tel.clock.set(at(HOLIDAY, 10))
    res = tel.route()
    assert res["out_of_hours"] is True and res["reason"] == "rota_gap", res


def test_route_no_extensions(tel):
    coord = tel.user("demo.coordinator")
    tel.clock.set(at(WED, 10))
    try:
        for name in DEMO_EXTENSIONS:
            r = send(coord, "DELETE", "%s/%d" % (EXTENSIONS,
                                                 tel.user(name).user["id"]))
            assert r.status_code == 204, r.text
        assert extensions(coord) == {}
        res = tel.route()
        assert res == {"action": "forward", "number": FALLBACK,
                       "reason": "no_extensions", "out_of_hours": False}, res
        with config(tel, fallback=None):
            check_reject(tel.route(), "no_extensions", False)
        with config(tel, fallback="sip:voicemail@example.org"):
            res = tel.route()
            assert res.get("action") == "uri" and \
                res.get("reason") == "no_extensions", res
        # One extension back: the group is that one.
        r = put_extension(coord, coord.user["id"], "102")
        assert r.status_code == 200, r.text
        assert tel.route() == group(["102"])
    finally:
        restore_extensions(tel)
    assert tel.route() == group()


# ---------------------------------------------------------------------------
# Call events, draft contacts, call-back tasks.

def test_answered_call_leaves_a_draft(tel):
    con = tel.user("demo.consultant")
    n = tel.number()
    cid = new_call_id()
    ring = at(WED, 10, 5)
    tel.clock.set(ring)
    call = tel.event(cid, "ringing", n)
    assert call == {"call_id": cid, "state": "ringing", "contact_id": None,
                    "task_id": None}
    assert tel.event(cid, "ringing", n) == call         # repeated
    # Answered twenty seconds into the call (telephony clock).
    tel.clock.set(ring + timedelta(seconds=20))
    call = tel.event(cid, "answered", n, extension="101")
    assert call["state"] == "answered" and call["task_id"] is None
    cont = call["contact_id"]
    assert isinstance(cont, int)
    ct = get_contact(con, cont)
    check_draft(ct, con, n)
    assert near(ct["started_at"], ring, 3), (ct["started_at"], ring)
    again = tel.event(cid, "answered", n, extension="101")
    assert again == call
    assert get_contact(con, cont)["version"] == ct["version"]
    time.sleep(2)
    call = tel.event(cid, "ended", n)
    assert call == {"call_id": cid, "state": "ended", "contact_id": cont,
                    "task_id": None}
    ct = get_contact(con, cont)
    check_draft(ct, con, n)
    # end - answer, not end - ring.
    assert 1 <= ct["duration_seconds"] <= 3, ct["duration_seconds"]
    assert near(ct["started_at"], ring, 3)
    time.sleep(1.2)
    assert tel.event(cid, "ended", n) == call           # repeated
    assert get_contact(con, cont) == ct
    assert [tuple(x) for x in tel.call_rows(cid)] == [("ended",)]
    assert drafts(con).count(cont) == 1
    # Nothing more may happen to an ended call.
    for ev, extra in (("answered", {"extension": "101"}), ("ringing", {}),
                      ("missed", {"reason": "no_answer"})):
        r = tel.event(cid, ev, n, status=409, **extra)
        assert_error(r, 409, "conflict", "event")
    assert get_contact(con, cont) == ct


def test_answered_by_the_coordinator(tel):
    coord = tel.user("demo.coordinator")
    tel.clock.set(at(WED, 14))
    n = tel.number()
    cid = new_call_id()
    # An answer for a call Haven never heard ring starts it.
    call = tel.event(cid, "answered", n, extension="102")
    assert call["state"] == "answered"
    ct = get_contact(coord, call["contact_id"])
    check_draft(ct, coord, n)
    assert near(ct["started_at"], at(WED, 14))
    time.sleep(1)
    assert tel.event(cid, "ended", n)["state"] == "ended"
    assert get_contact(coord, call["contact_id"])["duration_seconds"] in \
        (0, 1, 2)


def test_impossible_moves(tel, office_hours):
    con = tel.user("demo.consultant")
    n = tel.number()
    cid = new_call_id()
    tel.event(cid, "ringing", n)
    assert_error(tel.event(cid, "ended", n, status=409), 409, "conflict",
                 "event")
    assert [tuple(x) for x in tel.call_rows(cid)] == [("ringing",)]
    call = tel.event(cid, "missed", n, reason="cancelled")
    assert call["state"] == "missed"
    for ev, extra in (("answered", {"extension": "101"}), ("ended", {}),
                      ("ringing", {})):
        assert_error(tel.event(cid, ev, n, status=409, **extra), 409,
                     "conflict", "event")
    assert tel.event(cid, "missed", n, reason="cancelled") == call
    # A missed call in office hours from an unknown number: the first
    # coordinator's draft and call-back.
    coord = tel.user("demo.coordinator")
    ct = get_contact(coord, call["contact_id"])
    check_draft(ct, coord, n, outcome="follow_up")
    assert ct["duration_seconds"] == 0
    assert my_tasks(coord)[call["task_id"]]["contact_id"] == ct["id"]
    # An ended call Haven never saw answered: refused, nothing kept.
    cid = new_call_id()
    assert_error(tel.event(cid, "ended", n, status=409), 409, "conflict",
                 "event")
    assert tel.call_rows(cid) == []


def test_on_call_answered(tel):
    con = tel.user("demo.consultant")
    night = at(WED, 22)
    tel.clock.set(night)
    with night_shift(tel, con):
        for line, channel in ((OFFICE_LINE, "office_line"),
                              (MOBILE_LINE, "oncall_mobile")):
            n = tel.number()
            cid = new_call_id("oncall")
            tel.event(cid, "ringing", n, line=line, target="oncall")
            call = tel.event(cid, "answered", n, line=line, target="oncall")
            assert call["state"] == "answered"
            ct = get_contact(con, call["contact_id"])
            check_draft(ct, con, n, line=line, channel=channel,
                        out_of_hours=True)
            assert near(ct["started_at"], night, 30)
            call = tel.event(cid, "ended", n, line=line, target="oncall")
            assert call["state"] == "ended"


def test_missed_out_of_hours_known_person(tel):
    con = tel.user("demo.consultant")
    coord = tel.user("demo.coordinator")
    pid, pseudonym, safe = person_of(con, OLENA)
    assert safe and safe.get("code_word"), safe
    night = at(WED, 22, 30)
    tel.clock.set(night)
    # The coordinator is on call: the missed call is theirs, not the key
    # consultant's.
    with night_shift(tel, coord):
        cid = new_call_id("missed")
        tel.event(cid, "ringing", OLENA, target="oncall")
        call = tel.event(cid, "missed", OLENA, target="oncall",
                         reason="no_answer")
    assert call["state"] == "missed", call
    assert isinstance(call["contact_id"], int), call
    assert isinstance(call["task_id"], int), call
    ct = get_contact(coord, call["contact_id"])
    check_draft(ct, coord, OLENA, out_of_hours=True, outcome="follow_up")
    assert ct["duration_seconds"] == 0
    assert ct["followup"] is not None and ct["followup"]["open"] is True, ct
    tasks = my_tasks(coord)
    assert call["task_id"] in tasks, sorted(tasks)
    t = tasks[call["task_id"]]
    assert t["kind"] == "callback", t
    assert t["assignee"] == ref(coord), t
    assert t["due_on"] == WED.isoformat(), t
    assert t["contact_id"] == call["contact_id"], t
    assert t["person"] == {"id": pid, "pseudonym": pseudonym}, t
    assert t["safe_contact"] == safe, t
    assert call["task_id"] not in my_tasks(con)
    # Completing the out-of-hours draft wants a hand-over note.
    body = {"version": ct["version"], "draft": False,
            "topics": ["safety"], "inquirer": "victim_foreign"}
    r = coord.patch("/api/v1/contacts/%d" % ct["id"], json=body)
    assert_error(r, 422, "invalid", "handover_note")
    r = coord.patch("/api/v1/contacts/%d" % ct["id"],
                    json=dict(body, handover_note="Call back after 10"))
    assert r.status_code == 200, r.text
    assert r.json()["contact"]["draft"] is False


def test_missed_unknown_and_anonymous(tel):
    con = tel.user("demo.consultant")
    tel.clock.set(at(WED, 23))
    with night_shift(tel, con):
        n = tel.number()
        cid = new_call_id("missed")
        call = tel.event(cid, "missed", n, target="oncall", reason="busy")
        assert call["state"] == "missed" and call["task_id"] is not None
        t = my_tasks(con)[call["task_id"]]
        assert t["kind"] == "callback" and t["person"] is None, t
        assert t["safe_contact"] is None and t["assignee"] == ref(con), t
        assert t["contact_id"] == call["contact_id"]
        check_draft(get_contact(con, call["contact_id"]), con, n,
                    out_of_hours=True, outcome="follow_up")
        before = set(my_tasks(con))
        cid = new_call_id("anon")
        tel.event(cid, "ringing", "anonymous", target="oncall")
        call = tel.event(cid, "missed", "anonymous", target="oncall",
                         reason="cancelled")
        assert call["state"] == "missed" and call["task_id"] is None, call
        ct = get_contact(con, call["contact_id"])
        check_draft(ct, con, None, out_of_hours=True, outcome="follow_up")
        assert set(my_tasks(con)) == before


# ---------------------------------------------------------------------------
# Drafts.

def test_draft_completed_counts_in_statistics(tel):
    con = tel.user("demo.consultant")
    coord = tel.user("demo.coordinator")
    day = date(2031, 3, 19)
    tel.clock.set(at(day, 10))
    n = tel.number()
    cid = new_call_id("draft")
    tel.event(cid, "ringing", n)
    call = tel.event(cid, "answered", n, extension="101")
    call = tel.event(cid, "ended", n)
    cont = call["contact_id"]
    total = contacts_total(coord, day)
    assert cont in drafts(con)
    assert cont in drafts(con, **{"from": iso(at(day, 0)),
                                  "to": iso(at(day, 23))})
    r = con.get("/api/v1/contacts", params={"draft": "false", "limit": 100,
                                            "from": iso(at(day, 0)),
                                            "to": iso(at(day, 23))})
    assert r.status_code == 200, r.text
    assert cont not in [x["id"] for x in r.json()["contacts"]]
    assert_error(con.get("/api/v1/contacts", params={"draft": "maybe"}),
                 422, "invalid", "draft")
    ct = get_contact(con, cont)
    r = con.patch("/api/v1/contacts/%d" % cont,
                  json={"version": ct["version"], "draft": True})
    assert_error(r, 422, "invalid", "draft")
    # A draft still needs its topics when completed.
    r = con.patch("/api/v1/contacts/%d" % cont,
                  json={"version": ct["version"], "draft": False})
    assert_error(r, 422, "invalid", "topics")
    assert get_contact(con, cont) == ct
    r = con.patch("/api/v1/contacts/%d" % cont,
                  json={"version": ct["version"], "draft": False,
                        "topics": ["identification"],
                        "inquirer": "victim_polish",
                        "summary": "Asked about a job offer."})
    assert r.status_code == 200, r.text
    done = r.json()["contact"]
    assert done["draft"] is False and done["line"] == OFFICE_LINE
    assert done["duration_seconds"] == ct["duration_seconds"]
    assert done["started_at"] == ct["started_at"]
    assert done["caller_number"] == n
    assert cont not in drafts(con)
    assert contacts_total(coord, day) == total + 1
    # Not back to a draft, and not twice.
    r = con.patch("/api/v1/contacts/%d" % cont,
                  json={"version": done["version"], "draft": True})
    assert_error(r, 422, "invalid", "draft")
    # Contacts typed in by hand are no drafts and have no line.
    r = con.post("/api/v1/contacts", json={
        "started_at": iso(at(day, 11)), "duration_seconds": 60,
        "channel": "office_line", "direction": "incoming",
        "inquirer": "other", "topics": ["other"], "urgency": "routine",
        "outcome": "advice"})
    assert r.status_code == 201, r.text
    assert r.json()["contact"]["draft"] is False
    assert r.json()["contact"]["line"] is None
    assert contacts_total(coord, day) == total + 2


# ---------------------------------------------------------------------------
# The screen-pop.

def test_stream_refused(tel):
    for name in ("demo.shelter", "demo.auditor", "demo.admin"):
        s = Stream(tel, tel.user(name))
        assert s.status == 403, (name, s.status, s.body)
        assert s.json()["error"]["code"] == "forbidden"
    s = Stream(tel)
    assert s.status == 401, s.body
    assert s.json()["error"]["code"] == "unauthenticated"


def check_pop_cases(c, cases):
    """Each case of a pop is whole or restricted as its reader may see."""
    for cs in cases:
        r = c.get("/api/v1/cases/%d" % cs["id"])
        if r.status_code == 200:
            assert set(cs) == POP_CASE_FULL, cs
            assert set(cs["key_consultant"]) >= {"id", "username"}, cs
        else:
            assert set(cs) == POP_CASE_RESTRICTED, (cs, r.status_code)
            assert cs["sealed"] is True and cs["restricted"] is True, cs


def test_screen_pop(tel, office_hours):
    con = tel.user("demo.consultant")
    coord = tel.user("demo.coordinator")
    pid, pseudonym, safe = person_of(con, OLENA)
    pops_before = len(tel.audit(action="person.safe_contact.read",
                                user_id=con.user["id"]))
    mine = Stream(tel, con)
    theirs = Stream(tel, coord)
    try:
        assert mine.headers["content-type"].startswith("text/event-stream")
        assert mine.hello() == {"user": "demo.consultant"}
        assert theirs.hello() == {"user": "demo.coordinator"}
        cid = new_call_id("pop")
        tel.event(cid, "ringing", OLENA)
        call = tel.event(cid, "answered", OLENA, extension="101")
        pop = mine.call(cid, "answered")
        assert set(pop) == {"call_id", "state", "contact", "caller"}, pop
        assert pop["contact"]["id"] == call["contact_id"]
        assert pop["contact"]["draft"] is True
        assert pop["contact"]["consultant"] == ref(con)
        assert pop["contact"]["caller_number"] == OLENA
        caller = pop["caller"]
        assert set(caller) == {"number", "known", "person"}, caller
        assert caller["number"] == OLENA and caller["known"] is True
        p = caller["person"]
        assert p["id"] == pid and p["pseudonym"] == pseudonym, p
        assert p["safe_contact"] == safe, p
        assert p["cases"], p
        check_pop_cases(con, p["cases"])
        time.sleep(1)
        call = tel.event(cid, "ended", OLENA)
        end = mine.call(cid, "ended")
        assert end == {"call_id": cid, "state": "ended",
                       "contact_id": call["contact_id"],
                       "duration_seconds": get_contact(
                           con, call["contact_id"])["duration_seconds"]}
        # Nothing of it for the coordinator.
        for ev in theirs.drain(1.0):
            assert ev[0] != "call" or cid not in ev[1], ev
    finally:
        mine.close()
        theirs.close()
    pops = [e for e in tel.audit(action="person.safe_contact.read",
                                 user_id=con.user["id"])
            if e["detail"] == "screen_pop"]
    assert len(pops) >= 1 and pops[0]["object_id"] == pid, pops
    assert len(tel.audit(action="person.safe_contact.read",
                         user_id=con.user["id"])) > pops_before


def test_screen_pop_unknown_anonymous_and_sealed(tel, office_hours):
    con = tel.user("demo.consultant")
    coord = tel.user("demo.coordinator")
    s = Stream(tel, coord)
    try:
        assert s.hello() == {"user": "demo.coordinator"}
        n = tel.number()
        for caller, number in ((n, n), ("anonymous", None)):
            cid = new_call_id("pop")
            tel.event(cid, "answered", caller, extension="102")
            pop = s.call(cid, "answered")
            assert pop["caller"] == {"number": number, "known": False,
                                     "person": None}, pop
            assert pop["contact"]["caller_number"] == number
            tel.event(cid, "ended", caller)
            s.call(cid, "ended")
        # A sealed case pops up as far as its reader may see it.
        cid = new_call_id("pop")
        tel.event(cid, "answered", ION, extension="102")
        pop = s.call(cid, "answered")
        assert pop["caller"]["known"] is True
        check_pop_cases(coord, pop["caller"]["person"]["cases"])
        tel.event(cid, "ended", ION)
    finally:
        s.close()
    # The consultant's stream, opened afterwards, replays nothing.
    s = Stream(tel, con)
    try:
        assert s.hello() == {"user": "demo.consultant"}
        assert [ev for ev in s.drain(0.5) if ev[0] == "call"] == []
    finally:
        s.close()


def test_screen_pop_shows_what_the_reader_may_see(tel, office_hours):
    # A consultant who is nobody's key consultant answers a known caller
    # whose case is sealed: the pop holds what that consultant may read.
    new = tel.newcomer()
    coord = tel.user("demo.coordinator")
    r = put_extension(coord, new.user["id"], "150")
    assert r.status_code == 200, r.text
    s = Stream(tel, new)
    try:
        assert s.hello() == {"user": new.user["username"]}
        for number in (ION, OLENA):
            cid = new_call_id("pop")
            call = tel.event(cid, "answered", number, extension="150")
            pop = s.call(cid, "answered")
            assert pop["contact"]["consultant"] == ref(new)
            assert get_contact(new, call["contact_id"])["draft"] is True
            p = pop["caller"]["person"]
            check_pop_cases(new, p["cases"])
            r = new.get("/api/v1/persons/%d/safe-contact" % p["id"])
            if r.status_code == 200:
                assert p["safe_contact"] == r.json()["safe_contact"], p
            else:
                assert p["safe_contact"] is None, (p, r.status_code)
            if number == ION:
                assert any(cs.get("restricted") for cs in p["cases"]), p
            tel.event(cid, "ended", number)
    finally:
        s.close()
        r = send(coord, "DELETE", "%s/%d" % (EXTENSIONS, new.user["id"]))
        assert r.status_code == 204, r.text


def test_on_call_pop_goes_to_the_shift(tel):
    con = tel.user("demo.consultant")
    tel.clock.set(at(WED, 21))
    s = Stream(tel, con)
    try:
        assert s.hello()["user"] == "demo.consultant"
        with night_shift(tel, con):
            n = tel.number()
            cid = new_call_id("pop")
            tel.event(cid, "ringing", n, line=MOBILE_LINE, target="oncall")
            call = tel.event(cid, "answered", n, line=MOBILE_LINE,
                             target="oncall")
            pop = s.call(cid, "answered")
            assert pop["contact"]["id"] == call["contact_id"]
            assert pop["contact"]["channel"] == "oncall_mobile"
            tel.event(cid, "ended", n, line=MOBILE_LINE, target="oncall")
    finally:
        s.close()


# ---------------------------------------------------------------------------
# Configuration and extensions.

def test_config_read(tel):
    for name in ("demo.consultant", "demo.coordinator"):
        cfg = get_config(tel.user(name))
        assert {k: cfg[k] for k in DEMO_CONFIG} == DEMO_CONFIG, cfg
    for name in ("demo.shelter", "demo.auditor", "demo.admin"):
        assert_error(tel.user(name).get(CONFIG), 403, "forbidden")
        assert_error(tel.user(name).get(EXTENSIONS), 403, "forbidden")
    assert_error(requests.get(tel.srv.url(CONFIG), timeout=30), 401,
                 "unauthenticated")


def test_config_update(tel):
    con = tel.user("demo.consultant")
    coord = tel.user("demo.coordinator")
    cfg = get_config(coord)
    v = cfg["version"]
    assert_error(put_config(con), 403, "forbidden")
    r = put_config(coord, oncall_number="0048 600 000 300",
                   lines=[{"number": "22 000 01 00",
                           "channel": "office_line"},
                          {"number": "+48 600-000-100",
                           "channel": "oncall_mobile"}])
    assert r.status_code == 200, r.text
    try:
        new = r.json()["config"]
        assert new["oncall_number"] == "+48600000300", new
        assert new["lines"] == DEMO_CONFIG["lines"], new
        assert new["version"] > v
        assert get_config(con) == new
        tel.clock.set(at(WED, 22))
        with night_shift(tel, con):
            assert tel.route()["number"] == "+48600000300"
        # A stale version.
        r = send(coord, "PUT", CONFIG, {**DEMO_CONFIG, "version": v})
        assert_error(r, 409, "conflict")
        assert get_config(coord) == new
    finally:
        r = put_config(coord, oncall_number=ONCALL)
        assert r.status_code == 200, r.text
    assert {k: get_config(coord)[k] for k in DEMO_CONFIG} == DEMO_CONFIG


BAD_CONFIG = [
    ("lines", {"lines": [{"number": OFFICE_LINE, "channel": "fax"}]}),
    ("lines", {"lines": [{"number": OFFICE_LINE, "channel": "email"}]}),
    ("lines", {"lines": [{"number": "call me", "channel": "office_line"}]}),
    ("lines", {"lines": [{"number": OFFICE_LINE}]}),
    ("lines", {"lines": [{"number": OFFICE_LINE, "channel": "office_line",
                          "colour": "red"}]}),
    ("lines", {"lines": "+48220000100"}),
    ("lines", {"lines": [{"number": OFFICE_LINE, "channel": "office_line"},
                         {"number": "0048220000100",
                          "channel": "oncall_mobile"}]}),
    ("oncall_number", {"oncall_number": "12345"}),
    ("oncall_number", {"oncall_number": "+48 600; DROP"}),
    ("oncall_number", {"oncall_number": 48600000100}),
    ("fallback", {"fallback": "http://voicemail.example.org"}),
    ("fallback", {"fallback": "sip:"}),
    ("fallback", {"fallback": "sip:vm@example.org\r\nX-Evil: 1"}),
    ("fallback", {"fallback": "sip:" + "v" * 300 + "@example.org"}),
    ("fallback", {"fallback": "call me"}),
    ("fallback", {"fallback": 5}),
    ("version", {"version": "1"}),
    ("colour", {"colour": "red"}),
]


@pytest.mark.parametrize("field,over", BAD_CONFIG,
                         ids=["%s-%d" % (b[0], i)
                              for i, b in enumerate(BAD_CONFIG)])
def test_config_invalid(tel, field, over):
    coord = tel.user("demo.coordinator")
    before = get_config(coord)
    err = assert_error(put_config(coord, **over), 422, "invalid")
    assert err["field"] is not None and err["field"].startswith(field), err
    assert get_config(coord) == before


def test_extensions(tel):
    con = tel.user("demo.consultant")
    coord = tel.user("demo.coordinator")
    assert extensions(con) == DEMO_EXTENSIONS
    cid, kid = con.user["id"], coord.user["id"]
    try:
        # Taken by another user.
        assert_error(put_extension(coord, kid, "101"), 409, "conflict",
                     "extension")
        for bad in ("1a", "1", "1" * 17, "", " 101", "101 ", "١٠١", 101,
                    None):
            assert_error(put_extension(coord, cid, bad), 422, "invalid",
                         "extension")
        r = send(coord, "PUT", "%s/%d" % (EXTENSIONS, cid),
                 {"extension": "103", "colour": "red"})
        assert_error(r, 422, "invalid", "colour")
        for name in ("demo.shelter", "demo.auditor", "demo.admin"):
            uid = tel.user(name).user["id"]
            assert_error(put_extension(coord, uid, "150"), 422, "invalid")
        r = put_extension(coord, 99999999, "150")
        assert r.status_code in (404, 422), r.text
        assert_error(put_extension(con, cid, "103"), 403, "forbidden")
        assert_error(send(con, "DELETE", "%s/%d" % (EXTENSIONS, cid)), 403,
                     "forbidden")
        assert extensions(coord) == DEMO_EXTENSIONS
        # Renumbered: the group rings the new one.
        r = put_extension(coord, cid, "1030")
        assert r.status_code == 200, r.text
        assert extensions(con)["demo.consultant"] == "1030"
        tel.clock.set(at(WED, 10))
        assert sorted(tel.route()["extensions"]) == ["102", "1030"]
        # Its own extension again: no conflict with itself.
        assert put_extension(coord, cid, "1030").status_code == 200
        # The old number is free for someone else, and answers go there.
        r = put_extension(coord, kid, "101")
        assert r.status_code == 200, r.text
        n = tel.number()
        call = tel.event(new_call_id(), "answered", n, extension="101")
        assert get_contact(coord, call["contact_id"])["consultant"] == \
            ref(coord)
        r = send(coord, "DELETE", "%s/%d" % (EXTENSIONS, cid))
        assert r.status_code == 204, r.text
        assert "demo.consultant" not in extensions(coord)
    finally:
        coord_now = extensions(coord).get("demo.coordinator")
        if coord_now != "102":
            assert put_extension(coord, kid, "102").status_code == 200
        restore_extensions(tel)


# ---------------------------------------------------------------------------
# Privacy: what the database and the log hold.

def test_caller_numbers_never_in_clear(tel):
    con = tel.user("demo.consultant")
    tel.clock.set(at(WED, 15))
    n = tel.number()
    cid = new_call_id("privacy")
    tel.event(cid, "ringing", n)
    call = tel.event(cid, "answered", n, extension="101")
    tel.event(cid, "ended", n)
    assert get_contact(con, call["contact_id"])["caller_number"] == n
    rows = tel.srv.install.query(
        "SELECT caller_number, caller_bidx FROM call_log WHERE call_id = "
        "'%s'" % cid)
    assert len(rows) == 1
    blob = tel.srv.install.raw_bytes()
    for number in sorted(tel.numbers):
        for form in (number, number[1:], number[3:]):
            assert form.encode() not in blob, \
                "%s is in clear in the database" % form
    log = tel.srv.log
    for number in tel.numbers:
        assert number[3:] not in log, "%s is in the log" % number


def test_unknown_extension_pops_nothing(tel, office_hours):
    """A phone whose extension nobody has: the draft goes to whoever the
    call belongs to, but no screen shows the caller, since none of them
    took the call."""
    con = tel.user("demo.consultant")
    coord = tel.user("demo.coordinator")
    streams = [Stream(tel, con), Stream(tel, coord)]
    try:
        for s in streams:
            s.hello()
        cid = new_call_id("ghost")
        tel.event(cid, "ringing", OLENA)
        call = tel.event(cid, "answered", OLENA, extension="999")
        assert call["state"] == "answered" and call["contact_id"], call
        for s in streams:
            for ev in s.drain(1.5):
                assert ev[0] != "call" or cid not in ev[1], ev
    finally:
        for s in streams:
            s.close()
    assert "unknown phone (extension 999)" in tel.srv.log


def test_bearer_scheme_in_any_case(tel):
    r = tel.hook(ROUTE, {"call_id": new_call_id("case"),
                         "line": OFFICE_LINE, "caller": "anonymous"},
                 auth="bearer " + tel.secret)
    assert r.status_code == 200, r.text
