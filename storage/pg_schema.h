// The PostgreSQL schema as numbered migrations, and the code that brings a database up to date at
// start. Table `schema_version` holds the number of the last migration applied (none: an empty
// database). A database with a higher number than kPgSchemaVersion was written by a newer
// Sportello and is refused (SchemaTooNew). Several nodes starting at once migrate one at a time
// (an advisory lock). The tables and columns are SQLite's (schema.h), so `sportello migrate`
// copies rows unchanged (spent_challenges aside: SQLite keeps those in memory); instants are unix
// seconds. Migrations only ever get appended.
// Thread-safety: call with a connection no other thread uses.
#pragma once

#include "storage/pg_db.h"

namespace sportello::storage {

// Migration i (1-based) is kPgMigrations[i - 1].
//   1: every table of SQLite schema version 4, without its seat_version (PostgreSQL readers do
//      not keep seat counts in memory).
//   2: verification_failures (SQLite's migration 5).
//   3: SQLite's migration 6 (indexes on bookings).
//   4: seat_version (the seat counts kept in memory).
//   5: tickets and feedback (SQLite's 7).
//   6: the role kiosk; the message kind feedback; tickets.first_called_at (SQLite's 8).
//   7: "No seat wasted": reconfirmation columns and a sealed manage token on bookings, the state
//      released, the waitlist, application_types, offers in the outbox (SQLite's 9).
//   8: fair release: releases and draw requests (SQLite's 10).
//   9: the desk flags proof_of_work and proof_of_work_reads (SQLite's 11); spent_challenges, the
//      proof-of-work solutions already used (UNLOGGED, PostgreSQL only: not copied by migrate).
//  10: draw requests keep their token sealed; the message kind draw_lost, about a draw request
//      (SQLite's 12).
//  11: questions: the role helpdesk; tickets and their messages, the FAQ and its use; the
//      message kind question_answered (SQLite's 13).
//  12: integration: API keys, the status events of applications, the feed of booking changes
//      (SQLite's 14).
//  13: bookings.bookable_since (SQLite's 15), for the national overview.
//  14: the message kind status_event, about a status event (SQLite's 16).
inline constexpr int kPgSchemaVersion = 14;

// Applies every migration after the database's version. Throws SchemaTooNew or pg::PgError.
void MigratePg(pg::Connection& connection);

// The database's schema version (0 when it has none).
int PgSchemaVersion(pg::Connection& connection);

}  // namespace sportello::storage
