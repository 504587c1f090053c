// The directory of organisations and institutions (#/directory): search by
// kind, region, language and text; one organisation's card
// (#/directory/ID); adding (#/directory/new) and correcting one, and
// deactivating it (never deleting: referrals keep pointing at it).
// Consultants and coordinators edit; shelter staff read.

import * as api from '../api.js';
import { t } from '../i18n.js';
import {
  h, cell, clear, field, notice, errorText, busy, heading, showError, clearErrors,
} from '../dom.js';
import { state, hotlineRole, go } from '../session.js';
import { loadEnums, label, options } from '../hotline.js';

export const title = 'directory.title';

const PAGE = 25;

export const orgHref = (id) => '#/directory/' + encodeURIComponent(String(id));

export function render(arg) {
  if (arg === 'new') return renderForm(null);
  if (arg !== null && arg !== undefined) return renderCard(arg);
  return renderList();
}

// Where an organisation is: city, region (a voivodeship's name in Poland),
// country when abroad.
export function placeText(o) {
  const region = o.region ? (o.country === 'PL' ? label('voivodeship', o.region) : o.region) : '';
  return [o.city, region, o.country !== 'PL' ? o.country : ''].filter(Boolean).join(', ');
}

function canEdit() {
  return hotlineRole(state.user);
}

// ---- the list and its search

function renderList() {
  const box = notice();
  const holder = h('div', { class: 'table-holder', 'aria-busy': 'true' }, h('p', { class: 'muted empty', text: t('common.loading') }));
  const summary = h('p', { class: 'muted count', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'prev', text: t('cases.prev') });
  const next = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'next', text: t('cases.next') });
  const pager = h('div', { class: 'actions actions-center pager', hidden: true }, prev, next);
  const q = field({ id: 'dir-q', name: 'q', label: t('directory.q'), hint: t('directory.q_hint'), type: 'search', autocomplete: 'off', spellcheck: false });
  const kind = field({ id: 'dir-kind', name: 'kind', label: t('directory.kind'), type: 'select', options: [] });
  const region = field({ id: 'dir-region', name: 'region', label: t('directory.region'), type: 'select', options: [] });
  const language = field({ id: 'dir-language', name: 'language', label: t('directory.language'), hint: t('directory.language_hint'), autocomplete: 'off', spellcheck: false, maxLength: 3, inputClass: 'input-short' });
  const inactiveBox = h('input', { type: 'checkbox', id: 'dir-inactive' });
  const search = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'search', text: t('directory.search') });
  const form = h('form', { class: 'stack filters', role: 'search', novalidate: true, 'aria-label': t('directory.search') },
    h('div', { class: 'filter-grid' }, q.el, kind.el, region.el, language.el),
    h('div', { class: 'actions' },
      h('div', { class: 'check' }, inactiveBox, h('label', { for: 'dir-inactive', text: t('directory.show_inactive') })),
      search));
  let offset = 0;
  let total = 0;

  const draw = (rows) => {
    clear(holder);
    holder.removeAttribute('aria-busy');
    if (!rows.length) {
      holder.appendChild(h('p', { class: 'muted empty', text: t('directory.none') }));
    } else {
      holder.appendChild(h('table', { class: 'table table-cards table-directory' },
        h('caption', { class: 'visually-hidden', text: t('directory.caption') }),
        h('thead', null, h('tr', null,
          ['name', 'kind', 'place', 'languages', 'phone'].map((k) => h('th', { scope: 'col', text: t('directory.col_' + k) })))),
        h('tbody', null, rows.map((o) => h('tr', { 'data-org': String(o.id), class: o.active ? '' : 'org-inactive' },
          h('th', { scope: 'row', 'data-label': t('directory.col_name') },
            h('a', { href: orgHref(o.id), text: o.name }),
            o.active ? null : h('span', { class: 'badge badge-off', text: ' ' + t('directory.inactive') })),
          cell(t('directory.col_kind'), null, label('organisation_kind', o.kind)),
          cell(t('directory.col_place'), null, placeText(o) || '—'),
          cell(t('directory.col_languages'), null, (o.languages || []).join(', ') || '—'),
          cell(t('directory.col_phone'), null, o.phone || '—'))))));
    }
    summary.textContent = rows.length ? t('cases.count', { from: offset + 1, to: offset + rows.length, total }) : '';
    pager.hidden = total <= PAGE;
    prev.disabled = offset === 0;
    next.disabled = offset + rows.length >= total;
  };

  const load = async () => {
    box.clear();
    language.clearError();
    holder.setAttribute('aria-busy', 'true');
    try {
      const r = await api.get('/api/v1/organisations' + api.query({
        q: q.input.value.trim(), kind: kind.input.value, region: region.input.value,
        language: language.input.value.trim().toLowerCase(),
        active: inactiveBox.checked ? 'all' : '', limit: PAGE, offset,
      }));
      total = typeof r.total === 'number' ? r.total : 0;
      draw(Array.isArray(r.organisations) ? r.organisations : []);
    } catch (e) {
      clear(holder);
      holder.removeAttribute('aria-busy');
      if (e.field === 'language') language.setError(t('directory.language_bad'));
      else box.error(errorText(e));
    }
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    offset = 0;
    busy(search, load);
  });
  prev.addEventListener('click', () => { offset = Math.max(0, offset - PAGE); busy(prev, load); });
  next.addEventListener('click', () => { offset += PAGE; busy(next, load); });

  loadEnums().then(() => {
    for (const [v, l] of [['', t('directory.any_kind')]].concat(options('organisation_kind'))) {
      kind.input.appendChild(h('option', { value: v, text: l }));
    }
    for (const [v, l] of [['', t('directory.any_region')]].concat(options('voivodeship'))) {
      region.input.appendChild(h('option', { value: v, text: l }));
    }
    return load();
  }).catch((e) => {
    clear(holder);
    holder.removeAttribute('aria-busy');
    box.error(errorText(e));
  });

  return h('div', { class: 'page page-directory' },
    h('div', { class: 'page-head' }, heading(t('directory.heading')),
      canEdit() ? h('a', { class: 'btn btn-primary', href: '#/directory/new', 'data-action': 'new-org', text: t('directory.new') }) : null),
    h('p', { class: 'lead', text: t('directory.lead') }),
    box.el,
    h('section', { class: 'card' }, form),
    summary,
    h('section', { class: 'card card-flush' }, holder),
    pager);
}

