// The statistics page on the demo installation: a period chosen and
// submitted with Enter, the numbers of the page's tables equal to the API's
// for the same query, charts with a bar per row and series told apart in
// grey scale, a filter that changes the numbers, the CSV download, the
// annual report's links, errors next to the field, a phone's width, print,
// and who sees the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  DEMO, DEMO_PASSWORD, MOBILE, Api, openBrowser, shot, uiLogin, navItems, hash, assertNoHorizontalScroll,
} from '../lib/harness.js';

const demo = (name) => ({ username: 'demo.' + name, password: DEMO_PASSWORD });

async function demoApi(name) {
  const api = new Api(DEMO.url);
  const r = await api.ok('POST', '/api/v1/auth/login', demo(name));
  assert.equal(r.stage, 'done', 'demo accounts need no second factor');
  return api;
}

// A local day in Warsaw, `offset` days from today: YYYY-MM-DD.
function day(offset) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(Date.now() + offset * 86400000));
}

// The demo's contacts, cases and the rest lie around today: a year back
// and two months ahead hold them all.
const FROM = day(-365);
const TO = day(60);

function qs(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  return q.toString();
}

// The numbers of a table on the page, by row and column code.
async function pageTable(page, id) {
  return page.locator('table[data-table="' + id + '"]').evaluate((table) => {
    const read = (tr) => Object.fromEntries([...tr.querySelectorAll('td[data-col]')]
      .map((td) => [td.dataset.col, { value: td.dataset.value, text: td.textContent }]));
    const rows = {};
    for (const tr of table.querySelectorAll('tbody tr')) rows[tr.dataset.row] = read(tr);
    const foot = table.querySelector('tfoot tr');
    return { rows, foot: foot ? read(foot) : null, order: [...table.querySelectorAll('tbody tr')].map((tr) => tr.dataset.row) };
  });
}

// The page shows exactly the API's numbers for a table: every cell, the
// row and column totals and the grand total; the text is the number.
function sameNumbers(shown, tb) {
  assert.deepEqual(shown.order, tb.rows.map((r) => r.code), tb.id + ': the rows, in order');
  const digits = (s) => s.replace(/[^0-9<x]/g, '');
  const check = (cell, v, what) => {
    assert.ok(cell, tb.id + ': ' + what + ' is shown');
    assert.equal(cell.value, String(v), tb.id + ': ' + what);
    assert.equal(digits(cell.text), String(v), tb.id + ': ' + what + ' as text');
  };
  tb.rows.forEach((row, r) => {
    tb.cols.forEach((col, c) => check(shown.rows[row.code][col.code], tb.cells[r][c], row.code + ' × ' + col.code));
    if (tb.margins) check(shown.rows[row.code].total, tb.row_totals[r], row.code + ' total');
  });
  if (tb.margins) {
    tb.cols.forEach((col, c) => check(shown.foot[col.code], tb.col_totals[c], col.code + ' total'));
    check(shown.foot.total, tb.total, 'the grand total');
  }
}

// Submit the form with Enter in the "to" field; the page's answer.
async function submitWithEnter(page) {
  const answered = page.waitForResponse((r) => r.url().includes('/api/v1/statistics?'));
  await page.locator('#st-to').press('Enter');
  const resp = await answered;
  assert.equal(resp.status(), 200);
  await page.waitForFunction(() => {
    const r = document.getElementById('st-results');
    return r && !r.hasAttribute('aria-busy') && r.querySelector('table[data-table]');
  });
  return new URL(resp.url());
}

async function openStatistics(page, user) {
  await uiLogin(page, DEMO.url, user);
  await page.locator('[data-nav="statistics"]').click();
  await page.waitForFunction(() => window.location.hash === '#/statistics');
  await page.locator('main h1').waitFor();
  // the page opens with this year's numbers
  await page.waitForFunction(() => document.querySelector('#st-results table[data-table]') &&
    !document.querySelector('#st-results[aria-busy]'));
}

