#include "engine/notice_kind.h"

namespace sportello::engine {

std::string_view NoticeKindName(NoticeKind kind) {
  switch (kind) {
    case NoticeKind::confirmation: return "confirmation";
    case NoticeKind::convocation: return "convocation";
    case NoticeKind::reschedule: return "reschedule";
    case NoticeKind::cancellation: return "cancellation";
    case NoticeKind::reminder: return "reminder";
    case NoticeKind::feedback: return "feedback";
    case NoticeKind::offer: return "offer";
    case NoticeKind::reconfirm: return "reconfirm";
    case NoticeKind::reconfirm_reminder: return "reconfirm_reminder";
    case NoticeKind::released: return "released";
    case NoticeKind::draw_lost: return "draw_lost";
    case NoticeKind::question_answered: return "question_answered";
    case NoticeKind::status_event: return "status_event";
  }
  return "confirmation";
}

std::optional<NoticeKind> ParseNoticeKind(std::string_view name) {
  for (NoticeKind kind : {NoticeKind::confirmation, NoticeKind::convocation, NoticeKind::reschedule,
                          NoticeKind::cancellation, NoticeKind::reminder, NoticeKind::feedback,
                          NoticeKind::offer, NoticeKind::reconfirm, NoticeKind::reconfirm_reminder,
                          NoticeKind::released, NoticeKind::draw_lost, NoticeKind::question_answered,
                          NoticeKind::status_event}) {
    if (NoticeKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

bool IsAboutAnAppointment(NoticeKind kind) {
  return kind != NoticeKind::draw_lost && kind != NoticeKind::question_answered && kind != NoticeKind::status_event;
}

}  // namespace sportello::engine
