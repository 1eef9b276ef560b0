// The waiting list wherever an applicant meets it (its own page /waitlist, the booking page, the
// manage page, the status page): the entry's facts, an offered seat with the time left to accept it
// counting down, the form to join, and the private link of an entry. Dates and times are in the
// desk's time zone; the time left is counted from the offer's `expires_at`, an instant, so the
// device's zone does not matter. These functions draw; the pages call the API.
import * as api from './api.js';
import { addDays, formatDate, formatDay, formatTime, t, today } from './i18n.js';
import { alertBox, announce, fieldError, focusOn, h, icon, textField } from './page.js';
import { isValidTaxCode, normalizeTaxCode } from './taxcode.js';

// The private address of an entry. The token travels in the fragment, which browsers never send to
// a server (like the manage link).
export function waitlistUrl(id, token) {
  return `${location.origin}/waitlist#${new URLSearchParams({ id, token })}`;
}

export function waitlistBadge(state) {
  const kinds = { waiting: 'primary', offered: 'success', accepted: 'success', expired: 'secondary', left: 'secondary' };
  return h('span', { class: `badge status-badge waitlist-badge bg-${kinds[state] || 'secondary'}`, 'data-state': state,
    text: t(`waitlist.state.${state}`) });
}

export const isActive = (entry) => entry?.state === 'waiting' || entry?.state === 'offered';

function row(label, ...value) {
  return [h('dt', { text: label }), h('dd', {}, ...value)];
}

// The facts of an entry as a description list. `desk`: the desk's detail (name, types), or null.
// The number in line is left out while a seat is offered: the offer is what counts then.
export function entryFacts(entry, desk, { withDesk = true, withApplication = true } = {}) {
  const zone = desk?.timezone || 'Europe/Rome';
  const type = desk?.types?.find((x) => x.id === entry.type);
  return h('dl', { class: 'facts waitlist-facts' },
    withDesk ? row(t('receipt.desk'), desk?.name || entry.desk) : [],
    row(t('receipt.type'), type?.name || entry.type),
    withApplication && entry.application_id ? row(t('receipt.application'), entry.application_id) : [],
    row(t('waitlist.state'), waitlistBadge(entry.state)),
    entry.state === 'waiting' && Number.isInteger(entry.position)
      ? row(t('waitlist.position'), h('strong', { class: 'waitlist-position', text: String(entry.position) })) : [],
    isActive(entry) ? row(t('waitlist.before'), entry.before ? t('waitlist.beforeValue', { date: formatDay(entry.before) }) : t('waitlist.anyDate')) : [],
    entry.created_at ? row(t('waitlist.joinedAt'), formatDate(entry.created_at, zone)) : []);
}

// How the waiting list works, with the time an offer is held when the desk says it.
export function howItWorks(desk, typeId) {
  const minutes = desk?.types?.find((x) => x.id === typeId)?.waitlist_offer_minutes;
  return Number.isInteger(minutes) && minutes > 0 ? t('waitlist.howMinutes', { minutes }) : t('waitlist.how');
}

// False when the desk says that this type has no waiting list (waitlist_offer_minutes 0); when it
// does not say, the page offers it and the server's 409 waitlist_closed is explained.
export function hasWaitlist(desk, typeId) {
  return desk?.types?.find((x) => x.id === typeId)?.waitlist_offer_minutes !== 0;
}

