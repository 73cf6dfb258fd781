#include "app/session_report.hpp"

#include <algorithm>
#include <limits>
#include <string_view>

#include "store/repositories/device_repository.hpp"
#include "store/repositories/flow_repository.hpp"
#include "store/repositories/port_repository.hpp"
#include "store/repositories/session_repository.hpp"

namespace pt::app {
namespace {

// The engine's enums back from the words the store keeps (the engine's own to_string); an
// unknown word (a newer program wrote it) falls back to `fallback`.
template <typename Enum>
Enum parse_enum(std::string_view text, Enum last, Enum fallback) {
  for (int i = 0; i <= static_cast<int>(last); ++i) {
    const auto value = static_cast<Enum>(i);
    if (engine::to_string(value) == text) return value;
  }
  return fallback;
}

std::uint8_t parse_scan_kinds(std::string_view text) {
  std::uint8_t kinds = 0;
  for (std::uint8_t bit = 1; bit != 0 && bit <= engine::scan_kind::kAck; bit = static_cast<std::uint8_t>(bit << 1U)) {
    const auto name = engine::scan_kind_names(bit);
    std::size_t start = 0;
    while (start <= text.size()) {
      const auto end = std::min(text.find(',', start), text.size());
      if (text.substr(start, end - start) == name) kinds = static_cast<std::uint8_t>(kinds | bit);
      start = end + 1;
    }
  }
  return kinds;
}

// Fills what `into` does not know yet from `from` (an address appears in many flows, some
// written before its names were known).
void merge(report::HostAnnotation& into, const report::HostAnnotation& from) {
  auto fill = [](std::string& a, const std::string& b) {
    if (a.empty()) a = b;
  };
  fill(into.fqdn, from.fqdn);
  fill(into.domain, from.domain);
  fill(into.country, from.country);
  fill(into.country_name, from.country_name);
  fill(into.city, from.city);
  fill(into.as_name, from.as_name);
  if (into.asn == 0) into.asn = from.asn;
}

void annotate(std::unordered_map<util::IpAddress, report::HostAnnotation>& out, const util::IpAddress& address,
              const store::GeoInfo& geo, const store::HostNames& names) {
  if (auto a = to_annotation(geo, names)) merge(out[address], *a);
}

report::SourceInfo source_of(const store::SessionRecord& s) {
  report::SourceInfo info;
  info.kind = "session";
  info.name = s.source;
  info.filter = s.filter;
  info.session = s.id.value;
  return info;
}

// The flow table's counters as far as the flows' end reasons tell them.
engine::FlowTableCounters table_counters(const std::vector<store::FlowRecord>& flows, std::uint64_t created) {
  engine::FlowTableCounters t;
  t.created = std::max<std::uint64_t>(created, flows.size());
  for (const auto& f : flows) {
    if (f.end_reason == "evicted") {
      ++t.evicted;
    } else if (f.end_reason == "expired") {
      ++t.expired;
    } else if (f.end_reason == "closed") {
      ++t.closed;
    } else {
      ++t.active;  // in the table when the session ended ("shutdown"), or still running
    }
  }
  return t;
}

}  // namespace

std::uint16_t SessionLabels::id_of(std::vector<std::string>& names, const std::string& name) {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it != names.end()) return static_cast<std::uint16_t>(it - names.begin());
  if (names.size() > std::numeric_limits<std::uint16_t>::max()) return 0;
  names.push_back(name);
  return static_cast<std::uint16_t>(names.size() - 1);
}

std::uint16_t SessionLabels::protocol(const std::string& name) { return id_of(protocols_, name); }
std::uint16_t SessionLabels::category(const std::string& name) { return id_of(categories_, name); }

std::shared_ptr<const engine::LabelTable> SessionLabels::table() const {
  return std::make_shared<const engine::LabelTable>(protocols_, categories_);
}

engine::FlowRow to_flow_row(const store::FlowRecord& r, SessionLabels& labels) {
  engine::FlowRow f;
  f.id = r.flow_id;
  f.protocol = r.protocol;
  f.ip_version = r.ip_version;
  f.src = r.src;
  f.dst = r.dst;
  f.src_port = r.src_port;
  f.dst_port = r.dst_port;
  f.src_mac = r.src_mac;
  f.dst_mac = r.dst_mac;
  f.packets_sent = r.packets_sent;
  f.packets_recv = r.packets_recv;
  f.bytes_sent = r.bytes_sent;
  f.bytes_recv = r.bytes_recv;
  f.payload_sent = r.payload_sent;
  f.payload_recv = r.payload_recv;
  f.first_seen = r.first_seen;
  f.last_seen = r.last_seen;
  if (r.ttl_sent_max > 0) {
    f.ttl_sent_min = r.ttl_sent_min;
    f.ttl_sent_max = r.ttl_sent_max;
  }
  if (r.ttl_recv_max > 0) {
    f.ttl_recv_min = r.ttl_recv_min;
    f.ttl_recv_max = r.ttl_recv_max;
  }
  f.state = parse_enum(r.state, engine::ConnState::OTH, engine::ConnState::None);
  f.closed = r.closed;
  f.history.assign(r.history);
  f.fragments = r.fragments;
  auto& c = f.classification;
  // The whole stored name ("TLS.YouTube") is one label: Snapshot::app_name prints it as is.
  c.app_protocol = labels.protocol(r.app.empty() ? std::string("Unknown") : r.app);
  c.category = labels.category(r.category);
  c.method = parse_enum(r.detection, engine::DetectionMethod::Unknown, engine::DetectionMethod::Unknown);
  c.traits = r.traits;
  c.service.assign(r.service);
  c.server_name.assign(r.server_name);
  return f;
}

