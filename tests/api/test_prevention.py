"""
Preventive counselling (docs/API-prevention.md) on the shared demo install:
recording a consultation with the safe-migration checklist, the red flags
and risk level derived from it, corrections with optimistic locking, the
advice sheet in Polish, English and Ukrainian with the emergency numbers,
the list and its filters, the counts for statistics, who may do what, the
audit trail, and sealed notes never stored or logged in clear.

The demo install is shared with the other suites: every check filters by
what it made itself and never counts a whole table.
"""
import random
import re
import string

import pytest

from conftest import assert_error

ISO_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")
KCIK = "+48 22 628 01 20"
LA_STRADA = "+48 605 687 750"
ALWAYS = ["keep_documents", "consulate", "insurance_money",
          "if_things_go_wrong"]

# A consultation with nothing wrong: an agency in KRAZ, a contract.
CLEAN = {
    "lang": "pl", "destination": "DE", "purpose": "work",
    "sector": "agriculture", "offer_source": "agency",
    "agency_name": "Agencja Testowa", "agency_in_kraz": "yes",
    "kraz_number": "12345/2021", "fee_asked": "no",
    "contract_written": "yes", "contract_language_understood": "yes",
    "documents_kept_by": "self", "accommodation": "employer",
    "paid_before_departure": "no", "emergency_contacts_known": "yes",
}
# Documents kept by the employer, a fee for the job, no contract.
RISKY = dict(CLEAN, agency_in_kraz="no", kraz_number=None, fee_asked="yes",
             fee_purpose="placement", contract_written="no",
             documents_kept_by="employer",
             signals=["pressure_to_decide"])
KEYS = {"id", "held_at", "held_by", "contact_id", "lang", "destination",
        "purpose", "sector", "offer_source", "agency_name",
        "agency_in_kraz", "kraz_number", "fee_asked", "fee_purpose",
        "contract_written", "contract_language_understood",
        "documents_kept_by", "accommodation", "paid_before_departure",
        "emergency_contacts_known", "signals", "assessment", "notes",
        "version", "created_at", "updated_at"}
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
    body = dict(CLEAN, **over)
    body = {k: v for k, v in body.items() if v is not None or k in over}
    r = c.post("/api/v1/prevention", json=body)
    assert r.status_code == 201, r.text
    return r.json()["consultation"]


def audit(server, where):
    return server.install.query(
        "SELECT action, result, detail, user_id, object_id FROM audit_log "
        "WHERE " + where + " ORDER BY seq")


def test_create_clean(con):
    p = create(con, notes=None)
    assert set(p) == KEYS
    assert ISO_RE.fullmatch(p["held_at"])
    assert p["held_by"]["username"] == "demo.consultant"
    assert p["version"] == 1
    assert p["kraz_number"] == "12345/2021"
    assert p["signals"] == []
    a = p["assessment"]
    assert a == {"risk_level": "low", "flags": [], "open": [],
                 "points": ALWAYS}
    r = con.get("/api/v1/prevention/%d" % p["id"])
    assert r.status_code == 200
    assert r.json()["consultation"] == p


def test_defaults_are_unknown(con):
    r = con.post("/api/v1/prevention", json={
        "lang": "en", "destination": "IT", "purpose": "work"})
    assert r.status_code == 201, r.text
    p = r.json()["consultation"]
    for k in ("agency_in_kraz", "fee_asked", "contract_written",
              "contract_language_understood", "documents_kept_by",
              "accommodation", "paid_before_departure",
              "emergency_contacts_known"):
        assert p[k] == "unknown", k
    assert p["sector"] is None and p["offer_source"] is None
    a = p["assessment"]
    # Many open questions (no agency: KRAZ not asked): medium.
    assert a["risk_level"] == "medium"
    assert a["flags"] == []
    assert set(a["open"]) == {"fee", "contract", "contract_language",
                              "documents", "emergency_contacts"}
    assert "kraz" not in a["open"]


