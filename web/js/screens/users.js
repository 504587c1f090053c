// Administration of user accounts: add, change role, disable or enable,
// issue a new one-time password, reset the second factor.

import * as api from '../api.js';
import { t, formatTimeShort } from '../i18n.js';
import {
  h, cell, clear, field, notice, errorText, showError, clearErrors, busy, heading, roleName, announce,
} from '../dom.js';
import { ROLES, state } from '../session.js';
import { copyText } from '../copy.js';

export const title = 'users.title';

function secs(v) {
  return typeof v === 'number' ? v * 1000 : null;
}

function roleOptions() {
  return ROLES.map((r) => [r, roleName(r)]);
}

// The one-time password, shown once, with what to do with it.
function oneTimePanel(username, password, onDone) {
  const box = notice();
  const copyBtn = h('button', { type: 'button', class: 'btn btn-small', text: t('common.copy') });
  copyBtn.addEventListener('click', async () => {
    const ok = await copyText(password);
    if (ok) box.success(t('common.copied'));
    else box.error(t('common.copy_failed'));
  });
  const done = h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'otp-done', text: t('users.otp_done') });
  done.addEventListener('click', onDone);
  const panel = h('div', { class: 'callout callout-key', role: 'group', 'aria-labelledby': 'otp-title' },
    h('h3', { id: 'otp-title', text: t('users.otp_title', { name: username }) }),
    h('div', { class: 'secret-row' },
      h('code', { class: 'secret secret-big', 'data-otp': '', text: password }),
      copyBtn),
    h('ul', { class: 'plain-list' },
      h('li', { text: t('users.otp_once') }),
      h('li', { text: t('users.otp_channel') }),
      h('li', { text: t('users.otp_change') })),
    box.el,
    h('div', { class: 'actions' }, done));
  return { el: panel, focus: () => done.focus() };
}

// A button that asks "are you sure?" in place before it acts.
function confirmed(label, question, yesLabel, action, opts = {}) {
  const wrap = h('div', { class: 'confirm' });
  const btn = h('button', {
    type: 'button', class: ['btn', opts.danger ? 'btn-danger-quiet' : ''], text: label,
    'data-action': opts.name,
  });
  const ask = () => {
    clear(wrap);
    const yes = h('button', {
      type: 'button', class: ['btn', opts.danger ? 'btn-danger' : 'btn-primary'], text: yesLabel,
      'data-action': opts.name ? opts.name + '-yes' : undefined,
    });
    const no = h('button', { type: 'button', class: 'btn btn-link', text: t('common.cancel') });
    no.addEventListener('click', () => {
      clear(wrap);
      wrap.appendChild(btn);
      btn.focus();
    });
    yes.addEventListener('click', () => busy(yes, action));
    wrap.append(h('p', { class: 'confirm-q', text: question }), h('div', { class: 'actions' }, yes, no));
    yes.focus();
  };
  btn.addEventListener('click', ask);
  wrap.appendChild(btn);
  return wrap;
}

