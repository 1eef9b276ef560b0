// The manage page: an applicant opens the private link of a booking, moves it, cancels it, and is told
// in plain words why a change is refused (too late to change online).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, DESKTOP, PHONE, checkAccessibility, checkNoProblems } from './support/browser.mjs';
import { clock, longDate } from './support/data.mjs';
import { bookByApi, changeableSlots, checkHeadings, focused, look } from './support/flows.mjs';
import { DEMO, Server } from './support/server.mjs';

let server;
let browser;

before(async () => {
  // At Latina, work nulla osta appointments may be changed online only up to 60 days before: every
  // such booking is "too late to change" as soon as it is made.
  server = await Server.start({
    editCalendar: (desk, calendar) => {
      if (desk === 'latina') calendar.types['lavoro-nulla-osta'].cancel_notice_hours = 1440;
    },
  });
  browser = await Browser.launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function book(application, desk, slotIndex = 0) {
  const slots = await changeableSlots(server, desk, application.type);
  return bookByApi(server, desk, {
    type: application.type, start: slots[slotIndex].start, application_id: application.id, tax_code: application.taxCode,
  });
}

const manageLink = (booking) => server.url(`/manage#code=${booking.code}&token=${booking.manage_token}`);

describe('manage', () => {
  test('the private link shows the booking, which can be moved to another time', async () => {
    const booking = await book(DEMO.roma, 'roma');
    const page = await browser.page({ language: 'it' });
    await page.goto(manageLink(booking));
    await page.locator('#booking-code').waitFor();
    assert.equal((await page.locator('#booking-code').textContent()).trim(), booking.code);
    const receipt = await page.locator('.receipt').textContent();
    assert.ok(receipt.includes(longDate(booking.start, 'it-IT')) && receipt.includes(clock(booking.start, 'it-IT')), receipt);
    assert.ok(receipt.includes('Prenotato'));
    await look(page, 'manage-1-booking', { desktop: true });
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      await checkHeadings(page, `the booking at ${viewport.width} px`);  // the page's title is the largest
    }
    await page.setViewportSize(PHONE);
    assert.equal(await page.locator('svg.qr-code').count(), 1, 'a booked appointment has its QR code for the desk');
    const deadline = Date.parse(booking.start) - 24 * 3600 * 1000;
    assert.equal(await page.locator('.change-deadline').textContent(),
      `Puoi spostare o annullare l'appuntamento online fino a 24 ore prima: entro ${longDate(deadline, 'it-IT')} alle ${clock(deadline, 'it-IT')}. Dopo, contatta lo sportello.`);
    const contact = await page.locator('.receipt .desk-contact').textContent();
    for (const fact of ['+39 06 1234 5678', 'sui.roma@prefettura.example', 'Dal lunedì al venerdì, 9:00–13:00']) {
      assert.ok(contact.includes(fact), `${fact} in ${contact}`);
    }

    await page.locator('#move-booking').click();
    await page.locator('#choose-earliest').waitFor();
    assert.equal(await page.locator('#move-title').textContent(), "Sposta l'appuntamento");
    const offered = await page.locator('.earliest-when').textContent();
    assert.ok(!offered.includes(`${longDate(booking.start, 'it-IT')}, ore ${clock(booking.start, 'it-IT')}`),
      'the current time is not offered as a new one');
    await look(page, 'manage-2-move');
    await page.locator('button.cal-day-free').last().click();
    const times = page.locator('.time-option input:not([disabled])');
    const target = await times.last().getAttribute('value');
    await page.locator(`label[for="${await times.last().getAttribute('id')}"]`).click();
    await page.locator('#choose-time').click();
    await page.locator('#confirm-move').waitFor();
    const question = await page.locator('.facts').textContent();
    assert.ok(question.includes(longDate(booking.start, 'it-IT')) && question.includes(longDate(target, 'it-IT')), question);
    await checkAccessibility(page, 'confirm move');
    await page.locator('#confirm-move').click();

    const notice = page.locator('.notice .alert');
    await notice.waitFor();
    assert.match(await notice.textContent(), /Fatto: il tuo appuntamento ora è/);
    assert.ok((await notice.textContent()).includes(clock(target, 'it-IT')));
    const stored = await server.api(`/api/v1/bookings/${booking.code}`, { headers: { 'X-Booking-Token': booking.manage_token } });
    assert.equal(stored.json.start, target);
    assert.equal(stored.json.status, 'booked');
    checkNoProblems(page);
    await page.close();
  });

  test('cancelling asks first, then frees the seat and offers a new booking', async () => {
    const booking = await book(DEMO.romaFamily, 'roma');
    const page = await browser.page({ language: 'fr' });
    await page.goto(manageLink(booking));
    await page.locator('#cancel-booking').click();
    await page.locator('#confirm-cancel').waitFor();
    assert.ok((await page.locator('#cancel-title').textContent()).includes('Annuler le rendez-vous'));
    assert.equal(await focused(page), 'cancel-title');
    const question = await page.locator('main').textContent();
    assert.ok(question.includes(`du ${longDate(booking.start, 'fr-FR')} à ${clock(booking.start, 'fr-FR')}`), question);
    await look(page, 'manage-3-cancel', { shot: false });

    await page.locator('#confirm-cancel').click();
    await page.locator('.notice .alert').waitFor();
    assert.match(await page.locator('.notice .alert').textContent(), /Le rendez-vous a été annulé/);
    assert.match(await page.locator('.status-badge').textContent(), /Annulé/);
    assert.equal(await page.locator('#move-booking').count(), 0, 'nothing left to move');
    assert.equal(await page.locator('svg.qr-code').count(), 0, 'no QR code to show at the desk for a cancelled booking');
    assert.ok(!(await page.locator('main').textContent()).includes('Le guichet peut lire ce code.'), 'nor its caption');
    const again = page.locator('a', { hasText: 'Réserver un nouveau rendez-vous' });
    assert.match(await again.getAttribute('href'), /desk=roma&type=ricongiungimento-documenti/);
    await checkAccessibility(page, 'cancelled booking');
    const stored = await server.api(`/api/v1/bookings/${booking.code}?token=${booking.manage_token}`);
    assert.equal(stored.json.status, 'cancelled');
    await page.reload();
    await page.locator('.status-badge').waitFor();
    assert.match(await page.locator('.status-badge').textContent(), /Annulé/);
    assert.equal(await page.locator('svg.qr-code').count(), 0, 'nor after a reload');
    checkNoProblems(page);
    await page.close();
  });

  test('a change refused as too late is explained next to the button, and nothing changes', async () => {
    const booking = await book(DEMO.latina, 'latina');
    const page = await browser.page({ language: 'en' });
    await page.goto(manageLink(booking));
    await page.locator('.change-deadline').waitFor();
    assert.equal(await page.locator('.change-deadline').textContent(),
      'The time to change it online (60 days before the appointment) has passed: if you cannot come, contact the desk.');
    assert.ok((await page.locator('.receipt .desk-contact').textContent()).includes('+39 0773 123 456'), 'the desk to contact');
    await page.locator('#cancel-booking').click();
    await page.locator('#confirm-cancel').click();
    const refusal = page.locator('.refusal .alert');
    await refusal.waitFor();
    assert.match(await refusal.textContent(), /too late to change it online/);
    assert.match(await refusal.textContent(), /contact the desk directly/);
    assert.ok(await page.evaluate(() => document.activeElement.closest('.refusal') !== null), 'focus on the explanation');
    await look(page, 'manage-4-too-late');
    assert.equal(await page.locator('#confirm-cancel').count(), 0, 'no button that would be refused again');
    await page.locator('button', { hasText: 'Keep the current appointment' }).click();
    await page.locator('#view-title').waitFor();
    assert.equal(await page.locator('#move-booking').count(), 0);
    assert.match(await page.locator('.refusal').textContent(), /too late to change it online/);
    const stored = await server.api(`/api/v1/bookings/${booking.code}?token=${booking.manage_token}`);
    assert.equal(stored.json.status, 'booked');
    checkNoProblems(page);
    await page.close();
  });

  test('without the link, the booking opens from its code and the pasted link or access token; a wrong one is refused', async () => {
    const page = await browser.page({ language: 'it' });
    await page.goto(server.url('/manage'));
    await page.locator('#booking-code').waitFor();
    await look(page, 'manage-0-open', { shot: false });
    await page.locator('#booking-code').fill('RM-XXXX-XXXX-XXXX');
    await page.locator('#booking-token').fill('not-the-token');
    await page.locator('#ask-form button[type="submit"]').click();
    const problem = page.locator('.notice .alert');
    await problem.waitFor();
    assert.match(await problem.textContent(), /Non troviamo una prenotazione/);

    const mine = await book(DEMO.romaFamily, 'roma', 1);  // its earlier booking was cancelled above
    // The example in the hint looks like a real code: the same groups of the same lengths.
    const shape = (code) => code.replace(/[A-Z0-9]/g, 'X');
    const [example] = (await page.locator('#booking-code-hint').textContent()).match(/[A-Z]{2}(-[A-Z0-9]+)+/);
    assert.equal(shape(example), shape(mine.code), `the hint's ${example} and a real ${mine.code}`);
    await page.locator('#booking-code').fill('');
    await page.locator('#booking-token').fill(manageLink(mine));  // the whole link, pasted
    await page.locator('#ask-form button[type="submit"]').click();
    await page.locator('.receipt').waitFor();
    assert.equal((await page.locator('.booking-code').textContent()).trim(), mine.code);
    assert.ok(page.url().includes(`#code=${mine.code}`), 'the address now opens this booking');
    checkNoProblems(page);
    await page.close();

    // E-mails after the first carry only the code; the applicant types the access token.
    const later = await browser.page({ language: 'it' });
    await later.goto(server.url(`/manage#code=${mine.code}`));
    await later.locator('#booking-token').waitFor();
    assert.equal(await later.locator('#booking-code').inputValue(), mine.code);
    assert.equal(await focused(later), 'booking-token');
    await later.keyboard.type(mine.manage_token);
    await later.keyboard.press('Enter');
    await later.locator('.receipt').waitFor();
    assert.equal((await later.locator('.booking-code').textContent()).trim(), mine.code);
    checkNoProblems(later);
    await later.close();
  });
});
