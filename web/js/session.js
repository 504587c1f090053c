// Who is logged in, at which step of logging in, and where they may go.

import * as api from './api.js';
import { setLang, lang as currentLang } from './i18n.js';

export const ROLES = ['admin', 'coordinator', 'consultant', 'shelter_staff', 'auditor'];

export const state = {
  user: null,       // the User of the API, or null
  stage: null,      // "totp" | "totp_enrol" | "password_change" | "done"
  demo: false,
  version: '',
  flash: null,      // {kind, key}: a message for the next screen
  pendingLang: null, // chosen during the login steps, saved once done
};

let renderHook = () => {};
export function onRender(fn) {
  renderHook = fn;
}

export function render() {
  renderHook();
}

export function go(route) {
  const hash = '#/' + route;
  if (window.location.hash === hash) renderHook();
  else window.location.hash = hash;
}

export function flash(kind, key) {
  state.flash = { kind, key };
}

export function takeFlash() {
  const f = state.flash;
  state.flash = null;
  return f;
}

// The screen a login step is done on.
export function stageRoute(stage) {
  switch (stage) {
    case 'totp': return 'totp';
    case 'totp_enrol': return 'enrol';
    case 'password_change': return 'password';
    default: return null;
  }
}

// Consultants and coordinators take calls and keep the contact register.
export function hotlineRole(user) {
  return !!user && (user.role === 'consultant' || user.role === 'coordinator');
}

// Coordinators change the service calendar and the on-call rota.
export function isCoordinator(user) {
  return !!user && user.role === 'coordinator';
}

// The first screen of a role.
export function homeRoute(user) {
  if (!user) return 'login';
  if (user.role === 'admin') return 'users';
  if (user.role === 'auditor') return 'audit';
  if (user.role === 'consultant' || user.role === 'coordinator') return 'calls';
  return 'shelters';
}

// The main navigation of a role: only what it may use.
export function navFor(user) {
  if (!user) return [];
  const items = [];
  if (user.role === 'admin') items.push('users', 'settings');
  else if (user.role === 'auditor') items.push('audit', 'statistics');
  else if (hotlineRole(user)) {
    items.push('calls', 'contacts', 'cases', 'persons', 'tasks', 'shelters',
      'directory', 'interpreters', 'prevention', 'consultancy');
    if (isCoordinator(user)) items.push('statistics', 'telephony');
  } else items.push('shelters', 'directory', 'interpreters');
  // the service calendar and the on-call rota: everyone reads them
  items.push('calendar', 'oncall', 'sessions', 'account');
  return items;
}

export function setSession(data) {
  if (data.user) state.user = data.user;
  if (data.stage) state.stage = data.stage;
  if (data.csrf) api.setCsrf(data.csrf);
  if (typeof data.demo === 'boolean') state.demo = data.demo || state.demo;
}

export function clearSession() {
  state.user = null;
  state.stage = null;
  state.pendingLang = null;
  api.setCsrf(null);
}

// Ask the server who we are.  false when there is no session.
export async function refresh() {
  try {
    const me = await api.get('/api/v1/auth/me', { handle401: true });
    setSession(me);
    if (state.pendingLang && state.stage === 'done') {
      const wanted = state.pendingLang;
      state.pendingLang = null;
      if (state.user && state.user.language !== wanted) {
        try {
          const r = await api.patch('/api/v1/auth/me', { language: wanted }, { handle401: true });
          if (r && r.user) state.user = r.user;
        } catch (e) {
          // the account keeps its language
        }
      }
    }
    await applyUserLanguage();
    return true;
  } catch (e) {
    if (e.status === 401) {
      clearSession();
      return false;
    }
    throw e;
  }
}

// The interface in the user's language, as the account says.
export async function applyUserLanguage() {
  const l = state.user && state.user.language;
  if (l && l !== currentLang() && !state.pendingLang) await setLang(l);
}

// A login step answered with the next stage: go there, or, when the login
// is complete, to the role's first screen.
export async function advance(stage) {
  state.stage = stage;
  if (stage === 'done') {
    await refresh();
    go(homeRoute(state.user));
  } else {
    go(stageRoute(stage) || 'login');
  }
}

export async function logout() {
  try {
    await api.post('/api/v1/auth/logout', undefined, { handle401: true });
  } catch (e) {
    // the session may be gone already: the result is the same
  }
  clearSession();
  flash('success', 'logout.done');
  go('login');
}

// Change the language: the user's setting when logged in, else this
// device's choice for the login page.
export async function changeLanguage(lang) {
  if (state.user && state.stage !== 'done') {
    // the account can be changed once the login is complete
    state.pendingLang = lang;
  } else if (state.user) {
    try {
      const r = await api.patch('/api/v1/auth/me', { language: lang });
      if (r && r.user) state.user = r.user;
    } catch (e) {
      if (e.status === 401) return;
      // still show the page in the chosen language
    }
  }
  await setLang(lang);
  render();
}
