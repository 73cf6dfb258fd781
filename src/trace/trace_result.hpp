#pragma once
// The outcome of one traceroute: per TTL the probes sent and what answered them, the names and
// owners of each responder (filled by a HopAnnotator), and per-hop statistics as mtr reports
// them (loss, last/avg/best/worst/stdev RTT).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trace/probe.hpp"
#include "util/time.hpp"

namespace pt::trace {

// What the resolution layer knows about a hop address. Empty strings and asn 0 mean unknown;
// pending means a lookup is still running and a later annotate() may fill more in.
struct HopNames {
  std::string fqdn;
  std::uint32_t asn = 0;
  std::string owner;     // the AS organisation or WHOIS owner
  std::string location;  // "City, Country" or a scope label ("Private network")
  bool pending = false;
  friend bool operator==(const HopNames&, const HopNames&) = default;
};

struct ProbeOutcome {
  bool answered = false;
  util::IpAddress responder;
  util::Duration rtt{};
  ReplyKind kind = ReplyKind::Other;
  std::uint8_t icmp_type = 0;
  std::uint8_t icmp_code = 0;
};

struct Responder {
  util::IpAddress address;
  std::uint32_t replies = 0;
  HopNames names;
};

struct HopStats {
  std::uint32_t sent = 0;
  std::uint32_t received = 0;
  double loss_percent = 0.0;
  // Unset when no probe was answered.
  std::optional<util::Duration> last;
  std::optional<util::Duration> best;
  std::optional<util::Duration> worst;
  std::optional<util::Duration> average;
  std::optional<util::Duration> stddev;
};

struct HopResult {
  util::Ttl ttl;
  std::vector<ProbeOutcome> probes;   // in send order
  std::vector<Responder> responders;  // most replies first; several when a load balancer splits
  bool unreachable = false;           // a router answered "destination unreachable" (!H, !N, !X)

  // The address that answered most often; nullptr for a silent hop ("*").
  [[nodiscard]] const Responder* primary() const { return responders.empty() ? nullptr : &responders.front(); }
  [[nodiscard]] HopStats stats() const;
};

enum class TraceStatus : std::uint8_t {
  Running,      // in progress (only in a progress snapshot)
  Reached,      // the target answered
  Unreachable,  // a router declared the target unreachable
  NotReached,   // max hops passed without an answer from the target
  Cancelled,
  Failed,  // the trace could not run (see TraceResult::error)
};

std::string_view to_string(TraceStatus status);

struct TraceResult {
  std::uint64_t id = 0;  // assigned by the TraceService, increasing
  util::IpAddress target;
  std::string target_name;  // the host name asked for, if any
  ProbeProtocol protocol = ProbeProtocol::Icmp;
  util::Port dst_port;
  std::uint8_t max_hops = 0;
  std::uint8_t probes_per_hop = 0;
  util::Timestamp started{};
  util::Timestamp finished{};
  TraceStatus status = TraceStatus::Running;
  std::string error;            // for Failed
  std::vector<HopResult> hops;  // consecutive TTLs from the first; ends at the target when reached

  [[nodiscard]] bool reached() const { return status == TraceStatus::Reached; }
  // The hop whose ttl is given, or nullptr.
  [[nodiscard]] const HopResult* hop(util::Ttl ttl) const;
};

// Recomputes the responder list of a hop from its probes (most replies first, ties by address).
void collect_responders(HopResult& hop);

}  // namespace pt::trace
