// SqliteStore: the FAQ and its use (SPEC.md, "Questions"). The entries are written by the help
// desk's transaction (sqlite_questions.cc) through the helpers of sqlite_faq.h; the rules are
// booking/faq.h's.
#include "storage/sqlite_faq.h"

#include "storage/sqlite_rows.h"

namespace sportello::storage {
namespace {

inline constexpr std::string_view kFaqColumns =
    "id, topic, question_it, question_en, question_fr, question_es, answer_it, answer_en, answer_fr, answer_es, "
    "coalesce(source_question, ''), created_at, updated_at, updated_by";
const std::string kSelectEntries = fmt::format(
    "SELECT {} FROM faq_entries WHERE ?1 IS NULL OR topic = ?1 ORDER BY topic, created_at, id", kFaqColumns);
const std::string kSelectEntry = fmt::format("SELECT {} FROM faq_entries WHERE id = ?1", kFaqColumns);
inline constexpr std::string_view kPutEntry = R"(
INSERT INTO faq_entries (id, topic, question_it, question_en, question_fr, question_es, answer_it, answer_en,
                         answer_fr, answer_es, source_question, created_at, updated_at, updated_by)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
ON CONFLICT (id) DO UPDATE SET topic = excluded.topic, question_it = excluded.question_it,
  question_en = excluded.question_en, question_fr = excluded.question_fr, question_es = excluded.question_es,
  answer_it = excluded.answer_it, answer_en = excluded.answer_en, answer_fr = excluded.answer_fr,
  answer_es = excluded.answer_es, source_question = excluded.source_question, updated_at = excluded.updated_at,
  updated_by = excluded.updated_by)";
inline constexpr std::string_view kDeleteEntry = "DELETE FROM faq_entries WHERE id = ?1";
inline constexpr std::string_view kAddUse = R"(
INSERT INTO faq_use (topic, day, shown, asked) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (topic, day) DO UPDATE SET shown = shown + excluded.shown, asked = asked + excluded.asked)";
inline constexpr std::string_view kSelectUse =
    "SELECT topic, day, shown, asked FROM faq_use WHERE day >= ?1 AND day <= ?2 ORDER BY day, topic";

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
  sqlite::Statement select = connection.Prepare(kSelectEntry);
  select.Bind(1, id);
  if (!select.Step()) return std::nullopt;
  return ReadFaq(select);
}

void PutFaqRow(sqlite::Connection& connection, const FaqEntry& entry) {
  sqlite::Statement put = connection.Prepare(kPutEntry);
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
  connection.Prepare(kDeleteEntry).Bind(1, id).Run();
}

void AddFaqUse(sqlite::Connection& connection, std::string_view topic, engine::Date day, int shown, int asked) {
  connection.Prepare(kAddUse).Bind(1, topic).Bind(2, engine::FormatDate(day)).Bind(3, shown).Bind(4, asked).Run();
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
    sqlite::Statement select = connection.Prepare(kSelectUse);
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
