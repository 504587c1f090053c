"""
Fixtures of the HTTP API suite: a real haven server over a real database.

HAVEN_TEST_BACKEND (sqlite or postgres) picks the database, HAVEN_BIN the
binary under test (tests/api/run.sh sets both).  For postgres a throw-away
PostgreSQL cluster is started once per session with initdb in a temporary
folder on a free loopback port, and every haven install gets a database of
its own in it.  Every haven server the suite starts must exit 0 on SIGTERM
and leave no sanitizer report in its log: under ASan a leak or an error
makes the exit status non-zero, which fails the run.

Logins cost about a second each (Argon2id), so sessions are cached per
server and tests reuse them.
"""
import atexit
import glob
import http.client
import itertools
import json
import os
import pwd
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time

import pytest
import requests

BACKEND = os.environ.get("HAVEN_TEST_BACKEND", "sqlite")
HAVEN_BIN = os.path.abspath(os.environ.get("HAVEN_BIN", "build/haven"))
PG_BIN = os.environ.get("HAVEN_TEST_PG_BIN", "/usr/lib/postgresql/15/bin")

DEMO_PASSWORD = "haven-demo-only"
DEMO_USERS = {
    "demo.admin": "admin",
    "demo.coordinator": "coordinator",
    "demo.consultant": "consultant",
    "demo.shelter": "shelter_staff",
    "demo.auditor": "auditor",
}

# What a sanitizer leaves in a log when it finds something.
SANITIZER_MARKERS = (
    "ERROR: AddressSanitizer",
    "ERROR: LeakSanitizer",
    "runtime error",
    "UndefinedBehaviorSanitizer",
    "AddressSanitizer:DEADLYSIGNAL",
)

# One access-log line: req=ID METHOD ROUTE status=N dur_us=N user=N
ACCESS_RE = re.compile(
    r"req=(?P<id>[0-9a-f]{16}) (?P<method>\S+) (?P<route>\S+) "
    r"status=(?P<status>\d+) dur_us=(?P<dur>\d+) user=(?P<user>\d+)"
    r"(?P<aborted> aborted)?$")

START_TIMEOUT = 60      # seconds for a server to come up (ASan is slow)
STOP_TIMEOUT = 30       # seconds for it to exit after SIGTERM


if BACKEND not in ("sqlite", "postgres"):
    raise pytest.UsageError(
        "HAVEN_TEST_BACKEND must be sqlite or postgres, not %r" % BACKEND)


# ---------------------------------------------------------------------------
# Safety net: whatever happens (a failing fixture, Ctrl-C, an exception in
# teardown), no postgres or haven process outlives the run and no cluster
# folder is left behind.

_cleanups = []
_cleanups_lock = threading.Lock()


def _add_cleanup(fn):
    with _cleanups_lock:
        _cleanups.append(fn)
    return fn


def _remove_cleanup(fn):
    with _cleanups_lock:
        if fn in _cleanups:
            _cleanups.remove(fn)


@atexit.register
def _run_cleanups():
    with _cleanups_lock:
        fns = list(reversed(_cleanups))
        _cleanups.clear()
    for fn in fns:
        try:
            fn()
        except Exception:       # best effort at exit
            pass


def _on_sigterm(signum, frame):
    # Python dies on SIGTERM without running finalizers or atexit handlers:
    # make it an interrupt, which pytest ends the run on, cleaning up, so a
    # killed run (a CI timeout) leaves no cluster or server behind.
    raise KeyboardInterrupt("SIGTERM")


if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
    signal.signal(signal.SIGTERM, _on_sigterm)


def _kill_process(proc, sig=signal.SIGKILL):
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            try:
                proc.send_signal(sig)
            except ProcessLookupError:
                pass
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            pass


# ---------------------------------------------------------------------------
# Small helpers.

