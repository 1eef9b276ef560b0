// PgStore: the FAQ and its use (SPEC.md, "Questions"). The entries are written by the help desk's
// transaction (pg_questions.cc) through the helpers declared in pg_rows.h; the rules are
// booking/faq.h's.
#include "storage/pg_rows.h"
#include "storage/pg_store.h"
#include "storage/question_sql.h"
#include "storage/retention_sql.h"

namespace sportello::storage {
namespace {

const std::string kSelectEntries = PgPlaceholders(question_sql::SelectFaqEntries());
const std::string kSelectEntry = PgPlaceholders(question_sql::SelectFaqEntryForUpdate());
const std::string kPutEntry = PgPlaceholders(question_sql::kPutFaq);
const std::string kDeleteEntry = PgPlaceholders(question_sql::kDeleteFaq);
const std::string kAddUse = PgPlaceholders(question_sql::kAddFaqUse);
const std::string kSelectUse = PgPlaceholders(question_sql::kSelectFaqUse);

FaqEntry ReadPgFaq(const pg::Rows& rows, int row) {
  FaqEntry entry;
  entry.id = rows.Text(row, 0);
  entry.topic = rows.Text(row, 1);
  for (std::size_t i = 0; i < engine::kLanguages.size(); ++i) {
    entry.question.In(engine::kLanguages[i]) = rows.Text(row, static_cast<int>(2 + i));
    entry.answer.In(engine::kLanguages[i]) = rows.Text(row, static_cast<int>(6 + i));
  }
  entry.source_question = rows.Text(row, 10);
  entry.created_at = FromUnix(rows.Int(row, 11));
  entry.updated_at = FromUnix(rows.Int(row, 12));
  entry.updated_by = rows.Text(row, 13);
  return entry;
}

}  // namespace

std::optional<FaqEntry> LockPgFaqEntry(pg::Connection& connection, std::string_view id) {
  const pg::Rows rows = connection.Run(kSelectEntry, pg::Params().Add(id));
  if (rows.empty()) return std::nullopt;
  return ReadPgFaq(rows, 0);
}

void PutPgFaqEntry(pg::Connection& connection, const FaqEntry& entry) {
  pg::Params params;
  params.Add(entry.id).Add(entry.topic);
  for (const engine::Language language : engine::kLanguages) params.Add(entry.question.In(language));
  for (const engine::Language language : engine::kLanguages) params.Add(entry.answer.In(language));
  params.Add(entry.source_question.empty() ? std::nullopt : std::optional<std::string_view>(entry.source_question));
  params.Add(ToUnix(entry.created_at)).Add(ToUnix(entry.updated_at)).Add(entry.updated_by);
  connection.Run(kPutEntry, params);
}

void DeletePgFaqEntry(pg::Connection& connection, std::string_view id) {
  connection.Run(kDeleteEntry, pg::Params().Add(id));
}

void AddPgFaqUse(pg::Connection& connection, std::string_view topic, engine::Date day, int shown, int asked) {
  connection.Run(kAddUse, pg::Params().Add(topic).Add(engine::FormatDate(day)).Add(shown).Add(asked));
}

Result<std::vector<FaqEntry>> PgStore::FaqEntries(std::optional<std::string_view> topic) {
  return Run([&](pg::Connection& connection) -> Result<std::vector<FaqEntry>> {
    const pg::Rows rows = connection.Run(kSelectEntries, pg::Params().Add(topic));
    std::vector<FaqEntry> entries;
    for (int row = 0; row < rows.size(); ++row) entries.push_back(ReadPgFaq(rows, row));
    return entries;
  });
}

Result<void> PgStore::CountFaqUse(std::string_view topic, engine::Date day, int shown, int asked) {
  return RunTransaction([&](pg::Connection& connection) -> Result<void> {
    AddPgFaqUse(connection, topic, day, shown, asked);
    return {};
  });
}

Result<std::vector<FaqUse>> PgStore::FaqUseBetween(engine::Date first, engine::Date last) {
  return Run([&](pg::Connection& connection) -> Result<std::vector<FaqUse>> {
    const pg::Rows rows =
        connection.Run(kSelectUse, pg::Params().Add(engine::FormatDate(first)).Add(engine::FormatDate(last)));
    std::vector<FaqUse> uses;
    for (int row = 0; row < rows.size(); ++row) {
      uses.push_back(FaqUse{rows.Text(row, 0), engine::ParseDate(rows.Text(row, 1)).value_or(first),
                            rows.Int(row, 2), rows.Int(row, 3)});
    }
    return uses;
  });
}

}  // namespace sportello::storage
