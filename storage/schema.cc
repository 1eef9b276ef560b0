#include "storage/schema.h"

#include <fmt/core.h>

#include <array>

namespace sportello::storage {
namespace {

// Times are unix seconds (UTC). Tables are STRICT so a wrong type is an error, not a surprise.
inline constexpr std::string_view kMigration1 = R"(
CREATE TABLE desks (
  id           TEXT PRIMARY KEY,
  calendar     TEXT NOT NULL,              -- engine::SerializeCalendar
  self_booking INTEGER NOT NULL CHECK (self_booking IN (0, 1)),
  version      INTEGER NOT NULL DEFAULT 1, -- bumped on every change; keys the parsed-calendar cache
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
) STRICT;

CREATE TABLE applications (
  id         TEXT PRIMARY KEY,
  desk       TEXT NOT NULL REFERENCES desks(id),
  tax_code   TEXT NOT NULL,
  email      TEXT NOT NULL,
  phone      TEXT NOT NULL,
  types      TEXT NOT NULL,                -- '|'-separated type ids
  status     TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE bookings (
  code           TEXT PRIMARY KEY,
  desk           TEXT NOT NULL REFERENCES desks(id),
  type           TEXT NOT NULL,
  start          INTEGER NOT NULL,
  end            INTEGER NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'attended', 'no_show')),
  channel        TEXT NOT NULL CHECK (channel IN ('online', 'staff')),
  application_id TEXT NOT NULL REFERENCES applications(id),
  email          TEXT NOT NULL,
  phone          TEXT NOT NULL,
  lang           TEXT NOT NULL,
  token_hash     BLOB NOT NULL,
  created_at     INTEGER NOT NULL,
  created_by     TEXT NOT NULL,
  updated_at     INTEGER NOT NULL
) STRICT;

-- The database itself refuses a second active booking of one type for one application.
CREATE UNIQUE INDEX bookings_one_active ON bookings (application_id, type) WHERE status = 'booked';
-- Seat counts per slot.
CREATE INDEX bookings_active_slot ON bookings (desk, type, start) WHERE status = 'booked';
-- Day sheets and statistics.
CREATE INDEX bookings_desk_start ON bookings (desk, start);

CREATE TABLE idempotency_keys (
  key_hash     BLOB PRIMARY KEY,             -- hash of the Idempotency-Key; the key is not stored
  fingerprint  BLOB NOT NULL,                -- hash of desk, actor and request body
  booking_code TEXT NOT NULL REFERENCES bookings(code),
  sealed_token BLOB NOT NULL,                -- manage token sealed with a key derived from the key
  created_at   INTEGER NOT NULL
) STRICT;

CREATE TABLE audit (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,
  actor   TEXT NOT NULL,
  desk    TEXT NOT NULL,                     -- '' when not bound to a desk
  action  TEXT NOT NULL,
  subject TEXT NOT NULL,
  before  TEXT NOT NULL,                     -- JSON, '' when nothing before
  after   TEXT NOT NULL
) STRICT;
CREATE INDEX audit_desk ON audit (desk, id);
)";

inline constexpr std::string_view kMigration2 = R"(
CREATE TABLE users (
  username      TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,               -- crypto_pwhash_str (Argon2id)
  role          TEXT NOT NULL CHECK (role IN ('operator', 'manager', 'admin')),
  desk          TEXT REFERENCES desks(id),   -- NULL for admin
  created_at    INTEGER NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
) STRICT;

CREATE TABLE sessions (
  token_hash BLOB PRIMARY KEY,
  username   TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE INDEX bookings_application ON bookings (application_id, start);
)";

// The outbox (docs/notifications.md): one row per message reporting a booking change, written in
// the transaction of that change; the delivery worker claims rows with a lease and records each
// attempt. `start`/`end` are the appointment as the message reports it (a later change does not
// rewrite an earlier message). `manage_token` is kept only until the message is sent or given up.
inline constexpr std::string_view kMigration3 = R"(
CREATE TABLE notifications (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL
                  CHECK (kind IN ('confirmation', 'convocation', 'reschedule', 'cancellation', 'reminder')),
  booking_code    TEXT NOT NULL REFERENCES bookings(code),
  desk            TEXT NOT NULL,
  type            TEXT NOT NULL,
  start           INTEGER NOT NULL,
  end             INTEGER NOT NULL,
  previous_start  INTEGER,                   -- reschedule: the appointment before the move
  previous_end    INTEGER,
  recipient       TEXT NOT NULL,             -- '' when the booking has no e-mail address
  lang            TEXT NOT NULL,
  sequence        INTEGER NOT NULL,          -- iCalendar SEQUENCE of the invitation
  manage_token    TEXT,                      -- confirmation/convocation, until sent or given up
  status          TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'no_address', 'skipped')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,                   -- queued: not before
  lease_token     TEXT,                      -- the worker sending it now
  lease_until     INTEGER,                   -- until when that claim holds
  last_error      TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  last_attempt_at INTEGER,
  sent_at         INTEGER
) STRICT;
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'queued';
CREATE INDEX notifications_booking ON notifications (booking_code, id);
-- At most one reminder per booking and appointment start (a reschedule makes a new one due).
CREATE UNIQUE INDEX notifications_one_reminder ON notifications (booking_code, start) WHERE kind = 'reminder';
-- Bookings coming up soon, for reminders.
CREATE INDEX bookings_booked_start ON bookings (start) WHERE status = 'booked';
)";

