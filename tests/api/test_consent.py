"""
The consent ledger and referrals (docs/API-network.md): recording and
listing consents with their state, the checks of a consent, referrals
refused without a valid consent for personal data (to any organisation,
to law enforcement), referrals sent on a consent and the one the server
picks, dates (expired consents, referrals recorded for a past day), the
referral lifecycle, withdrawal flagging the referrals that relied on it
(time line, task, audit), sealed cases and persons, roles, the overview,
and that notes never reach the database in clear.

The demo install is shared with the other suites: each test makes its own
persons, cases and organisations and never counts a whole table.
"""
import random
import re
import string
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import assert_error

ISO_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")
CONSENT_KEYS = {"id", "person_id", "purpose", "organisation", "given_on",
                "method", "expires_on", "notes", "recorded_by",
                "recorded_at", "withdrawn_on", "withdrawn_by",
                "withdrawn_at", "withdrawal_note", "state", "referrals"}
REFERRAL_KEYS = {"id", "case", "organisation", "purpose", "sent_on",
                 "sent_by", "carries_personal_data", "data_shared",
                 "consent", "consent_withdrawn_at", "status", "status_at",
                 "status_by", "notes", "outcome", "version", "created_at",
                 "updated_at"}


def word(n=10):
    return "".join(random.choice(string.ascii_lowercase) for _ in range(n))


def days(n):
    """The day n days from today in Warsaw, as the server counts days."""
    now = datetime.now(ZoneInfo("Europe/Warsaw")).date()
    return (now + timedelta(days=n)).isoformat()


def today():
    return days(0)


def audit(server, where):
    rows = server.install.query(
        "SELECT action, result, detail, user_id, object_id FROM audit_log "
        "WHERE " + where + " ORDER BY seq")
    return [tuple(None if v is None or v == "" else str(v) for v in row)
            for row in rows]


def new_org(c, kind="ngo", **body):
    b = {"name": "Przykładowa organizacja " + word(), "kind": kind,
         "country": "PL", "languages": ["pl"]}
    b.update(body)
    r = c.post("/api/v1/organisations", json=b)
    assert r.status_code == 201, r.text
    return r.json()["organisation"]


def new_case(c):
    r = c.post("/api/v1/persons", json={"citizenship": "UA"})
    assert r.status_code == 201, r.text
    pid = r.json()["person"]["id"]
    r = c.post("/api/v1/cases", json={"person_id": pid})
    assert r.status_code == 201, r.text
    return r.json()["case"]


def consent(c, pid, purpose, org=None, given_on=None, **body):
    b = {"purpose": purpose, "given_on": given_on or days(-3),
         "method": "written"}
    if org is not None:
        b["organisation_id"] = org["id"]
    b.update(body)
    r = c.post("/api/v1/persons/%d/consents" % pid, json=b)
    assert r.status_code == 201, r.text
    assert set(r.json()) == {"consent"}
    k = r.json()["consent"]
    assert set(k) == CONSENT_KEYS, sorted(k)
    return k


def refer(c, cid, org, personal=True, **body):
    b = {"organisation_id": org["id"], "purpose": "legal_aid",
         "carries_personal_data": personal,
         "data_shared": ["identity", "case_facts"] if personal else []}
    b.update(body)
    return c.post("/api/v1/cases/%d/referrals" % cid, json=b)


def referred(c, cid, org, personal=True, **body):
    r = refer(c, cid, org, personal, **body)
    assert r.status_code == 201, r.text
    ref = r.json()["referral"]
    assert set(ref) == REFERRAL_KEYS, sorted(ref)
    return ref


def referrals(c, cid):
    r = c.get("/api/v1/cases/%d/referrals" % cid)
    assert r.status_code == 200, r.text
    return r.json()["referrals"]


def ledger(c, pid):
    r = c.get("/api/v1/persons/%d/consents" % pid)
    assert r.status_code == 200, r.text
    return r.json()


def timeline(c, cid):
    r = c.get("/api/v1/cases/%d/timeline" % cid)
    assert r.status_code == 200, r.text
    return r.json()["events"]


def check(c, cid, org, personal=True, **params):
    params.update(organisation_id=org["id"],
                  carries_personal_data="true" if personal else "false")
    r = c.get("/api/v1/cases/%d/referral-consent" % cid, params=params)
    assert r.status_code == 200, r.text
    return r.json()


