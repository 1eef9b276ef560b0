// Administration (admins): every desk with its pilot flag (`self_booking`) and its automatic check
// (`proof_of_work`, `proof_of_work_reads`: off, for bookings, or for bookings and availability),
// each switched after a confirmation and effective at once; staff accounts listed, created and disabled; the audit log,
// filtered by desk and paged, as sentences (audit-text.js), read again after each change made here.
import { formatDate, formatTime, t } from '../js/i18n.js';
import { alertBox, announce, fieldError, focusOn, h } from '../js/page.js';
import { auditSentence, deskText } from './audit-text.js';
import { busy, confirmDialog, errorBox, field, loading, scrollingTable } from './common.js';
import * as staff from './staff-api.js';

const ROME = 'Europe/Rome';
const stamp = (instant) => `${formatDate(instant, ROME)}, ${formatTime(instant, ROME)}`;

// `afterAction()`: called after each change made here, so the audit log below shows it.
function desksSection(context, afterAction) {
  const message = h('div', { id: 'desks-message' });
  // After a change: the desks read again, this table drawn again with the news, focus on `focusId`.
  const rerender = async (desk, focusId, done = t('admin.powDone', { desk: desk.name })) => {
    context.desks.splice(0, context.desks.length, ...(await staff.listDesks()));
    announce(done);
    section.replaceWith(desksSection(context, afterAction));
    afterAction();
    document.getElementById('desks-message').replaceChildren(alertBox('success', done));
    document.getElementById(focusId)?.focus();
  };
  // The desk's automatic check as one choice of three, applied after a confirmation.
  const proofOfWorkControl = (desk, changed) => {
    const level = (d) => (d.proof_of_work_reads ? 'reads' : d.proof_of_work ? 'writes' : 'off');
    const select = h('select', { id: `pow-${desk.id}`, class: 'form-select form-select-sm' },
      ['off', 'writes', 'reads'].map((value) => h('option', { value, selected: value === level(desk),
        text: t(`admin.pow.${value}`) })));
    const apply = h('button', { type: 'button', class: 'btn btn-sm btn-outline-primary', id: `pow-apply-${desk.id}`,
      text: t('admin.powApply'), 'aria-label': t('admin.powApplyLabel', { desk: desk.name }) });
    apply.addEventListener('click', async () => {
      const chosen = select.value;
      if (chosen === level(desk)) return;
      const confirmed = await confirmDialog({
        title: t('admin.powConfirmTitle', { desk: desk.name }),
        body: [t(`admin.powConfirm.${chosen}`), t('admin.confirmAudit')],
        confirm: t('admin.powApply'), danger: false });
      if (!confirmed) return;
      await busy(apply, async () => {
        try {
          await staff.setProofOfWork(desk.id, chosen !== 'off', chosen === 'reads');
          await changed();
        } catch (error) {
          message.replaceChildren(errorBox(error));
          focusOn(message.firstElementChild);
        }
      });
    });
    return h('div', { class: 'pow-control' },
      h('label', { for: `pow-${desk.id}`, class: 'visually-hidden', text: t('admin.powLabel', { desk: desk.name }) }),
      select, apply);
  };
  const rows = context.desks.map((desk) => {
    const button = h('button', { type: 'button', class: `btn btn-sm ${desk.self_booking ? 'btn-outline-danger' : 'btn-outline-primary'}`,
      id: `flag-${desk.id}`, text: t(desk.self_booking ? 'admin.flagOff' : 'admin.flagOn'),
      'aria-label': t(desk.self_booking ? 'admin.flagOffLabel' : 'admin.flagOnLabel', { desk: desk.name }) });
    button.addEventListener('click', async () => {
      const enabling = !desk.self_booking;
      const confirmed = await confirmDialog({
        title: t(enabling ? 'admin.confirmOnTitle' : 'admin.confirmOffTitle', { desk: desk.name }),
        body: [t(enabling ? 'admin.confirmOnBody' : 'admin.confirmOffBody'), t('admin.confirmAudit')],
        confirm: t(enabling ? 'admin.flagOn' : 'admin.flagOff'), danger: !enabling });
      if (!confirmed) return;
      await busy(button, async () => {
        try {
          await staff.setSelfBooking(desk.id, enabling);
          context.desks.splice(0, context.desks.length, ...(await staff.listDesks()));
          const done = t(enabling ? 'admin.flagOnDone' : 'admin.flagOffDone', { desk: desk.name });
          announce(done);
          section.replaceWith(desksSection(context, afterAction));
          afterAction();
          document.getElementById('desks-message').replaceChildren(alertBox('success', done));
          document.getElementById(`flag-${desk.id}`)?.focus();
        } catch (error) {
          message.replaceChildren(errorBox(error));
          focusOn(message.firstElementChild);
        }
      });
    });
    return h('tr', { 'data-desk': desk.id }, h('th', { scope: 'row', text: desk.name }), h('td', { text: desk.province }),
      h('td', {}, h('span', { class: `badge ${desk.self_booking ? 'bg-success' : 'bg-secondary'}`,
        text: t(desk.self_booking ? 'admin.online' : 'admin.convokedOnly') })),
      h('td', {}, button),
      h('td', {}, proofOfWorkControl(desk, () => rerender(desk, `pow-${desk.id}`))));
  });
  const section = h('section', { class: 'editor-section', id: 'admin-desks', 'aria-labelledby': 'desks-title' },
    h('h2', { id: 'desks-title', class: 'h4', text: t('admin.desks') }),
    h('p', { class: 'small text-secondary', text: t('admin.desksNote') }), message,
    h('div', { class: 'table-responsive' }, h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden', text: t('admin.desks') }),
      h('thead', {}, h('tr', {}, ['admin.desk', 'admin.province', 'admin.selfBooking', 'admin.action', 'admin.proofOfWork']
        .map((key) => h('th', { scope: 'col', text: t(key) })))),
      h('tbody', {}, rows))));
  return section;
}

