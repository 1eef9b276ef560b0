// SlotPicker: the calendar where an applicant picks a day and a time among a desk's free slots.
// The earliest free slot is offered first, as one button; below, a month calendar (days with free
// times are buttons; arrow keys move between them) and the times of the chosen day as radio buttons.
// Used to book (book.js) and to move a booking (manage.js).
import { availability, explain } from './api.js';
import { addDays, dayOf, formatDay, formatTime, t, today } from './i18n.js';
import { alertBox, announce, focusOn, h, icon } from './page.js';

const WINDOW_DAYS = 62;  // the API's longest range per call
const MAX_WINDOWS = 6;   // look about a year ahead at most

export class SlotPicker {
  // options: { desk, type, timeZone, exclude (a start to leave out: the booking being moved),
  //            chooseLabel (text of the earliest-slot button), onChoose(slot),
  //            onLoad(earliest) (after each load: the earliest free slot, null when none, undefined
  //            when the load failed) }
  constructor(root, options) {
    this.root = root;
    this.options = options;
    this.days = [];  // [{date, slots:[{start,end,free}]}], ascending
    this.month = null;  // "YYYY-MM" shown
    this.day = null;    // date chosen
    this.start = null;  // slot start chosen
    this.message = null;
    this.loading = false;
    this.failure = null;
  }

  // Loads the free slots and draws the picker; `message` (e.g. "that time was just taken") is shown
  // above it and receives focus.
  async load(message = null) {
    this.message = message;
    this.loading = true;
    this.failure = null;
    this.render();
    try {
      this.days = await this.fetchDays();
    } catch (error) {
      this.failure = error;
    }
    this.loading = false;
    const first = this.earliest();
    this.day = first ? dayOf(first.start) : null;
    this.month = (this.day || today(this.options.timeZone)).slice(0, 7);
    this.start = null;
    this.render();
    this.options.onLoad?.(this.failure ? undefined : first);
    if (this.message) focusOn(this.root.querySelector('.picker-message'));
  }

  async fetchDays() {
    const { desk, type, timeZone } = this.options;
    const days = [];
    let from = today(timeZone);
    for (let window = 0; window < MAX_WINDOWS; window += 1) {
      const to = addDays(from, WINDOW_DAYS - 1);
      const answer = await availability(desk, type, from, to);
      if (answer.days.length === 0) break;  // past the booking window
      days.push(...answer.days);
      if (days.some((d) => d.slots.some((s) => this.isFree(s)))) break;
      from = addDays(to, 1);
    }
    return days.filter((d) => d.slots.length > 0);
  }

  isFree(slot) {
    return slot.free > 0 && slot.start !== this.options.exclude;
  }

  earliest() {
    for (const day of this.days) {
      const slot = day.slots.find((s) => this.isFree(s));
      if (slot) return slot;
    }
    return null;
  }

  dayInfo(date) {
    return this.days.find((d) => d.date === date) || null;
  }

