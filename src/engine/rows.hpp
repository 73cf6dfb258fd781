#pragma once
// The per-tracker rows a Snapshot carries besides flows: ports, scanners, hop estimates,
// devices, and the traffic analysis. Plain values; names needing sanitizing are marked.

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/flow_row.hpp"
#include "util/fixed_string.hpp"
#include "util/ip_address.hpp"
#include "util/strong_types.hpp"
#include "util/time.hpp"

namespace pt::engine {

inline constexpr std::size_t kSeriesSeconds = 60;

// IANA port ranges (RFC 6335 §6).
enum class PortRange : std::uint8_t { WellKnown, Registered, Dynamic };
std::string_view to_string(PortRange range);
PortRange port_range(std::uint16_t port);

struct PortRow {
  util::Port port;
  std::uint8_t protocol = 6;  // tcp / udp
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::uint64_t connections = 0;          // flows whose responder side is this port
  std::uint32_t hits = 0;                 // distinct source addresses that sent to this port
  std::uint32_t unique_destinations = 0;  // distinct addresses serving this port
  util::FixedString<16> service;          // /etc/services, then the built-in table
  PortRange range = PortRange::WellKnown;
  util::Timestamp first_seen{};
  util::Timestamp last_seen{};
  // Packets per second over the last 60 s; index kSeriesSeconds-1 is the newest second.
  std::array<std::uint32_t, kSeriesSeconds> packets_per_second{};
  [[nodiscard]] double rate() const;  // packets/s averaged over the series
};

enum class ScanVerdict : std::uint8_t { None, Suspicious, LikelyScanner };
std::string_view to_string(ScanVerdict verdict);

// How the probes looked (several can apply to one source).
namespace scan_kind {
inline constexpr std::uint8_t kSyn = 1U << 0U;      // SYN, then RST or nothing (half-open)
inline constexpr std::uint8_t kConnect = 1U << 1U;  // full handshakes torn down at once
inline constexpr std::uint8_t kFin = 1U << 2U;
inline constexpr std::uint8_t kNull = 1U << 3U;
inline constexpr std::uint8_t kXmas = 1U << 4U;
inline constexpr std::uint8_t kUdp = 1U << 5U;
inline constexpr std::uint8_t kAck = 1U << 6U;
}  // namespace scan_kind
std::string scan_kind_names(std::uint8_t kinds);  // "syn,udp"

struct ScanRow {
  util::IpAddress source;
  std::uint32_t distinct_ports = 0;  // destination ports probed within the window
  std::uint32_t distinct_hosts = 0;  // destination hosts probed within the window
  double rate = 0;                   // distinct ports per second over the window
  std::uint64_t probes = 0;
  std::uint8_t kinds = 0;  // scan_kind bits
  ScanVerdict verdict = ScanVerdict::None;
  util::IpAddress top_target;  // the host that received most probes
  util::Timestamp first_seen{};
  util::Timestamp last_seen{};
};

struct HopRow {
  util::IpAddress address;
  std::uint8_t initial_ttl = 0;  // 32 / 64 / 128 / 255, inferred
  std::uint8_t last_ttl = 0;
  std::uint8_t hops_min = 0;
  std::uint8_t hops_max = 0;
  std::uint8_t hops_last = 0;
  std::uint64_t samples = 0;
  util::Timestamp last_seen{};
};

enum class DeviceKind : std::uint8_t { Unknown, Endpoint, Router, Switch };
std::string_view to_string(DeviceKind kind);

struct DeviceRow {
  std::array<std::uint8_t, 6> mac{};
  util::IpAddress address;  // the address most seen with this MAC (empty when many)
  DeviceKind kind = DeviceKind::Unknown;
  util::FixedString<48> reason;        // why: "ICMP time-exceeded source", "42 hosts behind one MAC"
  std::uint32_t addresses_behind = 0;  // distinct IPs sourced from this MAC
  std::uint64_t packets = 0;
  util::Timestamp first_seen{};
  util::Timestamp last_seen{};
};

struct ProtocolShare {
  util::FixedString<16> name;  // "tcp", "udp", "icmp", "icmpv6", "arp", "other"
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
};

struct IcmpTypeCount {
  bool v6 = false;
  std::uint8_t type = 0;
  std::uint8_t code = 0;
  std::uint64_t packets = 0;
};

struct ThroughputSample {
  double bits_per_second = 0;
  double packets_per_second = 0;
};

// TCP flag counts: packets with each flag set, and the common combinations.
struct TcpFlagCounts {
  std::uint64_t syn = 0;
  std::uint64_t syn_ack = 0;
  std::uint64_t ack = 0;
  std::uint64_t fin = 0;
  std::uint64_t rst = 0;
  std::uint64_t psh = 0;
  std::uint64_t urg = 0;
  std::uint64_t ece = 0;
  std::uint64_t cwr = 0;
};

// The spec's PacketAnalyzer output.
struct TrafficSummary {
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::vector<ProtocolShare> protocols;    // sorted by packets, descending
  std::vector<ProtocolShare> ip_versions;  // "ipv4", "ipv6", "non-ip" (frames without IP), in that order
  std::array<std::uint64_t, kSizeBuckets> sizes{};
  TcpFlagCounts tcp_flags;
  std::vector<IcmpTypeCount> icmp_types;  // sorted by packets, descending
  // One sample per second of packet time; index kSeriesSeconds-1 is the newest (complete) second.
  std::array<ThroughputSample, kSeriesSeconds> throughput{};
  ThroughputSample current;  // the newest complete second
  ThroughputSample average;  // over the whole capture
};

}  // namespace pt::engine
