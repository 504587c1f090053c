// The user's own sessions: where they are logged in, and ending the ones
// they do not recognise.

import * as api from '../api.js';
import { t, formatTime } from '../i18n.js';
import { h, cell, clear, notice, errorText, busy, heading } from '../dom.js';

export const title = 'sessions.title';

// "Firefox on Android" from a User-Agent string, or the string itself.
export function describeClient(ua) {
  if (!ua) return t('sessions.unknown_client');
  let browser = null;
  if (/Edg\//.test(ua)) browser = 'Edge';
  else if (/OPR\//.test(ua)) browser = 'Opera';
  else if (/Firefox\//.test(ua)) browser = 'Firefox';
  else if (/Chrom(e|ium)\//.test(ua)) browser = /Chromium\//.test(ua) ? 'Chromium' : 'Chrome';
  else if (/Safari\//.test(ua)) browser = 'Safari';
  let os = null;
  if (/Android/.test(ua)) os = 'Android';
  else if (/iPhone|iPad|iPod/.test(ua)) os = 'iOS';
  else if (/Windows/.test(ua)) os = 'Windows';
  else if (/Mac OS X|Macintosh/.test(ua)) os = 'macOS';
  else if (/CrOS/.test(ua)) os = 'ChromeOS';
  else if (/Linux/.test(ua)) os = 'Linux';
  if (browser && os) return t('sessions.client', { browser, os });
  if (browser) return browser;
  return ua.length > 60 ? ua.slice(0, 57) + '…' : ua;
}

function secs(v) {
  return typeof v === 'number' ? v * 1000 : null;
}

export function render() {
  const box = notice();
  const body = h('div', { class: 'table-holder', 'aria-busy': 'true' },
    h('p', { class: 'muted', text: t('common.loading') }));
  const endOthers = h('button', { type: 'button', class: 'btn', hidden: true, text: t('sessions.end_others') });

  let list = [];

  const end = async (ids) => {
    for (const id of ids) {
      await api.del('/api/v1/auth/sessions/' + encodeURIComponent(id));
    }
  };

  const draw = () => {
    clear(body);
    body.removeAttribute('aria-busy');
    const others = list.filter((s) => !s.current);
    endOthers.hidden = others.length === 0;
    if (list.length === 0) {
      body.appendChild(h('p', { class: 'muted', text: t('sessions.none') }));
      return;
    }
    const rows = list.map((s) => {
      const btn = s.current ? null : h('button', {
        type: 'button', class: 'btn btn-small btn-danger-quiet', 'data-action': 'end-session',
        text: t('sessions.end'),
        'aria-label': t('sessions.end_named', { client: describeClient(s.client) }),
      });
      if (btn) {
        btn.addEventListener('click', () => busy(btn, async () => {
          try {
            await end([s.id]);
            box.success(t('sessions.ended'));
            await load();
          } catch (e) {
            box.error(errorText(e));
          }
        }));
      }
      return h('tr', { class: s.current ? 'is-current' : '' },
        cell(t('sessions.col_client'), null,
          h('span', { class: 'cell-main', text: describeClient(s.client) }),
          s.current ? h('span', { class: 'badge badge-ok', text: t('sessions.this_device') }) : null),
        cell(t('sessions.col_created'), null, formatTime(secs(s.created_at))),
        cell(t('sessions.col_last_seen'), null, formatTime(secs(s.last_seen))),
        h('td', { class: 'cell-actions', 'data-label': '' }, btn));
    });
    body.appendChild(h('table', { class: 'table table-cards' },
      h('caption', { class: 'visually-hidden', text: t('sessions.caption') }),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', text: t('sessions.col_client') }),
        h('th', { scope: 'col', text: t('sessions.col_created') }),
        h('th', { scope: 'col', text: t('sessions.col_last_seen') }),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden', text: t('common.actions') })))),
      h('tbody', null, rows)));
  };

  const load = async () => {
    try {
      const r = await api.get('/api/v1/auth/sessions');
      list = Array.isArray(r.sessions) ? r.sessions : [];
      list.sort((a, b) => (b.current - a.current) || (b.last_seen - a.last_seen));
      draw();
    } catch (e) {
      clear(body);
      body.removeAttribute('aria-busy');
      box.error(errorText(e));
    }
  };

  endOthers.addEventListener('click', () => busy(endOthers, async () => {
    try {
      await end(list.filter((s) => !s.current).map((s) => s.id));
      box.success(t('sessions.ended_others'));
    } catch (e) {
      box.error(errorText(e));
    }
    await load();
  }));

  load();
  return h('div', { class: 'page' },
    h('div', { class: 'page-head' },
      heading(t('sessions.heading')),
      endOthers),
    h('p', { class: 'lead', text: t('sessions.lead') }),
    box.el,
    h('section', { class: 'card card-flush' }, body));
}
