// Haven's web interface: start-up, the hash router, the page frame.
//
// Routes are #/NAME; each screen is a module in ./screens/ that exports
// {title, render()}: title is an i18n key, render() returns the screen's
// element and loads what it needs by itself.

import * as api from './api.js';
import { t, setLang, preferredLang, lang, LANGUAGES } from './i18n.js';
import { h, clear } from './dom.js';
import {
  state, onRender, go, flash, clearSession, refresh, stageRoute, homeRoute,
  navFor, logout, changeLanguage, hotlineRole,
} from './session.js';

import * as login from './screens/login.js';
import * as totp from './screens/totp.js';
import * as enrol from './screens/enrol.js';
import * as password from './screens/password.js';
import * as home from './screens/home.js';
import * as sessions from './screens/sessions.js';
import * as users from './screens/users.js';
import * as settings from './screens/settings.js';
import * as audit from './screens/audit.js';
import * as account from './screens/account.js';
import * as calls from './screens/calls.js';
import * as contacts from './screens/contacts.js';
import * as calendar from './screens/calendar.js';
import * as oncall from './screens/oncall.js';
import * as cases from './screens/cases.js';
import * as persons from './screens/persons.js';
import * as tasks from './screens/tasks.js';
import * as catalogue from './screens/catalogue.js';
import * as directory from './screens/directory.js';
import * as interpreters from './screens/interpreters.js';
import * as shelters from './screens/shelters.js';
import * as prevention from './screens/prevention.js';
import * as consultancy from './screens/consultancy.js';
import * as advice from './screens/advice.js';
import * as statistics from './screens/statistics.js';
import * as telephony from './screens/telephony.js';

const screens = {
  login, totp, enrol, password, home, sessions, users, settings, audit, account,
  calls, contacts, calendar, oncall, cases, persons, tasks, catalogue, directory,
  interpreters,
  shelters,
  prevention, consultancy, advice,
  statistics,
  telephony,
};

// Screens that anyone may reach while logged in and done with the steps.
const EVERYONE = ['sessions', 'account', 'password'];

let shown = null;       // the route on screen

function routeName() {
  const m = /^#\/([a-z]+)/.exec(window.location.hash);
  return m ? m[1] : '';
}

// What follows the route's name: #/contacts/42 → "42"; null when nothing.
function routeArg() {
  const m = /^#\/[a-z]+\/([A-Za-z0-9_-]+)$/.exec(window.location.hash);
  if (m) return m[1];
  // a case's screening: #/cases/12/screening/7 → "12/screening/7"
  const s = /^#\/cases\/(\d+\/screening\/\d+)$/.exec(window.location.hash);
  return s ? s[1] : null;
}

// Where a request for route `name` lands, given who is logged in.
function resolve(name) {
  const u = state.user;
  if (!u) return 'login';
  if (state.stage && state.stage !== 'done') return stageRoute(state.stage) || 'login';
  if (!screens[name] || name === 'login' || name === 'totp') return homeRoute(u);
  if (name === 'enrol') return !u.totp_enrolled || enrol.inProgress() ? 'enrol' : 'account';
  if (navFor(u).includes(name) || EVERYONE.includes(name)) return name;
  // reached from the case register, not from the menu
  if (name === 'catalogue' && hotlineRole(u)) return name;
  // an advice sheet, reached from a preventive consultation
  if (name === 'advice' && hotlineRole(u)) return name;
  return homeRoute(u);
}

// The values typed into the screen, kept across a re-render of the same
// screen (the language changed); passwords are not kept.
function snapshot(root) {
  const values = {};
  if (!root) return values;
  for (const el of root.querySelectorAll('input, select, textarea')) {
    if (!el.id || el.type === 'password' || el.type === 'hidden') continue;
    values[el.id] = el.type === 'checkbox' || el.type === 'radio' ? el.checked : el.value;
  }
  return values;
}

function restore(root, values) {
  for (const [id, v] of Object.entries(values)) {
    const el = root.querySelector('#' + CSS.escape(id));
    if (!el) continue;
    if (el.type === 'checkbox' || el.type === 'radio') el.checked = v;
    else el.value = v;
  }
}

