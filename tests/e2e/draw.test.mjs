// Fair release, as applicants and desk staff meet it. Roma's work-documents appointments get a release
// rule that opened next month's draw window a minute ago: the booking page says until when requests
// are collected, that asking early gives nothing, and the seed's hash; two applicants request seats
// there (one a given day, one any day, in Italian and in English; asking twice is refused in the
// page's words) and keep the link to their request's page, which says when the draw takes place.
// The window then closes (the server restarted after it, whose first pass draws): the request's page
// shows the appointment won and the seed with how to check it, the winner's confirmation e-mail
// arrives (a real SMTP server), and the console's "Estrazioni" lists the requests in draw order.
// axe-core on every view. No step depends on the day the suite runs: the rule is computed from the
// test clock, which is moved back to the 28th when the month's day is past it (day_of_month is 1–28).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

const DESK = 'roma';
const TYPE = 'lavoro-documenti';
const DRAW_MINUTES = 30;

// The parts of an instant at the desk (Europe/Rome).
function romeParts(ms) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(ms));
  const part = (type) => Number(parts.find((p) => p.type === type).value);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute') };
}
{
  // A release opens on day 1–28 of a month: from the 29th on, this suite's clock starts on the 28th.
  const start = Date.parse(process.env.SPORTELLO_TEST_NOW || '2026-11-23T10:07:00+01:00');
  const { day } = romeParts(start);
  if (day > 28) process.env.SPORTELLO_TEST_NOW = new Date(start - (day - 28) * 86400_000).toISOString();
}
const { Browser, DESKTOP, checkNoProblems } = await import('./support/browser.mjs');
const { openView, restartAt, signIn } = await import('./support/console.mjs');
const { taxCode } = await import('./support/data.mjs');
const { atStep, chooseLanguage, look } = await import('./support/flows.mjs');
const { MailSink, freePort } = await import('./support/mail.mjs');
const { Server } = await import('./support/server.mjs');
const { testNow } = await import('./support/test-clock.mjs');

const person = (id, first15, email) => ({ id, taxCode: taxCode(first15), email });
const DAY_ASKER = person('E2E-DR-0001', 'NGMBRN90A01Z343', 'day.asker@example.org');   // a given day, then any
const ANY_ASKER = person('E2E-DR-0002', 'DIOMMD85B02Z336', 'any.asker@example.org');   // any day, in English

let server;
let browser;
let mail;
let port;
let rule;           // the release rule given to the calendar
let drawMonth;      // "YYYY-MM": the month of the draw under way
let wantedDay;      // the day DAY_ASKER asks for first
const links = {};   // each applicant's request link (/draw#…)

const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const pad = (n) => String(n).padStart(2, '0');

// Next month's opening is today, a minute ago (or at midnight, when the day has just begun).
function releaseRule() {
  const now = romeParts(testNow() - 60_000);
  const today = romeParts(testNow());
  const at = now.day === today.day ? `${pad(now.hour)}:${pad(now.minute)}` : '00:00';
  return { day_of_month: today.day, at, months_ahead: 1, draw_minutes: DRAW_MINUTES };
}

// The month after the test clock's, and a Tuesday, Wednesday or Thursday from its 10th (no holiday
// falls there at Roma), for the preference of a given day.
function nextMonthAndDay() {
  const { year, month } = romeParts(testNow());
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  let day = 10;
  while (![2, 3, 4].includes(new Date(Date.UTC(next.year, next.month - 1, day)).getUTCDay())) day += 1;
  return { month: `${next.year}-${pad(next.month)}`, day: `${next.year}-${pad(next.month)}-${pad(day)}` };
}

async function requestOf(link) {
  const params = new URLSearchParams(new URL(link, server.base).hash.slice(1));
  return server.api(`/api/v1/releases/requests/${encodeURIComponent(params.get('id'))}`, { headers: { 'X-Draw-Token': params.get('token') } });
}

