"""
The security core on a real install without the demo relaxation: the
second factor, one-time passwords, CSRF, the permission table, throttling,
session ends, account administration, the audit log and its verification,
key rotation, and what the database files hold in clear.
"""
import base64
import ctypes
import ctypes.util
import os
import re
import time

import pytest
import requests

from conftest import BACKEND, assert_error, run_haven
from security_util import Client, audit_hash, fresh_code, totp

STRONG = "a long and private passphrase 7"


class Staff:
    """An account that went through every login stage."""

    def __init__(self, name, role, client, secret, password, used, codes):
        self.name, self.role = name, role
        self.client, self.secret = client, secret
        self.password, self.used, self.codes = password, used, codes

    def code(self):
        return fresh_code(self.secret, self.used)


class Site:
    def __init__(self, install, server, admin_password):
        self.install = install
        self.server = server
        self.admin_password = admin_password
        self.staff = {}
        self.secrets = []           # every secret value the suite saw

    def cli(self, *args, check=True):
        r = run_haven(*args, *self.install.args(), cwd=self.install.dir)
        if check:
            assert r.returncode == 0, (r.stdout, r.stderr)
        return r

    def add_user(self, name, role):
        r = self.cli("user", "add", name, "--role", role)
        m = re.search(r"password: (\S+)", r.stdout)
        assert m, r.stdout
        self.secrets.append(m.group(1))
        return m.group(1)

    def enrol(self, name, password):
        """Log in with a one-time password, enrol TOTP, set a password."""
        c = Client(self.server)
        r = c.login(name, password)
        assert r.status_code == 200, r.text
        assert c.stage == "totp_enrol"
        r = c.post("/api/v1/auth/totp/enrol")
        assert r.status_code == 200, r.text
        e = r.json()
        secret = e["secret"]
        assert re.fullmatch(r"[A-Z2-7]{32}", secret)
        assert e["uri"].startswith("otpauth://totp/Haven:%s?secret=%s"
                                   % (name, secret))
        assert e["qr_svg"].startswith("<svg") and "<path" in e["qr_svg"]
        used = set()
        r = c.post("/api/v1/auth/totp/confirm",
                   json={"code": fresh_code(secret, used)})
        assert r.status_code == 200, r.text
        codes = r.json()["recovery_codes"]
        assert len(codes) == 10 and len(set(codes)) == 10
        assert r.json()["stage"] == "password_change"
        new = "%s for %s" % (STRONG, name)
        r = c.post("/api/v1/auth/password",
                   json={"current_password": password, "new_password": new})
        assert r.status_code == 200, r.text
        assert r.json()["stage"] == "done"
        self.secrets += [secret, new, password] + codes
        st = Staff(name, None, c, secret, new, used, codes)
        self.staff[name] = st
        return st

    def user(self, name, role):
        if name not in self.staff:
            self.enrol(name, self.add_user(name, role))
        return self.staff[name]

    def login(self, st, code=True):
        """A new full login of st: password, then a TOTP code."""
        c = Client(self.server)
        r = c.login(st.name, st.password)
        assert r.status_code == 200, r.text
        assert c.stage == "totp"
        if code:
            r = c.post("/api/v1/auth/totp/verify", json={"code": st.code()})
            assert r.status_code == 200, r.text
            assert r.json()["stage"] == "done"
        return c

    def audit(self, where):
        return self.install.query(
            "SELECT action, result, detail, user_id FROM audit_log WHERE "
            + where + " ORDER BY seq")


@pytest.fixture(scope="module")
def site(install_factory):
    inst = install_factory("security")
    r = inst.init()
    m = re.search(r"password:\s+(\S+)", r.stdout)
    assert m, r.stdout
    srv = inst.serve()
    s = Site(inst, srv, m.group(1))
    s.secrets.append(m.group(1))
    yield s
    srv.assert_clean_exit()
    log = srv.log
    for secret in s.secrets:
        assert secret not in log, "a secret is in the log"


@pytest.fixture(scope="module")
def admin(site):
    return site.enrol("admin", site.admin_password)


