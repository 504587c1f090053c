// Log in with a user name and a password.

import * as api from '../api.js';
import { t } from '../i18n.js';
import { h, field, notice, errorText, clearErrors, busy, heading } from '../dom.js';
import { setSession, advance, takeFlash, applyUserLanguage } from '../session.js';

export const title = 'login.title';

export function render() {
  const box = notice();
  const f = takeFlash();
  if (f) box.show(f.kind, t(f.key));

  const username = field({
    id: 'login-username', name: 'username', label: t('login.username'),
    autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: false,
  });
  username.input.setAttribute('data-autofocus', '');
  const password = field({
    id: 'login-password', name: 'password', label: t('login.password'), type: 'password',
    autocomplete: 'current-password', required: true,
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', text: t('login.submit') });

  const form = h('form', { class: 'stack', novalidate: true, 'aria-labelledby': 'login-heading' },
    username.el, password.el, submit);

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(box, { username, password });
    const name = username.input.value.trim();
    const pw = password.input.value;
    let bad = false;
    if (pw === '') {
      password.setError(t('login.password_missing'));
      password.input.focus();
      bad = true;
    }
    if (name === '') {
      username.setError(t('login.username_missing'));
      username.input.focus();
      bad = true;
    }
    if (bad) return;
    busy(submit, async () => {
      try {
        const r = await api.post('/api/v1/auth/login', { username: name, password: pw },
          { handle401: true });
        setSession(r);
        password.input.value = '';
        await applyUserLanguage();
        await advance(r.stage || 'done');
      } catch (e) {
        password.input.value = '';
        if (e.code === 'unauthenticated') box.error(t('login.wrong'));
        else box.error(errorText(e));
        password.input.focus();
      }
    });
  });

  const hd = heading(t('login.heading'));
  hd.id = 'login-heading';
  return h('div', { class: 'auth-wrap' },
    h('section', { class: 'card auth-card' },
      hd,
      h('p', { class: 'lead', text: t('login.lead') }),
      box.el,
      form),
    h('p', { class: 'auth-help', text: t('login.help') }));
}
