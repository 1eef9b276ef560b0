// Reading e-mail that arrives at the help desk (mail/incoming_mail.h): the sender, the subject with
// encoded words, the text of plain, quoted-printable, base64, Latin-1, multipart and HTML-only
// messages, and the message a PEC envelope carries. Pure: no server.
#include "mail/incoming_mail.h"

#include <catch2/catch.hpp>

namespace sportello::mail {
namespace {

TEST_CASE("an e-mail's sender, subject and quoted-printable UTF-8 text are read") {
  const IncomingMail mail = ParseIncomingMail(
      "From: =?UTF-8?Q?Am=C3=AEna?= Diallo <Amina.Diallo@Example.org>\r\n"
      "Subject: =?UTF-8?Q?Pratica_RM-2026-000123_=E2=80=93?=\r\n =?UTF-8?B?IGRvdsOoPw==?=\r\n"
      "Message-ID: <a1@example.org>\r\n"
      "Content-Type: text/plain; charset=\"utf-8\"\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n"
      "\r\n"
      "Buongiorno, dov=C3=A8 la mia pratica? Una riga lunga che va a =\r\ncapo.\r\n");
  CHECK(mail.from_address == "amina.diallo@example.org");
  CHECK(mail.subject == "Pratica RM-2026-000123 – dovè?");
  CHECK(mail.message_id == "a1@example.org");
  CHECK(mail.text == "Buongiorno, dovè la mia pratica? Una riga lunga che va a capo.\n");
}

TEST_CASE("base64 and Latin-1 bodies become UTF-8, and a multipart message gives its text part") {
  const IncomingMail latin = ParseIncomingMail(
      "From: persona@example.org\nSubject: =?ISO-8859-1?Q?citt=E0?=\n"
      "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: base64\n\n"
      "UGVyY2jpIGNpdHTgPw==\n");
  CHECK(latin.subject == "città");
  CHECK(latin.text == "Perché città?");
  const IncomingMail multipart = ParseIncomingMail(
      "From: <persona@example.org>\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n"
      "preamble\r\n--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Ciao <b>HTML</b></p>\r\n"
      "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nCiao testo\r\n--b1--\r\n");
  CHECK(multipart.text == "Ciao testo\n");
  const IncomingMail html_only = ParseIncomingMail(
      "From: persona@example.org\nContent-Type: text/html\n\n<div>Ciao&nbsp;a&amp;b</div><br>fine");
  CHECK(html_only.text == "\nCiao a&b\nfine");
}

TEST_CASE("a PEC envelope gives the text of the message it certifies, not its own") {
  const IncomingMail mail = ParseIncomingMail(
      "From: \"Per conto di: persona@pec.example\" <posta-certificata@pec.example>\r\n"
      "Subject: POSTA CERTIFICATA: Domanda A-00001\r\n"
      "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
      "--outer\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nMessaggio di posta certificata: il giorno...\r\n"
      "--outer\r\nContent-Type: application/xml; name=daticert.xml\r\n\r\n<postacert/>\r\n"
      "--outer\r\nContent-Type: message/rfc822; name=postacert.eml\r\n\r\n"
      "From: persona@pec.example\r\nSubject: Domanda A-00001\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
      "Quando sarà pronto il permesso?\r\n"
      "--outer--\r\n");
  CHECK(mail.from_address == "posta-certificata@pec.example");
  CHECK(mail.subject == "POSTA CERTIFICATA: Domanda A-00001");
  CHECK(mail.text == "Quando sarà pronto il permesso?\n");
}

TEST_CASE("what cannot be read is left empty, never a crash") {
  const IncomingMail empty = ParseIncomingMail("");
  CHECK(empty.from_address.empty());
  CHECK(empty.text.empty());
  const IncomingMail broken = ParseIncomingMail(
      "From: no address here\nContent-Type: multipart/mixed\n\nno boundary at all");
  CHECK(broken.from_address.empty());
  CHECK(broken.text.empty());
  CHECK(DecodeQuotedPrintable("a=ZZb=") == "a=ZZb=");
  CHECK(DecodeBase64("Y2lhbw==!!!") == "ciao");
  CHECK(DecodeHeaderWords("=?x-unknown?X?abc?= plain") == "=?x-unknown?X?abc?= plain");
}

}  // namespace
}  // namespace sportello::mail
