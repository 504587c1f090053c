"""
The anonymised case-level export (docs/API-statistics.md, "The anonymised
export"): `GET /api/v1/exports/anonymised` and `haven export anonymised`.

Only registered victims whose statistics consent is valid today are
exported; nothing identifies anyone (no pseudonym, reference, id or date
finer than a year); every published combination of quasi-identifiers
appears at least k times; with k larger than the data nothing is
exported; the CSV header is exactly the documented fields; the command
line and the API give the same records; the means of control come from
completed screenings, never from their sealed answers; every export is
audited.

The suite runs on an install of its own (a demo install): what is
exported is the demo's few consented victims plus what these tests make,
so the tests assert on what they made, by their distinctive countries.
"""
import csv
import io
import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import DEMO_PASSWORD, assert_error, run_haven

FIELDS = [
    "yearOfRegistration", "gender", "ageBroad", "majorityStatus",
    "citizenship", "CountryOfExploitation", "isForcedLabour",
    "isSexualExploit", "isOtherExploit", "isSexAndLabour",
    "isForcedMarriage", "isOrganRemoval", "isSlaveryAndPractices",
    "typeOfExploitConcatenated", "meansOfControlDebtBondage",
    "meansOfControlTakesEarnings", "meansOfControlRestrictsFinancialAccess",
    "meansOfControlThreats", "meansOfControlPsychologicalAbuse",
    "meansOfControlPhysicalAbuse", "meansOfControlSexualAbuse",
    "meansOfControlFalsePromises", "meansOfControlPsychoactiveSubstances",
    "meansOfControlRestrictsMovement", "meansOfControlRestrictsMedicalCare",
    "meansOfControlExcessiveWorkingHours", "meansOfControlUsesChildren",
    "meansOfControlThreatOfLawEnforcement",
    "meansOfControlWithholdsNecessities", "meansOfControlWithholdsDocuments",
    "meansOfControlOther", "meansOfControlNotSpecified",
]
QIS = FIELDS[:6]
TEXT_FIELDS = set(QIS) | {"typeOfExploitConcatenated"}
SUMMARY_KEYS = {"k", "max_suppress_percent", "consent_valid_on",
                "records_considered", "excluded_no_consent",
                "records_anonymised", "max_suppressed", "generalisation",
                "suppressed", "groups", "exported", "k_too_large"}
GENDERS = {"Female", "Male", "Transgender-NonConforming", "Unknown", "Any"}
AGES = {"0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38",
        "39--47", "48+", "Unknown", "Any"}
URL = "/api/v1/exports/anonymised"


def days(n):
    now = datetime.now(ZoneInfo("Europe/Warsaw")).date()
    return (now + timedelta(days=n)).isoformat()


@pytest.fixture(scope="module")
def demo(install_factory):
    inst = install_factory("export")
    inst.init("--demo")
    srv = inst.serve()
    yield inst, srv
    srv.assert_clean_exit()


class Api:
    """A logged-in session on the module's server."""

    def __init__(self, srv, user):
        self.srv = srv
        self.s, r = srv.login(user, DEMO_PASSWORD)
        assert r.status_code == 200, r.text
        self.user = r.json()["user"]

    def get(self, path, **kw):
        return self.s.get(self.srv.url(path), timeout=60, **kw)

    def post(self, path, body):
        return self.s.post(self.srv.url(path), json=body, timeout=60)

    def patch(self, path, body):
        return self.s.patch(self.srv.url(path), json=body, timeout=60)


@pytest.fixture(scope="module")
def con(demo):
    return Api(demo[1], "demo.consultant")


@pytest.fixture(scope="module")
def coord(demo):
    return Api(demo[1], "demo.coordinator")


def created(r):
    assert r.status_code in (200, 201), r.text
    return r.json()


def victim(con, citizenship, exploitation, sex="female", birth_year=1990,
           forms=("forced_labour",), consent=True, status="identified",
           **consent_body):
    """A person, a case registered with status, and (when consent) a
    statistics consent; returns (person, case, consent or None)."""
    p = created(con.post("/api/v1/persons", {
        "sex": sex, "birth_year": birth_year,
        "citizenship": citizenship}))["person"]
    cs = created(con.post("/api/v1/cases", {
        "person_id": p["id"], "forms": list(forms),
        "countries": {"origin": [citizenship], "transit": [],
                      "exploitation": [exploitation]}}))["case"]
    for st in ("provisional_identification", "identified"):
        if cs["status"] == status:
            break
        cs = created(con.post("/api/v1/cases/%d/status" % cs["id"], {
            "status": st, "version": cs["version"]}))["case"]
    k = None
    if consent:
        body = {"purpose": "statistics", "given_on": days(-3),
                "method": "written"}
        body.update(consent_body)
        k = created(con.post("/api/v1/persons/%d/consents" % p["id"],
                             body))["consent"]
    return p, cs, k


