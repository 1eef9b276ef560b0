// SqliteStore: fair release (SPEC.md, "Fair release"). The rows are written by the booking
// transactions (sqlite_bookings.cc) through the helpers of sqlite_draw.h; the reads here answer the
// API, the staff console and the draw pass.
#include "storage/sqlite_draw.h"

#include "engine/release.h"
#include "storage/secrets.h"
#include "storage/sqlite_rows.h"

namespace sportello::storage {
namespace {

inline constexpr std::string_view kReleaseColumns =
    "desk, type, month, opens_at, draw_closes_at, sealed_seed, seed_hash, drawn_at, created_at";
const std::string kSelectRelease =
    fmt::format("SELECT {} FROM releases WHERE desk = ?1 AND type = ?2 AND month = ?3", kReleaseColumns);
const std::string kSelectReleasesOf =
    fmt::format("SELECT {} FROM releases WHERE desk = ?1 AND type = ?2 ORDER BY month", kReleaseColumns);
const std::string kSelectUndrawn = fmt::format(
    "SELECT {} FROM releases WHERE drawn_at IS NULL AND draw_closes_at <= ?1 ORDER BY draw_closes_at, desk, type",
    kReleaseColumns);
inline constexpr std::string_view kInsertRelease = R"(
INSERT INTO releases (desk, type, month, opens_at, draw_closes_at, sealed_seed, seed_hash, drawn_at, created_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9))";
inline constexpr std::string_view kMarkDrawn =
    "UPDATE releases SET drawn_at = ?4 WHERE desk = ?1 AND type = ?2 AND month = ?3";
inline constexpr std::string_view kPending =
    "SELECT 1 FROM releases WHERE desk = ?1 AND type = ?2 AND month = ?3 AND drawn_at IS NULL";

inline constexpr std::string_view kRequestColumns =
    "id, desk, type, month, application_id, preferences, lang, state, draw_order, booking_code, created_at, updated_at";
inline constexpr int kRequestColumnCount = 12;
const std::string kSelectRequests = fmt::format(
    "SELECT {} FROM draw_requests WHERE desk = ?1 AND type = ?2 AND month = ?3 ORDER BY id", kRequestColumns);
const std::string kSelectRequestWithToken =
    fmt::format("SELECT {}, token_hash FROM draw_requests WHERE id = ?1", kRequestColumns);
inline constexpr std::string_view kHasRequest =
    "SELECT 1 FROM draw_requests WHERE desk = ?2 AND type = ?3 AND month = ?4 AND application_id = ?1";
inline constexpr std::string_view kInsertRequest = R"(
INSERT INTO draw_requests (id, desk, type, month, application_id, preferences, lang, token_hash, state, draw_order,
                           booking_code, created_at, updated_at, sealed_token)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, NULL, ?10, ?11, ?12))";
inline constexpr std::string_view kSelectSealedToken = "SELECT sealed_token FROM draw_requests WHERE id = ?1";
inline constexpr std::string_view kUpdateOutcome =
    "UPDATE draw_requests SET state = ?2, draw_order = ?3, booking_code = ?4, updated_at = ?5 WHERE id = ?1";

ReleaseRecord ReadRelease(const sqlite::Statement& row, std::string_view secret) {
  return ReleaseRecord{.desk = row.Text(0),
                       .type = row.Text(1),
                       .month = engine::ParseMonth(row.Text(2)).value_or(date::year_month{}),
                       .opens_at = FromUnix(row.Int(3)),
                       .draw_closes_at = FromUnix(row.Int(4)),
                       .seed = OpenAtRest(secret, row.Blob(5)).value_or(""),
                       .seed_hash = row.Text(6),
                       .drawn_at = OptionalInstant(row, 7),
                       .created_at = FromUnix(row.Int(8))};
}

DrawRequestRecord ReadRequest(const sqlite::Statement& row) {
  DrawRequestRecord request{.id = row.Text(0),
                            .desk = row.Text(1),
                            .type = row.Text(2),
                            .month = engine::ParseMonth(row.Text(3)).value_or(date::year_month{}),
                            .application_id = row.Text(4),
                            .preferences = SplitPreferences(row.Text(5)),
                            .lang = row.Text(6),
                            .state = ParseDrawRequestState(row.Text(7)),
                            .order = std::nullopt,
                            .booking_code = row.IsNull(9) ? "" : row.Text(9),
                            .created_at = FromUnix(row.Int(10)),
                            .updated_at = FromUnix(row.Int(11))};
  if (!row.IsNull(8)) request.order = static_cast<int>(row.Int(8));
  return request;
}

}  // namespace

std::optional<ReleaseRecord> SelectRelease(sqlite::Connection& connection, std::string_view desk,
                                           std::string_view type, date::year_month month, std::string_view secret) {
  sqlite::Statement select = connection.Prepare(kSelectRelease);
  select.Bind(1, desk).Bind(2, type).Bind(3, engine::FormatMonth(month));
  if (!select.Step()) return std::nullopt;
  return ReadRelease(select, secret);
}

void InsertReleaseRow(sqlite::Connection& connection, const ReleaseRecord& release, std::string_view secret) {
  sqlite::Statement insert = connection.Prepare(kInsertRelease);
  insert.Bind(1, release.desk).Bind(2, release.type).Bind(3, engine::FormatMonth(release.month));
  insert.Bind(4, ToUnix(release.opens_at)).Bind(5, ToUnix(release.draw_closes_at));
  insert.Bind(6, Bytes(SealAtRest(secret, release.seed))).Bind(7, release.seed_hash);
  BindOptional(insert, 8, release.drawn_at);
  insert.Bind(9, ToUnix(release.created_at));
  insert.Run();
}

