#pragma once
// The decoding steps decode() chains together, one per header family. Internal to the packet
// layer (tests use them to decode a header in isolation). Each step reads from a ByteReader
// positioned at its header and records faults through note().

#include <cstdint>

#include "packet/packet.hpp"
#include "util/byte_reader.hpp"

namespace pt::packet::detail {

// EtherTypes (IEEE registry) the decoder follows.
namespace ethertype {
inline constexpr std::uint16_t kIpv4 = 0x0800;
inline constexpr std::uint16_t kArp = 0x0806;
inline constexpr std::uint16_t kRarp = 0x8035;
inline constexpr std::uint16_t kVlan = 0x8100;
inline constexpr std::uint16_t kIpv6 = 0x86DD;
inline constexpr std::uint16_t kMplsUnicast = 0x8847;
inline constexpr std::uint16_t kMplsMulticast = 0x8848;
inline constexpr std::uint16_t kPppoeSession = 0x8864;
inline constexpr std::uint16_t kQinQ = 0x88A8;
inline constexpr std::uint16_t kMacsec = 0x88E5;
inline constexpr std::uint16_t kProviderBackbone = 0x88E7;
inline constexpr std::uint16_t kFabricPath = 0x8903;
inline constexpr std::uint16_t kVnTag = 0x8926;
inline constexpr std::uint16_t kNsh = 0x894F;
inline constexpr std::uint16_t kQinQOld = 0x9100;
inline constexpr std::uint16_t kArista = 0xD28B;
}  // namespace ethertype

// Nested link headers (MPLS, tags, inner Ethernet frames) followed before giving up, so a
// crafted frame cannot recurse without bound.
inline constexpr std::uint8_t kMaxEncapsulations = 8;

// Keeps the first fault: an outer header's problem explains the inner ones.
inline void note(Packet& p, DecodeStatus s) {
  if (p.status == DecodeStatus::Ok) p.status = s;
}

// Counts one more nested link header; false (and Malformed) past kMaxEncapsulations.
bool enter_encapsulation(Packet& p);
MacAddress read_mac(util::ByteReader& r);

// Link layers (link_layers.cpp, capture_headers.cpp, serial_links.cpp, wireless.cpp).
void decode_link(int link_type, util::ByteReader r, Packet& p);
void decode_linux_sll(util::ByteReader r, Packet& p);
void decode_linux_sll2(util::ByteReader r, Packet& p);
void decode_loopback(util::ByteReader r, Packet& p, bool big_endian);
void decode_nflog(util::ByteReader r, Packet& p);
void decode_ipnet(util::ByteReader r, Packet& p);
void decode_ppi(util::ByteReader r, Packet& p);
void decode_pktap(util::ByteReader r, Packet& p);
void decode_ppp(util::ByteReader r, Packet& p);
void decode_ppp_protocol(std::uint16_t protocol, util::ByteReader r, Packet& p);
void decode_cisco_hdlc(util::ByteReader r, Packet& p);
void decode_frame_relay(util::ByteReader r, Packet& p);
void decode_ieee80211(util::ByteReader r, Packet& p, bool has_fcs);
void decode_radiotap(util::ByteReader r, Packet& p);

// Ethernet and what an EtherType leads to (ethernet.cpp, ethertype_tags.cpp).
void decode_ethernet(util::ByteReader r, Packet& p);
// An Ethernet frame inside another encapsulation (pseudowire, FabricPath, PBB, NSH).
void decode_inner_ethernet(util::ByteReader r, Packet& p);
void decode_llc(util::ByteReader r, Packet& p);
// Dispatches on an EtherType (after any link header); VLAN, MPLS and PPPoE recurse here.
void decode_ethertype(std::uint16_t ethertype, util::ByteReader r, Packet& p);
// Tag-style encapsulations; false when the EtherType is not one of them.
bool decode_ethertype_tag(std::uint16_t ethertype, util::ByteReader r, Packet& p);
void decode_mpls(util::ByteReader r, Packet& p);
// Dispatches on the IP version nibble (raw IP, MPLS payloads).
void decode_ip_by_version(util::ByteReader r, Packet& p);

void decode_arp(util::ByteReader r, Packet& p);
void decode_ipv4(util::ByteReader r, Packet& p);
void decode_ipv6(util::ByteReader r, Packet& p);
// Called by the IP decoders for the first fragment's upper layer.
void decode_transport(std::uint8_t protocol, util::ByteReader r, Packet& p);
void decode_icmp(util::ByteReader r, Packet& p, bool v6);

}  // namespace pt::packet::detail