def test_high_risk(con):
    p = create(con, **RISKY)
    a = p["assessment"]
    assert a["risk_level"] == "high"
    assert a["flags"] == ["documents_withheld", "fee_for_job",
                          "agency_not_in_kraz", "no_written_contract",
                          "pressure_to_decide"]
    assert a["points"][:5] == ["documents_withheld", "no_placement_fee",
                               "check_kraz", "written_contract",
                               "take_time"]
    assert a["points"][-4:] == ALWAYS


@pytest.mark.parametrize("over,flags,level", [
    ({"fee_asked": "yes", "fee_purpose": "visa"}, [], "low"),
    ({"fee_asked": "yes", "fee_purpose": "accommodation"},
     ["paid_in_advance"], "medium"),
    ({"fee_asked": "yes"}, ["fee_for_job"], "medium"),
    ({"fee_asked": "yes", "contract_written": "no"},
     ["fee_for_job", "no_written_contract"], "high"),
    ({"signals": ["travel_debt"]}, ["travel_debt"], "high"),
    ({"sector": "entertainment"}, ["entertainment_offer"], "medium"),
    ({"contract_language_understood": "no"}, ["contract_not_understood"],
     "medium"),
    ({"emergency_contacts_known": "no"}, ["no_emergency_contacts"],
     "medium"),
])
def test_rule(con, over, flags, level):
    p = create(con, **over)
    assert p["assessment"]["flags"] == flags
    assert p["assessment"]["risk_level"] == level
    if over.get("fee_purpose") == "visa":
        assert "fee_receipts" in p["assessment"]["points"]


@pytest.mark.parametrize("field,value", [
    ("destination", "PL"), ("destination", "de"), ("destination", "DEU"),
    ("destination", None), ("lang", "xx"), ("lang", "de"),
    ("purpose", "tourism"), ("sector", "mining"),
    ("offer_source", "newspaper"), ("agency_in_kraz", "maybe"),
    ("kraz_number", "KRAZ-12"), ("kraz_number", "12//3"),
    ("kraz_number", "1" * 21), ("fee_asked", "sometimes"),
    ("fee_purpose", "bribe"), ("documents_kept_by", "nobody"),
    ("accommodation", "tent"), ("signals", ["too_good"]),
    ("signals", "pressure_to_decide"), ("notes", "x" * 4001),
    ("agency_name", "x" * 201), ("held_at", "yesterday"),
    ("held_at", "2026-11-28T10:00:00"), ("contact_id", 0),
    ("contact_id", 10 ** 12), ("unknown_field", 1),
])
def test_invalid(con, field, value):
    body = dict(CLEAN)
    body[field] = value
    if field == "fee_purpose":
        body["fee_asked"] = "yes"
    assert_invalid(con.post("/api/v1/prevention", json=body), field)


def test_cross_field_rules(con):
    # A KRAZ number only for an agency in the register.
    assert_invalid(con.post("/api/v1/prevention", json=dict(
        CLEAN, agency_in_kraz="unknown")), "kraz_number")
    # What the fee is for only when a fee was asked.
    assert_invalid(con.post("/api/v1/prevention", json=dict(
        CLEAN, fee_purpose="travel")), "fee_purpose")
    for k in ("lang", "destination", "purpose"):
        body = dict(CLEAN)
        del body[k]
        assert_invalid(con.post("/api/v1/prevention", json=body), k)


def test_invalid_made_nothing(con, server):
    tag = "kein%06d" % next(UNIQUE)
    r = con.post("/api/v1/prevention", json=dict(
        CLEAN, agency_name=tag, destination="PL"))
    assert_invalid(r, "destination")
    rows = server.install.query(
        "SELECT count(*) FROM prevention_consultation WHERE agency_name = "
        "'%s'" % tag)
    assert int(rows[0][0]) == 0


