"""
The checks every request passes before its handler (src/http/http.h), and
the one shape of every error: {"error":{"code","message","field"}}.
None of these requests reaches a password check, so they are cheap.
"""
import socket
import time

import pytest
import requests

from conftest import assert_error, raw_request

LOGIN = "/api/v1/auth/login"
LOGIN_CAP = 4096
JSON = {"Content-Type": "application/json"}


def post_login(server, data, headers=JSON):
    return requests.post(server.url(LOGIN), data=data, headers=headers,
                         timeout=10)


# --- malformed bodies -------------------------------------------------------

@pytest.mark.parametrize("body", [
    b"{", b"{\"username\": }", b"not json", b"{\"a\":1}}", b"",
    b"{\"username\":\"a\",\"password\":\"b\"", b"\xff\xfe{}",
    b"{'username':'a'}",
])
def test_malformed_json_is_400_bad_json(server, body):
    assert_error(post_login(server, body), 400, "bad_json", None)


@pytest.mark.parametrize("body", [b"[]", b"\"x\"", b"5", b"null", b"true",
                                  b"[{\"username\":\"a\"}]"])
def test_json_that_is_not_an_object_is_400(server, body):
    assert_error(post_login(server, body), 400, "bad_json", None)


def test_duplicate_keys_are_400(server):
    body = b'{"username":"a","username":"b","password":"c"}'
    assert_error(post_login(server, body), 400, "bad_json")


@pytest.mark.parametrize("body,field", [
    ({"username": 5, "password": "x"}, "username"),
    ({"username": "a", "password": 5}, "password"),
    ({"username": None, "password": "x"}, "username"),
    ({"username": ["a"], "password": "x"}, "username"),
    ({"username": {"a": 1}, "password": "x"}, "username"),
    ({"username": True, "password": "x"}, "username"),
    ({"username": "", "password": "x"}, "username"),
    ({"username": "a", "password": ""}, "password"),
    ({"username": "a" * 65, "password": "x"}, "username"),
    ({"username": "a", "password": "p" * 257}, "password"),
    ({"username": "a\u0001b", "password": "x"}, "username"),
])
def test_wrong_type_or_value_is_422_naming_the_field(server, body, field):
    r = requests.post(server.url(LOGIN), json=body, timeout=10)
    err = assert_error(r, 422, "invalid", field)
    assert field in err["message"]


def test_unknown_field_is_422_naming_it(server):
    r = requests.post(server.url(LOGIN), json={
        "username": "a", "password": "b", "remember_me": True}, timeout=10)
    err = assert_error(r, 422, "invalid", "remember_me")
    assert "remember_me" in err["message"]


def test_unknown_field_with_an_odd_name_is_not_echoed(server):
    r = post_login(server,
                   b'{"username":"a","password":"b","<script>\\u0001":1}')
    err = assert_error(r, 422, "invalid")
    assert err["field"] is None or "\u0001" not in err["field"]
    assert "\u0001" not in err["message"]


@pytest.mark.parametrize("body,field", [
    ({"username": "a"}, "password"),
    ({"password": "b"}, "username"),
])
def test_missing_required_field_is_422_naming_it(server, body, field):
    r = requests.post(server.url(LOGIN), json=body, timeout=10)
    err = assert_error(r, 422, "invalid", field)
    assert field in err["message"]


def test_empty_object_names_a_required_field(server):
    r = requests.post(server.url(LOGIN), json={}, timeout=10)
    err = assert_error(r, 422, "invalid")
    assert err["field"] in ("username", "password")


# --- content type -----------------------------------------------------------

@pytest.mark.parametrize("ctype", [
    "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
    "application/jsonx", "application/json; charset=latin-1", None,
])
def test_wrong_content_type_is_415(server, ctype):
    headers = {} if ctype is None else {"Content-Type": ctype}
    r = post_login(server, b'{"username":"a"}', headers)
    assert_error(r, 415, "unsupported_media_type", None)


@pytest.mark.parametrize("ctype", [
    "application/json", "application/json; charset=utf-8",
    "Application/JSON;charset=UTF-8", "application/json; charset=\"utf-8\"",
])
def test_json_content_types_are_accepted(server, ctype):
    # Past the content type check: the body is checked (422, not 415).
    r = post_login(server, b'{"username":"a"}', {"Content-Type": ctype})
    assert_error(r, 422, "invalid", "password")


# --- routes and methods -----------------------------------------------------

@pytest.mark.parametrize("method,path", [
    ("GET", "/nope"), ("GET", "/api/v1/nope"), ("GET", "/api/v2/version"),
    ("GET", "/api/v1/auth/me/extra"), ("GET", "/api/v1/auth"),
    ("POST", "/api/v1/no-such-thing"), ("DELETE", "/api/v1/x/1"),
    ("GET", "/healthz/"), ("GET", "/HEALTHZ"),
])
def test_unknown_route_is_404(server, method, path):
    r = requests.request(method, server.url(path), timeout=10)
    assert_error(r, 404, "not_found", None)


METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@pytest.fixture(scope="module")
def documented(server):
    """path -> the methods the OpenAPI document gives it."""
    doc = requests.get(server.url("/api/v1/openapi.json"), timeout=10).json()
    return {path: sorted(m.upper() for m in ops if m.upper() in METHODS)
            for path, ops in doc["paths"].items() if "{" not in path}


def allow_of(r):
    return sorted(m.strip() for m in r.headers["Allow"].split(","))


