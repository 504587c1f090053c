// Referrals of a case to organisations of the directory, on the case page:
// the list with each referral's status, the data shared and the consent it
// relied on (flagged when that consent was withdrawn), the status changes
// the lifecycle allows (sent → accepted | declined, accepted → completed)
// with an outcome, and a new referral.  The form says, before sending,
// which consent covers the referral — or that none does, with a shortcut
// to record one — since personal data never go out without it.

import * as api from './api.js';
import { t } from './i18n.js';
import {
  h, clear, field, notice, errorText, busy, showError, clearErrors,
} from './dom.js';
import { label, options } from './hotline.js';
import { dateText, dateTimeText, today } from './casefile.js';
import { orgPicker } from './orgpicker.js';
import { consentForm } from './consents.js';

const NEXT = { sent: ['accepted', 'declined'], accepted: ['completed'] };

// The time line's texts of referrals and consents, in the reader's language.
export function referralEventText(ev) {
  const text = String(ev.text);
  let m = /^referral ([a-z_]+) to (.+): ([a-z_]+)$/.exec(text);
  if (ev.kind === 'referral' && m) {
    return t('referral.event', { purpose: label('referral_purpose', m[1]), org: m[2], status: label('referral_status', m[3]) });
  }
  m = /^consent withdrawn: referral ([a-z_]+) to (.+) flagged$/.exec(text);
  if (ev.kind === 'consent' && m) {
    return t('referral.event_withdrawn', { purpose: label('referral_purpose', m[1]), org: m[2] });
  }
  return text;
}

function statusBadge(s) {
  const cls = { sent: 'badge-calm', accepted: 'badge-ok', declined: 'badge-off', completed: 'badge-ok' }[s] || 'badge-calm';
  return h('span', { class: ['badge', cls], 'data-referral-status': s, text: label('referral_status', s) });
}