test('statistics for a period: the numbers are the API\'s, with a chart above each table', async () => {
  const api = await demoApi('coordinator');
  const all = await api.ok('GET', '/api/v1/statistics?' + qs({ from: FROM, to: TO }));
  const byId = Object.fromEntries(all.tables.map((tb) => [tb.id, tb]));
  assert.ok(byId.contacts_channel.total > 0, 'the demo has contacts in the period');

  const b = await openBrowser();
  const { page } = b;
  try {
    await openStatistics(page, demo('coordinator'));
    await page.locator('#st-from').fill(FROM);
    await page.locator('#st-to').fill(TO);
    const url = await submitWithEnter(page);
    assert.equal(url.searchParams.get('from'), FROM);
    assert.equal(url.searchParams.get('to'), TO);
    assert.equal(url.searchParams.get('channel'), null, 'no filter asked for');

    // the sections in their order, with headings
    const sections = await page.locator('#st-results [data-section]').evaluateAll((els) => els.map((e) => e.dataset.section));
    assert.deepEqual(sections, ['contacts', 'cases', 'victims', 'services', 'referrals', 'interpreters', 'consultations', 'shelter']);
    assert.equal(await page.locator('#st-results [data-section] > h2').count(), 8);
    assert.equal(await page.locator('#st-results table[data-table]').count(), all.tables.length, 'every table is on the page');

    for (const id of ['contacts_channel', 'contacts_inquirer', 'contacts_hours', 'cases_status', 'victims_sex_age',
      'victims_citizenship', 'services_pathway', 'referrals', 'interpreter_bookings', 'contacts_topics']) {
      sameNumbers(await pageTable(page, id), byId[id]);
    }

    // a stacked chart of months: a bar per month, a part per channel
    const ch = byId.contacts_channel;
    const art = page.locator('article[data-table="contacts_channel"]');
    const svg = art.locator('svg[role="img"]');
    assert.equal(await svg.count(), 1);
    assert.equal(await svg.getAttribute('data-chart'), 'columns', 'months along the axis');
    assert.equal(await svg.locator('[data-bar]').count(), ch.rows.length, 'a bar per month');
    assert.equal(await svg.locator('title').textContent(), ch.title.pl);
    assert.ok((await svg.locator('desc').textContent()).length > 0);
    assert.match(await svg.getAttribute('aria-label'), /Kontakty/);
    assert.equal(await art.locator('.chart-legend li').count(), ch.cols.length, 'a legend entry per channel');
    // a month's parts add up to its total
    const busiest = ch.row_totals.indexOf(Math.max(...ch.row_totals));
    const parts = await svg.locator('[data-bar="' + ch.rows[busiest].code + '"] rect.seg').count();
    assert.equal(parts, ch.cells[busiest].filter((v) => v > 0).length, 'a part per channel with contacts');

    // the series differ in pattern or in lightness, not in hue alone
    const looks = await svg.evaluate((el) => [...el.querySelectorAll('pattern')].map((p) => {
      const bg = getComputedStyle(p.querySelector('.pbg')).fill;
      const [r, g, bl] = bg.match(/\d+/g).map(Number);
      const ink = p.querySelector('.pfg');
      return { grey: Math.round((0.2126 * r + 0.7152 * g + 0.0722 * bl) / 24), tile: ink ? ink.getAttribute('d') : '' };
    }));
    const seen = new Set(looks.slice(0, ch.cols.length).map((l) => l.grey + '|' + l.tile));
    assert.equal(seen.size, ch.cols.length, 'each channel looks different in grey');
    assert.equal(await page.locator('main [style]').count(), 0, 'no inline style');

    // simple bars for the topics: a bar per topic, laid down the page
    const topics = page.locator('article[data-table="contacts_topics"] svg[role="img"]');
    assert.equal(await topics.getAttribute('data-chart'), 'bars');
    assert.equal(await topics.locator('[data-bar]').count(), byId.contacts_topics.rows.length);
    assert.equal(await page.locator('article[data-table="contacts_topics"] .chart-legend').count(), 0, 'one series: no legend');
    // shelter occupancy is numbers only, with the rate worked out
    assert.equal(await page.locator('article[data-table="shelter_occupancy"] svg').count(), 0);

    // the out-of-hours share, from the numbers
    const hours = byId.contacts_hours;
    const out = hours.col_totals[hours.cols.findIndex((c) => c.code === 'out_of_hours')];
    const share = page.locator('article[data-table="contacts_hours"] .stat-share');
    assert.equal(Number(await share.getAttribute('data-share')), out / hours.total);
    assert.match(await share.textContent(), /^Kontakty poza godzinami pracy: [\d,]+\s?% \([\d\s\u00a0]+ z [\d\s\u00a0]+\)\.$/);

    const occ = byId.shelter_occupancy;
    const iA = occ.cols.findIndex((c) => c.code === 'bed_nights_available');
    const iO = occ.cols.findIndex((c) => c.code === 'bed_nights_occupied');
    const shelterShown = await pageTable(page, 'shelter_occupancy');
    occ.rows.forEach((row, r) => {
      const want = occ.cells[r][iA] > 0 ? String(occ.cells[r][iO] / occ.cells[r][iA]) : '';
      assert.equal(shelterShown.rows[row.code].occupancy_rate.value, want, 'the occupancy of ' + row.code);
    });

    // citizenships by their names, with the code
    const nat = byId.victims_nationality;
    if (nat.rows.some((r) => r.code === 'UA')) {
      assert.match(await page.locator('table[data-table="victims_nationality"] tr[data-row="UA"] th').textContent(),
        /^Ukraina \(UA\)$/);
    }
    await shot(page, 'statistics');

    // keyboard: a table that does not fit scrolls by itself and takes focus
    assert.equal(await page.locator('.stat-scroll').first().getAttribute('tabindex'), '0');
  } finally {
    await b.close();
  }
});

