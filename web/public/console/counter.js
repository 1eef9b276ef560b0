// The counter view (#counter): an operator at a counter calls the next person of the desk's queue,
// calls them again, and ends the call (done: the booking is attended; missed: a no-show; the third
// unanswered recall ends it as missed, as the server's answer tells). The queue is read again at
// each event of the desk's stream (js/live.js: a call, a change of the queue, a reconnection), never
// polled. A person without an appointment joins the queue as a walk-in.
//
// The counter's name (free text, "3") is remembered on this computer. Every action is a button in
// the Tab order; single-key shortcuts (N, R, F, A) do the same when focus is not in a field and can
// be turned off (WCAG 2.1.4). Announcements go to the page's aria-live region.
import { formatTime, t } from '../js/i18n.js';
import { deskEvents } from '../js/live.js';
import { alertBox, announce, fieldError, focusOn, h } from '../js/page.js';
import { busy, deskDetail, errorBox, field, loading } from './common.js';
import * as staff from './staff-api.js';

const KEYS = { n: 'next', r: 'recall', f: 'done', a: 'missed' };
const SHORTCUTS_KEY = 'sportello.counter.shortcuts';
const counterKey = (desk) => `sportello.counter.${desk}`;

function stored(key, fallback) {
  try {
    return localStorage.getItem(key) ?? fallback;
  } catch {
    return fallback;  // storage disabled: the choice lasts for this page only
  }
}

function store(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* see stored() */
  }
}

// Runs `callback` once `element` has left the page (the console drew another view).
function whenGone(element, callback) {
  const observer = new MutationObserver(() => {
    if (element.isConnected) return;
    observer.disconnect();
    callback();
  });
  observer.observe(element.parentNode, { childList: true });
}

const waitText = (minutes) => (minutes === 0 ? t('counter.waitSoon') : t('counter.waitMinutes', { minutes }));

// One ticket of the queue, as a list item.
function queueItem(ticket, zone) {
  const details = [t('counter.checkedIn', { time: formatTime(ticket.checked_in_at, zone) })];
  if (ticket.state === 'called') details.unshift(t('counter.calledAt', { counter: ticket.counter }));
  else if (Number.isInteger(ticket.estimated_wait_minutes)) details.push(waitText(ticket.estimated_wait_minutes));
  if (!ticket.booking_code) details.push(t('counter.walkIn'));
  return h('li', { class: `queue-item queue-${ticket.state}`, 'data-ticket': ticket.ticket, 'data-number': ticket.number },
    h('span', { class: 'queue-number', text: ticket.number }),
    ticket.urgent ? h('span', { class: 'badge bg-danger queue-urgent', text: t('counter.urgent') }) : null,
    h('span', { class: 'queue-details', text: details.join(' · ') }));
}

// The person at the counter: number, application, calls, and the three actions.
function currentCard(ticket, act) {
  const button = (action, kind, key) => h('button', { type: 'button', class: `btn ${kind}`, id: `counter-${action}`,
    'aria-keyshortcuts': key.toUpperCase(), on: { click: (event) => act(action, event.currentTarget) } },
  t(`counter.${action}`), ' ', h('kbd', { 'aria-hidden': 'true', text: key.toUpperCase() }));
  return h('div', { class: 'counter-current card-box', 'data-ticket': ticket.ticket },
    h('p', { class: 'counter-number', id: 'counter-number', text: ticket.number }),
    ticket.urgent ? h('p', { class: 'mb-2' }, h('span', { class: 'badge bg-danger', text: t('counter.urgent') })) : null,
    h('dl', { class: 'facts' },
      h('dt', { text: t('counter.application') }), h('dd', { class: 'verbatim', text: ticket.application_id }),
      h('dt', { text: t('counter.booking') }), h('dd', { class: 'verbatim', text: ticket.booking_code || t('counter.walkIn') }),
      h('dt', { text: t('counter.calls') }), h('dd', { id: 'counter-calls', text: String(ticket.calls) })),
    h('div', { class: 'counter-actions' },
      button('done', 'btn-primary', 'f'), button('recall', 'btn-outline-primary', 'r'), button('missed', 'btn-outline-danger', 'a')));
}

