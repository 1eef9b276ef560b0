// The booking page (/): desk → appointment type and documents → application check → day and time →
// confirmation → receipt. One step is shown at a time; each step is a browser history entry, so the
// phone's back button goes one step back. ?desk= and ?type= in the address preselect (links from a
// desk's own website); nothing personal is ever put in the address. A reload keeps the step, the
// chosen time and the receipt (book-session.js keeps them in this tab).
// When no date suits (none free, or all too late), the day-and-time step offers the waiting list:
// the application already checked, the applicant may give an "only before" date and an e-mail
// address, and then reads their number in line and the entry's private link (js/waitlist-view.js).
import * as api from './api.js';
import { applicationFields, checkApplicationFields } from './application-fields.js';
import { SlotPicker } from './calendar.js';
import { dayOf, formatDate, formatTime, onLanguageChange, t } from './i18n.js';
import { alertBox, announce, fieldError, focusOn, h, icon, randomKey, setTitle, startPage } from './page.js';
import { saveFlow, saveReceipt, saveWaitlist, savedFlow, savedReceipt, savedWaitlist } from './book-session.js';
import {
  bookingFacts, changeDeadline, deskContact, documentsList, manageLinkBox, receiptActions, receiptCard,
} from './receipt.js';
import { currentReleases, drawUrl, drawingPanel, nextOpening, preferencesField } from './release-view.js';
import { normalizeTaxCode } from './taxcode.js';
import {
  acceptWithButton, askToDecline, hasWaitlist, howItWorks, isActive, joinForm, joinedPanel, offerPanel, waitlistUrl,
} from './waitlist-view.js';

const STEPS = ['desk', 'type', 'verify', 'slot', 'confirm', 'done'];
// The waiting list, off the main line: joining from the day-and-time step (or from "you already
// have one", for an earlier date), then the place in line.
const PREVIOUS = { waitlist: 'slot', waitlisted: 'waitlist', draw: 'type', drawRequested: 'draw' };
const previous = (step) => PREVIOUS[step] || STEPS[STEPS.indexOf(step) - 1];
const TITLES = { done: 'done.title', waitlist: 'waitlist.join.title', waitlisted: 'waitlist.joined.title',
  draw: 'draw.request.title', drawRequested: 'draw.sent.title' };

const state = {
  step: 'desk',
  desks: null,       // GET /desks
  deskId: null,
  desk: null,        // GET /desks/{desk}: name, address, timezone, types with documents
  typeId: null,
  applicationId: '',
  taxCode: '',
  application: null, // lookup answer, once verified for this desk and type
  slot: null,
  contact: { email: '', phone: '' },
  idempotency: { body: '', key: '' },
  booking: null,     // the 201 answer, with manage_token
  emailGiven: false, // an e-mail address was typed for the booking
  openTypes: [],     // ids of the types the application may still book, once this one is booked
  notice: null,      // { step, kind, text }: a message to show when that step is drawn
  earliest: undefined, // the picker's earliest free slot: null when none, undefined before it loaded
  waitlistOnly: false, // the application has an appointment of this type: only the waiting list is open
  waitlisted: null,  // { entry, emailGiven }: the waiting-list entry joined, with its token
  releases: null,    // { key: 'desk/type', list }: the type's releases (fair release), once read
  drawRequest: null, // the draw request sent (201 answer, with its token)
};

const flow = () => document.getElementById('flow');
// What tells desks apart: their names share "Sportello Unico per l'Immigrazione – ", which a phone's
// select would show and cut; the part after the dash ("Prefettura di Roma") is what people look for.
const shortName = (desk) => desk.name.split(' – ').pop();
// The desks, sorted by that name as the page promises.
const sortedDesks = async () => (await api.listDesks()).sort((a, b) => shortName(a).localeCompare(shortName(b)));
let picker = null;

// ---- navigation ----

function reachable(step) {
  if (state.booking) return step === 'done';
  switch (step) {
    case 'desk': return true;
    case 'type': return Boolean(state.desk?.self_booking);
    case 'verify': return reachable('type') && Boolean(state.typeId);
    case 'slot': return reachable('verify') && Boolean(state.application) && !state.waitlistOnly;
    case 'confirm': return reachable('slot') && Boolean(state.slot);
    case 'waitlist': return reachable('verify') && Boolean(state.application);
    case 'waitlisted': return Boolean(state.waitlisted) && state.waitlisted.entry.type === state.typeId;
    case 'draw': return reachable('type') && Boolean(state.typeId) && Boolean(drawingRelease());
    case 'drawRequested': return Boolean(state.drawRequest) && state.drawRequest.type === state.typeId;
    default: return false;
  }
}

function syncAddress(push) {
  const url = new URL(location.href);
  for (const [name, value] of [['desk', state.deskId], ['type', state.typeId]]) {
    if (value) url.searchParams.set(name, value);
    else url.searchParams.delete(name);
  }
  url.searchParams.delete('lang');
  const entry = { step: state.step, code: state.booking?.code || (state.step === 'waitlisted' ? state.waitlisted?.entry.id : undefined) };
  if (push) history.pushState(entry, '', url);
  else history.replaceState(entry, '', url);
  keep();
}

