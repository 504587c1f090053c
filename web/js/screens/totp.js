// The second step of logging in: a code from the authenticator app, or one
// of the recovery codes.

import * as api from '../api.js';
import { t } from '../i18n.js';
import { h, field, notice, errorText, clearErrors, busy, heading } from '../dom.js';
import { state, advance, logout } from '../session.js';

export const title = 'totp.title';

let useRecovery = false;
let shownFor = null;    // the session the choice above belongs to

export function render() {
  const box = notice();
  if (shownFor !== state.user) {
    useRecovery = false;
    shownFor = state.user;
  }

  const code = field({
    id: 'totp-code', name: 'code', label: t('totp.code'), hint: t('totp.code_hint'),
    inputmode: 'numeric', autocomplete: 'one-time-code', maxLength: 6, pattern: '[0-9]*',
    inputClass: 'input-code', enterkeyhint: 'done',
  });
  const recovery = field({
    id: 'totp-recovery', name: 'recovery_code', label: t('totp.recovery'),
    hint: t('totp.recovery_hint'), autocomplete: 'off', autocapitalize: 'characters',
    spellcheck: false, maxLength: 40, inputClass: 'input-mono',
  });
  const active = () => (useRecovery ? recovery : code);
  code.el.hidden = useRecovery;
  recovery.el.hidden = !useRecovery;
  active().input.setAttribute('data-autofocus', '');

  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', text: t('totp.submit') });
  const toggle = h('button', {
    type: 'button', class: 'btn btn-link', 'data-action': 'toggle-recovery',
    text: useRecovery ? t('totp.use_app') : t('totp.use_recovery'),
  });
  toggle.addEventListener('click', () => {
    useRecovery = !useRecovery;
    clearErrors(box, { code, recovery });
    code.el.hidden = useRecovery;
    recovery.el.hidden = !useRecovery;
    toggle.textContent = useRecovery ? t('totp.use_app') : t('totp.use_recovery');
    active().input.focus();
  });

  const form = h('form', { class: 'stack', novalidate: true }, code.el, recovery.el, submit);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(box, { code, recovery });
    let body;
    if (useRecovery) {
      const v = recovery.input.value.trim().toUpperCase();
      if (v === '') {
        recovery.setError(t('totp.recovery_missing'));
        recovery.input.focus();
        return;
      }
      body = { recovery_code: v };
    } else {
      const v = code.input.value.replace(/\s+/g, '');
      if (!/^[0-9]{6}$/.test(v)) {
        code.setError(t('totp.code_format'));
        code.input.focus();
        return;
      }
      body = { code: v };
    }
    busy(submit, async () => {
      try {
        const r = await api.post('/api/v1/auth/totp/verify', body, { handle401: true });
        useRecovery = false;
        await advance(r.stage || 'done');
      } catch (e) {
        const f = active();
        f.input.value = '';
        if (e.code === 'unauthenticated') {
          f.setError(useRecovery ? t('totp.recovery_wrong') : t('totp.wrong'));
          box.error(t('error.form_has_errors'));
        } else if (e.code === 'invalid' && e.field) {
          f.setError(useRecovery ? t('totp.recovery_wrong') : t('totp.code_format'));
        } else {
          box.error(errorText(e));
        }
        f.input.focus();
      }
    });
  });

  return h('div', { class: 'auth-wrap' },
    h('section', { class: 'card auth-card' },
      heading(t('totp.heading')),
      h('p', { class: 'lead', text: t('totp.lead') }),
      box.el,
      form,
      h('div', { class: 'card-foot' },
        toggle,
        h('button', {
          type: 'button', class: 'btn btn-link', text: t('totp.cancel'),
          onclick: () => logout(),
        }))));
}
