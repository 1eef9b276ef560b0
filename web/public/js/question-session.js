// What the questions page keeps in this tab's sessionStorage, so that a reload keeps the question
// open on screen (the one just sent, or one opened from the list):
//   sportello.question: { id, token, number, sent } — the ticket's id and token (which open it),
//     its number, and whether it was sent in this tab (the page then shows its number prominently).
// Never the tax code, nor any message: the page reads the ticket again with its
// token. The browser erases it when the tab is closed. docs/privacy.md, "What the browser keeps",
// and the privacy notice say the same, and change with this file.
const KEY = 'sportello.question';

// The question kept in this tab, or null.
export function savedQuestion() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    return saved && saved.id && saved.token ? saved : null;
  } catch {
    return null;  // storage disabled or unreadable: the page asks again
  }
}

// Keeps `question` ({ id, token, number, sent }); null forgets it.
export function saveQuestion(question) {
  try {
    if (question) {
      const { id, token, number, sent = false } = question;
      sessionStorage.setItem(KEY, JSON.stringify({ id, token, number, sent }));
    } else {
      sessionStorage.removeItem(KEY);
    }
  } catch {
    /* see savedQuestion() */
  }
}
