#!/usr/bin/env python3
"""Check data/indicators.json (ILO/EC 2009 indicator catalogue).

Rules: docs/API-screening.md ("The indicator catalogue") and the labour
tables of the domain reference (section 1.3). Standard library only.
Usage: python3 data/check_indicators.py [path]   (exit 0 = OK)
"""
import json
import os
import re
import sys
from collections import Counter

LISTS = ["adult_labour", "adult_sexual", "child_labour", "child_sexual"]
GRADES = {"strong", "medium", "weak"}
DIMENSIONS = [
    ("deceptive_recruitment", "recruitment", "dec_"),
    ("coercive_recruitment", "recruitment", "coer_rec_"),
    ("recruitment_vulnerability", "recruitment", "vul_rec_"),
    ("exploitation", "exploitation", "expl_"),
    ("coercion_destination", "destination", "coer_dest_"),
    ("vulnerability_destination", "destination", "vul_dest_"),
]
ID_RE = re.compile(r"^[a-z0-9_]{3,48}$")
S, M, W = "strong", "medium", "weak"

# Labour tables of the reference: id -> (dimension, adult, child or None, ⚠).
LABOUR = {
    # D1 deceptive recruitment
    "dec_job_nature": ("deceptive_recruitment", S, S, False),
    "dec_wages": ("deceptive_recruitment", M, M, False),
    "dec_work_conditions": ("deceptive_recruitment", M, M, False),
    "dec_contract": ("deceptive_recruitment", M, M, False),
    "dec_housing": ("deceptive_recruitment", M, M, False),
    "dec_legal_status": ("deceptive_recruitment", M, M, False),
    "dec_travel": ("deceptive_recruitment", M, M, False),
    "dec_family_reunification": ("deceptive_recruitment", M, M, False),
    "dec_marriage_adoption": ("deceptive_recruitment", M, M, False),
    "dec_education": ("deceptive_recruitment", W, S, False),
    # D2 coercive recruitment
    "coer_rec_violence": ("coercive_recruitment", S, S, False),
    "coer_rec_threats": ("coercive_recruitment", M, S, False),
    "coer_rec_abduction": ("coercive_recruitment", M, S, False),
    "coer_rec_debt": ("coercive_recruitment", M, S, False),
    "coer_rec_documents": ("coercive_recruitment", M, M, False),
    "coer_rec_isolation": ("coercive_recruitment", M, M, False),
    "coer_rec_denunciation": ("coercive_recruitment", M, M, False),
    "coer_rec_expose": ("coercive_recruitment", M, M, False),
    "coer_rec_family_violence": ("coercive_recruitment", M, M, False),
    "coer_rec_money": ("coercive_recruitment", M, M, False),
    # D3 recruitment by abuse of vulnerability
    "vul_rec_family_difficulty": ("recruitment_vulnerability", M, M, False),
    "vul_rec_irregular_status": ("recruitment_vulnerability", M, M, False),
    "vul_rec_language": ("recruitment_vulnerability", M, M, False),
    "vul_rec_information": ("recruitment_vulnerability", M, M, False),
    "vul_rec_control": ("recruitment_vulnerability", M, M, False),
    "vul_rec_economic": ("recruitment_vulnerability", M, M, False),
    "vul_rec_migration_myths": ("recruitment_vulnerability", M, M, False),
    "vul_rec_law_misinfo": ("recruitment_vulnerability", M, None, False),
    "vul_rec_family": ("recruitment_vulnerability", M, M, False),
    "vul_rec_personal": ("recruitment_vulnerability", M, M, False),
    "vul_rec_emotional_dependency": ("recruitment_vulnerability", M, M, False),
    "vul_rec_authorities": ("recruitment_vulnerability", M, M, False),
    "vul_rec_past_difficulties": ("recruitment_vulnerability", M, M, True),
    "vul_rec_travel_difficulty": ("recruitment_vulnerability", M, M, True),
    "vul_rec_beliefs": ("recruitment_vulnerability", W, M, False),
    "vul_rec_context": ("recruitment_vulnerability", W, M, False),
    # D4 exploitative conditions
    "expl_hours": ("exploitation", S, S, False),
    "expl_pay": ("exploitation", M, M, False),
    "expl_wage_manipulation": ("exploitation", M, M, False),
    "expl_living": ("exploitation", M, M, False),
    "expl_work_conditions": ("exploitation", M, M, False),
    "expl_hazardous": ("exploitation", M, M, False),
    "expl_labour_law": ("exploitation", M, M, False),
    "expl_social_protection": ("exploitation", M, None, False),
    "expl_education": ("exploitation", W, M, False),
    # D5 coercion at destination
    "coer_dest_documents": ("coercion_destination", S, S, False),
    "coer_dest_debt": ("coercion_destination", S, S, False),
    "coer_dest_isolation": ("coercion_destination", S, S, False),
    "coer_dest_violence": ("coercion_destination", S, S, False),
    "coer_dest_threats": ("coercion_destination", M, S, False),
    "coer_dest_illicit": ("coercion_destination", M, S, False),
    "coer_dest_forced_tasks": ("coercion_destination", M, S, False),
    "coer_dest_influence": ("coercion_destination", M, S, False),
    "coer_dest_against_peers": ("coercion_destination", M, M, False),
    "coer_dest_lie": ("coercion_destination", M, M, False),
    "coer_dest_denunciation": ("coercion_destination", M, M, False),
    "coer_dest_worse_conditions": ("coercion_destination", M, M, False),
    "coer_dest_family_violence": ("coercion_destination", M, M, False),
    "coer_dest_wages": ("coercion_destination", M, M, False),
    "coer_dest_expose": ("coercion_destination", W, M, False),
    # D6 abuse of vulnerability at destination
    "vul_dest_dependency": ("vulnerability_destination", M, M, False),
    "vul_dest_unknown_area": ("vulnerability_destination", M, M, False),
    "vul_dest_economic": ("vulnerability_destination", M, M, False),
    "vul_dest_family": ("vulnerability_destination", M, M, False),
    "vul_dest_authorities": ("vulnerability_destination", M, M, False),
    "vul_dest_past_difficulties": ("vulnerability_destination", W, M, False),
    "vul_dest_personal": ("vulnerability_destination", W, M, False),
}
# Indicators on the sexual lists only: id -> (dimension, adult_sexual, child_sexual).
SEXUAL_ONLY = {
    "dec_prostitution_conditions": ("deceptive_recruitment", M, M),
}
# Differences from the labour lists reported by the reference (section 1.4).
SEXUAL_OVERRIDES = {
    ("coer_dest_forced_tasks", "adult_sexual"): S,
    ("coer_dest_forced_tasks", "child_sexual"): S,
    ("expl_hazardous", "child_sexual"): S,
    ("expl_hours", "adult_sexual"): M,  # adult_sexual exploitation: no strong
}
# Reference totals (section 1.3). The sexual totals follow from the rules:
# every labour indicator plus "Deceived about conditions of prostitution";
# the two indicators absent from child_labour have no child grade to copy,
# so they are absent from child_sexual too.
EXPECTED_COUNTS = {"adult_labour": 67, "child_labour": 65,
                   "adult_sexual": 68, "child_sexual": 66}
