#include "mail/notice_mail.h"

#include "engine/notice.h"
#include "engine/question.h"
#include "engine/reconfirmation.h"
#include "mail/mime.h"

#include <fmt/core.h>

namespace sportello::mail {

namespace {

std::string_view MethodName(engine::IcsMethod method) {
  return method == engine::IcsMethod::cancel ? "CANCEL" : "REQUEST";
}

// The domain of the sender address, for Message-IDs.
std::string_view Domain(std::string_view address) {
  const std::size_t at = address.rfind('@');
  return at == std::string_view::npos ? std::string_view("sportello.invalid") : address.substr(at + 1);
}

bool AsksReconfirmation(engine::NoticeKind kind) {
  return kind == engine::NoticeKind::reconfirm || kind == engine::NoticeKind::reconfirm_reminder;
}

// The facts a kind cannot do without, taken from the row and the desk's calendar into `input`;
// false with `error` set when one is missing.
bool AddKindFacts(const storage::PendingNotice& notice, const engine::DeskCalendar& desk, engine::NoticeInput& input,
                  std::string& error) {
  if (notice.kind == engine::NoticeKind::offer) {
    if (notice.waitlist_id.empty() || !notice.offer_expires_at) {
      error = "the offer names no waitlist entry or no expiry";
      return false;
    }
    input.waitlist_id = notice.waitlist_id;
    input.offer_expires_at = notice.offer_expires_at;
  }
  if (notice.kind == engine::NoticeKind::draw_lost) {
    if (notice.draw_request_id.empty() || !notice.draw_month || notice.draw_place < 1 ||
        notice.draw_size < notice.draw_place) {
      error = "the message names no draw request, or its request has no place in the draw order";
      return false;
    }
    input.draw_request_id = notice.draw_request_id;
    input.draw_month = notice.draw_month;
    input.draw_place = notice.draw_place;
    input.draw_size = notice.draw_size;
  }
  if (notice.kind == engine::NoticeKind::question_answered) {
    if (notice.question_id.empty() || notice.question_sequence < 1) {
      error = "the message names no ticket";
      return false;
    }
    input.question_id = notice.question_id;
    input.question_number = engine::QuestionNumber(notice.question_sequence);
    if (!notice.question_verified) input.application_id.clear();
  }
  if (notice.kind == engine::NoticeKind::status_event) {
    if (notice.event_id < 1 || notice.event_text.empty()) {
      error = "the message names no status event";
      return false;
    }
    input.event_text = notice.event_text;
  }
  if (AsksReconfirmation(notice.kind)) {
    const engine::TypeCalendar* type = desk.FindType(notice.type);
    const auto window = type != nullptr ? engine::ReconfirmWindowOf(*type, notice.start, *desk.zone) : std::nullopt;
    if (!window) {
      error = "the desk's calendar no longer asks to reconfirm this appointment type";
      return false;
    }
    input.reconfirm_until = window->until;
  }
  return true;
}

}  // namespace

std::string NoticeSubjectId(const storage::PendingNotice& notice) {
  if (!notice.draw_request_id.empty()) return "draw-" + notice.draw_request_id;
  if (!notice.question_id.empty()) return "question-" + notice.question_id;
  if (notice.event_id > 0) return "event-" + std::to_string(notice.event_id);
  if (notice.booking_code.empty()) return "waitlist-" + notice.waitlist_id;
  return notice.booking_code;
}

std::optional<OutgoingMail> BuildNoticeMail(const storage::PendingNotice& notice, const engine::DeskCalendar& desk,
                                            const engine::Catalogue& catalogue, const NoticeMailSettings& settings,
                                            engine::Instant now, std::string& error) {
  if (!IsValidAddress(notice.recipient)) {
    error = "the recipient is not a valid e-mail address";
    return std::nullopt;
  }
  engine::NoticeInput input;
  input.kind = notice.kind;
  input.language = engine::ParseLanguage(notice.lang).value_or(engine::Language::it);
  input.code = notice.booking_code;
  input.application_id = notice.application_id;
  input.desk_name = desk.name;
  input.desk_address = desk.address;
  input.desk_contact = desk.contact;
  input.zone = desk.zone;
  input.type_id = notice.type;
  input.type = catalogue.Find(notice.type);
  input.start = notice.start;
  input.end = notice.end;
  input.previous_start = notice.previous_start;
  input.previous_end = notice.previous_end;
  input.sequence = notice.sequence;
  if (const engine::TypeCalendar* type = desk.FindType(notice.type)) input.cancel_notice_hours = type->cancel_notice_hours;
  input.public_url = settings.public_url;
  input.manage_token = notice.manage_token;
  input.organizer_email = settings.from_address;
  input.recipient = notice.recipient;
  input.now = now;
  if (!AddKindFacts(notice, desk, input, error)) return std::nullopt;
  const engine::Notice rendered = engine::RenderNotice(input);

  MailParts parts;
  parts.from_address = settings.from_address;
  parts.from_name = desk.name;
  parts.to_address = notice.recipient;
  parts.subject = rendered.subject;
  // Stable per outbox row: a message sent twice (a crash between the relay's answer and the
  // record) carries the same Message-ID, so mail programs can tell.
  parts.message_id =
      fmt::format("sportello.{}.{}@{}", notice.id, NoticeSubjectId(notice), Domain(settings.from_address));
  parts.date = now;
  parts.language = std::string(engine::LanguageCode(input.language));
  parts.text = rendered.text;
  parts.html = rendered.html;
  parts.calendar = rendered.ics;
  parts.calendar_method = std::string(MethodName(rendered.method));
  parts.calendar_filename = notice.booking_code + ".ics";
  return OutgoingMail{settings.from_address, notice.recipient, ComposeMessage(parts)};
}

}  // namespace sportello::mail
