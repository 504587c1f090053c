// Persons: the form of a person (identity, statistics, the safe-contact
// protocol), creating one with its likely duplicates, and finding one by
// pseudonym or exact identity.  Used by the person screens and by "open a
// case from this contact".

import * as api from './api.js';
import { t } from './i18n.js';
import { h, clear, field, notice, errorText, showError, busy } from './dom.js';
import { options, label } from './hotline.js';
import { personHref, lines, safeContactBlock } from './casefile.js';
import { languageSuggest } from './interpreters-suggest.js';

const DOC_TYPES = ['passport', 'id_card', 'residence_card', 'other'];

function docRow(prefix, i, doc) {
  const type = h('select', { id: prefix + '-doc-type-' + i, 'aria-label': t('person.doc_type') },
    DOC_TYPES.map((d) => h('option', { value: d, text: t('person.doc_' + d) })));
  const number = h('input', {
    type: 'text', id: prefix + '-doc-number-' + i, maxLength: 40, 'aria-label': t('person.doc_number'),
    autocomplete: 'off', spellcheck: false,
  });
  if (doc) {
    type.value = doc.type || 'passport';
    number.value = doc.number || '';
  }
  return { el: h('div', { class: 'doc-row', 'data-doc': String(i) }, type, number), type, number };
}

