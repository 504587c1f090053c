// The demo installation: its banner, the menu of each role, the screens of
// each role (with screenshots on a desktop and on a phone), the language
// switch, and the admin's and auditor's screens at work.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  DEMO, MAIN, DEMO_PASSWORD, DESKTOP, MOBILE, Api, openBrowser, shot, gotoLogin, fillLogin, uiLogin,
  navItems, hash, assertNoHorizontalScroll, uniqueName,
} from '../lib/harness.js';

const demo = (name) => ({ username: 'demo.' + name, password: DEMO_PASSWORD });

const ROLES = {
  admin: { user: demo('admin'), home: '#/users', nav: ['users', 'settings', 'calendar', 'oncall', 'sessions', 'account'] },
  coordinator: {
    user: demo('coordinator'), home: '#/calls',
    nav: ['calls', 'contacts', 'cases', 'persons', 'tasks', 'shelters', 'directory', 'interpreters', 'prevention',
      'consultancy', 'statistics', 'telephony', 'calendar', 'oncall', 'sessions', 'account'],
  },
  consultant: {
    user: demo('consultant'), home: '#/calls',
    nav: ['calls', 'contacts', 'cases', 'persons', 'tasks', 'shelters', 'directory', 'interpreters', 'prevention',
      'consultancy', 'calendar', 'oncall', 'sessions', 'account'],
  },
  shelter: {
    user: demo('shelter'), home: '#/shelters',
    nav: ['shelters', 'directory', 'interpreters', 'calendar', 'oncall', 'sessions', 'account'],
  },
  auditor: {
    user: demo('auditor'), home: '#/audit',
    nav: ['audit', 'statistics', 'calendar', 'oncall', 'sessions', 'account'],
  },
};

async function bannerShown(page) {
  const banner = page.locator('#demo-banner');
  await banner.waitFor();
  assert.equal(await banner.textContent(), 'DEMO — wyłącznie fikcyjne dane');
  assert.equal(await banner.locator('button, a').count(), 0, 'nothing closes the banner');
  const box = await banner.boundingBox();
  assert.ok(box && box.y <= 1 && box.height >= 20, 'the banner sits at the top');
}

test('the demo banner is on every page, the login page too', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    await gotoLogin(page, DEMO.url);
    await bannerShown(page);
    await shot(page, 'demo-login');
    await uiLogin(page, DEMO.url, ROLES.consultant.user);
    for (const item of ROLES.consultant.nav) {
      await page.locator('[data-nav="' + item + '"]').click();
      await page.waitForFunction((h) => window.location.hash === h, '#/' + item);
      await bannerShown(page);
    }
    // it stays in view when the page scrolls
    await page.setViewportSize({ width: 1280, height: 300 });
    await page.locator('[data-nav="account"]').click();
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(200);
    const box = await page.locator('#demo-banner').boundingBox();
    assert.ok(box.y <= 1, 'the banner is sticky');
  } finally {
    await b.close();
  }
});

test('the menu follows the role', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    for (const [name, r] of Object.entries(ROLES)) {
      await uiLogin(page, DEMO.url, r.user);
      assert.equal(await hash(page), r.home, name + ' starts on its own screen');
      assert.deepEqual(await navItems(page), r.nav, name + "'s menu");
      assert.ok(await page.locator('[data-action="logout"]').isVisible());
      await shot(page, 'role-' + name);

      // a screen of another role is not shown, even by its address
      for (const other of ['users', 'settings', 'audit', 'home', 'calls', 'contacts', 'cases', 'persons', 'tasks',
        'shelters', 'statistics', 'telephony']) {
        if (r.nav.includes(other)) continue;
        await page.goto(DEMO.url + '/#/' + other);
        await page.waitForFunction((h) => window.location.hash === h, r.home);
      }
      await page.locator('[data-action="logout"]').click();
      await page.locator('#login-username').waitFor();
    }
  } finally {
    await b.close();
  }
});

