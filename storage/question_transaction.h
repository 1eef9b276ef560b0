// QuestionTransaction: what the rules of a ticket (booking/questions.h) may read and write inside
// one open write transaction. The backend decides nothing: it answers and writes, and commits only
// when the rule returns a value (QuestionStore::ChangeQuestion). A database failure throws (the
// backend turns it into Error::internal and rolls back). Thread-safety: one thread, for one rule.
#pragma once

#include "storage/store.h"

#include <optional>
#include <string_view>

namespace sportello::storage {

class QuestionTransaction {
 public:
  virtual ~QuestionTransaction() = default;

  virtual bool DeskExists(std::string_view desk) = 0;
  virtual std::optional<engine::Application> Application(std::string_view id) = 0;
  // True when a ticket was opened from the e-mail with Message-ID `message_id`.
  virtual bool MailImported(std::string_view message_id) = 0;
  // The tickets of application `id` not closed.
  virtual int OpenQuestionsOf(std::string_view application_id) = 0;
  // The ticket `id` with its messages and notes, held until the transaction ends: a second
  // transaction asking for it waits, then reads what the first wrote. nullopt when unknown.
  virtual std::optional<QuestionRecord> LockQuestion(std::string_view id) = 0;
  // Stores a new ticket opened with `token` (its hash, and a copy sealed at rest for the
  // applicant's look-up) and its messages; returns it with its sequence.
  virtual QuestionRecord InsertQuestion(const QuestionRecord& question, std::string_view token) = 0;
  // Ticket `after.id` now has `after`'s fields; messages in `after` beyond those of `before` are
  // appended (messages are never changed or removed).
  virtual void UpdateQuestion(const QuestionRecord& before, const QuestionRecord& after) = 0;
  // Queues the e-mail telling the applicant that `question` was answered (a link, no content), to
  // question.email, or a no_address row when it is empty.
  virtual void EnqueueQuestionAnswered(const QuestionRecord& question, Instant now) = 0;
  // The FAQ entry `id`, or nullopt.
  virtual std::optional<FaqEntry> Faq(std::string_view id) = 0;
  // Stores `entry`, a new one or in place of the entry with its id.
  virtual void PutFaq(const FaqEntry& entry) = 0;
  virtual void DeleteFaq(std::string_view id) = 0;
  // As QuestionStore::CountFaqUse, inside this transaction.
  virtual void CountFaqUse(std::string_view topic, engine::Date day, int shown, int asked) = 0;
  // The audit entry of a change to the FAQ ("faq.create", "faq.update", "faq.delete"): the entry
  // before and after (null: none), its texts included (they are public).
  virtual void AuditFaq(std::string_view action, const Actor& actor, const FaqEntry* before, const FaqEntry* after,
                        Instant now) = 0;
  // The audit entry of a change to a ticket: its state, desk, holder and flags before and after,
  // never a text.
  virtual void AuditQuestion(std::string_view action, const Actor& actor, const QuestionRecord* before,
                             const QuestionRecord& after, Instant now) = 0;
};

}  // namespace sportello::storage
