// The waiting list of a desk (operators and up, GET …/waitlist?type=T): for the type chosen, the line
// in order — number, application, state, the dates that suit, since when — and for a seat offered
// the seat and when the offer runs out, in the desk's time zone. The line changes by itself (offers
// run out, applicants accept or leave), so the view reads it again every 30 seconds while the tab
// is visible, and redraws only when something changed; "Aggiorna" reads it at once.
import { formatDay, formatTime, t } from '../js/i18n.js';
import { h } from '../js/page.js';
import { busy, deskDetail, errorBox, field, loading, scrollingTable, typeName, when } from './common.js';
import * as staff from './staff-api.js';

const REFRESH_MS = 30000;

function stateBadge(state) {
  const kinds = { waiting: 'primary', offered: 'success', accepted: 'success', expired: 'secondary', left: 'secondary' };
  return h('span', { class: `badge status-badge bg-${kinds[state] || 'secondary'}`, text: t(`waitlist.state.${state}`) });
}

// "fino alle 10:37 (tra 12 min)" for an offer, in the desk's zone; "scaduta alle …" once past.
function offerCell(offer, zone) {
  if (!offer) return '—';
  const left = Math.ceil((Date.parse(offer.expires_at) - Date.now()) / 60000);
  const expires = formatTime(offer.expires_at, zone);
  return h('span', {}, h('span', { class: 'd-block', text: when(offer.start, zone) }),
    h('span', { class: 'd-block small', text: left > 0 ? t('waitlist.col.expiresIn', { time: expires, minutes: left })
      : t('waitlist.col.expired', { time: expires }) }));
}

function lineTable(line, detail, zone) {
  return scrollingTable(t('waitlist.tableLabel', { type: typeName(detail, line.type) }),
    h('table', { class: 'table table-sm waitlist-table', id: 'waitlist-table' },
      h('caption', { class: 'visually-hidden', text: t('waitlist.tableLabel', { type: typeName(detail, line.type) }) }),
      h('thead', {}, h('tr', {}, ['position', 'application', 'state', 'before', 'since', 'offer']
        .map((key) => h('th', { scope: 'col', text: t(`waitlist.col.${key}`) })))),
      h('tbody', {}, line.entries.map((entry) => h('tr', { 'data-entry': entry.id, class: entry.state === 'offered' ? 'is-offered' : '' },
        h('td', { class: 'num', text: Number.isInteger(entry.position) ? String(entry.position) : '—' }),
        h('th', { scope: 'row', class: 'verbatim', text: entry.application_id }),
        h('td', {}, stateBadge(entry.state)),
        h('td', { text: entry.before ? t('waitlist.col.beforeValue', { date: formatDay(entry.before, { day: 'numeric', month: 'short', year: 'numeric' }) }) : t('waitlist.col.any') }),
        h('td', { text: when(entry.created_at, zone) }),
        h('td', {}, offerCell(entry.offer, zone)))))));
}

function summary(line) {
  const waiting = line.entries.filter((e) => e.state === 'waiting').length;
  const offered = line.entries.filter((e) => e.state === 'offered').length;
  return h('p', { id: 'waitlist-summary', class: 'fw-semibold', text: t('waitlist.summary', { waiting, offered }) });
}

export async function render(container, context) {
  const { desk, params } = context;
  const detail = await deskDetail(desk);
  const zone = detail.timezone || 'Europe/Rome';
  const types = detail.types || [];
  const type = types.some((x) => x.id === params.type) ? params.type : types[0]?.id;
  if (!type) {
    container.replaceChildren(h('p', { class: 'empty', text: t('waitlist.noTypes') }));
    return;
  }
  const select = h('select', { id: 'waitlist-type', class: 'form-select' },
    types.map((x) => h('option', { value: x.id, selected: x.id === type, text: x.name })));
  select.addEventListener('change', () => context.navigate('waitlist', { desk: params.desk, type: select.value }, 'waitlist-type'));
  const reload = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'waitlist-refresh', text: t('waitlist.refresh') });
  const updated = h('p', { class: 'small text-secondary', id: 'waitlist-updated' });
  const area = h('div', { id: 'waitlist-area' }, loading());
  container.replaceChildren(h('p', { text: t('waitlist.intro') }),
    h('div', { class: 'waitlist-controls d-flex flex-wrap gap-3 align-items-end' }, field('waitlist-type', t('waitlist.type'), select),
      h('div', { class: 'form-group field' }, reload)),
    updated, area);

  let shown = null;
  let version = 0;
  const draw = (line) => {
    if (line.waitlist_offer_minutes === 0 && !line.entries.length) {
      area.replaceChildren(h('p', { class: 'empty', id: 'waitlist-closed', text: t('waitlist.closed') }));
      return;
    }
    area.replaceChildren(...(line.entries.length
      ? [summary(line), lineTable(line, detail, zone)]
      : [h('p', { class: 'empty', id: 'waitlist-empty', text: t('waitlist.empty') })]));
  };
  const refresh = async () => {
    const asked = ++version;
    let line;
    try {
      line = await staff.waitlist(desk, type);
    } catch (error) {
      if (asked !== version || !area.isConnected) return;
      if (error.code === 'waitlist_closed') area.replaceChildren(h('p', { class: 'empty', id: 'waitlist-closed', text: t('waitlist.closed') }));
      else if (!shown) area.replaceChildren(errorBox(error));
      else updated.textContent = t('day.updateFailed', { time: formatTime(new Date().toISOString(), zone) });
      return;
    }
    if (asked !== version || !area.isConnected) return;
    // The offers' "in N minutes" moves with the clock, so the line is drawn again at each read.
    const focused = area.contains(document.activeElement) ? document.activeElement.id : '';
    shown = line;
    draw(line);
    if (focused) document.getElementById(focused)?.focus();
    updated.textContent = t('day.updated', { time: formatTime(new Date().toISOString(), zone) });
  };
  reload.addEventListener('click', () => busy(reload, refresh));

  const timer = window.setInterval(() => {
    if (!area.isConnected) return window.clearInterval(timer);
    if (document.visibilityState === 'visible') refresh();
  }, REFRESH_MS);
  const onVisible = () => {
    if (!area.isConnected) return document.removeEventListener('visibilitychange', onVisible);
    if (document.visibilityState === 'visible') refresh();
  };
  document.addEventListener('visibilitychange', onVisible);
  await refresh();
}
