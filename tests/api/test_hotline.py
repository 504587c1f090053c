"""
The hotline (docs/API-hotline.md) on the shared demo install: the
enumerations, recording contacts and their validation, out-of-hours
contacts and the follow-up queue, the service calendar, the morning
hand-over, caller look-up, corrections with revisions and audit, keyset
search, the on-call rota and its gaps, who may do what, and what the
database files hold in clear.

The demo install holds demo contacts of its own: every check here filters
by data it made itself (unique caller numbers, contacts in March 2019,
shifts in March 2031) and never counts the whole table.
"""
import json
import random
import re
import secrets
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import requests

from conftest import assert_error

WARSAW = ZoneInfo("Europe/Warsaw")
ISO_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")

ENUMS = {
    "channel": ["office_line", "oncall_mobile", "email", "in_person", "chat",
                "letter"],
    "direction": ["incoming", "outgoing"],
    "inquirer": ["victim_polish", "victim_foreign", "family_friend",
                 "organisation", "police_border_guard", "prosecutor_court",
                 "at_risk", "going_abroad", "anonymous", "other"],
    "topic": ["identification", "intervention", "prevention", "institution",
              "shelter", "legal", "health", "safety", "other"],
    "urgency": ["urgent", "routine"],
    "outcome": ["advice", "referred", "intervention", "case_opened",
                "follow_up", "no_action"],
}

CONTACT_KEYS = {
    "id", "started_at", "duration_seconds", "channel", "direction",
    "country", "language", "interpreter", "inquirer", "topics", "urgency",
    "urgency_reason", "outcome", "summary", "caller_number", "consultant",
    "out_of_hours", "handover_note", "followup", "version", "created_at",
    "updated_at", "person", "case", "organisation", "draft", "line"}
PRIVATE_KEYS = {"summary", "urgency_reason", "caller_number",
                "handover_note"}
ROW_KEYS = CONTACT_KEYS - PRIVATE_KEYS
QUEUE_KEYS = ROW_KEYS | {"handover_note"}

REQUIRED = ["started_at", "duration_seconds", "channel", "direction",
            "inquirer", "topics", "urgency", "outcome"]

# A Wednesday, 10:00 in Warsaw: office hours by default.
IN_HOURS = "2026-11-25T10:00:00+01:00"

BASE = {
    "started_at": IN_HOURS,
    "duration_seconds": 300,
    "channel": "office_line",
    "direction": "incoming",
    "inquirer": "victim_foreign",
    "topics": ["identification"],
    "urgency": "routine",
    "outcome": "advice",
}
URGENT = {"urgency": "urgent", "urgency_reason": "Checking the calendar"}

DEFAULT_HOURS = ([{"weekday": w, "open": "09:00", "close": "17:00"}
                  for w in range(5)] +
                 [{"weekday": w, "open": "00:00", "close": "00:00"}
                  for w in (5, 6)])

DROP = object()         # a field left out of a body

_numbers = iter(random.sample(range(10 ** 7), 200))


def fresh_number():
    """A Polish mobile number nobody used (the demo's are +48 555 01x xxx):
    (as typed, normalised)."""
    n = "57%07d" % next(_numbers)
    return "%s %s %s" % (n[:3], n[3:6], n[6:]), "+48" + n


# A caller number on every contact the validation tests send: none of them
# may be stored.
REJECTED_TYPED, REJECTED_NUMBER = fresh_number()


def local(y, m, d, hh=0, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=WARSAW)


def iso(dt):
    """A datetime as the API writes it: Warsaw local time with offset."""
    return dt.astimezone(WARSAW).isoformat(timespec="seconds")


def parse(s):
    assert isinstance(s, str) and ISO_RE.fullmatch(s), s
    return datetime.fromisoformat(s)


def in_office_hours(dt):
    """Default hours, no holiday or closure in the windows used here."""
    t = dt.astimezone(WARSAW)
    return t.weekday() < 5 and 9 <= t.hour < 17


def body_of(**over):
    b = dict(BASE)
    for k, v in over.items():
        if v is DROP:
            b.pop(k, None)
        else:
            b[k] = v
    return b


def check_contact(ct):
    assert set(ct) == CONTACT_KEYS, sorted(ct)
    assert isinstance(ct["id"], int)
    for k in ("started_at", "created_at", "updated_at"):
        parse(ct[k])
    assert isinstance(ct["version"], int)
    assert isinstance(ct["out_of_hours"], bool)
    assert isinstance(ct["interpreter"], bool)
    assert set(ct["consultant"]) == {"id", "username"}
    assert ct["followup"] is None or \
        set(ct["followup"]) == {"open", "done_at", "done_by"}, ct["followup"]


def check_row(row, keys=ROW_KEYS):
    assert set(row) == keys, sorted(row)
    parse(row["started_at"])


def create(c, **over):
    r = c.post("/api/v1/contacts", json=body_of(**over))
    assert r.status_code == 201, r.text
    assert set(r.json()) == {"contact"}, r.json()
    ct = r.json()["contact"]
    check_contact(ct)
    return ct


def get_contact(c, cid):
    r = c.get("/api/v1/contacts/%d" % cid)
    assert r.status_code == 200, r.text
    ct = r.json()["contact"]
    check_contact(ct)
    return ct


def send(c, method, path, body=None):
    return c.s.request(method, c.url(path), json=body,
                       headers=c._headers(None), timeout=30)


def ref(c):
    return {"id": c.user["id"], "username": c.user["username"]}


# ---------------------------------------------------------------------------
# Sessions: one login per demo account, and only those a test needs.

# clients, con and coord: conftest.py


# ---------------------------------------------------------------------------
# Enumerations.

def test_enums(con):
    r = con.get("/api/v1/enums")
    assert r.status_code == 200, r.text
    body = r.json()
    # The case file enumerations are checked by test_cases.py.
    assert set(ENUMS) <= set(body)
    for name, codes in ENUMS.items():
        values = body[name]
        assert [v["code"] for v in values] == codes, name
        for v in values:
            assert set(v) == {"code", "pl", "en"}, v
            assert isinstance(v["pl"], str) and v["pl"].strip(), v
            assert isinstance(v["en"], str) and v["en"].strip(), v
    urgent = [v for v in body["urgency"] if v["code"] == "urgent"][0]
    assert urgent["pl"] != urgent["en"]


# ---------------------------------------------------------------------------
# Creating contacts.

