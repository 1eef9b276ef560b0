// SqliteStore: the transaction applications are imported in (booking/applications.h decides).
#include "storage/sqlite_store.h"

#include "storage/application_transaction.h"
#include "storage/sqlite_outbox.h"
#include "storage/sqlite_rows.h"
#include "storage/sqlite_waitlist.h"
#include "storage/system_sql.h"

namespace sportello::storage {
namespace {

inline constexpr std::string_view kApplicationExists = "SELECT 1 FROM applications WHERE id = ?1";
inline constexpr std::string_view kInsertApplication = R"(
INSERT INTO applications (id, desk, tax_code, email, phone, types, status, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8))";
inline constexpr std::string_view kUpdateApplication = R"(
UPDATE applications SET desk = ?2, tax_code = ?3, email = ?4, phone = ?5, types = ?6, status = ?7, updated_at = ?8
WHERE id = ?1)";

// ApplicationTransaction on the writer connection inside an open transaction.
class SqliteApplicationTransaction final : public ApplicationTransaction {
 public:
  explicit SqliteApplicationTransaction(sqlite::Connection& connection) : connection_(connection) {}

  bool DeskExists(std::string_view desk) override { return storage::DeskExists(connection_, desk); }

  bool ApplicationExists(std::string_view id) override {
    sqlite::Statement select = connection_.Prepare(kApplicationExists);
    select.Bind(1, id);
    return select.Step();
  }

  std::optional<std::string> StatusOf(std::string_view id) override {
    sqlite::Statement select = connection_.Prepare(system_sql::kSelectStatus);
    select.Bind(1, id);
    if (!select.Step()) return std::nullopt;
    return select.Text(0);
  }

  std::optional<std::int64_t> AppendEvent(const engine::StatusEvent& event, const Actor& actor,
                                          Instant now) override {
    sqlite::Statement insert = connection_.Prepare(system_sql::kInsertEvent);
    insert.Bind(1, event.application_id).Bind(2, event.code);
    for (std::size_t i = 0; i < engine::kLanguages.size(); ++i) {
      insert.Bind(static_cast<int>(3 + i), event.text.In(engine::kLanguages[i]));
    }
    insert.Bind(7, ToUnix(event.at)).Bind(8, ToUnix(now)).Bind(9, actor.who);
    if (!insert.Step()) return std::nullopt;
    return insert.Int(0);
  }

  void QueueStatusEventNotice(const StatusEventNotice& notice, Instant now) override {
    EnqueueStatusEventNotice(connection_, notice, now);
  }

  void StoreApplication(const engine::Application& application, bool exists, Instant now) override {
    connection_.Prepare(exists ? kUpdateApplication : kInsertApplication)
        .Bind(1, application.id)
        .Bind(2, application.desk)
        .Bind(3, application.tax_code)
        .Bind(4, application.email)
        .Bind(5, application.phone)
        .Bind(6, JoinTypes(application.types))
        .Bind(7, application.status)
        .Bind(8, ToUnix(now))
        .Run();
    KeepListings(connection_, application.id, application.types, now);
  }

  void AuditImport(const UpsertCounts& counts, const Actor& actor, Instant now) override {
    AppendAudit(connection_, now, actor.who, "", "applications.import", "", "",
                ImportJson(counts));
  }

 private:
  sqlite::Connection& connection_;
};

}  // namespace

Result<UpsertCounts> SqliteStore::ChangeApplications(const ApplicationChange& decide) {
  return RunDecision<SqliteApplicationTransaction>(decide);
}

}  // namespace sportello::storage