def test_first_admin_through_every_stage(site, admin):
    me = admin.client.get("/api/v1/auth/me").json()
    assert me["stage"] == "done" and me["demo"] is False
    assert me["user"]["totp_enrolled"] is True
    assert me["user"]["must_change_password"] is False
    # The one-time password is spent.
    r = Client(site.server).login("admin", site.admin_password)
    assert_error(r, 401, "unauthenticated")


def test_unfinished_login_can_only_finish(site, admin):
    c = Client(site.server)
    assert c.login("admin", admin.password).status_code == 200
    assert c.stage == "totp"
    assert_error(c.get("/api/v1/users"), 403, "forbidden")
    assert_error(c.get("/api/v1/auth/sessions"), 403, "forbidden")
    assert c.get("/api/v1/auth/me").json()["stage"] == "totp"
    # A wrong code, a malformed one, both: refused.
    assert_error(c.post("/api/v1/auth/totp/verify", json={"code": "000000"}),
                 401)
    assert_error(c.post("/api/v1/auth/totp/verify", json={"code": "12a456"}),
                 422, "invalid", "code")
    assert_error(c.post("/api/v1/auth/totp/verify",
                        json={"code": "123456", "recovery_code": "x" * 16}),
                 422, "invalid", "code")
    r = c.post("/api/v1/auth/totp/verify", json={"code": admin.code()})
    assert r.status_code == 200, r.text
    assert c.get("/api/v1/users").status_code == 200


def test_totp_code_not_accepted_twice(site):
    st = site.user("replay.user", "consultant")
    c1 = Client(site.server)
    assert c1.login(st.name, st.password).status_code == 200
    code = st.code()
    assert c1.post("/api/v1/auth/totp/verify",
                   json={"code": code}).status_code == 200
    c2 = Client(site.server)
    assert c2.login(st.name, st.password).status_code == 200
    assert_error(c2.post("/api/v1/auth/totp/verify", json={"code": code}),
                 401)
    # A code of a step before the last used one: also refused.
    old = totp(st.secret, time.time() - 30)
    assert_error(c2.post("/api/v1/auth/totp/verify", json={"code": old}),
                 401)


def test_totp_code_out_of_window(site):
    st = site.user("window.user", "consultant")
    c = Client(site.server)
    assert c.login(st.name, st.password).status_code == 200
    assert_error(c.post("/api/v1/auth/totp/verify",
                        json={"code": totp(st.secret, time.time() + 120)}),
                 401)
    assert_error(c.post("/api/v1/auth/totp/verify",
                        json={"code": totp(st.secret, time.time() - 120)}),
                 401)


def test_recovery_code_once(site):
    st = site.user("recovery.user", "coordinator")
    code = st.codes[0]
    c = Client(site.server)
    assert c.login(st.name, st.password).status_code == 200
    r = c.post("/api/v1/auth/totp/verify",
               json={"recovery_code": code.lower().replace("-", " ")})
    assert r.status_code == 200, r.text
    c2 = Client(site.server)
    assert c2.login(st.name, st.password).status_code == 200
    assert_error(c2.post("/api/v1/auth/totp/verify",
                         json={"recovery_code": code}), 401)


def test_password_policy(site, admin):
    c = admin.client
    for bad in ("short", "Password2024!", "qwertyuiop12", "aaaaaaaaaaaaaa",
                "admin"):
        r = c.post("/api/v1/auth/password",
                   json={"current_password": admin.password,
                         "new_password": bad})
        assert_error(r, 422, "invalid", "new_password")
    r = c.post("/api/v1/auth/password",
               json={"current_password": "wrong " + admin.password,
                     "new_password": "another long passphrase 42"})
    assert_error(r, 401, None, "current_password")
    # 64 characters and more are accepted.
    long = "x" * 40 + " a long one, still fine " + "y" * 10
    assert len(long) > 64
    r = c.post("/api/v1/auth/password",
               json={"current_password": admin.password,
                     "new_password": long})
    assert r.status_code == 200, r.text
    site.secrets.append(long)
    admin.password = long
    assert c.get("/api/v1/auth/me").status_code == 200