def test_create_contact(con):
    typed, number = fresh_number()
    b = body_of(started_at="2026-11-25T09:30:00Z", duration_seconds=754,
                channel="oncall_mobile", direction="outgoing",
                country="UA", language="uk", interpreter=True,
                inquirer="victim_foreign", topics=["legal", "shelter"],
                urgency="urgent", urgency_reason="Employer holds passport",
                outcome="referred",
                summary="Zażółć gęślą jaźń.\nA second line.\r\n\tIndented.",
                caller_number=typed)
    r = con.post("/api/v1/contacts", json=b)
    assert r.status_code == 201, r.text
    ct = r.json()["contact"]
    check_contact(ct)
    assert ct["started_at"] == "2026-11-25T10:30:00+01:00"
    assert ct["caller_number"] == number
    for k in ("duration_seconds", "channel", "direction", "country",
              "language", "interpreter", "inquirer", "urgency",
              "urgency_reason", "outcome", "summary"):
        assert ct[k] == b[k], k
    assert sorted(ct["topics"]) == ["legal", "shelter"]
    assert ct["consultant"] == ref(con)
    assert ct["out_of_hours"] is False
    assert ct["followup"] is None
    assert ct["handover_note"] is None
    assert parse(ct["created_at"]) <= parse(ct["updated_at"])
    assert get_contact(con, ct["id"]) == ct
    # Summer time: the offset follows the date.
    ct = create(con, started_at="2026-07-15T08:00:00Z")
    assert ct["started_at"] == "2026-07-15T10:00:00+02:00"
    ct = create(con, started_at="2026-11-25T06:05:00.250-05:00")
    assert ct["started_at"] == "2026-11-25T12:05:00+01:00"


@pytest.mark.parametrize("sent,echoed", [
    # Spring: 2:00 local does not exist on 29 March 2026.
    ("2026-03-29T00:30:00Z", "2026-03-29T01:30:00+01:00"),
    ("2026-03-29T01:30:00Z", "2026-03-29T03:30:00+02:00"),
    # Autumn: 2:30 local happens twice on 25 October 2026.
    ("2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+02:00"),
    ("2026-10-25T02:30:00+01:00", "2026-10-25T02:30:00+01:00"),
    ("2026-10-24T23:59:59-00:00", "2026-10-25T01:59:59+02:00"),
])
def test_started_at_around_summer_time(con, sent, echoed):
    ct = create(con, started_at=sent, **URGENT)
    assert ct["started_at"] == echoed
    assert parse(ct["started_at"]) == datetime.fromisoformat(
        sent.replace("Z", "+00:00"))


@pytest.mark.parametrize("when", ["1901-11-25T10:00:00+01:00",
                                  "1970-01-01T00:00:00Z"])
def test_started_at_before_1970(con, when):
    r = con.post("/api/v1/contacts", json=body_of(started_at=when, **URGENT))
    if r.status_code == 201:
        ct = r.json()["contact"]
        assert ct["started_at"] is not None
        assert parse(ct["started_at"]) == datetime.fromisoformat(
            when.replace("Z", "+00:00"))
    else:
        assert_error(r, 422, "invalid", "started_at")


def test_create_minimal_contact_has_nulls(con):
    ct = create(con)
    for k in ("country", "language", "urgency_reason", "summary",
              "caller_number", "handover_note", "followup"):
        assert ct[k] is None, k
    assert ct["interpreter"] is False
    assert ct["started_at"] == IN_HOURS
    assert ct["topics"] == ["identification"]


def post_utf8(c, path, body, ensure_ascii):
    """POST body as JSON: raw UTF-8 (as a browser sends it) or with every
    non-ASCII character escaped (as Python's json does by default)."""
    data = json.dumps(body, ensure_ascii=ensure_ascii).encode()
    return c.s.post(c.url(path), data=data, timeout=30,
                    headers=c._headers({"Content-Type": "application/json"}))


# Every text at its limit, in Ukrainian (two bytes a letter in UTF-8).
FULL_TEXT = {"summary": ("Дзвонила сестра.\n" * 300)[:4000],
             "urgency_reason": "ї" * 500, "handover_note": "є" * 1000}


def test_create_limits_accepted(con):
    for d in (0, 86400):
        assert create(con, duration_seconds=d)["duration_seconds"] == d
    ct = create(con, topics=list(ENUMS["topic"]), country=None,
                language=None)
    assert sorted(ct["topics"]) == sorted(ENUMS["topic"])
    r = post_utf8(con, "/api/v1/contacts", body_of(**(URGENT | FULL_TEXT)),
                  ensure_ascii=False)
    assert r.status_code == 201, r.text
    ct = r.json()["contact"]
    for k, v in FULL_TEXT.items():
        assert ct[k] == v, k
    assert len(ct["summary"]) == 4000 and "\n" in ct["summary"]


def test_create_limits_accepted_escaped(con):
    r = post_utf8(con, "/api/v1/contacts", body_of(**(URGENT | FULL_TEXT)),
                  ensure_ascii=True)
    assert r.status_code == 201, r.text
    assert r.json()["contact"]["summary"] == FULL_TEXT["summary"]


@pytest.mark.parametrize("field", REQUIRED)
def test_create_missing_field(con, field):
    r = con.post("/api/v1/contacts",
                 json=body_of(**{field: DROP},
                              caller_number=REJECTED_TYPED))
    assert_error(r, 422, "invalid", field)


BAD = [
    ("channel", {"channel": "fax"}),
    ("direction", {"direction": "sideways"}),
    ("inquirer", {"inquirer": "journalist"}),
    ("urgency", {"urgency": "whenever"}),
    ("outcome", {"outcome": "maybe"}),
    ("channel", {"channel": 3}),
    ("outcome", {"outcome": None}),
    ("topics", {"topics": []}),
    ("topics", {"topics": ["legal", "legal"]}),
    ("topics", {"topics": ["legal", "astrology"]}),
    ("topics", {"topics": "legal"}),
    ("topics", {"topics": [5]}),
    ("started_at", {"started_at": "2026-11-25T10:00:00"}),
    ("started_at", {"started_at": "2026-11-25"}),
    ("started_at", {"started_at": "25.11.2026 10:00"}),
    ("started_at", {"started_at": "2026-02-30T10:00:00+01:00"}),
    ("started_at", {"started_at": "2026-11-25T10:00:00+1:00"}),
    ("started_at", {"started_at": 1764061200}),
    ("duration_seconds", {"duration_seconds": -1}),
    ("duration_seconds", {"duration_seconds": 86401}),
    ("duration_seconds", {"duration_seconds": "300"}),
    ("duration_seconds", {"duration_seconds": 1.5}),
    ("country", {"country": "pl"}),
    ("country", {"country": "POL"}),
    ("country", {"country": "P1"}),
    ("country", {"country": 48}),
    ("language", {"language": "PL"}),
    ("language", {"language": "ukra"}),
    ("language", {"language": "u"}),
    ("interpreter", {"interpreter": "yes"}),
    ("summary", {"summary": "x" * 4001}),
    ("summary", {"summary": "colour \x1b[31m escape"}),
    ("urgency_reason", {"urgency": "urgent", "urgency_reason": DROP}),
    ("urgency_reason", {"urgency": "urgent", "urgency_reason": ""}),
    ("urgency_reason", {"urgency": "urgent", "urgency_reason": None}),
    ("urgency_reason", {"urgency": "urgent", "urgency_reason": "r" * 501}),
    ("urgency_reason", {"urgency": "urgent", "urgency_reason": "bell\x07"}),
    ("handover_note", {"handover_note": "n" * 1001}),
    ("handover_note", {"started_at": "2026-11-25T20:00:00+01:00"}),
    ("handover_note", {"started_at": "2026-11-21T11:00:00+01:00",
                       "handover_note": ""}),
    ("colour", {"colour": "red"}),
    ("out_of_hours", {"out_of_hours": False}),
    ("id", {"id": 1}),
    ("caller_number", {"caller_number": "call me maybe"}),
    ("caller_number", {"caller_number": "12345"}),
    ("caller_number", {"caller_number": "600 100 200 ext. 5"}),
    ("caller_number", {"caller_number": "+48 600 100 200" + " " * 18}),
    ("caller_number", {"caller_number": "600\n100200"}),
    ("caller_number", {"caller_number": 600100200}),
]


