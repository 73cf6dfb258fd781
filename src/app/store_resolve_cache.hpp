#pragma once
// The resolvers' durable cache over the store (docs/resolution.md "Caches"): geo_cache (24 h)
// and dns_cache (1 h), read before a PTR query or an ip-api request and written after each
// answer, so a second run answers from disk what the first one looked up.
//
// The Resolver takes its PersistentResolveCache when it is built, and it is built (and started)
// before the capture opens, which comes before the database and its session. So this cache
// exists first and is attached to the database once that is open: until then, and after
// detach(), every load misses and every save is dropped. Thread-safe: the resolver's threads
// call in concurrently. Reads go through the read pool, writes through the writer (never waiting).

#include <atomic>
#include <cstdint>
#include <optional>
#include <shared_mutex>

#include "resolve/persistent_resolve_cache.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

namespace pt::app {

class StoreResolveCache final : public resolve::PersistentResolveCache {
 public:
  struct Counters {
    std::uint64_t geo_hits = 0;
    std::uint64_t host_hits = 0;
    std::uint64_t misses = 0;  // loads that found nothing (or nothing fresh)
    std::uint64_t saved = 0;   // rows handed to the writer
    std::uint64_t errors = 0;  // reads that failed (logged; treated as a miss)
  };

  StoreResolveCache() = default;
  StoreResolveCache(const StoreResolveCache&) = delete;
  StoreResolveCache& operator=(const StoreResolveCache&) = delete;

  // database must stay open until detach() (or until no resolver thread can call in).
  void attach(store::Database& database);
  void detach();

  std::optional<resolve::GeoInfo> load_geo(const util::IpAddress& address) override;
  void save_geo(const util::IpAddress& address, const resolve::GeoInfo& geo) override;
  std::optional<resolve::StoredHost> load_host(const util::IpAddress& address) override;
  void save_host(const util::IpAddress& address, const resolve::StoredHost& host) override;

  [[nodiscard]] Counters counters() const;

 private:
  void saved(bool taken);

  mutable std::shared_mutex mutex_;  // guards database_ (attach/detach against loads and saves)
  store::Database* database_ = nullptr;
  std::atomic<std::uint64_t> geo_hits_{0};
  std::atomic<std::uint64_t> host_hits_{0};
  std::atomic<std::uint64_t> misses_{0};
  std::atomic<std::uint64_t> saved_{0};
  std::atomic<std::uint64_t> errors_{0};
};

// The conversions, exposed for tests.
store::GeoRecord to_geo_record(const util::IpAddress& address, const resolve::GeoInfo& geo, util::Timestamp now);
resolve::GeoInfo to_geo_info(const store::GeoRecord& record);
store::DnsRecord to_dns_record(const util::IpAddress& address, const resolve::StoredHost& host, util::Timestamp now);
// nullopt for a row that is not an answer (a failed lookup: ask again).
std::optional<resolve::StoredHost> to_stored_host(const store::DnsRecord& record);

}  // namespace pt::app
