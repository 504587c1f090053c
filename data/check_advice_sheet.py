#!/usr/bin/env python3
"""Check data/advice_sheet.json (the preventive counselling advice sheet).

Every text the rules of src/network/prevention.c can put on a sheet (the
sheet's own texts, each risk level, each red flag, each advice point's
title and text, each emergency entry) must exist, non-empty, in every
language the file lists, and at least in Polish, English and Ukrainian.
The codes are read from the tables of prevention.c, so a point added there
without its texts fails here (and in prevention_test.c).
Usage: python3 data/check_advice_sheet.py [sheet] [prevention.c]  (0 = OK)
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REQUIRED_LANGS = {"pl", "en", "uk"}


def table(src, name):
    """The quoted strings of `static const char *const name[...] = {...};`."""
    m = re.search(r"\b%s\[[^\]]*\]\s*=\s*\{(.*?)\};" % re.escape(name), src,
                  re.S)
    if not m:
        sys.exit("prevention.c: table %s not found" % name)
    return re.findall(r'"([a-z0-9_]+)"', m.group(1))


def main():
    sheet_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        HERE, "advice_sheet.json")
    c_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        HERE, "..", "src", "network", "prevention.c")
    with open(sheet_path, encoding="utf-8") as f:
        doc = json.load(f)
    with open(c_path, encoding="utf-8") as f:
        src = f.read()
    problems = []
    langs = doc.get("languages")
    if not isinstance(langs, list) or not REQUIRED_LANGS <= set(langs):
        problems.append("languages: must list at least pl, en and uk")
        langs = sorted(REQUIRED_LANGS)

    def texts(obj, what):
        if not isinstance(obj, dict):
            problems.append("%s: missing" % what)
            return
        for lang in langs:
            v = obj.get(lang)
            if not isinstance(v, str) or not v.strip():
                problems.append("%s: no text in %r" % (what, lang))
        for extra in set(obj) - set(langs):
            problems.append("%s: language %r not in languages" %
                            (what, extra))

    sheet = doc.get("sheet", {})
    for k in table(src, "sheet_keys"):
        texts(sheet.get(k), "sheet." + k)
    for k in table(src, "level_codes"):
        texts(doc.get("risk", {}).get(k), "risk." + k)
    flags = table(src, "flag_codes")
    for k in flags:
        texts(doc.get("flags", {}).get(k), "flags." + k)
    points = table(src, "point_codes")
    for k in points:
        p = doc.get("points", {}).get(k, {})
        texts(p.get("title"), "points.%s.title" % k)
        texts(p.get("text"), "points.%s.text" % k)
    for k in table(src, "emergency_codes"):
        e = doc.get("emergency", {}).get(k, {})
        texts(e.get("label"), "emergency.%s.label" % k)
        n = e.get("number")
        if n is not None and not (isinstance(n, str) and
                                  re.fullmatch(r"\+?[0-9 ]{3,20}", n)):
            problems.append("emergency.%s.number: a phone number or null" % k)
    for k in set(doc.get("flags", {})) - set(flags):
        problems.append("flags.%s: not a flag of prevention.c" % k)
    for k in set(doc.get("points", {})) - set(points):
        problems.append("points.%s: not a point of prevention.c" % k)
    if problems:
        for p in problems:
            print("advice_sheet.json: " + p, file=sys.stderr)
        return 1
    print("advice_sheet.json: %d points and %d flags in %s" %
          (len(points), len(flags), ", ".join(langs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