@pytest.mark.parametrize("field,over", BAD,
                         ids=["%s-%d" % (b.values[0] if hasattr(b, "values")
                                         else b[0], i)
                              for i, b in enumerate(BAD)])
def test_create_invalid(con, field, over):
    over = dict(over)
    over.setdefault("caller_number", REJECTED_TYPED)
    r = con.post("/api/v1/contacts", json=body_of(**over))
    assert_error(r, 422, "invalid", field)


def test_rejected_contacts_not_stored(con):
    r = con.post("/api/v1/contacts/lookup", json={"number": REJECTED_TYPED})
    assert r.status_code == 200, r.text
    assert r.json() == {"known": False, "number": REJECTED_NUMBER,
                        "contacts": 0, "last_contact": None,
                            "person": None}


def test_contact_not_found(con):
    assert_error(con.get("/api/v1/contacts/99999999"), 404, "not_found")
    assert_error(con.get("/api/v1/contacts/99999999/revisions"), 404,
                 "not_found")


# ---------------------------------------------------------------------------
# Out of hours and the follow-up queue.

@pytest.mark.parametrize("when,ooh", [
    ("2026-11-25T10:00:00+01:00", False),    # Wednesday
    ("2026-11-25T09:00:00+01:00", False),
    ("2026-11-25T16:59:00+01:00", False),
    ("2026-11-25T08:59:00+01:00", True),
    ("2026-11-25T17:00:00+01:00", True),
    ("2026-11-25T20:00:00+01:00", True),
    ("2026-11-25T19:00:00Z", True),          # 20:00 in Warsaw
    ("2026-11-25T08:30:00Z", False),         # 9:30 in Warsaw
    ("2026-11-21T11:00:00+01:00", True),     # Saturday
    ("2026-11-22T11:00:00+01:00", True),     # Sunday
    ("2026-11-11T10:00:00+01:00", True),     # Independence Day
    ("2026-12-24T10:00:00+01:00", True),     # Christmas Eve, from 2025
    ("2026-06-04T10:00:00+02:00", True),     # Corpus Christi
    ("2026-07-15T08:30:00Z", False),         # 10:30 summer time
    ("2026-07-15T15:30:00Z", True),          # 17:30 summer time
])
def test_out_of_hours(con, when, ooh):
    ct = create(con, started_at=when, **URGENT)
    assert ct["out_of_hours"] is ooh, (when, ct["started_at"])
    # Urgent: never queued, whether in hours or not.
    assert ct["followup"] is None


def test_followup_queue(con, coord):
    note_a, note_b = "Call back after 10", "Wants a lawyer, Ukrainian"
    a = create(con, started_at="2026-11-25T20:00:00+01:00",
               handover_note=note_a)
    b = create(con, started_at="2026-11-21T11:00:00+01:00",
               handover_note=note_b, summary="Weekend call")
    f = create(con, started_at="2026-11-25T11:00:00+01:00",
               outcome="follow_up")
    u = create(con, started_at="2026-11-25T21:00:00+01:00",
               handover_note="Urgent, handled at night", **URGENT)
    i = create(con, started_at="2026-11-25T12:00:00+01:00")
    opened = {"open": True, "done_at": None, "done_by": None}
    for ct in (a, b, f):
        assert ct["followup"] == opened, ct
    assert a["out_of_hours"] and b["out_of_hours"] and u["out_of_hours"]
    assert not f["out_of_hours"] and not i["out_of_hours"]
    assert a["handover_note"] == note_a and f["handover_note"] is None
    assert u["followup"] is None and i["followup"] is None

    def queue():
        r = con.get("/api/v1/followups")
        assert r.status_code == 200, r.text
        assert set(r.json()) == {"followups"}
        items = r.json()["followups"]
        for it in items:
            check_row(it, QUEUE_KEYS)
        times = [parse(it["started_at"]) for it in items]
        assert times == sorted(times), "not oldest first"
        return {it["id"]: it for it in items}, [it["id"] for it in items]

    items, order = queue()
    assert {a["id"], b["id"], f["id"]} <= set(items)
    assert u["id"] not in items and i["id"] not in items
    assert items[a["id"]]["handover_note"] == note_a
    assert items[b["id"]]["handover_note"] == note_b
    assert items[f["id"]]["handover_note"] is None
    assert items[a["id"]]["followup"]["open"] is True
    assert order.index(b["id"]) < order.index(f["id"]) < order.index(a["id"])

    r = coord.post("/api/v1/followups/%d/done" % f["id"])
    assert r.status_code == 200, r.text
    assert r.json() == {"ok": True}
    items, _ = queue()
    assert f["id"] not in items and a["id"] in items
    done = get_contact(con, f["id"])["followup"]
    assert done["open"] is False
    assert parse(done["done_at"]) >= parse(f["created_at"])
    # The contract leaves done_by's shape open: a user reference.
    assert done["done_by"] in (ref(coord), coord.user["id"],
                               "demo.coordinator"), done
    assert_error(coord.post("/api/v1/followups/%d/done" % f["id"]), 404,
                 "not_found")
    assert_error(con.post("/api/v1/followups/%d/done" % u["id"]), 404,
                 "not_found")
    assert_error(con.post("/api/v1/followups/99999999/done"), 404,
                 "not_found")
    for ct in (a, b):
        r = con.post("/api/v1/followups/%d/done" % ct["id"])
        assert r.status_code == 200, r.text
    items, _ = queue()
    assert not {a["id"], b["id"]} & set(items)
    assert get_contact(con, a["id"])["followup"]["done_by"] in \
        (ref(con), con.user["id"], "demo.consultant")


# ---------------------------------------------------------------------------
# The service calendar.

HOLIDAYS_2026 = {
    "2026-01-01", "2026-01-06", "2026-04-05", "2026-04-06", "2026-05-01",
    "2026-05-03", "2026-05-24", "2026-06-04", "2026-08-15", "2026-11-01",
    "2026-11-11", "2026-12-24", "2026-12-25", "2026-12-26"}


