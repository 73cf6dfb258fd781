// ICMP (RFC 792) and ICMPv6 (RFC 4443). Error messages quote the offending datagram's IP header
// and at least the first 8 bytes of its payload; traceroute replies are matched through them.

#include "packet/decode_steps.hpp"

namespace pt::packet::detail {
namespace {

bool is_error(std::uint8_t type, bool v6) {
  if (v6) return type < 128;  // RFC 4443 §2.1: types 0-127 are errors
  switch (type) {
    case 3:   // destination unreachable
    case 4:   // source quench
    case 5:   // redirect
    case 11:  // time exceeded
    case 12:  // parameter problem
      return true;
    default: return false;
  }
}

bool is_echo(std::uint8_t type, bool v6) { return v6 ? (type == 128 || type == 129) : (type == 8 || type == 0); }

// The quoted datagram: parse its IP header and the start of its upper layer, without counting
// anything (it is data of the outer ICMP message, not a packet of its own).
void decode_quoted(util::ByteReader r, QuotedDatagram& q) {
  const auto first = r.rest();
  if (first.empty()) return;
  const auto version = first[0] >> 4U;
  std::uint8_t protocol = 0;
  if (version == 4) {
    const auto ihl = static_cast<std::size_t>(r.u8() & 0x0FU) * 4U;
    r.skip(3);
    q.ip_id = r.be16();
    r.skip(2);
    q.ttl = r.u8();
    protocol = r.u8();
    r.skip(2);
    const auto src = r.bytes(4);
    const auto dst = r.bytes(4);
    if (r.failed() || ihl < 20) return;
    r.skip(ihl - 20);
    q.src = util::IpAddress::v4(src.first<4>());
    q.dst = util::IpAddress::v4(dst.first<4>());
  } else if (version == 6) {
    r.skip(6);
    protocol = r.u8();
    q.ttl = r.u8();
    const auto src = r.bytes(16);
    const auto dst = r.bytes(16);
    if (r.failed()) return;
    q.src = util::IpAddress::v6(src.first<16>());
    q.dst = util::IpAddress::v6(dst.first<16>());
  } else {
    return;
  }
  q.present = true;
  q.protocol = protocol;
  // The fields are read from a copy: only a whole 8-byte quote fills them.
  auto l4 = r.sub(8);
  if (r.failed()) return;
  q.transport_complete = true;
  if (protocol == 6 || protocol == 17) {
    q.src_port = util::Port{l4.be16()};
    q.dst_port = util::Port{l4.be16()};
    if (protocol == 6) q.tcp_seq = l4.be32();
  } else if (protocol == 1 || protocol == 58) {
    q.icmp_type = l4.u8();
    l4.skip(3);
    q.icmp_id = l4.be16();
    q.icmp_seq = l4.be16();
  }
}

}  // namespace

void decode_icmp(util::ByteReader r, Packet& p, bool v6) {
  p.transport.kind = v6 ? Transport::Icmpv6 : Transport::Icmp;
  auto& icmp = p.icmp;
  icmp.v6 = v6;
  icmp.type = r.u8();
  icmp.code = r.u8();
  r.skip(2);  // checksum
  const auto rest_of_header = r.be32();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  icmp.present = true;
  p.transport.complete = true;
  if (is_echo(icmp.type, v6)) {
    icmp.identifier = static_cast<std::uint16_t>(rest_of_header >> 16U);
    icmp.sequence = static_cast<std::uint16_t>(rest_of_header & 0xFFFFU);
  }
  p.payload = r.rest();
  if (is_error(icmp.type, v6)) {
    icmp.is_error = true;
    decode_quoted(r, icmp.quoted);
  }
}

}  // namespace pt::packet::detail
