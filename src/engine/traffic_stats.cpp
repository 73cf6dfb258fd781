#include "engine/traffic_stats.hpp"

#include <algorithm>
#include <bit>

#include "engine/lru_table.hpp"

namespace pt::engine {
namespace {

constexpr std::array<std::string_view, 6> kProtoNames{"tcp", "udp", "icmp", "icmpv6", "arp", "other"};
constexpr std::array<std::string_view, 3> kVersionNames{"ipv4", "ipv6", "non-ip"};

ThroughputSample sample(std::uint64_t packets, std::uint64_t bytes, double seconds) {
  if (seconds <= 0) return {};
  return {static_cast<double>(bytes) * 8.0 / seconds, static_cast<double>(packets) / seconds};
}

}  // namespace

// size_bucket() without its loop: the edges are 20·2^k, so the bucket is the bit width of
// length/20, capped at the last one.
std::size_t TrafficStats::plen_bucket(std::uint32_t wire_length) {
  return std::min<std::size_t>(static_cast<std::size_t>(std::bit_width(wire_length / 20U)), kSizeBuckets - 1);
}

TrafficStats::TrafficStats(TrafficStatsConfig config) : config_(config) {
  // Half full at most, so probes stay short.
  icmp_.resize(std::bit_ceil(std::max<std::size_t>(config_.icmp_kinds, 1) * 2));
}

// By the IP protocol number, so non-first fragments count with their protocol as tshark's
// protocol hierarchy does after reassembly; ARP by its EtherType.
TrafficStats::Proto TrafficStats::classify(const packet::Packet& p) {
  if (p.network == packet::Network::Arp) return Proto::Arp;
  if (!p.ip.present) return Proto::Other;
  switch (p.ip.protocol) {
    case 6: return Proto::Tcp;
    case 17: return Proto::Udp;
    case 1: return Proto::Icmp;
    case 58: return Proto::Icmpv6;
    default: return Proto::Other;
  }
}

void TrafficStats::record(const packet::Packet& p) {
  if (!seen_) {
    seen_ = true;
    first_ = p.timestamp;
  }
  if (p.timestamp > now_) now_ = p.timestamp;
  if (p.timestamp < first_) first_ = p.timestamp;
  const std::uint64_t bytes = p.wire_length;
  ++packets_;
  bytes_ += bytes;
  auto& proto = protocols_[static_cast<std::size_t>(classify(p))];
  ++proto.packets;
  proto.bytes += bytes;
  const std::size_t version = p.network == packet::Network::Ipv4 ? 0 : p.network == packet::Network::Ipv6 ? 1 : 2;
  ++versions_[version].packets;
  versions_[version].bytes += bytes;
  ++sizes_[plen_bucket(p.wire_length)];
  if (p.is_tcp() && p.transport.complete) ++by_flags_[p.transport.flags];
  if (p.icmp.present) count_icmp(p.icmp.v6, p.icmp.type, p.icmp.code);
  series_.add(second_of_(p.timestamp), Amount{1, bytes});
}

// Each flag counts on its own; SYN is split into connection requests (SYN alone) and answers
// (SYN+ACK), the two halves of the handshake (RFC 9293 §3.5). Derived at summary time from the
// per-flags-byte counts, so a packet costs one increment.
TcpFlagCounts TrafficStats::tcp_flags() const {
  using namespace packet::tcp_flag;
  TcpFlagCounts c;
  for (unsigned flags = 0; flags < by_flags_.size(); ++flags) {
    const auto n = by_flags_[flags];
    if (n == 0) continue;
    const bool syn = (flags & kSyn) != 0;
    const bool ack = (flags & kAck) != 0;
    if (syn && !ack) c.syn += n;
    if (syn && ack) c.syn_ack += n;
    if (ack) c.ack += n;
    if ((flags & kFin) != 0) c.fin += n;
    if ((flags & kRst) != 0) c.rst += n;
    if ((flags & kPsh) != 0) c.psh += n;
    if ((flags & kUrg) != 0) c.urg += n;
    if ((flags & kEce) != 0) c.ece += n;
    if ((flags & kCwr) != 0) c.cwr += n;
  }
  return c;
}

void TrafficStats::count_icmp(bool v6, std::uint8_t type, std::uint8_t code) {
  const std::uint32_t key =
      (1U << 24U) | (static_cast<std::uint32_t>(v6) << 16U) | (static_cast<std::uint32_t>(type) << 8U) | code;
  const std::size_t mask = icmp_.size() - 1;
  for (std::size_t i = mix_hash(key) & mask;; i = (i + 1) & mask) {
    auto& slot = icmp_[i];
    if (slot.key == key) {
      ++slot.packets;
      return;
    }
    if (slot.key != 0) continue;
    if (icmp_used_ >= config_.icmp_kinds) {
      ++untracked_icmp_;
      return;
    }
    slot.key = key;
    slot.packets = 1;
    ++icmp_used_;
    return;
  }
}

void TrafficStats::advance(util::Timestamp now) {
  if (now > now_) now_ = now;
}

void TrafficStats::fill_throughput(TrafficSummary& out) const {
  const auto newest = unix_second(now_) - 1;  // the newest complete second
  for (std::size_t i = 0; i < kSeriesSeconds; ++i) {
    const auto a = series_.at(newest - static_cast<std::int64_t>(kSeriesSeconds - 1 - i));
    out.throughput[i] = sample(a.packets, a.bytes, 1.0);
  }
  out.current = out.throughput[kSeriesSeconds - 1];
  // Over the capture so far, as capinfos computes its data rate (first packet to now).
  out.average = seen_ ? sample(packets_, bytes_, util::to_seconds(now_ - first_)) : ThroughputSample{};
}

void TrafficStats::summary(TrafficSummary& out) const {
  out.packets = packets_;
  out.bytes = bytes_;
  out.protocols.clear();
  for (std::size_t i = 0; i < kProtos; ++i) {
    if (protocols_[i].packets == 0) continue;
    out.protocols.push_back({kProtoNames[i], protocols_[i].packets, protocols_[i].bytes});
  }
  std::stable_sort(out.protocols.begin(), out.protocols.end(),
                   [](const ProtocolShare& a, const ProtocolShare& b) { return a.packets > b.packets; });
  out.ip_versions.clear();
  for (std::size_t i = 0; i < versions_.size(); ++i) {
    out.ip_versions.push_back({kVersionNames[i], versions_[i].packets, versions_[i].bytes});
  }
  out.sizes = sizes_;
  out.tcp_flags = tcp_flags();
  out.icmp_types.clear();
  for (const auto& slot : icmp_) {
    if (slot.key == 0) continue;
    out.icmp_types.push_back({((slot.key >> 16U) & 1U) != 0, static_cast<std::uint8_t>(slot.key >> 8U),
                              static_cast<std::uint8_t>(slot.key), slot.packets});
  }
  std::sort(out.icmp_types.begin(), out.icmp_types.end(), [](const IcmpTypeCount& a, const IcmpTypeCount& b) {
    if (a.packets != b.packets) return a.packets > b.packets;
    if (a.v6 != b.v6) return !a.v6;
    return a.type != b.type ? a.type < b.type : a.code < b.code;
  });
  fill_throughput(out);
}

TrafficSummary TrafficStats::summary() const {
  TrafficSummary out;
  summary(out);
  return out;
}

}  // namespace pt::engine
