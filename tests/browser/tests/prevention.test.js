// Preventive counselling and consultancy for institutions on the demo
// installation: a consultation through the checklist form (keyboard
// labels, a high risk with its red flags), its advice sheet in Ukrainian
// whatever the interface's language, printed to PDF with the print
// stylesheet and read back with pdftotext (the heading, a point, the
// emergency numbers, and no menu); a consultation started from a hotline
// contact about prevention; a training for an institution naming a case
// by its reference; the form at 360 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

import { DEMO, DEMO_PASSWORD, MOBILE, Api, openBrowser, shot, uiLogin, hash, assertNoHorizontalScroll } from '../lib/harness.js';

const demo = (name) => ({ username: 'demo.' + name, password: DEMO_PASSWORD });

async function demoApi(name) {
  const api = new Api(DEMO.url);
  const r = await api.ok('POST', '/api/v1/auth/login', demo(name));
  assert.equal(r.stage, 'done');
  return api;
}

test('a high-risk consultation and its advice sheet printed in Ukrainian', async () => {
  const b = await openBrowser();
  const { page } = b;
  const dir = join(tmpdir(), 'haven-advice-' + process.pid);
  try {
    await uiLogin(page, DEMO.url, demo('consultant'));
    await page.locator('[data-nav="prevention"]').click();
    await page.locator('.table-prevention, .page-prevention .empty').first().waitFor();
    await page.locator('[data-action="new-prevention"]').click();
    await page.locator('#pv-destination').waitFor();

    // The checklist, by its labels.
    await page.getByLabel('Język kartki z poradami').selectOption('uk');
    await page.getByLabel('Kraj docelowy').fill('gb');
    await page.getByLabel('Cel wyjazdu').selectOption('work');
    await page.getByLabel('Branża').selectOption('care');
    await page.getByLabel('Skąd oferta').selectOption('social_media');
    await page.getByLabel('Agencja w rejestrze KRAZ').selectOption('not_applicable');
    assert.equal(await page.locator('#pv-kraz-number').isVisible(), false, 'no KRAZ number without the register');
    await page.getByLabel('Czy żądano opłaty').selectOption('yes');
    await page.getByLabel('Za co opłata').selectOption('placement');
    await page.getByLabel('Umowa na piśmie', { exact: true }).selectOption('no');
    await page.getByLabel('Kto trzyma dokumenty').selectOption('employer');
    await page.getByLabel('Zna kontakty alarmowe na miejscu').selectOption('no');
    await page.locator('#pv-signal-pressure_to_decide').check();
    await shot(page, 'prevention-form');
    await page.locator('[data-action="save-prevention"]').click();

    await page.locator('.prevention-assessment').waitFor();
    const id = Number((await hash(page)).replace('#/prevention/', ''));
    assert.ok(id > 0);
    assert.equal(await page.locator('.prevention-assessment').getAttribute('data-risk-level'), 'high');
    for (const f of ['documents_withheld', 'fee_for_job', 'no_written_contract', 'no_emergency_contacts', 'pressure_to_decide']) {
      assert.equal(await page.locator('[data-flag="' + f + '"]').count(), 1, f);
    }
    await shot(page, 'prevention-one');

    // The sheet in the person's language; the interface stays Polish.
    await page.locator('[data-action="advice-sheet"]').click();
    const sheet = page.locator('article.advice-sheet[lang="uk"]');
    await sheet.waitFor();
    assert.equal(await hash(page), '#/advice/' + id + '-uk');
    assert.equal(await page.locator('.advice-title').textContent(), 'Безпечний виїзд за кордон — поради');
    assert.equal(await page.locator('[data-action="print"]').textContent(), 'Drukuj');
    assert.equal(await sheet.locator('[data-emergency="eu_112"] dd').textContent(), '112');
    await shot(page, 'advice-sheet-uk');

    // Printed: the print stylesheet leaves the sheet alone on A4.
    await mkdir(dir, { recursive: true });
    const pdf = join(dir, 'advice.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: false });
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    for (const want of ['Безпечний виїзд за кордон', 'Ніхто не має права забирати ваш паспорт', 'Екстрені номери',
      '+48 22 628 01 20', '+48 605 687 750', '112', 'Велика Британія']) {
      assert.ok(text.includes(want), 'the PDF says ' + want);
    }
    for (const not of ['Drukuj', 'Poradnictwo prewencyjne', 'demo.consultant', 'Wróć do rozmowy']) {
      assert.ok(!text.includes(not), 'the PDF has no ' + not);
    }

    // The other languages of the same sheet.
    await page.locator('.page-advice [data-sheet-lang="en"]').first().click();
    await page.locator('article.advice-sheet[lang="en"]').waitFor();
    assert.equal(await page.locator('.advice-title').textContent(), 'Going abroad safely — advice');
    await page.locator('.page-advice a[data-sheet-lang="pl"]').click();
    await page.locator('article.advice-sheet[lang="pl"]').waitFor();
    assert.match(await page.locator('.advice-points').textContent(), /Nikt nie może zatrzymać Twojego paszportu/);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await b.close();
  }
});

test('from a hotline contact about prevention to a consultation tied to it', async () => {
  const api = await demoApi('consultant');
  const contact = (await api.ok('POST', '/api/v1/contacts', {
    // a Wednesday morning, in office hours: no hand-over note needed
    started_at: '2026-11-25T10:00:00+01:00', duration_seconds: 420,
    channel: 'office_line', direction: 'incoming', inquirer: 'going_abroad', topics: ['prevention'],
    urgency: 'routine', outcome: 'advice',
  })).contact;
  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('consultant'));
    await page.goto(DEMO.url + '/#/contacts/' + contact.id);
    await page.locator('[data-action="start-prevention"]').click();
    await page.locator('[data-contact="' + contact.id + '"]').waitFor();
    await page.locator('#pv-destination').fill('NL');
    await page.locator('#pv-purpose').selectOption('work');
    await page.locator('[data-action="save-prevention"]').click();
    await page.locator('.prevention-assessment').waitFor();
    assert.equal(await page.locator('[data-fact="contact"] a').getAttribute('href'), '#/contacts/' + contact.id);
    const r = await api.ok('GET', '/api/v1/prevention?contact_id=' + contact.id);
    assert.equal(r.consultations.length, 1);
    assert.equal(r.consultations[0].destination, 'NL');
    // everything unknown: the open questions make it medium
    assert.equal(r.consultations[0].assessment.risk_level, 'medium');
  } finally {
    await b.close();
  }
});

