// The upper layer of an IP datagram: TCP (RFC 9293), UDP (RFC 768), ICMP/ICMPv6, and the
// tunnels we recognize and count without decoding inside (GRE, IP-in-IP, VXLAN, GTP-U, Teredo).

#include <algorithm>

#include "packet/decode_steps.hpp"

namespace pt::packet::detail {
namespace {

constexpr std::uint16_t kVxlanPort = 4789;
constexpr std::uint16_t kGtpUserPort = 2152;
constexpr std::uint16_t kTeredoPort = 3544;

// Ports of a header cut before its end: they still key the flow.
void read_ports_of_cut_header(util::ByteReader r, TransportInfo& t) {
  t.src_port = util::Port{r.be16()};
  t.dst_port = util::Port{r.be16()};
  t.ports_known = !r.failed();
}

void decode_tcp(util::ByteReader r, Packet& p) {
  auto& t = p.transport;
  t.kind = Transport::Tcp;
  const auto start = r;
  const auto h = r.fixed<20>();
  if (!h) {
    read_ports_of_cut_header(start, t);
    return note(p, DecodeStatus::Truncated);
  }
  t.src_port = util::Port{h.be16<0>()};
  t.dst_port = util::Port{h.be16<2>()};
  t.ports_known = true;
  t.seq = h.be32<4>();
  t.ack = h.be32<8>();
  t.flags = h.u8<13>();
  t.window = h.be16<14>();
  t.header_length = static_cast<std::uint8_t>((h.u8<12>() >> 4U) * 4U);
  t.complete = true;
  if (t.header_length < 20) return note(p, DecodeStatus::Malformed);
  if (!r.skip(t.header_length - 20U)) return note(p, DecodeStatus::Truncated);
  p.payload = r.rest();
}

Tunnel udp_tunnel(std::uint16_t a, std::uint16_t b) {
  if (a == kVxlanPort || b == kVxlanPort) return Tunnel::Vxlan;
  if (a == kGtpUserPort || b == kGtpUserPort) return Tunnel::GtpU;
  if (a == kTeredoPort || b == kTeredoPort) return Tunnel::Teredo;
  return Tunnel::None;
}

void decode_udp(util::ByteReader r, Packet& p) {
  auto& t = p.transport;
  t.kind = Transport::Udp;
  const auto start = r;
  const auto h = r.fixed<8>();
  if (!h) {
    read_ports_of_cut_header(start, t);
    return note(p, DecodeStatus::Truncated);
  }
  t.src_port = util::Port{h.be16<0>()};
  t.dst_port = util::Port{h.be16<2>()};
  t.ports_known = true;
  t.udp_length = h.be16<4>();
  t.complete = true;
  p.tunnel = udp_tunnel(t.src_port.value, t.dst_port.value);
  // A zero length is legal for IPv6 jumbograms; otherwise the length bounds the payload.
  if (t.udp_length != 0 && t.udp_length < 8) return note(p, DecodeStatus::Malformed);
  const auto rest = r.rest();
  p.payload = t.udp_length == 0 ? rest : rest.first(std::min<std::size_t>(rest.size(), t.udp_length - 8U));
}

}  // namespace

void decode_transport(std::uint8_t protocol, util::ByteReader r, Packet& p) {
  switch (static_cast<util::IpProtocol>(protocol)) {
    case util::IpProtocol::Tcp: return decode_tcp(r, p);
    case util::IpProtocol::Udp: return decode_udp(r, p);
    case util::IpProtocol::Icmp: return decode_icmp(r, p, false);
    case util::IpProtocol::Icmpv6: return decode_icmp(r, p, true);
    case util::IpProtocol::Gre: p.tunnel = Tunnel::Gre; break;
    case util::IpProtocol::IpInIp:
    case util::IpProtocol::Ipv6: p.tunnel = Tunnel::IpInIp; break;
    default: break;
  }
  p.transport.kind = Transport::Other;
  p.payload = r.rest();
}

}  // namespace pt::packet::detail
