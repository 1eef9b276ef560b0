// The check-in kiosk (/kiosk/{desk}): a tablet at the desk's entrance, signed in with the desk's
// device account. A person picks a language, types the booking code (or shows the receipt's QR
// code to the camera), and gets a queue number in very large type with the place in the queue and
// the estimated wait; after RESET_SECONDS, or "Done", the kiosk is ready for the next person, in
// Italian again. Refusals are said in plain words with what to do next.
import { getDesk } from './api.js';
import { LANGUAGES, language, onLanguageChange, setLanguage, t, useTexts } from './i18n.js';
import * as kiosk from './kiosk-session.js';
import { alertBox, announce, fieldError, focusOn, h, setTitle, startPage } from './page.js';
import { canScan, codeFromQr, normalizeCode, scanQr } from './qr-scan.js';
import { VISIT_TEXTS } from './visit-texts.js';

useTexts(VISIT_TEXTS);

const RESET_SECONDS = 20;   // the ticket stays on screen this long
const IDLE_SECONDS = 60;    // a half-typed code, an error or another language is cleared after this
const desk = decodeURIComponent(location.pathname.split('/')[2] || '');
// screen: 'signIn' | 'start' | 'ticket'; error: [title, ...paragraphs] above the code field.
const state = { screen: 'signIn', code: '', error: null, signInNote: '', signInName: '', ticket: null, scanner: null, canScan: false };
const root = () => document.getElementById('kiosk');
let timer = 0;

// Goes back to the start after `seconds` (again from now at each touch or key while it waits).
function resetAfter(seconds) {
  window.clearTimeout(timer);
  timer = window.setTimeout(nextPerson, seconds * 1000);
}

function stopTimer() {
  window.clearTimeout(timer);
  timer = 0;
}

// Clears what the last person left (code, error, ticket, language) and shows the start screen.
function nextPerson() {
  stopTimer();
  stopScanning();
  Object.assign(state, { screen: 'start', code: '', error: null, ticket: null });
  if (language() !== 'it') setLanguage('it');  // its listener draws the screen
  else render();
  focusOn(document.getElementById('kiosk-title'));
}

function render() {
  if (state.screen === 'signIn' || !kiosk.currentSession()) drawSignIn();
  else if (state.screen === 'ticket') drawTicket();
  else drawStart();
  drawSignOut();
}

// ---- sign-in (desk staff, once per tablet) ----

function drawSignIn() {
  state.screen = 'signIn';
  stopTimer();
  setTitle(t('kiosk.signIn.title'));
  const username = h('input', { id: 'username', class: 'form-control', type: 'text', autocomplete: 'username',
    autocapitalize: 'none', spellcheck: 'false', maxlength: '64', value: state.signInName });
  const password = h('input', { id: 'password', class: 'form-control', type: 'password', autocomplete: 'current-password', maxlength: '1024' });
  const form = h('form', { id: 'login-form', class: 'card-box kiosk-login', novalidate: true },
    h('div', { id: 'login-error' }, state.signInNote ? alertBox('danger', state.signInNote) : null),
    h('p', { text: t('kiosk.signIn.intro', { desk }) }),
    h('div', { class: 'form-group field' }, h('label', { for: 'username', class: 'active', text: t('kiosk.signIn.username') }), username),
    h('div', { class: 'form-group field' }, h('label', { for: 'password', class: 'active', text: t('kiosk.signIn.password') }), password),
    h('div', { class: 'step-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary', text: t('kiosk.signIn.submit') })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    signIn(form, username, password);
  });
  root().replaceChildren(h('h1', { id: 'kiosk-title', text: t('kiosk.signIn.title') }),
    h('p', { class: 'lead', text: t('kiosk.signIn.public') }), form);
}

async function signIn(form, username, password) {
  fieldError(username, username.value.trim() ? '' : t('kiosk.signIn.usernameRequired'));
  fieldError(password, password.value ? '' : t('kiosk.signIn.passwordRequired'));
  if (!username.value.trim()) return username.focus();
  if (!password.value) return password.focus();
  form.querySelector('[type="submit"]').disabled = true;
  state.signInName = username.value.trim();
  let note = '';
  try {
    const { user } = await kiosk.login(username.value.trim(), password.value);
    // Only the device account stays signed in on a public tablet, and only at its own desk.
    if (user.role !== 'kiosk') note = t('kiosk.signIn.notKiosk');
    else if (user.desk !== desk) note = t('kiosk.signIn.otherDesk', { desk: user.desk });
    if (note) await kiosk.logout();
  } catch (error) {
    note = error.code === 'unauthorized' ? t('kiosk.signIn.refused')
      : error.code === 'rate_limited' ? t('kiosk.signIn.tooMany')
        : error.code === 'network' ? t('kiosk.error.network') : error.title;
  }
  state.signInNote = note;
  state.screen = note ? 'signIn' : 'start';
  if (!note) state.signInName = '';
  if (note) {
    render();
    focusOn(document.getElementById('login-error'));
  } else {
    nextPerson();
  }
}

