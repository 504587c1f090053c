"""
Hostile clients on loopback must not starve the others: while SLOW
connections misbehave for about ten seconds (a third send a request head a
byte every second and never finish it, a third send the head of a POST and
then its body a byte a second, a third connect and say nothing) and a few
pipeline large answers they never read, NORMAL requests of a logged-in
consultant keep their p99 under a second and /healthz answers throughout.
When they have gone, Haven holds no more sockets than before.  And a
server started with a low limit of open files (systemd's default soft
limit is 1024) still has descriptors for its database when slow clients
hold more connections than that limit would allow.

The long version, with ten minutes of mixed load before it, is
bench/soak.py (make soak).
"""
import os
import resource
import socket
import threading
import time

import pytest
import requests

from conftest import BACKEND

SLOW = 100
NORMAL = 200
SECONDS = 10
P99_MAX = 1.0


def fds(srv):
    return len(os.listdir("/proc/%d/fd" % srv.proc.pid))


def sockets(srv):
    """Connections to Haven's port still open (any state but LISTEN), from
    the kernel's tables: Haven's own sockets include its database
    connections, which come and stay with its workers (PostgreSQL)."""
    n = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    cols = line.split()
                    port = int(cols[1].rsplit(":", 1)[1], 16)
                    # Not LISTEN (0A), nor TIME_WAIT (06): closed already.
                    if port == srv.port and cols[3] not in ("0A", "06"):
                        n += 1
        except OSError:
            pass
    return n


def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.setblocking(False)
    return s


def trickle(s, data):
    """Send data, or say the server closed the connection."""
    try:
        s.send(data)
        return True
    except BlockingIOError:
        return True
    except OSError:
        return False


def misbehave(port, stop, closed, n=SLOW):
    """n bad connections, fed a byte each a second until stop; closed
    counts those Haven hung up on."""
    socks = []
    for i in range(n):
        s = connect(port)
        if i % 3 == 0:
            s.send(b"GET /api/v1/cases HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        elif i % 3 == 1:
            s.send(b"POST /api/v1/contacts HTTP/1.1\r\nHost: x\r\n"
                   b"Content-Type: application/json\r\n"
                   b"Content-Length: 4000\r\n\r\n{")
        socks.append((i % 3, s))
    # Never read: the answers pile up until Haven cannot send any more.
    readers = []
    for _ in range(5):
        s = connect(port)
        trickle(s, b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\n\r\n"
                * 20)
        readers.append(s)
    while not stop.wait(1.0):
        for kind, s in list(socks):
            if kind != 2 and not trickle(s, b"a"):
                closed[0] += 1
                socks.remove((kind, s))
                s.close()
    for _, s in socks:
        s.close()
    for s in readers:
        s.close()


def test_slow_clients_do_not_starve_others(server):
    s = server.session("demo.consultant")
    r = s.get(server.url("/api/v1/cases"), params={"limit": 20})
    assert r.status_code == 200, r.text
    case_ids = [c["id"] for c in r.json()["cases"] if not c.get("restricted")]
    assert case_ids
    calls = [
        ("POST", "/api/v1/contacts/lookup", {"number": "+48555010003"}),
        ("GET", "/api/v1/cases?limit=25", None),
        ("GET", "/api/v1/contacts?limit=25", None),
        ("GET", "/api/v1/cases/%d" % case_ids[0], None),
    ]
    before = sockets(server)
    stop = threading.Event()
    closed = [0]
    bad = threading.Thread(target=misbehave, args=(server.port, stop,
                                                   closed))
    bad.start()
    health = []

    def probe():
        while not stop.wait(0.25):
            t0 = time.monotonic()
            try:
                ok = requests.get(server.url("/healthz"),
                                  timeout=2).status_code == 200
            except requests.RequestException:
                ok = False
            health.append((ok, time.monotonic() - t0))
    prober = threading.Thread(target=probe)
    time.sleep(1)               # the bad ones connected
    during = sockets(server)
    prober.start()
    lat = []
    t_end = time.monotonic() + SECONDS
    try:
        for i in range(NORMAL):
            method, path, body = calls[i % len(calls)]
            t0 = time.monotonic()
            r = s.request(method, server.url(path), json=body, timeout=10)
            lat.append(time.monotonic() - t0)
            assert r.status_code == 200, (path, r.status_code, r.text)
            # Spread over SECONDS: the bad connections stay the while.
            pause = (t_end - time.monotonic()) / (NORMAL - i)
            if pause > 0:
                time.sleep(pause)
    finally:
        stop.set()
        bad.join(30)
        prober.join(30)
    lat.sort()
    p99 = lat[int(len(lat) * 0.99)]
    failed = [h for h in health if not h[0]]
    print("\nhostile: %s: %d bad connections (sockets %d -> %d, %d hung up "
          "on), %d requests p50 %.1f ms p99 %.1f ms, /healthz %d/%d"
          % (BACKEND, SLOW + 5, before, during, closed[0], len(lat),
             1e3 * lat[len(lat) // 2], 1e3 * p99,
             len(health) - len(failed), len(health)))
    assert during >= before + SLOW // 2, "the bad clients did not connect"
    assert p99 < P99_MAX, "p99 %.0f ms under slow clients" % (1e3 * p99)
    assert len(health) >= SECONDS * 2 and not failed, health
    # Haven lets go of them all.
    deadline = time.monotonic() + 10
    while sockets(server) > before + 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sockets(server) <= before + 2, (before, sockets(server))


def test_slow_clients_leave_the_database_its_files(server):
    """Started with a soft limit of 128 open files, Haven raises it for
    its connections: 200 slow clients used to take every descriptor, so
    that SQLite could not open its files (writes failed with 500) and
    libmicrohttpd stopped accepting."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 2048:
        pytest.skip("the hard limit of open files is %d" % hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (128, hard))
    try:
        srv = server.install.serve()
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    stop = threading.Event()
    closed = [0]
    bad = threading.Thread(target=misbehave, args=(srv.port, stop, closed,
                                                   200))
    try:
        s = srv.session("demo.consultant")
        bad.start()
        time.sleep(1)
        body = {"started_at": "2026-11-25T10:00:00+01:00",
                "duration_seconds": 60, "channel": "email",
                "direction": "incoming", "inquirer": "other",
                "topics": ["legal"], "urgency": "routine",
                "outcome": "advice", "summary": "Under slow clients."}
        for _ in range(10):
            r = s.post(srv.url("/api/v1/contacts"), json=body, timeout=10)
            assert r.status_code == 201, r.text
            # A new connection is accepted too.
            assert requests.get(srv.url("/healthz"),
                                timeout=5).status_code == 200
        assert sockets(srv) > 150, "the bad clients did not connect"
    finally:
        stop.set()
        bad.join(30)
        srv.assert_clean_exit()
    assert "unable to open" not in srv.log
