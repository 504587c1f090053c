// Persons: the list and the searches (#/persons), a new person with its
// likely duplicates (#/persons/new), and one person (#/persons/ID): the
// safe-contact protocol first, the identity (audited), the statistics,
// the cases and the merged persons; coordinators merge another person in.

import * as api from '../api.js';
import { t } from '../i18n.js';
import {
  h, cell, clear, field, notice, errorText, busy, heading, announce,
} from '../dom.js';
import { state, isCoordinator, go } from '../session.js';
import { loadEnums, label } from '../hotline.js';
import {
  personHref, caseHref, statusChip, sealedBadge, safeContactBlock, dateText, dateTimeText, yesNo,
} from '../casefile.js';
import { personForm, newPersonForm, personFinder, personFacts, showPersonError } from '../personform.js';
import { consentLedger } from '../consents.js';

export const title = 'persons.title';

export function render(arg) {
  if (arg === 'new') return renderNew();
  if (arg !== null && arg !== undefined) return renderPerson(arg);
  return renderList();
}

// ---- the list

const PAGE = 25;

function renderList() {
  const box = notice();
  const holder = h('div', { class: 'table-holder', 'aria-busy': 'true' }, h('p', { class: 'muted empty', text: t('common.loading') }));
  const summary = h('p', { class: 'muted count', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'prev', text: t('cases.prev') });
  const next = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'next', text: t('cases.next') });
  const pager = h('div', { class: 'actions actions-center pager', hidden: true }, prev, next);
  let offset = 0;
  let total = 0;

  const draw = (rows) => {
    clear(holder);
    holder.removeAttribute('aria-busy');
    if (!rows.length) {
      holder.appendChild(h('p', { class: 'muted empty', text: t('persons.none') }));
    } else {
      holder.appendChild(h('table', { class: 'table table-cards table-persons' },
        h('caption', { class: 'visually-hidden', text: t('persons.caption') }),
        h('thead', null, h('tr', null,
          ['pseudonym', 'facts', 'created'].map((k) => h('th', { scope: 'col', text: t('persons.col_' + k) })))),
        h('tbody', null, rows.map((r) => h('tr', { 'data-person': String(r.id) },
          h('th', { scope: 'row', 'data-label': t('persons.col_pseudonym') },
            h('a', { href: personHref(r.id), class: 'pseudonym', text: r.pseudonym })),
          cell(t('persons.col_facts'), null, personFacts(r) || '—'),
          cell(t('persons.col_created'), null, dateTimeText(r.created_at)))))));
    }
    summary.textContent = rows.length ? t('cases.count', { from: offset + 1, to: offset + rows.length, total }) : '';
    pager.hidden = total <= PAGE;
    prev.disabled = offset === 0;
    next.disabled = offset + rows.length >= total;
  };

  const load = async () => {
    holder.setAttribute('aria-busy', 'true');
    try {
      const r = await api.get('/api/v1/persons' + api.query({ limit: PAGE, offset }));
      total = typeof r.total === 'number' ? r.total : 0;
      draw(Array.isArray(r.persons) ? r.persons : []);
    } catch (e) {
      clear(holder);
      holder.removeAttribute('aria-busy');
      box.error(errorText(e));
    }
  };
  prev.addEventListener('click', () => { offset = Math.max(0, offset - PAGE); busy(prev, load); });
  next.addEventListener('click', () => { offset += PAGE; busy(next, load); });

  const finder = personFinder({ prefix: 'ps' });
  loadEnums().then(load).catch((e) => {
    clear(holder);
    holder.removeAttribute('aria-busy');
    box.error(errorText(e));
  });

  return h('div', { class: 'page page-wide page-persons' },
    h('div', { class: 'page-head' }, heading(t('persons.heading')),
      h('a', { href: '#/persons/new', class: 'btn btn-primary', 'data-action': 'new-person', text: t('persons.new') })),
    h('section', { class: 'card', 'aria-labelledby': 'ps-find-title' },
      h('h2', { id: 'ps-find-title', text: t('persons.find') }), finder.el),
    box.el,
    summary,
    h('section', { class: 'card card-flush' }, holder),
    pager);
}

// ---- a new person

function renderNew() {
  const np = newPersonForm({
    prefix: 'np',
    onCreated: (p) => {
      announce(t('persons.created', { name: p.pseudonym }));
      go('persons/' + p.id);
    },
  });
  loadEnums().catch(() => {});
  return h('div', { class: 'page page-narrow page-person-new' },
    h('a', { href: '#/persons', class: 'back-link', text: t('persons.back') }),
    h('div', { class: 'page-head' }, heading(t('persons.new_title'))),
    h('p', { class: 'lead', text: t('persons.new_lead') }),
    h('section', { class: 'card', 'data-form-holder': '' }, np.el));
}