test('a training for an institution, naming a case by its reference only', async () => {
  const api = await demoApi('consultant');
  const cases = await api.ok('GET', '/api/v1/cases?limit=5');
  const ref = (cases.cases || cases.rows || []).map((c) => c.reference).find((x) => /^\d{4}\/\d{4,}$/.test(x || ''));
  assert.ok(ref, 'a demo case reference');
  const name = 'Szkoła Policji ' + Date.now();
  const b = await openBrowser({ viewport: MOBILE });
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('consultant'));
    await page.goto(DEMO.url + '/#/consultancy/new');
    await page.locator('#cy-name').waitFor();
    await assertNoHorizontalScroll(page, 'consultancy form at 360 px');
    await page.getByLabel('Nazwa instytucji').fill(name);
    await page.getByLabel('Rodzaj instytucji').selectOption('police');
    await page.getByLabel('Rodzaj', { exact: true }).selectOption('training');
    await page.getByLabel('Temat').selectOption('identification');
    await page.getByLabel('Forma').selectOption('training_session');
    await page.getByLabel('Liczba uczestników').fill('24');
    await page.getByLabel('Sygnatury omawianych spraw').fill(ref);
    await page.locator('[data-action="save-consultancy"]').click();
    await page.locator('.table-consultancy').waitFor();
    const row = page.locator('tr', { hasText: name });
    await row.waitFor();
    assert.match(await row.textContent(), new RegExp(ref.replace('/', '\\/')));
    assert.equal(await row.locator('a[href^="#/cases"]').count(), 0, 'never a link to the case');
    await shot(page, 'consultancy-list-mobile');

    // The prevention form fits a phone too.
    await page.goto(DEMO.url + '/#/prevention/new');
    await page.locator('#pv-destination').waitFor();
    await assertNoHorizontalScroll(page, 'prevention form at 360 px');
  } finally {
    await b.close();
  }
});
