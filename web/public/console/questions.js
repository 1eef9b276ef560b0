// Applicants' questions (SPEC.md, "Questions"), "Domande". The front office (help desk,
// administrators) sees every ticket; an operator or manager only the tickets the front office passed
// on to their desk. Two screens, by address:
//   #questions?state=…&topic=…&desk=… — the queue, urgent first, then oldest, overdue marked, with
//     filters; read again every 30 seconds while the tab is visible, redrawn only when it changed;
//   #questions?id=…(&the queue's filters) — one ticket: its facts, the conversation, the internal
//     notes (marked as such: the applicant never sees them) and what the account may do: claim,
//     answer (or ask the applicant and wait for the reply), note, mark urgent, escalate to the
//     application's desk and transfer to another (front office), close.
// The front office has two more parts, by `view=`: the FAQ (faq.js, where a ticket's answer can be
// promoted to) and the statistics (questions-stats.js).
// Who may do what is the server's rule (docs/decisions.md, "Questions"); the view leaves out what
// the account cannot use and words every refusal: a claim someone made first (409 already_claimed)
// is said so, and the ticket is read again.
import { formatTime, language, t } from '../js/i18n.js';
import { alertBox, focusOn, h } from '../js/page.js';
import { checkQuestionText, questionTextField } from '../js/question-view.js';
import { busy, confirmDialog, errorBox, field, loading, scrollingTable, when } from './common.js';
import * as staff from './staff-api.js';

const ZONE = 'Europe/Rome';
const REFRESH_MS = 30000;
const STATES = ['open', 'claimed', 'escalated', 'waiting_applicant', 'answered', 'closed'];
const BADGES = { open: 'primary', claimed: 'primary', escalated: 'primary', waiting_applicant: 'secondary',
  answered: 'success', closed: 'secondary' };
const drafts = new Map();  // ticket id → { answer, askBack, note }: what was typed outlives a redraw

// The front office: every ticket, and escalation and transfer.
export const isFrontOffice = (user) => user?.role === 'helpdesk' || user?.role === 'admin';

let topicCache = { language: '', topics: [] };
async function topicNames() {
  if (topicCache.language !== language()) {
    topicCache = { language: language(), topics: await staff.topics().catch(() => []) };
  }
  const { topics } = topicCache;
  return { topics, name: (id) => topics.find((topic) => topic.id === id)?.name || id };
}

// "Sportello Unico per l'Immigrazione – Prefettura di Roma" → "Prefettura di Roma"
function deskNamer(desks) {
  return (id) => (desks.find((desk) => desk.id === id)?.name || id || '').split(' – ').pop();
}

// The queue's filters from the address (the ticket screen carries them, for the way back).
function filtersOf(params, front) {
  return { state: params.state || '', topic: params.topic || '', desk: front ? params.desk || '' : '' };
}
const definedOnly = (object) => Object.fromEntries(Object.entries(object).filter(([, value]) => value));
const ticketHref = (id, filters) => `#questions?${new URLSearchParams({ id, ...definedOnly(filters) })}`;
const queueHref = (filters) => {
  const query = new URLSearchParams(definedOnly(filters)).toString();
  return `#questions${query ? `?${query}` : ''}`;
};

function stateBadges(ticket) {
  return h('span', { class: 'question-badges' },
    h('span', { class: `badge status-badge bg-${BADGES[ticket.state] || 'secondary'}`, text: t(`helpdesk.state.${ticket.state}`) }),
    ticket.urgent ? h('span', { class: 'badge status-badge bg-danger', text: t('helpdesk.urgent') }) : null,
    ticket.overdue ? h('span', { class: 'badge status-badge bg-warning', text: t('helpdesk.overdue') }) : null);
}

// The front office's parts of the area: the queue (with its tickets), the FAQ and the statistics.
const PARTS = [
  { id: '', load: null },
  { id: 'faq', load: () => import('./faq.js') },
  { id: 'stats', load: () => import('./questions-stats.js') },
];

function partsNav(current) {
  return h('nav', { class: 'questions-parts', 'aria-label': t('helpdesk.parts') },
    h('ul', {}, PARTS.map((part) => h('li', {}, h('a', { href: part.id ? `#questions?view=${part.id}` : '#questions',
      id: `questions-part-${part.id || 'queue'}`, 'aria-current': part.id === current ? 'page' : false,
      text: t(`helpdesk.part.${part.id || 'queue'}`) })))));
}