// "12 minuti", "meno di un minuto", "1 h 5 min": the time left until an offer runs out.
export function timeLeftText(milliseconds) {
  if (milliseconds <= 0) return t('waitlist.left.none');
  if (milliseconds < 60_000) return t('waitlist.left.seconds');
  const minutes = Math.ceil(milliseconds / 60_000);
  if (minutes >= 60) return t('waitlist.left.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  return minutes === 1 ? t('waitlist.left.minute') : t('waitlist.left.minutes', { count: minutes });
}

// A timer that counts down to `expiresAt` (RFC 3339) each second while it is in the page. Screen
// readers are told once at 5 minutes and once at 1 minute left (a timer is not read at every tick);
// `onEnd` runs once when the time is up.
export function countdown(expiresAt, onEnd = () => {}) {
  const end = Date.parse(expiresAt);
  const element = h('span', { class: 'countdown', role: 'timer', 'aria-atomic': 'true' });
  let before = end - Date.now();
  let timer = 0;
  const tick = () => {
    const left = end - Date.now();
    element.textContent = timeLeftText(left);
    element.classList.toggle('is-short', left < 5 * 60_000);
    for (const mark of [5 * 60_000, 60_000]) {
      if (before > mark && left <= mark && left > 0) announce(t('waitlist.left.announce', { time: timeLeftText(left) }));
    }
    before = left;
    if (left <= 0) {
      window.clearInterval(timer);
      onEnd();
    }
  };
  tick();
  if (end > Date.now()) {
    timer = window.setInterval(() => {
      if (!element.isConnected) window.clearInterval(timer);  // the page redrew without it
      else tick();
    }, 1000);
  }
  return element;
}

// The seat offered to an entry, prominent: when, until when it is held (in the desk's zone) and the
// time left, then "Accept this appointment" and "Decline". `options`: { idPrefix, headingLevel,
// movesNote (the applicant's booking would move here), onAccept(button), onDecline(button), onEnd }.
export function offerPanel(entry, desk, options = {}) {
  const { idPrefix = '', headingLevel = 'h3', movesNote = '', onAccept, onDecline, onEnd } = options;
  const zone = desk?.timezone || 'Europe/Rome';
  const { offer } = entry;
  const expires = offer.expires_at;
  const accept = h('button', { type: 'button', class: 'btn btn-primary btn-lg offer-accept', id: `${idPrefix}accept-offer` },
    icon('it-check', 'icon-white me-2'), t('waitlist.accept'));
  const decline = h('button', { type: 'button', class: 'btn btn-outline-danger offer-decline', id: `${idPrefix}decline-offer`,
    text: t('waitlist.decline') });
  accept.addEventListener('click', () => onAccept?.(accept));
  decline.addEventListener('click', () => onDecline?.(decline));
  const titleId = `${idPrefix}offer-title`;
  return h('section', { class: 'offer card-box', id: `${idPrefix}offer`, 'aria-labelledby': titleId },
    h(headingLevel, { id: titleId, class: { h2: 'h3', h3: 'h5', h4: 'h6' }[headingLevel], text: t('waitlist.offer.title') }),
    h('dl', { class: 'facts' },
      row(t('waitlist.offer.seat'), h('strong', { class: 'offer-when', text: t('waitlist.offer.when', {
        date: formatDate(offer.start, zone), start: formatTime(offer.start, zone), end: formatTime(offer.end, zone) }) })),
      row(t('waitlist.offer.timeLeft'), countdown(expires, onEnd))),
    h('p', { class: 'offer-until', text: t('waitlist.offer.until', {
      time: formatTime(expires, zone), date: formatDate(expires, zone) }) }),
    movesNote ? h('p', { class: 'small', text: movesNote }) : null,
    h('div', { class: 'offer-error', id: `${idPrefix}offer-error` }),
    h('div', { class: 'offer-buttons d-flex flex-wrap gap-2 align-items-center' }, accept, decline));
}

// Replaces what `area` shows with a question and two buttons; focus goes to the question. `onYes`
// gets the "yes" button (to mark it busy); "no" puts back what was there and focuses `back`.
export function askInPlace(area, { title, body = [], yes, no, onYes, back }) {
  const before = [...area.childNodes];
  const titleId = `${area.id || 'ask'}-question`;
  const yesButton = h('button', { type: 'button', class: 'btn btn-danger', 'data-answer': 'yes', text: yes });
  const noButton = h('button', { type: 'button', class: 'btn btn-outline-primary', 'data-answer': 'no', text: no });
  yesButton.addEventListener('click', () => onYes(yesButton));
  noButton.addEventListener('click', () => {
    area.replaceChildren(...before);
    back?.focus();
  });
  area.replaceChildren(h('div', { class: 'ask-in-place card-box', role: 'group', 'aria-labelledby': titleId },
    h('p', { id: titleId, class: 'fw-semibold mb-2', text: title }),
    ...body.map((text) => h('p', { text })),
    h('div', { class: 'step-buttons mt-2' }, noButton, yesButton)));
  focusOn(document.getElementById(titleId));
}

// Asks, in place of an offer's buttons, whether to decline the seat and leave the waiting list, and
// leaves when the answer is yes; `onLeft(entry)` then gets the entry as left. `explain` adds the
// general sentence on leaving before the one on the seat offered.
export function askToDecline(entry, button, { areaId, explain = true, onLeft }) {
  const area = button.closest('.offer-buttons');
  area.id = areaId;
  askInPlace(area, {
    title: t('waitlist.confirmLeave.title'),
    body: [...(explain ? [t('waitlist.confirmLeave.body')] : []), t('waitlist.confirmLeave.offered')],
    yes: t('waitlist.confirmLeave.yes'),
    no: t('waitlist.confirmLeave.no'),
    back: button,
    onYes: async (yes) => {
      yes.disabled = true;
      let left;
      try {
        left = await api.leaveWaitlist(entry.id, entry.token);
      } catch (error) {
        yes.disabled = false;
        yes.closest('.ask-in-place')?.append(alertBox('danger', api.explain(error)));
        return;
      }
      await onLeft(left);
    },
  });
}

// The link of an entry, with a copy button and what it is for (as the manage link's box).
export function waitlistLinkBox(entry) {
  const url = waitlistUrl(entry.id, entry.token);
  const input = h('input', { id: 'waitlist-url', class: 'form-control', type: 'text', readonly: true, value: url,
    'aria-describedby': 'waitlist-url-help', spellcheck: 'false' });
  const feedback = h('span', { class: 'copy-feedback', role: 'status' });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      input.select();
      document.execCommand('copy');  // http on a LAN address has no Clipboard API
    }
    feedback.textContent = t('receipt.copied');
  };
  return h('section', { class: 'manage-box card-box', 'aria-labelledby': 'waitlist-link-title' },
    h('h3', { id: 'waitlist-link-title', class: 'h5', text: t('waitlist.linkTitle') }),
    h('p', { id: 'waitlist-url-help', text: t('waitlist.linkHelp') }),
    h('div', { class: 'form-group field mb-2' },
      h('label', { for: 'waitlist-url', class: 'active', text: t('waitlist.linkLabel') }), input),
    h('div', { class: 'd-flex flex-wrap gap-2 align-items-center' },
      h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', on: { click: copy } },
        icon('it-copy', 'icon-primary icon-sm me-1'), t('receipt.copy')),
      h('a', { class: 'btn btn-outline-primary btn-sm', id: 'open-waitlist', href: url, text: t('waitlist.open') }),
      feedback));
}

