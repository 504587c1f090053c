// "Open a case from this contact": choose the person (found by pseudonym
// or exact identity, or a new one), the forms of exploitation and the
// urgency, then POST /api/v1/cases with the contact and go to the case.

import * as api from './api.js';
import { t } from './i18n.js';
import { h, clear, notice, showError, busy } from './dom.js';
import { go } from './session.js';
import { checkGroup } from './contactform.js';
import { personFinder, newPersonForm, personFacts } from './personform.js';
import { personHref } from './casefile.js';

// opts: {contactId, phone (the caller's number, to look for), prefix}.
// Returns {el}: a button that opens the panel in place.
export function openCaseAction(opts) {
  const p = opts.prefix || 'oc';
  const holder = h('div', { class: 'open-case' });
  const start = h('button', { type: 'button', class: 'btn', 'data-action': 'open-case', text: t('opencase.action') });
  holder.appendChild(start);

  const panel = () => {
    const box = notice();
    const body = h('div', { class: 'stack' });
    const titleEl = h('h3', { id: p + '-title', tabIndex: -1, text: t('opencase.title') });
    const cancel = h('button', { type: 'button', class: 'btn btn-link', 'data-action': 'open-case-cancel', text: t('common.cancel') });
    cancel.addEventListener('click', () => {
      clear(holder);
      holder.appendChild(start);
      start.focus();
    });
    const wrap = h('section', { class: 'open-case-panel', 'aria-labelledby': p + '-title', 'data-open-case': '' },
      h('div', { class: 'card-head' }, titleEl, cancel), box.el, body);

    const choosePerson = () => {
      clear(body);
      box.clear();
      const finder = personFinder({
        prefix: p + '-find', onPick: chosen, pickLabel: t('opencase.pick'), prefill: { phone: opts.phone },
      });
      const newBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'new-person', text: t('opencase.new_person') });
      const newHolder = h('div', { class: 'new-person-holder' }, newBtn);
      newBtn.addEventListener('click', () => {
        clear(newHolder);
        const np = newPersonForm({
          prefix: p + '-np', onCreated: chosen, onPick: chosen, prefill: { phone: opts.phone },
          submitLabel: t('opencase.create_person'),
        });
        newHolder.append(h('h4', { text: t('opencase.new_person') }), np.el);
        np.focus();
      });
      body.append(
        h('p', { class: 'hint', text: t('opencase.step_person') }),
        finder.el,
        h('div', { class: 'or-line' }, h('span', { text: t('opencase.or') })),
        newHolder);
    };

    const chosen = (person) => {
      clear(body);
      box.clear();
      const forms = checkGroup({ id: p + '-forms', kind: 'exploitation', legend: t('case.forms'), columns: 'cols-3' });
      const urgentBox = h('input', { type: 'checkbox', id: p + '-urgent' });
      const change = h('button', { type: 'button', class: 'btn btn-small btn-link', 'data-action': 'change-person', text: t('opencase.change_person') });
      change.addEventListener('click', choosePerson);
      const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'create-case', text: t('opencase.submit') });
      const form = h('form', { class: 'stack', novalidate: true },
        h('p', { class: 'chosen-person', 'data-chosen-person': String(person.id) },
          t('opencase.person'), ' ',
          h('a', { href: personHref(person.id), class: 'pseudonym', text: person.pseudonym }), ' ',
          h('span', { class: 'muted', text: personFacts(person) }), ' ', change),
        forms.el,
        h('div', { class: 'check' }, urgentBox, h('label', { for: p + '-urgent', text: t('case.urgent_flag') })),
        h('div', { class: 'actions' }, submit));
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        box.clear();
        busy(submit, async () => {
          try {
            const r = await api.post('/api/v1/cases', {
              person_id: person.id, contact_id: opts.contactId, forms: forms.value(), urgent: urgentBox.checked,
            });
            go('cases/' + r.case.id);
          } catch (e) {
            showError(e, box, { forms });
          }
        });
      });
      body.appendChild(form);
      submit.focus();
    };

    choosePerson();
    return { wrap, titleEl };
  };

  start.addEventListener('click', () => {
    const { wrap, titleEl } = panel();
    clear(holder);
    holder.appendChild(wrap);
    titleEl.focus();
  });
  return { el: holder };
}
