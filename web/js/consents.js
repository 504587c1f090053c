// The consent ledger of a person, on the person page: every consent with
// its state today (valid, expired, withdrawn), recording one, and
// withdrawing one — which flags the referrals that relied on it and gives
// their cases' key consultants a task.  The form to record a consent is
// also offered by the referral form when no consent covers a referral.

import * as api from './api.js';
import { t } from './i18n.js';
import {
  h, clear, field, notice, errorText, busy, showError, clearErrors, announce,
} from './dom.js';
import { loadEnums, label, options } from './hotline.js';
import { dateText, dateTimeText, today } from './casefile.js';
import { orgPicker } from './orgpicker.js';

const STATE_BADGE = { valid: 'badge-ok', expired: 'badge-off', withdrawn: 'badge-warn', not_yet: 'badge-calm' };

export function consentStateBadge(state) {
  return h('span', { class: ['badge', STATE_BADGE[state] || 'badge-calm'], 'data-consent-state': state, text: t('consent.state_' + state) });
}

// A consent in a few words: "Skierowanie do wskazanej organizacji: X, 12.03.2026".
export function consentText(k) {
  const org = k.organisation ? ': ' + k.organisation.name : '';
  return label('consent_purpose', k.purpose) + org + ', ' + t('consent.given_on_short', { date: dateText(k.given_on) });
}

// The form of a new consent.  opts: {personId, prefix, purpose, org,
// onSaved(consent), onCancel()}.  Returns {el, focus()}.
export function consentForm(opts) {
  const p = opts.prefix || 'cf';
  const box = notice();
  const purpose = field({ id: p + '-purpose', label: t('consent.purpose'), type: 'select', options: options('consent_purpose'), value: opts.purpose || 'data_processing' });
  const org = orgPicker({ id: p + '-org', label: t('consent.organisation'), hint: t('consent.organisation_hint'), value: opts.org || null });
  const given = field({ id: p + '-given', label: t('consent.given_on'), type: 'date', value: today(), max: today() });
  const method = field({ id: p + '-method', label: t('consent.method'), type: 'select', options: options('consent_method'), value: 'written' });
  const expires = field({ id: p + '-expires', label: t('consent.expires_on'), hint: t('consent.expires_hint'), type: 'date' });
  const notes = field({ id: p + '-notes', label: t('consent.notes'), hint: t('consent.notes_hint'), type: 'textarea', rows: 2, maxLength: 2000 });
  const fields = { purpose, organisation_id: org, given_on: given, method, expires_on: expires, notes };
  const syncOrg = () => {
    const v = purpose.input.value;
    org.el.hidden = !(v === 'referral' || v === 'law_enforcement');
  };
  purpose.input.addEventListener('change', syncOrg);
  syncOrg();

  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'save-consent', text: t('consent.save') });
  const cancel = h('button', { type: 'button', class: 'btn btn-link', text: t('common.cancel') });
  cancel.addEventListener('click', () => opts.onCancel && opts.onCancel());
  const form = h('form', { class: 'stack consent-form', novalidate: true, 'data-consent-form': '' },
    h('div', { class: 'form-grid' }, purpose.el, method.el),
    org.el,
    h('div', { class: 'form-grid' }, given.el, expires.el),
    notes.el, box.el,
    h('div', { class: 'actions' }, save, cancel));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(box, fields);
    const body = {
      purpose: purpose.input.value, method: method.input.value, given_on: given.input.value,
      expires_on: expires.input.value || null, notes: notes.input.value.trim() || null,
    };
    if (!org.el.hidden && org.value()) body.organisation_id = org.value().id;
    if (body.purpose === 'referral' && !body.organisation_id) {
      org.setError(t('consent.organisation_needed'));
      org.focus();
      box.error(t('error.form_has_errors'));
      return;
    }
    if (!body.given_on) {
      given.setError(t('consent.given_needed'));
      given.input.focus();
      box.error(t('error.form_has_errors'));
      return;
    }
    busy(save, async () => {
      try {
        const r = await api.post('/api/v1/persons/' + encodeURIComponent(opts.personId) + '/consents', body);
        opts.onSaved(r.consent);
      } catch (e) {
        showError(e, box, fields, {
          given_on: t('consent.given_bad'), expires_on: t('consent.expires_bad'),
          organisation_id: t('consent.organisation_bad'),
        });
      }
    });
  });
  return { el: form, focus: () => purpose.input.focus() };
}