def test_csrf_required(site, admin):
    c = admin.client
    body = {"username": "csrf.victim", "role": "consultant"}
    flipped = c.csrf[:-1] + ("A" if c.csrf[-1] != "A" else "B")
    for headers in ({"X-CSRF-Token": ""}, {"X-CSRF-Token": "x" * 43},
                    {"X-CSRF-Token": flipped}):
        r = c.s.post(c.url("/api/v1/users"), json=body, headers=headers,
                     timeout=30)
        assert_error(r, 403, "forbidden")
    r = c.s.post(c.url("/api/v1/users"), json=body, timeout=30)
    assert_error(r, 403, "forbidden")
    assert not site.install.query(
        "SELECT id FROM app_user WHERE username = 'csrf.victim'")
    rows = site.audit("action = 'access' AND detail = 'csrf'")
    assert len(rows) >= 4
    assert all(str(row[3]) == str(admin.client.user["id"]) for row in rows)
    # Another session's token is no good either.
    other = site.login(admin)
    r = c.s.post(c.url("/api/v1/users"), json=body,
                 headers={"X-CSRF-Token": other.csrf}, timeout=30)
    assert_error(r, 403, "forbidden")


def test_role_without_permission(site, admin):
    st = site.user("plain.consultant", "consultant")
    for method, path in (("GET", "/api/v1/users"),
                         ("GET", "/api/v1/settings"),
                         ("GET", "/api/v1/audit"),
                         ("POST", "/api/v1/users")):
        r = st.client.s.request(method, st.client.url(path),
                                headers={"X-CSRF-Token": st.client.csrf},
                                json={} if method == "POST" else None,
                                timeout=30)
        assert_error(r, 403, "forbidden")
    rows = site.audit("action = 'access' AND result = 'denied' AND "
                      "detail = 'users.list'")
    assert rows and str(rows[-1][3]) == str(st.client.user["id"])
    # Admins have no audit log and no case content; auditors no accounts.
    assert_error(admin.client.get("/api/v1/audit"), 403, "forbidden")


def test_no_probing_of_sessions(site, admin):
    st = site.user("probe.user", "consultant")
    other = site.login(admin)
    theirs = [s for s in other.get("/api/v1/auth/sessions").json()["sessions"]
              if s["current"]][0]["id"]
    a = st.client.delete("/api/v1/auth/sessions/%d" % theirs)
    b = st.client.delete("/api/v1/auth/sessions/99999999")
    assert_error(a, 404, "not_found")
    assert_error(b, 404, "not_found")
    assert a.json() == b.json()
    assert other.get("/api/v1/auth/me").status_code == 200


def test_sessions_page_and_revoke(site):
    st = site.user("sessions.user", "shelter_staff")
    second = site.login(st)
    listed = st.client.get("/api/v1/auth/sessions").json()["sessions"]
    assert sum(1 for s in listed if s["current"]) == 1
    mine = {s["id"] for s in listed}
    theirs = [s for s in second.get("/api/v1/auth/sessions").json()
              ["sessions"] if s["current"]][0]["id"]
    assert theirs in mine
    r = st.client.delete("/api/v1/auth/sessions/%d" % theirs)
    assert r.status_code == 200, r.text
    assert_error(second.get("/api/v1/auth/me"), 401, "unauthenticated")
    assert st.client.get("/api/v1/auth/me").status_code == 200


def test_session_ends(site):
    st = site.user("expiry.user", "consultant")
    idle = site.login(st)
    life = site.login(st)
    tampered = site.login(st)
    # Idle past the timeout (30 minutes by default).
    site.install.query("UPDATE session SET last_seen = last_seen - 1900 "
                       "WHERE id = %d" % idle.session_id())
    # Past the absolute lifetime (12 hours) though recently used.
    site.install.query("UPDATE session SET created_at = created_at - 50000 "
                       "WHERE id = %d" % life.session_id())
    assert_error(idle.get("/api/v1/auth/me"), 401, "unauthenticated")
    assert_error(life.get("/api/v1/auth/me"), 401, "unauthenticated")
    cookie = tampered.cookie()
    flipped = cookie[:-2] + ("A" if cookie[-2] != "A" else "B") + cookie[-1]
    r = requests.get(site.server.url("/api/v1/auth/me"),
                     cookies={"haven_session": flipped}, timeout=30)
    assert_error(r, 401, "unauthenticated")
    r = requests.get(site.server.url("/api/v1/auth/me"),
                     cookies={"haven_session": "x"}, timeout=30)
    assert_error(r, 401, "unauthenticated")
    assert tampered.get("/api/v1/auth/me").status_code == 200
    assert tampered.post("/api/v1/auth/logout").status_code == 200
    assert_error(tampered.get("/api/v1/auth/me"), 401, "unauthenticated")


