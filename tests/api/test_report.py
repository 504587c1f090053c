"""
The annual report (docs/API-statistics.md, "The annual report") on the
shared demo install, for the year the demo data is in (this year): every
count of the PDF (read back with pdftotext) and of the XLSX (read back
with openpyxl) equals the count of GET /api/v1/statistics for 1 January -
31 December with suppress=true, table by table and cell by cell; the CSV
is the statistics download's bytes; `haven report` writes the same report
from the command line; who may have it, what is refused, and the audit.

Nothing here creates data, and nothing else writes while a test compares
the report with the statistics (pytest runs one test at a time), so the
two are counted over the same rows.
"""
import io
import os
import re
import subprocess

import pytest
from openpyxl import load_workbook

from conftest import HAVEN_BIN, assert_error, clean_env, no_sanitizer_report

CENTRE = ("Krajowe Centrum Konsultacyjno-Interwencyjne dla Ofiar Handlu "
          "Ludźmi")
CELL_RE = re.compile(r"^(\d+|<\d+|x)$")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TOTAL = {"pl": "Razem", "en": "Total"}


# ---------------------------------------------------------------------------
# Helpers.

@pytest.fixture(scope="module")
def year(coord):
    """The year of the server's today (its default statistics period)."""
    r = coord.get("/api/v1/statistics")
    assert r.status_code == 200, r.text
    return int(r.json()["query"]["from"][:4])


def statistics(client, year):
    r = client.get("/api/v1/statistics",
                   params={"from": "%d-01-01" % year,
                           "to": "%d-12-31" % year, "suppress": "true"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["threshold"] is not None and body["threshold"] >= 2, body
    return body


def report(client, year, fmt, lang=None):
    params = {"year": str(year), "format": fmt}
    if lang is not None:
        params["lang"] = lang
    r = client.get("/api/v1/reports/annual", params=params)
    assert r.status_code == 200, r.text[:500]
    return r


def text(v):
    return str(v)


def expected_rows(t, lang):
    """[(label, [cells as printed])] of a table, the totals row last."""
    rows = []
    for i, row in enumerate(t["rows"]):
        cells = [text(v) for v in t["cells"][i]]
        if t["margins"]:
            cells.append(text(t["row_totals"][i]))
        rows.append((row["label"][lang], cells))
    if t["margins"]:
        rows.append((TOTAL[lang], [text(v) for v in t["col_totals"]] +
                     [text(t["total"])]))
    return rows


def norm(s):
    return " ".join(s.split())


def pdf_text(tmp_path, data, name="report.pdf"):
    """(the layout text of the PDF, its page count from pdfinfo)."""
    path = tmp_path / name
    path.write_bytes(data)
    r = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path),
                        "-"], capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True,
                          text=True, timeout=60)
    assert info.returncode == 0, info.stderr
    pages = int(re.search(r"^Pages:\s+(\d+)$", info.stdout, re.M).group(1))
    return r.stdout.decode("utf-8"), pages


def segments(lines, tables, lang):
    """Each table's lines: from its title's line to the next title's."""
    at = {}
    for t in tables:
        title = t["title"][lang]
        found = [i for i, line in enumerate(lines)
                 if line.strip() == title]
        assert len(found) == 1, (title, found)
        at[t["id"]] = found[0]
    order = sorted(at.values())
    seg = {}
    for tid, start in at.items():
        later = [i for i in order if i > start]
        seg[tid] = lines[start:later[0] if later else len(lines)]
    return seg


def data_line(line, n):
    """(label text, cells) when the line ends with n cells after some
    label text, else None."""
    tokens = line.split()
    if len(tokens) <= n or not all(CELL_RE.match(x) for x in tokens[-n:]):
        return None
    head = line.rstrip()
    for _ in range(n):
        head = head.rstrip()
        head = head[:head.rfind(" ")] if " " in head else ""
    return norm(head), tokens[-n:]


