#pragma once
// An immutable picture of the engine at one tick. The capture thread builds it; the dashboard,
// reports and anything else read it through shared_ptr<const Snapshot> without locks.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/flow_row.hpp"
#include "engine/label_table.hpp"
#include "engine/rows.hpp"
#include "packet/decode_stats.hpp"
#include "util/time.hpp"

namespace pt::engine {

struct FlowTableCounters {
  std::uint64_t active = 0;
  std::uint64_t created = 0;
  std::uint64_t evicted = 0;  // pushed out by capacity (LRU)
  std::uint64_t expired = 0;  // idle longer than the flow timeout
  std::uint64_t closed = 0;   // finished (FIN/RST) and later replaced or expired
  std::uint64_t capacity = 0;
  std::uint64_t fragments_attributed = 0;
  std::uint64_t fragments_unmatched = 0;
};

struct ClassifierCounters {
  std::uint64_t inspected_packets = 0;  // packets handed to nDPI
  std::uint64_t detected = 0;           // flows nDPI recognized
  std::uint64_t guessed = 0;            // flows given up and guessed
  std::uint64_t in_progress = 0;        // flows still holding nDPI state
  bool dpi_enabled = true;
};

struct Snapshot {
  std::uint64_t sequence = 0;  // increases with every published snapshot
  util::Timestamp time{};      // packet time of the tick
  util::Timestamp first_packet{};

  packet::DecodeStats decode;
  FlowTableCounters flow_table;
  ClassifierCounters classifier;
  std::shared_ptr<const LabelTable> labels;  // protocol and category names

  std::vector<FlowRow> flows;  // every tracked flow, unordered
  std::vector<PortRow> ports;  // every tracked (port, protocol)
  std::vector<ScanRow> scans;  // sources with any probing activity, worst first
  std::vector<HopRow> hops;    // per remote address
  std::vector<DeviceRow> devices;
  TrafficSummary traffic;

  // "TLS.YouTube", "DNS", "Unknown" for a flow's classification.
  [[nodiscard]] std::string app_name(const Classification& c) const;
  [[nodiscard]] std::string_view category_name(const Classification& c) const;
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

}  // namespace pt::engine
