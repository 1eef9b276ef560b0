// Reconfirmation ("No seat wasted"): at Roma, family-reunification appointments must be confirmed
// again between 10 and 3 days before. Two applicants book the same morning two weeks or more ahead.
// Before the window the manage page says when they will be asked; the server restarted inside the
// window e-mails the request (a real SMTP server, tests/mail/smtp_sink.py), whose link opens the
// manage page with "Confirm that I will come" focused; opening it changes nothing, one press
// confirms. Restarted after the window, the booking never confirmed is released, and its page says
// so in plain words with a way to book again. In English, French and Italian; axe-core on each state.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, checkNoProblems } from './support/browser.mjs';
import { restartAt } from './support/console.mjs';
import { clock, longDate, taxCode } from './support/data.mjs';
import { bookByApi, changeableSlots, look } from './support/flows.mjs';
import { MailSink, fragmentOf, freePort, linkIn } from './support/mail.mjs';
import { Server } from './support/server.mjs';
import { addDays, testNow, today } from './support/test-clock.mjs';

const DESK = 'roma';
const TYPE = 'ricongiungimento-documenti';
const CONFIRMER = { id: 'E2E-RC-0001', taxCode: taxCode('LBRHSN84A01Z330'), email: 'will.come@example.org' };
const FORGETFUL = { id: 'E2E-RC-0002', taxCode: taxCode('MNDLNA90B42Z343'), email: 'forgot.to.confirm@example.org' };

let server;
let browser;
let mail;
let port;
let confirmer;
let forgetful;

const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const bookingOf = (booking) => server.api(`/api/v1/bookings/${booking.code}`, { headers: { 'X-Booking-Token': booking.manage_token } });

// Waits until the API says what `check(booking)` wants of the booking, and returns it.
async function bookingWhen(booking, check, what) {
  const deadline = Date.now() + 60000;
  for (;;) {
    const answer = await bookingOf(booking);
    if (answer.status === 200 && check(answer.json)) return answer.json;
    assert.ok(Date.now() < deadline, `${what}: ${answer.text}`);
    await new Promise((done) => { setTimeout(done, 250); });
  }
}

before(async () => {
  mail = await MailSink.start();
  port = await freePort();
  server = await Server.start({
    port,
    args: mail.serveArgs(`http://127.0.0.1:${port}`),
    editCalendar: (desk, calendar) => {
      if (desk === DESK) calendar.types[TYPE].reconfirm = { from_days: 10, until_days: 3 };
    },
    applications: [CONFIRMER, FORGETFUL].map((who) => `${who.id},${DESK},${who.taxCode},${who.email},,${TYPE},In istruttoria`),
  });
  browser = await Browser.launch();
  // A morning at least twelve days ahead: its window opens later than now.
  const from = addDays(today(), 12);
  const slot = (await changeableSlots(server, DESK, TYPE)).find((s) => s.start.slice(0, 10) >= from && s.free >= 2);
  assert.ok(slot, 'a seat two weeks ahead');
  confirmer = await bookByApi(server, DESK, { type: TYPE, start: slot.start, application_id: CONFIRMER.id, tax_code: CONFIRMER.taxCode, email: CONFIRMER.email, lang: 'fr' });
  forgetful = await bookByApi(server, DESK, { type: TYPE, start: slot.start, application_id: FORGETFUL.id, tax_code: FORGETFUL.taxCode, email: FORGETFUL.email, lang: 'it' });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await mail?.stop();
});

