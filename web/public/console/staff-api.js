// The staff API as the console uses it (SPEC.md "Staff" and the additions in docs/decisions.md).
// The session token is kept in sessionStorage, so it ends with the browser tab; every call sends
// it as `Authorization: Bearer`. When the server no longer accepts it (401), the session is
// forgotten and the listener given to onSignedOut() is told, so the console shows the sign-in form.
import { ApiError, apiUrl, call } from '../js/api.js';
import { t } from '../js/i18n.js';

const KEY = 'sportello.staff.session';
const enc = encodeURIComponent;
let session = restore();
let signedOut = () => {};

function restore() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    return saved && saved.token && Date.parse(saved.expires_at) > Date.now() ? saved : null;
  } catch {
    return null;
  }
}

function keep(next) {
  session = next;
  try {
    if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
    else sessionStorage.removeItem(KEY);
  } catch {
    /* storage disabled: the session lasts for this page only */
  }
}

// { token, expires_at, user: { username, role, desk } }, or null when signed out.
export function currentSession() {
  return session;
}

export function onSignedOut(listener) {
  signedOut = listener;
}

async function staff(path, options = {}) {
  try {
    return await call(path, { ...options, bearer: session?.token });
  } catch (error) {
    if (error.status === 401 && session) {
      keep(null);
      signedOut();
    }
    throw error;
  }
}

export async function login(username, password) {
  keep(await call('/api/v1/staff/login', { method: 'POST', body: { username, password } }));
  return session;
}

export async function logout() {
  try {
    await staff('/api/v1/staff/logout', { method: 'POST' });
  } finally {
    keep(null);
  }
}

// Desks as applicants see them (public): names, time zones, pilot flags, type names.
export const listDesks = () => call('/api/v1/desks').then((answer) => answer.desks);
export const getDesk = (desk) => call(`/api/v1/desks/${enc(desk)}`);
export const applicantAvailability = (desk, type, from, to) =>
  call(`/api/v1/desks/${enc(desk)}/availability`, { query: { type, from, to } });

// The signed-in user as the server knows it now; the kept session follows it.
export const me = () => staff('/api/v1/staff/me').then((user) => {
  if (session) keep({ ...session, user });
  return user;
});
export const daySheet = (desk, date) => staff(`/api/v1/staff/desks/${enc(desk)}/bookings`, { query: { date } });
export const markAttendance = (code, status) =>
  staff(`/api/v1/staff/bookings/${enc(code)}/attendance`, { method: 'POST', body: { status } });
// Takes a mark back the same day: the booking is `booked` again (audited).
export const undoAttendance = (code) => staff(`/api/v1/staff/bookings/${enc(code)}/attendance`, { method: 'DELETE' });
// Marks every booking of the day still booked and already begun as no-show → { marked }.
export const closeDay = (desk, date) => staff(`/api/v1/staff/desks/${enc(desk)}/days/${enc(date)}/close`, { method: 'POST' });
export const findBooking = (code) => staff(`/api/v1/staff/bookings/${enc(code)}`);
// On the applicant's behalf (staff rules; the applicant is e-mailed).
export const cancelForApplicant = (code) => staff(`/api/v1/staff/bookings/${enc(code)}/cancel`, { method: 'POST' });
export const rescheduleForApplicant = (code, start) =>
  staff(`/api/v1/staff/bookings/${enc(code)}/reschedule`, { method: 'POST', body: { start } });
export const resendLink = (code) => staff(`/api/v1/staff/bookings/${enc(code)}/resend-link`, { method: 'POST' });
export const findApplication = (id) => staff(`/api/v1/staff/applications/${enc(id)}`);
// Everything held about the application (its data, bookings, messages, audit entries), for the person it is about.
export const exportApplication = (id) => staff(`/api/v1/staff/applications/${enc(id)}/export`);
export const staffAvailability = (desk, type, from, to) =>
  staff(`/api/v1/staff/desks/${enc(desk)}/availability`, { query: { type, from, to } });
export const convene = (desk, body, idempotencyKey) =>
  staff(`/api/v1/staff/desks/${enc(desk)}/bookings`, { method: 'POST', body, idempotencyKey });
// The waiting list of one type, in line order: { desk, type, entries: [{ id, position, application_id,
// state, before?, created_at, offer? }] }.
export const waitlist = (desk, type) => staff(`/api/v1/staff/desks/${enc(desk)}/waitlist`, { query: { type } });
// The releases of a type (fair release) with their requests: { desk, type, releases: [{ …, requests }] }.
export const releases = (desk, type) => staff(`/api/v1/staff/desks/${enc(desk)}/releases`, { query: { type } });
export const getCalendar = (desk) => staff(`/api/v1/staff/desks/${enc(desk)}/calendar`);
// `stranded`: '' (refuse when booked appointments would fall outside the calendar: 409 with them),
// 'force' (keep them booked), 'move' (each to the nearest free seat of its type) or 'cancel'.
export const putCalendar = (desk, calendar, stranded = '') => {
  const query = stranded === 'force' ? { force: 'true' } : stranded ? { stranded } : {};
  return staff(`/api/v1/staff/desks/${enc(desk)}/calendar`, { method: 'PUT', body: calendar, query });
};
export const previewCalendar = (desk, calendar, from, to) =>
  staff(`/api/v1/staff/desks/${enc(desk)}/calendar/preview`, { method: 'POST', body: calendar, query: { from, to } });
export const deskStats = (desk, from, to) => staff(`/api/v1/staff/desks/${enc(desk)}/stats`, { query: { from, to } });

