#include "engine/scan_detector.hpp"

#include <algorithm>
#include <cmath>

#include "engine/second_series.hpp"

namespace pt::engine {
namespace {

using namespace packet::tcp_flag;
constexpr std::uint8_t kFlagMask = kFin | kSyn | kRst | kPsh | kAck | kUrg;  // ECE/CWR say nothing here
constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;
// Ports a source can probe: 65,536 per protocol, two protocols, at a load of one half.
constexpr std::size_t kMaxPortSlots = std::size_t{2} * 2 * 65536;

bool group_destination(const util::IpAddress& dst) {
  const auto b = dst.bytes();
  if (b.empty()) return true;
  return dst.is_v4() ? b[0] >= 224 : b[0] == 0xFF;
}

std::int64_t whole_seconds(util::Duration d) {
  return std::max<std::int64_t>(std::chrono::ceil<std::chrono::seconds>(d).count(), 0);
}

// What an ICMP error says about the probe it quotes (RFC 792, RFC 4443 §3).
enum class IcmpAnswer : std::uint8_t { None, Refused, Traced };

IcmpAnswer classify_icmp_error(const packet::IcmpInfo& icmp) {
  if (icmp.v6) {
    if (icmp.type == 3 && icmp.code == 0) return IcmpAnswer::Traced;  // hop limit exceeded in transit
    // Unreachable: administratively prohibited, address unreachable, port unreachable.
    if (icmp.type == 1 && (icmp.code == 1 || icmp.code == 3 || icmp.code == 4)) return IcmpAnswer::Refused;
    return IcmpAnswer::None;
  }
  if (icmp.type == 11 && icmp.code == 0) return IcmpAnswer::Traced;  // TTL exceeded in transit
  if (icmp.type == 3) {
    // Host, protocol and port unreachable; communication administratively prohibited.
    switch (icmp.code) {
      case 1:
      case 2:
      case 3:
      case 9:
      case 10:
      case 13: return IcmpAnswer::Refused;
      default: return IcmpAnswer::None;
    }
  }
  return IcmpAnswer::None;
}

bool worse(const ScanVerdict a, std::uint32_t a_ports, const ScanVerdict b, std::uint32_t b_ports) {
  if (a != b) return a > b;
  return a_ports > b_ports;
}

}  // namespace

ScanDetector::ScanDetector(const ScanConfig& config)
    : config_(config),
      window_seconds_(std::max<std::int64_t>(whole_seconds(config.window), 1)),
      settle_seconds_(whole_seconds(config.settle)),
      table_(config.max_sources) {
  changed_.reserve(table_.capacity());
  rechecks_.reserve(table_.capacity());
}

void ScanDetector::recheck(std::uint32_t node, Source& s) {
  if (s.recheck) return;
  s.recheck = true;
  rechecks_.push_back(node);
}

void ScanDetector::mark(std::uint32_t node, Source& s) {
  if (s.dirty) return;
  s.dirty = true;
  changed_.push_back(node);
}

void ScanDetector::record(const packet::Packet& p, const FlowContext& ctx) {
  if (p.icmp.present) {
    if (p.icmp.is_error && p.icmp.quoted.present) on_icmp_error(p);
    return;
  }
  if (ctx.flow == nullptr || !p.has_ports() || !p.transport.complete) return;
  const FlowRow& f = *ctx.flow;
  if (ctx.new_flow) {
    if (ctx.from_initiator) on_first_packet(p, f);
    return;
  }
  if (f.packets() > config_.early_packets) return;  // the common case: an established flow
  on_early_packet(p, f, ctx.from_initiator);
}

void ScanDetector::on_first_packet(const packet::Packet& p, const FlowRow& f) {
  if (group_destination(f.dst)) return;  // nobody scans a multicast group
  if (p.is_udp()) {
    add_probe(f, scan_kind::kUdp, in_traceroute_ports(f.dst_port.value) ? ProbeState::Quiet : ProbeState::Pending,
              p.timestamp);
    return;
  }
  const auto flags = static_cast<std::uint8_t>(p.transport.flags & kFlagMask);
  if ((flags & kSyn) != 0 && (flags & (kAck | kRst)) == 0) {
    add_probe(f, scan_kind::kSyn, ProbeState::Pending, p.timestamp);
  } else if (flags == 0) {
    add_probe(f, scan_kind::kNull, ProbeState::Counted, p.timestamp);
  } else if (flags == kFin) {
    add_probe(f, scan_kind::kFin, ProbeState::Counted, p.timestamp);
  } else if ((flags & (kFin | kPsh | kUrg)) == (kFin | kPsh | kUrg) && (flags & (kSyn | kRst | kAck)) == 0) {
    add_probe(f, scan_kind::kXmas, ProbeState::Counted, p.timestamp);
  }
  // Anything else (a bare ACK, data, RST) is a connection the capture joined midway; a bare ACK
  // becomes an ACK-scan probe only if the responder answers it with RST (below).
}

void ScanDetector::on_early_packet(const packet::Packet& p, const FlowRow& f, bool from_initiator) {
  const auto port = f.dst_port.value;
  const auto payload = static_cast<std::uint64_t>(p.payload.size());
  if (p.is_udp()) {
    if (!from_initiator && f.packets_recv <= 1) resolve(f.src, true, port, ProbeState::Excluded);  // answered
    return;
  }
  const auto flags = p.transport.flags;
  if (!from_initiator) {
    if ((flags & kRst) != 0) {
      if ((f.flags_sent & kSyn) != 0) {
        resolve(f.src, false, port, ProbeState::Counted);  // refused: a closed port
      } else if ((f.flags_sent & kFlagMask) == kAck && f.payload_sent == 0 && f.packets_recv <= 1 &&
                 !group_destination(f.dst)) {
        add_probe(f, scan_kind::kAck, ProbeState::Counted, p.timestamp);  // ACK scan, unfiltered port
      }
    }
    if (payload > 0 && f.payload_recv >= config_.served_bytes && f.payload_recv - payload < config_.served_bytes) {
      resolve(f.src, false, port, ProbeState::Excluded);  // the service delivered: real use
    } else if ((flags & kFin) != 0 && f.payload_recv > 0) {
      // The service sent its data and closed first (a passive FTP listing, daytime): it served.
      // A scanner closes first itself; a banner alone never ends in the server's FIN.
      resolve(f.src, false, port, ProbeState::Excluded);
    }
    return;
  }
  if ((f.flags_sent & kSyn) == 0) return;  // not a connection we took as a probe
  if (payload > 0) {
    if (f.payload_sent <= payload) resolve(f.src, false, port, ProbeState::Excluded);  // the client used it
    return;
  }
  // Torn down by the initiator before any data: a half-open RST (SYN scan) or, after a completed
  // handshake, a connect scan's immediate close.
  if ((flags & (kRst | kFin)) != 0 && f.payload_sent == 0 && f.payload_recv < config_.served_bytes &&
      (f.flags_recv & (kSyn | kAck)) == (kSyn | kAck)) {
    resolve(f.src, false, port, ProbeState::Counted, (flags & kAck) != 0 ? scan_kind::kConnect : 0);
  }
}

void ScanDetector::on_icmp_error(const packet::Packet& p) {
  const auto& q = p.icmp.quoted;
  if (q.protocol != kTcp && q.protocol != kUdp) return;
  const bool udp = q.protocol == kUdp;
  const auto port = q.dst_port.value;
  switch (classify_icmp_error(p.icmp)) {
    case IcmpAnswer::None: return;
    case IcmpAnswer::Traced: {
      const auto node = table_.find_index(q.src);
      if (node == Table::kNone) return;
      table_.value_at(node).time_exceeded_second = unix_second(p.timestamp);
      resolve(q.src, udp, port, ProbeState::Excluded);  // a traceroute hop, not a probe
      return;
    }
    case IcmpAnswer::Refused: {
      const auto node = table_.find_index(q.src);
      if (node == Table::kNone) return;
      const Source& s = table_.value_at(node);
      const bool tracing = s.time_exceeded_second >= unix_second(p.timestamp) - window_seconds_;
      resolve(q.src, udp, port,
              udp && tracing && in_traceroute_ports(port) ? ProbeState::Excluded : ProbeState::Counted);
      return;
    }
  }
}

ScanDetector::Source& ScanDetector::source_for(const util::IpAddress& address, util::Timestamp t, std::uint32_t& node) {
  // Among the oldest sources, forget one that was never judged suspicious first.
  const auto up = table_.upsert(address, [](const Source& s) { return s.worst.verdict == ScanVerdict::None; });
  node = up.node;
  Source& s = *up.value;
  if (up.inserted) {
    // The maps stay accounted in memory_bytes_ until add_probe resets them.
    ScanSource kept = std::move(s.window);  // keeps small buffers of the previous occupant
    const bool dirty = s.dirty;             // the node may already be listed in changed_
    s = Source{};
    s.window = std::move(kept);
    s.dirty = dirty;
    s.first_seen = t;
    s.last_seen = t;
  }
  return s;
}

void ScanDetector::add_probe(const FlowRow& f, std::uint8_t kind, ProbeState state, util::Timestamp t) {
  std::uint32_t node = Table::kNone;
  Source& s = source_for(f.src, t, node);
  const auto second = unix_second(t);
  if (!s.active) {
    memory_bytes_ -= s.window.bytes();
    s.window.reset(window_seconds_, second);
    memory_bytes_ += s.window.bytes();
    s.active = true;
  }
  ++s.probes;
  s.kinds |= kind;
  recheck(node, s);
  if (t > s.last_seen) s.last_seen = t;
  const auto before = s.window.bytes();
  s.window.probe(f.dst, f.protocol == kUdp, f.dst_port.value, state, second, kMaxPortSlots,
                 2 * config_.max_hosts_per_source);
  memory_bytes_ = memory_bytes_ - before + s.window.bytes();
  if (memory_bytes_ > config_.max_memory_bytes) keep_memory_bounded(node);
  mark(node, s);
}

void ScanDetector::resolve(const util::IpAddress& source, bool udp, std::uint16_t port, ProbeState to,
                           std::uint8_t kind) {
  const auto node = table_.find_index(source);
  if (node == Table::kNone) return;
  Source& s = table_.value_at(node);
  if (!s.active) return;
  const bool changed = s.window.resolve(udp, port, to);
  if (changed) recheck(node, s);
  if (kind != 0 && (changed || to == ProbeState::Counted)) s.kinds |= kind;
  if (changed || kind != 0) mark(node, s);
}

ScanDetector::Judgement ScanDetector::verdict_of(const ScanCounts& c) const {
  Judgement j;
  j.ports = c.ports;
  j.hosts = c.hosts;
  j.rate = c.ports == 0 ? 0.0
                        : static_cast<double>(c.ports) / static_cast<double>(std::max<std::int64_t>(c.span_seconds, 1));
  if (j.ports > config_.likely_ports_above && j.rate > config_.likely_rate_above) {
    j.verdict = ScanVerdict::LikelyScanner;
  } else if (j.ports >= config_.suspicious_ports) {
    j.verdict = ScanVerdict::Suspicious;
  }
  return j;
}

void ScanDetector::judge(Source& s, std::uint32_t node, std::int64_t second, std::int64_t settle) {
  const auto counts = s.window.evaluate(second, settle);
  s.recheck = false;
  s.counting = counts.ports > 0 || counts.unsettled > 0;
  const auto j = verdict_of(counts);
  const bool moved = j.ports != s.current.ports || j.hosts != s.current.hosts || j.verdict != s.current.verdict;
  s.current = j;
  if (worse(j.verdict, j.ports, s.worst.verdict, s.worst.ports)) {
    s.worst = j;
    s.worst_target = s.window.top_target();
    mark(node, s);
  } else if (moved) {
    mark(node, s);
  }
}

void ScanDetector::go_idle(Source& s, std::uint32_t node) {
  memory_bytes_ -= s.window.bytes();
  s.window.release();
  s.active = false;
  s.recheck = false;
  s.counting = false;
  s.current = {};
  mark(node, s);
}

// Judges the sources that changed since the last sweep and, when a new second began (the
// window and the settle time move in whole seconds), those whose window still holds counted or
// settling probes: as old seconds leave, the rate over the rest can rise. Within a second only
// the changed sources are visited.
void ScanDetector::sweep(std::int64_t second, std::int64_t settle) {
  if (second > now_second_) now_second_ = second;
  const bool new_second = second != swept_second_ || settle != settle_seconds_;
  swept_second_ = second;
  if (!new_second) {
    for (const auto node : rechecks_) {
      if (!table_.live(node)) continue;
      Source& s = table_.value_at(node);
      if (s.active && s.recheck) judge(s, node, second, settle);
    }
    rechecks_.clear();
    return;
  }
  rechecks_.clear();
  bool forget = false;
  table_.for_each_indexed([&](std::uint32_t node, const util::IpAddress&, Source& s) {
    if (!s.active) return;
    if (s.recheck || s.counting) judge(s, node, second, settle);
    // Idle once its newest probe has left the window and can no longer settle.
    if (unix_second(s.last_seen) + window_seconds_ + settle_seconds_ < second) {
      go_idle(s, node);
      forget = forget || s.worst.ports < config_.report_ports;
    }
  });
  if (forget) {
    table_.erase_if(
        [&](const util::IpAddress&, const Source& s) { return !s.active && s.worst.ports < config_.report_ports; });
  }
}

void ScanDetector::advance(util::Timestamp now) { sweep(unix_second(now), settle_seconds_); }

void ScanDetector::conclude(util::Timestamp now) { sweep(std::max(unix_second(now), now_second_), 0); }

// Over the memory budget: the least recently active other source gives up its maps (its worst
// window is judged first, so what it did stays on record).
void ScanDetector::keep_memory_bounded(std::uint32_t current_node) {
  while (memory_bytes_ > config_.max_memory_bytes) {
    std::uint32_t victim = Table::kNone;
    util::Timestamp oldest = util::Timestamp::max();
    table_.for_each_indexed([&](std::uint32_t node, const util::IpAddress&, Source& s) {
      if (node == current_node || !s.active || s.window.bytes() == 0 || s.last_seen >= oldest) return;
      oldest = s.last_seen;
      victim = node;
    });
    if (victim == Table::kNone) return;  // only the current source is left; its own caps bound it
    Source& s = table_.value_at(victim);
    judge(s, victim, now_second_, settle_seconds_);
    go_idle(s, victim);
  }
}

ScanRow ScanDetector::row(const util::IpAddress& source, const Source& s) const {
  ScanRow r;
  r.source = source;
  r.distinct_ports = s.worst.ports;
  r.distinct_hosts = s.worst.hosts;
  r.rate = s.worst.rate;
  r.probes = s.probes;
  r.kinds = s.kinds;
  r.verdict = s.worst.verdict;
  r.top_target = s.worst_target;
  r.first_seen = s.first_seen;
  r.last_seen = s.last_seen;
  return r;
}

namespace {
void sort_worst_first(std::vector<ScanRow>::iterator begin, std::vector<ScanRow>::iterator end) {
  std::sort(begin, end, [](const ScanRow& a, const ScanRow& b) {
    if (a.verdict != b.verdict) return a.verdict > b.verdict;
    if (a.distinct_ports != b.distinct_ports) return a.distinct_ports > b.distinct_ports;
    return a.source < b.source;
  });
}
}  // namespace

void ScanDetector::export_rows(std::vector<ScanRow>& out) const {
  const auto start = static_cast<std::ptrdiff_t>(out.size());
  table_.for_each([&](const util::IpAddress& source, const Source& s) {
    if (s.worst.ports >= config_.report_ports) out.push_back(row(source, s));
  });
  sort_worst_first(out.begin() + start, out.end());
}

void ScanDetector::take_changed(std::vector<ScanRow>& out) {
  for (const auto node : changed_) {
    if (!table_.live(node)) continue;
    Source& s = table_.value_at(node);
    if (!s.dirty) continue;
    s.dirty = false;
    if (s.worst.ports >= config_.report_ports) out.push_back(row(table_.key_at(node), s));
  }
  changed_.clear();
}

std::optional<ScanRow> ScanDetector::activity(const util::IpAddress& source) const {
  const Source* s = table_.find(source);
  if (s == nullptr) return std::nullopt;
  return row(source, *s);
}

void ScanDetector::likely_scanners(std::vector<ScanRow>& out) const {
  const auto start = static_cast<std::ptrdiff_t>(out.size());
  table_.for_each([&](const util::IpAddress& source, const Source& s) {
    if (s.worst.verdict == ScanVerdict::LikelyScanner) out.push_back(row(source, s));
  });
  sort_worst_first(out.begin() + start, out.end());
}

}  // namespace pt::engine
