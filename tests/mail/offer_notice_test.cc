// The messages of "No seat wasted" (SPEC.md) as rendered by engine/notice.h and built into e-mails
// by mail/notice_mail.h: the offer of a freed seat to a waitlist entry, the request to reconfirm a
// booking and its reminder, and the notice that an unconfirmed booking was released. Every kind in
// every language, the expiry and the last day in the desk's time zone, the links, and which
// messages carry an invitation. Pure: no server, no database.
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
constexpr std::string_view kWaitlistLink = "https://prenota.example.it/waitlist#id=wl_5Hq2&token=wtok_Zx81-secret";
constexpr std::string_view kManageLink = "https://prenota.example.it/manage#code=RM-7K3Q-9XZD-4F2H";

constexpr NoticeKind kNewKinds[] = {NoticeKind::offer, NoticeKind::reconfirm, NoticeKind::reconfirm_reminder,
                                    NoticeKind::released};
constexpr NoticeKind kAllKinds[] = {NoticeKind::confirmation, NoticeKind::convocation, NoticeKind::reschedule,
                                    NoticeKind::cancellation, NoticeKind::reminder,     NoticeKind::feedback,
                                    NoticeKind::offer,        NoticeKind::reconfirm,    NoticeKind::reconfirm_reminder,
                                    NoticeKind::released,     NoticeKind::draw_lost};

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

// A seat on Tuesday 10 November 2026 at 09:00 in Rome. An offer of it is held until Monday 2
// November at 09:30 Rome time (08:30 UTC); a booking of it must be reconfirmed by Saturday 7
// November (the window ends at the midnight that begins the 8th).
NoticeInput Input(NoticeKind kind, Language language) {
  NoticeInput input;
  input.kind = kind;
  input.language = language;
  input.code = kind == NoticeKind::offer ? "" : "RM-7K3Q-9XZD-4F2H";
  input.application_id = "P-2026-000123";
  input.desk_name = std::string(kDesk);
  input.desk_address = "Via Ostiense 131/L, 00154 Roma";
  input.zone = &Rome();
  input.type_id = "lavoro-documenti";
  input.type = Types().Find("lavoro-documenti");
  input.start = At("2026-11-10T09:00:00+01:00");
  input.end = input.start + 20min;
  input.sequence = 1;
  input.cancel_notice_hours = 24;
  input.public_url = "https://prenota.example.it";
  input.organizer_email = "sportello@prefettura.example";
  input.recipient = "persona@example.org";
  input.now = At("2026-11-02T09:00:00+01:00");
  if (kind == NoticeKind::offer) {
    input.waitlist_id = "wl_5Hq2";
    input.manage_token = "wtok_Zx81-secret";
    input.offer_expires_at = At("2026-11-02T08:30:00Z");
  }
  if (kind == NoticeKind::draw_lost) {  // tests/mail/draw_notice_test.cc says more
    input.draw_request_id = "D-7K3Q-9XZD-4F2H";
    input.draw_month = date::year{2026} / 12;
    input.draw_place = 2;
    input.draw_size = 3;
  }
  if (kind == NoticeKind::reconfirm || kind == NoticeKind::reconfirm_reminder) {
    input.reconfirm_until = StartOfLocalDay(date::year{2026} / 11 / 8, Rome());
  }
  return input;
}

// How each language writes the facts these messages name.
struct Expected {
  Language language;
  std::string_view seat;          // the seat's date and time span
  std::string_view expiry;        // 2026-11-02T08:30Z in Rome
  std::string_view last_day;      // the last day to reconfirm
  std::string_view day_after;     // the window's end date, which must not be named as the last day
  std::string_view accept;        // the button the offer's page shows
  std::string_view confirm;       // the button the manage page shows to reconfirm
  std::string_view current;       // the applicant's current booking, 2026-11-20T11:00+01:00
};

constexpr std::array<Expected, 4> kExpected = {{
    {Language::it, "martedì 10 novembre 2026, dalle 09:00 alle 09:20 (CET)", "lunedì 2 novembre 2026, ore 09:30 (CET)",
     "sabato 7 novembre 2026", "8 novembre", "«Accetta»", "«Conferma»", "venerdì 20 novembre 2026, ore 11:00 (CET)"},
    {Language::en, "Tuesday 10 November 2026, 09:00–09:20 (CET)", "Monday 2 November 2026 at 09:30 (CET)",
     "Saturday 7 November 2026", "8 November", "press Accept", "press Confirm",
     "Friday 20 November 2026 at 11:00 (CET)"},
    {Language::fr, "mardi 10 novembre 2026, de 09:00 à 09:20 (CET)", "lundi 2 novembre 2026 à 09:30 (CET)",
     "samedi 7 novembre 2026", "8 novembre", "« Accepter »", "« Confirmer »",
     "vendredi 20 novembre 2026 à 11:00 (CET)"},
    {Language::es, "martes, 10 de noviembre de 2026, de 09:00 a 09:20 (CET)",
     "lunes, 2 de noviembre de 2026, a las 09:30 (CET)", "sábado, 7 de noviembre de 2026", "8 de noviembre",
     "«Aceptar»", "«Confirmar»", "viernes, 20 de noviembre de 2026, a las 11:00 (CET)"},
}};

