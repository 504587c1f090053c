"""
Crash durability: writes at full speed from several clients, the server
killed with SIGKILL at a random moment, restarted on the same data, and
then every write that was answered 201 must be there with its content, no
record may be half-written, and the database must pass its checks.

A round: start haven, CLIENTS threads log contacts (each with a caller
number, a hand-over note, a summary carrying a unique marker and some an
urgent reason, so the sealed columns and the blind index are written) and
one thread writes case notes, until the server is killed 0.3-1.5 s in.
Then, with the server down: the audit chain verifies (`haven audit
verify`, the first to open the database after the crash), the database's
own check (SQLite integrity_check and foreign_key_check; PostgreSQL
amcheck's bt_index_check on every index and a count of every table), and
the statistics' day and month rollups equal a recount (`haven stats
rebuild`).  Then, restarted: every acknowledged contact read back through
the API with its content, every acknowledged note on its case's time line,
and in the tables every contact written by the test whole (its sealed
columns, its blind index, its audit entry), every audit entry of a
contact with its contact, and no note without its text.

HAVEN_CRASH_ROUNDS rounds (3 by default), HAVEN_CRASH_SEED to replay one.
"""
import os
import random
import threading
import time
from datetime import datetime, timezone

import pytest
import requests

from conftest import BACKEND, run_haven

ROUNDS = int(os.environ.get("HAVEN_CRASH_ROUNDS", "3"))
SEED = int(os.environ.get("HAVEN_CRASH_SEED", str(int(time.time()))))
CLIENTS = 4                     # threads logging contacts
KILL_AFTER = (0.3, 1.5)         # seconds of writes before SIGKILL
NOTES_PER_CASE = 400            # a time line shows 500 events

CHANNELS = ["office_line", "oncall_mobile", "email", "in_person", "chat",
            "letter"]
INQUIRERS = ["victim_polish", "victim_foreign", "family_friend",
             "organisation", "police_border_guard", "prosecutor_court",
             "at_risk", "going_abroad", "anonymous", "other"]
TOPICS = ["identification", "intervention", "prevention", "institution",
          "shelter", "legal", "health", "safety", "other"]
OUTCOMES = ["advice", "referred", "intervention", "follow_up", "no_action"]

# 2004 in UTC: a year of its own for the contacts of this file.
YEAR_START = int(datetime(2004, 1, 1, tzinfo=timezone.utc).timestamp())
YEAR_SECONDS = 366 * 86400


class Ledger:
    """What the server acknowledged, and what was in flight at the kill."""

    def __init__(self):
        self.lock = threading.Lock()
        self.contacts = {}      # id -> the body sent
        self.notes = {}         # marker -> case id
        self.doubtful = 0       # requests that got no answer
        self.errors = []        # answers that were neither 201 nor none
        self.round_contacts = []


def contact_body(rng, marker, number):
    when = YEAR_START + rng.randrange(YEAR_SECONDS)
    body = {
        "started_at": datetime.fromtimestamp(when, timezone.utc)
        .isoformat(),
        "duration_seconds": rng.randrange(30, 3600),
        "channel": rng.choice(CHANNELS),
        "direction": rng.choice(["incoming", "outgoing"]),
        "inquirer": rng.choice(INQUIRERS),
        "topics": sorted(rng.sample(TOPICS, rng.randrange(1, 4))),
        "urgency": "routine",
        "outcome": rng.choice(OUTCOMES),
        "summary": "crash test %s: she called about her passport." % marker,
        "caller_number": "58%07d" % number,
        # Sealed too; a routine contact out of hours needs one.
        "handover_note": "crash test %s: call her back." % marker,
    }
    if rng.random() < 0.3:
        body["urgency"] = "urgent"
        body["urgency_reason"] = "crash test %s urgent" % marker
    return body


def session_like(template, base_url):
    """A fresh requests.Session (its own keep-alive connection) carrying
    template's session cookie and CSRF header."""
    s = requests.Session()
    s.cookies.update(template.cookies)
    s.headers.update(template.headers)
    s.base = base_url
    return s


def contact_writer(s, ledger, rng, numbers, stop):
    while not stop.is_set():
        with ledger.lock:
            number = next(numbers)
        marker = "c%09d" % number
        body = contact_body(rng, marker, number)
        try:
            r = s.post(s.base + "/api/v1/contacts", json=body, timeout=30)
        except requests.RequestException:
            with ledger.lock:
                ledger.doubtful += 1
            return
        with ledger.lock:
            if r.status_code == 201:
                cid = r.json()["contact"]["id"]
                ledger.contacts[cid] = body
                ledger.round_contacts.append(cid)
            else:
                ledger.errors.append((r.status_code, r.text[:300]))
                return


