"""
The directory of organisations (docs/API-network.md): adding, reading,
correcting with optimistic locking, deactivating, the searches by kind,
country, region, language and text (case and diacritics folded), the
checks of every field, who may read and who may edit, the audit of
changes, and the demo directory.

The demo install is shared with the other suites: every search here
narrows itself by a word this test made, and never counts a whole table.
"""
import random
import re
import string

import pytest

from conftest import assert_error

ISO_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")
ORG_KEYS = {"id", "name", "kind", "country", "region", "city", "address",
            "phone", "email", "website", "contact_person", "languages",
            "hours", "notes", "active", "version", "created_by",
            "created_at", "updated_at"}
KINDS = ["police", "police_coordinator", "border_guard", "prosecutor",
         "court", "consulate_polish_abroad", "consulate_foreign", "voivode",
         "office_for_foreigners", "social_welfare", "crisis_intervention",
         "health", "legal_aid", "labour_inspection", "ngo",
         "international_org", "other"]
VOIVODESHIPS = ["PL-DS", "PL-KP", "PL-LU", "PL-LB", "PL-LD", "PL-MA",
                "PL-MZ", "PL-OP", "PL-PK", "PL-PD", "PL-PM", "PL-SL",
                "PL-SK", "PL-WN", "PL-WP", "PL-ZP"]


def word(n=10):
    return "".join(random.choice(string.ascii_lowercase) for _ in range(n))


def audit(server, where):
    rows = server.install.query(
        "SELECT action, result, detail, user_id, object_id FROM audit_log "
        "WHERE " + where + " ORDER BY seq")
    return [tuple(None if v is None or v == "" else str(v) for v in row)
            for row in rows]


def new_org(c, **body):
    b = {"name": "Przykładowy Ośrodek " + word(), "kind": "ngo",
         "country": "PL", "region": "PL-LD", "city": "Łódź",
         "languages": ["pl", "uk"]}
    b.update(body)
    r = c.post("/api/v1/organisations", json=b)
    assert r.status_code == 201, r.text
    assert set(r.json()) == {"organisation"}
    o = r.json()["organisation"]
    assert set(o) == ORG_KEYS, sorted(o)
    return o


def search(c, **params):
    r = c.get("/api/v1/organisations", params=params)
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"organisations", "total"}
    return r.json()


def test_enums(con):
    body = con.get("/api/v1/enums").json()
    assert [v["code"] for v in body["organisation_kind"]] == KINDS
    assert [v["code"] for v in body["voivodeship"]] == VOIVODESHIPS
    for name in ("organisation_kind", "voivodeship", "consent_purpose",
                 "consent_method", "referral_purpose", "referral_status",
                 "data_category"):
        for v in body[name]:
            assert set(v) == {"code", "pl", "en"}, v
            assert v["pl"].strip() and v["en"].strip(), v


def test_create_and_get(con):
    tag = word()
    o = new_org(con, name="Przykładowa Komenda Policji " + tag,
                kind="police_coordinator", region="PL-MZ", city="Warszawa",
                address="ul. Przykładowa 1\n00-001 Warszawa",
                phone="+48 22 555 00 00 wew. 12",
                email="koordynator@example.org",
                website="https://example.org/policja",
                contact_person="kom. Jan Przykładowy",
                languages=["pl", "en", "rom"], hours="pn.–pt. 8–16",
                notes="Dyżur także w weekendy.")
    assert o["name"].endswith(tag)
    assert o["kind"] == "police_coordinator" and o["country"] == "PL"
    assert o["region"] == "PL-MZ" and o["languages"] == ["pl", "en", "rom"]
    assert o["address"] == "ul. Przykładowa 1\n00-001 Warszawa"
    assert o["active"] is True and o["version"] == 1
    assert o["created_by"] == {"id": con.user["id"],
                               "username": con.user["username"]}
    assert ISO_RE.fullmatch(o["created_at"]), o
    r = con.get("/api/v1/organisations/%d" % o["id"])
    assert r.status_code == 200, r.text
    assert r.json() == {"organisation": o}
    # optional members absent are null; languages an empty list
    m = new_org(con, region=None, city=None, languages=[])
    for k in ("region", "city", "address", "phone", "email", "website",
              "contact_person", "hours", "notes"):
        assert m[k] is None, (k, m)
    assert m["languages"] == []
    assert_error(con.get("/api/v1/organisations/99999999"), 404)


