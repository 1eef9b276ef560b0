// The free times staff may give a booking of one type: the staff availability (staff-only seats
// included, no applicant window, never in the past, on desks without online booking too), two
// weeks at a time with earlier / later paging, as buttons per day. The convocation and "move for
// the applicant" both pick times with it. Times that only a staff-only seat keeps open are marked.
import { addDays, formatDay, formatTime, t, today } from '../js/i18n.js';
import { focusOn, h } from '../js/page.js';
import { errorBox, loading } from './common.js';
import * as staff from './staff-api.js';

export const RANGE_DAYS = 14;

// `onlineFree`: start → seats applicants still see (desks with online booking), to mark the slots
// only a staff-only seat keeps open. `skip`: a start to leave out (the booking's own time).
function slotGrid(days, zone, onlineFree, skip, onPick) {
  const usable = (slot) => slot.free > 0 && slot.start !== skip;
  const withSlots = days.filter((day) => day.slots.some(usable));
  if (!withSlots.length) return h('p', { class: 'empty', text: t('convene.noSlots') });
  return h('div', { class: 'slot-days' }, withSlots.map((day) => h('fieldset', { class: 'slot-day' },
    h('legend', { class: 'h6', text: formatDay(day.date) }),
    h('div', { class: 'time-grid' }, day.slots.filter(usable).map((slot) => {
      const one = slot.free === 1;
      const staffOnly = onlineFree.get(slot.start) === 0;
      const label = t(one ? 'convene.slotLabelOne' : 'convene.slotLabel', { time: formatTime(slot.start, zone), seats: slot.free });
      const button = h('button', { type: 'button', class: `btn btn-outline-primary slot-button${staffOnly ? ' is-staff-only' : ''}`,
        'data-start': slot.start, 'aria-label': staffOnly ? `${label}, ${t('convene.staffOnly')}` : label },
      h('span', { class: 'time', text: formatTime(slot.start, zone) }),
      h('span', { class: 'seats', text: t(one ? 'convene.seat' : 'convene.seats', { n: slot.free }) }),
      staffOnly ? h('span', { class: 'seats', text: t('convene.staffOnly') }) : null);
      button.addEventListener('click', () => onPick(slot));
      return button;
    })))));
}

// Draws the free times of `type` at `desk` into `area`, two weeks from `range.from` (kept in
// `range`, so paging survives a redraw); `onPick(slot)` gets the one chosen. `detail`: the desk
// as getDesk answers it (its zone and pilot flag). `focusId`: the control to give focus back to
// once drawn (a paging button, else the title when that button is disabled); none the first time.
export async function showSlots(area, { desk, detail, type, range, skip = '', title = t('convene.chooseSlot'), onPick }, focusId = '') {
  const zone = detail?.timezone || 'Europe/Rome';
  area.replaceChildren(loading());
  const to = addDays(range.from, RANGE_DAYS - 1);
  let availability;
  const onlineFree = new Map();
  try {
    const [staffView, applicantView] = await Promise.all([
      staff.staffAvailability(desk, type, range.from, to),
      detail?.self_booking ? staff.applicantAvailability(desk, type, range.from, to).catch(() => null) : null]);
    availability = staffView;
    for (const slot of applicantView?.days.flatMap((day) => day.slots) || []) onlineFree.set(slot.start, slot.free);
  } catch (error) {
    area.replaceChildren(errorBox(error));
    return;
  }
  const redraw = (days, id) => {
    range.from = addDays(range.from, days);
    showSlots(area, { desk, detail, type, range, skip, title, onPick }, id);
  };
  const paging = h('div', { class: 'day-nav' },
    h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'slots-earlier', disabled: range.from <= today(zone),
      text: t('convene.earlier'), on: { click: () => redraw(-RANGE_DAYS, 'slots-earlier') } }),
    h('p', { class: 'mb-0 fw-semibold', text: t('convene.range', { from: formatDay(range.from), to: formatDay(to) }) }),
    h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'slots-later', text: t('convene.later'),
      on: { click: () => redraw(RANGE_DAYS, 'slots-later') } }));
  area.replaceChildren(h('h3', { class: 'h5', id: 'slots-title', text: title }),
    h('p', { class: 'small text-secondary', text: t('convene.staffSeatsNote') }), paging,
    slotGrid(availability.days, zone, onlineFree, skip, onPick));
  if (!focusId) return;
  const control = document.getElementById(focusId);
  if (control?.matches('button, input, select') && !control.disabled) control.focus();
  else focusOn(document.getElementById('slots-title'));
}
