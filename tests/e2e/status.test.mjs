// The application status page (with the history the national system sends through its API), the
// page for a wrong address, and what the server sends with the pages.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Browser, DESKTOP, checkAccessibility, checkNoProblems } from './support/browser.mjs';
import { clock, longDate, shortDateTime, taxCode } from './support/data.mjs';
import { bookByApi, chooseLanguage, focused, freeSlots, look } from './support/flows.mjs';
import { DEMO, SOURCE_DIR, Server } from './support/server.mjs';
import { testNow } from './support/test-clock.mjs';

// Applications the national system sends in the history test: one whose status the desk wrote and
// which then gets two events, one with nothing recorded yet.
const FOLLOWED = { id: 'E2E-RM-0801', taxCode: taxCode('NDYKMR85M12Z330'), status: 'Nulla osta pronto per il ritiro' };
const QUIET = { id: 'E2E-RM-0802', taxCode: taxCode('SLMFTM92E55Z352') };
// An event of the system's own, with its texts; nulla_osta_issued takes them from calendars/status_events.json.
const DOCUMENTS = {
  it: 'Documenti integrativi ricevuti dallo Sportello', en: 'Further documents received by the desk',
  fr: 'Documents complémentaires reçus par le guichet', es: 'Documentos adicionales recibidos por la ventanilla',
};
const CATALOGUE = JSON.parse(readFileSync(join(SOURCE_DIR, 'calendars/status_events.json'), 'utf8')).events;
const NULLA_OSTA = CATALOGUE.find((event) => event.code === 'nulla_osta_issued').text;
const LOCALES = { it: 'it-IT', en: 'en-GB', fr: 'fr-FR', es: 'es-ES' };
const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

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
    assert.deepEqual(await page.locator('#history .history-text').allTextContents(), ['In istruttoria (demo)'],
      'the history: the status, recorded when the application came');
    assert.equal(await page.locator('#history-order').count(), 0, 'no word on the order of a single step');
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

  test('the history the national system sends shows on the status page, newest first, in the page\'s language', async () => {
    // The national system: a key from `sportello key add`, two applications, two events of one.
    const key = await server.addApiKey('spi');
    const system = (path, method, body) => server.api(path, { method, body, headers: { Authorization: `Bearer ${key}` } });
    const pushed = await system('/api/v1/system/applications', 'PUT', { applications: [
      { application_id: FOLLOWED.id, desk: 'roma', tax_code: FOLLOWED.taxCode, types: [DEMO.roma.type], status: FOLLOWED.status },
      { application_id: QUIET.id, desk: 'roma', tax_code: QUIET.taxCode, types: [DEMO.roma.type] },
    ] });
    assert.equal(pushed.status, 200, pushed.text);
    assert.deepEqual(pushed.json, { imported: 2, errors: [] });
    const minute = Math.floor(testNow() / 60000) * 60000;
    const documentsAt = rfc3339(minute - 9 * 86400000 - 5 * 3600000);
    const nullaOstaAt = rfc3339(minute - 2 * 86400000);
    const events = `/api/v1/system/applications/${FOLLOWED.id}/events`;
    const documents = await system(events, 'POST', { code: 'documents_received', text: DOCUMENTS, at: documentsAt });
    assert.equal(documents.status, 201, documents.text);
    const nullaOsta = await system(events, 'POST', { code: 'nulla_osta_issued', at: nullaOstaAt });
    assert.equal(nullaOsta.status, 201, nullaOsta.text);

    // The steps as the page shows them, top to bottom.
    const steps = (page) => page.locator('#history > li').evaluateAll((items) => items.map((item) => {
      const text = item.querySelector('.history-text');
      const time = item.querySelector('time');
      return { text: text.textContent, lang: text.getAttribute('lang'), at: time.getAttribute('datetime'), when: time.textContent };
    }));
    const lookUp = async (page, who) => {
      await page.locator('#application-id').fill(who.id);
      await page.locator('#tax-code').fill(who.taxCode);
      await page.locator('#status-form button[type="submit"]').click();
      await page.locator('#result-title').waitFor();
    };
    // The status the desk wrote (recorded when the application came, so the newest), the nulla osta,
    // the documents; each at its instant, written in the page's language in Rome's time.
    const expected = (language) => [
      { text: FOLLOWED.status, lang: language === 'it' ? null : 'it' },
      { text: NULLA_OSTA[language], lang: null, instant: Date.parse(nullaOstaAt) },
      { text: DOCUMENTS[language], lang: null, instant: Date.parse(documentsAt) },
    ];
    const checkSteps = async (page, language) => {
      const shown = await steps(page);
      assert.deepEqual(shown.map(({ text, lang }) => ({ text, lang })), expected(language).map(({ text, lang }) => ({ text, lang })));
      const instants = shown.map((step) => Date.parse(step.at));
      assert.ok(instants[0] > instants[1] && instants[1] > instants[2], `newest first: ${shown.map((step) => step.at)}`);
      assert.ok(Math.abs(instants[0] - testNow()) < 5 * 60000, `the status was recorded when it came: ${shown[0].at}`);
      expected(language).slice(1).forEach(({ instant }, i) => assert.equal(instants[i + 1], instant));
      assert.deepEqual(shown.map((step) => step.when), instants.map((instant) => shortDateTime(instant, LOCALES[language])));
    };

    const page = await browser.page({ language: 'it' });
    await page.goto(server.url('/status'));
    await lookUp(page, FOLLOWED);
    const history = page.getByRole('list', { name: 'Storia della pratica' });
    assert.equal(await history.getByRole('listitem').count(), 3);
    await checkSteps(page, 'it');
    assert.match(await page.locator('#history-order').textContent(), /più recente/);
    assert.equal(await page.locator('#history > li').first().getAttribute('class'), 'history-step is-latest');
    assert.equal(await page.locator('.history-step.is-latest').count(), 1, 'only the latest step stands out');
    assert.match(await page.locator('.result dl.facts').first().textContent(), new RegExp(FOLLOWED.status), 'the status stays');
    const [wide, screen] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(wide <= screen, `${wide} px wide on a ${screen} px phone`);
    await look(page, 'status-3-history', { desktop: true });

    // An application with nothing recorded yet says so.
    await page.locator('.result button', { hasText: 'Cerca un\'altra pratica' }).click();
    await lookUp(page, QUIET);
    assert.equal(await page.locator('#history-empty').textContent(), 'Non ci sono ancora passaggi registrati per la tua pratica.');
    assert.equal(await page.locator('#history').count(), 0);
    await look(page, 'status history empty', { shot: false });
    checkNoProblems(page);
    await page.close();

    // In Spanish; then in French from the language menu, which reads the steps again in French.
    const spanish = await browser.page({ language: 'es' });
    await spanish.goto(server.url('/status'));
    await lookUp(spanish, FOLLOWED);
    assert.equal(await spanish.locator('#history-title').textContent(), 'Historial de su expediente');
    await checkSteps(spanish, 'es');
    await look(spanish, 'status history in Spanish', { shot: false });
    await chooseLanguage(spanish, 'fr');
    await spanish.waitForFunction((text) => document.querySelector('#history .history-text:not([lang])')?.textContent === text,
      NULLA_OSTA.fr);
    assert.equal(await spanish.locator('#history-title').textContent(), 'Historique de votre dossier');
    await checkSteps(spanish, 'fr');
    await look(spanish, 'status history in French', { shot: false });
    checkNoProblems(spanish);
    await spanish.close();

    // A server older than the history sends no `events`: nothing new shows.
    const older = await browser.page({ language: 'en' });
    await older.route('**/api/v1/applications/lookup*', async (route) => {
      const response = await route.fetch();
      const { events: _, ...json } = await response.json();
      await route.fulfill({ response, json });
    });
    await older.goto(server.url('/status'));
    await lookUp(older, FOLLOWED);
    assert.match(await older.locator('.result').textContent(), new RegExp(FOLLOWED.status));
    assert.equal(await older.locator('#history-title, #history, #history-empty').count(), 0);
    checkNoProblems(older);
    await older.close();
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