// The ledger section of person personId.  Returns the section; it loads
// itself (a person whose every case is sealed: the section says so).
export function consentLedger(personId) {
  const box = notice();
  const list = h('div', { class: 'consent-list', 'aria-busy': 'true' }, h('p', { class: 'muted', text: t('common.loading') }));
  const formHolder = h('div', { class: 'consent-form-holder' });
  const add = h('button', { type: 'button', class: 'btn', 'data-action': 'new-consent', text: t('consent.new') });
  let consents = [];

  const path = (more) => '/api/v1/persons/' + encodeURIComponent(personId) + '/consents' + (more || '');

  const withdrawForm = (k, item, button) => {
    const old = item.querySelector('.withdraw-form');
    if (old) {
      old.remove();
      return;
    }
    const wbox = notice();
    const on = field({ id: 'cw-on-' + k.id, label: t('consent.withdrawn_on'), type: 'date', value: today(), max: today() });
    const note = field({ id: 'cw-note-' + k.id, label: t('consent.withdraw_note'), type: 'textarea', rows: 2, maxLength: 2000 });
    const yes = h('button', { type: 'submit', class: 'btn btn-danger', 'data-action': 'withdraw-yes', text: t('consent.withdraw_yes') });
    const no = h('button', { type: 'button', class: 'btn btn-link', text: t('common.cancel') });
    const f = h('form', { class: 'stack withdraw-form', novalidate: true },
      h('p', { class: 'confirm-q', text: k.referrals ? t('consent.withdraw_q_refs', { n: k.referrals }) : t('consent.withdraw_q') }),
      h('div', { class: 'form-grid' }, on.el, note.el), wbox.el, h('div', { class: 'actions' }, yes, no));
    no.addEventListener('click', () => { f.remove(); button.focus(); });
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      busy(yes, async () => {
        try {
          const r = await api.post(path('/' + encodeURIComponent(k.id) + '/withdraw'),
            { withdrawn_on: on.input.value || null, note: note.input.value.trim() || null });
          const n = (r.flagged || []).length;
          await load();
          box.success(n ? t('consent.withdrawn_flagged', { n, refs: r.flagged.map((x) => x.case.reference).join(', ') }) : t('consent.withdrawn_done'));
          announce(t('consent.withdrawn_done'));
        } catch (e) {
          showError(e, wbox, { withdrawn_on: on }, { withdrawn_on: t('consent.withdrawn_bad') });
        }
      });
    });
    item.appendChild(f);
    on.input.focus();
  };

  const draw = () => {
    clear(list);
    list.removeAttribute('aria-busy');
    if (!consents.length) {
      list.appendChild(h('p', { class: 'muted', 'data-consents-none': '', text: t('consent.none') }));
      return;
    }
    list.appendChild(h('ul', { class: 'items consent-items' }, consents.map((k) => {
      const facts = [
        [t('consent.given_on'), dateText(k.given_on) + ' · ' + label('consent_method', k.method)],
        k.expires_on ? [t('consent.expires_on'), dateText(k.expires_on)] : null,
        [t('consent.recorded'), (k.recorded_by ? k.recorded_by.username + ', ' : '') + dateTimeText(k.recorded_at)],
        k.withdrawn_on ? [t('consent.withdrawn_on'), dateText(k.withdrawn_on) + (k.withdrawn_by ? ' · ' + k.withdrawn_by.username : '')] : null,
        k.referrals ? [t('consent.referrals'), String(k.referrals)] : null,
        k.notes ? [t('consent.notes'), k.notes] : null,
        k.withdrawal_note ? [t('consent.withdraw_note'), k.withdrawal_note] : null,
      ].filter(Boolean);
      const item = h('li', { class: 'item consent-item', 'data-consent': String(k.id), 'data-purpose': k.purpose },
        h('p', { class: 'item-head' },
          h('strong', { text: label('consent_purpose', k.purpose) }),
          k.organisation ? h('span', null, ' — ', h('a', { href: '#/directory/' + encodeURIComponent(k.organisation.id), text: k.organisation.name })) : null,
          ' ', consentStateBadge(k.state)),
        h('dl', { class: 'facts consent-facts' }, facts.map(([dt, dd]) => h('div', null, h('dt', { text: dt }), h('dd', { class: 'prewrap', text: dd })))));
      if (k.state !== 'withdrawn') {
        const w = h('button', { type: 'button', class: 'btn btn-small btn-danger-quiet', 'data-action': 'withdraw', text: t('consent.withdraw') });
        w.addEventListener('click', () => withdrawForm(k, item, w));
        item.appendChild(h('div', { class: 'item-actions' }, w));
      }
      return item;
    })));
  };

  const load = async () => {
    try {
      const r = await api.get(path());
      consents = Array.isArray(r.consents) ? r.consents : [];
      draw();
      add.hidden = r.person && r.person.merged;
    } catch (e) {
      clear(list);
      list.removeAttribute('aria-busy');
      add.hidden = true;
      if (e.status === 403) list.appendChild(h('p', { class: 'muted', text: t('consent.no_access') }));
      else box.error(errorText(e));
    }
  };

  add.addEventListener('click', () => {
    box.clear();
    if (formHolder.firstChild) {
      clear(formHolder);
      add.setAttribute('aria-expanded', 'false');
      return;
    }
    const f = consentForm({
      personId, prefix: 'pc',
      onSaved: async (k) => {
        clear(formHolder);
        add.setAttribute('aria-expanded', 'false');
        await load();
        box.success(t('consent.saved', { what: consentText(k) }));
        add.focus();
      },
      onCancel: () => { clear(formHolder); add.setAttribute('aria-expanded', 'false'); add.focus(); },
    });
    formHolder.appendChild(h('div', { class: 'card-inner' }, h('h3', { text: t('consent.new_title') }), f.el));
    add.setAttribute('aria-expanded', 'true');
    f.focus();
  });

  loadEnums().then(load).catch((e) => box.error(errorText(e)));
  return h('section', { class: 'card', id: 'person-consents', 'aria-labelledby': 'pp-consents-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'pp-consents-title', tabIndex: -1, text: t('consent.title') }), add),
    h('p', { class: 'muted small', text: t('consent.lead') }),
    box.el, formHolder, list);
}

