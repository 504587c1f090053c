"""
Interpreters (docs/API-interpreters.md) on the shared demo install: the
registry and who may keep it, validation, the agreement's renewal, the
sealed contact details (card audited, nothing in clear on disk), the
suggestions and their order, bookings (conflicts refused naming the time
and never the other case, touching bookings allowed, warnings, a race for
one slot), ties to cases, contacts and tasks, sealed cases, the week view,
status changes, a person's languages, and the demo registry.

The demo install is shared: every test makes its own interpreters under a
language code of its own ("q" + two random letters), so that suggestions
and counts only ever see what the test made.
"""
import random
import re
import string
import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import BACKEND, assert_error, run_haven

WARSAW = ZoneInfo("Europe/Warsaw")
ISO_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")
ROW_KEYS = {"id", "name", "languages", "modes", "region", "availability",
            "availability_note", "vetted", "vetted_on", "agreement_on",
            "agreement", "active", "version", "created_at", "updated_at"}
FULL_KEYS = ROW_KEYS | {"phone", "email", "notes"}
BOOKING_KEYS = {"id", "interpreter", "language", "starts_at", "ends_at",
                "mode", "status", "outside_availability", "restricted",
                "case", "contact_id", "task_id", "purpose", "version",
                "created_by", "created_at", "updated_at"}
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]


def word(n=8):
    return "".join(random.choice(string.ascii_lowercase) for _ in range(n))


_langs = set()


def fresh_lang():
    """A language code no other test uses: q + two letters."""
    while True:
        code = "q" + word(2)
        if code not in _langs:
            _langs.add(code)
            return code


def iso(dt):
    return dt.isoformat(timespec="seconds")


def parse(s):
    assert isinstance(s, str) and ISO_RE.fullmatch(s), s
    return datetime.fromisoformat(s)


def local(d, hour, minute=0):
    """Warsaw local time on day d as an aware datetime."""
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=WARSAW)


def next_weekday(wd, weeks=1):
    """The date of weekday wd (0 Monday) at least a week from today."""
    today = datetime.now(WARSAW).date()
    d = today + timedelta(days=7 * weeks)
    return d + timedelta(days=(wd - d.weekday()) % 7)


def days_ago(n):
    return (datetime.now(WARSAW).date() - timedelta(days=n)).isoformat()


def office_hours():
    return [{"day": d, "from": "09:00", "to": "17:00"} for d in WEEKDAYS]


def make(coord, lang=None, **over):
    body = {"name": "Przykładowy tłumacz " + word(),
            "languages": [lang or fresh_lang()],
            "modes": ["in_person", "phone", "video"],
            "vetted": True, "vetted_on": days_ago(100),
            "agreement_on": days_ago(100),
            "availability": office_hours()}
    body.update(over)
    r = coord.post("/api/v1/interpreters", json=body)
    assert r.status_code == 201, r.text
    it = r.json()["interpreter"]
    assert set(it) == FULL_KEYS, sorted(it)
    return it


def create_case(c, languages=None):
    body = {"citizenship": "UA"}
    if languages is not None:
        body["languages"] = languages
    r = c.post("/api/v1/persons", json=body)
    assert r.status_code == 201, r.text
    pid = r.json()["person"]["id"]
    r = c.post("/api/v1/cases", json={"person_id": pid})
    assert r.status_code == 201, r.text
    return r.json()["case"]


def book(c, interp, **over):
    d = next_weekday(0)
    body = {"language": interp["languages"][0],
            "starts_at": iso(local(d, 10)), "ends_at": iso(local(d, 11)),
            "mode": "phone"}
    body.update(over)
    return c.post("/api/v1/interpreters/%d/bookings" % interp["id"],
                  json=body)


def booked(c, interp, **over):
    r = book(c, interp, **over)
    assert r.status_code == 201, r.text
    b = r.json()
    assert set(b) == {"booking", "warnings"}, b
    assert set(b["booking"]) == BOOKING_KEYS, sorted(b["booking"])
    return b


def assert_invalid(resp, field):
    err = assert_error(resp, 422, "invalid")
    assert err["field"] is not None and (
        err["field"] == field or err["field"].startswith(field + ".")), \
        (field, err)
    return err


def audit(server, where):
    rows = server.install.query(
        "SELECT action, result, detail, user_id, object_id FROM audit_log "
        "WHERE " + where + " ORDER BY seq")
    return [tuple(None if v is None or v == "" else str(v) for v in row)
            for row in rows]