// The seat version: a counter bumped by every change to a `booked` seat, whoever writes it (this
// process, another one on the same file, a hand-run SQL statement). The in-memory seat counts
// (seat_cache.h) are valid while it holds the value they were built at.
inline constexpr std::string_view kMigration4 = R"(
CREATE TABLE seat_version (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
) STRICT;
INSERT INTO seat_version (id, value) VALUES (1, 0);
CREATE TRIGGER bookings_seat_insert AFTER INSERT ON bookings WHEN NEW.status = 'booked'
BEGIN UPDATE seat_version SET value = value + 1; END;
CREATE TRIGGER bookings_seat_update AFTER UPDATE OF desk, type, start, status, channel ON bookings
WHEN OLD.status = 'booked' OR NEW.status = 'booked'
BEGIN UPDATE seat_version SET value = value + 1; END;
CREATE TRIGGER bookings_seat_delete AFTER DELETE ON bookings WHEN OLD.status = 'booked'
BEGIN UPDATE seat_version SET value = value + 1; END;
)";

// Each application's bucket of failed verifications (http/token_bucket.h): thousandths of a token
// and when it was last charged. Any id may have one, known or not: a guesser gets no hint.
inline constexpr std::string_view kMigration5 = R"(
CREATE TABLE verification_failures (
  application_id TEXT PRIMARY KEY,
  millitokens    INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
) STRICT;
)";

// Fewer pages written per booking: one index on (desk, start) that also holds the columns a seat
// count needs serves the seat counts (an index-only scan), the day sheets and, one desk at a time,
// the reminders; it replaces the three that did. The indexes kept on bookings, and why:
// the code (primary key: every lookup by code), bookings_one_active (a rule: one active booking of
// a type per application), bookings_application (an applicant's bookings) and bookings_desk_slot.
inline constexpr std::string_view kMigration6 = R"(
CREATE INDEX bookings_desk_slot ON bookings (desk, start, type, status, channel);
DROP INDEX bookings_active_slot;
DROP INDEX bookings_desk_start;
DROP INDEX bookings_booked_start;
)";

// The tickets of the day of the visit (engine/ticket.h): who checked in or walked in, in which
// order they are served, and where they were called. `id` names the ticket in the API; a booking
// has at most one. And the ratings applicants give their visit.
inline constexpr std::string_view kMigration7 = R"(
CREATE TABLE tickets (
  id             TEXT PRIMARY KEY,
  desk           TEXT NOT NULL REFERENCES desks(id),
  day            TEXT NOT NULL,
  sequence       INTEGER NOT NULL,
  booking_code   TEXT,
  application_id TEXT NOT NULL,
  appointment    INTEGER,
  urgent         INTEGER NOT NULL CHECK (urgent IN (0, 1)),
  state          TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'done', 'missed')),
  counter        TEXT NOT NULL,
  calls          INTEGER NOT NULL,
  checked_in_at  INTEGER NOT NULL,
  called_at      INTEGER,
  finished_at    INTEGER,
  UNIQUE (desk, day, sequence)
) STRICT;
CREATE UNIQUE INDEX tickets_booking ON tickets (booking_code) WHERE booking_code IS NOT NULL;
-- The applicant's rating of a visit (1-5) and an optional comment, at most one per booking.
CREATE TABLE feedback (
  booking_code TEXT PRIMARY KEY REFERENCES bookings(code),
  rating       INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment      TEXT NOT NULL,
  created_at   INTEGER NOT NULL
) STRICT;
)";

// The role `kiosk` (a check-in device of one desk), the message `feedback` (the invitation to rate a
// visit), and when a ticket was first called, from which its wait is measured. SQLite cannot change
// a CHECK constraint in place: users is rebuilt, and sessions with it (its foreign key would
// otherwise follow the old table), and notifications, keeping every row and index.
inline constexpr std::string_view kMigration8 = R"(
CREATE TABLE users_v8 (
  username      TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('operator', 'manager', 'admin', 'kiosk')),
  desk          TEXT REFERENCES desks(id),
  created_at    INTEGER NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
) STRICT;
INSERT INTO users_v8 SELECT username, password_hash, role, desk, created_at, disabled FROM users;
CREATE TABLE sessions_v8 AS SELECT token_hash, username, created_at, expires_at FROM sessions;
DROP TABLE sessions;
DROP TABLE users;
ALTER TABLE users_v8 RENAME TO users;
CREATE TABLE sessions (
  token_hash BLOB PRIMARY KEY,
  username   TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_expiry ON sessions (expires_at);
INSERT INTO sessions SELECT token_hash, username, created_at, expires_at FROM sessions_v8;
DROP TABLE sessions_v8;
CREATE TABLE notifications_v8 (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('confirmation', 'convocation', 'reschedule', 'cancellation', 'reminder',
                                               'feedback')),
  booking_code    TEXT NOT NULL REFERENCES bookings(code),
  desk            TEXT NOT NULL,
  type            TEXT NOT NULL,
  start           INTEGER NOT NULL,
  end             INTEGER NOT NULL,
  previous_start  INTEGER,
  previous_end    INTEGER,
  recipient       TEXT NOT NULL,
  lang            TEXT NOT NULL,
  sequence        INTEGER NOT NULL,
  manage_token    TEXT,
  status          TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'no_address', 'skipped')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  lease_token     TEXT,
  lease_until     INTEGER,
  last_error      TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  last_attempt_at INTEGER,
  sent_at         INTEGER
) STRICT;
INSERT INTO notifications_v8 SELECT id, kind, booking_code, desk, type, start, end, previous_start, previous_end,
  recipient, lang, sequence, manage_token, status, attempts, next_attempt_at, lease_token, lease_until, last_error,
  created_at, last_attempt_at, sent_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_v8 RENAME TO notifications;
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'queued';
CREATE INDEX notifications_booking ON notifications (booking_code, id);
CREATE UNIQUE INDEX notifications_one_reminder ON notifications (booking_code, start) WHERE kind = 'reminder';
ALTER TABLE tickets ADD COLUMN first_called_at INTEGER;
)";

