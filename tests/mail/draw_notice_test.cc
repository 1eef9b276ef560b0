// The e-mail telling an applicant that their draw request lost (SPEC.md, "Fair release": "those left
// without a seat are told"), as rendered by engine/notice.h and built by mail/notice_mail.h: in every
// language the type, the desk, the month, the place in the public draw order of how many, the link
// to the result with the request's id and token, the waiting list and first come; no invitation.
// Pure: no server, no database.
#include "engine/notice.h"
#include "mail/notice_mail.h"
#include "tests/engine/calendar_fixture.h"

#include <catch2/catch.hpp>
#include <fmt/core.h>

#include <array>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace sportello::engine {
namespace {

using namespace std::chrono_literals;
using testing::At;

constexpr std::string_view kDesk = "Sportello Unico per l'Immigrazione – Prefettura di Roma";
constexpr std::string_view kDrawLink = "https://prenota.example.it/draw#id=D-7K3Q-9XZD-4F2H&token=dtok_Qw12-secret";

const Catalogue& Types() {
  static const Catalogue catalogue = [] {
    std::ifstream in(std::string(SPORTELLO_SOURCE_DIR) + "/calendars/types.json");
    std::stringstream text;
    text << in.rdbuf();
    return *ParseCatalogue(text.str()).value;
  }();
  return catalogue;
}

const date::time_zone& Rome() { return *FindTimeZone("Europe/Rome"); }

// Request D-7K3Q-9XZD-4F2H for January 2027 came 4th of 9 and took no seat.
NoticeInput Input(Language language) {
  NoticeInput input;
  input.kind = NoticeKind::draw_lost;
  input.language = language;
  input.application_id = "P-2026-000123";
  input.desk_name = std::string(kDesk);
  input.desk_address = "Via Ostiense 131/L, 00154 Roma";
  input.zone = &Rome();
  input.type_id = "lavoro-documenti";
  input.type = Types().Find("lavoro-documenti");
  input.start = At("2027-01-01T00:00:00Z");
  input.end = input.start;
  input.public_url = "https://prenota.example.it";
  input.manage_token = "dtok_Qw12-secret";
  input.draw_request_id = "D-7K3Q-9XZD-4F2H";
  input.draw_month = date::year{2027} / 1;
  input.draw_place = 4;
  input.draw_size = 9;
  input.organizer_email = "sportello@prefettura.example";
  input.recipient = "persona@example.org";
  input.now = At("2026-12-05T10:31:00+01:00");
  return input;
}

struct Expected {
  Language language;
  std::string_view month;
  std::string_view place;       // "place 4 of 9"
  std::string_view waitlist;    // the waiting list
  std::string_view first_come;  // a seat still free, first come
};

constexpr std::array<Expected, 4> kExpected = {{
    {Language::it, "gennaio 2027", "al posto 4 su 9", "lista d'attesa", "in ordine di arrivo"},
    {Language::en, "January 2027", "at place 4 of 9", "waiting list", "first come first served"},
    {Language::fr, "janvier 2027", "à la place 4 sur 9", "liste d'attente", "par ordre d'arrivée"},
    {Language::es, "enero de 2027", "en el puesto 4 de 9", "lista de espera", "por orden de llegada"},
}};

TEST_CASE("a lost draw is told in four languages: the month, the place of how many, the link to the result") {
  std::set<std::string> subjects;
  for (const Expected& expected : kExpected) {
    const Notice notice = RenderNotice(Input(expected.language));
    INFO(LanguageCode(expected.language) << "\n" << notice.text);
    CHECK_THAT(notice.subject, Catch::Contains(std::string(expected.month)));
    CHECK(notice.subject.find('\n') == std::string::npos);
    CHECK(notice.subject.find('{') == std::string::npos);
    CHECK(notice.text.find('{') == std::string::npos);  // every placeholder filled
    CHECK_THAT(notice.text, Catch::Contains(std::string(expected.month)));
    CHECK_THAT(notice.text, Catch::Contains(std::string(expected.place)));
    CHECK_THAT(notice.text, Catch::Contains(std::string(expected.waitlist)));
    CHECK_THAT(notice.text, Catch::Contains(std::string(expected.first_come)));
    CHECK_THAT(notice.text, Catch::Contains(Types().Find("lavoro-documenti")->name.In(expected.language)));
    CHECK_THAT(notice.text, Catch::Contains(std::string(kDesk)));
    CHECK_THAT(notice.text, Catch::Contains("P-2026-000123"));
    CHECK_THAT(notice.text, Catch::Contains(std::string(kDrawLink) + "\n"));
    CHECK_THAT(notice.html, Catch::Contains("href=\"" + EscapeHtml(kDrawLink) + "\""));
    CHECK_THAT(notice.html, Catch::Contains(EscapeHtml(expected.place)));
    CHECK_THAT(notice.html, Catch::Contains(fmt::format("<html lang=\"{}\">", LanguageCode(expected.language))));
    CHECK(notice.text.find("/manage") == std::string::npos);
    CHECK(notice.ics.empty());  // nothing is booked: no invitation
    for (const LocalizedText& document : Types().Find("lavoro-documenti")->documents) {
      CHECK(notice.text.find(document.In(expected.language)) == std::string::npos);
    }
    subjects.insert(notice.subject);
  }
  CHECK(subjects.size() == 4);

  const Notice en = RenderNotice(Input(Language::en));
  CHECK(en.subject == "Result of the draw: " + Types().Find("lavoro-documenti")->name.In(Language::en) +
                          " for January 2027");
  CHECK_THAT(en.text, Catch::Contains("There were more requests than seats, and yours came at place 4 of 9 in the "
                                      "public draw order."));
  CHECK_THAT(en.text, Catch::Contains("To see the result of the draw: " + std::string(kDrawLink)));
  CHECK_THAT(en.text, Catch::Contains("do not share it"));  // the link carries the request's token
  CHECK(en.text.find("Booking code") == std::string::npos);
  CHECK(en.text.find("2027-01-01") == std::string::npos);  // no appointment time: nothing is booked
}

TEST_CASE("a lost draw without the request's token links to the result without it") {
  NoticeInput input = Input(Language::it);
  input.manage_token.clear();
  const Notice notice = RenderNotice(input);
  CHECK_THAT(notice.text, Catch::Contains("https://prenota.example.it/draw#id=D-7K3Q-9XZD-4F2H\n"));
  CHECK(notice.text.find("token=") == std::string::npos);
  CHECK(DrawLink("https://prenota.example.it/", "D-1", "t") == "https://prenota.example.it/draw#id=D-1&token=t");
}

TEST_CASE("a lost draw without its month or place is refused as a bug") {
  NoticeInput no_month = Input(Language::it);
  no_month.draw_month.reset();
  CHECK_THROWS_AS(RenderNotice(no_month), std::invalid_argument);
  NoticeInput no_place = Input(Language::it);
  no_place.draw_place = 0;
  CHECK_THROWS_AS(RenderNotice(no_place), std::invalid_argument);
}

// --- The e-mail, built from an outbox row (mail/notice_mail.h) ----------------------------------

constexpr const char* kDeskJson = R"({
  "desk": "roma",
  "name": "Sportello Unico per l'Immigrazione – Prefettura di Roma",
  "address": "Via Ostiense 131/L, 00154 Roma",
  "province": "RM",
  "timezone": "Europe/Rome",
  "types": {
    "lavoro-documenti": {
      "slot_minutes": 20, "horizon_days": 60, "min_notice_hours": 24, "cancel_notice_hours": 24,
      "weekly": [ { "days": ["mon", "tue", "wed", "thu"], "from": "09:00", "to": "13:00", "capacity": 4 } ]
    }
  }
})";