describe('reconfirmation', () => {
  test('before the window, the manage page says when the confirmation will be asked', async () => {
    assert.ok(confirmer.reconfirm_from && confirmer.reconfirm_until, JSON.stringify(confirmer));
    assert.ok(!confirmer.confirmed_at);
    assert.ok(Date.parse(confirmer.reconfirm_from) > testNow(), 'the window opens later');
    const page = await browser.page({ language: 'en' });
    await page.goto(server.url(`/manage#code=${confirmer.code}&token=${confirmer.manage_token}`));
    const state = page.locator('#reconfirm-state');
    await state.waitFor();
    const last = Date.parse(confirmer.reconfirm_until) - 60_000;
    assert.equal(await state.textContent(),
      `We will ask you to confirm that you will come: you can do it from ${longDate(confirmer.reconfirm_from, 'en-GB')} to ${longDate(last, 'en-GB')} (by ${clock(last, 'en-GB')}). We will send you an e-mail.`);
    assert.equal(await page.locator('#confirm-attendance').count(), 0, 'nothing to press yet');
    await look(page, 'reconfirm-1-later');
    checkNoProblems(page);
    await page.close();
  });

  test('inside the window, the e-mail asks for the confirmation and its link leads to one button', async () => {
    server = await restartAt(server, rfc3339(Date.parse(confirmer.reconfirm_from) + 3600_000), { port });
    const message = await mail.waitFor((m) => m.envelope_to.includes(CONFIRMER.email) && /confirm=1/.test(m.text),
      { what: 'the request to reconfirm' });
    const link = linkIn(message, '/manage');
    const fragment = fragmentOf(link);
    assert.equal(fragment.code, confirmer.code);
    assert.equal(fragment.confirm, '1');
    assert.ok(fragment.token, `the link carries the access code: ${link.href}`);

    const page = await browser.page({ language: 'fr' });
    await page.clock.setSystemTime(server.now());
    await page.goto(link.href);
    const button = page.locator('#confirm-attendance');
    await button.waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'confirm-attendance');
    assert.equal((await button.textContent()).trim(), 'Je confirme que je viendrai');
    assert.match(await page.locator('#reconfirm').getAttribute('class'), /is-requested/);
    const last = Date.parse(confirmer.reconfirm_until) - 60_000;
    assert.equal(await page.locator('#reconfirm-state').textContent(),
      `Confirmez avant le ${longDate(last, 'fr-FR')} à ${clock(last, 'fr-FR')}. Si vous ne confirmez pas, le rendez-vous est annulé et la place va à quelqu'un d'autre.`);
    const unchanged = await bookingOf({ code: fragment.code, manage_token: fragment.token });
    assert.ok(!unchanged.json.confirmed_at, 'opening the link changes nothing');
    await look(page, 'reconfirm-2-asked', { desktop: true });

    await page.keyboard.press('Enter');  // focus is on the button: one key confirms
    await page.locator('.notice .alert-success').waitFor();
    assert.match(await page.locator('.notice').textContent(), /Merci : vous avez confirmé votre venue/);
    const confirmed = await bookingOf({ code: fragment.code, manage_token: fragment.token });
    assert.ok(confirmed.json.confirmed_at, confirmed.text);
    assert.equal(await page.locator('#reconfirm-state').textContent(),
      `Vous avez confirmé le ${longDate(confirmed.json.confirmed_at, 'fr-FR')} à ${clock(confirmed.json.confirmed_at, 'fr-FR')}. Merci : à bientôt.`);
    assert.equal(await page.locator('#confirm-attendance').count(), 0);
    await look(page, 'reconfirm-3-confirmed');
    // The e-mail's link opened again: the confirmation stands, nothing asks twice.
    await page.reload();
    await page.locator('#reconfirm-state').waitFor();
    assert.match(await page.locator('#reconfirm-state').textContent(), /Vous avez confirmé le/);
    checkNoProblems(page);
    await page.close();
    confirmer = { ...confirmer, manage_token: fragment.token };
  });

  test('after the window, a booking never confirmed is released and its page says so', async () => {
    server = await restartAt(server, rfc3339(Date.parse(forgetful.reconfirm_until) + 3600_000), { port });
    await bookingWhen(forgetful, (b) => b.status === 'released', 'the unconfirmed booking is released');
    const kept = await bookingOf(confirmer);
    assert.equal(kept.json.status, 'booked', 'the confirmed one stays');

    const page = await browser.page({ language: 'it' });
    await page.clock.setSystemTime(server.now());
    await page.goto(server.url(`/manage#code=${forgetful.code}&token=${forgetful.manage_token}`));
    await page.locator('.status-badge').waitFor();
    assert.equal((await page.locator('.status-badge').textContent()).trim(), 'Annullato: non confermato');
    const explained = page.locator('.alert', { hasText: 'Questo appuntamento è stato annullato' });
    await explained.waitFor();
    assert.match(await explained.textContent(), /La conferma non è arrivata in tempo/);
    assert.match(await explained.locator('a').getAttribute('href'), new RegExp(`desk=${DESK}&type=${TYPE}`));
    assert.equal(await page.locator('#move-booking, #cancel-booking, #confirm-attendance').count(), 0);
    assert.equal(await page.locator('svg.qr-code').count(), 0, 'no code to show at the desk');
    await look(page, 'reconfirm-4-released');
    checkNoProblems(page);
    await page.close();
  });
});