def export(c, **params):
    r = c.get(URL, params=params)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    doc = r.json()
    assert set(doc) == {"summary", "fields", "records"}
    assert doc["fields"] == FIELDS
    s = doc["summary"]
    assert set(s) == SUMMARY_KEYS, sorted(s)
    assert set(s["generalisation"]) == {"gender", "ageBroad", "citizenship",
                                        "yearOfRegistration",
                                        "CountryOfExploitation"}
    assert s["records_anonymised"] == \
        s["records_considered"] - s["excluded_no_consent"]
    assert len(doc["records"]) == s["exported"]
    for rec in doc["records"]:
        assert list(rec) == FIELDS
        for f in FIELDS:
            if f in TEXT_FIELDS:
                assert isinstance(rec[f], str), (f, rec)
            else:
                assert rec[f] in (0, 1), (f, rec)
    return doc


def export_csv(c, **params):
    r = c.get(URL, params=dict(params, format="csv"))
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in r.headers.get("Content-Disposition", "")
    return r.text


def cli(inst, *args):
    """The command's run (its text output with newlines translated:
    compare CSV with unix_lines())."""
    r = run_haven("export", "anonymised", *inst.args(), *args, cwd=inst.dir)
    assert r.returncode == 0, (r.returncode, r.stdout, r.stderr)
    assert "runtime error" not in r.stderr and "Sanitizer" not in r.stderr
    return r


def unix_lines(text):
    return text.replace("\r\n", "\n")


def assert_k_anonymous(records, k):
    combos = {}
    for rec in records:
        key = tuple(rec[q] for q in QIS)
        combos[key] = combos.get(key, 0) + 1
    for key, n in combos.items():
        assert n >= k, (key, n, k)


def assert_values_anonymous(rec):
    """Each field's value is one of the documented forms."""
    assert re.fullmatch(r"\d{4}|\d{4}-\d{4}|Any", rec["yearOfRegistration"])
    assert rec["gender"] in GENDERS
    assert rec["ageBroad"] in AGES
    assert rec["majorityStatus"] in ("Minor", "Adult", "Any")
    for f in ("citizenship", "CountryOfExploitation"):
        assert re.fullmatch(r"[A-Z]{2}|OtherEU|NonEU|Any|", rec[f]), rec[f]


# ---------------------------------------------------------------------------
# The people of this module, made once.

@pytest.fixture(scope="module")
def people(demo, con, coord):
    """Twelve consented victims from New Zealand exploited in Japan; the
    same number without a consent (Fiji, exploited in Iceland); one with
    an expired consent (Tonga), one withdrawn (Samoa), one with only a
    data-processing consent (Kiribati), one consented but not registered
    (Tuvalu, still in preliminary verification)."""
    before = export(coord, k=2)["summary"]
    made = {"consented": [], "refused": []}
    for i in range(12):
        made["consented"].append(victim(con, "NZ", "JP",
                                        forms=("forced_labour", "sexual")))
    for i in range(12):
        made["refused"].append(victim(con, "FJ", "IS", consent=False))
    victim(con, "TO", "IS", given_on=days(-30), expires_on=days(-2))
    p, _, k = victim(con, "WS", "IS", given_on=days(-30))
    created(coord.post("/api/v1/persons/%d/consents/%d/withdraw"
                       % (p["id"], k["id"]), {"withdrawn_on": days(-1)}))
    p, _, _ = victim(con, "KI", "IS", consent=False)
    created(con.post("/api/v1/persons/%d/consents" % p["id"], {
        "purpose": "data_processing", "given_on": days(-3),
        "method": "written"}))
    victim(con, "TV", "IS", status="preliminary_verification")
    made["before"] = before
    return made


UNSEEN = ("FJ", "IS", "TO", "WS", "KI", "TV")


