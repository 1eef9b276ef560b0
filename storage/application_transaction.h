// ApplicationTransaction: what the import rules (booking/applications.h) may read and write inside
// one open write transaction. The backend decides nothing: it answers and writes, and commits only
// when the rule returns a value (Store::ChangeApplications). A database failure throws (the
// backend turns it into Error::internal and rolls back). Thread-safety: one thread, for one rule.
#pragma once

#include "engine/status_event.h"
#include "storage/store.h"

#include <optional>
#include <string>

#include <string_view>

namespace sportello::storage {

class ApplicationTransaction {
 public:
  virtual ~ApplicationTransaction() = default;

  virtual bool DeskExists(std::string_view desk) = 0;
  virtual bool ApplicationExists(std::string_view id) = 0;
  // The status text of application `id`; nullopt when there is no such application.
  virtual std::optional<std::string> StatusOf(std::string_view id) = 0;
  // Inserts `application`, or updates the one with its id when `exists`. Keeps each listed type's
  // TypeListing (store.h): a type listed for the first time is bookable since `now`; a type no
  // longer listed loses its listing (listed again later, it starts again).
  virtual void StoreApplication(const engine::Application& application, bool exists, Instant now) = 0;
  // Records `event` of an existing application, made by `actor`; false (and nothing written) when the
  // application already has an event of that code at that instant.
  virtual bool AppendEvent(const engine::StatusEvent& event, const Actor& actor, Instant now) = 0;
  // The audit entry of one import ("applications.import").
  virtual void AuditImport(const UpsertCounts& counts, const Actor& actor, Instant now) = 0;
};

}  // namespace sportello::storage
