#pragma once
// Counters for the dashboard's overview ("cache statistics") and the status bar's resolver queue.

#include <cstddef>
#include <cstdint>

#include "util/lru_ttl_cache.hpp"

namespace pt::resolve {

struct ResolverStats {
  util::CacheStats geo_cache;   // GEO_CACHE_SIZE / GEO_CACHE_TTL
  util::CacheStats host_cache;  // DNS_CACHE_SIZE / DNS_CACHE_TTL (PTR answers, negative ones too)
  util::CacheStats whois_cache;
  std::size_t geo_pending = 0;  // addresses queued or in flight
  std::size_t ptr_pending = 0;
  std::size_t whois_pending = 0;
  std::uint64_t geo_drops = 0;  // refused at a full queue (became a short-lived Failed entry)
  std::uint64_t ptr_drops = 0;
  std::uint64_t whois_drops = 0;
  std::uint64_t intake_drops = 0;  // capture-thread hand-offs refused by a full ring
  std::uint64_t ptr_found = 0;
  std::uint64_t ptr_no_record = 0;
  std::uint64_t ptr_failed = 0;
  std::uint64_t whois_done = 0;
  std::uint64_t provider_requests = 0;  // ip-api HTTP requests
  std::uint64_t persistent_hits = 0;
  std::size_t passive_addresses = 0;
  std::uint64_t passive_names = 0;
  bool active = true;  // false under --no-resolve
};

}  // namespace pt::resolve
