#include "storage/question_sql.h"

#include <fmt/core.h>

namespace sportello::storage::question_sql {

std::string Select() { return fmt::format("SELECT {} FROM questions WHERE id = ?1", kColumns); }

std::string SelectWithToken() { return fmt::format("SELECT {}, token_hash FROM questions WHERE id = ?1", kColumns); }

std::string SelectForUpdate() { return Select() + " FOR UPDATE"; }

std::string SelectOfApplication() {
  return fmt::format("SELECT {}, sealed_token FROM questions WHERE application_id = ?1 ORDER BY sequence DESC",
                     kColumns);
}

std::string SelectQueue() {
  return fmt::format(R"(
SELECT {} FROM questions
WHERE (?1 = '' AND state <> 'closed' OR state = ?1) AND (?2 = '' OR desk = ?2) AND (?3 = '' OR topic = ?3)
  AND (CAST(?4 AS BIGINT) = -1 OR escalated = CAST(?4 AS BIGINT))
ORDER BY urgent DESC, created_at, sequence LIMIT ?5)",
                     kColumns);
}

std::string SelectOpenedBetween() {
  return fmt::format("SELECT {} FROM questions WHERE created_at >= ?1 AND created_at < ?2 ORDER BY sequence",
                     kColumns);
}

const std::string_view kInsertSqlite = R"(
INSERT INTO questions (id, sequence, desk, application_id, topic, lang, state, escalated, urgent, assignee, verified,
                       email, token_hash, sealed_token, created_at, updated_at, waiting_since, first_answer_at,
                       closed_at, mail_message_id)
VALUES (?1, (SELECT coalesce(max(sequence), 0) + 1 FROM questions), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
        ?13, ?14, ?15, ?16, ?17, ?18, ?19)
RETURNING sequence)";

const std::string_view kInsertPg = R"(
INSERT INTO questions (id, desk, application_id, topic, lang, state, escalated, urgent, assignee, verified, email,
                       token_hash, sealed_token, created_at, updated_at, waiting_since, first_answer_at, closed_at,
                       mail_message_id)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
RETURNING sequence)";

std::string SelectFaqEntries() {
  return fmt::format(
      "SELECT {} FROM faq_entries WHERE CAST(?1 AS TEXT) IS NULL OR topic = ?1 ORDER BY topic, created_at, id",
      kFaqColumns);
}

std::string SelectFaqEntry() { return fmt::format("SELECT {} FROM faq_entries WHERE id = ?1", kFaqColumns); }

std::string SelectFaqEntryForUpdate() { return SelectFaqEntry() + " FOR UPDATE"; }

const std::string_view kPutFaq = R"(
INSERT INTO faq_entries (id, topic, question_it, question_en, question_fr, question_es, answer_it, answer_en,
                         answer_fr, answer_es, source_question, created_at, updated_at, updated_by)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
ON CONFLICT (id) DO UPDATE SET topic = excluded.topic, question_it = excluded.question_it,
  question_en = excluded.question_en, question_fr = excluded.question_fr, question_es = excluded.question_es,
  answer_it = excluded.answer_it, answer_en = excluded.answer_en, answer_fr = excluded.answer_fr,
  answer_es = excluded.answer_es, source_question = excluded.source_question, updated_at = excluded.updated_at,
  updated_by = excluded.updated_by)";

}  // namespace sportello::storage::question_sql
