// Statistics of a desk over a period (GET …/stats): bookings, cancellations, attended, no-shows,
// seats offered and used, lead time from booking to appointment; per type and day, as totals,
// two charts and tables, exportable as CSV; then the day of the visit (stats-visit.js): waiting
// and service times, ratings and the applicants' comments (GET …/feedback). Operators may read
// them: aggregates and anonymous comments, no personal data.
import { addDays, formatDay, t, today } from '../js/i18n.js';
import { h } from '../js/page.js';
import { barChart } from './chart.js';
import { busy, deskDetail, downloadCsv, errorBox, field, formatNumber, formatPercent, loading, scrollingTable, typeName } from './common.js';
import * as staff from './staff-api.js';
import { CSV_HEAD, csvCells, visitComments, visitRatings, visitTimes } from './stats-visit.js';

const COUNTS = ['bookings', 'cancellations', 'attended', 'no_shows', 'seats_offered', 'seats_used'];
const percent = (part, whole) => (whole ? formatPercent(part / whole) : '—');

function total(rows) {
  const sums = Object.fromEntries(COUNTS.map((key) => [key, rows.reduce((sum, row) => sum + row[key], 0)]));
  // Lead time averaged over the bookings it was computed from (days without bookings carry none).
  const weighted = rows.filter((row) => row.average_lead_days !== null && row.bookings > 0);
  const leadBookings = weighted.reduce((sum, row) => sum + row.bookings, 0);
  sums.average_lead_days = leadBookings ? weighted.reduce((sum, row) => sum + row.average_lead_days * row.bookings, 0) / leadBookings : null;
  return sums;
}

// Numbers as the console's language writes them (CSV files keep plain numbers for programs).
const lead = (value) => (value === null || value === undefined ? '—' : formatNumber(value, 1));

function tiles(sums) {
  const tile = (key, value, note = '') => h('div', { class: 'stat-tile' },
    h('dt', { text: t(`stats.${key}`) }), h('dd', {}, h('span', { class: 'stat-value', text: typeof value === 'number' ? formatNumber(value) : value }),
      note ? h('span', { class: 'stat-note', text: note }) : null));
  return h('dl', { class: 'stat-tiles', id: 'stats-totals' },
    tile('bookings', sums.bookings), tile('cancellations', sums.cancellations),
    tile('attended', sums.attended), tile('no_shows', sums.no_shows),
    tile('seats_offered', sums.seats_offered),
    tile('seats_used', sums.seats_used, t('stats.occupancy', { percent: percent(sums.seats_used, sums.seats_offered) })),
    tile('average_lead_days', lead(sums.average_lead_days)));
}

function table(id, caption, firstColumn, rows) {
  return scrollingTable(caption, h('table', { class: 'table table-sm stats-table', id },
    h('caption', { text: caption }),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: firstColumn }),
      [...COUNTS, 'average_lead_days'].map((key) => h('th', { scope: 'col', class: 'num', text: t(`stats.${key}`) })))),
    h('tbody', {}, rows.map(({ label, sums }) => h('tr', {}, h('th', { scope: 'row', text: label }),
      COUNTS.map((key) => h('td', { class: 'num', text: formatNumber(sums[key]) })),
      h('td', { class: 'num', text: lead(sums.average_lead_days) }))))));
}

function byDate(rows) {
  const dates = [...new Set(rows.map((row) => row.date))].sort();
  return dates.map((date) => ({ date, sums: total(rows.filter((row) => row.date === date)) }));
}