export async function render(container, context) {
  const wanted = context.params.view || '';
  if (!isFrontOffice(context.user)) {
    if (wanted) return container.replaceChildren(alertBox('warning', t('console.roleCannot'), t('helpdesk.frontOnly')));
    return context.params.id ? renderTicket(container, context) : renderQueue(container, context);
  }
  const part = PARTS.find((p) => p.id === wanted) || PARTS[0];
  const body = h('div', { class: 'questions-part' }, loading());
  container.replaceChildren(partsNav(part.id), body);
  if (part.load) return (await part.load()).render(body, { ...context, topicNames, deskNamer });
  return context.params.id ? renderTicket(body, context) : renderQueue(body, context);
}

// ---- the queue ----

async function renderQueue(container, context) {
  const { user, params, desks, navigate } = context;
  const front = isFrontOffice(user);
  const filters = filtersOf(params, front);
  const { topics, name: topicName } = await topicNames();
  const deskName = deskNamer(desks);
  const choose = (id, options, current) => {
    const select = h('select', { id, class: 'form-select' },
      options.map(([value, text]) => h('option', { value, selected: value === current, text })));
    select.addEventListener('change', () => navigate('questions', { ...filters, [id.replace('questions-', '')]: select.value }, id));
    return select;
  };
  const stateChoice = choose('questions-state', [['', t('helpdesk.filter.todo')], ['all', t('helpdesk.filter.all')],
    ...STATES.map((state) => [state, t(`helpdesk.state.${state}`)])], filters.state);
  const topicChoice = choose('questions-topic', [['', t('helpdesk.filter.anyTopic')],
    ...topics.map((topic) => [topic.id, topic.name])], filters.topic);
  const deskChoice = front ? choose('questions-desk', [['', t('helpdesk.filter.anyDesk')],
    ...desks.map((desk) => [desk.id, deskName(desk.id)])], filters.desk) : null;
  const reload = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'questions-refresh', text: t('helpdesk.refresh') });
  const updated = h('p', { class: 'small text-secondary', id: 'questions-updated' });
  const area = h('div', { id: 'questions-area' }, loading());
  container.replaceChildren(
    h('p', { id: 'questions-intro', class: 'questions-intro',
      text: front ? t('helpdesk.intro.front') : t('helpdesk.intro.back', { desk: deskName(user.desk) }) }),
    h('div', { class: 'questions-filters d-flex flex-wrap gap-3 align-items-end' },
      field('questions-state', t('helpdesk.filter.state'), stateChoice),
      field('questions-topic', t('helpdesk.filter.topic'), topicChoice),
      deskChoice ? field('questions-desk', t('helpdesk.filter.desk'), deskChoice) : null,
      h('div', { class: 'form-group field' }, reload)),
    updated, area);

  const draw = (list) => {
    if (!list.length) {
      area.replaceChildren(h('p', { class: 'empty', id: 'questions-empty', text: t('helpdesk.empty') }));
      return;
    }
    const urgent = list.filter((ticket) => ticket.urgent).length;
    const overdue = list.filter((ticket) => ticket.overdue).length;
    area.replaceChildren(
      h('p', { id: 'questions-summary', class: 'fw-semibold', text: t('helpdesk.summary', { n: list.length, urgent, overdue }) }),
      scrollingTable(t('helpdesk.tableLabel'), h('table', { class: 'table table-sm questions-table', id: 'questions-table' },
        h('caption', { class: 'visually-hidden', text: t('helpdesk.tableLabel') }),
        h('thead', {}, h('tr', {}, ['number', 'topic', 'desk', 'state', 'assignee', 'created', 'waiting']
          .map((key) => h('th', { scope: 'col', text: t(`helpdesk.col.${key}`) })))),
        h('tbody', {}, list.map((ticket) => h('tr', {
          'data-question': ticket.id,
          class: [ticket.urgent ? 'is-urgent' : '', ticket.overdue ? 'is-overdue' : ''].filter(Boolean).join(' ') || false,
        },
        h('th', { scope: 'row' }, h('a', { href: ticketHref(ticket.id, filters), class: 'question-link verbatim', text: ticket.number })),
        h('td', { text: topicName(ticket.topic) }),
        h('td', { text: deskName(ticket.desk) }),
        h('td', {}, stateBadges(ticket)),
        h('td', { class: ticket.assignee ? 'verbatim' : 'text-secondary', text: ticket.assignee || t('helpdesk.nobody') }),
        h('td', { text: when(ticket.created_at, ZONE) }),
        h('td', { text: ticket.waiting_since && ticket.state !== 'closed' ? when(ticket.waiting_since, ZONE) : '—' })))))));
  };

  let shown = '';
  let version = 0;
  const refresh = async () => {
    const asked = ++version;
    let list;
    try {
      list = await staff.questionQueue({ state: STATES.includes(filters.state) ? filters.state : '', topic: filters.topic, desk: filters.desk });
    } catch (error) {
      if (asked !== version || !area.isConnected) return;
      if (!shown) area.replaceChildren(errorBox(error));
      else updated.textContent = t('day.updateFailed', { time: formatTime(new Date().toISOString(), ZONE) });
      return;
    }
    if (asked !== version || !area.isConnected) return;
    if (!filters.state) list = list.filter((ticket) => ticket.state !== 'closed');
    const now = JSON.stringify(list);
    updated.textContent = t('day.updated', { time: formatTime(new Date().toISOString(), ZONE) });
    if (now === shown) return;
    const focused = area.contains(document.activeElement) ? document.activeElement.closest('[data-question]')?.dataset.question : '';
    shown = now;
    draw(list);
    if (focused) area.querySelector(`tr[data-question="${CSS.escape(focused)}"] a`)?.focus();
  };
  reload.addEventListener('click', () => busy(reload, refresh));
  const timer = window.setInterval(() => {
    if (!area.isConnected) return window.clearInterval(timer);
    if (document.visibilityState === 'visible') refresh();
  }, REFRESH_MS);
  const onVisible = () => {
    if (!area.isConnected) return document.removeEventListener('visibilitychange', onVisible);
    if (document.visibilityState === 'visible') refresh();
  };
  document.addEventListener('visibilitychange', onVisible);
  await refresh();
}

