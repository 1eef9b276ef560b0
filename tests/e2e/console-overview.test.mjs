// The national overview in the staff console: an administrator compares the pilot desks with the
// others month by month, reads each desk's figures and downloads the same rows as CSV; desk staff
// do not see it. The suite books at Roma (a pilot desk: two applicants book themselves, staff
// convene a third) and convenes one person at Milano, then starts the server again on the day of
// the Roma appointments, when the first two have begun: one came, one did not.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, DESKTOP, checkAccessibility, checkNoProblems, screenshot } from './support/browser.mjs';
import { downloadedText, openView, restartAt, signIn, staffApi, staffToken, viewReady } from './support/console.mjs';
import { taxCode } from './support/data.mjs';
import { bookByApi, chooseLanguage, freeSlots } from './support/flows.mjs';
import { Server } from './support/server.mjs';
import { addDays, today } from './support/test-clock.mjs';

const TYPE = 'lavoro-documenti';
const ROMA = ['E2E-RM-0901', 'E2E-RM-0902', 'E2E-RM-0903']
  .map((id, i) => ({ id, taxCode: taxCode(`VRDLCU8${i}A41H501`) }));
const MILANO = { id: 'E2E-MI-0901', taxCode: taxCode('BNCNNA75C50F205') };

let server;
let browser;
let listedOn;  // the day the applications were imported: bookable since then
let romaDay;   // the day of the Roma appointments
let milanoDay; // the day of the Milano convocation

