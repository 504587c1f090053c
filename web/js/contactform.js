// The fields of a contact, for logging one on the call screen and for
// correcting one: the same order, the same keyboard behaviour.
//
// Choices are native controls that need no mouse: selects (arrow keys and
// type-ahead), radio groups (one Tab stop, arrow keys choose) and the topic
// checkboxes (one Tab stop, arrow keys move, Space ticks).

import { t } from './i18n.js';
import { h, field, nextId } from './dom.js';
import { orgPicker } from './orgpicker.js';
import {
  options, parseStart, formatStart, label, isoWarsaw, dateTime, duration,
} from './hotline.js';

// A field-like error slot for a group of controls.
// The inquirers who speak for an institution of the directory.
const ORG_INQUIRERS = ['organisation', 'police_border_guard', 'prosecutor_court'];

function groupError(wrap, errId, getFocus) {
  const err = h('p', { id: errId, class: 'field-error', hidden: true });
  return {
    err,
    api: {
      el: wrap,
      get input() { return getFocus(); },
      setError(text) {
        err.textContent = text;
        err.hidden = false;
        wrap.classList.add('has-error');
        wrap.setAttribute('aria-describedby', errId);
      },
      clearError() {
        err.textContent = '';
        err.hidden = true;
        wrap.classList.remove('has-error');
        wrap.removeAttribute('aria-describedby');
      },
    },
  };
}

// A radio group over an enumeration.  opts: {id, kind, legend, value,
// columns (css class), hint}.
export function radioGroup(opts) {
  const name = opts.id;
  const radios = [];
  const items = options(opts.kind).map(([code, text]) => {
    const rid = opts.id + '-' + code;
    const input = h('input', { type: 'radio', name, id: rid, value: code, checked: code === opts.value });
    radios.push(input);
    return h('div', { class: 'choice', 'data-code': code }, input, h('label', { for: rid, text }));
  });
  const wrap = h('fieldset', { class: ['group', opts.class], id: opts.id, 'data-kind': opts.kind });
  const hint = opts.hint ? h('p', { class: 'hint', text: opts.hint }) : null;
  const { err, api } = groupError(wrap, opts.id + '-error',
    () => radios.find((r) => r.checked) || radios[0]);
  wrap.append(...[h('legend', { text: opts.legend }), hint,
    h('div', { class: ['choice-grid', opts.columns || ''] }, items), err].filter(Boolean));
  const g = Object.assign(api, {
    radios,
    value() {
      const r = radios.find((x) => x.checked);
      return r ? r.value : null;
    },
    set(v) {
      for (const r of radios) r.checked = r.value === v;
    },
  });
  wrap.addEventListener('change', () => g.clearError());
  return g;
}

