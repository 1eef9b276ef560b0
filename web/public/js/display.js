// The waiting-room display (/display/{desk}): the last calls (ticket number → counter) in very large
// type, the newest highlighted, labels in Italian, English, French and Spanish at once. No names and
// no application numbers: the public API gives none.
//
// Updated by push: an EventSource on the desk's display events (event `call`). On each `open` (the
// first connection and every reconnection, e.g. after a server restart) and on each `queue` event
// the list is read again from GET …/display, so nothing called in between is missed (the server
// sends `queue` once it has first looked at the desk: a call made between the page's read and that
// look is not pushed as a `call`, and is read then); the browser reconnects by itself,
// and the page makes a new EventSource when the browser gives up (readyState CLOSED). The list is
// also read again every minute (the day changes, a lost event). Each new call chimes (chime.js)
// and is announced to screen readers.
import { call } from './api.js';
import { LANGUAGES } from './i18n.js';
import { chime, enableSound, onSoundAllowed, soundBlocked } from './chime.js';
import { oneAtATime } from './live.js';
import { announce, h } from './page.js';
import { VISIT_TEXTS } from './visit-texts.js';

const desk = decodeURIComponent(location.pathname.split('/')[2] || '');
const enc = encodeURIComponent;
const SHOWN = 7;                 // the newest and six earlier calls fit a 720p screen
const REREAD_MS = 60_000;
const OFFLINE_NOTICE_MS = 10_000;
// calls: latest first, one per number (a recall moves it to the top); fresh: the newest just came.
// gone: the desk does not exist, nothing more to connect to.
// pushes: calls shown by push so far (a read that overlapped one is read again).
const state = { calls: [], loaded: false, source: null, failures: 0, zone: 'Europe/Rome', offlineTimer: 0, fresh: false, gone: false, pushes: 0 };

// The text of `key` in the four languages, Italian first and larger: "Sportello · Counter · …".
function allLanguages(key, values = {}) {
  const fill = (text) => text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  return LANGUAGES.flatMap((code, i) => [
    i ? h('span', { class: 'display-sep', 'aria-hidden': 'true', text: ' · ' }) : null,
    h('span', { lang: code, class: i ? 'display-other' : 'display-main-language', text: fill(VISIT_TEXTS[code][key]) }),
  ]).filter(Boolean);
}

function label(element) {
  element.replaceChildren(...allLanguages(element.dataset.label));
}

const sameCall = (a, b) => a && b && a.number === b.number && a.called_at === b.called_at;

function render() {
  const [latest, ...earlier] = state.calls;
  const box = document.getElementById('latest');
  if (!latest) {
    box.replaceChildren(h('p', { class: 'display-none' }, ...allLanguages('display.none')));
  } else {
    box.replaceChildren(h('div', { class: `display-call${state.fresh ? ' is-fresh' : ''}`, 'data-number': latest.number, 'data-counter': latest.counter },
      h('span', { class: 'display-call-number', text: latest.number }),
      h('span', { class: 'display-arrow', 'aria-hidden': 'true', text: '→' }),
      h('span', { class: 'display-call-counter' },
        h('span', { class: 'display-call-counter-label' }, ...allLanguages('display.counter')),
        h('span', { class: `display-call-counter-value${latest.counter.length > 6 ? ' is-long' : ''}`, text: latest.counter }))));
  }
  document.getElementById('earlier').replaceChildren(...earlier.slice(0, SHOWN - 1).map((c) =>
    h('tr', { 'data-number': c.number, 'data-counter': c.counter }, h('td', { text: c.number }), h('td', { text: c.counter }))));
}

// A call to show and say: on top, once per number.
function called(entry) {
  state.calls = [entry, ...state.calls.filter((c) => c.number !== entry.number)].slice(0, 10);
  state.fresh = true;
  render();
  announce(VISIT_TEXTS.it['display.announce'].replace('{number}', entry.number).replace('{counter}', entry.counter));
  chime();
}

// Reads the last calls; a newest call that was not on screen (called while disconnected) is
// announced as if it had been pushed.
async function readCalls() {
  if (state.gone) return;
  const pushes = state.pushes;
  let answer;
  try {
    answer = await call(`/api/v1/desks/${enc(desk)}/display`);
  } catch (error) {
    if (error.status === 404) showNoDesk();
    return;
  }
  if (state.pushes !== pushes) {  // a call came by push meanwhile: this answer may be older than it
    reread();  // once more, after this read
    return;
  }
  const list = Array.isArray(answer.called) ? answer.called : [];
  const news = state.loaded && list[0] && !sameCall(list[0], state.calls[0]);
  state.loaded = true;
  state.calls = list.slice(1);
  if (news) return called(list[0]);
  state.calls = list;
  state.fresh = false;
  render();
}

// One read at a time: a read asked for while one is under way runs once after it, so an older
// answer never lands after a newer one (and is never announced as a new call).
const reread = oneAtATime(readCalls);

function setConnection(connection) {
  document.body.dataset.connection = connection;
  window.clearTimeout(state.offlineTimer);
  if (connection === 'open') document.getElementById('offline').hidden = true;
  else state.offlineTimer = window.setTimeout(() => { document.getElementById('offline').hidden = false; }, OFFLINE_NOTICE_MS);
}

function connect() {
  state.source?.close();
  if (state.gone) return;
  const source = new EventSource(`/api/v1/desks/${enc(desk)}/display/events`);
  state.source = source;
  source.addEventListener('open', () => {
    state.failures = 0;
    setConnection('open');
    reread();
  });
  source.addEventListener('call', (event) => {
    let entry;
    try {
      entry = JSON.parse(event.data);
    } catch {
      return;
    }
    if (entry?.number && !sameCall(entry, state.calls[0])) {
      state.pushes += 1;
      called(entry);
    }
  });
  source.addEventListener('queue', () => reread());
  source.addEventListener('error', () => {
    setConnection('connecting');
    if (source.readyState !== EventSource.CLOSED || source !== state.source) return;
    // The browser gave up (an answer that was not an event stream): a new one, later and later.
    state.failures += 1;
    window.setTimeout(connect, Math.min(30_000, 2000 * 2 ** Math.min(state.failures - 1, 4)));
  });
}

function showNoDesk() {
  state.gone = true;
  window.clearTimeout(state.offlineTimer);
  state.source?.close();
  state.source = null;
  document.getElementById('latest').replaceChildren(h('p', { class: 'display-none', role: 'alert' }, ...allLanguages('display.noDesk')));
  document.querySelector('.display-earlier').hidden = true;
}

function tick() {
  document.getElementById('clock').textContent = new Intl.DateTimeFormat('it-IT',
    { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: state.zone }).format(new Date());
}

function setUpSound() {
  const button = document.getElementById('enable-sound');
  if (!soundBlocked()) return;
  button.hidden = false;
  button.addEventListener('click', () => enableSound());
  onSoundAllowed(() => { button.hidden = true; });
}

function start() {
  for (const element of document.querySelectorAll('[data-label]')) label(element);
  document.title = `${VISIT_TEXTS.it['display.title']} – ${document.querySelector('[data-i18n="site.title"]').textContent}`;
  if (!desk) return showNoDesk();
  render();
  connect();
  reread();  // also when the event stream cannot be reached
  setUpSound();
  call(`/api/v1/desks/${enc(desk)}`).then((info) => {
    document.getElementById('desk-name').textContent = `– ${info.name.split(' – ').pop()}`;
    state.zone = info.timezone || state.zone;
    tick();
  }, () => {});
  tick();
  window.setInterval(tick, 15_000);
  window.setInterval(reread, REREAD_MS);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) reread(); });
}

start();
