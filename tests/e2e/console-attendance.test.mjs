// Attendance on the day of the visit, in the staff console: marks from the appointment's day on,
// counts that follow them, a same-day undo, "mark everyone still expected as no-show", and a day
// sheet that refreshes by itself. The suite convenes six people, then starts the server again
// later on the first of those days (restartAt), when four of the appointments have begun, one
// has not, and one is on a later day.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, DESKTOP, checkAccessibility, checkNoProblems } from './support/browser.mjs';
import { openView, restartAt, signIn, staffApi, staffToken } from './support/console.mjs';
import { taxCode } from './support/data.mjs';
import { Server } from './support/server.mjs';
import { addDays, today } from './support/test-clock.mjs';

const TYPE = 'lavoro-documenti';
const PEOPLE = ['E2E-RM-0501', 'E2E-RM-0502', 'E2E-RM-0503', 'E2E-RM-0504', 'E2E-RM-0505', 'E2E-RM-0506']
  .map((id, i) => ({ id, taxCode: taxCode(`GLLMRT7${i}A41H501`), email: `persona${i}@example.org` }));

let server;
let browser;
let day;          // the day of the visit, "today" once the server starts again
let laterDay;     // a later day with an appointment
// first, second, early, alsoEarly (begun), third (later that day), later (another day)
const codes = {};

