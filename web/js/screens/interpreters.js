// Interpreters (#/interpreters): finding one for a language now, the
// registry with its filters; an interpreter's card (#/interpreters/ID)
// with their contact details, availability and week of bookings, the
// booking form; and for coordinators adding (#/interpreters/new) and
// correcting interpreters.

import * as api from '../api.js';
import { t } from '../i18n.js';
import { h, put, cell, clear, field, notice, errorText, showError, busy, heading, announce } from '../dom.js';
import { state, isCoordinator, hotlineRole } from '../session.js';
import { loadEnums, options, isoWarsaw, toLocalInput, fromLocalInput, dayLabel, dayOf, midnight } from '../hotline.js';
import {
  interpreterHref, trustBadges, suggestionList, modesText, bookingForm, bookingLine, statusChanger,
} from '../interpreters-suggest.js';

export const title = 'interp.title';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function render(arg) {
  if (arg === 'new') return isCoordinator(state.user) ? renderForm(null) : renderRegistry();
  if (arg !== null && arg !== undefined && /^\d+$/.test(arg)) return renderCard(arg);
  return renderRegistry();
}

function langList(v) {
  return String(v || '').split(/[\s,;]+/).map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
}

// ---- the registry

function renderRegistry() {
  const box = notice();
  const coordinator = isCoordinator(state.user);

  // Finding an interpreter now: language, when, how long.
  const fLang = field({ id: 'if-language', name: 'language', label: t('interp.language'), hint: t('interp.language_hint'), autocomplete: 'off', spellcheck: false, inputClass: 'input-code', maxLength: 3 });
  const fStart = field({ id: 'if-start', name: 'starts_at', type: 'datetime-local', label: t('interp.when'), value: toLocalInput(Date.now()) });
  const fLen = field({
    id: 'if-length', name: 'length', type: 'select', label: t('interp.how_long'),
    options: [['30', t('interp.minutes', { n: 30 })], ['60', t('interp.minutes', { n: 60 })], ['120', t('interp.minutes', { n: 120 })], ['240', t('interp.minutes', { n: 240 })]], value: '60',
  });
  const fMode = field({ id: 'if-mode', name: 'mode', type: 'select', label: t('interp.mode'), options: [['', t('interp.any_mode')]] });
  const findBtn = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'find-interpreter', text: t('interp.find') });
  const found = h('div', { class: 'interp-found', 'aria-live': 'polite' });
  const findBox = notice();
  const findForm = h('form', { class: 'filters', id: 'interp-find', novalidate: true },
    h('div', { class: 'filter-grid filter-grid-2' }, fLang.el, fMode.el, fStart.el, fLen.el),
    h('div', { class: 'actions' }, findBtn));
  findForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    findBox.clear();
    fLang.clearError();
    const l = fLang.input.value.trim().toLowerCase();
    if (!/^[a-z]{2,3}$/.test(l)) {
      fLang.setError(t('interp.language_invalid'));
      fLang.input.focus();
      return;
    }
    const a = fromLocalInput(fStart.input.value);
    const q = { language: l, mode: fMode.input.value };
    if (!Number.isNaN(a)) {
      q.starts_at = isoWarsaw(a);
      q.ends_at = isoWarsaw(a + Number(fLen.input.value) * 60000);
    }
    busy(findBtn, async () => {
      try {
        const r = await api.get('/api/v1/interpreters/suggest' + api.query(q));
        clear(found);
        found.append(suggestionList(r.suggestions || [], l));
      } catch (e) {
        showError(e, findBox, { language: fLang, starts_at: fStart, ends_at: fStart, mode: fMode });
      }
    });
  });

  // The registry.
  const rLang = field({ id: 'ir-language', name: 'language', label: t('interp.language'), autocomplete: 'off', spellcheck: false, inputClass: 'input-code', maxLength: 3 });
  const rVetted = field({
    id: 'ir-vetted', name: 'vetted', type: 'select', label: t('interp.vetting'),
    options: [['', t('interp.any')], ['true', t('interp.vetted')], ['false', t('interp.not_vetted')]],
  });
  const rActive = field({
    id: 'ir-active', name: 'active', type: 'select', label: t('interp.activity'),
    options: [['true', t('interp.active_only')], ['false', t('interp.inactive_only')], ['', t('interp.any')]], value: 'true',
  });
  const listBtn = h('button', { type: 'submit', class: 'btn', 'data-action': 'filter-interpreters', text: t('interp.filter') });
  const listForm = h('form', { class: 'filters', id: 'interp-filter', novalidate: true },
    h('div', { class: 'filter-grid filter-grid-2' }, rLang.el, rVetted.el, rActive.el),
    h('div', { class: 'actions' }, listBtn));
  const holder = h('div', { class: 'table-holder', 'aria-live': 'polite' });

  const loadList = async () => {
    const l = rLang.input.value.trim().toLowerCase();
    rLang.clearError();
    if (l !== '' && !/^[a-z]{2,3}$/.test(l)) {
      rLang.setError(t('interp.language_invalid'));
      return;
    }
    try {
      const r = await api.get('/api/v1/interpreters' + api.query({ language: l, vetted: rVetted.input.value, active: rActive.input.value }));
      const rows = r.interpreters || [];
      clear(holder);
      if (!rows.length) {
        holder.append(h('p', { class: 'muted empty', 'data-interpreters': '0', text: t('interp.none') }));
        return;
      }
      holder.append(h('table', { class: 'table table-interpreters', 'data-interpreters': String(rows.length) },
        h('thead', null, h('tr', null,
          ['name', 'languages', 'modes', 'trust', 'region'].map((k) => h('th', { scope: 'col', text: t('interp.col_' + k) })))),
        h('tbody', null, rows.map((it) => h('tr', { 'data-interpreter': String(it.id) },
          cell(t('interp.col_name'), null, h('a', { href: interpreterHref(it.id), text: it.name })),
          cell(t('interp.col_languages'), null, it.languages.join(', ')),
          cell(t('interp.col_modes'), null, modesText(it.modes)),
          cell(t('interp.col_trust'), null, trustBadges(it)),
          cell(t('interp.col_region'), null, it.region || '—'))))));
    } catch (e) {
      box.error(errorText(e));
    }
  };
  listForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(listBtn, loadList);
  });

  loadEnums().then(() => {
    for (const [v, text] of options('interpreter_mode')) fMode.input.appendChild(h('option', { value: v, text }));
    loadList();
  }).catch((e) => box.error(errorText(e)));

  return h('div', { class: 'page page-interpreters' },
    h('div', { class: 'page-head' }, heading(t('interp.heading')),
      coordinator ? h('a', { href: '#/interpreters/new', class: 'btn btn-primary', 'data-action': 'new-interpreter', text: t('interp.add') }) : null),
    h('p', { class: 'lead', text: t('interp.lead') }),
    box.el,
    h('section', { class: 'card', 'aria-labelledby': 'if-title' },
      h('h2', { id: 'if-title', text: t('interp.find_title') }),
      findForm, findBox.el, found),
    h('section', { class: 'card', 'aria-labelledby': 'ir-title' },
      h('h2', { id: 'ir-title', text: t('interp.registry') }),
      listForm, holder));
}