POLISH_LETTERS = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
FORBIDDEN_IN_QUESTIONS = {  # jargon / labelling words a consultant must not use
    "en": ["traffick", "victim", "exploit"],
    "pl": ["handel", "handl", "ofiar", "wyzysk"],
}

errors = []


def fail(where, msg):
    errors.append("%s: %s" % (where, msg))


def text(where, v):
    if not isinstance(v, str) or not v.strip():
        fail(where, "must be a non-empty string")
        return False
    if v != v.strip():
        fail(where, "leading/trailing whitespace")
    return True


def pair(where, v):
    if not isinstance(v, dict) or set(v) != {"pl", "en"}:
        fail(where, "must be an object with exactly pl and en")
        return
    for k in ("pl", "en"):
        text("%s.%s" % (where, k), v[k])


def expected_grades(iid):
    if iid in SEXUAL_ONLY:
        _, a, c = SEXUAL_ONLY[iid]
        return {"adult_sexual": a, "child_sexual": c}
    _, a, c, _ = LABOUR[iid]
    g = {"adult_labour": a, "adult_sexual": a}
    if c is not None:
        g["child_labour"] = c
        g["child_sexual"] = c
    for (oid, lst), grade in SEXUAL_OVERRIDES.items():
        if oid == iid and lst in g:
            g[lst] = grade
    return g


def expected_unverified(iid, grades):
    u = {l for l in ("adult_sexual", "child_sexual") if l in grades}
    if iid in LABOUR and LABOUR[iid][3]:
        u |= {"adult_labour", "child_labour"}
    return u


