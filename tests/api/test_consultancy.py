"""
Consultancy for institutions (docs/API-prevention.md) on the shared demo
install: consultations and trainings given to institutions (named here or
chosen from the directory), case references as text only (checked to
exist, never linked, nothing of the case shown), corrections with
optimistic locking, the list and its filters, the counts for statistics,
who may do what, the audit trail and sealed notes.

The demo install is shared with the other suites: every check filters by
what it made itself and never counts a whole table.
"""
import random
import string

import pytest

from conftest import assert_error

BASE = {
    "institution_name": "Komenda Testowa", "institution_kind": "police",
    "kind": "training", "topic": "identification",
    "format": "training_session", "held_on": "2026-10-05",
    "duration_minutes": 120, "participants": 25,
}
KEYS = {"id", "organisation", "institution_name", "institution_kind",
        "kind", "topic", "format", "held_on", "duration_minutes",
        "participants", "case_refs", "held_by", "notes", "version",
        "created_at", "updated_at"}
UNIQUE = iter(random.sample(range(10 ** 6), 1000))


def word(n=10):
    return "".join(random.choice(string.ascii_lowercase) for _ in range(n))


def assert_invalid(resp, field):
    err = assert_error(resp, 422, "invalid")
    assert err["field"] is not None and (
        err["field"] == field or err["field"].startswith(field + ".") or
        err["field"].startswith(field + "[")), (field, err)
    return err


def create(c, **over):
    body = dict(BASE, **over)
    r = c.post("/api/v1/consultancy", json=body)
    assert r.status_code == 201, r.text
    return r.json()["consultation"]


def a_case_reference(c):
    """A case made for this test: its reference."""
    r = c.post("/api/v1/persons", json={"citizenship": "UA"})
    assert r.status_code == 201, r.text
    r = c.post("/api/v1/cases", json={"person_id": r.json()["person"]["id"]})
    assert r.status_code == 201, r.text
    return r.json()["case"]


def an_organisation(server):
    rows = server.install.query(
        "SELECT id, name, kind FROM organisation ORDER BY id")
    if not rows:
        pytest.skip("no organisation in the directory")
    return int(rows[0][0]), rows[0][1], rows[0][2]


def test_create(con):
    x = create(con)
    assert set(x) == KEYS
    assert x["organisation"] is None
    assert x["institution_name"] == "Komenda Testowa"
    assert x["held_by"]["username"] == "demo.consultant"
    assert x["case_refs"] == [] and x["notes"] is None
    assert x["version"] == 1
    r = con.get("/api/v1/consultancy/%d" % x["id"])
    assert r.status_code == 200 and r.json()["consultation"] == x


def test_case_references(con, server):
    case = a_case_reference(con)
    x = create(con, kind="consultation", format="phone",
               topic="referral_procedure", participants=2,
               case_refs=[case["reference"], case["reference"]])
    # Once each; text only: no case id, nothing of the case.
    assert x["case_refs"] == [case["reference"]]
    text = repr(x)
    assert "'case'" not in text and "person" not in text
    rows = server.install.query(
        "SELECT case_refs FROM institution_consultation WHERE id = %d" %
        x["id"])
    assert rows[0][0] == case["reference"]
    # Nothing on the case's time line.
    tl = con.get("/api/v1/cases/%d/timeline" % case["id"])
    if tl.status_code == 200:
        assert "consultancy" not in tl.text and "institution" not in tl.text
    for bad in ("2026/42", "26/0042", "2026-0042", "1999/0001", "x"):
        assert_invalid(con.post("/api/v1/consultancy", json=dict(
            BASE, case_refs=[bad])), "case_refs")
    # A reference that no case has.
    assert_invalid(con.post("/api/v1/consultancy", json=dict(
        BASE, case_refs=["2999/9999"])), "case_refs")
    assert_invalid(con.post("/api/v1/consultancy", json=dict(
        BASE, case_refs=["2026/0001"] * 21)), "case_refs")


def test_from_directory(con, server):
    org, name, kind = an_organisation(server)
    x = create(con, institution_name=None, institution_kind=None,
               organisation_id=org, kind="consultation", format="email",
               topic="safe_migration", participants=1)
    assert x["organisation"] == {"id": org, "name": name}
    assert x["institution_kind"] == kind    # taken from the directory
    assert_invalid(con.post("/api/v1/consultancy", json=dict(
        BASE, organisation_id=10 ** 9)), "organisation_id")


@pytest.mark.parametrize("field,value", [
    ("kind", "lecture"), ("topic", "cooking"), ("format", "fax"),
    ("held_on", "2026-02-30"), ("held_on", "05.10.2026"), ("held_on", None),
    ("participants", 0), ("participants", 10001), ("participants", None),
    ("duration_minutes", 0), ("duration_minutes", 1441),
    ("institution_kind", "bakery"), ("institution_name", "x" * 201),
    ("notes", "x" * 4001), ("held_by_id", 10 ** 9), ("case_refs", "2026/0001"),
    ("organisation_id", 0), ("whatever", 1),
])
def test_invalid(con, field, value):
    body = dict(BASE)
    body[field] = value
    assert_invalid(con.post("/api/v1/consultancy", json=body), field)


def test_institution_required(con):
    body = dict(BASE)
    del body["institution_name"]
    assert_invalid(con.post("/api/v1/consultancy", json=body),
                   "institution_name")
    body = dict(BASE)
    del body["institution_kind"]
    assert_invalid(con.post("/api/v1/consultancy", json=body),
                   "institution_kind")


def test_held_by_another(con, coord):
    x = create(coord, held_by_id=con.user["id"])
    assert x["held_by"]["username"] == "demo.consultant"


