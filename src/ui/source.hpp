#pragma once
// Everything the dashboard needs from the outside world, gathered in one interface handed in at
// start (bandwhich's idea): traffic snapshots, name/geo/owner annotations, capture status,
// traceroutes and cache statistics, plus the few effects a key can have (pause, trace).
// The app implements it with the real engine, resolvers, tracer and store; ui depends only on
// the plain view-model structs below, never on those implementations.
//
// Threading: every method is called from the dashboard (main) thread only, about every 100 ms.
// None may block: answer from what is already known (a cache read, the latest published state)
// and queue any work for background threads.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/snapshot.hpp"
#include "util/ip_address.hpp"
#include "util/time.hpp"

namespace pt::ui {

// Where an answer about an address stands.
enum class Lookup : std::uint8_t {
  Pending,  // queued or in flight; the view shows "…"
  Found,
  Missing,  // looked up, nothing known (no PTR, not in the database)
  Local,    // private/loopback/link-local/...: answered without a lookup
  Off,      // lookups disabled (--no-resolve, no database installed)
};

// What the resolvers know about one address. Strings may come from the network (PTR names,
// SNI, WHOIS): the dashboard sanitizes them again before drawing, whatever the source did.
struct HostLabel {
  Lookup name_state = Lookup::Off;
  std::string fqdn;    // best name: an observed name (DNS answer, SNI, Host) before the PTR name
  std::string domain;  // registrable domain of fqdn ("example.co.uk"), for Top Domains
  Lookup geo_state = Lookup::Off;
  std::string country_code;  // ISO 3166 alpha-2, "US"
  std::string country;       // "United States"
  std::string city;
  Lookup owner_state = Lookup::Off;
  std::uint32_t asn = 0;  // 0 when unknown
  std::string as_name;    // the AS organization / ISP ("GOOGLE")
};

enum class CaptureMode : std::uint8_t { Live, Replay };

struct CaptureStatus {
  CaptureMode mode = CaptureMode::Live;
  std::string source;  // "eth0", "eth0,wlan0" or the capture file name
  std::string filter;  // the BPF filter in force, empty when none
  bool paused = false;
  bool finished = false;                // the replay reached its end (the dashboard stays open)
  double replay_progress = 0;           // 0..1 of the file read, replay only
  std::uint64_t kernel_drops = 0;       // pcap_stats ps_drop (+ ps_ifdrop)
  bool database = false;                // a database writer is running
  std::uint64_t db_queue = 0;           // operations waiting for the writer
  std::chrono::milliseconds db_lag{0};  // age of the oldest waiting operation
  std::uint64_t db_dropped = 0;         // operations dropped because the queue was full
  std::uint64_t resolver_queue = 0;     // lookups waiting (geo, PTR, WHOIS together)
  bool tracing_available = true;        // false without CAP_NET_RAW
  std::vector<std::string> warnings;    // one line each, newest last ("database unwritable: ...")
};

enum class TraceState : std::uint8_t { Queued, Running, Done, Failed };

struct HopView {
  std::uint8_t ttl = 0;
  std::optional<util::IpAddress> address;       // nullopt: no reply at this TTL ("*")
  std::vector<std::chrono::microseconds> rtts;  // one per answered probe
  std::uint32_t probes_sent = 0;
  std::uint32_t probes_lost = 0;
};

struct TraceView {
  util::IpAddress target;
  std::string target_name;  // what the user asked for ("example.com"), may be empty
  TraceState state = TraceState::Queued;
  std::string error;  // why it failed (sanitized again before drawing)
  util::Timestamp started{};
  bool reached = false;       // the destination answered
  std::vector<HopView> hops;  // by ascending ttl
};

// One route seen to a destination (the route_patterns table).
struct RouteHistoryEntry {
  util::IpAddress target;
  std::vector<std::optional<util::IpAddress>> hops;  // the hop sequence of this route
  util::Timestamp first_seen{};
  util::Timestamp last_seen{};
  std::uint32_t times_seen = 0;
  bool current = false;  // the route the newest trace took
};

// One detected change (the route_changes table).
struct RouteChangeView {
  util::IpAddress target;
  util::Timestamp when{};
  std::uint8_t ttl = 0;  // first hop that differs
  std::optional<util::IpAddress> before;
  std::optional<util::IpAddress> after;
  std::string description;  // "new hop", "AS path AS3356 -> AS1299", ...
};

struct PathsModel {
  std::vector<TraceView> traces;           // newest first
  std::vector<RouteHistoryEntry> history;  // newest first
  std::vector<RouteChangeView> changes;    // newest first
};

struct CacheStats {
  std::string name;  // "geo", "dns", "owner", "passive names"
  std::uint64_t entries = 0;
  std::uint64_t capacity = 0;
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
};

class DashboardSource {
 public:
  DashboardSource() = default;
  DashboardSource(const DashboardSource&) = delete;
  DashboardSource& operator=(const DashboardSource&) = delete;
  virtual ~DashboardSource() = default;

  // The latest published snapshot; may be null before the first tick.
  virtual engine::SnapshotPtr snapshot() = 0;
  // Cache read; queues a lookup for what is unknown and reports it Pending.
  virtual HostLabel annotate(const util::IpAddress& address) = 0;
  virtual CaptureStatus status() = 0;
  virtual PathsModel paths() = 0;
  virtual std::vector<CacheStats> cache_stats() = 0;

  // Effects of keys.
  virtual void set_paused(bool paused) = 0;
  virtual void request_trace(const util::IpAddress& target) = 0;
  virtual void refresh_traces() = 0;  // re-run the traces shown
  virtual void clear_traces() = 0;    // forget the traces shown (history stays in the database)

 protected:
  DashboardSource(DashboardSource&&) = default;
  DashboardSource& operator=(DashboardSource&&) = default;
};

}  // namespace pt::ui