def test_abroad_free_region(con):
    o = new_org(con, name="Przykładowy Konsulat RP " + word(),
                kind="consulate_polish_abroad", country="NL",
                region="Noord-Holland", city="Amsterdam")
    assert o["region"] == "Noord-Holland"


@pytest.mark.parametrize("field,value", [
    ("name", ""), ("name", "x" * 201), ("name", 5),
    ("kind", "embassy"), ("kind", None),
    ("country", "pl"), ("country", "POL"), ("country", "P1"),
    ("region", "mazowieckie"), ("region", "PL-XX"),
    ("languages", ["PL"]), ("languages", ["polish"]), ("languages", "pl"),
    ("languages", ["pl", "pl"]), ("languages", ["x"] * 21),
    ("email", "nobody"), ("website", "example.org"),
    ("website", "javascript:alert(1)"), ("website", "https://a b"),
    ("notes", "x" * 2001), ("hours", "x" * 301), ("active", "yes"),
    ("phone", "1\n2"), ("unknown", 1),
])
def test_create_refuses(con, field, value):
    b = {"name": "Przykładowa " + word(), "kind": "ngo", "country": "PL",
         "region": "PL-MZ"}
    b[field] = value
    r = con.post("/api/v1/organisations", json=b)
    err = assert_error(r, 422, "invalid")
    assert err["field"] == field or err["field"].startswith(field), err


@pytest.mark.parametrize("missing", ["name", "kind", "country"])
def test_create_requires(con, missing):
    b = {"name": "Przykładowa " + word(), "kind": "ngo", "country": "PL"}
    del b[missing]
    assert_error(con.post("/api/v1/organisations", json=b), 422, "invalid",
                 missing)


def test_search(con):
    tag = word(12)
    a = new_org(con, name="Przykładowy Ośrodek Interwencji Kryzysowej " + tag,
                kind="crisis_intervention", region="PL-LD", city="Łódź",
                languages=["pl", "en"])
    b = new_org(con, name="Przykładowa Fundacja Pomocy Prawnej " + tag,
                kind="legal_aid", region="PL-DS", city="Wrocław",
                languages=["pl", "uk", "ru"])
    c = new_org(con, name="Przykładowa Organizacja ds. Migracji " + tag,
                kind="international_org", country="MD", region="Chișinău",
                city="Chișinău", languages=["ro", "ru"])
    ids = lambda res: [o["id"] for o in res["organisations"]]
    res = search(con, q=tag)
    assert sorted(ids(res)) == sorted([a["id"], b["id"], c["id"]])
    assert res["total"] == 3
    # text: case and diacritics folded, name and city, any word order kept
    assert ids(search(con, q=tag.upper() + " ")) == ids(res)
    assert ids(search(con, q="interwencji kryzysowej " + tag)) == [a["id"]]
    assert ids(search(con, q="OŚRODEK INTERWENCJI")) != []
    assert a["id"] in ids(search(con, q="osrodek interwencji", limit=100))
    assert ids(search(con, q="lodz", kind="crisis_intervention",
                      region="PL-LD", limit=100)).count(a["id"]) == 1
    assert c["id"] in ids(search(con, q="chisinau", limit=100))
    assert ids(search(con, q="a")) == []       # no word: nothing, not all
    # filters, each narrowed by the tag
    assert ids(search(con, q=tag, kind="legal_aid")) == [b["id"]]
    assert ids(search(con, q=tag, country="MD")) == [c["id"]]
    assert ids(search(con, q=tag, region="PL-DS")) == [b["id"]]
    assert sorted(ids(search(con, q=tag, language="ru"))) == \
        sorted([b["id"], c["id"]])
    assert ids(search(con, q=tag, language="en")) == [a["id"]]
    # paging with a total
    p1 = search(con, q=tag, limit=2)
    p2 = search(con, q=tag, limit=2, offset=2)
    assert p1["total"] == p2["total"] == 3
    assert len(p1["organisations"]) == 2 and len(p2["organisations"]) == 1
    assert set(ids(p1)) | set(ids(p2)) == set(ids(res))


