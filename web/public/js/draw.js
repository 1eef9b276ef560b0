// The page of a draw request (/draw#id=…&token=…&desk=…), which the booking page links to once the
// request is sent: while the draw is to come, when it takes place (the page reads the request again
// every 30 seconds while the tab is visible); once drawn, the appointment won (the confirmation with
// the manage link was e-mailed) or the place in the order and the way on (the waiting list, the seats
// left), and the seed with how to check the draw. The token stays in the fragment and goes to the
// API in the X-Draw-Token header.
import * as api from './api.js';
import { formatDate, formatTime, onLanguageChange, t } from './i18n.js';
import { alertBox, announce, focusOn, h, setTitle, startPage } from './page.js';
import { requestFacts } from './release-view.js';

const REREAD_MS = 30000;

const state = {
  id: '',
  token: '',
  deskId: '',
  request: null,
  desk: null,      // GET /desks/{desk}: name, time zone
  release: null,   // the request's release, as the desk lists it
  mode: 'none',    // none (no link) | loading | view | missing (refused link)
  notice: '',
};

const root = () => document.getElementById('draw');

function credentialsFrom(text) {
  const params = new URLSearchParams(String(text || '').replace(/^#/, ''));
  const value = (name) => (params.get(name) || '').trim();
  return { id: value('id'), token: value('token'), desk: value('desk') };
}

function render(moveFocus) {
  const draw = { none: drawNoLink, missing: drawNoLink, loading: drawLoading, view: drawView };
  root().replaceChildren(...[draw[state.mode]()].flat());
  setTitle(t('draw.title'));
  if (moveFocus) focusOn(root().querySelector('.notice') || root().querySelector('h2'));
}

function drawLoading() {
  return h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner' }), t('common.loading'));
}

function drawNoLink() {
  return h('section', { 'aria-labelledby': 'view-title' },
    h('h2', { id: 'view-title', class: 'h3', text: t('draw.noLink.title') }),
    state.mode === 'missing' ? h('div', { class: 'notice' }, alertBox('danger', state.notice || t('draw.notFound'))) : null,
    h('p', { text: t('draw.noLink.body') }));
}

// The request, its desk and its release (for the time of the draw and the seed).
async function read() {
  const request = await api.getDrawRequest(state.id, state.token);
  const deskId = request.booking?.desk || state.deskId;
  if (deskId && (!state.desk || state.desk.id !== deskId)) state.desk = await api.getDesk(deskId).catch(() => null);
  let release = null;
  if (state.desk) {
    const answer = await api.releases(state.desk.id, request.type).catch(() => ({ releases: [] }));
    release = (answer.releases || []).find((r) => r.id === request.release) || null;
  }
  return { request, release };
}

async function load({ focus = true } = {}) {
  const { id } = state;
  let found;
  try {
    found = await read();
  } catch (error) {
    if (id !== state.id) return;
    state.mode = 'missing';
    state.notice = error.code === 'not_found' ? t('draw.notFound') : api.explain(error);
    render(true);
    return;
  }
  if (id !== state.id) return;
  Object.assign(state, found, { mode: 'view' });
  render(focus);
}

// Reads the request again while it waits, and redraws only when something changed.
async function reread() {
  if (state.mode !== 'view' || state.request?.state !== 'waiting') return;
  const before = JSON.stringify([state.request, state.release]);
  let found;
  try {
    found = await read();
  } catch {
    return;  // the next look tries again
  }
  if (JSON.stringify([found.request, found.release]) === before) return;
  Object.assign(state, found);
  if (found.request.state !== 'waiting') announce(t(`draw.${found.request.state}.title`));
  const focused = document.activeElement?.id;
  render(false);
  if (focused) document.getElementById(focused)?.focus();
}

const zone = () => state.desk?.timezone || 'Europe/Rome';
const bookingPage = (request) => `/?desk=${encodeURIComponent(state.desk?.id || state.deskId)}&type=${encodeURIComponent(request.type)}`;

function drawView() {
  const { request, release } = state;
  const section = h('section', { 'aria-labelledby': 'view-title' },
    h('h2', { id: 'view-title', class: 'h3', text: t('draw.viewTitle') }));
  switch (request.state) {
    case 'won':
      section.append(wonPanel(request.booking));
      break;
    case 'lost':
      section.append(alertBox('warning', t('draw.lost.title'),
        ...(Number.isInteger(request.order) ? [t('draw.lost.body', { order: request.order })] : []),
        t('draw.lost.next'),
        h('p', { class: 'mb-0 mt-2' }, h('a', { href: bookingPage(request), id: 'draw-book-left', text: t('draw.lost.book') }))));
      break;
    default:
      section.append(alertBox('info', t('draw.waiting.title'),
        ...(release ? [t('draw.waiting.body', { time: formatTime(release.draw_closes_at, zone()), date: formatDate(release.draw_closes_at, zone()) })] : [])));
  }
  section.append(h('div', { class: 'card-box' }, requestFacts(request)));
  if (release?.seed) section.append(verifyNote(release));
  return section;
}

function wonPanel(booking) {
  if (!booking) return alertBox('success', t('draw.won.title'), t('draw.won.body'));
  return alertBox('success', t('draw.won.title'),
    h('dl', { class: 'facts mb-2', id: 'draw-won' },
      h('dt', { text: t('draw.facts.when') }),
      h('dd', { text: t('draw.won.when', { date: formatDate(booking.start, zone()), time: formatTime(booking.start, zone()) }) }),
      h('dt', { text: t('draw.facts.desk') }), h('dd', { text: state.desk?.name || booking.desk }),
      h('dt', { text: t('draw.facts.code') }), h('dd', { class: 'verbatim', id: 'draw-booking-code', text: booking.code })),
    t('draw.won.body'));
}

// The seed, its hash and how anyone checks the draw against the public order.
function verifyNote(release) {
  return h('section', { class: 'card-box draw-verify', 'aria-labelledby': 'verify-title' },
    h('h3', { class: 'h5', id: 'verify-title', text: t('draw.verify.title') }),
    h('dl', { class: 'facts' },
      h('dt', { text: t('draw.verify.seed') }), h('dd', {}, h('code', { class: 'verbatim', id: 'draw-seed', text: release.seed })),
      h('dt', { text: t('draw.verify.hash') }), h('dd', {}, h('code', { class: 'verbatim', text: release.seed_hash }))),
    h('p', { text: t('draw.verify.body') }),
    h('p', { class: 'mb-0' }, h('a', { href: api.drawOrderPath(state.desk.id, release.id), text: t('draw.verify.link') })));
}

function open({ id, token, desk }) {
  Object.assign(state, { id, token, deskId: desk, request: null, release: null, notice: '', mode: 'loading' });
  render(false);
  load();
}

function start() {
  startPage();
  onLanguageChange(async () => {
    if (state.desk) state.desk = await api.getDesk(state.desk.id).catch(() => state.desk);
    const focused = document.activeElement?.id;
    render(false);
    if (focused) document.getElementById(focused)?.focus();
  });
  window.addEventListener('hashchange', () => {
    const link = credentialsFrom(location.hash);
    if (link.id && link.token && (link.id !== state.id || link.token !== state.token)) open(link);
  });
  window.setInterval(() => {
    if (document.visibilityState === 'visible') reread();
  }, REREAD_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') reread();
  });
  const link = credentialsFrom(location.hash);
  if (link.id && link.token) open(link);
  else render(false);
}

start();
