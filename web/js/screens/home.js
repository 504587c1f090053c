// The first screen of coordinators, consultants and shelter staff.

import { t } from '../i18n.js';
import { h, heading, roleName, notice } from '../dom.js';
import { state, takeFlash } from '../session.js';

export const title = 'home.title';

export function render() {
  const u = state.user;
  const box = notice();
  const f = takeFlash();
  if (f) box.show(f.kind, t(f.key));
  return h('div', { class: 'page page-narrow' },
    heading(t('home.hello', { name: u.username })),
    box.el,
    h('section', { class: 'card' },
      h('dl', { class: 'facts' },
        h('div', null, h('dt', { text: t('common.username') }), h('dd', { text: u.username })),
        h('div', null, h('dt', { text: t('common.role') }), h('dd', { text: roleName(u.role) }))),
      h('ul', { class: 'links' },
        h('li', null, h('a', { href: '#/sessions', 'data-link': 'sessions', text: t('home.your_sessions') })),
        h('li', null, h('a', { href: '#/account', 'data-link': 'account', text: t('home.your_account') })))));
}
