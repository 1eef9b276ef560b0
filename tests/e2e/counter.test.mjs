// The day of the visit at the counters and on the applicant's phone: two operators call people
// from the same queue in the console's counter view, end calls as done, missed, or missed after
// three recalls; the applicant's manage page follows the ticket live ("go to counter X" within a
// second of the call) and offers the rating of the visit afterwards; the statistics show the rating
// and the comment without the applicant; an operator checks the last person in from the day sheet.
// Six people book the same time; then the server starts again twenty minutes before it
// (restartAt), when they may check in, whatever the suite's clock.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, DESKTOP, PHONE, checkAccessibility, checkNoProblems } from './support/browser.mjs';
import { openView, restartAt, signIn, staffApi, staffToken } from './support/console.mjs';
import { taxCode } from './support/data.mjs';
import { bookByApi, changeableSlots, checkHeadings, look } from './support/flows.mjs';
import { DEMO, Server } from './support/server.mjs';

// Waits until the page's live region says `text` (page.js's announce() sets it after a short delay,
// so that screen readers hear a repeated message again).
async function announced(page, text) {
  await page.waitForFunction((expected) => document.getElementById('announcer')?.textContent.includes(expected), text,
    { timeout: 5000 });
}

const TYPE = 'lavoro-documenti';
const NARROW = { width: 320, height: 640 };
const PEOPLE = ['E2E-RM-0701', 'E2E-RM-0702', 'E2E-RM-0703', 'E2E-RM-0704', 'E2E-RM-0705', 'E2E-RM-0706']
  .map((id, i) => ({ id, taxCode: taxCode(`RSSGNN8${i}A01H501`) }));

let server;
let browser;
let day;             // the day of the visit
const bookings = []; // PEOPLE's bookings, in the same order

