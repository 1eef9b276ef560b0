// The draws of a desk (operators and up, GET …/staff/desks/{desk}/releases?type=T), "Estrazioni": for
// the type chosen, each release (state, opening, end of the draw window, the seed's hash and, once
// drawn, the seed) with its requests in draw order: place, request, application, preferences, state
// and the booking made. "Aggiorna" reads them again.
import { formatDay, t } from '../js/i18n.js';
import { h } from '../js/page.js';
import { busy, deskDetail, errorBox, field, loading, scrollingTable, typeName, when } from './common.js';
import * as staff from './staff-api.js';

const monthName = (month) => formatDay(`${month}-01`, { month: 'long', year: 'numeric' });

function stateBadge(state, prefix) {
  const kinds = { scheduled: 'secondary', drawing: 'primary', drawn: 'success', open: 'secondary',
    waiting: 'primary', won: 'success', lost: 'secondary' };
  return h('span', { class: `badge status-badge bg-${kinds[state] || 'secondary'}`, text: t(`${prefix}.${state}`) });
}

function preferenceText(preference) {
  if (preference === 'any') return t('draws.pref.any');
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(am|pm))?$/.exec(preference);
  if (!match) return preference;
  const day = formatDay(match[1], { weekday: 'short', day: 'numeric', month: 'short' });
  return match[2] ? `${day} (${t(`draws.pref.${match[2]}`)})` : day;
}

// Requests in draw order (those without a place yet, by arrival).
function ordered(requests) {
  return [...requests].sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity) || a.created_at.localeCompare(b.created_at));
}

function requestsTable(release, zone) {
  if (!release.requests?.length) return h('p', { class: 'empty', text: t('draws.noRequests') });
  const label = t('draws.tableLabel', { month: release.months.map(monthName).join(', ') });
  return scrollingTable(label, h('table', { class: 'table table-sm draws-table', 'data-release': release.id },
    h('caption', { class: 'visually-hidden', text: label }),
    h('thead', {}, h('tr', {}, ['order', 'request', 'application', 'preferences', 'state', 'booking', 'since']
      .map((key) => h('th', { scope: 'col', text: t(`draws.col.${key}`) })))),
    h('tbody', {}, ordered(release.requests).map((request) => h('tr', { 'data-request': request.id },
      h('td', { class: 'num', text: Number.isInteger(request.order) ? String(request.order) : '—' }),
      h('td', { class: 'verbatim', text: request.id }),
      h('th', { scope: 'row', class: 'verbatim', text: request.application_id }),
      h('td', {}, h('ol', { class: 'mb-0 ps-3' }, request.preferences.map((p) => h('li', { text: preferenceText(p) })))),
      h('td', {}, stateBadge(request.state, 'draws.requestState')),
      h('td', { class: 'verbatim', text: request.booking_code || '—' }),
      h('td', { text: when(request.created_at, zone) }))))));
}

function releaseSection(release, zone) {
  const titleId = `release-${release.id.replace(/[^a-zA-Z0-9-]/g, '-')}`;
  return h('section', { class: 'card-box release', 'data-release': release.id, 'aria-labelledby': titleId },
    h('h2', { class: 'h5', id: titleId }, t('draws.release', { month: release.months.map(monthName).join(', ') }), ' ',
      stateBadge(release.state, 'draws.state')),
    h('dl', { class: 'facts' },
      h('dt', { text: t('draws.opensAt') }), h('dd', { text: when(release.opens_at, zone) }),
      h('dt', { text: t('draws.closesAt') }), h('dd', { text: when(release.draw_closes_at, zone) }),
      h('dt', { text: t('draws.seedHash') }), h('dd', { class: 'verbatim' }, release.seed_hash ? h('code', { class: 'verbatim', text: release.seed_hash }) : '—'),
      release.seed ? [h('dt', { text: t('draws.seed') }), h('dd', { class: 'verbatim' }, h('code', { class: 'verbatim release-seed', text: release.seed }))] : null),
    requestsTable(release, zone));
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
  const select = h('select', { id: 'draws-type', class: 'form-select' },
    types.map((x) => h('option', { value: x.id, selected: x.id === type, text: x.name })));
  select.addEventListener('change', () => context.navigate('draws', { desk: params.desk, type: select.value }, 'draws-type'));
  const reload = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'draws-refresh', text: t('waitlist.refresh') });
  const area = h('div', { id: 'draws-area' }, loading());
  container.replaceChildren(h('p', { text: t('draws.intro') }),
    h('div', { class: 'd-flex flex-wrap gap-3 align-items-end' }, field('draws-type', t('waitlist.type'), select),
      h('div', { class: 'form-group field' }, reload)),
    area);
  const refresh = async () => {
    let answer;
    try {
      answer = await staff.releases(desk, type);
    } catch (error) {
      if (area.isConnected) area.replaceChildren(errorBox(error));
      return;
    }
    if (!area.isConnected) return;
    const list = [...(answer.releases || [])].sort((a, b) => b.opens_at.localeCompare(a.opens_at));
    area.replaceChildren(...(list.length ? list.map((release) => releaseSection(release, zone))
      : [h('p', { class: 'empty', id: 'draws-empty', text: t('draws.empty', { type: typeName(detail, type) }) })]));
  };
  reload.addEventListener('click', () => busy(reload, refresh));
  await refresh();
}
