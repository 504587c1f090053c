// The hotline screens on the demo installation: logging a routine contact
// by keyboard alone, a known caller's number, the morning hand-over, the
// call screen on a phone, the contact register with a correction, the
// on-call rota's gaps and a new closure day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';

import {
  DEMO, DEMO_PASSWORD, MOBILE, Api, openBrowser, shot, uiLogin, hash, assertNoHorizontalScroll,
} from '../lib/harness.js';

const demo = (name) => ({ username: 'demo.' + name, password: DEMO_PASSWORD });

// An API client logged in as a demo account.
async function demoApi(name) {
  const api = new Api(DEMO.url);
  const r = await api.ok('POST', '/api/v1/auth/login', demo(name));
  assert.equal(r.stage, 'done', 'demo accounts need no second factor');
  return api;
}

// A Polish mobile number no one has called from: "6xx xxx xxx".
function freshNumber() {
  const d = String(randomInt(10000000, 99999999));
  return '6' + d.slice(0, 2) + ' ' + d.slice(2, 5) + ' ' + d.slice(5);
}

const isoZ = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const focusedId = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return el ? el.id || el.dataset.action || el.tagName : null;
});

// Tab until the focus is on the element with this id (at most `max`
// presses); how many presses it took.
async function tabTo(page, id, max = 12) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await focusedId(page) === id) return i;
  }
  assert.fail('Tab did not reach #' + id + ' (focus on ' + await focusedId(page) + ')');
  return 0;
}

async function enumLabel(api, kind, code) {
  const e = await api.ok('GET', '/api/v1/enums');
  return e[kind].find((x) => x.code === code).pl;
}

async function callScreen(page, who) {
  await uiLogin(page, DEMO.url, demo(who));
  assert.equal(await hash(page), '#/calls', who + ' starts on the call screen');
  await page.locator('#call-number').waitFor();
  // the calendar has answered: the office is open or closed
  await page.locator('[data-office="open"], [data-office="closed"]').waitFor();
}