function drawSignOut() {
  const place = document.getElementById('kiosk-signout');
  place.closest('footer').hidden = !kiosk.currentSession();
  if (!kiosk.currentSession()) return place.replaceChildren();
  const button = h('button', { type: 'button', id: 'signout', class: 'btn btn-sm btn-link kiosk-signout', text: t('kiosk.signOut') });
  button.addEventListener('click', () => {
    const yes = h('button', { type: 'button', id: 'signout-yes', class: 'btn btn-sm btn-outline-light', text: t('kiosk.signOut.yes') });
    const no = h('button', { type: 'button', id: 'signout-no', class: 'btn btn-sm btn-light', text: t('kiosk.signOut.no') });
    yes.addEventListener('click', async () => {
      await kiosk.logout();
      state.signInNote = '';
      render();
      focusOn(document.getElementById('kiosk-title'));
    });
    no.addEventListener('click', () => {
      drawSignOut();
      document.getElementById('signout').focus();
    });
    place.replaceChildren(h('div', { class: 'kiosk-signout-confirm', role: 'group', 'aria-labelledby': 'signout-question' },
      h('p', { id: 'signout-question', text: t('kiosk.signOut.confirm') }), yes, no));
    no.focus();
  });
  place.replaceChildren(button);
}

// ---- start: language, booking code, QR code ----

function languageButtons() {
  const buttons = LANGUAGES.map((code) => {
    const button = h('button', { type: 'button', class: 'btn kiosk-language', lang: code, 'data-lang': code,
      'aria-pressed': String(code === language()), text: t(`language.${code}`) });
    button.addEventListener('click', () => {
      setLanguage(code);
      document.querySelector(`.kiosk-language[data-lang="${code}"]`)?.focus();
    });
    return button;
  });
  return h('div', { class: 'kiosk-languages', role: 'group', 'aria-labelledby': 'languages-label' },
    h('p', { id: 'languages-label', class: 'kiosk-languages-label', text: t('kiosk.languages') }), buttons);
}

function drawStart() {
  setTitle(t('kiosk.title'));
  const input = h('input', { id: 'booking-code', class: 'form-control kiosk-code', type: 'text', autocomplete: 'off',
    autocapitalize: 'characters', spellcheck: 'false', maxlength: '40', value: state.code, 'aria-describedby': 'booking-code-hint' });
  input.addEventListener('input', () => {
    state.code = input.value;
    resetAfter(IDLE_SECONDS);  // someone walking away mid-code leaves nothing behind
  });
  const form = h('form', { id: 'checkin-form', class: 'kiosk-form', novalidate: true },
    h('div', { id: 'checkin-error' }, state.error ? alertBox('danger', ...state.error) : null),
    h('div', { class: 'form-group field' },
      h('label', { for: 'booking-code', class: 'active', text: t('kiosk.code.label') }), input,
      h('small', { id: 'booking-code-hint', class: 'form-text', text: t('kiosk.code.hint') })),
    h('button', { type: 'submit', id: 'checkin-submit', class: 'btn btn-primary btn-lg kiosk-submit', text: t('kiosk.submit') }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    checkIn(input.value, form);
  });
  root().replaceChildren(...[h('h1', { id: 'kiosk-title', text: t('kiosk.title') }),
    h('p', { class: 'lead', text: t('kiosk.intro') }), languageButtons(), form, scanPart()].filter(Boolean));
  if (state.error || state.code || language() !== 'it') resetAfter(IDLE_SECONDS);
}

function scanPart() {
  if (!state.canScan) return null;
  const button = h('button', { type: 'button', id: 'scan', class: 'btn btn-outline-primary btn-lg kiosk-scan', text: t('kiosk.scan') });
  const area = h('div', { id: 'scan-area', class: 'kiosk-scan-area' });
  button.addEventListener('click', () => startScanning(button, area));
  return h('div', { class: 'kiosk-scan-part' }, button, area);
}

async function startScanning(button, area) {
  const video = h('video', { class: 'kiosk-video', muted: true, playsinline: true, 'aria-label': t('kiosk.scan.video') });
  const cancel = h('button', { type: 'button', class: 'btn btn-outline-primary', text: t('kiosk.scan.cancel') });
  area.replaceChildren(h('p', { role: 'status', text: t('kiosk.scan.help') }), video, cancel);
  button.hidden = true;
  resetAfter(IDLE_SECONDS);
  state.scanner = scanQr(video);
  cancel.addEventListener('click', () => stopScanning());
  cancel.focus();
  let text = null;
  try {
    text = await state.scanner.result;
  } catch {
    state.scanner = null;
    area.replaceChildren(h('p', { class: 'text-danger fw-semibold', role: 'alert', text: t('kiosk.scan.failed') }));
    button.hidden = false;
    return;
  }
  state.scanner = null;
  if (!button.isConnected) return;
  area.replaceChildren();
  button.hidden = false;
  if (text) {
    const input = document.getElementById('booking-code');
    input.value = codeFromQr(text);
    state.code = input.value;
    checkIn(input.value, document.getElementById('checkin-form'));
  }
}

function stopScanning() {
  state.scanner?.stop();
  state.scanner = null;
}

// ---- check-in ----