// The walk-in form: a person without an appointment joins the queue by application number, urgent
// or not; the field is then empty and focused for the next one.
function walkInForm(desk) {
  const application = h('input', { id: 'walkin-application', class: 'form-control', type: 'text', autocomplete: 'off',
    autocapitalize: 'characters', spellcheck: 'false', maxlength: '64' });
  const urgent = h('input', { id: 'walkin-urgent', class: 'form-check-input', type: 'checkbox' });
  const result = h('div', { id: 'walkin-result' });
  const form = h('form', { id: 'walkin-form', class: 'walkin', novalidate: true, 'aria-labelledby': 'walkin-title' },
    h('h2', { id: 'walkin-title', class: 'h4', text: t('counter.walkInTitle') }),
    h('div', { class: 'walkin-row' },
      field('walkin-application', t('counter.walkInApplication'), application, t('counter.walkInHint')),
      h('div', { class: 'form-check counter-urgent' }, urgent,
        h('label', { class: 'form-check-label', for: 'walkin-urgent', text: t('counter.walkInUrgent') })),
      h('button', { type: 'submit', class: 'btn btn-primary', id: 'walkin-add', text: t('counter.walkInAdd') })),
    result);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = application.value.trim();
    fieldError(application, id ? '' : t('counter.walkInRequired'));
    if (!id) return application.focus();
    return busy(form.querySelector('#walkin-add'), async () => {
      result.replaceChildren();
      try {
        const ticket = await staff.addWalkIn(desk, id, urgent.checked);
        const text = t('counter.walkInAdded', { number: ticket.number, id });
        result.replaceChildren(alertBox('success', text));
        announce(text);
        application.value = '';
        urgent.checked = false;
      } catch (error) {
        if (error.code === 'not_found') fieldError(application, t('counter.walkInNotFound', { id }));
        else result.replaceChildren(errorBox(error));
      }
      application.focus();
    });
  });
  return form;
}

// The list of shortcuts, with the switch that turns them off (remembered); `settings.shortcuts`
// follows the switch.
function shortcutsBox(settings) {
  const toggle = h('input', { id: 'counter-shortcuts', class: 'form-check-input', type: 'checkbox', checked: settings.shortcuts });
  toggle.addEventListener('change', () => {
    settings.shortcuts = toggle.checked;
    store(SHORTCUTS_KEY, toggle.checked ? 'on' : 'off');
  });
  return h('details', { class: 'counter-keys', id: 'counter-keys' },
    h('summary', { text: t('counter.keys') }),
    h('div', { class: 'form-check' }, toggle, h('label', { class: 'form-check-label', for: 'counter-shortcuts', text: t('counter.keysOn') })),
    h('dl', { class: 'keys-list' }, Object.entries(KEYS).flatMap(([key, action]) => [
      h('dt', {}, h('kbd', { text: key.toUpperCase() })), h('dd', { text: t(`counter.${action}`) })])),
    h('p', { class: 'small text-secondary', text: t('counter.keysNote') }));
}

