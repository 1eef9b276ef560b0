// Starts a real `sportello serve` for one test file: a fresh database in a temporary directory, the
// suites' own desk calendars (tests/e2e/calendars: the shipped weekly hours without dated openings
// or closures) with the shipped type catalogue, topics of questions and status events, the web
// pages, demo applications, the suites' test clock (`--now`), any free port (parsed from its
// "listening on http://HOST:PORT" line).
// SPORTELLO_BIN names the binary (CTest sets it).
//
// The server's whole stderr is kept. A server that exits before stop(), a stop that does not exit 0,
// or a sanitizer report anywhere in its output fails the suite, with the output.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testNowInstant } from './test-clock.mjs';

export const SOURCE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BINARY = process.env.SPORTELLO_BIN || join(SOURCE_DIR, 'build/dev/tools/sportello');
const DESK_CALENDARS = join(SOURCE_DIR, 'tests/e2e/calendars');

// What AddressSanitizer, LeakSanitizer, UndefinedBehaviorSanitizer and ThreadSanitizer print.
export const SANITIZER_REPORT = /ERROR: (Address|Leak)Sanitizer|WARNING: ThreadSanitizer|runtime error: |SUMMARY: \w+Sanitizer/;

// Demo applications (see tools/sportello/serve_setup.cc), plus those a test imports.
export const DEMO = {
  roma: { id: 'DEMO-RM-0001', taxCode: 'RSSMRA85T10A562S', type: 'lavoro-documenti' },
  romaFamily: { id: 'DEMO-RM-0002', taxCode: 'BNCLRA90A41H501F', type: 'ricongiungimento-documenti' },
  latina: { id: 'DEMO-LT-0001', taxCode: 'VRDGPP80A01E472Z', type: 'lavoro-nulla-osta' },
};

// Staff accounts a test may ask for (`users: ['admin', 'op.roma', …]`), all with STAFF_PASSWORD.
export const STAFF_PASSWORD = 'password di prova lunga';
export const STAFF = {
  admin: { role: 'admin' },
  'op.roma': { role: 'operator', desk: 'roma' },
  'mgr.roma': { role: 'manager', desk: 'roma' },
  'op.latina': { role: 'operator', desk: 'latina' },
  'op.milano': { role: 'operator', desk: 'milano' },
  'kiosk.roma': { role: 'kiosk', desk: 'roma' },  // the check-in tablet's device account
  'help.one': { role: 'helpdesk' },  // the national help desk (front office of questions): no desk
  'help.two': { role: 'helpdesk' },
};

