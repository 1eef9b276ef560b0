// MIME composition (mail/mime.h): encodings stay within line limits, never split a UTF-8
// character, refuse addresses that could inject headers or SMTP commands, and the message has
// the structure mail programs expect. The integration tests read whole messages back with
// Python's e-mail parser.
#include "mail/mime.h"
#include "smtp_sink.h"

#include <boost/json.hpp>
#include <fstream>

#include <catch2/catch.hpp>

#include <sstream>

#include <unistd.h>

namespace sportello::mail {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t begin = 0;
  while (begin < text.size()) {
    const std::size_t end = text.find("\r\n", begin);
    REQUIRE(end != std::string::npos);  // every line ends in CRLF
    lines.push_back(text.substr(begin, end - begin));
    begin = end + 2;
  }
  return lines;
}

std::string DecodeQp(const std::string& encoded) {
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '=' && encoded.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;
    } else if (encoded[i] == '=') {
      out += static_cast<char>(std::stoi(encoded.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else if (encoded.compare(i, 2, "\r\n") == 0) {
      out += '\n';
      i += 1;
    } else {
      out += encoded[i];
    }
  }
  return out;
}

TEST_CASE("quoted-printable keeps lines short, encodes what it must and decodes to the original") {
  const std::string text = "Gentile richiedente,\n\nla Sua prenotazione è confermata: martedì 10 novembre 2026. "
                           "Una riga molto lunga che supera di gran lunga i settantasei caratteri ammessi = ok \n"
                           "fine\t\n";
  const std::string encoded = QuotedPrintable(text);
  for (const std::string& line : Lines(encoded)) {
    CHECK(line.size() <= 76);
    CHECK_FALSE(line.ends_with(' '));
    CHECK_FALSE(line.ends_with('\t'));
  }
  CHECK_THAT(encoded, Catch::Contains("=C3=A8"));  // è
  CHECK_THAT(encoded, Catch::Contains("=3D"));     // '='
  CHECK(DecodeQp(encoded) == text);
}

TEST_CASE("base64 bodies come in lines of 76 characters") {
  const std::string data(1000, 'x');
  const std::vector<std::string> lines = Lines(Base64Lines(data));
  CHECK(lines.size() == 18);  // 1336 characters
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) CHECK(lines[i].size() == 76);
  CHECK(Base64Lines("Ma") == "TWE=\r\n");
  CHECK(Base64Lines("Man") == "TWFu\r\n");
}

TEST_CASE("header texts: plain ASCII as is, anything else as encoded words of at most 75 characters") {
  CHECK(EncodeHeaderText("Appointment confirmed") == "Appointment confirmed");
  const std::string subject = "Convocazione allo Sportello Unico per l'Immigrazione: martedì 10 novembre 2026, ore 09:00 – è";
  const std::string encoded = EncodeHeaderText(subject);
  std::istringstream words(encoded);
  std::string word;
  int count = 0;
  while (words >> word) {
    ++count;
    CHECK(word.size() <= 75);
    CHECK_THAT(word, Catch::StartsWith("=?UTF-8?B?"));
    CHECK_THAT(word, Catch::EndsWith("?="));
  }
  CHECK(count >= 3);
  CHECK(encoded.find("\r\n ") != std::string::npos);  // folded
  // A text that looks like an encoded word itself is encoded, not passed through.
  CHECK(EncodeHeaderText("=?UTF-8?B?x?=") != "=?UTF-8?B?x?=");
}

TEST_CASE("only plain addresses are accepted: nothing that could inject a header or an SMTP command") {
  CHECK(IsValidAddress("persona@example.org"));
  CHECK(IsValidAddress("nome.cognome+sui@posta.example.it"));
  CHECK_FALSE(IsValidAddress(""));
  CHECK_FALSE(IsValidAddress("persona"));
  CHECK_FALSE(IsValidAddress("persona@"));
  CHECK_FALSE(IsValidAddress("@example.org"));
  CHECK_FALSE(IsValidAddress("a@b@example.org"));
  CHECK_FALSE(IsValidAddress("persona@example.org\r\nBcc: altri@example.org"));
  CHECK_FALSE(IsValidAddress("persona@example.org>\r\nRCPT TO:<x@y.z"));
  CHECK_FALSE(IsValidAddress("per sona@example.org"));
  CHECK_FALSE(IsValidAddress("persona@exa mple.org"));
  CHECK_FALSE(IsValidAddress("\"quoted\"@example.org"));
  CHECK_FALSE(IsValidAddress("persona@example..org"));
  CHECK_FALSE(IsValidAddress("pérsona@example.org"));
}

