// Identification and safety on the demo installation: a complete
// screening during a simulated call (one question at a time, by keyboard,
// the tool's reading changing as answers come in, a break on the call
// screen and back to the first unanswered question, a conclusion that
// differs from the tool's, provisional identification and the stricter
// standard of care); a high-risk assessment that flags the case and puts
// it first in the coordinator's register; the checklist view of a child's
// list with the act question; the WHO principles for interviewing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt, randomBytes } from 'node:crypto';

import { DEMO, DEMO_PASSWORD, MOBILE, Api, openBrowser, shot, uiLogin, hash, assertNoHorizontalScroll } from '../lib/harness.js';

const demo = (name) => ({ username: 'demo.' + name, password: DEMO_PASSWORD });

async function demoApi(name) {
  const api = new Api(DEMO.url);
  const r = await api.ok('POST', '/api/v1/auth/login', demo(name));
  assert.equal(r.stage, 'done', 'demo accounts need no second factor');
  return api;
}

function freshNumber() {
  const d = String(randomInt(10000000, 99999999));
  return '5' + d.slice(0, 2) + ' ' + d.slice(2, 5) + ' ' + d.slice(5);
}

function freshName(base) {
  const letters = 'abcdefghijklmnoprstuwz';
  let s = '';
  for (const b of randomBytes(6)) s += letters[b % letters.length];
  return base + s;
}

async function personAndCase(api, opts = {}) {
  const identity = { first_name: opts.first_name || 'Oksana', last_name: freshName('Ankietowa'), phones: opts.phone ? [opts.phone] : [] };
  if (opts.date_of_birth) identity.date_of_birth = opts.date_of_birth;
  const person = (await api.ok('POST', '/api/v1/persons', {
    sex: 'female', citizenship: 'UA', languages: opts.languages || ['uk', 'ru'], identity,
    safe_contact: { call: 'yes', voicemail: 'no', text: 'no', code_word: 'kasztan' },
    confirm_new: true,
  })).person;
  const c = (await api.ok('POST', '/api/v1/cases', { person_id: person.id, forms: opts.forms || ['forced_labour'], urgent: false })).case;
  return { person, c };
}

// The questions of a list in the order the wizard asks them: the act
// question first on a child's list, then the indicators by dimension.
async function questionOrder(api, list) {
  const r = await api.ok('GET', '/api/v1/screening/catalogue');
  const cat = r.catalogue && typeof r.catalogue === 'object' ? r.catalogue : r;
  const dims = cat.dimensions.map((d) => d.code);
  const ids = cat.indicators.filter((i) => i.grades[list])
    .map((i, n) => ({ i, n })).sort((a, b) => dims.indexOf(a.i.dimension) - dims.indexOf(b.i.dimension) || a.n - b.n)
    .map((p) => p.i);
  return { cat, indicators: ids, ids: (list.startsWith('child_') ? ['act'] : []).concat(ids.map((i) => i.id)) };
}

const KEY = { yes: 'y', no: 'n', unknown: 'u', refused: 'r' };

