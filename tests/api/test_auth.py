"""Log in, who am I, log out, and the session cookie."""
import re
import time

import pytest
import requests

from conftest import DEMO_PASSWORD, assert_error

LOGIN = "/api/v1/auth/login"
ME = "/api/v1/auth/me"
LOGOUT = "/api/v1/auth/logout"
USER_KEYS = {"id", "username", "role", "must_change_password"}


def cookie_attrs(set_cookie):
    """'n=v; A; B=c' -> ('n', 'v', {'a': True, 'b': 'c'})"""
    parts = [p.strip() for p in set_cookie.split(";")]
    name, _, value = parts[0].partition("=")
    attrs = {}
    for p in parts[1:]:
        k, eq, v = p.partition("=")
        attrs[k.strip().lower()] = v.strip() if eq else True
    return name, value, attrs


def is_cleared(attrs):
    """Does a Set-Cookie with these attributes delete the cookie?"""
    return attrs.get("max-age") == "0" or \
        "1970" in str(attrs.get("expires", ""))


def token_of(session):
    return session.cookies.get("haven_session")


def me_with_cookie(server, cookie_header):
    return requests.get(server.url(ME), headers={"Cookie": cookie_header},
                        timeout=10)


def test_login_me_logout(server):
    s, r = server.login("demo.consultant", DEMO_PASSWORD)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    body = r.json()
    user = body["user"]
    assert USER_KEYS <= set(user), user
    assert not {"password", "pw_hash", "password_hash", "hash"} & set(user)
    assert user["username"] == "demo.consultant"
    assert user["role"] == "consultant"
    assert user["must_change_password"] is False
    assert isinstance(user["id"], int) and user["id"] > 0

    # The cookie: HttpOnly, SameSite=Strict, whole site, not Secure on
    # plain HTTP, no Domain.
    name, token, attrs = cookie_attrs(r.headers["Set-Cookie"])
    assert name == "haven_session"
    assert re.fullmatch(r"[A-Za-z0-9_-]{32,}", token), token
    assert attrs.get("httponly") is True
    assert attrs.get("samesite") == "Strict"
    assert attrs.get("path") == "/"
    assert "domain" not in attrs
    assert "secure" not in attrs
    assert int(attrs.get("max-age", "1")) > 0
    assert token_of(s) == token

    # Who am I, with it; and again (the session stays valid).
    for _ in range(2):
        r = s.get(server.url(ME), timeout=10)
        assert r.status_code == 200, r.text
        assert r.json()["user"] == user

    # Log out: the cookie is cleared, and the token is dead on the server.
    r = s.post(server.url(LOGOUT), timeout=10)
    assert r.status_code == 200, r.text
    assert r.json() == {"ok": True}
    name, value, attrs = cookie_attrs(r.headers["Set-Cookie"])
    assert name == "haven_session" and value == ""
    assert is_cleared(attrs), attrs
    assert attrs.get("httponly") is True
    assert_error(s.get(server.url(ME), timeout=10), 401, "unauthenticated")
    # Sending the old token by hand: revoked on the server, not only in
    # the browser.
    r = me_with_cookie(server, "haven_session=" + token)
    assert_error(r, 401, "unauthenticated")
    r = requests.post(server.url(LOGOUT), timeout=10,
                      headers={"Cookie": "haven_session=" + token})
    assert_error(r, 401, "unauthenticated")


def test_me_as_admin(server, admin):
    r = admin.get(server.url(ME), timeout=10)
    assert r.status_code == 200
    user = r.json()["user"]
    assert user["username"] == "demo.admin" and user["role"] == "admin"
    assert user == server.session_user("demo.admin")


def test_wrong_password_and_unknown_user_answer_the_same(server):
    url = server.url(LOGIN)
    # The unknown user first: its dummy hash is made on first use.
    t0 = time.monotonic()
    unknown = requests.post(url, json={"username": "nobody.here",
                                       "password": DEMO_PASSWORD},
                            timeout=30)
    t1 = time.monotonic()
    wrong = requests.post(url, json={"username": "demo.admin",
                                     "password": "not-the-password"},
                          timeout=30)
    t2 = time.monotonic()
    for r in (unknown, wrong):
        assert_error(r, 401, "unauthenticated", None)
        assert "Set-Cookie" not in r.headers
        assert r.cookies.get("haven_session") is None
    assert unknown.content == wrong.content
    assert unknown.headers["Content-Type"] == wrong.headers["Content-Type"]
    # No quick answer for an unknown name: it is checked against a hash too.
    assert (t1 - t0) > 0.25 * (t2 - t1), (t1 - t0, t2 - t1)


def test_no_cookie_is_401(server):
    r = requests.get(server.url(ME), timeout=10)
    assert_error(r, 401, "unauthenticated", None)
    r = requests.post(server.url(LOGOUT), timeout=10)
    assert_error(r, 401, "unauthenticated", None)


def test_tampered_cookie_is_401(server, admin):
    token = token_of(admin)
    assert token
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    for value in (flipped, token[:-1], token + "A", token.upper()
                  if token.upper() != token else token.lower(),
                  "", "x", "0" * 43, "a" * 3000, "%00" + token,
                  token[1:] + token[0]):
        r = me_with_cookie(server, "haven_session=" + value)
        assert_error(r, 401, "unauthenticated")
    # The real session still works.
    assert admin.get(server.url(ME), timeout=10).status_code == 200


def test_session_under_another_cookie_name_is_401(server, admin):
    token = token_of(admin)
    # Over plain HTTP without --tls-proxy the cookie is haven_session, and
    # the __Host- one is not taken.
    for name in ("__Host-haven_session", "haven_sessio", "haven_session_",
                 "session", "xhaven_session"):
        r = me_with_cookie(server, "%s=%s" % (name, token))
        assert_error(r, 401, "unauthenticated")


def test_cookie_name_is_case_sensitive(server, admin):
    token = token_of(admin)
    for name in ("HAVEN_SESSION", "Haven_Session", "haven_Session"):
        r = me_with_cookie(server, "%s=%s" % (name, token))
        assert_error(r, 401, "unauthenticated")


def test_dead_session_cookie_is_cleared(server):
    r = me_with_cookie(server, "haven_session=" + "Q" * 43)
    assert_error(r, 401, "unauthenticated")
    name, value, attrs = cookie_attrs(r.headers.get("Set-Cookie", "=;"))
    assert name == "haven_session" and value == ""
    assert is_cleared(attrs), attrs


def test_login_is_post_only_and_never_takes_query_credentials(server):
    r = requests.get(server.url(LOGIN), params={
        "username": "demo.admin", "password": DEMO_PASSWORD}, timeout=10)
    assert_error(r, 405, "method_not_allowed")
    assert "Set-Cookie" not in r.headers
