// IPv4 (RFC 791): header with options, fragments (RFC 791 §3.2), and the upper layer of a first
// or unfragmented datagram. The packet is bounded by its total length, so Ethernet padding is
// never taken for payload.

#include <algorithm>

#include "packet/decode_steps.hpp"

namespace pt::packet::detail {
namespace {

// Upper layers whose header is mandatory: a datagram naming one but carrying no byte is wrong.
bool needs_header(std::uint8_t protocol) {
  switch (static_cast<util::IpProtocol>(protocol)) {
    case util::IpProtocol::Tcp:
    case util::IpProtocol::Udp:
    case util::IpProtocol::Icmp:
    case util::IpProtocol::Icmpv6: return true;
    default: return false;
  }
}

}  // namespace

void decode_ipv4(util::ByteReader r, Packet& p) {
  p.network = Network::Ipv4;
  const auto start = r.rest();
  const auto h = r.fixed<20>();
  if (!h) return note(p, DecodeStatus::Truncated);
  const auto version_ihl = h.u8<0>();
  const auto length_field = h.be16<2>();
  const auto flags_offset = h.be16<6>();
  const auto protocol = h.u8<9>();

  const auto version = version_ihl >> 4U;
  const auto header_length = static_cast<std::uint16_t>((version_ihl & 0x0FU) * 4U);
  // A zero total length is what a NIC doing TCP segmentation offload leaves in captures taken
  // on the sending host; the datagram is then everything captured (tshark reads it the same).
  const std::size_t total_length = length_field == 0 ? start.size() : length_field;
  if (version != 4 || header_length < 20 || total_length < header_length) {
    return note(p, DecodeStatus::Malformed);
  }
  auto& ip = p.ip;
  ip.present = true;
  ip.version = 4;
  ip.src.assign_v4(h.bytes<12, 4>());
  ip.dst.assign_v4(h.bytes<16, 4>());
  ip.ttl = h.u8<8>();
  ip.tos = h.u8<1>();
  ip.protocol = protocol;
  ip.header_length = header_length;
  ip.total_length = static_cast<std::uint32_t>(total_length);
  ip.identification = h.be16<4>();
  ip.has_options = header_length > 20;
  ip.more_fragments = (flags_offset & 0x2000U) != 0;
  ip.fragment_offset = static_cast<std::uint16_t>((flags_offset & 0x1FFFU) * 8U);
  ip.is_fragment = ip.more_fragments || ip.fragment_offset != 0;
  // The IP packet as captured: from the header to min(total length, captured bytes).
  ip.header = start.first(std::min(start.size(), total_length));

  if (!r.skip(header_length - 20U)) return note(p, DecodeStatus::Truncated);
  util::ByteReader payload{ip.header.subspan(std::min<std::size_t>(ip.header.size(), header_length))};
  if (ip.fragment_offset != 0) {
    p.payload = payload.rest();
    return;  // a later fragment carries no upper-layer header
  }
  if (total_length == header_length) {
    // The datagram ends with its header: there is no upper layer to read (or count).
    if (needs_header(protocol)) note(p, DecodeStatus::Malformed);
    return;
  }
  decode_transport(protocol, payload, p);
}

}  // namespace pt::packet::detail