def note_writer(s, ledger, case_id, numbers, stop):
    for _ in range(NOTES_PER_CASE):
        if stop.is_set():
            return
        with ledger.lock:
            marker = "crash note n%09d" % next(numbers)
        try:
            r = s.post(s.base + "/api/v1/cases/%d/notes" % case_id,
                       json={"text": marker}, timeout=30)
        except requests.RequestException:
            with ledger.lock:
                ledger.doubtful += 1
            return
        with ledger.lock:
            if r.status_code == 201:
                ledger.notes[marker] = case_id
            else:
                ledger.errors.append((r.status_code, r.text[:300]))
                return


def new_case(s):
    r = s.post(s.base + "/api/v1/persons", json={"citizenship": "UA"},
               timeout=30)
    assert r.status_code == 201, r.text
    r = s.post(s.base + "/api/v1/cases",
               json={"person_id": r.json()["person"]["id"]}, timeout=30)
    assert r.status_code == 201, r.text
    return r.json()["case"]["id"]


# ---------------------------------------------------------------------------
# The checks with the server down.

def rows(inst, sql):
    """Rows as tuples of text, whichever backend."""
    return [tuple("" if v is None else str(v) for v in row)
            for row in inst.query(sql)]


def rollups(inst):
    return {t: sorted(rows(inst, "SELECT * FROM %s WHERE n <> 0" % t))
            for t in ("contact_day", "contact_month")}