test('a routine contact, logged by keyboard alone in under 30 seconds', async () => {
  const api = await demoApi('consultant');
  const b = await openBrowser();
  const { page } = b;
  try {
    await callScreen(page, 'consultant');
    assert.equal(await focusedId(page), 'call-number', 'the number field has the focus at once');
    const closed = await page.locator('[data-office]').getAttribute('data-office') === 'closed';
    const number = freshNumber();

    // from here on only keys: type, Tab, arrows, Space, Ctrl+Enter
    const t0 = Date.now();
    const type = (s) => page.keyboard.type(s, { delay: 15 });
    await type(number);
    await tabTo(page, 'call-started');             // the start: now
    await tabTo(page, 'call-minutes');             // the minutes: the timer runs
    await tabTo(page, 'call-channel');             // past the timer button
    await tabTo(page, 'call-direction-incoming');  // incoming, chosen already
    await tabTo(page, 'call-inquirer-victim_polish');
    await page.keyboard.press('ArrowDown');        // victim_foreign
    await page.keyboard.press('ArrowDown');        // family_friend
    await tabTo(page, 'call-topics-identification');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
    assert.equal(await focusedId(page), 'call-topics-legal');
    await page.keyboard.press('Space');
    await tabTo(page, 'call-urgency-routine');
    await tabTo(page, 'call-outcome-advice');
    await tabTo(page, 'call-country');
    await type('pl');
    await tabTo(page, 'call-language');
    await type('pl');
    await tabTo(page, 'call-summary');
    await type('Pyta o prawa pracownika za granicą. Test klawiatury.');
    if (closed) {
      // out of hours a routine contact needs a note for the morning team
      await tabTo(page, 'call-note');
      await type('Oddzwonić rano z listą organizacji.');
    }
    // the call has ended: Alt+T stops the timer wherever the focus is
    await page.keyboard.press('Alt+KeyT');
    assert.equal(await page.locator('[data-action="timer"]').getAttribute('aria-pressed'), 'true');
    const clockAt = await page.locator('.timer-clock').textContent();
    await shot(page, 'calls-keyboard-filled');
    await page.keyboard.press('Control+Enter');
    const done = page.locator('.notice[role="status"]', { hasText: 'Zapisano kontakt' });
    await done.waitFor();
    const took = Date.now() - t0;
    assert.ok(took < 30000, 'logged in ' + took + ' ms');

    // the form is new and the number field has the focus again
    assert.equal(await focusedId(page), 'call-number');
    assert.equal(await page.locator('#call-number').inputValue(), '');
    assert.equal(await page.locator('#call-inquirer input:checked').count(), 0);
    assert.equal(await done.locator('xpath=..').getAttribute('aria-live'), 'polite', 'a polite confirmation');
    await shot(page, 'calls-keyboard-saved');

    // the API has it, as typed
    const look = await api.ok('POST', '/api/v1/contacts/lookup', { number });
    assert.equal(look.known, true);
    assert.equal(look.contacts, 1);
    const c = (await api.ok('GET', '/api/v1/contacts/' + look.last_contact.id)).contact;
    assert.equal(c.caller_number, '+48' + number.replace(/\s/g, ''));
    assert.equal(c.inquirer, 'family_friend');
    assert.deepEqual(c.topics, ['legal']);
    assert.equal(c.urgency, 'routine');
    assert.equal(c.outcome, 'advice');
    assert.equal(c.direction, 'incoming');
    assert.equal(c.channel, closed ? 'oncall_mobile' : 'office_line');
    assert.equal(c.country, 'PL');
    assert.equal(c.language, 'pl');
    assert.equal(c.interpreter, false);
    assert.match(c.summary, /Test klawiatury/);
    assert.equal(c.consultant.username, 'demo.consultant');
    assert.equal(c.out_of_hours, closed);
    if (closed) assert.equal(c.handover_note, 'Oddzwonić rano z listą organizacji.');
    assert.ok(Math.abs(Date.parse(c.started_at) - t0) < 120000, 'started about now: ' + c.started_at);
    assert.ok(c.duration_seconds >= 0 && c.duration_seconds < 120, 'the timer measured ' + c.duration_seconds + ' s');
    const [mm, ss] = clockAt.split(':').map(Number);
    assert.ok(Math.abs(c.duration_seconds - (mm * 60 + ss)) <= 1, 'the duration is where the timer stopped');

    // and today's list shows it
    await page.locator('#today tr[data-contact="' + c.id + '"]').waitFor();
  } finally {
    await b.close();
  }
});

test('a known number shows its earlier contact', async () => {
  const api = await demoApi('consultant');
  const b = await openBrowser();
  const { page } = b;
  try {
    await callScreen(page, 'consultant');
    const number = freshNumber();

    // a first contact from the number
    await page.locator('#call-number').fill(number);
    await page.locator('#call-number').press('Enter');
    const panel = page.locator('#call-known');
    await page.locator('#call-known[data-known="false"]').waitFor();
    assert.match(await panel.textContent(), /Nowy numer/);
    await page.locator('label[for="call-inquirer-victim_foreign"]').click();
    await page.locator('label[for="call-topics-shelter"]').click();
    await page.locator('label[for="call-topics-safety"]').click();
    await page.locator('label[for="call-outcome-referred"]').click();
    if (await page.locator('#call-note').isVisible()) await page.locator('#call-note').fill('Sprawdzić miejsce w schronisku.');
    await page.locator('[data-action="save"]').click();
    await page.locator('.notice[role="status"]', { hasText: 'Zapisano kontakt' }).waitFor();
    assert.equal(await panel.isHidden(), true, 'a new form has no caller panel');

    // the same number again, written another way
    const again = '+48 ' + number;
    await page.locator('#call-number').focus();
    await page.keyboard.type(again);
    await page.keyboard.press('Tab');
    await page.locator('#call-known[data-known="true"]').waitFor();
    assert.equal(await panel.locator('[data-known-count]').getAttribute('data-known-count'), '1');
    const text = await panel.textContent();
    assert.match(text, /Znany numer/);
    assert.match(text, /1 wcześniejszy kontakt/);
    assert.ok(text.includes('+48' + number.replace(/\s/g, '')), 'the number, normalised');
    assert.ok(text.includes(await enumLabel(api, 'inquirer', 'victim_foreign')), 'the inquirer of the last contact');
    assert.ok(text.includes(await enumLabel(api, 'outcome', 'referred')), 'its outcome');
    assert.ok(text.includes(await enumLabel(api, 'urgency', 'routine')), 'its urgency');
    // a place for the person and safety instructions, empty for now
    assert.equal(await panel.locator('[data-slot="person"]').count(), 1);
    assert.equal(await panel.locator('[data-slot="safety"]').count(), 1);
    await shot(page, 'calls-known-caller');

    // a number that is none
    await page.locator('#call-number').fill('abc');
    await page.locator('#call-number').press('Enter');
    await page.locator('#call-number-error').waitFor();
    assert.equal(await panel.isHidden(), true);
  } finally {
    await b.close();
  }
});

