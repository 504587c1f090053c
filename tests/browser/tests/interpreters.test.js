// Interpreters on the demo installation: a coordinator adds one in the
// registry (its contact details shown on the card, corrected after); a
// consultant typing a person's languages is shown who covers them; on a
// case page the interpreters of the person's language are suggested and
// one is booked for the case; a second booking at the same time is refused
// naming when the interpreter is busy; the booking is cancelled from the
// interpreter's week; the screens work at 360 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import { DEMO, DEMO_PASSWORD, MOBILE, Api, openBrowser, shot, uiLogin, hash, assertNoHorizontalScroll } from '../lib/harness.js';

const demo = (name) => ({ username: 'demo.' + name, password: DEMO_PASSWORD });

async function demoApi(name) {
  const api = new Api(DEMO.url);
  await api.ok('POST', '/api/v1/auth/login', demo(name));
  return api;
}

// A language code nobody else uses: "q" and two letters.
function freshLang() {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const b = randomBytes(2);
  return 'q' + letters[b[0] % 26] + letters[b[1] % 26];
}

function freshName(base) {
  return base + ' ' + randomBytes(3).toString('hex');
}

// The datetime-local value of a Monday at least a week ahead, at hh:00.
function nextMonday(hh) {
  const d = new Date(Date.now() + 7 * 86400000);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  const p2 = (n) => String(n).padStart(2, '0');
  return d.getUTCFullYear() + '-' + p2(d.getUTCMonth() + 1) + '-' + p2(d.getUTCDate()) + 'T' + p2(hh) + ':00';
}

test('a coordinator adds an interpreter and corrects the card', async () => {
  const lang = freshLang();
  const name = freshName('Przykładowa tłumaczka');
  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('coordinator'));
    await page.locator('[data-nav="interpreters"]').click();
    await page.locator('table.table-interpreters').waitFor();
    await shot(page, 'interpreters-registry');
    await page.locator('[data-action="new-interpreter"]').click();
    await page.locator('#in-name').fill(name);
    await page.locator('#in-languages').fill(lang + ', uk');
    await page.locator('#in-mode-in_person').uncheck();
    await page.locator('#in-day-mon').fill('9:00-17:00');
    await page.locator('#in-day-wed').fill('08:00-12:00, 13:00-16:00');
    await page.locator('#in-vetted').check();
    await page.locator('#in-agreement-on').fill('2099-01-01');
    await page.locator('#in-phone').fill('600 700 800');
    await page.locator('#in-email').fill('tlumaczka@example.org');
    // a badly typed day is refused before anything is sent
    await page.locator('#in-day-fri').fill('od rana');
    await page.locator('[data-action="save-interpreter"]').click();
    await page.locator('#in-day-fri-error:not([hidden])').waitFor();
    await page.locator('#in-day-fri').fill('');
    // an agreement signed in the future: the server names the field
    await page.locator('[data-action="save-interpreter"]').click();
    await page.locator('#in-agreement-on-error:not([hidden])').waitFor();
    await page.locator('#in-agreement-on').fill('2025-06-01');
    await page.locator('[data-action="save-interpreter"]').click();
    await page.waitForFunction(() => /^#\/interpreters\/\d+$/.test(window.location.hash));
    const id = Number((await hash(page)).split('/')[2]);
    await page.locator('[data-fact="phone"] a[href="tel:+48600700800"]').waitFor();
    await page.locator('[data-fact="availability"]', { hasText: '09:00–17:00' }).waitFor();
    await page.locator('.interp-head [data-vetted="true"]').waitFor();
    assert.equal(await page.locator('h1').textContent(), name);
    await page.locator('#interp-week [data-week]').waitFor();
    await shot(page, 'interpreters-card');
    // the correction
    await page.locator('[data-action="edit-interpreter"]').click();
    await page.locator('#ie-region').fill('pomorskie');
    await page.locator('[data-action="save-interpreter"]').click();
    await page.locator('[data-fact="region"]', { hasText: 'pomorskie' }).waitFor();
    const api = await demoApi('coordinator');
    const it = (await api.ok('GET', '/api/v1/interpreters/' + id)).interpreter;
    assert.deepEqual(it.languages, [lang, 'uk']);
    assert.deepEqual(it.modes, ['phone', 'video']);
    assert.deepEqual(it.availability, [
      { day: 'mon', from: '09:00', to: '17:00' },
      { day: 'wed', from: '08:00', to: '12:00' },
      { day: 'wed', from: '13:00', to: '16:00' }]);
    assert.equal(it.region, 'pomorskie');
    assert.equal(it.version, 2);
  } finally {
    await b.close();
  }
});