def suggest(c, lang, **params):
    params["language"] = lang
    r = c.get("/api/v1/interpreters/suggest", params=params)
    assert r.status_code == 200, r.text
    assert r.json()["language"] == lang
    return r.json()["suggestions"]


@pytest.fixture(scope="module")
def shelter(clients):
    return clients("demo.shelter")


# ---------------------------------------------------------------------------
# The registry.

def test_enums(con):
    body = con.get("/api/v1/enums").json()
    assert [v["code"] for v in body["interpreter_mode"]] == \
        ["in_person", "phone", "video"]
    assert [v["code"] for v in body["booking_status"]] == \
        ["booked", "cancelled", "done"]


def test_create_list_and_card(server, coord, con, shelter):
    lang = fresh_lang()
    phone = "+48601%06d" % random.randrange(10 ** 6)
    email = "tl.%s@example.org" % word()
    it = make(coord, lang, languages=[lang, "uk", lang], region="mazowieckie",
              phone=phone[:3] + " " + phone[3:6] + " " + phone[6:],
              email=email, notes="Zna sprawę " + word(),
              availability_note="po uzgodnieniu")
    assert it["languages"] == [lang, "uk"]      # repeats dropped
    assert it["phone"] == phone                 # normalised
    assert it["email"] == email
    assert it["agreement"]["state"] == "valid"
    assert it["active"] is True and it["version"] == 1
    parse(it["created_at"])
    # The list: no contact details, filters.
    for c in (con, coord, shelter):
        r = c.get("/api/v1/interpreters", params={"language": lang})
        assert r.status_code == 200, r.text
        rows = r.json()["interpreters"]
        assert [x["id"] for x in rows] == [it["id"]]
        assert set(rows[0]) == ROW_KEYS
    assert con.get("/api/v1/interpreters", params={
        "language": lang, "vetted": "false"}).json()["interpreters"] == []
    assert con.get("/api/v1/interpreters", params={
        "language": lang, "active": "true",
        "mode": "video"}).json()["interpreters"][0]["id"] == it["id"]
    # The card opens the sealed details, audited.
    r = shelter.get("/api/v1/interpreters/%d" % it["id"])
    assert r.status_code == 200, r.text
    assert r.json()["interpreter"]["phone"] == phone
    assert ("interpreter.read", "ok", None, str(shelter.user["id"]),
            str(it["id"])) in audit(server, "action = 'interpreter.read'")
    assert_error(con.get("/api/v1/interpreters/999999999"), 404)


def test_who_may(clients, coord, con, shelter):
    body = {"name": "X", "languages": ["uk"], "modes": ["phone"]}
    assert_error(con.post("/api/v1/interpreters", json=body), 403)
    assert_error(shelter.post("/api/v1/interpreters", json=body), 403)
    it = make(coord)
    assert_error(con.patch("/api/v1/interpreters/%d" % it["id"],
                           json={"version": 1, "name": "Y"}), 403)
    for name in ("demo.auditor", "demo.admin"):
        c = clients(name)
        assert_error(c.get("/api/v1/interpreters"), 403)
        assert_error(c.get("/api/v1/interpreters/suggest",
                           params={"language": "uk"}), 403)
        assert_error(c.get("/api/v1/interpreters/%d" % it["id"]), 403)


@pytest.mark.parametrize("over,field", [
    ({"name": ""}, "name"),
    ({"name": None}, "name"),
    ({"languages": []}, "languages"),
    ({"languages": ["UK"]}, "languages"),
    ({"languages": ["u1"]}, "languages"),
    ({"languages": ["ukrainian"]}, "languages"),
    ({"modes": []}, "modes"),
    ({"modes": ["telepathy"]}, "modes"),
    ({"availability": [{"day": "mon", "from": "17:00", "to": "09:00"}]},
     "availability"),
    ({"availability": [{"day": "mon", "from": "25:00", "to": "26:00"}]},
     "availability"),
    ({"availability": [{"day": "monday", "from": "09:00", "to": "10:00"}]},
     "availability"),
    ({"availability": [{"day": "mon", "from": "09:00"}]}, "availability"),
    ({"agreement_on": "2099-01-01"}, "agreement_on"),
    ({"agreement_on": "2024-02-30"}, "agreement_on"),
    ({"vetted_on": "yesterday"}, "vetted_on"),
    ({"phone": "call me"}, "phone"),
    ({"email": "nobody"}, "email"),
    ({"vetted": "yes"}, "vetted"),
    ({"notes": "x" * 2001}, "notes"),
    ({"colour": "blue"}, "colour"),
])
def test_create_invalid(coord, over, field):
    body = {"name": "Przykładowy tłumacz " + word(), "languages": ["uk"],
            "modes": ["phone"]}
    body.update(over)
    assert_invalid(coord.post("/api/v1/interpreters", json=body), field)


