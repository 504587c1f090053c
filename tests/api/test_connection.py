"""Keep-alive, concurrent clients, and the graceful stop on SIGTERM."""
import json
import re
import signal
import socket
import threading
import time

import pytest
import requests

from conftest import http_conn, read_response

JSON = {"Content-Type": "application/json"}


def test_keep_alive_on_one_connection(server):
    c = http_conn(server)
    try:
        c.request("GET", "/healthz")
        r = c.getresponse()
        r.read()
        assert r.status == 200
        assert not r.will_close
        sock = c.sock
        assert sock is not None
        local = sock.getsockname()
        # GETs, and POSTs with a body answered with an error, all on the
        # same connection: http.client would raise, not reconnect, had the
        # server closed it.
        steps = [
            ("GET", "/api/v1/version", None, {}, 200),
            ("POST", "/api/v1/auth/login", b"{", JSON, 400),
            ("POST", "/api/v1/auth/login", b'{"username":"a"}', JSON, 422),
            ("POST", "/api/v1/auth/login", b"{}", {"Content-Type":
                                                   "text/plain"}, 415),
            ("GET", "/api/v1/auth/me", None, {}, 401),
            ("GET", "/nope", None, {}, 404),
            ("DELETE", "/healthz", None, {}, 405),
            ("GET", "/healthz", None, {}, 200),
        ]
        for method, path, body, headers, status in steps:
            c.request(method, path, body=body, headers=headers)
            r = c.getresponse()
            r.read()
            assert r.status == status, (method, path, r.status)
            assert not r.will_close, (method, path)
            assert c.sock is sock, (method, path)
            assert c.sock.getsockname() == local
    finally:
        c.close()


def test_requests_session_reuses_its_connection(server):
    with requests.Session() as s:
        for _ in range(3):
            assert s.get(server.url("/healthz"), timeout=10).status_code == 200
            assert s.get(server.url("/api/v1/version"),
                         timeout=10).status_code == 200
        pool = s.get_adapter(server.base_url).poolmanager.connection_from_url(
            server.base_url)
        assert pool.num_connections == 1


def test_concurrent_clients(server, admin):
    cookie = admin.cookies.get("haven_session")
    admin_id = server.session_user("demo.admin")["id"]
    failures, ids = [], []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def worker(n):
        with requests.Session() as s:
            s.cookies.set("haven_session", cookie)
            start.wait()
            for i in range(25):
                path = "/healthz" if (i + n) % 2 else "/api/v1/auth/me"
                try:
                    r = s.get(server.url(path), timeout=30)
                    ok = r.status_code == 200 and (
                        path == "/healthz" and r.json()["status"] == "ok" or
                        path != "/healthz" and
                        r.json()["user"]["id"] == admin_id)
                    with lock:
                        ids.append(r.headers.get("X-Request-Id"))
                        if not ok:
                            failures.append((path, r.status_code, r.text))
                except Exception as e:      # noqa: BLE001
                    with lock:
                        failures.append((path, repr(e)))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads), "clients hung"
    assert failures == []
    assert len(ids) == 200 and len(set(ids)) == 200


@pytest.fixture(scope="module")
def stoppable(install_factory):
    """An install of its own, for servers that the tests stop."""
    inst = install_factory("stop")
    r = inst.init()
    inst.admin_name = "admin"
    assert re.search(r"^  password:  \S+$", r.stdout, re.M), r.stdout
    return inst


def turned_away(port):
    """A new connection is refused, or closed before any answer."""
    try:
        c = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError:
        return True
    with c:
        try:
            c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            return c.recv(1024) == b""
        except OSError:
            return True


def test_sigterm_finishes_requests_in_flight_then_exits_0(stoppable):
    srv = stoppable.serve()
    try:
        # An idle keep-alive connection must not hold the stop up.
        idle = http_conn(srv)
        idle.request("GET", "/healthz")
        idle.getresponse().read()

        # A login takes about a second (Argon2id): in flight at SIGTERM.
        body = json.dumps({"username": "admin",
                           "password": "wrong-password"}).encode()
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
        s.sendall(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n"
                  b"Content-Type: application/json\r\n"
                  b"Content-Length: %d\r\n\r\n" % len(body) + body)
        time.sleep(0.3)
        t0 = time.monotonic()
        srv.proc.send_signal(signal.SIGTERM)

        # New clients are turned away (at once; within 5 s under
        # valgrind), without an answer...
        deadline = time.monotonic() + 5
        while not turned_away(srv.port) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert turned_away(srv.port)
        # ...while the request in flight gets its whole answer.
        status, headers, out, _ = read_response(s)
        s.close()
        assert status == 401, (status, out, srv.log)
        assert b'"unauthenticated"' in out

        srv.proc.wait(15)
        assert time.monotonic() - t0 < 15
        idle.close()
    finally:
        rc = srv.stop()
    log = srv.log
    assert rc == 0, log
    assert "requests in flight" in log and "stopped" in log
    assert "stopping with" not in log, log      # none cut off
    login = [m for m in srv.access_lines() if m.group("route") ==
             "auth.login"]
    assert len(login) == 1 and login[0].group("status") == "401"
    assert login[0].group("aborted") is None
    # It was in flight: answered after the signal was taken.
    lines = log.splitlines()
    sig = next(i for i, l in enumerate(lines) if "signal 15" in l)
    done = next(i for i, l in enumerate(lines) if login[0].group(0) in l)
    assert sig < done, log
    srv.assert_clean_exit()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", srv.port), timeout=5)


def test_sigint_stops_too(stoppable):
    srv = stoppable.serve()
    assert requests.get(srv.url("/healthz"), timeout=10).status_code == 200
    srv.proc.send_signal(signal.SIGINT)
    srv.proc.wait(15)
    srv.assert_clean_exit()
    with pytest.raises(requests.ConnectionError):
        requests.get(srv.url("/healthz"), timeout=5)


def test_idle_server_stops_quickly(stoppable):
    srv = stoppable.serve()
    c = http_conn(srv)
    c.request("GET", "/healthz")
    c.getresponse().read()
    t0 = time.monotonic()
    srv.assert_clean_exit()
    assert time.monotonic() - t0 < 5
    c.close()
