// The frequent questions (docs/decisions.md, "Questions", FAQ), a part of "Domande" for the front
// office (help desk, administrators). Entries are national: a question and its answer in it/en/fr/es
// under a topic. Two screens, by address:
//   #questions?view=faq — the entries grouped by topic, each with who changed it last, a link to edit
//     it and a button to delete it (asked first);
//   #questions?view=faq&edit=ID|new(&from=Q-…) — the editor: the topic, then the question and the
//     answer in each language. With `from`, a ticket is promoted: its topic, the applicant's question
//     as the Italian question and the last answer of the desk as the Italian answer; the other
//     languages are the writer's. The server checks the texts: its refusal names the text at fault
//     ("answer.fr"), which is marked next to its field.
import { LANGUAGES, t } from '../js/i18n.js';
import { alertBox, fieldError, focusOn, h } from '../js/page.js';
import { QUESTION_MAX, characters } from '../js/question-view.js';
import { busy, confirmDialog, errorBox, field, when } from './common.js';
import * as staff from './staff-api.js';

const ZONE = 'Europe/Rome';
const TEXTS = ['question', 'answer'];
let news = null;  // what the last save or deletion did, said once on the list

const listHref = '#questions?view=faq';
const editHref = (id) => `#questions?${new URLSearchParams({ view: 'faq', edit: id })}`;

export async function render(container, context) {
  return context.params.edit ? renderEditor(container, context) : renderList(container, context);
}

// ---- the list ----

async function renderList(container, context) {
  const { name: topicName, topics } = await context.topicNames();
  const said = news;
  news = null;
  let entries;
  try {
    entries = await staff.faqEntries();
  } catch (error) {
    container.replaceChildren(errorBox(error));
    return;
  }
  const order = (topic) => { const at = topics.findIndex((x) => x.id === topic); return at < 0 ? topics.length : at; };
  const byTopic = [...new Set(entries.map((entry) => entry.topic))].sort((a, b) => order(a) - order(b));
  container.replaceChildren(...[
    h('h2', { class: 'h4', id: 'faq-title', text: t('faq.title') }),
    h('div', { id: 'faq-news' }, said ? alertBox('success', said) : null),
    h('p', { class: 'questions-intro', text: t('faq.intro') }),
    h('p', {}, h('a', { href: editHref('new'), class: 'btn btn-primary', id: 'faq-new', text: t('faq.new') })),
    entries.length ? null : h('p', { class: 'empty', id: 'faq-empty', text: t('faq.empty') }),
    ...byTopic.map((topic) => h('section', { class: 'faq-topic', 'data-topic': topic, 'aria-labelledby': `faq-topic-${topic}` },
      h('h3', { class: 'h5', id: `faq-topic-${topic}`, text: `${topicName(topic)} (${entries.filter((e) => e.topic === topic).length})` }),
      h('ul', { class: 'faq-list' }, entries.filter((entry) => entry.topic === topic).map((entry) => entryItem(entry, container, context)))))]
    .filter(Boolean));
}

function entryItem(entry, container, context) {
  const remove = h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', 'data-delete': entry.id,
    'aria-label': t('faq.deleteOne', { question: entry.question.it }), text: t('faq.delete') });
  remove.addEventListener('click', async () => {
    const sure = await confirmDialog({ title: t('faq.deleteTitle'), body: [entry.question.it, t('faq.deleteBody')],
      confirm: t('faq.delete'), danger: true });
    if (!sure) return;
    await busy(remove, async () => {
      try {
        await staff.deleteFaq(entry.id);
        news = t('faq.deleted');
      } catch (error) {
        if (error.code !== 'not_found') {
          remove.closest('li').append(errorBox(error));
          return;
        }
        news = t('faq.gone');
      }
      await renderList(container, context);
      focusOn(document.getElementById('faq-news').firstElementChild || document.getElementById('faq-title'));
    });
  });
  const source = entry.source_question
    ? h('span', {}, ' · ', h('a', { href: `#questions?id=${encodeURIComponent(entry.source_question)}`, text: t('faq.fromTicket') }))
    : null;
  return h('li', { class: 'faq-item card-box', 'data-faq': entry.id },
    h('p', { class: 'faq-item-question fw-semibold', text: entry.question.it }),
    h('p', { class: 'faq-item-answer', text: entry.answer.it }),
    h('p', { class: 'small text-secondary' }, t('faq.changed', { who: entry.updated_by, when: when(entry.updated_at, ZONE) }), source),
    h('div', { class: 'question-buttons' },
      h('a', { href: editHref(entry.id), class: 'btn btn-outline-primary btn-sm', 'data-edit': entry.id,
        'aria-label': t('faq.editOne', { question: entry.question.it }), text: t('faq.edit') }), remove));
}

// ---- the editor ----

