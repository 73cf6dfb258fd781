#pragma once
// Names the capture itself tied to addresses (DNS answers, TLS SNI, HTTP Host), kept per
// address with when they were seen. The display prefers these over PTR names: a CDN's PTR
// ("a23-45-67-89.deploy.static.akamaitechnologies.com") says little, the name the client asked
// for says what the traffic is. Thread-safe; bounded (least recently observed addresses go).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "resolve/observed_name.hpp"
#include "util/ip_address.hpp"
#include "util/lru_ttl_cache.hpp"
#include "util/time.hpp"

namespace pt::resolve {

struct ObservedRecord {
  std::string name;  // sanitized, lower case, no trailing dot
  NameSource source = NameSource::DnsAnswer;
  util::Timestamp first_seen{};
  util::Timestamp last_seen{};
  std::uint32_t ttl_seconds = 0;
  std::uint64_t times_seen = 0;
};

class PassiveDns {
 public:
  static constexpr std::size_t kMaxNamesPerAddress = 8;

  PassiveDns(std::size_t capacity, std::chrono::seconds ttl);

  // Sanitizes the name; ignores empty names and names that are IP literals (Host: 1.2.3.4).
  void observe(const ObservedName& observed);
  // All names for the address, most recently seen first.
  [[nodiscard]] std::vector<ObservedRecord> names_for(const util::IpAddress& address) const;
  // The one to show: the most recently seen; on a tie SNI, then Host, then DNS answer.
  [[nodiscard]] std::optional<ObservedRecord> preferred(const util::IpAddress& address) const;
  [[nodiscard]] std::size_t size() const { return names_.stats().size; }
  [[nodiscard]] std::uint64_t observed_count() const;

 private:
  mutable std::mutex mutex_;  // makes read-modify-write of one address's list atomic
  mutable util::LruTtlCache<util::IpAddress, std::vector<ObservedRecord>> names_;
  std::uint64_t observed_ = 0;
};

}  // namespace pt::resolve
