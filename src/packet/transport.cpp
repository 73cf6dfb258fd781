// The upper layer of an IP datagram: TCP (RFC 9293), UDP (RFC 768), ICMP/ICMPv6, and the
// tunnels we recognize and count without decoding inside (GRE, IP-in-IP, VXLAN, GTP-U, Teredo).

#include <algorithm>

#include "packet/decode_steps.hpp"

namespace pt::packet::detail {
namespace {

constexpr std::uint16_t kVxlanPort = 4789;
constexpr std::uint16_t kGtpUserPort = 2152;
constexpr std::uint16_t kTeredoPort = 3544;

void decode_tcp(util::ByteReader r, Packet& p) {
  auto& t = p.transport;
  t.kind = Transport::Tcp;
  t.src_port = util::Port{r.be16()};
  t.dst_port = util::Port{r.be16()};
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  t.ports_known = true;
  t.seq = r.be32();
  t.ack = r.be32();
  const auto offset_byte = r.u8();
  t.flags = r.u8();
  t.window = r.be16();
  r.skip(4);  // checksum, urgent pointer
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  t.header_length = static_cast<std::uint8_t>((offset_byte >> 4U) * 4U);
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
  t.src_port = util::Port{r.be16()};
  t.dst_port = util::Port{r.be16()};
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  t.ports_known = true;
  t.udp_length = r.be16();
  r.skip(2);
  if (r.failed()) return note(p, DecodeStatus::Truncated);
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
