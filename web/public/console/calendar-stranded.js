// Booked appointments a calendar change would leave outside the calendar ("stranded"): the
// question the editor asks before saving such a change (don't save; save and move each to the
// nearest free seat of its type; save and cancel them; save anyway and keep them), and what
// happened to each once saved. The server decides and e-mails the applicants (SPEC.md, "Calendar
// file", `?stranded=move|cancel`); this only shows it.
import { t } from '../js/i18n.js';
import { h } from '../js/page.js';
import { confirmDialog, scrollingTable, typeName, when } from './common.js';

// `outcomes` (code → { outcome, start }) adds a column saying what happened to each.
export function strandedTable(bookings, detail, zone, outcomes = null) {
  const outcomeText = (booking) => {
    const result = outcomes.get(booking.code);
    if (result?.outcome === 'moved') return t('calendar.outcome.moved', { when: when(result.start, zone) });
    return t(`calendar.outcome.${result?.outcome === 'cancelled' ? 'cancelled' : 'kept'}`);
  };
  const columns = ['day.col.time', 'day.col.code', 'day.col.type', 'day.col.application', 'day.col.contact'];
  const caption = t(outcomes ? 'calendar.strandedResultCaption' : 'calendar.strandedCaption');
  return scrollingTable(caption, h('table', { class: 'table table-sm stranded' },
    h('caption', { class: 'visually-hidden', text: caption }),
    h('thead', {}, h('tr', {}, [...columns, ...(outcomes ? ['calendar.outcome'] : [])]
      .map((key) => h('th', { scope: 'col', text: t(key) })))),
    h('tbody', {}, bookings.map((b) => h('tr', { 'data-code': b.code, 'data-outcome': outcomes?.get(b.code)?.outcome || false },
      h('td', { text: when(b.start, zone) }), h('td', { text: b.code }),
      h('td', { text: typeName(detail, b.type) }), h('td', { text: b.application_id }),
      h('td', { text: [b.email, b.phone].filter(Boolean).join(' · ') || '—' }),
      outcomes ? h('td', { class: 'fw-semibold', text: outcomeText(b) }) : null)))));
}

// The question, as a warning box; `choose(mode, button)` gets 'keep', 'move', 'cancel' or 'force'
// (cancelling asks once more).
export function strandedQuestion(bookings, detail, zone, choose) {
  const button = (mode, kind, text) => {
    const element = h('button', { type: 'button', class: `btn ${kind}`, id: `stranded-${mode}`, text });
    element.addEventListener('click', async () => {
      const title = bookings.length === 1 ? t('calendar.cancelTitleOne') : t('calendar.cancelTitle', { n: bookings.length });
      if (mode === 'cancel' && !(await confirmDialog({ title,
        body: [t('calendar.cancelBody')], confirm: t('calendar.cancelConfirm'), danger: true }))) return;
      choose(mode, element);
    });
    return element;
  };
  return h('div', { class: 'alert alert-warning', role: 'alert', id: 'stranded' },
    h('p', { class: 'alert-title fw-semibold mb-1', text: t('calendar.strandedTitle', { n: bookings.length }) }),
    h('p', { text: t('calendar.strandedBody') }),
    strandedTable(bookings, detail, zone),
    h('p', { class: 'small', text: t('calendar.strandedNotice') }),
    h('div', { class: 'step-buttons stranded-choices' },
      button('keep', 'btn-outline-primary', t('calendar.keep')),
      button('move', 'btn-primary', t('calendar.move')),
      button('cancel', 'btn-outline-danger', t('calendar.cancelStranded')),
      button('force', 'btn-outline-danger', t('calendar.force'))));
}

// What the save answered about the stranded appointments, as paragraphs and a table for the
// success box: `answered` is the answer's `stranded` list (each booking as it is now, with its
// `outcome` and, when moved, `previous_start`), `asked` the bookings listed before, `mode` the choice.
export function strandedResult(answered, asked, detail, zone, mode) {
  if (!answered.length) return [];
  if (mode === 'force' || !answered.some((item) => item.outcome)) {  // saved anyway: all kept as they are
    return [t('calendar.keptStranded', { n: answered.length }), strandedTable(answered, detail, zone)];
  }
  const outcomes = new Map(answered.map((item) => [item.code, item]));
  const known = new Map(asked.map((b) => [b.code, b]));
  // The time it had: the new start is in the outcome column.
  const bookings = answered.map((item) => ({ ...known.get(item.code), ...item,
    start: item.previous_start || known.get(item.code)?.start || item.start }));
  const count = (outcome) => answered.filter((item) => item.outcome === outcome).length;
  return [
    t('calendar.strandedDone', { moved: count('moved'), cancelled: count('cancelled'), kept: count('kept') }),
    ...(count('kept') ? [t('calendar.keptStranded', { n: count('kept') })] : []),
    strandedTable(bookings, detail, zone, outcomes),
  ];
}
