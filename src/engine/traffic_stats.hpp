#pragma once
// The spec's PacketAnalyzer: what the whole capture looks like, packet by packet. Protocol
// distribution (packets and on-wire bytes per tcp/udp/icmp/icmpv6/arp/other and per IP
// version), the packet-size histogram in tshark's plen buckets, TCP flag counts, ICMP/ICMPv6
// type/code counts, and throughput in 1 s buckets of packet time over the last 60 s.
// Fixed-size state: recording a packet never allocates.

#include <array>
#include <cstdint>
#include <vector>

#include "engine/flow_context.hpp"
#include "engine/rows.hpp"
#include "engine/second_series.hpp"
#include "packet/packet.hpp"
#include "util/time.hpp"

namespace pt::engine {

struct TrafficStatsConfig {
  // Distinct (family, type, code) ICMP combinations counted one by one; any further ones (only
  // crafted traffic has that many) are counted in untracked_icmp().
  std::size_t icmp_kinds = 256;
};

class TrafficStats {
 public:
  explicit TrafficStats(TrafficStatsConfig config = {});

  void record(const packet::Packet& p);
  void record(const packet::Packet& p, const FlowContext& /*unused*/) { record(p); }
  // Moves the clock to `now` (packet time): the series' newest complete second is the one
  // before now's.
  void advance(util::Timestamp now);

  void summary(TrafficSummary& out) const;
  [[nodiscard]] TrafficSummary summary() const;

  // Equal to size_bucket() for every length, without its loop.
  static std::size_t plen_bucket(std::uint32_t wire_length);

  [[nodiscard]] std::uint64_t packets() const { return packets_; }
  [[nodiscard]] std::uint64_t untracked_icmp() const { return untracked_icmp_; }

 private:
  enum class Proto : std::uint8_t { Tcp, Udp, Icmp, Icmpv6, Arp, Other };
  static constexpr std::size_t kProtos = 6;
  struct Share {
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
  };
  struct Amount {
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
    Amount& operator+=(const Amount& o) {
      packets += o.packets;
      bytes += o.bytes;
      return *this;
    }
  };
  struct IcmpSlot {
    std::uint32_t key = 0;  // 0: free; else 1 << 24 | v6 << 16 | type << 8 | code
    std::uint64_t packets = 0;
  };

  static Proto classify(const packet::Packet& p);
  [[nodiscard]] TcpFlagCounts tcp_flags() const;
  void count_icmp(bool v6, std::uint8_t type, std::uint8_t code);
  void fill_throughput(TrafficSummary& out) const;

  TrafficStatsConfig config_;
  std::uint64_t packets_ = 0;
  std::uint64_t bytes_ = 0;
  std::array<Share, kProtos> protocols_{};
  std::array<Share, 3> versions_{};  // ipv4, ipv6, non-ip
  std::array<std::uint64_t, kSizeBuckets> sizes_{};
  std::array<std::uint64_t, 256> by_flags_{};  // TCP packets per flags byte; named counts derived
  std::vector<IcmpSlot> icmp_;                 // open addressing, sized once
  std::size_t icmp_used_ = 0;
  std::uint64_t untracked_icmp_ = 0;
  SecondSeries<Amount, kSeriesSeconds + 1> series_;
  SecondClock second_of_;  // 60 complete seconds plus the current one
  util::Timestamp first_{};
  util::Timestamp now_{};
  bool seen_ = false;
};

}  // namespace pt::engine