# ---------------------------------------------------------------------------
# The ledger.

def test_record_and_list(con, server):
    cs = new_case(con)
    pid = cs["person"]["id"]
    org = new_org(con)
    assert ledger(con, pid)["consents"] == []
    a = consent(con, pid, "data_processing", method="spoken",
                notes="Zgoda w obecności tłumaczki")
    assert a["purpose"] == "data_processing" and a["method"] == "spoken"
    assert a["organisation"] is None and a["state"] == "valid"
    assert a["notes"] == "Zgoda w obecności tłumaczki"
    assert a["recorded_by"] == {"id": con.user["id"],
                                "username": con.user["username"]}
    assert ISO_RE.fullmatch(a["recorded_at"])
    assert a["withdrawn_on"] is None and a["withdrawn_by"] is None
    assert a["referrals"] == 0 and a["person_id"] == pid
    b = consent(con, pid, "referral", org, expires_on=days(30))
    assert b["organisation"] == {"id": org["id"], "name": org["name"],
                                 "kind": "ngo"}
    assert b["expires_on"] == days(30)
    old = consent(con, pid, "family_contact", given_on="2020-01-01",
                  expires_on="2020-12-31")
    assert old["state"] == "expired"
    L = ledger(con, pid)
    assert L["person"] == {"id": pid, "pseudonym": cs["person"]["pseudonym"],
                           "merged": False}
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", L["today"])
    # newest given first
    assert [k["id"] for k in L["consents"]] == [b["id"], a["id"], old["id"]]
    rows = audit(server, "action = 'person.consents.read' AND object_id = %d"
                 % pid)
    assert rows and rows[-1][1] == "ok"
    rows = audit(server, "action = 'consent.create' AND object_id IN "
                 "(%d, %d, %d)" % (a["id"], b["id"], old["id"]))
    assert [r[2] for r in rows] == ["data_processing", "referral",
                                    "family_contact"]
    assert_error(con.get("/api/v1/persons/99999999/consents"), 404)


@pytest.mark.parametrize("change,field", [
    ({"purpose": "marketing"}, "purpose"),
    ({"method": "email"}, "method"),
    ({"given_on": "2026-02-30"}, "given_on"),
    ({"given_on": "yesterday"}, "given_on"),
    ({"given_on": days(3)}, "given_on"),
    ({"expires_on": "2001-01-01"}, "expires_on"),
    ({"purpose": "referral"}, "organisation_id"),
    ({"purpose": "statistics", "organisation_id": "ORG"}, "organisation_id"),
    ({"purpose": "law_enforcement", "organisation_id": "ORG"},
     "organisation_id"),
    ({"purpose": "referral", "organisation_id": 99999999}, "organisation_id"),
    ({"notes": "x" * 2001}, "notes"),
    ({"extra": 1}, "extra"),
])
def test_consent_refuses(con, change, field):
    cs = new_case(con)
    org = new_org(con)
    b = {"purpose": "data_processing", "given_on": days(-1),
         "method": "written"}
    b.update(change)
    if b.get("organisation_id") == "ORG":
        b["organisation_id"] = org["id"]
    r = con.post("/api/v1/persons/%d/consents" % cs["person"]["id"], json=b)
    assert_error(r, 422, "invalid", field)
    assert ledger(con, cs["person"]["id"])["consents"] == []


def test_consent_to_inactive_organisation_refused(con):
    cs = new_case(con)
    org = new_org(con)
    r = con.patch("/api/v1/organisations/%d" % org["id"],
                  json={"version": org["version"], "active": False})
    assert r.status_code == 200, r.text
    r = con.post("/api/v1/persons/%d/consents" % cs["person"]["id"],
                 json={"purpose": "referral", "organisation_id": org["id"],
                       "given_on": days(-1), "method": "spoken"})
    assert_error(r, 422, "invalid", "organisation_id")


# ---------------------------------------------------------------------------
# Referrals and consent.

