#!/usr/bin/env python3
"""Soak Haven with mixed load, then hold many slow clients against it.

usage: bench/soak.py [--backend sqlite|postgres] [--bin build/haven]
           [--seconds SOAK_SECONDS (600)] [--clients 4]
           [--slow 200] [--slow-seconds 60] [--slow-interval 5]
           [--contacts 0] [--cases 0] [--keep DIR]

Haven serves a fresh demo installation (for PostgreSQL a server of its own,
as bench_stats.py starts it); with --contacts/--cases the data set of
gen_dataset.py is added first, and --keep DIR keeps (and reuses) the
installation in the layout of bench_stats.py.

1. Soak: --clients threads, logged in as the demo consultant (one as the
   coordinator), call what the interface calls, for --seconds: the call
   screen's look-up, logging a contact, the case page (audited), a page of
   the case register, a page of contact search (and its next page), the
   statistics (coordinator).  Haven's resident memory (VmRSS) and open
   file descriptors (/proc/PID/fd) are sampled every 5 s; a straight line
   fitted to the second half gives their growth per minute.  Flat is
   RSS < 1 MiB/min and no more descriptors at the end than at the middle
   (medians of five samples, two more allowed).
2. Slow clients: --slow connections (at most 1000, loopback only) each
   send the start of a request, then one more header byte every
   --slow-interval seconds, and never finish; one that Haven closes is
   opened again.  Meanwhile the same mixed load goes on and /healthz is
   asked every 0.25 s.  The normal requests' p99 must stay under 1 s and
   every /healthz answered.  Then the slow connections are dropped and
   Haven's sockets must come back down.

Prints the figures and exits 1 if a check failed (any answer that is not
2xx counts as one).
"""
import argparse
import collections
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from types import SimpleNamespace

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_stats import (PASSWORD, Install, Postgres, free_port,  # noqa
                         rss_kib, run)

SAMPLE_EVERY = 5.0
RSS_SLOPE_MAX = 1024            # KiB per minute
P99_MAX = 1.0                   # seconds, under slow clients
SLOW_MAX = 1000                 # slow connections, at most
# Demo persons' numbers (src/app/demo_cases.c): callers the look-up knows.
KNOWN = ["+48555010003", "+48555010007", "+48555010011", "+48555010015",
         "+48555010019", "+48555010023", "+48555010027", "+48555010031"]
CHANNELS = ["office_line", "oncall_mobile", "email", "chat"]
INQUIRERS = ["victim_polish", "victim_foreign", "family_friend",
             "organisation", "going_abroad", "anonymous"]
TOPICS = ["identification", "intervention", "prevention", "legal", "safety"]


# ---------------------------------------------------------------------------
# The installation and the server.

class DemoInstall:
    """A demo installation without the data set (the default)."""

    def __init__(self, backend, a, top):
        self.folder = os.path.join(top, backend)
        data = os.path.join(self.folder, "data")
        os.makedirs(data, exist_ok=True)
        self.pg = None
        if backend == "sqlite":
            self.url = "sqlite:" + os.path.join(data, "haven.db")
        else:
            self.pg = Postgres(self.folder)
            self.url = self.pg.start()
        self.common = ["--database", self.url, "--data-dir", data]
        ready = os.path.join(self.folder, "ready-demo")
        if not os.path.exists(ready):
            run(a.bin, "init", "--demo", *self.common, cwd=self.folder)
            open(ready, "w").close()

    def stop(self):
        if self.pg:
            self.pg.stop()