// Keeps the booking under way for a reload (book-session.js): the tax code only once checked, as the
// booking request needs it; nothing before a desk is chosen. The receipt is kept when it is made.
function keep() {
  if (state.booking) return;
  const verified = Boolean(state.application);
  saveFlow(state.deskId ? {
    desk: state.deskId,
    type: state.typeId,
    applicationId: verified ? state.applicationId : null,
    taxCode: verified ? state.taxCode : null,
    slot: verified && state.slot ? { start: state.slot.start, end: state.slot.end } : null,
  } : null);
}

function go(step, { push = true, notice = null } = {}) {
  state.step = step;
  state.notice = notice ? { step, ...notice } : null;
  syncAddress(push);
  render(true);
}

window.addEventListener('popstate', (event) => {
  let step = event.state?.step || 'desk';
  while (!reachable(step) && step !== 'desk') step = previous(step);
  if (state.booking) step = 'done';
  state.step = step;
  state.notice = null;
  syncAddress(false);
  render(true);
});

// ---- drawing ----

function progress() {
  const visible = STEPS.slice(0, 5);
  const index = visible.indexOf(state.step);
  if (index < 0) return null;
  return h('nav', { class: 'steps', 'aria-label': t('book.progress') },
    h('p', { class: 'step-count', text: t('book.stepOf', { step: index + 1, total: visible.length }) }),
    h('ol', {}, visible.map((step, i) => h('li', {
      class: i < index ? 'is-done' : i === index ? 'is-current' : '',
      'aria-current': i === index ? 'step' : null,
    }, h('span', { class: 'step-number', 'aria-hidden': 'true', text: String(i + 1) }),
    h('span', { class: 'step-label', text: t(`book.step.${step}`) })))));
}

function stepHeading(key) {
  return h('h2', { class: 'step-title h3', id: 'step-title', text: t(key) });
}

function noticeFor(step) {
  if (!state.notice || state.notice.step !== step) return null;
  return h('div', { class: 'step-notice' }, alertBox(state.notice.kind, state.notice.text));
}

function buttons(...children) {
  return h('div', { class: 'step-buttons' }, ...children);
}

function backButton() {
  return h('button', { type: 'button', class: 'btn btn-outline-primary', on: { click: () => history.back() } },
    icon('it-arrow-left', 'icon-primary icon-sm me-1'), t('common.back'));
}

function render(moveFocus) {
  const draw = { desk: drawDesk, type: drawType, verify: drawVerify, slot: drawSlot, confirm: drawConfirm, done: drawDone,
    waitlist: drawWaitlist, waitlisted: drawWaitlisted, draw: drawDrawRequest, drawRequested: drawDrawRequested };
  const section = draw[state.step]();
  flow().replaceChildren(...[progress(), section].filter(Boolean));
  setTitle(t(TITLES[state.step] || `book.step.${state.step}`));
  if (state.step === 'slot') startPicker();
  if (moveFocus) focusOn(flow().querySelector('.step-notice') || flow().querySelector('#step-title'));
}

// ---- step 1: desk ----

function drawDesk() {
  const select = h('select', { id: 'desk', class: 'form-select', 'aria-describedby': 'desk-hint' },
    h('option', { value: '', text: t('desk.placeholder') }),
    (state.desks || []).map((desk) => h('option', { value: desk.id, selected: desk.id === state.deskId,
      text: desk.self_booking ? shortName(desk) : `${shortName(desk)} – ${t('desk.notOnlineShort')}` })));
  const info = h('div', { id: 'desk-info', 'aria-live': 'polite' });
  const form = h('form', { novalidate: true, class: 'step-form' },
    h('div', { class: 'form-group field' },
      h('label', { for: 'desk', class: 'active', text: t('desk.label') }), select,
      h('small', { id: 'desk-hint', class: 'form-text', text: t('desk.hint') })),
    info,
    buttons(h('button', { type: 'submit', class: 'btn btn-primary', id: 'desk-continue', text: t('common.continue') })));
  const showInfo = () => {
    const desk = (state.desks || []).find((d) => d.id === select.value);
    fieldError(select, '');
    info.replaceChildren();
    form.querySelector('#desk-continue').hidden = Boolean(desk && !desk.self_booking);
    if (desk && !desk.self_booking) info.append(notOnline(desk));
    const contact = desk ? deskContact(desk, { withAddress: true }) : null;
    if (contact) info.append(h('div', { class: 'card-box' }, contact));
  };
  select.addEventListener('change', showInfo);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!select.value) {
      fieldError(select, t('desk.required'));
      select.focus();
      return;
    }
    await chooseDesk(select.value, form);
  });
  const section = h('section', { class: 'step', 'aria-labelledby': 'step-title' },
    stepHeading('desk.title'), noticeFor('desk'), h('p', { text: t('desk.intro') }));
  if (!state.desks) {
    section.append(h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner' }), t('common.loading')));
    loadDesks();
  } else {
    section.append(form);
    queueMicrotask(showInfo);
  }
  return section;
}

function notOnline(desk) {
  return alertBox('info', t('desk.notOnline.title'),
    t('desk.notOnline.body'),
    h('p', { class: 'mb-0 mt-2' }, h('a', { href: '/status', text: t('desk.notOnline.status') })));
}

