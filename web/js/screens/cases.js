// Case files: the register (#/cases) with filters, sort, paging, searches
// and the columns each user chooses; and one case (#/cases/ID): its
// status, the aid pathway at a glance, the legal track, tasks, the time
// line, and — for coordinators and the key consultant — who may see it.

import * as api from '../api.js';
import { t, has } from '../i18n.js';
import {
  h, cell, clear, put, field, notice, errorText, showError, busy, heading, announce,
} from '../dom.js';
import { state, isCoordinator } from '../session.js';
import { checkGroup } from '../contactform.js';
import { loadEnums, loadStaff, label, options, contactHref } from '../hotline.js';
import {
  caseHref, personHref, nextStatuses, statusChip, sealedBadge, urgentBadge, formsText, dateText, dayOfIso,
  dateTimeText, yesNo, safeContactBlock, callLink, today,
} from '../casefile.js';
import { riskBadge, highRisk, listName, verdictName, levelName } from '../screening.js';
import {
  drawScreenings, drawRisk, resetRisk, riskAlert, carePanel, jumpLink,
} from '../caseid.js';
import { renderScreening } from './screening.js';
import { referralsPart, referralEventText } from '../referrals.js';
import { caseInterpreters } from '../interpreters-suggest.js';
import { caseShelters } from '../shelterpart.js';

export const title = 'cases.title';

export function render(arg) {
  const m = /^(\d+)\/screening\/(\d+)$/.exec(arg || '');
  if (m) return renderScreening(m[1], m[2]);
  if (arg !== null && arg !== undefined) return renderCase(arg);
  return renderRegister();
}

// ==== the register

const SORTABLE = { reference: 'reference', opened_at: 'opened_at', updated_at: 'updated_at', status: 'status', urgent: 'urgent' };
const PAGE = 25;

// The register as it was left, for this user, while the page is open.
let kept = null;
let keptFor = null;

function registerCell(col, r) {
  switch (col) {
    case 'person': return r.person ? h('a', { href: personHref(r.person.id), class: 'pseudonym', text: r.person.pseudonym }) : '—';
    case 'status': return statusChip(r.status);
    case 'key_consultant': return r.key_consultant ? r.key_consultant.username : '—';
    case 'forms': return formsText(r.forms) || '—';
    case 'urgent': return r.urgent ? urgentBadge() : t('common.no');
    case 'risk': return r.risk_level ? riskBadge(r.risk_level, { short: true }) : '—';
    case 'citizenship': return r.person && r.person.citizenship ? r.person.citizenship : '—';
    case 'sex': return r.person ? label('sex', r.person.sex) : '—';
    case 'minor': return r.person ? yesNo(r.person.minor) : '—';
    case 'opened_at': return dayOfIso(r.opened_at);
    case 'updated_at': return dateTimeText(r.updated_at);
    case 'open_tasks': {
      const n = r.open_tasks || 0;
      const late = r.overdue_tasks || 0;
      return h('span', { class: late > 0 ? 'tasks-count has-overdue' : 'tasks-count', 'data-overdue': String(late) },
        String(n), late > 0 ? h('span', { class: 'badge badge-overdue', text: t('tasks.overdue_n', { n: late }) }) : null);
    }
    case 'missing': {
      const n = r.missing || 0;
      return h('span', { class: n > 0 ? 'missing-count has-missing' : 'missing-count', text: String(n) });
    }
    default: return r[col] === undefined || r[col] === null ? '—' : String(r[col]);
  }
}