def test_from_a_contact(con):
    r = con.post("/api/v1/contacts", json={
        "started_at": "2026-11-25T10:00:00+01:00", "duration_seconds": 300,
        "channel": "office_line", "direction": "incoming",
        "inquirer": "going_abroad", "topics": ["prevention"],
        "urgency": "routine", "outcome": "advice"})
    assert r.status_code == 201, r.text
    contact = r.json()["contact"]["id"]
    p = create(con, contact_id=contact)
    assert p["contact_id"] == contact
    r = con.get("/api/v1/prevention", params={"contact_id": contact})
    assert r.status_code == 200
    assert [x["id"] for x in r.json()["consultations"]] == [p["id"]]


def test_update(con, coord, server):
    p = create(con)
    r = con.patch("/api/v1/prevention/%d" % p["id"], json={
        "version": 1, "contract_written": "no", "signals": ["travel_debt"],
        "notes": "Notatka testowa " + word()})
    assert r.status_code == 200, r.text
    q = r.json()["consultation"]
    assert q["version"] == 2
    assert q["contract_written"] == "no"
    assert q["assessment"]["risk_level"] == "high"
    assert q["assessment"]["flags"] == ["travel_debt", "no_written_contract"]
    assert q["agency_name"] == p["agency_name"]     # untouched
    assert q["notes"].startswith("Notatka testowa")
    # A stale version: 409, nothing changed.
    r = coord.patch("/api/v1/prevention/%d" % p["id"], json={
        "version": 1, "destination": "FR"})
    assert_error(r, 409, "conflict")
    # Clearing: sector and notes to null.
    r = coord.patch("/api/v1/prevention/%d" % p["id"], json={
        "version": 2, "sector": None, "notes": None})
    assert r.status_code == 200, r.text
    q = r.json()["consultation"]
    assert q["sector"] is None and q["notes"] is None
    assert q["destination"] == "DE"
    # The cross-field rules hold on the whole after a correction.
    assert_invalid(coord.patch("/api/v1/prevention/%d" % p["id"], json={
        "version": 3, "agency_in_kraz": "no"}), "kraz_number")
    assert_invalid(coord.patch("/api/v1/prevention/%d" % p["id"], json={
        "version": 3, "destination": None}), "destination")
    assert_error(con.patch("/api/v1/prevention/99999999", json={
        "version": 1}), 404)
    rows = audit(server, "object_type = 'prevention_consultation' AND "
                 "object_id = %d" % p["id"])
    actions = [(row[0], row[2]) for row in rows]
    assert ("prevention.create", "low") in actions
    assert ("prevention.update", "high") in actions


@pytest.mark.parametrize("lang,title,point,emergency", [
    ("pl", "Bezpieczny wyjazd za granicę", "Nikt nie może zatrzymać",
     "Telefony alarmowe"),
    ("en", "Going abroad safely", "Nobody may keep your passport",
     "Emergency numbers"),
    ("uk", "Безпечний виїзд за кордон", "Ніхто не має права забирати",
     "Екстрені номери"),
])
def test_sheet_languages(con, server, lang, title, point, emergency):
    p = create(con, **RISKY)
    r = con.get("/api/v1/prevention/%d/sheet" % p["id"],
                params={"lang": lang})
    assert r.status_code == 200, r.text
    s = r.json()["sheet"]
    assert s["lang"] == lang
    assert s["consultation_id"] == p["id"]
    assert s["destination"] == "DE"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", s["date"])
    assert s["title"].startswith(title)
    assert s["emergency_heading"] == emergency
    assert s["risk"]["level"] == "high" and s["risk"]["text"]
    assert [f["code"] for f in s["flags"]] == p["assessment"]["flags"]
    assert all(f["text"] for f in s["flags"])
    assert [x["code"] for x in s["points"]] == p["assessment"]["points"]
    assert s["points"][0]["title"].startswith(point)
    assert all(x["title"] and x["text"] for x in s["points"])
    numbers = [e["number"] for e in s["emergency"]]
    assert numbers == ["112", None, KCIK, LA_STRADA]
    assert all(e["label"] for e in s["emergency"])
    rows = audit(server, "action = 'prevention.read' AND object_id = %d" %
                 p["id"])
    assert any(row[2] == "sheet" for row in rows)


