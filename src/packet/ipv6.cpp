// IPv6 (RFC 8200) with its extension headers: hop-by-hop, routing, fragment, destination
// options, AH (RFC 4302, length in 4-byte units), mobility, HIP, Shim6. Any other next header
// ends the chain and is taken as the upper layer, so unknown headers are never walked blindly.

#include <algorithm>

#include "packet/decode_steps.hpp"

namespace pt::packet::detail {
namespace {

constexpr int kMaxExtensionHeaders = 16;

bool is_extension_header(std::uint8_t next) {
  switch (static_cast<util::IpProtocol>(next)) {
    case util::IpProtocol::HopByHop:
    case util::IpProtocol::Routing:
    case util::IpProtocol::Fragment:
    case util::IpProtocol::DestOptions:
    case util::IpProtocol::Ah:
    case util::IpProtocol::Mobility:
    case util::IpProtocol::Hip:
    case util::IpProtocol::Shim6: return true;
    default: return false;
  }
}

}  // namespace

void decode_ipv6(util::ByteReader r, Packet& p) {
  p.network = Network::Ipv6;
  const auto start = r.rest();
  const auto word = r.be32();
  const auto payload_length = r.be16();
  auto next = r.u8();
  const auto hop_limit = r.u8();
  const auto src = r.bytes(16);
  const auto dst = r.bytes(16);
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  if ((word >> 28U) != 6) return note(p, DecodeStatus::Malformed);

  auto& ip = p.ip;
  ip.present = true;
  ip.version = 6;
  ip.src = util::IpAddress::v6(src.first<16>());
  ip.dst = util::IpAddress::v6(dst.first<16>());
  ip.ttl = hop_limit;
  ip.tos = static_cast<std::uint8_t>((word >> 20U) & 0xFFU);
  ip.flow_label = word & 0xFFFFFU;
  // A zero payload length with a hop-by-hop header is a jumbogram (RFC 2675): use what we have.
  const std::size_t total = payload_length == 0 ? start.size() : 40U + payload_length;
  ip.total_length = static_cast<std::uint32_t>(total);
  ip.header = start.first(std::min(start.size(), total));
  util::ByteReader body{ip.header.subspan(40)};

  for (int i = 0; is_extension_header(next); ++i) {
    if (i >= kMaxExtensionHeaders) return note(p, DecodeStatus::Malformed);
    const auto header_next = body.u8();
    const auto length_field = body.u8();
    if (body.failed()) {
      ip.protocol = next;
      ip.header_length = static_cast<std::uint16_t>(40U + body.offset());
      return note(p, DecodeStatus::Truncated);
    }
    std::size_t length = 0;
    if (next == static_cast<std::uint8_t>(util::IpProtocol::Fragment)) {
      const auto offset_flags = body.be16();
      const auto identification = body.be32();
      length = 8;
      ip.is_fragment = true;
      ip.more_fragments = (offset_flags & 0x1U) != 0;
      ip.fragment_offset = static_cast<std::uint16_t>(offset_flags & 0xFFF8U);
      ip.identification = identification;
      // An atomic fragment (offset 0, M=0, RFC 6946) is a whole datagram, not a fragment.
      if (ip.fragment_offset == 0 && !ip.more_fragments) ip.is_fragment = false;
    } else {
      length = next == static_cast<std::uint8_t>(util::IpProtocol::Ah) ? (length_field + 2U) * 4U
                                                                         : (length_field + 1U) * 8U;
      body.skip(length - 2U);
    }
    if (body.failed()) {
      ip.protocol = next;
      return note(p, DecodeStatus::Truncated);
    }
    ++ip.extension_headers;
    next = header_next;
  }
  ip.protocol = next;
  ip.header_length = static_cast<std::uint16_t>(40U + body.offset());
  if (ip.fragment_offset != 0) {
    p.payload = body.rest();
    return;
  }
  if (next == static_cast<std::uint8_t>(util::IpProtocol::NoNext)) return;
  decode_transport(next, body, p);
}

}  // namespace pt::packet::detail
