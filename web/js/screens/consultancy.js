// Consultancy for institutions (#/consultancy): the consultations and
// trainings given to police units, social services, consulates and
// others, newest first, with this year's counts; a new one
// (#/consultancy/new) and a correction (#/consultancy/ID).  Kept apart
// from victim cases: a case discussed is written as its reference only
// (2026/0042), never linked.

import * as api from '../api.js';
import { t } from '../i18n.js';
import {
  h, cell, clear, field, notice, errorText, busy, heading, showError, clearErrors, announce,
} from '../dom.js';
import { go } from '../session.js';
import { loadEnums, label, options } from '../hotline.js';

export const title = 'consultancy.title';

export function render(arg) {
  if (arg === 'new') return renderForm(null);
  if (arg) return renderForm(arg);
  return renderList();
}

function institution(x) {
  return x.organisation ? x.organisation.name : (x.institution_name || '—');
}

function renderList() {
  const box = notice();
  const holder = h('div', { class: 'table-holder', 'aria-busy': 'true' },
    h('p', { class: 'muted empty', text: t('common.loading') }));
  const totals = h('p', { class: 'muted count', id: 'cy-totals', 'aria-live': 'polite' });
  const kind = field({ id: 'cy-kind', label: t('consultancy.f_kind'), type: 'select', options: [] });
  const topic = field({ id: 'cy-topic', label: t('consultancy.f_topic'), type: 'select', options: [] });
  const more = h('button', { type: 'button', class: 'btn btn-small', hidden: true, text: t('common.more') });
  let rows = [];
  let cursor = null;

  const draw = () => {
    clear(holder);
    holder.removeAttribute('aria-busy');
    if (!rows.length) {
      holder.appendChild(h('p', { class: 'muted empty', text: t('consultancy.none') }));
      return;
    }
    holder.appendChild(h('table', { class: 'table table-cards table-consultancy' },
      h('caption', { class: 'visually-hidden', text: t('consultancy.caption') }),
      h('thead', null, h('tr', null, ['held_on', 'institution', 'kind', 'topic', 'participants', 'case_refs']
        .map((k) => h('th', { scope: 'col', text: t('consultancy.col_' + k) })))),
      h('tbody', null, rows.map((x) => h('tr', { 'data-consultancy': String(x.id) },
        h('th', { scope: 'row', 'data-label': t('consultancy.col_held_on') },
          h('a', { href: '#/consultancy/' + x.id, text: x.held_on })),
        cell(t('consultancy.col_institution'), null, institution(x),
          h('div', { class: 'muted small', text: label('organisation_kind', x.institution_kind) })),
        cell(t('consultancy.col_kind'), null, label('consultancy_kind', x.kind) + ' · ' +
          label('consultancy_format', x.format)),
        cell(t('consultancy.col_topic'), null, label('consultancy_topic', x.topic)),
        cell(t('consultancy.col_participants'), null, String(x.participants)),
        cell(t('consultancy.col_case_refs'), null, x.case_refs.length ? x.case_refs.join(', ') : '—'))))));
  };

  const load = async (append) => {
    try {
      const q = { limit: 50, kind: kind.input.value, topic: topic.input.value };
      if (append && cursor) q.cursor = cursor;
      const r = await api.get('/api/v1/consultancy' + api.query(q));
      rows = append ? rows.concat(r.consultations) : r.consultations;
      cursor = r.next_cursor;
      more.hidden = !cursor;
      draw();
    } catch (e) {
      clear(holder);
      holder.removeAttribute('aria-busy');
      box.error(errorText(e));
    }
  };
  more.addEventListener('click', () => busy(more, () => load(true)));
  const filter = h('form', { class: 'filters', novalidate: true },
    h('div', { class: 'filter-grid filter-grid-2' }, kind.el, topic.el),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn', text: t('common.search') })));
  filter.addEventListener('submit', (ev) => {
    ev.preventDefault();
    load(false);
  });

  const year = new Date().getFullYear();
  loadEnums().then(() => {
    for (const [sel, k] of [[kind, 'consultancy_kind'], [topic, 'consultancy_topic']]) {
      for (const [v, l] of [['', t('prevention.any')], ...options(k)]) sel.input.appendChild(h('option', { value: v, text: l }));
    }
    api.get('/api/v1/consultancy/summary' + api.query({ from: year + '-01-01', to: year + '-12-31' })).then((s) => {
      totals.textContent = t('consultancy.totals', {
        year, n: s.total, trainings: s.by_kind.training || 0, people: s.participants,
      });
    }).catch(() => {});
    return load(false);
  }).catch((e) => box.error(errorText(e)));

  return h('div', { class: 'page page-consultancy' },
    h('div', { class: 'page-head' }, heading(t('consultancy.heading')),
      h('a', { href: '#/consultancy/new', class: 'btn btn-primary', 'data-action': 'new-consultancy',
        text: t('consultancy.new') })),
    h('p', { class: 'hint', text: t('consultancy.intro') }),
    totals, box.el,
    h('section', { class: 'card' }, filter),
    h('section', { class: 'card' }, holder, h('div', { class: 'actions actions-center' }, more)));
}

function renderForm(id) {
  const box = notice();
  const holder = h('div', { class: 'card', 'aria-busy': 'true' }, h('p', { class: 'muted', text: t('common.loading') }));
  const titleEl = heading(t(id ? 'consultancy.edit_heading' : 'consultancy.new_heading'));

  const build = (x, orgs) => {
    const sel = (name, kind, empty) => field({
      id: 'cy-' + name, name, label: t('consultancy.f_' + name), type: 'select',
      options: (empty ? [['', empty]] : []).concat(options(kind)),
    });
    const f = {
      organisation_id: field({ id: 'cy-org', name: 'organisation_id', label: t('consultancy.f_organisation'),
        type: 'select', hint: t('consultancy.organisation_hint'),
        options: [['', t('consultancy.not_in_directory')]].concat(orgs.map((o) => [String(o.id), o.name])) }),
      institution_name: field({ id: 'cy-name', name: 'institution_name', label: t('consultancy.f_institution_name'),
        maxLength: 200 }),
      institution_kind: sel('institution_kind', 'organisation_kind', t('consultancy.kind_from_directory')),
      kind: sel('kind', 'consultancy_kind'),
      topic: sel('topic', 'consultancy_topic'),
      format: sel('format', 'consultancy_format'),
      held_on: field({ id: 'cy-held-on', name: 'held_on', label: t('consultancy.f_held_on'), type: 'date',
        required: true, value: new Date().toISOString().slice(0, 10) }),
      duration_minutes: field({ id: 'cy-duration', name: 'duration_minutes', label: t('consultancy.f_duration'),
        type: 'number', min: 1, max: 1440, inputmode: 'numeric' }),
      participants: field({ id: 'cy-participants', name: 'participants', label: t('consultancy.f_participants'),
        type: 'number', min: 1, max: 10000, value: 1, required: true, inputmode: 'numeric' }),
      case_refs: field({ id: 'cy-refs', name: 'case_refs', label: t('consultancy.f_case_refs'),
        hint: t('consultancy.case_refs_hint'), maxLength: 300 }),
      notes: field({ id: 'cy-notes', name: 'notes', label: t('consultancy.f_notes'), type: 'textarea',
        hint: t('prevention.notes_hint'), maxLength: 4000, rows: 3 }),
    };
    if (x) {
      f.organisation_id.input.value = x.organisation ? String(x.organisation.id) : '';
      for (const k of ['institution_name', 'institution_kind', 'kind', 'topic', 'format', 'held_on',
        'duration_minutes', 'participants', 'notes']) {
        f[k].input.value = x[k] === null || x[k] === undefined ? '' : String(x[k]);
      }
      f.case_refs.input.value = x.case_refs.join(', ');
    }
    const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'save-consultancy',
      text: t('common.save') });
    const el = h('form', { class: 'consultancy-form', novalidate: true },
      h('div', { class: 'form-grid' }, f.organisation_id.el, f.institution_name.el, f.institution_kind.el),
      h('div', { class: 'form-grid' }, f.kind.el, f.topic.el, f.format.el, f.held_on.el, f.duration_minutes.el,
        f.participants.el),
      f.case_refs.el, f.notes.el, box.el, h('div', { class: 'actions' }, save));
    el.addEventListener('submit', (ev) => {
      ev.preventDefault();
      clearErrors(box, f);
      const v = (k) => f[k].input.value.trim();
      const body = {
        organisation_id: v('organisation_id') ? Number(v('organisation_id')) : null,
        institution_name: v('institution_name') || null,
        institution_kind: v('institution_kind') || null,
        kind: v('kind'), topic: v('topic'), format: v('format'), held_on: v('held_on'),
        duration_minutes: v('duration_minutes') ? Number(v('duration_minutes')) : null,
        participants: Number(v('participants')),
        case_refs: v('case_refs').split(/[\s,;]+/).filter((s) => s !== ''),
        notes: v('notes') || null,
      };
      busy(save, async () => {
        try {
          if (x) {
            body.version = x.version;
            await api.patch('/api/v1/consultancy/' + x.id, body);
          } else {
            await api.post('/api/v1/consultancy', body);
          }
          announce(t('consultancy.saved'));
          go('consultancy');
        } catch (e) {
          if (e.status === 409) {
            box.error(t('prevention.conflict'));
            return;
          }
          showError(e, box, f);
        }
      });
    });
    clear(holder);
    holder.removeAttribute('aria-busy');
    holder.appendChild(el);
  };

  (async () => {
    try {
      await loadEnums();
      // the directory, when it answers; a name can always be typed
      const orgs = await api.get('/api/v1/organisations?limit=100').then((r) => r.organisations || []).catch(() => []);
      const x = id ? (await api.get('/api/v1/consultancy/' + encodeURIComponent(id))).consultation : null;
      build(x, orgs);
    } catch (e) {
      clear(holder);
      holder.removeAttribute('aria-busy');
      box.error(e.status === 404 ? t('consultancy.not_found') : errorText(e));
    }
  })();

  return h('div', { class: 'page page-narrow page-consultancy-form' },
    h('a', { href: '#/consultancy', class: 'back-link', text: t('consultancy.back') }),
    h('div', { class: 'page-head' }, titleEl),
    h('p', { class: 'hint', text: t('consultancy.form_intro') }),
    box.el, holder);
}