test('statistics: a filter changes the numbers; the CSV download; the annual report links; errors', async () => {
  const api = await demoApi('coordinator');
  const b = await openBrowser();
  const { page } = b;
  try {
    await openStatistics(page, demo('coordinator'));
    await page.locator('#st-from').fill(FROM);
    await page.locator('#st-to').fill(TO);
    await submitWithEnter(page);
    const before = await pageTable(page, 'contacts_channel');

    // only the office line
    await page.locator('#st-channel').selectOption('office_line');
    const url = await submitWithEnter(page);
    assert.equal(url.searchParams.get('channel'), 'office_line');
    const want = await api.ok('GET', '/api/v1/statistics?' + qs({ from: FROM, to: TO, channel: 'office_line' }));
    const ch = want.tables.find((tb) => tb.id === 'contacts_channel');
    const shown = await pageTable(page, 'contacts_channel');
    sameNumbers(shown, ch);
    assert.ok(Number(shown.foot.total.value) < Number(before.foot.total.value), 'fewer contacts with the filter');
    assert.ok(Number(shown.foot.total.value) > 0, 'the office line has contacts');
    for (const [code, v] of Object.entries(shown.foot)) {
      if (code !== 'office_line' && code !== 'total') assert.equal(v.value, '0', 'no ' + code + ' contacts');
    }
    sameNumbers(await pageTable(page, 'contacts_inquirer'), want.tables.find((tb) => tb.id === 'contacts_inquirer'));
    assert.match(await page.locator('[data-filters]').textContent(), /Kanał: /);

    // the CSV of the same query, in the interface's language
    const link = page.locator('a[data-action="csv"]');
    const href = new URL(await link.getAttribute('href'), DEMO.url);
    assert.equal(href.pathname, '/api/v1/statistics/csv');
    assert.deepEqual(Object.fromEntries(href.searchParams),
      { from: FROM, to: TO, channel: 'office_line', lang: 'pl' });
    const fetched = await page.evaluate(async (u) => {
      const r = await fetch(u);
      return { status: r.status, type: r.headers.get('Content-Type'), text: await r.text() };
    }, href.pathname + href.search);
    assert.equal(fetched.status, 200);
    assert.match(fetched.type, /^text\/csv/);
    assert.match(fetched.text, /Kontakty według kanału/);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), /^haven-statistics-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);
    assert.equal(await download.failure(), null);

    // as the numbers would leave Haven: small counts hidden, as the API hides them
    await page.locator('#st-channel').selectOption('');
    await page.locator('#st-suppress').check();
    const hidden = await submitWithEnter(page);
    assert.equal(hidden.searchParams.get('suppress'), 'true');
    const sup = await api.ok('GET', '/api/v1/statistics?' + qs({ from: FROM, to: TO, suppress: 'true' }));
    assert.ok(sup.threshold >= 2);
    for (const id of ['victims_sex_age', 'referrals', 'contacts_channel']) {
      sameNumbers(await pageTable(page, id), sup.tables.find((tb) => tb.id === id));
    }
    await page.locator('.stat-head .hint', { hasText: String(sup.threshold) }).waitFor();
    await page.locator('#st-suppress').uncheck();

    // the annual report: a link per format for the year typed
    await page.locator('#st-year').fill('2025');
    for (const fmt of ['pdf', 'xlsx', 'csv']) {
      assert.equal(await page.locator('a[data-report="' + fmt + '"]').getAttribute('href'),
        '/api/v1/reports/annual?year=2025&format=' + fmt + '&lang=pl');
    }
    await page.locator('#st-year').fill('');
    assert.equal(await page.locator('a[data-report="pdf"]').getAttribute('href'), null);
    assert.equal(await page.locator('a[data-report="pdf"]').getAttribute('aria-disabled'), 'true');
    await page.locator('#st-year').fill('2025');

    // a quick choice fills the period and loads it
    const asked = page.waitForResponse((r) => r.url().includes('/api/v1/statistics?'));
    await page.locator('[data-period="last_year"]').click();
    const last = new URL((await asked).url());
    const y = Number(day(0).slice(0, 4)) - 1;
    assert.equal(last.searchParams.get('from'), y + '-01-01');
    assert.equal(last.searchParams.get('to'), y + '-12-31');
    assert.equal(await page.locator('#st-from').inputValue(), y + '-01-01');

    // the end before the start, marked at once; a period too long, by the server
    await page.locator('#st-from').fill('2026-05-01');
    await page.locator('#st-to').fill('2026-04-01');
    await page.locator('#st-to').press('Enter');
    await page.locator('#st-to-error').waitFor();
    assert.equal(await page.locator('#st-to').getAttribute('aria-invalid'), 'true');
    await page.locator('#st-from').fill('2001-01-01');
    await page.locator('#st-to').fill('2026-04-01');
    const refused = page.waitForResponse((r) => r.url().includes('/api/v1/statistics?'));
    await page.locator('[data-action="show"]').click();
    assert.equal((await refused).status(), 422);
    await page.locator('#st-to-error', { hasText: 'dziesięć lat' }).waitFor();
    await page.locator('.notice[role="alert"]').waitFor();
    await shot(page, 'statistics-error');
  } finally {
    await b.close();
  }
});

