// The help desk's frequent questions and statistics (SPEC.md, "Questions"; docs/decisions.md), through
// the real server and the pages: a member of the help desk writes an entry in the console in four
// languages (a language left blank is refused next to its field first); an applicant finds it with
// the search in Spanish (a search is no showing), sees the topic's entries before asking and asks all
// the same; the help desk answers that question and promotes the answer to an entry (the Italian
// taken from the ticket, the other languages written), then deletes one entry after a confirmation;
// the statistics show the week's counts as the test made them. axe-core on every new view; an
// operator sees neither part. Nothing waits on time: every step waits for what the page shows.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, DESKTOP, PHONE, checkAccessibility, checkNoProblems, screenshot } from './support/browser.mjs';
import { openView, signIn, staffApi, staffToken } from './support/console.mjs';
import { taxCode } from './support/data.mjs';
import { focused, look } from './support/flows.mjs';
import { Server } from './support/server.mjs';
import { addDays, today } from './support/test-clock.mjs';

const DIANA = { id: 'E2E-F-0001', taxCode: taxCode('DNIRSA85M41Z611') };
const ENTRY = {
  it: ['Come rinnovo il passaporto scaduto?', "Il passaporto si rinnova al consolato del tuo paese, non allo sportello."],
  en: ['How do I renew an expired passport?', "A passport is renewed at your country's consulate, not at the desk."],
  fr: ['Comment renouveler un passeport expiré ?', 'Le passeport se renouvelle au consulat de votre pays, pas au guichet.'],
  es: ['¿Cómo renuevo un pasaporte caducado?', 'El pasaporte se renueva en el consulado de su país, no en la oficina.'],
};
const ASKED = '¿Tengo que traer el contrato de trabajo original a la cita?';
const ANSWER = 'Sì, porta il contratto originale e una copia.';
const PROMOTED = {
  en: ['Must I bring the original work contract?', 'Yes, bring the original contract and a copy.'],
  fr: ['Dois-je apporter le contrat de travail original ?', "Oui, apportez le contrat original et une copie."],
  es: ['¿Tengo que traer el contrato de trabajo original?', 'Sí, traiga el contrato original y una copia.'],
};

let server;
let browser;
let ticket;  // DIANA's question: { id, number }

const fill = async (page, texts) => {
  for (const [language, [question, answer]] of Object.entries(texts)) {
    await page.locator(`#faq-question-${language}`).fill(question);
    await page.locator(`#faq-answer-${language}`).fill(answer);
  }
};

