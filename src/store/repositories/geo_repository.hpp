#pragma once
// The persistent geo cache (DB_GEO_CACHE_TTL, 24 h): read before resolving, written by the
// writer when a resolver learns a location. Entries older than the TTL read as absent and are
// purged when a session starts.

#include <chrono>
#include <optional>

#include "store/connection.hpp"
#include "store/records.hpp"

namespace pt::store::repositories {

inline constexpr std::chrono::seconds kDefaultGeoCacheTtl{86400};

class GeoRepository {
 public:
  explicit GeoRepository(Connection& connection, std::chrono::seconds ttl = kDefaultGeoCacheTtl)
      : connection_(connection), ttl_(ttl) {}

  void put(const GeoRecord& geo);
  // nullopt when absent or older than the TTL at now.
  [[nodiscard]] std::optional<GeoRecord> get(const util::IpAddress& ip, util::Timestamp now);
  std::int64_t purge_expired(util::Timestamp now);

 private:
  Connection& connection_;
  std::chrono::seconds ttl_;
  Statement put_;
  Statement get_;
};

}  // namespace pt::store::repositories