async function loadDesks() {
  try {
    state.desks = await sortedDesks();
  } catch (error) {
    flow().querySelector('.loading')?.replaceWith(alertBox('danger', api.explain(error),
      h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm mt-2', text: t('common.retry'),
        on: { click: () => render(true) } })));
    return;
  }
  render(false);
}

async function chooseDesk(deskId, form) {
  const submit = form?.querySelector('[type="submit"]');
  busy(submit, true);
  try {
    state.desk = await api.getDesk(deskId);
  } catch (error) {
    busy(submit, false);
    showFormError(form, api.explain(error));
    return;
  }
  busy(submit, false);
  if (state.deskId !== deskId) {
    state.deskId = deskId;
    state.application = null;
    state.slot = null;
    if (!state.desk.types.some((type) => type.id === state.typeId)) state.typeId = null;
  }
  if (state.desk.types.length === 1) state.typeId = state.desk.types[0].id;
  if (!state.desk.self_booking) {
    go('desk', { notice: { kind: 'info', text: t('desk.notOnline.body') } });
    return;
  }
  go('type');
}

// ---- step 2: type ----

function drawType() {
  const types = state.desk.types;
  const documents = h('div', { id: 'type-documents', 'aria-live': 'polite' });
  const showDocuments = () => {
    const type = types.find((x) => x.id === state.typeId);
    documents.replaceChildren(...(type ? [documentsList(type)] : []));
    showReleases();
  };
  const options = types.map((type) => h('div', { class: 'choice' },
    h('input', { type: 'radio', name: 'type', id: `type-${type.id}`, value: type.id, checked: type.id === state.typeId,
      on: { change: () => { state.typeId = type.id; state.application = null; fieldError(options[0].querySelector('input'), ''); showDocuments(); } } }),
    h('label', { for: `type-${type.id}` },
      h('span', { class: 'choice-title', text: type.name }),
      h('span', { class: 'choice-note', text: t('type.duration', { minutes: type.slot_minutes }) }))));
  const form = h('form', { novalidate: true, class: 'step-form' },
    h('fieldset', { class: 'field' },
      h('legend', { class: 'visually-hidden', text: t('type.title') }),
      h('div', { class: 'choices' }, options)),
    documents,
    releaseArea(),
    buttons(backButton(), h('button', { type: 'submit', class: 'btn btn-primary', text: t('common.continue') })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!state.typeId) {
      const first = form.querySelector('input[name="type"]');
      fieldError(first, t('type.required'));
      first.focus();
      return;
    }
    go('verify');
  });
  showDocuments();
  queueMicrotask(showReleases);
  return h('section', { class: 'step', 'aria-labelledby': 'step-title' },
    stepHeading('type.title'), noticeFor('type'),
    h('p', {}, t('type.intro'), ' ', h('strong', { text: state.desk.name })), form);
}

// ---- step 3: verify the application ----

function drawVerify() {
  const fields = applicationFields(state, { required: true });
  const idInput = fields.id.input;
  const taxInput = fields.tax.input;
  const form = h('form', { novalidate: true, class: 'step-form', id: 'verify-form' },
    h('div', { id: 'form-error' }), fields.id.group, fields.tax.group,
    h('p', { class: 'small text-secondary', text: t('verify.privacy') }),
    buttons(backButton(), h('button', { type: 'submit', class: 'btn btn-primary', text: t('verify.submit') })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    verify(form, idInput, taxInput);
  });
  queueMicrotask(showReleases);
  return h('section', { class: 'step', 'aria-labelledby': 'step-title' },
    stepHeading('verify.title'), noticeFor('verify'), releaseArea(), h('p', { text: t('verify.intro') }), form);
}

async function verify(form, idInput, taxInput) {
  clearFormError(form);
  if (!checkApplicationFields(idInput, taxInput)) return;
  state.applicationId = idInput.value.trim();
  state.taxCode = normalizeTaxCode(taxInput.value);
  const submit = form.querySelector('[type="submit"]');
  busy(submit, true);
  let application;
  try {
    application = await api.lookup(state.applicationId, state.taxCode);
  } catch (error) {
    busy(submit, false);
    if (error.code === 'application_not_verified' || error.code === 'not_found') {
      fieldError(idInput, ' ');
      fieldError(taxInput, ' ');
      showFormError(form, t('verify.notVerified.title'), t('verify.notVerified.body'));
    } else if (error.code === 'invalid_request') {
      showFormError(form, t('verify.taxCodeInvalid'));
    } else {
      showFormError(form, api.explain(error));
    }
    return;
  }
  busy(submit, false);
  const problem = applicationProblem(application);
  if (problem) {
    showFormError(form, ...problem);
    return;
  }
  state.application = application;
  state.waitlistOnly = false;
  state.slot = null;
  go('slot');
}

