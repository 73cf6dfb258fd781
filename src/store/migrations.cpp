#include "store/migrations.hpp"

#include <string>

namespace pt::store {

namespace {

bool has_table(Connection& connection, std::string_view name) {
  Statement statement = connection.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
  statement.bind(1, name);
  return statement.step();
}

void apply(Connection& connection, const MigrationStep& step, util::Timestamp now) {
  Transaction transaction(connection);
  // Another process may have migrated between our check and the write lock.
  if (schema_version(connection) >= step.version) return;
  connection.exec(step.sql);
  Statement record =
      connection.prepare("INSERT INTO schema_version (version, applied_at, description) VALUES (?1, ?2, ?3)");
  record.bind(1, step.version);
  record.bind(2, now);
  record.bind(3, step.description);
  record.run();
  transaction.commit();
}

}  // namespace

int schema_version(Connection& connection) {
  if (has_table(connection, "schema_version")) {
    return static_cast<int>(connection.query_int("SELECT COALESCE(MAX(version), 0) FROM schema_version"));
  }
  if (connection.query_int("SELECT COUNT(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'") > 0) {
    throw StoreError(StoreErrorKind::NotADatabase,
                     connection.path().string() + " is an SQLite database but not one of PacketTracer's");
  }
  return 0;
}

int migrate(Connection& connection, util::Timestamp now, int target) {
  const int current = schema_version(connection);
  if (current > kSchemaVersion) {
    throw StoreError(StoreErrorKind::SchemaTooNew, connection.path().string() + " has schema version " +
                                                       std::to_string(current) + "; this PacketTracer knows up to " +
                                                       std::to_string(kSchemaVersion));
  }
  int applied = 0;
  for (const MigrationStep& step : migration_steps()) {
    if (step.version <= current || step.version > target) continue;
    apply(connection, step, now);
    ++applied;
  }
  return applied;
}

}  // namespace pt::store
