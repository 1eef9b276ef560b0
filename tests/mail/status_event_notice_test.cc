// The e-mail telling an applicant of a status event of their application (SPEC.md, "Integration"),
// as rendered by engine/notice.h and built by mail/notice_mail.h: in every language the event's text,
// the application and the link to the status page; no appointment, no documents, no invitation, no
// token. Pure: no server, no database.
#include "engine/notice.h"
#include "mail/notice_mail.h"
#include "tests/engine/calendar_fixture.h"

#include <catch2/catch.hpp>
#include <fmt/core.h>

#include <set>
#include <stdexcept>

namespace sportello::engine {
namespace {

using testing::At;

constexpr std::string_view kStatusLink = "https://prenota.example.it/status";

const Catalogue& Types() {
  static const Catalogue catalogue;
  return catalogue;
}

std::string EventText(Language language) {
  return fmt::format("Nulla osta rilasciato <{}> & pronto", LanguageCode(language));
}

NoticeInput Input(Language language) {
  NoticeInput input;
  input.kind = NoticeKind::status_event;
  input.language = language;
  input.application_id = "P-2026-000123";
  input.desk_name = "Sportello Unico per l'Immigrazione – Prefettura di Roma";
  input.desk_address = "Via Ostiense 131/L, 00154 Roma";
  input.zone = FindTimeZone("Europe/Rome");
  input.type_id = "nulla_osta_issued";
  input.start = At("2026-12-05T10:31:00+01:00");
  input.end = input.start;
  input.public_url = "https://prenota.example.it/";
  input.event_text = EventText(language);
  input.organizer_email = "sportello@prefettura.example";
  input.recipient = "persona@example.org";
  input.now = input.start;
  return input;
}

TEST_CASE("a status event is told in four languages with its text, the application and the status page") {
  std::set<std::string> subjects;
  for (const Language language : kLanguages) {
    const Notice notice = RenderNotice(Input(language));
    INFO(LanguageCode(language) << "\n" << notice.text);
    CHECK_THAT(notice.subject, Catch::Contains("P-2026-000123"));
    CHECK(notice.subject.find('{') == std::string::npos);
    CHECK(notice.text.find('{') == std::string::npos);  // every placeholder filled
    CHECK_THAT(notice.text, Catch::Contains(EventText(language) + "\n"));
    CHECK_THAT(notice.html, Catch::Contains("<p>" + EscapeHtml(EventText(language)) + "</p>"));
    CHECK_THAT(notice.text, Catch::Contains(std::string(kStatusLink) + " "));
    CHECK_THAT(notice.html, Catch::Contains("href=\"" + EscapeHtml(kStatusLink) + "\""));
    CHECK(notice.text.find("token") == std::string::npos);
    CHECK(notice.text.find("nulla_osta_issued") == std::string::npos);  // the code is not a type to show
    CHECK(notice.text.find("10:31") == std::string::npos);              // no appointment time
    CHECK(notice.ics.empty());
    subjects.insert(notice.subject);
  }
  CHECK(subjects.size() == 4);
  const Notice en = RenderNotice(Input(Language::en));
  CHECK(en.subject == "News about your application P-2026-000123");
  CHECK_THAT(en.text, Catch::Contains("Application: P-2026-000123\n"));
  CHECK(StatusLink("https://prenota.example.it//") == kStatusLink);
}

TEST_CASE("a status event without its text is refused as a bug") {
  NoticeInput input = Input(Language::it);
  input.event_text.clear();
  CHECK_THROWS_AS(RenderNotice(input), std::invalid_argument);
}

TEST_CASE("the e-mail about a status event has no invitation and its Message-ID names the event") {
  const DeskCalendar desk = testing::MustParse(R"({"desk":"roma","name":"Sportello Roma","province":"RM",
    "timezone":"Europe/Rome","types":{"lavoro-documenti":{"slot_minutes":20,"horizon_days":60,"min_notice_hours":24,"cancel_notice_hours":24,
    "weekly":[{"days":["mon"],"from":"09:00","to":"10:00","capacity":1}]}}})");
  storage::PendingNotice row;
  row.id = 31;
  row.kind = NoticeKind::status_event;
  row.application_id = "P-2026-000123";
  row.desk = "roma";
  row.type = "documents_requested";
  row.start = At("2026-12-05T10:31:00+01:00");
  row.end = row.start;
  row.recipient = "persona@example.org";
  row.lang = "fr";
  row.event_id = 7;
  row.event_text = "Le guichet demande des documents complémentaires";
  const mail::NoticeMailSettings settings{.from_address = "sportello@prefettura.example",
                                          .public_url = "https://prenota.example.it"};
  std::string error;
  const auto mail = mail::BuildNoticeMail(row, desk, Types(), settings, row.start, error);
  REQUIRE(mail.has_value());
  CHECK_THAT(mail->data, Catch::Contains("\r\nMessage-ID: <sportello.31.event-7@prefettura.example>\r\n"));
  CHECK_THAT(mail->data, Catch::Contains("Content-Language: fr"));
  CHECK(mail->data.find("text/calendar") == std::string::npos);

  row.event_text.clear();  // its event is gone
  error.clear();
  CHECK_FALSE(mail::BuildNoticeMail(row, desk, Types(), settings, row.start, error));
  CHECK_FALSE(error.empty());
}

}  // namespace
}  // namespace sportello::engine
