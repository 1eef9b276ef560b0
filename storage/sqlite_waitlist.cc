// SqliteStore: the waitlist (SPEC.md, "No seat wasted") and the type listings of the automatic
// convocation. The rows are written by the booking transactions (sqlite_bookings.cc) through the
// helpers of sqlite_waitlist.h; the reads here answer the API, the staff console and the jobs.
#include "storage/sqlite_waitlist.h"

#include "storage/secrets.h"
#include "storage/sqlite_rows.h"

#include <algorithm>

namespace sportello::storage {
namespace {

inline constexpr std::string_view kWaitlistColumns =
    "id, sequence, desk, type, application_id, before, email, lang, state, offer_start, offer_end, offer_expires_at, "
    "created_at, updated_at";
inline constexpr int kWaitlistColumnCount = 14;

const std::string kSelectLine = fmt::format(
    "SELECT {} FROM waitlist WHERE desk = ?1 AND type = ?2 AND state IN ('waiting', 'offered') ORDER BY sequence",
    kWaitlistColumns);
const std::string kSelectEntry = fmt::format("SELECT {} FROM waitlist WHERE id = ?1", kWaitlistColumns);
const std::string kSelectEntryWithToken =
    fmt::format("SELECT {}, token_hash FROM waitlist WHERE id = ?1", kWaitlistColumns);
const std::string kSelectOfApplication =
    fmt::format("SELECT {} FROM waitlist WHERE application_id = ?1 ORDER BY sequence DESC", kWaitlistColumns);
inline constexpr std::string_view kInsertEntry = R"(
INSERT INTO waitlist (id, sequence, desk, type, application_id, before, email, lang, state, offer_start, offer_end,
                      offer_expires_at, token_hash, sealed_token, created_at, updated_at)
VALUES (?1, (SELECT coalesce(max(sequence), 0) + 1 FROM waitlist), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,
        ?14, ?15)
RETURNING sequence)";
inline constexpr std::string_view kUpdateEntry = R"(
UPDATE waitlist SET state = ?2, offer_start = ?3, offer_end = ?4, offer_expires_at = ?5, updated_at = ?6
WHERE id = ?1)";
inline constexpr std::string_view kSelectToken = "SELECT sealed_token FROM waitlist WHERE id = ?1";
inline constexpr std::string_view kWaitingLines =
    "SELECT DISTINCT desk, type FROM waitlist WHERE state = 'waiting' ORDER BY desk, type";
inline constexpr std::string_view kExpiredOffers = R"(
SELECT id FROM waitlist WHERE state = 'offered' AND offer_expires_at <= ?1 ORDER BY offer_expires_at, sequence)";

inline constexpr std::string_view kSelectListing =
    "SELECT since, convened_at FROM application_types WHERE application_id = ?1 AND type = ?2";
inline constexpr std::string_view kMarkConvened =
    "UPDATE application_types SET convened_at = ?3 WHERE application_id = ?1 AND type = ?2";
inline constexpr std::string_view kListedTypes = "SELECT type FROM application_types WHERE application_id = ?1";
inline constexpr std::string_view kAddListing = R"(
INSERT INTO application_types (application_id, type, since) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING)";
inline constexpr std::string_view kDropListing =
    "DELETE FROM application_types WHERE application_id = ?1 AND type = ?2";
// Listed since before the cut-off, never convened by the system, and no booking of the type that
// is booked or took place (attended, no-show).
inline constexpr std::string_view kToConvene = R"(
SELECT t.application_id FROM application_types t JOIN applications a ON a.id = t.application_id
WHERE a.desk = ?1 AND t.type = ?2 AND t.since < ?3 AND t.convened_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.application_id = t.application_id AND b.type = t.type
                                            AND b.status IN ('booked', 'attended', 'no_show', 'released'))
ORDER BY t.since, t.application_id LIMIT ?4)";