TEST_CASE("mail dates are RFC 5322 in UTC with English names, whatever the locale") {
  CHECK(FormatMailDate(*engine::ParseInstant("2026-11-10T09:00:05+01:00")) == "Tue, 10 Nov 2026 08:00:05 +0000");
  CHECK(FormatMailDate(*engine::ParseInstant("2027-01-03T00:00:00Z")) == "Sun, 03 Jan 2027 00:00:00 +0000");
}

TEST_CASE("a message: headers, text and HTML as alternatives, the invitation as a text/calendar attachment") {
  MailParts parts;
  parts.from_address = "sportello@prefettura.example";
  parts.from_name = "Sportello – Prefettura di Roma";
  parts.to_address = "persona@example.org";
  parts.subject = "Prenotazione confermata: martedì 10 novembre 2026, ore 09:00";
  parts.message_id = "sportello.1.RM-7K3Q-9XZD-4F2H@prefettura.example";
  parts.date = *engine::ParseInstant("2026-11-02T09:00:00+01:00");
  parts.language = "it";
  parts.text = "Testo\n";
  parts.html = "<p>Testo</p>\n";
  parts.calendar = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";
  parts.calendar_method = "REQUEST";
  parts.calendar_filename = "RM-7K3Q-9XZD-4F2H.ics";
  const std::string message = ComposeMessage(parts);
  const std::string headers = message.substr(0, message.find("\r\n\r\n"));
  CHECK_THAT(headers, Catch::Contains("\r\nTo: <persona@example.org>"));
  CHECK_THAT(headers, Catch::Contains("\r\nMessage-ID: <sportello.1.RM-7K3Q-9XZD-4F2H@prefettura.example>"));
  CHECK_THAT(headers, Catch::Contains("\r\nMIME-Version: 1.0"));
  CHECK_THAT(headers, Catch::Contains("\r\nAuto-Submitted: auto-generated"));
  CHECK_THAT(headers, Catch::Contains("\r\nFrom: Sportello =?UTF-8?B?4oCT?= Prefettura di Roma\r\n"
                                      " <sportello@prefettura.example>\r\n"));
  CHECK_THAT(headers, Catch::Contains("Content-Type: multipart/mixed;"));
  CHECK_THAT(message, Catch::Contains("Content-Type: multipart/alternative;"));
  CHECK_THAT(message, Catch::Contains("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable"));
  CHECK_THAT(message, Catch::Contains("Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable"));
  CHECK_THAT(message, Catch::Contains("Content-Type: text/calendar; charset=UTF-8; method=REQUEST;\r\n name=\"RM-7K3Q-9XZD-4F2H.ics\""));
  CHECK_THAT(message, Catch::Contains("Content-Disposition: attachment;\r\n filename=\"RM-7K3Q-9XZD-4F2H.ics\""));
  for (const std::string& line : Lines(message)) {
    INFO(line);
    CHECK(line.size() <= 78);
  }
  CHECK(message.find('\n') == message.find("\r\n") + 1);  // no bare LF anywhere
  std::size_t bare = 0;
  for (std::size_t i = 0; i < message.size(); ++i) bare += message[i] == '\n' && (i == 0 || message[i - 1] != '\r');
  CHECK(bare == 0);
}

TEST_CASE("a plain display name with specials is quoted") {
  MailParts parts;
  parts.from_address = "sportello@prefettura.example";
  parts.from_name = "Prefettura di Roma, SUI";
  parts.to_address = "persona@example.org";
  parts.subject = "x";
  parts.message_id = "m@prefettura.example";
  CHECK_THAT(ComposeMessage(parts), Catch::Contains("From: \"Prefettura di Roma, SUI\" <sportello@prefettura.example>"));
}

TEST_CASE("an independent parser reads the sender name and subject back exactly") {
  MailParts parts;
  parts.from_address = "sportello@prefettura.example";
  parts.from_name = "Sportello Unico per l'Immigrazione – Prefettura di Roma, SUI (pilota)";
  parts.to_address = "persona@example.org";
  parts.subject = "Convocazione allo Sportello Unico per l'Immigrazione: martedì 10 novembre 2026, ore 09:00";
  parts.message_id = "m@prefettura.example";
  parts.text = "Testo è\n";
  parts.html = "<p>Testo</p>\n";
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("sportello-mime-" + std::to_string(getpid()) + ".eml");
  std::ofstream(file, std::ios::binary) << ComposeMessage(parts);
  const boost::json::value read = testing::InspectMail(file);
  std::filesystem::remove(file);
  CHECK(read.at("from").as_string() ==
        "\"Sportello Unico per l'Immigrazione – Prefettura di Roma, SUI (pilota)\" <sportello@prefettura.example>");
  CHECK(read.at("subject").as_string() == parts.subject);
  CHECK(read.at("text").as_string() == "Testo è\n");
}

}  // namespace
}  // namespace sportello::mail
