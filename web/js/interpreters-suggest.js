// Interpreters where they are needed: the suggestions for a language (best
// first, each with why it is not a first choice), a small widget that
// follows the languages typed into a person's form, the booking form, and
// the case page's panel "interpreters for this person's languages" with
// the case's bookings.  The registry itself is screens/interpreters.js.
//
// Polish needs no interpreter and is never looked up.

import * as api from './api.js';
import { t } from './i18n.js';
import { h, clear, field, notice, errorText, showError, busy, announce } from './dom.js';
import { loadEnums, label, isoWarsaw, toLocalInput, fromLocalInput, dateTime, timeOnly } from './hotline.js';
import { caseHref } from './casefile.js';

export const interpreterHref = (id) => '#/interpreters/' + encodeURIComponent(String(id));

// Languages worth an interpreter: ISO 639 codes other than Polish.
export function foreignLanguages(list) {
  const out = [];
  for (const l of list || []) {
    const code = String(l).trim().toLowerCase();
    if (/^[a-z]{2,3}$/.test(code) && code !== 'pl' && !out.includes(code)) out.push(code);
  }
  return out;
}

// A badge for an interpreter's vetting and agreement.
export function trustBadges(it) {
  const a = it.agreement || { state: 'none' };
  return [
    h('span', { class: ['badge', it.vetted ? 'badge-ok' : 'badge-warn'], 'data-vetted': String(!!it.vetted), text: t(it.vetted ? 'interp.vetted' : 'interp.not_vetted') }),
    h('span', {
      class: ['badge', a.state === 'valid' ? 'badge-ok' : 'badge-warn'], 'data-agreement': a.state,
      text: t('interp.agreement_' + a.state) + (a.renew_by && a.state !== 'expired' ? ' ' + t('interp.renew_by', { date: a.renew_by }) : ''),
    }),
    it.active === false ? h('span', { class: 'badge badge-off', 'data-inactive': '', text: t('interp.inactive') }) : null,
  ];
}

export function reasonChips(reasons) {
  if (!reasons || reasons.length === 0) {
    return h('span', { class: 'chips' }, h('span', { class: 'chip chip-open', 'data-first-choice': '', text: t('interp.first_choice') }));
  }
  return h('span', { class: 'chips' }, reasons.map((r) => h('span', { class: 'chip chip-warn', 'data-reason': r, text: t('interp.reason_' + r) })));
}

export function modesText(modes) {
  return (modes || []).map((m) => label('interpreter_mode', m)).join(', ');
}

// A ranked list of suggestions.  opts: {onBook(interpreter, language)}.
export function suggestionList(suggestions, language, opts = {}) {
  if (!suggestions.length) {
    return h('p', { class: 'muted empty', 'data-suggestions': '0', text: t('interp.none_for', { language }) });
  }
  return h('ul', { class: 'items interp-suggestions', 'data-suggestions': String(suggestions.length), 'data-language': language },
    suggestions.map((s) => {
      const it = s.interpreter;
      return h('li', { class: ['item', s.first_choice ? 'interp-first' : ''], 'data-interpreter': String(it.id) },
        h('p', { class: 'item-head' },
          h('a', { href: interpreterHref(it.id), text: it.name }),
          ' ', h('span', { class: 'muted', text: it.languages.join(', ') + ' · ' + modesText(it.modes) })),
        h('p', { class: 'item-meta' }, reasonChips(s.reasons)),
        opts.onBook ? h('div', { class: 'item-actions' }, h('button', {
          type: 'button', class: 'btn btn-small', 'data-action': 'book-interpreter', 'data-interpreter': String(it.id),
          text: t('interp.book'), onclick: () => opts.onBook(it, language),
        })) : null);
    }));
}