async function checkIn(typed, form) {
  const input = document.getElementById('booking-code');
  if (!typed.trim()) {
    fieldError(input, t('kiosk.code.required'));
    return input.focus();
  }
  stopScanning();
  document.getElementById('checkin-error').replaceChildren();  // a refusal again is said again
  const submit = form.querySelector('[type="submit"]');
  submit.disabled = true;
  submit.classList.add('is-busy');
  try {
    state.ticket = await kiosk.checkIn(desk, normalizeCode(typed));
  } catch (error) {
    if (error.status === 401) return;  // signed out: onSignedOut shows the sign-in form
    if (error.status === 403) {
      await kiosk.logout();
      state.signInNote = t('kiosk.signIn.forbidden');
      render();
      return focusOn(document.getElementById('login-error'));
    }
    state.error = refusal(error);
    render();
    return focusOn(document.getElementById('checkin-error'));
  }
  Object.assign(state, { screen: 'ticket', code: '', error: null });
  render();
  focusOn(document.getElementById('kiosk-title'));
  announce(`${t('kiosk.ticket.title')}: ${state.ticket.number}`);
}

// A refused check-in as [title, ...what to do].
function refusal(error) {
  switch (error.code) {
    case 'outside_checkin_window':
      return [t('kiosk.error.window.title'), t('kiosk.error.window.when'), t('kiosk.error.window.early'), t('kiosk.error.window.late')];
    case 'not_checkable':
      return [t('kiosk.error.notCheckable.title'), t('kiosk.error.notCheckable.body')];
    case 'not_found':
    case 'invalid_request':  // a code too long to be one
      return [t('kiosk.error.notFound.title'), t('kiosk.error.notFound.body')];
    case 'network':
      return [t('kiosk.error.other.title'), t('kiosk.error.network')];
    default:
      return [t('kiosk.error.other.title'), t('kiosk.error.other.body')];
  }
}

// ---- the ticket ----

function drawTicket() {
  const ticket = state.ticket;
  setTitle(t('kiosk.ticket.title'));
  const facts = [];
  if (ticket.state === 'waiting' && Number.isInteger(ticket.position)) {
    facts.push(h('dt', { text: t('kiosk.ticket.position') }), h('dd', { id: 'ticket-position', text: String(ticket.position) }));
  }
  if (ticket.state === 'waiting' && Number.isFinite(ticket.estimated_wait_minutes)) {
    const minutes = Math.round(ticket.estimated_wait_minutes);
    facts.push(h('dt', { text: t('kiosk.ticket.wait') }),
      h('dd', { id: 'ticket-wait', text: minutes < 5 ? t('kiosk.ticket.fewMinutes') : t('kiosk.ticket.minutes', { minutes }) }));
  }
  const what = ticket.state === 'waiting' ? t('kiosk.ticket.watch')
    : ticket.state === 'called' ? t('kiosk.ticket.called', { counter: ticket.counter || '' }) : t('kiosk.ticket.closed');
  const done = h('button', { type: 'button', id: 'ticket-done', class: 'btn btn-primary btn-lg kiosk-submit', text: t('kiosk.done') });
  done.addEventListener('click', nextPerson);
  root().replaceChildren(h('section', { class: 'kiosk-ticket', 'aria-labelledby': 'kiosk-title' },
    ticket.again ? h('p', { class: 'kiosk-again', text: t('kiosk.ticket.again') }) : null,
    h('h1', { id: 'kiosk-title', class: 'kiosk-ticket-title', text: t('kiosk.ticket.title') }),
    h('p', { id: 'ticket-number', class: 'kiosk-ticket-number', text: ticket.number }),
    facts.length ? h('dl', { class: 'kiosk-ticket-facts' }, facts) : null,
    h('p', { id: 'ticket-what', class: 'kiosk-ticket-what', text: what }),
    done,
    h('p', { class: 'kiosk-note', text: t('kiosk.autoReset', { seconds: RESET_SECONDS }) })));
  resetAfter(RESET_SECONDS);
}

// ---- start ----

async function start() {
  startPage();
  if (language() !== 'it') setLanguage('it');
  onLanguageChange(render);
  if (!desk) {
    root().replaceChildren(alertBox('danger', t('kiosk.noDesk')));
    return;
  }
  // A touch or a key while a screen waits to be cleared gives the person more time.
  for (const kind of ['pointerdown', 'keydown']) {
    document.addEventListener(kind, () => { if (timer) resetAfter(state.screen === 'ticket' ? RESET_SECONDS : IDLE_SECONDS); });
  }
  kiosk.onSignedOut(() => {
    stopScanning();
    state.signInNote = t('kiosk.signIn.expired');
    state.screen = 'signIn';
    render();
    focusOn(document.getElementById('login-error'));
  });
  getDesk(desk).then((info) => { document.getElementById('desk-name').textContent = info.name.split(' – ').pop(); }, () => {});
  [state.canScan] = await Promise.all([canScan(), kiosk.currentSession() ? kiosk.me().catch(() => null) : null]);
  if (kiosk.currentSession()) state.screen = 'start';
  render();
}

start();
