"""
A key rotation reaches every sealed value of persons and case files, and
re-makes what the blind key made from them: the identity indexes (a known
person is still found by phone and by name) and the note-search tokens (a
word of a note is still found).  Its own demo install: the rotation needs
the server stopped.
"""
import pytest

from conftest import BACKEND, run_haven

# Every sealed column of issue 5 (src/app/sealed.c lists them).
SEALED = [("person", "identity"), ("person", "safe_contact"),
          ("person_bidx", "value"), ("pathway_item", "notes"),
          ("legal_item", "doc"), ("case_event", "text"), ("task", "title"),
          ("screening", "answers"), ("screening", "notes"),
          ("screening", "reason"), ("risk_assessment", "own_view")]


def key_ids(inst, table, column):
    if BACKEND == "sqlite":
        sql = ("SELECT DISTINCT hex(substr(%s, 2, 4)) FROM %s WHERE %s IS "
               "NOT NULL" % (column, table, column))
    else:
        sql = ("SELECT DISTINCT upper(encode(substring(%s from 2 for 4), "
               "'hex')) FROM %s WHERE %s IS NOT NULL" % (column, table,
                                                        column))
    return {row[0] for row in inst.query(sql)}


@pytest.fixture(scope="module")
def demo(install_factory):
    inst = install_factory("rotation")
    inst.init("--demo")
    srv = inst.serve()
    yield inst, srv
    srv.assert_clean_exit()


def consultant(srv):
    s, r = srv.login("demo.consultant", "haven-demo-only")
    assert r.status_code == 200, r.text
    return s


def test_rotation_reaches_case_data(demo):
    inst, srv = demo
    s = consultant(srv)
    base = srv.url("")
    # A note with a word of its own, on a demo case.
    case = s.get(base + "/api/v1/cases?limit=1&order=asc").json()["cases"][0]
    r = s.post(base + "/api/v1/cases/%d/notes" % case["id"],
               json={"text": "Spotkanie przy Żurawinowej ulicy"})
    assert r.status_code == 201, r.text
    # A screening with notes and a disagreeing conclusion, and a risk
    # assessment with the person's own words: sealed values of issue 6.
    cat = s.get(base + "/api/v1/screening/catalogue").json()
    first = [i["id"] for i in cat["indicators"]
             if "adult_labour" in i["grades"]][0]
    sc = s.post(base + "/api/v1/cases/%d/screenings" % case["id"],
                json={"list": "adult_labour"}).json()["screening"]
    sc = s.patch(base + "/api/v1/screenings/%d" % sc["id"],
                 json={"answers": {first: "yes"}, "notes": "Rozmowa 1",
                       "version": sc["version"]}).json()["screening"]
    r = s.post(base + "/api/v1/screenings/%d/complete" % sc["id"],
               json={"conclusion": "possible", "reason": "Boi się mówić",
                     "version": sc["version"]})
    assert r.status_code == 200, r.text
    r = s.post(base + "/api/v1/cases/%d/risk" % case["id"],
               json={"immediate_danger": "no", "family_danger": "no",
                     "perpetrators_contact": "no", "captivity": "no",
                     "medical_emergency": "no", "minor": "no",
                     "no_documents": "no", "own_view": "Czuje się bezpiecznie",
                     "severity": 1, "likelihood": 1})
    assert r.status_code == 201, r.text
    for table, column in SEALED:
        assert key_ids(inst, table, column) == {"01000000"}, (table, column)

    srv.stop()
    r = run_haven("key", "rotate", *inst.args(), cwd=inst.dir)
    assert r.returncode == 0, r.stderr
    for table, column in SEALED:
        assert key_ids(inst, table, column) == {"02000000"}, (table, column)
    srv.start()

    base = srv.url("")      # a new port
    s = consultant(srv)
    # The person opens, and the identity indexes were made anew.
    person = s.get(base + "/api/v1/persons/%d" % case["person"]["id"])
    assert person.status_code == 200, person.text
    ident = person.json()["person"]["identity"]
    r = s.post(base + "/api/v1/persons/search",
               json={"phone": ident["phones"][0]})
    assert [p["id"] for p in r.json()["persons"]] == [case["person"]["id"]]
    r = s.post(base + "/api/v1/persons/search",
               json={"first_name": ident["first_name"],
                     "last_name": ident["last_name"],
                     "date_of_birth": ident["date_of_birth"]})
    assert [p["id"] for p in r.json()["persons"]] == [case["person"]["id"]]
    # The call screen still recognises the number.
    r = s.post(base + "/api/v1/contacts/lookup",
               json={"number": ident["phones"][0]})
    assert r.json()["person"]["id"] == case["person"]["id"]
    # The note's words are found again (tokens re-made with the new key).
    r = s.post(base + "/api/v1/cases/search", json={"text": "zurawinowej"})
    assert r.status_code == 200, r.text
    assert [c["id"] for c in r.json()["cases"]] == [case["id"]]
    # And the time line, pathway and legal track open.
    r = s.get(base + "/api/v1/cases/%d/timeline" % case["id"])
    assert r.status_code == 200, r.text
    assert any(e["text"] == "Spotkanie przy Żurawinowej ulicy"
               for e in r.json()["events"])
    r = s.get(base + "/api/v1/cases/%d" % case["id"])
    assert r.status_code == 200, r.text
    got = s.get(base + "/api/v1/screenings/%d" % sc["id"]).json()["screening"]
    assert got["answers"] == {first: "yes"} and got["notes"] == "Rozmowa 1"
    assert got["reason"] == "Boi się mówić"
    r = s.get(base + "/api/v1/cases/%d/risk" % case["id"])
    assert r.json()["assessments"][0]["own_view"] == "Czuje się bezpiecznie"
