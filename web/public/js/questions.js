// The questions page (/questions): an applicant asks the desk a question about their application,
// and reads the answers. Three views, chosen by the address fragment:
//   (none) or #ask — ask: a search of the frequent questions by words; application number and tax
//     code, a topic, the desk's frequent questions of that topic (when it has some), the text (at most 2,000 characters, with a counter) → the
//     ticket's number, shown prominently, and the ticket;
//   #mine — the application's questions: number and tax code → the look-up's list of tickets;
//   #id=Q-… — one ticket (the answer e-mail links here, without a token): the conversation and,
//     while it is not closed, a reply. The token comes from this tab (the ticket just sent, or one
//     opened from a list, js/question-session.js) or else from a look-up the page asks for first.
// The tax code is kept in memory only, never in the tab's storage.
import * as api from './api.js';
import { applicationFields, checkApplicationFields } from './application-fields.js';
import { language, onLanguageChange, t } from './i18n.js';
import { alertBox, announce, fieldError, focusOn, h, setTitle, startPage } from './page.js';
import { savedQuestion, saveQuestion } from './question-session.js';
import { QUESTION_MAX, checkQuestionText, conversation, openQuestionUrl, questionItem, questionTextField, stateBadge, when }
  from './question-view.js';
import { normalizeTaxCode } from './taxcode.js';

const state = {
  mode: 'ask',          // ask | mine | loading | ticket
  applicationId: '',
  taxCode: '',          // in memory only
  topics: null,         // [{ id, name }] in the page's language; null until read
  topic: '',            // the ask form's draft: topic and text
  text: '',
  faq: { topic: '', entries: [] },  // the frequent questions shown for the topic chosen
  faqSeen: false,       // at least one was shown before this question is sent
  search: { words: '', entries: null, failed: false },  // the search of the frequent questions and what it found
  lookup: null,         // the look-up's answer (the application's tickets with their tokens), in memory
  target: '',           // the ticket the address names, while the page asks who the applicant is
  session: null,        // the ticket on screen: { id, token, number, sent }
  ticket: null,         // …as the API answered
  reply: '',            // the reply's draft
  error: null,          // [title, …body] on top of the view
  notice: null,         // { kind, title, body } on top of the view
};

const root = () => document.getElementById('questions');
const topicName = (id) => state.topics?.find((topic) => topic.id === id)?.name || id;

// ---- where the page is: the address fragment ----

