// The day sheet: the desk's appointments of one day by time, with the applicant's contact and the
// type; attended / no-show in one click from the appointment's day on; check-in into the desk's
// queue on the day (the ticket's number shown in the row once given); printable (print CSS) and
// exportable as CSV; and the walk-in search by booking code or application number at the top, for
// the person at the counter. The sheet fetches itself again every REFRESH_MS and after each
// action, redrawing only when something changed and keeping focus where it was, so what another
// operator or an applicant did shows up without a reload; its counts follow the marks.
import { addDays, formatDay, formatTime, t, today } from '../js/i18n.js';
import { alertBox, announce, focusOn, h } from '../js/page.js';
import { busy, confirmDialog, deskDetail, downloadCsv, downloadFile, errorBox, field, loading, scrollingTable, statusBadge, typeName, when } from './common.js';
import { showSlots } from './slot-picker.js';
import * as staff from './staff-api.js';

const MARKABLE = new Set(['booked', 'attended', 'no_show']);
const REFRESH_MS = 30000;

// The desk-local date of an appointment ("2026-12-01T09:20:00+01:00" carries the desk's offset).
const dayOfBooking = (booking) => booking.start.slice(0, 10);

// The buttons that record attendance, from the appointment's day on (`now`: today at the desk),
// and the undo of a mark made today; `onMarked(booking, control)` gets the updated booking and the
// control pressed, `onRefused(error, button)` a refusal.
function attendanceButtons(booking, now, onMarked, onRefused) {
  if (!MARKABLE.has(booking.status)) return h('span', { class: 'text-secondary', text: '—' });
  if (dayOfBooking(booking) > now) return h('span', { class: 'small text-secondary attendance-later', text: t('day.markFromDay') });
  const make = (status, kind) => {
    const pressed = booking.status === status;
    const button = h('button', { type: 'button', class: `btn btn-sm ${pressed ? `btn-${kind}` : `btn-outline-${kind}`}`,
      'aria-pressed': pressed ? 'true' : 'false', 'data-status': status, 'data-control': status,
      'aria-label': t(`day.mark.${status}.label`, { code: booking.code }), text: t(`day.mark.${status}`) });
    button.addEventListener('click', () => busy(button, async () => {
      try {
        const marked = await staff.markAttendance(booking.code, status);
        announce(t(`day.marked.${status}`, { code: booking.code }));
        onMarked(marked, status);
      } catch (error) {
        onRefused(error, button);
      }
    }));
    return button;
  };
  // `updated_at` is in the desk's offset: its date is the day the mark was made.
  const undoable = booking.status !== 'booked' && booking.updated_at?.slice(0, 10) === now;
  let undo = null;
  if (undoable) {
    undo = h('button', { type: 'button', class: 'btn btn-sm btn-link', 'data-control': 'undo',
      'aria-label': t('day.undo.label', { code: booking.code }), text: t('day.undo') });
    undo.addEventListener('click', () => busy(undo, async () => {
      try {
        const undone = await staff.undoAttendance(booking.code);
        announce(t('day.undone', { code: booking.code }));
        onMarked(undone, 'undo');
      } catch (error) {
        onRefused(error, undo);
      }
    }));
  }
  return h('div', { class: 'attendance' }, make('attended', 'primary'), make('no_show', 'secondary'), undo);
}

// A refusal as an alert; a check-in outside its window adds where the person can still queue.
function refusalBox(error, desk) {
  const box = errorBox(error);
  if (error.code === 'outside_checkin_window') {
    box.append(h('p', { class: 'mb-0' }, `${t('day.checkin.walkIn')} `,
      h('a', { href: `#counter?desk=${encodeURIComponent(desk || '')}`, text: t('day.checkin.openCounter') })));
  }
  return box;
}

// A refusal shown next to the button that caused it, one at a time (the latest).
function refusalNextTo(button, error, desk) {
  const holder = button.closest('td, .walkin-actions');
  holder?.querySelector(':scope > .alert')?.remove();
  holder?.append(refusalBox(error, desk));
}

// What a ticket says in the row: its number and, while waiting, its place in the queue.
function ticketText(ticket) {
  if (ticket.state === 'waiting' && Number.isInteger(ticket.position)) {
    return t('day.checkin.waiting', { number: ticket.number, position: ticket.position });
  }
  return t(ticket.state === 'called' ? 'day.checkin.called' : 'day.checkin.number', { number: ticket.number });
}

