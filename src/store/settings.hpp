#pragma once
// The spec's "Database Settings" with their defaults; the app fills them from config and flags.

#include <chrono>
#include <cstddef>
#include <filesystem>

namespace pt::store {

struct StoreSettings {
  std::filesystem::path path;                           // DB_PATH; see default_database_path()
  std::size_t read_pool_size = 4;                       // DB_READ_POOL_SIZE
  std::size_t write_batch_size = 100;                   // DB_WRITE_BATCH_SIZE
  std::chrono::milliseconds write_flush_interval{100};  // DB_WRITE_FLUSH_MS
  bool wal_mode = true;                                 // DB_WAL_MODE
  std::chrono::seconds geo_cache_ttl{86400};            // DB_GEO_CACHE_TTL
  std::chrono::seconds dns_cache_ttl{3600};             // DB_DNS_CACHE_TTL
  std::chrono::days session_retention{30};              // DB_SESSION_RETENTION_DAYS
  // Ours: how long a connection waits for another's lock before reporting busy, and how many
  // distinct records may wait for the writer before new ones are dropped (and counted).
  std::chrono::milliseconds busy_timeout{5000};
  std::size_t max_pending = 250'000;
  bool read_only = false;  // history viewers: no writer, the file must exist
};

// ~/.packettracer/data.db (or under $PACKETTRACER_HOME), via util::default_state_dir().
std::filesystem::path default_database_path();

}  // namespace pt::store
