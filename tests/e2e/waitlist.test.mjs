// The waiting list ("No seat wasted"), as applicants and desk staff meet it. At Roma one work-documents
// seat a weekday, all taken: an applicant joins the waiting list from the booking page; a cancellation
// frees a seat, the server offers it to the first in line by e-mail (a real SMTP server,
// tests/mail/smtp_sink.py), and the link in the message opens the page where one button accepts it.
// Declining passes the seat to the next person, who accepts it on the status page; someone with an
// appointment joins from the manage page for an earlier date and accepts there (the appointment
// moves, same code); someone leaves while waiting; staff see the line in the console; an offer not
// accepted in time runs out (the server restarted later) and goes to the next in line. In English,
// Italian, French and Spanish; axe-core on every view. No step depends on the day the suite runs:
// the seats are those the server gives, and the clock moves only by restarting the server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, DESKTOP, checkAccessibility, checkNoProblems, screenshot } from './support/browser.mjs';
import { openView, restartAt, signIn } from './support/console.mjs';
import { clock, longDate, taxCode } from './support/data.mjs';
import { atStep, bookByApi, focused, freeSlots, look, verifyApplication } from './support/flows.mjs';
import { MailSink, fragmentOf, freePort, linkIn } from './support/mail.mjs';
import { Server } from './support/server.mjs';
import { testNow, today } from './support/test-clock.mjs';

const DESK = 'roma';
const TYPE = 'lavoro-documenti';
const OFFER_MINUTES = 30;

const person = (id, first15, email = '') => ({ id, taxCode: taxCode(first15), email });
const FIRST = person('E2E-WL-0001', 'NGMBRN90A01Z343', 'first.in.line@example.org');      // joins on the booking page
const SECOND = person('E2E-WL-0002', 'DIOMMD85B02Z336', 'second.in.line@example.org');    // declines
const THIRD = person('E2E-WL-0003', 'GRCMRA88C43Z600', 'third.in.line@example.org');      // accepts on the status page
const EARLIER = person('E2E-WL-0004', 'SNGFTM92D44Z343');                                  // has an appointment, wants an earlier one
const LATE = person('E2E-WL-0005', 'KHNSDQ80E05Z330', 'late.answer@example.org');         // lets the offer run out
const NEXT = person('E2E-WL-0006', 'PRZLSA91H47Z604', 'next.after.late@example.org');     // gets it after that
const LEAVER = person('E2E-WL-0007', 'MRTJSE75L12Z131', 'leaver@example.org');           // leaves while waiting
const FILLERS = Array.from({ length: 12 }, (_, i) => person(`E2E-WL-01${String(i).padStart(2, '0')}`, `FLLPRS80A${String(i + 1).padStart(2, '0')}H501`));

let server;
let browser;
let mail;
let port;
const held = [];  // the fillers' bookings, with their manage tokens, latest first
const idle = [];  // fillers without an appointment

const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const entryOf = (entry) => server.api(`/api/v1/waitlist/${encodeURIComponent(entry.id)}`, { headers: { 'X-Waitlist-Token': entry.token } });
const bookingOf = (code, token) => server.api(`/api/v1/bookings/${code}`, { headers: { 'X-Booking-Token': token } });

async function join(who, extra = {}) {
  const answer = await server.api(`/api/v1/desks/${DESK}/waitlist`, { method: 'POST',
    body: { type: TYPE, application_id: who.id, tax_code: who.taxCode, email: who.email || undefined, lang: 'it', ...extra } });
  assert.equal(answer.status, 201, answer.text);
  return answer.json;
}

// A filler cancels the held booking that starts latest (or `which`): its seat frees up.
// Bookings a day and an hour away at least may be cancelled online, and their seat offered.
async function freeASeat(which = held[0]) {
  assert.ok(Date.parse(which.start) >= testNow() + 25 * 3600_000, `${which.start} can still be cancelled and offered`);
  held.splice(held.indexOf(which), 1);
  idle.push(FILLERS.find((who) => who.id === which.application_id));
  const answer = await server.api(`/api/v1/bookings/${which.code}/cancel`, { method: 'POST', headers: { 'X-Booking-Token': which.manage_token } });
  assert.equal(answer.status, 200, answer.text);
  return which;
}