class Server:
    def __init__(self, a, inst):
        self.port = free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        self.logf = open(os.path.join(inst.folder, "soak-serve.log"), "w")
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("HAVEN_")}
        self.proc = subprocess.Popen(
            [a.bin, "serve", "--listen", "127.0.0.1:%d" % self.port,
             *inst.common], cwd=inst.folder, env=env, stdout=self.logf,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        for _ in range(600):
            try:
                if requests.get(self.base + "/healthz",
                                timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        sys.exit("soak: haven did not start (see %s)" % self.logf.name)

    def fds(self):
        try:
            return len(os.listdir("/proc/%d/fd" % self.proc.pid))
        except OSError:
            return None

    def sockets(self):
        """Open sockets only: a reader connection per thread, opened on
        first use, adds descriptors that stay."""
        n = 0
        try:
            for fd in os.listdir("/proc/%d/fd" % self.proc.pid):
                try:
                    n += os.readlink("/proc/%d/fd/%s" % (
                        self.proc.pid, fd)).startswith("socket:")
                except OSError:
                    pass
        except OSError:
            return None
        return n

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.logf.close()
        return self.proc.returncode


def login(base, username):
    s = requests.Session()
    r = s.post(base + "/api/v1/auth/login",
               json={"username": username, "password": PASSWORD}, timeout=30)
    if r.status_code != 200:
        sys.exit("soak: login of %s: %d %s" % (username, r.status_code,
                                               r.text))
    csrf = r.json().get("csrf")
    if csrf:
        s.headers["X-CSRF-Token"] = csrf
    return s


def clone(template):
    """Another keep-alive connection with template's session."""
    s = requests.Session()
    s.cookies.update(template.cookies)
    s.headers.update(template.headers)
    return s


# ---------------------------------------------------------------------------
# The mixed load.

class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.lat = collections.defaultdict(list)
            self.codes = collections.Counter()
            self.bad = []

    def add(self, op, status, seconds, text):
        with self.lock:
            self.lat[op].append(seconds)
            self.codes[status] += 1
            if not 200 <= status < 300:
                if len(self.bad) < 20:
                    self.bad.append((op, status, text[:200]))

    def all(self):
        with self.lock:
            return sorted(x for v in self.lat.values() for x in v)


def pct(xs, p):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))]


class Load:
    """The interface's calls, in proportions a hotline's day might have."""

    def __init__(self, base, consultant, coordinator, case_ids, stats):
        self.base = base
        self.consultant = consultant
        self.coordinator = coordinator
        self.case_ids = case_ids
        self.stats = stats
        self.stop = threading.Event()
        self.ops = [(self.lookup, 30), (self.log_contact, 15),
                    (self.case_page, 20), (self.register, 15),
                    (self.search, 15), (self.statistics, 5)]
        today = date.today()
        self.year = {"from": (today - timedelta(days=365)).isoformat(),
                     "to": today.isoformat()}

    def call(self, s, op, method, path, **kw):
        t0 = time.monotonic()
        try:
            r = s.request(method, self.base + path, timeout=30, **kw)
            status, text = r.status_code, r.text
        except requests.RequestException as exc:
            r, status, text = None, 599, repr(exc)
        self.stats.add(op, status, time.monotonic() - t0, text)
        return r

    def lookup(self, rng, s, coord):
        number = rng.choice(KNOWN) if rng.random() < 0.3 else \
            "+4857%07d" % rng.randrange(10 ** 7)
        self.call(s, "lookup", "POST", "/api/v1/contacts/lookup",
                  json={"number": number})

    def log_contact(self, rng, s, coord):
        body = {
            "started_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00",
                                        time.gmtime()),
            "duration_seconds": rng.randrange(30, 1800),
            "channel": rng.choice(CHANNELS), "direction": "incoming",
            "inquirer": rng.choice(INQUIRERS),
            "topics": rng.sample(TOPICS, rng.randrange(1, 3)),
            "urgency": "routine", "outcome": "advice",
            "summary": "Soak: asked about work abroad.",
            "handover_note": "Soak: nothing to do.",
            "caller_number": "+4857%07d" % rng.randrange(10 ** 7)}
        self.call(s, "log_contact", "POST", "/api/v1/contacts", json=body)

    def case_page(self, rng, s, coord):
        self.call(s, "case_page", "GET",
                  "/api/v1/cases/%d" % rng.choice(self.case_ids))

    def register(self, rng, s, coord):
        params = rng.choice([{}, {"urgent": "true"},
                             {"sort": "updated_at", "order": "desc"},
                             {"status": "identified"}])
        self.call(s, "register", "GET", "/api/v1/cases",
                  params=dict(params, limit=25))

    def search(self, rng, s, coord):
        params = rng.choice([{}, {"inquirer": "victim_foreign"},
                             {"urgency": "urgent"},
                             {"channel": "office_line"}])
        r = self.call(s, "search", "GET", "/api/v1/contacts",
                      params=dict(params, limit=25))
        if r is not None and r.status_code == 200 and rng.random() < 0.3:
            cur = r.json().get("next_cursor")
            if cur:
                self.call(s, "search", "GET", "/api/v1/contacts",
                          params=dict(params, limit=25, cursor=cur))

    def statistics(self, rng, s, coord):
        self.call(coord, "statistics", "GET", "/api/v1/statistics",
                  params=self.year)

    def worker(self, seed):
        rng = random.Random(seed)
        s, coord = clone(self.consultant), clone(self.coordinator)
        fns = [f for f, _ in self.ops]
        weights = [w for _, w in self.ops]
        while not self.stop.is_set():
            rng.choices(fns, weights)[0](rng, s, coord)

    def start(self, n, seed):
        self.stop.clear()
        self.threads = [threading.Thread(target=self.worker,
                                         args=(seed + i,), daemon=True)
                        for i in range(n)]
        for t in self.threads:
            t.start()

    def join(self):
        self.stop.set()
        for t in self.threads:
            t.join(60)


