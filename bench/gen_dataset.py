#!/usr/bin/env python3
"""Generate a large, plausible data set into a Haven database.

usage: bench/gen_dataset.py --database sqlite:PATH|postgresql://... \
           [--contacts 5000000] [--cases 500000] [--years 10] [--seed 1]

The database must exist and be migrated (`haven init --demo` makes one with
staff accounts).  The generator adds, over the last --years years up to
today: persons and one case file each, and contacts, with the proportions of
a national hotline scaled up (office hours and out of hours, inquirer types,
channels, topics, nationalities, forms of exploitation).  Sealed columns stay
empty: the data set is for the statistics and the look-ups that read columns
in clear, and nothing in it is real.

SQLite is written through Python's sqlite3 in one transaction; PostgreSQL
through psql's COPY from standard input.
"""
import argparse
import datetime
import random
import sqlite3
import subprocess
import sys
import time

# Codes, in the order of src/hotline/enums.c (topics and forms are bit sets
# over those orders), with weights.
CHANNELS = [("office_line", 62), ("oncall_mobile", 18), ("email", 10),
            ("in_person", 3), ("chat", 6), ("letter", 1)]
INQUIRERS = [("victim_polish", 14), ("victim_foreign", 12),
             ("family_friend", 12), ("organisation", 14),
             ("police_border_guard", 8), ("prosecutor_court", 3),
             ("at_risk", 9), ("going_abroad", 16), ("anonymous", 7),
             ("other", 5)]
TOPICS = ["identification", "intervention", "prevention", "institution",
          "shelter", "legal", "health", "safety", "other"]
OUTCOMES = [("advice", 50), ("referred", 15), ("intervention", 6),
            ("case_opened", 5), ("follow_up", 14), ("no_action", 10)]
FORMS = ["sexual", "forced_labour", "forced_begging", "forced_criminality",
         "domestic_servitude", "forced_marriage", "organ_removal",
         "illegal_adoption", "slavery", "other"]
FORM_WEIGHTS = [30, 45, 6, 6, 5, 2, 0.2, 0.1, 1, 4]
STATUSES = [("preliminary_verification", 10),
            ("provisional_identification", 20), ("identified", 25),
            ("not_identified", 10), ("closed", 35)]
CITIZENSHIP = [("PL", 45), ("UA", 14), ("BG", 5), ("RO", 5), ("VN", 4),
               ("BY", 4), ("PH", 3), ("NG", 2), ("CO", 2), ("IN", 2),
               ("GE", 2), ("MD", 2), ("DE", 1), ("LT", 1), ("NP", 2),
               ("UZ", 2), ("TH", 1), ("CN", 1), ("ER", 1), ("SK", 1)]
EXPLOITED_IN = [("PL", 40), ("DE", 12), ("GB", 8), ("NL", 8), ("SE", 3),
                ("IT", 5), ("ES", 3), ("BE", 3), ("FR", 3), ("NO", 2),
                ("AT", 2), ("CZ", 2), ("IE", 2)]
LANGS = {"PL": "pl", "UA": "uk,ru", "BG": "bg", "RO": "ro", "VN": "vi",
         "BY": "be,ru", "PH": "tl,en", "NG": "en", "CO": "es", "IN": "hi,en",
         "GE": "ka,ru", "MD": "ro,ru", "DE": "de", "LT": "lt", "NP": "ne",
         "UZ": "uz,ru", "TH": "th", "CN": "zh", "ER": "ti", "SK": "sk"}
SEXES = [("female", 60), ("male", 39), ("unknown", 1)]


def weighted(pairs):
    codes = [p[0] for p in pairs]
    weights = [p[1] for p in pairs]
    return codes, weights


class Picker:
    """Draws from a weighted list quickly, in batches."""

    def __init__(self, rng, pairs):
        self.codes, self.weights = weighted(pairs)
        self.rng = rng
        self.buf = []

    def __call__(self):
        if not self.buf:
            self.buf = self.rng.choices(self.codes, self.weights, k=4096)
        return self.buf.pop()


def epoch(d):
    return int(datetime.datetime(d.year, d.month, d.day,
                                 tzinfo=datetime.timezone.utc).timestamp())