def test_update(coord, con):
    lang, other = fresh_lang(), fresh_lang()
    it = make(coord, lang, phone="+48600100200", notes="stare")
    r = coord.patch("/api/v1/interpreters/%d" % it["id"],
                    json={"version": it["version"], "languages": [other],
                          "phone": None, "vetted": False})
    assert r.status_code == 200, r.text
    up = r.json()["interpreter"]
    assert up["version"] == it["version"] + 1
    assert up["languages"] == [other] and up["vetted"] is False
    assert up["phone"] is None and up["notes"] == "stare"  # kept
    assert up["name"] == it["name"]
    # The language index follows.
    assert suggest(con, lang) == []
    assert [s["interpreter"]["id"] for s in suggest(con, other)] == [it["id"]]
    # A stale version.
    err = assert_error(coord.patch("/api/v1/interpreters/%d" % it["id"],
                                   json={"version": it["version"],
                                         "name": "Z"}), 409)
    assert err["field"] == "version"
    assert_invalid(coord.patch("/api/v1/interpreters/%d" % it["id"],
                               json={"version": up["version"],
                                     "languages": ["XX"]}), "languages")
    assert_invalid(coord.patch("/api/v1/interpreters/%d" % it["id"],
                               json={"name": "Z"}), "version")
    assert_error(coord.patch("/api/v1/interpreters/999999999",
                             json={"version": 1}), 404)
    # Inactive: listed with active=false, never suggested.
    r = coord.patch("/api/v1/interpreters/%d" % it["id"],
                    json={"version": up["version"], "active": False})
    assert r.status_code == 200, r.text
    assert suggest(con, other) == []
    rows = con.get("/api/v1/interpreters", params={
        "language": other, "active": "false"}).json()["interpreters"]
    assert [x["id"] for x in rows] == [it["id"]]


def test_agreement_states(coord):
    lang = fresh_lang()
    today = datetime.now(WARSAW).date()
    old = make(coord, lang, agreement_on=days_ago(3 * 365))
    assert old["agreement"]["state"] == "expired"
    due = make(coord, lang, agreement_on=days_ago(2 * 365 - 30))
    assert due["agreement"]["state"] == "renewal_due"
    none = make(coord, lang, agreement_on=None)
    assert none["agreement"] == {"state": "none", "renew_by": None}
    fresh = make(coord, lang, agreement_on=today.isoformat())
    assert fresh["agreement"]["state"] == "valid"
    by = date.fromisoformat(fresh["agreement"]["renew_by"])
    assert by.year == today.year + 2


def test_sealed_at_rest(server, coord, con):
    phone = "+48602%06d" % random.randrange(10 ** 6)
    email = "sealed.%s@example.org" % word()
    notes = "Notatka " + word(16)
    purpose = "Cel " + word(16)
    it = make(coord, phone=phone, email=email, notes=notes)
    cs = create_case(con)
    booked(con, it, case_id=cs["id"], purpose=purpose)
    blob = server.install.raw_bytes()
    for secret in (phone, email, notes, purpose):
        assert secret.encode() not in blob, secret
    log = server.log
    for secret in (phone, email, notes, purpose):
        assert secret not in log


# ---------------------------------------------------------------------------
# Suggestions.

