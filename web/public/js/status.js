// The application status page (/status): application number + tax code → the status the desk gave
// it and its history (js/status-history.js), what can be booked now, its bookings, its places on the
// waiting list with any seat offered, which can be accepted here (js/waitlist-view.js), and its
// questions to the desk, each opened on the questions page without asking again who the applicant
// is (js/question-view.js).
import * as api from './api.js';
import { applicationFields, checkApplicationFields } from './application-fields.js';
import { formatDate, formatTime, language, onLanguageChange, t } from './i18n.js';
import { alertBox, fieldError, focusOn, h, setTitle, startPage } from './page.js';
import { openQuestionUrl, questionItem } from './question-view.js';
import { manageUrl, statusBadge } from './receipt.js';
import { historySection } from './status-history.js';
import { normalizeTaxCode } from './taxcode.js';
import { acceptWithButton, askInPlace, entryFacts, isActive, offerPanel, waitlistUrl } from './waitlist-view.js';

// `news`: { kind, title, body: [parts] } said on top of the result after an action on it.
// `resultLanguage`: the language `result` was asked in, which the texts the server wrote are in.
const state = { applicationId: '', taxCode: '', result: null, resultLanguage: 'it', desks: [], desk: null, topics: [],
  error: null, news: null };
const root = () => document.getElementById('status');

function drawForm() {
  const fields = applicationFields(state);
  const idInput = fields.id.input;
  const taxInput = fields.tax.input;
  const form = h('form', { novalidate: true, class: 'step-form', id: 'status-form' },
    h('div', { id: 'form-error' }, state.error ? alertBox('danger', ...state.error) : null),
    fields.id.group, fields.tax.group,
    h('div', { class: 'step-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary', text: t('status.submit') })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    search(form, idInput, taxInput);
  });
  return form;
}

async function search(form, idInput, taxInput) {
  if (!checkApplicationFields(idInput, taxInput)) return;
  const id = idInput.value.trim();
  const taxCode = normalizeTaxCode(taxInput.value);
  state.applicationId = id;
  state.taxCode = taxCode;
  state.error = null;
  state.news = null;
  const submit = form.querySelector('[type="submit"]');
  submit.disabled = true;
  try {
    Object.assign(state, await lookUp());
    state.desk = await api.getDesk(state.result.desk).catch(() => null);
    if (state.result.questions?.length) state.topics = await api.topics().catch(() => []);
  } catch (error) {
    state.result = null;
    state.error = error.code === 'application_not_verified'
      ? [t('verify.notVerified.title'), t('status.notVerified')]
      : [api.explain(error)];
    submit.disabled = false;
    render();
    if (error.code === 'application_not_verified') {
      fieldError(document.getElementById('application-id'), ' ');
      fieldError(document.getElementById('tax-code'), ' ');
    }
    focusOn(root().querySelector('#form-error'));
    return;
  }
  render();
  focusOn(document.getElementById('result-title'));
}

// The application looked up in the page's language: { result, resultLanguage } (the language the
// texts the server wrote are in); throws the refusal.
async function lookUp() {
  const asked = language();
  return { result: await api.lookup(state.applicationId, state.taxCode), resultLanguage: asked };
}

function typeName(id) {
  return state.desk?.types.find((x) => x.id === id)?.name
    || state.result.types.find((x) => x.id === id)?.name || id;
}

// Opens the manage page of booking `code` with a fresh link, the same proof (number and tax code)
// as for this look-up: for whoever lost the link (the earlier one stops working).
function manageButton(code) {
  const button = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm mt-2', text: t('status.manage'),
    'data-code': code });
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const { bookings } = await api.renewManageLinks(state.applicationId, state.taxCode);
      const link = bookings.find((b) => b.code === code);
      if (!link) throw new Error('gone');
      location.assign(`/manage#${new URLSearchParams({ code: link.code, token: link.manage_token })}`);
    } catch (error) {
      button.disabled = false;
      button.after(h('p', { class: 'text-danger small', role: 'alert', text: api.explain(error) }));
    }
  });
  return button;
}