// The widget of the person form: suggestions for each language typed.
// Returns {el, update(languages)}; updates are debounced.
export function languageSuggest(opts = {}) {
  const el = h('div', { class: 'interp-widget', id: (opts.prefix || 'person') + '-interpreters', 'aria-live': 'polite', hidden: true });
  let timer = null;
  let asked = '';
  const draw = async (langs) => {
    const key = langs.join(',');
    if (key === asked) return;
    asked = key;
    if (!langs.length) {
      clear(el);
      el.hidden = true;
      return;
    }
    try {
      await loadEnums();
      const parts = await Promise.all(langs.map((l) => api.get('/api/v1/interpreters/suggest' + api.query({ language: l }))
        .then((r) => [l, r.suggestions || []]).catch(() => [l, null])));
      if (asked !== key) return;
      clear(el);
      el.hidden = false;
      el.append(h('h4', { text: t('interp.for_languages') }));
      for (const [l, list] of parts) {
        el.append(h('div', { class: 'interp-lang', 'data-language': l },
          h('p', { class: 'interp-lang-name', text: t('interp.language_code', { language: l }) }),
          list === null ? h('p', { class: 'muted', text: t('interp.suggest_failed') }) : suggestionList(list.slice(0, 5), l)));
      }
    } catch (e) {
      clear(el);
    }
  };
  return {
    el,
    update(langs) {
      const wanted = foreignLanguages(langs);
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(() => draw(wanted), 300);
    },
  };
}

// ---- booking

function nextHour() {
  const d = Date.now() + 3600000;
  return d - (d % 3600000);
}

// What a 409 or a warning says, in words.
export function warningsText(list) {
  return (list || []).map((w) => t('interp.reason_' + w)).join(' · ');
}

