"""
Persons and case files (docs/API-cases.md) on the shared demo install:
persons with sealed identities, duplicates and merges, the safe-contact
protocol, case files and their lifecycle (every illegal transition),
sealing, the aid pathway, the legal track and its deadlines, the time line
and notes, tasks, the case register and its searches, the hotline links,
who may do what, and what the database files hold in clear.

The demo install holds persons and cases of its own: every check here
filters by what it made itself (unique names, numbers, documents,
citizenships nobody else uses) and never counts a whole table.
"""
import random
import re
import secrets
import string
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import requests

from conftest import DEMO_PASSWORD, assert_error
from security_util import Client

WARSAW = ZoneInfo("Europe/Warsaw")
ISO_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")
DATE_RE = re.compile(r"\d{4}-\d\d-\d\d")
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
PSEUDONYM_RE = re.compile(r"P-[%s]{6}" % ALPHABET)
REFERENCE_RE = re.compile(r"(\d{4})/(\d{4})")
STRONG = "a long and private passphrase for the cases suite 7"

STATUSES = ["preliminary_verification", "provisional_identification",
            "identified", "not_identified", "closed"]
CLOSE_REASONS = ["assistance_completed", "returned_home", "transferred",
                 "contact_lost", "declined_help", "not_a_victim", "other"]
PATHWAY = ["safety_liberation", "safety_separation", "safety_place",
           "accommodation", "health_mental", "health_physical",
           "health_immediate", "legal_criminal", "legal_residence",
           "legal_family", "interpretation", "decision_cooperation",
           "decision_family", "decision_return"]
DECISIONS = {"decision_cooperation", "decision_family", "decision_return"}

ENUMS = {
    "sex": ["female", "male", "other", "unknown"],
    "case_status": STATUSES,
    "close_reason": CLOSE_REASONS,
    "exploitation": ["sexual", "forced_labour", "forced_begging",
                     "forced_criminality", "domestic_servitude",
                     "forced_marriage", "organ_removal", "illegal_adoption",
                     "slavery", "other"],
    "pathway_item": PATHWAY,
    "pathway_status": ["needed", "in_progress", "done", "declined",
                       "not_applicable"],
    "safe_mode": ["yes", "no", "unknown"],
    "task_kind": ["task", "callback", "deadline"],
    "register_column": ["reference", "person", "status", "key_consultant",
                        "forms", "urgent", "citizenship", "sex", "minor",
                        "opened_at", "updated_at", "open_tasks", "missing"],
}

# The transitions of the contract; reopening is closed -> the status
# before closing, handled apart.
ALLOWED = {("preliminary_verification", "provisional_identification"),
           ("provisional_identification", "identified"),
           ("provisional_identification", "not_identified"),
           ("identified", "closed"), ("not_identified", "closed")}

PERSON_KEYS = {"id", "pseudonym", "sex", "birth_year", "minor",
               "citizenship", "languages", "identity", "safe_contact",
               "merged_into", "merged", "cases", "version", "created_at",
               "updated_at"}
PERSON_ROW_KEYS = PERSON_KEYS - {"identity", "safe_contact", "merged",
                                 "cases"}
CASE_KEYS = {"id", "reference", "person", "status", "status_before_close",
             "close_reason", "forms", "countries", "urgent",
             "key_consultant", "sealed", "access", "opened_at", "closed_at",
             "version", "created_at", "updated_at", "pathway", "missing",
             "legal", "tasks", "risk_level"}
CASE_ROW_KEYS = {"id", "reference", "person", "status", "forms", "urgent",
                 "key_consultant", "sealed", "opened_at", "updated_at",
                 "open_tasks", "overdue_tasks", "missing", "risk_level"}
CASE_PERSON_KEYS = {"id", "pseudonym", "minor", "citizenship", "sex"}
RESTRICTED_KEYS = {"id", "reference", "sealed", "restricted"}
PATHWAY_KEYS = {"item", "status", "by", "at", "notes", "decision",
                "decided_on", "informed"}
LEGAL_KEYS = {"certificate", "residence_permit", "support_programme",
              "proceedings", "compensation"}
TASK_KEYS = {"id", "case", "person", "kind", "title", "due_on", "assignee",
             "done_at", "done_by", "overdue", "contact_id"}
EVENT_KEYS = {"id", "at", "kind", "by", "text", "contact_id"}
EVENT_KINDS = {"opened", "status", "pathway", "note", "contact", "legal",
               "task", "sealed", "unsealed", "merged", "updated",
               "screening", "risk", "placement", "incident", "interpreter"}

# A hotline contact (docs/API-hotline.md) a case can be opened from.
CONTACT = {
    "started_at": "2026-11-25T10:00:00+01:00",
    "duration_seconds": 600,
    "channel": "office_line",
    "direction": "incoming",
    "inquirer": "victim_foreign",
    "topics": ["identification"],
    "urgency": "routine",
    "outcome": "case_opened",
}

_numbers = iter(random.sample(range(10 ** 7), 400))
_documents = iter(random.sample(range(10 ** 7), 400))


def fresh_phone():
    """A Polish mobile number nobody used (the demo's are +48 555 ...,
    the hotline suite's +48 57...): (as typed, normalised)."""
    n = "66%07d" % next(_numbers)
    return "%s %s %s" % (n[:3], n[3:6], n[6:]), "+48" + n


def fresh_document():
    return "XK%07d" % next(_documents)


def word(n=10):
    """A random word of letters, for names and notes nobody else has."""
    return "".join(random.choice(string.ascii_lowercase) for _ in range(n))


def Word(n=10):
    return word(n).capitalize()


def today():
    return datetime.now(WARSAW).date()


def d(s):
    return date.fromisoformat(s)


def parse(s):
    assert isinstance(s, str) and ISO_RE.fullmatch(s), s
    return datetime.fromisoformat(s)


def ref(c):
    return {"id": c.user["id"], "username": c.user["username"]}


def send(c, method, path, body=None, params=None):
    return c.s.request(method, c.url(path), json=body, params=params,
                       headers=c._headers(None), timeout=30)


def assert_invalid(resp, field):
    """422 naming field; a nested field may name an element in it
    ("identity.documents" or "identity.documents[0].type")."""
    err = assert_error(resp, 422, "invalid")
    assert err["field"] is not None and (
        err["field"] == field or err["field"].startswith(field + ".") or
        err["field"].startswith(field + "[")), (field, err)
    return err


def audit(server, where):
    """Audit rows as strings: (action, result, detail, user_id,
    object_id), oldest first."""
    rows = server.install.query(
        "SELECT action, result, detail, user_id, object_id FROM audit_log "
        "WHERE " + where + " ORDER BY seq")
    return [tuple(None if v is None or v == "" else str(v) for v in row)
            for row in rows]


# ---------------------------------------------------------------------------
# Checks of the shapes.

def check_person(p):
    assert set(p) == PERSON_KEYS, sorted(p)
    assert isinstance(p["id"], int)
    assert PSEUDONYM_RE.fullmatch(p["pseudonym"]), p["pseudonym"]
    assert p["sex"] in ENUMS["sex"]
    assert isinstance(p["minor"], bool)
    assert isinstance(p["languages"], list)
    assert isinstance(p["version"], int)
    assert isinstance(p["merged"], list) and isinstance(p["cases"], list)
    for k in ("created_at", "updated_at"):
        parse(p[k])
    for c in p["cases"]:
        # Exactly {"id","reference","status"} by the contract: that is
        # test_create_case's to check; here only what the others need.
        if c.get("restricted"):
            assert set(c) == RESTRICTED_KEYS, c
        else:
            assert {"id", "reference", "status"} <= set(c), c
    return p


def check_person_row(row):
    # The whole shape is test_person_list_never_shows_identity's to check;
    # here: never an identity.
    assert PERSON_ROW_KEYS - {"merged", "cases"} <= set(row), sorted(row)
    assert "identity" not in row and "safe_contact" not in row, row
    assert PSEUDONYM_RE.fullmatch(row["pseudonym"])
    return row


def check_case(cs):
    assert set(cs) == CASE_KEYS, sorted(cs)
    m = REFERENCE_RE.fullmatch(cs["reference"])
    assert m, cs["reference"]
    assert set(cs["person"]) == CASE_PERSON_KEYS, cs["person"]
    assert cs["status"] in STATUSES
    assert isinstance(cs["sealed"], bool) and isinstance(cs["urgent"], bool)
    assert isinstance(cs["version"], int)
    assert set(cs["countries"]) == {"origin", "transit", "exploitation"}
    assert [it["item"] for it in cs["pathway"]] == PATHWAY
    for it in cs["pathway"]:
        check_pathway_item(it)
    assert [m for m in PATHWAY if m in cs["missing"]] == cs["missing"], \
        "missing not in the pathway's order"
    assert set(cs["legal"]) == LEGAL_KEYS, cs["legal"]
    for t in cs["tasks"]:
        check_task(t)
        assert t["done_at"] is None
    for k in ("opened_at", "created_at", "updated_at"):
        parse(cs[k])
    if cs["closed_at"] is not None:
        parse(cs["closed_at"])
    return cs


def check_case_row(row):
    if row.get("restricted"):
        assert set(row) == RESTRICTED_KEYS, row
        assert row["sealed"] is True and row["restricted"] is True
        return row
    assert set(row) == CASE_ROW_KEYS, sorted(row)
    assert REFERENCE_RE.fullmatch(row["reference"])
    assert set(row["person"]) == {"id", "pseudonym", "citizenship", "sex",
                                  "minor"}, row["person"]
    for k in ("open_tasks", "overdue_tasks", "missing"):
        assert isinstance(row[k], int) and row[k] >= 0, (k, row)
    parse(row["opened_at"])
    parse(row["updated_at"])
    return row


def check_pathway_item(it):
    # Decision fields: on the decision items; elsewhere null or absent.
    assert PATHWAY_KEYS - {"decision", "decided_on", "informed"} <= \
        set(it) <= PATHWAY_KEYS, sorted(it)
    assert it["item"] in PATHWAY
    assert it["status"] is None or it["status"] in ENUMS["pathway_status"]
    if it["item"] in DECISIONS:
        assert set(it) == PATHWAY_KEYS, sorted(it)
    else:
        for k in ("decision", "decided_on", "informed"):
            assert it.get(k) is None, (k, it)
    return it


def check_task(t):
    keys = set(t) - {"safe_contact", "source", "event_on"}
    assert keys == TASK_KEYS, sorted(t)
    assert t["kind"] in ENUMS["task_kind"]
    assert ("safe_contact" in t) == (t["kind"] == "callback"), t
    # A deadline says what it warns of, for the interface to word it.
    assert ("source" in t) == ("event_on" in t) == (t["kind"] == "deadline")
    if t["kind"] == "deadline":
        assert re.fullmatch(r"certificate|residence_permit|"
                            r"support_programme|hearing:\d+", t["source"]), t
        assert DATE_RE.fullmatch(t["event_on"]), t
    assert DATE_RE.fullmatch(t["due_on"]), t
    assert set(t["assignee"]) == {"id", "username"}
    assert isinstance(t["overdue"], bool)
    if t["case"] is not None:
        assert set(t["case"]) == {"id", "reference"}
    if t["person"] is not None:
        assert set(t["person"]) == {"id", "pseudonym"}
    return t


def check_event(ev):
    # The exact shape is test_timeline_and_notes's to check.
    assert {"at", "kind", "by", "text"} <= set(ev), sorted(ev)
    assert ev["kind"] in EVENT_KINDS, ev
    parse(ev["at"])
    assert ev["by"] is None or set(ev["by"]) == {"id", "username"}
    assert ev["text"] is None or isinstance(ev["text"], str), ev
    return ev


# ---------------------------------------------------------------------------
# Sessions: one login per account, and only those a test needs.

# clients, con and coord: conftest.py


@pytest.fixture(scope="module")
def staff_factory(server, clients):
    """New consultants (made by demo.admin; demo mode asks for no second
    factor), logged in with their password changed."""
    made = {}

    def get(key):
        if key not in made:
            admin = clients("demo.admin")
            name = "cases.%s.%s" % (key, secrets.token_hex(3))
            r = admin.post("/api/v1/users",
                           json={"username": name, "role": "consultant"})
            assert r.status_code == 201, r.text
            pw = r.json()["password"]
            c = Client(server)
            r = c.login(name, pw)
            assert r.status_code == 200, r.text
            if c.stage == "password_change":
                r = c.post("/api/v1/auth/password",
                           json={"current_password": pw,
                                 "new_password": STRONG})
                assert r.status_code == 200, r.text
                assert r.json()["stage"] == "done"
                c.stage = "done"
            assert c.stage == "done", c.stage
            made[key] = c
        return made[key]
    return get


# ---------------------------------------------------------------------------
# Helpers that make things.

