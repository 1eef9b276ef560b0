// The manage page (/manage#code=…&token=…): see a booking, move it to another time, cancel it.
// The token stays in the fragment and goes to the API in the X-Booking-Token header only. Without a
// fragment the page asks for the booking code and the link (or its token). When the API refuses, the
// rule of SPEC.md is explained in plain words next to the button that was pressed. On the day of the
// appointment the page follows the visit live (js/live.js: the desk's events, no polling): the ticket
// once checked in, "go to counter X" when called, then the rating of the visit (js/visit.js).
// When the type asks for reconfirmation the page says when it will be asked, then (inside the window)
// offers "Confirm that I will come", highlighted and focused when the e-mail's link says confirm=1:
// opening the link changes nothing, the button does. The application's waiting-list entry for an
// earlier date shows with its offer, which can be accepted here (the booking moves, same code); a
// booking without one can join the list (js/waitlist-view.js).
import * as api from './api.js';
import { SlotPicker } from './calendar.js';
import { dayOf, formatDate, formatTime, onLanguageChange, t, today } from './i18n.js';
import { deskEvents } from './live.js';
import { alertBox, announce, fieldError, focusOn, h, icon, setTitle, startPage, textField } from './page.js';
import { changeDeadline, receiptActions, receiptCard } from './receipt.js';
import { feedbackSection, ticketPanel, visitNews } from './visit.js';
import { acceptWithButton, askToDecline, hasWaitlist, joinForm, offerPanel, waitlistUrl } from './waitlist-view.js';

const state = {
  code: '',
  token: '',
  booking: null,
  desk: null,
  mode: 'ask',      // ask | loading | view | move | confirm-move | confirm-cancel
  newSlot: null,
  notice: null,     // { kind, text } shown at the top of the next view
  refusal: null,    // { kind, title, text } shown next to the action buttons
  locked: false,    // the desk refused a change as too late: no button that would fail again
  live: null,       // the desk's event stream, while the visit may change (today, still booked)
  feedback: { rating: 0, comment: '' },  // the rating being written, kept across redraws
  wantConfirm: false,  // the reconfirmation e-mail's link (confirm=1): the confirm button is highlighted and focused
  reconfirmRefusal: '', // why a confirmation was refused, shown next to its button
  joining: false,      // the form to join the waiting list is open
};

const root = () => document.getElementById('manage');