def test_update(con, coord, server):
    x = create(con)
    r = coord.patch("/api/v1/consultancy/%d" % x["id"], json={
        "version": 1, "participants": 30, "notes": "Notatka " + word()})
    assert r.status_code == 200, r.text
    y = r.json()["consultation"]
    assert y["version"] == 2 and y["participants"] == 30
    assert y["institution_name"] == x["institution_name"]
    assert y["notes"].startswith("Notatka ")
    assert_error(con.patch("/api/v1/consultancy/%d" % x["id"], json={
        "version": 1, "participants": 3}), 409, "conflict")
    # Moving it to the directory's organisation and back.
    rows = server.install.query("SELECT id, kind FROM organisation "
                                "ORDER BY id")
    if rows:
        r = con.patch("/api/v1/consultancy/%d" % x["id"], json={
            "version": 2, "organisation_id": int(rows[0][0]),
            "institution_name": None})
        assert r.status_code == 200, r.text
        y = r.json()["consultation"]
        assert y["organisation"]["id"] == int(rows[0][0])
        assert y["institution_kind"] == rows[0][1]
        r = con.patch("/api/v1/consultancy/%d" % x["id"], json={
            "version": 3, "organisation_id": None})
        assert_invalid(r, "institution_name")
    assert_error(con.patch("/api/v1/consultancy/99999999",
                           json={"version": 1}), 404)
    assert con.get("/api/v1/consultancy/%d" % x["id"]).status_code == 200
    rows = server.install.query(
        "SELECT action FROM audit_log WHERE object_type = "
        "'institution_consultation' AND object_id = %d ORDER BY seq" %
        x["id"])
    actions = [row[0] for row in rows]
    assert actions[0] == "consultancy.create"
    assert "consultancy.update" in actions
    assert "consultancy.read" in actions


def test_list_and_summary(con, coord):
    year = 2000 + next(UNIQUE) % 15
    day = "%d-04-%02d" % (year, 1 + next(UNIQUE) % 27)
    made = [
        create(con, held_on=day, participants=10, duration_minutes=60),
        create(con, held_on=day, kind="consultation", format="phone",
               topic="victim_rights", participants=2, duration_minutes=20),
        create(con, held_on=day, kind="consultation", format="online",
               topic="victim_rights", participants=3,
               duration_minutes=None),
    ]
    r = con.get("/api/v1/consultancy", params={"from": day, "to": day})
    assert r.status_code == 200, r.text
    ids = [x["id"] for x in r.json()["consultations"]]
    assert ids[:3] == [m["id"] for m in reversed(made)]
    assert all("notes" not in x for x in r.json()["consultations"])
    r = con.get("/api/v1/consultancy", params={
        "from": day, "to": day, "kind": "consultation",
        "topic": "victim_rights"})
    assert [x["id"] for x in r.json()["consultations"]][:2] == [
        made[2]["id"], made[1]["id"]]
    # Pages of one.
    seen, cursor = [], None
    while True:
        params = {"from": day, "to": day, "limit": 1}
        if cursor:
            params["cursor"] = cursor
        page = con.get("/api/v1/consultancy", params=params).json()
        seen += [x["id"] for x in page["consultations"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids
    for k, v in (("from", "2026-02-30"), ("kind", "x"), ("topic", "x"),
                 ("organisation_id", "0"), ("limit", "500"),
                 ("cursor", "2026-01-01")):
        assert_invalid(con.get("/api/v1/consultancy", params={k: v}), k)
    s = coord.get("/api/v1/consultancy/summary",
                  params={"from": day, "to": day}).json()
    assert s["total"] >= 3
    assert s["participants"] >= 15
    assert s["duration_minutes"] >= 80
    assert s["by_kind"]["consultation"] >= 2
    assert s["by_kind"]["training"] >= 1
    assert s["by_topic"]["victim_rights"] >= 2
    assert s["by_format"]["phone"] >= 1
    assert s["by_institution_kind"]["police"] >= 3


@pytest.mark.parametrize("who", ["demo.shelter", "demo.auditor",
                                 "demo.admin"])
def test_roles_refused(clients, con, who):
    x = create(con)
    c = clients(who)
    for path in ("/api/v1/consultancy", "/api/v1/consultancy/%d" % x["id"],
                 "/api/v1/consultancy/summary"):
        assert_error(c.get(path), 403)
    assert_error(c.post("/api/v1/consultancy", json=BASE), 403)
    assert_error(c.patch("/api/v1/consultancy/%d" % x["id"],
                         json={"version": 1}), 403)


def test_notes_sealed(con, server):
    notes = "Pytanie pani prokurator Jadwigi %s o świadka" % word(12)
    x = create(con, notes=notes)
    assert con.get("/api/v1/consultancy/%d" % x["id"]).json()[
        "consultation"]["notes"] == notes
    blob = server.install.raw_bytes()
    secret = notes.split()[-3]
    assert secret.encode() not in blob
    assert secret not in server.log


def test_demo_data(coord):
    r = coord.get("/api/v1/consultancy", params={"limit": 200})
    assert r.status_code == 200
    rows = r.json()["consultations"]
    assert any(x["kind"] == "training" and
               x["institution_name"].startswith("Przykładow")
               for x in rows if x["institution_name"])
    assert any(x["case_refs"] for x in rows)


def test_enums(con):
    e = con.get("/api/v1/enums").json()
    assert [v["code"] for v in e["consultancy_kind"]] == ["consultation",
                                                          "training"]
    assert len(e["consultancy_topic"]) == 8
    assert len(e["consultancy_format"]) == 5