def check_default_hours(hours):
    assert [h["weekday"] for h in hours] == list(range(7))
    for h in hours:
        assert set(h) == {"weekday", "open", "close", "closed"}, h
        if h["weekday"] < 5:
            assert (h["open"], h["close"], h["closed"]) == \
                ("09:00", "17:00", False), h
        else:
            assert h["closed"] is True, h


def test_calendar(con):
    r = con.get("/api/v1/calendar", params={"year": 2026})
    assert r.status_code == 200, r.text
    cal = r.json()
    assert set(cal) == {"hours", "closures", "holidays", "now"}
    check_default_hours(cal["hours"])
    days = {h["day"] for h in cal["holidays"]}
    assert days == HOLIDAYS_2026
    for h in cal["holidays"]:
        assert set(h) == {"day", "name"}
        assert isinstance(h["name"], str) and h["name"]
    for c in cal["closures"]:
        assert set(c) == {"day", "note"}
    now = cal["now"]
    assert set(now) == {"open", "next_open", "next_close"}
    assert isinstance(now["open"], bool)
    t = datetime.now(timezone.utc)
    if now["open"]:
        assert parse(now["next_close"]) > t
    else:
        assert parse(now["next_open"]) > t
    # Another year: Christmas Eve became a holiday in 2025.
    r = con.get("/api/v1/calendar", params={"year": 2019})
    days = {h["day"] for h in r.json()["holidays"]}
    assert "2019-04-22" in days and "2019-06-20" in days
    assert "2019-12-24" not in days and "2019-12-25" in days
    assert all(d.startswith("2019-") for d in days)
    # By default, this year's.
    r = con.get("/api/v1/calendar")
    years = {h["day"][:4] for h in r.json()["holidays"]}
    assert len(years) == 1
    assert int(years.pop()) in (t.year, t.astimezone(WARSAW).year)
    assert_error(con.get("/api/v1/calendar", params={"year": "twenty"}),
                 422, "invalid", "year")


def test_closure_days(con, coord, server):
    day, key = "2026-10-14", "20261014"             # a Wednesday
    at = "2026-10-14T10:00:00+02:00"
    assert create(con, started_at=at, **URGENT)["out_of_hours"] is False
    r = coord.post("/api/v1/calendar/closures",
                   json={"day": day, "note": "Team training"})
    assert r.status_code == 201, r.text
    try:
        cal = con.get("/api/v1/calendar", params={"year": 2026}).json()
        assert {"day": day, "note": "Team training"} in cal["closures"]
        assert create(con, started_at=at, **URGENT)["out_of_hours"] is True
        assert_error(coord.post("/api/v1/calendar/closures",
                                json={"day": day, "note": "Again"}),
                     409, "conflict")
        assert_error(con.post("/api/v1/calendar/closures",
                              json={"day": "2026-10-15", "note": "x"}),
                     403, "forbidden")
        assert_error(con.delete("/api/v1/calendar/closures/" + key), 403,
                     "forbidden")
        for bad in ("2026-02-30", "14.10.2026", "2026-10-14T00:00:00Z"):
            assert_error(coord.post("/api/v1/calendar/closures",
                                    json={"day": bad, "note": "x"}),
                         422, "invalid", "day")
    finally:
        r = coord.delete("/api/v1/calendar/closures/" + key)
    assert r.status_code == 200, r.text
    assert r.json() == {"ok": True}
    assert_error(coord.delete("/api/v1/calendar/closures/" + key), 404,
                 "not_found")
    cal = con.get("/api/v1/calendar", params={"year": 2026}).json()
    assert day not in {c["day"] for c in cal["closures"]}
    assert create(con, started_at=at, **URGENT)["out_of_hours"] is False


def test_office_hours(con, coord):
    def put(c, hours):
        return send(c, "PUT", "/api/v1/calendar/hours", {"hours": hours})

    bad = [dict(h) for h in DEFAULT_HOURS]
    bad[0]["open"] = "25:00"
    assert_error(put(coord, bad), 422, "invalid")
    bad = [dict(h) for h in DEFAULT_HOURS]
    bad[2]["close"] = "17:60"
    assert_error(put(coord, bad), 422, "invalid")
    assert_error(put(coord, DEFAULT_HOURS[:6]), 422, "invalid")
    assert_error(put(con, DEFAULT_HOURS), 403, "forbidden")
    check_default_hours(con.get("/api/v1/calendar").json()["hours"])

    saturday = [dict(h) for h in DEFAULT_HOURS]
    saturday[5] = {"weekday": 5, "open": "10:00", "close": "14:00"}
    try:
        r = put(coord, saturday)
        assert r.status_code == 200, r.text
        assert set(r.json()) == {"hours", "closures", "holidays", "now"}
        sat = r.json()["hours"][5]
        assert sat == {"weekday": 5, "open": "10:00", "close": "14:00",
                       "closed": False}
        assert con.get("/api/v1/calendar").json()["hours"][5] == sat
        for when, ooh in (("2026-11-21T11:00:00+01:00", False),
                          ("2026-11-21T09:59:00+01:00", True),
                          ("2026-11-21T15:00:00+01:00", True),
                          ("2026-11-22T11:00:00+01:00", True)):
            ct = create(con, started_at=when, **URGENT)
            assert ct["out_of_hours"] is ooh, when
    finally:
        r = put(coord, DEFAULT_HOURS)
    assert r.status_code == 200, r.text
    check_default_hours(r.json()["hours"])
    ct = create(con, started_at="2026-11-21T11:00:00+01:00", **URGENT)
    assert ct["out_of_hours"] is True


# ---------------------------------------------------------------------------
# The morning hand-over.

def test_handover(con, coord):
    r = con.get("/api/v1/handover")
    assert r.status_code == 200, r.text
    h = r.json()
    assert set(h) == {"period", "contacts", "acknowledged"}
    assert set(h["period"]) == {"from", "to"}
    start, end = parse(h["period"]["from"]), parse(h["period"]["to"])
    assert start < end <= datetime.now(timezone.utc)
    # Default hours: closing at 17:00, opening at 9:00.
    assert start.astimezone(WARSAW).strftime("%H:%M") == "17:00"
    assert end.astimezone(WARSAW).strftime("%H:%M") == "09:00"
    assert h["acknowledged"] is None, h["acknowledged"]

    mid = start + (end - start) / 2
    mid = mid.replace(second=0, microsecond=0)
    night = create(con, started_at=iso(mid), handover_note="Call at 10",
                   summary="Night call")
    assert night["out_of_hours"] is True
    early = create(con, started_at=iso(start - timedelta(minutes=30)),
                   **URGENT)
    h = con.get("/api/v1/handover").json()
    assert (parse(h["period"]["from"]), parse(h["period"]["to"])) == \
        (start, end)
    ids = {c["id"]: c for c in h["contacts"]}
    assert night["id"] in ids and early["id"] not in ids
    assert ids[night["id"]]["handover_note"] == "Call at 10"
    for c in h["contacts"]:
        check_row(c, QUEUE_KEYS)
        assert start <= parse(c["started_at"]) < end

    for wrong in (h["period"]["from"], iso(end + timedelta(minutes=1)),
                  "tomorrow"):
        assert_error(coord.post("/api/v1/handover/ack", json={"to": wrong}),
                     422, "invalid", "to")
    assert_error(coord.post("/api/v1/handover/ack", json={}), 422,
                 "invalid", "to")
    r = coord.post("/api/v1/handover/ack", json={"to": h["period"]["to"]})
    assert r.status_code == 200, r.text
    ack = r.json()
    assert set(ack) == {"acknowledged"}
    assert ack["acknowledged"]["by"] == ref(coord)
    at = parse(ack["acknowledged"]["at"])
    assert abs((at - datetime.now(timezone.utc)).total_seconds()) < 120
    assert con.get("/api/v1/handover").json()["acknowledged"] == \
        ack["acknowledged"]
    assert_error(con.post("/api/v1/handover/ack",
                          json={"to": h["period"]["to"]}), 409, "conflict")


