// The four languages of the pages: which one is in use, the texts, and formatting of dates and times.
// (The staff console brings texts of its own in Italian and English: useTexts.)
//
// The language is, in order: `?lang=` in the address, the choice remembered on this device
// (localStorage), the browser's preferred languages, Italian. Changing it re-translates the static
// texts (elements with data-i18n="key", data-i18n-attr="attribute:key;…") and tells listeners, which
// re-render what they drew. Dates and times are always shown in the desk's time zone.
import { TEXTS } from './texts.js';

export const LANGUAGES = ['it', 'en', 'fr', 'es'];
const LOCALES = { it: 'it-IT', en: 'en-GB', fr: 'fr-FR', es: 'es-ES' };
const STORAGE_KEY = 'sportello.lang';
const listeners = new Set();
let pageTexts = null;         // a page's own texts by language (the staff console: it and en)
let pageLanguages = LANGUAGES;
let current = pickInitial();

function stored() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled: the choice lasts for this page only
  }
}

function pickInitial() {
  const asked = new URLSearchParams(location.search).get('lang');
  if (pageLanguages.includes(asked)) {
    remember(asked);
    return asked;
  }
  const saved = stored();
  if (pageLanguages.includes(saved)) return saved;
  for (const preferred of navigator.languages || [navigator.language]) {
    const base = String(preferred || '').slice(0, 2).toLowerCase();
    if (pageLanguages.includes(base)) return base;
  }
  return 'it';
}

function remember(language) {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    /* see stored() */
  }
}

export function language() {
  return current;
}

// The languages this page offers: all four, or those of its own texts (see useTexts).
export function languages() {
  return pageLanguages;
}

// Gives the page texts of its own, `{ it: {...}, en: {...} }`, looked up before the shared ones; the
// page then offers only those languages. Call before startPage().
export function useTexts(texts) {
  pageTexts = texts;
  pageLanguages = LANGUAGES.filter((code) => code in texts);
  current = pickInitial();
}

export function locale() {
  return LOCALES[current];
}

// The text for `key` in the current language with {name} placeholders filled from `values`.
// Falls back to Italian, then to the key itself (so a missing text is visible, not blank).
export function t(key, values = {}) {
  const text = pageTexts?.[current]?.[key] ?? TEXTS[current][key] ?? pageTexts?.it?.[key] ?? TEXTS.it[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

export function translate(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of element.dataset.i18nAttr.split(';')) {
      const [attribute, key] = pair.split(':');
      element.setAttribute(attribute.trim(), t(key.trim()));
    }
  }
}

export function setLanguage(next) {
  if (!pageLanguages.includes(next) || next === current) return;
  current = next;
  remember(next);
  document.documentElement.lang = next;
  translate();
  for (const listener of listeners) listener(next);
}

export function onLanguageChange(listener) {
  listeners.add(listener);
}

// ---- dates and times, in the desk's zone ----

// "martedì 1 dicembre 2026" for an instant (RFC 3339) in `timeZone`.
export function formatDate(instant, timeZone) {
  return new Intl.DateTimeFormat(locale(), {
    weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone,
  }).format(new Date(instant));
}

// "09:20" for an instant in `timeZone`.
export function formatTime(instant, timeZone) {
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone })
    .format(new Date(instant));
}

// "20 nov 2026, 09:00" for an instant in `timeZone`: a date and a time where room is short (a step
// of an application's history on a phone).
export function formatShortDateTime(instant, timeZone) {
  return new Intl.DateTimeFormat(locale(), {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone,
  }).format(new Date(instant));
}

// A calendar date "YYYY-MM-DD" (already in the desk's zone) as text; `options` as Intl's.
export function formatDay(day, options = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }) {
  const [year, month, date] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { ...options, timeZone: 'UTC' })
    .format(new Date(Date.UTC(year, month - 1, date, 12)));
}

// Today's date "YYYY-MM-DD" in `timeZone`.
export function today(timeZone) {
  const parts = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone })
    .formatToParts(new Date());
  const part = (type) => parts.find((p) => p.type === type).value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

// `day` ("YYYY-MM-DD") plus `count` days.
export function addDays(day, count) {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + count)).toISOString().slice(0, 10);
}

// The local calendar date "YYYY-MM-DD" of an RFC 3339 instant as written by the API (desk's offset).
export function dayOf(instant) {
  return instant.slice(0, 10);
}