// "No seat wasted" (SPEC.md): bookings may be `released` and keep their reconfirmation and a sealed
// copy of their manage token; the waitlist, whose offered entries hold a seat (counted by
// seat_version like a booked booking); since when each application lists each type, for the
// automatic convocation; and the outbox's messages about a waitlist entry (kind offer) and about
// reconfirmation. SQLite cannot change a CHECK in place: bookings and notifications are rebuilt
// (https://www.sqlite.org/lang_altertable.html#otheralter, with foreign keys off: Migrate) keeping
// every row, index and trigger. The tables that refer to bookings follow it by name.
inline constexpr std::string_view kMigration9 = R"(
CREATE TABLE bookings_v9 (
  code                  TEXT PRIMARY KEY,
  desk                  TEXT NOT NULL REFERENCES desks(id),
  type                  TEXT NOT NULL,
  start                 INTEGER NOT NULL,
  end                   INTEGER NOT NULL,
  status                TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'attended', 'no_show', 'released')),
  channel               TEXT NOT NULL CHECK (channel IN ('online', 'staff')),
  application_id        TEXT NOT NULL REFERENCES applications(id),
  email                 TEXT NOT NULL,
  phone                 TEXT NOT NULL,
  lang                  TEXT NOT NULL,
  token_hash            BLOB NOT NULL,
  created_at            INTEGER NOT NULL,
  created_by            TEXT NOT NULL,
  updated_at            INTEGER NOT NULL,
  confirmed_at          INTEGER,
  reconfirm_asked_at    INTEGER,
  reconfirm_reminded_at INTEGER,
  sealed_token          BLOB                 -- the manage token sealed at rest (secrets.h); NULL before kept
) STRICT;
INSERT INTO bookings_v9 (code, desk, type, start, end, status, channel, application_id, email, phone, lang, token_hash,
                         created_at, created_by, updated_at)
SELECT code, desk, type, start, end, status, channel, application_id, email, phone, lang, token_hash, created_at,
       created_by, updated_at FROM bookings;
DROP TABLE bookings;
ALTER TABLE bookings_v9 RENAME TO bookings;
CREATE UNIQUE INDEX bookings_one_active ON bookings (application_id, type) WHERE status = 'booked';
CREATE INDEX bookings_application ON bookings (application_id, start);
CREATE INDEX bookings_desk_slot ON bookings (desk, start, type, status, channel);
CREATE TRIGGER bookings_seat_insert AFTER INSERT ON bookings WHEN NEW.status = 'booked'
BEGIN UPDATE seat_version SET value = value + 1; END;
CREATE TRIGGER bookings_seat_update AFTER UPDATE OF desk, type, start, status, channel ON bookings
WHEN OLD.status = 'booked' OR NEW.status = 'booked'
BEGIN UPDATE seat_version SET value = value + 1; END;
CREATE TRIGGER bookings_seat_delete AFTER DELETE ON bookings WHEN OLD.status = 'booked'
BEGIN UPDATE seat_version SET value = value + 1; END;

CREATE TABLE waitlist (
  id               TEXT PRIMARY KEY,
  sequence         INTEGER NOT NULL UNIQUE,  -- place in line
  desk             TEXT NOT NULL REFERENCES desks(id),
  type             TEXT NOT NULL,
  application_id   TEXT NOT NULL REFERENCES applications(id),
  before           TEXT,                     -- YYYY-MM-DD: only seats on earlier dates
  email            TEXT NOT NULL,            -- '' when none
  lang             TEXT NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('waiting', 'offered', 'accepted', 'expired', 'left')),
  offer_start      INTEGER,                  -- the seat offered (held while offered), or the last one
  offer_end        INTEGER,
  offer_expires_at INTEGER,
  token_hash       BLOB NOT NULL,
  sealed_token     BLOB,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  CHECK ((offer_start IS NULL) = (offer_end IS NULL) AND (offer_start IS NULL) = (offer_expires_at IS NULL)),
  CHECK (state <> 'offered' OR offer_start IS NOT NULL)
) STRICT;
CREATE UNIQUE INDEX waitlist_one_active ON waitlist (application_id, type) WHERE state IN ('waiting', 'offered');
CREATE INDEX waitlist_line ON waitlist (desk, type, sequence) WHERE state IN ('waiting', 'offered');
CREATE INDEX waitlist_offered ON waitlist (desk, type, offer_start) WHERE state = 'offered';
CREATE INDEX waitlist_expiry ON waitlist (offer_expires_at) WHERE state = 'offered';
CREATE INDEX waitlist_application ON waitlist (application_id, sequence);
-- An offered entry holds a seat: one bump per row whose hold is taken, moved or freed.
CREATE TRIGGER waitlist_seat_insert AFTER INSERT ON waitlist WHEN NEW.state = 'offered'
BEGIN UPDATE seat_version SET value = value + 1; END;
CREATE TRIGGER waitlist_seat_update AFTER UPDATE OF desk, type, state, offer_start ON waitlist
WHEN (OLD.state = 'offered') <> (NEW.state = 'offered')
  OR (NEW.state = 'offered' AND (OLD.offer_start IS NOT NEW.offer_start OR OLD.desk <> NEW.desk OR OLD.type <> NEW.type))
