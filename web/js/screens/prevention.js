// Preventive counselling (#/prevention): the consultations with people
// considering work abroad, newest first; a new one (#/prevention/new, or
// #/prevention/contact-ID from a hotline contact) with the safe-migration
// checklist; one consultation (#/prevention/ID) with its red flags, risk
// level and open questions, a correction form, and the way to its advice
// sheet (#/advice/ID).  No identity is asked for: the notes are the only
// free text, and they are sealed.

import * as api from '../api.js';
import { t } from '../i18n.js';
import {
  h, cell, clear, field, notice, errorText, busy, heading, showError, clearErrors, announce,
} from '../dom.js';
import { go } from '../session.js';
import { loadEnums, label, options, isoWarsaw, toLocalInput, fromWarsaw } from '../hotline.js';

export const title = 'prevention.title';

export const SHEET_LANGS = ['pl', 'en', 'uk'];
const YNU = ['contract_written', 'contract_language_understood', 'fee_asked', 'paid_before_departure',
  'emergency_contacts_known'];

export function render(arg) {
  if (arg === 'new') return renderForm(null, null);
  const c = /^contact-(\d+)$/.exec(arg || '');
  if (c) return renderForm(null, Number(c[1]));
  if (arg) return renderOne(arg);
  return renderList();
}

export function riskBadge(level) {
  const kind = level === 'high' ? 'badge-urgent' : level === 'medium' ? 'badge-warn' : 'badge-calm';
  return h('span', { class: ['badge', kind], 'data-risk': level, text: label('prevention_risk', level) });
}

function country(code) {
  try {
    const names = new Intl.DisplayNames([document.documentElement.lang || 'pl'], { type: 'region' });
    return names.of(code) + ' (' + code + ')';
  } catch (e) {
    return code;
  }
}

function dateTime(iso) {
  return iso ? iso.slice(0, 16).replace('T', ' ') : '—';
}

// ---- the list

function renderList() {
  const box = notice();
  const holder = h('div', { class: 'table-holder', 'aria-busy': 'true' },
    h('p', { class: 'muted empty', text: t('common.loading') }));
  const more = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'more', hidden: true,
    text: t('common.more') });
  const risk = field({ id: 'pv-risk', label: t('prevention.filter_risk'), type: 'select', options: [] });
  const dest = field({ id: 'pv-dest', label: t('prevention.filter_destination'), maxLength: 2,
    hint: t('prevention.destination_hint'), autocapitalize: 'characters' });
  let rows = [];
  let cursor = null;

  const draw = () => {
    clear(holder);
    holder.removeAttribute('aria-busy');
    if (!rows.length) {
      holder.appendChild(h('p', { class: 'muted empty', text: t('prevention.none') }));
      return;
    }
    holder.appendChild(h('table', { class: 'table table-cards table-prevention' },
      h('caption', { class: 'visually-hidden', text: t('prevention.caption') }),
      h('thead', null, h('tr', null,
        ['held_at', 'destination', 'purpose', 'risk', 'by'].map((k) => h('th', { scope: 'col', text: t('prevention.col_' + k) })))),
      h('tbody', null, rows.map((p) => h('tr', { 'data-prevention': String(p.id) },
        h('th', { scope: 'row', 'data-label': t('prevention.col_held_at') },
          h('a', { href: '#/prevention/' + p.id, text: dateTime(p.held_at) })),
        cell(t('prevention.col_destination'), null, country(p.destination)),
        cell(t('prevention.col_purpose'), null, label('prevention_purpose', p.purpose) +
          (p.sector ? ' · ' + label('prevention_sector', p.sector) : '')),
        cell(t('prevention.col_risk'), null, riskBadge(p.assessment.risk_level)),
        cell(t('prevention.col_by'), null, p.held_by ? p.held_by.username : '—'))))));
  };

  const load = async (append) => {
    try {
      const q = { limit: 50, risk_level: risk.input.value, destination: dest.input.value.trim().toUpperCase() };
      if (append && cursor) q.cursor = cursor;
      const r = await api.get('/api/v1/prevention' + api.query(q));
      rows = append ? rows.concat(r.consultations) : r.consultations;
      cursor = r.next_cursor;
      more.hidden = !cursor;
      draw();
    } catch (e) {
      clear(holder);
      holder.removeAttribute('aria-busy');
      showError(e, box, { destination: dest, risk_level: risk });
    }
  };
  more.addEventListener('click', () => busy(more, () => load(true)));
  const filter = h('form', { class: 'filters', novalidate: true },
    h('div', { class: 'filter-grid filter-grid-2' }, dest.el, risk.el),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn', text: t('common.search') })));
  filter.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(box, { dest, risk });
    load(false);
  });

  loadEnums().then(() => {
    for (const [v, l] of [['', t('prevention.any')], ...options('prevention_risk')]) {
      risk.input.appendChild(h('option', { value: v, text: l }));
    }
    return load(false);
  }).catch((e) => box.error(errorText(e)));

  return h('div', { class: 'page page-prevention' },
    h('div', { class: 'page-head' }, heading(t('prevention.heading')),
      h('a', { href: '#/prevention/new', class: 'btn btn-primary', 'data-action': 'new-prevention',
        text: t('prevention.new') })),
    h('p', { class: 'hint', text: t('prevention.intro') }),
    box.el,
    h('section', { class: 'card' }, filter),
    h('section', { class: 'card' }, holder, h('div', { class: 'actions actions-center' }, more)));
}

