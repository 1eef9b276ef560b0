// What every page shares: the language selector, the translated static texts, small DOM helpers,
// announcements for screen readers, and how errors are shown next to what caused them.
// No inline script or style anywhere: the page's Content-Security-Policy forbids them.
import { language, languages, onLanguageChange, setLanguage, t, translate } from './i18n.js';

// Creates an element: h('p', { class: 'lead', text: 'Hi' }, child, …). Attributes whose value is
// false/null/undefined are left out; `text` sets textContent; `on` is { event: handler }.
export function h(tag, attributes = {}, ...children) {
  const element = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'text') element.textContent = value;
    else if (name === 'on') for (const [event, handler] of Object.entries(value)) element.addEventListener(event, handler);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) element.append(child);
  }
  return element;
}

// A labelled text input with a hint below it (a Bootstrap Italia form group). `attributes` are
// the input's, on top of the usual ones for codes (no autocomplete, no spell check).
// Returns { group, input }.
export function textField(id, label, hint, attributes = {}) {
  const input = h('input', { id, class: 'form-control', type: 'text', autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': `${id}-hint`, ...attributes });
  const group = h('div', { class: 'form-group field' },
    h('label', { for: id, class: 'active', text: label }), input,
    h('small', { id: `${id}-hint`, class: 'form-text', text: hint }));
  return { group, input };
}

// A Bootstrap Italia icon from the sprite, hidden from screen readers.
export function icon(name, extraClass = '') {
  const svg = h('svg:svg', { class: `icon ${extraClass}`.trim(), 'aria-hidden': 'true', focusable: 'false' });
  svg.append(h('svg:use', { href: `/vendor/bootstrap-italia/svg/sprites.svg#${name}` }));
  return svg;
}

// Says `message` to screen readers without moving focus.
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  window.setTimeout(() => { region.textContent = message; }, 50);
}

// Moves focus to `element` (a heading or an alert), making it focusable if needed, and scrolls to it.
export function focusOn(element) {
  if (!element) return;
  if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
  element.focus({ preventScroll: true });
  element.scrollIntoView({ block: 'start', behavior: 'instant' in document.documentElement.style ? 'instant' : 'auto' });
}

// An alert box (Bootstrap Italia) with a title and optional paragraphs or elements. Errors and warnings
// are announced at once (role alert), other news politely (role status).
export function alertBox(kind, title, ...body) {
  return h('div', { class: `alert alert-${kind}`, role: kind === 'danger' || kind === 'warning' ? 'alert' : 'status' },
    h('p', { class: 'alert-title fw-semibold mb-1', text: title }),
    ...body.map((part) => (typeof part === 'string' ? h('p', { class: 'mb-0', text: part }) : part)));
}

// Marks `input` invalid with `message` shown under it and read with it; clears when message is empty.
export function fieldError(input, message) {
  const id = `${input.id}-error`;
  let note = document.getElementById(id);
  if (!message) {
    input.classList.remove('is-invalid');
    input.removeAttribute('aria-invalid');
    note?.remove();
    const described = (input.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== id);
    if (described.length) input.setAttribute('aria-describedby', described.join(' '));
    else input.removeAttribute('aria-describedby');
    return;
  }
  if (!note) {
    note = h('div', { id, class: 'invalid-feedback d-block field-error' });
    input.closest('.form-group, .field')?.append(note);
  }
  note.textContent = message;
  input.addEventListener('input', () => fieldError(input, ''), { once: true });  // typing again clears it
  input.classList.add('is-invalid');
  input.setAttribute('aria-invalid', 'true');
  const described = new Set((input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean));
  described.add(id);
  input.setAttribute('aria-describedby', [...described].join(' '));
}

// A new random key for Idempotency-Key headers.
export function randomKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

// Sets document.title to "<what> – Sportello".
export function setTitle(what) {
  document.title = `${what} – ${t('site.short')}`;
}

// The WAI-ARIA menu button pattern: the button (Enter, Space, a click or the down and up arrows) opens
// the menu, whose items the arrow keys, Home and End move between; Enter, Space or a click chooses
// one, Escape closes the menu and Tab leaves it. The language changes only when one is chosen.
// The menu offers the page's languages (the staff console's two, see useTexts).
function setUpLanguageMenu() {
  const button = document.getElementById('language-button');
  if (!button) return;
  const menu = document.getElementById('language-menu');
  const current = button.querySelector('.language-current');
  const items = languages().map((code) => h('li', { role: 'menuitemradio', tabindex: '-1', lang: code, 'data-lang': code,
    text: t(`language.${code}`) }));
  menu.replaceChildren(...items);
  const show = () => {
    for (const item of items) item.setAttribute('aria-checked', String(item.dataset.lang === language()));
    current.textContent = t(`language.${language()}`);
    current.lang = language();
  };
  const focusItem = (index) => items[(index + items.length) % items.length].focus();
  const open = (index) => {
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    focusItem(index);
  };
  const close = (backToButton) => {
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    if (backToButton) button.focus();
  };
  const inUse = () => Math.max(0, items.findIndex((item) => item.dataset.lang === language()));
  const choose = (item) => {
    close(true);
    setLanguage(item.dataset.lang);
  };
  button.addEventListener('click', () => (menu.hidden ? open(inUse()) : close(false)));
  button.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    open(event.key === 'ArrowDown' ? 0 : items.length - 1);
  });
  menu.addEventListener('keydown', (event) => {
    const index = items.indexOf(document.activeElement);
    switch (event.key) {
      case 'ArrowDown': focusItem(index + 1); break;
      case 'ArrowUp': focusItem(index - 1); break;
      case 'Home': focusItem(0); break;
      case 'End': focusItem(items.length - 1); break;
      case 'Enter': case ' ': if (index >= 0) choose(items[index]); break;
      case 'Escape': close(true); break;
      case 'Tab': close(false); return;  // Tab moves on as usual
      default: return;
    }
    event.preventDefault();
  });
  menu.addEventListener('click', (event) => {
    const item = event.target.closest('[role="menuitemradio"]');
    if (item) choose(item);
  });
  document.addEventListener('click', (event) => {
    if (!menu.hidden && !event.target.closest('.language-picker')) close(false);
  });
  show();
  onLanguageChange(show);
}

function markCurrentPage() {
  const here = location.pathname.replace(/\.html$/, '').replace(/\/index$/, '/');
  for (const link of document.querySelectorAll('.site-nav a, .it-footer a')) {
    if (link.getAttribute('href') === here) link.setAttribute('aria-current', 'page');
  }
}

// Starts the shared parts; call once per page, before drawing anything.
export function startPage() {
  document.documentElement.lang = language();
  translate();
  setUpLanguageMenu();
  markCurrentPage();
  document.body.classList.add('js-ready');
}

export { t };