BEGIN UPDATE seat_version SET value = value + 1; END;
CREATE TRIGGER waitlist_seat_delete AFTER DELETE ON waitlist WHEN OLD.state = 'offered'
BEGIN UPDATE seat_version SET value = value + 1; END;

CREATE TABLE application_types (
  application_id TEXT NOT NULL REFERENCES applications(id),
  type           TEXT NOT NULL,
  since          INTEGER NOT NULL,           -- listed (bookable) since
  convened_at    INTEGER,                    -- convened for it by the system
  PRIMARY KEY (application_id, type)
) STRICT;
CREATE INDEX application_types_due ON application_types (type, since) WHERE convened_at IS NULL;
WITH RECURSIVE listed (id, rest, type, since) AS (
  SELECT id, types || '|', '', updated_at FROM applications
  UNION ALL
  SELECT id, substr(rest, instr(rest, '|') + 1), substr(rest, 1, instr(rest, '|') - 1), since FROM listed
  WHERE rest <> ''
)
INSERT OR IGNORE INTO application_types (application_id, type, since) SELECT id, type, since FROM listed WHERE type <> '';

CREATE TABLE notifications_v9 (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('confirmation', 'convocation', 'reschedule', 'cancellation', 'reminder',
                                                 'feedback', 'offer', 'reconfirm', 'reconfirm_reminder', 'released')),
  booking_code     TEXT REFERENCES bookings(code),
  desk             TEXT NOT NULL,
  type             TEXT NOT NULL,
  start            INTEGER NOT NULL,
  end              INTEGER NOT NULL,
  previous_start   INTEGER,
  previous_end     INTEGER,
  recipient        TEXT NOT NULL,
  lang             TEXT NOT NULL,
  sequence         INTEGER NOT NULL,
  manage_token     TEXT,
  status           TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'no_address', 'skipped')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER,
  lease_token      TEXT,
  lease_until      INTEGER,
  last_error       TEXT NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL,
  last_attempt_at  INTEGER,
  sent_at          INTEGER,
  waitlist_id      TEXT REFERENCES waitlist(id),  -- an offer: the entry (booking_code is then NULL)
  offer_expires_at INTEGER,
  CHECK ((booking_code IS NULL) <> (waitlist_id IS NULL))
) STRICT;
INSERT INTO notifications_v9 (id, kind, booking_code, desk, type, start, end, previous_start, previous_end, recipient,
  lang, sequence, manage_token, status, attempts, next_attempt_at, lease_token, lease_until, last_error, created_at,
  last_attempt_at, sent_at)
SELECT id, kind, booking_code, desk, type, start, end, previous_start, previous_end, recipient, lang, sequence,
  manage_token, status, attempts, next_attempt_at, lease_token, lease_until, last_error, created_at, last_attempt_at,
  sent_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_v9 RENAME TO notifications;
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'queued';
CREATE INDEX notifications_booking ON notifications (booking_code, id);
CREATE UNIQUE INDEX notifications_one_reminder ON notifications (booking_code, start) WHERE kind = 'reminder';
CREATE INDEX notifications_waitlist ON notifications (waitlist_id, id) WHERE waitlist_id IS NOT NULL;
-- Seat counts kept in memory by a process that opened the file before are read again.
UPDATE seat_version SET value = value + 1;
)";

// Version 10: the releases of types with a draw and the requests of their draw windows.
inline constexpr std::string_view kMigration10 = R"(
-- Fair release (SPEC.md): one row per opened month of a type with a draw, its seed sealed at rest
-- and committed (seed_hash) before any request; requests collected during the draw window.
CREATE TABLE releases (
  desk           TEXT NOT NULL REFERENCES desks(id),
  type           TEXT NOT NULL,
  month          TEXT NOT NULL,            -- YYYY-MM
  opens_at       INTEGER NOT NULL,
  draw_closes_at INTEGER NOT NULL,
  sealed_seed    BLOB NOT NULL,
  seed_hash      TEXT NOT NULL,
  drawn_at       INTEGER,
  created_at     INTEGER NOT NULL,
  PRIMARY KEY (desk, type, month)
) STRICT;
CREATE TABLE draw_requests (
  id             TEXT PRIMARY KEY,
  desk           TEXT NOT NULL,
  type           TEXT NOT NULL,
  month          TEXT NOT NULL,
  application_id TEXT NOT NULL,
  preferences    TEXT NOT NULL,            -- ranked, space-separated: 2027-01-12 2027-01-13Tam any
  lang           TEXT NOT NULL,
  token_hash     BLOB NOT NULL,
  state          TEXT NOT NULL CHECK (state IN ('waiting', 'won', 'lost')),
  draw_order     INTEGER,                  -- 1-based place in the draw order, once drawn
  booking_code   TEXT REFERENCES bookings(code),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  FOREIGN KEY (desk, type, month) REFERENCES releases(desk, type, month),
  UNIQUE (desk, type, month, application_id)
) STRICT;
CREATE INDEX draw_requests_application ON draw_requests (application_id);
)";