def test_suggest_order(coord, con):
    lang = fresh_lang()
    good = make(coord, lang, name="Przykładowy A " + word())
    busy = make(coord, lang, name="Przykładowy B " + word())
    expired = make(coord, lang, name="Przykładowy C " + word(),
                   agreement_on=days_ago(3 * 365))
    unvetted = make(coord, lang, name="Przykładowy D " + word(),
                    vetted=False, vetted_on=None, agreement_on=None)
    phone_only = make(coord, lang, name="Przykładowy E " + word(),
                      modes=["phone"])
    gone = make(coord, lang, name="Przykładowy F " + word())
    r = coord.patch("/api/v1/interpreters/%d" % gone["id"],
                    json={"version": gone["version"], "active": False})
    assert r.status_code == 200, r.text
    d = next_weekday(0)
    cs = create_case(con)
    booked(con, busy, case_id=cs["id"], starts_at=iso(local(d, 9, 30)),
           ends_at=iso(local(d, 10, 30)))
    # At 10:00-11:00 that Monday, in person.
    got = suggest(con, lang, starts_at=iso(local(d, 10)),
                  ends_at=iso(local(d, 11)), mode="in_person")
    assert [s["interpreter"]["id"] for s in got] == \
        [good["id"], busy["id"], expired["id"], unvetted["id"]]
    why = {s["interpreter"]["id"]: s["reasons"] for s in got}
    assert why[good["id"]] == []
    assert why[busy["id"]] == ["busy"]
    assert why[expired["id"]] == ["agreement_expired"]
    assert why[unvetted["id"]] == ["not_vetted", "no_agreement"]
    assert [s["first_choice"] for s in got] == [True, False, False, False]
    assert set(got[0]["interpreter"]) == ROW_KEYS
    # Without a time nobody is busy; without a mode the phone-only one is in.
    got = suggest(con, lang)
    ids = [s["interpreter"]["id"] for s in got]
    assert set(ids) == {good["id"], busy["id"], expired["id"],
                        unvetted["id"], phone_only["id"]}
    assert all("busy" not in s["reasons"] for s in got)
    # On Sunday everyone is outside their office hours.
    sun = d + timedelta(days=6)
    got = suggest(con, lang, starts_at=iso(local(sun, 10)),
                  ends_at=iso(local(sun, 11)))
    assert all("outside_availability" in s["reasons"] for s in got)
    # Touching the busy booking is free.
    got = suggest(con, lang, starts_at=iso(local(d, 10, 30)),
                  ends_at=iso(local(d, 11)), mode="in_person")
    assert [s["interpreter"]["id"] for s in got][:2] == \
        [good["id"], busy["id"]]
    assert got[1]["reasons"] == []


@pytest.mark.parametrize("params,field", [
    ({}, "language"),
    ({"language": "Ukrainian"}, "language"),
    ({"language": "uk", "mode": "fax"}, "mode"),
    ({"language": "uk", "starts_at": "2026-05-04T10:00:00+02:00"},
     "ends_at"),
    ({"language": "uk", "starts_at": "tomorrow", "ends_at": "later"},
     "starts_at"),
    ({"language": "uk", "starts_at": "2026-05-04T10:00:00",
      "ends_at": "2026-05-04T11:00:00"}, "starts_at"),
    ({"language": "uk", "starts_at": "2026-05-04T11:00:00+02:00",
      "ends_at": "2026-05-04T10:00:00+02:00"}, "ends_at"),
])
def test_suggest_invalid(con, params, field):
    assert_invalid(con.get("/api/v1/interpreters/suggest", params=params),
                   field)


def test_person_suggestions(coord, con, shelter):
    lang = fresh_lang()
    it = make(coord, lang)
    make(coord, "pl")       # never suggested for Polish
    r = con.post("/api/v1/persons", json={"languages": ["pl", lang]})
    assert r.status_code == 201, r.text
    pid = r.json()["person"]["id"]
    r = con.get("/api/v1/persons/%d/interpreters" % pid)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["person"]["id"] == pid
    assert body["person"]["languages"] == ["pl", lang]
    assert [s["language"] for s in body["suggestions"]] == [lang]
    assert [s["interpreter"]["id"] for s in
            body["suggestions"][0]["interpreters"]] == [it["id"]]
    assert_error(con.get("/api/v1/persons/999999999/interpreters"), 404)
    # The person-access rule: shelter staff do not reach persons.
    assert_error(shelter.get("/api/v1/persons/%d/interpreters" % pid), 403)


# ---------------------------------------------------------------------------
# Bookings.

