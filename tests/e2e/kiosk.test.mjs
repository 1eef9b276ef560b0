// The day of the visit: the check-in kiosk at the desk's entrance (/kiosk/roma, signed in with the
// desk's device account) and the waiting-room display (/display/roma). The suite convenes three
// people (one on a day with a later appointment too, one on a later day), then starts the server
// again ten minutes before the first appointment (restartAt), when its check-in window is open.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Browser, checkAccessibility, checkNoProblems, screenshot } from './support/browser.mjs';
import { restartAt, staffApi, staffToken } from './support/console.mjs';
import { taxCode } from './support/data.mjs';
import { DEMO, SOURCE_DIR, STAFF_PASSWORD, Server } from './support/server.mjs';
import { addDays, testNow, today } from './support/test-clock.mjs';

const { codeFromQr, normalizeCode } = await import(join(SOURCE_DIR, 'web/public/js/qr-scan.js'));

const TYPE = 'lavoro-documenti';
const PEOPLE = ['E2E-RM-0701', 'E2E-RM-0702', 'E2E-RM-0703']
  .map((id, i) => ({ id, taxCode: taxCode(`VSTKSK8${i}A41H501`) }));
const TABLET = { width: 1280, height: 800 };
const TV = { width: 1920, height: 1080 };
const SMALL_TV = { width: 1280, height: 720 };
const WRONG_CODE = 'RM-0000-0000-0000';

let server;
let browser;
// now: checks in at the first appointment of the day; early: an appointment 80 minutes or more
// later that day (its window is not open yet); later: another day.
const codes = {};

const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