// Version 11. Proof of work (SPEC.md, "Fair release"): two more desk flags, off for every desk. The
// solutions already used are kept in memory (a SQLite database has one serving node).
inline constexpr std::string_view kMigration11 = R"(
ALTER TABLE desks ADD COLUMN proof_of_work INTEGER NOT NULL DEFAULT 0 CHECK (proof_of_work IN (0, 1));
ALTER TABLE desks ADD COLUMN proof_of_work_reads INTEGER NOT NULL DEFAULT 0 CHECK (proof_of_work_reads IN (0, 1));
)";

// Version 12. Fair release: the e-mail telling those who lost a draw. A request keeps its token
// sealed at rest (NULL for requests made before), so the message can carry the link with it; the
// outbox's messages may be about a draw request (kind draw_lost, with the number of requests
// drawn). The kind CHECK and the subject CHECK change, so notifications is rebuilt as migration 9
// did, keeping every row and index.
inline constexpr std::string_view kMigration12 = R"(
ALTER TABLE draw_requests ADD COLUMN sealed_token BLOB;

CREATE TABLE notifications_v12 (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('confirmation', 'convocation', 'reschedule', 'cancellation', 'reminder',
                                                 'feedback', 'offer', 'reconfirm', 'reconfirm_reminder', 'released',
                                                 'draw_lost')),
  booking_code     TEXT REFERENCES bookings(code),
  desk             TEXT NOT NULL,
  type             TEXT NOT NULL,
  start            INTEGER NOT NULL,
  end              INTEGER NOT NULL,
  previous_start   INTEGER,
  previous_end     INTEGER,
  recipient        TEXT NOT NULL,
  lang             TEXT NOT NULL,
  sequence         INTEGER NOT NULL,
  manage_token     TEXT,
  status           TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'no_address', 'skipped')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER,
  lease_token      TEXT,
  lease_until      INTEGER,
  last_error       TEXT NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL,
  last_attempt_at  INTEGER,
  sent_at          INTEGER,
  waitlist_id      TEXT REFERENCES waitlist(id),        -- an offer: the entry
  offer_expires_at INTEGER,
  draw_request_id  TEXT REFERENCES draw_requests(id),   -- draw_lost: the request
  draw_size        INTEGER,                             -- draw_lost: how many requests were drawn
  CHECK ((booking_code IS NOT NULL) + (waitlist_id IS NOT NULL) + (draw_request_id IS NOT NULL) = 1)
) STRICT;
INSERT INTO notifications_v12 (id, kind, booking_code, desk, type, start, end, previous_start, previous_end, recipient,
  lang, sequence, manage_token, status, attempts, next_attempt_at, lease_token, lease_until, last_error, created_at,
  last_attempt_at, sent_at, waitlist_id, offer_expires_at)
SELECT id, kind, booking_code, desk, type, start, end, previous_start, previous_end, recipient, lang, sequence,
  manage_token, status, attempts, next_attempt_at, lease_token, lease_until, last_error, created_at, last_attempt_at,
  sent_at, waitlist_id, offer_expires_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_v12 RENAME TO notifications;
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'queued';
CREATE INDEX notifications_booking ON notifications (booking_code, id);
CREATE UNIQUE INDEX notifications_one_reminder ON notifications (booking_code, start) WHERE kind = 'reminder';
CREATE INDEX notifications_waitlist ON notifications (waitlist_id, id) WHERE waitlist_id IS NOT NULL;
CREATE INDEX notifications_draw_request ON notifications (draw_request_id, id) WHERE draw_request_id IS NOT NULL;
)";

