// PgStore: the waitlist and the listings automatic convocation reads (SPEC.md, "No seat wasted").
// A line (desk and type) belongs to the transaction holding its advisory lock "waitlist|desk|type"
// (pg_store.h gives its place in the lock order); an entry's desk and type never change, so the
// lock named after a first unlocked read of them is the right one.
#include "storage/pg_store.h"

#include "storage/pg_rows.h"
#include "storage/secrets.h"

#include <fmt/core.h>

namespace sportello::storage {
namespace {

const std::string kLine = fmt::format(
    "SELECT {} FROM waitlist WHERE desk = $1 AND type = $2 AND state IN ('waiting', 'offered') ORDER BY sequence",
    kPgWaitlistColumns);
const std::string kEntryForUpdate = fmt::format("SELECT {} FROM waitlist WHERE id = $1 FOR UPDATE", kPgWaitlistColumns);
const std::string kEntryWithToken =
    fmt::format("SELECT {}, token_hash FROM waitlist WHERE id = $1", kPgWaitlistColumns);
const std::string kEntriesOfApplication =
    fmt::format("SELECT {} FROM waitlist WHERE application_id = $1 ORDER BY sequence DESC", kPgWaitlistColumns);
inline constexpr int kTokenHashColumn = 14;  // after kPgWaitlistColumns

inline constexpr std::string_view kLineOfEntry = "SELECT desk, type FROM waitlist WHERE id = $1";
inline constexpr std::string_view kInsertEntry = R"(
INSERT INTO waitlist (id, desk, type, application_id, before, email, lang, state, offer_start, offer_end,
                      offer_expires_at, token_hash, sealed_token, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING sequence)";
inline constexpr std::string_view kUpdateEntry = R"(
UPDATE waitlist SET state = $2, offer_start = $3, offer_end = $4, offer_expires_at = $5, updated_at = $6
WHERE id = $1)";
inline constexpr std::string_view kSealedToken = "SELECT sealed_token FROM waitlist WHERE id = $1";
inline constexpr std::string_view kWaitingLines =
    "SELECT DISTINCT desk, type FROM waitlist WHERE state = 'waiting' ORDER BY desk, type";
inline constexpr std::string_view kExpiredOffers = R"(
SELECT id FROM waitlist WHERE state = 'offered' AND offer_expires_at <= $1 ORDER BY offer_expires_at, sequence)";

inline constexpr std::string_view kListing =
    "SELECT since, convened_at FROM application_types WHERE application_id = $1 AND type = $2";
inline constexpr std::string_view kMarkConvened =
    "UPDATE application_types SET convened_at = $3 WHERE application_id = $1 AND type = $2";
inline constexpr std::string_view kDropListings = R"(
DELETE FROM application_types WHERE application_id = $1 AND type <> ALL (string_to_array($2::text, '|')))";
inline constexpr std::string_view kAddListings = R"(
INSERT INTO application_types (application_id, type, since)
SELECT $1, t.type, $3 FROM unnest(string_to_array($2::text, '|')) AS t(type) WHERE t.type <> ''
ON CONFLICT DO NOTHING)";
inline constexpr std::string_view kToConvene = R"(
SELECT l.application_id FROM application_types l JOIN applications a ON a.id = l.application_id
WHERE a.desk = $1 AND l.type = $2 AND l.since < $3 AND l.convened_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.application_id = l.application_id AND b.type = l.type
                                             AND b.status IN ('booked', 'attended', 'no_show', 'released'))
ORDER BY l.since, l.application_id LIMIT $4)";

void LockLine(pg::Connection& connection, std::string_view desk, std::string_view type) {
  LockPg(connection, fmt::format("waitlist|{}|{}", desk, type));
}

std::vector<WaitlistEntry> ReadEntries(const pg::Rows& rows) {
  std::vector<WaitlistEntry> entries;
  for (int row = 0; row < rows.size(); ++row) entries.push_back(ReadPgWaitlistEntry(rows, row));
  return entries;
}

}  // namespace

