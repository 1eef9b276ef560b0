// The one clock of a browser suite: the server (`sportello serve --now`), the browser (playwright's
// clock) and the test's own date arithmetic all read it, so no suite depends on the day it runs.
// It starts at SPORTELLO_TEST_NOW (an RFC 3339 instant; scripts/test-dates.sh sets a DST change, a
// Saturday, a holiday eve, 31 December) or else at DEFAULT_TEST_NOW, and runs in real time.

// An ordinary Monday morning in Rome, off every slot boundary: the earliest slot a suite can book
// (24 hours ahead at least) stays inside the window for 8 minutes, not for a second.
const DEFAULT_TEST_NOW = '2026-11-23T10:07:00+01:00';
const START = Date.parse(process.env.SPORTELLO_TEST_NOW || DEFAULT_TEST_NOW);
if (Number.isNaN(START)) throw new Error(`SPORTELLO_TEST_NOW is not an instant: ${process.env.SPORTELLO_TEST_NOW}`);
const STARTED_AT = Date.now();

// The test clock's current instant, in milliseconds since the epoch.
export function testNow() {
  return START + (Date.now() - STARTED_AT);
}

// The test clock's current instant as RFC 3339 in UTC, for `serve --now`.
export function testNowInstant() {
  return new Date(testNow()).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// Today's date (YYYY-MM-DD) at the desks, in Europe/Rome, by the test clock.
export function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date(testNow()));
}

// The date `count` days after `day` (both YYYY-MM-DD).
export function addDays(day, count) {
  return new Date(Date.parse(`${day}T12:00:00Z`) + count * 86400000).toISOString().slice(0, 10);
}
