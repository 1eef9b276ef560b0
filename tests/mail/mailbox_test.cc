// Questions by e-mail against a real IMAP server (Debian's dovecot-imapd, tests/mail/imap_server.h)
// and a real database: new messages open tickets once (mail/mailbox_reader.h, booking::AskByEmail),
// matched to an application by its number, verified only from the address on file; a message that
// could not be kept is unseen again for the next pass; the e-mail of an answer names the
// application only for a verified ticket.
#include "../storage/fixture.h"
#include "booking/questions_by_email.h"
#include "imap_server.h"
#include "mail/mailbox_reader.h"
#include "mail/notice_mail.h"

#include <fmt/core.h>

namespace sportello::mail::testing {
namespace {

using storage::testing::AppId;
using storage::testing::kNow;
using storage::testing::QueryInt;
using storage::testing::StoreFixture;

engine::Topics TestTopics() {
  return *engine::ParseTopics(R"({"topics":[
    {"id":"stato-pratica","name":{"it":"Stato","en":"State","fr":"État","es":"Estado"}},
    {"id":"altro","name":{"it":"Altro","en":"Other","fr":"Autre","es":"Otro"}}]})")
              .value;
}

std::string Message(std::string_view from, std::string_view subject, std::string_view text,
                    std::string_view message_id) {
  return fmt::format("From: {}\r\nTo: sportello@prefettura.example\r\nSubject: {}\r\nMessage-ID: <{}>\r\n"
                     "Content-Type: text/plain; charset=utf-8\r\n\r\n{}\r\n",
                     from, subject, message_id, text);
}

ImapClient Client(const ImapServer& server) {
  ImapOptions options = *ParseMailboxUrl(server.MailboxUrl());
  options.tls = SmtpTls::none;
  options.username = ImapServer::kUser;
  options.password = ImapServer::kPassword;
  return ImapClient(options);
}

// Reads the mailbox once, opening tickets in `store` at `now`.
MailboxPass Read(const ImapClient& mailbox, storage::Store& store, engine::Instant now) {
  const engine::Topics topics = TestTopics();
  auto pass = ReadMailbox(mailbox, [&](const IncomingMail& mail) {
    auto opened = booking::AskByEmail(
        store, topics, booking::EmailQuestion{mail.from_address, mail.subject, mail.text, mail.message_id, now});
    if (!opened) return opened.error().code == engine::Error::invalid_request ? Taken::refused : Taken::failed;
    return opened->has_value() ? Taken::opened : Taken::duplicate;
  });
  REQUIRE(pass.has_value());
  return *pass;
}

TEST_CASE("e-mails to the help desk open tickets once, matched to an application by its number") {
  StoreFixture f(3);
  ImapServer server;
  const ImapClient mailbox = Client(server);
  server.Deliver(Message("Persona <persona@example.org>", fmt::format("Pratica {} - stato", AppId(1)),
                         "Quando sarà pronta la mia pratica?", "one@example.org"));
  server.Deliver(Message("sconosciuto@example.net", "Informazioni", fmt::format("La pratica è la {}.", AppId(2)),
                         "two@example.net"));
  server.Deliver(Message("altro@example.net", "Buongiorno", "Non ricordo il numero.", "three@example.net"));
  server.Deliver(Message("vuoto@example.net", "", "   ", "four@example.net"));
  REQUIRE(mailbox.UnseenUids()->size() == 4);

  const MailboxPass pass = Read(mailbox, *f.store, kNow);
  CHECK(pass.opened == 3);
  CHECK(pass.refused == 1);  // nothing to read: kept seen, never tried again
  CHECK_FALSE(pass.stopped);
  CHECK(mailbox.UnseenUids()->empty());

  auto queue = f.store->QuestionQueue({});
  REQUIRE(queue->size() == 3);
  const storage::QuestionRecord& on_file = (*queue)[0];  // the same time: by sequence
  CHECK(on_file.application_id == AppId(1));
  CHECK(on_file.desk == "roma");
  CHECK(on_file.verified);  // from the address on file (persona@example.org)
  CHECK(on_file.topic == "altro");
  CHECK(on_file.email == "persona@example.org");
  CHECK((*queue)[1].application_id == AppId(2));
  CHECK_FALSE((*queue)[1].verified);  // another address: unproven
  CHECK((*queue)[2].application_id.empty());
  CHECK((*queue)[2].desk.empty());
  CHECK(f.store->FindQuestion(on_file.id)->messages.front().text ==
        fmt::format("Pratica {} - stato\n\nQuando sarà pronta la mia pratica?", AppId(1)));
  CHECK(QueryInt(f.db, "SELECT count(*) FROM audit WHERE action = 'question.ask' AND actor = 'email'") == 3);

  // The same message again (sent twice, or read by a second server) opens nothing.
  server.Deliver(Message("Persona <persona@example.org>", fmt::format("Pratica {} - stato", AppId(1)),
                         "Quando sarà pronta la mia pratica?", "one@example.org"));
  const MailboxPass again = Read(mailbox, *f.store, kNow);
  CHECK(again.duplicates == 1);
  CHECK(again.opened == 0);
  CHECK(f.store->QuestionQueue({})->size() == 3);
}

