// The directory on the demo installation: a consultant searches by kind,
// region, language and text (Polish letters folded), opens an
// organisation's card, adds one with the form (errors named at the field),
// corrects and deactivates it; shelter staff read it without editing; the
// list fits a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import { DEMO, DEMO_PASSWORD, MOBILE, openBrowser, shot, uiLogin, hash, assertNoHorizontalScroll } from '../lib/harness.js';

const demo = (name) => ({ username: 'demo.' + name, password: DEMO_PASSWORD });

function tag() {
  const letters = 'abcdefghijklmnoprstuwz';
  let s = '';
  for (const b of randomBytes(8)) s += letters[b % letters.length];
  return s;
}

test('search the directory, open a card, add, correct and deactivate an organisation', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('consultant'));
    await page.locator('nav.main-nav [data-nav="directory"]').click();
    await page.locator('table.table-directory').waitFor();
    // by kind and region: the demo's crisis intervention centre in Łódź
    await page.selectOption('#dir-kind', 'crisis_intervention');
    await page.selectOption('#dir-region', 'PL-LD');
    await page.locator('[data-action="search"]').click();
    await page.locator('table.table-directory tbody tr', { hasText: 'Ośrodek Interwencji Kryzysowej w Łodzi' }).waitFor();
    assert.equal(await page.locator('table.table-directory tbody tr').count(), 1);
    // by text without Polish letters, and a language
    await page.selectOption('#dir-kind', '');
    await page.selectOption('#dir-region', '');
    await page.fill('#dir-q', 'konsulat generalny ukrainy');
    await page.fill('#dir-language', 'uk');
    await page.locator('#dir-q').press('Enter');
    const row = page.locator('table.table-directory tbody tr', { hasText: 'Konsulat Generalny Ukrainy' });
    await row.waitFor();
    await shot(page, 'directory-search');
    await row.locator('a').click();
    await page.locator('[data-org-card]').waitFor();
    assert.match(await hash(page), /^#\/directory\/\d+$/);
    assert.match(await page.locator('[data-fact="kind"] dd').innerText(), /Konsulat lub ambasada/);
    assert.match(await page.locator('[data-fact="languages"] dd').innerText(), /uk/);

    // a new organisation: the form names what is wrong
    const name = 'Przykładowa Fundacja Testowa ' + tag();
    await page.goto(DEMO.url + '/#/directory');
    await page.locator('[data-action="new-org"]').click();
    await page.locator('#org-name').waitFor();
    await page.fill('#org-name', name);
    await page.selectOption('#org-kind', 'ngo');
    await page.selectOption('#org-voivodeship', 'PL-MA');
    await page.fill('#org-city', 'Kraków');
    await page.fill('#org-languages', 'pl, UK, english');
    await page.fill('#org-website', 'example.org');
    await page.locator('[data-action="save-org"]').click();
    const err = page.locator('.field.has-error');
    await err.first().waitFor();
    await page.fill('#org-languages', 'pl, uk, en');
    await page.locator('[data-action="save-org"]').click();
    await page.locator('#org-website[aria-invalid="true"]').waitFor();
    await page.fill('#org-website', 'https://example.org/fundacja');
    await page.fill('#org-hours', 'pn.–pt. 9–17');
    await page.locator('[data-action="save-org"]').click();
    await page.locator('[data-org-card]').waitFor();
    assert.equal(await page.locator('h1').innerText(), name);
    assert.match(await page.locator('[data-fact="place"] dd').innerText(), /Kraków, małopolskie/);

    // corrected: abroad, with a free region
    await page.locator('[data-action="edit-org"]').click();
    await page.fill('#org-country', 'DE');
    assert.equal(await page.locator('#org-voivodeship').isVisible(), false);
    await page.fill('#org-region', 'Bayern');
    await page.fill('#org-city', 'München');
    await page.locator('[data-action="save-org"]').click();
    await page.locator('.notice-success').waitFor();
    assert.match(await page.locator('[data-fact="place"] dd').innerText(), /München, Bayern, DE/);
    // deactivated: out of the search, back with "show inactive"
    await page.locator('[data-action="deactivate"]').click();
    await page.locator('[data-inactive]').waitFor();
    await page.goto(DEMO.url + '/#/directory');
    await page.fill('#dir-q', 'munchen');
    await page.locator('[data-action="search"]').click();
    await page.locator('.table-holder .empty').waitFor();
    await page.check('#dir-inactive');
    await page.locator('[data-action="search"]').click();
    await page.locator('table.table-directory tbody tr', { hasText: name }).waitFor();
    await shot(page, 'directory-inactive');
  } finally {
    await b.close();
  }
});

test('shelter staff read the directory without editing; the list fits a phone', async () => {
  const b = await openBrowser({ viewport: MOBILE });
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('shelter'));
    await page.goto(DEMO.url + '/#/directory');
    await page.locator('table.table-directory tbody tr').first().waitFor();
    assert.equal(await page.locator('[data-action="new-org"]').count(), 0);
    await assertNoHorizontalScroll(page, 'directory on a phone');
    await shot(page, 'directory-mobile');
    await page.locator('table.table-directory tbody tr a').first().click();
    await page.locator('[data-org-card]').waitFor();
    assert.equal(await page.locator('[data-action="edit-org"]').count(), 0);
    await assertNoHorizontalScroll(page, 'organisation card on a phone');
  } finally {
    await b.close();
  }
});