# ---------------------------------------------------------------------------
# Sampling and fitting.

class Sampler(threading.Thread):
    def __init__(self, srv):
        super().__init__(daemon=True)
        self.srv = srv
        self.samples = []       # (seconds since start, RSS KiB, fds)
        self.halt = threading.Event()
        self.t0 = time.monotonic()

    def sample(self):
        self.samples.append((time.monotonic() - self.t0,
                             rss_kib(self.srv.proc.pid), self.srv.fds()))

    def run(self):
        self.sample()
        while not self.halt.wait(SAMPLE_EVERY):
            self.sample()
        self.sample()


def slope_per_minute(points):
    """Least-squares slope of (seconds, value) points, per minute."""
    pts = [(t, v) for t, v in points if v is not None]
    if len(pts) < 2:
        return float("nan")
    mt = statistics.fmean(t for t, _ in pts)
    mv = statistics.fmean(v for _, v in pts)
    den = sum((t - mt) ** 2 for t, _ in pts)
    return 60 * sum((t - mt) * (v - mv) for t, v in pts) / den if den else 0.0


# ---------------------------------------------------------------------------
# Slow clients.

class Slowloris(threading.Thread):
    """n connections that never finish their request head."""

    def __init__(self, port, n, interval):
        super().__init__(daemon=True)
        self.port, self.n, self.interval = port, n, interval
        self.socks = []
        self.closed_by_server = 0
        self.refused = 0
        self.halt = threading.Event()

    def open_one(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(5)
        try:
            s.connect(("127.0.0.1", self.port))
            s.sendall(b"GET /api/v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      b"X-Slow: ")
        except OSError:
            s.close()
            self.refused += 1
            return None
        s.setblocking(False)
        return s

    def run(self):
        for _ in range(self.n):
            s = self.open_one()
            if s is not None:
                self.socks.append(s)
        # One byte on each connection per interval, spread over it.
        while not self.halt.is_set():
            step = self.interval / max(1, len(self.socks))
            for i, s in enumerate(list(self.socks)):
                if self.halt.wait(step):
                    return
                try:
                    gone = s.recv(1, socket.MSG_PEEK) == b""
                except BlockingIOError:
                    gone = False
                except OSError:
                    gone = True
                if not gone:
                    try:
                        s.send(b"a")
                    except OSError:
                        gone = True
                if gone:
                    self.closed_by_server += 1
                    s.close()
                    self.socks.remove(s)
                    t = self.open_one()
                    if t is not None:
                        self.socks.append(t)

    def close(self):
        self.halt.set()
        self.join(30)
        for s in self.socks:
            s.close()


class Prober(threading.Thread):
    """/healthz every 0.25 s on a connection of its own."""

    def __init__(self, base):
        super().__init__(daemon=True)
        self.base = base
        self.ok = self.failed = 0
        self.lat = []
        self.halt = threading.Event()

    def run(self):
        s = requests.Session()
        while not self.halt.wait(0.25):
            t0 = time.monotonic()
            try:
                ok = s.get(self.base + "/healthz", timeout=2).status_code \
                    == 200
            except requests.RequestException:
                ok = False
            self.lat.append(time.monotonic() - t0)
            if ok:
                self.ok += 1
            else:
                self.failed += 1


# ---------------------------------------------------------------------------

def report_ops(stats, title):
    print("%s:" % title)
    print("  %-12s %8s %9s %9s %9s" % ("request", "count", "p50 ms",
                                       "p99 ms", "max ms"))
    with stats.lock:
        lat = {k: list(v) for k, v in stats.lat.items()}
    for op in sorted(lat):
        v = lat[op]
        print("  %-12s %8d %9.1f %9.1f %9.1f" % (
            op, len(v), 1e3 * pct(v, .5), 1e3 * pct(v, .99), 1e3 * max(v)))
    every = stats.all()
    print("  %-12s %8d %9.1f %9.1f %9.1f" % (
        "all", len(every), 1e3 * pct(every, .5), 1e3 * pct(every, .99),
        1e3 * (max(every) if every else float("nan"))))
    print("  answers: %s" % dict(sorted(stats.codes.items())))
    return every


def soak(a, inst):
    failures = []
    srv = Server(a, inst)
    try:
        consultant = login(srv.base, "demo.consultant")
        coordinator = login(srv.base, "demo.coordinator")
        r = consultant.get(srv.base + "/api/v1/cases", params={"limit": 100})
        r.raise_for_status()
        case_ids = [c["id"] for c in r.json()["cases"]
                    if not c.get("restricted")]
        if not case_ids:
            sys.exit("soak: the consultant sees no case")
        stats = Stats()
        load = Load(srv.base, consultant, coordinator, case_ids, stats)

        # 1. Soak.
        print("soak: %s, %d clients for %d s, pid %d" % (
            a.backend, a.clients, a.seconds, srv.proc.pid), flush=True)
        sampler = Sampler(srv)
        sampler.start()
        load.start(a.clients, a.seed)
        t_end = time.monotonic() + a.seconds
        while time.monotonic() < t_end and srv.alive():
            time.sleep(min(10, max(0, t_end - time.monotonic())))
            s = sampler.samples[-1]
            print("  %4.0f s  RSS %6d KiB  fds %4s  requests %d" % (
                s[0], s[1] or 0, s[2], sum(stats.codes.values())),
                flush=True)
        # The last sample while the clients are still connected.
        sampler.halt.set()
        sampler.join()
        load.join()
        if not srv.alive():
            failures.append("haven died during the soak")
        every = report_ops(stats, "soak requests")
        dur = sampler.samples[-1][0] or 1
        print("  throughput: %.0f requests/s" % (len(every) / dur))
        samples = sampler.samples
        half = [s for s in samples if s[0] >= samples[-1][0] / 2]
        rss_slope = slope_per_minute([(t, r) for t, r, _ in half])
        fd_slope = slope_per_minute([(t, f) for t, _, f in half])
        rss = [r for _, r, _ in samples if r]
        fds = [f for _, _, f in samples if f is not None]
        print("  RSS: start %d KiB, peak %d KiB, end %d KiB; second half "
              "%+.1f KiB/min" % (rss[0], max(rss), rss[-1], rss_slope))
        print("  fds: start %d, peak %d, end %d; second half %+.2f/min" % (
            fds[0], max(fds), fds[-1], fd_slope))
        if rss_slope > RSS_SLOPE_MAX:
            failures.append("RSS grows %.0f KiB/min" % rss_slope)
        # A descriptor open for a moment (a client's new connection, a
        # temporary file) is no leak: compare the medians of five samples
        # at the middle and at the end.
        mid = statistics.median(f for _, _, f in half[:5] if f is not None)
        end = statistics.median(f for _, _, f in half[-5:] if f is not None)
        print("  fds: median %g at the middle, %g at the end" % (mid, end))
        if end > mid + 2:
            failures.append("open files grow (%g -> %g, %+.2f/min)" % (
                mid, end, fd_slope))
        if stats.bad:
            failures.append("answers that are not 2xx: %r" % stats.bad[:5])
        socks_before_slow = srv.sockets()

        # 2. Slow clients.
        if a.slow > 0 and srv.alive():
            stats.reset()
            print("slow clients: %d connections, a byte every %g s, for "
                  "%d s" % (a.slow, a.slow_interval, a.slow_seconds),
                  flush=True)
            slow = Slowloris(srv.port, a.slow, a.slow_interval)
            slow.start()
            time.sleep(min(5, a.slow_seconds / 4))      # all connected
            stats.reset()
            prober = Prober(srv.base)
            prober.start()
            load.start(a.clients, a.seed + 1000)
            t_end = time.monotonic() + a.slow_seconds
            while time.monotonic() < t_end and srv.alive():
                time.sleep(min(10, max(0, t_end - time.monotonic())))
                print("  slow open %d, closed by haven %d; haven fds %s, "
                      "requests %d" % (len(slow.socks),
                                       slow.closed_by_server, srv.fds(),
                                       sum(stats.codes.values())),
                      flush=True)
            load.join()
            prober.halt.set()
            prober.join()
            every = report_ops(stats, "requests under slow clients")
            p99 = pct(every, .99)
            print("  /healthz: %d answered, %d failed, p99 %.1f ms" % (
                prober.ok, prober.failed, 1e3 * pct(prober.lat, .99)))
            print("  slow connections: %d held at the end, %d closed by "
                  "haven, %d refused" % (len(slow.socks),
                                          slow.closed_by_server,
                                          slow.refused))
            slow.close()
            if not every or p99 >= P99_MAX:
                failures.append("p99 %.0f ms under slow clients" % (
                    1e3 * p99))
            if prober.failed or not prober.ok:
                failures.append("/healthz failed %d times" % prober.failed)
            if stats.bad:
                failures.append("answers that are not 2xx under slow "
                                "clients: %r" % stats.bad[:5])
            # Haven closes what the slow clients left.
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and srv.alive() and \
                    srv.sockets() > socks_before_slow + 5:
                time.sleep(0.5)
            after = srv.sockets()
            print("  sockets: %s before, %s after the slow clients left" % (
                socks_before_slow, after))
            if after is None or after > socks_before_slow + 5:
                failures.append("sockets stay open after the slow clients "
                                "left")
    finally:
        rc = srv.stop()
    if rc != 0:
        failures.append("haven exited %r on SIGTERM" % rc)
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--backend", default="sqlite",
                    choices=("sqlite", "postgres"))
    ap.add_argument("--bin", default="build/haven")
    ap.add_argument("--seconds", type=int,
                    default=int(os.environ.get("SOAK_SECONDS", "600")))
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--slow", type=int, default=200)
    ap.add_argument("--slow-seconds", type=int, default=60)
    ap.add_argument("--slow-interval", type=float, default=5.0)
    ap.add_argument("--contacts", type=int, default=0)
    ap.add_argument("--cases", type=int, default=0)
    ap.add_argument("--keep", help="a folder to keep the installation in "
                    "(reused when it holds one)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if not 0 <= a.slow <= SLOW_MAX:
        sys.exit("soak: --slow must be 0..%d" % SLOW_MAX)
    a.bin = os.path.abspath(a.bin)
    top = a.keep or tempfile.mkdtemp(prefix="haven-soak-")
    os.makedirs(top, exist_ok=True)
    os.chmod(top, 0o755)        # PostgreSQL runs as its own user
    inst = None
    try:
        if a.contacts > 0 or a.cases > 0:
            inst = Install(a.backend, SimpleNamespace(
                bin=a.bin, contacts=a.contacts, cases=a.cases), top)
        else:
            inst = DemoInstall(a.backend, a, top)
        failures = soak(a, inst)
    finally:
        if inst is not None:
            inst.stop()
        if not a.keep:
            shutil.rmtree(top, ignore_errors=True)
    if failures:
        print("soak: FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("soak: passed")


if __name__ == "__main__":
    main()
