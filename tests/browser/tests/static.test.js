// Checks of the web files themselves: both languages complete, every key
// the code asks for present, nothing the Content-Security-Policy forbids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'web');

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out;
}

const all = files(WEB);
const js = all.filter((p) => p.endsWith('.js'));
const pl = JSON.parse(readFileSync(join(WEB, 'i18n', 'pl.json'), 'utf8'));
const en = JSON.parse(readFileSync(join(WEB, 'i18n', 'en.json'), 'utf8'));

test('Polish and English have the same keys, none empty', () => {
  const missingEn = Object.keys(pl).filter((k) => !(k in en));
  const missingPl = Object.keys(en).filter((k) => !(k in pl));
  assert.deepEqual(missingEn, [], 'keys missing from en.json');
  assert.deepEqual(missingPl, [], 'keys missing from pl.json');
  for (const [k, v] of Object.entries(pl)) {
    assert.ok(typeof v === 'string' && v.trim() !== '', 'pl.json ' + k + ' is empty');
    assert.ok(typeof en[k] === 'string' && en[k].trim() !== '', 'en.json ' + k + ' is empty');
    const ph = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
    assert.equal(ph(pl[k]), ph(en[k]), k + ': the placeholders differ between the languages');
  }
});

test('every key the code uses is translated', () => {
  const used = new Set();
  for (const p of js) {
    const src = readFileSync(p, 'utf8');
    for (const m of src.matchAll(/\bt\(\s*'([a-z_]+\.[a-z_.]+)'\s*[,)]/g)) used.add(m[1]);
    for (const m of src.matchAll(/(?:flash|show)\(\s*'\w+',\s*'([a-z_]+\.[a-z_]+)'/g)) used.add(m[1]);
    for (const m of src.matchAll(/'([a-z]+\.[a-z_]+)'\s*:\s*'[a-z]+\.[a-z_]+'/g)) used.add(m[1]);
  }
  // keys built from a value
  for (const r of ['admin', 'coordinator', 'consultant', 'shelter_staff', 'auditor']) used.add('role.' + r);
  for (const n of ['home', 'users', 'settings', 'audit', 'sessions', 'account', 'calls', 'contacts', 'calendar', 'oncall',
    'cases', 'persons', 'tasks']) {
    used.add('nav.' + n);
  }
  for (let d = 0; d < 7; d++) used.add('weekday.' + d);
  for (const f of ['one', 'few', 'many', 'other']) used.add('known.count_' + f);
  for (const k of ['started_at', 'duration_short', 'channel', 'direction', 'inquirer', 'topics', 'urgency',
    'urgency_reason', 'outcome', 'country', 'language', 'interpreter', 'caller_number', 'summary', 'handover_note',
    'time', 'consultant']) used.add('contact.' + k);
  used.add('contacts.count_all');
  used.add('contacts.count_more');
  for (const l of ['pl', 'en']) used.add('lang.' + l);
  for (const s of ['login', 'totp', 'enrol', 'password', 'home', 'sessions', 'users', 'settings', 'audit', 'account',
    'calls', 'contacts', 'calendar', 'oncall', 'cases', 'persons', 'tasks']) {
    used.add(s + '.title');
  }
  used.add('audit.count_all');
  used.add('audit.count_more');
  const missing = [...used].filter((k) => !(k in pl) || !(k in en)).sort();
  assert.deepEqual(missing, [], 'keys used in the code but not translated');
});

test('nothing the Content-Security-Policy would refuse', () => {
  const html = all.filter((p) => p.endsWith('.html'));
  for (const p of html) {
    const src = readFileSync(p, 'utf8');
    const name = relative(WEB, p);
    assert.doesNotMatch(src, /<script(?![^>]*\bsrc=)[^>]*>/i, name + ': inline script');
    assert.doesNotMatch(src, /<style/i, name + ': inline style element');
    assert.doesNotMatch(src, /\sstyle\s*=/i, name + ': style attribute');
    assert.doesNotMatch(src, /\son[a-z]+\s*=/i, name + ': event handler attribute');
    assert.doesNotMatch(src, /(src|href)=["']?(https?:)?\/\//i, name + ': a resource from elsewhere');
  }
  for (const p of js) {
    const src = readFileSync(p, 'utf8');
    const name = relative(WEB, p);
    assert.doesNotMatch(src, /\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write/, name + ': HTML from strings');
    assert.doesNotMatch(src, /\beval\s*\(|new Function\s*\(|setTimeout\(\s*['"`]/, name + ': code from strings');
    assert.doesNotMatch(src, /\.style\.|setAttribute\(\s*'style'|cssText/, name + ': inline style');
    assert.doesNotMatch(src, /https?:\/\//, name + ': an address elsewhere');
  }
  const index = readFileSync(join(WEB, 'index.html'), 'utf8');
  assert.match(index, /<script type="module" src="\/js\/app\.js"><\/script>/);
});
