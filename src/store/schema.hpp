#pragma once
// The schema as ordered migration steps. Step N turns a version N-1 database into version N;
// a new database runs every step in order. Never edit a released step: add a new one.

#include <span>
#include <string_view>

namespace pt::store {

struct MigrationStep {
  int version;                   // the version the step produces
  std::string_view description;  // recorded in schema_version
  std::string_view sql;          // one or more statements, run in one transaction
};

// Every step, oldest first. The last step's version is the current schema version.
std::span<const MigrationStep> migration_steps();

inline constexpr int kSchemaVersion = 2;

}  // namespace pt::store
