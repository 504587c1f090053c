"""
Telephony (issue #9) with real SIP: Kamailio runs the project's
configuration (deploy/kamailio/kamailio.cfg) on loopback against a private
Haven, SIPp plays the consultants' phones, the callers and the outbound
gateway standing in for the on-call mobile (tests/sip/*.xml), and every
outcome is read back through Haven's API.

Haven's telephony clock is injected (HAVEN_TELEPHONY_CLOCK_FILE) onto a
Tuesday of March 2032, past the demo rota, so office hours and the night
are where the test puts them and the only on-call shift is the one it
adds.  Phones 101 (demo.consultant) and 102 (demo.coordinator) register
once; each test starts the SIPp processes of its call and waits for them.
"""
import json
import os
import queue
import random
import socket
import threading
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

from conftest import clean_env
from sip_util import Kamailio, Sipp, free_udp_port, register

WARSAW = ZoneInfo("Europe/Warsaw")
DAY = date(2032, 3, 16)                 # a Tuesday; office 9:00-17:00
LINE = "+48220000100"                   # the demo's office line
ONCALL = "+48600000100"                 # the demo's on-call number
ROUTE = "/api/v1/telephony/route"
STREAM = "/api/v1/telephony/stream"

# Demo persons (src/app/demo_cases.c): both have a safe-contact protocol.
OLENA = "+48555010003"
THI_LAN = "+48555010007"

CALL_SECONDS = 3                        # how long the answered call lasts

_numbers = iter(random.sample(range(10 ** 6), 100))


def at(day, hh, mm=0):
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=WARSAW)


def iso(dt):
    return dt.astimezone(WARSAW).isoformat(timespec="seconds")


def wait_for(what, fn, timeout=15, interval=0.2):
    """fn() until it returns something true; its value."""
    deadline = time.monotonic() + timeout
    while True:
        v = fn()
        if v:
            return v
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(interval)


def port_taken(port):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


class World:
    """The private Haven, its Kamailio, the phones and the gateway."""

    def __init__(self, srv, secret_file, clock_path, folder):
        self.srv = srv
        self.secret_file = secret_file
        with open(secret_file) as f:
            self.secret = f.read().strip()
        self.clock_path = clock_path
        self.folder = str(folder)
        self.gateway_port = free_udp_port()
        self.phone_ports = {"101": free_udp_port(), "102": free_udp_port()}
        self.numbers = set()
        self.kamailios = []
        self._n = 0

    def kamailio(self, name, haven_url=None, secret_file=None):
        """A Kamailio with the project's configuration, the phones
        registered to it."""
        k = Kamailio(os.path.join(self.folder, name),
                     haven_url or self.srv.base_url,
                     secret_file or self.secret_file, self.gateway_port)
        if not self.kamailios:
            # kamailio -c: the configuration parses and fixes up.
            r = k.check()
            assert r.returncode == 0, r.stdout + r.stderr
            assert "config file ok" in r.stdout + r.stderr
        self.kamailios.append(k)
        k.start()
        for ext, port in self.phone_ports.items():
            register(self.folder, k, ext, port)
        return k

    def set_clock(self, dt):
        off = int(dt.timestamp()) - int(time.time())
        tmp = self.clock_path + ".tmp"
        with open(tmp, "w") as f:
            f.write(str(off))
        self._n += 1
        t = (int(time.time()) + self._n) * 10 ** 9
        os.utime(tmp, ns=(t, t))        # a new mtime even within a second
        os.replace(tmp, self.clock_path)

    def number(self):
        n = "+48512%06d" % next(_numbers)
        self.numbers.add(n)
        return n

    def route(self, caller):
        """Haven's decision for a call to LINE now (it writes nothing)."""
        r = requests.post(self.srv.url(ROUTE), json={
            "call_id": "probe-%d@test" % time.monotonic_ns(), "line": LINE,
            "caller": caller}, headers={
            "Authorization": "Bearer " + self.secret}, timeout=10)
        assert r.status_code == 200, r.text
        return r.json()

    def sipp(self, scenario, port, **kw):
        self._n += 1
        name = "%02d-%s" % (self._n, scenario[:-4])
        return Sipp(self.folder, name, scenario, port, **kw)

    def callee(self, scenario, who, **kw):
        """A phone (101, 102) or the gateway ("gw") waiting for a call."""
        port = self.gateway_port if who == "gw" else self.phone_ports[who]
        s = self.sipp(scenario, port, service="mobile" if who == "gw"
                      else who, **kw).start()
        wait_for("SIPp on port %d" % port, lambda: port_taken(port), 10,
                 0.02)
        return s

    def call(self, kam, scenario, caller, hold_ms=None):
        """Call LINE through kam from caller; the finished SIPp."""
        s = self.sipp(scenario, free_udp_port(),
                      remote="127.0.0.1:%d" % kam.port, service=LINE,
                      keys={"caller": caller}, hold_ms=hold_ms)
        s.rc = s.run(timeout=45)
        return s


