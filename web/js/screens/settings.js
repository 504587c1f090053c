// Instance settings (admin): how long sessions last, and the parts of the
// screening rule that the ILO reference could not verify (docs/OPERATIONS.md).

import * as api from '../api.js';
import { t } from '../i18n.js';
import { h, field, notice, errorText, showError, clearErrors, busy, heading } from '../dom.js';

export const title = 'settings.title';

export function render() {
  const box = notice();
  const idle = field({
    id: 'set-idle', name: 'session_idle_minutes', type: 'number', inputmode: 'numeric',
    label: t('settings.idle'), hint: t('settings.idle_hint'), min: 1, step: 1, required: true,
    inputClass: 'input-short',
  });
  const lifetime = field({
    id: 'set-lifetime', name: 'session_lifetime_hours', type: 'number', inputmode: 'numeric',
    label: t('settings.lifetime'), hint: t('settings.lifetime_hint'), min: 1, step: 1, required: true,
    inputClass: 'input-short',
  });
  const fields = { session_idle_minutes: idle, session_lifetime_hours: lifetime };
  // The screening rule's switches: 0 or 1 on the server, checkboxes here.
  const RULES = ['screening_adult_needs_destination', 'screening_child_means_optional',
    'screening_possible_two_of_three'];
  const rules = {};
  for (const name of RULES) {
    rules[name] = h('input', { type: 'checkbox', id: 'set-' + name, name });
  }
  const ruleItem = (name, key) => h('div', { class: 'check' },
    rules[name], ' ', h('label', { for: 'set-' + name, text: t(key) }));
  const demo = h('dd', { text: '…' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('common.save') });
  const form = h('form', { class: 'stack', novalidate: true },
    h('fieldset', { disabled: true },
      h('legend', { text: t('settings.sessions') }),
      h('div', { class: 'grid-2' }, idle.el, lifetime.el)),
    h('fieldset', { disabled: true, id: 'screening-rule' },
      h('legend', { text: t('settings.rule') }),
      h('p', { class: 'hint', text: t('settings.rule_hint') }),
      ruleItem('screening_adult_needs_destination', 'settings.rule_destination'),
      ruleItem('screening_child_means_optional', 'settings.rule_child'),
      ruleItem('screening_possible_two_of_three', 'settings.rule_two_of_three')),
    h('div', { class: 'actions' }, submit));
  const fieldsets = form.querySelectorAll('fieldset');
  submit.disabled = true;
  let loaded = null;

  const fill = (s) => {
    loaded = s;
    idle.input.value = String(s.session_idle_minutes);
    lifetime.input.value = String(s.session_lifetime_hours);
    for (const name of RULES) rules[name].checked = s[name] === 1;
    demo.textContent = s.demo_mode ? t('settings.demo_on') : t('settings.demo_off');
  };

  api.get('/api/v1/settings').then((s) => {
    fill(s);
    for (const fs of fieldsets) fs.disabled = false;
    submit.disabled = false;
  }).catch((e) => box.error(errorText(e)));

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(box, fields);
    const body = {};
    const bad = [];
    for (const [name, f] of Object.entries(fields)) {
      const v = f.input.value.trim();
      if (!/^[0-9]+$/.test(v) || Number(v) < 1) {
        bad.push(f);
        f.setError(t('settings.whole_number'));
        continue;
      }
      if (!loaded || Number(v) !== loaded[name]) body[name] = Number(v);
    }
    for (const name of RULES) {
      const v = rules[name].checked ? 1 : 0;
      if (!loaded || v !== loaded[name]) body[name] = v;
    }
    if (bad.length) {
      bad[0].input.focus();
      box.error(t('error.form_has_errors'));
      return;
    }
    if (Object.keys(body).length === 0) {
      box.info(t('settings.nothing'));
      return;
    }
    busy(submit, async () => {
      try {
        fill(await api.patch('/api/v1/settings', body));
        box.success(t('settings.saved'));
      } catch (e) {
        const m = /between (\d+) and (\d+)/.exec(e.message || '');
        const text = m ? t('settings.range', { min: m[1], max: m[2] }) : t('settings.out_of_range');
        showError(e, box, fields, { session_idle_minutes: text, session_lifetime_hours: text });
      }
    });
  });

  return h('div', { class: 'page page-narrow' },
    heading(t('settings.heading')),
    h('p', { class: 'lead', text: t('settings.lead') }),
    box.el,
    h('section', { class: 'card' }, form),
    h('section', { class: 'card' },
      h('h2', { text: t('settings.instance') }),
      h('dl', { class: 'facts' },
        h('div', null, h('dt', { text: t('settings.demo') }), demo))));
}
