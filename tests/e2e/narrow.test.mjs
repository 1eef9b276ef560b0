// The applicant pages on a 320 px screen (WCAG 1.4.10, reflow): every step of a booking, the receipt,
// the manage page, the status page, the legal pages, the waiting list (joining, a place in line, a
// seat offered), the questions to the desk (asking, a question sent, the application's questions)
// and the open language menu fit without scrolling sideways, and axe-core finds no serious or
// critical violation there either.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, checkNoProblems } from './support/browser.mjs';
import { taxCode } from './support/data.mjs';
import { atStep, look, verifyApplication } from './support/flows.mjs';
import { DEMO, Server } from './support/server.mjs';

const NARROW = { width: 320, height: 640 };
const WAITLIST_TYPE = 'lavoro-nulla-osta';
const WAITER = { id: 'E2E-RM-0701', taxCode: taxCode('DLLMRA88C41Z330') };
const OFFERED = { id: 'E2E-RM-0702', taxCode: taxCode('BKRSDA79D12Z336') };

let server;
let browser;

before(async () => {
  server = await Server.start({
    editCalendar: (desk, calendar) => {
      if (desk === 'roma') calendar.types[WAITLIST_TYPE].waitlist_offer_minutes = 30;
    },
    applications: [WAITER, OFFERED].map((who) => `${who.id},roma,${who.taxCode},,,${WAITLIST_TYPE},In istruttoria`),
  });
  browser = await Browser.launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// axe-core and the headings (look), then nothing wider than the screen.
async function fits(page, what) {
  await look(page, `${what} (320 px)`, { shot: false });
  const [scrolled, visible] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(scrolled <= visible, `${what}: ${scrolled} px wide on a ${visible} px screen`);
}

describe('320 px', () => {
  test('a booking, its receipt and its manage page, in French (long words)', async () => {
    const page = await browser.page({ language: 'fr', viewport: NARROW });
    await page.goto(server.url('/'));
    await atStep(page, 'Choisissez le guichet');
    await page.locator('#language-button').click();
    await fits(page, 'the language menu open');
    await page.keyboard.press('Escape');
    await page.locator('#desk').selectOption('roma');
    await page.locator('#desk-info .desk-contact').waitFor();
    await fits(page, 'the desk step');
    await page.locator('#desk-continue').click();
    await atStep(page, 'Choisissez le type de rendez-vous');
    await page.locator(`label[for="type-${DEMO.roma.type}"]`).click();
    await fits(page, 'the type step');
    await page.locator('form button[type="submit"]').click();
    await atStep(page, 'Saisissez les données du dossier');
    await fits(page, 'the application step');
    await verifyApplication(page, DEMO.roma.id, DEMO.roma.taxCode);
    await atStep(page, "Choisissez le jour et l'heure");
    await page.locator('#choose-earliest').waitFor();
    await page.locator('button.cal-day-free').first().click();
    await fits(page, 'the calendar');
    await page.locator('#choose-earliest').click();
    await atStep(page, 'Vérifiez et confirmez');
    await fits(page, 'the confirmation');
    await page.locator('#email').fill('une.adresse.assez.longue.pour.la.ligne@exemple.example');
    await page.locator('#confirm-booking').click();
    await atStep(page, 'Rendez-vous réservé');
    await fits(page, 'the receipt');

    await page.locator('.manage-box a').click();
    await page.locator('#view-title').waitFor();
    await fits(page, 'the manage page');
    await page.locator('#move-booking').click();
    await page.locator('#choose-earliest').waitFor();
    await fits(page, 'moving the booking');
    await page.goBack();
    await page.locator('#cancel-booking').click();
    await page.locator('#confirm-cancel').waitFor();
    await fits(page, 'cancelling the booking');
    checkNoProblems(page);
    await page.close();
  });

  test('the status page, the legal pages and the page for a wrong address', async () => {
    const page = await browser.page({ language: 'es', viewport: NARROW });
    await page.goto(server.url('/status'));
    await page.locator('#status-form').waitFor();
    await fits(page, 'the status form');
    await page.locator('#application-id').fill(DEMO.romaFamily.id);
    await page.locator('#tax-code').fill(DEMO.romaFamily.taxCode);
    await page.locator('#status-form button[type="submit"]').click();
    await page.locator('#result-title').waitFor();
    await fits(page, 'the status of an application');
    for (const path of ['/manage', '/privacy', '/accessibility']) {
      await page.goto(server.url(path));
      await page.locator('body.js-ready').waitFor();
      await fits(page, path);
    }
    await page.goto(server.url('/no-such-page'));
    await page.locator('body.js-ready').waitFor();
    await fits(page, 'a wrong address');
    page.problems = page.problems.filter((problem) => problem !== '404: /no-such-page');
    checkNoProblems(page);
    await page.close();
  });

  test('the waiting list in French: joining, a place in line, a seat offered at once', async () => {
    const page = await browser.page({ language: 'fr', viewport: NARROW });
    await page.goto(server.url(`/?desk=roma&type=${WAITLIST_TYPE}`));
    await atStep(page, 'Saisissez les données du dossier');
    await verifyApplication(page, WAITER.id, WAITER.taxCode);
    await atStep(page, "Choisissez le jour et l'heure");
    await page.locator('#open-waitlist-step').waitFor();
    await fits(page, 'the calendar with the waiting list');
    await page.locator('#open-waitlist-step').click();
    await atStep(page, "S'inscrire sur la liste d'attente");
    await fits(page, 'joining the waiting list');
    // The first free day is where "only before" starts: nothing free fits, so the place is in line.
    assert.ok(await page.locator('#waitlist-before').inputValue());
    await page.locator('#join-waitlist').click();
    await atStep(page, "Vous êtes sur la liste d'attente");
    await fits(page, 'in line');
    await page.locator('#open-waitlist').click();
    await page.locator('#waitlist-position').waitFor();
    await fits(page, 'the waiting list page');

    // Without "only before", a free seat fits at once: it is offered.
    const joined = await server.api(`/api/v1/desks/roma/waitlist`, { method: 'POST',
      body: { type: WAITLIST_TYPE, application_id: OFFERED.id, tax_code: OFFERED.taxCode } });
    assert.equal(joined.status, 201, joined.text);
    assert.equal(joined.json.state, 'offered');
    await page.goto(server.url(`/waitlist#id=${encodeURIComponent(joined.json.id)}&token=${encodeURIComponent(joined.json.token)}`));
    await page.locator('#offer').waitFor();
    await fits(page, 'a seat offered');
    await page.locator('#decline-offer').click();
    await page.locator('.ask-in-place').waitFor();
    await fits(page, 'declining a seat');
    await page.goto(server.url('/waitlist'));
    await page.locator('#view-title').waitFor();
    await fits(page, 'the waiting list page without its link');
    checkNoProblems(page);
    await page.close();
  });

  test('questions to the desk in French: asking, the question sent, the application\'s questions', async () => {
    const page = await browser.page({ language: 'fr', viewport: NARROW });
    await page.goto(server.url('/questions'));
    await page.locator('#ask-form').waitFor();
    await page.locator('#ask-submit').click();  // every field says what it needs
    await fits(page, 'the ask form with its errors');
    await page.locator('#application-id').fill(DEMO.roma.id);
    await page.locator('#tax-code').fill(DEMO.roma.taxCode);
    await page.locator('#question-topic').selectOption('ricongiungimento');
    await page.locator('#question-text').fill('Est-ce que je peux demander le regroupement familial pendant que mon dossier est en instruction ?');
    await page.locator('#ask-submit').click();
    await page.locator('#sent-banner').waitFor();
    await fits(page, 'a question sent');
    await page.locator('#nav-mine').click();
    await page.locator('#mine-form').waitFor();
    await page.locator('#tax-code').fill(DEMO.roma.taxCode);
    await page.locator('#mine-form button[type="submit"]').click();
    await page.locator('#question-list').waitFor();
    await fits(page, "the application's questions");
    checkNoProblems(page);
    await page.close();
  });
});