// Why this verified application cannot book here now, as alert parts; null when it can.
function applicationProblem(application) {
  if (application.desk !== state.deskId) {
    const desk = state.desks?.find((d) => d.id === application.desk);
    const name = desk ? desk.name : application.desk;
    const switchButton = desk?.self_booking
      ? h('button', { type: 'button', class: 'btn btn-primary btn-sm mt-2', text: t('verify.otherDesk.switch'),
        on: { click: () => chooseDesk(desk.id, null) } })
      : null;
    return [t('verify.otherDesk.title'), t('verify.otherDesk.body', { desk: name }), switchButton];
  }
  const open = openTypes(application);
  const active = application.bookings.find((b) => b.status === 'booked' && b.type === state.typeId);
  if (active) {
    const zone = state.desk.timezone;
    return [t('verify.alreadyBooked.title'),
      t('verify.alreadyBooked.body', { date: formatDate(active.start, zone), time: formatTime(active.start, zone), code: active.code }),
      h('p', { class: 'mb-0 mt-2' }, h('a', { href: '/manage', text: t('verify.alreadyBooked.manage') })),
      hasWaitlist(state.desk, state.typeId) ? earlierDate(application) : null,
      open.length ? h('p', { class: 'mb-0 mt-3', text: t('verify.alreadyBooked.other') }) : null,
      open.length ? typeShortcuts(application, open) : null];
  }
  if (!application.types.some((type) => type.id === state.typeId)) {
    if (application.types.length === 0) {
      return [t('verify.nothingToBook.title'), t('verify.nothingToBook.body', { status: application.status })];
    }
    if (open.length === 0) {
      return [t('verify.otherType.title'), t('verify.otherType.allBooked'),
        h('p', { class: 'mb-0 mt-2' }, h('a', { href: '/status', text: t('done.status') }))];
    }
    return [t('verify.otherType.title'), t('verify.otherType.body'), typeShortcuts(application, open)];
  }
  return null;
}

// "Want an earlier date?": the waiting list of this type, for an application that has an appointment of it.
function earlierDate(application) {
  return h('div', { class: 'mt-3 earlier-date' },
    h('p', { class: 'mb-1 fw-semibold', text: t('waitlist.manage.title') }),
    h('p', { class: 'mb-2', text: t('waitlist.manage.body') }),
    h('button', { type: 'button', class: 'btn btn-primary btn-sm', id: 'earlier-waitlist', text: t('waitlist.invite.button'),
      on: { click: () => { state.application = application; state.waitlistOnly = true; state.slot = null; go('waitlist'); } } }));
}

// The types this application may still book at this desk: its own, less those it has booked.
function openTypes(application) {
  return application.types.filter((type) => state.desk.types.some((x) => x.id === type.id)
    && !application.bookings.some((b) => b.status === 'booked' && b.type === type.id));
}

// A button for each of `types` that goes straight to its calendar, the application being checked.
function typeShortcuts(application, types) {
  return h('div', { class: 'd-flex flex-wrap gap-2 mt-2 type-shortcuts' }, types.map((type) => h('button', {
    type: 'button', class: 'btn btn-primary btn-sm', text: t('verify.otherType.choose', { type: type.name }),
    on: { click: () => { state.typeId = type.id; state.application = application; state.waitlistOnly = false; state.slot = null; go('slot'); } },
  })));
}

// ---- fair release: the next opening, the draw window and the request form ----

const releaseKey = () => `${state.deskId}/${state.typeId}`;
const drawingRelease = () => (state.releases?.key === releaseKey() ? currentReleases(state.releases.list).drawing : undefined);

function releaseArea() {
  return h('div', { id: 'release-info', 'aria-live': 'polite' });
}

// Fills #release-info with the type's next opening and the draw under way, reading the releases once
// per desk and type (a type without a release rule shows nothing).
async function showReleases() {
  const area = document.getElementById('release-info');
  if (!area || !state.typeId) {
    area?.replaceChildren();
    return;
  }
  const key = releaseKey();
  if (state.releases?.key !== key) {
    let list = [];
    try {
      list = (await api.releases(state.deskId, state.typeId)).releases || [];
    } catch {
      list = [];  // the booking goes on as usual; the server still refuses what the draw holds
    }
    state.releases = { key, list };
  }
  if (!area.isConnected || releaseKey() !== key) return;
  const zone = state.desk.timezone;
  const { drawing, next } = currentReleases(state.releases.list);
  area.replaceChildren(...[
    drawing ? drawingPanel(drawing, zone, h('button', { type: 'button', class: 'btn btn-primary', id: 'open-draw-step',
      text: t('release.drawing.button'), on: { click: () => go('draw') } })) : null,
    next ? nextOpening(next, zone) : null,
  ].filter(Boolean));
}

function drawDrawRequest() {
  const release = drawingRelease();
  const zone = state.desk.timezone;
  const preferences = preferencesField(release);
  const fields = applicationFields(state, { required: true });
  const form = h('form', { novalidate: true, class: 'step-form', id: 'draw-form' },
    h('div', { id: 'form-error' }), preferences.element, fields.id.group, fields.tax.group,
    h('p', { class: 'small text-secondary', text: t('verify.privacy') }),
    buttons(backButton(), h('button', { type: 'submit', class: 'btn btn-primary', id: 'send-draw-request', text: t('draw.submit') })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    sendDrawRequest(form, release, preferences, fields.id.input, fields.tax.input);
  });
  return h('section', { class: 'step', 'aria-labelledby': 'step-title' },
    stepHeading('draw.request.title'), noticeFor('draw'),
    drawingPanel(release, zone),
    h('p', { text: t('draw.request.intro') }), form);
}

