// The console's only door to the server: the public HTTP API, JSON in and
// out, the admin token kept for the browser session, and every failure
// turned into an ApiError whose message a person can act on.
const TOKEN_KEY = 'fourex.adminToken';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function adminToken() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setAdminToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
  window.dispatchEvent(new Event('fourex-token'));
}

// GET/POST/DELETE a JSON endpoint. `admin: true` sends the stored admin
// token and needs one; `admin: 'optional'` sends it when there is one (the
// history endpoints answer everyone, the admin in full: docs/api.md,
// information policy).
export async function api(path, { method = 'GET', body, admin = false } = {}) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = adminToken();
  if (admin === true && !token)
    throw new ApiError(0, 'no_token', 'This needs the admin token.');
  if (admin && token) headers.Authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'server_down',
      'The server does not answer. Is `fourex serve` running?');
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const error = (data && data.error) || {};
    throw new ApiError(res.status, error.code || `http_${res.status}`,
      error.message || `${res.status} ${res.statusText}`);
  }
  return data;
}

// Refused or missing token: polling again cannot help, a new token can.
export function isAuthError(err) {
  return err instanceof ApiError &&
    (err.status === 401 || err.status === 403 || err.code === 'no_token');
}

// A sentence for the page: what went wrong and what to do about it.
export function describe(err, what = 'this') {
  if (!(err instanceof ApiError)) return `Unexpected problem: ${err.message || err}`;
  switch (err.status) {
    case 0:
      return err.message;
    case 401:
      return `The admin token was refused (${err.message}). Enter the right one.`;
    case 403:
      return `Not allowed: ${err.message}. This page needs the admin token.`;
    case 404:
      return `Not found: ${what} does not exist (${err.message}).`;
    case 429:
      return 'Too many requests: the server asks to slow down. Try again shortly.';
    case 503:
      return `The server is overloaded or its database is unavailable (${err.message}).`;
    default:
      return `The server answered ${err.status}: ${err.message}`;
  }
}
