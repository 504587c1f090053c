// Telephony in the browser, on the demo installation: a known person's
// call answered on extension 101 pops up on demo.consultant's open call
// screen (Server-Sent Events) with the person's pseudonym and safe-contact
// protocol; the form is filled from the call's draft contact and saving it
// completes that draft; the call's end shows its duration.  A draft left
// by a call is completed from the contact register.  A coordinator sets an
// extension on the telephony screen.
//
// The call events come from this test (Node), as Kamailio would send them:
// POST to Haven's hook routes with the shared secret that 'haven init'
// wrote into the demo server's data folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';

import {
  DEMO, MAIN, DEMO_PASSWORD, MOBILE, Api, openBrowser, shot, uiLogin, hash, assertNoHorizontalScroll,
} from '../lib/harness.js';

const demo = (name) => ({ username: 'demo.' + name, password: DEMO_PASSWORD });

const DEMO_DATA_DIR = process.env.HAVEN_DEMO_DATA_DIR || join(dirname(MAIN.dataDir), 'demo');
const OFFICE_LINE = '+48220000100';
// Olena, a demo person (src/app/demo_cases.c): calling is not safe for
// her, her code word is "Słonecznik".
const OLENA = '+48555010003';

function secret() {
  return readFileSync(join(DEMO_DATA_DIR, 'telephony.secret'), 'utf8').trim();
}

async function demoApi(name) {
  const api = new Api(DEMO.url);
  const r = await api.ok('POST', '/api/v1/auth/login', demo(name));
  assert.equal(r.stage, 'done', 'demo accounts need no second factor');
  return api;
}

// One call event, as the SIP server sends it.  {status, data}.
async function hook(event) {
  const resp = await fetch(DEMO.url + '/api/v1/telephony/events', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: 'Bearer ' + secret() },
    body: JSON.stringify(event),
  });
  const text = await resp.text();
  return { status: resp.status, data: text ? JSON.parse(text) : {} };
}

async function hookOk(event) {
  const r = await hook(event);
  assert.equal(r.status, 200, event.event + ' answered ' + r.status + ' ' + JSON.stringify(r.data));
  return r.data.call;
}

const callId = () => 'browser-' + randomBytes(6).toString('hex');

function freshNumber() {
  return '+486' + String(randomInt(10000000, 99999999));
}

// demo.consultant has extension 101 (the demo's own setting; the
// coordinator's test below gives it back if it changed it).
async function extensionOf(coordinator, username) {
  const r = await coordinator.ok('GET', '/api/v1/telephony/extensions');
  const x = r.extensions.find((e) => e.user.username === username);
  return x ? x.extension : null;
}

async function callScreen(page, who) {
  await uiLogin(page, DEMO.url, demo(who));
  assert.equal(await hash(page), '#/calls');
  await page.locator('#call-number').waitFor();
  // the server has said hello: a call answered from now on pops up
  await page.locator('[data-pop-stream="ready"]').waitFor();
}