WaitlistEntry ReadWaitlistEntry(const sqlite::Statement& row) {
  WaitlistEntry entry;
  entry.id = row.Text(0);
  entry.sequence = row.Int(1);
  entry.desk = row.Text(2);
  entry.type = row.Text(3);
  entry.application_id = row.Text(4);
  if (!row.IsNull(5)) entry.before = engine::ParseDate(row.Text(5));
  entry.email = row.Text(6);
  entry.lang = row.Text(7);
  entry.state = engine::ParseWaitlistState(row.Text(8)).value_or(WaitlistState::waiting);  // CHECK holds
  if (!row.IsNull(9)) {
    entry.offer = WaitlistOffer{FromUnix(row.Int(9)), FromUnix(row.Int(10)), FromUnix(row.Int(11))};
  }
  entry.created_at = FromUnix(row.Int(12));
  entry.updated_at = FromUnix(row.Int(13));
  return entry;
}

std::vector<WaitlistEntry> ReadEntries(sqlite::Statement& select) {
  std::vector<WaitlistEntry> entries;
  while (select.Step()) entries.push_back(ReadWaitlistEntry(select));
  return entries;
}

void BindOffer(sqlite::Statement& statement, int first, const std::optional<WaitlistOffer>& offer) {
  BindOptional(statement, first, offer ? std::optional(offer->start) : std::nullopt);
  BindOptional(statement, first + 1, offer ? std::optional(offer->end) : std::nullopt);
  BindOptional(statement, first + 2, offer ? std::optional(offer->expires_at) : std::nullopt);
}

}  // namespace

std::vector<WaitlistEntry> SelectWaitlistLine(sqlite::Connection& connection, std::string_view desk,
                                              std::string_view type) {
  sqlite::Statement select = connection.Prepare(kSelectLine);
  select.Bind(1, desk).Bind(2, type);
  return ReadEntries(select);
}

std::optional<WaitlistEntry> SelectWaitlistEntry(sqlite::Connection& connection, std::string_view id,
                                                 std::string* token_hash) {
  sqlite::Statement select = connection.Prepare(token_hash != nullptr ? kSelectEntryWithToken : kSelectEntry);
  select.Bind(1, id);
  if (!select.Step()) return std::nullopt;
  if (token_hash != nullptr) *token_hash = select.Blob(kWaitlistColumnCount);
  return ReadWaitlistEntry(select);
}

WaitlistEntry InsertWaitlistRow(sqlite::Connection& connection, const WaitlistEntry& entry, std::string_view token,
                                std::string_view secret) {
  const Hash token_hash = WaitlistTokenHash(token);
  const std::string sealed = SealAtRest(secret, token);
  sqlite::Statement insert = connection.Prepare(kInsertEntry);
  insert.Bind(1, entry.id).Bind(2, entry.desk).Bind(3, entry.type).Bind(4, entry.application_id);
  if (entry.before) {
    insert.Bind(5, engine::FormatDate(*entry.before));
  } else {
    insert.BindNull(5);
  }
  insert.Bind(6, entry.email).Bind(7, entry.lang).Bind(8, engine::WaitlistStateName(entry.state));
  BindOffer(insert, 9, entry.offer);
  insert.Bind(12, Bytes(AsChars(token_hash))).Bind(13, Bytes(sealed));
  insert.Bind(14, ToUnix(entry.created_at)).Bind(15, ToUnix(entry.updated_at));
  if (!insert.Step()) throw sqlite::SqliteError(SQLITE_ERROR, "sqlite: a waitlist insert returned no place");
  WaitlistEntry stored = entry;
  stored.sequence = insert.Int(0);
  insert.Run();
  return stored;
}

void UpdateWaitlistRow(sqlite::Connection& connection, const WaitlistEntry& after) {
  sqlite::Statement update = connection.Prepare(kUpdateEntry);
  update.Bind(1, after.id).Bind(2, engine::WaitlistStateName(after.state));
  BindOffer(update, 3, after.offer);
  update.Bind(6, ToUnix(after.updated_at));
  update.Run();
}

std::string SelectWaitlistToken(sqlite::Connection& connection, std::string_view id, std::string_view secret) {
  sqlite::Statement select = connection.Prepare(kSelectToken);
  select.Bind(1, id);
  if (!select.Step() || select.IsNull(0)) return "";
  return OpenAtRest(secret, select.Blob(0)).value_or("");
}