// ---- one interpreter

function availabilityText(slots) {
  if (!slots || !slots.length) return t('interp.no_slots');
  return DAYS.map((d) => {
    const s = slots.filter((x) => x.day === d);
    return s.length ? t('interp.day_' + d) + ' ' + s.map((x) => x.from + '–' + x.to).join(', ') : null;
  }).filter(Boolean).join('; ');
}

function renderCard(id) {
  const box = notice();
  const titleEl = heading(t('interp.card'));
  const head = h('div', { class: 'interp-head', 'aria-busy': 'true' }, h('p', { class: 'muted', text: t('common.loading') }));
  const weekEl = h('section', { class: 'card', id: 'interp-week', 'aria-labelledby': 'iw-title' });
  const bookEl = h('section', { class: 'card', id: 'interp-book', hidden: true });
  const editEl = h('div', { class: 'interp-edit' });
  const canBook = hotlineRole(state.user);
  const coordinator = isCoordinator(state.user);
  let it = null;
  let from = mondayOf(dayOf(Date.now()));

  const loadWeek = async () => {
    try {
      const r = await api.get('/api/v1/interpreters/' + encodeURIComponent(id) + '/bookings' + api.query({ from, days: 7 }));
      drawWeek(r.bookings || []);
    } catch (e) {
      box.error(errorText(e));
    }
  };
  const changer = statusChanger(box, loadWeek);

  const drawWeek = (rows) => {
    clear(weekEl);
    const prev = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'week-prev', text: t('interp.week_prev') });
    const now = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'week-this', text: t('interp.week_this') });
    const next = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'week-next', text: t('interp.week_next') });
    prev.addEventListener('click', () => { from = addDays(from, -7); loadWeek(); });
    now.addEventListener('click', () => { from = mondayOf(dayOf(Date.now())); loadWeek(); });
    next.addEventListener('click', () => { from = addDays(from, 7); loadWeek(); });
    const days = [];
    for (let i = 0; i < 7; i++) {
      const day = addDays(from, i);
      const mine = rows.filter((b) => dayOf(Date.parse(b.starts_at)) === day);
      days.push(h('li', { class: 'interp-day', 'data-day': day },
        h('p', { class: 'interp-day-name', text: dayLabel(day) }),
        mine.length ? h('ul', { class: 'items' }, mine.map((b) => bookingLine(b, { dayless: true, onStatus: canBook ? changer : null })))
          : h('p', { class: 'muted', text: t('interp.free_day') })));
    }
    weekEl.append(h('h2', { id: 'iw-title', tabIndex: -1, text: t('interp.week_of', { day: dayLabel(from) }) }),
      h('div', { class: 'actions' }, prev, now, next),
      h('ol', { class: 'interp-week', 'data-week': from, 'data-bookings': String(rows.length) }, days));
  };

  const drawHead = () => {
    clear(head);
    head.removeAttribute('aria-busy');
    titleEl.textContent = it.name;
    const fact = (k, v) => (v === null || v === undefined || v === '' ? null
      : h('div', { 'data-fact': k }, h('dt', { text: t('interp.f_' + k) }), h('dd', null, v)));
    put(head, h('p', { class: 'case-sub' }, trustBadges(it)),
      h('dl', { class: 'facts' },
        fact('languages', it.languages.join(', ')),
        fact('modes', modesText(it.modes)),
        fact('region', it.region),
        fact('phone', it.phone ? h('a', { href: 'tel:' + it.phone, class: 'btn btn-small btn-call', text: it.phone }) : null),
        fact('email', it.email ? h('a', { href: 'mailto:' + it.email, text: it.email }) : null),
        fact('availability', availabilityText(it.availability)),
        fact('availability_note', it.availability_note),
        fact('vetted_on', it.vetted_on),
        fact('agreement_on', it.agreement_on),
        fact('notes', it.notes ? h('span', { class: 'prewrap', text: it.notes }) : null)),
      coordinator ? h('div', { class: 'actions' }, h('button', {
        type: 'button', class: 'btn', 'data-action': 'edit-interpreter', text: t('interp.edit'),
        onclick: () => {
          clear(editEl);
          editEl.append(interpreterForm(it, {
            onSaved: (saved) => { it = saved; clear(editEl); drawHead(); drawBook(); box.success(t('interp.saved')); },
            onCancel: () => clear(editEl),
          }));
          const first = editEl.querySelector('input');
          if (first) first.focus();
        },
      })) : null);
  };

  const drawBook = () => {
    clear(bookEl);
    if (!canBook || !it.active) {
      bookEl.hidden = true;
      return;
    }
    bookEl.hidden = false;
    const f = bookingForm(it, { prefix: 'ibk', onBooked: () => loadWeek() });
    bookEl.append(f.el);
  };

  Promise.all([loadEnums(), api.get('/api/v1/interpreters/' + encodeURIComponent(id))]).then(([, r]) => {
    it = r.interpreter;
    drawHead();
    drawBook();
    loadWeek();
  }).catch((e) => {
    clear(head);
    head.removeAttribute('aria-busy');
    box.error(e.status === 404 ? t('interp.not_found') : errorText(e));
  });

  return h('div', { class: 'page page-interpreter' },
    h('a', { href: '#/interpreters', class: 'back-link', text: t('interp.back') }),
    h('div', { class: 'page-head' }, titleEl),
    box.el, head, editEl, weekEl, bookEl);
}