def check_database(inst):
    if BACKEND == "sqlite":
        assert inst.query("PRAGMA integrity_check") == [("ok",)]
        assert inst.query("PRAGMA foreign_key_check") == []
        return
    inst.query("CREATE EXTENSION IF NOT EXISTS amcheck")
    tables = [r[0] for r in inst.query(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    assert "contact" in tables
    counts = inst.query("SELECT " + ", ".join(
        "(SELECT count(*) FROM %s)" % t for t in tables))
    assert len(counts) == 1 and len(counts[0]) == len(tables), counts
    # Every B-tree index, and that its heap holds what it points at.
    inst.query("SELECT bt_index_check(c.oid, true) FROM pg_index i "
               "JOIN pg_class c ON c.oid = i.indexrelid "
               "JOIN pg_am a ON a.oid = c.relam "
               "JOIN pg_namespace n ON n.oid = c.relnamespace "
               "WHERE a.amname = 'btree' AND n.nspname = 'public'")


def check_down(inst):
    # Haven first opens the database left by the crash, as on a restart.
    r = run_haven("audit", "verify", *inst.args())
    assert r.returncode == 0, (r.stdout, r.stderr)
    check_database(inst)
    before = rollups(inst)
    r = run_haven("stats", "rebuild", *inst.args())
    assert r.returncode == 0, r.stderr
    assert rollups(inst) == before, "the rollups differ from a recount"


# ---------------------------------------------------------------------------
# The checks with the server up again.

def check_contact(s, cid, body):
    r = s.get(s.base + "/api/v1/contacts/%d" % cid, timeout=30)
    assert r.status_code == 200, (cid, r.status_code, r.text)
    got = r.json()["contact"]
    for k in ("duration_seconds", "channel", "direction", "inquirer",
              "urgency", "outcome", "summary", "handover_note"):
        assert got[k] == body[k], (cid, k, got[k], body[k])
    assert sorted(got["topics"]) == body["topics"], (cid, got["topics"])
    assert got["caller_number"] == "+48" + body["caller_number"], cid
    assert got["urgency_reason"] == body.get("urgency_reason"), cid
    assert datetime.fromisoformat(got["started_at"]) == \
        datetime.fromisoformat(body["started_at"]), cid


def check_up(inst, srv, template, ledger, base_id):
    # Every contact this round acknowledged, read back whole, in parallel.
    ids = list(ledger.round_contacts)
    failures = []

    def reader(part):
        s = session_like(template, srv.base_url)
        for cid in part:
            try:
                check_contact(s, cid, ledger.contacts[cid])
            except AssertionError as exc:
                failures.append(exc)
    threads = [threading.Thread(target=reader, args=(ids[i::CLIENTS],))
               for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures[:5]

    # Every note acknowledged so far on its case's time line.
    s = session_like(template, srv.base_url)
    for case_id in set(ledger.notes.values()):
        r = s.get(s.base + "/api/v1/cases/%d/timeline" % case_id, timeout=30)
        assert r.status_code == 200, r.text
        texts = {ev["text"] for ev in r.json()["events"]
                 if ev["kind"] == "note"}
        lost = [m for m, c in ledger.notes.items()
                if c == case_id and m not in texts]
        assert not lost, "acknowledged notes lost: %r" % lost[:5]

    # In the tables: every acknowledged contact of every round, and every
    # contact written by the test (acknowledged or in flight at a kill)
    # whole, with its audit entry, and no audit entry without its contact.
    stored = {int(r[0]) for r in inst.query(
        "SELECT id FROM contact WHERE id > %d" % base_id)}
    lost = set(ledger.contacts) - stored
    assert not lost, "acknowledged contacts lost: %r" % sorted(lost)[:10]
    half = inst.query(
        "SELECT id FROM contact WHERE id > %d AND (summary IS NULL OR "
        "caller_number IS NULL OR caller_bidx IS NULL OR handover_note IS "
        "NULL OR (urgency = "
        "'urgent' AND urgency_reason IS NULL))" % base_id)
    assert half == [], "half-written contacts: %r" % half
    audited = {int(r[0]) for r in inst.query(
        "SELECT object_id FROM audit_log WHERE action = 'contact.create' "
        "AND object_id > %d" % base_id)}
    assert audited == stored, (sorted(stored - audited)[:10],
                               sorted(audited - stored)[:10])
    cases = sorted(set(ledger.notes.values()))
    if cases:
        half = inst.query(
            "SELECT id FROM case_event WHERE kind = 'note' AND text IS "
            "NULL AND case_id IN (%s)" % ", ".join(map(str, cases)))
        assert half == [], "half-written notes: %r" % half
    return len(stored)


@pytest.fixture(scope="module")
def inst(install_factory):
    """One demo install for the file (an init takes half a minute under
    ASan); each test starts its own servers on it."""
    i = install_factory("crash")
    i.init("--demo")
    return i


def test_kill_during_writes(inst):
    rng = random.Random(SEED)
    print("\ncrash: %s, %d rounds, seed %d" % (BACKEND, ROUNDS, SEED))
    srv = inst.serve()
    template = srv.session("demo.consultant")
    base_id = max([int(r[0]) for r in inst.query(
        "SELECT COALESCE(MAX(id), 0) FROM contact")])
    ledger = Ledger()
    numbers = iter(rng.sample(range(10 ** 7), 10 ** 6))
    started = time.monotonic()
    stored = 0
    kills = 0
    try:
        for _ in range(ROUNDS):
            ledger.round_contacts = []
            case_id = new_case(session_like(template, srv.base_url))
            stop = threading.Event()
            threads = [threading.Thread(target=contact_writer, args=(
                session_like(template, srv.base_url), ledger,
                random.Random(rng.random()), numbers, stop))
                for _ in range(CLIENTS)]
            threads.append(threading.Thread(target=note_writer, args=(
                session_like(template, srv.base_url), ledger, case_id,
                numbers, stop)))
            for t in threads:
                t.start()
            time.sleep(rng.uniform(*KILL_AFTER))
            srv.kill()
            kills += 1
            stop.set()
            for t in threads:
                t.join(60)
            assert not ledger.errors, ledger.errors[:5]
            assert ledger.round_contacts, "no write was acknowledged"
            check_down(inst)
            srv = inst.serve()
            stored = check_up(inst, srv, template, ledger, base_id)
    finally:
        if srv.proc.poll() is None:
            srv.assert_clean_exit()
    print("crash: %s: %d kills; %d contacts and %d notes acknowledged, "
          "all found, 0 lost; %d requests unanswered at a kill; %d contacts "
          "stored by the test; %.1f s" % (
              BACKEND, kills, len(ledger.contacts), len(ledger.notes),
              ledger.doubtful, stored, time.monotonic() - started))


def test_concurrent_writes_all_acknowledged(inst):
    """Many clients writing at once are all answered 201: on PostgreSQL
    concurrent serializable writers used to fail each other on the audit
    chain's head until some ran out of retries and got a 503."""
    srv = inst.serve()
    template = srv.session("demo.consultant")
    rng = random.Random(SEED)
    numbers = iter(rng.sample(range(10 ** 7), 10 ** 5))
    answers = []
    lock = threading.Lock()
    deadline = time.monotonic() + 5

    def writer(seed):
        s = session_like(template, srv.base_url)
        wrng = random.Random(seed)
        while time.monotonic() < deadline:
            with lock:
                number = next(numbers)
            r = s.post(s.base + "/api/v1/contacts", json=contact_body(
                wrng, "w%09d" % number, number), timeout=60)
            with lock:
                answers.append((r.status_code, r.text[:200]))
    threads = [threading.Thread(target=writer, args=(rng.random(),))
               for _ in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    srv.assert_clean_exit()
    bad = [a for a in answers if a[0] != 201]
    assert not bad, "%d of %d writes failed: %r" % (len(bad), len(answers),
                                                   bad[:3])
    print("\nconcurrent: %s: %d writes in 5 s, all 201" % (BACKEND,
                                                           len(answers)))