function userForm(context, onCreated) {
  const username = h('input', { id: 'user-name', class: 'form-control', type: 'text', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', maxlength: '40' });
  const password = h('input', { id: 'user-password', class: 'form-control', type: 'password', autocomplete: 'new-password', maxlength: '1024' });
  // The help desk answers applicants' questions for every desk: like an admin, it has no desk.
  const national = (value) => value === 'admin' || value === 'helpdesk';
  const role = h('select', { id: 'user-role', class: 'form-select' }, ['operator', 'manager', 'admin', 'helpdesk'].map((r) => h('option', { value: r, text: t(`role.${r}`) })));
  const desk = h('select', { id: 'user-desk', class: 'form-select' }, context.desks.map((d) => h('option', { value: d.id, text: d.name })));
  role.addEventListener('change', () => { desk.disabled = national(role.value); });
  const message = h('div', { id: 'user-message' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('admin.createUser') });
  const form = h('form', { id: 'user-form', class: 'card-box user-form', novalidate: true },
    h('h3', { class: 'h5', text: t('admin.newUser') }), message,
    h('div', { class: 'settings-grid' },
      field('user-name', t('admin.username'), username, t('admin.usernameHint')),
      field('user-password', t('admin.password'), password, t('admin.passwordHint')),
      field('user-role', t('admin.role'), role), field('user-desk', t('admin.desk'), desk)),
    h('div', { class: 'step-buttons' }, submit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(submit, async () => {
      const body = { username: username.value.trim(), password: password.value, role: role.value };
      if (!national(role.value)) body.desk = desk.value;
      try {
        const created = await staff.createUser(body);
        onCreated(t('admin.userCreated', { user: created.username }));
      } catch (error) {
        const inputs = { username, password, role, desk };
        const name = (error.detail || '').split(':')[0];
        if (error.code === 'invalid_request' && inputs[name]) {
          fieldError(inputs[name], t(error.status === 409 && name === 'username' ? 'admin.error.usernameTaken' : `admin.error.${name}`));
          inputs[name].focus();
        } else {
          message.replaceChildren(errorBox(error));
          focusOn(message.firstElementChild);
        }
      }
    });
  });
  return form;
}

async function usersSection(context, afterAction, notice = '') {
  const section = h('section', { class: 'editor-section', id: 'admin-users', 'aria-labelledby': 'users-title' },
    h('h2', { id: 'users-title', class: 'h4', text: t('admin.users') }), loading());
  const redraw = async (message) => {
    afterAction();
    const next = await usersSection(context, afterAction, message);
    section.replaceWith(next);
    focusOn(next.querySelector('.alert') || next.querySelector('h2'));
  };
  let users;
  try {
    users = await staff.listUsers();
  } catch (error) {
    section.lastChild.replaceWith(errorBox(error));
    return section;
  }
  const me = context.user.username;
  const deskName = (id) => context.desks.find((d) => d.id === id)?.name || id;
  const rows = users.map((user) => {
    let action = h('span', { class: 'text-secondary', text: user.username === me ? t('admin.you') : '—' });
    if (!user.disabled && user.username !== me) {
      action = h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', id: `disable-${user.username}`,
        text: t('admin.disable'), 'aria-label': t('admin.disableLabel', { user: user.username }) });
      action.addEventListener('click', async () => {
        const confirmed = await confirmDialog({ title: t('admin.disableTitle', { user: user.username }),
          body: [t('admin.disableBody')], confirm: t('admin.disable'), danger: true });
        if (!confirmed) return;
        try {
          await staff.disableUser(user.username);
          redraw(t('admin.userDisabled', { user: user.username }));
        } catch (error) {
          action.parentElement.querySelector(':scope > .alert')?.remove();  // one refusal at a time, the latest
          action.after(errorBox(error));
        }
      });
    }
    return h('tr', { 'data-user': user.username }, h('th', { scope: 'row', text: user.username }),
      h('td', { text: t(`role.${user.role}`) }), h('td', { text: user.desk ? deskName(user.desk) : t('role.everyDesk') }),
      h('td', {}, h('span', { class: `badge ${user.disabled ? 'bg-secondary' : 'bg-success'}`, text: t(user.disabled ? 'admin.disabled' : 'admin.active') })),
      h('td', { text: stamp(user.created_at) }), h('td', {}, action));
  });
  section.lastChild.replaceWith(h('div', {},
    notice ? alertBox('success', notice) : null,
    scrollingTable(t('admin.users'), h('table', { class: 'table', id: 'users-table' },
      h('caption', { class: 'visually-hidden', text: t('admin.users') }),
      h('thead', {}, h('tr', {}, ['admin.username', 'admin.role', 'admin.desk', 'admin.state', 'admin.created', 'admin.action']
        .map((key) => h('th', { scope: 'col', text: t(key) })))),
      h('tbody', {}, rows))),
    userForm(context, (message) => redraw(message))));
  return section;
}