function renderRegister() {
  const me = state.user ? state.user.id : null;
  if (keptFor !== me) {
    kept = null;
    keptFor = me;
  }
  const box = notice();
  const any = [['', t('contacts.any')]];
  const status = field({ id: 'cr-status', name: 'status', type: 'select', label: t('case.status'), options: any });
  const kc = field({ id: 'cr-kc', name: 'key_consultant_id', type: 'select', label: t('case.key_consultant'), options: any });
  const form = field({ id: 'cr-form', name: 'form', type: 'select', label: t('case.form'), options: any });
  const urgent = field({
    id: 'cr-urgent', name: 'urgent', type: 'select', label: t('case.urgent'),
    options: [['', t('contacts.any')], ['true', t('common.yes')], ['false', t('common.no')]],
  });
  const from = field({ id: 'cr-from', name: 'opened_from', type: 'date', label: t('cases.opened_from') });
  const to = field({ id: 'cr-to', name: 'opened_to', type: 'date', label: t('cases.opened_to') });
  const cit = field({
    id: 'cr-cit', name: 'citizenship', label: t('person.citizenship'), maxLength: 2, inputClass: 'input-code2',
    autocapitalize: 'characters', spellcheck: false,
  });
  const q = field({
    id: 'cr-q', name: 'q', type: 'search', label: t('cases.q'), hint: t('cases.q_hint'), spellcheck: false, autocomplete: 'off',
  });
  const fields = { status, key_consultant_id: kc, form, urgent, opened_from: from, opened_to: to, citizenship: cit, q };

  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'filter', text: t('contacts.search') });
  const reset = h('button', { type: 'button', class: 'btn btn-link', text: t('contacts.clear') });
  const filterForm = h('form', { class: 'filters', novalidate: true, 'aria-label': t('contacts.filters') },
    h('div', { class: 'filter-grid filter-grid-2' }, q.el, status.el, kc.el, form.el, urgent.el, cit.el, from.el, to.el),
    h('div', { class: 'actions' }, submit, reset));

  // ---- the exact identity search and the notes word search
  const ebox = notice();
  const ekind = field({
    id: 'cx-kind', name: 'kind', type: 'select', label: t('search.exact_kind'),
    options: [['name', t('search.kind_name')], ['phone', t('search.kind_phone')],
      ['document', t('search.kind_document')], ['email', t('search.kind_email')]],
  });
  const efn = field({ id: 'cx-first', name: 'first_name', label: t('person.first_name'), autocomplete: 'off' });
  const eln = field({ id: 'cx-last', name: 'last_name', label: t('person.last_name'), autocomplete: 'off' });
  const edob = field({ id: 'cx-dob', name: 'date_of_birth', type: 'date', label: t('person.date_of_birth') });
  const ephone = field({ id: 'cx-phone', name: 'phone', type: 'tel', label: t('search.kind_phone'), inputmode: 'tel' });
  const edoc = field({ id: 'cx-doc', name: 'document', label: t('search.kind_document'), autocomplete: 'off' });
  const eemail = field({ id: 'cx-email', name: 'email', type: 'email', label: t('search.kind_email') });
  const exactFields = { first_name: efn, last_name: eln, date_of_birth: edob, phone: ephone, document: edoc, email: eemail };
  const syncKind = () => {
    const k = ekind.input.value;
    efn.el.hidden = eln.el.hidden = edob.el.hidden = k !== 'name';
    ephone.el.hidden = k !== 'phone';
    edoc.el.hidden = k !== 'document';
    eemail.el.hidden = k !== 'email';
  };
  ekind.input.addEventListener('change', syncKind);
  syncKind();
  const ebtn = h('button', { type: 'submit', class: 'btn', 'data-action': 'exact-search', text: t('search.exact_go') });
  const exactForm = h('form', { class: 'stack', novalidate: true, 'aria-labelledby': 'cx-title' },
    h('h3', { id: 'cx-title', text: t('search.exact_title') }),
    h('p', { class: 'hint', text: t('search.exact_hint') }),
    h('div', { class: 'form-grid' }, ekind.el, efn.el, eln.el, edob.el, ephone.el, edoc.el, eemail.el),
    h('div', { class: 'actions' }, ebtn));
  const word = field({ id: 'cw-text', name: 'text', label: t('cases.word'), hint: t('cases.word_hint'), maxLength: 64, autocomplete: 'off' });
  const wbtn = h('button', { type: 'submit', class: 'btn', 'data-action': 'word-search', text: t('common.search') });
  const wordForm = h('form', { class: 'stack', novalidate: true, 'aria-labelledby': 'cw-title' },
    h('h3', { id: 'cw-title', text: t('cases.word_title') }),
    h('div', { class: 'inline-form' }, word.el, wbtn));

  // ---- the columns
  let columns = null;
  const chooser = h('fieldset', { class: 'columns-chooser', id: 'cr-columns' });
  const colSave = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'save-columns', text: t('cases.columns_save') });
  const colBox = notice();
  const colDetails = h('details', { class: 'columns-details' },
    h('summary', { 'data-action': 'columns', text: t('cases.columns') }),
    h('div', { class: 'stack' }, chooser, h('div', { class: 'actions' }, colSave), colBox.el));

  const drawChooser = () => {
    clear(chooser);
    chooser.appendChild(h('legend', { text: t('cases.columns_legend') }));
    chooser.appendChild(h('div', { class: 'choice-grid cols-3' }, options('register_column').map(([code, text]) => {
      const id = 'cr-col-' + code;
      const box2 = h('input', {
        type: 'checkbox', id, value: code, checked: columns.includes(code), disabled: code === 'reference',
        'data-column': code,
      });
      box2.addEventListener('change', () => {
        const chosen = options('register_column').map(([c]) => c)
          .filter((c) => c === 'reference' || (chooser.querySelector('#cr-col-' + c) || {}).checked);
        columns = chosen;
        draw();
      });
      return h('div', { class: 'choice', 'data-code': code }, box2, h('label', { for: id, text }));
    })));
  };
  colSave.addEventListener('click', () => busy(colSave, async () => {
    colBox.clear();
    try {
      // the body is what GET answers: {"value": {"columns": […]}}
      const r = await api.request('PUT', '/api/v1/preferences/case_register', { value: { columns } });
      if (r && r.value && Array.isArray(r.value.columns)) columns = r.value.columns;
      colBox.success(t('cases.columns_saved'));
    } catch (e) {
      colBox.error(errorText(e));
    }
  }));

  // ---- the list
  const summary = h('p', { class: 'muted count', 'aria-live': 'polite' });
  const modeLine = h('div', { class: 'mode-line', hidden: true });
  const holder = h('div', { class: 'table-holder', 'aria-busy': 'true' }, h('p', { class: 'muted empty', text: t('common.loading') }));
  const prev = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'prev', text: t('cases.prev') });
  const next = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'next', text: t('cases.next') });
  const pager = h('div', { class: 'actions actions-center pager', hidden: true }, prev, next);

  // coordinators see the most pressing cases first: critical and high
  // risk, then urgent, then the newest
  let params = { sort: isCoordinator(state.user) ? 'priority' : 'opened_at', order: 'desc', offset: 0 };
  const prioBtn = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'sort-priority', 'aria-pressed': 'false', text: t('cases.priority_first') });
  const drawPrio = () => {
    const on = params.sort === 'priority';
    prioBtn.setAttribute('aria-pressed', on ? 'true' : 'false');
    prioBtn.classList.toggle('is-on', on);
    prioBtn.hidden = mode !== 'list';
  };
  prioBtn.addEventListener('click', () => {
    if (params.sort === 'priority') {
      params.sort = 'opened_at';
      params.order = 'desc';
    } else {
      params.sort = 'priority';
    }
    params.offset = 0;
    busy(prioBtn, fetchList);
  });
  let rows = [];
  let total = 0;
  let capped = false;
  let mode = 'list';      // list | exact | word

  const values = () => {
    const v = {};
    for (const [k, f] of Object.entries(fields)) v[k] = f.input.value.trim();
    if (v.citizenship) v.citizenship = v.citizenship.toUpperCase();
    return v;
  };

  const colName = (col) => (col === 'risk' ? t('risk.column') : label('register_column', col));

  const headCell = (col) => {
    const text = colName(col);
    const key = SORTABLE[col];
    if (!key || mode !== 'list') return h('th', { scope: 'col', 'data-col': col, text });
    const on = params.sort === key;
    const btn = h('button', {
      type: 'button', class: 'sort-btn', 'data-sort': key,
      'aria-label': t('cases.sort_by', { column: text }),
    }, text, h('span', { class: 'sort-mark', 'aria-hidden': 'true', text: on ? (params.order === 'asc' ? ' ▲' : ' ▼') : '' }));
    btn.addEventListener('click', () => {
      if (params.sort === key) params.order = params.order === 'asc' ? 'desc' : 'asc';
      else {
        params.sort = key;
        params.order = key === 'reference' || key === 'status' ? 'asc' : 'desc';
      }
      params.offset = 0;
      fetchList().then(() => {
        const again = holder.querySelector('[data-sort="' + key + '"]');
        if (again) again.focus();
      });
    });
    return h('th', { scope: 'col', 'data-col': col, 'aria-sort': on ? (params.order === 'asc' ? 'ascending' : 'descending') : undefined }, btn);
  };

  const draw = () => {
    if (!columns) return;
    clear(holder);
    holder.removeAttribute('aria-busy');
    // the risk level, when the server gives it, beside the reference (not
    // one of the saved columns)
    const risk = rows.some((r) => r && !r.restricted && Object.prototype.hasOwnProperty.call(r, 'risk_level'));
    const cols = ['reference'].concat(risk ? ['risk'] : [], columns.filter((c) => c !== 'reference'));
    if (rows.length === 0) {
      holder.appendChild(h('p', { class: 'muted empty', text: t('cases.none') }));
    } else {
      const trs = rows.map((r) => {
        const ref = h('th', { scope: 'row', 'data-label': colName('reference') },
          h('a', { href: caseHref(r.id), class: 'case-ref', 'data-open': String(r.id), text: r.reference }),
          r.sealed ? [' ', sealedBadge()] : null);
        if (r.restricted) {
          return h('tr', { 'data-case': String(r.id), class: 'is-restricted', 'data-restricted': '' }, ref,
            h('td', { colSpan: cols.length - 1, 'data-label': '' }, h('span', { class: 'muted', text: t('cases.restricted') })));
        }
        const late = (r.overdue_tasks || 0) > 0;
        return h('tr', {
          'data-case': String(r.id), 'data-risk': r.risk_level || undefined,
          class: [late ? 'has-overdue-row' : '', highRisk(r.risk_level) ? 'has-risk-row risk-row-' + r.risk_level : ''],
        }, ref,
          cols.slice(1).map((c) => cell(colName(c), { 'data-col': c }, registerCell(c, r))));
      });
      holder.appendChild(h('table', { class: 'table table-cards table-cases' },
        h('caption', { class: 'visually-hidden', text: t('cases.caption') }),
        h('thead', null, h('tr', null, cols.map(headCell))),
        h('tbody', null, trs)));
    }
    if (mode === 'list') {
      const first = total === 0 ? 0 : params.offset + 1;
      // A large register is counted up to a cap: "of more than N", and
      // the pages go on while they come full.
      summary.textContent = t(capped ? 'cases.count_many' : 'cases.count', { from: first, to: params.offset + rows.length, total });
      pager.hidden = !capped && total <= PAGE;
      prev.disabled = params.offset === 0;
      next.disabled = capped ? rows.length < PAGE : params.offset + rows.length >= total;
    } else {
      summary.textContent = t('cases.found', { n: rows.length });
      pager.hidden = true;
    }
    kept = { values: values(), params: Object.assign({}, params) };
    drawPrio();
  };

  const setMode = (m, text) => {
    mode = m;
    clear(modeLine);
    modeLine.hidden = m === 'list';
    if (m !== 'list') {
      const back = h('button', { type: 'button', class: 'btn btn-small btn-link', 'data-action': 'back-to-register', text: t('cases.back_to_register') });
      back.addEventListener('click', () => {
        setMode('list');
        fetchList();
      });
      modeLine.append(h('p', { class: 'mode-text', text }), back);
    }
  };

  const fetchList = async () => {
    box.clear();
    holder.setAttribute('aria-busy', 'true');
    try {
      const v = values();
      const r = await api.get('/api/v1/cases' + api.query(Object.assign({}, v, {
        sort: params.sort, order: params.sort === 'priority' ? null : params.order, limit: PAGE, offset: params.offset,
      })));
      rows = Array.isArray(r.cases) ? r.cases : [];
      total = typeof r.total === 'number' ? r.total : rows.length;
      capped = r.total_capped === true;
      draw();
    } catch (e) {
      holder.removeAttribute('aria-busy');
      clear(holder);
      showError(e, box, fields);
    }
  };

  filterForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    for (const f of Object.values(fields)) f.clearError();
    params.offset = 0;
    setMode('list');
    busy(submit, fetchList);
  });
  reset.addEventListener('click', () => {
    for (const f of Object.values(fields)) f.input.value = '';
    params.offset = 0;
    setMode('list');
    fetchList();
  });
  prev.addEventListener('click', () => {
    params.offset = Math.max(0, params.offset - PAGE);
    busy(prev, fetchList);
  });
  next.addEventListener('click', () => {
    params.offset += PAGE;
    busy(next, fetchList);
  });
  exactForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ebox.clear();
    for (const f of Object.values(exactFields)) f.clearError();
    const k = ekind.input.value;
    let body;
    if (k === 'name') body = { first_name: efn.input.value.trim(), last_name: eln.input.value.trim(), date_of_birth: edob.input.value };
    else if (k === 'phone') body = { phone: ephone.input.value.trim() };
    else if (k === 'document') body = { document: edoc.input.value.trim() };
    else body = { email: eemail.input.value.trim() };
    busy(ebtn, async () => {
      try {
        const r = await api.post('/api/v1/cases/search', body);
        rows = Array.isArray(r.cases) ? r.cases : [];
        setMode('exact', t('cases.mode_exact'));
        draw();
        announce(summary.textContent);
      } catch (e) {
        showError(e, ebox, exactFields);
      }
    });
  });
  wordForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ebox.clear();
    word.clearError();
    const text = word.input.value.trim();
    if (text.length < 2 || /\s/.test(text)) {
      word.setError(t('cases.word_invalid'));
      word.input.focus();
      return;
    }
    busy(wbtn, async () => {
      try {
        const r = await api.post('/api/v1/cases/search', { text });
        rows = Array.isArray(r.cases) ? r.cases : [];
        setMode('word', t('cases.mode_word', { word: text }));
        draw();
        announce(summary.textContent);
      } catch (e) {
        showError(e, ebox, { text: word });
      }
    });
  });

  Promise.all([
    loadEnums(), loadStaff().catch(() => []),
    api.get('/api/v1/preferences/case_register').catch(() => null),
  ]).then(([, people, pref]) => {
    for (const [f, kind] of [[status, 'case_status'], [form, 'exploitation']]) {
      for (const [v, text] of options(kind)) f.input.appendChild(h('option', { value: v, text }));
    }
    for (const p of people) kc.input.appendChild(h('option', { value: String(p.id), text: p.username }));
    const cols = pref && pref.value && Array.isArray(pref.value.columns) ? pref.value.columns : null;
    columns = cols && cols.length ? cols : ['reference', 'person', 'status', 'key_consultant', 'urgent', 'opened_at', 'open_tasks', 'missing'];
    drawChooser();
    if (kept) {
      for (const [k, v] of Object.entries(kept.values || {})) if (fields[k]) fields[k].input.value = v;
      params = Object.assign({}, kept.params);
    }
    return fetchList();
  }).catch((e) => {
    holder.removeAttribute('aria-busy');
    box.error(errorText(e));
  });

  return h('div', { class: 'page page-wide page-cases' },
    h('div', { class: 'page-head' }, heading(t('cases.heading')),
      h('div', { class: 'actions' },
        h('a', { href: '#/catalogue', class: 'btn', 'data-action': 'catalogue', text: t('catalogue.link') }),
        h('a', { href: '#/persons/new', class: 'btn', 'data-action': 'new-person', text: t('persons.new') }))),
    h('section', { class: 'card' }, filterForm),
    h('details', { class: 'card searches' },
      h('summary', { 'data-action': 'searches', text: t('cases.searches') }),
      h('div', { class: 'search-grid' }, exactForm, wordForm), ebox.el),
    box.el,
    h('div', { class: 'toolbar' }, summary, prioBtn, colDetails),
    modeLine,
    h('section', { class: 'card card-flush' }, holder),
    pager);
}