def clean_env(**extra):
    """The environment without any HAVEN_ setting, plus extra."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HAVEN_")}
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run_haven(*args, env=None, timeout=120, cwd=None):
    """Run the haven binary to completion; text stdout and stderr."""
    return subprocess.run([HAVEN_BIN, *map(str, args)],
                          env=env if env is not None else clean_env(),
                          cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def no_sanitizer_report(text):
    """The sanitizer markers found in text (an empty list when clean)."""
    return [m for m in SANITIZER_MARKERS if m in text]


def assert_error(resp, status, code=None, field=...):
    """resp is an error in the one shape of the API."""
    assert resp.status_code == status, (resp.status_code, resp.text)
    ctype = resp.headers.get("Content-Type", "")
    assert ctype.split(";")[0].strip() == "application/json", ctype
    body = resp.json()
    assert isinstance(body, dict) and set(body) == {"error"}, body
    err = body["error"]
    assert isinstance(err, dict), body
    assert set(err) == {"code", "message", "field"}, body
    assert isinstance(err["code"], str) and err["code"], body
    assert isinstance(err["message"], str) and err["message"], body
    assert err["field"] is None or isinstance(err["field"], str), body
    if code is not None:
        assert err["code"] == code, body
    if field is not ...:
        assert err["field"] == field, body
    return err


# ---------------------------------------------------------------------------
# PostgreSQL.

class Postgres:
    """A throw-away cluster owned by the postgres user (it refuses root)."""

    def __init__(self):
        self.user = pwd.getpwnam("postgres")
        self.dir = tempfile.mkdtemp(prefix="haven-pg-")
        os.chown(self.dir, self.user.pw_uid, self.user.pw_gid)
        os.chmod(self.dir, 0o700)
        self.data = os.path.join(self.dir, "data")
        self.port = None
        self.proc = None
        self.logf = None
        self.counter = itertools.count(1)
        self.lock = threading.Lock()

    def _as_postgres(self, *argv):
        return ["runuser", "-u", "postgres", "--", *argv]

    def start(self):
        r = subprocess.run(self._as_postgres(
            os.path.join(PG_BIN, "initdb"), "-D", self.data, "-A", "trust",
            "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"),
            capture_output=True, text=True, timeout=120,
            stdin=subprocess.DEVNULL)
        if r.returncode != 0:
            raise RuntimeError("initdb failed:\n" + r.stdout + r.stderr)
        self.logf = open(os.path.join(self.dir, "postgres.log"), "wb")
        last = ""
        for attempt in range(5):        # the free port may be taken meanwhile
            self.port = free_port()
            self.proc = subprocess.Popen(self._as_postgres(
                os.path.join(PG_BIN, "postgres"), "-D", self.data,
                "-k", self.dir, "-h", "127.0.0.1", "-p", str(self.port),
                "-F", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off", "-c", "max_connections=200"),
                stdout=self.logf, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                r = subprocess.run([os.path.join(PG_BIN, "pg_isready"),
                                    "-q", "-h", "127.0.0.1", "-p",
                                    str(self.port), "-U", "postgres",
                                    "-d", "postgres"],
                                   capture_output=True, timeout=30)
                if r.returncode == 0:
                    return
                time.sleep(0.1)
            self.logf.flush()
            with open(os.path.join(self.dir, "postgres.log")) as f:
                last = f.read()
            _kill_process(self.proc)
        raise RuntimeError("PostgreSQL did not start:\n" + last)

    def psql(self, sql, db="postgres"):
        r = subprocess.run([os.path.join(PG_BIN, "psql"), "-X", "-q", "-t",
                            "-A", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                            "-p", str(self.port), "-U", "postgres", "-d", db,
                            "-c", sql],
                           capture_output=True, text=True, timeout=60,
                           stdin=subprocess.DEVNULL)
        if r.returncode != 0:
            raise RuntimeError("psql %r failed: %s" % (sql, r.stderr))
        return r.stdout

    def create_database(self):
        with self.lock:
            name = "haven_%d" % next(self.counter)
        self.psql("CREATE DATABASE %s" % name)
        return name, "postgresql://postgres@127.0.0.1:%d/%s" % (self.port,
                                                                 name)

    def stop(self):
        try:
            if self.proc is not None and self.proc.poll() is None:
                try:
                    subprocess.run(self._as_postgres(
                        os.path.join(PG_BIN, "pg_ctl"), "stop", "-D",
                        self.data, "-m", "fast", "-w", "-t", "30"),
                        capture_output=True, timeout=60,
                        stdin=subprocess.DEVNULL)
                except subprocess.TimeoutExpired:
                    pass
                try:
                    self.proc.wait(30)
                except subprocess.TimeoutExpired:
                    self._kill_postmaster()
                    _kill_process(self.proc)
        finally:
            if self.logf is not None:
                self.logf.close()
                self.logf = None
            shutil.rmtree(self.dir, ignore_errors=True)

    def _kill_postmaster(self):
        try:
            with open(os.path.join(self.data, "postmaster.pid")) as f:
                os.kill(int(f.readline().strip()), signal.SIGKILL)
        except (OSError, ValueError):
            pass


class SqliteBackend:
    name = "sqlite"
    kind = "sqlite"             # as /healthz names it

    def new_database(self, folder):
        return "sqlite:%s" % os.path.join(folder, "haven.db")

    def query(self, url, sql):
        # Autocommit: a change made here must reach the server.
        con = sqlite3.connect(url[len("sqlite:"):], isolation_level=None)
        try:
            return [tuple(row) for row in con.execute(sql)]
        finally:
            con.close()


class PostgresBackend:
    name = "postgres"
    kind = "postgresql"

    def __init__(self, pg):
        self.pg = pg

    def new_database(self, folder):
        return self.pg.create_database()[1]

    def query(self, url, sql):
        out = self.pg.psql(sql, db=url.rsplit("/", 1)[1])
        return [tuple(line.split("|")) for line in out.splitlines() if line]


@pytest.fixture(scope="session")
def backend():
    if BACKEND == "sqlite":
        yield SqliteBackend()
        return
    pg = Postgres()
    cleanup = _add_cleanup(pg.stop)
    try:
        pg.start()
        yield PostgresBackend(pg)
    finally:
        pg.stop()
        _remove_cleanup(cleanup)


# ---------------------------------------------------------------------------
# Haven installs and servers.

class Install:
    """A data folder, a database and a key file for one haven."""

    def __init__(self, backend, folder):
        self.backend = backend
        self.dir = str(folder)
        self.data_dir = os.path.join(self.dir, "data")
        self.db_url = backend.new_database(self.data_dir)
        self.key_file = os.path.join(self.data_dir, "haven.key")
        self._nserver = itertools.count(1)

    def args(self):
        return ["--database", self.db_url, "--data-dir", self.data_dir,
                "--key-file", self.key_file]

    def env(self, **extra):
        """The install configured through the environment only."""
        return clean_env(HAVEN_DATABASE_URL=self.db_url,
                         HAVEN_DATA_DIR=self.data_dir,
                         HAVEN_KEY_FILE=self.key_file, **extra)

    def init(self, *extra, check=True):
        r = run_haven("init", *self.args(), *extra, cwd=self.dir)
        if check:
            assert r.returncode == 0, (r.returncode, r.stdout, r.stderr)
            assert not no_sanitizer_report(r.stderr), r.stderr
        return r

    def query(self, sql):
        return self.backend.query(self.db_url, sql)

    def raw_bytes(self):
        """Everything the database keeps on disk, as one bytes object: the
        SQLite file and its WAL, or the whole PostgreSQL cluster after a
        checkpoint.  For proving that a value is never stored in clear."""
        if BACKEND == "sqlite":
            files = glob.glob(self.db_url[len("sqlite:"):] + "*")
        else:
            self.query("CHECKPOINT")
            root = self.backend.pg.data
            files = [os.path.join(d, f) for d, _, fs in os.walk(root)
                     for f in fs]
        assert files
        blob = b"".join(open(f, "rb").read() for f in files
                        if os.path.isfile(f))
        assert len(blob) > 10000
        return blob

    def serve(self, *extra, env=None, argv=None, port=None):
        """Start haven serve on a free port; returns a running server.
        With port, the server listens there (argv or env says so) and is
        not expected to log where it listens."""
        if argv is None:
            argv = ["serve", "--listen", "127.0.0.1:0", *self.args(), *extra]
        log = os.path.join(self.dir, "serve-%d.log" % next(self._nserver))
        srv = HavenServer(self, argv, env if env is not None else clean_env(),
                          log)
        srv.start(port)
        return srv


class HavenServer:
    def __init__(self, install, argv, env, log_path):
        self.install = install
        self.argv = argv
        self.env = env
        self.log_path = log_path
        self.proc = None
        self.port = None
        self.base_url = None
        self.returncode = None
        self._sessions = {}
        self._sessions_lock = threading.Lock()
        self._cleanup = None

    # The attributes the tests use most.
    @property
    def data_dir(self):
        return self.install.data_dir

    @property
    def db_url(self):
        return self.install.db_url

    @property
    def log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def url(self, path):
        return self.base_url + path

    def start(self, port=None):
        with open(self.log_path, "wb") as logf:
            self.proc = subprocess.Popen(
                [HAVEN_BIN, *self.argv], env=self.env, cwd=self.install.dir,
                stdout=logf, stderr=logf, stdin=subprocess.DEVNULL,
                start_new_session=True)
        proc = self.proc
        self._cleanup = _add_cleanup(lambda: _kill_process(proc))
        deadline = time.monotonic() + START_TIMEOUT
        m = None
        while port is None and time.monotonic() < deadline:
            m = re.search(r"serving on http://(\S+):(\d+) ", self.log)
            if m or self.proc.poll() is not None:
                break
            time.sleep(0.05)
        if port is None and m is None:
            rc = self.proc.poll()
            _kill_process(self.proc)
            raise AssertionError("haven serve did not start (exit %r):\n%s"
                                 % (rc, self.log))
        self.port = port if port is not None else int(m.group(2))
        self.base_url = "http://127.0.0.1:%d" % self.port
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url("/healthz"), timeout=5).status_code \
                        == 200:
                    return
            except requests.ConnectionError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        _kill_process(self.proc)
        raise AssertionError("haven serve is not healthy:\n" + self.log)

    def stop(self, timeout=STOP_TIMEOUT):
        """SIGTERM, wait; returns the exit status (kills it on timeout)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                _kill_process(self.proc)
                raise AssertionError("haven did not exit %ds after SIGTERM:\n"
                                     "%s" % (timeout, self.log))
        self.returncode = self.proc.returncode
        if self._cleanup is not None:
            _remove_cleanup(self._cleanup)
        return self.returncode

    def kill(self):
        """SIGKILL, as a crash or a power cut would end it; the exit
        status."""
        _kill_process(self.proc)
        self.returncode = self.proc.returncode
        if self._cleanup is not None:
            _remove_cleanup(self._cleanup)
        return self.returncode

    def assert_clean_exit(self):
        """Stop it; it must exit 0 with no sanitizer report in its log."""
        rc = self.stop()
        log = self.log
        assert not no_sanitizer_report(log), log
        assert rc == 0, "haven exited %r after SIGTERM:\n%s" % (rc, log)

    # Sessions.

    def login(self, username, password):
        """A fresh login: (requests.Session, response)."""
        return _login(self.base_url, username, password)

    def session(self, username, password=DEMO_PASSWORD):
        """A logged-in requests.Session, one login per user and server."""
        with self._sessions_lock:
            if username not in self._sessions:
                s, r = self.login(username, password)
                assert r.status_code == 200, (r.status_code, r.text)
                self._sessions[username] = (s, r.json()["user"])
            return self._sessions[username][0]

    def session_user(self, username):
        self.session(username)
        return self._sessions[username][1]

    # The access log.

    def access_lines(self):
        return [m for m in (ACCESS_RE.search(line)
                            for line in self.log.splitlines()) if m]

    def access_line(self, request_id, timeout=5):
        """The one access line of request_id (waits: it is written when
        the request completes, just after the answer is sent)."""
        deadline = time.monotonic() + timeout
        while True:
            found = [m for m in self.access_lines()
                     if m.group("id") == request_id]
            if found or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        assert len(found) == 1, "request %s has %d access lines:\n%s" % (
            request_id, len(found), self.log)
        return found[0]