before(async () => {
  server = await Server.start({
    users: ['op.roma', 'kiosk.roma'],
    applications: PEOPLE.map((p) => `${p.id},roma,${p.taxCode},,,${TYPE},In istruttoria`),
  });
  browser = await Browser.launch();
  const token = await staffToken(server, 'op.roma');
  const from = today();
  const answer = await staffApi(server, token, `/api/v1/staff/desks/roma/availability?type=${TYPE}&from=${from}&to=${addDays(from, 13)}`);
  assert.equal(answer.status, 200, answer.text);
  const soon = testNow() + 3600_000;  // the restart below moves the clock forward, never back
  const days = answer.json.days.map((d) => ({ date: d.date, slots: d.slots.filter((s) => s.free > 0 && Date.parse(s.start) > soon) }));
  // The first day with a free time and another one 80 minutes after it at least, and a later day.
  const gap = (d) => d.slots.find((s) => Date.parse(s.start) - Date.parse(d.slots[0]?.start) >= 80 * 60_000);
  const first = days.findIndex((d) => d.slots.length && gap(d));
  const next = days.findIndex((d, i) => i > first && d.slots.length);
  assert.ok(first >= 0 && next > first, 'two days with free times');
  const convene = async (who, start) => {
    const made = await staffApi(server, token, '/api/v1/staff/desks/roma/bookings',
      { method: 'POST', body: { type: TYPE, start, application_id: who.id } });
    assert.equal(made.status, 201, made.text);
    return made.json.code;
  };
  const start = days[first].slots[0].start;
  codes.now = await convene(PEOPLE[0], start);
  codes.early = await convene(PEOPLE[1], gap(days[first]).start);
  codes.later = await convene(PEOPLE[2], days[next].slots[0].start);
  server = await restartAt(server, rfc3339(Date.parse(start) - 10 * 60_000));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// A page whose clock reads the restarted server's; `init` runs in it before its own scripts.
async function openPage(path, { init, ...options } = {}) {
  const page = await browser.page(options);
  if (init) await page.addInitScript(...init);
  await page.clock.setSystemTime(server.now());
  await page.goto(server.url(path));
  return page;
}

async function signIn(page, username) {
  await page.locator('#login-form').waitFor();
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(STAFF_PASSWORD);
  await page.locator('#login-form button[type="submit"]').click();
}

// The tablet as desk staff set it up: /kiosk/roma, signed in with the device account.
async function kioskPage(options = {}) {
  const page = await openPage('/kiosk/roma', { viewport: TABLET, ...options });
  await signIn(page, 'kiosk.roma');
  await page.locator('#checkin-form').waitFor();
  return page;
}

// A camera and a BarcodeDetector (Chromium has one on Android, ChromeOS and macOS, not on Linux)
// that see a QR code holding `text`.
function cameraSeeing(text) {
  window.BarcodeDetector = class {
    static async getSupportedFormats() { return ['qr_code']; }
    async detect() { return [{ format: 'qr_code', rawValue: text }]; }
  };
  navigator.mediaDevices.enumerateDevices = async () => [{ kind: 'videoinput', deviceId: 'camera', groupId: '', label: '' }];
  navigator.mediaDevices.getUserMedia = async () => {
    const canvas = document.createElement('canvas');
    canvas.getContext('2d').fillRect(0, 0, 8, 8);
    return canvas.captureStream();
  };
}

async function checkIn(page, typed) {
  await page.locator('#booking-code').fill(typed);
  await page.locator('#checkin-submit').click();
}

// The refusal shown above the code field after checking in `typed`.
async function refusal(page, typed) {
  await checkIn(page, typed);
  const alert = page.locator('#checkin-error .alert');
  await alert.waitFor();
  return (await alert.textContent()).replace(/\s+/g, ' ');
}

async function ticketNumber(page) {
  await page.locator('#ticket-number').waitFor();
  return (await page.locator('#ticket-number').textContent()).trim();
}

describe('check-in kiosk', () => {
  test('booking codes are read as people type them and as the receipt\'s QR code holds them', () => {
    assert.equal(normalizeCode(' rm 7k3q 9xzd 4m2p '), 'RM-7K3Q-9XZD-4M2P');
    assert.equal(normalizeCode('rm-7k3q-9xzd-4m2p'), 'RM-7K3Q-9XZD-4M2P');
    assert.equal(normalizeCode('RM7K3Q9XZD4M2P'), 'RM-7K3Q-9XZD-4M2P');
    assert.equal(normalizeCode(' not a code '), 'not a code', 'sent as typed: the server says not_found');
    assert.equal(codeFromQr('RM-7K3Q-9XZD-4M2P'), 'RM-7K3Q-9XZD-4M2P', 'the receipt\'s QR code (receipt.js)');
    assert.equal(codeFromQr('https://example.org/manage#code=RM-7K3Q-9XZD-4M2P&token=abc'), 'RM-7K3Q-9XZD-4M2P');
    assert.equal(codeFromQr('https://example.org/c?code=rm-7k3q-9xzd-4m2p'), 'RM-7K3Q-9XZD-4M2P');
    assert.equal(codeFromQr('Prenotazione RM-7K3Q-9XZD-4M2P, 3 dicembre'), 'RM-7K3Q-9XZD-4M2P');
  });

  test('a person types the booking code and gets a queue number; the same code gives the same number', async () => {
    const page = await openPage('/kiosk/roma', { viewport: TABLET });
    await page.locator('#login-form').waitFor();
    await checkAccessibility(page, 'kiosk sign-in');
    await page.locator('#username').fill('kiosk.roma');
    await page.locator('#password').fill(`${STAFF_PASSWORD}!`);
    await page.locator('#login-form button[type="submit"]').click();
    await page.locator('#login-error .alert').waitFor();
    assert.match(await page.locator('#login-error').textContent(), /Nome utente o password non corretti/);
    await page.locator('#password').fill(STAFF_PASSWORD);
    await page.locator('#login-form button[type="submit"]').click();
    await page.locator('#checkin-form').waitFor();
    assert.equal(await page.locator('h1').textContent(), 'Registra il tuo arrivo');
    await checkAccessibility(page, 'kiosk start');
    await screenshot(page, 'kiosk-1-start');

    // As people type it: small letters, spaces for dashes.
    await checkIn(page, codes.now.toLowerCase().replaceAll('-', ' '));
    const number = await ticketNumber(page);
    assert.match(number, /^A\d{3}$/);
    const token = await staffToken(server, 'op.roma');
    const queue = await staffApi(server, token, '/api/v1/staff/desks/roma/queue');
    const ticket = queue.json.tickets.find((x) => x.booking_code === codes.now);
    assert.equal(ticket?.number, number, 'the number the desk calls');
    const facts = await page.locator('.kiosk-ticket').textContent();
    assert.match(facts, /Ricorda il numero e guarda lo schermo della sala/);
    if ('position' in ticket) assert.equal(await page.locator('#ticket-position').textContent(), String(ticket.position));
    if ('estimated_wait_minutes' in ticket) assert.ok(await page.locator('#ticket-wait').isVisible(), 'the estimated wait');
    await checkAccessibility(page, 'kiosk ticket');
    await screenshot(page, 'kiosk-2-ticket');

    // The tablet stays signed in; the same code again shows the same ticket.
    await page.reload();
    await page.locator('#checkin-form').waitFor();
    await checkIn(page, codes.now);
    assert.equal(await ticketNumber(page), number);
    assert.match(await page.locator('.kiosk-ticket').textContent(), /Avevi già registrato il tuo arrivo/);
    await page.locator('#ticket-done').click();
    await page.locator('#checkin-form').waitFor();
    assert.equal(await page.locator('#booking-code').inputValue(), '', 'nothing left for the next person');

    assert.match(await refusal(page, codes.later), /Questa prenotazione non si può registrare oggi.*controlla la data sulla ricevuta/);
    await checkAccessibility(page, 'kiosk refusal (another day)');
    assert.match(await refusal(page, WRONG_CODE), /Non troviamo questo codice.*banco informazioni/);
    assert.match(await refusal(page, codes.early), /Non è il momento del check-in.*Sei in anticipo\?.*Sei in ritardo\?/);
    await checkAccessibility(page, 'kiosk refusal (too early)');
    await screenshot(page, 'kiosk-3-too-early');
    assert.equal(await page.locator('#booking-code').inputValue(), codes.early, 'the code stays, to correct it');
    checkNoProblems(page);
    await page.close();
  });

  test('in French; the next person finds the kiosk in Italian', async () => {
    const page = await kioskPage({ language: 'fr' });
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'it', 'Italian first, whatever the tablet says');
    await page.locator('.kiosk-language[data-lang="fr"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'fr');
    assert.equal(await page.locator('h1').textContent(), 'Enregistrez votre arrivée');
    assert.match(await refusal(page, WRONG_CODE), /Nous ne trouvons pas ce code/);
    await checkIn(page, codes.now);
    await ticketNumber(page);
    assert.equal(await page.locator('h1').textContent(), 'Votre numéro');
    assert.match(await page.locator('.kiosk-ticket').textContent(), /Vous aviez déjà enregistré votre arrivée/);
    await checkAccessibility(page, 'kiosk ticket in French');

    await page.clock.fastForward('00:21');  // nobody touches the tablet
    await page.locator('#checkin-form').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'it');
    assert.equal(await page.locator('h1').textContent(), 'Registra il tuo arrivo');
    checkNoProblems(page);
    await page.close();
  });

  test('where the tablet can read QR codes, showing the receipt to the camera checks in', async () => {
    const page = await kioskPage({ init: [cameraSeeing, codes.now] });
    await page.locator('#scan').click();
    const number = await ticketNumber(page);
    const token = await staffToken(server, 'op.roma');
    const queue = await staffApi(server, token, '/api/v1/staff/desks/roma/queue');
    assert.equal(number, queue.json.tickets.find((x) => x.booking_code === codes.now)?.number);
    checkNoProblems(page);
    await page.close();
  });

  test('only the desk\'s device account stays signed in; a session that ended brings the sign-in form back', async () => {
    const staff = await openPage('/kiosk/roma', { viewport: TABLET });
    await signIn(staff, 'op.roma');
    await staff.locator('#login-error .alert').waitFor();
    assert.match(await staff.locator('#login-error').textContent(), /Usa l'account del chiosco/);
    assert.equal(await staff.evaluate(() => localStorage.getItem('sportello.kiosk.session')), null);
    await staff.close();

    const page = await kioskPage();
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('sportello.kiosk.session')).token);
    const ended = await server.api('/api/v1/staff/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    assert.equal(ended.status, 204, ended.text);
    await checkIn(page, codes.now);
    await page.locator('#login-form').waitFor();
    assert.match(await page.locator('#login-error').textContent(), /Il chiosco è stato scollegato/);
    assert.equal(await page.evaluate(() => localStorage.getItem('sportello.kiosk.session')), null);

    // Staff sign the tablet in again, and out with the control at the bottom, after a question.
    await signIn(page, 'kiosk.roma');
    await page.locator('#checkin-form').waitFor();
    const again = await page.evaluate(() => JSON.parse(localStorage.getItem('sportello.kiosk.session')).token);
    await page.locator('#signout').click();
    await page.locator('#signout-no').click();
    await page.locator('#signout').click();
    await checkAccessibility(page, 'kiosk sign-out question');
    await page.locator('#signout-yes').click();
    await page.locator('#login-form').waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('sportello.kiosk.session')), null);
    assert.equal((await server.api('/api/v1/staff/me', { headers: { Authorization: `Bearer ${again}` } })).status, 401, 'the session ended');
    checkNoProblems(page);
    await page.close();
  });
});

