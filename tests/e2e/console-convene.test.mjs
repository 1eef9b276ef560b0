// The staff console at work for applicants who are convened: a convocation on behalf of an
// application that takes a staff-only seat, and the statistics page that counts what happened.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, DESKTOP, checkAccessibility, checkNoProblems, screenshot } from './support/browser.mjs';
import { downloadedText, openView, restartAt, signIn, staffApi, staffToken } from './support/console.mjs';
import { taxCode } from './support/data.mjs';
import { bookByApi, changeableSlots } from './support/flows.mjs';
import { DEMO, Server } from './support/server.mjs';
import { addDays, today } from './support/test-clock.mjs';

const TYPE = 'lavoro-documenti';
const CONVENED = { id: 'E2E-RM-0201', taxCode: taxCode('RSSGNN75M01H501') };
const OTHERS = ['E2E-RM-0202', 'E2E-RM-0203', 'E2E-RM-0204'].map((id, i) => ({ id, taxCode: taxCode(`BNCMRC8${i}A01H501`) }));

let server;
let browser;
let operatorToken;

before(async () => {
  server = await Server.start({
    users: ['op.roma'],
    // Roma's morning hours with one online and one staff-only seat, so one booking fills the online seat.
    editCalendar: (desk, calendar) => {
      if (desk !== 'roma') return;
      Object.assign(calendar.types[TYPE].weekly[0], { capacity: 1, staff_capacity: 1 });
    },
    applications: [
      `${CONVENED.id},roma,${CONVENED.taxCode},giovanni.rossi@example.org,,${TYPE},Convocazione da fissare`,
      ...OTHERS.map((who) => `${who.id},roma,${who.taxCode},,,${TYPE},In istruttoria`),
    ],
  });
  browser = await Browser.launch();
  operatorToken = await staffToken(server, 'op.roma');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const availabilityOf = (desk, day) => server.api(`/api/v1/desks/${desk}/availability?type=${TYPE}&from=${day}&to=${day}`);

describe('staff console: convocations and statistics', () => {
  test('a convocation on behalf of an application uses the staff-only seat', async () => {
    const slots = await changeableSlots(server, 'roma', TYPE);
    const slot = slots.find((s) => s.free === 1);  // morning hours: one online seat, one staff-only seat
    const later = slots.filter((s) => s !== slot);
    await bookByApi(server, 'roma', { type: TYPE, start: slot.start, application_id: DEMO.roma.id, tax_code: DEMO.roma.taxCode });
    const day = slot.start.slice(0, 10);
    const online = (await availabilityOf('roma', day)).json.days[0].slots.find((s) => s.start === slot.start);
    assert.equal(online.free, 0, 'no online seat left for applicants');

    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'op.roma');
    await openView(page, 'convene');
    await page.locator('#convene-application').fill(CONVENED.id);
    await page.locator('#convene-form button[type="submit"]').click();
    await page.locator('#application-title').waitFor();
    assert.equal(await page.locator(`#convene-type-${TYPE}`).isChecked(), true, 'the one type it may book is chosen');
    const button = page.locator(`.slot-button[data-start="${slot.start}"]`);
    await button.waitFor();
    assert.match(await button.textContent(), /1 posto.*solo personale/, 'the staff-only seat is the one left');
    await checkAccessibility(page, 'convocation: slots');
    await screenshot(page, 'staff-convene');
    await button.click();
    await page.locator('#confirm-title').waitFor();
    await page.locator('#convene-submit').click();
    await page.locator('#convene-step .alert-success').waitFor();
    const text = await page.locator('#convene-step .alert-success').textContent();
    assert.match(text, /riceverà la convocazione per e-mail/);
    const title = await page.locator('#convene-step .alert-success .alert-title').textContent();
    const code = /^Convocazione registrata: ([A-Z0-9-]+)$/.exec(title)[1];
    assert.equal(await page.locator(`#convene-type-${TYPE}`).isDisabled(), true, 'the type just convened is booked now');
    assert.match(await page.locator('#convene-found .card-box').first().textContent(), new RegExp(code));
    await checkAccessibility(page, 'convocation done');

    const booking = await staffApi(server, operatorToken, `/api/v1/staff/bookings/${code}`);
    assert.equal(booking.json.start, slot.start);
    assert.equal(booking.json.channel, 'staff');
    assert.equal(booking.json.email, 'giovanni.rossi@example.org');
    const staffView = await staffApi(server, operatorToken,
      `/api/v1/staff/desks/roma/availability?type=${TYPE}&from=${day}&to=${day}`);
    assert.equal(staffView.json.days[0].slots.find((s) => s.start === slot.start).free, 0, 'both seats are taken now');
    const deliveries = await staffApi(server, operatorToken, `/api/v1/staff/bookings/${code}/deliveries`);
    assert.equal(deliveries.json.deliveries[0].kind, 'convocation', 'told as for a self-booking');

    // More data for the statistics: two more bookings, one attended, one no-show, one cancelled.
    const made = [];
    for (const [i, who] of OTHERS.entries()) {
      made.push(await bookByApi(server, 'roma', { type: TYPE, start: later[i].start, application_id: who.id, tax_code: who.taxCode }));
    }
    const cancelled = await server.api(`/api/v1/bookings/${made[2].code}/cancel`, { method: 'POST', headers: { 'X-Booking-Token': made[2].manage_token } });
    assert.equal(cancelled.status, 200);
    checkNoProblems(page);
    await page.close();

    // Attendance is taken from the appointment's day on: the desk opens again once both have begun.
    const begun = Math.max(...made.slice(0, 2).map((b) => Date.parse(b.start))) + 60000;
    server = await restartAt(server, new Date(begun).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    operatorToken = await staffToken(server, 'op.roma');
    for (const [booking, status] of [[made[0], 'attended'], [made[1], 'no_show']]) {
      const marked = await staffApi(server, operatorToken, `/api/v1/staff/bookings/${booking.code}/attendance`, { method: 'POST', body: { status } });
      assert.equal(marked.status, 200, marked.text);
    }
  });

  test('statistics per desk and period: totals, two charts, tables and CSV', async () => {
    const from = today();
    const to = addDays(from, 14);
    const stats = await staffApi(server, operatorToken, `/api/v1/staff/desks/roma/stats?from=${from}&to=${to}`);
    const total = (key) => stats.json.days.reduce((sum, row) => sum + row[key], 0);
    assert.equal(total('bookings'), 5);

    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'op.roma');
    await openView(page, `stats?desk=roma&from=${from}&to=${to}`);
    await page.locator('#stats-totals').waitFor();
    const tiles = await page.locator('#stats-totals .stat-value').allTextContents();
    assert.deepEqual(tiles.slice(0, 4), ['5', '1', '1', '1'], 'bookings, cancelled, attended, no-shows');
    assert.equal(tiles[5], String(total('seats_used')));
    // Numbers as Italian writes them: "5,8" days, "1.234" seats.
    assert.equal(tiles[4], new Intl.NumberFormat('it').format(total('seats_offered')));
    assert.match(tiles[6], /^\d+,\d$/, 'the average lead time with a decimal comma');
    assert.match(await page.locator('#stats-totals .stat-note').first().textContent(), /^\d+\s?% dei posti offerti$/);
    assert.equal(await page.locator('svg.chart[role="img"]').count(), 2);
    assert.ok(await page.locator('rect.bar-used').count() > 0);
    assert.equal(await page.locator('rect.bar-attended').count(), 1);
    assert.equal(await page.locator('rect.bar-no-show').count(), 1);
    assert.match(await page.locator('#stats-by-type').textContent(), /Lavoro: documenti/);
    await screenshot(page, 'staff-stats');
    await page.locator('.stats-days summary').click();
    assert.equal(await page.locator('#stats-by-day tbody tr').count(), new Set(stats.json.days.map((row) => row.date)).size);
    await checkAccessibility(page, 'statistics');
    const csv = await downloadedText(page, '#stats-csv');
    const lines = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
    assert.equal(lines[0], 'date,type,bookings,cancellations,attended,no_shows,seats_offered,seats_used,average_lead_days,'
      + 'waited_p50_minutes,waited_p90_minutes,served_p50_minutes,ratings_1,ratings_2,ratings_3,ratings_4,ratings_5,rating_mean');
    assert.equal(lines.length, stats.json.days.length + 1);
    assert.ok(lines.slice(1).every((line) => /^[^,]*,[^,]*(,\d+){6},(\d+(\.\d+)?)?(,(\d+(\.\d+)?)?){9}$/.test(line)), 'the CSV keeps plain numbers');
    checkNoProblems(page);
    await page.close();

    const english = await browser.page({ viewport: DESKTOP, language: 'en' });
    await signIn(english, server, 'op.roma');
    await openView(english, `stats?desk=roma&from=${from}&to=${to}`);
    await english.locator('#stats-totals').waitFor();
    const values = await english.locator('#stats-totals .stat-value').allTextContents();
    assert.match(values[6], /^\d+\.\d$/, 'and a decimal point in English');
    assert.equal(values[4], new Intl.NumberFormat('en').format(total('seats_offered')));
    checkNoProblems(english);
    await english.close();
  });
});
