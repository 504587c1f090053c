// A referral with consent on the demo installation: on a case page the
// consultant picks an organisation from the directory, says which personal
// data go with the referral, is told no consent covers it (and the server
// refuses to send it), records the person's consent from the form, sees it
// cover the referral and sends it; the organisation accepts it.  On the
// person page the consent ledger shows the consent with its referral;
// withdrawing it flags the referral on the case page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import { DEMO, DEMO_PASSWORD, MOBILE, Api, openBrowser, shot, uiLogin, assertNoHorizontalScroll } from '../lib/harness.js';

const demo = (name) => ({ username: 'demo.' + name, password: DEMO_PASSWORD });

function tag() {
  const letters = 'abcdefghijklmnoprstuwz';
  let s = '';
  for (const b of randomBytes(8)) s += letters[b % letters.length];
  return s;
}

async function demoApi(name) {
  const api = new Api(DEMO.url);
  const r = await api.ok('POST', '/api/v1/auth/login', demo(name));
  assert.equal(r.stage, 'done');
  return api;
}

test('a referral with consent: refused without, consent recorded from the form, sent, accepted, flagged on withdrawal', async () => {
  const api = await demoApi('consultant');
  const t = tag();
  const org = (await api.ok('POST', '/api/v1/organisations', {
    name: 'Przykładowy Punkt Pomocy Prawnej ' + t, kind: 'legal_aid', country: 'PL', region: 'PL-MZ',
    city: 'Warszawa', languages: ['pl', 'uk'],
  })).organisation;
  const person = (await api.ok('POST', '/api/v1/persons', { sex: 'female', citizenship: 'UA', languages: ['uk'] })).person;
  const c = (await api.ok('POST', '/api/v1/cases', { person_id: person.id, forms: ['forced_labour'] })).case;

  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('consultant'));
    await page.goto(DEMO.url + '/#/cases/' + c.id);
    const part = page.locator('#case-referrals');
    await part.locator('[data-referrals-none]').waitFor();
    await part.locator('[data-action="new-referral"]').click();
    // the organisation, from the directory
    await page.fill('#rf-org-q', 'punkt pomocy prawnej ' + t);
    await page.locator('#rf-org-q').press('Enter');
    await page.locator('#rf-org option[value="' + org.id + '"]').waitFor({ state: 'attached' });
    await page.selectOption('#rf-org', String(org.id));
    await page.selectOption('#rf-purpose', 'legal_aid');
    await page.check('#rf-data-identity');
    await page.check('#rf-data-case_facts');
    // no consent covers it: said before sending, and refused if sent
    await page.locator('[data-cover-state="missing"]').waitFor();
    await page.locator('[data-action="send-referral"]').click();
    await part.locator('.notice-error').waitFor();
    assert.match(await part.locator('.referral-form .notice-error').innerText(), /zgody|zgoda/i);
    assert.equal((await api.ok('GET', '/api/v1/cases/' + c.id + '/referrals')).referrals.length, 0);
    await shot(page, 'referral-no-consent');

    // the consent, recorded from the form: purpose and organisation set
    await page.locator('[data-action="record-consent"]').click();
    await page.locator('#rc-purpose').waitFor();
    assert.equal(await page.locator('#rc-purpose').inputValue(), 'referral');
    assert.equal(await page.locator('#rc-org').inputValue(), String(org.id));
    await page.selectOption('#rc-method', 'spoken');
    await page.fill('#rc-notes', 'W obecności tłumaczki');
    await page.locator('[data-action="save-consent"]').click();
    await page.locator('[data-cover-state="covered"]').waitFor();
    await shot(page, 'referral-covered');
    await page.fill('#rf-notes', 'Prośba o pełnomocnika');
    await page.locator('[data-action="send-referral"]').click();
    const item = part.locator('[data-referral]');
    await item.waitFor();
    assert.equal(await item.locator('[data-referral-status]').getAttribute('data-referral-status'), 'sent');
    assert.match(await item.innerText(), new RegExp('Punkt Pomocy Prawnej ' + t));
    assert.match(await item.innerText(), /Tożsamość, Okoliczności sprawy/);

    // accepted by the organisation
    await item.locator('details.referral-edit summary').click();
    await item.locator('textarea').fill('Pełnomocnik wyznaczony');
    await item.locator('[data-action="referral-accepted"]').click();
    await part.locator('[data-referral-status="accepted"]').waitFor();
    assert.match(await part.locator('[data-referral]').innerText(), /Pełnomocnik wyznaczony/);
    // on the time line, in words
    await page.locator('#timeline', { hasText: 'Punkt Pomocy Prawnej ' + t }).waitFor();
    await shot(page, 'referral-accepted');

    // the ledger on the person page: the consent with its referral
    await page.goto(DEMO.url + '/#/persons/' + person.id);
    const ledger = page.locator('#person-consents');
    const k = ledger.locator('[data-consent][data-purpose="referral"]');
    await k.waitFor();
    assert.equal(await k.locator('[data-consent-state]').getAttribute('data-consent-state'), 'valid');
    await k.locator('[data-action="withdraw"]').click();
    await k.locator('.withdraw-form textarea').fill('Osoba rezygnuje z pomocy prawnej');
    await k.locator('[data-action="withdraw-yes"]').click();
    await ledger.locator('.notice-success').waitFor();
    assert.match(await ledger.locator('.notice-success').innerText(), new RegExp(c.reference.replace('/', '\\/')));
    await ledger.locator('[data-consent-state="withdrawn"]').waitFor();
    await shot(page, 'consent-withdrawn');

    // the referral is flagged on the case page; the key consultant has a task
    await page.goto(DEMO.url + '/#/cases/' + c.id);
    await page.locator('#case-referrals [data-flagged]').waitFor();
    await page.locator('#case-tasks', { hasText: 'Punkt Pomocy Prawnej ' + t }).waitFor();
  } finally {
    await b.close();
  }
});

test('the consent ledger and the referral form fit a phone', async () => {
  const api = await demoApi('consultant');
  const person = (await api.ok('POST', '/api/v1/persons', { citizenship: 'UA' })).person;
  const c = (await api.ok('POST', '/api/v1/cases', { person_id: person.id })).case;
  const b = await openBrowser({ viewport: MOBILE });
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('consultant'));
    await page.goto(DEMO.url + '/#/persons/' + person.id);
    await page.locator('#person-consents [data-consents-none]').waitFor();
    await page.locator('[data-action="new-consent"]').click();
    await page.locator('#pc-purpose').waitFor();
    await assertNoHorizontalScroll(page, 'consent form on a phone');
    await page.goto(DEMO.url + '/#/cases/' + c.id);
    await page.locator('[data-action="new-referral"]').click();
    await page.locator('#rf-org').waitFor();
    await assertNoHorizontalScroll(page, 'referral form on a phone');
    await shot(page, 'referral-mobile');
  } finally {
    await b.close();
  }
});
