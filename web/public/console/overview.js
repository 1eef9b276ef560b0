// The national overview (GET /api/v1/admin/overview; docs/decisions.md, "The national overview"),
// for administrators judging the self-booking pilot before it is extended: month by month, the
// pilot desks (online booking on) beside the others — appointments booked by the applicants
// themselves and convened ones, the no-show rate, the days from an application becoming bookable
// to its appointment, seats used and offered — then each desk month by month, and the same rows
// as the server's CSV file. The server computes every figure; this only lays them out.
import { locale, t, today } from '../js/i18n.js';
import { h } from '../js/page.js';
import { busy, downloadFile, errorBox, field, formatNumber, formatPercent, loading, scrollingTable } from './common.js';
import * as staff from './staff-api.js';

const ROME = 'Europe/Rome';
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
// The figures of the side-by-side table, for each group.
const GROUP_FIGURES = ['self_booked', 'convened', 'no_show_rate', 'days_median', 'days_p90', 'seats'];
// The figures of the table of desks.
const DESK_FIGURES = ['self_booked', 'convened', 'auto_convened', 'attended', 'no_shows', 'no_show_rate',
  'days_median', 'days_p90', 'seats_offered', 'seats_used'];

// "YYYY-MM" plus `count` months.
function addMonths(month, count) {
  const [year, number] = month.split('-').map(Number);
  return new Date(Date.UTC(year, number - 1 + count, 1)).toISOString().slice(0, 7);
}

// "novembre 2026", "November 2026".
function monthName(month) {
  const [year, number] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(Date.UTC(year, number - 1, 15)));
}

// "Sportello Unico per l'Immigrazione – Prefettura di Roma" → "Prefettura di Roma".
function deskName(desks, id) {
  return (desks.find((desk) => desk.id === id)?.name || id).split(' – ').pop();
}

const dash = '—';
const count = (value) => formatNumber(value);
const days = (value) => (value === null || value === undefined ? dash : formatNumber(value));

// The text of `figure` in a row (a desk's month or a group's).
function figureText(row, figure) {
  if (!row) return dash;
  switch (figure) {
    case 'no_show_rate': return row.no_show_rate === null ? dash : formatPercent(row.no_show_rate);
    case 'days_median': return days(row.days_to_appointment.median);
    case 'days_p90': return days(row.days_to_appointment.p90);
    case 'seats': return t('overview.seatsValue', { used: count(row.seats_used), offered: count(row.seats_offered) });
    default: return count(row[figure]);
  }
}

// Months down, the pilot group and the others side by side. Every data cell names its month, group
// and figure headers (`headers`), so a screen reader reads each number with all three.
function groupsTable(answer, desks) {
  const groupIds = ['pilot', 'others'];
  const members = (pilot) => [...new Set(answer.desks.filter((row) => row.pilot === pilot).map((row) => row.desk))]
    .map((id) => deskName(desks, id)).join(', ') || t('overview.noDesks');
  const groupLabel = { pilot: t('overview.pilotGroup', { desks: members(true) }),
    others: t('overview.otherGroup', { desks: members(false) }) };
  const find = (group, month) => answer.groups.find((row) => row.pilot === (group === 'pilot') && row.month === month);
  const table = { class: 'table table-sm stats-table overview-table', id: 'overview-groups' };
  return scrollingTable(t('overview.groupsCaption'), h('table', table,
    h('caption', { text: t('overview.groupsCaption') }),
    h('colgroup', {}, h('col', {})),
    groupIds.map((group) => h('colgroup', { span: String(GROUP_FIGURES.length), class: `overview-${group}` })),
    h('thead', {},
      h('tr', {}, h('th', { scope: 'col', rowspan: '2', id: 'ovg-month', text: t('overview.month') }),
        groupIds.map((group) => h('th', { scope: 'colgroup', colspan: String(GROUP_FIGURES.length), id: `ovg-${group}`,
          class: 'overview-group', text: groupLabel[group] }))),
      h('tr', {}, groupIds.flatMap((group) => GROUP_FIGURES.map((figure) => h('th', { scope: 'col', class: 'num',
        id: `ovg-${group}-${figure}`, text: t(`overview.${figure}`) }))))),
    h('tbody', {}, answer.months.map((month) => h('tr', { 'data-month': month },
      h('th', { scope: 'row', id: `ovg-m-${month}`, text: monthName(month) }),
      groupIds.flatMap((group) => GROUP_FIGURES.map((figure) => h('td', {
        class: 'num', headers: `ovg-m-${month} ovg-${group} ovg-${group}-${figure}`,
        'data-group': group, 'data-figure': figure, text: figureText(find(group, month), figure) }))))))));
}

