// Link-layer headers: Ethernet II / 802.3 + LLC/SNAP, 802.1Q/802.1ad VLAN tags, MPLS, PPPoE,
// Linux cooked capture v1/v2, BSD loopback (NULL/LOOP), raw IP, PPP, Cisco HDLC and NFLOG.

#include <algorithm>
#include <cstdint>

#include "packet/decode_steps.hpp"
#include "packet/link_type.hpp"

namespace pt::packet::detail {
namespace {

constexpr std::uint16_t kEtherIpv4 = 0x0800;
constexpr std::uint16_t kEtherArp = 0x0806;
constexpr std::uint16_t kEtherRarp = 0x8035;
constexpr std::uint16_t kEtherVlan = 0x8100;
constexpr std::uint16_t kEtherQinQ = 0x88A8;
constexpr std::uint16_t kEtherQinQOld = 0x9100;
constexpr std::uint16_t kEtherIpv6 = 0x86DD;
constexpr std::uint16_t kEtherMplsUnicast = 0x8847;
constexpr std::uint16_t kEtherMplsMulticast = 0x8848;
constexpr std::uint16_t kEtherPppoeSession = 0x8864;
constexpr int kMaxVlanTags = 8;
constexpr int kMaxMplsLabels = 16;

MacAddress read_mac(util::ByteReader& r) {
  MacAddress mac{};
  const auto b = r.bytes(6);
  for (std::size_t i = 0; i < b.size(); ++i) mac[i] = b[i];
  return mac;
}

// An 802.2 LLC header; only SNAP (AA AA 03 + OUI 000000) carries an EtherType we follow.
void decode_llc(util::ByteReader r, Packet& p) {
  const auto dsap = r.u8();
  const auto ssap = r.u8();
  const auto control = r.u8();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  if (dsap == 0xAA && ssap == 0xAA && control == 0x03) {
    r.skip(3);  // OUI
    const auto ethertype = r.be16();
    if (r.failed()) return note(p, DecodeStatus::Truncated);
    return decode_ethertype(ethertype, r, p);
  }
  p.network = Network::Other;
  note(p, DecodeStatus::Unsupported);
}

// RFC 3032: labels until the bottom-of-stack bit; the payload's first nibble names it.
void decode_mpls(util::ByteReader r, Packet& p) {
  p.link.mpls = true;
  for (int i = 0; i < kMaxMplsLabels; ++i) {
    const auto entry = r.be32();
    if (r.failed()) return note(p, DecodeStatus::Truncated);
    if ((entry & 0x100U) != 0) {
      const auto rest = r.rest();
      if (rest.empty()) return note(p, DecodeStatus::Truncated);
      const auto nibble = rest[0] >> 4U;
      if (nibble == 4 || nibble == 6) return decode_ip_by_version(r, p);
      p.network = Network::Other;
      return note(p, DecodeStatus::Unsupported);
    }
  }
  note(p, DecodeStatus::Malformed);
}

// PPP protocol numbers (RFC 1661/1332/5072) for the network layers we follow.
void decode_ppp_protocol(std::uint16_t protocol, util::ByteReader r, Packet& p) {
  switch (protocol) {
    case 0x0021: return decode_ipv4(r, p);
    case 0x0057: return decode_ipv6(r, p);
    default: p.network = Network::Other; return note(p, DecodeStatus::Unsupported);
  }
}

// RFC 2516 PPPoE session: version/type, code, session id, length, then a PPP protocol.
void decode_pppoe(util::ByteReader r, Packet& p) {
  p.link.pppoe = true;
  r.skip(4);
  const auto length = r.be16();
  const auto protocol = r.be16();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  (void)length;
  decode_ppp_protocol(protocol, r, p);
}

// PPP in HDLC-like framing (RFC 1662): optional FF 03, then a 1- or 2-byte protocol field.
void decode_ppp(util::ByteReader r, Packet& p) {
  const auto rest = r.rest();
  if (rest.size() >= 2 && rest[0] == 0xFF && rest[1] == 0x03) r.skip(2);
  auto protocol = static_cast<std::uint16_t>(r.u8());
  if ((protocol & 1U) == 0) protocol = static_cast<std::uint16_t>((protocol << 8U) | r.u8());
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  decode_ppp_protocol(protocol, r, p);
}

void decode_cisco_hdlc(util::ByteReader r, Packet& p) {
  r.skip(2);  // address, control
  const auto protocol = r.be16();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  decode_ethertype(protocol, r, p);
}

// BSD loopback: a 4-byte address family in the writer's byte order (NULL) or big-endian (LOOP).
// IPv6's AF value differs by OS (10 Linux, 24 NetBSD/OpenBSD, 28 FreeBSD, 30 Darwin).
void decode_loopback(util::ByteReader r, Packet& p, bool big_endian) {
  auto head = r;
  const auto le = head.le32();
  const auto be = r.be32();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  std::uint32_t family = big_endian ? be : le;
  if (!big_endian && le > 0xFFFF) family = be;  // written on a big-endian host
  switch (family) {
    case 2: return decode_ipv4(r, p);
    case 10:
    case 24:
    case 28:
    case 30: return decode_ipv6(r, p);
    default: p.network = Network::Other; return note(p, DecodeStatus::Unsupported);
  }
}

// Linux cooked capture v1: packet type, ARPHRD type, address length, 8 address bytes, protocol.
void decode_linux_sll(util::ByteReader r, Packet& p) {
  r.skip(2);
  const auto hatype = r.be16();
  r.skip(10);
  const auto protocol = r.be16();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  (void)hatype;
  if (protocol == 0x0004) return decode_llc(r, p);  // ETH_P_802_2
  decode_ethertype(protocol, r, p);
}

// Linux cooked capture v2: protocol first, then reserved, ifindex, ARPHRD, type, address.
void decode_linux_sll2(util::ByteReader r, Packet& p) {
  const auto protocol = r.be16();
  r.skip(18);
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  if (protocol == 0x0004) return decode_llc(r, p);
  decode_ethertype(protocol, r, p);
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
      p.network = Network::Other;
      return note(p, DecodeStatus::Unsupported);
    }
    const auto pad = (4U - (length % 4U)) % 4U;
    if (r.remaining() >= pad) r.skip(pad);
  }
  note(p, DecodeStatus::Truncated);
}

}  // namespace

