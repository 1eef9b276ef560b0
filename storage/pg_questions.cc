// PgStore: the tickets of SPEC.md, "Questions", and their messages. The rules are
// booking/questions.h's; they run in ChangeQuestion's transaction, which locks the ticket's row
// (FOR UPDATE) before the rule reads it: of two staff members claiming one ticket at once on two
// nodes, the second waits for the first to commit and then sees its claim.
#include "storage/pg_rows.h"
#include "storage/pg_store.h"
#include "storage/question_sql.h"
#include "storage/question_transaction.h"
#include "storage/record_text.h"
#include "storage/retention_sql.h"
#include "storage/secrets.h"

#include <fmt/core.h>

#include <algorithm>

namespace sportello::storage {
namespace {

using question_sql::kColumnCount;

// The statements of question_sql.h with PostgreSQL's placeholders.
const std::string kSelectQuestion = PgPlaceholders(question_sql::Select());
const std::string kLockQuestion = PgPlaceholders(question_sql::SelectForUpdate());
const std::string kSelectQuestionWithToken = PgPlaceholders(question_sql::SelectWithToken());
const std::string kSelectOfApplication = PgPlaceholders(question_sql::SelectOfApplication());
const std::string kSelectQueue = PgPlaceholders(question_sql::SelectQueue());
const std::string kSelectOpenedBetween = PgPlaceholders(question_sql::SelectOpenedBetween());
const std::string kSelectMessages = PgPlaceholders(question_sql::kSelectMessages);
const std::string kCountOpen = PgPlaceholders(question_sql::kCountOpen);
const std::string kMailImported = PgPlaceholders(question_sql::kMailImported);
const std::string kInsertQuestion = PgPlaceholders(question_sql::kInsertPg);
const std::string kUpdateQuestion = PgPlaceholders(question_sql::kUpdate);
const std::string kInsertMessage = PgPlaceholders(question_sql::kInsertMessage);

QuestionRecord ReadQuestion(const pg::Rows& rows, int row) {
  QuestionRecord question;
  question.id = rows.Text(row, 0);
  question.sequence = rows.Int(row, 1);
  question.desk = rows.Text(row, 2);
  question.application_id = rows.Text(row, 3);
  question.topic = rows.Text(row, 4);
  question.lang = rows.Text(row, 5);
  question.state = engine::ParseQuestionState(rows.Text(row, 6)).value_or(QuestionState::open);  // CHECK holds
  question.escalated = rows.Int(row, 7) != 0;
  question.urgent = rows.Int(row, 8) != 0;
  question.assignee = rows.Text(row, 9);
  question.verified = rows.Int(row, 10) != 0;
  question.email = rows.Text(row, 11);
  question.created_at = FromUnix(rows.Int(row, 12));
  question.updated_at = FromUnix(rows.Int(row, 13));
  question.waiting_since = OptionalPgInstant(rows, row, 14);
  question.first_answer_at = OptionalPgInstant(rows, row, 15);
  question.closed_at = OptionalPgInstant(rows, row, 16);
  question.archived = rows.Int(row, 17) != 0;
  question.mail_message_id = rows.Text(row, 18);
  return question;
}

std::vector<QuestionMessage> SelectPgMessages(pg::Connection& connection, std::string_view id) {
  const pg::Rows rows = connection.Run(kSelectMessages, pg::Params().Add(id));
  std::vector<QuestionMessage> messages;
  for (int row = 0; row < rows.size(); ++row) {
    messages.push_back(QuestionMessage{ParseQuestionEntryKind(rows.Text(row, 0)).value_or(QuestionEntryKind::note),
                                       rows.Text(row, 1), rows.Text(row, 2), FromUnix(rows.Int(row, 3))});
  }
  return messages;
}

std::optional<std::string_view> NullIfEmpty(std::string_view text) {
  return text.empty() ? std::nullopt : std::optional(text);
}

void InsertPgMessages(pg::Connection& connection, std::string_view id, std::span<const QuestionMessage> messages) {
  for (const QuestionMessage& message : messages) {
    connection.Run(kInsertMessage, pg::Params()
                                       .Add(id)
                                       .Add(QuestionEntryKindName(message.kind))
                                       .Add(message.author)
                                       .Add(message.text)
                                       .Add(ToUnix(message.at)));
  }
}

// QuestionTransaction inside an open transaction.
class PgQuestionTransaction final : public QuestionTransaction {
 public:
  PgQuestionTransaction(pg::Connection& connection, PgStore& store) : connection_(connection), store_(store) {}

