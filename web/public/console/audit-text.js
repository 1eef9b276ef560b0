// The audit log's entries as sentences in the console's language ("op.roma ha spostato
// RM-7K3Q-9XZD-4F2H da … a …"), from the entry's action code, who did it and the record before
// and after. An action the console does not know yet is still shown, with its code.
import { formatDate, formatTime, t } from '../js/i18n.js';

const ROME = 'Europe/Rome';
const when = (instant, zone = ROME) => (instant ? `${formatDate(instant, zone)}, ${formatTime(instant, zone)}` : '—');

// Who did it: a staff username, or the applicant, the command line, the system.
export function actorText(actor) {
  if (actor?.startsWith('staff:')) return actor.slice('staff:'.length);
  if (['applicant', 'cli', 'system'].includes(actor)) return t(`audit.who.${actor}`);
  return actor || '—';
}

// The short name of desk `id` ("Prefettura di Roma"), from the desks the console knows.
export function deskText(id, desks) {
  if (!id) return '—';
  return (desks.find((d) => d.id === id)?.name || id).split(' – ').pop();
}

function bookingSentence(entry, who, zone) {
  const before = entry.before || {};
  const after = entry.after || {};
  const code = after.code || before.code || entry.subject;
  switch (entry.action) {
    case 'booking.create':
      return t(entry.actor?.startsWith('staff:') ? 'audit.booking.convene' : 'audit.booking.create',
        { who, code, application: after.application_id || '—', when: when(after.start, zone) });
    case 'booking.cancel':
      return t('audit.booking.cancel', { who, code, when: when(before.start || after.start, zone) });
    case 'booking.reschedule':
      return t('audit.booking.reschedule', { who, code, from: when(before.start, zone), to: when(after.start, zone) });
    case 'booking.attendance':
      if (after.status === 'booked') return t('audit.booking.undo', { who, code });
      return t(after.status === 'no_show' ? 'audit.booking.no_show' : 'audit.booking.attended', { who, code });
    case 'booking.attendance_undo':
      return t('audit.booking.undo', { who, code });
    case 'booking.new_link':
      return t('audit.booking.new_link', { who, code });
    default:
      return null;
  }
}

// The sentence for `entry`; `desks` as listDesks answers (names, time zones).
export function auditSentence(entry, desks) {
  const who = actorText(entry.actor);
  const zone = desks.find((d) => d.id === entry.desk)?.timezone || ROME;
  const desk = deskText(entry.desk || entry.subject, desks);
  const after = entry.after || {};
  const sentence = entry.action.startsWith('booking.') ? bookingSentence(entry, who, zone) : null;
  if (sentence) return sentence;
  switch (entry.action) {
    case 'calendar.replace':
      return t('audit.calendar.replace', { who, desk });
    case 'calendar.seed':
      return t('audit.calendar.seed', { who, desk });
    case 'flags.self_booking':
      return t(after.self_booking ? 'audit.flags.on' : 'audit.flags.off', { who, desk });
    case 'flags.proof_of_work':
      return t(after.proof_of_work ? 'audit.flags.powOn' : 'audit.flags.powOff', { who, desk });
    case 'flags.proof_of_work_reads':
      return t(after.proof_of_work_reads ? 'audit.flags.powReadsOn' : 'audit.flags.powReadsOff', { who, desk });
    case 'user.add':
      return t('audit.user.add', { who, user: entry.subject, role: t(`role.${after.role}`),
        desk: after.desk ? deskText(after.desk, desks) : t('role.everyDesk') });
    case 'user.disable':
      return t('audit.user.disable', { who, user: entry.subject });
    case 'applications.import':
      return t('audit.applications.import', { who, inserted: after.inserted ?? 0, updated: after.updated ?? 0 });
    default:
      return t('audit.other', { who, action: entry.action, subject: entry.subject || '—' });
  }
}
