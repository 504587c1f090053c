"""The routes about the service itself, and the headers of every answer."""
import re

import pytest
import requests

from conftest import BACKEND, assert_error


def test_healthz(server):
    r = requests.get(server.url("/healthz"), timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    body = r.json()
    assert body["status"] == "ok"
    assert body["database"] == ("sqlite" if BACKEND == "sqlite"
                                else "postgresql")
    assert isinstance(body["schema"], int) and body["schema"] >= 1


def test_version(server):
    r = requests.get(server.url("/api/v1/version"), timeout=10)
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == "haven"
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", body["version"]), body
    assert body["api"] == "v1"
    health = requests.get(server.url("/healthz"), timeout=10).json()
    assert body["schema"] == health["schema"]


def test_openapi_document(server):
    r = requests.get(server.url("/api/v1/openapi.json"), timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    doc = r.json()
    assert re.fullmatch(r"3\.1\.\d+", doc["openapi"]), doc["openapi"]
    assert doc["info"]["title"]
    ver = requests.get(server.url("/api/v1/version"), timeout=10).json()
    assert doc["info"]["version"] == ver["version"]
    # Every documented operation exists: never a 404 or a 405.
    for path, ops in doc["paths"].items():
        if "{" in path:
            continue
        for method in ops:
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            r = requests.request(method.upper(), server.url(path),
                                 timeout=10)
            assert r.status_code not in (404, 405), (method, path, r.text)


def test_head_is_answered_like_get_without_body(server):
    r = requests.head(server.url("/healthz"), timeout=10)
    assert r.status_code == 200
    assert r.content == b""
    assert r.headers["Content-Type"].startswith("application/json")


CSP_REQUIRED = ("frame-ancestors 'none'", "default-src 'self'",
                "object-src 'none'")


def _responses(server, admin):
    """A spread of answers: success, static, and errors of each kind."""
    url = server.url
    yield "healthz", requests.get(url("/healthz"), timeout=10)
    yield "version", requests.get(url("/api/v1/version"), timeout=10)
    yield "openapi", requests.get(url("/api/v1/openapi.json"), timeout=10)
    yield "me", admin.get(url("/api/v1/auth/me"), timeout=10)
    yield "404", requests.get(url("/api/v1/nope"), timeout=10)
    yield "405", requests.delete(url("/healthz"), timeout=10)
    yield "401", requests.get(url("/api/v1/auth/me"), timeout=10)
    yield "400", requests.post(url("/api/v1/auth/login"), data=b"{",
                               headers={"Content-Type": "application/json"},
                               timeout=10)
    yield "415", requests.post(url("/api/v1/auth/login"), data=b"{}",
                               headers={"Content-Type": "text/plain"},
                               timeout=10)
    yield "422", requests.post(url("/api/v1/auth/login"), json={},
                               timeout=10)
    yield "413", requests.post(url("/api/v1/auth/login"), data=b"x" * 5000,
                               headers={"Content-Type": "application/json"},
                               timeout=10)


def test_security_headers_on_every_response(server, admin):
    ids = set()
    for name, r in _responses(server, admin):
        h = r.headers
        csp = h.get("Content-Security-Policy", "")
        for part in CSP_REQUIRED:
            assert part in csp, (name, csp)
        assert "unsafe-inline" not in csp, (name, csp)
        assert h.get("X-Content-Type-Options") == "nosniff", name
        assert h.get("Referrer-Policy") == "no-referrer", name
        assert h.get("X-Frame-Options") == "DENY", name
        rid = h.get("X-Request-Id", "")
        assert re.fullmatch(r"[0-9a-f]{16}", rid), (name, rid)
        ids.add(rid)
        cc = h.get("Cache-Control", "")
        if name == "openapi":
            # An embedded document, public and the same for everyone:
            # revalidated, never served stale.
            assert cc in ("no-store", "no-cache"), (name, cc)
        else:
            assert cc == "no-store", (name, cc)
    assert len(ids) == 11, "request ids must be unique"


def test_request_id_differs_per_request(server):
    with requests.Session() as s:
        got = {s.get(server.url("/healthz"), timeout=10)
               .headers["X-Request-Id"] for _ in range(5)}
    assert len(got) == 5


def test_no_server_banner_leaks_details(server):
    r = requests.get(server.url("/healthz"), timeout=10)
    # libmicrohttpd adds no Server header unless told to; haven does not.
    assert "microhttpd" not in r.headers.get("Server", "").lower()


def test_typed_path_parameter_that_does_not_fit_is_404(server):
    doc = requests.get(server.url("/api/v1/openapi.json"), timeout=10).json()
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            if not isinstance(op, dict):
                continue
            params = op.get("parameters", []) + ops.get("parameters", [])
            for p in params:
                if p.get("in") == "path" and \
                        p.get("schema", {}).get("type") == "integer":
                    bad = path.replace("{%s}" % p["name"], "abc")
                    bad = re.sub(r"\{[^}]+\}", "1", bad)
                    r = requests.request(method.upper(), server.url(bad),
                                         timeout=10)
                    assert_error(r, 404, "not_found")
                    for v in ("0", "-1", "1.5", "99999999999999999999"):
                        bad2 = path.replace("{%s}" % p["name"], v)
                        bad2 = re.sub(r"\{[^}]+\}", "1", bad2)
                        r = requests.request(method.upper(),
                                             server.url(bad2), timeout=10)
                        assert_error(r, 404, "not_found")
                    return
    pytest.skip("no route takes an integer path parameter yet")
