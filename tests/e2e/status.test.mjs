// The application status page, the page for a wrong address, and what the server sends with the pages.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, DESKTOP, checkAccessibility, checkNoProblems } from './support/browser.mjs';
import { clock, longDate, taxCode } from './support/data.mjs';
import { bookByApi, focused, freeSlots, look } from './support/flows.mjs';
import { DEMO, Server } from './support/server.mjs';

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

describe('status and pages', () => {
  test('the status page shows the application, what to book and the bookings', async () => {
    const [slot] = await freeSlots(server, 'roma', DEMO.roma.type);
    const booking = await bookByApi(server, 'roma', {
      type: DEMO.roma.type, start: slot.start, application_id: DEMO.roma.id, tax_code: DEMO.roma.taxCode,
    });
    const page = await browser.page({ language: 'it' });
    await page.goto(server.url('/status'));
    await page.locator('#status-form').waitFor();
    await look(page, 'status-1-form', { shot: false });

    await page.locator('#application-id').fill(DEMO.roma.id);
    await page.locator('#tax-code').fill(taxCode('RSSMRA85T10A562'.replace('85', '86')));  // valid, but not theirs
    await page.locator('#status-form button[type="submit"]').click();
    const problem = page.locator('#form-error .alert');
    await problem.waitFor();
    assert.match(await problem.textContent(), /Non troviamo la pratica/);
    assert.equal(await page.getAttribute('#tax-code', 'aria-invalid'), 'true');
    await checkAccessibility(page, 'status refused');

    await page.locator('#tax-code').fill(DEMO.roma.taxCode);
    await page.locator('#status-form button[type="submit"]').click();
    await page.locator('#result-title').waitFor();
    assert.equal(await focused(page), 'result-title');
    const result = await page.locator('.result').textContent();
    assert.ok(result.includes('In istruttoria (demo)'), 'the status the desk wrote');
    assert.ok(result.includes(booking.code) && result.includes('Prenotato'), 'the booking');
    assert.ok(result.includes(`${longDate(booking.start, 'it-IT')}, ${clock(booking.start, 'it-IT')}`), result);
    assert.ok(result.includes('Hai già prenotato tutti gli appuntamenti previsti'));
    await look(page, 'status-2-result', { desktop: true });

    // Whoever lost the link opens the booking from here, with a fresh one; the old link stops working.
    await page.locator(`.booking-item button[data-code="${booking.code}"]`).click();
    await page.waitForURL(/\/manage#/);
    const fragment = new URLSearchParams(new URL(page.url()).hash.slice(1));
    assert.equal(fragment.get('code'), booking.code);
    assert.notEqual(fragment.get('token'), booking.manage_token);
    await page.waitForFunction((code) => document.body.textContent.includes(code), booking.code);
    const old = await server.api(`/api/v1/bookings/${booking.code}`, { headers: { 'X-Booking-Token': booking.manage_token } });
    assert.equal(old.status, 404);
    const fresh = await server.api(`/api/v1/bookings/${booking.code}`, { headers: { 'X-Booking-Token': fragment.get('token') } });
    assert.equal(fresh.status, 200);
    checkNoProblems(page);
    await page.close();
  });

  test('a lost link is e-mailed again from the status page, or the page says there is no address', async () => {
    const [slot] = await freeSlots(server, 'roma', DEMO.romaFamily.type);
    const booking = await bookByApi(server, 'roma', {
      type: DEMO.romaFamily.type, start: slot.start, application_id: DEMO.romaFamily.id, tax_code: DEMO.romaFamily.taxCode,
      email: 'famiglia@example.org',
    });
    const page = await browser.page({ language: 'it' });
    await page.goto(server.url('/status'));
    await page.locator('#application-id').fill(DEMO.romaFamily.id);
    await page.locator('#tax-code').fill(DEMO.romaFamily.taxCode);
    await page.locator('#status-form button[type="submit"]').click();
    await page.locator('#resend-links').click();
    await page.locator('#resend-links ~ [role="status"]').waitFor();
    assert.match(await page.locator('#resend-links ~ [role="status"]').textContent(), /Ti abbiamo mandato un link nuovo/);
    const old = await server.api(`/api/v1/bookings/${booking.code}`, { headers: { 'X-Booking-Token': booking.manage_token } });
    assert.equal(old.status, 404, 'the earlier link no longer works');

    await page.locator('.result button', { hasText: 'Cerca un\'altra pratica' }).click();
    await page.locator('#application-id').fill(DEMO.roma.id);  // booked without an e-mail address
    await page.locator('#tax-code').fill(DEMO.roma.taxCode);
    await page.locator('#status-form button[type="submit"]').click();
    await page.locator('#resend-links').click();
    await page.locator('#resend-links ~ [role="status"]').waitFor();
    assert.match(await page.locator('#resend-links ~ [role="status"]').textContent(), /Non abbiamo un tuo indirizzo e-mail/);
    checkNoProblems(page);
    await page.close();
  });

  test('an application with something to book links to the booking page for it', async () => {
    const page = await browser.page({ language: 'es', viewport: DESKTOP });
    await page.goto(server.url('/status'));
    await page.locator('#application-id').fill(DEMO.latina.id);
    await page.locator('#tax-code').fill(DEMO.latina.taxCode.toLowerCase());
    await page.locator('#status-form button[type="submit"]').click();
    const link = page.locator('.bookable a');
    await link.waitFor();
    assert.match(await link.textContent(), /^Reservar: /);
    await link.click();
    await page.locator('#step-title').waitFor();
    assert.equal((await page.locator('#step-title').textContent()).trim(), 'Introduzca los datos del expediente');
    checkNoProblems(page);
    await page.close();
  });

  test('a wrong address shows a page that helps, in the chosen language', async () => {
    const page = await browser.page({ language: 'en' });
    const response = await page.goto(server.url('/no-such-page'));
    assert.equal(response.status(), 404);
    await page.waitForFunction(() => document.querySelector('h1').textContent === 'Page not found');
    assert.equal(await page.title(), 'Page not found – Immigration Desk');
    await look(page, 'not-found', { shot: false });
    const api = await server.api('/no-such-file.js');
    assert.equal(api.status, 404);
    assert.equal(api.json.code, 'not_found');
    await page.close();
  });

  test('pages are sent with a strict Content-Security-Policy, cache rules and gzip', async () => {
    const home = await fetch(server.url('/'));
    assert.equal(home.status, 200);
    const policy = home.headers.get('content-security-policy');
    assert.match(policy, /default-src 'self'/);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
    assert.equal(home.headers.get('cache-control'), 'no-cache');
    assert.equal(home.headers.get('x-content-type-options'), 'nosniff');
    const html = await home.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handler');
    assert.doesNotMatch(html, /\sstyle=/i, 'no inline style');
    const css = await fetch(server.url('/vendor/bootstrap-italia/css/bootstrap-italia.min.css'), { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(css.headers.get('content-encoding'), 'gzip');
    assert.match(css.headers.get('cache-control'), /max-age=/);
    const script = await fetch(server.url('/js/book.js'));
    assert.match(script.headers.get('content-type'), /^text\/javascript/);
    const etag = script.headers.get('etag');
    const again = await fetch(server.url('/js/book.js'), { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    for (const path of ['/%2e%2e/CMakeLists.txt', '/../README.md', '/vendor/../../package.json', '/.gitignore']) {
      const answer = await server.api(path);
      assert.equal(answer.status === 404 || answer.status === 400, true, `${path} answered ${answer.status}`);
    }
  });
});