async function sendDrawRequest(form, release, preferences, idInput, taxInput) {
  clearFormError(form);
  const values = preferences.values();
  const empty = values.findIndex((value) => !value);
  const select = empty >= 0 ? preferences.rowSelect(empty) : null;
  if (select) fieldError(select, t('draw.pref.required'));
  if (!checkApplicationFields(idInput, taxInput)) return;
  if (select) {
    select.focus();
    return;
  }
  state.applicationId = idInput.value.trim();
  state.taxCode = normalizeTaxCode(taxInput.value);
  const body = { type: state.typeId, application_id: state.applicationId, tax_code: state.taxCode, preferences: values,
    lang: document.documentElement.lang };
  const submit = form.querySelector('[type="submit"]');
  busy(submit, true);
  try {
    state.drawRequest = await api.requestDraw(state.deskId, release.id, body);
  } catch (error) {
    busy(submit, false);
    const field = /preferences\[(\d+)\]/.exec(`${error.problem?.field || ''} ${error.detail}`);
    if (error.code === 'invalid_request' && field && preferences.rowSelect(Number(field[1]))) {
      const wrong = preferences.rowSelect(Number(field[1]));
      fieldError(wrong, t('draw.pref.invalid'));
      wrong.focus();
    } else if (error.code === 'application_not_verified' || error.code === 'not_found') {
      fieldError(idInput, ' ');
      fieldError(taxInput, ' ');
      showFormError(form, t('verify.notVerified.title'), t('verify.notVerified.body'));
    } else {
      showFormError(form, api.explain(error));
    }
    return;
  }
  busy(submit, false);
  state.drawRequest = { ...state.drawRequest, type: state.typeId };
  state.taxCode = '';
  announce(t('draw.sent.title'));
  go('drawRequested');
}

// The request sent: its number and its private link (no e-mail is sent now).
function drawDrawRequested() {
  const request = state.drawRequest;
  const link = drawUrl(request.id, request.token, state.deskId);
  return h('section', { class: 'step done', 'aria-labelledby': 'step-title' },
    h('div', { class: 'alert alert-success done-banner' },
      h('h2', { class: 'step-title h3 mb-1', id: 'step-title', text: t('draw.sent.title') }),
      h('p', { class: 'mb-0 fw-semibold', id: 'draw-request-number', text: t('draw.sent.number', { id: request.id }) })),
    h('div', { class: 'card-box' },
      h('p', { text: t('draw.sent.keep') }),
      h('p', { class: 'verbatim small', id: 'draw-link-text', text: new URL(link, location.origin).href }),
      h('p', { class: 'mb-0' }, h('a', { class: 'btn btn-primary', id: 'draw-link', href: link, text: t('draw.sent.open') }))));
}

// ---- step 4: day and time ----

function drawSlot() {
  const type = state.desk.types.find((x) => x.id === state.typeId);
  return h('section', { class: 'step', 'aria-labelledby': 'step-title' },
    stepHeading('slot.title'),
    h('p', {}, t('slot.intro', { type: type?.name ?? state.typeId, desk: state.desk.name })),
    h('p', { class: 'small text-secondary' }, icon('it-clock', 'icon-sm icon-secondary me-1'),
      t('slot.timezone', { zone: state.desk.timezone })),
    h('div', { id: 'picker', class: 'picker' }),
    h('div', { id: 'waitlist-invite', 'aria-live': 'polite' }),
    buttons(backButton()));
}

function startPicker() {
  const notice = state.notice?.step === 'slot' ? state.notice.text : null;
  picker = new SlotPicker(document.getElementById('picker'), {
    desk: state.deskId, type: state.typeId, timeZone: state.desk.timezone,
    chooseLabel: t('slot.chooseEarliest'),
    onChoose: (slot) => { state.slot = slot; go('confirm'); },
    onLoad: (earliest) => { state.earliest = earliest; showWaitlistInvite(); },
  });
  picker.load(notice);
}

// Under the calendar, once it has loaded: the waiting list, prominent when nothing is free.
function showWaitlistInvite() {
  const area = document.getElementById('waitlist-invite');
  if (!area) return;
  if (state.earliest === undefined || !hasWaitlist(state.desk, state.typeId)) {
    area.replaceChildren();
    return;
  }
  const none = state.earliest === null;
  area.replaceChildren(h('section', { class: `waitlist-invite card-box${none ? ' is-prominent' : ''}`, 'aria-labelledby': 'waitlist-invite-title' },
    h('h3', { id: 'waitlist-invite-title', class: 'h5', text: t(none ? 'waitlist.invite.fullTitle' : 'waitlist.invite.lateTitle') }),
    h('p', { text: t(none ? 'waitlist.invite.fullBody' : 'waitlist.invite.lateBody') }),
    h('button', { type: 'button', class: `btn ${none ? 'btn-primary' : 'btn-outline-primary'}`, id: 'open-waitlist-step',
      text: t('waitlist.invite.button'), on: { click: () => go('waitlist') } })));
}

// ---- the waiting list: joining, then the place in line ----

