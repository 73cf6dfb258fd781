#pragma once
// The durable cache behind the memory caches (the store's geo_cache and dns_cache tables).
// resolve may not include store headers, so it declares what it needs and the app implements
// it with the store's repositories. Called only from resolver threads (never the capture
// thread, never the screen): load_* may read the database; save_* should hand the row to the
// store's writer queue and return. Implementations must be thread-safe (several resolver
// threads call in) and apply their own TTLs (DB_GEO_CACHE_TTL 24 h, DB_DNS_CACHE_TTL 1 h):
// return nullopt for expired rows.

#include <optional>
#include <string>

#include "resolve/geo_info.hpp"
#include "util/ip_address.hpp"

namespace pt::resolve {

struct StoredHost {
  std::string fqdn;    // PTR name as resolved (already sanitized); empty when found == false
  bool found = false;  // false: a remembered "no PTR record" (negative answer)
};

class PersistentResolveCache {
 public:
  virtual ~PersistentResolveCache() = default;
  // Consulted before a network geo lookup (the optional ip-api provider); offline database
  // answers are cheaper than a row read and are not persisted.
  virtual std::optional<GeoInfo> load_geo(const util::IpAddress& address) = 0;
  virtual void save_geo(const util::IpAddress& address, const GeoInfo& geo) = 0;
  // Consulted before every PTR query; saved after every answer (positive or "no PTR").
  virtual std::optional<StoredHost> load_host(const util::IpAddress& address) = 0;
  virtual void save_host(const util::IpAddress& address, const StoredHost& host) = 0;
};

}  // namespace pt::resolve
