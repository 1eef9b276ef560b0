// The staff console's administration: staff accounts and the audit log, and the pilot flag that
// opens and closes applicant booking at once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, DESKTOP, checkAccessibility, checkNoProblems, screenshot } from './support/browser.mjs';
import { openView, signIn, staffApi, staffToken } from './support/console.mjs';
import { taxCode } from './support/data.mjs';
import { bookByApi, freeSlots } from './support/flows.mjs';
import { DEMO, STAFF_PASSWORD, Server } from './support/server.mjs';
import { addDays } from './support/test-clock.mjs';

const TYPE = 'lavoro-documenti';
const MILANO = { id: 'E2E-MI-0301', taxCode: taxCode('FRRLCU82B45F205') };

let server;
let browser;

before(async () => {
  server = await Server.start({
    users: ['admin'],
    applications: [`${MILANO.id},milano,${MILANO.taxCode},,,${TYPE},In istruttoria`],
  });
  browser = await Browser.launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Two weeks of applicant availability from `day`.
const availabilityOf = (desk, day) => {
  const to = addDays(day, 13);
  return server.api(`/api/v1/desks/${desk}/availability?type=${TYPE}&from=${day}&to=${to}`);
};

describe('staff console: administration', () => {
  test('an admin creates and disables a staff account, and reads the audit log of a desk', async () => {
    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'admin');
    assert.deepEqual(await page.locator('#console-links a').allTextContents(),
      ['Agenda del giorno', 'Sportello', 'Convocazioni', "Lista d'attesa", 'Estrazioni', 'Calendario', 'Statistiche',
        'Domande', 'Panoramica nazionale', 'Amministrazione']);
    await openView(page, 'admin');
    await page.locator('#users-table').waitFor();
    assert.match(await page.locator('#users-table tr[data-user="admin"]').textContent(), /sei tu/);

    await page.locator('#user-name').fill('Anna Verdi');
    await page.locator('#user-password').fill(STAFF_PASSWORD);
    await page.locator('#user-role').selectOption('operator');
    await page.locator('#user-desk').selectOption('roma');
    await page.locator('#user-form button[type="submit"]').click();
    await page.waitForFunction(() => document.getElementById('user-name').getAttribute('aria-invalid') === 'true');
    await page.locator('#user-name').fill('anna.verdi');
    await page.locator('#user-form button[type="submit"]').click();
    await page.locator('#admin-users .alert-success').waitFor();
    assert.match(await page.locator('#users-table tr[data-user="anna.verdi"]').textContent(), /Operatore.*Roma.*attiva/);
    // The audit log below follows the action, in words.
    await page.waitForFunction(() => document.querySelector('#audit-table tbody tr .audit-sentence')?.textContent
      === "admin ha creato l'utenza anna.verdi (Operatore, Prefettura di Roma).");
    await page.locator('#user-name').fill('anna.verdi');
    await page.locator('#user-password').fill(STAFF_PASSWORD);
    await page.locator('#user-form button[type="submit"]').click();
    await page.locator('#user-name-error').waitFor();
    assert.match(await page.locator('#user-name-error').textContent(), /già usato/, 'a taken name is told as such');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'user-name');
    const annaToken = await staffToken(server, 'anna.verdi');

    await page.locator('[id="disable-anna.verdi"]').click();
    await page.locator('dialog[open]').waitFor();
    await checkAccessibility(page, 'disable dialog');
    await page.locator('dialog[open] [data-answer="yes"]').click();
    await page.waitForFunction(() => document.querySelector('#admin-users .alert-success')?.textContent.includes('disattivata'));
    assert.match(await page.locator('#users-table tr[data-user="anna.verdi"]').textContent(), /disattivata/);
    assert.equal((await staffApi(server, annaToken, '/api/v1/staff/me')).status, 401, 'her session ended at once');

    await page.waitForFunction(() => document.querySelector('#audit-table tbody tr .audit-sentence')?.textContent
      === "admin ha disattivato l'utenza anna.verdi.");
    await page.locator('#audit-desk').selectOption('roma');
    await page.waitForFunction(() => document.querySelectorAll('#audit-table tbody tr').length > 0 &&
      [...document.querySelectorAll('#audit-table tbody td:nth-child(2)')].every((cell) => cell.textContent === 'Prefettura di Roma'));
    const sentences = await page.locator('#audit-table tbody .audit-sentence').allTextContents();
    assert.ok(sentences.includes('Il sistema ha creato lo sportello dal suo calendario: Prefettura di Roma.'), sentences.join('\n'));
    const actions = await page.locator('#audit-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.action));
    sentences.forEach((sentence, i) => {
      assert.ok(!sentence.includes(actions[i]) && !sentence.includes('staff:'), `a sentence, not codes: ${sentence}`);
    });
    for (const action of ['user.disable', 'user.add', 'calendar.seed']) assert.ok(actions.includes(action), action);
    await checkAccessibility(page, 'administration');
    await screenshot(page, 'staff-admin');
    checkNoProblems(page);
    await page.close();
  });

  test("an admin switches a desk's pilot flag and applicant booking opens or closes at once", async () => {
    const day = (await freeSlots(server, 'roma', TYPE))[0].start.slice(0, 10);
    const before = await availabilityOf('milano', day);
    assert.equal(before.status, 403);
    assert.equal(before.json.code, 'self_booking_disabled');

    const page = await browser.page({ viewport: DESKTOP });
    await signIn(page, server, 'admin');
    await openView(page, 'admin');
    await page.locator('#flag-milano').click();
    await page.locator('dialog[open]').waitFor();
    assert.match(await page.locator('dialog[open] h2').textContent(), /Attivare la prenotazione online per .*Milano/);
    await checkAccessibility(page, 'pilot flag dialog');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('dialog[open]').count(), 0);
    assert.equal((await availabilityOf('milano', day)).status, 403, 'cancelled: nothing changed');

    await page.locator('#flag-milano').click();
    await page.locator('dialog[open] [data-answer="yes"]').click();
    await page.locator('#desks-message .alert-success').waitFor();
    assert.match(await page.locator('tr[data-desk="milano"]').textContent(), /attiva/);
    await page.waitForFunction(() => document.querySelector('#audit-table tbody tr .audit-sentence')?.textContent
      === 'admin ha attivato la prenotazione online: Prefettura di Milano.');
    const opened = await availabilityOf('milano', day);
    assert.equal(opened.status, 200, 'applicants see Milano at once');
    const slot = opened.json.days.flatMap((d) => d.slots).find((s) => s.free > 0);
    await bookByApi(server, 'milano', { type: TYPE, start: slot.start, application_id: MILANO.id, tax_code: MILANO.taxCode });

    await page.locator('#flag-roma').click();
    await page.locator('dialog[open] [data-answer="yes"]').click();
    await page.waitForFunction(() => document.querySelector('tr[data-desk="roma"]')?.textContent.includes('solo convocazione'));
    const closed = await availabilityOf('roma', day);
    assert.equal(closed.status, 403);
    assert.equal(closed.json.code, 'self_booking_disabled');
    const refused = await server.api('/api/v1/desks/roma/bookings', { method: 'POST',
      body: { type: 'ricongiungimento-documenti', start: slot.start, application_id: DEMO.romaFamily.id, tax_code: DEMO.romaFamily.taxCode } });
    assert.equal(refused.json.code, 'self_booking_disabled');
    checkNoProblems(page);
    await page.close();
  });

  test('every view of the console at 320 px: no serious accessibility problem, nothing wider than the screen', async () => {
    const page = await browser.page({ viewport: { width: 320, height: 640 } });
    await signIn(page, server, 'admin');
    const wide = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    for (const view of ['day?desk=roma', 'counter?desk=roma', 'convene?desk=roma', 'calendar?desk=roma', 'stats?desk=roma', 'admin']) {
      await openView(page, view);
      if (view.startsWith('admin')) await page.locator('#audit-table tbody tr').first().waitFor();
      if (view.startsWith('stats')) await page.locator('#stats-totals').waitFor();
      await checkAccessibility(page, `${view} at 320 px`);
      assert.equal(await wide(), 0, `${view}: the page scrolls sideways at 320 px`);
    }
    await openView(page, `convene?desk=roma&application=${DEMO.roma.id}`);
    await page.locator('.slot-button').first().waitFor();
    await checkAccessibility(page, 'convocation slots at 320 px');
    assert.equal(await wide(), 0, 'convocation slots: the page scrolls sideways at 320 px');
    checkNoProblems(page);
    await page.close();
  });
});
