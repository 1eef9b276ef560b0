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

export function deskEvents(desk, onChange) {
  const url = `/api/v1/desks/${encodeURIComponent(desk)}/display/events`;
  let source = null;
  let stopped = false;
  let retry = 0;
  let running = null;
  let again = false;

  const run = async (event) => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = Promise.resolve().then(() => onChange(event)).catch(() => {});
    await running;
    running = null;
    if (again && !stopped) {
      again = false;
      run(event);
    }
  };

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
