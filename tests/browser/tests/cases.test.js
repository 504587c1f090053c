// Persons and case files on the demo installation: opening a case from a
// contact, the lifecycle with only the legal steps offered, completing the
// aid pathway, the safe-contact protocol before a call back, likely
// duplicates of a new person, the register's saved columns, and a sealed
// case seen by someone not named on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt, randomBytes } from 'node:crypto';

import { DEMO, DEMO_PASSWORD, MOBILE, Api, openBrowser, shot, uiLogin, hash, assertNoHorizontalScroll, sql } from '../lib/harness.js';

const demo = (name) => ({ username: 'demo.' + name, password: DEMO_PASSWORD });

async function demoApi(name) {
  const api = new Api(DEMO.url);
  const r = await api.ok('POST', '/api/v1/auth/login', demo(name));
  assert.equal(r.stage, 'done', 'demo accounts need no second factor');
  return api;
}

// A Polish mobile number no one has called from: "5xx xxx xxx".
function freshNumber() {
  const d = String(randomInt(10000000, 99999999));
  return '5' + d.slice(0, 2) + ' ' + d.slice(2, 5) + ' ' + d.slice(5);
}

// A surname no one else has (letters only: names are normalised).
function freshName(base) {
  const letters = 'abcdefghijklmnoprstuwz';
  let s = '';
  for (const b of randomBytes(6)) s += letters[b % letters.length];
  return base + s;
}

// Log a demo user in and go to the case register, as they would.
async function openRegister(page, who) {
  await uiLogin(page, DEMO.url, demo(who));
  await page.locator('#call-number').waitFor();
  await page.locator('[data-nav="cases"]').click();
  await page.locator('.table-cases tbody tr').first().waitFor();
}

const isoZ = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function warsawDay(offsetDays) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' });
  return f.format(new Date(Date.now() + (offsetDays || 0) * 86400000));
}

async function staffId(api, username) {
  const s = (await api.ok('GET', '/api/v1/staff')).staff.find((x) => x.username === username);
  assert.ok(s, username + ' is staff');
  return s.id;
}

// A person (with a safe-contact protocol) and a case, made through the API.
async function personAndCase(api, opts = {}) {
  const person = (await api.ok('POST', '/api/v1/persons', {
    sex: 'female', citizenship: 'UA', languages: ['uk'],
    identity: { first_name: 'Olena', last_name: freshName('Testowa'), phones: opts.phone ? [opts.phone] : [] },
    safe_contact: opts.safe_contact === undefined ? null : opts.safe_contact,
    confirm_new: true,
  })).person;
  const body = { person_id: person.id, forms: ['forced_labour'], urgent: false };
  if (opts.key_consultant_id) body.key_consultant_id = opts.key_consultant_id;
  const c = (await api.ok('POST', '/api/v1/cases', body)).case;
  return { person, c };
}

async function statusButtons(page) {
  return page.locator('[data-action="status"]').evaluateAll((els) => els.map((e) => e.dataset.to));
}

async function openCasePage(page, id) {
  await page.goto(DEMO.url + '/#/cases/' + id);
  await page.locator('.status-now [data-status]').waitFor();
  await page.locator('#pathway [data-item]').first().waitFor();
}