def test_throttling_same_for_known_and_unknown(site):
    st = site.user("throttle.user", "consultant")
    answers = {}
    for name in (st.name, "no.such.person"):
        c = Client(site.server)
        for _ in range(5):
            r = c.login(name, "wrong password %s" % name)
            assert_error(r, 401, "unauthenticated")
        body = r.json()
        r = c.login(name, st.password if name == st.name else "whatever")
        assert_error(r, 429, "too_many_requests")
        assert int(r.headers["Retry-After"]) > 0
        answers[name] = (body, r.json())
    assert answers[st.name] == answers["no.such.person"]
    rows = site.audit("action = 'login' AND result = 'blocked'")
    assert len(rows) >= 2
    # The throttle table holds neither names nor addresses.
    rows = site.install.query("SELECT count(*) FROM login_throttle")
    assert int(rows[0][0]) >= 2


def test_admin_manages_accounts(site, admin):
    c = admin.client
    r = c.post("/api/v1/users", json={"username": "new.coord",
                                      "role": "coordinator"})
    assert r.status_code == 201, r.text
    uid = r.json()["user"]["id"]
    pw = r.json()["password"]
    site.secrets.append(pw)
    assert r.json()["user"]["must_change_password"] is True
    assert_error(c.post("/api/v1/users", json={"username": "new.coord",
                                               "role": "consultant"}),
                 409, "conflict", "username")
    assert_error(c.post("/api/v1/users", json={"username": "Bad Name",
                                               "role": "consultant"}),
                 422, "invalid", "username")
    assert_error(c.post("/api/v1/users", json={"username": "x",
                                               "role": "root"}),
                 422, "invalid", "role")
    st = site.enrol("new.coord", pw)
    r = c.patch("/api/v1/users/%d" % uid, json={"role": "consultant"})
    assert r.status_code == 200 and r.json()["user"]["role"] == "consultant"
    assert st.client.get("/api/v1/auth/me").json()["user"]["role"] == \
        "consultant"
    r = c.patch("/api/v1/users/%d" % uid, json={"disabled": True})
    assert r.status_code == 200 and r.json()["user"]["disabled"] is True
    assert_error(st.client.get("/api/v1/auth/me"), 401)
    assert_error(Client(site.server).login("new.coord", st.password), 401)
    assert_error(c.patch("/api/v1/users/99999999", json={"disabled": True}),
                 404, "not_found")
    # The last enabled admin can be neither demoted nor disabled.
    me = c.user["id"]
    assert_error(c.patch("/api/v1/users/%d" % me, json={"role": "auditor"}),
                 409, "conflict")
    assert_error(c.patch("/api/v1/users/%d" % me, json={"disabled": True}),
                 409, "conflict")
    # Reset the password and the second factor: audited, sessions ended.
    r = c.patch("/api/v1/users/%d" % uid, json={"disabled": False})
    assert r.status_code == 200
    r = c.post("/api/v1/users/%d/password" % uid)
    assert r.status_code == 200
    pw1 = r.json()["password"]
    site.secrets.append(pw1)
    assert_error(Client(site.server).login("new.coord", st.password), 401)
    r = c.delete("/api/v1/users/%d/totp" % uid)
    assert r.status_code == 200
    again = Client(site.server)
    assert again.login("new.coord", pw1).status_code == 200
    assert again.stage == "totp_enrol"
    assert_error(c.delete("/api/v1/users/99999999/totp"), 404, "not_found")
    actions = [row[0] for row in site.audit("object_type = 'user' AND "
                                            "object_id = %d" % uid)]
    for a in ("user.create", "user.role", "user.disable", "user.enable",
              "user.password_reset", "user.totp_reset"):
        assert a in actions, actions