// ==== one case

const DECISION_ITEMS = ['decision_cooperation', 'decision_family', 'decision_return'];
const LEGAL_KINDS = ['certificate', 'residence_permit', 'support_programme', 'proceedings', 'compensation'];

function who(by, at) {
  const parts = [];
  if (by && by.username) parts.push(by.username);
  if (at) parts.push(dateTimeText(at));
  return parts.join(', ');
}

// The server's text of an event, with codes shown by their labels:
// "identified>closed" and "health_mental: done".
function eventText(ev) {
  const text = String(ev.text);
  let m;
  if (ev.kind === 'status' && (m = /^([a-z_]+)>([a-z_]+)$/.exec(text))) {
    return label('case_status', m[1]) + ' → ' + label('case_status', m[2]);
  }
  if (ev.kind === 'pathway' && (m = /^([a-z_]+): ([a-z_]+)$/.exec(text))) {
    return label('pathway_item', m[1]) + ': ' + label('pathway_status', m[2]);
  }
  if (ev.kind === 'screening' && (m = /^screening ([a-z_]+): tool ([a-z_?]+), consultant ([a-z_]+)( \(disagrees.*\))?$/.exec(text))) {
    return t('timeline.screening_text', { list: listName(m[1]), tool: verdictName(m[2]), conclusion: verdictName(m[3]) }) +
      (m[4] ? ' ' + t('timeline.screening_disagrees') : '');
  }
  if (ev.kind === 'referral' || ev.kind === 'consent') return referralEventText(ev);
  if (ev.kind === 'interpreter' && (m = /^interpreter booked: (.+), ([a-z]{2,3}), (\S+) to (\S+), ([a-z_]+)$/.exec(text))) {
    return t('timeline.interpreter_booked', { name: m[1], language: m[2], from: dateTimeText(m[3]), to: dateTimeText(m[4]), mode: label('interpreter_mode', m[5]) });
  }
  if (ev.kind === 'interpreter' && (m = /^interpreter booking (cancelled|done|changed): (.+), (\S+)$/.exec(text))) {
    return t('timeline.interpreter_' + m[1], { name: m[2], from: dateTimeText(m[3]) });
  }
  if (ev.kind === 'risk' && (m = /^risk ([a-z]+) \(severity (\d) x likelihood (\d)\)(:.*)?$/.exec(text))) {
    return t('timeline.risk_text', { level: levelName(m[1]), s: m[2], l: m[3] }) + (m[4] ? ' ' + t('timeline.risk_steps') : '');
  }
  return text;
}

