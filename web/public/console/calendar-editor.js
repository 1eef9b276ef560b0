// The calendar editor (managers): for each appointment type the weekly opening hours, slot length,
// online and staff seats, booking window and extra openings; the desk's closures; a preview of the
// slots of a chosen week, compared with the saved calendar, before saving. When a change would
// strand booked appointments the server answers 409 with them: they are listed and the manager
// chooses (calendar-stranded.js): not saving, saving and moving each to the nearest free seat of
// its type, saving and cancelling them, or saving anyway (they stay booked); what happened to
// each is listed after the save. "Posti non sprecati" sets the type's waiting list (how long an
// offer holds a seat), reconfirmation (from and until how many days before) and automatic
// convocation; an empty field leaves the setting out (off). Errors are shown in the
// console's language next to their fields (calendar-errors.js); unsaved edits survive a change of
// language and are not lost without a question (app.js asks before leaving the view).
import { addDays, formatDay, t, today } from '../js/i18n.js';
import { alertBox, announce, fieldError, focusOn, h } from '../js/page.js';
import { busy, deskDetail, errorBox, field, typeName } from './common.js';
import { clearErrors, showErrors as markErrors, typeOfPath } from './calendar-errors.js';
import { strandedQuestion, strandedResult } from './calendar-stranded.js';
import { weekGrid } from './calendar-preview.js';
import * as staff from './staff-api.js';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const A_MONDAY = '2026-11-30';
const SETTINGS = [
  { key: 'slot_minutes', min: 5, max: 480 },
  { key: 'horizon_days', min: 1, max: 366 },
  { key: 'min_notice_hours', min: 0, max: 1440 },
  { key: 'cancel_notice_hours', min: 0, max: 1440 },
];

// Unsaved edits, kept while the console redraws the editor for the same desk (another language):
// { desk, base (the saved calendar they start from, as JSON), model }. Dropped on save, on undo,
// and when the manager leaves without saving.
let draft = null;

function mondayOf(day) {
  const [y, m, d] = day.split('-').map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;  // 0 = Monday
  return addDays(day, -weekday);
}

function numberInput(id, path, value, min, max, onValue) {
  const input = h('input', { id, class: 'form-control', type: 'number', inputmode: 'numeric', min, max, step: '1',
    value: value ?? '', 'data-path': path });
  input.addEventListener('input', () => onValue(input.value === '' ? null : Number(input.value)));
  return input;
}

function timeInput(id, path, value, onValue) {
  const input = h('input', { id, class: 'form-control', type: 'time', step: '300', value: value || '', 'data-path': path });
  input.addEventListener('input', () => onValue(input.value));
  return input;
}

// The seats and hours of one opening (weekly rule or extra opening), shared by both kinds.
function openingFields(prefix, path, opening, changed) {
  const set = (key) => (value) => { opening[key] = value; changed(); };
  return [
    field(`${prefix}-from`, t('calendar.from'), timeInput(`${prefix}-from`, `${path}.from`, opening.from, set('from'))),
    field(`${prefix}-to`, t('calendar.to'), timeInput(`${prefix}-to`, `${path}.to`, opening.to, set('to'))),
    field(`${prefix}-capacity`, t('calendar.capacity'),
      numberInput(`${prefix}-capacity`, `${path}.capacity`, opening.capacity, 0, 1000, set('capacity'))),
    field(`${prefix}-staff`, t('calendar.staffCapacity'),
      numberInput(`${prefix}-staff`, `${path}.staff_capacity`, opening.staff_capacity ?? 0, 0, 1000, set('staff_capacity'))),
  ];
}

