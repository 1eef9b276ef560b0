// PgStore: the FAQ and its use (SPEC.md, "Questions"). The entries are written by the help desk's
// transaction (pg_questions.cc) through the helpers declared in pg_rows.h; the rules are
// booking/faq.h's.
#include "storage/pg_rows.h"
#include "storage/pg_store.h"

#include <fmt/core.h>

namespace sportello::storage {
namespace {

inline constexpr std::string_view kFaqColumns =
    "id, topic, question_it, question_en, question_fr, question_es, answer_it, answer_en, answer_fr, answer_es, "
    "coalesce(source_question, ''), created_at, updated_at, updated_by";
const std::string kSelectEntries = fmt::format(
    "SELECT {} FROM faq_entries WHERE $1::text IS NULL OR topic = $1 ORDER BY topic, created_at, id", kFaqColumns);
const std::string kSelectEntry = fmt::format("SELECT {} FROM faq_entries WHERE id = $1 FOR UPDATE", kFaqColumns);
inline constexpr std::string_view kPutEntry = R"(
INSERT INTO faq_entries (id, topic, question_it, question_en, question_fr, question_es, answer_it, answer_en,
                         answer_fr, answer_es, source_question, created_at, updated_at, updated_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
ON CONFLICT (id) DO UPDATE SET topic = excluded.topic, question_it = excluded.question_it,
  question_en = excluded.question_en, question_fr = excluded.question_fr, question_es = excluded.question_es,
  answer_it = excluded.answer_it, answer_en = excluded.answer_en, answer_fr = excluded.answer_fr,
  answer_es = excluded.answer_es, source_question = excluded.source_question, updated_at = excluded.updated_at,
  updated_by = excluded.updated_by)";
inline constexpr std::string_view kDeleteEntry = "DELETE FROM faq_entries WHERE id = $1";
inline constexpr std::string_view kAddUse = R"(
INSERT INTO faq_use (topic, day, shown, asked) VALUES ($1, $2, $3, $4)
ON CONFLICT (topic, day) DO UPDATE SET shown = faq_use.shown + excluded.shown, asked = faq_use.asked + excluded.asked)";
inline constexpr std::string_view kSelectUse =
    "SELECT topic, day, shown, asked FROM faq_use WHERE day >= $1 AND day <= $2 ORDER BY day, topic";

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
