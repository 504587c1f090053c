// Set a new password: required after a one-time password, or by choice
// from the account page.

import * as api from '../api.js';
import { t, lang } from '../i18n.js';
import { h, field, notice, errorText, clearErrors, busy, heading, nextId } from '../dom.js';
import { state, advance, go, flash, logout } from '../session.js';

export const title = 'password.title';

const MIN_LENGTH = 12;

export function render() {
  const mandatory = state.stage === 'password_change';
  const box = notice();

  const current = field({
    id: 'pw-current', name: 'current_password', type: 'password', required: true,
    label: mandatory ? t('password.current_onetime') : t('password.current'),
    autocomplete: 'current-password',
  });
  const next = field({
    id: 'pw-new', name: 'new_password', type: 'password', required: true,
    label: t('password.new'), hint: t('password.policy', { min: MIN_LENGTH }),
    autocomplete: 'new-password',
  });
  const repeat = field({
    id: 'pw-repeat', name: 'repeat', type: 'password', required: true,
    label: t('password.repeat'), autocomplete: 'new-password',
  });
  current.input.setAttribute('data-autofocus', '');
  const fields = { current_password: current, new_password: next, repeat };

  const showId = nextId('pw-show');
  const show = h('input', { type: 'checkbox', id: showId });
  show.addEventListener('change', () => {
    for (const f of [current, next, repeat]) f.input.type = show.checked ? 'text' : 'password';
  });

  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('password.submit') });
  const form = h('form', { class: 'stack', novalidate: true },
    current.el, next.el, repeat.el,
    h('div', { class: 'check' }, show, h('label', { for: showId, text: t('password.show') })),
    h('div', { class: 'actions' },
      submit,
      mandatory
        ? h('button', { type: 'button', class: 'btn btn-link', text: t('totp.cancel'), onclick: () => logout() })
        : h('a', { class: 'btn btn-link', href: '#/account', text: t('common.cancel') })));

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(box, fields);
    const cur = current.input.value;
    const nw = next.input.value;
    const rep = repeat.input.value;
    const problems = [];
    if (cur === '') problems.push([current, t('password.current_missing')]);
    if ([...nw].length < MIN_LENGTH) problems.push([next, t('password.too_short', { min: MIN_LENGTH })]);
    else if (nw !== rep) problems.push([repeat, t('password.mismatch')]);
    if (problems.length) {
      for (const [f, text] of problems) f.setError(text);
      problems[0][0].input.focus();
      box.error(t('error.form_has_errors'));
      return;
    }
    busy(submit, async () => {
      try {
        const r = await api.post('/api/v1/auth/password',
          { current_password: cur, new_password: nw }, { handle401: true });
        for (const f of [current, next, repeat]) f.input.value = '';
        if (mandatory) {
          await advance(r.stage || 'done');
        } else {
          flash('success', 'password.changed');
          go('account');
        }
      } catch (e) {
        if (e.status === 401) {
          current.input.value = '';
          current.setError(t('password.current_wrong'));
          current.input.focus();
          box.error(t('error.form_has_errors'));
        } else if (e.field === 'new_password') {
          next.setError(lang() === 'en' && e.message ? e.message : t('password.rejected'));
          next.input.focus();
          box.error(t('error.form_has_errors'));
        } else if (e.field === 'current_password') {
          current.setError(t('password.current_wrong'));
          current.input.focus();
        } else {
          box.error(errorText(e));
        }
      }
    });
  });

  return h('div', { class: 'auth-wrap' },
    h('section', { class: 'card auth-card' },
      heading(mandatory ? t('password.heading_required') : t('password.heading')),
      h('p', { class: 'lead', text: mandatory ? t('password.lead_required') : t('password.lead') }),
      box.el,
      form));
}