function fromAddress() {
  const hash = location.hash.replace(/^#/, '');
  const id = (new URLSearchParams(hash).get('id') || '').trim();
  if (id) return { view: 'ticket', id };
  return { view: hash === 'mine' ? 'mine' : 'ask' };
}

// Shows `hash` ("ask", "mine", "id=…"): a new history entry, so Back returns.
function go(hash) {
  if (location.hash === `#${hash}`) route(true);
  else location.hash = hash;
}

async function route(moveFocus) {
  const where = fromAddress();
  state.error = null;
  state.notice = null;
  if (where.view === 'ticket') {
    const saved = savedQuestion();
    if (saved?.id === where.id) return openTicket(saved, moveFocus);
    const known = state.lookup?.questions?.find((ticket) => ticket.id === where.id && ticket.token);
    if (known) return openTicket({ id: known.id, token: known.token, number: known.number }, moveFocus);
    state.target = where.id;
    state.lookup = null;
    state.mode = 'mine';
  } else {
    state.target = '';
    state.mode = where.view;
  }
  render(moveFocus);
}

// ---- drawing ----

function render(moveFocus = false) {
  setTitle(t('questions.title'));
  const draw = { ask: drawAsk, mine: drawMine, loading: drawLoading, ticket: drawTicket };
  root().replaceChildren(viewNav(), ...[draw[state.mode]()].flat().filter(Boolean));
  if (moveFocus) focusOn(root().querySelector('.notice .alert, #form-error .alert') || document.getElementById('view-title'));
}

// The page's two parts, as links (the ticket view is part of "your questions").
function viewNav() {
  const current = state.mode === 'ask' ? 'ask' : 'mine';
  return h('nav', { class: 'questions-nav-wrapper', 'aria-label': t('questions.nav.label') },
    h('ul', { class: 'questions-nav' }, ['ask', 'mine'].map((view) => h('li', {},
      h('a', { href: `#${view}`, id: `nav-${view}`, 'aria-current': view === current ? 'true' : false, text: t(`questions.nav.${view}`) })))));
}

function drawLoading() {
  return h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner' }), t('common.loading'));
}

function topBoxes() {
  return [
    state.notice ? h('div', { class: 'notice' }, alertBox(state.notice.kind, state.notice.title, ...(state.notice.body || []))) : null,
    h('div', { id: 'form-error' }, state.error ? alertBox('danger', ...state.error) : null),
  ];
}

// ---- asking ----

function drawAsk() {
  const fields = applicationFields(state);
  const topic = h('select', { id: 'question-topic', class: 'form-select', 'aria-describedby': 'question-topic-hint' },
    h('option', { value: '', text: t('questions.topicChoose') }),
    (state.topics || []).map((x) => h('option', { value: x.id, selected: x.id === state.topic, text: x.name })));
  topic.addEventListener('change', () => {
    state.topic = topic.value;
    fieldError(topic, '');
    showFaq();
  });
  const text = questionTextField({ id: 'question-text', label: t('questions.text'), hint: t('questions.textHint', { max: QUESTION_MAX }),
    value: state.text, onInput: (value) => { state.text = value; } });
  const form = h('form', { novalidate: true, class: 'step-form', id: 'ask-form' },
    ...topBoxes(),
    state.topics === null ? alertBox('warning', t('questions.topicsFailed')) : null,
    fields.id.group, fields.tax.group,
    h('div', { class: 'form-group field' },
      h('label', { for: 'question-topic', class: 'active', text: t('questions.topic') }), topic,
      h('small', { id: 'question-topic-hint', class: 'form-text', text: t('questions.topicHint') })),
    h('div', { id: 'faq', class: 'faq', hidden: true }),
    text.group,
    h('p', { class: 'small text-secondary', text: t('questions.privacy') }),
    h('div', { class: 'step-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'ask-submit', text: t('questions.submit') })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ask(form, fields.id.input, fields.tax.input, topic, text.input);
  });
  drawFaq(form.querySelector('#faq'));
  keepTyped(fields);
  return h('section', { 'aria-labelledby': 'view-title' },
    h('h2', { id: 'view-title', class: 'h3', text: t('questions.ask.title') }),
    h('p', { text: t('questions.ask.intro') }),
    h('p', {}, h('a', { href: '#mine', text: t('questions.ask.mineLink') })),
    searchBox(),
    form);
}

// ---- searching the frequent questions ----

// A search by words (every word the start of a word of the entry), in the page's language; the
// entries found open one by one (details), and "nothing found" is said as plainly.
function searchBox() {
  const input = h('input', { id: 'faq-search', class: 'form-control', type: 'search', autocomplete: 'off',
    'aria-describedby': 'faq-search-hint', maxlength: '200', value: state.search.words });
  const results = h('div', { id: 'faq-results', class: 'faq-results' });
  const form = h('form', { id: 'faq-search-form', role: 'search', class: 'faq-search', novalidate: true,
    'aria-labelledby': 'faq-search-title' },
  h('div', { class: 'form-group field' },
    h('label', { for: 'faq-search', class: 'active', text: t('questions.search.label') }), input,
    h('small', { id: 'faq-search-hint', class: 'form-text', text: t('questions.search.hint') })),
  h('button', { type: 'submit', class: 'btn btn-outline-primary', id: 'faq-search-submit', text: t('questions.search.submit') }));
  input.addEventListener('input', () => { state.search.words = input.value; });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!input.value.trim()) {
      fieldError(input, t('questions.search.required'));
      input.focus();
      return;
    }
    searchFaq(input.value.trim(), results, true);
  });
  drawSearch(results);
  return h('section', { class: 'card-box faq-box faq-search-box', 'aria-labelledby': 'faq-search-title' },
    h('h3', { id: 'faq-search-title', class: 'h5', text: t('questions.search.title') }), form, results);
}

