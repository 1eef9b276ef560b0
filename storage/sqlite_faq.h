// Storage-internal: the SQL of the FAQ and its use (SPEC.md, "Questions"), shared by the help
// desk's transaction (sqlite_questions.cc) and the store's reads (sqlite_faq.cc). Call inside a
// transaction; a write only inside a write one. Not part of the interface.
#pragma once

#include "storage/sqlite_db.h"
#include "storage/store.h"

#include <optional>
#include <string_view>
#include <vector>

namespace sportello::storage {

// The entries of `topic` (every topic when none), by topic then oldest first.
std::vector<FaqEntry> SelectFaqEntries(sqlite::Connection& connection, std::optional<std::string_view> topic);
std::optional<FaqEntry> SelectFaqEntry(sqlite::Connection& connection, std::string_view id);
// Stores `entry`, new or in place of the entry with its id.
void PutFaqRow(sqlite::Connection& connection, const FaqEntry& entry);
void DeleteFaqRow(sqlite::Connection& connection, std::string_view id);
// Adds `shown` and `asked` to the use of `topic` on `day`.
void AddFaqUse(sqlite::Connection& connection, std::string_view topic, engine::Date day, int shown, int asked);

}  // namespace sportello::storage
