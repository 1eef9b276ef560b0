// The short automatic check some desks ask of the applicant's browser (SPEC.md, "Fair release";
// docs/decisions.md, "Proof of work"): the ALTCHA widget (npm `altcha`, served from /vendor/altcha,
// nothing from another origin) fetches a challenge from GET /api/v1/challenge and solves it in Web
// Workers, by itself: nobody is asked to click or type anything. Each solution is accepted once, so
// one is solved ahead and a new one started as soon as it is used.
//
// The widget is shown under the page's content once a desk asks for the check, with a sentence
// saying what it is; it speaks the page's language. api.js decides which calls carry a solution
// (takeProof); the applicant pages call its prepareProofOfWork() when they start.
import { language, onLanguageChange, t } from './i18n.js';
import { h } from './page.js';

const VENDOR = '/vendor/altcha';
const FRESH_FOR_MS = 4 * 60 * 1000;  // a challenge lives five minutes: a solution older than this is not used
const WIDGET_LANGUAGES = { it: 'it', en: 'en', fr: 'fr-fr', es: 'es-es' };  // the widget's own texts

let loading = null;  // Promise of the widget element, once it is asked for
let ahead = null;    // { payload, at }: a solution ready for the next call
let solving = null;  // Promise of the solution under way

// The widget's texts in the page's language, with a label that says what happens here.
function useLanguage(widget) {
  const registry = globalThis.$altcha.i18n;
  const code = WIDGET_LANGUAGES[language()] || 'it';
  registry.set(code, { ...registry.get(code), label: t('pow.label') });
  widget.configure({ language: code });
  document.getElementById('proof-of-work-note').textContent = t('pow.note');
}

async function load() {
  document.head.append(h('link', { rel: 'stylesheet', href: `${VENDOR}/altcha.css` }));
  await import(`${VENDOR}/altcha.js`);
  await Promise.all(Object.values(WIDGET_LANGUAGES).map((code) => import(`${VENDOR}/i18n/${code}.js`)));
  globalThis.$altcha.algorithms.set('SHA-256', () => new Worker(`${VENDOR}/workers/sha.js`));
  const widget = h('altcha-widget', { challenge: '/api/v1/challenge', auto: 'off', display: 'standard', type: 'checkbox' });
  const host = h('section', { id: 'proof-of-work', class: 'proof-of-work', 'aria-labelledby': 'proof-of-work-note' },
    h('p', { id: 'proof-of-work-note', class: 'small text-secondary mb-2' }), widget);
  const loaded = new Promise((resolve) => widget.addEventListener('load', resolve, { once: true }));
  (document.getElementById('main') || document.body).append(host);
  await loaded;
  await widget.configure({ hideFooter: true, hideLogo: true, humanInteractionSignature: false, minDuration: 0 });
  useLanguage(widget);
  onLanguageChange(() => useLanguage(widget));
  return widget;
}

function widgetElement() {
  if (!loading) loading = load().catch((error) => { loading = null; throw error; });
  return loading;
}

// Solves a new challenge: { payload, at }. One at a time.
function solve() {
  if (!solving) {
    solving = (async () => {
      const widget = await widgetElement();
      widget.reset();
      const result = await widget.verify();
      if (!result?.payload) throw new Error('the browser could not solve the challenge');
      return { payload: result.payload, at: Date.now() };
    })().finally(() => { solving = null; });
  }
  return solving;
}

// Starts solving the next challenge, so it is ready when a call needs it.
function solveAhead() {
  solve().then((solution) => { ahead = solution; }, () => { ahead = null; });
}

// Shows the widget and solves a challenge ahead (a page whose desks ask for the check).
export function startProofOfWork() {
  if (!ahead && !solving) solveAhead();
}

// A solution for one call (the `Altcha` header): the one solved ahead when still fresh, else a new
// one; then the next is started. Rejects when the browser cannot solve one.
export async function takeProof() {
  let solution = ahead && Date.now() - ahead.at < FRESH_FOR_MS ? ahead : null;
  ahead = null;
  if (!solution) {
    solution = await solve();
    if (ahead === solution) ahead = null;  // solveAhead() of an earlier call resolved to this same one
  }
  solveAhead();
  return solution.payload;
}
