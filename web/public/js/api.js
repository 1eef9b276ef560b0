// The booking API of SPEC.md as the pages use it. Every call names the page's language (`?lang=`), so
// type names, documents and problem titles come back in it. A refused call throws ApiError carrying the
// problem's stable `code` and localized `title`; a network failure is ApiError with code "network".
// The calls a desk may guard with proof of work (booking, moving, the waitlist, the look-ups, and
// availability when the desk asks it for reads) carry a solution in the `Altcha` header when the
// desks' flags ask for one (proof-of-work.js); a 403 proof_of_work_required is tried once more with
// a new solution (a flag switched on while the page was open, a solution that expired).
import { language, t } from './i18n.js';
import { startProofOfWork, takeProof } from './proof-of-work.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.title || problem.code);
    this.status = status;
    this.code = problem.code || 'internal';
    this.title = problem.title || t('error.internal');
    this.detail = problem.detail || '';
    this.problem = problem;
  }
}

// A refusal in the applicant pages' own words (`problem.<code>` in texts.js, addressing the reader as
// the pages do), else the server's localized title. The staff console shows the server's titles.
export function explain(error) {
  const key = `problem.${error?.code}`;
  const own = t(key);
  if (own !== key) return own;
  return error?.title || t('error.internal');
}

// `path` with `query` (an object) and the language, relative to this server.
export function apiUrl(path, query = {}) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  url.searchParams.set('lang', language());
  return url.pathname + url.search;
}

// The desks' flags, read once per page: [{ id, proof_of_work, proof_of_work_reads }].
let deskFlags = null;
const asked = { write: false, read: false };  // a 403 said so, whatever the flags read earlier

function flags() {
  if (!deskFlags) {
    deskFlags = fetch('/api/v1/desks', { headers: { Accept: 'application/json' }, cache: 'no-store' })
      .then((response) => (response.ok ? response.json() : { desks: [] }))
      .then((answer) => answer.desks || [], () => []);
  }
  return deskFlags;
}

// Whether a call of kind `guard` ('write' or 'read') at `desk` carries a solution: reads when that
// desk asks for reads; writes when that desk asks, or (a call whose desk the page does not know:
// the look-ups, a booking's code) when any desk does, as the server decides for the look-ups.
async function needsProof(guard, desk) {
  if (asked[guard]) return true;
  const desks = await flags();
  const asks = (d) => (guard === 'read' ? d.proof_of_work_reads : d.proof_of_work || d.proof_of_work_reads);
  return desks.some((d) => (!desk || d.id === desk) && asks(d));
}

// Shows the automatic check and solves a challenge ahead when any desk asks for it: the applicant
// pages call it once they start.
export async function prepareProofOfWork() {
  if (await needsProof('write', null)) startProofOfWork();
}

async function proofHeader() {
  try {
    return await takeProof();
  } catch {
    throw new ApiError(0, { code: 'proof_of_work_failed', title: t('problem.proof_of_work_failed') });
  }
}

