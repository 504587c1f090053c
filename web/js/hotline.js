// What the hotline screens share: the enumerations of the API, times in
// Warsaw, the service calendar's rules as the interface needs them, and
// the small pieces that show a contact.
//
// Enumeration labels come from GET /api/v1/enums only (Polish and English
// for each code); nothing here or in the i18n files repeats them.

import * as api from './api.js';
import { t, lang } from './i18n.js';
import { h, cell } from './dom.js';

export const TZ = 'Europe/Warsaw';
export const ENUM_KINDS = ['channel', 'direction', 'inquirer', 'topic', 'urgency', 'outcome'];

// ---- enumerations

let enums = null;
let enumsLoading = null;

// The enumerations once loaded (null before): screens that have them can
// build their forms at once, so that a re-render keeps what was typed.
export function enumsNow() {
  return enums;
}

export function loadEnums() {
  if (enums) return Promise.resolve(enums);
  if (!enumsLoading) {
    enumsLoading = api.get('/api/v1/enums').then((r) => {
      const out = {};
      for (const k of ENUM_KINDS) out[k] = Array.isArray(r[k]) ? r[k] : [];
      // the case files' lists (sex, case_status, exploitation, pathway_item…)
      for (const [k, v] of Object.entries(r || {})) if (Array.isArray(v) && !out[k]) out[k] = v;
      enums = out;
      return out;
    }).finally(() => { enumsLoading = null; });
  }
  return enumsLoading;
}

// The label of a code in the language of the interface; the code itself
// when the list does not know it.
export function label(kind, code) {
  if (code === null || code === undefined) return '';
  const list = enums && enums[kind];
  const v = list ? list.find((x) => x.code === code) : null;
  if (!v) return String(code);
  return (lang() === 'en' ? v.en : v.pl) || v.pl || v.en || v.code;
}

export function options(kind) {
  return (enums && enums[kind] ? enums[kind] : []).map((v) => [v.code, label(kind, v.code)]);
}

// ---- staff (consultants and coordinators), for choosing a person

let staff = null;
export async function loadStaff() {
  if (staff) return staff;
  const r = await api.get('/api/v1/staff');
  staff = (Array.isArray(r.staff) ? r.staff : []).slice().sort((a, b) => a.username.localeCompare(b.username));
  return staff;
}

// ---- times in Warsaw
//
// The API answers in Warsaw local time with an offset and takes times with
// an offset.  What a person types is Warsaw time, whatever the time zone of
// the browser.

const partsFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short',
});
const WEEKDAYS = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

// {y, m, d, hh, mm, ss, wd (Monday 0)} of an instant, in Warsaw.
export function warsaw(ms) {
  const p = {};
  for (const x of partsFmt.formatToParts(new Date(ms))) p[x.type] = x.value;
  return {
    y: Number(p.year), m: Number(p.month), d: Number(p.day),
    hh: Number(p.hour) % 24, mm: Number(p.minute), ss: Number(p.second),
    wd: WEEKDAYS[p.weekday],
  };
}

// Minutes east of UTC in Warsaw at an instant.
export function offsetMinutes(ms) {
  const p = warsaw(ms);
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm, p.ss);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

// The instant of a Warsaw wall-clock time.
export function fromWarsaw(y, m, d, hh, mm) {
  const wall = Date.UTC(y, m - 1, d, hh || 0, mm || 0);
  const first = wall - offsetMinutes(wall) * 60000;
  const second = wall - offsetMinutes(first) * 60000;
  return second;
}

const p2 = (n) => String(n).padStart(2, '0');

// "2026-11-28T18:05:00+01:00"
export function isoWarsaw(ms) {
  const s = Math.floor(ms / 1000) * 1000;
  const p = warsaw(s);
  const off = offsetMinutes(s);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return p.y + '-' + p2(p.m) + '-' + p2(p.d) + 'T' + p2(p.hh) + ':' + p2(p.mm) + ':' + p2(p.ss) +
    sign + p2(Math.floor(a / 60)) + ':' + p2(a % 60);
}

// The value of a datetime-local input ("2026-11-28T18:05") for an instant.
export function toLocalInput(ms) {
  const p = warsaw(ms);
  return p.y + '-' + p2(p.m) + '-' + p2(p.d) + 'T' + p2(p.hh) + ':' + p2(p.mm);
}

// A datetime-local value, taken as Warsaw time; NaN when malformed.
export function fromLocalInput(v) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(v || '');
  if (!m) return NaN;
  return fromWarsaw(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
}

// A date input's value ("2026-11-28") of an instant, in Warsaw.
export function dayOf(ms) {
  const p = warsaw(ms);
  return p.y + '-' + p2(p.m) + '-' + p2(p.d);
}