async function searchFaq(words, results, tell) {
  state.search = { words, entries: null, failed: false, asked: words };
  try {
    state.search.entries = await api.searchFaq(words);
  } catch {
    state.search.failed = true;
  }
  if (state.search.asked !== words) return;  // a later search is under way
  drawSearch(results.isConnected ? results : document.getElementById('faq-results'));
  if (tell) announce(searchSummary());
}

const searchSummary = () => (state.search.failed ? t('questions.search.failed')
  : state.search.entries.length ? t('questions.search.found', { n: state.search.entries.length }) : t('questions.search.none'));

function drawSearch(results) {
  const { entries, failed } = state.search;
  if (!results) return;
  if (!entries && !failed) {
    results.replaceChildren();
    return;
  }
  results.replaceChildren(h('p', { id: 'faq-search-summary', class: entries?.length ? 'small' : 'faq-none', text: searchSummary() }));
  if (!entries?.length) return;
  results.append(h('div', { class: 'faq-entries' }, entries.map((entry) => h('details', { class: 'faq-entry', 'data-faq': entry.id },
    h('summary', { text: entry.question }),
    h('p', { class: 'faq-answer', text: entry.answer })))));
}

// The application number follows the typing (a change of language redraws the form); the tax code
// stays in memory only.
function keepTyped(fields) {
  fields.id.input.addEventListener('input', () => { state.applicationId = fields.id.input.value.trim(); });
  fields.tax.input.addEventListener('input', () => { state.taxCode = fields.tax.input.value; });
}

// Reads the frequent questions of the topic chosen and shows them above the text (none: nothing).
async function showFaq() {
  const topic = state.topic;
  if (!topic) {
    state.faq = { topic: '', entries: [] };
  } else if (state.faq.topic !== topic || state.faq.language !== language()) {
    state.faq = { topic, language: language(), entries: [] };
    let entries = [];
    try {
      entries = await api.faq(topic);
    } catch {
      entries = [];  // no frequent questions (or none can be read now): the form works without them
    }
    if (state.topic !== topic || state.faq.topic !== topic) return;
    state.faq.entries = Array.isArray(entries) ? entries.filter((entry) => entry.question && entry.answer) : [];
  }
  drawFaq(document.getElementById('faq'));
}

function drawFaq(area) {
  if (!area) return;
  const { entries } = state.faq;
  if (!state.topic || state.faq.topic !== state.topic || !entries.length) {
    area.hidden = true;
    area.replaceChildren();
    return;
  }
  state.faqSeen = true;
  area.hidden = false;
  area.replaceChildren(h('section', { class: 'card-box faq-box', 'aria-labelledby': 'faq-title' },
    h('h3', { id: 'faq-title', class: 'h5', text: t('questions.faq.title') }),
    h('p', { class: 'small', text: t('questions.faq.intro') }),
    h('div', { class: 'faq-entries' }, entries.map((entry) => h('details', { class: 'faq-entry', 'data-faq': entry.id },
      h('summary', { text: entry.question }),
      h('p', { class: 'faq-answer', text: entry.answer }))))));
}

// The ask form's refusal in the page's words, next to what caused it.
function askRefused(error) {
  if (error.code === 'application_not_verified') {
    return { title: [t('verify.notVerified.title'), t('status.notVerified')], fields: ['application-id', 'tax-code'] };
  }
  if (error.code === 'invalid_request' && error.problem?.field === 'topic') return { field: ['question-topic', t('questions.topicRequired')] };
  if (error.code === 'invalid_request' && error.problem?.field === 'text') return { field: ['question-text', t('questions.textInvalid')] };
  // At most five questions may be open at once.
  if (error.code === 'too_many_questions') {
    return { title: [t('questions.tooManyOpen.title'), t('questions.tooManyOpen.body'), h('p', { class: 'mb-0 mt-2' },
      h('a', { href: '#mine', text: t('questions.nav.mine') }))] };
  }
  return { title: [api.explain(error)] };
}

