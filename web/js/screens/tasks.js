// My tasks (#/tasks): the open tasks assigned to me, by due date, overdue
// ones highlighted.  A call-back task shows the person's safe-contact
// protocol before its number and call action.

import * as api from '../api.js';
import { t } from '../i18n.js';
import { h, clear, notice, errorText, heading } from '../dom.js';
import { loadEnums } from '../hotline.js';
import { taskItem } from './cases.js';

export const title = 'tasks.title';

export function render() {
  const box = notice();
  const holder = h('div', { class: 'list-holder', 'aria-busy': 'true' }, h('p', { class: 'muted', text: t('common.loading') }));
  const summary = h('p', { class: 'muted count', 'aria-live': 'polite' });
  const titleEl = heading(t('tasks.heading'));
  let tasks = [];

  const draw = () => {
    clear(holder);
    holder.removeAttribute('aria-busy');
    const late = tasks.filter((x) => x.overdue).length;
    summary.textContent = tasks.length ? t('tasks.count', { n: tasks.length, late }) : '';
    if (!tasks.length) {
      holder.appendChild(h('p', { class: 'muted empty', text: t('tasks.mine_none') }));
      return;
    }
    holder.appendChild(h('ul', { class: 'items task-list' }, tasks.map((tk) => taskItem(tk, {
      box, showCase: true,
      onDone: () => {
        tasks = tasks.filter((x) => x.id !== tk.id);
        draw();
        titleEl.focus();
      },
    }))));
  };

  loadEnums().then(() => api.get('/api/v1/tasks' + api.query({ mine: 'true', open: 'true' }))).then((r) => {
    tasks = Array.isArray(r.tasks) ? r.tasks : [];
    draw();
  }).catch((e) => {
    clear(holder);
    holder.removeAttribute('aria-busy');
    box.error(errorText(e));
  });

  return h('div', { class: 'page page-narrow page-tasks' },
    h('div', { class: 'page-head' }, titleEl),
    box.el,
    summary,
    h('section', { class: 'card' }, holder));
}
