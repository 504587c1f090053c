// The service calendar: is the office open now, its weekly hours, extra
// closure days and this year's public holidays.  Coordinators change the
// hours and the closure days; everyone else reads.

import * as api from '../api.js';
import { t } from '../i18n.js';
import {
  h, put, clear, field, notice, errorText, showError, busy, heading, announce,
} from '../dom.js';
import { state, isCoordinator } from '../session.js';
import { longDay, timeOnly, when, dayLabel, dayOf, warsaw } from '../hotline.js';

export const title = 'calendar.title';

const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6];

export function render() {
  const canEdit = isCoordinator(state.user);
  const box = notice();
  const nowHolder = h('div', { class: 'now-holder', 'aria-busy': 'true' }, h('p', { class: 'muted', text: t('common.loading') }));
  const hoursHolder = h('div');
  const closuresHolder = h('div');
  const holidaysHolder = h('div');
  let cal = null;

  // ---- open now?
  const drawNow = () => {
    clear(nowHolder);
    nowHolder.removeAttribute('aria-busy');
    const n = cal.now || {};
    const open = !!n.open;
    put(nowHolder,
      h('p', { class: ['now-state', open ? 'now-open' : 'now-closed'], 'data-open': open ? 'true' : 'false' },
        h('span', { class: 'dot', 'aria-hidden': 'true' }),
        open ? t('calendar.open_now') : t('calendar.closed_now')),
      open && n.next_close ? h('p', { class: 'now-next', text: t('calendar.closes', { time: when(n.next_close) }) }) : null,
      !open && n.next_open ? h('p', { class: 'now-next', 'data-next-open': n.next_open },
        t('calendar.opens', { day: longDay(n.next_open), time: timeOnly(n.next_open) })) : null);
  };

  // ---- weekly hours
  const drawHours = () => {
    clear(hoursHolder);
    const hours = WEEKDAYS.map((w) => (cal.hours || []).find((x) => x.weekday === w) || { weekday: w, closed: true });
    if (!canEdit) {
      hoursHolder.appendChild(h('dl', { class: 'hours-list' }, hours.map((x) => h('div', { 'data-weekday': String(x.weekday) },
        h('dt', { text: t('weekday.' + x.weekday) }),
        h('dd', { class: x.closed ? 'muted' : '', text: x.closed ? t('calendar.closed') : x.open + '–' + x.close })))));
      return;
    }
    const hbox = notice();
    const rows = hours.map((x) => {
      const w = x.weekday;
      const open = h('input', {
        type: 'text', id: 'hours-open-' + w, value: x.closed ? '09:00' : x.open, disabled: x.closed,
        inputmode: 'numeric', maxLength: 5, autocomplete: 'off', spellcheck: false,
        'aria-label': t('calendar.opens_at_day', { day: t('weekday.' + w) }),
      });
      const close = h('input', {
        type: 'text', id: 'hours-close-' + w, value: x.closed ? '17:00' : x.close, disabled: x.closed,
        inputmode: 'numeric', maxLength: 5, autocomplete: 'off', spellcheck: false,
        'aria-label': t('calendar.closes_at_day', { day: t('weekday.' + w) }),
      });
      const closed = h('input', { type: 'checkbox', id: 'hours-closed-' + w, checked: !!x.closed });
      const err = h('p', { class: 'field-error', id: 'hours-error-' + w, hidden: true });
      closed.addEventListener('change', () => {
        open.disabled = closed.checked;
        close.disabled = closed.checked;
        row.classList.toggle('is-closed', closed.checked);
      });
      const row = h('div', { class: ['hours-row', x.closed ? 'is-closed' : ''], role: 'group', 'aria-labelledby': 'hours-day-' + w, 'data-weekday': String(w) },
        h('span', { class: 'hours-day', id: 'hours-day-' + w, text: t('weekday.' + w) }),
        h('span', { class: 'hours-times' }, open, h('span', { 'aria-hidden': 'true', text: '–' }), close),
        h('span', { class: 'check' }, closed, h('label', { for: closed.id, text: t('calendar.closed') })),
        err);
      return { w, open, close, closed, err, row };
    });
    const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'save-hours', text: t('calendar.save_hours') });
    const form = h('form', { class: 'stack', novalidate: true },
      h('div', { class: 'hours-rows' }, rows.map((r) => r.row)),
      hbox.el,
      h('div', { class: 'actions' }, save));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      hbox.clear();
      const body = [];
      let bad = null;
      for (const r of rows) {
        r.err.hidden = true;
        r.row.classList.remove('has-error');
        if (r.closed.checked) {
          body.push({ weekday: r.w, open: '00:00', close: '00:00' });
          continue;
        }
        // "9:00" is 09:00; "24:00" closes at midnight
        for (const inp of [r.open, r.close]) {
          const m = /^(\d{1,2})[:.]?(\d{2})$/.exec(inp.value.trim());
          if (m) inp.value = m[1].padStart(2, '0') + ':' + m[2];
        }
        const hm = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
        const ok = hm.test(r.open.value) && hm.test(r.close.value);
        if (!ok || r.open.value >= r.close.value) {
          r.err.textContent = ok ? t('calendar.close_after_open') : t('calendar.time_invalid');
          r.err.hidden = false;
          r.row.classList.add('has-error');
          if (!bad) bad = r;
          continue;
        }
        body.push({ weekday: r.w, open: r.open.value, close: r.close.value });
      }
      if (bad) {
        (bad.open.value ? bad.close : bad.open).focus();
        hbox.error(t('error.form_has_errors'));
        return;
      }
      busy(save, async () => {
        try {
          cal = await api.request('PUT', '/api/v1/calendar/hours', { hours: body });
          drawNow();
          drawHours();
          const again = hoursHolder.querySelector('[data-action="save-hours"]');
          if (again) again.focus();
          box.success(t('calendar.hours_saved'));
          announce(t('calendar.hours_saved'));
        } catch (e) {
          hbox.error(errorText(e));
        }
      });
    });
    hoursHolder.appendChild(form);
  };

  // ---- closure days
  const drawClosures = (focusDay) => {
    clear(closuresHolder);
    const today = dayOf(Date.now());
    const list = (cal.closures || []).slice().sort((a, b) => a.day.localeCompare(b.day));
    if (list.length === 0) {
      closuresHolder.appendChild(h('p', { class: 'muted', text: t('calendar.closures_none') }));
    } else {
      closuresHolder.appendChild(h('ul', { class: 'days' }, list.map((c) => {
        const del = canEdit ? confirmDelete(c) : null;
        return h('li', { class: ['day-item', c.day < today ? 'is-past' : ''], 'data-closure': c.day },
          h('span', { class: 'day-date', text: dayLabel(c.day) }),
          h('span', { class: 'day-note', text: c.note || '' }),
          del);
      })));
    }
    if (canEdit) closuresHolder.appendChild(addClosureForm());
    if (focusDay) {
      const el = closuresHolder.querySelector('[data-closure="' + CSS.escape(focusDay) + '"] button');
      if (el) el.focus();
    }
  };

  function confirmDelete(c) {
    const wrap = h('span', { class: 'day-actions' });
    const btn = h('button', {
      type: 'button', class: 'btn btn-small btn-danger-quiet', 'data-action': 'delete-closure',
      text: t('common.delete'), 'aria-label': t('calendar.delete_named', { day: dayLabel(c.day) }),
    });
    btn.addEventListener('click', () => {
      clear(wrap);
      const yes = h('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-action': 'delete-closure-yes', text: t('calendar.delete_yes') });
      const no = h('button', { type: 'button', class: 'btn btn-small btn-link', text: t('common.cancel') });
      no.addEventListener('click', () => {
        clear(wrap);
        wrap.appendChild(btn);
        btn.focus();
      });
      yes.addEventListener('click', () => busy(yes, async () => {
        try {
          await api.del('/api/v1/calendar/closures/' + c.day.replace(/-/g, ''));
        } catch (e) {
          if (e.status !== 404) {
            box.error(errorText(e));
            return;
          }
        }
        announce(t('calendar.closure_deleted', { day: dayLabel(c.day) }));
        await reload();
        const h2 = document.getElementById('closures-title');
        if (h2) h2.focus();
      }));
      wrap.append(yes, no);
      yes.focus();
    });
    wrap.appendChild(btn);
    return wrap;
  }

  function addClosureForm() {
    const fbox = notice();
    const day = field({ id: 'closure-day', name: 'day', type: 'date', label: t('calendar.closure_day'), required: true });
    const note = field({ id: 'closure-note', name: 'note', label: t('calendar.closure_note'), maxLength: 200, required: true });
    const add = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'add-closure', text: t('calendar.add_closure') });
    const form = h('form', { class: 'add-closure', novalidate: true, 'aria-labelledby': 'closure-add-title' },
      h('h3', { id: 'closure-add-title', text: t('calendar.add_closure_title') }),
      h('div', { class: 'inline-form' }, day.el, note.el, add),
      fbox.el);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      fbox.clear();
      day.clearError();
      note.clearError();
      const bad = [];
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day.input.value)) bad.push([day, t('calendar.day_missing')]);
      if (note.input.value.trim() === '') bad.push([note, t('calendar.note_missing')]);
      if (bad.length) {
        for (const [f, text] of bad) f.setError(text);
        bad[0][0].input.focus();
        return;
      }
      const d = day.input.value;
      busy(add, async () => {
        try {
          await api.post('/api/v1/calendar/closures', { day: d, note: note.input.value.trim() });
          announce(t('calendar.closure_added', { day: dayLabel(d) }));
          await reload();
          box.success(t('calendar.closure_added', { day: dayLabel(d) }));
          const again = document.getElementById('closure-day');
          if (again) again.focus();
        } catch (e) {
          if (e.status === 409) {
            day.setError(t('calendar.closure_exists'));
            day.input.focus();
            return;
          }
          showError(e, fbox, { day, note });
        }
      });
    });
    return form;
  }

  // ---- holidays
  const drawHolidays = () => {
    clear(holidaysHolder);
    const today = dayOf(Date.now());
    const list = (cal.holidays || []).slice().sort((a, b) => a.day.localeCompare(b.day));
    if (list.length === 0) {
      holidaysHolder.appendChild(h('p', { class: 'muted', text: t('calendar.holidays_none') }));
      return;
    }
    holidaysHolder.appendChild(h('ul', { class: 'days' }, list.map((x) => h('li', {
      class: ['day-item', x.day < today ? 'is-past' : ''], 'data-holiday': x.day,
    }, h('span', { class: 'day-date', text: dayLabel(x.day) }), h('span', { class: 'day-note', text: x.name })))));
  };

  const drawAll = () => {
    drawNow();
    drawHours();
    drawClosures();
    drawHolidays();
  };

  const reload = async () => {
    cal = await api.get('/api/v1/calendar');
    drawNow();
    drawClosures();
    drawHolidays();
  };

  api.get('/api/v1/calendar').then((r) => {
    cal = r;
    drawAll();
  }).catch((e) => {
    clear(nowHolder);
    box.error(errorText(e));
  });

  const year = warsaw(Date.now()).y;
  return h('div', { class: 'page page-calendar' },
    h('div', { class: 'page-head' }, heading(t('calendar.heading'))),
    canEdit ? null : h('p', { class: 'lead', text: t('calendar.read_only') }),
    box.el,
    h('div', { class: 'cal-grid' },
      h('div', { class: 'cal-col' },
        h('section', { class: 'card card-now', 'aria-labelledby': 'now-title' },
          h('h2', { id: 'now-title', text: t('calendar.now') }), nowHolder),
        h('section', { class: 'card', 'aria-labelledby': 'hours-title' },
          h('h2', { id: 'hours-title', text: t('calendar.hours') }),
          canEdit ? h('p', { class: 'hint', text: t('calendar.hours_hint') }) : null,
          hoursHolder)),
      h('div', { class: 'cal-col' },
        h('section', { class: 'card', 'aria-labelledby': 'closures-title' },
          h('h2', { id: 'closures-title', tabIndex: -1, text: t('calendar.closures') }),
          h('p', { class: 'hint', text: t('calendar.closures_hint') }),
          closuresHolder),
        h('section', { class: 'card', 'aria-labelledby': 'holidays-title' },
          h('h2', { id: 'holidays-title', text: t('calendar.holidays', { year }) }),
          holidaysHolder))));
}
