#include "report/json_report.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <string>
#include <unordered_map>

#include "engine/rows.hpp"
#include "packet/link_type.hpp"
#include "report/flow_summary.hpp"
#include "report/json_writer.hpp"
#include "util/time.hpp"

namespace pt::report {
namespace {

using engine::FlowRow;

std::string link_name(int dlt) {
  const auto name = packet::link_type_name(dlt);
  return name == "other" ? "dlt_" + std::to_string(dlt) : std::string(name);
}

// Counted per frame by the decoder: a stored session does not have them.
void write_frame_counters(JsonWriter& w, const ReportInput& in) {
  const auto& d = in.snapshot.decode;
  w.key("first_ts").value(d.packets ? util::to_unix_seconds(d.first_timestamp) : 0.0, 6);
  w.key("last_ts").value(d.packets ? util::to_unix_seconds(d.last_timestamp) : 0.0, 6);
  w.key("link_types").begin_object();
  for (const auto& [dlt, count] : d.link_types()) w.field(link_name(dlt), count);
  w.end_object();
  const auto& p = d.protocols;
  w.key("protocols").begin_object();
  w.field("ethernet", p.ethernet).field("vlan", p.vlan).field("arp", p.arp).field("ipv4", p.ipv4);
  w.field("ipv6", p.ipv6).field("tcp", p.tcp).field("udp", p.udp).field("icmp", p.icmp);
  w.field("icmpv6", p.icmpv6).field("other", p.other);
  w.end_object();
  w.key("decode").begin_object();
  w.field("ok", d.outcomes.ok).field("truncated", d.outcomes.truncated);
  w.field("malformed", d.outcomes.malformed).field("unsupported", d.outcomes.unsupported);
  w.end_object();
  w.key("tunnels").begin_object();
  w.field("gre", d.tunnels.gre).field("ip_in_ip", d.tunnels.ip_in_ip).field("vxlan", d.tunnels.vxlan);
  w.field("gtp_u", d.tunnels.gtp_u).field("teredo", d.tunnels.teredo);
  w.end_object();
  w.field("fragments", d.fragments);
}

void write_header(JsonWriter& w, const ReportInput& in) {
  const auto& d = in.snapshot.decode;
  w.field("tool", "packettracer").field("version", PT_VERSION);
  w.key("source").begin_object().field("kind", in.source.kind).field("name", in.source.name);
  if (!in.source.filter.empty()) w.field("filter", in.source.filter);
  if (!in.source.error.empty()) w.field("error", in.source.error);
  if (in.source.session != 0) w.field("session", in.source.session);
  w.end_object();
  w.field("packets", d.packets).field("bytes", d.bytes);
  if (in.contents.frame_counters) write_frame_counters(w, in);
  if (in.source.has_capture_counters) {
    w.key("capture").begin_object();
    w.field("received", in.source.received).field("dropped", in.source.dropped);
    w.field("interface_dropped", in.source.interface_dropped);
    w.end_object();
  }
}

void write_geo(JsonWriter& w, std::string_view key, const HostAnnotation& a) {
  if (a.country.empty() && a.city.empty()) return;
  w.key(key).begin_object();
  if (!a.country.empty()) w.field("country", a.country);
  if (!a.country_name.empty()) w.field("country_name", a.country_name);
  if (!a.city.empty()) w.field("city", a.city);
  w.end_object();
}

// What write_flow needs more than once per run: an address's annotation (the same hosts appear
// in many flows; asking the resolver again for each costs locked cache lookups and six
// strings) and the display name of each (master, app) protocol pair.
class FlowLabels {
 public:
  explicit FlowLabels(const ReportInput& in) : in_(in) {}

  // Only answers are kept: an address without one may be resolved by the time a later flow
  // asks (the resolver's lookups run while the report is written).
  const HostAnnotation* annotation(const util::IpAddress& address) {
    if (const auto it = annotations_.find(address); it != annotations_.end()) return &it->second;
    auto answer = in_.annotate(address);
    if (!answer) return nullptr;
    return &annotations_.emplace(address, std::move(*answer)).first->second;
  }
  const std::string& app_name(const engine::Classification& c) {
    const auto key = std::uint32_t{c.master_protocol} << 16U | c.app_protocol;
    const auto [it, inserted] = app_names_.try_emplace(key);
    if (inserted) it->second = in_.snapshot.app_name(c);
    return it->second;
  }

