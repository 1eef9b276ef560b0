// The privacy notice (/privacy) and the accessibility statement (/accessibility): linked from the
// footer of every applicant page, in the four languages, with the contacts the operator sets
// (web/public/js/legal-contacts.js), under the pages' Content-Security-Policy; and what the notice
// says about the browser (no cookies, nothing from other sites, only the language remembered until
// a booking begins).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, checkNoProblems } from './support/browser.mjs';
import { chooseLanguage, look } from './support/flows.mjs';
import { Server } from './support/server.mjs';

const PAGES = ['/', '/manage', '/status', '/questions', '/no-such-page', '/privacy', '/accessibility'];

// How each language names the two pages (footer, heading) and words the facts the tests look for.
const LANGUAGES = {
  it: {
    privacyLink: 'Informativa privacy', accessibilityLink: 'Dichiarazione di accessibilità',
    privacyTitle: 'Informativa sulla privacy', accessibilityTitle: 'Dichiarazione di accessibilità',
    basis: 'articolo 6, paragrafo 1, lettera e, del GDPR',
    retention: ['180 giorni', '365 giorni', '30 giorni', '1 giorno', '2 anni'],
    statement: ['parzialmente conforme', 'UNI CEN/EN 301 549', 'WCAG 2.1', '3 dicembre 2026', '30 giorni'],
    writeToController: 'Per scrivere al titolare:',
  },
  en: {
    privacyLink: 'Privacy notice', accessibilityLink: 'Accessibility statement',
    privacyTitle: 'Privacy notice', accessibilityTitle: 'Accessibility statement',
    basis: 'Article 6(1)(e) GDPR',
    retention: ['180 days', '365 days', '30 days', '1 day', '2 years'],
    statement: ['partially compliant', 'UNI CEN/EN 301 549', 'WCAG 2.1', '3 December 2026', '30 days'],
    writeToController: 'To write to the controller:',
  },
  fr: {
    privacyLink: 'Protection des données', accessibilityLink: "Déclaration d'accessibilité",
    privacyTitle: 'Protection des données personnelles', accessibilityTitle: "Déclaration d'accessibilité",
    basis: 'article 6, paragraphe 1, point e, du RGPD',
    retention: ['180 jours', '365 jours', '30 jours', '1 jour', '2 ans'],
    statement: ['partiellement conforme', 'UNI CEN/EN 301 549', 'WCAG 2.1', '3 décembre 2026', '30 jours'],
    writeToController: 'Pour écrire au responsable du traitement :',
  },
  es: {
    privacyLink: 'Aviso de privacidad', accessibilityLink: 'Declaración de accesibilidad',
    privacyTitle: 'Aviso de privacidad', accessibilityTitle: 'Declaración de accesibilidad',
    basis: 'artículo 6, apartado 1, letra e, del RGPD',
    retention: ['180 días', '365 días', '30 días', '1 día', '2 años'],
    statement: ['parcialmente conforme', 'UNI CEN/EN 301 549', 'WCAG 2.1', '3 de diciembre de 2026', '30 días'],
    writeToController: 'Para escribir al responsable del tratamiento:',
  },
};

// Addresses an operator could set; .example is reserved, so nobody receives anything.
const CONFIGURED_CONTACTS = `export const LEGAL_CONTACTS = {
  controller: 'protocollo@prefettura.example',
  dataProtectionOfficer: 'rpd@ministero.example',
  accessibility: 'https://accessibilita.example/segnala',
};`;

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

// A page that records every Content-Security-Policy violation (the listener is added before any
// script of the page runs) and every address it requests.
async function watchedPage(options) {
  const page = await browser.page(options);
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation',
      (event) => window.cspViolations.push(`${event.violatedDirective}: ${event.blockedURI || 'inline'}`));
  });
  page.requested = [];
  page.on('request', (request) => page.requested.push(request.url()));
  return page;
}

// Opens `path` and waits until its script has translated it.
async function open(page, path) {
  await page.goto(server.url(path));
  await page.locator('body.js-ready').waitFor();
}