// Each desk's months, the pilot desks first.
function desksTable(answer, desks) {
  const table = { class: 'table table-sm stats-table', id: 'overview-desks' };
  return scrollingTable(t('overview.desksCaption'), h('table', table,
    h('caption', { text: t('overview.desksCaption') }),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', text: t('overview.desk') }), h('th', { scope: 'col', text: t('overview.month') }),
      h('th', { scope: 'col', text: t('overview.pilot') }),
      DESK_FIGURES.map((figure) => h('th', { scope: 'col', class: 'num', text: t(`overview.${figure}`) })))),
    h('tbody', {}, answer.desks.map((row) => h('tr', { 'data-desk': row.desk, 'data-month': row.month },
      h('th', { scope: 'row', text: deskName(desks, row.desk) }),
      h('th', { scope: 'row', class: 'overview-month', text: monthName(row.month) }),
      h('td', { text: t(row.pilot ? 'overview.yes' : 'overview.no') }),
      DESK_FIGURES.map((figure) => h('td', { class: 'num', 'data-figure': figure,
        text: figureText(row, figure) })))))));
}

// What each figure means, in a few words.
function help() {
  const terms = ['pilot', 'self_booked', 'convened', 'no_show_rate', 'days', 'seats'];
  return h('details', { class: 'overview-help' }, h('summary', { text: t('overview.help') }),
    h('dl', {}, terms.flatMap((term) => [h('dt', { text: t(`overview.helpTerm.${term}`) }),
      h('dd', { text: t(`overview.helpText.${term}`) })])));
}

export async function render(container, context) {
  const now = today(ROME).slice(0, 7);
  const from = MONTH.test(context.params.from || '') ? context.params.from : addMonths(now, -5);
  const to = MONTH.test(context.params.to || '') ? context.params.to : addMonths(now, 1);
  const fromInput = h('input', { id: 'overview-from', class: 'form-control', type: 'month', value: from });
  const toInput = h('input', { id: 'overview-to', class: 'form-control', type: 'month', value: to });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('overview.show') });
  const form = h('form', { id: 'overview-form', class: 'stats-form', novalidate: true },
    field('overview-from', t('overview.from'), fromInput), field('overview-to', t('overview.to'), toInput), submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    context.navigate('overview', { from: fromInput.value, to: toInput.value });
  });
  const area = h('section', { id: 'overview-result', 'aria-labelledby': 'overview-heading' }, loading());
  container.replaceChildren(h('p', { class: 'view-intro', text: t('overview.intro') }), form,
    h('h2', { id: 'overview-heading', class: 'h4', text: from === to ? monthName(from)
      : t('overview.heading', { from: monthName(from), to: monthName(to) }) }),
    area);
  await busy(submit, async () => {
    try {
      const answer = await staff.overview(from, to);
      const csv = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'overview-csv',
        text: t('overview.csv') });
      csv.addEventListener('click', () => busy(csv, async () => {
        try {
          const file = await staff.overviewCsv(from, to);
          downloadFile(file.filename, file.blob);
        } catch (error) {
          csv.after(errorBox(error));
        }
      }));
      area.replaceChildren(h('div', { class: 'day-actions' }, csv), groupsTable(answer, context.desks),
        desksTable(answer, context.desks), help());
    } catch (error) {
      area.replaceChildren(errorBox(error));
    }
  });
}