# ---------------------------------------------------------------------------
# Caller look-up.

def test_lookup(con, coord):
    ct = create(con, caller_number="600 100 200",
                started_at="2026-11-20T10:00:00+01:00")
    assert ct["caller_number"] == "+48600100200"
    counts = set()
    for form in ("+48600100200", "0048 600-100-200", "600100200",
                 "(600) 100 200"):
        r = con.post("/api/v1/contacts/lookup", json={"number": form})
        assert r.status_code == 200, r.text
        res = r.json()
        assert set(res) == {"known", "number", "contacts", "last_contact",
                            "person"}
        assert res["known"] is True and res["number"] == "+48600100200"
        assert res["contacts"] >= 1
        check_row(res["last_contact"])
        counts.add(res["contacts"])
    assert len(counts) == 1

    # A number of our own, twice: counted, and the later call is the last.
    typed, number = fresh_number()
    first = create(con, caller_number=typed,
                   started_at="2026-11-02T10:00:00+01:00")
    second = create(coord, caller_number="0048 " + typed.replace(" ", "-"),
                    started_at="2026-11-03T10:00:00+01:00", inquirer="other")
    assert first["caller_number"] == second["caller_number"] == number
    r = coord.post("/api/v1/contacts/lookup", json={"number": number})
    res = r.json()
    assert res["known"] is True and res["contacts"] == 2, res
    assert res["last_contact"]["id"] == second["id"]
    assert res["last_contact"]["inquirer"] == "other"
    assert res["last_contact"]["consultant"] == ref(coord)

    typed, number = fresh_number()
    r = con.post("/api/v1/contacts/lookup", json={"number": typed})
    assert r.status_code == 200, r.text
    assert r.json() == {"known": False, "number": number, "contacts": 0,
                        "last_contact": None, "person": None}
    for bad in ("call me maybe", "12345", "", 600100200, None):
        assert_error(con.post("/api/v1/contacts/lookup",
                              json={"number": bad}), 422, "invalid",
                     "number")
    assert_error(con.post("/api/v1/contacts/lookup", json={}), 422,
                 "invalid", "number")


# ---------------------------------------------------------------------------
# Corrections.

def test_corrections(con, coord, server):
    ct = create(con, summary="Initial summary", outcome="advice",
                topics=["identification", "health"])
    cid, v = ct["id"], ct["version"]
    path = "/api/v1/contacts/%d" % cid
    r = con.patch(path, json={"version": v, "summary": "Corrected summary",
                              "outcome": "referred"})
    assert r.status_code == 200, r.text
    new = r.json()["contact"]
    check_contact(new)
    assert new["version"] == v + 1
    assert new["summary"] == "Corrected summary"
    assert new["outcome"] == "referred"
    for k in ("started_at", "channel", "inquirer", "topics", "consultant",
              "created_at"):
        assert new[k] == ct[k], k
    assert parse(new["updated_at"]) >= parse(ct["updated_at"])
    # A stale version: refused, nothing changed.
    assert_error(con.patch(path, json={"version": v, "summary": "Stale"}),
                 409, "conflict")
    assert get_contact(con, cid)["summary"] == "Corrected summary"
    assert_error(con.patch(path, json={"summary": "No version"}), 422,
                 "invalid", "version")
    assert_error(con.patch(path, json={"version": v + 1, "channel": "fax"}),
                 422, "invalid", "channel")
    assert_error(con.patch(path, json={"version": v + 1, "colour": "red"}),
                 422, "invalid", "colour")
    assert_error(con.patch(path, json={"version": v + 1,
                                       "urgency": "urgent"}),
                 422, "invalid", "urgency_reason")
    assert_error(con.patch("/api/v1/contacts/99999999",
                           json={"version": 1, "summary": "x"}),
                 404, "not_found")
    r = coord.patch(path, json={"version": v + 1,
                                "topics": ["legal", "health"]})
    assert r.status_code == 200, r.text
    assert r.json()["contact"]["version"] == v + 2
    assert sorted(r.json()["contact"]["topics"]) == ["health", "legal"]
    assert r.json()["contact"]["summary"] == "Corrected summary"
    assert r.json()["contact"]["followup"] is None
    # A correction to outcome follow_up puts the contact in the queue.
    r = con.patch(path, json={"version": v + 2, "outcome": "follow_up"})
    assert r.status_code == 200, r.text
    assert r.json()["contact"]["followup"] == {"open": True, "done_at": None,
                                               "done_by": None}
    queue = {it["id"] for it in con.get("/api/v1/followups").json()
             ["followups"]}
    assert cid in queue
    assert con.post("/api/v1/followups/%d/done" % cid).status_code == 200

    r = coord.get(path + "/revisions")
    assert r.status_code == 200, r.text
    revs = r.json()["revisions"]
    assert len(revs) == 3, revs
    third = revs.pop()
    assert third["old"] == {"outcome": "referred"}, third
    for rev in revs:
        assert set(rev) == {"version", "changed_by", "changed_at", "old"}
        parse(rev["changed_at"])
    first = [x for x in revs if x["changed_by"] == ref(con)]
    second = [x for x in revs if x["changed_by"] == ref(coord)]
    assert len(first) == 1 and len(second) == 1, revs
    assert first[0]["old"]["summary"] == "Initial summary"
    assert first[0]["old"]["outcome"] == "advice"
    assert "topics" not in first[0]["old"]
    assert sorted(second[0]["old"]["topics"]) == ["health", "identification"]
    assert "summary" not in second[0]["old"]
    assert first[0]["version"] in (v, v + 1)
    assert second[0]["version"] == first[0]["version"] + 1

    rows = server.install.query(
        "SELECT action, user_id FROM audit_log WHERE object_id = %d AND "
        "action IN ('contact.update', 'contact.read') ORDER BY seq" % cid)
    rows = [(a, str(u)) for a, u in rows]
    assert ("contact.update", str(con.user["id"])) in rows, rows
    assert ("contact.update", str(coord.user["id"])) in rows, rows
    assert ("contact.read", str(con.user["id"])) in rows, rows
    n = len(rows)
    get_contact(coord, cid)
    rows = server.install.query(
        "SELECT action, user_id FROM audit_log WHERE object_id = %d AND "
        "action IN ('contact.update', 'contact.read') ORDER BY seq" % cid)
    assert len(rows) == n + 1
    assert (rows[-1][0], str(rows[-1][1])) == ("contact.read",
                                              str(coord.user["id"]))


