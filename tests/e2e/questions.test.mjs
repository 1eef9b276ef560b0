// Questions to the desk (SPEC.md, "Questions"), the whole path through the real server, the pages and
// e-mail: an applicant asks on a phone, in French, and gets the ticket's number; a member of the
// national help desk takes it in the console, adds an internal note and passes it on to the
// application's desk (Roma); an operator of another desk does not see it, one of Roma does and answers;
// the answer's e-mail (a real SMTP server, tests/mail/smtp_sink.py) names the ticket and links to the
// page without the answer or any token; the applicant opens the link, proves who they are, reads the
// answer (never the note) and replies; the application moves and the help desk transfers the question
// to another desk (Latina), which now sees it with its history. Also: two help desk members take the
// same question at once (exactly one gets it, the other is told), the desk's frequent questions shown
// before asking, the refusals said in the page's words, and the status page opening a question.
// axe-core on every page state. Nothing waits on time: every step waits for what the page shows.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, DESKTOP, PHONE, checkAccessibility, checkNoProblems } from './support/browser.mjs';
import { openView, signIn, staffApi, staffToken } from './support/console.mjs';
import { taxCode } from './support/data.mjs';
import { focused, look } from './support/flows.mjs';
import { MailSink, fragmentOf, freePort, linkIn } from './support/mail.mjs';
import { Server } from './support/server.mjs';
import { addDays, today } from './support/test-clock.mjs';

const person = (id, first15, email = '') => ({ id, taxCode: taxCode(first15), email });
const AMINA = person('E2E-Q-0001', 'DLLMNA88C41Z330', 'amina.diallo@example.org');   // asks in French
const BRUNO = person('E2E-Q-0002', 'BRNSNC79D12Z336');                               // asks twice, seen by two at once
const CARLA = person('E2E-Q-0003', 'CRLMRT91H47Z604');                               // has too many open questions

const QUESTION = "Bonjour, quels documents dois-je apporter pour la signature du contrat de séjour ?\nMerci.";
const NOTE = 'Controllare il contratto di soggiorno nel fascicolo prima di rispondere.';
const ANSWER = 'Porti il passaporto, due fotografie e il contratto firmato dal datore di lavoro.';
const REPLY = 'Merci. Faut-il aussi une copie du passeport ?';

let server;
let browser;
let mail;
const asked = {};  // AMINA's question: { id, number, token }

const ask = async (who, text, topic = 'altro') => {
  const answer = await server.api('/api/v1/questions', { method: 'POST',
    body: { application_id: who.id, tax_code: who.taxCode, topic, text, lang: 'it' } });
  assert.equal(answer.status, 201, answer.text);
  return answer.json;
};

// Nothing wider than the screen (a phone of 360 px).
async function fitsWidth(page, what) {
  const [scrolled, visible] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(scrolled <= visible, `${what}: ${scrolled} px wide on a ${visible} px screen`);
}

// The sentence the console says after an action.
const news = (page) => page.locator('#question-news .alert').textContent();

before(async () => {
  mail = await MailSink.start();
  const port = await freePort();
  server = await Server.start({
    port,
    args: mail.serveArgs(`http://127.0.0.1:${port}`),
    users: ['help.one', 'help.two', 'op.roma', 'op.latina'],
    applications: [AMINA, BRUNO, CARLA].map((who) => `${who.id},roma,${who.taxCode},${who.email},,lavoro-documenti,In istruttoria`),
  });
  browser = await Browser.launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await mail?.stop();
});