// ---- the form (new, or a correction of p)

function selectOf(id, name, kind, opts) {
  const o = opts || {};
  const list = (o.empty ? [['', o.empty]] : []).concat(options(kind));
  return field({ id, name, label: t('prevention.f_' + name), type: 'select', options: list, hint: o.hint });
}

function form(p, contactId, onSaved) {
  const box = notice();
  const now = Date.now();
  const f = {
    held_at: field({ id: 'pv-held-at', name: 'held_at', label: t('prevention.f_held_at'), type: 'datetime-local',
      value: toLocalInput(p ? Date.parse(p.held_at) : now), required: true }),
    lang: field({ id: 'pv-lang', name: 'lang', label: t('prevention.f_lang'), type: 'select',
      hint: t('prevention.lang_hint'), options: SHEET_LANGS.map((l) => [l, t('prevention.lang_' + l)]) }),
    destination: field({ id: 'pv-destination', name: 'destination', label: t('prevention.f_destination'),
      hint: t('prevention.destination_hint'), maxLength: 2, required: true, autocapitalize: 'characters' }),
    purpose: selectOf('pv-purpose', 'purpose', 'prevention_purpose'),
    sector: selectOf('pv-sector', 'sector', 'prevention_sector', { empty: t('prevention.not_given') }),
    offer_source: selectOf('pv-source', 'offer_source', 'offer_source', { empty: t('prevention.not_given') }),
    agency_name: field({ id: 'pv-agency', name: 'agency_name', label: t('prevention.f_agency_name'),
      hint: t('prevention.agency_hint'), maxLength: 200 }),
    agency_in_kraz: selectOf('pv-kraz', 'agency_in_kraz', 'kraz_status'),
    kraz_number: field({ id: 'pv-kraz-number', name: 'kraz_number', label: t('prevention.f_kraz_number'),
      hint: t('prevention.kraz_hint'), maxLength: 20, inputmode: 'numeric' }),
    fee_asked: selectOf('pv-fee', 'fee_asked', 'safe_mode'),
    fee_purpose: selectOf('pv-fee-purpose', 'fee_purpose', 'fee_purpose', { empty: t('prevention.not_given') }),
    contract_written: selectOf('pv-contract', 'contract_written', 'safe_mode'),
    contract_language_understood: selectOf('pv-contract-lang', 'contract_language_understood', 'safe_mode'),
    documents_kept_by: selectOf('pv-documents', 'documents_kept_by', 'documents_keeper'),
    accommodation: selectOf('pv-accommodation', 'accommodation', 'accommodation'),
    paid_before_departure: selectOf('pv-paid', 'paid_before_departure', 'safe_mode'),
    emergency_contacts_known: selectOf('pv-emergency', 'emergency_contacts_known', 'safe_mode'),
    notes: field({ id: 'pv-notes', name: 'notes', label: t('prevention.f_notes'), type: 'textarea',
      hint: t('prevention.notes_hint'), maxLength: 4000, rows: 3 }),
  };
  // what the checklist does not know yet is "unknown", as the API's default
  for (const k of YNU) f[k].input.value = 'unknown';
  f.agency_in_kraz.input.value = 'unknown';
  f.documents_kept_by.input.value = 'unknown';
  f.accommodation.input.value = 'unknown';
  const signals = h('fieldset', { class: 'field checks', id: 'pv-signals' },
    h('legend', { text: t('prevention.f_signals') }),
    options('prevention_signal').map(([v, l]) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', id: 'pv-signal-' + v, value: v, 'data-signal': v }), ' ', l)));

  if (p) {
    for (const [k, fl] of Object.entries(f)) {
      if (k === 'held_at') continue;
      fl.input.value = p[k] === null || p[k] === undefined ? '' : p[k];
    }
    for (const s of p.signals || []) {
      const el = signals.querySelector('[data-signal="' + s + '"]');
      if (el) el.checked = true;
    }
  }
  // the KRAZ number goes with an agency in the register, the fee's
  // purpose with a fee asked
  const sync = () => {
    f.kraz_number.el.hidden = f.agency_in_kraz.input.value !== 'yes';
    f.fee_purpose.el.hidden = f.fee_asked.input.value !== 'yes';
  };
  f.agency_in_kraz.input.addEventListener('change', sync);
  f.fee_asked.input.addEventListener('change', sync);
  sync();

  const read = () => {
    const body = {};
    const v = (k) => f[k].input.value.trim();
    const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)$/.exec(v('held_at'));
    if (m) body.held_at = isoWarsaw(fromWarsaw(+m[1], +m[2], +m[3], +m[4], +m[5]));
    body.lang = v('lang');
    body.destination = v('destination').toUpperCase();
    body.purpose = v('purpose');
    for (const k of ['sector', 'offer_source', 'agency_name', 'notes']) body[k] = v(k) === '' ? null : v(k);
    for (const k of ['agency_in_kraz', 'fee_asked', 'contract_written', 'contract_language_understood',
      'documents_kept_by', 'accommodation', 'paid_before_departure', 'emergency_contacts_known']) body[k] = v(k);
    body.kraz_number = body.agency_in_kraz === 'yes' && v('kraz_number') !== '' ? v('kraz_number') : null;
    body.fee_purpose = body.fee_asked === 'yes' && v('fee_purpose') !== '' ? v('fee_purpose') : null;
    body.signals = [...signals.querySelectorAll('input:checked')].map((el) => el.value);
    return body;
  };

  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'save-prevention',
    text: p ? t('common.save') : t('prevention.save_new') });
  const el = h('form', { class: 'prevention-form', novalidate: true },
    contactId ? h('p', { class: 'notice notice-info', 'data-contact': String(contactId) },
      t('prevention.from_contact', { id: contactId })) : null,
    h('fieldset', { class: 'form-group' }, h('legend', { text: t('prevention.group_trip') }),
      h('div', { class: 'form-grid' }, f.held_at.el, f.lang.el, f.destination.el, f.purpose.el, f.sector.el,
        f.offer_source.el)),
    h('fieldset', { class: 'form-group' }, h('legend', { text: t('prevention.group_agency') }),
      h('div', { class: 'form-grid' }, f.agency_name.el, f.agency_in_kraz.el, f.kraz_number.el, f.fee_asked.el,
        f.fee_purpose.el)),
    h('fieldset', { class: 'form-group' }, h('legend', { text: t('prevention.group_conditions') }),
      h('div', { class: 'form-grid' }, f.contract_written.el, f.contract_language_understood.el,
        f.documents_kept_by.el, f.accommodation.el, f.paid_before_departure.el, f.emergency_contacts_known.el)),
    signals, f.notes.el, box.el, h('div', { class: 'actions' }, save));
  el.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(box, f);
    const body = read();
    if (!/^[A-Z]{2}$/.test(body.destination)) {
      f.destination.setError(t('prevention.destination_hint'));
      f.destination.input.focus();
      box.error(t('error.form_has_errors'));
      return;
    }
    busy(save, async () => {
      try {
        let r;
        if (p) {
          body.version = p.version;
          r = await api.patch('/api/v1/prevention/' + p.id, body);
        } else {
          if (contactId) body.contact_id = contactId;
          r = await api.post('/api/v1/prevention', body);
        }
        onSaved(r.consultation);
      } catch (e) {
        if (e.status === 409) {
          box.error(t('prevention.conflict'));
          return;
        }
        showError(e, box, Object.assign({ signals: { setError: () => {}, input: signals } }, f));
      }
    });
  });
  return el;
}