function renderCase(id) {
  const box = notice();
  const titleEl = heading(t('case.title'));
  const back = h('a', { href: '#/cases', class: 'back-link', text: t('case.back') });
  const headEl = h('div', { class: 'case-head', 'aria-busy': 'true' }, h('p', { class: 'muted', text: t('common.loading') }));
  const statusEl = h('section', { class: 'card', 'aria-labelledby': 'cs-status-title', hidden: true });
  const pathwayEl = h('section', { class: 'card', id: 'pathway', 'aria-labelledby': 'pathway-title', hidden: true });
  const legalEl = h('section', { class: 'card', id: 'legal', 'aria-labelledby': 'legal-title', hidden: true });
  const tasksEl = h('section', { class: 'card', id: 'case-tasks', 'aria-labelledby': 'ctasks-title', hidden: true });
  const timelineEl = h('section', { class: 'card', id: 'timeline', 'aria-labelledby': 'timeline-title', hidden: true });
  const detailsEl = h('section', { class: 'card', id: 'case-details', 'aria-labelledby': 'cdetails-title', hidden: true });
  const accessEl = h('section', { class: 'card', id: 'case-access', 'aria-labelledby': 'caccess-title', hidden: true });
  const careEl = h('div', { class: 'care-holder' });
  const screeningEl = h('section', { class: 'card', id: 'case-screening', 'aria-labelledby': 'cscreen-title', hidden: true });
  const riskEl = h('section', { class: 'card', id: 'case-risk', 'aria-labelledby': 'crisk-title', hidden: true });
  const interpEl = h('section', { class: 'card', id: 'case-interpreters', 'aria-labelledby': 'cinterp-title', hidden: true });
  const shelterEl = h('section', { class: 'card', id: 'case-shelter', 'aria-labelledby': 'cshelter-title', hidden: true });
  const refsPart = referralsPart(id, { onChange: () => { reload(true); loadTimeline(); } });
  const sections = [statusEl, screeningEl, riskEl, pathwayEl, legalEl, tasksEl, timelineEl, detailsEl, accessEl];
  sections.push(refsPart.el);

  const me = state.user || {};
  const coordinator = isCoordinator(me);
  let c = null;
  let staff = [];
  let events = null;
  let screenings = null;
  let assessments = null;

  const path = (more) => '/api/v1/cases/' + encodeURIComponent(id) + (more || '');

  const focusSel = (sel) => {
    if (!sel) return;
    const el = document.querySelector(sel);
    if (el) el.focus();
  };

  const noAccess = () => {
    clear(headEl);
    headEl.removeAttribute('aria-busy');
    for (const s of sections) s.hidden = true;
    clear(careEl);
    titleEl.textContent = t('case.no_access_title');
    let un = null;
    if (coordinator) {
      // coordinators may unseal a case they cannot open
      un = h('button', { type: 'button', class: 'btn btn-danger-quiet', 'data-action': 'unseal', text: t('case.unseal') });
      un.addEventListener('click', () => busy(un, async () => {
        box.clear();
        try {
          await api.post(path('/unseal'), {});
          box.success(t('case.unsealed_done'));
          await reload();
          loadTimeline();
          loadScreenings();
          loadRisk();
        } catch (e) {
          box.error(errorText(e));
        }
      }));
    }
    headEl.append(h('div', { class: 'callout callout-warn no-access', 'data-no-access': '', role: 'alert' },
      h('p', { class: 'confirm-q', text: t('case.no_access') }),
      h('p', { text: coordinator ? t('case.no_access_coordinator') : t('case.no_access_hint') }),
      un ? h('div', { class: 'actions' }, un) : null));
  };

  const fail = (e) => {
    if (e.status === 403) {
      noAccess();
      return;
    }
    clear(headEl);
    headEl.removeAttribute('aria-busy');
    box.error(e.status === 404 ? t('case.not_found') : errorText(e));
  };

  // ---- the header
  const drawHead = () => {
    clear(headEl);
    headEl.removeAttribute('aria-busy');
    titleEl.textContent = t('case.title_ref', { ref: c.reference });
    put(headEl, h('p', { class: 'case-sub' },
      statusChip(c.status),
      c.urgent ? urgentBadge() : null,
      c.risk_level ? riskBadge(c.risk_level) : null,
      c.sealed ? sealedBadge() : null),
    riskAlert(c),
    h('dl', { class: 'facts case-facts' },
      h('div', { 'data-fact': 'person' }, h('dt', { text: t('case.person') }),
        h('dd', null, h('a', { href: personHref(c.person.id), class: 'pseudonym', 'data-person-link': String(c.person.id), text: c.person.pseudonym }),
          ' ', h('span', { class: 'muted', text: [c.person.sex && c.person.sex !== 'unknown' ? label('sex', c.person.sex) : '',
            c.person.minor ? t('person.minor_short') : '', c.person.citizenship || ''].filter(Boolean).join(' · ') }))),
      h('div', { 'data-fact': 'key_consultant' }, h('dt', { text: t('case.key_consultant') }),
        h('dd', { text: c.key_consultant ? c.key_consultant.username : t('case.no_key_consultant') })),
      h('div', { 'data-fact': 'forms' }, h('dt', { text: t('case.forms') }), h('dd', { text: formsText(c.forms) || '—' })),
      h('div', { 'data-fact': 'opened' }, h('dt', { text: t('case.opened_at') }), h('dd', { text: dayOfIso(c.opened_at) })),
      c.status === 'closed' ? h('div', { 'data-fact': 'closed' }, h('dt', { text: t('case.closed_at') }),
        h('dd', { text: dayOfIso(c.closed_at) + (c.close_reason ? ' — ' + label('close_reason', c.close_reason) : '') })) : null));
  };

  // ---- the status and its legal next steps
  const drawStatus = () => {
    clear(statusEl);
    statusEl.hidden = false;
    const sbox = notice();
    const actions = h('div', { class: 'actions status-actions' });
    const asked = h('div', { class: 'close-ask' });
    const change = (to, reason, btn) => busy(btn, async () => {
      sbox.clear();
      const body = { status: to, version: c.version };
      if (reason) body.close_reason = reason;
      try {
        const r = await api.post(path('/status'), body);
        c = r.case;
        drawAll();
        box.success(t('case.status_changed', { status: label('case_status', c.status) }));
        announce(t('case.status_changed', { status: label('case_status', c.status) }));
        focusSel('#cs-status-title');
        loadTimeline();
      } catch (e) {
        if (e.status === 409) {
          await reload();
          box.error(t('case.conflict'));
          return;
        }
        if (e.field === 'close_reason') sbox.error(t('case.close_reason_needed'));
        else sbox.error(e.status === 422 ? t('case.illegal_transition') : errorText(e));
      }
    });
    for (const to of nextStatuses(c)) {
      const reopen = c.status === 'closed';
      const btn = h('button', {
        type: 'button', class: ['btn', to === 'closed' ? 'btn-danger-quiet' : 'btn-primary'],
        'data-action': 'status', 'data-to': to,
        text: reopen ? t('case.reopen', { status: label('case_status', to) })
          : (to === 'closed' ? t('case.close') : t('case.move_to', { status: label('case_status', to) })),
      });
      btn.addEventListener('click', () => {
        if (to !== 'closed') {
          change(to, null, btn);
          return;
        }
        clear(asked);
        const reason = field({
          id: 'cs-close-reason', name: 'close_reason', type: 'select', label: t('case.close_reason'),
          options: [['', t('case.choose')]].concat(options('close_reason')),
        });
        const yes = h('button', { type: 'button', class: 'btn btn-danger', 'data-action': 'close-confirm', text: t('case.close_confirm') });
        const no = h('button', { type: 'button', class: 'btn btn-link', text: t('common.cancel') });
        no.addEventListener('click', () => { clear(asked); btn.focus(); });
        yes.addEventListener('click', () => {
          reason.clearError();
          if (!reason.input.value) {
            reason.setError(t('case.close_reason_needed'));
            reason.input.focus();
            return;
          }
          change('closed', reason.input.value, yes);
        });
        asked.append(h('div', { class: 'inline-form' }, reason.el, h('div', { class: 'actions' }, yes, no)));
        reason.input.focus();
      });
      actions.appendChild(btn);
    }
    statusEl.append(
      h('h2', { id: 'cs-status-title', tabIndex: -1, text: t('case.status_title') }),
      h('p', { class: 'status-now' }, t('case.status_now'), ' ', statusChip(c.status)),
      nextStatuses(c).length ? actions : h('p', { class: 'muted', text: t('case.no_next') }),
      asked, sbox.el);
  };

  // ---- the pathway
  const pathwayForm = (item, li) => {
    const fbox = notice();
    const key = 'pw-' + item.item;
    const st = field({
      id: key + '-status', name: 'status', type: 'select', label: t('pathway.status'),
      options: [['', t('pathway.not_assessed')]].concat(options('pathway_status')), value: item.status || '',
    });
    const notes = field({ id: key + '-notes', name: 'notes', type: 'textarea', rows: 2, label: t('pathway.notes'), value: item.notes || '', maxLength: 2000 });
    const fields = { status: st, notes };
    const decisionItem = DECISION_ITEMS.includes(item.item);
    let dec = null;
    let decOn = null;
    let informed = null;
    if (decisionItem) {
      dec = field({
        id: key + '-decision', name: 'decision', type: 'select', label: t('pathway.decision'),
        options: [['', t('pathway.decision_none')], ['yes', t('pathway.decision_yes')], ['no', t('pathway.decision_no')],
          ['undecided', t('pathway.decision_undecided')]], value: item.decision || '',
      });
      decOn = field({ id: key + '-decided', name: 'decided_on', type: 'date', label: t('pathway.decided_on'), value: item.decided_on || '' });
      informed = field({
        id: key + '-informed', name: 'informed', type: 'select', label: t('pathway.informed'),
        options: [['', t('pathway.informed_unknown')], ['true', t('common.yes')], ['false', t('common.no')]],
        value: item.informed === null || item.informed === undefined ? '' : String(item.informed),
      });
      Object.assign(fields, { decision: dec, decided_on: decOn, informed });
    }
    const save = h('button', { type: 'submit', class: 'btn btn-primary btn-small', 'data-action': 'save-item', text: t('common.save') });
    const cancel = h('button', { type: 'button', class: 'btn btn-link btn-small', text: t('common.cancel') });
    const form = h('form', { class: 'pathway-form', novalidate: true },
      h('div', { class: 'form-grid' }, st.el, decisionItem ? [dec.el, decOn.el, informed.el] : null),
      notes.el,
      decisionItem ? h('p', { class: 'hint', text: t('pathway.decision_hint') }) : null,
      fbox.el, h('div', { class: 'actions' }, save, cancel));
    cancel.addEventListener('click', () => {
      drawPathway();
      focusSel('[data-item="' + item.item + '"] [data-action="edit-item"]');
    });
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      fbox.clear();
      const body = { status: st.input.value || null, notes: notes.input.value.trim() || null };
      if (decisionItem) {
        body.decision = dec.input.value || null;
        body.decided_on = decOn.input.value || null;
        body.informed = informed.input.value === '' ? null : informed.input.value === 'true';
      }
      busy(save, async () => {
        try {
          const r = await api.request('PUT', path('/pathway/' + encodeURIComponent(item.item)), body);
          const i = c.pathway.findIndex((x) => x.item === item.item);
          if (i >= 0 && r.item) c.pathway[i] = r.item;
          if (Array.isArray(r.missing)) c.missing = r.missing;
          drawPathway();
          announce(t('pathway.saved', { item: label('pathway_item', item.item) }));
          focusSel('[data-item="' + item.item + '"] [data-action="edit-item"]');
          reload(true);
          loadTimeline();
        } catch (e) {
          showError(e, fbox, fields);
        }
      });
    });
    clear(li);
    li.classList.add('is-editing');
    li.append(h('h3', { class: 'pw-name', text: label('pathway_item', item.item) }), form);
    st.input.focus();
  };

  const drawPathway = () => {
    clear(pathwayEl);
    pathwayEl.hidden = false;
    const missing = Array.isArray(c.missing) ? c.missing : [];
    const missingBox = missing.length
      ? h('div', { class: 'callout callout-warn missing', 'data-missing': String(missing.length) },
        h('p', { class: 'confirm-q', text: t('pathway.missing', { n: missing.length }) }),
        h('ul', { class: 'missing-list' }, missing.map((m) => h('li', { 'data-missing-item': m }, jumpLink('pw-' + m, label('pathway_item', m))))))
      : h('div', { class: 'callout callout-ok missing', 'data-missing': '0' },
        h('span', { class: 'tick', 'aria-hidden': 'true', text: '✓' }), t('pathway.nothing_missing'));
    const items = (c.pathway || []).map((it, i) => {
      const li = h('li', {
        class: ['pw-item', 'pw-' + (it.status || 'none'), missing.includes(it.item) ? 'is-missing' : ''],
        'data-item': it.item, 'data-item-status': it.status || '', id: 'pw-' + it.item,
      });
      const edit = h('button', {
        type: 'button', class: 'btn btn-small', 'data-action': 'edit-item',
        'aria-label': t('pathway.edit_named', { item: label('pathway_item', it.item) }), text: t('pathway.edit'),
      });
      edit.addEventListener('click', () => pathwayForm(it, li));
      const decisionItem = DECISION_ITEMS.includes(it.item);
      li.append(
        h('span', { class: 'pw-num', 'aria-hidden': 'true', text: String(i + 1) }),
        h('div', { class: 'pw-main' },
          h('p', { class: 'pw-line' },
            h('span', { class: 'pw-name', text: label('pathway_item', it.item) }),
            h('span', {
              class: ['badge', 'pw-chip', 'pw-chip-' + (it.status || 'none')],
              text: it.status ? label('pathway_status', it.status) : t('pathway.not_assessed'),
            })),
          it.by || it.at ? h('p', { class: 'pw-who muted', text: who(it.by, it.at) }) : null,
          decisionItem && (it.decision || it.decided_on || it.informed !== null) ? h('p', { class: 'pw-decision' },
            t('pathway.decision') + ': ' + (it.decision ? t('pathway.decision_' + it.decision) : '—') +
            (it.decided_on ? ' · ' + t('pathway.decided_on') + ': ' + dateText(it.decided_on) : '') +
            ' · ' + t('pathway.informed') + ': ' + yesNo(it.informed)) : null,
          it.notes ? h('p', { class: 'pw-notes prewrap', text: it.notes }) : null),
        h('div', { class: 'pw-actions' }, edit));
      return li;
    });
    pathwayEl.append(
      h('div', { class: 'card-head' }, h('h2', { id: 'pathway-title', tabIndex: -1, text: t('pathway.title') })),
      missingBox,
      h('ol', { class: 'pathway' }, items));
  };

  // ---- the legal track
  const legalForm = (kind) => {
    const v = (c.legal && c.legal[kind]) || null;
    const o = v || {};
    const fbox = notice();
    const k = 'lg-' + kind;
    const d = (name, lbl) => field({ id: k + '-' + name, name, type: 'date', label: lbl, value: o[name] || '' });
    const tx = (name, lbl) => field({ id: k + '-' + name, name, label: lbl, value: o[name] || '', maxLength: 200 });
    const sel = (name, lbl, codes) => field({
      id: k + '-' + name, name, type: 'select', label: lbl,
      options: [['', '—']].concat(codes.map((x) => [x, t('legal.' + name + '_' + x)])), value: o[name] || '',
    });
    const fields = {};
    const parts = [];
    let extra = null;
    let hearings = null;
    if (kind === 'certificate') {
      Object.assign(fields, { authority: tx('authority', t('legal.authority')), issued_on: d('issued_on', t('legal.issued_on')) });
      extra = v && v.expires_on ? h('p', { class: 'legal-computed', 'data-expires': v.expires_on },
        t('legal.expires_computed', { date: dateText(v.expires_on) })) : h('p', { class: 'hint', text: t('legal.expires_hint') });
    } else if (kind === 'residence_permit') {
      Object.assign(fields, {
        applied_on: d('applied_on', t('legal.applied_on')),
        decision: sel('decision', t('legal.decision'), ['pending', 'granted', 'refused']),
        decided_on: d('decided_on', t('legal.decided_on')),
        expires_on: d('expires_on', t('legal.expires_on')),
      });
    } else if (kind === 'support_programme') {
      const cm = field({
        id: k + '-conditions', name: 'conditions_met', type: 'select', label: t('legal.conditions_met'),
        options: [['', '—'], ['true', t('common.yes')], ['false', t('common.no')]],
        value: o.conditions_met === null || o.conditions_met === undefined ? '' : String(o.conditions_met),
      });
      Object.assign(fields, { conditions_met: cm, started_on: d('started_on', t('legal.started_on')), ended_on: d('ended_on', t('legal.ended_on')) });
    } else if (kind === 'proceedings') {
      Object.assign(fields, {
        notified_on: d('notified_on', t('legal.notified_on')), authority: tx('authority', t('legal.authority')),
        signature: tx('signature', t('legal.signature')),
      });
      const rows = [];
      const list = h('div', { class: 'hearing-rows' });
      const addRow = (hg) => {
        const i = rows.length;
        const date = h('input', { type: 'date', id: k + '-h-date-' + i, 'aria-label': t('legal.hearing_date'), value: (hg && hg.date) || '' });
        const kindSel = h('select', { id: k + '-h-kind-' + i, 'aria-label': t('legal.hearing_kind') },
          ['hearing', 'testimony'].map((x) => h('option', { value: x, text: t('legal.kind_' + x) })));
        kindSel.value = (hg && hg.kind) || 'hearing';
        const sw = h('input', { type: 'checkbox', id: k + '-h-sw-' + i, checked: !!(hg && hg.support_worker_present) });
        const row = { date, kindSel, sw };
        rows.push(row);
        list.appendChild(h('div', { class: 'hearing-row', 'data-hearing': String(i) }, date, kindSel,
          h('span', { class: 'check' }, sw, h('label', { for: k + '-h-sw-' + i, text: t('legal.support_worker') }))));
        return row;
      };
      for (const hg of (o.hearings || [])) addRow(hg);
      const add = h('button', { type: 'button', class: 'btn btn-small btn-link', 'data-action': 'add-hearing', text: t('legal.add_hearing') });
      add.addEventListener('click', () => addRow(null).date.focus());
      hearings = { rows };
      extra = h('fieldset', { class: 'group hearings' }, h('legend', { text: t('legal.hearings') }), list, add);
    } else if (kind === 'compensation') {
      Object.assign(fields, {
        claimed_on: d('claimed_on', t('legal.claimed_on')), against: tx('against', t('legal.against')),
        status: sel('status', t('legal.comp_status'), ['pending', 'awarded', 'refused']),
      });
      fields.notes = field({ id: k + '-notes', name: 'notes', type: 'textarea', rows: 2, label: t('legal.notes'), value: o.notes || '', maxLength: 1000 });
    }
    for (const f of Object.values(fields)) if (f.input.type !== 'textarea' && f.input.tagName !== 'TEXTAREA') parts.push(f.el);
    const save = h('button', { type: 'submit', class: 'btn btn-primary btn-small', 'data-action': 'save-legal', text: t('common.save') });
    const del = v ? h('button', { type: 'button', class: 'btn btn-small btn-danger-quiet', 'data-action': 'clear-legal', text: t('legal.clear') }) : null;
    const form = h('form', { class: 'legal-form', novalidate: true, 'data-legal': kind, 'aria-labelledby': k + '-title' },
      h('h3', { id: k + '-title', tabIndex: -1 }, t('legal.' + kind),
        v ? null : h('span', { class: 'muted legal-none', text: ' — ' + t('legal.none') })),
      h('div', { class: 'form-grid' }, parts), extra,
      fields.notes ? fields.notes.el : null,
      fbox.el, h('div', { class: 'actions' }, save, del));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      fbox.clear();
      for (const f of Object.values(fields)) f.clearError();
      const body = {};
      for (const [name, f] of Object.entries(fields)) {
        const val = f.input.value.trim();
        if (name === 'conditions_met') body[name] = val === '' ? null : val === 'true';
        else body[name] = val === '' ? null : val;
      }
      if (hearings) {
        body.hearings = hearings.rows.filter((r) => r.date.value !== '')
          .map((r) => ({ date: r.date.value, kind: r.kindSel.value, support_worker_present: r.sw.checked }));
      }
      busy(save, async () => {
        try {
          const r = await api.request('PUT', path('/legal/' + kind), body);
          if (r.legal) c.legal = r.legal;
          drawLegal();
          const made = Array.isArray(r.tasks) ? r.tasks.length : 0;
          box.success(t('legal.saved', { what: t('legal.' + kind) }) + (made ? ' ' + t('legal.tasks_made', { n: made }) : ''));
          focusSel('#lg-' + kind + '-title');
          reload(true);
          loadTimeline();
        } catch (e) {
          showError(e, fbox, fields);
        }
      });
    });
    if (del) {
      del.addEventListener('click', () => busy(del, async () => {
        try {
          await api.del(path('/legal/' + kind));
          if (c.legal) c.legal[kind] = null;
          drawLegal();
          focusSel('#lg-' + kind + '-title');
          reload(true);
          loadTimeline();
        } catch (e) {
          fbox.error(errorText(e));
        }
      }));
    }
    return form;
  };

  const drawLegal = () => {
    clear(legalEl);
    legalEl.hidden = false;
    const foreign = c.person && c.person.citizenship && c.person.citizenship !== 'PL';
    legalEl.append(
      h('h2', { id: 'legal-title', tabIndex: -1, text: t('legal.title') }),
      h('p', { class: 'hint', text: foreign ? t('legal.hint_foreign') : t('legal.hint') }),
      h('div', { class: 'legal-grid' }, LEGAL_KINDS.map(legalForm)));
  };

  // ---- tasks
  const drawTasks = () => {
    clear(tasksEl);
    tasksEl.hidden = false;
    const list = Array.isArray(c.tasks) ? c.tasks : [];
    const tbox = notice();
    const items = list.map((tk) => taskItem(tk, {
      onDone: () => {
        c.tasks = c.tasks.filter((x) => x.id !== tk.id);
        drawTasks();
        focusSel('#ctasks-title');
        reload(true);
        loadTimeline();
      },
      box: tbox,
    }));
    const titleF = field({ id: 'ct-title', name: 'title', label: t('tasks.what'), maxLength: 200, autocomplete: 'off' });
    const due = field({ id: 'ct-due', name: 'due_on', type: 'date', label: t('tasks.due_on'), value: today() });
    const kind = field({
      id: 'ct-kind', name: 'kind', type: 'select', label: t('tasks.kind'),
      options: options('task_kind').filter(([k]) => k !== 'deadline'),
    });
    const assignee = field({
      id: 'ct-assignee', name: 'assignee_id', type: 'select', label: t('tasks.assignee'),
      options: staff.map((s) => [String(s.id), s.username]),
      value: String(staff.some((s) => s.id === me.id) ? me.id : (c.key_consultant ? c.key_consultant.id : '')),
    });
    const add = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'add-task', text: t('tasks.add') });
    const fields = { title: titleF, due_on: due, kind, assignee_id: assignee };
    const form = h('form', { class: 'stack add-task', novalidate: true, 'aria-labelledby': 'ct-add-title' },
      h('h3', { id: 'ct-add-title', text: t('tasks.add_title') }),
      h('div', { class: 'form-grid' }, titleF.el, due.el, kind.el, assignee.el),
      h('div', { class: 'actions' }, add));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      tbox.clear();
      for (const f of Object.values(fields)) f.clearError();
      if (titleF.input.value.trim() === '') {
        titleF.setError(t('tasks.what_needed'));
        titleF.input.focus();
        return;
      }
      busy(add, async () => {
        try {
          const r = await api.post('/api/v1/tasks', {
            case_id: c.id, person_id: c.person.id, kind: kind.input.value, title: titleF.input.value.trim(),
            due_on: due.input.value, assignee_id: Number(assignee.input.value),
          });
          c.tasks = (c.tasks || []).concat([r.task]).sort((a, b) => String(a.due_on).localeCompare(String(b.due_on)));
          drawTasks();
          announce(t('tasks.added'));
          focusSel('#ct-title');
          reload(true);
          loadTimeline();
        } catch (e) {
          showError(e, tbox, fields);
        }
      });
    });
    tasksEl.append(
      h('h2', { id: 'ctasks-title', tabIndex: -1, text: t('tasks.of_case') }),
      items.length ? h('ul', { class: 'items task-list' }, items) : h('p', { class: 'muted empty', text: t('tasks.none') }),
      tbox.el, form);
  };

  // ---- the time line
  const drawTimeline = () => {
    clear(timelineEl);
    timelineEl.hidden = false;
    const nbox = notice();
    const note = field({ id: 'tl-note', name: 'text', type: 'textarea', rows: 3, label: t('timeline.note'), maxLength: 4000 });
    const add = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'add-note', text: t('timeline.add_note') });
    const form = h('form', { class: 'stack note-form', novalidate: true }, note.el, nbox.el, h('div', { class: 'actions' }, add));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      nbox.clear();
      note.clearError();
      const text = note.input.value.trim();
      if (text === '') {
        note.setError(t('timeline.note_needed'));
        note.input.focus();
        return;
      }
      busy(add, async () => {
        try {
          await api.post(path('/notes'), { text });
          note.input.value = '';
          await loadTimeline();
          announce(t('timeline.note_added'));
          focusSel('#tl-note');
        } catch (e) {
          showError(e, nbox, { text: note });
        }
      });
    });
    let list;
    if (events === null) list = h('p', { class: 'muted', text: t('common.loading') });
    else if (events.length === 0) list = h('p', { class: 'muted empty', text: t('timeline.none') });
    else {
      list = h('ol', { class: 'timeline' }, events.map((ev) => h('li', { class: 'tl-item tl-' + ev.kind, 'data-event': ev.kind },
        h('p', { class: 'tl-head' },
          h('span', { class: 'tl-when', text: dateTimeText(ev.at) }),
          h('span', { class: 'badge badge-calm tl-kind', text: has('timeline.kind_' + ev.kind) ? t('timeline.kind_' + ev.kind) : ev.kind }),
          ev.by ? h('span', { class: 'muted', text: ev.by.username }) : null),
        ev.text ? h('p', { class: 'tl-text prewrap', text: eventText(ev) }) : null,
        ev.contact_id ? h('p', { class: 'tl-link' }, h('a', { href: contactHref(ev.contact_id), 'data-contact-link': String(ev.contact_id), text: t('timeline.open_contact') })) : null)));
    }
    timelineEl.append(h('h2', { id: 'timeline-title', tabIndex: -1, text: t('timeline.title') }), form, list);
  };

  const loadTimeline = async () => {
    try {
      const r = await api.get(path('/timeline'));
      events = Array.isArray(r.events) ? r.events : [];
    } catch (e) {
      events = [];
    }
    if (c) {
      const keepNote = document.getElementById('tl-note');
      const typed = keepNote ? keepNote.value : '';
      const hadFocus = keepNote && document.activeElement === keepNote;
      drawTimeline();
      if (typed) document.getElementById('tl-note').value = typed;
      if (hadFocus) focusSel('#tl-note');
    }
  };

  // ---- the case details: forms, countries, urgency
  const drawDetails = () => {
    clear(detailsEl);
    detailsEl.hidden = false;
    const dbox = notice();
    const forms = checkGroup({ id: 'cd-forms', kind: 'exploitation', legend: t('case.forms'), columns: 'cols-3' });
    forms.set(c.forms);
    const countries = c.countries || {};
    const ctry = (k) => field({
      id: 'cd-' + k, name: k, label: t('case.countries_' + k), hint: t('case.countries_hint'),
      value: (countries[k] || []).join(', '), spellcheck: false, autocapitalize: 'characters',
    });
    const origin = ctry('origin');
    const transit = ctry('transit');
    const expl = ctry('exploitation');
    const urgentBox = h('input', { type: 'checkbox', id: 'cd-urgent', checked: !!c.urgent });
    const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'save-details', text: t('common.save') });
    const fields = { forms, 'countries.origin': origin, 'countries.transit': transit, 'countries.exploitation': expl, countries: origin };
    const form = h('form', { class: 'stack', novalidate: true },
      forms.el,
      h('div', { class: 'form-grid form-grid-3' }, origin.el, transit.el, expl.el),
      h('div', { class: 'check' }, urgentBox, h('label', { for: 'cd-urgent', text: t('case.urgent_flag') })),
      dbox.el, h('div', { class: 'actions' }, save));
    const codes = (f) => f.input.value.split(/[\s,;]+/).map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      dbox.clear();
      busy(save, async () => {
        try {
          const r = await api.patch(path(), {
            version: c.version, forms: forms.value(), urgent: urgentBox.checked,
            countries: { origin: codes(origin), transit: codes(transit), exploitation: codes(expl) },
          });
          c = r.case;
          drawAll();
          box.success(t('case.saved'));
          focusSel('#cdetails-title');
          loadTimeline();
        } catch (e) {
          if (e.status === 409) {
            await reload();
            box.error(t('case.conflict'));
            return;
          }
          showError(e, dbox, fields);
        }
      });
    });
    detailsEl.append(h('h2', { id: 'cdetails-title', tabIndex: -1, text: t('case.details') }), form);
  };

  // ---- the key consultant and sealing
  const drawAccess = () => {
    clear(accessEl);
    const isKey = c.key_consultant && c.key_consultant.id === me.id;
    if (!coordinator && !isKey) {
      accessEl.hidden = true;
      return;
    }
    accessEl.hidden = false;
    const abox = notice();
    const parts = [h('h2', { id: 'caccess-title', tabIndex: -1, text: t('case.access_title') })];

    if (coordinator) {
      const kc = field({
        id: 'ca-kc', name: 'key_consultant_id', type: 'select', label: t('case.key_consultant'),
        options: [['', t('case.choose')]].concat(staff.filter((s) => s.role !== 'admin').map((s) => [String(s.id), s.username])),
        value: c.key_consultant ? String(c.key_consultant.id) : '',
      });
      const assign = h('button', { type: 'submit', class: 'btn', 'data-action': 'assign-kc', text: t('case.assign') });
      const f = h('form', { class: 'inline-form', novalidate: true }, kc.el, assign);
      f.addEventListener('submit', (ev) => {
        ev.preventDefault();
        abox.clear();
        if (!kc.input.value) {
          kc.setError(t('case.choose_person'));
          kc.input.focus();
          return;
        }
        busy(assign, async () => {
          try {
            const r = await api.patch(path(), { version: c.version, key_consultant_id: Number(kc.input.value) });
            c = r.case;
            drawAll();
            box.success(t('case.kc_assigned', { name: c.key_consultant ? c.key_consultant.username : '' }));
            focusSel('#caccess-title');
            loadTimeline();
          } catch (e) {
            if (e.status === 409) {
              await reload();
              box.error(t('case.conflict'));
              return;
            }
            showError(e, abox, { key_consultant_id: kc });
          }
        });
      });
      parts.push(f);
    }

    // sealing: the key consultant or a coordinator chooses who may see it
    const chosen = new Set((c.access || []).map((a) => a.id));
    const boxes = staff.filter((s) => s.role !== 'admin' && !(c.key_consultant && s.id === c.key_consultant.id)).map((s) => {
      const cid = 'ca-seal-' + s.id;
      const input = h('input', { type: 'checkbox', id: cid, value: String(s.id), checked: chosen.has(s.id), 'data-staff': s.username });
      return { input, el: h('div', { class: 'choice' }, input, h('label', { for: cid, text: s.username })) };
    });
    const seal = h('button', { type: 'button', class: 'btn', 'data-action': 'seal', text: c.sealed ? t('case.seal_change') : t('case.seal') });
    seal.addEventListener('click', () => busy(seal, async () => {
      abox.clear();
      try {
        const access = boxes.filter((b) => b.input.checked).map((b) => Number(b.input.value));
        const r = await api.post(path('/seal'), { access });
        c = r.case;
        drawAll();
        box.success(t('case.sealed_done'));
        focusSel('#caccess-title');
        loadTimeline();
      } catch (e) {
        if (e.status === 403) {
          // sealed, and the one who sealed it is not among those who see it
          await reload();
          return;
        }
        abox.error(errorText(e));
      }
    }));
    parts.push(h('fieldset', { class: 'group seal-group' },
      h('legend', { text: c.sealed ? t('case.sealed_for') : t('case.seal_who') }),
      h('p', { class: 'hint', text: t('case.seal_hint') }),
      h('div', { class: 'choice-grid cols-3' }, boxes.map((b) => b.el)),
      h('div', { class: 'actions' }, seal,
        c.sealed && coordinator ? (() => {
          const un = h('button', { type: 'button', class: 'btn btn-danger-quiet', 'data-action': 'unseal', text: t('case.unseal') });
          un.addEventListener('click', () => busy(un, async () => {
            abox.clear();
            try {
              const r = await api.post(path('/unseal'), {});
              c = r.case;
              drawAll();
              box.success(t('case.unsealed_done'));
              focusSel('#caccess-title');
              loadTimeline();
            } catch (e) {
              abox.error(errorText(e));
            }
          }));
          return un;
        })() : null)));
    parts.push(abox.el);
    accessEl.append(...parts);
  };

  // ---- identification: screenings; safety: the risk assessment; the
  // stricter standard of care once the case is provisionally identified
  const drawCare = () => {
    clear(careEl);
    const p = carePanel(c);
    if (p) careEl.appendChild(p);
  };

  const drawScreening = () => drawScreenings(screeningEl, c, screenings);

  const drawRiskPart = () => drawRisk(riskEl, c, assessments, {
    onSaved: async (r, msg) => {
      try {
        const again = await api.get('/api/v1/cases/' + encodeURIComponent(id) + '/risk');
        assessments = Array.isArray(again.assessments) ? again.assessments : [];
      } catch (e) {
        if (r.assessment) assessments = [r.assessment].concat(assessments || []);
      }
      resetRisk(riskEl);
      await reload();
      loadTimeline();
      box.success(msg);
      focusSel('#crisk-title');
    },
  });

  const loadScreenings = async () => {
    try {
      const r = await api.get(path('/screenings'));
      screenings = Array.isArray(r.screenings) ? r.screenings : [];
    } catch (e) {
      screenings = [];
    }
    if (c && !c.restricted) drawScreening();
  };

  const loadRisk = async () => {
    try {
      const r = await api.get(path('/risk'));
      assessments = Array.isArray(r.assessments) ? r.assessments : [];
    } catch (e) {
      assessments = [];
    }
    if (c && !c.restricted) drawRiskPart();
  };

  const drawAll = () => {
    drawHead();
    drawCare();
    drawStatus();
    drawScreening();
    drawRiskPart();
    drawPathway();
    drawLegal();
    drawTasks();
    drawTimeline();
    drawDetails();
    drawAccess();
    refsPart.draw(c);
  };

  // Read the case again; quietly (after a change elsewhere on the page):
  // the version and the tasks only, keeping open forms as they are.
  const reload = async (quiet) => {
    try {
      const r = await api.get(path());
      if (quiet && c) {
        c.version = r.case.version;
        c.updated_at = r.case.updated_at;
        const tasksChanged = JSON.stringify((c.tasks || []).map((x) => x.id)) !== JSON.stringify((r.case.tasks || []).map((x) => x.id));
        c.tasks = r.case.tasks;
        c.legal = r.case.legal;
        c.missing = r.case.missing;
        if (tasksChanged && !tasksEl.contains(document.activeElement)) drawTasks();
        return;
      }
      c = r.case;
      drawAll();
    } catch (e) {
      if (!quiet) fail(e);
    }
  };

  Promise.all([loadEnums(), loadStaff().catch(() => [])]).then(async ([, people]) => {
    staff = people;
    try {
      const r = await api.get(path());
      c = r.case;
    } catch (e) {
      fail(e);
      return;
    }
    drawAll();
    loadTimeline();
    loadScreenings();
    loadRisk();
    if (!c.restricted) caseInterpreters(interpEl, c);
    if (!c.restricted) caseShelters(shelterEl, c);
  }).catch((e) => fail(e));

  return h('div', { class: 'page page-case' },
    back,
    h('div', { class: 'page-head' }, titleEl),
    headEl,
    box.el,
    careEl,
    h('div', { class: 'case-layout' },
      h('div', { class: 'case-main' }, statusEl, screeningEl, riskEl, pathwayEl, legalEl, refsPart.el),
      h('div', { class: 'case-side' }, tasksEl, interpEl, shelterEl, timelineEl, detailsEl, accessEl)));
}