function languageSwitch() {
  const group = h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('lang.label') });
  for (const l of LANGUAGES) {
    group.appendChild(h('button', {
      type: 'button',
      class: 'lang-btn',
      lang: l,
      'data-lang': l,
      'aria-pressed': l === lang() ? 'true' : 'false',
      title: t('lang.' + l),
      onclick: async (ev) => {
        if (l === lang()) return;
        ev.currentTarget.disabled = true;
        await changeLanguage(l);
        const again = document.querySelector('.lang-btn[data-lang="' + l + '"]');
        if (again) again.focus();
      },
    }, h('span', { 'aria-hidden': 'true', text: l.toUpperCase() }),
    h('span', { class: 'visually-hidden', text: t('lang.' + l) })));
  }
  return group;
}

function header(route) {
  const u = state.user;
  const full = u !== null && state.stage === 'done';
  const brand = h('a', { class: 'brand', href: '#/' + (full ? homeRoute(u) : 'login') },
    h('img', { src: '/img/favicon.svg', alt: '', width: 28, height: 28 }),
    h('span', { text: t('app.name') }));

  let nav = null;
  if (full) {
    nav = h('nav', { class: 'main-nav', 'aria-label': t('nav.label') },
      h('ul', null, navFor(u).map((item) => h('li', null,
        h('a', {
          href: '#/' + item,
          'data-nav': item,
          'aria-current': item === route ? 'page' : undefined,
          text: t('nav.' + item),
        })))));
  }

  const tools = h('div', { class: 'top-tools' },
    full ? h('span', { class: 'who' },
      h('span', { class: 'who-name', text: u.username }),
      h('span', { class: 'who-role', text: t('role.' + u.role) })) : null,
    languageSwitch(),
    u ? h('button', {
      type: 'button', class: 'btn btn-quiet logout', 'data-action': 'logout',
      text: t('nav.logout'), onclick: () => logout(),
    }) : null);

  return h('header', { class: ['top', full ? 'top-full' : 'top-min'] },
    h('div', { class: 'top-inner' }, brand, nav, tools));
}

function skipLink() {
  return h('a', {
    class: 'skip-link', href: '#/' + routeName(), text: t('nav.skip'),
    onclick: (ev) => {
      ev.preventDefault();
      const main = document.getElementById('main');
      if (main) main.focus();
    },
  });
}

function footer() {
  const v = state.version ? ' ' + state.version : '';
  return h('footer', { class: 'foot' },
    h('p', null, t('app.name') + v + ' · ' + t('app.tagline')));
}

function renderDemoBanner() {
  const el = document.getElementById('demo-banner');
  if (!el) return;
  el.hidden = !state.demo;
  el.setAttribute('role', 'note');
  el.textContent = state.demo ? t('demo.banner') : '';
}

function route() {
  const asked = routeName();
  const name = resolve(asked);
  const arg = name === asked ? routeArg() : null;
  if (name !== asked) window.history.replaceState(null, '', '#/' + name);
  const key = arg === null ? name : name + '/' + arg;

  const root = document.getElementById('app');
  const again = shown === key;
  const oldMain = document.getElementById('main');
  const kept = again ? snapshot(oldMain) : {};
  const focusedId = again && document.activeElement ? document.activeElement.id : null;

  const screen = screens[name];
  const main = h('main', { id: 'main', tabIndex: -1, class: ['main', 'screen-' + name] });
  main.appendChild(screen.render(arg));
  clear(root);
  root.append(skipLink(), header(name), main, footer());
  renderDemoBanner();
  document.title = t(screen.title) + ' · ' + t('app.name');
  shown = key;

  if (again) {
    restore(main, kept);
    if (focusedId) {
      const el = document.getElementById(focusedId);
      if (el) el.focus();
    }
    return;
  }
  window.scrollTo(0, 0);
  const first = main.querySelector('[data-autofocus]') || main.querySelector('h1');
  if (first) first.focus({ preventScroll: true });
}

async function boot() {
  await setLang(preferredLang());
  api.setUnauthorizedHandler(() => {
    const had = state.user !== null;
    clearSession();
    if (had) flash('info', 'session.expired');
    go('login');
  });
  onRender(route);

  const instance = api.get('/api/v1/instance', { handle401: true }).catch(() => null);
  try {
    await refresh();
  } catch (e) {
    clearSession();
    flash('error', e.code === 'network' ? 'error.network' : 'error.internal');
  }
  const inst = await instance;
  if (inst) {
    state.demo = inst.demo === true || state.demo;
    state.version = typeof inst.version === 'string' ? inst.version : '';
  }
  window.addEventListener('hashchange', route);
  route();
}

boot();
