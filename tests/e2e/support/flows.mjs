// Steps of the applicant pages as a person takes them, shared by the test files.
import assert from 'node:assert/strict';
import { PHONE, DESKTOP, checkAccessibility, screenshot } from './browser.mjs';
import { addDays, testNow, today } from './test-clock.mjs';

// Waits for the booking step whose heading says `title` (a RegExp or text) and checks focus moved to it.
export async function atStep(page, title) {
  const heading = page.locator('#step-title');
  await heading.waitFor();
  await page.waitForFunction((wanted) => {
    const text = document.getElementById('step-title')?.textContent || '';
    return typeof wanted === 'string' ? text.includes(wanted) : new RegExp(wanted).test(text);
  }, typeof title === 'string' ? title : title.source);
  return (await heading.textContent()).trim();
}

// The id of the element that has focus, or its tag name.
export function focused(page) {
  return page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || '');
}

// axe-core and the headings' outline on the page as it is, then, when SPORTELLO_SCREENSHOTS asks for them, screenshots at phone
// width and (desktop: true) at desktop width, checked by axe there too. shot: false only checks.
export async function look(page, name, { desktop = false, shot = true } = {}) {
  await page.evaluate(() => document.fonts.ready);
  await checkAccessibility(page, name);
  await checkHeadings(page, name);
  if (!shot) return;
  await screenshot(page, `${name}-360`);
  if (desktop && process.env.SPORTELLO_SCREENSHOTS) {
    const size = page.viewportSize();
    await page.setViewportSize(DESKTOP);
    await screenshot(page, `${name}-desktop`);
    await checkAccessibility(page, `${name} (desktop)`);
    await checkHeadings(page, `${name} (desktop)`);
    await page.setViewportSize(size || PHONE);
  }
}

// Asserts that the visible headings of the main content form an outline a sighted reader sees too:
// one h1, no level skipped on the way down, and every heading smaller than those of higher levels.
export async function checkHeadings(page, what) {
  const headings = await page.evaluate(() => [...document.querySelectorAll('main :is(h1, h2, h3, h4, h5, h6)')]
    .filter((e) => e.getClientRects().length && !e.closest('.visually-hidden'))
    .map((e) => ({ level: Number(e.tagName[1]), size: parseFloat(getComputedStyle(e).fontSize), text: e.textContent.trim().slice(0, 40) })));
  const describe = (x) => `h${x.level} "${x.text}" (${x.size} px)`;
  assert.equal(headings.filter((x) => x.level === 1).length, 1, `${what}: one h1 in ${headings.map(describe)}`);
  headings.forEach((x, i) => {
    if (i > 0) assert.ok(x.level <= headings[i - 1].level + 1, `${what}: ${describe(x)} after ${describe(headings[i - 1])}`);
    for (const higher of headings.filter((y) => y.level < x.level)) {
      assert.ok(higher.size > x.size, `${what}: ${describe(x)} is not smaller than ${describe(higher)}`);
    }
  });
}

// Chooses `code` in the header's language menu with the mouse and waits for the page to follow.
export async function chooseLanguage(page, code) {
  await page.locator('#language-button').click();
  await page.locator(`#language-menu [data-lang="${code}"]`).click();
  await page.waitForFunction((wanted) => document.documentElement.lang === wanted, code);
}

export async function chooseDesk(page, desk) {
  await page.locator('#desk').selectOption(desk);
  await page.locator('#desk-continue').click();
}

export async function chooseType(page, type) {
  await page.locator(`label[for="type-${type}"]`).click();
  await page.locator('form button[type="submit"]').click();
}

export async function verifyApplication(page, id, taxCode) {
  await page.locator('#application-id').fill(id);
  await page.locator('#tax-code').fill(taxCode);
  await page.locator('#verify-form button[type="submit"]').click();
}

// Presses Tab until `selector` has focus (at most `limit` times); fails if it never does.
export async function tabTo(page, selector, limit = 40) {
  for (let i = 0; i < limit; i += 1) {
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${selector}`);
}

// The applicant availability of a desk and type as the API gives it: every slot with a free seat.
export async function freeSlots(server, desk, type) {
  const from = today();
  const to = addDays(from, 61);
  const answer = await server.api(`/api/v1/desks/${desk}/availability?type=${type}&from=${from}&to=${to}`);
  assert.equal(answer.status, 200);
  return answer.json.days.flatMap((day) => day.slots).filter((slot) => slot.free > 0);
}

// The free slots that stay inside the applicant window, and open to changes online, while a suite
// runs: a day and an hour away at least (min_notice_hours and cancel_notice_hours are 24 at the
// suites' desks), so that the test clock may start anywhere, even on a slot's edge.
export async function changeableSlots(server, desk, type) {
  const steady = testNow() + 25 * 3600 * 1000;
  return (await freeSlots(server, desk, type)).filter((slot) => Date.parse(slot.start) >= steady);
}

// Books through the API for another applicant (or for a test's setup); returns the 201 body.
export async function bookByApi(server, desk, body) {
  const answer = await server.api(`/api/v1/desks/${desk}/bookings`, { method: 'POST', body });
  assert.equal(answer.status, 201, answer.text);
  return answer.json;
}
