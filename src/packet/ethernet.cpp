// Ethernet II / IEEE 802.3 + LLC/SNAP, and the EtherType dispatch every link layer ends in:
// 802.1Q / 802.1ad VLAN tags, MPLS label stacks (with Ethernet pseudowires), PPPoE sessions,
// and the tag-style encapsulations of ethertype_tags.cpp.

#include <algorithm>
#include <cstdint>

#include "packet/decode_steps.hpp"

namespace pt::packet::detail {
namespace {

constexpr int kMaxVlanTags = 8;
constexpr int kMaxMplsLabels = 16;

}  // namespace

// RFC 3032: labels until the bottom-of-stack bit. The payload's first nibble names it
// (RFC 4928): 4 / 6 are IP; 0 is a pseudowire control word (RFC 4385) before an Ethernet
// frame (RFC 4448), which is how tshark reads it too.
void decode_mpls(util::ByteReader r, Packet& p) {
  p.link.mpls = true;
  for (int i = 0; i < kMaxMplsLabels; ++i) {
    const auto entry = r.be32();
    if (r.failed()) return note(p, DecodeStatus::Truncated);
    if ((entry & 0x100U) == 0) continue;
    const auto rest = r.rest();
    if (rest.empty()) return note(p, DecodeStatus::Truncated);
    switch (rest[0] >> 4U) {
      case 4:
      case 6: return decode_ip_by_version(r, p);
      case 0:
        r.skip(4);  // the control word
        if (r.failed()) return note(p, DecodeStatus::Truncated);
        return decode_inner_ethernet(r, p);
      default: p.network = Network::Other; return note(p, DecodeStatus::Unsupported);
    }
  }
  note(p, DecodeStatus::Malformed);  // no bottom of stack within any sane depth
}

namespace {

// RFC 2516 PPPoE session: version/type, code, session id, length, then a PPP protocol.
void decode_pppoe(util::ByteReader r, Packet& p) {
  p.link.pppoe = true;
  r.skip(4);
  const auto length = r.be16();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  // The length covers the PPP protocol field and payload; Ethernet padding is not payload.
  auto session = r.sub(std::min<std::size_t>(length, r.remaining()));
  const auto protocol = session.be16();
  if (session.failed()) return note(p, DecodeStatus::Truncated);
  decode_ppp_protocol(protocol, session, p);
}

}  // namespace

MacAddress read_mac(util::ByteReader& r) {
  MacAddress mac{};
  const auto b = r.bytes(6);
  std::copy(b.begin(), b.end(), mac.begin());
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

void decode_ethernet(util::ByteReader r, Packet& p) {
  p.link.present = true;
  p.link.is_ethernet = true;
  const auto h = r.fixed<14>();
  if (!h) return note(p, DecodeStatus::Truncated);
  const auto dst = h.bytes<0, 6>();
  const auto src = h.bytes<6, 6>();
  std::copy(dst.begin(), dst.end(), p.link.dst.begin());
  std::copy(src.begin(), src.end(), p.link.src.begin());
  const auto type_or_length = h.be16<12>();
  if (type_or_length < 1536) {  // IEEE 802.3 length field: an LLC header follows
    p.link.ethertype = 0;
    return decode_llc(r.sub(std::min<std::size_t>(type_or_length, r.remaining())), p);
  }
  decode_ethertype(type_or_length, r, p);
}

void decode_inner_ethernet(util::ByteReader r, Packet& p) {
  if (!enter_encapsulation(p)) return;
  decode_ethernet(r, p);
}

bool enter_encapsulation(Packet& p) {
  if (p.link.encapsulations >= kMaxEncapsulations) {
    note(p, DecodeStatus::Malformed);
    return false;
  }
  ++p.link.encapsulations;
  return true;
}

void decode_ethertype(std::uint16_t ethertype, util::ByteReader r, Packet& p) {
  for (int tags = 0; ethertype == ethertype::kVlan || ethertype == ethertype::kQinQ || ethertype == ethertype::kQinQOld;
       ++tags) {
    if (tags >= kMaxVlanTags) return note(p, DecodeStatus::Malformed);
    const auto tci = r.be16();
    ethertype = r.be16();
    if (r.failed()) return note(p, DecodeStatus::Truncated);
    if (p.link.vlan_count < p.link.vlan_ids.size()) p.link.vlan_ids[p.link.vlan_count] = tci & 0x0FFFU;
    if (p.link.vlan_count < 255) ++p.link.vlan_count;
  }
  p.link.ethertype = ethertype;
  switch (ethertype) {
    case ethertype::kIpv4: return decode_ipv4(r, p);
    case ethertype::kIpv6: return decode_ipv6(r, p);
    case ethertype::kArp:
    case ethertype::kRarp: return decode_arp(r, p);
    case ethertype::kMplsUnicast:
    case ethertype::kMplsMulticast: return enter_encapsulation(p) ? decode_mpls(r, p) : void();
    case ethertype::kPppoeSession: return enter_encapsulation(p) ? decode_pppoe(r, p) : void();
    default: break;
  }
  if (decode_ethertype_tag(ethertype, r, p)) return;
  p.network = Network::Other;
  note(p, DecodeStatus::Unsupported);
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

}  // namespace pt::packet::detail
