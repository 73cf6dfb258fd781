#pragma once
// The Analysis view's numbers: classification (applications, categories, traits), encryption,
// protocol distribution, packet sizes, TCP flags and ICMP types — from the engine's packet-level
// TrafficSummary for all traffic, recomputed from the flows when a selection exists.

#include <array>
#include <string>
#include <vector>

#include "engine/snapshot.hpp"
#include "ui/flow_scope.hpp"
#include "ui/stats_model.hpp"

namespace pt::ui {

struct Count {
  std::string label;
  std::uint64_t value = 0;
};

struct AnalysisModel {
  bool selected = false;
  std::uint64_t flows = 0;
  std::uint64_t bytes = 0;
  std::uint64_t packets = 0;
  std::vector<Share> apps;        // by bytes
  std::vector<Share> categories;  // by bytes
  std::uint64_t encrypted_bytes = 0;
  std::uint64_t encrypted_flows = 0;
  std::vector<Count> detection;                             // flows per detection method
  std::vector<Count> traits;                                // flows per behavioural trait
  std::vector<Share> protocols;                             // by packets
  std::array<std::uint64_t, engine::kSizeBuckets> sizes{};  // packets per size bucket
  bool flags_per_flow = false;  // selection: flows with each flag; else packets with each flag
  std::vector<Count> tcp_flags;
  std::vector<Count> icmp_types;  // "echo request (8)"
};

AnalysisModel build_analysis(const engine::Snapshot& snapshot, const FlowScope& scope, std::size_t top = 12);

// "echo request", "time exceeded", "" when unknown (RFC 792, RFC 4443, RFC 4861).
std::string_view icmp_type_name(bool v6, std::uint8_t type);

}  // namespace pt::ui