test('a person\'s languages suggest interpreters; one is booked on the case page, a clash refused, then cancelled', async () => {
  const lang = freshLang();
  const coord = await demoApi('coordinator');
  const con = await demoApi('consultant');
  const good = (await coord.ok('POST', '/api/v1/interpreters', {
    name: freshName('Przykładowy tłumacz'), languages: [lang], modes: ['phone', 'video'],
    vetted: true, agreement_on: '2025-06-01',
    availability: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, from: '08:00', to: '18:00' })),
  })).interpreter;
  const unvetted = (await coord.ok('POST', '/api/v1/interpreters', {
    name: freshName('Przykładowy tłumacz'), languages: [lang], modes: ['phone'], vetted: false,
  })).interpreter;
  const person = (await con.ok('POST', '/api/v1/persons', { citizenship: 'UA', languages: ['pl', lang] })).person;
  const c = (await con.ok('POST', '/api/v1/cases', { person_id: person.id })).case;

  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('consultant'));
    // The person form: typing the languages shows who covers them.
    await page.goto(DEMO.url + '/#/persons/new');
    await page.locator('#np-languages').fill('pl, ' + lang);
    const widget = page.locator('#np-interpreters [data-language="' + lang + '"]');
    await widget.locator('li[data-interpreter="' + good.id + '"] [data-first-choice]').waitFor();
    await widget.locator('li[data-interpreter="' + unvetted.id + '"] [data-reason="not_vetted"]').waitFor();
    assert.equal(await page.locator('#np-interpreters [data-language="pl"]').count(), 0, 'Polish needs no interpreter');
    // vetted first
    const order = await widget.locator('li[data-interpreter]').evaluateAll((els) => els.map((e) => Number(e.dataset.interpreter)));
    assert.deepEqual(order, [good.id, unvetted.id]);
    await shot(page, 'interpreters-person-form');

    // The case page: suggestions for the person's language, book one.
    await page.goto(DEMO.url + '/#/cases/' + c.id);
    const panel = page.locator('#case-interpreters');
    await panel.locator('[data-language="' + lang + '"] li[data-interpreter="' + good.id + '"]').waitFor();
    await panel.locator('[data-bookings="0"]').waitFor();
    await panel.locator('[data-action="book-interpreter"][data-interpreter="' + good.id + '"]').click();
    await page.locator('#cbk-starts').waitFor();
    assert.equal(await page.locator('#cbk-language').inputValue(), lang);
    await page.locator('#cbk-starts').fill(nextMonday(10));
    await page.locator('#cbk-starts').dispatchEvent('change');
    assert.equal(await page.locator('#cbk-ends').inputValue(), nextMonday(11), 'the end follows the start');
    await page.locator('#cbk-mode').selectOption('video');
    await page.locator('#cbk-purpose').fill('Rozmowa z konsultantką');
    await page.locator('#cbk-form [data-action="save-booking"]').click();
    await panel.locator('.interp-case-bookings [data-bookings="1"]').waitFor();
    await panel.locator('.notice-success').waitFor();
    await shot(page, 'interpreters-case-panel');
    const booked = (await con.ok('GET', '/api/v1/cases/' + c.id + '/interpreter-bookings')).bookings;
    assert.equal(booked.length, 1);
    assert.equal(booked[0].interpreter.id, good.id);
    assert.equal(booked[0].mode, 'video');
    assert.equal(booked[0].purpose, 'Rozmowa z konsultantką');

    // The interpreter's card: the same hour for a case by reference — refused.
    const other = (await con.ok('POST', '/api/v1/cases', { person_id: person.id })).case;
    await page.goto(DEMO.url + '/#/interpreters/' + good.id);
    await page.locator('#ibk-form').waitFor();
    await page.locator('#ibk-case-ref').fill(other.reference);
    await page.locator('#ibk-starts').fill(nextMonday(10));
    await page.locator('#ibk-ends').fill(nextMonday(12));
    await page.locator('#ibk-form [data-action="save-booking"]').click();
    await page.locator('#ibk-starts-error:not([hidden])').waitFor();
    assert.match(await page.locator('#ibk-starts-error').textContent(), /10:00/);
    assert.ok(!(await page.locator('#ibk-form').textContent()).includes(c.reference), 'the other booking\'s case is not named');
    await shot(page, 'interpreters-clash');

    // Its week shows the booking; cancel it there.
    await page.locator('[data-action="week-next"]').click();
    let row = page.locator('#interp-week [data-booking="' + booked[0].id + '"]');
    if (await row.count() === 0) {
      await page.locator('[data-action="week-next"]').click();
      row = page.locator('#interp-week [data-booking="' + booked[0].id + '"]');
    }
    await row.waitFor();
    await row.locator('[data-case-link="' + c.id + '"]').waitFor();
    await row.locator('[data-action="cancel-booking"]').click();
    await page.locator('#interp-week [data-booking="' + booked[0].id + '"][data-status="cancelled"]').waitFor();
    // now the hour is free
    await page.locator('#ibk-form [data-action="save-booking"]').click();
    await page.locator('#interp-book .notice-success').waitFor();
  } finally {
    await b.close();
  }
});

test('finding an interpreter for a language at 360 px', async () => {
  const lang = freshLang();
  const coord = await demoApi('coordinator');
  const it = (await coord.ok('POST', '/api/v1/interpreters', {
    name: freshName('Przykładowy tłumacz'), languages: [lang], modes: ['phone'], vetted: true, agreement_on: '2025-06-01',
  })).interpreter;
  const b = await openBrowser({ viewport: MOBILE });
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('consultant'));
    await page.goto(DEMO.url + '/#/interpreters');
    await page.locator('#if-language').fill(lang);
    await page.locator('[data-action="find-interpreter"]').click();
    await page.locator('.interp-found li[data-interpreter="' + it.id + '"]').waitFor();
    await assertNoHorizontalScroll(page, 'the interpreters screen');
    await shot(page, 'interpreters-find-mobile');
    await page.locator('.interp-found li[data-interpreter="' + it.id + '"] a').click();
    await page.locator('#interp-week [data-week]').waitFor();
    await assertNoHorizontalScroll(page, 'an interpreter\'s card');
    // A consultant does not correct the registry.
    assert.equal(await page.locator('[data-action="edit-interpreter"]').count(), 0);
  } finally {
    await b.close();
  }
});