std::optional<TypeListing> SelectListing(sqlite::Connection& connection, std::string_view id, std::string_view type) {
  sqlite::Statement select = connection.Prepare(kSelectListing);
  select.Bind(1, id).Bind(2, type);
  if (!select.Step()) return std::nullopt;
  return TypeListing{FromUnix(select.Int(0)), OptionalInstant(select, 1)};
}

void MarkListingConvened(sqlite::Connection& connection, std::string_view id, std::string_view type, Instant now) {
  connection.Prepare(kMarkConvened).Bind(1, id).Bind(2, type).Bind(3, ToUnix(now)).Run();
}

void KeepListings(sqlite::Connection& connection, std::string_view id, const std::vector<std::string>& types,
                  Instant now) {
  std::vector<std::string> dropped;
  sqlite::Statement select = connection.Prepare(kListedTypes);
  select.Bind(1, id);
  while (select.Step()) {
    std::string listed = select.Text(0);
    if (std::find(types.begin(), types.end(), listed) == types.end()) dropped.push_back(std::move(listed));
  }
  for (const std::string& type : dropped) connection.Prepare(kDropListing).Bind(1, id).Bind(2, type).Run();
  for (const std::string& type : types) {
    connection.Prepare(kAddListing).Bind(1, id).Bind(2, type).Bind(3, ToUnix(now)).Run();
  }
}

// --- The store's reads -------------------------------------------------------------------------

Result<WaitlistEntry> SqliteStore::VerifyWaitlistToken(std::string_view id, std::string_view token) {
  return Read([&](sqlite::Connection& connection) -> Result<WaitlistEntry> {
    std::string stored;
    std::optional<WaitlistEntry> entry = SelectWaitlistEntry(connection, id, &stored);
    // Hash and compare whatever happens, so an unknown id costs the same as a wrong token.
    if (!entry) stored.assign(kHashBytes, '\0');
    const bool match = ConstantTimeEqual(AsChars(WaitlistTokenHash(token)), stored);
    if (!entry || !match || token.empty()) return Error::not_found;
    return std::move(*entry);
  });
}

Result<std::vector<WaitlistEntry>> SqliteStore::WaitlistOf(std::string_view desk, std::string_view type) {
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<WaitlistEntry>> {
    sqlite::Transaction snapshot(connection, sqlite::Transaction::Kind::read);
    if (!DeskExists(connection, desk)) return Error::not_found;
    return SelectWaitlistLine(connection, desk, type);
  });
}

Result<std::vector<WaitlistEntry>> SqliteStore::WaitlistOfApplication(std::string_view id) {
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<WaitlistEntry>> {
    sqlite::Statement select = connection.Prepare(kSelectOfApplication);
    select.Bind(1, id);
    return ReadEntries(select);
  });
}

Result<std::vector<WaitlistLineId>> SqliteStore::WaitingLines() {
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<WaitlistLineId>> {
    std::vector<WaitlistLineId> lines;
    for (sqlite::Statement select = connection.Prepare(kWaitingLines); select.Step();) {
      lines.push_back(WaitlistLineId{select.Text(0), select.Text(1)});
    }
    return lines;
  });
}

Result<std::vector<std::string>> SqliteStore::ExpiredOffers(Instant now) {
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<std::string>> {
    sqlite::Statement select = connection.Prepare(kExpiredOffers);
    select.Bind(1, ToUnix(now));
    std::vector<std::string> ids;
    while (select.Step()) ids.push_back(select.Text(0));
    return ids;
  });
}

Result<std::vector<std::string>> SqliteStore::ApplicationsToConvene(std::string_view desk, std::string_view type,
                                                                    Instant listed_before, int limit) {
  if (limit < 1) return std::vector<std::string>{};
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<std::string>> {
    sqlite::Statement select = connection.Prepare(kToConvene);
    select.Bind(1, desk).Bind(2, type).Bind(3, ToUnix(listed_before)).Bind(4, limit);
    std::vector<std::string> ids;
    while (select.Step()) ids.push_back(select.Text(0));
    return ids;
  });
}

}  // namespace sportello::storage
