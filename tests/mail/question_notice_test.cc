// The e-mail telling an applicant that their question was answered (SPEC.md, "Questions": no
// content, only a link, since e-mail is not confidential), as rendered by engine/notice.h and built
// by mail/notice_mail.h: in every language the ticket's number, the application and the link to the
// questions page without any token; never the answer, no appointment, no documents, no invitation.
// Pure: no server, no database.
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

constexpr std::string_view kLink = "https://prenota.example.it/questions#id=Q-7K3Q-9XZD-4F2H";

const Catalogue& Types() {
  static const Catalogue catalogue;
  return catalogue;
}

NoticeInput Input(Language language) {
  NoticeInput input;
  input.kind = NoticeKind::question_answered;
  input.language = language;
  input.application_id = "P-2026-000123";
  input.desk_name = "Sportello Unico per l'Immigrazione – Prefettura di Roma";
  input.desk_address = "Via Ostiense 131/L, 00154 Roma";
  input.zone = FindTimeZone("Europe/Rome");
  input.type_id = "stato-pratica";
  input.start = At("2026-12-05T10:31:00+01:00");
  input.end = input.start;
  input.public_url = "https://prenota.example.it";
  input.question_id = "Q-7K3Q-9XZD-4F2H";
  input.question_number = "Q-000042";
  input.organizer_email = "sportello@prefettura.example";
  input.recipient = "persona@example.org";
  input.now = input.start;
  return input;
}

TEST_CASE("an answered question is told in four languages with its number and a link, never the answer") {
  std::set<std::string> subjects;
  for (const Language language : kLanguages) {
    const Notice notice = RenderNotice(Input(language));
    INFO(LanguageCode(language) << "\n" << notice.text);
    CHECK_THAT(notice.subject, Catch::Contains("Q-000042"));
    CHECK(notice.subject.find('{') == std::string::npos);
    CHECK(notice.text.find('{') == std::string::npos);  // every placeholder filled
    CHECK_THAT(notice.text, Catch::Contains("P-2026-000123"));
    CHECK_THAT(notice.text, Catch::Contains(std::string(kLink) + " "));
    CHECK_THAT(notice.html, Catch::Contains("href=\"" + EscapeHtml(kLink) + "\""));
    CHECK(notice.text.find("token") == std::string::npos);
    CHECK(notice.text.find("/manage") == std::string::npos);
    CHECK(notice.text.find("stato-pratica") == std::string::npos);
    CHECK(notice.text.find("10:31") == std::string::npos);  // no appointment time
    CHECK(notice.ics.empty());
    subjects.insert(notice.subject);
  }
  CHECK(subjects.size() == 4);
  const Notice en = RenderNotice(Input(Language::en));
  CHECK(en.subject == "Your question Q-000042 has an answer");
  CHECK_THAT(en.text, Catch::Contains("the answer is not in this e-mail"));
  CHECK_THAT(en.text, Catch::Contains("Question: Q-000042\n"));
  CHECK(QuestionLink("https://prenota.example.it/", "Q-1") == "https://prenota.example.it/questions#id=Q-1");
}

TEST_CASE("an answered question without its ticket is refused as a bug") {
  NoticeInput input = Input(Language::it);
  input.question_number.clear();
  CHECK_THROWS_AS(RenderNotice(input), std::invalid_argument);
}

TEST_CASE("the e-mail about an answered question has no invitation and its Message-ID names the ticket") {
  const DeskCalendar desk = testing::MustParse(R"({"desk":"roma","name":"Sportello Roma","province":"RM",
    "timezone":"Europe/Rome","types":{"lavoro-documenti":{"slot_minutes":20,"horizon_days":60,"min_notice_hours":24,"cancel_notice_hours":24,
    "weekly":[{"days":["mon"],"from":"09:00","to":"10:00","capacity":1}]}}})");
  storage::PendingNotice row;
  row.id = 12;
  row.kind = NoticeKind::question_answered;
  row.application_id = "P-2026-000123";
  row.desk = "roma";
  row.type = "stato-pratica";
  row.start = At("2026-12-05T10:31:00+01:00");
  row.end = row.start;
  row.recipient = "persona@example.org";
  row.lang = "es";
  row.question_id = "Q-7K3Q-9XZD-4F2H";
  row.question_sequence = 42;
  const mail::NoticeMailSettings settings{.from_address = "sportello@prefettura.example",
                                          .public_url = "https://prenota.example.it"};
  std::string error;
  const auto mail = mail::BuildNoticeMail(row, desk, Types(), settings, row.start, error);
  REQUIRE(mail.has_value());
  CHECK_THAT(mail->data, Catch::Contains("\r\nMessage-ID: <sportello.12.question-Q-7K3Q-9XZD-4F2H@prefettura.example>\r\n"));
  CHECK_THAT(mail->data, Catch::Contains("Content-Language: es"));
  CHECK(mail->data.find("text/calendar") == std::string::npos);

  row.question_sequence = 0;
  error.clear();
  CHECK_FALSE(mail::BuildNoticeMail(row, desk, Types(), settings, row.start, error));
  CHECK_FALSE(error.empty());
}

}  // namespace
}  // namespace sportello::engine
