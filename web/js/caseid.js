// Identification and safety on the case page (docs/API-screening.md): the
// screenings of the case (a new one on the list suggested for the person,
// and the history), the safety and risk assessment (the form with a preview
// of the level, and the history), the alert a high risk raises, and the
// stricter standard of care that provisional identification switches on.

import * as api from './api.js';
import { t } from './i18n.js';
import {
  h, clear, field, notice, errorText, showError, busy, announce,
} from './dom.js';
import { label } from './hotline.js';
import { dateTimeText } from './casefile.js';
import {
  LISTS, RISK_QUESTIONS, listName, verdictBadge, riskBadge, levelName, highRisk, suggestedList, riskLevel,
  screeningHref,
} from './screening.js';

// A link to a part of the page: the page's hash stays the route's.
export function jumpLink(targetId, text, attrs) {
  const a = h('a', Object.assign({ href: window.location.hash || '#', text }, attrs || {}));
  a.addEventListener('click', (ev) => {
    ev.preventDefault();
    const el = document.getElementById(targetId);
    if (!el) return;
    el.scrollIntoView({ block: 'start' });
    const focusable = el.matches('h1, h2, h3, [tabindex]') ? el : el.querySelector('h2, h3, button, a');
    if (focusable) focusable.focus({ preventScroll: true });
  });
  return a;
}

const pwStatus = (c, item) => {
  const it = (c.pathway || []).find((x) => x.item === item);
  return it ? it.status : null;
};

function pwChip(c, item) {
  const st = pwStatus(c, item);
  return h('span', { class: 'care-item', 'data-care-item': item, 'data-item-status': st || '' },
    jumpLink('pw-' + item, label('pathway_item', item)), ' ',
    h('span', {
      class: ['badge', 'pw-chip', 'pw-chip-' + (st || 'none')],
      text: st ? label('pathway_status', st) : t('pathway.not_assessed'),
    }));
}

// ---- the alert of a high or critical risk, at the top of the case

export function riskAlert(c) {
  if (!highRisk(c.risk_level)) return null;
  return h('div', { class: ['callout', 'risk-alert', 'risk-alert-' + c.risk_level], role: 'note', 'data-risk-alert': c.risk_level },
    h('p', { class: 'confirm-q' }, riskBadge(c.risk_level), ' ', t('risk.alert_title', { level: levelName(c.risk_level) })),
    h('p', { text: t('risk.alert_text') }),
    h('p', { class: 'care-items' }, ['safety_liberation', 'safety_separation', 'safety_place', 'health_immediate']
      .map((item) => pwChip(c, item))));
}

// ---- the stricter standard of care (provisional identification, identified)

const CARE = [
  ['safety', ['safety_liberation', 'safety_separation', 'safety_place']],
  ['accommodation', ['accommodation']],
  ['health', ['health_immediate', 'health_physical', 'health_mental']],
  ['legal', ['legal_criminal', 'legal_residence']],
  ['interpretation', ['interpretation']],
  ['decisions', ['decision_cooperation', 'decision_family', 'decision_return']],
];

export function carePanel(c) {
  if (c.status !== 'provisional_identification' && c.status !== 'identified') return null;
  return h('section', { class: 'card care-panel', id: 'care', 'data-care': c.status, 'aria-labelledby': 'care-title' },
    h('h2', { id: 'care-title', tabIndex: -1, text: t('care.title') }),
    h('p', { class: 'care-lead', text: t('care.lead', { status: label('case_status', c.status) }) }),
    h('ol', { class: 'care-list' }, CARE.map(([key, items]) => h('li', { 'data-care': key },
      h('p', { class: 'care-what' }, h('strong', { text: t('care.' + key + '_title') }), ' ', t('care.' + key + '_text')),
      h('p', { class: 'care-items' }, items.map((item) => pwChip(c, item)))))),
    h('p', { class: 'care-foot' }, jumpLink('pathway', t('care.to_pathway'), { 'data-action': 'care-pathway' })));
}

// ---- screenings: a new one, and the history

