// What the browser tests share: the servers that run.sh started, Debian's
// Chromium, a small API client, accounts made with the haven CLI, logging
// in through the interface, and screenshots.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

import { freshCode } from './totp.js';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, '..', '..', '..');
export const SHOTS = process.env.HAVEN_SCREENSHOTS || join(ROOT, 'tests', 'out', 'screenshots');

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(name + ' is not set: run the tests with tests/browser/run.sh HAVEN_BIN');
  return v;
}

// The two servers run.sh started: a real installation and a demo one.
export const MAIN = {
  url: need('HAVEN_URL'),
  db: need('HAVEN_DB'),             // the SQLite file
  dataDir: need('HAVEN_DATA_DIR'),
  keyFile: need('HAVEN_KEY_FILE'),
};
export const DEMO = {
  url: need('HAVEN_DEMO_URL'),
  db: need('HAVEN_DEMO_DATA_DIR') + '/haven.db',
};
export const HAVEN_BIN = need('HAVEN_BIN');
export const DEMO_PASSWORD = 'haven-demo-only';

export const DESKTOP = { width: 1280, height: 800 };
export const MOBILE = { width: 360, height: 740 };

const CHROMIUM = process.env.HAVEN_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

// Errors the console may show that are the API's ordinary answers.
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of (401|409|422|429)/;

// A fresh Chromium with its own new --user-data-dir (Playwright passes the
// folder given here as --user-data-dir).  Returns {page, context, problems,
// close}; problems collects script errors, CSP refusals and unexpected
// console errors, and close() fails the test if there were any.
export async function openBrowser(opts = {}) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'haven-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: opts.viewport || DESKTOP,
    locale: 'pl-PL',
    timezoneId: 'Europe/Warsaw',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15000);
  const page = context.pages()[0] || await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    const text = m.text();
    if (EXPECTED_CONSOLE.test(text)) return;
    if (m.type() === 'warning' && !/Content.Security.Policy|i18n/.test(text)) return;
    problems.push('console ' + m.type() + ': ' + text);
  });
  return {
    page, context, problems,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
      assert.deepEqual(problems, [], 'the page logged problems');
    },
  };
}

// A screenshot of the whole page; of the viewport only when a modal
// dialog is open (it stays where the viewport is).
export async function shot(page, name) {
  await mkdir(SHOTS, { recursive: true });
  await page.waitForTimeout(150);   // let a re-render settle
  const modal = await page.locator('dialog[open]').count() > 0;
  await page.screenshot({ path: join(SHOTS, name + '.png'), fullPage: !modal });
}

// ---- accounts, through the haven CLI on the main server's database

let seq = 0;
export function uniqueName(prefix) {
  seq += 1;
  return prefix + '.' + process.pid.toString(36) + seq + randomBytes(2).toString('hex');
}

function havenEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('HAVEN_')) env[k] = v;
  env.HAVEN_DATABASE_URL = 'sqlite:' + MAIN.db;
  env.HAVEN_DATA_DIR = MAIN.dataDir;
  env.HAVEN_KEY_FILE = MAIN.keyFile;
  return env;
}

// haven user add NAME --role ROLE: the one-time password it prints.
export function addUser(name, role) {
  const out = execFileSync(HAVEN_BIN, ['user', 'add', name, '--role', role, '--database', 'sqlite:' + MAIN.db],
    { env: havenEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const m = /password:\s*(\S+)/.exec(out);
  assert.ok(m, 'haven user add printed no password:\n' + out);
  return m[1];
}

export function sql(statement, db) {
  return execFileSync('sqlite3', [db || MAIN.db, statement], { encoding: 'utf8' }).trim();
}

// ---- a small API client with its own cookie, for setting things up

export class Api {
  constructor(base) {
    this.base = base;
    this.cookie = null;
    this.csrf = null;
  }

  async call(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.cookie) headers.Cookie = this.cookie;
    if (method !== 'GET' && this.csrf) headers['X-CSRF-Token'] = this.csrf;
    const resp = await fetch(this.base + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const c of resp.headers.getSetCookie()) {
      const pair = c.split(';')[0];
      if (/^[^=]+=$/.test(pair)) this.cookie = null;
      else this.cookie = pair;
    }
    const text = await resp.text();
    const data = text ? JSON.parse(text) : {};
    if (data && typeof data.csrf === 'string') this.csrf = data.csrf;
    return { status: resp.status, data, headers: resp.headers };
  }

  async ok(method, path, body) {
    const r = await this.call(method, path, body);
    assert.ok(r.status >= 200 && r.status < 300,
      method + ' ' + path + ' answered ' + r.status + ' ' + JSON.stringify(r.data));
    return r.data;
  }
}

// A user of the main server who has enrolled a second factor and chosen a
// password, made through the API: {username, password, secret, recovery}.
export async function readyUser(role) {
  const username = uniqueName(role.replace('_', '-').slice(0, 10));
  const onetime = addUser(username, role);
  const password = 'calm-harbour-' + randomBytes(4).toString('hex') + '-lantern';
  const api = new Api(MAIN.url);
  let r = await api.ok('POST', '/api/v1/auth/login', { username, password: onetime });
  let stage = r.stage;
  let secret = null;
  let recovery = [];
  for (let i = 0; stage !== 'done'; i++) {
    assert.ok(i < 5, 'login steps do not end: ' + stage);
    if (stage === 'totp_enrol') {
      const e = await api.ok('POST', '/api/v1/auth/totp/enrol');
      secret = e.secret;
      r = await api.ok('POST', '/api/v1/auth/totp/confirm', { code: await freshCode(secret) });
      recovery = r.recovery_codes;
      stage = r.stage;
    } else if (stage === 'password_change') {
      r = await api.ok('POST', '/api/v1/auth/password', { current_password: onetime, new_password: password });
      stage = r.stage;
    } else {
      assert.fail('unexpected stage ' + stage);
    }
  }
  await api.ok('POST', '/api/v1/auth/logout');
  return { username, password, secret, recovery, role };
}

// ---- the interface

export async function gotoLogin(page, base) {
  await page.goto(base + '/#/login');
  await page.locator('#login-username').waitFor();
}

export async function fillLogin(page, username, password) {
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.getByRole('button', { name: /Zaloguj się|Log in/ }).click();
}

// Log in through the interface; with a secret, answer the code step too.
// Waits for the role's first screen.
export async function uiLogin(page, base, user) {
  await gotoLogin(page, base);
  await fillLogin(page, user.username, user.password);
  if (user.secret) {
    await page.locator('#totp-code').waitFor();
    await page.locator('#totp-code').fill(await freshCode(user.secret));
    await page.locator('#totp-code').press('Enter');
  }
  await page.locator('nav.main-nav').waitFor();
}

export async function navItems(page) {
  return page.locator('nav.main-nav [data-nav]').evaluateAll((els) => els.map((e) => e.dataset.nav));
}

export async function hash(page) {
  return page.evaluate(() => window.location.hash);
}

// The page fits the viewport: nothing to scroll sideways.
export async function assertNoHorizontalScroll(page, label) {
  const m = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
    width: window.innerWidth,
  }));
  assert.ok(m.scroll <= m.width && m.body <= m.width,
    (label || '') + ': the page is ' + Math.max(m.scroll, m.body) + ' px wide in a ' + m.width + ' px viewport');
}
