// The privacy notice (/privacy) and the accessibility statement (/accessibility). Their texts are
// written in the page (data-i18n, Italian) and translated like every page's; this adds what only
// the browser knows: the contact addresses the operator set in legal-contacts.js, and the address
// of the service itself.
import { onLanguageChange } from './i18n.js';
import { LEGAL_CONTACTS } from './legal-contacts.js';
import { h, setTitle, startPage, t } from './page.js';

// A contact form (https://…) is linked as it is; anything else is an e-mail address.
function contactLink(address) {
  const href = /^https:\/\//i.test(address) ? address : `mailto:${address}`;
  return h('a', { href, text: address });
}

// An element with data-contact="NAME" keeps its own text (where the contacts are published) while
// LEGAL_CONTACTS[NAME] is empty; once it is set, the element says data-contact-text, then the address.
function showContacts() {
  for (const element of document.querySelectorAll('[data-contact]')) {
    const address = String(LEGAL_CONTACTS[element.dataset.contact] ?? '').trim();
    if (!address) continue;
    element.removeAttribute('data-i18n');  // drawn here from now on, in every language
    element.replaceChildren(`${t(element.dataset.contactText)} `, contactLink(address));
  }
}

function draw() {
  setTitle(t(document.querySelector('h1').dataset.i18n));
  showContacts();
}

startPage();
for (const link of document.querySelectorAll('a[data-site-address]')) link.textContent = `${location.origin}/`;
draw();
onLanguageChange(draw);