def test_settings(site, admin):
    c = admin.client
    r = c.get("/api/v1/settings")
    assert r.json() == {"session_idle_minutes": 30,
                        "session_lifetime_hours": 12, "demo_mode": False,
                        "screening_adult_needs_destination": 1,
                        "screening_child_means_optional": 1,
                        "screening_possible_two_of_three": 1,
                        "stats_suppression_threshold": 3,
                        "export_k": 11}
    assert_error(c.patch("/api/v1/settings", json={"demo_mode": True}),
                 422, "invalid", "demo_mode")
    assert_error(c.patch("/api/v1/settings",
                         json={"session_idle_minutes": 1}),
                 422, "invalid", "session_idle_minutes")
    r = c.patch("/api/v1/settings", json={"session_idle_minutes": 45})
    assert r.status_code == 200 and r.json()["session_idle_minutes"] == 45
    r = c.patch("/api/v1/settings", json={"session_idle_minutes": 30})
    assert r.status_code == 200


def test_auditor_reads_and_verifies(site, admin):
    aud = site.user("the.auditor", "auditor")
    c = aud.client
    t0 = int(time.time()) - 3600
    r = c.get("/api/v1/audit", params={"user_id": admin.client.user["id"],
                                        "from": t0,
                                        "to": int(time.time()) + 60})
    assert r.status_code == 200, r.text
    entries = r.json()["entries"]
    assert entries and all(e["user_id"] == admin.client.user["id"]
                           for e in entries)
    assert all(e["username"] == "admin" for e in entries)
    seqs = [e["seq"] for e in entries]
    assert seqs == sorted(seqs, reverse=True)
    # Paging.
    r = c.get("/api/v1/audit", params={"limit": 2})
    page = r.json()
    assert len(page["entries"]) == 2 and page["next_before"]
    r = c.get("/api/v1/audit", params={"limit": 2,
                                        "before": page["next_before"]})
    assert r.json()["entries"][0]["seq"] < page["entries"][-1]["seq"]
    r = c.get("/api/v1/audit", params={"username": "admin", "limit": 200})
    assert r.json()["entries"] and all(e["username"] == "admin"
                                       for e in r.json()["entries"])
    assert_error(c.get("/api/v1/audit", params={"username": "Bad Name"}),
                 422, "invalid", "username")
    r = c.get("/api/v1/audit", params={"action": "user.create"})
    assert all(e["action"] == "user.create" for e in r.json()["entries"])
    assert_error(c.get("/api/v1/audit", params={"limit": 500}), 422,
                 "invalid", "limit")
    assert_error(c.get("/api/v1/audit", params={"user_id": "x"}), 422,
                 "invalid", "user_id")
    assert_error(c.get("/api/v1/audit", params={"action": "DROP TABLE"}),
                 422, "invalid", "action")
    r = c.post("/api/v1/audit/verify")
    assert r.status_code == 200 and r.json()["ok"] is True, r.text
    assert r.json()["entries"] > 10
    rows = site.audit("action = 'audit.read'")
    assert rows and all(str(row[3]) == str(c.user["id"]) for row in rows)
    # No entry holds a password, a code or a secret.
    dump = repr(site.install.query("SELECT * FROM audit_log"))
    for secret in site.secrets:
        assert secret not in dump


