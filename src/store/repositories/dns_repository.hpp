#pragma once
// The persistent DNS caches: PTR results and names seen in traffic per address (dns_cache,
// DB_DNS_CACHE_TTL, 1 h) and NS records per domain (ns_lookup, same TTL).

#include <chrono>
#include <optional>
#include <string_view>

#include "store/connection.hpp"
#include "store/records.hpp"

namespace pt::store::repositories {

inline constexpr std::chrono::seconds kDefaultDnsCacheTtl{3600};

class DnsRepository {
 public:
  explicit DnsRepository(Connection& connection, std::chrono::seconds ttl = kDefaultDnsCacheTtl)
      : connection_(connection), ttl_(ttl) {}

  void put(const DnsRecord& dns);
  void put(const NsLookup& lookup);
  // nullopt when absent or older than the TTL at now.
  [[nodiscard]] std::optional<DnsRecord> get(const util::IpAddress& ip, util::Timestamp now);
  [[nodiscard]] std::optional<NsLookup> ns_lookup(std::string_view domain, util::Timestamp now);
  std::int64_t purge_expired(util::Timestamp now);

 private:
  Connection& connection_;
  std::chrono::seconds ttl_;
  Statement put_;
  Statement put_ns_;
  Statement get_;
};

}  // namespace pt::store::repositories
