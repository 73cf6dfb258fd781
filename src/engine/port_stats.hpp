#pragma once
// The spec's PortTracker: traffic per service port. A flow counts for its responder's port
// (FlowRow::dst_port, the flow table having oriented src = initiator), both directions of every
// packet; each new flow is a connection, its initiator a hit and its responder a server of the
// port. TCP and UDP only.
//
// Memory is bounded: at most `capacity` (port, protocol) entries, evicted in approximate LRU
// order (CLOCK, lru_table.hpp), where a port seen once goes before one seen again and, among
// candidates, one with at most two packets (what a port scan leaves behind: a probe and its
// answer) goes first, so a 65,535-port scan cannot push out the ports that carry traffic.
// Hits and servers are counted exactly up to 32 distinct addresses and estimated beyond with a
// 128-register HyperLogLog (±9 %), see distinct_counter.hpp.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "engine/distinct_counter.hpp"
#include "engine/flow_context.hpp"
#include "engine/lru_table.hpp"
#include "engine/rows.hpp"
#include "engine/second_series.hpp"
#include "engine/service_names.hpp"
#include "packet/packet.hpp"
#include "util/fixed_string.hpp"
#include "util/time.hpp"

namespace pt::engine {

struct PortStatsConfig {
  std::size_t capacity = 8192;  // (port, protocol) entries kept
  std::filesystem::path services_file = "/etc/services";
};

class PortStats {
 public:
  explicit PortStats(const PortStatsConfig& config = {});

  void record(const packet::Packet& p, const FlowContext& ctx);
  // Moves the clock to `now` (packet time): exported series end with now's second.
  void advance(util::Timestamp now);
  void export_rows(std::vector<PortRow>& out) const;
  // Rows changed since the previous call.
  void take_changed(std::vector<PortRow>& out);

  [[nodiscard]] std::optional<PortRow> find(util::Port port, std::uint8_t ip_protocol) const;
  [[nodiscard]] std::size_t size() const { return table_.size(); }
  [[nodiscard]] std::size_t capacity() const { return table_.capacity(); }
  [[nodiscard]] std::uint64_t evictions() const { return table_.evictions(); }
  [[nodiscard]] const ServiceNames& services() const { return services_; }

 private:
  struct Entry {
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
    std::uint64_t connections = 0;
    DistinctCounter clients;
    DistinctCounter servers;
    SecondSeries<std::uint32_t, kSeriesSeconds> series;
    util::FixedString<16> service;
    util::Timestamp first_seen{};
    util::Timestamp last_seen{};
    bool dirty = false;
  };
  using Table = LruTable<std::uint32_t, Entry>;

  void reset(Entry& e, std::uint32_t key, util::Timestamp t) const;
  [[nodiscard]] PortRow row(std::uint32_t key, const Entry& e) const;
  void mark(std::uint32_t node, Entry& e);

  ServiceNames services_;
  Table table_;
  std::vector<std::uint32_t> changed_;  // nodes whose entry is dirty (each at most once)
  util::Timestamp now_{};
  SecondClock second_of_;
  // Flow id -> node of its port, direct-mapped: a flow's later packets find their port without
  // hashing (checked against the key, so a stale slot only costs the lookup it would have cost).
  struct FlowSlot {
    std::uint64_t flow = 0;
    std::uint32_t node = Table::kNone;
  };
  static constexpr std::size_t kFlowSlots = 4096;
  std::vector<FlowSlot> flow_slots_;
};

}  // namespace pt::engine