test('a case opened from a contact: a new person, the case page, the contact in the time line', async () => {
  const api = await demoApi('consultant');
  const number = freshNumber();
  const contact = (await api.ok('POST', '/api/v1/contacts', {
    started_at: isoZ(Date.now() - 20 * 60000), duration_seconds: 900, channel: 'office_line', direction: 'incoming',
    inquirer: 'victim_foreign', topics: ['identification', 'shelter'], urgency: 'urgent',
    urgency_reason: 'Uciekła z miejsca pracy — test sprawy.', outcome: 'case_opened', caller_number: number,
    summary: 'Kobieta z Ukrainy, praca przymusowa w szklarni.', handover_note: 'Test sprawy.',
  })).contact;
  const surname = freshName('Kontaktowa');
  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('consultant'));
    await page.locator('#call-number').waitFor();
    await page.goto(DEMO.url + '/#/contacts/' + contact.id);
    await page.locator('[data-fact="summary"]', { hasText: 'szklarni' }).waitFor();
    await page.locator('[data-action="open-case"]').click();
    await page.locator('[data-open-case]').waitFor();
    // the caller's number is there to look for already: nobody has it yet
    assert.equal(await page.locator('#oc-find-kind').inputValue(), 'phone');
    await page.locator('[data-action="find-exact"]').click();
    await page.locator('.finder-results [data-found="0"]').waitFor();
    await shot(page, 'case-open-from-contact');

    // a new person, with the caller's number
    await page.locator('[data-action="new-person"]').click();
    await page.locator('#oc-np-first-name').fill('Olena');
    await page.locator('#oc-np-last-name').fill(surname);
    await page.locator('#oc-np-dob').fill('1996-04-12');
    assert.ok((await page.locator('#oc-np-phones').inputValue()).includes(number.replace(/\s/g, '')), 'the caller\'s number');
    await page.locator('#oc-np-citizenship').fill('ua');
    await page.locator('#oc-np-safe-call').selectOption('yes');
    await page.locator('#oc-np-safe-text').selectOption('no');
    await page.locator('#oc-np-safe-code').fill('słonecznik');
    await page.locator('[data-action="create-person"]').click();
    await page.locator('[data-chosen-person]').waitFor();
    await page.locator('label[for="oc-forms-forced_labour"]').click();
    await page.locator('label[for="oc-urgent"]').click();
    await shot(page, 'case-open-person-chosen');
    await page.locator('[data-action="create-case"]').click();

    await page.waitForFunction(() => /^#\/cases\/\d+$/.test(window.location.hash));
    const caseId = Number((await hash(page)).split('/')[2]);
    await page.locator('.status-now [data-status="preliminary_verification"]').waitFor();
    await page.locator('.case-sub [data-urgent]').waitFor();
    // the contact is in the time line, with a link to it
    const ev = page.locator('#timeline [data-event="contact"]');
    await ev.first().waitFor();
    assert.equal(await page.locator('#timeline a[data-contact-link="' + contact.id + '"]').count() >= 1, true);
    await shot(page, 'case-page-new');

    const c = (await api.ok('GET', '/api/v1/cases/' + caseId)).case;
    assert.deepEqual(c.forms, ['forced_labour']);
    assert.equal(c.urgent, true);
    assert.equal(c.key_consultant.username, 'demo.consultant', 'a consultant opening a case leads it');
    assert.equal(c.person.citizenship, 'UA');
    const linked = (await api.ok('GET', '/api/v1/contacts/' + contact.id)).contact;
    assert.equal(linked.case.id, caseId);
    assert.equal(linked.person.id, c.person.id);

    // the pseudonym leads to the person page: the protocol first
    await page.locator('.case-facts [data-person-link]').click();
    await page.locator('.safe-holder [data-safe-contact]').waitFor();
    assert.match(await page.locator('.safe-holder').textContent(), /słonecznik/);
    assert.match(await page.locator('.identity-facts').textContent(), new RegExp(surname));
    await page.locator('#person-cases [data-case="' + caseId + '"]').waitFor();

    // the contact now shows its case instead of the action
    await page.goto(DEMO.url + '/#/contacts/' + contact.id);
    await page.locator('[data-case-link="' + caseId + '"]').waitFor();
    assert.equal(await page.locator('[data-action="open-case"]').count(), 0);
  } finally {
    await b.close();
  }
});

