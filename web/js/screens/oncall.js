// The on-call rota for the next 14 days: who holds the on-call mobile
// when, and the out-of-hours time no one covers.  Everyone reads it;
// coordinators add and remove shifts.  Times are typed in Warsaw time.

import * as api from '../api.js';
import { t } from '../i18n.js';
import {
  h, clear, field, notice, errorText, showError, busy, heading, announce,
} from '../dom.js';
import { state, isCoordinator } from '../session.js';
import {
  loadStaff, isoWarsaw, toLocalInput, fromLocalInput, ms, dayTime, when, duration,
} from '../hotline.js';

export const title = 'oncall.title';

const DAYS = 14;

export function render() {
  const canEdit = isCoordinator(state.user);
  const box = notice();
  const nowHolder = h('div', { class: 'oncall-now', 'aria-busy': 'true' }, h('p', { class: 'muted', text: t('common.loading') }));
  const gapsHolder = h('div', { class: 'gaps-holder' });
  const listHolder = h('div', { class: 'list-holder' });
  const addHolder = h('div');
  let data = null;
  let addForm = null;

  const span = (a, b) => t('oncall.span', { from: dayTime(a), to: dayTime(b) });

  const drawNow = () => {
    clear(nowHolder);
    nowHolder.removeAttribute('aria-busy');
    const s = data.now;
    if (s && s.user) {
      nowHolder.append(h('p', { class: 'now-state now-open', 'data-oncall-now': s.user.username },
        h('span', { class: 'dot', 'aria-hidden': 'true' }),
        t('oncall.now_is', { name: s.user.username, time: when(s.ends_at) })));
    } else {
      nowHolder.append(h('p', { class: 'now-state now-none', 'data-oncall-now': '' },
        h('span', { class: 'dot', 'aria-hidden': 'true' }), t('oncall.now_nobody')));
    }
  };

  const drawGaps = () => {
    clear(gapsHolder);
    const gaps = Array.isArray(data.gaps) ? data.gaps : [];
    if (gaps.length === 0) {
      gapsHolder.appendChild(h('p', { class: 'callout callout-ok', 'data-gaps': '0' },
        h('span', { class: 'tick', 'aria-hidden': 'true', text: '✓' }), t('oncall.no_gaps', { days: DAYS })));
      return;
    }
    gapsHolder.appendChild(h('div', { class: 'callout callout-warn gaps', role: 'group', 'aria-labelledby': 'gaps-title', 'data-gaps': String(gaps.length) },
      h('h2', { id: 'gaps-title', text: t('oncall.gaps_title', { n: gaps.length }) }),
      h('ul', { class: 'gap-list' }, gaps.map((g) => {
        const fill = canEdit ? h('button', {
          type: 'button', class: 'btn btn-small', 'data-action': 'fill-gap',
          text: t('oncall.fill_gap'), 'aria-label': t('oncall.fill_gap_named', { span: span(g.start, g.end) }),
        }) : null;
        if (fill) {
          fill.addEventListener('click', () => {
            if (!addForm) return;
            addForm.setSpan(ms(g.start), ms(g.end));
            addForm.focus();
          });
        }
        return h('li', { class: 'gap', 'data-gap-start': g.start, 'data-gap-end': g.end },
          h('span', { class: 'gap-text' }, t('oncall.gap', { from: dayTime(g.start), to: dayTime(g.end) }),
            h('span', { class: 'muted', text: ' (' + duration((ms(g.end) - ms(g.start)) / 1000) + ')' })),
          fill);
      }))));
  };

  // the rota: shifts and gaps in the order of time
  const drawList = (focusId) => {
    clear(listHolder);
    const shifts = Array.isArray(data.shifts) ? data.shifts : [];
    const gaps = Array.isArray(data.gaps) ? data.gaps : [];
    const entries = shifts.map((s) => ({ kind: 'shift', start: ms(s.starts_at), s }))
      .concat(gaps.map((g) => ({ kind: 'gap', start: ms(g.start), g })))
      .sort((a, b) => a.start - b.start);
    if (entries.length === 0) {
      listHolder.appendChild(h('p', { class: 'muted empty', text: t('oncall.none') }));
      return;
    }
    const nowMs = Date.now();
    listHolder.appendChild(h('ol', { class: 'rota' }, entries.map((e) => {
      if (e.kind === 'gap') {
        return h('li', { class: 'rota-item rota-gap', 'data-gap': '' },
          h('span', { class: 'rota-when', text: span(e.g.start, e.g.end) }),
          h('span', { class: 'rota-who' }, h('span', { class: 'warn-mark', 'aria-hidden': 'true', text: '!' }), t('oncall.nobody')));
      }
      const s = e.s;
      const current = ms(s.starts_at) <= nowMs && nowMs < ms(s.ends_at);
      return h('li', { class: ['rota-item', 'rota-shift', current ? 'is-current' : ''], 'data-shift': String(s.id) },
        h('span', { class: 'rota-when', text: span(s.starts_at, s.ends_at) }),
        h('span', { class: 'rota-who' }, s.user ? s.user.username : '?',
          current ? h('span', { class: 'badge badge-ok', text: t('oncall.current') }) : null),
        canEdit ? deleteButton(s) : null);
    })));
    if (focusId) {
      const el = listHolder.querySelector('[data-shift="' + CSS.escape(String(focusId)) + '"] button');
      if (el) el.focus();
    }
  };

  function deleteButton(s) {
    const wrap = h('span', { class: 'rota-actions' });
    const btn = h('button', {
      type: 'button', class: 'btn btn-small btn-danger-quiet', 'data-action': 'delete-shift', text: t('common.delete'),
      'aria-label': t('oncall.delete_named', { name: s.user ? s.user.username : '?', span: span(s.starts_at, s.ends_at) }),
    });
    btn.addEventListener('click', () => {
      clear(wrap);
      const yes = h('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-action': 'delete-shift-yes', text: t('oncall.delete_yes') });
      const no = h('button', { type: 'button', class: 'btn btn-small btn-link', text: t('common.cancel') });
      no.addEventListener('click', () => {
        clear(wrap);
        wrap.appendChild(btn);
        btn.focus();
      });
      yes.addEventListener('click', () => busy(yes, async () => {
        try {
          await api.del('/api/v1/oncall/' + encodeURIComponent(s.id));
        } catch (e) {
          if (e.status !== 404) {
            box.error(errorText(e));
            return;
          }
        }
        announce(t('oncall.deleted'));
        await load();
        const h2 = document.getElementById('rota-title');
        if (h2) h2.focus();
      }));
      wrap.append(yes, no);
      yes.focus();
    });
    wrap.appendChild(btn);
    return wrap;
  }

  function buildAdd(people) {
    const fbox = notice();
    const person = field({
      id: 'shift-user', name: 'user_id', type: 'select', label: t('oncall.person'),
      options: [['', t('oncall.choose_person')]].concat(people.map((p) => [String(p.id), p.username])),
    });
    const start = field({ id: 'shift-start', name: 'starts_at', type: 'datetime-local', label: t('oncall.start'), step: 60 });
    const end = field({ id: 'shift-end', name: 'ends_at', type: 'datetime-local', label: t('oncall.end'), step: 60 });
    const fields = { user_id: person, starts_at: start, ends_at: end };
    const add = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'add-shift', text: t('oncall.add') });
    const form = h('form', { class: 'stack', novalidate: true },
      h('div', { class: 'shift-grid' }, person.el, start.el, end.el),
      h('p', { class: 'hint', text: t('oncall.times_hint') }),
      fbox.el,
      h('div', { class: 'actions' }, add));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      fbox.clear();
      for (const f of Object.values(fields)) f.clearError();
      const problems = [];
      const a = fromLocalInput(start.input.value);
      const b = fromLocalInput(end.input.value);
      if (person.input.value === '') problems.push([person, t('oncall.person_missing')]);
      if (Number.isNaN(a)) problems.push([start, t('oncall.time_missing')]);
      if (Number.isNaN(b)) problems.push([end, t('oncall.time_missing')]);
      else if (!Number.isNaN(a) && b <= a) problems.push([end, t('oncall.end_before_start')]);
      if (problems.length) {
        for (const [f, text] of problems) f.setError(text);
        problems[0][0].input.focus();
        fbox.error(t('error.form_has_errors'));
        return;
      }
      busy(add, async () => {
        try {
          const r = await api.post('/api/v1/oncall', {
            user_id: Number(person.input.value), starts_at: isoWarsaw(a), ends_at: isoWarsaw(b),
          });
          const who = person.input.selectedOptions[0] ? person.input.selectedOptions[0].textContent : '';
          const text = t('oncall.added', { name: who, span: span(a, b) });
          start.input.value = '';
          end.input.value = '';
          await load(r.shift ? r.shift.id : null);
          box.success(text);
          announce(text);
        } catch (e) {
          showError(e, fbox, fields, { user_id: t('oncall.person_invalid') });
        }
      });
    });
    return {
      el: form,
      setSpan(a, b) {
        start.input.value = toLocalInput(a);
        end.input.value = toLocalInput(b);
      },
      focus() {
        person.input.focus();
        person.input.scrollIntoView({ block: 'center' });
      },
    };
  }

  const load = async (focusId) => {
    try {
      const from = Date.now();
      data = await api.get('/api/v1/oncall' + api.query({
        from: isoWarsaw(from), to: isoWarsaw(from + DAYS * 86400000),
      }));
      drawNow();
      drawGaps();
      drawList(focusId);
    } catch (e) {
      clear(nowHolder);
      box.error(errorText(e));
    }
  };
  load();

  if (canEdit) {
    loadStaff().then((people) => {
      addForm = buildAdd(people);
      clear(addHolder);
      addHolder.appendChild(addForm.el);
    }).catch((e) => box.error(errorText(e)));
  }

  return h('div', { class: 'page page-oncall' },
    h('div', { class: 'page-head' }, heading(t('oncall.heading'))),
    h('p', { class: 'lead', text: canEdit ? t('oncall.lead_edit', { days: DAYS }) : t('oncall.lead', { days: DAYS }) }),
    box.el,
    h('section', { class: 'card card-now', 'aria-labelledby': 'oncall-now-title' },
      h('h2', { id: 'oncall-now-title', text: t('oncall.now') }), nowHolder),
    gapsHolder,
    canEdit ? h('section', { class: 'card', 'aria-labelledby': 'add-shift-title' },
      h('h2', { id: 'add-shift-title', text: t('oncall.add_title') }), addHolder) : null,
    h('section', { class: 'card', 'aria-labelledby': 'rota-title' },
      h('h2', { id: 'rota-title', tabIndex: -1, text: t('oncall.rota', { days: DAYS }) }), listHolder));
}