function drawWaitlist() {
  const type = state.desk.types.find((x) => x.id === state.typeId);
  const section = h('section', { class: 'step', 'aria-labelledby': 'step-title' },
    stepHeading('waitlist.join.title'), noticeFor('waitlist'),
    h('p', {}, t('waitlist.join.intro', { type: type?.name ?? state.typeId, desk: state.desk.name })),
    h('p', { text: howItWorks(state.desk, state.typeId) }));
  const already = (state.application.waitlist || []).find((entry) => entry.type === state.typeId && isActive(entry));
  if (already) {
    section.append(alertBox('info', t('waitlist.already.title'), t('waitlist.positionLead', { position: already.position }),
      already.token ? h('p', { class: 'mb-0 mt-2' }, h('a', { href: waitlistUrl(already.id, already.token), text: t('waitlist.open') })) : null),
    buttons(backButton()));
    return section;
  }
  if (state.waitlistOnly) section.append(h('p', { class: 'small', text: t('waitlist.earlierOnly') }));
  else if (state.earliest) section.append(h('p', { class: 'small', text: t('waitlist.join.tip') }));
  section.append(joinForm({
    desk: state.desk, typeId: state.typeId, applicationId: state.applicationId, taxCode: state.taxCode,
    askBefore: !state.waitlistOnly,
    firstFree: !state.waitlistOnly && state.earliest ? dayOf(state.earliest.start) : '',
    onJoined: (entry, emailGiven) => {
      state.waitlisted = { entry: { type: state.typeId, desk: state.deskId, application_id: state.applicationId, ...entry }, emailGiven };
      saveWaitlist(state.waitlisted);
      announce(t('waitlist.joined.title'));
      go('waitlisted');
    },
  }), buttons(backButton()));
  return section;
}

function drawWaitlisted() {
  const { entry, emailGiven } = state.waitlisted;
  if (entry.state === 'offered' && entry.offer) return drawOfferedAtOnce(entry);
  if (entry.state !== 'waiting') {  // the offer made at once ran out, or was taken meanwhile
    return h('section', { class: 'step', 'aria-labelledby': 'step-title' },
      stepHeading('waitlist.gone.title'), noticeFor('waitlisted'),
      buttons(h('button', { type: 'button', class: 'btn btn-primary', text: t('waitlist.again'),
        on: { click: () => leftTheList() } })));
  }
  return h('section', { class: 'step done', 'aria-labelledby': 'step-title' },
    ...joinedPanel(entry, state.desk, { emailGiven, headingLevel: 'h2', headingId: 'step-title' }),
    h('p', { class: 'no-print' }, t('done.next.lost'), ' ', h('a', { href: '/status', text: t('done.status') })));
}

// A seat that fits was free already: it is offered at once, here. Accepting books it (the receipt
// follows, as for any booking); declining leaves the list.
function drawOfferedAtOnce(entry) {
  return h('section', { class: 'step', 'aria-labelledby': 'step-title' },
    stepHeading('waitlist.offer.title'), noticeFor('waitlisted'),
    offerPanel(entry, state.desk, {
      headingLevel: 'h3',
      movesNote: t('waitlist.offer.moves'),
      onAccept: async (button) => {
        const booking = await acceptWithButton(entry, entry.token, button, document.getElementById('offer-error'), async (failure) => {
          const now = await api.getWaitlistEntry(entry.id, entry.token).catch(() => ({ ...entry, state: 'expired' }));
          state.waitlisted = { ...state.waitlisted, entry: { ...state.waitlisted.entry, ...now } };
          saveWaitlist(state.waitlisted);
          go('waitlisted', { push: false, notice: { kind: 'warning', text: api.explain(failure) } });
        });
        if (!booking) return;
        state.booking = booking;
        state.emailGiven = state.waitlisted.emailGiven;
        state.openTypes = openTypes(state.application).map((type) => type.id).filter((id) => id !== booking.type);
        saveReceipt({ booking, emailGiven: state.emailGiven, openTypes: state.openTypes });
        announce(t('done.title'));
        go('done');
      },
      onDecline: (button) => askToDecline(entry, button, {
        areaId: 'offer-buttons', explain: false, onLeft: () => leftTheList(t('waitlist.gone.done')),
      }),
    }),
    h('p', {}, h('a', { href: waitlistUrl(entry.id, entry.token), text: t('waitlist.open') })));
}

// Back to the calendar (or, for an earlier date, to the application) once out of the list.
function leftTheList(text = '') {
  state.waitlisted = null;
  saveWaitlist(null);
  const step = state.waitlistOnly ? 'verify' : 'slot';
  go(step, text ? { notice: { kind: 'info', text } } : {});
}

// ---- step 5: confirm ----

