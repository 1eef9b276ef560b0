// Pages with nothing to draw (404): translate the static texts and follow language changes.
import { onLanguageChange } from './i18n.js';
import { setTitle, startPage, t } from './page.js';

const title = () => setTitle(t(document.querySelector('h1')?.dataset.i18n || 'site.title'));
startPage();
title();
onLanguageChange(title);