def test_book_and_conflict(server, coord, con):
    it = make(coord)
    cs = create_case(con)
    other = create_case(con)
    d = next_weekday(1)
    first = booked(con, it, case_id=cs["id"], purpose="Przesłuchanie",
                   starts_at=iso(local(d, 10)), ends_at=iso(local(d, 11)))
    b = first["booking"]
    assert first["warnings"] == []
    assert b["status"] == "booked" and b["restricted"] is False
    assert b["case"] == {"id": cs["id"], "reference": cs["reference"]}
    assert b["purpose"] == "Przesłuchanie"
    assert b["interpreter"] == {"id": it["id"], "name": it["name"]}
    assert parse(b["starts_at"]) == local(d, 10)
    assert b["outside_availability"] is False
    # Overlapping, for another case: refused, naming the time only.
    r = book(con, it, case_id=other["id"], starts_at=iso(local(d, 10, 30)),
             ends_at=iso(local(d, 11, 30)))
    assert r.status_code == 409, r.text
    body = r.json()
    assert set(body) == {"error", "conflict"}
    assert body["error"]["code"] == "conflict"
    assert body["error"]["field"] == "starts_at"
    assert parse(body["conflict"]["starts_at"]) == local(d, 10)
    assert parse(body["conflict"]["ends_at"]) == local(d, 11)
    assert cs["reference"] not in r.text
    assert body["conflict"]["starts_at"] in body["error"]["message"]
    # Inside and around are refused too; touching is fine.
    for s, e in ((local(d, 10, 15), local(d, 10, 45)),
                 (local(d, 9), local(d, 12))):
        assert book(con, it, case_id=other["id"], starts_at=iso(s),
                    ends_at=iso(e)).status_code == 409
    booked(con, it, case_id=other["id"], starts_at=iso(local(d, 11)),
           ends_at=iso(local(d, 12)))
    booked(con, it, case_id=other["id"], starts_at=iso(local(d, 9)),
           ends_at=iso(local(d, 10)))
    # Once cancelled, the slot is free.
    r = con.patch("/api/v1/interpreter-bookings/%d" % b["id"],
                  json={"version": b["version"], "status": "cancelled"})
    assert r.status_code == 200, r.text
    assert r.json()["booking"]["status"] == "cancelled"
    booked(con, it, case_id=other["id"], starts_at=iso(local(d, 10, 30)),
           ends_at=iso(local(d, 11)))
    # Audited.
    rows = audit(server, "action = 'interpreter.booking.create' AND "
                 "object_id = %d" % b["id"])
    assert rows == [("interpreter.booking.create", "ok", None,
                     str(con.user["id"]), str(b["id"]))]


def test_book_invalid(coord, con):
    it = make(coord, modes=["phone"])
    cs = create_case(con)
    d = next_weekday(0)
    cases = [
        ({"language": "xx"}, "language"),
        ({"mode": "in_person"}, "mode"),
        ({"mode": "fax"}, "mode"),
        ({"starts_at": "soon"}, "starts_at"),
        ({"ends_at": "2026-05-04 11:00"}, "ends_at"),
        ({"ends_at": iso(local(d, 10))}, "ends_at"),
        ({"ends_at": iso(local(d, 9))}, "ends_at"),
        ({"ends_at": iso(local(d, 10) + timedelta(hours=12, minutes=1))},
         "ends_at"),
        ({"purpose": "x" * 201}, "purpose"),
        ({"case_id": 999999999}, "case_id"),
        ({"case_id": None}, "case_id"),
        ({"task_id": 999999999}, "task_id"),
        ({"contact_id": 999999999}, "contact_id"),
        ({"extra": 1}, "extra"),
    ]
    for over, field in cases:
        body = {"case_id": cs["id"]}
        body.update(over)
        assert_invalid(book(con, it, **body), field)
    assert_error(book(con, {"id": 999999999, "languages": ["uk"]},
                      case_id=cs["id"]), 404)
    # An inactive interpreter.
    r = coord.patch("/api/v1/interpreters/%d" % it["id"],
                    json={"version": it["version"], "active": False})
    assert r.status_code == 200, r.text
    assert_error(book(con, it, case_id=cs["id"]), 409)


def test_warnings(coord, con):
    unvetted = make(coord, vetted=False, vetted_on=None,
                    agreement_on=days_ago(800))
    cs = create_case(con)
    sun = next_weekday(6)
    b = booked(con, unvetted, case_id=cs["id"],
               starts_at=iso(local(sun, 10)), ends_at=iso(local(sun, 11)))
    assert b["warnings"] == ["not_vetted", "agreement_expired",
                             "outside_availability"]
    assert b["booking"]["outside_availability"] is True
    # No weekly slots: availability unknown, nothing flagged.
    free = make(coord, availability=[])
    b = booked(con, free, case_id=cs["id"], starts_at=iso(local(sun, 3)),
               ends_at=iso(local(sun, 4)))
    assert b["warnings"] == []


def test_race_for_one_slot(server, coord, con):
    from security_util import Client
    it = make(coord)
    cs = create_case(con)
    d = next_weekday(2)
    results = []
    more = []
    for name in ("demo.consultant", "demo.coordinator"):
        c = Client(server)
        assert c.login(name, "haven-demo-only").status_code == 200
        more.append(c)

    def go(c):
        results.append(book(c, it, case_id=cs["id"],
                            starts_at=iso(local(d, 14)),
                            ends_at=iso(local(d, 15))).status_code)
    threads = [threading.Thread(target=go, args=(c,))
               for c in [con, coord] + more]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [201, 409, 409, 409], results