function drawConfirm() {
  const type = state.desk.types.find((x) => x.id === state.typeId);
  const preview = { ...state.slot, type: state.typeId, application_id: state.applicationId };
  const facts = bookingFacts(preview, state.desk, type, { withStatus: false });
  const email = h('input', { id: 'email', class: 'form-control', type: 'email', autocomplete: 'email', maxlength: '254',
    value: state.contact.email, 'aria-describedby': 'contact-hint' });
  const phone = h('input', { id: 'phone', class: 'form-control', type: 'tel', autocomplete: 'tel', maxlength: '32',
    value: state.contact.phone, 'aria-describedby': 'contact-hint' });
  const form = h('form', { novalidate: true, class: 'step-form', id: 'confirm-form' },
    h('fieldset', { class: 'contact' },
      h('legend', { class: 'h5', text: t('confirm.contact') }),
      h('p', { id: 'contact-hint', class: 'small text-secondary', text: t('confirm.contactHint') }),
      h('div', { class: 'form-group field' }, h('label', { for: 'email', class: 'active', text: t('confirm.email') }), email),
      h('div', { class: 'form-group field' }, h('label', { for: 'phone', class: 'active', text: t('confirm.phone') }), phone)),
    h('div', { id: 'form-error' }),
    buttons(backButton(), h('button', { type: 'submit', class: 'btn btn-primary', id: 'confirm-booking', text: t('confirm.submit') })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    confirmBooking(form, email, phone);
  });
  return h('section', { class: 'step', 'aria-labelledby': 'step-title' },
    stepHeading('confirm.title'), noticeFor('confirm'),
    h('div', { class: 'card-box summary' }, facts,
      h('button', { type: 'button', class: 'btn btn-link p-0', on: { click: () => history.back() } }, t('confirm.changeTime'))),
    documentsList(type),
    form);
}

async function confirmBooking(form, emailInput, phoneInput) {
  clearFormError(form);
  state.contact = { email: emailInput.value.trim(), phone: phoneInput.value.trim() };
  fieldError(emailInput, emailInput.checkValidity() ? '' : t('confirm.emailInvalid'));
  if (!emailInput.checkValidity()) {
    emailInput.focus();
    return;
  }
  const body = { type: state.typeId, start: state.slot.start, application_id: state.applicationId, tax_code: state.taxCode };
  if (state.contact.email) body.email = state.contact.email;
  if (state.contact.phone) body.phone = state.contact.phone;
  body.lang = document.documentElement.lang;
  const text = JSON.stringify(body);
  if (state.idempotency.body !== text) state.idempotency = { body: text, key: randomKey() };  // a retry reuses it
  const submit = form.querySelector('[type="submit"]');
  busy(submit, true);
  try {
    state.booking = await api.book(state.deskId, body, state.idempotency.key);
  } catch (error) {
    busy(submit, false);
    bookingRefused(error, form, emailInput, phoneInput);
    return;
  }
  busy(submit, false);
  state.emailGiven = Boolean(state.contact.email);
  state.contact = { email: '', phone: '' };
  state.openTypes = openTypes(state.application).map((type) => type.id).filter((id) => id !== state.booking.type);
  saveReceipt({ booking: state.booking, emailGiven: state.emailGiven, openTypes: state.openTypes });
  announce(t('done.title'));
  go('done');
}

function bookingRefused(error, form, emailInput, phoneInput) {
  switch (error.code) {
    case 'slot_full':
    case 'outside_booking_window':
    case 'not_a_slot':
      state.slot = null;
      go('slot', { notice: { kind: 'warning', text: t(error.code === 'slot_full' ? 'slot.taken' : 'slot.gone') } });
      return;
    case 'application_not_verified':
    case 'type_not_allowed':
      state.application = null;
      go('verify', { notice: { kind: 'danger', text: api.explain(error) } });
      return;
    case 'self_booking_disabled':
      go('desk', { notice: { kind: 'info', text: api.explain(error) } });
      return;
    case 'invalid_request': {
      const field = error.detail.startsWith('email') ? emailInput : error.detail.startsWith('phone') ? phoneInput : null;
      if (!field) {
        showFormError(form, api.explain(error));
        return;
      }
      fieldError(field, t(field === emailInput ? 'confirm.emailInvalid' : 'confirm.phoneInvalid'));
      field.focus();
      return;
    }
    case 'already_booked':
      showFormError(form, api.explain(error), h('a', { href: '/manage', text: t('verify.alreadyBooked.manage') }));
      return;
    default:
      showFormError(form, api.explain(error), t('confirm.retry'));
  }
}

// ---- step 6: the receipt ----

function drawDone() {
  const { booking } = state;
  const type = state.desk.types.find((x) => x.id === booking.type);
  return h('section', { class: 'step done', 'aria-labelledby': 'step-title' },
    h('div', { class: 'alert alert-success done-banner' },
      h('h2', { class: 'step-title h3 mb-1', id: 'step-title', text: t('done.title') }),
      h('p', { class: 'mb-0', text: t('done.intro') })),
    receiptCard(booking, state.desk, type),
    receiptActions(booking.code, booking.manage_token),
    manageLinkBox(booking.code, booking.manage_token),
    whatNext(),
    otherTypes());
}

// What comes next: the confirmation e-mail and the reminder, or else the code and the link to keep;
// and how to reopen the bookings without the link.
function whatNext() {
  const type = state.desk.types.find((x) => x.id === state.booking.type);
  const deadline = changeDeadline(state.booking, type, state.desk.timezone);
  const mail = state.emailGiven ? [t('done.next.email')] : [t('done.next.noEmail'), t('done.next.onFile')];
  return h('section', { class: 'what-next card-box no-print', 'aria-labelledby': 'what-next-title' },
    h('h3', { id: 'what-next-title', class: 'h5', text: t('done.next.title') }),
    mail.map((text) => h('p', { text })),
    deadline ? h('p', { class: 'change-deadline', text: deadline }) : null,
    h('p', {}, t('done.next.lost'), ' ', h('a', { href: '/status', text: t('done.status') })));
}