def finish(*sipps):
    """Every callee's scenario completed; kill what is left on failure."""
    try:
        for s in sipps:
            rc = s.wait(30)
            assert rc == 0, "%s: exit %r\n%s" % (s.name, rc, s.report())
    finally:
        for s in sipps:
            s.kill()


@pytest.fixture(scope="module")
def world(install_factory, tmp_path_factory):
    inst = install_factory("sip")
    inst.init("--demo")
    clock = os.path.join(inst.dir, "telephony-clock")
    with open(clock, "w") as f:
        f.write("0")
    srv = inst.serve(env=clean_env(HAVEN_TELEPHONY_CLOCK_FILE=clock))
    w = World(srv, os.path.join(inst.data_dir, "telephony.secret"), clock,
              tmp_path_factory.mktemp("sip"))
    try:
        w.main = w.kamailio("main")
        yield w
    finally:
        logs = []
        for k in w.kamailios:
            k.stop()
            logs.append(k.log)
    srv.assert_clean_exit()
    # Neither side wrote the secret or a caller's number to its log.
    for log in logs + [srv.log]:
        assert w.secret not in log
        for n in w.numbers | {OLENA, THI_LAN}:
            assert n not in log and n[3:] not in log, "%s is in a log" % n


@pytest.fixture(scope="module")
def consultant(world):
    return world.srv.session("demo.consultant")


@pytest.fixture(scope="module")
def coordinator(world):
    return world.srv.session("demo.coordinator")


@pytest.fixture(scope="module")
def office(world, consultant):
    """10:00 on DAY: the demo calendar has the office open then."""
    r = consultant.get(world.srv.url("/api/v1/calendar"),
                       params={"year": DAY.year}, timeout=30)
    assert r.status_code == 200, r.text
    cal = r.json()
    hours = cal["hours"][DAY.weekday()]
    assert not hours["closed"] and hours["open"] <= "10:00" < hours["close"]
    assert DAY.isoformat() not in json.dumps(cal["holidays"])
    assert DAY.isoformat() not in json.dumps(cal["closures"])
    assert hours["close"] <= "22:00"
    return at(DAY, 10)


@pytest.fixture(scope="module")
def night(world, office, consultant, coordinator):
    """22:00 on DAY, with an on-call shift (the demo rota ends long
    before); the on-call user's name."""
    when = at(DAY, 22)
    world.set_clock(when)
    me = world.srv.session_user("demo.consultant")
    r = coordinator.post(world.srv.url("/api/v1/oncall"), json={
        "user_id": me["id"], "starts_at": iso(at(DAY, 17)),
        "ends_at": iso(at(DAY + timedelta(days=1), 9))}, timeout=30)
    assert r.status_code == 201, r.text
    d = world.route(world.number())
    assert d["action"] == "forward" and d["reason"] == "on_call", d
    assert d["number"] == ONCALL and d["out_of_hours"] is True, d
    assert d["on_call"] == "demo.consultant", d
    return when


