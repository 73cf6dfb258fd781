#pragma once
// The spec's port scan detection (PortTracker's ScanActivity, get_scan_activity(),
// get_likely_scanners()): per source, the distinct destination ports and hosts it probed within
// a sliding window, with a rate in distinct ports per second, judged by the spec's heuristic
// (more than 10 ports at more than 0.5 ports/s: likely scanner; 5 or more: suspicious). Every
// threshold is in ScanConfig.
//
// What is a probe. Only the first packet of a flow, sent by its initiator, to a unicast address:
//   TCP SYN (half-open and connect scans), FIN, NULL and Xmas (FIN+PSH+URG) flag patterns, a bare
//   ACK that the responder answers with RST (ACK scan), and any UDP datagram. A server's replies
//   are never probes: the flow table makes the client the initiator of its connections.
// What counts. A probe counts for its port when it fails the way scans fail: refused (RST,
//   ICMP port / administratively unreachable), torn down without data (half-open RST, a
//   connect scan's immediate close), a flag pattern no real connection starts with, or no answer
//   within `settle` (filtered ports, open|filtered UDP). It never counts when the port served
//   the source - the initiator sent data, the responder sent more than `served_bytes`, or a UDP
//   answer came back - so a client using many connections to a service is never flagged, nor is
//   a busy server (one port per client). ICMP time-exceeded answers mark traceroute hops, which
//   are not probes; UDP to the traceroute ports (33434-33534) counts only on a negative answer,
//   and not while time-exceeded answers keep arriving for the source.
//
// Distinct ports are counted exactly for up to 65,536 ports per protocol per source. A row
// reports the source's worst window so far (highest verdict, then most ports), so a scan stays
// visible after it ends; last_seen says when it last probed.
//
// Assumes the FlowRow in the FlowContext already includes the packet being recorded (as
// FlowTable::update leaves it).

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/address_keys.hpp"
#include "engine/flow_context.hpp"
#include "engine/lru_table.hpp"
#include "engine/rows.hpp"
#include "engine/scan_source.hpp"
#include "packet/packet.hpp"
#include "util/ip_address.hpp"
#include "util/time.hpp"

namespace pt::engine {

struct ScanConfig {
  util::Duration window = std::chrono::seconds(60);  // sliding window, whole seconds
  std::uint32_t likely_ports_above = 10;             // likely scanner: more than this many ports...
  double likely_rate_above = 0.5;                    // ...at more than this many distinct ports/s
  std::uint32_t suspicious_ports = 5;                // suspicious: at least this many ports
  std::uint32_t report_ports = 2;                    // rows for sources with at least this many
  util::Duration settle = std::chrono::seconds(2);   // an unanswered probe counts after this
  std::uint64_t served_bytes = 1024;                 // responder payload that means real use
  std::uint32_t early_packets = 16;                  // a flow's outcome is judged in its first packets
  std::size_t max_sources = 4096;
  std::size_t max_hosts_per_source = 65536;
  std::size_t max_memory_bytes = 32U << 20U;  // all sources' port and host maps together
};

class ScanDetector {
 public:
  explicit ScanDetector(const ScanConfig& config = {});

  void record(const packet::Packet& p, const FlowContext& ctx);
  // Moves the window to `now` (packet time), re-judges active sources, releases idle ones.
  void advance(util::Timestamp now);
  // End of input: probes still waiting for an answer will never get one; count them now.
  void conclude(util::Timestamp now);
  // Sources with at least report_ports ports in their worst window, worst first.
  void export_rows(std::vector<ScanRow>& out) const;
  void take_changed(std::vector<ScanRow>& out);

  // The spec's get_scan_activity(source) and get_likely_scanners().
  [[nodiscard]] std::optional<ScanRow> activity(const util::IpAddress& source) const;
  void likely_scanners(std::vector<ScanRow>& out) const;

  [[nodiscard]] std::size_t sources() const { return table_.size(); }
  [[nodiscard]] std::size_t memory_bytes() const { return memory_bytes_; }
  [[nodiscard]] std::uint64_t evictions() const { return table_.evictions(); }
  [[nodiscard]] const ScanConfig& config() const { return config_; }

 private:
  struct Judgement {
    std::uint32_t ports = 0;
    std::uint32_t hosts = 0;
    double rate = 0;
    ScanVerdict verdict = ScanVerdict::None;
  };
  struct Source {
    ScanSource window;
    Judgement current;
    Judgement worst;
    std::uint64_t probes = 0;
    std::uint8_t kinds = 0;
    util::IpAddress worst_target;            // the most probed host when `worst` was judged
    std::int64_t time_exceeded_second = -1;  // latest ICMP time-exceeded quoting its probes
    util::Timestamp first_seen{};
    util::Timestamp last_seen{};
    bool active = false;    // has probes within the window (maps allocated)
    bool recheck = false;   // probed or answered since it was last judged
    bool counting = false;  // its window held counted or settling probes when last judged
    bool dirty = false;
  };
  using Table = LruTable<util::IpAddress, Source, AddressHash, AddressEqual>;

  void on_first_packet(const packet::Packet& p, const FlowRow& f);
  void on_early_packet(const packet::Packet& p, const FlowRow& f, bool from_initiator);
  void on_icmp_error(const packet::Packet& p);
  void add_probe(const FlowRow& f, std::uint8_t kind, ProbeState state, util::Timestamp t);
  void resolve(const util::IpAddress& source, bool udp, std::uint16_t port, ProbeState to, std::uint8_t kind = 0);
  Source& source_for(const util::IpAddress& address, util::Timestamp t, std::uint32_t& node);
  void judge(Source& s, std::uint32_t node, std::int64_t second, std::int64_t settle);
  void sweep(std::int64_t second, std::int64_t settle);
  void go_idle(Source& s, std::uint32_t node);
  [[nodiscard]] Judgement verdict_of(const ScanCounts& c) const;
  void keep_memory_bounded(std::uint32_t current_node);
  void mark(std::uint32_t node, Source& s);
  void recheck(std::uint32_t node, Source& s);
  [[nodiscard]] ScanRow row(const util::IpAddress& source, const Source& s) const;
  [[nodiscard]] bool in_traceroute_ports(std::uint16_t port) const { return port >= 33434 && port <= 33534; }

  ScanConfig config_;
  std::int64_t window_seconds_;
  std::int64_t settle_seconds_;
  Table table_;
  std::vector<std::uint32_t> changed_;
  std::vector<std::uint32_t> rechecks_;  // nodes whose source has recheck set
  std::size_t memory_bytes_ = 0;
  std::int64_t now_second_ = 0;
  std::int64_t swept_second_ = 0;
};

}  // namespace pt::engine
