// Logging in and out on a real (not demo) installation: the second factor,
// its enrolment with recovery codes, a new password, wrong passwords, the
// throttle, the end of a session, and all of it by keyboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  MAIN, MOBILE, openBrowser, shot, addUser, uniqueName, readyUser, sql, gotoLogin, fillLogin, uiLogin,
  navItems, hash, assertNoHorizontalScroll,
} from '../lib/harness.js';
import { freshCode, wrongCode } from '../lib/totp.js';

const ALERT = '.notice[role="alert"]';

test('enrolment: one-time password, QR code, recovery codes, own password', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    const username = uniqueName('new');
    const onetime = addUser(username, 'coordinator');

    await gotoLogin(page, MAIN.url);
    assert.equal(await page.locator('#demo-banner').isVisible(), false, 'no demo banner on a real installation');
    await shot(page, 'login');
    const enrolAnswer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/totp/enrol'));
    await fillLogin(page, username, onetime);

    // the second factor comes first: the QR code and the key
    const enrol = await (await enrolAnswer).json();
    assert.match(enrol.secret, /^[A-Z2-7]+=*$/);
    await page.locator('.qr img').waitFor();
    assert.equal(await hash(page), '#/enrol');
    assert.ok(await page.locator('.qr img').evaluate((img) => img.complete && img.naturalWidth > 0),
      'the QR code is drawn');
    assert.equal((await page.locator('#enrol-secret').textContent()).replace(/\s/g, ''),
      enrol.secret.replace(/=+$/, ''), 'the key is shown for typing by hand');
    assert.equal(await page.locator('nav.main-nav').count(), 0, 'no menu before the login is complete');
    await shot(page, 'enrol-qr');

    // a wrong code is refused next to the field
    await page.locator('#enrol-code').fill(wrongCode(enrol.secret));
    await page.getByRole('button', { name: 'Potwierdź' }).click();
    await page.locator('#enrol-code-error').waitFor();
    assert.equal(await page.locator('#enrol-code').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#enrol-code').getAttribute('aria-describedby'), /enrol-code-error/);

    await page.locator('#enrol-code').fill(await freshCode(enrol.secret));
    await page.getByRole('button', { name: 'Potwierdź' }).click();

    // the recovery codes, once, with the instruction to keep them safe
    await page.locator('ol.codes').waitFor();
    const codes = await page.locator('ol.codes code').allTextContents();
    assert.equal(codes.length, 10, 'ten recovery codes');
    assert.equal(new Set(codes).size, 10);
    assert.match(await page.locator('.callout-warn').textContent(), /tylko ten jeden raz/);
    await shot(page, 'enrol-recovery-codes');
    await page.getByRole('button', { name: /Zapisałem je/ }).click();

    // then a password of one's own, checked next to its fields
    await page.locator('#pw-new').waitFor();
    assert.equal(await hash(page), '#/password');
    await shot(page, 'password-required');
    await page.locator('#pw-current').fill(onetime);
    await page.locator('#pw-new').fill('short');
    await page.locator('#pw-repeat').fill('short');
    await page.getByRole('button', { name: 'Zapisz hasło' }).click();
    await page.locator('#pw-new-error').waitFor();
    assert.match(await page.locator('#pw-new-error').textContent(), /co najmniej 12 znaków/);
    assert.match(await page.locator('#pw-new').getAttribute('aria-describedby'), /pw-new-error/);

    // the server's refusal (422, field new_password) lands next to the field
    await page.locator('#pw-new').fill('123456789012');
    await page.locator('#pw-repeat').fill('123456789012');
    await page.getByRole('button', { name: 'Zapisz hasło' }).click();
    await page.locator('#pw-new-error').waitFor();
    assert.match(await page.locator('#pw-new-error').textContent(), /zbyt popularne/);
    assert.equal(await page.locator('#pw-new').getAttribute('aria-invalid'), 'true');
    await shot(page, 'password-refused');

    await page.locator('#pw-new').fill('quiet-morning-over-the-river');
    await page.locator('#pw-repeat').fill('quiet-morning-over-the-river');
    await page.getByRole('button', { name: 'Zapisz hasło' }).click();
    await page.locator('nav.main-nav').waitFor();
    // a coordinator starts on the call screen
    assert.equal(await hash(page), '#/calls');
    assert.equal(await page.locator('.who-name').textContent(), username);
    assert.equal(await page.locator('.who-role').textContent(), 'Koordynator');
    assert.ok(await page.locator('[data-nav="sessions"]').isVisible());
    await page.locator('#call-number').waitFor();
    await shot(page, 'home-coordinator');

    // the account page says the second factor is on
    await page.locator('nav.main-nav [data-nav="account"]').click();
    await page.locator('[data-totp]').waitFor();
    assert.equal(await page.locator('[data-totp]').getAttribute('data-totp'), 'on');
    await shot(page, 'account');

    // a recovery code logs in once
    await page.locator('[data-action="logout"]').click();
    await gotoLogin(page, MAIN.url);
    await fillLogin(page, username, 'quiet-morning-over-the-river');
    await page.locator('#totp-code').waitFor();
    await page.locator('[data-action="toggle-recovery"]').click();
    await page.locator('#totp-recovery').fill(codes[3]);
    await shot(page, 'totp-recovery');
    await page.locator('#totp-recovery').press('Enter');
    await page.locator('nav.main-nav').waitFor();
  } finally {
    await b.close();
  }
});

