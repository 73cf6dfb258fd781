#pragma once
// Ownership from WHOIS: ask IANA which registry holds the address, follow the referrals
// (refer:, ReferralServer:, whois:) to ARIN, RIPE, APNIC, LACNIC or AFRINIC, and keep the most
// specific answer. Bounded: a hop limit, loop detection, a per-server rate limit, timeouts and
// an answer size cap. Blocking; the Resolver runs it on its WHOIS worker thread.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "resolve/lookup_state.hpp"
#include "resolve/ownership_info.hpp"
#include "resolve/token_bucket.hpp"
#include "resolve/whois_client.hpp"
#include "util/ip_address.hpp"

namespace pt::resolve {

struct WhoisConfig {
  std::string root_server = "whois.iana.org";
  std::uint16_t root_port = 43;
  // Where to reach a server named in a referral: "whois.arin.net" -> "127.0.0.1:4343". Tests and
  // private mirrors use it; names not listed are resolved normally on port 43 (or the referral's).
  std::map<std::string, std::string> server_addresses;
  int max_hops = 4;
  WhoisLimits limits;
  double queries_per_minute_per_server = 20;
};

struct WhoisResult {
  FailureReason failure = FailureReason::None;
  OwnershipInfo info;  // org, isp, network, netname, country, source; asn from the registry's origin
  std::vector<std::string> servers_asked;
};

class WhoisLookup {
 public:
  explicit WhoisLookup(WhoisConfig config) : config_(std::move(config)) {}

  WhoisResult lookup(const util::IpAddress& address, TokenBucket::Clock::time_point now = TokenBucket::Clock::now());
  // The query text a registry expects: ARIN wants "n + ADDR" (network records only), the
  // RIPE-software registries take "-r" (no contact objects, which also spares their daily limit).
  static std::string query_for(const std::string& server, const util::IpAddress& address);

 private:
  bool allowed(const std::string& server, TokenBucket::Clock::time_point now);

  WhoisConfig config_;
  std::map<std::string, TokenBucket> buckets_;
};

}  // namespace pt::resolve