async function ask(form, idInput, taxInput, topic, text) {
  // Every wrong field is marked; focus goes to the first of them.
  const applicationReady = checkApplicationFields(idInput, taxInput);
  fieldError(topic, topic.value ? '' : t('questions.topicRequired'));
  const textReady = checkQuestionText(text, 'questions.textRequired');
  const first = !applicationReady ? form.querySelector('[aria-invalid="true"]') : !topic.value ? topic : !textReady ? text : null;
  if (first) {
    first.focus();
    return;
  }
  state.applicationId = idInput.value.trim();
  state.taxCode = normalizeTaxCode(taxInput.value);
  state.error = null;
  const submit = form.querySelector('[type="submit"]');
  submit.disabled = true;
  submit.classList.add('is-busy');
  const body = { application_id: state.applicationId, tax_code: state.taxCode, topic: topic.value, text: text.value.trim(), lang: language() };
  if (state.faqSeen) body.faq_seen = true;
  let asked;
  try {
    asked = await api.askQuestion(body);
  } catch (error) {
    const refused = askRefused(error);
    state.error = refused.title || null;
    render();
    for (const id of refused.fields || []) fieldError(document.getElementById(id), ' ');
    if (refused.field) {
      const input = document.getElementById(refused.field[0]);
      fieldError(input, refused.field[1]);
      input.focus();
    } else {
      focusOn(root().querySelector('#form-error .alert'));
    }
    return;
  }
  state.topic = '';
  state.text = '';
  state.faq = { topic: '', entries: [] };
  state.faqSeen = false;
  state.lookup = null;  // the list, if read before, lacks this one
  saveQuestion({ id: asked.id, token: asked.token, number: asked.number, sent: true });
  go(`id=${encodeURIComponent(asked.id)}`);
}

// ---- the application's questions ----

function drawMine() {
  if (state.lookup) return drawList();
  const fields = applicationFields(state);
  const form = h('form', { novalidate: true, class: 'step-form', id: 'mine-form' },
    ...topBoxes(), fields.id.group, fields.tax.group,
    h('div', { class: 'step-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary', text: t('questions.mine.submit') })));
  keepTyped(fields);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    lookUp(form, fields.id.input, fields.tax.input);
  });
  return h('section', { 'aria-labelledby': 'view-title' },
    h('h2', { id: 'view-title', class: 'h3', text: t('questions.mine.title') }),
    h('p', { id: 'mine-intro', text: t(state.target ? 'questions.mine.fromLink' : 'questions.mine.intro') }),
    form,
    h('p', {}, h('a', { href: '#ask', text: t('questions.mine.askLink') })));
}

async function lookUp(form, idInput, taxInput) {
  if (!checkApplicationFields(idInput, taxInput)) return;
  state.applicationId = idInput.value.trim();
  state.taxCode = normalizeTaxCode(taxInput.value);
  state.error = null;
  const submit = form.querySelector('[type="submit"]');
  submit.disabled = true;
  submit.classList.add('is-busy');
  try {
    state.lookup = await api.lookup(state.applicationId, state.taxCode);
  } catch (error) {
    const unknown = error.code === 'application_not_verified';
    state.error = unknown ? [t('verify.notVerified.title'), t('status.notVerified')] : [api.explain(error)];
    render();
    if (unknown) {
      fieldError(document.getElementById('application-id'), ' ');
      fieldError(document.getElementById('tax-code'), ' ');
    }
    focusOn(root().querySelector('#form-error .alert'));
    return;
  }
  const target = state.target;
  const wanted = target && state.lookup.questions?.find((ticket) => ticket.id === target && ticket.token);
  if (wanted) {
    // The link's question: open it (this tab keeps it, so a reload does not ask again).
    state.target = '';
    history.replaceState(history.state, '', `#id=${encodeURIComponent(wanted.id)}`);
    openTicket({ id: wanted.id, token: wanted.token, number: wanted.number }, true);
    return;
  }
  if (target) {
    state.notice = { kind: 'warning', title: t('questions.mine.notInList') };
    state.target = '';
    history.replaceState(history.state, '', '#mine');
  }
  render(true);
}