// Links to book the application's other appointments, those it has not booked yet.
function otherTypes() {
  const types = state.openTypes.map((id) => state.desk.types.find((x) => x.id === id)).filter(Boolean);
  if (!types.length) return null;
  const address = (type) => `/?desk=${encodeURIComponent(state.deskId)}&type=${encodeURIComponent(type.id)}`;
  return h('section', { class: 'other-types card-box no-print', 'aria-labelledby': 'other-types-title' },
    h('h3', { id: 'other-types-title', class: 'h5', text: t('done.other') }),
    h('ul', { class: 'list-unstyled mb-0' }, types.map((type) => h('li', { class: 'mb-2' },
      h('a', { class: 'btn btn-outline-primary btn-sm', href: address(type), text: t('status.book', { type: type.name }) })))));
}

// ---- small helpers ----

function busy(button, on) {
  if (!button) return;
  button.disabled = on;
  button.classList.toggle('is-busy', on);
  if (on) button.setAttribute('aria-busy', 'true');
  else button.removeAttribute('aria-busy');
}

function showFormError(form, title, ...body) {
  const slot = form?.querySelector('#form-error') || flow().querySelector('.step');
  const box = alertBox('danger', title, ...body.filter(Boolean));
  box.classList.add('form-error-box');
  if (slot.id === 'form-error') slot.replaceChildren(box);
  else slot.prepend(box);
  focusOn(slot.id === 'form-error' ? slot : box);
}

function clearFormError(form) {
  form.querySelector('#form-error')?.replaceChildren();
}

// ---- start ----

async function refreshForLanguage() {
  if (state.deskId) {
    try {
      state.desk = await api.getDesk(state.deskId);  // type names and documents in the new language
    } catch {
      /* keep the old texts */
    }
  }
  if (state.desks) state.desks = await sortedDesks().catch(() => state.desks);
  const focused = document.activeElement?.id;
  render(false);
  if (focused) document.getElementById(focused)?.focus();
}

// After a reload (or a return to this page's history entries), the step and the receipt where they
// were: true when restored. A fresh visit (no entry of ours) starts afresh.
async function restore() {
  const entry = history.state;
  if (!entry?.step) return false;
  const receipt = entry.step === 'done' ? savedReceipt() : null;
  const flow = entry.step === 'done' ? null : savedFlow();
  const joined = savedWaitlist();
  if (joined?.entry?.id && joined.entry.id === entry.code) state.waitlisted = joined;
  if (!(receipt?.booking?.code && receipt.booking.code === entry.code) && !flow?.desk) return false;
  try {
    state.desks = await sortedDesks();
    state.desk = await api.getDesk(receipt ? receipt.booking.desk : flow.desk);
  } catch {
    state.desk = null;
    return false;
  }
  state.deskId = state.desk.id;
  if (receipt) {
    state.booking = receipt.booking;
    state.emailGiven = Boolean(receipt.emailGiven);
    state.openTypes = Array.isArray(receipt.openTypes) ? receipt.openTypes : [];
    state.typeId = receipt.booking.type;
    state.step = 'done';
    render(false);
    return true;
  }
  if (state.desk.types.some((type) => type.id === flow.type)) state.typeId = flow.type;
  if (flow.applicationId && flow.taxCode) {
    state.applicationId = flow.applicationId;
    state.taxCode = flow.taxCode;
    // Checked again: meanwhile the application may have been booked (another tab) or changed.
    const application = await api.lookup(state.applicationId, state.taxCode).catch(() => null);
    if (application && !applicationProblem(application)) {
      state.application = application;
      state.slot = flow.slot;
    }
  }
  let step = STEPS.includes(entry.step) || entry.step in PREVIOUS ? entry.step : 'desk';
  while (!reachable(step) && step !== 'desk') step = previous(step);
  state.step = step;
  syncAddress(false);
  render(false);
  return true;
}

async function start() {
  startPage();
  api.prepareProofOfWork();  // the automatic check, when a desk asks for it
  onLanguageChange(refreshForLanguage);
  if (await restore()) return;
  const params = new URLSearchParams(location.search);
  const wantedDesk = params.get('desk');
  const wantedType = params.get('type');
  try {
    state.desks = await sortedDesks();
  } catch {
    state.desks = null;
  }
  if (wantedDesk && state.desks?.some((d) => d.id === wantedDesk)) {
    state.deskId = wantedDesk;
    try {
      state.desk = await api.getDesk(wantedDesk);
      if (state.desk.types.some((x) => x.id === wantedType)) state.typeId = wantedType;
      else if (state.desk.types.length === 1) state.typeId = state.desk.types[0].id;
    } catch {
      state.desk = null;
    }
  }
  const step = state.desk?.self_booking ? (state.typeId ? 'verify' : 'type') : 'desk';
  if (step !== 'desk') history.replaceState({ step: 'desk' }, '', location.href);
  state.step = step;
  syncAddress(step !== 'desk');
  render(false);
}

start();
