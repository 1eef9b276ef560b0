// PgStore: fair release (SPEC.md, "Fair release"). A release (desk, type, month) belongs to the
// transaction holding its advisory lock "release|desk|type|month": requests are added and the draw
// is run only under it, so two nodes never draw one release or add a request to a drawn one.
#include "engine/release.h"
#include "storage/pg_rows.h"
#include "storage/pg_store.h"
#include "storage/secrets.h"

#include <fmt/core.h>

namespace sportello::storage {
namespace {

inline constexpr std::string_view kReleaseColumns =
    "desk, type, month, opens_at, draw_closes_at, sealed_seed, seed_hash, drawn_at, created_at";
const std::string kSelectRelease =
    fmt::format("SELECT {} FROM releases WHERE desk = $1 AND type = $2 AND month = $3", kReleaseColumns);
const std::string kSelectReleasesOf =
    fmt::format("SELECT {} FROM releases WHERE desk = $1 AND type = $2 ORDER BY month", kReleaseColumns);
const std::string kSelectUndrawn = fmt::format(
    "SELECT {} FROM releases WHERE drawn_at IS NULL AND draw_closes_at <= $1 ORDER BY draw_closes_at, desk, type",
    kReleaseColumns);
inline constexpr std::string_view kInsertRelease = R"(
INSERT INTO releases (desk, type, month, opens_at, draw_closes_at, sealed_seed, seed_hash, drawn_at, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9))";
inline constexpr std::string_view kMarkDrawn =
    "UPDATE releases SET drawn_at = $4 WHERE desk = $1 AND type = $2 AND month = $3";
inline constexpr std::string_view kPending =
    "SELECT 1 FROM releases WHERE desk = $1 AND type = $2 AND month = $3 AND drawn_at IS NULL";

inline constexpr std::string_view kRequestColumns =
    "id, desk, type, month, application_id, preferences, lang, state, draw_order, booking_code, created_at, updated_at";
inline constexpr int kRequestColumnCount = 12;
const std::string kSelectRequests = fmt::format(
    "SELECT {} FROM draw_requests WHERE desk = $1 AND type = $2 AND month = $3 ORDER BY id", kRequestColumns);
const std::string kSelectRequestWithToken =
    fmt::format("SELECT {}, token_hash FROM draw_requests WHERE id = $1", kRequestColumns);
inline constexpr std::string_view kHasRequest =
    "SELECT 1 FROM draw_requests WHERE desk = $2 AND type = $3 AND month = $4 AND application_id = $1";
inline constexpr std::string_view kInsertRequest = R"(
INSERT INTO draw_requests (id, desk, type, month, application_id, preferences, lang, token_hash, state, draw_order,
                           booking_code, created_at, updated_at, sealed_token)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, NULL, $10, $11, $12))";
inline constexpr std::string_view kSelectSealedToken = "SELECT sealed_token FROM draw_requests WHERE id = $1";
inline constexpr std::string_view kUpdateOutcome =
    "UPDATE draw_requests SET state = $2, draw_order = $3, booking_code = $4, updated_at = $5 WHERE id = $1";

ReleaseRecord ReadRelease(const pg::Rows& rows, int row, std::string_view secret) {
  return ReleaseRecord{.desk = rows.Text(row, 0),
                       .type = rows.Text(row, 1),
                       .month = engine::ParseMonth(rows.Text(row, 2)).value_or(date::year_month{}),
                       .opens_at = FromUnix(rows.Int(row, 3)),
                       .draw_closes_at = FromUnix(rows.Int(row, 4)),
                       .seed = OpenAtRest(secret, rows.Bytes(row, 5)).value_or(""),
                       .seed_hash = rows.Text(row, 6),
                       .drawn_at = OptionalPgInstant(rows, row, 7),
                       .created_at = FromUnix(rows.Int(row, 8))};
}

std::vector<ReleaseRecord> ReadReleases(const pg::Rows& rows, std::string_view secret) {
  std::vector<ReleaseRecord> releases;
  for (int row = 0; row < rows.size(); ++row) releases.push_back(ReadRelease(rows, row, secret));
  return releases;
}

DrawRequestRecord ReadRequest(const pg::Rows& rows, int row) {
  DrawRequestRecord request{.id = rows.Text(row, 0),
                            .desk = rows.Text(row, 1),
                            .type = rows.Text(row, 2),
                            .month = engine::ParseMonth(rows.Text(row, 3)).value_or(date::year_month{}),
                            .application_id = rows.Text(row, 4),
                            .preferences = SplitPreferences(rows.Text(row, 5)),
                            .lang = rows.Text(row, 6),
                            .state = ParseDrawRequestState(rows.Text(row, 7)),
                            .order = std::nullopt,
                            .booking_code = rows.IsNull(row, 9) ? "" : rows.Text(row, 9),
                            .created_at = FromUnix(rows.Int(row, 10)),
                            .updated_at = FromUnix(rows.Int(row, 11))};
  if (!rows.IsNull(row, 8)) request.order = static_cast<int>(rows.Int(row, 8));
  return request;
}

pg::Params ReleaseKey(std::string_view desk, std::string_view type, date::year_month month) {
  pg::Params params;
  params.Add(desk).Add(type).Add(engine::FormatMonth(month));
  return params;
}

}  // namespace

std::optional<ReleaseRecord> LockPgRelease(pg::Connection& connection, std::string_view desk, std::string_view type,
                                           date::year_month month, std::string_view secret) {
  LockPg(connection, fmt::format("release|{}|{}|{}", desk, type, engine::FormatMonth(month)));
  const pg::Rows rows = connection.Run(kSelectRelease, ReleaseKey(desk, type, month));
  if (rows.empty()) return std::nullopt;
  return ReadRelease(rows, 0, secret);
}

