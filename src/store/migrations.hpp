#pragma once
// Brings a database to the current schema by running the missing steps of schema.cpp in order,
// each in its own transaction, and records each in schema_version.

#include "store/connection.hpp"
#include "store/schema.hpp"
#include "util/time.hpp"

namespace pt::store {

// 0 for an empty database. Throws StoreError(NotADatabase) for an SQLite file holding other
// tables but no schema_version (someone else's database).
int schema_version(Connection& connection);

// Runs the steps after the current version up to target (kSchemaVersion unless a test builds
// an older database). Returns the number of steps run. Throws StoreError(SchemaTooNew) when the
// database is newer than this program.
int migrate(Connection& connection, util::Timestamp now, int target = kSchemaVersion);

}  // namespace pt::store