def check(cat):
    top = {"catalogue", "version", "title", "source", "lists", "dimensions",
           "act", "indicators"}
    if not isinstance(cat, dict):
        fail("$", "must be an object")
        return
    if set(cat) != top:
        fail("$", "keys %s, expected %s" % (sorted(cat), sorted(top)))
    if cat.get("catalogue") != "ilo-ec-2009":
        fail("catalogue", "must be 'ilo-ec-2009'")
    v = cat.get("version")
    if not (isinstance(v, int) and not isinstance(v, bool) and v == 1):
        fail("version", "must be the integer 1")
    pair("title", cat.get("title"))
    src = cat.get("source")
    if text("source", src):
        if "WCMS_105023" not in src:
            fail("source", "must cite WCMS_105023")
        if "not verified" not in src.lower():
            fail("source", "must say the sexual-exploitation grades are not verified")
        if "\n" in src:
            fail("source", "must be one line")
    if cat.get("lists") != LISTS:
        fail("lists", "must be %s" % LISTS)
    dims = cat.get("dimensions")
    if not isinstance(dims, list) or len(dims) != 6:
        fail("dimensions", "must be a list of 6")
    else:
        for i, (d, (code, group, _)) in enumerate(zip(dims, DIMENSIONS)):
            w = "dimensions[%d]" % i
            if not isinstance(d, dict) or set(d) != {"code", "group", "pl", "en"}:
                fail(w, "keys must be code, group, pl, en")
                continue
            if d["code"] != code:
                fail(w + ".code", "%r, expected %r" % (d["code"], code))
            if d["group"] != group:
                fail(w + ".group", "%r, expected %r" % (d["group"], group))
            text(w + ".pl", d["pl"])
            text(w + ".en", d["en"])
    pair("act", cat.get("act"))
    act = cat.get("act")
    if isinstance(act, dict):
        for k in ("pl", "en"):
            if isinstance(act.get(k), str) and not act[k].rstrip().endswith("?"):
                fail("act." + k, "must be a yes/no question")

    inds = cat.get("indicators")
    if not isinstance(inds, list) or not inds:
        fail("indicators", "must be a non-empty list")
        return
    prefix = {c: p for c, _, p in DIMENSIONS}
    seen = set()
    questions = {"pl": Counter(), "en": Counter()}
    for i, ind in enumerate(inds):
        w = "indicators[%d]" % i
        keys = {"id", "dimension", "label", "question", "grades", "unverified"}
        if not isinstance(ind, dict) or set(ind) != keys:
            fail(w, "keys must be %s" % sorted(keys))
            continue
        iid = ind["id"]
        if not isinstance(iid, str) or not ID_RE.match(iid):
            fail(w + ".id", "bad id %r" % (iid,))
            continue
        w = "indicators[%d](%s)" % (i, iid)
        if iid in seen:
            fail(w + ".id", "duplicate")
        seen.add(iid)
        dim = ind["dimension"]
        if dim not in prefix:
            fail(w + ".dimension", "unknown %r" % (dim,))
        elif not iid.startswith(prefix[dim]):
            fail(w + ".id", "must start with %r" % prefix[dim])
        if iid in LABOUR:
            ref_dim = LABOUR[iid][0]
        elif iid in SEXUAL_ONLY:
            ref_dim = SEXUAL_ONLY[iid][0]
        else:
            fail(w + ".id", "not an indicator of the reference")
            ref_dim = None
        if ref_dim is not None and dim != ref_dim:
            fail(w + ".dimension", "%r, expected %r" % (dim, ref_dim))
        pair(w + ".label", ind["label"])
        pair(w + ".question", ind["question"])
        q = ind["question"]
        if isinstance(q, dict) and all(isinstance(q.get(k), str) for k in ("pl", "en")):
            prompt_en = q["en"].startswith("Consultant:")
            prompt_pl = q["pl"].startswith("Konsultant:")
            if prompt_en != prompt_pl:
                fail(w + ".question", "observation prompt in one language only")
            if not prompt_en and not q["en"].rstrip().endswith(("?", ".")):
                fail(w + ".question.en", "must be a question")
            for lang, words in FORBIDDEN_IN_QUESTIONS.items():
                if prompt_en:  # notes for the consultant, not read out
                    break
                low = q[lang].lower()
                for word in words:
                    if word in low:
                        fail(w + ".question." + lang, "uses the word %r" % word)
                questions[lang][q[lang]] += 1
        g = ind["grades"]
        if not isinstance(g, dict) or not g:
            fail(w + ".grades", "must be a non-empty object")
            continue
        for lst, grade in g.items():
            if lst not in LISTS:
                fail(w + ".grades", "unknown list %r" % lst)
            if grade not in GRADES:
                fail(w + ".grades." + lst, "bad grade %r" % (grade,))
        if iid in LABOUR or iid in SEXUAL_ONLY:
            exp = expected_grades(iid)
            if g != exp:
                fail(w + ".grades", "%s, expected %s" % (g, exp))
        u = ind["unverified"]
        if not isinstance(u, list) or len(set(u)) != len(u) or \
                not all(isinstance(x, str) for x in u):
            fail(w + ".unverified", "must be a list of distinct list names")
            continue
        if not set(u) <= set(g):
            fail(w + ".unverified", "names lists the indicator is not on: %s"
                 % sorted(set(u) - set(g)))
        if iid in LABOUR or iid in SEXUAL_ONLY:
            exp_u = expected_unverified(iid, g)
            if set(u) != exp_u:
                fail(w + ".unverified", "%s, expected %s" % (sorted(u), sorted(exp_u)))

    missing = set(LABOUR) | set(SEXUAL_ONLY)
    missing -= seen
    if missing:
        fail("indicators", "missing %s" % sorted(missing))
    for lang, cnt in questions.items():
        for qtext, n in cnt.items():
            if n > 1:
                fail("indicators.question." + lang, "repeated text: %r" % qtext)

    # Polish texts must carry diacritics (not stripped to ASCII).
    pl_texts = [cat.get("title", {}).get("pl", ""), cat.get("act", {}).get("pl", "")]
    pl_texts += [d.get("pl", "") for d in dims if isinstance(d, dict)] if isinstance(dims, list) else []
    for ind in inds:
        if isinstance(ind, dict):
            for k in ("label", "question"):
                if isinstance(ind.get(k), dict):
                    pl_texts.append(ind[k].get("pl", ""))
    with_diacritics = sum(1 for t in pl_texts if isinstance(t, str) and set(t) & POLISH_LETTERS)
    if with_diacritics < len(pl_texts) * 0.6:
        fail("pl", "only %d of %d Polish texts contain Polish letters"
             % (with_diacritics, len(pl_texts)))

    # Counts per list and dimension.
    table = {l: Counter() for l in LISTS}
    grade_table = {l: {c: Counter() for c, _, _ in DIMENSIONS} for l in LISTS}
    for ind in inds:
        if not isinstance(ind, dict) or not isinstance(ind.get("grades"), dict):
            continue
        for lst, grade in ind["grades"].items():
            if lst in table:
                table[lst][ind.get("dimension")] += 1
                if ind.get("dimension") in grade_table[lst]:
                    grade_table[lst][ind["dimension"]][grade] += 1
    for lst in LISTS:
        for code, _, _ in DIMENSIONS:
            if table[lst][code] == 0:
                fail("lists." + lst, "dimension %s has no indicator" % code)
        total = sum(table[lst].values())
        if total != EXPECTED_COUNTS[lst]:
            fail("lists." + lst, "%d indicators, expected %d" % (total, EXPECTED_COUNTS[lst]))
    # Structural facts stated by the reference.
    for lst in LISTS:
        if grade_table[lst]["recruitment_vulnerability"]["strong"]:
            fail("lists." + lst, "recruitment_vulnerability must have no strong indicator")
    if any(grade_table["child_labour"][c]["weak"] for c, _, _ in DIMENSIONS):
        fail("lists.child_labour", "must have no weak indicator")
    if grade_table["adult_sexual"]["exploitation"]["strong"]:
        fail("lists.adult_sexual", "exploitation must have no strong indicator")
    return table, grade_table


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "indicators.json")
    with open(path, encoding="utf-8") as f:
        cat = json.load(f)
    res = check(cat)
    if res:
        table, grade_table = res
        codes = [c for c, _, _ in DIMENSIONS]
        w = max(len(c) for c in codes)
        print("%-*s  %s" % (w, "dimension", "  ".join("%-14s" % l for l in LISTS)))
        for c in codes:
            cells = []
            for l in LISTS:
                g = grade_table[l][c]
                cells.append("%-14s" % ("%d (%d/%d/%d)" % (table[l][c], g["strong"], g["medium"], g["weak"])))
            print("%-*s  %s" % (w, c, "  ".join(cells)))
        print("%-*s  %s" % (w, "TOTAL", "  ".join("%-14d" % sum(table[l].values()) for l in LISTS)))
        print("(cells: count (strong/medium/weak))")
    if errors:
        for e in errors:
            print("FAIL " + e, file=sys.stderr)
        print("%d problem(s)" % len(errors), file=sys.stderr)
        sys.exit(1)
    print("OK: %s" % path)


if __name__ == "__main__":
    main()
