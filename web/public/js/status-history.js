// The history of an application on the status page: the steps the national system recorded (the
// look-up's `events`, which the server sends oldest first), as a Bootstrap Italia timeline with the
// date and time of each step in the desk's zone.
//
// Newest first. An applicant opens this page to learn where the case stands now: the latest step
// comes first, highlighted, and is what a screen reader reads right after the heading; the steps
// before it follow going back in time, as a parcel's tracking or a bank's statement lists them. The
// list stays an ordered list, marked `reversed` (its numbers count down), so its order is the case's.
import { formatShortDateTime, language, t } from './i18n.js';
import { h, icon } from './page.js';

// The heading, the note on the order and the steps (or a line saying there are none yet), to put
// in the status page's result; null when the look-up carried no `events` (a server older than the
// history), so that nothing new shows. `textLanguage`: the language the look-up was asked in, which
// the steps' texts are written in; `zone`: the desk's time zone.
export function historySection(events, { zone, textLanguage }) {
  if (!Array.isArray(events)) return null;
  const title = h('h3', { class: 'h5 mt-4', id: 'history-title', text: t('status.history') });
  if (!events.length) return [title, h('p', { id: 'history-empty', text: t('status.noHistory') })];
  const newestFirst = [...events].reverse();
  const ordered = newestFirst.length > 1;  // the order is worth a word once there are two steps
  return [title,
    ordered ? h('p', { class: 'small text-secondary mb-0', id: 'history-order', text: t('status.historyOrder') }) : null,
    h('div', { class: 'it-timeline-wrapper history-timeline' },
      h('ol', { class: 'row list-unstyled', id: 'history', reversed: true, 'aria-labelledby': 'history-title',
        'aria-describedby': ordered ? 'history-order' : null },
      newestFirst.map((event, index) => historyStep(event, index === 0, zone, textLanguage))))];
}

// One step: a pin (filled for the latest), its date and time, its text. A `status` step carries
// the status the desk wrote, in Italian whatever the page's language (as the status above says);
// a text in another language than the page's is marked so, for screen readers to pronounce it.
function historyStep(event, latest, zone, textLanguage) {
  const written = event.code === 'status' ? 'it' : textLanguage;
  return h('li', { class: `history-step${latest ? ' is-latest' : ''}`, 'data-code': event.code },
    h('div', { class: 'timeline-element' },
      h('div', { class: `it-pin-wrapper${latest ? ' it-now' : ''}` },
        h('div', { class: 'pin-icon' }, icon(latest ? 'it-flag' : 'it-check')),
        h('div', { class: 'pin-text' }, h('span', {},
          h('time', { datetime: event.at, text: formatShortDateTime(event.at, zone) })))),
      h('p', { class: 'history-text', lang: written !== language() ? written : null, text: event.text })));
}
