#include "engine/rows.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace pt::engine {

std::string_view to_string(PortRange range) {
  switch (range) {
    case PortRange::WellKnown: return "well-known";
    case PortRange::Registered: return "registered";
    case PortRange::Dynamic: return "dynamic";
  }
  return "well-known";
}

// RFC 6335 §6: System Ports 0-1023, User Ports 1024-49151, Dynamic and/or Private 49152-65535.
PortRange port_range(std::uint16_t port) {
  if (port < 1024) return PortRange::WellKnown;
  if (port < 49152) return PortRange::Registered;
  return PortRange::Dynamic;
}

// Averaged over the seconds the series can hold data for: a port first seen 5 s ago averages over
// 5 s, not 60, so young ports are not understated. last_seen stands in for "now" (a row does
// not know the tick time); an idle port's recent empty seconds are then not counted either,
// which makes this "the rate while active within the last minute".
double PortRow::rate() const {
  std::uint64_t total = 0;
  for (const auto n : packets_per_second) total += n;
  if (total == 0) return 0;
  const auto first = std::chrono::floor<std::chrono::seconds>(first_seen);
  const auto last = std::chrono::floor<std::chrono::seconds>(last_seen);
  const auto active = (last - first).count() + 1;
  const auto span = std::clamp<std::int64_t>(active, 1, static_cast<std::int64_t>(kSeriesSeconds));
  return static_cast<double>(total) / static_cast<double>(span);
}

std::string_view to_string(ScanVerdict verdict) {
  switch (verdict) {
    case ScanVerdict::None: return "none";
    case ScanVerdict::Suspicious: return "suspicious";
    case ScanVerdict::LikelyScanner: return "likely_scanner";
  }
  return "none";
}

std::string scan_kind_names(std::uint8_t kinds) {
  struct Name {
    std::uint8_t bit;
    std::string_view name;
  };
  static constexpr std::array<Name, 7> kNames{{{scan_kind::kSyn, "syn"},
                                               {scan_kind::kConnect, "connect"},
                                               {scan_kind::kFin, "fin"},
                                               {scan_kind::kNull, "null"},
                                               {scan_kind::kXmas, "xmas"},
                                               {scan_kind::kUdp, "udp"},
                                               {scan_kind::kAck, "ack"}}};
  std::string out;
  for (const auto& n : kNames) {
    if ((kinds & n.bit) == 0) continue;
    if (!out.empty()) out += ',';
    out += n.name;
  }
  return out;
}

std::string_view to_string(DeviceKind kind) {
  switch (kind) {
    case DeviceKind::Unknown: return "unknown";
    case DeviceKind::Endpoint: return "endpoint";
    case DeviceKind::Router: return "router";
    case DeviceKind::Switch: return "switch";
  }
  return "unknown";
}

}  // namespace pt::engine
