// The waiting list page (/waitlist#id=…&token=…), which the offer e-mail links to: the entry in the
// applicant's language (state, number in line, the dates that suit), and while a seat is offered the
// seat with the time left to accept it counting down, "Accept this appointment" and "Decline".
// Opening the page changes nothing (mail scanners follow links): only the buttons do. The token
// stays in the fragment and goes to the API in the X-Waitlist-Token header. The entry is read again
// when the tab comes back into view (an offer may have come meanwhile) and when an offer runs out.
import * as api from './api.js';
import { formatDate, formatTime, onLanguageChange, t } from './i18n.js';
import { alertBox, announce, focusOn, h, setTitle, startPage } from './page.js';
import { manageLinkBox, receiptActions, receiptCard } from './receipt.js';
import { acceptWithButton, askInPlace, entryFacts, howItWorks, isActive, offerPanel } from './waitlist-view.js';

const state = {
  id: '',
  token: '',
  entry: null,
  desk: null,
  booking: null,   // the booking made by accepting here, with its manage token
  mode: 'none',    // none (no link) | loading | view | accepted | missing (refused link)
  notice: null,    // { kind, title, text } shown on top of the view
};

const root = () => document.getElementById('waitlist');

function credentialsFrom(text) {
  const params = new URLSearchParams(String(text || '').replace(/^#/, ''));
  return { id: (params.get('id') || '').trim(), token: (params.get('token') || '').trim() };
}

function render(moveFocus) {
  const draw = { none: drawNoLink, missing: drawNoLink, loading: drawLoading, view: drawView, accepted: drawAccepted };
  root().replaceChildren(...[draw[state.mode]()].flat());
  setTitle(t('waitlist.title'));
  if (moveFocus) focusOn(root().querySelector('.notice') || root().querySelector('h2'));
}

function drawLoading() {
  return h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner' }), t('common.loading'));
}

// Without a link, or with one the server does not know: where to find it.
function drawNoLink() {
  return h('section', { 'aria-labelledby': 'view-title' },
    h('h2', { id: 'view-title', class: 'h3', text: t('waitlist.noLink.title') }),
    state.mode === 'missing' ? h('div', { class: 'notice' }, alertBox('danger', state.notice?.title || t('waitlist.notFound'))) : null,
    h('p', { text: t('waitlist.noLink.body') }),
    h('p', {}, h('a', { href: '/status', text: t('done.status') })));
}

async function load({ focus = true } = {}) {
  const { id, token } = state;
  try {
    const entry = await api.getWaitlistEntry(id, token);
    if (!state.desk || state.desk.id !== entry.desk) state.desk = await api.getDesk(entry.desk);
    if (id !== state.id) return;  // another link meanwhile
    state.entry = entry;
  } catch (error) {
    if (id !== state.id) return;
    state.entry = null;
    state.mode = 'missing';
    state.notice = { title: error.code === 'not_found' ? t('waitlist.notFound') : api.explain(error) };
    render(true);
    return;
  }
  if (state.mode !== 'accepted') state.mode = 'view';
  render(focus);
}

// Reads the entry again and redraws only when it changed, keeping focus where it was.
async function reread() {
  if (state.mode !== 'view' || !state.entry) return;
  const before = JSON.stringify(state.entry);
  let after;
  try {
    after = await api.getWaitlistEntry(state.id, state.token);
  } catch {
    return;  // the next look tries again
  }
  if (JSON.stringify(after) === before || state.mode !== 'view') return;
  state.entry = after;
  if (after.state === 'offered') announce(t('waitlist.offer.title'));
  const focused = document.activeElement?.id;
  render(false);
  if (focused) document.getElementById(focused)?.focus();
}

const bookAgainLink = (entry) => h('p', { class: 'mb-0 mt-2' },
  h('a', { href: `/?desk=${encodeURIComponent(entry.desk)}&type=${encodeURIComponent(entry.type)}`, text: t('waitlist.again') }));

function drawView() {
  const { entry, desk } = state;
  const zone = desk.timezone;
  const section = h('section', { 'aria-labelledby': 'view-title' },
    h('h2', { id: 'view-title', class: 'h3', text: t('waitlist.viewTitle') }),
    state.notice ? h('div', { class: 'notice' }, alertBox(state.notice.kind, state.notice.title, ...(state.notice.text ? [state.notice.text] : []))) : null);
  switch (entry.state) {
    case 'offered':
      section.append(offerPanel(entry, desk, {
        movesNote: t('waitlist.offer.moves'),
        onAccept: (button) => accept(button),
        onDecline: (button) => askLeave(button),
        onEnd: () => reread(),
      }));
      break;
    case 'waiting':
      section.append(h('p', { class: 'lead waitlist-lead', id: 'waitlist-position', text: t('waitlist.positionLead', { position: entry.position }) }));
      break;
    case 'accepted': {
      const offer = entry.offer;
      section.append(alertBox('success', t('waitlist.accepted.title'),
        ...(offer ? [t('waitlist.accepted.earlier', { date: formatDate(offer.start, zone), time: formatTime(offer.start, zone) })] : []),
        h('p', { class: 'mb-0 mt-2' }, h('a', { href: '/status', text: t('done.status') }))));
      break;
    }
    case 'expired':
      section.append(alertBox('warning', t('waitlist.expired.title'), t('waitlist.expired.body'), bookAgainLink(entry)));
      break;
    default:
      section.append(alertBox('info', t('waitlist.gone.title'), t('waitlist.gone.body'), bookAgainLink(entry)));
  }
  section.append(h('div', { class: 'card-box' }, entryFacts(entry, desk)));
  if (entry.state === 'waiting') {
    section.append(h('p', { class: 'waitlist-how', text: howItWorks(desk, entry.type) }),
      h('p', { class: 'small', text: t('waitlist.earlierOnly') }));
  }
  if (entry.state === 'waiting') {
    const leave = h('button', { type: 'button', class: 'btn btn-outline-danger', id: 'leave-waitlist', text: t('waitlist.leave') });
    leave.addEventListener('click', () => askLeave(leave));
    section.append(h('div', { id: 'leave-area', class: 'leave-area' }, leave));
  }
  return section;
}

// "Leave the list?" (while offered: the seat goes to the next person), asked where the button was.
function askLeave(button) {
  const offered = state.entry.state === 'offered';
  const area = offered ? button.closest('.offer-buttons') : document.getElementById('leave-area');
  if (offered) area.id = 'offer-buttons';
  askInPlace(area, {
    title: t('waitlist.confirmLeave.title'),
    body: [t('waitlist.confirmLeave.body'), ...(offered ? [t('waitlist.confirmLeave.offered')] : [])],
    yes: t('waitlist.confirmLeave.yes'),
    no: t('waitlist.confirmLeave.no'),
    back: button,
    onYes: (yes) => leave(yes),
  });
}

async function leave(button) {
  button.disabled = true;
  button.classList.add('is-busy');
  try {
    state.entry = await api.leaveWaitlist(state.id, state.token);
  } catch (error) {
    button.disabled = false;
    button.classList.remove('is-busy');
    button.closest('.ask-in-place')?.append(alertBox('danger', api.explain(error)));
    return;
  }
  state.notice = { kind: 'success', title: t('waitlist.gone.done') };
  render(true);
}

async function accept(button) {
  const booking = await acceptWithButton(state.entry, state.token, button, document.getElementById('offer-error'), async (failure) => {
    await load({ focus: false });
    state.notice = { kind: 'warning', title: api.explain(failure) };
    render(true);
  });
  if (!booking) return;
  state.booking = booking;
  state.mode = 'accepted';
  announce(t('waitlist.accepted.title'));
  render(true);
}

// Accepted here: the appointment's receipt and the link that manages it.
function drawAccepted() {
  const { booking, desk } = state;
  const type = desk.types.find((x) => x.id === booking.type);
  return h('section', { class: 'done', 'aria-labelledby': 'view-title' },
    h('div', { class: 'alert alert-success done-banner' },
      h('h2', { class: 'h3 mb-1', id: 'view-title', text: t('waitlist.accepted.title') }),
      h('p', { class: 'mb-0', text: t(booking.manage_token ? 'waitlist.accepted.body' : 'waitlist.accepted.bodyMoved') })),
    receiptCard(booking, desk, type),
    // An appointment moved here keeps its code and its link: no new one comes with it.
    booking.manage_token ? receiptActions(booking.code, booking.manage_token) : null,
    booking.manage_token ? manageLinkBox(booking.code, booking.manage_token)
      : h('p', { id: 'accepted-moved' }, t('waitlist.accepted.moved', { code: booking.code }), ' ',
        h('a', { href: '/status', text: t('done.status') })));
}

function open(id, token) {
  state.id = id;
  state.token = token;
  state.entry = null;
  state.booking = null;
  state.notice = null;
  state.mode = 'loading';
  render(false);
  load();
}

function start() {
  startPage();
  api.prepareProofOfWork();  // the automatic check, when a desk asks for it
  onLanguageChange(async () => {
    if (state.desk) state.desk = await api.getDesk(state.desk.id).catch(() => state.desk);
    const focused = document.activeElement?.id;
    render(false);
    if (focused) document.getElementById(focused)?.focus();
  });
  window.addEventListener('hashchange', () => {
    const { id, token } = credentialsFrom(location.hash);
    if (id && token && (id !== state.id || token !== state.token)) open(id, token);
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && isActive(state.entry)) reread();
  });
  const { id, token } = credentialsFrom(location.hash);
  if (id && token) open(id, token);
  else render(false);
}

start();