// On the booking page (?desk&type: the application step), the draw under way and its request form.
async function openRequestForm(page, language) {
  await page.goto(server.url(`/?desk=${DESK}&type=${TYPE}`));
  await atStep(page, language === 'it' ? 'pratica' : /application/i);
  await page.locator('#release-drawing').waitFor();
  await page.locator('#open-draw-step').click();
  await atStep(page, language === 'it' ? "Chiedi un posto nell'estrazione" : 'Request a seat in the draw');
}

async function sendRequest(page, who) {
  await page.locator('#application-id').fill(who.id);
  await page.locator('#tax-code').fill(who.taxCode);
  await page.locator('#send-draw-request').click();
}

before(async () => {
  mail = await MailSink.start();
  port = await freePort();
  rule = releaseRule();
  ({ month: drawMonth, day: wantedDay } = nextMonthAndDay());
  server = await Server.start({
    port,
    args: mail.serveArgs(`http://127.0.0.1:${port}`),
    users: ['op.roma'],
    editCalendar: (desk, calendar) => {
      if (desk === DESK) calendar.types[TYPE].release = rule;
    },
    applications: [DAY_ASKER, ANY_ASKER].map((who) => `${who.id},${DESK},${who.taxCode},${who.email},,${TYPE},In istruttoria`),
  });
  browser = await Browser.launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await mail?.stop();
});

