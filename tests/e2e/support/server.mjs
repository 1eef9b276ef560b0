// Starts a real `sportello serve` for one test file: a fresh database in a temporary directory, the
// shipped calendars, the web pages, demo applications, any free port (parsed from its
// "listening on http://HOST:PORT" line). SPORTELLO_BIN names the binary (CTest sets it).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SOURCE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BINARY = process.env.SPORTELLO_BIN || join(SOURCE_DIR, 'build/dev/tools/sportello');

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
};

// Runs `sportello ARGS…`; `input` is written to its stdin.
function run(args, { input } = {}) {
  return new Promise((done, fail) => {
    const child = spawn(BINARY, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (input !== undefined) child.stdin.end(input);
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done(output) : fail(new Error(`sportello ${args[0]} failed (${code}): ${output}`))));
  });
}

export class Server {
  // `applications`: extra CSV rows "id,desk,tax_code,email,phone,types,status" imported before start.
  // `editCalendar(desk, calendar)`: changes a copy of the shipped calendars before the desks are made.
  // `users`: names from STAFF to create (password STAFF_PASSWORD).
  static async start({ applications = [], editCalendar = null, users = [] } = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'sportello-e2e-'));
    const db = join(dir, 'sportello.db');
    const calendars = join(dir, 'calendars');
    cpSync(join(SOURCE_DIR, 'calendars'), calendars, { recursive: true });
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
      await run(['import-applications', '--db', db, csv]);
    }
    for (const name of users) {
      const { role, desk } = STAFF[name];
      await run(['user', 'add', '--db', db, '--username', name, '--role', role, ...(desk ? ['--desk', desk] : [])],
        { input: `${STAFF_PASSWORD}\n` });
    }
    const child = spawn(BINARY, [
      'serve', '--db', db, '--port', '0', '--demo', '--calendars', calendars, '--web', join(SOURCE_DIR, 'web/public'),
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new Server(child, dir);
    server.base = await server.listening().catch((error) => {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
      throw error;
    });
    child.stdout.resume();
    child.stderr.resume();
    return server;
  }

  // The base address from the "listening on http://HOST:PORT" line the server prints once it listens.
  listening() {
    const { child } = this;
    return new Promise((done, fail) => {
      let log = '';
      const timer = setTimeout(() => fail(new Error(`sportello serve did not start:\n${log}`)), 15000);
      child.stderr.on('data', (chunk) => {
        log += chunk;
        const match = /listening on (http:\/\/[^\s:]+:\d+)/.exec(log);
        if (match) {
          clearTimeout(timer);
          done(match[1]);
        }
      });
      child.on('exit', (code) => fail(new Error(`sportello serve exited (${code}):\n${log}`)));
    });
  }

  // Creates the desks from the shipped calendars by starting and stopping a server once.
  static async seed(db, calendars) {
    const child = spawn(BINARY, ['serve', '--db', db, '--port', '0', '--calendars', calendars],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise((done, fail) => {
      let log = '';
      child.stderr.on('data', (chunk) => {
        log += chunk;
        if (log.includes('listening on')) child.kill('SIGTERM');
      });
      child.on('exit', () => (log.includes('listening on') ? done() : fail(new Error(log))));
    });
  }

  constructor(child, dir) {
    this.child = child;
    this.dir = dir;
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

  async stop() {
    if (this.child.exitCode === null) {
      const exited = new Promise((done) => this.child.on('exit', done));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