function drawList() {
  const tickets = state.lookup.questions || [];
  return h('section', { 'aria-labelledby': 'view-title' },
    h('h2', { id: 'view-title', class: 'h3', text: t('questions.mine.listTitle', { id: state.lookup.application_id }) }),
    ...topBoxes(),
    tickets.length
      ? h('ul', { class: 'booking-list list-unstyled', id: 'question-list', 'aria-labelledby': 'view-title' },
        tickets.map((ticket) => questionItem(ticket, topicName, (chosen) => {
          openQuestionUrl(chosen);  // kept in the tab
          go(`id=${encodeURIComponent(chosen.id)}`);
        })))
      : h('p', { id: 'question-list-empty', text: t('questions.mine.empty') }),
    h('div', { class: 'step-buttons' },
      h('a', { class: 'btn btn-primary', href: '#ask', text: t('questions.ticket.newQuestion') }),
      h('button', { type: 'button', class: 'btn btn-outline-primary', id: 'mine-again', text: t('questions.mine.again'),
        on: { click: () => { state.lookup = null; state.taxCode = ''; render(); focusOn(document.getElementById('application-id')); } } })));
}

// ---- one ticket ----

async function openTicket(session, moveFocus) {
  const sameTicket = state.session?.id === session.id;
  state.error = null;
  state.notice = null;
  state.session = session;
  saveQuestion(session);
  if (!sameTicket) state.reply = '';
  state.ticket = null;
  state.mode = 'loading';
  render(false);
  try {
    state.ticket = await api.getQuestion(session.id, session.token);
  } catch (error) {
    if (state.session?.id !== session.id) return;
    if (error.code === 'not_found') {
      // The token no longer opens it: who the applicant is, again.
      saveQuestion(null);
      state.session = null;
      state.target = session.id;
      state.lookup = null;
      state.mode = 'mine';
      state.notice = { kind: 'warning', title: t('questions.notFound') };
      render(true);
      return;
    }
    state.error = [api.explain(error)];
  }
  if (state.session?.id !== session.id) return;
  state.mode = 'ticket';
  render(false);
  if (moveFocus) focusOn(document.getElementById(state.session.sent ? 'sent-banner' : 'view-title'));
}

function sentBanner() {
  const { number } = state.session;
  return h('div', { class: 'alert alert-success question-sent', id: 'sent-banner', role: 'status' },
    h('p', { class: 'alert-title fw-semibold mb-2', text: t('questions.sent.title') }),
    h('p', { class: 'question-number-label mb-0', text: t('questions.sent.number') }),
    h('p', { class: 'question-number', id: 'question-number', text: number }),
    h('p', { class: 'mb-1', text: t('questions.sent.keep') }),
    h('p', { class: 'mb-0', text: t('questions.sent.next') }));
}

function stateNote(ticket) {
  switch (ticket.state) {
    case 'answered': return alertBox('success', t('questions.ticket.answered'));
    case 'waiting_applicant': return alertBox('warning', t('questions.ticket.askedBack'));
    case 'closed': return alertBox('info', t('questions.ticket.closed.title'), t('questions.ticket.closed.body'),
      h('p', { class: 'mb-0 mt-2' }, h('a', { href: '#ask', id: 'closed-new-question', text: t('questions.ticket.newQuestion') })));
    default: return h('p', { class: 'question-wait', text: t('questions.ticket.waiting') });
  }
}

