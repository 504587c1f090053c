"""
The parts of Haven loaded on first use (src/base/plugin.h): haven-pg.so,
the PostgreSQL driver, and haven-report.so, the PDF and XLSX reports.  A
server maps their libraries only once it needs them, finds them beside its
executable or in ../lib/haven, and refuses a part that is missing or that
someone else could have replaced.
"""
import os
import shutil
import subprocess

import pytest

from conftest import (BACKEND, DEMO_PASSWORD, HAVEN_BIN, clean_env,
                      no_sanitizer_report)
from security_util import Client

PARTS = ("haven-pg.so", "haven-report.so")

with open(HAVEN_BIN, "rb") as _f:
    # make memcheck runs a script that starts valgrind: there is no
    # program to copy, and the script names the real one by its path.
    copyable = pytest.mark.skipif(_f.read(4) != b"\x7fELF",
                                  reason="HAVEN_BIN is a wrapper script")


def mapped(pid):
    """The file names mapped into process pid."""
    with open("/proc/%d/maps" % pid) as f:
        return {os.path.basename(line.split()[-1]) for line in f
                if len(line.split()) >= 6}


def has(names, prefix):
    return any(n.startswith(prefix) for n in names)


@pytest.fixture(scope="module")
def demo(install_factory):
    inst = install_factory("parts")
    inst.init("--demo")
    return inst


def test_report_libraries_are_mapped_only_once_a_report_is_asked(demo):
    srv = demo.serve()
    try:
        before = mapped(srv.proc.pid)
        assert not has(before, "libcairo"), sorted(before)
        assert not has(before, "libxlsxwriter"), sorted(before)
        assert not has(before, "haven-report.so")
        # The driver's libraries only where the database needs them.
        assert has(before, "libpq") == (BACKEND == "postgres")
        assert has(before, "haven-pg.so") == (BACKEND == "postgres")
        coord = Client(srv)
        assert coord.login("demo.coordinator", DEMO_PASSWORD).status_code \
            == 200
        for fmt, magic in (("pdf", b"%PDF-"), ("xlsx", b"PK\x03\x04")):
            r = coord.get("/api/v1/reports/annual",
                          params={"year": "2026", "format": fmt})
            assert r.status_code == 200, r.text[:300]
            assert r.content.startswith(magic)
        after = mapped(srv.proc.pid)
        assert has(after, "haven-report.so")
        assert has(after, "libcairo") and has(after, "libxlsxwriter")
    finally:
        srv.assert_clean_exit()


def lone_copy(tmp_path, parts=(), layout="beside"):
    """haven copied into a folder of its own, with the parts named, beside
    it or in ../lib/haven; returns the copy's path."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    partdir = bindir if layout == "beside" else tmp_path / "lib" / "haven"
    partdir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(HAVEN_BIN, bindir / "haven")
    for p in parts:
        shutil.copy2(os.path.join(os.path.dirname(HAVEN_BIN), p),
                     partdir / p)
        os.chmod(partdir / p, 0o644)
    return str(bindir / "haven")


def report_cli(binary, inst, cwd):
    r = subprocess.run([binary, "report", *inst.args(), "--year", "2026",
                        "--format", "pdf", "--out", str(cwd / "r.pdf")],
                       env=clean_env(), cwd=cwd, capture_output=True,
                       text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert not no_sanitizer_report(r.stderr), r.stderr
    return r


@copyable
@pytest.mark.parametrize("layout", ["beside", "lib"])
def test_a_part_is_found_beside_the_program_or_in_lib(demo, tmp_path,
                                                      layout):
    binary = lone_copy(tmp_path, PARTS, layout)
    r = report_cli(binary, demo, tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")


@copyable
def test_a_missing_part_is_named(demo, tmp_path):
    # Without its report part the program still opens the database (on
    # PostgreSQL with its driver part) and says which file it lacks.
    parts = ("haven-pg.so",) if BACKEND == "postgres" else ()
    binary = lone_copy(tmp_path, parts)
    r = report_cli(binary, demo, tmp_path)
    assert r.returncode != 0
    assert "haven-report.so" in r.stderr, r.stderr
    assert not (tmp_path / "r.pdf").exists()


@copyable
@pytest.mark.skipif(BACKEND != "postgres", reason="the driver part")
def test_postgresql_without_its_driver_part_is_refused(demo, tmp_path):
    binary = lone_copy(tmp_path, ("haven-report.so",))
    r = subprocess.run([binary, "migrate", "--database", demo.db_url],
                       env=clean_env(), cwd=tmp_path, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode != 0
    line = r.stderr.strip()
    assert line.startswith("haven: ") and "\n" not in line, r.stderr
    assert "haven-pg.so" in line, line


@copyable
@pytest.mark.parametrize("mode", [0o664, 0o646])
def test_a_part_others_could_replace_is_refused(demo, tmp_path, mode):
    binary = lone_copy(tmp_path, PARTS)
    os.chmod(tmp_path / "bin" / "haven-report.so", mode)
    r = report_cli(binary, demo, tmp_path)
    assert r.returncode != 0
    assert "haven-report.so" in r.stderr and "refused" in r.stderr, r.stderr
    assert not (tmp_path / "r.pdf").exists()


@copyable
def test_a_part_in_a_folder_others_can_write_is_refused(demo, tmp_path):
    binary = lone_copy(tmp_path, PARTS)
    os.chmod(tmp_path / "bin", 0o777)
    try:
        r = report_cli(binary, demo, tmp_path)
    finally:
        os.chmod(tmp_path / "bin", 0o755)
    assert r.returncode != 0
    assert "refused" in r.stderr, r.stderr