// The last line of a confirmation in `language`: the "automatic message" line every message ends with.
std::string AutomaticLine(Language language) {
  const std::string text = RenderNotice(Input(NoticeKind::confirmation, language)).text;
  const std::size_t end = text.size() - 1;
  return text.substr(text.rfind('\n', end - 1) + 1);
}

TEST_CASE("offer, reconfirm, reconfirm_reminder and released exist in four languages, signed, each with its subject") {
  for (Language language : kLanguages) {
    std::set<std::string> subjects_in_language;
    for (NoticeKind kind : kAllKinds) subjects_in_language.insert(RenderNotice(Input(kind, language)).subject);
    INFO(LanguageCode(language));
    CHECK(subjects_in_language.size() == std::size(kAllKinds));  // no two kinds share a subject
  }
  for (NoticeKind kind : kNewKinds) {
    std::set<std::string> subjects;
    for (Language language : kLanguages) {
      const Notice notice = RenderNotice(Input(kind, language));
      INFO(NoticeKindName(kind) << " " << LanguageCode(language) << "\n" << notice.text);
      CHECK_FALSE(notice.subject.empty());
      CHECK(notice.subject.find('\n') == std::string::npos);
      CHECK(notice.subject.find('{') == std::string::npos);  // every placeholder filled
      CHECK(notice.text.find('{') == std::string::npos);
      CHECK_THAT(notice.text, Catch::Contains("P-2026-000123"));
      CHECK_THAT(notice.text, Catch::Contains("Via Ostiense 131/L, 00154 Roma"));
      CHECK_THAT(notice.text, Catch::EndsWith("\n-- \n" + std::string(kDesk) + "\n" + AutomaticLine(language)));
      CHECK_THAT(notice.html, Catch::Contains(fmt::format("<html lang=\"{}\">", LanguageCode(language))));
      CHECK_THAT(notice.html, Catch::Contains(EscapeHtml(AutomaticLine(language).substr(0, 20))));
      subjects.insert(notice.subject);
    }
    CHECK(subjects.size() == 4);
  }
}

TEST_CASE("an offer names the seat, holds it until a time in the desk's zone, and links to the page to accept it") {
  for (const Expected& expected : kExpected) {
    const Notice notice = RenderNotice(Input(NoticeKind::offer, expected.language));
    INFO(LanguageCode(expected.language) << "\n" << notice.text);
    CHECK_THAT(notice.text, Catch::Contains(std::string(expected.seat)));
    CHECK_THAT(notice.text, Catch::Contains(std::string(expected.expiry)));
    CHECK(notice.text.find("08:30") == std::string::npos);  // the expiry in UTC would mislead
    CHECK_THAT(notice.text, Catch::Contains(std::string(expected.accept)));
    CHECK_THAT(notice.text, Catch::Contains(std::string(kWaitlistLink)));
    CHECK_THAT(notice.html, Catch::Contains("href=\"" + EscapeHtml(kWaitlistLink) + "\""));
    CHECK(notice.text.find("/manage") == std::string::npos);
    CHECK(notice.ics.empty());  // nothing is booked yet
    for (const LocalizedText& document : Types().Find("lavoro-documenti")->documents) {
      CHECK(notice.text.find(document.In(expected.language)) == std::string::npos);
    }
  }
  const Notice en = RenderNotice(Input(NoticeKind::offer, Language::en));
  CHECK_THAT(en.subject, Catch::StartsWith("A seat has freed up for you"));
  CHECK_THAT(en.text, Catch::Contains("It is held for you alone until Monday 2 November 2026 at 09:30 (CET). After "
                                      "that, it goes to the next person in line."));
  CHECK_THAT(en.text, Catch::Contains("If you do nothing, the seat goes to the next person and you leave the waiting "
                                      "list."));
  CHECK_THAT(en.text, Catch::Contains("do not share it"));  // the link carries the entry's token
  CHECK(en.text.find("Booking code") == std::string::npos);  // an offer is about an entry, not a booking

  // Summer time: the expiry 07:30 UTC is 09:30 in Rome, and says so.
  NoticeInput summer = Input(NoticeKind::offer, Language::it);
  summer.start = At("2026-06-03T09:00:00+02:00");
  summer.end = summer.start + 20min;
  summer.offer_expires_at = At("2026-06-01T07:30:00Z");
  CHECK_THAT(RenderNotice(summer).text, Catch::Contains("fino a lunedì 1 giugno 2026, ore 09:30 (CEST)"));
}