function renderForm(p, contactId) {
  const holder = h('div', { class: 'card' }, h('p', { class: 'muted', text: t('common.loading') }));
  const box = notice();
  loadEnums().then(() => {
    clear(holder);
    holder.appendChild(form(p, contactId, (saved) => {
      announce(t('prevention.saved'));
      go('prevention/' + saved.id);
    }));
  }).catch((e) => box.error(errorText(e)));
  return h('div', { class: 'page page-narrow page-prevention-form' },
    h('a', { href: '#/prevention', class: 'back-link', text: t('prevention.back') }),
    h('div', { class: 'page-head' }, heading(t('prevention.new_heading'))),
    h('p', { class: 'hint', text: t('prevention.form_intro') }),
    box.el, holder);
}

// ---- one consultation

function assessmentPart(p) {
  const a = p.assessment;
  return h('section', { class: 'card prevention-assessment', 'data-risk-level': a.risk_level },
    h('h2', null, t('prevention.assessment'), ' ', riskBadge(a.risk_level)),
    h('p', { class: 'hint', text: t('prevention.rule_' + a.risk_level) }),
    h('h3', { class: 'h-small', text: t('prevention.flags') }),
    a.flags.length ? h('ul', { class: 'flag-list' }, a.flags.map((fl) => h('li', { 'data-flag': fl },
      label('prevention_flag', fl)))) : h('p', { class: 'muted', text: t('prevention.no_flags') }),
    a.open.length ? [h('h3', { class: 'h-small', text: t('prevention.open') }),
      h('ul', null, a.open.map((o) => h('li', { 'data-open': o }, t('prevention.open_' + o))))] : null);
}