test('a screening during a call: one question at a time by keyboard, the live explanation, a break, resumed, a disagreeing conclusion', async () => {
  const api = await demoApi('consultant');
  const number = freshNumber();
  const { person, c } = await personAndCase(api, { phone: number });
  const { indicators, ids } = await questionOrder(api, 'adult_labour');
  // the answers: deceptive recruitment positive with its first two (strong +
  // medium), exploitation and coercion at destination with their first two
  // each; a few unknown and refused; no to the rest
  const want = {};
  const firstOf = (dim, n) => indicators.filter((i) => i.dimension === dim).slice(0, n).map((i) => i.id);
  for (const id of ids) want[id] = 'no';
  for (const id of firstOf('deceptive_recruitment', 2)) want[id] = 'yes';
  for (const id of firstOf('exploitation', 2)) want[id] = 'yes';
  for (const id of firstOf('coercion_destination', 2)) want[id] = 'yes';
  const coercive = firstOf('coercive_recruitment', 3);
  want[coercive[1]] = 'unknown';
  want[coercive[2]] = 'refused';
  const breakAt = ids.indexOf(coercive[2]) + 2;   // leave with this many answered

  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('consultant'));
    // the call: the number is known, with its case
    await page.locator('#call-number').waitFor();
    await page.locator('#call-number').fill(number);
    await page.locator('#call-number').press('Enter');
    const known = page.locator('#call-known [data-known-case="' + c.id + '"] a');
    await known.waitFor();
    await known.click();
    await page.locator('#case-screening [data-action="new-screening"]').waitFor();
    assert.equal(await page.locator('#sc-new-list').inputValue(), 'adult_labour', 'an adult, forced labour');
    await page.locator('#case-screening .empty').waitFor();
    await page.locator('[data-action="new-screening"]').click();
    await page.waitForFunction(() => /^#\/cases\/\d+\/screening\/\d+$/.test(window.location.hash));
    const sid = Number((await hash(page)).split('/')[4]);
    const card = page.locator('#question');
    await page.locator('#question[data-question="' + ids[0] + '"]').waitFor();
    await page.locator('#explain[data-tool-verdict="not_enough"]').waitFor();

    // the interview support: her languages, an interpreter needed
    await page.locator('#interview [data-languages="uk,ru"]').waitFor();
    await page.locator('#interview [data-interpreter="needed"]').waitFor();
    assert.equal(await page.locator('[data-mode="one"]').getAttribute('aria-pressed'), 'true', 'one question at a time first');
    await shot(page, 'screening-first-question');

    const answerByKey = async (i) => {
      const id = ids[i];
      await page.locator('#question[data-question="' + id + '"]').waitFor();
      await page.keyboard.press(KEY[want[id]]);
      await page.locator('#question[data-index="' + (i + 1) + '"]').waitFor();
    };

    await answerByKey(0);
    await answerByKey(1);
    // deceptive recruitment is positive now, with the two indicators named
    const dim = page.locator('#explain li[data-dimension="deceptive_recruitment"]');
    await dim.waitFor();
    await dim.locator('[data-indicator="' + ids[0] + '"]').waitFor();
    await dim.locator('[data-indicator="' + ids[1] + '"]').waitFor();
    await page.locator('#explain [data-group="recruitment"][data-positive="true"]').waitFor();
    assert.equal(await page.locator('#explain').getAttribute('data-tool-verdict'), 'not_enough');
    await shot(page, 'screening-live-explanation');

    for (let i = 2; i < breakAt; i++) await answerByKey(i);
    await page.locator('.save-state[data-save-state="saved"]').waitFor();

    // a break: back to the call screen, the number still there
    await page.locator('[data-nav="calls"]').click();
    await page.locator('#call-number').waitFor();
    assert.equal((await page.locator('#call-number').inputValue()).replace(/\D/g, ''), number.replace(/\D/g, ''));
    const saved = (await api.ok('GET', '/api/v1/screenings/' + sid)).screening;
    assert.equal(Object.keys(saved.answers).length, breakAt, 'every answer saved as it was given');
    assert.equal(saved.answers[coercive[2]], 'refused');

    // back to the case, and on with the screening where it stopped
    await page.locator('#call-known [data-known-case="' + c.id + '"] a').click();
    const row = page.locator('#case-screening tr[data-screening="' + sid + '"][data-status="draft"]');
    await row.waitFor();
    await row.locator('[data-action="continue-screening"]').click();
    await page.locator('#question[data-question="' + ids[breakAt] + '"]').waitFor();
    assert.equal(await card.getAttribute('data-current-answer'), '');
    assert.equal(await card.getAttribute('data-answered'), String(breakAt));
    // moving back and forth with the arrows and PageUp / PageDown
    await page.keyboard.press('ArrowLeft');
    await page.locator('#question[data-question="' + ids[breakAt - 1] + '"][data-current-answer="' + want[ids[breakAt - 1]] + '"]').waitFor();
    await page.keyboard.press('PageUp');
    await page.locator('#question[data-question="' + ids[breakAt - 2] + '"]').waitFor();
    await page.keyboard.press('PageDown');
    await page.keyboard.press('ArrowRight');
    await page.locator('#question[data-question="' + ids[breakAt] + '"]').waitFor();

    let sawUnverified = false;
    let sawPossible = false;
    for (let i = breakAt; i < ids.length; i++) {
      if (!sawUnverified && await page.locator('#question [data-unverified]').count() > 0) sawUnverified = true;
      await answerByKey(i);
      if (!sawPossible && ids[i] === firstOf('exploitation', 2)[1]) {
        // recruitment and exploitation: two groups of three — possible
        await page.locator('#explain[data-tool-verdict="possible"]').waitFor();
        sawPossible = true;
      }
    }
    assert.ok(sawUnverified, 'an indicator whose grade is unverified on this list is marked');
    assert.ok(sawPossible, 'the verdict went through possible');
    await page.locator('#question [data-all-asked]').waitFor();
    await page.locator('.save-state[data-save-state="saved"]').waitFor();
    await page.locator('#explain[data-tool-verdict="victim"]').waitFor();
    await page.locator('#explain li[data-dimension="exploitation"]').waitFor();
    await page.locator('#explain li[data-dimension="coercion_destination"]').waitFor();
    await shot(page, 'screening-all-answered');

    // the conclusion: possible, against the tool's victim — a reason needed
    await page.locator('[data-action="to-conclusion"]').click();
    await page.locator('label[for="sc-conclusion-possible"]').click();
    await page.locator('.agree-line[data-agrees="false"]').waitFor();
    await page.locator('[data-action="complete-screening"]').click();
    await page.locator('#sc-reason-error:not([hidden])').waitFor();
    const reason = 'Relacja niepełna, osoba zmęczona — potwierdzę przy spotkaniu z tłumaczką.';
    await page.locator('#sc-reason').fill(reason);
    await page.locator('[data-action="complete-screening"]').click();
    await page.locator('#finish [data-completed]').waitFor();
    await page.locator('#finish [data-fact="agrees"] [data-agrees="false"]').waitFor();
    await page.locator('#finish [data-conclusion="possible"]').waitFor();
    await page.locator('[data-screening-status="completed"]').waitFor();
    await shot(page, 'screening-completed');

    // provisional identification, offered because the conclusion is possible
    await page.locator('[data-provisional-offer] [data-action="provisional"]').click();
    await page.locator('.screening-sub [data-status="provisional_identification"]').waitFor();
    await page.locator('#finish [data-care-note]').waitFor();

    const done = (await api.ok('GET', '/api/v1/screenings/' + sid)).screening;
    assert.equal(done.status, 'completed');
    assert.equal(done.result.verdict, 'victim');
    assert.equal(done.conclusion, 'possible');
    assert.equal(done.agrees, false);
    assert.equal(done.reason, reason);
    assert.equal(Object.keys(done.answers).length, ids.length);
    const now = (await api.ok('GET', '/api/v1/cases/' + c.id)).case;
    assert.equal(now.status, 'provisional_identification');

    // the case: the history, and the stricter standard of care
    await page.locator('[data-action="back-to-case-done"]').click();
    const hist = page.locator('#case-screening tr[data-screening="' + sid + '"][data-status="completed"]');
    await hist.waitFor();
    await hist.locator('[data-col="tool"] [data-verdict="victim"]').waitFor();
    await hist.locator('[data-col="conclusion"] [data-conclusion="possible"]').waitFor();
    await hist.locator('[data-col="conclusion"] [data-agrees="false"]').waitFor();
    await hist.locator('[data-action="open-screening"]').waitFor();
    const care = page.locator('#care[data-care="provisional_identification"]');
    await care.waitFor();
    for (const item of ['safety_liberation', 'safety_separation', 'safety_place', 'accommodation', 'interpretation', 'decision_cooperation']) {
      await care.locator('[data-care-item="' + item + '"]').waitFor();
    }
    await page.locator('#timeline [data-event="screening"]').first().waitFor();
    await shot(page, 'screening-case-care');
    assert.ok(person.pseudonym);
  } finally {
    await b.close();
  }
});

