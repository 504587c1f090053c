// Translations: every visible string comes from /i18n/<lang>.json.
//
// Keys are flat ("login.title").  A value may hold {name} placeholders,
// filled from the params of t().

export const LANGUAGES = ['pl', 'en'];
const DEFAULT_LANG = 'pl';
const STORE_KEY = 'haven.lang';

const dicts = {};
let current = DEFAULT_LANG;

async function load(lang) {
  if (dicts[lang]) return dicts[lang];
  const resp = await fetch('/i18n/' + lang + '.json', { credentials: 'same-origin' });
  if (!resp.ok) throw new Error('cannot load /i18n/' + lang + '.json');
  dicts[lang] = await resp.json();
  return dicts[lang];
}

// The language to show before anyone has logged in: the last one chosen
// on this device, else Polish.
export function preferredLang() {
  let stored = null;
  try {
    stored = window.localStorage.getItem(STORE_KEY);
  } catch (e) {
    stored = null;
  }
  return LANGUAGES.includes(stored) ? stored : DEFAULT_LANG;
}

export async function setLang(lang) {
  if (!LANGUAGES.includes(lang)) lang = DEFAULT_LANG;
  await load(lang);
  current = lang;
  document.documentElement.lang = lang;
  try {
    window.localStorage.setItem(STORE_KEY, lang);
  } catch (e) {
    // private mode: the choice lasts for this page only
  }
}

export function lang() {
  return current;
}

export function has(key) {
  const d = dicts[current];
  return d !== undefined && Object.prototype.hasOwnProperty.call(d, key);
}

export function t(key, params) {
  const d = dicts[current] || {};
  let s = Object.prototype.hasOwnProperty.call(d, key) ? d[key] : null;
  if (s === null) {
    console.warn('i18n: missing key', key, 'in', current);
    return key;
  }
  if (params) {
    s = s.replace(/\{(\w+)\}/g, (m, name) =>
      Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : m);
  }
  return s;
}

// Dates and times in the user's language and the browser's time zone.
export function formatTime(ms) {
  if (ms === null || ms === undefined) return t('common.never');
  const locale = current === 'pl' ? 'pl-PL' : 'en-GB';
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).format(new Date(ms));
}

export function formatTimeShort(ms) {
  if (ms === null || ms === undefined) return t('common.never');
  const locale = current === 'pl' ? 'pl-PL' : 'en-GB';
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).format(new Date(ms));
}