# ---------------------------------------------------------------------------
# Search.

WINDOW = {"from": "2019-03-01T00:00:00+01:00",
          "to": "2019-03-11T00:00:00+01:00"}


@pytest.fixture(scope="module")
def march_2019(con, coord):
    """31 contacts from 1 to 10 March 2019, some at the same time."""
    base = datetime(2019, 3, 1, 0, 0, tzinfo=timezone.utc)
    times = [base + timedelta(minutes=433 * i) for i in range(28)]
    times += [times[5], times[20]]
    made = []
    for i, t in enumerate(times):
        c = coord if i % 3 == 0 else con
        topics = [ENUMS["topic"][i % 9]]
        if i % 2:
            topics.append(ENUMS["topic"][(i + 3) % 9])
        urgent = i % 4 == 0
        ooh = not in_office_hours(t)
        over = dict(started_at=t.isoformat(),
                    inquirer=ENUMS["inquirer"][i % 10], topics=topics,
                    channel=ENUMS["channel"][i % 6],
                    urgency="urgent" if urgent else "routine")
        if urgent:
            over["urgency_reason"] = "Urgent %d" % i
        elif ooh:
            over["handover_note"] = "Night %d" % i
        ct = create(c, **over)
        assert ct["out_of_hours"] is ooh, ct["started_at"]
        assert ct["started_at"] == iso(t)
        made.append(ct)
    return made


def search(c, **params):
    r = c.get("/api/v1/contacts", params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"contacts", "next_cursor"}
    for row in body["contacts"]:
        check_row(row)
    return body


def test_search_pages(con, march_2019):
    want = {ct["id"] for ct in march_2019}
    assert len(want) == 30
    seen, pages = [], 0
    body = search(con, limit=7, **WINDOW)
    late = None
    while True:
        pages += 1
        assert 1 <= len(body["contacts"]) <= 7
        seen += body["contacts"]
        if body["next_cursor"] is None:
            break
        assert isinstance(body["next_cursor"], str) and body["next_cursor"]
        if late is None:
            # A newer contact arrives between pages: keyset paging is
            # not moved by it (an OFFSET would repeat a row).
            late = create(con, started_at="2019-03-10T12:00:00+01:00",
                          **URGENT)
            march_2019.append(late)
        body = search(con, limit=7, cursor=body["next_cursor"], **WINDOW)
    ids = [row["id"] for row in seen]
    assert len(ids) == len(set(ids)), "a contact on two pages"
    assert set(ids) == want
    assert pages == 5
    times = [parse(row["started_at"]) for row in seen]
    assert times == sorted(times, reverse=True), "not newest first"
    one = [row for row in seen if row["id"] == march_2019[3]["id"]][0]
    assert one == {k: v for k, v in march_2019[3].items()
                   if k in ROW_KEYS}
    # The default page is 25.
    body = search(con, **WINDOW)
    assert len(body["contacts"]) == 25 and body["next_cursor"]
    assert body["contacts"][0]["id"] == late["id"]
    # A narrower window.
    lo = datetime(2019, 3, 3, 12, 0, tzinfo=timezone.utc)
    hi = datetime(2019, 3, 7, 12, 0, tzinfo=timezone.utc)
    body = search(con, limit=100, **{"from": iso(lo), "to": iso(hi)})
    assert {r["id"] for r in body["contacts"]} == \
        {ct["id"] for ct in march_2019
         if lo <= parse(ct["started_at"]) < hi}