function credentialsFrom(text) {
  const value = String(text || '').trim();
  const at = value.search(/[#?]/);
  const params = new URLSearchParams(at >= 0 ? value.slice(at + 1) : value);
  return { code: (params.get('code') || '').trim().toUpperCase(), token: (params.get('token') || '').trim(),
    confirm: params.get('confirm') === '1' };
}

// The manage address of the booking on screen (with confirm=1 while the e-mail's request applies).
function addressOf(code, token) {
  const params = new URLSearchParams({ code, token });
  if (state.wantConfirm) params.set('confirm', '1');
  return `/manage#${params}`;
}

function setMode(mode, { push = false } = {}) {
  state.mode = mode;
  if (push) history.pushState({ mode }, '', location.href);
  render(true);
}

window.addEventListener('popstate', (event) => {
  const mode = event.state?.mode;
  if (state.booking && ['view', 'move', 'confirm-move', 'confirm-cancel'].includes(mode)) {
    state.mode = mode === 'confirm-move' && !state.newSlot ? 'move' : mode;
  } else if (state.booking) {
    state.mode = 'view';
  }
  if (!state.locked) state.refusal = null;
  render(true);
});

window.addEventListener('hashchange', () => {
  const { code, token, confirm } = credentialsFrom(location.hash);
  if (code && token && (code !== state.code || token !== state.token)) {
    state.wantConfirm = confirm;
    load(code, token);
  }
});

function render(moveFocus) {
  const draw = { ask: drawAsk, loading: drawLoading, view: drawView, move: drawMove,
    'confirm-move': drawConfirmMove, 'confirm-cancel': drawConfirmCancel };
  root().replaceChildren(draw[state.mode]());
  setTitle(t(state.mode === 'ask' ? 'manage.title' : `manage.mode.${state.mode === 'loading' ? 'view' : state.mode}`));
  if (state.mode === 'move') startPicker();
  if (!moveFocus) return;
  const confirmButton = state.wantConfirm && state.mode === 'view' ? document.getElementById('confirm-attendance') : null;
  if (confirmButton && !root().querySelector('.notice, .refusal')) {
    focusOn(root().querySelector('h2'));
    confirmButton.focus();  // the e-mail asked for it: one press confirms
  } else {
    focusOn(root().querySelector('.notice, .refusal') || root().querySelector('h2'));
  }
}

// ---- asking for the booking ----

function drawAsk() {
  const codeField = textField('booking-code', t('manage.code'), t('manage.codeHint'),
    { class: 'form-control text-uppercase', autocapitalize: 'characters', maxlength: '32', value: state.code });
  const tokenField = textField('booking-token', t('manage.token'), t('manage.tokenHint'),
    { autocapitalize: 'off', maxlength: '2048' });
  const code = codeField.input;
  const token = tokenField.input;
  const form = h('form', { novalidate: true, class: 'step-form', id: 'ask-form' },
    h('div', { id: 'form-error' }), codeField.group, tokenField.group,
    h('div', { class: 'step-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary', text: t('manage.open') })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const pasted = credentialsFrom(token.value.includes('token=') ? token.value : code.value.includes('token=') ? code.value : '');
    const wanted = { code: pasted.code || code.value.trim().toUpperCase(), token: pasted.token || token.value.trim() };
    fieldError(code, wanted.code ? '' : t('manage.codeRequired'));
    fieldError(token, wanted.token ? '' : t('manage.tokenRequired'));
    if (!wanted.code) return code.focus();
    if (!wanted.token) return token.focus();
    history.replaceState(null, '', addressOf(wanted.code, wanted.token));
    return load(wanted.code, wanted.token);
  });
  return h('section', { 'aria-labelledby': 'ask-title' },
    h('h2', { id: 'ask-title', class: 'h3', text: t('manage.askTitle') }),
    state.notice ? h('div', { class: 'notice' }, alertBox(state.notice.kind, state.notice.text)) : null,
    h('p', { text: t('manage.askIntro') }), form,
    h('p', { class: 'mt-4' }, t('manage.lost'), ' ', h('a', { href: '/status', text: t('manage.lostLink') })));
}

function drawLoading() {
  return h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner' }), t('common.loading'));
}

async function load(code, token) {
  stopFollowing();
  state.code = code;
  state.token = token;
  state.notice = null;
  state.refusal = null;
  state.locked = false;
  state.reconfirmRefusal = '';
  state.joining = false;
  state.feedback = { rating: 0, comment: '' };
  setMode('loading');
  try {
    state.booking = await api.getBooking(code, token);
    state.desk = await api.getDesk(state.booking.desk);
  } catch (error) {
    state.booking = null;
    state.notice = error.code === 'not_found'
      ? { kind: 'danger', text: t('manage.notFound') }
      : { kind: 'danger', text: api.explain(error) };
    setMode('ask');
    return;
  }
  history.replaceState({ mode: 'view' }, '', location.href);
  setMode('view');
  follow();
}

// ---- the day of the visit ----

// While the booking may still change on its day (checked in, called, served), the desk's events
// say when to read it again; a visit that ended (attended, no-show) or another day needs none.
function follow() {
  const { booking } = state;
  const live = booking?.status === 'booked' && dayOf(booking.start) === today(state.desk.timezone);
  if (live && !state.live) state.live = deskEvents(booking.desk, reread);
  if (!live) stopFollowing();
}

function stopFollowing() {
  state.live?.close();
  state.live = null;
}

// Reads the booking again after a desk event and redraws the view when it changed, focus kept.
async function reread() {
  const { code, token } = state;
  const before = state.booking;
  let after;
  try {
    after = await api.getBooking(code, token);
  } catch {
    return;  // the next event tries again
  }
  if (code !== state.code || before !== state.booking) return;  // another booking, or a newer read
  state.booking = after;
  follow();
  if (JSON.stringify(after) === JSON.stringify(before)) return;
  const news = visitNews(before, after);
  if (news) announce(news);
  if (state.mode !== 'view') return;
  const focused = document.activeElement?.id;
  render(false);
  if (focused) document.getElementById(focused)?.focus();
}

function rated() {
  state.booking = { ...state.booking, rated: true };
  render(false);
  announce(t('feedback.thanks'));
  focusOn(document.getElementById('feedback-thanks'));
}

// The ticket while waiting or called (or missed), the rating once served.
function visitPart(booking) {
  if (booking.status === 'attended' && booking.rated !== undefined) {
    return feedbackSection(booking, state.token, state.feedback, rated);
  }
  if (booking.ticket && booking.ticket.state !== 'done') return ticketPanel(booking.ticket);
  return null;
}

// ---- the booking ----

function typeOf(booking) {
  return state.desk.types.find((x) => x.id === booking.type) || null;
}

function changeable(booking) {
  return booking.status === 'booked' && new Date(booking.start) > new Date();
}

function drawView() {
  const { booking } = state;
  const section = h('section', { 'aria-labelledby': 'view-title' },
    h('h2', { id: 'view-title', class: 'h3', text: t('manage.viewTitle') }),
    state.notice ? h('div', { class: 'notice' }, alertBox(state.notice.kind, state.notice.text)) : null,
    visitPart(booking),
    reconfirmPart(booking),
    waitlistPart(booking),
    receiptCard(booking, state.desk, typeOf(booking)));
  if (booking.status === 'booked') section.append(receiptActions(booking.code, state.token));
  if (booking.status === 'booked' && booking.ticket) {
    // Checked in: the visit is under way, nothing to change online.
  } else if (changeable(booking)) {
    section.append(h('section', { class: 'change card-box no-print', 'aria-labelledby': 'change-title' },
      h('h3', { id: 'change-title', class: 'h5', text: t('manage.changeTitle') }),
      state.locked ? null : h('p', { class: 'change-deadline',
        text: changeDeadline(booking, typeOf(booking), state.desk.timezone) || t('manage.changeRule') }),
      state.refusal ? h('div', { class: 'refusal' }, alertBox(state.refusal.kind, state.refusal.title, state.refusal.text)) : null,
      state.locked ? null : h('div', { class: 'd-flex flex-wrap gap-2' },
        h('button', { type: 'button', class: 'btn btn-primary', id: 'move-booking',
          on: { click: () => { state.refusal = null; state.newSlot = null; setMode('move', { push: true }); } } },
        icon('it-calendar', 'icon-white me-2'), t('manage.move')),
        h('button', { type: 'button', class: 'btn btn-outline-danger', id: 'cancel-booking',
          on: { click: () => { state.refusal = null; setMode('confirm-cancel', { push: true }); } } },
        icon('it-close-circle', 'icon-danger me-2'), t('manage.cancel')))));
  } else if (booking.status === 'cancelled') {
    section.append(alertBox('info', t('manage.cancelledTitle'), t('manage.cancelledBody'),
      h('p', { class: 'mb-0 mt-2' }, h('a', { href: `/?desk=${encodeURIComponent(booking.desk)}&type=${encodeURIComponent(booking.type)}`,
        text: t('manage.bookAgain') }))));
  } else if (booking.status === 'released') {
    section.append(alertBox('warning', t('manage.releasedTitle'), t('manage.releasedBody'),
      h('p', { class: 'mb-0 mt-2' }, h('a', { href: `/?desk=${encodeURIComponent(booking.desk)}&type=${encodeURIComponent(booking.type)}`,
        text: t('manage.bookAgain') }))));
  } else if (booking.status === 'booked') {
    section.append(alertBox('info', t('manage.pastTitle'), t('manage.pastBody')));
  }
  if (changeable(booking) && !booking.ticket && !booking.waitlist && !state.locked && hasWaitlist(state.desk, booking.type)) {
    section.append(joinPart(booking));
  }
  return section;
}

// ---- reconfirmation ----

// When the type asks for it: before the window, when it will be asked; inside, the button; after
// the confirmation, when it was given. Dates and times in the desk's zone; the window's end is
// exclusive, so the last minute before it is the one named ("by … at 23:59").
function reconfirmPart(booking) {
  if (!booking.reconfirm_from || !booking.reconfirm_until || booking.status !== 'booked') return null;
  const zone = state.desk.timezone;
  const from = Date.parse(booking.reconfirm_from);
  const until = Date.parse(booking.reconfirm_until);
  const last = new Date(until - 60_000).toISOString();
  const now = Date.now();
  const part = (kind, ...children) => h('section', { class: `reconfirm card-box reconfirm-${kind}`, id: 'reconfirm',
    'aria-labelledby': 'reconfirm-title' }, h('h3', { id: 'reconfirm-title', class: 'h5', text: t('reconfirm.title') }), ...children);
  if (booking.confirmed_at) {
    return part('done', h('p', { class: 'mb-0', id: 'reconfirm-state' }, icon('it-check-circle', 'icon-success icon-sm me-1'),
      t('reconfirm.done', { date: formatDate(booking.confirmed_at, zone), time: formatTime(booking.confirmed_at, zone) })));
  }
  if (now < from) {
    return part('later', h('p', { class: 'mb-0', id: 'reconfirm-state', text: t('reconfirm.before', {
      from: formatDate(booking.reconfirm_from, zone), until: formatDate(last, zone), time: formatTime(last, zone) }) }));
  }
  if (now >= until) return part('closed', h('p', { class: 'mb-0', id: 'reconfirm-state', text: t('reconfirm.closed') }));
  const button = h('button', { type: 'button', class: `btn btn-primary btn-lg${state.wantConfirm ? ' is-requested' : ''}`,
    id: 'confirm-attendance' }, icon('it-check', 'icon-white me-2'), t('reconfirm.button'));
  button.addEventListener('click', () => confirmAttendance(button));
  return part(`open${state.wantConfirm ? ' is-requested' : ''}`,
    h('p', { id: 'reconfirm-state', text: t('reconfirm.open', { date: formatDate(last, zone), time: formatTime(last, zone) }) }),
    state.reconfirmRefusal ? h('div', { class: 'refusal' }, alertBox('warning', state.reconfirmRefusal)) : null,
    button);
}

async function confirmAttendance(button) {
  button.disabled = true;
  button.classList.add('is-busy');
  try {
    state.booking = { ...await api.confirmBooking(state.code, state.token), waitlist: state.booking.waitlist };
  } catch (error) {
    button.disabled = false;
    button.classList.remove('is-busy');
    state.reconfirmRefusal = error.code === 'outside_reconfirm_window' ? t('reconfirm.outside') : api.explain(error);
    state.booking = await api.getBooking(state.code, state.token).catch(() => state.booking);
    render(true);
    return;
  }
  state.reconfirmRefusal = '';
  state.wantConfirm = false;
  history.replaceState({ mode: 'view' }, '', addressOf(state.code, state.token));
  state.notice = { kind: 'success', text: t('reconfirm.thanks') };
  announce(t('reconfirm.thanks'));
  render(true);
}

// ---- the waiting list for an earlier date ----

// The application's entry for this type: its place in line, or the seat offered with accept and decline.
function waitlistPart(booking) {
  const entry = booking.waitlist;
  if (!entry || !['waiting', 'offered'].includes(entry.state)) return null;
  const link = h('p', { class: 'mb-0 mt-3' }, h('a', { href: waitlistUrl(entry.id, entry.token), id: 'open-waitlist', text: t('waitlist.open') }));
  if (entry.state === 'offered' && entry.offer) {
    const panel = offerPanel({ ...entry, desk: booking.desk, type: booking.type }, state.desk, {
      idPrefix: 'manage-',
      movesNote: t('waitlist.manage.offerMoves'),
      onAccept: (button) => acceptOffer(entry, button),
      onDecline: (button) => declineOffer(entry, button),
      onEnd: () => reread(),
    });
    panel.append(link);
    return panel;
  }
  return h('section', { class: 'waitlist-entry card-box', id: 'manage-waitlist', 'aria-labelledby': 'manage-waitlist-title' },
    h('h3', { id: 'manage-waitlist-title', class: 'h5', text: t('waitlist.title') }),
    h('p', { id: 'manage-waitlist-position', text: t('waitlist.manage.inLine', { position: entry.position }) }),
    link);
}

async function acceptOffer(entry, button) {
  const booking = await acceptWithButton(entry, entry.token, button, document.getElementById('manage-offer-error'), async (failure) => {
    state.booking = await api.getBooking(state.code, state.token).catch(() => state.booking);
    state.notice = { kind: 'warning', text: api.explain(failure) };
    render(true);
  });
  if (!booking) return;
  // The booking moved (same code); a new manage token comes with it.
  if (booking.manage_token && booking.code === state.code) {
    state.token = booking.manage_token;
    history.replaceState({ mode: 'view' }, '', addressOf(state.code, state.token));
  }
  state.booking = await api.getBooking(state.code, state.token).catch(() => booking);
  const zone = state.desk.timezone;
  state.notice = { kind: 'success', text: t('waitlist.manage.moved', { date: formatDate(state.booking.start, zone), time: formatTime(state.booking.start, zone) }) };
  announce(state.notice.text);
  render(true);
  follow();
}

function declineOffer(entry, button) {
  askToDecline(entry, button, {
    areaId: 'manage-offer-buttons',
    onLeft: async () => {
      state.booking = await api.getBooking(state.code, state.token).catch(() => ({ ...state.booking, waitlist: undefined }));
      state.notice = { kind: 'success', text: t('waitlist.gone.done') };
      render(true);
    },
  });
}

// "Want an earlier date?": the form to join the waiting list, which asks the tax code (the
// application number is the booking's). Only earlier seats than this booking's are offered.
function joinPart(booking) {
  const section = h('section', { class: 'waitlist-join card-box no-print', id: 'manage-join', 'aria-labelledby': 'manage-join-title' },
    h('h3', { id: 'manage-join-title', class: 'h5', text: t('waitlist.manage.title') }),
    h('p', { text: t('waitlist.manage.body') }));
  if (!state.joining) {
    section.append(h('button', { type: 'button', class: 'btn btn-outline-primary', id: 'open-join',
      text: t('waitlist.invite.button'), on: { click: () => {
        state.joining = true;
        render(false);
        document.getElementById('waitlist-tax-code')?.focus();
      } } }));
    return section;
  }
  section.append(h('p', { class: 'small', text: t('waitlist.manage.taxCode', { id: booking.application_id }) }),
    joinForm({
      desk: state.desk, typeId: booking.type, applicationId: booking.application_id, askBefore: false,
      onJoined: async (entry, emailGiven) => {
        state.joining = false;
        state.booking = await api.getBooking(state.code, state.token).catch(() => ({ ...state.booking, waitlist: entry }));
        if (!state.booking.waitlist) state.booking = { ...state.booking, waitlist: entry };
        state.notice = { kind: 'success', text: `${t('waitlist.joined.title')}. ${t('waitlist.positionLead', { position: entry.position })} ${t(emailGiven ? 'waitlist.joined.email' : 'waitlist.joined.noEmail')}` };
        render(true);
      },
    }));
  return section;
}

// ---- moving ----

function drawMove() {
  const { booking } = state;
  const zone = state.desk.timezone;
  return h('section', { 'aria-labelledby': 'move-title' },
    h('h2', { id: 'move-title', class: 'h3', text: t('manage.mode.move') }),
    h('p', {}, t('manage.moveIntro', { date: formatDate(booking.start, zone), time: formatTime(booking.start, zone) })),
    h('p', { class: 'small text-secondary' }, icon('it-clock', 'icon-sm icon-secondary me-1'), t('slot.timezone', { zone })),
    h('div', { id: 'picker', class: 'picker' }),
    h('div', { class: 'step-buttons' }, h('button', { type: 'button', class: 'btn btn-outline-primary',
      on: { click: () => history.back() } }, icon('it-arrow-left', 'icon-primary icon-sm me-1'), t('manage.keep'))));
}

function startPicker() {
  const picker = new SlotPicker(document.getElementById('picker'), {
    desk: state.booking.desk, type: state.booking.type, timeZone: state.desk.timezone, exclude: state.booking.start,
    chooseLabel: t('manage.chooseEarliest'),
    onChoose: (slot) => { state.newSlot = slot; setMode('confirm-move', { push: true }); },
  });
  picker.load(state.notice?.forPicker ? state.notice.text : null);
  state.notice = null;
}

function drawConfirmMove() {
  const zone = state.desk.timezone;
  const from = state.booking.start;
  const to = state.newSlot.start;
  const submit = h('button', { type: 'button', class: 'btn btn-primary', id: 'confirm-move', text: t('manage.confirmMove') });
  submit.addEventListener('click', () => move(submit));
  return h('section', { 'aria-labelledby': 'confirm-title' },
    h('h2', { id: 'confirm-title', class: 'h3', text: t('manage.mode.confirm-move') }),
    h('dl', { class: 'facts card-box' },
      h('dt', { text: t('manage.from') }), h('dd', { text: `${formatDate(from, zone)}, ${formatTime(from, zone)}` }),
      h('dt', { text: t('manage.to') }), h('dd', {}, h('strong', { text: `${formatDate(to, zone)}, ${formatTime(to, zone)}` }))),
    h('p', { text: t('manage.moveNote') }),
    state.refusal ? h('div', { class: 'refusal' }, alertBox(state.refusal.kind, state.refusal.title, state.refusal.text)) : null,
    h('div', { class: 'step-buttons' },
      h('button', { type: 'button', class: 'btn btn-outline-primary', on: { click: () => history.back() } },
        icon('it-arrow-left', 'icon-primary icon-sm me-1'), t('manage.otherTime')),
      state.locked ? null : submit));
}

async function move(button) {
  button.disabled = true;
  try {
    state.booking = await api.rescheduleBooking(state.code, state.token, state.newSlot.start);
  } catch (error) {
    button.disabled = false;
    refused(error, 'confirm-move');
    return;
  }
  const zone = state.desk.timezone;
  state.notice = { kind: 'success', text: t('manage.moved', { date: formatDate(state.booking.start, zone), time: formatTime(state.booking.start, zone) }) };
  state.refusal = null;
  history.replaceState({ mode: 'view' }, '', location.href);
  setMode('view');
}

// ---- cancelling ----

function drawConfirmCancel() {
  const zone = state.desk.timezone;
  const submit = h('button', { type: 'button', class: 'btn btn-danger', id: 'confirm-cancel', text: t('manage.confirmCancel') });
  submit.addEventListener('click', () => cancel(submit));
  return h('section', { 'aria-labelledby': 'cancel-title' },
    h('h2', { id: 'cancel-title', class: 'h3', text: t('manage.mode.confirm-cancel') }),
    h('p', {}, t('manage.cancelQuestion', { date: formatDate(state.booking.start, zone), time: formatTime(state.booking.start, zone) })),
    h('p', { text: t('manage.cancelNote') }),
    state.refusal ? h('div', { class: 'refusal' }, alertBox(state.refusal.kind, state.refusal.title, state.refusal.text)) : null,
    h('div', { class: 'step-buttons' },
      h('button', { type: 'button', class: 'btn btn-outline-primary', on: { click: () => history.back() } }, t('manage.keep')),
      state.locked ? null : submit));
}

async function cancel(button) {
  button.disabled = true;
  try {
    state.booking = await api.cancelBooking(state.code, state.token);
  } catch (error) {
    button.disabled = false;
    refused(error, 'confirm-cancel');
    return;
  }
  state.notice = { kind: 'success', text: t('manage.cancelled') };
  state.refusal = null;
  history.replaceState({ mode: 'view' }, '', location.href);
  setMode('view');
}

// Shows why the API refused, in plain words, where the applicant acted.
function refused(error, mode) {
  switch (error.code) {
    case 'too_late_to_change':
      state.refusal = { kind: 'warning', title: t('manage.tooLate.title'), text: t('manage.tooLate.body') };
      state.locked = true;
      break;
    case 'slot_full':
    case 'outside_booking_window':
    case 'not_a_slot':
      state.newSlot = null;
      state.notice = { kind: 'warning', text: t(error.code === 'slot_full' ? 'slot.taken' : 'slot.gone'), forPicker: true };
      state.refusal = null;
      history.replaceState({ mode: 'move' }, '', location.href);
      setMode('move');
      return;
    case 'not_found':
      state.refusal = { kind: 'danger', title: t('manage.notFound'), text: '' };
      break;
    default:
      state.refusal = { kind: 'danger', title: api.explain(error), text: t('confirm.retry') };
  }
  state.mode = mode;
  render(true);
}

// ---- start ----

async function refreshForLanguage() {
  if (state.desk) state.desk = await api.getDesk(state.desk.id).catch(() => state.desk);
  const focused = document.activeElement?.id;
  render(false);
  if (focused) document.getElementById(focused)?.focus();
}

function start() {
  startPage();
  api.prepareProofOfWork();  // the automatic check, when a desk asks for it
  onLanguageChange(refreshForLanguage);
  const { code, token, confirm } = credentialsFrom(location.hash);
  state.wantConfirm = confirm;
  if (code && token) {
    load(code, token);
  } else {
    state.code = code;  // e-mails after the first carry only the code (docs/notifications.md)
    render(false);
    if (code) document.getElementById('booking-token')?.focus();
  }
}

start();
