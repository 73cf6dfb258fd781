#pragma once
// The Ports view's numbers: per-port traffic with hits (distinct sources), port ranges,
// services, the scan detector's findings and an alert status — the engine's PortStats and
// ScanDetector rows for all traffic, recomputed from the selected flows when a selection exists.

#include <array>
#include <string>
#include <vector>

#include "engine/snapshot.hpp"
#include "ui/flow_scope.hpp"
#include "ui/stats_model.hpp"
#include "ui/view_state.hpp"

namespace pt::ui {

struct PortLine {
  util::Port port;
  std::uint8_t protocol = 6;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::uint64_t connections = 0;
  std::uint32_t hits = 0;
  std::uint32_t destinations = 0;
  std::string service;  // sanitized
  engine::PortRange range = engine::PortRange::WellKnown;
  double rate = 0;                                                            // packets/s
  const std::array<std::uint32_t, engine::kSeriesSeconds>* series = nullptr;  // all traffic only
  [[nodiscard]] std::uint32_t key() const { return static_cast<std::uint32_t>(protocol) << 16U | port.value; }
};

struct PortsModel {
  bool selected = false;
  std::vector<PortLine> ports;                // sorted by the chosen PortSort
  std::vector<Share> ranges;                  // well-known / registered / dynamic, by bytes
  std::vector<Share> services;                // by bytes
  std::vector<const engine::ScanRow*> scans;  // worst first
  std::vector<const PortLine*> top_hits;      // by hits (pointers into ports)
  std::uint64_t total_hits = 0;
  std::uint32_t likely_scanners = 0;
  std::uint32_t suspicious = 0;
  std::uint64_t bytes = 0;
};

PortsModel build_ports(const engine::Snapshot& snapshot, const FlowScope& scope, PortSort sort, std::size_t top = 10);

// RFC 6335 §6: 0-1023 system, 1024-49151 user (registered), 49152-65535 dynamic.
engine::PortRange range_of(std::uint16_t port);
std::string_view range_label(engine::PortRange range);
// "syn,udp" from scan_kind bits.
std::string scan_kinds(std::uint8_t kinds);

}  // namespace pt::ui