def drafts(world, session):
    r = session.get(world.srv.url("/api/v1/contacts"),
                    params={"draft": "true", "limit": 50}, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["contacts"]


def full_contact(world, session, cid):
    r = session.get(world.srv.url("/api/v1/contacts/%d" % cid), timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["contact"]


def call_contact(world, session, number, done=lambda c: True, seen=()):
    """The draft contact a call from number left on LINE (waits for it,
    and for done(contact))."""
    def find():
        for c in drafts(world, session):
            if c["line"] != LINE or c["id"] in seen:
                continue
            full = full_contact(world, session, c["id"])
            if full["caller_number"] == number and done(full):
                return full
        return None
    return wait_for("the contact of a call from %s" % number, find)


def person_of(world, session, number):
    r = session.post(world.srv.url("/api/v1/contacts/lookup"),
                     json={"number": number}, timeout=30)
    assert r.status_code == 200, r.text
    person = r.json()["person"]
    assert person is not None, r.json()
    return person


def sent_invite(sipp):
    """The Request-URI of the INVITE a callee received."""
    for line in sipp.messages():
        if line.startswith("INVITE "):
            return line.split()[1]
    raise AssertionError("%s got no INVITE:\n%s" % (sipp.name,
                                                    sipp.report()))


class EventStream:
    """GET /api/v1/telephony/stream on a raw socket, read by a thread into
    a queue of (event, data).  A raw socket, so that close() (shutdown)
    ends the blocked reader at once."""

    def __init__(self, srv, session):
        self.sock = socket.create_connection(("127.0.0.1", srv.port),
                                             timeout=60)
        cookie = "; ".join("%s=%s" % (c.name, c.value)
                           for c in session.cookies)
        self.sock.sendall((
            "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nCookie: %s\r\n"
            "Accept: text/event-stream\r\n\r\n" % (STREAM, srv.port, cookie))
            .encode())
        self.f = self.sock.makefile("rb")
        self.status = int(self.f.readline().split()[1])
        self.headers = {}
        while True:
            line = self.f.readline().decode("latin-1").strip()
            if not line:
                break
            k, _, v = line.partition(":")
            self.headers[k.strip().lower()] = v.strip()
        self.chunked = self.headers.get("transfer-encoding") == "chunked"
        self.events = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _lines(self):
        """The body's lines (an event stream is UTF-8)."""
        buf = b""
        while True:
            if self.chunked:
                size = int(self.f.readline().split(b";")[0], 16)
                if size == 0:
                    return
                data = self.f.read(size)
                self.f.readline()
            else:
                data = self.f.read1(4096)
            if not data:
                return
            buf += data
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                yield line.rstrip(b"\r").decode("utf-8")

    def _read(self):
        ev, data = None, []
        try:
            for line in self._lines():
                if line.startswith("event:"):
                    ev = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].strip())
                elif line == "" and ev is not None:
                    self.events.put((ev, json.loads("\n".join(data))))
                    ev, data = None, []
        except (OSError, ValueError):
            pass
        self.events.put(None)

    def next(self, timeout=20):
        item = self.events.get(timeout=timeout)
        assert item is not None, "the stream ended"
        return item

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self.reader.join(5)


# ---------------------------------------------------------------------------

def test_office_hours_call_rings_the_phones_and_leaves_a_contact(
        world, office, coordinator):
    """Both registered phones ring at once; 101 answers; the caller hangs
    up after CALL_SECONDS: a draft contact for demo.consultant with the
    call's duration, line and number."""
    world.set_clock(office)
    caller = world.number()
    d = world.route(caller)
    assert d["action"] == "group" and set(d["extensions"]) >= {"101",
                                                                "102"}, d
    p101 = world.callee("uas_answer.xml", "101")
    p102 = world.callee("uas_ring.xml", "102")
    # From the trunk as an international number without the plus.
    c = world.call(world.main, "caller.xml", "00" + caller[1:],
                   hold_ms=CALL_SECONDS * 1000)
    assert c.rc == 0, c.report()
    finish(p101, p102)
    assert sent_invite(p101).startswith("sip:101@127.0.0.1:")
    assert sent_invite(p102).startswith("sip:102@127.0.0.1:")
    assert "CANCEL sip:102@127.0.0.1:%d SIP/2.0" % world.phone_ports[
        "102"] in p102.messages()

    contact = call_contact(world, coordinator, caller,
                           done=lambda c: c["duration_seconds"] > 0)
    assert contact["consultant"]["username"] == "demo.consultant"
    assert abs(contact["duration_seconds"] - CALL_SECONDS) <= 1, contact
    assert contact["channel"] == "office_line"
    assert contact["direction"] == "incoming"
    assert contact["out_of_hours"] is False
    assert contact["draft"] is True
    assert contact["line"] == LINE
    started = datetime.fromisoformat(contact["started_at"])
    assert abs((started - office).total_seconds()) < 60, contact


