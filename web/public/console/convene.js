// Convocation on behalf of an application: find it by number, choose the type, pick a slot from
// the staff availability (staff seats included, no applicant window, on desks without online
// booking too) and convene. The applicant is told as for a self-booking (docs/notifications.md).
import { t, today } from '../js/i18n.js';
import { alertBox, announce, focusOn, h, randomKey } from '../js/page.js';
import { busy, deskDetail, errorBox, field, loading, statusBadge, typeName, when } from './common.js';
import { showSlots } from './slot-picker.js';
import * as staff from './staff-api.js';

function applicationCard(application, detail, zone) {
  return h('section', { class: 'card-box', 'aria-labelledby': 'application-title' },
    h('h2', { id: 'application-title', class: 'h4', text: t('walkin.application', { id: application.application_id }) }),
    h('dl', { class: 'facts' },
      h('dt', { text: t('convene.state') }), h('dd', { class: 'verbatim', text: application.status }),
      h('dt', { text: t('convene.email') }), h('dd', { class: 'verbatim', text: application.email || t('convene.noEmail') }),
      h('dt', { text: t('convene.phone') }), h('dd', { class: 'verbatim', text: application.phone || '—' }),
      h('dt', { text: t('convene.bookings') }), h('dd', {}, application.bookings.length
        ? h('ul', { class: 'list-unstyled mb-0' }, application.bookings.map((b) => h('li', {},
          `${b.code} · ${typeName(detail, b.type)} · ${when(b.start, zone)} `, statusBadge(b.status))))
        : t('walkin.noBookings'))));
}

function typeChoice(application, detail, chosen, onChoose) {
  const active = new Set(application.bookings.filter((b) => b.status === 'booked').map((b) => b.type));
  const options = application.types.map((type) => {
    const taken = active.has(type.id);
    const input = h('input', { type: 'radio', name: 'convene-type', id: `convene-type-${type.id}`, value: type.id,
      checked: type.id === chosen, disabled: taken });
    input.addEventListener('change', () => onChoose(type.id));
    return h('div', { class: 'choice' }, input, h('label', { for: input.id },
      h('span', { class: 'choice-title', text: typeName(detail, type.id) || type.name }),
      taken ? h('span', { class: 'choice-note', text: t('convene.typeBooked') }) : null));
  });
  return h('fieldset', { class: 'mb-4' }, h('legend', { class: 'h5', text: t('convene.chooseType') }),
    options.length ? h('div', { class: 'choices' }, options) : h('p', { text: t('convene.noTypes') }));
}

export async function render(container, context) {
  const { desk } = context;
  const detail = await deskDetail(desk).catch(() => null);
  const zone = detail?.timezone || 'Europe/Rome';
  const state = { application: null, type: null, from: today(zone), slot: null };

  const input = h('input', { id: 'convene-application', class: 'form-control', type: 'text', autocomplete: 'off',
    autocapitalize: 'characters', spellcheck: 'false', maxlength: '64', value: context.params.application || '' });
  const found = h('div', { id: 'convene-found' });
  const form = h('form', { id: 'convene-form', class: 'walkin', novalidate: true },
    h('div', { class: 'walkin-row' },
      field('convene-application', t('convene.applicationLabel'), input, t('convene.applicationHint')),
      h('button', { type: 'submit', class: 'btn btn-primary', text: t('convene.find') })));
  container.replaceChildren(h('p', { text: t('convene.intro') }), form, found);

  // `focusId`: as showSlots takes it; none when the step is drawn the first time.
  const drawSlots = (area, focusId = '') => showSlots(area,
    { desk, detail, type: state.type, range: state, onPick: (slot) => confirm(slot) }, focusId);

  const confirm = (slot) => {
    const area = document.getElementById('convene-step');
    const button = h('button', { type: 'button', class: 'btn btn-primary', id: 'convene-submit', text: t('convene.submit') });
    const back = h('button', { type: 'button', class: 'btn btn-outline-primary', text: t('common.back'), on: { click: () => drawSlots(area, 'slots-title') } });
    const key = randomKey();  // a retry after a lost answer convenes once
    button.addEventListener('click', () => busy(button, async () => {
      try {
        const booking = await staff.convene(desk, { type: state.type, start: slot.start, application_id: state.application.application_id }, key);
        // The application as it is now, so its card and type choice show the new appointment.
        state.application = await staff.findApplication(state.application.application_id)
          .catch(() => ({ ...state.application, bookings: [...state.application.bookings, booking] }));
        state.type = null;
        drawApplication();
        const done = document.getElementById('convene-step');
        done.replaceChildren(alertBox('success', t('convene.done', { code: booking.code }),
          `${typeName(detail, booking.type)} · ${when(booking.start, zone)}`,
          state.application.email ? t('convene.notified') : t('convene.notNotified')),
        h('a', { class: 'btn btn-outline-primary btn-sm', href: `#day?desk=${desk}&date=${booking.start.slice(0, 10)}`, text: t('walkin.openDay') }));
        announce(t('convene.done', { code: booking.code }));
        focusOn(done.querySelector('.alert'));
      } catch (error) {
        area.querySelector('#convene-error').replaceChildren(errorBox(error));
        focusOn(area.querySelector('#convene-error .alert'));
      }
    }));
    area.replaceChildren(h('h3', { class: 'h5', id: 'confirm-title', text: t('convene.confirmTitle') }),
      h('div', { id: 'convene-error' }),
      h('dl', { class: 'facts card-box' },
        h('dt', { text: t('convene.applicationLabel') }), h('dd', { text: state.application.application_id }),
        h('dt', { text: t('day.col.type') }), h('dd', { text: typeName(detail, state.type) }),
        h('dt', { text: t('day.col.time') }), h('dd', { text: when(slot.start, zone) })),
      h('div', { class: 'step-buttons' }, back, button));
    focusOn(document.getElementById('confirm-title'));
  };

  const drawApplication = () => {
    const step = h('div', { id: 'convene-step' });
    found.replaceChildren(applicationCard(state.application, detail, zone),
      typeChoice(state.application, detail, state.type, (type) => { state.type = type; drawSlots(step); }), step);
    if (state.type) drawSlots(step);
  };

  const find = async () => {
    const id = input.value.trim();
    if (!id) return input.focus();
    found.replaceChildren(loading());
    try {
      state.application = await staff.findApplication(id);
    } catch (error) {
      found.replaceChildren(error.code === 'not_found' ? alertBox('warning', t('convene.notFound', { id })) : errorBox(error));
      focusOn(found.firstElementChild);
      return;
    }
    if (state.application.desk !== desk) {
      context.navigate('convene', { desk: state.application.desk, application: id });
      return;
    }
    const bookable = state.application.types.filter((type) =>
      !state.application.bookings.some((b) => b.status === 'booked' && b.type === type.id));
    state.type = bookable.length === 1 ? bookable[0].id : null;
    drawApplication();
    focusOn(document.getElementById('application-title'));
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    find();
  });
  if (input.value) await find();
}