  bool DeskExists(std::string_view desk) override { return PgDeskExists(connection_, desk); }

  std::optional<engine::Application> Application(std::string_view id) override {
    return SelectPgApplication(connection_, id);
  }

  bool MailImported(std::string_view message_id) override {
    // Two nodes reading the mailbox at once import one message once: the unique column decides,
    // and the lock makes the second wait for the first instead of failing on it.
    LockPg(connection_, fmt::format("mail|{}", message_id));
    return !connection_.Run(kMailImported, pg::Params().Add(message_id)).empty();
  }

  int OpenQuestionsOf(std::string_view application_id) override {
    // Two questions of one application at once count each other: the limit holds across nodes.
    LockPg(connection_, fmt::format("questions|{}", application_id));
    return static_cast<int>(connection_.Run(kCountOpen, pg::Params().Add(application_id)).Int(0, 0));
  }

  std::optional<QuestionRecord> LockQuestion(std::string_view id) override {
    const pg::Rows rows = connection_.Run(kLockQuestion, pg::Params().Add(id));
    if (rows.empty()) return std::nullopt;
    QuestionRecord question = ReadQuestion(rows, 0);
    question.messages = SelectPgMessages(connection_, id);
    return question;
  }

  QuestionRecord InsertQuestion(const QuestionRecord& question, std::string_view token) override {
    const Hash token_hash = QuestionTokenHash(token);
    const pg::Rows rows = connection_.Run(kInsertQuestion, pg::Params()
                                                               .Add(question.id)
                                                               .Add(NullIfEmpty(question.desk))
                                                               .Add(NullIfEmpty(question.application_id))
                                                               .Add(question.topic)
                                                               .Add(question.lang)
                                                               .Add(engine::QuestionStateName(question.state))
                                                               .Add(question.escalated)
                                                               .Add(question.urgent)
                                                               .Add(question.assignee)
                                                               .Add(question.verified)
                                                               .Add(question.email)
                                                               .AddBytes(AsChars(token_hash))
                                                               .AddBytes(SealAtRest(store_.secret(), token))
                                                               .Add(ToUnix(question.created_at))
                                                               .Add(ToUnix(question.updated_at))
                                                               .Add(OptionalUnix(question.waiting_since))
                                                               .Add(OptionalUnix(question.first_answer_at))
                                                               .Add(OptionalUnix(question.closed_at))
                                                               .Add(NullIfEmpty(question.mail_message_id)));
    QuestionRecord stored = question;
    stored.sequence = rows.Int(0, 0);
    InsertPgMessages(connection_, question.id, question.messages);
    return stored;
  }

  void UpdateQuestion(const QuestionRecord& before, const QuestionRecord& after) override {
    connection_.Run(kUpdateQuestion, pg::Params()
                                         .Add(after.id)
                                         .Add(NullIfEmpty(after.desk))
                                         .Add(engine::QuestionStateName(after.state))
                                         .Add(after.escalated)
                                         .Add(after.urgent)
                                         .Add(after.assignee)
                                         .Add(ToUnix(after.updated_at))
                                         .Add(OptionalUnix(after.waiting_since))
                                         .Add(OptionalUnix(after.first_answer_at))
                                         .Add(OptionalUnix(after.closed_at)));
    const std::size_t known = std::min(before.messages.size(), after.messages.size());
    InsertPgMessages(connection_, after.id, std::span(after.messages).subspan(known));
  }

  void EnqueueQuestionAnswered(const QuestionRecord& question, Instant now) override {
    EnqueuePgQuestionAnswered(connection_, question, now);
  }

  std::optional<FaqEntry> Faq(std::string_view id) override { return LockPgFaqEntry(connection_, id); }

  void PutFaq(const FaqEntry& entry) override { PutPgFaqEntry(connection_, entry); }

  void DeleteFaq(std::string_view id) override { DeletePgFaqEntry(connection_, id); }

  void CountFaqUse(std::string_view topic, engine::Date day, int shown, int asked) override {
    AddPgFaqUse(connection_, topic, day, shown, asked);
  }

  void AuditFaq(std::string_view action, const Actor& actor, const FaqEntry* before, const FaqEntry* after,
                Instant now) override {
    const FaqEntry& subject = after != nullptr ? *after : *before;
    AppendPgAudit(connection_, now, actor.who, "", action, subject.id, before != nullptr ? FaqAuditJson(*before) : "",
                  after != nullptr ? FaqAuditJson(*after) : "");
  }