def check_pdf_table(t, lines, lang):
    """Every row of t, in order, is a line of its segment: the label (its
    first line when wrapped) and then exactly the statistics' cells."""
    rows = expected_rows(t, lang)
    if not t["rows"]:
        # No rows: a line saying so instead of a table of zeros.
        assert any(("Brak danych" if lang == "pl" else "No data") in line
                   for line in lines), t["id"]
        return
    n = len(rows[0][1])
    cursor = 0
    for label, cells in rows:
        while cursor < len(lines):
            got = data_line(lines[cursor], n)
            cursor += 1
            if got is not None and got[0] and norm(label).startswith(got[0]):
                assert got[1] == cells, (t["id"], label, got[1], cells)
                break
        else:
            raise AssertionError("%s: no row %r %r in the PDF:\n%s" % (
                t["id"], label, cells, "\n".join(lines)))


def check_pdf(doc, pages, stats, year, lang):
    flat = norm(doc)
    assert CENTRE in flat
    if lang == "pl":
        assert "Sprawozdanie roczne za rok %d" % year in flat
        assert "1 stycznia – 31 grudnia %d" % year in flat
        assert "Zarejestrowane ofiary według płci i wieku" in flat
        page_fmt = "Strona %d z %d"
    else:
        assert "Annual report for %d" % year in flat
        assert "Registered victims by sex and age" in flat
        page_fmt = "Page %d of %d"
    # The suppression note, with the instance's threshold.
    assert "<%d" % stats["threshold"] in flat
    # Every page carries "N of M", M being the real number of pages.
    texts = doc.split("\f")
    if texts and texts[-1].strip() == "":
        texts.pop()
    assert len(texts) == pages and pages > 5
    for i, page in enumerate(texts, 1):
        assert page_fmt % (i, pages) in page, (i, page[-300:])
    lines = doc.replace("\f", "\n").split("\n")
    seg = segments(lines, stats["tables"], lang)
    for t in stats["tables"]:
        check_pdf_table(t, seg[t["id"]], lang)


def check_xlsx(data, stats, year, lang):
    wb = load_workbook(io.BytesIO(data))
    ids = [t["id"] for t in stats["tables"]]
    assert wb.sheetnames[0] == "Info"
    assert sorted(wb.sheetnames[1:]) == sorted(i[:31] for i in ids)
    assert len(wb.sheetnames) == len(ids) + 1
    info = [[c for c in row if c is not None]
            for row in wb["Info"].iter_rows(values_only=True)]
    flat = [c for row in info for c in row]
    assert ("Sprawozdanie roczne za rok %d" % year if lang == "pl" else
            "Annual report for %d" % year) in flat
    assert year in flat and stats["threshold"] in flat
    assert "<%d" % stats["threshold"] in flat and "x" in flat
    for t in stats["tables"]:
        ws = wb[t["id"][:31]]
        width = 1 + len(t["cols"]) + (1 if t["margins"] else 0)
        want = [[t["title"][lang]] + [None] * (width - 1), [None] * width,
                [None] + [c["label"][lang] for c in t["cols"]] +
                ([TOTAL[lang]] if t["margins"] else [])]
        for label, cells in expected_rows(t, lang):
            # Published counts are numbers, hidden ones the marks.
            want.append([label] + [int(c) if c.isdigit() else c
                                   for c in cells])
        got = [list(row) for row in ws.iter_rows(values_only=True)]
        assert got == want, (t["id"], got, want)
        for row in got[3:]:
            for v in row[1:]:
                assert isinstance(v, int) or v == "x" or \
                    re.fullmatch(r"<\d+", v), (t["id"], row)


def run_report(server, *args, cwd):
    """haven report against the shared server's database; bytes out."""
    r = subprocess.run([HAVEN_BIN, "report", *server.install.args(),
                        *map(str, args)], env=clean_env(), cwd=cwd,
                       capture_output=True, timeout=300,
                       stdin=subprocess.DEVNULL)
    err = r.stderr.decode("utf-8", "replace")
    assert not no_sanitizer_report(err), err
    return r.returncode, r.stdout, err


def audit(server, where):
    rows = server.install.query(
        "SELECT action, result, detail, user_id FROM audit_log WHERE " +
        where + " ORDER BY seq")
    return [tuple(None if v is None or v == "" else str(v) for v in row)
            for row in rows]


def last_seq(server):
    return int(server.install.query("SELECT MAX(seq) FROM audit_log")[0][0])


# ---------------------------------------------------------------------------
# The PDF.

