// The Italian tax code (codice fiscale) check that the server applies at import, so that a typo is
// caught before it counts as a failed verification: a 16-character personal code (omocodia letters
// allowed) with its check letter, or an 11-digit numeric code with its check digit.
// Mirrors engine/tax_code.cc.

const MONTHS = 'ABCDEHLMPRST';
const OMOCODIA = 'LMNPQRSTUV';
const ODD_VALUES = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
// L letter, D digit (or omocodia letter), M month letter, C check letter
const LAYOUT = 'LLLLLLDDMDDLDDDC';

export function normalizeTaxCode(typed) {
  return String(typed).replace(/[\s]/g, '').toUpperCase();
}

const isLetter = (c) => c >= 'A' && c <= 'Z';
const isDigit = (c) => c >= '0' && c <= '9';
const digitValue = (c) => (isDigit(c) ? Number(c) : OMOCODIA.indexOf(c));

function validPersonal(code) {
  for (let i = 0; i < 16; i += 1) {
    const c = code[i];
    const kind = LAYOUT[i];
    if ((kind === 'L' || kind === 'C') && !isLetter(c)) return false;
    if (kind === 'D' && digitValue(c) < 0) return false;
    if (kind === 'M' && !MONTHS.includes(c)) return false;
  }
  const day = digitValue(code[9]) * 10 + digitValue(code[10]);
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) return false;
  let sum = 0;
  for (let i = 0; i < 15; i += 1) {
    const index = isDigit(code[i]) ? Number(code[i]) : code.charCodeAt(i) - 65;
    sum += i % 2 === 0 ? ODD_VALUES[index] : index;
  }
  return String.fromCharCode(65 + (sum % 26)) === code[15];
}

function validNumeric(code) {
  if (!/^\d{11}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i += 1) {
    const digit = Number(code[i]);
    const doubled = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += i % 2 === 0 ? digit : doubled;
  }
  return (10 - (sum % 10)) % 10 === Number(code[10]);
}

// True for a valid code, after normalizeTaxCode().
export function isValidTaxCode(normalized) {
  if (normalized.length === 16) return validPersonal(normalized);
  if (normalized.length === 11) return validNumeric(normalized);
  return false;
}
