#pragma once
// A stored session as report input (`--session ID --report json|text`): the session's flows,
// ports, scans and devices read back from the database and turned into the engine's rows, so
// the same writers print it in the same schema as a live report (docs/report-schema.md).
//
// The database keeps totals and rows, not the per-frame counters (link types, decode outcomes,
// first/last frame times), the per-packet analysis (sizes, TCP flags, ICMP types, throughput,
// hop estimates) or the engine's own counters (table capacity, nDPI counters): ReportContents
// turns those off rather than print zeros for them. Application and category names are kept as
// the live run named them; the label table here maps each distinct name to an id of its own.

#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "engine/snapshot.hpp"
#include "report/report_input.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

namespace pt::app {

struct StoredSessionReport {
  engine::Snapshot snapshot;
  std::vector<engine::FlowRow> flows;
  report::SourceInfo source;
  report::ReportContents contents;
  // What the flows' denormalized geo and name columns say about each address.
  std::unordered_map<util::IpAddress, report::HostAnnotation> annotations;

  [[nodiscard]] report::ReportInput input() const;
};

// nullopt when the session does not exist. Throws store::StoreError when the database cannot
// be read.
std::optional<StoredSessionReport> load_session_report(store::Database& database, store::SessionId id);

// The conversions, exposed for tests. Names are looked up in (and added to) labels.
class SessionLabels {
 public:
  std::uint16_t protocol(const std::string& name);
  std::uint16_t category(const std::string& name);
  [[nodiscard]] std::shared_ptr<const engine::LabelTable> table() const;

 private:
  static std::uint16_t id_of(std::vector<std::string>& names, const std::string& name);
  std::vector<std::string> protocols_{"Unknown"};
  std::vector<std::string> categories_{"Unspecified"};
};

engine::FlowRow to_flow_row(const store::FlowRecord& record, SessionLabels& labels);
engine::PortRow to_port_row(const store::PortRecord& record);
engine::ScanRow to_scan_row(const store::ScanRecord& record);
engine::DeviceRow to_device_row(const store::DeviceRecord& record);
// What a flow record says about one side's address; nullopt when it says nothing.
std::optional<report::HostAnnotation> to_annotation(const store::GeoInfo& geo, const store::HostNames& names);

}  // namespace pt::app
