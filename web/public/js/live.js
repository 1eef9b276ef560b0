// A desk's live events (GET /api/v1/desks/{desk}/display/events, text/event-stream): `call` for each
// call of a ticket (a recall too) and `queue` whenever the queue changes. The stream is opened
// before the page reads what it shows, and `onChange` also runs at each `open` (the first one and
// every reconnection), so nothing is missed between a read and the connection. No polling: the
// browser reconnects by itself (the server asks for 2 s); a stream the browser gave up on (CLOSED)
// is opened again here after RETRY_MS.
//
// `onChange(event)` runs once per burst: while a read it started is still going, further events
// ask for one more read after it, never for several in parallel.
const RETRY_MS = 5000;

// `work` made to run one call at a time: a call made while one runs asks for one more run after it
// (with that call's arguments), never for several, never in parallel. A run that throws ends the
// series (the caller's own error handling stays in `work`).
export function oneAtATime(work) {
  let running = false;
  let next = null;  // the arguments of the run asked for meanwhile
  return async (...args) => {
    if (running) {
      next = args;
      return;
    }
    running = true;
    try {
      for (let current = args; current; current = next) {
        next = null;
        await work(...current);
      }
    } finally {
      running = false;
    }
  };
}

export function deskEvents(desk, onChange) {
  const url = `/api/v1/desks/${encodeURIComponent(desk)}/display/events`;
  let source = null;
  let stopped = false;
  let retry = 0;

  const run = oneAtATime(async (event) => {
    if (stopped) return;
    try {
      await onChange(event);
    } catch {
      // the next event reads again
    }
  });

  const open = () => {
    source = new EventSource(url);
    for (const name of ['open', 'call', 'queue']) source.addEventListener(name, run);
    source.addEventListener('error', () => {
      if (stopped || source.readyState !== EventSource.CLOSED) return;
      retry = window.setTimeout(() => { if (!stopped) open(); }, RETRY_MS);
    });
  };
  open();

  return {
    // Stops listening for good.
    close() {
      stopped = true;
      window.clearTimeout(retry);
      source?.close();
    },
  };
}
