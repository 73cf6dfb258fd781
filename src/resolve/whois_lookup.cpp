#include "resolve/whois_lookup.hpp"

#include <charconv>
#include <set>

#include "resolve/whois_parser.hpp"
#include "util/log.hpp"

namespace pt::resolve {
namespace {

struct Target {
  std::string host;
  std::uint16_t port = 43;
};

// A configured "addr:port" / "[v6]:port" for a server name, else the name itself.
Target reach(const std::map<std::string, std::string>& overrides, const std::string& host, std::uint16_t port) {
  const auto it = overrides.find(host);
  if (it == overrides.end()) return {host, port};
  std::string where = it->second;
  Target t{where, port};
  const auto colon = where.rfind(':');
  const bool bracketed = !where.empty() && where.front() == '[';
  if (colon != std::string::npos && (bracketed || where.find(':') == colon)) {
    unsigned p = 0;
    std::from_chars(where.data() + colon + 1, where.data() + where.size(), p);
    if (p > 0 && p <= 65535) t.port = static_cast<std::uint16_t>(p);
    t.host = where.substr(bracketed ? 1 : 0, colon - (bracketed ? 2 : 0));
  }
  return t;
}

}  // namespace

std::string WhoisLookup::query_for(const std::string& server, const util::IpAddress& address) {
  std::string text = address.to_string();
  if (server.find("arin.net") != std::string::npos) return "n + " + text;
  for (const char* ripe_style : {"ripe.net", "apnic.net", "afrinic.net"}) {
    if (server.find(ripe_style) != std::string::npos) return "-r " + text;
  }
  return text;
}

bool WhoisLookup::allowed(const std::string& server, TokenBucket::Clock::time_point now) {
  const double rate = config_.queries_per_minute_per_server;
  auto [it, fresh] = buckets_.try_emplace(server, rate, std::chrono::minutes(1), std::min(rate, 5.0), now);
  return it->second.try_take(now);
}

WhoisResult WhoisLookup::lookup(const util::IpAddress& address, TokenBucket::Clock::time_point now) {
  WhoisResult result;
  std::set<std::string> visited;
  std::string host = config_.root_server;
  std::uint16_t port = config_.root_port;
  bool have_data = false;  // from some answer; final only when the chain ends without error
  for (int hop = 0;; ++hop) {
    const std::string key = host + ":" + std::to_string(port);
    if (hop >= config_.max_hops || visited.count(key) != 0) {
      spdlog::info("whois {}: referral loop or hop limit at {}", address.to_string(), key);
      // A loop back to a server already asked adds nothing: keep the best answer so far.
      if (!have_data) result.failure = FailureReason::ReferralLoop;
      break;
    }
    visited.insert(key);
    if (config_.limits.cancel != nullptr && config_.limits.cancel->load()) {
      result.failure = FailureReason::Timeout;
      break;
    }
    if (!allowed(host, now)) {
      result.failure = FailureReason::RateLimited;
      break;
    }
    const Target target = reach(config_.server_addresses, host, port);
    result.servers_asked.push_back(host);
    const WhoisFetch fetch = whois_fetch(target.host, target.port, query_for(host, address), config_.limits);
    if (fetch.failure != FailureReason::None) {
      // The registry that holds the record did not answer: what earlier hops said is provisional.
      spdlog::info("whois {}: {} at {}", address.to_string(), to_string(fetch.failure), host);
      result.failure = fetch.failure;
      break;
    }
    const WhoisAnswer answer = parse_whois(fetch.text);
    if (answer.has_network_data()) {  // a later, more specific registry replaces IANA's summary
      result.info.org = answer.org;
      result.info.network = answer.network;
      result.info.netname = answer.netname;
      result.info.country = answer.country;
      if (answer.origin_asn != 0) result.info.asn = answer.origin_asn;
      result.info.source = host;
      have_data = true;
    }
    if (!answer.referral) {
      if (!have_data) result.failure = FailureReason::NoRecord;
      break;
    }
    host = answer.referral->host;
    port = answer.referral->port;
  }
  result.info.isp = result.info.org;
  return result;
}

}  // namespace pt::resolve
