// The day of the visit on the manage page: the ticket taken at check-in (its number, state, place in
// the queue and estimated wait; "go to counter X" when called) and, once the visit is over, the
// rating of the visit (1 to 5 as a group of radio buttons, an optional comment of at most 500
// characters). The manage page keeps them up to date (js/live.js); these functions only draw.
import * as api from './api.js';
import { announce, focusOn, h, icon } from './page.js';
import { t } from './i18n.js';

export const COMMENT_MAX = 500;
const RATINGS = [1, 2, 3, 4, 5];

function waitText(minutes) {
  if (minutes === 0) return t('visit.waitSoon');
  if (minutes === 1) return t('visit.waitMinute');
  return t('visit.waitMinutes', { minutes });
}

// The ticket of a booking checked in (not shown once served: the rating takes its place).
export function ticketPanel(ticket) {
  const called = ticket.state === 'called';
  const waiting = ticket.state === 'waiting';
  const facts = [
    h('dt', { text: t('visit.state') }), h('dd', { id: 'ticket-state', text: t(`visit.state.${ticket.state}`) }),
  ];
  if (waiting && Number.isInteger(ticket.position)) {
    facts.push(h('dt', { text: t('visit.position') }), h('dd', { id: 'ticket-position', text: String(ticket.position) }));
  }
  if (waiting && Number.isInteger(ticket.estimated_wait_minutes)) {
    facts.push(h('dt', { text: t('visit.estimate') }), h('dd', { id: 'ticket-estimate', text: waitText(ticket.estimated_wait_minutes) }));
  }
  return h('section', { class: `ticket card-box ticket-${ticket.state}`, id: 'ticket', 'aria-labelledby': 'ticket-title' },
    h('h3', { id: 'ticket-title', class: 'h5', text: t('visit.title') }),
    called ? h('div', { class: 'ticket-call', id: 'ticket-call' },
      h('p', { class: 'ticket-call-lead', text: t('visit.calledLead') }),
      h('p', { class: 'ticket-call-counter', text: t('visit.goTo', { counter: ticket.counter }) })) : null,
    h('div', { class: 'ticket-top' },
      h('p', { class: 'ticket-number-label', id: 'ticket-number-label', text: t('visit.number') }),
      h('p', { class: 'ticket-number', id: 'ticket-number', text: ticket.number })),
    h('dl', { class: 'facts' }, facts),
    h('p', { class: 'ticket-note' }, icon('it-info-circle', 'icon-sm icon-secondary me-1'),
      t(ticket.state === 'missed' ? 'visit.missedNote' : waiting || called ? 'visit.liveNote' : 'visit.doneNote')));
}

// What to say to a screen reader when the booking read again differs from the one shown.
export function visitNews(before, after) {
  const was = before?.ticket;
  const now = after.ticket;
  if (now?.state === 'called' && (was?.state !== 'called' || now.calls > was.calls)) {
    return t('visit.calledAnnounce', { number: now.number, counter: now.counter });
  }
  if (now && !was) return t('visit.checkedInAnnounce', { number: now.number });
  if (after.status === 'attended' && before?.status !== 'attended' && after.rated === false) return t('feedback.invite');
  return '';
}

function thanks() {
  return h('section', { class: 'feedback card-box', id: 'feedback', 'aria-labelledby': 'feedback-thanks' },
    h('div', { class: 'alert alert-success mb-0', role: 'status' },
      h('p', { class: 'alert-title fw-semibold mb-1', id: 'feedback-thanks', text: t('feedback.thanks') }),
      h('p', { class: 'mb-0', text: t('feedback.thanksBody') })));
}

// The rating form of an attended booking, or the thanks once rated. `draft` ({ rating, comment })
// keeps what was chosen across redraws; `onRated()` runs after the server took the rating (or had
// it already: 409 already_rated), to draw the thanks.
export function feedbackSection(booking, token, draft, onRated) {
  if (booking.rated) return thanks();
  const error = h('div', { id: 'feedback-error' });
  const options = RATINGS.map((value) => {
    const input = h('input', { type: 'radio', name: 'rating', id: `rating-${value}`, value: String(value),
      checked: draft.rating === value, 'aria-describedby': 'rating-hint' });
    input.addEventListener('change', () => { draft.rating = value; clearRatingError(); });
    return h('div', { class: 'choice rating-choice' }, input, h('label', { for: input.id },
      h('span', { class: 'choice-title', text: t('feedback.option', { value, word: t(`feedback.word.${value}`) }) }),
      h('span', { class: 'rating-stars', 'aria-hidden': 'true', text: '★'.repeat(value) + '☆'.repeat(5 - value) })));
  });
  const ratingError = h('p', { id: 'rating-error', class: 'invalid-feedback d-block field-error', hidden: true });
  const clearRatingError = () => {
    ratingError.hidden = true;
    for (const option of options) option.querySelector('input').setAttribute('aria-describedby', 'rating-hint');
  };
  const comment = h('textarea', { id: 'feedback-comment', class: 'form-control', rows: '4', maxlength: String(COMMENT_MAX),
    'aria-describedby': 'feedback-comment-hint feedback-comment-count' });
  comment.value = draft.comment || '';
  const count = h('small', { id: 'feedback-comment-count', class: 'form-text comment-count' });
  let pause = 0;
  const counted = () => {
    const left = COMMENT_MAX - comment.value.length;
    count.textContent = t('feedback.left', { n: left });
    return left;
  };
  counted();
  comment.addEventListener('input', () => {
    draft.comment = comment.value;
    const left = counted();
    // Said once typing pauses, and only near the end: not at every key.
    window.clearTimeout(pause);
    if (left <= 50) pause = window.setTimeout(() => announce(t('feedback.left', { n: left })), 1000);
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'feedback-submit', text: t('feedback.submit') });
  const form = h('form', { id: 'feedback-form', novalidate: true },
    h('fieldset', { class: 'rating-group mb-3' },
      h('legend', { class: 'h5', text: t('feedback.legend') }),
      h('p', { id: 'rating-hint', class: 'form-text', text: t('feedback.hint') }),
      ratingError,
      h('div', { class: 'choices rating-choices' }, options)),
    h('div', { class: 'form-group field' },
      h('label', { for: 'feedback-comment', class: 'active', text: t('feedback.comment') }), comment,
      h('small', { id: 'feedback-comment-hint', class: 'form-text', text: t('feedback.commentHint') }), count),
    h('div', { class: 'step-buttons' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!draft.rating) {
      ratingError.textContent = t('feedback.ratingRequired');
      ratingError.hidden = false;
      for (const option of options) option.querySelector('input').setAttribute('aria-describedby', 'rating-hint rating-error');
      options[0].querySelector('input').focus();
      return;
    }
    submit.disabled = true;
    error.replaceChildren();
    try {
      await api.giveFeedback(booking.code, token, draft.rating, comment.value.trim());
    } catch (refusal) {
      if (refusal.code !== 'already_rated') {
        submit.disabled = false;
        const text = refusal.code === 'not_attended' ? t('feedback.notAttended') : api.explain(refusal);
        error.replaceChildren(h('div', { class: 'alert alert-danger', role: 'alert' }, h('p', { class: 'mb-0', text })));
        focusOn(error.firstElementChild);
        return;
      }
    }
    onRated();
  });
  return h('section', { class: 'feedback card-box', id: 'feedback', 'aria-labelledby': 'feedback-title' },
    h('h3', { id: 'feedback-title', class: 'h5', text: t('feedback.title') }),
    h('p', { text: t('feedback.intro') }),
    error, form);
}