def test_rehash_on_login_when_limits_rise(site):
    sodium = ctypes.CDLL(ctypes.util.find_library("sodium"))
    assert sodium.sodium_init() >= 0
    out = ctypes.create_string_buffer(128)
    pw = b"an old weakly hashed password"
    # The interactive limits: 2 passes, 64 MiB.
    assert sodium.crypto_pwhash_str_alg(out, pw, ctypes.c_ulonglong(len(pw)),
                                        ctypes.c_ulonglong(2),
                                        ctypes.c_size_t(64 << 20), 2) == 0
    weak = out.value.decode()
    assert "m=65536" in weak
    site.add_user("rehash.user", "consultant")
    site.install.query("UPDATE app_user SET pw_hash = '%s' WHERE username "
                       "= 'rehash.user'" % weak)
    r = Client(site.server).login("rehash.user", pw.decode())
    assert r.status_code == 200, r.text
    now = site.install.query("SELECT pw_hash FROM app_user WHERE username "
                             "= 'rehash.user'")[0][0]
    assert now != weak and "m=262144" in now and now.startswith("$argon2id$")


def test_audit_verify_detects_tampering(site, admin):
    inst = site.install
    for minutes in range(30, 42):       # audited changes, a dozen at least
        r = admin.client.patch("/api/v1/settings",
                               json={"session_idle_minutes": minutes})
        assert r.status_code == 200
    ok = site.cli("audit", "verify")
    assert "intact" in ok.stdout
    cp = site.cli("audit", "checkpoint", "--data-dir",
                  inst.data_dir).stdout.strip()
    assert re.fullmatch(r"\d+:[0-9a-f]{64}", cp)
    cpfile = os.path.join(inst.data_dir, "audit-checkpoints.txt")
    assert cp in open(cpfile).read()
    n = int(cp.split(":")[0])
    assert n > 12
    # Work on a copy of the log, put back after each kind of tampering.
    inst.query("CREATE TABLE audit_keep AS SELECT * FROM audit_log")
    inst.query("CREATE TABLE head_keep AS SELECT * FROM audit_head")

    def restore():
        inst.query("DELETE FROM audit_log")
        inst.query("INSERT INTO audit_log SELECT * FROM audit_keep")
        inst.query("DELETE FROM audit_head")
        inst.query("INSERT INTO audit_head SELECT * FROM head_keep")

    def verify_fails(*extra):
        r = site.cli("audit", "verify", *extra, check=False)
        assert r.returncode == 1, (r.stdout, r.stderr)
        assert r.stderr.startswith("haven: audit log: ")
        return r.stderr

    try:
        inst.query("UPDATE audit_log SET user_id = 999 WHERE seq = 5")
        assert "entry 5 " in verify_fails() and "edited" in verify_fails()
        restore()
        inst.query("DELETE FROM audit_log WHERE seq = 7")
        assert "entries 7 to 7 were deleted" in verify_fails()
        restore()
        # A forged entry 3, chained properly, the later ones renumbered.
        prev = _blob(inst, "SELECT hash FROM audit_log WHERE seq = 2")
        forged = audit_hash(prev, 3, 1, 1, "login", "user", 1, "ok", None)
        inst.query("UPDATE audit_log SET seq = -seq WHERE seq >= 3")
        inst.query("UPDATE audit_log SET seq = 1 - seq WHERE seq < 0")
        inst.query("INSERT INTO audit_log (seq, at, user_id, action, "
                   "object_type, object_id, result, detail, prev_hash, hash) "
                   "VALUES (3, 1, 1, 'login', 'user', 1, 'ok', NULL, %s, %s)"
                   % (_lit(prev), _lit(forged)))
        msg = verify_fails()
        assert "inserted" in msg and "entry 3 " in msg, msg
        restore()
        # A forged entry appended at the end, behind the head's back.
        last = int(inst.query("SELECT max(seq) FROM audit_log")[0][0])
        prev = _blob(inst, "SELECT hash FROM audit_log WHERE seq = %d" % last)
        forged = audit_hash(prev, last + 1, 1, 1, "login", "user", 1, "ok",
                            None)
        inst.query("INSERT INTO audit_log (seq, at, user_id, action, "
                   "object_type, object_id, result, detail, prev_hash, hash) "
                   "VALUES (%d, 1, 1, 'login', 'user', 1, 'ok', NULL, %s, %s)"
                   % (last + 1, _lit(prev), _lit(forged)))
        assert "behind its back" in verify_fails()
        restore()
        # Move entry 4 to the end of the storage order.
        inst.query("UPDATE audit_log SET id = id + 1000000 WHERE seq = 4")
        assert "entry 4" in verify_fails() and "moved" in verify_fails()
        restore()
        # Cut the tail and make the head agree: the checkpoints know.
        inst.query("DELETE FROM audit_log WHERE seq > %d" % (n - 3))
        inst.query("UPDATE audit_head SET seq = %d, hash = (SELECT hash "
                   "FROM audit_log WHERE seq = %d)" % (n - 3, n - 3))
        inst.query("DELETE FROM audit_checkpoint")
        assert "cut off" in verify_fails("--checkpoints", cpfile)
        assert "cut off" in verify_fails("--checkpoint", cp)
        r = site.cli("audit", "verify", check=False)
        assert r.returncode == 0, "without a checkpoint it cannot know"
    finally:
        restore()
        inst.query("DROP TABLE audit_keep")
        inst.query("DROP TABLE head_keep")
    assert "intact" in site.cli("audit", "verify").stdout


