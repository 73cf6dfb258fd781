#pragma once
// The engine's outbox, persisted: converts the rows the engine hands over each tick into the
// store's records for the current session and submits them to the store's writer, which never
// blocks (it coalesces, and counts what it must drop). Flows (changed and ended), port
// statistics, scan activity, devices, and each flow's classification when it changes.
//
// An active flow is written at most once per `flow_interval` of packet time (and whenever its
// classification changes): the live views read memory, the database only needs to stay close
// behind, and a fast replay would otherwise resubmit every flow on every 100 ms tick. An ended
// flow is always written, in its final state.
//
// Called on the capture thread. set_labels() and set_enrich() are for setup, before the
// capture starts; they are not synchronized with the outbox calls.

#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "engine/label_table.hpp"
#include "engine/outbox.hpp"
#include "store/records.hpp"
#include "store/writer.hpp"

namespace pt::app {

class StoreOutbox final : public engine::Outbox {
 public:
  // Fills geo and DNS columns (src_geo, dst_geo, src_names, dst_names) from the resolvers'
  // caches before a flow is submitted. Runs on the capture thread: cache reads only.
  using Enrich = std::function<void(store::FlowRecord&)>;

  struct Counters {
    std::uint64_t flows = 0;  // flow records submitted (changed + ended)
    std::uint64_t classifications = 0;
    std::uint64_t ports = 0;
    std::uint64_t scans = 0;
    std::uint64_t devices = 0;
    std::uint64_t refused = 0;   // records the writer did not take (see its stats)
    std::uint64_t deferred = 0;  // flow updates skipped: written less than flow_interval ago
  };

  StoreOutbox(store::Writer& writer, store::SessionId session, util::Duration flow_interval = std::chrono::seconds(1));

  // Names for protocol and category ids; without it app/category hold the numeric id.
  void set_labels(std::shared_ptr<const engine::LabelTable> labels) { labels_ = std::move(labels); }
  void set_enrich(Enrich enrich) { enrich_ = std::move(enrich); }

  void flows_changed(std::span<const engine::FlowRow> rows) override;
  void flows_ended(std::span<const engine::FlowRow> rows, engine::FlowEnd why) override;
  void ports_changed(std::span<const engine::PortRow> rows) override;
  void scans_changed(std::span<const engine::ScanRow> rows) override;
  void devices_changed(std::span<const engine::DeviceRow> rows) override;
  // Names and new addresses are the resolvers' input, not rows to persist.
  void names_observed(std::span<const engine::ObservedName>) override {}
  void addresses_seen(std::span<const util::IpAddress>) override {}

  [[nodiscard]] const Counters& counters() const { return counters_; }
  [[nodiscard]] store::SessionId session() const { return session_; }

 private:
  // What was last submitted of a flow's classification: a new record only when it changes.
  struct ClassificationSeen {
    std::uint16_t app = 0;
    std::uint16_t master = 0;
    std::uint16_t category = 0;
    engine::DetectionMethod method = engine::DetectionMethod::Pending;
    std::uint16_t traits = 0;
    std::size_t server_name_size = 0;
    friend bool operator==(const ClassificationSeen&, const ClassificationSeen&) = default;
  };

  struct Submitted {
    ClassificationSeen classification;
    util::Timestamp at{};  // packet time (last_seen) of the last flow record submitted
  };

  void submit_flows(std::span<const engine::FlowRow> rows, std::string_view end_reason);
  void count(std::size_t offered, std::size_t taken, std::uint64_t& counter);

  store::Writer& writer_;
  store::SessionId session_;
  util::Duration flow_interval_;
  std::shared_ptr<const engine::LabelTable> labels_;
  Enrich enrich_;
  std::unordered_map<std::uint64_t, Submitted> submitted_;  // active flows by engine id
  // Reused every tick (the writer empties them and keeps their capacity).
  std::vector<store::FlowRecord> flows_;
  std::vector<store::ClassificationRecord> classifications_;
  std::vector<store::PortRecord> ports_;
  std::vector<store::ScanRecord> scans_;
  std::vector<store::DeviceRecord> devices_;
  Counters counters_;
};

// The conversions, exposed for tests and for the lead's report-from-session path.
store::FlowRecord to_flow_record(const engine::FlowRow& row, store::SessionId session,
                                 const engine::LabelTable* labels);
store::ClassificationRecord to_classification_record(const engine::FlowRow& row, store::SessionId session,
                                                     const engine::LabelTable* labels);
store::PortRecord to_port_record(const engine::PortRow& row, store::SessionId session);
store::ScanRecord to_scan_record(const engine::ScanRow& row, store::SessionId session);
store::DeviceRecord to_device_record(const engine::DeviceRow& row, store::SessionId session);
std::string_view to_end_reason(engine::FlowEnd why);
// "TLS.YouTube" as the live report names it; the numeric id without labels.
std::string app_label(const engine::Classification& c, const engine::LabelTable* labels);
std::string trait_names(std::uint16_t traits);  // "encrypted,streaming"

}  // namespace pt::app
