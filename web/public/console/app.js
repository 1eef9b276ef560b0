// The staff console (/staff): sign-in, then one view at a time chosen by the address fragment
// (#day, #counter, #convene, #waitlist, #draws, #calendar, #stats, #questions, #overview, #admin, with
// ?desk=…&… parameters). What a role may do is decided by the server; the console only leaves out
// what the role cannot use, and shows the server's refusal when someone goes there anyway. Without a
// view in the address, the first view the account may use is shown: the day sheet for desk staff, the
// questions for the help desk (which has no desk, and no other view).
import { onLanguageChange, t, useTexts } from '../js/i18n.js';
import { alertBox, fieldError, focusOn, h, setTitle, startPage } from '../js/page.js';
import { can, confirmDialog, errorBox, field, loading } from './common.js';
import * as staff from './staff-api.js';
import { CONSOLE_TEXTS } from './texts.js';

useTexts(CONSOLE_TEXTS);

const VIEWS = [
  { id: 'day', role: 'operator', load: () => import('./day.js') },
  { id: 'counter', role: 'operator', load: () => import('./counter.js') },
  { id: 'convene', role: 'operator', load: () => import('./convene.js') },
  { id: 'waitlist', role: 'operator', load: () => import('./waitlist.js') },
  { id: 'draws', role: 'operator', load: () => import('./draws.js') },
  { id: 'calendar', role: 'manager', load: () => import('./calendar-editor.js') },
  { id: 'stats', role: 'operator', load: () => import('./stats.js') },
  // The help desk's (front office) and, for what was escalated to their desk, the desks' staff.
  { id: 'questions', roles: ['helpdesk', 'operator', 'manager', 'admin'], load: () => import('./questions.js'), deskless: true },
  { id: 'overview', role: 'admin', load: () => import('./overview.js'), deskless: true },
  { id: 'admin', role: 'admin', load: () => import('./admin.js'), deskless: true },
];

// True when `user` may use `view`: its roles, else at least its role.
const allowed = (user, view) => (view.roles ? view.roles.includes(user?.role) : can(user, view.role));

// `leaveGuard`: what the view on screen says about leaving it ({ unsaved(), discard() }), or null.
const state = { desks: [], rendering: 0, signInNote: '', focusAfter: '', leaveGuard: null, shownHash: '' };
const root = () => document.getElementById('console');

// The view and its parameters from the address: "#day?desk=roma&date=2026-12-01".
function route() {
  const [name, query = ''] = location.hash.slice(1).split('?');
  return { name, params: Object.fromEntries(new URLSearchParams(query)) };
}

// Goes to `name` with `params` (a new history entry, so Back works). Focus then moves to the
// element with id `focusId` once the view has drawn: the view's title by default, or the control
// that asked (the desk chooser, the previous/next day buttons), so that a keyboard user can go on.
export function navigate(name, params = {}, focusId = 'view-title') {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== '')).toString();
  const hash = `#${name}${query ? `?${query}` : ''}`;
  state.focusAfter = focusId;
  if (location.hash === hash) mayLeave().then((ok) => ok && show());
  else location.hash = hash;
}

// True when the view on screen may be left: it has no unsaved edits, or the person chose to
// leave them (they are then discarded). Asked before another view, desk or sign-out.
async function mayLeave() {
  const guard = state.leaveGuard;
  if (!guard?.unsaved()) return true;
  const leave = await confirmDialog({ title: t('console.leaveTitle'), body: [t('console.leaveBody')],
    confirm: t('console.leaveConfirm'), cancel: t('console.leaveStay'), danger: true });
  if (leave) {
    guard.discard();
    state.leaveGuard = null;
  }
  return leave;
}

// The address changed (a link, Back, a view asking): asks first when there are unsaved edits,
// and puts the address back when the person stays.
async function onAddressChange() {
  if (location.hash === state.shownHash) return;
  if (!(await mayLeave())) {
    state.focusAfter = '';
    history.replaceState(history.state, '', state.shownHash || location.pathname);
    return;
  }
  show();
}

// Draws the view of the address, then moves focus as navigate() asked (else to the view's title).
async function show() {
  const focusId = state.focusAfter || 'view-title';
  state.focusAfter = '';
  await render();
  const target = document.getElementById(focusId);
  if (target?.matches('input, select, button, a[href]') && !target.disabled) target.focus();
  else focusOn(target || document.getElementById('view-title'));
}