// Idle fillers book every free seat (while nobody waits, a free seat stays free); returns how many.
async function takeEverySeat() {
  const slots = await freeSlots(server, DESK, TYPE);
  for (const slot of slots) {
    const who = idle.shift();
    assert.ok(who, 'a filler for each seat');
    held.push(await bookByApi(server, DESK, { type: TYPE, start: slot.start, application_id: who.id, tax_code: who.taxCode }));
  }
  held.sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
  assert.equal((await freeSlots(server, DESK, TYPE)).length, 0, 'nothing left free');
  return slots.length;
}

// Waits until the API says what `check(entry)` wants of the entry, and returns it.
async function entryWhen(entry, check, what) {
  const deadline = Date.now() + 30000;
  for (;;) {
    const answer = await entryOf(entry);
    if (answer.status === 200 && check(answer.json)) return answer.json;
    assert.ok(Date.now() < deadline, `${what}: ${answer.text}`);
    await new Promise((done) => { setTimeout(done, 200); });
  }
}

// The offer e-mail to `who` and the waiting-list link in it.
async function offerMail(who) {
  const message = await mail.waitFor((m) => m.envelope_to.includes(who.email) && /\/waitlist#/.test(m.text),
    { what: `the offer to ${who.email}` });
  return { message, link: linkIn(message, '/waitlist') };
}

before(async () => {
  mail = await MailSink.start();
  port = await freePort();
  const all = [FIRST, SECOND, THIRD, EARLIER, LATE, NEXT, LEAVER, ...FILLERS];
  server = await Server.start({
    port,
    args: mail.serveArgs(`http://127.0.0.1:${port}`),
    users: ['op.roma'],
    // One online seat each weekday morning for two weeks, and a waiting list whose offers hold 30 minutes.
    editCalendar: (desk, calendar) => {
      if (desk !== DESK) return;
      Object.assign(calendar.types[TYPE], {
        horizon_days: 14,
        weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '09:20', capacity: 1 }],
        waitlist_offer_minutes: OFFER_MINUTES,
      });
    },
    applications: all.map((who) => `${who.id},${DESK},${who.taxCode},,,${TYPE},In istruttoria`),
  });
  browser = await Browser.launch();
  // Every seat taken, each by another applicant.
  idle.push(...FILLERS);
  const count = await takeEverySeat();
  assert.ok(count >= 6 && count <= FILLERS.length, `${count} seats in two weeks`);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await mail?.stop();
});