// The fields of a person.  opts: {prefix, person (to fill in), safe
// (show the protocol part, default true), identity (default true)}.
// Returns {el, fields (by API name), read() → {body, problems}, focus()}.
export function personForm(opts = {}) {
  const p = opts.prefix || 'person';
  const person = opts.person || null;
  const id = (person && person.identity) || {};
  const sc = (person && person.safe_contact) || {};

  const text = (name, lbl, value, more) => field(Object.assign({
    id: p + '-' + name, name, label: lbl, value: value || '', autocomplete: 'off',
  }, more || {}));
  const area = (name, lbl, list, hint) => field({
    id: p + '-' + name, name, label: lbl, type: 'textarea', rows: 2, hint,
    value: (list || []).join('\n'), spellcheck: false,
  });
  const modeSel = (name) => field({
    id: p + '-safe-' + name, name, type: 'select', label: t('safe.mode_' + name),
    options: options('safe_mode'), value: sc[name] || 'unknown',
  });

  const first = text('first-name', t('person.first_name'), id.first_name, { maxLength: 100 });
  const last = text('last-name', t('person.last_name'), id.last_name, { maxLength: 100 });
  const aliases = area('aliases', t('person.aliases'), id.aliases, t('person.one_per_line'));
  const dob = text('dob', t('person.date_of_birth'), id.date_of_birth, { type: 'date' });
  const phones = area('phones', t('person.phones'), id.phones, t('person.one_per_line'));
  const emails = area('emails', t('person.emails'), id.emails, t('person.one_per_line'));
  const addresses = area('addresses', t('person.addresses'), id.addresses, t('person.one_per_line'));

  const docs = [];
  const docHolder = h('div', { class: 'doc-rows' });
  const addDoc = (d) => {
    const r = docRow(p, docs.length, d);
    docs.push(r);
    docHolder.appendChild(r.el);
    return r;
  };
  for (const d of (id.documents || [])) addDoc(d);
  if (docs.length === 0) addDoc(null);
  const addDocBtn = h('button', { type: 'button', class: 'btn btn-small btn-link', 'data-action': 'add-document', text: t('person.add_document') });
  addDocBtn.addEventListener('click', () => {
    if (docs.length >= 5) return;
    addDoc(null).number.focus();
  });
  const docErr = h('p', { class: 'field-error', id: p + '-docs-error', hidden: true });
  const docsWrap = h('fieldset', { class: 'group docs', id: p + '-docs' },
    h('legend', { text: t('person.documents') }), docHolder, addDocBtn, docErr);
  const docsField = {
    el: docsWrap,
    get input() { return docs[0].number; },
    setError(msg) { docErr.textContent = msg; docErr.hidden = false; docsWrap.classList.add('has-error'); },
    clearError() { docErr.textContent = ''; docErr.hidden = true; docsWrap.classList.remove('has-error'); },
  };

  const sex = field({
    id: p + '-sex', name: 'sex', type: 'select', label: t('person.sex'),
    options: options('sex'), value: (person && person.sex) || 'unknown',
  });
  const birthYear = text('birth-year', t('person.birth_year'),
    person && person.birth_year !== null && person.birth_year !== undefined ? String(person.birth_year) : '', { type: 'number', min: 1900, max: 2100, inputClass: 'input-short', hint: t('person.birth_year_hint') });
  const minorBox = h('input', { type: 'checkbox', id: p + '-minor', checked: !!(person && person.minor) });
  const minor = h('div', { class: 'check field-check' }, minorBox, h('label', { for: p + '-minor', text: t('person.minor') }));
  const citizenship = text('citizenship', t('person.citizenship'), person && person.citizenship,
    { maxLength: 2, inputClass: 'input-code2', hint: t('person.citizenship_hint'), autocapitalize: 'characters' });
  const languages = text('languages', t('person.languages'), person && person.languages ? person.languages.join(', ') : '',
    { hint: t('person.languages_hint'), spellcheck: false });
  // the interpreters who cover the languages typed (not Polish)
  const interp = languageSuggest({ prefix: p });
  languages.input.addEventListener('input', () => interp.update(citizenshipLangs(languages.input.value)));
  if (person && person.languages) interp.update(person.languages);

  const call = modeSel('call');
  const voicemail = modeSel('voicemail');
  const textMode = modeSel('text');
  const hours = text('safe-hours', t('safe.hours'), sc.hours, { maxLength: 200, hint: t('safe.hours_hint') });
  const number = text('safe-number', t('safe.number'), sc.number, { type: 'tel', maxLength: 32, inputmode: 'tel' });
  const codeWord = text('safe-code', t('safe.code_word'), sc.code_word, { maxLength: 100 });
  const doNot = field({
    id: p + '-safe-dni', name: 'do_not_inform', type: 'textarea', rows: 2, label: t('safe.do_not_inform'),
    value: sc.do_not_inform || '', maxLength: 500,
  });
  const safeNotes = field({
    id: p + '-safe-notes', name: 'safe_notes', type: 'textarea', rows: 2, label: t('safe.notes'),
    value: sc.notes || '', maxLength: 1000,
  });

  const fields = {
    'identity.first_name': first, 'identity.last_name': last, 'identity.aliases': aliases,
    'identity.date_of_birth': dob, 'identity.phones': phones, 'identity.emails': emails,
    'identity.documents': docsField, 'identity.addresses': addresses, identity: first,
    sex, birth_year: birthYear, citizenship, languages,
    'safe_contact.call': call, 'safe_contact.voicemail': voicemail, 'safe_contact.text': textMode,
    'safe_contact.hours': hours, 'safe_contact.number': number, 'safe_contact.code_word': codeWord,
    'safe_contact.do_not_inform': doNot, 'safe_contact.notes': safeNotes, safe_contact: number,
  };

  const showSafe = opts.safe !== false;
  const el = h('div', { class: 'person-fields' },
    h('fieldset', { class: 'part', 'data-part': 'identity' },
      h('legend', { text: t('person.part_identity') }),
      h('p', { class: 'hint', text: t('person.identity_hint') }),
      h('div', { class: 'form-grid' }, first.el, last.el, dob.el, aliases.el, phones.el, emails.el),
      docsWrap,
      addresses.el),
    h('fieldset', { class: 'part', 'data-part': 'stats' },
      h('legend', { text: t('person.part_stats') }),
      h('div', { class: 'form-grid' }, sex.el, birthYear.el, citizenship.el, languages.el, minor),
      interp.el),
    showSafe ? h('fieldset', { class: 'part part-safe', 'data-part': 'safe' },
      h('legend', { text: t('safe.title') }),
      h('p', { class: 'hint', text: t('safe.form_hint') }),
      h('div', { class: 'form-grid form-grid-3' }, call.el, voicemail.el, textMode.el),
      h('div', { class: 'form-grid' }, number.el, hours.el, codeWord.el),
      doNot.el, safeNotes.el) : null);

  const read = () => {
    const problems = [];
    const identity = {};
    const put = (k, v) => { if (v !== '' && !(Array.isArray(v) && v.length === 0)) identity[k] = v; };
    put('first_name', first.input.value.trim());
    put('last_name', last.input.value.trim());
    put('aliases', lines(aliases.input.value));
    put('date_of_birth', dob.input.value);
    put('phones', lines(phones.input.value));
    put('emails', lines(emails.input.value));
    put('documents', docs.filter((d) => d.number.value.trim() !== '')
      .map((d) => ({ type: d.type.value, number: d.number.value.trim() })));
    put('addresses', lines(addresses.input.value));
    const body = {
      sex: sex.input.value,
      minor: minorBox.checked,
      citizenship: citizenship.input.value.trim() === '' ? null : citizenship.input.value.trim().toUpperCase(),
      languages: citizenshipLangs(languages.input.value),
      identity,
    };
    const by = birthYear.input.value.trim();
    if (by === '') body.birth_year = null;
    else if (!/^\d{4}$/.test(by)) problems.push([birthYear, t('person.birth_year_invalid')]);
    else body.birth_year = Number(by);
    if (body.citizenship !== null && !/^[A-Z]{2}$/.test(body.citizenship)) {
      problems.push([citizenship, t('person.citizenship_invalid')]);
    }
    if (identity.date_of_birth) {
      // the server derives the year and minority from the date of birth
      delete body.birth_year;
      delete body.minor;
    }
    if (showSafe) {
      const s = {
        call: call.input.value, voicemail: voicemail.input.value, text: textMode.input.value,
        hours: hours.input.value.trim(), number: number.input.value.trim(), code_word: codeWord.input.value.trim(),
        do_not_inform: doNot.input.value.trim(), notes: safeNotes.input.value.trim(),
      };
      const empty = ['hours', 'number', 'code_word', 'do_not_inform', 'notes'].every((k) => s[k] === '') &&
        ['call', 'voicemail', 'text'].every((k) => s[k] === 'unknown');
      if (empty) body.safe_contact = null;
      else {
        for (const k of ['hours', 'number', 'code_word', 'do_not_inform', 'notes']) if (s[k] === '') s[k] = null;
        body.safe_contact = s;
      }
    }
    return { body, problems };
  };

  return {
    el, fields, read,
    clearAll() { for (const f of new Set(Object.values(fields))) f.clearError(); },
    focus() { first.input.focus(); },
  };
}