test('login with a code from the authenticator app', async () => {
  const user = await readyUser('consultant');
  const b = await openBrowser();
  const { page } = b;
  try {
    await gotoLogin(page, MAIN.url);
    await fillLogin(page, user.username, user.password);
    await page.locator('#totp-code').waitFor();
    assert.equal(await hash(page), '#/totp');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'totp-code', 'the code field has the focus');
    await shot(page, 'totp');

    await page.locator('#totp-code').fill(wrongCode(user.secret));
    await page.locator('#totp-code').press('Enter');
    await page.locator('#totp-code-error').waitFor();
    assert.match(await page.locator('#totp-code-error').textContent(), /nieprawidłowy/);
    assert.match(await page.locator('#totp-code').getAttribute('aria-describedby'), /totp-code-error/);
    await shot(page, 'totp-wrong');

    await page.locator('#totp-code').fill(await freshCode(user.secret));
    await page.locator('#totp-code').press('Enter');
    await page.locator('nav.main-nav').waitFor();
    assert.equal(await hash(page), '#/calls');
    assert.deepEqual(await navItems(page),
      ['calls', 'contacts', 'cases', 'persons', 'tasks', 'shelters', 'directory', 'interpreters', 'prevention',
        'consultancy', 'calendar', 'oncall', 'sessions', 'account']);

    await page.locator('[data-nav="sessions"]').click();
    await page.locator('.badge-ok', { hasText: 'To urządzenie' }).waitFor();
    await shot(page, 'sessions');
  } finally {
    await b.close();
  }
});

test('a wrong password says so, the same for an unknown name', async () => {
  const user = await readyUser('consultant');
  const b = await openBrowser();
  const { page } = b;
  try {
    await gotoLogin(page, MAIN.url);
    await fillLogin(page, user.username, 'not-the-password-at-all');
    await page.locator(ALERT).waitFor();
    const text = await page.locator(ALERT).textContent();
    assert.equal(text, 'Nieprawidłowa nazwa użytkownika lub hasło.');
    assert.equal(await page.locator('#login-password').inputValue(), '', 'the password field is emptied');
    assert.equal(await page.locator('#login-username').inputValue(), user.username, 'the name stays');
    assert.equal(await hash(page), '#/login');
    await shot(page, 'login-wrong-password');

    await page.locator('#login-username').fill(uniqueName('nobody'));
    await page.locator('#login-password').fill('whatever-it-may-be');
    await page.locator('#login-password').press('Enter');
    await page.locator(ALERT, { hasText: 'Nieprawidłowa' }).waitFor();
    assert.equal(await page.locator(ALERT).textContent(), text, 'the same message for an unknown name');

    // empty fields are caught before asking the server
    await page.locator('#login-username').fill('');
    await page.locator('#login-password').fill('');
    await page.locator('#login-password').press('Enter');
    await page.locator('#login-username-error').waitFor();
    assert.match(await page.locator('#login-username').getAttribute('aria-describedby'), /login-username-error/);
  } finally {
    await b.close();
  }
});