def test_referral_without_consent_refused(con, server):
    cs = new_case(con)
    cid, pid = cs["id"], cs["person"]["id"]
    ngo = new_org(con)
    police = new_org(con, kind="police_coordinator")
    other = new_org(con)
    # a consent for another organisation or purpose does not count
    consent(con, pid, "referral", other)
    consent(con, pid, "data_processing")
    consent(con, pid, "family_contact")
    for org in (ngo, police):
        r = refer(con, cid, org)
        err = assert_error(r, 422, "invalid", "consent")
        assert "consent" in err["message"]
    # nothing was sent: no referral, no time line entry
    assert referrals(con, cid) == []
    assert not [e for e in timeline(con, cid) if e["kind"] == "referral"]
    rows = audit(server, "action = 'referral.create' AND result = 'denied' "
                 "AND object_id = %d" % cid)
    assert len(rows) == 2, rows
    assert check(con, cid, ngo) == {"needs": "referral", "covered": False,
                                    "consent": None}
    assert check(con, cid, police) == {"needs": "law_enforcement",
                                       "covered": False, "consent": None}
    # without personal data (an anonymous consultation) no consent is needed
    assert check(con, cid, ngo, personal=False) == {
        "needs": "none", "covered": True, "consent": None}
    ref = referred(con, cid, police, personal=False,
                   purpose="law_enforcement_report")
    assert ref["consent"] is None and ref["data_shared"] == []
    assert ref["carries_personal_data"] is False


def test_referral_with_consent(con, server):
    cs = new_case(con)
    cid, pid = cs["id"], cs["person"]["id"]
    org = new_org(con, kind="crisis_intervention")
    k = consent(con, pid, "referral", org)
    c = check(con, cid, org)
    assert c["needs"] == "referral" and c["covered"] is True
    assert c["consent"]["id"] == k["id"]
    assert c["consent"]["organisation"] == {"id": org["id"],
                                            "name": org["name"]}
    ref = referred(con, cid, org, purpose="shelter",
                   data_shared=["identity", "health", "contact_details"],
                   notes="Potrzebne miejsce dla matki z dzieckiem")
    assert ref["case"] == {"id": cid, "reference": cs["reference"]}
    assert ref["organisation"] == {"id": org["id"], "name": org["name"],
                                   "kind": "crisis_intervention"}
    assert ref["purpose"] == "shelter" and ref["status"] == "sent"
    assert ref["sent_on"] == today()
    assert ref["data_shared"] == ["identity", "health", "contact_details"]
    assert ref["consent"]["id"] == k["id"]
    assert ref["consent"]["purpose"] == "referral"
    assert ref["consent_withdrawn_at"] is None
    assert ref["notes"] == "Potrzebne miejsce dla matki z dzieckiem"
    assert ref["outcome"] is None and ref["version"] == 1
    assert ref["sent_by"]["id"] == con.user["id"]
    assert referrals(con, cid) == [ref]
    ev = [e for e in timeline(con, cid) if e["kind"] == "referral"]
    assert len(ev) == 1
    assert ev[0]["text"] == "referral shelter to %s: sent" % org["name"]
    # the ledger counts the referrals relying on a consent
    [mine] = [x for x in ledger(con, pid)["consents"] if x["id"] == k["id"]]
    assert mine["referrals"] == 1
    rows = audit(server, "action = 'referral.create' AND object_id = %d"
                 % ref["id"])
    assert rows == [("referral.create", "ok", "shelter", str(con.user["id"]),
                     str(ref["id"]))]


def test_law_enforcement_consent(con):
    cs = new_case(con)
    cid, pid = cs["id"], cs["person"]["id"]
    police = new_org(con, kind="police")
    court = new_org(con, kind="court")
    guard = new_org(con, kind="border_guard")
    ngo = new_org(con)
    named = new_org(con, kind="prosecutor")
    # a law_enforcement consent naming one prosecutor covers that one only
    k1 = consent(con, pid, "law_enforcement", named)
    assert check(con, cid, named)["consent"]["id"] == k1["id"]
    assert check(con, cid, police)["covered"] is False
    # a general one covers every law-enforcement organisation, no NGO
    k2 = consent(con, pid, "law_enforcement", method="spoken")
    for org in (police, court, guard):
        assert check(con, cid, org)["consent"]["id"] == k2["id"]
    assert check(con, cid, ngo)["covered"] is False
    # the one naming the organisation is preferred
    assert check(con, cid, named)["consent"]["id"] == k1["id"]
    # a referral consent naming a police unit covers it too
    k3 = consent(con, pid, "referral", police)
    assert check(con, cid, police)["consent"]["id"] == k3["id"]
    ref = referred(con, cid, court, purpose="law_enforcement_report")
    assert ref["consent"]["id"] == k2["id"]
    assert_error(refer(con, cid, ngo), 422, "invalid", "consent")


