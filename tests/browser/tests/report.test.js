// The annual report downloaded from the statistics page, as a coordinator
// would: the year typed, each format's link clicked, the file saved by the
// browser under its name, and its content the report (a PDF whose text has
// the title and "Strona 1 z N", a workbook, the CSV with its BOM).  The
// numbers themselves are compared with the statistics in
// tests/api/test_report.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEMO, DEMO_PASSWORD, openBrowser, uiLogin } from '../lib/harness.js';

// This year in Warsaw: the demo's data lies around today.
const YEAR = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw', year: 'numeric' }).format(new Date());

test('the annual report: PDF, XLSX and CSV downloaded from the statistics page', async () => {
  const b = await openBrowser();
  const { page } = b;
  const dir = await mkdtemp(join(tmpdir(), 'haven-report-'));
  try {
    await uiLogin(page, DEMO.url, { username: 'demo.coordinator', password: DEMO_PASSWORD });
    await page.locator('[data-nav="statistics"]').click();
    await page.waitForFunction(() => window.location.hash === '#/statistics');
    await page.locator('#st-year').fill(YEAR);

    const got = {};
    for (const fmt of ['pdf', 'xlsx', 'csv']) {
      const link = page.locator('a[data-report="' + fmt + '"]');
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), link.click()]);
      assert.equal(await download.failure(), null, fmt + ' downloaded');
      assert.equal(download.suggestedFilename(), 'haven-report-' + YEAR + '.' + fmt);
      const path = join(dir, download.suggestedFilename());
      await download.saveAs(path);
      got[fmt] = { path, bytes: await readFile(path) };
    }

    assert.equal(got.pdf.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    const text = execFileSync('pdftotext', ['-layout', got.pdf.path, '-'], { encoding: 'utf8' });
    assert.match(text, /Krajowe Centrum Konsultacyjno-Interwencyjne/);
    assert.match(text, new RegExp('Sprawozdanie roczne za rok ' + YEAR));
    assert.match(text, /Zarejestrowane ofiary według płci i wieku/);
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    assert.ok(pages.length > 5, 'a title page and the sections');
    pages.forEach((p, i) => assert.match(p, new RegExp('Strona ' + (i + 1) + ' z ' + pages.length)));

    assert.equal(got.xlsx.bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'a zip: the workbook');
    assert.ok(got.xlsx.bytes.includes('xl/worksheets/sheet2.xml'), 'sheets beyond Info');

    assert.deepEqual([...got.csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the CSV starts with a BOM');
    assert.match(got.csv.bytes.toString('utf8'), /"Kontakty według kanału"/);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await b.close();
  }
});