describe('questions to the desk', () => {
  test('an applicant asks on a phone, in French, and keeps the number across a reload', async () => {
    const page = await browser.page({ language: 'fr', viewport: PHONE });
    await page.goto(server.url('/status'));
    await page.locator('.site-nav a[href="/questions"]').click();
    await page.locator('#ask-form').waitFor();
    assert.equal(await page.locator('h1').textContent(), 'Questions au guichet');
    assert.equal(await page.locator('.site-nav a[href="/questions"]').getAttribute('aria-current'), 'page');
    await look(page, 'questions-1-ask', { desktop: true });
    await fitsWidth(page, 'the ask form');

    // Nothing filled in: each field says what it needs, and focus goes to the first.
    await page.locator('#ask-submit').click();
    assert.deepEqual(await page.locator('.field-error').allTextContents(),
      ['Saisissez le numéro de dossier.', 'Saisissez le code fiscal.', 'Choisissez un sujet.', 'Écrivez votre question.']);
    assert.equal(await focused(page), 'application-id');

    await page.locator('#application-id').fill(AMINA.id);
    await page.locator('#tax-code').fill(AMINA.taxCode.toLowerCase());
    assert.ok((await page.locator('#question-topic option').allTextContents()).includes('Documents à apporter'));
    await page.locator('#question-topic').selectOption('documenti');
    await page.locator('#question-text').fill(QUESTION);
    assert.equal(await page.locator('#question-text-count').textContent(), `Vous pouvez encore écrire ${2000 - [...QUESTION].length} caractères.`);
    assert.equal(await page.locator('#faq').isHidden(), true, 'no frequent question of this topic yet: no panel');
    await page.locator('#ask-submit').click();

    const banner = page.locator('#sent-banner');
    await banner.waitFor();
    assert.equal(await focused(page), 'sent-banner');
    assert.match(await banner.textContent(), /Question envoyée/);
    asked.number = (await page.locator('#question-number').textContent()).trim();
    assert.match(asked.number, /^Q-\d{6}$/);
    asked.id = fragmentOf(new URL(page.url())).id;
    assert.match(asked.id, /^Q-/);
    assert.equal(await page.locator('#view-title').textContent(), `Question ${asked.number}`);
    assert.match(await page.locator('#conversation').textContent(), /quels documents dois-je apporter/);
    assert.match(await page.locator('#ticket-state').textContent(), /Le guichet n'a pas encore répondu/);
    await look(page, 'questions-2-sent', { desktop: true });
    await fitsWidth(page, 'the question sent');

    // The tab keeps the question's id and token, never the tax code nor the text.
    const kept = await page.evaluate(() => JSON.stringify({ ...sessionStorage }));
    assert.ok(!kept.includes(AMINA.taxCode) && !kept.includes(AMINA.taxCode.toLowerCase()), kept);
    assert.ok(!kept.includes('documents'), kept);
    const saved = JSON.parse(JSON.parse(kept)['sportello.question']);
    assert.deepEqual(Object.keys(saved).sort(), ['id', 'number', 'sent', 'token']);
    assert.equal(saved.id, asked.id);
    asked.token = saved.token;

    await page.reload();
    await page.locator('#sent-banner').waitFor();
    assert.equal((await page.locator('#question-number').textContent()).trim(), asked.number);
    assert.match(await page.locator('#conversation').textContent(), /quels documents dois-je apporter/);
    checkNoProblems(page);
    await page.close();
  });

  test('a member of the help desk takes it, adds an internal note and passes it on to the desk', async () => {
    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'help.one');
    // The help desk has no desk: it lands on the questions, its only view.
    assert.deepEqual(await page.locator('#console-links a').allTextContents(), ['Domande']);
    assert.equal(await page.locator('h1').textContent(), 'Domande');
    assert.match(await page.locator('.who-role').textContent(), /Help desk · tutti gli sportelli/);
    const row = page.locator(`#questions-table tr[data-question="${asked.id}"]`);
    await row.waitFor();
    const cells = await row.locator('th, td').allTextContents();
    assert.equal(cells[0], asked.number);
    assert.deepEqual(cells.slice(1, 5), ['Documenti da portare', 'Prefettura di Roma', 'Nuova', 'nessuno']);
    await checkAccessibility(page, 'the console\'s queue of questions');

    await row.locator('a').click();
    await page.locator('.staff-question').waitFor();
    assert.equal(await page.locator('#question-title').textContent(), `Domanda ${asked.number}`);
    assert.match(await page.locator('.question-facts').textContent(), /Français/);
    assert.match(await page.locator('#staff-conversation').textContent(), /quels documents dois-je apporter/);
    await checkAccessibility(page, 'a question in the console');

    await page.locator('#question-claim').click();
    await page.locator('#question-holder').waitFor();
    assert.equal(await news(page), 'Hai preso in carico la domanda.');
    assert.equal(await page.locator('#question-holder').textContent(), 'In carico a te.');

    await page.locator('#note-text').fill(NOTE);
    await page.locator('#note-submit').click();
    await page.locator('.internal-note').waitFor();
    assert.equal(await news(page), 'Nota aggiunta.');
    const notes = await page.locator('#internal-notes').textContent();
    assert.match(notes, /Interne: il richiedente non le vede\./);
    assert.match(notes, /Nota interna di help\.one/);
    assert.ok(notes.includes(NOTE));
    assert.ok(!(await page.locator('#staff-conversation').textContent()).includes(NOTE), 'a note is not a message');

    await page.locator('#question-escalate').click();
    await page.waitForFunction(() => document.querySelector('.staff-question')?.dataset.state === 'escalated');
    assert.equal(await news(page), 'Passata allo sportello della pratica.');
    assert.equal(await page.locator('#question-escalate').count(), 0, 'escalated once');
    assert.match(await page.locator('.question-facts').textContent(), /Passata allo sportello/);
    await checkAccessibility(page, 'a question passed on to the desk');

    await page.locator('#questions-back').click();
    await row.waitFor();
    assert.match(await row.textContent(), /Passata allo sportello/);
    checkNoProblems(page);
    await page.close();
  });

  test('another desk does not see it; an operator of the application\'s desk answers it', async () => {
    const latina = await browser.page({ viewport: DESKTOP });
    await signIn(latina, server, 'op.latina');
    await openView(latina, 'questions');
    assert.match(await latina.locator('#questions-intro').textContent(), /passato al tuo sportello \(Prefettura di Latina\)/);
    await latina.locator('#questions-empty').waitFor();
    await openView(latina, `questions?id=${encodeURIComponent(asked.id)}`);
    await latina.locator('#view .alert-warning').waitFor();
    assert.match(await latina.locator('#view').textContent(), /non è più tra quelle che puoi vedere/);
    checkNoProblems(latina);
    await latina.close();

    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'op.roma');
    const links = await page.locator('#console-links a').allTextContents();
    assert.equal(links[0], 'Agenda del giorno', 'desk staff still land on the day sheet');
    assert.ok(links.includes('Domande'));
    await page.locator('#console-links a[href="#questions"]').click();
    const row = page.locator(`#questions-table tr[data-question="${asked.id}"]`);
    await row.waitFor();
    assert.match(await page.locator('#questions-intro').textContent(), /l'help desk nazionale ha passato al tuo sportello \(Prefettura di Roma\)/);
    assert.equal(await page.locator('#questions-desk').count(), 0, 'the back office sees its own desk only');
    await checkAccessibility(page, 'the desk\'s queue of questions');

    await row.locator('a').click();
    await page.locator('.staff-question').waitFor();
    assert.ok((await page.locator('#internal-notes').textContent()).includes(NOTE), 'the desk reads the help desk\'s note');
    assert.equal(await page.locator('#question-escalate, #question-transfer').count(), 0, 'escalating and transferring are the front office\'s');
    await page.locator('#answer-text').fill(ANSWER);
    await page.locator('#answer-submit').click();
    await page.waitForFunction(() => document.querySelector('.staff-question')?.dataset.state === 'answered');
    assert.equal(await news(page), 'Risposta inviata.');
    assert.match(await page.locator('#staff-conversation').textContent(), /Risposta di op\.roma/);
    assert.equal(await page.locator('#question-holder').textContent(), 'In carico a te.');
    await checkAccessibility(page, 'a question answered by the desk');
    checkNoProblems(page);
    await page.close();
  });

  test('the e-mail says there is an answer, without the answer or any token', async () => {
    const message = await mail.waitFor((m) => m.envelope_to.includes(AMINA.email), { what: 'the answer\'s e-mail' });
    assert.ok(message.subject.includes(asked.number), message.subject);
    assert.ok(message.text.includes(asked.number), message.text);
    assert.ok(message.text.includes(AMINA.id), message.text);
    const link = linkIn(message, '/questions');
    assert.deepEqual(fragmentOf(link), { id: asked.id });
    assert.equal(link.search, '', 'nothing in the query either');
    for (const part of [message.text, message.html || '', message.subject]) {
      assert.ok(!part.includes(ANSWER) && !part.includes('passaporto'), 'the answer stays on the page');
      assert.ok(!part.includes(asked.token), 'no token in the message');
      assert.ok(!part.includes(NOTE), 'no note in the message');
    }
    asked.link = link.href;
  });

  test('the applicant opens the link, proves who they are, reads the answer and replies', async () => {
    const page = await browser.page({ language: 'fr', viewport: PHONE });
    await page.goto(asked.link);
    await page.locator('#mine-form').waitFor();
    assert.match(await page.locator('#mine-intro').textContent(), /Pour lire la réponse/);
    await look(page, 'questions-3-link');

    await page.locator('#application-id').fill(AMINA.id);
    await page.locator('#tax-code').fill(BRUNO.taxCode);  // valid, but not this application's
    await page.locator('#mine-form button[type="submit"]').click();
    await page.locator('#form-error .alert').waitFor();
    assert.match(await page.locator('#form-error').textContent(), /Dossier introuvable/);
    assert.equal(await page.getAttribute('#tax-code', 'aria-invalid'), 'true');

    await page.locator('#tax-code').fill(AMINA.taxCode);
    await page.locator('#mine-form button[type="submit"]').click();
    await page.locator('.question-ticket').waitFor();
    assert.equal(await page.locator('#view-title').textContent(), `Question ${asked.number}`);
    assert.match(await page.locator('#ticket-state').textContent(), /Le guichet a répondu/);
    const messages = page.locator('#conversation .message');
    assert.equal(await messages.count(), 2);
    assert.equal(await messages.nth(1).getAttribute('data-from'), 'staff');
    assert.match(await messages.nth(1).locator('.message-from').textContent(), /^Guichet$/);
    assert.equal(await messages.nth(1).locator('.message-text').textContent(), ANSWER);
    const shown = await page.locator('main').textContent();
    assert.ok(!shown.includes(NOTE) && !shown.includes('op.roma') && !shown.includes('help.one'), 'no note, no staff names');
    await look(page, 'questions-4-answered', { desktop: true });
    await fitsWidth(page, 'the answer');

    await page.locator('#reply-text').fill(REPLY);
    await page.locator('#reply-submit').click();
    await page.waitForFunction(() => document.querySelectorAll('#conversation .message').length === 3);
    assert.equal(await page.locator('#conversation .message').nth(2).getAttribute('data-from'), 'applicant');
    assert.equal(await focused(page), 'message-3');
    assert.equal(await page.locator('#reply-text').inputValue(), '');

    // The reply goes back to whoever holds the question.
    const token = await staffToken(server, 'op.roma');
    const ticket = await staffApi(server, token, `/api/v1/staff/questions/${encodeURIComponent(asked.id)}`);
    assert.equal(ticket.json.state, 'claimed');
    assert.equal(ticket.json.assignee, 'op.roma');
    assert.equal(ticket.json.messages.at(-1).text, REPLY);
    checkNoProblems(page);
    await page.close();
  });

  test('the application moves: the help desk transfers the question to Latina, which now sees it with its history', async () => {
    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'help.one');
    await openView(page, `questions?id=${encodeURIComponent(asked.id)}`);
    await page.locator('.staff-question').waitFor();
    await page.locator('#question-transfer-desk').selectOption('latina');
    await page.locator('#question-transfer').click();
    await page.waitForFunction(() => /Latina/.test(document.querySelector('.question-facts')?.textContent || ''));
    assert.equal(await news(page), 'Trasferita a un altro sportello.');
    await checkAccessibility(page, 'a question transferred to another desk');
    checkNoProblems(page);
    await page.close();

    // Passed on to Roma before, it stays passed on, now to Latina's desk: Latina's operator reads the
    // whole conversation and the note; Roma's no longer sees it.
    const latina = await browser.page({ viewport: DESKTOP });
    await signIn(latina, server, 'op.latina');
    await openView(latina, `questions?id=${encodeURIComponent(asked.id)}`);
    await latina.locator('.staff-question').waitFor();
    const conversation = await latina.locator('#staff-conversation').textContent();
    assert.ok(conversation.includes(ANSWER) && conversation.includes(REPLY), 'the history moves with it');
    assert.ok((await latina.locator('#internal-notes').textContent()).includes(NOTE));
    checkNoProblems(latina);
    await latina.close();
    const roma = await staffToken(server, 'op.roma');
    assert.equal((await staffApi(server, roma, `/api/v1/staff/questions/${encodeURIComponent(asked.id)}`)).status, 404);
  });

  test('two members of the help desk take the same question at once: one gets it, the other is told', async () => {
    const { id } = await ask(BRUNO, 'Quando arriva il nulla osta?', 'stato-pratica');
    const one = await browser.page({ viewport: DESKTOP });
    const two = await browser.page({ viewport: DESKTOP, language: 'en' });
    await Promise.all([signIn(one, server, 'help.one'), signIn(two, server, 'help.two')]);
    for (const page of [one, two]) {
      await openView(page, `questions?id=${encodeURIComponent(id)}`);
      await page.locator('#question-claim').waitFor();
    }
    await Promise.all([one.locator('#question-claim').click(), two.locator('#question-claim').click()]);
    await Promise.all([one, two].map((page) => page.locator('#question-news .alert').waitFor()));
    const said = { 'help.one': await news(one), 'help.two': await news(two) };
    const winner = said['help.one'] === 'Hai preso in carico la domanda.' ? 'help.one' : 'help.two';
    const loser = winner === 'help.one' ? 'help.two' : 'help.one';
    const took = { 'help.one': 'Hai preso in carico la domanda.', 'help.two': 'You took the question.' };
    const taken = { 'help.one': /^Qualcun altro ha preso questa domanda un momento fa/, 'help.two': /^Someone else took this question a moment ago/ };
    assert.equal(said[winner], took[winner], JSON.stringify(said));
    assert.match(said[loser], taken[loser], JSON.stringify(said));
    // The loser sees the question as it now is: held by the other, no claim button.
    const loserPage = loser === 'help.one' ? one : two;
    assert.equal(await loserPage.locator('#question-claim').count(), 0);
    assert.match(await loserPage.locator('#question-holder').textContent(), new RegExp(winner.replace('.', '\\.')));
    assert.equal(await loserPage.locator('#answer-form').count(), 0, 'only the holder answers');
    await checkAccessibility(loserPage, 'a question someone else took');
    const token = await staffToken(server, 'help.one');
    const ticket = await staffApi(server, token, `/api/v1/staff/questions/${encodeURIComponent(id)}`);
    assert.equal(ticket.json.assignee, winner);
    checkNoProblems(one);
    checkNoProblems(two);
    await one.close();
    await two.close();
  });

  test('the frequent questions of the topic are shown before asking, and fewer questions are sent', async () => {
    // The help desk writes an entry of the topic "appuntamento" in four languages.
    const token = await staffToken(server, 'help.one');
    const entry = await staffApi(server, token, '/api/v1/staff/faq', { method: 'POST', body: {
      topic: 'appuntamento',
      question: { it: 'Posso spostare l\'appuntamento?', en: 'Can I move my appointment?',
                  fr: 'Puis-je déplacer mon rendez-vous ?', es: '¿Puedo cambiar la cita?' },
      answer: { it: 'Sì, con il collegamento della conferma.', en: 'Yes, with the link in the confirmation.',
                fr: 'Oui, avec le lien de la confirmation.', es: 'Sí, con el enlace del correo de confirmación.' } } });
    assert.equal(entry.status, 201, entry.text);
    // The week around the test clock's today (a showing and a question count on the day they happen).
    const stats = async () => (await staffApi(server, token,
      `/api/v1/staff/questions/stats?from=${addDays(today(), -7)}&to=${addDays(today(), 7)}`)).json.faq
      .filter((row) => row.topic === 'appuntamento')
      .reduce((sum, row) => ({ shown: sum.shown + row.shown, asked: sum.asked + row.asked }), { shown: 0, asked: 0 });
    const before = await stats();

    // Two people about to ask see the answer; the first finds it there and sends nothing.
    const sendsNothing = await browser.page({ language: 'es', viewport: PHONE });
    await sendsNothing.goto(server.url('/questions'));
    await sendsNothing.locator('#ask-form').waitFor();
    await sendsNothing.locator('#question-topic').selectOption('appuntamento');
    await sendsNothing.locator('#faq .faq-entry').waitFor();
    assert.match(await sendsNothing.locator('#faq-title').textContent(), /quizá la respuesta ya está aquí/);
    await sendsNothing.locator('#faq summary').click();
    assert.equal(await sendsNothing.locator('#faq .faq-answer').textContent(), 'Sí, con el enlace del correo de confirmación.');
    await look(sendsNothing, 'questions-5-faq');
    await checkAccessibility(sendsNothing, 'the frequent questions before asking');
    checkNoProblems(sendsNothing);
    await sendsNothing.close();

    const asksAnyway = await browser.page({ language: 'es', viewport: PHONE });
    let sent = null;
    asksAnyway.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/api/v1/questions')) sent = request.postDataJSON();
    });
    await asksAnyway.goto(server.url('/questions'));
    await asksAnyway.locator('#ask-form').waitFor();
    await asksAnyway.locator('#question-topic').selectOption('appuntamento');
    await asksAnyway.locator('#faq .faq-entry').waitFor();
    await asksAnyway.locator('#application-id').fill(BRUNO.id);
    await asksAnyway.locator('#tax-code').fill(BRUNO.taxCode);
    await asksAnyway.locator('#question-text').fill('¿Y si no puedo ir el día de la cita?');
    await asksAnyway.locator('#ask-submit').click();
    await asksAnyway.locator('#sent-banner').waitFor();
    assert.equal(sent.faq_seen, true);
    assert.equal(sent.lang, 'es');
    assert.equal(sent.topic, 'appuntamento');
    checkNoProblems(asksAnyway);
    await asksAnyway.close();

    // The statistics count both showings and the one question sent: the FAQ spared the other.
    const after = await stats();
    assert.deepEqual({ shown: after.shown - before.shown, asked: after.asked - before.asked }, { shown: 2, asked: 1 });
  });

  test('too many open questions, and a closed question, are said in the page\'s words', async () => {
    const tickets = [];
    for (let i = 1; i <= 5; i += 1) tickets.push(await ask(CARLA, `Domanda numero ${i}`));
    const page = await browser.page({ language: 'en', viewport: PHONE });
    await page.goto(server.url('/questions'));
    await page.locator('#ask-form').waitFor();
    await page.locator('#application-id').fill(CARLA.id);
    await page.locator('#tax-code').fill(CARLA.taxCode);
    await page.locator('#question-topic').selectOption('altro');
    await page.locator('#question-text').fill('One more question');
    await page.locator('#ask-submit').click();
    await page.locator('#form-error .alert').waitFor();
    const refusal = await page.locator('#form-error').textContent();
    assert.match(refusal, /You already have too many open questions/);
    assert.ok(!/too_many_questions/.test(refusal), 'never a raw code');
    await checkAccessibility(page, 'too many open questions');

    // The help desk closes one; the applicant, who has it open, is told it is closed, and may ask anew.
    const token = await staffToken(server, 'help.two');
    const closed = await staffApi(server, token, `/api/v1/staff/questions/${encodeURIComponent(tickets[0].id)}/close`, { method: 'POST' });
    assert.equal(closed.status, 200, closed.text);
    await page.locator('#form-error a[href="#mine"]').click();
    await page.locator('#mine-form').waitFor();
    await page.locator('#tax-code').fill(CARLA.taxCode);
    await page.locator('#mine-form button[type="submit"]').click();
    await page.locator('#question-list').waitFor();
    assert.equal(await page.locator('#question-list > li').count(), 5);
    await page.locator(`#question-list button[data-question="${tickets[0].id}"]`).click();
    await page.locator('.question-ticket').waitFor();
    assert.match(await page.locator('#ticket-state').textContent(), /This question is closed/);
    assert.equal(await page.locator('#reply-form').count(), 0);
    await checkAccessibility(page, 'a closed question');
    await page.locator('#closed-new-question').click();
    await page.locator('#ask-form').waitFor();
    await page.locator('#question-topic').selectOption('altro');
    await page.locator('#question-text').fill('One more question');
    await page.locator('#ask-submit').click();
    await page.locator('#sent-banner').waitFor();

    // The status page lists the application's questions and opens one without asking again.
    await page.goto(server.url('/status'));
    await page.locator('#application-id').fill(CARLA.id);
    await page.locator('#tax-code').fill(CARLA.taxCode);
    await page.locator('#status-form button[type="submit"]').click();
    await page.locator('#status-questions').waitFor();
    assert.equal(await page.locator('#status-questions > li').count(), 6);
    await checkAccessibility(page, 'the status page with questions');
    await page.locator(`#status-questions button[data-question="${tickets[1].id}"]`).click();
    await page.waitForURL(/\/questions#id=/);
    await page.locator('.question-ticket').waitFor();
    assert.equal(await page.locator('.question-ticket').getAttribute('data-question'), tickets[1].id);
    assert.equal(await page.locator('#conversation .message-text').first().textContent(), 'Domanda numero 2');
    checkNoProblems(page);
    await page.close();
  });
});