@pytest.mark.parametrize("path", ["/healthz", "/api/v1/version",
                                  "/api/v1/openapi.json", LOGIN,
                                  "/api/v1/auth/logout", "/api/v1/auth/me"])
def test_wrong_method_is_405_with_allow(server, documented, path):
    allowed = documented[path]
    assert allowed, path
    for method in METHODS:
        if method in allowed:
            continue
        r = requests.request(method, server.url(path), timeout=10)
        assert_error(r, 405, "method_not_allowed", None)
        assert allow_of(r) == allowed, (method, path, r.headers["Allow"])


def test_every_documented_path_answers_405_with_its_methods(server,
                                                            documented):
    for path, allowed in documented.items():
        if len(allowed) == len(METHODS):
            continue
        wrong = next(m for m in METHODS if m not in allowed)
        r = requests.request(wrong, server.url(path), timeout=10)
        assert_error(r, 405, "method_not_allowed")
        assert allow_of(r) == allowed, (path, r.headers["Allow"])


def test_wrong_method_with_a_body_is_405(server):
    r = requests.put(server.url(LOGIN), json={"username": "a"}, timeout=10)
    assert_error(r, 405, "method_not_allowed")
    assert r.headers["Allow"] == "POST"


@pytest.mark.parametrize("method", ["BREW", "PROPFIND", "OPTIONS", "TRACE"])
def test_unknown_method_on_known_path_is_405(server, documented, method):
    for path in ("/healthz", LOGIN, "/api/v1/auth/me"):
        r = requests.request(method, server.url(path), timeout=10)
        assert_error(r, 405, "method_not_allowed")
        assert allow_of(r) == documented[path], (path, r.headers["Allow"])


def test_unknown_method_on_unknown_path_is_404(server):
    r = requests.request("BREW", server.url("/coffee"), timeout=10)
    assert_error(r, 404, "not_found")


# --- body size ----------------------------------------------------------------

def test_body_at_the_cap_is_read(server):
    body = b'{"username":"a","password":"' + b"x" * (LOGIN_CAP - 30)
    body += b" " * (LOGIN_CAP - len(body))
    assert len(body) == LOGIN_CAP
    # Whole and unterminated: 400, so the size check let it through.
    assert_error(post_login(server, body), 400, "bad_json")


def test_oversized_body_is_413(server):
    r = post_login(server, b"{" + b" " * LOGIN_CAP + b"}")
    assert_error(r, 413, "too_large", None)


def test_oversized_content_length_is_refused_before_the_body(server):
    # Only the headers: the server must answer without waiting for a body.
    t0 = time.monotonic()
    status, headers, body, _ = raw_request(
        server.port,
        b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/json\r\n"
        b"Content-Length: 100000000\r\n\r\n", timeout=10)
    assert status == 413, (status, body)
    assert b'"too_large"' in body
    assert time.monotonic() - t0 < 5


@pytest.mark.parametrize("cl", [b"-1", b"12abc", b"99999999999999999999999"])
def test_odd_content_length_never_500(server, cl):
    status, _, body, closed = raw_request(
        server.port,
        b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/json\r\nConnection: close\r\n"
        b"Content-Length: " + cl + b"\r\n\r\n{}", timeout=10)
    assert status is None or 400 <= status < 500, (status, body)


def _chunked(total, chunk=1000):
    out = [b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n"
           b"Content-Type: application/json\r\n"
           b"Transfer-Encoding: chunked\r\n\r\n"]
    sent = 0
    while sent < total:
        n = min(chunk, total - sent)
        out.append(b"%x\r\n" % n + b" " * n + b"\r\n")
        sent += n
    out.append(b"0\r\n\r\n")
    return b"".join(out)


@pytest.mark.parametrize("total", [LOGIN_CAP + 1, 64 * 1024, 3 << 20])
def test_chunked_oversized_body_is_413_or_closed(server, total):
    t0 = time.monotonic()
    status, _, body, closed = raw_request(server.port, _chunked(total),
                                          timeout=20)
    assert status in (413, None), (status, body)
    if status is None:
        assert closed
    else:
        assert b'"too_large"' in body
    assert time.monotonic() - t0 < 20
    # And the server is still fine.
    assert requests.get(server.url("/healthz"), timeout=10).status_code == 200


def test_chunked_body_within_the_cap_is_read(server):
    body = b'{"username":"a"}'
    req = (b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n"
           b"Content-Type: application/json\r\nConnection: close\r\n"
           b"Transfer-Encoding: chunked\r\n\r\n" +
           b"%x\r\n" % 5 + body[:5] + b"\r\n" +
           b"%x\r\n" % (len(body) - 5) + body[5:] + b"\r\n0\r\n\r\n")
    status, _, out, _ = raw_request(server.port, req)
    assert status == 422 and b'"password"' in out, (status, out)


def test_slow_client_does_not_block_others(server):
    # A request whose body never arrives does not stop the server.
    s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    try:
        s.sendall(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n"
                  b"Content-Type: application/json\r\n"
                  b"Content-Length: 100\r\n\r\n{")
        for _ in range(5):
            r = requests.get(server.url("/healthz"), timeout=5)
            assert r.status_code == 200
    finally:
        s.close()


def test_errors_are_json_for_garbage_requests(server):
    status, headers, body, closed = raw_request(
        server.port, b"GARBAGE\r\n\r\n", timeout=10)
    # MHD answers a request line it cannot parse itself (400) or closes.
    assert status is None or status == 400, (status, body)
