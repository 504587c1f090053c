// Setting up the second factor: scan the QR code (or type the key) into an
// authenticator app, confirm with a code, then save the recovery codes,
// which are shown this once.

import * as api from '../api.js';
import { t } from '../i18n.js';
import { h, field, notice, errorText, clearErrors, busy, heading, clear, announce } from '../dom.js';
import { state, advance, refresh, go, flash, logout } from '../session.js';
import { copyText } from '../copy.js';

export const title = 'enrol.title';

// Kept across re-renders (a language change must not lose the codes).
let setup = null;       // {secret, uri, qr_svg}
let codes = null;       // the recovery codes, until "I have saved them"
let nextStage = null;
let loading = false;
let owner = null;       // the user these belong to

function forUser() {
  const id = state.user ? state.user.id : null;
  if (id !== owner) {
    setup = null;
    codes = null;
    nextStage = null;
    owner = id;
  }
}

export function inProgress() {
  forUser();
  return codes !== null;
}

function svgDataUrl(svg) {
  const bytes = new TextEncoder().encode(svg);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return 'data:image/svg+xml;base64,' + window.btoa(bin);
}

function grouped(secret) {
  return secret.replace(/\s+/g, '').replace(/(.{4})/g, '$1 ').trim();
}

function mandatory() {
  return state.stage === 'totp_enrol';
}

function codesView() {
  const box = notice();
  const list = h('ol', { class: 'codes', 'aria-label': t('enrol.codes_label') },
    codes.map((c) => h('li', null, h('code', { text: c }))));
  const copyBtn = h('button', { type: 'button', class: 'btn', text: t('enrol.copy_codes') });
  copyBtn.addEventListener('click', async () => {
    const ok = await copyText(codes.join('\n'));
    if (ok) box.success(t('common.copied'));
    else box.error(t('common.copy_failed'));
  });
  const done = h('button', {
    type: 'button', class: 'btn btn-primary', 'data-action': 'codes-saved', text: t('enrol.saved'),
  });
  done.addEventListener('click', () => busy(done, async () => {
    const wasMandatory = nextStage !== null;
    const stage = nextStage || 'done';
    codes = null;
    setup = null;
    nextStage = null;
    if (wasMandatory) {
      await advance(stage);
    } else {
      await refresh();
      flash('success', 'enrol.on');
      go('account');
    }
  }));

  return h('section', { class: 'card auth-card auth-card-wide' },
    heading(t('enrol.codes_heading')),
    h('div', { class: 'callout callout-warn' },
      h('p', { text: t('enrol.codes_once') }),
      h('p', { text: t('enrol.codes_how') })),
    list,
    box.el,
    h('div', { class: 'actions' }, copyBtn, done));
}

function setupView(container) {
  const box = notice();
  const code = field({
    id: 'enrol-code', name: 'code', label: t('enrol.code'), hint: t('enrol.code_hint'),
    inputmode: 'numeric', autocomplete: 'one-time-code', maxLength: 6, pattern: '[0-9]*',
    inputClass: 'input-code', enterkeyhint: 'done',
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('enrol.confirm') });
  const form = h('form', { class: 'stack', novalidate: true }, code.el, h('div', { class: 'actions' }, submit));

  const qrWrap = h('div', { class: 'qr' });
  const secretEl = h('code', { class: 'secret', id: 'enrol-secret' });
  const copyBtn = h('button', { type: 'button', class: 'btn btn-small', text: t('enrol.copy_key') });
  copyBtn.addEventListener('click', async () => {
    if (!setup) return;
    const ok = await copyText(setup.secret);
    if (ok) box.success(t('common.copied'));
    else box.error(t('common.copy_failed'));
  });

  const fill = () => {
    clear(qrWrap);
    if (!setup) return;
    if (setup.qr_svg) {
      qrWrap.appendChild(h('img', {
        src: svgDataUrl(setup.qr_svg), alt: t('enrol.qr_alt'), width: 200, height: 200,
      }));
    }
    secretEl.textContent = grouped(setup.secret || '');
  };
  fill();

  if (!setup && !loading) {
    loading = true;
    box.info(t('common.loading'));
    api.post('/api/v1/auth/totp/enrol').then((r) => {
      setup = r;
      box.clear();
      fill();
    }).catch((e) => {
      box.error(errorText(e));
    }).finally(() => {
      loading = false;
    });
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(box, { code });
    const v = code.input.value.replace(/\s+/g, '');
    if (!/^[0-9]{6}$/.test(v)) {
      code.setError(t('totp.code_format'));
      code.input.focus();
      return;
    }
    busy(submit, async () => {
      try {
        const r = await api.post('/api/v1/auth/totp/confirm', { code: v }, { handle401: true });
        codes = Array.isArray(r.recovery_codes) ? r.recovery_codes : [];
        nextStage = mandatory() ? (r.stage || 'done') : null;
        clear(container);
        container.appendChild(codesView());
        const hd = container.querySelector('h1');
        if (hd) hd.focus();
        announce(t('enrol.codes_heading'));
      } catch (e) {
        code.input.value = '';
        if (e.code === 'unauthenticated' || e.code === 'invalid') {
          code.setError(t('enrol.wrong'));
          box.error(t('error.form_has_errors'));
        } else {
          box.error(errorText(e));
        }
        code.input.focus();
      }
    });
  });

  const cancel = mandatory()
    ? h('button', { type: 'button', class: 'btn btn-link', text: t('totp.cancel'), onclick: () => logout() })
    : h('a', { class: 'btn btn-link', href: '#/account', text: t('common.cancel') });

  return h('section', { class: 'card auth-card auth-card-wide' },
    heading(t('enrol.heading')),
    h('p', { class: 'lead', text: mandatory() ? t('enrol.lead_required') : t('enrol.lead') }),
    box.el,
    h('ol', { class: 'steps' },
      h('li', null,
        h('p', { text: t('enrol.step_app') })),
      h('li', null,
        h('p', { text: t('enrol.step_scan') }),
        qrWrap,
        h('p', { class: 'hint', text: t('enrol.key_label') }),
        h('div', { class: 'secret-row' }, secretEl, copyBtn)),
      h('li', null,
        h('p', { text: t('enrol.step_code') }),
        form)),
    h('div', { class: 'card-foot' }, cancel));
}

export function render() {
  forUser();
  const container = h('div', { class: 'auth-wrap' });
  container.appendChild(codes !== null ? codesView() : setupView(container));
  return container;
}