TEST_CASE("an offer to someone who already has a booking of the type says accepting moves it") {
  for (const Expected& expected : kExpected) {
    NoticeInput input = Input(NoticeKind::offer, expected.language);
    INFO(LanguageCode(expected.language));
    CHECK(RenderNotice(input).text.find(std::string(expected.current)) == std::string::npos);
    input.previous_start = At("2026-11-20T11:00:00+01:00");
    input.previous_end = *input.previous_start + 20min;
    CHECK_THAT(RenderNotice(input).text, Catch::Contains(std::string(expected.current)));
  }
  NoticeInput input = Input(NoticeKind::offer, Language::en);
  input.previous_start = At("2026-11-20T11:00:00+01:00");
  input.previous_end = *input.previous_start + 20min;
  CHECK_THAT(RenderNotice(input).text, Catch::Contains("If you accept, your current appointment of Friday 20 November "
                                                       "2026 at 11:00 (CET) moves to this seat."));
}

TEST_CASE("a request to reconfirm names the last day, links to the manage page to confirm, and has no invitation") {
  for (NoticeKind kind : {NoticeKind::reconfirm, NoticeKind::reconfirm_reminder}) {
    for (const Expected& expected : kExpected) {
      const Notice notice = RenderNotice(Input(kind, expected.language));
      INFO(NoticeKindName(kind) << " " << LanguageCode(expected.language) << "\n" << notice.text);
      CHECK_THAT(notice.text, Catch::Contains(std::string(expected.seat)));
      CHECK_THAT(notice.text, Catch::Contains(std::string(expected.last_day)));
      CHECK(notice.text.find(std::string(expected.day_after)) == std::string::npos);
      CHECK_THAT(notice.text, Catch::Contains(std::string(kManageLink) + "&confirm=1"));
      CHECK_THAT(notice.text, Catch::Contains(std::string(expected.confirm)));
      CHECK(notice.text.find("token=") == std::string::npos);  // the outbox kept no token: the page asks for it
      CHECK(notice.ics.empty());  // the event does not change
      for (const LocalizedText& document : Types().Find("lavoro-documenti")->documents) {
        CHECK_THAT(notice.text, Catch::Contains("- " + document.In(expected.language)));
      }
      if (kind == NoticeKind::reconfirm_reminder) {
        CHECK_THAT(notice.subject, Catch::Contains(std::string(expected.last_day)));
      }
    }
  }
  CHECK(RenderNotice(Input(NoticeKind::reconfirm_reminder, Language::en)).subject ==
        "Reminder: confirm your appointment by Saturday 7 November 2026");
  CHECK(RenderNotice(Input(NoticeKind::reconfirm, Language::it)).subject ==
        "Confermi il Suo appuntamento di martedì 10 novembre 2026");
  const Notice en = RenderNotice(Input(NoticeKind::reconfirm, Language::en));
  CHECK_THAT(en.text, Catch::Contains("The last day to confirm is Saturday 7 November 2026."));
  CHECK_THAT(en.text, Catch::Contains("If you do not confirm in time, the appointment is released and the seat goes "
                                      "to someone else."));

  // When the outbox kept the manage token, the link carries it and opens the page ready to confirm.
  NoticeInput with_token = Input(NoticeKind::reconfirm, Language::en);
  with_token.manage_token = "tok_ABCdef-123456789012";
  const Notice notice = RenderNotice(with_token);
  const std::string link = std::string(kManageLink) + "&token=tok_ABCdef-123456789012&confirm=1";
  CHECK_THAT(notice.text, Catch::Contains("To confirm, open the link and press Confirm: " + link + "\n"));
  CHECK_THAT(notice.html, Catch::Contains("href=\"" + EscapeHtml(link) + "\""));
  CHECK_THAT(notice.text, Catch::Contains("do not share it"));
}

