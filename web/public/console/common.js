// What the console's views share: roles, the desk in use, error boxes, badges, a confirmation
// dialog, CSV downloads and busy buttons. Views draw with page.js's h() like the applicant pages.
import { formatDate, formatTime, locale, t } from '../js/i18n.js';
import { alertBox, announce, h } from '../js/page.js';
import * as staff from './staff-api.js';

const RANK = { operator: 0, manager: 1, admin: 2 };

// True when `user` holds at least `role` (the server decides; this only shapes the interface).
export function can(user, role) {
  return (RANK[user?.role] ?? -1) >= RANK[role];
}

// The desks and their details (type names in the current language), fetched once per language.
const deskCache = new Map();
export function deskDetail(desk) {
  const key = `${desk}|${locale()}`;
  if (!deskCache.has(key)) deskCache.set(key, staff.getDesk(desk).catch((error) => { deskCache.delete(key); throw error; }));
  return deskCache.get(key);
}

export function typeName(detail, id) {
  return detail?.types?.find((type) => type.id === id)?.name || id;
}

// A number as the console's language writes it ("5,8" and "1.234" in Italian, "5.8" and "1,234" in
// English), with exactly `digits` decimals.
export function formatNumber(value, digits = 0) {
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

// A share from 0 to 1 as a whole percentage in the console's language ("45%", "45 %" where so written).
export function formatPercent(share) {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

// "martedì 1 dicembre 2026, 09:20" in the desk's zone.
export function when(instant, zone) {
  return `${formatDate(instant, zone)}, ${formatTime(instant, zone)}`;
}

// A refusal as an alert: the console's own sentence for the codes staff meet, else the server's title.
export function errorBox(error, context = '') {
  const known = ['forbidden', 'not_found', 'network', 'rate_limited', 'slot_full', 'already_booked',
    'type_not_allowed', 'outside_booking_window', 'not_a_slot', 'unauthorized', 'too_late_to_change', 'too_early',
    'outside_checkin_window', 'not_checkable', 'already_claimed', 'question_closed'];
  const title = known.includes(error.code) ? t(`console.error.${error.code}`) : error.title;
  return alertBox('danger', context || title, ...(context ? [title] : []), ...(error.detail && error.code === 'invalid_request' ? [error.detail] : []));
}

export function statusBadge(status) {
  const kinds = { booked: 'success', cancelled: 'secondary', attended: 'primary', no_show: 'warning', released: 'warning' };
  return h('span', { class: `badge status-badge bg-${kinds[status] || 'secondary'}`, text: t(`bookingState.${status}`) });
}

// Runs `work` with `button` disabled and marked busy; returns what `work` returns.
export async function busy(button, work) {
  button.disabled = true;
  button.classList.add('is-busy');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.classList.remove('is-busy');
  }
}

// A modal confirmation (native <dialog>, so focus is trapped and Escape cancels). Resolves true when
// the person confirms. `body` is a list of paragraphs.
export function confirmDialog({ title, body = [], confirm, cancel = t('console.cancel'), danger = false }) {
  return new Promise((resolve) => {
    const titleId = 'dialog-title';
    const dialog = h('dialog', { class: 'console-dialog', 'aria-labelledby': titleId, 'aria-modal': 'true' },
      h('h2', { id: titleId, class: 'h4', text: title }),
      ...body.map((text) => h('p', { text })),
      h('div', { class: 'step-buttons' },
        h('button', { type: 'button', class: 'btn btn-outline-primary', 'data-answer': 'no', text: cancel }),
        h('button', { type: 'button', class: `btn ${danger ? 'btn-danger' : 'btn-primary'}`, 'data-answer': 'yes', text: confirm })));
    const opener = document.activeElement;
    const close = (answer) => {
      dialog.close();
      dialog.remove();
      opener?.focus?.();
      resolve(answer);
    };
    dialog.addEventListener('click', (event) => {
      const answer = event.target.closest('[data-answer]')?.dataset.answer;
      if (answer) close(answer === 'yes');
    });
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('[data-answer="no"]').focus();
  });
}

// RFC 4180 text of `rows` (arrays of cells). A cell that a spreadsheet would run as a formula
// (=, +, -, @ first, also after spaces that an import may trim; or a tab or carriage return first)
// is prefixed with an apostrophe; numbers are written as they are.
export function toCsv(rows) {
  const cell = (value) => {
    if (typeof value === 'number') return String(value);
    let text = value === null || value === undefined ? '' : String(value);
    if (/^(\s*[=+\-@]|[\t\r])/.test(text)) text = `'${text}`;
    return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

// Offers `rows` as a UTF-8 CSV download named `filename` (with a byte-order mark, so spreadsheet
// programs read accented letters right).
export function downloadCsv(filename, rows) {
  downloadFile(filename, new Blob(['\ufeff', toCsv(rows)], { type: 'text/csv;charset=utf-8' }));
}

// Saves `blob` as `filename` through the browser's download, and says so to screen readers.
export function downloadFile(filename, blob) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename, class: 'visually-hidden', text: filename });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10000);
  announce(t('console.csvReady', { file: filename }));
}

// A table that may scroll sideways on a narrow screen, in a region that the keyboard can reach
// and scroll (a table without links or buttons has nothing else to focus), named `label`.
export function scrollingTable(label, table) {
  return h('div', { class: 'table-responsive', tabindex: '0', role: 'region', 'aria-label': label }, table);
}

// A labelled form field (label above, as on the applicant pages).
export function field(id, label, control, hint = '') {
  if (hint) control.setAttribute('aria-describedby', `${id}-hint`);
  return h('div', { class: 'form-group field' },
    h('label', { for: id, class: 'active', text: label }), control,
    hint ? h('small', { id: `${id}-hint`, class: 'form-text', text: hint }) : null);
}

export function loading() {
  return h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('common.loading'));
}
