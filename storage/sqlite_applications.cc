// SqliteStore: importing applications (upsert by id, all of a batch in one transaction).
#include "storage/sqlite_store.h"

#include "storage/sqlite_rows.h"

#include <unordered_set>

namespace sportello::storage {
namespace {

inline constexpr std::string_view kApplicationExists = "SELECT 1 FROM applications WHERE id = ?1";
inline constexpr std::string_view kInsertApplication = R"(
INSERT INTO applications (id, desk, tax_code, email, phone, types, status, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8))";
inline constexpr std::string_view kUpdateApplication = R"(
UPDATE applications SET desk = ?2, tax_code = ?3, email = ?4, phone = ?5, types = ?6, status = ?7, updated_at = ?8
WHERE id = ?1)";

std::string JoinTypes(const std::vector<std::string>& types) {
  std::string joined;
  for (const std::string& type : types) {
    if (!joined.empty()) joined += '|';
    joined += type;
  }
  return joined;
}

}  // namespace

Result<UpsertCounts> SqliteStore::UpsertApplications(std::span<const engine::Application> applications,
                                                     const Actor& actor, Instant now) {
  return Write([&](sqlite::Connection& connection) -> Result<UpsertCounts> {
    sqlite::Transaction transaction(connection, sqlite::Transaction::Kind::write);
    std::unordered_set<std::string> known_desks;
    UpsertCounts counts;
    for (const engine::Application& application : applications) {
      if (application.id.empty()) return Error::invalid_request;
      if (!known_desks.contains(application.desk)) {
        if (!DeskExists(connection, application.desk)) return Error::invalid_request;
        known_desks.insert(application.desk);
      }
      bool exists = false;
      {
        sqlite::Statement select = connection.Prepare(kApplicationExists);
        select.Bind(1, application.id);
        exists = select.Step();
      }
      connection.Prepare(exists ? kUpdateApplication : kInsertApplication)
          .Bind(1, application.id)
          .Bind(2, application.desk)
          .Bind(3, application.tax_code)
          .Bind(4, application.email)
          .Bind(5, application.phone)
          .Bind(6, JoinTypes(application.types))
          .Bind(7, application.status)
          .Bind(8, ToUnix(now))
          .Run();
      ++(exists ? counts.updated : counts.inserted);
    }
    AppendAudit(connection, now, actor.who, "", "applications.import", "",  "",
                fmt::format(R"({{"inserted":{},"updated":{}}})", counts.inserted, counts.updated));
    transaction.Commit();
    return counts;
  });
}

}  // namespace sportello::storage