WaitlistEntry ReadPgWaitlistEntry(const pg::Rows& rows, int row) {
  WaitlistEntry entry;
  entry.id = rows.Text(row, 0);
  entry.sequence = rows.Int(row, 1);
  entry.desk = rows.Text(row, 2);
  entry.type = rows.Text(row, 3);
  entry.application_id = rows.Text(row, 4);
  if (!rows.IsNull(row, 5)) entry.before = engine::ParseDate(rows.Text(row, 5));
  entry.email = rows.Text(row, 6);
  entry.lang = rows.Text(row, 7);
  entry.state = engine::ParseWaitlistState(rows.Text(row, 8)).value_or(WaitlistState::waiting);  // CHECK holds
  if (!rows.IsNull(row, 9)) {  // the three offer columns are set together (CHECK)
    entry.offer = WaitlistOffer{FromUnix(rows.Int(row, 9)), FromUnix(rows.Int(row, 10)), FromUnix(rows.Int(row, 11))};
  }
  entry.created_at = FromUnix(rows.Int(row, 12));
  entry.updated_at = FromUnix(rows.Int(row, 13));
  return entry;
}

std::vector<WaitlistEntry> LockPgWaitlistLine(pg::Connection& connection, std::string_view desk,
                                              std::string_view type) {
  LockLine(connection, desk, type);
  return ReadEntries(connection.Run(kLine, pg::Params().Add(desk).Add(type)));
}

std::optional<WaitlistEntry> LockPgWaitlistEntry(pg::Connection& connection, std::string_view id) {
  const pg::Rows line = connection.Run(kLineOfEntry, pg::Params().Add(id));
  if (line.empty()) return std::nullopt;
  LockLine(connection, line.Text(0, 0), line.Text(0, 1));
  const pg::Rows rows = connection.Run(kEntryForUpdate, pg::Params().Add(id));
  if (rows.empty()) return std::nullopt;
  return ReadPgWaitlistEntry(rows, 0);
}

std::int64_t InsertPgWaitlistEntry(pg::Connection& connection, const WaitlistEntry& entry, std::string_view token,
                                   std::string_view secret, SeatChanges& seats) {
  const std::optional<WaitlistOffer>& offer = entry.offer;
  pg::Params params;
  params.Add(entry.id)
      .Add(entry.desk)
      .Add(entry.type)
      .Add(entry.application_id)
      .Add(entry.before ? std::optional(engine::FormatDate(*entry.before)) : std::nullopt)
      .Add(entry.email)
      .Add(entry.lang)
      .Add(engine::WaitlistStateName(entry.state))
      .Add(offer ? std::optional(ToUnix(offer->start)) : std::nullopt)
      .Add(offer ? std::optional(ToUnix(offer->end)) : std::nullopt)
      .Add(offer ? std::optional(ToUnix(offer->expires_at)) : std::nullopt)
      .AddBytes(AsChars(WaitlistTokenHash(token)))
      .AddBytes(SealAtRest(secret, token))
      .Add(ToUnix(entry.created_at))
      .Add(ToUnix(entry.updated_at));
  const std::int64_t sequence = connection.Run(kInsertEntry, params).Int(0, 0);
  seats.EntryInserted(entry);
  return sequence;
}

void UpdatePgWaitlistEntry(pg::Connection& connection, const WaitlistEntry& before, const WaitlistEntry& after,
                           SeatChanges& seats) {
  const std::optional<WaitlistOffer>& offer = after.offer;
  connection.Run(kUpdateEntry, pg::Params()
                                   .Add(before.id)
                                   .Add(engine::WaitlistStateName(after.state))
                                   .Add(offer ? std::optional(ToUnix(offer->start)) : std::nullopt)
                                   .Add(offer ? std::optional(ToUnix(offer->end)) : std::nullopt)
                                   .Add(offer ? std::optional(ToUnix(offer->expires_at)) : std::nullopt)
                                   .Add(ToUnix(after.updated_at)));
  seats.HoldChanged(before, after);
}

std::string PgWaitlistToken(pg::Connection& connection, std::string_view id, std::string_view secret) {
  const pg::Rows rows = connection.Run(kSealedToken, pg::Params().Add(id));
  if (rows.empty() || rows.IsNull(0, 0)) return "";
  return OpenAtRest(secret, rows.Bytes(0, 0)).value_or("");
}