test('every screen of every role, on a desktop and on a phone', async () => {
  for (const [vpName, viewport] of [['desktop', DESKTOP], ['mobile', MOBILE]]) {
    const b = await openBrowser({ viewport });
    const { page } = b;
    try {
      await gotoLogin(page, DEMO.url);
      await assertNoHorizontalScroll(page, 'login');
      if (vpName === 'mobile') await shot(page, 'mobile-login');
      for (const [name, r] of Object.entries(ROLES)) {
        if (name === 'coordinator' || name === 'shelter') continue;  // the same screens as consultant
        await uiLogin(page, DEMO.url, r.user);
        for (const item of r.nav) {
          await page.locator('[data-nav="' + item + '"]').click();
          await page.waitForFunction((h) => window.location.hash === h, '#/' + item);
          await page.locator('main h1').waitFor();
          await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
          await assertNoHorizontalScroll(page, name + ' ' + item + ' ' + vpName);
          if (vpName === 'mobile') {
            for (const link of await page.locator('nav.main-nav a').all()) {
              const box = await link.boundingBox();
              assert.ok(box && box.x >= 0 && box.x + box.width <= viewport.width,
                name + ': a menu item is outside the screen');
              assert.ok(await link.isVisible());
            }
          }
          await shot(page, vpName + '-' + name + '-' + item);
          if (item === 'users') {
            await page.locator('[data-action="manage"][data-user="demo.consultant"]').click();
            await page.locator('dialog[open] h2').waitFor();
            await assertNoHorizontalScroll(page, 'user dialog ' + vpName);
            await shot(page, vpName + '-admin-user-dialog');
            await page.keyboard.press('Escape');
            await page.locator('dialog[open]').waitFor({ state: 'detached' });
          }
        }
        await page.locator('[data-action="logout"]').click();
        await page.locator('#login-username').waitFor();
      }
    } finally {
      await b.close();
    }
  }
});

test('the language switch: Polish to English and back', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    await gotoLogin(page, DEMO.url);
    assert.equal(await page.locator('html').getAttribute('lang'), 'pl');
    assert.equal(await page.locator('h1').textContent(), 'Zaloguj się do Haven');
    await page.locator('.lang-btn[data-lang="en"]').click();
    await page.locator('h1', { hasText: 'Log in to Haven' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.locator('label[for="login-username"]').textContent(), 'User name');
    assert.equal(await page.locator('#demo-banner').textContent(), 'DEMO — fictional data only');
    assert.equal(await page.locator('.lang-btn[data-lang="en"]').getAttribute('aria-pressed'), 'true');
    await shot(page, 'login-en');
    await page.locator('.lang-btn[data-lang="pl"]').click();
    await page.locator('h1', { hasText: 'Zaloguj się do Haven' }).waitFor();

    // logged in, the choice is the user's and outlives a reload
    await uiLogin(page, DEMO.url, ROLES.coordinator.user);
    assert.equal(await page.locator('[data-nav="account"]').textContent(), 'Konto');
    const saved = page.waitForRequest((r) => r.url().endsWith('/api/v1/auth/me') && r.method() === 'PATCH');
    await page.locator('.lang-btn[data-lang="en"]').click();
    assert.deepEqual(JSON.parse((await saved).postData()), { language: 'en' });
    await page.locator('[data-nav="account"]', { hasText: 'Account' }).waitFor();
    assert.equal(await page.locator('[data-action="logout"]').textContent(), 'Log out');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.reload();
    await page.locator('[data-nav="account"]', { hasText: 'Account' }).waitFor();
    await shot(page, 'home-en');

    // and back to Polish, from the account page
    await page.locator('[data-nav="account"]').click();
    await page.locator('#account-lang-pl').check();
    await page.locator('[data-nav="account"]', { hasText: 'Konto' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'pl');
  } finally {
    await b.close();
  }
});

