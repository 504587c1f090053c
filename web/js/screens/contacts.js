// The contact register: a search with filters (#/contacts), and one
// contact with its correction form and its earlier versions
// (#/contacts/ID).

import * as api from '../api.js';
import { t, has } from '../i18n.js';
import {
  h, put, cell, clear, field, notice, errorText, showError, busy, heading, announce,
} from '../dom.js';
import { state } from '../session.js';
import { contactFields, contactPatch, valueText } from '../contactform.js';
import { openCaseAction } from '../opencase.js';
import { caseHref, personHref } from '../casefile.js';
import {
  loadEnums, loadStaff, label, options, isoWarsaw, midnight, dateTime, duration,
  urgencyBadge, oohBadge, draftBadge, topicsText, contactHref, contactTable,
} from '../hotline.js';

export const title = 'contacts.title';

// The search last made, kept while the page is open, for this user only:
// coming back from a contact shows the same list.
let saved = null;
let savedFor = null;

export function render(arg) {
  const me = state.user ? state.user.id : null;
  if (savedFor !== me) {
    saved = null;
    savedFor = me;
  }
  if (arg !== null && arg !== undefined) return renderContact(arg);
  return renderSearch();
}

// ---- the search

function renderSearch() {
  const box = notice();
  const any = [['', t('contacts.any')]];
  const from = field({ id: 'cs-from', name: 'from', type: 'date', label: t('contacts.from') });
  const to = field({ id: 'cs-to', name: 'to', type: 'date', label: t('contacts.to') });
  const sel = (id, name, lbl) => field({ id, name, type: 'select', label: lbl, options: any });
  const inquirer = sel('cs-inquirer', 'inquirer', t('contact.inquirer'));
  const topic = sel('cs-topic', 'topic', t('contacts.topic'));
  const urgency = sel('cs-urgency', 'urgency', t('contact.urgency'));
  const channel = sel('cs-channel', 'channel', t('contact.channel'));
  const consultant = sel('cs-consultant', 'consultant_id', t('contact.consultant'));
  const ooh = field({
    id: 'cs-ooh', name: 'out_of_hours', type: 'select', label: t('contacts.ooh'),
    options: [['', t('contacts.any')], ['true', t('contacts.ooh_yes')], ['false', t('contacts.ooh_no')]],
  });
  const draft = field({
    id: 'cs-draft', name: 'draft', type: 'select', label: t('contacts.draft_filter'),
    options: [['', t('contacts.any')], ['true', t('contacts.draft_only')]],
  });
  const fields = {
    from, to, inquirer, topic, urgency, channel, consultant_id: consultant, out_of_hours: ooh, draft,
  };

  const fillOptions = () => {
    for (const [f, kind] of [[inquirer, 'inquirer'], [topic, 'topic'], [urgency, 'urgency'], [channel, 'channel']]) {
      const keep = f.input.value;
      clear(f.input);
      for (const [v, text] of any.concat(options(kind))) f.input.appendChild(h('option', { value: v, text }));
      f.input.value = keep;
    }
  };

  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('contacts.search') });
  const reset = h('button', { type: 'button', class: 'btn btn-link', text: t('contacts.clear') });
  const form = h('form', { class: 'filters', novalidate: true, 'aria-label': t('contacts.filters') },
    h('div', { class: 'filter-grid filter-grid-2' }, from.el, to.el, inquirer.el, topic.el, urgency.el, channel.el, consultant.el, ooh.el, draft.el),
    h('div', { class: 'actions' }, submit, reset));

  const summary = h('p', { class: 'muted count', 'aria-live': 'polite' });
  const holder = h('div', { class: 'table-holder' });
  const more = h('button', { type: 'button', class: 'btn', hidden: true, 'data-action': 'more', text: t('common.more') });

  let rows = [];
  let next = null;
  let params = null;

  const values = () => {
    const v = {};
    for (const [k, f] of Object.entries(fields)) v[k] = f.input.value;
    return v;
  };

  const draw = (focusFrom) => {
    clear(holder);
    if (rows.length === 0) {
      holder.appendChild(h('p', { class: 'muted empty', text: t('contacts.none') }));
    } else {
      holder.appendChild(contactTable(rows, {
        caption: t('contacts.caption'), firstKey: 'started_at', firstText: (c) => dateTime(c.started_at),
        linkAttrs: (c) => ({ class: 'row-link', 'data-open': String(c.id) }), tableClass: 'table-clickable',
      }));
    }
    more.hidden = !next;
    summary.textContent = rows.length === 0 ? '' : t(next ? 'contacts.count_more' : 'contacts.count_all', { n: rows.length });
    if (focusFrom >= 0) {
      const a = holder.querySelectorAll('tbody tr a')[focusFrom];
      if (a) a.focus();
    }
    saved = { values: values(), rows, next, params };
  };

  // a click anywhere on a row opens the contact
  holder.addEventListener('click', (ev) => {
    if (ev.target.closest('a, button')) return;
    const tr = ev.target.closest('tr[data-contact]');
    if (!tr) return;
    const sel2 = window.getSelection();
    if (sel2 && String(sel2) !== '') return;
    if (saved) saved.opened = tr.dataset.contact;
    window.location.hash = contactHref(tr.dataset.contact);
  });

  const fetchPage = async (cursor) => {
    const r = await api.get('/api/v1/contacts' + api.query(Object.assign({}, params, { cursor, limit: 25 })));
    next = r.next_cursor || null;
    return Array.isArray(r.contacts) ? r.contacts : [];
  };

  const search = () => {
    box.clear();
    for (const f of Object.values(fields)) f.clearError();
    const v = values();
    const fromMs = v.from ? midnight(v.from, 0) : null;
    const toMs = v.to ? midnight(v.to, 1) : null;
    if (fromMs !== null && toMs !== null && fromMs >= toMs) {
      to.setError(t('contacts.to_before_from'));
      to.input.focus();
      box.error(t('error.form_has_errors'));
      return Promise.resolve();
    }
    params = {
      from: fromMs === null ? undefined : isoWarsaw(fromMs),
      to: toMs === null ? undefined : isoWarsaw(toMs),
      inquirer: v.inquirer, topic: v.topic, urgency: v.urgency, channel: v.channel,
      consultant_id: v.consultant_id, out_of_hours: v.out_of_hours, draft: v.draft,
    };
    return busy(submit, async () => {
      holder.setAttribute('aria-busy', 'true');
      try {
        rows = await fetchPage(undefined);
        draw(-1);
      } catch (e) {
        rows = [];
        next = null;
        clear(holder);
        more.hidden = true;
        summary.textContent = '';
        showError(e, box, fields);
      } finally {
        holder.removeAttribute('aria-busy');
      }
    });
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    search();
  });
  reset.addEventListener('click', () => {
    for (const f of Object.values(fields)) f.input.value = '';
    search();
  });
  more.addEventListener('click', () => busy(more, async () => {
    try {
      const got = await fetchPage(next);
      const first = rows.length;
      rows = rows.concat(got);
      draw(first);
    } catch (e) {
      box.error(errorText(e));
    }
  }));

  const restoreValues = (vals) => {
    for (const [k, v] of Object.entries(vals || {})) if (fields[k]) fields[k].input.value = v;
  };

  Promise.all([loadEnums(), loadStaff().catch(() => [])]).then(([, people]) => {
    fillOptions();
    const keep = consultant.input.value;
    for (const p of people) consultant.input.appendChild(h('option', { value: String(p.id), text: p.username }));
    consultant.input.value = keep;
    if (saved) {
      // back from a contact: the same search, the same rows
      restoreValues(saved.values);
      rows = saved.rows;
      next = saved.next;
      params = saved.params;
      draw(-1);
      const opened = saved.opened;
      if (opened) {
        const a = holder.querySelector('a[data-open="' + CSS.escape(String(opened)) + '"]');
        if (a) a.focus();
      }
    } else {
      search();
    }
  }).catch((e) => box.error(errorText(e)));

  holder.addEventListener('click', (ev) => {
    const a = ev.target.closest('a[data-open]');
    if (a && saved) saved.opened = a.dataset.open;
  }, true);
  holder.addEventListener('keydown', (ev) => {
    const a = ev.target.closest('a[data-open]');
    if (a && ev.key === 'Enter' && saved) saved.opened = a.dataset.open;
  });

  return h('div', { class: 'page page-wide' },
    h('div', { class: 'page-head' }, heading(t('contacts.heading'))),
    h('section', { class: 'card' }, form),
    box.el,
    summary,
    h('section', { class: 'card card-flush' }, holder),
    h('div', { class: 'actions actions-center' }, more));
}