export async function render(container, context) {
  const { desk } = context;
  const detail = await deskDetail(desk).catch(() => null);
  const zone = detail?.timezone || 'Europe/Rome';
  const state = { current: null, tickets: [], version: 0, acting: 0, shortcuts: stored(SHORTCUTS_KEY, 'on') === 'on' };

  const name = h('input', { id: 'counter-name', class: 'form-control', type: 'text', autocomplete: 'off',
    spellcheck: 'false', maxlength: '32', value: stored(counterKey(desk), '') });
  name.addEventListener('input', () => store(counterKey(desk), name.value.trim()));
  // Another counter's name: the person that counter is serving, if any. Only the sentence changes
  // otherwise: leaving the field by pressing "Call next" must find that button still there.
  name.addEventListener('change', () => {
    if (state.current) return;
    state.current = mine(state.tickets);
    if (state.current) drawCurrent();
    else serving.querySelector('.empty')?.replaceWith(nobodyHere());
  });
  const setup = h('div', { class: 'counter-setup' }, field('counter-name', t('counter.name'), name, t('counter.nameHint')));

  const message = h('div', { id: 'counter-message' });
  const serving = h('div', { id: 'counter-desk' });
  const queueTitle = h('h2', { id: 'counter-queue-title', class: 'h4', text: t('counter.queue') });
  const queueArea = h('div', { id: 'counter-queue' }, loading());
  const updated = h('p', { id: 'counter-updated', class: 'small text-secondary' });

  // ---- drawing ----

  const nobodyHere = () => {
    const counter = name.value.trim();
    return h('p', { class: 'empty', text: counter ? t('counter.nobodyHere', { counter }) : t('counter.nobody') });
  };

  const drawCurrent = () => {
    if (state.current) {
      serving.replaceChildren(currentCard(state.current, act));
      return;
    }
    const next = h('button', { type: 'button', class: 'btn btn-primary btn-lg', id: 'counter-next', 'aria-keyshortcuts': 'N',
      on: { click: (event) => callNext(event.currentTarget) } }, t('counter.next'), ' ', h('kbd', { 'aria-hidden': 'true', text: 'N' }));
    serving.replaceChildren(nobodyHere(), next);
  };

  const drawQueue = () => {
    const waiting = state.tickets.filter((ticket) => ticket.state === 'waiting').length;
    queueTitle.textContent = t('counter.queueCount', { n: waiting });
    queueArea.replaceChildren(state.tickets.length
      ? h('ol', { class: 'queue-list', 'aria-labelledby': 'counter-queue-title' }, state.tickets.map((ticket) => queueItem(ticket, zone)))
      : h('p', { class: 'empty', text: t('counter.queueEmpty') }));
    updated.textContent = t('counter.updated', { time: formatTime(new Date().toISOString(), zone) });
  };

  // Redraws the person at the counter; a control of it that had focus keeps it (same id), or
  // gives it to "Call next" when the call ended elsewhere. Focus anywhere else stays there.
  const redrawCurrent = () => {
    const focused = serving.contains(document.activeElement) ? document.activeElement.id || 'counter-next' : '';
    drawCurrent();
    if (focused) (document.getElementById(focused) || document.getElementById('counter-next'))?.focus();
  };

  // ---- the queue, read again at each desk event ----

  // The ticket this counter is serving: the one it called last that is still called.
  const mine = (tickets) => {
    const counter = name.value.trim();
    return tickets.filter((ticket) => ticket.state === 'called' && ticket.counter === counter)
      .sort((a, b) => Date.parse(b.called_at) - Date.parse(a.called_at))[0] || null;
  };

  // A read that ends while an action waits for its answer, or that started before the answer, is
  // dropped (the action reads again once answered), so an older queue never replaces what the
  // action did. `acting(work)` runs an action's request so.
  const acting = async (work) => {
    state.acting += 1;
    try {
      return await work().catch((error) => ({ error }));
    } finally {
      state.acting -= 1;
      state.version += 1;
    }
  };
  const refresh = async () => {
    const asked = ++state.version;
    let tickets;
    try {
      tickets = await staff.queue(desk);
    } catch (error) {
      if (asked === state.version && container.isConnected) queueArea.replaceChildren(errorBox(error));
      return;
    }
    if (asked !== state.version || state.acting || !container.isConnected) return;
    state.tickets = tickets;
    const before = JSON.stringify(state.current);
    state.current = state.current ? tickets.find((ticket) => ticket.ticket === state.current.ticket && ticket.state === 'called') || null
      : mine(tickets);
    drawQueue();
    if (JSON.stringify(state.current) !== before) redrawCurrent();
  };

  // ---- actions ----

  const show = (alert) => {
    message.replaceChildren(alert);
    return alert;
  };

  const callNext = (button) => {
    const counter = name.value.trim();
    fieldError(name, counter ? '' : t('counter.nameRequired'));
    if (!counter) return name.focus();
    return busy(button, async () => {
      const answer = await acting(() => staff.callNext(desk, counter));
      if (answer.error) {
        focusOn(show(errorBox(answer.error)));
        refresh();
        return;
      }
      if (!answer.ticket) {
        show(alertBox('info', t('counter.nobodyWaiting')));
        announce(t('counter.nobodyWaiting'));
        refresh();
        return;
      }
      state.current = answer;
      message.replaceChildren();
      drawCurrent();
      announce(t('counter.called', { number: answer.number, counter }));
      focusOn(document.getElementById('counter-current-title'));
      refresh();
    });
  };

  const act = (action, button) => busy(button, async () => {
    const ticket = state.current;
    const answer = await acting(() => staff.ticketAction(ticket.ticket, action));
    if (answer.error) {
      focusOn(show(errorBox(answer.error)));
      refresh();
      return;
    }
    message.replaceChildren();
    if (answer.state === 'called') {
      state.current = answer;
      drawCurrent();
      announce(t('counter.recalled', { number: answer.number, calls: answer.calls }));
      document.getElementById('counter-recall')?.focus();
    } else {
      state.current = null;
      const text = t(action === 'recall' ? 'counter.missedAfterCalls' : `counter.${answer.state}Done`, { number: answer.number });
      drawCurrent();
      show(alertBox(answer.state === 'done' ? 'success' : 'warning', text));
      announce(text);
      document.getElementById('counter-next')?.focus();
    }
    refresh();
  });

  const walkIn = walkInForm(desk);
  const keys = shortcutsBox(state);

  const onKey = (event) => {
    if (!container.isConnected) return;
    if (!state.shortcuts || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    if (event.target.closest?.('input, textarea, select, [contenteditable], [role="menu"], dialog')) return;
    const action = KEYS[event.key.toLowerCase()];
    if (!action) return;
    event.preventDefault();
    const button = document.getElementById(`counter-${action}`);
    if (button && !button.disabled) button.click();
    else if (!button) announce(state.current ? t('counter.finishFirst', { number: state.current.number }) : t('counter.nobodyToServe'));
  };
  document.addEventListener('keydown', onKey);

  container.replaceChildren(
    h('p', { text: t('counter.intro') }),
    setup,
    h('section', { class: 'counter-desk', 'aria-labelledby': 'counter-current-title' },
      h('h2', { id: 'counter-current-title', class: 'h4', text: t('counter.current') }), message, serving),
    h('section', { class: 'counter-queue', 'aria-labelledby': 'counter-queue-title' }, queueTitle, updated, queueArea),
    walkIn, keys);
  drawCurrent();

  // The stream first; its `open` reads the queue again (and so does every reconnection). The
  // queue is read once now too, so that the view works even while the stream cannot connect.
  const events = deskEvents(desk, refresh);
  refresh();
  whenGone(container, () => {
    events.close();
    document.removeEventListener('keydown', onKey);
  });
}
