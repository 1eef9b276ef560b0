#include "mail/notice_mail.h"

#include "engine/notice.h"
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

}  // namespace

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
  const engine::Notice rendered = engine::RenderNotice(input);

  MailParts parts;
  parts.from_address = settings.from_address;
  parts.from_name = desk.name;
  parts.to_address = notice.recipient;
  parts.subject = rendered.subject;
  // Stable per outbox row: a message sent twice (a crash between the relay's answer and the
  // record) carries the same Message-ID, so mail programs can tell.
  parts.message_id = fmt::format("sportello.{}.{}@{}", notice.id, notice.booking_code, Domain(settings.from_address));
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
