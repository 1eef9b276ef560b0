// SqliteStore: the tickets of SPEC.md, "Questions", and their messages. The rules are
// booking/questions.h's; they run in ChangeQuestion's write transaction. SQLite has one writer at a
// time, so a ticket read in that transaction stays as read until it commits.
#include "storage/question_sql.h"
#include "storage/question_transaction.h"
#include "storage/record_text.h"
#include "storage/secrets.h"
#include "storage/sqlite_faq.h"
#include "storage/sqlite_outbox.h"
#include "storage/sqlite_rows.h"
#include "storage/sqlite_store.h"


#include <algorithm>

namespace sportello::storage {
namespace {

using question_sql::kColumnCount;

QuestionRecord ReadQuestion(const sqlite::Statement& row) {
  QuestionRecord question;
  question.id = row.Text(0);
  question.sequence = row.Int(1);
  question.desk = row.Text(2);
  question.application_id = row.Text(3);
  question.topic = row.Text(4);
  question.lang = row.Text(5);
  question.state = engine::ParseQuestionState(row.Text(6)).value_or(QuestionState::open);  // CHECK holds
  question.escalated = row.Int(7) != 0;
  question.urgent = row.Int(8) != 0;
  question.assignee = row.Text(9);
  question.verified = row.Int(10) != 0;
  question.email = row.Text(11);
  question.created_at = FromUnix(row.Int(12));
  question.updated_at = FromUnix(row.Int(13));
  question.waiting_since = OptionalInstant(row, 14);
  question.first_answer_at = OptionalInstant(row, 15);
  question.closed_at = OptionalInstant(row, 16);
  question.archived = row.Int(17) != 0;
  question.mail_message_id = row.Text(18);
  return question;
}

std::vector<QuestionMessage> SelectMessages(sqlite::Connection& connection, std::string_view id) {
  std::vector<QuestionMessage> messages;
  sqlite::Statement select = connection.Prepare(question_sql::kSelectMessages);
  select.Bind(1, id);
  while (select.Step()) {
    messages.push_back(QuestionMessage{ParseQuestionEntryKind(select.Text(0)).value_or(QuestionEntryKind::note),
                                       select.Text(1), select.Text(2), FromUnix(select.Int(3))});
  }
  return messages;
}

// The ticket `id` with its messages; also its token hash when asked.
std::optional<QuestionRecord> SelectQuestion(sqlite::Connection& connection, std::string_view id,
                                             std::string* token_hash = nullptr) {
  static const std::string kSelect = question_sql::Select();
  static const std::string kSelectWithToken = question_sql::SelectWithToken();
  sqlite::Statement select = connection.Prepare(token_hash != nullptr ? kSelectWithToken : kSelect);
  select.Bind(1, id);
  if (!select.Step()) return std::nullopt;
  QuestionRecord question = ReadQuestion(select);
  if (token_hash != nullptr) *token_hash = select.Blob(kColumnCount);
  question.messages = SelectMessages(connection, id);
  return question;
}

void BindTextOrNull(sqlite::Statement& statement, int index, std::string_view value) {
  if (value.empty()) {
    statement.BindNull(index);
  } else {
    statement.Bind(index, value);
  }
}

void InsertMessages(sqlite::Connection& connection, std::string_view id, std::span<const QuestionMessage> messages) {
  for (const QuestionMessage& message : messages) {
    connection.Prepare(question_sql::kInsertMessage)
        .Bind(1, id)
        .Bind(2, QuestionEntryKindName(message.kind))
        .Bind(3, message.author)
        .Bind(4, message.text)
        .Bind(5, ToUnix(message.at))
        .Run();
  }
}

// QuestionTransaction on the writer connection inside an open transaction.
class SqliteQuestionTransaction final : public QuestionTransaction {
 public:
  SqliteQuestionTransaction(sqlite::Connection& connection, const std::string& secret)
      : connection_(connection), secret_(secret) {}

  bool DeskExists(std::string_view desk) override { return storage::DeskExists(connection_, desk); }

  std::optional<engine::Application> Application(std::string_view id) override {
    return SelectApplication(connection_, id);
  }