def identity(**over):
    """A distinctive identity: unique name, phone, document, e-mail."""
    typed, _ = fresh_phone()
    ident = {"first_name": "Anna", "last_name": "Nowak" + word(),
             "date_of_birth": "1991-04-12", "phones": [typed],
             "emails": ["%s@example.org" % word()],
             "documents": [{"type": "passport", "number": fresh_document()}]}
    ident.update(over)
    return ident


def create_person(c, **body):
    r = c.post("/api/v1/persons", json=body)
    assert r.status_code == 201, r.text
    assert set(r.json()) == {"person"}, r.json()
    return check_person(r.json()["person"])


def get_person(c, pid):
    r = c.get("/api/v1/persons/%d" % pid)
    assert r.status_code == 200, r.text
    return check_person(r.json()["person"])


def create_case(c, person_id=None, **body):
    if person_id is None:
        person_id = create_person(c, citizenship="UA")["id"]
    body["person_id"] = person_id
    r = c.post("/api/v1/cases", json=body)
    assert r.status_code == 201, r.text
    assert set(r.json()) == {"case"}, r.json()
    return check_case(r.json()["case"])


def get_case(c, cid):
    r = c.get("/api/v1/cases/%d" % cid)
    assert r.status_code == 200, r.text
    return check_case(r.json()["case"])


def set_status(c, cs, status, reason=None, version=None):
    body = {"status": status,
            "version": cs["version"] if version is None else version}
    if reason is not None:
        body["close_reason"] = reason
    return c.post("/api/v1/cases/%d/status" % cs["id"], json=body)


def move(c, cs, status, reason=None):
    r = set_status(c, cs, status, reason)
    assert r.status_code == 200, (cs["status"], status, r.text)
    new = check_case(r.json()["case"])
    assert new["status"] == status
    return new


def timeline(c, cid):
    r = c.get("/api/v1/cases/%d/timeline" % cid)
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"events"}
    events = [check_event(ev) for ev in r.json()["events"]]
    times = [parse(ev["at"]) for ev in events]
    assert times == sorted(times, reverse=True), "not newest first"
    return events


def tasks(c, **params):
    r = c.get("/api/v1/tasks", params=params)
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"tasks"}
    ts = [check_task(t) for t in r.json()["tasks"]]
    dues = [t["due_on"] for t in ts]
    assert dues == sorted(dues), "not by due date"
    return ts


def register(c, **params):
    r = c.get("/api/v1/cases", params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"cases", "total", "total_capped"}, body
    assert isinstance(body["total"], int)
    assert body["total_capped"] is (body["total"] == 1000)
    for row in body["cases"]:
        check_case_row(row)
    return body


def put_pathway(c, cid, item, **body):
    return send(c, "PUT", "/api/v1/cases/%d/pathway/%s" % (cid, item), body)


def put_legal(c, cid, kind, body):
    return send(c, "PUT", "/api/v1/cases/%d/legal/%s" % (cid, kind), body)


def create_task(c, **body):
    body.setdefault("assignee_id", c.user["id"])
    body.setdefault("kind", "task")
    r = c.post("/api/v1/tasks", json=body)
    assert r.status_code == 201, r.text
    assert set(r.json()) == {"task"}
    return check_task(r.json()["task"])


def dup_error(resp):
    """A 409 duplicate answer: the duplicates."""
    assert resp.status_code == 409, (resp.status_code, resp.text)
    body = resp.json()
    assert set(body) == {"error", "duplicates"}, body
    assert set(body["error"]) == {"code", "message", "field"}, body
    assert body["error"]["code"] == "duplicate", body
    assert body["error"]["field"] == "identity", body
    for dup in body["duplicates"]:
        assert set(dup) == {"id", "pseudonym", "matched"}, dup
        assert PSEUDONYM_RE.fullmatch(dup["pseudonym"])
        assert dup["matched"] and set(dup["matched"]) <= \
            {"name_dob", "phone", "document", "email"}, dup
    return {dup["id"]: dup for dup in body["duplicates"]}


def duplicates(c, ident):
    r = c.post("/api/v1/persons/duplicates", json={"identity": ident})
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"duplicates"}
    return {dup["id"]: dup for dup in r.json()["duplicates"]}


def search_persons(c, body):
    r = c.post("/api/v1/persons/search", json=body)
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"persons"}
    return [check_person_row(p) for p in r.json()["persons"]]


def search_cases(c, body):
    r = c.post("/api/v1/cases/search", json=body)
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"cases"}
    return [check_case_row(row) for row in r.json()["cases"]]


# ---------------------------------------------------------------------------
# Enumerations.

def test_enums(con):
    r = con.get("/api/v1/enums")
    assert r.status_code == 200, r.text
    body = r.json()
    for name, codes in ENUMS.items():
        assert name in body, name
        assert [v["code"] for v in body[name]] == codes, name
        for v in body[name]:
            assert set(v) == {"code", "pl", "en"}, v
            assert isinstance(v["pl"], str) and v["pl"].strip(), v
            assert isinstance(v["en"], str) and v["en"].strip(), v


# ---------------------------------------------------------------------------
# Persons.

def test_create_person(con):
    typed, number = fresh_phone()
    doc = fresh_document()
    ident = {"first_name": "Olena", "last_name": "Shevchenko" + word(),
             "aliases": ["Lena", "Ola K."], "date_of_birth": "1994-02-28",
             "phones": [typed], "emails": ["olena.%s@example.org" % word()],
             "documents": [{"type": "passport", "number": doc}],
             "addresses": ["ul. Fikcyjna 1/2, 00-001 Warszawa"]}
    safe = {"call": "yes", "voicemail": "no", "text": "unknown",
            "hours": "weekdays 10-12", "number": typed,
            "code_word": "blue umbrella", "do_not_inform": "her employer",
            "notes": "Speak Ukrainian first."}
    p = create_person(con, sex="female", citizenship="UA",
                      languages=["uk", "ru"], identity=ident,
                      safe_contact=safe)
    assert p["sex"] == "female" and p["citizenship"] == "UA"
    assert p["languages"] == ["uk", "ru"]
    # Derived from the date of birth.
    assert p["birth_year"] == 1994 and p["minor"] is False
    got = p["identity"]
    for k in ("first_name", "last_name", "aliases", "date_of_birth",
              "emails", "addresses"):
        assert got[k] == ident[k], k
    assert got["phones"] == [number]
    assert [(x["type"], x["number"]) for x in got["documents"]] == \
        [("passport", doc)]
    for k in ("call", "voicemail", "text", "hours", "code_word",
              "do_not_inform", "notes"):
        assert p["safe_contact"][k] == safe[k], k
    assert p["safe_contact"]["number"] == number
    assert p["merged_into"] is None and p["merged"] == [] and \
        p["cases"] == []
    assert get_person(con, p["id"]) == p


def test_create_person_minimal(con):
    p = create_person(con)
    assert p["sex"] == "unknown" and p["minor"] is False
    assert p["birth_year"] is None and p["citizenship"] is None
    assert p["safe_contact"] is None
    # Pseudonyms are unique.
    seen = {p["pseudonym"]}
    for _ in range(5):
        seen.add(create_person(con)["pseudonym"])
    assert len(seen) == 6


def test_minor_derived_from_date_of_birth(con):
    born = today().replace(year=today().year - 15, day=1).isoformat()
    p = create_person(con, birth_year=1950, minor=False,
                      identity={"first_name": "Mira" + word(),
                                "date_of_birth": born})
    assert p["birth_year"] == int(born[:4]) and p["minor"] is True
    p = create_person(con, birth_year=2015, minor=True,
                      identity={"first_name": "Mira" + word(),
                                "date_of_birth": "1980-06-30"})
    assert p["birth_year"] == 1980 and p["minor"] is False
    p = create_person(con, birth_year=2012, minor=True)
    assert p["birth_year"] == 2012 and p["minor"] is True


def _future():
    return (today() + timedelta(days=2)).isoformat()


BAD_PERSONS = [
    ("sex", {"sex": "robot"}),
    ("sex", {"sex": 1}),
    ("birth_year", {"birth_year": 1899}),
    ("birth_year", {"birth_year": "this_year+1"}),
    ("birth_year", {"birth_year": "1990"}),
    ("minor", {"minor": "yes"}),
    ("citizenship", {"citizenship": "ua"}),
    ("citizenship", {"citizenship": "UKR"}),
    ("citizenship", {"citizenship": 380}),
    ("languages", {"languages": ["Ukrainian"]}),
    ("languages", {"languages": "uk"}),
    ("languages", {"languages": ["uk"] * 11}),
    ("identity.phones", {"identity": {"phones": ["call me maybe"]}}),
    ("identity.phones", {"identity": {"phones": ["12345"]}}),
    ("identity.phones", {"identity": {"phones": ["600100200"] * 6}}),
    ("identity.date_of_birth", {"identity": {"date_of_birth": "future"}}),
    ("identity.date_of_birth", {"identity": {"date_of_birth":
                                             "1990-02-30"}}),
    ("identity.date_of_birth", {"identity": {"date_of_birth":
                                             "12.04.1991"}}),
    ("identity.first_name", {"identity": {"first_name": "a" * 101}}),
    ("identity.last_name", {"identity": {"last_name": 5}}),
    ("identity.aliases", {"identity": {"aliases": ["x"] * 11}}),
    ("identity.emails", {"identity": {"emails": ["no-at-sign"]}}),
    ("identity.documents", {"identity": {"documents": [
        {"type": "visa", "number": "AB123"}]}}),
    ("identity.documents", {"identity": {"documents": [
        {"type": "passport", "number": "N" * 41}]}}),
    ("identity.addresses", {"identity": {"addresses": ["a" * 301]}}),
    ("identity.nickname", {"identity": {"nickname": "Lena"}}),
    ("safe_contact.call", {"safe_contact": {"call": "maybe"}}),
    ("safe_contact.number", {"safe_contact": {"number": "not a number"}}),
    ("safe_contact.code_word", {"safe_contact": {"code_word": "c" * 101}}),
    ("colour", {"colour": "red"}),
    ("pseudonym", {"pseudonym": "P-AAAAAA"}),
    ("confirm_new", {"confirm_new": "yes"}),
]


@pytest.mark.parametrize("field,body", BAD_PERSONS,
                         ids=["%s-%d" % (f, i)
                              for i, (f, _) in enumerate(BAD_PERSONS)])
def test_create_person_invalid(con, field, body):
    body = dict(body)
    if body.get("birth_year") == "this_year+1":
        body["birth_year"] = today().year + 1
    if body.get("identity", {}).get("date_of_birth") == "future":
        body["identity"] = {"date_of_birth": _future()}
    assert_invalid(con.post("/api/v1/persons", json=body), field)


def test_duplicates(con):
    tag = Word()
    typed, number = fresh_phone()
    doc = fresh_document()
    email = "lucja.%s@example.org" % tag.lower()
    first = create_person(con, citizenship="PL", identity={
        "first_name": "Łucja", "last_name": "Kowalska " + tag,
        "date_of_birth": "1988-03-15", "phones": ["0048 " + typed.replace(
            " ", "-")], "documents": [{"type": "id_card",
                                       "number": doc}],
        "emails": [email]})
    pid = first["id"]
    assert first["identity"]["phones"] == [number]

    def body(ident, **more):
        return {"identity": ident, **more}

    # The same name and date of birth, in another case, without the
    # diacritics, in another word order (across first and last name).
    for ident in ({"first_name": "lucja", "last_name": "KOWALSKA " +
                   tag.upper(), "date_of_birth": "1988-03-15"},
                  {"first_name": "KOWALSKA", "last_name": "%s lucja" %
                   tag.lower(), "date_of_birth": "1988-03-15"},
                  {"first_name": "Łucja  " + tag, "last_name": "Kowalska",
                   "date_of_birth": "1988-03-15"}):
        dups = dup_error(con.post("/api/v1/persons", json=body(ident)))
        assert pid in dups, ident
        assert dups[pid]["matched"] == ["name_dob"], dups[pid]
        assert dups[pid]["pseudonym"] == first["pseudonym"]
        assert pid in duplicates(con, ident)
    # Another date of birth: no match.
    ident = {"first_name": "Łucja", "last_name": "Kowalska " + tag,
             "date_of_birth": "1988-03-16"}
    assert pid not in duplicates(con, ident)
    assert create_person(con, identity=ident)["id"] != pid

    # The phone, typed otherwise.
    ident = {"first_name": "Someone", "last_name": "Else" + word(),
             "phones": [number[3:]]}
    dups = dup_error(con.post("/api/v1/persons", json=body(ident)))
    assert dups[pid]["matched"] == ["phone"]
    assert duplicates(con, {"phones": ["+48 " + typed]})[pid]["matched"] \
        == ["phone"]
    # The document number, spaced and in lower case.
    spaced = (doc[:2] + " " + doc[2:5] + "-" + doc[5:]).lower()
    dups = dup_error(con.post("/api/v1/persons", json=body(
        {"documents": [{"type": "passport", "number": spaced}]})))
    assert dups[pid]["matched"] == ["document"]
    # The e-mail address in upper case.
    dups = dup_error(con.post("/api/v1/persons",
                              json=body({"emails": [email.upper()]})))
    assert dups[pid]["matched"] == ["email"]
    # Several at once.
    dups = dup_error(con.post("/api/v1/persons", json=body(
        {"first_name": "lucja", "last_name": "kowalska " + tag,
         "date_of_birth": "1988-03-15", "phones": [typed]})))
    assert sorted(dups[pid]["matched"]) == ["name_dob", "phone"]
    # Nothing in common.
    assert duplicates(con, identity()) == {}
    # confirm_new: created anyway.
    second = create_person(con, confirm_new=True, identity={
        "first_name": "lucja", "last_name": "kowalska " + tag,
        "date_of_birth": "1988-03-15", "phones": [typed]})
    assert second["id"] != pid
    assert second["pseudonym"] != first["pseudonym"]
    # Both are found now.
    assert {pid, second["id"]} <= set(duplicates(con, {"phones": [typed]}))
    assert_invalid(con.post("/api/v1/persons/duplicates",
                            json={"identity": {"phones": ["nope"]}}),
                   "identity.phones")