function drawTicket() {
  const { ticket, session } = state;
  if (!ticket) {
    const retry = h('button', { type: 'button', class: 'btn btn-primary', id: 'ticket-retry', text: t('common.retry') });
    retry.addEventListener('click', () => openTicket(session, true));
    return h('section', { 'aria-labelledby': 'view-title' },
      h('h2', { id: 'view-title', class: 'h3', text: t('questions.ticket.title', { number: session.number || session.id }) }),
      ...topBoxes(), retry);
  }
  return h('section', { class: 'question-ticket', 'aria-labelledby': 'view-title', 'data-question': ticket.id, 'data-state': ticket.state },
    session.sent ? sentBanner() : null,
    h('h2', { id: 'view-title', class: 'h3', text: t('questions.ticket.title', { number: ticket.number }) }),
    ...topBoxes(),
    h('div', { id: 'ticket-state', class: 'ticket-state' }, stateNote(ticket)),
    h('dl', { class: 'facts card-box' },
      h('dt', { text: t('questions.facts.topic') }), h('dd', { text: topicName(ticket.topic) }),
      h('dt', { text: t('questions.facts.state') }), h('dd', {}, stateBadge(ticket.state)),
      h('dt', { text: t('questions.facts.application') }), h('dd', { class: 'verbatim', text: ticket.application_id }),
      h('dt', { text: t('questions.facts.sent') }), h('dd', { text: when(ticket.created_at) })),
    h('h3', { class: 'h5', id: 'messages-title', text: t('questions.messages') }),
    conversation(ticket),
    ticket.state === 'closed' ? null : replyForm(ticket),
    h('p', { class: 'mt-4' }, h('a', { href: '#mine', id: 'back-to-list', text: t('questions.backToList') })));
}

function replyForm(ticket) {
  // Answering the desk's question, writing again after an answer, or adding to a question not answered yet.
  const label = ticket.state === 'waiting_applicant' ? 'questions.replyAnswer'
    : ticket.messages.some((message) => message.from === 'staff') ? 'questions.reply' : 'questions.replyAdd';
  const text = questionTextField({ id: 'reply-text', label: t(label),
    hint: t('questions.replyHint', { max: QUESTION_MAX }), value: state.reply, rows: 4,
    onInput: (value) => { state.reply = value; } });
  const error = h('div', { id: 'reply-error' });
  const form = h('form', { novalidate: true, id: 'reply-form', class: 'reply-form' }, error, text.group,
    h('div', { class: 'step-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'reply-submit', text: t('questions.replySubmit') })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    reply(form, text.input, error);
  });
  return form;
}

async function reply(form, input, error) {
  if (!checkQuestionText(input, 'questions.replyRequired')) return;
  const { session } = state;
  const submit = form.querySelector('[type="submit"]');
  submit.disabled = true;
  submit.classList.add('is-busy');
  error.replaceChildren();
  try {
    state.ticket = await api.replyToQuestion(session.id, session.token, input.value.trim());
  } catch (refusal) {
    submit.disabled = false;
    submit.classList.remove('is-busy');
    if (refusal.code === 'invalid_request' && refusal.problem?.field === 'text') {
      fieldError(input, t('questions.textInvalid'));
      input.focus();
      return;
    }
    if (refusal.code === 'question_closed' || refusal.code === 'not_found') {
      // Closed meanwhile (or no longer ours): read it again, and say why the reply did not go.
      const why = api.explain(refusal);
      await openTicket(session, false);
      if (state.mode === 'ticket') {
        state.notice = { kind: 'warning', title: why };
        render(false);
        focusOn(root().querySelector('.notice .alert'));
      }
      return;
    }
    error.replaceChildren(alertBox('danger', api.explain(refusal)));
    focusOn(error.firstElementChild);
    return;
  }
  state.reply = '';
  state.notice = null;
  render(false);
  announce(t('questions.replied'));
  const messages = document.querySelectorAll('#conversation .message');
  focusOn(messages[messages.length - 1]);
}

// ---- start ----

async function readTopics() {
  try {
    state.topics = await api.topics();
  } catch {
    state.topics = null;  // the form says so; the rest works
  }
}

async function start() {
  startPage();
  api.prepareProofOfWork();  // the automatic check, when a desk asks for it
  onLanguageChange(async () => {
    await readTopics();
    const focused = document.activeElement?.id;
    render(false);
    if (state.mode === 'ask' && state.topic) showFaq();
    if (state.mode === 'ask' && state.search.entries) searchFaq(state.search.asked, document.getElementById('faq-results'), false);
    if (focused) document.getElementById(focused)?.focus();
  });
  window.addEventListener('hashchange', () => route(true));
  state.mode = 'loading';
  render(false);
  await readTopics();
  await route(false);
}

start();