test('a high-risk assessment flags the case: urgent, the risk level, the safety steps needed, first in the coordinator\'s register', async () => {
  const api = await demoApi('consultant');
  const { c } = await personAndCase(api, { languages: ['pl'] });
  const b = await openBrowser();
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('consultant'));
    await page.locator('#call-number').waitFor();
    await page.goto(DEMO.url + '/#/cases/' + c.id);
    await page.locator('#case-risk .empty').waitFor();
    assert.equal(await page.locator('.case-sub [data-urgent]').count(), 0);
    const form = page.locator('#case-risk details.risk-new');
    if (!(await form.evaluate((d) => d.open))) await page.locator('[data-action="new-risk"]').click();

    // nothing answered: every question asks for an answer
    await page.locator('[data-action="save-risk"]').click();
    await page.locator('#rk-immediate_danger-error:not([hidden])').waitFor();
    await page.locator('#rk-severity-error:not([hidden])').waitFor();

    const answers = {
      immediate_danger: 'yes', family_danger: 'unknown', perpetrators_contact: 'yes', captivity: 'yes',
      medical_emergency: 'no', minor: 'no', no_documents: 'yes',
    };
    for (const [k, v] of Object.entries(answers)) await page.locator('label[for="rk-' + k + '-' + v + '"]').click();
    // 2 × 2 is medium, raised to high by immediate danger and captivity
    await page.locator('label[for="rk-severity-2"]').click();
    await page.locator('label[for="rk-likelihood-2"]').click();
    await page.locator('#rk-preview[data-preview-level="high"]').waitFor();
    await page.locator('label[for="rk-severity-4"]').click();
    await page.locator('label[for="rk-likelihood-4"]').click();
    await page.locator('#rk-preview[data-preview-level="critical"]').waitFor();
    await page.locator('#rk-own-view').fill('Mówi, że boi się wracać do mieszkania — pracodawca ma klucze.');
    await shot(page, 'risk-form');
    await page.locator('[data-action="save-risk"]').click();

    // the case is urgent, with its risk level, and the safety steps needed
    await page.locator('.case-sub [data-urgent]').waitFor();
    await page.locator('.case-sub [data-risk-level="critical"]').waitFor();
    await page.locator('[data-risk-alert="critical"]').waitFor();
    for (const item of ['safety_liberation', 'safety_separation', 'safety_place']) {
      await page.locator('#pathway [data-item="' + item + '"][data-item-status="needed"]').waitFor();
    }
    assert.equal(await page.locator('#pathway [data-item="health_immediate"]').getAttribute('data-item-status'), '',
      'no medical emergency: immediate health help is not opened');
    const item = page.locator('#case-risk .risk-history li[data-level="critical"]');
    await item.waitFor();
    assert.match(await item.textContent(), /pracodawca ma klucze/);
    await page.locator('#timeline [data-event="risk"]').first().waitFor();
    await shot(page, 'risk-critical-case');

    const saved = (await api.ok('GET', '/api/v1/cases/' + c.id + '/risk')).assessments;
    assert.equal(saved.length, 1);
    assert.equal(saved[0].level, 'critical');
    assert.equal(saved[0].score, 16);
  } finally {
    await b.close();
  }

  // the coordinator's register: the most pressing first
  const k = await openBrowser();
  try {
    await uiLogin(k.page, DEMO.url, demo('coordinator'));
    await k.page.locator('#call-number').waitFor();
    const listed = k.page.waitForRequest((r) => r.url().includes('/api/v1/cases?'));
    await k.page.locator('[data-nav="cases"]').click();
    assert.match((await listed).url(), /sort=priority/, 'coordinators see the register by priority');
    const first = k.page.locator('.table-cases tbody tr').first();
    await k.page.locator('.table-cases tbody tr[data-case="' + c.id + '"]').waitFor();
    assert.equal(await first.getAttribute('data-case'), String(c.id), 'the critical case comes first');
    await first.locator('[data-col="risk"] [data-risk-level="critical"]').waitFor();
    assert.equal(await k.page.locator('[data-action="sort-priority"]').getAttribute('aria-pressed'), 'true');
    await shot(k.page, 'risk-register-priority');
  } finally {
    await k.close();
  }
});

