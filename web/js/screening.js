// What the identification screening and the safety and risk assessment
// share (docs/API-screening.md): the lists, the tool's verdicts, the risk
// levels and their badges, the indicator catalogue (by version), the
// suggested list for a case, the level the server will compute, and the
// WHO principles for interviewing as a reminder to open.

import * as api from './api.js';
import { t, lang } from './i18n.js';
import { h } from './dom.js';

export const LISTS = ['adult_labour', 'adult_sexual', 'child_labour', 'child_sexual'];
export const VERDICTS = ['victim', 'possible', 'not_enough'];
export const ANSWERS = ['yes', 'no', 'unknown', 'refused'];
export const LEVELS = ['low', 'medium', 'high', 'critical'];
export const RISK_QUESTIONS = [
  'immediate_danger', 'family_danger', 'perpetrators_contact', 'captivity', 'medical_emergency', 'minor', 'no_documents',
];

export const screeningHref = (caseId, sid) => '#/cases/' + encodeURIComponent(String(caseId)) +
  '/screening/' + encodeURIComponent(String(sid));

export function listName(code) {
  return LISTS.includes(code) ? t('screening.list_' + code) : String(code || '—');
}

export function verdictName(code) {
  return VERDICTS.includes(code) ? t('screening.verdict_' + code) : String(code || '—');
}

export function answerName(code) {
  return ANSWERS.includes(code) ? t('screening.answer_' + code) : '—';
}

export function verdictBadge(code, attrs) {
  return h('span', Object.assign({
    class: ['badge', 'verdict', 'verdict-' + (code || 'none')], 'data-verdict': code || '', text: verdictName(code),
  }, attrs || {}));
}

export function levelName(code) {
  return LEVELS.includes(code) ? t('risk.level_' + code) : String(code || '—');
}

// "Risk: high" as a badge; null when there is no level.
export function riskBadge(code, opts = {}) {
  if (!code) return null;
  return h('span', {
    class: ['badge', 'risk-badge', 'risk-' + code], 'data-risk-level': code,
    text: opts.short ? levelName(code) : t('risk.badge', { level: levelName(code) }),
  });
}

export const highRisk = (level) => level === 'high' || level === 'critical';

// The list suggested for a case: a child's list for a minor; the sexual
// exploitation list when that is the form named (and forced labour is not).
export function suggestedList(c) {
  const minor = !!(c && c.person && c.person.minor);
  const forms = Array.isArray(c && c.forms) ? c.forms : [];
  const sexual = forms.includes('sexual') && !forms.includes('forced_labour');
  return (minor ? 'child_' : 'adult_') + (sexual ? 'sexual' : 'labour');
}

export const isChildList = (list) => /^child_/.test(String(list || ''));

// The level as src/screening/risk.c computes it: severity × likelihood,
// 1–3 low, 4–7 medium, 8–11 high, 12–16 critical; immediate danger,
// captivity or a medical emergency make it at least high.  A preview only:
// the saved level is the server's.
export function riskLevel(answers, severity, likelihood) {
  const s = Number(severity);
  const l = Number(likelihood);
  if (!(s >= 1 && s <= 4 && l >= 1 && l <= 4)) return null;
  const score = s * l;
  let level = score <= 3 ? 'low' : score <= 7 ? 'medium' : score <= 11 ? 'high' : 'critical';
  const raised = ['immediate_danger', 'captivity', 'medical_emergency'].filter((k) => answers && answers[k] === 'yes');
  if (raised.length && (level === 'low' || level === 'medium')) level = 'high';
  return { score, level, raised };
}

// ---- the catalogue, one version at a time (a screening keeps its own)

const catalogues = {};

function unwrap(r) {
  // the answer is the file itself (whose "catalogue" member is its name) or
  // {"catalogue": {...}}
  return r && r.catalogue && typeof r.catalogue === 'object' ? r.catalogue : r;
}

export function loadCatalogue(version) {
  const key = version === undefined || version === null ? 'current' : String(version);
  if (!catalogues[key]) {
    const path = key === 'current' ? '/api/v1/screening/catalogue'
      : '/api/v1/screening/catalogues/' + encodeURIComponent(key);
    catalogues[key] = api.get(path).then(unwrap).catch((e) => {
      delete catalogues[key];
      throw e;
    });
  }
  return catalogues[key];
}

// A text of the catalogue ({"pl","en"}) in the interface's language.
export function tx(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  return v[lang()] || v.pl || v.en || '';
}

// The indicators on a list, in the order of the six dimensions.
export function listIndicators(cat, list) {
  const dims = (cat && Array.isArray(cat.dimensions) ? cat.dimensions : []).map((d) => d.code);
  const all = (cat && Array.isArray(cat.indicators) ? cat.indicators : [])
    .filter((i) => i.grades && Object.prototype.hasOwnProperty.call(i.grades, list));
  const rank = (i) => {
    const n = dims.indexOf(i.dimension);
    return n < 0 ? dims.length : n;
  };
  return all.map((x, n) => ({ x, n })).sort((a, b) => rank(a.x) - rank(b.x) || a.n - b.n).map((p) => p.x);
}

export function dimensionOf(cat, code) {
  return (cat && Array.isArray(cat.dimensions) ? cat.dimensions : []).find((d) => d.code === code) || null;
}

export const unverified = (ind, list) => Array.isArray(ind.unverified) && ind.unverified.includes(list);

export function gradeBadge(ind, list) {
  const g = ind.grades ? ind.grades[list] : null;
  return [
    g ? h('span', { class: ['badge', 'grade', 'grade-' + g], 'data-grade': g, text: t('screening.grade_' + g) }) : null,
    unverified(ind, list) ? h('span', {
      class: 'badge grade-unverified', 'data-unverified': '', title: t('screening.unverified_hint'),
      text: t('screening.unverified'),
    }) : null,
  ];
}

// ---- the WHO principles for interviewing, as a reminder to open

const WHO = 10;

export function whoPrinciples() {
  const items = [];
  for (let i = 1; i <= WHO; i++) {
    items.push(h('li', { 'data-principle': String(i) },
      h('strong', { text: t('who.p' + i + '_title') }), ' ', t('who.p' + i + '_text')));
  }
  return h('details', { class: 'who-principles', 'data-who': '' },
    h('summary', { 'data-action': 'who', text: t('who.summary') }),
    h('div', { class: 'who-body' },
      h('p', { class: 'hint', text: t('who.intro') }),
      h('ol', { class: 'who-list' }, items)));
}