// Version 13. Questions (SPEC.md, "Questions"): the role helpdesk (the national front office), the
// tickets and their messages, and the message telling an applicant their question was answered. As
// in migration 8, users and sessions are rebuilt for the role CHECK, and as in migration 12,
// notifications for the kind and subject CHECKs, keeping every row and index.
inline constexpr std::string_view kMigration13 = R"(
CREATE TABLE users_v13 (
  username      TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('operator', 'manager', 'admin', 'kiosk', 'helpdesk')),
  desk          TEXT REFERENCES desks(id),
  created_at    INTEGER NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
) STRICT;
INSERT INTO users_v13 SELECT username, password_hash, role, desk, created_at, disabled FROM users;
CREATE TABLE sessions_v13 AS SELECT token_hash, username, created_at, expires_at FROM sessions;
DROP TABLE sessions;
DROP TABLE users;
ALTER TABLE users_v13 RENAME TO users;
CREATE TABLE sessions (
  token_hash BLOB PRIMARY KEY,
  username   TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_expiry ON sessions (expires_at);
INSERT INTO sessions SELECT token_hash, username, created_at, expires_at FROM sessions_v13;
DROP TABLE sessions_v13;

CREATE TABLE questions (
  id              TEXT PRIMARY KEY,
  sequence        INTEGER NOT NULL UNIQUE,
  desk            TEXT REFERENCES desks(id),          -- NULL: not matched to an application yet
  application_id  TEXT REFERENCES applications(id),   -- likewise
  topic           TEXT NOT NULL,
  lang            TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('open', 'claimed', 'escalated', 'waiting_applicant', 'answered',
                                                 'closed')),
  escalated       INTEGER NOT NULL DEFAULT 0 CHECK (escalated IN (0, 1)),
  urgent          INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
  assignee        TEXT NOT NULL DEFAULT '',
  verified        INTEGER NOT NULL DEFAULT 1 CHECK (verified IN (0, 1)),
  email           TEXT NOT NULL DEFAULT '',
  token_hash      BLOB NOT NULL,
  sealed_token    BLOB,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  waiting_since   INTEGER,
  first_answer_at INTEGER,
  closed_at       INTEGER,
  archived        INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),  -- no text, contact, application left
  mail_message_id TEXT UNIQUE                           -- asked by e-mail: the message's Message-ID
) STRICT;
CREATE INDEX questions_queue ON questions (urgent DESC, created_at) WHERE state <> 'closed';
CREATE INDEX questions_application ON questions (application_id);
CREATE TABLE question_messages (
  id          INTEGER PRIMARY KEY,
  question_id TEXT NOT NULL REFERENCES questions(id),
  kind        TEXT NOT NULL CHECK (kind IN ('applicant', 'staff', 'note')),
  author      TEXT NOT NULL DEFAULT '',
  text        TEXT NOT NULL,
  at          INTEGER NOT NULL
) STRICT;
CREATE INDEX question_messages_question ON question_messages (question_id, id);
CREATE TABLE faq_entries (
  id              TEXT PRIMARY KEY,
  topic           TEXT NOT NULL,
  question_it     TEXT NOT NULL,
  question_en     TEXT NOT NULL,
  question_fr     TEXT NOT NULL,
  question_es     TEXT NOT NULL,
  answer_it       TEXT NOT NULL,
  answer_en       TEXT NOT NULL,
  answer_fr       TEXT NOT NULL,
  answer_es       TEXT NOT NULL,
  source_question TEXT REFERENCES questions(id),      -- promoted from this ticket's answer
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  updated_by      TEXT NOT NULL
) STRICT;
CREATE INDEX faq_entries_topic ON faq_entries (topic, created_at);
-- How often the FAQ of a topic was shown to someone about to ask, and how many asked all the same.
CREATE TABLE faq_use (
  topic TEXT NOT NULL,
  day   TEXT NOT NULL,
  shown INTEGER NOT NULL DEFAULT 0,
  asked INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (topic, day)
) STRICT;

CREATE TABLE notifications_v13 (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('confirmation', 'convocation', 'reschedule', 'cancellation', 'reminder',
                                                 'feedback', 'offer', 'reconfirm', 'reconfirm_reminder', 'released',
                                                 'draw_lost', 'question_answered')),
  booking_code     TEXT REFERENCES bookings(code),
  desk             TEXT NOT NULL,
  type             TEXT NOT NULL,
  start            INTEGER NOT NULL,
  end              INTEGER NOT NULL,
  previous_start   INTEGER,
  previous_end     INTEGER,
  recipient        TEXT NOT NULL,
  lang             TEXT NOT NULL,
  sequence         INTEGER NOT NULL,
  manage_token     TEXT,
  status           TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'no_address', 'skipped')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER,
  lease_token      TEXT,
  lease_until      INTEGER,
  last_error       TEXT NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL,
  last_attempt_at  INTEGER,
  sent_at          INTEGER,
  waitlist_id      TEXT REFERENCES waitlist(id),        -- an offer: the entry
  offer_expires_at INTEGER,
  draw_request_id  TEXT REFERENCES draw_requests(id),   -- draw_lost: the request
  draw_size        INTEGER,                             -- draw_lost: how many requests were drawn
  question_id      TEXT REFERENCES questions(id),       -- question_answered: the ticket
  CHECK ((booking_code IS NOT NULL) + (waitlist_id IS NOT NULL) + (draw_request_id IS NOT NULL) +
         (question_id IS NOT NULL) = 1)
) STRICT;
INSERT INTO notifications_v13 (id, kind, booking_code, desk, type, start, end, previous_start, previous_end, recipient,
  lang, sequence, manage_token, status, attempts, next_attempt_at, lease_token, lease_until, last_error, created_at,
  last_attempt_at, sent_at, waitlist_id, offer_expires_at, draw_request_id, draw_size)
SELECT id, kind, booking_code, desk, type, start, end, previous_start, previous_end, recipient, lang, sequence,
  manage_token, status, attempts, next_attempt_at, lease_token, lease_until, last_error, created_at, last_attempt_at,
  sent_at, waitlist_id, offer_expires_at, draw_request_id, draw_size FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_v13 RENAME TO notifications;
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'queued';
CREATE INDEX notifications_booking ON notifications (booking_code, id);
CREATE UNIQUE INDEX notifications_one_reminder ON notifications (booking_code, start) WHERE kind = 'reminder';
CREATE INDEX notifications_waitlist ON notifications (waitlist_id, id) WHERE waitlist_id IS NOT NULL;
CREATE INDEX notifications_draw_request ON notifications (draw_request_id, id) WHERE draw_request_id IS NOT NULL;
CREATE INDEX notifications_question ON notifications (question_id, id) WHERE question_id IS NOT NULL;
)";

