// Questions to the desk wherever an applicant meets them (the questions page, the status page): a
// ticket's state in words, a ticket in a list, the conversation (the applicant's messages and the
// desk's answers, with dates in the desks' zone), and the text field with its counter. The staff
// console draws its own.
import { formatDate, formatTime, t } from './i18n.js';
import { announce, fieldError, h } from './page.js';
import { saveQuestion } from './question-session.js';

// Every desk is in Italy: the ticket's instants carry Rome's offset, and are written in its time.
export const QUESTION_ZONE = 'Europe/Rome';
// The longest text of a question or a reply, in characters (code points, as the server counts).
export const QUESTION_MAX = 2000;

const BADGES = { open: 'primary', claimed: 'primary', escalated: 'primary', waiting_applicant: 'warning',
  answered: 'success', closed: 'secondary' };

export function stateBadge(state) {
  return h('span', { class: `badge status-badge bg-${BADGES[state] || 'secondary'}`, text: t(`questions.state.${state}`) });
}

// "lunedì 23 novembre 2026, 10:07"
export function when(instant) {
  return `${formatDate(instant, QUESTION_ZONE)}, ${formatTime(instant, QUESTION_ZONE)}`;
}

// The address of the questions page showing `ticket` (from a look-up's answer, with its token),
// which this tab then keeps, so the page opens it without asking again who the applicant is.
export function openQuestionUrl(ticket) {
  saveQuestion({ id: ticket.id, token: ticket.token, number: ticket.number });
  return `/questions#id=${encodeURIComponent(ticket.id)}`;
}

// A ticket in a list: number, topic, state, when it was sent, and a button that opens it.
export function questionItem(ticket, topicName, onOpen) {
  const open = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm mt-2', 'data-question': ticket.id,
    text: t('questions.mine.open', { number: ticket.number }) });
  open.addEventListener('click', () => onOpen(ticket, open));
  return h('li', { class: 'booking-item card-box question-item', 'data-question': ticket.id },
    h('dl', { class: 'facts mb-0' },
      h('dt', { text: t('questions.facts.number') }), h('dd', {}, h('span', { class: 'booking-code-small', text: ticket.number })),
      h('dt', { text: t('questions.facts.topic') }), h('dd', { text: topicName(ticket.topic) }),
      h('dt', { text: t('questions.facts.state') }), h('dd', {}, stateBadge(ticket.state)),
      h('dt', { text: t('questions.facts.sent') }), h('dd', { text: when(ticket.created_at) }),
      ticket.updated_at && when(ticket.updated_at) !== when(ticket.created_at)
        ? [h('dt', { text: t('questions.facts.updated') }), h('dd', { text: when(ticket.updated_at) })] : null),
    open);
}

// The messages of a ticket, oldest first: the applicant's ("Tu") and the desk's ("Sportello").
export function conversation(ticket) {
  return h('ol', { class: 'conversation', id: 'conversation' }, ticket.messages.map((message, index) => {
    const staff = message.from === 'staff';
    return h('li', { class: `message ${staff ? 'from-staff' : 'from-applicant'}`, id: `message-${index + 1}`, 'data-from': message.from },
      h('p', { class: 'message-head' },
        h('span', { class: 'message-from', text: t(staff ? 'questions.from.staff' : 'questions.from.applicant') }),
        h('span', { class: 'message-at', text: when(message.at) })),
      h('p', { class: 'message-text', text: message.text }));
  }));
}

// The number of characters of `text` as the server counts them (code points).
export const characters = (text) => [...text].length;

// A labelled textarea for a question or a reply, with a counter of the characters left under it
// (said to screen readers once typing pauses near the end). `onInput(value)` follows every change.
// Returns { group, input }.
export function questionTextField({ id, label, hint, value = '', onInput = () => {}, rows = 6 }) {
  const input = h('textarea', { id, class: 'form-control', rows: String(rows), spellcheck: 'true',
    'aria-describedby': `${id}-hint ${id}-count` });
  input.value = value;
  const count = h('small', { id: `${id}-count`, class: 'form-text comment-count' });
  const counted = () => {
    const left = QUESTION_MAX - characters(input.value);
    count.textContent = left >= 0 ? t('questions.left', { n: left }) : t('questions.over', { n: -left });
    count.classList.toggle('is-over', left < 0);
    return left;
  };
  counted();
  let pause = 0;
  input.addEventListener('input', () => {
    onInput(input.value);
    const left = counted();
    window.clearTimeout(pause);
    if (left <= 100) {
      pause = window.setTimeout(() => announce(left >= 0 ? t('questions.left', { n: left }) : t('questions.over', { n: -left })), 1000);
    }
  });
  const group = h('div', { class: 'form-group field' },
    h('label', { for: id, class: 'active', text: label }), input,
    h('small', { id: `${id}-hint`, class: 'form-text', text: hint }), count);
  return { group, input };
}

// Marks an empty or too long text next to `input` (and focuses it); true when it may be sent.
export function checkQuestionText(input, requiredKey) {
  const text = input.value.trim();
  const message = !text ? t(requiredKey) : characters(text) > QUESTION_MAX ? t('questions.textTooLong', { max: QUESTION_MAX }) : '';
  fieldError(input, message);
  if (message) input.focus();
  return !message;
}
