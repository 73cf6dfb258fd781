// The link-layer dispatch on a DLT value, plus the older LAN link layers that carry IP: FDDI,
// Linux ARCNET (RFC 1051 / RFC 1201), IP over InfiniBand (RFC 4391), ATM CLIP, and Juniper's
// Ethernet capture header.

#include <cstdint>

#include "packet/decode_steps.hpp"
#include "packet/link_type.hpp"

namespace pt::packet::detail {
namespace {

// ARCNET system codes (tcpdump's arcnet.h). The RFC 1051 "old" types have no fragmentation
// header; RFC 1201 types add flag + sequence id.
constexpr std::uint8_t kArcIpOld = 0xF0;
constexpr std::uint8_t kArcArpOld = 0xF1;
constexpr std::uint8_t kArcDiagnose = 0x80;
constexpr std::uint8_t kArcIp = 0xD4;
constexpr std::uint8_t kArcArp = 0xD5;
constexpr std::uint8_t kArcRarp = 0xD6;
constexpr std::uint8_t kArcIpv6 = 0xC4;
constexpr std::size_t kIpoibHeaderLength = 44;
constexpr std::uint32_t kJuniperMagic = 0x4D4743;  // "MGC"
constexpr std::uint8_t kJuniperNoL2 = 0x02;
constexpr std::uint8_t kJuniperExtensions = 0x80;

// FDDI: frame control, destination and source MACs, then an LLC header.
void decode_fddi(util::ByteReader r, Packet& p) {
  r.skip(1);
  p.link.dst = read_mac(r);
  p.link.src = read_mac(r);
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  p.link.present = true;
  decode_llc(r, p);
}

// Linux ARCNET: source, destination, 2-byte offset, system code (+ flag, sequence id).
void decode_arcnet_linux(util::ByteReader r, Packet& p) {
  r.skip(4);
  const auto type = r.u8();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  const bool old_type = type == kArcIpOld || type == kArcArpOld || type == kArcDiagnose;
  if (!old_type && !r.skip(3)) return note(p, DecodeStatus::Truncated);
  switch (type) {
    case kArcIpOld:
    case kArcIp: return decode_ipv4(r, p);
    case kArcIpv6: return decode_ipv6(r, p);
    case kArcArpOld:
    case kArcArp:
    case kArcRarp: return decode_arp(r, p);
    default: p.network = Network::Other; return note(p, DecodeStatus::Unsupported);
  }
}

// IP over InfiniBand as libpcap stores it: 40 bytes of addresses, the EtherType, 2 reserved.
void decode_ipoib(util::ByteReader r, Packet& p) {
  auto header = r;
  header.skip(40);
  const auto type = header.be16();
  if (!r.skip(kIpoibHeaderLength) || header.failed()) return note(p, DecodeStatus::Truncated);
  decode_ethertype(type, r, p);
}

// Juniper's capture header (tcpdump print-juniper.c): "MGC", flags, optional TLV extensions
// behind a 2-byte length, then the Ethernet frame, or a 4-byte family and bare IP when the L2
// header was stripped.
void decode_juniper_ether(util::ByteReader r, Packet& p) {
  const auto magic = r.be24();
  const auto flags = r.u8();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  if (magic != kJuniperMagic) return note(p, DecodeStatus::Malformed);
  if ((flags & kJuniperExtensions) != 0) r.skip(r.be16());
  if ((flags & kJuniperNoL2) != 0) r.skip(4);
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  if ((flags & kJuniperNoL2) != 0) return decode_ip_by_version(r, p);
  decode_ethernet(r, p);
}

}  // namespace

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
    case LinkType::AtmClip: return decode_ipv4(r, p);  // Linux CLIP hands over bare IPv4
    case LinkType::Ppp:
    case LinkType::PppHdlc: return decode_ppp(r, p);
    case LinkType::CiscoHdlc: return decode_cisco_hdlc(r, p);
    case LinkType::FrameRelay: return decode_frame_relay(r, p);
    case LinkType::Nflog: return decode_nflog(r, p);
    case LinkType::Ipnet: return decode_ipnet(r, p);
    case LinkType::Ppi: return decode_ppi(r, p);
    case LinkType::Pktap:
    case LinkType::PktapDarwin: return decode_pktap(r, p);
    case LinkType::Fddi: return decode_fddi(r, p);
    case LinkType::ArcnetLinux: return decode_arcnet_linux(r, p);
    case LinkType::Ipoib: return decode_ipoib(r, p);
    case LinkType::JuniperEther: return decode_juniper_ether(r, p);
    case LinkType::Ieee80211: return decode_ieee80211(r, p, false);
    case LinkType::Radiotap: return decode_radiotap(r, p);
  }
  note(p, DecodeStatus::Unsupported);
}

}  // namespace pt::packet::detail