// No console error, no failed request (but the 404 page's own status), no CSP violation.
async function checkClean(page) {
  assert.deepEqual(await page.evaluate(() => window.cspViolations), [], 'Content-Security-Policy violations');
  page.problems = page.problems.filter((problem) => problem !== '404: /no-such-page');
  checkNoProblems(page);
}

const headings = (page) => page.locator('main h2').allTextContents();
const mainText = async (page) => (await page.locator('main').textContent()).replace(/\s+/g, ' ');

describe('privacy notice and accessibility statement', () => {
  test('every applicant page links to both from its footer, and the links work', async () => {
    const page = await watchedPage({ language: 'it' });
    for (const path of PAGES) {
      await open(page, path);
      const privacy = page.locator('.it-footer a[href="/privacy"]');
      const accessibility = page.locator('.it-footer a[href="/accessibility"]');
      assert.equal(await privacy.textContent(), LANGUAGES.it.privacyLink, path);
      assert.equal(await accessibility.textContent(), LANGUAGES.it.accessibilityLink, path);
      await checkClean(page);

      await privacy.click();
      await page.waitForURL(server.url('/privacy'));
      await page.locator('body.js-ready').waitFor();
      assert.equal(await page.locator('h1').textContent(), LANGUAGES.it.privacyTitle, `from ${path}`);
      assert.equal(await page.locator('.it-footer a[href="/privacy"]').getAttribute('aria-current'), 'page');
      await checkClean(page);

      await page.goBack();
      await page.locator('body.js-ready').waitFor();
      await page.locator('.it-footer a[href="/accessibility"]').click();
      await page.waitForURL(server.url('/accessibility'));
      await page.locator('body.js-ready').waitFor();
      assert.equal(await page.locator('h1').textContent(), LANGUAGES.it.accessibilityTitle, `from ${path}`);
      await checkClean(page);
    }
    await page.close();
  });

  test('the privacy notice in four languages: headings, retention periods, footer', async () => {
    const page = await watchedPage({ language: 'it' });
    await open(page, '/privacy');
    let previous = null;
    for (const [language, words] of Object.entries(LANGUAGES)) {
      if (language !== 'it') await chooseLanguage(page, language);
      assert.equal(await page.locator('h1').textContent(), words.privacyTitle);
      assert.ok((await page.title()).startsWith(`${words.privacyTitle} – `), await page.title());
      const now = await headings(page);
      assert.equal(now.length, 8, `${language}: ${now}`);
      if (previous) now.forEach((heading, i) => assert.notEqual(heading, previous[i], `${language}: heading ${i + 1} not translated`));
      previous = now;
      const text = await mainText(page);
      for (const period of words.retention) assert.ok(text.includes(period), `${language}: "${period}" in ${text}`);
      for (const law of [words.basis, '286/1998', '394/1999']) assert.ok(text.includes(law), `${language}: legal basis ${law}`);
      assert.equal(await page.locator('main a[href="https://www.garanteprivacy.it"]').count(), 1);
      assert.equal(await page.locator('.it-footer a[href="/privacy"]').textContent(), words.privacyLink);
      assert.equal(await page.locator('.it-footer a[href="/accessibility"]').textContent(), words.accessibilityLink);
      await look(page, language === 'it' ? 'privacy' : `privacy-${language}`, { desktop: language === 'it', shot: language === 'it' });
    }
    await checkClean(page);
    await page.close();
  });

  test('the accessibility statement in four languages: AgID model sections, date, enforcement, address', async () => {
    const page = await watchedPage({ language: 'fr' });
    await open(page, '/accessibility');
    assert.equal(await page.locator('h1').textContent(), LANGUAGES.fr.accessibilityTitle, 'the browser language first');
    await chooseLanguage(page, 'it');
    let previous = null;
    for (const [language, words] of Object.entries(LANGUAGES)) {
      if (language !== 'it') await chooseLanguage(page, language);
      assert.equal(await page.locator('h1').textContent(), words.accessibilityTitle);
      const now = await headings(page);
      assert.equal(now.length, 6, `${language}: ${now}`);
      if (previous) now.forEach((heading, i) => assert.notEqual(heading, previous[i], `${language}: heading ${i + 1} not translated`));
      previous = now;
      const text = await mainText(page);
      for (const fact of words.statement) assert.ok(text.includes(fact), `${language}: "${fact}" in ${text}`);
      assert.equal(await page.locator('main a[href="https://form.agid.gov.it"]').count(), 1);
      const addresses = await page.locator('main a[data-site-address]').allTextContents();
      assert.deepEqual(addresses, [server.url('/'), server.url('/')], 'the address of the service, from the page itself');
      await look(page, language === 'it' ? 'accessibility' : `accessibility-${language}`, { desktop: language === 'it', shot: language === 'it' });
    }
    await checkClean(page);
    await page.close();
  });

  test('without contacts set, the pages say where they are published; once set, they show them', async () => {
    const page = await watchedPage({ language: 'it' });
    await open(page, '/privacy');
    assert.equal(await page.locator('main a[href^="mailto:"]').count(), 0, 'no address shipped');
    assert.match(await page.locator('[data-contact="controller"]').textContent(), /contatti pubblicati sul sito della prefettura/);
    assert.match(await page.locator('[data-contact="dataProtectionOfficer"]').textContent(), /www\.interno\.gov\.it/);
    await checkClean(page);
    await page.close();

    const configured = await watchedPage({ language: 'it' });
    await configured.route('**/js/legal-contacts.js', (route) => route.fulfill({ contentType: 'text/javascript', body: CONFIGURED_CONTACTS }));
    await open(configured, '/privacy');
    const controller = configured.locator('[data-contact="controller"]');
    assert.equal((await controller.textContent()).trim(), `${LANGUAGES.it.writeToController} protocollo@prefettura.example`);
    assert.equal(await controller.locator('a').getAttribute('href'), 'mailto:protocollo@prefettura.example');
    assert.equal(await configured.locator('[data-contact="dataProtectionOfficer"] a').getAttribute('href'), 'mailto:rpd@ministero.example');
    await chooseLanguage(configured, 'es');
    assert.equal((await controller.textContent()).trim(), `${LANGUAGES.es.writeToController} protocollo@prefettura.example`);
    await look(configured, 'privacy-contacts', { shot: false });
    await open(configured, '/accessibility');
    const feedback = configured.locator('[data-contact="accessibility"] a');
    assert.equal(await feedback.getAttribute('href'), 'https://accessibilita.example/segnala');
    await checkClean(configured);
    await configured.close();
  });

  test('as the notice says: no cookie, nothing from another site, only the language kept in the browser', async () => {
    const page = await watchedPage({ language: 'en' });
    for (const path of PAGES) await open(page, path);
    await chooseLanguage(page, 'es');
    const elsewhere = page.requested.filter((url) => new URL(url).origin !== new URL(server.base).origin);
    assert.deepEqual(elsewhere, []);
    assert.deepEqual(await page.context().cookies(), []);
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), ['sportello.lang']);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    await checkClean(page);
    await page.close();

    for (const path of ['/privacy', '/accessibility']) {
      const answer = await fetch(server.url(path));
      assert.equal(answer.status, 200);
      assert.match(answer.headers.get('content-security-policy'), /default-src 'self'/);
      assert.equal(answer.headers.get('set-cookie'), null);
      const html = await answer.text();
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${path}: no inline script`);
      assert.doesNotMatch(html, /\son[a-z]+=/i, `${path}: no inline event handler`);
      assert.doesNotMatch(html, /\sstyle=/i, `${path}: no inline style`);
    }
  });

  test('on a 320 px screen every applicant page fits without scrolling sideways', async () => {
    const page = await watchedPage({ language: 'fr', viewport: { width: 320, height: 640 } });
    for (const path of PAGES) {
      await open(page, path);
      await page.evaluate(() => document.fonts.ready);
      const [scrolled, visible] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert.ok(scrolled <= visible, `${path}: ${scrolled} px wide on a ${visible} px screen`);
    }
    await checkClean(page);
    await page.close();
  });

  test('without JavaScript, both pages can still be read in Italian', async () => {
    const context = await browser.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.url('/privacy'));
    assert.equal((await page.locator('main h2').count()), 8);
    assert.ok((await mainText(page)).includes('180 giorni'));
    await page.goto(server.url('/accessibility'));
    assert.ok((await mainText(page)).includes('parzialmente conforme'));
    await context.close();
  });
});
