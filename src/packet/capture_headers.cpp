// Link "layers" that capture software prepends rather than a wire carries: Linux cooked capture
// v1/v2, BSD loopback (NULL/LOOP), NFLOG, Solaris IPNET, and the wrappers that name another
// link type for the frame inside them (PPI, Apple PKTAP).

#include <cstdint>

#include "packet/decode_steps.hpp"

namespace pt::packet::detail {
namespace {

constexpr std::uint16_t kLinuxEthP8022 = 0x0004;  // ETH_P_802_2: an LLC header follows
constexpr std::uint32_t kIeee8023MaxLength = 1500;
constexpr std::uint8_t kIpnetInet = 2;
constexpr std::uint8_t kIpnetInet6 = 26;  // Solaris AF_INET6

void unsupported(Packet& p) {
  p.network = Network::Other;
  note(p, DecodeStatus::Unsupported);
}

void decode_sll_protocol(std::uint16_t protocol, util::ByteReader r, Packet& p) {
  if (protocol == kLinuxEthP8022) return decode_llc(r, p);
  decode_ethertype(protocol, r, p);
}

// The BSD address family of a NULL/LOOP header, as tshark reads it: the 4 bytes in the
// reader's (little-endian) order, byte-swapped when the writer's order differs, and a 2-byte
// family in the high half (IRIX / UNICOS snoop) shifted down.
std::uint32_t loopback_family(std::span<const std::uint8_t> head) {
  util::ByteReader r{head};
  auto value = r.le32();
  const auto swap32 = [](std::uint32_t v) {
    return ((v & 0xFFU) << 24U) | ((v & 0xFF00U) << 8U) | ((v >> 8U) & 0xFF00U) | (v >> 24U);
  };
  if ((value & 0xFFFF0000U) != 0) {
    if ((value & 0xFF000000U) == 0 && (value & 0x00FF0000U) < 0x00060000U) return value >> 16U;
    return swap32(value);
  }
  if ((value & 0xFFU) == 0 && (value & 0xFF00U) < 0x0600U) value = (value >> 8U) & 0xFFU;
  return value;
}

// The BSD AF_ values (Linux never writes these headers, so its AF_INET6 of 10 is not one).
void decode_loopback_family(std::uint32_t family, util::ByteReader r, Packet& p) {
  switch (family) {
    case 2: return decode_ipv4(r, p);
    case 24:  // NetBSD, OpenBSD
    case 28:  // FreeBSD
    case 30:  // Darwin
      return decode_ipv6(r, p);
    default: return unsupported(p);
  }
}

}  // namespace

// Linux cooked capture v1: packet type, ARPHRD type, address length, 8 address bytes, protocol.
void decode_linux_sll(util::ByteReader r, Packet& p) {
  r.skip(14);
  const auto protocol = r.be16();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  decode_sll_protocol(protocol, r, p);
}

// Linux cooked capture v2: protocol first, then reserved, ifindex, ARPHRD, type, address.
void decode_linux_sll2(util::ByteReader r, Packet& p) {
  const auto protocol = r.be16();
  r.skip(18);
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  decode_sll_protocol(protocol, r, p);
}

// BSD loopback: a 4-byte address family (NULL: the writer's byte order; LOOP: big-endian).
// IPv6's value differs by OS. PPP in HDLC framing may appear instead (FF 03).
void decode_loopback(util::ByteReader r, Packet& p, bool big_endian) {
  const auto head = r.rest();
  if (!big_endian && head.size() >= 2 && head[0] == 0xFF && head[1] == 0x03) return decode_ppp(r, p);
  const auto be = r.be32();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  if (big_endian) return decode_loopback_family(be, r, p);
  const auto family = loopback_family(head);
  // A NULL value above the 802.3 maximum length is an EtherType (its low 16 bits).
  if (family > kIeee8023MaxLength) return decode_ethertype(static_cast<std::uint16_t>(family), r, p);
  decode_loopback_family(family, r, p);
}

// NFLOG (Linux netfilter log): family, version, resource id, then TLVs; NFULA_PAYLOAD (9) holds
// the IP packet. TLV lengths are host-order (little-endian on the captures we meet), padded to 4.
void decode_nflog(util::ByteReader r, Packet& p) {
  const auto family = r.u8();
  r.skip(3);
  while (!r.failed() && r.remaining() >= 4) {
    const auto length = r.le16();
    const auto type = r.le16();
    if (length < 4) return note(p, DecodeStatus::Malformed);
    auto value = r.sub(static_cast<std::size_t>(length - 4));
    if (r.failed()) return note(p, DecodeStatus::Truncated);
    if (type == 9) {
      if (family == 2) return decode_ipv4(value, p);
      if (family == 10) return decode_ipv6(value, p);
      return unsupported(p);
    }
    const auto pad = (4U - (length % 4U)) % 4U;
    if (r.remaining() >= pad) r.skip(pad);
  }
  note(p, DecodeStatus::Truncated);
}

// Solaris IPNET: version, family, hook type, packet length, ifindex, group ifindex, zones.
void decode_ipnet(util::ByteReader r, Packet& p) {
  r.skip(1);
  const auto family = r.u8();
  r.skip(22);
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  if (family == kIpnetInet) return decode_ipv4(r, p);
  if (family == kIpnetInet6) return decode_ipv6(r, p);
  unsupported(p);
}

// Per-Packet Information: version 0, flags, little-endian header length, the DLT of the frame
// that follows the header, then per-packet fields we skip.
void decode_ppi(util::ByteReader r, Packet& p) {
  auto header = r;
  const auto version = header.u8();
  header.skip(1);
  const auto length = header.le16();
  const auto dlt = header.le32();
  if (header.failed()) return note(p, DecodeStatus::Truncated);
  if (version != 0 || length < 8) return note(p, DecodeStatus::Malformed);
  if (!r.skip(length)) return note(p, DecodeStatus::Truncated);
  if (enter_encapsulation(p)) decode_link(static_cast<int>(dlt), r, p);
}

// Apple PKTAP: little-endian header length, then the DLT of the frame after the header.
void decode_pktap(util::ByteReader r, Packet& p) {
  auto header = r;
  const auto length = header.le32();
  const auto dlt = header.le32();
  if (header.failed()) return note(p, DecodeStatus::Truncated);
  if (length < 8) return note(p, DecodeStatus::Malformed);
  if (!r.skip(length)) return note(p, DecodeStatus::Truncated);
  if (enter_encapsulation(p)) decode_link(static_cast<int>(dlt), r, p);
}

}  // namespace pt::packet::detail