export function render() {
  const box = notice();
  let users = [];

  const tableHolder = h('div', { class: 'table-holder', 'aria-busy': 'true' },
    h('p', { class: 'muted', text: t('common.loading') }));
  const count = h('p', { class: 'muted count', 'aria-live': 'polite' });

  // ---- the list
  const statusCell = (u) => (u.disabled
    ? h('span', { class: 'badge badge-off', text: t('users.disabled') })
    : h('span', { class: 'badge badge-ok', text: t('users.active') }));

  const draw = () => {
    clear(tableHolder);
    tableHolder.removeAttribute('aria-busy');
    const q = filter.input.value.trim().toLowerCase();
    const shown = q === '' ? users : users.filter((u) => u.username.toLowerCase().includes(q));
    count.textContent = t('users.count', { shown: shown.length, total: users.length });
    if (shown.length === 0) {
      tableHolder.appendChild(h('p', { class: 'muted empty', text: t('users.none') }));
      return;
    }
    const rows = shown.map((u) => {
      const manage = h('button', {
        type: 'button', class: 'btn btn-small', 'data-action': 'manage', 'data-user': u.username,
        text: t('users.manage'), 'aria-label': t('users.manage_named', { name: u.username }),
      });
      manage.addEventListener('click', () => openManage(u.id, manage));
      return h('tr', { class: u.disabled ? 'is-disabled' : '' },
        h('th', { scope: 'row', 'data-label': t('users.col_username') },
          h('span', { class: 'cell-main', text: u.username }),
          state.user && u.id === state.user.id ? h('span', { class: 'badge', text: t('users.you') }) : null),
        cell(t('users.col_role'), null, roleName(u.role)),
        cell(t('users.col_status'), null, statusCell(u)),
        cell(t('users.col_totp'), null,
          u.totp_enrolled ? h('span', { class: 'badge badge-ok', text: t('common.on') })
            : h('span', { class: 'badge badge-warn', text: t('common.off') })),
        cell(t('users.col_password'), null,
          u.must_change_password ? t('users.pw_onetime') : t('users.pw_own')),
        cell(t('users.col_last_login'), null, formatTimeShort(secs(u.last_login_at))),
        h('td', { class: 'cell-actions', 'data-label': '' }, manage));
    });
    tableHolder.appendChild(h('table', { class: 'table table-cards' },
      h('caption', { class: 'visually-hidden', text: t('users.caption') }),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', text: t('users.col_username') }),
        h('th', { scope: 'col', text: t('users.col_role') }),
        h('th', { scope: 'col', text: t('users.col_status') }),
        h('th', { scope: 'col', text: t('users.col_totp') }),
        h('th', { scope: 'col', text: t('users.col_password') }),
        h('th', { scope: 'col', text: t('users.col_last_login') }),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden', text: t('common.actions') })))),
      h('tbody', null, rows)));
  };

  const load = async () => {
    try {
      const r = await api.get('/api/v1/users');
      users = Array.isArray(r.users) ? r.users : [];
      users.sort((a, b) => a.username.localeCompare(b.username));
      draw();
    } catch (e) {
      clear(tableHolder);
      tableHolder.removeAttribute('aria-busy');
      box.error(errorText(e));
    }
  };

  // ---- adding a user
  const addCard = h('section', { class: 'card', hidden: true, 'aria-labelledby': 'add-title' });
  const addBtn = h('button', {
    type: 'button', class: 'btn btn-primary', 'data-action': 'add-user', text: t('users.add'),
    'aria-expanded': 'false', 'aria-controls': 'add-card',
  });
  addCard.id = 'add-card';

  const showAdd = (open) => {
    addCard.hidden = !open;
    addBtn.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) {
      clear(addCard);
      addCard.appendChild(addForm());
      const first = addCard.querySelector('input');
      if (first) first.focus();
    } else {
      clear(addCard);
    }
  };
  addBtn.addEventListener('click', () => showAdd(addCard.hidden));

  function addForm() {
    const fbox = notice();
    const username = field({
      id: 'new-username', name: 'username', label: t('users.username'), hint: t('users.username_hint'),
      required: true, autocomplete: 'off', autocapitalize: 'none', spellcheck: false,
    });
    const role = field({
      id: 'new-role', name: 'role', type: 'select', label: t('users.role'),
      options: roleOptions(), value: 'consultant',
    });
    const fields = { username, role };
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('users.create') });
    const cancel = h('button', { type: 'button', class: 'btn btn-link', text: t('common.cancel') });
    cancel.addEventListener('click', () => { showAdd(false); addBtn.focus(); });
    const form = h('form', { class: 'stack', novalidate: true },
      h('div', { class: 'grid-2' }, username.el, role.el),
      fbox.el,
      h('div', { class: 'actions' }, submit, cancel));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      clearErrors(fbox, fields);
      const name = username.input.value.trim();
      if (name === '') {
        username.setError(t('users.username_missing'));
        username.input.focus();
        return;
      }
      busy(submit, async () => {
        try {
          const r = await api.post('/api/v1/users', { username: name, role: role.input.value });
          const created = r.user || { username: name };
          clear(addCard);
          const panel = oneTimePanel(created.username, r.password || '', () => {
            showAdd(false);
            addBtn.focus();
          });
          addCard.appendChild(panel.el);
          panel.focus();
          announce(t('users.created', { name: created.username }));
          await load();
        } catch (e) {
          showError(e, fbox, fields, {
            username: e.code === 'conflict' ? t('users.username_taken') : t('users.username_invalid'),
          });
          if (e.code === 'conflict' && !e.field) {
            username.setError(t('users.username_taken'));
            username.input.focus();
          }
        }
      });
    });
    return h('div', null, h('h2', { id: 'add-title', text: t('users.add_title') }), form);
  }

  // ---- managing one user, in a dialog
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'manage-title' });
  let returnFocus = null;
  dialog.addEventListener('close', () => {
    clear(dialog);
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
    else {
      const again = tableHolder.querySelector('[data-user]');
      if (again) again.focus();
    }
  });

  function openManage(id, opener) {
    returnFocus = opener;
    drawManage(id, null);
    if (!dialog.open) dialog.showModal();
    const first = dialog.querySelector('h2');
    if (first) first.focus();
  }

  function drawManage(id, message) {
    const u = users.find((x) => x.id === id);
    clear(dialog);
    if (!u) {
      dialog.close();
      return;
    }
    const dbox = notice();
    if (message) dbox.show(message.kind, message.text);

    const after = async (text) => {
      await load();
      drawManage(id, { kind: 'success', text });
      const hd = dialog.querySelector('h2');
      if (hd) hd.focus();
    };
    const fail = (e) => {
      if (e.code === 'conflict') dbox.error(t('users.conflict'));
      else dbox.error(errorText(e));
    };

    // role
    const role = field({
      id: 'manage-role', name: 'role', type: 'select', label: t('users.role_change'),
      options: roleOptions(), value: u.role,
    });
    const saveRole = h('button', { type: 'submit', class: 'btn', text: t('users.save_role') });
    const roleForm = h('form', { class: 'inline-form', novalidate: true }, role.el, saveRole);
    roleForm.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (role.input.value === u.role) return;
      busy(saveRole, async () => {
        try {
          await api.patch('/api/v1/users/' + u.id, { role: role.input.value });
          await after(t('users.role_saved', { role: roleName(role.input.value) }));
        } catch (e) {
          if (e.field === 'role') role.setError(errorText(e));
          fail(e);
        }
      });
    });

    // access
    const access = u.disabled
      ? h('button', { type: 'button', class: 'btn', 'data-action': 'enable', text: t('users.enable') })
      : confirmed(t('users.disable'), t('users.disable_q', { name: u.username }), t('users.disable_yes'),
        async () => {
          try {
            await api.patch('/api/v1/users/' + u.id, { disabled: true });
            await after(t('users.disabled_done'));
          } catch (e) { fail(e); }
        }, { danger: true, name: 'disable' });
    if (u.disabled) {
      access.addEventListener('click', () => busy(access, async () => {
        try {
          await api.patch('/api/v1/users/' + u.id, { disabled: false });
          await after(t('users.enabled_done'));
        } catch (e) { fail(e); }
      }));
    }

    // password
    const pwHolder = h('div');
    pwHolder.appendChild(confirmed(t('users.reset_pw'), t('users.reset_pw_q', { name: u.username }),
      t('users.reset_pw_yes'), async () => {
        try {
          const r = await api.post('/api/v1/users/' + u.id + '/password');
          clear(pwHolder);
          const panel = oneTimePanel(u.username, r.password || '', () => dialog.close());
          pwHolder.appendChild(panel.el);
          panel.focus();
          load();
        } catch (e) { fail(e); }
      }, { name: 'reset-password' }));

    // second factor
    const totp = u.totp_enrolled
      ? confirmed(t('users.reset_totp'), t('users.reset_totp_q', { name: u.username }), t('users.reset_totp_yes'),
        async () => {
          try {
            await api.del('/api/v1/users/' + u.id + '/totp');
            await after(t('users.totp_reset_done'));
          } catch (e) { fail(e); }
        }, { danger: true, name: 'reset-totp' })
      : h('p', { class: 'muted', text: t('users.totp_none') });

    const close = h('button', { type: 'button', class: 'btn', text: t('common.close') });
    close.addEventListener('click', () => dialog.close());

    dialog.append(
      h('div', { class: 'dialog-head' },
        state.demo ? h('p', { class: 'demo-tag', text: t('demo.banner') }) : null,
        h('h2', { id: 'manage-title', tabIndex: -1, text: t('users.manage_title', { name: u.username }) }),
        h('p', { class: 'muted' }, roleName(u.role), ' · ',
          u.disabled ? t('users.disabled') : t('users.active'))),
      dbox.el,
      h('section', { class: 'dialog-part' }, h('h3', { text: t('users.part_role') }), roleForm),
      h('section', { class: 'dialog-part' },
        h('h3', { text: t('users.part_access') }),
        h('p', { class: 'hint', text: u.disabled ? t('users.access_off') : t('users.access_on') }),
        access),
      h('section', { class: 'dialog-part' },
        h('h3', { text: t('users.part_password') }),
        h('p', { class: 'hint', text: t('users.reset_pw_hint') }),
        pwHolder),
      h('section', { class: 'dialog-part' },
        h('h3', { text: t('users.part_totp') }),
        u.totp_enrolled ? h('p', { class: 'hint', text: t('users.reset_totp_hint') }) : null,
        totp),
      h('div', { class: 'dialog-foot' }, close));
  }

  // ---- the page
  const filter = field({
    id: 'users-filter', name: 'filter', type: 'search', label: t('users.filter'),
    autocomplete: 'off', spellcheck: false, class: 'field-inline',
  });
  filter.input.addEventListener('input', () => draw());

  load();
  return h('div', { class: 'page' },
    h('div', { class: 'page-head' }, heading(t('users.heading')), addBtn),
    box.el,
    addCard,
    h('div', { class: 'toolbar' }, filter.el, count),
    h('section', { class: 'card card-flush' }, tableHolder),
    dialog);
}