// ---- one person

function identityFacts(p) {
  const id = p.identity || {};
  const row = (k, v) => h('div', { 'data-fact': k }, h('dt', { text: t('person.' + k) }), h('dd', { class: 'prewrap' }, v || '—'));
  return h('dl', { class: 'facts facts-contact identity-facts' },
    row('first_name', id.first_name),
    row('last_name', id.last_name),
    row('aliases', (id.aliases || []).join(', ')),
    row('date_of_birth', id.date_of_birth ? dateText(id.date_of_birth) : ''),
    row('phones', (id.phones || []).join(', ')),
    row('emails', (id.emails || []).join(', ')),
    row('documents', (id.documents || []).map((d) => t('person.doc_' + d.type) + ' ' + d.number).join(', ')),
    row('addresses', (id.addresses || []).join('\n')));
}

function statsFacts(p) {
  const row = (k, v) => h('div', { 'data-fact': k }, h('dt', { text: t('person.' + k) }), h('dd', null, v || '—'));
  return h('dl', { class: 'facts facts-contact' },
    row('sex', label('sex', p.sex)),
    row('birth_year', p.birth_year ? String(p.birth_year) : ''),
    row('minor', yesNo(p.minor)),
    row('citizenship', p.citizenship),
    row('languages', (p.languages || []).join(', ')));
}

