// Applicant messages as rendered by engine/notice.h: every kind in every language, dates in the
// desk's time zone and language, documents, links, escaping, and the invitation's method,
// sequence and times. Pure: no server, no database.
#include "engine/long_date.h"
#include "engine/notice.h"

#include <catch2/catch.hpp>
#include <fmt/core.h>

#include <fstream>
#include <set>
#include <sstream>

namespace sportello::engine {
namespace {

using namespace std::chrono_literals;

Catalogue ShippedCatalogue() {
  std::ifstream in(std::string(SPORTELLO_SOURCE_DIR) + "/calendars/types.json");
  std::stringstream text;
  text << in.rdbuf();
  return *ParseCatalogue(text.str()).value;
}

const Catalogue& Types() {
  static const Catalogue catalogue = ShippedCatalogue();
  return catalogue;
}

NoticeInput Input(NoticeKind kind, Language language, std::string_view start = "2026-11-10T09:00:00+01:00") {
  NoticeInput input;
  input.kind = kind;
  input.language = language;
  input.code = "RM-7K3Q-9XZD-4F2H";
  input.application_id = "P-2026-000123";
  input.desk_name = "Sportello Unico per l'Immigrazione – Prefettura di Roma";
  input.desk_address = "Via Ostiense 131/L, 00154 Roma";
  input.zone = FindTimeZone("Europe/Rome");
  input.type_id = "lavoro-documenti";
  input.type = Types().Find("lavoro-documenti");
  input.start = *ParseInstant(start);
  input.end = input.start + 20min;
  input.sequence = 0;
  input.cancel_notice_hours = 24;
  input.public_url = "https://prenota.example.it";
  input.manage_token = kind == NoticeKind::confirmation || kind == NoticeKind::convocation ? "tok_ABCdef-123456789012" : "";
  input.organizer_email = "sportello@prefettura.example";
  input.recipient = "persona@example.org";
  input.now = *ParseInstant("2026-11-02T09:00:00+01:00");
  return input;
}

// An iCalendar document with its folded lines joined again (RFC 5545, 3.1).
std::string Unfold(std::string ics) {
  for (std::size_t at = ics.find("\r\n "); at != std::string::npos; at = ics.find("\r\n ", at)) ics.erase(at, 3);
  return ics;
}

constexpr NoticeKind kKinds[] = {NoticeKind::confirmation, NoticeKind::convocation, NoticeKind::reschedule,
                                 NoticeKind::cancellation, NoticeKind::reminder,     NoticeKind::feedback};

TEST_CASE("every kind of message exists in all four languages, each with its own wording") {
  for (NoticeKind kind : kKinds) {
    std::set<std::string> subjects;
    std::set<std::string> leads;
    for (Language language : kLanguages) {
      const Notice notice = RenderNotice(Input(kind, language));
      INFO(NoticeKindName(kind) << " " << LanguageCode(language));
      CHECK_FALSE(notice.subject.empty());
      CHECK(notice.subject.find('\n') == std::string::npos);
      CHECK_THAT(notice.text, Catch::Contains("RM-7K3Q-9XZD-4F2H"));
      CHECK_THAT(notice.text, Catch::Contains("Via Ostiense 131/L, 00154 Roma"));
      CHECK_THAT(notice.text, Catch::Contains("Prefettura di Roma"));
      CHECK_THAT(notice.html, Catch::Contains(fmt::format("<html lang=\"{}\">", LanguageCode(language))));
      subjects.insert(notice.subject);
      leads.insert(notice.text.substr(0, notice.text.find("\n\n", notice.text.find("\n\n") + 2)));
    }
    CHECK(subjects.size() == 4);
    CHECK(leads.size() == 4);
  }
}

TEST_CASE("every message says how to reach the desk, in the applicant's language") {
  NoticeInput input = Input(NoticeKind::reminder, Language::fr);
  LocalizedText hours;
  hours.In(Language::it) = "lun-ven 9-13";
  hours.In(Language::en) = "Mon-Fri 9am-1pm";
  hours.In(Language::fr) = "lun-ven 9h-13h";
  hours.In(Language::es) = "lun-vie 9-13";
  input.desk_contact = DeskContact{.phone = "+39 06 1234 5678", .email = "", .hours = hours};
  const Notice notice = RenderNotice(input);
  CHECK_THAT(notice.text, Catch::Contains("Téléphone: +39 06 1234 5678\n"));
  CHECK_THAT(notice.text, Catch::Contains("Horaires d'ouverture: lun-ven 9h-13h\n"));
  CHECK_THAT(notice.text, !Catch::Contains("E-mail:"));  // a part not set is not shown
  CHECK_THAT(notice.html, Catch::Contains("lun-ven 9h-13h"));
  CHECK_THAT(RenderNotice(Input(NoticeKind::reminder, Language::fr)).text, !Catch::Contains("Téléphone"));
}

TEST_CASE("dates and times are written out in the applicant's language, in the desk's time zone") {
  const Notice it = RenderNotice(Input(NoticeKind::confirmation, Language::it));
  CHECK_THAT(it.subject, Catch::Contains("martedì 10 novembre 2026, ore 09:00"));
  CHECK_THAT(it.text, Catch::Contains("martedì 10 novembre 2026, dalle 09:00 alle 09:20 (CET)"));
  CHECK_THAT(RenderNotice(Input(NoticeKind::confirmation, Language::en)).text,
             Catch::Contains("Tuesday 10 November 2026, 09:00–09:20 (CET)"));
  CHECK_THAT(RenderNotice(Input(NoticeKind::confirmation, Language::fr)).text,
             Catch::Contains("mardi 10 novembre 2026, de 09:00 à 09:20 (CET)"));
  CHECK_THAT(RenderNotice(Input(NoticeKind::confirmation, Language::es)).text,
             Catch::Contains("martes, 10 de noviembre de 2026, de 09:00 a 09:20 (CET)"));
  // Summer time: the same wall time, the other offset; the instant is 07:00 UTC.
  const Notice summer = RenderNotice(Input(NoticeKind::reminder, Language::it, "2026-06-01T07:00:00Z"));
  CHECK_THAT(summer.text, Catch::Contains("lunedì 1 giugno 2026, dalle 09:00 alle 09:20 (CEST)"));
  CHECK_THAT(summer.ics, Catch::Contains("DTSTART;TZID=Europe/Rome:20260601T090000"));
  CHECK(FormatLongDate(date::year{2026} / 6 / 1, Language::fr) == "lundi 1er juin 2026");
  CHECK(FormatLongDate(date::year{2027} / 2 / 14, Language::es) == "domingo, 14 de febrero de 2027");
}

TEST_CASE("messages list the documents to bring, except the cancellation") {
  const AppointmentType& type = *Types().Find("lavoro-documenti");
  for (Language language : kLanguages) {
    const Notice confirmation = RenderNotice(Input(NoticeKind::confirmation, language));
    const Notice cancellation = RenderNotice(Input(NoticeKind::cancellation, language));
    for (const LocalizedText& document : type.documents) {
      CHECK_THAT(confirmation.text, Catch::Contains("- " + document.In(language)));
      CHECK_THAT(confirmation.html, Catch::Contains("<li>" + EscapeHtml(document.In(language)) + "</li>"));
      CHECK(cancellation.text.find(document.In(language)) == std::string::npos);
    }
    CHECK_THAT(confirmation.text, Catch::Contains(type.name.In(language)));
  }
}

TEST_CASE("the manage link carries the token only in the confirmation and the convocation") {
  const std::string with_token = "https://prenota.example.it/manage#code=RM-7K3Q-9XZD-4F2H&token=tok_ABCdef-123456789012";
  const std::string without_token = "https://prenota.example.it/manage#code=RM-7K3Q-9XZD-4F2H";
  for (NoticeKind kind : {NoticeKind::confirmation, NoticeKind::convocation}) {
    const Notice notice = RenderNotice(Input(kind, Language::en));
    CHECK_THAT(notice.text, Catch::Contains(with_token));
    CHECK_THAT(notice.html, Catch::Contains("href=\"" + EscapeHtml(with_token) + "\""));
    CHECK_THAT(notice.text, Catch::Contains("(up to 24 hours before it starts)"));
    CHECK(notice.ics.find("tok_ABCdef") == std::string::npos);  // calendars are synced and shared
  }
  for (NoticeKind kind : {NoticeKind::reschedule, NoticeKind::reminder}) {
    const Notice notice = RenderNotice(Input(kind, Language::en));
    CHECK_THAT(notice.text, Catch::Contains(without_token + " and enter the access token"));
    CHECK(notice.text.find("token=") == std::string::npos);
  }
  const Notice cancelled = RenderNotice(Input(NoticeKind::cancellation, Language::en));
  CHECK_THAT(cancelled.text, Catch::Contains("To book a new appointment: https://prenota.example.it/"));
}

TEST_CASE("after a visit the applicant is invited to rate it, with no invitation to a calendar") {
  const std::string without_token = "https://prenota.example.it/manage#code=RM-7K3Q-9XZD-4F2H";
  for (Language language : kLanguages) {
    NoticeInput input = Input(NoticeKind::feedback, language);
    input.manage_token = "tok_ABCdef-123456789012";  // never in this message, even when known
    const Notice notice = RenderNotice(input);
    INFO(LanguageCode(language));
    CHECK(notice.ics.empty());
    CHECK_THAT(notice.text, Catch::Contains(without_token + " "));
    CHECK(notice.text.find("tok_ABCdef") == std::string::npos);
    CHECK_THAT(notice.text, Catch::Contains("1") && Catch::Contains("5"));
    CHECK_THAT(notice.text, Catch::Contains("P-2026-000123"));
    for (const LocalizedText& document : Types().Find("lavoro-documenti")->documents) {
      CHECK(notice.text.find(document.In(language)) == std::string::npos);  // nothing more to bring
    }
  }
  CHECK(RenderNotice(Input(NoticeKind::feedback, Language::it)).subject ==
        "Com'è andata la Sua visita di martedì 10 novembre 2026?");
  CHECK_THAT(RenderNotice(Input(NoticeKind::feedback, Language::en)).text,
             Catch::Contains("rate it from 1 to 5"));
}

TEST_CASE("the convocation is the formal replacement of the registered letter") {
  const Notice it = RenderNotice(Input(NoticeKind::convocation, Language::it));
  CHECK_THAT(it.subject, Catch::StartsWith("Convocazione allo Sportello Unico per l'Immigrazione"));
  CHECK_THAT(it.text, Catch::Contains("per la pratica n. P-2026-000123"));
  CHECK_THAT(it.text, Catch::Contains("sostituisce la convocazione a mezzo raccomandata"));
  CHECK_THAT(it.text, Catch::Contains("documento d'identità valido"));
  CHECK_THAT(RenderNotice(Input(NoticeKind::convocation, Language::fr)).text,
             Catch::Contains("remplace la convocation par lettre recommandée"));
  CHECK_THAT(RenderNotice(Input(NoticeKind::convocation, Language::es)).text,
             Catch::Contains("sustituye a la citación por correo certificado"));
}

TEST_CASE("a reschedule names the old and the new time") {
  NoticeInput input = Input(NoticeKind::reschedule, Language::it, "2026-11-12T10:00:00+01:00");
  input.previous_start = *ParseInstant("2026-11-10T09:00:00+01:00");
  input.previous_end = *input.previous_start + 20min;
  input.sequence = 1;
  const Notice notice = RenderNotice(input);
  CHECK_THAT(notice.text, Catch::Contains("Data e ora: giovedì 12 novembre 2026, dalle 10:00 alle 10:20 (CET)"));
  CHECK_THAT(notice.text, Catch::Contains("Orario precedente: martedì 10 novembre 2026, dalle 09:00 alle 09:20 (CET)"));
  CHECK_THAT(notice.ics, Catch::Contains("SEQUENCE:1\r\n"));
  CHECK_THAT(notice.ics, Catch::Contains("METHOD:REQUEST\r\n"));
  CHECK_THAT(notice.ics, Catch::Contains("DTSTART;TZID=Europe/Rome:20261112T100000\r\n"));
}

TEST_CASE("the invitation: REQUEST with a stable UID, CANCEL for a cancellation, organizer and attendee") {
  const Notice booked = RenderNotice(Input(NoticeKind::confirmation, Language::it));
  NoticeInput cancel_input = Input(NoticeKind::cancellation, Language::it);
  cancel_input.sequence = 2;
  const Notice cancelled = RenderNotice(cancel_input);
  CHECK(booked.method == IcsMethod::request);
  CHECK(cancelled.method == IcsMethod::cancel);
  CHECK_THAT(booked.ics, Catch::Contains("UID:RM-7K3Q-9XZD-4F2H@sportello\r\n"));
  CHECK_THAT(cancelled.ics, Catch::Contains("UID:RM-7K3Q-9XZD-4F2H@sportello\r\n"));
  CHECK_THAT(cancelled.ics, Catch::Contains("METHOD:CANCEL\r\n"));
  CHECK_THAT(cancelled.ics, Catch::Contains("STATUS:CANCELLED\r\n"));
  CHECK_THAT(cancelled.ics, Catch::Contains("SEQUENCE:2\r\n"));
  CHECK_THAT(Unfold(booked.ics), Catch::Contains("ORGANIZER;CN=\"Sportello Unico per l'Immigrazione – Prefettura di Roma\":"
                                         "mailto:sportello@prefettura.example"));
  CHECK_THAT(Unfold(booked.ics), Catch::Contains("ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:"
                                                 "mailto:persona@example.org"));
  CHECK_THAT(booked.ics, Catch::Contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Rome"));
}

TEST_CASE("HTML bodies escape every value, the plain text keeps it as it is") {
  NoticeInput input = Input(NoticeKind::confirmation, Language::en);
  input.desk_name = "Desk <script>alert(1)</script> & \"Co\"";
  input.desk_address = "Via <b>Roma</b> 1";
  input.application_id = "A<1>";
  const Notice notice = RenderNotice(input);
  CHECK(notice.html.find("<script>") == std::string::npos);
  CHECK(notice.html.find("<b>Roma") == std::string::npos);
  CHECK_THAT(notice.html, Catch::Contains("Desk &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;"));
  CHECK_THAT(notice.html, Catch::Contains("A&lt;1&gt;"));
  CHECK_THAT(notice.text, Catch::Contains("Desk <script>alert(1)</script> & \"Co\""));
  // Braces in a value are copied, not taken for a placeholder.
  input.desk_name = "{date} {link}";
  CHECK_THAT(RenderNotice(input).text, Catch::Contains("{date} {link}"));
}

TEST_CASE("a type missing from the catalogue still gives a message, with its id and no documents") {
  NoticeInput input = Input(NoticeKind::confirmation, Language::it);
  input.type = nullptr;
  input.type_id = "tipo-sconosciuto";
  input.cancel_notice_hours.reset();
  const Notice notice = RenderNotice(input);
  CHECK_THAT(notice.text, Catch::Contains("Appuntamento: tipo-sconosciuto"));
  CHECK(notice.text.find("Documenti da portare") == std::string::npos);
  CHECK(notice.text.find("ore prima") == std::string::npos);
}

}  // namespace
}  // namespace sportello::engine