def test_timeline_and_case_list(server, coord, con):
    it = make(coord)
    cs = create_case(con)
    b = booked(con, it, case_id=cs["id"], purpose="Wizyta w urzędzie",
               mode="video")["booking"]
    events = con.get("/api/v1/cases/%d/timeline" % cs["id"]).json()["events"]
    ev = [e for e in events if e["kind"] == "interpreter"]
    assert len(ev) == 1 and it["name"] in ev[0]["text"], events
    r = con.get("/api/v1/cases/%d/interpreter-bookings" % cs["id"])
    assert r.status_code == 200, r.text
    rows = r.json()["bookings"]
    assert [x["id"] for x in rows] == [b["id"]]
    assert rows[0]["purpose"] == "Wizyta w urzędzie"
    assert ("case.read", "ok", "interpreter_bookings") in [
        x[:3] for x in audit(server, "object_id = %d AND action = "
                             "'case.read'" % cs["id"])]
    r = con.get("/api/v1/interpreter-bookings/%d" % b["id"])
    assert r.status_code == 200, r.text
    assert r.json()["booking"] == rows[0]
    assert_error(con.get("/api/v1/interpreter-bookings/999999999"), 404)
    assert_error(con.get("/api/v1/cases/999999999/interpreter-bookings"), 404)
    # The case's version moved.
    c2 = con.get("/api/v1/cases/%d" % cs["id"]).json()["case"]
    assert c2["version"] > cs["version"]


def test_ties(server, coord, con):
    it = make(coord)
    cs = create_case(con)
    other = create_case(con)
    d = next_weekday(3)
    # A task of the case: the booking joins its case.
    r = con.post("/api/v1/tasks", json={
        "case_id": cs["id"], "title": "Spotkanie z tłumaczem",
        "due_on": d.isoformat(), "assignee_id": con.user["id"]})
    assert r.status_code == 201, r.text
    task = r.json()["task"]["id"]
    b = booked(con, it, task_id=task, starts_at=iso(local(d, 9)),
               ends_at=iso(local(d, 10)))["booking"]
    assert b["task_id"] == task
    assert b["case"]["id"] == cs["id"]
    # The task of one case with another case: refused.
    assert_invalid(book(con, it, task_id=task, case_id=other["id"],
                        starts_at=iso(local(d, 11)),
                        ends_at=iso(local(d, 12))), "task_id")
    # A contact without a case.
    r = con.post("/api/v1/contacts", json={
        "started_at": iso(datetime.now(WARSAW) - timedelta(minutes=5)),
        "duration_seconds": 300, "channel": "office_line",
        "direction": "incoming", "inquirer": "victim_foreign",
        "topics": ["identification"], "urgency": "urgent",
        "urgency_reason": "Tłumacz potrzebny", "outcome": "advice",
        "language": "uk", "interpreter": True})
    assert r.status_code == 201, r.text
    contact = r.json()["contact"]["id"]
    b = booked(con, it, contact_id=contact, starts_at=iso(local(d, 13)),
               ends_at=iso(local(d, 14)))["booking"]
    assert b["contact_id"] == contact and b["case"] is None


def test_shelter_staff(coord, con, shelter):
    it = make(coord)
    cs = create_case(con)
    b = booked(con, it, case_id=cs["id"], purpose="Rozmowa")["booking"]
    assert_error(book(shelter, it, case_id=cs["id"],
                      starts_at=iso(local(next_weekday(4), 10)),
                      ends_at=iso(local(next_weekday(4), 11))), 403)
    assert_error(shelter.patch("/api/v1/interpreter-bookings/%d" % b["id"],
                               json={"version": b["version"],
                                     "status": "cancelled"}), 403)
    # They see when the interpreter is busy, not for whom.
    r = shelter.get("/api/v1/interpreter-bookings/%d" % b["id"])
    assert r.status_code == 200, r.text
    seen = r.json()["booking"]
    assert seen["restricted"] is True
    assert seen["case"] is None and seen["purpose"] is None
    assert cs["reference"] not in r.text
    r = shelter.get("/api/v1/interpreters/%d/bookings" % it["id"],
                    params={"from": next_weekday(0).isoformat()})
    assert r.status_code == 200, r.text
    assert [x["restricted"] for x in r.json()["bookings"]] == [True]
    assert_error(shelter.get("/api/v1/cases/%d/interpreter-bookings" %
                             cs["id"]), 403)