// The sign-in form; `error` is shown above it, `name` is filled in again after a refusal.
function drawLogin(error = state.signInNote, name = '') {
  state.leaveGuard = null;
  setTitle(t('login.title'));
  document.getElementById('console-nav').hidden = true;
  document.getElementById('who').hidden = true;
  const username = h('input', { id: 'username', class: 'form-control', type: 'text', autocomplete: 'username',
    autocapitalize: 'none', spellcheck: 'false', maxlength: '64', value: name });
  const password = h('input', { id: 'password', class: 'form-control', type: 'password', autocomplete: 'current-password', maxlength: '1024' });
  const form = h('form', { id: 'login-form', class: 'step-form card-box login-box', novalidate: true },
    h('div', { id: 'login-error' }, error ? alertBox('danger', error) : null),
    field('username', t('login.username'), username),
    field('password', t('login.password'), password),
    h('div', { class: 'step-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary', text: t('login.submit') })));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fieldError(username, username.value.trim() ? '' : t('login.usernameRequired'));
    fieldError(password, password.value ? '' : t('login.passwordRequired'));
    if (!username.value.trim()) return username.focus();
    if (!password.value) return password.focus();
    const submit = form.querySelector('[type="submit"]');
    submit.disabled = true;
    try {
      await staff.login(username.value.trim(), password.value);
    } catch (failure) {
      const message = failure.code === 'unauthorized' ? t('login.refused')
        : failure.code === 'rate_limited' ? t('login.tooMany') : failure.title;
      drawLogin(message, username.value.trim());
      focusOn(document.getElementById('login-error'));
      return;
    }
    state.signInNote = '';
    // An address left by another account (its view, e.g. #day for the help desk) gives way to this one's first view.
    const left = VIEWS.find((v) => v.id === route().name);
    if (left && !allowed(staff.currentSession()?.user, left)) history.replaceState(history.state, '', location.pathname);
    show();
  });
  root().replaceChildren(h('h1', { id: 'view-title', text: t('login.title') }), h('p', { text: t('login.intro') }), form);
  if (!error) username.focus();
}

function drawChrome(user, current) {
  const links = VIEWS.filter((view) => allowed(user, view)).map((view) => h('li', {},
    h('a', { href: `#${view.id}`, 'aria-current': view.id === current ? 'page' : false, text: t(`nav.${view.id}`) })));
  document.getElementById('console-links').replaceChildren(...links);
  document.getElementById('console-nav').hidden = false;
  const who = document.getElementById('who');
  // "Sportello Unico per l'Immigrazione – Prefettura di Roma" → "Prefettura di Roma"
  const desk = user.desk ? (state.desks.find((d) => d.id === user.desk)?.name || user.desk).split(' – ').pop() : t('role.everyDesk');
  const logout = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'logout', text: t('login.logout') });
  logout.addEventListener('click', async () => {
    if (!(await mayLeave())) return;
    await staff.logout().catch(() => {});
    state.signInNote = '';
    drawLogin();
  });
  who.replaceChildren(h('span', { class: 'who-name', text: user.username }),
    h('span', { class: 'who-role', text: `${t(`role.${user.role}`)} · ${desk}` }), logout);
  who.hidden = false;
}

// The admin's desk choice above desk views; other roles work on their own desk.
function deskBar(user, desk, name, params) {
  const zone = state.desks.find((d) => d.id === desk);
  const notice = zone && !zone.self_booking
    ? h('p', { class: 'desk-note', text: t('desk.notPilot') }) : null;
  if (user.role !== 'admin') {
    return h('div', { class: 'desk-bar' }, h('p', { class: 'desk-name', text: zone?.name || desk }), notice);
  }
  const select = h('select', { id: 'desk-choice', class: 'form-select' },
    state.desks.map((d) => h('option', { value: d.id, selected: d.id === desk, text: d.name })));
  select.addEventListener('change', () => navigate(name, { ...params, desk: select.value }, 'desk-choice'));
  return h('div', { class: 'desk-bar' }, field('desk-choice', t('desk.choose'), select), notice);
}

async function render() {
  const ticket = ++state.rendering;  // a later render wins over one still loading
  state.leaveGuard = null;
  state.shownHash = location.hash;
  const session = staff.currentSession();
  if (!session) return drawLogin();
  const user = session.user;
  if (!state.desks.length) state.desks = await staff.listDesks().catch(() => []);
  const { name, params } = route();
  const view = VIEWS.find((v) => v.id === name) || VIEWS.find((v) => allowed(user, v)) || VIEWS[0];
  drawChrome(user, view.id);
  setTitle(t(`nav.${view.id}`));
  const heading = h('h1', { id: 'view-title', text: t(`nav.${view.id}`) });
  const body = h('div', { id: 'view' }, loading());
  if (!allowed(user, view)) {
    root().replaceChildren(heading, alertBox('warning', t('console.roleCannot'), t(`role.needs.${view.role || view.id}`)));
    return;
  }
  const desk = params.desk || user.desk || state.desks[0]?.id || '';
  root().replaceChildren(...[heading, view.deskless ? null : deskBar(user, desk, view.id, params), body].filter(Boolean));
  try {
    const module = await view.load();
    if (ticket !== state.rendering) return;
    // `desks` is shared: a view that changes a desk's flag updates it in place.
    // `guardLeaving({ unsaved, discard })`: the view has edits that leaving would lose.
    const guardLeaving = (guard) => { if (ticket === state.rendering) state.leaveGuard = guard; };
    await module.render(body, { user, desk, params, desks: state.desks, navigate, guardLeaving });
  } catch (error) {
    if (ticket === state.rendering && staff.currentSession()) body.replaceChildren(errorBox(error));
  }
}

async function start() {
  startPage();
  staff.onSignedOut(() => {
    state.signInNote = t('login.expired');
    drawLogin();
    focusOn(document.getElementById('login-error'));
  });
  window.addEventListener('hashchange', onAddressChange);
  // Closing the tab or reloading with unsaved edits: the browser's own question.
  window.addEventListener('beforeunload', (event) => {
    if (!state.leaveGuard?.unsaved()) return;
    event.preventDefault();
    event.returnValue = '';
  });
  onLanguageChange(() => render());
  if (staff.currentSession()) await staff.me().catch(() => {});  // an ended session shows the sign-in form
  render();
}

start();
