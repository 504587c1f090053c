// The indicator catalogue on the demo installation: everyone who screens
// sees the version in use and its grades, the unverified ones marked; a
// coordinator loads a revised version from a JSON file, which becomes the
// one new screenings use; loading the same version twice is refused.  The
// revised file differs only in its version, so the screenings of the other
// test files are not affected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEMO, DEMO_PASSWORD, Api, openBrowser, shot, uiLogin } from '../lib/harness.js';

const demo = (name) => ({ username: 'demo.' + name, password: DEMO_PASSWORD });

async function openCatalogue(page, who) {
  await uiLogin(page, DEMO.url, demo(who));
  await page.goto(DEMO.url + '/#/cases');
  await page.locator('[data-action="catalogue"]').click();
  await page.locator('[data-current-version]').waitFor();
  return Number(await page.locator('[data-current-version]').getAttribute('data-current-version'));
}

test('the catalogue: grades shown, unverified marked; a coordinator loads a revised version', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'haven-catalogue-'));
  let before;
  const reader = await openBrowser();
  try {
    // A consultant reads it and cannot load one.
    const { page } = reader;
    before = await openCatalogue(page, 'consultant');
    assert.ok(before >= 1);
    assert.equal(await page.locator('#catalogue-upload').count(), 0);
    await page.locator('.catalogue-details summary').click();
    const row = page.locator('[data-dimension="coercion_destination"] tbody tr').first();
    await row.waitFor();
    assert.ok(await row.locator('[data-grade]').count() >= 1, 'a grade on some list');
    // the sexual lists' grades are marked as not verified
    assert.ok(await page.locator('td', { hasText: '(niezweryfikowana)' }).count() > 0);
    await shot(page, 'catalogue-indicators');
  } finally {
    await reader.close();
  }
  const b = await openBrowser();
  const { page } = b;
  try {
    // A coordinator loads the same catalogue with a higher version.
    const api = new Api(DEMO.url);
    await api.ok('POST', '/api/v1/auth/login', demo('coordinator'));
    const doc = await api.ok('GET', '/api/v1/screening/catalogue');
    delete doc.loaded_at;
    doc.version = before + 1;
    const file = join(dir, 'indicators-v' + doc.version + '.json');
    writeFileSync(file, JSON.stringify(doc));
    const now = await openCatalogue(page, 'coordinator');
    assert.equal(now, before);
    await page.locator('#catalogue-upload [type="submit"]').click();
    await page.locator('.notice', { hasText: 'Najpierw wybierz plik' }).waitFor();
    await page.locator('#catalogue-file').setInputFiles(file);
    await page.locator('#catalogue-upload [type="submit"]').click();
    await page.locator('.notice', { hasText: 'Wersja ' + doc.version + ' jest wczytana' }).waitFor();
    await page.locator('[data-current-version="' + doc.version + '"]').waitFor();
    await page.locator('#catalogue-versions [data-version="' + before + '"]').waitFor();
    await shot(page, 'catalogue-loaded');
    assert.equal((await api.ok('GET', '/api/v1/screening/catalogue')).version, doc.version);
    // The same version again is refused, naming the version.
    await page.locator('#catalogue-file').setInputFiles(file);
    await page.locator('#catalogue-upload [type="submit"]').click();
    await page.locator('.notice', { hasText: 'version' }).waitFor();
    // And a file that is not JSON says so.
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ not json');
    await page.locator('#catalogue-file').setInputFiles(bad);
    await page.locator('#catalogue-upload [type="submit"]').click();
    await page.locator('.notice', { hasText: 'nie jest w formacie JSON' }).waitFor();
  } finally {
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