def test_sealed_case(server, coord, con):
    it = make(coord)
    cs = create_case(con)
    r = con.post("/api/v1/cases/%d/seal" % cs["id"], json={"access": []})
    assert r.status_code == 200, r.text
    d = next_weekday(0)
    # The key consultant books; a coordinator not named may not.
    b = booked(con, it, case_id=cs["id"], purpose="Tajne " + word(),
               starts_at=iso(local(d, 12)),
               ends_at=iso(local(d, 13)))["booking"]
    assert b["restricted"] is False and b["purpose"].startswith("Tajne")
    assert_error(book(coord, it, case_id=cs["id"],
                      starts_at=iso(local(d, 14)),
                      ends_at=iso(local(d, 15))), 403)
    # The calendar shows the coordinator the slot, not the case's data.
    r = coord.get("/api/v1/interpreters/%d/bookings" % it["id"],
                  params={"from": d.isoformat()})
    seen = r.json()["bookings"][0]
    assert seen["restricted"] is True and seen["purpose"] is None
    assert seen["case"] == {"id": cs["id"], "reference": cs["reference"],
                            "sealed": True, "restricted": True}
    assert_error(coord.get("/api/v1/cases/%d/interpreter-bookings" %
                           cs["id"]), 403)
    assert_error(coord.patch("/api/v1/interpreter-bookings/%d" % b["id"],
                             json={"version": b["version"],
                                   "status": "cancelled"}), 403)
    denied = audit(server, "action = 'case.read' AND result = 'denied' AND "
                   "object_id = %d AND user_id = %d" % (cs["id"],
                                                        coord.user["id"]))
    assert len(denied) >= 3, denied
    # A conflict with the sealed booking names its time, never the case.
    other = create_case(coord)
    r = book(coord, it, case_id=other["id"], starts_at=iso(local(d, 12)),
             ends_at=iso(local(d, 13)))
    assert r.status_code == 409
    assert cs["reference"] not in r.text and "Tajne" not in r.text


def test_status_and_moves(coord, con):
    it = make(coord)
    cs = create_case(con)
    d = next_weekday(1)
    b = booked(con, it, case_id=cs["id"], starts_at=iso(local(d, 10)),
               ends_at=iso(local(d, 11)))["booking"]
    url = "/api/v1/interpreter-bookings/%d" % b["id"]
    # Not done before it starts.
    assert_invalid(con.patch(url, json={"version": b["version"],
                                        "status": "done"}), "status")
    assert_invalid(con.patch(url, json={"version": b["version"],
                                        "status": "booked"}), "status")
    # Move it: no clash with itself; a clash with another is refused.
    r = con.patch(url, json={"version": b["version"],
                             "starts_at": iso(local(d, 10, 30)),
                             "ends_at": iso(local(d, 11, 30)),
                             "mode": "video", "purpose": "Nowy cel"})
    assert r.status_code == 200, r.text
    moved = r.json()["booking"]
    assert moved["version"] == b["version"] + 1
    assert parse(moved["starts_at"]) == local(d, 10, 30)
    assert moved["mode"] == "video" and moved["purpose"] == "Nowy cel"
    b2 = booked(con, it, case_id=cs["id"], starts_at=iso(local(d, 13)),
                ends_at=iso(local(d, 14)))["booking"]
    r = con.patch(url, json={"version": moved["version"],
                             "ends_at": iso(local(d, 13, 30))})
    assert r.status_code == 409, r.text
    assert r.json()["error"]["field"] == "starts_at"
    assert parse(r.json()["conflict"]["starts_at"]) == local(d, 13)
    assert_invalid(con.patch(url, json={"version": moved["version"],
                                        "ends_at": iso(local(d, 10))}),
                   "ends_at")
    # A stale version.
    err = assert_error(con.patch(url, json={"version": b["version"],
                                            "status": "cancelled"}), 409)
    assert err["field"] == "version"
    # A booking in the past can be done; then nothing changes.
    past = datetime.now(WARSAW) - timedelta(days=2)
    p = booked(con, it, case_id=cs["id"], starts_at=iso(past),
               ends_at=iso(past + timedelta(hours=1)))["booking"]
    r = con.patch("/api/v1/interpreter-bookings/%d" % p["id"],
                  json={"version": p["version"], "status": "done"})
    assert r.status_code == 200, r.text
    done = r.json()["booking"]
    assert done["status"] == "done"
    assert_invalid(con.patch("/api/v1/interpreter-bookings/%d" % p["id"],
                             json={"version": done["version"],
                                   "status": "cancelled"}), "status")
    # Done bookings still hold their slot.
    assert book(con, it, case_id=cs["id"], starts_at=iso(past),
                ends_at=iso(past + timedelta(minutes=30))).status_code == 409
    events = con.get("/api/v1/cases/%d/timeline" % cs["id"]).json()["events"]
    kinds = [e["text"] for e in events if e["kind"] == "interpreter"]
    assert any("done" in t for t in kinds) and \
        any("changed" in t for t in kinds), kinds
    assert b2["id"] != b["id"]