describe('waiting list', () => {
  let firstEntry;

  test('when every seat is taken, the booking page offers the waiting list, and joining it gives a place and a link', async () => {
    const page = await browser.page({ language: 'en' });
    await page.goto(server.url(`/?desk=${DESK}&type=${TYPE}`));
    await atStep(page, 'Enter your application details');
    await verifyApplication(page, FIRST.id, FIRST.taxCode);
    await atStep(page, 'Choose a day and time');
    const invite = page.locator('#waitlist-invite .waitlist-invite.is-prominent');
    await invite.waitFor();
    assert.match(await page.locator('#picker').textContent(), /There are no free times at the moment/);
    assert.equal((await invite.locator('h3').textContent()).trim(), 'Join the waiting list');
    await look(page, 'waitlist-1-invite');

    await page.locator('#open-waitlist-step').click();
    assert.equal(await atStep(page, 'Join the waiting list'), 'Join the waiting list');
    assert.equal(await focused(page), 'step-title');
    assert.match(await page.locator('main').textContent(), /we send you an e-mail with the link to accept it/);
    await look(page, 'waitlist-2-join');
    // A "before" date that leaves no seat possible is caught next to its field.
    await page.locator('#waitlist-before').fill(today());
    await page.locator('#join-waitlist').click();
    await page.locator('#waitlist-before-error').waitFor();
    assert.match(await page.locator('#waitlist-before-error').textContent(), /Choose a day after tomorrow/);
    assert.equal(await focused(page), 'waitlist-before');
    await checkAccessibility(page, 'join: a wrong date');
    await page.locator('#waitlist-before').fill('');
    await page.locator('#waitlist-email').fill(FIRST.email);
    await page.locator('#join-waitlist').click();

    assert.equal(await atStep(page, 'You are on the waiting list'), 'You are on the waiting list');
    assert.equal(await page.locator('#joined-position').textContent(), 'You are number 1 in line.');
    assert.match(await page.locator('.joined-banner').textContent(), /We will send you an e-mail as soon as a seat frees up/);
    const link = new URL(await page.locator('#waitlist-url').inputValue());
    assert.equal(link.pathname, '/waitlist');
    firstEntry = fragmentOf(link);
    const stored = await entryOf(firstEntry);
    assert.equal(stored.status, 200, stored.text);
    assert.equal(stored.json.state, 'waiting');
    assert.equal(stored.json.position, 1);
    assert.equal(stored.json.application_id, FIRST.id);
    await look(page, 'waitlist-3-joined', { desktop: true });

    // A reload keeps the place and the link.
    await page.reload();
    await atStep(page, 'You are on the waiting list');
    assert.equal(await page.locator('#waitlist-url').inputValue(), link.href);
    checkNoProblems(page);
    await page.close();
  });

  test('a cancellation frees a seat: the first in line gets it by e-mail and accepts it on the page the link opens', async () => {
    const second = await join(SECOND);
    SECOND.entry = second;
    assert.equal(second.position, 2);
    const freed = await freeASeat();
    const offered = await entryWhen(firstEntry, (e) => e.state === 'offered', 'the entry holds the offer');
    const { link } = await offerMail(FIRST);
    assert.deepEqual(fragmentOf(link), { id: firstEntry.id, token: firstEntry.token });
    assert.equal(link.origin, new URL(server.base).origin, 'the link leads to this server');
    assert.equal(offered.offer.start, freed.start);
    assert.ok(Date.parse(offered.offer.expires_at) < Date.parse(freed.start), 'the offer runs out before the seat');

    const page = await browser.page({ language: 'it' });
    await page.goto(link.href);
    const panel = page.locator('#offer');
    await panel.waitFor();
    assert.equal((await page.locator('#offer-title').textContent()).trim(), 'Si è liberato un posto per te');
    const when = await page.locator('.offer-when').textContent();
    assert.ok(when.includes(longDate(freed.start, 'it-IT')) && when.includes(clock(freed.start, 'it-IT')), when);
    assert.match(await page.locator('.offer-until').textContent(),
      new RegExp(`fino alle ${clock(offered.offer.expires_at, 'it-IT')} di ${longDate(offered.offer.expires_at, 'it-IT')} \\(ora italiana\\)`));
    const minutesLeft = async () => Number(/(\d+) minut/.exec(await page.locator('.countdown').textContent())?.[1] ?? 0);
    const before = await minutesLeft();
    assert.ok(before > 20 && before <= OFFER_MINUTES, `${before} minutes left`);
    assert.equal((await entryOf(firstEntry)).json.state, 'offered', 'opening the link changes nothing');
    await look(page, 'waitlist-4-offer', { desktop: true });
    // The time left counts down by itself (the page's clock moved ten minutes on).
    await page.clock.fastForward('10:00');
    await page.waitForFunction((was) => Number(/(\d+) minut/.exec(document.querySelector('.countdown').textContent)?.[1] ?? 0) <= was - 9, before);

    await page.locator('#accept-offer').click();
    await page.locator('#booking-code').waitFor();
    assert.equal((await page.locator('#view-title').textContent()).trim(), 'Fatto: hai un appuntamento');
    const code = (await page.locator('#booking-code').textContent()).trim();
    const manage = new URL(await page.locator('#manage-url').inputValue());
    const { token } = fragmentOf(manage);
    const booking = await bookingOf(code, token);
    assert.equal(booking.status, 200, booking.text);
    assert.equal(booking.json.start, freed.start);
    assert.equal(booking.json.application_id, FIRST.id);
    assert.equal(booking.json.status, 'booked');
    assert.ok((await page.locator('.receipt').textContent()).includes(longDate(freed.start, 'it-IT')));
    await look(page, 'waitlist-5-accepted');
    assert.equal((await entryOf(firstEntry)).json.state, 'accepted');
    assert.equal((await entryOf(second)).json.position, 1, 'the next person moves up');

    // Opened again later, the page says what happened.
    await page.reload();
    await page.locator('.alert-success').waitFor();
    assert.match(await page.locator('.alert-success').textContent(), /Hai accettato il posto: il tuo appuntamento è/);
    await checkAccessibility(page, 'an accepted entry');
    checkNoProblems(page);
    await page.close();
  });

  test('declining an offer passes the seat to the next in line, who accepts it on the status page', async () => {
    const third = await join(THIRD, { lang: 'es' });
    const freed = await freeASeat();
    await entryWhen(SECOND.entry, (e) => e.state === 'offered', 'the offer to the first in line');
    const { link } = await offerMail(SECOND);

    const page = await browser.page({ language: 'fr' });
    await page.goto(link.href);
    await page.locator('#offer').waitFor();
    await page.locator('#decline-offer').click();
    const question = page.locator('.ask-in-place');
    await question.waitFor();
    assert.match(await question.textContent(), /Quitter la liste d'attente \?.*La place proposée passe à la personne suivante/);
    assert.equal(await focused(page), 'offer-buttons-question');
    await look(page, 'waitlist-6-decline', { shot: false });
    await question.locator('[data-answer="no"]').click();
    assert.equal(await focused(page), 'decline-offer', 'staying puts focus back on the button');
    await page.locator('#decline-offer').click();
    await page.locator('.ask-in-place [data-answer="yes"]').click();
    await page.locator('.notice .alert').waitFor();
    assert.match(await page.locator('.notice .alert').textContent(), /Vous avez quitté la liste d'attente/);
    assert.match(await page.locator('main').textContent(), /Vous n'êtes plus sur la liste d'attente/);
    assert.equal(await page.locator('.waitlist-badge').getAttribute('data-state'), 'left');
    await look(page, 'waitlist-7-left', { shot: false });
    assert.equal((await entryOf(SECOND.entry)).json.state, 'left');
    checkNoProblems(page);
    await page.close();

    // The seat goes to the next in line, who finds it on the status page.
    await entryWhen(third, (e) => e.state === 'offered', 'the offer to the next in line');
    await offerMail(THIRD);
    const status = await browser.page({ language: 'es', viewport: DESKTOP });
    await status.goto(server.url('/status'));
    await status.locator('#application-id').fill(THIRD.id);
    await status.locator('#tax-code').fill(THIRD.taxCode);
    await status.locator('#status-form button[type="submit"]').click();
    const item = status.locator('.waitlist-item');
    await item.waitFor();
    assert.match(await item.textContent(), /Hay una plaza libre para usted/);
    assert.ok((await item.locator('.offer-when').textContent()).includes(longDate(freed.start, 'es-ES')));
    await look(status, 'waitlist-8-status-offer', { shot: false });
    await item.locator('.offer-accept').click();
    await status.locator('#status-news .alert-success').waitFor();
    const news = await status.locator('#status-news').textContent();
    assert.match(news, /Hecho: tiene una cita/);
    assert.ok(news.includes(clock(freed.start, 'es-ES')), news);
    assert.equal(await status.locator('.waitlist-item').count(), 0, 'no longer waiting');
    const manage = new URL(await status.locator('#accepted-manage').getAttribute('href'));
    const { code, token } = fragmentOf(manage);
    assert.equal((await bookingOf(code, token)).json.start, freed.start);
    assert.equal((await entryOf(third)).json.state, 'accepted');
    await checkAccessibility(status, 'status after accepting');
    checkNoProblems(status);
    await status.close();
  });

  test('someone with an appointment joins the list on the manage page and accepts an earlier seat there', async () => {
    // The latest seat, booked by this applicant once it frees up (nobody waits now).
    const latest = await freeASeat();
    const mine = await bookByApi(server, DESK, { type: TYPE, start: latest.start, application_id: EARLIER.id, tax_code: EARLIER.taxCode });
    const page = await browser.page({ language: 'it' });
    await page.goto(server.url(`/manage#code=${mine.code}&token=${mine.manage_token}`));
    const offerToJoin = page.locator('#manage-join');
    await offerToJoin.waitFor();
    assert.match(await offerToJoin.textContent(), /Vuoi una data prima\?/);
    await page.locator('#open-join').click();
    assert.equal(await focused(page), 'waitlist-tax-code');
    assert.match(await offerToJoin.textContent(), new RegExp(`codice fiscale della pratica ${EARLIER.id}`));
    await look(page, 'waitlist-9-manage-join', { shot: false });
    await page.locator('#waitlist-tax-code').fill(EARLIER.taxCode.toLowerCase());
    await page.locator('#join-waitlist').click();
    await page.locator('#manage-waitlist-position').waitFor();
    assert.equal(await page.locator('#manage-waitlist-position').textContent(), "Sei in lista d'attesa per una data prima: sei il numero 1.");
    assert.match(await page.locator('.notice').textContent(), /Sei nella lista d'attesa/);
    await checkAccessibility(page, 'manage: in line for an earlier date');

    // An earlier seat frees up: it is offered, and shows on the manage page.
    const steady = held.filter((b) => Date.parse(b.start) >= testNow() + 25 * 3600_000);
    const earlier = await freeASeat(steady[steady.length - 1]);
    assert.ok(earlier.start < mine.start);
    const booking = async () => (await bookingOf(mine.code, mine.manage_token)).json;
    const deadline = Date.now() + 30000;
    while ((await booking()).waitlist?.state !== 'offered') {
      assert.ok(Date.now() < deadline, 'the earlier seat is offered');
      await new Promise((done) => { setTimeout(done, 200); });
    }
    await page.reload();
    await page.locator('#manage-offer').waitFor();
    assert.ok((await page.locator('#manage-offer .offer-when').textContent()).includes(longDate(earlier.start, 'it-IT')));
    assert.match(await page.locator('#manage-offer').textContent(), /il tuo appuntamento viene spostato qui: il codice resta lo stesso/);
    await look(page, 'waitlist-10-manage-offer', { shot: false });
    await page.locator('#manage-accept-offer').click();
    await page.locator('.notice .alert-success').waitFor();
    assert.equal(await page.locator('.notice .alert').textContent(),
      `Fatto: il tuo appuntamento ora è ${longDate(earlier.start, 'it-IT')} alle ${clock(earlier.start, 'it-IT')}.`);
    assert.equal((await page.locator('#booking-code').textContent()).trim(), mine.code, 'the same code');
    const { token } = fragmentOf(new URL(page.url()));
    const moved = await bookingOf(mine.code, token);
    assert.equal(moved.json.start, earlier.start);
    assert.equal(moved.json.status, 'booked');
    await page.reload();
    await page.locator('#booking-code').waitFor();
    assert.ok((await page.locator('.receipt').textContent()).includes(longDate(earlier.start, 'it-IT')), 'the address still opens it');
    checkNoProblems(page);
    await page.close();
    // The seat left behind is free again (nobody waits): someone else books it.
    assert.equal(await takeEverySeat(), 1);
  });

  test('someone waiting can leave the line, after a question', async () => {
    const entry = await join(LEAVER);
    const page = await browser.page({ language: 'es' });
    await page.goto(server.url(`/waitlist#id=${encodeURIComponent(entry.id)}&token=${encodeURIComponent(entry.token)}`));
    await page.locator('#waitlist-position').waitFor();
    assert.equal(await page.locator('#waitlist-position').textContent(), 'Usted es el número 1 de la lista.');
    assert.match(await page.locator('.waitlist-facts').textContent(), /En espera/);
    await look(page, 'waitlist-11-waiting');
    await page.locator('#leave-waitlist').click();
    await page.locator('.ask-in-place [data-answer="yes"]').waitFor();
    assert.match(await page.locator('.ask-in-place').textContent(), /¿Salir de la lista de espera\?/);
    await page.locator('.ask-in-place [data-answer="yes"]').click();
    await page.locator('.notice .alert').waitFor();
    assert.match(await page.locator('.notice').textContent(), /Ha salido de la lista de espera/);
    assert.equal((await entryOf(entry)).json.state, 'left');
    await checkAccessibility(page, 'left the line');
    checkNoProblems(page);
    await page.close();
  });

  test('staff see the line in the console, with the seat offered and when the offer runs out', async () => {
    LATE.entry = await join(LATE);
    NEXT.entry = await join(NEXT, { lang: 'en' });
    const freed = await freeASeat();
    LATE.freed = freed;
    const offered = await entryWhen(LATE.entry, (e) => e.state === 'offered', 'the offer to the first in line');
    LATE.offer = offered.offer;

    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'op.roma');
    await openView(page, `waitlist?desk=${DESK}&type=${TYPE}`);
    const table = page.locator('#waitlist-table');
    await table.waitFor();
    assert.equal(await page.locator('#view-title').textContent(), "Lista d'attesa");
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
    assert.equal(rows.length, 2, JSON.stringify(rows));
    assert.deepEqual(rows.map((r) => r.slice(0, 3)), [['1', LATE.id, 'Posto proposto'], ['2', NEXT.id, 'In attesa']]);
    assert.ok(rows[0][5].includes(`scade alle ${clock(offered.offer.expires_at, 'it-IT')}`), rows[0][5]);
    assert.ok(rows[0][5].includes(clock(freed.start, 'it-IT')), rows[0][5]);
    assert.match(await page.locator('#waitlist-summary').textContent(), /In attesa: 1 · Con un posto proposto: 1/);
    await checkAccessibility(page, 'console: the waiting list');
    await screenshot(page, 'staff-waitlist');
    // Another type: its own line.
    await page.locator('#waitlist-type').selectOption('lavoro-nulla-osta');
    await page.waitForFunction(() => document.getElementById('waitlist-empty') || document.getElementById('waitlist-closed'));
    assert.equal(await focused(page), 'waitlist-type');
    checkNoProblems(page);
    await page.close();
  });

  test('an offer not accepted in time runs out and goes to the next in line', async () => {
    server = await restartAt(server, rfc3339(Date.parse(LATE.offer.expires_at) + 60_000), { port });
    await entryWhen(LATE.entry, (e) => e.state === 'expired', 'the offer ran out');
    const { link } = await offerMail(NEXT);
    assert.deepEqual(fragmentOf(link), { id: NEXT.entry.id, token: NEXT.entry.token });

    // The late one opens the old e-mail's link.
    const { link: old } = await offerMail(LATE);
    const page = await browser.page({ language: 'en' });
    await page.clock.setSystemTime(server.now());
    await page.goto(old.href);
    await page.locator('.alert-warning').waitFor();
    assert.match(await page.locator('.alert-warning').textContent(), /The time to accept has run out.*The seat went to the next person/);
    assert.equal(await page.locator('#accept-offer').count(), 0, 'nothing left to accept');
    assert.match(await page.locator('.alert-warning a').getAttribute('href'), new RegExp(`desk=${DESK}&type=${TYPE}`));
    await look(page, 'waitlist-12-expired', { shot: false });
    checkNoProblems(page);
    await page.close();

    // The next one has it, held from the restart on.
    const offered = await entryWhen(NEXT.entry, (e) => e.state === 'offered', 'the offer to the next in line');
    assert.equal(offered.offer.start, LATE.freed.start, 'the seat that ran out');
    const page2 = await browser.page({ language: 'en' });
    await page2.clock.setSystemTime(server.now());
    await page2.goto(link.href);
    await page2.locator('#offer').waitFor();
    assert.ok((await page2.locator('.offer-when').textContent()).includes(longDate(offered.offer.start, 'en-GB')));
    await page2.locator('#accept-offer').click();
    await page2.locator('#booking-code').waitFor();
    assert.equal((await entryOf(NEXT.entry)).json.state, 'accepted');
    checkNoProblems(page2);
    await page2.close();
  });
});
