"""Helpers of the security tests: TOTP codes, logins through every stage."""
import base64
import hashlib
import hmac
import struct
import time

import requests


def totp(secret_b32, at=None, step=30):
    """The RFC 6238 code (SHA-1, 6 digits) of a base32 secret at time at."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    counter = int((time.time() if at is None else at) // step)
    h = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    o = h[-1] & 15
    v = struct.unpack(">I", h[o:o + 4])[0] & 0x7FFFFFFF
    return "%06d" % (v % 1000000)


def fresh_code(secret, used):
    """A code whose time step is later than every step used so far: the
    server accepts a step once, and one step either side of now, so up to
    three logins fit in one 30-second step before this has to wait.

    The step before now is taken only early in the current step: late in
    it, the server may already be in the next step when the code arrives
    (a busy machine, a slow password hash), and then that code is two
    steps old and refused."""
    while True:
        now = time.time()
        step = int(now // 30)
        last = max(used) if used else -1
        early = now % 30 < 15
        for s in ((step - 1, step, step + 1) if early else (step, step + 1)):
            if s > last:
                used.add(s)
                return totp(secret, s * 30 + 1)
        time.sleep(30 - now % 30 + 0.2)


class Client:
    """A requests.Session that sends the CSRF token it was given."""

    def __init__(self, server):
        self.server = server
        self.s = requests.Session()
        self.csrf = None
        self.stage = None
        self.user = None

    def url(self, path):
        return self.server.url(path)

    def login(self, username, password):
        r = self.s.post(self.url("/api/v1/auth/login"),
                        json={"username": username, "password": password},
                        timeout=30)
        if r.status_code == 200:
            body = r.json()
            self.csrf = body["csrf"]
            self.stage = body["stage"]
            self.user = body["user"]
        return r

    def _headers(self, headers):
        h = {"X-CSRF-Token": self.csrf} if self.csrf else {}
        h.update(headers or {})
        return h

    def get(self, path, **kw):
        return self.s.get(self.url(path), timeout=30, **kw)

    def post(self, path, json=None, headers=None, **kw):
        return self.s.post(self.url(path), json=json,
                           headers=self._headers(headers), timeout=30, **kw)

    def patch(self, path, json=None, headers=None):
        return self.s.patch(self.url(path), json=json,
                            headers=self._headers(headers), timeout=30)

    def delete(self, path, headers=None):
        return self.s.delete(self.url(path), headers=self._headers(headers),
                             timeout=30)

    def session_id(self):
        r = self.get("/api/v1/auth/sessions")
        assert r.status_code == 200, r.text
        return [x["id"] for x in r.json()["sessions"] if x["current"]][0]

    def cookie(self):
        return self.s.cookies.get("haven_session")


def audit_hash(prev, seq, at, user_id, action, object_type, object_id,
               result, detail):
    """The audit chain's hash (src/auth/audit.c), as a forger would
    compute it: BLAKE2b-256 over the previous hash and the fields, each
    integer 8 bytes little endian, each string length-prefixed (-1: NULL)."""
    h = hashlib.blake2b(digest_size=32)
    h.update(prev)

    def i64(v):
        h.update(struct.pack("<q", v))

    def text(s):
        if s is None:
            i64(-1)
        else:
            b = s.encode()
            i64(len(b))
            h.update(b)
    i64(seq)
    i64(at)
    i64(user_id)
    text(action)
    text(object_type)
    i64(object_id)
    text(result)
    text(detail)
    return h.digest()