function renderPerson(id) {
  const box = notice();
  const titleEl = heading(t('persons.person'));
  const safeEl = h('div', { class: 'safe-holder', 'aria-busy': 'true' });
  const mainEl = h('div', { class: 'stack' }, h('p', { class: 'muted', text: t('common.loading') }));
  const coordinator = isCoordinator(state.user);
  let p = null;

  const path = (more) => '/api/v1/persons/' + encodeURIComponent(id) + (more || '');

  const draw = (focusSel) => {
    clear(safeEl);
    safeEl.removeAttribute('aria-busy');
    clear(mainEl);
    titleEl.textContent = t('persons.person_title', { name: p.pseudonym });
    safeEl.appendChild(safeContactBlock(p.safe_contact, { headingLevel: 2 }));

    const edit = h('button', { type: 'button', class: 'btn', 'data-action': 'edit-person', text: t('persons.edit') });
    edit.addEventListener('click', () => showEdit());

    const cases = (p.cases || []).map((c) => h('li', { class: 'item', 'data-case': String(c.id) },
      h('p', { class: 'item-head' }, h('a', { href: caseHref(c.id), class: 'case-ref', text: c.reference }),
        c.restricted ? sealedBadge() : [c.status ? statusChip(c.status) : null, c.sealed ? sealedBadge() : null])));

    mainEl.append(
      p.merged_into ? h('div', { class: 'callout callout-warn', 'data-merged-into': String(p.merged_into.id) },
        t('persons.merged_into'), ' ', h('a', { href: personHref(p.merged_into.id), class: 'pseudonym', text: p.merged_into.pseudonym })) : null,
      h('section', { class: 'card', 'aria-labelledby': 'pp-id-title' },
        h('div', { class: 'card-head' }, h('h2', { id: 'pp-id-title', tabIndex: -1, text: t('person.part_identity') }), edit),
        identityFacts(p)),
      h('section', { class: 'card', 'aria-labelledby': 'pp-stats-title' },
        h('h2', { id: 'pp-stats-title', text: t('person.part_stats') }), statsFacts(p)),
      h('section', { class: 'card', id: 'person-cases', 'aria-labelledby': 'pp-cases-title' },
        h('h2', { id: 'pp-cases-title', text: t('persons.cases') }),
        cases.length ? h('ul', { class: 'items' }, cases) : h('p', { class: 'muted', text: t('persons.no_cases') })),
      h('section', { class: 'card', id: 'person-merged', 'aria-labelledby': 'pp-merged-title' },
        h('h2', { id: 'pp-merged-title', tabIndex: -1, text: t('persons.merged') }),
        (p.merged || []).length ? h('ul', { class: 'plain-list' }, p.merged.map((m) => h('li', { 'data-merged': String(m.id) },
          h('a', { href: personHref(m.id), class: 'pseudonym', text: m.pseudonym }))))
          : h('p', { class: 'muted', text: t('persons.merged_none') }),
        coordinator && !p.merged_into ? mergeForm() : null));
    if (focusSel) {
      const el = document.querySelector(focusSel);
      if (el) el.focus();
    }
  };

  const mergeForm = () => {
    const mbox = notice();
    const other = field({ id: 'pm-from', name: 'from', label: t('persons.merge_from'), hint: t('persons.merge_hint'), autocomplete: 'off', spellcheck: false });
    const go2 = h('button', { type: 'submit', class: 'btn', 'data-action': 'merge', text: t('persons.merge') });
    const ask = h('div', { class: 'merge-ask' });
    const form = h('form', { class: 'stack merge-form', novalidate: true, 'aria-labelledby': 'pm-title' },
      h('h3', { id: 'pm-title', text: t('persons.merge_title') }),
      h('div', { class: 'inline-form' }, other.el, go2), ask, mbox.el);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      mbox.clear();
      other.clearError();
      clear(ask);
      const v = other.input.value.trim();
      if (v === '') {
        other.setError(t('persons.merge_needed'));
        other.input.focus();
        return;
      }
      busy(go2, async () => {
        let from = null;
        let name = v;
        try {
          if (/^\d+$/.test(v)) {
            from = Number(v);
          } else {
            const r = await api.get('/api/v1/persons' + api.query({ q: v, limit: 5 }));
            const hit = (r.persons || []).find((x) => x.pseudonym.toUpperCase() === v.toUpperCase());
            if (hit) {
              from = hit.id;
              name = hit.pseudonym;
            }
          }
        } catch (e) {
          mbox.error(errorText(e));
          return;
        }
        if (from === null) {
          other.setError(t('persons.merge_unknown'));
          other.input.focus();
          return;
        }
        const yes = h('button', { type: 'button', class: 'btn btn-danger', 'data-action': 'merge-yes', text: t('persons.merge_yes') });
        const no = h('button', { type: 'button', class: 'btn btn-link', text: t('common.cancel') });
        no.addEventListener('click', () => { clear(ask); other.input.focus(); });
        yes.addEventListener('click', () => busy(yes, async () => {
          try {
            const r = await api.post(path('/merge'), { from });
            p = r.person;
            draw('#pp-merged-title');
            box.success(t('persons.merged_done', { from: name, into: p.pseudonym }));
          } catch (e) {
            clear(ask);
            if (e.field === 'from') {
              other.setError(t('persons.merge_refused'));
              other.input.focus();
            } else mbox.error(errorText(e));
          }
        }));
        ask.append(h('p', { class: 'confirm-q', text: t('persons.merge_q', { from: name, into: p.pseudonym }) }),
          h('div', { class: 'actions' }, yes, no));
        yes.focus();
      });
    });
    return form;
  };

  const showEdit = () => {
    box.clear();
    clear(mainEl);
    const fbox = notice();
    const pf = personForm({ prefix: 'pe', person: p });
    const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'save-person', text: t('common.save') });
    const cancel = h('button', { type: 'button', class: 'btn btn-link', text: t('common.cancel') });
    cancel.addEventListener('click', () => draw('[data-action="edit-person"]'));
    const form = h('form', { class: 'person-form', novalidate: true }, pf.el, fbox.el, h('div', { class: 'actions' }, save, cancel));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      fbox.clear();
      pf.clearAll();
      const { body, problems } = pf.read();
      if (problems.length) {
        for (const [f, msg] of problems) f.setError(msg);
        problems[0][0].input.focus();
        fbox.error(t('error.form_has_errors'));
        return;
      }
      body.version = p.version;
      busy(save, async () => {
        try {
          const r = await api.patch(path(), body);
          p = r.person;
          draw('#pp-id-title');
          box.success(t('persons.saved'));
        } catch (e) {
          if (e.status === 409) {
            await load();
            box.error(t('persons.conflict'));
            return;
          }
          showPersonError(e, fbox, pf);
        }
      });
    });
    mainEl.append(h('section', { class: 'card' }, h('h2', { id: 'pe-title', tabIndex: -1, text: t('persons.edit_title') }), form));
    pf.focus();
  };

  const load = async () => {
    const r = await api.get(path());
    p = r.person;
    draw();
  };

  loadEnums().then(load).catch((e) => {
    clear(mainEl);
    clear(safeEl);
    safeEl.removeAttribute('aria-busy');
    box.error(e.status === 404 ? t('persons.not_found') : errorText(e));
  });

  return h('div', { class: 'page page-narrow page-person' },
    h('a', { href: '#/persons', class: 'back-link', text: t('persons.back') }),
    h('div', { class: 'page-head' }, titleEl),
    box.el,
    safeEl,
    mainEl,
    consentLedger(id));
}
