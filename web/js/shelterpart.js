// The "Shelter" part of a case page: the case's placements (shelter, bed,
// dates, status, reason for leaving) with a link to the shelter's bed
// board.  No address: it is shown on the shelter screen only, to those who
// may see it.

import * as api from './api.js';
import { t } from './i18n.js';
import { h, clear } from './dom.js';
import { label } from './hotline.js';

export async function caseShelters(el, c) {
  clear(el);
  el.append(h('h2', { id: 'cshelter-title', tabIndex: -1, text: t('shelters.case_section') }));
  let list;
  try {
    list = (await api.get('/api/v1/cases/' + encodeURIComponent(c.id) + '/placements')).placements || [];
  } catch (e) {
    el.hidden = true;       // a role without the shelter's routes
    return;
  }
  el.hidden = false;
  if (list.length === 0) {
    el.append(h('p', { class: 'muted', text: t('shelters.case_none') }));
    return;
  }
  el.append(h('ul', { class: 'plain-list incident-list' }, list.map((p) => h('li', { 'data-placement': String(p.id) },
    h('p', null, h('strong', { text: p.shelter.name }), ' · ', p.bed.room + ' · ' + p.bed.label),
    h('p', null, h('span', { class: 'badge', text: label('placement_status', p.status) }), ' ',
      p.check_in + ' – ' + (p.actual_departure || p.planned_departure || '…'),
      p.leaving_reason ? ' · ' + label('leaving_reason', p.leaving_reason) : ''),
    h('p', null, h('a', { href: '#/shelters/' + p.shelter.id, text: t('shelters.case_board') }))))));
}