def test_out_of_hours_call_goes_to_the_on_call_mobile(world, night,
                                                      consultant):
    """At night the call is forwarded through the gateway to the on-call
    number; the mobile answers: a contact for the on-call consultant."""
    world.set_clock(night)
    caller = world.number()
    gw = world.callee("uas_answer.xml", "gw")
    c = world.call(world.main, "caller.xml", caller, hold_ms=1000)
    assert c.rc == 0, c.report()
    finish(gw)
    assert sent_invite(gw) == "sip:%s@127.0.0.1:%d" % (ONCALL,
                                                        world.gateway_port)
    contact = call_contact(world, consultant, caller,
                           done=lambda c: c["duration_seconds"] > 0)
    assert contact["consultant"]["username"] == "demo.consultant"
    assert contact["out_of_hours"] is True
    assert contact["draft"] is True
    assert contact["channel"] == "office_line"
    assert contact["duration_seconds"] <= 3


def test_missed_out_of_hours_call_asks_for_a_call_back(world, night,
                                                       consultant):
    """The on-call mobile is busy: the call is missed, a draft contact
    and a call-back task for the on-call consultant that shows the known
    caller's safe-contact protocol.  An anonymous caller who hangs up
    while it rings leaves a missed contact but nobody to call back."""
    world.set_clock(night)
    person = person_of(world, consultant, THI_LAN)
    gw = world.callee("uas_busy.xml", "gw")
    c = world.call(world.main, "caller_fail.xml", THI_LAN[3:])
    assert c.rc == 0, c.report()
    assert "SIP/2.0 486 Busy Here" in c.messages()
    finish(gw)
    assert sent_invite(gw).startswith("sip:%s@" % ONCALL)

    contact = call_contact(world, consultant, THI_LAN)
    assert contact["duration_seconds"] == 0
    assert contact["outcome"] == "follow_up"
    assert contact["followup"]["open"] is True
    assert contact["out_of_hours"] is True

    def task():
        r = consultant.get(world.srv.url("/api/v1/tasks"), timeout=30)
        assert r.status_code == 200, r.text
        return [t for t in r.json()["tasks"]
                if t["contact_id"] == contact["id"]]
    tasks = wait_for("the call-back task", task)
    assert len(tasks) == 1, tasks
    t = tasks[0]
    assert t["kind"] == "callback"
    assert t["assignee"]["username"] == "demo.consultant"
    assert t["due_on"] == DAY.isoformat()
    assert t["person"]["id"] == person["id"]
    assert t["person"]["pseudonym"] == person["pseudonym"]
    assert isinstance(t["safe_contact"], dict), t
    assert t["safe_contact"].get("code_word") == "Lotos", t

    # Anonymous, and the caller gives up while the mobile rings.
    seen = {x["id"] for x in drafts(world, consultant)}
    ntasks = len(consultant.get(world.srv.url("/api/v1/tasks"),
                                timeout=30).json()["tasks"])
    gw = world.callee("uas_ring.xml", "gw")
    c = world.call(world.main, "caller_cancel.xml", "anonymous")
    assert c.rc == 0, c.report()
    finish(gw)

    def missed():
        new = [x for x in drafts(world, consultant)
               if x["id"] not in seen and x["line"] == LINE]
        return new and full_contact(world, consultant, new[0]["id"])
    m = wait_for("the anonymous missed call", missed)
    assert m["caller_number"] is None
    assert m["duration_seconds"] == 0 and m["outcome"] == "follow_up"
    time.sleep(0.5)
    assert len(consultant.get(world.srv.url("/api/v1/tasks"),
                              timeout=30).json()["tasks"]) == ntasks


