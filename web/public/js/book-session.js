// What the booking page keeps in this tab's sessionStorage, so that a reload loses neither the step
// reached nor the receipt. Two records, each replaced whole:
//   sportello.booking: the booking under way: desk, type, the chosen time and, once the application
//     is checked, its number and tax code, which the booking request needs; gone once it is booked;
//   sportello.receipt: the booking made (the API's answer, with its manage token), whether an
//     e-mail address was typed, and the ids of the appointment types the application may still book;
//   sportello.waitlist: the waiting-list entry joined (the API's answer, with its token) and whether
//     an e-mail address was typed.
// The browser erases both when the tab is closed. Nothing else is kept: docs/privacy.md, "What the
// browser keeps", and the privacy notice say the same, and change with this file.
const FLOW = 'sportello.booking';
const RECEIPT = 'sportello.receipt';
const WAITLIST = 'sportello.waitlist';

function read(key) {
  try {
    return JSON.parse(sessionStorage.getItem(key) || 'null');
  } catch {
    return null;  // storage disabled or unreadable: the page starts afresh, as before
  }
}

function write(key, value) {
  try {
    if (value) sessionStorage.setItem(key, JSON.stringify(value));
    else sessionStorage.removeItem(key);
  } catch {
    /* see read() */
  }
}

// The booking under way, or null.
export const savedFlow = () => read(FLOW);

// Keeps the booking under way (null forgets it).
export const saveFlow = (flow) => write(FLOW, flow);

// The last receipt of this tab, or null.
export const savedReceipt = () => read(RECEIPT);

// Keeps the receipt and forgets the booking under way, tax code included.
export function saveReceipt(receipt) {
  write(FLOW, null);
  write(RECEIPT, receipt);
}

// The waiting-list entry joined in this tab, or null.
export const savedWaitlist = () => read(WAITLIST);

// Keeps the entry joined: { entry, emailGiven }.
export const saveWaitlist = (joined) => write(WAITLIST, joined);