before(async () => {
  server = await Server.start({
    users: ['op.roma', 'mgr.roma'],
    applications: PEOPLE.map((p) => `${p.id},roma,${p.taxCode},,,${TYPE},In istruttoria`),
  });
  browser = await Browser.launch();
  const slot = (await changeableSlots(server, 'roma', TYPE)).find((s) => s.free >= PEOPLE.length);
  assert.ok(slot, 'a time with a seat for everyone');
  day = slot.start.slice(0, 10);
  for (const person of PEOPLE) {
    bookings.push(await bookByApi(server, 'roma', { type: TYPE, start: slot.start, application_id: person.id, tax_code: person.taxCode }));
  }
  server = await restartAt(server, new Date(Date.parse(slot.start) - 20 * 60000).toISOString().replace(/\.\d{3}Z$/, 'Z'));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Checks `booking` in at the desk (staff, through the API); returns the ticket.
async function checkIn(booking) {
  const answer = await staffApi(server, await staffToken(server, 'op.roma'), '/api/v1/desks/roma/checkin',
    { method: 'POST', body: { code: booking.code } });
  assert.equal(answer.status, 201, answer.text);
  return answer.json;
}

async function bookingStatus(booking) {
  const answer = await staffApi(server, await staffToken(server, 'op.roma'), `/api/v1/staff/bookings/${booking.code}`);
  return answer.json.status;
}

// A page whose clock reads the restarted server's.
async function pageNow(options) {
  const page = await browser.page(options);
  await page.clock.setSystemTime(server.now());
  return page;
}

// `user`'s console in the counter view, at counter `counter`.
async function counterPage(user, counter) {
  const page = await pageNow({ viewport: DESKTOP });
  await signIn(page, server, user);
  await openView(page, 'counter?desk=roma');
  await page.locator('#counter-name').fill(counter);
  await page.locator('#counter-name').press('Tab');
  return page;
}

const manageLink = (booking) => server.url(`/manage#code=${booking.code}&token=${booking.manage_token}`);
const waiting = (page) => page.locator('#counter-queue li.queue-waiting').evaluateAll((items) => items.map((item) => item.dataset.number));
const focusedId = (page) => page.evaluate(() => document.activeElement?.id || '');

// Nothing wider than the screen, and axe-core clean.
async function fits(page, what) {
  await checkAccessibility(page, what);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0,
    `${what}: the page scrolls sideways`);
}

describe('the day of the visit', () => {
  test('two counters call different people; done, missed, and missed after three recalls', async () => {
    const [a, b, c] = [await checkIn(bookings[0]), await checkIn(bookings[1]), await checkIn(bookings[2])];
    const byNumber = new Map([[a.number, bookings[0]], [b.number, bookings[1]], [c.number, bookings[2]]]);
    const one = await counterPage('op.roma', '1');
    const two = await counterPage('mgr.roma', '2');
    await one.waitForFunction(() => document.querySelectorAll('#counter-queue li.queue-waiting').length === 3);
    assert.deepEqual(await waiting(one), [a.number, b.number, c.number], 'in the order of check-in');
    await checkAccessibility(one, 'the counter view');
    await checkHeadings(one, 'the counter view');

    // Typing in a field is not a shortcut.
    await one.locator('#walkin-application').focus();
    await one.keyboard.type('n');
    assert.equal(await one.locator('#counter-number').count(), 0, 'nobody called while typing');
    await one.locator('#walkin-application').fill('');

    // Both call at once: the first by its shortcut, the second with the button.
    await one.locator('#view-title').focus();
    await Promise.all([one.keyboard.press('n'), two.locator('#counter-next').click()]);
    await one.locator('#counter-number').waitFor();
    await two.locator('#counter-number').waitFor();
    const first = await one.locator('#counter-number').textContent();
    const second = await two.locator('#counter-number').textContent();
    assert.notEqual(first, second, 'two counters never get the same person');
    assert.deepEqual([first, second].sort(), [a.number, b.number].sort());
    assert.equal(await focusedId(one), 'counter-current-title', 'focus on the person called');
    for (const page of [one, two]) {
      await page.waitForFunction((rest) => [...document.querySelectorAll('#counter-queue li.queue-waiting')]
        .map((item) => item.dataset.number).join() === rest && document.querySelectorAll('#counter-queue li.queue-called').length === 2, c.number);
    }
    assert.match(await one.locator(`#counter-queue li[data-number="${second}"]`).textContent(), /chiamato allo sportello 2/);
    await checkAccessibility(one, 'the counter view with a person called');
    await one.setViewportSize(NARROW);
    await fits(one, 'the counter view at 320 px');
    await one.setViewportSize(DESKTOP);

    // Done (F) at the first counter, Missed at the second.
    await one.keyboard.press('f');
    await one.locator('#counter-message .alert-success').waitFor();
    assert.equal(await focusedId(one), 'counter-next', 'focus back on "Call next"');
    assert.match(await one.locator('#counter-message').textContent(), new RegExp(`${first} servito`));
    await announced(one, `${first} servito`);
    assert.equal(await bookingStatus(byNumber.get(first)), 'attended');
    await two.locator('#counter-missed').click();
    await two.locator('#counter-next').waitFor();
    assert.equal(await bookingStatus(byNumber.get(second)), 'no_show');
    // The first counter's queue follows what the second did, without any action of its own.
    await one.waitForFunction((number) => !document.querySelector(`#counter-queue li[data-number="${number}"]`), second);
    assert.deepEqual(await waiting(one), [c.number]);

    // Three recalls after the call: missed, as the server answers.
    await one.locator('#counter-next').click();
    await one.waitForFunction((number) => document.getElementById('counter-number')?.textContent === number, c.number);
    for (const calls of ['2', '3']) {
      await one.locator('#counter-recall').click();
      await one.waitForFunction((n) => document.getElementById('counter-calls')?.textContent === n, calls);
      assert.equal(await focusedId(one), 'counter-recall', 'focus stays on Recall');
    }
    await one.locator('#counter-recall').click();
    await one.locator('#counter-next').waitFor();
    assert.match(await one.locator('#counter-message').textContent(), /nessuna risposta dopo tre chiamate/);
    assert.equal(await bookingStatus(bookings[2]), 'no_show');
    await one.waitForFunction(() => !document.querySelector('#counter-queue li'));

    // Nobody left: the shortcut says so.
    await one.keyboard.press('n');
    await one.locator('#counter-message .alert-info').waitFor();
    assert.match(await one.locator('#counter-message').textContent(), /Nessuno in attesa/);

    // A person without an appointment, urgent: into the queue, then called.
    await one.locator('#walkin-application').fill('E2E-RM-9999');
    await one.locator('#walkin-add').click();
    await one.locator('#walkin-application-error').waitFor();
    assert.match(await one.locator('#walkin-application-error').textContent(), /Nessuna pratica E2E-RM-9999/);
    assert.equal(await focusedId(one), 'walkin-application');
    await one.locator('#walkin-application').fill(DEMO.roma.id);
    await one.locator('label[for="walkin-urgent"]').click();
    await one.locator('#walkin-add').click();
    await one.locator('#walkin-result .alert-success').waitFor();
    assert.equal(await focusedId(one), 'walkin-application', 'ready for the next one');
    assert.equal(await one.locator('#walkin-application').inputValue(), '');
    const walkIn = one.locator('#counter-queue li.queue-waiting');
    await walkIn.waitFor();
    assert.match(await walkIn.textContent(), /Urgente.*senza appuntamento/);
    await one.locator('#counter-next').click();
    await one.locator('#counter-done').click();
    await one.waitForFunction(() => !document.querySelector('#counter-queue li'));
    checkNoProblems(one);
    checkNoProblems(two);
    await one.close();
    await two.close();
  });

  test('the manage page shows the ticket live, then "go to counter 5" by push when called', async () => {
    const booking = bookings[3];
    const phone = await pageNow({ language: 'it', viewport: PHONE });
    await phone.goto(manageLink(booking));
    await phone.locator('#booking-code').waitFor();
    assert.equal(await phone.locator('#ticket').count(), 0, 'not checked in yet');
    const ticket = await checkIn(booking);
    await phone.locator('#ticket-number').waitFor();  // no reload: the desk's events
    assert.equal(await phone.locator('#ticket-number').textContent(), ticket.number);
    assert.equal(await phone.locator('#ticket-state').textContent(), 'In attesa');
    assert.equal(await phone.locator('#ticket-position').textContent(), '1');
    assert.match(await phone.locator('#ticket-estimate').textContent(), /^(Circa \d+ minut[oi]|Tocca quasi a te)$/);
    assert.equal(await phone.locator('#move-booking').count(), 0, 'checked in: nothing to change online');
    await look(phone, 'visit-1-ticket');
    await phone.setViewportSize(NARROW);
    await fits(phone, 'the ticket at 320 px');
    await phone.setViewportSize(PHONE);

    const desk = await counterPage('op.roma', '5');
    await desk.locator('#counter-next').waitFor();
    await Promise.all([
      desk.waitForResponse((response) => response.url().includes('/queue/next') && response.status() === 200),
      desk.locator('#counter-next').click(),
    ]);
    // By push (the page reads the ticket again only on an event); the second the contract gives the push is
    // not something a test on a busy machine can time.
    await phone.locator('.ticket-call-counter', { hasText: 'Vai allo sportello 5' }).waitFor({ timeout: 10_000 });
    assert.match(await phone.locator('#ticket-call').textContent(), /Tocca a te!/);
    await phone.waitForFunction(() => document.getElementById('announcer').textContent.includes('vai allo sportello 5'));
    await look(phone, 'visit-2-called');

    // Done at the counter: the page offers the rating.
    await desk.locator('#counter-done').click();
    await phone.locator('#feedback-form').waitFor();
    assert.equal(await phone.locator('#ticket').count(), 0, 'the visit is over');
    assert.match(await phone.locator('.status-badge').textContent(), /Presentato/);
    checkNoProblems(phone);
    checkNoProblems(desk);
    await phone.close();
    await desk.close();
  });

  test('a rating after the visit, and the statistics show it and the comment without the applicant', async () => {
    const booking = bookings[4];
    const token = await staffToken(server, 'op.roma');
    const ticket = await checkIn(booking);
    const called = await staffApi(server, token, '/api/v1/staff/desks/roma/queue/next', { method: 'POST', body: { counter: '7' } });
    assert.equal(called.json.number, ticket.number);
    assert.equal((await staffApi(server, token, `/api/v1/staff/tickets/${ticket.ticket}/done`, { method: 'POST' })).status, 200);

    // The same booking open on a second device, which will rate it too late.
    const other = await pageNow({ language: 'it' });
    await other.goto(manageLink(booking));
    await other.locator('#feedback-form').waitFor();
    const phone = await pageNow({ language: 'it' });
    await phone.goto(manageLink(booking));
    await phone.locator('#feedback-form').waitFor();
    assert.deepEqual(await phone.locator('input[name="rating"]').evaluateAll((inputs) => inputs.map((input) => input.value)),
      ['1', '2', '3', '4', '5'], 'a group of radio buttons from 1 to 5');
    assert.equal(await phone.locator('fieldset.rating-group legend').textContent(), 'Il tuo voto');
    await look(phone, 'visit-3-rating');
    await phone.setViewportSize(NARROW);
    await fits(phone, 'the rating at 320 px');
    await phone.setViewportSize(PHONE);

    await phone.locator('#feedback-submit').click();
    await phone.locator('#rating-error:not([hidden])').waitFor();
    assert.equal(await focusedId(phone), 'rating-1', 'a rating is needed: focus on the first');
    await phone.keyboard.press('ArrowRight');
    await phone.keyboard.press('ArrowRight');
    await phone.keyboard.press('ArrowRight');
    assert.equal(await phone.locator('#rating-4').isChecked(), true, 'the arrow keys choose, as in any radio group');
    const comment = 'Personale gentile, ma la sala era fredda.';
    await phone.locator('#feedback-comment').fill(comment);
    assert.equal(await phone.locator('#feedback-comment-count').textContent(), `Puoi scrivere ancora ${500 - comment.length} caratteri.`);
    assert.equal(await phone.locator('#feedback-comment').getAttribute('maxlength'), '500');
    await phone.locator('#feedback-submit').click();
    await phone.locator('#feedback-thanks').waitFor();
    assert.equal(await focusedId(phone), 'feedback-thanks');
    await look(phone, 'visit-4-thanks', { shot: false });
    const stored = await server.api(`/api/v1/bookings/${booking.code}`, { headers: { 'X-Booking-Token': booking.manage_token } });
    assert.equal(stored.json.rated, true);

    // Rated meanwhile: the other device thanks as well (409 already_rated), nothing is counted twice.
    await other.locator('label[for="rating-5"]').click();
    await other.locator('#feedback-submit').click();
    await other.locator('#feedback-thanks').waitFor();
    await phone.reload();
    await phone.locator('#feedback-thanks').waitFor();

    const stats = await pageNow({ viewport: DESKTOP });
    await signIn(stats, server, 'op.roma');
    await openView(stats, `stats?desk=roma&from=${day}&to=${day}`);
    await stats.locator('#stats-comments').waitFor();
    const comments = await stats.locator('#stats-comments').textContent();
    assert.ok(comments.includes(comment), comments);
    assert.match(comments, /voto 4 su 5/);
    for (const identity of [booking.code, PEOPLE[4].id, PEOPLE[4].taxCode, ticket.number]) {
      assert.ok(!comments.includes(identity), `${identity} is not shown with the comment`);
    }
    const ratings = await stats.locator('#stats-ratings-table tbody tr').allTextContents();
    assert.equal(ratings.length, 1, ratings.join('\n'));
    assert.deepEqual(await stats.locator('#stats-ratings-table tbody tr td').allTextContents(), ['Lavoro: documenti e contratto di soggiorno', '0', '0', '0', '1', '0', '1', '4,0']);
    assert.equal(await stats.locator('#stats-rating-mean').textContent(), 'Voto medio 4,0 su 5. Valutazioni: 1.');
    await stats.locator('#stats-times-table').waitFor();
    await checkAccessibility(stats, 'the statistics of the visits');
    await checkHeadings(stats, 'the statistics of the visits');
    await stats.setViewportSize(NARROW);
    await fits(stats, 'the statistics of the visits at 320 px');

    const feedback = await staffApi(server, token, `/api/v1/staff/desks/roma/feedback?from=${day}&to=${day}`);
    assert.equal(feedback.status, 200, feedback.text);
    assert.deepEqual(feedback.json.feedback.map((entry) => Object.keys(entry).sort()), [['comment', 'date', 'rating', 'type']]);
    for (const page of [phone, other, stats]) {
      checkNoProblems(page);
      await page.close();
    }
  });

  test('an operator checks a person in from the day sheet: the number shows in the row, and the person is in the queue', async () => {
    const booking = bookings[5];  // still expected: nobody checked them in
    const isCheckIn = (url) => new URL(url).pathname === '/api/v1/desks/roma/checkin';
    const page = await pageNow({ viewport: DESKTOP });
    await signIn(page, server, 'op.roma');
    await openView(page, `day?desk=roma&date=${day}`);
    const row = page.locator(`tr[data-code="${booking.code}"]`);
    const button = row.locator('button[data-control="checkin"]');
    await button.waitFor();
    assert.equal(await button.textContent(), "Registra l'arrivo");
    assert.equal(await button.getAttribute('aria-label'), `Registra l'arrivo: ${booking.code}`);
    assert.ok(await page.locator('tr[data-code]').evaluateAll((rows) => rows.every((item) =>
      Boolean(item.querySelector('[data-control="checkin"]')) === item.classList.contains('state-booked'))),
    'only the people still expected can be checked in');

    // Refused outside the window (the server's answer, played here): the reason in plain words, and the way out.
    await page.route((url) => isCheckIn(url), (route) => route.fulfill({ status: 409, contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', status: 409, code: 'outside_checkin_window', title: 'Outside the check-in window' }) }));
    await button.click();
    await row.locator('.alert-danger').waitFor();
    assert.match(await row.locator('.alert-danger').textContent(),
      /da 60 minuti prima a 15 minuti dopo l'inizio dell'appuntamento.*senza appuntamento/);
    assert.equal(await row.locator('.alert-danger a').getAttribute('href'), '#counter?desk=roma');
    await page.unrouteAll();

    // Checked in with the keyboard: the number and the place in the queue in the row, announced; focus stays.
    await button.focus();
    const [answer] = await Promise.all([
      page.waitForResponse((response) => isCheckIn(response.url()) && response.request().method() === 'POST'),
      page.keyboard.press('Enter'),
    ]);
    assert.equal(answer.status(), 201);
    const ticket = await answer.json();
    assert.equal(ticket.state, 'waiting');
    await row.locator(`.checkin-ticket[data-number="${ticket.number}"]`).waitFor();
    assert.ok(Number.isInteger(ticket.position), JSON.stringify(ticket));
    assert.equal(await row.locator('.checkin-ticket').textContent(), `Numero ${ticket.number}, posto in coda: ${ticket.position}.`);
    assert.equal(await row.locator('.alert-danger').count(), 0, 'the refusal is gone');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.control), 'checkin', 'focus stays on the button');
    await page.waitForFunction((number) => document.getElementById('announcer').textContent.includes(`Numero ${number}`), ticket.number);
    await announced(page, `${booking.code}: arrivo registrato`);
    await checkAccessibility(page, 'the day sheet after a check-in');
    await page.setViewportSize(NARROW);
    await fits(page, 'the day sheet after a check-in at 320 px');
    await page.setViewportSize(DESKTOP);

    // Pressed again: the same ticket (200), not a second one.
    const [again] = await Promise.all([
      page.waitForResponse((response) => isCheckIn(response.url()) && response.request().method() === 'POST'),
      page.keyboard.press('Enter'),
    ]);
    assert.equal(again.status(), 200);
    assert.equal((await again.json()).ticket, ticket.ticket);
    const queue = await page.evaluate(async () => {
      const { token } = JSON.parse(sessionStorage.getItem('sportello.staff.session'));
      const response = await fetch('/api/v1/staff/desks/roma/queue', { headers: { Authorization: `Bearer ${token}` } });
      return (await response.json()).tickets;
    });
    assert.deepEqual(queue.filter((item) => item.ticket === ticket.ticket).map((item) => [item.number, item.state]),
      [[ticket.number, 'waiting']], 'in the queue once, waiting');

    // The counter view's queue has the person.
    await openView(page, 'counter?desk=roma');
    await page.locator(`#counter-queue li.queue-waiting[data-number="${ticket.number}"]`).waitFor();
    checkNoProblems(page);
    await page.close();
  });
});