test('after five wrong passwords the right one is refused for a while', async () => {
  const user = await readyUser('shelter_staff');
  const b = await openBrowser();
  const { page } = b;
  try {
    await gotoLogin(page, MAIN.url);
    for (let i = 0; i < 5; i++) {
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
      await fillLogin(page, user.username, 'wrong-password-' + i);
      assert.equal((await answer).status(), 401);
      await page.locator(ALERT, { hasText: 'Nieprawidłowa' }).waitFor();
    }
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
    await fillLogin(page, user.username, user.password);
    assert.equal((await answer).status(), 429);
    await page.locator(ALERT, { hasText: 'Zbyt wiele nieudanych prób' }).waitFor();
    assert.match(await page.locator(ALERT).textContent(), /Odczekaj \d+ min/);
    assert.equal(await hash(page), '#/login');
    assert.equal(await page.locator('#totp-code').count(), 0);
    await shot(page, 'login-throttled');
  } finally {
    await b.close();
  }
});

test('logging out ends the session', async () => {
  const user = await readyUser('coordinator');
  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, MAIN.url, user);
    await page.locator('[data-action="logout"]').click();
    await page.locator('#login-username').waitFor();
    assert.equal(await hash(page), '#/login');
    assert.equal(await page.locator('.notice[role="status"]').textContent(), 'Wylogowano.');
    await shot(page, 'logged-out');

    // nothing behind the login any more, also after a reload
    await page.goto(MAIN.url + '/#/home');
    await page.locator('#login-username').waitFor();
    assert.equal(await hash(page), '#/login');
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    assert.equal(me, 401);
  } finally {
    await b.close();
  }
});

test('an expired session sends the user back to the login page', async () => {
  const user = await readyUser('consultant');
  const b = await openBrowser();
  const { page } = b;
  const expire = () => sql("UPDATE session SET last_seen = last_seen - 100000 WHERE user_id = " +
    "(SELECT id FROM app_user WHERE username = '" + user.username + "')");
  try {
    await uiLogin(page, MAIN.url, user);
    expire();
    await page.reload();
    await page.locator('#login-username').waitFor();
    assert.equal(await hash(page), '#/login');
    assert.equal(await page.locator('nav.main-nav').count(), 0);

    // while the page is open: the next request finds the session gone
    await uiLogin(page, MAIN.url, user);
    // let the landing screen finish its own requests first
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    expire();
    // go on by address, not by a link: a request of the landing screen may
    // already have found the session gone and left the page
    await page.evaluate(() => { window.location.hash = '#/sessions'; });
    await page.locator('#login-username').waitFor();
    assert.equal(await hash(page), '#/login');
    assert.equal(await page.locator('.notice[role="status"]').textContent(), 'Sesja wygasła. Zaloguj się ponownie.');
    await shot(page, 'session-expired');
  } finally {
    await b.close();
  }
});

