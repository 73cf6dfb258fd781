#pragma once
// A DashboardSource for tests and benchmarks: hands out snapshots the test builds, labels from a
// table, and records the effects keys asked for. Never linked into the program.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/snapshot.hpp"
#include "ui/source.hpp"

namespace pt::ui::testing {

inline util::IpAddress ip(std::string_view text) { return *util::IpAddress::parse(text); }

struct FlowSpec {
  std::uint8_t protocol = 6;
  std::string src = "192.168.1.10";
  std::uint16_t sport = 50000;
  std::string dst = "93.184.216.34";
  std::uint16_t dport = 443;
  std::uint64_t bytes_sent = 1000;
  std::uint64_t bytes_recv = 5000;
  std::uint64_t packets_sent = 10;
  std::uint64_t packets_recv = 20;
  double last_seen = 1000;  // unix seconds
  std::uint16_t app = 0;
  std::uint16_t master = 0;
  std::uint16_t traits = 0;
  std::string server_name;
  std::string service;
};

inline engine::FlowRow make_flow(const FlowSpec& s) {
  static std::uint64_t next_id = 1;
  engine::FlowRow f;
  f.id = next_id++;
  f.protocol = s.protocol;
  f.src = ip(s.src);
  f.dst = ip(s.dst);
  f.ip_version = f.src.is_v6() ? 6 : 4;
  f.src_port = util::Port{s.sport};
  f.dst_port = util::Port{s.dport};
  f.bytes_sent = s.bytes_sent;
  f.bytes_recv = s.bytes_recv;
  f.packets_sent = s.packets_sent;
  f.packets_recv = s.packets_recv;
  f.first_seen = util::from_unix_seconds(s.last_seen - 10);
  f.last_seen = util::from_unix_seconds(s.last_seen);
  f.classification.app_protocol = s.app;
  f.classification.master_protocol = s.master;
  f.classification.traits = s.traits;
  f.classification.method = s.app != 0 ? engine::DetectionMethod::Dpi : engine::DetectionMethod::Unknown;
  f.classification.server_name.assign(s.server_name);
  f.classification.service.assign(s.service);
  return f;
}

// Protocol ids used by tests: 0 Unknown, 5 DNS, 7 HTTP, 91 TLS, 126 Google, 124 YouTube.
inline std::shared_ptr<const engine::LabelTable> test_labels() {
  std::vector<std::string> protocols(200, "");
  for (std::size_t i = 0; i < protocols.size(); ++i) protocols[i] = "proto" + std::to_string(i);
  protocols[0] = "Unknown";
  protocols[5] = "DNS";
  protocols[7] = "HTTP";
  protocols[91] = "TLS";
  protocols[126] = "Google";
  protocols[124] = "YouTube";
  std::vector<std::string> categories{"Unspecified", "Media", "VPN", "Email", "DataTransfer", "Web"};
  return std::make_shared<const engine::LabelTable>(std::move(protocols), std::move(categories));
}

inline std::shared_ptr<engine::Snapshot> make_snapshot(std::vector<engine::FlowRow> flows, std::uint64_t seq = 1) {
  auto s = std::make_shared<engine::Snapshot>();
  s->sequence = seq;
  s->labels = test_labels();
  s->first_packet = util::from_unix_seconds(900);
  s->time = util::from_unix_seconds(1000);
  s->flows = std::move(flows);
  for (const auto& f : s->flows) {
    s->traffic.packets += f.packets();
    s->traffic.bytes += f.bytes();
  }
  s->flow_table.active = s->flows.size();
  s->flow_table.created = s->flows.size();
  return s;
}

class FakeSource : public DashboardSource {
 public:
  engine::SnapshotPtr snap;
  std::map<util::IpAddress, HostLabel> labels;
  HostLabel unknown{Lookup::Pending, "", "", Lookup::Pending, "", "", "", Lookup::Pending, 0, ""};
  CaptureStatus capture;
  PathsModel traces;
  std::vector<CacheStats> caches;
  // Effects asked for.
  std::vector<bool> paused_calls;
  std::vector<util::IpAddress> traced;
  int refreshes = 0;
  int clears = 0;
  int annotate_calls = 0;

  engine::SnapshotPtr snapshot() override { return snap; }
  HostLabel annotate(const util::IpAddress& a) override {
    ++annotate_calls;
    const auto it = labels.find(a);
    return it == labels.end() ? unknown : it->second;
  }
  CaptureStatus status() override { return capture; }
  PathsModel paths() override { return traces; }
  std::vector<CacheStats> cache_stats() override { return caches; }
  void set_paused(bool p) override {
    paused_calls.push_back(p);
    capture.paused = p;
  }
  void request_trace(const util::IpAddress& t) override { traced.push_back(t); }
  void refresh_traces() override { ++refreshes; }
  void clear_traces() override { ++clears; }
};

inline HostLabel found(std::string fqdn, std::string domain, std::string cc, std::string country, std::string city,
                       std::uint32_t asn, std::string as_name) {
  return HostLabel{Lookup::Found,      std::move(fqdn), std::move(domain), Lookup::Found, std::move(cc),
                   std::move(country), std::move(city), Lookup::Found,     asn,           std::move(as_name)};
}

}  // namespace pt::ui::testing