// Integration (SPEC.md): the national system's API keys (only their hash is kept); each application's
// history of status events; and the feed of booking changes, written by triggers in the transaction
// of each change, so that no booking rule can forget it. The feed starts with every booking as it
// stands at the upgrade.
inline constexpr std::string_view kMigration14 = R"(
CREATE TABLE api_keys (
  name       TEXT PRIMARY KEY,
  desk       TEXT REFERENCES desks(id),      -- NULL: every desk
  key_hash   BLOB NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
) STRICT;
CREATE TABLE application_events (
  id             INTEGER PRIMARY KEY,
  application_id TEXT NOT NULL REFERENCES applications(id),
  code           TEXT NOT NULL,
  text_it        TEXT NOT NULL,
  text_en        TEXT NOT NULL,
  text_fr        TEXT NOT NULL,
  text_es        TEXT NOT NULL,
  at             INTEGER NOT NULL,
  recorded_at    INTEGER NOT NULL,
  recorded_by    TEXT NOT NULL,
  UNIQUE (application_id, code, at)
) STRICT;
CREATE TABLE booking_changes (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: a cursor stays meaningful
  booking_code   TEXT NOT NULL,
  change         TEXT NOT NULL,
  desk           TEXT NOT NULL,
  type           TEXT NOT NULL,
  start          INTEGER NOT NULL,
  end            INTEGER NOT NULL,
  status         TEXT NOT NULL,
  application_id TEXT NOT NULL,
  at             INTEGER NOT NULL
) STRICT;
CREATE INDEX booking_changes_desk ON booking_changes (desk, id);
INSERT INTO booking_changes (booking_code, change, desk, type, start, end, status, application_id, at)
SELECT code, 'created', desk, type, start, end, status, application_id, updated_at FROM bookings ORDER BY created_at, code;
CREATE TRIGGER booking_changes_insert AFTER INSERT ON bookings
BEGIN
  INSERT INTO booking_changes (booking_code, change, desk, type, start, end, status, application_id, at)
  VALUES (NEW.code, 'created', NEW.desk, NEW.type, NEW.start, NEW.end, NEW.status, NEW.application_id, NEW.updated_at);
END;
CREATE TRIGGER booking_changes_update AFTER UPDATE OF desk, type, start, end, status ON bookings
WHEN OLD.status IS NOT NEW.status OR OLD.start IS NOT NEW.start OR OLD.end IS NOT NEW.end OR OLD.type IS NOT NEW.type
  OR OLD.desk IS NOT NEW.desk
BEGIN
  INSERT INTO booking_changes (booking_code, change, desk, type, start, end, status, application_id, at)
  VALUES (NEW.code, CASE WHEN OLD.status IS NOT NEW.status THEN NEW.status ELSE 'moved' END, NEW.desk, NEW.type,
          NEW.start, NEW.end, NEW.status, NEW.application_id, NEW.updated_at);
END;
)";

// Version 15. The national overview (docs/decisions.md): a booking keeps since when its application
// could book its type, which application_types forgets once the national system stops listing the
// type. Bookings made before take it from a listing still there, when it is older than the booking.
// Adding a column bumps no seat trigger (they watch desk, type, start, status and channel).
inline constexpr std::string_view kMigration15 = R"(
ALTER TABLE bookings ADD COLUMN bookable_since INTEGER;  -- application_types.since when it was made
UPDATE bookings SET bookable_since = (
  SELECT t.since FROM application_types t
  WHERE t.application_id = bookings.application_id AND t.type = bookings.type AND t.since <= bookings.created_at);
)";

// Version 16. Integration: the e-mail telling an applicant of a status event whose code the catalogue
// marks for e-mail (kind status_event, about the event: at most one per event). As in migration 13,
// notifications is rebuilt for the kind and subject CHECKs, keeping every row and index.
inline constexpr std::string_view kMigration16 = R"(
CREATE TABLE notifications_v16 (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('confirmation', 'convocation', 'reschedule', 'cancellation', 'reminder',
                                                 'feedback', 'offer', 'reconfirm', 'reconfirm_reminder', 'released',
                                                 'draw_lost', 'question_answered', 'status_event')),
  booking_code     TEXT REFERENCES bookings(code),
  desk             TEXT NOT NULL,
  type             TEXT NOT NULL,
  start            INTEGER NOT NULL,
  end              INTEGER NOT NULL,
  previous_start   INTEGER,
  previous_end     INTEGER,
  recipient        TEXT NOT NULL,
  lang             TEXT NOT NULL,
  sequence         INTEGER NOT NULL,
  manage_token     TEXT,
  status           TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'no_address', 'skipped')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER,
  lease_token      TEXT,
  lease_until      INTEGER,
  last_error       TEXT NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL,
  last_attempt_at  INTEGER,
  sent_at          INTEGER,
  waitlist_id      TEXT REFERENCES waitlist(id),        -- an offer: the entry
  offer_expires_at INTEGER,
  draw_request_id  TEXT REFERENCES draw_requests(id),   -- draw_lost: the request
  draw_size        INTEGER,                             -- draw_lost: how many requests were drawn
  question_id      TEXT REFERENCES questions(id),       -- question_answered: the ticket
  event_id         INTEGER REFERENCES application_events(id),  -- status_event: the event
  CHECK ((booking_code IS NOT NULL) + (waitlist_id IS NOT NULL) + (draw_request_id IS NOT NULL) +
         (question_id IS NOT NULL) + (event_id IS NOT NULL) = 1)
) STRICT;
INSERT INTO notifications_v16 (id, kind, booking_code, desk, type, start, end, previous_start, previous_end, recipient,
  lang, sequence, manage_token, status, attempts, next_attempt_at, lease_token, lease_until, last_error, created_at,
  last_attempt_at, sent_at, waitlist_id, offer_expires_at, draw_request_id, draw_size, question_id)