// The referrals part of a case page.  opts.onChange() after a change (the
// case's version moved, its time line grew).  Returns {el, draw(case)}.
export function referralsPart(caseId, opts = {}) {
  const el = h('section', { class: 'card', id: 'case-referrals', 'aria-labelledby': 'crefs-title', hidden: true });
  const box = notice();
  const list = h('div', { class: 'referral-list', 'aria-busy': 'true' });
  const formHolder = h('div', { class: 'referral-form-holder' });
  const add = h('button', { type: 'button', class: 'btn', 'data-action': 'new-referral', 'aria-expanded': 'false', text: t('referral.new') });
  let c = null;
  let refs = null;
  let built = false;

  const path = (more) => '/api/v1/cases/' + encodeURIComponent(caseId) + (more || '');
  const changed = () => { if (opts.onChange) opts.onChange(); };

  const statusActions = (r, item) => {
    const next = NEXT[r.status] || [];
    const abox = notice();
    const outcome = field({ id: 'ro-' + r.id, label: t('referral.outcome'), type: 'textarea', rows: 2, maxLength: 2000, value: r.outcome || '' });
    const buttons = next.map((to) => {
      const b = h('button', { type: 'button', class: to === 'declined' ? 'btn btn-small btn-danger-quiet' : 'btn btn-small', 'data-action': 'referral-' + to, text: t('referral.to_' + to) });
      b.addEventListener('click', () => busy(b, async () => {
        try {
          const body = { version: r.version, status: to };
          const o = outcome.input.value.trim();
          if (o !== (r.outcome || '')) body.outcome = o || null;
          await api.patch('/api/v1/referrals/' + encodeURIComponent(r.id), body);
          await load();
          box.success(t('referral.moved', { status: label('referral_status', to) }));
          changed();
        } catch (e) {
          if (e.status === 409) {
            await load();
            box.error(t('referral.conflict'));
          } else abox.error(errorText(e));
        }
      }));
      return b;
    });
    const save = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'referral-outcome', text: t('referral.save_outcome') });
    save.addEventListener('click', () => busy(save, async () => {
      try {
        await api.patch('/api/v1/referrals/' + encodeURIComponent(r.id), { version: r.version, outcome: outcome.input.value.trim() || null });
        await load();
        box.success(t('referral.outcome_saved'));
        changed();
      } catch (e) {
        abox.error(e.status === 409 ? t('referral.conflict') : errorText(e));
      }
    }));
    item.append(h('details', { class: 'referral-edit' },
      h('summary', { text: next.length ? t('referral.change') : t('referral.outcome') }),
      h('div', { class: 'stack' }, outcome.el, abox.el, h('div', { class: 'actions' }, buttons, save))));
  };

  const drawList = () => {
    clear(list);
    list.removeAttribute('aria-busy');
    if (!refs.length) {
      list.appendChild(h('p', { class: 'muted', 'data-referrals-none': '', text: t('referral.none') }));
      return;
    }
    list.appendChild(h('ul', { class: 'items referral-items' }, refs.map((r) => {
      const facts = [
        [t('referral.sent'), dateText(r.sent_on) + (r.sent_by ? ' · ' + r.sent_by.username : '')],
        [t('referral.data'), r.carries_personal_data ? r.data_shared.map((d) => label('data_category', d)).join(', ') : t('referral.no_personal_data')],
        r.consent ? [t('referral.consent'), label('consent_purpose', r.consent.purpose) + ', ' + t('consent.given_on_short', { date: dateText(r.consent.given_on) })] : null,
        r.status !== 'sent' ? [t('referral.status_at'), dateTimeText(r.status_at) + (r.status_by ? ' · ' + r.status_by.username : '')] : null,
        r.notes ? [t('referral.notes'), r.notes] : null,
        r.outcome ? [t('referral.outcome'), r.outcome] : null,
      ].filter(Boolean);
      const item = h('li', { class: ['item', 'referral-item', r.consent_withdrawn_at ? 'referral-flagged' : ''], 'data-referral': String(r.id) },
        h('p', { class: 'item-head' },
          h('strong', { text: label('referral_purpose', r.purpose) }), ' → ',
          h('a', { href: '#/directory/' + encodeURIComponent(r.organisation.id), text: r.organisation.name }),
          ' ', statusBadge(r.status)),
        r.consent_withdrawn_at ? h('p', { class: 'callout callout-warn', 'data-flagged': '', role: 'note', text: t('referral.flagged', { at: dateTimeText(r.consent_withdrawn_at) }) }) : null,
        h('dl', { class: 'facts referral-facts' }, facts.map(([dt, dd]) => h('div', null, h('dt', { text: dt }), h('dd', { class: 'prewrap', text: dd })))));
      statusActions(r, item);
      return item;
    })));
  };

  const load = async () => {
    try {
      const r = await api.get(path('/referrals'));
      refs = Array.isArray(r.referrals) ? r.referrals : [];
      drawList();
    } catch (e) {
      clear(list);
      list.removeAttribute('aria-busy');
      box.error(errorText(e));
    }
  };

  // ---- a new referral

  const newForm = () => {
    const fbox = notice();
    const coverBox = h('div', { class: 'referral-cover', 'aria-live': 'polite', 'data-cover': '' });
    const consentHolder = h('div', { class: 'referral-consent-holder' });
    const org = orgPicker({ id: 'rf-org', label: t('referral.organisation'), onChange: () => check() });
    const purpose = field({ id: 'rf-purpose', label: t('referral.purpose'), type: 'select', options: options('referral_purpose') });
    const sent = field({ id: 'rf-sent', label: t('referral.sent_on'), type: 'date', value: today(), max: today() });
    const withData = h('input', { type: 'radio', name: 'rf-personal', id: 'rf-personal-yes', value: 'yes', checked: true });
    const noData = h('input', { type: 'radio', name: 'rf-personal', id: 'rf-personal-no', value: 'no' });
    const personal = h('fieldset', { class: 'choices', 'data-personal': '' },
      h('legend', { text: t('referral.personal') }),
      h('div', { class: 'check' }, withData, h('label', { for: 'rf-personal-yes', text: t('referral.personal_yes') })),
      h('div', { class: 'check' }, noData, h('label', { for: 'rf-personal-no', text: t('referral.personal_no') })));
    const cats = options('data_category').map(([code, text]) => {
      const box2 = h('input', { type: 'checkbox', id: 'rf-data-' + code, value: code });
      return { code, box: box2, el: h('div', { class: 'check' }, box2, h('label', { for: 'rf-data-' + code, text })) };
    });
    const dataErr = h('p', { class: 'field-error', id: 'rf-data-error', hidden: true });
    const data = h('fieldset', { class: 'choices referral-data', 'data-shared': '' },
      h('legend', { text: t('referral.data_shared') }), h('div', { class: 'choice-grid' }, cats.map((x) => x.el)), dataErr);
    const notes = field({ id: 'rf-notes', label: t('referral.notes'), hint: t('referral.notes_hint'), type: 'textarea', rows: 2, maxLength: 2000 });
    const send = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'send-referral', text: t('referral.send') });
    const cancel = h('button', { type: 'button', class: 'btn btn-link', text: t('common.cancel') });
    let covered = null;

    const isPersonal = () => withData.checked;

    // What the server says about the consent this referral would rely on.
    async function check() {
      fbox.clear();
      clear(coverBox);
      clear(consentHolder);
      covered = null;
      data.hidden = !isPersonal();
      const o = org.value();
      if (!o) return;
      if (!isPersonal()) {
        coverBox.appendChild(h('p', { class: 'callout callout-ok', 'data-cover-state': 'none-needed', text: t('referral.cover_none_needed') }));
        covered = true;
        return;
      }
      try {
        const r = await api.get(path('/referral-consent') + api.query({ organisation_id: o.id, carries_personal_data: 'true', sent_on: sent.input.value || today() }));
        covered = r.covered;
        if (r.covered && r.consent) {
          coverBox.appendChild(h('p', { class: 'callout callout-ok', 'data-cover-state': 'covered', 'data-consent-id': String(r.consent.id) },
            t('referral.cover_ok', { what: label('consent_purpose', r.consent.purpose) + (r.consent.organisation ? ': ' + r.consent.organisation.name : ''), date: dateText(r.consent.given_on) })));
          return;
        }
        const record = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'record-consent', text: t('referral.record_consent') });
        record.addEventListener('click', () => {
          clear(consentHolder);
          const f = consentForm({
            personId: c.person.id, prefix: 'rc', purpose: r.needs === 'law_enforcement' ? 'law_enforcement' : 'referral', org: o,
            onSaved: () => { clear(consentHolder); check(); record.focus(); },
            onCancel: () => { clear(consentHolder); record.focus(); },
          });
          consentHolder.appendChild(h('div', { class: 'card-inner' }, h('h4', { text: t('referral.record_consent_title', { pseudonym: c.person.pseudonym }) }), f.el));
          f.focus();
        });
        coverBox.appendChild(h('div', { class: 'callout callout-warn', 'data-cover-state': 'missing', role: 'note' },
          h('p', { text: r.needs === 'law_enforcement' ? t('referral.cover_missing_law') : t('referral.cover_missing') }),
          h('div', { class: 'actions' }, record)));
      } catch (e) {
        coverBox.appendChild(h('p', { class: 'muted', text: errorText(e) }));
      }
    }

    withData.addEventListener('change', check);
    noData.addEventListener('change', check);
    sent.input.addEventListener('change', check);

    const form = h('form', { class: 'stack referral-form', novalidate: true, 'aria-labelledby': 'rf-title' },
      h('h3', { id: 'rf-title', text: t('referral.new_title') }),
      org.el,
      h('div', { class: 'form-grid' }, purpose.el, sent.el),
      personal, data, coverBox, consentHolder, notes.el, fbox.el,
      h('div', { class: 'actions' }, send, cancel));
    const close = () => {
      clear(formHolder);
      add.setAttribute('aria-expanded', 'false');
      add.focus();
    };
    cancel.addEventListener('click', close);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const fields = { organisation_id: org, purpose, sent_on: sent, notes };
      clearErrors(fbox, fields);
      dataErr.hidden = true;
      const o = org.value();
      if (!o) {
        org.setError(t('referral.organisation_needed'));
        org.focus();
        fbox.error(t('error.form_has_errors'));
        return;
      }
      const body = {
        organisation_id: o.id, purpose: purpose.input.value, sent_on: sent.input.value || null,
        carries_personal_data: isPersonal(),
        data_shared: isPersonal() ? cats.filter((x) => x.box.checked).map((x) => x.code) : [],
        notes: notes.input.value.trim() || null,
      };
      if (isPersonal() && !body.data_shared.length) {
        dataErr.textContent = t('referral.data_needed');
        dataErr.hidden = false;
        cats[0].box.focus();
        fbox.error(t('error.form_has_errors'));
        return;
      }
      busy(send, async () => {
        try {
          await api.post(path('/referrals'), body);
          clear(formHolder);
          add.setAttribute('aria-expanded', 'false');
          await load();
          box.success(t('referral.sent_done', { org: o.name }));
          changed();
          add.focus();
        } catch (e) {
          if (e.field === 'consent') {
            await check();
            fbox.error(t('referral.refused_consent'));
          } else if (e.field === 'data_shared') {
            dataErr.textContent = t('referral.data_needed');
            dataErr.hidden = false;
            fbox.error(t('error.form_has_errors'));
          } else showError(e, fbox, fields, { sent_on: t('referral.sent_bad'), organisation_id: t('referral.organisation_bad') });
        }
      });
    });
    check();
    return { form, focus: () => org.focus() };
  };

  add.addEventListener('click', () => {
    box.clear();
    if (formHolder.firstChild) {
      clear(formHolder);
      add.setAttribute('aria-expanded', 'false');
      return;
    }
    const f = newForm();
    formHolder.appendChild(f.form);
    add.setAttribute('aria-expanded', 'true');
    f.focus();
  });

  const draw = (theCase) => {
    c = theCase;
    if (!c || c.restricted) {
      el.hidden = true;
      return;
    }
    el.hidden = false;
    if (!built) {
      built = true;
      el.append(
        h('div', { class: 'card-head' }, h('h2', { id: 'crefs-title', tabIndex: -1, text: t('referral.title') }), add),
        h('p', { class: 'muted small', text: t('referral.lead') }),
        box.el, formHolder, list);
    }
    if (refs === null) load();
  };

  return { el, draw, reload: load };
}
