#pragma once
// The headless core (DESIGN.md "Data flow" steps 3-4): every decoded packet goes through ingest(),
// which updates the flow table, the classifier and the trackers without locks or per-packet
// allocation. Packet time is the clock: about every 100 ms of it, tick() expires idle flows,
// hands what changed to the outbox and, when someone asked, publishes an immutable Snapshot.
// Everything here runs on the capture thread; snapshot() and request_snapshot() are the only
// members other threads may call.

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/address_set.hpp"
#include "engine/classifier.hpp"
#include "engine/device_tracker.hpp"
#include "engine/flow_table.hpp"
#include "engine/hop_estimator.hpp"
#include "engine/name_observer.hpp"
#include "engine/outbox.hpp"
#include "engine/port_stats.hpp"
#include "engine/scan_detector.hpp"
#include "engine/snapshot.hpp"
#include "engine/traffic_stats.hpp"
#include "packet/decode_stats.hpp"
#include "packet/packet.hpp"

namespace pt::engine {

struct EngineConfig {
  FlowTableConfig flows;
  ClassifierConfig classifier;
  PortStatsConfig ports;
  ScanConfig scans;
  HopEstimatorConfig hops;
  TrafficStatsConfig traffic;
  DeviceTrackerConfig devices;
  util::Duration tick_interval = std::chrono::milliseconds(100);
  std::size_t names_per_tick = 4096;
};

class Engine final : private FlowEndHandler {
 public:
  Engine(const EngineConfig& config, Outbox& outbox);
  ~Engine() override;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // One decoded frame (every frame, whatever its decode status: it is counted).
  void ingest(const packet::Packet& p);
  // Advances the clock to `now` (packet time; on an idle live capture the caller passes the wall
  // clock): expires flows, feeds the outbox, publishes a snapshot if one was requested.
  void tick(util::Timestamp now);
  // End of input (a replay reached the end of its file): pending classifications give up, the
  // outbox gets the updated rows, a snapshot is published; the flows stay for viewing.
  void conclude();
  // End of the run: conclude(), then every flow ends and the outbox gets its final row.
  void finish();

  // The latest published snapshot (never null after construction). Thread-safe.
  [[nodiscard]] SnapshotPtr snapshot() const;
  // Asks the capture thread to publish a fresh snapshot at its next tick. Thread-safe.
  void request_snapshot() { snapshot_requested_.store(true, std::memory_order_relaxed); }
  // Publish on every tick (the dashboard), instead of only on request.
  void set_publish_every_tick(bool on) { publish_every_tick_ = on; }

  [[nodiscard]] util::Timestamp now() const { return clock_; }
  [[nodiscard]] const EngineConfig& config() const { return config_; }

 private:
  void on_flow_end(FlowEntry& entry, FlowEnd why) override;
  void announce_addresses(const FlowRow& row);
  void flush_outbox(util::Timestamp now);
  void publish();

  EngineConfig config_;
  Outbox& outbox_;
  Classifier classifier_;
  FlowTable flows_;
  TrafficStats traffic_;
  PortStats ports_;
  ScanDetector scans_;
  HopEstimator hops_;
  DeviceTracker devices_;
  NameObserver names_;
  AddressSet announced_;
  packet::DecodeStats decode_;

  util::Timestamp clock_{};
  util::Timestamp first_packet_{};
  util::Timestamp next_tick_{};
  bool started_ = false;
  bool concluded_ = false;
  bool finished_ = false;
  bool publish_every_tick_ = false;
  std::uint64_t sequence_ = 0;
  std::atomic<bool> snapshot_requested_{false};

  // Reused buffers: filled during ingest/tick, handed to the outbox, cleared (capacity kept).
  std::vector<FlowRow> changed_flows_;
  std::array<std::vector<FlowRow>, 4> ended_flows_;  // by FlowEnd
  std::vector<PortRow> changed_ports_;
  std::vector<ScanRow> changed_scans_;
  std::vector<DeviceRow> changed_devices_;
  std::vector<util::IpAddress> new_addresses_;

  mutable std::mutex snapshot_mutex_;
  SnapshotPtr latest_;
};

}  // namespace pt::engine