// Mails the links again to the address on file, for whoever prefers the e-mail.
function resendButton() {
  const button = h('button', { type: 'button', class: 'btn btn-link btn-sm px-0', id: 'resend-links', text: t('status.resend') });
  const holder = h('p', {}, button);
  button.addEventListener('click', async () => {
    button.disabled = true;
    holder.querySelector('[role="status"], [role="alert"]')?.remove();
    try {
      const answer = await api.resendLinks(state.applicationId, state.taxCode);
      holder.append(h('span', { class: 'd-block small', role: 'status',
        text: t(answer.status === 202 ? 'status.resent' : 'status.noEmail') }));
    } catch (error) {
      holder.append(h('span', { class: 'd-block small text-danger', role: 'alert', text: api.explain(error) }));
    } finally {
      button.disabled = false;
    }
  });
  return holder;
}

// Looks the application up again (after an action on one of its entries) and redraws, with
// `state.news` on top and focus on it.
async function refresh() {
  try {
    Object.assign(state, await lookUp());
  } catch {
    /* the result as it was; the news says what happened */
  }
  render();
  focusOn(document.getElementById('status-news') || document.getElementById('result-title'));
}

// The application's places on the waiting list: each with its facts and link, and a seat offered
// with "Accept this appointment" and "Decline".
function waitlistSection() {
  const entries = (state.result.waitlist || []).filter(isActive);
  if (!entries.length) return null;
  const zone = state.desk?.timezone || 'Europe/Rome';
  const items = entries.map((entry) => {
    const prefix = `wl-${entry.id}-`.replace(/[^A-Za-z0-9_-]/g, '');
    const item = h('li', { class: 'booking-item card-box waitlist-item', 'data-entry': entry.id });
    if (entry.state === 'offered' && entry.offer) {
      item.append(offerPanel(entry, state.desk, {
        idPrefix: prefix, headingLevel: 'h4', movesNote: t('waitlist.offer.moves'),
        onAccept: async (button) => {
          const booking = await acceptWithButton(entry, entry.token, button, document.getElementById(`${prefix}offer-error`), async (failure) => {
            state.news = { kind: 'warning', title: api.explain(failure), body: [] };
            await refresh();
          });
          if (!booking) return;
          state.news = { kind: 'success', title: t('waitlist.accepted.title'), body: [
            `${formatDate(booking.start, zone)}, ${formatTime(booking.start, zone)} (${booking.code})`,
            booking.manage_token ? h('p', { class: 'mb-0 mt-2' }, h('a', { href: manageUrl(booking.code, booking.manage_token),
              id: 'accepted-manage', text: t('receipt.openManage') })) : null] };
          await refresh();
        },
        onDecline: (button) => {
          const area = button.closest('.offer-buttons');
          area.id = `${prefix}offer-buttons`;
          askInPlace(area, {
            title: t('waitlist.confirmLeave.title'),
            body: [t('waitlist.confirmLeave.body'), t('waitlist.confirmLeave.offered')],
            yes: t('waitlist.confirmLeave.yes'), no: t('waitlist.confirmLeave.no'), back: button,
            onYes: (yes) => leave(entry, yes),
          });
        },
        onEnd: () => refresh(),
      }));
    }
    item.append(entryFacts(entry, state.desk, { withDesk: false, withApplication: false }),
      h('p', { class: 'mb-0' }, h('a', { href: waitlistUrl(entry.id, entry.token), text: t('waitlist.open') })));
    return item;
  });
  return [h('h3', { class: 'h5 mt-4', id: 'waitlist-title', text: t('status.waitlist') }),
    h('ul', { class: 'booking-list list-unstyled', 'aria-labelledby': 'waitlist-title' }, items)];
}

async function leave(entry, button) {
  button.disabled = true;
  try {
    await api.leaveWaitlist(entry.id, entry.token);
  } catch (error) {
    button.disabled = false;
    button.closest('.ask-in-place')?.append(alertBox('danger', api.explain(error)));
    return;
  }
  state.news = { kind: 'success', title: t('waitlist.gone.done'), body: [] };
  await refresh();
}

// The application's questions to the desk (number, topic, state, date), each opened on the
// questions page with the token the look-up gave; and a way to ask one.
function questionsSection() {
  const questions = state.result.questions || [];
  const topicName = (id) => state.topics.find((topic) => topic.id === id)?.name || id;
  return [h('h3', { class: 'h5 mt-4', id: 'questions-title', text: t('status.questions') }),
    questions.length
      ? h('ul', { class: 'booking-list list-unstyled', id: 'status-questions', 'aria-labelledby': 'questions-title' },
        questions.map((ticket) => questionItem(ticket, topicName, (chosen) => location.assign(openQuestionUrl(chosen)))))
      : h('p', { text: t('status.noQuestions') }),
    h('p', {}, h('a', { href: '/questions', id: 'status-ask', text: t('status.ask') }))];
}