function weeklyRule(rule, index, base, changed, remove) {
  const prefix = `weekly-${index}`;
  const days = WEEKDAYS.map((day, i) => {
    const input = h('input', { type: 'checkbox', id: `${prefix}-${day}`, checked: rule.days.includes(day), class: 'form-check-input' });
    input.addEventListener('change', () => {
      rule.days = WEEKDAYS.filter((d) => d === day ? input.checked : rule.days.includes(d));
      changed();
    });
    return h('div', { class: 'form-check form-check-inline day-check' }, input,
      h('label', { for: input.id, class: 'form-check-label', text: formatDay(addDays(A_MONDAY, i), { weekday: 'short' }) }));
  });
  return h('fieldset', { class: 'opening card-box', 'data-path': `${base}.weekly[${index}]` },
    h('legend', { class: 'h6', text: t('calendar.rule', { n: index + 1 }) }),
    h('fieldset', { class: 'days', 'data-path': `${base}.weekly[${index}].days` },
      h('legend', { class: 'small fw-semibold', text: t('calendar.days') }), ...days),
    h('div', { class: 'opening-fields' }, openingFields(prefix, `${base}.weekly[${index}]`, rule, changed)),
    h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', text: t('calendar.removeRule', { n: index + 1 }), on: { click: remove } }));
}

function extraOpening(extra, index, base, changed, remove) {
  const prefix = `extra-${index}`;
  const date = h('input', { id: `${prefix}-date`, class: 'form-control', type: 'date', value: extra.date || '', 'data-path': `${base}.extra[${index}].date` });
  date.addEventListener('input', () => { extra.date = date.value; changed(); });
  return h('fieldset', { class: 'opening card-box', 'data-path': `${base}.extra[${index}]` },
    h('legend', { class: 'h6', text: t('calendar.extraN', { n: index + 1 }) }),
    h('div', { class: 'opening-fields' }, field(`${prefix}-date`, t('calendar.date'), date),
      openingFields(prefix, `${base}.extra[${index}]`, extra, changed)),
    h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', text: t('calendar.removeExtra', { n: index + 1 }), on: { click: remove } }));
}

// A closures item as text: "giovedì 24 dicembre 2026" (all day) or "…, 14:00–16:30" (part of it).
function closureText(item) {
  if (typeof item === 'string') return formatDay(item);
  return `${formatDay(item.date)}, ${item.from}–${item.to}`;
}

const closureKey = (item) => (typeof item === 'string' ? item : `${item.date} ${item.from}-${item.to}`);

// The desk's closures: whole days, or part of a day when both times are given.
function closures(model, changed, redraw) {
  const input = h('input', { id: 'closure-date', class: 'form-control', type: 'date' });
  const from = h('input', { id: 'closure-from', class: 'form-control', type: 'time', step: '300' });
  const to = h('input', { id: 'closure-to', class: 'form-control', type: 'time', step: '300' });
  const add = h('button', { type: 'button', class: 'btn btn-outline-primary', id: 'closure-add', text: t('calendar.addClosure') });
  add.addEventListener('click', () => {
    if (!input.value) return input.focus();
    if (Boolean(from.value) !== Boolean(to.value)) {
      const empty = from.value ? to : from;
      fieldError(empty, t('calendar.closureBothTimes'));
      return empty.focus();
    }
    const item = from.value ? { date: input.value, from: from.value, to: to.value } : input.value;
    const all = new Map([...(model.closures || []), item].map((x) => [closureKey(x), x]));
    model.closures = [...all.values()].sort((x, y) => closureKey(x).localeCompare(closureKey(y)));
    changed();
    redraw('closure-date');
  });
  const list = (model.closures || []).map((item, i) => h('li', { class: 'closure', 'data-path': `closures[${i}]` },
    h('span', { text: closureText(item) }),
    h('button', { type: 'button', class: 'btn btn-link btn-sm', text: t('calendar.removeClosure', { date: closureText(item) }), on: { click: () => {
      model.closures = model.closures.filter((x) => x !== item);
      changed();
      redraw('closure-date');
    } } })));
  return h('section', { class: 'editor-section', 'aria-labelledby': 'closures-title', 'data-path': 'closures' },
    h('h3', { id: 'closures-title', class: 'h5', text: t('calendar.closures') }),
    h('p', { class: 'small text-secondary', text: t('calendar.closuresNote') }),
    list.length ? h('ul', { class: 'closure-list' }, list) : h('p', { text: t('calendar.noClosures') }),
    h('div', { class: 'walkin-row closure-row' }, field('closure-date', t('calendar.closureDate'), input),
      field('closure-from', t('calendar.closureFrom'), from, t('calendar.closureTimesHint')),
      field('closure-to', t('calendar.closureTo'), to), add));
}

// The "No seat wasted" settings of a type (SPEC.md); each is left out of the calendar when emptied.
function seatSettings(type, base, changed) {
  const setOrDrop = (key) => (value) => {
    if (value === null) delete type[key];
    else type[key] = value;
    changed();
  };
  const setReconfirm = (key) => (value) => {
    const reconfirm = { ...(type.reconfirm || {}) };
    if (value === null) delete reconfirm[key];
    else reconfirm[key] = value;
    if (Object.keys(reconfirm).length) type.reconfirm = reconfirm;
    else delete type.reconfirm;
    changed();
  };
  const staff = h('input', { type: 'checkbox', class: 'form-check-input', id: 'setting-reconfirm_staff',
    checked: Boolean(type.reconfirm_staff), 'data-path': `${base}.reconfirm_staff` });
  staff.addEventListener('change', () => {
    if (staff.checked) type.reconfirm_staff = true;
    else delete type.reconfirm_staff;
    changed();
  });
  const number = (key, path, value, min, max, onValue) => field(`setting-${key}`, t(`calendar.${key}`),
    numberInput(`setting-${key}`, path, value, min, max, onValue), t(`calendar.${key}.hint`));
  return h('section', { class: 'editor-section', 'aria-labelledby': 'seats-title' },
    h('h3', { id: 'seats-title', class: 'h5', text: t('calendar.seats') }),
    h('div', { class: 'settings-grid' },
      number('waitlist_offer_minutes', `${base}.waitlist_offer_minutes`, type.waitlist_offer_minutes, 0, 1440, setOrDrop('waitlist_offer_minutes')),
      number('reconfirm_from_days', `${base}.reconfirm.from_days`, type.reconfirm?.from_days, 2, 366, setReconfirm('from_days')),
      number('reconfirm_until_days', `${base}.reconfirm.until_days`, type.reconfirm?.until_days, 1, 365, setReconfirm('until_days')),
      number('auto_convene_after_days', `${base}.auto_convene_after_days`, type.auto_convene_after_days, 0, 3660, setOrDrop('auto_convene_after_days'))),
    h('div', { class: 'form-check mb-3' }, staff,
      h('label', { for: staff.id, class: 'form-check-label', text: t('calendar.reconfirm_staff') })));
}

function typeEditor(model, typeId, changed, redraw) {
  const type = model.types[typeId];
  const base = `types.${typeId}`;
  const settings = SETTINGS.map(({ key, min, max }) => field(`setting-${key}`, t(`calendar.${key}`),
    numberInput(`setting-${key}`, `${base}.${key}`, type[key], min, max, (value) => { type[key] = value; changed(); }),
    t(`calendar.${key}.hint`)));
  const rules = type.weekly.map((rule, i) => weeklyRule(rule, i, base, changed, () => {
    type.weekly.splice(i, 1);
    changed();
    redraw('weekly-add');
  }));
  type.extra = type.extra || [];
  const extras = type.extra.map((extra, i) => extraOpening(extra, i, base, changed, () => {
    type.extra.splice(i, 1);
    changed();
    redraw('extra-add');
  }));
  const addRule = h('button', { type: 'button', class: 'btn btn-outline-primary', id: 'weekly-add', text: t('calendar.addRule') });
  addRule.addEventListener('click', () => {
    type.weekly.push({ days: ['mon'], from: '09:00', to: '12:00', capacity: 1, staff_capacity: 0 });
    changed();
    redraw(`weekly-${type.weekly.length - 1}-mon`);
  });
  const addExtra = h('button', { type: 'button', class: 'btn btn-outline-primary', id: 'extra-add', text: t('calendar.addExtra') });
  addExtra.addEventListener('click', () => {
    type.extra.push({ date: '', from: '09:00', to: '12:00', capacity: 1, staff_capacity: 0 });
    changed();
    redraw(`extra-${type.extra.length - 1}-date`);
  });
  return [
    h('section', { class: 'editor-section', 'aria-labelledby': 'settings-title' },
      h('h3', { id: 'settings-title', class: 'h5', text: t('calendar.settings') }), h('div', { class: 'settings-grid' }, settings)),
    seatSettings(type, base, changed),
    h('section', { class: 'editor-section', 'aria-labelledby': 'weekly-title' },
      h('h3', { id: 'weekly-title', class: 'h5', text: t('calendar.weekly') }),
      rules.length ? rules : h('p', { text: t('calendar.noRules') }), addRule),
    h('section', { class: 'editor-section', 'aria-labelledby': 'extra-title' },
      h('h3', { id: 'extra-title', class: 'h5', text: t('calendar.extra') }),
      h('p', { class: 'small text-secondary', text: t('calendar.extraNote') }),
      extras.length ? extras : h('p', { text: t('calendar.noExtra') }), addExtra),
  ];
}

export async function render(container, context) {
  const { desk } = context;
  const [detail, stored] = await Promise.all([deskDetail(desk).catch(() => null), staff.getCalendar(desk)]);
  const zone = stored.timezone;
  const base = JSON.stringify(stored);
  const kept = draft?.desk === desk && draft.base === base ? draft : null;
  const state = { saved: stored, model: kept ? kept.model : structuredClone(stored), dirty: Boolean(kept), week: mondayOf(today(zone)) };
  state.type = context.params.type in stored.types ? context.params.type : Object.keys(stored.types)[0];

  const message = h('div', { id: 'calendar-message' });
  const editor = h('div', { id: 'calendar-editor' });
  const previewArea = h('div', { id: 'preview-result', 'aria-live': 'polite' });
  const dirtyNote = h('p', { id: 'dirty-note', class: 'small', role: 'status' });
  if (kept) dirtyNote.textContent = t('calendar.unsaved');
  const changed = () => {
    state.dirty = true;
    draft = { desk, base: JSON.stringify(state.saved), model: state.model };
    dirtyNote.textContent = t('calendar.unsaved');
  };
  const forget = () => {
    state.dirty = false;
    draft = null;
    dirtyNote.textContent = '';
  };
  context.guardLeaving({ unsaved: () => state.dirty, discard: forget });

  const typeSelect = h('select', { id: 'calendar-type', class: 'form-select' }, Object.keys(state.model.types).map((id) =>
    h('option', { value: id, selected: id === state.type, text: typeName(detail, id) })));
  typeSelect.addEventListener('change', () => {
    state.type = typeSelect.value;
    draw();
    previewArea.replaceChildren();
  });

  const draw = (focusId) => {
    editor.replaceChildren(...typeEditor(state.model, state.type, changed, draw), closures(state.model, changed, draw));
    if (focusId) document.getElementById(focusId)?.focus();
  };

  // The server's field errors, on the type they are about (the first error's, when it is another).
  const showErrors = (area, errors) => {
    const type = typeOfPath(errors[0]?.path || '');
    if (type && type !== state.type && type in state.model.types) {
      state.type = type;
      typeSelect.value = type;
      draw();
    }
    markErrors(area, editor, errors, state.model, detail);
  };

  const weekInput = h('input', { id: 'preview-week', class: 'form-control', type: 'date', value: state.week });
  weekInput.addEventListener('change', () => { if (weekInput.value) state.week = mondayOf(weekInput.value); });
  const previewButton = h('button', { type: 'button', class: 'btn btn-outline-primary', id: 'preview-show', text: t('calendar.preview') });
  const showPreview = () => busy(previewButton, async () => {
    weekInput.value = state.week;
    const to = addDays(state.week, 6);
    try {
      const [next, before] = await Promise.all([
        staff.previewCalendar(desk, state.model, state.week, to),
        staff.previewCalendar(desk, state.saved, state.week, to)]);
      previewArea.replaceChildren(weekGrid(next, before, state.type, zone, typeName(detail, state.type)));
    } catch (error) {
      if (error.problem?.errors) showErrors(previewArea, error.problem.errors);
      else previewArea.replaceChildren(errorBox(error));
    }
  });
  previewButton.addEventListener('click', showPreview);
  const moveWeek = (days) => { state.week = addDays(state.week, days); showPreview(); };

  // `mode`: '' (ask when appointments would be stranded), 'force', 'move' or 'cancel';
  // `stranded`: the appointments the server listed, for the result.
  const save = async (button, mode = '', stranded = []) => {
    message.replaceChildren();
    clearErrors(editor);
    await busy(button, async () => {
      try {
        const answer = await staff.putCalendar(desk, state.model, mode);
        state.saved = answer.calendar;
        state.model = structuredClone(answer.calendar);
        forget();
        draw();
        message.replaceChildren(alertBox('success', t('calendar.saved'), ...strandedResult(answer.stranded, stranded, detail, zone, mode)));
        announce(t('calendar.saved'));
      } catch (error) {
        if (error.code === 'already_booked' && error.problem.bookings) return askAboutStranded(error.problem.bookings);
        if (error.problem?.errors) return showErrors(message, error.problem.errors);
        message.replaceChildren(errorBox(error));
      }
      focusOn(message.firstElementChild);
    });
  };

  const askAboutStranded = (bookings) => {
    message.replaceChildren(strandedQuestion(bookings, detail, zone, (mode, button) => {
      if (mode !== 'keep') return save(button, mode, bookings);
      message.replaceChildren(alertBox('info', t('calendar.notSaved')));
      focusOn(message.firstElementChild);
    }));
    focusOn(message.firstElementChild);
  };

  const saveButton = h('button', { type: 'button', class: 'btn btn-primary', id: 'calendar-save', text: t('calendar.save') });
  saveButton.addEventListener('click', () => save(saveButton));
  const resetButton = h('button', { type: 'button', class: 'btn btn-outline-primary', id: 'calendar-reset', text: t('calendar.reset') });
  resetButton.addEventListener('click', () => {
    state.model = structuredClone(state.saved);
    forget();
    draw();
    message.replaceChildren();
    announce(t('calendar.resetDone'));
  });

  container.replaceChildren(
    h('p', { text: t('calendar.intro') }),
    field('calendar-type', t('calendar.type'), typeSelect),
    message,
    editor,
    h('section', { class: 'editor-section preview', 'aria-labelledby': 'preview-title' },
      h('h3', { id: 'preview-title', class: 'h5', text: t('calendar.previewTitle') }),
      h('p', { class: 'small text-secondary', text: t('calendar.previewNote') }),
      h('div', { class: 'walkin-row' },
        h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'preview-previous', text: t('calendar.weekBefore'), on: { click: () => moveWeek(-7) } }),
        field('preview-week', t('calendar.week'), weekInput),
        h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'preview-next', text: t('calendar.weekAfter'), on: { click: () => moveWeek(7) } }),
        previewButton),
      previewArea),
    h('div', { class: 'save-bar' }, dirtyNote, h('div', { class: 'step-buttons' }, resetButton, saveButton)));
  draw();
}