engine::PortRow to_port_row(const store::PortRecord& r) {
  engine::PortRow p;
  p.port = r.port;
  p.protocol = r.protocol;
  p.packets = r.packets;
  p.bytes = r.bytes;
  p.connections = r.connections;
  p.hits = r.hits;
  p.unique_destinations = r.unique_destinations;
  p.service.assign(r.service);
  p.range = parse_enum(r.range, engine::PortRange::Dynamic, engine::port_range(r.port.value));
  p.first_seen = r.first_seen;
  p.last_seen = r.last_seen;
  return p;
}

engine::ScanRow to_scan_row(const store::ScanRecord& r) {
  engine::ScanRow s;
  s.source = r.source;
  s.distinct_ports = r.distinct_ports;
  s.distinct_hosts = r.distinct_hosts;
  s.rate = r.rate;
  s.probes = r.probes;
  s.kinds = parse_scan_kinds(r.kinds);
  s.verdict = parse_enum(r.verdict, engine::ScanVerdict::LikelyScanner, engine::ScanVerdict::None);
  s.top_target = r.top_target;
  s.first_seen = r.first_seen;
  s.last_seen = r.last_seen;
  return s;
}

engine::DeviceRow to_device_row(const store::DeviceRecord& r) {
  engine::DeviceRow d;
  d.mac = r.mac;
  d.address = r.address;
  d.kind = parse_enum(r.kind, engine::DeviceKind::Switch, engine::DeviceKind::Unknown);
  d.reason.assign(r.reason);
  d.addresses_behind = r.addresses_behind;
  d.packets = r.packets;
  d.first_seen = r.first_seen;
  d.last_seen = r.last_seen;
  return d;
}

std::optional<report::HostAnnotation> to_annotation(const store::GeoInfo& geo, const store::HostNames& names) {
  report::HostAnnotation a;
  a.fqdn = names.fqdn;
  a.domain = names.domain;
  a.country = geo.country_code;
  a.country_name = geo.country;
  a.asn = geo.asn;
  a.as_name = geo.as_name;
  // The live run stores a scope label ("Private network") where a city would be for addresses
  // without geo data; the live report does not print it as a city.
  if (!geo.country_code.empty() || geo.asn != 0) a.city = geo.city;
  if (a.fqdn.empty() && a.country.empty() && a.city.empty() && a.asn == 0) return std::nullopt;
  return a;
}

report::ReportInput StoredSessionReport::input() const {
  report::ReportInput in{snapshot, flows, source, {}};
  if (!annotations.empty()) {
    in.annotate = [this](const util::IpAddress& address) -> std::optional<report::HostAnnotation> {
      const auto it = annotations.find(address);
      if (it == annotations.end()) return std::nullopt;
      return it->second;
    };
  }
  in.contents = contents;
  return in;
}

std::optional<StoredSessionReport> load_session_report(store::Database& database, store::SessionId id) {
  auto lease = database.reads().acquire();
  const auto session = store::repositories::SessionRepository(*lease).get(id);
  if (!session) return std::nullopt;
  const auto flows = store::repositories::FlowRepository(*lease).list(id);
  store::repositories::PortRepository ports(*lease);

  StoredSessionReport out;
  out.source = source_of(*session);
  out.contents = {.frame_counters = false, .engine_counters = false, .packet_analysis = false};
  auto& s = out.snapshot;
  s.time = session->ended_at.value_or(session->updated_at);
  s.first_packet = session->started_at;
  s.decode.packets = session->packets;
  s.decode.bytes = session->bytes;
  s.traffic.packets = session->packets;
  s.traffic.bytes = session->bytes;
  s.flow_table = table_counters(flows, session->flows);

  SessionLabels labels;
  out.flows.reserve(flows.size());
  for (const auto& f : flows) {
    out.flows.push_back(to_flow_row(f, labels));
    annotate(out.annotations, f.src, f.src_geo, f.src_names);
    annotate(out.annotations, f.dst, f.dst_geo, f.dst_names);
  }
  s.labels = labels.table();
  for (const auto& p : ports.list(id)) s.ports.push_back(to_port_row(p));
  for (const auto& sc : ports.scans(id)) s.scans.push_back(to_scan_row(sc));
  // One devices row per MAC across sessions: those last seen in this session.
  for (const auto& d : store::repositories::DeviceRepository(*lease).list()) {
    if (d.session == id) s.devices.push_back(to_device_row(d));
  }
  return out;
}

}  // namespace pt::app