test('the morning team acknowledges the hand-over of the night', async () => {
  const api = await demoApi('coordinator');
  const hv = await api.ok('GET', '/api/v1/handover');
  assert.ok(hv.period && hv.period.from && hv.period.to, 'a hand-over period');
  assert.equal(hv.acknowledged, null, 'the last night is not acknowledged yet');
  const note = 'Kobieta z Wietnamu, prosi o oddzwonienie przez tłumacza — test przekazania.';
  const created = await api.ok('POST', '/api/v1/contacts', {
    started_at: isoZ(Date.parse(hv.period.from) + 47 * 60000), duration_seconds: 420,
    channel: 'oncall_mobile', direction: 'incoming', inquirer: 'victim_foreign', topics: ['safety', 'shelter'],
    urgency: 'routine', outcome: 'follow_up', language: 'vi', interpreter: true, handover_note: note,
  });
  const id = created.contact.id;
  assert.equal(created.contact.out_of_hours, true);

  const b = await openBrowser();
  const { page } = b;
  try {
    await callScreen(page, 'consultant');
    const item = page.locator('#handover [data-handover-contact="' + id + '"]');
    await item.waitFor();
    assert.match(await item.textContent(), /test przekazania/);
    // it waits in the follow-up queue too, with its note (the queue shows
    // the oldest few until asked for all)
    await page.locator('#followups .items').waitFor();
    if (await page.locator('[data-action="followups-all"]').count() > 0) {
      await page.locator('[data-action="followups-all"]').click();
    }
    assert.match(await page.locator('#followups [data-followup="' + id + '"]').textContent(), /test przekazania/);
    await page.locator('#handover').scrollIntoViewIfNeeded();
    await shot(page, 'calls-handover');

    await page.locator('[data-action="ack-handover"]').click();
    const acked = page.locator('#handover [data-acknowledged="demo.consultant"]');
    await acked.waitFor();
    assert.match(await acked.textContent(), /Przejęte: demo\.consultant/);
    await shot(page, 'calls-handover-acknowledged');

    const after = await api.ok('GET', '/api/v1/handover');
    assert.ok(after.acknowledged, 'the API says acknowledged');
    assert.equal(after.acknowledged.by.username, 'demo.consultant');
    const again = await api.call('POST', '/api/v1/handover/ack', { to: after.period.to });
    assert.equal(again.status, 409, 'once only');

    // the follow-up is done: it leaves the queue
    await page.locator('#followups [data-followup="' + id + '"] [data-action="followup-done"]').click();
    await page.locator('#followups [data-followup="' + id + '"]').waitFor({ state: 'detached' });
    const open = (await api.ok('GET', '/api/v1/followups')).followups.map((f) => f.id);
    assert.ok(!open.includes(id));
  } finally {
    await b.close();
  }
});