function drawResult() {
  const { result, desk } = state;
  const zone = desk?.timezone || 'Europe/Rome';
  const deskName = desk?.name || result.desk;
  const active = result.bookings.filter((b) => b.status === 'booked');
  const bookable = result.types.filter((type) => !active.some((b) => b.type === type.id));
  const items = result.bookings.map((booking) => h('li', { class: 'booking-item card-box' },
    h('dl', { class: 'facts mb-0' },
      h('dt', { text: t('receipt.code') }), h('dd', {}, h('span', { class: 'booking-code-small', text: booking.code })),
      h('dt', { text: t('receipt.type') }), h('dd', { text: typeName(booking.type) }),
      h('dt', { text: t('status.when') }), h('dd', { text: `${formatDate(booking.start, zone)}, ${formatTime(booking.start, zone)}` }),
      h('dt', { text: t('receipt.status') }), h('dd', {}, statusBadge(booking.status))),
    booking.status === 'booked' ? manageButton(booking.code) : null));
  return h('section', { class: 'result', 'aria-labelledby': 'result-title' },
    h('h2', { id: 'result-title', class: 'h3', text: t('status.resultTitle', { id: result.application_id }) }),
    state.news ? h('div', { id: 'status-news' }, alertBox(state.news.kind, state.news.title, ...state.news.body.filter(Boolean))) : null,
    h('dl', { class: 'facts card-box' },
      h('dt', { text: t('receipt.desk') }), h('dd', { text: deskName }),
      h('dt', { text: t('status.state') }), h('dd', {}, h('strong', { text: result.status }),
        h('span', { class: 'small text-secondary d-block', text: t('status.stateNote') }))),
    historySection(result.events, { zone, textLanguage: state.resultLanguage }),
    h('h3', { class: 'h5 mt-4', text: t('status.bookable') }),
    bookable.length === 0
      ? h('p', { text: t(result.types.length ? 'status.allBooked' : 'status.nothingBookable') })
      : h('ul', { class: 'list-unstyled bookable' }, bookable.map((type) => h('li', { class: 'mb-2' },
        desk?.self_booking
          ? h('a', { class: 'btn btn-primary btn-sm', href: `/?desk=${encodeURIComponent(result.desk)}&type=${encodeURIComponent(type.id)}`,
            text: t('status.book', { type: typeName(type.id) }) })
          : h('span', {}, h('strong', { text: typeName(type.id) }), ' – ', t('status.convened'))))),
    h('h3', { class: 'h5 mt-4', text: t('status.bookings') }),
    items.length === 0
      ? h('p', { text: t('status.noBookings') })
      : h('ul', { class: 'booking-list list-unstyled' }, items),
    active.length ? h('p', { class: 'small', text: t('status.manageNote') }) : null,
    active.length ? resendButton() : null,
    waitlistSection(),
    questionsSection(),
    h('p', {}, h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', text: t('status.again'),
      on: { click: () => { state.result = null; state.news = null; render(); focusOn(document.getElementById('application-id')); } } })));
}

function render() {
  setTitle(t('status.title'));
  root().replaceChildren(...(state.result ? [drawResult()] : [h('p', { text: t('status.intro') }), drawForm()]));
}

async function start() {
  startPage();
  api.prepareProofOfWork();  // the automatic check, when a desk asks for it
  onLanguageChange(async () => {
    // The history's steps come written in the language asked: ask again (the result as it was,
    // its texts marked with their language, if that fails or another search began meanwhile).
    if (state.result) {
      const again = await lookUp().catch(() => null);
      if (again && state.result?.application_id === again.result.application_id) Object.assign(state, again);
    }
    if (state.desk) state.desk = await api.getDesk(state.desk.id).catch(() => state.desk);
    if (state.topics.length) state.topics = await api.topics().catch(() => state.topics);
    const focused = document.activeElement?.id;
    render();
    if (focused) document.getElementById(focused)?.focus();
  });
  render();
}

start();