void MarkReleaseDrawn(sqlite::Connection& connection, const ReleaseRecord& release, Instant drawn_at) {
  connection.Prepare(kMarkDrawn)
      .Bind(1, release.desk)
      .Bind(2, release.type)
      .Bind(3, engine::FormatMonth(release.month))
      .Bind(4, ToUnix(drawn_at))
      .Run();
}

bool SelectDrawPending(sqlite::Connection& connection, std::string_view desk, std::string_view type,
                       date::year_month month) {
  sqlite::Statement select = connection.Prepare(kPending);
  select.Bind(1, desk).Bind(2, type).Bind(3, engine::FormatMonth(month));
  return select.Step();
}

bool SelectHasDrawRequest(sqlite::Connection& connection, std::string_view application_id, std::string_view desk,
                          std::string_view type, date::year_month month) {
  sqlite::Statement select = connection.Prepare(kHasRequest);
  select.Bind(1, application_id).Bind(2, desk).Bind(3, type).Bind(4, engine::FormatMonth(month));
  return select.Step();
}

std::vector<DrawRequestRecord> SelectDrawRequests(sqlite::Connection& connection, std::string_view desk,
                                                  std::string_view type, date::year_month month) {
  sqlite::Statement select = connection.Prepare(kSelectRequests);
  select.Bind(1, desk).Bind(2, type).Bind(3, engine::FormatMonth(month));
  std::vector<DrawRequestRecord> requests;
  while (select.Step()) requests.push_back(ReadRequest(select));
  return requests;
}

void InsertDrawRequestRow(sqlite::Connection& connection, const DrawRequestRecord& request, std::string_view token,
                          std::string_view secret) {
  const Hash token_hash = DrawTokenHash(token);
  sqlite::Statement insert = connection.Prepare(kInsertRequest);
  insert.Bind(1, request.id).Bind(2, request.desk).Bind(3, request.type).Bind(4, engine::FormatMonth(request.month));
  insert.Bind(5, request.application_id).Bind(6, JoinPreferences(request.preferences)).Bind(7, request.lang);
  insert.Bind(8, Bytes(AsChars(token_hash))).Bind(9, DrawRequestStateName(request.state));
  insert.Bind(10, ToUnix(request.created_at)).Bind(11, ToUnix(request.updated_at));
  insert.Bind(12, Bytes(SealAtRest(secret, token)));
  insert.Run();
}

std::string SelectDrawToken(sqlite::Connection& connection, std::string_view id, std::string_view secret) {
  sqlite::Statement select = connection.Prepare(kSelectSealedToken);
  select.Bind(1, id);
  if (!select.Step() || select.IsNull(0)) return "";
  return OpenAtRest(secret, select.Blob(0)).value_or("");
}

void UpdateDrawOutcome(sqlite::Connection& connection, const DrawRequestRecord& after) {
  sqlite::Statement update = connection.Prepare(kUpdateOutcome);
  update.Bind(1, after.id).Bind(2, DrawRequestStateName(after.state));
  if (after.order) {
    update.Bind(3, *after.order);
  } else {
    update.BindNull(3);
  }
  if (after.booking_code.empty()) {
    update.BindNull(4);
  } else {
    update.Bind(4, after.booking_code);
  }
  update.Bind(5, ToUnix(after.updated_at));
  update.Run();
}

// --- The store's reads -------------------------------------------------------------------------

Result<std::vector<ReleaseRecord>> SqliteStore::ReleasesOf(std::string_view desk, std::string_view type) {
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<ReleaseRecord>> {
    sqlite::Transaction snapshot(connection, sqlite::Transaction::Kind::read);
    if (!DeskExists(connection, desk)) return Error::not_found;
    sqlite::Statement select = connection.Prepare(kSelectReleasesOf);
    select.Bind(1, desk).Bind(2, type);
    std::vector<ReleaseRecord> releases;
    while (select.Step()) releases.push_back(ReadRelease(select, secret()));
    return releases;
  });
}

Result<std::vector<ReleaseRecord>> SqliteStore::UndrawnReleases(Instant now) {
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<ReleaseRecord>> {
    sqlite::Statement select = connection.Prepare(kSelectUndrawn);
    select.Bind(1, ToUnix(now));
    std::vector<ReleaseRecord> releases;
    while (select.Step()) releases.push_back(ReadRelease(select, secret()));
    return releases;
  });
}

Result<std::vector<DrawRequestRecord>> SqliteStore::DrawRequestsOf(std::string_view desk, std::string_view type,
                                                                   date::year_month month) {
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<DrawRequestRecord>> {
    return SelectDrawRequests(connection, desk, type, month);
  });
}

Result<DrawRequestRecord> SqliteStore::VerifyDrawToken(std::string_view id, std::string_view token) {
  return Read([&](sqlite::Connection& connection) -> Result<DrawRequestRecord> {
    sqlite::Statement select = connection.Prepare(kSelectRequestWithToken);
    select.Bind(1, id);
    const bool found = select.Step();
    // Hash and compare whatever happens, so an unknown id costs the same as a wrong token.
    const std::string stored = found ? select.Blob(kRequestColumnCount) : std::string(kHashBytes, '\0');
    const bool match = ConstantTimeEqual(AsChars(DrawTokenHash(token)), stored);
    if (!found || !match || token.empty()) return Error::not_found;
    return ReadRequest(select);
  });
}

}  // namespace sportello::storage