def test_search_filters(con, coord, march_2019):
    made = march_2019

    def check(params, pred):
        body = search(con, limit=100, **WINDOW, **params)
        assert body["next_cursor"] is None
        got = {r["id"] for r in body["contacts"]}
        want = {ct["id"] for ct in made if pred(ct)}
        assert want, params
        assert got == want, params
    check({"inquirer": "family_friend"},
          lambda ct: ct["inquirer"] == "family_friend")
    check({"topic": "legal"}, lambda ct: "legal" in ct["topics"])
    check({"topic": "identification"},
          lambda ct: "identification" in ct["topics"])
    check({"urgency": "urgent"}, lambda ct: ct["urgency"] == "urgent")
    check({"urgency": "routine"}, lambda ct: ct["urgency"] == "routine")
    check({"channel": "chat"}, lambda ct: ct["channel"] == "chat")
    check({"consultant_id": coord.user["id"]},
          lambda ct: ct["consultant"]["id"] == coord.user["id"])
    check({"consultant_id": con.user["id"]},
          lambda ct: ct["consultant"]["id"] == con.user["id"])
    check({"out_of_hours": "true"}, lambda ct: ct["out_of_hours"])
    check({"out_of_hours": "false"}, lambda ct: not ct["out_of_hours"])
    check({"out_of_hours": "true", "urgency": "routine"},
          lambda ct: ct["out_of_hours"] and ct["urgency"] == "routine")
    # A filter with paging.
    seen, cursor = [], None
    while True:
        params = {"limit": 3, "channel": "office_line", **WINDOW}
        if cursor:
            params["cursor"] = cursor
        body = search(con, **params)
        seen += [r["id"] for r in body["contacts"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(ct["id"] for ct in made
                                  if ct["channel"] == "office_line")


@pytest.mark.parametrize("field,value", [
    ("cursor", "not-a-cursor"), ("cursor", "A" * 300), ("limit", 0),
    ("limit", 101), ("limit", "ten"), ("from", "2019-03-01"),
    ("to", "yesterday"), ("inquirer", "journalist"), ("topic", "astrology"),
    ("urgency", "soon"), ("channel", "fax"), ("consultant_id", "me"),
    ("out_of_hours", "maybe"),
])
def test_search_invalid(con, field, value):
    r = con.get("/api/v1/contacts", params={field: value})
    assert_error(r, 422, "invalid", field)


# ---------------------------------------------------------------------------
# The on-call rota.

def L(day, hour):
    """Monday 3 March 2031 plus day days, at hour, in Warsaw."""
    return local(2031, 3, 3 + day, hour)


ROTA_WINDOW = {"from": iso(L(0, 0)), "to": iso(L(7, 0))}


def test_oncall_rota(con, coord, clients):
    def rota():
        r = con.get("/api/v1/oncall", params=ROTA_WINDOW)
        assert r.status_code == 200, r.text
        body = r.json()
        assert set(body) == {"shifts", "gaps", "now"}
        for g in body["gaps"]:
            assert set(g) == {"start", "end"}
        gaps = [(parse(g["start"]), parse(g["end"])) for g in body["gaps"]]
        return body, gaps

    def add(c, who, start, end):
        r = c.post("/api/v1/oncall", json={"user_id": who.user["id"],
                                           "starts_at": iso(start),
                                           "ends_at": iso(end)})
        assert r.status_code == 201, r.text
        sh = r.json()["shift"]
        assert set(sh) == {"id", "user", "starts_at", "ends_at"}
        assert sh["user"]["id"] == who.user["id"]
        assert parse(sh["starts_at"]) == start
        assert parse(sh["ends_at"]) == end
        assert sh["starts_at"] == iso(start)
        return sh

    body, gaps = rota()
    assert body["shifts"] == []
    nights = [(L(d, 17), L(d + 1, 9)) for d in range(4)]
    assert gaps == [(L(0, 0), L(0, 9))] + nights + [(L(4, 17), L(7, 0))]

    s1 = add(coord, con, L(0, 17), L(1, 9))         # Monday night exactly
    s2 = add(coord, coord, L(2, 15), L(2, 20))      # into Wednesday night
    s3 = add(coord, con, L(3, 12), L(3, 14))        # office hours only
    s4 = add(coord, coord, L(4, 16), L(4, 22))      # Friday evening ...
    s5 = add(coord, con, L(4, 21), L(5, 1))         # ... overlapping
    s6 = add(coord, con, L(5, 0), L(5, 12))         # Saturday morning
    body, gaps = rota()
    shifts = {s["id"]: s for s in body["shifts"]}
    assert set(shifts) == {s["id"] for s in (s1, s2, s3, s4, s5, s6)}
    assert shifts[s2["id"]] == {"id": s2["id"], "user": ref(coord),
                                "starts_at": iso(L(2, 15)),
                                "ends_at": iso(L(2, 20))}
    assert shifts[s1["id"]]["user"] == ref(con)
    expected = [(L(0, 0), L(0, 9)), (L(1, 17), L(2, 9)),
                (L(2, 20), L(3, 9)), (L(3, 17), L(4, 9)),
                (L(5, 12), L(7, 0))]
    assert gaps == expected

    r = coord.delete("/api/v1/oncall/%d" % s1["id"])
    assert r.status_code == 200, r.text
    assert r.json() == {"ok": True}
    assert_error(coord.delete("/api/v1/oncall/%d" % s1["id"]), 404,
                 "not_found")
    body, gaps = rota()
    assert s1["id"] not in {s["id"] for s in body["shifts"]}
    assert gaps == [expected[0], (L(0, 17), L(1, 9))] + expected[1:]

    auditor = clients("demo.auditor")
    admin = clients("demo.admin")
    start, end = iso(L(1, 17)), iso(L(2, 9))
    for who in (auditor, admin):
        assert_error(coord.post("/api/v1/oncall",
                                json={"user_id": who.user["id"],
                                      "starts_at": start, "ends_at": end}),
                     422, "invalid", "user_id")
    assert_error(coord.post("/api/v1/oncall",
                            json={"user_id": 99999999, "starts_at": start,
                                  "ends_at": end}), 422, "invalid", "user_id")
    for s, e in ((end, start), (start, start)):
        assert_error(coord.post("/api/v1/oncall",
                                json={"user_id": con.user["id"],
                                      "starts_at": s, "ends_at": e}),
                     422, "invalid")
    assert_error(coord.post("/api/v1/oncall",
                            json={"user_id": con.user["id"],
                                  "starts_at": "2031-03-04T17:00:00",
                                  "ends_at": end}),
                 422, "invalid", "starts_at")
    assert_error(con.post("/api/v1/oncall",
                          json={"user_id": con.user["id"],
                                "starts_at": start, "ends_at": end}),
                 403, "forbidden")
    assert_error(con.delete("/api/v1/oncall/%d" % s2["id"]), 403,
                 "forbidden")
    assert_error(coord.delete("/api/v1/oncall/99999999"), 404, "not_found")
    # Nothing of the refused ones was stored.
    body, gaps = rota()
    assert len(body["shifts"]) == 5
    # Everybody reads the rota; the default window is now .. 14 days on.
    t = datetime.now(timezone.utc)
    for name in ("demo.shelter", "demo.auditor", "demo.admin"):
        r = clients(name).get("/api/v1/oncall")
        assert r.status_code == 200, r.text
        assert set(r.json()) == {"shifts", "gaps", "now"}
        gaps = r.json()["gaps"]
        for g in gaps:
            assert t - timedelta(minutes=5) <= parse(g["start"]) < \
                parse(g["end"]) <= t + timedelta(days=14, minutes=5), g
    for s in (s2, s3, s4, s5, s6):
        assert coord.delete("/api/v1/oncall/%d" % s["id"]).status_code == 200
    assert rota()[1] == [(L(0, 0), L(0, 9))] + nights + \
        [(L(4, 17), L(7, 0))]


def test_oncall_add_answer_is_a_shift(con, coord):
    start, end = local(2031, 4, 7, 17), local(2031, 4, 8, 9)
    r = coord.post("/api/v1/oncall", json={"user_id": con.user["id"],
                                           "starts_at": iso(start),
                                           "ends_at": iso(end)})
    assert r.status_code == 201, r.text
    sh = r.json()["shift"]
    assert coord.delete("/api/v1/oncall/%d" % sh["id"]).status_code == 200
    assert sh == {"id": sh["id"], "user": ref(con), "starts_at": iso(start),
                  "ends_at": iso(end)}


def test_oncall_across_summer_time(con):
    # Friday 28 March 2031 to Tuesday 1 April: clocks go forward on Sunday.
    r = con.get("/api/v1/oncall", params={"from": iso(local(2031, 3, 28)),
                                          "to": iso(local(2031, 4, 1))})
    assert r.status_code == 200, r.text
    gaps = [(g["start"], g["end"]) for g in r.json()["gaps"]]
    assert gaps == [
        ("2031-03-28T00:00:00+01:00", "2031-03-28T09:00:00+01:00"),
        ("2031-03-28T17:00:00+01:00", "2031-03-31T09:00:00+02:00"),
        ("2031-03-31T17:00:00+02:00", "2031-04-01T00:00:00+02:00")]


def test_oncall_now(con, coord):
    t = datetime.now(timezone.utc).replace(microsecond=0)
    r = coord.post("/api/v1/oncall", json={
        "user_id": coord.user["id"], "starts_at": iso(t - timedelta(hours=1)),
        "ends_at": iso(t + timedelta(hours=1))})
    assert r.status_code == 201, r.text
    sid = r.json()["shift"]["id"]
    try:
        r = con.get("/api/v1/oncall")
        assert r.status_code == 200, r.text
        body = r.json()
        assert sid in {s["id"] for s in body["shifts"]}
        # The demo rota may cover the present too: some shift covers it.
        now = body["now"]
        assert now is not None, body
        assert parse(now["starts_at"]) <= t < parse(now["ends_at"]), now
        assert now["id"] in {s["id"] for s in body["shifts"]}
        # No gap where the shift is.
        for g in body["gaps"]:
            assert not parse(g["start"]) <= t < parse(g["end"]), g
    finally:
        assert coord.delete("/api/v1/oncall/%d" % sid).status_code == 200


def test_oncall_now_whatever_the_window(con, coord):
    t = datetime.now(timezone.utc).replace(microsecond=0)
    r = coord.post("/api/v1/oncall", json={
        "user_id": coord.user["id"], "starts_at": iso(t - timedelta(hours=1)),
        "ends_at": iso(t + timedelta(hours=1))})
    assert r.status_code == 201, r.text
    sid = r.json()["shift"]["id"]
    try:
        r = con.get("/api/v1/oncall", params=ROTA_WINDOW)
        assert r.status_code == 200, r.text
        now = r.json()["now"]
        assert now is not None
        assert parse(now["starts_at"]) <= t < parse(now["ends_at"]), now
    finally:
        assert coord.delete("/api/v1/oncall/%d" % sid).status_code == 200


# ---------------------------------------------------------------------------
# Permissions.

def test_staff(con, coord):
    for c in (con, coord):
        r = c.get("/api/v1/staff")
        assert r.status_code == 200, r.text
        staff = r.json()["staff"]
        for s in staff:
            assert set(s) == {"id", "username", "role"}
            assert s["role"] in ("consultant", "coordinator"), s
        names = {s["username"]: s for s in staff}
        assert names["demo.consultant"] == {"id": con.user["id"],
                                            "username": "demo.consultant",
                                            "role": "consultant"}
        assert names["demo.coordinator"]["role"] == "coordinator"
        for other in ("demo.admin", "demo.shelter", "demo.auditor"):
            assert other not in names


def test_staff_enabled_only(clients, con, coord):
    admin = clients("demo.admin")
    name = "hotline.%s" % secrets.token_hex(4)
    r = admin.post("/api/v1/users", json={"username": name,
                                          "role": "consultant"})
    assert r.status_code == 201, r.text
    uid = r.json()["user"]["id"]

    def staff():
        r = con.get("/api/v1/staff")
        assert r.status_code == 200, r.text
        return {s["username"]: s for s in r.json()["staff"]}
    assert staff()[name] == {"id": uid, "username": name,
                             "role": "consultant"}
    shift = {"user_id": uid, "starts_at": iso(local(2031, 5, 5, 17)),
             "ends_at": iso(local(2031, 5, 6, 9))}
    r = coord.post("/api/v1/oncall", json=shift)
    assert r.status_code == 201, r.text
    assert coord.delete("/api/v1/oncall/%d" % r.json()["shift"]["id"]) \
        .status_code == 200
    r = admin.patch("/api/v1/users/%d" % uid, json={"disabled": True})
    assert r.status_code == 200, r.text
    assert name not in staff()
    assert_error(coord.post("/api/v1/oncall", json=shift), 422, "invalid",
                 "user_id")


@pytest.mark.parametrize("name", ["demo.shelter", "demo.auditor",
                                  "demo.admin"])
def test_other_roles_refused(clients, con, name):
    ct = create(con, summary="Not for other roles")
    c = clients(name)
    cid = ct["id"]
    for method, path, body in (
            ("GET", "/api/v1/contacts", None),
            ("POST", "/api/v1/contacts", body_of()),
            ("GET", "/api/v1/contacts/%d" % cid, None),
            ("PATCH", "/api/v1/contacts/%d" % cid,
             {"version": ct["version"], "summary": "changed"}),
            ("GET", "/api/v1/contacts/%d/revisions" % cid, None),
            ("POST", "/api/v1/contacts/lookup", {"number": "600100200"}),
            ("GET", "/api/v1/followups", None),
            ("POST", "/api/v1/followups/%d/done" % cid, None),
            ("GET", "/api/v1/handover", None),
            ("POST", "/api/v1/handover/ack",
             {"to": "2026-11-27T09:00:00+01:00"}),
            ("GET", "/api/v1/staff", None),
            ("PUT", "/api/v1/calendar/hours", {"hours": DEFAULT_HOURS}),
            ("POST", "/api/v1/calendar/closures",
             {"day": "2030-01-02", "note": "x"}),
            ("DELETE", "/api/v1/calendar/closures/20300102", None),
            ("POST", "/api/v1/oncall",
             {"user_id": con.user["id"], "starts_at": iso(L(0, 17)),
              "ends_at": iso(L(1, 9))}),
            ("DELETE", "/api/v1/oncall/1", None)):
        r = send(c, method, path, body)
        assert_error(r, 403, "forbidden")
    assert get_contact(con, cid)["summary"] == "Not for other roles"
    for path in ("/api/v1/calendar", "/api/v1/oncall"):
        r = c.get(path)
        assert r.status_code == 200, (path, r.text)


def test_anonymous_refused(server):
    for method, path in (("GET", "/api/v1/contacts"),
                         ("GET", "/api/v1/calendar"),
                         ("GET", "/api/v1/oncall"),
                         ("GET", "/api/v1/followups"),
                         ("GET", "/api/v1/staff"),
                         ("POST", "/api/v1/contacts/lookup")):
        r = requests.request(method, server.url(path), timeout=30,
                             json={} if method == "POST" else None)
        assert_error(r, 401, "unauthenticated")


# ---------------------------------------------------------------------------
# Privacy.

def test_database_holds_no_contact_text_in_clear(con, server):
    tag = secrets.token_hex(8)
    typed, number = fresh_number()
    summary = "Summary probe %s: she was moved to a flat in Lodz" % tag
    reason = "Reason probe %s: threatened tonight" % tag
    note = "Note probe %s: call her sister" % tag
    ct = create(con, started_at="2026-11-25T22:00:00+01:00",
                caller_number=typed, summary=summary, urgency="urgent",
                urgency_reason=reason, handover_note=note)
    assert (ct["summary"], ct["urgency_reason"], ct["handover_note"],
            ct["caller_number"]) == (summary, reason, note, number)
    # A correction keeps the old values: sealed as well.
    r = con.patch("/api/v1/contacts/%d" % ct["id"],
                  json={"version": ct["version"],
                        "summary": "Replaced %s" % secrets.token_hex(8)})
    assert r.status_code == 200, r.text
    assert get_contact(con, ct["id"])["summary"].startswith("Replaced ")
    r = con.get("/api/v1/contacts/%d/revisions" % ct["id"])
    assert r.json()["revisions"][0]["old"]["summary"] == summary
    values = [summary, reason, note, tag, number, number[1:], number[3:],
              typed]
    blob = server.install.raw_bytes()
    for v in values:
        assert v.encode() not in blob, "%r is in clear in the database" % v
    audit = repr(server.install.query("SELECT * FROM audit_log"))
    for v in values:
        assert v not in audit
    assert "Summary probe" not in server.log and tag not in server.log