void decode_ethernet(util::ByteReader r, Packet& p) {
  p.link.present = true;
  p.link.is_ethernet = true;
  p.link.dst = read_mac(r);
  p.link.src = read_mac(r);
  const auto type_or_length = r.be16();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  if (type_or_length < 1536) {  // IEEE 802.3 length field: an LLC header follows
    p.link.ethertype = 0;
    return decode_llc(r.sub(std::min<std::size_t>(type_or_length, r.remaining())), p);
  }
  decode_ethertype(type_or_length, r, p);
}

void decode_ethertype(std::uint16_t ethertype, util::ByteReader r, Packet& p) {
  for (int tags = 0; ethertype == kEtherVlan || ethertype == kEtherQinQ || ethertype == kEtherQinQOld; ++tags) {
    if (tags >= kMaxVlanTags) return note(p, DecodeStatus::Malformed);
    const auto tci = r.be16();
    ethertype = r.be16();
    if (r.failed()) return note(p, DecodeStatus::Truncated);
    if (p.link.vlan_count < p.link.vlan_ids.size()) p.link.vlan_ids[p.link.vlan_count] = tci & 0x0FFFU;
    if (p.link.vlan_count < 255) ++p.link.vlan_count;
  }
  p.link.ethertype = ethertype;
  switch (ethertype) {
    case kEtherIpv4: return decode_ipv4(r, p);
    case kEtherIpv6: return decode_ipv6(r, p);
    case kEtherArp:
    case kEtherRarp: return decode_arp(r, p);
    case kEtherMplsUnicast:
    case kEtherMplsMulticast: return decode_mpls(r, p);
    case kEtherPppoeSession: return decode_pppoe(r, p);
    default: p.network = Network::Other; return note(p, DecodeStatus::Unsupported);
  }
}

void decode_ip_by_version(util::ByteReader r, Packet& p) {
  const auto rest = r.rest();
  if (rest.empty()) return note(p, DecodeStatus::Truncated);
  switch (rest[0] >> 4U) {
    case 4: return decode_ipv4(r, p);
    case 6: return decode_ipv6(r, p);
    default: p.network = Network::Other; return note(p, DecodeStatus::Unsupported);
  }
}

void decode_link(int link_type, util::ByteReader r, Packet& p) {
  switch (static_cast<LinkType>(link_type)) {
    case LinkType::Ethernet: return decode_ethernet(r, p);
    case LinkType::LinuxSll: return decode_linux_sll(r, p);
    case LinkType::LinuxSll2: return decode_linux_sll2(r, p);
    case LinkType::Null: return decode_loopback(r, p, false);
    case LinkType::Loop: return decode_loopback(r, p, true);
    case LinkType::Raw:
    case LinkType::RawAlt: return decode_ip_by_version(r, p);
    case LinkType::Ipv4: return decode_ipv4(r, p);
    case LinkType::Ipv6: return decode_ipv6(r, p);
    case LinkType::Ppp:
    case LinkType::PppHdlc: return decode_ppp(r, p);
    case LinkType::CiscoHdlc: return decode_cisco_hdlc(r, p);
    case LinkType::Nflog: return decode_nflog(r, p);
    case LinkType::Ieee80211: return decode_ieee80211(r, p, false);
    case LinkType::Radiotap: return decode_radiotap(r, p);
  }
  note(p, DecodeStatus::Unsupported);
}

}  // namespace pt::packet::detail
