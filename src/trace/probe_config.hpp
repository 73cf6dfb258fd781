#pragma once
// How one traceroute probes: protocol, hop range, probes per hop, timeout and how many probes
// may be in flight at once. Validated once; the defaults are traceroute's.

#include <chrono>
#include <cstdint>

#include "trace/probe.hpp"

namespace pt::trace {

struct ProbeConfig {
  ProbeProtocol protocol = ProbeProtocol::Icmp;
  util::Port dst_port{};  // UDP/TCP; 0 picks 33434 for UDP and 80 for TCP
  std::uint8_t first_ttl = 1;
  std::uint8_t max_hops = 30;
  std::uint8_t probes_per_hop = 3;
  std::chrono::milliseconds probe_timeout{1000};
  // Like traceroute -N: enough to cover several hops at once, few enough that a router's ICMP
  // rate limit (Linux: a burst of 6 per destination) is not exhausted by one trace.
  std::uint16_t max_in_flight = 16;
};

// Throws TraceError(InvalidConfig) naming the first setting out of range.
void validate(const ProbeConfig& config);
// The destination port the config's protocol uses (its default when dst_port is 0).
util::Port effective_port(const ProbeConfig& config);

}  // namespace pt::trace