function addDays(day, n) {
  return dayOf(midnight(day, n) + 12 * 3600000);
}

function mondayOf(day) {
  const wd = (new Date(day + 'T12:00:00Z').getUTCDay() + 6) % 7;
  return addDays(day, -wd);
}

// ---- adding and correcting (coordinators)

function renderForm() {
  const holder = h('div');
  loadEnums().then(() => {
    holder.append(interpreterForm(null, {
      onSaved: (it) => { window.location.hash = interpreterHref(it.id); },
      onCancel: () => { window.location.hash = '#/interpreters'; },
    }));
  });
  return h('div', { class: 'page page-narrow' },
    h('a', { href: '#/interpreters', class: 'back-link', text: t('interp.back') }),
    heading(t('interp.add')),
    holder);
}

// "09:00-12:00, 13:00-17:00" → slots of one day; null when malformed.
function parseSlots(day, text) {
  const out = [];
  for (const part of String(text || '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$/.exec(part);
    if (!m) return null;
    const p2 = (x) => String(Number(x)).padStart(2, '0');
    const from = p2(m[1]) + ':' + m[2];
    const to = p2(m[3]) + ':' + m[4];
    if (from >= to || to > '24:00') return null;
    out.push({ day, from, to });
  }
  return out;
}

// The form of an interpreter: new (it null) or a correction.  opts:
// {onSaved(interpreter), onCancel}.
function interpreterForm(it, opts) {
  const box = notice();
  const p = it ? 'ie' : 'in';
  const v = (k) => (it && it[k] !== null && it[k] !== undefined ? it[k] : '');
  const name = field({ id: p + '-name', name: 'name', label: t('interp.f_name'), value: v('name'), maxLength: 120, required: true });
  const languages = field({ id: p + '-languages', name: 'languages', label: t('interp.f_languages'), hint: t('interp.languages_hint'), value: it ? it.languages.join(', ') : '', spellcheck: false });
  const modeBoxes = options('interpreter_mode').map(([code, text]) => {
    const box2 = h('input', { type: 'checkbox', id: p + '-mode-' + code, value: code, checked: it ? it.modes.includes(code) : true });
    return { code, box: box2, el: h('div', { class: 'check' }, box2, h('label', { for: p + '-mode-' + code, text })) };
  });
  const modesErr = h('p', { class: 'field-error', id: p + '-modes-error', hidden: true });
  const modesWrap = h('fieldset', { class: 'group', id: p + '-modes' }, h('legend', { text: t('interp.f_modes') }), modeBoxes.map((m) => m.el), modesErr);
  const modesField = {
    el: modesWrap, get input() { return modeBoxes[0].box; },
    setError(msg) { modesErr.textContent = msg; modesErr.hidden = false; },
    clearError() { modesErr.textContent = ''; modesErr.hidden = true; },
  };
  const region = field({ id: p + '-region', name: 'region', label: t('interp.f_region'), value: v('region'), maxLength: 200 });
  const dayFields = DAYS.map((d) => field({
    id: p + '-day-' + d, name: 'day_' + d, label: t('interp.day_' + d), inputClass: 'input-mono', spellcheck: false,
    value: it ? it.availability.filter((s) => s.day === d).map((s) => s.from + '-' + s.to).join(', ') : '',
  }));
  const availErr = h('p', { class: 'field-error', id: p + '-avail-error', hidden: true });
  const availWrap = h('fieldset', { class: 'group', id: p + '-availability' }, h('legend', { text: t('interp.f_availability') }),
    h('p', { class: 'hint', text: t('interp.availability_hint') }), h('div', { class: 'form-grid form-grid-3' }, dayFields.map((f) => f.el)), availErr);
  const availField = {
    el: availWrap, get input() { return dayFields[0].input; },
    setError(msg) { availErr.textContent = msg; availErr.hidden = false; },
    clearError() { availErr.textContent = ''; availErr.hidden = true; for (const f of dayFields) f.clearError(); },
  };
  const note = field({ id: p + '-avail-note', name: 'availability_note', label: t('interp.f_availability_note'), value: v('availability_note'), maxLength: 200 });
  const vettedBox = h('input', { type: 'checkbox', id: p + '-vetted', checked: it ? it.vetted : false });
  const vetted = h('div', { class: 'check field-check' }, vettedBox, h('label', { for: p + '-vetted', text: t('interp.vetted') }));
  const vettedOn = field({ id: p + '-vetted-on', name: 'vetted_on', type: 'date', label: t('interp.f_vetted_on'), value: v('vetted_on') });
  const agreementOn = field({ id: p + '-agreement-on', name: 'agreement_on', type: 'date', label: t('interp.f_agreement_on'), value: v('agreement_on'), hint: t('interp.agreement_hint') });
  const phone = field({ id: p + '-phone', name: 'phone', type: 'tel', label: t('interp.f_phone'), value: v('phone'), inputmode: 'tel', maxLength: 32 });
  const email = field({ id: p + '-email', name: 'email', type: 'email', label: t('interp.f_email'), value: v('email'), maxLength: 254 });
  const notes = field({ id: p + '-notes', name: 'notes', type: 'textarea', rows: 3, label: t('interp.f_notes'), value: v('notes'), maxLength: 2000 });
  const activeBox = h('input', { type: 'checkbox', id: p + '-active', checked: it ? it.active : true });
  const active = h('div', { class: 'check field-check' }, activeBox, h('label', { for: p + '-active', text: t('interp.f_active') }));
  const fields = {
    name, languages, modes: modesField, region, availability: availField, availability_note: note,
    vetted_on: vettedOn, agreement_on: agreementOn, phone, email, notes,
  };

  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'save-interpreter', text: t('interp.save') });
  const cancel = h('button', { type: 'button', class: 'btn btn-link', text: t('common.cancel'), onclick: opts.onCancel });
  const form = h('form', { class: 'stack interp-form card', id: p + '-form', novalidate: true },
    h('p', { class: 'hint', text: t('interp.sealed_hint') }),
    h('div', { class: 'form-grid' }, name.el, languages.el, region.el, phone.el, email.el),
    modesWrap, availWrap, note.el,
    h('div', { class: 'form-grid' }, vetted, vettedOn.el, agreementOn.el, it ? active : null),
    notes.el, box.el, h('div', { class: 'actions' }, save, cancel));

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    box.clear();
    for (const f of Object.values(fields)) f.clearError();
    const availability = [];
    for (let i = 0; i < DAYS.length; i++) {
      const s = parseSlots(DAYS[i], dayFields[i].input.value);
      if (s === null) {
        dayFields[i].setError(t('interp.slots_invalid'));
        dayFields[i].input.focus();
        box.error(t('error.form_has_errors'));
        return;
      }
      availability.push(...s);
    }
    const nul = (f) => (f.input.value.trim() === '' ? null : f.input.value.trim());
    const body = {
      name: name.input.value.trim(),
      languages: langList(languages.input.value),
      modes: modeBoxes.filter((m) => m.box.checked).map((m) => m.code),
      region: nul(region), availability, availability_note: nul(note),
      vetted: vettedBox.checked, vetted_on: nul(vettedOn), agreement_on: nul(agreementOn),
      phone: nul(phone), email: nul(email), notes: nul(notes),
    };
    if (it) {
      body.version = it.version;
      body.active = activeBox.checked;
    }
    busy(save, async () => {
      try {
        const r = it ? await api.patch('/api/v1/interpreters/' + it.id, body) : await api.post('/api/v1/interpreters', body);
        announce(t('interp.saved'));
        opts.onSaved(r.interpreter);
      } catch (e) {
        if (e.status === 409) {
          box.error(t('interp.conflict_reload'));
          return;
        }
        // "availability.day" and the like: the part's field
        if (e.field && !fields[e.field]) e.field = e.field.split(/[.[]/)[0];
        showError(e, box, fields);
      }
    });
  });
  return form;
}