SELECT id, kind, booking_code, desk, type, start, end, previous_start, previous_end, recipient, lang, sequence,
  manage_token, status, attempts, next_attempt_at, lease_token, lease_until, last_error, created_at, last_attempt_at,
  sent_at, waitlist_id, offer_expires_at, draw_request_id, draw_size, question_id FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_v16 RENAME TO notifications;
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'queued';
CREATE INDEX notifications_booking ON notifications (booking_code, id);
CREATE UNIQUE INDEX notifications_one_reminder ON notifications (booking_code, start) WHERE kind = 'reminder';
CREATE INDEX notifications_waitlist ON notifications (waitlist_id, id) WHERE waitlist_id IS NOT NULL;
CREATE INDEX notifications_draw_request ON notifications (draw_request_id, id) WHERE draw_request_id IS NOT NULL;
CREATE INDEX notifications_question ON notifications (question_id, id) WHERE question_id IS NOT NULL;
CREATE UNIQUE INDEX notifications_event ON notifications (event_id) WHERE event_id IS NOT NULL;
)";

inline constexpr std::array<std::string_view, kSchemaVersion> kMigrations = {
    kMigration1, kMigration2, kMigration3, kMigration4, kMigration5, kMigration6, kMigration7, kMigration8,
    kMigration9, kMigration10, kMigration11, kMigration12, kMigration13, kMigration14, kMigration15, kMigration16};

// Foreign keys off for as long as it lives: a migration that rebuilds a table others refer to
// drops the old one and renames the new one in its place, which foreign keys would refuse (or
// follow). PRAGMA foreign_keys cannot change inside a transaction, so this wraps the migration's.
class ForeignKeysOff {
 public:
  explicit ForeignKeysOff(sqlite::Connection& connection)
      : connection_(connection), was_on_(connection.QueryInt("PRAGMA foreign_keys") != 0) {
    connection_.Exec("PRAGMA foreign_keys = OFF");
  }
  ~ForeignKeysOff() {
    if (was_on_) sqlite3_exec(connection_.get(), "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  }
  ForeignKeysOff(const ForeignKeysOff&) = delete;
  ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;

 private:
  sqlite::Connection& connection_;
  bool was_on_;
};

// Throws (the migration then rolls back) when a row refers to one that does not exist.
void CheckForeignKeys(sqlite::Connection& connection, int version) {
  sqlite::Statement check = connection.Prepare("PRAGMA foreign_key_check");
  if (check.Step()) {
    throw sqlite::SqliteError(SQLITE_CONSTRAINT_FOREIGNKEY,
                              fmt::format("sqlite: migration {} leaves a row of {} ({}) referring to a missing row of {}",
                                          version, check.Text(0), check.Int(1), check.Text(2)));
  }
}

}  // namespace

int SchemaVersion(sqlite::Connection& connection) {
  return static_cast<int>(connection.QueryInt("PRAGMA user_version"));
}

void Migrate(sqlite::Connection& connection, int target) {
  // journal_mode=WAL is persistent in the file; it cannot change inside a transaction.
  {
    sqlite::Statement wal = connection.Prepare("PRAGMA journal_mode = WAL");
    if (!wal.Step() || wal.Text(0) != "wal") {
      throw sqlite::SqliteError(SQLITE_ERROR, "sqlite: cannot switch the database to WAL mode");
    }
  }
  if (SchemaVersion(connection) > kSchemaVersion) {
    throw SchemaTooNew(fmt::format(
        "the database has schema version {} but this sportello knows only up to version {}: it was "
        "written by a newer sportello; use that version (or a backup made before the upgrade)",
        SchemaVersion(connection), kSchemaVersion));
  }
  for (;;) {
    ForeignKeysOff unchecked(connection);
    // Re-read inside the write transaction: another process may be migrating the same file.
    sqlite::Transaction transaction(connection, sqlite::Transaction::Kind::write);
    const int version = SchemaVersion(connection);
    if (version >= target) return;  // rolls back the empty transaction
    connection.Exec(kMigrations[static_cast<std::size_t>(version)]);
    CheckForeignKeys(connection, version + 1);
    connection.Exec(fmt::format("PRAGMA user_version = {}", version + 1));
    transaction.Commit();
  }
}

}  // namespace sportello::storage