function citizenshipLangs(v) {
  return String(v || '').split(/[\s,;]+/).map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
}

// Show a 422 next to its field, else in the notice.
export function showPersonError(e, box, pf) {
  if (e && e.field && !pf.fields[e.field]) {
    // "identity.documents[0].number" and the like: the part's field
    const base = e.field.replace(/\[\d+\].*$/, '');
    if (pf.fields[base]) {
      showError({ field: base, code: e.code, message: e.message, status: e.status }, box, pf.fields);
      return;
    }
  }
  showError(e, box, pf.fields);
}

// ---- the likely duplicates the server found

function duplicateList(dups, { onPick, pickLabel }) {
  return h('ul', { class: 'items dup-list' }, dups.map((d) => h('li', { class: 'item', 'data-duplicate': String(d.id) },
    h('p', { class: 'item-head' },
      h('a', { href: personHref(d.id), class: 'pseudonym', text: d.pseudonym }),
      h('span', { class: 'muted', text: (d.matched || []).map((m) => t('person.matched_' + m)).join(', ') })),
    onPick ? h('div', { class: 'item-actions' }, h('button', {
      type: 'button', class: 'btn btn-small', 'data-action': 'use-duplicate', 'data-person': String(d.id),
      text: pickLabel, onclick: () => onPick({ id: d.id, pseudonym: d.pseudonym }),
    })) : null)));
}

