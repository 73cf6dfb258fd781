#include "engine/flow_key.hpp"

namespace pt::engine {
namespace {

// Echo request/reply pairs (RFC 792, RFC 4443) map to the request type.
std::uint8_t echo_request_type(const packet::IcmpInfo& icmp) {
  if (icmp.v6) return (icmp.type == 128 || icmp.type == 129) ? 128 : 0;
  return (icmp.type == 8 || icmp.type == 0) ? 8 : 0;
}

std::uint64_t mix(std::uint64_t h) {
  h ^= h >> 33U;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33U;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33U;
  return h;
}

}  // namespace

std::size_t FlowKey::hash() const {
  std::uint64_t h = low.hash();
  h = mix(h ^ (high.hash() * 31U));
  h = mix(h ^ (std::uint64_t{low_port} << 24U) ^ (std::uint64_t{high_port} << 8U) ^ protocol);
  return static_cast<std::size_t>(h);
}

bool make_flow_key(const packet::Packet& p, OrientedKey& out) {
  if (!p.ip.present || p.ip.fragment_offset != 0) return false;
  // A TCP/UDP header cut before its ports cannot be told apart from other connections.
  const bool ported = p.ip.protocol == static_cast<std::uint8_t>(util::IpProtocol::Tcp) ||
                      p.ip.protocol == static_cast<std::uint8_t>(util::IpProtocol::Udp);
  if (ported && !p.transport.ports_known) return false;
  std::uint16_t sport = 0;
  std::uint16_t dport = 0;
  bool symmetric = false;  // both directions carry the same pair (ICMP echo)
  out.src_port = 0;
  out.dst_port = 0;
  if (p.has_ports()) {
    sport = p.transport.src_port.value;
    dport = p.transport.dst_port.value;
    out.src_port = sport;
    out.dst_port = dport;
  } else if (p.icmp.present) {
    if (const auto request = echo_request_type(p.icmp); request != 0) {
      sport = request;
      dport = p.icmp.identifier;
      symmetric = true;
      out.src_port = request;
    } else {
      sport = p.icmp.type;
      dport = p.icmp.code;
      out.src_port = p.icmp.type;
      out.dst_port = p.icmp.code;
    }
  }
  const auto& src = p.ip.src;
  const auto& dst = p.ip.dst;
  const bool low = symmetric ? src <= dst : (src < dst || (src == dst && sport <= dport));
  out.key.protocol = p.ip.protocol;
  out.key.low = low ? src : dst;
  out.key.high = low ? dst : src;
  out.key.low_port = (low || symmetric) ? sport : dport;
  out.key.high_port = (low || symmetric) ? dport : sport;
  out.sender_is_low = low;
  out.symmetric = symmetric;
  return true;
}

}  // namespace pt::engine