// `token`: a booking's manage token; `waitlistToken`: a waitlist entry's token; `drawToken`: a draw
// request's token; `questionToken`: a question's token; `bearer`: a staff
// session token (the staff console); `guard`: 'write' or 'read' for a call a desk may guard with
// proof of work, `desk` its desk when the page knows it.
export async function call(path, { method = 'GET', query = {}, body, token, waitlistToken, drawToken, questionToken, bearer,
  idempotencyKey, guard, desk } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers['X-Booking-Token'] = token;
  if (waitlistToken) headers['X-Waitlist-Token'] = waitlistToken;
  if (drawToken) headers['X-Draw-Token'] = drawToken;
  if (questionToken) headers['X-Question-Token'] = questionToken;
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  if (guard && await needsProof(guard, desk)) headers.Altcha = await proofHeader();
  for (let attempt = 0; ; attempt += 1) {
    let response;
    try {
      response = await fetch(apiUrl(path, query), {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, { code: 'network', title: t('error.network') });
    }
    let payload = null;
    try {
      payload = await response.json();
    } catch {
      payload = null;
    }
    if (response.ok) return payload ?? { status: response.status };  // an answer without a body: its status (202, 204)
    const problem = payload && payload.code ? payload : { code: 'internal', title: t('error.internal') };
    if (problem.code === 'proof_of_work_required' && guard && attempt === 0) {
      asked[guard] = true;
      startProofOfWork();
      headers.Altcha = await proofHeader();
      continue;
    }
    throw new ApiError(response.status, problem);
  }
}

const enc = encodeURIComponent;

export const listDesks = () => call('/api/v1/desks').then((answer) => answer.desks);
export const getDesk = (desk) => call(`/api/v1/desks/${enc(desk)}`);
export const availability = (desk, type, from, to) =>
  call(`/api/v1/desks/${enc(desk)}/availability`, { query: { type, from, to }, guard: 'read', desk });
export const book = (desk, body, idempotencyKey) =>
  call(`/api/v1/desks/${enc(desk)}/bookings`, { method: 'POST', body, idempotencyKey, guard: 'write', desk });
export const lookup = (applicationId, taxCode) =>
  call('/api/v1/applications/lookup',
    { method: 'POST', body: { application_id: applicationId, tax_code: taxCode }, guard: 'write' });
// Fresh manage tokens for the application's booked bookings; the earlier ones stop working.
export const renewManageLinks = (applicationId, taxCode) =>
  call('/api/v1/applications/manage',
    { method: 'POST', body: { application_id: applicationId, tax_code: taxCode }, guard: 'write' });
// Mails a fresh link for each booked appointment to the address on file: { status: 202 }, or 204
// when there is none.
export const resendLinks = (applicationId, taxCode) =>
  call('/api/v1/applications/resend-link',
    { method: 'POST', body: { application_id: applicationId, tax_code: taxCode }, guard: 'write' });
export const getBooking = (code, token) => call(`/api/v1/bookings/${enc(code)}`, { token });
export const cancelBooking = (code, token) => call(`/api/v1/bookings/${enc(code)}/cancel`, { method: 'POST', token });
export const rescheduleBooking = (code, token, start) =>
  call(`/api/v1/bookings/${enc(code)}/reschedule`, { method: 'POST', token, body: { start }, guard: 'write' });
// Rates an attended visit once: `rating` 1–5, `comment` optional (at most 500 characters).
export const giveFeedback = (code, token, rating, comment) =>
  call(`/api/v1/bookings/${enc(code)}/feedback`, { method: 'POST', token, body: comment ? { rating, comment } : { rating } });
// Reconfirms a booking whose type asks it, inside its window [reconfirm_from, reconfirm_until):
// the booking with `confirmed_at`; before or after, 409 outside_reconfirm_window.
export const confirmBooking = (code, token) => call(`/api/v1/bookings/${enc(code)}/confirm`, { method: 'POST', token });

// The waiting list (SPEC.md, "No seat wasted"). Joining takes the same proof as booking
// ({ type, application_id, tax_code, before?, email?, lang? }) and answers the entry with its
// `token`, which the other calls send in the X-Waitlist-Token header (never in an address).
export const joinWaitlist = (desk, body) =>
  call(`/api/v1/desks/${enc(desk)}/waitlist`, { method: 'POST', body, guard: 'write', desk });
export const getWaitlistEntry = (id, token) => call(`/api/v1/waitlist/${enc(id)}`, { waitlistToken: token });
// Leaves the line (declining the offer, if one is held): the entry, state `left`.
export const leaveWaitlist = (id, token) => call(`/api/v1/waitlist/${enc(id)}`, { method: 'DELETE', waitlistToken: token });
// Takes the offered seat: the booking (new, or the applicant's booking of that type moved there,
// same code) with a `manage_token`; 409 offer_expired or no_offer.
export const acceptOffer = (id, token) =>
  call(`/api/v1/waitlist/${enc(id)}/accept`, { method: 'POST', waitlistToken: token, guard: 'write' });

// Fair release (SPEC.md): a type's releases (`{ releases: [{ id, opens_at, draw_closes_at, months,
// seed_hash, seed?, state }] }`); a request in a release's draw window (`{ type, application_id,
// tax_code, preferences, lang? }`, guarded like a booking) answers `{ id, token, … }`; the request is
// read with its token in the X-Draw-Token header (never in an address).
export const releases = (desk, type) => call(`/api/v1/desks/${enc(desk)}/releases`, { query: { type } });
export const requestDraw = (desk, release, body) =>
  call(`/api/v1/desks/${enc(desk)}/releases/${enc(release)}/requests`, { method: 'POST', body, guard: 'write', desk });
export const getDrawRequest = (id, token) => call(`/api/v1/releases/requests/${enc(id)}`, { drawToken: token });
// The public order of a drawn release: `{ id, seed, seed_hash, order: [request ids] }`.
export const drawOrderPath = (desk, release) => `/api/v1/desks/${enc(desk)}/releases/${enc(release)}/draw`;

// Questions to the desk (SPEC.md, "Questions"). The national topics in the page's language
// ({ id, name }); the desk's frequent questions of a topic, shown before asking ({ id, topic,
// question, answer }) and a search of them by words; asking takes the same proof as a look-up ({ application_id, tax_code, topic,
// text, lang, faq_seen? }) and answers { id, number, token }; the ticket is read and replied to with
// its token in the X-Question-Token header (never in an address). The look-up answers every ticket
// of the application with its token (`questions`).
export const topics = () => call('/api/v1/topics').then((answer) => answer.topics || []);
export const faq = (topic) => call('/api/v1/faq', { query: { topic, before_asking: '1' } }).then((answer) => answer.entries || []);
// A search of the frequent questions by words, in the page's language (not a showing before asking).
export const searchFaq = (words) => call('/api/v1/faq', { query: { q: words } }).then((answer) => answer.entries || []);
export const askQuestion = (body) => call('/api/v1/questions', { method: 'POST', body, guard: 'write' });
export const getQuestion = (id, token) => call(`/api/v1/questions/${enc(id)}`, { questionToken: token });
export const replyToQuestion = (id, token, text) =>
  call(`/api/v1/questions/${enc(id)}/messages`, { method: 'POST', questionToken: token, body: { text } });

// The booking as an iCalendar file (a Blob). The manage token travels in the X-Booking-Token header,
// never in a URL, where proxy logs and the browser's history would keep it.
export async function downloadIcs(code, token) {
  let response;
  try {
    response = await fetch(apiUrl(`/api/v1/bookings/${enc(code)}/ics`),
      { headers: { Accept: 'text/calendar', 'X-Booking-Token': token }, cache: 'no-store' });
  } catch {
    throw new ApiError(0, { code: 'network', title: t('error.network') });
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    throw new ApiError(response.status, problem && problem.code ? problem : { code: 'internal', title: t('error.internal') });
  }
  return response.blob();
}
