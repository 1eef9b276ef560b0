// Test data: valid Italian tax codes made up for the tests, and dates as a person reads them.

const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

// A personal tax code: the 15 characters given plus their check letter.
export function taxCode(first15) {
  let sum = 0;
  for (let i = 0; i < 15; i += 1) {
    const c = first15[i];
    const index = c >= '0' && c <= '9' ? Number(c) : c.charCodeAt(0) - 65;
    sum += i % 2 === 0 ? ODD[index] : index;
  }
  return first15 + String.fromCharCode(65 + (sum % 26));
}

// What a person in `timeZone` would read for an instant, formatted as the pages do.
export function longDate(instant, locale, timeZone = 'Europe/Rome') {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone })
    .format(new Date(instant));
}

export function clock(instant, locale, timeZone = 'Europe/Rome') {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone })
    .format(new Date(instant));
}

// A date and time in little room ("20 nov 2026, 09:00"), as the status page's history writes them.
export function shortDateTime(instant, locale, timeZone = 'Europe/Rome') {
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone,
  }).format(new Date(instant));
}