before(async () => {
  listedOn = today();
  server = await Server.start({
    users: ['admin', 'op.roma', 'op.milano'],
    applications: [...ROMA.map((p) => `${p.id},roma,${p.taxCode},,,${TYPE},In istruttoria`),
      `${MILANO.id},milano,${MILANO.taxCode},,,${TYPE},In istruttoria`],
  });
  browser = await Browser.launch();
  // The first day with three free seats at Roma, ten minutes apart at least.
  const slots = await freeSlots(server, 'roma', TYPE);
  const day = slots.map((s) => s.start.slice(0, 10))
    .find((d) => slots.filter((s) => s.start.startsWith(d)).length >= 3);
  const [first, second, third] = slots.filter((s) => s.start.startsWith(day));
  romaDay = day;
  const codes = [];
  for (const [person, slot] of [[ROMA[0], first], [ROMA[1], second]]) {
    codes.push((await bookByApi(server, 'roma', { type: TYPE, start: slot.start, application_id: person.id,
      tax_code: person.taxCode })).code);
  }
  const roma = await staffToken(server, 'op.roma');
  const convened = await staffApi(server, roma, '/api/v1/staff/desks/roma/bookings',
    { method: 'POST', body: { type: TYPE, start: third.start, application_id: ROMA[2].id } });
  assert.equal(convened.status, 201, convened.text);
  const milano = await staffToken(server, 'op.milano');
  const from = today();
  const open = await staffApi(server, milano,
    `/api/v1/staff/desks/milano/availability?type=${TYPE}&from=${from}&to=${addDays(from, 13)}`);
  const seat = open.json.days.flatMap((d) => d.slots).find((s) => s.free > 0);
  milanoDay = seat.start.slice(0, 10);
  const made = await staffApi(server, milano, '/api/v1/staff/desks/milano/bookings',
    { method: 'POST', body: { type: TYPE, start: seat.start, application_id: MILANO.id } });
  assert.equal(made.status, 201, made.text);
  // A minute after the second Roma appointment began: the first person came, the second did not.
  server = await restartAt(server, new Date(Date.parse(second.start) + 60000).toISOString().replace(/\.\d{3}Z$/, 'Z'));
  const seen = await staffToken(server, 'op.roma');
  for (const [code, status] of [[codes[0], 'attended'], [codes[1], 'no_show']]) {
    const marked = await staffApi(server, seen, `/api/v1/staff/bookings/${code}/attendance`,
      { method: 'POST', body: { status } });
    assert.equal(marked.status, 200, marked.text);
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const monthOf = (day) => day.slice(0, 7);
const lastDay = (month) => {
  const [year, number] = month.split('-').map(Number);
  return new Date(Date.UTC(year, number, 0)).toISOString().slice(0, 10);
};
const italian = (value) => new Intl.NumberFormat('it-IT').format(value);
const daysBetween = (from, to) =>
  Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86400000);

// The seats a desk offers in `month`, as the desk's statistics count them.
async function seatsOffered(token, desk, month) {
  const stats = await staffApi(server, token,
    `/api/v1/staff/desks/${desk}/stats?from=${month}-01&to=${lastDay(month)}`);
  assert.equal(stats.status, 200, stats.text);
  return stats.json.days.reduce((sum, row) => sum + row.seats_offered, 0);
}

async function consolePage(user) {
  const page = await browser.page({ viewport: DESKTOP });
  await page.clock.setSystemTime(server.now());
  await signIn(page, server, user);
  return page;
}

describe('staff console: the national overview', () => {
  test('an admin compares the pilot desks with the others, month by month, and downloads the CSV', async () => {
    const month = monthOf(romaDay);
    const months = [month, monthOf(milanoDay)].sort();
    const admin = await staffToken(server, 'admin');
    const romaSeats = await seatsOffered(admin, 'roma', month);
    const pilotSeats = romaSeats + await seatsOffered(admin, 'latina', month);
    const waited = daysBetween(listedOn, romaDay);

    const page = await consolePage('admin');
    const links = await page.locator('#console-links a').allTextContents();
    assert.ok(links.includes('Panoramica nazionale'), links.join(', '));
    await openView(page, 'overview');
    await page.locator('#overview-from').fill(months[0]);
    await page.locator('#overview-to').fill(months[1]);
    await page.locator('#overview-form button[type="submit"]').click();
    await page.waitForFunction((hash) => location.hash === hash, `#overview?from=${months[0]}&to=${months[1]}`);
    await viewReady(page);
    await page.locator('#overview-groups').waitFor();

    const cellOf = (group, figure, m = month) =>
      page.locator(`#overview-groups tr[data-month="${m}"] td[data-group="${group}"][data-figure="${figure}"]`);
    const cell = (group, figure, m = month) => cellOf(group, figure, m).textContent();
    const groups = await page.locator('#overview-groups thead').textContent();
    assert.match(groups, /Sportelli pilota: Prefettura di Latina, Prefettura di Roma/);
    assert.match(groups, /Altri sportelli: Prefettura di Milano, Prefettura di Napoli/);
    assert.equal(await cell('pilot', 'self_booked'), '2');
    assert.equal(await cell('pilot', 'convened'), '1');
    assert.equal(await cell('pilot', 'no_show_rate'), '50%');
    assert.equal(await cell('pilot', 'days_median'), String(waited));
    assert.equal(await cell('pilot', 'seats'), `3 su ${italian(pilotSeats)}`);
    assert.equal(await cell('others', 'convened', monthOf(milanoDay)), '1');
    assert.equal(await cell('others', 'self_booked', monthOf(milanoDay)), '0');
    assert.equal(await cell('others', 'no_show_rate', monthOf(milanoDay)), '—', 'nobody marked at Milano yet');
    // Each number is read with its month, its group and its figure.
    const headers = await cellOf('pilot', 'convened').getAttribute('headers');
    for (const id of headers.split(' ')) assert.equal(await page.locator(`#${id}`).count(), 1, id);

    const romaRow = page.locator(`#overview-desks tr[data-desk="roma"][data-month="${month}"]`);
    assert.match(await romaRow.textContent(), /Prefettura di Roma/);
    assert.equal(await romaRow.locator('td[data-figure="attended"]').textContent(), '1');
    assert.equal(await romaRow.locator('td[data-figure="no_shows"]').textContent(), '1');
    assert.equal(await romaRow.locator('td[data-figure="seats_offered"]').textContent(), italian(romaSeats));
    const deskOrder = await page.locator('#overview-desks tbody tr')
      .evaluateAll((rows) => [...new Set(rows.map((r) => r.dataset.desk))]);
    assert.deepEqual(deskOrder, ['latina', 'roma', 'milano', 'napoli'], 'the pilot desks first');
    await checkAccessibility(page, 'national overview');
    await screenshot(page, 'staff-overview');

    const { name, text } = await downloadedText(page, '#overview-csv');
    assert.equal(name, `overview-${months[0]}-${months[1]}.csv`);
    const lines = text.split('\r\n');
    assert.equal(lines[0], 'desk,pilot,month,self_booked,convened,auto_convened,attended,no_shows,no_show_rate,'
      + 'days_to_appointment_median,days_to_appointment_p90,days_known,seats_offered,seats_used');
    assert.ok(lines.includes(`roma,true,${month},2,1,0,1,1,0.5,${waited},${waited},3,${romaSeats},3`), text);
    assert.equal(lines.filter((line) => line.startsWith('milano,false,')).length, new Set(months).size);
    assert.equal(lines.at(-1), '', 'every line ends with CRLF');

    await chooseLanguage(page, 'en');
    await page.waitForFunction(() => document.querySelector('#overview-groups caption')?.textContent
      === 'Pilot desks and the other desks, month by month');
    assert.equal(await cell('pilot', 'seats'), `3 of ${new Intl.NumberFormat('en-GB').format(pilotSeats)}`);
    checkNoProblems(page);
    await page.close();
  });

  test('desk staff neither see the overview nor may open it', async () => {
    const page = await consolePage('op.roma');
    assert.ok(!(await page.locator('#console-links a').allTextContents()).includes('Panoramica nazionale'));
    await openView(page, 'overview');
    assert.match(await page.locator('#main .alert-warning').textContent(), /riservata agli amministratori/);
    const token = await staffToken(server, 'op.roma');
    const month = monthOf(romaDay);
    const refused = await staffApi(server, token, `/api/v1/admin/overview?from=${month}&to=${month}`);
    assert.equal(refused.status, 403);
    assert.equal(refused.json.code, 'forbidden');
    checkNoProblems(page);
    await page.close();
  });
});