// ---- one contact

const FACTS = [
  'started_at', 'duration_seconds', 'channel', 'line', 'direction', 'inquirer', 'organisation', 'topics', 'urgency',
  'urgency_reason', 'outcome', 'country', 'language', 'interpreter', 'caller_number', 'summary', 'handover_note',
];

// Shown only when they hold something.
const OPTIONAL = ['line', 'organisation', 'urgency_reason', 'country', 'language', 'caller_number', 'handover_note'];

function factLabel(k) {
  if (k === 'duration_seconds') return t('contact.duration_short');
  if (k === 'handover_note') return t('contact.handover_note_fact');
  const key = 'contact.' + k;
  return has(key) ? t(key) : k;
}

function renderContact(id) {
  const box = notice();
  const holder = h('div', { class: 'stack', 'aria-busy': 'true' }, h('p', { class: 'muted', text: t('common.loading') }));
  const revHolder = h('div', { class: 'list-holder' });
  const titleEl = heading(t('contacts.contact'));
  let contact = null;
  let editing = null;

  const back = h('a', { href: '#/contacts', class: 'back-link', text: t('contacts.back') });

  const factsOf = (c) => h('dl', { class: 'facts facts-contact' },
    FACTS.filter((k) => OPTIONAL.indexOf(k) < 0 || (c[k] !== null && c[k] !== undefined && c[k] !== '')).map((k) => {
      let v;
      if (k === 'urgency') v = urgencyBadge(c.urgency);
      else v = valueText(k, c[k]);
      const multi = k === 'summary' || k === 'handover_note' || k === 'urgency_reason';
      return h('div', { 'data-fact': k },
        h('dt', { text: factLabel(k) }),
        h('dd', { class: multi ? 'prewrap' : '' }, v));
    }),
    h('div', { 'data-fact': 'out_of_hours' }, h('dt', { text: t('contact.ooh') }), h('dd', { text: valueText('out_of_hours', c.out_of_hours) })),
    h('div', { 'data-fact': 'consultant' }, h('dt', { text: t('contact.consultant') }),
      h('dd', { text: c.consultant ? c.consultant.username : '—' })),
    h('div', { 'data-fact': 'followup' }, h('dt', { text: t('contact.followup') }),
      h('dd', { text: !c.followup ? '—' : (c.followup.open ? t('contact.followup_open')
        : t('contact.followup_done', { time: dateTime(c.followup.done_at) })) })),
    h('div', { 'data-fact': 'version' }, h('dt', { text: t('contact.version') }),
      h('dd', { text: t('contact.version_text', { n: c.version, time: dateTime(c.updated_at) }) })));

  const drawRevisions = (list) => {
    clear(revHolder);
    if (!list.length) {
      revHolder.appendChild(h('p', { class: 'muted', text: t('contacts.revisions_none') }));
      return;
    }
    revHolder.appendChild(h('ol', { class: 'revisions', reversed: true },
      list.slice().sort((a, b) => b.version - a.version).map((r) => h('li', { 'data-revision': String(r.version) },
        h('p', { class: 'rev-head' },
          t('contacts.revision_head', {
            n: r.version + 1, name: r.changed_by ? r.changed_by.username : '?', time: dateTime(r.changed_at),
          })),
        h('dl', { class: 'rev-old' },
          Object.entries(r.old || {}).map(([k, v]) => h('div', null,
            h('dt', { text: t('contacts.was', { field: factLabel(k) }) }),
            h('dd', { class: 'prewrap', text: valueText(k, v) }))))))));
  };

  const loadRevisions = async () => {
    try {
      const r = await api.get('/api/v1/contacts/' + encodeURIComponent(id) + '/revisions');
      drawRevisions(Array.isArray(r.revisions) ? r.revisions : []);
    } catch (e) {
      clear(revHolder);
      revHolder.appendChild(h('p', { class: 'muted', text: errorText(e) }));
    }
  };

  // The correction form; with `completing`, the form that completes a
  // draft a call left (its inquirer and topics are placeholders to choose).
  const correction = (c, completing) => {
    const fbox = notice();
    const cf = contactFields({ prefix: 'fix', mode: 'edit' });
    cf.fill(c);
    if (completing && c.inquirer === 'anonymous' && (c.topics || []).length === 0) cf.inquirer.set(null);
    // out of hours a routine contact needs a note for the morning team
    const syncNote = () => cf.showNote(true, completing && c.out_of_hours && cf.urgency.value() !== 'urgent');
    syncNote();
    const save = completing
      ? h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'save-complete', text: t('contacts.complete_save') })
      : h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'save-correction', text: t('contacts.save_correction') });
    const cancel = h('button', { type: 'button', class: 'btn btn-link', text: t('common.cancel') });
    const form = h('form', { class: 'call-form', novalidate: true }, cf.el, fbox.el, h('div', { class: 'actions' }, save, cancel));
    cf.urgency.el.addEventListener('change', () => {
      cf.syncUrgency();
      syncNote();
    });
    form.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Enter' || ev.isComposing) return;
      if (ev.ctrlKey || ev.metaKey) {
        ev.preventDefault();
        form.requestSubmit();
        return;
      }
      const tag = ev.target.tagName;
      if (tag !== 'TEXTAREA' && tag !== 'BUTTON' && tag !== 'A') ev.preventDefault();
    });
    cancel.addEventListener('click', () => showFacts(true));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      fbox.clear();
      cf.clearAll();
      // the minutes as typed (a timer's seconds stay unless changed)
      const { body, problems } = cf.read();
      if (problems.length) {
        for (const [f, text] of problems) f.setError(text);
        problems[0][0].input.focus();
        fbox.error(t('error.form_has_errors'));
        return;
      }
      // only what changed; a draft from a call is completed by saving it
      const patch = Object.assign({ version: c.version }, contactPatch(body, c));
      if (completing) patch.draft = false;
      if (Object.keys(patch).length === 1) {
        fbox.info(t('contacts.nothing_changed'));
        return;
      }
      busy(save, async () => {
        try {
          const r = await api.patch('/api/v1/contacts/' + encodeURIComponent(id), patch);
          contact = r.contact;
          showFacts(false);
          const done = completing ? t('contacts.completed') : t('contacts.corrected', { n: contact.version });
          box.success(done);
          announce(done);
          titleEl.focus();
          loadRevisions();
        } catch (e) {
          if (e.status === 409) {
            // someone else saved meanwhile: show theirs, ask again
            await load();
            loadRevisions();
            box.error(t('contacts.conflict'));
            titleEl.focus();
            return;
          }
          if (e.field === 'handover_note') {
            cf.note.setError(t('contact.handover_server'));
            cf.note.input.focus();
            fbox.error(t('error.form_has_errors'));
            return;
          }
          showError(e, fbox, cf.fields);
        }
      });
    });
    return { form, cf };
  };

  // the case and the person this contact belongs to, or a way to open one
  const caseLinks = (c) => {
    const part = h('div', { class: 'contact-case', 'data-contact-case': c.case ? String(c.case.id) : '' },
      h('h2', { class: 'h-small', text: t('opencase.case_part') }));
    if (c.person) {
      part.appendChild(h('p', { 'data-contact-person': String(c.person.id) }, t('opencase.linked_person'), ' ',
        h('a', { href: personHref(c.person.id), class: 'pseudonym', text: c.person.pseudonym })));
    }
    if (c.case) {
      part.appendChild(h('p', null, t('opencase.linked_case'), ' ',
        h('a', { href: caseHref(c.case.id), class: 'case-ref', 'data-case-link': String(c.case.id), text: c.case.reference })));
    } else {
      part.appendChild(openCaseAction({ contactId: c.id, phone: c.caller_number, prefix: 'oc' }).el);
    }
    return part;
  };

  const showFacts = (focusEdit) => {
    editing = null;
    clear(holder);
    holder.removeAttribute('aria-busy');
    const c = contact;
    // a draft a call left is completed, not corrected
    const edit = c.draft
      ? h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'complete', text: t('contacts.complete') })
      : h('button', { type: 'button', class: 'btn', 'data-action': 'correct', text: t('contacts.correct') });
    edit.addEventListener('click', () => {
      box.clear();
      editing = correction(contact, !!contact.draft);
      clear(holder);
      holder.append(
        h('h2', { id: 'fix-title', tabIndex: -1, text: contact.draft ? t('contacts.complete_title') : t('contacts.correct_title') }),
        h('p', { class: 'hint', text: contact.draft ? t('contacts.complete_hint') : t('contacts.correct_hint') }), editing.form);
      if (contact.draft) editing.cf.inquirer.input.focus();
      else editing.cf.number.input.focus();
    });
    holder.append(
      c.draft ? h('p', { class: 'callout callout-warn draft-note', 'data-draft-note': '' },
        draftBadge(), ' ', t('contacts.draft_note')) : null,
      h('p', { class: 'contact-sub' },
        urgencyBadge(c.urgency), c.out_of_hours ? [' ', oohBadge()] : null, ' ',
        h('span', { text: label('inquirer', c.inquirer) })),
      factsOf(c),
      h('div', { class: 'actions' }, edit,
        // a caller thinking of going abroad: the checklist, tied to this contact
        (c.topics || []).includes('prevention') ? h('a', {
          href: '#/prevention/contact-' + c.id, class: 'btn', 'data-action': 'start-prevention',
          text: t('prevention.start'),
        }) : null),
      caseLinks(c));
    if (focusEdit) edit.focus();
  };

  const load = async () => {
    const r = await api.get('/api/v1/contacts/' + encodeURIComponent(id));
    contact = r.contact;
    titleEl.textContent = t('contacts.contact_of', { time: dateTime(contact.started_at) });
    showFacts(false);
  };

  Promise.all([loadEnums()]).then(() => load().then(loadRevisions)).catch((e) => {
    clear(holder);
    holder.removeAttribute('aria-busy');
    box.error(e.status === 404 ? t('contacts.not_found') : errorText(e));
  });

  return h('div', { class: 'page page-narrow page-contact' },
    back,
    h('div', { class: 'page-head' }, titleEl),
    box.el,
    h('section', { class: 'card', 'aria-labelledby': 'contact-facts' },
      h('h2', { class: 'visually-hidden', id: 'contact-facts', text: t('contacts.details') }), holder),
    h('section', { class: 'card', 'aria-labelledby': 'rev-title' },
      h('h2', { id: 'rev-title', text: t('contacts.revisions') }), revHolder));
}

