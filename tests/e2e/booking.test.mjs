// Booking an appointment through the pages, as an applicant on a phone would: in Italian, in another
// language, with the keyboard only, when someone else takes the slot meanwhile, and at a desk that does
// not book online. Every page passes axe-core with no serious or critical violation.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Browser, DESKTOP, checkAccessibility, checkNoProblems } from './support/browser.mjs';
import { clock, longDate, taxCode } from './support/data.mjs';
import {
  atStep, bookByApi, chooseDesk, chooseLanguage, chooseType, focused, freeSlots, look, tabTo, verifyApplication,
} from './support/flows.mjs';
import { DEMO, Server } from './support/server.mjs';

const FAMILY_A = { id: 'E2E-LT-0001', taxCode: taxCode('BNCGNN80A01H501') };
const FAMILY_B = { id: 'E2E-LT-0002', taxCode: taxCode('FRNLCU75C12E472') };
// Applications at Roma for the reload tests.
const RELOADER = { id: 'E2E-RM-0010', taxCode: taxCode('VRDLCU82C15H501'), type: 'lavoro-nulla-osta' };
// An application at Roma with two appointments to book.
const TWO_TYPES = { id: 'E2E-RM-0011', taxCode: taxCode('BRNSFN79M20H501') };
// An application at Roma booked from two tabs at once.
const TWO_TABS = { id: 'E2E-RM-0012', taxCode: taxCode('CSTGLI88E50H501'), type: 'lavoro-nulla-osta' };

let server;
let browser;