test('a known caller answered on extension 101 pops up, the form completes the draft, the end shows the duration', async () => {
  const consultant = await demoApi('consultant');
  const coordinator = await demoApi('coordinator');
  assert.equal(await extensionOf(coordinator, 'demo.consultant'), '101', 'the demo gives demo.consultant extension 101');
  const look = await consultant.ok('POST', '/api/v1/contacts/lookup', { number: OLENA });
  assert.ok(look.person, 'the number is a demo person\'s');
  const pseudonym = look.person.pseudonym;
  const before = look.contacts;

  const b = await openBrowser();
  const { page } = b;
  // every stream the page opens, and every one it lets go
  let opened = 0;
  let closed = 0;
  const isStream = (r) => r.url().endsWith('/api/v1/telephony/stream');
  page.on('request', (r) => { if (isStream(r)) opened += 1; });
  page.on('requestfailed', (r) => { if (isStream(r)) closed += 1; });
  page.on('requestfinished', (r) => { if (isStream(r)) closed += 1; });
  try {
    await callScreen(page, 'consultant');
    const id = callId();
    const base = { call_id: id, line: OFFICE_LINE, caller: OLENA, target: 'group' };
    await hookOk({ ...base, event: 'ringing' });
    const answered = await hookOk({ ...base, event: 'answered', extension: '101' });
    assert.equal(answered.state, 'answered');
    const contactId = answered.contact_id;
    assert.ok(Number.isInteger(contactId), 'the answered call left a contact');

    // the pop: the number, the pseudonym, the protocol before anything else
    const pop = page.locator('#call-pop[data-call-id="' + id + '"]');
    await pop.waitFor();
    assert.equal(await pop.getAttribute('data-call-state'), 'answered');
    assert.equal(await pop.getAttribute('data-contact'), String(contactId));
    assert.match(await pop.locator('h2').textContent(), /Odebrane połączenie — \+48555010003/);
    assert.equal(await pop.locator('a.pseudonym').textContent(), pseudonym);
    const safe = pop.locator('[data-safe-contact]');
    assert.equal(await safe.getAttribute('data-safe-contact'), 'no-call', 'calling her back is not safe');
    const safeText = await safe.textContent();
    assert.match(safeText, /NIE DZWOŃ/);
    assert.match(safeText, /Słonecznik/, 'the code word');
    assert.match(safeText, /Pracodawca i jego brat/, 'who must not learn of it');
    assert.ok(await pop.locator('[data-known-case]').count() >= 1, 'her case');
    assert.match(await pop.locator('[data-pop-fact="line"]').textContent(), /\+48220000100/);
    const draft = (await consultant.ok('GET', '/api/v1/contacts/' + contactId)).contact;
    assert.equal(draft.draft, true);
    assert.equal(draft.line, OFFICE_LINE);
    assert.equal(await pop.locator('[data-pop-fact="out_of_hours"] .badge-night').count(), draft.out_of_hours ? 1 : 0);
    // the safe-contact protocol comes before the link to the person
    const order = await pop.evaluate((el) => {
      const s = el.querySelector('[data-safe-contact]');
      const p = el.querySelector('a.pseudonym');
      return Boolean(s.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    assert.ok(order, 'the protocol is read first');

    // the form holds the call: number, start, channel
    assert.equal(await page.locator('#call-number').inputValue(), OLENA);
    assert.equal(await page.locator('#call-channel').inputValue(), 'office_line');
    const startShown = await page.locator('#call-started').inputValue();
    const p = new Intl.DateTimeFormat('pl-PL', {
      timeZone: 'Europe/Warsaw', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).format(new Date(Date.parse(draft.started_at)));
    assert.ok(startShown.endsWith(p), 'the start is the ring time: ' + startShown + ' / ' + p);
    assert.equal(await page.locator('#call-known').isHidden(), true, 'no second panel for the same caller');
    // today's list and the drafts card show it as a draft
    await page.locator('#today tr[data-contact="' + contactId + '"] [data-draft]').waitFor();
    await page.locator('#drafts [data-draft-contact="' + contactId + '"]').waitFor();
    await shot(page, 'telephony-pop');

    // complete it: who called, about what; save
    await page.locator('label[for="call-inquirer-victim_foreign"]').click();
    await page.locator('label[for="call-topics-shelter"]').click();
    if (await page.locator('#call-note').isVisible()) await page.locator('#call-note').fill('Oddzwonić SMS-em — test telefonii.');
    const sent = page.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith('/api/v1/contacts/' + contactId));
    await page.locator('[data-action="save"]').click();
    const body = JSON.parse((await sent).postData());
    assert.equal(body.draft, false);
    assert.equal(body.inquirer, 'victim_foreign');
    assert.deepEqual(body.topics, ['shelter']);
    assert.ok(!('duration_seconds' in body), 'the duration is the call\'s own');
    assert.ok(!('started_at' in body) && !('caller_number' in body), 'what the call gave is not sent back');
    await page.locator('.notice[role="status"]', { hasText: 'Zapisano kontakt' }).waitFor();
    await pop.locator('[data-pop-saved="' + contactId + '"]').waitFor();

    const saved = (await consultant.ok('GET', '/api/v1/contacts/' + contactId)).contact;
    assert.equal(saved.draft, false, 'no longer a draft');
    assert.equal(saved.inquirer, 'victim_foreign');
    assert.deepEqual(saved.topics, ['shelter']);
    assert.equal(saved.caller_number, OLENA);
    assert.equal(saved.channel, 'office_line');
    assert.equal(saved.consultant.username, 'demo.consultant');
    const after = await consultant.ok('POST', '/api/v1/contacts/lookup', { number: OLENA });
    assert.equal(after.contacts, before + 1, 'the draft was completed, no second contact was made');
    await page.locator('#drafts [data-draft-contact="' + contactId + '"]').waitFor({ state: 'detached' });

    // the call ends: its duration
    await page.waitForTimeout(1200);
    const ended = await hookOk({ ...base, event: 'ended' });
    assert.equal(ended.state, 'ended');
    await page.locator('#call-pop[data-call-state="ended"]').waitFor();
    const secs = (await consultant.ok('GET', '/api/v1/contacts/' + contactId)).contact.duration_seconds;
    assert.ok(secs >= 1, 'the call lasted: ' + secs);
    assert.equal(await pop.locator('[data-pop-fact="duration"]').getAttribute('data-duration'), String(secs));
    assert.match(await pop.locator('[data-pop-fact="duration"]').textContent(), /zakończona po/);
    await shot(page, 'telephony-pop-ended');

    // the pop is closed by keyboard; the focus goes back to the form
    await pop.locator('[data-action="pop-dismiss"]').focus();
    await page.keyboard.press('Enter');
    await pop.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'call-number');

    // leaving the screen lets the stream go
    assert.equal(opened - closed, 1, 'one stream while the screen is open');
    await page.locator('[data-nav="contacts"]').click();
    await page.waitForFunction(() => window.location.hash === '#/contacts');
    for (let i = 0; i < 20 && closed < opened; i++) await page.waitForTimeout(100);
    assert.equal(closed, opened, 'no stream left open off the call screen');
  } finally {
    await b.close();
  }
});

test('a draft a call left is completed from the contact register', async () => {
  const consultant = await demoApi('consultant');
  const number = freshNumber();
  const id = callId();
  const base = { call_id: id, line: OFFICE_LINE, caller: number, target: 'group' };
  await hookOk({ ...base, event: 'ringing' });
  const answered = await hookOk({ ...base, event: 'answered', extension: '101' });
  await hookOk({ ...base, event: 'ended' });
  const contactId = answered.contact_id;
  const drafts = await consultant.ok('GET', '/api/v1/contacts?draft=true');
  assert.ok(drafts.contacts.some((c) => c.id === contactId && c.draft === true), 'listed among the drafts');

  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('consultant'));
    // no screen-pop came (no call screen was open): the drafts card has it
    await page.locator('#drafts [data-draft-contact="' + contactId + '"]').waitFor();
    await page.locator('[data-nav="contacts"]').click();
    await page.locator('#cs-draft').selectOption('true');
    await page.getByRole('button', { name: 'Szukaj' }).click();
    const row = page.locator('tr[data-contact="' + contactId + '"]');
    await row.waitFor();
    assert.equal(await row.locator('[data-draft]').textContent(), 'szkic');
    await shot(page, 'telephony-drafts');
    await row.locator('a').click();
    await page.waitForFunction((h) => window.location.hash === h, '#/contacts/' + contactId);
    await page.locator('[data-draft-note]').waitFor();
    await page.locator('[data-action="complete"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.name), 'fix-inquirer', 'the focus on who called');
    assert.equal(await page.locator('#fix-number').inputValue(), number);
    await page.locator('label[for="fix-inquirer-family_friend"]').click();
    await page.locator('label[for="fix-topics-legal"]').click();
    if (await page.locator('#fix-note').isVisible()) await page.locator('#fix-note').fill('Test uzupełnienia szkicu.');
    await page.locator('[data-action="save-complete"]').click();
    await page.locator('.notice[role="status"]', { hasText: 'Kontakt uzupełniony' }).waitFor();
    assert.equal(await page.locator('[data-draft-note]').count(), 0);
    const c = (await consultant.ok('GET', '/api/v1/contacts/' + contactId)).contact;
    assert.equal(c.draft, false);
    assert.equal(c.inquirer, 'family_friend');
    assert.deepEqual(c.topics, ['legal']);
  } finally {
    await b.close();
  }
});

test('a coordinator sets an extension on the telephony screen', async () => {
  const coordinator = await demoApi('coordinator');
  const mine = await extensionOf(coordinator, 'demo.coordinator');
  const me = (await coordinator.ok('GET', '/api/v1/auth/me')).user;
  const b = await openBrowser();
  const { page } = b;
  const ext = String(randomInt(7000, 7999));
  try {
    await uiLogin(page, DEMO.url, demo('coordinator'));
    await page.locator('[data-nav="telephony"]').click();
    await page.waitForFunction(() => window.location.hash === '#/telephony');
    // the demo's lines, on-call number and fallback
    await page.locator('.tel-line').first().waitFor();
    const numbers = await page.locator('.tel-line input[type="tel"]').evaluateAll((els) => els.map((e) => e.value));
    assert.ok(numbers.includes(OFFICE_LINE), 'the office line: ' + numbers);
    assert.equal(await page.locator('#tel-oncall').inputValue(), '+48600000100');
    assert.equal(await page.locator('#tel-fallback').inputValue(), '+48600000200');
    const row = page.locator('tr[data-username="demo.coordinator"]');
    await row.waitFor();
    const input = row.locator('input');
    assert.equal(await input.inputValue(), mine || '');
    assert.equal(await page.locator('tr[data-username="demo.consultant"] input').inputValue(), '101');
    await shot(page, 'telephony-settings');

    // not digits: refused before it is sent
    await input.fill('12a');
    await input.press('Enter');
    await row.locator('.field-error', { hasText: 'od 2 do 16 cyfr' }).waitFor();
    // someone else's: the API's 409 shown beside the field
    await input.fill('101');
    await row.locator('[data-action="ext-save"]').click();
    await row.locator('.field-error', { hasText: 'demo.consultant' }).waitFor();
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    // a free one, by keyboard
    await input.fill(ext);
    await input.press('Enter');
    await row.locator('.tel-ext-state', { hasText: 'Zapisano' }).waitFor();
    assert.equal(await extensionOf(coordinator, 'demo.coordinator'), ext);

    // the settings: a bad on-call number is refused by the API, beside it
    await page.locator('#tel-oncall').fill('not a number');
    await page.locator('[data-action="save-config"]').click();
    await page.locator('#tel-oncall-error').waitFor();
    assert.equal(await page.locator('#tel-oncall').getAttribute('aria-invalid'), 'true');
    await page.locator('#tel-oncall').fill('+48600000100');
    // a line that is no number: the API names the lines
    const lastLine = page.locator('.tel-line input[type="tel"]').last();
    const lastValue = await lastLine.inputValue();
    await lastLine.fill('abc');
    await page.locator('[data-action="save-config"]').click();
    // the API names that row's number (lines[N].number): marked there
    await page.locator('.tel-line input[type="tel"][aria-invalid="true"]').waitFor();
    await lastLine.fill(lastValue);
    await page.locator('[data-action="save-config"]').click();
    await page.locator('.notice[role="status"]', { hasText: 'Zapisano ustawienia telefonii' }).waitFor();
    const cfg = (await coordinator.ok('GET', '/api/v1/telephony/config')).config;
    assert.equal(cfg.oncall_number, '+48600000100');
    assert.equal(cfg.fallback, '+48600000200');

    // on a phone: nothing to scroll sideways
    await page.setViewportSize(MOBILE);
    await assertNoHorizontalScroll(page, 'telephony screen');
    await shot(page, 'mobile-telephony');
  } finally {
    await b.close();
    // demo.coordinator gets its own extension back
    if (mine) await coordinator.ok('PUT', '/api/v1/telephony/extensions/' + me.id, { extension: mine });
    else await coordinator.call('DELETE', '/api/v1/telephony/extensions/' + me.id);
  }
});

test('a call that pops up while the form holds something else does not overwrite it', async () => {
  const consultant = await demoApi('consultant');
  const b = await openBrowser();
  const { page } = b;
  try {
    await callScreen(page, 'consultant');
    const typed = freshNumber();
    await page.locator('#call-number').fill(typed);
    await page.locator('label[for="call-inquirer-other"]').click();
    const id = callId();
    const number = freshNumber();
    const base = { call_id: id, line: OFFICE_LINE, caller: number, target: 'group' };
    const answered = await hookOk({ ...base, event: 'answered', extension: '101' });
    const pop = page.locator('#call-pop[data-call-id="' + id + '"]');
    await pop.waitFor();
    assert.equal(await pop.getAttribute('data-contact'), String(answered.contact_id));
    assert.equal(await pop.locator('[data-pop-caller]').getAttribute('data-pop-caller'), 'new', 'a number never seen');
    // what was typed stays; the pop offers to take the form over
    assert.equal(await page.locator('#call-number').inputValue(), typed);
    await pop.locator('[data-pop-form="other"]').waitFor();
    await pop.locator('[data-action="pop-fill"]').click();
    await pop.locator('[data-pop-form="filled"]').waitFor();
    assert.equal(await page.locator('#call-number').inputValue(), number);
    assert.equal(await page.locator('#call-inquirer input:checked').count(), 0, 'a new form, who called still to choose');
    await shot(page, 'telephony-pop-new-number');
    // the draft is completed, not left in demo.consultant's list
    await hookOk({ ...base, event: 'ended' });
    const c = (await consultant.ok('GET', '/api/v1/contacts/' + answered.contact_id)).contact;
    await consultant.ok('PATCH', '/api/v1/contacts/' + c.id, {
      draft: false, inquirer: 'other', topics: ['other'], handover_note: 'Test telefonii.', version: c.version,
    });
  } finally {
    await b.close();
  }
});

test('the call screen on a phone with a call popped up: nothing to scroll sideways', async () => {
  const b = await openBrowser({ viewport: MOBILE });
  const { page } = b;
  try {
    await callScreen(page, 'consultant');
    const id = callId();
    const base = { call_id: id, line: OFFICE_LINE, caller: OLENA, target: 'group' };
    await hookOk({ ...base, event: 'answered', extension: '101' });
    await page.locator('#call-pop[data-call-id="' + id + '"]').waitFor();
    await assertNoHorizontalScroll(page, 'call screen with a pop');
    const y = async (sel) => (await page.locator(sel).boundingBox()).y;
    assert.ok(await y('#call-pop') < await y('#call-number'), 'the pop comes first');
    await shot(page, 'mobile-telephony-pop');
    const ended = await hookOk({ ...base, event: 'ended' });
    await page.locator('#call-pop[data-call-state="ended"]').waitFor();
    // the draft is completed, not left in demo.consultant's list
    const consultant = await demoApi('consultant');
    const c = (await consultant.ok('GET', '/api/v1/contacts/' + ended.contact_id)).contact;
    await consultant.ok('PATCH', '/api/v1/contacts/' + c.id, {
      draft: false, inquirer: 'victim_foreign', topics: ['shelter'], handover_note: 'Test telefonii na telefonie.',
      version: c.version,
    });
  } finally {
    await b.close();
  }
});