def test_sheet_defaults_and_errors(con):
    p = create(con, lang="uk", destination="AE")
    s = con.get("/api/v1/prevention/%d/sheet" % p["id"]).json()["sheet"]
    assert s["lang"] == "uk"
    # Outside Europe: no 112, the local number to be found.
    assert s["emergency"][0]["code"] == "local"
    assert s["emergency"][0]["number"] is None
    # The texts differ between the languages.
    en = con.get("/api/v1/prevention/%d/sheet" % p["id"],
                 params={"lang": "en"}).json()["sheet"]
    assert en["title"] != s["title"]
    assert_invalid(con.get("/api/v1/prevention/%d/sheet" % p["id"],
                           params={"lang": "xx"}), "lang")
    assert_error(con.get("/api/v1/prevention/99999999/sheet"), 404)


def test_list_filters_and_pages(con):
    made = [create(con, destination="CZ", held_at=t) for t in (
        "2020-03-01T10:00:00+01:00", "2020-03-02T10:00:00+01:00",
        "2020-03-03T10:00:00+01:00")]
    risky = create(con, destination="CZ", held_at="2020-03-02T12:00:00+01:00",
                   **{k: v for k, v in RISKY.items() if k != "destination"})
    r = con.get("/api/v1/prevention", params={
        "from": "2020-03-01", "to": "2020-03-03", "destination": "CZ"})
    assert r.status_code == 200, r.text
    ids = [x["id"] for x in r.json()["consultations"]]
    assert ids == [made[2]["id"], risky["id"], made[1]["id"], made[0]["id"]]
    assert all("notes" not in x for x in r.json()["consultations"])
    r = con.get("/api/v1/prevention", params={
        "from": "2020-03-01", "to": "2020-03-03", "destination": "CZ",
        "risk_level": "high"})
    assert [x["id"] for x in r.json()["consultations"]] == [risky["id"]]
    # Pages of two, by the cursor.
    seen, cursor = [], None
    while True:
        params = {"from": "2020-03-01", "to": "2020-03-03",
                  "destination": "CZ", "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = con.get("/api/v1/prevention", params=params).json()
        seen += [x["id"] for x in page["consultations"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids
    for k, v in (("from", "2020-13-01"), ("to", "x"), ("destination", "PL"),
                 ("risk_level", "severe"), ("limit", "0"),
                 ("limit", "201"), ("cursor", "abc"),
                 ("contact_id", "-1")):
        assert_invalid(con.get("/api/v1/prevention", params={k: v}), k)


def test_summary(con, coord):
    day = "2019-06-%02d" % (1 + next(UNIQUE) % 28)
    at = day + "T12:00:00+02:00"
    create(con, destination="IE", held_at=at, sector="construction")
    create(con, destination="IE", held_at=at, sector="construction",
           **{k: v for k, v in RISKY.items() if k not in (
               "destination", "sector")})
    create(con, destination="SE", held_at=at, sector=None,
           offer_source=None, agency_name=None, kraz_number=None,
           agency_in_kraz="not_applicable")
    r = coord.get("/api/v1/prevention/summary",
                  params={"from": day, "to": day})
    assert r.status_code == 200, r.text
    s = r.json()
    assert s["period"] == {"from": day, "to": day}
    assert s["total"] >= 3
    assert s["by_destination"]["IE"] >= 2 and s["by_destination"]["SE"] >= 1
    assert s["by_sector"]["construction"] >= 2
    assert s["by_sector"]["not_given"] >= 1
    assert s["by_risk_level"]["high"] >= 1
    assert s["by_flag"]["documents_withheld"] >= 1
    assert s["by_purpose"]["work"] >= 3
    assert_invalid(coord.get("/api/v1/prevention/summary",
                             params={"from": "2019-02-30"}), "from")


@pytest.mark.parametrize("who", ["demo.shelter", "demo.auditor",
                                 "demo.admin"])
def test_roles_refused(clients, con, who):
    p = create(con)
    c = clients(who)
    for path in ("/api/v1/prevention", "/api/v1/prevention/%d" % p["id"],
                 "/api/v1/prevention/%d/sheet" % p["id"],
                 "/api/v1/prevention/summary"):
        assert_error(c.get(path), 403)
    assert_error(c.post("/api/v1/prevention", json=CLEAN), 403)
    assert_error(c.patch("/api/v1/prevention/%d" % p["id"],
                         json={"version": 1}), 403)


def test_coordinator_may(coord):
    p = create(coord)
    assert p["held_by"]["username"] == "demo.coordinator"


def test_notes_sealed(con, server):
    notes = "Rozmowa o ofercie od pana Zbigniewa %s z Lipna" % word(12)
    p = create(con, notes=notes)
    assert con.get("/api/v1/prevention/%d" % p["id"]).json()[
        "consultation"]["notes"] == notes
    rows = audit(server, "action = 'prevention.read' AND object_id = %d" %
                 p["id"])
    assert rows, "reading a consultation is audited"
    blob = server.install.raw_bytes()
    for v in (notes, notes.split()[-3]):
        assert v.encode() not in blob, "%r is in clear" % v
    assert notes.split()[-3] not in server.log
    assert notes.split()[-3] not in repr(server.install.query(
        "SELECT * FROM audit_log"))


def test_demo_data(coord):
    r = coord.get("/api/v1/prevention", params={"risk_level": "high",
                                                "limit": 200})
    assert r.status_code == 200
    assert any(x["destination"] == "GB" and x["lang"] == "uk"
               for x in r.json()["consultations"])


def test_enums(con):
    e = con.get("/api/v1/enums").json()
    for k in ("prevention_purpose", "prevention_sector", "offer_source",
              "kraz_status", "fee_purpose", "documents_keeper",
              "accommodation", "prevention_signal", "prevention_flag",
              "prevention_risk"):
        assert e[k] and all(v["pl"] and v["en"] for v in e[k]), k
    assert [v["code"] for v in e["prevention_risk"]] == ["low", "medium",
                                                        "high"]


def _key_ids(inst, table, column):
    from conftest import BACKEND
    if BACKEND == "sqlite":
        sql = ("SELECT DISTINCT hex(substr(%s, 2, 4)) FROM %s WHERE %s IS "
               "NOT NULL" % (column, table, column))
    else:
        sql = ("SELECT DISTINCT upper(encode(substring(%s from 2 for 4), "
               "'hex')) FROM %s WHERE %s IS NOT NULL" % (column, table,
                                                        column))
    return {row[0] for row in inst.query(sql)}


def test_key_rotation_reaches_notes(install_factory):
    """Both sealed notes columns are in src/app/sealed.c: a rotation
    re-seals the demo's notes and they still open."""
    from conftest import run_haven
    inst = install_factory("prevention-rotation")
    inst.init("--demo")
    srv = inst.serve()
    cols = [("prevention_consultation", "notes"),
            ("institution_consultation", "notes")]
    for table, column in cols:
        assert _key_ids(inst, table, column) == {"01000000"}, table
    srv.stop()
    r = run_haven("key", "rotate", *inst.args(), cwd=inst.dir)
    assert r.returncode == 0, r.stderr
    for table, column in cols:
        assert _key_ids(inst, table, column) == {"02000000"}, table
    srv.start()
    s, r = srv.login("demo.consultant", "haven-demo-only")
    assert r.status_code == 200, r.text
    for path, table in (("/api/v1/prevention/%s", "prevention_consultation"),
                        ("/api/v1/consultancy/%s",
                         "institution_consultation")):
        row = inst.query("SELECT id FROM %s WHERE notes IS NOT NULL" % table)
        r = s.get(srv.url(path % row[0][0]))
        assert r.status_code == 200, r.text
        assert r.json()["consultation"]["notes"].startswith("Przykładowa")
    srv.assert_clean_exit()