before(async () => {
  server = await Server.start({
    applications: [
      // Latina's ricongiungimento-nulla-osta slots have one online seat: two families compete for it.
      `${FAMILY_A.id},latina,${FAMILY_A.taxCode},,,ricongiungimento-nulla-osta,In istruttoria`,
      `${FAMILY_B.id},latina,${FAMILY_B.taxCode},,,ricongiungimento-nulla-osta,In istruttoria`,
      `${RELOADER.id},roma,${RELOADER.taxCode},,,${RELOADER.type},In istruttoria`,
      `${TWO_TYPES.id},roma,${TWO_TYPES.taxCode},,,lavoro-documenti|lavoro-nulla-osta,In istruttoria`,
      `${TWO_TABS.id},roma,${TWO_TABS.taxCode},,,${TWO_TABS.type},In istruttoria`,
    ],
  });
  browser = await Browser.launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('booking', () => {
  test('a full booking in Italian on a phone, with the receipt, the QR code and the .ics', async () => {
    const page = await browser.page({ language: 'it' });
    await page.goto(server.url('/'));
    assert.equal(await atStep(page, 'Scegli lo sportello'), 'Scegli lo sportello');
    assert.equal(await page.getAttribute('html', 'lang'), 'it');
    await look(page, 'book-1-desk', { desktop: true });

    // Choosing a desk shows how to reach it.
    await page.locator('#desk').selectOption('roma');
    const deskContact = page.locator('#desk-info .desk-contact');
    await deskContact.waitFor();
    const reach = await deskContact.textContent();
    for (const fact of ['Via Ostiense 131/L', '+39 06 1234 5678', 'sui.roma@prefettura.example', 'Dal lunedì al venerdì, 9:00–13:00']) {
      assert.ok(reach.includes(fact), `${fact} in ${reach}`);
    }
    assert.equal(await deskContact.locator('a[href="tel:+390612345678"]').count(), 1);
    assert.equal(await deskContact.locator('a[href="mailto:sui.roma@prefettura.example"]').count(), 1);
    await look(page, 'book-1-desk-contact', { shot: false });
    await chooseDesk(page, 'roma');
    await atStep(page, 'Scegli il tipo di appuntamento');
    assert.equal(await focused(page), 'step-title', 'focus moves to the new step');
    await page.locator('label[for="type-lavoro-documenti"]').click();
    const documents = await page.locator('#type-documents li').allTextContents();
    assert.ok(documents.some((text) => text.includes('Passaporto valido')), `documents shown: ${documents}`);
    await look(page, 'book-2-type');
    await page.locator('form button[type="submit"]').click();

    await atStep(page, 'Inserisci i dati della pratica');
    await verifyApplication(page, DEMO.roma.id, 'RSSMRA85T10A562X');  // wrong check letter: caught before any request
    const error = page.locator('#tax-code-error');
    await error.waitFor();
    assert.match(await error.textContent(), /codice fiscale non è corretto/);
    assert.equal(await page.getAttribute('#tax-code', 'aria-invalid'), 'true');
    assert.equal(await focused(page), 'tax-code');
    await look(page, 'book-3-verify');
    await page.locator('#tax-code').fill('rssmra 85t10 a562s');  // lower case and spaces are fine
    await page.locator('#verify-form button[type="submit"]').click();

    await atStep(page, 'Scegli giorno e ora');
    await page.locator('#choose-earliest').waitFor();
    const slots = await freeSlots(server, 'roma', 'lavoro-documenti');
    const earliest = slots[0];
    const offered = await page.locator('.earliest-when').textContent();
    assert.ok(offered.includes(longDate(earliest.start, 'it-IT')) && offered.includes(clock(earliest.start, 'it-IT')),
      `earliest slot offered first: "${offered}" vs ${earliest.start}`);
    await look(page, 'book-4-calendar', { desktop: true });

    // Not the earliest: another day from the calendar, and its second time.
    const days = page.locator('button.cal-day-free');
    const chosenDay = await days.nth(1).getAttribute('data-date');
    await days.nth(1).click();
    assert.equal(await days.nth(1).getAttribute('aria-pressed'), 'true');
    const times = page.locator('.time-option input:not([disabled])');
    const start = await times.nth(1).getAttribute('value');
    assert.equal(start.slice(0, 10), chosenDay);
    await page.locator(`label[for="${await times.nth(1).getAttribute('id')}"]`).click();
    await page.locator('#choose-time').click();

    await atStep(page, 'Controlla e conferma');
    const summary = await page.locator('.summary').textContent();
    assert.ok(summary.includes(longDate(start, 'it-IT')), summary);
    assert.ok(summary.includes(clock(start, 'it-IT')), summary);
    assert.ok(summary.includes('Via Ostiense 131/L'), 'the desk address');
    await page.locator('#email').fill('non-una-email');
    await page.locator('#confirm-booking').click();
    assert.match(await page.locator('#email-error').textContent(), /email non è valido/);
    await page.locator('#email').fill('mario.rossi@example.org');
    await look(page, 'book-5-confirm');
    await page.locator('#confirm-booking').click();

    await atStep(page, 'Appuntamento prenotato');
    const code = (await page.locator('#booking-code').textContent()).trim();
    assert.match(code, /^RM(-[A-Z0-9]{4})+$/);
    const receipt = await page.locator('.receipt').textContent();
    assert.ok(receipt.includes(longDate(start, 'it-IT')) && receipt.includes('Via Ostiense 131/L'), receipt);
    assert.ok(receipt.includes('Documenti da portare') && receipt.includes('Marca da bollo'), 'documents to bring');
    assert.equal(await page.locator('svg.qr-code path').count(), 1, 'a QR code');
    assert.equal(await page.getAttribute('svg.qr-code', 'aria-label'), `Codice QR della prenotazione ${code}`);
    const manageUrl = await page.locator('#manage-url').inputValue();
    assert.match(manageUrl, new RegExp(`/manage#code=${code}&token=[\\w-]+$`), 'the token travels in the fragment');
    const token = new URLSearchParams(manageUrl.split('#')[1]).get('token');
    assert.equal(await page.locator('.access-code').textContent(), `Codice di accesso: ${token}`);
    // The .ics is fetched with the token in a header: no URL of the page or of the API holds it.
    const requests = [];
    page.on('request', (request) => requests.push(request));
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#add-to-calendar').click()]);
    assert.equal(download.suggestedFilename(), `${code}.ics`);
    const icsText = await fs.readFile(await download.path(), 'utf8');
    assert.match(icsText, /BEGIN:VEVENT/);
    const icsRequest = requests.find((request) => request.url().includes('/ics'));
    assert.ok(icsRequest, 'the .ics was fetched');
    assert.ok(!icsRequest.url().includes(token), 'no token in the URL');
    assert.equal(icsRequest.headers()['x-booking-token'], token);
    const stored = await server.api(`/api/v1/bookings/${code}?token=${token}`);
    assert.equal(stored.json.start, start);
    assert.equal(stored.json.status, 'booked');
    const next = await page.locator('.what-next').textContent();
    const deadline = Date.parse(start) - 24 * 3600 * 1000;
    assert.equal(await page.locator('.what-next .change-deadline').textContent(),
      `Puoi spostare o annullare l'appuntamento online fino a 24 ore prima: entro ${longDate(deadline, 'it-IT')} alle ${clock(deadline, 'it-IT')}. Dopo, contatta lo sportello.`);
    const contact = await page.locator('.receipt .desk-contact').textContent();
    assert.ok(contact.includes('+39 06 1234 5678') && contact.includes('sui.roma@prefettura.example'), contact);
    assert.match(next, /Stiamo mandando una e-mail di conferma/, 'an e-mail was given: the confirmation is on its way');
    assert.match(next, /riceverai anche un promemoria/);
    await look(page, 'book-6-receipt', { desktop: true });

    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.manage-box').isVisible(), false, 'the private link is not printed');
    assert.equal(await page.locator('.qr-code').isVisible(), true, 'the QR code is printed');
    await page.emulateMedia({ media: 'screen' });
    checkNoProblems(page);
    await page.close();
  });

  test('the language is chosen on the page, remembered, and dates follow it (English, then French)', async () => {
    const page = await browser.page({ language: 'it', viewport: DESKTOP });
    await page.goto(server.url('/'));
    await atStep(page, 'Scegli lo sportello');
    await chooseLanguage(page, 'en');
    await page.waitForFunction(() => document.querySelector('h1').textContent === 'Book an appointment');
    await page.reload();
    await atStep(page, 'Choose the desk');
    assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the choice is remembered');
    assert.equal(await page.locator('.site-nav a[aria-current="page"]').textContent(), 'Book');

    await chooseDesk(page, 'latina');
    await atStep(page, 'Choose the type of appointment');
    assert.ok(await page.locator('label[for="type-lavoro-nulla-osta"]').textContent().then((t) => t.includes('Work')),
      'type names come from the API in English');
    await chooseType(page, 'lavoro-nulla-osta');
    await atStep(page, 'Enter your application details');
    await verifyApplication(page, DEMO.latina.id, taxCode('VRDGPP80A01E473'));  // a valid code, another person's
    const problem = page.locator('#form-error .alert');
    await problem.waitFor();
    assert.match(await problem.textContent(), /cannot find the application/);
    assert.equal(await page.getAttribute('#application-id', 'aria-invalid'), 'true');
    await checkAccessibility(page, 'verification refused');
    await page.locator('#tax-code').fill(DEMO.latina.taxCode);
    await page.locator('#verify-form button[type="submit"]').click();

    await atStep(page, 'Choose a day and time');
    const [earliest] = await freeSlots(server, 'latina', 'lavoro-nulla-osta');
    const offered = await page.locator('.earliest-when').textContent();
    assert.equal(offered.trim(), `${longDate(earliest.start, 'en-GB')}, ${clock(earliest.start, 'en-GB')}`);
    assert.match(offered, /^(Monday|Thursday),? \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d$/, 'English, in Rome time');
    assert.equal(await page.locator('.cal th').first().textContent(), 'Mon');

    // Changing language in the middle redraws the step: texts, names from the API, dates.
    await chooseLanguage(page, 'fr');
    await page.waitForFunction(() => document.getElementById('step-title')?.textContent === "Choisissez le jour et l'heure");
    await page.waitForFunction((text) => document.querySelector('.earliest-when')?.textContent.trim() === text,
      `${longDate(earliest.start, 'fr-FR')}, ${clock(earliest.start, 'fr-FR')}`);
    assert.match(await page.locator('.step p').first().textContent(), /^Travail : /);
    assert.equal(await page.locator('.cal th').first().textContent(), 'lun.');
    await page.locator('#choose-earliest').click();
    await atStep(page, 'Vérifiez et confirmez');
    await page.locator('#confirm-booking').click();
    await atStep(page, 'Rendez-vous réservé');
    assert.ok((await page.locator('.receipt').textContent()).includes('Documents à apporter'));
    // No e-mail address typed: keep the code and the link, and the way back without them.
    const next = await page.locator('.what-next').textContent();
    assert.match(next, /Vous n'avez pas indiqué d'adresse e-mail : gardez le code et le lien/);
    assert.match(next, /avec votre numéro de dossier et votre code fiscal/);
    assert.equal(await page.locator('.what-next a[href="/status"]').count(), 1);
    const [icsRequest] = await Promise.all([page.waitForRequest(/\/ics/), page.locator('#add-to-calendar').click()]);
    assert.match(icsRequest.url(), /lang=fr/, 'the .ics in the language of the page');
    await checkAccessibility(page, 'receipt in French');
    checkNoProblems(page);
    await page.close();
  });

  test('a booking with the keyboard only (Spanish)', async () => {
    const page = await browser.page({ language: 'es' });
    await page.goto(server.url('/'));
    await atStep(page, 'Elija la oficina');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Ir al contenido principal', 'skip link first');
    await tabTo(page, '#desk');
    for (let i = 0; i < 6 && (await page.locator('#desk').inputValue()) !== 'roma'; i += 1) {
      await page.keyboard.press('ArrowDown');  // a closed select changes with the arrow keys
    }
    assert.equal(await page.locator('#desk').inputValue(), 'roma');
    await tabTo(page, '#desk-continue');
    await page.keyboard.press('Enter');

    await atStep(page, 'Elija el tipo de cita');
    await tabTo(page, 'input[name="type"]');
    for (let i = 0; i < 6 && !(await page.locator('#type-ricongiungimento-documenti').isChecked()); i += 1) {
      await page.keyboard.press('ArrowDown');  // in a radio group the arrow keys choose
    }
    assert.equal(await page.evaluate(() => document.activeElement.value), 'ricongiungimento-documenti');
    await page.keyboard.press('Enter');  // submits the form

    await atStep(page, 'Introduzca los datos del expediente');
    await tabTo(page, '#application-id');
    await page.keyboard.type(DEMO.romaFamily.id);
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO.romaFamily.taxCode);
    await page.keyboard.press('Enter');

    await atStep(page, 'Elija día y hora');
    await page.locator('button.cal-day-free').first().waitFor();
    await tabTo(page, 'button.cal-day-free[tabindex="0"]');
    const firstDay = await page.evaluate(() => document.activeElement.dataset.date);
    await page.keyboard.press('ArrowRight');
    const secondDay = await page.evaluate(() => document.activeElement.dataset.date);
    assert.ok(secondDay > firstDay, 'the arrow keys move to the next free day');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-pressed')), 'true');
    await tabTo(page, 'input[name="slot"]');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    const start = await page.evaluate(() => document.activeElement.value);
    assert.equal(start.slice(0, 10), secondDay);
    await tabTo(page, '#choose-time');
    await page.keyboard.press('Enter');

    await atStep(page, 'Revise y confirme');
    assert.ok((await page.locator('.summary').textContent()).includes(longDate(start, 'es-ES')));
    await tabTo(page, '#confirm-booking');
    await page.keyboard.press('Enter');
    await atStep(page, 'Cita reservada');
    assert.equal(await focused(page), 'step-title');
    const code = (await page.locator('#booking-code').textContent()).trim();
    const lookup = await server.api('/api/v1/applications/lookup', {
      method: 'POST', body: { application_id: DEMO.romaFamily.id, tax_code: DEMO.romaFamily.taxCode },
    });
    assert.deepEqual(lookup.json.bookings.map((b) => [b.code, b.start]), [[code, start]]);
    checkNoProblems(page);
    await page.close();
  });

  test('a slot taken by someone else between view and confirm sends back to the calendar', async () => {
    const page = await browser.page({ language: 'it' });
    await page.goto(server.url('/?desk=latina&type=ricongiungimento-nulla-osta'));
    await atStep(page, 'Inserisci i dati della pratica');  // desk and type came from the address
    await verifyApplication(page, FAMILY_A.id, FAMILY_A.taxCode);
    await atStep(page, 'Scegli giorno e ora');
    await page.locator('#choose-earliest').click();
    await atStep(page, 'Controlla e conferma');
    const [taken] = await freeSlots(server, 'latina', 'ricongiungimento-nulla-osta');

    // Meanwhile, the other family books the only seat of that slot.
    await bookByApi(server, 'latina', {
      type: 'ricongiungimento-nulla-osta', start: taken.start, application_id: FAMILY_B.id, tax_code: FAMILY_B.taxCode,
    });
    await page.locator('#confirm-booking').click();

    await atStep(page, 'Scegli giorno e ora');
    const message = page.locator('.picker-message .alert');
    await page.locator('#choose-earliest').waitFor();  // the picker has loaded and moved focus
    assert.match(await message.textContent(), /qualcun altro ha prenotato quell'orario/);
    assert.ok(await page.evaluate(() => document.activeElement.closest('.picker-message') !== null), 'focus on the message');
    await look(page, 'book-7-slot-taken');
    const [next] = await freeSlots(server, 'latina', 'ricongiungimento-nulla-osta');
    assert.notEqual(next.start, taken.start);
    const offered = await page.locator('.earliest-when').textContent();
    assert.ok(offered.includes(clock(next.start, 'it-IT')) && offered.includes(longDate(next.start, 'it-IT')), offered);
    await page.locator('#choose-earliest').click();
    await atStep(page, 'Controlla e conferma');
    await page.locator('#confirm-booking').click();
    await atStep(page, 'Appuntamento prenotato');
    checkNoProblems(page);
    await page.close();
  });

  test('a desk without online booking says the applicant will be convened', async () => {
    const page = await browser.page({ language: 'it' });
    await page.goto(server.url('/'));
    await atStep(page, 'Scegli lo sportello');
    const option = await page.locator('#desk option[value="milano"]').textContent();
    assert.match(option, /solo su convocazione/);
    await page.locator('#desk').selectOption('milano');
    const info = page.locator('#desk-info .alert');
    await info.waitFor();
    assert.match(await info.textContent(), /non prenota ancora online/);
    assert.match(await info.textContent(), /sarà lo sportello a convocarti/);
    assert.ok((await page.locator('#desk-info .desk-contact').textContent()).includes('+39 02 1234 5678'), 'how to reach it meanwhile');
    assert.equal(await page.locator('#desk-continue').isVisible(), false, 'no way forward that would fail');
    await look(page, 'book-8-desk-not-online');

    await page.goto(server.url('/?desk=milano'));
    await atStep(page, 'Scegli lo sportello');
    await info.waitFor();
    assert.equal(await page.locator('#desk').inputValue(), 'milano');
    checkNoProblems(page);
    await page.close();
  });

  test('a reload keeps the step, the chosen time and then the receipt; the tax code is kept only until booked', async () => {
    const page = await browser.page({ language: 'it' });
    await page.goto(server.url(`/?desk=roma&type=${RELOADER.type}`));
    await atStep(page, 'Inserisci i dati della pratica');
    await verifyApplication(page, RELOADER.id, RELOADER.taxCode);
    await atStep(page, 'Scegli giorno e ora');
    await page.reload();
    await atStep(page, 'Scegli giorno e ora');
    // The second free day and its second time where there are two (not what the page offers first);
    // a month may hold a single free day (Easter Monday closes the last Monday of March 2027).
    const freeDays = page.locator('button.cal-day-free');
    await freeDays.first().waitFor();
    await freeDays.nth(Math.min(1, (await freeDays.count()) - 1)).click();
    const times = page.locator('.time-option input:not([disabled])');
    await times.first().waitFor({ state: 'attached' });
    const time = times.nth(Math.min(1, (await times.count()) - 1));
    const start = await time.getAttribute('value');
    await page.locator(`label[for="${await time.getAttribute('id')}"]`).click();
    await page.locator('#choose-time').click();
    await atStep(page, 'Controlla e conferma');

    await page.reload();
    await atStep(page, 'Controlla e conferma');
    const summary = await page.locator('.summary').textContent();
    assert.ok(summary.includes(longDate(start, 'it-IT')) && summary.includes(clock(start, 'it-IT')), `the chosen time is kept: ${summary}`);
    assert.ok(summary.includes(RELOADER.id), summary);
    await page.locator('#confirm-booking').click();
    await atStep(page, 'Appuntamento prenotato');
    const code = (await page.locator('#booking-code').textContent()).trim();
    const link = await page.locator('#manage-url').inputValue();
    const kept = await page.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
    assert.ok(!kept.includes(RELOADER.taxCode), `no tax code kept once booked: ${kept}`);

    await page.reload();
    await atStep(page, 'Appuntamento prenotato');
    assert.equal((await page.locator('#booking-code').textContent()).trim(), code);
    assert.equal(await page.locator('#manage-url').inputValue(), link, 'the private link is still there');
    const receipt = await page.locator('.receipt').textContent();
    assert.ok(receipt.includes(longDate(start, 'it-IT')) && receipt.includes('Via Ostiense 131/L'), receipt);
    assert.equal(await page.locator('svg.qr-code path').count(), 1);
    assert.match(await page.locator('.what-next').textContent(), /Non hai scritto un indirizzo e-mail/);
    await look(page, 'book-9-receipt-reloaded', { shot: false });

    // A new visit starts a new booking; going back shows the receipt again.
    await page.goto(server.url('/'));
    await atStep(page, 'Scegli lo sportello');
    await page.goBack();
    await atStep(page, 'Appuntamento prenotato');
    assert.equal((await page.locator('#booking-code').textContent()).trim(), code);
    const stored = await server.api(`/api/v1/bookings/${code}?token=${new URLSearchParams(link.split('#')[1]).get('token')}`);
    assert.equal(stored.json.start, start);
    checkNoProblems(page);
    await page.close();
  });

  test('the shortcuts to book the other appointment offer only the types still open', async () => {
    const desk = await server.api('/api/v1/desks/roma?lang=it');
    const name = (id) => desk.json.types.find((type) => type.id === id).name;
    const shortcuts = (page, selector) => page.locator(`${selector} a, ${selector} button`).allTextContents();
    const page = await browser.page({ language: 'it' });
    const verifyFor = async (type) => {
      await page.goto(server.url(`/?desk=roma&type=${type}`));
      await atStep(page, 'Inserisci i dati della pratica');
      await verifyApplication(page, TWO_TYPES.id, TWO_TYPES.taxCode);
    };
    const bookEarliest = async () => {
      await atStep(page, 'Scegli giorno e ora');
      await page.locator('#choose-earliest').click();
      await atStep(page, 'Controlla e conferma');
      await page.locator('#confirm-booking').click();
      await atStep(page, 'Appuntamento prenotato');
    };

    await verifyFor('lavoro-documenti');
    await bookEarliest();
    assert.deepEqual(await shortcuts(page, '.other-types'), [`Prenota: ${name('lavoro-nulla-osta')}`], 'the receipt offers the other one');

    // A type the application does not include: only the open one is offered, not the booked one.
    await verifyFor('ricongiungimento-documenti');
    await page.locator('#form-error .alert').waitFor();
    assert.match(await page.locator('#form-error .alert').textContent(), /La pratica non prevede questo appuntamento/);
    assert.deepEqual(await shortcuts(page, '.type-shortcuts'), [`Prenota: ${name('lavoro-nulla-osta')}`]);
    await checkAccessibility(page, 'other types offered');

    // The type already booked: said at once, with the way to the open one.
    await verifyFor('lavoro-documenti');
    await page.locator('#form-error .alert').waitFor();
    assert.match(await page.locator('#form-error .alert').textContent(), /Hai già un appuntamento di questo tipo/);
    assert.deepEqual(await shortcuts(page, '.type-shortcuts'), [`Prenota: ${name('lavoro-nulla-osta')}`]);
    await page.locator('.type-shortcuts button').click();
    await bookEarliest();
    assert.equal(await page.locator('.other-types').count(), 0, 'nothing left to book');

    await verifyFor('ricongiungimento-documenti');
    await page.locator('#form-error .alert').waitFor();
    assert.match(await page.locator('#form-error .alert').textContent(), /Hai già prenotato tutti gli appuntamenti previsti/);
    assert.equal(await page.locator('.type-shortcuts').count(), 0, 'no shortcut into a booked type');
    checkNoProblems(page);
    await page.close();
  });

  test('the Italian says "tu" throughout, also in refusals the server words formally and without JavaScript', async () => {
    const page = await browser.page({ language: 'it' });
    await page.goto(server.url(`/?desk=roma&type=${TWO_TABS.type}`));
    await atStep(page, 'Inserisci i dati della pratica');
    await verifyApplication(page, TWO_TABS.id, TWO_TABS.taxCode);
    await atStep(page, 'Scegli giorno e ora');
    await page.locator('#choose-earliest').click();
    await atStep(page, 'Controlla e conferma');
    const [, other] = await freeSlots(server, 'roma', TWO_TABS.type);
    await bookByApi(server, 'roma', { type: TWO_TABS.type, start: other.start, application_id: TWO_TABS.id, tax_code: TWO_TABS.taxCode });
    await page.locator('#confirm-booking').click();  // meanwhile booked from another tab
    const refusal = page.locator('#form-error .alert');
    await refusal.waitFor();
    assert.match(await refusal.textContent(), /^Hai già un appuntamento di questo tipo: puoi spostarlo o annullarlo\./);
    checkNoProblems(page);
    await page.close();

    const context = await browser.browser.newContext({ javaScriptEnabled: false });
    const still = await context.newPage();
    await still.goto(server.url('/'));
    assert.equal(await still.locator('noscript p[lang="it"], p[lang="it"]').first().textContent(),
      'Per usare questa pagina attiva JavaScript nel browser.');
    await context.close();
  });

  test('the language menu: the arrow keys move between languages, only Enter or a click changes the page', async () => {
    const page = await browser.page({ language: 'it' });
    await page.goto(server.url('/'));
    await atStep(page, 'Scegli lo sportello');
    const menuFocus = () => page.evaluate(() => document.activeElement.dataset.lang || document.activeElement.id);
    const pageLanguage = () => page.evaluate(() => document.documentElement.lang);
    await tabTo(page, '#language-button');
    assert.equal(await page.getAttribute('#language-button', 'aria-expanded'), 'false');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('#language-button', 'aria-expanded'), 'true');
    assert.equal(await menuFocus(), 'it', 'the menu opens on the language in use');
    assert.equal(await page.getAttribute('[data-lang="it"]', 'aria-checked'), 'true');
    await look(page, 'language-menu', { shot: false });
    await page.keyboard.press('ArrowDown');
    assert.equal(await menuFocus(), 'en');
    await page.keyboard.press('ArrowDown');
    assert.equal(await menuFocus(), 'fr');
    assert.equal(await pageLanguage(), 'it', 'moving through the menu changes nothing');
    assert.equal(await page.locator('h1').textContent(), 'Prenota un appuntamento');
    await page.keyboard.press('Escape');
    assert.equal(await menuFocus(), 'language-button');
    assert.equal(await page.locator('#language-menu').isVisible(), false);
    assert.equal(await pageLanguage(), 'it');

    await page.keyboard.press('ArrowDown');  // opens on the first language
    assert.equal(await menuFocus(), 'it');
    await page.keyboard.press('End');
    assert.equal(await menuFocus(), 'es');
    await page.keyboard.press('ArrowDown');  // wraps round
    assert.equal(await menuFocus(), 'it');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('h1').textContent === 'Reservar una cita');
    assert.equal(await pageLanguage(), 'es');
    assert.equal(await menuFocus(), 'language-button', 'focus back on the button');
    assert.equal(await page.locator('#language-menu').isVisible(), false);
    assert.match(await page.locator('#language-button').textContent(), /Español/);
    assert.equal(await page.getAttribute('[data-lang="es"]', 'aria-checked'), 'true');
    checkNoProblems(page);
    await page.close();
  });
});
