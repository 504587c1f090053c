// The JSON API: one fetch wrapper.
//
// Every call sends and receives JSON on the same origin with the session
// cookie (HttpOnly: this code never sees it).  Every call that is not a GET
// carries the CSRF token from the last login or /auth/me answer.  An error
// answer {"error":{"code","message","field"}} becomes an ApiError.  A 401
// means the session is gone: unless the caller handles it itself (a wrong
// password or code is a 401 too), the app is told and shows the login page.

let csrfToken = null;
let onUnauthorized = null;

export class ApiError extends Error {
  constructor(status, code, message, field, retryAfter) {
    super(message || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field || null;
    this.retryAfter = retryAfter;   // seconds, or null
  }
}

export function setCsrf(token) {
  csrfToken = typeof token === 'string' && token !== '' ? token : null;
}

export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

function retryAfterSeconds(resp) {
  const v = resp.headers.get('Retry-After');
  if (v === null) return null;
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, Math.round((at - Date.now()) / 1000));
}

// request(method, path, body?, {handle401}) → the parsed JSON answer.
// With handle401 true a 401 is thrown to the caller like any other error
// and the app is not sent to the login page.
export async function request(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken !== null) headers['X-CSRF-Token'] = csrfToken;

  let resp;
  try {
    resp = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'network', String(e && e.message), null, null);
  }

  let data = null;
  const ctype = resp.headers.get('Content-Type') || '';
  if (ctype.split(';')[0].trim() === 'application/json') {
    try {
      data = await resp.json();
    } catch (e) {
      data = null;
    }
  }

  if (resp.ok) return data === null ? {} : data;

  const err = data && typeof data.error === 'object' && data.error !== null ? data.error : {};
  const code = typeof err.code === 'string' && err.code !== '' ? err.code : 'http_' + resp.status;
  const ex = new ApiError(resp.status, code, typeof err.message === 'string' ? err.message : '',
    typeof err.field === 'string' ? err.field : null, retryAfterSeconds(resp));
  ex.data = data;   // the whole answer: a 409 may say more (the duplicates found)
  if (resp.status === 401 && !opts.handle401 && onUnauthorized !== null) onUnauthorized(ex);
  throw ex;
}

export const get = (path, opts) => request('GET', path, undefined, opts);
export const post = (path, body, opts) => request('POST', path, body, opts);
export const patch = (path, body, opts) => request('PATCH', path, body, opts);
export const del = (path, opts) => request('DELETE', path, undefined, opts);

// A query string from an object, leaving out empty values.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s === '' ? '' : '?' + s;
}
