#!/usr/bin/env python3
"""Measure the statistics on a national centre's data set.

usage: bench/bench_stats.py [--backend sqlite|postgres|both] [--bin build/haven]
           [--contacts 5000000] [--cases 500000] [--runs 30] [--keep DIR]

For each backend: a fresh installation (`haven init --demo`; for
PostgreSQL a server of its own, initdb in a temporary folder run as the
postgres user, on a free loopback port), the data set of gen_dataset.py,
`haven stats rebuild`, then `haven serve` and, logged in as a coordinator,
GET /api/v1/statistics for the last whole year --runs times after one
warm-up.  Prints the latencies (min, p50, p90, max) and the server's
memory after the runs.  --keep DIR keeps the installations (and
--generate-only stops after making them), so that a quiet machine can
measure them later.  The target of issue #8 is a year under 300 ms.
"""
import argparse
import os
import pwd
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
PASSWORD = "haven-demo-only"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*argv, **kw):
    r = subprocess.run(argv, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit("bench: %s failed:\n%s%s" % (" ".join(argv), r.stdout,
                                              r.stderr))
    return r


class Postgres:
    """A throwaway PostgreSQL server owned by the postgres user."""

    def __init__(self, top):
        self.dir = os.path.join(top, "pg")
        os.makedirs(self.dir, exist_ok=True)
        pw = pwd.getpwnam("postgres")
        os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        bins = sorted(d for d in os.listdir("/usr/lib/postgresql"))
        self.bin = "/usr/lib/postgresql/%s/bin" % bins[-1]
        self.port = free_port()
        self.proc = None

    def _as(self, *argv):
        return ["runuser", "-u", "postgres", "--", *argv]

    def start(self):
        data = os.path.join(self.dir, "data")
        fresh = not os.path.exists(data)
        if fresh:
            run(*self._as(self.bin + "/initdb", "-D", data, "-A", "trust",
                          "-U", "postgres", "--no-sync"))
        self.log = open(os.path.join(self.dir, "log"), "w")
        self.proc = subprocess.Popen(self._as(
            self.bin + "/postgres", "-D", data, "-p", str(self.port),
            "-k", self.dir, "-c", "listen_addresses=127.0.0.1",
            "-c", "shared_buffers=512MB", "-c", "max_wal_size=4GB"),
            stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(100):
            r = subprocess.run([self.bin + "/pg_isready", "-h", "127.0.0.1",
                                "-p", str(self.port)], capture_output=True)
            if r.returncode == 0:
                break
            time.sleep(0.2)
        if fresh:
            run(self.bin + "/createdb", "-h", "127.0.0.1", "-p",
                str(self.port), "-U", "postgres", "haven")
        return "postgresql://postgres@127.0.0.1:%d/haven" % self.port

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(60)


def rss_kib(pid):
    """The resident memory now (not the peak: a login's Argon2id hash
    takes its memory for a moment)."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


class Install:
    """An installation with the data set in it, made once (kept with
    --keep): its folder, database URL, the shared options of haven, and
    for PostgreSQL the server it runs."""

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
        self.gen = self.rebuild = 0.0
        try:
            self._fill(backend, a)
        except BaseException:
            self.stop()
            raise

    def _fill(self, backend, a):
        ready = os.path.join(self.folder, "ready")
        url, common, folder, pg = self.url, self.common, self.folder, \
            self.pg
        # A kept installation is measured again as it is (--keep).
        if not os.path.exists(ready):
            run(a.bin, "init", "--demo", *common, cwd=folder)
            t0 = time.time()
            run(sys.executable, os.path.join(HERE, "gen_dataset.py"),
                "--database", url, "--contacts", str(a.contacts),
                "--cases", str(a.cases))
            gen = time.time() - t0
            t0 = time.time()
            run(a.bin, "stats", "rebuild", *common)
            rebuild = time.time() - t0
            # The planner's statistics of the rollups just written, as
            # autovacuum (PostgreSQL) or an operator's ANALYZE would keep.
            if pg:
                run("psql", "-X", "-q", url, "-c", "ANALYZE")
            else:
                con = sqlite3.connect(url[len("sqlite:"):])
                con.execute("ANALYZE")
                con.close()
            open(ready, "w").close()
            print("%s: data set generated in %.0f s, rollups recounted "
                  "in %.1f s" % (backend, gen, rebuild), flush=True)
            self.gen, self.rebuild = gen, rebuild

    def stop(self):
        if self.pg:
            self.pg.stop()


def bench(backend, a, top):
    inst = Install(backend, a, top)
    folder, common, gen, rebuild = inst.folder, inst.common, inst.gen, \
        inst.rebuild
    try:
        if a.generate_only:
            return None
        port = free_port()
        log = open(os.path.join(folder, "serve.log"), "w")
        srv = subprocess.Popen([a.bin, "serve", *common, "--listen",
                                "127.0.0.1:%d" % port], stdout=log,
                               stderr=subprocess.STDOUT, cwd=folder)
        base = "http://127.0.0.1:%d" % port
        try:
            for _ in range(100):
                try:
                    requests.get(base + "/healthz", timeout=1)
                    break
                except requests.ConnectionError:
                    time.sleep(0.1)
            s = requests.Session()
            r = s.post(base + "/api/v1/auth/login", json={
                "username": "demo.coordinator", "password": PASSWORD})
            r.raise_for_status()
            year = date.today().year - 1
            q = {"from": "%d-01-01" % year, "to": "%d-12-31" % year}
            r = s.get(base + "/api/v1/statistics", params=q)
            r.raise_for_status()
            tables = {t["id"]: t for t in r.json()["tables"]}
            times = []
            for _ in range(a.runs):
                t0 = time.perf_counter()
                r = s.get(base + "/api/v1/statistics", params=q)
                times.append((time.perf_counter() - t0) * 1000)
                r.raise_for_status()
            rss = rss_kib(srv.pid)
        finally:
            srv.terminate()
            srv.wait(30)
        times.sort()
        return {
            "backend": backend, "generate_s": gen, "rebuild_s": rebuild,
            "year": year,
            "contacts_in_year": tables["contacts_inquirer"]["total"],
            "cases_in_year": tables["cases_status"]["total"],
            "min": times[0], "p50": statistics.median(times),
            "p90": times[int(len(times) * 0.9) - 1], "max": times[-1],
            "rss_mib": rss / 1024 if rss else None,
        }
    finally:
        inst.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--backend", default="both",
                    choices=["sqlite", "postgres", "both"])
    ap.add_argument("--bin", default="build/haven")
    ap.add_argument("--contacts", type=int, default=5000000)
    ap.add_argument("--cases", type=int, default=500000)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--keep", help="a folder to keep the installations in "
                    "(measured again as they are on the next run)")
    ap.add_argument("--generate-only", action="store_true",
                    help="make the data sets (with --keep), measure later")
    a = ap.parse_args()
    a.bin = os.path.abspath(a.bin)
    top = a.keep or tempfile.mkdtemp(prefix="haven-bench-")
    os.makedirs(top, exist_ok=True)
    if not a.keep:
        os.chmod(top, 0o755)
    backends = ["sqlite", "postgres"] if a.backend == "both" else \
        [a.backend]
    print("machine: %d cores; %d contacts, %d cases" % (
        os.cpu_count(), a.contacts, a.cases), flush=True)
    try:
        for b in backends:
            res = bench(b, a, top)
            if res is None:
                print("%s: data set ready in %s" % (b, top), flush=True)
                continue
            print("%(backend)s: data set %(generate_s).0f s, rebuild "
                  "%(rebuild_s).1f s; year %(year)d: %(contacts_in_year)d "
                  "contacts, %(cases_in_year)d cases; GET /api/v1/statistics:"
                  " min %(min).0f ms, p50 %(p50).0f ms, p90 %(p90).0f ms, "
                  "max %(max).0f ms; RSS after %(rss_mib).1f MiB" % res,
                  flush=True)
    finally:
        if not a.keep:
            shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    main()
