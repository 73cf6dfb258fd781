#pragma once
// The store's own plain records: what a row of each table holds, in domain types. The store
// knows nothing of the engine, resolvers or tracer; the app converts their rows into these.
// Empty strings and empty addresses are written as NULL ("not known").

#include <array>
#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/ip_address.hpp"
#include "util/strong_types.hpp"
#include "util/time.hpp"

namespace pt::store {

struct SessionId {
  std::int64_t value = 0;
  friend constexpr auto operator<=>(SessionId, SessionId) = default;
};

using MacAddress = std::array<std::uint8_t, 6>;  // all zero = unknown
// Round-trip times: microseconds in memory, REAL milliseconds in the database.
using Rtt = std::chrono::microseconds;

enum class SourceKind : std::uint8_t { Interface, File };

struct SessionRecord {
  SessionId id;  // assigned by the store
  util::Timestamp started_at{};
  std::optional<util::Timestamp> ended_at;
  // When the store last wrote the session (wall clock, set by the store): retention counts from
  // it, so a replay of an old capture is kept as long as a live one.
  util::Timestamp updated_at{};
  SourceKind source_kind = SourceKind::Interface;
  std::string source;  // "eth0", "eth0,wlan0" or the capture file path
  std::string filter;  // BPF expression, empty for none
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::uint64_t flows = 0;
  std::uint64_t dropped = 0;  // kernel drops reported by the capture
  std::string app_version;
};

// Periodic totals of a running session (coalesced: only the newest is written).
struct SessionTotals {
  SessionId session;
  util::Timestamp at{};  // as of (capture time); the end time for end_session
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::uint64_t flows = 0;
  std::uint64_t dropped = 0;
};

// Location and network of one address as denormalized into flows.
struct GeoInfo {
  std::string country;       // "United States"
  std::string country_code;  // ISO 3166 "US"
  std::string city;
  std::uint32_t asn = 0;  // 0 = unknown
  std::string as_name;
  [[nodiscard]] bool empty() const {
    return country.empty() && country_code.empty() && city.empty() && asn == 0 && as_name.empty();
  }
};

// Names of one address (spec HostInfo): fqdn "server1.us-west-2.compute.amazonaws.com",
// hostname "server1", domain "amazonaws.com".
struct HostNames {
  std::string fqdn;
  std::string hostname;
  std::string domain;
  [[nodiscard]] bool empty() const { return fqdn.empty() && hostname.empty() && domain.empty(); }
};

struct FlowRecord {
  SessionId session;
  std::uint64_t flow_id = 0;  // the engine's id, unique within the session
  std::string flow_key;       // "tcp 10.0.0.1:51000 > 93.184.216.34:443"
  std::uint8_t protocol = 0;  // IP protocol number
  std::uint8_t ip_version = 4;
  util::IpAddress src;  // initiator
  util::Port src_port;
  util::IpAddress dst;
  util::Port dst_port;
  MacAddress src_mac{};
  MacAddress dst_mac{};
  std::uint64_t packets_sent = 0;
  std::uint64_t packets_recv = 0;
  std::uint64_t bytes_sent = 0;  // on-wire frame lengths
  std::uint64_t bytes_recv = 0;
  std::uint64_t payload_sent = 0;  // transport payload
  std::uint64_t payload_recv = 0;
  util::Timestamp first_seen{};
  util::Timestamp last_seen{};
  std::string state;    // Zeek conn_state ("SF", "S0", ...)
  std::string history;  // Zeek history letters
  bool closed = false;
  std::string end_reason;  // empty while the flow is active; "expired", "evicted", ...
  // TTL / hop limit seen from each side; max 0 = none seen (both written as NULL then).
  std::uint8_t ttl_sent_min = 0;
  std::uint8_t ttl_sent_max = 0;
  std::uint8_t ttl_recv_min = 0;
  std::uint8_t ttl_recv_max = 0;
  std::uint32_t fragments = 0;
  std::string app;  // "TLS.YouTube"
  std::string category;
  std::string detection;     // "dpi", "guess", "port", "unknown", "pending"
  std::uint16_t traits = 0;  // the engine's flow_trait bits
  bool encrypted = false;
  std::string server_name;  // SNI / HTTP Host
  std::string service;      // port-based service name
  // Filled by enrichment; empty fields never overwrite what an earlier write stored.
  GeoInfo src_geo;
  GeoInfo dst_geo;
  HostNames src_names;
  HostNames dst_names;