// What the applicant reads once in line: the place, when an e-mail comes, the facts and the link.
export function joinedPanel(entry, desk, { emailGiven, headingLevel = 'h2', headingId = 'joined-title' }) {
  return [
    h('div', { class: 'alert alert-success joined-banner' },
      h(headingLevel, { id: headingId, class: headingLevel === 'h2' ? 'step-title h3 mb-1' : 'h5 mb-1', text: t('waitlist.joined.title') }),
      h('p', { class: 'mb-1 fw-semibold', id: 'joined-position', text: t('waitlist.positionLead', { position: entry.position }) }),
      h('p', { class: 'mb-0', text: t(emailGiven ? 'waitlist.joined.email' : 'waitlist.joined.noEmail') })),
    h('div', { class: 'card-box' }, entryFacts({ ...entry, state: entry.state || 'waiting' }, desk),
      h('p', { class: 'mb-0 small', text: howItWorks(desk, entry.type) })),
    waitlistLinkBox(entry),
  ];
}

// The form to join the waiting list of `typeId` at `desk` (the desk's detail) for an application
// whose number is known. `taxCode`: already checked (the booking page), else the form asks for it.
// `askBefore`: offer "only dates before". `firstFree`: the first day with a free seat now, when
// there is one: the day is then asked for and starts there (a free seat that fits is offered at
// once, so without it the applicant would be offered the seats they found too late).
// `onJoined(entry, emailGiven)` runs after the 201 (the entry may hold an offer already).
export function joinForm({ desk, typeId, applicationId, taxCode = '', askBefore = true, firstFree = '', submitLabel, onJoined }) {
  const zone = desk.timezone;
  const earliestBefore = addDays(today(zone), 2);  // seats need a day's notice: tomorrow's are the first
  const tax = taxCode ? null : textField('waitlist-tax-code', t('verify.taxCode'), t('verify.taxCodeHint'),
    { class: 'form-control text-uppercase', autocapitalize: 'characters', maxlength: '32', required: true });
  const needed = askBefore && Boolean(firstFree);
  const before = askBefore ? textField('waitlist-before', t(needed ? 'waitlist.join.beforeNeeded' : 'waitlist.join.before'),
    needed ? t('waitlist.join.beforeHintFree', { date: formatDay(firstFree) }) : t('waitlist.join.beforeHint'),
    { type: 'date', min: earliestBefore, value: needed && firstFree >= earliestBefore ? firstFree : '', required: needed }) : null;
  const email = textField('waitlist-email', t('waitlist.join.email'), t('waitlist.join.emailHint'),
    { type: 'email', autocomplete: 'email', maxlength: '254' });
  const error = h('div', { id: 'waitlist-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'join-waitlist', text: submitLabel || t('waitlist.join.submit') });
  const form = h('form', { novalidate: true, class: 'step-form waitlist-form', id: 'waitlist-form' },
    error, tax?.group, before?.group, email.group, h('div', { class: 'step-buttons' }, submit));
  const showError = (...parts) => {
    error.replaceChildren(alertBox('danger', ...parts));
    focusOn(error);
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.replaceChildren();
    const code = tax ? normalizeTaxCode(tax.input.value) : taxCode;
    const day = before?.input.value || '';
    const address = email.input.value.trim();
    if (tax) fieldError(tax.input, !code ? t('verify.taxCodeRequired') : isValidTaxCode(code) ? '' : t('verify.taxCodeInvalid'));
    const badDay = before && ((day && !(day >= earliestBefore)) || (needed && !day));
    if (before) fieldError(before.input, !badDay ? '' : day ? t('waitlist.join.beforeInvalid') : t('waitlist.join.beforeMissing'));
    fieldError(email.input, email.input.checkValidity() ? '' : t('confirm.emailInvalid'));
    const wrong = tax && !isValidTaxCode(code) ? tax.input
      : badDay ? before.input : !email.input.checkValidity() ? email.input : null;
    if (wrong) return wrong.focus();
    const body = { type: typeId, application_id: applicationId, tax_code: code, lang: document.documentElement.lang };
    if (day) body.before = day;
    if (address) body.email = address;
    submit.disabled = true;
    submit.classList.add('is-busy');
    let entry;
    try {
      entry = await api.joinWaitlist(desk.id, body);
    } catch (failure) {
      submit.disabled = false;
      submit.classList.remove('is-busy');
      const fieldName = failure.problem?.field || failure.detail.split(/[:\s]/)[0];
      const fields = { before: before?.input, email: email.input, tax_code: tax?.input };
      if (failure.code === 'application_not_verified') {
        if (tax) fieldError(tax.input, ' ');
        showError(t('verify.notVerified.title'), t('status.notVerified'));
      } else if (failure.code === 'already_waiting') {
        error.replaceChildren(alertBox('info', t('waitlist.already.title'), t('waitlist.already.body'),
          h('p', { class: 'mb-0 mt-2' }, h('a', { href: '/status', text: t('done.status') }))));
        focusOn(error);
      } else if (failure.code === 'invalid_request' && fields[fieldName]) {
        const messages = { before: t('waitlist.join.beforeInvalid'), email: t('confirm.emailInvalid'), tax_code: t('verify.taxCodeInvalid') };
        fieldError(fields[fieldName], messages[fieldName]);
        fields[fieldName].focus();
      } else {
        showError(api.explain(failure));
      }
      return;
    }
    onJoined(entry, Boolean(address));
  });
  return form;
}

// Accepts the offer of `entry` with `button` busy meanwhile: the booking, or null after a refusal,
// which is said in `errorArea` in plain words (then `reread()` shows the entry as it now is).
export async function acceptWithButton(entry, token, button, errorArea, reread) {
  button.disabled = true;
  button.classList.add('is-busy');
  try {
    return await api.acceptOffer(entry.id, token);
  } catch (failure) {
    button.disabled = false;
    button.classList.remove('is-busy');
    errorArea?.replaceChildren(alertBox(failure.code === 'offer_expired' ? 'warning' : 'danger', api.explain(failure)));
    if (failure.code === 'offer_expired' || failure.code === 'no_offer') await reread?.(failure);
    else focusOn(errorArea);
    return null;
  }
}