// The form that books interpreter `it`.  opts: {prefix, language, caseId,
// caseRef (shown when tied to a fixed case), onBooked(booking, warnings),
// onCancel}.  Without caseId the person ties it to a case by reference or
// to a contact by its number.
export function bookingForm(it, opts = {}) {
  const p = opts.prefix || 'bk';
  const box = notice();
  const langs = it.languages || [];
  const language = field({
    id: p + '-language', name: 'language', type: 'select', label: t('interp.language'),
    options: langs.map((l) => [l, l]), value: opts.language && langs.includes(opts.language) ? opts.language : langs[0],
  });
  const start0 = nextHour();
  const starts = field({ id: p + '-starts', name: 'starts_at', type: 'datetime-local', label: t('interp.starts_at'), value: toLocalInput(start0), hint: t('interp.warsaw_time') });
  const ends = field({ id: p + '-ends', name: 'ends_at', type: 'datetime-local', label: t('interp.ends_at'), value: toLocalInput(start0 + 3600000) });
  const mode = field({
    id: p + '-mode', name: 'mode', type: 'select', label: t('interp.mode'),
    options: (it.modes || []).map((m) => [m, label('interpreter_mode', m)]),
  });
  const purpose = field({ id: p + '-purpose', name: 'purpose', label: t('interp.purpose'), hint: t('interp.purpose_hint'), maxLength: 200 });
  const tieKind = field({
    id: p + '-tie', name: 'tie', type: 'select', label: t('interp.tie'),
    options: [['case', t('interp.tie_case')], ['contact', t('interp.tie_contact')]],
  });
  const caseRef = field({ id: p + '-case-ref', name: 'case_ref', label: t('interp.case_ref'), hint: t('interp.case_ref_hint'), autocomplete: 'off', spellcheck: false });
  const contactId = field({ id: p + '-contact', name: 'contact_id', type: 'number', label: t('interp.contact_id'), min: 1, inputClass: 'input-short' });
  const fields = { language, starts_at: starts, ends_at: ends, mode, purpose, case_id: caseRef, contact_id: contactId };

  starts.input.addEventListener('change', () => {
    const a = fromLocalInput(starts.input.value);
    const b = fromLocalInput(ends.input.value);
    if (!Number.isNaN(a) && (Number.isNaN(b) || b <= a)) ends.input.value = toLocalInput(a + 3600000);
  });
  const syncTie = () => {
    caseRef.el.hidden = tieKind.input.value !== 'case';
    contactId.el.hidden = tieKind.input.value !== 'contact';
  };
  tieKind.input.addEventListener('change', syncTie);
  syncTie();

  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'save-booking', text: t('interp.book_save') });
  const cancel = opts.onCancel ? h('button', { type: 'button', class: 'btn btn-link', text: t('common.cancel'), onclick: opts.onCancel }) : null;
  const tie = opts.caseId
    ? h('p', { class: 'interp-tie', 'data-tie-case': String(opts.caseId), text: t('interp.for_case', { ref: opts.caseRef || opts.caseId }) })
    : h('div', { class: 'form-grid' }, tieKind.el, caseRef.el, contactId.el);
  const form = h('form', { class: 'stack booking-form', id: p + '-form', novalidate: true, 'data-booking-for': String(it.id) },
    h('h3', { text: t('interp.book_title', { name: it.name }) }),
    tie,
    h('div', { class: 'form-grid' }, language.el, mode.el, starts.el, ends.el),
    purpose.el, box.el, h('div', { class: 'actions' }, save, cancel));

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    box.clear();
    for (const f of Object.values(fields)) f.clearError();
    const a = fromLocalInput(starts.input.value);
    const b = fromLocalInput(ends.input.value);
    if (Number.isNaN(a)) { starts.setError(t('interp.time_needed')); starts.input.focus(); return; }
    if (Number.isNaN(b)) { ends.setError(t('interp.time_needed')); ends.input.focus(); return; }
    const body = {
      language: language.input.value, mode: mode.input.value,
      starts_at: isoWarsaw(a), ends_at: isoWarsaw(b),
    };
    if (purpose.input.value.trim() !== '') body.purpose = purpose.input.value.trim();
    busy(save, async () => {
      try {
        if (opts.caseId) body.case_id = Number(opts.caseId);
        else if (tieKind.input.value === 'case') {
          const ref = caseRef.input.value.trim();
          if (!ref) { caseRef.setError(t('interp.case_ref_needed')); caseRef.input.focus(); return; }
          const r = await api.get('/api/v1/cases' + api.query({ q: ref, limit: 5 }));
          const found = (r.cases || []).find((c) => !c.restricted);
          if (!found) { caseRef.setError(t('interp.case_not_found')); caseRef.input.focus(); return; }
          body.case_id = found.id;
        } else {
          const n = Number(contactId.input.value);
          if (!Number.isInteger(n) || n < 1) { contactId.setError(t('interp.contact_needed')); contactId.input.focus(); return; }
          body.contact_id = n;
        }
        const r = await api.post('/api/v1/interpreters/' + it.id + '/bookings', body);
        const warn = warningsText(r.warnings);
        box.success(t('interp.booked') + (warn ? ' ' + t('interp.booked_warnings', { warnings: warn }) : ''));
        announce(t('interp.booked'));
        if (opts.onBooked) opts.onBooked(r.booking, r.warnings || []);
      } catch (e) {
        if (e.status === 409 && e.data && e.data.conflict) {
          starts.setError(t('interp.busy_then', { from: dateTime(e.data.conflict.starts_at), to: timeOnly(e.data.conflict.ends_at) }));
          starts.input.focus();
          box.error(t('interp.busy'));
          return;
        }
        if (e.field === 'case_id' && opts.caseId) { box.error(errorText(e)); return; }
        showError(e, box, fields);
      }
    });
  });
  return { el: form, focus: () => starts.input.focus() };
}

// One booking as a line: time, language, mode, status, the case.
export function bookingLine(b, opts = {}) {
  const caseEl = b.case && !b.restricted
    ? h('a', { href: caseHref(b.case.id), 'data-case-link': String(b.case.id), text: b.case.reference })
    : (b.case ? h('span', { class: 'muted', text: b.case.reference + ' · ' + t('interp.restricted') })
      : (b.restricted ? h('span', { class: 'muted', text: t('interp.restricted') }) : null));
  const actions = [];
  if (opts.onStatus && !b.restricted && b.status === 'booked') {
    actions.push(h('button', { type: 'button', class: 'btn btn-small btn-danger-quiet', 'data-action': 'cancel-booking', text: t('interp.cancel_booking'), onclick: (ev) => opts.onStatus(b, 'cancelled', ev.currentTarget) }));
    if (Date.parse(b.starts_at) <= Date.now()) {
      actions.push(h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'done-booking', text: t('interp.done_booking'), onclick: (ev) => opts.onStatus(b, 'done', ev.currentTarget) }));
    }
  }
  return h('li', { class: ['item', 'booking', 'booking-' + b.status], 'data-booking': String(b.id), 'data-status': b.status },
    h('p', { class: 'item-head' },
      h('strong', { text: (opts.dayless ? timeOnly(b.starts_at) : dateTime(b.starts_at)) + '–' + timeOnly(b.ends_at) }),
      ' ', h('span', { text: b.language + ' · ' + label('interpreter_mode', b.mode) }),
      ' ', h('span', { class: ['badge', b.status === 'booked' ? 'badge-calm' : 'badge-off'], text: label('booking_status', b.status) }),
      b.outside_availability ? h('span', { class: 'badge badge-warn', 'data-outside': '', text: t('interp.reason_outside_availability') }) : null),
    opts.showInterpreter ? h('p', { class: 'item-meta' }, h('a', { href: interpreterHref(b.interpreter.id), text: b.interpreter.name })) : null,
    h('p', { class: 'item-meta' }, caseEl, b.purpose ? h('span', { class: 'muted', text: ' · ' + b.purpose }) : null),
    actions.length ? h('div', { class: 'item-actions' }, actions) : null);
}