def test_person_list_never_shows_identity(con):
    last = "Zawadzka" + Word()
    alias = "Alias" + Word()
    p = create_person(con, citizenship="MD", identity=identity(
        last_name=last, aliases=[alias]))
    for params in ({"q": p["pseudonym"]}, {"q": p["pseudonym"].lower()},
                   {"q": p["pseudonym"][:5]}, {"limit": 100}, {}):
        r = con.get("/api/v1/persons", params=params)
        assert r.status_code == 200, r.text
        assert set(r.json()) == {"persons", "total"}
        assert last not in r.text and last.lower() not in r.text
        assert alias not in r.text
        assert p["identity"]["phones"][0] not in r.text
        for row in r.json()["persons"]:
            check_person_row(row)
    rows = con.get("/api/v1/persons", params={"q": p["pseudonym"].lower()}
                   ).json()
    assert [row["id"] for row in rows["persons"]] == [p["id"]]
    assert rows["total"] == 1
    row = rows["persons"][0]
    # A prefix.
    rows = con.get("/api/v1/persons", params={"q": p["pseudonym"][:6],
                                              "limit": 100}).json()
    assert p["id"] in [row["id"] for row in rows["persons"]]
    assert all(row["pseudonym"].startswith(p["pseudonym"][:6])
               for row in rows["persons"])
    # Paging.
    a = con.get("/api/v1/persons", params={"limit": 2, "offset": 0}).json()
    b = con.get("/api/v1/persons", params={"limit": 2, "offset": 2}).json()
    assert len(a["persons"]) == 2 and a["total"] >= 4
    assert not {x["id"] for x in a["persons"]} & \
        {x["id"] for x in b["persons"]}
    for k, v in (("limit", 0), ("limit", 101), ("limit", "ten"),
                 ("offset", -1)):
        assert_invalid(con.get("/api/v1/persons", params={k: v}), k)
    # Row = Person without identity, safe_contact, merged and cases.
    assert row == {k: v for k, v in p.items() if k in PERSON_ROW_KEYS}


def test_person_read_is_audited(con, coord, server):
    p = create_person(con, identity=identity())
    where = ("action = 'person.identity.read' AND object_id = %d"
             % p["id"])
    n = len(audit(server, where))
    assert get_person(con, p["id"])["identity"] == p["identity"]
    assert get_person(coord, p["id"])["identity"] == p["identity"]
    rows = audit(server, where)
    assert len(rows) == n + 2, rows
    assert rows[-2][3] == str(con.user["id"])
    assert rows[-1][3] == str(coord.user["id"])
    assert {r[1] for r in rows} == {"ok"}
    # The audit log holds no identity value.
    dump = repr(server.install.query(
        "SELECT * FROM audit_log WHERE object_id = %d" % p["id"]))
    assert p["identity"]["last_name"] not in dump
    assert_error(con.get("/api/v1/persons/99999999"), 404, "not_found")


def test_safe_contact(con, server):
    typed, number = fresh_phone()
    safe = {"call": "no", "voicemail": "no", "text": "yes",
            "hours": "after 20:00", "number": typed,
            "code_word": "grandmother's recipe",
            "do_not_inform": "the husband and his brother",
            "notes": "Write in Romanian."}
    p = create_person(con, identity=identity(), safe_contact=safe)
    where = ("action = 'person.safe_contact.read' AND object_id = %d"
             % p["id"])
    n = len(audit(server, where))
    r = con.get("/api/v1/persons/%d/safe-contact" % p["id"])
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"person", "safe_contact"}
    assert body["person"] == {"id": p["id"], "pseudonym": p["pseudonym"]}
    sc = body["safe_contact"]
    for k in ("call", "voicemail", "text", "hours", "code_word",
              "do_not_inform", "notes"):
        assert sc[k] == safe[k], k
    assert sc["number"] == number
    rows = audit(server, where)
    assert len(rows) == n + 1
    assert rows[-1][:2] == ("person.safe_contact.read", "ok")
    assert rows[-1][3] == str(con.user["id"])
    # None.
    p3 = create_person(con)
    r = con.get("/api/v1/persons/%d/safe-contact" % p3["id"])
    assert r.json() == {"person": {"id": p3["id"],
                                   "pseudonym": p3["pseudonym"]},
                        "safe_contact": None}
    assert_error(con.get("/api/v1/persons/99999999/safe-contact"), 404,
                 "not_found")
    # Defaults: call, voicemail and text "unknown" when not said.
    p2 = create_person(con, safe_contact={"hours": "mornings"})
    r = con.get("/api/v1/persons/%d/safe-contact" % p2["id"])
    sc = r.json()["safe_contact"]
    assert (sc.get("call"), sc.get("voicemail"), sc.get("text")) == \
        ("unknown", "unknown", "unknown"), sc


def test_patch_person(con):
    ident = identity()
    p = create_person(con, citizenship="UA", identity=ident)
    path = "/api/v1/persons/%d" % p["id"]
    v = p["version"]
    r = con.patch(path, json={"version": v, "citizenship": "BY",
                              "languages": ["be"]})
    assert r.status_code == 200, r.text
    new = check_person(r.json()["person"])
    assert new["version"] == v + 1
    assert new["citizenship"] == "BY" and new["languages"] == ["be"]
    assert new["identity"] == p["identity"]
    # Stale: refused, nothing changed.
    assert_error(con.patch(path, json={"version": v, "citizenship": "RO"}),
                 409, "conflict")
    assert get_person(con, p["id"])["citizenship"] == "BY"
    assert_invalid(con.patch(path, json={"citizenship": "RO"}), "version")
    assert_invalid(con.patch(path, json={"version": v + 1,
                                         "confirm_new": True}),
                   "confirm_new")
    assert_invalid(con.patch(path, json={"version": v + 1, "sex": "x"}),
                   "sex")
    # The identity is replaced whole: the old phone no longer finds her.
    phone = ident["phones"][0]
    assert p["id"] in [x["id"] for x in search_persons(con,
                                                       {"phone": phone})]
    r = con.patch(path, json={"version": v + 1, "identity": {
        "first_name": ident["first_name"], "last_name": ident["last_name"],
        "date_of_birth": ident["date_of_birth"]}})
    assert r.status_code == 200, r.text
    new = r.json()["person"]
    assert new["version"] == v + 2
    assert not new["identity"].get("phones")
    assert new["identity"]["last_name"] == ident["last_name"]
    assert p["id"] not in [x["id"] for x in
                           search_persons(con, {"phone": phone})]
    assert_error(con.patch("/api/v1/persons/99999999",
                           json={"version": 1, "sex": "male"}),
                 404, "not_found")


def test_search_persons(con, server):
    ident = identity(first_name="Ioana", last_name="Popescu " + Word(),
                     date_of_birth="1979-12-31")
    p = create_person(con, identity=ident)
    other = create_person(con, identity=identity())
    n = len(audit(server, "action LIKE '%search%'"))

    def ids(body):
        return [x["id"] for x in search_persons(con, body)]

    assert ids({"first_name": "IOANA", "last_name": ident["last_name"]
                .lower(), "date_of_birth": "1979-12-31"}) == [p["id"]]
    assert ids({"first_name": ident["last_name"], "last_name": "ioana",
                "date_of_birth": "1979-12-31"}) == [p["id"]]
    assert ids({"first_name": "Ioana", "last_name": ident["last_name"],
                "date_of_birth": "1979-12-30"}) == []
    assert ids({"phone": "0048" + ident["phones"][0].replace(" ", "")}) \
        == [p["id"]]
    doc = ident["documents"][0]["number"]
    assert ids({"document": doc.lower()}) == [p["id"]]
    assert ids({"email": ident["emails"][0].upper()}) == [p["id"]]
    assert ids({"phone": fresh_phone()[0]}) == []
    assert ids({"document": fresh_document()}) == []
    assert other["id"] not in ids({"document": doc})
    rows = search_persons(con, {"phone": ident["phones"][0]})
    assert ident["last_name"] not in repr(rows)
    # Exactly one kind.
    for bad in ({}, {"phone": ident["phones"][0], "document": doc},
                {"first_name": "Ioana", "last_name": "X",
                 "date_of_birth": "1979-12-31", "email": "a@b.c"},
                {"colour": "red"}):
        assert_error(con.post("/api/v1/persons/search", json=bad), 422,
                     "invalid")
    assert_invalid(con.post("/api/v1/persons/search",
                            json={"phone": "call me"}), "phone")
    # Audited.
    assert len(audit(server, "action LIKE '%search%'")) > n


def test_merge(con, coord, server):
    a = create_person(con, citizenship="UA", identity=identity())
    b = create_person(con, citizenship="UA", identity=identity())
    cb = create_case(con, b["id"])
    ca = create_case(con, a["id"])
    path = "/api/v1/persons/%d/merge" % a["id"]
    assert_error(con.post(path, json={"from": b["id"]}), 403, "forbidden")
    assert_invalid(coord.post(path, json={"from": a["id"]}), "from")
    assert_invalid(coord.post(path, json={"from": 99999999}), "from")
    assert_invalid(coord.post(path, json={"from": "b"}), "from")
    r = coord.post(path, json={"from": b["id"]})
    assert r.status_code == 200, r.text
    survivor = check_person(r.json()["person"])
    assert survivor["id"] == a["id"]
    assert {"id": b["id"], "pseudonym": b["pseudonym"]} in \
        survivor["merged"]
    assert {c["id"] for c in survivor["cases"]} == {ca["id"], cb["id"]}
    merged = get_person(coord, b["id"])
    assert merged["merged_into"] == {"id": a["id"],
                                     "pseudonym": a["pseudonym"]}
    # Both identities kept.
    assert merged["identity"]["last_name"] == b["identity"]["last_name"]
    assert get_person(con, a["id"])["identity"]["last_name"] == \
        a["identity"]["last_name"]
    # The case moved to the survivor.
    moved = get_case(con, cb["id"])
    assert moved["person"]["id"] == a["id"]
    assert moved["person"]["pseudonym"] == a["pseudonym"]
    assert "merged" in {ev["kind"] for ev in timeline(con, cb["id"])}
    # Merged persons are left out of lists and duplicates.
    rows = con.get("/api/v1/persons", params={"q": b["pseudonym"]}).json()
    assert b["id"] not in [x["id"] for x in rows["persons"]]
    assert b["id"] not in duplicates(con, {"phones": b["identity"]
                                           ["phones"]})
    # Already merged, or merging a merged one into itself.
    assert_invalid(coord.post(path, json={"from": b["id"]}), "from")
    c = create_person(con)
    assert_invalid(coord.post("/api/v1/persons/%d/merge" % c["id"],
                              json={"from": b["id"]}), "from")
    # A merged person gets no new case.
    assert_invalid(con.post("/api/v1/cases", json={"person_id": b["id"]}),
                   "person_id")
    assert audit(server, "action LIKE '%%merge%%' AND object_id IN "
                 "(%d, %d)" % (a["id"], b["id"])), "merge not audited"


# ---------------------------------------------------------------------------
# Case files.