test('the call screen on a phone: form first, nothing to scroll sideways', async () => {
  const api = await demoApi('consultant');
  const b = await openBrowser({ viewport: MOBILE });
  const { page } = b;
  try {
    await callScreen(page, 'consultant');
    await page.locator('#today tbody tr, #today .empty').first().waitFor();
    await page.locator('#followups .items, #followups .empty').first().waitFor();
    await assertNoHorizontalScroll(page, 'call screen');
    const y = async (sel) => (await page.locator(sel).boundingBox()).y;
    assert.ok(await y('#call-number') < 740, 'the number field is in the first screenful');
    assert.ok(await y('.call-card') < await y('#handover'), 'the form comes before the lists');
    assert.ok(await y('#handover') < await y('#today'));

    // who is on call now, as the rota says
    const oc = await api.ok('GET', '/api/v1/oncall');
    await page.waitForFunction(() => (document.querySelector('[data-oncall-now]')?.textContent ?? '') !== '');
    assert.equal(await page.locator('[data-oncall-now]').getAttribute('data-oncall-now'), oc.now ? oc.now.user.username : '');
    await shot(page, 'mobile-calls');

    // with the caller panel and an urgent reason open, still no sideways scroll
    await page.locator('#call-number').fill('+380 44 123 4567');
    await page.locator('#call-number').press('Enter');
    await page.locator('#call-known:not([hidden])').waitFor();
    await page.locator('label[for="call-urgency-urgent"]').click();
    await page.locator('#call-reason').waitFor();
    await assertNoHorizontalScroll(page, 'call screen, urgent');
    await shot(page, 'mobile-calls-urgent');
  } finally {
    await b.close();
  }
});

test('contacts: search, open one, correct it, a conflict', async () => {
  const api = await demoApi('coordinator');
  const created = (await api.ok('POST', '/api/v1/contacts', {
    started_at: isoZ(Date.now() - 3 * 3600000), duration_seconds: 600, channel: 'email', direction: 'incoming',
    inquirer: 'police_border_guard', topics: ['identification'], urgency: 'urgent',
    urgency_reason: 'Osoba zatrzymana na granicy — test rejestru.', outcome: 'intervention',
    summary: 'Pierwsza wersja opisu.', handover_note: 'Test rejestru.',
  })).contact;
  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('coordinator'));
    await page.locator('[data-nav="contacts"]').click();
    await page.locator('.table-contacts tbody tr').first().waitFor();
    await page.locator('#cs-channel').selectOption('email');
    await page.locator('#cs-urgency').selectOption('urgent');
    await page.getByRole('button', { name: 'Szukaj' }).click();
    const row = page.locator('tr[data-contact="' + created.id + '"]');
    await row.waitFor();
    const channels = await page.locator('.table-contacts tbody tr').count();
    assert.ok(channels >= 1);
    await shot(page, 'contacts-search');

    // a click on the row opens the contact
    await row.locator('td').nth(1).click();
    await page.waitForFunction((h) => window.location.hash === h, '#/contacts/' + created.id);
    await page.locator('[data-fact="summary"]', { hasText: 'Pierwsza wersja opisu.' }).waitFor();
    await shot(page, 'contact-detail');

    // a correction: only what changed, with the version read
    await page.locator('[data-action="correct"]').click();
    await page.locator('#fix-summary').fill('Druga wersja opisu.');
    const sent = page.waitForRequest((r) => r.method() === 'PATCH');
    await page.locator('[data-action="save-correction"]').click();
    assert.deepEqual(JSON.parse((await sent).postData()), { version: 1, summary: 'Druga wersja opisu.' });
    await page.locator('[data-fact="summary"]', { hasText: 'Druga wersja opisu.' }).waitFor();
    // the revision keeps what version 1 said
    await page.locator('[data-revision="1"]').waitFor();
    assert.match(await page.locator('[data-revision="1"]').textContent(), /Pierwsza wersja opisu\./);

    // someone else corrects it meanwhile: 409, the page shows theirs
    await page.locator('[data-action="correct"]').click();
    await api.ok('PATCH', '/api/v1/contacts/' + created.id, { version: 2, summary: 'Wersja kogoś innego.' });
    await page.locator('#fix-summary').fill('Moja wersja.');
    await page.locator('[data-action="save-correction"]').click();
    await page.locator('.notice[role="alert"]', { hasText: 'Ktoś inny zmienił ten kontakt' }).waitFor();
    await page.locator('[data-fact="summary"]', { hasText: 'Wersja kogoś innego.' }).waitFor();
    await shot(page, 'contact-conflict');
    const now = (await api.ok('GET', '/api/v1/contacts/' + created.id)).contact;
    assert.equal(now.version, 3);
    assert.equal(now.summary, 'Wersja kogoś innego.');

    // back to the list, as it was
    await page.locator('.back-link').click();
    await page.locator('tr[data-contact="' + created.id + '"]').waitFor();
    assert.equal(await page.locator('#cs-channel').inputValue(), 'email');
  } finally {
    await b.close();
  }
});

