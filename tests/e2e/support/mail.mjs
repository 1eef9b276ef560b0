// E-mail for the browser suites: a real SMTP server (tests/mail/smtp_sink.py on Debian's
// python3-aiosmtpd) that `sportello serve --smtp` delivers to, and the messages it received as an
// independent reader sees them (tests/mail/inspect_mail.py, Python's e-mail parser): decoded
// headers and bodies. A suite reads a message and follows its link, as the applicant would.
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SOURCE_DIR } from './server.mjs';

// Debian's python3, which has aiosmtpd and icalendar (a python3 earlier on PATH may not).
const PYTHON = process.env.SPORTELLO_PYTHON3 || '/usr/bin/python3';
const SINK = join(SOURCE_DIR, 'tests/mail/smtp_sink.py');
const INSPECT = join(SOURCE_DIR, 'tests/mail/inspect_mail.py');

// A TCP port on 127.0.0.1 that nothing listens on right now (for a server whose --public-url must
// name its port before it starts).
export function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.on('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

export class MailSink {
  // Starts the SMTP server on a free port, writing each message into a new temporary folder.
  static async start() {
    const dir = mkdtempSync(join(tmpdir(), 'sportello-mail-'));
    const child = spawn(PYTHON, [SINK, '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const port = await new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`the SMTP sink did not start (python3-aiosmtpd?):\n${output}`)), 30000);
      const check = (chunk) => {
        output += chunk;
        const match = /LISTENING (\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          done(Number(match[1]));
        }
      };
      child.stdout.on('data', check);
      child.stderr.on('data', (chunk) => { output += chunk; });
      child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`the SMTP sink exited (${code}):\n${output}`)); });
      child.on('error', (error) => { clearTimeout(timer); fail(error); });
    });
    return new MailSink(child, dir, port);
  }

  constructor(child, dir, port) {
    this.child = child;
    this.dir = dir;
    this.port = port;
    this.read = new Map();  // file name → the message as inspect_mail.py read it
  }

  // The options that make `sportello serve` send through this sink, with links to `publicUrl`.
  serveArgs(publicUrl) {
    return ['--smtp', `127.0.0.1:${this.port}`, '--mail-from', 'sportello@prefettura.example', '--public-url', publicUrl];
  }

  // Every message received so far, oldest first: { file, envelope_to, to, subject, text, html, … }.
  async messages() {
    const files = readdirSync(this.dir).filter((name) => name.endsWith('.eml')).sort();
    for (const file of files) {
      if (!this.read.has(file)) this.read.set(file, { file, ...(await inspect(join(this.dir, file))) });
    }
    return files.map((file) => this.read.get(file));
  }

  // Waits (up to `timeout` ms, polling the folder) for a message for which `wanted(message)` holds
  // and returns it; fails with the messages received meanwhile.
  async waitFor(wanted, { timeout = 60000, what = 'the message' } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = (await this.messages()).find(wanted);
      if (found) return found;
      if (Date.now() > deadline) {
        const got = (await this.messages()).map((m) => `${m.envelope_to}: ${m.subject}`);
        assert.fail(`${what} did not arrive within ${timeout / 1000} s; received: ${JSON.stringify(got)}`);
      }
      await new Promise((done) => { setTimeout(done, 250); });
    }
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

function inspect(file) {
  return new Promise((done, fail) => {
    execFile(PYTHON, [INSPECT, file], { maxBuffer: 4 << 20 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`inspect_mail.py ${file}: ${stderr || error.message}`));
      else done(JSON.parse(stdout));
    });
  });
}

// The first link in `message`'s plain text whose path is `path` (e.g. "/waitlist"), as a URL.
export function linkIn(message, path) {
  const links = [...message.text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => new URL(m[0].replace(/[.,;)]+$/, '')));
  const link = links.find((url) => url.pathname === path);
  assert.ok(link, `a link to ${path} in the message "${message.subject}":\n${message.text}`);
  return link;
}

// The parameters of a link's fragment ("#id=…&token=…").
export function fragmentOf(url) {
  return Object.fromEntries(new URLSearchParams(url.hash.slice(1)));
}