// ---- one ticket ----

function draftOf(id) {
  if (!drafts.has(id)) drafts.set(id, { answer: '', askBack: false, note: '' });
  return drafts.get(id);
}

function messagesList(ticket) {
  return h('ol', { class: 'conversation', id: 'staff-conversation' }, ticket.messages.map((message, index) => {
    const fromStaff = message.from === 'staff';
    return h('li', { class: `message ${fromStaff ? 'from-staff' : 'from-applicant'}`, id: `staff-message-${index + 1}`, 'data-from': message.from },
      h('p', { class: 'message-head' },
        h('span', { class: 'message-from', text: fromStaff ? t('helpdesk.from.staff', { author: message.author || '—' }) : t('helpdesk.from.applicant') }),
        h('span', { class: 'message-at', text: when(message.at, ZONE) })),
      h('p', { class: 'message-text', text: message.text }));
  }));
}

function notesSection(ticket) {
  return h('section', { class: 'internal-notes', id: 'internal-notes', 'aria-labelledby': 'notes-title' },
    h('h3', { class: 'h5', id: 'notes-title' }, t('helpdesk.notes'), ' ',
      h('span', { class: 'internal-mark', text: t('helpdesk.notesInternal') })),
    ticket.notes.length
      ? h('ol', { class: 'note-list' }, ticket.notes.map((note) => h('li', { class: 'internal-note', 'data-author': note.author },
        h('p', { class: 'message-head' },
          h('span', { class: 'message-from', text: t('helpdesk.noteBy', { author: note.author }) }),
          h('span', { class: 'message-at', text: when(note.at, ZONE) })),
        h('p', { class: 'message-text', text: note.text }))))
      : h('p', { class: 'empty', text: t('helpdesk.noNotes') }));
}

function facts(ticket, topicName, deskName) {
  const pairs = [
    ['application', h('span', { class: 'verbatim', text: ticket.application_id })],
    ['desk', deskName(ticket.desk)],
    ['topic', topicName(ticket.topic)],
    ['language', t(`language.${ticket.language}`)],
    ['state', stateBadges(ticket)],
    ['assignee', ticket.assignee || t('helpdesk.nobody')],
    ['created', when(ticket.created_at, ZONE)],
    ['updated', when(ticket.updated_at, ZONE)],
    ticket.waiting_since && ticket.state !== 'closed' ? ['waiting', when(ticket.waiting_since, ZONE)] : null,
    ['verified', t(ticket.verified ? 'helpdesk.verified.yes' : 'helpdesk.verified.no')],
  ].filter(Boolean);
  return h('dl', { class: 'facts card-box question-facts' }, pairs.flatMap(([key, value]) => [
    h('dt', { text: t(`helpdesk.facts.${key}`) }),
    h('dd', { class: key === 'assignee' && ticket.assignee ? 'verbatim' : false }, value)]));
}