test('the on-call rota warns of gaps; a coordinator covers one', async () => {
  const api = await demoApi('coordinator');
  let rota = await api.ok('GET', '/api/v1/oncall');
  if (rota.gaps.length === 0) {
    // make a gap: without the last shift its night is uncovered
    const last = rota.shifts[rota.shifts.length - 1];
    await api.ok('DELETE', '/api/v1/oncall/' + last.id);
    rota = await api.ok('GET', '/api/v1/oncall');
  }
  assert.ok(rota.gaps.length > 0, 'there is a gap to warn of');
  const b = await openBrowser();
  const { page } = b;
  let added = null;
  try {
    await uiLogin(page, DEMO.url, demo('coordinator'));
    await page.locator('[data-nav="oncall"]').click();
    const warning = page.locator('.gaps');
    await warning.waitFor();
    assert.equal(await warning.locator('[data-gap-start]').count(), rota.gaps.length);
    assert.match(await warning.textContent(), /Nikt nie ma dyżuru od/);
    assert.equal(await page.locator('.rota [data-gap]').count(), rota.gaps.length, 'the gaps in the rota too');
    await shot(page, 'oncall-gaps');

    // cover the first gap that is a whole night (times to the minute)
    const gap = rota.gaps.find((g) => /:00\+/.test(g.start) && /:00\+/.test(g.end)) || rota.gaps[0];
    await page.locator('[data-gap-start="' + gap.start + '"] [data-action="fill-gap"]').click();
    assert.equal(await focusedId(page), 'shift-user');
    const staff = (await api.ok('GET', '/api/v1/staff')).staff;
    const person = staff.find((s) => s.username === 'demo.consultant');
    await page.locator('#shift-user').selectOption(String(person.id));
    const sent = page.waitForRequest((r) => r.url().endsWith('/api/v1/oncall') && r.method() === 'POST');
    await page.locator('[data-action="add-shift"]').click();
    const body = JSON.parse((await sent).postData());
    assert.match(body.starts_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:00[+-]\d\d:\d\d$/, 'Warsaw time with its offset');
    assert.equal(Date.parse(body.starts_at), Date.parse(gap.start));
    assert.equal(Date.parse(body.ends_at), Date.parse(gap.end.replace(/:\d\d([+-])/, ':00$1')));
    await page.locator('.notice[role="status"]', { hasText: 'Dodano dyżur' }).waitFor();
    const after = await api.ok('GET', '/api/v1/oncall');
    added = after.shifts.find((s) => Date.parse(s.starts_at) === Date.parse(gap.start) && s.user.id === person.id);
    assert.ok(added, 'the API has the shift');
    assert.ok(!after.gaps.some((g) => g.start === gap.start), 'the gap is gone');
    await page.locator('[data-gap-start="' + gap.start + '"]').waitFor({ state: 'detached' });
    await shot(page, 'oncall-covered');

    // and it can be deleted again
    await page.locator('[data-shift="' + added.id + '"] [data-action="delete-shift"]').click();
    await page.locator('[data-shift="' + added.id + '"] [data-action="delete-shift-yes"]').click();
    await page.locator('[data-shift="' + added.id + '"]').waitFor({ state: 'detached' });
    added = null;
    await page.locator('[data-gap-start="' + gap.start + '"]').first().waitFor();
  } finally {
    if (added) await api.call('DELETE', '/api/v1/oncall/' + added.id);
    await b.close();
  }

  // others read the rota and do not change it
  const c = await openBrowser();
  try {
    await uiLogin(c.page, DEMO.url, demo('consultant'));
    await c.page.locator('[data-nav="oncall"]').click();
    await c.page.locator('.gaps, .callout-ok').first().waitFor();
    assert.equal(await c.page.locator('[data-action="add-shift"], [data-action="delete-shift"]').count(), 0);
  } finally {
    await c.close();
  }
});