def test_create_case(con, coord):
    p = create_person(con, sex="female", citizenship="VN", minor=False)
    year = today().year
    one = create_case(con, p["id"], forms=["forced_labour", "sexual"],
                      countries={"origin": ["VN"], "transit": ["RU", "BY"],
                                 "exploitation": ["PL"]}, urgent=True)
    two = create_case(con, p["id"])
    y1, n1 = REFERENCE_RE.fullmatch(one["reference"]).groups()
    y2, n2 = REFERENCE_RE.fullmatch(two["reference"]).groups()
    assert int(y1) == int(y2) == year
    assert int(n2) == int(n1) + 1 and int(n1) >= 1
    assert one["status"] == "preliminary_verification"
    assert one["status_before_close"] is None and one["close_reason"] is None
    assert one["closed_at"] is None
    assert one["key_consultant"] == ref(con)
    assert sorted(one["forms"]) == ["forced_labour", "sexual"]
    assert one["countries"]["origin"] == ["VN"]
    assert sorted(one["countries"]["transit"]) == ["BY", "RU"]
    assert one["countries"]["exploitation"] == ["PL"]
    assert one["urgent"] is True and two["urgent"] is False
    assert one["sealed"] is False and one["access"] == []
    assert one["person"] == {"id": p["id"], "pseudonym": p["pseudonym"],
                             "minor": False, "citizenship": "VN",
                             "sex": "female"}
    assert all(it["status"] is None for it in one["pathway"])
    assert one["missing"] == PATHWAY
    assert one["legal"] == {k: None for k in LEGAL_KEYS}
    assert one["tasks"] == []
    assert parse(one["opened_at"]).astimezone(WARSAW).date() == today()
    assert get_case(con, one["id"]) == one
    # The person lists her cases.
    cases = {c["id"]: c for c in get_person(con, p["id"])["cases"]}
    assert two["id"] in cases
    kinds = [ev["kind"] for ev in timeline(con, one["id"])]
    assert kinds[-1] == "opened"
    assert_error(con.get("/api/v1/cases/99999999"), 404, "not_found")
    # Person.cases: the key facts of each case, nothing more.
    assert cases[one["id"]] == {"id": one["id"],
                                "reference": one["reference"],
                                "status": "preliminary_verification",
                                "sealed": False, "urgent": one["urgent"],
                                "forms": one["forms"],
                                "key_consultant": one["key_consultant"]}


def test_case_read_is_audited(con, server):
    cs = create_case(con)
    where = "action = 'case.read' AND object_id = %d" % cs["id"]
    n = len(audit(server, where))
    get_case(con, cs["id"])
    rows = audit(server, where)
    assert len(rows) == n + 1
    assert rows[-1][1] == "ok" and rows[-1][3] == str(con.user["id"])


def test_read_not_answered_unless_audited(con, server):
    # The case page is answered only once its audit entry is durable; an
    # entry the database refuses (a trigger here, a full disk in life)
    # turns the answer into a 503 without the case in it, and the next
    # read, recorded, is answered.
    cs = create_case(con)
    if server.install.backend.kind == "sqlite":
        server.install.query(
            "CREATE TRIGGER refuse_read BEFORE INSERT ON audit_log "
            "WHEN NEW.action = 'case.read' BEGIN "
            "SELECT RAISE(ABORT, 'refused by the test'); END")
        drop = "DROP TRIGGER refuse_read"
    else:
        server.install.query(
            "CREATE FUNCTION refuse_read() RETURNS trigger LANGUAGE plpgsql "
            "AS $$BEGIN RAISE EXCEPTION 'refused by the test'; END$$; "
            "CREATE TRIGGER refuse_read BEFORE INSERT ON audit_log "
            "FOR EACH ROW WHEN (NEW.action = 'case.read') "
            "EXECUTE FUNCTION refuse_read()")
        drop = ("DROP TRIGGER refuse_read ON audit_log; "
                "DROP FUNCTION refuse_read()")
    try:
        r = con.get("/api/v1/cases/%d" % cs["id"])
        assert_error(r, 503, "unavailable")
        assert cs["reference"] not in r.text
        # What is not read is not refused: the register still answers.
        assert con.get("/api/v1/cases?limit=1").status_code == 200
    finally:
        server.install.query(drop)
    where = "action = 'case.read' AND object_id = %d" % cs["id"]
    n = len(audit(server, where))
    get_case(con, cs["id"])
    assert len(audit(server, where)) == n + 1


def test_key_consultant(con, coord, clients, staff_factory):
    p = create_person(con)
    r = con.post("/api/v1/cases", json={"person_id": p["id"],
                                        "key_consultant_id": con.user["id"]})
    assert_error(r, 403, "forbidden", "key_consultant_id")
    cs = create_case(coord, p["id"], key_consultant_id=con.user["id"])
    assert cs["key_consultant"] == ref(con)
    for who in ("demo.admin", "demo.auditor", "demo.shelter"):
        r = coord.post("/api/v1/cases", json={
            "person_id": p["id"],
            "key_consultant_id": clients(who).user["id"]})
        assert_invalid(r, "key_consultant_id")
    assert_invalid(coord.post("/api/v1/cases", json={
        "person_id": p["id"], "key_consultant_id": 99999999}),
        "key_consultant_id")
    # Coordinators change it; consultants may not.
    other = staff_factory("outsider")
    path = "/api/v1/cases/%d" % cs["id"]
    assert_error(con.patch(path, json={"version": cs["version"],
                                       "key_consultant_id":
                                       other.user["id"]}),
                 403, "forbidden", "key_consultant_id")
    r = coord.patch(path, json={"version": cs["version"],
                                "key_consultant_id": other.user["id"]})
    assert r.status_code == 200, r.text
    new = check_case(r.json()["case"])
    assert new["key_consultant"] == ref(other)
    assert new["version"] == cs["version"] + 1
    r = coord.patch(path, json={"version": new["version"],
                                "key_consultant_id": con.user["id"]})
    assert r.status_code == 200, r.text


BAD_CASES = [
    ("person_id", {"person_id": None}),
    ("person_id", {"person_id": 99999999}),
    ("person_id", {"person_id": "1"}),
    ("forms", {"forms": ["astrology"]}),
    ("forms", {"forms": "sexual"}),
    ("countries", {"countries": {"origin": ["ua"]}}),
    ("countries", {"countries": {"origin": ["UKR"]}}),
    ("countries", {"countries": {"elsewhere": ["UA"]}}),
    ("countries", {"countries": {"origin": ["UA"] * 11}}),
    ("urgent", {"urgent": "yes"}),
    ("contact_id", {"contact_id": 99999999}),
    ("colour", {"colour": "red"}),
    ("status", {"status": "identified"}),
]


@pytest.mark.parametrize("field,body", BAD_CASES,
                         ids=["%s-%d" % (f, i)
                              for i, (f, _) in enumerate(BAD_CASES)])
def test_create_case_invalid(con, field, body, request):
    person = getattr(request.module, "_bad_case_person", None)
    if person is None:
        person = create_person(con)["id"]
        request.module._bad_case_person = person
    body = {"person_id": person, **body}
    assert_invalid(con.post("/api/v1/cases", json=body), field)


def test_create_case_without_person(con):
    assert_invalid(con.post("/api/v1/cases", json={"urgent": True}),
                   "person_id")


def test_patch_case(con, server):
    cs = create_case(con)
    path = "/api/v1/cases/%d" % cs["id"]
    r = con.patch(path, json={"version": cs["version"], "urgent": True,
                              "forms": ["forced_begging"],
                              "countries": {"origin": ["RO"], "transit": [],
                                            "exploitation": ["PL", "DE"]}})
    assert r.status_code == 200, r.text
    new = check_case(r.json()["case"])
    assert new["urgent"] is True and new["forms"] == ["forced_begging"]
    assert new["countries"]["origin"] == ["RO"]
    assert sorted(new["countries"]["exploitation"]) == ["DE", "PL"]
    assert new["version"] == cs["version"] + 1
    assert_error(con.patch(path, json={"version": cs["version"],
                                       "urgent": False}), 409, "conflict")
    assert_invalid(con.patch(path, json={"version": new["version"],
                                         "forms": ["astrology"]}), "forms")
    assert_invalid(con.patch(path, json={"version": new["version"],
                                         "status": "closed"}), "status")
    assert_invalid(con.patch(path, json={"urgent": False}), "version")
    assert "updated" in {ev["kind"] for ev in timeline(con, cs["id"])}
    assert audit(server, "action LIKE 'case.update%%' AND object_id = %d"
                 % cs["id"]), "case update not audited"


# ---------------------------------------------------------------------------
# The lifecycle.

# How to reach each "from" status through legal steps.
ROUTES = {
    "preliminary_verification": [],
    "provisional_identification": ["provisional_identification"],
    "identified": ["provisional_identification", "identified"],
    "not_identified": ["provisional_identification", "not_identified"],
    "closed<identified": ["provisional_identification", "identified",
                          "closed"],
    "closed<not_identified": ["provisional_identification",
                              "not_identified", "closed"],
}


def _legal(start, before, to):
    if start == "closed":
        return to == before
    return (start, to) in ALLOWED


def _names_status(msg, code, labels):
    return code in msg or labels[code].lower() in msg.lower()


@pytest.fixture(scope="module")
def status_labels(con):
    r = con.get("/api/v1/enums")
    assert r.status_code == 200, r.text
    return {v["code"]: v["en"] for v in r.json()["case_status"]}


@pytest.mark.parametrize("start", list(ROUTES))
def test_every_illegal_transition(con, server, status_labels, start):
    cs = create_case(con)
    steps = ["preliminary_verification"]
    for st in ROUTES[start]:
        cs = move(con, cs, st,
                  "assistance_completed" if st == "closed" else None)
        steps.append(st)
    status, before = cs["status"], cs["status_before_close"]
    if status == "closed":
        assert before == start.split("<")[1]
        assert cs["close_reason"] == "assistance_completed"
        parse(cs["closed_at"])
    legal = [to for to in STATUSES if _legal(status, before, to)]
    illegal = [to for to in STATUSES if to not in legal]
    assert len(legal) == (2 if status == "provisional_identification"
                          else 1), legal
    for to in illegal:
        # A reason with "closed", so that only the status is wrong.
        r = set_status(con, cs, to, "other" if to == "closed" else None)
        err = assert_invalid(r, "status")
        assert err["field"] == "status", (status, to, err)
        assert _names_status(err["message"], status, status_labels), err
        assert _names_status(err["message"], to, status_labels), err
    # Nothing moved.
    now = get_case(con, cs["id"])
    assert now["status"] == status and now["version"] == cs["version"]
    # A legal one still goes.
    to = legal[0]
    cs = move(con, cs, to, "not_a_victim" if to == "closed" else None)
    steps.append(to)
    # Every transition made is audited as from>to and in the time line.
    details = [row[2] for row in audit(
        server, "action = 'case.status' AND result = 'ok' AND "
        "object_id = %d" % cs["id"])]
    expect = ["%s>%s" % (a, b) for a, b in zip(steps, steps[1:])]
    assert details == expect, details
    events = [ev for ev in timeline(con, cs["id"]) if ev["kind"] == "status"]
    assert len(events) == len(expect), events
    for ev in events:
        assert ev["by"] == ref(con)


def test_close_and_reopen(con):
    cs = create_case(con)
    cs = move(con, cs, "provisional_identification")
    # A reason only with closing, and a known one.
    r = set_status(con, cs, "identified", "assistance_completed")
    assert_invalid(r, "close_reason")
    cs = move(con, cs, "not_identified")
    assert_invalid(set_status(con, cs, "closed"), "close_reason")
    assert_invalid(set_status(con, cs, "closed", "bored"), "close_reason")
    assert_invalid(set_status(con, cs, "finished"), "status")
    assert_invalid(con.post("/api/v1/cases/%d/status" % cs["id"],
                            json={"version": cs["version"]}), "status")
    # A stale version.
    assert_error(set_status(con, cs, "closed", "not_a_victim",
                            version=cs["version"] - 1), 409, "conflict")
    closed = move(con, cs, "closed", "not_a_victim")
    assert closed["status_before_close"] == "not_identified"
    assert closed["close_reason"] == "not_a_victim"
    assert parse(closed["closed_at"]) >= parse(cs["opened_at"])
    assert closed["version"] > cs["version"]
    # Reopening: back to the status before closing.
    reopened = move(con, closed, "not_identified")
    assert reopened["status"] == "not_identified"
    # And once more, with every reason accepted somewhere.
    for reason in CLOSE_REASONS:
        c2 = move(con, reopened, "closed", reason)
        assert c2["close_reason"] == reason
        reopened = move(con, c2, "not_identified")
    assert_error(con.post("/api/v1/cases/99999999/status",
                          json={"status": "closed", "version": 1,
                                "close_reason": "other"}),
                 404, "not_found")


# ---------------------------------------------------------------------------
# Sealing.