describe('waiting-room display', () => {
  // Asserts that the display fits the screen: the calls inside their area, the hint and the
  // controls on screen, nothing wider than it.
  async function fits(page, what) {
    const outside = await page.evaluate(() => {
      const main = document.getElementById('main').getBoundingClientRect();
      const out = (e, bottom) => { const r = e.getBoundingClientRect(); return r.bottom > bottom + 1 || r.right > innerWidth + 1; };
      const shown = (selector) => [...document.querySelectorAll(selector)].filter((e) => e.getClientRects().length);
      return [...shown('#main *').filter((e) => out(e, main.bottom)), ...shown('body > header *, body > footer *').filter((e) => out(e, innerHeight))]
        .map((e) => e.outerHTML.slice(0, 80));
    });
    assert.deepEqual(outside, [], `${what}: cut off`);
  }

  test('each call shows by push, also after the server restarts', async () => {
    const page = await openPage('/display/roma', { viewport: TV });
    await page.locator('body[data-connection="open"]').waitFor();
    await checkAccessibility(page, 'display');
    const token = await staffToken(server, 'op.roma');
    const walkIn = async () => {
      const made = await staffApi(server, token, '/api/v1/staff/desks/roma/walkins', { method: 'POST', body: { application_id: DEMO.roma.id } });
      assert.equal(made.status, 201, made.text);
    };
    const callNext = async (counter) => {
      const answer = await staffApi(server, token, '/api/v1/staff/desks/roma/queue/next', { method: 'POST', body: { counter } });
      assert.equal(answer.status, 200, answer.text);
      // By push: the page's own reread comes only every 60 s, so seeing the call within 10 s can only be the
      // event stream. (The second of the contract is the push's; a test on a busy machine cannot time it.)
      await page.locator(`#latest .display-call[data-number="${answer.json.number}"][data-counter="${counter}"]`).waitFor({ timeout: 10_000 });
      return answer.json.number;
    };
    await walkIn();
    await walkIn();
    const first = await callNext('4');
    assert.match(await page.locator('#latest').textContent(), new RegExp(`${first}.*Sportello.*4`));
    await page.waitForFunction((wanted) => document.getElementById('announcer').textContent === wanted, `Numero ${first}, sportello 4.`);
    const shown = await page.locator('body').textContent();
    for (const id of [DEMO.roma.id, ...PEOPLE.map((p) => p.id)]) assert.ok(!shown.includes(id), 'no application numbers');
    await checkAccessibility(page, 'display with a call');
    const sound = page.locator('#enable-sound');
    if (await sound.isVisible()) {  // a browser that holds sound back until a touch (Chromium's default)
      await sound.click();
      await sound.waitFor({ state: 'hidden' });
    }
    checkNoProblems(page);

    // The server process restarts on the same database and port; the page connects again by itself.
    const earlierProblems = page.problems.length;
    const reconnected = page.waitForResponse((r) => r.url().includes('/display/events') && r.status() === 200, { timeout: 30_000 });
    server = await restartAt(server, rfc3339(server.now()), { port: new URL(server.base).port });
    await reconnected;
    await page.locator('body[data-connection="open"]').waitFor();
    const second = await callNext('2');
    assert.equal(await page.locator(`#earlier tr[data-number="${first}"]`).count(), 1, 'the earlier call below');
    // While the server was down its requests failed, as they must (the event stream, a late favicon).
    page.problems = [...page.problems.slice(0, earlierProblems),
      ...page.problems.slice(earlierProblems).filter((problem) => !problem.startsWith('request failed:') && !problem.includes('/display/events'))];
    checkNoProblems(page);

    // A full screen fits a 1080p and a 720p television.
    for (let i = 0; i < 6; i += 1) await walkIn();
    for (let i = 0; i < 6; i += 1) await callNext(String(10 + i));
    assert.equal(await page.locator(`#earlier tr[data-number="${second}"]`).count(), 1);
    await screenshot(page, 'display-1080p');
    await fits(page, '1920x1080');
    await page.setViewportSize(SMALL_TV);
    await screenshot(page, 'display-720p');
    await fits(page, '1280x720');
    await checkAccessibility(page, 'display, full, 720p');
    await page.close();
  });
});
