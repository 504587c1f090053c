// The advice sheet of a preventive consultation (#/advice/ID or
// #/advice/ID-LANG), to print and hand over: in the person's language
// whatever the interface's (Polish, English, Ukrainian), with the points to
// act on and the emergency numbers.  The print stylesheet (haven.css,
// "advice sheet") prints the sheet alone on A4, without the menu.

import * as api from '../api.js';
import { t } from '../i18n.js';
import { h, clear, notice, errorText, heading } from '../dom.js';
import { SHEET_LANGS } from './prevention.js';

export const title = 'advice.title';

function countryName(code, lang) {
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(code);
  } catch (e) {
    return code;
  }
}

function sheetOf(s) {
  const emergency = h('dl', { class: 'advice-emergency' }, s.emergency.map((e) => h('div', { 'data-emergency': e.code },
    h('dt', { text: e.label }),
    h('dd', { class: e.number ? 'advice-number' : 'advice-blank' }, e.number || '\u00a0'))));
  return h('article', { class: 'advice-sheet', lang: s.lang, 'data-sheet-lang': s.lang, 'data-risk': s.risk.level },
    h('header', { class: 'advice-head' },
      h('h1', { class: 'advice-title', text: s.title }),
      h('p', { class: 'advice-intro', text: s.intro }),
      h('p', { class: 'advice-meta' },
        h('span', null, s.destination_label + ': ', h('strong', { text: countryName(s.destination, s.lang) })),
        ' · ',
        h('span', null, s.date_label + ': ', h('strong', { text: s.date })))),
    h('section', { class: 'advice-risk advice-risk-' + s.risk.level },
      h('h2', { text: s.risk.heading }),
      h('p', { text: s.risk.text }),
      h('h3', { text: s.flags_heading }),
      s.flags.length ? h('ul', null, s.flags.map((f) => h('li', { 'data-flag': f.code, text: f.text })))
        : h('p', { text: s.no_flags })),
    h('section', { class: 'advice-points' },
      h('h2', { text: s.points_heading }),
      h('ol', null, s.points.map((p) => h('li', { 'data-point': p.code },
        h('strong', { class: 'advice-point-title', text: p.title }),
        h('p', { text: p.text }))))),
    h('section', { class: 'advice-numbers' },
      h('h2', { text: s.emergency_heading }), emergency),
    h('footer', { class: 'advice-foot', text: s.footer }));
}

export function render(arg) {
  const m = /^(\d+)(?:-([a-z]{2,8}))?$/.exec(arg || '');
  const box = notice();
  const holder = h('div', { class: 'advice-holder', 'aria-busy': 'true' }, h('p', { class: 'muted', text: t('common.loading') }));
  if (!m) {
    box.error(t('advice.not_found'));
    return h('div', { class: 'page' }, box.el);
  }
  const id = m[1];
  const print = h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'print', text: t('advice.print') });
  print.addEventListener('click', () => window.print());
  const langs = h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('advice.language') },
    SHEET_LANGS.map((l) => h('a', {
      href: '#/advice/' + id + '-' + l, class: 'btn btn-small', 'data-sheet-lang': l,
      'aria-current': m[2] === l ? 'true' : undefined, text: t('prevention.lang_' + l),
    })));

  api.get('/api/v1/prevention/' + id + '/sheet' + api.query({ lang: m[2] || '' })).then((r) => {
    clear(holder);
    holder.removeAttribute('aria-busy');
    holder.appendChild(sheetOf(r.sheet));
  }).catch((e) => {
    clear(holder);
    holder.removeAttribute('aria-busy');
    box.error(e.status === 404 ? t('advice.not_found') : errorText(e));
  });

  return h('div', { class: 'page page-advice' },
    h('div', { class: 'no-print' },
      h('a', { href: '#/prevention/' + id, class: 'back-link', text: t('advice.back') }),
      h('div', { class: 'page-head' }, heading(t('advice.heading')), print),
      h('p', { class: 'hint', text: t('advice.hint') }),
      langs, box.el),
    holder);
}
