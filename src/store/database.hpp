#pragma once
// The store as the app sees it: opens or creates the database file, sets WAL, synchronous=NORMAL,
// busy timeout and foreign keys, brings the schema to the current version, and owns the read
// pool and the writer (the only write connection).
//
//   auto db = store::Database::open(settings);               // throws StoreError
//   SessionId id = db->writer().start_session(record, now);
//   db->writer().submit(flow_record);                        // capture thread, never blocks
//   auto lease = db->reads().acquire();                      // any reader thread
//   auto flows = store::repositories::FlowRepository(*lease).list(id, query);

#include <filesystem>
#include <memory>

#include "store/read_pool.hpp"
#include "store/settings.hpp"
#include "store/writer.hpp"

namespace pt::store {

class Database {
 public:
  // Throws StoreError: CannotOpen (bad directory, permission, path under a file), NotFound
  // (read_only and no file), NotADatabase (garbage file), ReadOnly, DiskFull, Io, Corrupt,
  // SchemaTooNew. Every message names the path.
  static std::unique_ptr<Database> open(const StoreSettings& settings);

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();  // stops the writer (committing what waits), then closes

  [[nodiscard]] bool writable() const { return writer_ != nullptr; }
  // Throws StoreError(Stopped) for a read-only database.
  [[nodiscard]] Writer& writer();
  [[nodiscard]] ReadPool& reads() { return *reads_; }
  [[nodiscard]] const StoreSettings& settings() const { return settings_; }
  [[nodiscard]] const std::filesystem::path& path() const { return settings_.path; }
  [[nodiscard]] int schema_version() const { return schema_version_; }

 private:
  Database(StoreSettings settings, std::unique_ptr<Writer> writer, std::unique_ptr<ReadPool> reads, int version)
      : settings_(std::move(settings)),
        writer_(std::move(writer)),
        reads_(std::move(reads)),
        schema_version_(version) {}

  StoreSettings settings_;
  std::unique_ptr<Writer> writer_;
  std::unique_ptr<ReadPool> reads_;
  int schema_version_;
};

// Opens path read-write with the store's pragmas and migrates it (used by Database::open and by
// tools that need a raw connection). Throws StoreError.
Connection open_write_connection(const StoreSettings& settings, util::Timestamp now);

}  // namespace pt::store