storage::PendingNotice Row() {
  storage::PendingNotice row;
  row.id = 9;
  row.kind = NoticeKind::draw_lost;
  row.application_id = "P-2026-000123";
  row.desk = "roma";
  row.type = "lavoro-documenti";
  row.start = At("2027-01-01T00:00:00Z");
  row.end = row.start;
  row.recipient = "persona@example.org";
  row.lang = "fr";
  row.manage_token = "dtok_Qw12-secret";
  row.draw_request_id = "D-7K3Q-9XZD-4F2H";
  row.draw_month = date::year{2027} / 1;
  row.draw_place = 4;
  row.draw_size = 9;
  return row;
}

const mail::NoticeMailSettings kSettings{.from_address = "sportello@prefettura.example",
                                         .public_url = "https://prenota.example.it"};

TEST_CASE("the e-mail about a lost draw has no invitation and its Message-ID names the request") {
  const DeskCalendar desk = testing::MustParse(kDeskJson);
  std::string error;
  const auto mail = mail::BuildNoticeMail(Row(), desk, Types(), kSettings, At("2026-12-05T10:31:00+01:00"), error);
  REQUIRE(mail.has_value());
  CHECK_THAT(mail->data, Catch::Contains("\r\nMessage-ID: <sportello.9.draw-D-7K3Q-9XZD-4F2H@prefettura.example>\r\n"));
  CHECK_THAT(mail->data, Catch::Contains("Content-Language: fr"));
  CHECK(mail->data.find("text/calendar") == std::string::npos);
  CHECK(mail::NoticeSubjectId(Row()) == "draw-D-7K3Q-9XZD-4F2H");

  storage::PendingNotice unplaced = Row();
  unplaced.draw_place = 0;
  error.clear();
  CHECK_FALSE(mail::BuildNoticeMail(unplaced, desk, Types(), kSettings, At("2026-12-05T10:31:00+01:00"), error));
  CHECK_FALSE(error.empty());
}

}  // namespace
}  // namespace sportello::engine
