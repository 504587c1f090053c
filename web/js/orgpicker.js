// Choosing an organisation from the directory inside another form (a
// referral, a consent naming an organisation): a search box and the list
// of what it found.  Enter in the search box searches instead of sending
// the surrounding form.

import * as api from './api.js';
import { t } from './i18n.js';
import { h, clear, nextId } from './dom.js';
import { label } from './hotline.js';

const LIMIT = 30;

function optionText(o) {
  return [o.name, label('organisation_kind', o.kind), o.city].filter(Boolean).join(' — ');
}

// opts: {id, label, hint, value: an Organisation or null, onChange(org|null)}.
// Returns {el, value(), setError(text), clearError(), focus(), input}.
export function orgPicker(opts) {
  const id = opts.id || nextId('org');
  const errId = id + '-error';
  const hintId = id + '-hint';
  let chosen = opts.value || null;
  let found = chosen ? [chosen] : [];

  const q = h('input', {
    type: 'search', id: id + '-q', autocomplete: 'off', spellcheck: false, maxLength: 100,
    'aria-label': t('orgpicker.search_label'), placeholder: t('orgpicker.placeholder'),
  });
  const find = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'org-search', text: t('orgpicker.search') });
  const select = h('select', { id, name: id, 'aria-describedby': hintId, 'data-org-select': '' });
  const status = h('p', { class: 'muted small', 'aria-live': 'polite' });
  const err = h('p', { id: errId, class: 'field-error', hidden: true });

  const fill = () => {
    clear(select);
    select.appendChild(h('option', { value: '', text: found.length ? t('orgpicker.choose') : t('orgpicker.none') }));
    for (const o of found) select.appendChild(h('option', { value: String(o.id), text: optionText(o) }));
    select.value = chosen ? String(chosen.id) : '';
  };

  const search = async () => {
    status.textContent = t('common.loading');
    try {
      const r = await api.get('/api/v1/organisations' + api.query({ q: q.value.trim(), limit: LIMIT }));
      found = Array.isArray(r.organisations) ? r.organisations : [];
      if (chosen && !found.some((o) => o.id === chosen.id)) found.unshift(chosen);
      fill();
      status.textContent = t('orgpicker.found', { n: typeof r.total === 'number' ? r.total : found.length });
    } catch (e) {
      status.textContent = t('orgpicker.failed');
    }
  };

  q.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      search();
    }
  });
  find.addEventListener('click', () => search());
  select.addEventListener('change', () => {
    chosen = found.find((o) => String(o.id) === select.value) || null;
    picker.clearError();
    if (opts.onChange) opts.onChange(chosen);
  });

  const wrap = h('div', { class: 'field org-picker' },
    h('label', { for: id, text: opts.label }),
    h('p', { id: hintId, class: 'hint', text: opts.hint || t('orgpicker.hint') }),
    h('div', { class: 'inline-form org-picker-search' }, q, find),
    select, status, err);

  const picker = {
    el: wrap,
    input: select,
    value: () => chosen,
    setError(text) {
      err.textContent = text;
      err.hidden = false;
      select.setAttribute('aria-invalid', 'true');
      select.setAttribute('aria-describedby', hintId + ' ' + errId);
      wrap.classList.add('has-error');
    },
    clearError() {
      err.textContent = '';
      err.hidden = true;
      select.removeAttribute('aria-invalid');
      select.setAttribute('aria-describedby', hintId);
      wrap.classList.remove('has-error');
    },
    focus() { q.focus(); },
    // Choose org (an Organisation, or null for none) without a search.
    set(org) {
      chosen = org || null;
      if (chosen && !found.some((o) => o.id === chosen.id)) found.unshift(chosen);
      fill();
    },
  };
  fill();
  search();
  return picker;
}