// Change a booking's status (cancel, done); then call reload.
export function statusChanger(box, reload) {
  return (b, status, btn) => busy(btn, async () => {
    box.clear();
    try {
      await api.patch('/api/v1/interpreter-bookings/' + b.id, { version: b.version, status });
      box.success(t(status === 'cancelled' ? 'interp.cancelled' : 'interp.marked_done'));
      await reload();
    } catch (e) {
      box.error(e.status === 409 ? t('interp.conflict_reload') : errorText(e));
      await reload();
    }
  });
}

// ---- the case page's panel

// Fill `el` (a section) for case c: the person's languages with their
// interpreters, a book button on each, and the case's bookings.
export function caseInterpreters(el, c) {
  const box = notice();
  const langsEl = h('div', { class: 'interp-case-langs', 'aria-busy': 'true' }, h('p', { class: 'muted', text: t('common.loading') }));
  const formHolder = h('div', { class: 'interp-book-holder' });
  const listEl = h('div', { class: 'interp-case-bookings' });
  const path = '/api/v1/cases/' + encodeURIComponent(c.id) + '/interpreter-bookings';

  const loadBookings = async () => {
    try {
      const r = await api.get(path);
      const rows = r.bookings || [];
      clear(listEl);
      listEl.append(h('h3', { text: t('interp.case_bookings') }),
        rows.length ? h('ul', { class: 'items', 'data-bookings': String(rows.length) },
          rows.map((b) => bookingLine(b, { showInterpreter: true, onStatus: changer })))
          : h('p', { class: 'muted empty', 'data-bookings': '0', text: t('interp.no_bookings') }));
    } catch (e) {
      box.error(errorText(e));
    }
  };
  const changer = statusChanger(box, loadBookings);

  const openForm = (it, language) => {
    clear(formHolder);
    const f = bookingForm(it, {
      prefix: 'cbk', language, caseId: c.id, caseRef: c.reference,
      onBooked: () => { loadBookings(); },
      onCancel: () => clear(formHolder),
    });
    formHolder.append(f.el);
    f.focus();
  };

  el.hidden = false;
  clear(el);
  el.append(h('h2', { id: 'cinterp-title', tabIndex: -1, text: t('interp.case_title') }), box.el, langsEl, formHolder, listEl);
  Promise.all([loadEnums(), api.get('/api/v1/persons/' + encodeURIComponent(c.person.id) + '/interpreters')]).then(([, r]) => {
    clear(langsEl);
    langsEl.removeAttribute('aria-busy');
    const parts = r.suggestions || [];
    if (!parts.length) {
      langsEl.append(h('p', { class: 'muted', 'data-no-foreign-language': '', text: t('interp.no_foreign_language') }));
      return;
    }
    for (const part of parts) {
      langsEl.append(h('div', { class: 'interp-lang', 'data-language': part.language },
        h('p', { class: 'interp-lang-name', text: t('interp.language_code', { language: part.language }) }),
        suggestionList(part.interpreters.slice(0, 5), part.language, { onBook: openForm })));
    }
  }).catch((e) => {
    clear(langsEl);
    langsEl.removeAttribute('aria-busy');
    box.error(errorText(e));
  });
  loadBookings();
}