  [[nodiscard]] std::uint64_t packets() const { return packets_sent + packets_recv; }
  [[nodiscard]] std::uint64_t bytes() const { return bytes_sent + bytes_recv; }
};

// Geo and names learned later for an address: applied to every flow of the session that has
// the address on either side.
struct AddressAnnotation {
  SessionId session;
  util::IpAddress ip;
  std::optional<GeoInfo> geo;
  std::optional<HostNames> names;
};

struct ClassificationRecord {
  SessionId session;
  std::uint64_t flow_id = 0;
  std::uint16_t app_protocol_id = 0;  // nDPI ids
  std::uint16_t master_protocol_id = 0;
  std::uint16_t category_id = 0;
  std::string app;
  std::string master;
  std::string category;
  std::string method;  // "dpi", "guess", "port", "unknown", "pending"
  std::uint16_t traits = 0;
  std::string patterns;  // "encrypted,streaming"
  bool encrypted = false;
  std::string service;
  std::string server_name;
  util::Timestamp updated_at{};
};

struct PortRecord {
  SessionId session;
  util::Port port;
  std::uint8_t protocol = 6;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::uint64_t connections = 0;
  std::uint32_t hits = 0;  // distinct source addresses
  std::uint32_t unique_destinations = 0;
  double rate = 0;  // packets per second over the last 60 s
  std::string service;
  std::string range;  // "well-known", "registered", "dynamic"
  util::Timestamp first_seen{};
  util::Timestamp last_seen{};
};

struct ScanRecord {
  SessionId session;
  util::IpAddress source;
  std::uint32_t distinct_ports = 0;
  std::uint32_t distinct_hosts = 0;
  double rate = 0;  // distinct ports per second
  std::uint64_t probes = 0;
  std::string kinds;    // "syn,udp"
  std::string verdict;  // "none", "suspicious", "likely_scanner" (the engine's words)
  util::IpAddress top_target;
  util::Timestamp first_seen{};
  util::Timestamp last_seen{};
};

struct DeviceRecord {
  MacAddress mac{};
  util::IpAddress address;
  std::string kind;  // "endpoint", "router", "switch", "unknown"
  std::string reason;
  std::uint32_t addresses_behind = 0;
  std::uint64_t packets = 0;
  util::Timestamp first_seen{};
  util::Timestamp last_seen{};
  std::optional<SessionId> session;
};

struct GeoRecord {
  util::IpAddress ip;
  std::string country;
  std::string country_code;
  std::string region;
  std::string city;
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::uint32_t asn = 0;
  std::string as_name;
  std::string isp;
  std::string org;
  std::string source;  // "mmdb", "ip-api", "local"
  util::Timestamp updated_at{};
};

enum class DnsStatus : std::uint8_t { Resolved, NoName, Failed };

struct DnsRecord {
  util::IpAddress ip;
  std::string fqdn;
  std::string hostname;
  std::string domain;
  std::string display_name;
  DnsStatus status = DnsStatus::Resolved;
  std::string source;  // "ptr", "dns-answer", "sni", "http-host"
  util::Timestamp updated_at{};
};

struct NodeOwnership {
  util::IpAddress ip;
  std::uint32_t asn = 0;
  std::string as_name;
  std::string org;
  std::string isp;
  std::string network;  // "8.8.8.0/24"
  std::string country;
  std::string source;  // "asn-db", "whois"
  util::Timestamp updated_at{};
};

struct NsLookup {
  std::string domain;
  std::vector<std::string> nameservers;
  std::string status;  // "ok", "nxdomain", "failed"
  util::Timestamp updated_at{};
};

struct LatencySample {
  std::uint32_t probe = 0;  // index of the probe within the hop
  std::optional<Rtt> rtt;   // nullopt = no reply in time
  util::Timestamp at{};
};

struct HopRecord {
  std::uint8_t ttl = 0;
  util::IpAddress address;  // empty = no reply ("*")
  std::string hostname;     // FQDN of the hop
  // Derived from the samples when they are given; otherwise written as provided.
  std::optional<Rtt> rtt_min;
  std::optional<Rtt> rtt_avg;
  std::optional<Rtt> rtt_max;
  std::uint32_t sent = 0;
  std::uint32_t received = 0;
  std::uint32_t asn = 0;
  std::string as_name;
  std::string country;
  std::string city;
  std::vector<LatencySample> samples;
};

struct TracerouteRecord {
  std::int64_t id = 0;  // assigned by the store
  std::optional<SessionId> session;
  util::IpAddress destination;
  std::string target;          // as the user typed it ("example.com")
  std::string probe = "icmp";  // "icmp", "udp", "tcp"
  util::Timestamp started_at{};
  std::optional<util::Timestamp> finished_at;
  bool reached = false;
  std::vector<HopRecord> hops;  // by ttl
};

// Aggregated over every traceroute to a destination; maintained by the store on each insert.
struct PathSummary {
  util::IpAddress destination;
  std::uint64_t traces = 0;
  std::int64_t last_traceroute_id = 0;
  std::uint32_t last_hop_count = 0;
  std::optional<Rtt> last_rtt;  // of the destination (or the last answering hop)
  std::optional<Rtt> avg_rtt;   // mean of last_rtt over every trace
  bool reached = false;
  util::Timestamp first_seen{};
  util::Timestamp last_seen{};
};

// The hop sequence seen towards a destination; a repeat of a known sequence bumps times_seen.
struct RoutePattern {
  std::int64_t id = 0;  // assigned by the store
  util::IpAddress destination;
  std::vector<util::IpAddress> hops;  // by ttl; empty address = no reply
  util::Timestamp first_seen{};
  util::Timestamp last_seen{};
  std::uint64_t times_seen = 0;
};

struct RouteChange {
  std::int64_t id = 0;  // assigned by the store
  util::IpAddress destination;
  util::Timestamp changed_at{};
  std::vector<util::IpAddress> old_hops;
  std::vector<util::IpAddress> new_hops;
  std::string kind;  // "new-hop", "removed-hop", "changed-hop", "as-path"
  std::string description;
};

// "10.0.1.1>*>10.0.2.2": how a hop sequence is stored and compared.
std::string route_signature(const std::vector<util::IpAddress>& hops);
std::vector<util::IpAddress> parse_route_signature(std::string_view signature);

std::string format_mac(const MacAddress& mac);  // "aa:bb:cc:dd:ee:ff", empty when all zero
std::optional<MacAddress> parse_mac(std::string_view text);

std::string_view to_string(SourceKind kind);
std::string_view to_string(DnsStatus status);
std::optional<SourceKind> parse_source_kind(std::string_view text);
std::optional<DnsStatus> parse_dns_status(std::string_view text);

}  // namespace pt::store
