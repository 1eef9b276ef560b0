// The tickets of the help desk, their messages, the FAQ and its use, in SQL written once for both
// backends (`?N` parameters; PostgreSQL runs them through PgPlaceholders). Where the backends
// differ (PostgreSQL locks the ticket's row and numbers tickets with an identity; SQLite has one
// writer and numbers them itself) each has its own statement here. Internal to storage/.
#pragma once

#include <string>
#include <string_view>

namespace sportello::storage::question_sql {

// The columns of a ticket, in the order each backend's reader expects; a token column may follow.
inline constexpr std::string_view kColumns =
    "id, sequence, coalesce(desk, ''), coalesce(application_id, ''), topic, lang, state, escalated, urgent, assignee, "
    "verified, email, created_at, updated_at, waiting_since, first_answer_at, closed_at, archived, "
    "coalesce(mail_message_id, '')";
inline constexpr int kColumnCount = 19;

// ?1 id: the ticket; WithToken adds its token hash; ForUpdate locks its row (PostgreSQL).
std::string Select();
std::string SelectWithToken();
std::string SelectForUpdate();
// ?1 application id: its tickets, newest first, with their sealed tokens after kColumns.
std::string SelectOfApplication();
// ?1 state ('' : every state but closed), ?2 desk, ?3 topic ('' : any), ?4 escalated (-1 : either),
// ?5 limit: urgent first, then oldest.
std::string SelectQueue();
// ?1 from, ?2 to (unix seconds): the tickets opened from <= created_at < to, by sequence.
std::string SelectOpenedBetween();
// ?1 id: its messages as kind, author, text, at, oldest first.
inline constexpr std::string_view kSelectMessages =
    "SELECT kind, author, text, at FROM question_messages WHERE question_id = ?1 ORDER BY id";
// ?1 Message-ID: one row when a ticket was opened from that e-mail.
inline constexpr std::string_view kMailImported = "SELECT 1 FROM questions WHERE mail_message_id = ?1";
// ?1 application id: how many of its tickets are not closed.
inline constexpr std::string_view kCountOpen =
    "SELECT count(*) FROM questions WHERE application_id = ?1 AND state <> 'closed'";
// ?1 id, ?2 desk, ?3 application id, ?4 topic, ?5 lang, ?6 state, ?7 escalated, ?8 urgent, ?9 assignee,
// ?10 verified, ?11 email, ?12 token hash, ?13 sealed token, ?14 created_at, ?15 updated_at,
// ?16 waiting_since, ?17 first_answer_at, ?18 closed_at, ?19 mail_message_id; returns the sequence.
// SQLite numbers the ticket one after the highest (one writer at a time); PostgreSQL with the identity.
extern const std::string_view kInsertSqlite;
extern const std::string_view kInsertPg;
// ?1 id, ?2 desk, ?3 state, ?4 escalated, ?5 urgent, ?6 assignee, ?7 updated_at, ?8 waiting_since,
// ?9 first_answer_at, ?10 closed_at.
inline constexpr std::string_view kUpdate = R"(
UPDATE questions SET desk = ?2, state = ?3, escalated = ?4, urgent = ?5, assignee = ?6, updated_at = ?7,
                     waiting_since = ?8, first_answer_at = ?9, closed_at = ?10
WHERE id = ?1)";
// ?1 ticket id, ?2 kind, ?3 author, ?4 text, ?5 at.
inline constexpr std::string_view kInsertMessage =
    "INSERT INTO question_messages (question_id, kind, author, text, at) VALUES (?1, ?2, ?3, ?4, ?5)";

// The FAQ. The columns of an entry, in the order each backend's reader expects: id, topic, the four
// questions and the four answers (it, en, fr, es), source_question, created_at, updated_at, updated_by.
inline constexpr std::string_view kFaqColumns =
    "id, topic, question_it, question_en, question_fr, question_es, answer_it, answer_en, answer_fr, answer_es, "
    "coalesce(source_question, ''), created_at, updated_at, updated_by";
// ?1 topic (NULL: every topic): the entries by topic, then oldest first.
std::string SelectFaqEntries();
// ?1 id: the entry; ForUpdate locks its row (PostgreSQL).
std::string SelectFaqEntry();
std::string SelectFaqEntryForUpdate();
// kFaqColumns' order as parameters (?1 … ?14): a new entry, or in place of the entry with its id.
extern const std::string_view kPutFaq;
inline constexpr std::string_view kDeleteFaq = "DELETE FROM faq_entries WHERE id = ?1";
// ?1 topic, ?2 day (YYYY-MM-DD), ?3 shown, ?4 asked: added to the day's counts.
inline constexpr std::string_view kAddFaqUse = R"(
INSERT INTO faq_use (topic, day, shown, asked) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (topic, day) DO UPDATE SET shown = faq_use.shown + excluded.shown, asked = faq_use.asked + excluded.asked)";
// ?1 first, ?2 last day: topic, day, shown, asked by day then topic.
inline constexpr std::string_view kSelectFaqUse =
    "SELECT topic, day, shown, asked FROM faq_use WHERE day >= ?1 AND day <= ?2 ORDER BY day, topic";

}  // namespace sportello::storage::question_sql