TEST_CASE("a released booking: the seat went to someone else, how to book again, and the invitation is withdrawn") {
  LocalizedText hours;
  for (Language language : kLanguages) hours.In(language) = "9-13";
  for (Language language : kLanguages) {
    NoticeInput input = Input(NoticeKind::released, language);
    input.desk_contact = DeskContact{.phone = "+39 06 1234 5678", .email = "sui.roma@example.it", .hours = hours};
    const Notice notice = RenderNotice(input);
    INFO(LanguageCode(language) << "\n" << notice.text);
    CHECK(notice.method == IcsMethod::cancel);
    CHECK_THAT(notice.ics, Catch::Contains("METHOD:CANCEL\r\n"));
    CHECK_THAT(notice.ics, Catch::Contains("STATUS:CANCELLED\r\n"));
    CHECK_THAT(notice.ics, Catch::Contains("UID:RM-7K3Q-9XZD-4F2H@sportello\r\n"));  // the event it cancels
    CHECK_THAT(notice.ics, Catch::Contains("SEQUENCE:1\r\n"));
    CHECK_THAT(notice.text, Catch::Contains(": https://prenota.example.it/\n"));  // the booking page
    CHECK(notice.text.find("/manage") == std::string::npos);
    CHECK_THAT(notice.text, Catch::Contains("+39 06 1234 5678"));
    CHECK_THAT(notice.text, Catch::Contains("sui.roma@example.it"));
    CHECK_THAT(notice.text, Catch::Contains("RM-7K3Q-9XZD-4F2H"));
    for (const LocalizedText& document : Types().Find("lavoro-documenti")->documents) {
      CHECK(notice.text.find(document.In(language)) == std::string::npos);
    }
  }
  const Notice en = RenderNotice(Input(NoticeKind::released, Language::en));
  CHECK(en.subject == "Your appointment on Tuesday 10 November 2026 has been released");
  CHECK_THAT(en.text, Catch::Contains("Your appointment was not confirmed in time. It has been released, and the seat "
                                      "has gone to someone else."));
  CHECK_THAT(en.text, Catch::Contains("To book a new appointment: https://prenota.example.it/\n"));
}

TEST_CASE("the waitlist link is a fragment, like the manage link") {
  CHECK(WaitlistLink("https://prenota.example.it/", "wl_5Hq2", "wtok_Zx81-secret") == kWaitlistLink);
  CHECK(WaitlistLink("https://prenota.example.it", "wl_5Hq2", "") == "https://prenota.example.it/waitlist#id=wl_5Hq2");
}

TEST_CASE("an offer without its expiry, or a request to reconfirm without its last day, is refused as a bug") {
  NoticeInput offer = Input(NoticeKind::offer, Language::it);
  offer.offer_expires_at.reset();
  CHECK_THROWS_AS(RenderNotice(offer), std::invalid_argument);
  for (NoticeKind kind : {NoticeKind::reconfirm, NoticeKind::reconfirm_reminder}) {
    NoticeInput reconfirm = Input(kind, Language::it);
    reconfirm.reconfirm_until.reset();
    CHECK_THROWS_AS(RenderNotice(reconfirm), std::invalid_argument);
  }
}

// --- The e-mails, built from outbox rows and the desk's calendar (mail/notice_mail.h) -----------

constexpr const char* kReconfirmingDesk = R"({
  "desk": "roma",
  "name": "Sportello Unico per l'Immigrazione – Prefettura di Roma",
  "address": "Via Ostiense 131/L, 00154 Roma",
  "province": "RM",
  "timezone": "Europe/Rome",
  "types": {
    "lavoro-documenti": {
      "slot_minutes": 20, "horizon_days": 60, "min_notice_hours": 24, "cancel_notice_hours": 24,
      "reconfirm": { "from_days": 10, "until_days": 3 },
      "weekly": [ { "days": ["mon", "tue", "wed", "thu"], "from": "09:00", "to": "13:00", "capacity": 4 } ]
    },
    "lavoro-nulla-osta": {
      "slot_minutes": 15, "horizon_days": 60, "min_notice_hours": 24, "cancel_notice_hours": 24,
      "weekly": [ { "days": ["mon", "wed", "fri"], "from": "09:00", "to": "12:30", "capacity": 4 } ]
    }
  }
})";

storage::PendingNotice Row(NoticeKind kind) {
  storage::PendingNotice row;
  row.id = 7;
  row.kind = kind;
  row.booking_code = kind == NoticeKind::offer ? "" : "RM-7K3Q-9XZD-4F2H";
  row.application_id = "P-2026-000123";
  row.desk = "roma";
  row.type = "lavoro-documenti";
  row.start = At("2026-11-10T09:00:00+01:00");
  row.end = row.start + 20min;
  row.recipient = "persona@example.org";
  row.lang = "en";
  row.sequence = 1;
  if (kind == NoticeKind::offer) {
    row.waitlist_id = "wl_5Hq2";
    row.manage_token = "wtok_Zx81-secret";
    row.offer_expires_at = At("2026-11-02T08:30:00Z");
  }
  return row;
}

