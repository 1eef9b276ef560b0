// The database schema as a list of numbered migrations, and the code that brings a file up to
// date at open. `PRAGMA user_version` holds the number of the last migration applied: 0 is an
// empty file; a file with a higher number than kSchemaVersion was written by a newer Sportello
// and is refused (SchemaTooNew) rather than risked. Migrations only ever get appended.
// Thread-safety: call with a connection no other thread uses.
#pragma once

#include "storage/sqlite_db.h"

#include <stdexcept>
#include <string_view>

namespace sportello::storage {

// Migration i (1-based) is kMigrations[i - 1].
//   1: desks, applications, bookings, idempotency keys, audit.
//   2: users and sessions (staff accounts, issue 4); index on bookings by application.
//   3: notifications, the outbox of applicant messages (issue 7); index on booked starts.
//   4: seat_version, the counter that keys the in-memory seat counts.
//   5: verification_failures, the failed-verification limit shared by every process.
//   6: one covering index on bookings (desk, start) in place of three.
//   7: tickets and feedback (the day of the visit).
//   8: the role kiosk; the message kind feedback; tickets.first_called_at.
//   9: no seat wasted: bookings `released`, their reconfirmation and sealed manage token; the
//      waitlist (its offers hold seats); application_types; offer and reconfirmation messages.
//  10: fair release: the releases of types with a draw and their draw requests.
//  11: the desk flags proof_of_work and proof_of_work_reads.
//  12: draw requests keep their token sealed; the message kind draw_lost, about a draw request.
//  13: questions: the role helpdesk; tickets and their messages, the FAQ and its use; the message kind
//      question_answered.
//  14: integration: API keys, the status events of applications, the feed of booking changes.
//  15: bookings.bookable_since, since when a booking's application could book its type (the
//      national overview).
//  16: the message kind status_event, about a status event of an application.
inline constexpr int kSchemaVersion = 16;

// Thrown when the file's user_version is newer than this code knows.
class SchemaTooNew : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Switches the file to WAL (once; it persists) and applies every migration after the file's
// user_version up to `target` (default: all), each in its own write transaction together with
// the new user_version, with foreign keys off during the migration and checked before its commit.
// Throws SchemaTooNew or sqlite::SqliteError.
void Migrate(sqlite::Connection& connection, int target = kSchemaVersion);

// The file's PRAGMA user_version.
int SchemaVersion(sqlite::Connection& connection);

}  // namespace sportello::storage