test('the admin adds a user, who can log in with the one-time password', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, ROLES.admin.user);
    await page.locator('table tbody tr').first().waitFor();
    await page.locator('[data-action="add-user"]').click();
    const name = uniqueName('anna');
    await page.locator('#new-username').fill(name);
    await page.locator('#new-role').selectOption('consultant');
    await shot(page, 'users-add');
    await page.getByRole('button', { name: 'Utwórz konto' }).click();
    const otp = page.locator('[data-otp]');
    await otp.waitFor();
    const password = (await otp.textContent()).trim();
    assert.ok(password.length >= 12, 'a one-time password is shown');
    assert.match(await page.locator('.callout-key').textContent(), /tylko teraz/);
    await page.locator('tr', { hasText: name }).waitFor();
    await shot(page, 'users-one-time-password');
    await page.locator('[data-action="otp-done"]').click();
    assert.equal(await otp.count(), 0, 'the password is gone once done');

    // the same name again is refused next to the field
    await page.locator('[data-action="add-user"]').click();
    await page.locator('#new-username').fill(name);
    await page.getByRole('button', { name: 'Utwórz konto' }).click();
    await page.locator('#new-username-error').waitFor();
    await page.getByRole('button', { name: 'Anuluj' }).click();

    const api = new Api(DEMO.url);
    const r = await api.call('POST', '/api/v1/auth/login', { username: name, password });
    assert.equal(r.status, 200);
    assert.equal(r.data.stage, 'password_change');

    // managing: a dialog with role, access, password and second factor
    await page.locator('[data-action="manage"][data-user="' + name + '"]').click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    assert.match(await dialog.locator('h2').textContent(), new RegExp(name.replace('.', '\\.')));
    await dialog.locator('#manage-role').selectOption('coordinator');
    await dialog.getByRole('button', { name: 'Zapisz rolę' }).click();
    await dialog.locator('.notice', { hasText: 'Koordynator' }).waitFor();
    await dialog.locator('[data-action="disable"]').click();
    await shot(page, 'users-manage-confirm');
    await dialog.locator('[data-action="disable-yes"]').click();
    await dialog.locator('.notice', { hasText: 'zablokowane' }).waitFor();
    await shot(page, 'users-manage');
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached' }).catch(() => {});
    assert.equal(await page.locator('dialog[open]').count(), 0);
    await page.locator('tr.is-disabled', { hasText: name }).waitFor();

    // the last administrator cannot lose the role (409 conflict)
    const admins = await page.evaluate(async () => (await (await fetch('/api/v1/users')).json())
      .users.filter((u) => u.role === 'admin' && !u.disabled).length);
    if (admins === 1) {
      await page.locator('[data-action="manage"][data-user="demo.admin"]').click();
      await dialog.locator('#manage-role').selectOption('auditor');
      await dialog.getByRole('button', { name: 'Zapisz rolę' }).click();
      await dialog.locator('.notice[role="alert"]').waitFor();
      assert.match(await dialog.locator('.notice[role="alert"]').textContent(), /ostatni aktywny administrator/);
      await shot(page, 'users-last-admin');
      await dialog.getByRole('button', { name: 'Zamknij' }).click();
    }
  } finally {
    await b.close();
  }
});

test('settings: session times are saved, wrong values are marked', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, ROLES.admin.user);
    await page.locator('[data-nav="settings"]').click();
    await page.waitForFunction(() => (document.getElementById('set-idle')?.value ?? '') !== '');
    const before = await page.locator('#set-idle').inputValue();
    await page.locator('#set-idle').fill('0');
    await page.getByRole('button', { name: 'Zapisz' }).click();
    await page.locator('#set-idle-error').waitFor();
    assert.match(await page.locator('#set-idle').getAttribute('aria-describedby'), /set-idle-error/);
    // the server's own range check (422 naming the field)
    await page.locator('#set-idle').fill('2');
    await page.getByRole('button', { name: 'Zapisz' }).click();
    await page.locator('#set-idle-error', { hasText: 'Dozwolone wartości' }).waitFor();
    assert.equal(await page.locator('#set-idle').getAttribute('aria-invalid'), 'true');
    await shot(page, 'settings-error');
    await page.locator('#set-idle').fill('45');
    await page.getByRole('button', { name: 'Zapisz' }).click();
    await page.locator('.notice[role="status"]', { hasText: 'zapisane' }).waitFor();
    await page.reload();
    await page.waitForFunction(() => document.getElementById('set-idle')?.value === '45');
    await page.locator('#set-idle').fill(before);
    await page.getByRole('button', { name: 'Zapisz' }).click();
    await page.locator('.notice[role="status"]', { hasText: 'zapisane' }).waitFor();
    // The screening rule's unverified parts are switches that stay set.
    const two = page.locator('#set-screening_possible_two_of_three');
    assert.equal(await two.isChecked(), true);
    await two.uncheck();
    await page.getByRole('button', { name: 'Zapisz' }).click();
    await page.locator('.notice[role="status"]', { hasText: 'zapisane' }).waitFor();
    const api = new Api(DEMO.url);
    await api.ok('POST', '/api/v1/auth/login', { username: 'demo.admin', password: DEMO_PASSWORD });
    assert.equal((await api.ok('GET', '/api/v1/settings')).screening_possible_two_of_three, 0);
    await page.reload();
    await page.waitForFunction(() => document.getElementById('set-idle')?.value !== '' &&
      document.getElementById('set-screening_possible_two_of_three')?.checked === false);
    await two.check();
    await page.getByRole('button', { name: 'Zapisz' }).click();
    await page.locator('.notice[role="status"]', { hasText: 'zapisane' }).waitFor();
    assert.equal((await api.ok('GET', '/api/v1/settings')).screening_possible_two_of_three, 1);
  } finally {
    await b.close();
  }
});