test('the lifecycle: only the legal next statuses are offered; closing asks for a reason; reopening', async () => {
  const api = await demoApi('consultant');
  const { c } = await personAndCase(api);
  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('consultant'));
    await page.locator('#call-number').waitFor();
    await openCasePage(page, c.id);

    const step = async (to, expectNext) => {
      await page.locator('[data-action="status"][data-to="' + to + '"]').click();
      await page.locator('.status-now [data-status="' + to + '"]').waitFor();
      await page.waitForFunction((want) => {
        const got = [...document.querySelectorAll('[data-action="status"]')].map((e) => e.dataset.to).join(',');
        return got === want;
      }, expectNext.join(','));
    };

    assert.deepEqual(await statusButtons(page), ['provisional_identification']);
    await step('provisional_identification', ['identified', 'not_identified']);
    await shot(page, 'case-lifecycle-provisional');
    await step('identified', ['closed']);

    // closing needs a reason
    await page.locator('[data-action="status"][data-to="closed"]').click();
    await page.locator('[data-action="close-confirm"]').click();
    await page.locator('#cs-close-reason-error').waitFor();
    await page.locator('#cs-close-reason').selectOption('assistance_completed');
    await page.locator('[data-action="close-confirm"]').click();
    await page.locator('.status-now [data-status="closed"]').waitFor();
    await page.locator('[data-fact="closed"]').waitFor();
    assert.deepEqual(await statusButtons(page), ['identified'], 'reopening goes back to the status before closing');
    await shot(page, 'case-lifecycle-closed');

    await page.locator('[data-action="status"][data-to="identified"]').click();
    await page.locator('.status-now [data-status="identified"]').waitFor();
    assert.deepEqual(await statusButtons(page), ['closed']);

    const now = (await api.ok('GET', '/api/v1/cases/' + c.id)).case;
    assert.equal(now.status, 'identified');
    const tl = (await api.ok('GET', '/api/v1/cases/' + c.id + '/timeline')).events;
    assert.equal(tl.filter((e) => e.kind === 'status').length, 4, 'each change is in the time line');
    await page.locator('#timeline [data-event="status"]').first().waitFor();
  } finally {
    await b.close();
  }
});

test('the pathway at a glance: every item settled until nothing is missing', async () => {
  const api = await demoApi('consultant');
  const { c } = await personAndCase(api);
  const items = c.pathway.map((x) => x.item);
  assert.equal(items.length, 14);
  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('consultant'));
    await page.locator('#call-number').waitFor();
    await openCasePage(page, c.id);
    assert.deepEqual(await page.locator('#pathway [data-item]').evaluateAll((els) => els.map((e) => e.dataset.item)), items,
      'the items in the centre\'s order');
    await page.locator('#pathway [data-missing="14"]').waitFor();
    await shot(page, 'case-pathway-start');

    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const status = item === 'legal_family' || item === 'safety_liberation' ? 'not_applicable' : 'done';
      await page.locator('[data-item="' + item + '"] [data-action="edit-item"]').click();
      await page.locator('#pw-' + item + '-status').selectOption(status);
      if (item.startsWith('decision_')) {
        await page.locator('#pw-' + item + '-decision').selectOption(item === 'decision_return' ? 'no' : 'yes');
        await page.locator('#pw-' + item + '-decided').fill(warsawDay(0));
        await page.locator('#pw-' + item + '-informed').selectOption('true');
        if (item === 'decision_cooperation') await page.locator('#pw-' + item + '-notes').fill('Zdecydowała sama po rozmowie z prawniczką.');
      }
      await page.locator('[data-item="' + item + '"] [data-action="save-item"]').click();
      await page.locator('[data-item="' + item + '"][data-item-status="' + status + '"]').waitFor();
      await page.locator('#pathway [data-missing="' + (items.length - i - 1) + '"]').waitFor();
      if (i === 11) await shot(page, 'case-pathway-decision');
    }
    await page.locator('#pathway [data-missing="0"]').waitFor();
    const coop = page.locator('[data-item="decision_cooperation"]');
    assert.match(await coop.textContent(), /Zdecydowała sama/);
    await shot(page, 'case-pathway-complete');

    const now = (await api.ok('GET', '/api/v1/cases/' + c.id)).case;
    assert.deepEqual(now.missing, []);
    const dc = now.pathway.find((x) => x.item === 'decision_cooperation');
    assert.equal(dc.decision, 'yes');
    assert.equal(dc.informed, true);
    assert.equal(dc.decided_on, warsawDay(0));
    assert.equal(dc.by.username, 'demo.consultant');
  } finally {
    await b.close();
  }
});

