// The kiosk's device session and the one call it makes. The device account (role `kiosk`, one desk)
// signs in like staff (POST /api/v1/staff/login); its token is kept in localStorage, so the tablet
// stays signed in across reloads and restarts of the browser until someone signs it out or the
// server ends the session. Its expiry is left to the server: a tablet's clock may be wrong, and a
// 401 at any call brings the sign-in form back (onSignedOut).
import { ApiError, apiUrl, call } from './api.js';
import { t } from './i18n.js';

const KEY = 'sportello.kiosk.session';
const enc = encodeURIComponent;
let session = restore();
let signedOut = () => {};

function restore() {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) || 'null');
    return saved && saved.token ? saved : null;
  } catch {
    return null;
  }
}

function keep(next) {
  session = next;
  try {
    if (next) localStorage.setItem(KEY, JSON.stringify(next));
    else localStorage.removeItem(KEY);
  } catch {
    /* storage disabled: the session lasts for this page only */
  }
}

// { token, expires_at, user: { username, role, desk } }, or null when signed out.
export function currentSession() {
  return session;
}

// `listener` is told when the server no longer accepts the token (the session is then forgotten).
export function onSignedOut(listener) {
  signedOut = listener;
}

// A refusal of the token (401) ends the session here too, and says so.
function forgetIfRefused(error) {
  if (error.status === 401 && session) {
    keep(null);
    signedOut();
  }
  return error;
}

async function withToken(path, options = {}) {
  try {
    return await call(path, { ...options, bearer: session?.token });
  } catch (error) {
    throw forgetIfRefused(error);
  }
}

export async function login(username, password) {
  keep(await call('/api/v1/staff/login', { method: 'POST', body: { username, password } }));
  return session;
}

// Ends the session on the server (when it can be reached) and forgets it here in any case.
export async function logout() {
  try {
    await call('/api/v1/staff/logout', { method: 'POST', bearer: session?.token });
  } catch {
    /* already ended, or the server is unreachable: the token is forgotten all the same */
  } finally {
    keep(null);
  }
}

// The signed-in account as the server sees it now ({ username, role, desk }); refreshes the session.
export async function me() {
  const user = await withToken('/api/v1/staff/me');
  if (session) keep({ ...session, user });
  return user;
}

// Checks in the booking `code` at `desk`: the ticket, with `again` true when the booking had been
// checked in before (200 instead of 201). Refusals throw ApiError, as api.js's calls do.
export async function checkIn(desk, code) {
  let response;
  try {
    response = await fetch(apiUrl(`/api/v1/desks/${enc(desk)}/checkin`), {
      method: 'POST', cache: 'no-store', body: JSON.stringify({ code }),
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${session?.token}` },
    });
  } catch {
    throw new ApiError(0, { code: 'network', title: t('error.network') });
  }
  const payload = await response.json().catch(() => null);
  if (response.ok && payload) return { ...payload, again: response.status === 200 };
  throw forgetIfRefused(new ApiError(response.status, payload?.code ? payload : { code: 'internal', title: t('error.internal') }));
}