  render() {
    const parts = [];
    if (this.message) parts.push(h('div', { class: 'picker-message' }, alertBox('warning', this.message)));
    if (this.loading) {
      parts.push(h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner' }), t('common.loading')));
    } else if (this.failure) {
      parts.push(alertBox('danger', explain(this.failure),
        h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm mt-2', text: t('common.retry'),
          on: { click: () => this.load(this.message) } })));
    } else if (!this.earliest()) {
      parts.push(alertBox('info', t('picker.none.title'), t('picker.none.body')));
    } else {
      parts.push(this.renderEarliest(), h('div', { class: 'picker-grid' }, this.renderCalendar(), this.renderTimes()));
    }
    this.root.replaceChildren(...parts);
  }

  renderEarliest() {
    const slot = this.earliest();
    const { timeZone } = this.options;
    return h('section', { class: 'earliest card-box', 'aria-labelledby': 'earliest-title' },
      h('h3', { id: 'earliest-title', class: 'h5 mb-1', text: t('picker.earliest') }),
      h('p', { class: 'earliest-when' },
        icon('it-calendar', 'icon-primary me-2'),
        h('strong', { text: t('picker.at', { date: formatDay(dayOf(slot.start)), time: formatTime(slot.start, timeZone) }) })),
      h('button', { type: 'button', class: 'btn btn-primary', id: 'choose-earliest',
        text: this.options.chooseLabel || t('picker.chooseEarliest'),
        on: { click: () => this.options.onChoose(slot) } }));
  }

  months() {
    const months = [...new Set(this.days.map((d) => d.date.slice(0, 7)))];
    return months.length ? months : [this.month];
  }

  renderCalendar() {
    const months = this.months();
    const index = months.indexOf(this.month);
    const [year, month] = this.month.split('-').map(Number);
    const label = formatDay(`${this.month}-15`, { month: 'long', year: 'numeric' });
    const go = (step) => {
      this.month = months[index + step];
      this.render();
      this.root.querySelector(step < 0 ? '.cal-prev' : '.cal-next')?.focus();
      announce(formatDay(`${this.month}-15`, { month: 'long', year: 'numeric' }));
    };
    const navButton = (step, cls, key, iconName) => h('button', {
      type: 'button', class: `btn btn-icon btn-outline-primary cal-nav ${cls}`, 'aria-label': t(key),
      disabled: index + step < 0 || index + step >= months.length, on: { click: () => go(step) },
    }, icon(iconName, 'icon-primary'));

    const weekdays = [];
    for (let i = 0; i < 7; i += 1) {
      const day = `2024-01-${String(1 + i).padStart(2, '0')}`;  // 1 Jan 2024 was a Monday
      weekdays.push(h('th', { scope: 'col', abbr: formatDay(day, { weekday: 'long' }),
        text: formatDay(day, { weekday: 'short' }) }));
    }
    const first = new Date(Date.UTC(year, month - 1, 1));
    const lead = (first.getUTCDay() + 6) % 7;  // Monday first
    const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const rows = [];
    let cells = [];
    for (let i = 0; i < lead; i += 1) cells.push(h('td', { class: 'cal-empty' }));
    for (let date = 1; date <= length; date += 1) {
      cells.push(h('td', {}, this.renderDay(`${this.month}-${String(date).padStart(2, '0')}`)));
      if (cells.length === 7) {
        rows.push(h('tr', {}, cells));
        cells = [];
      }
    }
    if (cells.length) {
      while (cells.length < 7) cells.push(h('td', { class: 'cal-empty' }));
      rows.push(h('tr', {}, cells));
    }
    const table = h('table', { class: 'cal', 'aria-labelledby': 'cal-month' },
      h('thead', {}, h('tr', {}, weekdays)), h('tbody', {}, rows));
    table.addEventListener('keydown', (event) => this.onCalendarKey(event));
    return h('section', { class: 'calendar', 'aria-labelledby': 'cal-title' },
      h('h3', { id: 'cal-title', class: 'h5 mt-4', text: t('picker.other') }),
      h('p', { class: 'small text-secondary', id: 'cal-help', text: t('picker.help') }),
      h('div', { class: 'cal-header' },
        navButton(-1, 'cal-prev', 'picker.previousMonth', 'it-chevron-left'),
        h('h4', { id: 'cal-month', class: 'cal-month h6 mb-0', text: label }),
        navButton(1, 'cal-next', 'picker.nextMonth', 'it-chevron-right')),
      table,
      h('ul', { class: 'cal-legend' },
        h('li', {}, h('span', { class: 'swatch swatch-free', 'aria-hidden': 'true' }), t('picker.legend.free')),
        h('li', {}, h('span', { class: 'swatch swatch-full', 'aria-hidden': 'true' }), t('picker.legend.full')),
        h('li', {}, h('span', { class: 'swatch swatch-closed', 'aria-hidden': 'true' }), t('picker.legend.closed'))));
  }

  renderDay(date) {
    const number = String(Number(date.slice(8)));
    const info = this.dayInfo(date);
    const free = info ? info.slots.filter((s) => this.isFree(s)).length : 0;
    const long = formatDay(date);
    if (!info) return h('span', { class: 'cal-day cal-day-closed', title: t('picker.legend.closed') }, number);
    if (free === 0) {
      return h('span', { class: 'cal-day cal-day-full' },
        h('span', { 'aria-hidden': 'true', text: number }),
        h('span', { class: 'visually-hidden', text: `${long}: ${t('picker.dayFull')}` }));
    }
    const chosen = date === this.day;
    return h('button', {
      type: 'button', class: `cal-day cal-day-free${chosen ? ' is-chosen' : ''}`, 'data-date': date,
      'aria-pressed': chosen ? 'true' : 'false', 'aria-label': `${long}: ${t(free === 1 ? 'picker.oneFree' : 'picker.manyFree', { count: free })}`,
      'aria-describedby': 'cal-help', tabindex: chosen || (!this.dayInMonth() && this.firstFreeInMonth() === date) ? '0' : '-1',
      on: { click: () => this.chooseDay(date) },
    }, number);
  }

  dayInMonth() {
    return this.day && this.day.startsWith(this.month) && this.dayInfo(this.day);
  }

  firstFreeInMonth() {
    const day = this.days.find((d) => d.date.startsWith(this.month) && d.slots.some((s) => this.isFree(s)));
    return day ? day.date : null;
  }

  chooseDay(date) {
    this.day = date;
    this.start = null;
    this.render();
    this.root.querySelector(`.cal-day[data-date="${date}"]`)?.focus();
    const free = this.dayInfo(date).slots.filter((s) => this.isFree(s)).length;
    announce(t('picker.timesShown', { date: formatDay(date), count: free }));
  }

  onCalendarKey(event) {
    const buttons = [...this.root.querySelectorAll('button.cal-day')];
    const index = buttons.indexOf(document.activeElement);
    if (index < 0) return;
    const dateOf = (button) => button.dataset.date;
    let target = null;
    const byOffset = (days) => {
      const wanted = addDays(dateOf(buttons[index]), days);
      const forward = days > 0;
      const candidates = buttons.filter((b) => (forward ? dateOf(b) >= wanted : dateOf(b) <= wanted));
      return forward ? candidates[0] : candidates[candidates.length - 1];
    };
    switch (event.key) {
      case 'ArrowRight': target = buttons[index + 1]; break;
      case 'ArrowLeft': target = buttons[index - 1]; break;
      case 'ArrowDown': target = byOffset(7); break;
      case 'ArrowUp': target = byOffset(-7); break;
      case 'Home': target = buttons[0]; break;
      case 'End': target = buttons[buttons.length - 1]; break;
      default: return;
    }
    event.preventDefault();
    if (!target) return;
    for (const button of buttons) button.setAttribute('tabindex', button === target ? '0' : '-1');
    target.focus();
  }

  renderTimes() {
    const section = h('section', { class: 'times', 'aria-live': 'off' });
    if (!this.dayInMonth()) return section;
    const { timeZone } = this.options;
    const info = this.dayInfo(this.day);
    const options = info.slots.map((slot) => {
      const id = `slot-${slot.start.replace(/[^0-9]/g, '')}`;
      const free = this.isFree(slot);
      const current = slot.start === this.options.exclude;
      const time = formatTime(slot.start, timeZone);
      const note = current ? t('picker.current') : free ? '' : t('picker.full');
      return h('div', { class: `time-option${current ? ' is-current' : free ? '' : ' is-full'}` },
        h('input', { type: 'radio', name: 'slot', id, value: slot.start, disabled: !free,
          checked: slot.start === this.start, on: { change: () => { this.start = slot.start; this.clearTimeError(); } } }),
        h('label', { for: id }, h('span', { class: 'time', text: time }),
          note ? h('span', { class: 'time-note', text: note }) : null));
    });
    const error = h('div', { id: 'slot-error', class: 'field-error invalid-feedback' });
    section.append(
      h('fieldset', { class: 'mt-4', 'aria-describedby': 'slot-error' },
        h('legend', { class: 'h5', text: t('picker.timesOf', { date: formatDay(this.day) }) }),
        h('div', { class: 'time-grid' }, options),
        error),
      h('button', { type: 'button', class: 'btn btn-primary mt-3', id: 'choose-time', text: t('common.continue'),
        on: { click: () => this.confirmChoice() } }));
    return section;
  }

  clearTimeError() {
    const error = this.root.querySelector('#slot-error');
    if (error) {
      error.textContent = '';
      error.classList.remove('d-block');
    }
  }

  confirmChoice() {
    const slot = this.dayInfo(this.day)?.slots.find((s) => s.start === this.start);
    if (!slot) {
      const error = this.root.querySelector('#slot-error');
      error.textContent = t('picker.chooseTime');
      error.classList.add('d-block');
      this.root.querySelector('input[name="slot"]:not(:disabled)')?.focus();
      return;
    }
    this.options.onChoose(slot);
  }
}
