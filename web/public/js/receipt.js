// The receipt of a booking: its code (also as a QR code for the desk to scan), date and time in the
// desk's zone, desk and address, how to reach the desk, the documents to bring, until when it can be
// changed online, and what the applicant can do with it: add it to a calendar (.ics), print it, keep
// the private link that manages it.
import qrcode from '/vendor/qrcode-generator/qrcode.mjs';
import { downloadIcs, explain } from './api.js';
import { formatDate, formatTime, t } from './i18n.js';
import { announce, h, icon } from './page.js';

// The private address that manages a booking. The token travels in the fragment (#…), which browsers
// never send to a server, so it stays out of logs and Referer headers.
export function manageUrl(code, token) {
  const fragment = new URLSearchParams({ code, token });
  return `${location.origin}/manage#${fragment}`;
}

// An SVG QR code of `text`, drawn as one path (no inline style: CSP).
export function qrSvg(text, label) {
  const code = qrcode(0, 'M');
  code.addData(text);
  code.make();
  const count = code.getModuleCount();
  const quiet = 4;
  let path = '';
  for (let row = 0; row < count; row += 1) {
    for (let column = 0; column < count; column += 1) {
      if (code.isDark(row, column)) path += `M${column + quiet} ${row + quiet}h1v1h-1z`;
    }
  }
  const size = count + quiet * 2;
  const svg = h('svg:svg', { viewBox: `0 0 ${size} ${size}`, class: 'qr-code', role: 'img', 'aria-label': label,
    'shape-rendering': 'crispEdges' });
  svg.append(h('svg:rect', { width: size, height: size, fill: '#fff' }), h('svg:path', { d: path, fill: '#000' }));
  return svg;
}

export function statusBadge(status) {
  const kinds = { booked: 'success', cancelled: 'secondary', attended: 'primary', no_show: 'warning', released: 'warning' };
  return h('span', { class: `badge status-badge bg-${kinds[status] || 'secondary'}`, text: t(`bookingState.${status}`) });
}

function row(label, ...value) {
  return [h('dt', { text: label }), h('dd', {}, ...value)];
}

// The facts of a booking as a description list (`withStatus` false: before it is booked).
export function bookingFacts(booking, desk, type, { withStatus = true } = {}) {
  const zone = desk.timezone;
  return h('dl', { class: 'facts' },
    row(t('receipt.date'), formatDate(booking.start, zone)),
    row(t('receipt.time'), t('receipt.timeRange', { start: formatTime(booking.start, zone), end: formatTime(booking.end, zone) })),
    row(t('receipt.desk'), desk.name),
    desk.address ? row(t('receipt.address'), desk.address) : [],
    row(t('receipt.type'), type ? type.name : booking.type),
    row(t('receipt.application'), booking.application_id),
    withStatus ? row(t('receipt.status'), statusBadge(booking.status)) : []);
}

// How to reach the desk, with what its calendar file gives: telephone, e-mail, opening hours, and
// (`withAddress`) its address; null when it gives no contact. Heading id: `${idPrefix}-title`.
export function deskContact(desk, { withAddress = false, idPrefix = 'desk-contact' } = {}) {
  const contact = desk.contact || {};
  if (!contact.phone && !contact.email && !contact.hours && !(withAddress && desk.address)) return null;
  return h('section', { class: 'desk-contact', 'aria-labelledby': `${idPrefix}-title` },
    h('h3', { id: `${idPrefix}-title`, class: 'h5', text: t('contact.title') }),
    h('dl', { class: 'facts mb-0' },
      withAddress && desk.address ? row(t('receipt.address'), desk.address) : [],
      contact.phone ? row(t('contact.phone'), h('a', { href: `tel:${contact.phone.replace(/[^\d+]/g, '')}`, text: contact.phone })) : [],
      contact.email ? row(t('contact.email'), h('a', { href: `mailto:${contact.email}`, text: contact.email })) : [],
      contact.hours ? row(t('contact.hours'), contact.hours) : []));
}

// Until when a booked appointment can be moved or cancelled online (the type's cancel_notice_hours
// before its start), as a sentence; null when not booked or the desk does not say.
export function changeDeadline(booking, type, timeZone) {
  const hours = type?.cancel_notice_hours;
  if (booking.status !== 'booked' || !Number.isInteger(hours)) return null;
  const notice = hours >= 48 && hours % 24 === 0 ? t('notice.days', { count: hours / 24 })
    : hours === 1 ? t('notice.hour') : t('notice.hours', { count: hours });
  const deadline = new Date(Date.parse(booking.start) - hours * 3_600_000);
  if (deadline.getTime() <= Date.now()) return t('deadline.passed', { notice });
  return t('deadline.until', { notice, date: formatDate(deadline, timeZone), time: formatTime(deadline, timeZone) });
}