void InsertPgRelease(pg::Connection& connection, const ReleaseRecord& release, std::string_view secret) {
  pg::Params params = ReleaseKey(release.desk, release.type, release.month);
  params.Add(ToUnix(release.opens_at))
      .Add(ToUnix(release.draw_closes_at))
      .AddBytes(SealAtRest(secret, release.seed))
      .Add(release.seed_hash)
      .Add(OptionalUnix(release.drawn_at))
      .Add(ToUnix(release.created_at));
  connection.Run(kInsertRelease, params);
}

void MarkPgReleaseDrawn(pg::Connection& connection, const ReleaseRecord& release, Instant drawn_at) {
  pg::Params params = ReleaseKey(release.desk, release.type, release.month);
  params.Add(ToUnix(drawn_at));
  connection.Run(kMarkDrawn, params);
}

bool SelectPgDrawPending(pg::Connection& connection, std::string_view desk, std::string_view type,
                         date::year_month month) {
  return !connection.Run(kPending, ReleaseKey(desk, type, month)).empty();
}

bool SelectPgHasDrawRequest(pg::Connection& connection, std::string_view application_id, std::string_view desk,
                            std::string_view type, date::year_month month) {
  pg::Params params;
  params.Add(application_id).Add(desk).Add(type).Add(engine::FormatMonth(month));
  return !connection.Run(kHasRequest, params).empty();
}

std::vector<DrawRequestRecord> SelectPgDrawRequests(pg::Connection& connection, std::string_view desk,
                                                    std::string_view type, date::year_month month) {
  const pg::Rows rows = connection.Run(kSelectRequests, ReleaseKey(desk, type, month));
  std::vector<DrawRequestRecord> requests;
  for (int row = 0; row < rows.size(); ++row) requests.push_back(ReadRequest(rows, row));
  return requests;
}

void InsertPgDrawRequest(pg::Connection& connection, const DrawRequestRecord& request, std::string_view token,
                         std::string_view secret) {
  connection.Run(kInsertRequest, pg::Params()
                                     .Add(request.id)
                                     .Add(request.desk)
                                     .Add(request.type)
                                     .Add(engine::FormatMonth(request.month))
                                     .Add(request.application_id)
                                     .Add(JoinPreferences(request.preferences))
                                     .Add(request.lang)
                                     .AddBytes(AsChars(DrawTokenHash(token)))
                                     .Add(DrawRequestStateName(request.state))
                                     .Add(ToUnix(request.created_at))
                                     .Add(ToUnix(request.updated_at))
                                     .AddBytes(SealAtRest(secret, token)));
}

std::string PgDrawToken(pg::Connection& connection, std::string_view id, std::string_view secret) {
  const pg::Rows rows = connection.Run(kSelectSealedToken, pg::Params().Add(id));
  if (rows.empty() || rows.IsNull(0, 0)) return "";
  return OpenAtRest(secret, rows.Bytes(0, 0)).value_or("");
}

void UpdatePgDrawOutcome(pg::Connection& connection, const DrawRequestRecord& after) {
  connection.Run(kUpdateOutcome,
                 pg::Params()
                     .Add(after.id)
                     .Add(DrawRequestStateName(after.state))
                     .Add(after.order ? std::optional<std::int64_t>(*after.order) : std::nullopt)
                     .Add(after.booking_code.empty() ? std::nullopt : std::optional<std::string>(after.booking_code))
                     .Add(ToUnix(after.updated_at)));
}

// --- The store's reads -------------------------------------------------------------------------

Result<std::vector<ReleaseRecord>> PgStore::ReleasesOf(std::string_view desk, std::string_view type) {
  return Run([&](pg::Connection& connection) -> Result<std::vector<ReleaseRecord>> {
    if (!PgDeskExists(connection, desk)) return Error::not_found;
    return ReadReleases(connection.Run(kSelectReleasesOf, pg::Params().Add(desk).Add(type)), secret());
  });
}

Result<std::vector<ReleaseRecord>> PgStore::UndrawnReleases(Instant now) {
  return Run([&](pg::Connection& connection) -> Result<std::vector<ReleaseRecord>> {
    return ReadReleases(connection.Run(kSelectUndrawn, pg::Params().Add(ToUnix(now))), secret());
  });
}

Result<std::vector<DrawRequestRecord>> PgStore::DrawRequestsOf(std::string_view desk, std::string_view type,
                                                               date::year_month month) {
  return Run([&](pg::Connection& connection) -> Result<std::vector<DrawRequestRecord>> {
    return SelectPgDrawRequests(connection, desk, type, month);
  });
}

Result<DrawRequestRecord> PgStore::VerifyDrawToken(std::string_view id, std::string_view token) {
  return Run([&](pg::Connection& connection) -> Result<DrawRequestRecord> {
    const pg::Rows rows = connection.Run(kSelectRequestWithToken, pg::Params().Add(id));
    // Hash and compare whatever happens, so an unknown id costs the same as a wrong token.
    const std::string stored = rows.empty() ? std::string(kHashBytes, '\0') : rows.Bytes(0, kRequestColumnCount);
    const bool match = ConstantTimeEqual(AsChars(DrawTokenHash(token)), stored);
    if (rows.empty() || !match || token.empty()) return Error::not_found;
    return ReadRequest(rows, 0);
  });
}

}  // namespace sportello::storage
