#include "app/store_outbox.hpp"

#include <array>
#include <utility>

#include "util/terminal_safe_string.hpp"

namespace pt::app {

namespace {

// Network bytes (SNI, Host) are sanitized before they are stored; plain ASCII needs no pass.
std::string safe_text(std::string_view raw) {
  for (const char c : raw) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7F) return util::terminal_safe(raw);
  }
  return std::string(raw);
}

std::string category_label(const engine::Classification& c, const engine::LabelTable* labels) {
  if (labels == nullptr) return c.category == 0 ? std::string() : std::to_string(c.category);
  return std::string(labels->category(c.category));
}

}  // namespace

std::string app_label(const engine::Classification& c, const engine::LabelTable* labels) {
  // The same rule as engine::Snapshot::app_name, so stored and live reports agree.
  if (labels == nullptr) return c.app_protocol == 0 ? std::string("Unknown") : std::to_string(c.app_protocol);
  if (c.master_protocol != 0 && c.master_protocol != c.app_protocol && c.app_protocol != 0) {
    return std::string(labels->protocol(c.master_protocol)) + "." + std::string(labels->protocol(c.app_protocol));
  }
  return std::string(labels->protocol(c.app_protocol != 0 ? c.app_protocol : c.master_protocol));
}

std::string trait_names(std::uint16_t traits) {
  static constexpr std::array<std::pair<std::uint16_t, std::string_view>, 8> kNames{{
      {engine::flow_trait::kEncrypted, "encrypted"},
      {engine::flow_trait::kStreaming, "streaming"},
      {engine::flow_trait::kVoip, "voip"},
      {engine::flow_trait::kHandshakeOnly, "handshake_only"},
      {engine::flow_trait::kBulk, "bulk"},
      {engine::flow_trait::kInteractive, "interactive"},
      {engine::flow_trait::kHighEntropy, "high_entropy"},
      {engine::flow_trait::kTunnel, "tunnel"},
  }};
  std::string names;
  for (const auto& [bit, name] : kNames) {
    if ((traits & bit) == 0) continue;
    if (!names.empty()) names += ',';
    names += name;
  }
  return names;
}

std::string_view to_end_reason(engine::FlowEnd why) {
  switch (why) {
    case engine::FlowEnd::Expired: return "expired";
    case engine::FlowEnd::Evicted: return "evicted";
    case engine::FlowEnd::Closed: return "closed";
    case engine::FlowEnd::Shutdown: return "shutdown";
  }
  return "ended";
}

store::FlowRecord to_flow_record(const engine::FlowRow& row, store::SessionId session,
                                 const engine::LabelTable* labels) {
  const engine::Classification& c = row.classification;
  store::FlowRecord f;
  f.session = session;
  f.flow_id = row.id;
  f.flow_key = row.flow_key();
  f.protocol = row.protocol;
  f.ip_version = row.ip_version;
  f.src = row.src;
  f.src_port = row.src_port;
  f.dst = row.dst;
  f.dst_port = row.dst_port;
  f.src_mac = row.src_mac;
  f.dst_mac = row.dst_mac;
  f.packets_sent = row.packets_sent;
  f.packets_recv = row.packets_recv;
  f.bytes_sent = row.bytes_sent;
  f.bytes_recv = row.bytes_recv;
  f.payload_sent = row.payload_sent;
  f.payload_recv = row.payload_recv;
  f.first_seen = row.first_seen;
  f.last_seen = row.last_seen;
  f.state = std::string(engine::to_string(row.state));
  f.history = std::string(row.history.view());
  f.closed = row.closed;
  f.ttl_sent_min = row.ttl_sent_min;
  f.ttl_sent_max = row.ttl_sent_max;
  f.ttl_recv_min = row.ttl_recv_min;
  f.ttl_recv_max = row.ttl_recv_max;
  f.fragments = row.fragments;
  f.app = app_label(c, labels);
  f.category = category_label(c, labels);
  f.detection = std::string(engine::to_string(c.method));
  f.traits = c.traits;
  f.encrypted = c.encrypted();
  f.server_name = safe_text(c.server_name.view());
  f.service = std::string(c.service.view());
  return f;
}

store::ClassificationRecord to_classification_record(const engine::FlowRow& row, store::SessionId session,
                                                     const engine::LabelTable* labels) {
  const engine::Classification& c = row.classification;
  store::ClassificationRecord r;
  r.session = session;
  r.flow_id = row.id;
  r.app_protocol_id = c.app_protocol;
  r.master_protocol_id = c.master_protocol;
  r.category_id = c.category;
  r.app = app_label(c, labels);
  if (labels != nullptr && c.master_protocol != 0) r.master = std::string(labels->protocol(c.master_protocol));
  r.category = category_label(c, labels);
  r.method = std::string(engine::to_string(c.method));
  r.traits = c.traits;
  r.patterns = trait_names(c.traits);
  r.encrypted = c.encrypted();
  r.service = std::string(c.service.view());
  r.server_name = safe_text(c.server_name.view());
  r.updated_at = row.last_seen;
  return r;
}