test('the safe-contact protocol is shown before a call back: my tasks, the call screen, the follow-ups', async () => {
  const api = await demoApi('coordinator');
  const number = freshNumber();
  const code = 'latarnia-' + randomBytes(2).toString('hex');
  const { person, c } = await personAndCase(api, {
    phone: number,
    safe_contact: {
      call: 'yes', voicemail: 'no', text: 'no', hours: 'dni robocze 10-12', number,
      code_word: code, do_not_inform: 'pracodawca i jego brat',
    },
  });
  const consultantId = await staffId(api, 'demo.consultant');
  const task = (await api.ok('POST', '/api/v1/tasks', {
    case_id: c.id, person_id: person.id, kind: 'callback', title: 'Oddzwonić w sprawie schroniska — test',
    due_on: warsawDay(-1), assignee_id: consultantId,
  })).task;
  assert.equal(task.overdue, true);
  // a contact of the person waiting for a call back
  const contact = (await api.ok('POST', '/api/v1/contacts', {
    started_at: isoZ(Date.now() - 40 * 60000), duration_seconds: 300, channel: 'office_line', direction: 'incoming',
    inquirer: 'victim_foreign', topics: ['shelter'], urgency: 'routine', outcome: 'follow_up', person_id: person.id,
    case_id: c.id, handover_note: 'Oddzwonić — test protokołu.',
  })).contact;

  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('consultant'));
    await page.locator('#call-number').waitFor();
    await page.locator('[data-nav="tasks"]').click();
    const item = page.locator('li[data-task="' + task.id + '"]');
    await item.waitFor();
    assert.match(await item.getAttribute('class'), /is-overdue/, 'overdue is highlighted');
    const safe = item.locator('[data-safe-contact]');
    await safe.waitFor();
    const text = await safe.textContent();
    assert.ok(text.includes(code), 'the code word is in the task');
    assert.ok(text.includes('pracodawca i jego brat'), 'who must not know');
    // the protocol comes before the number and the call action
    const order = await item.evaluate((li) => {
      const s = li.querySelector('[data-safe-contact]');
      const call = li.querySelector('[data-call]');
      return call ? Boolean(s.compareDocumentPosition(call) & Node.DOCUMENT_POSITION_FOLLOWING) : null;
    });
    assert.equal(order, true, 'the protocol precedes the call link');
    assert.equal(await safe.isVisible(), true);
    await shot(page, 'tasks-callback-protocol');

    // the call screen: the known person's pseudonym, case and protocol
    await page.locator('[data-nav="calls"]').click();
    await page.locator('#call-number').fill(number);
    await page.locator('#call-number').press('Enter');
    const panel = page.locator('#call-known[data-known]');
    await panel.waitFor();
    await panel.locator('[data-slot="person"][data-person="' + person.id + '"]').waitFor();
    assert.ok((await panel.locator('[data-slot="person"]').textContent()).includes(person.pseudonym));
    assert.ok((await panel.locator('[data-known-case="' + c.id + '"]').textContent()).includes(c.reference));
    assert.ok((await panel.locator('[data-slot="safety"] [data-safe-contact]').textContent()).includes(code));
    await shot(page, 'calls-known-person');

    // the follow-up queue: the contact's person's protocol
    await page.locator('#followups .items').waitFor();
    if (await page.locator('[data-action="followups-all"]').count() > 0) {
      await page.locator('[data-action="followups-all"]').click();
    }
    const fu = page.locator('#followups [data-followup="' + contact.id + '"]');
    await fu.locator('[data-followup-safe] [data-safe-contact]').waitFor();
    assert.ok((await fu.textContent()).includes(code));

    // done: the task leaves my list
    await page.locator('[data-nav="tasks"]').click();
    await item.locator('[data-action="task-done"]').click();
    await page.locator('li[data-task="' + task.id + '"]').waitFor({ state: 'detached' });
    const mine = (await (await demoApi('consultant')).ok('GET', '/api/v1/tasks?mine=true&open=true')).tasks;
    assert.ok(!mine.some((x) => x.id === task.id));
  } finally {
    await api.call('POST', '/api/v1/followups/' + contact.id + '/done');
    await b.close();
  }
});

