#!/usr/bin/env python3
"""Haven under load, against the machine's own HTTP ceiling.

usage: bench/bench_http.py [--backend sqlite|postgres|both] [--bin build/haven]
           [--contacts 5000000] [--cases 500000] [--keep DIR]
           [--duration 10] [--connections 64] [--rate 1000]

For each backend: the data set of bench_stats.py (made once; --keep keeps
it), `haven serve` on it (start-up timed to the first /healthz answer),
logged in as a consultant (and a coordinator for the statistics) with real
sessions, the way the interface calls the API.  Each case is driven by wrk
from a second process over loopback at saturation (--connections), then
paced at --rate requests/s by bench/paced.c (its latency counted from each
request's scheduled time, so a stall cannot hide the requests behind it).
In the same run nginx answers a JSON body of the same size from memory
(`return 200 '...'`) under the same wrk load: the machine's HTTP ceiling,
and the ratio Haven/ceiling.  Also: CPU time per request (the server's
utime+stime over the run), RSS idle, under load and at its peak, and that
every case page read left its audit entry.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_stats  # noqa: E402

HERE = bench_stats.HERE
PASSWORD = bench_stats.PASSWORD
# A demo person's number (src/app/demo_cases.c): the look-up finds them.
KNOWN_NUMBER = "+48555010003"

TARGETS = {  # issue #10: the share of the ceiling, per case
    "lookup": 0.4, "case": 0.25, "register": 0.2, "search": 0.2,
}
PACED_P99_MS = {"lookup": 2.0, "case": 5.0}
# The audited reads, and the entry each of wrk's requests must leave
# (counted from the database itself).
AUDITED = {"lookup": "contact.lookup", "case": "case.read"}


def proc_status(pid, key):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])   # utime + stime


def lua_script(path, method, body, headers):
    lines = ['wrk.method = "%s"' % method]
    if body is not None:
        lines.append("wrk.body = %s" % json.dumps(body))
    for k, v in headers.items():
        lines.append('wrk.headers["%s"] = %s' % (k, json.dumps(v)))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def request_file(path, method, target, body, headers):
    head = ["%s %s HTTP/1.1" % (method, target), "Host: 127.0.0.1"]
    head += ["%s: %s" % kv for kv in headers.items()]
    data = (body or "").encode()
    if body is not None:
        head.append("Content-Length: %d" % len(data))
    with open(path, "wb") as f:
        f.write(("\r\n".join(head) + "\r\n\r\n").encode() + data)


def to_ms(text):
    m = re.match(r"([\d.]+)(us|ms|s)$", text)
    v = float(m.group(1))
    return v / 1000 if m.group(2) == "us" else v * 1000 if \
        m.group(2) == "s" else v


def wrk(url, script, a):
    r = subprocess.run(["wrk", "-t2", "-c%d" % a.connections,
                        "-d%ds" % a.duration, "--latency", "-s", script,
                        url], capture_output=True, text=True)
    out = r.stdout
    res = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)
                        .group(1)),
           "requests": int(re.search(r"(\d+) requests in", out).group(1))}
    for p in ("50", "99"):
        res["p" + p] = to_ms(re.search(r"\s%s%%\s+(\S+)" % p, out)
                             .group(1))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    res["errors"] = int(m.group(1)) if m else 0
    return res


def paced(port, reqfile, a, folder):
    binary = os.path.join(folder, "paced")
    if not os.path.exists(binary):
        bench_stats.run("cc", "-O2", "-o", binary,
                        os.path.join(HERE, "paced.c"))
    r = bench_stats.run(binary, "127.0.0.1", str(port), reqfile,
                        str(a.rate), str(max(a.duration, 5)), "16")
    return json.loads(r.stdout)


class Nginx:
    """nginx answering each case's body from memory: the ceiling."""

    def __init__(self, folder, bodies):
        self.dir = os.path.join(folder, "nginx")
        os.makedirs(self.dir, exist_ok=True)
        self.port = bench_stats.free_port()
        locs = ""
        for name, body in bodies.items():
            if len(body) < 3000:
                locs += ("    location = /%s { default_type application/json;"
                         " return 200 '%s'; }\n" % (
                             name, body.replace("\\", "\\\\")
                             .replace("'", "\\'")))
                continue
            # nginx takes a `return` text of a few kB at most: a larger
            # body is a file, kept open and in the page cache.
            path = os.path.join(self.dir, name + ".json")
            with open(path, "w") as f:
                f.write(body)
            locs += ("    location = /%s { default_type application/json; "
                     "alias %s; }\n" % (name, path))
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write("worker_processes auto;\nerror_log %s/error.log;\n"
                    "pid %s/nginx.pid;\ndaemon off;\n"
                    "events { worker_connections 1024; }\n"
                    "http {\n  access_log off;\n  client_body_temp_path %s;\n"
                    "  open_file_cache max=16;\n"
                    "  server {\n    listen 127.0.0.1:%d;\n%s  }\n}\n" % (
                        self.dir, self.dir, self.dir, self.port, locs))
        self.proc = subprocess.Popen(["nginx", "-c", conf, "-p", self.dir],
                                     stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                requests.get("http://127.0.0.1:%d/none" % self.port,
                             timeout=1)
                return
            except requests.ConnectionError:
                time.sleep(0.05)
        raise SystemExit("bench: nginx did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(30)


def login(base, user):
    s = requests.Session()
    r = s.post(base + "/api/v1/auth/login", json={"username": user,
                                                 "password": PASSWORD})
    r.raise_for_status()
    s.headers["X-CSRF-Token"] = r.json()["csrf"]
    return s


def audit_count(url, action):
    """Audit entries of an action, read from the database itself."""
    sql = "SELECT count(*) FROM audit_log WHERE action = '%s'" % action
    if url.startswith("sqlite:"):
        import sqlite3
        con = sqlite3.connect(url[len("sqlite:"):])
        try:
            return con.execute(sql).fetchone()[0]
        finally:
            con.close()
    r = bench_stats.run("psql", "-X", "-q", "-A", "-t", url, "-c", sql)
    return int(r.stdout.strip())


def bench(backend, a, top):
    inst = bench_stats.Install(backend, a, top)
    folder = inst.folder
    try:
        port = bench_stats.free_port()
        log = open(os.path.join(folder, "serve-http.log"), "w")
        t0 = time.perf_counter()
        extra = ["--workers", str(a.workers)] if a.workers else []
        srv = subprocess.Popen([a.bin, "serve", *inst.common, "--listen",
                                "127.0.0.1:%d" % port, "--log-level",
                                "warn", *extra], stdout=log,
                               stderr=subprocess.STDOUT, cwd=folder)
        base = "http://127.0.0.1:%d" % port
        while True:
            try:
                requests.get(base + "/healthz", timeout=1)
                break
            except requests.ConnectionError:
                if srv.poll() is not None:
                    raise SystemExit("bench: haven serve exited")
                time.sleep(0.002)
        startup_ms = (time.perf_counter() - t0) * 1000
        time.sleep(1)
        rss_idle = (proc_status(srv.pid, "VmRSS"),
                    proc_status(srv.pid, "RssAnon"))
        try:
            return run_cases(a, base, port, srv, inst, backend,
                             startup_ms, rss_idle)
        finally:
            srv.terminate()
            srv.wait(60)
    finally:
        inst.stop()


def run_cases(a, base, port, srv, inst, backend, startup_ms, rss_idle):
    folder = inst.folder
    con = login(base, "demo.consultant")
    coord = login(base, "demo.coordinator")
    cookie = lambda s: "; ".join("%s=%s" % kv for kv in s.cookies.items())
    case_id = con.get(base + "/api/v1/cases", params={"limit": 1}).json()[
        "cases"][0]["id"]
    year = date.today().year - 1
    contact = {
        "started_at": "%d-06-03T10:15:00+02:00" % year,
        "duration_seconds": 300, "channel": "office_line",
        "direction": "incoming", "inquirer": "going_abroad",
        "topics": ["prevention"], "urgency": "routine", "outcome": "advice",
        "summary": "Benchmark: a question about a job offer abroad."}
    cases = [
        ("lookup", con, "POST", "/api/v1/contacts/lookup",
         json.dumps({"number": KNOWN_NUMBER})),
        ("write", con, "POST", "/api/v1/contacts", json.dumps(contact)),
        ("case", con, "GET", "/api/v1/cases/%d" % case_id, None),
        ("register", con, "GET", "/api/v1/cases?limit=25", None),
        ("search", con, "GET",
         "/api/v1/contacts?limit=25&inquirer=going_abroad", None),
        ("statistics", coord, "GET", "/api/v1/statistics?from=%d-01-01&"
         "to=%d-12-31" % (year, year), None),
    ]
    bodies, results = {}, {}
    for name, s, method, path, body in cases:
        r = s.request(method, base + path, data=body, headers={
            "Content-Type": "application/json"} if body else {})
        r.raise_for_status()
        bodies[name] = r.text
    nginx = Nginx(folder, bodies)
    peak_rss = peak_anon = 0
    try:
        for name, s, method, path, body in cases:
            hdrs = {"Cookie": cookie(s),
                    "X-CSRF-Token": s.headers["X-CSRF-Token"]}
            if body:
                hdrs["Content-Type"] = "application/json"
            script = os.path.join(folder, name + ".lua")
            lua_script(script, method, body, hdrs)
            action = AUDITED.get(name)
            reads_before = audit_count(inst.url, action) if action else None
            t0 = cpu_ticks(srv.pid)
            res = wrk(base + path, script, a)
            res["cpu_us"] = (cpu_ticks(srv.pid) - t0) / \
                os.sysconf("SC_CLK_TCK") * 1e6 / max(res["requests"], 1)
            res["rss_kib"] = proc_status(srv.pid, "VmRSS")
            peak_rss = max(peak_rss, res["rss_kib"])
            peak_anon = max(peak_anon, proc_status(srv.pid, "RssAnon"))
            if reads_before is not None:
                ok = res["requests"] - res["errors"]
                res["audited"] = audit_count(inst.url, action) - \
                    reads_before
                res["audit_ok"] = res["audited"] >= ok
            ceil = wrk("http://127.0.0.1:%d/%s" % (nginx.port, name),
                       script, a)
            res["ceiling_rps"] = ceil["rps"]
            res["ratio"] = res["rps"] / ceil["rps"]
            reqfile = os.path.join(folder, name + ".req")
            request_file(reqfile, method, path, body, hdrs)
            res["paced"] = paced(port, reqfile, a, folder)
            results[name] = res
            print(fmt_row(name, res), flush=True)
    finally:
        nginx.stop()
    return {"backend": backend, "startup_ms": startup_ms,
            "rss_idle_mib": rss_idle[0] / 1024,
            "anon_idle_mib": rss_idle[1] / 1024,
            "rss_load_mib": peak_rss / 1024,
            "anon_load_mib": peak_anon / 1024,
            "rss_peak_mib": proc_status(srv.pid, "VmHWM") / 1024,
            "cases": results}


def fmt_row(name, r):
    p = r["paced"]
    tgt = TARGETS.get(name)
    return ("  %-10s %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms  %6.0f us "
            "CPU/req | ceiling %8.0f req/s  ratio %.2f%s | paced %d/s: "
            "p50 %.2f ms  p99 %.2f ms%s%s" % (
                name, r["rps"], r["p50"], r["p99"], r["cpu_us"],
                r["ceiling_rps"], r["ratio"],
                " (target %.2f %s)" % (tgt, "met" if r["ratio"] >= tgt else
                                        "MISSED") if tgt else "",
                p["rate"], p["p50_us"] / 1000, p["p99_us"] / 1000,
                " (target %.0f ms %s)" % (
                    PACED_P99_MS[name], "met" if p["p99_us"] / 1000 <=
                    PACED_P99_MS[name] else "MISSED")
                if name in PACED_P99_MS else "",
                "" if r.get("audit_ok", True) else
                "  AUDIT ENTRIES MISSING"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--backend", default="both",
                    choices=["sqlite", "postgres", "both"])
    ap.add_argument("--bin", default="build/haven")
    ap.add_argument("--contacts", type=int, default=5000000)
    ap.add_argument("--cases", type=int, default=500000)
    ap.add_argument("--keep", help="a folder to keep the installations in")
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--rate", type=int, default=1000)
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--workers", type=int,
                    help="haven serve --workers (default: its own)")
    a = ap.parse_args()
    a.bin = os.path.abspath(a.bin)
    a.generate_only = False
    top = a.keep or tempfile.mkdtemp(prefix="haven-bench-")
    os.makedirs(top, exist_ok=True)
    if not a.keep:
        os.chmod(top, 0o755)
    print("machine: %d cores, %.1f GiB; %d contacts, %d cases; wrk %d "
          "connections %d s; paced %d/s" % (
              os.cpu_count(), os.sysconf("SC_PHYS_PAGES") *
              os.sysconf("SC_PAGE_SIZE") / 2**30, a.contacts, a.cases,
              a.connections, a.duration, a.rate), flush=True)
    backends = ["sqlite", "postgres"] if a.backend == "both" else \
        [a.backend]
    out = []
    try:
        for b in backends:
            print("%s:" % b, flush=True)
            res = bench(b, a, top)
            print("  start-up %.0f ms; RSS idle %.1f MiB (%.1f MiB not "
                  "shared libraries' pages), under load %.1f MiB (%.1f), "
                  "peak %.1f MiB (the peak includes the logins' "
                  "Argon2id)" % (res["startup_ms"], res["rss_idle_mib"],
                                 res["anon_idle_mib"], res["rss_load_mib"],
                                 res["anon_load_mib"], res["rss_peak_mib"]),
                  flush=True)
            out.append(res)
    finally:
        if not a.keep:
            shutil.rmtree(top, ignore_errors=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