def test_expired_consent_and_past_referral(con):
    cs = new_case(con)
    cid, pid = cs["id"], cs["person"]["id"]
    org = new_org(con)
    k = consent(con, pid, "referral", org, given_on="2020-01-10",
                expires_on="2020-12-31")
    assert k["state"] == "expired"
    assert_error(refer(con, cid, org), 422, "invalid", "consent")
    assert check(con, cid, org)["covered"] is False
    # a referral recorded for a day the consent was valid on
    assert check(con, cid, org, sent_on="2020-06-01")["consent"]["id"] == \
        k["id"]
    ref = referred(con, cid, org, sent_on="2020-06-01")
    assert ref["sent_on"] == "2020-06-01" and ref["consent"]["id"] == k["id"]
    # not before it was given, nor after it expired
    assert_error(refer(con, cid, org, sent_on="2020-01-09"), 422, "invalid",
                 "consent")
    assert_error(refer(con, cid, org, sent_on="2021-01-01"), 422, "invalid",
                 "consent")
    # not in the future
    assert_error(refer(con, cid, org, sent_on=days(5)), 422, "invalid",
                 "sent_on")


def test_named_consent(con):
    cs = new_case(con)
    other = new_case(con)
    org = new_org(con)
    theirs = consent(con, other["person"]["id"], "referral", org)
    mine = consent(con, cs["person"]["id"], "referral", org)
    data = consent(con, cs["person"]["id"], "data_processing")
    # another person's consent, or one for another purpose: refused
    for k in (theirs, data):
        r = refer(con, cs["id"], org, consent_id=k["id"])
        assert_error(r, 422, "invalid", "consent")
    ref = referred(con, cs["id"], org, consent_id=mine["id"])
    assert ref["consent"]["id"] == mine["id"]
    # no personal data: no consent to name
    assert_error(refer(con, cs["id"], org, personal=False,
                       consent_id=mine["id"]), 422, "invalid", "consent_id")


@pytest.mark.parametrize("change,field", [
    ({"data_shared": []}, "data_shared"),
    ({"carries_personal_data": False}, "data_shared"),
    ({"data_shared": ["identity", "identity"]}, "data_shared"),
    ({"data_shared": ["bank_account"]}, "data_shared"),
    ({"purpose": "holiday"}, "purpose"),
    ({"organisation_id": 99999999}, "organisation_id"),
    ({"sent_on": "2026-13-01"}, "sent_on"),
    ({"carries_personal_data": None}, "carries_personal_data"),
    ({"notes": "x" * 2001}, "notes"),
    ({"status": "sent"}, "status"),
])
def test_referral_refuses(con, change, field):
    cs = new_case(con)
    org = new_org(con)
    consent(con, cs["person"]["id"], "referral", org)
    b = {"organisation_id": org["id"], "purpose": "legal_aid",
         "carries_personal_data": True, "data_shared": ["identity"]}
    b.update(change)
    r = con.post("/api/v1/cases/%d/referrals" % cs["id"], json=b)
    err = assert_error(r, 422, "invalid")
    assert err["field"] == field or err["field"].startswith(field), err
    assert referrals(con, cs["id"]) == []


def test_referral_to_inactive_organisation_refused(con):
    cs = new_case(con)
    org = new_org(con)
    r = con.patch("/api/v1/organisations/%d" % org["id"],
                  json={"version": org["version"], "active": False})
    assert r.status_code == 200
    assert_error(refer(con, cs["id"], org, personal=False), 422, "invalid",
                 "organisation_id")