def _login(base_url, username, password):
    s = requests.Session()
    r = s.post(base_url + "/api/v1/auth/login",
               json={"username": username, "password": password}, timeout=30)
    if r.status_code == 200:
        # A server that hands out a CSRF token wants it back on every
        # state-changing request.
        try:
            csrf = r.json().get("csrf")
        except ValueError:
            csrf = None
        if csrf:
            s.headers["X-CSRF-Token"] = csrf
    return s, r


def login(base_url, username, password=DEMO_PASSWORD):
    """POST /api/v1/auth/login; a requests.Session holding the session
    cookie.  About a second each: prefer HavenServer.session()."""
    s, r = _login(base_url, username, password)
    assert r.status_code == 200, (r.status_code, r.text)
    return s


def new_install(backend, tmp_path_factory, name):
    return Install(backend, tmp_path_factory.mktemp(name))


@pytest.fixture(scope="session")
def install_factory(backend, tmp_path_factory):
    return lambda name="haven": new_install(backend, tmp_path_factory, name)


@pytest.fixture(scope="session")
def server(install_factory):
    """The shared server: a demo install, up for the whole session."""
    inst = install_factory("main")
    inst.init("--demo")
    srv = inst.serve()
    yield srv
    srv.assert_clean_exit()
    # Whatever the suite sent, no password, demo user name or session
    # token was ever written to the log.
    log = srv.log
    secrets = [DEMO_PASSWORD, *DEMO_USERS]
    secrets += [s.cookies.get("haven_session") for s, _ in
                srv._sessions.values()]
    for secret in secrets:
        assert secret not in log, "%r is in the log" % secret


