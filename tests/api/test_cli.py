"""The command line: version, help, errors, init, migrate, serve's checks,
and configuration through the environment."""
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import time

import pytest
import requests

from conftest import (BACKEND, HAVEN_BIN, assert_error, clean_env, free_port,
                      no_sanitizer_report, run_haven)

PASSWORD_RE = re.compile(r"^  password:  (\S+)$", re.M)


def assert_one_error_line(r):
    """Failed, with one clear line on stderr starting with 'haven:'."""
    assert r.returncode != 0, (r.stdout, r.stderr)
    assert not no_sanitizer_report(r.stderr), r.stderr
    lines = r.stderr.strip("\n").split("\n")
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("haven: "), r.stderr
    assert len(lines[0]) > len("haven: ") + 10, r.stderr
    return lines[0]


# --- version and help ---------------------------------------------------------

def test_version(server, tmp_path):
    r = run_haven("version", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    api = requests.get(server.url("/api/v1/version"), timeout=10).json()
    assert r.stdout == "haven %s (api %s, schema %d)\n" % (
        api["version"], api["api"], api["schema"])
    alias = run_haven("--version", cwd=tmp_path)
    assert alias.returncode == 0 and alias.stdout == r.stdout


@pytest.mark.parametrize("argv", [["--help"], ["help"]])
def test_help(argv, tmp_path):
    r = run_haven(*argv, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("usage: haven")
    for cmd in ("init", "serve", "migrate", "version"):
        assert re.search(r"^  %s\s" % cmd, r.stdout, re.M), r.stdout


@pytest.mark.parametrize("cmd,flags", [
    ("serve", ["--listen", "--database", "--data-dir", "--key-file",
               "--log-level", "--workers", "--telephony-secret-file",
               "HAVEN_LISTEN", "HAVEN_DATABASE_URL", "HAVEN_DATA_DIR",
               "HAVEN_KEY_FILE", "HAVEN_LOG_LEVEL", "HAVEN_WORKERS"]),
    ("init", ["--demo", "--admin", "--database", "--data-dir",
              "--key-file"]),
    ("migrate", ["--database"]),
    ("version", []),
])
def test_command_help(cmd, flags, tmp_path):
    r = run_haven(cmd, "--help", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("usage: haven %s" % cmd), r.stdout
    for f in flags:
        assert f in r.stdout, (f, r.stdout)
    assert os.listdir(tmp_path) == [], "--help must not create files"


def test_no_command_prints_usage_and_fails(tmp_path):
    r = run_haven(cwd=tmp_path)
    assert r.returncode != 0
    assert r.stderr.startswith("usage: haven")


# --- argument and configuration errors ----------------------------------------

@pytest.mark.parametrize("argv,mentions", [
    (["frobnicate"], "frobnicate"),
    (["--frobnicate"], "frobnicate"),
    (["serve", "--bogus"], "--bogus"),
    (["serve", "--bogus=1"], "--bogus"),
    (["migrate", "--listen", "127.0.0.1:1"], "--listen"),
    (["version", "--bogus"], "--bogus"),
    (["serve", "--listen", "nope"], "nope"),
    (["serve", "--listen=nope"], "nope"),
    (["serve", "--listen", "127.0.0.1:99999"], "listen"),
    (["serve", "--listen", "127.0.0.1:http"], "listen"),
    (["serve", "--listen", ":8080"], "listen"),
    (["serve", "--listen", "[::1]8080"], "listen"),
    (["serve", "--listen"], "--listen"),
    (["serve", "--database", "mysql://x"], "database"),
    (["migrate", "--database", "mysql://x"], "database"),
    (["init", "--database", "mysql://x"], "database"),
    (["serve", "--database", "sqlite:"], "database"),
    (["serve", "--log-level", "loud"], "log-level"),
    (["serve", "--tls-proxy", "maybe"], "tls-proxy"),
    (["serve", "--workers", "0"], "workers"),
    (["serve", "--workers", "257"], "workers"),
    (["serve", "--workers", "4x"], "workers"),
    (["migrate", "--workers", "4"], "--workers"),
    (["serve", "--data-dir", ""], "data"),
    (["serve", "stray"], "stray"),
    (["version", "stray"], "stray"),
    (["init", "--demo=yes"], "--demo"),
    (["init", "--admin", "Not A Name!"], "admin"),
])
def test_bad_arguments_fail_with_one_line(argv, mentions, tmp_path):
    r = run_haven(*argv, cwd=tmp_path, timeout=60)
    line = assert_one_error_line(r)
    assert mentions in line, line
    assert r.stdout == ""
    assert os.listdir(tmp_path) == [], "a refused command created files"


@pytest.mark.parametrize("var,value,mentions", [
    ("HAVEN_LISTEN", "nope", "nope"),
    ("HAVEN_DATABASE_URL", "mysql://x", "database"),
    ("HAVEN_LOG_LEVEL", "loud", "HAVEN_LOG_LEVEL"),
    ("HAVEN_TLS_PROXY", "maybe", "HAVEN_TLS_PROXY"),
    ("HAVEN_WORKERS", "-1", "HAVEN_WORKERS"),
])
def test_bad_environment_fails_with_one_line(var, value, mentions, tmp_path):
    r = run_haven("serve", env=clean_env(**{var: value}), cwd=tmp_path,
                  timeout=60)
    line = assert_one_error_line(r)
    assert mentions in line, line
    assert os.listdir(tmp_path) == []


# --- init and migrate ---------------------------------------------------------

@pytest.fixture(scope="module")
def plain(install_factory):
    """An install made by a plain 'haven init': one admin, a password."""
    inst = install_factory("plain")
    inst.first_init = inst.init()
    m = PASSWORD_RE.search(inst.first_init.stdout)
    inst.admin_password = m.group(1) if m else None
    return inst


def test_init_prints_a_one_time_password(plain):
    out = plain.first_init.stdout
    assert len(PASSWORD_RE.findall(out)) == 1, out
    assert re.search(r"^  user name: admin$", out, re.M), out
    pw = plain.admin_password
    assert pw and len(pw) >= 16, out
    assert pw not in plain.first_init.stderr
    st = os.stat(plain.key_file)
    assert stat.S_ISREG(st.st_mode)
    assert stat.S_IMODE(st.st_mode) == 0o600, oct(st.st_mode)
    assert plain.query("SELECT count(*) FROM app_user") == [
        (1,) if BACKEND == "sqlite" else ("1",)]


def test_init_again_creates_no_second_admin(plain):
    with open(plain.key_file, "rb") as f:
        key = f.read()
    r = plain.init()
    assert not PASSWORD_RE.search(r.stdout), r.stdout
    assert plain.admin_password not in r.stdout
    assert "no administrator created" in r.stdout, r.stdout
    rows = plain.query("SELECT count(*) FROM app_user")
    assert int(rows[0][0]) == 1
    with open(plain.key_file, "rb") as f:
        assert f.read() == key, "init must not replace the key file"


def test_first_admin_logs_in_and_must_change_password(plain):
    srv = plain.serve()
    try:
        s, r = srv.login("admin", plain.admin_password)
        assert r.status_code == 200, r.text
        user = r.json()["user"]
        assert user["username"] == "admin"
        assert user["role"] == "admin"
        assert user["must_change_password"] is True
        me = s.get(srv.url("/api/v1/auth/me"), timeout=10)
        assert me.status_code == 200
        assert me.json()["user"]["must_change_password"] is True
        # The printed password is never logged by the server.
        assert plain.admin_password not in srv.log
    finally:
        srv.assert_clean_exit()


def test_migrate_twice(install_factory, tmp_path):
    inst = install_factory("migrate")
    os.makedirs(inst.data_dir)
    first = run_haven("migrate", "--database", inst.db_url, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    m = re.search(r"\((\d+) migrations? applied\)", first.stdout)
    assert m and int(m.group(1)) >= 1, first.stdout
    # The flag wins over the environment.
    again = run_haven("migrate", "--database", inst.db_url, cwd=tmp_path,
                      env=clean_env(HAVEN_DATABASE_URL="mysql://x"))
    assert again.returncode == 0, again.stderr
    assert "(0 migrations applied)" in again.stdout, again.stdout
    v1 = re.search(r"schema at version (\d+)", first.stdout).group(1)
    v2 = re.search(r"schema at version (\d+)", again.stdout).group(1)
    assert v1 == v2
    assert not no_sanitizer_report(first.stderr + again.stderr)


# --- serve refuses to start -----------------------------------------------------

def serve_args(inst, **over):
    args = {"--listen": "127.0.0.1:0", "--database": inst.db_url,
            "--data-dir": inst.data_dir, "--key-file": inst.key_file}
    args.update(over)
    return ["serve", *[x for kv in args.items() for x in kv]]


def test_serve_refuses_a_key_file_others_can_read(plain, tmp_path):
    for mode in (0o644, 0o640, 0o604):
        key = str(tmp_path / ("key-%o" % mode))
        shutil.copyfile(plain.key_file, key)
        os.chmod(key, mode)
        r = run_haven(*serve_args(plain, **{"--key-file": key}),
                      cwd=tmp_path, timeout=60)
        line = assert_one_error_line(r)
        assert "chmod" in line, line


def test_serve_refuses_a_missing_key_file(plain, tmp_path):
    r = run_haven(*serve_args(plain, **{"--key-file":
                                        str(tmp_path / "nokey")}),
                  cwd=tmp_path, timeout=60)
    line = assert_one_error_line(r)
    assert "key" in line


def test_serve_refuses_a_database_without_schema(plain, install_factory,
                                                 tmp_path):
    empty = install_factory("empty")
    os.makedirs(empty.data_dir)
    r = run_haven(*serve_args(plain, **{"--database": empty.db_url}),
                  cwd=tmp_path, timeout=60)
    line = assert_one_error_line(r)
    assert "haven migrate" in line or "haven init" in line, line


def test_serve_refuses_an_unreachable_database(plain, tmp_path):
    url = ("sqlite:%s" % (tmp_path / "no" / "such" / "dir" / "x.db")
           if BACKEND == "sqlite" else
           "postgresql://postgres@127.0.0.1:%d/haven_x" % free_port())
    r = run_haven(*serve_args(plain, **{"--database": url}), cwd=tmp_path,
                  timeout=60)
    assert r.returncode != 0
    assert r.stderr.startswith("haven: "), r.stderr
    assert not no_sanitizer_report(r.stderr), r.stderr


def serve_expecting_refusal(argv, cwd, timeout=60):
    """Run haven serve; it must exit by itself.  Should it start serving,
    stop it and fail at once rather than wait for a timeout."""
    log = os.path.join(str(cwd), "serve-refused.log")
    with open(log, "wb") as f:
        p = subprocess.Popen([HAVEN_BIN, *argv], env=clean_env(), cwd=cwd,
                             stdout=subprocess.DEVNULL, stderr=f,
                             stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    try:
        while p.poll() is None and time.monotonic() < deadline:
            with open(log) as f:
                if "serving on" in f.read():
                    break
            time.sleep(0.05)
    finally:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            p.wait(30)
            with open(log) as f:
                raise AssertionError("haven serve started:\n" + f.read())
    with open(log) as f:
        err = f.read()
    os.unlink(log)
    return subprocess.CompletedProcess(argv, p.returncode, "", err)


def test_serve_refuses_a_port_another_program_holds(plain, tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        r = serve_expecting_refusal(
            serve_args(plain, **{"--listen": "127.0.0.1:%d" % port}),
            tmp_path)
    assert r.returncode != 0
    # libmicrohttpd logs its own warning first (naming port 0, as the
    # address is passed whole); haven's own line comes last.
    line = r.stderr.strip("\n").split("\n")[-1]
    assert line.startswith("haven: "), r.stderr
    assert "listen" in line and str(port) in line, line


def test_serve_refuses_a_port_another_haven_holds(plain, server, tmp_path):
    r = serve_expecting_refusal(
        serve_args(plain, **{"--listen": "127.0.0.1:%d" % server.port}),
        tmp_path)
    line = assert_one_error_line(r)
    assert "listen" in line


# --- configuration through the environment ----------------------------------------

def test_serve_configured_by_the_environment_only(plain):
    port = free_port()
    env = plain.env(HAVEN_LISTEN="127.0.0.1:%d" % port,
                    HAVEN_LOG_LEVEL="warn", HAVEN_WORKERS="2")
    srv = plain.serve(argv=["serve"], env=env, port=port)
    try:
        r = requests.get(srv.url("/healthz"), timeout=10)
        assert r.status_code == 200
        assert r.json()["database"] == ("sqlite" if BACKEND == "sqlite"
                                        else "postgresql")
        assert_error(requests.get(srv.url("/api/v1/auth/me"), timeout=10),
                     401, "unauthenticated")
        # HAVEN_LOG_LEVEL=warn: no info lines, so no access lines.
        assert srv.access_lines() == []
        assert "serving on" not in srv.log
    finally:
        srv.assert_clean_exit()
