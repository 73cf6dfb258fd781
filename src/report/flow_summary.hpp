#pragma once
// Aggregates over a set of flows that both report formats print: applications, categories and
// the encrypted share, plus the flows ordered by total bytes.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/flow_row.hpp"
#include "engine/snapshot.hpp"

namespace pt::report {

struct LabelCount {
  std::string label;
  std::uint64_t flows = 0;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
};

struct FlowSummary {
  std::vector<LabelCount> applications;  // by bytes, descending
  std::vector<LabelCount> categories;
  std::uint64_t encrypted_flows = 0;
  std::uint64_t encrypted_bytes = 0;
  std::uint64_t total_flows = 0;
  std::uint64_t total_bytes = 0;
  std::uint64_t streaming_flows = 0;
  std::uint64_t voip_flows = 0;
  std::uint64_t handshake_only_flows = 0;
};

FlowSummary summarize_flows(std::span<const engine::FlowRow> flows, const engine::Snapshot& snapshot);

// Indices of flows ordered by total bytes (then packets, then id) descending.
std::vector<std::size_t> order_by_bytes(std::span<const engine::FlowRow> flows);

}  // namespace pt::report