// A form that creates a person; on a 409 it shows the likely duplicates,
// to open (or pick, with onPick) one, or to confirm a new person.
// opts: {prefix, onCreated(person), onPick(person) (optional), prefill
// {phone}, submitLabel}.
export function newPersonForm(opts) {
  const box = notice();
  const pf = personForm({ prefix: opts.prefix || 'np' });
  if (opts.prefill && opts.prefill.phone) pf.fields['identity.phones'].input.value = opts.prefill.phone;
  const dupHolder = h('div', { class: 'dups', 'aria-live': 'polite' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'create-person', text: opts.submitLabel || t('person.create') });
  const form = h('form', { class: 'person-form', novalidate: true }, pf.el, box.el, dupHolder, h('div', { class: 'actions' }, save));

  const send = (confirmNew, btn) => {
    box.clear();
    pf.clearAll();
    const { body, problems } = pf.read();
    if (problems.length) {
      for (const [f, msg] of problems) f.setError(msg);
      problems[0][0].input.focus();
      box.error(t('error.form_has_errors'));
      return Promise.resolve();
    }
    if (confirmNew) body.confirm_new = true;
    return busy(btn, async () => {
      try {
        const r = await api.post('/api/v1/persons', body);
        clear(dupHolder);
        opts.onCreated(r.person);
      } catch (e) {
        const dups = e.status === 409 && e.data && Array.isArray(e.data.duplicates) ? e.data.duplicates : null;
        if (dups) {
          clear(dupHolder);
          const confirm = h('button', { type: 'button', class: 'btn', 'data-action': 'confirm-new', text: t('person.confirm_new') });
          confirm.addEventListener('click', () => send(true, confirm));
          dupHolder.append(h('div', { class: 'callout callout-warn', 'data-duplicates': String(dups.length), role: 'group', 'aria-labelledby': (opts.prefix || 'np') + '-dup-title' },
            h('h3', { id: (opts.prefix || 'np') + '-dup-title', tabIndex: -1, text: t('person.duplicates_title') }),
            h('p', { text: t('person.duplicates_hint') }),
            duplicateList(dups, { onPick: opts.onPick, pickLabel: t('person.use_this') }),
            h('div', { class: 'actions' }, confirm)));
          dupHolder.querySelector('h3').focus();
          return;
        }
        showPersonError(e, box, pf);
      }
    });
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    send(false, save);
  });
  return { el: form, pf, focus: () => pf.focus() };
}

// ---- finding a person: by pseudonym, or exactly by identity