// Runs `sportello ARGS…`; `input` is written to its stdin. Resolves with what it printed on stdout.
function run(args, { input } = {}) {
  return new Promise((done, fail) => {
    const child = spawn(BINARY, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (input !== undefined) child.stdin.end(input);
    let output = '';
    let printed = '';
    child.stdout.on('data', (chunk) => { output += chunk; printed += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done(printed) : fail(new Error(`sportello ${args[0]} failed (${code}): ${output}`))));
  });
}

export class Server {
  // `applications`: extra CSV rows "id,desk,tax_code,email,phone,types,status" imported before start.
  // `editCalendar(desk, calendar)`: changes a copy of the suites' calendars before the desks are made.
  // `users`: names from STAFF to create (password STAFF_PASSWORD).
  // `args`: more options for `serve` (e.g. the mail relay, see mail.mjs), kept for restartAt.
  // `port`: listen there (e.g. one named in --public-url) instead of on any free port.
  static async start({ applications = [], editCalendar = null, users = [], args = [], port = 0 } = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'sportello-e2e-'));
    const db = join(dir, 'sportello.db');
    const calendars = join(dir, 'calendars');
    cpSync(DESK_CALENDARS, calendars, { recursive: true });
    cpSync(join(SOURCE_DIR, 'calendars/types.json'), join(calendars, 'types.json'));
    cpSync(join(SOURCE_DIR, 'calendars/topics.json'), join(calendars, 'topics.json'));  // without it no question can be asked
    cpSync(join(SOURCE_DIR, 'calendars/status_events.json'), join(calendars, 'status_events.json'));  // the texts of known event codes
    for (const desk of editCalendar ? ['roma', 'latina', 'milano', 'napoli'] : []) {
      const file = join(calendars, `${desk}.json`);
      const calendar = JSON.parse(readFileSync(file, 'utf8'));
      editCalendar(desk, calendar);
      writeFileSync(file, JSON.stringify(calendar, null, 2));
    }
    // The desks must exist before applications and accounts refer to them: a first start creates them.
    if (applications.length || users.length) await Server.seed(db, calendars);
    if (applications.length) {
      const csv = join(dir, 'applications.csv');
      writeFileSync(csv, ['application_id,desk,tax_code,email,phone,types,status', ...applications].join('\n') + '\n');
      await run(['import-applications', '--db', db, '--now', testNowInstant(), csv]);
    }
    for (const name of users) {
      const { role, desk } = STAFF[name];
      await run(['user', 'add', '--db', db, '--username', name, '--role', role, ...(desk ? ['--desk', desk] : [])],
        { input: `${STAFF_PASSWORD}\n` });
    }
    const server = new Server(['--db', db, '--demo', '--calendars', calendars, '--web', join(SOURCE_DIR, 'web/public'), ...args], dir, port);
    server.extraArgs = args;
    server.base = await server.listening().catch(async (error) => {
      await server.stop().catch(() => {});
      throw error;
    });
    return server;
  }

  // Creates the desks from the calendars by starting and stopping a server once.
  static async seed(db, calendars) {
    const server = new Server(['--db', db, '--calendars', calendars], null);
    await server.listening();
    await server.stop();
  }

  // Spawns `sportello serve ARGS… --port PORT --now <test clock>` (PORT 0: any free one); `dir` (if
  // any) is removed by stop().
  constructor(args, dir, port = 0) {
    this.dir = dir;
    this.log = '';
    this.extraArgs = [];
    this.child = spawn(BINARY, ['serve', ...args, '--port', String(port), '--now', testNowInstant()],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk) => { this.log += chunk; });
    this.child.stderr.on('data', (chunk) => { this.log += chunk; });
    this.exited = new Promise((done) => this.child.on('exit', (code, signal) => done({ code, signal })));
    this.spawnFailed = new Promise((done) => this.child.on('error', done));
  }

  // The base address from the "listening on http://HOST:PORT" line the server prints once it listens.
  listening() {
    return new Promise((done, fail) => {
      const finish = (settle, value) => {
        clearTimeout(timer);
        this.child.stderr.off('data', check);
        settle(value);
      };
      const timer = setTimeout(() => finish(fail, new Error(`sportello serve did not start:\n${this.log}`)), 15000);
      const check = () => {
        const match = /listening on (http:\/\/[^\s:]+:\d+)/.exec(this.log);
        if (match) finish(done, match[1]);
      };
      this.child.stderr.on('data', check);
      this.exited.then(({ code, signal }) => finish(fail, new Error(`sportello serve exited (${code ?? signal}):\n${this.log}`)));
      this.spawnFailed.then((error) => finish(fail, error));
    });
  }

  // Issues an API key of the national system with `sportello key add` on this server's database,
  // while it runs, as an administrator would; returns the key (sent as `Authorization: Bearer KEY`).
  async addApiKey(name, { desk } = {}) {
    const db = join(this.dir, 'sportello.db');
    const printed = await run(['key', 'add', '--db', db, '--name', name, ...(desk ? ['--desk', desk] : [])]);
    return printed.trim();
  }

  url(path) {
    return new URL(path, this.base).href;
  }

  // A JSON API call from the test itself (another applicant, or a check).
  async api(path, { method = 'GET', body, headers = {} } = {}) {
    const response = await fetch(this.url(path), {
      method, headers: { 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json = null;
    try { json = JSON.parse(text); } catch { json = null; }
    return { status: response.status, json, text, headers: response.headers };
  }

  // Stops the server with SIGTERM and fails unless it had kept running until then, exits 0 and
  // printed no sanitizer report.
  async stop() {
    const diedEarly = this.child.exitCode !== null || this.child.signalCode !== null;
    if (!diedEarly) this.child.kill('SIGTERM');
    const { code, signal } = await this.exited;
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    if (diedEarly) throw new Error(`sportello serve died during the suite (${code ?? signal}):\n${this.log}`);
    if (code !== 0) throw new Error(`sportello serve did not stop cleanly (${code ?? signal}):\n${this.log}`);
    if (SANITIZER_REPORT.test(this.log)) throw new Error(`sportello serve reported a sanitizer error:\n${this.log}`);
  }
}