std::optional<TypeListing> LockPgListing(pg::Connection& connection, std::string_view id, std::string_view type) {
  LockPg(connection, fmt::format("active|{}|{}", id, type));
  const pg::Rows rows = connection.Run(kListing, pg::Params().Add(id).Add(type));
  if (rows.empty()) return std::nullopt;
  return TypeListing{FromUnix(rows.Int(0, 0)), OptionalPgInstant(rows, 0, 1)};
}

void MarkPgConvened(pg::Connection& connection, std::string_view id, std::string_view type, Instant now) {
  connection.Run(kMarkConvened, pg::Params().Add(id).Add(type).Add(ToUnix(now)));
}

void StorePgListings(pg::Connection& connection, const engine::Application& application, Instant now) {
  const std::string types = JoinTypes(application.types);
  connection.Run(kDropListings, pg::Params().Add(application.id).Add(types));
  connection.Run(kAddListings, pg::Params().Add(application.id).Add(types).Add(ToUnix(now)));
}

Result<WaitlistEntry> PgStore::VerifyWaitlistToken(std::string_view id, std::string_view token) {
  return Run([&](pg::Connection& connection) -> Result<WaitlistEntry> {
    const pg::Rows rows = connection.Run(kEntryWithToken, pg::Params().Add(id));
    // Hash and compare whatever happens, so an unknown id costs the same as a wrong token.
    const std::string stored = rows.empty() ? std::string(kHashBytes, '\0') : rows.Bytes(0, kTokenHashColumn);
    const bool match = ConstantTimeEqual(AsChars(WaitlistTokenHash(token)), stored);
    if (rows.empty() || !match || token.empty()) return Error::not_found;
    return ReadPgWaitlistEntry(rows, 0);
  });
}

Result<std::vector<WaitlistEntry>> PgStore::WaitlistOf(std::string_view desk, std::string_view type) {
  return Run([&](pg::Connection& connection) -> Result<std::vector<WaitlistEntry>> {
    if (!PgDeskExists(connection, desk)) return Error::not_found;
    return ReadEntries(connection.Run(kLine, pg::Params().Add(desk).Add(type)));
  });
}

Result<std::vector<WaitlistEntry>> PgStore::WaitlistOfApplication(std::string_view id) {
  return Run([&](pg::Connection& connection) -> Result<std::vector<WaitlistEntry>> {
    return ReadEntries(connection.Run(kEntriesOfApplication, pg::Params().Add(id)));
  });
}

Result<std::vector<WaitlistLineId>> PgStore::WaitingLines() {
  return Run([&](pg::Connection& connection) -> Result<std::vector<WaitlistLineId>> {
    const pg::Rows rows = connection.Run(kWaitingLines);
    std::vector<WaitlistLineId> lines;
    for (int row = 0; row < rows.size(); ++row) lines.push_back({rows.Text(row, 0), rows.Text(row, 1)});
    return lines;
  });
}

Result<std::vector<std::string>> PgStore::ExpiredOffers(Instant now) {
  return Run([&](pg::Connection& connection) -> Result<std::vector<std::string>> {
    const pg::Rows rows = connection.Run(kExpiredOffers, pg::Params().Add(ToUnix(now)));
    std::vector<std::string> ids;
    for (int row = 0; row < rows.size(); ++row) ids.push_back(rows.Text(row, 0));
    return ids;
  });
}

Result<std::vector<std::string>> PgStore::ApplicationsToConvene(std::string_view desk, std::string_view type,
                                                                Instant listed_before, int limit) {
  if (limit < 1) return std::vector<std::string>{};
  return Run([&](pg::Connection& connection) -> Result<std::vector<std::string>> {
    const pg::Rows rows =
        connection.Run(kToConvene, pg::Params().Add(desk).Add(type).Add(ToUnix(listed_before)).Add(limit));
    std::vector<std::string> ids;
    for (int row = 0; row < rows.size(); ++row) ids.push_back(rows.Text(row, 0));
    return ids;
  });
}

}  // namespace sportello::storage