// Midnight in Warsaw that starts the day "YYYY-MM-DD" (plus `add` days).
export function midnight(day, add) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || '');
  if (!m) return NaN;
  const base = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (add || 0)));
  return fromWarsaw(base.getUTCFullYear(), base.getUTCMonth() + 1, base.getUTCDate(), 0, 0);
}

export function todayMidnight() {
  return midnight(dayOf(Date.now()), 0);
}

export function ms(iso) {
  if (!iso) return NaN;
  return Date.parse(iso);
}

// The start of a contact as a person types it: "18:05" (today),
// "28.11 18:05" (this year), "28.11.2026 18:05", "28/11/2026 18:05",
// "2026-11-28 18:05".  NaN when it is none of these.
export function parseStart(text) {
  const s = (text || '').trim().replace(/\s*,\s*/, ' ').replace(/\s+/g, ' ');
  const today = warsaw(Date.now());
  let y;
  let mo;
  let d;
  let hh;
  let mi;
  let m;
  if ((m = /^(\d{1,2})[:.](\d{2})$/.exec(s))) {
    [y, mo, d] = [today.y, today.m, today.d];
    [hh, mi] = [m[1], m[2]];
  } else if ((m = /^(\d{1,2})[./](\d{1,2})(?:[./](\d{4}))?[ T](\d{1,2})[:.](\d{2})$/.exec(s))) {
    [d, mo, y, hh, mi] = [m[1], m[2], m[3] || today.y, m[4], m[5]];
  } else if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::\d{2})?$/.exec(s))) {
    [y, mo, d, hh, mi] = [m[1], m[2], m[3], m[4], m[5]];
  } else {
    return NaN;
  }
  [y, mo, d, hh, mi] = [y, mo, d, hh, mi].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || hh > 23 || mi > 59) return NaN;
  const dim = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > dim) return NaN;
  return fromWarsaw(y, mo, d, hh, mi);
}

// An instant as the start field shows it.
export function formatStart(msv) {
  const p = warsaw(msv);
  const sep = lang() === 'en' ? '/' : '.';
  return p2(p.d) + sep + p2(p.m) + sep + p.y + ' ' + p2(p.hh) + ':' + p2(p.mm);
}

function locale() {
  return lang() === 'en' ? 'en-GB' : 'pl-PL';
}

function fmt(msv, o) {
  if (Number.isNaN(msv)) return '';
  return new Intl.DateTimeFormat(locale(), Object.assign({ timeZone: TZ }, o)).format(new Date(msv));
}

// 28.11.2026, 18:05
export function dateTime(iso) {
  return fmt(typeof iso === 'number' ? iso : ms(iso), {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  });
}

// sob., 28.11, 18:05
export function dayTime(iso) {
  return fmt(typeof iso === 'number' ? iso : ms(iso), {
    weekday: 'short', day: 'numeric', month: '2-digit', hour: '2-digit', minute: '2-digit',
  });
}

// 18:05
export function timeOnly(iso) {
  return fmt(typeof iso === 'number' ? iso : ms(iso), { hour: '2-digit', minute: '2-digit' });
}

// sobota, 28 listopada 2026
export function longDay(iso) {
  return fmt(typeof iso === 'number' ? iso : ms(iso), {
    weekday: 'long', day: 'numeric', month: 'long', year: 'numeric',
  });
}

// A day "YYYY-MM-DD" as "28.11.2026 (sob.)".
export function dayLabel(day) {
  const msv = midnight(day, 0) + 12 * 3600000;
  return fmt(msv, { day: '2-digit', month: '2-digit', year: 'numeric' }) + ' (' + fmt(msv, { weekday: 'short' }) + ')';
}

// Is the instant today, in Warsaw?
export function isToday(msv) {
  return dayOf(msv) === dayOf(Date.now());
}

// "18:05" today, "sob., 28.11, 18:05" otherwise.
export function when(iso) {
  const v = typeof iso === 'number' ? iso : ms(iso);
  return isToday(v) ? t('time.today_at', { time: timeOnly(v) }) : dayTime(v);
}

export function duration(seconds) {
  const s = Math.max(0, Number(seconds) || 0);
  const min = Math.round(s / 60);
  if (s > 0 && min === 0) return t('time.under_minute');
  if (min < 60) return t('time.minutes', { n: min });
  if (min % 60 === 0) return t('time.hours', { h: min / 60 });
  return t('time.hours_minutes', { h: Math.floor(min / 60), m: min % 60 });
}

// A running clock: "4:05", "1:02:09".
export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  return (hh ? hh + ':' + p2(mm) : String(mm)) + ':' + p2(ss);
}

// ---- the service calendar

