// Nobody left stranded: an applicant who threw away the private link of their booking finds it again
// on a phone, in Spanish, with only the application number and the tax code, and moves the
// appointment to another time in a handful of steps. The link they had stops working.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, PHONE, checkNoProblems } from './support/browser.mjs';
import { clock, longDate } from './support/data.mjs';
import { bookByApi, changeableSlots, focused, look } from './support/flows.mjs';
import { DEMO, Server } from './support/server.mjs';

// "Under a minute" as a person on a phone lives it: few taps and few fields, never a stopwatch.
const MOST_INTERACTIONS = 12;

let server;
let browser;

before(async () => {
  server = await Server.start();
  browser = await Browser.launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Clicks and filled fields on `page`, counted as the person makes them.
function actions(page) {
  const made = [];
  return {
    click: async (locator, what) => { made.push(`click: ${what}`); await locator.click(); },
    fill: async (locator, value, what) => { made.push(`fill: ${what}`); await locator.fill(value); },
    made,
  };
}

describe('a lost link', () => {
  test('with the application number and tax code, a booking is found and moved on a phone, in Spanish', async () => {
    const slots = await changeableSlots(server, 'roma', DEMO.roma.type);
    const booking = await bookByApi(server, 'roma', {
      type: DEMO.roma.type, start: slots[0].start, application_id: DEMO.roma.id, tax_code: DEMO.roma.taxCode,
    });
    const oldLink = server.url(`/manage#code=${booking.code}&token=${booking.manage_token}`);

    // The link worked on the day of the booking.
    const before = await browser.page({ language: 'es', viewport: PHONE });
    await before.goto(oldLink);
    await before.locator('.receipt').waitFor();
    assert.equal((await before.locator('#booking-code').textContent()).trim(), booking.code);
    await before.close();

    // Then it is lost: a new browser with nothing stored, and only the application's papers at hand.
    const page = await browser.page({ language: 'es', viewport: PHONE });
    const act = actions(page);
    await page.goto(server.url('/'));
    await page.locator('#step-title').waitFor();
    assert.equal(await page.locator('h1').textContent(), 'Reservar una cita');

    await act.click(page.getByRole('navigation', { name: 'Servicios' }).getByRole('link', { name: 'Estado del expediente' }), 'the status page');
    await page.locator('#status-form').waitFor();
    await act.fill(page.getByLabel('Número de expediente', { exact: false }), DEMO.roma.id, 'application number');
    await act.fill(page.getByLabel('Código fiscal', { exact: false }), DEMO.roma.taxCode.toLowerCase(), 'tax code');
    await act.click(page.getByRole('button', { name: 'Ver el estado' }), 'see the status');
    await page.locator('#result-title').waitFor();
    assert.equal(await focused(page), 'result-title');
    const result = await page.locator('.result').textContent();
    assert.ok(result.includes(booking.code), `the booking in ${result}`);
    assert.ok(result.includes(`${longDate(booking.start, 'es-ES')}, ${clock(booking.start, 'es-ES')}`), result);
    await look(page, 'lost link: the application and its booking', { shot: false });

    await act.click(page.getByRole('button', { name: 'Cambiar o cancelar' }), 'move or cancel');
    await page.waitForURL(/\/manage#/);
    await page.locator('.receipt').waitFor();
    assert.equal((await page.locator('#booking-code').textContent()).trim(), booking.code);
    assert.equal(await page.locator('#view-title').textContent(), 'Su reserva');
    const fresh = new URLSearchParams(new URL(page.url()).hash.slice(1)).get('token');
    assert.ok(fresh && fresh !== booking.manage_token, 'a new link, in the address bar to keep');

    await act.click(page.getByRole('button', { name: 'Cambiar a otro día u hora' }), 'move');
    await page.locator('#move-title').waitFor();
    assert.equal(await page.locator('#move-title').textContent(), 'Cambiar la cita');
    await act.click(page.locator('button.cal-day-free').last(), 'a later day');
    const times = page.locator('.time-option input:not([disabled])');
    const target = await times.last().getAttribute('value');
    assert.notEqual(target, booking.start);
    await act.click(page.locator(`label[for="${await times.last().getAttribute('id')}"]`), 'a time');
    await act.click(page.locator('#choose-time'), 'continue');
    await page.locator('#confirm-move').waitFor();
    const question = await page.locator('.facts').textContent();
    assert.ok(question.includes(`${longDate(booking.start, 'es-ES')}, ${clock(booking.start, 'es-ES')}`), question);
    assert.ok(question.includes(`${longDate(target, 'es-ES')}, ${clock(target, 'es-ES')}`), question);
    await act.click(page.getByRole('button', { name: 'Confirmar el cambio' }), 'confirm');

    const notice = page.locator('.notice .alert');
    await notice.waitFor();
    assert.equal((await notice.textContent()).trim(),
      `Hecho: su cita es ahora el ${longDate(target, 'es-ES')} a las ${clock(target, 'es-ES')}.`);
    const receipt = await page.locator('.receipt').textContent();
    assert.ok(receipt.includes(longDate(target, 'es-ES')) && receipt.includes(clock(target, 'es-ES')), receipt);
    await look(page, 'lost link: the booking moved', { shot: false });
    assert.ok(act.made.length <= MOST_INTERACTIONS, `${act.made.length} interactions: ${act.made.join(', ')}`);
    checkNoProblems(page);

    // The server agrees, with the new link only; the old one opens nothing any more.
    const stored = await server.api(`/api/v1/bookings/${booking.code}`, { headers: { 'X-Booking-Token': fresh } });
    assert.equal(stored.status, 200);
    assert.equal(stored.json.start, target);
    assert.equal(stored.json.status, 'booked');
    const old = await server.api(`/api/v1/bookings/${booking.code}`, { headers: { 'X-Booking-Token': booking.manage_token } });
    assert.equal(old.status, 404);
    await page.close();

    const stale = await browser.page({ language: 'es', viewport: PHONE });
    await stale.goto(oldLink);
    const refusal = stale.locator('.notice .alert');
    await refusal.waitFor();
    assert.match(await refusal.textContent(), /No encontramos ninguna reserva con este código y este enlace/);
    assert.equal(await stale.locator('.receipt').count(), 0, 'no booking shown');
    checkNoProblems(stale);
    await stale.close();
  });
});