test('statistics on a phone and in print', async () => {
  const b = await openBrowser({ viewport: MOBILE });
  const { page } = b;
  try {
    await openStatistics(page, demo('coordinator'));
    await page.locator('#st-from').fill(FROM);
    await page.locator('#st-to').fill(TO);
    await submitWithEnter(page);
    await assertNoHorizontalScroll(page, 'statistics at 360 px');
    // a wide table scrolls inside its own box
    const wide = await page.locator('table[data-table="contacts_inquirer"]').evaluate((t) => {
      const box = t.parentElement;
      return { box: box.clientWidth, table: t.scrollWidth, overflow: getComputedStyle(box).overflowX };
    });
    assert.ok(wide.table > wide.box, 'the inquirer table is wider than a phone');
    assert.equal(wide.overflow, 'auto');
    await shot(page, 'mobile-statistics');

    await page.setViewportSize({ width: 900, height: 1200 });
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('nav.main-nav').isVisible(), false, 'no menu on paper');
    assert.equal(await page.locator('#st-form').isVisible(), false, 'no form on paper');
    assert.equal(await page.locator('#st-report').isVisible(), false);
    assert.equal(await page.locator('a[data-action="csv"]').isVisible(), false);
    assert.ok(await page.locator('#st-period').isVisible(), 'the period is printed');
    assert.ok(await page.locator('article[data-table="contacts_channel"] svg[role="img"]').isVisible());
    assert.ok(await page.locator('table[data-table="contacts_channel"]').isVisible());
    const breaks = await page.locator('#st-results [data-section]').evaluateAll((els) =>
      els.map((e) => getComputedStyle(e).breakBefore));
    assert.deepEqual(breaks, ['auto', 'page', 'page', 'page', 'page', 'page', 'page', 'page'], 'a page per section');
    assert.equal(await page.locator('article[data-table="contacts_channel"]').evaluate((e) => getComputedStyle(e).breakInside),
      'avoid', 'a chart stays with its table');
    await shot(page, 'statistics-print');
    await page.emulateMedia({ media: 'screen' });
  } finally {
    await b.close();
  }
});

test('statistics: auditors have the page, consultants do not', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('auditor'));
    assert.ok((await navItems(page)).includes('statistics'));
    await page.locator('[data-nav="statistics"]').click();
    await page.waitForFunction(() => document.querySelector('#st-results table[data-table]') &&
      !document.querySelector('#st-results[aria-busy]'));
    assert.equal(await page.locator('[data-section]').count(), 8);
    await page.locator('[data-action="logout"]').click();
    await page.locator('#login-username').waitFor();

    await uiLogin(page, DEMO.url, demo('consultant'));
    assert.ok(!(await navItems(page)).includes('statistics'), 'no menu item');
    await page.goto(DEMO.url + '/#/statistics');
    await page.waitForFunction(() => window.location.hash === '#/calls');
    assert.equal(await hash(page), '#/calls', 'sent to the first screen');
    const consultant = await demoApi('consultant');
    assert.equal((await consultant.call('GET', '/api/v1/statistics')).status, 403);
  } finally {
    await b.close();
  }
});
