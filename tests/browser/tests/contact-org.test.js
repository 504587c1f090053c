// A contact from an institution names it from the directory: the
// correction form of a contact whose caller was an organisation shows the
// directory picker; the organisation chosen is sent alone, shown among the
// contact's facts, and the revision keeps that there was none before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import { DEMO, DEMO_PASSWORD, Api, openBrowser, shot, uiLogin } from '../lib/harness.js';

const demo = (name) => ({ username: 'demo.' + name, password: DEMO_PASSWORD });
const isoZ = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

test('a contact is linked to a directory organisation by a correction', async () => {
  const api = new Api(DEMO.url);
  assert.equal((await api.ok('POST', '/api/v1/auth/login', demo('consultant'))).stage, 'done');
  const tag = randomBytes(4).toString('hex');
  const org = (await api.ok('POST', '/api/v1/organisations', {
    name: 'Przykładowy Ośrodek Interwencji Kryzysowej ' + tag, kind: 'crisis_intervention',
    country: 'PL', region: 'PL-SL', city: 'Katowice', languages: ['pl'],
  })).organisation;
  const created = (await api.ok('POST', '/api/v1/contacts', {
    started_at: isoZ(Date.now() - 2 * 3600000), duration_seconds: 300, channel: 'office_line',
    direction: 'incoming', inquirer: 'organisation', topics: ['institution'], urgency: 'routine',
    outcome: 'advice', handover_note: 'Test: instytucja z katalogu.',
  })).contact;
  assert.equal(created.organisation, null);

  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('consultant'));
    await page.goto(DEMO.url + '/#/contacts/' + created.id);
    await page.locator('[data-action="correct"]').click();
    // the caller was an organisation: the picker is there
    await page.locator('#fix-org-q').fill(tag);
    await page.locator('#fix-org-q').press('Enter');
    await page.locator('#fix-org option[value="' + org.id + '"]').waitFor({ state: 'attached' });
    await page.selectOption('#fix-org', String(org.id));
    const sent = page.waitForRequest((r) => r.method() === 'PATCH');
    await page.locator('[data-action="save-correction"]').click();
    assert.deepEqual(JSON.parse((await sent).postData()), { version: 1, organisation_id: org.id });
    await page.locator('[data-fact="organisation"]', { hasText: org.name }).waitFor();
    await page.locator('[data-revision="1"]').waitFor();
    assert.match(await page.locator('[data-revision="1"]').textContent(), /—/);
    await shot(page, 'contact-organisation');
    const got = (await api.ok('GET', '/api/v1/contacts/' + created.id)).contact;
    assert.deepEqual(got.organisation, { id: org.id, name: org.name });
  } finally {
    await b.close();
  }
});
