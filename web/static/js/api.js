// The one way the UI talks to the server (docs/api.md). Same-origin
// requests with the session cookie; the CSRF token on every change; errors
// arrive as RFC 9457 problem+json and become ApiError.

let session = null;  // GET /api/v1/session: {name, role, party, csrf, key?}
const unauthorised = [];

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.code = problem.rule || problem.code || (problem.type || '').replace('urn:corridor:problem:', '');
    this.field = problem.field;
  }
}

export function current() {
  return session;
}

export function onUnauthorised(fn) {
  unauthorised.push(fn);
}

// api('GET', '/api/v1/queue', {query: {stage: 'referral'}})
// body: an object (sent as JSON) or a string (sent as text/csv).
// Returns {status, data, etag, headers}.
export async function api(method, path, opts = {}) {
  const headers = {Accept: 'application/json, application/problem+json'};
  let body;
  if (opts.body !== undefined) {
    if (typeof opts.body === 'string') {
      headers['Content-Type'] = opts.type || 'text/csv';
      body = opts.body;
    } else {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
  }
  if (method !== 'GET' && method !== 'HEAD' && session) headers['X-CSRF-Token'] = session.csrf;
  if (opts.ifMatch) headers['If-Match'] = opts.ifMatch;
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  let url = path;
  if (opts.query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query)) {
      if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    }
    const s = q.toString();
    if (s) url += (url.includes('?') ? '&' : '?') + s;
  }
  let res;
  try {
    res = await fetch(url, {method, headers, body, credentials: 'same-origin', cache: 'no-store'});
  } catch (e) {
    const err = new ApiError(0, {title: 'network', detail: e.message});
    err.network = true;
    throw err;
  }
  const type = res.headers.get('Content-Type') || '';
  let data = null;
  if (res.status !== 204) {
    if (type.includes('json')) data = await res.json();
    else data = await res.text();
  }
  if (!res.ok) {
    const problem = data && typeof data === 'object' ? data : {detail: String(data || res.statusText)};
    if (res.status === 401 && !path.endsWith('/session')) {
      const was = session;  // whose session ended, for the listeners
      session = null;
      for (const fn of unauthorised) fn(was);
    }
    throw new ApiError(res.status, problem);
  }
  return {status: res.status, data, etag: res.headers.get('ETag'), headers: res.headers};
}

export async function loadSession() {
  try {
    session = (await api('GET', '/api/v1/session')).data;
  } catch (e) {
    if (e.status !== 401) throw e;
    session = null;
  }
  return session;
}

export async function login(name, password) {
  await api('POST', '/api/v1/session', {body: {name, password}});
  return loadSession();
}

export async function logout() {
  try {
    await api('DELETE', '/api/v1/session');
  } finally {
    session = null;
  }
}

// A fresh Idempotency-Key, kept by the caller across retries of one change.
export function newKey() {
  return crypto.randomUUID();
}