function facts(p) {
  const row = (k, v) => h('div', { 'data-fact': k }, h('dt', { text: t('prevention.f_' + k) }), h('dd', { class: k === 'notes' ? 'prewrap' : '', text: v }));
  const yn = (k) => label('safe_mode', p[k]);
  return h('dl', { class: 'facts' },
    row('held_at', dateTime(p.held_at)),
    row('lang', t('prevention.lang_' + p.lang)),
    row('destination', country(p.destination)),
    row('purpose', label('prevention_purpose', p.purpose)),
    row('sector', p.sector ? label('prevention_sector', p.sector) : '—'),
    row('offer_source', p.offer_source ? label('offer_source', p.offer_source) : '—'),
    row('agency_name', p.agency_name || '—'),
    row('agency_in_kraz', label('kraz_status', p.agency_in_kraz) + (p.kraz_number ? ' · ' + p.kraz_number : '')),
    row('fee_asked', yn('fee_asked') + (p.fee_purpose ? ' · ' + label('fee_purpose', p.fee_purpose) : '')),
    row('contract_written', yn('contract_written')),
    row('contract_language_understood', yn('contract_language_understood')),
    row('documents_kept_by', label('documents_keeper', p.documents_kept_by)),
    row('accommodation', label('accommodation', p.accommodation)),
    row('paid_before_departure', yn('paid_before_departure')),
    row('emergency_contacts_known', yn('emergency_contacts_known')),
    row('signals', p.signals.length ? p.signals.map((s) => label('prevention_signal', s)).join(', ') : '—'),
    row('notes', p.notes || '—'),
    p.contact_id ? h('div', { 'data-fact': 'contact' }, h('dt', { text: t('prevention.contact') }),
      h('dd', null, h('a', { href: '#/contacts/' + p.contact_id, text: '#' + p.contact_id }))) : null,
    row('held_by', p.held_by ? p.held_by.username : '—'));
}

function renderOne(id) {
  const box = notice();
  const titleEl = heading(t('prevention.one_heading'));
  const holder = h('div', { class: 'stack', 'aria-busy': 'true' }, h('p', { class: 'muted', text: t('common.loading') }));

  const show = (p) => {
    clear(holder);
    holder.removeAttribute('aria-busy');
    titleEl.textContent = t('prevention.one_of', { destination: country(p.destination), time: dateTime(p.held_at) });
    const edit = h('button', { type: 'button', class: 'btn', 'data-action': 'edit-prevention', text: t('prevention.edit') });
    edit.addEventListener('click', () => {
      clear(holder);
      holder.append(h('section', { class: 'card' }, h('h2', { text: t('prevention.edit') }), form(p, null, (saved) => {
        box.success(t('prevention.corrected'));
        show(saved);
        titleEl.focus();
      })));
    });
    holder.append(
      assessmentPart(p),
      h('div', { class: 'actions' },
        h('a', { href: '#/advice/' + p.id + '-' + p.lang, class: 'btn btn-primary', 'data-action': 'advice-sheet',
          text: t('prevention.sheet') }), edit),
      h('section', { class: 'card' }, h('h2', { text: t('prevention.answers') }), facts(p)));
  };

  loadEnums().then(() => api.get('/api/v1/prevention/' + encodeURIComponent(id))).then((r) => show(r.consultation))
    .catch((e) => {
      clear(holder);
      holder.removeAttribute('aria-busy');
      box.error(e.status === 404 ? t('prevention.not_found') : errorText(e));
    });

  return h('div', { class: 'page page-narrow page-prevention-one' },
    h('a', { href: '#/prevention', class: 'back-link', text: t('prevention.back') }),
    h('div', { class: 'page-head' }, titleEl),
    box.el, holder);
}