// Checking in, from the day sheet, a booking still expected today: the desk's queue gets a ticket
// (the same one again when pressed twice). `ticket`: the ticket already given in this sheet, if any;
// `onCheckedIn(booking, ticket)`, `onRefused(error, button)`.
function checkInButton(booking, desk, ticket, onCheckedIn, onRefused) {
  const button = h('button', { type: 'button', class: 'btn btn-sm btn-outline-primary', 'data-control': 'checkin',
    'aria-label': t('day.checkin.label', { code: booking.code }), text: t('day.checkin') });
  button.addEventListener('click', () => busy(button, async () => {
    try {
      const given = await staff.checkIn(desk, booking.code);
      announce(`${t('day.checkedIn', { code: booking.code })} ${ticketText(given)}`);
      onCheckedIn(booking, given);
    } catch (error) {
      onRefused(error, button);
    }
  }));
  return h('div', { class: 'checkin' }, button,
    ticket ? h('p', { class: 'checkin-ticket mb-0', 'data-number': ticket.number, text: ticketText(ticket) }) : null);
}

// What staff do for the person at the counter or on the phone: move (onMove opens the choice of a
// new time), cancel (pressed twice: the second press confirms) and send the manage link again to
// the address on file.
function onBehalfButtons(booking, onCancelled, onMove) {
  const report = (button, error) => {
    const holder = button.closest('.walkin-actions');
    holder?.querySelector(':scope > .alert')?.remove();
    holder?.append(errorBox(error));
  };
  const cancel = h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', id: 'walkin-cancel',
    text: t('walkin.cancel') });
  cancel.addEventListener('click', () => {
    if (cancel.dataset.confirm !== 'yes') {
      cancel.dataset.confirm = 'yes';
      cancel.textContent = t('walkin.cancelConfirm', { code: booking.code });
      return;
    }
    busy(cancel, async () => {
      try {
        await staff.cancelForApplicant(booking.code);
        announce(t('walkin.cancelled', { code: booking.code }));
        onCancelled();
      } catch (error) {
        report(cancel, error);
      }
    });
  });
  const move = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'walkin-move',
    text: t('walkin.move'), 'aria-expanded': 'false', 'aria-controls': 'move-step' });
  move.addEventListener('click', () => onMove(move));
  const resend = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'walkin-resend',
    text: t('walkin.resend'), disabled: booking.email ? undefined : true,
    title: booking.email ? undefined : t('walkin.resendNoEmail') });
  resend.addEventListener('click', () => busy(resend, async () => {
    try {
      await staff.resendLink(booking.code);
      resend.after(alertBox('success', t('walkin.resent', { email: booking.email })));
      announce(t('walkin.resent', { email: booking.email }));
    } catch (error) {
      report(resend, error);
    }
  }));
  return [move, cancel, resend];
}

// Moving a booking for the applicant: the free times staff may give (slot-picker.js, the
// booking's own time left out), then a confirmation; `onMoved(booking)` gets the moved booking.
function moveStep(step, booking, button, context, detail, onMoved) {
  const zone = detail?.timezone || 'Europe/Rome';
  const range = { from: today(zone) };
  const close = () => {
    step.replaceChildren();
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  };
  const keep = () => h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'move-keep', text: t('move.keep'),
    on: { click: close } });
  const slots = h('div', {});
  const pick = (focusId) => {
    step.replaceChildren(slots, h('div', { class: 'step-buttons' }, keep()));
    return showSlots(slots, { desk: booking.desk, detail, type: booking.type, range, skip: booking.start,
      title: t('move.chooseSlot', { code: booking.code }), onPick: confirm }, focusId);
  };
  const confirm = (slot) => {
    const error = h('div', { id: 'move-error' });
    const submit = h('button', { type: 'button', class: 'btn btn-primary', id: 'move-submit', text: t('move.submit') });
    submit.addEventListener('click', () => busy(submit, async () => {
      try {
        onMoved(await staff.rescheduleForApplicant(booking.code, slot.start));
      } catch (refusal) {
        error.replaceChildren(errorBox(refusal));
        focusOn(error.firstElementChild);
      }
    }));
    step.replaceChildren(h('h3', { class: 'h5', id: 'move-title', text: t('move.confirmTitle', { code: booking.code }) }), error,
      h('dl', { class: 'facts' },
        h('dt', { text: t('move.before') }), h('dd', { text: when(booking.start, zone) }),
        h('dt', { text: t('move.after') }), h('dd', { text: when(slot.start, zone) })),
      h('div', { class: 'step-buttons' },
        h('button', { type: 'button', class: 'btn btn-outline-primary', text: t('common.back'), on: { click: () => pick('slots-title') } }),
        keep(), submit));
    focusOn(document.getElementById('move-title'));
  };
  button.setAttribute('aria-expanded', 'true');
  pick('slots-title');
}