TEST_CASE("an e-mail that cannot be kept now is unseen again and read at the next pass") {
  StoreFixture f(1);
  ImapServer server;
  const ImapClient mailbox = Client(server);
  server.Deliver(Message("persona@example.org", "Domanda", "Una domanda.", "later@example.org"));
  server.Deliver(Message("persona@example.org", "Domanda 2", "Un'altra.", "later2@example.org"));
  int calls = 0;
  auto failing = ReadMailbox(mailbox, [&](const IncomingMail&) {
    ++calls;
    return Taken::failed;
  });
  REQUIRE(failing.has_value());
  CHECK(failing->stopped);
  CHECK(calls == 1);  // the pass stops at the first failure
  CHECK(mailbox.UnseenUids()->size() == 2);
  CHECK(Read(mailbox, *f.store, kNow).opened == 2);
}

TEST_CASE("the e-mail of an answer names the application only for a ticket from the address on file") {
  StoreFixture f(3);
  ImapServer server;
  const ImapClient mailbox = Client(server);
  server.Deliver(Message("persona@example.org", AppId(1), "Domanda verificata", "v@example.org"));
  server.Deliver(Message("altro@example.net", AppId(2), "Domanda non verificata", "u@example.net"));
  REQUIRE(Read(mailbox, *f.store, kNow).opened == 2);
  for (const storage::QuestionRecord& question : *f.store->QuestionQueue({})) {
    booking::StaffQuestionRequest answer;
    answer.id = question.id;
    answer.action = engine::QuestionAction::answer;
    answer.text = "Risposta.";
    answer.user = storage::User{"front1", storage::Role::helpdesk, ""};
    answer.now = kNow;
    REQUIRE(booking::Act(*f.store, answer).has_value());
  }
  auto claimed = f.store->ClaimDueNotices(kNow, 10, std::chrono::minutes{5});
  REQUIRE(claimed->size() == 2);
  const engine::DeskCalendar desk = *f.store->FindDesk("roma");
  const engine::Catalogue catalogue;
  for (const storage::PendingNotice& notice : *claimed) {
    std::string error;
    const auto built = BuildNoticeMail(notice, desk, catalogue, NoticeMailSettings{"sportello@prefettura.example",
                                                                                 "https://prenota.example.it"},
                                       kNow, error);
    REQUIRE(built.has_value());
    const bool names_application = built->data.find(notice.application_id) != std::string::npos;
    CAPTURE(notice.recipient);
    CHECK(names_application == (notice.recipient == "persona@example.org"));
    CHECK(built->data.find("Risposta.") == std::string::npos);
  }
}

}  // namespace
}  // namespace sportello::mail::testing
