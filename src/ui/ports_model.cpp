#include "ui/ports_model.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "util/terminal_safe_string.hpp"

namespace pt::ui {
namespace {

double series_rate(const std::array<std::uint32_t, engine::kSeriesSeconds>& series) {
  std::uint64_t sum = 0;
  for (auto v : series) sum += v;
  return static_cast<double>(sum) / static_cast<double>(series.size());
}

PortLine line_of(const engine::PortRow& r) {
  PortLine p;
  p.port = r.port;
  p.protocol = r.protocol;
  p.packets = r.packets;
  p.bytes = r.bytes;
  p.connections = r.connections;
  p.hits = r.hits;
  p.destinations = r.unique_destinations;
  p.service = util::terminal_safe(r.service.view());
  p.range = r.range;
  p.rate = series_rate(r.packets_per_second);
  p.series = &r.packets_per_second;
  return p;
}

// Per responder port of the selected TCP/UDP flows.
std::vector<PortLine> lines_from_flows(const FlowScope& scope) {
  struct Acc {
    PortLine line;
    std::unordered_set<util::IpAddress> sources;
    std::unordered_set<util::IpAddress> destinations;
    util::Timestamp first = util::Timestamp::max();
    util::Timestamp last = util::Timestamp::min();
  };
  std::map<std::uint32_t, Acc> acc;
  for (const engine::FlowRow* f : scope.flows) {
    if (f->protocol != 6 && f->protocol != 17) continue;
    Acc& a = acc[static_cast<std::uint32_t>(f->protocol) << 16U | f->dst_port.value];
    a.line.port = f->dst_port;
    a.line.protocol = f->protocol;
    a.line.packets += f->packets();
    a.line.bytes += f->bytes();
    ++a.line.connections;
    if (a.line.service.empty()) a.line.service = util::terminal_safe(f->classification.service.view());
    a.sources.insert(f->src);
    a.destinations.insert(f->dst);
    a.first = std::min(a.first, f->first_seen);
    a.last = std::max(a.last, f->last_seen);
  }
  std::vector<PortLine> lines;
  for (auto& [key, a] : acc) {
    a.line.hits = static_cast<std::uint32_t>(a.sources.size());
    a.line.destinations = static_cast<std::uint32_t>(a.destinations.size());
    a.line.range = range_of(a.line.port.value);
    const double seconds = std::max(util::to_seconds(a.last - a.first), 1.0);
    a.line.rate = static_cast<double>(a.line.packets) / seconds;
    lines.push_back(std::move(a.line));
  }
  return lines;
}

void sort_lines(std::vector<PortLine>& lines, PortSort sort) {
  std::sort(lines.begin(), lines.end(), [sort](const PortLine& a, const PortLine& b) {
    switch (sort) {
      case PortSort::Bytes:
        if (a.bytes != b.bytes) return a.bytes > b.bytes;
        break;
      case PortSort::Packets:
        if (a.packets != b.packets) return a.packets > b.packets;
        break;
      case PortSort::Connections:
        if (a.connections != b.connections) return a.connections > b.connections;
        break;
      case PortSort::Rate:
        if (a.rate != b.rate) return a.rate > b.rate;
        break;
    }
    return a.key() < b.key();
  });
}

void summarize(PortsModel& m, std::size_t top) {
  std::array<Share, 3> ranges{{{"well-known 0-1023"}, {"registered 1024-49151"}, {"dynamic 49152+"}}};
  std::map<std::string, Share> services;
  for (const auto& p : m.ports) {
    Share& r = ranges[static_cast<std::size_t>(p.range) % ranges.size()];
    r.bytes += p.bytes;
    r.packets += p.packets;
    r.flows += p.connections;
    const std::string name = p.service.empty() ? "unknown" : p.service;
    Share& s = services[name];
    s.label = name;
    s.bytes += p.bytes;
    s.packets += p.packets;
    s.flows += p.connections;
    m.total_hits += p.hits;
    m.bytes += p.bytes;
  }
  m.ranges.assign(ranges.begin(), ranges.end());
  for (auto& [name, s] : services) m.services.push_back(std::move(s));
  std::sort(m.services.begin(), m.services.end(),
            [](const Share& a, const Share& b) { return a.bytes != b.bytes ? a.bytes > b.bytes : a.label < b.label; });
  if (m.services.size() > top) m.services.resize(top);
  for (const auto& p : m.ports) m.top_hits.push_back(&p);
  const std::size_t n = std::min(top, m.top_hits.size());
  std::partial_sort(m.top_hits.begin(), m.top_hits.begin() + static_cast<std::ptrdiff_t>(n), m.top_hits.end(),
                    [](const PortLine* a, const PortLine* b) {
                      return a->hits != b->hits ? a->hits > b->hits : a->key() < b->key();
                    });
  m.top_hits.resize(n);
}

}  // namespace

engine::PortRange range_of(std::uint16_t port) {
  if (port < 1024) return engine::PortRange::WellKnown;
  if (port < 49152) return engine::PortRange::Registered;
  return engine::PortRange::Dynamic;
}

std::string_view range_label(engine::PortRange range) {
  switch (range) {
    case engine::PortRange::WellKnown: return "well-known";
    case engine::PortRange::Registered: return "registered";
    case engine::PortRange::Dynamic: return "dynamic";
  }
  return "";
}

std::string scan_kinds(std::uint8_t kinds) {
  static constexpr std::array<std::pair<std::uint8_t, const char*>, 7> kNames{{
      {engine::scan_kind::kSyn, "syn"},
      {engine::scan_kind::kConnect, "connect"},
      {engine::scan_kind::kFin, "fin"},
      {engine::scan_kind::kNull, "null"},
      {engine::scan_kind::kXmas, "xmas"},
      {engine::scan_kind::kUdp, "udp"},
      {engine::scan_kind::kAck, "ack"},
  }};
  std::string out;
  for (const auto& [bit, name] : kNames) {
    if ((kinds & bit) == 0) continue;
    if (!out.empty()) out += ',';
    out += name;
  }
  return out;
}

PortsModel build_ports(const engine::Snapshot& snapshot, const FlowScope& scope, PortSort sort, std::size_t top) {
  PortsModel m;
  m.selected = scope.selected;
  if (scope.selected) {
    m.ports = lines_from_flows(scope);
  } else {
    m.ports.reserve(snapshot.ports.size());
    for (const auto& r : snapshot.ports) m.ports.push_back(line_of(r));
  }
  sort_lines(m.ports, sort);
  summarize(m, top);
  std::unordered_set<util::IpAddress> involved;
  if (scope.selected) {
    for (const engine::FlowRow* f : scope.flows) {
      involved.insert(f->src);
      involved.insert(f->dst);
    }
  }
  for (const auto& s : snapshot.scans) {
    if (scope.selected && !involved.contains(s.source)) continue;
    m.scans.push_back(&s);
    if (s.verdict == engine::ScanVerdict::LikelyScanner) ++m.likely_scanners;
    if (s.verdict == engine::ScanVerdict::Suspicious) ++m.suspicious;
  }
  std::stable_sort(m.scans.begin(), m.scans.end(), [](const engine::ScanRow* a, const engine::ScanRow* b) {
    if (a->verdict != b->verdict) return a->verdict > b->verdict;
    return a->distinct_ports > b->distinct_ports;
  });
  return m;
}

}  // namespace pt::ui