def _blob(inst, sql):
    """One blob from the database, as bytes."""
    if BACKEND == "sqlite":
        return bytes.fromhex(inst.query(sql.replace(
            "SELECT hash", "SELECT hex(hash)"))[0][0])
    v = inst.query(sql.replace("SELECT hash",
                               "SELECT encode(hash, 'hex')"))[0][0]
    return bytes.fromhex(v)


def _lit(b):
    """A blob literal in the backend's dialect."""
    if BACKEND == "sqlite":
        return "X'%s'" % b.hex()
    return "'\\x%s'::bytea" % b.hex()


def _hex_key_id(inst):
    if BACKEND == "sqlite":
        sql = ("SELECT DISTINCT hex(substr(totp_secret, 2, 4)) FROM app_user "
               "WHERE totp_secret IS NOT NULL")
    else:
        sql = ("SELECT DISTINCT upper(encode(substring(totp_secret from 2 "
               "for 4), 'hex')) FROM app_user WHERE totp_secret IS NOT NULL")
    return {row[0] for row in inst.query(sql)}


def test_raw_database_holds_no_secret_in_clear(site, admin):
    """Passwords, TOTP secrets, recovery codes, one-time passwords and
    session tokens never reach the database files in clear."""
    site.login(admin)
    values = set(site.secrets)
    for st in site.staff.values():
        values.add(base64.b32decode(st.secret))
        if st.client.cookie():
            values.add(st.client.cookie())
    blob = site.install.raw_bytes()
    for v in values:
        raw = v if isinstance(v, bytes) else v.encode()
        assert raw not in blob, "a secret is in clear in the database files"


def test_key_rotation(site, admin):
    before = _hex_key_id(site.install)
    assert before == {"01000000"}
    site.server.stop()
    r = site.cli("key", "rotate")
    assert "re-encrypted" in r.stdout
    assert _hex_key_id(site.install) == {"02000000"}
    key = open(site.install.key_file).read().splitlines()
    assert len(key) == 1 and key[0].startswith("haven-key-v1 2 ")
    site.server.start()
    # The re-sealed second factor still works.
    c = site.login(admin)
    assert c.get("/api/v1/users").status_code == 200
    # A rotation cut short after its first step (the file holds the new
    # key and the old one, nothing re-sealed yet): serve refuses to start,
    # and running the rotation again finishes it.
    site.server.stop()
    current = open(site.install.key_file).read()
    new = "haven-key-v1 3 %s\n" % base64.b64encode(os.urandom(32)).decode()
    with open(site.install.key_file, "w") as f:
        f.write(new + current)
    r = run_haven("serve", "--listen", "127.0.0.1:0", *site.install.args())
    assert r.returncode != 0 and "rotation is unfinished" in r.stderr
    r = site.cli("key", "rotate")
    assert "resuming the rotation to key 3" in r.stdout
    assert _hex_key_id(site.install) == {"03000000"}
    key = open(site.install.key_file).read().splitlines()
    assert len(key) == 1 and key[0] == new.strip()
    site.server.start()
    assert site.login(admin).get("/api/v1/auth/me").status_code == 200