async function renderTicket(container, context) {
  const { user, params, desks } = context;
  const front = isFrontOffice(user);
  const filters = filtersOf(params, front);
  const { name: topicName } = await topicNames();
  const deskName = deskNamer(desks);
  const backLink = () => h('p', {}, h('a', { href: queueHref(filters), id: 'questions-back', text: t('helpdesk.back') }));
  let ticket;
  let news = null;     // an alert about the last action, on top of the ticket
  let gone = false;    // the ticket is no longer one this account may see
  try {
    ticket = await staff.getQuestion(params.id);
  } catch (error) {
    container.replaceChildren(backLink(), error.code === 'not_found' ? alertBox('warning', t('helpdesk.gone')) : errorBox(error));
    return;
  }

  // Runs `action` with `body` on the ticket; `done` is the sentence said when it worked.
  const act = async (button, action, body, done, afterDone = () => {}) => {
    await busy(button, async () => {
      try {
        ticket = await staff.questionAction(ticket.id, action, body);
        afterDone();
        news = alertBox('success', t(done));
      } catch (error) {
        if (error.code === 'not_found') {
          gone = true;
          news = alertBox('warning', t('helpdesk.gone'));
          return;
        }
        news = error.code === 'already_claimed' ? alertBox('warning', t('helpdesk.taken'))
          : error.code === 'question_closed' ? alertBox('warning', t('console.error.question_closed')) : errorBox(error);
        // Someone else changed it meanwhile: show it as it is now.
        try {
          ticket = await staff.getQuestion(ticket.id);
        } catch (again) {
          if (again.code === 'not_found') gone = true;
        }
      }
    });
    draw();
    focusOn(document.getElementById('question-news')?.firstElementChild);
  };

  const draw = () => {
    const newsBox = h('div', { id: 'question-news', class: 'question-news' }, news);
    if (gone) {
      container.replaceChildren(backLink(), newsBox);
      return;
    }
    container.replaceChildren(
      backLink(),
      h('section', { class: 'staff-question', 'aria-labelledby': 'question-title', 'data-question': ticket.id, 'data-state': ticket.state },
        h('h2', { class: 'h3', id: 'question-title', text: t('helpdesk.title', { number: ticket.number }) }),
        newsBox,
        facts(ticket, topicName, deskName),
        h('h3', { class: 'h5', id: 'conversation-title', text: t('helpdesk.conversation') }),
        messagesList(ticket),
        front ? promoteLink() : null,
        notesSection(ticket),
        actionsSection()));
  };

  // Once the ticket has an answer, the front office may make it a frequent question (faq.js).
  const promoteLink = () => (ticket.messages.some((message) => message.from === 'staff')
    ? h('p', { class: 'question-promote' }, h('a', { class: 'btn btn-outline-primary btn-sm', id: 'question-promote',
      href: `#questions?${new URLSearchParams({ view: 'faq', edit: 'new', from: ticket.id })}`, text: t('helpdesk.promote') }))
    : null);

  const actionsSection = () => {
    const section = h('section', { class: 'card-box question-actions', id: 'question-actions', 'aria-labelledby': 'actions-title' },
      h('h3', { class: 'h5', id: 'actions-title', text: t('helpdesk.actions') }));
    if (ticket.state === 'closed') {
      section.append(h('p', { id: 'question-closed', class: 'mb-0', text: t('helpdesk.closedNote') }));
      return section;
    }
    const mine = ticket.assignee === user.username;
    const free = !ticket.assignee;
    if (free) {
      const claim = h('button', { type: 'button', class: 'btn btn-primary', id: 'question-claim', text: t('helpdesk.claim') });
      claim.addEventListener('click', () => act(claim, 'claim', undefined, 'helpdesk.done.claim'));
      section.append(h('p', {}, claim));
    } else {
      section.append(h('p', { id: 'question-holder', class: 'fw-semibold',
        text: mine ? t('helpdesk.heldByMe') : t('helpdesk.heldBy', { name: ticket.assignee }) }));
    }
    if (free || mine) section.append(answerForm());
    section.append(noteForm(), ...[otherActions()].flat());
    return section;
  };

  const answerForm = () => {
    const draft = draftOf(ticket.id);
    const text = questionTextField({ id: 'answer-text', label: t('helpdesk.answer'), hint: t('helpdesk.answerHint'),
      value: draft.answer, rows: 6, onInput: (value) => { draft.answer = value; } });
    const askBack = h('input', { type: 'checkbox', id: 'answer-ask-back', class: 'form-check-input', checked: draft.askBack });
    askBack.addEventListener('change', () => { draft.askBack = askBack.checked; });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'answer-submit', text: t('helpdesk.answerSubmit') });
    const form = h('form', { id: 'answer-form', class: 'question-form', novalidate: true }, text.group,
      h('div', { class: 'form-check mb-3' }, askBack, h('label', { for: 'answer-ask-back', class: 'form-check-label', text: t('helpdesk.askBack') })),
      h('div', { class: 'step-buttons mt-0' }, submit));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!checkQuestionText(text.input, 'helpdesk.answerRequired')) return;
      const waitForReply = askBack.checked;
      act(submit, 'answer', { text: text.input.value.trim(), wait_for_reply: waitForReply },
        waitForReply ? 'helpdesk.done.askBack' : 'helpdesk.done.answer', () => { draft.answer = ''; draft.askBack = false; });
    });
    return form;
  };

  const noteForm = () => {
    const draft = draftOf(ticket.id);
    const text = questionTextField({ id: 'note-text', label: t('helpdesk.note'), hint: t('helpdesk.noteHint'),
      value: draft.note, rows: 3, onInput: (value) => { draft.note = value; } });
    const submit = h('button', { type: 'submit', class: 'btn btn-outline-primary', id: 'note-submit', text: t('helpdesk.noteSubmit') });
    const form = h('form', { id: 'note-form', class: 'question-form note-form', novalidate: true }, text.group,
      h('div', { class: 'step-buttons mt-0' }, submit));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!checkQuestionText(text.input, 'helpdesk.noteRequired')) return;
      act(submit, 'note', { text: text.input.value.trim() }, 'helpdesk.done.note', () => { draft.note = ''; });
    });
    return form;
  };

  const otherActions = () => {
    const urgent = h('button', { type: 'button', class: 'btn btn-outline-primary', id: 'question-urgent',
      'aria-pressed': String(ticket.urgent), text: t(ticket.urgent ? 'helpdesk.unmarkUrgent' : 'helpdesk.markUrgent') });
    urgent.addEventListener('click', () => act(urgent, 'urgent', { urgent: !ticket.urgent },
      ticket.urgent ? 'helpdesk.done.notUrgent' : 'helpdesk.done.urgent'));
    const close = h('button', { type: 'button', class: 'btn btn-outline-danger', id: 'question-close', text: t('helpdesk.close') });
    close.addEventListener('click', async () => {
      const sure = await confirmDialog({ title: t('helpdesk.closeTitle', { number: ticket.number }), body: [t('helpdesk.closeBody')],
        confirm: t('helpdesk.close'), danger: true });
      if (sure) act(close, 'close', undefined, 'helpdesk.done.close');
    });
    const row = h('div', { class: 'question-buttons' }, urgent, close);
    if (!front) return row;
    const parts = [row];
    if (!ticket.escalated) {
      const escalate = h('button', { type: 'button', class: 'btn btn-outline-primary', id: 'question-escalate',
        'aria-describedby': 'question-escalate-hint', text: t('helpdesk.escalate', { desk: deskName(ticket.desk) }) });
      escalate.addEventListener('click', () => act(escalate, 'escalate', undefined, 'helpdesk.done.escalate'));
      parts.push(h('div', { class: 'question-escalate' }, escalate,
        h('small', { id: 'question-escalate-hint', class: 'form-text d-block', text: t('helpdesk.escalateHint') })));
    }
    const others = desks.filter((desk) => desk.id !== ticket.desk);
    if (others.length) {
      const select = h('select', { id: 'question-transfer-desk', class: 'form-select' },
        others.map((desk) => h('option', { value: desk.id, text: deskName(desk.id) })));
      const transfer = h('button', { type: 'button', class: 'btn btn-outline-primary', id: 'question-transfer', text: t('helpdesk.transfer') });
      transfer.addEventListener('click', () => act(transfer, 'transfer', { desk: select.value }, 'helpdesk.done.transfer'));
      parts.push(h('div', { class: 'question-transfer' }, field('question-transfer-desk', t('helpdesk.transferDesk'), select), transfer));
    }
    return parts;
  };

  draw();
}
