// The automatic check (proof of work, SPEC.md "Fair release") as an applicant on a phone meets it:
// Roma asks for it, so the booking page shows the altcha widget (served from /vendor, no other
// origin), which solves a challenge by itself while the person fills in the form; the look-up and
// the booking each carry a solution of their own in the `Altcha` header, and nobody clicks any
// captcha. Without a solution the server refuses the booking. A question to the desk and the look-up
// of its answers carry one each too. An administrator switches the check
// of another desk in the console. axe-core on the page with the widget and on the console's dialog.
// The clock is the suites' test clock: nothing depends on the day it runs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, DESKTOP, checkAccessibility, checkNoProblems } from './support/browser.mjs';
import { openView, signIn } from './support/console.mjs';
import { atStep, chooseDesk, chooseType, look, verifyApplication } from './support/flows.mjs';
import { DEMO, Server } from './support/server.mjs';
import { addDays, today } from './support/test-clock.mjs';

let server;
let browser;

before(async () => {
  server = await Server.start({
    users: ['admin'],
    editCalendar: (desk, calendar) => {
      if (desk === 'roma') calendar.flags.proof_of_work = true;
    },
  });
  browser = await Browser.launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('proof of work', () => {
  test('a booking at a desk that asks for the automatic check, solved by the browser alone', async () => {
    const desks = await server.api('/api/v1/desks');
    assert.equal(desks.json.desks.find((d) => d.id === 'roma').proof_of_work, true);
    const refused = await server.api('/api/v1/applications/lookup', { method: 'POST',
      body: { application_id: DEMO.roma.id, tax_code: DEMO.roma.taxCode } });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.code, 'proof_of_work_required');

    const page = await browser.page({ language: 'it' });
    const guarded = [];  // [path, Altcha header] of every call a desk may guard
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (/^\/api\/v1\/(applications\/lookup|desks\/[^/]+\/bookings)$/.test(pathname)) {
        guarded.push([pathname, request.headers().altcha || '']);
      }
    });
    await page.goto(server.url('/'));
    await atStep(page, 'Scegli lo sportello');

    // The widget appears below the steps, in the page's language, and solves a challenge ahead.
    const check = page.locator('#proof-of-work');
    await check.waitFor();
    assert.match(await check.locator('#proof-of-work-note').textContent(), /il browser fa da solo una breve verifica/);
    await page.locator('#proof-of-work altcha-widget [data-state="verified"]').waitFor({ timeout: 60_000 });
    assert.match(await check.textContent(), /Verificato/);
    assert.equal(await page.locator('script[src^="http"], link[href^="http"]').count(), 0, 'nothing from another origin');

    await chooseDesk(page, 'roma');
    await chooseType(page, DEMO.roma.type);
    await atStep(page, 'Inserisci i dati della pratica');
    await look(page, 'pow-verify');
    await verifyApplication(page, DEMO.roma.id, DEMO.roma.taxCode);

    await atStep(page, 'Scegli giorno e ora');
    await page.locator('#choose-earliest').click();
    await atStep(page, 'Controlla e conferma');
    await page.locator('#confirm-booking').click();

    await atStep(page, 'Appuntamento prenotato');
    const code = (await page.locator('#booking-code').textContent()).trim();
    assert.match(code, /^RM(-[A-Z0-9]{4})+$/);
    await look(page, 'pow-receipt');

    // Two guarded calls, each with a solution of its own (a solution is accepted once).
    assert.deepEqual(guarded.map(([path]) => path), ['/api/v1/applications/lookup', '/api/v1/desks/roma/bookings']);
    const solutions = guarded.map(([, altcha]) => altcha);
    assert.ok(solutions.every((altcha) => altcha.length > 0), 'every guarded call carries the Altcha header');
    assert.notEqual(solutions[0], solutions[1]);
    const payload = JSON.parse(Buffer.from(solutions[1], 'base64').toString('utf8'));
    assert.equal(payload.algorithm, 'SHA-256');
    assert.match(payload.salt, /^[0-9a-f]{24}\?expires=\d+&$/);
    // The same solution again is refused: it was spent by the booking.
    const replayed = await server.api('/api/v1/applications/lookup', { method: 'POST',
      headers: { Altcha: solutions[1] }, body: { application_id: DEMO.roma.id, tax_code: DEMO.roma.taxCode } });
    assert.equal(replayed.status, 403);
    assert.match(replayed.json.detail, /^already used/);
    checkNoProblems(page);
    await page.close();
  });

  test('a question to the desk, and the look-up of the answers, carry a solution each', async () => {
    const page = await browser.page({ language: 'en' });
    const guarded = [];  // [path, Altcha header] of every guarded call of the questions page
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (request.method() === 'POST' && /^\/api\/v1\/(applications\/lookup|questions)$/.test(pathname)) {
        guarded.push([pathname, request.headers().altcha || '']);
      }
    });
    await page.goto(server.url('/questions'));
    await page.locator('#ask-form').waitFor();
    await page.locator('#proof-of-work').waitFor();
    await page.locator('#application-id').fill(DEMO.romaFamily.id);
    await page.locator('#tax-code').fill(DEMO.romaFamily.taxCode);
    await page.locator('#question-topic').selectOption('ricongiungimento');
    await page.locator('#question-text').fill('Can my children join me before the nulla osta arrives?');
    await page.locator('#ask-submit').click();
    await page.locator('#sent-banner').waitFor();
    await page.locator('#nav-mine').click();
    await page.locator('#mine-form button[type="submit"]').click();  // the number and tax code typed before, kept in the page
    await page.locator('#question-list').waitFor();
    assert.deepEqual(guarded.map(([path]) => path), ['/api/v1/questions', '/api/v1/applications/lookup']);
    assert.ok(guarded.every(([, altcha]) => altcha.length > 0), 'every guarded call carries the Altcha header');
    assert.notEqual(guarded[0][1], guarded[1][1]);
    checkNoProblems(page);
    await page.close();
  });

  test('an administrator turns the check on for availability too, after a confirmation, and it is audited', async () => {
    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'admin');
    await openView(page, 'admin');
    const choice = page.locator('#pow-latina');
    assert.equal(await choice.inputValue(), 'off');
    assert.equal(await page.locator('#pow-roma').inputValue(), 'writes');
    await choice.selectOption('reads');
    await page.locator('#pow-apply-latina').click();
    await page.locator('dialog[open]').waitFor();
    assert.match(await page.locator('dialog[open] h2').textContent(), /Cambiare la verifica automatica per .*Latina/);
    await checkAccessibility(page, 'automatic check dialog');
    await page.locator('dialog[open] [data-answer="yes"]').click();
    await page.locator('#desks-message .alert-success').waitFor();
    assert.equal(await page.locator('#pow-latina').inputValue(), 'reads');
    await page.waitForFunction(() => [...document.querySelectorAll('#audit-table tbody tr .audit-sentence')]
      .some((e) => e.textContent === 'admin ha attivato la verifica automatica per le disponibilità: Prefettura di Latina.'));
    const latina = (await server.api('/api/v1/desks')).json.desks.find((d) => d.id === 'latina');
    assert.equal(latina.proof_of_work_reads, true);
    const availability = await server.api(
      `/api/v1/desks/latina/availability?type=${DEMO.latina.type}&from=${today()}&to=${addDays(today(), 6)}`);
    assert.equal(availability.status, 403);
    assert.equal(availability.json.code, 'proof_of_work_required');
    checkNoProblems(page);
    await page.close();
  });
});