// ==== a task, as the case page and "my tasks" show it
//
// A call-back task shows the person's safe-contact protocol first, before
// the number and the call action.  A deadline from the legal track is worded
// here, in the reader's language, from its source and date.

const DEADLINES = {
  certificate: 'deadline.certificate',
  residence_permit: 'deadline.residence_permit',
  support_programme: 'deadline.support_programme',
  hearing: 'deadline.hearing',
};

function taskTitle(tk) {
  const key = tk.kind === 'deadline' && tk.source ? DEADLINES[tk.source.split(':')[0]] : null;
  return key && tk.event_on ? t(key, { date: dateText(tk.event_on) }) : tk.title;
}

export function taskItem(tk, { onDone, box, showCase }) {
  const done = h('button', {
    type: 'button', class: 'btn btn-small', 'data-action': 'task-done', 'data-task': String(tk.id),
    'aria-label': t('tasks.done_named', { title: taskTitle(tk) }), text: t('tasks.done'),
  });
  done.addEventListener('click', () => busy(done, async () => {
    try {
      await api.post('/api/v1/tasks/' + encodeURIComponent(tk.id) + '/done', {});
      announce(t('tasks.marked_done'));
    } catch (e) {
      if (e.status !== 409) {
        if (box) box.error(errorText(e));
        return;
      }
    }
    onDone();
  }));
  const callback = tk.kind === 'callback';
  const sc = callback ? (tk.safe_contact || null) : null;
  return h('li', { class: ['item', 'task', tk.overdue ? 'is-overdue' : '', 'task-' + tk.kind], 'data-task': String(tk.id), 'data-kind': tk.kind },
    h('p', { class: 'item-head' },
      h('span', { class: 'task-due', text: dateText(tk.due_on) }),
      tk.overdue ? h('span', { class: 'badge badge-overdue', 'data-overdue': '', text: t('tasks.overdue') }) : null,
      h('span', { class: 'badge badge-calm', text: label('task_kind', tk.kind) })),
    h('p', { class: 'task-title', text: taskTitle(tk) }),
    h('p', { class: 'item-meta muted' },
      showCase && tk.case ? [h('a', { href: caseHref(tk.case.id), text: tk.case.reference }), ' · '] : null,
      tk.person ? [h('a', { href: personHref(tk.person.id), class: 'pseudonym', text: tk.person.pseudonym }), ' · '] : null,
      tk.assignee ? tk.assignee.username : ''),
    callback ? safeContactBlock(sc, { pseudonym: tk.person ? tk.person.pseudonym : null, headingLevel: 4 }) : null,
    h('div', { class: 'item-actions actions' }, callback ? callLink(sc) : null, done));
}
