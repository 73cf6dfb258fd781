#include "store/database.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <system_error>

#include "store/migrations.hpp"
#include "util/log.hpp"

namespace pt::store {

namespace {

bool in_memory(const std::filesystem::path& path) { return path.empty() || path == ":memory:"; }

// Checks what SQLite would report as a bare "unable to open database file".
void prepare_location(const StoreSettings& settings) {
  const std::filesystem::path& path = settings.path;
  std::error_code ec;
  if (settings.read_only) {
    if (!std::filesystem::exists(path, ec)) {
      throw StoreError(StoreErrorKind::NotFound, "no database at " + path.string());
    }
    return;
  }
  if (std::filesystem::is_directory(path, ec)) {
    throw StoreError(StoreErrorKind::CannotOpen, "cannot open database " + path.string() + ": it is a directory");
  }
  const std::filesystem::path parent = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  if (!std::filesystem::is_directory(parent, ec)) {
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      throw StoreError(StoreErrorKind::CannotOpen,
                       "cannot create directory " + parent.string() + " for the database: " + ec.message());
    }
  }
  // SQLite falls back to a read-only open when it may not write, and then reports the fallback's
  // error ("No such file or directory" on a read-only file system); ask the system first.
  // The directory must be writable too: WAL mode creates -wal and -shm beside the file.
  const bool exists = std::filesystem::exists(path, ec);
  auto require_writable = [&](const std::filesystem::path& target, std::string_view what, StoreErrorKind kind) {
    if (access(target.c_str(), W_OK) == 0) return;
    const int error = errno;
    throw StoreError(kind, "cannot write database " + path.string() + " (" + std::string(what) + " " + target.string() +
                               "): " + std::strerror(error));
  };
  require_writable(parent, "directory", exists ? StoreErrorKind::ReadOnly : StoreErrorKind::CannotOpen);
  if (exists) require_writable(path, "file", StoreErrorKind::ReadOnly);
}

void apply_pragmas(Connection& connection, const StoreSettings& settings) {
  // The first statement reads the file header: a garbage file fails here with NotADatabase.
  const std::string mode =
      connection.query_text(settings.wal_mode ? "PRAGMA journal_mode=WAL" : "PRAGMA journal_mode=DELETE");
  if (settings.wal_mode && mode != "wal" && !in_memory(settings.path)) {
    throw StoreError(StoreErrorKind::Io,
                     "database " + settings.path.string() + " could not switch to WAL (journal_mode=" + mode + ")");
  }
  // In WAL mode NORMAL loses no committed transaction on a process crash (kill -9); only a power
  // loss may drop the last ones, never corrupt the file (sqlite.org/pragma.html#pragma_synchronous).
  connection.exec("PRAGMA synchronous=NORMAL");
  connection.exec("PRAGMA foreign_keys=ON");
  // Keeps the flows table and its indexes in memory while 50,000 rows are updated each second.
  connection.exec("PRAGMA cache_size=-32768");
  // 50,000 flows a second rewrite most pages of the flows table every second. Checkpointing
  // every 8192 pages (32 MiB) instead of SQLite's 1000 copies each hot page back once per few
  // seconds rather than several times a second: measured 290 -> 140 ms of writer CPU per second
  // (bench/store_writer_bench.cpp). The size limit truncates the WAL file after a checkpoint.
  connection.exec("PRAGMA wal_autocheckpoint=8192");
  connection.exec("PRAGMA journal_size_limit=67108864");
}

}  // namespace

Connection open_write_connection(const StoreSettings& settings, util::Timestamp now) {
  Connection connection = Connection::open(in_memory(settings.path) ? ":memory:" : settings.path,
                                           OpenMode::ReadWriteCreate, settings.busy_timeout);
  if (connection.read_only()) {
    throw StoreError(StoreErrorKind::ReadOnly, "database " + settings.path.string() + " is read-only");
  }
  apply_pragmas(connection, settings);
  const int steps = migrate(connection, now);
  if (steps > 0)
    spdlog::info("store: {} migrated to schema version {} ({} steps)", settings.path.string(), kSchemaVersion, steps);
  return connection;
}

std::unique_ptr<Database> Database::open(const StoreSettings& settings) {
  if (in_memory(settings.path)) {
    throw StoreError(StoreErrorKind::CannotOpen, "the store needs a file: readers and the writer share it");
  }
  prepare_location(settings);
  const util::Timestamp now = util::wall_clock_now();
  std::unique_ptr<Writer> writer;
  int version = 0;
  if (settings.read_only) {
    Connection probe = Connection::open(settings.path, OpenMode::ReadOnly, settings.busy_timeout);
    version = store::schema_version(probe);
    if (version < kSchemaVersion) {
      // History readers still need the current columns; migrating is a short write.
      (void)open_write_connection(settings, now);
      version = kSchemaVersion;
    } else if (version > kSchemaVersion) {
      (void)migrate(probe, now);  // throws SchemaTooNew with the versions in the message
    }
  } else {
    Connection connection = open_write_connection(settings, now);
    version = store::schema_version(connection);
    WriterSettings writer_settings;
    writer_settings.batch_size = settings.write_batch_size;
    writer_settings.flush_interval = settings.write_flush_interval;
    writer_settings.max_pending = settings.max_pending;
    writer_settings.session_retention = settings.session_retention;
    writer_settings.geo_cache_ttl = settings.geo_cache_ttl;
    writer_settings.dns_cache_ttl = settings.dns_cache_ttl;
    writer = std::make_unique<Writer>(std::move(connection), writer_settings);
  }
  auto reads = std::make_unique<ReadPool>(settings.path, settings.read_pool_size, settings.busy_timeout);
  spdlog::info("store: opened {} (schema v{}, {})", settings.path.string(), version,
               writer ? "read-write" : "read-only");
  return std::unique_ptr<Database>(new Database(settings, std::move(writer), std::move(reads), version));
}

Database::~Database() {
  if (writer_) writer_->stop();
}

Writer& Database::writer() {
  if (!writer_) throw StoreError(StoreErrorKind::Stopped, "database " + settings_.path.string() + " is open read-only");
  return *writer_;
}

}  // namespace pt::store