def test_only_consented_victims_are_exported(demo, coord, people):
    before = people["before"]
    doc = export(coord, k=11, max_suppress=20)
    s = doc["summary"]
    # 12 + 12 + 3 registered victims made here; all but 12 left out.
    assert s["records_considered"] == before["records_considered"] + 27
    assert s["excluded_no_consent"] == before["excluded_no_consent"] + 15
    assert s["records_anonymised"] == before["records_anonymised"] + 12
    assert s["k"] == 11 and s["max_suppress_percent"] == 20
    assert s["consent_valid_on"] == days(0)
    assert s["k_too_large"] is False
    text = json.dumps(doc["records"])
    for iso in UNSEEN:
        assert '"%s"' % iso not in text, iso
    # The twelve form a group of their own at the finest level.
    assert s["generalisation"]["citizenship"]["level"] == 0
    mine = [r for r in doc["records"] if r["citizenship"] == "NZ"]
    assert len(mine) == 12
    for r in mine:
        assert r["CountryOfExploitation"] == "JP"
        assert r["gender"] == "Female" and r["majorityStatus"] == "Adult"
        assert r["isForcedLabour"] == r["isSexualExploit"] == 1
        assert r["isSexAndLabour"] == 1
        assert r["typeOfExploitConcatenated"] == \
            "Forced labour;Sexual exploitation"
        assert r["meansOfControlNotSpecified"] == 1
    csv_text = export_csv(coord, k=11, max_suppress=20)
    for iso in UNSEEN:
        assert ",%s," % iso not in csv_text, iso


def test_no_identifier_and_no_date_finer_than_a_year(demo, coord, people):
    inst, _ = demo
    doc = export(coord, k=2, max_suppress=50)
    text = json.dumps(doc)
    csv_text = export_csv(coord, k=2, max_suppress=50)
    for p, cs, k in people["consented"] + people["refused"]:
        for value in (p["pseudonym"], cs["reference"]):
            assert value not in text and value not in csv_text, value
    assert not re.search(r"\d{4}-\d\d-\d\d", json.dumps(doc["records"]))
    assert not re.search(r"\d{4}-\d\d-\d\d", csv_text)
    assert not re.search(r"\d{4}/\d+", csv_text)      # no reference
    for rec in doc["records"]:
        assert_values_anonymous(rec)
    # No field is an id: nothing but the documented ones.
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert rows[0] == FIELDS
    assert all(len(r) == len(FIELDS) for r in rows)


@pytest.mark.parametrize("k", [2, 3, 5, 11])
def test_every_group_has_k_records(coord, people, k):
    for pct in (0, 5, 50):
        doc = export(coord, k=k, max_suppress=pct)
        s = doc["summary"]
        assert_k_anonymous(doc["records"], k)
        assert s["exported"] + s["suppressed"] == s["records_anonymised"]
        assert s["suppressed"] <= s["max_suppressed"]
        assert s["max_suppressed"] == s["records_anonymised"] * pct // 100
        for rec in doc["records"]:
            assert_values_anonymous(rec)


def test_k_larger_than_the_data(demo, coord, people):
    inst, _ = demo
    doc = export(coord, k=1000)
    s = doc["summary"]
    assert s["k_too_large"] is True
    assert s["exported"] == 0 and doc["records"] == []
    assert s["suppressed"] == s["records_anonymised"]
    assert export_csv(coord, k=1000) == ",".join(FIELDS) + "\r\n"
    r = cli(inst, "--k", "1000")
    assert r.stdout == ",".join(FIELDS) + "\n"
    assert "k_too_large" in r.stderr and "nothing is exported" in r.stderr


def test_csv_header_is_the_documented_fields(demo, coord, people):
    inst, _ = demo
    text = export_csv(coord)
    assert text.split("\r\n")[0] == ",".join(FIELDS)
    assert not text.startswith("\ufeff")
    r = cli(inst)
    assert r.stdout.splitlines()[0] == ",".join(FIELDS)
    # The summary goes to stderr, never into the CSV.
    assert "records considered" in r.stderr
    assert "records considered" not in r.stdout


def test_cli_and_api_give_the_same_records(demo, coord, people):
    inst, _ = demo
    for k, pct in ((2, 5), (11, 20), (11, 0)):
        api = export(coord, k=k, max_suppress=pct)
        r = cli(inst, "--k", k, "--max-suppress", pct, "--format", "json")
        doc = json.loads(r.stdout)
        assert doc["records"] == api["records"]
        assert doc["summary"] == api["summary"]
        assert r.stderr == ""
        r = cli(inst, "--k", k, "--max-suppress", pct)
        assert r.stdout == unix_lines(export_csv(coord, k=k,
                                                 max_suppress=pct))


def test_k_defaults_to_the_setting(demo, coord, people):
    inst, _ = demo
    assert export(coord)["summary"]["k"] == 11
    assert export(coord)["summary"]["max_suppress_percent"] == 5
    inst.query("DELETE FROM setting WHERE name = 'export_k'")
    inst.query("INSERT INTO setting (name, value, updated_at) VALUES "
               "('export_k', '3', 0)")
    try:
        assert export(coord)["summary"]["k"] == 3
        doc = json.loads(cli(inst, "--format", "json").stdout)
        assert doc["summary"]["k"] == 3
    finally:
        inst.query("DELETE FROM setting WHERE name = 'export_k'")
    assert export(coord)["summary"]["k"] == 11


