// The staff console's day at the desk: sign-in, the day sheet with contacts, attendance, the
// walk-in search, CSV and print, English and the language menu, and an operator who cannot see
// another desk.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, DESKTOP, checkAccessibility, checkNoProblems, screenshot } from './support/browser.mjs';
import { downloadedText, openView, signIn, staffApi, staffToken } from './support/console.mjs';
import { taxCode } from './support/data.mjs';
import { bookByApi, freeSlots } from './support/flows.mjs';
import { DEMO, Server } from './support/server.mjs';

const ANNA = { id: 'E2E-RM-0101', taxCode: taxCode('VRDNNA80A41H501') };
const OMAR = { id: 'E2E-RM-0102', taxCode: taxCode('BNHMRO85C10Z330') };
const LUCA = { id: 'E2E-RM-0103', taxCode: taxCode('BNCLCU90A01H501') };
const PIA = { id: 'E2E-RM-0104', taxCode: taxCode('FRNPIA88A41H501') };

let server;
let browser;
let day;        // the date of the bookings below, YYYY-MM-DD
const codes = {};

before(async () => {
  server = await Server.start({
    users: ['op.roma', 'op.latina'],
    applications: [
      `${ANNA.id},roma,${ANNA.taxCode},anna.verdi@example.org,+39 06 5550101,lavoro-documenti,In istruttoria`,
      // An address a spreadsheet would take for a formula: the CSV export must neutralise it.
      `${OMAR.id},roma,${OMAR.taxCode},=2+3@example.org,+39 333 5550102,lavoro-documenti,In istruttoria`,
      `${LUCA.id},roma,${LUCA.taxCode},luca.bianchi@example.org,,lavoro-documenti,In istruttoria`,
      `${PIA.id},roma,${PIA.taxCode},pia.ferrini@example.org,,lavoro-documenti,In istruttoria`,
    ],
  });
  browser = await Browser.launch();
  // The first day with two free times (early in the window, a day may have only one left).
  const slots = await freeSlots(server, 'roma', 'lavoro-documenti');
  const [first, second] = slots.filter((slot) => slots.filter((other) => other.start.slice(0, 10) === slot.start.slice(0, 10)).length >= 2);
  day = first.start.slice(0, 10);
  assert.equal(second.start.slice(0, 10), day);
  const book = async (who, slot) => (await bookByApi(server, 'roma', {
    type: 'lavoro-documenti', start: slot.start, application_id: who.id, tax_code: who.taxCode })).code;
  codes.anna = await book(ANNA, first);
  codes.omar = await book(OMAR, second);
  codes.demo = await book({ id: DEMO.roma.id, taxCode: DEMO.roma.taxCode }, second);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const row = (page, code) => page.locator(`tr[data-code="${code}"]`);

describe('staff console: the day at the desk', () => {
  test('a wrong password is refused; the operator then sees the day sheet of their desk', async () => {
    const page = await browser.page({ viewport: DESKTOP });
    await page.goto(server.url('/staff'));
    await page.locator('#login-form').waitFor();
    await checkAccessibility(page, 'console sign-in');
    await page.locator('#username').fill('op.roma');
    await page.locator('#password').fill('not the password at all');
    await page.locator('#login-form button[type="submit"]').click();
    await page.locator('#login-error .alert').waitFor();
    assert.match(await page.locator('#login-error').textContent(), /Nome utente o password non corretti/);

    await signIn(page, server, 'op.roma');
    assert.deepEqual(await page.locator('#console-links a').allTextContents(), ['Agenda del giorno', 'Sportello', 'Convocazioni', "Lista d'attesa", 'Estrazioni', 'Statistiche', 'Domande']);
    assert.equal(await page.locator('#desk-choice').count(), 0, 'an operator has one desk, no choice');
    assert.match(await page.locator('.desk-name').textContent(), /Roma/);
    await page.locator('#day-date').fill(day);
    await page.locator('#day-date').press('Enter');
    await row(page, codes.anna).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'day-heading', 'focus on the day shown');
    const anna = await row(page, codes.anna).textContent();
    assert.match(anna, /anna\.verdi@example\.org/);
    assert.match(anna, /\+39 06 5550101/);
    assert.match(anna, /Lavoro: documenti/);
    assert.match(anna, new RegExp(ANNA.id));
    const times = await page.locator('.day-sheet tbody th.time').allTextContents();
    assert.deepEqual(times, [...times].sort(), 'by time');
    assert.equal(await page.locator('.day-sheet tbody tr').count(), 3);
    await checkAccessibility(page, 'day sheet');
    await screenshot(page, 'staff-day-sheet');
    checkNoProblems(page);
    await page.close();
  });

  test('walk-in: staff send the link again and cancel for the person at the counter', async () => {
    const slot = (await freeSlots(server, 'roma', 'lavoro-documenti')).find((free) => free.start.slice(0, 10) !== day);
    const booked = await bookByApi(server, 'roma', {
      type: 'lavoro-documenti', start: slot.start, application_id: LUCA.id, tax_code: LUCA.taxCode });
    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'op.roma');
    await page.locator('#walkin-query').fill(booked.code);
    await page.locator('#walkin-form button[type="submit"]').click();
    await page.locator('#walkin-resend').waitFor();
    await page.locator('#walkin-resend').click();
    await page.locator('.walkin-actions .alert-success').waitFor();
    assert.match(await page.locator('.walkin-actions').textContent(), /luca\.bianchi@example\.org/);
    const old = await server.api(`/api/v1/bookings/${booked.code}`, { headers: { 'X-Booking-Token': booked.manage_token } });
    assert.equal(old.status, 404, 'the earlier link no longer works');

    await page.locator('#walkin-cancel').click();  // the first press asks for confirmation
    assert.match(await page.locator('#walkin-cancel').textContent(), new RegExp(`Conferma: annulla ${booked.code}`));
    await page.locator('#walkin-cancel').click();
    await row(page, booked.code).waitFor();
    assert.match(await row(page, booked.code).textContent(), /Annullat/);
    checkNoProblems(page);
    await page.close();
  });

  test('walk-in: staff move a booking for the person on the phone to a time they agree on', async () => {
    const slots = await freeSlots(server, 'roma', 'lavoro-documenti');
    const booked = await bookByApi(server, 'roma', {
      type: 'lavoro-documenti', start: slots[slots.length - 1].start, application_id: PIA.id, tax_code: PIA.taxCode });
    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'op.roma');
    await page.locator('#walkin-query').fill(booked.code);
    await page.locator('#walkin-form button[type="submit"]').click();
    await page.locator('#walkin-move').click();
    await page.locator('#move-step .slot-button').first().waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'slots-title');
    assert.match(await page.locator('#slots-title').textContent(), new RegExp(`Nuovo orario per ${booked.code}`));
    assert.equal(await page.locator(`#move-step .slot-button[data-start="${booked.start}"]`).count(), 0, 'not its own time');
    await checkAccessibility(page, 'move: new time');
    await page.setViewportSize({ width: 320, height: 640 });
    await checkAccessibility(page, 'move: new time at 320 px');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0,
      'nothing wider than a 320 px screen');
    await page.setViewportSize(DESKTOP);
    // Not on the day whose sheet the other tests count.
    const target = page.locator(`#move-step .slot-button:not([data-start^="${day}"])`).first();
    const start = await target.getAttribute('data-start');
    await target.click();
    await page.locator('#move-title').waitFor();
    assert.match(await page.locator('#move-step').textContent(), /Orario attuale.*Nuovo orario/);
    await page.locator('#move-submit').click();
    await page.locator('.walkin-card .alert-success').waitFor();
    assert.match(await page.locator('.walkin-card .alert-success').textContent(), new RegExp(`${booked.code} spostata.*e-mail`));
    assert.equal(await page.evaluate(() => document.activeElement?.closest('.alert')?.classList.contains('alert-success')), true);
    await checkAccessibility(page, 'moved');

    const token = await staffToken(server, 'op.roma');
    const now = await staffApi(server, token, `/api/v1/staff/bookings/${booked.code}`);
    assert.equal(now.json.start, start, 'the server has the new time');
    assert.equal(now.json.status, 'booked');
    const deliveries = await staffApi(server, token, `/api/v1/staff/bookings/${booked.code}/deliveries`);
    assert.ok(deliveries.json.deliveries.some((d) => d.kind === 'reschedule'), 'the applicant is told');
    checkNoProblems(page);
    await page.close();
  });

  test('walk-in: a booking code, an application number, and a number that does not exist', async () => {
    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'op.roma');
    await page.locator('#walkin-query').fill(codes.demo.toLowerCase());
    await page.locator('#walkin-form button[type="submit"]').click();
    await page.locator('.walkin-card').waitFor();
    assert.match(await page.locator('.walkin-card h3').textContent(), new RegExp(codes.demo));
    assert.match(await page.locator('.walkin-card').textContent(), new RegExp(DEMO.roma.id));
    await checkAccessibility(page, 'walk-in booking');
    // Attendance is taken from the appointment's day on (console-attendance.test.mjs).
    assert.equal(await page.locator('.walkin-card button[data-status]').count(), 0);

    await page.locator('#walkin-query').fill(ANNA.id);
    await page.locator('#walkin-form button[type="submit"]').click();
    await page.waitForFunction((id) => document.querySelector('.walkin-card h3')?.textContent.includes(id), ANNA.id);
    assert.match(await page.locator('.walkin-card').textContent(), new RegExp(codes.anna));
    // Everything held about the application, downloaded for the person it is about.
    const download = await downloadedText(page, '#walkin-export');
    assert.equal(download.name, `application-${ANNA.id}.json`);
    const exported = JSON.parse(download.text);
    assert.equal(exported.application.application_id, ANNA.id);
    assert.equal(exported.application.tax_code, ANNA.taxCode);
    assert.deepEqual(exported.bookings.map((b) => b.code), [codes.anna]);
    assert.ok(exported.audit.some((entry) => entry.action === 'booking.create' && entry.subject === codes.anna));
    await page.locator('#walkin-query').fill('RM-0000-0000');
    await page.locator('#walkin-form button[type="submit"]').click();
    await page.locator('#walkin-result .alert-info').waitFor();
    assert.match(await page.locator('#walkin-result').textContent(), /Nessun risultato/);
    checkNoProblems(page);
    await page.close();
  });

  test('the day sheet by keyboard: the next and previous day keep focus on the button pressed', async () => {
    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'op.roma');
    await openView(page, `day?desk=roma&date=${day}`);
    await row(page, codes.anna).waitFor();
    await page.locator('#day-next').focus();
    await page.keyboard.press('Enter');
    // The next day has drawn (its date in the field) and the button pressed has focus again.
    await page.waitForFunction((shown) => document.getElementById('day-date')?.value !== shown &&
      document.activeElement?.id === 'day-next', day);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'day-show');
    await page.locator('#day-previous').focus();
    await page.keyboard.press('Enter');
    await row(page, codes.anna).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'day-previous');
    checkNoProblems(page);
    await page.close();
  });

  test('the day sheet exports as CSV and prints without the controls; English works too', async () => {
    const page = await browser.page({ viewport: DESKTOP, language: 'en' });
    await signIn(page, server, 'op.roma');
    assert.equal(await page.locator('#view-title').textContent(), 'Day sheet');
    await openView(page, `day?desk=roma&date=${day}`);
    await row(page, codes.anna).waitFor();
    const csv = await downloadedText(page, '#day-csv');
    assert.equal(csv.name, `agenda-roma-${day}.csv`);
    const lines = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
    assert.equal(lines[0], 'time,code,type,type_name,application_id,email,phone,channel,status');
    assert.equal(lines.length, 4);
    assert.ok(lines.some((line) => line.includes(codes.anna) && line.includes('anna.verdi@example.org')));
    assert.ok(lines.some((line) => line.includes(`'+39 333 5550102`)), 'a phone number is not taken for a formula');
    assert.ok(lines.some((line) => line.includes(`'=2+3@example.org`)), 'nor an address that starts with =');
    for (const line of lines.slice(1)) {
      for (const cell of line.split(',')) assert.doesNotMatch(cell, /^[=+\-@]/, line);
    }

    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('#console-nav').isVisible(), false);
    assert.equal(await page.locator('#walkin-form').isVisible(), false);
    assert.equal(await page.locator('#day-print').isVisible(), false);
    assert.equal(await page.locator('.print-heading').isVisible(), true);
    assert.equal(await row(page, codes.anna).isVisible(), true);
    assert.equal(await row(page, codes.anna).locator('td.no-print').isVisible(), false, 'no attendance column on paper');
    await page.emulateMedia({ media: 'screen' });
    checkNoProblems(page);
    await page.close();
  });

  test('the language menu: the arrow keys move between Italian and English, only Enter changes the console', async () => {
    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'op.roma');
    await openView(page, `day?desk=roma&date=${day}`);
    await row(page, codes.anna).waitFor();
    const menuFocus = () => page.evaluate(() => document.activeElement.dataset.lang || document.activeElement.id);
    const consoleLanguage = () => page.evaluate(() => document.documentElement.lang);
    const title = () => page.locator('#view-title').textContent();
    assert.deepEqual(await page.locator('#language-menu [role="menuitemradio"]').evaluateAll((items) => items.map((item) => item.dataset.lang)),
      ['it', 'en'], 'the console\'s own languages');
    await page.locator('#language-button').focus();
    assert.equal(await page.getAttribute('#language-button', 'aria-expanded'), 'false');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('#language-button', 'aria-expanded'), 'true');
    assert.equal(await menuFocus(), 'it', 'the menu opens on the language in use');
    assert.equal(await page.getAttribute('#language-menu [data-lang="it"]', 'aria-checked'), 'true');
    await checkAccessibility(page, 'the console\'s language menu');
    await page.keyboard.press('ArrowDown');
    assert.equal(await menuFocus(), 'en');
    assert.equal(await consoleLanguage(), 'it', 'moving through the menu changes nothing');
    assert.equal(await title(), 'Agenda del giorno');
    await page.keyboard.press('ArrowDown');  // wraps round
    assert.equal(await menuFocus(), 'it');
    await page.keyboard.press('ArrowUp');
    assert.equal(await menuFocus(), 'en');
    assert.equal(await consoleLanguage(), 'it');
    await page.keyboard.press('Escape');
    assert.equal(await menuFocus(), 'language-button');
    assert.equal(await page.locator('#language-menu').isVisible(), false);
    assert.equal(await title(), 'Agenda del giorno');

    await page.keyboard.press('ArrowDown');  // opens on the first language
    assert.equal(await menuFocus(), 'it');
    await page.keyboard.press('End');
    assert.equal(await menuFocus(), 'en');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('view-title')?.textContent === 'Day sheet');
    assert.equal(await consoleLanguage(), 'en');
    assert.equal(await menuFocus(), 'language-button', 'focus back on the button');
    assert.equal(await page.locator('#language-menu').isVisible(), false);
    assert.match(await page.locator('#language-button').textContent(), /^Language: English/);
    assert.equal(await page.getAttribute('#language-menu [data-lang="en"]', 'aria-checked'), 'true');
    await row(page, codes.anna).waitFor();
    assert.equal(await page.locator('#who .who-name').textContent(), 'op.roma', 'still signed in, on the same day');

    // Open on a 320 px screen, the menu fits without scrolling sideways.
    await page.setViewportSize({ width: 320, height: 640 });
    await page.keyboard.press('Enter');
    assert.equal(await menuFocus(), 'en');
    await checkAccessibility(page, 'the console\'s language menu at 320 px');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
    await page.keyboard.press('Escape');
    checkNoProblems(page);
    await page.close();
  });

  test('an operator of one desk cannot see another desk, in the console or through the API', async () => {
    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'op.latina');
    assert.match(await page.locator('.desk-name').textContent(), /Latina/);
    await openView(page, `day?desk=roma&date=${day}`);
    await page.locator('#day-sheet .alert-danger').waitFor();
    assert.match(await page.locator('#day-sheet').textContent(), /Non hai accesso ai dati di questo sportello/);
    assert.equal(await page.locator('.day-sheet').count(), 0);
    await page.locator('#walkin-query').fill(codes.anna);
    await page.locator('#walkin-form button[type="submit"]').click();
    // Another desk's booking is "not found", as one that does not exist: nothing tells it exists.
    await page.locator('#walkin-result .alert-info').waitFor();
    assert.match(await page.locator('#walkin-result').textContent(), /Nessun risultato/);
    assert.doesNotMatch(await page.locator('#walkin-result').textContent(), /anna/);
    assert.equal(await page.locator('.walkin-card').count(), 0, 'nothing of the booking is shown');
    await openView(page, 'calendar?desk=roma');
    assert.match(await page.locator('#main .alert-warning').textContent(), /non può usare questa sezione/);
    await openView(page, 'admin');
    assert.match(await page.locator('#main .alert-warning').textContent(), /riservata agli amministratori/);
    await openView(page, 'stats?desk=roma');
    await page.locator('#stats-result .alert-danger').waitFor();
    await checkAccessibility(page, 'another desk refused');

    const token = await staffToken(server, 'op.latina');
    for (const path of [`/api/v1/staff/desks/roma/bookings?date=${day}`, `/api/v1/staff/desks/roma/stats?from=${day}&to=${day}`]) {
      const answer = await staffApi(server, token, path);
      assert.equal(answer.status, 403, path);
      assert.equal(answer.json.code, 'forbidden', path);
    }
    for (const path of [`/api/v1/staff/bookings/${codes.anna}`, `/api/v1/staff/applications/${ANNA.id}`]) {
      const answer = await staffApi(server, token, path);
      assert.equal(answer.status, 404, path);
      assert.equal(answer.json.code, 'not_found', path);
    }
    const attendance = await staffApi(server, token, `/api/v1/staff/bookings/${codes.demo}/attendance`,
      { method: 'POST', body: { status: 'attended' } });
    assert.equal(attendance.status, 404);
    assert.equal((await staffApi(server, token, `/api/v1/staff/desks/latina/bookings?date=${day}`)).status, 200);
    checkNoProblems(page);
    await page.close();
  });
});