@pytest.mark.parametrize("lang", ["pl", "en"])
def test_pdf_counts_equal_the_statistics(coord, year, lang, tmp_path):
    stats = statistics(coord, year)
    r = report(coord, year, "pdf", lang)
    assert r.headers["Content-Type"] == "application/pdf"
    assert r.headers["Content-Disposition"] == \
        'attachment; filename="haven-report-%d.pdf"' % year
    assert r.content.startswith(b"%PDF-")
    doc, pages = pdf_text(tmp_path, r.content)
    check_pdf(doc, pages, stats, year, lang)


def test_pdf_default_is_polish(coord, year, tmp_path):
    r = coord.get("/api/v1/reports/annual", params={"year": str(year)})
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/pdf"
    doc, pages = pdf_text(tmp_path, r.content)
    assert "Strona 1 z %d" % pages in doc
    assert "Spis treści" in doc


def test_pdf_of_a_year_without_data(coord, tmp_path):
    stats = statistics(coord, 2001)
    doc, pages = pdf_text(tmp_path, report(coord, 2001, "pdf").content)
    check_pdf(doc, pages, stats, 2001, "pl")


# ---------------------------------------------------------------------------
# The workbook and the CSV.

@pytest.mark.parametrize("lang", ["pl", "en"])
def test_xlsx_cells_equal_the_statistics(coord, year, lang):
    stats = statistics(coord, year)
    r = report(coord, year, "xlsx", lang)
    assert r.headers["Content-Type"] == XLSX
    assert r.headers["Content-Disposition"] == \
        'attachment; filename="haven-report-%d.xlsx"' % year
    check_xlsx(r.content, stats, year, lang)


@pytest.mark.parametrize("lang", [None, "pl", "en"])
def test_csv_is_the_statistics_download(coord, year, lang):
    params = {"from": "%d-01-01" % year, "to": "%d-12-31" % year}
    if lang is not None:
        params["lang"] = lang
    want = coord.get("/api/v1/statistics/csv", params=params)
    assert want.status_code == 200
    r = report(coord, year, "csv", lang)
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert r.content == want.content
    assert r.content.startswith(b"\xef\xbb\xbf")


def test_auditor_may_have_it(clients, year):
    aud = clients("demo.auditor")
    r = report(aud, year, "csv")
    assert r.content.startswith(b"\xef\xbb\xbf")


# ---------------------------------------------------------------------------
# Who, what is refused, the audit.

@pytest.mark.parametrize("name", ["demo.consultant", "demo.shelter",
                                  "demo.admin"])
def test_forbidden_without_statistics_permission(clients, name, year):
    r = clients(name).get("/api/v1/reports/annual",
                          params={"year": str(year), "format": "csv"})
    assert_error(r, 403, "forbidden")


def test_login_required(server, year):
    import requests
    r = requests.get(server.url("/api/v1/reports/annual"),
                     params={"year": str(year)}, timeout=30)
    assert_error(r, 401)


@pytest.mark.parametrize("params,field", [
    ({}, "year"),
    ({"year": ""}, "year"),
    ({"year": "1999"}, "year"),
    ({"year": "NEXT"}, "year"),
    ({"year": "20x6"}, "year"),
    ({"year": "02026"}, "year"),
    ({"year": "2026-01-01"}, "year"),
    ({"year": "THIS", "format": "docx"}, "format"),
    ({"year": "THIS", "format": ""}, "format"),
    ({"year": "THIS", "format": "PDF"}, "format"),
    ({"year": "THIS", "format": "csv", "lang": "de"}, "lang"),
    ({"year": "THIS", "format": "csv", "lang": ""}, "lang"),
])
def test_invalid_options(coord, year, params, field, server):
    params = {k: {"THIS": str(year), "NEXT": str(year + 1)}.get(v, v)
              for k, v in params.items()}
    seq = last_seq(server)
    r = coord.get("/api/v1/reports/annual", params=params)
    err = assert_error(r, 422, "invalid", field)
    assert field in err["message"]
    assert audit(server, "seq > %d AND action = 'stats.report'" % seq) == []


def test_download_is_audited(coord, year, server):
    seq = last_seq(server)
    report(coord, year, "xlsx")
    report(coord, year, "pdf", "en")
    rows = audit(server, "seq > %d AND action = 'stats.report'" % seq)
    assert rows == [
        ("stats.report", "ok", "%d xlsx" % year, str(coord.user["id"])),
        ("stats.report", "ok", "%d pdf" % year, str(coord.user["id"])),
    ]