export function documentsList(type, headingLevel = 'h3') {
  if (!type || !type.documents?.length) return null;
  return h('section', { class: 'documents', 'aria-labelledby': 'documents-title' },
    h(headingLevel, { id: 'documents-title', class: 'h5', text: t('receipt.documents') }),
    h('ul', { class: 'checklist' }, type.documents.map((text) => h('li', {}, icon('it-check', 'icon-success icon-sm me-2'), text))));
}

async function copy(text, input) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    input.select();
    document.execCommand('copy');  // http on a LAN address has no Clipboard API
  }
  announce(t('receipt.copied'));
}

// The link to manage the booking, with a copy button and what it is for.
export function manageLinkBox(code, token) {
  const url = manageUrl(code, token);
  const input = h('input', { id: 'manage-url', class: 'form-control', type: 'text', readonly: true, value: url,
    'aria-describedby': 'manage-url-help', spellcheck: 'false' });
  const feedback = h('span', { class: 'copy-feedback', role: 'status' });
  return h('section', { class: 'manage-box card-box', 'aria-labelledby': 'manage-title' },
    h('h3', { id: 'manage-title', class: 'h5', text: t('receipt.manageTitle') }),
    h('p', { id: 'manage-url-help', text: t('receipt.manageHelp') }),
    h('div', { class: 'form-group field mb-2' },
      h('label', { for: 'manage-url', class: 'active', text: t('receipt.manageLink') }), input,
      h('small', { class: 'form-text access-code', text: t('receipt.accessCode', { token }) })),
    h('div', { class: 'd-flex flex-wrap gap-2 align-items-center' },
      h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', on: { click: async () => {
        await copy(url, input);
        feedback.textContent = t('receipt.copied');
      } } }, icon('it-copy', 'icon-primary icon-sm me-1'), t('receipt.copy')),
      h('a', { class: 'btn btn-outline-primary btn-sm', href: url }, t('receipt.openManage')),
      feedback));
}

// Saves the booking's .ics: fetched with the token in a header, then handed to the browser as a file
// (which phones open with their calendar app).
async function saveIcs(code, token, button) {
  button.disabled = true;
  try {
    const file = URL.createObjectURL(await downloadIcs(code, token));
    const link = h('a', { href: file, download: `${code}.ics`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(file), 60_000);
  } catch (error) {
    button.after(h('p', { class: 'text-danger small', role: 'alert', text: explain(error) }));
  } finally {
    button.disabled = false;
  }
}

// The .ics and print buttons.
export function receiptActions(code, token) {
  const ics = h('button', { type: 'button', class: 'btn btn-primary', id: 'add-to-calendar' },
    icon('it-calendar', 'icon-white me-2'), t('receipt.addToCalendar'));
  ics.addEventListener('click', () => saveIcs(code, token, ics));
  return h('div', { class: 'receipt-actions d-flex flex-wrap gap-2' },
    ics,
    h('button', { type: 'button', class: 'btn btn-outline-primary', id: 'print-receipt', on: { click: () => window.print() } },
      icon('it-print', 'icon-primary me-2'), t('receipt.print')));
}

// The printable receipt: code, QR (while booked), facts and documents.
export function receiptCard(booking, desk, type) {
  return h('section', { class: 'receipt card-box', 'aria-labelledby': 'receipt-code-label' },
    h('p', { class: 'print-only print-heading', text: `${t('site.title')} – ${t('receipt.printTitle')}` }),
    h('div', { class: 'receipt-top' },
      h('div', {},
        h('p', { id: 'receipt-code-label', class: 'receipt-code-label', text: t('receipt.code') }),
        h('p', { class: 'booking-code', id: 'booking-code', text: booking.code })),
      // For the desk to scan on the day: only while the appointment stands.
      booking.status === 'booked' ? h('figure', { class: 'qr' },
        qrSvg(booking.code, t('receipt.qrLabel', { code: booking.code })),
        h('figcaption', { text: t('receipt.qrCaption') })) : null),
    bookingFacts(booking, desk, type),
    deskContact(desk),
    documentsList(type));
}