test('a coordinator adds a closure day to the calendar', async () => {
  const api = await demoApi('coordinator');
  const year = new Date().getFullYear() + 1;
  const cal = await api.ok('GET', '/api/v1/calendar?year=' + year);
  const taken = new Set(cal.closures.map((c) => c.day).concat(cal.holidays.map((x) => x.day)));
  let day = null;
  for (let d = 10; d < 28 && !day; d++) {
    const s = year + '-03-' + String(d).padStart(2, '0');
    if (!taken.has(s)) day = s;
  }
  assert.ok(day);
  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('coordinator'));
    await page.locator('[data-nav="calendar"]').click();
    await page.locator('.now-state').waitFor();
    await page.locator('#closure-day').fill(day);
    await page.locator('#closure-note').fill('Szkolenie zespołu — test');
    await page.locator('[data-action="add-closure"]').click();
    const item = page.locator('[data-closure="' + day + '"]');
    await item.waitFor();
    assert.match(await item.textContent(), /Szkolenie zespołu — test/);
    await page.locator('.notice[role="status"]', { hasText: 'Dodano dzień zamknięcia' }).waitFor();
    const after = await api.ok('GET', '/api/v1/calendar');
    assert.ok(after.closures.some((c) => c.day === day && c.note === 'Szkolenie zespołu — test'));
    await shot(page, 'calendar-closure-added');

    // a reason is needed; the same day again is refused next to the field
    await page.locator('#closure-day').fill(day);
    await page.locator('[data-action="add-closure"]').click();
    await page.locator('#closure-note-error').waitFor();
    await page.locator('#closure-note').fill('Jeszcze raz');
    await page.locator('[data-action="add-closure"]').click();
    await page.locator('#closure-day-error', { hasText: 'już zamknięty' }).waitFor();

    // removing it again
    await item.locator('[data-action="delete-closure"]').click();
    await item.locator('[data-action="delete-closure-yes"]').click();
    await item.waitFor({ state: 'detached' });
    const gone = await api.ok('GET', '/api/v1/calendar');
    assert.ok(!gone.closures.some((c) => c.day === day));
  } finally {
    await b.close();
  }

  // a consultant reads the calendar only
  const c = await openBrowser({ viewport: MOBILE });
  try {
    await uiLogin(c.page, DEMO.url, demo('consultant'));
    await c.page.locator('[data-nav="calendar"]').click();
    await c.page.locator('.hours-list').waitFor();
    assert.equal(await c.page.locator('#closure-day, [data-action="save-hours"]').count(), 0);
    await assertNoHorizontalScroll(c.page, 'calendar');
    await shot(c.page, 'mobile-calendar');
  } finally {
    await c.close();
  }
});
