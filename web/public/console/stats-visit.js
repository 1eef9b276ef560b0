// The day of the visit in the statistics view: waiting and service times per type and day (the
// server's percentiles, which cannot be added up, so they are shown as they come), the ratings
// (1 to 5) per type and month with their mean, and the applicants' comments. Nothing here names an
// applicant: the server gives only date, type, rating and comment.
import { formatDay, t } from '../js/i18n.js';
import { h } from '../js/page.js';
import { barChart } from './chart.js';
import { errorBox, formatNumber, scrollingTable, typeName } from './common.js';

const VALUES = ['1', '2', '3', '4', '5'];
const TIMES = ['waited_p50_minutes', 'waited_p90_minutes', 'served_p50_minutes'];
const minutes = (value) => (value === null || value === undefined ? '—' : formatNumber(value, value % 1 ? 1 : 0));
const monthName = (month) => formatDay(`${month}-01`, { month: 'long', year: 'numeric' });
const monthShort = (month) => formatDay(`${month}-01`, { month: 'short', year: '2-digit' });  // under a chart's bar

function numberTable(id, caption, head, rows) {
  return scrollingTable(caption, h('table', { class: 'table table-sm stats-table', id },
    h('caption', { text: caption }),
    h('thead', {}, h('tr', {}, head.map((text, i) => h('th', { scope: 'col', class: i > 1 ? 'num' : null, text })))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, h('th', { scope: 'row', text: cells[0] }),
      cells.slice(1).map((text, i) => h('td', { class: i > 0 ? 'num' : null, text })))))));
}

// Waiting (median and 90th percentile) and service (median) minutes per type and day, with a chart
// per day when one type is in view (percentiles of different types cannot be put together).
export function visitTimes(rows, detail) {
  const timed = rows.filter((row) => TIMES.some((key) => row[key] !== null && row[key] !== undefined));
  const section = h('section', { class: 'stats-visit', id: 'stats-times', 'aria-labelledby': 'stats-times-title' },
    h('h3', { id: 'stats-times-title', class: 'h5', text: t('stats.times') }));
  if (!timed.length) {
    section.append(h('p', { class: 'empty', text: t('stats.timesEmpty') }));
    return section;
  }
  const types = [...new Set(timed.map((row) => row.type))];
  if (types.length === 1) {
    section.append(barChart({ id: 'chart-times', title: t('stats.chartTimes', { type: typeName(detail, types[0]) }),
      description: t('stats.chartTimesText'), labels: timed.map((row) => formatDay(row.date, { day: 'numeric', month: 'numeric' })),
      series: TIMES.map((key, i) => ({ name: t(`stats.${key}`), className: `bar-time-${i}`, values: timed.map((row) => row[key] ?? 0) })) }));
  } else {
    section.append(h('p', { class: 'small text-secondary', text: t('stats.timesChartOneType') }));
  }
  section.append(numberTable('stats-times-table', t('stats.timesCaption'), [t('stats.date'), t('day.col.type'), ...TIMES.map((key) => t(`stats.${key}`))],
    timed.map((row) => [formatDay(row.date), typeName(detail, row.type), ...TIMES.map((key) => minutes(row[key]))])));
  return section;
}

// The ratings of `rows` added up per month and type: [{ month, type, counts: {1..5}, total, mean }].
function ratingsByMonth(rows) {
  const groups = new Map();
  for (const row of rows) {
    if (!row.ratings) continue;
    const key = `${row.date.slice(0, 7)}|${row.type}`;
    const group = groups.get(key) || { month: row.date.slice(0, 7), type: row.type, counts: Object.fromEntries(VALUES.map((v) => [v, 0])) };
    for (const value of VALUES) group.counts[value] += row.ratings[value] || 0;
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => {
    const total = VALUES.reduce((sum, v) => sum + group.counts[v], 0);
    const mean = total ? VALUES.reduce((sum, v) => sum + Number(v) * group.counts[v], 0) / total : null;
    return { ...group, total, mean };
  }).filter((group) => group.total > 0).sort((a, b) => a.month.localeCompare(b.month) || a.type.localeCompare(b.type));
}

// How many rated each value, per month (a stacked chart) and per type and month (a table with the mean).
export function visitRatings(rows, detail) {
  const groups = ratingsByMonth(rows);
  const section = h('section', { class: 'stats-visit', id: 'stats-ratings', 'aria-labelledby': 'stats-ratings-title' },
    h('h3', { id: 'stats-ratings-title', class: 'h5', text: t('stats.ratings') }));
  if (!groups.length) {
    section.append(h('p', { class: 'empty', text: t('stats.ratingsEmpty') }));
    return section;
  }
  const months = [...new Set(groups.map((group) => group.month))];
  const perMonth = (month, value) => groups.filter((g) => g.month === month).reduce((sum, g) => sum + g.counts[value], 0);
  const total = groups.reduce((sum, g) => sum + g.total, 0);
  const mean = groups.reduce((sum, g) => sum + g.mean * g.total, 0) / total;
  section.append(
    h('p', { class: 'stats-mean', id: 'stats-rating-mean', text: t('stats.ratingMeanAll', { mean: formatNumber(mean, 1), n: formatNumber(total) }) }),
    barChart({ id: 'chart-ratings', title: t('stats.chartRatings'), description: t('stats.chartRatingsText'), stacked: true,
      labels: months.map(monthShort),
      series: VALUES.map((value) => ({ name: t('stats.ratingValue', { value }), className: `bar-rating-${value}`, values: months.map((m) => perMonth(m, value)) })) }),
    numberTable('stats-ratings-table', t('stats.ratingsCaption'),
      [t('stats.month'), t('day.col.type'), ...VALUES, t('stats.ratingCount'), t('stats.ratingMean')],
      groups.map((g) => [monthName(g.month), typeName(detail, g.type), ...VALUES.map((v) => formatNumber(g.counts[v])),
        formatNumber(g.total), formatNumber(g.mean, 1)])));
  return section;
}

// The comments of the period, latest first; `feedback` is the server's list or { error }.
export function visitComments(feedback, detail, typeFilter) {
  const section = h('section', { class: 'stats-visit', id: 'stats-comments', 'aria-labelledby': 'stats-comments-title' });
  const title = h('h3', { id: 'stats-comments-title', class: 'h5', text: t('stats.comments') });
  if (feedback.error) {
    section.append(title, errorBox(feedback.error));
    return section;
  }
  const shown = feedback.filter((entry) => entry.comment && (!typeFilter || entry.type === typeFilter));
  title.textContent = t('stats.commentsCount', { n: shown.length });
  section.append(title, shown.length
    ? h('ul', { class: 'comment-list' }, shown.map((entry) => h('li', { class: 'comment' },
      h('p', { class: 'comment-meta' },
        h('span', { text: formatDay(entry.date) }), ' · ', h('span', { text: typeName(detail, entry.type) }), ' · ',
        h('span', { class: 'comment-rating', text: t('stats.ratingOf', { value: entry.rating }) })),
      h('p', { class: 'comment-text', text: entry.comment }))))
    : h('p', { class: 'empty', text: t('stats.commentsEmpty') }));
  return section;
}

// The CSV columns these sections add to each row of the statistics.
export const CSV_HEAD = [...TIMES, ...VALUES.map((v) => `ratings_${v}`), 'rating_mean'];
export const csvCells = (row) => [...TIMES.map((key) => row[key] ?? ''), ...VALUES.map((v) => row.ratings?.[v] ?? ''), row.rating_mean ?? ''];
