// The audit log (auditor): filter, page back in time, verify the chain.
//
// "Which records did user X open between t1 and t2" is the user filter,
// the period, and the action.

import * as api from '../api.js';
import { t, formatTime, has } from '../i18n.js';
import { state } from '../session.js';
import { h, cell, clear, field, notice, errorText, showError, clearErrors, busy, heading } from '../dom.js';

export const title = 'audit.title';

const LIMITS = [50, 100, 200];

// The filters last used, kept while the page is open, for this user only.
let saved = null;
let savedFor = null;

function toSeconds(date, time, end) {
  if (!date) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return NaN;
  let hh = 0;
  let mm = 0;
  const tm = /^(\d{2}):(\d{2})/.exec(time || '');
  if (tm) {
    hh = Number(tm[1]);
    mm = Number(tm[2]);
  }
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), hh, mm, 0, 0);
  let s = Math.floor(d.getTime() / 1000);
  if (end) {
    // the end of the chosen minute, or of the chosen day
    if (tm) s += 59;
    else s = Math.floor(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1).getTime() / 1000) - 1;
  }
  return s;
}

function detailText(d) {
  if (d === null || d === undefined || d === '') return '';
  return typeof d === 'string' ? d : JSON.stringify(d);
}

export function render() {
  const me = state.user ? state.user.id : null;
  if (savedFor !== me) {
    saved = null;
    savedFor = me;
  }
  const box = notice();
  const verifyBox = notice();

  const userId = field({
    id: 'audit-user', name: 'user_id', label: t('audit.user'), hint: t('audit.user_hint'),
    inputmode: 'numeric', autocomplete: 'off', inputClass: 'input-short',
  });
  const actionsList = h('datalist', { id: 'audit-actions' });
  const action = field({
    id: 'audit-action', name: 'action', label: t('audit.action'), hint: t('audit.action_hint'),
    autocomplete: 'off', spellcheck: false, autocapitalize: 'none', list: 'audit-actions',
  });
  const objectType = field({
    id: 'audit-otype', name: 'object_type', label: t('audit.object_type'),
    autocomplete: 'off', spellcheck: false, autocapitalize: 'none',
  });
  const objectId = field({
    id: 'audit-oid', name: 'object_id', label: t('audit.object_id'),
    autocomplete: 'off', spellcheck: false, inputClass: 'input-short',
  });
  const fromDate = field({ id: 'audit-from', name: 'from', type: 'date', label: t('audit.from_date') });
  const fromTime = field({ id: 'audit-from-time', name: 'from_time', type: 'time', label: t('audit.time_optional') });
  const toDate = field({ id: 'audit-to', name: 'to', type: 'date', label: t('audit.to_date') });
  const toTime = field({ id: 'audit-to-time', name: 'to_time', type: 'time', label: t('audit.time_optional') });
  const limit = field({
    id: 'audit-limit', name: 'limit', type: 'select', label: t('audit.limit'),
    options: LIMITS.map((n) => [String(n), String(n)]), value: '50', inputClass: 'input-short',
  });
  const fields = {
    user_id: userId, action, object_type: objectType, object_id: objectId,
    from: fromDate, to: toDate, limit,
  };

  if (saved) {
    for (const [k, v] of Object.entries(saved.values)) {
      const el = { user_id: userId, action, object_type: objectType, object_id: objectId,
        from: fromDate, from_time: fromTime, to: toDate, to_time: toTime, limit }[k];
      if (el) el.input.value = v;
    }
  }

  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('audit.show') });
  const reset = h('button', { type: 'button', class: 'btn btn-link', text: t('audit.clear') });
  const form = h('form', { class: 'filters', novalidate: true, 'aria-label': t('audit.filters') },
    h('div', { class: 'filter-grid' },
      userId.el, action.el, objectType.el, objectId.el),
    h('fieldset', { class: 'period' },
      h('legend', { text: t('audit.period') }),
      h('div', { class: 'period-grid' },
        h('div', { class: 'period-part' }, fromDate.el, fromTime.el),
        h('div', { class: 'period-part' }, toDate.el, toTime.el))),
    h('div', { class: 'actions' }, limit.el, submit, reset),
    actionsList);

  const summary = h('p', { class: 'muted count', 'aria-live': 'polite' });
  const tableHolder = h('div', { class: 'table-holder' });
  const older = h('button', { type: 'button', class: 'btn', hidden: true, 'data-action': 'older', text: t('audit.older') });

  let entries = [];
  let nextBefore = null;
  let params = null;
  const actionsSeen = new Set();

  const values = () => ({
    user_id: userId.input.value.trim(), action: action.input.value.trim(),
    object_type: objectType.input.value.trim(), object_id: objectId.input.value.trim(),
    from: fromDate.input.value, from_time: fromTime.input.value,
    to: toDate.input.value, to_time: toTime.input.value, limit: limit.input.value,
  });

  const filterByUser = (id) => {
    userId.input.value = String(id);
    form.requestSubmit();
  };

  const draw = () => {
    clear(tableHolder);
    if (entries.length === 0) {
      tableHolder.appendChild(h('p', { class: 'muted empty', text: t('audit.none') }));
    } else {
      const rows = entries.map((e) => {
        const who = e.user_id === null || e.user_id === undefined
          ? h('span', { class: 'muted', text: t('audit.system') })
          : h('button', {
            type: 'button', class: 'btn-inline', 'data-user-id': String(e.user_id),
            title: t('audit.only_user', { name: e.username || '#' + e.user_id }),
            onclick: () => filterByUser(e.user_id),
          }, e.username || t('audit.deleted_user'), h('span', { class: 'muted', text: ' #' + e.user_id }));
        const obj = e.object_type
          ? [h('span', { text: e.object_type }), e.object_id !== null && e.object_id !== undefined && e.object_id !== ''
            ? h('span', { class: 'muted', text: ' #' + e.object_id }) : null]
          : h('span', { class: 'muted', text: '—' });
        const res = String(e.result === undefined || e.result === null ? '' : e.result);
        const resText = has('audit.result_' + res) ? t('audit.result_' + res) : res;
        return h('tr', { 'data-seq': String(e.seq) },
          cell(t('audit.col_time'), { class: 'nowrap' }, formatTime(e.at)),
          cell(t('audit.col_user'), null, who),
          cell(t('audit.col_action'), null, h('code', { text: e.action })),
          cell(t('audit.col_object'), null, obj),
          cell(t('audit.col_result'), null,
            h('span', { class: ['badge', res === 'ok' ? 'badge-ok' : 'badge-warn'], text: resText })),
          cell(t('audit.col_detail'), { class: 'cell-detail' }, detailText(e.detail)));
      });
      tableHolder.appendChild(h('table', { class: 'table table-cards table-audit' },
        h('caption', { class: 'visually-hidden', text: t('audit.caption') }),
        h('thead', null, h('tr', null,
          ['col_time', 'col_user', 'col_action', 'col_object', 'col_result', 'col_detail'].map((k) =>
            h('th', { scope: 'col', text: t('audit.' + k) })))),
        h('tbody', null, rows)));
    }
    older.hidden = nextBefore === null || nextBefore === undefined;
    summary.textContent = t(older.hidden ? 'audit.count_all' : 'audit.count_more', { n: entries.length });
    clear(actionsList);
    for (const a of [...actionsSeen].sort()) actionsList.appendChild(h('option', { value: a }));
  };

  const fetchPage = async (before) => {
    const q = Object.assign({}, params, { before });
    const r = await api.get('/api/v1/audit' + api.query(q));
    const got = Array.isArray(r.entries) ? r.entries : [];
    for (const e of got) if (e.action) actionsSeen.add(e.action);
    nextBefore = r.next_before === undefined ? null : r.next_before;
    return got;
  };

  const search = () => {
    clearErrors(box, fields);
    const v = values();
    const problems = [];
    if (v.user_id !== '' && !/^[0-9]+$/.test(v.user_id)) problems.push([userId, t('audit.user_number')]);
    const from = toSeconds(v.from, v.from_time, false);
    const to = toSeconds(v.to, v.to_time, true);
    if (Number.isNaN(from)) problems.push([fromDate, t('audit.bad_date')]);
    if (Number.isNaN(to)) problems.push([toDate, t('audit.bad_date')]);
    if (from !== null && to !== null && !Number.isNaN(from) && !Number.isNaN(to) && from > to) {
      problems.push([toDate, t('audit.to_before_from')]);
    }
    if (problems.length) {
      for (const [f, text] of problems) f.setError(text);
      problems[0][0].input.focus();
      box.error(t('error.form_has_errors'));
      return Promise.resolve();
    }
    params = {
      user_id: v.user_id, action: v.action, object_type: v.object_type, object_id: v.object_id,
      from, to, limit: v.limit,
    };
    saved = { values: v };
    return busy(submit, async () => {
      tableHolder.setAttribute('aria-busy', 'true');
      try {
        entries = await fetchPage(undefined);
        draw();
      } catch (e) {
        entries = [];
        nextBefore = null;
        clear(tableHolder);
        summary.textContent = '';
        older.hidden = true;
        showError(e, box, fields);
      } finally {
        tableHolder.removeAttribute('aria-busy');
      }
    });
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    search();
  });
  reset.addEventListener('click', () => {
    for (const f of [userId, action, objectType, objectId, fromDate, fromTime, toDate, toTime]) f.input.value = '';
    limit.input.value = '50';
    saved = null;
    search();
  });
  older.addEventListener('click', () => busy(older, async () => {
    try {
      const more = await fetchPage(nextBefore);
      const firstNew = entries.length;
      entries = entries.concat(more);
      draw();
      const row = tableHolder.querySelectorAll('tbody tr')[firstNew];
      if (row) {
        row.setAttribute('tabindex', '-1');
        row.focus();
      }
    } catch (e) {
      box.error(errorText(e));
    }
  }));

  const verify = h('button', { type: 'button', class: 'btn', 'data-action': 'verify', text: t('audit.verify') });
  verify.addEventListener('click', () => busy(verify, async () => {
    verifyBox.info(t('audit.verifying'));
    try {
      const r = await api.post('/api/v1/audit/verify');
      if (r.ok) verifyBox.success(t('audit.verify_ok', { n: r.entries }));
      else verifyBox.error(t('audit.verify_bad', { n: r.entries, problem: r.problem || '?' }));
    } catch (e) {
      verifyBox.error(errorText(e));
    }
  }));

  // after the screen is on the page, so requestSubmit and focus work
  window.setTimeout(() => search(), 0);

  return h('div', { class: 'page page-wide' },
    h('div', { class: 'page-head' }, heading(t('audit.heading')), verify),
    h('p', { class: 'lead', text: t('audit.lead') }),
    verifyBox.el,
    h('section', { class: 'card' }, form),
    box.el,
    summary,
    h('section', { class: 'card card-flush' }, tableHolder),
    h('div', { class: 'actions actions-center' }, older));
}