def test_refused_download_is_audited_as_denied(con, year, server):
    seq = last_seq(server)
    r = con.get("/api/v1/reports/annual", params={"year": str(year)})
    assert_error(r, 403)
    rows = audit(server, "seq > %d AND user_id = %d" % (seq, con.user["id"]))
    assert rows and all(row[1] == "denied" for row in rows), rows


# ---------------------------------------------------------------------------
# haven report.

def test_cli_csv_to_stdout_is_the_download(coord, year, server, tmp_path):
    want = report(coord, year, "csv").content
    seq = last_seq(server)
    rc, out, err = run_report(server, "--year", year, "--format", "csv",
                              cwd=tmp_path)
    assert rc == 0, err
    assert out == want
    assert os.listdir(tmp_path) == []
    rc, out, err = run_report(server, "--year", year, "--format", "csv",
                              "--lang", "en", cwd=tmp_path)
    assert rc == 0, err
    assert out == report(coord, year, "csv", "en").content
    assert audit(server, "seq > %d AND action = 'stats.report'" % seq)[:1] \
        == [("stats.report", "ok", "%d csv" % year, "0")]


def test_cli_pdf_default_file_is_the_report(coord, year, server, tmp_path):
    stats = statistics(coord, year)
    api, api_pages = pdf_text(tmp_path, report(coord, year, "pdf").content,
                              "api.pdf")
    work = tmp_path / "work"
    work.mkdir()
    rc, out, err = run_report(server, "--year", year, "--format", "pdf",
                              cwd=work)
    assert rc == 0, err
    assert out == b""
    name = "haven-report-%d.pdf" % year
    assert os.listdir(work) == [name]
    assert "wrote %s (%d pages)" % (name, api_pages) in err
    data = (work / name).read_bytes()
    doc, pages = pdf_text(tmp_path, data, "cli.pdf")
    assert pages == api_pages
    check_pdf(doc, pages, stats, year, "pl")
    assert doc == api


def test_cli_xlsx_out_file(coord, year, server, tmp_path):
    stats = statistics(coord, year)
    out_file = tmp_path / "annual.xlsx"
    rc, out, err = run_report(server, "--year", year, "--format", "xlsx",
                              "--lang", "en", "--out", out_file, cwd=tmp_path)
    assert rc == 0, err
    assert os.listdir(tmp_path) == ["annual.xlsx"]
    check_xlsx(out_file.read_bytes(), stats, year, "en")


@pytest.mark.parametrize("args,mentions", [
    (["--format", "pdf"], "--year"),
    (["--year", "1999", "--format", "pdf"], "--year"),
    (["--year", "abcd", "--format", "pdf"], "--year"),
    (["--year", "NEXT", "--format", "pdf"], "--year"),
    (["--year", "THIS"], "--format"),
    (["--year", "THIS", "--format", "docx"], "--format"),
    (["--year", "THIS", "--format", "csv", "--lang", "de"], "--lang"),
    (["--year", "THIS", "--format", "csv", "--out", ""], "--out"),
    (["--year", "THIS", "--format", "csv", "extra"], "extra"),
    (["--year", "THIS", "--format", "csv", "--colour", "red"], "--colour"),
])
def test_cli_bad_options_fail_with_one_line(server, year, args, mentions,
                                            tmp_path):
    args = [{"THIS": str(year), "NEXT": str(year + 1)}.get(a, a)
            for a in args]
    rc, out, err = run_report(server, *args, cwd=tmp_path)
    assert rc == 2, (rc, err)
    assert out == b""
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1 and lines[0].startswith("haven: "), err
    assert mentions in lines[0], err
    assert os.listdir(tmp_path) == []


def test_cli_help(tmp_path):
    r = subprocess.run([HAVEN_BIN, "report", "--help"], env=clean_env(),
                       cwd=tmp_path, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0
    assert r.stdout.startswith("usage: haven report")
    for flag in ("--year", "--format", "--lang", "--out", "--database"):
        assert flag in r.stdout
    top = subprocess.run([HAVEN_BIN, "--help"], env=clean_env(),
                         cwd=tmp_path, capture_output=True, text=True,
                         timeout=60)
    assert re.search(r"^  report\s", top.stdout, re.M)