@pytest.fixture(scope="session")
def admin(server):
    """A session logged in as demo.admin on the shared server."""
    return server.session("demo.admin")


# ---------------------------------------------------------------------------
# Raw HTTP, for what requests smooths over.

def raw_request(port, data, timeout=10, read_limit=1 << 20):
    """Send bytes on a fresh connection and read until the server closes or
    a whole response has arrived.  Returns (status or None, headers dict,
    body bytes, closed) where closed says the connection ended."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        return read_response(s, read_limit)
    finally:
        s.close()


def read_response(s, read_limit=1 << 20):
    buf = b""
    closed = False
    status, headers, body = None, {}, b""
    while len(buf) < read_limit:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            closed = True
            break
        if not chunk:
            closed = True
            break
        buf += chunk
        head, sep, rest = buf.partition(b"\r\n\r\n")
        if sep:
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            headers = {}
            for line in lines[1:]:
                k, _, v = line.partition(":")
                headers[k.strip().lower()] = v.strip()
            n = int(headers.get("content-length", "-1"))
            if n >= 0 and len(rest) >= n:
                body = rest[:n]
                break
    if status is None and buf:
        head, _, rest = buf.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        if lines and lines[0].startswith("HTTP/"):
            status = int(lines[0].split()[1])
    return status, headers, body, closed


def http_conn(server, timeout=10):
    return http.client.HTTPConnection("127.0.0.1", server.port,
                                      timeout=timeout)


def json_body(data):
    return json.dumps(data).encode()


# ---------------------------------------------------------------------------
# Sessions of the demo accounts on the shared server: one login per account
# and test module, and only those a test needs.

@pytest.fixture(scope="module")
def clients(server):
    from security_util import Client
    cache = {}

    def get(name):
        if name not in cache:
            c = Client(server)
            r = c.login(name, DEMO_PASSWORD)
            assert r.status_code == 200, r.text
            assert c.stage == "done", c.stage
            cache[name] = c
        return cache[name]
    return get


@pytest.fixture(scope="module")
def con(clients):
    """demo.consultant."""
    return clients("demo.consultant")


@pytest.fixture(scope="module")
def coord(clients):
    """demo.coordinator."""
    return clients("demo.coordinator")