def test_lifecycle(con, coord, server):
    cs = new_case(con)
    cid = cs["id"]
    org = new_org(con)
    consent(con, cs["person"]["id"], "referral", org)
    ref = referred(con, cid, org)
    url = "/api/v1/referrals/%d" % ref["id"]
    # illegal moves name the status
    for to in ("completed", "sent"):
        err = assert_error(con.patch(url, json={"version": ref["version"],
                                                "status": to}),
                           422, "invalid", "status")
        assert "sent" in err["message"] and to in err["message"]
    assert_error(con.patch(url, json={"version": ref["version"],
                                      "status": "lost"}), 422, "invalid",
                 "status")
    r = coord.patch(url, json={"version": ref["version"],
                               "status": "accepted"})
    assert r.status_code == 200, r.text
    acc = r.json()["referral"]
    assert acc["status"] == "accepted" and acc["version"] == 2
    assert acc["status_by"]["id"] == coord.user["id"]
    # a stale version
    assert_error(con.patch(url, json={"version": 1, "outcome": "x"}), 409,
                 "conflict", "version")
    # the outcome alone
    r = con.patch(url, json={"version": 2, "outcome": "Przyjęta na 3 dni"})
    assert r.status_code == 200, r.text
    assert r.json()["referral"]["outcome"] == "Przyjęta na 3 dni"
    assert r.json()["referral"]["status"] == "accepted"
    r = con.patch(url, json={"version": 3, "status": "completed",
                             "outcome": "Pomoc udzielona"})
    assert r.status_code == 200, r.text
    done = r.json()["referral"]
    assert done["status"] == "completed" and done["outcome"] == \
        "Pomoc udzielona"
    # completed is final
    for to in ("accepted", "declined", "sent"):
        assert_error(con.patch(url, json={"version": done["version"],
                                          "status": to}), 422, "invalid",
                     "status")
    texts = [e["text"] for e in timeline(con, cid) if e["kind"] == "referral"]
    assert texts == ["referral legal_aid to %s: %s" % (org["name"], s)
                     for s in ("completed", "accepted", "sent")]
    rows = audit(server, "object_type = 'referral' AND object_id = %d"
                 % ref["id"])
    assert [(r[0], r[2]) for r in rows] == [
        ("referral.create", "legal_aid"), ("referral.status", "sent>accepted"),
        ("referral.update", None), ("referral.status", "accepted>completed")]
    # a declined one is final too
    other = referred(con, cid, org, personal=False)
    url2 = "/api/v1/referrals/%d" % other["id"]
    r = con.patch(url2, json={"version": 1, "status": "declined"})
    assert r.status_code == 200 and r.json()["referral"]["status"] == \
        "declined"
    assert_error(con.patch(url2, json={"version": 2, "status": "accepted"}),
                 422, "invalid", "status")
    assert_error(con.patch("/api/v1/referrals/99999999",
                           json={"version": 1}), 404)


