// The preview of one week of slots for one type: what the edited calendar generates, compared
// slot by slot with the saved one (new, removed, seats changed), as the server computes both
// (POST …/calendar/preview), so the preview follows exactly the rules bookings follow.
import { formatDay, formatTime, t } from '../js/i18n.js';
import { h } from '../js/page.js';

function daysOf(preview, typeId) {
  return preview.types.find((entry) => entry.type === typeId)?.days || [];
}

function totals(days) {
  const slots = days.flatMap((day) => day.slots);
  return {
    slots: slots.length,
    online: slots.reduce((sum, s) => sum + s.capacity, 0),
    staff: slots.reduce((sum, s) => sum + s.staff_capacity, 0),
  };
}

const seats = (slot) => `${slot.capacity} + ${slot.staff_capacity}`;

function dayColumn(day, previous, zone) {
  const before = new Map((previous?.slots || []).map((slot) => [slot.start, slot]));
  const now = new Set(day.slots.map((slot) => slot.start));
  const items = day.slots.map((slot) => {
    const old = before.get(slot.start);
    const change = !old ? 'added' : seats(old) !== seats(slot) ? 'changed' : '';
    return { start: slot.start, item: h('li', { class: `preview-slot ${change ? `is-${change}` : ''}`.trim() },
      h('span', { class: 'time', text: formatTime(slot.start, zone) }),
      h('span', { class: 'seats', text: seats(slot) }),
      change === 'added' ? h('span', { class: 'change', text: t('preview.added') }) : null,
      change === 'changed' ? h('span', { class: 'change', text: t('preview.was', { seats: seats(old) }) }) : null) };
  });
  for (const [start] of before) {
    if (!now.has(start)) {
      items.push({ start, item: h('li', { class: 'preview-slot is-removed' },
        h('span', { class: 'time', text: formatTime(start, zone) }), h('span', { class: 'change', text: t('preview.removed') })) });
    }
  }
  items.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return h('section', { class: 'preview-day', 'aria-label': formatDay(day.date) },
    h('h4', { class: 'h6', text: formatDay(day.date, { weekday: 'long', day: 'numeric', month: 'short' }) }),
    items.length ? h('ul', { class: 'list-unstyled mb-0' }, items.map((x) => x.item)) : h('p', { class: 'closed', text: t('preview.closed') }));
}

// `next` and `before`: preview answers for the same week; `typeId` the type shown.
export function weekGrid(next, before, typeId, zone, typeLabel) {
  const days = daysOf(next, typeId);
  const previousDays = new Map(daysOf(before, typeId).map((day) => [day.date, day]));
  const now = totals(days);
  const then = totals([...previousDays.values()]);
  return h('div', { class: 'preview-week' },
    h('p', { class: 'preview-summary', id: 'preview-summary', text: t('preview.summary', {
      type: typeLabel, from: formatDay(next.from), slots: now.slots, online: now.online, staff: now.staff }) }),
    h('p', { class: 'small text-secondary', text: t('preview.before', { slots: then.slots, online: then.online, staff: then.staff }) }),
    h('p', { class: 'small text-secondary', text: t('preview.legend') }),
    h('div', { class: 'week-grid' }, days.map((day) => dayColumn(day, previousDays.get(day.date), zone))));
}