test('logging in with the keyboard only, with a visible focus', async () => {
  const user = await readyUser('consultant');
  const b = await openBrowser();
  const { page } = b;
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    const cs = getComputedStyle(el);
    return {
      id: el.id, tag: el.tagName, action: el.dataset.action || null, nav: el.dataset.nav || null,
      outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
    };
  });
  try {
    await page.goto(MAIN.url + '/');
    await page.locator('#login-username').waitFor();
    let f = await focused();
    assert.equal(f.id, 'login-username', 'the user name field has the focus at once');
    await page.keyboard.type(user.username);
    await page.keyboard.press('Tab');
    f = await focused();
    assert.equal(f.id, 'login-password');
    assert.ok(f.outline, 'the focused field shows a focus ring');
    await page.keyboard.type(user.password);
    await page.keyboard.press('Tab');
    f = await focused();
    assert.equal(f.tag, 'BUTTON');
    assert.ok(f.outline, 'the focused button shows a focus ring');
    await shot(page, 'keyboard-focus-login-button');
    await page.keyboard.press('Enter');

    await page.locator('#totp-code').waitFor();
    f = await focused();
    assert.equal(f.id, 'totp-code');
    await page.keyboard.type(await freshCode(user.secret));
    await page.keyboard.press('Enter');
    await page.locator('nav.main-nav').waitFor();

    // back to the menu (it comes before the page) and out again
    let seen = 0;
    for (; seen < 25; seen++) {
      await page.keyboard.press('Shift+Tab');
      f = await focused();
      if (f.nav === 'sessions') break;
    }
    assert.equal(f.nav, 'sessions', 'the menu is reachable with Tab');
    assert.ok(f.outline);
    await shot(page, 'keyboard-focus-nav');
    await page.keyboard.press('Enter');
    await page.locator('h1', { hasText: 'Twoje sesje' }).waitFor();
    for (seen = 0; seen < 25; seen++) {
      await page.keyboard.press('Shift+Tab');
      f = await focused();
      if (f.action === 'logout') break;
    }
    assert.equal(f.action, 'logout');
    await page.keyboard.press('Enter');
    await page.locator('#login-username').waitFor();
  } finally {
    await b.close();
  }
});

test('the login steps on a phone', async () => {
  const b = await openBrowser({ viewport: MOBILE });
  const { page } = b;
  try {
    const username = uniqueName('phone');
    const onetime = addUser(username, 'shelter_staff');
    await gotoLogin(page, MAIN.url);
    const enrolAnswer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/totp/enrol'));
    await fillLogin(page, username, onetime);
    const enrol = await (await enrolAnswer).json();
    await page.locator('.qr img').waitFor();
    await assertNoHorizontalScroll(page, 'enrol');
    await shot(page, 'mobile-enrol-qr');
    await page.locator('#enrol-code').fill(await freshCode(enrol.secret));
    await page.locator('#enrol-code').press('Enter');
    await page.locator('ol.codes').waitFor();
    await assertNoHorizontalScroll(page, 'recovery codes');
    await shot(page, 'mobile-enrol-recovery-codes');
    await page.locator('[data-action="codes-saved"]').click();
    await page.locator('#pw-new').waitFor();
    await assertNoHorizontalScroll(page, 'password');
    await shot(page, 'mobile-password-required');
    await page.locator('#pw-current').fill(onetime);
    await page.locator('#pw-new').fill('gentle-rain-on-the-window');
    await page.locator('#pw-repeat').fill('gentle-rain-on-the-window');
    await page.locator('#pw-repeat').press('Enter');
    await page.locator('nav.main-nav').waitFor();
    await page.locator('[data-action="logout"]').click();
    await gotoLogin(page, MAIN.url);
    await fillLogin(page, username, 'gentle-rain-on-the-window');
    await page.locator('#totp-code').waitFor();
    await assertNoHorizontalScroll(page, 'totp');
    await shot(page, 'mobile-totp');
    await page.locator('#totp-code').fill(await freshCode(enrol.secret));
    await page.locator('#totp-code').press('Enter');
    await page.locator('nav.main-nav').waitFor();
    assert.equal(await hash(page), '#/shelters');
  } finally {
    await b.close();
  }
});