// The topic checkboxes: one Tab stop; arrow keys, Home and End move among
// them, Space ticks.
export function checkGroup(opts) {
  const boxes = [];
  const items = options(opts.kind).map(([code, text]) => {
    const cid = opts.id + '-' + code;
    const input = h('input', { type: 'checkbox', id: cid, value: code, tabIndex: -1 });
    boxes.push(input);
    return h('div', { class: 'choice', 'data-code': code }, input, h('label', { for: cid, text }));
  });
  const wrap = h('fieldset', { class: ['group', opts.class], id: opts.id, 'data-kind': opts.kind });
  const hintId = opts.id + '-hint';
  const hint = opts.hint ? h('p', { class: 'hint', id: hintId, text: opts.hint }) : null;
  let current = 0;
  const roving = (i) => {
    current = i;
    boxes.forEach((b, j) => { b.tabIndex = j === i ? 0 : -1; });
  };
  const { err, api } = groupError(wrap, opts.id + '-error', () => boxes[current]);
  wrap.append(...[h('legend', { text: opts.legend }), hint,
    h('div', { class: ['choice-grid', opts.columns || ''] }, items), err].filter(Boolean));
  wrap.addEventListener('keydown', (ev) => {
    const i = boxes.indexOf(ev.target);
    if (i < 0 || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    let j = null;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowRight') j = (i + 1) % boxes.length;
    else if (ev.key === 'ArrowUp' || ev.key === 'ArrowLeft') j = (i - 1 + boxes.length) % boxes.length;
    else if (ev.key === 'Home') j = 0;
    else if (ev.key === 'End') j = boxes.length - 1;
    if (j === null) return;
    ev.preventDefault();
    roving(j);
    boxes[j].focus();
  });
  wrap.addEventListener('focusin', (ev) => {
    const i = boxes.indexOf(ev.target);
    if (i >= 0) roving(i);
  });
  wrap.addEventListener('change', () => api.clearError());
  if (hint) for (const b of boxes) b.setAttribute('aria-describedby', hintId);
  roving(0);
  return Object.assign(api, {
    boxes,
    value() { return boxes.filter((b) => b.checked).map((b) => b.value); },
    set(list) {
      const want = new Set(list || []);
      for (const b of boxes) b.checked = want.has(b.value);
      const first = boxes.findIndex((b) => b.checked);
      roving(first < 0 ? 0 : first);
    },
  });
}

// The whole set of contact fields.  opts: {prefix, mode: 'create' |
// 'edit', afterNumber: element shown under the number, durationAfter:
// element beside the duration, defaults: {channel, direction, urgency,
// outcome}}.  Returns {el, fields (by API name), read(), fill(contact),
// showNote(shown, required), ...}.
export function contactFields(opts) {
  const px = opts.prefix;
  const d = opts.defaults || {};
  const number = field({
    id: px + '-number', name: 'caller_number', type: 'tel', label: t('contact.number'),
    autocomplete: 'off', inputmode: 'tel', maxLength: 32, class: 'field-number',
    inputClass: 'input-number',
  });
  const started = field({
    id: px + '-started', name: 'started_at', label: t('contact.started_at'),
    hint: t('contact.started_hint'), autocomplete: 'off', spellcheck: false,
    inputClass: 'input-started',
  });
  const minutes = field({
    id: px + '-minutes', name: 'duration', type: 'number', label: t('contact.duration'), class: 'field-minutes',
    min: 0, max: 1440, step: 1, inputmode: 'numeric', inputClass: 'input-minutes',
    after: opts.durationAfter || null,
  });
  const channel = field({
    id: px + '-channel', name: 'channel', type: 'select', label: t('contact.channel'),
    options: options('channel'), value: d.channel || 'office_line',
  });
  const direction = radioGroup({
    id: px + '-direction', kind: 'direction', legend: t('contact.direction'),
    value: d.direction || 'incoming', columns: 'cols-inline',
  });
  const inquirer = radioGroup({
    id: px + '-inquirer', kind: 'inquirer', legend: t('contact.inquirer'), columns: 'cols-2',
  });
  const topics = checkGroup({
    id: px + '-topics', kind: 'topic', legend: t('contact.topics'), hint: t('contact.topics_hint'),
    columns: 'cols-3',
  });
  const urgency = radioGroup({
    id: px + '-urgency', kind: 'urgency', legend: t('contact.urgency'),
    value: d.urgency || 'routine', columns: 'cols-inline', class: 'group-urgency',
  });
  const reason = field({
    id: px + '-reason', name: 'urgency_reason', type: 'textarea', rows: 2, maxLength: 500,
    label: t('contact.urgency_reason'), hint: t('contact.urgency_reason_hint'), class: 'field-reason',
  });
  const outcome = radioGroup({
    id: px + '-outcome', kind: 'outcome', legend: t('contact.outcome'),
    value: d.outcome || 'advice', columns: 'cols-3',
  });
  const country = field({
    id: px + '-country', name: 'country', label: t('contact.country'), hint: t('contact.country_hint'),
    autocomplete: 'off', maxLength: 2, spellcheck: false, autocapitalize: 'characters',
    inputClass: 'input-code2', list: px + '-countries',
  });
  const language = field({
    id: px + '-language', name: 'language', label: t('contact.language'), hint: t('contact.language_hint'),
    autocomplete: 'off', maxLength: 2, spellcheck: false, autocapitalize: 'none',
    inputClass: 'input-code2', list: px + '-languages',
  });
  const interpreterId = px + '-interpreter';
  const interpreter = h('input', { type: 'checkbox', id: interpreterId, name: 'interpreter' });
  const summary = field({
    id: px + '-summary', name: 'summary', type: 'textarea', rows: 4, maxLength: 4000,
    label: t('contact.summary'), spellcheck: true,
  });
  // An institution's contact names it from the directory; the search is
  // made only when the picker is first shown.
  const orgSlot = h('div', { class: 'cf-org', hidden: true });
  let orgValue = null;
  let org = null;
  const orgField = () => {
    if (!org) {
      org = orgPicker({
        id: px + '-org', label: t('contact.organisation'), hint: t('contact.organisation_hint'),
        value: orgValue, onChange: (o) => { orgValue = o; },
      });
      orgSlot.appendChild(org.el);
    }
    return org;
  };
  const syncOrg = () => {
    const shown = ORG_INQUIRERS.includes(inquirer.value()) || orgValue !== null;
    orgSlot.hidden = !shown;
    if (shown) orgField();
  };
  inquirer.el.addEventListener('change', syncOrg);
  const organisation = {
    el: orgSlot,
    get input() { return orgField().input; },
    setError(text) { orgSlot.hidden = false; orgField().setError(text); },
    clearError() { if (org) org.clearError(); },
  };

  const note = field({
    id: px + '-note', name: 'handover_note', type: 'textarea', rows: 3, maxLength: 1000,
    label: t('contact.handover_note'), hint: t('contact.handover_hint'), class: 'field-note',
  });

  // the names of a country and a language, as the browser knows them
  const countryName = h('p', { class: 'code-name', 'aria-live': 'polite' });
  const languageName = h('p', { class: 'code-name', 'aria-live': 'polite' });
  country.el.appendChild(countryName);
  language.el.appendChild(languageName);
  const countries = h('datalist', { id: px + '-countries' });
  const languages = h('datalist', { id: px + '-languages' });
  const names = (type) => {
    try {
      return new Intl.DisplayNames([document.documentElement.lang || 'pl'], { type, fallback: 'none' });
    } catch (e) {
      return null;
    }
  };
  const showName = (input, out, type, upper) => {
    const v = input.value.trim();
    const dn = names(type);
    let name = '';
    if (dn && /^[A-Za-z]{2}$/.test(v)) {
      try {
        name = dn.of(upper ? v.toUpperCase() : v.toLowerCase()) || '';
      } catch (e) {
        name = '';
      }
    }
    out.textContent = name;
  };
  country.input.addEventListener('input', () => showName(country.input, countryName, 'region', true));
  language.input.addEventListener('input', () => showName(language.input, languageName, 'language', false));
  country.input.addEventListener('blur', () => { country.input.value = country.input.value.trim().toUpperCase(); });
  language.input.addEventListener('blur', () => { language.input.value = language.input.value.trim().toLowerCase(); });
  // the lists are long: filled when first needed
  let listsFilled = false;
  const fillLists = () => {
    if (listsFilled) return;
    listsFilled = true;
    const A = 'abcdefghijklmnopqrstuvwxyz';
    const region = names('region');
    const language2 = names('language');
    const regionOpts = [];
    const langOpts = [];
    for (const a of A) {
      for (const b of A) {
        const code = a + b;
        let rn = null;
        let ln = null;
        try { rn = region ? region.of(code.toUpperCase()) : null; } catch (e) { rn = null; }
        try { ln = language2 ? language2.of(code) : null; } catch (e) { ln = null; }
        if (rn && rn !== code.toUpperCase() && !/^(EU|EZ|UN|QO|ZZ|XA|XB)$/.test(code.toUpperCase())) {
          regionOpts.push(h('option', { value: code.toUpperCase(), label: rn }));
        }
        if (ln && ln !== code) langOpts.push(h('option', { value: code, label: ln }));
      }
    }
    countries.append(...regionOpts);
    languages.append(...langOpts);
  };
  country.input.addEventListener('focus', fillLists);
  language.input.addEventListener('focus', fillLists);

  // the reason appears with "urgent"
  const syncUrgency = () => {
    const urgent = urgency.value() === 'urgent';
    reason.el.hidden = !urgent;
    urgency.el.classList.toggle('is-urgent', urgent);
  };
  urgency.el.addEventListener('change', syncUrgency);

  let noteRequired = false;
  const showNote = (shown, required) => {
    noteRequired = !!required;
    note.el.hidden = !shown;
    note.input.required = noteRequired;
    const lbl = note.el.querySelector('label');
    lbl.textContent = noteRequired ? t('contact.handover_note_required') : t('contact.handover_note');
  };

  const el = h('div', { class: 'contact-fields' },
    h('div', { class: 'cf-who' }, number.el, opts.afterNumber || null),
    h('div', { class: 'cf-when' }, started.el, minutes.el, channel.el, direction.el),
    inquirer.el,
    orgSlot,
    topics.el,
    h('div', { class: 'cf-urgency' }, urgency.el, reason.el),
    outcome.el,
    h('div', { class: 'cf-where' }, country.el, language.el,
      h('div', { class: 'field-check' },
        h('div', { class: 'check' }, interpreter, h('label', { for: interpreterId, text: t('contact.interpreter') })))),
    summary.el,
    note.el,
    countries, languages);

  const fields = {
    caller_number: number, started_at: started, duration_seconds: minutes, channel, direction,
    inquirer, organisation_id: organisation, topics, urgency, urgency_reason: reason, outcome, country,
    language, summary, handover_note: note,
  };

  // The values as the API takes them, or the problems found: {body,
  // problems: [[field, text]...]}.  durationSeconds, when given, is the
  // duration (the call timer) instead of the minutes typed.
  const read = (durationSeconds) => {
    const problems = [];
    const body = {};
    const num = number.input.value.trim();
    body.caller_number = num === '' ? null : num;
    const st = parseStart(started.input.value);
    if (Number.isNaN(st)) problems.push([started, t('contact.started_invalid')]);
    else if (st > Date.now() + 5 * 60000) problems.push([started, t('contact.started_future')]);
    else body.started_at = isoWarsaw(st);
    if (typeof durationSeconds === 'number') {
      body.duration_seconds = Math.min(86400, Math.max(0, Math.round(durationSeconds)));
    } else {
      const mv = minutes.input.value.trim();
      if (!/^\d{1,4}$/.test(mv) || Number(mv) > 1440) problems.push([minutes, t('contact.duration_invalid')]);
      else body.duration_seconds = Number(mv) * 60;
    }
    body.channel = channel.input.value;
    body.direction = direction.value();
    body.inquirer = inquirer.value();
    if (!body.inquirer) problems.push([inquirer, t('contact.inquirer_missing')]);
    body.organisation_id = orgValue ? orgValue.id : null;
    body.topics = topics.value();
    if (body.topics.length === 0) problems.push([topics, t('contact.topics_missing')]);
    body.urgency = urgency.value();
    if (body.urgency === 'urgent') {
      const r = reason.input.value.trim();
      if (r === '') problems.push([reason, t('contact.urgency_reason_missing')]);
      body.urgency_reason = r;
    } else {
      body.urgency_reason = null;
    }
    body.outcome = outcome.value();
    const c = country.input.value.trim().toUpperCase();
    if (c !== '' && !/^[A-Z]{2}$/.test(c)) problems.push([country, t('contact.country_invalid')]);
    body.country = c === '' ? null : c;
    const l = language.input.value.trim().toLowerCase();
    if (l !== '' && !/^[a-z]{2}$/.test(l)) problems.push([language, t('contact.language_invalid')]);
    body.language = l === '' ? null : l;
    body.interpreter = interpreter.checked;
    const s = summary.input.value.replace(/\s+$/, '');
    body.summary = s.trim() === '' ? null : s;
    if (!note.el.hidden) {
      const n = note.input.value.trim();
      if (noteRequired && n === '') problems.push([note, t('contact.handover_missing')]);
      body.handover_note = n === '' ? null : n;
    }
    // in the order of the form
    const order = Object.values(fields);
    problems.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
    return { body, problems };
  };

  const fill = (c) => {
    number.input.value = c.caller_number || '';
    started.input.value = c.started_at ? formatStart(Date.parse(c.started_at)) : '';
    minutes.input.value = String(Math.round((c.duration_seconds || 0) / 60));
    channel.input.value = c.channel;
    direction.set(c.direction);
    inquirer.set(c.inquirer);
    orgValue = c.organisation || null;
    if (org) org.set(orgValue);
    syncOrg();
    topics.set(c.topics);
    urgency.set(c.urgency);
    reason.input.value = c.urgency_reason || '';
    outcome.set(c.outcome);
    country.input.value = c.country || '';
    language.input.value = c.language || '';
    interpreter.checked = !!c.interpreter;
    summary.input.value = c.summary || '';
    note.input.value = c.handover_note || '';
    showName(country.input, countryName, 'region', true);
    showName(language.input, languageName, 'language', false);
    syncUrgency();
  };

  const clearAll = () => {
    for (const f of Object.values(fields)) f.clearError();
  };

  syncUrgency();
  showNote(false, false);
  return {
    el, fields, read, fill, showNote, syncUrgency, clearAll,
    number, started, minutes, channel, direction, inquirer, topics, urgency, reason, outcome,
    country, language, interpreter, summary, note,
    noteRequired: () => noteRequired,
    refreshNames() {
      showName(country.input, countryName, 'region', true);
      showName(language.input, languageName, 'language', false);
    },
  };
}

// What of the form's values (body, as read() gives them) differs from the
// contact c, as a PATCH body without its version: the start counts by the
// minute and the duration by whole minutes (the form shows no finer).
export function contactPatch(body, c) {
  const patch = {};
  const minute = (v) => Math.floor(Date.parse(v || '') / 60000);
  for (const [k, v] of Object.entries(body)) {
    const old = c[k] === undefined ? null : c[k];
    if (k === 'started_at') {
      if (minute(v) !== minute(old)) patch[k] = v;
    } else if (k === 'duration_seconds') {
      if (v !== Math.round((old || 0) / 60) * 60) patch[k] = v;
    } else if (k === 'topics') {
      if ([...v].sort().join() !== [...(old || [])].sort().join()) patch[k] = v;
    } else if (k === 'interpreter') {
      if (!!v !== !!old) patch[k] = v;
    } else if (k === 'organisation_id') {
      if (v !== (c.organisation ? c.organisation.id : null)) patch[k] = v;
    } else if ((v === '' ? null : v) !== old) {
      patch[k] = v;
    }
  }
  return patch;
}

// What a field of a contact shows, for the detail page and the revisions.
export function valueText(name, v) {
  if (v === null || v === undefined || v === '') return '—';
  switch (name) {
    case 'channel': case 'direction': case 'inquirer': case 'urgency': case 'outcome':
      return label(name, v);
    case 'topics':
      return (Array.isArray(v) ? v : []).map((c) => label('topic', c)).join(', ');
    case 'interpreter':
      return v ? t('common.yes') : t('common.no');
    case 'out_of_hours':
      return v ? t('common.yes') : t('common.no');
    case 'started_at': case 'created_at': case 'updated_at':
      return dateTime(v);
    case 'duration_seconds':
      return duration(v);
    case 'organisation':
      return v.name || '—';
    case 'person':
      return v.pseudonym || '—';
    case 'case':
      return v.reference || '—';
    default:
      return String(v);
  }
}

export { nextId };
