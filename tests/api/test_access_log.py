"""
The access log: one line per request, "req=ID METHOD ROUTE status=N
dur_us=N user=N", naming the route, never the path's query, a body, a
password, a user name or a session token.
"""
import requests

from conftest import ACCESS_RE, DEMO_PASSWORD, DEMO_USERS, raw_request

PROBE_USER = "probe.user.zq7"
PROBE_PASSWORD = "probe-Secret-4711"


def test_one_line_per_request_with_route_and_status(server, admin):
    url = server.url
    cases = [
        (requests.get(url("/healthz"), timeout=10), "GET", "healthz", 200),
        (requests.get(url("/api/v1/version"), timeout=10), "GET", "version",
         200),
        (requests.get(url("/api/v1/openapi.json"), timeout=10), "GET",
         "openapi", 200),
        (admin.get(url("/api/v1/auth/me"), timeout=10), "GET", "auth.me",
         200),
        (requests.get(url("/api/v1/auth/me"), timeout=10), "GET", "auth.me",
         401),
        (requests.post(url("/api/v1/auth/login"), json={"username": 1},
                       timeout=10), "POST", "auth.login", 422),
        (requests.get(url("/no/such/route"), timeout=10), "GET", "-", 404),
        (requests.delete(url("/healthz"), timeout=10), "DELETE", "-", 405),
        (requests.request("BREW", url("/healthz"), timeout=10), "BREW", "-",
         405),
    ]
    admin_id = server.session_user("demo.admin")["id"]
    for r, method, route, status in cases:
        assert r.status_code == status, (route, r.status_code, r.text)
        m = server.access_line(r.headers["X-Request-Id"])
        assert m.group("method") == method
        assert m.group("route") == route
        assert int(m.group("status")) == status
        assert m.group("aborted") is None
        expect_user = admin_id if (route == "auth.me" and status == 200) \
            else 0
        assert int(m.group("user")) == expect_user, m.group(0)


def test_413_is_logged_once(server):
    r = requests.post(server.url("/api/v1/auth/login"), data=b"x" * 5000,
                      headers={"Content-Type": "application/json"},
                      timeout=10)
    assert r.status_code == 413
    m = server.access_line(r.headers["X-Request-Id"])
    assert m.group("route") == "auth.login" and m.group("status") == "413"


def test_login_logs_the_user_id_not_the_name(server):
    s, r = server.login("demo.coordinator", DEMO_PASSWORD)
    assert r.status_code == 200
    m = server.access_line(r.headers["X-Request-Id"])
    assert m.group("route") == "auth.login" and m.group("status") == "200"
    assert int(m.group("user")) == r.json()["user"]["id"]
    token = s.cookies.get("haven_session")
    assert token and token not in server.log


def test_no_secrets_in_the_log(server, admin):
    r = requests.get(server.url("/healthz?secret=abc123&token=tok987zz"),
                     timeout=10)
    assert r.status_code == 200
    server.access_line(r.headers["X-Request-Id"])
    r = requests.get(server.url("/no/such?q=qval55xy"), timeout=10)
    server.access_line(r.headers["X-Request-Id"])
    r = requests.post(server.url("/api/v1/auth/login"),
                      json={"username": PROBE_USER,
                            "password": PROBE_PASSWORD}, timeout=30)
    assert r.status_code == 401
    server.access_line(r.headers["X-Request-Id"])
    # A body that fails validation is not echoed either.
    r = requests.post(server.url("/api/v1/auth/login"),
                      json={"username": "bodyname.q9", "password": 7},
                      timeout=10)
    assert r.status_code == 422
    server.access_line(r.headers["X-Request-Id"])
    # Odd bytes in a method or path cannot forge log lines.
    raw_request(server.port, b"GET /x\r\nstatus=200 HTTP/1.1\r\n"
                b"Host: x\r\nConnection: close\r\n\r\n")
    log = server.log
    for secret in ("abc123", "tok987zz", "qval55xy", "secret=", PROBE_USER,
                   PROBE_PASSWORD, "bodyname.q9", DEMO_PASSWORD,
                   admin.cookies.get("haven_session"), *DEMO_USERS):
        assert secret not in log, "%r is in the log:\n%s" % (secret, log)


def test_every_access_line_is_well_formed(server):
    requests.get(server.url("/healthz"), timeout=10)
    lines = [line for line in server.log.splitlines()
             if " req=" in line and " status=" in line]
    assert lines
    for line in lines:
        m = ACCESS_RE.search(line)
        assert m, line
        assert set(m.group("method")) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ?")
