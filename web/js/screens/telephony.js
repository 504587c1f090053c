// Telephony settings (#/telephony, coordinators): the centre's phone lines
// and where each one rings, the on-call number and the fallback for a gap
// in the rota (GET/PUT /api/v1/telephony/config), and the extension of the
// SIP phone of each consultant and coordinator
// (GET /api/v1/telephony/extensions, PUT/DELETE …/extensions/{user_id}).
// An error the API names a field for is shown beside that field.

import * as api from '../api.js';
import { t } from '../i18n.js';
import {
  h, clear, field, notice, errorText, showError, busy, heading, announce, roleName,
} from '../dom.js';
import { loadEnums, loadStaff, label } from '../hotline.js';

export const title = 'telephony.title';

const CHANNELS = ['office_line', 'oncall_mobile'];
const EXTENSION = /^\d{2,16}$/;

export function render() {
  const box = notice();
  const cfgHolder = h('div', { class: 'stack', 'aria-busy': 'true' }, h('p', { class: 'muted', text: t('common.loading') }));
  const extHolder = h('div', { class: 'table-holder', 'aria-busy': 'true' }, h('p', { class: 'muted', text: t('common.loading') }));

  // ---- lines, on-call number, fallback

  let config = null;

  const drawConfig = (focusSel) => {
    clear(cfgHolder);
    cfgHolder.removeAttribute('aria-busy');
    const fbox = notice();
    const rows = [];       // {el, number, channel}
    const linesEl = h('ol', { class: 'tel-lines', 'aria-labelledby': 'tel-lines-title' });
    const linesErr = h('p', { id: 'tel-lines-error', class: 'field-error', hidden: true });
    const linesGroup = h('fieldset', { class: 'group tel-lines-group', id: 'tel-lines' },
      h('legend', { id: 'tel-lines-title', text: t('telephony.lines') }),
      h('p', { class: 'hint', text: t('telephony.lines_hint') }), linesEl, linesErr);
    const lines = {
      el: linesGroup,
      get input() { return rows.length ? rows[0].number.input : addLine; },
      setError(text) {
        linesErr.textContent = text;
        linesErr.hidden = false;
        linesGroup.classList.add('has-error');
        linesGroup.setAttribute('aria-describedby', 'tel-lines-error');
      },
      clearError() {
        linesErr.textContent = '';
        linesErr.hidden = true;
        linesGroup.classList.remove('has-error');
        linesGroup.removeAttribute('aria-describedby');
      },
    };

    let seq = 0;
    const renumber = () => {
      rows.forEach((r, i) => {
        r.number.el.querySelector('label').textContent = t('telephony.line_number', { n: i + 1 });
        r.channel.el.querySelector('label').textContent = t('telephony.line_channel', { n: i + 1 });
        r.remove.setAttribute('aria-label', t('telephony.line_remove_named', { n: i + 1 }));
      });
    };
    const addRow = (line, focus) => {
      seq += 1;
      const number = field({
        id: 'tel-line-' + seq + '-number', name: 'number', type: 'tel', label: '', autocomplete: 'off',
        inputmode: 'tel', maxLength: 32, value: line ? line.number : '', inputClass: 'input-number',
      });
      const channel = field({
        id: 'tel-line-' + seq + '-channel', name: 'channel', type: 'select', label: '',
        options: CHANNELS.map((c) => [c, label('channel', c)]), value: line ? line.channel : 'office_line',
      });
      const remove = h('button', { type: 'button', class: 'btn btn-small btn-danger-quiet', 'data-action': 'line-remove', text: t('telephony.line_remove') });
      const el = h('li', { class: 'tel-line', 'data-line': '' }, number.el, channel.el, h('div', { class: 'tel-line-actions' }, remove));
      const row = { el, number, channel, remove };
      remove.addEventListener('click', () => {
        const i = rows.indexOf(row);
        rows.splice(i, 1);
        el.remove();
        renumber();
        const next = rows[Math.min(i, rows.length - 1)];
        if (next) next.number.input.focus();
        else addLine.focus();
        announce(t('telephony.line_removed'));
      });
      rows.push(row);
      linesEl.appendChild(el);
      renumber();
      if (focus) number.input.focus();
    };
    const addLine = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'line-add', text: t('telephony.line_add') });
    addLine.addEventListener('click', () => addRow(null, true));
    linesGroup.appendChild(h('div', { class: 'actions' }, addLine));
    for (const l of config.lines || []) addRow(l, false);

    const oncall = field({
      id: 'tel-oncall', name: 'oncall_number', type: 'tel', label: t('telephony.oncall_number'),
      hint: t('telephony.oncall_hint'), autocomplete: 'off', inputmode: 'tel', maxLength: 32,
      value: config.oncall_number || '', inputClass: 'input-number',
    });
    const fallback = field({
      id: 'tel-fallback', name: 'fallback', label: t('telephony.fallback'), hint: t('telephony.fallback_hint'),
      autocomplete: 'off', maxLength: 256, spellcheck: false, value: config.fallback || '',
    });
    const fields = { lines, oncall_number: oncall, fallback };

    // An API error's field: "lines.1.number" or "lines[1].channel" (that
    // row's), "lines.number" or "lines" (the group's)…
    const fieldOf = (name) => {
      if (!name) return null;
      if (fields[name]) return fields[name];
      const m = /^lines(?:\.|\[)(\d+)\]?(?:\.(number|channel))?$/.exec(name);
      if (m) {
        const r = rows[Number(m[1])];
        if (r) return m[2] === 'channel' ? r.channel : r.number;
        return lines;
      }
      return /^lines\b/.test(name) ? lines : null;
    };

    const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'save-config', text: t('telephony.save') });
    const form = h('form', { class: 'stack tel-config', novalidate: true, 'aria-labelledby': 'tel-config-title' },
      linesGroup, oncall.el, fallback.el, fbox.el, h('div', { class: 'actions' }, save));

    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      fbox.clear();
      lines.clearError();
      oncall.clearError();
      fallback.clearError();
      for (const r of rows) {
        r.number.clearError();
        r.channel.clearError();
      }
      const problems = [];
      if (rows.length === 0) problems.push([lines, t('telephony.lines_missing')]);
      const seen = new Set();
      for (const r of rows) {
        const digits = r.number.input.value.replace(/[\s().-]/g, '');
        if (digits === '') problems.push([r.number, t('telephony.number_missing')]);
        else if (seen.has(digits)) problems.push([r.number, t('telephony.number_taken')]);
        seen.add(digits);
      }
      const fb = fallback.input.value.trim();
      if (fb !== '' && !/^sip:/i.test(fb) && !/^[+0-9 ()-]+$/.test(fb)) problems.push([fallback, t('telephony.fallback_invalid')]);
      if (problems.length) {
        for (const [f, text] of problems) f.setError(text);
        problems[0][0].input.focus();
        fbox.error(t('error.form_has_errors'));
        return;
      }
      const body = {
        lines: rows.map((r) => ({ number: r.number.input.value.trim(), channel: r.channel.input.value })),
        oncall_number: oncall.input.value.trim() === '' ? null : oncall.input.value.trim(),
        fallback: fb === '' ? null : fb,
        version: config.version,
      };
      busy(save, async () => {
        try {
          const r = await api.request('PUT', '/api/v1/telephony/config', body);
          config = r.config;
          drawConfig('[data-action="save-config"]');
          box.success(t('telephony.saved'));
          announce(t('telephony.saved'));
        } catch (e) {
          if (e.status === 409) {
            await loadConfig();
            box.error(t('telephony.conflict'));
            return;
          }
          const f = fieldOf(e.field);
          if (f) {
            let text = t('error.field_invalid');
            if (f === fallback) text = t('telephony.fallback_invalid');
            else if (f === lines) text = t('telephony.lines_invalid');
            else if (f === oncall || rows.some((r) => r.number === f)) text = t('contact.number_invalid');
            f.setError(text);
            f.input.focus();
            fbox.error(t('error.form_has_errors'));
            return;
          }
          showError(e, fbox, fields);
        }
      });
    });

    cfgHolder.appendChild(form);
    if (focusSel) {
      const el = cfgHolder.querySelector(focusSel);
      if (el) el.focus();
    }
  };

  const loadConfig = async () => {
    try {
      const r = await api.get('/api/v1/telephony/config');
      config = r.config || { lines: [], oncall_number: '', fallback: null, version: 0 };
      drawConfig();
    } catch (e) {
      clear(cfgHolder);
      cfgHolder.removeAttribute('aria-busy');
      cfgHolder.appendChild(h('p', { class: 'muted', text: errorText(e) }));
    }
  };

  // ---- extensions: one row for each consultant and coordinator

  const drawExtensions = (people, list) => {
    clear(extHolder);
    extHolder.removeAttribute('aria-busy');
    const byUser = {};
    for (const x of list) if (x && x.user) byUser[x.user.id] = x.extension;
    const staff = people.filter((p) => p.role === 'consultant' || p.role === 'coordinator');
    if (staff.length === 0) {
      extHolder.appendChild(h('p', { class: 'muted empty', text: t('telephony.staff_none') }));
      return;
    }
    const ownerOf = (ext, not) => {
      const id = Object.keys(byUser).find((k) => byUser[k] === ext && Number(k) !== not);
      const p = id ? staff.find((s) => s.id === Number(id)) : null;
      return p ? p.username : null;
    };
    const rows = staff.map((p) => {
      const rbox = h('span', { class: 'tel-ext-state' });
      const ext = field({
        id: 'tel-ext-' + p.id, name: 'extension', label: t('telephony.extension_of', { name: p.username }),
        autocomplete: 'off', inputmode: 'numeric', maxLength: 16, value: byUser[p.id] || '',
        inputClass: 'input-ext', class: 'field-inline',
      });
      ext.el.querySelector('label').classList.add('visually-hidden');
      const save = h('button', {
        type: 'button', class: 'btn btn-small', 'data-action': 'ext-save', text: t('common.save'),
        'aria-label': t('telephony.extension_save_named', { name: p.username }),
      });
      const remove = h('button', {
        type: 'button', class: 'btn btn-small btn-danger-quiet', 'data-action': 'ext-remove', text: t('telephony.extension_remove'),
        'aria-label': t('telephony.extension_remove_named', { name: p.username }), hidden: !byUser[p.id],
      });
      const path = '/api/v1/telephony/extensions/' + encodeURIComponent(p.id);
      const doSave = () => {
        ext.clearError();
        rbox.textContent = '';
        const v = ext.input.value.trim();
        if (v === '') {
          if (byUser[p.id]) remove.click();
          return;
        }
        if (!EXTENSION.test(v)) {
          ext.setError(t('telephony.extension_invalid'));
          ext.input.focus();
          return;
        }
        busy(save, async () => {
          try {
            const r = await api.request('PUT', path, { extension: v });
            byUser[p.id] = typeof r.extension === 'string' && r.extension !== '' ? r.extension : v;
            ext.input.value = byUser[p.id];
            remove.hidden = false;
            rbox.textContent = t('telephony.extension_saved');
            announce(t('telephony.extension_saved_named', { name: p.username, ext: byUser[p.id] }));
          } catch (e) {
            if (e.status === 409 || e.field === 'extension') {
              const who = e.status === 409 ? ownerOf(v, p.id) : null;
              ext.setError(e.status === 409
                ? (who ? t('telephony.extension_taken_by', { name: who }) : t('telephony.extension_taken'))
                : t('telephony.extension_invalid'));
              ext.input.focus();
              return;
            }
            box.error(errorText(e));
          }
        });
      };
      save.addEventListener('click', doSave);
      ext.input.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' && !ev.isComposing) {
          ev.preventDefault();
          doSave();
        }
      });
      remove.addEventListener('click', () => busy(remove, async () => {
        ext.clearError();
        try {
          await api.del(path);
        } catch (e) {
          if (e.status !== 404) {
            box.error(errorText(e));
            return;
          }
        }
        delete byUser[p.id];
        ext.input.value = '';
        remove.hidden = true;
        rbox.textContent = t('telephony.extension_removed');
        announce(t('telephony.extension_removed_named', { name: p.username }));
        ext.input.focus();
      }));
      return h('tr', { 'data-user': String(p.id), 'data-username': p.username },
        h('th', { scope: 'row', 'data-label': t('telephony.person') }, p.username),
        h('td', { 'data-label': t('telephony.role') }, roleName(p.role)),
        h('td', { 'data-label': t('telephony.extension') }, ext.el),
        h('td', { class: 'cell-actions', 'data-label': '' }, save, ' ', remove, ' ', rbox));
    });
    extHolder.appendChild(h('table', { class: 'table table-cards tel-ext' },
      h('caption', { class: 'visually-hidden', text: t('telephony.extensions') }),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', text: t('telephony.person') }),
        h('th', { scope: 'col', text: t('telephony.role') }),
        h('th', { scope: 'col', text: t('telephony.extension') }),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden', text: t('telephony.actions') })))),
      h('tbody', null, rows)));
  };

  const loadExtensions = async () => {
    try {
      const [people, r] = await Promise.all([loadStaff(), api.get('/api/v1/telephony/extensions')]);
      drawExtensions(people, Array.isArray(r.extensions) ? r.extensions : []);
    } catch (e) {
      clear(extHolder);
      extHolder.removeAttribute('aria-busy');
      extHolder.appendChild(h('p', { class: 'muted', text: errorText(e) }));
    }
  };

  loadEnums().then(() => Promise.all([loadConfig(), loadExtensions()])).catch((e) => box.error(errorText(e)));

  return h('div', { class: 'page page-telephony' },
    h('div', { class: 'page-head' }, heading(t('telephony.heading'))),
    h('p', { class: 'lead', text: t('telephony.lead') }),
    box.el,
    h('section', { class: 'card', 'aria-labelledby': 'tel-config-title' },
      h('h2', { id: 'tel-config-title', text: t('telephony.routing') }),
      h('p', { class: 'hint', text: t('telephony.routing_hint') }),
      cfgHolder),
    h('section', { class: 'card', 'aria-labelledby': 'tel-ext-title' },
      h('h2', { id: 'tel-ext-title', text: t('telephony.extensions') }),
      h('p', { class: 'hint', text: t('telephony.extensions_hint') }),
      extHolder));
}