function draw(area, answer, detail, typeFilter, feedback) {
  const rows = answer.days.filter((row) => !typeFilter || row.type === typeFilter);
  if (!rows.length) {
    area.replaceChildren(h('p', { class: 'empty', text: t('stats.empty') }));
    return;
  }
  const days = byDate(rows);
  const labels = days.map((d) => formatDay(d.date, { day: 'numeric', month: 'numeric' }));
  const types = [...new Set(rows.map((row) => row.type))];
  const csv = () => downloadCsv(`statistiche-${answer.desk}-${answer.from}-${answer.to}.csv`, [
    ['date', 'type', ...COUNTS, 'average_lead_days', ...CSV_HEAD],
    ...rows.map((row) => [row.date, row.type, ...COUNTS.map((key) => row[key]), row.average_lead_days ?? '', ...csvCells(row)]),
  ]);
  area.replaceChildren(
    h('div', { class: 'day-actions' }, h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'stats-csv', text: t('stats.csv'), on: { click: csv } })),
    tiles(total(rows)),
    h('div', { class: 'charts' },
      barChart({ id: 'chart-seats', title: t('stats.chartSeats'), description: t('stats.chartSeatsText'), labels,
        series: [
          { name: t('stats.seats_offered'), className: 'bar-offered', values: days.map((d) => d.sums.seats_offered) },
          { name: t('stats.seats_used'), className: 'bar-used', values: days.map((d) => d.sums.seats_used) }] }),
      barChart({ id: 'chart-outcomes', title: t('stats.chartOutcomes'), description: t('stats.chartOutcomesText'), labels, stacked: true,
        series: [
          { name: t('stats.attended'), className: 'bar-attended', values: days.map((d) => d.sums.attended) },
          { name: t('stats.no_shows'), className: 'bar-no-show', values: days.map((d) => d.sums.no_shows) },
          { name: t('stats.cancellations'), className: 'bar-cancelled', values: days.map((d) => d.sums.cancellations) }] })),
    table('stats-by-type', t('stats.byType'), t('day.col.type'),
      types.map((type) => ({ label: typeName(detail, type), sums: total(rows.filter((row) => row.type === type)) }))),
    h('details', { class: 'stats-days' }, h('summary', { text: t('stats.byDayToggle', { n: days.length }) }),
      table('stats-by-day', t('stats.byDay'), t('stats.date'), days.map((d) => ({ label: formatDay(d.date), sums: d.sums })))),
    visitTimes(rows, detail),
    visitRatings(rows, detail),
    visitComments(feedback, detail, typeFilter));
}

export async function render(container, context) {
  const { desk } = context;
  const detail = await deskDetail(desk).catch(() => null);
  const zone = detail?.timezone || 'Europe/Rome';
  const valid = (day) => /^\d{4}-\d{2}-\d{2}$/.test(day || '');
  const from = valid(context.params.from) ? context.params.from : addDays(today(zone), -30);
  const to = valid(context.params.to) ? context.params.to : addDays(today(zone), 30);
  const typeFilter = context.params.type || '';

  const fromInput = h('input', { id: 'stats-from', class: 'form-control', type: 'date', value: from });
  const toInput = h('input', { id: 'stats-to', class: 'form-control', type: 'date', value: to });
  const typeSelect = h('select', { id: 'stats-type', class: 'form-select' },
    h('option', { value: '', text: t('stats.allTypes') }),
    (detail?.types || []).map((type) => h('option', { value: type.id, selected: type.id === typeFilter, text: type.name })));
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('stats.show') });
  const form = h('form', { id: 'stats-form', class: 'stats-form', novalidate: true },
    field('stats-from', t('stats.from'), fromInput), field('stats-to', t('stats.to'), toInput),
    field('stats-type', t('day.col.type'), typeSelect), submit);
  const area = h('section', { id: 'stats-result', 'aria-labelledby': 'stats-heading' }, loading());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    context.navigate('stats', { desk, from: fromInput.value, to: toInput.value, type: typeSelect.value });
  });
  container.replaceChildren(form, h('h2', { id: 'stats-heading', class: 'h4', text: t('stats.heading', { from: formatDay(from), to: formatDay(to) }) }), area);
  await busy(submit, async () => {
    try {
      const [answer, feedback] = await Promise.all([staff.deskStats(desk, from, to),
        staff.deskFeedback(desk, from, to).catch((error) => ({ error }))]);
      draw(area, answer, detail, typeFilter, feedback);
    } catch (error) {
      area.replaceChildren(errorBox(error));
    }
  });
}