  void AuditQuestion(std::string_view action, const Actor& actor, const QuestionRecord* before,
                     const QuestionRecord& after, Instant now) override {
    AppendPgAudit(connection_, now, actor.who, after.desk, action, after.id,
                  before != nullptr ? QuestionAuditJson(*before) : "", QuestionAuditJson(after));
  }

 private:
  pg::Connection& connection_;
  PgStore& store_;
};

}  // namespace

Result<QuestionRecord> PgStore::ChangeQuestion(const QuestionChange& decide) {
  return RunDecision<PgQuestionTransaction>(decide);
}

Result<void> PgStore::ChangeHelpDesk(const HelpDeskChange& decide) {
  return RunDecision<PgQuestionTransaction>(decide);
}

Result<std::vector<QuestionRecord>> PgStore::QuestionsOpenedBetween(Instant from, Instant to) {
  return Run([&](pg::Connection& connection) -> Result<std::vector<QuestionRecord>> {
    const pg::Rows rows = connection.Run(kSelectOpenedBetween, pg::Params().Add(ToUnix(from)).Add(ToUnix(to)));
    std::vector<QuestionRecord> questions;
    for (int row = 0; row < rows.size(); ++row) questions.push_back(ReadQuestion(rows, row));
    return questions;
  });
}

Result<QuestionRecord> PgStore::FindQuestion(std::string_view id) {
  return Run([&](pg::Connection& connection) -> Result<QuestionRecord> {
    const pg::Rows rows = connection.Run(kSelectQuestion, pg::Params().Add(id));
    if (rows.empty()) return Error::not_found;
    QuestionRecord question = ReadQuestion(rows, 0);
    question.messages = SelectPgMessages(connection, id);
    return question;
  });
}

Result<QuestionRecord> PgStore::VerifyQuestionToken(std::string_view id, std::string_view token) {
  return Run([&](pg::Connection& connection) -> Result<QuestionRecord> {
    const pg::Rows rows = connection.Run(kSelectQuestionWithToken, pg::Params().Add(id));
    // Hash and compare whatever happens, so an unknown id costs the same as a wrong token.
    const std::string stored = rows.empty() ? std::string(kHashBytes, '\0') : rows.Bytes(0, kColumnCount);
    const bool match = ConstantTimeEqual(AsChars(QuestionTokenHash(token)), stored);
    if (rows.empty() || !match || token.empty()) return Error::not_found;
    QuestionRecord question = ReadQuestion(rows, 0);
    question.messages = SelectPgMessages(connection, id);
    return question;
  });
}

Result<std::vector<QuestionRecord>> PgStore::QuestionQueue(const QuestionQuery& query) {
  if (query.limit < 1) return Error::invalid_request;
  return Run([&](pg::Connection& connection) -> Result<std::vector<QuestionRecord>> {
    const pg::Rows rows =
        connection.Run(kSelectQueue, pg::Params()
                                         .Add(query.state ? engine::QuestionStateName(*query.state) : "")
                                         .Add(query.desk.value_or(""))
                                         .Add(query.topic.value_or(""))
                                         .Add(query.escalated ? (*query.escalated ? 1 : 0) : -1)
                                         .Add(std::min(query.limit, kMaxQuestionPage)));
    std::vector<QuestionRecord> questions;
    for (int row = 0; row < rows.size(); ++row) questions.push_back(ReadQuestion(rows, row));
    return questions;
  });
}

Result<std::vector<OpenedQuestion>> PgStore::QuestionsOfApplication(std::string_view id) {
  return Run([&](pg::Connection& connection) -> Result<std::vector<OpenedQuestion>> {
    const pg::Rows rows = connection.Run(kSelectOfApplication, pg::Params().Add(id));
    std::vector<OpenedQuestion> opened;
    for (int row = 0; row < rows.size(); ++row) {
      OpenedQuestion entry{ReadQuestion(rows, row), ""};
      if (!rows.IsNull(row, kColumnCount)) {
        entry.token = OpenAtRest(secret(), rows.Bytes(row, kColumnCount)).value_or("");
      }
      entry.question.messages = SelectPgMessages(connection, entry.question.id);
      opened.push_back(std::move(entry));
    }
    return opened;
  });
}

}  // namespace sportello::storage