// The day of the visit: the desk's queue of tickets (waiting and called, in queue order), the next
// call at `counter` (a ticket, or { status: 204 } when nobody waits), a ticket's recall, done and
// missed (each answers the ticket as it now is), and walk-ins.
export const queue = (desk) => staff(`/api/v1/staff/desks/${enc(desk)}/queue`).then((answer) => answer.tickets);
export const callNext = (desk, counter) =>
  staff(`/api/v1/staff/desks/${enc(desk)}/queue/next`, { method: 'POST', body: { counter } });
export const ticketAction = (ticket, action) => staff(`/api/v1/staff/tickets/${enc(ticket)}/${action}`, { method: 'POST' });
// Checks a booking of today in (from 60 minutes before its start to 15 after): 201 a new ticket,
// 200 the one it already has → { ticket, number, state, position?, estimated_wait_minutes?, ... }.
export const checkIn = (desk, code) => staff(`/api/v1/desks/${enc(desk)}/checkin`, { method: 'POST', body: { code } });
export const addWalkIn = (desk, applicationId, urgent) =>
  staff(`/api/v1/staff/desks/${enc(desk)}/walkins`, { method: 'POST', body: { application_id: applicationId, urgent } });
// The applicants' ratings and comments of the period, latest first: date, type, rating, comment.
export const deskFeedback = (desk, from, to) =>
  staff(`/api/v1/staff/desks/${enc(desk)}/feedback`, { query: { from, to } }).then((answer) => answer.feedback);

// Questions to the desk (SPEC.md, "Questions"; docs/decisions.md): the queue the signed-in account
// works from, urgent first, then oldest (`filters`: state, desk, topic; the back office sees only
// its desk's escalated tickets), one ticket with its internal notes, and an action on it — claim,
// answer { text, wait_for_reply }, note { text }, escalate, transfer { desk }, urgent { urgent },
// close — which answers the ticket as it now is (409 already_claimed, question_closed).
export const questionQueue = (filters = {}) => staff('/api/v1/staff/questions',
  { query: Object.fromEntries(Object.entries(filters).filter(([, value]) => value)) }).then((answer) => answer.questions);
export const getQuestion = (id) => staff(`/api/v1/staff/questions/${enc(id)}`);
export const questionAction = (id, action, body) =>
  staff(`/api/v1/staff/questions/${enc(id)}/${action}`, { method: 'POST', body });
// The FAQ as the front office writes it: entries with every language ({ id, topic, question: { it, en,
// fr, es }, answer: { … }, source_question, created_at, updated_at, updated_by }); a save answers the
// entry (400 invalid_request names the text at fault in `field`, e.g. "answer.fr").
export const faqEntries = () => staff('/api/v1/staff/faq').then((answer) => answer.entries || []);
export const saveFaq = (id, entry) => (id
  ? staff(`/api/v1/staff/faq/${enc(id)}`, { method: 'PUT', body: entry })
  : staff('/api/v1/staff/faq', { method: 'POST', body: entry }));
export const deleteFaq = (id) => staff(`/api/v1/staff/faq/${enc(id)}`, { method: 'DELETE' });
// The help desk's statistics of a period: { rows (week, topic, desk), weeks, faq (week, topic) }.
export const questionStats = (from, to) => staff('/api/v1/staff/questions/stats', { query: { from, to } });
// The national topics of questions, in the console's language.
export const topics = () => call('/api/v1/topics').then((answer) => answer.topics || []);

export const setSelfBooking = (desk, enabled) =>
  staff(`/api/v1/admin/desks/${enc(desk)}/flags`, { method: 'PUT', body: { self_booking: enabled } });
// The desk's automatic check (proof of work) of applicants' browsers: for bookings, look-ups and the
// waitlist (`writes`), and for availability too (`reads`).
export const setProofOfWork = (desk, writes, reads) =>
  staff(`/api/v1/admin/desks/${enc(desk)}/flags`,
    { method: 'PUT', body: { proof_of_work: writes, proof_of_work_reads: reads } });
export const auditLog = (desk, before) => {
  const query = { limit: '50' };
  if (desk) query.desk = desk;
  if (before) query.before = String(before);
  return staff('/api/v1/admin/audit', { query }).then((answer) => answer.entries);
};
// The national overview (admins): { from, to, months, desks: [{ desk, pilot, month, self_booked,
// convened, auto_convened, attended, no_shows, no_show_rate, days_to_appointment: { median, p90,
// count }, seats_offered, seats_used }], groups: [{ pilot, month, desks, … the same figures }] }.
export const overview = (from, to) => staff('/api/v1/admin/overview', { query: { from, to } });
// The same rows as the server's CSV file: { filename, blob }.
export async function overviewCsv(from, to) {
  let response;
  try {
    response = await fetch(apiUrl('/api/v1/admin/overview', { from, to, format: 'csv' }),
      { headers: { Accept: 'text/csv', Authorization: `Bearer ${session?.token}` }, cache: 'no-store' });
  } catch {
    throw new ApiError(0, { code: 'network', title: t('error.network') });
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    if (response.status === 401 && session) {
      keep(null);
      signedOut();
    }
    throw new ApiError(response.status, problem?.code ? problem : { code: 'internal', title: t('error.internal') });
  }
  const named = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') || '');
  return { filename: named ? named[1] : `overview-${from}-${to}.csv`, blob: await response.blob() };
}
export const listUsers = () => staff('/api/v1/admin/users').then((answer) => answer.users);
export const createUser = (user) => staff('/api/v1/admin/users', { method: 'POST', body: user });
export const disableUser = (username) => staff(`/api/v1/admin/users/${enc(username)}/disable`, { method: 'POST' });