test('a new person: likely duplicates are shown; one can be opened or a new person confirmed', async () => {
  const api = await demoApi('consultant');
  const surname = freshName('Podwojna');
  const first = (await api.ok('POST', '/api/v1/persons', {
    identity: { first_name: 'Mariia', last_name: surname, date_of_birth: '1999-09-09' },
  })).person;
  const b = await openBrowser({ viewport: MOBILE });
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('consultant'));
    await page.locator('#call-number').waitFor();
    await page.locator('[data-nav="persons"]').click();
    await page.locator('main [data-action="new-person"]').click();
    await page.locator('#np-first-name').fill('MARIIA');
    await page.locator('#np-last-name').fill(surname.toUpperCase());
    await page.locator('#np-dob').fill('1999-09-09');
    await page.locator('[data-action="create-person"]').click();
    const dup = page.locator('[data-duplicate="' + first.id + '"]');
    await dup.waitFor();
    assert.match(await dup.textContent(), new RegExp(first.pseudonym));
    await assertNoHorizontalScroll(page, 'new person with duplicates');
    await shot(page, 'mobile-person-duplicates');

    await page.locator('[data-action="confirm-new"]').click();
    await page.waitForFunction((old) => /^#\/persons\/\d+$/.test(window.location.hash) &&
      window.location.hash !== '#/persons/' + old, first.id);
    await page.locator('.safe-holder [data-safe-contact="none"]').waitFor();
    const id = Number((await hash(page)).split('/')[2]);
    const again = (await api.ok('GET', '/api/v1/persons/' + id)).person;
    assert.notEqual(again.pseudonym, first.pseudonym);
    assert.equal(again.identity.last_name.toLowerCase(), surname.toLowerCase());
    await assertNoHorizontalScroll(page, 'person page');
  } finally {
    await b.close();
  }
});

test("the register: the columns each user chooses stay after a reload; sorting by a header", async () => {
  const api = await demoApi('coordinator');
  await personAndCase(api);
  const before = await api.ok('GET', '/api/v1/preferences/case_register');
  const b = await openBrowser();
  const { page } = b;
  try {
    await openRegister(page, 'coordinator');
    await page.locator('[data-action="columns"]').click();
    const want = async (code, on) => {
      const box = page.locator('#cr-col-' + code);
      if (await box.isChecked() !== on) await page.locator('label[for="cr-col-' + code + '"]').click();
    };
    await want('citizenship', true);
    await want('missing', true);
    await want('forms', true);
    await want('urgent', false);
    await page.locator('.table-cases th[data-col="citizenship"]').waitFor();
    assert.equal(await page.locator('.table-cases th[data-col="urgent"]').count(), 0);
    const saved = page.waitForRequest((r) => r.url().endsWith('/api/v1/preferences/case_register') && r.method() === 'PUT');
    await page.locator('[data-action="save-columns"]').click();
    const body = JSON.parse((await saved).postData());
    assert.ok(body.value.columns.includes('citizenship') && !body.value.columns.includes('urgent'));
    await page.locator('.columns-details .notice[role="status"]').waitFor();
    await shot(page, 'cases-register-columns');

    await page.reload();
    await page.locator('.table-cases tbody tr').first().waitFor();
    await page.locator('.table-cases th[data-col="citizenship"]').waitFor();
    assert.equal(await page.locator('.table-cases th[data-col="urgent"]').count(), 0);
    assert.equal(await page.locator('.table-cases th[data-col="missing"]').count(), 1);
    assert.equal(await page.locator('#cr-col-citizenship').isChecked(), true);
    assert.equal(await page.locator('#cr-col-urgent').isChecked(), false);

    // sorting by the reference, both ways
    const sorted = page.waitForRequest((r) => r.url().includes('/api/v1/cases?') && r.url().includes('sort=reference'));
    await page.locator('[data-sort="reference"]').click();
    assert.match((await sorted).url(), /order=asc/);
    await page.locator('th[data-col="reference"][aria-sort="ascending"]').waitFor();
    // (sealed rows the user may not open are left out: the server lists
    // them after the others whatever the order)
    const refs = await page.locator('.table-cases tbody tr:not([data-restricted]) th a')
      .evaluateAll((els) => els.map((e) => e.textContent));
    const key = (r) => r.split('/').map((x) => x.padStart(6, '0')).join('/');
    assert.deepEqual(refs, [...refs].sort((x, y) => key(x).localeCompare(key(y))));
    await page.locator('[data-sort="reference"]').click();
    await page.locator('th[data-col="reference"][aria-sort="descending"]').waitFor();
  } finally {
    await api.call('PUT', '/api/v1/preferences/case_register', before.value);
    await b.close();
  }
});