def test_out_file(demo, coord, people, tmp_path):
    inst, _ = demo
    out = tmp_path / "export.json"
    r = cli(inst, "--format", "json", "--out", str(out), "--k", "2")
    assert r.stdout == ""
    assert (out.stat().st_mode & 0o777) == 0o600
    assert json.loads(out.read_text())["records"] == \
        export(coord, k=2)["records"]


def test_audited(demo, coord, people):
    inst, _ = demo
    export_csv(coord, k=7)
    cli(inst, "--k", "9")
    rows = inst.query(
        "SELECT user_id, detail FROM audit_log WHERE action = "
        "'stats.export_anonymised' ORDER BY seq")
    rows = [(int(u), d) for u, d in rows]
    api = [d for u, d in rows if u == coord.user["id"]]
    assert any(d.startswith("k=7 format=csv exported=") for d in api), rows
    assert any(u == 0 and d.startswith("k=9 format=csv exported=")
               for u, d in rows), rows


def test_means_of_control_from_completed_screenings(demo, con, coord,
                                                    people):
    """Two victims from Mongolia whose completed screenings say debt
    bondage and confiscated documents: their records carry both flags.
    The column kept in clear holds the flags, not the answers."""
    inst, _ = demo
    cat = created(con.get("/api/v1/screening/catalogue"))
    ids = {i["id"] for i in cat["indicators"]}
    assert {"coer_dest_debt", "coer_dest_documents"} <= ids
    for _ in range(2):
        _, cs, _ = victim(con, "MN", "KZ")
        sc = created(con.post("/api/v1/cases/%d/screenings" % cs["id"],
                              {"list": "adult_labour"}))["screening"]
        sc = created(con.patch("/api/v1/screenings/%d" % sc["id"], {
            "answers": {"coer_dest_debt": "yes",
                        "coer_dest_documents": "yes",
                        "vul_dest_economic": "yes", "expl_pay": "no"},
            "version": sc["version"]}))["screening"]
        done = created(con.post("/api/v1/screenings/%d/complete"
                                % sc["id"], {
                                    "conclusion": sc["result"]["verdict"],
                                    "version": sc["version"]}))
        assert done["screening"]["status"] == "completed"
        rows = inst.query("SELECT means_of_control FROM screening WHERE "
                          "id = %d" % sc["id"])
        assert int(rows[0][0]) == (1 << 0) | (1 << 15), rows
    # A draft says nothing.
    _, cs, _ = victim(con, "MN", "KZ", consent=False)
    sc = created(con.post("/api/v1/cases/%d/screenings" % cs["id"],
                          {"list": "adult_labour"}))["screening"]
    rows = inst.query("SELECT COALESCE(means_of_control, -1) FROM screening "
                      "WHERE id = %d" % sc["id"])
    assert int(rows[0][0]) == -1
    doc = export(coord, k=2, max_suppress=50)
    assert doc["summary"]["generalisation"]["citizenship"]["level"] == 0
    mn = [r for r in doc["records"] if r["citizenship"] == "MN"]
    assert len(mn) == 2
    for r in mn:
        assert r["meansOfControlDebtBondage"] == 1
        assert r["meansOfControlWithholdsDocuments"] == 1
        assert r["meansOfControlThreats"] == 0
        assert r["meansOfControlNotSpecified"] == 0


def test_roles(demo, con, coord, people):
    _, srv = demo
    assert_error(con.get(URL), 403)
    auditor = Api(srv, "demo.auditor")
    assert export(auditor, k=2)["summary"]["k"] == 2
    import requests
    r = requests.get(srv.url(URL), timeout=30)
    assert r.status_code == 401


@pytest.mark.parametrize("params, field", [
    ({"k": "1"}, "k"),
    ({"k": "1001"}, "k"),
    ({"k": "abc"}, "k"),
    ({"k": "-5"}, "k"),
    ({"k": ""}, "k"),
    ({"max_suppress": "101"}, "max_suppress"),
    ({"max_suppress": "5.5"}, "max_suppress"),
    ({"format": "xml"}, "format"),
])
def test_bad_parameters(coord, params, field):
    assert_error(coord.get(URL, params=params), 422, "invalid", field)


@pytest.mark.parametrize("args", [
    ("--k", "1"), ("--k", "x"), ("--max-suppress", "200"),
    ("--format", "xlsx"),
])
def test_cli_bad_options(demo, args):
    inst, _ = demo
    r = run_haven("export", "anonymised", *inst.args(), *args, cwd=inst.dir)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("haven: ")
    r = run_haven("export", "nonsense", cwd=inst.dir)
    assert r.returncode == 2
