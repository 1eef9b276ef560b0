// The calendar editor of the staff console: a manager changes seats and adds a closure, previews the
// week, saves, and applicants see the change at once; a change that would strand booked
// appointments lists them and waits for a choice; an invalid change names the field; the waiting
// list and the reconfirmation of a type are set and taken off again.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, DESKTOP, checkAccessibility, checkNoProblems, screenshot } from './support/browser.mjs';
import { openView, signIn, staffApi, staffToken } from './support/console.mjs';
import { bookByApi, chooseLanguage, freeSlots } from './support/flows.mjs';
import { taxCode } from './support/data.mjs';
import { DEMO, Server } from './support/server.mjs';

const TYPE = 'lavoro-documenti';
const MOVED = { id: 'E2E-RM-0601', taxCode: taxCode('MRNLSU80A41H501') };
const CANCELLED = { id: 'E2E-RM-0602', taxCode: taxCode('CNTPLA75C10H501') };
let server;
let browser;
let days;   // dates with applicant slots at 09:00, in order

before(async () => {
  server = await Server.start({
    users: ['mgr.roma'],
    applications: [MOVED, CANCELLED].map((who, i) => `${who.id},roma,${who.taxCode},persona${i}@example.org,,${TYPE},In istruttoria`),
  });
  browser = await Browser.launch();
  const slots = await freeSlots(server, 'roma', TYPE);
  days = [...new Set(slots.filter((slot) => slot.start.slice(11, 16) === '09:00').map((slot) => slot.start.slice(0, 10)))];
  assert.ok(days.length >= 6);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function availability(day) {
  const answer = await server.api(`/api/v1/desks/roma/availability?type=${TYPE}&from=${day}&to=${day}`);
  assert.equal(answer.status, 200);
  return answer.json.days.flatMap((d) => d.slots);
}

async function addClosure(page, day) {
  await page.locator('#closure-date').fill(day);
  await page.locator('#closure-add').click();
  await page.waitForFunction(() => document.getElementById('dirty-note').textContent !== '');
}

describe('staff console: the calendar editor', () => {
  test('a manager edits the calendar, previews the week, saves, and applicant availability changes', async () => {
    const [open, closed] = days;
    assert.equal((await availability(open))[0].free, 6, 'the shipped calendar: 6 online seats at 09:00');
    assert.ok((await availability(closed)).length > 0);

    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'mgr.roma');
    assert.deepEqual(await page.locator('#console-links a').allTextContents(),
      ['Agenda del giorno', 'Sportello', 'Convocazioni', "Lista d'attesa", 'Estrazioni', 'Calendario', 'Statistiche', 'Domande']);
    await openView(page, 'calendar');
    assert.equal(await page.locator('#calendar-type').inputValue(), TYPE);
    assert.equal(await page.locator('#weekly-0-capacity').inputValue(), '6');
    await page.locator('#weekly-0-capacity').fill('9');
    await addClosure(page, closed);
    // Part of a day: one time alone is not enough.
    await page.locator('#closure-date').fill(days[2]);
    await page.locator('#closure-from').fill('09:00');
    await page.locator('#closure-add').click();
    await page.locator('#closure-to-error').waitFor();
    await page.locator('#closure-to').fill('10:00');
    await page.locator('#closure-add').click();
    await page.locator('.closure', { hasText: '09:00–10:00' }).waitFor();

    await page.locator('#preview-week').fill(closed);
    await page.locator('#preview-week').dispatchEvent('change');
    await page.locator('#preview-show').click();
    await page.locator('#preview-summary').waitFor();
    assert.ok(await page.locator('.preview-slot.is-changed').count() > 0, 'seats changed are marked');
    assert.match(await page.locator('.preview-slot.is-changed').first().textContent(), /9 \+ 2.*prima 6 \+ 2/);
    const closedColumn = page.locator('.preview-day', { has: page.locator('.is-removed') });
    assert.ok(await closedColumn.count() >= 1, 'the closed day loses its slots');
    assert.equal(await page.locator('.preview-day .is-added').count(), 0);
    assert.equal((await availability(open))[0].free, 6, 'a preview saves nothing');
    await checkAccessibility(page, 'calendar editor with preview');
    await screenshot(page, 'staff-calendar');

    await page.locator('#calendar-save').click();
    await page.locator('#calendar-message .alert-success').waitFor();
    assert.equal(await page.locator('#dirty-note').textContent(), '');
    assert.equal((await availability(open))[0].free, 9, 'applicants see the new seats at once');
    assert.deepEqual(await availability(closed), [], 'and no slot on the closed day');
    const partly = (await availability(days[2])).map((slot) => slot.start.slice(11, 16));
    assert.ok(partly.length > 0 && partly.every((time) => time >= '10:00'), `closed from 9 to 10 only: ${partly}`);
    checkNoProblems(page);
    await page.close();
  });

  test('a change that would strand booked appointments lists them and needs an explicit choice', async () => {
    const day = days[3];
    const [slot] = (await availability(day));
    const booking = await bookByApi(server, 'roma', { type: TYPE, start: slot.start, application_id: DEMO.roma.id, tax_code: DEMO.roma.taxCode });
    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'mgr.roma');
    await openView(page, 'calendar');
    await addClosure(page, day);
    await page.locator('#calendar-save').click();
    await page.locator('#stranded').waitFor();
    assert.match(await page.locator('#stranded').textContent(), new RegExp(booking.code));
    assert.match(await page.locator('#stranded .alert-title').textContent(), /: 1$/);
    await checkAccessibility(page, 'stranded bookings');

    await page.locator('#stranded-keep').click();
    await page.locator('#calendar-message .alert-info').waitFor();
    const token = await staffToken(server, 'mgr.roma');
    let stored = await staffApi(server, token, '/api/v1/staff/desks/roma/calendar');
    assert.ok(!stored.json.closures.includes(day), 'keeping the calendar saves nothing');

    await page.locator('#calendar-save').click();
    await page.locator('#stranded-force').click();
    await page.locator('#calendar-message .alert-success').waitFor();
    assert.match(await page.locator('#calendar-message').textContent(), /fuori calendario: 1/);
    stored = await staffApi(server, token, '/api/v1/staff/desks/roma/calendar');
    assert.ok(stored.json.closures.includes(day));
    const kept = await staffApi(server, token, `/api/v1/staff/bookings/${booking.code}`);
    assert.equal(kept.json.status, 'booked', 'forced: the appointment stays booked');
    const sheet = await staffApi(server, token, `/api/v1/staff/desks/roma/bookings?date=${day}`);
    assert.equal(sheet.json.bookings.length, 1, 'and still on the day sheet of a closed day');
    checkNoProblems(page);
    await page.close();
  });

  test('an invalid change is refused: each error in Italian next to its field, and a list that leads to it', async () => {
    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'mgr.roma');
    await openView(page, 'calendar');
    await page.locator('#weekly-0-to').fill('08:00');
    await page.locator('#weekly-0-capacity').fill('0');
    await page.locator('#weekly-0-staff').fill('0');
    await page.locator('#calendar-save').click();
    await page.locator('#calendar-message .alert-danger').waitFor();
    assert.equal(await page.locator('#weekly-0-to-error').textContent(), "L'orario di fine deve venire dopo quello di inizio.");
    assert.equal(await page.getAttribute('#weekly-0-to', 'aria-invalid'), 'true');
    assert.equal(await page.locator('#weekly-0-capacity-error').textContent(), 'Serve almeno un posto, online o riservato al personale.');
    const list = await page.locator('#calendar-message').textContent();
    assert.match(list, /Lavoro: documenti[^·]* · Fascia 1 · Alle: L'orario di fine/);
    assert.doesNotMatch(list, /must|types\.|weekly\[/, 'no English, no field paths');
    await checkAccessibility(page, 'invalid calendar');
    await page.locator('#calendar-message a', { hasText: 'Alle' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'weekly-0-to', 'the list leads to the field');
    await page.locator('#calendar-reset').click();
    assert.equal(await page.locator('#weekly-0-to').inputValue(), '13:00');

    // Opening hours that overlap: the error is on the whole group.
    await page.locator('#weekly-add').click();
    await page.locator('#calendar-save').click();
    await page.locator('#calendar-message .alert-danger').waitFor();
    const group = page.locator('fieldset.opening.has-error');
    assert.equal(await group.count(), 1);
    assert.match(await group.locator('.group-error').textContent(), /^Si sovrappone alla fascia 1 il lunedì\.$/);
    assert.match(await group.locator('legend').first().textContent(), /Fascia 3/, 'the rule added');

    // Another language keeps the edits, and says the errors in it.
    await chooseLanguage(page, 'en');
    await page.waitForFunction(() => document.getElementById('calendar-save')?.textContent === 'Save the calendar');
    assert.equal(await page.locator('#dirty-note').textContent(), 'There are unsaved changes.');
    await page.locator('#calendar-save').click();
    await page.locator('#calendar-message .alert-danger').waitFor();
    assert.match(await page.locator('fieldset.opening.has-error .group-error').textContent(), /^Overlaps opening hours 1 on Monday\.$/);
    checkNoProblems(page);
    await page.close();
  });

  test('leaving the editor with unsaved edits asks first; staying keeps them', async () => {
    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'mgr.roma');
    await openView(page, 'calendar');
    const seats = await page.locator('#weekly-0-capacity').inputValue();
    await page.locator('#weekly-0-capacity').fill('3');
    await page.locator('#console-links a[href="#day"]').click();
    await page.locator('dialog[open]').waitFor();
    assert.match(await page.locator('dialog[open] h2').textContent(), /Uscire senza salvare/);
    await checkAccessibility(page, 'leave without saving?');
    await page.locator('dialog[open] [data-answer="no"]').click();
    assert.match(await page.evaluate(() => location.hash), /^#calendar/, 'the address is the editor again');
    assert.equal(await page.locator('#weekly-0-capacity').inputValue(), '3', 'the edits are still there');

    await page.locator('#console-links a[href="#day"]').click();
    await page.locator('dialog[open] [data-answer="yes"]').click();
    await page.locator('#day-sheet').waitFor();
    await openView(page, 'calendar');
    assert.equal(await page.locator('#weekly-0-capacity').inputValue(), seats, 'left without saving: nothing saved');

    // Closing the tab with unsaved edits: the browser asks.
    await page.locator('#weekly-0-capacity').fill('4');
    const asked = page.waitForEvent('dialog');
    await page.close({ runBeforeUnload: true });
    const dialog = await asked;
    assert.equal(dialog.type(), 'beforeunload');
    await dialog.accept();
  });

  test('a change that strands bookings can move each to the nearest free seat, or cancel them; the result is listed', async () => {
    const book = async (who, day) => bookByApi(server, 'roma',
      { type: TYPE, start: (await availability(day))[0].start, application_id: who.id, tax_code: who.taxCode });
    const moved = await book(MOVED, days[4]);
    const cancelled = await book(CANCELLED, days[5]);
    const token = await staffToken(server, 'mgr.roma');
    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'mgr.roma');
    await openView(page, 'calendar');

    await addClosure(page, days[4]);
    await page.locator('#calendar-save').click();
    await page.locator('#stranded').waitFor();
    // Also the appointment kept on a closed day above: every stranded one is moved.
    const stranded = await page.locator('#stranded tbody tr').count();
    assert.ok(await page.locator(`#stranded tbody tr[data-code="${moved.code}"]`).count() === 1);
    await page.locator('#stranded-move').click();
    await page.locator('#calendar-message .alert-success').waitFor();
    const result = page.locator(`#calendar-message tr[data-code="${moved.code}"]`);
    assert.equal(await result.getAttribute('data-outcome'), 'moved');
    const now = await staffApi(server, token, `/api/v1/staff/bookings/${moved.code}`);
    assert.equal(now.json.status, 'booked');
    assert.notEqual(now.json.start.slice(0, 10), days[4], 'moved off the closed day');
    assert.match(await result.textContent(), /Spostato: /);
    assert.match(await page.locator('#calendar-message').textContent(), new RegExp(`Spostati: ${stranded} · annullati: 0 · rimasti fuori calendario: 0`));
    await checkAccessibility(page, 'stranded moved');

    await addClosure(page, days[5]);
    await page.locator('#calendar-save').click();
    await page.locator('#stranded').waitFor();
    const toCancel = await page.locator('#stranded tbody tr').count();  // with those just moved there, if any
    await page.locator('#stranded-cancel').click();
    await page.locator('dialog[open]').waitFor();
    assert.equal(await page.locator('dialog[open] h2').textContent(),
      toCancel === 1 ? "Annullare l'appuntamento?" : `Annullare ${toCancel} appuntamenti?`);
    await page.locator('dialog[open] [data-answer="yes"]').click();
    await page.locator('#calendar-message .alert-success').waitFor();
    assert.equal(await page.locator(`#calendar-message tr[data-code="${cancelled.code}"]`).getAttribute('data-outcome'), 'cancelled');
    assert.match(await page.locator(`#calendar-message tr[data-code="${cancelled.code}"]`).textContent(), /Annullato/);
    assert.equal((await staffApi(server, token, `/api/v1/staff/bookings/${cancelled.code}`)).json.status, 'cancelled');
    checkNoProblems(page);
    await page.close();
  });

  test('the waiting list and the reconfirmation of a type are set, checked and taken off again', async () => {
    const token = await staffToken(server, 'mgr.roma');
    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'mgr.roma');
    await openView(page, 'calendar');
    await page.locator('#setting-waitlist_offer_minutes').fill('45');
    await page.locator('#setting-reconfirm_from_days').fill('3');
    await page.locator('#setting-reconfirm_until_days').fill('5');
    await page.locator('#calendar-save').click();
    await page.locator('#calendar-message .alert-danger').waitFor();
    assert.equal(await page.locator('#setting-reconfirm_until_days-error').textContent(),
      'Deve essere un numero di giorni minore di «Conferma richiesta da».');
    assert.match(await page.locator('#calendar-message').textContent(), /Lavoro: documenti[^·]* · Conferma entro \(giorni prima\)/);
    await checkAccessibility(page, 'calendar editor: reconfirmation days refused');
    await page.locator('#setting-reconfirm_until_days').fill('1');
    await page.locator('#calendar-save').click();
    await page.locator('#calendar-message .alert-success').waitFor();
    let stored = (await staffApi(server, token, '/api/v1/staff/desks/roma/calendar')).json.types[TYPE];
    assert.equal(stored.waitlist_offer_minutes, 45);
    assert.deepEqual(stored.reconfirm, { from_days: 3, until_days: 1 });

    await page.locator('#setting-reconfirm_from_days').fill('');
    await page.locator('#setting-reconfirm_until_days').fill('');
    await page.locator('#setting-waitlist_offer_minutes').fill('');
    await page.locator('#calendar-save').click();
    await page.locator('#calendar-message .alert-success').waitFor();
    stored = (await staffApi(server, token, '/api/v1/staff/desks/roma/calendar')).json.types[TYPE];
    assert.ok(!stored.reconfirm, JSON.stringify(stored));
    assert.ok(!stored.waitlist_offer_minutes, 'no waiting list');
    checkNoProblems(page);
    await page.close();
  });
});