// ---- one organisation

function facts(o) {
  const rows = [
    ['kind', label('organisation_kind', o.kind)],
    ['place', placeText(o)],
    ['address', o.address],
    ['phone', o.phone],
    ['email', o.email],
    ['website', o.website],
    ['contact_person', o.contact_person],
    ['languages', (o.languages || []).join(', ')],
    ['hours', o.hours],
    ['notes', o.notes],
  ].filter(([, v]) => v !== null && v !== undefined && v !== '');
  return h('dl', { class: 'facts org-facts' }, rows.map(([k, v]) => h('div', { 'data-fact': k },
    h('dt', { text: t('directory.f_' + k) }),
    h('dd', { class: k === 'address' || k === 'notes' || k === 'hours' ? 'prewrap' : '' },
      k === 'phone' ? h('a', { href: 'tel:' + String(v).replace(/[^+0-9]/g, ''), text: v })
        : k === 'email' ? h('a', { href: 'mailto:' + v, text: v })
          : k === 'website' && /^https?:\/\//.test(v) ? h('a', { href: v, rel: 'noopener noreferrer', target: '_blank', text: v })
            : v))));
}

function renderCard(id) {
  const box = notice();
  const titleEl = heading(t('directory.org'));
  const mainEl = h('div', { class: 'stack', 'aria-busy': 'true' }, h('p', { class: 'muted', text: t('common.loading') }));
  let o = null;
  const path = () => '/api/v1/organisations/' + encodeURIComponent(id);

  const draw = () => {
    clear(mainEl);
    mainEl.removeAttribute('aria-busy');
    titleEl.textContent = o.name;
    let actions = null;
    if (canEdit()) {
      const edit = h('button', { type: 'button', class: 'btn', 'data-action': 'edit-org', text: t('directory.edit') });
      edit.addEventListener('click', () => {
        clear(mainEl);
        mainEl.appendChild(orgForm(o, (saved) => {
          o = saved;
          draw();
          box.success(t('directory.saved'));
        }, () => draw()));
      });
      const toggle = h('button', {
        type: 'button', class: o.active ? 'btn btn-danger-quiet' : 'btn', 'data-action': o.active ? 'deactivate' : 'activate',
        text: o.active ? t('directory.deactivate') : t('directory.activate'),
      });
      toggle.addEventListener('click', () => busy(toggle, async () => {
        box.clear();
        try {
          const r = await api.patch(path(), { version: o.version, active: !o.active });
          o = r.organisation;
          draw();
          box.success(o.active ? t('directory.activated') : t('directory.deactivated'));
        } catch (e) {
          box.error(e.status === 409 ? t('directory.conflict') : errorText(e));
        }
      }));
      actions = h('div', { class: 'actions' }, edit, toggle);
    }
    mainEl.append(
      o.active ? null : h('div', { class: 'callout callout-warn', 'data-inactive': '', text: t('directory.inactive_note') }),
      h('section', { class: 'card', 'data-org-card': String(o.id), 'aria-labelledby': 'org-facts-title' },
        h('h2', { id: 'org-facts-title', class: 'visually-hidden', text: t('directory.org') }),
        facts(o),
        h('p', { class: 'muted small', text: t('directory.updated', { at: (o.updated_at || '').slice(0, 10) }) }),
        actions));
  };

  loadEnums().then(() => api.get(path())).then((r) => {
    o = r.organisation;
    draw();
  }).catch((e) => {
    clear(mainEl);
    mainEl.removeAttribute('aria-busy');
    box.error(e.status === 404 ? t('directory.not_found') : errorText(e));
  });

  return h('div', { class: 'page page-narrow page-org' },
    h('a', { href: '#/directory', class: 'back-link', text: t('directory.back') }),
    h('div', { class: 'page-head' }, titleEl),
    box.el,
    mainEl);
}