function describe(value) {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

// The audit log, newest first, as sentences; `reload()` reads it again from the newest entry.
function auditSection(context) {
  const filter = h('select', { id: 'audit-desk', class: 'form-select' }, h('option', { value: '', text: t('admin.allDesks') }),
    context.desks.map((d) => h('option', { value: d.id, selected: d.id === context.params.audit, text: d.name })));
  const body = h('tbody', {});
  const more = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'audit-more', text: t('admin.more'), hidden: true });
  const message = h('div', {});
  let oldest = null;
  const row = (entry) => h('tr', { 'data-action': entry.action },
    h('td', { class: 'audit-when', text: stamp(entry.at) }), h('td', { text: deskText(entry.desk, context.desks) }),
    h('td', { class: 'audit-sentence', text: auditSentence(entry, context.desks) }),
    h('td', {}, h('details', {}, h('summary', { text: t('admin.details') }),
      h('p', { class: 'audit-change' }, h('strong', { text: `${t('admin.code')}: ` }), h('code', { text: entry.action })),
      h('p', { class: 'audit-change' }, h('strong', { text: `${t('admin.before')}: ` }), describe(entry.before)),
      h('p', { class: 'audit-change' }, h('strong', { text: `${t('admin.after')}: ` }), describe(entry.after)))));
  const load = async (reset) => {
    try {
      const entries = await staff.auditLog(filter.value, reset ? null : oldest);
      if (reset) body.replaceChildren();
      body.append(...entries.map(row));
      oldest = entries.length ? entries[entries.length - 1].id : (reset ? null : oldest);
      more.hidden = entries.length < 50;
      if (!body.children.length) message.replaceChildren(h('p', { text: t('admin.noAudit') }));
      else message.replaceChildren();
    } catch (error) {
      message.replaceChildren(errorBox(error));
    }
  };
  filter.addEventListener('change', () => load(true));
  more.addEventListener('click', () => busy(more, () => load(false)));
  load(true);
  const element = h('section', { class: 'editor-section', id: 'admin-audit', 'aria-labelledby': 'audit-title' },
    h('h2', { id: 'audit-title', class: 'h4', text: t('admin.audit') }),
    field('audit-desk', t('admin.auditFilter'), filter), message,
    scrollingTable(t('admin.audit'), h('table', { class: 'table table-sm', id: 'audit-table' },
      h('caption', { class: 'visually-hidden', text: t('admin.audit') }),
      h('thead', {}, h('tr', {}, ['admin.when', 'admin.desk', 'admin.what', 'admin.change']
        .map((key) => h('th', { scope: 'col', text: t(key) })))),
      body)),
    more);
  return { element, reload: () => load(true) };
}

export async function render(container, context) {
  const audit = auditSection(context);
  const users = await usersSection(context, audit.reload);
  container.replaceChildren(desksSection(context, audit.reload), users, audit.element);
}