test('a sealed case: a consultant not named on it sees "no access"; the register shows the reference only', async () => {
  const api = await demoApi('coordinator');
  const me = await staffId(api, 'demo.coordinator');
  const { c } = await personAndCase(api, { key_consultant_id: me });

  // the coordinator seals it, naming no one else
  const a = await openBrowser();
  try {
    await uiLogin(a.page, DEMO.url, demo('coordinator'));
    await a.page.locator('#call-number').waitFor();
    await openCasePage(a.page, c.id);
    await a.page.locator('[data-action="seal"]').click();
    await a.page.locator('.case-sub [data-sealed]').waitFor();
    await a.page.locator('[data-action="unseal"]').waitFor();
    await shot(a.page, 'case-sealed-coordinator');
  } finally {
    await a.close();
  }
  const sealed = (await api.ok('GET', '/api/v1/cases/' + c.id)).case;
  assert.equal(sealed.sealed, true);

  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('consultant'));
    await page.locator('#call-number').waitFor();
    await page.goto(DEMO.url + '/#/cases/' + c.id);
    const na = page.locator('[data-no-access]');
    await na.waitFor();
    assert.match(await na.textContent(), /Nie masz dostępu do tej sprawy/);
    assert.equal(await page.locator('#pathway [data-item]').count(), 0, 'nothing of the case is shown');
    assert.equal(await page.locator('[data-person-link]').count(), 0);
    await shot(page, 'case-sealed-no-access');

    // in the register (the newest first): the reference and the badge only
    await page.locator('[data-nav="cases"]').click();
    const row = page.locator('tr[data-case="' + c.id + '"]');
    await row.waitFor();
    assert.equal(await row.getAttribute('data-restricted'), '');
    await row.locator('[data-sealed]').waitFor();
    assert.ok(!(await row.textContent()).includes(c.person.pseudonym), 'no pseudonym');
  } finally {
    // the refused read of the sealed case is the expected 403
    for (let i = b.problems.length - 1; i >= 0; i--) {
      if (/status of 403/.test(b.problems[i])) b.problems.splice(i, 1);
    }
    await b.close();
  }
});

test('a register of more than a thousand cases: "of more than 1000", and the pages go on', async () => {
  // Written straight into the demo database, as a centre's years would
  // be, and taken out again after.
  sql("WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 1001) " +
    'INSERT INTO case_file (year, number, person_id, status, forms, origin, transit, exploitation, urgent, ' +
    'key_consultant_id, sealed, opened_at, version, created_by, created_at, updated_at) ' +
    'SELECT 2001, n.k, t.person_id, t.status, t.forms, t.origin, t.transit, t.exploitation, t.urgent, ' +
    't.key_consultant_id, 0, t.opened_at - n.k, 1, t.created_by, t.created_at, t.updated_at - n.k ' +
    'FROM n, (SELECT * FROM case_file WHERE sealed = 0 ORDER BY id LIMIT 1) t', DEMO.db);
  const b = await openBrowser();
  const { page } = b;
  try {
    await openRegister(page, 'consultant');
    const count = page.locator('p.count');
    await page.waitForFunction(() => /1000/.test(document.querySelector('p.count').textContent));
    assert.match(await count.textContent(), /^1–25 .+ 1000$/);
    const next = page.locator('[data-action="next"]');
    assert.equal(await next.isVisible(), true);
    assert.equal(await next.isDisabled(), false);
    await next.click();
    await page.waitForFunction(() => /^26–50 /.test(document.querySelector('p.count').textContent));
    assert.equal(await page.locator('.table-cases tbody tr').count(), 25);
    await shot(page, 'cases-register-capped');
  } finally {
    await b.close();
    sql('DELETE FROM case_file WHERE year = 2001', DEMO.db);
  }
});