// ---- adding and correcting

function renderForm() {
  const holder = h('div', { class: 'stack' }, h('p', { class: 'muted', text: t('common.loading') }));
  loadEnums().then(() => {
    clear(holder);
    holder.appendChild(orgForm(null, (saved) => go('directory/' + saved.id), () => go('directory')));
    const first = holder.querySelector('input');
    if (first) first.focus();
  }).catch(() => {});
  return h('div', { class: 'page page-narrow page-org-new' },
    h('a', { href: '#/directory', class: 'back-link', text: t('directory.back') }),
    h('div', { class: 'page-head' }, heading(t('directory.new_title'))),
    holder);
}

// The form of an organisation: o null for a new one.  onSaved(org) after
// saving, onCancel() when given up.
function orgForm(o, onSaved, onCancel) {
  const box = notice();
  const v = (k) => (o && o[k] !== null && o[k] !== undefined ? o[k] : '');
  const name = field({ id: 'org-name', label: t('directory.f_name'), value: v('name'), required: true, maxLength: 200 });
  const kind = field({ id: 'org-kind', label: t('directory.f_kind'), type: 'select', options: options('organisation_kind'), value: o ? o.kind : 'ngo' });
  const country = field({ id: 'org-country', label: t('directory.f_country'), hint: t('directory.country_hint'), value: o ? o.country : 'PL', maxLength: 2, inputClass: 'input-short', autocomplete: 'off', spellcheck: false });
  const voiv = field({ id: 'org-voivodeship', label: t('directory.f_region'), type: 'select', options: [['', '—']].concat(options('voivodeship')), value: o && o.country === 'PL' ? v('region') : '' });
  const regionText = field({ id: 'org-region', label: t('directory.f_region_abroad'), value: o && o.country !== 'PL' ? v('region') : '', maxLength: 100 });
  const city = field({ id: 'org-city', label: t('directory.f_city'), value: v('city'), maxLength: 100 });
  const address = field({ id: 'org-address', label: t('directory.f_address'), type: 'textarea', rows: 2, value: v('address'), maxLength: 300 });
  const phone = field({ id: 'org-phone', label: t('directory.f_phone'), value: v('phone'), maxLength: 100, inputmode: 'tel' });
  const email = field({ id: 'org-email', label: t('directory.f_email'), type: 'email', value: v('email'), maxLength: 200 });
  const website = field({ id: 'org-website', label: t('directory.f_website'), hint: t('directory.website_hint'), value: v('website'), maxLength: 200, spellcheck: false });
  const contact = field({ id: 'org-contact', label: t('directory.f_contact_person'), value: v('contact_person'), maxLength: 200 });
  const languages = field({ id: 'org-languages', label: t('directory.f_languages'), hint: t('directory.languages_hint'), value: o ? (o.languages || []).join(', ') : 'pl', spellcheck: false, autocomplete: 'off' });
  const hours = field({ id: 'org-hours', label: t('directory.f_hours'), type: 'textarea', rows: 2, value: v('hours'), maxLength: 300 });
  const notes = field({ id: 'org-notes', label: t('directory.f_notes'), hint: t('directory.notes_hint'), type: 'textarea', rows: 3, value: v('notes'), maxLength: 2000 });
  const fields = {
    name, kind, country, city, address, phone, email, website, contact_person: contact, languages, hours, notes,
  };
  const inPoland = () => country.input.value.trim().toUpperCase() === 'PL';
  const sync = () => {
    voiv.el.hidden = !inPoland();
    regionText.el.hidden = inPoland();
    fields.region = inPoland() ? voiv : regionText;
  };
  country.input.addEventListener('input', sync);
  sync();

  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'save-org', text: t('common.save') });
  const cancel = h('button', { type: 'button', class: 'btn btn-link', text: t('common.cancel') });
  cancel.addEventListener('click', () => onCancel());
  const form = h('form', { class: 'stack org-form', novalidate: true, 'aria-labelledby': 'org-form-title' },
    h('h2', { id: 'org-form-title', class: o ? '' : 'visually-hidden', tabIndex: -1, text: o ? t('directory.edit_title') : t('directory.new_title') }),
    h('div', { class: 'form-grid' }, name.el, kind.el),
    h('div', { class: 'form-grid' }, country.el, voiv.el, regionText.el, city.el),
    address.el,
    h('div', { class: 'form-grid' }, phone.el, email.el, website.el, contact.el),
    h('div', { class: 'form-grid' }, languages.el, hours.el),
    notes.el,
    box.el,
    h('div', { class: 'actions' }, save, cancel));

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(box, Object.assign({ region: voiv }, fields, { regionText }));
    const text = (f) => f.input.value.trim();
    const nul = (f) => (text(f) === '' ? null : text(f));
    if (text(name) === '') {
      name.setError(t('directory.name_needed'));
      name.input.focus();
      box.error(t('error.form_has_errors'));
      return;
    }
    const body = {
      name: text(name), kind: kind.input.value, country: text(country).toUpperCase(),
      region: inPoland() ? nul(voiv) : nul(regionText), city: nul(city), address: nul(address),
      phone: nul(phone), email: nul(email), website: nul(website), contact_person: nul(contact),
      languages: text(languages).split(/[\s,;]+/).map((s) => s.toLowerCase()).filter((s) => s !== ''),
      hours: nul(hours), notes: nul(notes),
    };
    busy(save, async () => {
      try {
        let r;
        if (o) r = await api.patch('/api/v1/organisations/' + encodeURIComponent(o.id), Object.assign({ version: o.version }, body));
        else r = await api.post('/api/v1/organisations', body);
        onSaved(r.organisation);
      } catch (e) {
        if (e.status === 409) box.error(t('directory.conflict'));
        else showError(e, box, fields, {
          languages: t('directory.languages_bad'), website: t('directory.website_bad'),
          region: t('directory.region_bad'), country: t('directory.country_bad'),
        });
      }
    });
  });
  return h('section', { class: 'card' }, form);
}