before(async () => {
  server = await Server.start({
    users: ['op.roma', 'mgr.roma', 'admin'],
    applications: PEOPLE.map((p) => `${p.id},roma,${p.taxCode},${p.email},,${TYPE},In istruttoria`),
  });
  browser = await Browser.launch();
  const token = await staffToken(server, 'op.roma');
  const from = today();
  const answer = await staffApi(server, token, `/api/v1/staff/desks/roma/availability?type=${TYPE}&from=${from}&to=${addDays(from, 13)}`);
  assert.equal(answer.status, 200, answer.text);
  const days = answer.json.days.map((d) => ({ date: d.date, slots: d.slots.filter((s) => s.free > 0) }));
  // The first day with three free times, the first two 10 minutes apart at least, and a later day.
  const first = days.findIndex((d) => d.slots.length >= 3 && Date.parse(d.slots[1].start) - Date.parse(d.slots[0].start) >= 600000);
  const next = days.findIndex((d, i) => i > first && d.slots.length);
  assert.ok(first >= 0 && next > first, 'two days with free times');
  day = days[first].date;
  laterDay = days[next].date;
  const convene = async (who, start) => {
    const made = await staffApi(server, token, '/api/v1/staff/desks/roma/bookings',
      { method: 'POST', body: { type: TYPE, start, application_id: who.id } });
    assert.equal(made.status, 201, made.text);
    return made.json.code;
  };
  const [s0, s1, s2] = days[first].slots;
  codes.first = await convene(PEOPLE[0], s0.start);
  codes.second = await convene(PEOPLE[1], s1.start);
  codes.third = await convene(PEOPLE[2], s2.start);
  codes.later = await convene(PEOPLE[3], days[next].slots[0].start);
  codes.early = await convene(PEOPLE[4], s0.start);
  codes.alsoEarly = await convene(PEOPLE[5], s1.start);
  // One minute after the second appointment began: the third has not begun yet.
  server = await restartAt(server, new Date(Date.parse(s1.start) + 60000).toISOString().replace(/\.\d{3}Z$/, 'Z'));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const row = (page, code) => page.locator(`tr[data-code="${code}"]`);
const count = (page, name) => page.locator(`#day-summary [data-count="${name}"]`).textContent();

// A console page whose clock reads the restarted server's.
async function consolePage(user = 'op.roma', options = {}) {
  const page = await browser.page({ viewport: DESKTOP, ...options });
  await page.clock.setSystemTime(server.now());
  await signIn(page, server, user);
  return page;
}

describe('staff console: attendance on the day', () => {
  test('marks are taken from the appointment\'s day on, and the counts follow them', async () => {
    const page = await consolePage();
    assert.equal(await page.locator('#day-date').inputValue(), day, 'today is the day of the visit');
    await row(page, codes.first).waitFor();
    assert.equal(await count(page, 'total'), 'Appuntamenti: 5');
    assert.equal(await count(page, 'booked'), 'Ancora attesi: 5');

    await row(page, codes.first).locator('button[data-status="attended"]').click();
    await row(page, codes.first).locator('button[data-status="attended"][aria-pressed="true"]').waitFor();
    assert.match(await row(page, codes.first).textContent(), /Presentato/);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-pressed')), 'true',
      'focus stays on the button pressed, in the redrawn row');
    assert.equal(await count(page, 'booked'), 'Ancora attesi: 4');
    assert.equal(await count(page, 'attended'), 'Presentato: 1');
    await row(page, codes.second).locator('button[data-status="no_show"]').click();
    await row(page, codes.second).locator('button[data-status="no_show"][aria-pressed="true"]').waitFor();
    assert.equal(await count(page, 'booked'), 'Ancora attesi: 3');
    assert.equal(await count(page, 'no_show'), 'Non presentato: 1');
    assert.equal(await count(page, 'total'), 'Appuntamenti: 5', 'every appointment of the day, marked or not');
    await checkAccessibility(page, 'day sheet with marks');

    const token = await staffToken(server, 'op.roma');
    assert.equal((await staffApi(server, token, `/api/v1/staff/bookings/${codes.first}`)).json.status, 'attended');
    assert.equal((await staffApi(server, token, `/api/v1/staff/bookings/${codes.second}`)).json.status, 'no_show');

    // A later day: nothing to mark yet.
    await openView(page, `day?desk=roma&date=${laterDay}`);
    await row(page, codes.later).waitFor();
    assert.equal(await row(page, codes.later).locator('button[data-status]').count(), 0);
    assert.match(await row(page, codes.later).textContent(), /Dal giorno dell'appuntamento/);
    checkNoProblems(page);
    await page.close();
  });

  test('the day sheet refreshes by itself: a mark made at another counter shows up, focus stays', async () => {
    const page = await consolePage();
    await row(page, codes.early).waitFor();
    const expected = Number((await count(page, 'booked')).match(/\d+/)[0]);
    await page.locator('#day-csv').focus();

    const token = await staffToken(server, 'mgr.roma');  // another person at the desk
    const marked = await staffApi(server, token, `/api/v1/staff/bookings/${codes.early}/attendance`,
      { method: 'POST', body: { status: 'attended' } });
    assert.equal(marked.status, 200, marked.text);
    await page.clock.fastForward('00:31');  // the sheet's own refresh comes due; no reload
    await row(page, codes.early).locator('button[data-status="attended"][aria-pressed="true"]').waitFor();
    assert.match(await row(page, codes.early).textContent(), /Presentato/);
    assert.equal(await count(page, 'booked'), `Ancora attesi: ${expected - 1}`);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'day-csv', 'focus is where it was');
    checkNoProblems(page);
    await page.close();
  });

  test('walk-in: the person at the counter is marked present from the search, on the day', async () => {
    const page = await consolePage();
    await page.locator('#walkin-query').fill(codes.later);
    await page.locator('#walkin-form button[type="submit"]').click();
    await page.locator('.walkin-card').waitFor();
    assert.equal(await page.locator('.walkin-card button[data-status]').count(), 0, 'not on a later day');
    assert.match(await page.locator('.walkin-card').textContent(), /Dal giorno dell'appuntamento/);

    await page.locator('#walkin-query').fill(codes.second);
    await page.locator('#walkin-form button[type="submit"]').click();
    await page.waitForFunction((code) => document.querySelector('.walkin-card h3')?.textContent.includes(code), codes.second);
    await page.locator('.walkin-card button[data-status="attended"]').click();
    await row(page, codes.second).locator('button[data-status="attended"][aria-pressed="true"]').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'day-heading', 'the day of that booking, focused');
    checkNoProblems(page);
    await page.close();
  });

  test('a mark made today can be undone, and the undo is recorded', async () => {
    const page = await consolePage();
    await row(page, codes.first).waitFor();
    const expected = Number((await count(page, 'booked')).match(/\d+/)[0]);
    assert.equal(await row(page, codes.third).locator('[data-control="undo"]').count(), 0, 'nothing to undo');
    const undo = row(page, codes.first).locator('[data-control="undo"]');
    assert.equal(await undo.getAttribute('aria-label'), `Annulla il segno: ${codes.first}`);
    await undo.click();
    await row(page, codes.first).locator('button[data-status="attended"][aria-pressed="false"]').waitFor();
    assert.match(await row(page, codes.first).textContent(), /Prenotato/);
    assert.equal(await row(page, codes.first).locator('[data-control="undo"]').count(), 0);
    assert.equal(await count(page, 'booked'), `Ancora attesi: ${expected + 1}`);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.status), 'attended', 'focus stays in the row');
    await checkAccessibility(page, 'day sheet after an undo');

    const token = await staffToken(server, 'op.roma');
    assert.equal((await staffApi(server, token, `/api/v1/staff/bookings/${codes.first}`)).json.status, 'booked');
    const admin = await staffToken(server, 'admin');
    const audit = await staffApi(server, admin, '/api/v1/admin/audit?desk=roma');
    assert.ok(audit.json.entries.some((entry) => entry.action === 'booking.attendance_undo' && entry.subject === codes.first));
    checkNoProblems(page);
    await page.close();
  });

  test('at the end of the day everyone still expected is marked as no-show, after a confirmation', async () => {
    const page = await consolePage();
    await row(page, codes.first).waitFor();
    // Begun and still expected: first (undone) and alsoEarly; third has not begun.
    await page.locator('#day-close').click();
    await page.locator('dialog[open]').waitFor();
    assert.match(await page.locator('dialog[open]').textContent(), /Segnare come assenti tutti quelli ancora attesi\?.*\(2\)/);
    await checkAccessibility(page, 'close the day?');
    await page.locator('dialog[open] [data-answer="no"]').click();
    assert.equal(await row(page, codes.alsoEarly).locator('button[aria-pressed="true"]').count(), 0, 'not confirmed: nothing marked');

    await page.locator('#day-close').click();
    await page.locator('dialog[open] [data-answer="yes"]').click();
    await page.locator('#day-message .alert-success').waitFor();
    assert.equal(await page.locator('#day-message .alert-title').textContent(), 'Segnati come assenti: 2.');
    for (const code of [codes.first, codes.alsoEarly]) {
      await row(page, code).locator('button[data-status="no_show"][aria-pressed="true"]').waitFor();
    }
    assert.match(await row(page, codes.third).textContent(), /Prenotato/, 'not begun: still expected');
    assert.equal(await count(page, 'booked'), 'Ancora attesi: 1');
    assert.equal(await page.locator('#day-close').count(), 0, 'nobody left to mark');
    await checkAccessibility(page, 'day closed');
    checkNoProblems(page);
    await page.close();
  });

  test('too early: attendance on a later day is refused with a clear message', async () => {
    const token = await staffToken(server, 'op.roma');
    const early = await staffApi(server, token, `/api/v1/staff/bookings/${codes.later}/attendance`,
      { method: 'POST', body: { status: 'attended' } });
    assert.equal(early.status, 409);
    assert.equal(early.json.code, 'too_early');
    // A console whose clock is already on that day offers the buttons; the desk's clock refuses.
    const page = await consolePage();
    await page.clock.setSystemTime(Date.parse(`${laterDay}T10:00:00+01:00`));
    await openView(page, `day?desk=roma&date=${laterDay}`);
    await row(page, codes.later).locator('button[data-status="attended"]').click();
    await row(page, codes.later).locator('.alert-danger').waitFor();
    assert.equal(await row(page, codes.later).locator('.alert-danger .alert-title').textContent(),
      "Non è ancora il giorno dell'appuntamento: la presenza si registra dal giorno stesso.");
    assert.match(await row(page, codes.later).textContent(), /Prenotato/);
    checkNoProblems(page);
    await page.close();
  });
});