// Is the office open at an instant, by the calendar of GET /calendar
// (hours, closures, holidays)?  null when the calendar does not cover the
// instant's year (holidays are given for one year).
export function openAt(cal, msv) {
  if (!cal || !Array.isArray(cal.hours)) return null;
  const p = warsaw(msv);
  const day = p.y + '-' + p2(p.m) + '-' + p2(p.d);
  if (cal.year !== undefined && cal.year !== p.y) return null;
  if ((cal.holidays || []).some((x) => x.day === day)) return false;
  if ((cal.closures || []).some((x) => x.day === day)) return false;
  const hrs = cal.hours.find((x) => x.weekday === p.wd);
  if (!hrs || hrs.closed) return false;
  const mins = (v) => {
    const m = /^(\d{2}):(\d{2})$/.exec(v || '');
    return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  };
  const o = mins(hrs.open);
  const c = mins(hrs.close);
  if (Number.isNaN(o) || Number.isNaN(c) || o >= c) return false;
  const minute = p.hh * 60 + p.mm;
  return minute >= o && minute < c;
}

// Is the office open now, by the calendar's "now" (and its next change,
// for a page that has been open a while)?
export function openNow(now) {
  if (!now) return null;
  const tnow = Date.now();
  if (now.open) {
    const close = ms(now.next_close);
    return Number.isNaN(close) || tnow < close;
  }
  const open = ms(now.next_open);
  return !Number.isNaN(open) && tnow >= open;
}

// ---- showing contacts

export function urgencyBadge(code) {
  return h('span', {
    class: ['badge', code === 'urgent' ? 'badge-urgent' : 'badge-calm'],
    'data-urgency': code, text: label('urgency', code),
  });
}

export function oohBadge() {
  return h('span', { class: 'badge badge-night', text: t('contact.ooh_short'), title: t('contact.ooh') });
}

// A contact that a call left and no one has completed yet.
export function draftBadge() {
  return h('span', { class: 'badge badge-draft', 'data-draft': '', text: t('contact.draft'), title: t('contact.draft_hint') });
}

export function topicsText(list) {
  return (Array.isArray(list) ? list : []).map((c) => label('topic', c)).join(', ');
}

// A link to a contact's page.
export function contactHref(id) {
  return '#/contacts/' + encodeURIComponent(String(id));
}

// A counted phrase in the language's plural forms: keys base_one,
// base_few, base_many, base_other (each language has all four).
export function plural(base, n) {
  let rule = 'other';
  try {
    rule = new Intl.PluralRules(lang() === 'en' ? 'en' : 'pl').select(n);
  } catch (e) {
    rule = 'other';
  }
  if (!['one', 'few', 'many', 'other'].includes(rule)) rule = 'other';
  return t(base + '_' + rule, { n });
}

// A table of contacts, cards on a phone.  firstKey names the first
// column's heading ('time' or 'started_at'), firstText(c) its text;
// linkAttrs(c) adds attributes to each contact's link.
export function contactTable(rows, { caption, firstKey, firstText, linkAttrs, tableClass }) {
  const trs = rows.map((c) => h('tr', { 'data-contact': String(c.id) },
    h('th', { scope: 'row', 'data-label': t('contact.' + firstKey) },
      h('a', { href: contactHref(c.id), ...(linkAttrs ? linkAttrs(c) : {}), text: firstText(c) }),
      c.draft ? [' ', draftBadge()] : null),
    cell(t('contact.inquirer'), { class: 'cell-inquirer' }, label('inquirer', c.inquirer)),
    cell(t('contact.topics'), { class: 'cell-topics' }, topicsText(c.topics)),
    cell(t('contact.urgency'), { class: 'cell-badges' }, urgencyBadge(c.urgency), c.out_of_hours ? [' ', oohBadge()] : null),
    cell(t('contact.outcome'), { class: 'cell-meta' }, label('outcome', c.outcome)),
    cell(t('contact.channel'), { class: 'cell-meta' }, label('channel', c.channel)),
    cell(t('contact.duration_short'), { class: 'nowrap cell-meta' }, duration(c.duration_seconds)),
    cell(t('contact.consultant'), { class: 'cell-meta' }, c.consultant ? c.consultant.username : '')));
  return h('table', { class: 'table table-cards table-contacts table-compact' + (tableClass ? ' ' + tableClass : '') },
    h('caption', { class: 'visually-hidden', text: caption }),
    h('thead', null, h('tr', null,
      [firstKey, 'inquirer', 'topics', 'urgency', 'outcome', 'channel', 'duration_short', 'consultant'].map((k) =>
        h('th', { scope: 'col', text: t('contact.' + k) })))),
    h('tbody', null, trs));
}