 private:
  const ReportInput& in_;
  std::unordered_map<util::IpAddress, HostAnnotation> annotations_;
  std::unordered_map<std::uint32_t, std::string> app_names_;
};

std::string_view address_text(const util::IpAddress& a, std::array<char, 64>& buffer) {
  return {buffer.data(), a.format(buffer)};
}

void write_annotations(JsonWriter& w, const ReportInput& in, FlowLabels& labels, const FlowRow& f) {
  if (!in.annotate) return;
  if (const auto* src = labels.annotation(f.src)) write_geo(w, "src_geo", *src);
  const auto* dst = labels.annotation(f.dst);
  if (dst == nullptr) return;
  write_geo(w, "dst_geo", *dst);
  if (!dst->fqdn.empty()) w.field("dst_fqdn", dst->fqdn);
  if (!dst->domain.empty()) w.field("dst_domain", dst->domain);
  if (dst->asn != 0) w.field("dst_asn", dst->asn);
  if (!dst->as_name.empty()) w.field("dst_as_name", dst->as_name);
}

void write_traits(JsonWriter& w, std::uint16_t traits) {
  static constexpr std::pair<std::uint16_t, const char*> kNames[] = {
      {engine::flow_trait::kEncrypted, "encrypted"},
      {engine::flow_trait::kStreaming, "streaming"},
      {engine::flow_trait::kVoip, "voip"},
      {engine::flow_trait::kHandshakeOnly, "handshake_only"},
      {engine::flow_trait::kBulk, "bulk"},
      {engine::flow_trait::kInteractive, "interactive"},
      {engine::flow_trait::kHighEntropy, "high_entropy"},
      {engine::flow_trait::kTunnel, "tunnel"}};
  w.key("traits").begin_array();
  for (const auto& [bit, name] : kNames) {
    if ((traits & bit) != 0) w.value(name);
  }
  w.end_array();
}

void write_flow(JsonWriter& w, const ReportInput& in, FlowLabels& labels, const FlowRow& f) {
  const auto& c = f.classification;
  std::array<char, FlowRow::kFlowKeyMax> key{};
  std::array<char, 64> address{};
  w.begin_object();
  w.field("flow_key", f.format_flow_key(key)).field("proto", engine::protocol_name(f.protocol));
  w.field("src", address_text(f.src, address)).field("sport", f.src_port.value);
  w.field("dst", address_text(f.dst, address)).field("dport", f.dst_port.value);
  w.field("packets_sent", f.packets_sent).field("packets_recv", f.packets_recv);
  w.field("bytes_sent", f.bytes_sent).field("bytes_recv", f.bytes_recv);
  w.field("payload_sent", f.payload_sent).field("payload_recv", f.payload_recv);
  w.key("first_seen").value(util::to_unix_seconds(f.first_seen), 6);
  w.key("last_seen").value(util::to_unix_seconds(f.last_seen), 6);
  w.field("state", engine::to_string(f.state)).field("history", f.history.view());
  w.field("app", labels.app_name(c)).field("category", in.snapshot.category_name(c));
  w.field("detection", engine::to_string(c.method)).field("encrypted", c.encrypted());
  w.field("server_name", c.server_name.view()).field("service", c.service.view());
  write_traits(w, c.traits);
  if (f.ttl_sent_max > 0) w.field("ttl_sent_min", f.ttl_sent_min).field("ttl_sent_max", f.ttl_sent_max);
  if (f.ttl_recv_max > 0) w.field("ttl_recv_min", f.ttl_recv_min).field("ttl_recv_max", f.ttl_recv_max);
  if (f.fragments > 0) w.field("fragments", f.fragments);
  write_annotations(w, in, labels, f);
  w.end_object();
}

void write_flows(JsonWriter& w, const ReportInput& in) {
  const auto& t = in.snapshot.flow_table;
  w.key("flow_table").begin_object();
  w.field("active", t.active).field("created", t.created).field("evicted", t.evicted);
  w.field("expired", t.expired).field("closed", t.closed);
  if (in.contents.engine_counters) {
    w.field("capacity", t.capacity);
    w.field("fragments_attributed", t.fragments_attributed).field("fragments_unmatched", t.fragments_unmatched);
  }
  w.end_object();
  w.key("flows").begin_array();
  FlowLabels labels(in);
  for (const auto i : order_by_bytes(in.flows)) write_flow(w, in, labels, in.flows[i]);
  w.end_array();
}

void write_ports(JsonWriter& w, const engine::Snapshot& s) {
  auto ports = s.ports;
  std::sort(ports.begin(), ports.end(), [](const auto& a, const auto& b) { return a.bytes > b.bytes; });
  w.key("ports").begin_array();
  for (const auto& p : ports) {
    w.begin_object();
    w.field("port", p.port.value).field("proto", engine::protocol_name(p.protocol));
    w.field("service", p.service.view()).field("range", engine::to_string(p.range));
    w.field("packets", p.packets).field("bytes", p.bytes).field("connections", p.connections);
    w.field("hits", p.hits).field("unique_destinations", p.unique_destinations);
    w.end_object();
  }
  w.end_array();
}

void write_scans(JsonWriter& w, const engine::Snapshot& s) {
  w.key("scans").begin_array();
  for (const auto& sc : s.scans) {
    w.begin_object();
    w.field("source", sc.source.to_string()).field("ports", sc.distinct_ports).field("hosts", sc.distinct_hosts);
    w.key("rate").value(sc.rate, 3);
    w.field("probes", sc.probes).field("kinds", engine::scan_kind_names(sc.kinds));
    w.field("verdict", engine::to_string(sc.verdict));
    if (!sc.top_target.empty()) w.field("top_target", sc.top_target.to_string());
    w.key("first_seen").value(util::to_unix_seconds(sc.first_seen), 6);
    w.key("last_seen").value(util::to_unix_seconds(sc.last_seen), 6);
    w.end_object();
  }
  w.end_array();
}

void write_hops(JsonWriter& w, const engine::Snapshot& s) {
  w.key("hops").begin_array();
  for (const auto& h : s.hops) {
    w.begin_object();
    w.field("address", h.address.to_string()).field("initial_ttl", h.initial_ttl);
    w.field("hops_min", h.hops_min).field("hops_max", h.hops_max).field("hops_last", h.hops_last);
    w.field("samples", h.samples);
    w.end_object();
  }
  w.end_array();
}

void write_devices(JsonWriter& w, const engine::Snapshot& s) {
  w.key("devices").begin_array();
  for (const auto& d : s.devices) {
    char mac[18];
    std::snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", d.mac[0], d.mac[1], d.mac[2], d.mac[3], d.mac[4],
                  d.mac[5]);
    w.begin_object();
    w.field("mac", std::string_view(mac)).field("kind", engine::to_string(d.kind));
    if (!d.address.empty()) w.field("address", d.address.to_string());
    w.field("reason", d.reason.view()).field("addresses", d.addresses_behind).field("packets", d.packets);
    w.end_object();
  }
  w.end_array();
}

void write_label_counts(JsonWriter& w, std::string_view key, const std::vector<LabelCount>& counts) {
  w.key(key).begin_array();
  for (const auto& c : counts) {
    w.begin_object().field("name", c.label).field("flows", c.flows).field("packets", c.packets);
    w.field("bytes", c.bytes).end_object();
  }
  w.end_array();
}

// Counted per packet by the traffic analysis: a stored session does not have them.
void write_packet_analysis(JsonWriter& w, const engine::TrafficSummary& t) {
  w.key("protocols").begin_array();
  for (const auto& p : t.protocols) {
    w.begin_object().field("name", p.name.view()).field("packets", p.packets).field("bytes", p.bytes).end_object();
  }
  w.end_array();
  w.key("packet_sizes").begin_object();
  for (std::size_t i = 0; i < t.sizes.size(); ++i) w.field(engine::size_bucket_label(i), t.sizes[i]);
  w.end_object();
  const auto& f = t.tcp_flags;
  w.key("tcp_flags").begin_object();
  w.field("syn", f.syn).field("syn_ack", f.syn_ack).field("ack", f.ack).field("fin", f.fin).field("rst", f.rst);
  w.field("psh", f.psh).field("urg", f.urg).field("ece", f.ece).field("cwr", f.cwr);
  w.end_object();
  w.key("icmp_types").begin_array();
  for (const auto& i : t.icmp_types) {
    w.begin_object().field("family", i.v6 ? "icmpv6" : "icmp").field("type", i.type).field("code", i.code);
    w.field("packets", i.packets).end_object();
  }
  w.end_array();
  w.key("throughput").begin_object();
  w.key("average_bps").value(t.average.bits_per_second, 1);
  w.key("average_pps").value(t.average.packets_per_second, 1);
  w.key("last_bps").value(t.current.bits_per_second, 1);
  w.key("last_pps").value(t.current.packets_per_second, 1);
  w.end_object();
}

void write_classifier(JsonWriter& w, const engine::ClassifierCounters& c) {
  w.key("classifier").begin_object();
  w.field("dpi", c.dpi_enabled).field("inspected_packets", c.inspected_packets).field("detected", c.detected);
  w.field("guessed", c.guessed).field("in_progress", c.in_progress);
  w.end_object();
}

void write_analysis(JsonWriter& w, const ReportInput& in) {
  const auto summary = summarize_flows(in.flows, in.snapshot);
  w.key("analysis").begin_object();
  if (in.contents.packet_analysis) write_packet_analysis(w, in.snapshot.traffic);
  write_label_counts(w, "applications", summary.applications);
  write_label_counts(w, "categories", summary.categories);
  w.key("encryption").begin_object();
  w.field("encrypted_flows", summary.encrypted_flows).field("encrypted_bytes", summary.encrypted_bytes);
  w.field("total_flows", summary.total_flows).field("total_bytes", summary.total_bytes);
  w.end_object();
  w.key("patterns").begin_object();
  w.field("streaming", summary.streaming_flows).field("voip", summary.voip_flows);
  w.field("handshake_only", summary.handshake_only_flows);
  w.end_object();
  w.end_object();
  if (in.contents.engine_counters) write_classifier(w, in.snapshot.classifier);
}

}  // namespace

void write_json_report(const ReportInput& in, std::ostream& out) {
  JsonWriter w(out);
  w.begin_object();
  write_header(w, in);
  write_flows(w, in);
  write_ports(w, in.snapshot);
  write_scans(w, in.snapshot);
  if (in.contents.packet_analysis) write_hops(w, in.snapshot);
  write_devices(w, in.snapshot);
  write_analysis(w, in);
  w.end_object();
}

}  // namespace pt::report