const mail::NoticeMailSettings kSettings{.from_address = "sportello@prefettura.example",
                                         .public_url = "https://prenota.example.it"};

// The e-mail for `row`, built at 09:00 on 2 November 2026 in Rome.
std::optional<mail::OutgoingMail> Build(const storage::PendingNotice& row, const DeskCalendar& desk,
                                        std::string& error) {
  return mail::BuildNoticeMail(row, desk, Types(), kSettings, At("2026-11-02T09:00:00+01:00"), error);
}

// The plain-text part of a composed message, its quoted-printable decoded.
std::string TextPart(const std::string& message) {
  const std::string marker =
      "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
  const std::size_t begin = message.find(marker);
  REQUIRE(begin != std::string::npos);
  const std::size_t body = begin + marker.size();
  const std::string encoded = message.substr(body, message.find("\r\n--", body) - body);
  std::string text;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded.compare(i, 3, "=\r\n") == 0) {
      i += 2;
    } else if (encoded[i] == '=') {
      text += static_cast<char>(std::stoi(encoded.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else if (encoded.compare(i, 2, "\r\n") == 0) {
      text += '\n';
      i += 1;
    } else {
      text += encoded[i];
    }
  }
  return text;
}

TEST_CASE("the e-mail asking to reconfirm takes the last day from the desk's calendar") {
  DeskCalendar desk = testing::MustParse(kReconfirmingDesk);
  std::string error;
  for (NoticeKind kind : {NoticeKind::reconfirm, NoticeKind::reconfirm_reminder}) {
    const auto mail = Build(Row(kind), desk, error);
    REQUIRE(mail.has_value());
    INFO(NoticeKindName(kind));
    CHECK_THAT(TextPart(mail->data), Catch::Contains("The last day to confirm is Saturday 7 November 2026."));
    CHECK_THAT(TextPart(mail->data), Catch::Contains(std::string(kManageLink) + "&confirm=1"));
    CHECK(mail->data.find("text/calendar") == std::string::npos);
  }
  // A window that closes one day before the appointment: the day before it is the last.
  desk.types.at("lavoro-documenti").reconfirm = ReconfirmDays{10, 1};
  const auto late = Build(Row(NoticeKind::reconfirm), desk, error);
  REQUIRE(late.has_value());
  CHECK_THAT(TextPart(late->data), Catch::Contains("The last day to confirm is Monday 9 November 2026."));

  // A type the desk no longer asks to reconfirm: the last day cannot be named, the message fails.
  storage::PendingNotice unasked = Row(NoticeKind::reconfirm);
  unasked.type = "lavoro-nulla-osta";
  error.clear();
  CHECK_FALSE(Build(unasked, desk, error));
  CHECK_THAT(error, Catch::Contains("reconfirm"));
}

TEST_CASE("the e-mail offering a seat has no invitation and its Message-ID names the waitlist entry") {
  const DeskCalendar desk = testing::MustParse(kReconfirmingDesk);
  std::string error;
  const auto mail = Build(Row(NoticeKind::offer), desk, error);
  REQUIRE(mail.has_value());
  CHECK_THAT(mail->data, Catch::Contains("\r\nMessage-ID: <sportello.7.waitlist-wl_5Hq2@prefettura.example>\r\n"));
  CHECK(mail->data.find("text/calendar") == std::string::npos);
  CHECK_THAT(TextPart(mail->data), Catch::Contains(std::string(kWaitlistLink)));
  CHECK_THAT(TextPart(mail->data), Catch::Contains("until Monday 2 November 2026 at 09:30 (CET)"));

  storage::PendingNotice without_expiry = Row(NoticeKind::offer);
  without_expiry.offer_expires_at.reset();
  error.clear();
  CHECK_FALSE(Build(without_expiry, desk, error));
  CHECK_FALSE(error.empty());
}

TEST_CASE("the e-mail about a released booking withdraws the invitation") {
  const DeskCalendar desk = testing::MustParse(kReconfirmingDesk);
  std::string error;
  const auto mail = Build(Row(NoticeKind::released), desk, error);
  REQUIRE(mail.has_value());
  CHECK_THAT(mail->data, Catch::Contains("Content-Type: text/calendar; charset=UTF-8; method=CANCEL;"));
  CHECK_THAT(mail->data, Catch::Contains("\r\nMessage-ID: <sportello.7.RM-7K3Q-9XZD-4F2H@prefettura.example>\r\n"));
}

}  // namespace
}  // namespace sportello::engine