def test_sealing(con, coord, server, staff_factory):
    outsider = staff_factory("outsider")
    # The staff named on the case: the coordinator (one more consultant
    # would cost five seconds of password hashing).
    named = coord
    p = create_person(con, identity=identity())
    cs = create_case(con, p["id"])
    cid = cs["id"]
    task = create_task(con, case_id=cid, title="Sealed task",
                       due_on="2030-01-01")
    # Before sealing, other consultants see it; they may not seal it.
    get_case(outsider, cid)
    assert_error(outsider.post("/api/v1/cases/%d/seal" % cid,
                               json={"access": []}), 403, "forbidden")
    r = con.post("/api/v1/cases/%d/seal" % cid,
                 json={"access": [named.user["id"]]})
    assert r.status_code == 200, r.text
    sealed = check_case(r.json()["case"])
    assert sealed["sealed"] is True
    assert sealed["access"] == [ref(named)]
    assert audit(server, "action LIKE 'case.seal%%' AND object_id = %d"
                 % cid), "sealing not audited"

    where = ("action = 'case.read' AND result = 'denied' AND "
             "object_id = %d AND user_id = %d" % (cid, outsider.user["id"]))
    n = len(audit(server, where))
    refused = [
        ("GET", "/api/v1/cases/%d" % cid, None, None),
        ("GET", "/api/v1/cases/%d/timeline" % cid, None, None),
        ("PUT", "/api/v1/cases/%d/pathway/safety_place" % cid,
         {"status": "done"}, None),
        ("POST", "/api/v1/cases/%d/notes" % cid, {"text": "Let me in"},
         None),
        ("GET", "/api/v1/tasks", None, {"case_id": cid}),
        ("PATCH", "/api/v1/cases/%d" % cid,
         {"version": sealed["version"], "urgent": True}, None),
        ("POST", "/api/v1/cases/%d/status" % cid,
         {"status": "provisional_identification",
          "version": sealed["version"]}, None),
        ("PUT", "/api/v1/cases/%d/legal/certificate" % cid,
         {"authority": "Police", "issued_on": "2026-01-31"}, None),
        ("DELETE", "/api/v1/cases/%d/legal/certificate" % cid, None, None),
        ("POST", "/api/v1/tasks", {"case_id": cid, "kind": "task",
                                   "title": "x", "due_on": "2030-01-01",
                                   "assignee_id": outsider.user["id"]},
         None),
        ("POST", "/api/v1/tasks/%d/done" % task["id"], {}, None),
        ("POST", "/api/v1/cases/%d/seal" % cid, {"access": []}, None),
        ("POST", "/api/v1/cases/%d/unseal" % cid, {}, None),
    ]
    for method, path, body, params in refused:
        r = send(outsider, method, path, body, params)
        assert_error(r, 403, "forbidden")
    rows = audit(server, where)
    assert len(rows) >= n + 4, rows
    # Nothing changed meanwhile.
    now = get_case(con, cid)
    assert now["version"] == sealed["version"]
    assert now["status"] == "preliminary_verification"
    assert now["legal"]["certificate"] is None
    assert [ev for ev in timeline(con, cid) if ev["kind"] == "note"] == []
    assert {t["id"] for t in now["tasks"]} == {task["id"]}

    # In the register and in the person's case list: a stub.
    stub = {"id": cid, "reference": cs["reference"], "sealed": True,
            "restricted": True}
    every = []
    total = register(outsider, limit=1)["total"]
    for offset in range(0, total, 100):
        every += register(outsider, limit=100, offset=offset)["cases"]
    mine = [row for row in every if row["id"] == cid]
    assert mine == [stub], mine
    # Filtered, it shows as the stub or not at all (a filter must not
    # tell what a sealed case holds): never in full.
    for params in ({"q": cs["reference"]}, {"q": p["pseudonym"]},
                   {"status": "preliminary_verification", "limit": 100}):
        rows = [row for row in register(outsider, **params)["cases"]
                if row["id"] == cid]
        assert rows in ([], [stub]), (params, rows)
    rows = register(outsider, q=p["pseudonym"])["cases"]
    assert p["pseudonym"] not in repr(rows)
    r = outsider.get("/api/v1/persons/%d" % p["id"])
    assert r.status_code == 200, r.text
    assert r.json()["person"]["cases"] == [stub]
    # The task list without case_id shows no sealed task to the outsider.
    assert task["id"] not in {t["id"] for t in tasks(outsider)}
    # The key consultant and the named staff see it in full.
    for c in (con, named):
        full = get_case(c, cid)
        assert full["sealed"] is True
        timeline(c, cid)
        row = register(c, q=cs["reference"])["cases"]
        assert [x["id"] for x in row] == [cid]
        assert "restricted" not in row[0] and row[0]["sealed"] is True
    r = named.post("/api/v1/cases/%d/notes" % cid,
                   json={"text": "Named staff note"})
    assert r.status_code == 201, r.text

    # Only coordinators unseal.
    assert_error(con.post("/api/v1/cases/%d/unseal" % cid, json={}),
                 403, "forbidden")
    r = coord.post("/api/v1/cases/%d/unseal" % cid, json={})
    assert r.status_code == 200, r.text
    assert r.json()["case"]["sealed"] is False
    unseal = audit(server, "action LIKE 'case.%%unseal%%' AND "
                   "object_id = %d" % cid)
    assert unseal and unseal[-1][3] == str(coord.user["id"]), unseal
    kinds = [ev["kind"] for ev in timeline(con, cid)]
    assert "sealed" in kinds and "unsealed" in kinds
    assert kinds.index("unsealed") < kinds.index("sealed")
    # And now the outsider reads it.
    assert get_case(outsider, cid)["sealed"] is False
    assert register(outsider, q=cs["reference"])["cases"][0].get(
        "restricted") is None


def test_seal_by_coordinator_keeps_key_consultant(con, coord, staff_factory):
    outsider = staff_factory("outsider")
    cs = create_case(con)
    r = coord.post("/api/v1/cases/%d/seal" % cs["id"], json={"access": []})
    assert r.status_code == 200, r.text
    assert get_case(con, cs["id"])["sealed"] is True
    assert_error(outsider.get("/api/v1/cases/%d" % cs["id"]), 403,
                 "forbidden")
    assert_invalid(coord.post("/api/v1/cases/%d/seal" % cs["id"],
                              json={"access": [99999999]}), "access")
    assert coord.post("/api/v1/cases/%d/unseal" % cs["id"],
                      json={}).status_code == 200


# ---------------------------------------------------------------------------
# The aid pathway.

def test_pathway(con, server):
    cs = create_case(con)
    cid = cs["id"]
    assert [it["item"] for it in cs["pathway"]] == PATHWAY
    assert cs["missing"] == PATHWAY

    def put(item, **body):
        r = put_pathway(con, cid, item, **body)
        assert r.status_code == 200, (item, r.text)
        assert set(r.json()) == {"item", "missing"}
        it = check_pathway_item(r.json()["item"])
        assert it["item"] == item
        return it, r.json()["missing"]

    it, missing = put("safety_place", status="done",
                      notes="Shelter in Łódź, room 4")
    assert it["status"] == "done" and it["by"] == ref(con)
    assert it["notes"] == "Shelter in Łódź, room 4"
    parse(it["at"])
    assert missing == [i for i in PATHWAY if i != "safety_place"]
    _, missing = put("safety_liberation", status="not_applicable")
    assert missing == PATHWAY[1:2] + PATHWAY[3:]
    _, missing = put("accommodation", status="declined")
    assert "accommodation" not in missing
    _, missing = put("health_mental", status="needed")
    assert "health_mental" in missing
    _, missing = put("health_mental", status="in_progress")
    assert "health_mental" in missing
    _, missing = put("health_mental", status="done")
    assert "health_mental" not in missing
    it, missing = put("decision_cooperation", status="done", decision="yes",
                      decided_on="2026-11-20", informed=True)
    assert (it["decision"], it["decided_on"], it["informed"]) == \
        ("yes", "2026-11-20", True)
    assert "decision_cooperation" not in missing
    it, missing = put("decision_return", status="in_progress",
                      decision="undecided", decided_on=None, informed=False)
    assert it["decision"] == "undecided" and it["informed"] is False
    # Back to not assessed.
    _, missing = put("health_mental", status=None)
    assert "health_mental" in missing
    assert missing == [i for i in PATHWAY if i not in
                       ("safety_place", "safety_liberation", "accommodation",
                        "decision_cooperation")]

    # Decision fields only on decision items.
    for field, value in (("decision", "yes"), ("decided_on", "2026-11-20"),
                         ("informed", True)):
        for item in ("legal_family", "safety_place"):
            r = put_pathway(con, cid, item, status="done", **{field: value})
            assert_invalid(r, field)
    for field, body in (
            ("status", {"status": "finished"}),
            ("status", {"status": 1}),
            ("notes", {"status": "done", "notes": "n" * 2001}),
            ("decision", {"status": "done", "decision": "maybe"}),
            ("decided_on", {"status": "done", "decided_on": "2026-02-30"}),
            ("informed", {"status": "done", "informed": "yes"}),
            ("colour", {"status": "done", "colour": "red"})):
        assert_invalid(put_pathway(con, cid, "decision_family", **body),
                       field)
    assert_error(put_pathway(con, cid, "astrology", status="done"), 404,
                 "not_found")
    assert_error(put_pathway(con, 99999999, "safety_place", status="done"),
                 404, "not_found")

    full = get_case(con, cid)
    items = {it["item"]: it for it in full["pathway"]}
    assert items["safety_place"]["notes"] == "Shelter in Łódź, room 4"
    assert items["decision_cooperation"]["decision"] == "yes"
    assert items["legal_family"]["status"] is None
    assert full["missing"] == missing
    assert "pathway" in {ev["kind"] for ev in timeline(con, cid)}
    row = register(con, q=cs["reference"])["cases"][0]
    assert row["missing"] == len(missing)
    # Every item done or not applicable: nothing missing.
    for i, item in enumerate(PATHWAY):
        _, missing = put(item, status="done" if i % 2 else "not_applicable")
    assert missing == []
    assert get_case(con, cid)["missing"] == []


# ---------------------------------------------------------------------------
# The legal track.

def deadline_tasks(c, cid):
    return [t for t in tasks(c, case_id=cid, open="true")
            if t["kind"] == "deadline"]


