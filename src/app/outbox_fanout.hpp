#pragma once
// Outboxes the app composes: a fan-out to several listeners (the store's writer, the resolvers,
// the report's collector) and the collector that keeps every finished flow for a batch report.

#include <vector>

#include "engine/outbox.hpp"

namespace pt::app {

class OutboxFanout final : public engine::Outbox {
 public:
  void add(engine::Outbox& listener) { listeners_.push_back(&listener); }

  void flows_changed(std::span<const engine::FlowRow> rows) override;
  void flows_ended(std::span<const engine::FlowRow> rows, engine::FlowEnd why) override;
  void ports_changed(std::span<const engine::PortRow> rows) override;
  void scans_changed(std::span<const engine::ScanRow> rows) override;
  void devices_changed(std::span<const engine::DeviceRow> rows) override;
  void names_observed(std::span<const engine::ObservedName> names) override;
  void addresses_seen(std::span<const util::IpAddress> addresses) override;

 private:
  std::vector<engine::Outbox*> listeners_;
};

// Keeps the final row of every flow that left the table; with Engine::finish() that is every
// flow of the run, which is what a report lists.
class FlowCollector final : public engine::Outbox {
 public:
  void flows_changed(std::span<const engine::FlowRow>) override {}
  void flows_ended(std::span<const engine::FlowRow> rows, engine::FlowEnd) override {
    flows_.insert(flows_.end(), rows.begin(), rows.end());
  }
  void ports_changed(std::span<const engine::PortRow>) override {}
  void scans_changed(std::span<const engine::ScanRow>) override {}
  void devices_changed(std::span<const engine::DeviceRow>) override {}
  void names_observed(std::span<const engine::ObservedName>) override {}
  void addresses_seen(std::span<const util::IpAddress>) override {}

  [[nodiscard]] const std::vector<engine::FlowRow>& flows() const { return flows_; }

 private:
  std::vector<engine::FlowRow> flows_;
};

}  // namespace pt::app