test('the auditor answers "what did this user open, and when"', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    // something to find: a login of demo.admin
    await new Api(DEMO.url).ok('POST', '/api/v1/auth/login', { username: 'demo.admin', password: DEMO_PASSWORD });
    await uiLogin(page, DEMO.url, ROLES.auditor.user);
    await page.locator('.table-audit tbody tr').first().waitFor();
    await shot(page, 'audit');

    const adminId = await page.evaluate(async () => {
      const r = await fetch('/api/v1/audit?limit=200');
      const d = await r.json();
      const e = d.entries.find((x) => x.username === 'demo.admin');
      return e ? e.user_id : null;
    });
    assert.ok(adminId !== null, 'demo.admin is in the log');

    const today = await page.evaluate(() => {
      const d = new Date();
      const p = (n) => String(n).padStart(2, '0');
      return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());
    });
    await page.locator('#audit-user').fill(String(adminId));
    await page.locator('#audit-from').fill(today);
    await page.locator('#audit-to').fill(today);
    const asked = page.waitForRequest((r) => r.url().includes('/api/v1/audit?'));
    await page.getByRole('button', { name: 'Pokaż', exact: true }).click();
    const url = new URL((await asked).url());
    assert.equal(url.searchParams.get('user_id'), String(adminId));
    const from = Number(url.searchParams.get('from'));
    const to = Number(url.searchParams.get('to'));
    assert.ok(to - from === 86399, 'the period is the whole day');
    assert.ok(from <= Date.now() / 1000 && Date.now() / 1000 <= to);
    await page.waitForFunction(() => !document.querySelector('.table-holder[aria-busy="true"]'));
    const users = await page.locator('.table-audit tbody [data-user-id]').evaluateAll(
      (els) => [...new Set(els.map((e) => e.dataset.userId))]);
    assert.deepEqual(users, [String(adminId)], 'only that user');
    await shot(page, 'audit-filtered');

    // a period without entries
    await page.locator('#audit-from').fill('2001-01-01');
    await page.locator('#audit-to').fill('2001-01-02');
    await page.getByRole('button', { name: 'Pokaż', exact: true }).click();
    await page.locator('.empty', { hasText: 'Brak wpisów' }).waitFor();
    await page.locator('#audit-to').fill('2000-12-31');
    await page.getByRole('button', { name: 'Pokaż', exact: true }).click();
    await page.locator('#audit-to-error').waitFor();

    // cleared filters show everything again
    await page.getByRole('button', { name: 'Wyczyść filtry' }).click();
    await page.locator('.table-audit tbody tr').first().waitFor();

    await page.locator('[data-action="verify"]').click();
    await page.locator('.notice', { hasText: 'nienaruszony' }).waitFor();
    await shot(page, 'audit-verified');
  } finally {
    await b.close();
  }
});

test('older entries of the audit log page in', async () => {
  // enough entries for more than one page of 50: failed logins are logged
  const api = new Api(DEMO.url);
  for (let i = 0; i < 4; i++) {
    await api.call('POST', '/api/v1/auth/login', { username: uniqueName('ghost'), password: 'x' });
  }
  for (let i = 0; i < 30; i++) await api.call('GET', '/api/v1/auth/me');
  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, ROLES.auditor.user);
    await page.locator('.table-audit tbody tr').first().waitFor();
    const total = await page.evaluate(async () => {
      let n = 0;
      let before = '';
      for (;;) {
        const r = await (await fetch('/api/v1/audit?limit=200' + before)).json();
        n += r.entries.length;
        if (r.next_before === null) return n;
        before = '&before=' + r.next_before;
      }
    });
    const rows = () => page.locator('.table-audit tbody tr').count();
    if (total <= 50) {
      assert.ok(await page.locator('[data-action="older"]').isHidden());
      return;
    }
    assert.equal(await rows(), 50);
    await page.locator('[data-action="older"]').click();
    await page.waitForFunction((n) => document.querySelectorAll('.table-audit tbody tr').length > n, 50);
    const seqs = await page.locator('.table-audit tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.seq)));
    assert.ok(seqs.length > 50 && seqs.length <= 100, seqs.length + ' rows after one more page');
    assert.equal(new Set(seqs).size, seqs.length, 'no entry twice');
    assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'newest first, older ones below');
    await shot(page, 'audit-older');
  } finally {
    await b.close();
  }
});

test('a real installation shows no demo banner', async () => {
  const b = await openBrowser({ viewport: MOBILE });
  const { page } = b;
  try {
    await gotoLogin(page, MAIN.url);
    assert.equal(await page.locator('#demo-banner').isVisible(), false);
    await assertNoHorizontalScroll(page, 'login');
  } finally {
    await b.close();
  }
});
