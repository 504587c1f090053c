// The user's own account: language, password, second factor.

import { t, lang, LANGUAGES } from '../i18n.js';
import { h, heading, notice, roleName } from '../dom.js';
import { state, takeFlash, changeLanguage } from '../session.js';

export const title = 'account.title';

export function render() {
  const u = state.user;
  const box = notice();
  const f = takeFlash();
  if (f) box.show(f.kind, t(f.key));

  const langChoice = h('fieldset', { class: 'choices' },
    h('legend', { text: t('account.language') }),
    LANGUAGES.map((l) => {
      const id = 'account-lang-' + l;
      const input = h('input', { type: 'radio', name: 'language', id, value: l, checked: l === lang() });
      input.addEventListener('change', async () => {
        if (!input.checked || l === lang()) return;
        await changeLanguage(l);
        const again = document.getElementById(id);
        if (again) again.focus();
      });
      return h('div', { class: 'check' }, input, h('label', { for: id, lang: l, text: t('lang.' + l) }));
    }));

  const totpOn = u.totp_enrolled;
  return h('div', { class: 'page page-narrow' },
    heading(t('account.heading')),
    box.el,
    h('section', { class: 'card', 'aria-labelledby': 'acc-profile' },
      h('h2', { id: 'acc-profile', text: t('account.profile') }),
      h('dl', { class: 'facts' },
        h('div', null, h('dt', { text: t('common.username') }), h('dd', { text: u.username })),
        h('div', null, h('dt', { text: t('common.role') }), h('dd', { text: roleName(u.role) })))),
    h('section', { class: 'card', 'aria-labelledby': 'acc-lang' },
      h('h2', { id: 'acc-lang', text: t('account.language_title') }),
      langChoice),
    h('section', { class: 'card', 'aria-labelledby': 'acc-pw' },
      h('h2', { id: 'acc-pw', text: t('account.password') }),
      h('p', { class: 'hint', text: t('account.password_hint') }),
      h('a', { class: 'btn', href: '#/password', 'data-link': 'password', text: t('account.change_password') })),
    h('section', { class: 'card', 'aria-labelledby': 'acc-totp' },
      h('h2', { id: 'acc-totp', text: t('account.totp') }),
      h('p', { class: 'status-line' },
        h('span', { text: t('account.totp_status') + ' ' }),
        h('span', {
          class: ['badge', totpOn ? 'badge-ok' : 'badge-warn'], 'data-totp': totpOn ? 'on' : 'off',
          text: totpOn ? t('common.on') : t('common.off'),
        })),
      h('p', { class: 'hint', text: totpOn ? t('account.totp_on_hint') : t('account.totp_off_hint') }),
      totpOn ? null : h('a', { class: 'btn btn-primary', href: '#/enrol', 'data-link': 'enrol', text: t('account.totp_setup') })),
    h('section', { class: 'card', 'aria-labelledby': 'acc-sessions' },
      h('h2', { id: 'acc-sessions', text: t('account.sessions') }),
      h('p', { class: 'hint', text: t('account.sessions_hint') }),
      h('a', { class: 'btn', href: '#/sessions', text: t('account.sessions_link') })));
}