def test_week_view(coord, con):
    it = make(coord)
    cs = create_case(con)
    mon = next_weekday(0)
    inside = booked(con, it, case_id=cs["id"], starts_at=iso(local(mon, 10)),
                    ends_at=iso(local(mon, 11)))["booking"]
    sun = mon + timedelta(days=6)
    late = booked(con, it, case_id=cs["id"], starts_at=iso(local(sun, 23)),
                  ends_at=iso(local(sun + timedelta(days=1), 1)))["booking"]
    after = booked(con, it, case_id=cs["id"],
                   starts_at=iso(local(mon + timedelta(days=7), 10)),
                   ends_at=iso(local(mon + timedelta(days=7), 11)))
    r = con.get("/api/v1/interpreters/%d/bookings" % it["id"],
                params={"from": mon.isoformat()})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["from"] == mon.isoformat() and body["days"] == 7
    assert set(body["interpreter"]) == ROW_KEYS
    assert [x["id"] for x in body["bookings"]] == [inside["id"], late["id"]]
    r = con.get("/api/v1/interpreters/%d/bookings" % it["id"],
                params={"from": mon.isoformat(), "days": 14})
    assert after["booking"]["id"] in [x["id"] for x in r.json()["bookings"]]
    # This week by default.
    r = con.get("/api/v1/interpreters/%d/bookings" % it["id"])
    assert r.status_code == 200, r.text
    assert date.fromisoformat(r.json()["from"]).weekday() == 0
    assert_invalid(con.get("/api/v1/interpreters/%d/bookings" % it["id"],
                           params={"from": "2026-13-01"}), "from")
    assert_invalid(con.get("/api/v1/interpreters/%d/bookings" % it["id"],
                           params={"days": "40"}), "days")
    assert_error(con.get("/api/v1/interpreters/999999999/bookings"), 404)


def test_demo_registry(con):
    rows = con.get("/api/v1/interpreters").json()["interpreters"]
    demo = [x for x in rows if x["name"].startswith("Przykładow")]
    langs = {lang for x in demo for lang in x["languages"]}
    assert {"uk", "ru", "vi", "ro", "en", "bg"} <= langs
    assert any(not x["vetted"] for x in demo)
    assert any(x["agreement"]["state"] == "expired" for x in demo)
    got = suggest(con, "vi")
    assert any(s["interpreter"]["name"].startswith("Przykładowa tłumaczka")
               for s in got)


# ---------------------------------------------------------------------------
# Key rotation: its own demo install (the rotation needs the server stopped).

ROTATED = [("interpreter", "phone"), ("interpreter", "email"),
           ("interpreter", "notes"), ("interpreter_booking", "purpose")]


def key_ids(inst, table, column):
    if BACKEND == "sqlite":
        sql = ("SELECT DISTINCT hex(substr(%s, 2, 4)) FROM %s WHERE %s IS "
               "NOT NULL" % (column, table, column))
    else:
        sql = ("SELECT DISTINCT upper(encode(substring(%s from 2 for 4), "
               "'hex')) FROM %s WHERE %s IS NOT NULL" % (column, table,
                                                        column))
    return {row[0] for row in inst.query(sql)}


def test_key_rotation(install_factory):
    inst = install_factory("interp-rotation")
    inst.init("--demo")
    srv = inst.serve()
    try:
        for table, column in ROTATED:
            assert key_ids(inst, table, column) == {"01000000"}, \
                (table, column)
        srv.stop()
        r = run_haven("key", "rotate", *inst.args(), cwd=inst.dir)
        assert r.returncode == 0, r.stderr
        for table, column in ROTATED:
            assert key_ids(inst, table, column) == {"02000000"}, \
                (table, column)
        srv.start()
        s, r = srv.login("demo.consultant", "haven-demo-only")
        assert r.status_code == 200, r.text
        rows = s.get(srv.url("/api/v1/interpreters"),
                     params={"language": "vi"}).json()["interpreters"]
        it = s.get(srv.url("/api/v1/interpreters/%d" % rows[0]["id"]))
        assert it.status_code == 200, it.text
        assert it.json()["interpreter"]["phone"].startswith("+48")
        week = s.get(srv.url("/api/v1/interpreters/%d/bookings" %
                             rows[0]["id"]),
                     params={"days": 31}).json()["bookings"]
        assert any(b["purpose"] and b["purpose"].startswith("[DEMO]")
                   for b in week), week
    finally:
        srv.assert_clean_exit()
