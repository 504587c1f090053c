// Building the page: a small element helper and the form parts every screen
// uses.  Text always goes in through textContent, never as HTML.

import { t, has } from './i18n.js';

let uid = 0;
export function nextId(prefix) {
  uid += 1;
  return (prefix || 'id') + '-' + uid;
}

// h('button', {class: 'btn', type: 'button', onclick: fn}, 'text', child, ...)
//   class, text, for, dataset, aria-*, data-*, on<event>, and DOM properties
//   (value, checked, disabled, hidden, ...).  Children: nodes, strings,
//   numbers, arrays of them; null, undefined and false are left out.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
      else if (k === 'text') el.textContent = v;
      else if (k === 'for') el.htmlFor = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k.startsWith('aria-') || k.startsWith('data-') || k === 'role' ||
               k === 'autocomplete' || k === 'inputmode' || k === 'enterkeyhint' ||
               k === 'list' || k === 'form' || k === 'spellcheck' || k === 'autocapitalize') {
        el.setAttribute(k, v === true ? 'true' : String(v));
      } else if (k in el) el[k] = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

// Append children to an element as h() does: null, undefined and false
// are left out, arrays are flattened.
export function put(el, ...children) {
  append(el, children);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// A labelled form field with an optional hint and a place for its error.
// Returns {el, input, setError(text), clearError()}.
//   opts: {id, name, label, type, hint, autocomplete, required, inputmode,
//          value, options: [[value, label]...] for a select, min, max, ...}
export function field(opts) {
  const id = opts.id || nextId('f');
  const hintId = id + '-hint';
  const errId = id + '-error';
  let input;
  const common = {
    id, name: opts.name || id,
    required: opts.required || false,
    autocomplete: opts.autocomplete,
    disabled: opts.disabled,
  };
  if (opts.type === 'select') {
    input = h('select', common,
      (opts.options || []).map(([v, label]) => h('option', { value: v, text: label })));
    if (opts.value !== undefined) input.value = opts.value;
  } else if (opts.type === 'textarea') {
    input = h('textarea', Object.assign(common, {
      rows: opts.rows || 3,
      maxLength: opts.maxLength,
      spellcheck: opts.spellcheck,
      value: opts.value !== undefined && opts.value !== null ? String(opts.value) : undefined,
    }));
  } else {
    input = h('input', Object.assign(common, {
      type: opts.type || 'text',
      inputmode: opts.inputmode,
      enterkeyhint: opts.enterkeyhint,
      pattern: opts.pattern,
      maxLength: opts.maxLength,
      min: opts.min, max: opts.max, step: opts.step,
      list: opts.list,
      spellcheck: opts.spellcheck,
      autocapitalize: opts.autocapitalize,
      value: opts.value !== undefined && opts.value !== null ? String(opts.value) : undefined,
    }));
  }
  if (opts.inputClass) input.classList.add(...opts.inputClass.split(' '));
  const hint = opts.hint ? h('p', { id: hintId, class: 'hint', text: opts.hint }) : null;
  const err = h('p', { id: errId, class: 'field-error', hidden: true });
  const wrap = h('div', { class: ['field', opts.class] },
    h('label', { for: id, text: opts.label }), hint, input, opts.after || null, err);

  const describe = (withError) => {
    const ids = [];
    if (hint) ids.push(hintId);
    if (withError) ids.push(errId);
    if (ids.length) input.setAttribute('aria-describedby', ids.join(' '));
    else input.removeAttribute('aria-describedby');
  };
  describe(false);

  const f = {
    el: wrap, input,
    setError(text) {
      err.textContent = text;
      err.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      wrap.classList.add('has-error');
      describe(true);
    },
    clearError() {
      err.textContent = '';
      err.hidden = true;
      input.removeAttribute('aria-invalid');
      wrap.classList.remove('has-error');
      describe(false);
    },
  };
  input.addEventListener('input', () => { if (!err.hidden) f.clearError(); });
  return f;
}

// A message area.  The region is on the page from the start, empty, so
// that screen readers follow its changes; a message is a box inside it:
// errors are alerts (announced at once), other news a status.
export function notice() {
  const el = h('div', { class: 'notice-region', 'aria-live': 'polite' });
  return {
    el,
    show(kind, text) {
      clear(el);
      el.setAttribute('aria-live', kind === 'error' ? 'assertive' : 'polite');
      el.appendChild(h('div', { class: 'notice notice-' + kind, role: kind === 'error' ? 'alert' : 'status' },
        h('p', { class: 'notice-text', text })));
    },
    error(text) { this.show('error', text); },
    success(text) { this.show('success', text); },
    info(text) { this.show('info', text); },
    clear() { clear(el); },
  };
}

// What to tell a person about an error.
export function errorText(err) {
  if (!err || typeof err !== 'object') return t('error.unknown');
  if (err.code === 'too_many_requests') {
    if (typeof err.retryAfter === 'number' && err.retryAfter > 0) {
      const minutes = Math.max(1, Math.ceil(err.retryAfter / 60));
      return t('error.too_many_requests_wait', { minutes });
    }
    return t('error.too_many_requests');
  }
  if (err.code && has('error.' + err.code)) return t('error.' + err.code);
  if (err.status >= 500) return t('error.internal');
  return t('error.unknown');
}

// Show an error: next to its field when the API names one that the form
// has (fields: {apiName: field()}), else in the notice.  fieldText, when
// given, maps a field name to the text to show for it.
export function showError(err, box, fields, fieldText) {
  if (err && err.field && fields && fields[err.field]) {
    const f = fields[err.field];
    let text = fieldText && fieldText[err.field] ? fieldText[err.field] : null;
    if (text === null) text = err.message && err.code === 'invalid' ? t('error.field_invalid') : errorText(err);
    f.setError(text);
    f.input.focus();
    if (box) box.error(t('error.form_has_errors'));
    return;
  }
  if (box) box.error(errorText(err));
}

export function clearErrors(box, fields) {
  if (box) box.clear();
  for (const f of Object.values(fields || {})) f.clearError();
}

// A button that shows it is busy while an async action runs, and cannot
// be pressed twice meanwhile.
export async function busy(button, fn) {
  if (button.getAttribute('aria-busy') === 'true') return undefined;
  button.setAttribute('aria-busy', 'true');
  button.disabled = true;
  try {
    return await fn();
  } finally {
    button.removeAttribute('aria-busy');
    button.disabled = false;
  }
}

export function heading(text, level) {
  return h('h' + (level || 1), { class: level && level > 1 ? '' : 'page-title', tabIndex: -1, text });
}

export function roleName(role) {
  return has('role.' + role) ? t('role.' + role) : role;
}

export function announce(text) {
  const el = document.getElementById('announcer');
  if (!el) return;
  el.textContent = '';
  window.setTimeout(() => { el.textContent = text; }, 50);
}

// A table cell whose content is one block: on a phone the table becomes a
// list of cards, and each cell shows its column's name before the value.
export function cell(label, attrs, ...children) {
  return h('td', Object.assign({ 'data-label': label }, attrs || {}), h('div', { class: 'cv' }, ...children));
}
