// The calendar's field errors as the editor shows them. The server names each error by its field
// path and an English detail (engine/calendar_parse.cc: `types.lavoro-documenti.weekly[2].to`,
// "must be after from"); here each becomes a sentence in the console's language, shown under its
// input (or in its group: a rule's days, a whole opening), and a list on top that names where
// each is ("Lavoro: documenti · Fascia 3 · Alle") and moves to it. A detail the console does not
// know is said as "not accepted", never in English on the Italian screen.
import { addDays, formatDay, t } from '../js/i18n.js';
import { alertBox, fieldError, focusOn, h } from '../js/page.js';
import { typeName } from './common.js';

const A_MONDAY = '2026-11-30';
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const weekday = (name) => formatDay(addDays(A_MONDAY, WEEKDAYS.indexOf(name)), { weekday: 'long' });
const ruleNumber = (index) => Number(index) + 1;

// The server's English detail → [text key, values], first match wins.
const DETAILS = [
  [/^must be a time HH:MM$/, () => ['calendar.error.time']],
  [/^must be a date YYYY-MM-DD$/, () => ['calendar.error.date']],
  [/^must name at least one day$/, () => ['calendar.error.noDay']],
  [/^must be one of mon, tue/, () => ['calendar.error.weekday']],
  [/^is listed twice$/, () => ['calendar.error.twice']],
  [/^must be after from$/, () => ['calendar.error.toAfterFrom']],
  [/^must leave room for at least one slot of (\d+) minutes$/, (m) => ['calendar.error.tooShort', { n: m[1] }]],
  [/^must offer at least one seat/, () => ['calendar.error.noSeat']],
  [/^must offer at least one appointment type$/, () => ['calendar.error.noType']],
  [/^is not in the national catalogue/, () => ['calendar.error.unknownType']],
  [/^must be a whole number from (-?\d+) to (-?\d+)$/, (m) => ['calendar.error.range', { min: m[1], max: m[2] }]],
  [/^must be from (-?\d+) to (-?\d+)$/, (m) => ['calendar.error.range', { min: m[1], max: m[2] }]],
  [/^must be a number$/, () => ['calendar.error.number']],
  [/^is required$/, () => ['calendar.error.required']],
  [/^overlaps weekly\[(\d+)\] on (\w+)$/, (m) => ['calendar.error.overlapsRule', { n: ruleNumber(m[1]), day: weekday(m[2]) }]],
  [/^overlaps the weekly hours of weekly\[(\d+)\]$/, (m) => ['calendar.error.overlapsHours', { n: ruleNumber(m[1]) }]],
  [/^overlaps extra\[(\d+)\]$/, (m) => ['calendar.error.overlapsExtra', { n: ruleNumber(m[1]) }]],
  [/^falls on a date listed in closures$/, () => ['calendar.error.onClosure']],
  [/^must be fewer days than from_days$/, () => ['calendar.error.fewerDays']],
];

// The error's detail as a sentence in the console's language.
export function errorText(message) {
  for (const [pattern, make] of DETAILS) {
    const match = pattern.exec(message);
    if (match) {
      const [key, values] = make(match);
      return t(key, values);
    }
  }
  return t('calendar.error.other');
}

const FIELD_KEYS = {
  from: 'calendar.from', to: 'calendar.to', capacity: 'calendar.capacity', staff_capacity: 'calendar.staffCapacity',
  days: 'calendar.days', date: 'calendar.date', slot_minutes: 'calendar.slot_minutes', horizon_days: 'calendar.horizon_days',
  min_notice_hours: 'calendar.min_notice_hours', cancel_notice_hours: 'calendar.cancel_notice_hours',
  waitlist_offer_minutes: 'calendar.waitlist_offer_minutes', from_days: 'calendar.reconfirm_from_days',
  until_days: 'calendar.reconfirm_until_days', reconfirm_staff: 'calendar.reconfirm_staff',
  auto_convene_after_days: 'calendar.auto_convene_after_days',
};

// Where a field path is, in words: "Lavoro: documenti · Fascia 3 · Alle", "Chiusure dello sportello · 24 dicembre".
export function placeOf(path, model, detail) {
  const closure = /^closures\[(\d+)\]/.exec(path);
  if (closure) {
    const day = model.closures?.[Number(closure[1])];
    const date = typeof day === 'string' ? day : day?.date;
    return [t('calendar.closures'), date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? formatDay(date) : ''].filter(Boolean).join(' · ');
  }
  const type = /^types\.([^.[]+)(?:\.(weekly|extra)\[(\d+)\])?(?:\.reconfirm)?(?:\.(\w+))?/.exec(path);
  if (!type) return t('calendar.error.whole');
  const parts = [typeName(detail, type[1])];
  if (type[2]) parts.push(t(type[2] === 'weekly' ? 'calendar.rule' : 'calendar.extraN', { n: ruleNumber(type[3]) }));
  if (type[4] && FIELD_KEYS[type[4]]) parts.push(t(FIELD_KEYS[type[4]]));
  return parts.join(' · ');
}

// The type a path is about, if any.
export const typeOfPath = (path) => /^types\.([^.[]+)/.exec(path)?.[1] || '';

// Clears what showErrors marked.
export function clearErrors(editor) {
  for (const input of editor.querySelectorAll('.is-invalid')) fieldError(input, '');
  for (const group of editor.querySelectorAll('.has-error')) {
    group.classList.remove('has-error');
    group.removeAttribute('aria-describedby');
  }
  for (const note of editor.querySelectorAll('.group-error')) note.remove();
}

// The closest element of the editor that stands for `path` (the input, else its group).
function targetOf(editor, path) {
  for (let p = path; p; p = p.includes('.') || p.includes('[') ? p.slice(0, Math.max(p.lastIndexOf('.'), p.lastIndexOf('['))) : '') {
    const found = editor.querySelector(`[data-path="${CSS.escape(p)}"]`);
    if (found) return found;
  }
  return null;
}

// Marks each field the server named with its error in the console's language, and lists them all
// in `area` with a link to each field shown; focus moves to that list.
export function showErrors(area, editor, errors, model, detail) {
  clearErrors(editor);
  const items = errors.map(({ path, message }, index) => {
    const text = errorText(message);
    const target = targetOf(editor, path);
    let focusable = null;
    if (target?.matches('input, select')) {
      fieldError(target, text);
      focusable = target;
    } else if (target) {
      const id = `group-error-${index}`;
      target.classList.add('has-error');
      const note = h('p', { id, class: 'invalid-feedback d-block field-error group-error', text });
      const legend = target.querySelector(':scope > legend');
      if (legend) legend.after(note);
      else target.prepend(note);
      target.setAttribute('aria-describedby', id);
      focusable = target.querySelector('input, select, button');
    }
    const place = placeOf(path, model, detail);
    if (!focusable) return h('li', {}, h('span', { class: 'fw-semibold', text: `${place}: ` }), text);
    const link = h('a', { href: `#${focusable.id || ''}`, class: 'fw-semibold', text: place });
    link.addEventListener('click', (event) => {
      event.preventDefault();  // the address holds the console's view: do not change it
      focusable.focus();
    });
    return h('li', {}, link, `: ${text}`);
  });
  area.replaceChildren(alertBox('danger', t('calendar.invalid'), h('ul', { class: 'mb-0 error-list' }, items)));
  focusOn(area.firstElementChild);
}
