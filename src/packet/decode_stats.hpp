#pragma once
// Per-frame counters every consumer of decoded frames shares: outcomes, link types, the
// protocol layers present (counted the way tshark's frame.protocols would), tunnels.

#include <array>
#include <cstdint>
#include <span>
#include <utility>

#include "packet/packet.hpp"
#include "util/time.hpp"

namespace pt::packet {

struct ProtocolCounts {
  std::uint64_t ethernet = 0;
  std::uint64_t vlan = 0;
  std::uint64_t arp = 0;
  std::uint64_t ipv4 = 0;
  std::uint64_t ipv6 = 0;
  std::uint64_t tcp = 0;
  std::uint64_t udp = 0;
  std::uint64_t icmp = 0;
  std::uint64_t icmpv6 = 0;
  std::uint64_t other = 0;  // frames with no ARP/IPv4/IPv6 layer
};

struct TunnelCounts {
  std::uint64_t gre = 0;
  std::uint64_t ip_in_ip = 0;
  std::uint64_t vxlan = 0;
  std::uint64_t gtp_u = 0;
  std::uint64_t teredo = 0;
};

struct OutcomeCounts {
  std::uint64_t ok = 0;
  std::uint64_t truncated = 0;
  std::uint64_t malformed = 0;
  std::uint64_t unsupported = 0;
};

class DecodeStats {
 public:
  static constexpr std::size_t kMaxLinkTypes = 8;

  void record(const Packet& p);

  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;  // sum of on-wire lengths
  std::uint64_t fragments = 0;
  OutcomeCounts outcomes;
  ProtocolCounts protocols;
  TunnelCounts tunnels;
  util::Timestamp first_timestamp{};
  util::Timestamp last_timestamp{};

  // (DLT, packets) for each link type seen, in order of first appearance.
  [[nodiscard]] std::span<const std::pair<int, std::uint64_t>> link_types() const {
    return {link_types_.data(), link_type_count_};
  }

 private:
  std::array<std::pair<int, std::uint64_t>, kMaxLinkTypes> link_types_{};
  std::size_t link_type_count_ = 0;
};

}  // namespace pt::packet