def contact_time(rng, start, days):
    """A moment: three in five in office hours (weekdays 8-16 Warsaw)."""
    day = start + datetime.timedelta(days=rng.randrange(days))
    if rng.random() < 0.6:
        while day.weekday() >= 5:
            day -= datetime.timedelta(days=1)
        sec = (7 * 3600) + rng.randrange(8 * 3600)  # 8-16 CET as UTC 7-15
        ooh = 0
    else:
        if day.weekday() >= 5:
            sec = rng.randrange(86400)
        else:
            sec = rng.choice([rng.randrange(7 * 3600),
                              15 * 3600 + rng.randrange(9 * 3600)])
        ooh = 1
    return epoch(day) + sec, ooh


def users(db):
    rows = db.query("SELECT id, role FROM app_user")
    staff = [int(r[0]) for r in rows if r[1] in ("consultant", "coordinator")]
    if not staff:
        sys.exit("gen_dataset: no consultant accounts: run 'haven init --demo'")
    return staff


class SQLite:
    def __init__(self, path):
        self.con = sqlite3.connect(path, isolation_level=None)
        self.con.execute("PRAGMA foreign_keys = OFF")
        self.con.execute("PRAGMA synchronous = OFF")
        self.con.execute("BEGIN")

    def query(self, sql):
        return self.con.execute(sql).fetchall()

    def scalar(self, sql):
        row = self.con.execute(sql).fetchone()
        return row[0] if row else None

    def load(self, table, cols, rows):
        sql = "INSERT INTO %s (%s) VALUES (%s)" % (
            table, ", ".join(cols), ", ".join("?" * len(cols)))
        self.con.executemany(sql, rows)

    def finish(self):
        self.con.execute("COMMIT")
        self.con.execute("ANALYZE")
        self.con.close()


