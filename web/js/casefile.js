// What the case-file screens share: links, status chips, dates, the
// lifecycle's next steps, and the safe-contact protocol block that is shown
// before anyone dials (the call screen, call-back tasks, the person page).
//
// Enumeration labels (case_status, exploitation, pathway_item, safe_mode…)
// come from GET /api/v1/enums through hotline.js; none are repeated here.

import { t, lang } from './i18n.js';
import { h } from './dom.js';
import { label, dayOf, TZ } from './hotline.js';

export const caseHref = (id) => '#/cases/' + encodeURIComponent(String(id));
export const personHref = (id) => '#/persons/' + encodeURIComponent(String(id));

// The statuses a case may move to from where it is (src/cases/lifecycle.c).
export function nextStatuses(c) {
  switch (c.status) {
    case 'preliminary_verification': return ['provisional_identification'];
    case 'provisional_identification': return ['identified', 'not_identified'];
    case 'identified':
    case 'not_identified': return ['closed'];
    case 'closed': return c.status_before_close ? [c.status_before_close] : [];
    default: return [];
  }
}

export function statusChip(code) {
  return h('span', { class: ['badge', 'status', 'status-' + code], 'data-status': code, text: label('case_status', code) });
}

export function sealedBadge() {
  return h('span', { class: 'badge badge-sealed', 'data-sealed': '', text: t('case.sealed') });
}

export function urgentBadge() {
  return h('span', { class: 'badge badge-urgent', 'data-urgent': '', text: t('case.urgent') });
}

export function formsText(list) {
  return (Array.isArray(list) ? list : []).map((c) => label('exploitation', c)).join(', ');
}

// "2026-11-28" as 28.11.2026 (28/11/2026 in English).
export function dateText(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day || '');
  if (!m) return day ? String(day) : '—';
  return lang() === 'en' ? m[3] + '/' + m[2] + '/' + m[1] : m[3] + '.' + m[2] + '.' + m[1];
}

// An instant (ISO with offset) as its Warsaw day, 28.11.2026.
export function dayOfIso(iso) {
  const v = Date.parse(iso || '');
  return Number.isNaN(v) ? '—' : dateText(dayOf(v));
}

export function dateTimeText(iso) {
  const v = Date.parse(iso || '');
  if (Number.isNaN(v)) return '—';
  return new Intl.DateTimeFormat(lang() === 'en' ? 'en-GB' : 'pl-PL', {
    timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).format(new Date(v));
}

export function today() {
  return dayOf(Date.now());
}

export function yesNo(v) {
  if (v === null || v === undefined) return '—';
  return v ? t('common.yes') : t('common.no');
}

// Lines of a textarea: trimmed, empty ones left out.
export function lines(text) {
  return String(text || '').split('\n').map((s) => s.trim()).filter((s) => s !== '');
}

// ---- the safe-contact protocol

const MODES = ['call', 'voicemail', 'text'];

function modeChip(kind, code) {
  const v = code || 'unknown';
  return h('span', { class: ['safe-mode', 'safe-' + v], 'data-safe': kind, 'data-mode': v },
    h('span', { class: 'safe-mode-what', text: t('safe.mode_' + kind) }),
    h('span', { class: 'safe-mode-value', text: label('safe_mode', v) }));
}

// The protocol of a person, to read before contacting them.  sc: the
// safe_contact object or null; opts: {pseudonym, headingLevel, compact}.
// The block carries data-safe-contact and comes before any number or
// call action in the markup.
export function safeContactBlock(sc, opts = {}) {
  const level = opts.headingLevel || 3;
  const title = h('h' + level, { class: 'safe-title' },
    h('span', { class: 'safe-icon', 'aria-hidden': 'true', text: '!' }),
    opts.pseudonym ? t('safe.title_of', { name: opts.pseudonym }) : t('safe.title'));
  if (!sc) {
    return h('section', { class: 'safe-contact safe-none', 'data-safe-contact': 'none', role: 'note' },
      title, h('p', { class: 'safe-missing', text: t('safe.none') }));
  }
  const noCall = sc.call === 'no';
  const facts = [
    ['hours', sc.hours], ['number', sc.number], ['code_word', sc.code_word],
    ['do_not_inform', sc.do_not_inform], ['notes', sc.notes],
  ].filter(([, v]) => v !== null && v !== undefined && v !== '');
  return h('section', {
    class: ['safe-contact', noCall ? 'safe-danger' : ''], 'data-safe-contact': noCall ? 'no-call' : 'yes', role: 'note',
  },
  title,
  noCall ? h('p', { class: 'safe-warning', text: t('safe.do_not_call') }) : null,
  h('p', { class: 'safe-modes' }, MODES.map((k) => modeChip(k, sc[k]))),
  facts.length ? h('dl', { class: 'safe-facts' }, facts.map(([k, v]) => h('div', { 'data-safe-fact': k },
    h('dt', { text: t('safe.' + k) }),
    h('dd', { class: k === 'code_word' || k === 'number' ? 'safe-strong' : 'prewrap', text: String(v) })))) : null);
}

// A "call" link that follows the protocol: none when calling is not safe.
export function callLink(sc, number) {
  const n = number || (sc && sc.number) || null;
  if (!n) return null;
  if (sc && sc.call === 'no') {
    return h('span', { class: 'muted', 'data-call': 'blocked', text: t('safe.call_blocked', { number: n }) });
  }
  return h('a', { class: 'btn btn-small btn-call', href: 'tel:' + n.replace(/[^+0-9]/g, ''), 'data-call': n },
    t('safe.call', { number: n }));
}