  bool MailImported(std::string_view message_id) override {
    sqlite::Statement select = connection_.Prepare(question_sql::kMailImported);
    select.Bind(1, message_id);
    return select.Step();
  }

  int OpenQuestionsOf(std::string_view application_id) override {
    sqlite::Statement count = connection_.Prepare(question_sql::kCountOpen);
    count.Bind(1, application_id);
    return count.Step() ? static_cast<int>(count.Int(0)) : 0;
  }

  std::optional<QuestionRecord> LockQuestion(std::string_view id) override { return SelectQuestion(connection_, id); }

  QuestionRecord InsertQuestion(const QuestionRecord& question, std::string_view token) override {
    const Hash token_hash = QuestionTokenHash(token);
    const std::string sealed = SealAtRest(secret_, token);
    sqlite::Statement insert = connection_.Prepare(question_sql::kInsertSqlite);
    insert.Bind(1, question.id);
    BindTextOrNull(insert, 2, question.desk);
    BindTextOrNull(insert, 3, question.application_id);
    insert.Bind(4, question.topic).Bind(5, question.lang).Bind(6, engine::QuestionStateName(question.state));
    insert.Bind(7, question.escalated ? 1 : 0).Bind(8, question.urgent ? 1 : 0).Bind(9, question.assignee);
    insert.Bind(10, question.verified ? 1 : 0).Bind(11, question.email);
    insert.Bind(12, Bytes(AsChars(token_hash))).Bind(13, Bytes(sealed));
    insert.Bind(14, ToUnix(question.created_at)).Bind(15, ToUnix(question.updated_at));
    BindOptional(insert, 16, question.waiting_since);
    BindOptional(insert, 17, question.first_answer_at);
    BindOptional(insert, 18, question.closed_at);
    BindTextOrNull(insert, 19, question.mail_message_id);
    if (!insert.Step()) throw sqlite::SqliteError(SQLITE_ERROR, "sqlite: a question insert returned no sequence");
    QuestionRecord stored = question;
    stored.sequence = insert.Int(0);
    insert.Run();
    InsertMessages(connection_, question.id, question.messages);
    return stored;
  }

  void UpdateQuestion(const QuestionRecord& before, const QuestionRecord& after) override {
    sqlite::Statement update = connection_.Prepare(question_sql::kUpdate);
    update.Bind(1, after.id);
    BindTextOrNull(update, 2, after.desk);
    update.Bind(3, engine::QuestionStateName(after.state)).Bind(4, after.escalated ? 1 : 0);
    update.Bind(5, after.urgent ? 1 : 0).Bind(6, after.assignee).Bind(7, ToUnix(after.updated_at));
    BindOptional(update, 8, after.waiting_since);
    BindOptional(update, 9, after.first_answer_at);
    BindOptional(update, 10, after.closed_at);
    update.Run();
    const std::size_t known = std::min(before.messages.size(), after.messages.size());
    InsertMessages(connection_, after.id, std::span(after.messages).subspan(known));
  }

  void EnqueueQuestionAnswered(const QuestionRecord& question, Instant now) override {
    EnqueueQuestionAnsweredNotice(connection_, question, now);
  }

  std::optional<FaqEntry> Faq(std::string_view id) override { return SelectFaqEntry(connection_, id); }

  void PutFaq(const FaqEntry& entry) override { PutFaqRow(connection_, entry); }

  void DeleteFaq(std::string_view id) override { DeleteFaqRow(connection_, id); }

  void CountFaqUse(std::string_view topic, engine::Date day, int shown, int asked) override {
    AddFaqUse(connection_, topic, day, shown, asked);
  }

  void AuditFaq(std::string_view action, const Actor& actor, const FaqEntry* before, const FaqEntry* after,
                Instant now) override {
    const FaqEntry& subject = after != nullptr ? *after : *before;
    AppendAudit(connection_, now, actor.who, "", action, subject.id, before != nullptr ? FaqAuditJson(*before) : "",
                after != nullptr ? FaqAuditJson(*after) : "");
  }