describe('fair release', () => {
  test('the booking page explains the draw under way, and a request for a given day gives a number and a private link', async () => {
    const releases = await server.api(`/api/v1/desks/${DESK}/releases?type=${TYPE}`);
    const drawing = releases.json.releases.find((r) => r.state === 'drawing');
    assert.ok(drawing, `a draw window open now: ${releases.text}`);
    assert.deepEqual(drawing.months, [drawMonth]);
    const page = await browser.page();
    await openRequestForm(page, 'it');
    const panel = await page.locator('#release-drawing').textContent();
    assert.match(panel, /Le richieste si raccolgono fino alle \d\d:\d\d/);
    assert.match(panel, /Chiedere prima non dà alcun vantaggio/);
    assert.ok(panel.includes(drawing.seed_hash), 'the seed hash is shown');
    await look(page, 'draw-request');
    // A given day first, then any day; the application as on the booking form.
    await page.locator('#pref-day-1').selectOption(wantedDay);
    await page.locator('#add-preference').click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'pref-day-2', 'focus on the new preference');
    await page.locator('#pref-day-2').selectOption('any');
    assert.ok(await page.locator('#pref-part-2').isDisabled(), 'no part of the day for any day');
    // A wrong tax code is caught before anything is sent.
    await sendRequest(page, { ...DAY_ASKER, taxCode: 'RSSMRA85T10A562X' });
    await page.locator('#tax-code-error').waitFor();
    await sendRequest(page, DAY_ASKER);
    await atStep(page, 'Richiesta registrata');
    assert.match(await page.locator('#draw-request-number').textContent(), /Numero della richiesta: \S+/);
    const href = await page.locator('#draw-link').getAttribute('href');
    assert.match(href, /^\/draw#id=[^&]+&token=[^&]+&desk=roma$/, 'the token in the fragment, never in a query');
    links.day = href;
    await look(page, 'draw-requested');
    // The request's page: the draw is to come.
    await page.locator('#draw-link').click();
    await page.locator('#request-facts').waitFor();
    const text = await page.locator('#draw').textContent();
    assert.match(text, /L'estrazione si fa alle \d\d:\d\d/);
    assert.match(text, /Preferenze/);
    assert.equal((await requestOf(href)).json.state, 'waiting');
    assert.deepEqual((await requestOf(href)).json.preferences, [wantedDay, 'any']);
    await look(page, 'draw-waiting');
    checkNoProblems(page);
    await page.close();
  });

  test('in English, a request for any day; asking again is refused in the page\'s words', async () => {
    const page = await browser.page({ language: 'en' });
    await openRequestForm(page, 'en');
    await page.locator('#pref-day-1').selectOption('any');
    await sendRequest(page, ANY_ASKER);
    await atStep(page, 'Request recorded');
    links.any = await page.locator('#draw-link').getAttribute('href');
    // Once more, back on the form: one request per application and type.
    await page.goBack();
    await atStep(page, 'Request a seat in the draw');
    await page.locator('#pref-day-1').selectOption('any');
    await sendRequest(page, ANY_ASKER);
    await page.locator('.form-error-box').waitFor();
    assert.match(await page.locator('.form-error-box').textContent(), /already requested a seat in this draw/);
    await look(page, 'draw-already-requested', { shot: false });
    // The refusal follows the page's language.
    await chooseLanguage(page, 'fr');
    await atStep(page, 'Demander une place au tirage');  // the step drawn again in French
    await page.locator('#pref-day-1').selectOption('any');
    await sendRequest(page, ANY_ASKER);
    await page.waitForFunction(() => /déjà demandé une place/.test(document.querySelector('.form-error-box')?.textContent || ''));
    checkNoProblems(page);
    await page.close();
  });

  test('after the window closes the server draws: the request\'s page shows the appointment won and how to check the draw', async () => {
    const drawing = (await server.api(`/api/v1/desks/${DESK}/releases?type=${TYPE}`)).json.releases.find((r) => r.state === 'drawing');
    server = await restartAt(server, rfc3339(Date.parse(drawing.draw_closes_at) + 60_000), { port });
    const deadline = Date.now() + 20000;
    let request;
    for (;;) {
      request = (await requestOf(links.day)).json;
      if (request.state !== 'waiting' || Date.now() > deadline) break;
      await new Promise((done) => { setTimeout(done, 250); });
    }
    assert.equal(request.state, 'won', JSON.stringify(request));
    assert.ok(request.booking.start.startsWith(drawMonth), request.booking.start);
    const page = await browser.page({ viewport: DESKTOP });
    await page.goto(server.url(links.day));
    await page.locator('#draw-won').waitFor();
    const text = await page.locator('#draw').textContent();
    assert.match(text, /Hai ricevuto un appuntamento/);
    assert.ok(text.includes(request.booking.code), 'the booking code');
    assert.match(text, /conferma, con il link per gestire/);
    const order = await server.api(`/api/v1/desks/${DESK}/releases/${drawing.id}/draw`);
    assert.equal(order.status, 200, order.text);
    assert.equal(await page.locator('#draw-seed').textContent(), order.json.seed);
    assert.equal(await page.locator('.draw-verify a').getAttribute('href'), `/api/v1/desks/${DESK}/releases/${encodeURIComponent(drawing.id)}/draw`);
    await look(page, 'draw-won');
    // The winner's confirmation, with the manage link, by e-mail.
    const message = await mail.waitFor((m) => m.envelope_to.includes(DAY_ASKER.email) && m.text.includes(request.booking.code),
      { what: 'the confirmation of the appointment won' });
    assert.match(message.text, /\/manage#code=/);
    // The other applicant won too (seats enough for both), any day of the month.
    const other = (await requestOf(links.any)).json;
    assert.equal(other.state, 'won', JSON.stringify(other));
    checkNoProblems(page);
    await page.close();
  });

  test('the console\'s Estrazioni lists the release with its seed and the requests in draw order', async () => {
    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'op.roma');
    assert.ok(await page.locator('#console-nav a[href="#draws"]').isVisible(), 'Estrazioni in the menu');
    await openView(page, `draws?desk=${DESK}&type=${TYPE}`);
    const row = page.locator(`tr:has(th:text-is("${DAY_ASKER.id}"))`);
    await row.waitFor();
    const request = (await requestOf(links.day)).json;
    const cells = await row.locator('td, th').allTextContents();
    assert.equal(cells[0], String(request.order));
    assert.ok(cells.includes(request.booking.code), cells.join(' | '));
    assert.ok(cells.some((c) => c.includes('posto assegnato')), cells.join(' | '));
    assert.ok((await page.locator('.release-seed').first().textContent()).length >= 32, 'the seed once drawn');
    await look(page, 'staff-draws', { shot: true });
    checkNoProblems(page);
    await page.close();
  });
});
