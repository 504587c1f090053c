"""The statistics (docs/API-statistics.md): the tables and their shapes, the
contact counts from the day rollup (created, corrected, filtered, rebuilt),
registered victims in Eurostat's shape, suppression as numbers leave Haven,
the CSV download, permissions and validation."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import assert_error, run_haven

TABLES = [
    "contacts_inquirer", "contacts_channel", "contacts_hours",
    "contacts_urgency", "contacts_topics", "cases_status",
    "victims_identification", "victims_sex_age", "victims_citizenship",
    "victims_exploitation", "victims_forms", "victims_nationality",
    "services_pathway", "referrals", "consultancy", "interpreter_bookings",
    "prevention_risk", "prevention_destination", "shelter_occupancy"]

# A month long ago that only this file writes contacts into: office hours
# on weekdays that are no holiday.
PERIOD = {"from": "2003-02-01", "to": "2003-02-28"}
CONTACT = {
    "duration_seconds": 300, "channel": "email", "direction": "incoming",
    "inquirer": "family_friend", "topics": ["identification", "legal"],
    "urgency": "routine", "outcome": "advice",
}


def stats(c, **params):
    r = c.get("/api/v1/statistics", params=params)
    assert r.status_code == 200, r.text
    return {t["id"]: t for t in r.json()["tables"]}


def cell(t, row, col):
    r = [x["code"] for x in t["rows"]].index(row)
    k = [x["code"] for x in t["cols"]].index(col)
    return t["cells"][r][k]


def today():
    """Today where the centre is: the server counts days in Warsaw, and
    between 23:00 and midnight UTC (22:00 in summer) that is tomorrow."""
    return datetime.now(ZoneInfo("Europe/Warsaw")).date().isoformat()


def add_contact(c, when, **body):
    r = c.post("/api/v1/contacts", json=dict(CONTACT, started_at=when,
                                             **body))
    assert r.status_code == 201, r.text
    return r.json()["contact"]


def test_shapes_and_totals(coord):
    r = coord.get("/api/v1/statistics", params={"from": "2026-01-01",
                                                "to": "2026-12-31"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["query"] == {"from": "2026-01-01", "to": "2026-12-31",
                             "channel": None, "inquirer": None,
                             "urgency": None, "out_of_hours": None}
    assert body["threshold"] is None
    assert [t["id"] for t in body["tables"]] == TABLES
    for t in body["tables"]:
        assert set(t) == {"id", "section", "chart", "title", "margins",
                          "rows", "cols", "cells", "row_totals",
                          "col_totals", "total"}
        assert t["title"]["pl"] and t["title"]["en"]
        assert t["chart"] in ("stacked", "bar", "table")
        assert len(t["cells"]) == len(t["rows"])
        for row in t["cells"]:
            assert len(row) == len(t["cols"])
            assert all(isinstance(v, int) and v >= 0 for v in row)
        if t["margins"]:
            assert t["row_totals"] == [sum(r) for r in t["cells"]]
            assert t["col_totals"] == [sum(col) for col in
                                       zip(*t["cells"])] or not t["cells"]
            assert t["total"] == sum(t["row_totals"])
        else:
            assert t["row_totals"] is None and t["total"] is None
    # The months of the period are the contact tables' rows.
    months = [x["code"] for x in body["tables"][0]["rows"]]
    assert months == ["2026-%02d" % m for m in range(1, 13)]
    assert body["tables"][0]["rows"][0]["label"] == {"pl": "styczeń 2026",
                                                     "en": "January 2026"}
    # The demo data is counted.
    by = {t["id"]: t for t in body["tables"]}
    assert by["contacts_inquirer"]["total"] > 0
    assert by["cases_status"]["total"] > 0


RAGGED = {"from": "2003-01-20", "to": "2003-02-07"}


def test_contacts_counted_corrected_filtered(coord, con):
    before = stats(coord, **PERIOD)
    # A period of ragged ends: read from days, not whole months.
    ragged = stats(coord, **RAGGED)["contacts_inquirer"]["total"]
    a = add_contact(con, "2003-02-05T10:00:00+01:00")
    add_contact(con, "2003-02-06T11:00:00+01:00", channel="office_line",
                urgency="urgent", urgency_reason="Pilne: test statystyk.")
    # Out of hours: a Saturday, with its hand-over note.
    add_contact(con, "2003-02-08T12:00:00+01:00", inquirer="at_risk",
                handover_note="Test statystyk: sobota.")
    after = stats(coord, **PERIOD)
    inq = after["contacts_inquirer"]
    assert inq["rows"] == [{"code": "2003-02", "label": {
        "pl": "luty 2003", "en": "February 2003"}}]
    delta = inq["total"] - before["contacts_inquirer"]["total"]
    assert delta == 3
    # The Saturday is after the ragged period's end.
    r = stats(coord, **RAGGED)["contacts_inquirer"]
    assert r["total"] - ragged == 2
    assert [x["code"] for x in r["rows"]] == ["2003-01", "2003-02"]
    assert (cell(inq, "2003-02", "family_friend") -
            cell(before["contacts_inquirer"], "2003-02", "family_friend")) == 2
    assert (cell(after["contacts_hours"], "2003-02", "out_of_hours") -
            cell(before["contacts_hours"], "2003-02", "out_of_hours")) == 1
    assert (cell(after["contacts_urgency"], "2003-02", "urgent") -
            cell(before["contacts_urgency"], "2003-02", "urgent")) == 1
    assert (cell(after["contacts_channel"], "2003-02", "email") -
            cell(before["contacts_channel"], "2003-02", "email")) == 2
    # Topics: each contact counts under each of its topics.
    assert (cell(after["contacts_topics"], "legal", "contacts") -
            cell(before["contacts_topics"], "legal", "contacts")) == 3

    # A correction moves the contact from one column to another.
    r = con.patch("/api/v1/contacts/%d" % a["id"],
                  json={"inquirer": "organisation", "version": a["version"]})
    assert r.status_code == 200, r.text
    fixed = stats(coord, **PERIOD)["contacts_inquirer"]
    assert fixed["total"] == inq["total"]
    assert cell(fixed, "2003-02", "family_friend") == \
        cell(inq, "2003-02", "family_friend") - 1
    assert cell(fixed, "2003-02", "organisation") == \
        cell(inq, "2003-02", "organisation") + 1

    # Filters narrow the contact tables.
    every = stats(coord, **PERIOD)
    mail = stats(coord, channel="email", **PERIOD)
    assert mail["contacts_channel"]["total"] == cell(
        mail["contacts_channel"], "2003-02", "email")
    assert mail["contacts_inquirer"]["total"] == cell(
        every["contacts_channel"], "2003-02", "email")
    ooh = stats(coord, out_of_hours="true", **PERIOD)
    assert ooh["contacts_inquirer"]["total"] == cell(
        every["contacts_hours"], "2003-02", "out_of_hours")
    assert cell(ooh["contacts_hours"], "2003-02", "office_hours") == 0
    urgent = stats(coord, urgency="urgent", inquirer="family_friend",
                   **PERIOD)
    assert urgent["contacts_urgency"]["total"] == cell(
        urgent["contacts_urgency"], "2003-02", "urgent")
    assert urgent["contacts_urgency"]["total"] >= 1
    # Cases have no channel: the filters leave them alone.
    assert mail["cases_status"]["cells"] == every["cases_status"]["cells"]

def months_are_their_days(server):
    rows = server.install.query(
        "SELECT COUNT(*) FROM contact_month m WHERE m.n <> (SELECT "
        "COALESCE(SUM(d.n), 0) FROM contact_day d WHERE substr(d.day, 1, 7) "
        "= m.month AND d.inquirer = m.inquirer AND d.channel = m.channel "
        "AND d.out_of_hours = m.out_of_hours AND d.urgency = m.urgency AND "
        "d.topics = m.topics)")
    assert int(rows[0][0]) == 0


def test_rollup_equals_a_recount(server, coord):
    """The day rollup the writes keep equals one recounted from scratch, and
    its months are the sums of their days."""
    months_are_their_days(server)
    year = {"from": "2000-01-01", "to": "2009-12-31"}
    now = {"from": "2020-01-01", "to": "2029-12-31"}
    before = (stats(coord, **year), stats(coord, **now), stats(coord, **RAGGED))
    r = run_haven("stats", "rebuild", *server.install.args())
    assert r.returncode == 0, r.stderr
    assert "contacts counted" in r.stdout
    after = (stats(coord, **year), stats(coord, **now), stats(coord, **RAGGED))
    for b, a in zip(before, after):
        for tid in ("contacts_inquirer", "contacts_channel",
                    "contacts_hours", "contacts_urgency", "contacts_topics"):
            assert a[tid]["cells"] == b[tid]["cells"], tid
    rows = server.install.query("SELECT COUNT(*) FROM contact_day "
                                "WHERE n < 0")
    assert int(rows[0][0]) == 0
    months_are_their_days(server)


def test_registered_victims(coord, con):
    """Eurostat's registered victims: identified or presumed, once per
    person, by sex, age, citizenship group and form of exploitation."""
    period = {"from": today(), "to": today()}
    before = stats(coord, **period)
    # A girl from Ukraine, identified, sexual and labour exploitation.
    p = con.post("/api/v1/persons", json={
        "sex": "female", "citizenship": "UA", "languages": ["uk"],
        "minor": True})
    assert p.status_code == 201, p.text
    pid = p.json()["person"]["id"]
    cs = []
    for forms in (["sexual", "forced_labour"], ["forced_begging"]):
        r = con.post("/api/v1/cases", json={"person_id": pid,
                                            "forms": forms})
        assert r.status_code == 201, r.text
        cs.append(r.json()["case"])
    # The first becomes identified, the second presumed: counted once.
    for c, path in ((cs[0], ["provisional_identification", "identified"]),
                    (cs[1], ["provisional_identification"])):
        for status in path:
            r = con.post("/api/v1/cases/%d/status" % c["id"],
                         json={"status": status, "version": c["version"]})
            assert r.status_code == 200, r.text
            c = r.json()["case"]
    # A German man, presumed, other exploitation.
    q = con.post("/api/v1/persons", json={
        "sex": "male", "citizenship": "DE", "languages": ["de"]})
    assert q.status_code == 201, q.text
    r = con.post("/api/v1/cases", json={"person_id": q.json()["person"]["id"],
                                        "forms": ["forced_criminality"]})
    c = r.json()["case"]
    r = con.post("/api/v1/cases/%d/status" % c["id"], json={
        "status": "provisional_identification", "version": c["version"]})
    assert r.status_code == 200, r.text
    # Not a victim: preliminary verification only.
    s = con.post("/api/v1/persons", json={
        "sex": "female", "citizenship": "PL", "languages": ["pl"]}
    ).json()["person"]
    assert con.post("/api/v1/cases", json={"person_id": s["id"]}) \
        .status_code == 201

    after = stats(coord, **period)

    def d(tid, row, col):
        return cell(after[tid], row, col) - cell(before[tid], row, col)

    assert d("victims_identification", "identified", "child") == 1
    assert d("victims_identification", "presumed", "adult") == 1
    assert after["victims_identification"]["total"] - \
        before["victims_identification"]["total"] == 2
    assert d("victims_sex_age", "female", "child") == 1
    assert d("victims_sex_age", "male", "adult") == 1
    assert d("victims_citizenship", "non_eu", "female") == 1
    assert d("victims_citizenship", "other_eu", "male") == 1
    assert d("victims_exploitation", "sexual", "female") == 1
    assert d("victims_exploitation", "other", "male") == 1
    assert d("victims_forms", "sexual", "victims") == 1
    assert d("victims_forms", "forced_labour", "victims") == 1
    assert d("victims_forms", "forced_criminality", "victims") == 1
    # The second case of the same person is not a second victim.
    assert d("victims_forms", "forced_begging", "victims") == 0
    # Every case opened is counted in the cases table.
    month = today()[:7]
    assert after["cases_status"]["total"] - \
        before["cases_status"]["total"] == 4
    assert cell(after["cases_status"], month, "identified") - \
        cell(before["cases_status"], month, "identified") == 1
    nat = {x["code"]: row[0] for x, row in zip(
        after["victims_nationality"]["rows"],
        after["victims_nationality"]["cells"])}
    assert nat.get("UA", 0) + nat.get("other", 0) >= 1


def lines(t):
    """Every published line of a table: its rows and columns with totals."""
    rows = [list(r) + [t["row_totals"][i]] for i, r in
            enumerate(t["cells"])]
    rows.append(list(t["col_totals"]) + [t["total"]])
    return rows + [list(col) for col in zip(*rows)]


def test_suppression(coord):
    r = coord.get("/api/v1/statistics", params=dict(suppress="true",
                                                   **PERIOD))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["threshold"] == 3
    full = stats(coord, **PERIOD)
    hidden_any = False
    for t in body["tables"]:
        raw = full[t["id"]]
        for i, row in enumerate(t["cells"]):
            for k, v in enumerate(row):
                n = raw["cells"][i][k]
                if 0 < n < 3:
                    assert v == "<3", (t["id"], i, k, v)
                    hidden_any = True
                elif isinstance(v, str):
                    assert v == "x", (t["id"], v)
                else:
                    assert v == n
        if t["margins"] and t["cells"]:
            for line in lines(t):
                assert sum(isinstance(v, str) for v in line) != 1, \
                    (t["id"], line)
    assert hidden_any


def test_csv_download(server, coord):
    r = coord.get("/api/v1/statistics/csv", params=PERIOD)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("text/csv")
    assert 'filename="haven-statistics-2003-02-01-2003-02-28.csv"' in \
        r.headers["Content-Disposition"]
    raw = r.content
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    assert '"Kontakty według zgłaszającego"' in text
    assert '"luty 2003"' in text and '"Razem"' in text
    # The download is suppressed: the small counts of this period are gone.
    sup = coord.get("/api/v1/statistics", params=dict(
        suppress="true", **PERIOD)).json()
    hours = [t for t in sup["tables"] if t["id"] == "contacts_hours"][0]
    row = ",".join(str(v) for v in hours["cells"][0] +
                   [hours["row_totals"][0]])
    assert '"luty 2003",' + row in text
    en = coord.get("/api/v1/statistics/csv", params=dict(lang="en",
                                                        **PERIOD)).text
    assert '"February 2003"' in en and '"Total"' in en
    rows = server.install.query(
        "SELECT action, detail FROM audit_log WHERE action = "
        "'stats.export' ORDER BY seq DESC LIMIT 1")
    assert rows and rows[0][1] == "2003-02-01..2003-02-28"


@pytest.mark.parametrize("who,status", [
    ("demo.coordinator", 200), ("demo.auditor", 200),
    ("demo.consultant", 403), ("demo.shelter", 403), ("demo.admin", 403)])
def test_who_may(clients, who, status):
    for path in ("/api/v1/statistics", "/api/v1/statistics/csv"):
        r = clients(who).get(path, params=PERIOD)
        assert r.status_code == status, (who, path, r.text)


@pytest.mark.parametrize("params,field", [
    ({"from": "2026-13-01"}, "from"),
    ({"from": "yesterday"}, "from"),
    ({"to": "2026-02-30"}, "to"),
    ({"from": "2026-05-01", "to": "2026-04-30"}, "to"),
    ({"from": "2000-01-01", "to": "2026-01-01"}, "to"),
    ({"channel": "pigeon"}, "channel"),
    ({"inquirer": "x" * 40}, "inquirer"),
    ({"urgency": "soon"}, "urgency"),
    ({"out_of_hours": "1"}, "out_of_hours"),
    ({"suppress": "yes"}, "suppress"),
])
def test_bad_queries(coord, params, field):
    assert_error(coord.get("/api/v1/statistics", params=params), 422,
                 "invalid", field)
    if field != "suppress":
        assert_error(coord.get("/api/v1/statistics/csv", params=params),
                     422, "invalid", field)


def test_default_period_is_this_year(coord):
    r = coord.get("/api/v1/statistics")
    assert r.status_code == 200, r.text
    q = r.json()["query"]
    assert q["from"] == today()[:4] + "-01-01"
    assert q["to"] == today()