  void AuditQuestion(std::string_view action, const Actor& actor, const QuestionRecord* before,
                     const QuestionRecord& after, Instant now) override {
    AppendAudit(connection_, now, actor.who, after.desk, action, after.id,
                before != nullptr ? QuestionAuditJson(*before) : "", QuestionAuditJson(after));
  }

 private:
  sqlite::Connection& connection_;
  const std::string& secret_;
};

}  // namespace

Result<QuestionRecord> SqliteStore::ChangeQuestion(const QuestionChange& decide) {
  return RunDecision<SqliteQuestionTransaction>(decide, options_.secret);
}

Result<void> SqliteStore::ChangeHelpDesk(const HelpDeskChange& decide) {
  return RunDecision<SqliteQuestionTransaction>(decide, options_.secret);
}

Result<std::vector<QuestionRecord>> SqliteStore::QuestionsOpenedBetween(Instant from, Instant to) {
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<QuestionRecord>> {
    static const std::string kSelectOpenedBetween = question_sql::SelectOpenedBetween();
    sqlite::Statement select = connection.Prepare(kSelectOpenedBetween);
    select.Bind(1, ToUnix(from)).Bind(2, ToUnix(to));
    std::vector<QuestionRecord> questions;
    while (select.Step()) questions.push_back(ReadQuestion(select));
    return questions;
  });
}

Result<QuestionRecord> SqliteStore::FindQuestion(std::string_view id) {
  return Read([&](sqlite::Connection& connection) -> Result<QuestionRecord> {
    sqlite::Transaction snapshot(connection, sqlite::Transaction::Kind::read);
    std::optional<QuestionRecord> question = SelectQuestion(connection, id);
    if (!question) return Error::not_found;
    return std::move(*question);
  });
}

Result<QuestionRecord> SqliteStore::VerifyQuestionToken(std::string_view id, std::string_view token) {
  return Read([&](sqlite::Connection& connection) -> Result<QuestionRecord> {
    sqlite::Transaction snapshot(connection, sqlite::Transaction::Kind::read);
    std::string stored;
    std::optional<QuestionRecord> question = SelectQuestion(connection, id, &stored);
    // Hash and compare whatever happens, so an unknown id costs the same as a wrong token.
    if (!question) stored.assign(kHashBytes, '\0');
    const bool match = ConstantTimeEqual(AsChars(QuestionTokenHash(token)), stored);
    if (!question || !match || token.empty()) return Error::not_found;
    return std::move(*question);
  });
}

Result<std::vector<QuestionRecord>> SqliteStore::QuestionQueue(const QuestionQuery& query) {
  if (query.limit < 1) return Error::invalid_request;
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<QuestionRecord>> {
    static const std::string kSelectQueue = question_sql::SelectQueue();
    sqlite::Statement select = connection.Prepare(kSelectQueue);
    select.Bind(1, query.state ? engine::QuestionStateName(*query.state) : "");
    select.Bind(2, query.desk.value_or("")).Bind(3, query.topic.value_or(""));
    select.Bind(4, query.escalated ? (*query.escalated ? 1 : 0) : -1);
    select.Bind(5, std::min(query.limit, kMaxQuestionPage));
    std::vector<QuestionRecord> questions;
    while (select.Step()) questions.push_back(ReadQuestion(select));
    return questions;
  });
}

Result<std::vector<OpenedQuestion>> SqliteStore::QuestionsOfApplication(std::string_view id) {
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<OpenedQuestion>> {
    sqlite::Transaction snapshot(connection, sqlite::Transaction::Kind::read);
    std::vector<OpenedQuestion> opened;
    static const std::string kSelectOfApplication = question_sql::SelectOfApplication();
    sqlite::Statement select = connection.Prepare(kSelectOfApplication);
    select.Bind(1, id);
    while (select.Step()) {
      OpenedQuestion entry{ReadQuestion(select), ""};
      if (!select.IsNull(kColumnCount)) {
        entry.token = OpenAtRest(options_.secret, select.Blob(kColumnCount)).value_or("");
      }
      opened.push_back(std::move(entry));
    }
    for (OpenedQuestion& entry : opened) entry.question.messages = SelectMessages(connection, entry.question.id);
    return opened;
  });
}

}  // namespace sportello::storage