def test_withdrawal_flags_referrals(con, coord, server):
    cs = new_case(con)
    cid, pid = cs["id"], cs["person"]["id"]
    org = new_org(con)
    k = consent(con, pid, "referral", org, given_on=days(-20))
    ref = referred(con, cid, org, sent_on=days(-10))
    anon = referred(con, cid, org, personal=False)
    url = "/api/v1/persons/%d/consents/%d/withdraw" % (pid, k["id"])
    # the day: between the day given and today
    assert_error(con.post(url, json={"withdrawn_on": days(2)}), 422,
                 "invalid", "withdrawn_on")
    assert_error(con.post(url, json={"withdrawn_on": days(-21)}), 422,
                 "invalid", "withdrawn_on")
    r = coord.post(url, json={"note": "Nie chce kontaktu z organizacją"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"consent", "flagged"}
    w = body["consent"]
    assert w["state"] == "withdrawn" and w["withdrawn_on"] is not None
    assert w["withdrawn_by"]["id"] == coord.user["id"]
    assert w["withdrawal_note"] == "Nie chce kontaktu z organizacją"
    assert body["flagged"] == [{
        "id": ref["id"], "case": {"id": cid, "reference": cs["reference"]},
        "organisation": {"id": org["id"], "name": org["name"]},
        "purpose": "legal_aid"}]
    # the referral is flagged, its status unchanged; the other untouched
    by_id = {x["id"]: x for x in referrals(con, cid)}
    assert ISO_RE.fullmatch(by_id[ref["id"]]["consent_withdrawn_at"])
    assert by_id[ref["id"]]["status"] == "sent"
    assert by_id[ref["id"]]["consent"]["withdrawn_on"] == w["withdrawn_on"]
    assert by_id[anon["id"]]["consent_withdrawn_at"] is None
    # the case's time line and a task for its key consultant
    ev = [e for e in timeline(con, cid) if e["kind"] == "consent"]
    assert [e["text"] for e in ev] == [
        "consent withdrawn: referral legal_aid to %s flagged" % org["name"]]
    r = con.get("/api/v1/tasks", params={"case_id": cid, "open": "true"})
    assert r.status_code == 200, r.text
    tasks = [t for t in r.json()["tasks"] if org["name"] in t["title"]]
    assert len(tasks) == 1, r.json()
    assert tasks[0]["assignee"]["id"] == con.user["id"]     # key consultant
    rows = audit(server, "action = 'consent.withdraw' AND object_id = %d"
                 % k["id"])
    assert [(r[1], r[2]) for r in rows] == [("ok", "flagged 1")]
    # twice: refused; nothing new relies on it
    assert_error(con.post(url, json={}), 409, "conflict")
    assert_error(refer(con, cid, org), 422, "invalid", "consent")
    assert_error(refer(con, cid, org, sent_on=days(-5)), 422, "invalid",
                 "consent")
    # the overview shows it among the flagged
    r = coord.get("/api/v1/referrals", params={"flagged": "true",
                                               "organisation_id": org["id"]})
    assert r.status_code == 200, r.text
    assert [x["id"] for x in r.json()["referrals"]] == [ref["id"]]
    assert "notes" not in r.json()["referrals"][0]
    # a consent of another person through this one's path: 404
    other = new_case(con)
    k2 = consent(con, other["person"]["id"], "data_processing")
    assert_error(con.post("/api/v1/persons/%d/consents/%d/withdraw"
                          % (pid, k2["id"]), json={}), 404)


def test_overview_filters(con):
    cs = new_case(con)
    org = new_org(con)
    a = referred(con, cs["id"], org, personal=False)
    b = referred(con, cs["id"], org, personal=False, purpose="health")
    r = con.patch("/api/v1/referrals/%d" % b["id"],
                  json={"version": 1, "status": "accepted"})
    assert r.status_code == 200
    get = lambda **p: [x["id"] for x in con.get(
        "/api/v1/referrals", params=dict(organisation_id=org["id"], **p))
        .json()["referrals"]]
    assert sorted(get()) == sorted([a["id"], b["id"]])
    assert get(status="accepted") == [b["id"]]
    assert get(status="sent") == [a["id"]]
    assert get(flagged="true") == []
    for p, v in (("status", "lost"), ("flagged", "yes"),
                 ("organisation_id", "x")):
        assert_error(con.get("/api/v1/referrals", params={p: v}), 422,
                     "invalid", p)


def test_sealed(con, coord, server):
    cs = new_case(con)
    cid, pid = cs["id"], cs["person"]["id"]
    org = new_org(con)
    k = consent(con, pid, "referral", org)
    ref = referred(con, cid, org)
    r = con.post("/api/v1/cases/%d/seal" % cid, json={"access": []})
    assert r.status_code == 200, r.text
    where = ("result = 'denied' AND user_id = %d AND object_id IN (%d, %d)"
             % (coord.user["id"], cid, pid))
    n = len(audit(server, where))
    refused = [
        ("GET", "/api/v1/cases/%d/referrals" % cid, None),
        ("POST", "/api/v1/cases/%d/referrals" % cid,
         {"organisation_id": org["id"], "purpose": "health",
          "carries_personal_data": False}),
        ("GET", "/api/v1/cases/%d/referral-consent?organisation_id=%d"
         % (cid, org["id"]), None),
        ("PATCH", "/api/v1/referrals/%d" % ref["id"],
         {"version": 1, "status": "accepted"}),
        # the person's only case is sealed: the ledger is closed too
        ("GET", "/api/v1/persons/%d/consents" % pid, None),
        ("POST", "/api/v1/persons/%d/consents" % pid,
         {"purpose": "statistics", "given_on": days(-1),
          "method": "spoken"}),
        ("POST", "/api/v1/persons/%d/consents/%d/withdraw" % (pid, k["id"]),
         {}),
    ]
    for method, path, body in refused:
        r = coord.s.request(method, coord.url(path), json=body,
                            headers=coord._headers(None), timeout=30)
        assert_error(r, 403, "forbidden")
    assert len(audit(server, where)) >= n + len(refused)
    # the overview leaves it out for the coordinator, not for its consultant
    ids = lambda c: [x["id"] for x in c.get(
        "/api/v1/referrals", params={"organisation_id": org["id"]})
        .json()["referrals"]]
    assert ids(coord) == [] and ids(con) == [ref["id"]]
    # the key consultant goes on working
    assert [x["id"] for x in referrals(con, cid)] == [ref["id"]]
    assert ledger(con, pid)["consents"][0]["id"] == k["id"]
    # a second, open case opens the ledger again
    r = coord.post("/api/v1/cases", json={"person_id": pid})
    assert r.status_code == 201, r.text
    assert ledger(coord, pid)["consents"][0]["id"] == k["id"]


def test_roles(clients, con):
    cs = new_case(con)
    org = new_org(con)
    ref = referred(con, cs["id"], org, personal=False)
    pid = cs["person"]["id"]
    for name in ("demo.shelter", "demo.admin", "demo.auditor"):
        c = clients(name)
        for method, path, body in [
                ("GET", "/api/v1/persons/%d/consents" % pid, None),
                ("POST", "/api/v1/persons/%d/consents" % pid,
                 {"purpose": "statistics", "given_on": days(-1),
                  "method": "spoken"}),
                ("POST", "/api/v1/persons/%d/consents/1/withdraw" % pid, {}),
                ("GET", "/api/v1/cases/%d/referrals" % cs["id"], None),
                ("POST", "/api/v1/cases/%d/referrals" % cs["id"],
                 {"organisation_id": org["id"], "purpose": "health",
                  "carries_personal_data": False}),
                ("PATCH", "/api/v1/referrals/%d" % ref["id"],
                 {"version": 1}),
                ("GET", "/api/v1/referrals", None)]:
            r = c.s.request(method, c.url(path), json=body,
                            headers=c._headers(None), timeout=30)
            assert_error(r, 403)


def test_merged_person_consents(con, coord):
    a = new_case(con)
    b = new_case(con)
    org = new_org(con)
    k = consent(con, b["person"]["id"], "referral", org)
    r = coord.post("/api/v1/persons/%d/merge" % a["person"]["id"],
                   json={"from": b["person"]["id"]})
    assert r.status_code == 200, r.text
    # the survivor's ledger shows the merged person's consent, which covers
    # referrals of the survivor's cases
    assert k["id"] in [x["id"] for x in
                       ledger(con, a["person"]["id"])["consents"]]
    ref = referred(con, a["id"], org)
    assert ref["consent"]["id"] == k["id"]
    # the merged person takes no new consent
    r = con.post("/api/v1/persons/%d/consents" % b["person"]["id"],
                 json={"purpose": "statistics", "given_on": days(-1),
                       "method": "spoken"})
    assert_error(r, 409, "conflict")
    # withdrawn through the survivor
    r = con.post("/api/v1/persons/%d/consents/%d/withdraw"
                 % (a["person"]["id"], k["id"]), json={})
    assert r.status_code == 200, r.text
    assert [f["id"] for f in r.json()["flagged"]] == [ref["id"]]


def test_database_holds_no_notes_in_clear(con, server):
    cs = new_case(con)
    pid = cs["person"]["id"]
    org = new_org(con)
    notes = "Zgodę przekazała siostra %s" % word(12)
    wnote = "Sprawca %s dowiedział się o zgłoszeniu" % word(12)
    rnotes = "Dzieci u babci w Kutnie %s" % word(12)
    outcome = "Zakwaterowana u %s" % word(12)
    k = consent(con, pid, "referral", org, notes=notes)
    ref = referred(con, cs["id"], org, notes=rnotes)
    r = con.patch("/api/v1/referrals/%d" % ref["id"],
                  json={"version": 1, "outcome": outcome})
    assert r.status_code == 200, r.text
    r = con.post("/api/v1/persons/%d/consents/%d/withdraw" % (pid, k["id"]),
                 json={"note": wnote})
    assert r.status_code == 200, r.text
    assert referrals(con, cs["id"])[0]["outcome"] == outcome
    values = [notes, wnote, rnotes, outcome]
    blob = server.install.raw_bytes()
    audit_dump = repr(server.install.query("SELECT * FROM audit_log"))
    log = server.log
    for v in values:
        assert v.encode() not in blob, "%r is in clear in the database" % v
        assert v not in audit_dump and v not in log, v


def test_demo_referrals(coord):
    r = coord.get("/api/v1/referrals", params={"flagged": "true"})
    assert r.status_code == 200, r.text
    assert any(x["purpose"] == "interpreting" and
               x["organisation"]["name"].startswith("Przykładowe")
               for x in r.json()["referrals"])
    r = coord.get("/api/v1/referrals", params={"status": "completed"})
    assert any(x["purpose"] == "legal_aid" for x in r.json()["referrals"])