before(async () => {
  server = await Server.start({
    users: ['help.one', 'op.roma'],
    applications: [`${DIANA.id},roma,${DIANA.taxCode},,,lavoro-documenti,In istruttoria`],
  });
  browser = await Browser.launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the help desk\'s frequent questions and statistics', () => {
  test('the help desk writes an entry in four languages; a blank one is refused next to its field', async () => {
    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'help.one');
    assert.deepEqual(await page.locator('.questions-parts a').allTextContents(), ['Coda delle domande', 'Domande frequenti', 'Statistiche']);
    await page.locator('#questions-part-faq').click();
    await page.locator('#faq-empty').waitFor();
    assert.equal(await page.locator('#questions-part-faq').getAttribute('aria-current'), 'page');
    await checkAccessibility(page, 'the FAQ without entries');

    await page.locator('#faq-new').click();
    await page.locator('#faq-form').waitFor();
    await page.locator('#faq-topic').selectOption('documenti');
    await fill(page, ENTRY);
    await page.locator('#faq-answer-fr').fill('   ');
    await page.locator('#faq-save').click();
    await page.locator('#faq-answer-fr-error').waitFor();
    assert.equal(await page.locator('#faq-answer-fr-error').textContent(), 'Scrivi questo testo: servono tutte e quattro le lingue.');
    assert.equal(await page.locator('#faq-answer-fr').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('.field-error').count(), 1);
    assert.doesNotMatch(await page.locator('#view').textContent(), /\bnull\b/);
    assert.equal(await focused(page), 'faq-answer-fr');
    assert.equal(await page.locator('label[for="faq-answer-fr"]').textContent(), 'Risposta (Français)');
    await checkAccessibility(page, 'the FAQ editor with a refused field');
    await screenshot(page, 'console-faq-editor');

    await page.locator('#faq-answer-fr').fill(ENTRY.fr[1]);
    await page.locator('#faq-save').click();
    await page.locator('#faq-news .alert').waitFor();
    assert.equal(await page.locator('#faq-news').textContent(), 'Domanda frequente pubblicata.');
    const section = page.locator('.faq-topic[data-topic="documenti"]');
    assert.equal(await section.locator('h3').textContent(), 'Documenti da portare (1)');
    assert.equal(await section.locator('.faq-item-question').textContent(), ENTRY.it[0]);
    assert.match(await section.locator('.faq-item').textContent(), /Modificata da help\.one/);
    assert.doesNotMatch(await page.locator('#view').textContent(), /\bnull\b/);
    await checkAccessibility(page, 'the FAQ with an entry');
    await screenshot(page, 'console-faq-list');
    checkNoProblems(page);
    await page.close();
  });

  test('an applicant finds it in Spanish, then sees the topic\'s entries before asking and asks all the same', async () => {
    const page = await browser.page({ language: 'es', viewport: PHONE });
    await page.goto(server.url('/questions'));
    await page.locator('#faq-search').waitFor();
    assert.equal(await page.locator('#faq-search-title').textContent(), 'Buscar en las preguntas frecuentes');
    await page.locator('#faq-search').fill('zanahoria');
    await page.locator('#faq-search').press('Enter');
    await page.locator('#faq-search-summary').waitFor();
    assert.equal(await page.locator('#faq-results').textContent(), 'Ninguna pregunta frecuente contiene estas palabras. '
      + 'Pruebe con otras palabras, o escriba su pregunta abajo.');
    await checkAccessibility(page, 'a search that found nothing');

    // Every word the start of a word, case and accents ignored, in Spanish.
    await page.locator('#faq-search').fill('CONSULADO pasap');
    await page.locator('#faq-search-submit').click();
    await page.locator('#faq-results .faq-entry').waitFor();
    assert.match(await page.locator('#faq-search-summary').textContent(), /encontradas: 1\./);
    await page.locator('#faq-results summary').focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#faq-results .faq-answer').textContent(), ENTRY.es[1]);
    assert.equal(await page.locator('#faq-results summary').textContent(), ENTRY.es[0]);
    await look(page, 'questions-6-faq-search');

    // Before writing, the topic's entries are shown (one showing); the question goes all the same.
    await page.locator('#application-id').fill(DIANA.id);
    await page.locator('#tax-code').fill(DIANA.taxCode);
    await page.locator('#question-topic').selectOption('documenti');
    await page.locator('#faq .faq-entry').waitFor();
    await page.locator('#question-text').fill(ASKED);
    await page.locator('#ask-submit').click();
    await page.locator('#sent-banner').waitFor();
    ticket = { id: await page.locator('.question-ticket').getAttribute('data-question'),
      number: (await page.locator('#question-number').textContent()).trim() };
    checkNoProblems(page);
    await page.close();
  });

  test('the help desk promotes the answer to an entry, and deletes an entry after asking', async () => {
    const token = await staffToken(server, 'help.one');
    const answered = await staffApi(server, token, `/api/v1/staff/questions/${encodeURIComponent(ticket.id)}/answer`,
      { method: 'POST', body: { text: ANSWER } });
    assert.equal(answered.status, 200, answered.text);

    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'help.one');
    await openView(page, `questions?id=${encodeURIComponent(ticket.id)}`);
    await page.locator('#question-promote').click();
    await page.locator('#faq-form').waitFor();
    assert.match(await page.locator('#view .alert-info').textContent(), new RegExp(`Dalla domanda ${ticket.number}`));
    assert.equal(await page.locator('#faq-topic').inputValue(), 'documenti');
    assert.equal(await page.locator('#faq-question-it').inputValue(), ASKED);
    assert.equal(await page.locator('#faq-answer-it').inputValue(), ANSWER);
    for (const language of ['en', 'fr', 'es']) assert.equal(await page.locator(`#faq-answer-${language}`).inputValue(), '');
    await checkAccessibility(page, 'the FAQ editor of a promoted answer');
    await page.locator('#faq-question-it').fill('Devo portare il contratto di lavoro originale?');
    await fill(page, PROMOTED);
    await page.locator('#faq-save').click();
    await page.locator('#faq-news .alert').waitFor();
    assert.equal(await page.locator('.faq-topic[data-topic="documenti"] .faq-item').count(), 2);
    const entries = (await staffApi(server, token, '/api/v1/staff/faq')).json.entries;
    const promoted = entries.find((entry) => entry.source_question === ticket.id);
    assert.ok(promoted, JSON.stringify(entries));
    assert.equal(promoted.answer.it, ANSWER);
    assert.equal(promoted.question.es, PROMOTED.es[0]);

    // Deleting asks first; cancelling keeps the entry.
    const first = entries.find((entry) => entry.id !== promoted.id);
    await page.locator(`button[data-delete="${first.id}"]`).click();
    await page.locator('dialog [data-answer="no"]').click();
    assert.equal(await page.locator('.faq-item').count(), 2);
    await page.locator(`button[data-delete="${first.id}"]`).click();
    await page.locator('dialog [data-answer="yes"]').click();
    await page.waitForFunction(() => document.querySelectorAll('.faq-item').length === 1);
    assert.equal(await page.locator('#faq-news').textContent(), 'Domanda frequente eliminata.');
    checkNoProblems(page);
    await page.close();
  });

  test('the statistics show the week\'s questions and the FAQ\'s use as the test made them', async () => {
    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'help.one');
    await page.locator('#questions-part-stats').click();
    await page.locator('#hstats-weeks').waitFor();
    // By default the 8 weeks up to today: this week, Monday to today, is the last.
    const monday = addDays(today(), -((new Date(`${today()}T12:00:00Z`).getUTCDay() + 6) % 7));
    assert.equal(await page.locator('#hstats-from').inputValue(), addDays(monday, -49));
    assert.equal(await page.locator('#hstats-to').inputValue(), today());
    const week = await page.locator(`#hstats-weeks tr[data-week="${monday}"]`).locator('th, td').allTextContents();
    assert.equal(week[1], '1', week.join(' | '));   // DIANA's question
    assert.equal(week[3], '0%');                     // not passed to the desk
    const topic = await page.locator('#hstats-topics tr[data-topic="documenti"]').locator('th, td').allTextContents();
    assert.deepEqual(topic.slice(0, 4), ['Documenti da portare', 'Prefettura di Roma', '1', '1']);
    // One showing before asking (the free search counted none), one asked all the same, none spared.
    const faq = await page.locator('#hstats-faq tr[data-topic="documenti"]').locator('th, td').allTextContents();
    assert.deepEqual(faq, ['Documenti da portare', '1', '1', '0']);
    assert.equal(await page.locator('#hstats-chart svg[role="img"]').count(), 1);
    await checkAccessibility(page, 'the help desk\'s statistics');
    await screenshot(page, 'console-questions-stats');
    checkNoProblems(page);
    await page.close();
  });

  test('an operator sees neither the frequent questions nor the statistics', async () => {
    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'op.roma');
    await openView(page, 'questions');
    await page.locator('#questions-intro').waitFor();
    assert.equal(await page.locator('.questions-parts').count(), 0);
    await openView(page, 'questions?view=faq');
    assert.match(await page.locator('#view .alert-warning').textContent(), /dell'help desk e degli amministratori/);
    assert.equal(await page.locator('#faq-form, .faq-item, #hstats-form').count(), 0);
    const token = await staffToken(server, 'op.roma');
    assert.equal((await staffApi(server, token, '/api/v1/staff/faq')).status, 403);
    checkNoProblems(page);
    await page.close();
  });
});