test('a child\'s list as a checklist, with the act question; the WHO principles open; on a phone', async () => {
  const api = await demoApi('consultant');
  const { c } = await personAndCase(api, { date_of_birth: '2011-03-04', forms: ['sexual'], languages: [] });
  assert.equal(c.person.minor, true);
  const b = await openBrowser({ viewport: MOBILE });
  const { page } = b;
  try {
    await uiLogin(page, DEMO.url, demo('consultant'));
    await page.locator('#call-number').waitFor();
    await page.goto(DEMO.url + '/#/cases/' + c.id);
    await page.locator('#case-screening .empty').waitFor();
    assert.equal(await page.locator('#sc-new-list').inputValue(), 'child_sexual', 'a minor, sexual exploitation');
    await page.locator('[data-action="new-screening"]').click();
    await page.locator('#question[data-question="act"]').waitFor();
    await page.locator('#interview [data-interpreter="unknown"]').waitFor();

    // the WHO principles, to open
    const who = page.locator('[data-who]');
    assert.equal(await who.evaluate((d) => d.open), false);
    await page.locator('[data-action="who"]').click();
    await who.locator('[data-principle="10"]').waitFor({ state: 'visible' });
    assert.equal(await who.locator('[data-principle]').count(), 10);
    assert.match(await who.textContent(), /Nie szkodzić/);
    await shot(page, 'screening-who-mobile');
    await assertNoHorizontalScroll(page, 'the screening on a phone');

    // the checklist: the act question and the six dimensions
    await page.locator('[data-mode="list"]').click();
    await page.locator('#checklist').waitFor();
    assert.equal(await page.locator('#checklist .cl-dim').count(), 7);
    await page.locator('#checklist [data-dimension="act"] label[for="cl-act-yes"]').click();
    const sexual = page.locator('#checklist .cl-dim[data-dimension="exploitation"] fieldset').first();
    const qid = await sexual.getAttribute('data-question');
    await sexual.locator('label[for="cl-' + qid + '-unknown"]').click();
    await page.locator('#checklist [data-unverified]').first().waitFor();
    await page.locator('.save-state[data-save-state="saved"]').waitFor();
    await assertNoHorizontalScroll(page, 'the checklist on a phone');
    await shot(page, 'screening-checklist-mobile');
    const sid = Number((await hash(page)).split('/')[4]);
    const s = (await api.ok('GET', '/api/v1/screenings/' + sid)).screening;
    assert.deepEqual(s.answers, { act: 'yes', [qid]: 'unknown' });

    // the English interface: the same reminder in English
    await page.locator('.lang-btn[data-lang="en"]').click();
    await page.locator('[data-action="who"]', { hasText: 'WHO principles for interviewing' }).click();
    await page.locator('[data-who] [data-principle="1"]', { hasText: 'Do no harm' }).waitFor();
  } finally {
    await b.close();
    // the account's language back to Polish, for the tests after this one
    await api.ok('PATCH', '/api/v1/auth/me', { language: 'pl' });
  }
});