export function drawScreenings(el, c, screenings) {
  const kept = keepInputs(el);
  clear(el);
  el.hidden = false;
  const sbox = notice();
  const suggested = suggestedList(c);
  const list = field({
    id: 'sc-new-list', name: 'list', type: 'select', label: t('screening.list'),
    options: LISTS.map((l) => [l, listName(l)]), value: suggested,
    hint: t('screening.suggested', { list: listName(suggested) }),
  });
  const start = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'new-screening', text: t('screening.new') });
  const form = h('form', { class: 'inline-form new-screening', novalidate: true }, list.el, h('div', { class: 'actions' }, start));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    sbox.clear();
    list.clearError();
    busy(start, async () => {
      try {
        const r = await api.post('/api/v1/cases/' + encodeURIComponent(c.id) + '/screenings', { list: list.input.value });
        window.location.hash = screeningHref(c.id, r.screening.id);
      } catch (e) {
        showError(e, sbox, { list });
      }
    });
  });

  let hist;
  if (screenings === null) hist = h('p', { class: 'muted', text: t('common.loading') });
  else if (screenings.length === 0) hist = h('p', { class: 'muted empty', text: t('screening.none') });
  else {
    const rows = screenings.map((sc) => {
      const drafted = sc.status === 'draft';
      const tool = sc.result ? sc.result.verdict : sc.verdict || null;
      const agrees = drafted ? null : (sc.agrees === null || sc.agrees === undefined ? sc.conclusion === tool : sc.agrees);
      return h('tr', { 'data-screening': String(sc.id), 'data-status': sc.status },
        h('th', { scope: 'row', 'data-label': t('screening.h_date') },
          h('span', { class: 'nowrap sh-date', text: dateTimeText(drafted ? sc.updated_at || sc.created_at : sc.completed_at || sc.created_at) }),
          h('span', { class: 'sh-list muted', text: listName(sc.list) })),
        h('td', { 'data-label': t('screening.h_tool'), 'data-col': 'tool' }, tool ? verdictBadge(tool) : '—'),
        h('td', { 'data-label': t('screening.h_conclusion'), 'data-col': 'conclusion' },
          drafted ? h('span', { class: 'badge screening-status screening-draft', text: t('screening.status_draft') })
            : h('span', { class: 'sh-conclusion' },
              sc.conclusion ? verdictBadge(sc.conclusion, { 'data-conclusion': sc.conclusion }) : '—',
              agrees === null ? null : h('span', { 'data-col': 'agrees' }, h('span', {
                class: ['badge', agrees ? 'badge-ok' : 'badge-warn'], 'data-agrees': agrees ? 'true' : 'false',
                text: agrees ? t('screening.agrees') : t('screening.disagrees'),
              })))),
        h('td', { 'data-label': '', class: 'sh-open' }, h('a', {
          href: screeningHref(c.id, sc.id), class: ['btn', 'btn-small', drafted ? 'btn-primary' : ''],
          'data-action': drafted ? 'continue-screening' : 'open-screening', 'data-screening-link': String(sc.id),
          text: drafted ? t('screening.continue') : t('screening.open'),
        })));
    });
    hist = h('div', { class: 'table-scroll' }, h('table', { class: 'table table-cards table-compact screening-history' },
      h('caption', { class: 'visually-hidden', text: t('screening.history') }),
      h('thead', null, h('tr', null, ['h_date', 'h_tool', 'h_conclusion'].map((k) =>
        h('th', { scope: 'col', text: t('screening.' + k) })), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden', text: t('screening.h_open') })))),
      h('tbody', null, rows)));
  }
  el.append(
    h('h2', { id: 'cscreen-title', tabIndex: -1, text: t('screening.section') }),
    h('p', { class: 'hint', text: t('screening.section_hint') }),
    form, sbox.el,
    h('h3', { class: 'h-small', text: t('screening.history') }),
    hist);
  putInputs(el, kept);
}

// ---- the safety and risk assessment

const YNU = ['yes', 'no', 'unknown'];

function radioGroup(name, legend, values, textOf, opts = {}) {
  const err = h('p', { class: 'field-error', id: name + '-error', hidden: true });
  const inputs = values.map((v) => {
    const id = name + '-' + v;
    return h('input', { type: 'radio', name, id, value: String(v), checked: opts.value === v });
  });
  const el = h('fieldset', { class: ['group', 'radio-row', opts.class], 'data-question': opts.code || name, 'aria-describedby': name + '-error' },
    h('legend', { text: legend }),
    opts.hint ? h('p', { class: 'hint', text: opts.hint }) : null,
    h('div', { class: 'radio-choices' }, inputs.map((input, i) => h('span', { class: 'choice' }, input,
      h('label', { for: input.id, text: textOf(values[i]) })))),
    err);
  const g = {
    el, inputs,
    value() {
      const on = inputs.find((x) => x.checked);
      return on ? on.value : '';
    },
    setError(text) {
      err.textContent = text;
      err.hidden = false;
      el.classList.add('has-error');
    },
    clearError() {
      err.hidden = true;
      err.textContent = '';
      el.classList.remove('has-error');
    },
    focus() {
      (inputs.find((x) => x.checked) || inputs[0]).focus();
    },
  };
  // showError() focuses g.input
  g.input = { focus: () => g.focus() };
  for (const i of inputs) i.addEventListener('change', () => g.clearError());
  return g;
}

// What was typed or chosen in a part of the page, to put back when the part
// is drawn again (the case was read again meanwhile).
function keepInputs(el) {
  const v = {};
  for (const i of el.querySelectorAll('input, textarea, select')) {
    if (!i.id) continue;
    v[i.id] = i.type === 'radio' || i.type === 'checkbox' ? i.checked : i.value;
  }
  const d = el.querySelector('details');
  return { v, open: d && el.dataset.touched === '1' ? d.open : null };
}

function putInputs(el, kept) {
  for (const [id, val] of Object.entries(kept.v)) {
    const i = el.querySelector('#' + CSS.escape(id));
    if (!i) continue;
    if (i.type === 'radio' || i.type === 'checkbox') i.checked = val;
    else i.value = val;
  }
  const d = el.querySelector('details');
  if (d && kept.open !== null) d.open = kept.open;
}

export function drawRisk(el, c, assessments, { onSaved }) {
  const kept = keepInputs(el);
  clear(el);
  el.hidden = false;
  const rbox = notice();
  const q = {};
  for (const k of RISK_QUESTIONS) {
    q[k] = radioGroup('rk-' + k, t('risk.q_' + k), YNU, (v) => t('risk.a_' + v), {
      code: k, value: k === 'minor' && c.person && c.person.minor ? 'yes' : undefined,
    });
  }
  const own = field({ id: 'rk-own-view', name: 'own_view', type: 'textarea', rows: 2, label: t('risk.own_view'), hint: t('risk.own_view_hint'), maxLength: 2000 });
  const sev = radioGroup('rk-severity', t('risk.severity'), [1, 2, 3, 4], (v) => v + ' — ' + t('risk.severity_' + v), { class: 'scale', code: 'severity' });
  const lik = radioGroup('rk-likelihood', t('risk.likelihood'), [1, 2, 3, 4], (v) => v + ' — ' + t('risk.likelihood_' + v), { class: 'scale', code: 'likelihood' });
  const preview = h('p', { class: 'risk-preview', id: 'rk-preview', 'aria-live': 'polite' });
  const fields = Object.assign({ own_view: own, severity: sev, likelihood: lik }, q);
  const showPreview = () => {
    clear(preview);
    const answers = {};
    for (const k of RISK_QUESTIONS) answers[k] = q[k].value();
    const r = riskLevel(answers, sev.value(), lik.value());
    if (!r) {
      preview.dataset.previewLevel = '';
      preview.textContent = t('risk.preview_none');
      return;
    }
    preview.dataset.previewLevel = r.level;
    preview.append(t('risk.preview'), ' ', riskBadge(r.level, { short: true }), ' ',
      h('span', { class: 'muted', text: t('risk.preview_score', { s: sev.value(), l: lik.value(), score: r.score }) }),
      r.raised.length && r.score < 8 ? h('span', { class: 'risk-raised', text: ' ' + t('risk.preview_raised') }) : null);
  };
  for (const g of Object.values(q).concat([sev, lik])) for (const i of g.inputs) i.addEventListener('change', showPreview);
  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'save-risk', text: t('risk.save') });
  const form = h('form', { class: 'stack risk-form', novalidate: true, 'aria-labelledby': 'rk-form-title' },
    h('h3', { id: 'rk-form-title', class: 'h-small', text: t('risk.new') }),
    h('div', { class: 'risk-questions' }, RISK_QUESTIONS.map((k) => q[k].el)),
    own.el,
    h('div', { class: 'risk-scales' }, sev.el, lik.el),
    preview,
    h('p', { class: 'hint', text: t('risk.level_hint') }),
    rbox.el,
    h('div', { class: 'actions' }, save));
  showPreview();
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    rbox.clear();
    for (const f of Object.values(fields)) f.clearError();
    const body = {};
    let first = null;
    for (const k of RISK_QUESTIONS) {
      body[k] = q[k].value();
      if (!body[k]) {
        q[k].setError(t('risk.answer_needed'));
        first = first || q[k];
      }
    }
    body.severity = Number(sev.value()) || null;
    body.likelihood = Number(lik.value()) || null;
    if (!body.severity) {
      sev.setError(t('risk.scale_needed'));
      first = first || sev;
    }
    if (!body.likelihood) {
      lik.setError(t('risk.scale_needed'));
      first = first || lik;
    }
    if (first) {
      first.focus();
      rbox.error(t('error.form_has_errors'));
      return;
    }
    const ov = own.input.value.trim();
    body.own_view = ov === '' ? null : ov;
    busy(save, async () => {
      try {
        const r = await api.post('/api/v1/cases/' + encodeURIComponent(c.id) + '/risk', body);
        const a = r.assessment || {};
        const msg = highRisk(a.level) ? t('risk.saved_high', { level: levelName(a.level) }) : t('risk.saved', { level: levelName(a.level) });
        announce(msg);
        await onSaved(r, msg);
      } catch (e) {
        showError(e, rbox, fields);
      }
    });
  });

  let hist;
  if (assessments === null) hist = h('p', { class: 'muted', text: t('common.loading') });
  else if (assessments.length === 0) hist = h('p', { class: 'muted empty', text: t('risk.none') });
  else {
    hist = h('ol', { class: 'items risk-history' }, assessments.map((a) => {
      const yes = RISK_QUESTIONS.filter((k) => a[k] === 'yes');
      const unknown = RISK_QUESTIONS.filter((k) => a[k] === 'unknown');
      return h('li', { class: ['item', 'risk-item', 'risk-item-' + a.level], 'data-assessment': String(a.id), 'data-level': a.level },
        h('p', { class: 'item-head' },
          h('span', { class: 'tl-when', text: dateTimeText(a.at) }), ' ',
          riskBadge(a.level, { short: true }), ' ',
          h('span', { class: 'muted', text: t('risk.score_of', { s: a.severity, l: a.likelihood, score: a.score }) }),
          a.by ? h('span', { class: 'muted', text: ' · ' + a.by.username }) : null),
        yes.length ? h('p', { class: 'risk-yes' }, h('strong', { text: t('risk.yes_list') }), ' ', yes.map((k) => t('risk.short_' + k)).join(', ')) : null,
        unknown.length ? h('p', { class: 'risk-unknown muted', text: t('risk.unknown_list') + ' ' + unknown.map((k) => t('risk.short_' + k)).join(', ') }) : null,
        a.own_view ? h('p', { class: 'risk-own prewrap' }, h('strong', { text: t('risk.own_view_short') }), ' ', a.own_view) : null);
    }));
  }

  el.append(
    h('h2', { id: 'crisk-title', tabIndex: -1 }, t('risk.title'), c.risk_level ? [' ', riskBadge(c.risk_level)] : null),
    h('p', { class: 'hint', text: t('risk.hint') }),
    h('details', { class: 'risk-new', open: assessments !== null && assessments.length === 0 },
      h('summary', { 'data-action': 'new-risk', text: t('risk.new_summary'), onclick: () => { el.dataset.touched = '1'; } }), form),
    h('h3', { class: 'h-small', text: t('risk.history') }),
    hist);
  putInputs(el, kept);
  showPreview();
}

// After an assessment is saved: the form is drawn empty again.
export function resetRisk(el) {
  clear(el);
  delete el.dataset.touched;
}
