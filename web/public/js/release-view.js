// Fair release wherever it shows (the booking page, the draw page): when a type's next month opens,
// the draw window under way with its explanation, the preferences of a draw request (up to 10, in
// order: a day of the month, its morning or afternoon, or any day) and how they read.
import { formatDate, formatDay, formatTime, t } from './i18n.js';
import { h } from './page.js';

export const MAX_PREFERENCES = 10;

// "gennaio 2027" for a release's month "2027-01".
export const monthName = (month) => formatDay(`${month}-01`, { month: 'long', year: 'numeric' });
const monthsOf = (release) => release.months.map(monthName).join(', ');
const drawMinutes = (release) => Math.round((Date.parse(release.draw_closes_at) - Date.parse(release.opens_at)) / 60000);

// The release whose draw window is open, and the next one to open (either may be undefined).
export function currentReleases(releases) {
  const sorted = [...releases].sort((a, b) => Date.parse(a.opens_at) - Date.parse(b.opens_at));
  return { drawing: sorted.find((r) => r.state === 'drawing'), next: sorted.find((r) => r.state === 'scheduled') };
}

// "Gli appuntamenti di gennaio 2027 si aprono martedì 15 dicembre 2026 alle 10:00." (+ the draw).
export function nextOpening(release, zone) {
  const minutes = drawMinutes(release);
  return h('div', { class: 'release-next card-box', id: 'release-next' },
    h('p', { class: 'mb-1 fw-semibold', text: t('release.next', {
      months: monthsOf(release), date: formatDate(release.opens_at, zone), time: formatTime(release.opens_at, zone) }) }),
    minutes > 0 ? h('p', { class: 'mb-0', text: t('release.withDraw', { minutes }) }) : null);
}

// The draw window under way: until when requests are collected, that asking early gives nothing,
// the seed's hash; `action` (a button) leads to the request form.
export function drawingPanel(release, zone, action = null) {
  return h('section', { class: 'release-drawing card-box is-prominent', id: 'release-drawing', 'aria-labelledby': 'release-drawing-title' },
    h('h3', { class: 'h5', id: 'release-drawing-title', text: t('release.drawing.title', { months: monthsOf(release) }) }),
    h('p', { text: t('release.drawing.until', { time: formatTime(release.draw_closes_at, zone), date: formatDate(release.draw_closes_at, zone) }) }),
    h('p', { text: t('release.drawing.fair') }),
    release.seed_hash ? h('p', { class: 'small' }, t('release.drawing.public'), ' ',
      h('code', { class: 'seed-hash verbatim', text: release.seed_hash })) : null,
    action);
}

// How a preference reads: "any day of the month", "martedì 12 gennaio 2027, morning (before 13:00)".
export function preferenceText(preference) {
  if (preference === 'any') return t('draw.pref.any');
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(am|pm))?$/.exec(preference);
  if (!match) return preference;
  return `${formatDay(match[1])}, ${t(match[2] ? `draw.pref.${match[2]}` : 'draw.pref.whole')}`;
}

// Monday to Friday of `month` ("YYYY-MM"): the days a preference may name.
function weekdays(month) {
  const [year, index] = month.split('-').map(Number);
  const days = [];
  for (let day = 1; day <= 31; day += 1) {
    const date = new Date(Date.UTC(year, index - 1, day, 12));
    if (date.getUTCMonth() !== index - 1) break;
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) days.push(date.toISOString().slice(0, 10));
  }
  return days;
}

// The preferences' fieldset: rows of "day (or any) + part of the day", one to MAX_PREFERENCES, with
// add and remove buttons. Returns { element, values(), rowSelect(i) } (values: the API's strings, ''
// for a row without a day).
export function preferencesField(release) {
  const days = weekdays(release.months[0]);
  const list = h('ol', { class: 'preference-list list-unstyled', id: 'preference-list' });
  const add = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'add-preference', text: t('draw.pref.add') });
  const rows = [];
  const renumber = () => {
    rows.forEach((row, i) => {
      const n = i + 1;
      row.legend.textContent = t('draw.pref.label', { n });
      row.day.id = `pref-day-${n}`;
      row.part.id = `pref-part-${n}`;
      row.dayLabel.setAttribute('for', row.day.id);
      row.partLabel.setAttribute('for', row.part.id);
      row.remove.hidden = rows.length === 1;
      row.remove.textContent = t('draw.pref.remove', { n });
    });
    add.hidden = rows.length >= MAX_PREFERENCES;
  };
  const addRow = (focus) => {
    const day = h('select', { class: 'form-select' },
      h('option', { value: '', text: '—' }),
      h('option', { value: 'any', text: t('draw.pref.any') }),
      days.map((d) => h('option', { value: d, text: formatDay(d) })));
    const part = h('select', { class: 'form-select' },
      ['whole', 'am', 'pm'].map((p) => h('option', { value: p, text: t(`draw.pref.${p}`) })));
    const dayLabel = h('label', { class: 'active', text: t('draw.pref.day') });
    const partLabel = h('label', { class: 'active', text: t('draw.pref.part') });
    const legend = h('legend', { class: 'h6' });
    const remove = h('button', { type: 'button', class: 'btn btn-link btn-sm p-0' });
    const item = h('li', { class: 'preference' }, h('fieldset', { class: 'preference-row' }, legend,
      h('div', { class: 'd-flex flex-wrap gap-3' },
        h('div', { class: 'form-group field' }, dayLabel, day),
        h('div', { class: 'form-group field' }, partLabel, part)),
      remove));
    const row = { item, day, part, dayLabel, partLabel, legend, remove };
    day.addEventListener('change', () => { part.disabled = day.value === 'any'; });
    remove.addEventListener('click', () => {
      const index = rows.indexOf(row);
      rows.splice(index, 1);
      item.remove();
      renumber();
      (rows[index] || rows[index - 1]).day.focus();
    });
    rows.push(row);
    list.append(item);
    renumber();
    if (focus) day.focus();
  };
  add.addEventListener('click', () => addRow(true));
  addRow(false);
  const element = h('fieldset', { class: 'field preferences' },
    h('legend', { class: 'h5', text: t('draw.pref.legend') }), list, add);
  const values = () => rows.map(({ day, part }) => {
    if (!day.value || day.value === 'any') return day.value;
    return part.value === 'whole' ? day.value : `${day.value}T${part.value}`;
  });
  return { element, values, rowSelect: (i) => rows[i]?.day };
}

// The result's facts for the page of a request: number, preferences, place in the order.
export function requestFacts(request) {
  return h('dl', { class: 'facts', id: 'request-facts' },
    h('dt', { text: t('draw.facts.number') }), h('dd', { class: 'verbatim', text: request.id }),
    h('dt', { text: t('draw.facts.preferences') }),
    h('dd', {}, h('ol', { class: 'mb-0' }, request.preferences.map((p) => h('li', { text: preferenceText(p) })))),
    Number.isInteger(request.order) ? [h('dt', { text: t('draw.facts.order') }), h('dd', { text: String(request.order) })] : null);
}

// The private link of a request; `desk` travels too (the request does not name it), all in the
// fragment, which browsers never send.
export function drawUrl(id, token, desk) {
  return `/draw#id=${encodeURIComponent(id)}&token=${encodeURIComponent(token)}&desk=${encodeURIComponent(desk)}`;
}