// A mailto: or tel: link when `address` is exactly an address or a number (`plain`), else the text
// alone: whatever was stored, nothing in it becomes a header or a parameter of the link.
function contactLink(scheme, address, plain, text = address) {
  if (!plain.test(address)) return h('span', { text });
  return h('a', { href: `${scheme}${address}`, text });
}

function contact(booking) {
  return h('div', { class: 'contact' },
    booking.email ? contactLink('mailto:', booking.email, /^[^\s@?&#%:;,<>"\\]+@[^\s@?&#%:;,<>"\\]+$/) : null,
    booking.phone ? contactLink('tel:', booking.phone.replace(/[\s./()-]/g, ''), /^\+?[0-9]{6,15}$/, booking.phone) : null,
    !booking.email && !booking.phone ? h('span', { class: 'text-secondary', text: t('day.noContact') }) : null);
}

// The table of the day; `notes` (code → refusal) are shown again in their rows after a redraw.
function sheetTable(sheet, detail, zone, now, actions) {
  const rows = sheet.bookings.map((booking) => {
    const attendance = h('td', { class: 'no-print' }, attendanceButtons(booking, now, actions.marked, actions.refused),
      booking.status === 'booked' && dayOfBooking(booking) === now
        ? checkInButton(booking, actions.desk, actions.tickets.get(booking.code), actions.checkedIn, actions.refused) : null);
    if (actions.notes.has(booking.code)) attendance.append(refusalBox(actions.notes.get(booking.code), actions.desk));
    return h('tr', { 'data-code': booking.code, class: `state-${booking.status}` },
      h('th', { scope: 'row', class: 'time' }, formatTime(booking.start, zone)),
      h('td', {}, h('span', { class: 'booking-code-small', text: booking.code })),
      h('td', { text: typeName(detail, booking.type) }),
      h('td', { class: 'application', text: booking.application_id }),
      h('td', {}, contact(booking)),
      h('td', { text: t(`channel.${booking.channel}`) }),
      h('td', {}, statusBadge(booking.status)),
      attendance);
  });
  return scrollingTable(t('day.caption', { date: formatDay(sheet.date) }),
    h('table', { class: 'table day-sheet' },
      h('caption', { class: 'visually-hidden', text: t('day.caption', { date: formatDay(sheet.date) }) }),
      h('thead', {}, h('tr', {}, ['day.col.time', 'day.col.code', 'day.col.type', 'day.col.application', 'day.col.contact',
        'day.col.channel', 'day.col.status'].map((key) => h('th', { scope: 'col', text: t(key) })),
      h('th', { scope: 'col', class: 'no-print', text: t('day.col.attendance') }))),
      h('tbody', {}, rows)));
}

// The day's counts: appointments (cancelled ones aside), those still expected, attended, no-shows
// and cancelled. They are counted from the sheet as drawn, so they follow every mark.
function summary(bookings) {
  const count = (status) => bookings.filter((b) => b.status === status).length;
  const item = (name, text) => h('li', { class: 'list-inline-item', 'data-count': name, text });
  return h('ul', { class: 'day-summary list-inline', id: 'day-summary' },
    item('total', t('day.count.total', { n: bookings.length - count('cancelled') })),
    item('booked', t('day.count.expected', { n: count('booked') })),
    ...['attended', 'no_show', 'cancelled'].map((status) => item(status, `${t(`bookingState.${status}`)}: ${count(status)}`)));
}

function csvRows(sheet, detail, zone) {
  return [
    ['time', 'code', 'type', 'type_name', 'application_id', 'email', 'phone', 'channel', 'status'],
    ...sheet.bookings.map((b) => [formatTime(b.start, zone), b.code, b.type, typeName(detail, b.type), b.application_id,
      b.email, b.phone, b.channel, b.status]),
  ];
}

// The walk-in search: a booking code first, else an application number.
function walkIn(context, detail, zone) {
  const input = h('input', { id: 'walkin-query', class: 'form-control', type: 'search', autocomplete: 'off',
    autocapitalize: 'characters', spellcheck: 'false', maxlength: '64' });
  const result = h('div', { id: 'walkin-result', 'aria-live': 'polite' });
  const form = h('form', { id: 'walkin-form', class: 'walkin no-print', role: 'search', novalidate: true },
    h('h2', { class: 'h5', text: t('walkin.title') }),
    h('div', { class: 'walkin-row' },
      field('walkin-query', t('walkin.label'), input, t('walkin.hint')),
      h('button', { type: 'submit', class: 'btn btn-primary', text: t('walkin.search') })),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const query = input.value.trim();
    if (!query) return input.focus();
    result.replaceChildren(loading());
    result.replaceChildren(await walkInResult(query, context, detail, zone));
    focusOn(result.firstElementChild);
  });
  return form;
}

// A booking found for the person at the counter: its facts, attendance on the day, and what staff
// do for the applicant; `notice` (an alert) on top, after a move.
function bookingCard(booking, context, detail, zone, notice = null) {
  const day = dayOfBooking(booking);
  const openDay = () => context.navigate('day', { desk: booking.desk, date: day }, 'day-heading');
  const step = h('div', { id: 'move-step', class: 'move-step' });
  const card = h('div', { class: 'card-box walkin-card' },
    notice,
    h('h3', { class: 'h5', text: t('walkin.booking', { code: booking.code }) }),
    h('dl', { class: 'facts' },
      h('dt', { text: t('day.col.time') }), h('dd', { text: when(booking.start, zone) }),
      h('dt', { text: t('day.col.type') }), h('dd', { text: typeName(detail, booking.type) }),
      h('dt', { text: t('day.col.application') }), h('dd', { text: booking.application_id }),
      h('dt', { text: t('day.col.contact') }), h('dd', { class: 'verbatim' }, contact(booking)),
      h('dt', { text: t('day.col.status') }), h('dd', {}, statusBadge(booking.status))));
  const moved = (next) => {
    const text = t('move.done', { code: next.code, when: when(next.start, zone) });
    const replacement = bookingCard(next, context, detail, zone,
      alertBox('success', text, next.email ? t('move.notified') : t('move.notNotified')));
    card.replaceWith(replacement);
    announce(text);
    focusOn(replacement.querySelector('.alert'));
  };
  const actions = h('div', { class: 'walkin-actions' },
    attendanceButtons(booking, today(zone), openDay, (error, button) => refusalNextTo(button, error)),
    ...(booking.status === 'booked'
      ? onBehalfButtons(booking, openDay, (button) => moveStep(step, booking, button, context, detail, moved)) : []),
    h('a', { class: 'btn btn-link btn-sm', href: `#day?desk=${booking.desk}&date=${day}`, text: t('walkin.openDay') }));
  card.append(actions, step);
  return card;
}

async function walkInResult(query, context, detail, zone) {
  try {
    return bookingCard(await staff.findBooking(query), context, detail, zone);
  } catch (error) {
    if (error.code !== 'not_found') return errorBox(error, t('walkin.refused'));
  }
  try {
    const application = await staff.findApplication(query);
    return h('div', { class: 'card-box walkin-card' },
      h('h3', { class: 'h5', text: t('walkin.application', { id: application.application_id }) }),
      h('dl', { class: 'facts' },
        h('dt', { text: t('convene.state') }), h('dd', { class: 'verbatim', text: application.status }),
        h('dt', { text: t('day.col.contact') }), h('dd', { class: 'verbatim' }, contact(application)),
        h('dt', { text: t('convene.types') }), h('dd', { text: application.types.map((x) => x.name).join(', ') })),
      application.bookings.length
        ? h('ul', { class: 'list-unstyled' }, application.bookings.map((b) => h('li', { class: 'mb-1' },
          h('span', { class: 'booking-code-small', text: b.code }), ' · ', when(b.start, zone), ' · ', typeName(detail, b.type), ' ',
          statusBadge(b.status))))
        : h('p', { text: t('walkin.noBookings') }),
      h('a', { class: 'btn btn-outline-primary btn-sm', href: `#convene?desk=${application.desk}&application=${encodeURIComponent(application.application_id)}`,
        text: t('walkin.convene') }), ' ',
      exportButton(application.application_id));
  } catch (error) {
    if (error.code === 'not_found') return alertBox('info', t('walkin.none', { query }), t('walkin.noneHint'));
    return errorBox(error, t('walkin.refused'));
  }
}

// Downloads everything held about application `id` as application-ID.json (a request of the
// person it is about, GDPR art. 15).
function exportButton(id) {
  const button = h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', id: 'walkin-export', text: t('walkin.export') });
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.parentElement.querySelector('.export-error')?.remove();
    try {
      const data = await staff.exportApplication(id);
      downloadFile(`application-${id.replace(/[^A-Za-z0-9._-]/g, '_')}.json`,
        new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    } catch (error) {
      button.after(errorBox(error, t('walkin.exportFailed')));
      button.nextElementSibling.classList.add('export-error');
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

export async function render(container, context) {
  const { desk } = context;
  const detail = await deskDetail(desk).catch(() => null);
  const zone = detail?.timezone || 'Europe/Rome';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(context.params.date || '') ? context.params.date : today(zone);
  // `focusId`: where focus goes once the other day has drawn (the button pressed, so it can be pressed again).
  const go = (day, focusId) => context.navigate('day', { ...context.params, desk, date: day }, focusId);
  const dayButton = (id, text, day) => h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id, text,
    on: { click: () => go(day, id) } });

  // A form, not a change listener: typing a date in the field must not leave the day at each keystroke.
  const dateInput = h('input', { id: 'day-date', class: 'form-control', type: 'date', value: date, required: true });
  const dayNav = h('form', { id: 'day-form', class: 'day-nav no-print', novalidate: true },
    dayButton('day-previous', t('day.previous'), addDays(date, -1)),
    field('day-date', t('day.date'), dateInput),
    h('button', { type: 'submit', class: 'btn btn-primary btn-sm', id: 'day-show', text: t('day.show') }),
    dayButton('day-today', t('day.today'), today(zone)),
    dayButton('day-next', t('day.next'), addDays(date, 1)));
  dayNav.addEventListener('submit', (event) => {
    event.preventDefault();
    if (dateInput.value) go(dateInput.value, 'day-heading');
    else dateInput.focus();
  });
  const sheetArea = h('section', { id: 'day-sheet', 'aria-labelledby': 'day-heading' }, loading());
  container.replaceChildren(walkIn(context, detail, zone), dayNav, sheetArea);

  let sheet;
  try {
    sheet = await staff.daySheet(desk, date);
  } catch (error) {
    sheetArea.replaceChildren(errorBox(error));
    return;
  }
  const heading = h('h2', { id: 'day-heading', class: 'h3', text: t('day.heading', { date: formatDay(date) }) });
  const printHeading = h('p', { class: 'print-only print-heading', text: `${detail?.name || desk} – ${formatDay(date)}` });
  const updated = h('p', { id: 'day-updated', class: 'small text-secondary no-print' });
  const message = h('div', { id: 'day-message', class: 'no-print' });
  const counts = h('div', {});
  const buttons = h('div', { class: 'day-actions no-print' });
  const tableArea = h('div', { id: 'day-table' });
  const notes = new Map();  // booking code → the latest refusal for it, kept across redraws
  // booking code → the ticket its check-in gave here (the sheet itself does not say who has one)
  const tickets = new Map();

  // The control that has focus in the sheet, so that a redraw can give it back: an id, or a
  // row's control (its booking code and what the control does).
  const focusKey = () => {
    const active = document.activeElement;
    if (!active || !sheetArea.contains(active)) return null;
    const row = active.closest('tr[data-code]');
    if (row && active.dataset.control) return { code: row.dataset.code, control: active.dataset.control };
    return active.id ? { id: active.id } : null;
  };
  const giveFocusBack = (key) => {
    if (!key) return;
    if (key.id) return document.getElementById(key.id)?.focus();
    const row = tableArea.querySelector(`tr[data-code="${CSS.escape(key.code)}"]`);
    (row?.querySelector(`[data-control="${key.control}"]`) || row?.querySelector('button'))?.focus();
  };

  const actions = {
    notes,
    tickets,
    desk,
    // The number shows in the row; focus stays on the button, so pressing again shows the place now.
    checkedIn: (booking, ticket) => {
      notes.delete(booking.code);
      tickets.set(booking.code, ticket);
      draw({ code: booking.code, control: 'checkin' });
    },
    // The button pressed keeps focus in the redrawn row, so it can be pressed again.
    marked: (booking, control) => {
      notes.delete(booking.code);
      sheet.bookings = sheet.bookings.map((b) => (b.code === booking.code ? { ...b, ...booking } : b));
      draw({ code: booking.code, control });
      refresh();
    },
    refused: (error, button) => {
      const code = button.closest('tr[data-code]')?.dataset.code;
      if (code) notes.set(code, error);
      refusalNextTo(button, error, desk);
    },
  };

  // Draws the counts, the actions and the table from `sheet`; focus stays on the control that had it.
  const draw = (key = focusKey()) => {
    const now = today(zone);
    counts.replaceChildren(summary(sheet.bookings));
    // Still expected although their time has come: what closing the day would mark as no-shows.
    const begun = date <= now ? sheet.bookings.filter((b) => b.status === 'booked' && Date.parse(b.start) <= Date.now()) : [];
    buttons.replaceChildren(
      h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'day-print', text: t('day.print'), on: { click: () => window.print() } }),
      begun.length ? h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', id: 'day-close', text: t('day.close'),
        on: { click: (event) => closeDay(event.currentTarget, begun.length) } }) : null,
      h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'day-csv', text: t('day.csv'),
        on: { click: () => downloadCsv(`agenda-${desk}-${date}.csv`, csvRows(sheet, detail, zone)) } }));
    tableArea.replaceChildren(sheet.bookings.length ? sheetTable(sheet, detail, zone, now, actions)
      : h('p', { class: 'empty', text: t('day.empty') }));
    updated.textContent = t('day.updated', { time: formatTime(new Date().toISOString(), zone) });
    giveFocusBack(key);
  };

  // Fetches the sheet again and redraws it when something changed. A fetch started before an
  // action answered is dropped, so an older sheet never replaces a newer mark.
  let version = 0;
  const refresh = async () => {
    const asked = ++version;
    try {
      const next = await staff.daySheet(desk, date);
      if (asked !== version || !sheetArea.isConnected) return;
      const changed = JSON.stringify(next.bookings) !== JSON.stringify(sheet.bookings);
      sheet = next;
      if (changed) draw();
      else updated.textContent = t('day.updated', { time: formatTime(new Date().toISOString(), zone) });
    } catch {
      if (asked === version && sheetArea.isConnected) {
        updated.textContent = t('day.updateFailed', { time: formatTime(new Date().toISOString(), zone) });
      }
    }
  };
  // "Mark everyone still expected as no-show", after a confirmation; the sheet is read again.
  const closeDay = async (button, count) => {
    const confirmed = await confirmDialog({ title: t('day.closeTitle'),
      body: [t('day.closeBody', { n: count }), ...(date === today(zone) ? [t('day.closeUndo')] : [])],
      confirm: t('day.closeConfirm'), danger: true });
    if (!confirmed) return;
    await busy(button, async () => {
      try {
        const answer = await staff.closeDay(desk, date);
        const text = t('day.closed', { n: answer.marked });
        message.replaceChildren(alertBox('success', text));
        announce(text);
      } catch (error) {
        message.replaceChildren(errorBox(error));
      }
    });
    await refresh();
    focusOn(message.firstElementChild);
  };

  const timer = window.setInterval(() => {
    if (!sheetArea.isConnected) return window.clearInterval(timer);
    if (document.visibilityState === 'visible') refresh();
  }, REFRESH_MS);
  const onVisible = () => {
    if (!sheetArea.isConnected) return document.removeEventListener('visibilitychange', onVisible);
    if (document.visibilityState === 'visible') refresh();
  };
  document.addEventListener('visibilitychange', onVisible);

  sheetArea.replaceChildren(printHeading, heading, counts, updated, buttons, message, tableArea);
  draw();
}