def test_certificate_adult(con, server):
    p = create_person(con, citizenship="UA", minor=False)
    cs = create_case(con, p["id"])
    cid = cs["id"]
    r = put_legal(con, cid, "certificate",
                  {"authority": "Straż Graniczna, Placówka Okęcie",
                   "issued_on": "2026-01-31"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"legal", "tasks"}
    assert set(body["legal"]) == LEGAL_KEYS
    # Three months as the Civil Code counts them: 31 January -> 30 April.
    assert body["legal"]["certificate"] == {
        "authority": "Straż Graniczna, Placówka Okęcie",
        "issued_on": "2026-01-31", "expires_on": "2026-04-30"}
    made = [check_task(t) for t in body["tasks"]]
    assert len(made) == 1
    t = made[0]
    assert t["kind"] == "deadline" and t["due_on"] == "2026-04-16"
    assert t["source"] == "certificate" and t["event_on"] == "2026-04-30"
    assert t["case"] == {"id": cid, "reference": cs["reference"]}
    assert t["assignee"] == ref(con)
    assert t["overdue"] is (d("2026-04-16") < today())
    assert [x["id"] for x in deadline_tasks(con, cid)] == [t["id"]]
    full = get_case(con, cid)
    assert full["legal"]["certificate"]["expires_on"] == "2026-04-30"
    assert t["id"] in {x["id"] for x in full["tasks"]}
    # In the key consultant's own list.
    assert t["id"] in {x["id"] for x in tasks(con, mine="true")}
    # Saved again with another date: the task moves, still one.
    r = put_legal(con, cid, "certificate",
                  {"authority": "Policja", "issued_on": "2025-11-30"})
    assert r.status_code == 200, r.text
    assert r.json()["legal"]["certificate"]["expires_on"] == "2026-02-28"
    dl = deadline_tasks(con, cid)
    assert [x["due_on"] for x in dl] == ["2026-02-14"], dl
    # The same date again: no new task.
    r = put_legal(con, cid, "certificate",
                  {"authority": "Policja", "issued_on": "2025-11-30"})
    assert r.status_code == 200, r.text
    assert [x["due_on"] for x in deadline_tasks(con, cid)] == ["2026-02-14"]
    # expires_on is computed, never taken.
    assert_invalid(put_legal(con, cid, "certificate",
                             {"authority": "Policja",
                              "issued_on": "2026-01-31",
                              "expires_on": "2026-12-31"}), "expires_on")
    assert_invalid(put_legal(con, cid, "certificate",
                             {"issued_on": "2026-02-30"}), "issued_on")
    assert_invalid(put_legal(con, cid, "certificate",
                             {"authority": "a" * 201,
                              "issued_on": "2026-01-31"}), "authority")
    assert_error(put_legal(con, cid, "astrology", {"x": 1}), 404,
                 "not_found")
    assert "legal" in {ev["kind"] for ev in timeline(con, cid)}
    # Cleared: the deadline goes away.
    r = send(con, "DELETE", "/api/v1/cases/%d/legal/certificate" % cid)
    assert r.status_code == 200, r.text
    assert get_case(con, cid)["legal"]["certificate"] is None
    assert deadline_tasks(con, cid) == []


def test_certificate_minor(con):
    p = create_person(con, citizenship="UA", minor=True, birth_year=2011)
    cs = create_case(con, p["id"])
    assert cs["person"]["minor"] is True
    r = put_legal(con, cs["id"], "certificate",
                  {"authority": "Prokuratura Rejonowa",
                   "issued_on": "2026-01-31"})
    assert r.status_code == 200, r.text
    assert r.json()["legal"]["certificate"]["expires_on"] == "2026-05-31"
    assert [t["due_on"] for t in r.json()["tasks"]] == ["2026-05-17"]
    r = put_legal(con, cs["id"], "certificate",
                  {"authority": "Prokuratura Rejonowa",
                   "issued_on": "2025-10-31"})
    assert r.json()["legal"]["certificate"]["expires_on"] == "2026-02-28"
    assert [t["due_on"] for t in deadline_tasks(con, cs["id"])] == \
        ["2026-02-14"]


def test_legal_track_deadlines(con):
    cs = create_case(con)
    cid = cs["id"]
    permit = {"applied_on": "2026-03-02", "decision": "granted",
              "decided_on": "2026-05-04", "expires_on": "2027-03-01"}
    r = put_legal(con, cid, "residence_permit", permit)
    assert r.status_code == 200, r.text
    assert r.json()["legal"]["residence_permit"] == permit
    due = (d("2027-03-01") - timedelta(days=30)).isoformat()
    assert due == "2027-01-30"
    assert due in [t["due_on"] for t in r.json()["tasks"]]

    prog = {"conditions_met": True, "started_on": "2026-11-02",
            "ended_on": "2027-02-01"}
    r = put_legal(con, cid, "support_programme", prog)
    assert r.status_code == 200, r.text
    assert r.json()["legal"]["support_programme"] == prog
    assert "2027-01-18" in [t["due_on"] for t in r.json()["tasks"]]

    proc = {"notified_on": "2026-10-01", "authority": "Prokuratura Okręgowa",
            "signature": "PO II Ds 12.2026",
            "hearings": [{"date": "2027-01-20", "kind": "hearing",
                          "support_worker_present": False},
                         {"date": "2027-02-10", "kind": "testimony",
                          "support_worker_present": True}]}
    r = put_legal(con, cid, "proceedings", proc)
    assert r.status_code == 200, r.text
    assert r.json()["legal"]["proceedings"] == proc
    assert {"2027-01-13", "2027-02-03"} <= \
        {t["due_on"] for t in r.json()["tasks"]}

    comp = {"claimed_on": "2026-10-15", "against": "the perpetrators",
            "status": "pending", "notes": "Lawyer from the bar pro bono."}
    r = put_legal(con, cid, "compensation", comp)
    assert r.status_code == 200, r.text
    assert r.json()["legal"]["compensation"] == comp
    # "tasks": the deadline tasks made; whether those made by earlier
    # saves are repeated is left open: at least nothing new.
    for t in r.json()["tasks"]:
        assert check_task(t)["kind"] == "deadline"

    dues = sorted(t["due_on"] for t in deadline_tasks(con, cid))
    assert dues == ["2027-01-13", "2027-01-18", "2027-01-30", "2027-02-03"]
    for t in deadline_tasks(con, cid):
        assert t["assignee"] == ref(con) and t["overdue"] is False
    # One hearing moves, the other goes: one task each, moved or closed.
    proc["hearings"] = [{"date": "2027-01-27", "kind": "hearing",
                         "support_worker_present": True}]
    r = put_legal(con, cid, "proceedings", proc)
    assert r.status_code == 200, r.text
    dues = sorted(t["due_on"] for t in deadline_tasks(con, cid))
    assert dues == ["2027-01-18", "2027-01-20", "2027-01-30"]
    # The permit cleared: its deadline is closed.
    r = send(con, "DELETE", "/api/v1/cases/%d/legal/residence_permit" % cid)
    assert r.status_code == 200, r.text
    legal = get_case(con, cid)["legal"]
    assert legal["residence_permit"] is None
    assert legal["compensation"] == comp
    dues = sorted(t["due_on"] for t in deadline_tasks(con, cid))
    assert dues == ["2027-01-18", "2027-01-20"]

    for kind, body, field in (
            ("residence_permit", dict(permit, decision="maybe"), "decision"),
            ("residence_permit", dict(permit, expires_on="2027-02-30"),
             "expires_on"),
            ("support_programme", dict(prog, conditions_met="yes"),
             "conditions_met"),
            ("proceedings", dict(proc, hearings=[{"date": "2027-01-20",
                                                  "kind": "trial",
                                                  "support_worker_present":
                                                  False}]), "hearings"),
            ("compensation", dict(comp, status="won"), "status"),
            ("compensation", dict(comp, notes="n" * 1001), "notes"),
            ("compensation", dict(comp, colour="red"), "colour")):
        assert_invalid(put_legal(con, cid, kind, body), field)


# ---------------------------------------------------------------------------
# Time line and notes.

def test_timeline_and_notes(con, coord):
    cs = create_case(con)
    cid = cs["id"]
    texts = ["First note: she called from a new number.",
             "Druga notatka: spotkanie w Łodzi.\nDwie linie."]
    posted = []
    for c, text in ((con, texts[0]), (coord, texts[1])):
        r = c.post("/api/v1/cases/%d/notes" % cid, json={"text": text})
        assert r.status_code == 201, r.text
        assert set(r.json()) == {"event"}
        ev = check_event(r.json()["event"])
        posted.append(ev)
        assert ev["kind"] == "note" and ev["text"] == text
        assert ev["by"] == ref(c)
    events = timeline(con, cid)
    notes = [ev for ev in events if ev["kind"] == "note"]
    assert [ev["text"] for ev in notes] == texts[::-1]
    assert events[-1]["kind"] == "opened"
    move(con, get_case(con, cid), "provisional_identification")
    assert timeline(con, cid)[0]["kind"] == "status"
    for text in ("", "x" * 4001):
        assert_invalid(con.post("/api/v1/cases/%d/notes" % cid,
                                json={"text": text}), "text")
    assert_invalid(con.post("/api/v1/cases/%d/notes" % cid, json={}),
                   "text")
    assert_error(con.post("/api/v1/cases/99999999/notes",
                          json={"text": "x"}), 404, "not_found")
    assert_error(con.get("/api/v1/cases/99999999/timeline"), 404,
                 "not_found")
    # The shape of an event, exactly; "text is human readable": every
    # event says what happened.
    for ev in posted + timeline(con, cid):
        assert set(ev) == EVENT_KEYS, sorted(ev)
        assert isinstance(ev["text"], str) and ev["text"], ev


def test_case_opened_from_contact(con):
    typed, number = fresh_phone()
    r = con.post("/api/v1/contacts", json=dict(CONTACT,
                                                caller_number=typed))
    assert r.status_code == 201, r.text
    ct = r.json()["contact"]
    assert ct["person"] is None and ct["case"] is None
    p = create_person(con, identity=identity(phones=[typed]))
    cs = create_case(con, p["id"], contact_id=ct["id"])
    events = timeline(con, cs["id"])
    linked = [ev for ev in events if ev["kind"] == "contact"]
    assert [ev["contact_id"] for ev in linked] == [ct["id"]]
    r = con.get("/api/v1/contacts/%d" % ct["id"])
    assert r.status_code == 200, r.text
    got = r.json()["contact"]
    assert got["person"] == {"id": p["id"], "pseudonym": p["pseudonym"]}
    assert got["case"]["id"] == cs["id"]
    # A later contact recorded straight onto the case.
    r = con.post("/api/v1/contacts", json=dict(
        CONTACT, outcome="advice", person_id=p["id"], case_id=cs["id"],
        started_at="2026-11-26T10:00:00+01:00"))
    assert r.status_code == 201, r.text
    ct2 = r.json()["contact"]
    assert ct2["case"]["id"] == cs["id"]
    linked = [ev["contact_id"] for ev in timeline(con, cs["id"])
              if ev["kind"] == "contact"]
    assert sorted(linked) == sorted([ct["id"], ct2["id"]])
    for field, value in (("person_id", 99999999), ("case_id", 99999999),
                         ("case_id", "x")):
        assert_invalid(con.post("/api/v1/contacts",
                                json=dict(CONTACT, **{field: value})), field)
    # The links name the case by its reference.
    assert ct2["case"] == {"id": cs["id"], "reference": cs["reference"]}
    assert got["case"] == {"id": cs["id"], "reference": cs["reference"]}



def test_contact_linked_to_organisation(con, coord):
    """A contact from or to an institution names it from the directory; the
    link is checked, shown, corrected, and kept as a revision."""
    r = con.post("/api/v1/organisations", json={
        "name": "Przykładowa Straż Graniczna " + secrets.token_hex(3),
        "kind": "border_guard", "country": "PL", "region": "PL-PM",
        "languages": ["pl", "en"]})
    assert r.status_code == 201, r.text
    org = r.json()["organisation"]
    r = con.post("/api/v1/contacts", json=dict(
        CONTACT, outcome="advice", inquirer="police_border_guard",
        organisation_id=org["id"]))
    assert r.status_code == 201, r.text
    ct = r.json()["contact"]
    assert ct["organisation"] == {"id": org["id"], "name": org["name"]}
    r = con.get("/api/v1/contacts/%d" % ct["id"])
    assert r.json()["contact"]["organisation"]["id"] == org["id"]
    # Unlinked: null; an unknown organisation or a wrong type: 422.
    r = con.post("/api/v1/contacts", json=dict(CONTACT, outcome="advice"))
    assert r.json()["contact"]["organisation"] is None
    for value in (99999999, "x", 0):
        assert_invalid(con.post("/api/v1/contacts", json=dict(
            CONTACT, outcome="advice", organisation_id=value)),
            "organisation_id")
    # A correction removes the link; the revision keeps the old one.
    r = con.patch("/api/v1/contacts/%d" % ct["id"], json={
        "organisation_id": None, "version": ct["version"]})
    assert r.status_code == 200, r.text
    assert r.json()["contact"]["organisation"] is None
    r = coord.get("/api/v1/contacts/%d/revisions" % ct["id"])
    assert r.status_code == 200, r.text
    old = r.json()["revisions"][0]["old"]
    assert old["organisation"] == {"id": org["id"], "name": org["name"]}


# ---------------------------------------------------------------------------
# Tasks.

def test_tasks(con, coord):
    cs = create_case(con)
    past = create_task(con, case_id=cs["id"], title="Call the lawyer",
                       due_on="2020-01-15")
    future = create_task(con, case_id=cs["id"], title="Book interpreter",
                         due_on="2031-06-01")
    theirs = create_task(con, case_id=cs["id"], title="Coordinator's",
                         due_on="2031-06-02", assignee_id=coord.user["id"])
    assert past["overdue"] is True and future["overdue"] is False
    assert past["case"] == {"id": cs["id"], "reference": cs["reference"]}
    assert past["assignee"] == ref(con) and past["kind"] == "task"
    assert past["done_at"] is None and past["done_by"] is None
    assert theirs["assignee"] == ref(coord)
    mine = {t["id"] for t in tasks(con, mine="true")}
    assert {past["id"], future["id"]} <= mine and theirs["id"] not in mine
    assert theirs["id"] in {t["id"] for t in tasks(coord, mine="true")}
    listed = tasks(con, case_id=cs["id"])
    assert [t["id"] for t in listed] == [past["id"], future["id"],
                                        theirs["id"]]
    assert listed[0] == past
    assert {t["id"] for t in get_case(con, cs["id"])["tasks"]} == \
        {past["id"], future["id"], theirs["id"]}
    # Done once; twice is a conflict.
    r = con.post("/api/v1/tasks/%d/done" % past["id"], json={})
    assert r.status_code == 200, r.text
    done = check_task(r.json()["task"])
    assert done["done_at"] is not None
    assert done["done_by"] in (ref(con), con.user["id"], "demo.consultant")
    assert_error(con.post("/api/v1/tasks/%d/done" % past["id"], json={}),
                 409, "conflict")
    open_ids = {t["id"] for t in tasks(con, case_id=cs["id"], open="true")}
    assert past["id"] not in open_ids and future["id"] in open_ids
    assert past["id"] not in {t["id"] for t in
                              get_case(con, cs["id"])["tasks"]}
    # Changes.
    r = con.patch("/api/v1/tasks/%d" % future["id"],
                  json={"title": "Book a Vietnamese interpreter",
                        "due_on": "2019-12-31"})
    assert r.status_code == 200, r.text
    t = check_task(r.json()["task"])
    assert t["title"] == "Book a Vietnamese interpreter"
    assert t["due_on"] == "2019-12-31" and t["overdue"] is True
    # A task on no case.
    free = create_task(con, title="Team supervision", due_on="2031-01-01")
    assert free["case"] is None and free["person"] is None
    # Validation.
    for field, over in (("title", {"title": ""}),
                        ("title", {"title": "t" * 201}),
                        ("due_on", {"due_on": "2031-02-30"}),
                        ("due_on", {"due_on": "tomorrow"}),
                        ("kind", {"kind": "deadline"}),
                        ("kind", {"kind": "chore"}),
                        ("person_id", {"person_id": 99999999}),
                        ("assignee_id", {"assignee_id": 99999999}),
                        ("colour", {"colour": "red"})):
        body = {"title": "Invalid", "due_on": "2031-01-01", "kind": "task",
                "assignee_id": con.user["id"], **over}
        assert_invalid(con.post("/api/v1/tasks", json=body), field)
    assert_error(con.post("/api/v1/tasks/99999999/done", json={}), 404,
                 "not_found")
    for k, v in (("mine", "maybe"), ("open", "perhaps"), ("case_id", "x")):
        assert_invalid(con.get("/api/v1/tasks", params={k: v}), k)
    # An unknown case is a wrong value, like an unknown person: 422.
    assert_invalid(con.post("/api/v1/tasks", json={
        "title": "Invalid", "due_on": "2031-01-01", "kind": "task",
        "assignee_id": con.user["id"], "case_id": 99999999}), "case_id")


def test_callback_task_carries_safe_contact(con, coord, server):
    typed, number = fresh_phone()
    safe = {"call": "yes", "voicemail": "no", "text": "no",
            "hours": "Tuesdays 14-16", "number": typed,
            "code_word": "Aunt Maria from the bakery",
            "do_not_inform": "the landlord", "notes": "Hang up if a man "
            "answers."}
    p = create_person(con, identity=identity(), safe_contact=safe)
    cs = create_case(con, p["id"])
    t = create_task(con, kind="callback", case_id=cs["id"],
                    person_id=p["id"], title="Call her back",
                    due_on="2031-03-03")
    assert t["kind"] == "callback"
    assert t["person"] == {"id": p["id"], "pseudonym": p["pseudonym"]}
    sc = t["safe_contact"]
    for k in ("call", "voicemail", "text", "hours", "code_word",
              "do_not_inform", "notes"):
        assert sc[k] == safe[k], k
    assert sc["number"] == number
    listed = [x for x in tasks(con, case_id=cs["id"]) if x["id"] == t["id"]]
    assert listed and listed[0]["safe_contact"] == sc
    mine = [x for x in tasks(con, mine="true") if x["id"] == t["id"]]
    assert mine and mine[0]["safe_contact"] == sc
    rows = audit(server, "action LIKE '%%safe_contact%%' AND "
                 "object_id = %d" % p["id"])
    assert rows, "the protocol read for a call back is not audited"
    # A person without a protocol: null.
    q = create_person(con)
    t = create_task(con, kind="callback", person_id=q["id"],
                    title="Call back", due_on="2031-03-03")
    assert t["safe_contact"] is None and t["case"] is None
    # Plain tasks carry none.
    t = create_task(con, person_id=p["id"], title="Write", due_on="2031-03-03")
    assert "safe_contact" not in t


# ---------------------------------------------------------------------------
# The case register.

@pytest.fixture(scope="module")
def register_cases(con, coord, staff_factory):
    """Cases of persons from Tuvalu and Nauru (nobody else's), in every
    shape the filters need."""
    other = staff_factory("outsider")
    tv_f = create_person(con, citizenship="TV", sex="female")
    tv_m = create_person(con, citizenship="TV", sex="male", minor=True)
    nr = create_person(con, citizenship="NR", sex="female")
    made = []
    made.append(create_case(con, tv_f["id"], forms=["sexual"], urgent=True))
    made.append(create_case(con, tv_m["id"], forms=["forced_labour",
                                                    "forced_begging"]))
    made.append(create_case(con, tv_f["id"], forms=["forced_labour"],
                            urgent=True))
    made.append(create_case(coord, tv_m["id"], forms=[],
                            key_consultant_id=other.user["id"]))
    made.append(create_case(con, nr["id"], forms=["sexual"]))
    cs = move(con, made[1], "provisional_identification")
    made[1] = move(con, cs, "identified")
    made[2] = move(con, made[2], "provisional_identification")
    create_task(con, case_id=made[0]["id"], title="Overdue",
                due_on="2020-02-02")
    create_task(con, case_id=made[0]["id"], title="Later",
                due_on="2031-02-02")
    return {"cases": made, "other": other, "tv": (tv_f, tv_m), "nr": nr}


def test_register_filters(con, register_cases):
    made = register_cases["cases"]
    other = register_cases["other"]
    ours = {c["id"] for c in made}
    tv = {c["id"] for c in made[:4]}

    def ids(**params):
        body = register(con, limit=100, **params)
        assert body["total"] >= len(body["cases"])
        return [row["id"] for row in body["cases"]], body

    got, body = ids(citizenship="TV")
    assert set(got) == tv and body["total"] == 4
    for row in body["cases"]:
        assert row["person"]["citizenship"] == "TV"
    got, _ = ids(citizenship="NR")
    assert set(got) == {made[4]["id"]}
    got, body = ids(citizenship="TV", status="identified")
    assert got == [made[1]["id"]]
    got, _ = ids(citizenship="TV", status="preliminary_verification")
    assert set(got) == {made[0]["id"], made[3]["id"]}
    got, _ = ids(citizenship="TV", urgent="true")
    assert set(got) == {made[0]["id"], made[2]["id"]}
    got, _ = ids(citizenship="TV", urgent="false")
    assert set(got) == {made[1]["id"], made[3]["id"]}
    got, _ = ids(citizenship="TV", form="forced_labour")
    assert set(got) == {made[1]["id"], made[2]["id"]}
    got, _ = ids(citizenship="TV", form="forced_begging")
    assert got == [made[1]["id"]]
    got, _ = ids(citizenship="TV", key_consultant_id=other.user["id"])
    assert got == [made[3]["id"]]
    got, _ = ids(citizenship="TV", key_consultant_id=con.user["id"])
    assert set(got) == tv - {made[3]["id"]}
    t = today()
    got, _ = ids(citizenship="TV", opened_from=t.isoformat(),
                 opened_to=t.isoformat())
    assert set(got) == tv
    got, _ = ids(citizenship="TV",
                 opened_to=(t - timedelta(days=1)).isoformat())
    assert got == []
    got, _ = ids(citizenship="TV",
                 opened_from=(t + timedelta(days=1)).isoformat())
    assert got == []
    # Filters without the citizenship: every row matches.
    _, body = ids(status="identified")
    assert all(r["status"] == "identified" for r in body["cases"]
               if not r.get("restricted"))
    _, body = ids(urgent="true")
    assert all(r["urgent"] for r in body["cases"] if not r.get("restricted"))
    _, body = ids(form="sexual")
    assert all("sexual" in r["forms"] for r in body["cases"]
               if not r.get("restricted"))
    assert made[4]["id"] in [r["id"] for r in body["cases"]] or \
        body["total"] > 100
    # A row in full.
    row = [r for r in register(con, citizenship="TV")["cases"]
           if r["id"] == made[0]["id"]][0]
    tv_f = register_cases["tv"][0]
    assert row["reference"] == made[0]["reference"]
    assert row["person"] == {"id": tv_f["id"], "pseudonym":
                             tv_f["pseudonym"], "citizenship": "TV",
                             "sex": "female", "minor": False}
    assert row["status"] == "preliminary_verification"
    assert row["forms"] == ["sexual"] and row["urgent"] is True
    assert row["key_consultant"] == ref(con) and row["sealed"] is False
    assert row["open_tasks"] == 2 and row["overdue_tasks"] == 1
    assert row["missing"] == 14
    assert ours & {r["id"] for r in register(con, limit=100,
                                             citizenship="NR")["cases"]}


def test_register_sort_and_pages(con, register_cases):
    made = register_cases["cases"][:4]
    refs = {c["id"]: c["reference"] for c in made}
    for order in ("asc", "desc"):
        rows = register(con, citizenship="TV", sort="reference",
                        order=order)["cases"]
        got = [r["reference"] for r in rows]
        assert got == sorted(refs.values(), reverse=order == "desc")
    rows = register(con, citizenship="TV", sort="opened_at",
                    order="desc")["cases"]
    times = [parse(r["opened_at"]) for r in rows]
    assert times == sorted(times, reverse=True)
    rows = register(con, citizenship="TV", sort="urgent",
                    order="desc")["cases"]
    assert [r["urgent"] for r in rows] == [True, True, False, False]
    for sort in ("updated_at", "status"):
        for order in ("asc", "desc"):
            rows = register(con, citizenship="TV", sort=sort,
                            order=order)["cases"]
            assert {r["id"] for r in rows} == set(refs)
    rows = register(con, citizenship="TV", sort="updated_at",
                    order="asc")["cases"]
    times = [parse(r["updated_at"]) for r in rows]
    assert times == sorted(times)
    # Pages.
    seen = []
    for offset in (0, 2, 4):
        body = register(con, citizenship="TV", sort="reference",
                        order="asc", limit=2, offset=offset)
        assert body["total"] == 4
        seen += [r["id"] for r in body["cases"]]
    assert seen == sorted(refs, key=refs.get)
    # The default page is 25.
    body = register(con)
    assert len(body["cases"]) == min(25, body["total"])


@pytest.fixture(scope="module")
def big_register(install_factory):
    """A register of more than a thousand cases, two of them sealed with
    another key consultant: written in one statement, as a generator
    would, on an installation of its own."""
    inst = install_factory("register")
    inst.init("--demo")
    inst.query(
        "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n "
        "WHERE k < 1001) INSERT INTO case_file (year, number, person_id, "
        "status, forms, origin, transit, exploitation, urgent, "
        "key_consultant_id, sealed, opened_at, version, created_by, "
        "created_at, updated_at) SELECT 2001, n.k, t.person_id, t.status, "
        "t.forms, t.origin, t.transit, t.exploitation, t.urgent, "
        "CASE WHEN n.k <= 2 THEN co.id ELSE t.key_consultant_id END, "
        "CASE WHEN n.k <= 2 THEN 1 ELSE 0 END, t.opened_at - n.k, 1, "
        "t.created_by, t.created_at, t.updated_at - n.k FROM n, "
        "(SELECT * FROM case_file WHERE sealed = 0 ORDER BY id LIMIT 1) t, "
        "(SELECT id FROM app_user WHERE username = 'demo.coordinator') co")
    srv = inst.serve()
    yield srv
    srv.assert_clean_exit()


def test_register_counted_to_a_cap(big_register):
    # Counting every case of a national register for every page would
    # cost more than the page: the total stops at 1,000, and says so.
    s = Client(big_register)
    r = s.login("demo.consultant", DEMO_PASSWORD)
    assert r.status_code == 200, r.text
    body = register(s, limit=5)
    assert body["total"] == 1000 and body["total_capped"] is True
    assert len(body["cases"]) == 5
    # A filter that matches few is counted exactly.
    body = register(s, q="2001/0007")
    assert body["total"] == 1 and body["total_capped"] is False
    # Every page in turn, until a short one: every case once, the
    # restricted (sealed, another key consultant) after all the others.
    every = []
    for sort, order in (("reference", "desc"), ("opened_at", "asc"),
                        ("updated_at", "desc"), ("priority", "desc")):
        every, offset = [], 0
        while True:
            rows = register(s, sort=sort, order=order, limit=100,
                            offset=offset)["cases"]
            every += rows
            offset += 100
            if len(rows) < 100:
                break
        ids = [row["id"] for row in every]
        assert len(ids) == len(set(ids)), sort
        restricted = [i for i, row in enumerate(every)
                      if row.get("restricted")]
        assert len(restricted) == 2, sort
        assert restricted == [len(every) - 2, len(every) - 1], sort
    total = len(every)
    assert total > 1001
    # A page that starts past the visible cases finds the restricted ones
    # from the right place; one that straddles the line has both.
    last = register(s, limit=1, offset=total - 1)["cases"]
    assert len(last) == 1 and last[0].get("restricted") is True
    both = register(s, limit=3, offset=total - 3)["cases"]
    assert [bool(row.get("restricted")) for row in both] == \
        [False, True, True]
    assert register(s, limit=5, offset=total)["cases"] == []
    # Every visible case of 2001 is in the walk, none missing.
    mine = [row["reference"] for row in every if not row.get("restricted")
            and row["reference"].startswith("2001/")]
    assert len(mine) == 999


def test_register_q(con, register_cases):
    cs = register_cases["cases"][0]
    year, number = cs["reference"].split("/")
    for q in (cs["reference"], "%s/%d" % (year, int(number))):
        rows = register(con, q=q)["cases"]
        assert [r["id"] for r in rows] == [cs["id"]], q
    tv_f = register_cases["tv"][0]
    rows = register(con, q=tv_f["pseudonym"])["cases"]
    assert {r["id"] for r in rows} == {c["id"] for c in
                                      register_cases["cases"]
                                      if c["person"]["id"] == tv_f["id"]}
    ours = {c["id"] for c in register_cases["cases"]}
    rows = register(con, q="%s/9999" % year)["cases"]
    assert not ours & {r["id"] for r in rows}
    # A pseudonym is matched exactly: another well-formed one finds
    # nothing of ours; a malformed one finds nothing or is refused.
    last = tv_f["pseudonym"][-1]
    other = tv_f["pseudonym"][:-1] + ("2" if last != "2" else "3")
    rows = register(con, q=other)["cases"]
    assert not ({r["id"] for r in rows} & {c["id"] for c in
                                          register_cases["cases"]
                                          if c["person"]["id"] ==
                                          tv_f["id"]})
    r = con.get("/api/v1/cases", params={"q": tv_f["pseudonym"][:-1]})
    if r.status_code == 200:
        assert not ours & {x["id"] for x in r.json()["cases"]}
    else:
        assert_invalid(r, "q")


@pytest.mark.parametrize("param,value", [
    ("status", "astrology"), ("status", "closed,open"),
    ("key_consultant_id", "me"), ("form", "astrology"), ("urgent", "maybe"),
    ("opened_from", "2026-02-30"), ("opened_from", "yesterday"),
    ("opened_to", "2026-13-01"), ("citizenship", "tv"),
    ("citizenship", "TUV"), ("sort", "colour"), ("order", "up"),
    ("limit", 0), ("limit", 101), ("limit", "ten"), ("offset", -1),
    ("offset", "x"),
])
def test_register_invalid(con, param, value):
    assert_invalid(con.get("/api/v1/cases", params={param: value}), param)


def test_register_preferences(con, coord):
    path = "/api/v1/preferences/case_register"
    r = coord.get(path)
    assert r.status_code == 200, r.text
    default = r.json()
    assert set(default) == {"value"} and set(default["value"]) == \
        {"columns"}
    cols = default["value"]["columns"]
    assert cols and set(cols) <= set(ENUMS["register_column"])
    mine = {"columns": ["reference", "status", "missing", "open_tasks"]}
    r = send(con, "PUT", path, {"value": mine})
    assert r.status_code == 200, r.text
    r = con.get(path)
    assert r.json() == {"value": mine}
    # Per user: the coordinator still has the default.
    assert coord.get(path).json() == default
    for bad in ({"value": {"columns": ["reference", "shoe_size"]}},
                {"value": {"columns": "reference"}},
                {"value": {"columns": [1]}}):
        err = assert_error(send(con, "PUT", path, bad), 422, "invalid")
        # The contract says "columns"; the nested-path convention
        # ("identity.phones") gives "value.columns": either is fair.
        assert err["field"] in ("columns", "value.columns"), err
    assert con.get(path).json() == {"value": mine}


# ---------------------------------------------------------------------------
# Searches.

def test_note_search(con, coord, server):
    tag = word(8)
    plain = create_case(con)
    noted = create_case(con)
    other = create_case(con)
    text = ("Spotkała się z tłumaczką w Żółwinie%s; rozmowa o "
            "powrocie do Kiszyniowa." % tag)
    assert con.post("/api/v1/cases/%d/notes" % noted["id"],
                    json={"text": text}).status_code == 201
    assert con.post("/api/v1/cases/%d/notes" % other["id"],
                    json={"text": "Nothing of the kind here %s."
                          % word(8)}).status_code == 201
    n = len(audit(server, "action LIKE '%search%'"))
    for q in ("żółwinie" + tag, "ŻÓŁWINIE" + tag.upper(),
              "zolwinie" + tag, "Zolwinie" + tag):
        got = [r["id"] for r in search_cases(con, {"text": q})]
        assert noted["id"] in got, q
        assert plain["id"] not in got and other["id"] not in got, q
    got = [r["id"] for r in search_cases(coord, {"text": "tłumaczką"})]
    assert noted["id"] in got
    assert search_cases(con, {"text": "zolwinie" + tag + "x"}) == []
    assert len(audit(server, "action LIKE '%search%'")) > n
    for bad in ("a", "x" * 65, "two words", ""):
        assert_invalid(con.post("/api/v1/cases/search", json={"text": bad}),
                       "text")


def test_case_search_by_identity(con):
    ident = identity(first_name="Nguyen", last_name="Thi " + Word(),
                     date_of_birth="1999-09-09")
    p = create_person(con, identity=ident)
    cs = create_case(con, p["id"])
    for body in ({"phone": ident["phones"][0]},
                 {"document": ident["documents"][0]["number"]},
                 {"email": ident["emails"][0]},
                 {"first_name": ident["last_name"].upper(),
                  "last_name": "nguyen", "date_of_birth": "1999-09-09"}):
        got = [r["id"] for r in search_cases(con, body)]
        assert got == [cs["id"]], body
    assert search_cases(con, {"first_name": "Nguyen",
                              "last_name": ident["last_name"],
                              "date_of_birth": "1999-09-10"}) == []
    assert_error(con.post("/api/v1/cases/search",
                          json={"text": "word", "phone": "600100200"}),
                 422, "invalid")


def test_contact_lookup_knows_person(con):
    typed, number = fresh_phone()
    safe = {"call": "no", "voicemail": "no", "text": "yes",
            "hours": "evenings", "number": typed, "code_word": "tulips",
            "do_not_inform": "her cousin"}
    p = create_person(con, identity=identity(phones=[typed]),
                      safe_contact=safe)
    cs = create_case(con, p["id"], forms=["domestic_servitude"],
                     urgent=True)
    for form in (number, typed, "0048" + number[3:]):
        r = con.post("/api/v1/contacts/lookup", json={"number": form})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["number"] == number
        person = body["person"]
        assert person is not None, body
        assert set(person) == {"id", "pseudonym", "safe_contact", "cases"}
        assert person["id"] == p["id"]
        assert person["pseudonym"] == p["pseudonym"]
        assert person["safe_contact"]["code_word"] == "tulips"
        assert person["safe_contact"]["call"] == "no"
        want = {"id": cs["id"], "reference": cs["reference"],
                "status": "preliminary_verification", "urgent": True,
                "forms": ["domestic_servitude"], "key_consultant": ref(con),
                "sealed": False}
        assert len(person["cases"]) == 1
        got = person["cases"][0]
        assert {k: got.get(k) for k in want} == want
    r = con.post("/api/v1/contacts/lookup", json={"number": fresh_phone()[0]})
    assert r.status_code == 200, r.text
    assert r.json()["person"] is None
    # Exactly the contract's members.
    assert got == want


# ---------------------------------------------------------------------------
# Who may.

@pytest.mark.parametrize("name", ["demo.shelter", "demo.auditor",
                                  "demo.admin"])
def test_other_roles_refused(clients, con, name):
    p = create_person(con)
    cs = create_case(con, p["id"])
    t = create_task(con, case_id=cs["id"], title="x", due_on="2031-01-01")
    c = clients(name)
    for method, path, body, params in (
            ("GET", "/api/v1/cases", None, None),
            ("POST", "/api/v1/cases", {"person_id": p["id"]}, None),
            ("GET", "/api/v1/cases/%d" % cs["id"], None, None),
            ("PATCH", "/api/v1/cases/%d" % cs["id"],
             {"version": cs["version"], "urgent": True}, None),
            ("POST", "/api/v1/cases/%d/status" % cs["id"],
             {"status": "provisional_identification",
              "version": cs["version"]}, None),
            ("GET", "/api/v1/cases/%d/timeline" % cs["id"], None, None),
            ("POST", "/api/v1/cases/%d/notes" % cs["id"], {"text": "x"},
             None),
            ("PUT", "/api/v1/cases/%d/pathway/safety_place" % cs["id"],
             {"status": "done"}, None),
            ("PUT", "/api/v1/cases/%d/legal/certificate" % cs["id"],
             {"authority": "x", "issued_on": "2026-01-01"}, None),
            ("POST", "/api/v1/cases/%d/seal" % cs["id"], {"access": []},
             None),
            ("POST", "/api/v1/cases/%d/unseal" % cs["id"], {}, None),
            ("POST", "/api/v1/cases/search", {"text": "word"}, None),
            ("GET", "/api/v1/persons", None, None),
            ("POST", "/api/v1/persons", {}, None),
            ("GET", "/api/v1/persons/%d" % p["id"], None, None),
            ("PATCH", "/api/v1/persons/%d" % p["id"],
             {"version": p["version"], "sex": "male"}, None),
            ("GET", "/api/v1/persons/%d/safe-contact" % p["id"], None,
             None),
            ("POST", "/api/v1/persons/search", {"phone": "600100200"},
             None),
            ("POST", "/api/v1/persons/duplicates", {"identity": {}}, None),
            ("POST", "/api/v1/persons/%d/merge" % p["id"], {"from": 1},
             None),
            ("GET", "/api/v1/tasks", None, {"mine": "true"}),
            ("POST", "/api/v1/tasks", {"title": "x", "kind": "task",
                                       "due_on": "2031-01-01",
                                       "assignee_id": con.user["id"]},
             None),
            ("PATCH", "/api/v1/tasks/%d" % t["id"], {"title": "y"}, None),
            ("POST", "/api/v1/tasks/%d/done" % t["id"], {}, None)):
        r = send(c, method, path, body, params)
        assert_error(r, 403, "forbidden")
    assert get_case(con, cs["id"])["version"] == cs["version"]
    assert get_person(con, p["id"])["sex"] == "unknown"


def test_anonymous_refused(server):
    for method, path in (("GET", "/api/v1/cases"),
                         ("GET", "/api/v1/persons"),
                         ("POST", "/api/v1/persons"),
                         ("GET", "/api/v1/tasks"),
                         ("POST", "/api/v1/cases/search")):
        r = requests.request(method, server.url(path), timeout=30,
                             json={} if method == "POST" else None)
        assert_error(r, 401, "unauthenticated")


# ---------------------------------------------------------------------------
# Privacy.

def test_database_holds_no_identity_in_clear(con, server):
    tag = word(12)
    typed, number = fresh_phone()
    doc = "ZQ%s" % "".join(random.choice(string.digits) for _ in range(8))
    first = "Bożenna" + tag
    last = "Żurawska" + Word(12)
    alias = "Ptaszyna" + word(12)
    email = "ptaszyna.%s@example.org" % word(12)
    address = "ul. Wiśniowa %s 7, 90-001 Łódź" % Word(12)
    code_word = "Czerwony parasol %s" % word(12)
    do_not_inform = "Jej szwagier %s" % word(12)
    safe_notes = "Nie dzwonić w niedzielę %s" % word(12)
    note_word = "Pszczyna" + word(12)
    note = "Mówi, że trzymano ją w %s przez dwa miesiące." % note_word
    pathway_note = "Schronisko tymczasowe %s" % word(12)
    authority = "Komenda Miejska %s" % Word(12)
    comp_notes = "Pełnomocnik %s" % word(12)
    p = create_person(con, sex="female", citizenship="UA", identity={
        "first_name": first, "last_name": last, "aliases": [alias],
        "date_of_birth": "1987-07-19", "phones": [typed], "emails": [email],
        "documents": [{"type": "passport", "number": doc}],
        "addresses": [address]}, safe_contact={
        "call": "no", "voicemail": "no", "text": "yes", "hours": "evenings",
        "number": typed, "code_word": code_word,
        "do_not_inform": do_not_inform, "notes": safe_notes})
    cs = create_case(con, p["id"])
    assert con.post("/api/v1/cases/%d/notes" % cs["id"],
                    json={"text": note}).status_code == 201
    assert put_pathway(con, cs["id"], "safety_place", status="done",
                       notes=pathway_note).status_code == 200
    assert put_legal(con, cs["id"], "certificate",
                     {"authority": authority, "issued_on": "2026-10-01"}
                     ).status_code == 200
    assert put_legal(con, cs["id"], "compensation",
                     {"claimed_on": "2026-10-02", "against": authority,
                      "status": "pending", "notes": comp_notes}
                     ).status_code == 200
    # Everything searchable is searched, so any index is written.
    assert [x["id"] for x in search_persons(con, {"phone": typed})] == \
        [p["id"]]
    assert cs["id"] in [r["id"] for r in
                        search_cases(con, {"text": note_word})]
    # What is read back is what was written.
    got = get_person(con, p["id"])
    assert got["identity"]["last_name"] == last
    assert got["safe_contact"]["code_word"] == code_word
    values = [first, last, alias, email, doc, address, code_word,
              do_not_inform, safe_notes, note, note_word, pathway_note,
              authority, comp_notes, number, number[1:], number[3:],
              typed, tag, first.lower(), last.lower(), note_word.lower(),
              "zurawska" + last[8:].lower(), "bozenna" + tag,
              email.lower(), "1987-07-19"]
    blob = server.install.raw_bytes()
    for v in values:
        assert v.encode() not in blob, "%r is in clear in the database" % v
    audit_dump = repr(server.install.query("SELECT * FROM audit_log"))
    for v in values:
        assert v not in audit_dump, v
    log = server.log
    for v in values:
        assert v not in log, "%r is in the server log" % v
