// The specialist shelter (#/shelters, #/shelters/ID): choose a shelter, its
// bed board for the week ahead (beds × days, each state in colour and in
// words), a free bed to place a case's person (consultants and
// coordinators, by case reference), an occupied or reserved bed to see
// the placement and check in, cancel or record the departure (shelter
// staff too), the shelter's safety incidents, occupancy figures, and for
// coordinators the shelters, rooms, beds and beds out of service.
//
// The address is shown only when the API answers it (shelter staff,
// coordinators, the key consultant of someone placed there); no other
// screen, list or export carries it.

import * as api from '../api.js';
import { t } from '../i18n.js';
import {
  h, clear, field, notice, errorText, showError, clearErrors, busy, heading, cell, announce,
} from '../dom.js';
import { loadEnums, label, options, fromLocalInput, isoWarsaw, dateTime } from '../hotline.js';
import { caseHref } from '../casefile.js';
import { state, hotlineRole, isCoordinator } from '../session.js';

export const title = 'shelters.title';

const STATES = ['free', 'occupied', 'reserved', 'out_of_service'];

function addDays(iso, n) {
  const d = new Date(iso + 'T12:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function shortDay(iso) {
  const d = new Date(iso + 'T12:00:00Z');
  return d.toLocaleDateString(document.documentElement.lang || 'pl',
    { weekday: 'short', day: 'numeric', month: 'numeric', timeZone: 'UTC' });
}

// A modal dialog: open(titleText, ...parts) fills and shows it.
function makeDialog() {
  const dialog = h('dialog', { class: 'dialog shelter-dialog', 'aria-labelledby': 'shelter-dialog-title' });
  dialog.addEventListener('close', () => clear(dialog));
  return {
    el: dialog,
    open(titleText, ...parts) {
      clear(dialog);
      const close = h('button', { type: 'button', class: 'btn', 'data-action': 'dialog-close', text: t('common.close') });
      close.addEventListener('click', () => dialog.close());
      dialog.append(
        h('div', { class: 'dialog-head' }, h('h2', { id: 'shelter-dialog-title', tabIndex: -1, text: titleText })),
        h('div', { class: 'dialog-part stack' }, ...parts),
        h('div', { class: 'dialog-foot' }, close));
      if (!dialog.open) dialog.showModal();
      dialog.querySelector('h2').focus();
    },
    close() { if (dialog.open) dialog.close(); },
  };
}

function dateField(id, labelText, value, opts = {}) {
  return field(Object.assign({ id, label: labelText, type: 'date', value }, opts));
}

export function render(arg) {
  const me = state.user;
  const places = hotlineRole(me);         // may place a case's person
  const coordinator = isCoordinator(me);
  const box = notice();
  const dlg = makeDialog();
  const picker = h('select', { id: 'shelter-pick' });
  const info = h('section', { class: 'card', id: 'shelter-info', 'aria-busy': 'true' },
    h('p', { class: 'muted', text: t('common.loading') }));
  const boardHolder = h('div', { class: 'table-holder board-holder', id: 'shelter-board', 'aria-busy': 'true' });
  const weekLabel = h('p', { class: 'muted', id: 'board-week' });
  const incidents = h('div', { id: 'shelter-incidents' });
  const occupancy = h('div', { class: 'table-holder', id: 'shelter-occupancy' });
  const manage = h('div', { id: 'shelter-manage' });

  let shelters = [];
  let current = null;     // the shelter as GET /shelters/ID answers
  let from = null;        // the board's first day
  let today = null;
  let boardData = null;

  // ---- loading

  const loadList = async () => {
    const r = await api.get('/api/v1/shelters' + (coordinator ? '?all=1' : ''));
    shelters = r.shelters || [];
    clear(picker);
    for (const s of shelters) {
      picker.appendChild(h('option', { value: String(s.id),
        text: s.name + (s.active ? '' : ' (' + t('shelters.inactive') + ')') }));
    }
  };

  const loadShelter = async (id) => {
    current = await api.get('/api/v1/shelters/' + id);
    clear(info);
    info.removeAttribute('aria-busy');
    const beds = (current.rooms || []).reduce((n, r) => n + r.beds.filter((b) => b.active).length, 0);
    info.append(
      h('h2', { id: 'shelter-name', text: current.name }),
      h('p', null, label('shelter_kind', current.kind), ' · ', t('shelters.beds_count', { n: beds })),
      current.address_shown
        ? h('dl', { class: 'facts', id: 'shelter-address' },
          h('dt', { text: t('shelters.address') }), h('dd', { 'data-address': '', text: current.address || '—' }),
          h('dt', { text: t('shelters.phone') }), h('dd', { text: current.phone || '—' }),
          h('dd', { class: 'muted small', text: t('shelters.address_confidential') }))
        : h('p', { class: 'muted', id: 'shelter-address-hidden', text: t('shelters.address_hidden') }));
  };

  const loadBoard = async () => {
    if (!current) return;
    boardHolder.setAttribute('aria-busy', 'true');
    const q = from ? '?days=7&from=' + from : '?days=7';
    boardData = await api.get('/api/v1/shelters/' + current.id + '/board' + q);
    today = boardData.today;
    from = boardData.days[0];
    weekLabel.textContent = t('shelters.week', { from: boardData.days[0], to: boardData.days[boardData.days.length - 1] });
    clear(boardHolder);
    boardHolder.appendChild(boardTable(boardData));
    boardHolder.removeAttribute('aria-busy');
  };

  const loadIncidents = async () => {
    if (!current) return;
    const r = await api.get('/api/v1/shelters/' + current.id + '/incidents');
    clear(incidents);
    const list = r.incidents || [];
    if (list.length === 0) incidents.appendChild(h('p', { class: 'empty muted', text: t('shelters.no_incidents') }));
    else {
      incidents.appendChild(h('ul', { class: 'plain-list incident-list' }, list.map((i) => h('li', { 'data-incident': String(i.id) },
        h('p', null, h('strong', { text: label('incident_kind', i.kind) }), ' · ',
          h('span', { class: 'badge sev-' + i.severity, text: label('incident_severity', i.severity) }), ' · ',
          dateTime(i.occurred_at),
          i.placement ? ' · ' + i.placement.pseudonym + ' (' + i.placement.case.reference + ')' : ''),
        i.restricted ? h('p', { class: 'muted', text: t('shelters.incident_restricted') })
          : h('p', { text: i.description || '' }),
        i.actions ? h('p', { class: 'muted', text: t('shelters.incident_actions') + ': ' + i.actions }) : null))));
    }
  };

  const loadOccupancy = async () => {
    const r = await api.get('/api/v1/shelters/occupancy');
    clear(occupancy);
    const pct = (x) => (x === null ? '—' : Math.round(x * 1000) / 10 + ' %');
    const cols = [t('shelters.occ_beds'), t('shelters.occ_available'), t('shelters.occ_occupied'),
      t('shelters.occ_rate'), t('shelters.occ_residents')];
    const row = (name, x, attrs) => h('tr', attrs,
      h('th', { scope: 'row', text: name }),
      cell(cols[0], null, String(x.beds)), cell(cols[1], null, String(x.bed_nights_available)),
      cell(cols[2], null, String(x.bed_nights_occupied)), cell(cols[3], null, pct(x.rate)),
      cell(cols[4], null, String(x.residents)));
    occupancy.appendChild(h('table', { class: 'table table-cards' },
      h('caption', { class: 'muted', text: t('shelters.occ_period', { from: r.from, to: r.to }) }),
      h('thead', null, h('tr', null, h('th', { scope: 'col', text: t('shelters.shelter') }),
        cols.map((c) => h('th', { scope: 'col', text: c })))),
      h('tbody', null, (r.shelters || []).map((x) => row(x.name, x, { 'data-occupancy': String(x.id) })),
        row(t('shelters.occ_total'), r.total, { class: 'is-current' }))));
  };

  const reloadAll = async (keepFocus) => {
    try {
      await Promise.all([loadBoard(), loadIncidents(), loadOccupancy()]);
      if (keepFocus) announce(t('shelters.board_updated'));
    } catch (e) { box.error(errorText(e)); }
  };

  // keepInUrl: the shelter chosen in the picker goes into the address, so
  // that a reload shows it again.
  const choose = async (id, keepInUrl) => {
    box.clear();
    try {
      await loadShelter(id);
      picker.value = String(id);
      if (keepInUrl && window.location.hash !== '#/shelters/' + id) window.history.replaceState(null, '', '#/shelters/' + id);
      await reloadAll();
      if (coordinator) renderManage();
    } catch (e) {
      info.removeAttribute('aria-busy');
      boardHolder.removeAttribute('aria-busy');
      box.error(errorText(e));
    }
  };

  // ---- the board

  function boardTable(b) {
    const head = h('tr', null, h('th', { scope: 'col', text: t('shelters.bed') }),
      b.days.map((d) => h('th', { scope: 'col', class: d === b.today ? 'is-today' : '', text: shortDay(d) })));
    const rows = b.beds.map((bed) => h('tr', { 'data-bed-row': String(bed.id) },
      h('th', { scope: 'row' }, h('span', { class: 'muted small', text: bed.room.name + ' · ' }), bed.label),
      bed.days.map((d) => h('td', { class: 'board-cell' }, boardButton(bed, d)))));
    return h('table', { class: 'table board' },
      h('caption', { class: 'visually-hidden', text: t('shelters.board') }),
      h('thead', null, head), h('tbody', null, rows));
  }

  function boardButton(bed, d) {
    const who = d.placement ? d.placement.pseudonym + ' ' + d.placement.reference : '';
    const text = [label('bed_state', d.state)];
    const attrs = {
      type: 'button', class: ['bed-state', 'bed-' + d.state],
      'data-bed': String(bed.id), 'data-date': d.date, 'data-state': d.state,
      'aria-label': bed.label + ', ' + d.date + ': ' + label('bed_state', d.state) + (who ? ', ' + who : ''),
    };
    if (d.placement) attrs['data-placement'] = String(d.placement.id);
    const body = [h('span', { class: 'bed-state-name', text: text[0] }),
      d.placement ? h('span', { class: 'bed-who', text: d.placement.pseudonym }) : null];
    if (d.placement) {
      return h('button', Object.assign(attrs, { onclick: () => openPlacement(d.placement.id) }), body);
    }
    if (d.state === 'free' && places && d.date >= today) {
      return h('button', Object.assign(attrs, { onclick: () => openPlace(bed, d.date) }), body);
    }
    return h('span', Object.assign(attrs, { type: undefined }), body);
  }

  // ---- placing a case's person on a free bed

  function openPlace(bed, date) {
    const form = h('form', { class: 'stack', id: 'place-form', novalidate: true });
    const fbox = notice();
    const ref = field({ id: 'place-reference', label: t('shelters.case_reference'), hint: t('shelters.case_reference_hint'), required: true, autocomplete: 'off' });
    const status = field({ id: 'place-status', label: t('shelters.place_as'), type: 'select',
      options: [['reserved', label('placement_status', 'reserved')]].concat(date <= today ? [['active', t('shelters.check_in_now')]] : []),
      value: date <= today ? 'active' : 'reserved' });
    const ci = dateField('place-check-in', t('shelters.check_in'), date, { required: true });
    const pd = dateField('place-planned', t('shelters.planned_departure'), addDays(date, 30));
    const notes = field({ id: 'place-notes', label: t('shelters.notes'), type: 'textarea', maxLength: 4000 });
    const fields = { check_in: ci, planned_departure: pd, status, notes, bed_id: ref };
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'place', text: t('shelters.place') });
    form.append(fbox.el, ref.el, status.el, ci.el, pd.el, notes.el, h('div', { class: 'actions' }, submit));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      clearErrors(fbox, fields);
      busy(submit, async () => {
        const want = ref.input.value.trim();
        if (!want) { ref.setError(t('shelters.case_reference_missing')); ref.input.focus(); return; }
        let found;
        try {
          const r = await api.get('/api/v1/cases' + api.query({ q: want }));
          found = (r.cases || []).find((c) => c.reference === want || (c.person && c.person.pseudonym === want));
        } catch (e) {
          if (e.status !== 422) { showError(e, fbox, fields); return; }
        }
        if (!found) { ref.setError(t('shelters.case_not_found')); ref.input.focus(); return; }
        const body = { bed_id: bed.id, status: status.input.value, check_in: ci.input.value };
        if (pd.input.value) body.planned_departure = pd.input.value;
        if (notes.input.value.trim()) body.notes = notes.input.value;
        try {
          await api.post('/api/v1/cases/' + found.id + '/placements', body);
          dlg.close();
          box.success(t('shelters.placed', { reference: found.reference }));
          await reloadAll(true);
        } catch (e) {
          showError(e, fbox, fields, { bed_id: t('shelters.bed_taken'), check_in: e.status === 409 ? t('shelters.person_placed') : null });
        }
      });
    });
    dlg.open(t('shelters.place_title', { bed: bed.label, date }), form);
  }

  // ---- one placement: check in, cancel, departure

  async function openPlacement(id) {
    let p;
    try {
      p = (await api.get('/api/v1/placements/' + id)).placement;
    } catch (e) { box.error(errorText(e)); return; }
    const fbox = notice();
    const facts = h('dl', { class: 'facts', id: 'placement-facts', 'data-placement-id': String(p.id) },
      h('dt', { text: t('shelters.person') }), h('dd', { text: p.person.pseudonym }),
      h('dt', { text: t('shelters.case') }), h('dd', null, places
        ? h('a', { href: caseHref(p.case.id), 'data-case-link': '', text: p.case.reference }) : p.case.reference),
      h('dt', { text: t('shelters.key_consultant') }), h('dd', { text: p.key_consultant ? p.key_consultant.username : '—' }),
      h('dt', { text: t('shelters.status') }), h('dd', { 'data-status': p.status, text: label('placement_status', p.status) }),
      h('dt', { text: t('shelters.bed') }), h('dd', { text: p.bed.room + ' · ' + p.bed.label }),
      h('dt', { text: t('shelters.check_in') }), h('dd', { text: p.check_in }),
      h('dt', { text: t('shelters.planned_departure') }), h('dd', { text: p.planned_departure || '—' }),
      p.actual_departure ? [h('dt', { text: t('shelters.actual_departure') }), h('dd', { text: p.actual_departure }),
        h('dt', { text: t('shelters.leaving_reason') }), h('dd', { text: label('leaving_reason', p.leaving_reason) })] : null,
      p.notes ? [h('dt', { text: t('shelters.notes') }), h('dd', { class: 'pre', text: p.notes })] : null);
    const done = async (msgKey) => {
      dlg.close();
      box.success(t(msgKey));
      await reloadAll(true);
    };
    const parts = [fbox.el, facts];
    if (p.status === 'reserved') {
      const d = dateField('checkin-date', t('shelters.check_in_date'), today, { max: today });
      const go = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'check-in', text: t('shelters.check_in_do') });
      const f = h('form', { class: 'stack', novalidate: true }, d.el, h('div', { class: 'actions' }, go));
      f.addEventListener('submit', (ev) => {
        ev.preventDefault();
        clearErrors(fbox, { date: d });
        busy(go, async () => {
          try {
            await api.post('/api/v1/placements/' + p.id + '/check-in', { date: d.input.value, version: p.version });
            await done('shelters.checked_in');
          } catch (e) { showError(e, fbox, { date: d }, { date: e.status === 409 ? t('shelters.bed_taken') : null }); }
        });
      });
      const cancel = h('button', { type: 'button', class: 'btn btn-danger', 'data-action': 'cancel-reservation', text: t('shelters.cancel_reservation') });
      cancel.addEventListener('click', () => busy(cancel, async () => {
        try {
          await api.post('/api/v1/placements/' + p.id + '/cancel', { version: p.version });
          await done('shelters.cancelled');
        } catch (e) { showError(e, fbox, {}); }
      }));
      parts.push(h('section', null, h('h3', { text: t('shelters.check_in_title') }), f), h('div', { class: 'actions' }, cancel));
    } else if (p.status === 'active') {
      const d = dateField('depart-date', t('shelters.departure_date'), today, { required: true, max: today });
      const reason = field({ id: 'depart-reason', label: t('shelters.leaving_reason'), type: 'select',
        options: [['', t('shelters.choose')]].concat(options('leaving_reason')), required: true });
      const notes = field({ id: 'depart-notes', label: t('shelters.notes'), type: 'textarea', maxLength: 4000, value: p.notes || '' });
      const go = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'depart', text: t('shelters.departure_do') });
      const fields = { date: d, reason, notes };
      const f = h('form', { class: 'stack', id: 'depart-form', novalidate: true }, d.el, reason.el, notes.el, h('div', { class: 'actions' }, go));
      f.addEventListener('submit', (ev) => {
        ev.preventDefault();
        clearErrors(fbox, fields);
        if (!reason.input.value) { reason.setError(t('shelters.reason_missing')); reason.input.focus(); return; }
        busy(go, async () => {
          const body = { date: d.input.value, reason: reason.input.value, version: p.version };
          if (notes.input.value !== (p.notes || '')) body.notes = notes.input.value;
          try {
            await api.post('/api/v1/placements/' + p.id + '/departure', body);
            await done('shelters.departed');
          } catch (e) {
            showError(e, fbox, fields, { date: e.code === 'invalid' ? t('shelters.departure_date_invalid') : null });
          }
        });
      });
      parts.push(h('section', null, h('h3', { text: t('shelters.departure_title') }), f));
    }
    dlg.open(t('shelters.placement_title', { who: p.person.pseudonym }), ...parts);
  }

  // ---- incidents

  function incidentForm() {
    const fbox = notice();
    const at = field({ id: 'incident-at', label: t('shelters.incident_at'), type: 'datetime-local', required: true });
    const kind = field({ id: 'incident-kind', label: t('shelters.incident_kind'), type: 'select', options: options('incident_kind') });
    const sev = field({ id: 'incident-severity', label: t('shelters.incident_severity'), type: 'select', options: options('incident_severity'), value: 'medium' });
    const who = field({ id: 'incident-placement', label: t('shelters.incident_person'), type: 'select', options: [['', t('shelters.incident_nobody')]] });
    const desc = field({ id: 'incident-description', label: t('shelters.incident_description'), type: 'textarea', required: true, maxLength: 4000 });
    const acts = field({ id: 'incident-actions', label: t('shelters.incident_actions'), type: 'textarea', maxLength: 4000 });
    const fields = { occurred_at: at, kind, severity: sev, placement_id: who, description: desc, actions: acts };
    const go = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'add-incident', text: t('shelters.incident_add') });
    const f = h('form', { class: 'stack', id: 'incident-form', novalidate: true },
      fbox.el, h('div', { class: 'grid-2' }, at.el, who.el, kind.el, sev.el), desc.el, acts.el, h('div', { class: 'actions' }, go));
    const fillPeople = () => {
      clear(who.input);
      who.input.appendChild(h('option', { value: '', text: t('shelters.incident_nobody') }));
      for (const p of (boardData && boardData.placements) || []) {
        if (p.status === 'active') who.input.appendChild(h('option', { value: String(p.id), text: p.person.pseudonym + ' (' + p.case.reference + ')' }));
      }
    };
    f.addEventListener('focusin', fillPeople, { once: true });
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      clearErrors(fbox, fields);
      const msv = fromLocalInput(at.input.value);
      if (msv === null || Number.isNaN(msv)) { at.setError(t('shelters.incident_at_missing')); at.input.focus(); return; }
      if (!desc.input.value.trim()) { desc.setError(t('shelters.incident_description_missing')); desc.input.focus(); return; }
      busy(go, async () => {
        const body = { occurred_at: isoWarsaw(msv), kind: kind.input.value, severity: sev.input.value, description: desc.input.value };
        if (who.input.value) body.placement_id = Number(who.input.value);
        if (acts.input.value.trim()) body.actions = acts.input.value;
        try {
          await api.post('/api/v1/shelters/' + current.id + '/incidents', body);
          desc.input.value = '';
          acts.input.value = '';
          fbox.success(t('shelters.incident_added'));
          await loadIncidents();
        } catch (e) { showError(e, fbox, fields); }
      });
    });
    return f;
  }

  // ---- coordinators: shelters, rooms, beds, out of service

  function renderManage() {
    clear(manage);
    const add = (titleKey, id, flds, submitKey, send) => {
      const fbox = notice();
      const go = h('button', { type: 'submit', class: 'btn', text: t(submitKey) });
      const f = h('form', { class: 'stack', id, novalidate: true }, fbox.el, Object.values(flds).map((x) => x.el), h('div', { class: 'actions' }, go));
      f.addEventListener('submit', (ev) => {
        ev.preventDefault();
        clearErrors(fbox, flds);
        busy(go, async () => {
          try {
            await send();
            fbox.success(t('shelters.saved'));
          } catch (e) { showError(e, fbox, flds); }
        });
      });
      return h('details', { class: 'manage-part' }, h('summary', { text: t(titleKey) }), f);
    };
    const beds = [];
    for (const r of (current && current.rooms) || []) for (const b of r.beds) beds.push([String(b.id), r.name + ' · ' + b.label]);
    const rooms = ((current && current.rooms) || []).map((r) => [String(r.id), r.name]);

    const sName = field({ id: 'new-shelter-name', label: t('shelters.name'), required: true, maxLength: 120 });
    const sKind = field({ id: 'new-shelter-kind', label: t('shelters.kind'), type: 'select', options: options('shelter_kind') });
    const sAddr = field({ id: 'new-shelter-address', label: t('shelters.address'), type: 'textarea', maxLength: 500, hint: t('shelters.address_confidential') });
    const sPhone = field({ id: 'new-shelter-phone', label: t('shelters.phone'), maxLength: 40 });
    const rName = field({ id: 'new-room-name', label: t('shelters.room_name'), required: true, maxLength: 60 });
    const bRoom = field({ id: 'new-bed-room', label: t('shelters.room'), type: 'select', options: rooms });
    const bLabel = field({ id: 'new-bed-label', label: t('shelters.bed_label'), required: true, maxLength: 30 });
    const kBed = field({ id: 'block-bed', label: t('shelters.bed'), type: 'select', options: beds });
    const kFrom = dateField('block-from', t('shelters.block_from'), today || '');
    const kTo = dateField('block-to', t('shelters.block_to'), today || '');
    const kReason = field({ id: 'block-reason', label: t('shelters.block_reason'), type: 'select', options: options('block_reason') });

    manage.append(h('section', { class: 'card' }, h('h2', { text: t('shelters.manage') }),
      current ? add('shelters.add_room', 'room-form', { name: rName }, 'shelters.add_room', async () => {
        await api.post('/api/v1/shelters/' + current.id + '/rooms', { name: rName.input.value.trim() });
        await choose(current.id);
      }) : null,
      current && rooms.length ? add('shelters.add_bed', 'bed-form', { room_id: bRoom, label: bLabel }, 'shelters.add_bed', async () => {
        await api.post('/api/v1/shelters/' + current.id + '/beds', { room_id: Number(bRoom.input.value), label: bLabel.input.value.trim() });
        await choose(current.id);
      }) : null,
      current && beds.length ? add('shelters.add_block', 'block-form', { bed: kBed, from: kFrom, to: kTo, reason: kReason }, 'shelters.add_block', async () => {
        await api.post('/api/v1/shelters/' + current.id + '/beds/' + kBed.input.value + '/blocks',
          { from: kFrom.input.value, to: kTo.input.value, reason: kReason.input.value });
        await reloadAll(true);
      }) : null,
      add('shelters.add_shelter', 'shelter-form', { name: sName, kind: sKind, address: sAddr, phone: sPhone }, 'shelters.add_shelter', async () => {
        const body = { name: sName.input.value.trim(), kind: sKind.input.value };
        if (sAddr.input.value.trim()) body.address = sAddr.input.value.trim();
        if (sPhone.input.value.trim()) body.phone = sPhone.input.value.trim();
        const s = await api.post('/api/v1/shelters', body);
        await loadList();
        await choose(s.id);
      })));
  }

  // ---- the page

  picker.addEventListener('change', () => choose(picker.value, true));
  const week = (n) => h('button', {
    type: 'button', class: 'btn btn-small', 'data-action': 'week-' + (n < 0 ? 'back' : n > 0 ? 'on' : 'today'),
    text: t(n < 0 ? 'shelters.week_back' : n > 0 ? 'shelters.week_on' : 'shelters.week_today'),
    onclick: async () => {
      from = n === 0 ? today : addDays(from, 7 * n);
      try { await loadBoard(); } catch (e) { box.error(errorText(e)); }
    },
  });
  const legend = h('ul', { class: 'board-legend plain-list', 'aria-label': t('shelters.legend') },
    STATES.map((s) => h('li', null, h('span', { class: ['bed-state', 'bed-' + s, 'legend-chip'], 'aria-hidden': 'true' }), ' ', label('bed_state', s))));

  (async () => {
    try {
      await loadEnums();
      await loadList();
      if (legend) {
        clear(legend);
        legend.append(...STATES.map((s) => h('li', null,
          h('span', { class: ['bed-state', 'bed-' + s, 'legend-chip'], 'aria-hidden': 'true' }), ' ', label('bed_state', s))));
      }
      const wanted = arg && shelters.find((s) => String(s.id) === String(arg));
      const first = wanted || shelters.find((s) => s.active) || shelters[0];
      if (first) await choose(first.id);
      else {
        clear(info);
        info.removeAttribute('aria-busy');
        boardHolder.removeAttribute('aria-busy');
        info.appendChild(h('p', { class: 'empty muted', text: t('shelters.none') }));
        if (coordinator) renderManage();
      }
    } catch (e) {
      info.removeAttribute('aria-busy');
      boardHolder.removeAttribute('aria-busy');
      box.error(errorText(e));
    }
  })();

  return h('div', { class: 'page' },
    heading(t('shelters.heading')),
    h('p', { class: 'lead', text: t('shelters.lead') }),
    box.el,
    h('div', { class: 'field shelter-pick' }, h('label', { for: 'shelter-pick', text: t('shelters.choose_shelter') }), picker),
    info,
    h('section', { class: 'card' },
      h('h2', { text: t('shelters.board') }),
      h('div', { class: 'actions board-nav' }, week(-1), week(0), week(1), weekLabel),
      legend,
      boardHolder),
    h('section', { class: 'card' },
      h('h2', { text: t('shelters.incidents') }),
      incidents,
      h('details', { class: 'manage-part' }, h('summary', { text: t('shelters.incident_add') }), incidentForm())),
    h('section', { class: 'card' }, h('h2', { text: t('shelters.occupancy') }), occupancy),
    coordinator ? manage : null,
    dlg.el);
}
