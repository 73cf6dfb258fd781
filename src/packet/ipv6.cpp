// IPv6 (RFC 8200) with its extension headers: hop-by-hop, routing, fragment, destination
// options, mobility (RFC 6275), HIP (RFC 7401) and Shim6 (RFC 5533), all of which share the
// next-header + length-in-8-byte-units layout. Any other next header ends the chain and is the
// upper layer, so unknown headers are never walked blindly. AH and ESP are upper layers here,
// as for IPv4 (tshark counts them so too).

#include <algorithm>

#include "packet/decode_steps.hpp"

namespace pt::packet::detail {
namespace {

bool is_extension_header(std::uint8_t next) {
  switch (static_cast<util::IpProtocol>(next)) {
    case util::IpProtocol::HopByHop:
    case util::IpProtocol::Routing:
    case util::IpProtocol::Fragment:
    case util::IpProtocol::DestOptions:
    case util::IpProtocol::Mobility:
    case util::IpProtocol::Hip:
    case util::IpProtocol::Shim6: return true;
    default: return false;
  }
}

bool has_options(std::uint8_t header) {
  return header == static_cast<std::uint8_t>(util::IpProtocol::HopByHop) ||
         header == static_cast<std::uint8_t>(util::IpProtocol::DestOptions);
}

// RFC 8200 §4.2: options are Pad1 (one zero byte) or type, length, data; none may run past the
// end of its header.
bool options_fit(util::ByteReader options) {
  while (options.remaining() > 0) {
    const auto type = options.u8();
    if (type == 0) continue;  // Pad1
    const auto length = options.u8();
    if (options.failed() || !options.skip(length)) return false;
  }
  return true;
}

// Reads one extension header at body; false (status noted) when the chain cannot go on.
bool read_extension(std::uint8_t header, util::ByteReader& body, std::uint8_t& next, Packet& p) {
  auto& ip = p.ip;
  const auto header_next = body.u8();
  const auto length_field = body.u8();
  if (body.failed()) {
    note(p, DecodeStatus::Truncated);
    return false;
  }
  if (header == static_cast<std::uint8_t>(util::IpProtocol::Fragment)) {
    const auto offset_flags = body.be16();
    const auto identification = body.be32();
    if (body.failed()) {
      note(p, DecodeStatus::Truncated);
      return false;
    }
    ip.more_fragments = (offset_flags & 0x1U) != 0;
    ip.fragment_offset = static_cast<std::uint16_t>(offset_flags & 0xFFF8U);
    ip.identification = identification;
    // An atomic fragment (offset 0, M=0, RFC 6946) is a whole datagram, not a fragment.
    ip.is_fragment = ip.fragment_offset != 0 || ip.more_fragments;
  } else {
    const auto data = body.sub((length_field + 1U) * 8U - 2U);
    if (body.failed()) {
      note(p, DecodeStatus::Truncated);
      return false;
    }
    if (has_options(header) && !options_fit(data)) {
      note(p, DecodeStatus::Malformed);
      return false;
    }
  }
  ++ip.extension_headers;
  next = header_next;
  return true;
}

}  // namespace

void decode_ipv6(util::ByteReader r, Packet& p) {
  const auto start = r.rest();
  // A header whose version is not 6 is not IPv6 at all (tshark does not count it either).
  if (!start.empty() && (start[0] >> 4U) != 6) {
    p.network = Network::Other;
    return note(p, DecodeStatus::Malformed);
  }
  p.network = Network::Ipv6;
  const auto h = r.fixed<40>();
  if (!h) return note(p, DecodeStatus::Truncated);
  const auto word = h.be32<0>();
  const auto payload_length = h.be16<4>();
  auto next = h.u8<6>();

  auto& ip = p.ip;
  ip.present = true;
  ip.version = 6;
  ip.src.assign_v6(h.bytes<8, 16>());
  ip.dst.assign_v6(h.bytes<24, 16>());
  ip.ttl = h.u8<7>();
  ip.tos = static_cast<std::uint8_t>((word >> 20U) & 0xFFU);
  ip.flow_label = word & 0xFFFFFU;
  // A zero payload length with a hop-by-hop header is a jumbogram (RFC 2675): use what we have.
  const std::size_t total = payload_length == 0 ? start.size() : 40U + payload_length;
  ip.total_length = static_cast<std::uint32_t>(total);
  ip.header = start.first(std::min(start.size(), total));
  util::ByteReader body{ip.header.subspan(40)};

  // Every header takes at least 8 bytes of a bounded packet, so the walk ends.
  while (is_extension_header(next)) {
    const auto header = next;
    if (!read_extension(header, body, next, p)) {
      ip.protocol = header;
      ip.header_length = static_cast<std::uint16_t>(std::min<std::size_t>(40U + body.offset(), 0xFFFFU));
      return;
    }
  }
  ip.protocol = next;
  ip.header_length = static_cast<std::uint16_t>(std::min<std::size_t>(40U + body.offset(), 0xFFFFU));
  if (ip.fragment_offset != 0) {
    p.payload = body.rest();
    return;
  }
  if (next == static_cast<std::uint8_t>(util::IpProtocol::NoNext)) return;
  decode_transport(next, body, p);
}

}  // namespace pt::packet::detail
