// ApplicationTransaction: what the import rules (booking/applications.h) may read and write inside
// one open write transaction. The backend decides nothing: it answers and writes, and commits only
// when the rule returns a value (Store::ChangeApplications). A database failure throws (the
// backend turns it into Error::internal and rolls back). Thread-safety: one thread, for one rule.
#pragma once

#include "engine/status_event.h"
#include "storage/store.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sportello::storage {

// The e-mail telling an applicant of a status event (message kind status_event): the event, the
// desk of its application, to whom and in which language. An empty recipient queues the message as
// no_address, as for every other kind.
struct StatusEventNotice {
  std::int64_t event_id = 0;
  std::string_view desk;
  std::string_view code;
  std::string_view recipient;
  std::string_view lang;
};

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
  // Records `event` of an existing application, made by `actor`, and answers its id; nullopt (and
  // nothing written) when the application already has an event of that code at that instant.
  virtual std::optional<std::int64_t> AppendEvent(const engine::StatusEvent& event, const Actor& actor,
                                                  Instant now) = 0;
  // Queues the e-mail `notice`: at most one per event (the database refuses a second).
  virtual void QueueStatusEventNotice(const StatusEventNotice& notice, Instant now) = 0;
  // The audit entry of one import ("applications.import").
  virtual void AuditImport(const UpsertCounts& counts, const Actor& actor, Instant now) = 0;
};

}  // namespace sportello::storage
