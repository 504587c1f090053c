// The indicator catalogue (#/catalogue): the version new screenings use,
// its indicators by dimension with their grade on each list (marking the
// grades that are not verified), the versions loaded so far, and for
// coordinators the loading of a revised version from a JSON file.  Older
// screenings keep the version they were made with.

import * as api from '../api.js';
import { t, lang } from '../i18n.js';
import { h, clear, notice, errorText, heading, busy } from '../dom.js';
import { state, isCoordinator } from '../session.js';

export const title = 'catalogue.title';

const LISTS = ['adult_labour', 'adult_sexual', 'child_labour', 'child_sexual'];

function textOf(bilingual) {
  if (!bilingual) return '';
  return bilingual[lang()] || bilingual.en || bilingual.pl || '';
}

function gradeCell(ind, list) {
  const g = ind.grades ? ind.grades[list] : null;
  if (!g) return h('td', { class: 'muted', text: '—' });
  const unverified = Array.isArray(ind.unverified) && ind.unverified.includes(list);
  return h('td', { 'data-grade': g },
    h('span', { class: 'badge badge-calm', text: t('catalogue.grade_' + g) }),
    unverified ? h('span', { class: 'muted small', title: t('catalogue.unverified_hint'),
      text: ' ' + t('catalogue.unverified') }) : null);
}

function indicatorTable(cat) {
  const sections = [];
  for (const dim of cat.dimensions || []) {
    const rows = (cat.indicators || []).filter((i) => i.dimension === dim.code);
    sections.push(h('section', { class: 'catalogue-dim', 'data-dimension': dim.code },
      h('h3', { text: dim[lang()] || dim.en }),
      h('table', { class: 'table' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col', text: t('catalogue.indicator') }),
          LISTS.map((l) => h('th', { scope: 'col', text: t('catalogue.list_' + l) })))),
        h('tbody', null, rows.map((ind) => h('tr', { 'data-indicator': ind.id },
          h('th', { scope: 'row' }, textOf(ind.label),
            h('div', { class: 'muted small', text: textOf(ind.question) })),
          LISTS.map((l) => gradeCell(ind, l))))))));
  }
  return sections;
}

function counts(cat) {
  return LISTS.map((l) => t('catalogue.count', {
    list: t('catalogue.list_' + l),
    n: (cat.indicators || []).filter((i) => i.grades && i.grades[l]).length,
  })).join(' · ');
}

export function render() {
  const box = notice();
  const current = h('div', { class: 'card', id: 'catalogue-current', 'aria-busy': 'true' },
    h('p', { class: 'muted', text: t('common.loading') }));
  const versions = h('ul', { class: 'plain-list', id: 'catalogue-versions' });
  const coordinator = isCoordinator(state.user);

  const load = async () => {
    try {
      const [cat, list] = await Promise.all([
        api.get('/api/v1/screening/catalogue'),
        api.get('/api/v1/screening/catalogues'),
      ]);
      clear(current);
      current.removeAttribute('aria-busy');
      current.append(
        h('h2', { text: t('catalogue.current', { version: cat.version }) }),
        h('p', { 'data-current-version': String(cat.version) }, textOf(cat.title)),
        h('p', { class: 'muted small', text: cat.source || '' }),
        h('p', { class: 'muted', text: counts(cat) }),
        h('details', { class: 'catalogue-details' },
          h('summary', { text: t('catalogue.show_indicators') }),
          indicatorTable(cat)));
      clear(versions);
      for (const v of list.catalogues || []) {
        versions.appendChild(h('li', { 'data-version': String(v.version) },
          t('catalogue.version_line', {
            version: v.version,
            at: (v.loaded_at || '').slice(0, 16).replace('T', ' '),
            by: v.loaded_by ? v.loaded_by.username : t('catalogue.shipped'),
          })));
      }
    } catch (e) {
      box.error(errorText(e));
    }
  };

  let uploadCard = null;
  if (coordinator) {
    const file = h('input', { type: 'file', id: 'catalogue-file', accept: 'application/json,.json' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('catalogue.load') });
    const form = h('form', { class: 'stack', id: 'catalogue-upload', novalidate: true },
      h('div', { class: 'field' },
        h('label', { for: 'catalogue-file', text: t('catalogue.file') }),
        h('p', { class: 'hint', text: t('catalogue.file_hint') }),
        file),
      h('div', { class: 'actions' }, submit));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const f = file.files && file.files[0];
      if (!f) {
        box.error(t('catalogue.no_file'));
        file.focus();
        return;
      }
      busy(submit, async () => {
        let doc;
        try {
          doc = JSON.parse(await f.text());
        } catch (e) {
          box.error(t('catalogue.not_json'));
          return;
        }
        try {
          const r = await api.post('/api/v1/screening/catalogues', doc);
          box.success(t('catalogue.loaded', { version: r.catalogue.version }));
          file.value = '';
          await load();
        } catch (e) {
          // The field's path and the server's words say what to fix.
          const where = e.field ? ' ' + e.field + ':' : '';
          box.error(errorText(e) + where + ' ' + (e.message || ''));
        }
      });
    });
    uploadCard = h('section', { class: 'card' },
      h('h2', { text: t('catalogue.revise') }),
      h('p', { class: 'muted', text: t('catalogue.revise_hint') }),
      form);
  }

  load();
  return h('div', { class: 'page' },
    h('p', null, h('a', { href: '#/cases', text: t('catalogue.back') })),
    heading(t('catalogue.heading')),
    h('p', { class: 'lead', text: t('catalogue.lead') }),
    box.el,
    current,
    uploadCard,
    h('section', { class: 'card' },
      h('h2', { text: t('catalogue.versions') }),
      versions));
}