@pytest.mark.parametrize("param,value", [
    ("kind", "embassy"), ("country", "pl"), ("language", "PL"),
    ("language", "r"), ("active", "yes"), ("limit", "0"), ("limit", "101"),
    ("offset", "-1"), ("q", "x" * 101),
])
def test_search_refuses(con, param, value):
    r = con.get("/api/v1/organisations", params={param: value})
    assert_error(r, 422, "invalid", param)


def test_update_and_deactivate(con, coord, server):
    o = new_org(con)
    tag = word(12)
    r = con.patch("/api/v1/organisations/%d" % o["id"],
                  json={"version": o["version"], "city": "Kraków " + tag,
                        "region": "PL-MA", "phone": "+48 12 555 00 00"})
    assert r.status_code == 200, r.text
    u = r.json()["organisation"]
    assert u["version"] == o["version"] + 1
    assert u["city"] == "Kraków " + tag and u["region"] == "PL-MA"
    assert u["name"] == o["name"] and u["languages"] == o["languages"]
    # the search key follows the change
    assert [x["id"] for x in search(con, q="krakow " + tag)["organisations"]] \
        == [o["id"]]
    # a stale version
    r = con.patch("/api/v1/organisations/%d" % o["id"],
                  json={"version": o["version"], "city": "Gdańsk"})
    assert_error(r, 409, "conflict", "version")
    # a merged change is checked whole: PL needs a voivodeship code
    r = con.patch("/api/v1/organisations/%d" % o["id"],
                  json={"version": u["version"], "region": "Małopolska"})
    assert_error(r, 422, "invalid", "region")
    # clearing a member
    r = con.patch("/api/v1/organisations/%d" % o["id"],
                  json={"version": u["version"], "phone": None})
    assert r.status_code == 200 and r.json()["organisation"]["phone"] is None
    u = r.json()["organisation"]
    # deactivated, not deleted: out of the default search, still readable
    r = coord.patch("/api/v1/organisations/%d" % o["id"],
                    json={"version": u["version"], "active": False})
    assert r.status_code == 200, r.text
    assert r.json()["organisation"]["active"] is False
    assert search(con, q="krakow " + tag)["organisations"] == []
    assert [x["id"] for x in search(con, q="krakow " + tag, active="false")
            ["organisations"]] == [o["id"]]
    assert [x["id"] for x in search(con, q="krakow " + tag, active="all")
            ["organisations"]] == [o["id"]]
    assert con.get("/api/v1/organisations/%d" % o["id"]).status_code == 200
    rows = audit(server, "object_type = 'organisation' AND object_id = %d"
                 % o["id"])
    assert [r[0] for r in rows] == ["organisation.create"] + \
        ["organisation.update"] * 3, rows
    assert rows[-1][2] == "deactivated"
    assert_error(con.patch("/api/v1/organisations/99999999",
                           json={"version": 1}), 404)
    assert_error(con.patch("/api/v1/organisations/%d" % o["id"], json={}),
                 422, "invalid", "version")


def test_roles(clients, con):
    o = new_org(con)
    shelter = clients("demo.shelter")
    # shelter staff read the directory, do not edit it
    assert shelter.get("/api/v1/organisations/%d" % o["id"]).status_code \
        == 200
    assert shelter.get("/api/v1/organisations").status_code == 200
    assert_error(shelter.post("/api/v1/organisations",
                              json={"name": "x", "kind": "ngo",
                                    "country": "PL"}), 403)
    assert_error(shelter.patch("/api/v1/organisations/%d" % o["id"],
                               json={"version": 1}), 403)
    for name in ("demo.admin", "demo.auditor"):
        c = clients(name)
        assert_error(c.get("/api/v1/organisations"), 403)
        assert_error(c.get("/api/v1/organisations/%d" % o["id"]), 403)


def test_demo_directory(con):
    res = search(con, q="przykladowy konsulat generalny ukrainy")
    assert res["total"] >= 1
    o = res["organisations"][0]
    assert o["kind"] == "consulate_foreign" and "uk" in o["languages"]
    kinds = {x["kind"] for x in search(con, q="przykladow", limit=100)
             ["organisations"]}
    assert {"police_coordinator", "border_guard", "crisis_intervention",
            "international_org", "consulate_foreign"} <= kinds
    assert search(con, q="zakonczylo dzialalnosc", active="false")["total"] \
        >= 1