// opts: {prefix, onPick(row), pickLabel, prefill {phone}}
export function personFinder(opts) {
  const p = opts.prefix || 'pf';
  const box = notice();
  const results = h('div', { class: 'finder-results', 'aria-live': 'polite' });

  const q = field({ id: p + '-q', name: 'q', label: t('person.find_pseudonym'), hint: t('person.find_pseudonym_hint'), autocomplete: 'off', spellcheck: false });
  const qBtn = h('button', { type: 'submit', class: 'btn', 'data-action': 'find-pseudonym', text: t('common.search') });
  const qForm = h('form', { class: 'inline-form', novalidate: true }, q.el, qBtn);

  const kind = field({
    id: p + '-kind', name: 'kind', type: 'select', label: t('search.exact_kind'),
    options: [['name', t('search.kind_name')], ['phone', t('search.kind_phone')],
      ['document', t('search.kind_document')], ['email', t('search.kind_email')]],
  });
  const fn = field({ id: p + '-first', name: 'first_name', label: t('person.first_name'), autocomplete: 'off' });
  const ln = field({ id: p + '-last', name: 'last_name', label: t('person.last_name'), autocomplete: 'off' });
  const dob = field({ id: p + '-dob', name: 'date_of_birth', type: 'date', label: t('person.date_of_birth') });
  const phone = field({ id: p + '-phone', name: 'phone', type: 'tel', label: t('search.kind_phone'), inputmode: 'tel' });
  const doc = field({ id: p + '-doc', name: 'document', label: t('search.kind_document'), autocomplete: 'off' });
  const email = field({ id: p + '-email', name: 'email', type: 'email', label: t('search.kind_email') });
  const eBtn = h('button', { type: 'submit', class: 'btn', 'data-action': 'find-exact', text: t('search.exact_go') });
  const exactFields = { first_name: fn, last_name: ln, date_of_birth: dob, phone, document: doc, email };
  const sync = () => {
    const k = kind.input.value;
    fn.el.hidden = ln.el.hidden = dob.el.hidden = k !== 'name';
    phone.el.hidden = k !== 'phone';
    doc.el.hidden = k !== 'document';
    email.el.hidden = k !== 'email';
  };
  kind.input.addEventListener('change', sync);
  if (opts.prefill && opts.prefill.phone) {
    kind.input.value = 'phone';
    phone.input.value = opts.prefill.phone;
  }
  sync();
  const eForm = h('form', { class: 'exact-form', novalidate: true },
    h('div', { class: 'form-grid' }, kind.el, fn.el, ln.el, dob.el, phone.el, doc.el, email.el),
    h('div', { class: 'actions' }, eBtn));

  const show = (rows) => {
    clear(results);
    if (!rows.length) {
      results.appendChild(h('p', { class: 'muted empty', 'data-found': '0', text: t('person.found_none') }));
      return;
    }
    results.appendChild(h('ul', { class: 'items', 'data-found': String(rows.length) }, rows.map((r) => h('li', { class: 'item', 'data-person-row': String(r.id) },
      h('p', { class: 'item-head' },
        h('a', { href: personHref(r.id), class: 'pseudonym', text: r.pseudonym }),
        h('span', { class: 'muted', text: personFacts(r) })),
      (r.cases || []).length ? h('p', { class: 'item-meta muted', text: r.cases.map((c) => c.reference).join(', ') }) : null,
      opts.onPick ? h('div', { class: 'item-actions' }, h('button', {
        type: 'button', class: 'btn btn-small btn-primary', 'data-action': 'pick-person', 'data-person': String(r.id),
        text: opts.pickLabel || t('person.choose'), onclick: () => opts.onPick(r),
      })) : null))));
  };

  qForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    box.clear();
    const v = q.input.value.trim();
    busy(qBtn, async () => {
      try {
        const r = await api.get('/api/v1/persons' + api.query({ q: v, limit: 20 }));
        show(Array.isArray(r.persons) ? r.persons : []);
      } catch (e) {
        box.error(errorText(e));
      }
    });
  });
  eForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    box.clear();
    for (const f of Object.values(exactFields)) f.clearError();
    const k = kind.input.value;
    let body;
    if (k === 'name') body = { first_name: fn.input.value.trim(), last_name: ln.input.value.trim(), date_of_birth: dob.input.value };
    else if (k === 'phone') body = { phone: phone.input.value.trim() };
    else if (k === 'document') body = { document: doc.input.value.trim() };
    else body = { email: email.input.value.trim() };
    busy(eBtn, async () => {
      try {
        const r = await api.post('/api/v1/persons/search', body);
        show(Array.isArray(r.persons) ? r.persons : []);
      } catch (e) {
        showError(e, box, exactFields);
      }
    });
  });

  const el = h('div', { class: 'finder' },
    h('div', { class: 'finder-part' }, qForm),
    h('div', { class: 'finder-part' }, h('h4', { text: t('search.exact_title') }), eForm),
    box.el, results);
  return { el, focus: () => q.input.focus() };
}

// "female, 1998, UA" for a person's row (never a name).
export function personFacts(r) {
  const parts = [];
  if (r.sex && r.sex !== 'unknown') parts.push(label('sex', r.sex));
  if (r.birth_year) parts.push(String(r.birth_year));
  if (r.minor) parts.push(t('person.minor_short'));
  if (r.citizenship) parts.push(r.citizenship);
  return parts.join(' · ');
}

export { safeContactBlock };
