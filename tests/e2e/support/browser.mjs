// Debian's chromium driven by playwright-core (never a downloaded browser), and the checks every
// test uses: axe-core with no serious or critical violation, no console error, screenshots.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SOURCE_DIR } from './server.mjs';
import { testNow } from './test-clock.mjs';

// The packages live in web/node_modules (web/package.json's devDependencies).
const require = createRequire(join(SOURCE_DIR, 'web/package.json'));
const CHROMIUM = process.env.SPORTELLO_CHROMIUM || '/usr/bin/chromium';
if (!existsSync(join(SOURCE_DIR, 'web/node_modules/playwright-core')) || !existsSync(CHROMIUM)) {
  throw new Error(`the e2e tests need web/node_modules and ${CHROMIUM}: run scripts/install-deps.sh`);
}
const { chromium } = require('playwright-core');
const { default: AxeBuilder } = require('@axe-core/playwright');

export const PHONE = { width: 360, height: 780 };
export const DESKTOP = { width: 1280, height: 900 };

export class Browser {
  // One chromium for a test file; playwright gives it a fresh profile (user-data-dir) of its own.
  static async launch() {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    return new Browser(browser);
  }

  constructor(browser) {
    this.browser = browser;
  }

  // A new page in a context of its own (empty storage), whose console errors and failed requests are
  // collected. The browser prefers `language`; its clock is in New York, so the pages must use the
  // desk's time zone, never the device's. It reads the suite's test clock, as the server does.
  async page({ viewport = PHONE, language = 'it' } = {}) {
    const context = await this.browser.newContext({
      viewport, locale: language, timezoneId: 'America/New_York', extraHTTPHeaders: { 'Accept-Language': language },
    });
    await context.clock.install({ time: testNow() });
    const page = await context.newPage();
    page.problems = [];
    page.on('console', (message) => {
      // A refused API call (409 slot_full, …) is part of the flow; failed assets are caught below.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        page.problems.push(`console: ${message.text()}`);
      }
    });
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (response.status() >= 400 && !url.pathname.startsWith('/api/')) page.problems.push(`${response.status()}: ${url.pathname}`);
    });
    page.on('pageerror', (error) => page.problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => {
      // A navigation (reload, link) aborts the requests still in flight: that is not a failure.
      if (request.failure()?.errorText !== 'net::ERR_ABORTED') page.problems.push(`request failed: ${request.url()}`);
    });
    page.on('close', () => context.close().catch(() => {}));
    return page;
  }

  async close() {
    await this.browser.close();
  }
}

// Asserts that axe-core finds no serious or critical WCAG 2.1 A/AA violation on the page as it is now.
export async function checkAccessibility(page, what) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .options({ resultTypes: ['violations'] })  // passes are not needed: about twice as fast
    .analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const describe = (v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')} ${n.failureSummary}`).join('\n')}`;
  assert.deepEqual(serious.map(describe), [], `accessibility problems on ${what}`);
  return results;
}

// Asserts that nothing went wrong in the page: no console error, no failed request, no CSP report.
export function checkNoProblems(page) {
  assert.deepEqual(page.problems, [], 'the page logged errors');
}

// Writes a screenshot when SPORTELLO_SCREENSHOTS names a folder (docs/screenshots for the README).
export async function screenshot(page, name) {
  const folder = process.env.SPORTELLO_SCREENSHOTS;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
}