class Postgres:
    def __init__(self, url):
        self.url = url

    def psql(self, sql, data=None):
        p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t",
                            "-v", "ON_ERROR_STOP=1", self.url, "-c", sql],
                           input=data, capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit("gen_dataset: psql: " + p.stderr.strip())
        return p.stdout

    def query(self, sql):
        return [line.split("\t") for line in self.psql(sql).splitlines()
                if line]

    def scalar(self, sql):
        out = self.psql(sql).strip()
        return int(out) if out else None

    def load(self, table, cols, rows):
        def cell(v):
            return "\\N" if v is None else str(v)
        # In chunks, so that memory stays flat.
        chunk = []
        for r in rows:
            chunk.append("\t".join(cell(v) for v in r))
            if len(chunk) >= 200000:
                self._copy(table, cols, chunk)
                chunk = []
        if chunk:
            self._copy(table, cols, chunk)

    def _copy(self, table, cols, lines):
        self.psql("COPY %s (%s) FROM STDIN" % (table, ", ".join(cols)),
                  "\n".join(lines) + "\n")

    def finish(self):
        for t in ("person", "case_file", "contact"):
            self.psql("SELECT setval(pg_get_serial_sequence('%s', 'id'), "
                      "(SELECT max(id) FROM %s))" % (t, t))
        self.psql("ANALYZE")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--database", required=True)
    ap.add_argument("--contacts", type=int, default=5000000)
    ap.add_argument("--cases", type=int, default=500000)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    if a.database.startswith("sqlite:"):
        db = SQLite(a.database[len("sqlite:"):])
    elif a.database.startswith("postgresql://"):
        db = Postgres(a.database)
    else:
        sys.exit("gen_dataset: --database must be sqlite:PATH or "
                 "postgresql://...")
    rng = random.Random(a.seed)
    staff = users(db)
    today = datetime.date.today()
    start = today - datetime.timedelta(days=365 * a.years)
    days = (today - start).days
    t0 = time.time()

    base_person = (db.scalar("SELECT COALESCE(MAX(id), 0) FROM person") or 0)
    base_case = (db.scalar("SELECT COALESCE(MAX(id), 0) FROM case_file") or 0)
    base_contact = (db.scalar("SELECT COALESCE(MAX(id), 0) FROM contact")
                    or 0)
    sex = Picker(rng, SEXES)
    cit = Picker(rng, CITIZENSHIP)
    exp_in = Picker(rng, EXPLOITED_IN)
    status = Picker(rng, STATUSES)

    # Persons and their cases, opened evenly over the years.
    counters = {}
    persons, cases = [], []
    # Persons and cases are written as they come: ids follow time.
    openings = sorted(epoch(start + datetime.timedelta(
        days=rng.randrange(days))) + 7 * 3600 + rng.randrange(8 * 3600)
        for _ in range(a.cases))
    for i in range(a.cases):
        pid = base_person + 1 + i
        c = cit()
        born = today.year - rng.choice(range(14, 66))
        opened = openings[i]
        year = datetime.datetime.fromtimestamp(
            opened, datetime.timezone.utc).year
        minor = 1 if year - born < 18 else 0
        persons.append((pid, "B-%06X" % (i + 1), sex(), born, minor, c,
                        LANGS[c], 1, staff[i % len(staff)], opened, opened))
        counters[year] = counters.get(year, 0) + 1
        st = status()
        forms = 0
        for _ in range(1 if rng.random() < 0.85 else 2):
            forms |= 1 << rng.choices(range(len(FORMS)), FORM_WEIGHTS)[0]
        closed = opened + rng.randrange(30, 400) * 86400 if st == "closed" \
            else None
        before = rng.choice(["identified", "provisional_identification",
                             "not_identified"]) if st == "closed" else None
        cases.append((base_case + 1 + i, year, 100000 + counters[year], pid,
                      st, before, "assistance_completed" if closed else None,
                      forms, c, "", exp_in(), 1 if rng.random() < 0.08 else 0,
                      staff[i % len(staff)], 0, opened, closed, 1,
                      staff[i % len(staff)], opened, opened))
    db.load("person", ["id", "pseudonym", "sex", "birth_year", "minor",
                       "citizenship", "languages", "version", "created_by",
                       "created_at", "updated_at"], persons)
    db.load("case_file", ["id", "year", "number", "person_id", "status",
                          "status_before_close", "close_reason", "forms",
                          "origin", "transit", "exploitation", "urgent",
                          "key_consultant_id", "sealed", "opened_at",
                          "closed_at", "version", "created_by",
                          "created_at", "updated_at"], cases)
    persons = cases = None
    print("gen_dataset: %d persons and cases in %.0f s" % (
        a.cases, time.time() - t0), flush=True)

    channel = Picker(rng, CHANNELS)
    inquirer = Picker(rng, INQUIRERS)
    outcome = Picker(rng, OUTCOMES)
    ctry = Picker(rng, CITIZENSHIP)

    # Contacts are written as they happen: ids follow time.
    moments = sorted(contact_time(rng, start, days)
                     for _ in range(a.contacts))

    def contacts():
        for i, (at, ooh) in enumerate(moments):
            if ooh and rng.random() < 0.7:
                ch = "oncall_mobile"
            else:
                ch = channel()
            inq = inquirer()
            topics = 1 << rng.randrange(len(TOPICS))
            if rng.random() < 0.3:
                topics |= 1 << rng.randrange(len(TOPICS))
            urgent = rng.random() < (0.25 if ooh else 0.08)
            linked = rng.random() < 0.1 and a.cases > 0
            person = base_person + 1 + rng.randrange(a.cases) if linked \
                else None
            c = ctry()
            yield (base_contact + 1 + i, at, rng.randrange(30, 3600), ch,
                   "incoming" if rng.random() < 0.8 else "outgoing", c,
                   LANGS[c].split(",")[0], 1 if c != "PL" and
                   rng.random() < 0.3 else 0, inq, topics,
                   "urgent" if urgent else "routine", outcome(),
                   staff[i % len(staff)], ooh, 1 if rng.random() < 0.05
                   else 0, person, None, 1, at, at)

    db.load("contact", ["id", "started_at", "duration_s", "channel",
                        "direction", "country", "language", "interpreter",
                        "inquirer", "topics", "urgency", "outcome",
                        "consultant_id", "out_of_hours", "followup",
                        "person_id", "case_id", "version", "created_at",
                        "updated_at"], contacts())
    print("gen_dataset: %d contacts in %.0f s" % (a.contacts,
                                                  time.time() - t0),
          flush=True)
    # The case counters, so that new cases do not collide.
    for year, n in counters.items():
        last = db.scalar("SELECT last FROM case_counter WHERE year = %d"
                         % year)
        if last is None:
            db.load("case_counter", ["year", "last"], [(year, 100000 + n)])
        else:
            db.query("UPDATE case_counter SET last = %d WHERE year = %d"
                     % (max(int(last), 100000 + n), year))
    db.finish()
    print("gen_dataset: done in %.0f s" % (time.time() - t0))


if __name__ == "__main__":
    main()
