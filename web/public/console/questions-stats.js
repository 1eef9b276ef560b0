// The help desk's statistics (GET /api/v1/staff/questions/stats), a part of "Domande" for the front
// office: a period (by default the 8 weeks up to today, Monday to Monday, Rome time) and
//   - per week: a chart of the tickets opened and answered, and a table of opened, the change from
//     the week before (an arrow, and in words for screen readers), the shares escalated and overdue,
//     and the hours to the first answer (p50, p90);
//   - per topic and desk, summed over the period: opened, answered, escalated, overdue, closed (the
//     hours are per week only: percentiles do not add up);
//   - the FAQ's use per topic, summed over the period: shown before asking, asked all the same, and
//     the difference, the questions it spared.
import { addDays, formatDay, t, today } from '../js/i18n.js';
import { h } from '../js/page.js';
import { barChart } from './chart.js';
import { busy, errorBox, field, formatNumber, formatPercent, loading, scrollingTable } from './common.js';
import * as staff from './staff-api.js';

const ZONE = 'Europe/Rome';
const WEEKS = 8;
const COUNTS = ['opened', 'answered', 'escalated', 'overdue', 'closed'];
const FAQ_COUNTS = ['shown', 'asked', 'not_asked'];

const valid = (day) => /^\d{4}-\d{2}-\d{2}$/.test(day || '');
const monday = (day) => addDays(day, -((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7));
const hours = (value) => (value === null || value === undefined ? '—' : formatNumber(value, 1));
const weekLabel = (week) => formatDay(week, { day: 'numeric', month: 'short' });

function table(id, caption, head, rows) {
  return scrollingTable(caption, h('table', { class: 'table table-sm stats-table', id },
    h('caption', { text: caption }),
    h('thead', {}, h('tr', {}, head.map((text, i) => h('th', { scope: 'col', class: i ? 'num' : false, text })))),
    h('tbody', {}, rows)));
}

// The change in tickets opened from the week before: "▲ +25%" seen, "25% more than the week before" heard.
function change(value) {
  if (value === null || value === undefined) {
    return h('td', { class: 'num' }, h('span', { 'aria-hidden': 'true', text: '—' }), h('span', { class: 'visually-hidden', text: t('hstats.noChange') }));
  }
  const share = formatPercent(Math.abs(value));
  const [arrow, key, kind] = value > 0 ? ['▲', 'hstats.up', 'trend-up'] : value < 0 ? ['▼', 'hstats.down', 'trend-down'] : ['=', 'hstats.same', 'trend-same'];
  return h('td', { class: `num ${kind}` },
    h('span', { 'aria-hidden': 'true', text: `${arrow} ${value > 0 ? '+' : value < 0 ? '−' : ''}${share}` }),
    h('span', { class: 'visually-hidden', text: t(key, { share }) }));
}

function weeksTable(weeks) {
  return table('hstats-weeks', t('hstats.byWeek'),
    [t('hstats.week'), t('hstats.opened'), t('hstats.change'), t('hstats.escalatedShare'), t('hstats.overdueShare'), t('hstats.p50'), t('hstats.p90')],
    weeks.map((week) => h('tr', { 'data-week': week.week },
      h('th', { scope: 'row', text: weekLabel(week.week) }),
      h('td', { class: 'num', text: formatNumber(week.opened) }),
      change(week.opened_change),
      h('td', { class: 'num', text: week.opened ? formatPercent(week.escalated_share) : '—' }),
      h('td', { class: 'num', text: week.opened ? formatPercent(week.overdue_share) : '—' }),
      h('td', { class: 'num', text: hours(week.first_answer_p50_hours) }),
      h('td', { class: 'num', text: hours(week.first_answer_p90_hours) }))));
}

// `rows` summed by the values of `keys` (e.g. topic and desk).
function summed(rows, keys, counts) {
  const groups = new Map();
  for (const row of rows) {
    const key = keys.map((k) => row[k]).join('|');
    if (!groups.has(key)) groups.set(key, { ...Object.fromEntries(keys.map((k) => [k, row[k]])), ...Object.fromEntries(counts.map((c) => [c, 0])) });
    for (const count of counts) groups.get(key)[count] += row[count];
  }
  return [...groups.values()];
}

function draw(area, answer, topicName, deskName) {
  if (!answer.rows.length && !answer.faq.length) {
    area.replaceChildren(h('p', { class: 'empty', id: 'hstats-empty', text: t('hstats.empty') }));
    return;
  }
  const answeredBy = (week) => answer.rows.filter((row) => row.week === week).reduce((sum, row) => sum + row.answered, 0);
  const byTopic = summed(answer.rows, ['topic', 'desk'], COUNTS)
    .sort((a, b) => topicName(a.topic).localeCompare(topicName(b.topic)) || deskName(a.desk).localeCompare(deskName(b.desk)));
  const faq = summed(answer.faq, ['topic'], FAQ_COUNTS).sort((a, b) => topicName(a.topic).localeCompare(topicName(b.topic)));
  area.replaceChildren(
    h('div', { class: 'charts' }, barChart({ id: 'hstats-chart', title: t('hstats.chart'), description: t('hstats.chartText'),
      labels: answer.weeks.map((week) => weekLabel(week.week)),
      series: [
        { name: t('hstats.opened'), className: 'bar-offered', values: answer.weeks.map((week) => week.opened) },
        { name: t('hstats.answered'), className: 'bar-used', values: answer.weeks.map((week) => answeredBy(week.week)) }] })),
    weeksTable(answer.weeks),
    table('hstats-topics', t('hstats.byTopic'), [t('hstats.topic'), t('hstats.desk'), ...COUNTS.map((c) => t(`hstats.${c}`))],
      byTopic.map((row) => h('tr', { 'data-topic': row.topic, 'data-desk': row.desk || '' },
        h('th', { scope: 'row', text: topicName(row.topic) }),
        h('td', { class: 'num', text: row.desk ? deskName(row.desk) : t('hstats.noDesk') }),
        COUNTS.map((c) => h('td', { class: 'num', text: formatNumber(row[c]) }))))),
    faq.length
      ? table('hstats-faq', t('hstats.faq'), [t('hstats.topic'), ...FAQ_COUNTS.map((c) => t(`hstats.faq.${c}`))],
        faq.map((row) => h('tr', { 'data-topic': row.topic }, h('th', { scope: 'row', text: topicName(row.topic) }),
          FAQ_COUNTS.map((c) => h('td', { class: 'num', text: formatNumber(row[c]) })))))
      : h('p', { class: 'empty', id: 'hstats-faq-empty', text: t('hstats.faqEmpty') }));
}

export async function render(container, context) {
  const { params, navigate, desks } = context;
  const { name: topicName } = await context.topicNames();
  const deskName = context.deskNamer(desks);
  const to = valid(params.to) ? params.to : today(ZONE);
  const from = valid(params.from) ? params.from : addDays(monday(to), -7 * (WEEKS - 1));
  const fromInput = h('input', { id: 'hstats-from', class: 'form-control', type: 'date', value: from });
  const toInput = h('input', { id: 'hstats-to', class: 'form-control', type: 'date', value: to });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('stats.show') });
  const form = h('form', { id: 'hstats-form', class: 'stats-form', novalidate: true },
    field('hstats-from', t('stats.from'), fromInput), field('hstats-to', t('stats.to'), toInput), submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate('questions', { view: 'stats', from: fromInput.value, to: toInput.value });
  });
  const area = h('section', { id: 'hstats-result', 'aria-labelledby': 'hstats-heading' }, loading());
  container.replaceChildren(
    h('p', { class: 'questions-intro', text: t('hstats.intro') }), form,
    h('h2', { id: 'hstats-heading', class: 'h4', text: t('stats.heading', { from: formatDay(from), to: formatDay(to) }) }), area);
  await busy(submit, async () => {
    try {
      draw(area, await staff.questionStats(from, to), topicName, deskName);
    } catch (error) {
      area.replaceChildren(errorBox(error));
    }
  });
}
