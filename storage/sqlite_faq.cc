// SqliteStore: the FAQ and its use (SPEC.md, "Questions"). The entries are written by the help
// desk's transaction (sqlite_questions.cc) through the helpers of sqlite_faq.h; the rules are
// booking/faq.h's.
#include "storage/sqlite_faq.h"

#include "storage/question_sql.h"
#include "storage/sqlite_rows.h"

namespace sportello::storage {
namespace {

FaqEntry ReadFaq(const sqlite::Statement& row) {
  FaqEntry entry;
  entry.id = row.Text(0);
  entry.topic = row.Text(1);
  for (std::size_t i = 0; i < engine::kLanguages.size(); ++i) {
    entry.question.In(engine::kLanguages[i]) = row.Text(static_cast<int>(2 + i));
    entry.answer.In(engine::kLanguages[i]) = row.Text(static_cast<int>(6 + i));
  }
  entry.source_question = row.Text(10);
  entry.created_at = FromUnix(row.Int(11));
  entry.updated_at = FromUnix(row.Int(12));
  entry.updated_by = row.Text(13);
  return entry;
}

}  // namespace

std::vector<FaqEntry> SelectFaqEntries(sqlite::Connection& connection, std::optional<std::string_view> topic) {
  static const std::string kSelectEntries = question_sql::SelectFaqEntries();
  sqlite::Statement select = connection.Prepare(kSelectEntries);
  if (topic) {
    select.Bind(1, *topic);
  } else {
    select.BindNull(1);
  }
  std::vector<FaqEntry> entries;
  while (select.Step()) entries.push_back(ReadFaq(select));
  return entries;
}

std::optional<FaqEntry> SelectFaqEntry(sqlite::Connection& connection, std::string_view id) {
  static const std::string kSelectEntry = question_sql::SelectFaqEntry();
  sqlite::Statement select = connection.Prepare(kSelectEntry);
  select.Bind(1, id);
  if (!select.Step()) return std::nullopt;
  return ReadFaq(select);
}

void PutFaqRow(sqlite::Connection& connection, const FaqEntry& entry) {
  sqlite::Statement put = connection.Prepare(question_sql::kPutFaq);
  put.Bind(1, entry.id).Bind(2, entry.topic);
  for (std::size_t i = 0; i < engine::kLanguages.size(); ++i) {
    put.Bind(static_cast<int>(3 + i), entry.question.In(engine::kLanguages[i]));
    put.Bind(static_cast<int>(7 + i), entry.answer.In(engine::kLanguages[i]));
  }
  if (entry.source_question.empty()) {
    put.BindNull(11);
  } else {
    put.Bind(11, entry.source_question);
  }
  put.Bind(12, ToUnix(entry.created_at)).Bind(13, ToUnix(entry.updated_at)).Bind(14, entry.updated_by);
  put.Run();
}

void DeleteFaqRow(sqlite::Connection& connection, std::string_view id) {
  connection.Prepare(question_sql::kDeleteFaq).Bind(1, id).Run();
}

void AddFaqUse(sqlite::Connection& connection, std::string_view topic, engine::Date day, int shown, int asked) {
  connection.Prepare(question_sql::kAddFaqUse).Bind(1, topic).Bind(2, engine::FormatDate(day)).Bind(3, shown).Bind(4, asked).Run();
}

Result<std::vector<FaqEntry>> SqliteStore::FaqEntries(std::optional<std::string_view> topic) {
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<FaqEntry>> {
    return SelectFaqEntries(connection, topic);
  });
}

Result<void> SqliteStore::CountFaqUse(std::string_view topic, engine::Date day, int shown, int asked) {
  return Write([&](sqlite::Connection& connection) -> Result<void> {
    AddFaqUse(connection, topic, day, shown, asked);
    return {};
  });
}

Result<std::vector<FaqUse>> SqliteStore::FaqUseBetween(engine::Date first, engine::Date last) {
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<FaqUse>> {
    sqlite::Statement select = connection.Prepare(question_sql::kSelectFaqUse);
    select.Bind(1, engine::FormatDate(first)).Bind(2, engine::FormatDate(last));
    std::vector<FaqUse> uses;
    while (select.Step()) {
      uses.push_back(FaqUse{select.Text(0), engine::ParseDate(select.Text(1)).value_or(first), select.Int(2),
                            select.Int(3)});
    }
    return uses;
  });
}

}  // namespace sportello::storage