store::PortRecord to_port_record(const engine::PortRow& row, store::SessionId session) {
  return store::PortRecord{.session = session,
                           .port = row.port,
                           .protocol = row.protocol,
                           .packets = row.packets,
                           .bytes = row.bytes,
                           .connections = row.connections,
                           .hits = row.hits,
                           .unique_destinations = row.unique_destinations,
                           .rate = row.rate(),
                           .service = std::string(row.service.view()),
                           .range = std::string(engine::to_string(row.range)),
                           .first_seen = row.first_seen,
                           .last_seen = row.last_seen};
}

store::ScanRecord to_scan_record(const engine::ScanRow& row, store::SessionId session) {
  return store::ScanRecord{.session = session,
                           .source = row.source,
                           .distinct_ports = row.distinct_ports,
                           .distinct_hosts = row.distinct_hosts,
                           .rate = row.rate,
                           .probes = row.probes,
                           .kinds = engine::scan_kind_names(row.kinds),
                           .verdict = std::string(engine::to_string(row.verdict)),
                           .top_target = row.top_target,
                           .first_seen = row.first_seen,
                           .last_seen = row.last_seen};
}

store::DeviceRecord to_device_record(const engine::DeviceRow& row, store::SessionId session) {
  return store::DeviceRecord{.mac = row.mac,
                             .address = row.address,
                             .kind = std::string(engine::to_string(row.kind)),
                             .reason = std::string(row.reason.view()),
                             .addresses_behind = row.addresses_behind,
                             .packets = row.packets,
                             .first_seen = row.first_seen,
                             .last_seen = row.last_seen,
                             .session = session};
}

StoreOutbox::StoreOutbox(store::Writer& writer, store::SessionId session, util::Duration flow_interval)
    : writer_(writer), session_(session), flow_interval_(flow_interval) {}

void StoreOutbox::count(std::size_t offered, std::size_t taken, std::uint64_t& counter) {
  counter += taken;
  counters_.refused += offered - taken;
}

void StoreOutbox::submit_flows(std::span<const engine::FlowRow> rows, std::string_view end_reason) {
  const engine::LabelTable* labels = labels_.get();
  const bool ending = !end_reason.empty();
  for (const engine::FlowRow& row : rows) {
    const engine::Classification& c = row.classification;
    const ClassificationSeen seen{c.app_protocol, c.master_protocol, c.category,
                                  c.method,       c.traits,          c.server_name.size()};
    auto [it, fresh] = submitted_.try_emplace(row.id, Submitted{seen, row.last_seen});
    const bool reclassified = fresh || it->second.classification != seen;
    if (!fresh && !ending && !reclassified && row.last_seen - it->second.at < flow_interval_) {
      ++counters_.deferred;
      continue;
    }
    it->second = Submitted{seen, row.last_seen};
    if (reclassified) classifications_.push_back(to_classification_record(row, session_, labels));

    store::FlowRecord record = to_flow_record(row, session_, labels);
    record.end_reason = std::string(end_reason);
    if (enrich_) enrich_(record);
    flows_.push_back(std::move(record));
    if (ending) submitted_.erase(it);
  }
  const std::size_t flows = flows_.size();
  count(flows, writer_.submit(std::move(flows_)), counters_.flows);
  const std::size_t classifications = classifications_.size();
  count(classifications, writer_.submit(std::move(classifications_)), counters_.classifications);
  flows_.clear();
  classifications_.clear();
}

void StoreOutbox::flows_changed(std::span<const engine::FlowRow> rows) { submit_flows(rows, {}); }

void StoreOutbox::flows_ended(std::span<const engine::FlowRow> rows, engine::FlowEnd why) {
  submit_flows(rows, to_end_reason(why));
}

void StoreOutbox::ports_changed(std::span<const engine::PortRow> rows) {
  for (const engine::PortRow& row : rows) ports_.push_back(to_port_record(row, session_));
  const std::size_t offered = ports_.size();
  count(offered, writer_.submit(std::move(ports_)), counters_.ports);
  ports_.clear();
}

void StoreOutbox::scans_changed(std::span<const engine::ScanRow> rows) {
  for (const engine::ScanRow& row : rows) scans_.push_back(to_scan_record(row, session_));
  const std::size_t offered = scans_.size();
  count(offered, writer_.submit(std::move(scans_)), counters_.scans);
  scans_.clear();
}

void StoreOutbox::devices_changed(std::span<const engine::DeviceRow> rows) {
  for (const engine::DeviceRow& row : rows) devices_.push_back(to_device_record(row, session_));
  const std::size_t offered = devices_.size();
  count(offered, writer_.submit(std::move(devices_)), counters_.devices);
  devices_.clear();
}

}  // namespace pt::app
