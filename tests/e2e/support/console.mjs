// Steps of the staff console (/staff) as desk staff take them, and the staff API as a test calls it
// directly (another person at the desk, or a check of what the server now says).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { SOURCE_DIR, STAFF_PASSWORD, Server } from './server.mjs';

// Signs `username` in through the form and waits for the first view.
export async function signIn(page, server, username) {
  await page.goto(server.url('/staff'));
  await page.locator('#login-form').waitFor();
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(STAFF_PASSWORD);
  await page.locator('#login-form button[type="submit"]').click();
  await page.locator('#console-nav:not([hidden])').waitFor();
  await viewReady(page);
}

// Opens `hash` (e.g. "day?desk=roma&date=2026-12-01") in the signed-in console and waits for it.
export async function openView(page, hash) {
  await page.evaluate((target) => { location.hash = target; }, hash);
  await viewReady(page);
}

// Waits until the view has drawn (no loading indicator left in it).
export async function viewReady(page) {
  await page.waitForFunction(() => {
    const view = document.getElementById('view');
    return (view && view.children.length && !view.querySelector('.loading')) || document.querySelector('#main .alert-warning');
  });
}

// A bearer token for `username`, signed in through the API.
export async function staffToken(server, username) {
  const answer = await server.api('/api/v1/staff/login', { method: 'POST', body: { username, password: STAFF_PASSWORD } });
  assert.equal(answer.status, 200, answer.text);
  return answer.json.token;
}

// A staff API call with `token`.
export function staffApi(server, token, path, options = {}) {
  return server.api(path, { ...options, headers: { Authorization: `Bearer ${token}`, ...(options.headers || {}) } });
}

// The text of the CSV file a click on `selector` downloads.
export async function downloadedText(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

// Stops `server` and starts `sportello serve` again on the same database and files with its clock
// at `instant` (RFC 3339), as if the desk opened later on: what was booked for then has begun.
// Returns the new server (stop() it instead of the old one) with `now()`, its clock's instant in
// milliseconds, for the browser's clock (page.clock.setSystemTime). `port`: listen there again
// (the old server's), as a restarted process does, instead of on any free port. The options given
// to Server.start as `args` (the mail relay) are given again.
export async function restartAt(server, instant, { port = 0 } = {}) {
  const dir = server.dir;
  const extraArgs = server.extraArgs || [];
  server.dir = null;  // the files stay for the next server
  await server.stop();
  const binary = process.env.SPORTELLO_BIN || join(SOURCE_DIR, 'build/dev/tools/sportello');
  const next = Object.create(Server.prototype);
  Object.assign(next, { dir, log: '', extraArgs });
  next.child = spawn(binary, ['serve', '--db', join(dir, 'sportello.db'), '--demo', '--calendars', join(dir, 'calendars'),
    '--web', join(SOURCE_DIR, 'web/public'), ...extraArgs, '--port', String(port), '--now', instant], { stdio: ['ignore', 'pipe', 'pipe'] });
  next.child.stdout.on('data', (chunk) => { next.log += chunk; });
  next.child.stderr.on('data', (chunk) => { next.log += chunk; });
  next.exited = new Promise((done) => next.child.on('exit', (code, signal) => done({ code, signal })));
  next.spawnFailed = new Promise((done) => next.child.on('error', done));
  const started = Date.now();
  next.now = () => Date.parse(instant) + (Date.now() - started);
  next.base = await next.listening();
  return next;
}