// The entry to edit: an existing one, a promoted ticket's, or an empty one.
async function startingPoint(params) {
  const blank = () => Object.fromEntries(LANGUAGES.map((language) => [language, '']));
  if (params.edit !== 'new') {
    const entry = (await staff.faqEntries()).find((x) => x.id === params.edit);
    return entry ? { ...entry, source_question: entry.source_question || '' } : null;
  }
  const draft = { id: '', topic: '', question: blank(), answer: blank(), source_question: '' };
  if (!params.from) return draft;
  const ticket = await staff.getQuestion(params.from);
  const answers = ticket.messages.filter((message) => message.from === 'staff');
  draft.topic = ticket.topic;
  draft.question.it = ticket.messages.find((message) => message.from === 'applicant')?.text || '';
  draft.answer.it = answers.at(-1)?.text || '';
  draft.source_question = ticket.id;
  draft.number = ticket.number;
  return draft;
}

const fieldId = (text, language) => `faq-${text}-${language}`;

// The id of the field a server's `field` ("answer.fr", "topic") names, or ''.
function fieldOf(path = '') {
  if (path === 'topic') return 'faq-topic';
  const [text, language] = path.split('.');
  return TEXTS.includes(text) && LANGUAGES.includes(language) ? fieldId(text, language) : '';
}

// What is wrong with a text the server refused, in the console's words.
function textProblem(value) {
  if (!value.trim()) return t('faq.required');
  return characters(value.trim()) > QUESTION_MAX ? t('faq.tooLong', { max: QUESTION_MAX }) : t('faq.invalid');
}

async function renderEditor(container, context) {
  const { params, navigate, guardLeaving } = context;
  const { topics } = await context.topicNames();
  const back = h('p', {}, h('a', { href: listHref, id: 'faq-back', text: t('faq.back') }));
  let entry;
  try {
    entry = await startingPoint(params);
  } catch (error) {
    container.replaceChildren(back, errorBox(error));
    return;
  }
  if (!entry) {
    container.replaceChildren(back, alertBox('warning', t('faq.gone')));
    return;
  }
  let dirty = false;
  guardLeaving({ unsaved: () => dirty, discard: () => { dirty = false; } });
  const topic = h('select', { id: 'faq-topic', class: 'form-select' },
    h('option', { value: '', text: t('faq.topicChoose') }),
    topics.map((x) => h('option', { value: x.id, selected: x.id === entry.topic, text: x.name })));
  const inputs = {};
  const languageBox = (language) => h('fieldset', { class: 'faq-language card-box', id: `faq-lang-${language}` },
    h('legend', { class: 'h6', text: t(`language.${language}`) }),
    TEXTS.map((text) => {
      const input = h('textarea', { id: fieldId(text, language), class: 'form-control', lang: language,
        rows: text === 'question' ? '2' : '5', spellcheck: 'true' });
      input.value = entry[text][language] || '';
      inputs[fieldId(text, language)] = input;
      return field(fieldId(text, language), t(`faq.${text}In`, { language: t(`language.${language}`) }), input);
    }));
  const error = h('div', { id: 'faq-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'faq-save', text: t('faq.save') });
  const form = h('form', { id: 'faq-form', class: 'faq-form', novalidate: true },
    error, field('faq-topic', t('faq.topic'), topic),
    h('p', { class: 'small text-secondary', text: t('faq.languagesHint', { max: QUESTION_MAX }) }),
    LANGUAGES.map(languageBox),
    h('div', { class: 'step-buttons' }, h('a', { href: listHref, class: 'btn btn-outline-primary', text: t('console.cancel') }), submit));
  form.addEventListener('input', () => { dirty = true; });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.replaceChildren();
    const body = {
      topic: topic.value,
      ...Object.fromEntries(TEXTS.map((text) => [text,
        Object.fromEntries(LANGUAGES.map((language) => [language, inputs[fieldId(text, language)].value]))])),
    };
    if (entry.source_question) body.source_question = entry.source_question;
    await busy(submit, async () => {
      try {
        await staff.saveFaq(entry.id, body);
      } catch (refusal) {
        const id = refusal.code === 'invalid_request' ? fieldOf(refusal.problem?.field) : '';
        if (!id) {
          error.replaceChildren(errorBox(refusal));
          focusOn(error.firstElementChild);
          return;
        }
        const input = document.getElementById(id);
        fieldError(input, id === 'faq-topic' ? t('faq.topicRequired') : textProblem(input.value));
        input.focus();
        return;
      }
      dirty = false;
      news = t(entry.id ? 'faq.updated' : 'faq.created');
      navigate('questions', { view: 'faq' }, 'faq-news');
    });
  });
  const promoted = entry.source_question && !entry.id
    ? alertBox('info', t('faq.promoted', { number: entry.number || entry.source_question }), t('faq.promotedBody')) : null;
  container.replaceChildren(...[back,
    h('h2', { class: 'h4', id: 'faq-title', text: t(entry.id ? 'faq.editTitle' : 'faq.newTitle') }),
    promoted, form].filter(Boolean));
}
