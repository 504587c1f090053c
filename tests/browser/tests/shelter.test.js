// The specialist shelter on the demo installation: a consultant places a
// case's person on a free bed of the board (by case reference), opens the
// occupied bed and records the departure with its reason; a wrong
// reference is marked at its field; shelter staff land on the board and
// see the confidential address, a consultant of no one placed there does
// not; the board fits a phone's screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import { DEMO, DEMO_PASSWORD, MOBILE, Api, openBrowser, shot, uiLogin, hash, assertNoHorizontalScroll } from '../lib/harness.js';

const demo = (name) => ({ username: 'demo.' + name, password: DEMO_PASSWORD });

async function demoApi(name) {
  const api = new Api(DEMO.url);
  await api.ok('POST', '/api/v1/auth/login', demo(name));
  // the board's words are checked in Polish, whatever an earlier test chose
  await api.ok('PATCH', '/api/v1/auth/me', { language: 'pl' });
  return api;
}

function word() {
  const letters = 'abcdefghijklmnoprstuwz';
  let s = '';
  for (const b of randomBytes(8)) s += letters[b % letters.length];
  return s;
}

// A shelter of two beds with a secret address, made by the coordinator.
async function shelter(coord) {
  const address = 'ul. Ukryta ' + word() + ' 3, 00-950 Przykładowo';
  const s = await coord.ok('POST', '/api/v1/shelters', {
    name: 'Schronienie przeglądarki ' + word(), kind: 'partner', address,
  });
  const room = (await coord.ok('POST', '/api/v1/shelters/' + s.id + '/rooms', { name: 'Pokój A' })).room;
  const beds = [];
  for (const label of ['A1', 'A2']) {
    beds.push((await coord.ok('POST', '/api/v1/shelters/' + s.id + '/beds', { room_id: room.id, label })).bed.id);
  }
  return { id: s.id, name: s.name, address, beds };
}

async function aCase(api) {
  const person = (await api.ok('POST', '/api/v1/persons', {
    sex: 'female', citizenship: 'UA', identity: { first_name: 'Oksana', last_name: 'Tablicowa' + word() },
  })).person;
  return (await api.ok('POST', '/api/v1/cases', { person_id: person.id })).case;
}

const cellSel = (bed, date, st) => '[data-bed="' + bed + '"][data-date="' + date + '"]' + (st ? '[data-state="' + st + '"]' : '');

test('a placement on the bed board, and the departure', async () => {
  const coord = await demoApi('coordinator');
  const consultant = await demoApi('consultant');
  const s = await shelter(coord);
  const cs = await aCase(consultant);
  const today = (await consultant.ok('GET', '/api/v1/shelters/' + s.id + '/board')).today;
  const [bed] = s.beds;

  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('consultant'));
    await page.goto(DEMO.url + '/#/shelters/' + s.id);
    await page.locator('#shelter-name', { hasText: s.name }).waitFor();
    await page.locator('#shelter-address-hidden').waitFor();
    assert.equal(await page.getByText(s.address).count(), 0, 'no address for a consultant of no one placed here');
    await page.locator(cellSel(bed, today, 'free')).waitFor();
    assert.equal(await page.locator('#shelter-board tbody tr').count(), 2);
    assert.equal(await page.locator('#shelter-board thead th').count(), 8, 'the bed and seven days');
    assert.match(await page.locator(cellSel(bed, today)).textContent(), /Wolne/);
    await shot(page, 'shelter-board');

    // A reference nobody has: marked at its field.
    await page.locator(cellSel(bed, today, 'free')).click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('h2').waitFor();
    await dialog.locator('#place-reference').fill('1999/9999');
    await dialog.locator('[data-action="place"]').click();
    await dialog.locator('#place-reference-error').waitFor();
    await shot(page, 'shelter-place-error');

    // The case's reference: checked in now, by keyboard.
    await dialog.locator('#place-reference').fill(cs.reference);
    assert.equal(await dialog.locator('#place-status').inputValue(), 'active');
    assert.equal(await dialog.locator('#place-check-in').inputValue(), today);
    await dialog.locator('#place-notes').fill('Prosi o pokój na parterze');
    await dialog.locator('#place-notes').press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
    const occupied = page.locator(cellSel(bed, today, 'occupied'));
    await occupied.waitFor();
    assert.match(await occupied.textContent(), new RegExp('Zajęte' + cs.person.pseudonym));
    assert.equal(await page.locator('.notice[role="status"]', { hasText: cs.reference }).count(), 1);
    await shot(page, 'shelter-placed');

    // The placement: pseudonym, case link, no identity; the departure.
    await occupied.click();
    await dialog.locator('#placement-facts').waitFor();
    const facts = await dialog.locator('#placement-facts').textContent();
    assert.ok(facts.includes(cs.person.pseudonym) && facts.includes(cs.reference));
    assert.ok(!facts.includes('Tablicowa'), 'no name on the placement');
    assert.equal(await dialog.locator('[data-case-link]').getAttribute('href'), '#/cases/' + cs.id);
    await shot(page, 'shelter-placement');
    await dialog.locator('[data-action="depart"]').click();
    await dialog.locator('#depart-reason-error').waitFor();
    await dialog.locator('#depart-reason').selectOption('returned_home');
    assert.equal(await dialog.locator('#depart-date').inputValue(), today);
    await dialog.locator('[data-action="depart"]').click();
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
    await page.locator(cellSel(bed, today, 'free')).waitFor();
    await shot(page, 'shelter-departed');

    const p = (await consultant.ok('GET', '/api/v1/cases/' + cs.id + '/placements')).placements;
    assert.equal(p.length, 1);
    assert.equal(p[0].status, 'ended');
    assert.equal(p[0].actual_departure, today);
    assert.equal(p[0].leaving_reason, 'returned_home');

    // The case page lists the stay, without the address.
    await page.goto(DEMO.url + '/#/cases/' + cs.id);
    const part = page.locator('#case-shelter [data-placement="' + p[0].id + '"]');
    await part.waitFor();
    assert.ok((await part.textContent()).includes(s.name));
    assert.equal(await page.getByText(s.address).count(), 0);
    await page.locator('#timeline [data-event="placement"]').first().waitFor();
    await shot(page, 'shelter-case-part');
  } finally {
    await b.close();
  }
});

test('shelter staff land on the board and see the address; it fits a phone', async () => {
  const coord = await demoApi('coordinator');
  const s = await shelter(coord);
  const b = await openBrowser({ viewport: MOBILE });
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('shelter'));
    assert.equal(await hash(page), '#/shelters');
    await page.locator('#shelter-name').waitFor();
    await page.locator('#shelter-pick').selectOption(String(s.id));
    await page.locator('#shelter-name', { hasText: s.name }).waitFor();
    await page.locator('[data-address]', { hasText: s.address }).waitFor();
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    await assertNoHorizontalScroll(page, 'shelter board on a phone');
    // Shelter staff do not place: a free bed is not a button.
    const free = page.locator(cellSel(s.beds[0], (await coord.ok('GET', '/api/v1/shelters/' + s.id + '/board')).today));
    assert.equal(await free.evaluate((el) => el.tagName), 'SPAN');
    await shot(page, 'mobile-shelter-board');
  } finally {
    await b.close();
  }
});