def test_known_caller_pops_up_on_the_answering_phone_screen(
        world, office, consultant):
    """demo.consultant's call screen is open; Olena calls in office hours,
    101 answers and later hangs up: the stream carries the answered call
    with her pseudonym and safe-contact protocol, then its end."""
    world.set_clock(office)
    person = person_of(world, consultant, OLENA)
    stream = EventStream(world.srv, consultant)
    next_event = stream.next
    try:
        assert stream.status == 200, stream.status
        assert stream.headers["content-type"].startswith(
            "text/event-stream")
        ev, data = next_event()
        assert ev == "hello" and data == {"user": "demo.consultant"}

        p101 = world.callee("uas_answer_hangup.xml", "101", hold_ms=2000)
        p102 = world.callee("uas_ring.xml", "102")
        c = world.call(world.main, "caller_wait.xml", OLENA)
        assert c.rc == 0, c.report()
        finish(p101, p102)
        assert "BYE" in " ".join(c.messages())

        ev, pop = next_event()
        assert ev == "call", (ev, pop)
        assert pop["state"] == "answered", pop
        assert pop["contact"]["draft"] is True
        assert pop["contact"]["consultant"]["username"] == "demo.consultant"
        caller = pop["caller"]
        assert caller["known"] is True and caller["number"] == OLENA
        assert caller["person"]["id"] == person["id"]
        assert caller["person"]["pseudonym"] == person["pseudonym"]
        assert caller["person"]["safe_contact"]["code_word"] == "Słonecznik"
        ev, end = next_event()
        assert ev == "call" and end["state"] == "ended", (ev, end)
        assert end["call_id"] == pop["call_id"]
        assert end["contact_id"] == pop["contact"]["id"]
        assert 1 <= end["duration_seconds"] <= 3, end
    finally:
        stream.close()


def test_haven_unreachable_the_call_still_reaches_a_human(world):
    """Haven does not answer within a second, then refuses connections:
    each time the call rings the fallback extensions and the fallback
    number through the gateway at once, and is answered."""
    silent = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)                   # accepts nothing, answers nothing
    port = silent.getsockname()[1]
    try:
        kam = world.kamailio("down", haven_url="http://127.0.0.1:%d" % port)
        for closed in (False, True):
            if closed:
                silent.close()          # now: connection refused
            p101 = world.callee("uas_answer.xml", "101")
            p102 = world.callee("uas_ring.xml", "102")
            gw = world.callee("uas_ring.xml", "gw")
            t0 = time.monotonic()
            c = world.call(kam, "caller.xml", world.number(), hold_ms=500)
            assert c.rc == 0, c.report() + kam.log[-3000:]
            finish(p101, p102, gw)
            assert sent_invite(p101).startswith("sip:101@")
            assert sent_invite(p102).startswith("sip:102@")
            assert sent_invite(gw).startswith("sip:+48600000100@")
            if not closed:
                assert time.monotonic() - t0 >= 1.0
        log = kam.log
        assert log.count("routing decision failed") == 2, log[-3000:]
        assert log.count("ringing the fallback targets") == 2
    finally:
        silent.close()


def test_wrong_secret_haven_refuses_and_the_call_falls_back(world):
    """Kamailio holds another secret: Haven answers 401 to its routing
    question and its events, logs and audits the refusals, and the call
    takes the fallback path."""
    wrong = os.path.join(world.folder, "wrong.secret")
    with open(wrong, "w") as f:
        f.write("%064x\n" % random.getrandbits(256))
    os.chmod(wrong, 0o600)
    before = len([m for m in world.srv.access_lines()
                  if m.group("route").startswith("telephony.")
                  and m.group("status") == "401"])
    kam = world.kamailio("wrong", secret_file=wrong)
    p101 = world.callee("uas_answer.xml", "101")
    p102 = world.callee("uas_ring.xml", "102")
    gw = world.callee("uas_ring.xml", "gw")
    c = world.call(kam, "caller.xml", world.number(), hold_ms=500)
    assert c.rc == 0, c.report()
    finish(p101, p102, gw)
    assert sent_invite(gw).startswith("sip:+48600000100@")

    def refused():
        lines = [m for m in world.srv.access_lines()
                 if m.group("route").startswith("telephony.")
                 and m.group("status") == "401"]
        # The routing question and the three events (ringing, answered,
        # ended), all refused.
        return len(lines) - before >= 4 and lines
    lines = wait_for("Haven's refusals", refused)
    assert {m.group("route") for m in lines} == {"telephony.route",
                                                 "telephony.event"}
    assert "routing decision failed (HTTP status or curl error 401)" in \
        kam.log
    log = world.srv.log
    assert "telephony: refused telephony.route" in log
    assert "telephony: refused telephony.event" in log
    with open(wrong) as f:
        assert f.read().strip() not in log
    auditor = world.srv.session("demo.auditor")
    r = auditor.get(world.srv.url("/api/v1/audit"), params={
        "action": "telephony.auth", "limit": 20}, timeout=30)
    assert r.status_code == 200, r.text
    entries = r.json()["entries"]
    assert len(entries) >= 4, entries
    assert all(e["result"] == "denied" for e in entries), entries
